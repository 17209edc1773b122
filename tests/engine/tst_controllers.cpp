#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>
#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QtTest>

using namespace flotilla::engine;

namespace {
std::string deployment(int replicas, const std::string &image, const std::string &extra = {})
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: " +
           std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n" + extra +
           "  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n"
           "        image: '" + image + "'\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n";
}

std::unique_ptr<sandbox::Sandbox> openSandbox(std::uint64_t seed = 11) { return flotilla::testutil::openSandbox(seed); }

using flotilla::testutil::runFor;

std::vector<api::ObjectPtr> podsOfApp(sandbox::Sandbox &sb, const std::string &app = "web")
{
    std::vector<api::ObjectPtr> out;
    for (const auto &p : sb.store().list(api::kind::Pod, "default"))
        if (p->metadata.labels.count("app") && p->metadata.labels.at("app") == app)
            out.push_back(p);
    return out;
}

int running(sandbox::Sandbox &sb, const std::string &image = {})
{
    int n = 0;
    for (const auto &p : podsOfApp(sb)) {
        const auto s = api::summarizePod(*p);
        if (s.status == "Running" && (image.empty() || s.images == image))
            ++n;
    }
    return n;
}

std::vector<api::ObjectPtr> replicaSets(sandbox::Sandbox &sb) { return sb.store().list(api::kind::ReplicaSet, "default"); }
} // namespace

class tst_Controllers : public QObject {
    Q_OBJECT
private slots:
    void deploymentRunsItsReplicas();
    void scaleDownAndUp();
    void deletedPodIsReplaced();
    void rollingUpdateKeepsWithinSurgeAndUnavailable_data();
    void rollingUpdateKeepsWithinSurgeAndUnavailable();
    void recreateStopsOldPodsFirst();
    void rollbackBringsTheOldTemplateBack();
    void pausedDeploymentDoesNotRollOut();
    void progressDeadlineStaysExceeded();
    void deletingADeploymentDeletesEverything();
    void replicaSetAdoptsOrphans();
    void negativeReplicasAreRefused();
    void sameSeedSameStory();
    void failedNodesPodsComeBackElsewhere();
    void crashedContainerBacksOff();
    void imagesCanAskToCrash();
    void cordonAndDrain();
    void servicesGetAddressesAndEndpoints();
    void podsAreClassedByQualityOfService();
};

void tst_Controllers::deploymentRunsItsReplicas()
{
    auto sb = openSandbox();
    const auto out = sb->apply(deployment(6, "nginx:1.25"));
    QVERIFY(out.ok());
    QVERIFY(out.warnings.empty());
    runFor(*sb, 20'000);
    QCOMPARE(running(*sb), 6);
    const auto sets = replicaSets(*sb);
    QCOMPARE(sets.size(), size_t(1));
    const auto &rs = *sets.front();
    QCOMPARE(rs.metadata.annotations.at("deployment.kubernetes.io/revision"), std::string("1"));
    const std::string hash = rs.metadata.labels.at("pod-template-hash");
    QCOMPARE(rs.metadata.name, "web-" + hash);
    std::map<std::string, int> perNode;
    for (const auto &p : podsOfApp(*sb)) {
        QCOMPARE(p->metadata.ownerReferences.at(0).uid, rs.metadata.uid);
        QCOMPARE(p->metadata.labels.at("pod-template-hash"), hash);
        QVERIFY(p->metadata.name.rfind("web-" + hash + "-", 0) == 0);
        ++perNode[api::stringField(p->spec(), "nodeName")];
    }
    // spread over both workers, three each (the control plane is tainted)
    QCOMPARE(perNode.size(), size_t(2));
    for (const auto &[node, n] : perNode)
        QCOMPARE(n, 3);
    const auto d = sb->store().get(api::kind::Deployment, "default", "web");
    const auto st = api::WorkloadStatus::decode(d->status());
    QCOMPARE(st.availableReplicas, 6);
    QCOMPARE(st.updatedReplicas, 6);
    bool progressed = false;
    for (const auto &c : st.conditions)
        progressed |= c.type == "Progressing" && c.reason == "NewReplicaSetAvailable";
    QVERIFY(progressed);
}

void tst_Controllers::scaleDownAndUp()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(6, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    QVERIFY(sb->apply(deployment(2, "nginx:1.25")).ok());
    runFor(*sb, 60'000);
    QCOMPARE(int(podsOfApp(*sb).size()), 2);
    QVERIFY(sb->apply(deployment(20, "nginx:1.25")).ok());
    runFor(*sb, 30'000);
    QCOMPARE(running(*sb), 20);
    QCOMPARE(replicaSets(*sb).size(), size_t(1)); // scaling is not a new revision
}

void tst_Controllers::deletedPodIsReplaced()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(3, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    const auto victim = podsOfApp(*sb).front();
    QVERIFY(sb->remove(api::kind::Pod, "default", victim->metadata.name).ok());
    runFor(*sb, 60'000);
    QCOMPARE(running(*sb), 3);
    for (const auto &p : podsOfApp(*sb))
        QVERIFY(p->metadata.name != victim->metadata.name);
}

void tst_Controllers::rollingUpdateKeepsWithinSurgeAndUnavailable_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("surge");
    QTest::addColumn<QString>("unavailable");
    QTest::addColumn<int>("maxPods");
    QTest::addColumn<int>("minAvailable");
    QTest::newRow("surge 1, none unavailable") << 6 << "1" << "0" << 7 << 6;
    QTest::newRow("defaults 25%") << 8 << "25%" << "25%" << 10 << 6;
    QTest::newRow("no surge, 2 unavailable") << 6 << "0" << "2" << 6 << 4;
}

void tst_Controllers::rollingUpdateKeepsWithinSurgeAndUnavailable()
{
    QFETCH(int, replicas);
    QFETCH(QString, surge);
    QFETCH(QString, unavailable);
    QFETCH(int, maxPods);
    QFETCH(int, minAvailable);
    auto sb = openSandbox();
    const std::string strategy = "  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: '" + surge.toStdString() +
                                 "', maxUnavailable: '" + unavailable.toStdString() + "'}}\n";
    auto fix = [](std::string s) { // "1" → 1 (an int, as kubectl would send it)
        for (const char *n : {"'0'", "'1'", "'2'"})
            if (auto p = s.find(n); p != std::string::npos)
                s.replace(p, 3, std::string(1, n[1]));
        return s;
    };
    QVERIFY(sb->apply(deployment(replicas, "nginx:1.25", fix(strategy))).ok());
    runFor(*sb, 30'000);
    QCOMPARE(running(*sb), replicas);
    QVERIFY(sb->apply(deployment(replicas, "nginx:1.26", fix(strategy))).ok());
    // step the rollout and check the promise at every moment: desired pods (the ReplicaSets' replicas)
    // never above replicas + maxSurge, available pods never below replicas - maxUnavailable
    int steps = 0;
    for (TimeMs t = 0; t < 180'000; t += 250) {
        runFor(*sb, 250);
        std::int64_t desired = 0, available = 0;
        for (const auto &rs : replicaSets(*sb)) {
            desired += api::ReplicaSetSpec::decode(rs->spec()).replicas;
            available += api::WorkloadStatus::decode(rs->status()).availableReplicas;
        }
        QVERIFY2(desired <= maxPods, qPrintable(QStringLiteral("%1 desired at %2 ms").arg(desired).arg(t)));
        QVERIFY2(available >= minAvailable, qPrintable(QStringLiteral("%1 available at %2 ms").arg(available).arg(t)));
        ++steps;
        if (running(*sb, "nginx:1.26") == replicas && int(podsOfApp(*sb).size()) == replicas)
            break;
    }
    QCOMPARE(running(*sb, "nginx:1.26"), replicas);
    QCOMPARE(int(podsOfApp(*sb).size()), replicas);
    const auto sets = replicaSets(*sb);
    QCOMPARE(sets.size(), size_t(2));
    for (const auto &rs : sets) {
        const bool isNew = rs->metadata.annotations.at("deployment.kubernetes.io/revision") == "2";
        QCOMPARE(api::ReplicaSetSpec::decode(rs->spec()).replicas, isNew ? replicas : 0);
    }
    QVERIFY(steps > 4); // it really went step by step
}

void tst_Controllers::recreateStopsOldPodsFirst()
{
    auto sb = openSandbox();
    const std::string strategy = "  strategy: {type: Recreate}\n";
    QVERIFY(sb->apply(deployment(3, "nginx:1.25", strategy)).ok());
    runFor(*sb, 20'000);
    QVERIFY(sb->apply(deployment(3, "nginx:1.26", strategy)).ok());
    bool sawBothVersions = false;
    for (int i = 0; i < 400; ++i) {
        runFor(*sb, 250);
        bool old = false, fresh = false;
        for (const auto &p : podsOfApp(*sb)) {
            const auto images = api::summarizePod(*p).images;
            old |= images == "nginx:1.25";
            fresh |= images == "nginx:1.26";
        }
        sawBothVersions |= old && fresh;
    }
    QVERIFY(!sawBothVersions);
    QCOMPARE(running(*sb, "nginx:1.26"), 3);
}

void tst_Controllers::rollbackBringsTheOldTemplateBack()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(3, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    QVERIFY(sb->apply(deployment(3, "nginx:1.26")).ok());
    runFor(*sb, 120'000);
    QCOMPARE(running(*sb, "nginx:1.26"), 3);
    auto r = sb->rollbackDeployment("default", "web");
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    runFor(*sb, 120'000);
    QCOMPARE(running(*sb, "nginx:1.25"), 3);
    QCOMPARE(int(podsOfApp(*sb).size()), 3);
    // the old ReplicaSet came back as revision 3; no third ReplicaSet
    const auto sets = replicaSets(*sb);
    QCOMPARE(sets.size(), size_t(2));
    std::set<std::string> revisions;
    for (const auto &rs : sets)
        revisions.insert(rs->metadata.annotations.at("deployment.kubernetes.io/revision"));
    QCOMPARE(revisions, (std::set<std::string>{"2", "3"}));
    QVERIFY(!sb->rollbackDeployment("default", "web", 99).ok());
    QVERIFY(!sb->rollbackDeployment("default", "nope").ok());
}

void tst_Controllers::pausedDeploymentDoesNotRollOut()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(2, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    QVERIFY(sb->apply(deployment(2, "nginx:1.26", "  paused: true\n")).ok());
    runFor(*sb, 60'000);
    QCOMPARE(running(*sb, "nginx:1.25"), 2);
    QCOMPARE(replicaSets(*sb).size(), size_t(1));
    QVERIFY(sb->apply(deployment(2, "nginx:1.26")).ok()); // resume
    runFor(*sb, 120'000);
    QCOMPARE(running(*sb, "nginx:1.26"), 2);
}

void tst_Controllers::progressDeadlineStaysExceeded()
{
    auto sb = openSandbox();
    const auto progressing = [&] {
        const auto d = sb->store().get(api::kind::Deployment, "default", "web");
        for (const auto &c : api::field(d->status(), "conditions"))
            if (api::stringField(c, "type") == "Progressing")
                return api::stringField(c, "reason");
        return std::string();
    };
    QVERIFY(sb->apply(deployment(2, "nginx:1.25", "  progressDeadlineSeconds: 20\n")).ok());
    runFor(*sb, 20'000);
    QCOMPARE(progressing(), std::string("NewReplicaSetAvailable"));
    QVERIFY(sb->apply(deployment(2, "nginx:9.99", "  progressDeadlineSeconds: 20\n")).ok()); // no such tag
    runFor(*sb, 40'000);
    QCOMPARE(progressing(), std::string("ProgressDeadlineExceeded"));
    runFor(*sb, 40'000); // and it stays so while nothing moves
    QCOMPARE(progressing(), std::string("ProgressDeadlineExceeded"));
    QCOMPARE(running(*sb, "nginx:1.25"), 2);
    QVERIFY(sb->apply(deployment(2, "nginx:1.26", "  progressDeadlineSeconds: 20\n")).ok()); // a fix goes on
    runFor(*sb, 60'000);
    QCOMPARE(progressing(), std::string("NewReplicaSetAvailable"));
    QCOMPARE(running(*sb, "nginx:1.26"), 2);
}

void tst_Controllers::deletingADeploymentDeletesEverything()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(4, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    QVERIFY(sb->remove(api::kind::Deployment, "default", "web").ok());
    runFor(*sb, 60'000);
    QVERIFY(replicaSets(*sb).empty());
    QVERIFY(podsOfApp(*sb).empty());
}

void tst_Controllers::replicaSetAdoptsOrphans()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: stray, labels: {app: web}}\nspec:\n"
                      "  containers: [{name: web, image: 'nginx:1.25'}]\n")
                .ok());
    runFor(*sb, 10'000);
    QVERIFY(sb->apply("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                      "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                      "    spec: {containers: [{name: web, image: 'nginx:1.25'}]}\n")
                .ok());
    runFor(*sb, 20'000);
    const auto pods = podsOfApp(*sb);
    QCOMPARE(pods.size(), size_t(2)); // the stray one and one new
    bool strayAdopted = false;
    for (const auto &p : pods)
        if (p->metadata.name == "stray")
            strayAdopted = !p->metadata.ownerReferences.empty();
    QVERIFY(strayAdopted);
}

void tst_Controllers::negativeReplicasAreRefused()
{
    auto sb = openSandbox();
    const auto out = sb->apply(deployment(-1, "nginx:1.25"));
    QVERIFY(!out.ok());
    QVERIFY(out.errors.front().toString().find("spec.replicas") != std::string::npos);
}

void tst_Controllers::sameSeedSameStory()
{
    auto story = [] {
        auto sb = openSandbox(77);
        (void)sb->apply(deployment(5, "nginx:1.25"));
        runFor(*sb, 20'000);
        (void)sb->apply(deployment(5, "nginx:1.26"));
        runFor(*sb, 120'000);
        std::vector<std::string> out;
        for (const auto &p : sb->store().list(api::kind::Pod, "default"))
            out.push_back(p->metadata.name + "@" + api::stringField(p->spec(), "nodeName"));
        for (const auto &e : sb->store().list(api::kind::Event, "default"))
            out.push_back(api::summarizeEvent(*e).reason + ":" + api::summarizeEvent(*e).message);
        return out;
    };
    QCOMPARE(story(), story());
}

void tst_Controllers::failedNodesPodsComeBackElsewhere()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(4, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    QCOMPARE(running(*sb), 4);
    QVERIFY(sb->nodes().failNode("worker-1").ok());
    runFor(*sb, 45'000); // past the grace period: NotReady and tainted, pods not evicted yet
    auto node = sb->store().get(api::kind::Node, {}, "worker-1");
    QCOMPARE(api::summarizeNode(*node).status, std::string("NotReady"));
    QVERIFY(node->spec().dump().find("node.kubernetes.io/unreachable") != std::string::npos);
    int onFailed = 0;
    for (const auto &p : podsOfApp(*sb))
        onFailed += api::stringField(p->spec(), "nodeName") == "worker-1" ? 1 : 0;
    QCOMPARE(onFailed, 2);
    runFor(*sb, 300'000); // the toleration runs out: evicted, replaced on the healthy worker
    int runningElsewhere = 0, terminating = 0;
    for (const auto &p : podsOfApp(*sb)) {
        const auto s = api::summarizePod(*p);
        if (s.status == "Running" && s.node == "worker-2")
            ++runningElsewhere;
        if (s.status == "Terminating")
            ++terminating;
    }
    QCOMPARE(runningElsewhere, 4);
    QCOMPARE(terminating, 2); // a node that is down cannot confirm its pods stopped
    QVERIFY(sb->nodes().recoverNode("worker-1").ok());
    runFor(*sb, 10'000);
    QCOMPARE(int(podsOfApp(*sb).size()), 4);
    node = sb->store().get(api::kind::Node, {}, "worker-1");
    QCOMPARE(api::summarizeNode(*node).status, std::string("Ready"));
    QVERIFY(node->spec().dump().find("unreachable") == std::string::npos);
    QVERIFY(!sb->nodes().failNode("nope").ok());
}

void tst_Controllers::crashedContainerBacksOff()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(1, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    const auto pod = podsOfApp(*sb).front();
    const std::string name = pod->metadata.name;
    std::vector<int> backoffs;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(sb->pods().crashContainer("default", name).ok());
        QVERIFY(sb->flush().ok());
        const auto crashed = sb->store().get(api::kind::Pod, "default", name);
        const auto s = api::summarizePod(*crashed);
        QCOMPARE(s.status, std::string("CrashLoopBackOff"));
        QCOMPARE(s.restarts, i + 1);
        QCOMPARE(s.readyContainers, 0);
        // the waiting message names the back-off: 10s, 20s, 40s
        const std::string msg = crashed->status()["containerStatuses"][0]["state"]["waiting"]["message"];
        backoffs.push_back(std::atoi(msg.c_str() + std::string("back-off ").size()));
        runFor(*sb, TimeMs(backoffs.back()) * 1000 + 100);
        QCOMPARE(api::summarizePod(*sb->store().get(api::kind::Pod, "default", name)).status, std::string("Running"));
    }
    QCOMPARE(backoffs, (std::vector<int>{10, 20, 40}));
    int backOffEvents = 0;
    for (const auto &e : sb->store().list(api::kind::Event, "default"))
        backOffEvents += api::summarizeEvent(*e).reason == "BackOff" ? 1 : 0;
    QCOMPARE(backOffEvents, 3);
    // restartPolicy Never: the pod fails
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: once}\nspec:\n  restartPolicy: Never\n"
                      "  containers: [{name: c, image: 'busybox:1.36'}]\n")
                .ok());
    runFor(*sb, 10'000);
    QVERIFY(sb->pods().crashContainer("default", "once").ok());
    QVERIFY(sb->flush().ok());
    QCOMPARE(api::stringField(sb->store().get(api::kind::Pod, "default", "once")->status(), "phase"),
             std::string("Failed"));
    QVERIFY(!sb->pods().crashContainer("default", "once").ok()); // nothing running any more
}

void tst_Controllers::imagesCanAskToCrash()
{
    auto sb = openSandbox();
    image::Builder builder(sb->imageStore());
    image::BuildOptions opt;
    opt.dockerfile = "FROM busybox:1.36\nLABEL flotilla.sim.crash-after=30s\n";
    opt.tags = {"crashy:1"};
    QTemporaryDir ctxDir;
    auto ctx = image::BuildContext::fromDirectory(ctxDir.path().toStdString());
    QVERIFY(ctx.ok());
    auto built = builder.build(**ctx, opt, {});
    QVERIFY(built.ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: crashy}\nspec:\n"
                      "  containers: [{name: c, image: 'crashy:1'}]\n")
                .ok());
    runFor(*sb, 10'000);
    QCOMPARE(api::summarizePod(*sb->store().get(api::kind::Pod, "default", "crashy")).restarts, 0);
    runFor(*sb, 30'000);
    QCOMPARE(api::summarizePod(*sb->store().get(api::kind::Pod, "default", "crashy")).restarts, 1);
}

void tst_Controllers::cordonAndDrain()
{
    auto sb = openSandbox();
    QVERIFY(sb->nodes().cordon("worker-1", true).ok());
    QVERIFY(sb->apply(deployment(4, "nginx:1.25")).ok());
    runFor(*sb, 20'000);
    for (const auto &p : podsOfApp(*sb))
        QCOMPARE(api::stringField(p->spec(), "nodeName"), std::string("worker-2"));
    QCOMPARE(api::summarizeNode(*sb->store().get(api::kind::Node, {}, "worker-1")).status,
             std::string("Ready,SchedulingDisabled"));
    QVERIFY(sb->nodes().cordon("worker-1", false).ok());
    auto evicted = sb->nodes().drain("worker-2");
    QVERIFY(evicted.ok());
    QCOMPARE(*evicted, 4);
    runFor(*sb, 30'000);
    QCOMPARE(running(*sb), 4);
    for (const auto &p : podsOfApp(*sb))
        QCOMPARE(api::stringField(p->spec(), "nodeName"), std::string("worker-1"));
}

void tst_Controllers::servicesGetAddressesAndEndpoints()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(deployment(3, "nginx:1.25")).ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                      "  ports: [{port: 80, targetPort: 8080}]\n---\n"
                      "apiVersion: v1\nkind: Service\nmetadata: {name: web-np}\nspec:\n  type: NodePort\n"
                      "  selector: {app: web}\n  ports: [{port: 80, nodePort: 30080}]\n---\n"
                      "apiVersion: v1\nkind: Service\nmetadata: {name: clash}\nspec:\n  type: NodePort\n"
                      "  selector: {app: none}\n  ports: [{port: 81, nodePort: 30080}]\n")
                .ok());
    runFor(*sb, 20'000);
    const auto svc = sb->store().get(api::kind::Service, "default", "web");
    const std::string ip = api::stringField(svc->spec(), "clusterIP");
    QVERIFY(ip.rfind("10.96.", 0) == 0);
    QVERIFY(ip != api::stringField(sb->store().get(api::kind::Service, "default", "web-np")->spec(), "clusterIP"));
    QCOMPARE(cluster::ServiceController::dnsName("default", "web"), std::string("web.default.svc.cluster.local"));
    // endpoints: the three ready pods, on the target port
    auto ep = sb->store().get(api::kind::Endpoints, "default", "web");
    QVERIFY(ep);
    QCOMPARE(ep->body["subsets"][0]["addresses"].size(), size_t(3));
    QCOMPARE(ep->body["subsets"][0]["ports"][0]["port"].get<int>(), 8080);
    // the clash: the second Service asking for 30080 gets another port and a warning event
    const auto clash = sb->store().get(api::kind::Service, "default", "clash");
    QVERIFY(clash->spec()["ports"][0]["nodePort"].get<int>() != 30080);
    bool warned = false;
    for (const auto &e : sb->store().list(api::kind::Event, "default"))
        warned |= api::summarizeEvent(*e).reason == "PortAlreadyAllocated";
    QVERIFY(warned);
    // a selector matching nothing: empty endpoints, no crash
    QVERIFY(sb->store().get(api::kind::Endpoints, "default", "clash")->body["subsets"].empty());
    // a crashed container leaves the ready addresses; it comes back after its back-off
    const auto pod = podsOfApp(*sb).front();
    QVERIFY(sb->pods().crashContainer("default", pod->metadata.name).ok());
    (void)sb->flush();
    runFor(*sb, 1000);
    ep = sb->store().get(api::kind::Endpoints, "default", "web");
    QCOMPARE(ep->body["subsets"][0]["addresses"].size(), size_t(2));
    QCOMPARE(ep->body["subsets"][0]["notReadyAddresses"].size(), size_t(1));
    runFor(*sb, 15'000);
    QCOMPARE(sb->store().get(api::kind::Endpoints, "default", "web")->body["subsets"][0]["addresses"].size(), size_t(3));
    // deleting the Service deletes its Endpoints
    QVERIFY(sb->remove(api::kind::Service, "default", "web").ok());
    runFor(*sb, 1000);
    QVERIFY(!sb->store().get(api::kind::Endpoints, "default", "web"));
}

void tst_Controllers::podsAreClassedByQualityOfService()
{
    auto sb = openSandbox();
    const auto out = sb->apply(R"(
apiVersion: v1
kind: Pod
metadata: {name: besteffort}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Pod
metadata: {name: burstable}
spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {cpu: 200m, memory: 128Mi}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: guaranteed}
spec: {containers: [{name: c, image: nginx, resources: {limits: {cpu: 200m, memory: 128Mi}}}]}
)");
    QVERIFY(out.ok());
    runFor(*sb, 20'000);
    for (const auto &[name, qos] : std::map<std::string, std::string>{
             {"besteffort", "BestEffort"}, {"burstable", "Burstable"}, {"guaranteed", "Guaranteed"}}) {
        const auto pod = sb->store().get(api::kind::Pod, "default", name);
        QVERIFY(pod);
        QCOMPARE(api::stringField(pod->status(), "qosClass"), qos);
    }
}

QTEST_GUILESS_MAIN(tst_Controllers)
#include "tst_controllers.moc"
