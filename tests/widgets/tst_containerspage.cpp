// The Containers page in the real main window on a paused sandbox: a container run through the Run dialog
// shows in the table with its ports, its details and its log; it is stopped, killed and removed from the
// page's actions; the empty page says how to make one; the kubectl dialog shows the DOCKER_HOST line.
#include "screenshotutil.h"
#include "windowfixture.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <models/imagemodel.h>
#include <engine/sandbox/sandbox.h>
#include <models/containermodel.h>
#include <widgets/containerspage.h>
#include <widgets/detailspane.h>
#include <widgets/kubectldialog.h>
#include <widgets/resourceview.h>
#include <widgets/rundialog.h>

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include "testservers.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <unistd.h>

using namespace flotilla;
using models::ContainerModel;
using widgets::MainWindow;

namespace {
/// A port nothing listens on now (the kernel's pick, given back).
using flotilla::testsupport::freePort;

/// Images as a build leaves them: `my-microservice` EXPOSEs 8080 and serves; `crashy` exits after 2 s.
bool makeImages(testutil::WindowFixture &f)
{
    return f.backend.engine()
        .call([](engine::sandbox::Sandbox &sb) {
            bool ok = true;
            for (const auto &[tag, labels] : std::vector<std::pair<std::string, engine::api::Json>>{
                     {"my-microservice:latest", engine::api::Json::object()},
                     {"crashy:1.0", {{"flotilla.sim.crash-after", "2s"}}}}) {
                engine::api::Json config = {
                    {"architecture", "amd64"},
                    {"os", "linux"},
                    {"config",
                     {{"Cmd", {"node", "server.js"}},
                      {"WorkingDir", "/app"},
                      {"ExposedPorts", {{"8080/tcp", engine::api::Json::object()}}},
                      {"Labels", labels}}},
                    {"rootfs", {{"type", "layers"}, {"diff_ids", engine::api::Json::array()}}}};
                auto img = sb.imageStore()->commit(config, {}, {tag}, "node:14-alpine", 40'000'000, sb.sim().now());
                ok = ok && img.ok() && sb.recordImage(*img).ok();
            }
            return ok;
        })
        .get();
}

/// The images are in the window's image model (the Run dialog offers them).
bool imagesShown(const MainWindow &w)
{
    return QTest::qWaitFor([&] {
        return w.imageModel()->rowOf(engine::api::imageObjectName("my-microservice:latest")) >= 0 &&
               w.imageModel()->rowOf(engine::api::imageObjectName("crashy:1.0")) >= 0;
    }, 5000);
}

QString cell(const QAbstractItemModel *m, int row, int column) { return m->index(row, column).data().toString(); }

/// The confirmation a Remove asks, answered with its destructive button.
bool confirmRemoval(QWidget *window)
{
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor([&] { return (box = window->findChild<QMessageBox *>(QStringLiteral("removeContainerConfirmation"))) &&
                                      box->isVisible(); },
                         5000))
        return false;
    for (QAbstractButton *b : box->buttons())
        if (box->buttonRole(b) == QMessageBox::DestructiveRole) {
            b->click();
            return true;
        }
    return false;
}
} // namespace

/// Catches what Open in Browser opens.
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> urls;
public slots:
    void open(const QUrl &url) { urls << url; }
};

class tst_ContainersPage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void runStopRemoveInTheWindow();
    void runDialogNamesWhatIsWrong();
    void shortcutsAreUnique();
    void portMappingsAreReadAsDockerDoes_data();
    void portMappingsAreReadAsDockerDoes();

private:
    QTemporaryDir m_runtime; ///< XDG_RUNTIME_DIR: the Docker socket of this test, apart from any other
};

void tst_ContainersPage::initTestCase()
{
    QVERIFY(m_runtime.isValid());
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(m_runtime.path()));
    QStandardPaths::setTestModeEnabled(true);
}

void tst_ContainersPage::runStopRemoveInTheWindow()
{
    testutil::WindowFixture f(71);
    QVERIFY(f.start());
    QVERIFY(makeImages(f));
    MainWindow &w = f.window;
    QVERIFY(imagesShown(w));
    auto *page = w.containersPage();
    QVERIFY(page);
    const ContainerModel *model = w.containerModel();

    // nothing yet: the page says how to make a container, here or with docker
    w.showPage(MainWindow::Page::Containers);
    QCOMPARE(w.currentPage(), MainWindow::Page::Containers);
    QVERIFY(page->emptyState()->isVisible());
    QCOMPARE(page->findChild<QLineEdit *>(QStringLiteral("emptyDockerLine"))->text(),
             QStringLiteral("docker run -d -p 3000:8080 --name service-instance my-microservice"));
    QVERIFY(page->findChild<QPushButton *>(QStringLiteral("emptyRunButton"))->isEnabled());
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("simulatedNote"))->text().contains(QStringLiteral("Simulated")));
    QVERIFY(!w.detailsPane()->isVisible()); // the page has its own details
    QVERIFY(!page->stopAction()->isEnabled());
    QVERIFY(page->runAction()->isEnabled());
    QTest::qWait(50); // the layout of the page just shown
    testutil::screenshot(&w, QStringLiteral("containers-empty.png"));

    // Run…: the image's exposed port comes pre-filled
    page->runAction()->trigger();
    auto *dialog = page->runDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QVERIFY(dialog->imageBox()->findText(QStringLiteral("my-microservice:latest")) >= 0);
    QVERIFY(dialog->imageBox()->findText(QStringLiteral("node:14-alpine")) < 0); // catalog: metadata only
    dialog->setImage(QStringLiteral("my-microservice:latest"));
    QCOMPARE(dialog->portsEdit()->toPlainText(), QStringLiteral("8080:8080"));
    const int port = freePort();
    QVERIFY(port > 0);
    dialog->nameEdit()->setText(QStringLiteral("service-instance"));
    dialog->portsEdit()->setPlainText(QStringLiteral("%1:8080").arg(port));
    dialog->envEdit()->setPlainText(QStringLiteral("GREETING=hello\nLOG_LEVEL=debug"));
    dialog->restartBox()->setCurrentIndex(dialog->restartBox()->findData(QStringLiteral("unless-stopped")));
    QCOMPARE(dialog->errorText(), QString());
    QCOMPARE(dialog->commandText(), QStringLiteral("docker run -d --name service-instance -p %1:8080 -e GREETING=hello "
                                                   "-e LOG_LEVEL=debug --restart unless-stopped my-microservice:latest")
                                        .arg(port));
    testutil::screenshot(dialog, QStringLiteral("containers-run-dialog.png"));
    auto *runButton = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(runButton->isEnabled());
    runButton->click();
    QTRY_VERIFY(!page->runDialog());

    // the table has it, selected, with its port; the details and the log follow it
    QTRY_COMPARE(model->rowCount(), 1);
    QVERIFY(!page->emptyState()->isVisible());
    QTRY_VERIFY(page->selectedContainer().has_value());
    QCOMPARE(page->selectedContainer()->name, std::string("service-instance"));
    const int row = model->rowOf("service-instance");
    QCOMPARE(cell(model, row, ContainerModel::State), QStringLiteral("running"));
    QCOMPARE(cell(model, row, ContainerModel::Ports), QStringLiteral("0.0.0.0:%1→8080/tcp").arg(port));
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("service-instance is running")));
    const QString html = page->detailsHtml();
    for (const QString &expected : {QStringLiteral("running"), QStringLiteral("my-microservice:latest"),
                                    QStringLiteral("node server.js"), QStringLiteral("0.0.0.0:%1→8080/tcp").arg(port),
                                    QStringLiteral("http://localhost:%1/").arg(port), QStringLiteral("unless-stopped"),
                                    QStringLiteral("GREETING=hello")})
        QVERIFY2(html.contains(expected), qPrintable(expected));
    QVERIFY(page->stopAction()->isEnabled());
    QVERIFY(page->killAction()->isEnabled());
    QVERIFY(!page->startAction()->isEnabled());
    QVERIFY(page->openInBrowserAction()->isEnabled());
    f.advance(20'000);
    QTRY_VERIFY_WITH_TIMEOUT(!page->logText().isEmpty(), 5000);
    const QString log = page->logText();
    QVERIFY2(log.contains(QStringLiteral("8080")) || log.contains(QStringLiteral("node")), qPrintable(log));
    // new lines come while it runs (fetched a second at a time)
    const int lines = log.count(QLatin1Char('\n'));
    f.advance(120'000);
    QTRY_VERIFY_WITH_TIMEOUT(page->logText().count(QLatin1Char('\n')) >= lines, 5000);
    QTRY_VERIFY(cell(model, row, ContainerModel::Status).startsWith(QStringLiteral("Up 2 minutes")));
    const auto navigationHas = [&w](const QString &text) {
        for (auto *tree : w.findChildren<QTreeWidget *>())
            if (!tree->findItems(text, Qt::MatchExactly | Qt::MatchRecursive).isEmpty())
                return true;
        return false;
    };
    QVERIFY(navigationHas(QStringLiteral("Containers  (1)")));

    // Open in Browser and Copy docker Command
    UrlCatcher catcher;
    QDesktopServices::setUrlHandler(QStringLiteral("http"), &catcher, "open");
    page->openInBrowserAction()->trigger();
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("http://localhost:%1/").arg(port))});
    QDesktopServices::unsetUrlHandler(QStringLiteral("http"));
    page->copyCommandAction()->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("docker logs -f service-instance"));
    page->copyDockerCommand(QStringLiteral("run"));
    QCOMPARE(QGuiApplication::clipboard()->text(),
             QStringLiteral("docker run -d --name service-instance -p %1:8080 -e GREETING=hello -e LOG_LEVEL=debug "
                            "--restart unless-stopped my-microservice:latest")
                 .arg(port));

    // two more for a fuller page: one that crashes and is restarted, one stopped
    for (const auto &[image, name, policy] : {std::tuple{"crashy:1.0", "crashy", "always"},
                                              std::tuple{"my-microservice:latest", "worker", "no"}}) {
        backends::ContainerRunSpec spec;
        spec.image = QString::fromLatin1(image);
        spec.name = QString::fromLatin1(name);
        spec.restartPolicy = QString::fromLatin1(policy);
        bool ran = false;
        f.backend.runContainer(spec, &w, [&](const backends::CommandResult &r) { ran = r.ok; });
        QTRY_VERIFY(ran);
    }
    QTRY_COMPARE(model->rowCount(), 3);
    bool stopped = false;
    f.backend.stopContainer(QStringLiteral("worker"), &w, [&](const backends::CommandResult &r) { stopped = r.ok; });
    QTRY_VERIFY(stopped);
    for (int i = 0; i < 6; ++i) {
        f.advance(1'000);
        QTest::qWait(2 * backends::Backend::kBatchIntervalMs);
    }
    QTRY_VERIFY(cell(model, model->rowOf("crashy"), ContainerModel::Restarts).toInt() >= 1);
    QVERIFY(page->selectContainer(QStringLiteral("service-instance")));
    QTest::qWait(1200); // a log refresh
    testutil::screenshot(&w, QStringLiteral("containers-running.png"));

    // Stop: the status changes in the table and the details
    page->stopAction()->trigger();
    QTRY_COMPARE(cell(model, row, ContainerModel::State), QStringLiteral("exited"));
    QVERIFY(cell(model, row, ContainerModel::Status).startsWith(QStringLiteral("Exited (0)")));
    QCOMPARE(cell(model, row, ContainerModel::Ports), QString());
    QTRY_VERIFY(page->detailsHtml().contains(QStringLiteral("Exited (0)")));
    QVERIFY(page->detailsHtml().contains(QStringLiteral("published while it runs")));
    QTRY_VERIFY(page->startAction()->isEnabled());
    QVERIFY(!page->stopAction()->isEnabled());
    QVERIFY(!page->openInBrowserAction()->isEnabled());
    QVERIFY(w.statusBar()->currentMessage().contains(QStringLiteral("stopped")));
    QVERIFY(!page->logText().isEmpty()); // the log stays
    testutil::screenshot(&w, QStringLiteral("containers-stopped.png"));

    // Start again, then Kill: 137
    page->startAction()->trigger();
    QTRY_COMPARE(cell(model, row, ContainerModel::State), QStringLiteral("running"));
    QTRY_VERIFY(page->killAction()->isEnabled());
    page->killAction()->trigger();
    QTRY_VERIFY(cell(model, row, ContainerModel::Status).startsWith(QStringLiteral("Exited (137)")));
    QTRY_VERIFY(page->detailsHtml().contains(QStringLiteral("killed (SIGKILL)")));

    // Remove, confirmed; Del on the page asks the same
    QVERIFY(page->selectContainer(QStringLiteral("service-instance")));
    w.deleteSelected();
    QVERIFY(confirmRemoval(&w));
    QTRY_COMPARE(model->rowCount(), 2);
    QCOMPARE(model->rowOf("service-instance"), -1);
    QTRY_VERIFY(!page->selectedContainer() || page->selectedContainer()->name != "service-instance");
    // a running one is killed first
    QVERIFY(page->selectContainer(QStringLiteral("crashy")));
    page->removeAction()->trigger();
    QVERIFY(confirmRemoval(&w));
    QVERIFY(page->selectContainer(QStringLiteral("worker")));
    page->removeAction()->trigger();
    QVERIFY(confirmRemoval(&w));
    QTRY_COMPARE(model->rowCount(), 0);
    QTRY_VERIFY(page->emptyState()->isVisible());

    // File ▸ Use with kubectl and docker: the DOCKER_HOST line, with a Copy button
    auto *kubectl = w.findChild<QAction *>(QStringLiteral("kubectlAction"));
    QCOMPARE(kubectl->text(), QStringLiteral("Use with &kubectl and docker…"));
    QCOMPARE(kubectl->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    w.openKubectlDialog();
    auto *kd = w.kubectlDialog();
    QVERIFY(kd);
    QTRY_VERIFY_WITH_TIMEOUT(kd->dockerAccess().ok || !kd->dockerErrorText().isEmpty(), 15000);
    QVERIFY2(kd->dockerAccess().ok, qPrintable(kd->dockerErrorText()));
    const QString socket = m_runtime.path() + QStringLiteral("/flotilla/local.sock");
    QCOMPARE(kd->dockerAccess().socketPath, socket);
    QCOMPARE(kd->dockerHostLine(), QStringLiteral("export DOCKER_HOST=unix://") + socket);
    struct stat st {};
    QCOMPARE(::stat(QFile::encodeName(socket).constData(), &st), 0);
    QVERIFY(S_ISSOCK(st.st_mode));
    QCOMPARE(kd->windowTitle(), QStringLiteral("Use with kubectl and docker"));
    QTRY_VERIFY_WITH_TIMEOUT(kd->access().ok || !kd->errorText().isEmpty(), 15000);
    testutil::screenshot(kd, QStringLiteral("kubectl-docker-dialog.png"));
    QCOMPARE(widgets::KubectlDialog::dockerHostLineFor(QStringLiteral("/run/a b/x.sock")),
             QStringLiteral("export DOCKER_HOST='unix:///run/a b/x.sock'"));
    const QString dockerHost = kd->dockerAccess().dockerHost();
    kd->close(); // deleted on close

    // the docker CLI pointed at it: what it runs shows in the page as it happens
    const QString docker = QStandardPaths::findExecutable(QStringLiteral("docker"));
    if (docker.isEmpty())
        QSKIP("the docker CLI is not installed (packaging/install-deps.sh installs it)");
    QTemporaryDir config;
    const auto dockerRun = [&](const QStringList &args) {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DOCKER_HOST"), dockerHost);
        env.insert(QStringLiteral("DOCKER_CONFIG"), config.path());
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(docker, args);
        // the window answers on its own thread: keep the GUI thread's events going meanwhile
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 30000)) {
            p.kill();
            p.waitForFinished();
            return QPair<int, QString>(-1, QStringLiteral("docker did not finish: ") + QString::fromUtf8(p.readAll()));
        }
        return QPair<int, QString>(p.exitCode(), QString::fromUtf8(p.readAll()));
    };
    const int cliPort = freePort();
    auto [code, out] = dockerRun({QStringLiteral("run"), QStringLiteral("-d"), QStringLiteral("-p"),
                                  QStringLiteral("%1:8080").arg(cliPort), QStringLiteral("--name"),
                                  QStringLiteral("cli-instance"), QStringLiteral("my-microservice")});
    QVERIFY2(code == 0, qPrintable(out));
    QTRY_VERIFY(model->rowOf("cli-instance") >= 0);
    QVERIFY(!page->emptyState()->isVisible());
    const int cliRow = model->rowOf("cli-instance");
    QTRY_COMPARE(cell(model, cliRow, ContainerModel::State), QStringLiteral("running"));
    QCOMPARE(cell(model, cliRow, ContainerModel::Ports), QStringLiteral("0.0.0.0:%1→8080/tcp").arg(cliPort));
    std::tie(code, out) = dockerRun({QStringLiteral("rm"), QStringLiteral("-f"), QStringLiteral("cli-instance")});
    QVERIFY2(code == 0, qPrintable(out));
    QTRY_COMPARE(model->rowCount(), 0);
}

void tst_ContainersPage::runDialogNamesWhatIsWrong()
{
    testutil::WindowFixture f(72);
    QVERIFY(f.start());
    QVERIFY(makeImages(f));
    QVERIFY(imagesShown(f.window));
    f.window.showPage(MainWindow::Page::Containers);
    auto *page = f.window.containersPage();
    page->openRunDialog();
    auto *dialog = page->runDialog();
    QVERIFY(dialog);
    auto *run = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    dialog->setImage(QStringLiteral("crashy:1.0"));
    QCOMPARE(dialog->portsEdit()->toPlainText(), QStringLiteral("8080:8080"));
    // the pre-filled ports follow another image while they are not edited
    dialog->portsEdit()->setPlainText(QStringLiteral("3000:8080, web:80"));
    QCOMPARE(dialog->errorText(), QStringLiteral("Port “web:80” (entry 2): “web” is not a port number (1–65535)"));
    QVERIFY(!run->isEnabled());
    dialog->portsEdit()->setPlainText(QStringLiteral("3000:8080\n3000:9090"));
    QVERIFY2(dialog->errorText().contains(QStringLiteral("host port 3000 is published twice")), qPrintable(dialog->errorText()));
    dialog->portsEdit()->setPlainText(QStringLiteral("3000:8080, 8081"));
    QCOMPARE(dialog->errorText(), QString());
    QVERIFY(run->isEnabled());
    QString error;
    const auto spec = dialog->spec(&error);
    QCOMPARE(spec.ports.size(), 2);
    QCOMPARE(spec.ports[1].hostPort, 0);
    dialog->envEdit()->setPlainText(QStringLiteral("A=1\nnot a variable"));
    QCOMPARE(dialog->errorText(), QStringLiteral("Environment line 2 “not a variable”: use KEY=value, the key without spaces"));
    QVERIFY(!run->isEnabled());
    dialog->envEdit()->clear();
    // a command of its own: words split as a shell splits them, and a quote left open is named
    dialog->commandEdit()->setText(QStringLiteral("echo \"hello world\" again"));
    QCOMPARE(dialog->errorText(), QString());
    QCOMPARE(dialog->spec(&error).command, (QStringList{"echo", "hello world", "again"}));
    QVERIFY2(dialog->commandText().endsWith(QStringLiteral("crashy:1.0 echo 'hello world' again")), qPrintable(dialog->commandText()));
    dialog->commandEdit()->setText(QStringLiteral("echo \"hello"));
    QCOMPARE(dialog->errorText(), QStringLiteral("Command: a quote (\") is not closed"));
    QVERIFY(!run->isEnabled());
    dialog->commandEdit()->clear();
    QVERIFY(run->isEnabled());
    // the backend's answer stays in the dialog: an image that is not there
    dialog->portsEdit()->clear();
    dialog->imageBox()->setCurrentText(QStringLiteral("missing:1"));
    QVERIFY(run->isEnabled());
    run->click();
    QTRY_VERIFY(dialog->errorText().contains(QStringLiteral("No such image")));
    QVERIFY(dialog->isVisible());
    testutil::screenshot(dialog, QStringLiteral("containers-run-dialog-error.png"));
    dialog->reject();
}

void tst_ContainersPage::shortcutsAreUnique()
{
    testutil::WindowFixture f(73);
    QVERIFY(f.start());
    QMap<QKeySequence, QStringList> seen;
    for (QAction *a : f.window.findChildren<QAction *>()) {
        if (a->shortcut().isEmpty() || a->shortcutContext() != Qt::WindowShortcut || a->associatedObjects().isEmpty())
            continue;
        seen[a->shortcut()] << a->text();
    }
    for (auto it = seen.cbegin(); it != seen.cend(); ++it) {
        QVERIFY2(it.value().size() == 1, qPrintable(it.key().toString() + QStringLiteral(": ") + it.value().join(QStringLiteral(", "))));
    }
    auto *page = f.window.containersPage();
    QCOMPARE(page->runAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    QCOMPARE(page->stopAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    // the Containers menu holds the page's actions
    QMenu *menu = nullptr;
    for (QAction *a : f.window.menuBar()->actions())
        if (a->text() == QStringLiteral("&Containers"))
            menu = a->menu();
    QVERIFY(menu);
    QVERIFY(menu->actions().contains(page->runAction()));
    QVERIFY(menu->actions().contains(page->removeAction()));
}

void tst_ContainersPage::portMappingsAreReadAsDockerDoes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("hostIp");
    QTest::addColumn<int>("hostPort");
    QTest::addColumn<int>("containerPort");
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QString>("error"); ///< a part of the reason
    QTest::newRow("host:container") << "3000:8080" << true << "" << 3000 << 8080 << "tcp" << "";
    QTest::newRow("container only") << "8080" << true << "" << 0 << 8080 << "tcp" << "";
    QTest::newRow("loopback") << "127.0.0.1:3000:8080" << true << "127.0.0.1" << 3000 << 8080 << "tcp" << "";
    QTest::newRow("loopback, any port") << "127.0.0.1::8080" << true << "127.0.0.1" << 0 << 8080 << "tcp" << "";
    QTest::newRow("udp") << " 5353:53/udp " << true << "" << 5353 << 53 << "udp" << "";
    QTest::newRow("ipv6") << "[::1]:3000:8080" << true << "::1" << 3000 << 8080 << "tcp" << "";
    QTest::newRow("empty") << "" << false << "" << 0 << 0 << "" << "empty";
    QTest::newRow("word") << "web:80" << false << "" << 0 << 0 << "" << "“web” is not a port number";
    QTest::newRow("too big") << "70000:80" << false << "" << 0 << 0 << "" << "“70000”";
    QTest::newRow("range") << "3000-3001:8080" << false << "" << 0 << 0 << "" << "ranges";
    QTest::newRow("protocol") << "3000:8080/http" << false << "" << 0 << 0 << "" << "unknown protocol “http”";
    QTest::newRow("four parts") << "1:2:3:4" << false << "" << 0 << 0 << "" << "too many parts";
    QTest::newRow("other address") << "10.0.0.5:3000:8080" << false << "" << 0 << 0 << "" << "not on 10.0.0.5";
}

void tst_ContainersPage::portMappingsAreReadAsDockerDoes()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, error);
    backends::PortMapping m;
    QString why;
    QCOMPARE(widgets::RunDialog::parsePortMapping(text, &m, &why), ok);
    if (!ok) {
        QVERIFY2(why.contains(error), qPrintable(why));
        return;
    }
    QFETCH(QString, hostIp);
    QFETCH(int, hostPort);
    QFETCH(int, containerPort);
    QFETCH(QString, protocol);
    QCOMPARE(m.hostIp, hostIp);
    QCOMPARE(m.hostPort, hostPort);
    QCOMPARE(m.containerPort, containerPort);
    QCOMPARE(m.protocol, protocol);
    // and back: -p reads its own text the same
    backends::PortMapping back;
    QVERIFY(widgets::RunDialog::parsePortMapping(m.text(), &back, nullptr));
    QCOMPARE(back, m);
}

QTEST_MAIN(tst_ContainersPage)
#include "tst_containerspage.moc"
