// Every model and proxy, fed by a real in-memory sandbox, under QAbstractItemModelTester.
#include <backends/sandboxbackend.h>
#include <models/eventmodel.h>
#include <models/imagemodel.h>
#include <models/nodemodel.h>
#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace flotilla;

class tst_Models : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void nodesAreShown();
    void nodeAggregatesFollowPods();
    void usedColumnsFollowTheBackend();
    void imagesAreShown();
    void eventsAreShown();
    void batchesArriveOnTheGuiThreadAtMostEvery33ms();

private:
    backends::SandboxBackend *m_backend = nullptr;
    models::NodeModel *m_nodes = nullptr;
    models::PodModel *m_pods = nullptr;
    models::ImageModel *m_images = nullptr;
    models::EventModel *m_events = nullptr;
    QList<QObject *> m_owned;
};

void tst_Models::initTestCase()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::RealTime;
    opts.speed = 20;
    opts.seed = 3;
    m_backend = new backends::SandboxBackend(opts);
    m_nodes = new models::NodeModel;
    m_pods = new models::PodModel;
    m_images = new models::ImageModel;
    m_events = new models::EventModel;
    for (models::ObjectTableModel *m : {static_cast<models::ObjectTableModel *>(m_nodes), static_cast<models::ObjectTableModel *>(m_pods),
                                        static_cast<models::ObjectTableModel *>(m_images), static_cast<models::ObjectTableModel *>(m_events)}) {
        m->setBackend(m_backend);
        auto *proxy = new models::ObjectFilterProxyModel;
        proxy->setSourceModel(m);
        proxy->sort(0);
        m_owned << new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::QtTest)
                << new QAbstractItemModelTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest) << proxy;
    }
    QSignalSpy started(m_backend, &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10000));
}

void tst_Models::cleanupTestCase()
{
    qDeleteAll(m_owned);
    delete m_nodes;
    delete m_pods;
    delete m_images;
    delete m_events;
    delete m_backend;
}

void tst_Models::nodesAreShown()
{
    QCOMPARE(m_nodes->rowCount(), 3);
    QStringList names;
    for (int r = 0; r < 3; ++r) {
        names << m_nodes->index(r, models::NodeModel::Name).data().toString();
        QCOMPARE(m_nodes->index(r, models::NodeModel::Status).data().toString(), QStringLiteral("Ready"));
        QVERIFY(m_nodes->index(r, 0).data(models::NodeModel::ReadyRole).toBool());
    }
    names.sort();
    QCOMPARE(names, (QStringList{"control-plane", "worker-1", "worker-2"}));
    const int cp = m_nodes->rowOf("control-plane");
    QCOMPARE(m_nodes->index(cp, models::NodeModel::Roles).data().toString(), QStringLiteral("control-plane"));
    QCOMPARE(m_nodes->index(cp, models::NodeModel::Version).data().toString(), QStringLiteral("v1.31.0"));
}

void tst_Models::nodeAggregatesFollowPods()
{
    const int w1 = m_nodes->rowOf("worker-1");
    const int w2 = m_nodes->rowOf("worker-2");
    auto podsOn = [&](int row) { return m_nodes->index(row, models::NodeModel::Pods).data(models::SortRole).toInt(); };
    const int before = podsOn(w1) + podsOn(w2);
    QSignalSpy changed(m_nodes, &QAbstractItemModel::dataChanged);
    QString yaml;
    for (int i = 0; i < 4; ++i)
        yaml += QStringLiteral("---\napiVersion: v1\nkind: Pod\nmetadata: {name: agg-%1}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 500m}}}]}\n").arg(i);
    bool done = false;
    m_backend->applyYaml(yaml, {}, this, [&](const backends::CommandResult &r) {
        QVERIFY(r.ok);
        done = true;
    });
    QTRY_VERIFY(done);
    QTRY_COMPARE_WITH_TIMEOUT(podsOn(w1) + podsOn(w2), before + 4, 10000);
    QVERIFY(changed.count() > 0);
    // Only the aggregate columns change for a pod landing on a node.
    for (const auto &args : changed) {
        QCOMPARE(args[0].toModelIndex().column(), int(models::NodeModel::Pods));
        QCOMPARE(args[1].toModelIndex().column(), int(models::NodeModel::Memory));
    }
    const double fraction = m_nodes->index(w1, 0).data(models::NodeModel::CpuFractionRole).toDouble()
                            + m_nodes->index(w2, 0).data(models::NodeModel::CpuFractionRole).toDouble();
    QVERIFY(fraction >= 0.5); // 2000m of 8000m requested at least
    QVERIFY(m_nodes->index(w1, models::NodeModel::Cpu).data().toString().contains(QLatin1String(" / 4 (")));
}

void tst_Models::usedColumnsFollowTheBackend()
{
    QVERIFY(m_backend->hasUsage());
    // the system pods run from the start: the sandbox simulates what they use
    QVERIFY(QTest::qWaitFor([&] {
        bool got = false, any = false;
        m_backend->fetchUsage(m_backend, [&](const backends::UsageSnapshot &snap) {
            got = true;
            QHash<QString, QPair<qint64, qint64>> nodes, pods;
            for (auto it = snap.nodes.cbegin(); it != snap.nodes.cend(); ++it)
                nodes.insert(it.key(), {it->cpuMilli, it->memoryBytes});
            for (auto it = snap.pods.cbegin(); it != snap.pods.cend(); ++it)
                pods.insert(it.key(), {it->cpuMilli, it->memoryBytes});
            m_nodes->setUsed(nodes);
            m_pods->setUsed(pods);
            any = !pods.isEmpty() && !nodes.isEmpty();
        }, true);
        return QTest::qWaitFor([&] { return got; }, 2000) && any;
    }, 10000));
    bool nodeShown = false, podShown = false;
    for (int r = 0; r < m_nodes->rowCount(); ++r)
        nodeShown |= m_nodes->index(r, models::NodeModel::CpuUsed).data().toString().endsWith(QLatin1String("%)"));
    for (int r = 0; r < m_pods->rowCount(); ++r)
        podShown |= !m_pods->index(r, models::PodModel::MemoryUsed).data().toString().isEmpty();
    QVERIFY(nodeShown);
    QVERIFY(podShown);
    QVERIFY(!m_nodes->headerData(models::NodeModel::CpuUsed, Qt::Horizontal, Qt::DisplayRole).toString().isEmpty());
}

void tst_Models::imagesAreShown()
{
    QVERIFY(m_images->rowCount() >= 5);
    bool sawNode14 = false;
    for (int r = 0; r < m_images->rowCount(); ++r) {
        const QString repo = m_images->index(r, models::ImageModel::Repository).data().toString();
        const QString tag = m_images->index(r, models::ImageModel::Tag).data().toString();
        if (repo == QLatin1String("node") && tag == QLatin1String("14-alpine")) {
            sawNode14 = true;
            QCOMPARE(m_images->index(r, models::ImageModel::ImageId).data().toString().size(), 12);
            QVERIFY(m_images->index(r, models::ImageModel::Size).data(models::SortRole).toLongLong() > 100'000'000);
            QCOMPARE(m_images->index(r, 0).data(models::ImageModel::SourceRole).toString(), QStringLiteral("catalog"));
        }
    }
    QVERIFY(sawNode14);
}

void tst_Models::eventsAreShown()
{
    QTRY_VERIFY(m_events->rowCount() > 0);
    bool scheduled = false;
    for (int r = 0; r < m_events->rowCount(); ++r)
        scheduled |= m_events->index(r, models::EventModel::Reason).data().toString() == QLatin1String("Scheduled");
    QVERIFY(scheduled);
}

void tst_Models::batchesArriveOnTheGuiThreadAtMostEvery33ms()
{
    QList<qint64> times;
    QElapsedTimer clock;
    clock.start();
    auto c = connect(m_backend, &backends::Backend::changesArrived, this, [&](const backends::ChangeBatch &batch) {
        QCOMPARE(QThread::currentThread(), thread());
        QVERIFY(!batch.events.empty());
        times << clock.elapsed();
    });
    // A steady stream of changes for a while.
    for (int i = 0; i < 40; ++i) {
        m_backend->applyYaml(QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stream-%1}\n").arg(i), {}, this,
                             [](const backends::CommandResult &) {});
        QTest::qWait(5);
    }
    QTest::qWait(100);
    disconnect(c);
    QVERIFY(times.size() >= 3);
    QVERIFY(times.size() < 40); // gathered, not one per change
    for (int i = 1; i < times.size(); ++i)
        QVERIFY2(times[i] - times[i - 1] >= backends::SandboxBackend::kBatchIntervalMs - 3,
                 qPrintable(QStringLiteral("batches %1 ms apart").arg(times[i] - times[i - 1])));
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
