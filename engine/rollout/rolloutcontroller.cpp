#include "rolloutcontroller.h"

#include "../api/kinds.h"

namespace flotilla::engine::rollout {

namespace {
constexpr const char *kComponent = "rollout-controller";
} // namespace

/// The sandbox as a rollout sees it: its store, its clock, its event recorder and its service proxy.
class RolloutController::StoreWorld final : public RolloutWorld {
public:
    StoreWorld(store::Store &store, sim::Simulation &sim, cluster::EventRecorder &events, cluster::Traffic &traffic)
        : m_store(store), m_sim(sim), m_events(events), m_traffic(traffic)
    {
    }
    TimeMs now() const override { return m_sim.now(); }
    api::ObjectPtr get(std::string_view kind, const std::string &ns, const std::string &name) const override
    {
        return m_store.get(kind, ns, name);
    }
    std::vector<api::ObjectPtr> list(std::string_view kind, const std::string &ns, const api::LabelSelector *selector) const override
    {
        return m_store.list(kind, ns, selector);
    }
    Status create(api::MutableObjectPtr object) override { return status(m_store.create(std::move(object))); }
    Status update(api::MutableObjectPtr object) override { return status(m_store.update(std::move(object))); }
    Status remove(std::string_view kind, const std::string &ns, const std::string &name) override
    {
        return status(m_store.remove(kind, ns, name));
    }
    bool canSplitTraffic() const override { return true; }
    Status setWeights(const std::string &ns, const std::string &service, std::vector<cluster::TrafficWeight> weights) override
    {
        return m_traffic.setWeights(ns, service, std::move(weights));
    }
    std::optional<cluster::ServiceTraffic> traffic(const std::string &ns, const std::string &service) const override
    {
        return m_traffic.stats(ns, service);
    }
    void event(const api::Object &about, cluster::EventRecorder::Type type, const std::string &reason,
               const std::string &message) override
    {
        m_events.record(about, type, reason, message, kComponent);
    }

private:
    static Status status(const Result<api::ObjectPtr> &r) { return r.ok() ? Status{} : Status(r.error()); }
    store::Store &m_store;
    sim::Simulation &m_sim;
    cluster::EventRecorder &m_events;
    cluster::Traffic &m_traffic;
};

RolloutController::RolloutController(store::Store &store, sim::Simulation &sim, cluster::EventRecorder &events,
                                     cluster::Traffic &traffic)
    : m_store(store), m_sim(sim), m_timers(sim, [this](const std::string &key) { sync(key); }), m_world(std::make_unique<StoreWorld>(store, sim, events, traffic))
{
    store::WatchOptions rollouts;
    rollouts.kind = std::string(api::kind::Rollout);
    if (auto id = m_store.watch(rollouts, [this](std::span<const store::WatchEvent> evs) { onRollouts(evs); }); id.ok())
        m_rolloutWatch = *id;
    store::WatchOptions deployments;
    deployments.kind = std::string(api::kind::Deployment);
    if (auto id = m_store.watch(deployments, [this](std::span<const store::WatchEvent> evs) { onDeployments(evs); }); id.ok())
        m_deploymentWatch = *id;
}

RolloutController::~RolloutController()
{
    for (const auto id : {m_rolloutWatch, m_deploymentWatch})
        if (id)
            m_store.unwatch(id);
}

void RolloutController::resume()
{
    for (const auto &ro : m_store.list(api::kind::Rollout)) {
        m_states[ro->key()].generation = ro->metadata.generation;
        schedule(ro->key(), 0);
    }
}

void RolloutController::onRollouts(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const std::string key = ev.object->key();
        if (ev.type == store::WatchEvent::Type::Deleted) {
            m_timers.cancel(key);
            m_states.erase(key);
            continue;
        }
        State &st = m_states[key];
        if (st.generation != ev.object->metadata.generation) { // a new spec; status writes are the controller's own
            st.generation = ev.object->metadata.generation;
            schedule(key, 0);
        }
    }
}

void RolloutController::onDeployments(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const auto it = ev.object->metadata.labels.find(kRolloutLabel);
        if (it != ev.object->metadata.labels.end())
            schedule(api::objectKey(ev.object->metadata.ns, it->second), 0);
    }
}

void RolloutController::schedule(const std::string &key, TimeMs delay) { m_timers.schedule(key, delay, true); }

Status RolloutController::act(const std::string &ns, const std::string &name, Action action)
{
    if (auto st = requestRolloutAction(*m_world, ns, name, action); !st.ok())
        return st;
    schedule(api::objectKey(ns, name), 0);
    return {};
}

void RolloutController::sync(const std::string &key)
{
    const auto slash = key.find('/');
    const api::ObjectPtr ro = m_store.get(api::kind::Rollout, key.substr(0, slash), key.substr(slash + 1));
    if (!ro)
        return;
    if (const auto delay = reconcileRollout(*m_world, *ro, m_states[key].memo))
        schedule(key, *delay);
}

} // namespace flotilla::engine::rollout
