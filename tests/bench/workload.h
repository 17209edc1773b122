#pragma once

// Workloads shared by the benchmarks: sizes from the environment, Deployments as YAML, and a sandbox run
// as fast as possible until their pods are Running.

#include <string>

namespace flotilla::engine::sandbox {
class Sandbox;
}

namespace flotilla::bench {

/// A positive size from the environment (FLOTILLA_...), else `fallback`.
int envInt(const char *name, int fallback);

/// Deployment svc-<index> in the default namespace: `replicas` pods of node:20-alpine with requests and limits.
std::string deploymentManifest(int index, int replicas);

/// What scaleUp did.
struct ScaleUp {
    int wanted = 0;
    int running = 0;
    double applySeconds = 0; ///< the apply of every Deployment
    double wallSeconds = 0;  ///< from the apply until every pod ran (or it gave up)
    double simulatedSeconds = 0;
    std::string error;       ///< the apply failed
    bool ok() const { return error.empty() && running >= wanted; }
};

/// Applies `deployments` Deployments of `replicas` pods each and runs the simulation as fast as possible
/// until all their pods are Running, or for `giveUpSeconds` of wall time. Progress goes to stderr every
/// 10 s, prefixed with `label`.
ScaleUp scaleUp(engine::sandbox::Sandbox &sandbox, int deployments, int replicas, const char *label,
                double giveUpSeconds = 600);

/// Adds Medium worker nodes until the sandbox has `nodes` in all.
void growNodes(engine::sandbox::Sandbox &sandbox, int nodes);

} // namespace flotilla::bench
