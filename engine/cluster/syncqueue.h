#pragma once

#include "../sim/simulation.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace flotilla::engine::cluster {

/// A controller's work queue on the simulation clock: a key queued several times before its sync runs is
/// synced once, as client-go's work queues do. With a minimum interval, a key that was just synced waits
/// for the rest of it, gathering what changed meanwhile into one sync (a ReplicaSet whose 300 pods become
/// ready one after another counts them in a few syncs, not 300).
/// The minimum interval of the workload controllers' syncs (simulated time).
inline constexpr TimeMs kSyncInterval = 200;

class SyncQueue final {
public:
    using Sync = std::function<void(const std::string &key)>;
    SyncQueue(sim::Simulation &sim, Sync sync, TimeMs minInterval = 0)
        : m_sim(sim), m_sync(std::move(sync)), m_minInterval(minInterval)
    {
    }

    /// Syncs `key` now (coalesced) or after `delay` (always, e.g. when something becomes due).
    void add(const std::string &key, TimeMs delay = 0)
    {
        if (delay > 0) {
            m_sim.after(delay, [this, key] { run(key); });
            return;
        }
        if (!m_queued.insert(key).second)
            return;
        TimeMs at = m_sim.now();
        if (const auto last = m_lastSync.find(key); last != m_lastSync.end() && last->second + m_minInterval > at)
            at = last->second + m_minInterval;
        m_sim.at(at, [this, key] {
            m_queued.erase(key);
            run(key);
        });
    }

    /// The object is gone: its key needs no memory of its last sync.
    void forget(const std::string &key) { m_lastSync.erase(key); }

private:
    void run(const std::string &key)
    {
        if (m_minInterval > 0)
            m_lastSync[key] = m_sim.now();
        m_sync(key);
    }

    sim::Simulation &m_sim;
    Sync m_sync;
    TimeMs m_minInterval;
    std::set<std::string> m_queued;
    std::map<std::string, TimeMs> m_lastSync;
};

/// One pending sync per key on the simulation clock, for controllers that wake each object at its own time
/// (a pause that ends, the next measurement): scheduling a key again replaces its pending sync, or keeps it
/// when it comes sooner (`keepEarlier`). Pending syncs are cancelled with the timers.
class KeyedTimers final {
public:
    using Fire = std::function<void(const std::string &key)>;
    KeyedTimers(sim::Simulation &sim, Fire fire) : m_sim(sim), m_fire(std::move(fire)) {}
    ~KeyedTimers()
    {
        for (const auto &[key, t] : m_pending)
            m_sim.cancel(t.task);
    }
    KeyedTimers(const KeyedTimers &) = delete;
    KeyedTimers &operator=(const KeyedTimers &) = delete;

    void schedule(const std::string &key, TimeMs delay, bool keepEarlier = false)
    {
        delay = std::max<TimeMs>(delay, 0);
        const TimeMs due = m_sim.now() + delay;
        if (const auto it = m_pending.find(key); it != m_pending.end()) {
            if (keepEarlier && it->second.due <= due)
                return; // an earlier sync is coming anyway
            m_sim.cancel(it->second.task);
        }
        m_pending[key] = {m_sim.after(delay, [this, key] {
                              m_pending.erase(key);
                              m_fire(key);
                          }),
                          due};
    }
    void cancel(const std::string &key)
    {
        if (const auto it = m_pending.find(key); it != m_pending.end()) {
            m_sim.cancel(it->second.task);
            m_pending.erase(it);
        }
    }

private:
    struct Pending {
        sim::Simulation::TaskId task = 0;
        TimeMs due = 0;
    };
    sim::Simulation &m_sim;
    Fire m_fire;
    std::map<std::string, Pending> m_pending;
};

} // namespace flotilla::engine::cluster
