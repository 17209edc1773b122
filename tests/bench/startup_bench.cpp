// Cold start: from launching the flotilla process to a shown main window holding the default sandbox.
#include "benchmarks.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

namespace flotilla::bench {

namespace {
const int kRuns = runs(7);

/// Milliseconds from start() to the app's "startup.window_shown_ms" line, or -1.
double launch(const QString &dataDir)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("qt.qpa.*=false"));
    p.setProcessEnvironment(env);
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(FLOTILLA_APP), {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--startup-report"),
                                          QStringLiteral("--quit-after-start")});
    double shown = -1;
    while (p.state() != QProcess::NotRunning || p.bytesAvailable()) {
        if (p.canReadLine() || p.waitForReadyRead(5000)) {
            while (p.canReadLine()) {
                if (p.readLine().startsWith("startup.window_shown_ms") && shown < 0)
                    shown = double(t.nsecsElapsed()) / 1e6;
            }
        } else if (p.state() == QProcess::NotRunning) {
            break;
        }
        if (t.elapsed() > 30000)
            break;
    }
    p.waitForFinished(10000);
    return shown;
}

void startup()
{
    // The very first start creates the default sandbox; later starts open it from disk.
    std::vector<double> first;
    for (int i = 0; i < 3; ++i) {
        QTemporaryDir fresh;
        first.push_back(launch(fresh.path()));
    }
    report("startup.first_start_creating_sandbox_ms", median(first), "ms");

    QTemporaryDir dir;
    launch(dir.path());
    std::vector<double> times;
    for (int i = 0; i < kRuns; ++i) {
        const double ms = launch(dir.path());
        if (ms < 0) {
            std::fprintf(stderr, "startup: flotilla did not report a shown window\n");
            return;
        }
        times.push_back(ms);
    }
    report("startup.cold_start_to_window_ms", median(times), "ms");
}
} // namespace

void startupBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"startup", "process launch to a shown main window with the default sandbox", startup});
}

} // namespace flotilla::bench
