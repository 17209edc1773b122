#pragma once

#include "../api/object.h"
#include "../cluster/eventrecorder.h"
#include "../cluster/syncqueue.h"
#include "../cluster/traffic.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "reconcile.h"
#include "rolloutspec.h"

#include <map>
#include <memory>
#include <string>

namespace flotilla::engine::rollout {

/// Runs Rollouts (flotilla.dev/v1alpha1) in the sandbox, as Argo Rollouts does on a cluster but with
/// plain objects: every version is a Deployment named `<rollout>-<template hash>` whose pods carry
/// `rollouts.flotilla.dev/revision`. The first version becomes stable at once; a new template starts
/// the strategy:
/// - canary: the steps in order. setWeight scales the canary Deployment to its share of the replicas
///   (at least one) and gives it exactly that share of the stable Service's requests (the sandbox's
///   service proxy splits by weight, not by pod count); pause waits for its duration or for promote;
///   analysis measures the canary's traffic and aborts the rollout when it fails. After the last step
///   the canary takes all the traffic and replicas and becomes stable; the old version goes.
/// - abort (by analysis, by the progress deadline, or by hand) sends every request back to stable and
///   scales the canary to zero; the rollout is Degraded until retried or given a new template.
/// Its state lives in the Rollout's status, so a restart resumes where it stood. The same seed and the
/// same inputs give the same steps at the same simulated times.
class RolloutController final {
public:
    RolloutController(store::Store &store, sim::Simulation &sim, cluster::EventRecorder &events, cluster::Traffic &traffic);
    ~RolloutController();

    /// Looks at every Rollout again (after a restart).
    void resume();

    using Action = RolloutAction;
    /// What a user asks of a running rollout (the Rollout view's buttons).
    Status act(const std::string &ns, const std::string &name, Action action);

    static constexpr TimeMs kResyncPeriod = kRolloutResyncPeriod;

private:
    struct State {
        std::int64_t generation = -1;
        RolloutMemo memo;
    };
    class StoreWorld;

    void onRollouts(std::span<const store::WatchEvent> events);
    void onDeployments(std::span<const store::WatchEvent> events);
    void schedule(const std::string &key, TimeMs delay);
    void sync(const std::string &key);

    store::Store &m_store;
    sim::Simulation &m_sim;
    store::WatchId m_rolloutWatch = 0, m_deploymentWatch = 0;
    std::map<std::string, State> m_states; ///< by "namespace/name"
    cluster::KeyedTimers m_timers;
    std::unique_ptr<StoreWorld> m_world;
};

} // namespace flotilla::engine::rollout
