#pragma once

#include "../api/object.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "syncqueue.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_set>

namespace flotilla::engine::cluster {

/// How the dependents of a deleted object are treated (kubectl delete --cascade).
enum class Propagation {
    Background, ///< the owner goes at once, its dependents after it (Kubernetes' default)
    Orphan,     ///< the dependents stay, without their owner reference
};

/// Garbage collection along owner references and namespace deletion, as kube-controller-manager's
/// garbage collector and namespace controller do them.
///
/// When an object is deleted, every object whose owner references name it (by uid) is deleted too, of
/// any kind, pods gracefully; a dependent whose owners are all gone (e.g. while the sandbox was closed)
/// is collected, one with some owners left loses the references to the missing ones. Deleting a
/// Namespace makes it Terminating; its contents are deleted and the Namespace goes when the last of
/// them is gone. While a namespace is terminating, nothing new may be created in it (admit()).
class GarbageCollector final {
public:
    using DeletePod = std::function<void(const std::string &ns, const std::string &name)>;
    GarbageCollector(store::Store &store, sim::Simulation &sim, DeletePod deletePod);
    ~GarbageCollector();

    /// After a restart: collects dependents whose owners are gone and continues terminating namespaces.
    void resume();

    /// Removes an object's owner reference to `owner` from every dependent (orphan propagation); the
    /// caller deletes the owner afterwards.
    void orphanDependents(const api::Object &owner);
    /// Live dependents of an owner (by uid), any kind.
    std::vector<api::ObjectPtr> dependentsOf(const api::Object &owner) const;

    /// Starts deleting a namespace: Terminating at once, its contents deleted 15 s (simulated) later, then the
    /// namespace itself once they are gone.
    /// Forbidden for default, kube-system and kube-public, as in Kubernetes.
    Result<api::ObjectPtr> deleteNamespace(const std::string &name);
    bool isTerminating(const std::string &ns) const { return m_terminating.count(ns) != 0; }
    /// The namespace lifecycle's admission check for a new object: refused in a terminating namespace.
    Status admit(const api::Object &object) const;

private:
    void onEvents(std::span<const store::WatchEvent> events);
    /// Deletes the dependents of the given owner uids found among `candidates`' namespaces.
    void collect(const std::map<std::string, std::set<std::string>> &ownersByNamespace);
    void collectIfOrphaned(const api::ObjectPtr &object);
    bool ownerExists(const api::Object &dependent, const api::OwnerReference &ref) const;
    void deleteObject(const api::Object &object);
    void sweepNamespace(const std::string &name);

    store::Store &m_store;
    sim::Simulation &m_sim;
    DeletePod m_deletePod;
    store::WatchId m_watch = 0;
    /// uids named as owner by some object: only their deletion needs a look for dependents
    std::unordered_set<std::string> m_owners;
    /// terminating namespace → objects still in it after its last sweep
    std::map<std::string, std::int64_t> m_terminating;
    SyncQueue m_namespaceQueue;
};

} // namespace flotilla::engine::cluster
