#include <engine/api/types.h>
#include <engine/engine.h>

#include <QtTest>

#include <atomic>
#include <mutex>

using namespace flotilla::engine;

namespace {
Engine::Options memoryOptions(ClockMode mode, double speed = 1.0)
{
    Engine::Options o;
    o.sandbox.seed = 11;
    o.mode = mode;
    o.speed = speed;
    return o;
}

const char *kPod = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web, image: 'nginx:1.25'}]}\n";

std::string podStatus(Engine &e)
{
    return e.call([](sandbox::Sandbox &sb) {
                auto p = sb.store().get("Pod", "default", "web");
                return p ? api::summarizePod(*p).status : std::string("<gone>");
            })
        .get();
}
} // namespace

class tst_Engine : public QObject {
    Q_OBJECT
private slots:
    void startsAndStops();
    void commandsFromAnotherThread();
    void watchersReceiveEventsOnTheEngineThread();
    void pausedClockDoesNotMove();
    void stepRunsOneTask();
    void asFastAsPossibleReachesRunning();
    void realTimeFollowsSpeed();
};

void tst_Engine::startsAndStops()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::Paused)).ok());
    QVERIFY(e.running());
    QCOMPARE(e.sandboxName(), std::string("local"));
    QVERIFY(!e.start(memoryOptions(ClockMode::Paused)).ok());
    e.stop();
    QVERIFY(!e.running());
    e.stop(); // twice is fine
}

void tst_Engine::commandsFromAnotherThread()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::Paused)).ok());
    std::atomic<int> created{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i) {
                const std::string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c-" + std::to_string(t) + "-" +
                                         std::to_string(i) + "}\n";
                if (e.call([yaml](sandbox::Sandbox &sb) { return sb.apply(yaml).ok(); }).get())
                    ++created;
            }
        });
    for (auto &t : threads)
        t.join();
    QCOMPARE(created.load(), 100);
    QCOMPARE(e.call([](sandbox::Sandbox &sb) { return sb.store().count("ConfigMap"); }).get(), 100u);
}

void tst_Engine::watchersReceiveEventsOnTheEngineThread()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::AsFastAsPossible)).ok());
    std::mutex m;
    std::vector<std::string> seen;
    std::thread::id callbackThread;
    auto id = e.watch({"Pod", "default", -1, false}, [&](std::span<const store::WatchEvent> evs) {
        std::lock_guard lock(m);
        callbackThread = std::this_thread::get_id();
        for (const auto &ev : evs)
            seen.push_back(std::string(store::typeName(ev.type)) + " " + api::summarizePod(*ev.object).status);
    });
    QVERIFY(id.ok());
    e.post([](sandbox::Sandbox &sb) { (void)sb.apply(kPod); });
    QTRY_VERIFY_WITH_TIMEOUT(podStatus(e) == "Running", 10000);
    std::lock_guard lock(m);
    QVERIFY(callbackThread != std::this_thread::get_id());
    QCOMPARE(seen.front(), std::string("ADDED Pending"));
    QCOMPARE(seen.back(), std::string("MODIFIED Running"));
}

void tst_Engine::pausedClockDoesNotMove()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::Paused)).ok());
    const TimeMs t0 = e.clock().now;
    QVERIFY(t0 > 0);
    QTest::qWait(150);
    QCOMPARE(e.clock().now, t0);
    QCOMPARE(int(e.clock().mode), int(ClockMode::Paused));
    e.post([](sandbox::Sandbox &sb) { (void)sb.apply(kPod); });
    QTest::qWait(100);
    QCOMPARE(podStatus(e), std::string("Pending")); // nothing happens while paused
}

void tst_Engine::stepRunsOneTask()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::Paused)).ok());
    e.post([](sandbox::Sandbox &sb) { (void)sb.apply(kPod); });
    const TimeMs t0 = e.clock().now;
    std::string status = podStatus(e);
    QCOMPARE(status, std::string("Pending"));
    // Step until the pod runs: every step moves the clock to the next task, never backwards.
    TimeMs last = t0;
    int steps = 0;
    while (status != "Running" && steps < 200) {
        e.step();
        status = podStatus(e); // a call after a step runs after it
        QVERIFY(e.clock().now >= last);
        last = e.clock().now;
        ++steps;
    }
    QCOMPARE(status, std::string("Running"));
    QVERIFY(steps > 3);
    QVERIFY(last > t0);
}

void tst_Engine::asFastAsPossibleReachesRunning()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::AsFastAsPossible)).ok());
    QElapsedTimer timer;
    timer.start();
    e.post([](sandbox::Sandbox &sb) { (void)sb.apply(kPod); });
    QTRY_VERIFY_WITH_TIMEOUT(podStatus(e) == "Running", 5000);
    QVERIFY(timer.elapsed() < 2000); // seconds of simulated pull and start, in far less real time
}

void tst_Engine::realTimeFollowsSpeed()
{
    Engine e;
    QVERIFY(e.start(memoryOptions(ClockMode::RealTime, 10.0)).ok());
    const TimeMs t0 = e.clock().now;
    QTest::qWait(300);
    const TimeMs advanced = e.clock().now - t0;
    QVERIFY2(advanced >= 2000, qPrintable(QString::number(advanced))); // ~3 s simulated in 0.3 s
    e.setSpeed(1.0);
    QTRY_COMPARE(e.clock().speed, 1.0);
    const TimeMs t1 = e.clock().now;
    QTest::qWait(300);
    QVERIFY(e.clock().now - t1 < 1500);
}

QTEST_GUILESS_MAIN(tst_Engine)
#include "tst_engine.moc"
