#include "modeltestutil.h"

#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

#include <QAbstractItemModelTester>
#include <QtTest>

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

QTEST_GUILESS_MAIN(tst_ObjectFilterProxyModel)
#include "tst_objectfilterproxymodel.moc"
