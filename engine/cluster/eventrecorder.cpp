#include "eventrecorder.h"

#include "../api/kinds.h"

#include <cstdio>

namespace flotilla::engine::cluster {

EventRecorder::EventRecorder(store::Store &store, sim::Simulation &sim) : m_store(store), m_sim(sim) {}

void EventRecorder::record(const api::Object &involved, Type type, const std::string &reason,
                           const std::string &message, const std::string &component, const std::string &host)
{
    auto ev = std::make_shared<api::Object>();
    ev->apiVersion = "v1";
    ev->kind = std::string(api::kind::Event);
    // Events about cluster-scoped objects live in "default", as in Kubernetes.
    ev->metadata.ns = involved.metadata.ns.empty() ? "default" : involved.metadata.ns;
    char suffix[24];
    std::snprintf(suffix, sizeof suffix, ".%016llx", (unsigned long long)(m_sim.now() * 1000 + (++m_serial % 1000)));
    ev->metadata.name = involved.metadata.name + suffix;
    const std::string now = formatRfc3339(m_sim.now());
    ev->body = {
        {"involvedObject",
         {{"apiVersion", involved.apiVersion}, {"kind", involved.kind}, {"name", involved.metadata.name},
          {"namespace", involved.metadata.ns}, {"uid", involved.metadata.uid},
          {"resourceVersion", std::to_string(involved.metadata.resourceVersion)}}},
        {"type", type == Type::Normal ? "Normal" : "Warning"},
        {"reason", reason},
        {"message", message},
        {"source", host.empty() ? api::Json{{"component", component}} : api::Json{{"component", component}, {"host", host}}},
        {"reportingComponent", component},
        {"count", 1},
        {"firstTimestamp", now},
        {"lastTimestamp", now},
    };
    auto created = m_store.create(std::move(ev));
    if (!created.ok())
        return;
    const std::string ns = (*created)->metadata.ns;
    const std::string name = (*created)->metadata.name;
    m_sim.after(m_ttl, [this, ns, name] { (void)m_store.remove(api::kind::Event, ns, name); });
}

} // namespace flotilla::engine::cluster
