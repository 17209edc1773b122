// Rollouts in the sandbox: the canary strategy end to end, aborted by its analysis, and resumed after a
// restart; the spec's validation.
#include "sandboxtestutil.h"

#include <engine/api/kinds.h>
#include <engine/cluster/deploymentcontroller.h>
#include <engine/api/codec.h>
#include <engine/rollout/export.h>
#include <engine/rollout/rolloutspec.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla;
using namespace flotilla::engine;
using flotilla::testutil::buildLabelledImage;
using flotilla::testutil::openSandbox;
using flotilla::testutil::runFor;

class tst_Rollout : public QObject {
    Q_OBJECT
private slots:
    void invalidSpecs_data();
    void invalidSpecs();
    void canaryRunsItsStepsAndPromotes();
    void failingAnalysisAbortsTheCanary();
    void survivesARestartMidway();
    void blueGreenPromotesAndKeepsBlueForTheDelay();
    void blueGreenSwitchesBackWhenPostPromotionAnalysisFails();
    void rollingUpdateReplacesThePodsInPlace();
    void exportsParseBack();
    void rollingUpdateWithReadinessProbesServesWithoutFailures();
    void blueGreenRollsBackAtOnce();
    void canaryRollbackSkipsTheSteps();
    void rollbackWhileANewVersionRollsOut();
    void canarySplitByReplicas();
    void strategyChangesBetweenVersions();
    void missingImageStopsAtTheDeadline_data();
    void missingImageStopsAtTheDeadline();
};

namespace {
const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

/// A Rollout "web" of 4 replicas of `image` with the given strategy (YAML under `strategy:`).
std::string rolloutWith(const std::string &image, const std::string &strategy, int replicas = 4)
{
    return "apiVersion: flotilla.dev/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  replicas: " + std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: '" + image + "'\n"
           "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n"
           "  strategy:\n" + strategy;
}

std::string rolloutYaml(const std::string &image, const std::string &steps, int replicas = 4)
{
    return rolloutWith(image, "    canary:\n      stableService: web\n      steps:\n" + steps, replicas);
}

std::string selectedRevision(sandbox::Sandbox &sb, const std::string &service)
{
    const auto svc = sb.store().get(api::kind::Service, "default", service);
    return svc ? api::stringField(api::field(svc->spec(), "selector"), rollout::kRevisionLabel) : std::string();
}

api::Json statusOf(sandbox::Sandbox &sb)
{
    const auto ro = sb.store().get(api::kind::Rollout, "default", "web");
    return ro ? ro->status() : api::Json();
}

bool applyYaml(sandbox::Sandbox &sb, const std::string &yaml)
{
    const auto outcome = sb.apply(yaml, "test.yaml");
    if (!outcome.ok())
        for (const auto &e : outcome.errors)
            qWarning("%s", e.toString().c_str());
    return outcome.ok();
}

const cluster::VersionTraffic *versionOfRevision(sandbox::Sandbox &sb, const cluster::ServiceTraffic &stats, const std::string &revision)
{
    for (const auto &pod : sb.store().list(api::kind::Pod, "default"))
        if (pod->metadata.labels.count(rollout::kRevisionLabel) && pod->metadata.labels.at(rollout::kRevisionLabel) == revision)
            for (const auto &v : stats.last.versions)
                if (v.version == cluster::Traffic::versionOf(*pod))
                    return &v;
    return nullptr;
}
} // namespace

void tst_Rollout::invalidSpecs_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QString>("path");
    QTest::newRow("weights go down") << "      - setWeight: 50\n      - setWeight: 20\n" << "spec.strategy.canary.steps[1].setWeight";
    QTest::newRow("unknown traffic split") << "      - setWeight: 20\n      trafficSplit: Mesh\n" << "spec.strategy.canary.trafficSplit";
    QTest::newRow("weight over 100") << "      - setWeight: 120\n" << "spec.strategy.canary.steps[0].setWeight";
    QTest::newRow("unknown step") << "      - wait: 10\n" << "spec.strategy.canary.steps[0].wait";
    QTest::newRow("two kinds in a step") << "      - {setWeight: 10, pause: {}}\n" << "spec.strategy.canary.steps[0]";
    QTest::newRow("bad duration") << "      - pause: {duration: soon}\n" << "spec.strategy.canary.steps[0].pause.duration";
    QTest::newRow("analysis without a metric") << "      - analysis: {count: 3}\n" << "spec.strategy.canary.steps[0].analysis";
    QTest::newRow("no steps") << "      []\n" << "spec.strategy.canary.steps";
}

void tst_Rollout::invalidSpecs()
{
    QFETCH(QString, steps);
    QFETCH(QString, path);
    auto sb = openSandbox(1);
    std::string yaml = rolloutYaml("nginx:1.25", steps.toStdString());
    if (steps.startsWith(QStringLiteral("      []")))
        yaml.replace(yaml.find("      steps:\n      []"), std::string("      steps:\n      []").size(), "      steps: []");
    const auto outcome = sb->apply(yaml, "bad.yaml");
    QVERIFY(!outcome.ok());
    QString all;
    for (const auto &e : outcome.errors)
        all += QString::fromStdString(e.toString()) + QLatin1Char('\n');
    QVERIFY2(all.contains(path), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("bad.yaml:")), qPrintable(all)); // located in the file
    QVERIFY(!sb->store().get(api::kind::Rollout, "default", "web"));     // nothing written
}

void tst_Rollout::canaryRunsItsStepsAndPromotes()
{
    auto sb = openSandbox(11);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=25ms"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", "      - pause: {}\n")));
    runFor(*sb, 60'000);
    api::Json st = statusOf(*sb);
    const std::string v1 = st.value("stableRevision", "");
    QVERIFY(!v1.empty());
    QCOMPARE(st.value("phase", ""), std::string("Healthy")); // the first version is stable at once
    const auto stableDeployment = sb->store().get(api::kind::Deployment, "default", "web-" + v1);
    QVERIFY(stableDeployment);
    QCOMPARE(stableDeployment->status().value("readyReplicas", 0), 4);

    QVERIFY(sb->traffic().setRate("default", "web", 200).ok());
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2", "      - setWeight: 25\n      - pause: {duration: 20s}\n"
                                          "      - analysis: {successRate: 0.95, interval: 5s, count: 3}\n"
                                          "      - setWeight: 50\n      - pause: {duration: 10s}\n")));
    runFor(*sb, 15'000);
    st = statusOf(*sb);
    const std::string v2 = st.value("updatedRevision", "");
    QVERIFY(!v2.empty() && v2 != v1);
    QCOMPARE(st.value("stableRevision", ""), v1);
    QCOMPARE(st.value("phase", ""), std::string("Paused"));
    QCOMPARE(st.value("currentStepIndex", -1), 1);
    QCOMPARE(st.value("weight", -1), 25);
    const auto canary = sb->store().get(api::kind::Deployment, "default", "web-" + v2);
    QVERIFY(canary);
    QCOMPARE(canary->spec().value("replicas", -1), 1); // 25 % of 4
    // exactly a quarter of the requests, though the canary has one pod of five
    const auto stats = sb->traffic().stats("default", "web");
    QVERIFY(stats);
    const cluster::VersionTraffic *c = versionOfRevision(*sb, *stats, v2);
    QVERIFY(c);
    QVERIFY2(std::abs(c->figures.requestsPerSecond - 50) < 8, std::to_string(c->figures.requestsPerSecond).c_str());

    runFor(*sb, 120'000);
    st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QCOMPARE(st.value("stableRevision", ""), v2);
    QCOMPARE(st.value("analysisRun", api::Json()).is_null(), true);
    QVERIFY(!sb->store().get(api::kind::Deployment, "default", "web-" + v1)); // the old version went
    QCOMPARE(sb->store().get(api::kind::Deployment, "default", "web-" + v2)->status().value("readyReplicas", 0), 4);
    QVERIFY(sb->traffic().stats("default", "web")->weights.empty());
    bool completed = false, analysed = false;
    for (const auto &e : sb->store().list(api::kind::Event, "default")) {
        completed |= api::stringField(e->body, "reason") == "RolloutCompleted";
        analysed |= api::stringField(e->body, "reason") == "AnalysisSuccessful";
    }
    QVERIFY(completed && analysed);
}

void tst_Rollout::failingAnalysisAbortsTheCanary()
{
    auto sb = openSandbox(12);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.error-rate=0.4"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", "      - pause: {}\n")));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 200).ok());
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2", "      - setWeight: 20\n"
                                          "      - analysis: {successRate: 0.95, interval: 5s, count: 4}\n"
                                          "      - setWeight: 100\n")));
    runFor(*sb, 60'000);
    const api::Json st = statusOf(*sb);
    const std::string v2 = st.value("updatedRevision", "");
    QCOMPARE(st.value("phase", ""), std::string("Degraded"));
    QCOMPARE(st.value("aborted", false), true);
    QCOMPARE(st.value("stableRevision", ""), v1);
    const std::string message = st.value("message", "");
    QVERIFY2(message.find("analysis") != std::string::npos && message.find("success rate") != std::string::npos, message.c_str());
    QCOMPARE(st.value("weight", -1), 0);
    QCOMPARE(sb->store().get(api::kind::Deployment, "default", "web-" + v2)->spec().value("replicas", -1), 0);
    // all requests on the stable version again, and answered
    runFor(*sb, 10'000);
    const auto stats = sb->traffic().stats("default", "web");
    QVERIFY(stats);
    QVERIFY(stats->last.total.requestsPerSecond > 150);
    QCOMPARE(stats->last.total.errorsPerSecond, 0.0);
    if (const cluster::VersionTraffic *c = versionOfRevision(*sb, *stats, v2))
        QCOMPARE(c->figures.requestsPerSecond, 0.0);
    // retry runs the steps again (and fails again: the image is still broken)
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Retry).ok());
    runFor(*sb, 2'000);
    QCOMPARE(statusOf(*sb).value("aborted", true), false);
}

void tst_Rollout::survivesARestartMidway()
{
    QTemporaryDir dir;
    std::string v2;
    {
        auto sb = openSandbox(13, std::nullopt, dir.path().toStdString());
        QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
        QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
        QVERIFY(applyYaml(*sb, kService));
        QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", "      - pause: {}\n")));
        runFor(*sb, 60'000);
        QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2", "      - setWeight: 50\n      - pause: {}\n")));
        runFor(*sb, 30'000);
        v2 = statusOf(*sb).value("updatedRevision", "");
        QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Paused"));
        QCOMPARE(statusOf(*sb).value("currentStepIndex", -1), 1);
    }
    auto sb = openSandbox(13, std::nullopt, dir.path().toStdString());
    runFor(*sb, 5'000);
    api::Json st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Paused"));
    QCOMPARE(st.value("currentStepIndex", -1), 1);
    QCOMPARE(st.value("weight", -1), 50);
    // the split is back in the service proxy
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    runFor(*sb, 5'000);
    const auto stats = sb->traffic().stats("default", "web");
    QCOMPARE(stats->weights.size(), std::size_t(2));
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
    runFor(*sb, 60'000);
    st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QCOMPARE(st.value("stableRevision", ""), v2);
    // nothing to promote now
    QVERIFY(!sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
}

void tst_Rollout::blueGreenPromotesAndKeepsBlueForTheDelay()
{
    auto sb = openSandbox(14);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, "apiVersion: v1\nkind: Service\nmetadata: {name: web-preview}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"));
    const std::string strategy = "    blueGreen: {activeService: web, previewService: web-preview, scaleDownDelaySeconds: 30}\n";
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v1", strategy)));
    runFor(*sb, 60'000);
    const std::string blue = statusOf(*sb).value("stableRevision", "");
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Healthy"));
    QCOMPARE(selectedRevision(*sb, "web"), blue);

    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", strategy)));
    runFor(*sb, 60'000);
    api::Json st = statusOf(*sb);
    const std::string green = st.value("updatedRevision", "");
    QCOMPARE(st.value("phase", ""), std::string("Paused")); // green is up; no automatic promotion
    QCOMPARE(selectedRevision(*sb, "web"), blue);            // users still on blue
    QCOMPARE(selectedRevision(*sb, "web-preview"), green);   // testers on green
    QCOMPARE(sb->store().get(api::kind::Deployment, "default", "web-" + green)->status().value("readyReplicas", 0), 4);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
    runFor(*sb, 2'000);
    st = statusOf(*sb);
    QCOMPARE(selectedRevision(*sb, "web"), green); // switched at once
    QCOMPARE(st.value("stableRevision", ""), green);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QVERIFY(sb->store().get(api::kind::Deployment, "default", "web-" + blue)); // blue kept for an instant rollback
    runFor(*sb, 40'000);
    QVERIFY(!sb->store().get(api::kind::Deployment, "default", "web-" + blue)); // and gone after the delay
}

void tst_Rollout::blueGreenSwitchesBackWhenPostPromotionAnalysisFails()
{
    auto sb = openSandbox(15);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.error-rate=0.5"));
    QVERIFY(applyYaml(*sb, kService));
    const std::string strategy = "    blueGreen:\n      activeService: web\n      autoPromotionSeconds: 0\n"
                                 "      postPromotionAnalysis: {successRate: 0.95, interval: 5s, count: 3}\n";
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v1", strategy)));
    runFor(*sb, 60'000);
    const std::string blue = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", strategy)));
    runFor(*sb, 90'000);
    const api::Json st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Degraded"));
    QCOMPARE(st.value("aborted", false), true);
    QCOMPARE(st.value("stableRevision", ""), blue);
    QCOMPARE(selectedRevision(*sb, "web"), blue); // switched back
    const std::string message = st.value("message", "");
    QVERIFY2(message.find("switched back") != std::string::npos && message.find("success rate") != std::string::npos, message.c_str());
    bool promoted = false;
    for (const auto &e : sb->store().list(api::kind::Event, "default"))
        promoted |= api::stringField(e->body, "reason") == "Promoted";
    QVERIFY(promoted); // it was promoted first, then the analysis failed
    runFor(*sb, 10'000);
    QCOMPARE(sb->traffic().stats("default", "web")->last.total.errorsPerSecond, 0.0);
}

void tst_Rollout::rollingUpdateReplacesThePodsInPlace()
{
    auto sb = openSandbox(16);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    const std::string strategy = "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n";
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v1", strategy)));
    runFor(*sb, 60'000);
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Healthy"));
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", strategy)));
    std::size_t most = 0;
    for (int i = 0; i < 60; ++i) {
        runFor(*sb, 1'000);
        std::size_t pods = 0;
        for (const auto &p : sb->store().list(api::kind::Pod, "default"))
            pods += !p->metadata.deletionTimestamp;
        most = std::max(most, pods);
    }
    QVERIFY2(most <= 5, std::to_string(most).c_str()); // maxSurge 1 over 4 replicas
    const api::Json st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QVERIFY(st.value("stableRevision", "") != v1);
    const auto d = sb->store().get(api::kind::Deployment, "default", "web"); // one Deployment, updated in place
    QVERIFY(d);
    QCOMPARE(api::stringField(api::field(api::field(d->spec(), "template"), "metadata")["labels"], rollout::kRevisionLabel),
             st.value("stableRevision", ""));
}

void tst_Rollout::exportsParseBack()
{
    auto sb = openSandbox(18);
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, rolloutYaml("nginx:1.25", "      - setWeight: 25\n      - pause: {duration: 20s}\n"
                                                     "      - analysis: {successRate: 0.95, maxP95LatencyMs: 300, interval: 10s, count: 3}\n"
                                                     "      - setWeight: 50\n      - pause: {}\n")));
    const auto ro = sb->store().get(api::kind::Rollout, "default", "web");
    QVERIFY(ro);
    const auto docsOf = [&](rollout::ExportFormat f) -> std::vector<api::Json> {
        auto text = rollout::exportRollout(*ro, f);
        if (!text.ok())
            qFatal("%s", text.error().toString().c_str());
        if (text->rfind("# ", 0) != 0) // it says first what the format cannot express
            qFatal("no header comment: %s", text->c_str());
        auto docs = api::parseDocuments(*text);
        if (!docs.ok())
            qFatal("%s", docs.error().toString().c_str());
        std::vector<api::Json> out;
        for (const auto &d : *docs)
            out.push_back(d.json);
        return out;
    };

    // plain Kubernetes: applies to a cluster as it is; weights become replica counts
    {
        auto text = rollout::exportRollout(*ro, rollout::ExportFormat::Kubernetes);
        QVERIFY(text.ok());
        QVERIFY2(text->find("replica counts") != std::string::npos, text->c_str());
        auto other = openSandbox(19);
        QVERIFY(applyYaml(*other, *text));
        QCOMPARE(other->store().get(api::kind::Deployment, "default", "web-canary")->spec().value("replicas", -1), 1);
        QCOMPARE(other->store().get(api::kind::Deployment, "default", "web")->spec().value("replicas", -1), 4);
        QVERIFY(other->store().get(api::kind::Service, "default", "web"));
    }
    // Argo Rollouts: the same steps, an AnalysisTemplate for the analysis
    {
        const auto docs = docsOf(rollout::ExportFormat::ArgoRollouts);
        QCOMPARE(docs.size(), std::size_t(2));
        QCOMPARE(docs[0].value("apiVersion", ""), std::string("argoproj.io/v1alpha1"));
        QCOMPARE(docs[0].value("kind", ""), std::string("Rollout"));
        const api::Json &steps = docs[0]["spec"]["strategy"]["canary"]["steps"];
        QCOMPARE(steps.size(), std::size_t(5));
        QCOMPARE(steps[0]["setWeight"].get<int>(), 25);
        QCOMPARE(steps[1]["pause"]["duration"].get<std::string>(), std::string("20s"));
        QCOMPARE(steps[2]["analysis"]["templates"][0]["templateName"].get<std::string>(), std::string("web-step-3"));
        QVERIFY(steps[4]["pause"].empty()); // until promoted
        QCOMPARE(docs[1].value("kind", ""), std::string("AnalysisTemplate"));
        QCOMPARE(docs[1]["spec"]["metrics"][0]["successCondition"].get<std::string>(), std::string("result[0] >= 0.95"));
        QCOMPARE(docs[1]["spec"]["metrics"][0]["count"].get<int>(), 3);
        QCOMPARE(docs[1]["spec"]["metrics"][1]["name"].get<std::string>(), std::string("p95-latency"));
    }
    // Flagger: every weight listed, so the last one is reached and the canary can be promoted
    {
        const auto docs = docsOf(rollout::ExportFormat::Flagger);
        QCOMPARE(docs.size(), std::size_t(2));
        QCOMPARE(docs[1].value("kind", ""), std::string("Canary"));
        const api::Json &analysis = docs[1]["spec"]["analysis"];
        QCOMPARE(analysis["stepWeights"], api::Json::array({25, 50}));
        QCOMPARE(analysis["maxWeight"].get<int>(), 50);
        QCOMPARE(analysis["metrics"][0]["thresholdRange"]["min"].get<double>(), 95.0);
        QCOMPARE(analysis["metrics"][1]["thresholdRange"]["max"].get<double>(), 300.0);
        QCOMPARE(docs[1]["spec"]["targetRef"]["name"].get<std::string>(), std::string("web"));
    }
    // a rolling update has no Flagger form: said plainly
    QVERIFY(applyYaml(*sb, rolloutWith("nginx:1.25", "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n")));
    const auto rolling = sb->store().get(api::kind::Rollout, "default", "web");
    const auto refused = rollout::exportRollout(*rolling, rollout::ExportFormat::Flagger);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.find("rolling") != std::string::npos);
    QVERIFY(rollout::exportRollout(*rolling, rollout::ExportFormat::ArgoRollouts).ok());
}

void tst_Rollout::rollingUpdateWithReadinessProbesServesWithoutFailures()
{
    // Pods take 8 s to be ready, and the probe says so: with maxUnavailable 0 no request finds a pod
    // that cannot answer while every pod is replaced, and old pods drain as they terminate.
    auto sb = openSandbox(17);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.ready-after=8s"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.ready-after=8s"));
    QVERIFY(applyYaml(*sb, kService));
    const auto withProbe = [](const std::string &image) {
        std::string yaml = rolloutWith(image, "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n");
        const std::string resources = "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n";
        yaml.insert(yaml.find(resources) + resources.size(),
                    "        readinessProbe: {httpGet: {path: /ready, port: 80}, periodSeconds: 2}\n");
        return yaml;
    };
    QVERIFY(applyYaml(*sb, withProbe("shop:v1")));
    runFor(*sb, 60'000);
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Healthy"));
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 200).ok());
    runFor(*sb, 5'000);
    const auto before = *sb->traffic().stats("default", "web");
    QVERIFY(applyYaml(*sb, withProbe("shop:v2")));
    runFor(*sb, 120'000);
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Healthy"));
    QVERIFY(statusOf(*sb).value("stableRevision", "") != v1); // every pod replaced
    const auto after = *sb->traffic().stats("default", "web");
    QVERIFY(after.requests - before.requests > 20'000); // two minutes at 200/s
    QCOMPARE(after.failures - before.failures, std::uint64_t(0));
    QCOMPARE(after.errors - before.errors, std::uint64_t(0));
}


namespace {
std::string templateImage(sandbox::Sandbox &sb)
{
    const auto ro = sb.store().get(api::kind::Rollout, "default", "web");
    const api::Json &containers = api::field(api::field(api::field(ro->spec(), "template"), "spec"), "containers");
    return containers.is_array() && !containers.empty() ? containers[0].value("image", "") : std::string();
}

int eventCount(sandbox::Sandbox &sb, const std::string &reason)
{
    int n = 0;
    for (const auto &e : sb.store().list(api::kind::Event, "default"))
        n += api::stringField(e->body, "reason") == reason ? std::max<int>(1, e->body.value("count", 1)) : 0;
    return n;
}
} // namespace

void tst_Rollout::blueGreenRollsBackAtOnce()
{
    auto sb = openSandbox(18);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    // a post-promotion analysis that would take 30 s: a rollback does not wait for it
    const std::string strategy = "    blueGreen:\n      activeService: web\n      scaleDownDelaySeconds: 120\n"
                                 "      postPromotionAnalysis: {successRate: 0.5, interval: 10s, count: 3}\n";
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v1", strategy)));
    runFor(*sb, 60'000);
    const std::string blue = statusOf(*sb).value("stableRevision", "");
    // nothing to roll back to yet
    QVERIFY(!sb->rollouts().act("default", "web", rollout::RolloutController::Action::Rollback).ok());
    QVERIFY(sb->traffic().setRate("default", "web", 50).ok());
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", strategy)));
    runFor(*sb, 60'000);
    const std::string green = statusOf(*sb).value("updatedRevision", "");
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
    runFor(*sb, 60'000);
    QCOMPARE(statusOf(*sb).value("stableRevision", ""), green);
    QCOMPARE(selectedRevision(*sb, "web"), green);
    QVERIFY(sb->store().get(api::kind::Deployment, "default", "web-" + blue)); // kept for the delay

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Rollback).ok());
    runFor(*sb, 1'000);
    const api::Json st = statusOf(*sb);
    QCOMPARE(selectedRevision(*sb, "web"), blue); // switched back within a second
    QCOMPARE(st.value("stableRevision", ""), blue);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QCOMPARE(templateImage(*sb), std::string("shop:v1")); // the template went back, as `rollout undo` does
    QCOMPARE(st.contains("rollbackTo"), false);
    QCOMPARE(eventCount(*sb, "RolledBack"), 1);
    // and the version rolled back from can be rolled back to
    QCOMPARE(cluster::DeploymentController::templateHash(api::field(st, "previousTemplate")), green);
}

void tst_Rollout::canaryRollbackSkipsTheSteps()
{
    auto sb = openSandbox(19);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    const std::string steps = "      - setWeight: 20\n      - pause: {}\n";
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", steps)));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2", steps)));
    runFor(*sb, 30'000);
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Paused"));
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::PromoteFull).ok());
    runFor(*sb, 60'000);
    QCOMPARE(statusOf(*sb).value("phase", ""), std::string("Healthy"));
    QVERIFY(statusOf(*sb).value("stableRevision", "") != v1);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Rollback).ok());
    runFor(*sb, 60'000); // v1's pods start again; the pause step (until promoted) is not waited for
    const api::Json st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QCOMPARE(st.value("stableRevision", ""), v1);
    QCOMPARE(templateImage(*sb), std::string("shop:v1"));
    QCOMPARE(eventCount(*sb, "RolledBack"), 1);
    QVERIFY(sb->traffic().stats("default", "web") == std::nullopt || sb->traffic().stats("default", "web")->weights.empty());
}

void tst_Rollout::rollbackWhileANewVersionRollsOut()
{
    auto sb = openSandbox(20);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", "      - setWeight: 25\n      - pause: {}\n")));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2", "      - setWeight: 25\n      - pause: {}\n")));
    runFor(*sb, 30'000);
    const std::string v2 = statusOf(*sb).value("updatedRevision", "");
    QCOMPARE(statusOf(*sb).value("weight", -1), 25);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Rollback).ok());
    runFor(*sb, 5'000);
    const api::Json st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy")); // not Degraded, as an abort would leave it
    QCOMPARE(st.value("stableRevision", ""), v1);
    QCOMPARE(st.value("updatedRevision", ""), v1);
    QCOMPARE(templateImage(*sb), std::string("shop:v1"));
    QVERIFY(!sb->store().get(api::kind::Deployment, "default", "web-" + v2));
    QVERIFY(sb->traffic().stats("default", "web")->weights.empty());
    QCOMPARE(eventCount(*sb, "RolledBack"), 1);
}


void tst_Rollout::canarySplitByReplicas()
{
    // what a cluster without a mesh can do: plain Deployments, Service selectors, weights as pod counts
    auto sb = openSandbox(21);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, "apiVersion: v1\nkind: Service\nmetadata: {name: web-canary}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"));
    const std::string strategy = "    canary:\n      stableService: web\n      canaryService: web-canary\n      trafficSplit: Replicas\n"
                                 "      steps:\n      - setWeight: 25\n      - pause: {}\n      - setWeight: 50\n      - pause: {}\n";
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v1", strategy)));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QCOMPARE(selectedRevision(*sb, "web-canary"), v1); // no canary yet: its Service reaches stable
    QVERIFY(sb->traffic().setRate("default", "web", 200).ok());
    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", strategy)));
    runFor(*sb, 40'000);
    api::Json st = statusOf(*sb);
    const std::string v2 = st.value("updatedRevision", "");
    QCOMPARE(st.value("phase", ""), std::string("Paused"));
    QCOMPARE(st.value("weight", -1), 25);
    QCOMPARE(st.value("actualWeight", -1), 25);
    const auto replicas = [&](const std::string &rev) {
        return sb->store().get(api::kind::Deployment, "default", "web-" + rev)->spec().value("replicas", -1);
    };
    QCOMPARE(replicas(v2), 1);
    QCOMPARE(replicas(v1), 3); // stable gave up the pod the canary has
    QCOMPARE(selectedRevision(*sb, "web-canary"), v2);
    auto stats = sb->traffic().stats("default", "web");
    QVERIFY(stats && stats->weights.empty()); // no proxy split: the pod counts do it
    const cluster::VersionTraffic *c = versionOfRevision(*sb, *stats, v2);
    QVERIFY(c);
    QVERIFY2(c->figures.requestsPerSecond > 25 && c->figures.requestsPerSecond < 75, std::to_string(c->figures.requestsPerSecond).c_str());

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
    runFor(*sb, 40'000);
    QCOMPARE(statusOf(*sb).value("weight", -1), 50);
    QCOMPARE(replicas(v2), 2);
    QCOMPARE(replicas(v1), 2);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Abort).ok());
    runFor(*sb, 40'000);
    st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Degraded"));
    QCOMPARE(replicas(v1), 4); // stable whole again
    QCOMPARE(replicas(v2), 0);
    QCOMPARE(sb->store().get(api::kind::Deployment, "default", "web-" + v1)->status().value("readyReplicas", 0), 4);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Retry).ok());
    runFor(*sb, 40'000);
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::PromoteFull).ok());
    runFor(*sb, 60'000);
    st = statusOf(*sb);
    QCOMPARE(st.value("phase", ""), std::string("Healthy"));
    QCOMPARE(st.value("stableRevision", ""), v2);
    QVERIFY(!sb->store().get(api::kind::Deployment, "default", "web-" + v1));
    QCOMPARE(selectedRevision(*sb, "web-canary"), v2);
}


void tst_Rollout::strategyChangesBetweenVersions()
{
    // the course's story: a broken v2 canary aborts; a good v2 goes blue/green; rolled back; then a canary again
    auto sb = openSandbox(22);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2-broken", "flotilla.sim.error-rate=0.5"));
    QVERIFY(buildLabelledImage(*sb, "shop:v2", "flotilla.sim.latency=20ms"));
    QVERIFY(buildLabelledImage(*sb, "shop:v3", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    QVERIFY(applyYaml(*sb, "apiVersion: v1\nkind: Service\nmetadata: {name: web-preview}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"));
    const std::string canary = "      - setWeight: 10\n      - analysis: {successRate: 0.95, interval: 5s, count: 3}\n"
                               "      - setWeight: 50\n      - analysis: {successRate: 0.95, interval: 5s, count: 3}\n";
    const std::string blueGreen = "    blueGreen: {activeService: web, previewService: web-preview, scaleDownDelaySeconds: 300}\n";
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v1", canary)));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v2-broken", canary)));
    runFor(*sb, 60'000);
    QCOMPARE(statusOf(*sb).value("aborted", false), true);

    QVERIFY(applyYaml(*sb, rolloutWith("shop:v2", blueGreen)));
    runFor(*sb, 60'000);
    api::Json st = statusOf(*sb);
    const std::string v2 = st.value("updatedRevision", "");
    QCOMPARE(st.value("aborted", true), false);
    QCOMPARE(st.value("phase", ""), std::string("Paused"));
    QCOMPARE(selectedRevision(*sb, "web"), v1);
    QVERIFY(sb->traffic().stats("default", "web")->weights.empty()); // the canary's split is gone
    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Promote).ok());
    runFor(*sb, 20'000);
    QCOMPARE(statusOf(*sb).value("stableRevision", ""), v2);
    auto stats = sb->traffic().stats("default", "web");
    QCOMPARE(stats->last.total.failuresPerSecond + stats->last.total.errorsPerSecond, 0.0);
    QVERIFY(stats->last.total.requestsPerSecond > 80);

    QVERIFY(sb->rollouts().act("default", "web", rollout::RolloutController::Action::Rollback).ok());
    runFor(*sb, 1'000);
    QCOMPARE(selectedRevision(*sb, "web"), v1);
    QCOMPARE(statusOf(*sb).value("stableRevision", ""), v1);

    // a canary again: the stable Service reaches every version, and the split is exact
    QVERIFY(applyYaml(*sb, rolloutYaml("shop:v3", "      - setWeight: 30\n      - pause: {}\n")));
    runFor(*sb, 40'000);
    st = statusOf(*sb);
    const std::string v3 = st.value("updatedRevision", "");
    QCOMPARE(st.value("weight", -1), 30);
    QCOMPARE(selectedRevision(*sb, "web"), std::string());
    stats = sb->traffic().stats("default", "web");
    const cluster::VersionTraffic *c = versionOfRevision(*sb, *stats, v3);
    QVERIFY(c);
    QVERIFY2(std::abs(c->figures.requestsPerSecond - 30) < 8, std::to_string(c->figures.requestsPerSecond).c_str());
    QCOMPARE(stats->last.total.failuresPerSecond, 0.0);
}


void tst_Rollout::missingImageStopsAtTheDeadline_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("phase");
    QTest::addColumn<QString>("message");
    QTest::newRow("canary") << "    canary:\n      stableService: web\n      steps:\n      - setWeight: 25\n      - pause: {}\n"
                            << "Degraded" << "not ready within 30 s; stable keeps serving";
    QTest::newRow("blue/green") << "    blueGreen: {activeService: web, autoPromotionSeconds: 0}\n"
                                << "Degraded" << "not ready within 30 s; blue keeps serving";
    QTest::newRow("rolling") << "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n"
                             << "Degraded" << "Progress deadline exceeded";
}

void tst_Rollout::missingImageStopsAtTheDeadline()
{
    QFETCH(QString, strategy);
    QFETCH(QString, phase);
    QFETCH(QString, message);
    auto sb = openSandbox(23);
    QVERIFY(buildLabelledImage(*sb, "shop:v1", "flotilla.sim.latency=20ms"));
    QVERIFY(applyYaml(*sb, kService));
    const auto withDeadline = [&](const std::string &image) {
        std::string yaml = rolloutWith(image, strategy.toStdString());
        const std::string at = "spec:\n";
        yaml.insert(yaml.find(at) + at.size(), "  progressDeadlineSeconds: 30\n");
        return yaml;
    };
    QVERIFY(applyYaml(*sb, withDeadline("shop:v1")));
    runFor(*sb, 60'000);
    const std::string v1 = statusOf(*sb).value("stableRevision", "");
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    QVERIFY(applyYaml(*sb, withDeadline("shop:does-not-exist"))); // never pulled: ErrImagePull, ImagePullBackOff
    runFor(*sb, 90'000);
    const api::Json st = statusOf(*sb);
    const auto d = sb->store().get(api::kind::Deployment, "default", "web");
    QVERIFY2(QString::fromStdString(st.value("phase", "")) == phase, (st.dump() + (d ? d->status().dump() + d->spec().value("progressDeadlineSeconds", api::Json()).dump() + " now " + std::to_string(sb->sim().now()) : "")).c_str());
    QVERIFY2(QString::fromStdString(st.value("message", "")).contains(message), st.value("message", "").c_str());
    QCOMPARE(st.value("stableRevision", ""), v1);
    // the stable version still answers every request
    const auto stats = sb->traffic().stats("default", "web");
    QVERIFY(stats->last.total.requestsPerSecond > 80);
    QCOMPARE(stats->last.total.errorsPerSecond + stats->last.total.failuresPerSecond, 0.0);
}

QTEST_GUILESS_MAIN(tst_Rollout)
#include "tst_rollout.moc"
