#include "modeltestutil.h"

#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

#include <map>
#include <random>

using namespace flotilla;
using namespace flotilla::tests;

class tst_ObjectFilterProxyModel : public QObject {
    Q_OBJECT
private slots:
    void filterWords_data();
    void filterWords();
    void namespaceFilter();
    void sortsBySortRole();
    void followsLiveChanges();
    void randomBatchesMatchReference_data();
    void randomBatchesMatchReference();
    void persistentIndexesFollowTheirRows();
    void oneLayoutChangePerBatch();
    void inPlaceChangesAreDataChanged();
};

namespace {
void fill(models::PodModel &m)
{
    m.applyEvents(batch({added(pod("web-1", "Running", "worker-1")), added(pod("web-2", "Pending", "worker-2")),
                   added(pod("db-1", "Running", "worker-2", "shop")), added(pod("cache", "Running", "worker-1", "shop"))}));
}
} // namespace

void tst_ObjectFilterProxyModel::filterWords_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("none") << "" << 4;
    QTest::newRow("name prefix") << "web" << 2;
    QTest::newRow("case-insensitive") << "WEB" << 2;
    QTest::newRow("column value") << "pending" << 1;
    QTest::newRow("two words, both must match") << "running worker-2" << 1;
    QTest::newRow("nothing") << "zzz" << 0;
}

void tst_ObjectFilterProxyModel::filterWords()
{
    QFETCH(QString, filter);
    QFETCH(int, rows);
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    fill(model);
    proxy.setFilterText(filter);
    QCOMPARE(proxy.rowCount(), rows);
}

void tst_ObjectFilterProxyModel::namespaceFilter()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    fill(model);
    proxy.setNamespace(QStringLiteral("shop"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setFilterText(QStringLiteral("db"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setNamespace({});
    proxy.setFilterText({});
    QCOMPARE(proxy.rowCount(), 4);
}

void tst_ObjectFilterProxyModel::sortsBySortRole()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    std::vector<engine::store::WatchEvent> evs;
    for (int restarts : {10, 2, 33}) {
        auto p = std::make_shared<engine::api::Object>(*pod("r" + std::to_string(restarts)));
        p->body["status"]["containerStatuses"] = {{{"name", "c"}, {"restartCount", restarts}, {"state", {{"running", engine::api::Json::object()}}}}};
        evs.push_back(added(p));
    }
    model.applyEvents(evs);
    proxy.sort(models::PodModel::Restarts, Qt::AscendingOrder);
    // Numbers sort as numbers (2 < 10 < 33), not as text.
    QCOMPARE(proxy.index(0, models::PodModel::Restarts).data().toString(), QStringLiteral("2"));
    QCOMPARE(proxy.index(1, models::PodModel::Restarts).data().toString(), QStringLiteral("10"));
    QCOMPARE(proxy.index(2, models::PodModel::Restarts).data().toString(), QStringLiteral("33"));
}

void tst_ObjectFilterProxyModel::followsLiveChanges()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(0);
    fill(model);
    proxy.setFilterText(QStringLiteral("pending"));
    QCOMPARE(proxy.rowCount(), 1);
    model.applyEvents(batch({modified(pod("web-2", "Running", "worker-2"))}));
    QCOMPARE(proxy.rowCount(), 0);
    model.applyEvents(batch({modified(pod("web-1", "Pending", "worker-1")), added(pod("new", "Pending"))}));
    QCOMPARE(proxy.rowCount(), 2);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("new"));
}

namespace {
/// The rows the proxy should show, worked out the slow way: filter every row, then a stable sort.
QStringList reference(const models::PodModel &m, const QString &ns, const QStringList &terms, int column, Qt::SortOrder order)
{
    std::vector<int> rows;
    for (int r = 0; r < m.rowCount(); ++r) {
        if (!ns.isEmpty() && m.index(r, 0).data(models::NamespaceRole).toString() != ns)
            continue;
        bool all = true;
        for (const QString &t : terms) {
            bool found = false;
            for (int c = 0; c < m.columnCount() && !found; ++c)
                found = m.index(r, c).data().toString().contains(t, Qt::CaseInsensitive);
            all = all && found;
        }
        if (all)
            rows.push_back(r);
    }
    if (column >= 0)
        std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) {
            const QVariant x = m.index(a, column).data(models::SortRole), y = m.index(b, column).data(models::SortRole);
            int c;
            if (x.typeId() == QMetaType::QString)
                c = QString::compare(x.toString(), y.toString(), Qt::CaseInsensitive);
            else
                c = x.toLongLong() < y.toLongLong() ? -1 : x.toLongLong() > y.toLongLong() ? 1 : 0;
            return order == Qt::AscendingOrder ? c < 0 : c > 0;
        });
    QStringList keys;
    for (int r : rows)
        keys << m.index(r, 0).data(models::KeyRole).toString();
    return keys;
}

QStringList shown(const models::ObjectFilterProxyModel &proxy)
{
    QStringList keys;
    for (int r = 0; r < proxy.rowCount(); ++r)
        keys << proxy.index(r, 0).data(models::KeyRole).toString();
    return keys;
}

engine::api::ObjectPtr randomPod(std::mt19937 &rng, int id)
{
    static const char *phases[] = {"Pending", "Running", "Succeeded", "Failed"};
    static const char *namespaces[] = {"default", "shop", "Shop-b"};
    auto p = std::make_shared<engine::api::Object>(*pod((id % 2 ? "Web-" : "web-") + std::to_string(id % 97),
                                                        phases[rng() % 4], "worker-" + std::to_string(rng() % 3),
                                                        namespaces[id % 3]));
    p->metadata.name += "-" + std::to_string(id); // unique per id, with many equal prefixes
    p->body["status"]["containerStatuses"] = {{{"name", "c"}, {"restartCount", int(rng() % 5)}, {"state", {{"running", engine::api::Json::object()}}}}};
    return p;
}
} // namespace

void tst_ObjectFilterProxyModel::randomBatchesMatchReference_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("filter");
    QTest::newRow("model order") << -1 << int(Qt::AscendingOrder) << QString() << QString();
    QTest::newRow("by name") << int(models::PodModel::Name) << int(Qt::AscendingOrder) << QString() << QString();
    QTest::newRow("by status, descending") << int(models::PodModel::Status) << int(Qt::DescendingOrder) << QString() << QString();
    QTest::newRow("by restarts, filtered") << int(models::PodModel::Restarts) << int(Qt::AscendingOrder) << QString() << "running";
    QTest::newRow("namespace and words") << int(models::PodModel::Name) << int(Qt::AscendingOrder) << "shop" << "web worker-1";
}

void tst_ObjectFilterProxyModel::randomBatchesMatchReference()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QString, ns);
    QFETCH(QString, filter);
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    proxy.sort(column, Qt::SortOrder(order));
    proxy.setNamespace(ns);
    proxy.setFilterText(filter);
    std::mt19937 rng(7);
    std::map<int, engine::api::ObjectPtr> live;
    int nextId = 0;
    for (int round = 0; round < 200; ++round) {
        std::vector<engine::store::WatchEvent> evs;
        const int n = 1 + int(rng() % 40);
        for (int i = 0; i < n; ++i) {
            const unsigned what = rng() % 10;
            if (what < 4 || live.size() < 5) {
                const int id = nextId++;
                live[id] = randomPod(rng, id);
                evs.push_back(added(live[id]));
            } else if (what < 7) {
                auto it = std::next(live.begin(), long(rng() % live.size()));
                auto next = randomPod(rng, it->first);
                it->second = next;
                evs.push_back(modified(next));
            } else {
                auto it = std::next(live.begin(), long(rng() % live.size()));
                evs.push_back(deleted(it->second));
                live.erase(it);
            }
        }
        model.applyEvents(evs);
        QCOMPARE(shown(proxy), reference(model, ns, filter.split(' ', Qt::SkipEmptyParts), column, Qt::SortOrder(order)));
        if (round == 100) { // the filter and order change under way, too
            proxy.sort(models::PodModel::Restarts, Qt::DescendingOrder);
            column = models::PodModel::Restarts;
            order = Qt::DescendingOrder;
            QCOMPARE(shown(proxy), reference(model, ns, filter.split(' ', Qt::SkipEmptyParts), column, Qt::SortOrder(order)));
        }
    }
    // every row changed at once (past the point where the proxy sorts afresh)
    std::vector<engine::store::WatchEvent> all;
    for (int i = 0; i < 400; ++i) {
        const int id = nextId++;
        live[id] = randomPod(rng, id);
        all.push_back(added(live[id]));
    }
    model.applyEvents(all);
    all.clear();
    for (auto &[id, p] : live) {
        p = randomPod(rng, id);
        all.push_back(modified(p));
    }
    model.applyEvents(all);
    QCOMPARE(shown(proxy), reference(model, ns, filter.split(' ', Qt::SkipEmptyParts), column, Qt::SortOrder(order)));
    // every row removed, then all back
    std::vector<engine::store::WatchEvent> gone;
    for (const auto &[id, p] : live)
        gone.push_back(deleted(p));
    model.applyEvents(gone);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(proxy.rowCount(), 0);
    for (auto &e : gone)
        e.type = engine::store::WatchEvent::Type::Added;
    model.applyEvents(gone);
    QCOMPARE(shown(proxy), reference(model, ns, filter.split(' ', Qt::SkipEmptyParts), column, Qt::SortOrder(order)));
}

void tst_ObjectFilterProxyModel::persistentIndexesFollowTheirRows()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(models::PodModel::Name);
    std::vector<engine::store::WatchEvent> evs;
    for (int i = 0; i < 50; ++i)
        evs.push_back(added(pod("p" + std::to_string(100 + i))));
    model.applyEvents(evs);
    QPersistentModelIndex kept = proxy.index(30, models::PodModel::Status);  // p130
    QPersistentModelIndex doomed = proxy.index(10, 0);                        // p110
    QCOMPARE(kept.data(models::KeyRole).toString(), QStringLiteral("default/p130"));
    // rows above both go and come, p110 goes, p130 changes status
    model.applyEvents(batch({deleted(pod("p105")), deleted(pod("p110")), deleted(pod("p120")), added(pod("p001")), added(pod("p0001")),
                             modified(pod("p130", "Running"))}));
    QVERIFY(!doomed.isValid());
    QVERIFY(kept.isValid());
    QCOMPARE(kept.row(), 29); // two gone above it, two added above it, one more gone above it
    QCOMPARE(kept.column(), int(models::PodModel::Status));
    QCOMPARE(kept.data(models::KeyRole).toString(), QStringLiteral("default/p130"));
    QCOMPARE(kept.data().toString(), QStringLiteral("Running"));
}

void tst_ObjectFilterProxyModel::oneLayoutChangePerBatch()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(models::PodModel::Name);
    std::vector<engine::store::WatchEvent> evs;
    for (int i = 0; i < 1000; ++i)
        evs.push_back(added(pod("p" + std::to_string(i))));
    model.applyEvents(evs);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    // scattered removals and inserts: the model signals a range for each, the view hears once
    std::vector<engine::store::WatchEvent> churn;
    for (int i = 0; i < 1000; i += 37)
        churn.push_back(deleted(pod("p" + std::to_string(i))));
    for (int i = 0; i < 30; ++i)
        churn.push_back(added(pod("q" + std::to_string(i * 31 % 1000))));
    model.applyEvents(churn);
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(removed.count() + inserted.count(), 0);
    QCOMPARE(proxy.rowCount(), 1000 - 28 + 30);
}

void tst_ObjectFilterProxyModel::inPlaceChangesAreDataChanged()
{
    models::PodModel model;
    models::ObjectFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(models::PodModel::Name);
    fill(model);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    // a new status does not move a row sorted by name
    model.applyEvents(batch({modified(pod("web-2", "Running", "worker-2"))}));
    QCOMPARE(layouts.count(), 0);
    QCOMPARE(changed.count(), 1);
    const QModelIndex at = changed.first().at(0).value<QModelIndex>();
    QCOMPARE(at.data(models::NameRole).toString(), QStringLiteral("web-2"));
    // sorted by status, the same change moves it: a layout change
    proxy.sort(models::PodModel::Status);
    layouts.clear();
    model.applyEvents(batch({modified(pod("web-2", "Failed", "worker-2"))}));
    QCOMPARE(layouts.count(), 1);
    QCOMPARE(proxy.index(0, models::PodModel::Status).data().toString(), QStringLiteral("Failed"));
}

QTEST_GUILESS_MAIN(tst_ObjectFilterProxyModel)
#include "tst_objectfilterproxymodel.moc"
