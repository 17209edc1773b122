#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QtTest>

#include <unistd.h>

using namespace flotilla::engine;

namespace {
const char *kPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: my-microservice
  labels: {app: my-microservice}
spec:
  containers:
  - name: web
    image: node:14-alpine
    ports: [{containerPort: 8080}]
    resources: {requests: {cpu: 100m, memory: 128Mi}}
)";

std::unique_ptr<sandbox::Sandbox> openSandbox(const QString &dataDir = {})
{
    return flotilla::testutil::openSandbox(5, {}, dataDir.toStdString());
}

std::string phase(sandbox::Sandbox &sb, const std::string &name, const std::string &ns = "default")
{
    auto p = sb.store().get("Pod", ns, name);
    return p ? api::summarizePod(*p).status : "<gone>";
}

using flotilla::testutil::runFor;
} // namespace

class tst_Sandbox : public QObject {
    Q_OBJECT
private slots:
    void defaults();
    void podLifecycle();
    void eventsTellTheStory();
    void deleteGoesThroughTerminating();
    void applyIsAllOrNothing();
    void applyReportsLineAndColumn();
    void applyUpdatesAndConflicts();
    void podSpecIsImmutable();
    void unknownNamespace();
    void systemFieldsOfAManifestAreIgnored();
    void emptyNodeNameReapplies();
    void unschedulablePodExplainsWhy();
    void schedulingIsFirstComeFirstServed();
    void systemNamespacesCannotBeDeleted();
    void secretStringDataIsStoredAsData();
    void reopeningKeepsTheSandbox();
    void aSandboxIsOpenInOneProcessAtATime();
    void damagedStateIsReportedAndMovedAside();
    void unreadableStateIsReportedAndMovedAside();
};

void tst_Sandbox::defaults()
{
    auto sb = openSandbox();
    const auto nodes = sb->store().list("Node");
    QCOMPARE(nodes.size(), 3u);
    int controlPlanes = 0;
    for (const auto &n : nodes) {
        const auto s = api::summarizeNode(*n);
        QVERIFY(s.ready);
        QCOMPARE(s.allocatable.pods, 110);
        QVERIFY(s.capacity.cpuMilli >= 2000);
        controlPlanes += s.roles == "control-plane" ? 1 : 0;
    }
    QCOMPARE(controlPlanes, 1);
    QVERIFY(sb->store().get("Namespace", {}, "default"));
    QVERIFY(sb->store().get("Namespace", {}, "kube-system"));
    QVERIFY(sb->store().count("Image") >= 5);
    QVERIFY(sb->store().get("Image", {}, "node-14-alpine"));
    QVERIFY(!sb->store().list("Pod", "kube-system").empty());
}

void tst_Sandbox::podLifecycle()
{
    auto sb = openSandbox();
    const auto outcome = sb->apply(kPod);
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.results, std::vector<std::string>{"pod/my-microservice created"});
    QCOMPARE(phase(*sb, "my-microservice"), std::string("Pending"));
    std::vector<std::string> seen;
    for (int i = 0; i < 200 && phase(*sb, "my-microservice") != "Running"; ++i) {
        runFor(*sb, 50);
        const auto p = phase(*sb, "my-microservice");
        if (seen.empty() || seen.back() != p)
            seen.push_back(p);
    }
    QCOMPARE(phase(*sb, "my-microservice"), std::string("Running"));
    QVERIFY2(std::find(seen.begin(), seen.end(), "ContainerCreating") != seen.end(), "goes through ContainerCreating");
    const auto pod = sb->store().get("Pod", "default", "my-microservice");
    const auto s = api::summarizePod(*pod);
    QVERIFY(s.node == "worker-1" || s.node == "worker-2"); // the control plane is tainted
    QVERIFY(s.ip.rfind("10.244.", 0) == 0);
    QCOMPARE(s.readyContainers, 1);
}

void tst_Sandbox::eventsTellTheStory()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kPod).ok());
    runFor(*sb, 30'000);
    std::vector<std::string> reasons;
    auto events = sb->store().list("Event", "default");
    std::sort(events.begin(), events.end(), [](const auto &a, const auto &b) {
        return a->metadata.resourceVersion < b->metadata.resourceVersion;
    });
    for (const auto &e : events) {
        const auto s = api::summarizeEvent(*e);
        if (s.objectName == "my-microservice")
            reasons.push_back(s.reason);
    }
    QCOMPARE(reasons, (std::vector<std::string>{"Scheduled", "Pulling", "Pulled", "Created", "Started"}));
}

void tst_Sandbox::deleteGoesThroughTerminating()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kPod).ok());
    runFor(*sb, 30'000);
    QVERIFY(sb->remove("Pod", "default", "my-microservice").ok());
    QCOMPARE(phase(*sb, "my-microservice"), std::string("Terminating"));
    runFor(*sb, 3'000);
    QCOMPARE(phase(*sb, "my-microservice"), std::string("<gone>"));
    QCOMPARE(int(sb->remove("Pod", "default", "my-microservice").error().code), int(Error::Code::NotFound));
}

void tst_Sandbox::applyIsAllOrNothing()
{
    auto sb = openSandbox();
    const auto before = sb->store().resourceVersion();
    const std::string manifest = std::string(kPod) + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: Broken_Name}\nspec: {containers: [{name: x}]}\n";
    const auto outcome = sb->apply(manifest);
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.errors.size(), 2u); // the name and the missing image
    QVERIFY(!sb->store().get("Pod", "default", "my-microservice")); // the valid first document was not applied
    QCOMPARE(sb->store().resourceVersion(), before);
}

void tst_Sandbox::applyReportsLineAndColumn()
{
    auto sb = openSandbox();
    auto outcome = sb->apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: web\n    ports:\n    - containerPort: 99999\n", "pod.yaml");
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.errors.size(), 2u);
    for (const auto &e : outcome.errors) {
        QCOMPARE(e.file, std::string("pod.yaml"));
        QVERIFY(e.line > 0 && e.column > 0);
    }
    const auto port = std::find_if(outcome.errors.begin(), outcome.errors.end(),
                                   [](const Error &e) { return e.path == "spec.containers[0].ports[0].containerPort"; });
    QVERIFY(port != outcome.errors.end());
    QCOMPARE(port->line, 9);
    QCOMPARE(port->column, 7);
    QVERIFY(port->toString().rfind("pod.yaml:9:7: spec.containers[0].ports[0].containerPort", 0) == 0);

    outcome = sb->apply("metadata: {name: x}\nkind: Pod\n  bad: indent\n");
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.errors.front().line, 3);

    outcome = sb->apply("# just a comment\n");
    QVERIFY(!outcome.ok());
}

void tst_Sandbox::applyUpdatesAndConflicts()
{
    auto sb = openSandbox();
    const char *cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: '1'}\n";
    QCOMPARE(sb->apply(cm).results.front(), std::string("configmap/cfg created"));
    QCOMPARE(sb->apply(cm).results.front(), std::string("configmap/cfg unchanged"));
    QCOMPARE(sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: '2'}\n").results.front(),
             std::string("configmap/cfg configured"));
    const auto current = sb->store().get("ConfigMap", "default", "cfg");
    QCOMPARE(current->body["data"]["A"], api::Json("2"));
    // A manifest that names an old resourceVersion is refused, and changes nothing.
    const auto stale = sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, resourceVersion: '1'}\ndata: {A: '3'}\n");
    QVERIFY(!stale.ok());
    QCOMPARE(int(stale.errors.front().code), int(Error::Code::Conflict));
    QCOMPARE(stale.errors.front().path, std::string("metadata.resourceVersion"));
    QCOMPARE(stale.errors.front().line, 3);
    QCOMPARE(sb->store().get("ConfigMap", "default", "cfg")->body["data"]["A"], api::Json("2"));
}

void tst_Sandbox::podSpecIsImmutable()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply(kPod).ok());
    runFor(*sb, 10'000);
    std::string changed(kPod);
    changed.replace(changed.find("cpu: 100m"), 9, "cpu: 200m");
    const auto outcome = sb->apply(changed);
    QVERIFY(!outcome.ok());
    QCOMPARE(int(outcome.errors.front().code), int(Error::Code::Forbidden));
    // Labels may change.
    std::string relabelled(kPod);
    relabelled.replace(relabelled.find("{app: my-microservice}"), 22, "{app: my-microservice, tier: web}");
    const auto ok = sb->apply(relabelled);
    QVERIFY(ok.ok());
    QCOMPARE(ok.results.front(), std::string("pod/my-microservice configured"));
    QCOMPARE(phase(*sb, "my-microservice"), std::string("Running"));
}

void tst_Sandbox::unknownNamespace()
{
    auto sb = openSandbox();
    auto outcome = sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n");
    QVERIFY(!outcome.ok());
    QVERIFY(outcome.errors.front().message.find("namespaces \"shop\" not found") != std::string::npos);
    // Creating the namespace in the same apply is fine.
    outcome = sb->apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n");
    QVERIFY(outcome.ok());
    QCOMPARE(outcome.results.size(), 2u);
}

void tst_Sandbox::systemFieldsOfAManifestAreIgnored()
{
    auto sb = openSandbox();
    // A pod copied from somewhere with its status and a deletion time: created fresh, then scheduled.
    const auto outcome = sb->apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: copied\n  deletionTimestamp: '2020-01-01T00:00:00Z'\n"
                                   "spec: {containers: [{name: c, image: nginx}]}\nstatus: {phase: Running, podIP: 1.2.3.4}\n");
    QVERIFY(outcome.ok());
    const auto created = sb->store().get("Pod", "default", "copied");
    QVERIFY(!created->metadata.deletionTimestamp);
    QCOMPARE(api::summarizePod(*created).status, std::string("Pending"));
    runFor(*sb, 20'000);
    QCOMPARE(phase(*sb, "copied"), std::string("Running"));
    QVERIFY(api::summarizePod(*sb->store().get("Pod", "default", "copied")).ip.rfind("10.244.", 0) == 0);

    // generateName in a namespace that does not exist is refused like a name would be.
    const auto generated = sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: web-, namespace: nope}\n");
    QVERIFY(!generated.ok());
    QVERIFY(generated.errors.front().message.find("namespaces \"nope\" not found") != std::string::npos);
}

void tst_Sandbox::emptyNodeNameReapplies()
{
    auto sb = openSandbox();
    const char *pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeName:\n  containers: [{name: c, image: nginx}]\n";
    QVERIFY(sb->apply(pod).ok());
    const auto again = sb->apply(pod);
    QVERIFY2(again.ok(), again.ok() ? "" : again.errors.front().toString().c_str());
    QVERIFY(!sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  nodeName: 7\n  containers: [{name: c, image: nginx}]\n").ok());
    QVERIFY(!sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  terminationGracePeriodSeconds: -5\n  containers: [{name: c, image: nginx}]\n").ok());
}

void tst_Sandbox::unschedulablePodExplainsWhy()
{
    auto sb = openSandbox();
    QVERIFY(sb->apply("apiVersion: v1\nkind: Pod\nmetadata: {name: huge}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: '64'}}}]}\n").ok());
    runFor(*sb, 5'000);
    QCOMPARE(phase(*sb, "huge"), std::string("Pending"));
    bool found = false;
    for (const auto &e : sb->store().list("Event", "default")) {
        const auto s = api::summarizeEvent(*e);
        if (s.reason == "FailedScheduling" && s.objectName == "huge") {
            found = true;
            QCOMPARE(s.type, std::string("Warning"));
            QCOMPARE(s.message, std::string("0/3 nodes are available: 2 Insufficient cpu, 1 node(s) had untolerated taint "
                                            "{node-role.kubernetes.io/control-plane: }."));
        }
    }
    QVERIFY(found);
}

void tst_Sandbox::schedulingIsFirstComeFirstServed()
{
    auto sb = openSandbox();
    // Two workers take 110 pods each, kube-proxy included: 218 of these fit, in the order they came.
    std::string manifest;
    for (int i = 0; i < 240; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "web-%03d", i);
        manifest += std::string("---\napiVersion: v1\nkind: Pod\nmetadata: {name: ") + name +
                    "}\nspec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 10m}}}]}\n";
    }
    QVERIFY(sb->apply(manifest).ok());
    runFor(*sb, 60'000);
    int pending = 0;
    for (int i = 0; i < 240; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "web-%03d", i);
        const std::string p = phase(*sb, name);
        if (i < 218)
            QVERIFY2(p == "Running", name);
        else
            QVERIFY2(p == "Pending", name);
        pending += p == "Pending";
    }
    QCOMPARE(pending, 22);
    // Room made by deleting the oldest running pods goes to the oldest waiting ones.
    QVERIFY(sb->remove("Pod", "default", "web-000").ok());
    QVERIFY(sb->remove("Pod", "default", "web-001").ok());
    runFor(*sb, 30'000);
    QCOMPARE(phase(*sb, "web-218"), std::string("Running"));
    QCOMPARE(phase(*sb, "web-219"), std::string("Running"));
    QCOMPARE(phase(*sb, "web-220"), std::string("Pending"));
}

void tst_Sandbox::systemNamespacesCannotBeDeleted()
{
    auto sb = openSandbox();
    QCOMPARE(int(sb->remove("Namespace", {}, "default").error().code), int(Error::Code::Forbidden));
    QVERIFY(sb->apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: tmp}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: tmp}\n").ok());
    QVERIFY(sb->remove("Namespace", {}, "tmp").ok());
    runFor(*sb, 15'000); // Terminating for a moment, then its contents go, then the namespace
    QVERIFY(!sb->store().get("ConfigMap", "tmp", "c"));
    QVERIFY(!sb->store().get("Namespace", {}, "tmp"));
}

void tst_Sandbox::secretStringDataIsStoredAsData()
{
    // as the API server stores a Secret: stringData is write-only and goes into data, base64-encoded
    auto sb = openSandbox();
    const std::string secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {user: YWRtaW4=}\n"
                               "stringData: {password: s3cret}\n";
    const auto first = sb->apply(secret);
    QVERIFY(first.ok());
    QCOMPARE(first.results.front(), std::string("secret/db created"));
    const auto stored = sb->store().get("Secret", "default", "db");
    QVERIFY(stored);
    QVERIFY(!stored->body.contains("stringData"));
    QCOMPARE(stored->body["data"].value("password", ""), std::string("czNjcmV0"));
    QCOMPARE(stored->body["data"].value("user", ""), std::string("YWRtaW4="));
    QCOMPARE(stored->body.value("type", ""), std::string("Opaque"));
    QCOMPARE(sb->apply(secret).results.front(), std::string("secret/db unchanged"));
}

void tst_Sandbox::reopeningKeepsTheSandbox()
{
    QTemporaryDir dir;
    std::string uid;
    TimeMs closedAt = 0;
    std::int64_t version = 0;
    {
        auto sb = openSandbox(dir.path());
        QVERIFY(sb->apply(kPod).ok());
        runFor(*sb, 20'000);
        QCOMPARE(phase(*sb, "my-microservice"), std::string("Running"));
        uid = sb->store().get("Pod", "default", "my-microservice")->metadata.uid;
        closedAt = sb->sim().now();
        version = sb->store().resourceVersion();
    }
    QVERIFY(QFile::exists(dir.path() + "/sandboxes/local/state.db"));
    auto sb = openSandbox(dir.path());
    QVERIFY(sb->warnings().empty());
    const auto pod = sb->store().get("Pod", "default", "my-microservice");
    QVERIFY(pod);
    QCOMPARE(pod->metadata.uid, uid);
    QCOMPARE(phase(*sb, "my-microservice"), std::string("Running"));
    QCOMPARE(sb->store().count("Node"), 3u); // the defaults were not added a second time
    QCOMPARE(sb->sim().now(), closedAt);
    QVERIFY(sb->store().resourceVersion() >= version);
    QVERIFY(sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: after}\n").ok());
    QVERIFY(sb->store().get("ConfigMap", "default", "after")->metadata.resourceVersion > version);
}

void tst_Sandbox::aSandboxIsOpenInOneProcessAtATime()
{
    QTemporaryDir dir;
    {
        auto first = openSandbox(dir.path());
        sandbox::SandboxOptions options;
        options.dataDir = dir.path().toStdString();
        auto second = sandbox::Sandbox::open(options);
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, Error::Code::Conflict);
        const std::string &why = second.error().message;
        QVERIFY2(why.find("sandbox \"local\" is open in another Flotilla process (pid " + std::to_string(::getpid()) + ")") != std::string::npos,
                 why.c_str());
        // another sandbox of the same folder opens
        options.name = "other";
        QVERIFY(sandbox::Sandbox::open(options).ok());
    }
    // closed: it opens again
    auto again = openSandbox(dir.path());
    QVERIFY(again);
}

void tst_Sandbox::damagedStateIsReportedAndMovedAside()
{
    QTemporaryDir dir;
    QDir().mkpath(dir.path() + "/sandboxes/local");
    QFile f(dir.path() + "/sandboxes/local/state.db");
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(8192, 'x'));
    f.close();
    auto sb = openSandbox(dir.path());
    QCOMPARE(sb->warnings().size(), 1u);
    QVERIFY(sb->warnings().front().find("moved aside") != std::string::npos);
    QCOMPARE(QDir(dir.path() + "/sandboxes/local").entryList({"state.db.corrupt-*"}, QDir::Files).size(), 1);
    QCOMPARE(sb->store().count("Node"), 3u); // a fresh sandbox
}

void tst_Sandbox::unreadableStateIsReportedAndMovedAside()
{
    QTemporaryDir dir;
    // A directory where the state file should be: unreadable as a database, even for root.
    QVERIFY(QDir().mkpath(dir.path() + "/sandboxes/local/state.db/inside"));
    auto sb = openSandbox(dir.path());
    QCOMPARE(sb->warnings().size(), 1u);
    QVERIFY2(sb->warnings().front().find("cannot be read") != std::string::npos, sb->warnings().front().c_str());
    const QStringList aside = QDir(dir.path() + "/sandboxes/local").entryList({"state.db.unreadable-*"}, QDir::Dirs);
    QCOMPARE(aside.size(), 1);
    QVERIFY(QDir(dir.path() + "/sandboxes/local/" + aside.front() + "/inside").exists()); // kept as it was
    QCOMPARE(sb->store().count("Node"), 3u);
}

QTEST_GUILESS_MAIN(tst_Sandbox)
#include "tst_sandbox.moc"
