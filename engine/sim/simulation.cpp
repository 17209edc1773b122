#include "simulation.h"

namespace flotilla::engine::sim {

Simulation::Simulation(std::uint64_t seed, TimeMs start) : m_now(start), m_seed(seed), m_random(seed) {}

Simulation::TaskId Simulation::at(TimeMs time, std::function<void()> task)
{
    const TaskId id = ++m_seq;
    m_queue.push({std::max(time, m_now), id, id});
    m_tasks.emplace(id, std::move(task));
    return id;
}

void Simulation::cancel(TaskId id) { m_tasks.erase(id); }

void Simulation::dropCancelled()
{
    while (!m_queue.empty() && !m_tasks.count(m_queue.top().id))
        m_queue.pop();
}

std::optional<TimeMs> Simulation::nextTaskTime()
{
    dropCancelled();
    if (m_queue.empty())
        return std::nullopt;
    return m_queue.top().time;
}

bool Simulation::step()
{
    dropCancelled();
    if (m_queue.empty())
        return false;
    const Entry e = m_queue.top();
    m_queue.pop();
    auto it = m_tasks.find(e.id);
    auto task = std::move(it->second);
    m_tasks.erase(it);
    m_now = std::max(m_now, e.time);
    task();
    return true;
}

std::size_t Simulation::runUntil(TimeMs time, std::size_t maxTasks)
{
    std::size_t ran = 0;
    while (ran < maxTasks) {
        const auto next = nextTaskTime();
        if (!next || *next > time)
            break;
        step();
        ++ran;
    }
    if (ran < maxTasks)
        m_now = std::max(m_now, time);
    return ran;
}

} // namespace flotilla::engine::sim
