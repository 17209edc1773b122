// The GUI thread under load: the real main window, offscreen, over a sandbox with 150,000 Running pods
// on 5,000 nodes while the engine changes 1,000 pods a second (status changes, deletions, new pods).
// Two figures per page: the longest stall of the GUI event loop, and frame times (a repaint of the whole
// window every 16 ms, as a 60 Hz display asks for one, plus how late that request was served).
#include "benchmarks.h"

#include <ctime>

#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <engine/api/object.h>
#include <engine/sandbox/sandbox.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/mainwindow.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <map>
#include <memory>
#include <thread>

namespace flotilla::bench {

namespace {
/// Prints each gap of over 8 ms between two events the application delivers, with the receiver
/// and type of the event before it: where a stall came from.
struct GapTracer : QObject {
    GapTracer() { clock.start(); }
    bool eventFilter(QObject *receiver, QEvent *event) override
    {
        const qint64 now = clock.nsecsElapsed();
        if (last && now - last > 8'000'000)
            std::fprintf(stderr, "gui-stall: %.1f ms after %s (event %d)\n", double(now - last) / 1e6, previous, previousType);
        last = now;
        previous = receiver->metaObject()->className();
        previousType = int(event->type());
        return false;
    }
    QElapsedTimer clock;
    qint64 last = 0;
    const char *previous = "";
    int previousType = 0;
};


using widgets::MainWindow;

int envInt(const char *name, int fallback)
{
    const char *v = std::getenv(name);
    const int n = v ? std::atoi(v) : 0;
    return n > 0 ? n : fallback;
}

/// A Running pod as a kubelet would have reported it, placed on a node.
engine::api::MutableObjectPtr runningPod(int index, int nodes, int generation)
{
    const std::string name = "load-" + std::to_string(index);
    const int node = 1 + index % nodes;
    const std::string app = "svc-" + std::to_string(index % 500);
    engine::api::Json j = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}, {"namespace", "default"}, {"labels", {{"app", app}, {"tier", "backend"}}}}},
        {"spec",
         {{"nodeName", "worker-" + std::to_string(node)},
          {"containers",
           {{{"name", "app"},
             {"image", "node:20-alpine"},
             {"ports", {{{"containerPort", 8080}}}},
             {"resources", {{"requests", {{"cpu", "50m"}, {"memory", "64Mi"}}}, {"limits", {{"cpu", "200m"}, {"memory", "128Mi"}}}}}}}}}},
        {"status",
         {{"phase", "Running"},
          {"podIP", "10.16." + std::to_string(node % 250) + "." + std::to_string(2 + index % 250)},
          {"conditions", {{{"type", "Ready"}, {"status", "True"}}, {{"type", "PodScheduled"}, {"status", "True"}}}},
          {"containerStatuses",
           {{{"name", "app"},
             {"image", "node:20-alpine"},
             {"ready", true},
             {"restartCount", generation},
             {"state", {{"running", {{"startedAt", "2026-11-27T10:00:00Z"}}}}}}}}}},
    };
    auto decoded = engine::api::objectFromJson(j);
    return decoded.ok() ? std::const_pointer_cast<engine::api::Object>(decoded.value()) : nullptr;
}

struct PageFigures {
    double stallMs = 0, frameP50 = 0, frameP99 = 0, frameMax = 0;
    double switchMs = 0; ///< longest stall while the page is shown and in the second after
    int frames = 0;
    long long changes = 0;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

void guiStall()
{
    const int kNodes = envInt("FLOTILLA_GUI_NODES", 5000), kPods = envInt("FLOTILLA_GUI_PODS", 150000);
    const int kRate = envInt("FLOTILLA_GUI_CHANGES", 1000);  // pod changes per second
    const int kSeconds = envInt("FLOTILLA_GUI_SECONDS", 5); // measured per page and round
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    // The clock stands still: the changes below are the only ones, at exactly the rate asked for.
    opts.mode = engine::ClockMode::Paused;
    backends::SandboxBackend backend(opts);
    MainWindow window(&backend);
    window.resize(1600, 1000);
    window.show();
    {
        QEventLoop loop;
        QObject::connect(&backend, &backends::Backend::started, &loop, &QEventLoop::quit);
        backend.start();
        loop.exec();
    }

    // Nodes and pods, written straight into the store in slices (a fixture, not a scheduling run).
    QElapsedTimer setup;
    setup.start();
    backend.engine().post([kNodes](engine::sandbox::Sandbox &sb) {
        const int existing = int(sb.store().list(engine::api::kind::Node).size());
        if (existing < kNodes)
            sb.addNodes(kNodes - existing, engine::sandbox::NodeSize::Medium);
    });
    for (int first = 0; first < kPods; first += 5000)
        backend.engine().post([first, kPods, kNodes](engine::sandbox::Sandbox &sb) {
            for (int i = first; i < std::min(first + 5000, kPods); ++i)
                if (auto pod = runningPod(i, kNodes, 0))
                    (void)sb.store().create(std::move(pod));
        });
    const int basePods = window.podModel()->rowCount();
    {
        QEventLoop loop;
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, [&] {
            if (window.podModel()->rowCount() >= basePods + kPods && window.nodeModel()->rowCount() >= kNodes)
                loop.quit();
        });
        poll.start(50);
        QTimer::singleShot(600'000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (window.podModel()->rowCount() < basePods + kPods) {
        std::fprintf(stderr, "gui-stall: only %d of %d pods reached the window\n", window.podModel()->rowCount() - basePods, kPods);
        return;
    }
    std::printf("gui-stall: %d pods on %d nodes in the window after %.1f s\n", window.podModel()->rowCount(),
                window.nodeModel()->rowCount(), double(setup.elapsed()) / 1000);

    {
        // What the window still has to take in from loading settles before anything is measured.
        QEventLoop settle;
        QTimer::singleShot(3000, &settle, &QEventLoop::quit);
        settle.exec();
    }

    // The churn, from a thread of its own so a busy GUI thread cannot slow it: every 50 ms a twentieth of
    // the rate, posted to the engine. Of every 10 changes, 8 are status changes (restart count,
    // readiness), 1 a deletion and 1 a new pod, so the count stays level.
    std::atomic<long long> changes{0};
    std::atomic<bool> churning{false}, stopping{false};
    std::thread churn([&] {
        int nextNew = kPods, cursor = 0, generation = 0;
        auto due = Clock::now();
        while (!stopping) {
            due += std::chrono::milliseconds(50);
            std::this_thread::sleep_until(due);
            if (!churning)
                continue;
            const int n = std::max(1, kRate / 20);
            std::vector<int> touched, removed;
            for (int i = 0; i < n; ++i) {
                cursor = (cursor + 7919) % nextNew;
                (i % 10 == 8 ? removed : touched).push_back(cursor);
            }
            const int firstNew = nextNew;
            const int added = int(removed.size());
            nextNew += added;
            ++generation;
            backend.engine().post([touched, removed, firstNew, added, kNodes, gen = generation, &changes](engine::sandbox::Sandbox &sb) {
                long long done = 0;
                for (int i : touched) {
                    const auto current = sb.store().get(engine::api::kind::Pod, "default", "load-" + std::to_string(i));
                    if (!current)
                        continue;
                    auto next = runningPod(i, kNodes, gen);
                    next->metadata = current->metadata;
                    if (gen % 3 == 0) // every third round the container is briefly not ready
                        next->body["status"]["containerStatuses"][0]["ready"] = false;
                    done += sb.store().update(std::move(next)).ok();
                }
                for (int i : removed)
                    done += sb.store().remove(engine::api::kind::Pod, "default", "load-" + std::to_string(i)).ok();
                for (int i = firstNew; i < firstNew + added; ++i)
                    if (auto pod = runningPod(i, kNodes, 0))
                        done += sb.store().create(std::move(pod)).ok();
                changes += done;
            });
        }
    });

    const auto measure = [&](MainWindow::Page page) {
        PageFigures f;
        GapTracer tracer; // FLOTILLA_GUI_TRACE=1: what ran before each long gap between events
        if (qEnvironmentVariableIsSet("FLOTILLA_GUI_TRACE"))
            qApp->installEventFilter(&tracer);
        churning = true;
        {
            // The switch: showing the page (laying out what changed while it was hidden) and the first
            // second after it, with the changes going on.
            QElapsedTimer switching;
            switching.start();
            qint64 last = 0;
            QTimer turns;
            QObject::connect(&turns, &QTimer::timeout, [&] {
                const qint64 now = switching.nsecsElapsed();
                f.switchMs = std::max(f.switchMs, double(now - last) / 1e6);
                last = now;
            });
            turns.start(0);
            if (qEnvironmentVariableIsSet("FLOTILLA_GUI_TRACE")) {
                timespec ts{};
                clock_gettime(CLOCK_MONOTONIC, &ts);
                std::fprintf(stderr, "gui-stall: showing page %d at %ld.%09ld (CLOCK_MONOTONIC)\n", int(page), long(ts.tv_sec), ts.tv_nsec);
            }
            window.showPage(page);
            QEventLoop settle;
            QTimer::singleShot(1000, &settle, &QEventLoop::quit);
            settle.exec();
        }
        std::vector<double> frames;
        QElapsedTimer clock;
        clock.start();
        qint64 lastTurn = 0;
        QTimer probe; // every turn of the event loop
        QObject::connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (lastTurn)
                f.stallMs = std::max(f.stallMs, double(now - lastTurn) / 1e6);
            lastTurn = now;
        });
        qint64 due = 16'000'000;
        QTimer frame; // a 60 Hz display asking for a frame
        frame.setTimerType(Qt::PreciseTimer);
        QObject::connect(&frame, &QTimer::timeout, [&] {
            const qint64 start = clock.nsecsElapsed();
            window.repaint();
            const qint64 end = clock.nsecsElapsed();
            frames.push_back(double(end - std::min(start, due)) / 1e6);
            due = std::max(due + 16'000'000, end); // the next frame is due 16 ms after this one was
        });
        const long long before = changes.load();
        probe.start(0);
        frame.start(16);
        QEventLoop loop;
        QTimer::singleShot(kSeconds * 1000, &loop, &QEventLoop::quit);
        loop.exec();
        frame.stop();
        probe.stop();
        qApp->removeEventFilter(&tracer);
        churning = false;
        f.changes = changes.load() - before;
        if (const char *dir = std::getenv("FLOTILLA_GUI_SHOTS")) // what the user saw, to look at
            window.grab().save(QString::fromUtf8(dir) + QStringLiteral("/gui-stall-%1.png").arg(int(page)));
        f.frames = int(frames.size());
        f.frameP50 = percentile(frames, 0.5);
        f.frameP99 = percentile(frames, 0.99);
        f.frameMax = percentile(frames, 1.0);
        return f;
    };

    const struct {
        MainWindow::Page page;
        const char *name;
    } pages[] = {{MainWindow::Page::Pods, "pods"}, {MainWindow::Page::Nodes, "nodes"},
                 {MainWindow::Page::Deployments, "deployments"}, {MainWindow::Page::Events, "events"},
                 {MainWindow::Page::Map, "map"}};
    // Rounds over the pages (each a switch to the page, then the steady figures); per page the medians
    // of the rounds are reported, as the machine's noise moves single figures by several milliseconds.
    const char *only = std::getenv("FLOTILLA_GUI_PAGES"); // e.g. "map,pods"
    std::map<std::string, std::vector<PageFigures>> byPage;
    for (int round = 0, rounds = runs(3); round < rounds; ++round)
        for (const auto &p : pages) {
            if (only && !QString::fromUtf8(only).split(QLatin1Char(',')).contains(QLatin1String(p.name)))
                continue;
            const PageFigures f = measure(p.page);
            std::printf("gui-stall: round %d %-11s %.0f changes/s; longest stall %.1f ms; frames %d, p50 %.1f ms, p99 %.1f ms, "
                        "max %.1f ms; switching to it: longest stall %.1f ms\n",
                        round + 1, p.name, double(f.changes) / kSeconds, f.stallMs, f.frames, f.frameP50, f.frameP99,
                        f.frameMax, f.switchMs);
            byPage[p.name].push_back(f);
        }
    double worstStall = 0, worstP99 = 0;
    for (const auto &p : pages) {
        const auto it = byPage.find(p.name);
        if (it == byPage.end())
            continue;
        std::vector<double> stall, p99, switching;
        for (const PageFigures &f : it->second) {
            stall.push_back(f.stallMs);
            p99.push_back(f.frameP99);
            switching.push_back(f.switchMs);
        }
        report(std::string("gui_stall.") + p.name + "_longest_stall_ms", median(stall), "ms (target <= 50)");
        report(std::string("gui_stall.") + p.name + "_frame_p99_ms", median(p99), "ms (target <= 16)");
        report(std::string("gui_stall.") + p.name + "_switch_stall_ms", median(switching), "ms");
        worstStall = std::max(worstStall, median(stall));
        worstP99 = std::max(worstP99, median(p99));
    }
    report("gui_stall.longest_stall_ms", worstStall, "ms (target <= 50; worst page, median of rounds)");
    report("gui_stall.frame_p99_ms", worstP99, "ms (target <= 16; worst page, median of rounds)");
    stopping = true;
    churn.join();
    // Let the engine finish what is queued before the window goes.
    QEventLoop settle;
    QTimer::singleShot(500, &settle, &QEventLoop::quit);
    settle.exec();
}
} // namespace

void guiBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"gui-stall",
                   "the real main window over 150,000 pods on 5,000 nodes while 1,000 pods change per second: "
                   "longest GUI stall and frame times per page",
                   guiStall});
}

} // namespace flotilla::bench
