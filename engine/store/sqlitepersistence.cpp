#include "sqlitepersistence.h"

#include "../common/log.h"

#include <sqlite3.h>

#include <chrono>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace flotilla::engine::store {

namespace fs = std::filesystem;

namespace {
Error moveAside(const std::string &path, const std::string &reason, const char *label = "corrupt")
{
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string aside = path + "." + label + "-" + std::to_string(stamp);
    std::error_code ec;
    fs::rename(path, aside, ec);
    for (const char *suffix : {"-wal", "-shm"}) {
        std::error_code ignored;
        if (fs::exists(path + suffix, ignored))
            fs::rename(path + suffix, aside + suffix, ignored);
    }
    Error e;
    e.code = Error::Code::Corrupt;
    e.file = path;
    if (ec)
        e.message = reason + "; it could not be moved aside (" + ec.message() + "), so it was left untouched";
    else
        e.message = reason + "; it was moved aside to " + aside + " and a new sandbox state was started";
    return e;
}
} // namespace

Error SqlitePersistence::sqlError(const std::string &what) const
{
    Error e = Error::make(Error::Code::Io, what + ": " + (m_db ? sqlite3_errmsg(m_db) : "no database"));
    e.file = m_path;
    return e;
}

Status SqlitePersistence::exec(const char *sql)
{
    char *msg = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        Error e = Error::make(Error::Code::Io, std::string(msg ? msg : "error") + " in: " + sql);
        e.file = m_path;
        sqlite3_free(msg);
        return e;
    }
    return {};
}

Result<std::unique_ptr<SqlitePersistence>> SqlitePersistence::open(const std::string &path)
{
    std::unique_ptr<SqlitePersistence> p(new SqlitePersistence);
    p->m_path = path;
    std::error_code ec;
    const bool existed = fs::exists(path, ec);
    if (existed) {
        // A state file that cannot be read at all (no permission, not a file) is set aside like a
        // damaged one: reported, kept, and a new state started.
        std::error_code typeError;
        const bool regular = fs::is_regular_file(path, typeError);
        FILE *f = regular ? std::fopen(path.c_str(), "rb") : nullptr;
        if (!f)
            return moveAside(path, "the sandbox state cannot be read (" +
                                       std::string(regular ? std::strerror(errno) : "not a regular file") + ")",
                             "unreadable");
        std::fclose(f);
    }
    if (sqlite3_open_v2(path.c_str(), &p->m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        Error e = p->sqlError("cannot open the sandbox state");
        return e;
    }
    // Short: the engine thread waits this long at most; writes that could not go are retried on the next flush.
    sqlite3_busy_timeout(p->m_db, 200);
    if (existed) {
        // Only a verdict of the integrity check, or SQLite saying the file is not a (sound) database,
        // counts as damage; being busy, out of memory or unable to read is reported as it is.
        sqlite3_stmt *check = nullptr;
        std::string verdict;
        int rc = sqlite3_prepare_v2(p->m_db, "PRAGMA quick_check", -1, &check, nullptr);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(check);
        if (rc == SQLITE_ROW)
            verdict = reinterpret_cast<const char *>(sqlite3_column_text(check, 0));
        const std::string message = sqlite3_errmsg(p->m_db);
        sqlite3_finalize(check);
        const int primary = rc & 0xff;
        if (rc != SQLITE_ROW && primary != SQLITE_CORRUPT && primary != SQLITE_NOTADB) {
            Error e = Error::make(Error::Code::Io, "cannot check the sandbox state: " + message);
            e.file = path;
            return e;
        }
        if (rc != SQLITE_ROW)
            verdict = message;
        if (verdict != "ok") {
            sqlite3_close(p->m_db);
            p->m_db = nullptr;
            return moveAside(path, "the sandbox state is damaged (" + verdict + ")");
        }
    }
    for (const char *sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                            "CREATE TABLE IF NOT EXISTS objects (kind TEXT NOT NULL, key TEXT NOT NULL, "
                            "rv INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID",
                            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"}) {
        if (auto s = p->exec(sql); !s.ok()) {
            sqlite3_close(p->m_db);
            p->m_db = nullptr;
            if (existed)
                return moveAside(path, "the sandbox state is not a Flotilla database (" + s.error().message + ")");
            return s.error();
        }
    }
    if (sqlite3_prepare_v2(p->m_db, "INSERT OR REPLACE INTO objects (kind, key, rv, json) VALUES (?1, ?2, ?3, ?4)",
                           -1, &p->m_upsert, nullptr) != SQLITE_OK
        || sqlite3_prepare_v2(p->m_db, "DELETE FROM objects WHERE kind = ?1 AND key = ?2", -1, &p->m_delete, nullptr)
               != SQLITE_OK
        || sqlite3_prepare_v2(p->m_db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", -1, &p->m_meta,
                              nullptr) != SQLITE_OK)
        return p->sqlError("cannot prepare statements");
    return p;
}

SqlitePersistence::~SqlitePersistence()
{
    if (!m_pendingMeta.empty())
        (void)flushMeta();
    sqlite3_finalize(m_upsert);
    sqlite3_finalize(m_delete);
    sqlite3_finalize(m_meta);
    if (m_db)
        sqlite3_close(m_db);
}

Result<SqlitePersistence::Loaded> SqlitePersistence::load()
{
    Loaded loaded;
    sqlite3_stmt *st = nullptr;
    if (sqlite3_prepare_v2(m_db, "SELECT key, value FROM meta", -1, &st, nullptr) != SQLITE_OK)
        return sqlError("cannot read meta");
    while (sqlite3_step(st) == SQLITE_ROW)
        loaded.meta[reinterpret_cast<const char *>(sqlite3_column_text(st, 0))] =
            reinterpret_cast<const char *>(sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (auto it = loaded.meta.find("resourceVersion"); it != loaded.meta.end())
        loaded.resourceVersion = std::strtoll(it->second.c_str(), nullptr, 10); // rows carry their own versions too

    if (sqlite3_prepare_v2(m_db, "SELECT kind, key, rv, json FROM objects ORDER BY kind, key", -1, &st, nullptr)
        != SQLITE_OK)
        return sqlError("cannot read objects");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = reinterpret_cast<const char *>(sqlite3_column_text(st, 0));
        const char *key = reinterpret_cast<const char *>(sqlite3_column_text(st, 1));
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(st, 3));
        const int len = sqlite3_column_bytes(st, 3);
        auto json = api::Json::parse(text, text + len, nullptr, false);
        auto obj = json.is_discarded() ? Result<api::MutableObjectPtr>(Error::make(Error::Code::Corrupt, "not JSON"))
                                       : api::objectFromJson(json);
        if (!obj.ok()) {
            loaded.skipped.push_back(std::string(kind) + " " + key + ": " + obj.error().toString());
            continue;
        }
        loaded.resourceVersion = std::max(loaded.resourceVersion, obj.value()->metadata.resourceVersion);
        loaded.objects.push_back(std::move(obj.value()));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sqlError("cannot read objects");
    return loaded;
}

void SqlitePersistence::setMeta(const std::string &key, const std::string &value) { m_pendingMeta[key] = value; }

Status SqlitePersistence::flushMeta() { return commit({}, -1); }

Status SqlitePersistence::commit(std::span<const PendingWrite> writes, std::int64_t resourceVersion)
{
    if (auto s = exec("BEGIN"); !s.ok())
        return s;
    auto fail = [&](const std::string &what) -> Status {
        Error e = sqlError(what);
        (void)exec("ROLLBACK");
        return e;
    };
    std::string text;
    for (const auto &w : writes) {
        if (w.object) {
            text = api::objectToJson(*w.object).dump();
            sqlite3_bind_text(m_upsert, 1, w.kind.data(), int(w.kind.size()), SQLITE_STATIC);
            sqlite3_bind_text(m_upsert, 2, w.key.data(), int(w.key.size()), SQLITE_STATIC);
            sqlite3_bind_int64(m_upsert, 3, w.object->metadata.resourceVersion);
            sqlite3_bind_text(m_upsert, 4, text.data(), int(text.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(m_upsert);
            sqlite3_reset(m_upsert);
            if (rc != SQLITE_DONE)
                return fail("cannot write " + w.kind + " " + w.key);
        } else {
            sqlite3_bind_text(m_delete, 1, w.kind.data(), int(w.kind.size()), SQLITE_STATIC);
            sqlite3_bind_text(m_delete, 2, w.key.data(), int(w.key.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(m_delete);
            sqlite3_reset(m_delete);
            if (rc != SQLITE_DONE)
                return fail("cannot delete " + w.kind + " " + w.key);
        }
    }
    if (resourceVersion >= 0)
        m_pendingMeta["resourceVersion"] = std::to_string(resourceVersion);
    for (const auto &[k, v] : m_pendingMeta) {
        sqlite3_bind_text(m_meta, 1, k.data(), int(k.size()), SQLITE_STATIC);
        sqlite3_bind_text(m_meta, 2, v.data(), int(v.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(m_meta);
        sqlite3_reset(m_meta);
        if (rc != SQLITE_DONE)
            return fail("cannot write meta " + k);
    }
    if (auto s = exec("COMMIT"); !s.ok()) {
        (void)exec("ROLLBACK");
        return s;
    }
    m_pendingMeta.clear();
    return {};
}

} // namespace flotilla::engine::store
