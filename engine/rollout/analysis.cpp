#include "analysis.h"

#include "../cluster/traffic.h"
#include "../runtime/behaviour.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <limits>
#include <utility>

namespace flotilla::engine::rollout {

namespace {

/// Thresholds are compared with this much slack, so that 95 answered of 100 meets a 0.95 success rate
/// whatever the rounding of the figures.
constexpr double kEpsilon = 1e-9;

constexpr const char *kKnownFields[] = {"successRate",       "maxP95LatencyMs", "interval",    "count",
                                        "failureLimit",      "inconclusiveLimit", "initialDelay", "minRequests"};

Error fieldError(std::string path, std::string message)
{
    return Error::make(Error::Code::Invalid, std::move(message), std::move(path));
}

std::string join(const std::string &path, std::string_view name)
{
    return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// "10s", "2m", "1h", "1500ms": the shortest exact form parseSimDuration reads back.
std::string formatDuration(TimeMs ms)
{
    if (ms != 0 && ms % 3'600'000 == 0)
        return std::to_string(ms / 3'600'000) + "h";
    if (ms != 0 && ms % 60'000 == 0)
        return std::to_string(ms / 60'000) + "m";
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

/// RFC 3339 in UTC, with milliseconds when the time is not on a whole second (so a stored run resumes at
/// the exact simulated time).
std::string formatTime(TimeMs ms)
{
    std::string s = formatRfc3339(ms);
    if (ms > 0 && ms % 1000 != 0 && !s.empty() && s.back() == 'Z') {
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03d", int(ms % 1000));
        s.insert(s.size() - 1, frac);
    }
    return s;
}

/// A JSON number as a whole number when it is one, so 200 reads as 200, not 200.0.
api::Json number(double v)
{
    if (std::isfinite(v) && v == std::floor(v) && std::abs(v) < 1e15)
        return std::int64_t(v);
    return v;
}

Result<double> readNumber(const api::Json &f, const std::string &path, double min, double max, bool minExclusive,
                          const std::string &rangeText)
{
    if (!f.is_number())
        return fieldError(path, "Invalid value: " + f.dump() + ": must be a number " + rangeText);
    const double v = f.get<double>();
    if (!std::isfinite(v) || v > max || (minExclusive ? v <= min : v < min))
        return fieldError(path, "Invalid value: " + f.dump() + ": must be " + rangeText);
    return v;
}

Result<std::int64_t> readInteger(const api::Json &f, const std::string &path, std::int64_t min, std::int64_t max)
{
    const std::string range = max == std::numeric_limits<std::int64_t>::max()
                                  ? "greater than or equal to " + std::to_string(min)
                                  : "between " + std::to_string(min) + " and " + std::to_string(max);
    if (!f.is_number_integer())
        return fieldError(path, "Invalid value: " + f.dump() + ": must be an integer " + range);
    if (f.is_number_unsigned() && f.get<std::uint64_t>() > std::uint64_t(max))
        return fieldError(path, "Invalid value: " + f.dump() + ": must be " + range);
    const std::int64_t v = f.get<std::int64_t>();
    if (v < min || v > max)
        return fieldError(path, "Invalid value: " + f.dump() + ": must be " + range);
    return v;
}

Result<TimeMs> readDuration(const api::Json &f, const std::string &path, TimeMs min, TimeMs max)
{
    const char *form = ": must be a duration such as \"10s\", \"2m\" or \"500ms\", or a whole number of seconds";
    std::optional<TimeMs> ms;
    if (f.is_string()) {
        ms = runtime::parseSimDuration(f.get<std::string>());
    } else if (f.is_number_unsigned()) {
        const std::uint64_t secs = f.get<std::uint64_t>();
        if (secs > std::uint64_t(max / 1000))
            return fieldError(path, "Invalid value: " + f.dump() + ": must be at most " + formatDuration(max));
        ms = TimeMs(secs) * 1000;
    } else if (f.is_number_integer()) {
        const std::int64_t secs = f.get<std::int64_t>();
        if (secs < 0)
            return fieldError(path, "Invalid value: " + f.dump() + ": must not be negative");
        if (secs > max / 1000)
            return fieldError(path, "Invalid value: " + f.dump() + ": must be at most " + formatDuration(max));
        ms = secs * 1000;
    }
    if (!ms)
        return fieldError(path, "Invalid value: " + f.dump() + form);
    if (*ms < min)
        return fieldError(path, "Invalid value: " + f.dump() + ": must be at least " + formatDuration(min));
    if (*ms > max)
        return fieldError(path, "Invalid value: " + f.dump() + ": must be at most " + formatDuration(max));
    return *ms;
}

} // namespace

Result<AnalysisSpec> AnalysisSpec::decode(const api::Json &json, const std::string &path)
{
    AnalysisSpec s;
    if (!json.is_object()) {
        if (json.is_null())
            return fieldError(path, "Required value: at least one of successRate or maxP95LatencyMs must be set");
        return fieldError(path, std::string("must be an object, not ") + json.type_name());
    }
    // unknown fields first: a misspelt threshold is better named as such than as a missing one
    for (const auto &[key, value] : json.items()) {
        if (std::find(std::begin(kKnownFields), std::end(kKnownFields), key) != std::end(kKnownFields))
            continue;
        std::string known;
        for (const char *k : kKnownFields)
            known += (known.empty() ? "" : ", ") + std::string(k);
        return fieldError(join(path, key), "unknown field \"" + key + "\": supported fields: " + known);
    }

    std::optional<Error> first;
    const auto take = [&](const char *name, auto read, auto &target) {
        const api::Json &f = api::field(json, name);
        if (f.is_null())
            return;
        auto r = read(f, join(path, name));
        if (r.ok())
            target = *r;
        else if (!first)
            first = r.error();
    };
    take("successRate", [](const api::Json &f, const std::string &p) { return readNumber(f, p, 0, 1, false, "between 0 and 1"); },
         s.minSuccessRate);
    take("maxP95LatencyMs",
         [](const api::Json &f, const std::string &p) {
             return readNumber(f, p, 0, std::numeric_limits<double>::max(), true, "greater than 0 (milliseconds)");
         },
         s.maxP95LatencyMs);
    take("interval",
         [](const api::Json &f, const std::string &p) {
             return readDuration(f, p, AnalysisSpec::kMinInterval, AnalysisSpec::kMaxDuration);
         },
         s.interval);
    take("count", [](const api::Json &f, const std::string &p) { return readInteger(f, p, 1, AnalysisSpec::kMaxCount); },
         s.count);
    take("failureLimit",
         [](const api::Json &f, const std::string &p) {
             return readInteger(f, p, 0, std::numeric_limits<std::int64_t>::max());
         },
         s.failureLimit);
    take("inconclusiveLimit",
         [](const api::Json &f, const std::string &p) {
             return readInteger(f, p, 0, std::numeric_limits<std::int64_t>::max());
         },
         s.inconclusiveLimit);
    take("initialDelay",
         [](const api::Json &f, const std::string &p) { return readDuration(f, p, 0, AnalysisSpec::kMaxDuration); },
         s.initialDelay);
    take("minRequests",
         [](const api::Json &f, const std::string &p) {
             return readNumber(f, p, 0, std::numeric_limits<double>::max(), false,
                               "greater than or equal to 0 (requests per second)");
         },
         s.minRequests);
    if (first)
        return *first;
    if (!s.minSuccessRate && !s.maxP95LatencyMs)
        return fieldError(path, "Required value: at least one of successRate or maxP95LatencyMs must be set");
    if (s.failureLimit >= s.count)
        return fieldError(join(path, "failureLimit"),
                          "Invalid value: " + std::to_string(s.failureLimit) + ": must be less than count (" +
                              std::to_string(s.count) + "), or the analysis could never fail");
    return s;
}

namespace {

/// A figure and its threshold as text ("82.0" and "95.0"), with more decimals when the given ones would show
/// two different values as equal.
std::pair<std::string, std::string> formatPair(double value, int valueDecimals, double limit, int limitDecimals)
{
    std::string a = fixed(value, valueDecimals), b = fixed(limit, limitDecimals);
    const int most = std::max(valueDecimals, limitDecimals);
    for (int d = most + 1; a == b && value != limit && d <= most + 3; ++d) {
        a = fixed(value, d);
        b = fixed(limit, d);
    }
    return {a, b};
}

/// "41 ms", "0.8 ms": whole milliseconds from 10 ms on, and for whole values.
int latencyDecimals(double ms) { return ms < 10 && ms != std::floor(ms) ? 1 : 0; }

std::string rate(double perSecond) { return fixed(perSecond, perSecond < 10 ? 1 : 0) + "/s"; }

template <typename Phase>
std::optional<Phase> parsePhase(std::string_view name, std::initializer_list<Phase> phases)
{
    for (Phase p : phases)
        if (name == phaseName(p))
            return p;
    return std::nullopt;
}

} // namespace

api::Json AnalysisSpec::encode() const
{
    api::Json j = api::Json::object();
    if (minSuccessRate)
        j["successRate"] = number(*minSuccessRate);
    if (maxP95LatencyMs)
        j["maxP95LatencyMs"] = number(*maxP95LatencyMs);
    j["interval"] = formatDuration(interval);
    j["count"] = count;
    j["failureLimit"] = failureLimit;
    j["inconclusiveLimit"] = inconclusiveLimit;
    j["initialDelay"] = formatDuration(initialDelay);
    j["minRequests"] = number(minRequests);
    return j;
}

const char *phaseName(Measurement::Phase phase)
{
    switch (phase) {
    case Measurement::Phase::Successful: return "Successful";
    case Measurement::Phase::Failed: return "Failed";
    case Measurement::Phase::Inconclusive: return "Inconclusive";
    }
    return "Inconclusive";
}

const char *phaseName(AnalysisPhase phase)
{
    switch (phase) {
    case AnalysisPhase::Pending: return "Pending";
    case AnalysisPhase::Running: return "Running";
    case AnalysisPhase::Successful: return "Successful";
    case AnalysisPhase::Failed: return "Failed";
    case AnalysisPhase::Inconclusive: return "Inconclusive";
    }
    return "Pending";
}

std::optional<Measurement::Phase> parseMeasurementPhase(std::string_view name)
{
    using P = Measurement::Phase;
    return parsePhase(name, {P::Successful, P::Failed, P::Inconclusive});
}

std::optional<AnalysisPhase> parseAnalysisPhase(std::string_view name)
{
    using P = AnalysisPhase;
    return parsePhase(name, {P::Pending, P::Running, P::Successful, P::Failed, P::Inconclusive});
}

bool isFinished(AnalysisPhase phase)
{
    return phase == AnalysisPhase::Successful || phase == AnalysisPhase::Failed || phase == AnalysisPhase::Inconclusive;
}

Measurement measure(const AnalysisSpec &spec, const cluster::TrafficFigures &figures, TimeMs now)
{
    Measurement m;
    m.time = now;
    m.requestsPerSecond = figures.requestsPerSecond;
    m.p95LatencyMs = figures.p95;
    const double requests = figures.requestsPerSecond;
    if (requests > 0)
        m.successRate = std::clamp((requests - figures.errorsPerSecond - figures.failuresPerSecond) / requests, 0.0, 1.0);

    if (!(requests > 0)) {
        m.phase = Measurement::Phase::Inconclusive;
        m.message = "no requests";
        return m;
    }
    if (!(requests + kEpsilon >= spec.minRequests)) {
        m.phase = Measurement::Phase::Inconclusive;
        m.message = "too few requests: " + rate(requests) + " < " + rate(spec.minRequests);
        return m;
    }

    bool failed = false;
    std::string message;
    const auto part = [&](const std::string &text) { message += (message.empty() ? "" : "; ") + text; };
    if (spec.minSuccessRate) {
        const bool below = m.successRate < *spec.minSuccessRate - kEpsilon;
        failed = failed || below;
        const auto [value, limit] = formatPair(m.successRate * 100, 1, *spec.minSuccessRate * 100, 1);
        part("success rate " + value + " % " + (below ? "<" : "≥") + " " + limit + " %");
    }
    if (spec.maxP95LatencyMs) {
        const double answered = requests - figures.failuresPerSecond;
        if (!(answered > kEpsilon)) {
            failed = true;
            part("p95 unknown: no request answered");
        } else {
            const bool above = m.p95LatencyMs > *spec.maxP95LatencyMs + kEpsilon;
            failed = failed || above;
            const auto [value, limit] = formatPair(m.p95LatencyMs, latencyDecimals(m.p95LatencyMs), *spec.maxP95LatencyMs,
                                                   latencyDecimals(*spec.maxP95LatencyMs));
            part("p95 " + value + " ms " + (above ? ">" : "≤") + " " + limit + " ms");
        }
    }
    m.phase = failed ? Measurement::Phase::Failed : Measurement::Phase::Successful;
    m.message = std::move(message);
    return m;
}

AnalysisPhase verdict(const AnalysisSpec &spec, std::span<const Measurement> measurements)
{
    if (measurements.empty())
        return AnalysisPhase::Pending;
    std::int64_t failed = 0, inconclusive = 0, taken = 0;
    for (const auto &m : measurements) {
        ++taken;
        if (m.phase == Measurement::Phase::Failed && ++failed > spec.failureLimit)
            return AnalysisPhase::Failed;
        if (m.phase == Measurement::Phase::Inconclusive && ++inconclusive > spec.inconclusiveLimit)
            return AnalysisPhase::Inconclusive;
        if (taken >= spec.count)
            return AnalysisPhase::Successful;
    }
    return AnalysisPhase::Running;
}

TimeMs nextMeasurementAt(const AnalysisSpec &spec, TimeMs startedAt, std::size_t taken)
{
    return startedAt + spec.initialDelay + TimeMs(taken) * spec.interval;
}

api::Json Measurement::encode() const
{
    return {{"time", formatTime(time)},
            {"phase", phaseName(phase)},
            {"requestsPerSecond", number(requestsPerSecond)},
            {"successRate", number(successRate)},
            {"p95LatencyMs", number(p95LatencyMs)},
            {"message", message}};
}

Measurement Measurement::decode(const api::Json &json)
{
    Measurement m;
    const auto num = [&](const char *name, double &target) {
        const api::Json &f = api::field(json, name);
        if (f.is_number())
            target = f.get<double>();
    };
    m.time = parseRfc3339(api::stringField(json, "time")).value_or(0);
    m.phase = parseMeasurementPhase(api::stringField(json, "phase")).value_or(Phase::Inconclusive);
    num("requestsPerSecond", m.requestsPerSecond);
    num("successRate", m.successRate);
    num("p95LatencyMs", m.p95LatencyMs);
    m.message = api::stringField(json, "message");
    return m;
}

AnalysisPhase AnalysisRun::record(Measurement measurement)
{
    if (finished())
        return phase;
    measurements.push_back(std::move(measurement));
    phase = verdict(spec, measurements);

    std::int64_t failed = 0, inconclusive = 0;
    for (const auto &m : measurements) {
        failed += m.phase == Measurement::Phase::Failed;
        inconclusive += m.phase == Measurement::Phase::Inconclusive;
    }
    const Measurement &last = measurements.back();
    const std::string of = " of " + std::to_string(spec.count) + " measurements ";
    switch (phase) {
    case AnalysisPhase::Failed:
        message = std::to_string(failed) + of + "failed, more than the failure limit of " +
                  std::to_string(spec.failureLimit) + ": " + last.message;
        break;
    case AnalysisPhase::Inconclusive:
        message = std::to_string(inconclusive) + of + "inconclusive, more than the limit of " +
                  std::to_string(spec.inconclusiveLimit) + ": " + last.message;
        break;
    case AnalysisPhase::Successful:
        message = std::to_string(measurements.size()) + of + "taken, " + std::to_string(failed) + " failed, " +
                  std::to_string(inconclusive) + " inconclusive";
        break;
    default:
        message = std::to_string(measurements.size()) + of + "taken; last " +
                  std::string(phaseName(last.phase)) + ": " + last.message;
        break;
    }
    return phase;
}

TimeMs AnalysisRun::nextMeasurementAt() const
{
    return rollout::nextMeasurementAt(spec, startedAt, measurements.size());
}

api::Json AnalysisRun::encode() const
{
    api::Json list = api::Json::array();
    for (const auto &m : measurements)
        list.push_back(m.encode());
    return {{"name", name},
            {"spec", spec.encode()},
            {"startedAt", formatTime(startedAt)},
            {"measurements", std::move(list)},
            {"phase", phaseName(phase)},
            {"message", message}};
}

Result<AnalysisRun> AnalysisRun::decode(const api::Json &json, const std::string &path)
{
    if (!json.is_object())
        return fieldError(path, std::string("must be an object, not ") + json.type_name());
    AnalysisRun run;
    run.name = api::stringField(json, "name");
    if (const api::Json &spec = api::field(json, "spec"); !spec.is_null()) {
        auto decoded = AnalysisSpec::decode(spec, join(path, "spec"));
        if (!decoded.ok())
            return decoded.error();
        run.spec = std::move(decoded).value();
    }
    run.startedAt = parseRfc3339(api::stringField(json, "startedAt")).value_or(0);
    const api::Json &list = api::field(json, "measurements");
    if (list.is_array())
        for (const auto &m : list)
            if (m.is_object())
                run.measurements.push_back(Measurement::decode(m));
    run.phase = parseAnalysisPhase(api::stringField(json, "phase")).value_or(AnalysisPhase::Pending);
    run.message = api::stringField(json, "message");
    return run;
}

} // namespace flotilla::engine::rollout
