#pragma once

#include "../api/object.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "syncqueue.h"

#include <map>
#include <set>
#include <string>

namespace flotilla::engine::cluster {

/// Runs Deployments as kube-controller-manager does: one ReplicaSet per pod template (named with the
/// template's hash, labelled pod-template-hash, annotated with its revision), rolling updates that keep
/// within maxSurge / maxUnavailable at every step, Recreate, pause, minReadySeconds, progress deadline,
/// revisionHistoryLimit; and rollback to an earlier revision. Deleting a Deployment's ReplicaSets with
/// it is the GarbageCollector's work.
class DeploymentController final {
public:
    DeploymentController(store::Store &store, sim::Simulation &sim, EventRecorder &events);
    ~DeploymentController();

    void resume();
    /// Puts the template of `revision` (0: the one before the current) back; the rollout follows.
    Result<api::ObjectPtr> rollback(const std::string &ns, const std::string &name, std::int64_t revision = 0);

    /// "pod-template-hash" of a template, as Kubernetes computes it (FNV-32a, safe-encoded).
    static std::string templateHash(const api::Json &podTemplate);

private:
    void onEvents(std::span<const store::WatchEvent> events);
    void enqueue(const std::string &key, TimeMs delay = 0);
    void sync(const std::string &key);
    std::vector<api::ObjectPtr> replicaSetsOf(const api::Object &deployment) const;
    void scale(const api::ObjectPtr &rs, std::int64_t replicas, const api::Object &deployment);

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    store::WatchId m_watch = 0;
    std::map<std::string, std::string> m_byUid; ///< deployment uid → namespace/name
    std::map<std::string, std::string> m_rsOwner; ///< ReplicaSet uid → its deployment's uid
    SyncQueue m_queue;
};

} // namespace flotilla::engine::cluster
