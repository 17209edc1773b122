#include "garbagecollector.h"

#include <limits>

#include "../api/kinds.h"

#include <algorithm>

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kNamespaceFinalizer = "kubernetes";
/// How long a deleted namespace stands Terminating with its contents before they go (Kubernetes' namespace
/// controller also takes its time): `kubectl delete -f` of a file that begins with its Namespace
/// still finds the other objects and deletes them.
constexpr TimeMs kNamespaceSweepDelay = 15'000;

bool immortal(const std::string &ns) { return ns == "default" || ns == "kube-system" || ns == "kube-public"; }

/// Kinds whose objects may be dependents; Events never name owners and are many.
bool mayDepend(const api::KindInfo &k) { return k.kind != api::kind::Event; }
} // namespace

GarbageCollector::GarbageCollector(store::Store &store, sim::Simulation &sim, DeletePod deletePod)
    : m_store(store), m_sim(sim), m_deletePod(std::move(deletePod)),
      m_namespaceQueue(sim, [this](const std::string &ns) { sweepNamespace(ns); })
{
    auto id = m_store.watch({}, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

GarbageCollector::~GarbageCollector()
{
    if (m_watch)
        m_store.unwatch(m_watch);
}

void GarbageCollector::resume()
{
    std::vector<api::ObjectPtr> dependents;
    for (const auto &k : api::allKinds()) {
        if (!mayDepend(k))
            continue;
        for (const auto &o : m_store.list(k.kind)) {
            if (o->metadata.ownerReferences.empty())
                continue;
            for (const auto &r : o->metadata.ownerReferences)
                m_owners.insert(r.uid);
            dependents.push_back(o);
        }
    }
    for (const auto &o : dependents)
        collectIfOrphaned(o);
    for (const auto &ns : m_store.list(api::kind::Namespace))
        if (ns->metadata.deletionTimestamp) {
            m_terminating[ns->metadata.name] = 0;
            m_namespaceQueue.add(ns->metadata.name);
        }
}

bool GarbageCollector::ownerExists(const api::Object &dependent, const api::OwnerReference &ref) const
{
    const auto *info = api::findKind(ref.kind);
    if (!info)
        return true; // a kind Flotilla does not run: never a reason to delete
    const auto owner = m_store.get(ref.kind, info->namespaced ? dependent.metadata.ns : std::string(), ref.name);
    return owner && owner->metadata.uid == ref.uid;
}

void GarbageCollector::collectIfOrphaned(const api::ObjectPtr &object)
{
    const auto &refs = object->metadata.ownerReferences;
    std::vector<api::OwnerReference> solid;
    for (const auto &r : refs)
        if (ownerExists(*object, r))
            solid.push_back(r);
    if (solid.size() == refs.size())
        return;
    if (solid.empty()) {
        deleteObject(*object);
        return;
    }
    // some owners are left: only the references to the missing ones go
    auto next = std::make_shared<api::Object>(*object);
    next->metadata.ownerReferences = std::move(solid);
    (void)m_store.update(std::move(next));
}

void GarbageCollector::deleteObject(const api::Object &o)
{
    if (o.metadata.deletionTimestamp)
        return; // already going
    if (o.kind == api::kind::Pod)
        m_deletePod(o.metadata.ns, o.metadata.name);
    else if (o.kind == api::kind::Namespace)
        (void)deleteNamespace(o.metadata.name);
    else
        (void)m_store.remove(o.kind, o.metadata.ns, o.metadata.name);
}

std::vector<api::ObjectPtr> GarbageCollector::dependentsOf(const api::Object &owner) const
{
    std::vector<api::ObjectPtr> out;
    for (const auto &k : api::allKinds()) {
        if (!mayDepend(k) || (!owner.metadata.ns.empty() && !k.namespaced))
            continue;
        for (const auto &o : m_store.list(k.kind, owner.metadata.ns))
            for (const auto &r : o->metadata.ownerReferences)
                if (r.uid == owner.metadata.uid) {
                    out.push_back(o);
                    break;
                }
    }
    return out;
}

void GarbageCollector::orphanDependents(const api::Object &owner)
{
    for (const auto &d : dependentsOf(owner)) {
        auto next = std::make_shared<api::Object>(*d);
        auto &refs = next->metadata.ownerReferences;
        refs.erase(std::remove_if(refs.begin(), refs.end(),
                                  [&](const api::OwnerReference &r) { return r.uid == owner.metadata.uid; }),
                   refs.end());
        next->metadata.resourceVersion = 0;
        (void)m_store.update(std::move(next));
    }
    m_owners.erase(owner.metadata.uid);
}

void GarbageCollector::onEvents(std::span<const store::WatchEvent> events)
{
    std::map<std::string, std::set<std::string>> gone; // namespace ("" = cluster-scoped) → owner uids
    std::vector<api::ObjectPtr> added;
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        if (ev.type == store::WatchEvent::Type::Deleted) {
            if (const auto it = m_owners.find(o.metadata.uid); it != m_owners.end()) {
                m_owners.erase(it);
                gone[o.metadata.ns].insert(o.metadata.uid);
            }
            if (!m_terminating.empty() && !o.metadata.ns.empty())
                if (const auto t = m_terminating.find(o.metadata.ns); t != m_terminating.end() && --t->second <= 0)
                    m_namespaceQueue.add(o.metadata.ns);
            continue;
        }
        for (const auto &r : o.metadata.ownerReferences)
            m_owners.insert(r.uid);
        if (ev.type == store::WatchEvent::Type::Added && !o.metadata.ownerReferences.empty())
            added.push_back(ev.object);
    }
    if (!gone.empty())
        collect(gone);
    // a new object whose owners do not exist (any more) is collected, as Kubernetes' collector does
    for (const auto &o : added)
        if (const auto current = m_store.get(o->kind, o->metadata.ns, o->metadata.name);
            current && current->metadata.uid == o->metadata.uid)
            collectIfOrphaned(current);
}

void GarbageCollector::collect(const std::map<std::string, std::set<std::string>> &ownersByNamespace)
{
    for (const auto &[ns, uids] : ownersByNamespace) {
        for (const auto &k : api::allKinds()) {
            if (!mayDepend(k) || (!ns.empty() && !k.namespaced))
                continue;
            for (const auto &o : m_store.list(k.kind, ns)) {
                bool owned = false;
                for (const auto &r : o->metadata.ownerReferences)
                    owned |= uids.count(r.uid) != 0;
                // background propagation: a dependent goes when none of its owners is left
                if (owned)
                    collectIfOrphaned(o);
            }
        }
    }
}

Result<api::ObjectPtr> GarbageCollector::deleteNamespace(const std::string &name)
{
    if (immortal(name))
        return Error::make(Error::Code::Forbidden,
                           "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    const api::ObjectPtr ns = m_store.get(api::kind::Namespace, {}, name);
    if (!ns)
        return Error::make(Error::Code::NotFound, "namespaces \"" + name + "\" not found");
    if (ns->metadata.deletionTimestamp)
        return ns;
    auto next = std::make_shared<api::Object>(*ns);
    next->metadata.deletionTimestamp = m_sim.now();
    next->metadata.deletionGracePeriodSeconds = 0;
    api::Json &spec = next->body["spec"];
    if (!spec.is_object())
        spec = api::Json::object();
    api::Json &finalizers = spec["finalizers"];
    if (!finalizers.is_array())
        finalizers = api::Json::array();
    if (std::find(finalizers.begin(), finalizers.end(), kNamespaceFinalizer) == finalizers.end())
        finalizers.push_back(kNamespaceFinalizer);
    api::Json &status = next->body["status"];
    if (!status.is_object())
        status = api::Json::object();
    status["phase"] = "Terminating";
    next->metadata.resourceVersion = 0;
    auto updated = m_store.update(std::move(next));
    if (!updated.ok())
        return updated;
    // its objects may be deleted meanwhile without bringing the sweep forward
    m_terminating[name] = std::numeric_limits<std::int64_t>::max();
    m_namespaceQueue.add(name, kNamespaceSweepDelay);
    return updated;
}

void GarbageCollector::sweepNamespace(const std::string &name)
{
    const api::ObjectPtr ns = m_store.get(api::kind::Namespace, {}, name);
    if (!ns || !ns->metadata.deletionTimestamp) {
        m_terminating.erase(name);
        return;
    }
    for (const auto &k : api::allKinds()) {
        if (!k.namespaced)
            continue;
        for (const auto &o : m_store.list(k.kind, name))
            deleteObject(*o);
    }
    std::int64_t remaining = 0;
    for (const auto &k : api::allKinds())
        if (k.namespaced)
            remaining += std::int64_t(m_store.list(k.kind, name).size());
    if (remaining > 0) {
        m_terminating[name] = remaining; // pods still stopping: looked at again when the last is gone
        return;
    }
    m_terminating.erase(name);
    (void)m_store.remove(api::kind::Namespace, {}, name);
}

Status GarbageCollector::admit(const api::Object &object) const
{
    if (m_terminating.empty() || object.metadata.ns.empty() || !m_terminating.count(object.metadata.ns))
        return {};
    const auto *info = api::findKind(object.kind);
    const std::string resource = info ? std::string(info->plural) : object.kind;
    const std::string name = object.metadata.name.empty() ? object.metadata.generateName : object.metadata.name;
    return Error::make(Error::Code::Forbidden, resource + " \"" + name + "\" is forbidden: unable to create new content in namespace " +
                                                   object.metadata.ns + " because it is being terminated");
}

} // namespace flotilla::engine::cluster
