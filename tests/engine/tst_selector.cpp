#include <engine/api/selector.h>

#include <QtTest>

using namespace flotilla::engine::api;

class tst_Selector : public QObject {
    Q_OBJECT
private slots:
    void matches_data();
    void matches();
    void invalid_data();
    void invalid();
    void fromJson();
};

void tst_Selector::matches_data()
{
    QTest::addColumn<QString>("selector");
    QTest::addColumn<bool>("expected");
    // Labels of the object: app=web, tier=frontend, env=prod
    QTest::newRow("empty matches all") << "" << true;
    QTest::newRow("equals") << "app=web" << true;
    QTest::newRow("double equals") << "app==web" << true;
    QTest::newRow("equals other") << "app=db" << false;
    QTest::newRow("not equals") << "tier!=backend" << true;
    QTest::newRow("not equals same") << "tier!=frontend" << false;
    QTest::newRow("in") << "env in (prod, staging)" << true;
    QTest::newRow("in, missing") << "env in (dev)" << false;
    QTest::newRow("notin") << "env notin (dev,test)" << true;
    QTest::newRow("exists") << "app" << true;
    QTest::newRow("does not exist") << "!legacy" << true;
    QTest::newRow("does not exist, present") << "!app" << false;
    QTest::newRow("conjunction") << "app=web,tier=frontend,env in (prod)" << true;
    QTest::newRow("conjunction fails") << "app=web,tier=backend" << false;
    QTest::newRow("not equals on missing key") << "missing!=x" << true;
}

void tst_Selector::matches()
{
    QFETCH(QString, selector);
    QFETCH(bool, expected);
    auto sel = LabelSelector::parse(selector.toStdString());
    QVERIFY2(sel.ok(), sel.ok() ? "" : sel.error().message.c_str());
    const Labels labels{{"app", "web"}, {"tier", "frontend"}, {"env", "prod"}};
    QCOMPARE(sel->matches(labels), expected);
    // The printed form parses to the same selector.
    auto again = LabelSelector::parse(sel->toString());
    QVERIFY(again.ok());
    QCOMPARE(again->matches(labels), expected);
}

void tst_Selector::invalid_data()
{
    QTest::addColumn<QString>("selector");
    QTest::newRow("empty term") << "app=web,,tier=x";
    QTest::newRow("bad operator") << "env within (a)";
    QTest::newRow("unbalanced") << "env in (a";
    QTest::newRow("bad key") << "ap p=web";
}

void tst_Selector::invalid()
{
    QFETCH(QString, selector);
    QVERIFY(!LabelSelector::parse(selector.toStdString()).ok());
}

void tst_Selector::fromJson()
{
    auto sel = LabelSelector::fromJson(Json::parse(R"({"matchLabels":{"app":"web"},"matchExpressions":[{"key":"env","operator":"NotIn","values":["dev"]}]})"), "spec.selector");
    QVERIFY(sel.ok());
    QVERIFY(sel->matches({{"app", "web"}, {"env", "prod"}}));
    QVERIFY(!sel->matches({{"app", "web"}, {"env", "dev"}}));
    auto bad = LabelSelector::fromJson(Json::parse(R"({"matchExpressions":[{"key":"env","operator":"Near"}]})"), "spec.selector");
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().path, std::string("spec.selector.matchExpressions[0].operator"));
}

QTEST_GUILESS_MAIN(tst_Selector)
#include "tst_selector.moc"
