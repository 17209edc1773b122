// The deployment strategies story in the real window against a real sandbox: build my-microservice:v1 from
// the course's Node.js template, deploy it with the wizard; build a v2 labelled broken and send it out as a
// canary at 10 % → 50 % → 100 % with an analysis, which aborts it by itself while the charts show why; then a
// good version by blue/green, promoted, and rolled back with one click.
#include "screenshotutil.h"
#include "windowfixture.h"
#include <engine/api/kinds.h>
#include <engine/rollout/rolloutspec.h>
#include <engine/sandbox/sandbox.h>
#include <models/imagemodel.h>
#include <models/rolloutmodel.h>
#include <widgets/buildpage.h>
#include <widgets/deployplan.h>
#include <widgets/deploywizard.h>
#include <widgets/deploywizardpages.h>
#include <widgets/dockerfileeditor.h>
#include <widgets/dockerfilepane.h>
#include <widgets/mainwindow.h>
#include <widgets/rolloutcharts.h>
#include <widgets/rolloutspage.h>
#include <widgets/rolloutview.h>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace flotilla;
using widgets::DeployPlan;
using widgets::DeployWizard;
using widgets::MainWindow;
using widgets::RolloutCharts;
using RA = backends::Backend::RolloutAction;
namespace api = engine::api;

namespace {
void clickNext(QWizard *w) { QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton); }

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

struct Story : testutil::WindowFixture {
    Story() : WindowFixture(2026) {}

    /// Builds the Build page's Dockerfile as `tag`; true when it succeeded.
    bool build(const QString &tag)
    {
        auto *page = window.buildPage();
        QSignalSpy finished(page, &widgets::BuildPage::buildFinished);
        const QString context = page->contextDirectory();
        if (context.isEmpty() || !page->startBuild(tag, context))
            return false;
        if (!finished.wait(30000) || !finished.first().at(0).toBool())
            return false;
        return QTest::qWaitFor([&] { return window.imageModel()->rowOf(api::imageObjectName(tag.toStdString())) >= 0; }, 5000);
    }

    /// Walks the wizard for `image` with `strategy`; `parameters` fills that page. True once deployed.
    bool deploy(const QString &image, DeployPlan::Strategy strategy, const std::function<void(DeployWizard *)> &parameters,
                QString *diff = nullptr)
    {
        window.findChild<QAction *>(QStringLiteral("deployAction"))->trigger();
        DeployWizard *w = window.deployWizard();
        if (!w || !QTest::qWaitForWindowExposed(w))
            return false;
        clickNext(w); // target: the sandbox, namespace default
        typeInto(w->workloadPage()->imageBox()->lineEdit(), image);
        if (w->workloadPage()->nameEdit()->text() != QLatin1String("my-microservice"))
            return false;
        w->workloadPage()->portBox()->setValue(8080);
        clickNext(w);
        QTest::keyClick(w->strategyPage(), Qt::Key(Qt::Key_1 + int(strategy)));
        clickNext(w);
        if (w->currentId() != DeployWizard::ParametersPageId)
            return false;
        parameters(w);
        if (!w->button(QWizard::NextButton)->isEnabled())
            return false;
        clickNext(w);
        if (w->currentId() != DeployWizard::ReviewPageId)
            return false;
        if (diff)
            *diff = w->reviewPage()->diffView()->toPlainText();
        QSignalSpy deployed(w, &DeployWizard::deployed);
        QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
        return deployed.wait(5000);
    }

    api::Json status()
    {
        const auto ro = backend.engine()
                            .call([](engine::sandbox::Sandbox &sb) {
                                return sb.store().get(api::kind::Rollout, "default", "my-microservice");
                            })
                            .get();
        return ro && ro->status().is_object() ? ro->status() : api::Json::object();
    }
    std::string selected(const std::string &service)
    {
        const auto svc = backend.engine()
                             .call([service](engine::sandbox::Sandbox &sb) { return sb.store().get(api::kind::Service, "default", service); })
                             .get();
        return svc ? api::stringField(api::field(svc->spec(), "selector"), engine::rollout::kRevisionLabel) : std::string("-");
    }
    widgets::RolloutView *view() { return window.rolloutsPage()->rolloutView(); }
};
} // namespace

class tst_StrategyStory : public QObject {
    Q_OBJECT
private slots:
    void story();
};

void tst_StrategyStory::story()
{
    Story s;
    QTemporaryDir workspaces;
    s.window.buildPage()->setWorkspaceRoot(workspaces.path());
    QVERIFY(s.start());

    // 1. my-microservice:v1 from the course's Node.js template
    s.window.showPage(MainWindow::Page::Build);
    QVERIFY(s.window.buildPage()->pane()->newFromTemplate(QStringLiteral("node-microservice")));
    QVERIFY(s.build(QStringLiteral("my-microservice:v1")));

    // 2. deployed with the wizard as a canary Rollout, with simulated requests
    const auto canary = [](DeployWizard *w) {
        auto *p = w->parametersPage();
        p->weightListButton()->click();
        typeInto(p->weightsEdit(), QStringLiteral("10, 50, 100"));
        p->pauseModeBox()->setCurrentIndex(0); // no pause: the analysis judges each step
        p->canaryAnalysisEditor()->setChecked(true);
        p->canaryAnalysisEditor()->successRateBox()->setValue(95);
        p->canaryAnalysisEditor()->intervalBox()->setValue(10);
        p->canaryAnalysisEditor()->countBox()->setValue(3);
    };
    QVERIFY(s.deploy(QStringLiteral("my-microservice:v1"), DeployPlan::Strategy::Canary, canary));
    QCOMPARE(s.window.currentPage(), MainWindow::Page::Rollouts);
    QVERIFY(s.advanceUntil([&] { return s.status().value("phase", "") == "Healthy"; }, 120));
    const std::string v1 = s.status().value("stableRevision", "");

    // 3. v2, labelled broken: 40 % of its answers are 5xx
    s.window.showPage(MainWindow::Page::Build);
    auto *editor = s.window.buildPage()->pane()->editor();
    editor->setPlainText(editor->toPlainText() + QStringLiteral("\nLABEL flotilla.sim.error-rate=\"0.4\"\n"));
    QVERIFY(s.build(QStringLiteral("my-microservice:v2")));

    // 4. the same canary for v2: the review shows what changes
    QString diff;
    QVERIFY(s.deploy(QStringLiteral("my-microservice:v2"), DeployPlan::Strategy::Canary, canary, &diff));
    const auto changed = [&](QChar sign, const QString &text) {
        for (const QString &line : diff.split(QLatin1Char('\n')))
            if (line.startsWith(sign) && line.contains(text))
                return true;
        return false;
    };
    QVERIFY2(changed(QLatin1Char('-'), QStringLiteral("image: my-microservice:v1")) &&
                 changed(QLatin1Char('+'), QStringLiteral("image: my-microservice:v2")),
             qPrintable(diff));
    // it aborts by itself at 10 %: the analysis sees the canary's success rate fall
    QVERIFY(s.advanceUntil([&] { return s.status().value("aborted", false); }, 180));
    api::Json st = s.status();
    QCOMPARE(st.value("phase", ""), std::string("Degraded"));
    QCOMPARE(st.value("stableRevision", ""), v1);
    QVERIFY2(st.value("message", "").find("success rate") != std::string::npos, st.value("message", "").c_str());
    const std::string v2 = st.value("updatedRevision", "");
    s.advance(5'000);
    QTest::qWait(600); // a traffic snapshot or two
    auto *charts = s.view()->charts();
    // the charts show why: the canary's success rate under the threshold, its share of requests back to 0
    const auto rate = charts->points(RolloutCharts::SuccessRate, QString::fromStdString(v2));
    QVERIFY(!rate.isEmpty());
    QVERIFY(charts->threshold(RolloutCharts::SuccessRate).has_value());
    double lowest = 100;
    for (const auto &p : rate)
        lowest = std::min(lowest, p.y());
    QVERIFY2(lowest < *charts->threshold(RolloutCharts::SuccessRate), qPrintable(QString::number(lowest)));
    const auto split = charts->points(RolloutCharts::TrafficSplit, QString::fromStdString(v2));
    QVERIFY(!split.isEmpty());
    QCOMPARE(split.last().y(), 0.0);
    double most = 0;
    for (const auto &p : split)
        most = std::max(most, p.y());
    QVERIFY2(most > 5, qPrintable(QString::number(most))); // it had its 10 % before
    QVERIFY(!s.view()->button(RA::Promote)->isEnabled());
    QCOMPARE(charts->tabs()->currentIndex(), charts->tabs()->count() - 1); // the view turned to success rate & latency
    testutil::screenshot(&s.window, QStringLiteral("story-canary-aborted.png"));

    // 5. a good version, by blue/green with a preview Service
    editor->setPlainText(editor->toPlainText().remove(QStringLiteral("\nLABEL flotilla.sim.error-rate=\"0.4\"\n")));
    s.window.showPage(MainWindow::Page::Build);
    QVERIFY(s.build(QStringLiteral("my-microservice:v2.1")));
    const auto blueGreen = [](DeployWizard *w) {
        auto *p = w->parametersPage();
        typeInto(p->previewServiceEdit(), QStringLiteral("my-microservice-preview"));
        p->autoPromoteBox()->setChecked(false); // promoted by hand, once tried on the preview
        p->scaleDownDelayBox()->setValue(300);
    };
    QVERIFY(s.deploy(QStringLiteral("my-microservice:v2.1"), DeployPlan::Strategy::BlueGreen, blueGreen));
    QVERIFY(s.advanceUntil([&] { return s.status().value("phase", "") == "Paused"; }, 120)); // green ready
    const std::string green = s.status().value("updatedRevision", "");
    QCOMPARE(s.selected("my-microservice"), v1);
    QCOMPARE(s.selected("my-microservice-preview"), green);
    QTRY_VERIFY(s.view()->button(RA::Promote)->isEnabled());
    testutil::screenshot(&s.window, QStringLiteral("story-bluegreen-ready.png"));
    QTest::mouseClick(s.view()->button(RA::Promote), Qt::LeftButton);
    QVERIFY(s.advanceUntil([&] { return s.status().value("stableRevision", "") == green; }, 20));
    QCOMPARE(s.selected("my-microservice"), green);

    // 6. one click back: blue is still up, so the switch is at once
    QTRY_VERIFY(s.view()->button(RA::Rollback)->isEnabled());
    QTest::mouseClick(s.view()->button(RA::Rollback), Qt::LeftButton);
    QVERIFY(s.advanceUntil([&] { return s.selected("my-microservice") == v1; }, 3));
    QCOMPARE(s.status().value("stableRevision", ""), v1);
    QTRY_VERIFY(s.view()->phaseLabel()->text().contains(QStringLiteral("Healthy")));
    testutil::screenshot(&s.window, QStringLiteral("story-rolled-back.png"));
}

QTEST_MAIN(tst_StrategyStory)
#include "tst_strategystory.moc"
