#pragma once

#include "../api/types.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "scheduler.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

namespace flotilla::engine::cluster {

/// The pod lifecycle: a Pod without a node goes to the Scheduler (filters and scores, its decision kept
/// on the pod for the UI); the node's kubelet pulls the image (a duration that grows with the image's
/// size), creates and starts the containers; deletion goes through Terminating for a short, simulated
/// stop. Every step writes status and Events as Kubernetes does.
class PodLifecycle final {
public:
    /// What the container runtime adds to the kubelet (probes, resource use, logs, configuration,
    /// failing pulls): the lifecycle asks and tells it at a few points. Every method has a neutral default.
    class RuntimeHooks {
    public:
        virtual ~RuntimeHooks() = default;
        /// Non-empty: why pulling `image` fails now.
        virtual std::string pullError(const std::string &) { return {}; }
        /// A pull failed: the runtime reports it (ErrImagePull, ImagePullBackOff) and calls `retry` after its back-off.
        virtual void pullFailed(const api::Object &, const std::string &, const std::string &, std::function<void()>) {}
        /// False when the containers cannot be created yet (missing ConfigMap, …): the runtime says why
        /// and calls `retry` later.
        virtual bool canCreateContainers(const api::Object &, std::function<void()>) { return true; }
        /// Whether a container is ready as soon as it runs (not when it has a readiness probe).
        virtual bool readyWhenStarted(const api::Object &, const std::string &) { return true; }
        virtual void containerStarted(const api::Object &, const std::string &) {}
        virtual void containerStopped(const api::Object &, const std::string &) {}
        virtual void podGone(const api::Object &) {}
        virtual void nodeResumed(const std::string &) {}
    };
    void setRuntimeHooks(RuntimeHooks *hooks) { m_hooks = hooks; }

    /// Looks up an image's size in bytes; 0 when unknown.
    using ImageSizeLookup = std::function<std::int64_t(const std::string &reference)>;

    PodLifecycle(store::Store &store, sim::Simulation &sim, EventRecorder &events, ImageSizeLookup imageSize);
    ~PodLifecycle();

    /// Picks up pods that were mid-way when the sandbox was closed.
    void resume();
    /// Starts a graceful deletion (Terminating), or removes at once a pod that never reached a node.
    /// `gracePeriodSeconds` overrides the pod's terminationGracePeriodSeconds; 0 removes it at once
    /// (kubectl delete --grace-period=0 --force).
    Result<api::ObjectPtr> deletePod(const std::string &ns, const std::string &name,
                                     std::optional<std::int64_t> gracePeriodSeconds = std::nullopt);
    /// A node's kubelet stops (the node failed or was cut off) or works again: while it is down, nothing
    /// starts or finishes stopping there; when it is back, the work goes on.
    void setNodeDown(const std::string &node, bool down);
    bool isNodeDown(const std::string &node) const { return m_downNodes.count(node) != 0; }
    /// The container exits with an error (fault injection): restarted with back-off (CrashLoopBackOff) as
    /// the restart policy says. Empty `container`: the first one.
    /// `reason` and `exitCode` are kept in lastState (OOMKilled 137 for a container over its memory limit).
    Status crashContainer(const std::string &ns, const std::string &name, const std::string &container = {},
                          const std::string &reason = "Error", int exitCode = 1);
    /// Image labels (flotilla.sim.crash-after=90s, …) of a reference, for simulated behaviour.
    using ImageLabelsLookup = std::function<api::Labels(const std::string &reference)>;
    void setImageLabels(ImageLabelsLookup lookup) { m_imageLabels = std::move(lookup); }
    /// The last decision for a pod still waiting for a node (nullptr when none is kept; a placed pod has it
    /// in its annotation).
    const SchedulingDecision *lastDecision(const std::string &podKey) const;
    Scheduler &scheduler() { return m_scheduler; }

private:
    void onEvents(std::span<const store::WatchEvent> events);
    void onNodeEvents(std::span<const store::WatchEvent> events);
    /// Keeps the scheduler's per-node totals in step with the pods bound to nodes.
    /// Counts a bound pod's requests on its node (or lets go of them); true when it was counted just now.
    bool account(const api::ObjectPtr &pod, bool gone);
    void boundElsewhere(const api::ObjectPtr &pod);
    void noteNode(const api::Object &node);
    void track(const api::ObjectPtr &pod);
    void schedule(const std::string &key);
    void startOnNode(const std::string &key);
    void finishPull(const std::string &key);
    void startContainers(const std::string &key);
    void finishDeletion(const std::string &key);
    void retryPending();
    void enqueueForScheduling(const std::string &key, const std::string &uid, TimeMs delay);
    api::ObjectPtr pod(const std::string &key) const;
    Result<api::ObjectPtr> writeStatus(const api::ObjectPtr &pod, const api::PodStatus &status,
                                       const std::string *nodeName = nullptr);
    std::string allocateIp(const std::string &node);

    void restartContainer(const std::string &key, const std::string &uid, const std::string &container);
    void scheduleBehaviour(const std::string &key, const std::string &uid);
    void resumeNode(const std::string &node);

    ImageLabelsLookup m_imageLabels;
    RuntimeHooks *m_hooks = nullptr;
    std::set<std::string> m_downNodes;
    struct CrashHistory { int crashes = 0; TimeMs lastCrash = 0; };
    std::map<std::string, CrashHistory> m_crashes; ///< pod key/container → recent crashes (for back-off)
    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    ImageSizeLookup m_imageSize;
    store::WatchId m_watch = 0;
    store::WatchId m_nodeWatch = 0;
    Scheduler m_scheduler;
    struct Counted { std::string node; Scheduler::Footprint footprint; };
    std::map<std::string, Counted> m_counted; ///< pod key → what it adds to its node
    std::map<std::string, SchedulingDecision> m_decisions; ///< pod key → last decision (until it runs or goes)
    std::set<std::string> m_unschedulable;                ///< waiting for room
    std::map<std::string, std::set<std::string>> m_nodeImages; ///< node -> images present
    std::map<std::string, int> m_nextIp;                  ///< node -> next host number
    struct NodeFacts {
        std::string internalIP;
        std::string podPrefix; ///< the node's podCIDR up to the last dot ("10.244.3.")
    };
    std::unordered_map<std::string, NodeFacts> m_nodeFacts; ///< node -> what its kubelet knows (from the node watch)
    const NodeFacts *nodeFacts(const std::string &node);
    sim::Simulation::TaskId m_retryTask = 0;
    TimeMs m_nextSchedulingAt = 0;
    std::map<std::string, std::uint64_t> m_arrival; ///< pod key -> order it came to the scheduler in
    std::uint64_t m_arrivals = 0;
};

} // namespace flotilla::engine::cluster
