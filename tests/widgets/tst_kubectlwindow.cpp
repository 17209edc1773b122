// The window and kubectl: "Use with kubectl" serves the window's sandbox and the real kubectl drives it
// while the window follows; the context switcher opens a kubeconfig context in place of the sandbox.

#include "screenshotutil.h"
#include "windowfixture.h"

#include <backends/kubebackend.h>
#include <engine/api/types.h>
#include <models/deploymentmodel.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/kubectldialog.h>
#include <widgets/windowsession.h>

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace flotilla;
using widgets::MainWindow;

namespace {

QString kubectlPath()
{
    const QString fromEnv = qEnvironmentVariable("KUBECTL");
    return !fromEnv.isEmpty() ? fromEnv : QStandardPaths::findExecutable(QStringLiteral("kubectl"));
}

/// Runs the real kubectl against `kubeconfig` with a fresh cache; its output (stdout and stderr).
struct Kubectl {
    QString kubeconfig;
    QTemporaryDir cache;
    int exitCode = -1;
    QString run(const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(kubectlPath(), QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--cache-dir"),
                                           cache.path(), QStringLiteral("--request-timeout=20s")} + args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
        }
        exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QString::fromUtf8(p.readAll());
    }
};

/// The pods of Deployment `name` the model shows, with their image (the first container's).
QMap<QString, QString> podImages(const models::PodModel *pods, const QString &prefix)
{
    QMap<QString, QString> out;
    for (int r = 0; r < pods->rowCount(); ++r) {
        const auto object = pods->objectAt(r);
        if (!object || !QString::fromStdString(object->metadata.name).startsWith(prefix))
            continue;
        out.insert(QString::fromStdString(object->metadata.name), QString::fromStdString(engine::api::summarizePod(*object).images));
    }
    return out;
}

bool allOn(const QMap<QString, QString> &pods, int count, const QString &image)
{
    if (pods.size() != count)
        return false;
    for (const QString &i : pods)
        if (i != image)
            return false;
    return true;
}

} // namespace

class TestKubectlWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (kubectlPath().isEmpty())
            QSKIP("kubectl is not installed (packaging/install-deps.sh installs it)");
        // the dialog serves the Docker Engine API too: its socket in a folder of this test's own
        QVERIFY(m_runtime.isValid());
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
    }

    void exportLineQuotesWhatTheShellWouldSplit()
    {
        QCOMPARE(widgets::KubectlDialog::exportLineFor(QStringLiteral("/home/a/.local/share/flotilla/kubeconfig")),
                 QStringLiteral("export KUBECONFIG=/home/a/.local/share/flotilla/kubeconfig"));
        QCOMPARE(widgets::KubectlDialog::exportLineFor(QStringLiteral("/home/a b/it's")),
                 QStringLiteral("export KUBECONFIG='/home/a b/it'\\''s'"));
    }

    /// Done when: kubectl drives the window's sandbox through deploy / scale / update / undo / delete and
    /// the window shows every step as it happens.
    void kubectlChangesShowLiveInTheWindow()
    {
        testutil::WindowFixture f(61);
        QVERIFY(f.start());
        QVERIFY(f.window.findChild<QAction *>(QStringLiteral("kubectlAction"))->isEnabled());
        f.window.openKubectlDialog();
        auto *dialog = f.window.kubectlDialog();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->access().ok || !dialog->errorText().isEmpty(), 15000);
        QVERIFY2(dialog->access().ok, qPrintable(dialog->errorText()));
        const QString path = dialog->access().kubeconfigPath;
        QCOMPARE(dialog->exportLine(), widgets::KubectlDialog::exportLineFor(path));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QVERIFY2(f.window.kubectlStatusText().contains(QStringLiteral("127.0.0.1:")), qPrintable(f.window.kubectlStatusText()));
        // a second request answers the same server
        backends::KubectlAccess again;
        f.backend.serveKubernetesApi(&f.window, [&](const backends::KubectlAccess &a) { again = a; });
        QTRY_VERIFY(again.ok);
        QCOMPARE(again.server, dialog->access().server);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->dockerAccess().ok || !dialog->dockerErrorText().isEmpty(), 15000);
        QVERIFY2(dialog->dockerHostLine().startsWith(QStringLiteral("export DOCKER_HOST=unix://") + m_runtime.path()),
                 qPrintable(dialog->dockerHostLine() + dialog->dockerErrorText()));
        testutil::screenshot(dialog, QStringLiteral("kubectl-dialog.png"));
        dialog->close();

        Kubectl k;
        k.kubeconfig = path;
        QString out = k.run({QStringLiteral("get"), QStringLiteral("nodes")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("control-plane")), qPrintable(out));

        out = k.run({QStringLiteral("create"), QStringLiteral("deployment"), QStringLiteral("web"),
                     QStringLiteral("--image=nginx:1.25"), QStringLiteral("--replicas=2")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("deployment.apps/web created")), qPrintable(out));
        const auto *pods = f.window.podModel();
        QVERIFY(f.advanceUntil([&] { return allOn(podImages(pods, QStringLiteral("web-")), 2, QStringLiteral("nginx:1.25")); }));
        QVERIFY(f.window.deploymentModel()->rowOf("default/web") >= 0);

        out = k.run({QStringLiteral("scale"), QStringLiteral("deployment/web"), QStringLiteral("--replicas=4")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("scaled")), qPrintable(out));
        QVERIFY(f.advanceUntil([&] { return allOn(podImages(pods, QStringLiteral("web-")), 4, QStringLiteral("nginx:1.25")); }));

        out = k.run({QStringLiteral("set"), QStringLiteral("image"), QStringLiteral("deployment/web"), QStringLiteral("nginx=nginx:1.26")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("image updated")), qPrintable(out));
        QVERIFY(f.advanceUntil([&] { return allOn(podImages(pods, QStringLiteral("web-")), 4, QStringLiteral("nginx:1.26")); }));
        testutil::screenshot(&f.window, QStringLiteral("kubectl-window-live.png"));

        out = k.run({QStringLiteral("rollout"), QStringLiteral("undo"), QStringLiteral("deployment/web")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("rolled back")), qPrintable(out));
        QVERIFY(f.advanceUntil([&] { return allOn(podImages(pods, QStringLiteral("web-")), 4, QStringLiteral("nginx:1.25")); }));

        out = k.run({QStringLiteral("delete"), QStringLiteral("deployment"), QStringLiteral("web")});
        QVERIFY2(k.exitCode == 0 && out.contains(QStringLiteral("deleted")), qPrintable(out));
        QVERIFY(f.advanceUntil([&] { return podImages(pods, QStringLiteral("web-")).isEmpty(); }));
        QCOMPARE(f.window.deploymentModel()->rowOf("default/web"), -1);
    }

    /// The switcher lists the sandbox and the kubeconfig's contexts; picking a context opens its cluster
    /// in place of the sandbox, with its nodes, and its pods as they change.
    void switchingToAContextShowsItsClusterLive()
    {
        // "the cluster": another sandbox, reached only through its API server with TLS and a token
        testutil::WindowFixture cluster(62);
        QVERIFY(cluster.start());
        cluster.window.hide();
        backends::KubectlAccess access;
        cluster.backend.serveKubernetesApi(&cluster.window, [&](const backends::KubectlAccess &a) { access = a; });
        QTRY_VERIFY_WITH_TIMEOUT(access.ok || !access.error.isEmpty(), 15000);
        QVERIFY2(access.ok, qPrintable(access.error));
        QVERIFY(cluster.apply("apiVersion: v1\nkind: Node\nmetadata:\n  name: far-away-1\n"
                              "  labels: {node-role.kubernetes.io/worker: \"\"}\n"
                              "status:\n  capacity: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"
                              "  allocatable: {cpu: \"4\", memory: 8Gi, pods: \"110\"}\n"));

        QTemporaryDir data;
        widgets::WindowSession::Options options;
        options.sandbox.inMemory = true;
        options.sandbox.mode = engine::ClockMode::Paused;
        options.sandbox.dataDir = data.path();
        options.sandbox.name = QStringLiteral("learning");
        options.kubeconfigFiles = {access.kubeconfigPath};
        widgets::WindowSession session(options);
        backends::ConnectionTarget sandboxTarget;
        sandboxTarget.name = QStringLiteral("learning");
        auto *sandboxBackend = new backends::SandboxBackend(options.sandbox);
        QPointer<MainWindow> first = session.adopt(sandboxBackend, sandboxTarget);
        QSignalSpy started(sandboxBackend, &backends::Backend::started);
        sandboxBackend->start();
        QVERIFY(started.wait(10000));

        QComboBox *switcher = first->contextSwitcher();
        QStringList items;
        for (int i = 0; i < switcher->count(); ++i)
            items << switcher->itemText(i);
        QCOMPARE(switcher->currentText(), QStringLiteral("learning (sandbox)"));
        const int contextIndex = switcher->findText(QStringLiteral("flotilla-") + cluster.backend.displayName());
        QVERIFY2(contextIndex > 0, qPrintable(items.join(QStringLiteral(" | "))));
        QVERIFY(items.contains(QStringLiteral("Open Kubeconfig File…")));
        QCOMPARE(first->findChild<QAction *>(QStringLiteral("kubectlAction"))->isEnabled(), true);

        QSignalSpy changed(&session, &widgets::WindowSession::windowChanged);
        QSignalSpy failed(&session, &widgets::WindowSession::openFailed);
        emit switcher->activated(contextIndex);
        QVERIFY2(changed.wait(15000), failed.isEmpty() ? "no answer" : qPrintable(failed.at(0).at(1).toString()));
        MainWindow *second = session.window();
        QVERIFY(second != nullptr);
        QTRY_VERIFY(first.isNull()); // the sandbox's window and connection are gone
        QVERIFY(!session.backend()->isSimulated());
        QCOMPARE(second->contextSwitcher()->currentText(), QStringLiteral("flotilla-") + cluster.backend.displayName());
        QVERIFY(!second->findChild<QAction *>(QStringLiteral("kubectlAction"))->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(second->nodeModel()->rowOf("far-away-1") >= 0, 15000);

        // changes in the cluster show as they happen
        QVERIFY(cluster.apply("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: default}\n"
                              "spec:\n  replicas: 2\n  selector: {matchLabels: {app: api}}\n"
                              "  template:\n    metadata: {labels: {app: api}}\n"
                              "    spec: {containers: [{name: api, image: nginx:1.25}]}\n"));
        QTRY_VERIFY_WITH_TIMEOUT(second->deploymentModel()->rowOf("default/api") >= 0, 15000);
        for (int i = 0; i < 60 && podImages(second->podModel(), QStringLiteral("api-")).size() < 2; ++i) {
            cluster.advance(1000);
            QTest::qWait(50);
        }
        QTRY_COMPARE_WITH_TIMEOUT(podImages(second->podModel(), QStringLiteral("api-")).size(), 2, 10000);
        second->resize(1400, 860);
        testutil::screenshot(second, QStringLiteral("context-cluster.png"));

        // and back to the sandbox
        const int back = second->contextSwitcher()->findText(QStringLiteral("learning (sandbox)"));
        QVERIFY(back >= 0);
        emit second->contextSwitcher()->activated(back); // a sandbox opens at once
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 2, 15000);
        QVERIFY(session.backend()->isSimulated());
        QCOMPARE(session.window()->contextSwitcher()->currentText(), QStringLiteral("learning (sandbox)"));
    }

    /// A context whose credentials cannot be read leaves the window as it was, and says why.
    void aBrokenContextKeepsTheWindow()
    {
        QTemporaryDir dir;
        const QString kubeconfig = dir.filePath(QStringLiteral("config"));
        QFile file(kubeconfig);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: Config\ncurrent-context: broken\n"
                   "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n"
                   "users: [{name: u, user: {tokenFile: /nonexistent/token}}]\n"
                   "contexts: [{name: broken, context: {cluster: c, user: u}}]\n");
        file.close();
        widgets::WindowSession::Options options;
        options.sandbox.inMemory = true;
        options.sandbox.mode = engine::ClockMode::Paused;
        options.sandbox.dataDir = dir.path();
        options.kubeconfigFiles = {kubeconfig};
        widgets::WindowSession session(options);
        backends::ConnectionTarget local;
        local.name = options.sandbox.name;
        auto *backend = new backends::SandboxBackend(options.sandbox);
        QPointer<MainWindow> window = session.adopt(backend, local);
        backend->start();
        QComboBox *switcher = window->contextSwitcher();
        const int broken = switcher->findText(QStringLiteral("broken"));
        QVERIFY(broken > 0);
        QSignalSpy failed(&session, &widgets::WindowSession::openFailed);
        emit switcher->activated(broken);
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("/nonexistent/token")), qPrintable(failed.at(0).at(1).toString()));
        QVERIFY(!window.isNull());
        QCOMPARE(session.window(), window.data());
        QCOMPARE(switcher->currentText(), QStringLiteral("local (sandbox)"));
        auto *box = window->findChild<QMessageBox *>(QStringLiteral("openFailedBox"));
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(QStringLiteral("tokenFile")) || box->informativeText().contains(QStringLiteral("token")));
        box->close();
    }

private:
    QTemporaryDir m_runtime; ///< XDG_RUNTIME_DIR of this test
};

QTEST_MAIN(TestKubectlWindow)
#include "tst_kubectlwindow.moc"
