#pragma once

#include "../common/timefmt.h"
#include "behaviour.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flotilla::engine::runtime {

struct LogLine {
    TimeMs time = 0;
    std::string text;
};

/// A stretch of Service traffic a container answered at a steady rate: from `from` until `until`
/// (0: still going). The log shows one access line per request, made from the span like every other line.
struct RequestSpan {
    TimeMs from = 0;
    TimeMs until = 0;
    double perSecond = 0;   ///< requests answered per second
    double errorShare = 0;  ///< of them answered with a 5xx, 0..1
    double latencyMs = 0;   ///< typical (median) latency; 0: the default 20 ms
    bool operator==(const RequestSpan &) const = default;
};

/// One run of a container, which is all it takes to write its log: the lines are made on demand from
/// (seed, pod uid, container, run) and time, so nothing is stored per line and 150,000 pods cost nothing
/// until someone reads a log. Same seed, same pod, same times ⇒ the same lines.
struct ContainerRun {
    std::uint64_t seed = 0;
    std::string podUid;
    std::string container;
    int restartCount = 0;       ///< which run (0: the first)
    ImageKind kind = ImageKind::Generic;
    std::string image;          ///< for version lines
    std::string podIP;
    TimeMs startedAt = 0;
    TimeMs finishedAt = 0;      ///< 0: still running
    std::string endReason;      ///< "Error", "OOMKilled", "Completed", … (how it finished)
    std::string command;        ///< what runs ("node app.js"); empty: the usual program of its kind
    int port = 0;               ///< the port the program listens on; 0: the usual one of its kind
    /// Service traffic it answered, oldest first; only servers (nginx, node, python, generic) log it.
    std::vector<RequestSpan> requests;
};

/// Whether containers of this kind write an access line per request they answer.
bool logsRequests(ImageKind kind);

/// What to read: lines in [since, until] (until 0: the run's end or now), the last `tail` of them (0: all).
struct LogQuery {
    TimeMs since = 0;
    TimeMs until = 0;
    std::size_t tail = 0;
    std::size_t limit = 10'000; ///< never more than this many lines
};

/// The lines of a run, in order. `now` bounds a running container's log.
std::vector<LogLine> containerLog(const ContainerRun &run, TimeMs now, const LogQuery &query = {});

/// "2026/11/27 07:40:58"-style helpers used by the generators (UTC).
std::string formatLogTime(TimeMs time, const char *style);

} // namespace flotilla::engine::runtime
