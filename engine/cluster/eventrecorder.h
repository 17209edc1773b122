#pragma once

#include "../api/object.h"
#include "../sim/simulation.h"
#include "../store/store.h"

#include <deque>
#include <string>

namespace flotilla::engine::cluster {

/// Writes Kubernetes Events (core/v1) about objects, as the scheduler and kubelets do, and removes
/// them after their time to live, like the API server's one-hour TTL. At most `capacity` events are
/// kept (the oldest go first): a cluster of 150,000 pods makes close to a million events in its first
/// minutes, which would otherwise outweigh the pods themselves.
class EventRecorder final {
public:
    EventRecorder(store::Store &store, sim::Simulation &sim);

    enum class Type { Normal, Warning };
    void record(const api::Object &involved, Type type, const std::string &reason, const std::string &message,
                const std::string &component, const std::string &host = {});

    void setTimeToLive(TimeMs ttl) { m_ttl = ttl; }
    void setCapacity(std::size_t capacity);
    std::size_t capacity() const { return m_capacity; }
    /// Picks up the events kept from an earlier run (they expire and count towards the capacity).
    void resume();

    static constexpr std::size_t kDefaultCapacity = 10'000;

private:
    struct Recorded {
        TimeMs expires;
        std::string ns;
        std::string name;
    };
    void expire();
    void trim();
    void scheduleExpiry();

    std::deque<Recorded> m_recorded; ///< oldest first
    std::size_t m_capacity = kDefaultCapacity;
    sim::Simulation::TaskId m_expiryTask = 0;
    TimeMs m_expiryAt = 0;
    store::Store &m_store;
    sim::Simulation &m_sim;
    TimeMs m_ttl = 60 * 60 * 1000;
    std::uint64_t m_serial = 0;
};

} // namespace flotilla::engine::cluster
