#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flotilla::engine {

/// Milliseconds since the Unix epoch, as the simulation clock counts them.
using TimeMs = std::int64_t;

/// RFC 3339 in UTC with seconds precision, as Kubernetes writes timestamps: 2026-11-27T03:10:00Z.
std::string formatRfc3339(TimeMs ms);
std::optional<TimeMs> parseRfc3339(std::string_view text);

/// kubectl's age notation: 5s, 3m12s, 4h, 2d3h, 120d.
std::string formatAge(TimeMs durationMs);

} // namespace flotilla::engine
