#include <engine/api/kinds.h>
#include <engine/store/sqlitepersistence.h>
#include <engine/store/store.h>

#include <QtTest>

#include <algorithm>
#include <set>

#include <fstream>

#include <sqlite3.h>

using namespace flotilla::engine;
using namespace flotilla::engine::api;
using namespace flotilla::engine::store;

namespace {
MutableObjectPtr makePod(const std::string &ns, const std::string &name, const std::string &node = {},
                         Labels labels = {})
{
    auto o = std::make_shared<Object>();
    o->apiVersion = "v1";
    o->kind = "Pod";
    o->metadata.ns = ns;
    o->metadata.name = name;
    o->metadata.labels = std::move(labels);
    o->body["spec"] = {{"containers", {{{"name", "c"}, {"image", "nginx"}}}}};
    if (!node.empty())
        o->body["spec"]["nodeName"] = node;
    return o;
}

MutableObjectPtr copyOf(const ObjectPtr &o) { return std::make_shared<Object>(*o); }

struct Recorder {
    std::vector<WatchEvent> events;
    WatchCallback callback()
    {
        return [this](std::span<const WatchEvent> evs) { events.insert(events.end(), evs.begin(), evs.end()); };
    }
};
} // namespace

class tst_Store : public QObject {
    Q_OBJECT
private slots:
    void createGetList();
    void versionsIncrease();
    void conflicts();
    void notFoundAndAlreadyExists();
    void namespaceAndNodeIndexes();
    void labelSelection();
    void generateName();
    void watchDeliversOnFlush();
    void watchFiltersByKindAndNamespace();
    void watchFromVersion();
    void watchTooOldIsGone();
    void watchInitialList();
    void watcherMayWriteWhileHandling();
    void coldObjectsReadBackUnchanged();
    void persistenceRestoresEverything();
    void failedCommitsAreRetried();
    void corruptStateIsMovedAside();
    void notADatabaseIsMovedAside();
};

void tst_Store::createGetList()
{
    Store s;
    s.setClock([] { return TimeMs(1'700'000'000'250); });
    auto created = s.create(makePod("default", "a"));
    QVERIFY(created.ok());
    QCOMPARE((*created)->metadata.resourceVersion, 1);
    QVERIFY(!(*created)->metadata.uid.empty());
    QCOMPARE(*(*created)->metadata.creationTimestamp, TimeMs(1'700'000'000'000)); // whole seconds, as on the wire
    QCOMPARE(s.get("Pod", "default", "a"), *created);
    QVERIFY(!s.get("Pod", "other", "a"));
    QCOMPARE(s.list("Pod").size(), 1u);
    QCOMPARE(s.count("Pod"), 1u);
}

void tst_Store::versionsIncrease()
{
    Store s;
    auto a = s.create(makePod("default", "a"));
    auto b = s.create(makePod("default", "b"));
    auto updated = s.update(copyOf(*a));
    QVERIFY(updated.ok());
    QCOMPARE((*b)->metadata.resourceVersion, 2);
    QCOMPARE((*updated)->metadata.resourceVersion, 3);
    QCOMPARE((*updated)->metadata.uid, (*a)->metadata.uid);
    QCOMPARE(s.resourceVersion(), 3);
    // The old snapshot is untouched: objects are immutable.
    QCOMPARE((*a)->metadata.resourceVersion, 1);
    // A spec change bumps the generation; a status change does not.
    auto specChange = copyOf(*updated);
    specChange->body["spec"]["containers"][0]["image"] = "nginx:2";
    auto g2 = s.update(specChange);
    QCOMPARE((*g2)->metadata.generation, 2);
    auto statusChange = copyOf(*g2);
    statusChange->body["status"] = {{"phase", "Running"}};
    QCOMPARE((*s.update(statusChange))->metadata.generation, 2);
}

void tst_Store::conflicts()
{
    Store s;
    auto a = s.create(makePod("default", "a"));
    auto first = copyOf(*a);
    auto second = copyOf(*a);
    QVERIFY(s.update(first).ok());
    auto stale = s.update(second); // still carries version 1
    QVERIFY(!stale.ok());
    QCOMPARE(int(stale.error().code), int(Error::Code::Conflict));
    QVERIFY(stale.error().message.find("has been modified") != std::string::npos);
    // Without a version, an update is unconditional.
    auto blind = copyOf(*a);
    blind->metadata.resourceVersion = 0;
    QVERIFY(s.update(blind).ok());
    // Deletion with a stale precondition is refused.
    QVERIFY(!s.remove("Pod", "default", "a", 1).ok());
    QVERIFY(s.remove("Pod", "default", "a", s.get("Pod", "default", "a")->metadata.resourceVersion).ok());
}

void tst_Store::notFoundAndAlreadyExists()
{
    Store s;
    QVERIFY(s.create(makePod("default", "a")).ok());
    auto again = s.create(makePod("default", "a"));
    QCOMPARE(int(again.error().code), int(Error::Code::AlreadyExists));
    QCOMPARE(again.error().message, std::string("pods \"a\" already exists"));
    QCOMPARE(int(s.update(makePod("default", "zzz")).error().code), int(Error::Code::NotFound));
    QCOMPARE(int(s.remove("Pod", "default", "zzz").error().code), int(Error::Code::NotFound));
    QCOMPARE(s.resourceVersion(), 1); // failures write nothing
}

void tst_Store::namespaceAndNodeIndexes()
{
    Store s;
    (void)s.create(makePod("a", "p1", "n1"));
    (void)s.create(makePod("a", "p2", "n2"));
    (void)s.create(makePod("b", "p3", "n1"));
    (void)s.create(makePod("ab", "p4", "n1")); // "ab" must not leak into "a"
    QCOMPARE(s.list("Pod", "a").size(), 2u);
    QCOMPARE(s.list("Pod", "b").size(), 1u);
    QCOMPARE(s.list("Pod", "ab").size(), 1u);
    QCOMPARE(s.podsOnNode("n1").size(), 3u);
    // Moving a pod moves it in the index; deleting removes it.
    auto moved = copyOf(s.get("Pod", "a", "p1"));
    moved->body["spec"]["nodeName"] = "n2";
    (void)s.update(moved);
    QCOMPARE(s.podsOnNode("n1").size(), 2u);
    QCOMPARE(s.podsOnNode("n2").size(), 2u);
    (void)s.remove("Pod", "a", "p2");
    QCOMPARE(s.podsOnNode("n2").size(), 1u);
}

void tst_Store::labelSelection()
{
    Store s;
    (void)s.create(makePod("default", "a", {}, {{"app", "web"}}));
    (void)s.create(makePod("default", "b", {}, {{"app", "db"}}));
    auto sel = LabelSelector::parse("app=web");
    QCOMPARE(s.list("Pod", "default", &*sel).size(), 1u);
}

void tst_Store::generateName()
{
    Store s;
    auto o = makePod("default", "");
    o->metadata.generateName = "web-";
    auto created = s.create(o);
    QVERIFY(created.ok());
    QCOMPARE((*created)->metadata.name.size(), 9u);
    QVERIFY((*created)->metadata.name.rfind("web-", 0) == 0);
}

void tst_Store::watchDeliversOnFlush()
{
    Store s;
    Recorder r;
    QVERIFY(s.watch({}, r.callback()).ok());
    auto a = s.create(makePod("default", "a"));
    (void)s.update(copyOf(*a));
    (void)s.remove("Pod", "default", "a");
    QVERIFY(r.events.empty()); // delivered in groups, on flush
    QVERIFY(s.flush().ok());
    QCOMPARE(r.events.size(), 3u);
    QCOMPARE(int(r.events[0].type), int(WatchEvent::Type::Added));
    QCOMPARE(int(r.events[1].type), int(WatchEvent::Type::Modified));
    QCOMPARE(int(r.events[2].type), int(WatchEvent::Type::Deleted));
    QCOMPARE(r.events[2].resourceVersion, 3);
    QCOMPARE(r.events[2].object->metadata.resourceVersion, 3);
    (void)s.flush();
    QCOMPARE(r.events.size(), 3u); // nothing twice
}

void tst_Store::watchFiltersByKindAndNamespace()
{
    Store s;
    Recorder pods, inA;
    (void)s.watch({"Pod", "", -1, false}, pods.callback());
    (void)s.watch({"", "a", -1, false}, inA.callback());
    (void)s.create(makePod("a", "p"));
    (void)s.create(makePod("b", "q"));
    auto cm = std::make_shared<Object>();
    cm->apiVersion = "v1";
    cm->kind = "ConfigMap";
    cm->metadata.name = "c";
    cm->metadata.ns = "a";
    (void)s.create(cm);
    (void)s.flush();
    QCOMPARE(pods.events.size(), 2u);
    QCOMPARE(inA.events.size(), 2u);
    QCOMPARE(inA.events[1].object->kind, std::string("ConfigMap"));
}

void tst_Store::watchFromVersion()
{
    Store s;
    for (int i = 0; i < 10; ++i)
        (void)s.create(makePod("default", "p" + std::to_string(i)));
    (void)s.flush();
    Recorder r;
    QVERIFY(s.watch({"", "", 6, false}, r.callback()).ok());
    (void)s.flush();
    QCOMPARE(r.events.size(), 4u);
    QCOMPARE(r.events.front().resourceVersion, 7);
    QCOMPARE(r.events.back().resourceVersion, 10);
    (void)s.create(makePod("default", "late"));
    (void)s.flush();
    QCOMPARE(r.events.size(), 5u);
    QCOMPARE(r.events.back().resourceVersion, 11);
}

void tst_Store::watchTooOldIsGone()
{
    Store s(16);
    for (int i = 0; i < 100; ++i)
        (void)s.create(makePod("default", "p" + std::to_string(i)));
    (void)s.flush();
    auto gone = s.watch({"", "", 3, false}, [](auto) {});
    QVERIFY(!gone.ok());
    QCOMPARE(int(gone.error().code), int(Error::Code::Gone));
    QVERIFY(s.oldestWatchableVersion() >= 84);
    QVERIFY(s.watch({"", "", s.oldestWatchableVersion(), false}, [](auto) {}).ok());
}

void tst_Store::watchInitialList()
{
    Store s;
    (void)s.create(makePod("default", "a"));
    (void)s.create(makePod("default", "b"));
    Recorder r;
    (void)s.watch({"Pod", "", -1, true}, r.callback());
    QCOMPARE(r.events.size(), 2u); // the list comes at once
    (void)s.create(makePod("default", "c"));
    (void)s.flush();
    QCOMPARE(r.events.size(), 3u); // then only what is new
}

void tst_Store::watcherMayWriteWhileHandling()
{
    Store s;
    Recorder all;
    (void)s.watch({}, all.callback());
    // A controller-like watcher: for each new pod, writes an event object.
    (void)s.watch({"Pod", "", -1, false}, [&](std::span<const WatchEvent> evs) {
        for (const auto &e : evs)
            if (e.type == WatchEvent::Type::Added) {
                auto cm = std::make_shared<Object>();
                cm->apiVersion = "v1";
                cm->kind = "ConfigMap";
                cm->metadata.name = e.object->metadata.name + "-seen";
                cm->metadata.ns = "default";
                (void)s.create(cm);
            }
    });
    (void)s.create(makePod("default", "a"));
    (void)s.flush();
    QCOMPARE(all.events.size(), 2u);
    QVERIFY(s.get("ConfigMap", "default", "a-seen"));
}

void tst_Store::coldObjectsReadBackUnchanged()
{
    // Beyond the hot limit, objects not looked at since the last sweep are kept deflated: every read,
    // update, removal, index and watch must see exactly the objects that were written.
    Store s;
    s.setHotLimit(16);
    std::map<std::string, std::string> written;
    for (int i = 0; i < 300; ++i) {
        auto created = s.create(makePod("default", "p" + std::to_string(i), "n" + std::to_string(i % 7),
                                        {{"app", i % 2 ? "web" : "db"}}));
        QVERIFY(created.ok());
        written[(*created)->key()] = api::objectToJson(**created).dump();
    }
    QVERIFY(s.flush().ok());
    // the second sweep lets go of what the first one only marked, a bounded number per flush
    QVERIFY(s.flush().ok());
    QVERIFY2(s.memoryFigures().hot >= 300 - 2 * 128, "a flush deflated more than its budget");
    for (int i = 0; i < 3; ++i)
        QVERIFY(s.flush().ok());
    const auto figures = s.memoryFigures();
    QCOMPARE(int(figures.objects), 300);
    QVERIFY2(figures.hot <= 16 && figures.cold >= 284,
             qPrintable(QString("hot %1, cold %2").arg(figures.hot).arg(figures.cold)));
    QVERIFY2(figures.coldBytes / figures.cold < 200,
             qPrintable(QString("%1 bytes per cold object").arg(figures.coldBytes / figures.cold)));

    const auto all = s.list(api::kind::Pod, "default");
    QCOMPARE(int(all.size()), 300);
    for (const auto &o : all)
        QCOMPARE(api::objectToJson(*o).dump(), written.at(o->key()));
    QVERIFY(s.memoryFigures().hot <= 16); // listing does not make everything decoded again

    // pages: every object once, in order, decoding only what each page looks at
    std::vector<std::string> paged;
    std::string after;
    for (bool more = true; more;) {
        const auto page = s.listPage(api::kind::Pod, "default", nullptr, after, 64, &more);
        QVERIFY(!page.empty());
        QVERIFY(page.size() <= 64);
        for (const auto &o : page)
            paged.push_back(o->key());
        after = page.back()->key();
    }
    QCOMPARE(int(paged.size()), 300);
    QVERIFY(std::is_sorted(paged.begin(), paged.end()));
    QCOMPARE(std::set<std::string>(paged.begin(), paged.end()).size(), std::size_t(300));
    const auto thawedBefore = s.memoryFigures().thawed;
    bool more = false;
    QCOMPARE(int(s.listPage(api::kind::Pod, "default", nullptr, "default/p5", 10, &more).size()), 10);
    QVERIFY(more);
    QVERIFY2(s.memoryFigures().thawed - thawedBefore <= 11, "a page decoded more than it looked at");
    // keys and versions of the same pages, decoding nothing
    const auto thawedBeforeKeys = s.memoryFigures().thawed;
    std::vector<std::string> keyed;
    after.clear();
    for (bool more = true; more;) {
        const auto page = s.keysPage(api::kind::Pod, "default", after, 64, &more);
        QVERIFY(!page.empty() && page.size() <= 64);
        for (const auto &kv : page) {
            keyed.push_back(*kv.key);
            QCOMPARE(kv.version, all[keyed.size() - 1]->metadata.resourceVersion);
        }
        after = *page.back().key;
    }
    QCOMPARE(keyed, paged);
    QCOMPARE(s.memoryFigures().thawed, thawedBeforeKeys);
    QVERIFY(s.keysPage(api::kind::Pod, "other", {}, 10, &more).empty() && !more);
    QCOMPARE(s.keysPage(api::kind::Pod, "default", "default/p5", 10, &more).size(), std::size_t(10));
    QVERIFY(more);
    // past the last, in another namespace, a selector across pages
    QVERIFY(s.listPage(api::kind::Pod, "default", nullptr, "default/zzz", 10, &more).empty() && !more);
    QVERIFY(s.listPage(api::kind::Pod, "other", nullptr, {}, 10, &more).empty() && !more);
    QVERIFY(s.listPage(api::kind::Pod, "default", nullptr, "a/b", 1, &more).size() == 1 && more);
    const auto webOnly = api::LabelSelector::parse("app=web");
    int webCount = 0;
    after.clear();
    for (more = true; more;) {
        const auto page = s.listPage(api::kind::Pod, {}, &*webOnly, after, 7, &more);
        webCount += int(page.size());
        if (!page.empty())
            after = page.back()->key();
    }
    QCOMPARE(webCount, 150);
    // a read from outside does not keep the object decoded
    const auto hotBefore = s.memoryFigures().hot;
    QVERIFY(s.get(api::kind::Pod, "default", "p201", false));
    QCOMPARE(s.memoryFigures().hot, hotBefore);
    const auto web = api::LabelSelector::parse("app=web");
    QVERIFY(web.ok());
    QCOMPARE(int(s.list(api::kind::Pod, {}, &*web).size()), 150);
    QCOMPARE(int(s.podsOnNode("n3").size()), 43);

    // update a cold object: versions are checked against the stored one
    auto p7 = s.get(api::kind::Pod, "default", "p7");
    QVERIFY(p7);
    QCOMPARE(api::objectToJson(*p7).dump(), written.at("default/p7"));
    auto stale = copyOf(p7);
    stale->metadata.resourceVersion = 1;
    QCOMPARE(int(s.update(stale).error().code), int(Error::Code::Conflict));
    auto moved = copyOf(p7);
    moved->body["spec"]["nodeName"] = "n-new";
    QVERIFY(s.update(moved).ok());
    QCOMPARE(int(s.podsOnNode("n-new").size()), 1);
    QCOMPARE(int(s.podsOnNode("n0").size()), 42);

    // remove cold objects; watchers see the last state
    std::vector<std::string> deleted;
    auto w = s.watch({}, [&](std::span<const WatchEvent> evs) {
        for (const auto &e : evs)
            if (e.type == WatchEvent::Type::Deleted)
                deleted.push_back(e.object->metadata.name);
    });
    QVERIFY(w.ok());
    for (int i = 100; i < 110; ++i)
        QVERIFY(s.remove(api::kind::Pod, "default", "p" + std::to_string(i)).ok());
    QVERIFY(s.flush().ok());
    QCOMPARE(int(deleted.size()), 10);
    QCOMPARE(deleted.front(), std::string("p100"));
    QCOMPARE(int(s.count(api::kind::Pod)), 290);

    int initial = 0;
    auto listing = s.watch({std::string(api::kind::Pod), {}, -1, true},
                           [&](std::span<const WatchEvent> evs) { initial += int(evs.size()); });
    QVERIFY(listing.ok());
    QCOMPARE(initial, 290);
}

void tst_Store::persistenceRestoresEverything()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/state.db").toStdString();
    std::string uidOfB;
    {
        auto p = SqlitePersistence::open(path);
        QVERIFY(p.ok());
        Store s;
        s.setPersistence(p->get());
        for (int i = 0; i < 50; ++i)
            (void)s.create(makePod("default", "p" + std::to_string(i)));
        auto b = s.get("Pod", "default", "p1");
        uidOfB = b->metadata.uid;
        auto changed = copyOf(b);
        changed->metadata.labels["changed"] = "yes";
        (void)s.update(changed);
        (void)s.remove("Pod", "default", "p2");
        QVERIFY(s.flush().ok());
        (*p)->setMeta("simTime", "12345");
        QVERIFY((*p)->flushMeta().ok());
        QCOMPARE(s.resourceVersion(), 52);
    }
    auto p = SqlitePersistence::open(path);
    QVERIFY(p.ok());
    auto loaded = (*p)->load();
    QVERIFY(loaded.ok());
    QCOMPARE(loaded->objects.size(), 49u);
    QCOMPARE(loaded->resourceVersion, 52);
    QCOMPARE(loaded->meta.at("simTime"), std::string("12345"));
    Store s;
    s.setPersistence(p->get());
    s.restore(std::move(loaded->objects), loaded->resourceVersion);
    QVERIFY(!s.get("Pod", "default", "p2"));
    const auto b = s.get("Pod", "default", "p1");
    QCOMPARE(b->metadata.uid, uidOfB);
    QCOMPARE(b->metadata.labels.at("changed"), std::string("yes"));
    // The version counter goes on where it stopped.
    auto next = s.create(makePod("default", "new"));
    QCOMPARE((*next)->metadata.resourceVersion, 53);
    QVERIFY((*next)->metadata.uid != b->metadata.uid);
}

void tst_Store::failedCommitsAreRetried()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/state.db").toStdString();
    auto p = SqlitePersistence::open(path);
    QVERIFY(p.ok());
    Store s;
    s.setPersistence(p->get());
    // Another process holds the database: commits fail (busy) until it lets go.
    sqlite3 *other = nullptr;
    QCOMPARE(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    QCOMPARE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
    (void)s.create(makePod("default", "kept"));
    const Status failed = s.flush();
    QVERIFY(!failed.ok());
    QCOMPARE(s.pendingWrites(), 1u);
    QCOMPARE(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    (void)s.create(makePod("default", "later"));
    QVERIFY(s.flush().ok());
    QCOMPARE(s.pendingWrites(), 0u);
    p->reset();
    auto reopened = SqlitePersistence::open(path);
    auto loaded = (*reopened)->load();
    QCOMPARE(loaded->objects.size(), 2u);
    QCOMPARE(loaded->resourceVersion, 2);
}

void tst_Store::corruptStateIsMovedAside()
{
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/state.db").toStdString();
    {
        auto p = SqlitePersistence::open(path);
        Store s;
        s.setPersistence(p->get());
        for (int i = 0; i < 200; ++i)
            (void)s.create(makePod("default", "p" + std::to_string(i)));
        (void)s.flush();
    }
    // Damage the file in the middle (page headers and B-tree cells).
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(4096 + 8);
        const std::string junk(3000, '\x5a');
        f.write(junk.data(), std::streamsize(junk.size()));
    }
    auto p = SqlitePersistence::open(path);
    QVERIFY(!p.ok());
    QCOMPARE(int(p.error().code), int(Error::Code::Corrupt));
    QVERIFY2(p.error().message.find("moved aside") != std::string::npos, p.error().message.c_str());
    // The damaged file is kept next to the new one, never wiped.
    QDir d(dir.path());
    QCOMPARE(d.entryList({"state.db.corrupt-*"}, QDir::Files).size(), 1);
    QVERIFY(!QFile::exists(QString::fromStdString(path)));
    QVERIFY(SqlitePersistence::open(path).ok());
}

void tst_Store::notADatabaseIsMovedAside()
{
    QTemporaryDir dir;
    const QString path = dir.path() + "/state.db";
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a database, just some text that happens to be here\n");
    f.close();
    auto p = SqlitePersistence::open(path.toStdString());
    QVERIFY(!p.ok());
    QCOMPARE(int(p.error().code), int(Error::Code::Corrupt));
    QCOMPARE(QDir(dir.path()).entryList({"state.db.corrupt-*"}, QDir::Files).size(), 1);
}

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
