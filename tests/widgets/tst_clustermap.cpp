// The cluster map against a real sandbox: a Deployment's pods appear as chips on the worker panels, a deleted
// pod's chip goes, a failed node's panel turns NotReady and its pods move — all through the models' row
// signals, never a reset. Plus a synthetic burst of thousands of pods, clicks, zoom and the namespace filter.
#include "screenshotutil.h"
#include "../models/modeltestutil.h"

#include <backends/sandboxbackend.h>
#include <engine/sandbox/sandbox.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/clustermap.h>

#include <QElapsedTimer>
#include <QScrollBar>
#include <QToolTip>
#include <QtTest>

#include <memory>

using namespace flotilla;
using widgets::ClusterMap;

namespace {
constexpr char kDeployment[] = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 6
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
)";

using flotilla::testutil::screenshot;

/// Keys of the default namespace's web pods, with their status.
QMap<QString, QString> webPods(const models::PodModel &pods)
{
    QMap<QString, QString> out;
    for (int r = 0; r < pods.rowCount(); ++r) {
        const QModelIndex i = pods.index(r, 0);
        if (i.data(models::NamespaceRole).toString() == QLatin1String("default")
            && i.data(models::NameRole).toString().startsWith(QLatin1String("web-")))
            out.insert(i.data(models::KeyRole).toString(), i.data(models::PodModel::StatusRole).toString());
    }
    return out;
}

int running(const QMap<QString, QString> &pods) { return int(std::count(pods.begin(), pods.end(), QStringLiteral("Running"))); }

/// A node snapshot as the engine delivers it.
engine::api::ObjectPtr node(const std::string &name, bool ready = true, bool controlPlane = false)
{
    auto o = std::make_shared<engine::api::Object>();
    o->apiVersion = "v1";
    o->kind = "Node";
    o->metadata.name = name;
    if (controlPlane)
        o->metadata.labels["node-role.kubernetes.io/control-plane"] = "";
    o->body["spec"] = engine::api::Json::object();
    o->body["status"] = {{"allocatable", {{"cpu", "64"}, {"memory", "256Gi"}, {"pods", "5000"}}},
                         {"conditions", {{{"type", "Ready"}, {"status", ready ? "True" : "False"}}}}};
    return o;
}
} // namespace

class tst_ClusterMap : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void deploymentAppearsOnTheWorkers();
    void clicksEmitTheObjects();
    void zoomAndNamespaceFilter();
    void deletedPodsChipGoes();
    void failedNodeTurnsNotReady();
    void thousandsOfPodsInOneBurst();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<backends::SandboxBackend> m_backend;
    std::unique_ptr<models::NodeModel> m_nodes;
    std::unique_ptr<models::PodModel> m_pods;
    std::unique_ptr<ClusterMap> m_map;
    std::unique_ptr<QSignalSpy> m_nodeResets, m_podResets;
};

void tst_ClusterMap::initTestCase()
{
    backends::SandboxBackend::Options opts;
    opts.dataDir = m_dir.path();
    opts.speed = 100; // 40 s of node grace period pass in under a second
    m_backend = std::make_unique<backends::SandboxBackend>(opts);
    m_nodes = std::make_unique<models::NodeModel>();
    m_pods = std::make_unique<models::PodModel>();
    m_nodes->setBackend(m_backend.get());
    m_pods->setBackend(m_backend.get());
    m_nodeResets = std::make_unique<QSignalSpy>(m_nodes.get(), &QAbstractItemModel::modelReset);
    m_podResets = std::make_unique<QSignalSpy>(m_pods.get(), &QAbstractItemModel::modelReset);
    m_map = std::make_unique<ClusterMap>(m_nodes.get(), m_pods.get());
    m_map->resize(1200, 800);
    m_map->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_map.get()));

    QSignalSpy started(m_backend.get(), &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10000));
    QTRY_COMPARE(m_map->panelCount(), 3);
    QTRY_VERIFY(m_pods->rowCount() > 0);
}

void tst_ClusterMap::cleanupTestCase()
{
    m_map.reset();
    m_pods->setBackend(nullptr);
    m_nodes->setBackend(nullptr);
    m_backend.reset();
}

void tst_ClusterMap::deploymentAppearsOnTheWorkers()
{
    bool done = false;
    QString why;
    m_backend->applyYaml(QString::fromUtf8(kDeployment), QStringLiteral("web.yaml"), this,
                         [&](const backends::CommandResult &r) {
                             done = true;
                             why = r.problems.isEmpty() ? QString() : r.problems.first().message;
                             QVERIFY2(r.ok, qPrintable(why));
                         });
    QTRY_VERIFY(done);
    QVERIFY2(QTest::qWaitFor([&] { return running(webPods(*m_pods)) == 6; }, 20000), "6 web pods did not run");

    // one chip per pod, system pods included, each laid out inside its node's panel
    QCOMPARE(m_map->chipCount(), m_pods->rowCount());
    QVERIFY(QTest::qWaitFor([&] {
        for (int r = 0; r < m_pods->rowCount(); ++r)
            if (m_map->chipRect(m_pods->index(r, 0).data(models::KeyRole).toString()).isEmpty())
                return false;
        return true;
    }, 2000));
    for (int r = 0; r < m_pods->rowCount(); ++r) {
        const QString key = m_pods->index(r, 0).data(models::KeyRole).toString();
        const QString node = m_pods->index(r, 0).data(models::PodModel::NodeRole).toString();
        QCOMPARE(m_map->chipNode(key), node);
        QVERIFY2(m_map->panelRect(node).contains(m_map->chipRect(key)), qPrintable(key));
    }
    QVERIFY(m_map->chipNode(QStringLiteral("kube-system/etcd-control-plane")) == QLatin1String("control-plane"));

    // the six replicas spread 3 / 3 over the workers
    QMap<QString, int> perNode;
    for (const QString &key : webPods(*m_pods).keys())
        ++perNode[m_map->chipNode(key)];
    QCOMPARE(perNode, (QMap<QString, int>{{QStringLiteral("worker-1"), 3}, {QStringLiteral("worker-2"), 3}}));

    // panels: control plane first, no overlaps
    const QRectF cp = m_map->panelRect(QStringLiteral("control-plane"));
    const QRectF w1 = m_map->panelRect(QStringLiteral("worker-1"));
    const QRectF w2 = m_map->panelRect(QStringLiteral("worker-2"));
    QVERIFY(cp.left() < w1.left() && w1.left() < w2.left());
    QVERIFY(!cp.intersects(w1) && !w1.intersects(w2));
    QCOMPARE(m_map->panelStatus(QStringLiteral("worker-1")), QStringLiteral("Ready"));

    // the legend names the workload's version, not the system images
    QTRY_COMPARE(m_map->legend(), QStringList{QStringLiteral("nginx:1.25")});
    QVERIFY(m_map->versionColor(QStringLiteral("nginx:1.25")).isValid());

    QCOMPARE(m_nodeResets->count(), 0);
    QCOMPARE(m_podResets->count(), 0);
    QTest::qWait(400); // let the fade-ins finish
    screenshot(m_map.get(), QStringLiteral("clustermap-running.png"));
}

void tst_ClusterMap::clicksEmitTheObjects()
{
    const QString key = webPods(*m_pods).firstKey();
    const QPoint at = m_map->mapFromScene(m_map->chipRect(key).center());
    QVERIFY(m_map->viewport()->rect().contains(at));

    QSignalSpy activated(m_map.get(), &ClusterMap::objectActivated);
    QTest::mouseClick(m_map->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(activated.count(), 1);
    auto object = activated.first().at(0).value<engine::api::ObjectPtr>();
    QVERIFY(object);
    QCOMPARE(QString::fromStdString(object->key()), key);

    QSignalSpy opened(m_map.get(), &ClusterMap::objectOpened);
    QTest::mouseDClick(m_map->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(QString::fromStdString(opened.first().at(0).value<engine::api::ObjectPtr>()->key()), key);

    QSignalSpy menu(m_map.get(), &ClusterMap::contextMenuRequested);
    QContextMenuEvent event(QContextMenuEvent::Mouse, at, m_map->viewport()->mapToGlobal(at));
    QApplication::sendEvent(m_map->viewport(), &event);
    QCOMPARE(menu.count(), 1);
    QCOMPARE(QString::fromStdString(menu.first().at(0).value<engine::api::ObjectPtr>()->key()), key);
    QCOMPARE(menu.first().at(1).toPoint(), m_map->viewport()->mapToGlobal(at));

    // a panel's header is the node
    const QRectF panel = m_map->panelRect(QStringLiteral("worker-2"));
    activated.clear();
    QTest::mouseClick(m_map->viewport(), Qt::LeftButton, {}, m_map->mapFromScene(panel.topLeft() + QPointF(40, 20)));
    QCOMPARE(activated.count(), 1);
    object = activated.first().at(0).value<engine::api::ObjectPtr>();
    QCOMPARE(object->kind, std::string("Node"));
    QCOMPARE(object->metadata.name, std::string("worker-2"));

    // tooltips are written when asked for: the chip's names its pod, the panel's its node
    const auto toolTipAt = [&](QPoint pos) {
        QHelpEvent help(QEvent::ToolTip, pos, m_map->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(m_map->viewport(), &help);
        QGraphicsItem *item = m_map->itemAt(pos);
        return item ? item->toolTip() : QString();
    };
    QVERIFY2(toolTipAt(at).contains(key.section(QLatin1Char('/'), 1)), qPrintable(toolTipAt(at)));
    const QString nodeTip = toolTipAt(m_map->mapFromScene(panel.topLeft() + QPointF(40, 20)));
    QVERIFY2(nodeTip.contains(QStringLiteral("worker-2")) && nodeTip.contains(QStringLiteral("Pods")), qPrintable(nodeTip));
    QToolTip::hideText();

    // the background is nothing
    activated.clear();
    QTest::mouseClick(m_map->viewport(), Qt::LeftButton, {}, QPoint(5, m_map->viewport()->height() - 5));
    QCOMPARE(activated.count(), 0);
}

void tst_ClusterMap::zoomAndNamespaceFilter()
{
    QCOMPARE(m_map->zoom(), 1.0);
    m_map->setFocus();
    QTest::keyClick(m_map.get(), Qt::Key_Plus, Qt::ControlModifier);
    QVERIFY(m_map->zoom() > 1.0);
    QTest::keyClick(m_map.get(), Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(m_map.get(), Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(m_map->zoom() < 1.0);
    QWheelEvent wheel(QPointF(300, 300), m_map->viewport()->mapToGlobal(QPointF(300, 300)), {}, QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    const qreal before = m_map->zoom();
    QApplication::sendEvent(m_map->viewport(), &wheel);
    QVERIFY(m_map->zoom() > before);

    // Ctrl+0 fits the whole cluster into the view
    QTest::keyClick(m_map.get(), Qt::Key_0, Qt::ControlModifier);
    const QRectF visible = m_map->mapToScene(m_map->viewport()->rect()).boundingRect().adjusted(-1, -1, 1, 1);
    QVERIFY(visible.contains(m_map->sceneRect()));
    m_map->resetZoom();
    QCOMPARE(m_map->zoom(), 1.0);

    m_map->setNamespaceFilter(QStringLiteral("kube-system"));
    QTRY_VERIFY(m_map->legend().isEmpty());
    m_map->setNamespaceFilter(QStringLiteral("default"));
    QTRY_COMPARE(m_map->legend(), QStringList{QStringLiteral("nginx:1.25")});
    m_map->setNamespaceFilter({});
    QCOMPARE(m_map->chipCount(), m_pods->rowCount()); // filtering dims, it does not drop chips
}

void tst_ClusterMap::deletedPodsChipGoes()
{
    const QString key = webPods(*m_pods).firstKey();
    QVERIFY(!m_map->chipNode(key).isEmpty());
    bool done = false;
    m_backend->deleteObject({QStringLiteral("Pod"), QStringLiteral("default"), key.section(QLatin1Char('/'), 1)}, this,
                            [&](const backends::CommandResult &r) { done = r.ok; });
    QTRY_VERIFY(done);
    QTRY_VERIFY_WITH_TIMEOUT(m_pods->rowOf(key.toStdString()) < 0, 10000);
    QVERIFY(m_map->chipNode(key).isEmpty());
    QVERIFY(m_map->chipRect(key).isEmpty());
    // the ReplicaSet replaces it: six again, each with its chip
    QVERIFY(QTest::qWaitFor([&] { return running(webPods(*m_pods)) == 6; }, 20000));
    QTRY_COMPARE(m_map->chipCount(), m_pods->rowCount());
    for (const QString &k : webPods(*m_pods).keys())
        QVERIFY(!m_map->chipNode(k).isEmpty());
    QCOMPARE(m_podResets->count(), 0);
}

void tst_ClusterMap::failedNodeTurnsNotReady()
{
    m_backend->engine().post([](engine::sandbox::Sandbox &sb) { (void)sb.nodes().failNode("worker-1"); });
    QTRY_COMPARE_WITH_TIMEOUT(m_map->panelStatus(QStringLiteral("worker-1")), QStringLiteral("NotReady"), 15000);
    QCOMPARE(m_map->panelStatus(QStringLiteral("worker-2")), QStringLiteral("Ready"));
    QTest::qWait(150);
    screenshot(m_map.get(), QStringLiteral("clustermap-notready.png"));

    // after the toleration runs out its pods are evicted (they stay Terminating on the unreachable node) and
    // replaced on worker-2: six running web chips there
    QVERIFY2(QTest::qWaitFor([&] {
        const auto web = webPods(*m_pods);
        int there = 0;
        for (auto it = web.cbegin(); it != web.cend(); ++it)
            there += it.value() == QLatin1String("Running") && m_map->chipNode(it.key()) == QLatin1String("worker-2");
        return there == 6;
    }, 30000), "the web pods did not move to worker-2");
    QCOMPARE(m_map->chipCount(), m_pods->rowCount());
    QCOMPARE(m_nodeResets->count(), 0);
    QCOMPARE(m_podResets->count(), 0);
    QTest::qWait(400);
    screenshot(m_map.get(), QStringLiteral("clustermap-evicted.png"));
}

void tst_ClusterMap::thousandsOfPodsInOneBurst()
{
    // Models fed directly: a burst far beyond what animations are for.
    models::NodeModel nodes;
    models::PodModel pods;
    ClusterMap map(&nodes, &pods);
    map.resize(1200, 800);
    map.show();
    QSignalSpy resets(&pods, &QAbstractItemModel::modelReset);
    nodes.applyEvents(tests::batch({tests::added(node("control-plane", true, true)), tests::added(node("node-a")),
                                    tests::added(node("node-b")), tests::added(node("node-c"))}));
    constexpr int kPods = 5000;
    std::vector<engine::store::WatchEvent> burst;
    const char *names[] = {"node-a", "node-b", "node-c"};
    for (int i = 0; i < kPods; ++i)
        burst.push_back(tests::added(tests::pod("p" + std::to_string(i), "Running", i % 50 == 0 ? "" : names[i % 3])));
    QElapsedTimer timer;
    timer.start();
    pods.applyEvents(burst);
    QCOMPARE(map.chipCount(), kPods);
    QTRY_VERIFY(!map.chipRect(QStringLiteral("default/p1")).isEmpty());
    qInfo("5000 pods in one burst: on the map in %lld ms", qint64(timer.elapsed()));
    QCOMPARE(map.panelCount(), 4);
    QCOMPARE(map.chipNode(QStringLiteral("default/p1")), QStringLiteral("node-b"));
    QVERIFY(map.chipNode(QStringLiteral("default/p0")).isEmpty()); // no node: the Unscheduled tray

    // a routine change moves just one chip, and does not need a reset
    pods.applyEvents(tests::batch({tests::modified(tests::pod("p1", "Running", "node-c", "default", 2))}));
    QCOMPARE(map.chipNode(QStringLiteral("default/p1")), QStringLiteral("node-c"));
    QTRY_VERIFY(map.panelRect(QStringLiteral("node-c")).contains(map.chipRect(QStringLiteral("default/p1"))));
    pods.applyEvents(tests::batch({tests::deleted(tests::pod("p2"))}));
    QCOMPARE(map.chipCount(), kPods - 1);
    QCOMPARE(resets.count(), 0);
    map.fitAll();
    QTest::qWait(100);
    for (int i = 0; i < kPods; ++i) { // every chip inside its panel, after the grid widened to fit
        const QString key = QStringLiteral("default/p%1").arg(i);
        const QString node = map.chipNode(key);
        if (!node.isEmpty())
            QVERIFY2(map.panelRect(node).contains(map.chipRect(key)),
                     qPrintable(QStringLiteral("%1 %2 outside %3").arg(key, QString::number(map.chipRect(key).bottom()),
                                                                       QString::number(map.panelRect(node).bottom()))));
    }
    screenshot(&map, QStringLiteral("clustermap-5000.png"));

    // the node goes away: its chips wait in the tray
    nodes.applyEvents(tests::batch({tests::deleted(node("node-a"))}));
    QCOMPARE(map.panelCount(), 3);
    QVERIFY(map.chipNode(QStringLiteral("default/p3")).isEmpty());
    QCOMPARE(map.chipCount(), kPods - 1);
}

QTEST_MAIN(tst_ClusterMap)
#include "tst_clustermap.moc"
