#include "replicasetcontroller.h"

#include "../api/kinds.h"
#include "../api/selector.h"
#include "../api/types.h"
#include "../api/workloads.h"

#include <algorithm>

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kController = "replicaset-controller";
constexpr int kBurst = 500; ///< pods created per sync at most; the rest in the next one

} // namespace

std::string randomSuffix(sim::Random &random, int length)
{
    static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string s;
    for (int i = 0; i < length; ++i)
        s += alphabet[random.range(0, sizeof alphabet - 2)];
    return s;
}

std::string controllerUid(const api::Object &o)
{
    for (const auto &r : o.metadata.ownerReferences)
        if (r.controller)
            return r.uid;
    return {};
}

api::OwnerReference controllerRef(const api::Object &owner)
{
    return {owner.apiVersion, owner.kind, owner.metadata.name, owner.metadata.uid, true, true};
}

std::optional<TimeMs> readySince(const api::Object &pod)
{
    for (const auto &c : api::PodStatus::decode(pod.status()).conditions)
        if (c.type == "Ready")
            return c.status == "True" ? c.lastTransitionTime.value_or(0) : std::optional<TimeMs>{};
    return std::nullopt;
}

ReplicaSetController::ReplicaSetController(store::Store &store, sim::Simulation &sim, EventRecorder &events,
                                           DeletePod deletePod)
    : m_store(store), m_sim(sim), m_events(events), m_deletePod(std::move(deletePod)),
      m_queue(sim, [this](const std::string &key) { sync(key); })
{
    auto id = m_store.watch({}, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

ReplicaSetController::~ReplicaSetController()
{
    if (m_watch)
        m_store.unwatch(m_watch);
}

void ReplicaSetController::resume()
{
    for (const auto &p : m_store.list(api::kind::Pod))
        if (const std::string owner = controllerUid(*p); !owner.empty())
            m_podsByOwner[owner].insert(p->key());
    for (const auto &rs : m_store.list(api::kind::ReplicaSet)) {
        m_rsByUid[rs->metadata.uid] = rs->key();
        enqueue(rs->key());
    }
}

std::vector<api::ObjectPtr> ReplicaSetController::podsOf(const std::string &ownerUid) const
{
    std::vector<api::ObjectPtr> out;
    const auto it = m_podsByOwner.find(ownerUid);
    if (it == m_podsByOwner.end())
        return out;
    for (const auto &key : it->second) {
        const auto slash = key.find('/');
        if (auto p = m_store.get(api::kind::Pod, key.substr(0, slash), key.substr(slash + 1)))
            out.push_back(std::move(p));
    }
    return out;
}

void ReplicaSetController::onEvents(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        const bool deleted = ev.type == store::WatchEvent::Type::Deleted;
        if (o.kind == api::kind::ReplicaSet) {
            if (deleted) {
                m_rsByUid.erase(o.metadata.uid);
                // background propagation: the pods go with their ReplicaSet
                const auto owned = m_podsByOwner.find(o.metadata.uid);
                if (owned != m_podsByOwner.end()) {
                    for (const auto &key : std::set<std::string>(owned->second)) {
                        const auto slash = key.find('/');
                        m_deletePod(key.substr(0, slash), key.substr(slash + 1));
                    }
                }
            } else {
                m_rsByUid[o.metadata.uid] = o.key();
                enqueue(o.key());
            }
        } else if (o.kind == api::kind::Pod) {
            const std::string owner = controllerUid(o);
            if (owner.empty()) {
                if (ev.type == store::WatchEvent::Type::Added)
                    for (const auto &[uid, key] : m_rsByUid) // an orphan may be adopted
                        if (key.compare(0, o.metadata.ns.size() + 1, o.metadata.ns + "/") == 0)
                            enqueue(key);
                continue;
            }
            if (deleted) {
                if (auto it = m_podsByOwner.find(owner); it != m_podsByOwner.end()) {
                    it->second.erase(o.key());
                    if (it->second.empty())
                        m_podsByOwner.erase(it);
                }
            } else {
                m_podsByOwner[owner].insert(o.key());
            }
            if (const auto rs = m_rsByUid.find(owner); rs != m_rsByUid.end())
                enqueue(rs->second);
        }
    }
}

void ReplicaSetController::enqueue(const std::string &key, TimeMs delay) { m_queue.add(key, delay); }

void ReplicaSetController::createPod(const api::Object &rs)
{
    const api::ReplicaSetSpec spec = api::ReplicaSetSpec::decode(rs.spec());
    auto pod = std::make_shared<api::Object>();
    pod->apiVersion = "v1";
    pod->kind = std::string(api::kind::Pod);
    pod->metadata.ns = rs.metadata.ns;
    // a name that is free (the suffix space is large; collisions are rare but possible)
    for (int attempt = 0; attempt < 5; ++attempt) {
        pod->metadata.name = rs.metadata.name + "-" + randomSuffix(m_sim.random());
        if (!m_store.get(api::kind::Pod, pod->metadata.ns, pod->metadata.name))
            break;
    }
    pod->metadata.labels = spec.podTemplate.labels;
    pod->metadata.annotations = spec.podTemplate.annotations;
    pod->metadata.ownerReferences.push_back(controllerRef(rs));
    pod->body["spec"] = spec.podTemplate.spec;
    pod->body["status"] = {{"phase", "Pending"}};
    auto created = m_store.create(pod);
    if (created.ok()) {
        m_podsByOwner[rs.metadata.uid].insert((*created)->key());
        m_events.record(rs, EventRecorder::Type::Normal, "SuccessfulCreate", "Created pod: " + pod->metadata.name,
                        kController);
    } else {
        m_events.record(rs, EventRecorder::Type::Warning, "FailedCreate",
                        "Error creating: " + created.error().message, kController);
    }
}

void ReplicaSetController::sync(const std::string &rsKey)
{
    const auto slash = rsKey.find('/');
    const api::ObjectPtr rs = m_store.get(api::kind::ReplicaSet, rsKey.substr(0, slash), rsKey.substr(slash + 1));
    if (!rs || rs->metadata.deletionTimestamp)
        return;
    const api::ReplicaSetSpec spec = api::ReplicaSetSpec::decode(rs->spec());
    auto selector = api::LabelSelector::fromJson(spec.selector, "spec.selector");
    if (!selector.ok())
        return; // validation refuses such objects; nothing sensible to do

    // adopt orphans that match (rarely any: listing the namespace only when the RS has fewer pods)
    auto &owned = m_podsByOwner[rs->metadata.uid];
    if (std::int64_t(owned.size()) < spec.replicas) {
        for (const auto &p : m_store.list(api::kind::Pod, rs->metadata.ns, &*selector)) {
            if (!controllerUid(*p).empty() || p->metadata.deletionTimestamp)
                continue;
            auto adopted = std::make_shared<api::Object>(*p);
            adopted->metadata.ownerReferences.push_back(controllerRef(*rs));
            if (m_store.update(adopted).ok())
                owned.insert(p->key());
        }
    }

    std::vector<api::ObjectPtr> active;
    std::int64_t ready = 0, available = 0;
    std::optional<TimeMs> nextAvailable;
    for (const auto &p : podsOf(rs->metadata.uid)) {
        if (p->metadata.deletionTimestamp)
            continue;
        const std::string phase = api::stringField(p->status(), "phase", "Pending");
        if (phase == "Succeeded" || phase == "Failed")
            continue;
        active.push_back(p);
        if (const auto since = readySince(*p)) {
            ++ready;
            const TimeMs availableAt = *since + spec.minReadySeconds * 1000;
            if (availableAt <= m_sim.now())
                ++available;
            else if (!nextAvailable || availableAt < *nextAvailable)
                nextAvailable = availableAt;
        }
    }
    const std::int64_t diff = spec.replicas - std::int64_t(active.size());
    if (diff > 0) {
        const std::int64_t n = std::min<std::int64_t>(diff, kBurst);
        for (std::int64_t i = 0; i < n; ++i)
            createPod(*rs);
        if (diff > kBurst)
            enqueue(rsKey);
    } else if (diff < 0) {
        // kube's order: not scheduled, pending, not ready, then the most recently created
        auto rank = [](const api::ObjectPtr &p) {
            const bool scheduled = !api::stringField(p->spec(), "nodeName").empty();
            const bool running = api::stringField(p->status(), "phase") == "Running";
            const bool isReady = readySince(*p).has_value();
            return std::tuple(scheduled, running, isReady);
        };
        std::stable_sort(active.begin(), active.end(), [&](const api::ObjectPtr &a, const api::ObjectPtr &b) {
            const auto ra = rank(a), rb = rank(b);
            if (ra != rb)
                return ra < rb;
            return a->metadata.creationTimestamp.value_or(0) > b->metadata.creationTimestamp.value_or(0);
        });
        for (std::int64_t i = 0; i < -diff && i < std::int64_t(active.size()); ++i) {
            m_deletePod(active[std::size_t(i)]->metadata.ns, active[std::size_t(i)]->metadata.name);
            m_events.record(*rs, EventRecorder::Type::Normal, "SuccessfulDelete",
                            "Deleted pod: " + active[std::size_t(i)]->metadata.name, kController);
        }
    }
    if (nextAvailable)
        enqueue(rsKey, *nextAvailable - m_sim.now());

    api::WorkloadStatus status = api::WorkloadStatus::decode(rs->status());
    api::WorkloadStatus next = status;
    next.replicas = std::int64_t(active.size());
    next.fullyLabeledReplicas = next.replicas;
    next.readyReplicas = ready;
    next.availableReplicas = available;
    next.observedGeneration = rs->metadata.generation;
    if (next.replicas != status.replicas || next.readyReplicas != status.readyReplicas ||
        next.availableReplicas != status.availableReplicas || next.observedGeneration != status.observedGeneration ||
        rs->status().is_null()) {
        auto updated = std::make_shared<api::Object>(*rs);
        updated->body["status"] = api::Json::object();
        next.encodeInto(updated->body["status"], false);
        (void)m_store.update(updated);
    }
}

} // namespace flotilla::engine::cluster
