#include <engine/cluster/traffic.h>
#include <engine/rollout/analysis.h>

#include <QtTest>

using namespace flotilla::engine;
using rollout::AnalysisPhase;
using rollout::AnalysisRun;
using rollout::AnalysisSpec;
using rollout::Measurement;

Q_DECLARE_METATYPE(rollout::AnalysisPhase)
Q_DECLARE_METATYPE(rollout::Measurement::Phase)

namespace {
const std::string kPath = "spec.strategy.canary.steps[2].analysis";

QString qs(const std::string &s) { return QString::fromStdString(s); }

AnalysisSpec spec(const std::string &json)
{
    auto r = AnalysisSpec::decode(api::Json::parse(json), kPath);
    if (!r.ok())
        qFatal("spec does not decode: %s", r.error().toString().c_str());
    return *r;
}

cluster::TrafficFigures figures(double rps, double errors, double failures, double p95)
{
    cluster::TrafficFigures f;
    f.requestsPerSecond = rps;
    f.errorsPerSecond = errors;
    f.failuresPerSecond = failures;
    f.p50 = p95 / 2;
    f.p95 = p95;
    f.p99 = p95 * 1.5;
    return f;
}

/// "SFI" → Successful, Failed, Inconclusive measurements, a second apart.
std::vector<Measurement> sequence(const QString &letters)
{
    std::vector<Measurement> out;
    for (int i = 0; i < letters.size(); ++i) {
        Measurement m;
        m.time = 1000 * (i + 1);
        const QChar c = letters.at(i);
        m.phase = c == 'S' ? Measurement::Phase::Successful
                  : c == 'F' ? Measurement::Phase::Failed
                             : Measurement::Phase::Inconclusive;
        out.push_back(m);
    }
    return out;
}
} // namespace

class tst_Analysis : public QObject {
    Q_OBJECT

private slots:
    void decodeDefaults();
    void decodeEveryField();
    void decodeErrors_data();
    void decodeErrors();
    void decodeWithoutPath();
    void roundTrip_data();
    void roundTrip();
    void measure_data();
    void measure();
    void verdict_data();
    void verdict();
    void nextMeasurementAt();
    void phaseNames();
    void runRecords();
    void runRoundTrip();
    void runDecodeTolerance();
};

void tst_Analysis::decodeDefaults()
{
    const AnalysisSpec s = spec(R"({"successRate": 0.95})");
    QVERIFY(s.minSuccessRate.has_value());
    QCOMPARE(*s.minSuccessRate, 0.95);
    QVERIFY(!s.maxP95LatencyMs.has_value());
    QCOMPARE(s.interval, TimeMs(10'000));
    QCOMPARE(s.count, std::int64_t(5));
    QCOMPARE(s.failureLimit, std::int64_t(0));
    QCOMPARE(s.inconclusiveLimit, std::int64_t(0));
    QCOMPARE(s.initialDelay, TimeMs(0));
    QCOMPARE(s.minRequests, 1.0);

    const AnalysisSpec latencyOnly = spec(R"({"maxP95LatencyMs": 200})");
    QVERIFY(!latencyOnly.minSuccessRate.has_value());
    QCOMPARE(*latencyOnly.maxP95LatencyMs, 200.0);
}

void tst_Analysis::decodeEveryField()
{
    const AnalysisSpec s = spec(R"({"successRate": 0.9, "maxP95LatencyMs": 250.5, "interval": "2m", "count": 7,
                                   "failureLimit": 2, "inconclusiveLimit": 3, "initialDelay": 30, "minRequests": 0.5})");
    QCOMPARE(*s.minSuccessRate, 0.9);
    QCOMPARE(*s.maxP95LatencyMs, 250.5);
    QCOMPARE(s.interval, TimeMs(120'000));
    QCOMPARE(s.count, std::int64_t(7));
    QCOMPARE(s.failureLimit, std::int64_t(2));
    QCOMPARE(s.inconclusiveLimit, std::int64_t(3));
    QCOMPARE(s.initialDelay, TimeMs(30'000)); // integers are seconds
    QCOMPARE(s.minRequests, 0.5);

    QCOMPARE(spec(R"({"successRate": 1, "interval": "1500ms"})").interval, TimeMs(1'500));
    QCOMPARE(spec(R"({"successRate": 0, "interval": 1})").interval, TimeMs(1'000));
    QCOMPARE(spec(R"({"successRate": 0.5, "initialDelay": "1m30s"})").initialDelay, TimeMs(90'000));
    QCOMPARE(spec(R"({"successRate": 0.5, "count": 1})").count, std::int64_t(1));
    // null is unset
    QVERIFY(!spec(R"({"successRate": 0.5, "maxP95LatencyMs": null})").maxP95LatencyMs.has_value());
}

void tst_Analysis::decodeErrors_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field"); // under kPath; empty: kPath itself
    QTest::addColumn<QString>("message");

    QTest::newRow("successRate above 1") << R"({"successRate": 1.5})" << "successRate" << "Invalid value: 1.5: must be between 0 and 1";
    QTest::newRow("successRate negative") << R"({"successRate": -0.1})" << "successRate" << "Invalid value: -0.1: must be between 0 and 1";
    QTest::newRow("successRate string") << R"({"successRate": "95%"})" << "successRate" << "must be a number between 0 and 1";
    QTest::newRow("successRate bool") << R"({"successRate": true})" << "successRate" << "Invalid value: true";
    QTest::newRow("latency zero") << R"({"maxP95LatencyMs": 0})" << "maxP95LatencyMs" << "Invalid value: 0: must be greater than 0";
    QTest::newRow("latency negative") << R"({"maxP95LatencyMs": -5})" << "maxP95LatencyMs" << "must be greater than 0";
    QTest::newRow("latency string") << R"({"maxP95LatencyMs": "200ms"})" << "maxP95LatencyMs" << "must be a number";
    QTest::newRow("interval too short") << R"({"successRate": 0.9, "interval": "500ms"})" << "interval" << "must be at least 1s";
    QTest::newRow("interval zero seconds") << R"({"successRate": 0.9, "interval": 0})" << "interval" << "Invalid value: 0: must be at least 1s";
    QTest::newRow("interval unreadable") << R"({"successRate": 0.9, "interval": "soon"})" << "interval" << "must be a duration";
    QTest::newRow("interval fractional number") << R"({"successRate": 0.9, "interval": 1.5})" << "interval" << "whole number of seconds";
    QTest::newRow("interval too long") << R"({"successRate": 0.9, "interval": "25h"})" << "interval" << "must be at most 24h";
    QTest::newRow("interval huge seconds") << R"({"successRate": 0.9, "interval": 99999999999})" << "interval" << "must be at most 24h";
    QTest::newRow("count zero") << R"({"successRate": 0.9, "count": 0})" << "count" << "Invalid value: 0: must be between 1 and 1000";
    QTest::newRow("count fractional") << R"({"successRate": 0.9, "count": 2.5})" << "count" << "must be an integer";
    QTest::newRow("count too many") << R"({"successRate": 0.9, "count": 1001})" << "count" << "must be between 1 and 1000";
    QTest::newRow("count string") << R"({"successRate": 0.9, "count": "5"})" << "count" << "must be an integer";
    QTest::newRow("failureLimit negative") << R"({"successRate": 0.9, "failureLimit": -1})" << "failureLimit" << "must be greater than or equal to 0";
    QTest::newRow("failureLimit equals count") << R"({"successRate": 0.9, "count": 5, "failureLimit": 5})" << "failureLimit" << "Invalid value: 5: must be less than count (5), or the analysis could never fail";
    QTest::newRow("failureLimit above count") << R"({"successRate": 0.9, "count": 1, "failureLimit": 3})" << "failureLimit" << "could never fail";
    QTest::newRow("failureLimit default count") << R"({"successRate": 0.9, "failureLimit": 5})" << "failureLimit" << "must be less than count (5)";
    QTest::newRow("inconclusiveLimit negative") << R"({"successRate": 0.9, "inconclusiveLimit": -2})" << "inconclusiveLimit" << "Invalid value: -2";
    QTest::newRow("inconclusiveLimit string") << R"({"successRate": 0.9, "inconclusiveLimit": "x"})" << "inconclusiveLimit" << "must be an integer";
    QTest::newRow("initialDelay negative") << R"({"successRate": 0.9, "initialDelay": -1})" << "initialDelay" << "must not be negative";
    QTest::newRow("initialDelay unreadable") << R"({"successRate": 0.9, "initialDelay": "later"})" << "initialDelay" << "must be a duration";
    QTest::newRow("initialDelay object") << R"({"successRate": 0.9, "initialDelay": {}})" << "initialDelay" << "must be a duration";
    QTest::newRow("minRequests negative") << R"({"successRate": 0.9, "minRequests": -1})" << "minRequests" << "must be greater than or equal to 0";
    QTest::newRow("minRequests string") << R"({"successRate": 0.9, "minRequests": "many"})" << "minRequests" << "must be a number";
    QTest::newRow("unknown field") << R"({"successRate": 0.9, "threshold": 3})" << "threshold" << "unknown field \"threshold\"";
    QTest::newRow("misspelt metric") << R"({"sucessRate": 0.9})" << "sucessRate" << "unknown field \"sucessRate\": supported fields: successRate,";
    QTest::newRow("no metric") << R"({"count": 3})" << "" << "Required value: at least one of successRate or maxP95LatencyMs must be set";
    QTest::newRow("empty") << R"({})" << "" << "at least one of successRate or maxP95LatencyMs";
    QTest::newRow("null") << R"(null)" << "" << "Required value";
    QTest::newRow("array") << R"([0.95])" << "" << "must be an object, not array";
    QTest::newRow("number") << R"(0.95)" << "" << "must be an object, not number";
}

void tst_Analysis::decodeErrors()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    QFETCH(QString, message);
    const auto r = AnalysisSpec::decode(api::Json::parse(json.toStdString()), kPath);
    QVERIFY2(!r.ok(), qPrintable(json));
    const std::string path = field.isEmpty() ? kPath : kPath + "." + field.toStdString();
    QCOMPARE(qs(r.error().path), qs(path));
    QCOMPARE(r.error().code, Error::Code::Invalid);
    const QString text = qs(r.error().toString());
    QVERIFY2(text.startsWith(qs(path) + ": "), qPrintable(text));
    QVERIFY2(text.contains(message), qPrintable(text));
}

void tst_Analysis::decodeWithoutPath()
{
    const auto r = AnalysisSpec::decode(api::Json::parse(R"({"successRate": 2})"), "");
    QVERIFY(!r.ok());
    QCOMPARE(qs(r.error().toString()), QStringLiteral("successRate: Invalid value: 2: must be between 0 and 1"));
}

void tst_Analysis::roundTrip_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("full") << R"({"successRate": 0.95, "maxP95LatencyMs": 200, "interval": "10s", "count": 5, "failureLimit": 1, "inconclusiveLimit": 1, "initialDelay": "30s", "minRequests": 1})";
    QTest::newRow("defaults") << R"({"successRate": 0.99})";
    QTest::newRow("latency only") << R"({"maxP95LatencyMs": 12.75, "minRequests": 0.25})";
    QTest::newRow("odd durations") << R"({"successRate": 0.5, "interval": "1500ms", "initialDelay": "1h30m"})";
    QTest::newRow("hours") << R"({"successRate": 0.5, "interval": "1h", "initialDelay": 7200, "count": 1000, "failureLimit": 999})";
    QTest::newRow("no requests needed") << R"({"successRate": 0, "minRequests": 0})";
}

void tst_Analysis::roundTrip()
{
    QFETCH(QString, json);
    const AnalysisSpec s = spec(json.toStdString());
    const api::Json encoded = s.encode();
    const auto again = AnalysisSpec::decode(encoded, kPath);
    QVERIFY2(again.ok(), again.ok() ? "" : again.error().toString().c_str());
    QVERIFY2(*again == s, encoded.dump().c_str());
    QCOMPARE(again->encode(), encoded);
}

void tst_Analysis::measure_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<double>("rps");
    QTest::addColumn<double>("errors");
    QTest::addColumn<double>("failures");
    QTest::addColumn<double>("p95");
    QTest::addColumn<rollout::Measurement::Phase>("phase");
    QTest::addColumn<double>("successRate");
    QTest::addColumn<QString>("message");

    const QString both = R"({"successRate": 0.95, "maxP95LatencyMs": 200})";
    using P = Measurement::Phase;
    QTest::newRow("healthy") << both << 100.0 << 0.0 << 0.0 << 41.0 << P::Successful << 1.0
                             << "success rate 100.0 % ≥ 95.0 %; p95 41 ms ≤ 200 ms";
    QTest::newRow("20 % errors") << both << 100.0 << 15.0 << 5.0 << 41.0 << P::Failed << 0.8
                                 << "success rate 80.0 % < 95.0 %; p95 41 ms ≤ 200 ms";
    QTest::newRow("82 % success") << both << 50.0 << 9.0 << 0.0 << 41.0 << P::Failed << 0.82
                                  << "success rate 82.0 % < 95.0 %; p95 41 ms ≤ 200 ms";
    QTest::newRow("slow p95") << both << 100.0 << 1.0 << 0.0 << 250.0 << P::Failed << 0.99
                              << "success rate 99.0 % ≥ 95.0 %; p95 250 ms > 200 ms";
    QTest::newRow("exactly at both thresholds") << both << 100.0 << 5.0 << 0.0 << 200.0 << P::Successful << 0.95
                                                << "success rate 95.0 % ≥ 95.0 %; p95 200 ms ≤ 200 ms";
    QTest::newRow("just below, shown apart") << both << 10000.0 << 504.0 << 0.0 << 20.0 << P::Failed << 0.9496
                                             << "success rate 94.96 % < 95.00 %; p95 20 ms ≤ 200 ms";
    QTest::newRow("too few requests") << both << 0.5 << 0.5 << 0.0 << 900.0 << P::Inconclusive << 0.0
                                      << "too few requests: 0.5/s < 1.0/s";
    QTest::newRow("no requests") << both << 0.0 << 0.0 << 0.0 << 0.0 << P::Inconclusive << 0.0 << "no requests";
    QTest::newRow("no requests, minRequests 0") << R"({"successRate": 0.95, "minRequests": 0})" << 0.0 << 0.0 << 0.0
                                                << 0.0 << P::Inconclusive << 0.0 << "no requests";
    QTest::newRow("higher minRequests") << R"({"successRate": 0.95, "minRequests": 20})" << 12.0 << 0.0 << 0.0 << 5.0
                                        << P::Inconclusive << 1.0 << "too few requests: 12/s < 20/s";
    QTest::newRow("success rate only") << R"({"successRate": 0.9})" << 20.0 << 1.0 << 1.0 << 5000.0 << P::Successful
                                       << 0.9 << "success rate 90.0 % ≥ 90.0 %";
    QTest::newRow("latency only, fast") << R"({"maxP95LatencyMs": 50})" << 20.0 << 10.0 << 0.0 << 4.5
                                        << P::Successful << 0.5 << "p95 4.5 ms ≤ 50 ms";
    QTest::newRow("latency only, nothing answered") << R"({"maxP95LatencyMs": 50})" << 20.0 << 0.0 << 20.0 << 0.0
                                                    << P::Failed << 0.0 << "p95 unknown: no request answered";
    QTest::newRow("failed connections count") << both << 40.0 << 0.0 << 4.0 << 30.0 << P::Failed << 0.9
                                              << "success rate 90.0 % < 95.0 %; p95 30 ms ≤ 200 ms";
}

void tst_Analysis::measure()
{
    QFETCH(QString, spec);
    QFETCH(double, rps);
    QFETCH(double, errors);
    QFETCH(double, failures);
    QFETCH(double, p95);
    QFETCH(rollout::Measurement::Phase, phase);
    QFETCH(double, successRate);
    QFETCH(QString, message);

    const TimeMs now = 1'700'000'123'456;
    const Measurement m = rollout::measure(::spec(spec.toStdString()), figures(rps, errors, failures, p95), now);
    QCOMPARE(qs(m.message), message);
    QCOMPARE(qs(rollout::phaseName(m.phase)), qs(rollout::phaseName(phase)));
    QVERIFY2(std::abs(m.successRate - successRate) < 1e-9, qPrintable(QString::number(m.successRate, 'g', 17)));
    QCOMPARE(m.time, now);
    QCOMPARE(m.requestsPerSecond, rps);
    QCOMPARE(m.p95LatencyMs, p95);
}

void tst_Analysis::verdict_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("failureLimit");
    QTest::addColumn<int>("inconclusiveLimit");
    QTest::addColumn<QString>("measurements");
    QTest::addColumn<rollout::AnalysisPhase>("phase");

    using P = AnalysisPhase;
    QTest::newRow("none") << 5 << 0 << 0 << "" << P::Pending;
    QTest::newRow("one good") << 5 << 0 << 0 << "S" << P::Running;
    QTest::newRow("four good") << 5 << 0 << 0 << "SSSS" << P::Running;
    QTest::newRow("count good") << 5 << 0 << 0 << "SSSSS" << P::Successful;
    QTest::newRow("count 1") << 1 << 0 << 0 << "S" << P::Successful;
    QTest::newRow("limit 0: first failure") << 5 << 0 << 0 << "F" << P::Failed;
    QTest::newRow("limit 0: failure late") << 5 << 0 << 0 << "SSF" << P::Failed;
    QTest::newRow("limit 0: last one fails") << 5 << 0 << 0 << "SSSSF" << P::Failed;
    QTest::newRow("limit 0: failure decides early") << 5 << 0 << 0 << "FSSSS" << P::Failed;
    QTest::newRow("limit 1: one failure tolerated") << 5 << 1 << 0 << "SF" << P::Running;
    QTest::newRow("limit 1: second failure") << 5 << 1 << 0 << "SFF" << P::Failed;
    QTest::newRow("limit 1: apart") << 5 << 1 << 0 << "FSSF" << P::Failed;
    QTest::newRow("limit 1: passes with one") << 5 << 1 << 0 << "SFSSS" << P::Successful;
    QTest::newRow("inconclusive limit 0") << 5 << 0 << 0 << "I" << P::Inconclusive;
    QTest::newRow("inconclusive limit 1: tolerated") << 5 << 0 << 1 << "IS" << P::Running;
    QTest::newRow("inconclusive limit 1: second") << 5 << 0 << 1 << "ISI" << P::Inconclusive;
    QTest::newRow("inconclusive limit 1: passes") << 5 << 0 << 1 << "ISSSS" << P::Successful;
    QTest::newRow("inconclusive ones count as taken") << 3 << 0 << 2 << "IIS" << P::Successful;
    QTest::newRow("inconclusive limit 2: third") << 3 << 0 << 2 << "III" << P::Inconclusive;
    QTest::newRow("failure before inconclusive") << 5 << 0 << 0 << "FI" << P::Failed;
    QTest::newRow("inconclusive before failure") << 5 << 0 << 0 << "IF" << P::Inconclusive;
    QTest::newRow("both within limits") << 4 << 1 << 1 << "FISS" << P::Successful;
    QTest::newRow("after success ignored") << 3 << 0 << 0 << "SSSFF" << P::Successful;
    QTest::newRow("after failure ignored") << 3 << 0 << 0 << "FSS" << P::Failed;
}

void tst_Analysis::verdict()
{
    QFETCH(int, count);
    QFETCH(int, failureLimit);
    QFETCH(int, inconclusiveLimit);
    QFETCH(QString, measurements);
    QFETCH(rollout::AnalysisPhase, phase);

    AnalysisSpec s;
    s.minSuccessRate = 0.95;
    s.count = count;
    s.failureLimit = failureLimit;
    s.inconclusiveLimit = inconclusiveLimit;
    const auto list = sequence(measurements);
    QCOMPARE(qs(rollout::phaseName(rollout::verdict(s, list))), qs(rollout::phaseName(phase)));
}

void tst_Analysis::nextMeasurementAt()
{
    const TimeMs start = 1'700'000'000'500;
    const AnalysisSpec delayed = spec(R"({"successRate": 0.9, "interval": "10s", "initialDelay": "30s"})");
    QCOMPARE(rollout::nextMeasurementAt(delayed, start, 0), start + 30'000);
    QCOMPARE(rollout::nextMeasurementAt(delayed, start, 1), start + 40'000);
    QCOMPARE(rollout::nextMeasurementAt(delayed, start, 3), start + 60'000);
    const AnalysisSpec immediate = spec(R"({"successRate": 0.9, "interval": "1m"})");
    QCOMPARE(rollout::nextMeasurementAt(immediate, start, 0), start);
    QCOMPARE(rollout::nextMeasurementAt(immediate, start, 4), start + 240'000);

    AnalysisRun run;
    run.spec = delayed;
    run.startedAt = start;
    run.measurements = sequence("SS");
    QCOMPARE(run.nextMeasurementAt(), start + 50'000);
}

void tst_Analysis::phaseNames()
{
    using P = AnalysisPhase;
    for (P p : {P::Pending, P::Running, P::Successful, P::Failed, P::Inconclusive})
        QCOMPARE(rollout::parseAnalysisPhase(rollout::phaseName(p)), std::optional<P>(p));
    QCOMPARE(qs(rollout::phaseName(P::Pending)), QStringLiteral("Pending"));
    QCOMPARE(qs(rollout::phaseName(P::Inconclusive)), QStringLiteral("Inconclusive"));
    QCOMPARE(qs(rollout::phaseName(Measurement::Phase::Successful)), QStringLiteral("Successful"));
    QCOMPARE(qs(rollout::phaseName(Measurement::Phase::Failed)), QStringLiteral("Failed"));
    QCOMPARE(rollout::parseMeasurementPhase("Failed"), std::optional<Measurement::Phase>(Measurement::Phase::Failed));
    QVERIFY(!rollout::parseMeasurementPhase("Pending").has_value());
    QVERIFY(!rollout::parseAnalysisPhase("failed").has_value());
    QVERIFY(rollout::isFinished(P::Inconclusive));
    QVERIFY(!rollout::isFinished(P::Running));
}

void tst_Analysis::runRecords()
{
    AnalysisRun run;
    run.name = "step-3";
    run.spec = spec(R"({"successRate": 0.95, "count": 3, "failureLimit": 1})");
    run.startedAt = 1000;
    const auto healthy = figures(100, 0, 0, 20), bad = figures(100, 20, 0, 20);

    QCOMPARE(run.record(rollout::measure(run.spec, healthy, 1000)), AnalysisPhase::Running);
    QCOMPARE(qs(run.message), QStringLiteral("1 of 3 measurements taken; last Successful: success rate 100.0 % ≥ 95.0 %"));
    QCOMPARE(run.record(rollout::measure(run.spec, bad, 11000)), AnalysisPhase::Running);
    QCOMPARE(run.record(rollout::measure(run.spec, bad, 21000)), AnalysisPhase::Failed);
    QCOMPARE(qs(run.message),
             QStringLiteral("2 of 3 measurements failed, more than the failure limit of 1: success rate 80.0 % < 95.0 %"));
    QVERIFY(run.finished());
    // a finished run takes no more measurements
    QCOMPARE(run.record(rollout::measure(run.spec, healthy, 31000)), AnalysisPhase::Failed);
    QCOMPARE(run.measurements.size(), std::size_t(3));

    AnalysisRun good;
    good.spec = spec(R"({"successRate": 0.95, "count": 2, "inconclusiveLimit": 1})");
    good.record(rollout::measure(good.spec, figures(0, 0, 0, 0), 0));
    QCOMPARE(good.phase, AnalysisPhase::Running);
    good.record(rollout::measure(good.spec, healthy, 10000));
    QCOMPARE(good.phase, AnalysisPhase::Successful);
    QCOMPARE(qs(good.message), QStringLiteral("2 of 2 measurements taken, 0 failed, 1 inconclusive"));
}

void tst_Analysis::runRoundTrip()
{
    AnalysisRun run;
    run.name = "step-2";
    run.spec = spec(R"({"successRate": 0.95, "maxP95LatencyMs": 200, "interval": "10s", "count": 5, "failureLimit": 1,
                      "inconclusiveLimit": 1, "initialDelay": "30s", "minRequests": 1})");
    run.startedAt = 1'700'000'000'250; // not a whole second: kept to the millisecond
    run.record(rollout::measure(run.spec, figures(100, 0, 0, 41), run.nextMeasurementAt()));
    run.record(rollout::measure(run.spec, figures(33.3, 7.1, 0.4, 212.6), run.nextMeasurementAt()));
    run.record(rollout::measure(run.spec, figures(0.2, 0, 0, 1), run.nextMeasurementAt()));
    QCOMPARE(run.phase, AnalysisPhase::Running);

    const api::Json json = run.encode();
    QCOMPARE(qs(json["startedAt"].get<std::string>()), QStringLiteral("2023-11-14T22:13:20.250Z"));
    QCOMPARE(qs(json["phase"].get<std::string>()), QStringLiteral("Running"));
    QCOMPARE(json["measurements"].size(), std::size_t(3));
    QCOMPARE(qs(json["measurements"][1]["phase"].get<std::string>()), QStringLiteral("Failed"));

    // through text, as a stored status is
    const auto back = AnalysisRun::decode(api::Json::parse(json.dump()), "status.analysisRun");
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().toString().c_str());
    QVERIFY2(*back == run, back->encode().dump().c_str());
    QCOMPARE(back->nextMeasurementAt(), run.nextMeasurementAt());
    QCOMPARE(back->encode(), json);
}

void tst_Analysis::runDecodeTolerance()
{
    // missing fields: defaults
    const auto empty = AnalysisRun::decode(api::Json::object());
    QVERIFY(empty.ok());
    QCOMPARE(*empty, AnalysisRun{});

    const auto partial = AnalysisRun::decode(api::Json::parse(
        R"({"name": "x", "phase": "Bogus", "startedAt": "not a time",
            "measurements": [{"phase": "Failed"}, 3, {"time": "2023-11-14T22:13:20Z", "successRate": "high"}]})"));
    QVERIFY(partial.ok());
    QCOMPARE(qs(partial->name), QStringLiteral("x"));
    QCOMPARE(partial->phase, AnalysisPhase::Pending);
    QCOMPARE(partial->startedAt, TimeMs(0));
    QCOMPARE(partial->measurements.size(), std::size_t(2));
    QCOMPARE(partial->measurements[0].phase, Measurement::Phase::Failed);
    QCOMPARE(partial->measurements[1].time, TimeMs(1'700'000'000'000));
    QCOMPARE(partial->measurements[1].successRate, 0.0);
    QCOMPARE(partial->measurements[1].phase, Measurement::Phase::Inconclusive);

    // refused: not an object, or a stored spec that does not validate
    const auto notObject = AnalysisRun::decode(api::Json::array(), "status.analysisRun");
    QVERIFY(!notObject.ok());
    QCOMPARE(qs(notObject.error().path), QStringLiteral("status.analysisRun"));
    const auto badSpec = AnalysisRun::decode(api::Json::parse(R"({"spec": {"successRate": 0.9, "count": 0}})"),
                                             "status.analysisRun");
    QVERIFY(!badSpec.ok());
    QCOMPARE(qs(badSpec.error().path), QStringLiteral("status.analysisRun.spec.count"));
}

QTEST_APPLESS_MAIN(tst_Analysis)
#include "tst_analysis.moc"
