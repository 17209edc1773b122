#include "nodelifecycle.h"

#include "../api/kinds.h"
#include "../api/types.h"
#include "../common/timefmt.h"

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kController = "node-controller";
constexpr const char *kUnreachable = "node.kubernetes.io/unreachable";
} // namespace

NodeLifecycleController::NodeLifecycleController(store::Store &store, sim::Simulation &sim, EventRecorder &events,
                                                 PodLifecycle &pods)
    : m_store(store), m_sim(sim), m_events(events), m_pods(pods)
{
}

Status NodeLifecycleController::stopHeartbeats(const std::string &node, const char *reason, const std::string &message,
                                               bool containersStop)
{
    const auto n = m_store.get(api::kind::Node, {}, node);
    if (!n)
        return Error::make(Error::Code::NotFound, "nodes \"" + node + "\" not found");
    if (m_pods.isNodeDown(node))
        return {};
    // the control plane cannot tell a partition from a failure: the same grace period, taints and evictions
    m_pods.setNodeDown(node, true);
    if (!containersStop)
        m_partitioned.insert(node);
    m_events.record(*n, EventRecorder::Type::Warning, reason, message, "flotilla");
    m_tasks[node].push_back(m_sim.after(kGracePeriod, [this, node] { markUnreachable(node); }));
    if (containersStop && m_containersListener)
        m_containersListener(node, false);
    return {};
}

Status NodeLifecycleController::failNode(const std::string &node)
{
    return stopHeartbeats(node, "NodeFailed",
                          "Simulated fault: the kubelet on " + node + " stopped (no more heartbeats)", true);
}

Status NodeLifecycleController::partitionNode(const std::string &node)
{
    return stopHeartbeats(node, "NodePartitioned",
                          "Simulated fault: " + node +
                              " is cut off from the control plane (its kubelet keeps running its pods but cannot report)",
                          false);
}

Result<api::ObjectPtr> NodeLifecycleController::setReady(const std::string &node, bool ready)
{
    const auto n = m_store.get(api::kind::Node, {}, node);
    if (!n)
        return Error::make(Error::Code::NotFound, "nodes \"" + node + "\" not found");
    auto next = std::make_shared<api::Object>(*n);
    api::Json &conds = next->body["status"]["conditions"];
    if (conds.is_array())
        for (auto &c : conds)
            if (c.value("type", "") == "Ready") {
                c["status"] = ready ? "True" : "Unknown";
                c["reason"] = ready ? "KubeletReady" : "NodeStatusUnknown";
                c["message"] = ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status.";
                c["lastTransitionTime"] = formatRfc3339(m_sim.now());
            }
    api::Json taints = api::Json::array();
    for (const auto &t : n->spec().value("taints", api::Json::array()))
        if (t.value("key", "") != kUnreachable)
            taints.push_back(t);
    if (!ready)
        for (const char *effect : {"NoSchedule", "NoExecute"})
            taints.push_back({{"key", kUnreachable}, {"effect", effect}, {"timeAdded", formatRfc3339(m_sim.now())}});
    if (taints.empty())
        next->body["spec"].erase("taints");
    else
        next->body["spec"]["taints"] = taints;
    next->metadata.resourceVersion = 0;
    return m_store.update(next);
}

void NodeLifecycleController::markUnreachable(const std::string &node)
{
    if (!m_pods.isNodeDown(node))
        return;
    auto updated = setReady(node, false);
    if (!updated.ok())
        return;
    m_events.record(**updated, EventRecorder::Type::Normal, "NodeNotReady",
                    "Node " + node + " status is now: NodeNotReady", kController);
    markPodsNotReady(node);
    // the taint manager: each pod goes when its toleration of the unreachable taint runs out
    for (const auto &p : m_store.podsOnNode(node)) {
        if (p->metadata.deletionTimestamp)
            continue;
        TimeMs after = kDefaultToleration;
        bool forever = false;
        for (const auto &t : api::field(p->spec(), "tolerations").is_array() ? api::field(p->spec(), "tolerations")
                                                                             : api::Json::array()) {
            const bool matches = t.value("operator", "") == "Exists" && t.value("key", "").empty()
                                     ? true
                                     : t.value("key", "") == kUnreachable;
            if (!matches || (!t.value("effect", "").empty() && t.value("effect", "") != "NoExecute"))
                continue;
            if (t.contains("tolerationSeconds") && t["tolerationSeconds"].is_number_integer())
                after = t["tolerationSeconds"].get<TimeMs>() * 1000;
            else
                forever = true;
        }
        if (forever)
            continue;
        const std::string key = p->key(), uid = p->metadata.uid;
        m_tasks[node].push_back(m_sim.after(std::max<TimeMs>(after, 0), [this, key, uid, node] { evict(key, uid, node); }));
    }
}

void NodeLifecycleController::markPodsNotReady(const std::string &node)
{
    // as kube-controller-manager does: the pods of an unreachable node are no longer Ready (so Services
    // stop sending them traffic); the kubelet reports them again when it is back
    for (const auto &p : m_store.podsOnNode(node)) {
        if (p->metadata.deletionTimestamp)
            continue;
        api::PodStatus status = api::PodStatus::decode(p->status());
        bool changed = false;
        for (auto &c : status.conditions)
            if (c.type == "Ready" && c.status == "True") {
                c.status = "False";
                c.reason = "NodeNotReady";
                c.lastTransitionTime = m_sim.now();
                changed = true;
            }
        if (!changed)
            continue;
        auto next = std::make_shared<api::Object>(*p);
        next->body["status"] = status.encode();
        (void)m_store.update(std::move(next));
    }
}

void NodeLifecycleController::evict(const std::string &podKey, const std::string &uid, const std::string &node)
{
    const auto slash = podKey.find('/');
    const auto p = m_store.get(api::kind::Pod, podKey.substr(0, slash), podKey.substr(slash + 1));
    if (!p || p->metadata.uid != uid || p->metadata.deletionTimestamp || !m_pods.isNodeDown(node))
        return;
    m_events.record(*p, EventRecorder::Type::Normal, "TaintManagerEviction", "Marking for deletion Pod " + podKey,
                    "taint-eviction-controller");
    (void)m_pods.deletePod(p->metadata.ns, p->metadata.name);
}

Status NodeLifecycleController::recoverNode(const std::string &node)
{
    if (!m_store.get(api::kind::Node, {}, node))
        return Error::make(Error::Code::NotFound, "nodes \"" + node + "\" not found");
    if (!m_pods.isNodeDown(node))
        return {};
    for (auto id : m_tasks[node])
        m_sim.cancel(id);
    m_tasks.erase(node);
    auto updated = setReady(node, true);
    if (!updated.ok())
        return updated.error();
    m_pods.setNodeDown(node, false);
    const bool wasFailed = !m_partitioned.erase(node);
    if (wasFailed && m_containersListener)
        m_containersListener(node, true);
    m_events.record(**updated, EventRecorder::Type::Normal, "NodeReady", "Node " + node + " status is now: NodeReady",
                    "kubelet");
    return {};
}

Status NodeLifecycleController::cordon(const std::string &node, bool unschedulable)
{
    const auto n = m_store.get(api::kind::Node, {}, node);
    if (!n)
        return Error::make(Error::Code::NotFound, "nodes \"" + node + "\" not found");
    auto next = std::make_shared<api::Object>(*n);
    if (unschedulable)
        next->body["spec"]["unschedulable"] = true;
    else
        next->body["spec"].erase("unschedulable");
    if (next->body == n->body)
        return {};
    next->metadata.resourceVersion = 0;
    auto updated = m_store.update(next);
    if (!updated.ok())
        return updated.error();
    m_events.record(**updated, EventRecorder::Type::Normal, unschedulable ? "NodeNotSchedulable" : "NodeSchedulable",
                    "Node " + node + " status is now: " + (unschedulable ? "NodeNotSchedulable" : "NodeSchedulable"),
                    "kubelet");
    return {};
}

Result<int> NodeLifecycleController::drain(const std::string &node)
{
    if (auto st = cordon(node, true); !st.ok())
        return st.error();
    int evicted = 0;
    for (const auto &p : m_store.podsOnNode(node)) {
        if (p->metadata.deletionTimestamp || p->metadata.ns == "kube-system")
            continue; // the node's own system pods (static and DaemonSet pods) stay, as kubectl drain leaves them
        m_events.record(*p, EventRecorder::Type::Normal, "Evicted", "Evicted by drain of node " + node, "kubectl");
        if (m_pods.deletePod(p->metadata.ns, p->metadata.name).ok())
            ++evicted;
    }
    return evicted;
}

} // namespace flotilla::engine::cluster
