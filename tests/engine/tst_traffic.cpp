#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QtTest>

using namespace flotilla::engine;
using cluster::Traffic;

namespace {
using flotilla::testutil::versionedDeployment;

const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                       "  ports: [{port: 80, targetPort: 8080}]\n";

std::unique_ptr<sandbox::Sandbox> openSandbox(std::uint64_t seed = 7)
{
    return flotilla::testutil::openSandbox(seed, 1'700'000'000'000);
}

using flotilla::testutil::runFor;
using flotilla::testutil::buildLabelledImage;


/// Requests, errors and failures per version over the samples after `from`.
struct Totals {
    double requests = 0, errors = 0, failures = 0;
};
std::map<std::string, Totals> perVersion(const std::vector<cluster::TrafficSample> &history, TimeMs from)
{
    std::map<std::string, Totals> out;
    for (const auto &s : history) {
        if (s.time <= from)
            continue;
        for (const auto &v : s.versions) {
            out[v.version].requests += v.figures.requestsPerSecond;
            out[v.version].errors += v.figures.errorsPerSecond;
            out[v.version].failures += v.figures.failuresPerSecond;
        }
    }
    return out;
}
} // namespace

class tst_Traffic : public QObject {
    Q_OBJECT
private slots:
    void histogramPercentiles();
    void parsesLatencies();
    void refusesBadInput();
    void noEndpointsMeansEveryRequestFails();
    void onlyReadyEndpointsGetTraffic();
    void terminatingPodsDrainWithoutLosingRequests();
    void roundRobinIsEven();
    void weightsAreExact_data();
    void weightsAreExact();
    void errorRateAndLatencyFollowTheImage();
    void sameSeedSameFigures();
    void historyIsBounded();
    void registryHoldsInstancesWithStatus();
};

void tst_Traffic::histogramPercentiles()
{
    cluster::LatencyHistogram h;
    QCOMPARE(h.percentile(0.5), 0.0);
    for (int ms = 1; ms <= 100; ++ms)
        h.add(ms);
    QCOMPARE(h.count(), std::uint64_t(100));
    QVERIFY(std::abs(h.percentile(0.50) - 50) <= 50 * 0.08);
    QVERIFY(std::abs(h.percentile(0.95) - 95) <= 95 * 0.08);
    QVERIFY(std::abs(h.percentile(0.99) - 99) <= 99 * 0.08);
    cluster::LatencyHistogram other;
    other.add(1e9); // beyond the last bucket: counted there
    h.merge(other);
    QCOMPARE(h.count(), std::uint64_t(101));
    QVERIFY(h.percentile(1.0) > 50'000);
}

void tst_Traffic::parsesLatencies()
{
    QCOMPARE(cluster::parseLatency("40ms").value_or(-1), 40.0);
    QCOMPARE(cluster::parseLatency("1.5s").value_or(-1), 1500.0);
    QCOMPARE(cluster::parseLatency("25").value_or(-1), 25.0);
    QCOMPARE(cluster::parseLatency("1s200ms").value_or(-1), 1200.0);
    QVERIFY(!cluster::parseLatency("fast"));
    QVERIFY(!cluster::parseLatency("10parsecs"));
    QVERIFY(!cluster::parseLatency(""));
}

void tst_Traffic::refusesBadInput()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    auto &t = sb->traffic();
    QCOMPARE(t.setRate("default", "nope", 10).error().code, Error::Code::NotFound);
    QCOMPARE(t.setRate("default", "web", -1).error().code, Error::Code::Invalid);
    QCOMPARE(t.setRate("default", "web", Traffic::kMaxRate + 1).error().code, Error::Code::Invalid);
    QCOMPARE(t.setWeights("default", "web", {{"v1", -1}}).error().code, Error::Code::Invalid);
    QCOMPARE(t.setWeights("default", "web", {{"v1", 0}}).error().code, Error::Code::Invalid);
    QCOMPARE(t.setWeights("default", "web", {{"", 1}}).error().code, Error::Code::Invalid);
    QCOMPARE(t.setWeights("default", "web", {{"version in (v1", 1}}).error().code, Error::Code::Invalid);
    QVERIFY(t.setWeights("default", "web", {{"version=v1", 1}}).ok());
    QVERIFY(t.setWeights("default", "web", {}).ok());
    // off by default: nothing runs
    runFor(*sb, 5'000);
    QVERIFY(!t.stats("default", "web") || t.stats("default", "web")->history.empty());
    QCOMPARE(t.rate("default", "web"), 0.0);
    QVERIFY(t.ticks() == 0);
}

void tst_Traffic::noEndpointsMeansEveryRequestFails()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->traffic().setRate("default", "web", 50).ok());
    runFor(*sb, 10'500);
    const auto st = sb->traffic().stats("default", "web", true);
    QVERIFY(st);
    QCOMPARE(st->history.size(), std::size_t(10));
    QCOMPARE(st->requests, std::uint64_t(500));
    QCOMPARE(st->failures, std::uint64_t(500));
    QCOMPARE(st->errors, std::uint64_t(0));
    QCOMPARE(st->last.total.requestsPerSecond, 50.0);
    QCOMPARE(st->last.total.errorRate(), 1.0);
    QVERIFY(st->last.versions.empty());
    QVERIFY(st->pods.empty());
    QCOMPARE(st->last.total.p95, 0.0); // nothing was answered
}

void tst_Traffic::onlyReadyEndpointsGetTraffic()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 3, "nginx:1.25", "v1")).ok());
    auto &t = sb->traffic();
    QVERIFY(t.setRate("default", "web", 300).ok());
    runFor(*sb, 1'000);
    // the pods are still starting: no endpoint is ready
    QCOMPARE(t.stats("default", "web")->last.total.failuresPerSecond, t.stats("default", "web")->last.total.requestsPerSecond);
    runFor(*sb, 30'000);
    auto st = t.stats("default", "web");
    QCOMPARE(st->pods.size(), std::size_t(3));
    QCOMPARE(st->last.total.requestsPerSecond, 300.0);
    QCOMPARE(st->last.total.errorRate(), 0.0);
    for (const auto &p : st->pods)
        QVERIFY2(p.figures.requestsPerSecond > 50, p.pod.c_str()); // random per connection, about 100 each
    QCOMPARE(st->last.versions.size(), std::size_t(1));
    QCOMPARE(st->last.versions[0].version, std::string("v1"));
    QCOMPARE(st->last.versions[0].endpoints, 3);

    // a crashed container is not ready: once the proxy has caught up, it gets nothing
    const std::string victim = st->pods[0].pod;
    QVERIFY(sb->pods().crashContainer("default", victim).ok());
    (void)sb->flush();
    runFor(*sb, 2'000);
    st = t.stats("default", "web");
    QCOMPARE(st->pods.size(), std::size_t(2));
    for (const auto &p : st->pods)
        QVERIFY(p.pod != victim);
    QCOMPARE(st->last.total.errorRate(), 0.0);
    QCOMPARE(st->last.total.requestsPerSecond, 300.0);
    // the tick in which it crashed: the requests the proxy still sent it failed
    const auto history = t.history("default", "web");
    double failed = 0;
    for (const auto &s : history)
        failed += s.total.failuresPerSecond;
    QVERIFY(failed > 0);
}

void tst_Traffic::terminatingPodsDrainWithoutLosingRequests()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 2, "nginx:1.25", "v1")).ok());
    runFor(*sb, 30'000);
    auto &t = sb->traffic();
    QVERIFY(t.setRate("default", "web", 1000).ok());
    runFor(*sb, 3'000);
    QCOMPARE(t.stats("default", "web")->errors, std::uint64_t(0));
    const auto pods = sb->store().list(api::kind::Pod, "default");
    QVERIFY(!pods.empty());
    const std::string victim = pods.front()->metadata.name;
    runFor(*sb, 500); // mid-tick
    QVERIFY(sb->remove(api::kind::Pod, "default", victim).ok());
    runFor(*sb, 1'500);
    // the tick in which it began to terminate: its share after that went to the other pod, all answered
    const auto st = t.stats("default", "web");
    QCOMPARE(st->errors, std::uint64_t(0));
    QCOMPARE(st->failures, std::uint64_t(0));
    QCOMPARE(st->last.total.requestsPerSecond, 1000.0);
    // once the proxy caught up, the terminating pod gets nothing
    runFor(*sb, 2'000);
    const auto caughtUp = t.stats("default", "web");
    for (const auto &p : caughtUp->pods)
        QVERIFY(p.pod != victim);
}

void tst_Traffic::roundRobinIsEven()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 3, "nginx:1.25", "v1")).ok());
    runFor(*sb, 30'000);
    auto &t = sb->traffic();
    QVERIFY(t.setBalancing("default", "web", cluster::Balancing::RoundRobin).ok());
    QVERIFY(t.setRate("default", "web", 300).ok());
    runFor(*sb, 5'000);
    const auto st = t.stats("default", "web");
    QCOMPARE(st->pods.size(), std::size_t(3));
    for (const auto &p : st->pods)
        QCOMPARE(p.figures.requestsPerSecond, 100.0); // IPVS-style: one after the other
}

void tst_Traffic::weightsAreExact_data()
{
    QTest::addColumn<QString>("canarySubset");
    QTest::addColumn<double>("canaryWeight");
    QTest::newRow("10 % by version") << QStringLiteral("v2") << 10.0;
    QTest::newRow("10 % by selector") << QStringLiteral("version=v2") << 10.0;
    QTest::newRow("50 %") << QStringLiteral("v2") << 50.0;
    QTest::newRow("1 %") << QStringLiteral("version in (v2)") << 1.0;
}

void tst_Traffic::weightsAreExact()
{
    QFETCH(QString, canarySubset);
    QFETCH(double, canaryWeight);
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 4, "nginx:1.25", "v1")).ok());
    QVERIFY(sb->apply(versionedDeployment("web-canary", 1, "nginx:1.26", "v2")).ok());
    runFor(*sb, 30'000);
    auto &t = sb->traffic();
    // without weights, traffic follows the replicas: about a fifth to the canary
    QVERIFY(t.setRate("default", "web", 997).ok());
    runFor(*sb, 10'000);
    auto split = perVersion(t.history("default", "web"), 0);
    const double replicaShare = split["v2"].requests / (split["v1"].requests + split["v2"].requests);
    QVERIFY2(replicaShare > 0.15 && replicaShare < 0.25, std::to_string(replicaShare).c_str());

    QVERIFY(t.setWeights("default", "web", {{canarySubset.toStdString(), canaryWeight}, {"v1", 100 - canaryWeight}}).ok());
    const TimeMs from = sb->sim().now();
    runFor(*sb, 60'000);
    split = perVersion(t.history("default", "web"), from);
    const double total = split["v1"].requests + split["v2"].requests;
    QCOMPARE(total, 997.0 * 60);
    const double share = split["v2"].requests / total;
    QVERIFY2(std::abs(share - canaryWeight / 100) < 0.001, std::to_string(share).c_str());
    const auto st = t.stats("default", "web");
    for (const auto &v : st->last.versions)
        QVERIFY(std::abs(v.weight - (v.version == "v2" ? canaryWeight : 100 - canaryWeight) / 100) < 1e-9);
}

void tst_Traffic::errorRateAndLatencyFollowTheImage()
{
    auto sb = openSandbox();
    QVERIFY(buildLabelledImage(*sb, "shaky:2", "flotilla.sim.error-rate=0.05 flotilla.sim.latency=40ms"));
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 2, "shaky:2", "v2")).ok());
    runFor(*sb, 30'000);
    auto &t = sb->traffic();
    QVERIFY(t.setRate("default", "web", 1000).ok());
    runFor(*sb, 60'000);
    const auto st = t.stats("default", "web");
    QCOMPARE(st->requests, std::uint64_t(60'000));
    const double rate = double(st->errors) / double(st->requests);
    QVERIFY2(std::abs(rate - 0.05) < 0.005, std::to_string(rate).c_str());
    QCOMPARE(st->failures, std::uint64_t(0));
    const auto &f = st->last.total;
    QVERIFY2(std::abs(f.p50 - 40) < 40 * 0.1, std::to_string(f.p50).c_str());
    QVERIFY2(f.p95 > 1.8 * f.p50 && f.p95 < 3 * f.p50, std::to_string(f.p95).c_str());
    QVERIFY(f.p99 > f.p95);
    QCOMPARE(st->last.versions.at(0).version, std::string("v2"));
}

void tst_Traffic::sameSeedSameFigures()
{
    auto story = [](std::uint64_t seed) {
        auto sb = openSandbox(seed);
        (void)buildLabelledImage(*sb, "shaky:2", "flotilla.sim.error-rate=0.1 flotilla.sim.latency=30ms");
        (void)sb->apply(kService);
        (void)sb->apply(versionedDeployment("web", 3, "shaky:2", "v2"));
        (void)sb->traffic().setRate("default", "web", 123.5);
        runFor(*sb, 40'000);
        (void)sb->remove(api::kind::Pod, "default", sb->store().list(api::kind::Pod, "default").front()->metadata.name);
        runFor(*sb, 20'000);
        return sb->traffic().stats("default", "web", true).value();
    };
    const auto a = story(42), b = story(42), c = story(43);
    QCOMPARE(a.history.size(), b.history.size());
    QVERIFY(!a.history.empty());
    for (std::size_t i = 0; i < a.history.size(); ++i) {
        QCOMPARE(a.history[i].time, b.history[i].time);
        QVERIFY(a.history[i].total == b.history[i].total);
        QVERIFY(a.history[i].versions == b.history[i].versions);
    }
    QCOMPARE(a.errors, b.errors);
    QCOMPARE(a.requests, b.requests);
    bool differs = a.errors != c.errors;
    for (std::size_t i = 0; i < std::min(a.history.size(), c.history.size()); ++i)
        differs |= !(a.history[i].total == c.history[i].total);
    QVERIFY(differs);
}

void tst_Traffic::historyIsBounded()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    auto &t = sb->traffic();
    QVERIFY(t.setRate("default", "web", 2).ok());
    runFor(*sb, TimeMs(Traffic::kHistory + 100) * 1000);
    const auto h = t.history("default", "web");
    QCOMPARE(h.size(), Traffic::kHistory);
    QCOMPARE(h.back().time, sb->sim().now() / 1000 * 1000);
    // a reader asking for what is new since a time gets only that
    const auto recent = t.allStats(h[h.size() - 4].time);
    QCOMPARE(recent.size(), std::size_t(1));
    QCOMPARE(recent[0].history.size(), std::size_t(3));
    // stopping keeps the figures, without new samples
    QVERIFY(t.setRate("default", "web", 0).ok());
    runFor(*sb, 10'000);
    QCOMPARE(t.history("default", "web").back().time, h.back().time);
    // a deleted Service's figures go
    QVERIFY(t.setRate("default", "web", 1).ok());
    QVERIFY(sb->remove(api::kind::Service, "default", "web").ok());
    runFor(*sb, 2'000);
    QVERIFY(!t.stats("default", "web"));
}

void tst_Traffic::registryHoldsInstancesWithStatus()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kService).ok());
    QVERIFY(sb->apply(versionedDeployment("web", 3, "nginx:1.25", "v1")).ok());
    (void)sb->flush();
    runFor(*sb, 200);
    auto reg = sb->traffic().registry("default", "web");
    QCOMPARE(reg.size(), std::size_t(1));
    QCOMPARE(reg[0].up, 0);
    runFor(*sb, 30'000);
    reg = sb->traffic().registry("default", "web");
    QCOMPARE(reg[0].up, 3);
    QCOMPARE(reg[0].instances.size(), std::size_t(3));
    for (const auto &in : reg[0].instances) {
        QCOMPARE(in.status, cluster::RegistryInstance::Status::Up);
        QCOMPARE(in.port, 8080);
        QCOMPARE(in.version, std::string("v1"));
        QVERIFY(!in.ip.empty());
        QVERIFY(in.node.rfind("worker-", 0) == 0);
        QVERIFY(in.lastHeartbeat > 0 && in.lastHeartbeat <= sb->sim().now());
        QVERIFY(sb->sim().now() - in.lastHeartbeat < Traffic::kHeartbeat);
    }
    // a crash takes an instance DOWN; the other two stay UP
    QVERIFY(sb->pods().crashContainer("default", reg[0].instances[0].instanceId).ok());
    (void)sb->flush();
    runFor(*sb, 1'000);
    reg = sb->traffic().registry("default", "web");
    QCOMPARE(reg[0].up, 2);
    QCOMPARE(reg[0].down, 1);
    QCOMPARE(reg[0].instances.back().status, cluster::RegistryInstance::Status::Down);
    // every Service of a namespace, and a limit on instances
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: empty}\nspec:\n  selector: {app: none}\n"
                      "  ports: [{port: 80}]\n").ok());
    runFor(*sb, 1'000);
    reg = sb->traffic().registry("default", {}, 1);
    QCOMPARE(reg.size(), sb->store().list(api::kind::Service, "default").size());
    QVERIFY(std::any_of(reg.begin(), reg.end(), [](const auto &r) { return r.name == "web" && r.instances.size() == 1 && r.up == 2; }));
}

QTEST_GUILESS_MAIN(tst_Traffic)
#include "tst_traffic.moc"
