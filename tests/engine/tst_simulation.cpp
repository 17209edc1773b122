#include <engine/sandbox/sandbox.h>
#include <engine/sim/simulation.h>

#include <QtTest>

using namespace flotilla::engine;

class tst_Simulation : public QObject {
    Q_OBJECT
private slots:
    void tasksRunInTimeOrder();
    void sameTimeRunsInInsertionOrder();
    void cancel();
    void runUntilMovesTheClock();
    void stepRunsOneTask();
    void randomIsSeeded();
    void sameSeedSameTimeline();
};

void tst_Simulation::tasksRunInTimeOrder()
{
    sim::Simulation s(1, 1000);
    std::vector<int> order;
    s.at(1300, [&] { order.push_back(3); });
    s.at(1100, [&] { order.push_back(1); });
    s.after(200, [&] { order.push_back(2); });
    s.runUntil(2000);
    QCOMPARE(order, (std::vector<int>{1, 2, 3}));
    QCOMPARE(s.now(), TimeMs(2000));
}

void tst_Simulation::sameTimeRunsInInsertionOrder()
{
    sim::Simulation s(1, 0);
    std::vector<int> order;
    for (int i = 0; i < 5; ++i)
        s.at(10, [&, i] { order.push_back(i); });
    s.runUntil(10);
    QCOMPARE(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

void tst_Simulation::cancel()
{
    sim::Simulation s(1, 0);
    bool ran = false;
    const auto id = s.after(5, [&] { ran = true; });
    s.cancel(id);
    s.runUntil(100);
    QVERIFY(!ran);
    QCOMPARE(s.pendingTasks(), 0u);
}

void tst_Simulation::runUntilMovesTheClock()
{
    sim::Simulation s(1, 0);
    TimeMs seen = -1;
    s.at(50, [&] {
        seen = s.now();
        s.after(10, [&] { seen = s.now(); }); // scheduled by a task, still due
    });
    s.runUntil(100);
    QCOMPARE(seen, TimeMs(60));
    QCOMPARE(s.now(), TimeMs(100));
    s.at(50, [&] { seen = s.now(); }); // the past is now
    s.runUntil(100);
    QCOMPARE(seen, TimeMs(100));
}

void tst_Simulation::stepRunsOneTask()
{
    sim::Simulation s(1, 0);
    int count = 0;
    s.at(30, [&] { ++count; });
    s.at(70, [&] { ++count; });
    QVERIFY(s.step());
    QCOMPARE(count, 1);
    QCOMPARE(s.now(), TimeMs(30));
    QVERIFY(s.step());
    QCOMPARE(s.now(), TimeMs(70));
    QVERIFY(!s.step());
}

void tst_Simulation::randomIsSeeded()
{
    sim::Random a(42), b(42), c(43);
    bool differs = false;
    for (int i = 0; i < 100; ++i) {
        const auto x = a.next();
        QCOMPARE(x, b.next());
        differs |= x != c.next();
    }
    QVERIFY(differs);
    for (int i = 0; i < 1000; ++i) {
        const auto r = a.range(3, 9);
        QVERIFY(r >= 3 && r <= 9);
        const double u = a.uniform();
        QVERIFY(u >= 0.0 && u < 1.0);
    }
}

namespace {
/// A readable line per change: when, what, which object, and its phase.
std::vector<std::string> timeline(std::uint64_t seed)
{
    sandbox::SandboxOptions opts;
    opts.seed = seed;
    opts.startTime = 1'800'000'000'000;
    auto sb = sandbox::Sandbox::open(opts);
    std::vector<std::string> lines;
    (void)(*sb)->store().watch({}, [&](std::span<const store::WatchEvent> evs) {
        for (const auto &e : evs)
            lines.push_back(std::to_string((*sb)->sim().now()) + " " + store::typeName(e.type) + " " + e.object->kind + " " +
                            e.object->key() + " " + api::stringField(e.object->status(), "phase") + " " +
                            api::stringField(e.object->spec(), "nodeName") + " " + e.object->metadata.uid);
    });
    std::string manifest;
    for (int i = 0; i < 6; ++i)
        manifest += "---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-" + std::to_string(i) +
                    "}\nspec: {containers: [{name: web, image: 'node:14-alpine', resources: {requests: {cpu: 500m}}}]}\n";
    if (!(*sb)->apply(manifest).ok())
        return {"apply failed"};
    (void)(*sb)->flush();
    (*sb)->advanceTo((*sb)->sim().now() + 20'000);
    (void)(*sb)->remove("Pod", "default", "web-3");
    (void)(*sb)->flush();
    (*sb)->advanceTo((*sb)->sim().now() + 5'000);
    return lines;
}
} // namespace

void tst_Simulation::sameSeedSameTimeline()
{
    const auto a = timeline(99);
    const auto b = timeline(99);
    QVERIFY(a.size() > 50);
    QCOMPARE(a, b);
    QVERIFY(timeline(100) != a);
}

QTEST_GUILESS_MAIN(tst_Simulation)
#include "tst_simulation.moc"
