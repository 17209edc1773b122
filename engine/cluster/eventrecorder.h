#pragma once

#include "../api/object.h"
#include "../sim/simulation.h"
#include "../store/store.h"

#include <string>

namespace flotilla::engine::cluster {

/// Writes Kubernetes Events (core/v1) about objects, as the scheduler and kubelets do, and removes
/// them after their time to live, like the API server's one-hour TTL.
class EventRecorder final {
public:
    EventRecorder(store::Store &store, sim::Simulation &sim);

    enum class Type { Normal, Warning };
    void record(const api::Object &involved, Type type, const std::string &reason, const std::string &message,
                const std::string &component, const std::string &host = {});

    void setTimeToLive(TimeMs ttl) { m_ttl = ttl; }

private:
    store::Store &m_store;
    sim::Simulation &m_sim;
    TimeMs m_ttl = 60 * 60 * 1000;
    std::uint64_t m_serial = 0;
};

} // namespace flotilla::engine::cluster
