#include "eventrecorder.h"

#include "../api/kinds.h"

#include <algorithm>
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
    m_recorded.push_back({m_sim.now() + m_ttl, (*created)->metadata.ns, (*created)->metadata.name});
    trim();
    scheduleExpiry();
}

void EventRecorder::setCapacity(std::size_t capacity)
{
    m_capacity = std::max<std::size_t>(capacity, 1);
    trim();
}

void EventRecorder::resume()
{
    std::vector<std::pair<TimeMs, api::ObjectPtr>> kept;
    for (auto &ev : m_store.list(api::kind::Event)) {
        const auto last = parseRfc3339(api::stringField(ev->body, "lastTimestamp"));
        kept.emplace_back(last.value_or(m_sim.now()), std::move(ev));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    m_recorded.clear();
    for (const auto &[time, ev] : kept)
        m_recorded.push_back({time + m_ttl, ev->metadata.ns, ev->metadata.name});
    trim();
    scheduleExpiry();
}

void EventRecorder::trim()
{
    while (m_recorded.size() > m_capacity) {
        (void)m_store.remove(api::kind::Event, m_recorded.front().ns, m_recorded.front().name);
        m_recorded.pop_front();
    }
}

void EventRecorder::expire()
{
    m_expiryTask = 0;
    while (!m_recorded.empty() && m_recorded.front().expires <= m_sim.now()) {
        (void)m_store.remove(api::kind::Event, m_recorded.front().ns, m_recorded.front().name);
        m_recorded.pop_front();
    }
    scheduleExpiry();
}

void EventRecorder::scheduleExpiry()
{
    // One task for the oldest event, however many there are.
    if (m_recorded.empty() || (m_expiryTask && m_expiryAt <= m_recorded.front().expires))
        return;
    if (m_expiryTask)
        m_sim.cancel(m_expiryTask);
    m_expiryAt = m_recorded.front().expires;
    m_expiryTask = m_sim.at(m_expiryAt, [this] { expire(); });
}

} // namespace flotilla::engine::cluster
