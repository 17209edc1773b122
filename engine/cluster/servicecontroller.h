#pragma once

#include "../sim/simulation.h"
#include "../store/store.h"
#include "eventrecorder.h"
#include "syncqueue.h"

#include <map>
#include <set>
#include <string>

namespace flotilla::engine::cluster {

/// Services as the API server and the endpoints controller make them work: a ClusterIP from the service
/// range (10.96.0.0/12), node ports from 30000–32767, and an Endpoints object per Service with the
/// addresses of the ready pods its selector matches (not-ready ones listed apart), kept up to date.
class ServiceController final {
public:
    ServiceController(store::Store &store, sim::Simulation &sim, EventRecorder &events);
    ~ServiceController();
    void resume();

    /// "name.namespace.svc.cluster.local"
    static std::string dnsName(const std::string &ns, const std::string &name);

private:
    void onEvents(std::span<const store::WatchEvent> events);
    void sync(const std::string &serviceKey);
    bool allocate(const api::ObjectPtr &service); ///< true when the Service was updated

    store::Store &m_store;
    sim::Simulation &m_sim;
    EventRecorder &m_events;
    store::WatchId m_watch = 0;
    SyncQueue m_queue;
    std::set<std::string> m_clusterIPs;
    std::map<int, std::string> m_nodePorts; ///< port → service key
    std::set<std::string> m_withoutPods;    ///< services told that their selector matches no pod
    std::uint32_t m_nextIp = 10;            ///< offset in 10.96.0.0/12 (the first ones are reserved)
};

} // namespace flotilla::engine::cluster
