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
    // Only the Ready condition, and only its time is parsed: this runs for every pod event.
    const api::Json &conditions = api::field(pod.status(), "conditions");
    if (!conditions.is_array())
        return std::nullopt;
    for (const auto &c : conditions) {
        if (api::field(c, "type") != "Ready")
            continue;
        if (api::field(c, "status") != "True")
            return std::nullopt;
        const api::Json &t = api::field(c, "lastTransitionTime");
        return t.is_string() ? parseRfc3339(t.get_ref<const std::string &>()).value_or(0) : 0;
    }
    return std::nullopt;
}

ReplicaSetController::ReplicaSetController(store::Store &store, sim::Simulation &sim, EventRecorder &events,
                                           DeletePod deletePod)
    : m_store(store), m_sim(sim), m_events(events), m_deletePod(std::move(deletePod)),
      m_queue(sim, [this](const std::string &key) { sync(key); }, kSyncInterval)
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
        track(*p);
    for (const auto &rs : m_store.list(api::kind::ReplicaSet)) {
        m_rsByUid[rs->metadata.uid] = rs->key();
        enqueue(rs->key());
    }
}

void ReplicaSetController::noteOrphan(const api::Object &pod, bool gone)
{
    if (!gone && !pod.metadata.deletionTimestamp && controllerUid(pod).empty()) {
        m_orphans[pod.metadata.ns].insert(pod.key());
    } else if (auto it = m_orphans.find(pod.metadata.ns); it != m_orphans.end()) {
        it->second.erase(pod.key());
        if (it->second.empty())
            m_orphans.erase(it);
    }
}

void ReplicaSetController::track(const api::Object &pod)
{
    noteOrphan(pod, false);
    const std::string owner = controllerUid(pod);
    if (owner.empty()) {
        untrack(pod.key()); // orphaned (its owner reference removed), or never owned
        return;
    }
    auto [it, added] = m_pods.try_emplace(pod.key());
    TrackedPod &t = it->second;
    t.key = &it->first;
    if (!t.owner || *t.owner != owner) {
        if (t.owner)
            if (auto o = m_podsByOwner.find(*t.owner); o != m_podsByOwner.end())
                o->second.erase(&t);
        auto o = m_podsByOwner.try_emplace(owner).first;
        o->second.insert(&t);
        t.owner = &o->first;
    }
    PodFacts &f = t.facts;
    f.created = pod.metadata.creationTimestamp.value_or(0);
    f.deleting = pod.metadata.deletionTimestamp.has_value();
    const api::Json &phase = api::field(pod.status(), "phase");
    f.terminal = phase == "Succeeded" || phase == "Failed";
    f.running = phase == "Running";
    const api::Json &node = api::field(pod.spec(), "nodeName");
    f.scheduled = node.is_string() && !node.get_ref<const std::string &>().empty();
    f.readySince = readySince(pod);
}

void ReplicaSetController::untrack(const std::string &podKey)
{
    const auto it = m_pods.find(podKey);
    if (it == m_pods.end())
        return;
    if (it->second.owner)
        if (auto o = m_podsByOwner.find(*it->second.owner); o != m_podsByOwner.end()) {
            o->second.erase(&it->second);
            if (o->second.empty() && !m_rsByUid.count(o->first))
                m_podsByOwner.erase(o);
        }
    m_pods.erase(it);
}

std::vector<api::ObjectPtr> ReplicaSetController::podsOf(const std::string &ownerUid) const
{
    std::vector<api::ObjectPtr> out;
    const auto it = m_podsByOwner.find(ownerUid);
    if (it == m_podsByOwner.end())
        return out;
    for (const TrackedPod *t : it->second) {
        const std::string *key = t->key;
        const auto slash = key->find('/');
        if (auto p = m_store.get(api::kind::Pod, key->substr(0, slash), key->substr(slash + 1)))
            out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(), [](const api::ObjectPtr &a, const api::ObjectPtr &b) { return a->key() < b->key(); });
    return out;
}

void ReplicaSetController::onEvents(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        const bool deleted = ev.type == store::WatchEvent::Type::Deleted;
        if (o.kind == api::kind::ReplicaSet) {
            if (deleted) {
                // its pods are the garbage collector's now (background or orphan propagation)
                m_rsByUid.erase(o.metadata.uid);
                m_queue.forget(o.key());
                if (auto owned = m_podsByOwner.find(o.metadata.uid); owned != m_podsByOwner.end()) {
                    for (const TrackedPod *t : owned->second)
                        m_pods.erase(std::string(*t->key)); // a copy: the key dies with the entry
                    m_podsByOwner.erase(owned);
                }
            } else {
                m_rsByUid[o.metadata.uid] = o.key();
                enqueue(o.key());
            }
        } else if (o.kind == api::kind::Pod) {
            const std::string owner = controllerUid(o);
            if (owner.empty()) {
                untrack(o.key());
                noteOrphan(o, deleted);
                if (ev.type == store::WatchEvent::Type::Added)
                    for (const auto &[uid, key] : m_rsByUid) // an orphan may be adopted
                        if (key.compare(0, o.metadata.ns.size() + 1, o.metadata.ns + "/") == 0)
                            enqueue(key);
                continue;
            }
            if (deleted) {
                untrack(o.key());
                noteOrphan(o, true);
            } else {
                track(o);
            }
            if (const auto rs = m_rsByUid.find(owner); rs != m_rsByUid.end())
                enqueue(rs->second);
        }
    }
}

void ReplicaSetController::enqueue(const std::string &key, TimeMs delay) { m_queue.add(key, delay); }

void ReplicaSetController::createPod(const api::Object &rs, const api::ReplicaSetSpec &spec)
{
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
        track(**created);
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

    // adopt orphans that match (only when the ReplicaSet has fewer pods than it wants)
    const auto ownedIt = m_podsByOwner.find(rs->metadata.uid);
    const std::size_t ownedCount = ownedIt == m_podsByOwner.end() ? 0 : ownedIt->second.size();
    const auto orphans = m_orphans.find(rs->metadata.ns);
    if (std::int64_t(ownedCount) < spec.replicas && orphans != m_orphans.end()) {
        // a copy: adopting removes the pod from the orphans
        const std::vector<std::string> candidates(orphans->second.begin(), orphans->second.end());
        for (const std::string &key : candidates) {
            const api::ObjectPtr p = m_store.get(api::kind::Pod, rs->metadata.ns, key.substr(key.find('/') + 1));
            if (!p || !controllerUid(*p).empty() || p->metadata.deletionTimestamp || !selector->matches(p->metadata.labels))
                continue;
            auto adopted = std::make_shared<api::Object>(*p);
            adopted->metadata.ownerReferences.push_back(controllerRef(*rs));
            if (auto updated = m_store.update(adopted); updated.ok())
                track(**updated);
        }
    }

    struct Active {
        const std::string *key;
        const PodFacts *facts;
    };
    std::vector<Active> active;
    std::int64_t ready = 0, available = 0;
    std::optional<TimeMs> nextAvailable;
    if (auto owned = m_podsByOwner.find(rs->metadata.uid); owned != m_podsByOwner.end()) {
        active.reserve(owned->second.size());
        for (const TrackedPod *t : owned->second) {
            const PodFacts &f = t->facts;
            if (f.deleting || f.terminal)
                continue;
            active.push_back({t->key, &f});
            if (f.readySince) {
                ++ready;
                const TimeMs availableAt = *f.readySince + spec.minReadySeconds * 1000;
                if (availableAt <= m_sim.now())
                    ++available;
                else if (!nextAvailable || availableAt < *nextAvailable)
                    nextAvailable = availableAt;
            }
        }
    }
    const std::int64_t diff = spec.replicas - std::int64_t(active.size());
    if (diff > 0) {
        const std::int64_t n = std::min<std::int64_t>(diff, kBurst);
        for (std::int64_t i = 0; i < n; ++i)
            createPod(*rs, spec);
        if (diff > kBurst)
            enqueue(rsKey);
    } else if (diff < 0) {
        // kube's order: not scheduled, pending, not ready, then the most recently created
        auto rank = [](const PodFacts &f) { return std::tuple(f.scheduled, f.running, f.readySince.has_value()); };
        std::sort(active.begin(), active.end(), [&](const Active &a, const Active &b) {
            const auto ra = rank(*a.facts), rb = rank(*b.facts);
            if (ra != rb)
                return ra < rb;
            if (a.facts->created != b.facts->created)
                return a.facts->created > b.facts->created;
            return *a.key < *b.key;
        });
        std::vector<std::string> victims;
        for (std::int64_t i = 0; i < -diff && i < std::int64_t(active.size()); ++i)
            victims.push_back(*active[std::size_t(i)].key);
        for (const std::string &key : victims) {
            const auto slash = key.find('/');
            const std::string name = key.substr(slash + 1);
            m_deletePod(key.substr(0, slash), name);
            m_events.record(*rs, EventRecorder::Type::Normal, "SuccessfulDelete", "Deleted pod: " + name, kController);
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
