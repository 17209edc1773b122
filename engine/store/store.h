#pragma once

#include "../api/object.h"
#include "../api/selector.h"
#include "../common/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace flotilla::engine::store {

struct WatchEvent {
    enum class Type : std::uint8_t { Added, Modified, Deleted, Bookmark };
    Type type = Type::Added;
    api::ObjectPtr object;
    std::int64_t resourceVersion = 0;
};

const char *typeName(WatchEvent::Type type);

/// Events are handed to a watcher in batches; the span is valid only during the call.
using WatchCallback = std::function<void(std::span<const WatchEvent>)>;
using WatchId = std::uint64_t;

struct WatchOptions {
    std::string kind;                ///< empty: every kind
    std::string ns;                  ///< empty: every namespace
    std::int64_t fromVersion = -1;   ///< -1: from now; otherwise every change after this version
    bool initialList = false;        ///< first an Added event for every existing object
};

/// A write waiting for the next group commit; `object` is null for a deletion.
struct PendingWrite {
    std::string kind;
    std::string key;
    api::ObjectPtr object;
};

/// Where the store's changes are made durable (SQLite in a sandbox, nothing in benchmarks).
class Persistence {
public:
    virtual ~Persistence() = default;
    /// Writes a group of changes atomically, with the store's version after them.
    virtual Status commit(std::span<const PendingWrite> writes, std::int64_t resourceVersion) = 0;
};

/// The source of truth, like etcd: versioned immutable objects, optimistic concurrency, watches
/// from a version, indexes by kind, namespace and node. Not thread-safe: it lives on the engine
/// thread. Changes reach watchers and persistence in groups, on flush().
class Store final {
public:
    /// `logCapacity`: how many recent changes are kept for watches that resume from a version (older
    /// versions answer Gone, as the API server's watch cache does); each entry keeps an object version alive.
    explicit Store(std::size_t logCapacity = 4096);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    void setClock(std::function<TimeMs()> now) { m_now = std::move(now); }
    void setPersistence(Persistence *persistence) { m_persistence = persistence; }
    /// Seeds the generator of uids and generated names (per sandbox, so uids never repeat).
    void setSalt(std::uint64_t salt) { m_salt = salt; }
    /// Asked before every create, as the API server's admission plugins are: an error refuses the object.
    using CreateCheck = std::function<Status(const api::Object &)>;
    void setCreateCheck(CreateCheck check) { m_createCheck = std::move(check); }

    /// Loads objects read back from persistence, without events; continues at `resourceVersion`.
    void restore(std::vector<api::MutableObjectPtr> objects, std::int64_t resourceVersion);

    /// Stores a new object: sets uid, resourceVersion, creationTimestamp, generation and, from
    /// generateName, the name. AlreadyExists if the key is taken.
    Result<api::ObjectPtr> create(api::MutableObjectPtr object);
    /// Replaces an object. Conflict when object's resourceVersion is set and is not the current one.
    /// Keeps uid and creationTimestamp; bumps generation when spec changed.
    Result<api::ObjectPtr> update(api::MutableObjectPtr object);
    /// Removes an object. Conflict when `precondition` is set and is not the current version.
    Result<api::ObjectPtr> remove(std::string_view kind, const std::string &ns, const std::string &name,
                                  std::int64_t precondition = 0);

    /// One object; `keep`: a cold one stays decoded afterwards (the engine's own reads, often followed by
    /// more), else it is decoded for the caller only (reads from outside, such as the API server's).
    api::ObjectPtr get(std::string_view kind, const std::string &ns, const std::string &name, bool keep = true) const;
    /// A page of list(): at most `limit` objects (0: all) after the key `after` ("ns/name"; empty: from the
    /// start). `more` tells whether objects are left after the page. Decodes only what it looks at, so
    /// paging through N objects costs N decodes in all, not N per page.
    std::vector<api::ObjectPtr> listPage(std::string_view kind, const std::string &ns, const api::LabelSelector *selector,
                                         const std::string &after, std::size_t limit, bool *more = nullptr) const;
    /// The same with any test of the objects (label and field selectors): `limit` counts those that pass.
    std::vector<api::ObjectPtr> listPage(std::string_view kind, const std::string &ns,
                                         const std::function<bool(const api::Object &)> &match, const std::string &after,
                                         std::size_t limit, bool *more = nullptr) const;
    /// A key of a page of keysPage(): "ns/name" and the object's resourceVersion. The key is the store's own
    /// and stays valid until the object is removed.
    struct KeyVersion {
        const std::string *key;
        std::int64_t version;
    };
    /// The same page as listPage() without a test, but only the keys and versions: nothing is decoded (for
    /// caches of what is derived from objects, such as the API server's Table rows).
    std::vector<KeyVersion> keysPage(std::string_view kind, const std::string &ns, const std::string &after,
                                     std::size_t limit, bool *more = nullptr) const;
    /// Objects of a kind, sorted by namespace and name; optionally one namespace, optionally a selector.
    std::vector<api::ObjectPtr> list(std::string_view kind, const std::string &ns = {},
                                     const api::LabelSelector *selector = nullptr) const;
    /// Pods bound to a node (the node index).
    std::vector<api::ObjectPtr> podsOnNode(const std::string &node) const;
    std::size_t count(std::string_view kind) const;
    std::size_t size() const;

    std::int64_t resourceVersion() const { return m_version; }
    /// The oldest version a watch may start from.
    std::int64_t oldestWatchableVersion() const;

    /// Starts a watch. Gone when fromVersion is older than the event log holds.
    Result<WatchId> watch(WatchOptions options, WatchCallback callback);
    void unwatch(WatchId id);
    std::size_t watcherCount() const { return m_watchers.size(); }

    /// Hands pending events to watchers and pending writes to persistence (one group commit).
    /// Returns the persistence error, if any; events are delivered regardless, and writes that
    /// could not be committed are kept and tried again on the next flush.
    Status flush();
    std::size_t pendingWrites() const { return m_pendingWrites.size(); }

    /// Objects of a kind kept decoded at most; the others are kept deflated (see Slot).
    void setHotLimit(std::size_t limit) { m_hotLimit = std::max<std::size_t>(limit, 16); }
    struct MemoryFigures {
        std::size_t objects = 0, hot = 0, cold = 0, coldBytes = 0;
        std::uint64_t frozen = 0, thawed = 0;  ///< objects deflated and decoded again since the store opened
    };
    MemoryFigures memoryFigures() const;

private:
    /// An object as the store keeps it: decoded (hot), or, when it has not been looked at for a while and
    /// the kind has more objects than the hot limit, as deflated JSON (cold) against a recent object of
    /// the same kind as the dictionary. A cold pod takes about 200 bytes instead of 10 KB decoded; reading
    /// it decodes it again. Objects are immutable snapshots, so a decoded copy is as good as the original.
    struct Cold {
        std::string bytes;
        std::shared_ptr<const std::string> dictionary;
    };
    struct Slot {
        mutable api::ObjectPtr hot;
        std::unique_ptr<Cold> cold;
        mutable bool touched = false;
        mutable std::size_t hotIndex = kNotHot; ///< position in KindTable::hotSlots while decoded
        std::int64_t version = 0;               ///< the object's resourceVersion, readable without decoding
    };
    static constexpr std::size_t kNotHot = std::size_t(-1);
    struct KindTable {
        std::map<std::string, Slot, std::less<>> objects; // "ns/name" -> object: namespaces are ranges
        /// The decoded slots (map nodes never move), so a sweep walks only these and not every object.
        mutable std::vector<const Slot *> hotSlots;
        std::size_t hand = 0; ///< where the next sweep for cold objects goes on in hotSlots
        TimeMs sweptAt = 0;
        bool sweeping = false; ///< a pass stopped at its budget: the next flush goes on with it
        std::shared_ptr<const std::string> dictionary;
        std::size_t frozenWithDictionary = 0;
    };
    class Codec;
    /// The object of a slot; `keep`: a cold one stays decoded (a point read is often followed by more).
    api::ObjectPtr load(const KindTable &table, const Slot &slot, bool keep) const;
    /// The slots of a page: in `ns` (empty: all), after the key `after` (empty: from the start).
    static std::pair<std::map<std::string, Slot, std::less<>>::const_iterator, std::map<std::string, Slot, std::less<>>::const_iterator>
    pageRange(const KindTable &table, const std::string &ns, const std::string &after);
    void setHot(KindTable &table, Slot &slot, api::ObjectPtr object);
    static void markHot(const KindTable &table, const Slot &slot);
    static void unmarkHot(const KindTable &table, const Slot &slot);
    void sweep(KindTable &table);
    struct Watcher {
        WatchId id = 0;
        WatchOptions options;
        WatchCallback callback;
        std::int64_t nextVersion = 0;
    };

    KindTable &table(std::string_view kind);
    const KindTable *findTable(std::string_view kind) const;
    std::int64_t record(WatchEvent::Type type, api::ObjectPtr object, const std::string &key);
    void indexNode(const api::Object *before, const api::Object *after, const std::string *key);
    std::string makeUid(std::int64_t serial) const;
    void trimLog();
    Status commitPending();
    static bool matches(const WatchOptions &options, const api::Object &object);

    std::unordered_map<std::string, KindTable> m_tables;
    std::unordered_map<std::string, std::unordered_set<const std::string *>> m_podsByNode; ///< node → keys in the Pod table
    std::unique_ptr<Codec> m_codec;
    std::size_t m_hotLimit = 2048;
    mutable std::uint64_t m_frozen = 0, m_thawed = 0;
    static constexpr TimeMs kSweepIntervalMs = 2000;
    /// Objects a sweep deflates per flush at most (a few milliseconds), so that a large pass never holds
    /// the engine thread for long: it goes on at the next flush.
    static constexpr std::size_t kSweepBudget = 128;
    std::int64_t m_version = 0;
    std::uint64_t m_salt = 0x5eed;
    std::function<TimeMs()> m_now;
    CreateCheck m_createCheck;
    Persistence *m_persistence = nullptr;
    std::vector<PendingWrite> m_pendingWrites;

    // The event log: m_log[i] has version m_logFirstVersion + (i - m_logStart).
    std::vector<WatchEvent> m_log;
    std::size_t m_logStart = 0;
    std::int64_t m_logFirstVersion = 1;
    std::size_t m_logCapacity;

    std::vector<Watcher> m_watchers;
    WatchId m_nextWatchId = 1;
    bool m_flushing = false;
};

} // namespace flotilla::engine::store
