// The deployment wizard: its plan logic (weights, validation, estimates, YAML, diff) on its own, and the wizard
// driven with keys and clicks in the real window on a paused sandbox — each strategy from the first page to a
// Healthy Rollout, validation next to the fields, exports that parse back, estimates that follow the
// parameters, and a refused apply that keeps the wizard open.
#include "../engine/sandboxtestutil.h"
#include "screenshotutil.h"
#include "windowfixture.h"

#include <backends/sandboxbackend.h>
#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/rollout/export.h>
#include <engine/rollout/rolloutspec.h>
#include <engine/sandbox/sandbox.h>
#include <models/imagemodel.h>
#include <models/nodemodel.h>
#include <models/rolloutmodel.h>
#include <widgets/deployplan.h>
#include <backends/kubebackend.h>
#include <backends/plainrolloutrunner.h>
#include <widgets/deploywizard.h>
#include <widgets/rolloutspage.h>
#include <widgets/rolloutview.h>
#include <widgets/deploywizardpages.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QtTest>

using namespace flotilla;
using widgets::DeployPlan;
using widgets::DeployWizard;
using widgets::MainWindow;
using Field = DeployPlan::Field;
using Strategy = DeployPlan::Strategy;

Q_DECLARE_METATYPE(DeployPlan::Strategy)

namespace {

bool hasIssue(const DeployPlan &plan, Field field, const QString &part = {})
{
    for (const auto &i : plan.validate())
        if (i.field == field && i.message.contains(part))
            return true;
    return false;
}

/// A valid plan of each strategy.
DeployPlan planOf(Strategy strategy)
{
    DeployPlan p;
    p.name = QStringLiteral("shop");
    p.image = QStringLiteral("shop:v1");
    p.strategy = strategy;
    p.activeService = p.stableService = QStringLiteral("shop");
    p.previewService = QStringLiteral("shop-preview");
    return p;
}

/// A window on a paused sandbox with the images shop:v1 and shop:v2 built.
struct Fixture : testutil::WindowFixture {
    explicit Fixture(std::uint64_t seed) : WindowFixture(seed) {}
    bool startWithImages()
    {
        if (!start())
            return false;
        for (const char *tag : {"shop:v1", "shop:v2"})
            if (!backend.engine()
                     .call([tag](engine::sandbox::Sandbox &sb) {
                         if (!testutil::buildLabelledImage(sb, tag, "flotilla.sim.latency=20ms"))
                             return false;
                         // the Image records the window's Images page shows
                         const auto img = sb.imageStore()->find(tag);
                         return img && sb.recordImage(*img).ok();
                     })
                     .get())
                return false;
        return QTest::qWaitFor([this] {
            auto *m = window.imageModel();
            return m->rowOf(engine::api::imageObjectName("shop:v2")) >= 0 && m->rowOf(engine::api::imageObjectName("shop:v1")) >= 0;
        });
    }
    DeployWizard *openWizard()
    {
        window.findChild<QAction *>(QStringLiteral("deployAction"))->trigger();
        DeployWizard *w = window.deployWizard();
        if (w) {
            w->resize(900, 650);
            (void)QTest::qWaitForWindowExposed(w);
        }
        return w;
    }
    engine::api::ObjectPtr stored(const std::string &kind, const std::string &name)
    {
        return backend.engine()
            .call([kind, name](engine::sandbox::Sandbox &sb) { return sb.store().get(kind, "default", name); })
            .get();
    }
    QString phase(const QString &key) const
    {
        auto *m = window.rolloutModel();
        const int row = m->rowOf(key.toStdString());
        return row < 0 ? QString() : m->index(row, 0).data(models::RolloutModel::PhaseRole).toString();
    }
};

/// A screenshot once pending layouts are done.
void screenshot(QWidget *w, const QString &name)
{
    QTest::qWait(20);
    testutil::screenshot(w, name);
}

void clickNext(QWizard *w) { QTest::mouseClick(w->button(QWizard::NextButton), Qt::LeftButton); }

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

/// Goes from the first page to the parameters of `strategy` with image `image` (workload named shop).
bool toParameters(DeployWizard *w, Strategy strategy, const QString &image = QStringLiteral("shop:v1"))
{
    if (w->currentId() != DeployWizard::TargetPageId)
        return false;
    clickNext(w);
    if (w->currentId() != DeployWizard::WorkloadPageId)
        return false;
    typeInto(w->workloadPage()->imageBox()->lineEdit(), image);
    if (w->workloadPage()->nameEdit()->text() != QLatin1String("shop"))
        return false;
    clickNext(w);
    if (w->currentId() != DeployWizard::StrategyPageId)
        return false;
    QTest::keyClick(w->strategyPage(), Qt::Key(Qt::Key_1 + int(strategy)));
    if (w->strategyPage()->selected() != strategy)
        return false;
    clickNext(w);
    return w->currentId() == DeployWizard::ParametersPageId;
}

/// The label under `field` shows a message containing `part`.
bool shows(widgets::DeployPage *page, Field field, const QString &part)
{
    QLabel *l = page->errorLabel(field);
    return l && l->isVisible() && l->text().contains(part);
}

} // namespace

class tst_DeployWizard : public QObject {
    Q_OBJECT
private slots:
    // the plan on its own
    void canaryWeights_data();
    void canaryWeights();
    void planValidation();
    void planYamlValidatesForEachStrategy_data();
    void planYamlValidatesForEachStrategy();
    void estimates();
    void unifiedDiff();
    // the wizard
    void deploysEachStrategy_data();
    void deploysEachStrategy();
    void validationShowsNextToTheField();
    void exportsParseBack();
    void estimatesFollowTheParameters();
    void refusedApplyKeepsTheWizardOpen();
    void secondVersionShowsTheDiff();
    void plainObjectsRunByFlotilla();
    void realClusterRunsPlainObjects();
};

void tst_DeployWizard::canaryWeights_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("list");
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("max");
    QTest::addColumn<QString>("weights"); // empty: refused
    QTest::addColumn<QString>("reason");
    const int list = int(DeployPlan::StepMode::WeightList), step = int(DeployPlan::StepMode::StepWeight);
    QTest::newRow("list") << list << "10, 50, 100" << 0 << 0 << "10,50,100" << "";
    QTest::newRow("list with %") << list << "25% 100%" << 0 << 0 << "25,100" << "";
    QTest::newRow("falls") << list << "50, 20, 100" << 0 << 0 << "" << "only rise";
    QTest::newRow("over 100") << list << "10, 120" << 0 << 0 << "" << "1 to 100";
    QTest::newRow("zero") << list << "0, 100" << 0 << 0 << "" << "1 to 100";
    QTest::newRow("not 100 at the end") << list << "10, 50" << 0 << 0 << "" << "must be 100";
    QTest::newRow("words") << list << "ten, 100" << 0 << 0 << "" << "not a whole number";
    QTest::newRow("empty") << list << "" << 0 << 0 << "" << "List the weights";
    QTest::newRow("flagger 25/50") << step << "" << 25 << 50 << "25,50,100" << "";
    QTest::newRow("flagger 20/100") << step << "" << 20 << 100 << "20,40,60,80,100" << "";
    QTest::newRow("flagger 20/50") << step << "" << 20 << 50 << "" << "reach 20, 40 and never 50";
    QTest::newRow("flagger step above max") << step << "" << 60 << 50 << "" << "above the max";
}

void tst_DeployWizard::canaryWeights()
{
    QFETCH(int, mode);
    QFETCH(QString, list);
    QFETCH(int, step);
    QFETCH(int, max);
    QFETCH(QString, weights);
    QFETCH(QString, reason);
    DeployPlan p = planOf(Strategy::Canary);
    p.stepMode = DeployPlan::StepMode(mode);
    p.weightList = list;
    p.stepWeight = step;
    p.maxWeight = max;
    QString why;
    QStringList got;
    for (int w : p.canaryWeights(&why))
        got << QString::number(w);
    QCOMPARE(got.join(QLatin1Char(',')), weights);
    QVERIFY2(why.contains(reason), qPrintable(why));
    if (!reason.isEmpty()) // the reason belongs to the field that holds the weights
        QVERIFY(hasIssue(p, mode == int(DeployPlan::StepMode::WeightList) ? Field::Weights : Field::MaxWeight, reason));
}

void tst_DeployWizard::planValidation()
{
    DeployPlan p = planOf(Strategy::RollingUpdate);
    QVERIFY2(p.validate().isEmpty(), qPrintable(p.validate().value(0).message));
    p.name = QStringLiteral("Shop_1");
    QVERIFY(hasIssue(p, Field::Name, QStringLiteral("DNS-1123")));
    p.name = QStringLiteral("1shop");
    QVERIFY(hasIssue(p, Field::Name, QStringLiteral("Start with a letter")));
    p.name = QStringLiteral("shop");
    p.cpuRequest = QStringLiteral("lots");
    QVERIFY(hasIssue(p, Field::CpuRequest, QStringLiteral("quantity")));
    p.cpuRequest = QStringLiteral("500m");
    p.cpuLimit = QStringLiteral("200m");
    QVERIFY(hasIssue(p, Field::CpuLimit, QStringLiteral("below the request")));
    p.cpuLimit.clear();
    p.memoryRequest = QStringLiteral("64m");
    QVERIFY(hasIssue(p, Field::MemoryRequest, QStringLiteral("64Mi")));
    p.memoryRequest = QStringLiteral("64Mi");
    p.maxSurge = QStringLiteral("0");
    p.maxUnavailable = QStringLiteral("0%");
    QVERIFY(hasIssue(p, Field::MaxUnavailable, QStringLiteral("both 0")));
    p.maxSurge = QStringLiteral("many");
    QVERIFY(hasIssue(p, Field::MaxSurge));
    p.maxSurge = QStringLiteral("25%");
    QVERIFY(p.validate().isEmpty());
    p.env = {{QStringLiteral("1X"), QStringLiteral("v")}};
    QVERIFY(hasIssue(p, Field::Env));
    p.env = {{QStringLiteral("A"), QStringLiteral("1")}, {QStringLiteral("A"), QStringLiteral("2")}};
    QVERIFY(hasIssue(p, Field::Env, QStringLiteral("twice")));
    p.env.clear();

    DeployPlan b = planOf(Strategy::BlueGreen);
    b.previewService.clear();
    b.prePromotion.enabled = true;
    QVERIFY(hasIssue(b, Field::PrePromotionAnalysis, QStringLiteral("preview Service")));
    b.previewService = QStringLiteral("shop");
    QVERIFY(hasIssue(b, Field::PreviewService, QStringLiteral("differ")));
    b.previewService = QStringLiteral("shop-preview");
    b.prePromotion.failureLimit = 3;
    QVERIFY(hasIssue(b, Field::PrePromotionAnalysis, QStringLiteral("failure limit")));

    DeployPlan c = planOf(Strategy::Canary);
    c.pauseDuration = QStringLiteral("soon");
    QVERIFY(hasIssue(c, Field::Pause));
    c.pauseDuration = QStringLiteral("2m");
    c.canaryAnalysis.enabled = true;
    c.canaryAnalysis.successRatePercent = 0;
    c.canaryAnalysis.maxP95LatencyMs = 0;
    QVERIFY(hasIssue(c, Field::CanaryAnalysis, QStringLiteral("Judge by")));
}

void tst_DeployWizard::planYamlValidatesForEachStrategy_data()
{
    QTest::addColumn<DeployPlan::Strategy>("strategy");
    QTest::addColumn<QString>("key");
    QTest::newRow("rolling") << Strategy::RollingUpdate << "rollingUpdate";
    QTest::newRow("blue/green") << Strategy::BlueGreen << "blueGreen";
    QTest::newRow("canary") << Strategy::Canary << "canary";
}

void tst_DeployWizard::planYamlValidatesForEachStrategy()
{
    QFETCH(DeployPlan::Strategy, strategy);
    QFETCH(QString, key);
    DeployPlan p = planOf(strategy);
    p.env = {{QStringLiteral("MODE"), QStringLiteral("demo")}};
    p.readiness.enabled = true;
    p.prePromotion.enabled = p.postPromotion.enabled = p.canaryAnalysis.enabled = true;
    p.configMapRef = QStringLiteral("settings");
    // YAML from the emitter, read back by the engine's parser: the same documents
    const auto docs = engine::api::parseDocuments(p.yaml().toStdString());
    QVERIFY(docs.ok());
    const auto expected = p.documents();
    QCOMPARE(docs->size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QCOMPARE((*docs)[i].json, expected[i]);
    const engine::api::Json &ro = expected.back();
    QCOMPARE(ro.value("kind", ""), std::string("Rollout"));
    QCOMPARE(ro.value("apiVersion", ""), std::string("flotilla.dev/v1alpha1"));
    QVERIFY(ro["spec"]["strategy"].contains(key.toStdString()));
    auto object = engine::api::objectFromJson(ro);
    QVERIFY(object.ok());
    const auto errors = engine::rollout::RolloutSpec::validate(**object);
    QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().toString().c_str());
    // every Service selects the app on the container port
    for (std::size_t i = 0; i + 1 < expected.size(); ++i) {
        QCOMPARE(expected[i].value("kind", ""), std::string("Service"));
        QCOMPARE(expected[i]["spec"]["selector"], engine::api::Json({{"app", "shop"}}));
        QCOMPARE(expected[i]["spec"]["ports"][0]["targetPort"].get<int>(), p.port);
    }
    // Services that exist are left alone; a new namespace comes first
    p.existingServices = p.serviceNames();
    p.ns = QStringLiteral("team-a");
    const auto fewer = p.documents();
    QCOMPARE(fewer.size(), std::size_t(2));
    QCOMPARE(fewer.front().value("kind", ""), std::string("Namespace"));
}

void tst_DeployWizard::estimates()
{
    DeployPlan r = planOf(Strategy::RollingUpdate);
    r.replicas = 4;
    r.maxSurge = QStringLiteral("1");
    r.maxUnavailable = QStringLiteral("0");
    auto e = r.estimate();
    QCOMPARE(e.extraPods, 1);
    QCOMPARE(e.promoteMs, 4 * DeployPlan::kPodStartSeconds * 1000LL); // one pod at a time
    QCOMPARE(e.rollbackMs, e.promoteMs);
    QCOMPARE(e.extraCpuMilli, 100);
    r.maxSurge = QStringLiteral("50%");
    QCOMPARE(r.estimate().promoteMs, 2 * DeployPlan::kPodStartSeconds * 1000LL);

    DeployPlan b = planOf(Strategy::BlueGreen);
    b.replicas = 3;
    e = b.estimate();
    QCOMPARE(e.extraPods, 3);
    QCOMPARE(e.extraMemoryBytes, 3 * 64LL * 1024 * 1024);
    QVERIFY(e.rollbackInstant);
    QCOMPARE(e.manualPromotions, 1);
    b.autoPromotionSeconds = 60;
    b.postPromotion.enabled = true; // 3 × 10 s
    QCOMPARE(b.estimate().promoteMs, DeployPlan::kPodStartSeconds * 1000LL + 60'000 + 30'000);

    DeployPlan c = planOf(Strategy::Canary);
    c.replicas = 4;
    c.weightList = QStringLiteral("10, 50, 100");
    c.pauseMode = DeployPlan::PauseMode::None;
    c.canaryAnalysis.enabled = false;
    e = c.estimate();
    QCOMPARE(e.promoteMs, 3 * DeployPlan::kPodStartSeconds * 1000LL);
    QCOMPARE(e.extraPods, 2); // 50 % of 4
    c.pauseMode = DeployPlan::PauseMode::Duration;
    c.pauseDuration = QStringLiteral("30s");
    QCOMPARE(c.estimate().promoteMs, e.promoteMs + 2 * 30'000); // a pause after 10 and after 50
    c.canaryAnalysis.enabled = true;
    QCOMPARE(c.estimate().promoteMs, e.promoteMs + 2 * 30'000 + 2 * 30'000);
    c.pauseMode = DeployPlan::PauseMode::UntilPromoted;
    QCOMPARE(c.estimate().manualPromotions, 2);
}

void tst_DeployWizard::unifiedDiff()
{
    QCOMPARE(DeployPlan::unifiedDiff(QStringLiteral("a\nb\n"), QStringLiteral("a\nb\n"), QStringLiteral("x"), QStringLiteral("y")), QString());
    const QString before = QStringLiteral("a\nb\nc\nd\ne\nf\ng\nh\n");
    const QString after = QStringLiteral("a\nb\nc\nD\ne\nf\ng\nh\ni\n");
    const QString diff = DeployPlan::unifiedDiff(before, after, QStringLiteral("old"), QStringLiteral("new"), 1);
    QCOMPARE(diff, QStringLiteral("--- old\n+++ new\n@@ -3,3 +3,3 @@\n c\n-d\n+D\n e\n@@ -8,2 +8,3 @@\n h\n+i\n \n"));
}

void tst_DeployWizard::deploysEachStrategy_data()
{
    QTest::addColumn<DeployPlan::Strategy>("strategy");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("shot");
    QTest::newRow("rolling") << Strategy::RollingUpdate << "rollingUpdate" << "shop" << "rolling";
    QTest::newRow("blue/green") << Strategy::BlueGreen << "blueGreen" << "shop" << "bluegreen";
    QTest::newRow("canary") << Strategy::Canary << "canary" << "shop" << "canary";
}

void tst_DeployWizard::deploysEachStrategy()
{
    QFETCH(DeployPlan::Strategy, strategy);
    QFETCH(QString, key);
    QFETCH(QString, service);
    QFETCH(QString, shot);
    Fixture f(51 + int(strategy));
    QVERIFY(f.startWithImages());

    // the action: Ctrl+Shift+D in the File menu and the toolbar; the image selected on the Images page comes along
    QAction *deploy = f.window.findChild<QAction *>(QStringLiteral("deployAction"));
    QVERIFY(deploy);
    QCOMPARE(deploy->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    f.window.showPage(MainWindow::Page::Images);
    QVERIFY(f.window.view(MainWindow::Page::Images)->selectKey(QString::fromStdString(engine::api::imageObjectName("shop:v1"))));
    DeployWizard *w = f.openWizard();
    QVERIFY(w);
    QCOMPARE(w->workloadPage()->imageBox()->currentText(), QStringLiteral("shop:v1"));
    QVERIFY(w->workloadPage()->imageBox()->findText(QStringLiteral("shop:v2")) >= 0); // built images offered
    f.window.findChild<QAction *>(QStringLiteral("deployAction"))->trigger();
    QCOMPARE(f.window.deployWizard(), w); // one at a time

    // 1. target
    QCOMPARE(w->currentId(), int(DeployWizard::TargetPageId));
    QCOMPARE(w->targetPage()->namespaceBox()->currentText(), QStringLiteral("default"));
    if (strategy == Strategy::RollingUpdate)
        screenshot(w, QStringLiteral("deploywizard-1-target.png"));
    QVERIFY(toParameters(w, strategy));
    widgets::ParametersPage *params = w->parametersPage();
    if (strategy == Strategy::BlueGreen) {
        QCOMPARE(params->activeServiceEdit()->text(), QStringLiteral("shop"));
        QCOMPARE(params->previewServiceEdit()->text(), QStringLiteral("shop-preview"));
        params->postPromotionEditor()->setChecked(true);
        params->autoPromoteBox()->setChecked(true);
    }
    if (strategy == Strategy::Canary)
        QCOMPARE(params->stableServiceEdit()->text(), QStringLiteral("shop"));
    QVERIFY(w->button(QWizard::NextButton)->isEnabled());
    screenshot(w, QStringLiteral("deploywizard-4-parameters-%1.png").arg(shot));
    clickNext(w);

    // 5. review: the YAML, "new", and Deploy
    QCOMPARE(w->currentId(), int(DeployWizard::ReviewPageId));
    widgets::ReviewPage *review = w->reviewPage();
    const QString yaml = review->yamlView()->toPlainText();
    QVERIFY2(yaml.contains(QStringLiteral("kind: Rollout")) && yaml.contains(QStringLiteral("kind: Service")), qPrintable(yaml));
    QVERIFY(review->diffView()->toPlainText().startsWith(QStringLiteral("New")));
    QVERIFY(review->specProblems().isEmpty());
    QVERIFY(review->trafficBox() && review->trafficBox()->isChecked());
    QCOMPARE(review->trafficRateBox()->value(), 50);
    QCOMPARE(w->button(QWizard::FinishButton)->text().remove(QLatin1Char('&')), QStringLiteral("Deploy"));
    QVERIFY(w->button(QWizard::FinishButton)->isEnabled());
    if (strategy == Strategy::Canary)
        screenshot(w, QStringLiteral("deploywizard-5-review.png"));
    QSignalSpy deployed(w, &DeployWizard::deployed);
    QPointer<DeployWizard> alive(w);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE(deployed.size(), 1);
    QCOMPARE(deployed[0][0].toString(), QStringLiteral("default"));
    QCOMPARE(deployed[0][1].toString(), QStringLiteral("shop"));
    QTRY_VERIFY(!alive); // closed (and deleted) once applied

    // in the sandbox's store, of the right strategy; Healthy after the clock moves on
    const auto ro = f.stored(std::string(engine::api::kind::Rollout), "shop");
    QVERIFY(ro);
    QVERIFY(ro->spec()["strategy"].contains(key.toStdString()));
    QVERIFY(f.stored(std::string(engine::api::kind::Service), service.toStdString()));
    QCOMPARE(f.window.currentPage(), MainWindow::Page::Rollouts);
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Healthy"); }));
    auto *selected = f.window.view(MainWindow::Page::Rollouts)->selectedObject().get();
    QVERIFY(selected && selected->metadata.name == "shop");
    // and the simulated requests asked for
    const double rate = f.backend.engine()
                            .call([service](engine::sandbox::Sandbox &sb) { return sb.traffic().rate("default", service.toStdString()); })
                            .get();
    QCOMPARE(rate, 50.0);
}

void tst_DeployWizard::validationShowsNextToTheField()
{
    Fixture f(61);
    QVERIFY(f.startWithImages());
    DeployWizard *w = f.openWizard();
    QVERIFY(w);
    auto *next = w->button(QWizard::NextButton);

    // a namespace that is no DNS label
    typeInto(w->targetPage()->namespaceBox()->lineEdit(), QStringLiteral("Team A"));
    QVERIFY(shows(w->targetPage(), Field::Namespace, QStringLiteral("Lower-case")));
    QVERIFY(!next->isEnabled());
    typeInto(w->targetPage()->namespaceBox()->lineEdit(), QStringLiteral("default"));
    QVERIFY(next->isEnabled());
    clickNext(w);

    // workload: a bad name, a bad quantity
    widgets::WorkloadPage *work = w->workloadPage();
    typeInto(work->imageBox()->lineEdit(), QStringLiteral("shop:v1"));
    QVERIFY(next->isEnabled());
    typeInto(work->nameEdit(), QStringLiteral("Shop_1"));
    QVERIFY(shows(work, Field::Name, QStringLiteral("DNS-1123")));
    QVERIFY(!next->isEnabled());
    typeInto(work->nameEdit(), QStringLiteral("shop"));
    QVERIFY(!work->errorLabel(Field::Name)->isVisible());
    QVERIFY(next->isEnabled());
    typeInto(work->cpuRequestEdit(), QStringLiteral("1.5cores"));
    QVERIFY(shows(work, Field::CpuRequest, QStringLiteral("quantity")));
    QVERIFY(!next->isEnabled());
    typeInto(work->cpuRequestEdit(), QStringLiteral("250m"));
    typeInto(work->memoryLimitEdit(), QStringLiteral("32Mi"));
    QVERIFY(shows(work, Field::MemoryLimit, QStringLiteral("below the request")));
    QVERIFY(!next->isEnabled());
    screenshot(w, QStringLiteral("deploywizard-2-workload-invalid.png"));
    typeInto(work->memoryLimitEdit(), QStringLiteral("256Mi"));
    work->readinessBox()->setChecked(true);
    QVERIFY(next->isEnabled());
    screenshot(w, QStringLiteral("deploywizard-2-workload.png"));
    clickNext(w);

    // strategy: arrow keys move the selection, visibly
    widgets::StrategyPage *strategy = w->strategyPage();
    QCOMPARE(strategy->selected(), Strategy::Canary);
    QTest::keyClick(strategy, Qt::Key_Left);
    QCOMPARE(strategy->selected(), Strategy::BlueGreen);
    QVERIFY(strategy->card(Strategy::BlueGreen)->isSelected() && !strategy->card(Strategy::Canary)->isSelected());
    screenshot(w, QStringLiteral("deploywizard-3-strategy.png"));
    // keys reach the page from the focused card too
    QVERIFY(strategy->card(Strategy::BlueGreen)->hasFocus());
    QTest::keyClick(strategy->card(Strategy::BlueGreen), Qt::Key_Right);
    QCOMPARE(strategy->selected(), Strategy::Canary);
    QVERIFY(strategy->card(Strategy::Canary)->hasFocus());
    clickNext(w);

    // canary: weights that fall; a max weight the steps never reach
    widgets::ParametersPage *params = w->parametersPage();
    typeInto(params->weightsEdit(), QStringLiteral("50, 20"));
    QVERIFY(shows(params, Field::Weights, QStringLiteral("only rise")));
    QVERIFY(!next->isEnabled());
    screenshot(w, QStringLiteral("deploywizard-4-parameters-canary-invalid.png"));
    typeInto(params->weightsEdit(), QStringLiteral("20, 50, 100"));
    QVERIFY(!params->errorLabel(Field::Weights)->isVisible());
    QVERIFY(next->isEnabled());
    params->stepWeightButton()->click();
    params->stepWeightBox()->setValue(20);
    params->maxWeightBox()->setValue(50);
    QVERIFY(shows(params, Field::MaxWeight, QStringLiteral("reach 20, 40 and never 50: Flagger would never promote")));
    QVERIFY(!next->isEnabled());
    screenshot(w, QStringLiteral("deploywizard-4-parameters-canary-flagger-invalid.png"));
    params->maxWeightBox()->setValue(60);
    QVERIFY(next->isEnabled());

    // rolling update: maxSurge 0 and maxUnavailable 0
    w->back();
    QTest::keyClick(strategy, Qt::Key_1);
    QCOMPARE(strategy->selected(), Strategy::RollingUpdate);
    clickNext(w);
    typeInto(params->maxSurgeEdit(), QStringLiteral("0"));
    typeInto(params->maxUnavailableEdit(), QStringLiteral("0"));
    QVERIFY(shows(params, Field::MaxUnavailable, QStringLiteral("both 0")));
    QVERIFY(!next->isEnabled());
    QVERIFY(params->promoteEstimate()->text().startsWith(QStringLiteral("—")));
    typeInto(params->maxUnavailableEdit(), QStringLiteral("25%"));
    QVERIFY(next->isEnabled());
    w->close();
}

void tst_DeployWizard::exportsParseBack()
{
    Fixture f(62);
    QVERIFY(f.startWithImages());
    DeployWizard *w = f.openWizard();
    QVERIFY(toParameters(w, Strategy::Canary));
    clickNext(w);
    QCOMPARE(w->currentId(), int(DeployWizard::ReviewPageId));
    using engine::rollout::ExportFormat;
    for (ExportFormat format : {ExportFormat::Kubernetes, ExportFormat::ArgoRollouts, ExportFormat::Flagger}) {
        const auto text = w->exportText(format);
        QVERIFY2(text.ok(), text.ok() ? "" : text.error().toString().c_str());
        const auto docs = engine::api::parseDocuments(*text);
        QVERIFY2(docs.ok(), text->c_str());
        QVERIFY(!docs->empty());
        // the button shows the same text, with Save…
        QTest::mouseClick(w->reviewPage()->exportButton(int(format)), Qt::LeftButton);
        QDialog *dialog = w->exportDialog();
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(dialog->findChild<QPlainTextEdit *>(QStringLiteral("exportText"))->toPlainText(), QString::fromStdString(*text));
        if (format == ExportFormat::ArgoRollouts) {
            dialog->resize(760, 560);
            screenshot(dialog, QStringLiteral("deploywizard-6-export-argo.png"));
        }
        dialog->close();
    }
    // plain Kubernetes applies to a fresh sandbox as it is
    {
        const auto text = w->exportText(ExportFormat::Kubernetes);
        auto fresh = testutil::openSandbox(63);
        const auto outcome = fresh->apply(*text, "export.yaml");
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : outcome.errors.front().toString().c_str());
        QVERIFY(fresh->store().get(engine::api::kind::Deployment, "default", "shop"));
        QVERIFY(fresh->store().get(engine::api::kind::Service, "default", "shop"));
    }
    // Flagger runs no rolling update: said on the review page
    w->back();
    w->back();
    QTest::keyClick(w->strategyPage(), Qt::Key_1);
    clickNext(w);
    clickNext(w);
    QCOMPARE(w->currentId(), int(DeployWizard::ReviewPageId));
    QTest::mouseClick(w->reviewPage()->exportButton(int(ExportFormat::Flagger)), Qt::LeftButton);
    QVERIFY(w->reviewPage()->exportStatus()->isVisible());
    QVERIFY2(w->reviewPage()->exportStatus()->text().contains(QStringLiteral("rolling")), qPrintable(w->reviewPage()->exportStatus()->text()));
    QVERIFY(w->exportText(ExportFormat::ArgoRollouts).ok());
    w->close();
}

void tst_DeployWizard::estimatesFollowTheParameters()
{
    Fixture f(64);
    QVERIFY(f.startWithImages());
    DeployWizard *w = f.openWizard();
    QVERIFY(toParameters(w, Strategy::Canary));
    widgets::ParametersPage *params = w->parametersPage();
    typeInto(params->weightsEdit(), QStringLiteral("50, 100"));
    params->canaryAnalysisEditor()->setChecked(false);
    params->pauseModeBox()->setCurrentIndex(params->pauseModeBox()->findData(int(DeployPlan::PauseMode::None)));
    const qint64 before = w->plan().estimate().promoteMs;
    const QString shown = params->promoteEstimate()->text();
    QCOMPARE(shown, DeployPlan::formatDuration(before));
    // a pause of 45 s between the steps: one pause (after 50 %)
    params->pauseModeBox()->setCurrentIndex(params->pauseModeBox()->findData(int(DeployPlan::PauseMode::Duration)));
    typeInto(params->pauseDurationEdit(), QStringLiteral("45s"));
    QCOMPARE(w->plan().estimate().promoteMs, before + 45'000);
    QCOMPARE(params->promoteEstimate()->text(), DeployPlan::formatDuration(before + 45'000));
    // an analysis after the weight adds its measurements × interval
    params->canaryAnalysisEditor()->setChecked(true);
    params->canaryAnalysisEditor()->countBox()->setValue(4);
    QCOMPARE(w->plan().estimate().promoteMs, before + 45'000 + 4 * 10'000);
    // capacity: half of the replicas at 50 %, in pods and from the requests
    QVERIFY2(params->capacityEstimate()->text().startsWith(QStringLiteral("+2 pod")), qPrintable(params->capacityEstimate()->text()));
    QVERIFY2(params->capacityEstimate()->text().contains(QStringLiteral("200m CPU")), qPrintable(params->capacityEstimate()->text()));
    typeInto(params->weightsEdit(), QStringLiteral("25, 100"));
    QVERIFY2(params->capacityEstimate()->text().startsWith(QStringLiteral("+1 pod")), qPrintable(params->capacityEstimate()->text()));
    // until promoted: said, not counted
    params->pauseModeBox()->setCurrentIndex(params->pauseModeBox()->findData(int(DeployPlan::PauseMode::UntilPromoted)));
    QVERIFY2(params->promoteEstimate()->text().contains(QStringLiteral("manual promotion")), qPrintable(params->promoteEstimate()->text()));

    // blue/green: rollback is instant within the scale-down delay; capacity doubles
    w->back();
    QTest::keyClick(w->strategyPage(), Qt::Key_2);
    clickNext(w);
    QVERIFY(params->rollbackEstimate()->text().startsWith(QStringLiteral("Instant")));
    QVERIFY(params->capacityEstimate()->text().startsWith(QStringLiteral("+4 pod")));
    params->prePromotionEditor()->setChecked(true);
    params->scaleDownDelayBox()->setValue(120);
    QVERIFY(params->rollbackEstimate()->text().contains(DeployPlan::formatDuration(120'000)));
    screenshot(w, QStringLiteral("deploywizard-4-parameters-bluegreen-analysis.png"));
    // rolling: a whole update back
    w->back();
    QTest::keyClick(w->strategyPage(), Qt::Key_1);
    clickNext(w);
    QVERIFY(params->rollbackEstimate()->text().contains(QStringLiteral("whole rolling update")));
    w->close();
}

void tst_DeployWizard::refusedApplyKeepsTheWizardOpen()
{
    // a real refusal: namespace "doomed" is being deleted (its pod takes its grace period; the clock is paused)
    Fixture f(77);
    QVERIFY(f.startWithImages());
    QVERIFY(f.apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: doomed}\n---\n"
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: doomed}\nspec:\n"
                    "  containers: [{name: c, image: 'nginx:1.25'}]\n"));
    f.advance(20'000);
    QVERIFY(f.backend.engine()
                .call([](engine::sandbox::Sandbox &sb) { return sb.remove(engine::api::kind::Namespace, {}, "doomed").ok(); })
                .get());
    DeployWizard *w = f.openWizard();
    QVERIFY(w);
    typeInto(w->targetPage()->namespaceBox()->lineEdit(), QStringLiteral("doomed"));
    QVERIFY(toParameters(w, Strategy::Canary));
    clickNext(w);
    QSignalSpy deployed(w, &DeployWizard::deployed);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(w->reviewPage()->problemsLabel()->isVisible());
    const QString problems = w->reviewPage()->problemsLabel()->text();
    QVERIFY2(problems.contains(QStringLiteral("deploy-wizard:")) && problems.contains(QStringLiteral("being terminated")),
             qPrintable(problems));
    QVERIFY(w->isVisible());
    QCOMPARE(w->currentId(), int(DeployWizard::ReviewPageId));
    QCOMPARE(deployed.size(), 0);
    QVERIFY(!f.backend.engine() // nothing half-applied
                 .call([](engine::sandbox::Sandbox &sb) { return sb.store().get(engine::api::kind::Service, "doomed", "shop"); })
                 .get());
    QVERIFY(w->button(QWizard::FinishButton)->isEnabled()); // may try again
    screenshot(w, QStringLiteral("deploywizard-5-review-failed.png"));
}

void tst_DeployWizard::secondVersionShowsTheDiff()
{
    Fixture f(65);
    QVERIFY(f.startWithImages());
    DeployWizard *w = f.openWizard();
    QVERIFY(toParameters(w, Strategy::Canary));
    clickNext(w);
    QSignalSpy deployed(w, &DeployWizard::deployed);
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE(deployed.size(), 1);
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Healthy"); }));

    // v2 through the wizard again: the existing Service is kept, the diff shows the new image
    w = f.openWizard();
    QVERIFY(toParameters(w, Strategy::Canary, QStringLiteral("shop:v2")));
    clickNext(w);
    const QString diff = w->reviewPage()->diffView()->toPlainText();
    QVERIFY2(diff.contains(QRegularExpression(QStringLiteral("\\n-.*image: shop:v1\\n\\+.*image: shop:v2\\n"))), qPrintable(diff));
    QVERIFY(!w->reviewPage()->yamlView()->toPlainText().contains(QStringLiteral("kind: Service")));
    w->reviewPage()->tabs()->setCurrentIndex(1);
    screenshot(w, QStringLiteral("deploywizard-5-review-diff.png"));
    QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_COMPARE(f.window.deployWizard(), static_cast<DeployWizard *>(nullptr));
    // the canary's first step: 10 % to v2, then a pause
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Paused"); }));
}

void tst_DeployWizard::plainObjectsRunByFlotilla()
{
    // what Flotilla does on a cluster without its Rollout kind, tried on the sandbox: Deployments per version,
    // weights as pod counts, the plan in a ConfigMap, listed and driven in Rollouts like a Rollout
    Fixture f(83);
    QVERIFY(f.startWithImages());
    const auto deployVersion = [&](const QString &image) {
        DeployWizard *w = f.openWizard();
        if (!w)
            return false;
        w->targetPage()->plainObjectsButton()->click();
        if (!toParameters(w, Strategy::Canary, image))
            return false;
        auto *p = w->parametersPage();
        // no metrics with plain objects: the analysis is off and refused if turned on
        if (p->canaryAnalysisEditor()->isChecked() || !p->splitByPodsBox()->isChecked() || p->splitByPodsBox()->isEnabled())
            return false;
        p->canaryAnalysisEditor()->setChecked(true);
        if (w->button(QWizard::NextButton)->isEnabled() || !shows(p, Field::CanaryAnalysis, QStringLiteral("request metrics")))
            return false;
        p->canaryAnalysisEditor()->setChecked(false);
        p->weightListButton()->click();
        typeInto(p->weightsEdit(), QStringLiteral("25, 100"));
        p->pauseModeBox()->setCurrentIndex(p->pauseModeBox()->findData(int(DeployPlan::PauseMode::UntilPromoted)));
        clickNext(w);
        if (!w->reviewPage()->yamlView()->toPlainText().contains(QStringLiteral("trafficSplit: Replicas")))
            return false;
        QSignalSpy deployed(w, &DeployWizard::deployed);
        QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
        return deployed.wait(5000);
    };
    QVERIFY(deployVersion(QStringLiteral("shop:v1")));
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Healthy"); }));
    QVERIFY(!f.stored(std::string(engine::api::kind::Rollout), "shop")); // no Rollout object: a plan
    QVERIFY(f.stored(std::string(engine::api::kind::ConfigMap), "shop.rollout"));

    QVERIFY(deployVersion(QStringLiteral("shop:v2")));
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Paused"); }));
    auto *m = f.window.rolloutModel();
    const int row = m->rowOf("default/shop");
    QVERIFY(m->index(row, 0).data(models::RolloutModel::ByReplicasRole).toBool());
    // once the stable version gave up its pod: a quarter of the pods
    QVERIFY(f.advanceUntil([&] { return m->index(row, models::RolloutModel::Weight).data().toString() == QStringLiteral("≈25 % (1 of 4 pods)"); }, 30));
    // Promote on the Rollout view goes to Flotilla's runner
    QVERIFY(f.window.view(MainWindow::Page::Rollouts)->selectKey(QStringLiteral("default/shop")));
    auto *promote = f.window.rolloutsPage()->rolloutView()->button(backends::Backend::RolloutAction::Promote);
    QTRY_VERIFY(promote->isEnabled());
    QTest::mouseClick(promote, Qt::LeftButton);
    QVERIFY(f.advanceUntil([&] { return f.phase(QStringLiteral("default/shop")) == QLatin1String("Healthy"); }));
    const auto plan = f.window.planRunner()->plan(QStringLiteral("default"), QStringLiteral("shop"));
    QVERIFY(plan);
    const std::string v2 = plan->status().value("stableRevision", "");
    QVERIFY(f.stored(std::string(engine::api::kind::Deployment), "shop-" + v2));
    screenshot(&f.window, QStringLiteral("rollouts-plain-objects.png"));
}

void tst_DeployWizard::realClusterRunsPlainObjects()
{
    // a window on a cluster reached through its Kubernetes API (the sandbox's own server, over TLS with a
    // token): no Rollout kind there, so the wizard runs the plan with plain objects, and Rollouts says how
    // the weights are approximated
    // the cluster: a sandbox behind its API, without a window (a window would run the plan too)
    struct Cluster {
        backends::SandboxBackend backend{[] {
            backends::SandboxBackend::Options opts;
            opts.inMemory = true;
            opts.mode = engine::ClockMode::Paused;
            opts.seed = 85;
            return opts;
        }()};
        void advance(engine::TimeMs ms)
        {
            backend.engine().call([ms](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + ms); }).wait();
        }
        engine::api::ObjectPtr stored(const std::string &kind, const std::string &name)
        {
            return backend.engine()
                .call([kind, name](engine::sandbox::Sandbox &sb) { return sb.store().get(kind, "default", name); })
                .get();
        }
    } cluster;
    QSignalSpy up(&cluster.backend, &backends::Backend::started);
    cluster.backend.start();
    QVERIFY(up.wait(10000));
    auto served = cluster.backend.engine().serveKubernetesApi();
    QVERIFY(served.ok());
    backends::ResolvedContext context;
    context.context = QStringLiteral("lab-cluster");
    context.server = QString::fromStdString(served->server);
    context.caPem = QByteArray::fromStdString(served->caCertPem);
    context.token = QString::fromStdString(served->token);
    context.ns = QStringLiteral("default");
    backends::KubeBackend kube(context);
    MainWindow window(&kube);
    window.resize(1400, 860);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy started(&kube, &backends::Backend::started);
    kube.start();
    QVERIFY(started.wait(10000));
    QVERIFY(window.windowTitle().contains(QStringLiteral("lab-cluster")));
    QTRY_VERIFY(window.nodeModel()->rowCount() == 3);

    const auto deploy = [&](const QString &image) {
        window.findChild<QAction *>(QStringLiteral("deployAction"))->trigger();
        DeployWizard *w = window.deployWizard();
        if (!w || !QTest::qWaitForWindowExposed(w))
            return false;
        // only plain objects on a real cluster
        if (w->targetPage()->rolloutKindButton()->isEnabled() || !w->targetPage()->plainObjectsButton()->isChecked())
            return false;
        if (!toParameters(w, Strategy::Canary, image))
            return false;
        auto *p = w->parametersPage();
        p->weightListButton()->click();
        typeInto(p->weightsEdit(), QStringLiteral("25, 100"));
        p->pauseModeBox()->setCurrentIndex(p->pauseModeBox()->findData(int(DeployPlan::PauseMode::UntilPromoted)));
        clickNext(w);
        if (w->reviewPage()->trafficBox()) // nothing to simulate on a real cluster
            return false;
        QSignalSpy deployed(w, &DeployWizard::deployed);
        QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
        return deployed.wait(10000);
    };
    const auto phase = [&] {
        const int row = window.rolloutModel()->rowOf("default/shop");
        return row < 0 ? QString() : window.rolloutModel()->index(row, 0).data(models::RolloutModel::PhaseRole).toString();
    };
    const auto until = [&](const std::function<bool()> &done) {
        for (int i = 0; i < 90 && !done(); ++i) {
            cluster.advance(1'000);
            QTest::qWait(60);
        }
        return done();
    };
    QVERIFY(deploy(QStringLiteral("shop:v1")));
    QVERIFY(until([&] { return phase() == QLatin1String("Healthy"); }));
    QVERIFY(cluster.stored(std::string(engine::api::kind::ConfigMap), "shop.rollout"));
    QVERIFY(!cluster.stored(std::string(engine::api::kind::Rollout), "shop"));
    QVERIFY(deploy(QStringLiteral("shop:v2")));
    QVERIFY(until([&] { return phase() == QLatin1String("Paused"); }));
    auto *m = window.rolloutModel();
    const auto weightCell = [&] { return m->index(m->rowOf("default/shop"), models::RolloutModel::Weight).data().toString(); };
    QVERIFY2(until([&] { return weightCell() == QStringLiteral("≈25 % (1 of 4 pods)"); }), qPrintable(weightCell()));
    QVERIFY(window.view(MainWindow::Page::Rollouts)->selectKey(QStringLiteral("default/shop")));
    auto *promote = window.rolloutsPage()->rolloutView()->button(backends::Backend::RolloutAction::Promote);
    QTRY_VERIFY(promote->isEnabled());
    screenshot(&window, QStringLiteral("rollouts-real-cluster.png"));
    QTest::mouseClick(promote, Qt::LeftButton);
    QVERIFY(until([&] { return phase() == QLatin1String("Healthy"); }));
    const auto plan = window.planRunner()->plan(QStringLiteral("default"), QStringLiteral("shop"));
    QVERIFY(plan);
    QVERIFY(cluster.stored(std::string(engine::api::kind::Deployment), "shop-" + plan->status().value("stableRevision", "")));
}

QTEST_MAIN(tst_DeployWizard)
#include "tst_deploywizard.moc"
