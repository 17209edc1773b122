// PodModel at 150,000 rows: a batch of 1,000 updates and one of 10,000 inserts, alone and behind the
// sorting, filtering proxy the views use.
#include "benchmarks.h"

#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

namespace flotilla::bench {

using engine::api::Object;
using engine::api::ObjectPtr;
using engine::store::WatchEvent;

namespace {
constexpr int kRows = 150'000;
const int kRuns = runs(15);

ObjectPtr pod(int i, const char *phase)
{
    auto o = std::make_shared<Object>();
    o->apiVersion = "v1";
    o->kind = "Pod";
    o->metadata.ns = "ns-" + std::to_string(i % 20);
    o->metadata.name = "pod-" + std::to_string(i);
    o->metadata.creationTimestamp = 1'800'000'000'000 + i;
    o->body["spec"] = {{"nodeName", "node-" + std::to_string(i % 100)}, {"containers", {{{"name", "web"}, {"image", "nginx:1.25"}}}}};
    o->body["status"] = {{"phase", phase}, {"podIP", "10.244." + std::to_string(i % 250) + "." + std::to_string(i % 200)}};
    return o;
}

std::vector<WatchEvent> events(int first, int count, WatchEvent::Type type, const char *phase, int stride = 1)
{
    std::vector<WatchEvent> v;
    v.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        v.push_back({type, pod(first + i * stride, phase), 0});
    return v;
}

void run(bool withProxy)
{
    std::vector<double> updates, inserts;
    const auto base = events(0, kRows, WatchEvent::Type::Added, "Pending");
    // Spread over the whole table, as a rollout would touch them.
    const auto changes = events(0, 1000, WatchEvent::Type::Modified, "Running", kRows / 1000);
    const auto fresh = events(kRows, 10'000, WatchEvent::Type::Added, "Pending");
    for (int r = 0; r < kRuns; ++r) {
        models::PodModel model;
        models::ObjectFilterProxyModel proxy;
        if (withProxy) {
            proxy.setSourceModel(&model);
            proxy.sort(models::PodModel::Name);
        }
        model.applyEvents(base);
        auto t = Clock::now();
        model.applyEvents(changes);
        updates.push_back(secondsSince(t) * 1000);
        t = Clock::now();
        model.applyEvents(fresh);
        inserts.push_back(secondsSince(t) * 1000);
        if (model.rowCount() != kRows + 10'000)
            std::fprintf(stderr, "podmodel: %d rows, expected %d\n", model.rowCount(), kRows + 10'000);
    }
    const std::string prefix = withProxy ? "podmodel_sorted_proxy." : "podmodel.";
    report(prefix + "batch_1000_updates_at_150k_ms", median(updates), "ms");
    report(prefix + "batch_10000_inserts_at_150k_ms", median(inserts), "ms");
}
} // namespace

void modelBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"podmodel", "PodModel with 150,000 rows: 1,000 updates, 10,000 inserts (and behind a sorted proxy)", [] {
                       run(false);
                       run(true);
                   }});
}

} // namespace flotilla::bench
