// A pod's Logs and Environment tabs against a real sandbox: the last lines, new lines as they come,
// the previous run, the environment from ConfigMaps and Secrets (masked until revealed) and the files.
#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>
#include <widgets/containerenvview.h>
#include <widgets/containerlogview.h>
#include <widgets/detailspane.h>

#include <QCheckBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

using namespace flotilla;

namespace {
const char *kManifest = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {MODE: fast, app.conf: listen 80}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {PASSWORD: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - name: web
    image: nginx:1.25
    env:
    - {name: MODE, valueFrom: {configMapKeyRef: {name: cfg, key: MODE}}}
    - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: PASSWORD}}}
    volumeMounts: [{name: config, mountPath: /etc/app}]
  volumes: [{name: config, configMap: {name: cfg}}]
)";

bool ok(backends::Backend &b, const std::function<void(backends::Backend::Callback)> &call)
{
    bool done = false, success = false;
    call([&](const backends::CommandResult &r) {
        done = true;
        success = r.ok;
    });
    return QTest::qWaitFor([&] { return done; }, 5000) && success;
}

engine::api::ObjectPtr pod(backends::SandboxBackend &backend)
{
    return backend.engine()
        .call([](engine::sandbox::Sandbox &sb) { return sb.store().get(engine::api::kind::Pod, "default", "web"); })
        .get();
}

QString cell(QTableWidget *t, const QString &name, int column)
{
    for (int r = 0; r < t->rowCount(); ++r)
        if (t->item(r, 0) && t->item(r, 0)->text() == name)
            return t->item(r, column)->text();
    return {};
}
} // namespace

class tst_ContainerViews : public QObject {
    Q_OBJECT
private slots:
    void logsFollowAndEnvironment();
};

void tst_ContainerViews::logsFollowAndEnvironment()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.seed = 3;
    opts.speed = 20;
    backends::SandboxBackend backend(opts);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(10000));
    QVERIFY(ok(backend, [&](auto done) { backend.applyYaml(QString::fromUtf8(kManifest), {}, &backend, done); }));
    QVERIFY(QTest::qWaitFor([&] {
        const auto p = pod(backend);
        return p && engine::api::stringField(p->status(), "phase") == "Running";
    }, 20000));

    widgets::DetailsPane pane;
    pane.setBackend(&backend);
    pane.resize(700, 500);
    pane.show();
    pane.showObject(pod(backend));
    auto *logs = pane.logView();
    QVERIFY(QTest::qWaitFor([&] { return logs->text().contains(QLatin1String("Configuration complete")); }, 5000));
    // following: new lines arrive as simulated time passes (nginx's periodic access lines)
    const int before = logs->text().count(QLatin1Char('\n'));
    QVERIFY(QTest::qWaitFor([&] { return logs->text().count(QLatin1Char('\n')) > before; }, 15000));
    // no previous run yet: the reason is shown, nothing crashes
    logs->previousBox()->setChecked(true);
    QTest::qWait(200);
    QVERIFY(logs->text().isEmpty());
    logs->previousBox()->setChecked(false);

    auto *env = pane.envView();
    QVERIFY(QTest::qWaitFor([&] { return env->envTable()->rowCount() > 0; }, 5000));
    QCOMPARE(cell(env->envTable(), QStringLiteral("MODE"), 1), QStringLiteral("fast"));
    QCOMPARE(cell(env->envTable(), QStringLiteral("MODE"), 2), QStringLiteral("configmap/cfg"));
    QVERIFY(cell(env->envTable(), QStringLiteral("DB_PASSWORD"), 1) != QStringLiteral("s3cret")); // masked
    env->revealBox()->setChecked(true);
    QVERIFY(QTest::qWaitFor([&] { return cell(env->envTable(), QStringLiteral("DB_PASSWORD"), 1) == QStringLiteral("s3cret"); },
                            5000));
    QCOMPARE(cell(env->filesTable(), QStringLiteral("configmap/cfg"), 1), QStringLiteral("/etc/app/MODE"));
    if (qEnvironmentVariableIsSet("FLOTILLA_SCREENSHOTS")) {
        auto *tabs = pane.findChild<QTabWidget *>();
        for (int i = 0; tabs && i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QTest::qWait(50);
            pane.grab().save(QStringLiteral("details-%1.png").arg(tabs->tabText(i).toLower()));
        }
    }
}

QTEST_MAIN(tst_ContainerViews)
#include "tst_containerviews.moc"
