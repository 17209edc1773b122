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
    explicit Store(std::size_t logCapacity = 100'000);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    void setClock(std::function<TimeMs()> now) { m_now = std::move(now); }
    void setPersistence(Persistence *persistence) { m_persistence = persistence; }
    /// Seeds the generator of uids and generated names (per sandbox, so uids never repeat).
    void setSalt(std::uint64_t salt) { m_salt = salt; }

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

    api::ObjectPtr get(std::string_view kind, const std::string &ns, const std::string &name) const;
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

private:
    struct KindTable {
        std::map<std::string, api::ObjectPtr, std::less<>> objects; // "ns/name" -> object: namespaces are ranges
    };
    struct Watcher {
        WatchId id = 0;
        WatchOptions options;
        WatchCallback callback;
        std::int64_t nextVersion = 0;
    };

    KindTable &table(std::string_view kind);
    const KindTable *findTable(std::string_view kind) const;
    std::int64_t record(WatchEvent::Type type, api::ObjectPtr object, const std::string &key);
    void indexNode(const api::Object *before, const api::Object *after, const std::string &key);
    std::string makeUid(std::int64_t serial) const;
    void trimLog();
    Status commitPending();
    static bool matches(const WatchOptions &options, const api::Object &object);

    std::unordered_map<std::string, KindTable> m_tables;
    std::unordered_map<std::string, std::unordered_set<std::string>> m_podsByNode;
    std::int64_t m_version = 0;
    std::uint64_t m_salt = 0x5eed;
    std::function<TimeMs()> m_now;
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
