#include "deploymentcontroller.h"

#include "../api/kinds.h"
#include "../api/workloads.h"
#include "replicasetcontroller.h"

#include <algorithm>

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kController = "deployment-controller";
constexpr const char *kRevision = "deployment.kubernetes.io/revision";
constexpr const char *kHashLabel = "pod-template-hash";

std::int64_t revisionOf(const api::Object &rs)
{
    const auto it = rs.metadata.annotations.find(kRevision);
    return it == rs.metadata.annotations.end() ? 0 : std::atoll(it->second.c_str());
}


/// The template without the hash label, compared by content.
api::Json comparableTemplate(api::Json tmpl)
{
    if (tmpl.contains("metadata") && tmpl["metadata"].contains("labels"))
        tmpl["metadata"]["labels"].erase(kHashLabel);
    if (tmpl.contains("metadata") && tmpl["metadata"].contains("labels") && tmpl["metadata"]["labels"].empty())
        tmpl["metadata"].erase("labels");
    if (tmpl.contains("metadata") && tmpl["metadata"].empty())
        tmpl.erase("metadata");
    return tmpl;
}
} // namespace

std::string DeploymentController::templateHash(const api::Json &podTemplate)
{
    const std::string text = comparableTemplate(podTemplate).dump();
    std::uint32_t h = 2166136261u;
    for (unsigned char c : text)
        h = (h ^ c) * 16777619u;
    // Kubernetes writes the number in decimal and maps it to consonants and digits (SafeEncodeString)
    static constexpr char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string digits = std::to_string(h), out;
    for (char d : digits)
        out += alphabet[(unsigned char)d % (sizeof alphabet - 1)];
    return out;
}

DeploymentController::DeploymentController(store::Store &store, sim::Simulation &sim, EventRecorder &events)
    : m_store(store), m_sim(sim), m_events(events), m_queue(sim, [this](const std::string &key) { sync(key); }, kSyncInterval)
{
    auto id = m_store.watch({}, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

DeploymentController::~DeploymentController()
{
    if (m_watch)
        m_store.unwatch(m_watch);
}

void DeploymentController::resume()
{
    for (const auto &rs : m_store.list(api::kind::ReplicaSet))
        if (const std::string owner = controllerUid(*rs); !owner.empty())
            m_rsOwner[rs->metadata.uid] = owner;
    for (const auto &d : m_store.list(api::kind::Deployment)) {
        m_byUid[d->metadata.uid] = d->key();
        enqueue(d->key());
    }
}

void DeploymentController::onEvents(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        const bool deleted = ev.type == store::WatchEvent::Type::Deleted;
        if (o.kind == api::kind::Deployment) {
            if (deleted) {
                m_byUid.erase(o.metadata.uid); // its ReplicaSets: the garbage collector's
            } else {
                m_byUid[o.metadata.uid] = o.key();
                enqueue(o.key());
            }
        } else if (o.kind == api::kind::ReplicaSet) {
            const std::string owner = controllerUid(o);
            if (deleted)
                m_rsOwner.erase(o.metadata.uid);
            else if (!owner.empty())
                m_rsOwner[o.metadata.uid] = owner;
            if (const auto it = m_byUid.find(owner); it != m_byUid.end())
                enqueue(it->second);
        } else if (o.kind == api::kind::Pod && deleted) {
            // a pod gone for good: Recreate may now start the new pods
            if (const auto rs = m_rsOwner.find(controllerUid(o)); rs != m_rsOwner.end())
                if (const auto it = m_byUid.find(rs->second); it != m_byUid.end())
                    enqueue(it->second);
        }
    }
}

void DeploymentController::enqueue(const std::string &key, TimeMs delay) { m_queue.add(key, delay); }

std::vector<api::ObjectPtr> DeploymentController::replicaSetsOf(const api::Object &d) const
{
    std::vector<api::ObjectPtr> out;
    for (const auto &rs : m_store.list(api::kind::ReplicaSet, d.metadata.ns))
        if (controllerUid(*rs) == d.metadata.uid && !rs->metadata.deletionTimestamp)
            out.push_back(rs);
    std::sort(out.begin(), out.end(), [](const api::ObjectPtr &a, const api::ObjectPtr &b) {
        return revisionOf(*a) < revisionOf(*b);
    });
    return out;
}

void DeploymentController::scale(const api::ObjectPtr &rs, std::int64_t replicas, const api::Object &d)
{
    const std::int64_t current = api::ReplicaSetSpec::decode(rs->spec()).replicas;
    if (current == replicas)
        return;
    auto next = std::make_shared<api::Object>(*rs);
    next->body["spec"]["replicas"] = replicas;
    next->metadata.resourceVersion = 0;
    if (m_store.update(next).ok())
        m_events.record(d, EventRecorder::Type::Normal, "ScalingReplicaSet",
                        std::string(replicas > current ? "Scaled up" : "Scaled down") + " replica set " +
                            rs->metadata.name + " from " + std::to_string(current) + " to " + std::to_string(replicas),
                        kController);
}

Result<api::ObjectPtr> DeploymentController::rollback(const std::string &ns, const std::string &name,
                                                      std::int64_t revision)
{
    const api::ObjectPtr d = m_store.get(api::kind::Deployment, ns, name);
    if (!d)
        return Error::make(Error::Code::NotFound, "deployments.apps \"" + name + "\" not found");
    const auto sets = replicaSetsOf(*d);
    if (sets.size() < 2 && revision == 0)
        return Error::make(Error::Code::Invalid, "no rollout history found for deployment \"" + name + "\"");
    api::ObjectPtr target;
    if (revision == 0) {
        target = sets[sets.size() - 2];
    } else {
        for (const auto &rs : sets)
            if (revisionOf(*rs) == revision)
                target = rs;
        if (!target)
            return Error::make(Error::Code::NotFound, "unable to find specified revision " + std::to_string(revision) +
                                                          " in history");
    }
    auto next = std::make_shared<api::Object>(*d);
    api::Json tmpl = comparableTemplate(target->spec().value("template", api::Json::object()));
    next->body["spec"]["template"] = tmpl;
    next->metadata.resourceVersion = 0;
    auto r = m_store.update(next);
    if (r.ok())
        m_events.record(*d, EventRecorder::Type::Normal, "DeploymentRollback",
                        "Rolled back deployment \"" + name + "\" to revision " + std::to_string(revisionOf(*target)),
                        kController);
    return r;
}

void DeploymentController::sync(const std::string &key)
{
    const auto slash = key.find('/');
    const api::ObjectPtr d = m_store.get(api::kind::Deployment, key.substr(0, slash), key.substr(slash + 1));
    if (!d || d->metadata.deletionTimestamp)
        return;
    const api::DeploymentSpec spec = api::DeploymentSpec::decode(d->spec());
    const api::Json tmpl = d->spec().value("template", api::Json::object());
    const std::string hash = templateHash(tmpl);
    auto sets = replicaSetsOf(*d);
    api::ObjectPtr newRS;
    std::int64_t maxRevision = 0;
    for (const auto &rs : sets) {
        maxRevision = std::max(maxRevision, revisionOf(*rs));
        if (comparableTemplate(rs->spec().value("template", api::Json::object())) == comparableTemplate(tmpl))
            newRS = rs;
    }
    std::vector<api::ObjectPtr> oldSets;
    for (const auto &rs : sets)
        if (rs != newRS)
            oldSets.push_back(rs);
    auto specReplicas = [](const api::ObjectPtr &rs) { return api::ReplicaSetSpec::decode(rs->spec()).replicas; };
    auto status = [](const api::ObjectPtr &rs) { return api::WorkloadStatus::decode(rs->status()); };
    std::int64_t oldActive = 0;
    for (const auto &rs : oldSets)
        oldActive += specReplicas(rs);

    if (!spec.paused && !newRS) {
        // a new template: its ReplicaSet, at the revision after the newest
        auto rs = std::make_shared<api::Object>();
        rs->apiVersion = "apps/v1";
        rs->kind = std::string(api::kind::ReplicaSet);
        rs->metadata.ns = d->metadata.ns;
        rs->metadata.name = d->metadata.name + "-" + hash;
        rs->metadata.labels = spec.podTemplate.labels;
        rs->metadata.labels[kHashLabel] = hash;
        rs->metadata.annotations[kRevision] = std::to_string(maxRevision + 1);
        rs->metadata.ownerReferences.push_back(controllerRef(*d));
        api::Json rsTemplate = tmpl;
        rsTemplate["metadata"]["labels"][kHashLabel] = hash;
        api::Json selector = spec.selector;
        selector["matchLabels"][kHashLabel] = hash;
        std::int64_t initial = spec.replicas;
        if (spec.strategy == "RollingUpdate" && oldActive > 0) {
            const std::int64_t surge = spec.maxSurge.scaled(spec.replicas, true);
            initial = std::clamp<std::int64_t>(spec.replicas + surge - oldActive, 0, spec.replicas);
        } else if (spec.strategy == "Recreate" && oldActive > 0) {
            initial = 0;
        }
        rs->body["spec"] = {{"replicas", initial}, {"selector", selector}, {"template", rsTemplate},
                            {"minReadySeconds", spec.minReadySeconds}};
        auto created = m_store.create(rs);
        if (!created.ok()) {
            m_events.record(*d, EventRecorder::Type::Warning, "FailedCreate",
                            "Failed to create new replica set \"" + rs->metadata.name + "\": " +
                                created.error().message,
                            kController);
            return;
        }
        newRS = *created;
        m_events.record(*d, EventRecorder::Type::Normal, "ScalingReplicaSet",
                        "Scaled up replica set " + rs->metadata.name + " from 0 to " + std::to_string(initial),
                        kController);
        // a rollback to an old template brings its revision forward (handled by matching above)
    } else if (newRS && revisionOf(*newRS) < maxRevision && !spec.paused) {
        // an older template came back (rollback): it becomes the newest revision
        auto next = std::make_shared<api::Object>(*newRS);
        next->metadata.annotations[kRevision] = std::to_string(maxRevision + 1);
        next->metadata.resourceVersion = 0;
        if (auto r = m_store.update(next); r.ok())
            newRS = *r;
    }

    if (!spec.paused && newRS) {
        if (spec.strategy == "Recreate") {
            for (const auto &rs : oldSets)
                scale(rs, 0, *d);
            // Recreate waits until every old pod is gone, terminating ones included
            std::set<std::string> oldUids;
            for (const auto &rs : oldSets)
                oldUids.insert(rs->metadata.uid);
            bool oldPods = false;
            if (!oldUids.empty())
                for (const auto &p : m_store.list(api::kind::Pod, d->metadata.ns))
                    oldPods = oldPods || oldUids.count(controllerUid(*p));
            if (!oldPods)
                scale(newRS, spec.replicas, *d);
        } else {
            const std::int64_t surge = spec.maxSurge.scaled(spec.replicas, true);
            std::int64_t unavailable = spec.maxUnavailable.scaled(spec.replicas, false);
            if (surge == 0 && unavailable == 0)
                unavailable = 1;
            std::int64_t newReplicas = specReplicas(newRS);
            // scale up the new ReplicaSet within the surge
            std::int64_t total = newReplicas + oldActive;
            if (oldActive == 0) {
                scale(newRS, spec.replicas, *d); // plain scaling: no rollout in progress
                newReplicas = spec.replicas;
            } else if (newReplicas < spec.replicas) {
                const std::int64_t up = std::min(spec.replicas + surge - total, spec.replicas - newReplicas);
                if (up > 0) {
                    scale(newRS, newReplicas + up, *d);
                    newReplicas += up;
                    total += up;
                }
            } else if (newReplicas > spec.replicas) {
                scale(newRS, spec.replicas, *d);
                newReplicas = spec.replicas;
            }
            // scale down old ReplicaSets while keeping minAvailable pods available
            if (oldActive > 0) {
                const std::int64_t minAvailable = spec.replicas - unavailable;
                const std::int64_t newUnavailable = newReplicas - status(newRS).availableReplicas;
                std::int64_t maxDown = total - minAvailable - newUnavailable;
                // first the old pods that are not available anyway
                for (const auto &rs : oldSets) {
                    if (maxDown <= 0)
                        break;
                    const std::int64_t r = specReplicas(rs);
                    const std::int64_t unhealthy = r - status(rs).availableReplicas;
                    const std::int64_t cut = std::min({unhealthy, maxDown, r});
                    if (cut > 0) {
                        scale(rs, r - cut, *d);
                        maxDown -= cut;
                    }
                }
                std::int64_t availableAll = status(newRS).availableReplicas;
                for (const auto &rs : oldSets)
                    availableAll += std::min(status(rs).availableReplicas, specReplicas(rs));
                std::int64_t canRemove = std::min(availableAll - minAvailable, maxDown);
                for (const auto &rs : oldSets) { // oldest revisions first
                    if (canRemove <= 0)
                        break;
                    const std::int64_t r = api::ReplicaSetSpec::decode(m_store.get(api::kind::ReplicaSet,
                                                                                   rs->metadata.ns, rs->metadata.name)
                                                                            ->spec())
                                               .replicas;
                    const std::int64_t cut = std::min(r, canRemove);
                    if (cut > 0) {
                        scale(m_store.get(api::kind::ReplicaSet, rs->metadata.ns, rs->metadata.name), r - cut, *d);
                        canRemove -= cut;
                    }
                }
            }
        }
        // old ReplicaSets beyond the history limit go, oldest first
        std::vector<api::ObjectPtr> idle;
        for (const auto &rs : oldSets)
            if (specReplicas(rs) == 0 && status(rs).replicas == 0)
                idle.push_back(rs);
        while (std::int64_t(idle.size()) > spec.revisionHistoryLimit) {
            (void)m_store.remove(api::kind::ReplicaSet, idle.front()->metadata.ns, idle.front()->metadata.name);
            idle.erase(idle.begin());
        }
    }

    // status, from the ReplicaSets as they are now
    api::WorkloadStatus st;
    const api::WorkloadStatus previous = api::WorkloadStatus::decode(d->status());
    st.conditions = previous.conditions;
    for (const auto &rs : replicaSetsOf(*d)) {
        const auto s = status(rs);
        st.replicas += s.replicas;
        st.readyReplicas += s.readyReplicas;
        st.availableReplicas += s.availableReplicas;
        if (newRS && rs->metadata.uid == newRS->metadata.uid)
            st.updatedReplicas = s.replicas;
    }
    st.unavailableReplicas = std::max<std::int64_t>(0, spec.replicas - st.availableReplicas);
    st.observedGeneration = d->metadata.generation;
    auto setCondition = [&](const std::string &type, bool value, const std::string &reason, const std::string &message) {
        for (auto &c : st.conditions)
            if (c.type == type) {
                if (c.status != (value ? "True" : "False"))
                    c.lastTransitionTime = m_sim.now();
                c.status = value ? "True" : "False";
                c.reason = reason;
                c.message = message;
                c.lastHeartbeatTime = m_sim.now();
                return;
            }
        api::Condition c;
        c.type = type;
        c.status = value ? "True" : "False";
        c.reason = reason;
        c.message = message;
        c.lastTransitionTime = m_sim.now();
        c.lastHeartbeatTime = m_sim.now();
        st.conditions.push_back(c);
    };
    const std::int64_t unavailableAllowed = spec.strategy == "RollingUpdate" ? spec.maxUnavailable.scaled(spec.replicas, false) : 0;
    setCondition("Available", st.availableReplicas >= spec.replicas - unavailableAllowed,
                 st.availableReplicas >= spec.replicas - unavailableAllowed ? "MinimumReplicasAvailable"
                                                                            : "MinimumReplicasUnavailable",
                 st.availableReplicas >= spec.replicas - unavailableAllowed
                     ? "Deployment has minimum availability."
                     : "Deployment does not have minimum availability.");
    const bool complete = newRS && st.updatedReplicas == spec.replicas && st.availableReplicas == spec.replicas &&
                          st.replicas == spec.replicas;
    const std::string rsName = newRS ? newRS->metadata.name : std::string();
    if (spec.paused) {
        setCondition("Progressing", false, "DeploymentPaused", "Deployment is paused");
    } else if (complete) {
        setCondition("Progressing", true, "NewReplicaSetAvailable",
                     "ReplicaSet \"" + rsName + "\" has successfully progressed.");
    } else {
        // the deadline counts from the last progress (any change of the counts)
        const bool progressed = st.updatedReplicas != previous.updatedReplicas ||
                                st.availableReplicas != previous.availableReplicas || st.replicas != previous.replicas;
        TimeMs since = m_sim.now();
        bool timedOut = false; // stays so until something progresses, as Kubernetes keeps it
        for (const auto &c : previous.conditions) {
            if (c.type == "Progressing" && c.reason == "ReplicaSetUpdated" && !progressed)
                since = c.lastHeartbeatTime.value_or(m_sim.now());
            timedOut |= c.type == "Progressing" && c.reason == "ProgressDeadlineExceeded" && !progressed;
        }
        if (timedOut || (!progressed && m_sim.now() - since >= spec.progressDeadlineSeconds * 1000)) {
            setCondition("Progressing", false, "ProgressDeadlineExceeded",
                         "ReplicaSet \"" + rsName + "\" has timed out progressing.");
        } else {
            setCondition("Progressing", true, "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.");
            if (!progressed)
                for (auto &c : st.conditions)
                    if (c.type == "Progressing")
                        c.lastHeartbeatTime = since;
            enqueue(key, spec.progressDeadlineSeconds * 1000 + 100);
        }
    }
    auto next = std::make_shared<api::Object>(*d);
    next->body["status"] = api::Json::object(); // written whole: no stale counts
    st.encodeInto(next->body["status"], true);
    if (next->body["status"] != d->status()) {
        next->metadata.resourceVersion = 0;
        (void)m_store.update(next);
    }
}

} // namespace flotilla::engine::cluster
