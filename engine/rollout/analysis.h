#pragma once

#include "../api/object.h"
#include "../common/result.h"
#include "../common/timefmt.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::cluster {
struct TrafficFigures;
}

namespace flotilla::engine::rollout {

/// How a new version (a canary, or the preview side of a blue/green rollout) is judged from the simulated
/// traffic its Service sends it: every `interval` after `initialDelay`, one measurement of its figures
/// (success rate, p95 latency) against the thresholds, `count` measurements in all. The analysis fails once
/// more than `failureLimit` measurements failed, and stops as Inconclusive once more than
/// `inconclusiveLimit` had too little traffic to be judged.
///
/// JSON shape (durations as "10s", "2m", "500ms" or whole seconds):
///     {"successRate": 0.95, "maxP95LatencyMs": 200, "interval": "10s", "count": 5, "failureLimit": 1,
///      "inconclusiveLimit": 1, "initialDelay": "30s", "minRequests": 1}
struct AnalysisSpec {
    static constexpr TimeMs kMinInterval = 1'000;
    static constexpr TimeMs kMaxDuration = 24 * 3'600'000; ///< interval and initialDelay at most a day
    static constexpr std::int64_t kMaxCount = 1'000;       ///< so a run's measurements stay a small status

    /// Fails a measurement when the share of requests answered without a 5xx, over all requests sent to the
    /// version (failed connections included), is below it (0..1). Unset: not checked.
    std::optional<double> minSuccessRate;
    /// Fails a measurement when the version's p95 latency is above it (ms). Unset: not checked.
    std::optional<double> maxP95LatencyMs;
    TimeMs interval = 10'000;          ///< between measurements, at least 1 s
    std::int64_t count = 5;            ///< measurements to take, at least 1
    std::int64_t failureLimit = 0;     ///< failed measurements tolerated, less than count
    std::int64_t inconclusiveLimit = 0; ///< inconclusive measurements tolerated
    TimeMs initialDelay = 0;           ///< before the first measurement
    /// Requests per second under which a measurement is Inconclusive instead of judged (a version without
    /// traffic is never judged, whatever this is).
    double minRequests = 1;

    /// Reads and validates the JSON shape above. Errors name the field under `path`
    /// ("spec.strategy.canary.steps[2].analysis.successRate: Invalid value: 1.5: must be between 0 and 1");
    /// unknown fields are refused; at least one of successRate and maxP95LatencyMs must be set; failureLimit
    /// must be less than count.
    static Result<AnalysisSpec> decode(const api::Json &json, const std::string &path);
    /// The JSON shape above, every field written; decode(encode()) gives the same spec back.
    api::Json encode() const;

    bool operator==(const AnalysisSpec &) const = default;
};

/// One look at the version's traffic.
struct Measurement {
    enum class Phase { Successful, Failed, Inconclusive };

    TimeMs time = 0;
    double requestsPerSecond = 0;
    double successRate = 0; ///< 0..1; 0 when no request was sent
    double p95LatencyMs = 0;
    Phase phase = Phase::Inconclusive;
    std::string message; ///< "success rate 82.0 % < 95.0 %; p95 41 ms ≤ 200 ms"

    api::Json encode() const;
    /// Tolerant: a missing or unreadable field keeps its default.
    static Measurement decode(const api::Json &json);

    bool operator==(const Measurement &) const = default;
};
using MeasurementPhase = Measurement::Phase;

enum class AnalysisPhase { Pending, Running, Successful, Failed, Inconclusive };

const char *phaseName(Measurement::Phase phase);
const char *phaseName(AnalysisPhase phase);
std::optional<Measurement::Phase> parseMeasurementPhase(std::string_view name);
std::optional<AnalysisPhase> parseAnalysisPhase(std::string_view name);
/// Successful, Failed and Inconclusive: the run is over.
bool isFinished(AnalysisPhase phase);

/// Judges one set of traffic figures of the version at `now`: Inconclusive when fewer than
/// spec.minRequests requests per second were sent (or none), else Failed when a set threshold is missed
/// (with a latency threshold, also when no request was answered at all), else Successful.
/// Success rate = (requests − 5xx errors − failed connections) / requests.
Measurement measure(const AnalysisSpec &spec, const cluster::TrafficFigures &figures, TimeMs now);

/// The state of an analysis after `measurements` (in the order they were taken): Failed as soon as more than
/// failureLimit failed, Inconclusive as soon as more than inconclusiveLimit were inconclusive, Successful once
/// `count` were taken without either, else Running (Pending with none). Measurements after the one that
/// decided are ignored.
AnalysisPhase verdict(const AnalysisSpec &spec, std::span<const Measurement> measurements);

/// When the measurement after `taken` ones is due: startedAt + initialDelay + taken × interval.
TimeMs nextMeasurementAt(const AnalysisSpec &spec, TimeMs startedAt, std::size_t taken);

/// One analysis of one rollout step, as a controller keeps it in the status of the object it rolls out so
/// that it resumes after a restart.
///
/// JSON shape: {"name": ..., "spec": {AnalysisSpec}, "startedAt": RFC 3339 (with milliseconds when not
/// whole seconds), "measurements": [{"time", "phase", "requestsPerSecond", "successRate", "p95LatencyMs",
/// "message"}], "phase": "Running", "message": ...}
struct AnalysisRun {
    std::string name;
    AnalysisSpec spec;
    TimeMs startedAt = 0;
    std::vector<Measurement> measurements;
    AnalysisPhase phase = AnalysisPhase::Pending;
    std::string message;

    /// Takes a measurement into the run (none once it is finished): appends it, then sets phase to the
    /// verdict and message to a summary ("2 of 5 measurements failed, more than the failure limit of 1:
    /// success rate 82.0 % < 95.0 %"). Returns the new phase.
    AnalysisPhase record(Measurement measurement);
    /// When the next measurement is due.
    TimeMs nextMeasurementAt() const;
    bool finished() const { return isFinished(phase); }

    api::Json encode() const;
    /// For resuming from a stored status. Tolerant: missing fields, and unreadable ones other than the spec,
    /// keep their defaults. Refused: JSON that is not an object, and a spec that is present but does not
    /// validate (errors name the field under `path`, e.g. "status.analysisRun.spec.count").
    static Result<AnalysisRun> decode(const api::Json &json, const std::string &path = {});

    bool operator==(const AnalysisRun &) const = default;
};

} // namespace flotilla::engine::rollout
