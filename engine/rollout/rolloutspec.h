#pragma once

#include "../api/object.h"
#include "../common/result.h"
#include "../common/timefmt.h"
#include "analysis.h"

#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::rollout {

/// Labels and names a rollout puts on what it runs.
inline constexpr const char *kRevisionLabel = "rollouts.flotilla.dev/revision"; ///< on each version's pods
inline constexpr const char *kRolloutLabel = "rollouts.flotilla.dev/rollout";   ///< on its Deployments

/// One step of a canary: send a share of the traffic to the new version, wait, or judge it.
struct CanaryStep {
    enum class Kind { SetWeight, Pause, Analysis };
    Kind kind = Kind::Pause;
    int weight = 0;           ///< SetWeight: percent of the Service's requests (1..100)
    TimeMs pause = -1;        ///< Pause: how long; -1 until promoted
    AnalysisSpec analysis;    ///< Analysis
};

/// A Rollout (flotilla.dev/v1alpha1): a workload like a Deployment's (replicas, selector, template) and
/// how a new version of it replaces the one serving — rolling update, blue/green or canary.
struct RolloutSpec {
    enum class Strategy { RollingUpdate, BlueGreen, Canary };

    std::int64_t replicas = 1;
    api::Json selector = api::Json::object();
    api::Json podTemplate = api::Json::object();
    std::int64_t progressDeadlineSeconds = 600;
    Strategy strategy = Strategy::Canary;

    // rollingUpdate
    std::string maxSurge = "25%", maxUnavailable = "25%";

    // blueGreen
    std::string activeService, previewService;
    std::int64_t autoPromotionSeconds = -1; ///< -1: wait to be promoted
    std::int64_t scaleDownDelaySeconds = 30;
    std::optional<AnalysisSpec> prePromotionAnalysis, postPromotionAnalysis;

    // canary
    /// How a canary's weight becomes a share of the requests.
    enum class TrafficSplit {
        Exact,    ///< the service proxy splits by weight, whatever the pod counts (a mesh or ingress on a cluster)
        Replicas, ///< by pod counts, as a plain Service spreads its requests: canary pods = weight × replicas,
                  ///< stable pods the rest; a weight is only approximated (1 of 4 replicas for 10 %)
    };
    std::string stableService, canaryService;
    TrafficSplit trafficSplit = TrafficSplit::Exact;
    std::vector<CanaryStep> steps;

    /// Reads a Rollout's spec; every problem is an Error naming its field ("spec.strategy.canary.steps[1].setWeight").
    static Result<RolloutSpec> decode(const api::Json &spec);
    static std::vector<Error> validate(const api::Object &rollout);
};

const char *strategyName(RolloutSpec::Strategy strategy);

} // namespace flotilla::engine::rollout
