// Rollout plans run with plain Kubernetes objects through a connection (here the sandbox, used as a
// cluster without Flotilla's Rollout kind): versions as Deployments owned by the plan's ConfigMap, canary
// weights as pod counts, blue/green Service switches, promote / abort / rollback, and a restart of
// Flotilla that goes on from the plan's ConfigMap.
#include <backends/kubebackend.h>
#include <backends/plainrolloutrunner.h>
#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <engine/rollout/rolloutspec.h>
#include <engine/sandbox/sandbox.h>

#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace flotilla;
using backends::PlainRolloutRunner;
using backends::SandboxBackend;
namespace api = engine::api;

namespace {
const char *kServices = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"
                        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web-preview}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

QString plan(const std::string &image, const std::string &strategy)
{
    return QString::fromStdString(
        "apiVersion: flotilla.dev/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  replicas: 4\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
        "      containers:\n      - name: web\n        image: '" + image + "'\n"
        "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n  strategy:\n" + strategy);
}

const std::string kCanary = "    canary:\n      stableService: web\n      steps:\n      - setWeight: 25\n      - pause: {}\n"
                            "      - setWeight: 50\n      - pause: {duration: 20s}\n";

/// A paused in-memory sandbox behind its backend, and a runner that drives it as a plain cluster.
struct Fixture {
    explicit Fixture(const QString &dataDir = {})
        : backend([dataDir] {
              SandboxBackend::Options opts;
              opts.inMemory = dataDir.isEmpty();
              opts.dataDir = dataDir;
              opts.mode = engine::ClockMode::Paused;
              opts.seed = 61;
              return opts;
          }())
    {
        runner = std::make_unique<PlainRolloutRunner>(&backend);
    }
    bool start()
    {
        QSignalSpy started(&backend, &backends::Backend::started);
        backend.start();
        return started.wait(10000);
    }
    void advance(engine::TimeMs ms)
    {
        for (engine::TimeMs t = 0; t < ms; t += 1000) {
            backend.engine().call([](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + 1000); }).wait();
            QTest::qWait(2 * SandboxBackend::kBatchIntervalMs);
        }
    }
    bool apply(const std::string &yaml)
    {
        return backend.engine().call([yaml](engine::sandbox::Sandbox &sb) { return sb.apply(yaml).ok(); }).get();
    }
    backends::CommandResult run(const std::function<void(QObject *, backends::Backend::Callback)> &command)
    {
        backends::CommandResult out;
        bool answered = false;
        QObject ctx;
        command(&ctx, [&](const backends::CommandResult &r) {
            out = r;
            answered = true;
        });
        if (!QTest::qWaitFor([&] { return answered; }, 5000))
            out.ok = false;
        return out;
    }
    api::ObjectPtr get(std::string_view kind, const std::string &name)
    {
        return backend.engine()
            .call([kind = std::string(kind), name](engine::sandbox::Sandbox &sb) { return sb.store().get(kind, "default", name); })
            .get();
    }
    std::int64_t replicas(const std::string &rev)
    {
        const auto d = get(api::kind::Deployment, "web-" + rev);
        return d ? d->spec().value("replicas", -1) : -1;
    }
    api::Json status() const
    {
        const auto ro = runner->plan(QStringLiteral("default"), QStringLiteral("web"));
        return ro && ro->status().is_object() ? ro->status() : api::Json::object();
    }
    std::string selected(const std::string &service)
    {
        const auto svc = get(api::kind::Service, service);
        return svc ? api::stringField(api::field(svc->spec(), "selector"), engine::rollout::kRevisionLabel) : std::string();
    }

    SandboxBackend backend;
    std::unique_ptr<PlainRolloutRunner> runner;
};
} // namespace

class tst_PlainRolloutRunner : public QObject {
    Q_OBJECT
private slots:
    void canaryWithPlainObjects();
    void blueGreenSwitchesSelectorsAndRollsBack();
    void refusesWhatItCannotRun();
    void goesOnAfterARestart();
    void runsOnAClusterThroughItsApi();
};

void tst_PlainRolloutRunner::canaryWithPlainObjects()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply(kServices));
    auto r = f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.25", kCanary), ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    f.advance(30'000);
    const std::string v1 = f.status().value("stableRevision", "");
    QVERIFY(!v1.empty());
    QCOMPARE(f.status().value("phase", ""), std::string("Healthy"));
    QCOMPARE(f.replicas(v1), 4);
    // no Rollout object on the "cluster": the plan is a ConfigMap that owns the versions
    QVERIFY(!f.get(api::kind::Rollout, "web"));
    const auto cm = f.get(api::kind::ConfigMap, "web.rollout");
    QVERIFY(cm);
    QVERIFY(api::stringField(api::field(cm->body, "data"), "status.json").find(v1) != std::string::npos);
    const auto d1 = f.get(api::kind::Deployment, "web-" + v1);
    QCOMPARE(d1->metadata.ownerReferences.size(), std::size_t(1));
    QCOMPARE(d1->metadata.ownerReferences[0].uid, cm->metadata.uid);

    r = f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.26", kCanary), ctx, done); });
    QVERIFY(r.ok);
    f.advance(30'000);
    const std::string v2 = f.status().value("updatedRevision", "");
    QVERIFY(v2 != v1);
    QCOMPARE(f.status().value("phase", ""), std::string("Paused"));
    QCOMPARE(f.status().value("weight", -1), 25);
    QCOMPARE(f.status().value("actualWeight", -1), 25); // 1 of 4 pods
    QCOMPARE(f.replicas(v2), 1);
    QCOMPARE(f.replicas(v1), 3);

    r = f.run([&](QObject *ctx, auto done) {
        f.runner->act(QStringLiteral("default"), QStringLiteral("web"), backends::Backend::RolloutAction::Promote, ctx, done);
    });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    f.advance(10'000); // the second canary pod starts; the 20 s pause begins
    QCOMPARE(f.status().value("weight", -1), 50);
    QCOMPARE(f.replicas(v2), 2);
    QCOMPARE(f.replicas(v1), 2);
    f.advance(60'000);
    QVERIFY2(f.status().value("phase", "") == "Healthy", f.status().dump().c_str());
    QCOMPARE(f.status().value("stableRevision", ""), v2);
    QVERIFY(!f.get(api::kind::Deployment, "web-" + v1));
    bool completed = false;
    for (const auto &e : f.runner->events(QStringLiteral("default"), QStringLiteral("web")))
        completed |= e.reason == QLatin1String("RolloutCompleted");
    QVERIFY(completed);
    // recorded on the connection too, as Events of the rollout
    bool recorded = false;
    for (const auto &e : f.backend.engine()
                             .call([](engine::sandbox::Sandbox &sb) { return sb.store().list(api::kind::Event, "default"); })
                             .get())
        recorded |= api::stringField(e->body, "reason") == "RolloutCompleted" &&
                    api::stringField(api::field(e->body, "involvedObject"), "name") == "web" &&
                    api::stringField(api::field(e->body, "involvedObject"), "kind") == "Rollout";
    QVERIFY(recorded);
}

void tst_PlainRolloutRunner::blueGreenSwitchesSelectorsAndRollsBack()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply(kServices));
    const std::string bg = "    blueGreen: {activeService: web, previewService: web-preview, scaleDownDelaySeconds: 120}\n";
    QVERIFY(f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.25", bg), ctx, done); }).ok);
    f.advance(30'000);
    const std::string blue = f.status().value("stableRevision", "");
    QCOMPARE(f.selected("web"), blue);
    QVERIFY(f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.26", bg), ctx, done); }).ok);
    f.advance(30'000);
    const std::string green = f.status().value("updatedRevision", "");
    QCOMPARE(f.status().value("phase", ""), std::string("Paused"));
    QCOMPARE(f.selected("web-preview"), green);
    QCOMPARE(f.selected("web"), blue);
    QVERIFY(f.run([&](QObject *ctx, auto done) {
                 f.runner->act(QStringLiteral("default"), QStringLiteral("web"), backends::Backend::RolloutAction::Promote, ctx, done);
             }).ok);
    f.advance(3'000);
    QCOMPARE(f.selected("web"), green);
    QCOMPARE(f.status().value("stableRevision", ""), green);
    QVERIFY(f.run([&](QObject *ctx, auto done) {
                 f.runner->act(QStringLiteral("default"), QStringLiteral("web"), backends::Backend::RolloutAction::Rollback, ctx, done);
             }).ok);
    f.advance(3'000);
    QCOMPARE(f.selected("web"), blue); // blue was still up: the switch back is at once
    QCOMPARE(f.status().value("stableRevision", ""), blue);
}

void tst_PlainRolloutRunner::refusesWhatItCannotRun()
{
    Fixture f;
    QVERIFY(f.start());
    const std::string analysed = "    canary:\n      stableService: web\n      steps:\n      - setWeight: 20\n"
                                 "      - analysis: {successRate: 0.95, interval: 10s, count: 3}\n";
    auto r = f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.25", analysed), ctx, done); });
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QLatin1String("request metrics")), qPrintable(r.problems.value(0).message));
    r = f.run([&](QObject *ctx, auto done) {
        f.runner->apply(plan("nginx:1.25", "    canary:\n      stableService: web\n      steps:\n      - setWeight: 50\n      - setWeight: 20\n"),
                        ctx, done);
    });
    QVERIFY(!r.ok);
    QCOMPARE(r.problems.value(0).path, QStringLiteral("spec.strategy.canary.steps[1].setWeight"));
    QVERIFY(f.runner->plans().isEmpty());
}

void tst_PlainRolloutRunner::goesOnAfterARestart()
{
    QTemporaryDir dir;
    std::string v1, v2;
    {
        Fixture f(dir.path());
        QVERIFY(f.start());
        QVERIFY(f.apply(kServices));
        QVERIFY(f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.25", kCanary), ctx, done); }).ok);
        f.advance(30'000);
        v1 = f.status().value("stableRevision", "");
        QVERIFY(f.run([&](QObject *ctx, auto done) { f.runner->apply(plan("nginx:1.26", kCanary), ctx, done); }).ok);
        f.advance(30'000);
        v2 = f.status().value("updatedRevision", "");
        QCOMPARE(f.status().value("weight", -1), 25);
        QCOMPARE(f.status().value("phase", ""), std::string("Paused"));
    }
    // Flotilla starts again: the runner finds the plan in its ConfigMap and goes on from its step
    Fixture f(dir.path());
    QVERIFY(f.start());
    QVERIFY(QTest::qWaitFor([&] { return f.runner->plan(QStringLiteral("default"), QStringLiteral("web")) != nullptr; }, 5000));
    QCOMPARE(f.status().value("currentStepIndex", -1), 1);
    QCOMPARE(f.status().value("stableRevision", ""), v1);
    QVERIFY(f.run([&](QObject *ctx, auto done) {
                 f.runner->act(QStringLiteral("default"), QStringLiteral("web"), backends::Backend::RolloutAction::PromoteFull, ctx, done);
             }).ok);
    f.advance(60'000);
    QCOMPARE(f.status().value("phase", ""), std::string("Healthy"));
    QCOMPARE(f.status().value("stableRevision", ""), v2);
    QCOMPARE(f.replicas(v2), 4);
    QVERIFY(!f.get(api::kind::Deployment, "web-" + v1));
}

void tst_PlainRolloutRunner::runsOnAClusterThroughItsApi()
{
    // a cluster reached through its Kubernetes API over TLS with a token (the sandbox's own server): the
    // plan runs with what any cluster has, through KubeBackend
    Fixture cluster;
    cluster.runner.reset(); // only the runner on the cluster's API drives this plan
    QVERIFY(cluster.start());
    auto served = cluster.backend.engine().serveKubernetesApi();
    QVERIFY2(served.ok(), served.ok() ? "" : served.error().toString().c_str());
    backends::ResolvedContext context;
    context.context = QStringLiteral("lab");
    context.server = QString::fromStdString(served->server);
    context.caPem = QByteArray::fromStdString(served->caCertPem);
    context.token = QString::fromStdString(served->token);
    context.ns = QStringLiteral("default");
    backends::KubeBackend kube(context);
    PlainRolloutRunner runner(&kube); // before start: it sees the first lists
    QSignalSpy started(&kube, &backends::Backend::started);
    kube.start();
    QVERIFY(started.wait(10000));
    const auto run = [&](const std::function<void(QObject *, backends::Backend::Callback)> &command) {
        return cluster.run(command);
    };
    auto r = run([&](QObject *ctx, auto done) { kube.applyYaml(QString::fromUtf8(kServices), QStringLiteral("services.yaml"), ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    const std::string steps = "    canary:\n      stableService: web\n      steps:\n      - setWeight: 25\n      - pause: {}\n";
    r = run([&](QObject *ctx, auto done) { runner.apply(plan("nginx:1.25", steps), ctx, done); });
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    const auto status = [&] {
        const auto ro = runner.plan(QStringLiteral("default"), QStringLiteral("web"));
        return ro && ro->status().is_object() ? ro->status() : api::Json::object();
    };
    const auto until = [&](const std::function<bool()> &done) {
        for (int i = 0; i < 90 && !done(); ++i)
            cluster.advance(1'000);
        return done();
    };
    QVERIFY2(until([&] { return status().value("phase", "") == "Healthy"; }), status().dump().c_str());
    const std::string v1 = status().value("stableRevision", "");
    QCOMPARE(cluster.replicas(v1), 4);
    QVERIFY(cluster.get(api::kind::ConfigMap, "web.rollout")); // written through the API

    r = run([&](QObject *ctx, auto done) { runner.apply(plan("nginx:1.26", steps), ctx, done); });
    QVERIFY(r.ok);
    QVERIFY2(until([&] { return status().value("phase", "") == "Paused"; }), status().dump().c_str());
    const std::string v2 = status().value("updatedRevision", "");
    QVERIFY2(until([&] { return cluster.replicas(v2) == 1 && cluster.replicas(v1) == 3; }), status().dump().c_str());
    r = run([&](QObject *ctx, auto done) {
        runner.act(QStringLiteral("default"), QStringLiteral("web"), backends::Backend::RolloutAction::Promote, ctx, done);
    });
    QVERIFY(r.ok);
    QVERIFY2(until([&] { return status().value("stableRevision", "") == v2 && !cluster.get(api::kind::Deployment, "web-" + v1); }),
             status().dump().c_str());
    QCOMPARE(cluster.replicas(v2), 4);
}

QTEST_MAIN(tst_PlainRolloutRunner)
#include "tst_plainrolloutrunner.moc"
