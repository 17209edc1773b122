// ReplicaSetModel, ConfigMapModel, SecretModel and the pod phase counts, fed by a real sandbox whose
// clock the test drives; every model under QAbstractItemModelTester.
#include <engine/api/kinds.h>
#include <engine/api/workloads.h>
#include <engine/sandbox/sandbox.h>
#include <models/configmapmodel.h>
#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>
#include <models/podphasehistory.h>
#include <models/replicasetmodel.h>
#include <models/secretmodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace flotilla;
namespace api = engine::api;

namespace {
std::string deployment(const std::string &image, int replicas = 3)
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: " + std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
           "    spec: {containers: [{name: web, image: '" + image + "'}]}\n";
}

const char *kSecret = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\n"
                      "data: {password: aHVudGVyMi1zZWNyZXQ=}\nstringData: {token: tok-7f3a9c}\n";

/// Every value a model answers for a row, as text, over all columns and many roles.
QString everything(const QAbstractItemModel &m, int row)
{
    QString out;
    for (int c = 0; c < m.columnCount(); ++c)
        for (int role = 0; role < Qt::UserRole + 300; ++role) {
            const QVariant v = m.index(row, c).data(role);
            if (v.canConvert<api::ObjectPtr>() && v.value<api::ObjectPtr>())
                out += QString::fromStdString(api::objectToJson(*v.value<api::ObjectPtr>()).dump());
            else if (v.typeId() == QMetaType::QVariantMap)
                for (const auto &x : v.toMap())
                    out += x.toString();
            else if (v.typeId() == QMetaType::QStringList)
                out += v.toStringList().join(QLatin1Char(' '));
            else
                out += v.toString();
        }
    return out;
}
} // namespace

class tst_ResourceModels : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void replicaSetsShowTheirDeploymentAndRevision();
    void configMapsCountTheirKeys();
    void secretValuesAreInNoRoleUntilRevealed();
    void podPhasesAreCountedAsRowsChange();
    void phaseHistorySamplesOnTheSimulatedClock();

private:
    void runFor(engine::TimeMs ms);
    void deliver();

    std::unique_ptr<engine::sandbox::Sandbox> m_sb;
    std::vector<engine::store::WatchEvent> m_pending;
    models::ReplicaSetModel *m_replicaSets = nullptr;
    models::ConfigMapModel *m_configMaps = nullptr;
    models::SecretModel *m_secrets = nullptr;
    models::PodModel *m_pods = nullptr;
    QList<QObject *> m_owned;
};

void tst_ResourceModels::init()
{
    engine::sandbox::SandboxOptions opts;
    opts.seed = 9;
    auto sb = engine::sandbox::Sandbox::open(opts);
    QVERIFY(sb.ok());
    m_sb = std::move(sb.value());
    engine::store::WatchOptions w;
    w.initialList = true;
    QVERIFY(m_sb->store()
                .watch(w, [this](std::span<const engine::store::WatchEvent> evs) { m_pending.insert(m_pending.end(), evs.begin(), evs.end()); })
                .ok());
    m_replicaSets = new models::ReplicaSetModel;
    m_configMaps = new models::ConfigMapModel;
    m_secrets = new models::SecretModel;
    m_pods = new models::PodModel;
    for (models::ObjectTableModel *m : {static_cast<models::ObjectTableModel *>(m_replicaSets),
                                        static_cast<models::ObjectTableModel *>(m_configMaps),
                                        static_cast<models::ObjectTableModel *>(m_secrets),
                                        static_cast<models::ObjectTableModel *>(m_pods)}) {
        auto *proxy = new models::ObjectFilterProxyModel;
        proxy->setSourceModel(m);
        proxy->sort(0);
        m_owned << new QAbstractItemModelTester(m, QAbstractItemModelTester::FailureReportingMode::QtTest)
                << new QAbstractItemModelTester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest) << proxy << m;
    }
    (void)m_sb->flush();
    deliver();
}

void tst_ResourceModels::cleanup()
{
    while (!m_owned.isEmpty())
        delete m_owned.takeFirst(); // testers and proxies before their models
    m_sb.reset();
    m_pending.clear();
}

void tst_ResourceModels::deliver()
{
    const auto events = std::move(m_pending);
    m_pending.clear();
    for (models::ObjectTableModel *m : {static_cast<models::ObjectTableModel *>(m_replicaSets),
                                        static_cast<models::ObjectTableModel *>(m_configMaps),
                                        static_cast<models::ObjectTableModel *>(m_secrets),
                                        static_cast<models::ObjectTableModel *>(m_pods)}) {
        m->applyEvents(events);
        m->setNow(m_sb->sim().now());
    }
}

void tst_ResourceModels::runFor(engine::TimeMs ms)
{
    m_sb->advanceTo(m_sb->sim().now() + ms);
    deliver();
}

void tst_ResourceModels::replicaSetsShowTheirDeploymentAndRevision()
{
    QVERIFY(m_sb->apply(deployment("nginx:1.25")).ok());
    runFor(20'000);
    QCOMPARE(m_replicaSets->rowCount(), 1);
    using C = models::ReplicaSetModel;
    auto cell = [&](int row, int column) { return m_replicaSets->index(row, column).data().toString(); };
    QVERIFY(cell(0, C::Name).startsWith(QStringLiteral("web-")));
    QCOMPARE(cell(0, C::Namespace), QStringLiteral("default"));
    QCOMPARE(cell(0, C::Desired), QStringLiteral("3"));
    QCOMPARE(cell(0, C::Current), QStringLiteral("3"));
    QCOMPARE(cell(0, C::Ready), QStringLiteral("3"));
    QCOMPARE(cell(0, C::Owner), QStringLiteral("web"));
    QCOMPARE(cell(0, C::Revision), QStringLiteral("1"));
    QCOMPARE(cell(0, C::Images), QStringLiteral("nginx:1.25"));
    QCOMPARE(m_replicaSets->index(0, 0).data(C::OwnerRole).toString(), QStringLiteral("web"));

    QSignalSpy resets(m_replicaSets, &QAbstractItemModel::modelReset);
    QVERIFY(m_sb->apply(deployment("nginx:1.26")).ok());
    runFor(90'000);
    QCOMPARE(m_replicaSets->rowCount(), 2);
    QCOMPARE(resets.count(), 0);
    for (int r = 0; r < 2; ++r) {
        const qint64 revision = m_replicaSets->index(r, 0).data(C::RevisionRole).toLongLong();
        QCOMPARE(cell(r, C::Desired), revision == 2 ? QStringLiteral("3") : QStringLiteral("0"));
        QCOMPARE(cell(r, C::Images), revision == 2 ? QStringLiteral("nginx:1.26") : QStringLiteral("nginx:1.25"));
    }
    // a ReplicaSet of its own: no Deployment
    QVERIFY(m_sb->apply("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: solo}\nspec:\n  replicas: 1\n"
                        "  selector: {matchLabels: {app: solo}}\n  template:\n    metadata: {labels: {app: solo}}\n"
                        "    spec: {containers: [{name: c, image: 'nginx:1.25'}]}\n")
                .ok());
    runFor(1'000);
    const int solo = m_replicaSets->rowOf("default/solo");
    QVERIFY(solo >= 0);
    QCOMPARE(cell(solo, C::Owner), QStringLiteral("—"));
    QCOMPARE(cell(solo, C::Revision), QStringLiteral("—"));
}

void tst_ResourceModels::configMapsCountTheirKeys()
{
    QVERIFY(m_sb->apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                        "data: {app.properties: 'color=blue', LOG_LEVEL: debug}\nbinaryData: {logo.png: iVBORw0KGgo=}\n")
                .ok());
    runFor(100);
    const int row = m_configMaps->rowOf("default/settings");
    QVERIFY(row >= 0);
    QCOMPARE(m_configMaps->index(row, models::ConfigMapModel::Keys).data().toString(), QStringLiteral("3"));
    QCOMPARE(m_configMaps->index(row, 0).data(models::ConfigMapModel::KeyNamesRole).toStringList(),
             (QStringList{"LOG_LEVEL", "app.properties", "logo.png"}));
    QCOMPARE(m_configMaps->index(row, models::ConfigMapModel::Name).data().toString(), QStringLiteral("settings"));
    QVERIFY(!m_configMaps->index(row, models::ConfigMapModel::Age).data().toString().isEmpty());
    QVERIFY(m_sb->remove(api::kind::ConfigMap, "default", "settings").ok());
    deliver();
    QCOMPARE(m_configMaps->rowOf("default/settings"), -1);
}

void tst_ResourceModels::secretValuesAreInNoRoleUntilRevealed()
{
    QVERIFY(m_sb->apply(kSecret).ok());
    runFor(100);
    const int row = m_secrets->rowOf("default/db");
    QVERIFY(row >= 0);
    using C = models::SecretModel;
    QCOMPARE(m_secrets->index(row, C::Type).data().toString(), QStringLiteral("Opaque"));
    QCOMPARE(m_secrets->index(row, C::Keys).data().toString(), QStringLiteral("2"));
    QCOMPARE(m_secrets->index(row, 0).data(C::KeyNamesRole).toStringList(), (QStringList{"password", "token"}));
    QVERIFY(!m_secrets->index(row, 0).data(C::RevealedRole).toBool());

    const QString masked = everything(*m_secrets, row);
    for (const char *value : {"hunter2-secret", "aHVudGVyMi1zZWNyZXQ=", "tok-7f3a9c", "dG9rLTdmM2E5Yw=="})
        QVERIFY2(!masked.contains(QLatin1String(value)), value);
    QVERIFY(masked.contains(models::SecretModel::mask()));
    const auto shown = m_secrets->index(row, 0).data(models::ObjectRole).value<api::ObjectPtr>();
    QVERIFY(shown);
    QCOMPARE(api::stringField(api::field(shown->body, "data"), "password"), models::SecretModel::mask().toStdString());

    QSignalSpy changed(m_secrets, &QAbstractItemModel::dataChanged);
    QSignalSpy resets(m_secrets, &QAbstractItemModel::modelReset);
    m_secrets->setRevealed(QStringLiteral("default/db"), true);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(resets.count(), 0);
    const QVariantMap values = m_secrets->index(row, 0).data(C::ValuesRole).toMap();
    QCOMPARE(values.value(QStringLiteral("password")).toString(), QStringLiteral("hunter2-secret"));
    QCOMPARE(values.value(QStringLiteral("token")).toString(), QStringLiteral("tok-7f3a9c"));
    QVERIFY(m_secrets->index(row, 0).data(models::ObjectRole).value<api::ObjectPtr>() == m_secrets->objectAt(row));

    // an update keeps it revealed; masking again hides it
    QVERIFY(m_sb->apply(std::string(kSecret) + "immutable: false\n").ok());
    runFor(100);
    QVERIFY(m_secrets->isRevealed(QStringLiteral("default/db")));
    m_secrets->maskAll();
    QVERIFY(!everything(*m_secrets, m_secrets->rowOf("default/db")).contains(QLatin1String("hunter2-secret")));

    // made again after a deletion, it starts masked
    m_secrets->setRevealed(QStringLiteral("default/db"), true);
    QVERIFY(m_sb->remove(api::kind::Secret, "default", "db").ok());
    deliver();
    QVERIFY(!m_secrets->isRevealed(QStringLiteral("default/db")));
    QVERIFY(m_sb->apply(kSecret).ok());
    runFor(100);
    QVERIFY(!everything(*m_secrets, m_secrets->rowOf("default/db")).contains(QLatin1String("hunter2-secret")));
}

void tst_ResourceModels::podPhasesAreCountedAsRowsChange()
{
    using P = models::PodModel;
    auto walk = [&](P::Phase phase) {
        int n = 0;
        for (int r = 0; r < m_pods->rowCount(); ++r) {
            const auto o = m_pods->objectAt(r);
            const std::string ph = api::stringField(o->status(), "phase", "Pending");
            const P::Phase p = o->metadata.deletionTimestamp ? P::Terminating
                               : ph == "Running"             ? P::Running
                               : ph == "Pending"             ? P::Pending
                               : ph == "Succeeded"           ? P::Succeeded
                               : ph == "Failed"              ? P::Failed
                                                             : P::Unknown;
            n += p == phase;
        }
        return n;
    };
    auto check = [&] {
        int total = 0;
        for (int p = 0; p < P::PhaseCount; ++p) {
            QCOMPARE(m_pods->phaseCount(P::Phase(p)), walk(P::Phase(p)));
            total += m_pods->phaseCount(P::Phase(p));
        }
        QCOMPARE(total, m_pods->rowCount());
    };
    check();
    QVERIFY(m_sb->apply(deployment("nginx:1.25", 6)).ok());
    runFor(300);
    check();
    QVERIFY(m_pods->phaseCount(P::Pending) >= 6);
    runFor(20'000);
    check();
    QCOMPARE(m_pods->phaseCount(P::Pending), 0);
    QVERIFY(m_sb->remove(api::kind::Deployment, "default", "web").ok());
    deliver();
    check();
    QCOMPARE(m_pods->phaseCount(P::Terminating), 6);
    runFor(20'000);
    check();
    QCOMPARE(m_pods->phaseCount(P::Terminating), 0);
}

void tst_ResourceModels::phaseHistorySamplesOnTheSimulatedClock()
{
    models::PodPhaseHistory history(m_pods);
    history.setInterval(1000);
    history.setCapacity(5);
    QSignalSpy added(&history, &models::PodPhaseHistory::sampleAdded);
    const engine::TimeMs t0 = m_sb->sim().now();
    history.sample(t0);
    history.sample(t0 + 400); // within the interval: no sample
    QCOMPARE(added.count(), 1);
    QVERIFY(m_sb->apply(deployment("nginx:1.25", 4)).ok());
    runFor(20'000);
    history.sample(m_sb->sim().now());
    QCOMPARE(added.count(), 2);
    QCOMPARE(history.samples().back().counts[models::PodModel::Running], m_pods->phaseCount(models::PodModel::Running));
    QVERIFY(history.samples().back().counts[models::PodModel::Running] >= 4);
    for (int i = 1; i <= 10; ++i)
        history.sample(m_sb->sim().now() + i * 1000);
    QCOMPARE(int(history.samples().size()), 5); // the oldest are dropped
    QSignalSpy cleared(&history, &models::PodPhaseHistory::cleared);
    history.sample(t0 - 5000); // another sandbox, another clock
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(int(history.samples().size()), 1);
}

QTEST_GUILESS_MAIN(tst_ResourceModels)
#include "tst_resourcemodels.moc"
