#pragma once

#include "../api/object.h"
#include "../runtime/containerruntime.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "syncqueue.h"

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace flotilla::engine::cluster {

/// A HorizontalPodAutoscaler's spec (autoscaling/v2) with Kubernetes' defaults filled in.
struct HpaSpec {
    struct Metric {
        std::string resource = "cpu"; ///< or "memory"
        bool utilization = true;      ///< target type Utilization (percent of request), else AverageValue
        std::int64_t averageUtilization = 80;
        std::int64_t averageValue = 0; ///< millicores (cpu) or bytes (memory)
    };
    std::string targetApiVersion, targetKind, targetName;
    std::int64_t minReplicas = 1;
    std::int64_t maxReplicas = 1;
    std::vector<Metric> metrics; ///< none in the spec: CPU at 80 %, as the API server defaults it
    std::int64_t scaleUpWindowSeconds = 0;
    std::int64_t scaleDownWindowSeconds = 300;

    static HpaSpec decode(const api::Json &spec);
};

/// Scales Deployments and ReplicaSets as kube-controller-manager's horizontal pod autoscaler does: every
/// 15 s of simulated time (its --horizontal-pod-autoscaler-sync-period) per HPA, the target's pods' use
/// (from the simulated container runtime) against their requests over the ready pods, desired =
/// ceil(ready × utilisation / target) with a 10 % tolerance (pods not ready yet count as idle when
/// scaling up), the highest desired count of its metrics, stabilised (the lowest recommendation of the
/// scale-up window, the highest of the scale-down window), clamped to min/max. It writes the target's
/// spec.replicas, the HPA's status (conditions AbleToScale, ScalingActive, ScalingLimited) and Events.
/// Scaling rate policies (behavior.*.policies) are not simulated. No randomness: the same inputs scale
/// the same way.
class HpaController final {
public:
    static constexpr TimeMs kSyncPeriod = 15'000;
    static constexpr double kTolerance = 0.1;

    HpaController(store::Store &store, sim::Simulation &sim, EventRecorder &events, runtime::ContainerRuntime &runtime);
    ~HpaController();

    /// Looks at every HorizontalPodAutoscaler again (after a restart).
    void resume();

private:
    struct Recommendation {
        TimeMs time = 0;
        std::int64_t replicas = 0;
    };
    struct State {
        std::int64_t generation = -1;
        std::deque<Recommendation> recommendations;
        std::string lastWarning; ///< the last warning recorded, so a lasting problem is one Event, not one per sync
    };

    void onEvents(std::span<const store::WatchEvent> events);
    void schedule(const std::string &key, TimeMs delay);
    void sync(const std::string &key);

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    runtime::ContainerRuntime &m_runtime;
    store::WatchId m_watch = 0;
    std::map<std::string, State> m_states; ///< by "namespace/name"
    KeyedTimers m_timers;
};

} // namespace flotilla::engine::cluster
