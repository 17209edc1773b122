#pragma once

#include "../api/object.h"
#include "../common/timefmt.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flotilla::engine::runtime {

/// What kind of program an image runs, for plausible logs and resource use.
enum class ImageKind : std::uint8_t { Generic, Nginx, Node, Python, Redis, Postgres, Shell, System };

/// "nginx:1.25" → Nginx, "docker.io/library/node:20" → Node, "registry.k8s.io/etcd:3.5" → System.
ImageKind imageKindOf(std::string_view reference);

/// The simulated behaviour of a container, read from its image's labels (`flotilla.sim.*`).
/// Unset values are 0 (defaults are the runtime's business).
struct ImageBehaviour {
    ImageKind kind = ImageKind::Generic;
    TimeMs readyAfter = 0;      ///< flotilla.sim.ready-after: readiness succeeds only after this long since start
    TimeMs unhealthyAfter = 0;  ///< flotilla.sim.unhealthy-after: probes fail from then on (0: never)
    std::int64_t cpuMilli = 0;  ///< flotilla.sim.cpu: typical CPU use (millicores)
    std::int64_t memoryBytes = 0;        ///< flotilla.sim.memory: typical memory use
    std::int64_t leakBytesPerMinute = 0; ///< flotilla.sim.memory-leak: "5Mi/min"
    /// flotilla.sim.cpu-per-request: CPU per request per second the container answers through a Service
    /// ("2m": 100 requests/s add 200m on top of flotilla.sim.cpu), so Service traffic is load.
    double cpuMilliPerRequest = 0;

    static ImageBehaviour fromLabels(std::string_view reference, const api::Labels &labels);
};

/// "90s", "2m", "1h30m", "500ms" → milliseconds; nullopt when unreadable.
std::optional<TimeMs> parseSimDuration(std::string_view text);
/// "5Mi/min", "1Mi/s", "100Ki/h" → bytes per minute; nullopt when unreadable.
std::optional<std::int64_t> parseRatePerMinute(std::string_view text);

/// A stable 64-bit hash of a string (FNV-1a), the same on every platform.
std::uint64_t stableHash(std::string_view text);
/// Mixes numbers into one well-spread 64-bit value (splitmix64 steps), for deterministic noise.
std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c = 0, std::uint64_t d = 0);
/// A deterministic value in [0, 1) from a mixed hash.
inline double unit(std::uint64_t h) { return double(h >> 11) * 0x1.0p-53; }

} // namespace flotilla::engine::runtime
