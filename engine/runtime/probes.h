#pragma once

#include "../api/object.h"
#include "../common/timefmt.h"

#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::runtime {

/// A readiness or liveness probe of a container spec, with Kubernetes' defaults.
struct Probe {
    enum class Type { HttpGet, TcpSocket, Exec, Grpc };
    Type type = Type::HttpGet;
    std::string path = "/";   ///< httpGet
    std::string port;         ///< number or name, as written
    std::string scheme = "HTTP";
    std::vector<std::string> command; ///< exec
    TimeMs initialDelay = 0;
    TimeMs period = 10'000;
    TimeMs timeout = 1'000;
    int successThreshold = 1;
    int failureThreshold = 3;

    /// nullopt when `json` holds no probe handler (an absent or empty probe).
    static std::optional<Probe> decode(const api::Json &json);

    /// Why a probe fails, for its message.
    enum class Failure { NotReadyYet, Unhealthy, Timeout };
    /// The message after "Readiness probe failed: " as the kubelet writes it
    /// ("HTTP probe failed with statuscode: 503", "dial tcp 10.244.1.4:6379: connect: connection refused").
    std::string failureMessage(Failure why, const std::string &podIP) const;
};

/// A span of simulated time in which a probe's answer does not change.
struct ProbeSegment {
    TimeMs from = 0;
    TimeMs to = 0; ///< exclusive; kForever for open-ended
    bool ok = true;
    Probe::Failure why = Probe::Failure::Unhealthy;
};
inline constexpr TimeMs kForever = INT64_MAX / 4;

/// When a probe's result flips: the first probe time at or after `now` (probes run at
/// start + initialDelay + k × period) from which `threshold` probes in a row answer `wantOk`.
/// The time of the last of those probes, and the segment that decided it; nullopt when never.
struct ProbeFlip {
    TimeMs at = 0;
    TimeMs firstAt = 0; ///< the first probe of the run (a failure event is written then)
    ProbeSegment segment;
};
std::optional<ProbeFlip> nextProbeFlip(const Probe &probe, TimeMs start, TimeMs now, bool wantOk,
                                       const std::vector<ProbeSegment> &segments);

} // namespace flotilla::engine::runtime
