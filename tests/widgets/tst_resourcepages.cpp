// The ReplicaSets, ConfigMaps and Secrets pages and the Events page's timeline and pods-by-phase chart,
// on a real sandbox whose clock the test steps (paused, one simulated task at a time).
// FLOTILLA_SCREENSHOT_DIR=<dir> saves what they look like.
#include "screenshotutil.h"
#include <backends/sandboxbackend.h>
#include <models/configmapmodel.h>
#include <models/eventmodel.h>
#include <models/podmodel.h>
#include <models/podphasehistory.h>
#include <models/replicasetmodel.h>
#include <models/secretmodel.h>
#include <widgets/detailspane.h>
#include <widgets/eventtimeline.h>
#include <widgets/mainwindow.h>
#include <widgets/podphasechart.h>
#include <widgets/resourceview.h>

#include <QDir>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace flotilla;
using widgets::MainWindow;

namespace {
QString deployment(const QString &image)
{
    return QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n"
                          "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                          "    spec:\n      containers:\n      - name: web\n        image: %1\n"
                          "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n")
        .arg(image);
}

const char *kConfig = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: web-config}
data:
  app.properties: |
    color=blue
    greeting=hello from the sandbox
    retries=3
  LOG_LEVEL: debug
binaryData:
  logo.png: iVBORw0KGgoAAAANSUhEUg==
---
apiVersion: v1
kind: Secret
metadata: {name: db-credentials}
type: Opaque
data:
  password: aHVudGVyMi1zZWNyZXQ=
stringData:
  username: admin-7f3a9c
---
apiVersion: v1
kind: Service
metadata: {name: lonely}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
)";

using flotilla::testutil::screenshot;

bool ok(backends::Backend &b, const std::function<void(backends::Backend::Callback)> &call)
{
    bool done = false, success = false;
    call([&](const backends::CommandResult &r) {
        done = true;
        success = r.ok;
    });
    return QTest::qWaitFor([&] { return done; }, 10000) && success;
}

/// Steps the paused simulation until `condition` holds (the changes reach the window in batches).
bool stepUntil(backends::Backend &backend, const std::function<bool()> &condition)
{
    return QTest::qWaitFor([&] {
        if (condition())
            return true;
        backend.step();
        return false;
    }, 60000);
}

int running(MainWindow &w)
{
    return w.podModel()->phaseCount(models::PodModel::Running);
}
} // namespace

class tst_ResourcePages : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void replicaSetsPage();
    void configMapsPage();
    void secretsPageMasksUntilRevealed();
    void eventsTimelineAndPhaseChart();

private:
    backends::SandboxBackend *m_backend = nullptr;
    MainWindow *m_window = nullptr;
};

void tst_ResourcePages::initTestCase()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused;
    opts.seed = 21;
    m_backend = new backends::SandboxBackend(opts);
    m_window = new MainWindow(m_backend);
    m_window->resize(1400, 840);
    m_window->show();
    QSignalSpy started(m_backend, &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10000));
    auto &b = *m_backend;
    QVERIFY(ok(b, [&](auto done) { b.applyYaml(deployment(QStringLiteral("nginx:1.25")), {}, m_window, done); }));
    QVERIFY(ok(b, [&](auto done) { b.applyYaml(QString::fromUtf8(kConfig), {}, m_window, done); }));
    const int system = m_window->podModel()->rowCount();
    QVERIFY(stepUntil(b, [&] { return m_window->podModel()->rowCount() >= system + 3 && running(*m_window) >= system + 3; }));
    // a new version rolls out: two ReplicaSets, the old one scaled to zero
    QVERIFY(ok(b, [&](auto done) { b.applyYaml(deployment(QStringLiteral("nginx:1.26")), {}, m_window, done); }));
    QVERIFY(stepUntil(b, [&] {
        auto *rs = m_window->replicaSetModel();
        if (rs->rowCount() != 2)
            return false;
        for (int r = 0; r < 2; ++r)
            if (rs->index(r, 0).data(models::ReplicaSetModel::RevisionRole).toInt() == 2 &&
                rs->index(r, 0).data(models::ReplicaSetModel::ReadyCountRole).toInt() == 3 &&
                rs->index(1 - r, models::ReplicaSetModel::Current).data().toInt() == 0)
                return true;
        return false;
    }));
    // the Service that selects nothing warns once its grace has passed
    QVERIFY(stepUntil(b, [&] {
        auto *ev = m_window->eventModel();
        for (int r = 0; r < ev->rowCount(); ++r)
            if (ev->index(r, models::EventModel::Reason).data().toString() == QLatin1String("NoMatchingPods"))
                return true;
        return false;
    }));
}

void tst_ResourcePages::cleanupTestCase()
{
    delete m_window;
    delete m_backend;
}

void tst_ResourcePages::replicaSetsPage()
{
    m_window->showPage(MainWindow::Page::ReplicaSets);
    QCOMPARE(m_window->currentPage(), MainWindow::Page::ReplicaSets);
    auto *view = m_window->view(MainWindow::Page::ReplicaSets);
    QVERIFY(view && view->isVisible());
    QCOMPARE(view->table()->model()->rowCount(), 2);
    auto *rs = m_window->replicaSetModel();
    int current = -1;
    for (int r = 0; r < 2; ++r)
        if (rs->index(r, 0).data(models::ReplicaSetModel::RevisionRole).toInt() == 2)
            current = r;
    QVERIFY(current >= 0);
    QCOMPARE(rs->index(current, models::ReplicaSetModel::Owner).data().toString(), QStringLiteral("web"));
    QVERIFY(view->selectKey(rs->index(current, 0).data(models::KeyRole).toString()));
    QCOMPARE(m_window->detailsPane()->object()->kind, std::string("ReplicaSet"));
    screenshot(m_window, QStringLiteral("replicasets.png"));
}

void tst_ResourcePages::configMapsPage()
{
    m_window->showPage(MainWindow::Page::ConfigMaps);
    auto *view = m_window->view(MainWindow::Page::ConfigMaps);
    QVERIFY(view->selectKey(QStringLiteral("default/web-config")));
    const int row = m_window->configMapModel()->rowOf("default/web-config");
    QCOMPARE(m_window->configMapModel()->index(row, models::ConfigMapModel::Keys).data().toString(), QStringLiteral("3"));
    const QString html = m_window->detailsPane()->summaryHtml();
    QVERIFY(html.contains(QStringLiteral("app.properties")));
    QVERIFY(html.contains(QStringLiteral("greeting=hello from the sandbox")));
    QVERIFY(html.contains(QStringLiteral("logo.png")));
    QVERIFY(!m_window->detailsPane()->revealButton()->isVisible());
    screenshot(m_window, QStringLiteral("configmaps.png"));
}

void tst_ResourcePages::secretsPageMasksUntilRevealed()
{
    m_window->showPage(MainWindow::Page::Secrets);
    auto *view = m_window->view(MainWindow::Page::Secrets);
    QVERIFY(view->selectKey(QStringLiteral("default/db-credentials")));
    auto *details = m_window->detailsPane();
    QVERIFY(details->revealButton()->isVisible());
    auto hidden = [&] {
        const QString all = details->summaryHtml() + details->yamlText();
        return !all.contains(QLatin1String("hunter2-secret")) && !all.contains(QLatin1String("aHVudGVyMi1zZWNyZXQ=")) &&
               !all.contains(QLatin1String("admin-7f3a9c")) && all.contains(models::SecretModel::mask());
    };
    QVERIFY(hidden());
    screenshot(m_window, QStringLiteral("secrets-masked.png"));

    QTest::mouseClick(details->revealButton(), Qt::LeftButton);
    QVERIFY(m_window->secretModel()->isRevealed(QStringLiteral("default/db-credentials")));
    QVERIFY(details->summaryHtml().contains(QLatin1String("hunter2-secret")));
    QVERIFY(details->summaryHtml().contains(QLatin1String("admin-7f3a9c")));
    QVERIFY(details->yamlText().contains(QLatin1String("aHVudGVyMi1zZWNyZXQ=")));
    screenshot(m_window, QStringLiteral("secrets-revealed.png"));

    QTest::mouseClick(details->revealButton(), Qt::LeftButton);
    QVERIFY(!m_window->secretModel()->isRevealed(QStringLiteral("default/db-credentials")));
    QVERIFY(hidden());
    // the table's selection gives the masked copy too (what Edit YAML would open)
    QVERIFY(view->selectedObject());
    QCOMPARE(engine::api::stringField(engine::api::field(view->selectedObject()->body, "data"), "password"),
             models::SecretModel::mask().toStdString());
}

void tst_ResourcePages::eventsTimelineAndPhaseChart()
{
    m_window->showPage(MainWindow::Page::Events);
    auto *timeline = m_window->eventTimeline();
    QVERIFY(timeline->isVisible());
    QTRY_VERIFY(timeline->now() > 0);
    const QStringList lanes = timeline->laneNames();
    QVERIFY2(lanes.size() >= 3, qPrintable(lanes.join(QLatin1Char(','))));
    QVERIFY(timeline->markCount() >= lanes.size());
    QVERIFY(timeline->warningCount() >= 1); // the Service that selects nothing
    QVERIFY(std::any_of(lanes.begin(), lanes.end(), [](const QString &l) { return l.startsWith(QLatin1String("service/lonely")); }));
    timeline->setSpan(300'000);
    QVERIFY(timeline->laneNames().size() >= lanes.size());
    timeline->setSpan(60'000);
    screenshot(m_window, QStringLiteral("events-timeline.png"));

    m_window->eventCharts()->setCurrentWidget(m_window->podPhaseChart());
    auto *history = m_window->podPhaseHistory();
    QVERIFY(history->samples().size() >= 2);
    QCOMPARE(m_window->podPhaseChart()->pointCount(models::PodModel::Running), int(history->samples().size()));
    QVERIFY(history->samples().back().counts[models::PodModel::Running] >= 3);
    screenshot(m_window, QStringLiteral("events-pods-by-phase.png"));
}

QTEST_MAIN(tst_ResourcePages)
#include "tst_resourcepages.moc"
