// Operations and faults from the window against a real sandbox: a Deployment's row, scaling, a failed
// node, a crashed container, and the scheduler's explanation in a pod's details.
#include <backends/sandboxbackend.h>
#include <models/deploymentmodel.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/detailspane.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>

#include <QtTest>

#include "../engine/sandboxtestutil.h"

#include <engine/api/types.h>

using namespace flotilla;
using widgets::MainWindow;

namespace {
const std::string kDeployment = flotilla::testutil::webDeployment(6, "{requests: {cpu: 100m, memory: 64Mi}}");

int runningWeb(MainWindow &w)
{
    int n = 0;
    auto *m = w.podModel();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, models::PodModel::Name).data().toString().startsWith(QLatin1String("web-")) &&
            m->index(r, models::PodModel::Status).data().toString() == QLatin1String("Running"))
            ++n;
    return n;
}

bool ok(backends::Backend &b, const std::function<void(backends::Backend::Callback)> &call)
{
    bool done = false, success = false;
    call([&](const backends::CommandResult &r) {
        done = true;
        success = r.ok;
    });
    return QTest::qWaitFor([&] { return done; }, 5000) && success;
}
} // namespace

class tst_Operations : public QObject {
    Q_OBJECT
private slots:
    void deploymentScaleFailAndCrash();
};

void tst_Operations::deploymentScaleFailAndCrash()
{
    QTemporaryDir dir;
    backends::SandboxBackend::Options opts;
    opts.dataDir = dir.path();
    opts.speed = 100; // minutes of simulated time pass in seconds
    backends::SandboxBackend backend(opts);
    MainWindow w(&backend);
    w.show();
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(10000));
    QVERIFY(ok(backend, [&](auto done) { backend.applyYaml(QString::fromStdString(kDeployment), {}, &w, done); }));
    QVERIFY(QTest::qWaitFor([&] { return runningWeb(w) == 6; }, 20000));
    // the Deployments page: one row, 6/6
    w.showPage(MainWindow::Page::Deployments);
    QVERIFY(QTest::qWaitFor([&] {
        return w.deploymentModel()->rowCount() == 1 &&
               w.deploymentModel()->index(0, models::DeploymentModel::Ready).data().toString() == QLatin1String("6/6");
    }, 10000));
    // scale to 20
    QVERIFY(ok(backend, [&](auto done) { backend.scale({"Deployment", "default", "web"}, 20, &w, done); }));
    const bool scaled = QTest::qWaitFor([&] { return runningWeb(w) == 20; }, 20000);
    QVERIFY2(scaled, qPrintable(QStringLiteral("%1 pods, %2 web running, deployment %3").arg(w.podModel()->rowCount()).arg(runningWeb(w)).arg(w.deploymentModel()->index(0, models::DeploymentModel::Ready).data().toString())));
    QVERIFY(!ok(backend, [&](auto done) { backend.scale({"Deployment", "default", "web"}, -1, &w, done); }));
    // fail worker-1: NotReady after the grace period
    QVERIFY(ok(backend, [&](auto done) {
        backend.nodeOperation(QStringLiteral("worker-1"), backends::Backend::NodeOperation::Fail, &w, done);
    }));
    auto *nodes = w.nodeModel();
    QVERIFY(QTest::qWaitFor([&] {
        const int r = nodes->rowOf("worker-1");
        return r >= 0 && nodes->index(r, models::NodeModel::Status).data().toString() == QLatin1String("NotReady");
    }, 20000));
    QVERIFY(ok(backend, [&](auto done) {
        backend.nodeOperation(QStringLiteral("worker-1"), backends::Backend::NodeOperation::Recover, &w, done);
    }));
    QVERIFY(!ok(backend, [&](auto done) {
        backend.nodeOperation(QStringLiteral("nope"), backends::Backend::NodeOperation::Fail, &w, done);
    }));
    // crash a web pod's container: CrashLoopBackOff and a restart in the table
    QString victim;
    auto *pods = w.podModel();
    for (int r = 0; r < pods->rowCount() && victim.isEmpty(); ++r)
        if (pods->index(r, models::PodModel::Status).data().toString() == QLatin1String("Running") &&
            pods->index(r, models::PodModel::Name).data().toString().startsWith(QLatin1String("web-")))
            victim = pods->index(r, models::PodModel::Name).data().toString();
    QVERIFY(!victim.isEmpty());
    QVERIFY(ok(backend, [&](auto done) { backend.crashContainer(QStringLiteral("default"), victim, &w, done); }));
    QVERIFY(QTest::qWaitFor([&] {
        const int r = pods->rowOf("default/" + victim.toStdString());
        return r >= 0 && pods->index(r, models::PodModel::Restarts).data().toInt() == 1;
    }, 10000));
    // a pod's details explain the scheduler's choice
    w.showPage(MainWindow::Page::Pods);
    QVERIFY(w.view(MainWindow::Page::Pods)->selectKey("default/" + victim));
    QVERIFY(w.detailsPane()->summaryHtml().contains(QStringLiteral("Scheduling")));
    QVERIFY(w.detailsPane()->summaryHtml().contains(QStringLiteral("highest score")));
}

QTEST_MAIN(tst_Operations)
#include "tst_operations.moc"
