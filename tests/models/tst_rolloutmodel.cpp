// RolloutModel fed by a real sandbox whose clock the test drives: a canary Rollout from its first
// version through a paused step, promoted, and aborted; under QAbstractItemModelTester, with its proxy.
#include "../engine/sandboxtestutil.h"

#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>
#include <models/objectfilterproxymodel.h>
#include <models/rolloutmodel.h>

#include <QAbstractItemModelTester>
#include <QColor>
#include <QtTest>

using namespace flotilla;
using models::RolloutModel;
using Action = engine::rollout::RolloutController::Action;

namespace {
const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

std::string rollout(const std::string &image, int replicas = 4, const std::string &split = {})
{
    return "apiVersion: flotilla.dev/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  replicas: " +
           std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: '" + image + "'\n"
           "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n"
           "  strategy:\n    canary:\n      stableService: web\n" + (split.empty() ? "" : "      trafficSplit: " + split + "\n") +
           "      steps:\n      - setWeight: 25\n      - pause: {}\n      - setWeight: 50\n      - pause: {duration: 10s}\n";
}
} // namespace

class tst_RolloutModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void headersAreMarkedAndSized();
    void canaryStepsWeightAndVersions();
    void abortedRolloutIsDegraded();
    void deletedRolloutLeavesTheTable();
    void weightByPodCountSaysSo();

private:
    void runFor(engine::TimeMs ms);
    void deliver();
    QString cell(int column) const { return m_model->index(m_model->rowOf("default/web"), column).data().toString(); }
    QVariant value(int role, int column = 0) const { return m_model->index(m_model->rowOf("default/web"), column).data(role); }

    std::unique_ptr<engine::sandbox::Sandbox> m_sb;
    std::vector<engine::store::WatchEvent> m_pending;
    RolloutModel *m_model = nullptr;
    QList<QObject *> m_owned;
};

void tst_RolloutModel::init()
{
    m_sb = testutil::openSandbox(21);
    engine::store::WatchOptions w;
    w.initialList = true;
    QVERIFY(m_sb->store()
                .watch(w, [this](std::span<const engine::store::WatchEvent> evs) { m_pending.insert(m_pending.end(), evs.begin(), evs.end()); })
                .ok());
    m_model = new RolloutModel;
    auto *proxy = new models::ObjectFilterProxyModel;
    proxy->setSourceModel(m_model);
    proxy->sort(RolloutModel::Phase);
    m_owned << new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest)
            << new QAbstractItemModelTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest) << proxy << m_model;
    (void)m_sb->flush();
    deliver();
}

void tst_RolloutModel::cleanup()
{
    while (!m_owned.isEmpty())
        delete m_owned.takeFirst(); // testers and proxy before the model
    m_sb.reset();
    m_pending.clear();
}

void tst_RolloutModel::deliver()
{
    const auto events = std::move(m_pending);
    m_pending.clear();
    m_model->applyEvents(events);
    m_model->setNow(m_sb->sim().now());
}

void tst_RolloutModel::runFor(engine::TimeMs ms)
{
    m_sb->advanceTo(m_sb->sim().now() + ms);
    (void)m_sb->flush();
    deliver();
}

void tst_RolloutModel::headersAreMarkedAndSized()
{
    QCOMPARE(m_model->columnCount(), int(RolloutModel::ColumnCount));
    const QStringList titles = {"Name", "Namespace", "Strategy", "Phase", "Step", "Canary weight", "Stable", "Canary", "Message", "Age"};
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QCOMPARE(m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString(), titles.at(c));
        QVERIFY2(!m_model->headerData(c, Qt::Horizontal, models::TypicalTextRole).toString().isEmpty(), qPrintable(titles.at(c)));
    }
    for (int c : {RolloutModel::Strategy, RolloutModel::Phase, RolloutModel::Step, RolloutModel::Weight, RolloutModel::Stable,
                  RolloutModel::Canary})
        QVERIFY2(!m_model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(), qPrintable(titles.at(c)));
}

void tst_RolloutModel::canaryStepsWeightAndVersions()
{
    QVERIFY(m_sb->apply(kService).ok());
    QVERIFY(m_sb->apply(rollout("nginx:1.25")).ok());
    deliver();
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(cell(RolloutModel::Name), QStringLiteral("web"));
    QCOMPARE(cell(RolloutModel::Namespace), QStringLiteral("default"));
    QCOMPARE(cell(RolloutModel::Strategy), QStringLiteral("Canary")); // from the spec before the controller looks

    runFor(60'000);
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Healthy"));
    QCOMPARE(cell(RolloutModel::Phase), QStringLiteral("Healthy"));
    QCOMPARE(value(Qt::DecorationRole, RolloutModel::Phase).value<QColor>(), RolloutModel::phaseColor(QStringLiteral("Healthy")));
    const QString v1 = value(RolloutModel::StableRevisionRole).toString();
    QVERIFY(!v1.isEmpty());
    QCOMPARE(cell(RolloutModel::Stable), QStringLiteral("%1 (4 ready)").arg(v1));
    QCOMPARE(cell(RolloutModel::Canary), QStringLiteral("—"));
    QCOMPARE(cell(RolloutModel::Step), QStringLiteral("—"));
    QCOMPARE(cell(RolloutModel::Weight), QStringLiteral("—"));
    QVERIFY(cell(RolloutModel::Message).contains(v1));
    QVERIFY(!cell(RolloutModel::Age).isEmpty());

    // a new template: the canary gets 25 % and waits at step 2 of 4 until promoted; no reset on the way
    QSignalSpy resets(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QVERIFY(m_sb->apply(rollout("nginx:1.26")).ok());
    runFor(30'000);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Paused"));
    QVERIFY(value(RolloutModel::InProgressRole).toBool());
    const QString v2 = value(RolloutModel::UpdatedRevisionRole).toString();
    QVERIFY(!v2.isEmpty() && v2 != v1);
    QCOMPARE(cell(RolloutModel::Step), QStringLiteral("2/4"));
    QCOMPARE(value(RolloutModel::StepIndexRole).toInt(), 1);
    QCOMPARE(value(RolloutModel::StepCountRole).toInt(), 4);
    QCOMPARE(cell(RolloutModel::Weight), QStringLiteral("25 %"));
    QCOMPARE(value(RolloutModel::WeightRole).toInt(), 25);
    QCOMPARE(cell(RolloutModel::Stable), QStringLiteral("%1 (4 ready)").arg(v1));
    QCOMPARE(cell(RolloutModel::Canary), QStringLiteral("%1 (1 ready)").arg(v2));
    QVERIFY2(cell(RolloutModel::Message).contains(QLatin1String("paused until promoted")), qPrintable(cell(RolloutModel::Message)));
    QCOMPARE(value(Qt::ToolTipRole, RolloutModel::Phase).toString(), cell(RolloutModel::Message));
    QCOMPARE(value(Qt::DecorationRole, RolloutModel::Phase).value<QColor>(), RolloutModel::phaseColor(QStringLiteral("Paused")));
    QCOMPARE(value(models::SortRole, RolloutModel::Weight).toInt(), 25);
    QCOMPARE(resets.count(), 0);
    QVERIFY(changed.count() > 0);

    // promoted: 50 %, a timed pause, then the new version is stable
    QVERIFY(m_sb->rollouts().act("default", "web", Action::Promote).ok());
    // step 3 waits for two canary replicas to be ready, then sets the weight
    for (int i = 0; i < 60 && value(RolloutModel::WeightRole).toInt() != 50; ++i)
        runFor(1'000);
    QCOMPARE(cell(RolloutModel::Weight), QStringLiteral("50 %"));
    QCOMPARE(cell(RolloutModel::Step), QStringLiteral("4/4"));
    runFor(90'000);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Healthy"));
    QCOMPARE(value(RolloutModel::StableRevisionRole).toString(), v2);
    QCOMPARE(cell(RolloutModel::Stable), QStringLiteral("%1 (4 ready)").arg(v2));
    QCOMPARE(cell(RolloutModel::Canary), QStringLiteral("—"));
    QCOMPARE(resets.count(), 0);
}

void tst_RolloutModel::abortedRolloutIsDegraded()
{
    QVERIFY(m_sb->apply(kService).ok());
    QVERIFY(m_sb->apply(rollout("nginx:1.25")).ok());
    runFor(60'000);
    QVERIFY(m_sb->apply(rollout("nginx:1.26")).ok());
    runFor(30'000);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Paused"));
    // paused by hand: the phase says so until resumed
    QVERIFY(m_sb->rollouts().act("default", "web", Action::Pause).ok());
    runFor(1'000);
    QCOMPARE(cell(RolloutModel::Phase), QStringLiteral("Paused by hand"));
    QVERIFY(m_sb->rollouts().act("default", "web", Action::Resume).ok());
    runFor(1'000);
    QCOMPARE(cell(RolloutModel::Phase), QStringLiteral("Paused"));
    QVERIFY(m_sb->rollouts().act("default", "web", Action::Abort).ok());
    runFor(5'000);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Degraded"));
    QVERIFY(value(RolloutModel::AbortedRole).toBool());
    QCOMPARE(cell(RolloutModel::Phase), QStringLiteral("Degraded"));
    QCOMPARE(cell(RolloutModel::Weight), QStringLiteral("0 %"));
    QCOMPARE(value(Qt::DecorationRole, RolloutModel::Phase).value<QColor>(), RolloutModel::phaseColor(QStringLiteral("Degraded")));
    QVERIFY2(cell(RolloutModel::Message).contains(QLatin1String("aborted")), qPrintable(cell(RolloutModel::Message)));
    // nothing to promote on an aborted rollout: the engine says why
    const auto promoted = m_sb->rollouts().act("default", "web", Action::Promote);
    QVERIFY(!promoted.ok());
    QVERIFY(QString::fromStdString(promoted.error().message).contains(QLatin1String("retry")));
}

void tst_RolloutModel::deletedRolloutLeavesTheTable()
{
    QVERIFY(m_sb->apply(rollout("nginx:1.25", 2)).ok());
    runFor(20'000);
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY(m_sb->remove(engine::api::kind::Rollout, "default", "web").ok());
    runFor(1'000);
    QCOMPARE(m_model->rowCount(), 0);
}

void tst_RolloutModel::weightByPodCountSaysSo()
{
    QVERIFY(m_sb->apply(kService).ok());
    QVERIFY(m_sb->apply(rollout("nginx:1.25", 3, "Replicas")).ok());
    runFor(60'000);
    QVERIFY(m_sb->apply(rollout("nginx:1.26", 3, "Replicas")).ok());
    runFor(30'000);
    QCOMPARE(value(RolloutModel::PhaseRole).toString(), QStringLiteral("Paused"));
    QVERIFY(value(RolloutModel::ByReplicasRole).toBool());
    QCOMPARE(value(RolloutModel::WeightRole).toInt(), 25);
    // 25 % of 3 replicas is one pod: a third of the requests, and the cell says so
    QCOMPARE(cell(RolloutModel::Weight), QStringLiteral("≈33 % (1 of 3 pods)"));
    QVERIFY(value(Qt::ToolTipRole, RolloutModel::Weight).toString().contains(QStringLiteral("Asked for 25 %")));
}

QTEST_GUILESS_MAIN(tst_RolloutModel)
#include "tst_rolloutmodel.moc"
