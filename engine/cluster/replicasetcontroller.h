#pragma once

#include "../api/object.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "syncqueue.h"

#include <functional>
#include <map>
#include <set>
#include <string>

namespace flotilla::engine::cluster {

/// Keeps each ReplicaSet's replicas alive as kube-controller-manager's ReplicaSet controller does: pods
/// from the template with an owner reference, orphans that match the selector adopted, extra pods deleted
/// (unscheduled, then pending, then not ready, then the newest first), status counted (ready, available
/// after minReadySeconds). Deleting a ReplicaSet deletes its pods (background propagation).
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
    void createPod(const api::Object &rs);

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    DeletePod m_deletePod;
    store::WatchId m_watch = 0;
    std::map<std::string, std::set<std::string>> m_podsByOwner; ///< owner uid → pod keys
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
