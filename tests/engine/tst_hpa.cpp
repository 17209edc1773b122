#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QtTest>

using namespace flotilla::engine;

namespace {
constexpr TimeMs kStart = 1'700'000'000'000;

std::unique_ptr<sandbox::Sandbox> openSandbox(std::uint64_t seed = 21) { return flotilla::testutil::openSandbox(seed, kStart); }

using flotilla::testutil::runFor;
using flotilla::testutil::buildLabelledImage;


std::string deployment(int replicas, const std::string &image, bool cpuRequest = true)
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: " + std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: '" + image + "'\n" +
           (cpuRequest ? "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n" : "");
}

const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                       "  ports: [{port: 80, targetPort: 8080}]\n";

std::string hpa(int min, int max, int cpuPercent, const std::string &behavior = {})
{
    return "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n"
           "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
           "  minReplicas: " + std::to_string(min) + "\n  maxReplicas: " + std::to_string(max) +
           "\n  metrics:\n  - type: Resource\n    resource:\n      name: cpu\n"
           "      target: {type: Utilization, averageUtilization: " + std::to_string(cpuPercent) + "}\n" + behavior;
}

std::int64_t specReplicas(sandbox::Sandbox &sb)
{
    const auto d = sb.store().get(api::kind::Deployment, "default", "web");
    return d ? api::field(d->spec(), "replicas").get<std::int64_t>() : -1;
}

api::Json hpaStatus(sandbox::Sandbox &sb)
{
    const auto h = sb.store().get(api::kind::HorizontalPodAutoscaler, "default", "web");
    return h ? h->status() : api::Json();
}

/// The HPA's condition of `type`: "status/reason".
std::string condition(sandbox::Sandbox &sb, const std::string &type)
{
    const api::Json status = hpaStatus(sb);
    const api::Json &list = api::field(status, "conditions");
    if (list.is_array())
        for (const auto &c : list)
            if (api::stringField(c, "type") == type)
                return api::stringField(c, "status") + "/" + api::stringField(c, "reason");
    return {};
}

/// Events about the HPA, oldest first: "reason: message".
std::vector<std::string> hpaEvents(sandbox::Sandbox &sb)
{
    std::vector<std::string> out;
    for (const auto &e : sb.store().list(api::kind::Event, "default")) {
        const auto &involved = api::field(e->body, "involvedObject");
        if (api::stringField(involved, "kind") == "HorizontalPodAutoscaler")
            out.push_back(api::stringField(e->body, "reason") + ": " + api::stringField(e->body, "message"));
    }
    return out;
}

int readyPods(sandbox::Sandbox &sb)
{
    int n = 0;
    for (const auto &p : sb.store().list(api::kind::Pod, "default")) {
        const auto s = api::PodStatus::decode(p->status());
        for (const auto &c : s.conditions)
            n += c.type == "Ready" && c.status == "True" && !p->metadata.deletionTimestamp;
    }
    return n;
}
} // namespace

class tst_Hpa : public QObject {
    Q_OBJECT
private slots:
    void kindIsRegistered();
    void validationNamesTheField_data();
    void validationNamesTheField();
    void trafficRaisesCpuUse();
    void scalesUpUnderLoadWithinMax();
    void scalesDownOnlyAfterTheWindow();
    void missingCpuRequestIsReported();
    void sameSeedSameEvents();
};

void tst_Hpa::kindIsRegistered()
{
    const auto *k = api::findKindByName("hpa");
    QVERIFY(k);
    QCOMPARE(k->kind, api::kind::HorizontalPodAutoscaler);
    QCOMPARE(k->apiVersion, std::string_view("autoscaling/v2"));
    QCOMPARE(api::findKindByName("horizontalpodautoscalers"), k);
    QVERIFY(k->namespaced);
}

void tst_Hpa::validationNamesTheField_data()
{
    QTest::addColumn<QString>("manifest");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    const std::string head = "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n";
    const std::string ref = "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n";
    QTest::newRow("max below min") << QString::fromStdString(head + ref + "  minReplicas: 5\n  maxReplicas: 3\n")
                                   << "spec.maxReplicas" << "must be greater than or equal to `minReplicas`";
    QTest::newRow("no target name")
        << QString::fromStdString(head + "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}\n  maxReplicas: 3\n")
        << "spec.scaleTargetRef.name" << "Required value";
    QTest::newRow("no target") << QString::fromStdString(head + "  maxReplicas: 3\n") << "spec.scaleTargetRef"
                               << "Required value";
    QTest::newRow("target kind")
        << QString::fromStdString(head + "  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}\n  maxReplicas: 3\n")
        << "spec.scaleTargetRef.kind" << "Unsupported value: \"StatefulSet\"";
    QTest::newRow("min zero") << QString::fromStdString(head + ref + "  minReplicas: 0\n  maxReplicas: 3\n")
                              << "spec.minReplicas" << "must be greater than or equal to 1";
    QTest::newRow("no max") << QString::fromStdString(head + ref) << "spec.maxReplicas" << "Required value";
    QTest::newRow("utilization zero")
        << QString::fromStdString(head + ref + "  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource:\n"
                                               "      name: cpu\n      target: {type: Utilization, averageUtilization: 0}\n")
        << "spec.metrics[0].resource.target.averageUtilization" << "must be greater than 0";
    QTest::newRow("resource name")
        << QString::fromStdString(head + ref + "  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource:\n"
                                               "      name: gpu\n      target: {type: Utilization, averageUtilization: 50}\n")
        << "spec.metrics[0].resource.name" << "Unsupported value: \"gpu\"";
    QTest::newRow("metric type")
        << QString::fromStdString(head + ref + "  maxReplicas: 3\n  metrics:\n  - type: External\n")
        << "spec.metrics[0].type" << "Unsupported value: \"External\"";
    QTest::newRow("window")
        << QString::fromStdString(head + ref + "  maxReplicas: 3\n  behavior:\n    scaleDown: {stabilizationWindowSeconds: -5}\n")
        << "spec.behavior.scaleDown.stabilizationWindowSeconds" << "must be greater than or equal to 0";
}

void tst_Hpa::validationNamesTheField()
{
    QFETCH(QString, manifest);
    QFETCH(QString, path);
    QFETCH(QString, message);
    auto sb = openSandbox();
    const auto out = sb->apply(manifest.toStdString());
    QVERIFY(!out.ok());
    bool found = false;
    for (const auto &e : out.errors)
        found |= QString::fromStdString(e.path) == path && QString::fromStdString(e.message).contains(message);
    if (!found)
        for (const auto &e : out.errors)
            qWarning("%s", e.toString().c_str());
    QVERIFY(found);
    QVERIFY(!sb->store().get(api::kind::HorizontalPodAutoscaler, "default", "web"));
    // a good one goes in
    QVERIFY(sb->apply(hpa(1, 4, 50)).ok());
}

void tst_Hpa::trafficRaisesCpuUse()
{
    auto sb = openSandbox();
    QVERIFY(buildLabelledImage(*sb, "web:1", "flotilla.sim.cpu=10m flotilla.sim.cpu-per-request=2m"));
    QVERIFY(sb->apply(deployment(2, "web:1")).ok());
    QVERIFY(sb->apply(kService).ok());
    runFor(*sb, 40'000);
    QCOMPARE(readyPods(*sb), 2);
    auto total = [&] {
        std::int64_t sum = 0;
        for (const auto &p : sb->store().list(api::kind::Pod, "default"))
            sum += sb->runtime().podUsage(*p).cpuMilli;
        return sum;
    };
    const std::int64_t idle = total();
    QVERIFY2(idle >= 16 && idle <= 24, std::to_string(idle).c_str()); // 2 × 10m ± 20 %
    QVERIFY(sb->traffic().setRate("default", "web", 100).ok());
    runFor(*sb, 5'000);
    const std::int64_t loaded = total();
    // 100 requests/s × 2m, spread over both pods, on top of what they use idle
    QVERIFY2(loaded >= 216 && loaded <= 224, std::to_string(loaded).c_str());
    QVERIFY(sb->traffic().setRate("default", "web", 0).ok());
    runFor(*sb, 5'000);
    QVERIFY(total() <= 24);
}

void tst_Hpa::scalesUpUnderLoadWithinMax()
{
    auto sb = openSandbox();
    QVERIFY(buildLabelledImage(*sb, "web:1", "flotilla.sim.cpu=2m flotilla.sim.cpu-per-request=1m"));
    QVERIFY(sb->apply(deployment(2, "web:1")).ok());
    QVERIFY(sb->apply(kService).ok());
    runFor(*sb, 40'000);
    QCOMPARE(readyPods(*sb), 2);
    QVERIFY(sb->traffic().setRate("default", "web", 300).ok());
    runFor(*sb, 3'000);

    // 300 requests/s × 1m + 2 × ~2m over 2 × 100m requested: ~152 % of a 50 % target, so
    // ceil(2 × 152 / 50) = 7 pods (the ±20 % noise of the idle use moves 152 by less than 1)
    QVERIFY(sb->apply(hpa(1, 10, 50)).ok());
    runFor(*sb, 1'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(7));
    const api::Json status = hpaStatus(*sb);
    QCOMPARE(api::field(status, "desiredReplicas").get<std::int64_t>(), std::int64_t(7));
    QVERIFY(api::field(status, "lastScaleTime").is_string());
    const api::Json &metric = api::field(status, "currentMetrics")[0];
    const std::int64_t utilization = api::field(api::field(api::field(metric, "resource"), "current"), "averageUtilization").get<std::int64_t>();
    QVERIFY2(utilization >= 150 && utilization <= 154, std::to_string(utilization).c_str());
    QCOMPARE(condition(*sb, "AbleToScale"), std::string("True/SucceededRescale"));
    QCOMPARE(condition(*sb, "ScalingActive"), std::string("True/ValidMetricFound"));
    QCOMPARE(condition(*sb, "ScalingLimited"), std::string("False/DesiredWithinRange"));
    const auto events = hpaEvents(*sb);
    QCOMPARE(events.size(), size_t(1));
    QCOMPARE(events[0], std::string("SuccessfulRescale: New size: 7; reason: cpu resource utilization (percentage of "
                                    "request) above target"));

    // the new pods become ready and share the load: ~314m over 700m is ~45 %, and ceil(7 × 45 / 50) is
    // still 7 (pods not ready yet count as idle meanwhile, so there is no overshoot)
    runFor(*sb, 45'000);
    QCOMPARE(readyPods(*sb), 7);
    QCOMPARE(specReplicas(*sb), std::int64_t(7));

    // much more traffic wants more than maxReplicas: 10 it is, and the HPA says it is limited
    QVERIFY(sb->traffic().setRate("default", "web", 1500).ok());
    runFor(*sb, 16'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(10));
    QCOMPARE(condition(*sb, "ScalingLimited"), std::string("True/TooManyReplicas"));
    QCOMPARE(api::field(hpaStatus(*sb), "desiredReplicas").get<std::int64_t>(), std::int64_t(10));
    runFor(*sb, 60'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(10));
    QCOMPARE(readyPods(*sb), 10);
    QCOMPARE(condition(*sb, "ScalingLimited"), std::string("True/TooManyReplicas"));
    QCOMPARE(hpaEvents(*sb).back(),
             std::string("SuccessfulRescale: New size: 10; reason: cpu resource utilization (percentage of request) above target"));
}

void tst_Hpa::scalesDownOnlyAfterTheWindow()
{
    auto sb = openSandbox();
    QVERIFY(buildLabelledImage(*sb, "web:1", "flotilla.sim.cpu=10m"));
    QVERIFY(sb->apply(deployment(4, "web:1")).ok());
    runFor(*sb, 40'000);
    QCOMPARE(readyPods(*sb), 4);

    // idle (~10 % of a 50 % target) it would like 1 pod; minReplicas is 2; the scale-down window 60 s
    QVERIFY(sb->apply(hpa(2, 6, 50, "  behavior:\n    scaleDown: {stabilizationWindowSeconds: 60}\n")).ok());
    const TimeMs created = sb->sim().now();
    runFor(*sb, 1'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(4));
    QCOMPARE(condition(*sb, "AbleToScale"), std::string("True/ScaleDownStabilized"));
    sb->advanceTo(created + 59'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(4));
    QVERIFY(hpaEvents(*sb).empty());
    QCOMPARE(condition(*sb, "AbleToScale"), std::string("True/ScaleDownStabilized"));
    // the sync at 60 s no longer sees the first recommendation (the 4 pods it started with)
    sb->advanceTo(created + 61'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(2));
    QCOMPARE(condition(*sb, "ScalingLimited"), std::string("True/TooFewReplicas"));
    QCOMPARE(hpaEvents(*sb), std::vector<std::string>{"SuccessfulRescale: New size: 2; reason: All metrics below target"});
    runFor(*sb, 60'000);
    QCOMPARE(readyPods(*sb), 2);

    // the default window is five minutes
    auto other = openSandbox();
    QVERIFY(buildLabelledImage(*other, "web:1", "flotilla.sim.cpu=10m"));
    QVERIFY(other->apply(deployment(4, "web:1")).ok());
    runFor(*other, 40'000);
    QVERIFY(other->apply(hpa(1, 6, 50)).ok());
    runFor(*other, 290'000);
    QCOMPARE(specReplicas(*other), std::int64_t(4));
    runFor(*other, 20'000);
    QCOMPARE(specReplicas(*other), std::int64_t(1));
}

void tst_Hpa::missingCpuRequestIsReported()
{
    auto sb = openSandbox();
    QVERIFY(buildLabelledImage(*sb, "web:1", "flotilla.sim.cpu=200m"));
    QVERIFY(sb->apply(deployment(2, "web:1", false)).ok());
    runFor(*sb, 40'000);
    QVERIFY(sb->apply(hpa(1, 5, 50)).ok());
    runFor(*sb, 60'000);
    QCOMPARE(specReplicas(*sb), std::int64_t(2));
    QCOMPARE(condition(*sb, "ScalingActive"), std::string("False/FailedGetResourceMetric"));
    const api::Json status = hpaStatus(*sb);
    const api::Json &list = api::field(status, "conditions");
    std::string message;
    for (const auto &c : list)
        if (api::stringField(c, "type") == "ScalingActive")
            message = api::stringField(c, "message");
    QVERIFY2(message.rfind("the HPA was unable to compute the replica count: failed to get cpu utilization: missing "
                           "request for cpu in container web of Pod web-", 0) == 0,
             message.c_str());
    // one Warning for the lasting problem, not one per sync
    const auto events = hpaEvents(*sb);
    QCOMPARE(events.size(), size_t(1));
    QVERIFY2(events[0].rfind("FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in "
                             "container web of Pod web-", 0) == 0,
             events[0].c_str());
    QCOMPARE(sb->store().list(api::kind::Event, "default").back()->body.value("type", std::string()), std::string("Warning"));
}

void tst_Hpa::sameSeedSameEvents()
{
    auto story = [] {
        auto sb = openSandbox(99);
        if (!buildLabelledImage(*sb, "web:1", "flotilla.sim.cpu=20m flotilla.sim.cpu-per-request=1m"))
            return std::vector<std::string>{"build failed"};
        (void)sb->apply(deployment(2, "web:1"));
        (void)sb->apply(kService);
        (void)sb->apply(hpa(1, 8, 60, "  behavior:\n    scaleDown: {stabilizationWindowSeconds: 45}\n"));
        runFor(*sb, 30'000);
        (void)sb->traffic().setRate("default", "web", 400);
        runFor(*sb, 120'000);
        (void)sb->traffic().setRate("default", "web", 50);
        runFor(*sb, 180'000);
        std::vector<std::string> out = hpaEvents(*sb);
        out.push_back(hpaStatus(*sb).dump());
        out.push_back(std::to_string(specReplicas(*sb)));
        return out;
    };
    const auto first = story();
    const auto second = story();
    QCOMPARE(first, second);
    // it went up under load and down again after
    int rescales = 0;
    for (const auto &e : first)
        rescales += e.rfind("SuccessfulRescale", 0) == 0;
    QVERIFY2(rescales >= 2, std::to_string(rescales).c_str());
}

QTEST_GUILESS_MAIN(tst_Hpa)
#include "tst_hpa.moc"
