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

QTEST_MAIN(tst_KubeBackend)
#include "tst_kubebackend.moc"
