#include "servicecontroller.h"

#include "../api/kinds.h"
#include "../api/types.h"
#include "../api/workloads.h"
#include "replicasetcontroller.h"

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kController = "endpoint-controller";
/// A Service whose selector matches no pod this long after its creation gets a warning event (not at
/// once: a Service is often applied just before its Deployment).
constexpr TimeMs kNoPodsGrace = 10'000;

std::string ipFromOffset(std::uint32_t offset)
{
    const std::uint32_t base = (10u << 24) | (96u << 16); // 10.96.0.0/12
    const std::uint32_t ip = base + offset;
    return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." + std::to_string((ip >> 8) & 255) +
           "." + std::to_string(ip & 255);
}

bool selects(const api::Labels &selector, const api::Labels &labels)
{
    for (const auto &[k, v] : selector) {
        const auto it = labels.find(k);
        if (it == labels.end() || it->second != v)
            return false;
    }
    return !selector.empty();
}
} // namespace

std::string ServiceController::dnsName(const std::string &ns, const std::string &name)
{
    return name + "." + ns + ".svc.cluster.local";
}

ServiceController::ServiceController(store::Store &store, sim::Simulation &sim, EventRecorder &events)
    : m_store(store), m_sim(sim), m_events(events), m_queue(sim, [this](const std::string &key) { sync(key); })
{
    auto id = m_store.watch({}, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

ServiceController::~ServiceController()
{
    if (m_watch)
        m_store.unwatch(m_watch);
}

void ServiceController::resume()
{
    for (const auto &s : m_store.list(api::kind::Service)) {
        const api::ServiceSpec spec = api::ServiceSpec::decode(s->spec());
        if (!spec.clusterIP.empty())
            m_clusterIPs.insert(spec.clusterIP);
        for (const auto &p : spec.ports)
            if (p.nodePort)
                m_nodePorts[p.nodePort] = s->key();
        m_queue.add(s->key());
    }
}

void ServiceController::onEvents(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        if (o.kind == api::kind::Service) {
            if (ev.type == store::WatchEvent::Type::Deleted) {
                const api::ServiceSpec spec = api::ServiceSpec::decode(o.spec());
                m_clusterIPs.erase(spec.clusterIP);
                for (const auto &p : spec.ports)
                    if (auto it = m_nodePorts.find(p.nodePort); it != m_nodePorts.end() && it->second == o.key())
                        m_nodePorts.erase(it);
                (void)m_store.remove(api::kind::Endpoints, o.metadata.ns, o.metadata.name);
                m_withoutPods.erase(o.key());
            } else {
                m_queue.add(o.key());
            }
        } else if (o.kind == api::kind::Pod) {
            // every Service of the pod's namespace whose selector matches (before or after) looks again
            for (const auto &s : m_store.list(api::kind::Service, o.metadata.ns))
                if (selects(api::ServiceSpec::decode(s->spec()).selector, o.metadata.labels))
                    m_queue.add(s->key());
        }
    }
}

bool ServiceController::allocate(const api::ObjectPtr &service)
{
    api::ServiceSpec spec = api::ServiceSpec::decode(service->spec());
    bool changed = false;
    auto next = std::make_shared<api::Object>(*service);
    if (spec.clusterIP.empty()) {
        std::string ip;
        do
            ip = ipFromOffset(m_nextIp++);
        while (m_clusterIPs.count(ip));
        m_clusterIPs.insert(ip);
        next->body["spec"]["clusterIP"] = ip;
        next->body["spec"]["clusterIPs"] = api::Json::array({ip});
        changed = true;
    } else if (spec.clusterIP != "None") {
        m_clusterIPs.insert(spec.clusterIP);
    }
    if (spec.type == "NodePort" || spec.type == "LoadBalancer") {
        api::Json &ports = next->body["spec"]["ports"];
        for (std::size_t i = 0; i < spec.ports.size() && ports.is_array() && i < ports.size(); ++i) {
            const int wanted = spec.ports[i].nodePort;
            if (wanted) {
                const auto owner = m_nodePorts.find(wanted);
                if (owner != m_nodePorts.end() && owner->second != service->key()) {
                    m_events.record(*service, EventRecorder::Type::Warning, "PortAlreadyAllocated",
                                    "spec.ports[" + std::to_string(i) + "].nodePort: Invalid value: " +
                                        std::to_string(wanted) + ": provided port is already allocated (by " +
                                        owner->second + ")",
                                    "service-controller");
                    ports[i].erase("nodePort");
                    changed = true;
                    continue;
                }
                m_nodePorts[wanted] = service->key();
                continue;
            }
            for (int port = 30000 + int(m_sim.random().range(0, 2767)), tries = 0; tries < 2768;
                 ++tries, port = port == 32767 ? 30000 : port + 1)
                if (!m_nodePorts.count(port)) {
                    m_nodePorts[port] = service->key();
                    ports[i]["nodePort"] = port;
                    changed = true;
                    break;
                }
        }
    }
    if (!changed)
        return false;
    next->metadata.resourceVersion = 0;
    return m_store.update(next).ok();
}

void ServiceController::sync(const std::string &key)
{
    const auto slash = key.find('/');
    const api::ObjectPtr svc = m_store.get(api::kind::Service, key.substr(0, slash), key.substr(slash + 1));
    if (!svc)
        return;
    if (allocate(svc))
        return; // the update comes back as an event and syncs the endpoints
    const api::ServiceSpec spec = api::ServiceSpec::decode(svc->spec());
    if (spec.selector.empty())
        return; // Endpoints of a Service without selector are the user's to write
    api::Json ready = api::Json::array(), notReady = api::Json::array();
    bool anyPod = false;
    for (const auto &p : m_store.list(api::kind::Pod, svc->metadata.ns)) {
        if (!selects(spec.selector, p->metadata.labels) || p->metadata.deletionTimestamp)
            continue;
        anyPod = true;
        const std::string ip = api::stringField(p->status(), "podIP");
        if (ip.empty())
            continue;
        api::Json address = {{"ip", ip},
                             {"nodeName", api::stringField(p->spec(), "nodeName")},
                             {"targetRef",
                              {{"kind", "Pod"}, {"namespace", p->metadata.ns}, {"name", p->metadata.name},
                               {"uid", p->metadata.uid}}}};
        (readySince(*p) ? ready : notReady).push_back(address);
    }
    if (anyPod) {
        m_withoutPods.erase(key);
    } else if (const TimeMs age = m_sim.now() - svc->metadata.creationTimestamp.value_or(0); age < kNoPodsGrace) {
        m_queue.add(key, kNoPodsGrace - age);
    } else if (m_withoutPods.insert(key).second) {
        std::string selector;
        for (const auto &[k, v] : spec.selector)
            selector += (selector.empty() ? "" : ",") + k + "=" + v;
        m_events.record(*svc, EventRecorder::Type::Warning, "NoMatchingPods",
                        "selector " + selector + " matches no pods in namespace " + svc->metadata.ns +
                            ": the Service has no endpoints (check the pods' labels)",
                        kController);
    }
    api::Json ports = api::Json::array();
    for (const auto &p : spec.ports) {
        // a named target port resolves per pod; the service port stands in for it here
        const int target = p.targetPort.isString ? p.port : int(p.targetPort.intValue ? p.targetPort.intValue : p.port);
        api::Json port = {{"port", target}, {"protocol", p.protocol}};
        if (!p.name.empty())
            port["name"] = p.name;
        ports.push_back(port);
    }
    api::Json subsets = api::Json::array();
    if (!ready.empty() || !notReady.empty()) {
        api::Json subset = {{"ports", ports}};
        if (!ready.empty())
            subset["addresses"] = ready;
        if (!notReady.empty())
            subset["notReadyAddresses"] = notReady;
        subsets.push_back(subset);
    }
    const api::ObjectPtr existing = m_store.get(api::kind::Endpoints, svc->metadata.ns, svc->metadata.name);
    if (existing && existing->body.value("subsets", api::Json::array()) == subsets)
        return;
    auto ep = existing ? std::make_shared<api::Object>(*existing) : std::make_shared<api::Object>();
    ep->apiVersion = "v1";
    ep->kind = std::string(api::kind::Endpoints);
    ep->metadata.ns = svc->metadata.ns;
    ep->metadata.name = svc->metadata.name;
    ep->metadata.labels = svc->metadata.labels;
    ep->body["subsets"] = subsets;
    ep->metadata.resourceVersion = 0;
    if (existing)
        (void)m_store.update(ep);
    else if (auto created = m_store.create(ep); !created.ok())
        m_events.record(*svc, EventRecorder::Type::Warning, "FailedToCreateEndpoint",
                        "Failed to create endpoint for service " + key + ": " + created.error().message, kController);
}

} // namespace flotilla::engine::cluster
