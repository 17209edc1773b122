// The orchestrator: scheduling many pods onto many nodes with every filter and score.
#include "benchmarks.h"

#include <engine/cluster/scheduler.h>

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
} // namespace

void clusterBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"scheduler", "schedule 50,000 pods onto 5,000 nodes with every filter and score", schedulerBenchmark});
}

} // namespace flotilla::bench
