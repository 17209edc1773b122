#pragma once

#include <cstdint>

namespace flotilla::engine::sim {

/// Seeded randomness with the same sequence on every platform (xoshiro256**, seeded by splitmix64).
class Random final {
public:
    explicit Random(std::uint64_t seed = 1) { reseed(seed); }
    void reseed(std::uint64_t seed);

    std::uint64_t next();
    /// In [0, 1).
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    /// In [lo, hi], inclusive.
    std::int64_t range(std::int64_t lo, std::int64_t hi);
    bool chance(double probability) { return uniform() < probability; }

private:
    std::uint64_t m_s[4] = {};
};

} // namespace flotilla::engine::sim
