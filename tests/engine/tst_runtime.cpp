#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QtTest>

#include <set>

using namespace flotilla::engine;

namespace {
// a fixed start: the same seed gives the same times too
std::unique_ptr<sandbox::Sandbox> openSandbox(std::uint64_t seed = 21)
{
    return flotilla::testutil::openSandbox(seed, 1'780'000'000'000);
}

using flotilla::testutil::runFor;

bool buildImage(sandbox::Sandbox &sb, const std::string &dockerfile, const std::string &tag)
{
    image::Builder builder(sb.imageStore());
    image::BuildOptions opt;
    opt.dockerfile = dockerfile;
    opt.tags = {tag};
    QTemporaryDir ctxDir;
    auto ctx = image::BuildContext::fromDirectory(ctxDir.path().toStdString());
    if (!ctx.ok())
        return false;
    auto built = builder.build(**ctx, opt, {});
    if (!built.ok())
        return false;
    return sb.recordImage(*sb.imageStore()->find(tag)).ok();
}

api::ObjectPtr getPod(sandbox::Sandbox &sb, const std::string &name) { return sb.store().get(api::kind::Pod, "default", name); }

api::ContainerStatus container(sandbox::Sandbox &sb, const std::string &pod)
{
    const auto p = getPod(sb, pod);
    if (!p)
        return {};
    const auto st = api::PodStatus::decode(p->status());
    return st.containerStatuses.empty() ? api::ContainerStatus{} : st.containerStatuses.front();
}

bool podReady(sandbox::Sandbox &sb, const std::string &pod)
{
    for (const auto &c : api::PodStatus::decode(getPod(sb, pod)->status()).conditions)
        if (c.type == "Ready")
            return c.status == "True";
    return false;
}

std::vector<std::string> eventMessages(sandbox::Sandbox &sb, const std::string &reason = {})
{
    std::vector<std::string> out;
    for (const auto &e : sb.store().list(api::kind::Event, "default")) {
        const auto s = api::summarizeEvent(*e);
        if (reason.empty() || s.reason == reason)
            out.push_back(s.message);
    }
    return out;
}

bool anyEvent(sandbox::Sandbox &sb, const std::string &reason, const std::string &text)
{
    for (const auto &m : eventMessages(sb, reason))
        if (m.find(text) != std::string::npos)
            return true;
    return false;
}

std::string podYaml(const std::string &name, const std::string &image, const std::string &containerExtra = {},
                    const std::string &specExtra = {})
{
    return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + ", labels: {app: " + name + "}}\nspec:\n" + specExtra +
           "  containers:\n  - name: app\n    image: '" + image + "'\n" + containerExtra;
}

std::size_t endpointCount(sandbox::Sandbox &sb, const std::string &svc, const char *field)
{
    const auto ep = sb.store().get(api::kind::Endpoints, "default", svc);
    if (!ep || !ep->body.contains("subsets") || ep->body["subsets"].empty())
        return 0;
    const auto &subset = ep->body["subsets"][0];
    return subset.contains(field) ? subset[field].size() : 0;
}

const char *kWebService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                          "  ports: [{port: 80, targetPort: 80}]\n";

std::vector<std::string> podNames(sandbox::Sandbox &sb)
{
    std::vector<std::string> out;
    for (const auto &p : sb.store().list(api::kind::Pod, "default"))
        out.push_back(p->metadata.name);
    std::sort(out.begin(), out.end());
    return out;
}

/// An access line of any kind: nginx/gunicorn ("GET /x HTTP/1.1" 200) or node ("GET /x 200 1.2 ms - 10").
bool isAccessLine(const std::string &text)
{
    return text.find("HTTP/1.1\" ") != std::string::npos || text.rfind("GET /", 0) == 0 || text.rfind("POST /", 0) == 0;
}

/// Paths and statuses only Service traffic writes (the idle lines of a server never do).
bool isRequestOnlyLine(const std::string &text)
{
    for (const char *mark : {"/api/orders", "/favicon.ico", "/static/app.css"})
        if (text.find(mark) != std::string::npos)
            return true;
    return false;
}

std::size_t countIf(const std::vector<runtime::LogLine> &lines, TimeMs from, TimeMs to, bool (*pred)(const std::string &))
{
    return std::size_t(std::count_if(lines.begin(), lines.end(), [&](const runtime::LogLine &l) {
        return l.time > from && l.time <= to && pred(l.text);
    }));
}

std::vector<std::string> texts(const std::vector<runtime::LogLine> &lines)
{
    std::vector<std::string> out;
    for (const auto &l : lines)
        out.push_back(l.text);
    return out;
}
} // namespace

class tst_Runtime : public QObject {
    Q_OBJECT
private slots:
    void probeDefaultsAndMessages();
    void readinessGatesReadyAndEndpoints();
    void livenessFailureRestarts();
    void cpuSpikeFailsProbesForItsDuration();
    void memoryLeakEndsInOomKilled();
    void memoryLeakFault();
    void imagePullFailureBacksOffAndRecovers();
    void unknownCatalogTagCannotBePulled();
    void envAndFilesFromConfigMapsAndSecrets();
    void missingConfigMapHoldsTheContainer();
    void logsAreDeterministic();
    void logsOfThePreviousContainerAndFollow();
    void usageIsDeterministic();
    void usageHistoryPerNode();
    void partitionedNodeKeepsRunning();
    void badInputIsRefused();
    void reopenedSandboxPicksUpRunningContainers();
    void requestLinesFollowServiceTraffic();
    void requestLinesCarryErrorsAndLatency();
    void requestLinesAreDeterministic();
    void requestLinesOfARun();
};

void tst_Runtime::probeDefaultsAndMessages()
{
    const auto p = runtime::Probe::decode(api::Json::parse(R"({"httpGet": {"path": "healthz", "port": 8080}})"));
    QVERIFY(p);
    QCOMPARE(p->period, TimeMs(10'000));
    QCOMPARE(p->failureThreshold, 3);
    QCOMPARE(p->successThreshold, 1);
    QCOMPARE(p->initialDelay, TimeMs(0));
    QCOMPARE(p->path, std::string("/healthz"));
    QCOMPARE(p->failureMessage(runtime::Probe::Failure::NotReadyYet, "10.244.1.2"),
             std::string("HTTP probe failed with statuscode: 503"));
    const auto tcp = runtime::Probe::decode(api::Json::parse(R"({"tcpSocket": {"port": 6379}, "periodSeconds": 0})"));
    QVERIFY(tcp);
    QCOMPARE(tcp->period, TimeMs(1'000)); // clamped to the minimum, as the API server defaults it
    QCOMPARE(tcp->failureMessage(runtime::Probe::Failure::Unhealthy, "10.244.1.2"),
             std::string("dial tcp 10.244.1.2:6379: connect: connection refused"));
    QVERIFY(!runtime::Probe::decode(api::Json::parse(R"({"periodSeconds": 5})")));
    QVERIFY(!runtime::Probe::decode(api::Json("nonsense")));
    // the flip: ticks at 0, 5, 10, … from start 1000; failing until 12,000 → first success at 16,000
    const std::vector<runtime::ProbeSegment> segments{{1000, 12'000, false}, {12'000, runtime::kForever, true}};
    runtime::Probe every5 = *p;
    every5.period = 5'000;
    const auto flip = runtime::nextProbeFlip(every5, 1000, 1000, true, segments);
    QVERIFY(flip);
    QCOMPARE(flip->at, TimeMs(16'000));
    QCOMPARE(runtime::parseSimDuration("1m30s").value_or(0), TimeMs(90'000));
    QCOMPARE(runtime::parseRatePerMinute("5Mi/min").value_or(0), std::int64_t(5 << 20));
    QVERIFY(!runtime::parseRatePerMinute("5Mi"));
    QVERIFY(!runtime::parseSimDuration("soon"));
}

void tst_Runtime::readinessGatesReadyAndEndpoints()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, "FROM nginx:1.25\nLABEL flotilla.sim.ready-after=20s\n", "slow:1"));
    const std::string probe = "    readinessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 5}\n";
    QVERIFY(sb->apply(podYaml("slow", "slow:1", probe)).ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: slow}\nspec:\n  selector: {app: slow}\n"
                      "  ports: [{port: 80}]\n")
                .ok());
    runFor(*sb, 6'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "slow")).status, std::string("Running"));
    QVERIFY(!container(*sb, "slow").ready);
    QVERIFY(!podReady(*sb, "slow"));
    QCOMPARE(endpointCount(*sb, "slow", "addresses"), size_t(0));
    QCOMPARE(endpointCount(*sb, "slow", "notReadyAddresses"), size_t(1));
    QVERIFY(anyEvent(*sb, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"));
    runFor(*sb, 25'000);
    QVERIFY(container(*sb, "slow").ready);
    QVERIFY(podReady(*sb, "slow"));
    QCOMPARE(endpointCount(*sb, "slow", "addresses"), size_t(1));
    // a pod without a readiness probe is ready as soon as it runs
    QVERIFY(sb->apply(podYaml("plain", "slow:1")).ok());
    runFor(*sb, 15'000);
    QVERIFY(podReady(*sb, "plain"));
}

void tst_Runtime::livenessFailureRestarts()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, "FROM node:20-alpine\nLABEL flotilla.sim.unhealthy-after=30s\n", "sick:1"));
    const std::string probes = "    livenessProbe: {httpGet: {path: /healthz, port: 3000}, periodSeconds: 10}\n"
                               "    readinessProbe: {httpGet: {path: /ready, port: 3000}, periodSeconds: 10}\n";
    QVERIFY(sb->apply(podYaml("sick", "sick:1", probes)).ok());
    runFor(*sb, 25'000);
    QCOMPARE(container(*sb, "sick").restartCount, 0);
    QVERIFY(podReady(*sb, "sick"));
    // unhealthy from 30 s: failures at ~30, 40, 50 s → killed and restarted after the back-off
    runFor(*sb, 40'000);
    const auto cs = container(*sb, "sick");
    QCOMPARE(cs.restartCount, 1);
    QVERIFY(cs.lastTerminated);
    QCOMPARE(cs.lastTerminated->exitCode, 137);
    QVERIFY(anyEvent(*sb, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500"));
    QVERIFY(anyEvent(*sb, "Killing", "Container app failed liveness probe, will be restarted"));
    QVERIFY(anyEvent(*sb, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500"));
    runFor(*sb, 15'000);
    QCOMPARE(container(*sb, "sick").state, api::ContainerStatus::State::Running); // it runs again, healthy for 30 s
    // built FROM node: it logs as a Node.js program; the run before the restart ends where it was killed
    auto previous = sb->runtime().logs("default", "sick", "", {}, true);
    QVERIFY(previous.ok());
    bool listening = false;
    for (const auto &l : *previous)
        listening |= l.text.find("Server listening on port 3000") != std::string::npos;
    QVERIFY(listening);
    QVERIFY(previous->back().time <= cs.lastTerminated->finishedAt.value_or(0));
}

void tst_Runtime::cpuSpikeFailsProbesForItsDuration()
{
    auto sb = openSandbox();
    const std::string probe = "    readinessProbe: {tcpSocket: {port: 80}, periodSeconds: 5}\n"
                              "    resources: {requests: {cpu: 100m}, limits: {cpu: 500m}}\n";
    QVERIFY(sb->apply(podYaml("web", "nginx:1.25", probe)).ok());
    runFor(*sb, 40'000);
    QVERIFY(podReady(*sb, "web"));
    const auto before = sb->runtime().podUsage("default", "web");
    QVERIFY(before && before->cpuMilli < 100);
    QVERIFY(sb->runtime().spikeCpu("default", "web", 60'000).ok());
    (void)sb->flush();
    QCOMPARE(sb->runtime().podUsage("default", "web")->cpuMilli, std::int64_t(500)); // throttled at the limit
    runFor(*sb, 20'000);
    QVERIFY(!podReady(*sb, "web"));
    QVERIFY(anyEvent(*sb, "Unhealthy", "dial tcp "));
    QVERIFY(anyEvent(*sb, "Unhealthy", ": i/o timeout"));
    runFor(*sb, 50'000); // the spike is over
    QVERIFY(podReady(*sb, "web"));
    QVERIFY(sb->runtime().podUsage("default", "web")->cpuMilli < 100);
}

void tst_Runtime::memoryLeakEndsInOomKilled()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, "FROM python:3.12-slim\nLABEL flotilla.sim.memory=20Mi flotilla.sim.memory-leak=30Mi/min\n",
                       "leaky:1"));
    QVERIFY(sb->apply(podYaml("leaky", "leaky:1", "    resources: {limits: {memory: 64Mi}}\n")).ok());
    runFor(*sb, 40'000);
    const auto early = sb->runtime().podUsage("default", "leaky");
    QVERIFY(early);
    runFor(*sb, 20'000);
    QVERIFY(sb->runtime().podUsage("default", "leaky")->memoryBytes > early->memoryBytes); // it grows
    QCOMPARE(container(*sb, "leaky").restartCount, 0);
    // 44Mi of room at 30Mi/min: killed about 88 s after warming up (30 s)
    runFor(*sb, 70'000);
    const auto cs = container(*sb, "leaky");
    QCOMPARE(cs.restartCount, 1);
    QVERIFY(cs.lastTerminated);
    QCOMPARE(cs.lastTerminated->reason, std::string("OOMKilled"));
    QCOMPARE(cs.lastTerminated->exitCode, 137);
    QVERIFY(getPod(*sb, "leaky")->status().dump().find("\"lastState\":{\"terminated\"") != std::string::npos);
    bool systemOom = false;
    for (const auto &e : sb->store().list(api::kind::Event, "default"))
        systemOom |= api::summarizeEvent(*e).reason == "SystemOOM";
    QVERIFY(systemOom);
}

void tst_Runtime::memoryLeakFault()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("web", "nginx:1.25", "    resources: {limits: {memory: 128Mi}}\n")).ok());
    runFor(*sb, 40'000);
    QVERIFY(sb->runtime().leakMemory("default", "web").ok());
    (void)sb->flush();
    QVERIFY(anyEvent(*sb, "MemoryLeak", "Simulated fault"));
    runFor(*sb, 150'000); // the default leak fills the limit in about two minutes
    auto cs = container(*sb, "web");
    QVERIFY(cs.restartCount >= 1);
    QCOMPARE(cs.lastTerminated->reason, std::string("OOMKilled"));
    QVERIFY(sb->runtime().clearFaults("default", "web").ok());
    runFor(*sb, 400'000);
    const int restarts = container(*sb, "web").restartCount;
    runFor(*sb, 300'000);
    QCOMPARE(container(*sb, "web").restartCount, restarts); // cleared: no more kills
    QCOMPARE(container(*sb, "web").state, api::ContainerStatus::State::Running);
}

void tst_Runtime::imagePullFailureBacksOffAndRecovers()
{
    auto sb = openSandbox();
    QVERIFY(sb->runtime().failImagePulls("nginx:1.26", true).ok());
    QVERIFY(sb->apply(podYaml("web", "nginx:1.26")).ok());
    runFor(*sb, 2'500);
    QCOMPARE(container(*sb, "web").reason, std::string("ErrImagePull"));
    QCOMPARE(api::summarizePod(*getPod(*sb, "web")).status, std::string("ErrImagePull"));
    QVERIFY(anyEvent(*sb, "Failed", "Failed to pull image \"nginx:1.26\": rpc error"));
    QVERIFY(anyEvent(*sb, "Failed", "Error: ErrImagePull"));
    runFor(*sb, 1'500);
    QCOMPARE(container(*sb, "web").reason, std::string("ImagePullBackOff"));
    QVERIFY(anyEvent(*sb, "BackOff", "Back-off pulling image \"nginx:1.26\""));
    // still failing after the first back-off: another attempt, a longer wait
    runFor(*sb, 12'000);
    int pulling = 0;
    for (const auto &m : eventMessages(*sb, "Pulling"))
        pulling += m == "Pulling image \"nginx:1.26\"" ? 1 : 0;
    QCOMPARE(pulling, 2);
    QVERIFY(sb->runtime().failImagePulls("nginx:1.26", false).ok());
    runFor(*sb, 30'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "web")).status, std::string("Running"));
    QVERIFY(podReady(*sb, "web"));
}

void tst_Runtime::unknownCatalogTagCannotBePulled()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("web", "nginx:9.99")).ok());
    runFor(*sb, 2'500);
    QCOMPARE(container(*sb, "web").reason, std::string("ErrImagePull"));
    QVERIFY(container(*sb, "web").message.find("nginx:9.99: not found") != std::string::npos);
    // tags the catalog knows pull; so do digests, which it cannot check
    QVERIFY(sb->apply(podYaml("alpine", "nginx:1.25-alpine")).ok());
    QVERIFY(sb->apply(podYaml("pinned", "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000")).ok());
    runFor(*sb, 20'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "alpine")).status, std::string("Running"));
    QCOMPARE(api::summarizePod(*getPod(*sb, "pinned")).status, std::string("Running"));
        // a repository the sandbox cannot know about pulls as before
    QVERIFY(sb->apply(podYaml("private", "registry.example.com/team/app:1")).ok());
    runFor(*sb, 20'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "private")).status, std::string("Running"));
}

void tst_Runtime::envAndFilesFromConfigMapsAndSecrets()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {MODE: fast, app.conf: 'listen 80'}\n"
                      "---\napiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {PASSWORD: s3cret}\n")
                .ok());
    const std::string extra =
        "    env:\n"
        "    - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}\n"
        "    - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: PASSWORD}}}\n"
        "    - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}\n"
        "    - {name: POD_NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}\n"
        "    - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}\n"
        "    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}\n"
        "    - {name: MAYBE, valueFrom: {configMapKeyRef: {name: absent, key: X, optional: true}}}\n"
        "    - {name: PLAIN, value: hello}\n"
        "    envFrom:\n"
        "    - {prefix: CFG_, configMapRef: {name: cfg}}\n"
        "    - {secretRef: {name: missing, optional: true}}\n"
        "    volumeMounts:\n"
        "    - {name: config, mountPath: /etc/app}\n"
        "    - {name: creds, mountPath: /run/secrets/db/}\n";
    const std::string volumes = "  volumes:\n  - {name: config, configMap: {name: cfg}}\n"
                                "  - {name: creds, secret: {secretName: db}}\n";
    QVERIFY(sb->apply(podYaml("app", "node:20-alpine", extra, volumes)).ok());
    runFor(*sb, 20'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "app")).status, std::string("Running"));
    auto env = sb->runtime().environment("default", "app", "");
    QVERIFY(env.ok());
    std::map<std::string, runtime::EnvVar> byName;
    for (const auto &v : *env)
        byName[v.name] = v;
    QCOMPARE(byName["MODE"].value, std::string("fast"));
    QCOMPARE(byName["DB_PASSWORD"].value, std::string("s3cret"));
    QVERIFY(byName["DB_PASSWORD"].secret);
    QCOMPARE(byName["POD_NAME"].value, std::string("app"));
    QCOMPARE(byName["POD_NS"].value, std::string("default"));
    QCOMPARE(byName["POD_IP"].value, api::stringField(getPod(*sb, "app")->status(), "podIP"));
    QVERIFY(!byName["POD_IP"].value.empty());
    QCOMPARE(byName["NODE"].value, api::stringField(getPod(*sb, "app")->spec(), "nodeName"));
    QCOMPARE(byName["PLAIN"].value, std::string("hello"));
    QCOMPARE(byName["CFG_MODE"].value, std::string("fast"));
    QVERIFY(!byName.count("MAYBE"));
    QVERIFY(byName.count("NODE_VERSION") || byName.count("PATH")); // the image's ENV comes first
    auto files = sb->runtime().files("default", "app", "app");
    QVERIFY(files.ok());
    std::map<std::string, std::string> byPath;
    for (const auto &f : *files)
        byPath[f.path] = f.content;
    QCOMPARE(byPath["/etc/app/MODE"], std::string("fast"));
    QCOMPARE(byPath["/etc/app/app.conf"], std::string("listen 80"));
    QCOMPARE(byPath["/run/secrets/db/PASSWORD"], std::string("s3cret")); // decoded
    QVERIFY(!sb->runtime().environment("default", "app", "nope").ok());
    QVERIFY(!sb->runtime().environment("default", "ghost", "").ok());
}

void tst_Runtime::missingConfigMapHoldsTheContainer()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("app", "nginx:1.25",
                              "    env: [{name: MODE, valueFrom: {configMapKeyRef: {name: settings, key: MODE}}}]\n"))
                .ok());
    runFor(*sb, 10'000);
    auto cs = container(*sb, "app");
    QCOMPARE(cs.state, api::ContainerStatus::State::Waiting);
    QCOMPARE(cs.reason, std::string("CreateContainerConfigError"));
    QCOMPARE(cs.message, std::string("configmap \"settings\" not found"));
    QCOMPARE(api::summarizePod(*getPod(*sb, "app")).status, std::string("CreateContainerConfigError"));
    QVERIFY(anyEvent(*sb, "Failed", "Error: configmap \"settings\" not found"));
    // the ConfigMap without the key: another error
    QVERIFY(sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {OTHER: x}\n").ok());
    runFor(*sb, 2'000);
    QCOMPARE(container(*sb, "app").message, std::string("couldn't find key MODE in ConfigMap default/settings"));
    // with the key the container starts soon, without waiting out the back-off
    QVERIFY(sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {MODE: slow}\n").ok());
    runFor(*sb, 2'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "app")).status, std::string("Running"));
    QCOMPARE(sb->runtime().environment("default", "app", "app")->back().value, std::string("slow"));
    // a missing Secret volume: the pod stays ContainerCreating with FailedMount
    QVERIFY(sb->apply(podYaml("vol", "nginx:1.25", "    volumeMounts: [{name: certs, mountPath: /certs}]\n",
                              "  volumes: [{name: certs, secret: {secretName: tls}}]\n"))
                .ok());
    runFor(*sb, 10'000);
    QCOMPARE(api::summarizePod(*getPod(*sb, "vol")).status, std::string("ContainerCreating"));
    QVERIFY(anyEvent(*sb, "FailedMount", "MountVolume.SetUp failed for volume \"certs\" : secret \"tls\" not found"));
}

void tst_Runtime::logsAreDeterministic()
{
    std::vector<std::string> first;
    for (int round = 0; round < 2; ++round) {
        auto sb = openSandbox(77);
        QVERIFY(sb->apply(podYaml("web", "nginx:1.25")).ok());
        runFor(*sb, 120'000);
        auto lines = sb->runtime().logs("default", "web", "");
        QVERIFY(lines.ok());
        QVERIFY(lines->size() > 20);
        QVERIFY(lines->front().text.find("/docker-entrypoint.sh") == 0);
        QVERIFY(std::is_sorted(lines->begin(), lines->end(),
                               [](const auto &a, const auto &b) { return a.time < b.time; }));
        if (round == 0)
            first = texts(*lines);
        else
            QCOMPARE(texts(*lines), first);
        runtime::LogQuery tail;
        tail.tail = 5;
        auto last = sb->runtime().logs("default", "web", "app", tail);
        QCOMPARE(last->size(), size_t(5));
        QCOMPARE(last->back().text, lines->back().text);
        runtime::LogQuery since;
        since.since = sb->sim().now() - 30'000;
        const auto recent = sb->runtime().logs("default", "web", "app", since);
        QVERIFY(recent.ok() && !recent->empty() && recent->size() < lines->size());
        for (const auto &l : *recent)
            QVERIFY(l.time >= since.since);
    }
    // another seed: other lines
    auto other = openSandbox(78);
    QVERIFY(other->apply(podYaml("web", "nginx:1.25")).ok());
    runFor(*other, 120'000);
    QVERIFY(texts(*other->runtime().logs("default", "web", "")) != first);
    // every kind has a voice
    for (const char *image : {"node:20", "python:3.12-slim", "redis:7.2", "postgres:16-alpine"}) {
        const std::string name = std::string(image).substr(0, std::string(image).find(':'));
        QVERIFY(other->apply(podYaml(name, image)).ok());
    }
    runFor(*other, 600'000);
    QVERIFY(other->runtime().logs("default", "redis", "")->front().text.find("Redis is starting") != std::string::npos);
    QVERIFY(texts(*other->runtime().logs("default", "postgres", ""))[2].find("starting PostgreSQL 16") != std::string::npos);
    QVERIFY(other->runtime().logs("default", "python", "")->size() > 10);
    QVERIFY(other->runtime().logs("default", "node", "")->size() > 10);
}

void tst_Runtime::logsOfThePreviousContainerAndFollow()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("web", "nginx:1.25")).ok());
    runFor(*sb, 3'000);
    QVERIFY(!sb->runtime().logs("default", "web", "", {}, true).ok()); // no previous run yet
    runFor(*sb, 60'000);
    std::vector<runtime::LogLine> followed;
    auto id = sb->runtime().followLogs("default", "web", "app",
                                       [&](const std::vector<runtime::LogLine> &l) { followed.insert(followed.end(), l.begin(), l.end()); });
    QVERIFY(id.ok());
    const auto before = sb->runtime().logs("default", "web", "");
    QVERIFY(sb->pods().crashContainer("default", "web").ok());
    (void)sb->flush();
    runFor(*sb, 15'000); // restarted after 10 s
    auto previous = sb->runtime().logs("default", "web", "", {}, true);
    QVERIFY(previous.ok());
    QVERIFY(previous->size() >= before->size());
    QCOMPARE(previous->front().text, before->front().text);
    QVERIFY(previous->back().text.find("signal 3 (SIGQUIT)") != std::string::npos);
    auto current = sb->runtime().logs("default", "web", "");
    QVERIFY(current.ok());
    QVERIFY(current->front().time > previous->back().time);
    // the follower saw the end of the old run and the start of the new one
    QVERIFY(!followed.empty());
    bool sawRestart = false;
    for (const auto &l : followed)
        sawRestart |= l.text.find("Configuration complete") != std::string::npos;
    QVERIFY(sawRestart);
    sb->runtime().unfollowLogs(*id);
    const auto count = followed.size();
    runFor(*sb, 60'000);
    QCOMPARE(followed.size(), count);
    QVERIFY(!sb->runtime().followLogs("default", "nope", "", [](const auto &) {}).ok());
}

void tst_Runtime::usageIsDeterministic()
{
    std::vector<std::int64_t> first;
    for (int round = 0; round < 2; ++round) {
        auto sb = openSandbox(5);
        QVERIFY(buildImage(*sb, "FROM node:20\nLABEL flotilla.sim.cpu=150m flotilla.sim.memory=120Mi\n", "api:1"));
        for (int i = 0; i < 4; ++i)
            QVERIFY(sb->apply(podYaml("api-" + std::to_string(i), "api:1")).ok());
        runFor(*sb, 120'000);
        std::vector<std::int64_t> numbers;
        std::map<std::string, std::int64_t> perNode;
        for (int i = 0; i < 4; ++i) {
            const auto u = sb->runtime().podUsage("default", "api-" + std::to_string(i));
            QVERIFY(u);
            QVERIFY(u->cpuMilli >= 120 && u->cpuMilli <= 180); // 150m ± 20 %
            QVERIFY(u->memoryBytes >= (116LL << 20) && u->memoryBytes <= (124LL << 20));
            numbers.push_back(u->cpuMilli);
            numbers.push_back(u->memoryBytes);
            perNode[api::stringField(getPod(*sb, "api-" + std::to_string(i))->spec(), "nodeName")] += u->cpuMilli;
        }
        // node sums include the system pods; at least the api pods are in them
        const auto nodes = sb->runtime().nodeUsage();
        for (const auto &[node, cpu] : perNode)
            QVERIFY(nodes.at(node).cpuMilli >= cpu);
        if (round == 0)
            first = numbers;
        else
            QCOMPARE(numbers, first);
    }
    // another seed, other noise
    auto other = openSandbox(6);
    QVERIFY(buildImage(*other, "FROM node:20\nLABEL flotilla.sim.cpu=150m flotilla.sim.memory=120Mi\n", "api:1"));
    for (int i = 0; i < 4; ++i)
        QVERIFY(other->apply(podYaml("api-" + std::to_string(i), "api:1")).ok());
    runFor(*other, 120'000);
    std::vector<std::int64_t> numbers;
    for (int i = 0; i < 4; ++i) {
        const auto u = other->runtime().podUsage("default", "api-" + std::to_string(i));
        numbers.push_back(u->cpuMilli);
        numbers.push_back(u->memoryBytes);
    }
    QVERIFY(numbers != first);
    // compact: well under the budget per container
    QVERIFY(other->runtime().usage().size() >= 4);
    QVERIFY(other->runtime().memoryUse() / other->runtime().usage().size() < 2048);
}

void tst_Runtime::usageHistoryPerNode()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("web", "nginx:1.25", {}, "  nodeName: worker-1\n")).ok());
    runFor(*sb, 5 * 60'000);
    const auto history = sb->runtime().nodeHistory("worker-1");
    QVERIFY(history.size() >= 19 && history.size() <= 21); // one sample every 15 s
    for (std::size_t i = 1; i < history.size(); ++i)
        QCOMPARE(history[i].time - history[i - 1].time, TimeMs(15'000));
    QVERIFY(history.back().cpuMilli > 0);
    QVERIFY(history.back().memoryBytes > 0);
    runFor(*sb, 60 * 60'000);
    QCOMPARE(int(sb->runtime().nodeHistory("worker-1").size()), runtime::UsageTable::kHistory); // a ring
    QVERIFY(sb->runtime().nodeHistory("no-such-node").empty());
}

void tst_Runtime::partitionedNodeKeepsRunning()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(podYaml("a", "nginx:1.25", {}, "  nodeName: worker-1\n")).ok());
    QVERIFY(sb->apply(podYaml("b", "nginx:1.25", {}, "  nodeName: worker-2\n")).ok());
    runFor(*sb, 30'000);
    QVERIFY(sb->nodes().partitionNode("worker-1").ok());
    QVERIFY(sb->nodes().failNode("worker-2").ok());
    (void)sb->flush();
    QVERIFY(sb->nodes().isPartitioned("worker-1"));
    runFor(*sb, 45'000);
    QCOMPARE(api::summarizeNode(*sb->store().get(api::kind::Node, {}, "worker-1")).status, std::string("NotReady"));
    QVERIFY(!podReady(*sb, "a")); // the node controller marks them not ready
    QVERIFY(sb->runtime().podUsage("default", "a")->cpuMilli > 0);  // cut off, but still running
    QCOMPARE(sb->runtime().podUsage("default", "b")->cpuMilli, std::int64_t(0)); // powered off
    QVERIFY(sb->runtime().logs("default", "a", "").ok());
    QVERIFY(sb->nodes().recoverNode("worker-1").ok());
    QVERIFY(sb->nodes().recoverNode("worker-2").ok());
    runFor(*sb, 5'000);
    QVERIFY(podReady(*sb, "a"));
    QVERIFY(podReady(*sb, "b"));
    QVERIFY(sb->runtime().podUsage("default", "b")->cpuMilli > 0);
    QVERIFY(!sb->nodes().partitionNode("nope").ok());
}

void tst_Runtime::badInputIsRefused()
{
    auto sb = openSandbox();
    QVERIFY(!sb->runtime().spikeCpu("default", "ghost").ok());
    QVERIFY(!sb->runtime().leakMemory("default", "ghost").ok());
    QVERIFY(!sb->runtime().clearFaults("default", "ghost").ok());
    QVERIFY(!sb->runtime().failImagePulls("", true).ok());
    QVERIFY(!sb->runtime().logs("default", "ghost", "").ok());
    QVERIFY(!sb->runtime().podUsage("default", "ghost"));
    QVERIFY(sb->apply(podYaml("web", "nginx:1.25")).ok());
    runFor(*sb, 10'000);
    QVERIFY(!sb->runtime().spikeCpu("default", "web", -5).ok());
    QVERIFY(!sb->runtime().leakMemory("default", "web", -1).ok());
    QVERIFY(!sb->runtime().logs("default", "web", "other").ok());
    // hostile labels are ignored, not fatal
    QVERIFY(buildImage(*sb, "FROM busybox:1.36\nLABEL flotilla.sim.cpu=lots flotilla.sim.memory-leak=fast "
                            "flotilla.sim.ready-after=-3s flotilla.sim.unhealthy-after=9999999999999h\n",
                       "odd:1"));
    QVERIFY(sb->apply(podYaml("odd", "odd:1", "    readinessProbe: {exec: {command: [cat, /tmp/ready]}}\n")).ok());
    runFor(*sb, 20'000);
    QVERIFY(podReady(*sb, "odd"));
}

void tst_Runtime::reopenedSandboxPicksUpRunningContainers()
{
    QTemporaryDir dir;
    sandbox::SandboxOptions opts;
    opts.seed = 9;
    opts.dataDir = dir.path().toStdString();
    opts.startTime = 1'780'000'000'000;
    std::vector<std::string> before;
    TimeMs closedAt = 0;
    {
        auto sb = sandbox::Sandbox::open(opts);
        QVERIFY(sb.ok());
        QVERIFY((*sb)->apply(podYaml("web", "nginx:1.25", "    readinessProbe: {httpGet: {path: /, port: 80}}\n")).ok());
        runFor(**sb, 60'000);
        QVERIFY(podReady(**sb, "web"));
        before = texts(*(*sb)->runtime().logs("default", "web", ""));
        closedAt = (*sb)->sim().now();
    }
    auto sb = sandbox::Sandbox::open(opts);
    QVERIFY(sb.ok());
    QVERIFY((*sb)->runtime().podUsage("default", "web")->cpuMilli > 0);
    runtime::LogQuery upToClose;
    upToClose.until = closedAt;
    QCOMPARE(texts(*(*sb)->runtime().logs("default", "web", "", upToClose)), before); // the same log, not a new one
    runFor(**sb, 30'000);
    QVERIFY(podReady(**sb, "web"));
    QCOMPARE(container(**sb, "web").restartCount, 0);
}

void tst_Runtime::requestLinesFollowServiceTraffic()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kWebService).ok());
    QVERIFY(sb->apply(flotilla::testutil::webDeployment(2, "{requests: {cpu: 100m, memory: 64Mi}}")).ok());
    QVERIFY(sb->apply("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: cache}\nspec:\n  replicas: 1\n"
                      "  selector: {matchLabels: {app: cache}}\n  template:\n    metadata: {labels: {app: cache}}\n"
                      "    spec:\n      containers:\n      - {name: redis, image: 'redis:7.2'}\n")
                .ok());
    QVERIFY(sb->apply("apiVersion: v1\nkind: Service\nmetadata: {name: cache}\nspec:\n  selector: {app: cache}\n"
                      "  ports: [{port: 6379}]\n")
                .ok());
    runFor(*sb, 30'500); // the traffic starts between two ticks
    std::vector<std::string> web;
    std::string cache;
    for (const auto &name : podNames(*sb))
        (name.rfind("web-", 0) == 0 ? (void)web.push_back(name) : (void)(cache = name));
    QCOMPARE(web.size(), std::size_t(2));
    QVERIFY(!cache.empty());
    for (const auto &name : web)
        QVERIFY(podReady(*sb, name));

    // before the traffic: what the logs say up to now must not change when traffic comes
    const TimeMs t0 = sb->sim().now();
    std::map<std::string, std::vector<std::string>> before;
    for (const auto &name : web)
        before[name] = texts(*sb->runtime().logs("default", name, ""));
    std::vector<runtime::LogLine> followed;
    auto id = sb->runtime().followLogs("default", web[0], "web", [&](const std::vector<runtime::LogLine> &l) {
        followed.insert(followed.end(), l.begin(), l.end());
    });
    QVERIFY(id.ok());

    auto &traffic = sb->traffic();
    QVERIFY(traffic.setBalancing("default", "web", cluster::Balancing::RoundRobin).ok());
    QVERIFY(traffic.setRate("default", "web", 20).ok());
    QVERIFY(traffic.setRate("default", "cache", 50).ok());
    runFor(*sb, 10'000);
    const TimeMs t1 = sb->sim().now();
    for (const auto &name : web) {
        const auto lines = sb->runtime().logs("default", name, "");
        QVERIFY(lines.ok());
        QVERIFY(std::is_sorted(lines->begin(), lines->end(), [](const auto &a, const auto &b) { return a.time < b.time; }));
        // 10 requests a second each, logged from the first traffic tick on (about 90 to 100 lines)
        const auto access = countIf(*lines, t0, t1, isAccessLine);
        QVERIFY2(access >= 80 && access <= 115, (name + ": " + std::to_string(access)).c_str());
        QVERIFY(countIf(*lines, t0, t1, isRequestOnlyLine) > 15);
        // nothing before the traffic started
        runtime::LogQuery upToStart;
        upToStart.until = t0;
        QCOMPARE(texts(*sb->runtime().logs("default", name, "", upToStart)), before[name]);
        QCOMPARE(countIf(*lines, 0, t0, isRequestOnlyLine), std::size_t(0));
        // a tail stays a tail
        runtime::LogQuery tail;
        tail.tail = 7;
        const auto last = sb->runtime().logs("default", name, "", tail);
        QCOMPARE(last->size(), std::size_t(7));
        QCOMPARE(texts(*last), texts(std::vector<runtime::LogLine>(lines->end() - 7, lines->end())));
    }
    // servers only: redis logs no requests
    const auto cacheLog = sb->runtime().logs("default", cache, "");
    QVERIFY(cacheLog.ok() && !cacheLog->empty());
    QCOMPARE(countIf(*cacheLog, 0, t1, isAccessLine), std::size_t(0));
    QVERIFY(sb->runtime().requestSpans("default", cache).size() == 1); // it was sent traffic all the same

    // the follower saw the same lines as the log shows
    {
        runtime::LogQuery window;
        window.since = t0 + 1;
        const auto log = texts(*sb->runtime().logs("default", web[0], "", window));
        QCOMPARE(texts(followed), log);
    }

    // the traffic stops: so do the lines (after the tick that tells)
    QVERIFY(traffic.setRate("default", "web", 0).ok());
    const TimeMs t2 = sb->sim().now();
    runFor(*sb, 20'000);
    for (const auto &name : web) {
        const auto lines = sb->runtime().logs("default", name, "");
        QCOMPARE(countIf(*lines, t2 + cluster::Traffic::kTick, sb->sim().now(), isRequestOnlyLine), std::size_t(0));
        QVERIFY(countIf(*lines, t2 + cluster::Traffic::kTick, sb->sim().now(), isAccessLine) <= 8); // the idle lines only
        const auto spans = sb->runtime().requestSpans("default", name);
        QVERIFY(!spans.empty() && spans.size() <= runtime::ContainerRuntime::kRequestSpans);
        QVERIFY(spans.back().until > 0 && spans.back().until <= t2 + cluster::Traffic::kTick);
    }

    // a follow at a high rate: every line once, in order, at most 2,000 a catch-up
    followed.clear();
    QVERIFY(traffic.setRate("default", "web", 400).ok());
    const TimeMs t3 = sb->sim().now();
    for (int i = 0; i < 6; ++i)
        runFor(*sb, 1'000);
    sb->runtime().unfollowLogs(*id);
    QVERIFY2(followed.size() > 800 && followed.size() < 1300, std::to_string(followed.size()).c_str());
    QVERIFY(std::is_sorted(followed.begin(), followed.end(), [](const auto &a, const auto &b) { return a.time < b.time; }));
    runtime::LogQuery window;
    window.since = t3 + 1;
    window.until = sb->sim().now();
    QCOMPARE(texts(followed), texts(*sb->runtime().logs("default", web[0], "", window)));
    runtime::LogQuery tail;
    tail.tail = 3;
    QCOMPARE(sb->runtime().logs("default", web[0], "", tail)->size(), std::size_t(3));

    // the pod goes: its history with it
    QVERIFY(sb->remove(api::kind::Pod, "default", web[1]).ok());
    runFor(*sb, 40'000);
    QVERIFY(sb->runtime().requestSpans("default", web[1]).empty());
}

void tst_Runtime::requestLinesCarryErrorsAndLatency()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, "FROM node:20\nLABEL flotilla.sim.error-rate=0.2 flotilla.sim.latency=40ms\n", "shaky:1"));
    QVERIFY(sb->apply(kWebService).ok());
    QVERIFY(sb->apply(flotilla::testutil::webDeployment(2, "{}", "shaky:1"))
                .ok());
    runFor(*sb, 30'000);
    const TimeMs t0 = sb->sim().now();
    QVERIFY(sb->traffic().setRate("default", "web", 1000).ok());
    runFor(*sb, 30'000);
    for (const auto &name : podNames(*sb)) {
        runtime::LogQuery q;
        q.since = t0;
        const auto lines = sb->runtime().logs("default", name, "", q);
        QVERIFY(lines.ok());
        QCOMPARE(lines->size(), std::size_t(10'000)); // about 15,000 requests: the limit holds
        std::size_t access = 0, failed = 0;
        std::vector<double> ms;
        for (const auto &l : *lines) {
            // morgan's dev format: "GET /path 200 41.250 ms - 512"
            char method[8], path[64];
            int status = 0;
            double took = 0;
            if (std::sscanf(l.text.c_str(), "%7s %63s %d %lf ms", method, path, &status, &took) != 4)
                continue;
            ++access;
            failed += status >= 500;
            ms.push_back(took);
            if (status >= 500)
                QVERIFY2(status == 500 || status == 502 || status == 503, l.text.c_str());
        }
        QVERIFY(access > 9'900);
        const double share = double(failed) / double(access);
        QVERIFY2(std::abs(share - 0.2) < 0.04, std::to_string(share).c_str());
        std::sort(ms.begin(), ms.end());
        const double median = ms[ms.size() / 2];
        QVERIFY2(std::abs(median - 40) < 10, std::to_string(median).c_str());
        QVERIFY(ms[ms.size() * 95 / 100] > 1.5 * median);
    }
    // without the label: no 5xx at all
    QVERIFY(sb->apply(flotilla::testutil::webDeployment(2, "{}", "node:20"))
                .ok());
    runFor(*sb, 90'000);
    const TimeMs t1 = sb->sim().now();
    runFor(*sb, 10'000);
    std::size_t fresh = 0;
    for (const auto &name : podNames(*sb)) {
        const auto p = getPod(*sb, name);
        if (!p || p->metadata.deletionTimestamp)
            continue;
        runtime::LogQuery q;
        q.since = t1;
        const auto lines = sb->runtime().logs("default", name, "", q);
        QVERIFY(lines.ok());
        for (const auto &l : *lines) {
            char method[8], path[64];
            int status = 0;
            if (std::sscanf(l.text.c_str(), "%7s %63s %d", method, path, &status) != 3)
                continue;
            QVERIFY2(status < 500, l.text.c_str());
            ++fresh;
        }
    }
    QVERIFY2(fresh > 9'000, std::to_string(fresh).c_str());
}

void tst_Runtime::requestLinesAreDeterministic()
{
    auto story = [](std::uint64_t seed) {
        auto sb = openSandbox(seed);
        (void)buildImage(*sb, "FROM nginx:1.25\nLABEL flotilla.sim.error-rate=0.1\n", "shaky:1");
        (void)sb->apply(kWebService);
        (void)sb->apply(flotilla::testutil::webDeployment(3, "{}", "shaky:1"));
        runFor(*sb, 20'000);
        (void)sb->traffic().setRate("default", "web", 37.5);
        runFor(*sb, 25'000);
        (void)sb->traffic().setRate("default", "web", 120);
        runFor(*sb, 15'000);
        (void)sb->traffic().setRate("default", "web", 0);
        runFor(*sb, 5'000);
        std::vector<std::string> all;
        for (const auto &name : podNames(*sb)) {
            const auto lines = texts(*sb->runtime().logs("default", name, ""));
            all.push_back("== " + name);
            all.insert(all.end(), lines.begin(), lines.end());
        }
        return all;
    };
    const auto a = story(42), b = story(42), c = story(43);
    QVERIFY2(a.size() > 2'000, std::to_string(a.size()).c_str());
    QCOMPARE(a, b);
    QVERIFY(a != c);
}

void tst_Runtime::requestLinesOfARun()
{
    const TimeMs start = 1'780'000'000'000;
    runtime::ContainerRun run;
    run.seed = 9;
    run.podUid = "0b6f2c1e-uid";
    run.container = "web";
    run.kind = runtime::ImageKind::Nginx;
    run.image = "nginx:1.25";
    run.startedAt = start;
    run.requests = {{start + 10'500, start + 20'500, 50, 0.1, 20}, {start + 20'500, 0, 200, 0, 5}};
    const TimeMs now = start + 60'000;
    const auto all = runtime::containerLog(run, now);
    QVERIFY(std::is_sorted(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.time < b.time; }));
    // the lines of the same run without traffic are all there, untouched; the rest are requests
    runtime::ContainerRun idleRun = run;
    idleRun.requests.clear();
    const auto idle = runtime::containerLog(idleRun, now);
    std::multiset<std::pair<TimeMs, std::string>> idleLines;
    for (const auto &l : idle)
        idleLines.emplace(l.time, l.text);
    std::vector<runtime::LogLine> requests;
    for (const auto &l : all) {
        if (const auto it = idleLines.find({l.time, l.text}); it != idleLines.end())
            idleLines.erase(it);
        else
            requests.push_back(l);
    }
    QVERIFY(idleLines.empty());
    std::size_t first = 0, firstFailed = 0, second = 0, secondFailed = 0;
    for (const auto &l : requests) {
        QVERIFY2(isAccessLine(l.text), l.text.c_str());
        QVERIFY2(l.time >= start + 10'500, l.text.c_str());
        const bool failed = l.text.find("HTTP/1.1\" 50") != std::string::npos;
        if (l.time < start + 20'500) {
            ++first;
            firstFailed += failed;
        } else {
            ++second;
            secondFailed += failed;
        }
    }
    // whole requests per second: exactly the rate (the open span may have one line at `now` itself)
    QCOMPARE(first, std::size_t(500));
    QVERIFY2(second == 7'900 || second == 7'901, std::to_string(second).c_str());
    QVERIFY2(std::abs(double(firstFailed) / double(first) - 0.1) < 0.03, std::to_string(firstFailed).c_str());
    QCOMPARE(secondFailed, std::size_t(0));
    // the same on every machine and every run
    QCOMPARE(requests.front().text, std::string("10.244.2.17 - - [28/May/2026:20:26:50 +0000] \"GET / HTTP/1.1\" 200 838 "
                                                "\"-\" \"Mozilla/5.0 (X11; Linux x86_64)\""));
    QCOMPARE(requests.front().time, start + 10'518);

    // any window and any tail are a part of the whole
    for (const auto &[since, until] : std::vector<std::pair<TimeMs, TimeMs>>{
             {start + 15'500, start + 25'250}, {start + 20'499, start + 20'501}, {start + 10'000, start + 11'000},
             {start + 59'999, 0}, {0, start + 10'600}}) {
        runtime::LogQuery q;
        q.since = since;
        q.until = until;
        std::vector<std::string> expected;
        for (const auto &l : all)
            if (l.time >= since && (until == 0 || l.time <= until))
                expected.push_back(l.text);
        QCOMPARE(texts(runtime::containerLog(run, now, q)), expected);
    }
    for (std::size_t n : {1, 10, 333}) {
        runtime::LogQuery q;
        q.tail = n;
        QCOMPARE(texts(runtime::containerLog(run, now, q)), texts(std::vector<runtime::LogLine>(all.end() - long(n), all.end())));
    }
    // a follow's view: one catch-up after another gives the whole
    std::vector<std::string> followed;
    for (TimeMs t = start; t < now; t += 777) {
        runtime::LogQuery q;
        q.since = t + 1;
        q.until = std::min(t + 777, now);
        q.limit = 2'000;
        for (const auto &l : runtime::containerLog(run, now, q))
            followed.push_back(l.text);
    }
    QCOMPARE(followed, texts(all));

    // programs that serve no HTTP write no request lines
    runtime::ContainerRun redis = run;
    redis.kind = runtime::ImageKind::Redis;
    runtime::ContainerRun quiet = redis;
    quiet.requests.clear();
    QCOMPARE(texts(runtime::containerLog(redis, now)), texts(runtime::containerLog(quiet, now)));

    // very busy for an hour: the limit holds and a tail stays cheap
    run.requests = {{start + 1'000, 0, 50'000, 0.01, 3}};
    QElapsedTimer timer;
    timer.start();
    runtime::LogQuery tail;
    tail.tail = 50;
    QCOMPARE(runtime::containerLog(run, start + 3'600'000, tail).size(), std::size_t(50));
    QCOMPARE(runtime::containerLog(run, start + 3'600'000).size(), std::size_t(10'000));
    QVERIFY2(timer.elapsed() < 2'000, std::to_string(timer.elapsed()).c_str());
}

QTEST_GUILESS_MAIN(tst_Runtime)
#include "tst_runtime.moc"
