// KubeBackend against a real Kubernetes API server over TLS with a bearer token: the sandbox's own
// (`flotilla serve`'s), started here on 127.0.0.1. Lists and watches every kind, follows changes, and feeds
// the same models as the sandbox backend; a wrong token and an unreachable server are reported plainly.
#include <backends/kubebackend.h>
#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>
#include <engine/serve/apiserver.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>

#include <QSignalSpy>
#include <QtTest>

#include <engine/api/workloads.h>

#include <optional>

#include <set>

using namespace flotilla;
using backends::KubeBackend;
using backends::ResolvedContext;

namespace {
/// A paused in-memory sandbox serving its Kubernetes API.
struct Cluster {
    Cluster()
        : sandbox([] {
              backends::SandboxBackend::Options opts;
              opts.inMemory = true;
              opts.mode = engine::ClockMode::Paused;
              opts.seed = 91;
              return opts;
          }())
    {
    }
    bool start()
    {
        QSignalSpy started(&sandbox, &backends::Backend::started);
        sandbox.start();
        if (!started.wait(10000))
            return false;
        auto info = sandbox.engine().serveKubernetesApi();
        if (!info.ok())
            return false;
        context.context = QStringLiteral("flotilla-test");
        context.server = QString::fromStdString(info->server);
        context.caPem = QByteArray::fromStdString(info->caCertPem);
        context.token = QString::fromStdString(info->token);
        context.ns = QStringLiteral("default");
        return true;
    }
    void advance(engine::TimeMs ms)
    {
        for (engine::TimeMs t = 0; t < ms; t += 1000)
            sandbox.engine().call([](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + 1000); }).wait();
    }
    bool apply(const std::string &yaml)
    {
        return sandbox.engine().call([yaml](engine::sandbox::Sandbox &sb) { return sb.apply(yaml).ok(); }).get();
    }
    backends::SandboxBackend sandbox;
    ResolvedContext context;
};

/// Keys of one kind as a backend's batches leave them.
struct Seen {
    explicit Seen(backends::Backend &b)
    {
        QObject::connect(&b, &backends::Backend::changesArrived, &b, [this](const backends::ChangeBatch &batch) {
            for (const auto &e : batch.events) {
                const std::string key = e.object->kind + "|" + e.object->key();
                if (e.type == engine::store::WatchEvent::Type::Deleted)
                    live.erase(key);
                else
                    live.insert(key);
                ++events;
            }
        });
    }
    int count(const std::string &kind) const
    {
        int n = 0;
        for (const auto &k : live)
            n += k.rfind(kind + "|", 0) == 0;
        return n;
    }
    bool has(const std::string &kind, const std::string &key) const { return live.count(kind + "|" + key) > 0; }
    std::set<std::string> live;
    int events = 0;
};

const char *kDeployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n"
                          "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                          "    spec:\n      containers: [{name: web, image: 'nginx:1.25'}]\n";
} // namespace

class tst_KubeBackend : public QObject {
    Q_OBJECT
private slots:
    void listsAndFollowsTheCluster();
    void feedsTheSameModelsAsTheSandbox();
    void wrongTokenIsUnauthorized();
    void unreachableServerIsSaidSo();
    void pathsOfKinds();
    void setImageRestartAndUndo();
    void logsAndFollowedLogs();
    void logLinesWithTimestamps();
};

void tst_KubeBackend::listsAndFollowsTheCluster()
{
    Cluster c;
    QVERIFY(c.start());
    KubeBackend kube(c.context);
    Seen seen(kube);
    QSignalSpy started(&kube, &backends::Backend::started);
    kube.start();
    QVERIFY(started.wait(10000));
    QCOMPARE(kube.displayName(), QStringLiteral("flotilla-test"));
    QVERIFY(!kube.isSimulated());
    QTRY_VERIFY_WITH_TIMEOUT(seen.count("Node") == 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen.has("Namespace", "default"), 10000);

    // a change in the cluster arrives through the watches
    QVERIFY(c.apply(kDeployment));
    c.advance(20'000);
    QTRY_VERIFY_WITH_TIMEOUT(seen.has("Deployment", "default/web"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen.count("Pod") >= 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen.count("ReplicaSet") == 1, 10000);
    QVERIFY(c.sandbox.engine()
                .call([](engine::sandbox::Sandbox &sb) { return sb.remove(engine::api::kind::Deployment, "default", "web").ok(); })
                .get());
    c.advance(60'000);
    QTRY_VERIFY_WITH_TIMEOUT(!seen.has("Deployment", "default/web"), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(seen.count("ReplicaSet") == 0, 10000);
}

void tst_KubeBackend::feedsTheSameModelsAsTheSandbox()
{
    Cluster c;
    models::NodeModel sandboxNodes;
    models::PodModel sandboxPods;
    sandboxNodes.setBackend(&c.sandbox);
    sandboxPods.setBackend(&c.sandbox);
    QVERIFY(c.start());
    QVERIFY(c.apply(kDeployment));
    c.advance(20'000);
    KubeBackend kube(c.context);
    models::NodeModel nodes;
    models::PodModel pods;
    nodes.setBackend(&kube);
    pods.setBackend(&kube);
    kube.start();
    QTRY_VERIFY_WITH_TIMEOUT(pods.rowCount() == sandboxPods.rowCount() && pods.rowCount() > 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(nodes.rowCount(), sandboxNodes.rowCount(), 10000);
    for (int r = 0; r < sandboxPods.rowCount(); ++r) {
        const QString key = QString::fromStdString(sandboxPods.objectAt(r)->key());
        const int other = pods.rowOf(key.toStdString());
        QVERIFY2(other >= 0, qPrintable(key));
        for (int col : {int(models::PodModel::Name), int(models::PodModel::Status), int(models::PodModel::Node)})
            QCOMPARE(pods.index(other, col).data().toString(), sandboxPods.index(r, col).data().toString());
    }
}

void tst_KubeBackend::wrongTokenIsUnauthorized()
{
    Cluster c;
    QVERIFY(c.start());
    ResolvedContext wrong = c.context;
    wrong.token = QStringLiteral("not-the-token");
    KubeBackend kube(wrong);
    QSignalSpy failed(&kube, &backends::Backend::failed);
    kube.start();
    QVERIFY(failed.wait(10000));
    const QString why = failed.first().first().toString();
    QVERIFY2(why.startsWith(QStringLiteral("Unauthorized")), qPrintable(why));
    QVERIFY(!kube.isStarted());
}

void tst_KubeBackend::unreachableServerIsSaidSo()
{
    ResolvedContext nowhere;
    nowhere.context = QStringLiteral("gone");
    nowhere.server = QStringLiteral("https://127.0.0.1:1");
    nowhere.token = QStringLiteral("t");
    KubeBackend kube(nowhere);
    QSignalSpy failed(&kube, &backends::Backend::failed);
    kube.start();
    QVERIFY(failed.wait(15000));
    const QString why = failed.first().first().toString();
    QVERIFY2(why.contains(QStringLiteral("Cannot reach https://127.0.0.1:1")), qPrintable(why));
}

void tst_KubeBackend::pathsOfKinds()
{
    QCOMPARE(KubeBackend::collectionPath("Pod"), QStringLiteral("/api/v1/pods"));
    QCOMPARE(KubeBackend::collectionPath("Pod", QStringLiteral("shop")), QStringLiteral("/api/v1/namespaces/shop/pods"));
    QCOMPARE(KubeBackend::objectPath("Deployment", QStringLiteral("shop"), QStringLiteral("web")),
             QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web"));
    QCOMPARE(KubeBackend::objectPath("Node", QStringLiteral("shop"), QStringLiteral("worker-1")), QStringLiteral("/api/v1/nodes/worker-1"));
}

namespace {
/// Runs a command of `b` and waits for its answer.
backends::CommandResult await(const std::function<void(QObject *, backends::Backend::Callback)> &command)
{
    QObject context;
    std::optional<backends::CommandResult> result;
    command(&context, [&](const backends::CommandResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 15000))
        return backends::CommandResult::failure(engine::Error::make(engine::Error::Code::Internal, "no answer"));
    return *result;
}

/// The template of the Deployment as the sandbox has it.
std::string templateImage(Cluster &c, const char *name)
{
    return c.sandbox.engine()
        .call([name](engine::sandbox::Sandbox &sb) {
            auto d = sb.store().get(engine::api::kind::Deployment, "default", name);
            return d ? engine::api::PodTemplate::decode(engine::api::field(d->spec(), "template")).podSpec().containers.at(0).image
                     : std::string();
        })
        .get();
}
} // namespace

void tst_KubeBackend::setImageRestartAndUndo()
{
    Cluster c;
    QVERIFY(c.start());
    QVERIFY(c.apply(kDeployment));
    c.advance(20'000);
    KubeBackend kube(c.context);
    const backends::ObjectRef web{QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")};

    auto r = await([&](QObject *ctx, auto done) { kube.setImage(web, QStringLiteral("web"), QStringLiteral("nginx:1.26"), ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    QCOMPARE(r.lines, QStringList{QStringLiteral("deployment.apps/web image updated")});
    QCOMPARE(templateImage(c, "web"), std::string("nginx:1.26"));
    c.advance(60'000);

    r = await([&](QObject *ctx, auto done) { kube.restartRollout(web, ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    const std::string stamp = c.sandbox.engine()
                                  .call([](engine::sandbox::Sandbox &sb) {
                                      auto d = sb.store().get(engine::api::kind::Deployment, "default", "web");
                                      return engine::api::stringField(
                                          engine::api::field(engine::api::field(engine::api::field(d->spec(), "template"), "metadata"), "annotations"),
                                          "kubectl.kubernetes.io/restartedAt");
                                  })
                                  .get();
    QVERIFY2(!stamp.empty(), "no restartedAt annotation");
    c.advance(60'000);

    // undo: the revision before (the restart kept nginx:1.26, so the one before is 1.26 too), then to revision 1
    r = await([&](QObject *ctx, auto done) { kube.rollback(web, 1, ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    QVERIFY2(r.lines.value(0).contains(QStringLiteral("rolled back")), qPrintable(r.lines.join(' ')));
    QCOMPARE(templateImage(c, "web"), std::string("nginx:1.25"));
    r = await([&](QObject *ctx, auto done) { kube.rollback(web, 99, ctx, done); });
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QStringLiteral("revision 99")), qPrintable(r.problems.value(0).message));

    // autoscale: the HorizontalPodAutoscaler by server-side apply; again with other figures updates it
    r = await([&](QObject *ctx, auto done) { kube.autoscale(web, 2, 6, 70, ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    r = await([&](QObject *ctx, auto done) { kube.autoscale(web, 3, 8, 60, ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    const auto hpa = c.sandbox.engine()
                         .call([](engine::sandbox::Sandbox &sb) {
                             auto h = sb.store().get(engine::api::kind::HorizontalPodAutoscaler, "default", "web");
                             return h ? h->spec() : engine::api::Json();
                         })
                         .get();
    QCOMPARE(hpa.value("minReplicas", 0), 3);
    QCOMPARE(hpa.value("maxReplicas", 0), 8);
    QCOMPARE(hpa["scaleTargetRef"].value("name", ""), std::string("web"));

    // a missing object: the server's NotFound
    r = await([&](QObject *ctx, auto done) {
        kube.setImage({QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("nope")}, QStringLiteral("web"),
                      QStringLiteral("nginx:1.26"), ctx, done);
    });
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QStringLiteral("not found")), qPrintable(r.problems.value(0).message));
}

void tst_KubeBackend::logsAndFollowedLogs()
{
    Cluster c;
    QVERIFY(c.start());
    QVERIFY(c.apply(kDeployment));
    c.advance(30'000);
    const QString pod = QString::fromStdString(c.sandbox.engine()
                                                   .call([](engine::sandbox::Sandbox &sb) {
                                                       for (const auto &p : sb.store().list(engine::api::kind::Pod, "default"))
                                                           return p->metadata.name;
                                                       return std::string();
                                                   })
                                                   .get());
    QVERIFY(!pod.isEmpty());
    KubeBackend kube(c.context);
    QObject context;
    std::optional<backends::LogResult> logs;
    kube.fetchLogs(QStringLiteral("default"), pod, QString(), 0, false, &context, [&](const backends::LogResult &r) { logs = r; });
    QTRY_VERIFY_WITH_TIMEOUT(logs.has_value(), 10000);
    QVERIFY2(logs->ok, qPrintable(logs->error));
    QVERIFY(!logs->lines.isEmpty());
    QCOMPARE(logs->times.size(), logs->lines.size());
    QVERIFY(logs->times.first() > 0);

    std::optional<backends::LogResult> missing;
    kube.fetchLogs(QStringLiteral("default"), QStringLiteral("no-such-pod"), QString(), 0, false, &context,
                   [&](const backends::LogResult &r) { missing = r; });
    QTRY_VERIFY_WITH_TIMEOUT(missing.has_value(), 10000);
    QVERIFY(!missing->ok);
    QVERIFY2(missing->error.contains(QStringLiteral("not found")), qPrintable(missing->error));

    // followed: lines written after the follow began arrive; a traffic stream makes the app log them
    QStringList followed;
    const quint64 id = kube.followLogs(QStringLiteral("default"), pod, QString(), &context, [&](const backends::LogResult &r) {
        QVERIFY2(r.ok, qPrintable(r.error));
        followed << r.lines;
    });
    QVERIFY(id > 0);
    QTest::qWait(300);
    QVERIFY(c.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"));
    c.sandbox.engine().call([](engine::sandbox::Sandbox &sb) { return sb.traffic().setRate("default", "web", 20.0).ok(); }).wait();
    for (int i = 0; i < 20 && followed.isEmpty(); ++i) {
        c.advance(1000);
        QTest::qWait(100);
    }
    QVERIFY2(!followed.isEmpty(), "no followed line arrived");
    kube.stopFollowingLogs(id);
}

void tst_KubeBackend::logLinesWithTimestamps()
{
    const auto r = KubeBackend::parseLogLines("2026-11-27T10:00:01.123456789Z GET / 200\nno stamp here\n\n");
    QCOMPARE(r.lines, (QStringList{QStringLiteral("GET / 200"), QStringLiteral("no stamp here")}));
    QCOMPARE(r.times.value(0), QDateTime(QDate(2026, 11, 27), QTime(10, 0, 1, 123), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(r.times.value(1), 0);
}

QTEST_MAIN(tst_KubeBackend)
#include "tst_kubebackend.moc"
