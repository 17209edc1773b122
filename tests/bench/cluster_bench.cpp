// The orchestrator: scheduling many pods onto many nodes with every filter and score.
#include "benchmarks.h"
#include "workload.h"

#include <engine/cluster/scheduler.h>
#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>


namespace flotilla::bench {

using engine::api::MutableObjectPtr;
using engine::api::Object;
using engine::cluster::Scheduler;
using engine::cluster::SchedulingRequest;

namespace {
MutableObjectPtr makeNode(int i)
{
    auto n = std::make_shared<Object>();
    n->apiVersion = "v1";
    n->kind = "Node";
    n->metadata.name = "node-" + std::to_string(i);
    n->metadata.labels = {{"kubernetes.io/hostname", n->metadata.name},
                          {"topology.kubernetes.io/zone", "zone-" + std::to_string(i % 3)},
                          {"disk", i % 4 == 0 ? "ssd" : "hdd"},
                          {"generation", std::to_string(i % 6)}};
    if (i % 50 == 0)
        n->body["spec"] = {{"taints", {{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}}}};
    n->body["status"] = {
        {"allocatable", {{"cpu", "16"}, {"memory", "64Gi"}, {"pods", "110"}}},
        {"conditions", {{{"type", "Ready"}, {"status", "True"}}}},
        {"images", {{{"names", {"app-" + std::to_string(i % 20) + ":1"}}, {"sizeBytes", 300 << 20}}}},
    };
    return n;
}

/// A pod of one of 500 Deployments: requests, sometimes a node selector, required affinity, a toleration.
SchedulingRequest makePod(int i)
{
    Object pod;
    pod.apiVersion = "v1";
    pod.kind = "Pod";
    pod.metadata.ns = "default";
    pod.metadata.name = "pod-" + std::to_string(i);
    pod.metadata.ownerReferences.push_back({"apps/v1", "ReplicaSet", "rs", "owner-" + std::to_string(i % 500), true, true});
    engine::api::Json spec = {{"containers",
                               {{{"name", "app"},
                                 {"image", "app-" + std::to_string(i % 20) + ":1"},
                                 {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "128Mi"}}}}}}}}};
    if (i % 5 == 0)
        spec["nodeSelector"] = {{"disk", "ssd"}};
    if (i % 7 == 0)
        spec["affinity"] = {{"nodeAffinity",
                             {{"requiredDuringSchedulingIgnoredDuringExecution",
                               {{"nodeSelectorTerms",
                                 {{{"matchExpressions",
                                    {{{"key", "generation"}, {"operator", "Gt"}, {"values", {"2"}}}}}}}}}}}}};
    if (i % 11 == 0)
        spec["tolerations"] = {{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}, {"effect", "NoSchedule"}}};
    pod.body["spec"] = spec;
    return SchedulingRequest::fromPod(pod);
}

void schedulerBenchmark()
{
    constexpr int kNodes = 5000, kPods = 50000;
    std::vector<MutableObjectPtr> nodes;
    for (int i = 0; i < kNodes; ++i)
        nodes.push_back(makeNode(i));
    std::vector<SchedulingRequest> pods;
    pods.reserve(kPods);
    for (int i = 0; i < kPods; ++i)
        pods.push_back(makePod(i));
    std::vector<double> rates;
    int unscheduled = 0;
    for (int run = 0; run < runs(3); ++run) {
        Scheduler s;
        for (const auto &n : nodes)
            s.upsertNode(*n);
        engine::sim::Random rnd(42);
        unscheduled = 0;
        const auto t0 = Clock::now();
        for (const auto &p : pods) {
            const auto d = s.schedule(p, rnd);
            if (d.node.empty())
                ++unscheduled;
            else
                s.addPod(d.node, p);
        }
        rates.push_back(double(kPods) / secondsSince(t0));
    }
    std::printf("scheduler: %d pods onto %d nodes (filters: resources, pod count, selector, affinity, taints, "
                "host ports; scores: least allocated, balanced, spread, image locality; %d nodes searched per pod), "
                "%d left unscheduled\n",
                kPods, kNodes, Scheduler::nodesToFind(kNodes), unscheduled);
    const double rate = median(rates);
    std::printf("scheduler.pods_per_s %.0f pods/s (target >= 5000: %s)\n", rate, rate >= 5000 ? "met" : "MISSED");
    std::fflush(stdout);
}

/// 150,000 pods from 500 Deployments on 5,000 nodes, in as-fast-as-possible mode: the wall time until
/// every pod is Running, and what the engine holds per pod.
void clusterScaleBenchmark()
{
    const int kNodes = envInt("FLOTILLA_SCALE_NODES", 5000), kPods = envInt("FLOTILLA_SCALE_PODS", 150000);
    const int kDeployments = std::max(1, kPods / 300), perDeployment = kPods / kDeployments;
    const int total = kDeployments * perDeployment;
    std::vector<double> walls, perPod;
    for (int run = 0; run < runs(1); ++run) {
        const std::size_t heapAtStart = heapBytes();
        engine::sandbox::SandboxOptions opts;
        opts.seed = 42;
        opts.startTime = 1'700'000'000'000;
        auto sb = engine::sandbox::Sandbox::open(opts);
        if (!sb) {
            std::fprintf(stderr, "cluster-scale: %s\n", sb.error().toString().c_str());
            return;
        }
        auto &sandbox = **sb;
        const auto tNodes = Clock::now();
        growNodes(sandbox, kNodes);
        const double nodeSeconds = secondsSince(tNodes);
        const std::size_t heapWithNodes = heapBytes();
        const ScaleUp up = scaleUp(sandbox, kDeployments, perDeployment, "cluster-scale");
        if (!up.error.empty()) {
            std::fprintf(stderr, "cluster-scale: %s\n", up.error.c_str());
            return;
        }
        const double wall = up.wallSeconds;
        const std::size_t heapAtEnd = heapBytes();
        {
            // Where the bytes go: a deep copy of 1,000 Running pods measures the objects themselves.
            // (from a few nodes: listing every pod would decode all of them at once)
            std::vector<engine::api::ObjectPtr> pods;
            for (int n = 1; n <= 100 && pods.size() < 1000; ++n)
                for (auto &p : sandbox.store().podsOnNode("worker-" + std::to_string(n)))
                    pods.push_back(std::move(p));
            std::vector<engine::api::MutableObjectPtr> copies;
            const std::size_t before = heapBytes();
            for (std::size_t i = 0; i < pods.size() && i < 1000; ++i)
                copies.push_back(std::make_shared<engine::api::Object>(*pods[i]));
            const double objectBytes = double(heapBytes() - before) / double(copies.size());
            if (std::getenv("FLOTILLA_SCALE_DUMP"))
                std::fprintf(stderr, "%s\n", engine::api::objectToJson(*pods.front()).dump(1).c_str());
            const auto figures = sandbox.store().memoryFigures();
            std::printf("cluster-scale: a decoded pod object takes %.0f B (%zu B as JSON); store: %zu objects, %zu decoded, "
                        "%zu deflated averaging %.0f B; %llu deflations and %llu decodings in all; %zu events kept; %zu watch-log entries\n",
                        objectBytes, engine::api::objectToJson(*pods.front()).dump().size(), figures.objects, figures.hot,
                        figures.cold, figures.cold ? double(figures.coldBytes) / double(figures.cold) : 0.0,
                        (unsigned long long)figures.frozen, (unsigned long long)figures.thawed,
                        sandbox.store().list(engine::api::kind::Event).size(),
                        std::size_t(sandbox.store().resourceVersion() - sandbox.store().oldestWatchableVersion()));
        }
        walls.push_back(wall);
        perPod.push_back(double(heapAtEnd - heapWithNodes) / total);
        std::printf("cluster-scale: %d nodes added in %.1f s (%.0f KiB per node); %d Deployments of %d applied in %.1f s; "
                    "%d of %d pods Running after %.1f s wall, %.0f s simulated; heap %.0f MiB at start, %.0f MiB at end\n",
                    kNodes, nodeSeconds, double(heapWithNodes - heapAtStart) / 1024 / kNodes, kDeployments, perDeployment,
                    up.applySeconds, up.running, total, wall, up.simulatedSeconds,
                    double(heapAtStart) / (1 << 20), double(heapAtEnd) / (1 << 20));
    }
    report("cluster_scale.wall_to_running_s", median(walls), "s (target <= 120)");
    report("cluster_scale.engine_bytes_per_pod", median(perPod), "B (target <= 2048)");
}
} // namespace

void clusterBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"scheduler", "schedule 50,000 pods onto 5,000 nodes with every filter and score", schedulerBenchmark});
    out.push_back({"cluster-scale", "150,000 pods from 500 Deployments on 5,000 nodes until Running (as fast as possible); bytes per pod",
                   clusterScaleBenchmark});
}

} // namespace flotilla::bench
