#include <backends/sandboxbackend.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <widgets/applyyamldialog.h>
#include <widgets/detailspane.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>
#include <models/objectfilterproxymodel.h>

#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProcess>
#include <QTableView>
#include <QtTest>

#include <sqlite3.h>

#include <memory>

using namespace flotilla;
using widgets::MainWindow;

namespace {
const char *kPodYaml = R"(apiVersion: v1
kind: Pod
metadata:
  name: my-microservice
  labels: {app: my-microservice}
spec:
  containers:
  - name: web
    image: node:14-alpine
    ports: [{containerPort: 8080}]
)";

struct App {
    std::unique_ptr<backends::SandboxBackend> backend;
    std::unique_ptr<MainWindow> window;
};

App openApp(const QString &dataDir)
{
    backends::SandboxBackend::Options opts;
    opts.dataDir = dataDir;
    opts.speed = 20; // pulls and starts take simulated seconds
    App app;
    app.backend = std::make_unique<backends::SandboxBackend>(opts);
    app.window = std::make_unique<MainWindow>(app.backend.get());
    app.window->show();
    QSignalSpy started(app.backend.get(), &backends::Backend::started);
    app.backend->start();
    if (!started.wait(10000))
        qFatal("the sandbox did not start");
    return app;
}

/// Applies the example pod and selects its row once it shows.
bool applyAndSelectPod(App &app)
{
    MainWindow &w = *app.window;
    bool done = false;
    app.backend->applyYaml(QString::fromUtf8(kPodYaml), {}, &w, [&](const backends::CommandResult &r) { done = r.ok; });
    if (!QTest::qWaitFor([&] { return done && w.podModel()->rowOf("default/my-microservice") >= 0; }, 5000))
        return false;
    w.showPage(MainWindow::Page::Pods);
    return w.view(MainWindow::Page::Pods)->selectKey(QStringLiteral("default/my-microservice"));
}

QString podStatus(MainWindow &w, const QString &key)
{
    const int row = w.podModel()->rowOf(key.toStdString());
    return row < 0 ? QString() : w.podModel()->index(row, models::PodModel::Status).data().toString();
}
} // namespace

class tst_MainWindow : public QObject {
    Q_OBJECT
private slots:
    void init();
    void showsThreeReadyNodes();
    void appliedPodTurnsRunningAndCanBeDeleted();
    void detailsFollowTheSelection();
    void editYamlAppliesAndRefusesStaleCopies();
    void restartKeepsTheSandbox();
    void keyboard();
    void storageProblemsAreShownAndClear();
    void screenshotIsARealImage();
    void appScreenshotOption();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_MainWindow::init() { m_dir = std::make_unique<QTemporaryDir>(); }

void tst_MainWindow::showsThreeReadyNodes()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    w.showPage(MainWindow::Page::Nodes);
    QCOMPARE(w.nodeModel()->rowCount(), 3);
    auto *table = w.view(MainWindow::Page::Nodes)->table();
    QCOMPARE(table->model()->rowCount(), 3);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(table->model()->index(r, models::NodeModel::Status).data().toString(), QStringLiteral("Ready"));
    QVERIFY(table->isVisible());
}

void tst_MainWindow::appliedPodTurnsRunningAndCanBeDeleted()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    auto *dialog = w.applyDialog();
    dialog->setText(QString::fromUtf8(kPodYaml));
    QSignalSpy applied(dialog, &widgets::ApplyYamlDialog::applied);
    dialog->apply();
    QVERIFY(applied.wait(5000));
    const auto result = applied.first().first().value<backends::CommandResult>();
    QVERIFY(result.ok);
    QCOMPARE(result.lines, QStringList{QStringLiteral("pod/my-microservice created")});
    QCOMPARE(dialog->results()->item(0)->text(), QStringLiteral("✔ pod/my-microservice created"));

    QTRY_VERIFY_WITH_TIMEOUT(!podStatus(w, "default/my-microservice").isEmpty(), 3000);
    QTRY_COMPARE_WITH_TIMEOUT(podStatus(w, "default/my-microservice"), QStringLiteral("Running"), 15000);

    w.showPage(MainWindow::Page::Pods);
    auto *view = w.view(MainWindow::Page::Pods);
    QVERIFY(view->selectKey(QStringLiteral("default/my-microservice")));
    // Paused, the pod stays Terminating until the simulated stop completes.
    app.backend->setClockMode(engine::ClockMode::Paused);
    QTRY_COMPARE(int(app.backend->clock().mode), int(engine::ClockMode::Paused));
    w.deleteSelected();
    QTRY_COMPARE_WITH_TIMEOUT(podStatus(w, "default/my-microservice"), QStringLiteral("Terminating"), 3000);
    app.backend->setClockMode(engine::ClockMode::RealTime);
    QTRY_VERIFY_WITH_TIMEOUT(w.podModel()->rowOf("default/my-microservice") < 0, 10000);
}

void tst_MainWindow::detailsFollowTheSelection()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    QVERIFY(applyAndSelectPod(app));
    auto *details = w.detailsPane();
    QVERIFY(details->object());
    QCOMPARE(details->object()->metadata.name, std::string("my-microservice"));
    QVERIFY(details->yamlText().contains(QStringLiteral("name: my-microservice")));
    // The pane follows the object as it turns Running.
    QTRY_VERIFY_WITH_TIMEOUT(details->yamlText().contains(QStringLiteral("phase: Running")), 15000);
    QVERIFY(details->summaryHtml().contains(QStringLiteral("Running")));
    QVERIFY(details->summaryHtml().contains(QStringLiteral("node:14-alpine")));
}

void tst_MainWindow::editYamlAppliesAndRefusesStaleCopies()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    QVERIFY(applyAndSelectPod(app));
    w.editSelected();
    auto *dialog = w.applyDialog();
    QVERIFY(dialog->isVisible());
    const QString original = dialog->text();
    QVERIFY(original.contains(QLatin1String("resourceVersion:")));
    QVERIFY(!original.contains(QLatin1String("status:")));
    QVERIFY(!original.contains(QLatin1String("uid:")));

    // Pause so the copy does not go stale by itself, then change a label and apply.
    app.backend->setClockMode(engine::ClockMode::Paused);
    QTRY_COMPARE(int(app.backend->clock().mode), int(engine::ClockMode::Paused));
    QTest::qWait(4 * backends::SandboxBackend::kBatchIntervalMs); // the changes made before the pause arrive
    w.editSelected();
    QString edited = dialog->text();
    QVERIFY(edited.contains(QLatin1String("app: my-microservice")));
    edited.replace(QStringLiteral("app: my-microservice"), QStringLiteral("app: renamed"));
    dialog->setText(edited);
    QSignalSpy applied(dialog, &widgets::ApplyYamlDialog::applied);
    dialog->apply();
    QVERIFY(applied.wait(5000));
    auto result = applied.takeFirst().first().value<backends::CommandResult>();
    QVERIFY2(result.ok, result.problems.isEmpty() ? "" : qPrintable(result.problems.first().message));
    QCOMPARE(result.lines, QStringList{QStringLiteral("pod/my-microservice configured")});

    // The same text again names the old resourceVersion: refused, as kubectl edit would be.
    dialog->setText(edited);
    dialog->apply();
    QVERIFY(applied.wait(5000));
    result = applied.takeFirst().first().value<backends::CommandResult>();
    QVERIFY(!result.ok);
    QCOMPARE(result.problems.first().path, QStringLiteral("metadata.resourceVersion"));
    QVERIFY(result.problems.first().line > 0);
}

void tst_MainWindow::restartKeepsTheSandbox()
{
    {
        App app = openApp(m_dir->path());
        bool done = false;
        app.backend->applyYaml(QString::fromUtf8(kPodYaml), {}, app.window.get(), [&](const backends::CommandResult &r) { done = r.ok; });
        QTRY_VERIFY(done);
        QTRY_COMPARE_WITH_TIMEOUT(podStatus(*app.window, "default/my-microservice"), QStringLiteral("Running"), 15000);
    }
    App again = openApp(m_dir->path());
    QCOMPARE(podStatus(*again.window, "default/my-microservice"), QStringLiteral("Running"));
    QCOMPARE(again.window->nodeModel()->rowCount(), 3);
    QVERIFY(again.backend->startupWarnings().isEmpty());
}

void tst_MainWindow::keyboard()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    QCOMPARE(w.windowTitle(), QStringLiteral("Sandbox local — Flotilla"));
    w.showPage(MainWindow::Page::Nodes);
    auto *view = w.view(MainWindow::Page::Nodes);
    // Typing narrows the table; Escape clears the filter.
    view->focusFilter();
    QTest::keyClicks(view->filterBox(), QStringLiteral("worker"));
    QCOMPARE(view->proxy()->rowCount(), 2);
    QTest::keyClick(view->filterBox(), Qt::Key_Escape);
    QVERIFY(view->filterBox()->text().isEmpty());
    QCOMPARE(view->proxy()->rowCount(), 3);
    // Enter on a row shows its YAML.
    QVERIFY(view->selectKey(QStringLiteral("worker-1")));
    QVERIFY(!w.detailsPane()->isShowingYaml());
    view->table()->setFocus();
    QTest::keyClick(view->table(), Qt::Key_Return);
    QVERIFY(w.detailsPane()->isShowingYaml());
    QVERIFY(w.detailsPane()->yamlText().contains(QLatin1String("name: worker-1")));
    // Ctrl+2 goes to Pods.
    QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(w.currentPage(), MainWindow::Page::Pods);
}

void tst_MainWindow::storageProblemsAreShownAndClear()
{
    App app = openApp(m_dir->path());
    MainWindow &w = *app.window;
    QSignalSpy problems(app.backend.get(), &backends::Backend::problemChanged);
    // Another process takes the sandbox's database: saving fails, and the window says so.
    sqlite3 *other = nullptr;
    const QByteArray path = (m_dir->path() + "/sandboxes/local/state.db").toUtf8();
    QCOMPARE(sqlite3_open(path.constData(), &other), SQLITE_OK);
    sqlite3_busy_timeout(other, 10'000); // the sandbox may be saving at that moment: wait for it, as a process would
    QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    bool done = false;
    app.backend->applyYaml(QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n"), {}, &w,
                           [&](const backends::CommandResult &r) { done = r.ok; });
    QTRY_VERIFY_WITH_TIMEOUT(problems.count() >= 1, 15000);
    QVERIFY(!problems.first().first().toString().isEmpty());
    QVERIFY(problems.first().first().toString().contains(QLatin1String("cannot be saved")));
    QTRY_VERIFY(w.bannerText().contains(QLatin1String("cannot save")));
    QTRY_VERIFY(done); // the change itself was made
    // It lets go: the kept change is saved, and the window says so.
    QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    QTRY_VERIFY_WITH_TIMEOUT(problems.last().first().toString().isEmpty(), 15000);
    QTRY_VERIFY(w.bannerText().isEmpty());
    app.window.reset();
    app.backend.reset();
    // Reopened, the change that waited is there.
    App again = openApp(m_dir->path());
    bool found = false;
    again.backend->engine().call([&](engine::sandbox::Sandbox &sb) { found = sb.store().get("ConfigMap", "default", "kept") != nullptr; }).get();
    QVERIFY(found);
}

void tst_MainWindow::screenshotIsARealImage()
{
    App app = openApp(m_dir->path());
    app.window->showPage(MainWindow::Page::Nodes);
    const QString path = m_dir->path() + "/window.png";
    QVERIFY(app.window->saveScreenshot(path));
    QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 800 && image.height() >= 500);
    QSet<QRgb> colors;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colors.insert(image.pixel(x, y));
    QVERIFY2(colors.size() > 20, "the window has content, not a blank surface");
}

void tst_MainWindow::appScreenshotOption()
{
    QProcess app;
    const QString path = m_dir->path() + "/app.png";
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(FLOTILLA_APP), {QStringLiteral("--data-dir"), m_dir->path(), QStringLiteral("--screenshot"), path,
                                             QStringLiteral("--screenshot-delay"), QStringLiteral("300")});
    QVERIFY(app.waitForFinished(30000));
    QCOMPARE(app.exitStatus(), QProcess::NormalExit);
    QCOMPARE(app.exitCode(), 0);
    QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 800);
    QVERIFY(QFile::exists(m_dir->path() + "/sandboxes/local/state.db"));
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
