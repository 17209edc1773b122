#include "modeltestutil.h"

#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace flotilla;
using namespace flotilla::tests;
using models::PodModel;

namespace {
std::vector<engine::store::WatchEvent> many(int first, int count, const std::string &phase = "Pending")
{
    std::vector<engine::store::WatchEvent> evs;
    for (int i = first; i < first + count; ++i)
        evs.push_back(added(pod("p" + std::to_string(i), phase)));
    return evs;
}

using Range = QPair<int, int>;
QList<Range> ranges(const QSignalSpy &spy)
{
    QList<Range> out;
    for (const auto &args : spy)
        out << Range(args.at(1).toInt(), args.at(2).toInt());
    return out;
}
} // namespace

class tst_PodModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void insertsAreOneRange();
    void updatesAreNarrow();
    void removesAreContiguousRanges();
    void batchIsCoalesced();
    void displayLikeKubectl();
    void otherKindsAreIgnored();
    void neverResets();
    void runningCount();

private:
    PodModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void tst_PodModel::init()
{
    m_model = new PodModel;
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_PodModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

void tst_PodModel::insertsAreOneRange()
{
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    m_model->applyEvents(many(0, 10));
    QCOMPARE(ranges(inserted), QList<Range>{Range(0, 9)});
    m_model->applyEvents(many(10, 5));
    QCOMPARE(ranges(inserted).last(), Range(10, 14));
    QCOMPARE(m_model->rowCount(), 15);
    QCOMPARE(m_model->rowOf("default/p12"), 12);
}

void tst_PodModel::updatesAreNarrow()
{
    m_model->applyEvents(many(0, 10));
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    m_model->applyEvents(batch({modified(pod("p3", "Running")), modified(pod("p4", "Running")), modified(pod("p8", "Running"))}));
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(changed.count(), 2); // rows 3-4 and row 8
    QCOMPARE(changed[0][0].toModelIndex().row(), 3);
    QCOMPARE(changed[0][1].toModelIndex().row(), 4);
    QCOMPARE(changed[1][0].toModelIndex().row(), 8);
    QCOMPARE(changed[1][1].toModelIndex().row(), 8);
    QCOMPARE(m_model->index(3, PodModel::Status).data().toString(), QStringLiteral("Running"));
    QCOMPARE(m_model->index(2, PodModel::Status).data().toString(), QStringLiteral("Pending"));
}

void tst_PodModel::removesAreContiguousRanges()
{
    m_model->applyEvents(many(0, 10));
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    m_model->applyEvents(batch({deleted(pod("p2")), deleted(pod("p3")), deleted(pod("p4")), deleted(pod("p7")), deleted(pod("nope"))}));
    // Bottom first, so that earlier ranges stay valid.
    QCOMPARE(ranges(removed), (QList<Range>{Range(7, 7), Range(2, 4)}));
    QCOMPARE(m_model->rowCount(), 6);
    // The id -> row index follows the moved rows.
    for (int r = 0; r < m_model->rowCount(); ++r)
        QCOMPARE(m_model->rowOf(m_model->objectAt(r)->key()), r);
    QCOMPARE(m_model->rowOf("default/p3"), -1);
}

void tst_PodModel::batchIsCoalesced()
{
    m_model->applyEvents(many(0, 3));
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    // Created and changed in one batch: one insert with the last state. Created and deleted: nothing.
    m_model->applyEvents(batch({added(pod("n")), modified(pod("n", "Running")), added(pod("brief")), deleted(pod("brief")),
                          modified(pod("p1", "Running")), modified(pod("p1", "Terminating"))}));
    QCOMPARE(ranges(inserted), QList<Range>{Range(3, 3)});
    QCOMPARE(removed.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(m_model->index(3, PodModel::Status).data().toString(), QStringLiteral("Running"));
    QCOMPARE(m_model->rowCount(), 4);
}

void tst_PodModel::displayLikeKubectl()
{
    auto p = std::make_shared<engine::api::Object>(*pod("web", "Pending", "worker-1"));
    p->body["status"]["containerStatuses"] = {{{"name", "c"}, {"ready", false}, {"restartCount", 2}, {"state", {{"waiting", {{"reason", "ContainerCreating"}}}}}}};
    p->body["status"]["podIP"] = "10.244.1.5";
    m_model->setNow(1'800'000'000'000 + 65'000);
    m_model->applyEvents(batch({added(p)}));
    QCOMPARE(m_model->index(0, PodModel::Name).data().toString(), QStringLiteral("web"));
    QCOMPARE(m_model->index(0, PodModel::Ready).data().toString(), QStringLiteral("0/1"));
    QCOMPARE(m_model->index(0, PodModel::Status).data().toString(), QStringLiteral("ContainerCreating"));
    QCOMPARE(m_model->index(0, PodModel::Restarts).data().toString(), QStringLiteral("2"));
    QCOMPARE(m_model->index(0, PodModel::Restarts).data(models::SortRole).toInt(), 2);
    QCOMPARE(m_model->index(0, PodModel::Age).data().toString(), QStringLiteral("65s"));
    QCOMPARE(m_model->index(0, PodModel::Node).data().toString(), QStringLiteral("worker-1"));
    QCOMPARE(m_model->index(0, PodModel::IP).data().toString(), QStringLiteral("10.244.1.5"));
    QCOMPARE(m_model->index(0, PodModel::Image).data().toString(), QStringLiteral("nginx"));
    QCOMPARE(m_model->index(0, 0).data(models::KeyRole).toString(), QStringLiteral("default/web"));
    QVERIFY(m_model->index(0, 0).data(models::ObjectRole).value<engine::api::ObjectPtr>() == p);
    auto terminating = std::make_shared<engine::api::Object>(*p);
    terminating->metadata.deletionTimestamp = 1'800'000'100'000;
    m_model->applyEvents(batch({modified(terminating)}));
    QCOMPARE(m_model->index(0, PodModel::Status).data().toString(), QStringLiteral("Terminating"));
}

void tst_PodModel::otherKindsAreIgnored()
{
    auto node = std::make_shared<engine::api::Object>();
    node->kind = "Node";
    node->metadata.name = "n";
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    m_model->applyEvents(batch({added(node)}));
    QCOMPARE(inserted.count(), 0);
}

void tst_PodModel::neverResets()
{
    QSignalSpy resets(m_model, &QAbstractItemModel::modelAboutToBeReset);
    m_model->applyEvents(many(0, 100));
    std::vector<engine::store::WatchEvent> evs;
    for (int i = 0; i < 100; i += 3)
        evs.push_back(modified(pod("p" + std::to_string(i), "Running")));
    for (int i = 1; i < 100; i += 7)
        evs.push_back(deleted(pod("p" + std::to_string(i))));
    for (int i = 100; i < 120; ++i)
        evs.push_back(added(pod("p" + std::to_string(i))));
    m_model->applyEvents(evs);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(m_model->rowCount(), 100 - 15 + 20);
}

void tst_PodModel::runningCount()
{
    m_model->applyEvents(many(0, 5, "Running"));
    QCOMPARE(m_model->runningCount(), 5);
    m_model->applyEvents(batch({modified(pod("p0", "Pending")), deleted(pod("p1"))}));
    QCOMPARE(m_model->runningCount(), 3);
    m_model->clear();
    QCOMPARE(m_model->runningCount(), 0);
    QCOMPARE(m_model->rowCount(), 0);
}

QTEST_GUILESS_MAIN(tst_PodModel)
#include "tst_podmodel.moc"
