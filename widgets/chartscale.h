#pragma once

#include <cmath>

namespace flotilla::widgets {

/// A round axis maximum at or above `v`: 1, 2, 2.5, 5, 10, 20, … (1 for nothing to show).
inline double niceCeiling(double v)
{
    if (v <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (step * magnitude >= v)
            return step * magnitude;
    return 10 * magnitude;
}

} // namespace flotilla::widgets
