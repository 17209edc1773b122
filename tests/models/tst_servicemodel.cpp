// ServiceModel under QAbstractItemModelTester: objects and endpoints from change batches, traffic figures
// from snapshots (synthetic, then from a real sandbox with traffic running).
#include "modeltestutil.h"

#include <backends/sandboxbackend.h>
#include <engine/sandbox/sandbox.h>
#include <models/objectfilterproxymodel.h>
#include <models/servicemodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace flotilla;
using models::ServiceModel;

namespace {
engine::api::ObjectPtr service(const std::string &name, const std::string &type = "ClusterIP", int nodePort = 0)
{
    auto o = std::make_shared<engine::api::Object>();
    o->apiVersion = "v1";
    o->kind = "Service";
    o->metadata.name = name;
    o->metadata.ns = "default";
    o->metadata.creationTimestamp = 1'800'000'000'000;
    engine::api::Json port = {{"port", 80}, {"protocol", "TCP"}, {"targetPort", 8080}};
    if (nodePort)
        port["nodePort"] = nodePort;
    o->body["spec"] = {{"type", type}, {"clusterIP", "10.96.0.10"}, {"selector", {{"app", name}}}, {"ports", {port}}};
    return o;
}

engine::api::ObjectPtr endpoints(const std::string &name, int ready, int notReady)
{
    auto o = std::make_shared<engine::api::Object>();
    o->apiVersion = "v1";
    o->kind = "Endpoints";
    o->metadata.name = name;
    o->metadata.ns = "default";
    engine::api::Json subset = {{"ports", {{{"port", 8080}}}}};
    for (int i = 0; i < ready; ++i)
        subset["addresses"].push_back({{"ip", "10.244.1." + std::to_string(i + 2)}});
    for (int i = 0; i < notReady; ++i)
        subset["notReadyAddresses"].push_back({{"ip", "10.244.2." + std::to_string(i + 2)}});
    o->body["subsets"] = engine::api::Json::array({subset});
    return o;
}

engine::cluster::ServiceTraffic traffic(const std::string &name, double rate, std::vector<engine::TimeMs> times,
                                        double errorRate = 0)
{
    engine::cluster::ServiceTraffic t;
    t.ns = "default";
    t.name = name;
    t.rate = rate;
    for (auto time : times) {
        engine::cluster::TrafficSample s;
        s.time = time;
        s.total.requestsPerSecond = rate;
        s.total.errorsPerSecond = rate * errorRate;
        s.total.p50 = 20;
        s.total.p95 = 47;
        s.total.p99 = 66;
        s.versions.push_back({"v1", 2, -1, s.total});
        t.history.push_back(s);
    }
    if (!t.history.empty())
        t.last = t.history.back();
    return t;
}

QString cell(const QAbstractItemModel &m, int row, int column) { return m.index(row, column).data().toString(); }
} // namespace

class tst_ServiceModel : public QObject {
    Q_OBJECT
private slots:
    void showsServicesAndEndpoints();
    void trafficChangesOnlyTrafficColumns();
    void historyIsKeptAndBounded();
    void followsARealSandbox();
};

void tst_ServiceModel::showsServicesAndEndpoints()
{
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    models::ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ServiceModel::Endpoints);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.applyEvents(tests::batch({tests::added(service("web", "NodePort", 30080)), tests::added(service("api")),
                                    tests::added(endpoints("web", 2, 1))}));
    QCOMPARE(model.rowCount(), 2);
    const int web = model.rowOf("default/web");
    QCOMPARE(cell(model, web, ServiceModel::Type), QStringLiteral("NodePort"));
    QCOMPARE(cell(model, web, ServiceModel::ClusterIP), QStringLiteral("10.96.0.10"));
    QCOMPARE(cell(model, web, ServiceModel::Ports), QStringLiteral("80:30080/TCP"));
    QCOMPARE(cell(model, web, ServiceModel::Endpoints), QStringLiteral("2/3"));
    QCOMPARE(cell(model, web, ServiceModel::Selector), QStringLiteral("app=web"));
    QCOMPARE(cell(model, web, ServiceModel::Dns), QStringLiteral("web.default.svc.cluster.local"));
    QCOMPARE(cell(model, web, ServiceModel::Requests), QStringLiteral("—"));
    const int api = model.rowOf("default/api");
    QCOMPARE(cell(model, api, ServiceModel::Endpoints), QStringLiteral("0/0"));
    QCOMPARE(cell(model, api, ServiceModel::Ports), QStringLiteral("80/TCP"));

    // Endpoints arriving later: one dataChanged on that cell, no reset
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.applyEvents(tests::batch({tests::added(endpoints("api", 1, 0))}));
    QCOMPARE(cell(model, api, ServiceModel::Endpoints), QStringLiteral("1/1"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex(), model.index(api, ServiceModel::Endpoints));
    model.applyEvents(tests::batch({tests::deleted(endpoints("web", 0, 0))}));
    QCOMPARE(cell(model, web, ServiceModel::Endpoints), QStringLiteral("0/0"));
    model.applyEvents(tests::batch({tests::deleted(service("web"))}));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(reset.size(), 0);
}

void tst_ServiceModel::trafficChangesOnlyTrafficColumns()
{
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.applyEvents(tests::batch({tests::added(service("web")), tests::added(service("api"))}));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy trafficChanged(&model, &ServiceModel::trafficChanged);
    backends::TrafficSnapshot snap;
    snap.services = {traffic("web", 250, {1000, 2000}, 0.04)};
    model.applyTraffic(snap);
    const int web = model.rowOf("default/web");
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].toModelIndex(), model.index(web, ServiceModel::Requests));
    QCOMPARE(changed[0][1].toModelIndex(), model.index(web, ServiceModel::P95));
    QVERIFY(changed[0][2].value<QList<int>>().contains(Qt::DisplayRole));
    QCOMPARE(trafficChanged.size(), 1);
    QCOMPARE(trafficChanged[0][0].toStringList(), QStringList{QStringLiteral("default/web")});
    QCOMPARE(cell(model, web, ServiceModel::Requests), QStringLiteral("250"));
    QCOMPARE(cell(model, web, ServiceModel::Errors), QStringLiteral("4.0 %"));
    QCOMPARE(cell(model, web, ServiceModel::P95), QStringLiteral("47 ms"));
    QCOMPARE(model.index(web, 0).data(ServiceModel::RateRole).toDouble(), 250.0);
    QCOMPARE(model.index(web, 0).data(ServiceModel::ErrorRateRole).toDouble(), 0.04);
    QVERIFY(model.index(web, ServiceModel::Errors).data(Qt::ForegroundRole).isValid()); // red above 1 %

    // the same figures again: nothing to tell
    snap.services = {traffic("web", 250, {})};
    snap.services[0].last = model.traffic(QStringLiteral("default/web"))->last;
    model.applyTraffic(snap);
    QCOMPARE(changed.size(), 1);
    // traffic stopped and the Service's figures gone: the row says so
    model.applyTraffic({});
    QCOMPARE(changed.size(), 2);
    QCOMPARE(cell(model, web, ServiceModel::Requests), QStringLiteral("—"));
    QVERIFY(!model.traffic(QStringLiteral("default/web")));
}

void tst_ServiceModel::historyIsKeptAndBounded()
{
    ServiceModel model;
    model.applyEvents(tests::batch({tests::added(service("web"))}));
    backends::TrafficSnapshot snap;
    std::vector<engine::TimeMs> times;
    for (int i = 1; i <= 600; ++i)
        times.push_back(i * 1000);
    snap.services = {traffic("web", 10, times)};
    model.applyTraffic(snap);
    QCOMPARE(model.history(QStringLiteral("default/web")).size(), std::size_t(600));
    // the next snapshot overlaps: samples already kept are not doubled
    times.clear();
    for (int i = 590; i <= 1000; ++i)
        times.push_back(i * 1000);
    snap.services = {traffic("web", 10, times)};
    model.applyTraffic(snap);
    const auto &h = model.history(QStringLiteral("default/web"));
    QCOMPARE(h.size(), engine::cluster::Traffic::kHistory);
    QCOMPARE(h.back().time, engine::TimeMs(1'000'000));
    QCOMPARE(h.front().time, engine::TimeMs(101'000));
    QVERIFY(model.history(QStringLiteral("default/none")).empty());
}

void tst_ServiceModel::followsARealSandbox()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused;
    opts.seed = 5;
    backends::SandboxBackend backend(opts);
    ServiceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setBackend(&backend);
    model.setTrafficSource(&backend);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(10000));
    QVERIFY(backend.canSimulateTraffic());

    bool applied = false;
    backend.applyYaml(QStringLiteral("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n"
                                     "  selector: {app: web}\n  ports: [{port: 80}]\n---\n"
                                     "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n"
                                     "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                                     "    spec: {containers: [{name: web, image: 'nginx:1.25'}]}\n"),
                      {}, &model, [&](const backends::CommandResult &r) { applied = r.ok; });
    QTRY_VERIFY(applied);
    auto advance = [&](engine::TimeMs ms) {
        backend.engine().call([ms](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + ms); }).wait();
    };
    advance(30'000);
    QTRY_COMPARE(model.rowCount(), 1);
    QTRY_COMPARE(cell(model, 0, ServiceModel::Endpoints), QStringLiteral("3/3"));

    bool rateSet = false;
    backend.setServiceTraffic({QStringLiteral("Service"), QStringLiteral("default"), QStringLiteral("web")}, 120, &model,
                              [&](const backends::CommandResult &r) { rateSet = r.ok; });
    QTRY_VERIFY(rateSet);
    bool refused = false;
    backend.setServiceTraffic({QStringLiteral("Service"), QStringLiteral("default"), QStringLiteral("nope")}, 1, &model,
                              [&](const backends::CommandResult &r) { refused = !r.ok; });
    QTRY_VERIFY(refused);
    advance(20'000);
    QSignalSpy arrived(&backend, &backends::Backend::trafficArrived);
    backend.watchTraffic(true, {QStringLiteral("Service"), QStringLiteral("default"), QStringLiteral("web")});
    QTRY_VERIFY(arrived.size() >= 1);
    QTRY_COMPARE(cell(model, 0, ServiceModel::Requests), QStringLiteral("120"));
    QCOMPARE(cell(model, 0, ServiceModel::Errors), QStringLiteral("0 %"));
    QVERIFY(model.index(0, 0).data(ServiceModel::P95Role).toDouble() > 0);
    // the first snapshot brings the whole series
    QCOMPARE(model.history(QStringLiteral("default/web")).size(), std::size_t(20));
    const auto snapshot = arrived.last().at(0).value<backends::TrafficSnapshot>();
    QCOMPARE(snapshot.registry.size(), std::size_t(1));
    QCOMPARE(snapshot.registry[0].up, 3);

    // the paused clock: nothing new, no signal; then new ticks arrive as new samples only
    const auto before = arrived.size();
    QTest::qWait(3 * backends::SandboxBackend::kTrafficIntervalMs);
    QCOMPARE(arrived.size(), before);
    advance(5'000);
    QTRY_COMPARE(model.history(QStringLiteral("default/web")).size(), std::size_t(25));
    backend.watchTraffic(false);
}

QTEST_GUILESS_MAIN(tst_ServiceModel)
#include "tst_servicemodel.moc"
