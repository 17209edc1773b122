// The whole path a change takes: the engine writes, the sandbox backend gathers watch events into
// batches (at most every ~33 ms), and PodModel applies them on the GUI thread.
#include "benchmarks.h"

#include <backends/sandboxbackend.h>
#include <models/podmodel.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace flotilla::bench {

namespace {
constexpr int kPods = 20'000;

std::string manifest(int first, int count)
{
    std::string text;
    text.reserve(std::size_t(count) * 200);
    for (int i = first; i < first + count; ++i)
        text += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p-" + std::to_string(i) +
                "}\nspec: {nodeName: worker-" + std::to_string(1 + i % 2) +
                ", containers: [{name: c, image: nginx}]}\n";
    return text;
}

struct Figures {
    double totalMs = -1;
    double worstGapMs = 0;
};

Figures runOnce()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused; // only the writes themselves: no simulated lifecycle
    backends::SandboxBackend backend(opts);
    models::PodModel model;
    model.setBackend(&backend);
    QEventLoop loop;
    QObject::connect(&backend, &backends::Backend::started, &loop, &QEventLoop::quit);
    backend.start();
    loop.exec();

    const int base = model.rowCount();
    QElapsedTimer total;
    total.start();
    // The pods name their node, so nothing schedules them: what is measured is the store -> batch ->
    // model path. The longest gap between two turns of the GUI event loop is the worst stall a user
    // would feel.
    for (int chunk = 0; chunk < kPods; chunk += 1000) {
        const std::string text = manifest(chunk, 1000);
        backend.engine().post([text](engine::sandbox::Sandbox &sb) { (void)sb.apply(text); });
    }
    QElapsedTimer stall;
    QTimer probe;
    probe.setInterval(0);
    double worstGap = 0;
    qint64 last = 0;
    stall.start();
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = stall.nsecsElapsed();
        if (last)
            worstGap = std::max(worstGap, double(now - last) / 1e6);
        last = now;
        if (model.rowCount() >= base + kPods)
            loop.quit();
    });
    probe.start();
    QTimer::singleShot(120'000, &loop, &QEventLoop::quit);
    loop.exec();
    probe.stop();
    if (model.rowCount() < base + kPods) {
        std::fprintf(stderr, "pipeline: only %d of %d pods reached the model\n", model.rowCount() - base, kPods);
        return {};
    }
    return {double(total.nsecsElapsed()) / 1e6, worstGap};
}

void pipeline()
{
    std::vector<double> totals, gaps;
    for (int run = 0, n = runs(5); run < n; ++run) {
        const Figures f = runOnce();
        if (f.totalMs < 0)
            return;
        totals.push_back(f.totalMs);
        gaps.push_back(f.worstGapMs);
    }
    report("pipeline.apply_20000_pods_to_model_ms", median(totals), "ms");
    report("pipeline.pods_per_s", kPods / (median(totals) / 1000), "1/s");
    report("pipeline.longest_gui_stall_ms", median(gaps), "ms");
}
} // namespace

void pipelineBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"pipeline", "20,000 pods applied in the engine until all are rows of PodModel; longest GUI-thread stall", pipeline});
}

} // namespace flotilla::bench
