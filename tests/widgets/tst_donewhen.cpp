// A whole user story in the window against a real sandbox (real-time clock, its speed changed through the
// backend): a Deployment spread over the workers on the Cluster map, a failed node whose pods come back
// elsewhere, a scale-up the cluster cannot hold with the scheduler's reason in a Pending pod's details,
// and a crashed container in CrashLoopBackOff with its restarts counted.
#include "screenshotutil.h"
#include <backends/sandboxbackend.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/clustermap.h>
#include <widgets/detailspane.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>

#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include "../engine/sandboxtestutil.h"

using namespace flotilla;
using widgets::MainWindow;
using flotilla::testutil::screenshot;

namespace {
// The default sandbox has two 4-CPU workers (kube-proxy takes 10m of each) and a tainted control plane:
// at 500m a worker holds 7 web pods, so 6 fit on one worker alone, and 20 do not fit on both.
const std::string kWeb = flotilla::testutil::webDeployment(6, "{requests: {cpu: 500m, memory: 64Mi}}");

/// A web pod as the Pods table shows it.
struct WebPod {
    QString key; ///< "default/web-…"
    QString name;
    QString status;
    QString node; ///< "<none>" while unscheduled
    int restarts = 0;
};

QList<WebPod> webPods(const MainWindow &w)
{
    QList<WebPod> out;
    auto *m = w.podModel();
    for (int r = 0; r < m->rowCount(); ++r) {
        const QString name = m->index(r, models::PodModel::Name).data().toString();
        if (!name.startsWith(QLatin1String("web-")) ||
            m->index(r, models::PodModel::Namespace).data().toString() != QLatin1String("default"))
            continue;
        out.append({QStringLiteral("default/") + name, name, m->index(r, models::PodModel::Status).data().toString(),
                    m->index(r, models::PodModel::Node).data().toString(),
                    m->index(r, models::PodModel::Restarts).data().toInt()});
    }
    return out;
}

QList<WebPod> withStatus(const MainWindow &w, const QString &status)
{
    QList<WebPod> out;
    for (const auto &p : webPods(w))
        if (p.status == status)
            out.append(p);
    return out;
}

QString describe(const MainWindow &w)
{
    QStringList parts;
    for (const auto &p : webPods(w))
        parts << QStringLiteral("%1 %2 on %3 (%4 restarts)").arg(p.name, p.status, p.node).arg(p.restarts);
    return parts.join(QLatin1String("; "));
}

bool ok(const std::function<void(backends::Backend::Callback)> &call, QString *why = nullptr)
{
    bool done = false, success = false;
    call([&](const backends::CommandResult &r) {
        done = true;
        success = r.ok;
        if (why && !r.ok && !r.problems.isEmpty())
            *why = r.problems.first().message;
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && success;
}

/// Lets the map finish its coalesced layout and chip animations before a screenshot.
void settle(int ms = 800)
{
    QTest::qWait(ms);
    QCoreApplication::processEvents();
}
} // namespace

class tst_DoneWhen : public QObject {
    Q_OBJECT
private slots:
    void userStory();
};

void tst_DoneWhen::userStory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    backends::SandboxBackend::Options opts;
    opts.dataDir = dir.path();
    opts.speed = 50;
    backends::SandboxBackend backend(opts);
    MainWindow w(&backend);
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(20000));
    auto *map = w.clusterMap();
    QVERIFY(map);
    auto *nodes = w.nodeModel();
    QTRY_VERIFY_WITH_TIMEOUT(nodes->rowOf("worker-1") >= 0 && nodes->rowOf("worker-2") >= 0, 20000);

    // 1. six replicas, spread over the workers on the Cluster map
    QString why;
    QVERIFY2(ok([&](auto done) { backend.applyYaml(QString::fromStdString(kWeb), {}, &w, done); }, &why),
             qPrintable(why));
    w.showPage(MainWindow::Page::Map);
    QCOMPARE(w.currentPage(), MainWindow::Page::Map);
    QVERIFY2(QTest::qWaitFor([&] { return withStatus(w, QStringLiteral("Running")).size() == 6; }, 60000),
             qPrintable(describe(w)));
    QSet<QString> mapNodes;
    QVERIFY2(QTest::qWaitFor([&] {
        mapNodes.clear();
        for (const auto &p : withStatus(w, QStringLiteral("Running"))) {
            const QString n = map->chipNode(p.key);
            if (n.isEmpty() || n != p.node)
                return false;
            mapNodes.insert(n);
        }
        return true;
    }, 20000), qPrintable(describe(w)));
    QVERIFY2(mapNodes.size() >= 2, qPrintable(describe(w)));
    QVERIFY(!mapNodes.contains(QStringLiteral("control-plane")));
    QVERIFY(map->chipCount() >= 6);
    QCOMPARE(map->panelStatus(QStringLiteral("worker-1")), QStringLiteral("Ready"));
    QCOMPARE(map->panelStatus(QStringLiteral("worker-2")), QStringLiteral("Ready"));
    settle();
    screenshot(&w, QStringLiteral("1-spread.png"));

    // 2. the busiest worker fails: NotReady after 40 s, its pods evicted after 300 s and started again elsewhere
    backend.setSpeed(200);
    QHash<QString, int> byNode;
    for (const auto &p : withStatus(w, QStringLiteral("Running")))
        ++byNode[p.node];
    QString failed;
    for (auto it = byNode.cbegin(); it != byNode.cend(); ++it)
        if (failed.isEmpty() || it.value() > byNode.value(failed))
            failed = it.key();
    QVERIFY(byNode.value(failed) > 0);
    QVERIFY2(ok([&](auto done) {
        backend.nodeOperation(failed, backends::Backend::NodeOperation::Fail, &w, done);
    }, &why), qPrintable(why));
    QTRY_COMPARE_WITH_TIMEOUT(map->panelStatus(failed), QStringLiteral("NotReady"), 30000);
    {
        const int r = nodes->rowOf(failed.toStdString());
        QVERIFY(r >= 0);
        QCOMPARE(nodes->index(r, models::NodeModel::Status).data().toString(), QStringLiteral("NotReady"));
    }
    auto replaced = [&] {
        const auto running = withStatus(w, QStringLiteral("Running"));
        if (running.size() != 6)
            return false;
        for (const auto &p : running)
            if (p.node == failed || map->chipNode(p.key) != p.node)
                return false;
        return true;
    };
    QVERIFY2(QTest::qWaitFor(replaced, 60000), qPrintable(describe(w)));
    QCOMPARE(map->panelStatus(failed), QStringLiteral("NotReady"));
    settle();
    QVERIFY2(replaced(), qPrintable(describe(w)));
    screenshot(&w, QStringLiteral("2-node-failed.png"));

    // 3. twenty replicas do not fit: some stay Pending, and a Pending pod's details say why
    QVERIFY2(ok([&](auto done) { backend.scale({"Deployment", "default", "web"}, 20, &w, done); }, &why),
             qPrintable(why));
    auto settledPending = [&] {
        int running = 0, pending = 0;
        for (const auto &p : webPods(w)) {
            if (p.status == QLatin1String("Running"))
                ++running;
            else if (p.status == QLatin1String("Pending") && p.node == QLatin1String("<none>"))
                ++pending;
            else if (p.status != QLatin1String("Terminating")) // the evicted pods on the failed node
                return false;
        }
        return pending > 0 && running + pending == 20;
    };
    QVERIFY2(QTest::qWaitFor(settledPending, 60000), qPrintable(describe(w)));
    // still so about 100 s of simulated time later
    QTest::qWait(500);
    QVERIFY2(settledPending(), qPrintable(describe(w)));
    const auto pending = withStatus(w, QStringLiteral("Pending"));
    QVERIFY(!pending.isEmpty());
    w.showPage(MainWindow::Page::Pods);
    QVERIFY(w.view(MainWindow::Page::Pods)->selectKey(pending.first().key));
    QVERIFY2(QTest::qWaitFor([&] {
        const QString html = w.detailsPane()->summaryHtml();
        // the failed node is named by the taint its lifecycle controller gave it, as in Kubernetes
        return html.contains(QStringLiteral("Insufficient cpu")) && html.contains(QStringLiteral("nodes are available")) &&
               html.contains(QStringLiteral("node.kubernetes.io/unreachable"));
    }, 10000), qPrintable(w.detailsPane()->summaryHtml()));
    settle(300);
    screenshot(&w, QStringLiteral("3-pending-explained.png"));

    // 4. a container crashes: CrashLoopBackOff for the back-off (10 s, then 20 s), restarts counted
    backend.setSpeed(1);
    const auto running = withStatus(w, QStringLiteral("Running"));
    QVERIFY(!running.isEmpty());
    const WebPod victim = running.first();
    auto *pods = w.podModel();
    auto column = [&](int c) {
        const int r = pods->rowOf(victim.key.toStdString());
        return r >= 0 ? pods->index(r, c).data() : QVariant();
    };
    QVERIFY(w.view(MainWindow::Page::Pods)->selectKey(victim.key));
    int restarts = victim.restarts;
    for (int crash = 1; crash <= 2; ++crash) {
        if (crash > 1) // Running again after the back-off
            QTRY_COMPARE_WITH_TIMEOUT(column(models::PodModel::Status).toString(), QStringLiteral("Running"), 60000);
        QVERIFY2(ok([&](auto done) {
            backend.crashContainer(QStringLiteral("default"), victim.name, &w, done);
        }, &why), qPrintable(why));
        QTRY_VERIFY2_WITH_TIMEOUT(column(models::PodModel::Status).toString() == QLatin1String("CrashLoopBackOff") &&
                                      column(models::PodModel::Restarts).toInt() > restarts,
                                  qPrintable(describe(w)), 20000);
        QCOMPARE(column(models::PodModel::Restarts).toInt(), restarts + 1);
        restarts = column(models::PodModel::Restarts).toInt();
    }
    QCOMPARE(restarts, victim.restarts + 2);
    QVERIFY(w.view(MainWindow::Page::Pods)->selectKey(victim.key));
    QCoreApplication::processEvents();
    QCOMPARE(column(models::PodModel::Status).toString(), QStringLiteral("CrashLoopBackOff"));
    screenshot(&w, QStringLiteral("4-crashloop.png"));
}

QTEST_MAIN(tst_DoneWhen)
#include "tst_donewhen.moc"
