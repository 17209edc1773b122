// The Rollouts page's detail of one Rollout against a real sandbox (clock paused, driven by hand): the step list
// follows a canary of a broken image until its analysis aborts it, the charts show the canary's share of the
// requests fall back to 0 % and its success rate dip below the analysis threshold, the buttons follow what makes
// sense, the events and measurements are there; blue/green stages and a rolling update's line; version labels
// mapped to revisions; Roll Back asked from its button.
#include "../engine/sandboxtestutil.h"
#include "screenshotutil.h"
#include "windowfixture.h"

#include <engine/sandbox/sandbox.h>
#include <models/eventmodel.h>
#include <models/rolloutmodel.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>
#include <widgets/rolloutcharts.h>
#include <widgets/rolloutspage.h>
#include <widgets/rolloutview.h>

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace flotilla;
using models::RolloutModel;
using widgets::MainWindow;
using widgets::RolloutCharts;
using widgets::RolloutView;
using RA = backends::Backend::RolloutAction;
using State = RolloutView::StepState;

namespace {
const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

/// The Rollout "web" (4 replicas, app=web plus `extraLabels`) with a strategy block under `strategy:`.
std::string rollout(const std::string &image, const std::string &strategy, const std::string &extraLabels = {},
                    const std::string &name = "web")
{
    return "apiVersion: flotilla.dev/v1alpha1\nkind: Rollout\nmetadata: {name: " + name + "}\nspec:\n  replicas: 4\n"
           "  selector: {matchLabels: {app: " + name + "}}\n  template:\n    metadata: {labels: {app: " + name +
           extraLabels + "}}\n    spec:\n      containers:\n      - name: web\n        image: '" + image + "'\n"
           "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n  strategy:\n" + strategy;
}

const char *kCanarySteps = "    canary:\n      stableService: web\n      steps:\n"
                           "      - setWeight: 25\n      - pause: {duration: 10s}\n"
                           "      - analysis: {successRate: 0.95, maxP95LatencyMs: 200, interval: 5s, count: 4, failureLimit: 1}\n"
                           "      - setWeight: 100\n";

struct Fixture : testutil::WindowFixture {
    Fixture() : WindowFixture(43) {}
    QVariant value(int role, const char *key = "default/web") const
    {
        auto *m = window.rolloutModel();
        return m->index(m->rowOf(key), 0).data(role);
    }
    bool images(const std::string &v2Labels)
    {
        return backend.engine()
            .call([v2Labels](engine::sandbox::Sandbox &sb) {
                return testutil::buildLabelledImage(sb, "shop:v1", "flotilla.sim.latency=20ms") &&
                       testutil::buildLabelledImage(sb, "shop:v2", v2Labels);
            })
            .get();
    }
    bool setRate(double rps)
    {
        return backend.engine().call([rps](engine::sandbox::Sandbox &sb) { return sb.traffic().setRate("default", "web", rps).ok(); }).get();
    }
    RolloutView *show(const QString &key = QStringLiteral("default/web"))
    {
        window.showPage(MainWindow::Page::Rollouts);
        auto *page = window.rolloutsPage();
        if (!page || !page->isVisible())
            return nullptr;
        // the Rollout arrives with the next batch
        if (!QTest::qWaitFor([&] { return window.view(MainWindow::Page::Rollouts)->selectKey(key); }, 5000))
            return nullptr;
        return page->rolloutView();
    }
    int stepIndex() const { return value(RolloutModel::StepIndexRole).toInt(); }
};

QStringList reasons(const RolloutView *view)
{
    QStringList out;
    const QAbstractItemModel *m = view->events()->model();
    for (int row = 0; row < m->rowCount(); ++row)
        out << m->index(row, models::EventModel::Reason).data().toString();
    return out;
}
} // namespace

class tst_RolloutView : public QObject {
    Q_OBJECT
private slots:
    void canaryOfABrokenImageAborts();
    void versionLabelsAndRollback();
    void blueGreenStagesAndRollingUpdate();
};

void tst_RolloutView::canaryOfABrokenImageAborts()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.images("flotilla.sim.error-rate=0.5"));
    QVERIFY(f.apply(kService));
    QVERIFY(f.apply(rollout("shop:v1", kCanarySteps)));
    RolloutView *view = f.show();
    QVERIFY(view);
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy"); }));
    const QString v1 = f.value(RolloutModel::StableRevisionRole).toString();
    QCOMPARE(view->rollout()->metadata.name, std::string("web"));
    QTRY_COMPARE(view->phaseLabel()->text(), QStringLiteral("Healthy"));

    // no traffic yet: the charts say why, the replicas come from the status
    RolloutCharts *charts = view->charts();
    QVERIFY2(charts->emptyText(RolloutCharts::TrafficSplit).contains(QLatin1String("No traffic yet")),
             qPrintable(charts->emptyText(RolloutCharts::TrafficSplit)));
    QVERIFY(charts->emptyText(RolloutCharts::TrafficSplit).contains(QLatin1String("web")));
    QVERIFY(!charts->points(RolloutCharts::Replicas, v1).isEmpty());
    QCOMPARE(charts->points(RolloutCharts::Replicas, v1).last().y(), 4.0);
    // nothing rolls out: nothing to promote, pause or abort, no step under way
    QVERIFY(!view->button(RA::Promote)->isEnabled());
    QVERIFY(!view->button(RA::Abort)->isEnabled());
    QVERIFY(!view->button(RA::Pause)->isEnabled());
    QVERIFY(!view->button(RA::Resume)->isEnabled());
    QVERIFY(!view->button(RA::Rollback)->isEnabled());
    QCOMPARE(view->currentStepRow(), -1);
    QCOMPARE(view->steps()->topLevelItemCount(), 5); // four steps and the promotion
    QVERIFY(view->steps()->topLevelItem(2)->text(1).contains(QStringLiteral("success rate ≥ 95 %")));
    QVERIFY(view->steps()->topLevelItem(2)->text(1).contains(QStringLiteral("p95 ≤ 200 ms")));

    // traffic, then the broken v2: 25 % of the requests, a pause, then the analysis
    QVERIFY(f.setRate(100));
    QVERIFY(f.advanceUntil([&] { return charts->emptyText(RolloutCharts::TrafficSplit).isEmpty(); }, 10));
    QVERIFY(f.apply(rollout("shop:v2", kCanarySteps)));
    QVERIFY(f.advanceUntil([&] { return f.stepIndex() == 1 && f.value(RolloutModel::InProgressRole).toBool(); }));
    const QString v2 = f.value(RolloutModel::UpdatedRevisionRole).toString();
    QVERIFY(!v2.isEmpty() && v2 != v1);
    QTRY_COMPARE(view->currentStepRow(), 1);
    QCOMPARE(view->stepState(0), State::Done);
    QCOMPARE(view->stepState(1), State::Current);
    QCOMPARE(view->stepState(2), State::Pending);
    QCOMPARE(view->stepState(4), State::Pending);
    QVERIFY(view->button(RA::Promote)->isEnabled());
    QVERIFY(view->button(RA::Pause)->isEnabled());
    QVERIFY(view->button(RA::Abort)->isEnabled());
    QVERIFY(!view->button(RA::Resume)->isEnabled());
    QVERIFY(!view->button(RA::Retry)->isEnabled());

    // the analysis measures the canary: a running canary, looked at
    QVERIFY(f.advanceUntil([&] { return view->measurements()->rowCount() >= 1 || f.value(RolloutModel::AbortedRole).toBool(); }));
    QCOMPARE(view->currentStepRow(), 2);
    QVERIFY(charts->seriesNames(RolloutCharts::TrafficSplit).contains(QStringLiteral("stable %1").arg(v1)));
    QVERIFY(charts->seriesNames(RolloutCharts::TrafficSplit).contains(QStringLiteral("canary %1").arg(v2)));
    view->lowerTabs()->setCurrentIndex(1);
    charts->tabs()->setCurrentIndex(2);
    testutil::screenshot(&f.window, QStringLiteral("rollout-view-canary-analysis.png"));
    charts->tabs()->setCurrentIndex(0);
    view->lowerTabs()->setCurrentIndex(0);
    testutil::screenshot(&f.window, QStringLiteral("rollout-view-canary.png"));

    // it fails: aborted, all traffic back on stable
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::AbortedRole).toBool(); }));
    f.advanceUntil([] { return false; }, 5); // a few seconds of traffic after the abort
    QTRY_VERIFY(view->phaseLabel()->text().contains(QLatin1String("Degraded")));
    const QList<QPointF> split = charts->points(RolloutCharts::TrafficSplit, v2);
    QVERIFY(split.size() > 5);
    QCOMPARE(split.last().y(), 0.0);
    QVERIFY(std::any_of(split.begin(), split.end() - 1, [](const QPointF &p) { return p.y() > 15; }));
    const QList<QPointF> stableSplit = charts->points(RolloutCharts::TrafficSplit, v1);
    QCOMPARE(stableSplit.last().y(), 100.0);
    const QList<QPointF> success = charts->points(RolloutCharts::SuccessRate, v2);
    QVERIFY(!success.isEmpty());
    QVERIFY(std::any_of(success.begin(), success.end(), [](const QPointF &p) { return p.y() < 95; }));
    QCOMPARE(charts->threshold(RolloutCharts::SuccessRate).value_or(-1), 95.0);
    QCOMPARE(charts->threshold(RolloutCharts::Latency).value_or(-1), 200.0);
    QVERIFY(!charts->points(RolloutCharts::Latency, v1).isEmpty());

    // the failed step, and what can be asked now
    QCOMPARE(view->stepState(2), State::Failed);
    QCOMPARE(view->stepState(0), State::Done);
    QCOMPARE(view->stepState(3), State::Pending);
    QVERIFY(!view->button(RA::Promote)->isEnabled());
    QVERIFY(!view->button(RA::Abort)->isEnabled());
    QVERIFY(view->button(RA::Retry)->isEnabled());
    QVERIFY(view->messageLabel()->text().contains(QLatin1String("success rate")));

    // its events, newest first, with the analysis's failure
    QTRY_VERIFY(reasons(view).contains(QStringLiteral("AnalysisFailed")));
    QVERIFY(reasons(view).contains(QStringLiteral("RolloutUpdated")));
    QVERIFY(reasons(view).contains(QStringLiteral("ScalingReplicaSet"))); // also its Deployments'
    const QAbstractItemModel *events = view->events()->model();
    for (int row = 1; row < events->rowCount(); ++row)
        QVERIFY(events->index(row - 1, 0).data(models::SortRole).toLongLong() <= events->index(row, 0).data(models::SortRole).toLongLong());
    for (int row = 0; row < events->rowCount(); ++row) {
        const QString object = events->index(row, models::EventModel::Object).data().toString();
        QVERIFY2(object == QLatin1String("rollout/web") || object.startsWith(QLatin1String("deployment/web")), qPrintable(object));
    }

    // the measurements of the failed analysis
    QTableWidget *m = view->measurements();
    QVERIFY(m->rowCount() >= 2);
    bool failed = false;
    for (int row = 0; row < m->rowCount(); ++row)
        failed |= m->item(row, 4)->text() == QLatin1String("Failed");
    QVERIFY(failed);
    QVERIFY(view->lowerTabs()->tabText(1).contains(QLatin1String("Failed")));
    testutil::screenshot(&f.window, QStringLiteral("rollout-view-aborted.png"));

    // Promote from the window's menu is refused by the engine; the button never asked
    QSignalSpy answered(view, &RolloutView::actionFinished);
    view->act(RA::Promote);
    QVERIFY(answered.wait(10000));
    QCOMPARE(answered.first().at(1).toBool(), false);
    QVERIFY(view->resultLabel()->text().contains(QLatin1String("aborted")));
}

void tst_RolloutView::versionLabelsAndRollback()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.images("flotilla.sim.latency=30ms"));
    QVERIFY(f.apply(kService));
    const std::string steps = "    canary:\n      stableService: web\n      steps:\n      - setWeight: 50\n      - pause: {}\n";
    QVERIFY(f.apply(rollout("shop:v1", steps, ", version: v1")));
    RolloutView *view = f.show();
    QVERIFY(view);
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy"); }));
    const QString r1 = f.value(RolloutModel::StableRevisionRole).toString();
    QVERIFY(f.setRate(50));
    QVERIFY(f.apply(rollout("shop:v2", steps, ", version: v2")));
    QVERIFY(f.advanceUntil([&] {
        return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Paused") && f.stepIndex() == 1;
    }));
    const QString r2 = f.value(RolloutModel::UpdatedRevisionRole).toString();
    f.advanceUntil([] { return false; }, 5);

    // the traffic names versions by their `version` label; the charts by revision and role
    RolloutCharts *charts = view->charts();
    QVERIFY(!charts->points(RolloutCharts::TrafficSplit, r1).isEmpty());
    QVERIFY(!charts->points(RolloutCharts::TrafficSplit, r2).isEmpty());
    QVERIFY(charts->points(RolloutCharts::TrafficSplit, QStringLiteral("v2")).isEmpty());
    QVERIFY(std::abs(charts->points(RolloutCharts::TrafficSplit, r2).last().y() - 50) < 10);
    QCOMPARE(charts->points(RolloutCharts::Replicas, r2).last().y(), 2.0);
    QVERIFY(charts->seriesNames(RolloutCharts::Replicas).contains(QStringLiteral("canary %1").arg(r2)));
    QVERIFY(!charts->threshold(RolloutCharts::SuccessRate)); // no analysis, no threshold
    charts->tabs()->setCurrentIndex(1);
    testutil::screenshot(&f.window, QStringLiteral("rollout-view-replicas.png"));
    charts->tabs()->setCurrentIndex(0);

    // Pause by hand, then Resume, from the buttons
    QSignalSpy answered(view, &RolloutView::actionFinished);
    QTest::mouseClick(view->button(RA::Pause), Qt::LeftButton);
    QVERIFY(answered.wait(10000));
    QVERIFY2(answered.last().at(1).toBool(), qPrintable(answered.last().at(2).toString()));
    QVERIFY(f.advanceUntil([&] { return view->button(RA::Resume)->isEnabled(); }, 5));
    QVERIFY(!view->button(RA::Pause)->isEnabled());
    QTRY_COMPARE(view->phaseLabel()->text(), QStringLiteral("Paused by hand"));
    QTest::mouseClick(view->button(RA::Resume), Qt::LeftButton);
    QVERIFY(answered.wait(10000));
    QVERIFY(f.advanceUntil([&] { return !view->button(RA::Resume)->isEnabled(); }, 5));

    // Promote: v2 becomes stable, v1 the previous version that Roll Back brings back
    QVERIFY(!view->button(RA::Rollback)->isEnabled());
    QTest::mouseClick(view->button(RA::Promote), Qt::LeftButton);
    QVERIFY(answered.wait(10000));
    QVERIFY2(answered.last().at(1).toBool(), qPrintable(answered.last().at(2).toString()));
    QVERIFY(f.advanceUntil([&] {
        return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy") &&
               f.value(RolloutModel::StableRevisionRole).toString() == r2;
    }));
    QTRY_VERIFY(view->button(RA::Rollback)->isEnabled());
    QVERIFY(!view->button(RA::Promote)->isEnabled());
    QVERIFY(charts->seriesNames(RolloutCharts::TrafficSplit).contains(QStringLiteral("stable %1").arg(r2)));
    QVERIFY(charts->seriesNames(RolloutCharts::TrafficSplit).contains(QStringLiteral("previous %1").arg(r1)));
    const int before = int(answered.size());
    QTest::mouseClick(view->button(RA::Rollback), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(int(answered.size()), before + 1, 10000);
    QCOMPARE(answered.last().at(0).value<RA>(), RA::Rollback);
    // the engine side may not roll back yet: either answer is shown
    QVERIFY(!view->resultLabel()->text().isEmpty());
    QVERIFY(view->resultLabel()->text() != QLatin1String("Asking…"));
}

void tst_RolloutView::blueGreenStagesAndRollingUpdate()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.images("flotilla.sim.latency=20ms"));
    QVERIFY(f.apply(kService));
    QVERIFY(f.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web-preview}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n"));
    const std::string blueGreen = "    blueGreen:\n      activeService: web\n      previewService: web-preview\n"
                                  "      postPromotionAnalysis: {successRate: 0.9, interval: 5s, count: 2}\n";
    QVERIFY(f.apply(rollout("shop:v1", blueGreen)));
    const std::string rolling = "    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}\n";
    QVERIFY(f.apply(rollout("shop:v1", rolling, {}, "roll")));
    RolloutView *view = f.show();
    QVERIFY(view);
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy"); }));
    QVERIFY(f.apply(rollout("shop:v2", blueGreen)));
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Paused"); }));
    QTRY_COMPARE(view->currentStepRow(), 1);
    QCOMPARE(view->steps()->topLevelItemCount(), 4); // deploying, awaiting promotion, post-promotion analysis, done
    QCOMPARE(view->stepState(0), State::Done);
    QVERIFY(view->steps()->topLevelItem(1)->text(1).contains(QLatin1String("Awaiting promotion")));
    QVERIFY(view->steps()->topLevelItem(2)->text(1).contains(QLatin1String("Post-promotion analysis")));
    QCOMPARE(view->stepState(2), State::Pending);
    QVERIFY(view->button(RA::Promote)->isEnabled());
    QVERIFY(view->charts()->emptyText(RolloutCharts::SuccessRate).contains(QLatin1String("No traffic yet")));

    // the rolling update: one line with its bounds and progress
    view = f.show(QStringLiteral("default/roll"));
    QVERIFY(view);
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole, "default/roll").toString() == QLatin1String("Healthy"); }));
    QTRY_COMPARE(view->steps()->topLevelItemCount(), 1);
    const QString line = view->steps()->topLevelItem(0)->text(1);
    QVERIFY2(line.contains(QLatin1String("max surge 1")) && line.contains(QLatin1String("4 of 4 replicas updated")), qPrintable(line));
    QCOMPARE(view->stepState(0), State::Done);
    QVERIFY(!view->button(RA::Promote)->isEnabled());
}

QTEST_MAIN(tst_RolloutView)
#include "tst_rolloutview.moc"
