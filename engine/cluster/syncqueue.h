#pragma once

#include "../sim/simulation.h"

#include <functional>
#include <set>
#include <string>

namespace flotilla::engine::cluster {

/// A controller's work queue on the simulation clock: a key queued several times before its sync runs is
/// synced once, as client-go's work queues do.
class SyncQueue final {
public:
    using Sync = std::function<void(const std::string &key)>;
    SyncQueue(sim::Simulation &sim, Sync sync) : m_sim(sim), m_sync(std::move(sync)) {}

    /// Syncs `key` now (coalesced) or after `delay` (always, e.g. when something becomes due).
    void add(const std::string &key, TimeMs delay = 0)
    {
        if (delay == 0 && !m_queued.insert(key).second)
            return;
        m_sim.after(delay, [this, key, delay] {
            if (delay == 0)
                m_queued.erase(key);
            m_sync(key);
        });
    }

private:
    sim::Simulation &m_sim;
    Sync m_sync;
    std::set<std::string> m_queued;
};

} // namespace flotilla::engine::cluster
