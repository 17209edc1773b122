// The store: in-memory writes, watch fan-out, and persisted writes with group commit.
#include "benchmarks.h"

#include <engine/store/sqlitepersistence.h>
#include <engine/store/store.h>

#include <QTemporaryDir>

namespace flotilla::bench {

using engine::api::MutableObjectPtr;
using engine::api::Object;
using engine::store::Store;
using engine::store::WatchEvent;

namespace {
const int kRuns = runs(5);

MutableObjectPtr makePod(int i)
{
    auto o = std::make_shared<Object>();
    o->apiVersion = "v1";
    o->kind = "Pod";
    o->metadata.ns = "ns-" + std::to_string(i % 20);
    o->metadata.name = "pod-" + std::to_string(i);
    o->metadata.labels = {{"app", "web-" + std::to_string(i % 50)}, {"tier", "frontend"}};
    o->body["spec"] = {{"nodeName", "node-" + std::to_string(i % 100)},
                       {"containers", {{{"name", "web"}, {"image", "nginx:1.25"}, {"resources", {{"requests", {{"cpu", "100m"}, {"memory", "64Mi"}}}}}}}}};
    o->body["status"] = {{"phase", "Pending"}};
    return o;
}

std::vector<MutableObjectPtr> makePods(int n, int offset = 0)
{
    std::vector<MutableObjectPtr> v;
    v.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i)
        v.push_back(makePod(offset + i));
    return v;
}

void writes()
{
    constexpr int n = 200'000;
    std::vector<double> creates, updates;
    for (int run = 0; run < kRuns; ++run) {
        Store store(1 << 20);
        auto pods = makePods(n); // building the objects is the caller's work, not the store's
        auto t = Clock::now();
        for (auto &p : pods)
            (void)store.create(std::move(p));
        creates.push_back(n / secondsSince(t));

        std::vector<MutableObjectPtr> next;
        next.reserve(n);
        for (int i = 0; i < n; ++i) {
            auto copy = std::make_shared<Object>(*store.get("Pod", "ns-" + std::to_string(i % 20), "pod-" + std::to_string(i)));
            copy->body["status"]["phase"] = "Running";
            next.push_back(std::move(copy));
        }
        t = Clock::now();
        for (auto &p : next)
            (void)store.update(std::move(p));
        updates.push_back(n / secondsSince(t));
        (void)store.flush();
    }
    report("store.creates_per_s", median(creates), "1/s");
    report("store.updates_per_s", median(updates), "1/s");
}

void watch()
{
    constexpr int n = 500'000;
    constexpr int watchers = 10;
    std::vector<double> rates;
    for (int run = 0; run < kRuns; ++run) {
        Store store(1 << 20);
        std::vector<std::int64_t> seen(watchers, 0);
        std::vector<std::int64_t> checksum(watchers, 0);
        for (int w = 0; w < watchers; ++w) {
            engine::store::WatchOptions opts;
            // Half the watchers take everything; half one kind, as the views' models do.
            if (w % 2)
                opts.kind = "Pod";
            // Each watcher reads every event it gets, as a real consumer would.
            (void)store.watch(opts, [&seen, &checksum, w](std::span<const WatchEvent> evs) {
                for (const auto &e : evs)
                    checksum[std::size_t(w)] += e.object->metadata.resourceVersion;
                seen[std::size_t(w)] += std::int64_t(evs.size());
            });
        }
        auto pods = makePods(n);
        for (auto &p : pods)
            (void)store.create(std::move(p));
        const auto t = Clock::now();
        (void)store.flush();
        const double s = secondsSince(t);
        for (auto v : seen)
            if (v != n)
                std::fprintf(stderr, "watch: a watcher saw %lld of %d events\n", (long long)v, n);
        rates.push_back(n / s);
    }
    report("store.watch_events_per_s_10_watchers", median(rates), "1/s");
}

void persisted()
{
    constexpr int n = 100'000;
    constexpr int group = 1000;
    std::vector<double> rates;
    for (int run = 0; run < kRuns; ++run) {
        QTemporaryDir dir;
        auto persistence = engine::store::SqlitePersistence::open((dir.path() + "/state.db").toStdString());
        if (!persistence.ok()) {
            std::fprintf(stderr, "persist: %s\n", persistence.error().toString().c_str());
            return;
        }
        Store store;
        store.setPersistence(persistence->get());
        auto pods = makePods(n);
        const auto t = Clock::now();
        for (int i = 0; i < n; ++i) {
            (void)store.create(std::move(pods[std::size_t(i)]));
            if ((i + 1) % group == 0)
                (void)store.flush(); // one transaction per group
        }
        (void)store.flush();
        rates.push_back(n / secondsSince(t));
    }
    report("store.persisted_writes_per_s", median(rates), "1/s");
}
} // namespace

void storeBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"store", "in-memory creates and updates per second (200,000 pods)", writes});
    out.push_back({"watch", "watch delivery to 10 watchers, events per second (500,000 events)", watch});
    out.push_back({"persist", "SQLite-persisted writes per second, group commit of 1,000", persisted});
}

} // namespace flotilla::bench
