#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/validation.h>
#include <engine/cluster/scheduler.h>
#include <engine/sandbox/sandbox.h>

#include <QtTest>

using namespace flotilla::engine;
using namespace flotilla::engine::cluster;

namespace {
api::MutableObjectPtr node(const std::string &name, const std::string &cpu, const std::string &memory, int pods = 110,
                           api::Json extraSpec = api::Json::object(), api::Labels labels = {}, bool ready = true)
{
    auto n = std::make_shared<api::Object>();
    n->apiVersion = "v1";
    n->kind = "Node";
    n->metadata.name = name;
    n->metadata.labels = labels;
    n->metadata.labels["kubernetes.io/hostname"] = name;
    n->body["spec"] = extraSpec;
    n->body["status"] = {
        {"capacity", {{"cpu", cpu}, {"memory", memory}, {"pods", std::to_string(pods)}}},
        {"allocatable", {{"cpu", cpu}, {"memory", memory}, {"pods", std::to_string(pods)}}},
        {"conditions", {{{"type", "Ready"}, {"status", ready ? "True" : "False"}}}},
    };
    return n;
}

SchedulingRequest request(const std::string &yamlSpec, const std::string &owner = {})
{
    auto docs = api::parseDocuments("apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n" +
                                    yamlSpec);
    if (!docs.ok())
        qFatal("bad test pod: %s", docs.error().toString().c_str());
    auto objs = api::decodeObjects(*docs);
    if (!objs.ok())
        qFatal("bad test pod: %s", objs.error().toString().c_str());
    auto pod = objs->front().object;
    if (!owner.empty())
        pod->metadata.ownerReferences.push_back({"apps/v1", "ReplicaSet", "rs", owner, true, true});
    return SchedulingRequest::fromPod(*pod);
}

const char *kSmall = "  containers: [{name: c, image: app:1, resources: {requests: {cpu: 100m, memory: 64Mi}}}]\n";
} // namespace

class tst_Scheduler : public QObject {
    Q_OBJECT
private slots:
    void filters_data();
    void filters();
    void kubernetesMessage();
    void leastAllocatedPrefersEmptierNodes();
    void podsOfOneOwnerSpread();
    void imageLocality();
    void nodesToFindInLargeClusters_data();
    void nodesToFindInLargeClusters();
    void searchRotatesAndStopsEarly();
    void sameSeedSameChoices();
    void decisionIsKeptOnThePod();
};

void tst_Scheduler::filters_data()
{
    QTest::addColumn<QString>("podSpec");
    QTest::addColumn<QString>("nodeSpec"); // JSON: node spec
    QTest::addColumn<QString>("nodeLabels"); // k=v,k=v
    QTest::addColumn<bool>("ready");
    QTest::addColumn<QString>("reason"); // "" = fits
    QTest::newRow("fits") << kSmall << "{}" << "" << true << "";
    QTest::newRow("cpu") << "  containers: [{name: c, image: a, resources: {requests: {cpu: '5'}}}]\n" << "{}" << ""
                         << true << "Insufficient cpu";
    QTest::newRow("memory") << "  containers: [{name: c, image: a, resources: {requests: {memory: 9Gi}}}]\n" << "{}"
                            << "" << true << "Insufficient memory";
    QTest::newRow("limit counts as request")
        << "  containers: [{name: c, image: a, resources: {limits: {cpu: '5'}}}]\n" << "{}" << "" << true
        << "Insufficient cpu";
    QTest::newRow("selector") << QString(kSmall) + "  nodeSelector: {disk: ssd}\n" << "{}" << "disk=hdd" << true
                              << "node(s) didn't match Pod's node affinity/selector";
    QTest::newRow("selector ok") << QString(kSmall) + "  nodeSelector: {disk: ssd}\n" << "{}" << "disk=ssd" << true
                                 << "";
    const QString affinity = QString(kSmall) +
                             "  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
                             "{nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a, b]}]}]}}}\n";
    QTest::newRow("affinity in") << affinity << "{}" << "zone=b" << true << "";
    QTest::newRow("affinity not in") << affinity << "{}" << "zone=c" << true
                                     << "node(s) didn't match Pod's node affinity/selector";
    const QString gt = QString(kSmall) +
                       "  affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
                       "{nodeSelectorTerms: [{matchExpressions: [{key: gen, operator: Gt, values: ['3']}]}, "
                       "{matchExpressions: [{key: gpu, operator: Exists}]}]}}}\n";
    QTest::newRow("affinity gt") << gt << "{}" << "gen=4" << true << "";
    QTest::newRow("affinity second term") << gt << "{}" << "gen=2,gpu=yes" << true << "";
    QTest::newRow("affinity none") << gt << "{}" << "gen=2" << true
                                   << "node(s) didn't match Pod's node affinity/selector";
    QTest::newRow("taint") << kSmall << R"({"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]})" << ""
                           << true << "node(s) had untolerated taint {dedicated: db}";
    QTest::newRow("taint tolerated")
        << QString(kSmall) + "  tolerations: [{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]\n"
        << R"({"taints":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]})" << "" << true << "";
    QTest::newRow("taint exists") << QString(kSmall) + "  tolerations: [{operator: Exists}]\n"
                                  << R"({"taints":[{"key":"x","value":"y","effect":"NoExecute"}]})" << "" << true << "";
    QTest::newRow("prefer no schedule") << kSmall << R"({"taints":[{"key":"x","value":"y","effect":"PreferNoSchedule"}]})"
                                        << "" << true << "";
    QTest::newRow("cordoned") << kSmall << R"({"unschedulable":true})" << "" << true << "node(s) were unschedulable";
    QTest::newRow("not ready") << kSmall << "{}" << "" << false
                               << "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
}

void tst_Scheduler::filters()
{
    QFETCH(QString, podSpec);
    QFETCH(QString, nodeSpec);
    QFETCH(QString, nodeLabels);
    QFETCH(bool, ready);
    QFETCH(QString, reason);
    api::Labels labels;
    for (const QString &kv : nodeLabels.split(QLatin1Char(','), Qt::SkipEmptyParts))
        labels[kv.section(QLatin1Char('='), 0, 0).toStdString()] = kv.section(QLatin1Char('='), 1).toStdString();
    Scheduler s;
    s.upsertNode(*node("n1", "4", "8Gi", 110, api::Json::parse(nodeSpec.toStdString()), labels, ready));
    sim::Random rnd(1);
    const auto d = s.schedule(request(podSpec.toStdString()), rnd);
    if (reason.isEmpty()) {
        QCOMPARE(QString::fromStdString(d.node), QStringLiteral("n1"));
    } else {
        QVERIFY(d.node.empty());
        QCOMPARE(d.filtered.size(), size_t(1));
        QCOMPARE(QString::fromStdString(d.filtered.begin()->first), reason);
        QCOMPARE(QString::fromStdString(d.nodeReasons.at("n1")), reason);
    }
}

void tst_Scheduler::kubernetesMessage()
{
    Scheduler s;
    s.upsertNode(*node("a", "1", "8Gi"));
    s.upsertNode(*node("b", "1", "8Gi", 110, {}, {{"disk", "hdd"}}));
    s.upsertNode(*node("c", "1", "8Gi", 110, {{"unschedulable", true}}));
    sim::Random rnd(1);
    auto d = s.schedule(request("  containers: [{name: c, image: a, resources: {requests: {cpu: '2'}}}]\n"), rnd);
    QCOMPARE(d.message(), std::string("0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were unschedulable."));
    Scheduler empty;
    QCOMPARE(empty.schedule(request(kSmall), rnd).message(),
             std::string("0/0 nodes are available: no nodes available to schedule pods."));
    // host ports: the second pod asking for 8080 cannot share the node
    Scheduler ports;
    ports.upsertNode(*node("only", "4", "8Gi"));
    const auto web = request("  containers: [{name: c, image: a, ports: [{containerPort: 80, hostPort: 8080}]}]\n");
    ports.addPod("only", web);
    auto second = ports.schedule(web, rnd);
    QCOMPARE(second.message(),
             std::string("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports."));
    // too many pods
    Scheduler full;
    full.upsertNode(*node("tiny", "4", "8Gi", 1));
    full.addPod("tiny", request(kSmall));
    QCOMPARE(full.schedule(request(kSmall), rnd).message(), std::string("0/1 nodes are available: 1 Too many pods."));
}

void tst_Scheduler::leastAllocatedPrefersEmptierNodes()
{
    Scheduler s;
    s.upsertNode(*node("busy", "4", "8Gi"));
    s.upsertNode(*node("idle", "4", "8Gi"));
    s.addPod("busy", request("  containers: [{name: c, image: x, resources: {requests: {cpu: '2', memory: 4Gi}}}]\n"));
    sim::Random rnd(1);
    const auto d = s.schedule(request(kSmall), rnd);
    QCOMPARE(d.node, std::string("idle"));
    QCOMPARE(d.scores.size(), size_t(2));
    QCOMPARE(d.scores[0].node, std::string("idle"));
    QVERIFY(d.scores[0].leastAllocated > d.scores[1].leastAllocated);
    // balanced: a node whose CPU is taken but memory free is unbalanced for a pod
    QVERIFY(d.scores[0].balancedAllocation >= d.scores[1].balancedAllocation);
}

void tst_Scheduler::podsOfOneOwnerSpread()
{
    Scheduler s;
    for (const char *n : {"n1", "n2", "n3"})
        s.upsertNode(*node(n, "8", "16Gi"));
    sim::Random rnd(7);
    std::map<std::string, int> perNode;
    for (int i = 0; i < 6; ++i) {
        const auto r = request(kSmall, "owner-1");
        const auto d = s.schedule(r, rnd);
        QVERIFY(!d.node.empty());
        s.addPod(d.node, r);
        ++perNode[d.node];
    }
    QCOMPARE(perNode.size(), size_t(3));
    for (const auto &[n, count] : perNode)
        QCOMPARE(count, 2);
}

void tst_Scheduler::imageLocality()
{
    Scheduler s;
    s.upsertNode(*node("cold", "4", "8Gi"));
    s.upsertNode(*node("warm", "4", "8Gi"));
    s.addImage("warm", "big:1", 900LL << 20);
    sim::Random rnd(3);
    const auto d = s.schedule(request("  containers: [{name: c, image: 'big:1'}]\n"), rnd);
    QCOMPARE(d.node, std::string("warm"));
    QVERIFY(d.scores[0].imageLocality > 80);
    QCOMPARE(d.scores[1].imageLocality, 0);
}

void tst_Scheduler::nodesToFindInLargeClusters_data()
{
    QTest::addColumn<int>("nodes");
    QTest::addColumn<int>("expected");
    QTest::newRow("small") << 3 << 3;
    QTest::newRow("100") << 100 << 100;
    QTest::newRow("1000") << 1000 << 420;   // 42%
    QTest::newRow("5000") << 5000 << 500;   // 10%
    QTest::newRow("50000") << 50000 << 2500; // the 5% floor
    QTest::newRow("150") << 150 << 100;     // never fewer than 100
}

void tst_Scheduler::nodesToFindInLargeClusters()
{
    QFETCH(int, nodes);
    QFETCH(int, expected);
    QCOMPARE(Scheduler::nodesToFind(nodes), expected);
}

void tst_Scheduler::searchRotatesAndStopsEarly()
{
    Scheduler s;
    for (int i = 0; i < 1000; ++i)
        s.upsertNode(*node("n" + std::to_string(i), "4", "8Gi"));
    sim::Random rnd(1);
    const auto first = s.schedule(request(kSmall), rnd);
    QCOMPARE(first.nodesEvaluated, 420);
    QCOMPARE(first.nodesFeasible, 420);
    QCOMPARE(first.scores.size(), SchedulingDecision::kKeptScores);
    for (std::size_t i = 1; i < first.scores.size(); ++i)
        QVERIFY(first.scores[i - 1].total >= first.scores[i].total || i == 1);
}

void tst_Scheduler::sameSeedSameChoices()
{
    auto run = [] {
        Scheduler s;
        for (int i = 0; i < 50; ++i)
            s.upsertNode(*node("n" + std::to_string(i), "4", "8Gi"));
        sim::Random rnd(42);
        std::vector<std::string> out;
        for (int i = 0; i < 300; ++i) {
            const auto r = request(kSmall, "o" + std::to_string(i % 7));
            const auto d = s.schedule(r, rnd);
            s.addPod(d.node, r);
            out.push_back(d.node);
        }
        return out;
    };
    QCOMPARE(run(), run());
}

void tst_Scheduler::decisionIsKeptOnThePod()
{
    sandbox::SandboxOptions opts;
    opts.seed = 9;
    auto sb = sandbox::Sandbox::open(opts);
    QVERIFY(sb.ok());
    auto &s = **sb;
    const auto out = s.apply("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: c, "
                             "image: 'nginx:1.25', resources: {requests: {cpu: 100m}}}]\n---\n"
                             "apiVersion: v1\nkind: Pod\nmetadata: {name: huge}\nspec:\n  containers: [{name: c, "
                             "image: 'nginx:1.25', resources: {requests: {cpu: '64'}}}]\n");
    QVERIFY(out.ok());
    s.advanceTo(s.sim().now() + 2000);
    const auto web = s.store().get(api::kind::Pod, "default", "web");
    const auto decision = api::Json::parse(web->metadata.annotations.at("scheduling.flotilla.dev/decision"));
    QCOMPARE(decision["node"].get<std::string>(), api::stringField(web->spec(), "nodeName"));
    QVERIFY(decision["scores"].size() >= 1);
    QCOMPARE(decision["scores"][0]["node"], decision["node"]);
    const auto huge = s.store().get(api::kind::Pod, "default", "huge");
    const auto why = api::Json::parse(huge->metadata.annotations.at("scheduling.flotilla.dev/decision"));
    QCOMPARE(why["node"].get<std::string>(), std::string());
    QVERIFY(why["nodeReasons"].size() == 3);
    QVERIFY(api::stringField(huge->status(), "message").find("Insufficient cpu") != std::string::npos);
}

QTEST_GUILESS_MAIN(tst_Scheduler)
#include "tst_scheduler.moc"
