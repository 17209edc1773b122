#include "scheduler.h"

#include <algorithm>
#include <cstdlib>

namespace flotilla::engine::cluster {

namespace {
bool matchesRequirement(const api::Labels &labels, const NodeSelectorRequirement &r)
{
    const auto it = labels.find(r.key);
    const bool has = it != labels.end();
    auto in = [&] { return has && std::find(r.values.begin(), r.values.end(), it->second) != r.values.end(); };
    if (r.op == "In")
        return in();
    if (r.op == "NotIn")
        return !in();
    if (r.op == "Exists")
        return has;
    if (r.op == "DoesNotExist")
        return !has;
    if ((r.op == "Gt" || r.op == "Lt") && has && r.values.size() == 1) {
        char *end = nullptr;
        const long long v = std::strtoll(it->second.c_str(), &end, 10);
        if (!end || *end)
            return false;
        const long long bound = std::strtoll(r.values[0].c_str(), nullptr, 10);
        return r.op == "Gt" ? v > bound : v < bound;
    }
    return false;
}

int clamp100(double v) { return int(std::clamp(v, 0.0, 100.0) + 0.5); }
} // namespace

SchedulingRequest SchedulingRequest::fromPod(const api::Object &pod)
{
    SchedulingRequest r;
    r.key = pod.key();
    const api::PodSpec spec = api::PodSpec::decode(pod.spec());
    r.requests = spec.totalRequests();
    r.nodeSelector = spec.nodeSelector;
    r.tolerations = spec.tolerations;
    for (const auto &c : spec.containers) {
        r.images.push_back(c.image);
        for (const auto &p : c.ports)
            if (p.hostPort > 0)
                r.hostPorts.push_back(p.hostPort);
    }
    const api::Json &terms = api::field(
        api::field(api::field(api::field(pod.spec(), "affinity"), "nodeAffinity"),
                   "requiredDuringSchedulingIgnoredDuringExecution"),
        "nodeSelectorTerms");
    if (terms.is_array()) {
        for (const auto &t : terms) {
            NodeSelectorTerm term;
            for (const auto &e : api::field(t, "matchExpressions").is_array() ? api::field(t, "matchExpressions")
                                                                               : api::Json::array()) {
                NodeSelectorRequirement req;
                req.key = api::stringField(e, "key");
                req.op = api::stringField(e, "operator");
                if (const api::Json &vals = api::field(e, "values"); vals.is_array())
                    for (const auto &v : vals)
                        if (v.is_string())
                            req.values.push_back(v.get<std::string>());
                term.push_back(std::move(req));
            }
            r.requiredAffinity.push_back(std::move(term));
        }
    }
    for (const auto &o : pod.metadata.ownerReferences)
        if (o.controller)
            r.ownerUid = o.uid;
    return r;
}

std::string SchedulingDecision::message() const
{
    if (!node.empty())
        return "Successfully assigned " + pod + " to " + node;
    std::string msg = "0/" + std::to_string(nodesTotal) + " nodes are available";
    if (nodesTotal == 0)
        return msg + ": no nodes available to schedule pods.";
    bool first = true;
    for (const auto &[reason, count] : filtered) {
        msg += (first ? ": " : ", ") + std::to_string(count) + " " + reason;
        first = false;
    }
    return msg + ".";
}

api::Json SchedulingDecision::toJson() const
{
    api::Json j = {{"node", node}, {"nodes", nodesTotal}, {"evaluated", nodesEvaluated}, {"feasible", nodesFeasible}};
    api::Json s = api::Json::array();
    for (const auto &n : scores)
        s.push_back({{"node", n.node},
                     {"total", n.total},
                     {"leastAllocated", n.leastAllocated},
                     {"balancedAllocation", n.balancedAllocation},
                     {"spread", n.spread},
                     {"imageLocality", n.imageLocality}});
    j["scores"] = s;
    if (!filtered.empty())
        j["filtered"] = filtered;
    if (!nodeReasons.empty())
        j["nodeReasons"] = nodeReasons;
    return j;
}

int Scheduler::intern(const std::string &str)
{
    return m_ids.try_emplace(str, int(m_ids.size())).first->second;
}

int Scheduler::idOf(const std::string &str) const
{
    const auto it = m_ids.find(str);
    return it == m_ids.end() ? -1 : it->second;
}

int Scheduler::nodesToFind(int nodes)
{
    if (nodes <= 100)
        return nodes;
    const int percent = std::max(5, 50 - nodes / 125);
    return std::max(100, nodes * percent / 100);
}

void Scheduler::upsertNode(const api::Object &node)
{
    const api::NodeSummary s = api::summarizeNode(node);
    auto [it, added] = m_index.try_emplace(node.metadata.name, m_nodes.size());
    if (added) {
        m_nodes.emplace_back();
        m_nodes.back().name = node.metadata.name;
    }
    Node &n = m_nodes[it->second];
    n.labels = node.metadata.labels;
    n.ready = s.ready;
    n.unschedulable = s.unschedulable;
    n.taints = s.taints;
    n.allocatable = s.allocatable;
    for (const auto &img : api::field(node.status(), "images").is_array() ? api::field(node.status(), "images")
                                                                          : api::Json::array()) {
        const std::int64_t size = img.value("sizeBytes", std::int64_t(0));
        for (const auto &name : img.value("names", api::Json::array()))
            if (name.is_string())
                n.images[intern(name.get<std::string>())] = size;
    }
}

void Scheduler::removeNode(const std::string &name)
{
    const auto it = m_index.find(name);
    if (it == m_index.end())
        return;
    const std::size_t i = it->second;
    m_index.erase(it);
    if (i != m_nodes.size() - 1) {
        m_nodes[i] = std::move(m_nodes.back());
        m_index[m_nodes[i].name] = i;
    }
    m_nodes.pop_back();
}

Scheduler::Footprint Scheduler::footprintOf(const SchedulingRequest &pod)
{
    return {pod.requests, pod.hostPorts, pod.ownerUid.empty() ? -1 : intern(pod.ownerUid)};
}

void Scheduler::addPod(const std::string &node, const SchedulingRequest &pod) { addPod(node, footprintOf(pod)); }

void Scheduler::removePod(const std::string &node, const SchedulingRequest &pod)
{
    Footprint f{pod.requests, pod.hostPorts, idOf(pod.ownerUid)};
    removePod(node, f);
}

void Scheduler::addPod(const std::string &node, const Footprint &pod)
{
    const auto it = m_index.find(node);
    if (it == m_index.end())
        return;
    Node &n = m_nodes[it->second];
    n.requested.cpuMilli += pod.requests.cpuMilli;
    n.requested.memoryBytes += pod.requests.memoryBytes;
    ++n.pods;
    for (int p : pod.hostPorts)
        n.hostPorts.insert(p);
    if (pod.owner >= 0)
        ++n.podsByOwner[pod.owner];
}

void Scheduler::removePod(const std::string &node, const Footprint &pod)
{
    const auto it = m_index.find(node);
    if (it == m_index.end())
        return;
    Node &n = m_nodes[it->second];
    n.requested.cpuMilli -= pod.requests.cpuMilli;
    n.requested.memoryBytes -= pod.requests.memoryBytes;
    --n.pods;
    for (int p : pod.hostPorts)
        n.hostPorts.erase(p);
    if (pod.owner >= 0)
        if (auto o = n.podsByOwner.find(pod.owner); o != n.podsByOwner.end() && --o->second <= 0)
            n.podsByOwner.erase(o);
}

void Scheduler::addImage(const std::string &node, const std::string &image, std::int64_t sizeBytes)
{
    if (const auto it = m_index.find(node); it != m_index.end())
        m_nodes[it->second].images[intern(image)] = sizeBytes;
}

Scheduler::FilterResult Scheduler::filter(const Node &n, const SchedulingRequest &pod) const
{
    // Kubernetes' order: NodeUnschedulable, then TaintToleration. A node the lifecycle controller has
    // marked carries node.kubernetes.io/unreachable (or not-ready), and that is the taint named.
    if (n.unschedulable)
        return {Fail::Unschedulable};
    for (const auto &t : n.taints) {
        if (t.effect != "NoSchedule" && t.effect != "NoExecute")
            continue;
        bool tolerated = false;
        for (const auto &tol : pod.tolerations) {
            const bool keyOk = tol.key.empty() ? tol.op == "Exists" : tol.key == t.key;
            const bool valueOk = tol.op == "Exists" || tol.value == t.value;
            const bool effectOk = tol.effect.empty() || tol.effect == t.effect;
            if (keyOk && valueOk && effectOk) {
                tolerated = true;
                break;
            }
        }
        if (!tolerated)
            return {Fail::Taint, &t};
    }
    if (!n.ready)
        return {Fail::NotReady}; // not Ready and not (yet) tainted: the not-ready taint it is about to get
    for (const auto &[k, v] : pod.nodeSelector) {
        const auto it = n.labels.find(k);
        if (it == n.labels.end() || it->second != v)
            return {Fail::Selector};
    }
    if (!pod.requiredAffinity.empty()) {
        bool any = false;
        for (const auto &term : pod.requiredAffinity) {
            bool all = !term.empty();
            for (const auto &req : term)
                all = all && matchesRequirement(n.labels, req);
            any = any || all;
        }
        if (!any)
            return {Fail::Selector};
    }
    for (int p : pod.hostPorts)
        if (n.hostPorts.count(p))
            return {Fail::HostPort};
    if (n.pods + 1 > n.allocatable.pods)
        return {Fail::TooManyPods};
    if (n.requested.cpuMilli + pod.requests.cpuMilli > n.allocatable.cpuMilli)
        return {Fail::Cpu};
    if (n.requested.memoryBytes + pod.requests.memoryBytes > n.allocatable.memoryBytes)
        return {Fail::Memory};
    return {};
}

std::string Scheduler::reasonText(const FilterResult &r)
{
    switch (r.fail) {
    case Fail::None: return {};
    case Fail::NotReady: return "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
    case Fail::Unschedulable: return "node(s) were unschedulable";
    case Fail::Taint: return "node(s) had untolerated taint {" + r.taint->key + ": " + r.taint->value + "}";
    case Fail::Selector: return "node(s) didn't match Pod's node affinity/selector";
    case Fail::HostPort: return "node(s) didn't have free ports for the requested pod ports";
    case Fail::TooManyPods: return "Too many pods";
    case Fail::Cpu: return "Insufficient cpu";
    case Fail::Memory: return "Insufficient memory";
    }
    return {};
}

NodeScore Scheduler::score(const Node &n, const SchedulingRequest &pod, const PodIds &ids, int maxOwnerPods) const
{
    NodeScore s;
    // Pods without requests count as 100m / 200Mi for scoring, as kube-scheduler does.
    const double cpuReq = double(n.requested.cpuMilli + (pod.requests.cpuMilli ? pod.requests.cpuMilli : 100));
    const double memReq =
        double(n.requested.memoryBytes + (pod.requests.memoryBytes ? pod.requests.memoryBytes : 200LL << 20));
    const double cpuFrac = n.allocatable.cpuMilli > 0 ? cpuReq / double(n.allocatable.cpuMilli) : 1.0;
    const double memFrac = n.allocatable.memoryBytes > 0 ? memReq / double(n.allocatable.memoryBytes) : 1.0;
    s.leastAllocated = clamp100(((1.0 - cpuFrac) + (1.0 - memFrac)) * 50.0);
    s.balancedAllocation = clamp100((1.0 - std::abs(std::min(cpuFrac, 1.0) - std::min(memFrac, 1.0)) / 2.0) * 100.0);
    if (ids.owner < 0 || maxOwnerPods == 0) {
        s.spread = 100;
    } else {
        const auto it = n.podsByOwner.find(ids.owner);
        const int mine = it == n.podsByOwner.end() ? 0 : it->second;
        s.spread = clamp100(double(maxOwnerPods - mine) / double(maxOwnerPods) * 100.0);
    }
    // image locality: the share of the pod's image bytes already on the node, between 23 MB and 1 GB
    std::int64_t present = 0;
    for (int img : ids.images)
        if (img >= 0)
            if (const auto it = n.images.find(img); it != n.images.end())
                present += it->second;
    if (!pod.images.empty()) {
        constexpr double lo = 23.0 * 1024 * 1024, hi = 1000.0 * 1024 * 1024;
        const double scaled = std::clamp(double(present), lo * double(pod.images.size()), hi * double(pod.images.size()));
        s.imageLocality = clamp100((scaled - lo * double(pod.images.size())) /
                                   ((hi - lo) * double(pod.images.size())) * 100.0);
    }
    s.total = s.leastAllocated * m_weights.leastAllocated + s.balancedAllocation * m_weights.balancedAllocation +
              s.spread * m_weights.spread + s.imageLocality * m_weights.imageLocality;
    return s;
}

SchedulingDecision Scheduler::schedule(const SchedulingRequest &pod, sim::Random &random)
{
    SchedulingDecision d;
    d.pod = pod.key;
    const int total = int(m_nodes.size());
    d.nodesTotal = total;
    if (total == 0)
        return d;
    // search from where the last search stopped, as kube-scheduler does, so that load spreads
    const int want = nodesToFind(total);
    std::vector<std::uint32_t> feasible;
    feasible.reserve(std::size_t(want));
    std::size_t i = m_nextStart % std::size_t(total);
    int evaluated = 0;
    std::vector<std::pair<FilterResult, int>> fails; // (why, count), few distinct
    std::vector<std::pair<std::uint32_t, FilterResult>> kept; // node → why, for the first few
    for (; evaluated < total && int(feasible.size()) < want; ++evaluated, i = (i + 1) % std::size_t(total)) {
        const FilterResult r = filter(m_nodes[i], pod);
        if (r.fail == Fail::None) {
            feasible.push_back(std::uint32_t(i));
            continue;
        }
        auto same = std::find_if(fails.begin(), fails.end(), [&](const auto &f) {
            return f.first.fail == r.fail && (r.fail != Fail::Taint || (f.first.taint->key == r.taint->key &&
                                                                        f.first.taint->value == r.taint->value));
        });
        if (same == fails.end())
            fails.push_back({r, 1});
        else
            ++same->second;
        if (kept.size() < SchedulingDecision::kKeptReasons)
            kept.push_back({std::uint32_t(i), r});
    }
    m_nextStart = i;
    d.nodesEvaluated = evaluated;
    d.nodesFeasible = int(feasible.size());
    for (const auto &[r, count] : fails)
        d.filtered[reasonText(r)] += count;
    for (const auto &[node, r] : kept)
        d.nodeReasons.emplace(m_nodes[node].name, reasonText(r));
    if (feasible.empty())
        return d;
    PodIds ids;
    ids.owner = pod.ownerUid.empty() ? -1 : idOf(pod.ownerUid);
    for (const auto &img : pod.images)
        ids.images.push_back(idOf(img));
    int maxOwnerPods = 0;
    if (ids.owner >= 0)
        for (std::uint32_t k : feasible)
            if (const auto it = m_nodes[k].podsByOwner.find(ids.owner); it != m_nodes[k].podsByOwner.end())
                maxOwnerPods = std::max(maxOwnerPods, it->second);
    std::vector<std::pair<NodeScore, std::uint32_t>> scores;
    scores.reserve(feasible.size());
    for (std::uint32_t k : feasible)
        scores.push_back({score(m_nodes[k], pod, ids, maxOwnerPods), k});
    // the best total wins; ties are broken at random (seeded), as kube-scheduler samples among them
    int best = -1;
    int ties = 0;
    std::size_t chosen = 0;
    for (std::size_t k = 0; k < scores.size(); ++k) {
        if (scores[k].first.total > best) {
            best = scores[k].first.total;
            chosen = k;
            ties = 1;
        } else if (scores[k].first.total == best && random.range(0, ties++) == 0) {
            chosen = k;
        }
    }
    std::swap(scores[0], scores[chosen]);
    const std::size_t keep = std::min(scores.size(), SchedulingDecision::kKeptScores);
    std::partial_sort(scores.begin() + 1, scores.begin() + std::ptrdiff_t(keep), scores.end(),
                      [](const auto &a, const auto &b) { return a.first.total > b.first.total; });
    d.node = m_nodes[scores[0].second].name;
    for (std::size_t k = 0; k < keep; ++k) {
        d.scores.push_back(scores[k].first);
        d.scores.back().node = m_nodes[scores[k].second].name;
    }
    return d;
}

} // namespace flotilla::engine::cluster
