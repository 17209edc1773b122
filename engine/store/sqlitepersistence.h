#pragma once

#include "store.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace flotilla::engine::store {

/// A store's durable copy in one SQLite file (WAL journal): one row per object, as JSON, plus a
/// small key/value table for the version counter and the sandbox's own state.
class SqlitePersistence final : public Persistence {
public:
    struct Loaded {
        std::vector<api::MutableObjectPtr> objects;
        std::int64_t resourceVersion = 0;
        std::map<std::string, std::string> meta;
        std::vector<std::string> skipped; ///< rows that could not be decoded, with the reason
    };

    /// Opens or creates the file. A file that is not a database, or fails its integrity check, is
    /// moved aside (its new path is in the error's message) and an Error::Code::Corrupt comes back;
    /// the caller may then open again to start afresh.
    static Result<std::unique_ptr<SqlitePersistence>> open(const std::string &path);
    ~SqlitePersistence() override;

    Result<Loaded> load();
    Status commit(std::span<const PendingWrite> writes, std::int64_t resourceVersion) override;
    /// Kept until the next commit, and written in its transaction.
    void setMeta(const std::string &key, const std::string &value);
    Status flushMeta();
    const std::string &path() const { return m_path; }

private:
    SqlitePersistence() = default;
    Status exec(const char *sql);
    Error sqlError(const std::string &what) const;

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_upsert = nullptr;
    sqlite3_stmt *m_delete = nullptr;
    sqlite3_stmt *m_meta = nullptr;
    std::string m_path;
    std::map<std::string, std::string> m_pendingMeta;
};

} // namespace flotilla::engine::store
