#pragma once

#include "../common/timefmt.h"
#include "random.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::sim {

/// Discrete simulated time: an event queue ordered by (time, insertion order), a clock that only
/// moves when told, and seeded randomness. The same seed and the same inputs give the same timeline.
/// How fast simulated time follows wall time is the engine's business, not this class's.
class Simulation final {
public:
    using TaskId = std::uint64_t;

    Simulation(std::uint64_t seed, TimeMs start);

    TimeMs now() const { return m_now; }
    /// Moves the clock forward without running anything (used when reopening a sandbox).
    void setNow(TimeMs now) { m_now = now; }
    std::uint64_t seed() const { return m_seed; }
    Random &random() { return m_random; }

    TaskId at(TimeMs time, std::function<void()> task);
    TaskId after(TimeMs delay, std::function<void()> task) { return at(m_now + delay, std::move(task)); }
    void cancel(TaskId id);

    /// Runs every task due at or before `time`, in order, then sets the clock to `time`.
    /// Tasks scheduled by tasks run too if they are due. Returns how many ran.
    std::size_t runUntil(TimeMs time, std::size_t maxTasks = SIZE_MAX);
    /// Runs the next task (moving the clock to its time). False when there is none.
    bool step();
    std::optional<TimeMs> nextTaskTime();
    std::size_t pendingTasks() const { return m_tasks.size(); }

private:
    struct Entry {
        TimeMs time;
        std::uint64_t seq;
        TaskId id;
        bool operator>(const Entry &o) const { return time != o.time ? time > o.time : seq > o.seq; }
    };
    void dropCancelled();

    TimeMs m_now;
    std::uint64_t m_seed;
    Random m_random;
    std::uint64_t m_seq = 0;
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> m_queue;
    std::unordered_map<TaskId, std::function<void()>> m_tasks;
};

} // namespace flotilla::engine::sim
