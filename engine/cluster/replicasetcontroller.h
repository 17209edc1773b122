#pragma once

#include "../api/object.h"
#include "../api/workloads.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "syncqueue.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace flotilla::engine::cluster {

/// Keeps each ReplicaSet's replicas alive as kube-controller-manager's ReplicaSet controller does: pods
/// from the template with an owner reference, orphans that match the selector adopted, extra pods deleted
/// (unscheduled, then pending, then not ready, then the newest first), status counted (ready, available
/// after minReadySeconds). Deleting a ReplicaSet's pods with it is the GarbageCollector's work.
class ReplicaSetController final {
public:
    using DeletePod = std::function<void(const std::string &ns, const std::string &name)>;
    ReplicaSetController(store::Store &store, sim::Simulation &sim, EventRecorder &events, DeletePod deletePod);
    ~ReplicaSetController();

    /// Looks at every ReplicaSet again (after a restart).
    void resume();
    /// Pods owned by a controller (by its uid), live ones only.
    std::vector<api::ObjectPtr> podsOf(const std::string &ownerUid) const;

private:
    void onEvents(std::span<const store::WatchEvent> events);
    void enqueue(const std::string &rsKey, TimeMs delay = 0);
    void sync(const std::string &rsKey);
    void createPod(const api::Object &rs, const api::ReplicaSetSpec &spec);

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    DeletePod m_deletePod;
    /// What a sync needs to know of a pod, kept up to date from the watch so that a sync never decodes
    /// its pods again (a ReplicaSet of 300 pods syncs hundreds of times while they start).
    struct PodFacts {
        TimeMs created = 0;
        std::optional<TimeMs> readySince;
        bool deleting = false;
        bool terminal = false; ///< Succeeded or Failed
        bool scheduled = false;
        bool running = false;
    };
    struct TrackedPod {
        const std::string *key = nullptr;   ///< key of m_pods
        const std::string *owner = nullptr; ///< key of m_podsByOwner
        PodFacts facts;
    };
    void track(const api::Object &pod);
    void untrack(const std::string &podKey);

    void noteOrphan(const api::Object &pod, bool gone);

    store::WatchId m_watch = 0;
    std::map<std::string, std::set<std::string>> m_orphans; ///< namespace → keys of live pods without a controller
    std::unordered_map<std::string, TrackedPod> m_pods;                                    ///< pod key → owner, facts
    std::unordered_map<std::string, std::unordered_set<TrackedPod *>> m_podsByOwner; ///< owner uid → its pods
    std::map<std::string, std::string> m_rsByUid;               ///< uid → namespace/name
    SyncQueue m_queue;
};

/// A controller's pod name suffix: five characters Kubernetes uses in generated names.
std::string randomSuffix(sim::Random &random, int length = 5);
/// "ReplicaSet" owner reference for `owner`.
api::OwnerReference controllerRef(const api::Object &owner);
/// The uid of an object's controller (its owner reference with controller: true), or "".
std::string controllerUid(const api::Object &object);
/// The pod is Ready; and since when.
std::optional<TimeMs> readySince(const api::Object &pod);

} // namespace flotilla::engine::cluster
