// The course's build story in the real window, against a real sandbox: open the Node.js template, see lint
// hints, build it as my-microservice, rebuild (every step cached), change app.js (only the last COPY
// runs again), and find the image with its layers in Images.
#include "screenshotutil.h"
#include <backends/sandboxbackend.h>
#include <models/buildlogmodel.h>
#include <models/imagemodel.h>
#include <widgets/builddialog.h>
#include <widgets/buildlogview.h>
#include <widgets/buildpage.h>
#include <widgets/detailspane.h>
#include <widgets/dockerfileeditor.h>
#include <widgets/dockerfilepane.h>
#include <widgets/imagelayersview.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBlock>
#include <QTreeView>
#include <QtTest>

#include <engine/api/types.h>

#include <memory>

using namespace flotilla;
using widgets::MainWindow;
using models::BuildLogModel;

namespace {
struct App {
    QTemporaryDir dir;
    std::unique_ptr<backends::SandboxBackend> backend;
    std::unique_ptr<MainWindow> window;
};

/// The window on a fresh sandbox; with a template, on the Build page with that template open.
std::unique_ptr<App> openApp(const QString &templateId = {})
{
    auto app = std::make_unique<App>();
    backends::SandboxBackend::Options opts;
    opts.dataDir = app->dir.path();
    app->backend = std::make_unique<backends::SandboxBackend>(opts);
    app->window = std::make_unique<MainWindow>(app->backend.get());
    app->window->buildPage()->setWorkspaceRoot(app->dir.path() + QStringLiteral("/workspaces"));
    app->window->resize(1500, 900);
    app->window->show();
    QSignalSpy started(app->backend.get(), &backends::Backend::started);
    app->backend->start();
    if (!started.wait(10000))
        qFatal("the sandbox did not start");
    if (!templateId.isEmpty()) {
        app->window->showPage(MainWindow::Page::Build);
        if (!app->window->buildPage()->pane()->newFromTemplate(templateId))
            qFatal("no template %s", qPrintable(templateId));
    }
    return app;
}

/// Step statuses of the log, top-level step rows only ("CACHED", "Done", …).
QStringList statuses(const BuildLogModel *m)
{
    QStringList out;
    for (int r = 0; r < m->rowCount(); ++r) {
        const QModelIndex i = m->index(r, 0);
        if (i.data(BuildLogModel::StepNumberRole).toInt() > 0)
            out << m->index(r, BuildLogModel::StatusColumn).data().toString();
    }
    return out;
}

bool build(App &app, QString *message = nullptr, QString *imageId = nullptr)
{
    auto *page = app.window->buildPage();
    QSignalSpy finished(page, &widgets::BuildPage::buildFinished);
    QString why;
    const QString context = page->contextDirectory(&why);
    if (context.isEmpty() || !page->startBuild(QStringLiteral("my-microservice"), context))
        return false;
    if (!finished.wait(20000))
        return false;
    if (message)
        *message = finished.first().at(1).toString();
    if (imageId)
        *imageId = finished.first().at(2).toString();
    return finished.first().at(0).toBool();
}

using flotilla::testutil::screenshot;
} // namespace

class tst_BuildPage : public QObject {
    Q_OBJECT
private slots:
    void courseStory();
    void failedBuildPointsAtTheLine();
    void dialogValidatesEveryField();
    void logAndEditorFollowEachOther();
    void dockerBuildShowsInTheWindow();
};

void tst_BuildPage::courseStory()
{
    auto app = openApp(QStringLiteral("node-microservice"));
    MainWindow &w = *app->window;
    auto *page = w.buildPage();
    // lint hints: the container runs as root
    auto *editor = page->pane()->editor();
    QVERIFY(QTest::qWaitFor([&] { return !editor->diagnostics().isEmpty(); }, 3000));
    bool rootHint = false;
    for (const auto &d : editor->diagnostics())
        rootHint |= d.code == "FL6001";
    QVERIFY(rootHint);

    // first build: the log streams and every step runs
    QString message;
    QVERIFY2(build(*app, &message), qPrintable(message));
    const auto *log = page->log()->model();
    QCOMPARE(statuses(log), (QStringList{"Done", "Done", "Done", "SIMULATED", "Done"}));
    QVERIFY(page->log()->statusText().contains(QStringLiteral("my-microservice")));
    screenshot(&w, QStringLiteral("build-first.png"));

    // rebuild: every step CACHED
    QVERIFY(build(*app));
    QCOMPARE(statuses(log), QStringList(5, QStringLiteral("CACHED")));

    // change app.js in the build context: only the last COPY runs again
    const QString context = page->contextDirectory();
    QFile app_js(context + QStringLiteral("/app.js"));
    QVERIFY(app_js.open(QIODevice::Append));
    app_js.write("\n// version 2\n");
    app_js.close();
    QString imageId;
    QVERIFY(build(*app, nullptr, &imageId));
    QCOMPARE(statuses(log), (QStringList{"CACHED", "CACHED", "CACHED", "CACHED", "Done"}));
    screenshot(&w, QStringLiteral("build-rebuilt.png"));

    // the image is in Images, with its layers
    QVERIFY(QTest::qWaitFor([&] {
        const int r = w.imageModel()->rowOf("my-microservice-latest");
        return r >= 0 && QString::fromStdString(engine::api::summarizeImage(*w.imageModel()->objectAt(r)).digest) == imageId;
    }, 3000));
    QVERIFY(w.showImage(QStringLiteral("my-microservice")));
    const int row = w.imageModel()->rowOf("my-microservice-latest");
    QCOMPARE(w.imageModel()->index(row, models::ImageModel::Layers).data().toString(), QStringLiteral("4"));
    QCOMPARE(w.imageModel()->index(row, models::ImageModel::Source).data().toString(), QStringLiteral("built"));
    // the record says which layers the last build took from the cache
    const auto layerList = w.imageModel()->objectAt(row)->spec()["layers"];
    QCOMPARE(layerList.size(), size_t(4));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(layerList[size_t(i)]["cached"].get<bool>(), i < 3);
    auto *layers = w.detailsPane()->layersView();
    QVERIFY(layers->isVisibleTo(&w) || w.detailsPane()->findChild<QTabWidget *>()->indexOf(layers) >= 0);
    QCOMPARE(layers->layerRows(), 5); // the catalog base and four layers
    QCOMPARE(layers->chartBars(), 5);
    w.detailsPane()->findChild<QTabWidget *>()->setCurrentWidget(layers);
    QTest::qWait(100);
    screenshot(&w, QStringLiteral("image-layers.png"));
}

void tst_BuildPage::failedBuildPointsAtTheLine()
{
    auto app = openApp(QStringLiteral("node-microservice"));
    MainWindow &w = *app->window;
    auto *page = w.buildPage();
    auto *editor = page->pane()->editor();
    editor->setPlainText(editor->toPlainText().replace(QStringLiteral("COPY . ."), QStringLiteral("COPY ../secret .")));
    QString message;
    QVERIFY(!build(*app, &message));
    QVERIFY2(message.contains(QStringLiteral("Dockerfile:14:6")), qPrintable(message));
    QVERIFY(message.contains(QStringLiteral("outside the build context")));
    QCOMPARE(editor->textCursor().blockNumber() + 1, 14);
    const auto *log = page->log()->model();
    QCOMPARE(statuses(log).last(), QStringLiteral("FAILED"));
    QVERIFY(page->log()->statusText().contains(QStringLiteral("failed"), Qt::CaseInsensitive));
    QVERIFY(w.imageModel()->rowOf("my-microservice-latest") < 0);
}

void tst_BuildPage::dialogValidatesEveryField()
{
    widgets::BuildDialog d;
    QTemporaryDir dir;
    d.setup(QStringLiteral("FROM golang:1.22 AS build\nRUN true\nFROM alpine:3.19\n"), dir.path(), QStringLiteral("app"));
    QVERIFY(d.isValid());
    QCOMPARE(d.targetBox()->count(), 3); // last stage, build, 1
    d.tagEdit()->setText(QStringLiteral("UPPER/case:tag!"));
    QVERIFY(!d.isValid());
    QVERIFY(d.tagError().contains(QStringLiteral("invalid reference format")));
    d.tagEdit()->setText(QStringLiteral("team/app:1.0"));
    d.contextEdit()->setText(dir.path() + QStringLiteral("/missing"));
    QVERIFY(d.contextError().contains(QStringLiteral("No such folder")));
    d.contextEdit()->setText(dir.path());
    d.argsEdit()->setPlainText(QStringLiteral("VERSION=1\nnot an arg\n"));
    QVERIFY(d.argsError().contains(QStringLiteral("Line 2")));
    d.argsEdit()->setPlainText(QStringLiteral("VERSION=1\n# a comment\nMODE=prod"));
    QVERIFY(d.isValid());
    d.targetBox()->setCurrentIndex(1);
    d.noCacheBox()->setChecked(true);
    const auto spec = d.spec();
    QCOMPARE(spec.tags, QStringList{QStringLiteral("team/app:1.0")});
    QCOMPARE(spec.buildArgs.size(), 2);
    QCOMPARE(spec.target, QStringLiteral("build"));
    QVERIFY(spec.noCache);
}

void tst_BuildPage::logAndEditorFollowEachOther()
{
    auto app = openApp(QStringLiteral("node-microservice"));
    MainWindow &w = *app->window;
    auto *page = w.buildPage();
    QVERIFY(build(*app));
    // a click on step 4 (RUN npm install, line 11) selects that line in the editor
    const auto *log = page->log()->model();
    QModelIndex runStep;
    for (int r = 0; r < log->rowCount(); ++r)
        if (log->index(r, 0).data(BuildLogModel::StepNumberRole).toInt() == 4)
            runStep = log->index(r, 0);
    QVERIFY(runStep.isValid());
    auto *tree = page->log()->tree();
    tree->scrollTo(runStep);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(runStep).center());
    auto *editor = page->pane()->editor();
    QCOMPARE(editor->textCursor().selectionStart() >= 0, true);
    QCOMPARE(editor->document()->findBlock(editor->textCursor().selectionStart()).blockNumber() + 1, 11);
    // the cursor on line 14 (COPY . .) shows step 5 in the log
    editor->goToLine(14);
    QVERIFY(QTest::qWaitFor([&] {
        const QModelIndex cur = tree->currentIndex();
        return cur.isValid() && cur.siblingAtColumn(0).data(BuildLogModel::StepNumberRole).toInt() == 5;
    }, 2000));
}

void tst_BuildPage::dockerBuildShowsInTheWindow()
{
    // `docker build` in a terminal, against the sandbox: the Build page shows its log as it streams
    if (QStandardPaths::findExecutable("docker").isEmpty())
        QSKIP("the docker CLI is not installed");
    auto app = openApp();
    MainWindow &w = *app->window;
    QTemporaryDir dir(QDir::tempPath() + "/fl-dockerbuild-XXXXXX");
    QVERIFY(dir.isValid());
    const std::string socket = (dir.path() + "/d.sock").toStdString();
    auto served = app->backend->engine().serveDockerApi(socket);
    QVERIFY2(served.ok(), served.ok() ? "" : served.error().message.c_str());
    QFile dockerfile(dir.filePath("Dockerfile"));
    QVERIFY(dockerfile.open(QIODevice::WriteOnly));
    dockerfile.write("FROM node:14-alpine\nWORKDIR /app\nCOPY app.js .\nRUN npm install\nCMD [\"node\", \"app.js\"]\n");
    dockerfile.close();
    QFile js(dir.filePath("app.js"));
    QVERIFY(js.open(QIODevice::WriteOnly));
    js.write("console.log('hi')\n");
    js.close();
    QProcess docker;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("DOCKER_HOST", QString::fromStdString("unix://" + socket));
    env.insert("DOCKER_CONFIG", dir.filePath("cfg"));
    docker.setProcessEnvironment(env);
    docker.setWorkingDirectory(dir.path());
    QSignalSpy shown(w.buildPage(), &widgets::BuildPage::externalBuildShown);
    QSignalSpy finished(w.buildPage(), &widgets::BuildPage::buildFinished);
    docker.start("docker", {"build", "-t", "from-terminal:1", "."});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30'000);
    QVERIFY(docker.state() == QProcess::NotRunning || docker.waitForFinished(10'000));
    QCOMPARE(docker.exitCode(), 0);
    QCOMPARE(shown.count(), 1);
    QCOMPARE(shown.first().first().toString(), QStringLiteral("from-terminal:1"));
    QCOMPARE(w.buildPage()->log()->buildTitle(), QStringLiteral("from-terminal:1 (docker build)"));
    QVERIFY(finished.first().at(0).toBool());
    QVERIFY(w.buildPage()->log()->model()->rowCount() >= 4); // the steps, as the window's own builds show them
    QVERIFY(!w.buildPage()->isBuilding());
    w.showPage(MainWindow::Page::Build);
    QTest::qWait(100); // laid out at the window's size
    screenshot(&w, QStringLiteral("build-docker-build.png"));
}

QTEST_MAIN(tst_BuildPage)
#include "tst_buildpage.moc"
