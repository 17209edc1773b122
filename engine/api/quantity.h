#pragma once

#include "object.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flotilla::engine::api {

/// A Kubernetes resource quantity ("500m", "2", "128Mi", "1.5G", "1e3") as a number of base units.
std::optional<double> parseQuantity(std::string_view text);
/// The same from a JSON value, which may be a string or a number.
std::optional<double> parseQuantity(const Json &value);

/// CPU in millicores, memory in bytes, rounded up as Kubernetes does.
std::int64_t toMilli(double value);
std::int64_t toBytes(double value);

/// "250m", "2"; "128Mi", "7.5Gi": short forms for tables.
std::string formatCpu(std::int64_t millicores);
std::string formatBytes(std::int64_t bytes);

} // namespace flotilla::engine::api
