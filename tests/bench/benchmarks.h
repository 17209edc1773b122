#pragma once

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <jemalloc/jemalloc.h>

namespace flotilla::bench {

/// Prints one figure: "<benchmark>.<figure> <value> <unit>".
inline void report(const std::string &name, double value, const char *unit)
{
    if (value >= 100)
        std::printf("%s %.0f %s\n", name.c_str(), value, unit);
    else
        std::printf("%s %.2f %s\n", name.c_str(), value, unit);
    std::fflush(stdout);
}

/// Repetitions of a benchmark: `fallback`, or FLOTILLA_BENCH_RUNS when set (e.g. 1 under a profiler).
inline int runs(int fallback)
{
    const char *env = std::getenv("FLOTILLA_BENCH_RUNS");
    const int n = env ? std::atoi(env) : 0;
    return n > 0 ? n : fallback;
}

inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

/// Bytes the program has allocated and not freed (jemalloc's count, as the app runs with jemalloc).
inline std::size_t heapBytes()
{
    std::uint64_t epoch = 1;
    std::size_t size = sizeof epoch;
    mallctl("epoch", &epoch, &size, &epoch, size); // refreshes the statistics
    std::size_t allocated = 0;
    size = sizeof allocated;
    if (mallctl("stats.allocated", &allocated, &size, nullptr, 0) != 0)
        return 0;
    return allocated;
}

using Clock = std::chrono::steady_clock;
inline double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Benchmark {
    const char *name;
    const char *what;
    std::function<void()> run;
};

void storeBenchmarks(std::vector<Benchmark> &out);
void modelBenchmarks(std::vector<Benchmark> &out);
void startupBenchmarks(std::vector<Benchmark> &out);
void pipelineBenchmarks(std::vector<Benchmark> &out);
void imageBenchmarks(std::vector<Benchmark> &out);
void clusterBenchmarks(std::vector<Benchmark> &out);
void guiBenchmarks(std::vector<Benchmark> &out);
void apiBenchmarks(std::vector<Benchmark> &out);

} // namespace flotilla::bench
