#include "workload.h"

#include "benchmarks.h"

#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>

#include <unordered_set>

namespace flotilla::bench {

int envInt(const char *name, int fallback)
{
    const char *v = std::getenv(name);
    return v && std::atoi(v) > 0 ? std::atoi(v) : fallback;
}

std::string deploymentManifest(int index, int replicas)
{
    const std::string name = "svc-" + std::to_string(index);
    return "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + ", namespace: default}\n"
           "spec:\n  replicas: " + std::to_string(replicas) + "\n  selector: {matchLabels: {app: " + name + "}}\n"
           "  template:\n    metadata: {labels: {app: " + name + ", tier: backend}}\n"
           "    spec:\n      containers:\n      - name: app\n        image: node:20-alpine\n"
           "        ports: [{containerPort: 8080}]\n"
           "        resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}\n";
}

void growNodes(engine::sandbox::Sandbox &sandbox, int nodes)
{
    const int existing = int(sandbox.store().list(engine::api::kind::Node).size());
    if (nodes > existing)
        sandbox.addNodes(nodes - existing, engine::sandbox::NodeSize::Medium);
}

ScaleUp scaleUp(engine::sandbox::Sandbox &sandbox, int deployments, int replicas, const char *label, double giveUpSeconds)
{
    ScaleUp out;
    out.wanted = deployments * replicas;
    // Running pods, counted from the watch as the simulation goes.
    std::unordered_set<std::string> running;
    auto watch = sandbox.store().watch(engine::store::WatchOptions{std::string(engine::api::kind::Pod), {}, -1, false},
                                       [&](std::span<const engine::store::WatchEvent> events) {
        for (const auto &e : events) {
            if (e.object->metadata.ns != "default")
                continue;
            const bool isRunning = e.type != engine::store::WatchEvent::Type::Deleted &&
                                   engine::api::stringField(e.object->status(), "phase") == "Running";
            if (isRunning)
                running.insert(e.object->metadata.name);
            else
                running.erase(e.object->metadata.name);
        }
    });
    const auto t0 = Clock::now();
    const engine::TimeMs start = sandbox.sim().now();
    std::string manifest;
    for (int d = 0; d < deployments; ++d)
        manifest += deploymentManifest(d, replicas);
    const auto outcome = sandbox.apply(manifest, "scale.yaml");
    out.applySeconds = secondsSince(t0);
    if (!outcome.ok()) {
        out.error = "apply failed: " + outcome.errors.front().toString();
    } else {
        engine::TimeMs now = start;
        double lastReport = 0;
        while (int(running.size()) < out.wanted) {
            now += 1000;
            sandbox.advanceTo(now);
            const double s = secondsSince(t0);
            if (s - lastReport >= 10) {
                lastReport = s;
                std::fprintf(stderr, "%s: %.0f s wall, %.0f s simulated: %zu of %d Running\n", label, s,
                             double(now - start) / 1000, running.size(), out.wanted);
            }
            if (s > giveUpSeconds) {
                std::fprintf(stderr, "%s: gave up after %.0f s with %zu of %d Running\n", label, s, running.size(), out.wanted);
                break;
            }
        }
        out.simulatedSeconds = double(now - start) / 1000;
    }
    out.wallSeconds = secondsSince(t0);
    out.running = int(running.size());
    if (watch)
        sandbox.store().unwatch(*watch);
    return out;
}

} // namespace flotilla::bench
