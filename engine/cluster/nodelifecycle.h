#pragma once

#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "podlifecycle.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace flotilla::engine::cluster {

/// The node lifecycle as kube-controller-manager runs it, with the faults that exercise it: a failed node
/// stops heartbeating; after the grace period it is NotReady and tainted unreachable; its pods are evicted
/// when their toleration runs out (300 s by default) and their controllers replace them elsewhere. Also
/// cordon, uncordon and drain.
class NodeLifecycleController final {
public:
    static constexpr TimeMs kGracePeriod = 40'000;       ///< node-monitor-grace-period
    static constexpr TimeMs kDefaultToleration = 300'000; ///< DefaultTolerationSeconds for unreachable nodes

    NodeLifecycleController(store::Store &store, sim::Simulation &sim, EventRecorder &events, PodLifecycle &pods);

    /// The node's kubelet stops (power off): it goes NotReady after the grace period.
    Status failNode(const std::string &node);
    /// The node is cut off from the control plane (a network partition): its kubelet keeps running its
    /// containers but can no longer heartbeat or report, so to the cluster it looks like a failed node.
    Status partitionNode(const std::string &node);
    bool isPartitioned(const std::string &node) const { return m_partitioned.count(node) != 0; }
    /// Told when a node's containers stop running (failed) or run again (recovered, or cut off only).
    using ContainersListener = std::function<void(const std::string &node, bool containersRun)>;
    void setContainersListener(ContainersListener listener) { m_containersListener = std::move(listener); }
    /// The kubelet works again: Ready, untainted, terminations finish.
    Status recoverNode(const std::string &node);
    Status cordon(const std::string &node, bool unschedulable);
    /// Cordons and evicts every pod but the node's own system pods; returns how many were evicted.
    Result<int> drain(const std::string &node);

private:
    /// A failed or cut-off node: no more heartbeats, NotReady after the grace period. `containersStop`:
    /// its containers stop too (a failure), or keep running (a partition).
    Status stopHeartbeats(const std::string &node, const char *reason, const std::string &message, bool containersStop);

    void markUnreachable(const std::string &node);
    void markPodsNotReady(const std::string &node);
    void evict(const std::string &podKey, const std::string &uid, const std::string &node);
    Result<api::ObjectPtr> setReady(const std::string &node, bool ready);

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    PodLifecycle &m_pods;
    std::map<std::string, std::vector<sim::Simulation::TaskId>> m_tasks; ///< node → grace check and evictions
    std::set<std::string> m_partitioned;
    ContainersListener m_containersListener;
};

} // namespace flotilla::engine::cluster
