#include "store.h"

#include "../api/kinds.h"

#include "../common/log.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>

namespace flotilla::engine::store {

using api::MutableObjectPtr;
using api::Object;
using api::ObjectPtr;

namespace {
std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

Error notFound(std::string_view kind, const std::string &name)
{
    const auto *info = api::findKind(kind);
    const std::string plural = info ? std::string(info->plural) : std::string(kind);
    return Error::make(Error::Code::NotFound, plural + " \"" + name + "\" not found");
}

const std::string &podNode(const Object &o)
{
    static const std::string empty;
    const auto &spec = o.spec();
    if (!spec.is_object())
        return empty;
    const auto it = spec.find("nodeName");
    return it != spec.end() && it->is_string() ? it->get_ref<const std::string &>() : empty;
}
} // namespace

const char *typeName(WatchEvent::Type type)
{
    switch (type) {
    case WatchEvent::Type::Added: return "ADDED";
    case WatchEvent::Type::Modified: return "MODIFIED";
    case WatchEvent::Type::Deleted: return "DELETED";
    case WatchEvent::Type::Bookmark: return "BOOKMARK";
    }
    return "";
}

/// Deflates and inflates objects (raw deflate against a dictionary, with streams kept between calls).
class Store::Codec {
public:
    Codec()
    {
        m_ok = deflateInit2(&m_deflate, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK;
        m_ok = inflateInit2(&m_inflate, -15) == Z_OK && m_ok;
    }
    ~Codec()
    {
        deflateEnd(&m_deflate);
        inflateEnd(&m_inflate);
    }
    Codec(const Codec &) = delete;
    Codec &operator=(const Codec &) = delete;

    /// The object as deflated JSON; nullopt when zlib fails (the object then stays decoded).
    std::optional<std::string> freeze(const std::string &text, const std::string *dictionary)
    {
        if (!m_ok || deflateReset(&m_deflate) != Z_OK)
            return std::nullopt;
        if (dictionary && deflateSetDictionary(&m_deflate, reinterpret_cast<const Bytef *>(dictionary->data()),
                                               uInt(dictionary->size())) != Z_OK)
            return std::nullopt;
        std::string out(deflateBound(&m_deflate, uLong(text.size())), '\0');
        m_deflate.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(text.data()));
        m_deflate.avail_in = uInt(text.size());
        m_deflate.next_out = reinterpret_cast<Bytef *>(out.data());
        m_deflate.avail_out = uInt(out.size());
        if (deflate(&m_deflate, Z_FINISH) != Z_STREAM_END)
            return std::nullopt;
        out.resize(m_deflate.total_out);
        out.shrink_to_fit();
        return out;
    }

    std::optional<std::string> thaw(const Cold &cold)
    {
        if (!m_ok || inflateReset(&m_inflate) != Z_OK)
            return std::nullopt;
        if (cold.dictionary &&
            inflateSetDictionary(&m_inflate, reinterpret_cast<const Bytef *>(cold.dictionary->data()),
                                 uInt(cold.dictionary->size())) != Z_OK)
            return std::nullopt;
        std::string out;
        out.resize(std::max<std::size_t>(cold.bytes.size() * 8, 4096));
        m_inflate.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(cold.bytes.data()));
        m_inflate.avail_in = uInt(cold.bytes.size());
        while (true) {
            m_inflate.next_out = reinterpret_cast<Bytef *>(out.data() + m_inflate.total_out);
            m_inflate.avail_out = uInt(out.size() - m_inflate.total_out);
            const int rc = inflate(&m_inflate, Z_FINISH);
            if (rc == Z_STREAM_END)
                break;
            if (rc != Z_BUF_ERROR && rc != Z_OK)
                return std::nullopt;
            out.resize(out.size() * 2);
        }
        out.resize(m_inflate.total_out);
        return out;
    }

private:
    z_stream m_deflate{};
    z_stream m_inflate{};
    bool m_ok = false;
};

namespace {
/// The object as JSON text, written field by field: the same document as objectToJson(o).dump(), without
/// first copying the body into a new tree.
std::string frozenText(const api::Object &o)
{
    std::string text = "{\"apiVersion\":";
    text += api::Json(o.apiVersion).dump();
    text += ",\"kind\":";
    text += api::Json(o.kind).dump();
    text += ",\"metadata\":";
    text += api::metaToJson(o.metadata).dump();
    for (const auto &[k, v] : o.body.items()) {
        if (k == "apiVersion" || k == "kind" || k == "metadata")
            continue; // held by the typed fields (a body never carries them); each key once
        text += ',';
        text += api::Json(k).dump();
        text += ':';
        text += v.dump();
    }
    text += '}';
    return text;
}
} // namespace

Store::Store(std::size_t logCapacity)
    : m_codec(std::make_unique<Codec>()), m_logCapacity(std::max<std::size_t>(logCapacity, 16))
{
}
Store::~Store() = default;

ObjectPtr Store::load(const KindTable &table, const Slot &slot, bool keep) const
{
    slot.touched = true;
    if (slot.hot || !slot.cold)
        return slot.hot;
    ObjectPtr object;
    ++m_thawed;
    if (auto text = m_codec->thaw(*slot.cold)) {
        auto json = api::Json::parse(*text, nullptr, false);
        if (!json.is_discarded())
            if (auto decoded = api::objectFromJson(json); decoded.ok())
                object = std::move(decoded.value());
    }
    if (!object) {
        // Never expected: the bytes are the store's own. Said loudly rather than taken for "not found".
        log::error("store", "a stored object could not be decoded again");
        return nullptr;
    }
    if (keep) {
        slot.hot = object;
        markHot(table, slot);
    }
    return object;
}

void Store::markHot(const KindTable &table, const Slot &slot)
{
    if (slot.hotIndex != kNotHot)
        return;
    slot.hotIndex = table.hotSlots.size();
    table.hotSlots.push_back(&slot);
}

void Store::unmarkHot(const KindTable &table, const Slot &slot)
{
    if (slot.hotIndex == kNotHot)
        return;
    const Slot *last = table.hotSlots.back();
    table.hotSlots[slot.hotIndex] = last;
    last->hotIndex = slot.hotIndex;
    table.hotSlots.pop_back();
    slot.hotIndex = kNotHot;
}

void Store::setHot(KindTable &table, Slot &slot, ObjectPtr object)
{
    slot.version = object->metadata.resourceVersion;
    slot.hot = std::move(object);
    markHot(table, slot);
    slot.cold.reset();
    slot.touched = true;
}

void Store::sweep(KindTable &table)
{
    auto &hot = table.hotSlots;
    if (hot.size() <= m_hotLimit)
        return;
    // A clock sweep over the decoded slots, at most every few simulated seconds: an object read or
    // written since the last pass gets another round; the others are deflated (if not already) and their
    // decoded form let go, down to three quarters of the limit. Past twice the limit, recency no longer
    // protects anything.
    // A pass deflates at most kSweepBudget objects per flush and goes on at the next one, so that it never
    // holds the engine thread for long (a pass over thousands took ~70 ms and stalled every API read).
    const TimeMs now = m_now ? m_now() : 0;
    const bool overflowing = hot.size() > 2 * m_hotLimit;
    if (!overflowing && !table.sweeping && now - table.sweptAt < kSweepIntervalMs)
        return;
    if (!table.sweeping)
        table.sweptAt = now;
    const std::size_t target = m_hotLimit * 3 / 4;
    const std::size_t budget = (overflowing ? 2 : 1) * hot.size();
    std::size_t deflated = 0;
    table.sweeping = true;
    for (std::size_t visited = 0; hot.size() > target && visited < budget; ++visited) {
        if (deflated == kSweepBudget)
            return; // the rest at the next flush

        if (table.hand >= hot.size())
            table.hand = 0;
        const Slot &slot = *hot[table.hand];
        if (slot.touched) {
            slot.touched = false;
            ++table.hand;
            continue;
        }
        if (!slot.cold) {
            const std::string text = frozenText(*slot.hot);
            auto bytes = m_codec->freeze(text, table.dictionary.get());
            if (!bytes) {
                ++table.hand;
                continue;
            }
            ++m_frozen;
            const_cast<Slot &>(slot).cold = std::make_unique<Cold>(Cold{std::move(*bytes), table.dictionary});
            // A recent object of the kind is the best dictionary for the next ones (siblings share most text).
            if (!table.dictionary || ++table.frozenWithDictionary >= 1024) {
                table.dictionary = std::make_shared<const std::string>(text);
                table.frozenWithDictionary = 0;
            }
        }
        slot.hot.reset();
        unmarkHot(table, slot); // the last decoded slot moves to the hand: looked at next
        ++deflated;
    }
    table.sweeping = false;
}

Store::MemoryFigures Store::memoryFigures() const
{
    MemoryFigures f;
    f.frozen = m_frozen;
    f.thawed = m_thawed;
    for (const auto &[kind, t] : m_tables) {
        f.objects += t.objects.size();
        f.hot += t.hotSlots.size();
        for (const auto &[key, slot] : t.objects)
            if (!slot.hot && slot.cold) {
                ++f.cold;
                f.coldBytes += slot.cold->bytes.size();
            }
    }
    return f;
}

Store::KindTable &Store::table(std::string_view kind)
{
    auto it = m_tables.find(std::string(kind));
    if (it == m_tables.end())
        it = m_tables.emplace(std::string(kind), KindTable{}).first;
    return it->second;
}

const Store::KindTable *Store::findTable(std::string_view kind) const
{
    const auto it = m_tables.find(std::string(kind));
    return it == m_tables.end() ? nullptr : &it->second;
}

std::string Store::makeUid(std::int64_t serial) const
{
    const std::uint64_t a = splitmix64(m_salt ^ std::uint64_t(serial));
    const std::uint64_t b = splitmix64(a ^ 0x6a09e667f3bcc909ULL);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32), unsigned((a >> 16) & 0xffff),
                  unsigned(a & 0xfff), unsigned(0x8000 | ((b >> 48) & 0x3fff)),
                  (unsigned long long)(b & 0xffffffffffffULL));
    return buf;
}

void Store::restore(std::vector<MutableObjectPtr> objects, std::int64_t resourceVersion)
{
    for (auto &o : objects) {
        resourceVersion = std::max(resourceVersion, o->metadata.resourceVersion);
        const std::string key = o->key();
        ObjectPtr frozen = std::move(o);
        KindTable &t = table(frozen->kind);
        const auto it = t.objects.try_emplace(key).first;
        if (frozen->kind == api::kind::Pod)
            indexNode(nullptr, frozen.get(), &it->first);
        setHot(t, it->second, std::move(frozen));
    }
    m_version = resourceVersion;
    m_log.clear();
    m_logStart = 0;
    m_logFirstVersion = m_version + 1;
    for (auto &w : m_watchers)
        w.nextVersion = m_version + 1;
}

std::int64_t Store::record(WatchEvent::Type type, ObjectPtr object, const std::string &key)
{
    ++m_version;
    if (m_persistence)
        m_pendingWrites.push_back({object->kind, key, type == WatchEvent::Type::Deleted ? nullptr : object});
    m_log.push_back({type, std::move(object), m_version});
    return m_version;
}

void Store::indexNode(const Object *before, const Object *after, const std::string *key)
{
    const std::string &oldNode = before ? podNode(*before) : std::string();
    const std::string &newNode = after ? podNode(*after) : std::string();
    if (before && after && oldNode == newNode)
        return;
    if (before && !oldNode.empty()) {
        auto it = m_podsByNode.find(oldNode);
        if (it != m_podsByNode.end()) {
            it->second.erase(key);
            if (it->second.empty())
                m_podsByNode.erase(it);
        }
    }
    if (after && !newNode.empty())
        m_podsByNode[newNode].insert(key);
}

Result<ObjectPtr> Store::create(MutableObjectPtr object)
{
    auto &meta = object->metadata;
    if (meta.name.empty() && !meta.generateName.empty()) {
        static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
        std::uint64_t r = splitmix64(m_salt ^ std::uint64_t(m_version + 1) ^ 0xa5a5);
        meta.name = meta.generateName;
        for (int i = 0; i < 5; ++i, r /= 27)
            meta.name += alphabet[r % 27];
    }
    if (meta.name.empty())
        return Error::make(Error::Code::Invalid, "Required value: name or generateName is required", "metadata.name");
    if (m_createCheck)
        if (auto admitted = m_createCheck(*object); !admitted.ok())
            return admitted.error();
    std::string key = object->key();
    KindTable &t = table(object->kind);
    auto [it, inserted] = t.objects.try_emplace(key);
    if (!inserted) {
        const auto *info = api::findKind(object->kind);
        return Error::make(Error::Code::AlreadyExists, (info ? std::string(info->plural) : object->kind) + " \"" +
                                                           meta.name + "\" already exists");
    }
    const std::int64_t version = m_version + 1;
    meta.resourceVersion = version;
    meta.uid = makeUid(version);
    // Kubernetes keeps timestamps to the second; so does the wire form, so memory and disk agree.
    if (!meta.creationTimestamp && m_now)
        meta.creationTimestamp = m_now() / 1000 * 1000;
    meta.generation = 1;
    ObjectPtr frozen = std::move(object);
    setHot(t, it->second, frozen);
    if (frozen->kind == api::kind::Pod)
        indexNode(nullptr, frozen.get(), &it->first);
    record(WatchEvent::Type::Added, frozen, key);
    return frozen;
}

Result<ObjectPtr> Store::update(MutableObjectPtr object)
{
    const std::string key = object->key();
    const auto tit = m_tables.find(object->kind);
    if (tit == m_tables.end())
        return notFound(object->kind, object->metadata.name);
    auto it = tit->second.objects.find(key);
    if (it == tit->second.objects.end())
        return notFound(object->kind, object->metadata.name);
    const ObjectPtr old = load(tit->second, it->second, false);
    if (!old)
        return Error::make(Error::Code::Internal, "the stored object could not be read", key);
    auto &meta = object->metadata;
    if (meta.resourceVersion != 0 && meta.resourceVersion != old->metadata.resourceVersion) {
        const auto *info = api::findKind(object->kind);
        return Error::make(Error::Code::Conflict,
                           "Operation cannot be fulfilled on " + (info ? std::string(info->plural) : object->kind) +
                               " \"" + meta.name + "\": the object has been modified; please apply your changes "
                               "to the latest version and try again");
    }
    meta.uid = old->metadata.uid;
    meta.creationTimestamp = old->metadata.creationTimestamp;
    meta.generation = old->metadata.generation;
    if (object->spec() != old->spec())
        ++meta.generation;
    meta.resourceVersion = m_version + 1;
    ObjectPtr frozen = std::move(object);
    if (frozen->kind == api::kind::Pod)
        indexNode(old.get(), frozen.get(), &it->first);
    setHot(tit->second, it->second, frozen);
    record(WatchEvent::Type::Modified, frozen, key);
    return frozen;
}

Result<ObjectPtr> Store::remove(std::string_view kind, const std::string &ns, const std::string &name,
                                std::int64_t precondition)
{
    const auto tit = m_tables.find(std::string(kind));
    const std::string key = api::objectKey(ns, name);
    if (tit == m_tables.end())
        return notFound(kind, name);
    auto it = tit->second.objects.find(key);
    if (it == tit->second.objects.end())
        return notFound(kind, name);
    ObjectPtr old = load(tit->second, it->second, false);
    if (!old)
        return Error::make(Error::Code::Internal, "the stored object could not be read", key);
    if (precondition != 0 && precondition != old->metadata.resourceVersion)
        return Error::make(Error::Code::Conflict, "Operation cannot be fulfilled: precondition failed: "
                                                  "the object has been modified");
    if (old->kind == api::kind::Pod)
        indexNode(old.get(), nullptr, &it->first);
    unmarkHot(tit->second, it->second);
    tit->second.objects.erase(it);
    // A deletion event carries the last state with the version of the deletion, as Kubernetes does.
    auto tomb = std::make_shared<Object>(*old);
    tomb->metadata.resourceVersion = m_version + 1;
    record(WatchEvent::Type::Deleted, tomb, key);
    return ObjectPtr(std::move(tomb));
}

ObjectPtr Store::get(std::string_view kind, const std::string &ns, const std::string &name, bool keep) const
{
    const KindTable *t = findTable(kind);
    if (!t)
        return nullptr;
    const auto it = t->objects.find(api::objectKey(ns, name));
    return it == t->objects.end() ? nullptr : load(*t, it->second, keep);
}

std::vector<ObjectPtr> Store::listPage(std::string_view kind, const std::string &ns, const api::LabelSelector *selector,
                                       const std::string &after, std::size_t limit, bool *more) const
{
    if (!selector)
        return listPage(kind, ns, std::function<bool(const Object &)>(), after, limit, more);
    return listPage(kind, ns, [selector](const Object &o) { return selector->matches(o.metadata.labels); }, after, limit, more);
}

std::vector<ObjectPtr> Store::listPage(std::string_view kind, const std::string &ns,
                                       const std::function<bool(const Object &)> &match, const std::string &after,
                                       std::size_t limit, bool *more) const
{
    std::vector<ObjectPtr> out;
    if (more)
        *more = false;
    const KindTable *t = findTable(kind);
    if (!t)
        return out;
    const auto [begin, end] = pageRange(*t, ns, after);
    for (auto it = begin; it != end; ++it) {
        auto o = load(*t, it->second, false);
        if (!o || (match && !match(*o)))
            continue;
        if (limit && out.size() == limit) {
            if (more)
                *more = true;
            break;
        }
        out.push_back(std::move(o));
    }
    return out;
}

std::pair<std::map<std::string, Store::Slot, std::less<>>::const_iterator, std::map<std::string, Store::Slot, std::less<>>::const_iterator>
Store::pageRange(const KindTable &t, const std::string &ns, const std::string &after)
{
    auto begin = t.objects.begin();
    auto end = t.objects.end();
    if (!ns.empty()) {
        begin = t.objects.lower_bound(ns + "/");
        end = t.objects.lower_bound(ns + char('/' + 1));
    }
    if (!after.empty()) {
        // the page starts after `after`, and never before the namespace's range nor past its end
        const auto from = t.objects.upper_bound(after);
        if (from == t.objects.end())
            begin = end = from;
        else if (begin == t.objects.end() || from->first > begin->first)
            begin = from;
        if (begin != end && end != t.objects.end() && begin->first >= end->first)
            begin = end;
    }
    return {begin, end};
}

std::vector<Store::KeyVersion> Store::keysPage(std::string_view kind, const std::string &ns, const std::string &after,
                                               std::size_t limit, bool *more) const
{
    std::vector<KeyVersion> out;
    if (more)
        *more = false;
    const KindTable *t = findTable(kind);
    if (!t)
        return out;
    const auto [begin, end] = pageRange(*t, ns, after);
    for (auto it = begin; it != end; ++it) {
        if (limit && out.size() == limit) {
            if (more)
                *more = true;
            break;
        }
        out.push_back({&it->first, it->second.version});
    }
    return out;
}

std::vector<ObjectPtr> Store::list(std::string_view kind, const std::string &ns, const api::LabelSelector *selector) const
{
    // Cold objects are decoded for the caller only: a list of everything must not make everything hot.
    return listPage(kind, ns, selector, {}, 0);
}

std::vector<ObjectPtr> Store::podsOnNode(const std::string &node) const
{
    std::vector<ObjectPtr> out;
    const auto it = m_podsByNode.find(node);
    const KindTable *t = findTable(api::kind::Pod);
    if (it == m_podsByNode.end() || !t)
        return out;
    out.reserve(it->second.size());
    for (const std::string *key : it->second)
        if (auto o = t->objects.find(*key); o != t->objects.end())
            if (auto object = load(*t, o->second, true))
                out.push_back(std::move(object));
    std::sort(out.begin(), out.end(), [](const ObjectPtr &a, const ObjectPtr &b) { return a->key() < b->key(); });
    return out;
}

std::size_t Store::count(std::string_view kind) const
{
    const KindTable *t = findTable(kind);
    return t ? t->objects.size() : 0;
}

std::size_t Store::size() const
{
    std::size_t n = 0;
    for (const auto &[k, t] : m_tables)
        n += t.objects.size();
    return n;
}

std::int64_t Store::oldestWatchableVersion() const { return m_logFirstVersion - 1; }

bool Store::matches(const WatchOptions &options, const Object &object)
{
    return (options.kind.empty() || options.kind == object.kind) && (options.ns.empty() || options.ns == object.metadata.ns);
}

Result<WatchId> Store::watch(WatchOptions options, WatchCallback callback)
{
    Watcher w;
    w.id = m_nextWatchId++;
    if (options.initialList || options.fromVersion < 0) {
        w.nextVersion = m_version + 1;
    } else {
        if (options.fromVersion < oldestWatchableVersion())
            return Error::make(Error::Code::Gone, "too old resource version: " + std::to_string(options.fromVersion) +
                                                      " (" + std::to_string(oldestWatchableVersion()) + ")");
        w.nextVersion = std::min(options.fromVersion, m_version) + 1;
    }
    if (options.initialList) {
        std::vector<WatchEvent> initial;
        auto addTable = [&](const KindTable &t) {
            for (const auto &[key, slot] : t.objects)
                if (auto obj = load(t, slot, false); obj && matches(options, *obj))
                    initial.push_back({WatchEvent::Type::Added, obj, obj->metadata.resourceVersion});
        };
        if (!options.kind.empty()) {
            if (const KindTable *t = findTable(options.kind))
                addTable(*t);
        } else {
            for (const auto &[kind, t] : m_tables)
                addTable(t);
        }
        if (!initial.empty())
            callback(initial);
    }
    w.options = std::move(options);
    w.callback = std::move(callback);
    m_watchers.push_back(std::move(w));
    return m_watchers.back().id;
}

void Store::unwatch(WatchId id)
{
    std::erase_if(m_watchers, [id](const Watcher &w) { return w.id == id; });
}

Status Store::commitPending()
{
    if (!m_persistence || m_pendingWrites.empty())
        return {};
    Status status = m_persistence->commit(m_pendingWrites, m_version);
    // On failure the writes stay pending and go again with the next flush: nothing is dropped.
    if (status.ok())
        m_pendingWrites.clear();
    return status;
}

Status Store::flush()
{
    Status status = commitPending();
    if (m_flushing)
        return status; // a watcher wrote during delivery: the outer flush delivers it
    struct FlushingGuard {
        bool &flag;
        explicit FlushingGuard(bool &f) : flag(f) { flag = true; }
        ~FlushingGuard() { flag = false; }
    } guard(m_flushing);
    std::vector<WatchEvent> batch;
    std::vector<WatchEvent> filtered;
    // Deliver until quiet: watchers may write while handling events (bounded for safety). Each round
    // copies the pending range once, so that a watcher's writes cannot move what others are reading.
    for (int round = 0; round < 64; ++round) {
        std::int64_t from = m_version + 1;
        for (const auto &w : m_watchers)
            from = std::min(from, w.nextVersion);
        const std::int64_t to = m_version;
        if (from > to)
            break;
        const std::size_t first = m_logStart + std::size_t(from - m_logFirstVersion);
        batch.assign(m_log.begin() + std::ptrdiff_t(first), m_log.begin() + std::ptrdiff_t(first + std::size_t(to - from + 1)));
        const std::size_t watcherCount = m_watchers.size();
        for (std::size_t wi = 0; wi < watcherCount && wi < m_watchers.size(); ++wi) {
            Watcher &w = m_watchers[wi];
            if (w.nextVersion > to)
                continue;
            const std::span<const WatchEvent> pending(batch.data() + (w.nextVersion - from), std::size_t(to - w.nextVersion + 1));
            w.nextVersion = to + 1;
            // Copy the callback: it may unwatch itself or add watchers while it runs.
            WatchCallback cb = w.callback;
            if (w.options.kind.empty() && w.options.ns.empty()) {
                cb(pending);
            } else {
                filtered.clear();
                for (const auto &ev : pending)
                    if (matches(w.options, *ev.object))
                        filtered.push_back(ev);
                if (!filtered.empty())
                    cb(filtered);
            }
        }
    }
    if (auto s = commitPending(); !s.ok() && status.ok())
        status = s;
    trimLog();
    // Events are kept decoded: their number is bounded by the event recorder, and they are mostly
    // read once and removed, which a cold copy would only make dearer.
    for (auto &[kind, t] : m_tables)
        if (kind != api::kind::Event)
            sweep(t);
    return status;
}

void Store::trimLog()
{
    const std::size_t live = m_log.size() - m_logStart;
    if (live <= m_logCapacity)
        return;
    std::size_t drop = live - m_logCapacity;
    // Never drop what a watcher has not yet received.
    for (const auto &w : m_watchers)
        drop = std::min<std::size_t>(drop, std::size_t(std::max<std::int64_t>(0, w.nextVersion - m_logFirstVersion)));
    m_logStart += drop;
    m_logFirstVersion += std::int64_t(drop);
    for (std::size_t i = m_logStart - drop; i < m_logStart; ++i)
        m_log[i].object.reset();
    if (m_logStart > 4096 && m_logStart * 2 > m_log.size()) {
        m_log.erase(m_log.begin(), m_log.begin() + std::ptrdiff_t(m_logStart));
        m_logStart = 0;
    }
}

} // namespace flotilla::engine::store
