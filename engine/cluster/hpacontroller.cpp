#include "hpacontroller.h"

#include "../api/kinds.h"
#include "../api/quantity.h"
#include "../api/selector.h"
#include "../api/types.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

namespace flotilla::engine::cluster {

namespace {
constexpr const char *kComponent = "horizontal-pod-autoscaler";

std::int64_t intField(const api::Json &j, const char *name, std::int64_t fallback)
{
    const api::Json &f = api::field(j, name);
    return f.is_number_integer() ? f.get<std::int64_t>() : fallback;
}

bool readyAndRunning(const api::PodStatus &st)
{
    if (st.phase != "Running")
        return false;
    for (const auto &c : st.conditions)
        if (c.type == "Ready")
            return c.status == "True";
    return false;
}

/// What one metric asks for.
struct Proposal {
    std::string error;       ///< why it could not be computed ("failed to get cpu utilization: ...")
    std::int64_t replicas = 0;
    std::string description; ///< "cpu resource utilization (percentage of request)"
    api::Json current;       ///< the status.currentMetrics entry
};

struct PodFigures {
    const api::Object *pod = nullptr;
    bool ready = false;
    std::int64_t usage = 0;
    std::int64_t request = 0;
    std::string missingRequest; ///< the first container without a request of the resource
};

Proposal propose(const HpaSpec::Metric &m, const std::vector<PodFigures> &pods, std::int64_t currentReplicas)
{
    Proposal p;
    const bool cpu = m.resource == "cpu";
    p.description = m.resource + (m.utilization ? " resource utilization (percentage of request)" : " resource");
    const std::string failed = "failed to get " + m.resource + (m.utilization ? " utilization: " : " usage: ");
    std::int64_t usage = 0, requests = 0, unreadyRequests = 0;
    int ready = 0, unready = 0;
    for (const auto &f : pods) {
        if (m.utilization && !f.missingRequest.empty()) {
            p.error = failed + "missing request for " + m.resource + " in container " + f.missingRequest + " of Pod " +
                      f.pod->metadata.name;
            return p;
        }
        if (f.ready) {
            ++ready;
            usage += f.usage;
            requests += f.request;
        } else {
            ++unready;
            unreadyRequests += f.request;
        }
    }
    if (ready == 0) {
        p.error = failed + "did not receive metrics for targeted pods (pods might be unready)";
        return p;
    }
    // the ratio of use to target, over the ready pods and, when scaling up, with the unready ones as idle
    std::int64_t utilization = 0;
    auto ratioOver = [&](std::int64_t extraRequests, int extraPods) {
        if (m.utilization) {
            const std::int64_t total = requests + extraRequests;
            const std::int64_t percent = total > 0 ? usage * 100 / total : 0;
            if (extraPods == 0)
                utilization = percent;
            return double(percent) / double(m.averageUtilization);
        }
        return double(usage) / (double(m.averageValue) * double(ready + extraPods));
    };
    const double ratio = ratioOver(0, 0);
    const auto within = [](double r) { return std::abs(r - 1.0) <= HpaController::kTolerance; };
    if (unready == 0 || ratio <= 1.0) {
        p.replicas = within(ratio) ? currentReplicas : std::int64_t(std::ceil(ratio * double(ready)));
    } else {
        const double idle = ratioOver(unreadyRequests, unready);
        if (within(idle) || idle < 1.0) {
            p.replicas = currentReplicas;
        } else {
            p.replicas = std::int64_t(std::ceil(idle * double(ready + unready)));
            p.replicas = std::max(p.replicas, currentReplicas);
        }
    }
    const std::int64_t average = usage / ready;
    api::Json current = {{"averageValue", cpu ? api::formatCpu(average) : std::to_string(average)}};
    if (m.utilization)
        current["averageUtilization"] = utilization;
    p.current = {{"type", "Resource"}, {"resource", {{"name", m.resource}, {"current", current}}}};
    return p;
}

/// Sets a condition in a status' list, keeping its lastTransitionTime when its status did not change.
void setCondition(api::Json &conditions, const std::string &type, bool status, const std::string &reason,
                  const std::string &message, TimeMs now)
{
    const std::string value = status ? "True" : "False";
    for (auto &c : conditions)
        if (api::stringField(c, "type") == type) {
            if (api::stringField(c, "status") != value)
                c["lastTransitionTime"] = formatRfc3339(now);
            c["status"] = value;
            c["reason"] = reason;
            c["message"] = message;
            return;
        }
    conditions.push_back({{"type", type}, {"status", value}, {"lastTransitionTime", formatRfc3339(now)},
                          {"reason", reason}, {"message", message}});
}
} // namespace

HpaSpec HpaSpec::decode(const api::Json &spec)
{
    HpaSpec s;
    const api::Json &ref = api::field(spec, "scaleTargetRef");
    s.targetApiVersion = api::stringField(ref, "apiVersion");
    s.targetKind = api::stringField(ref, "kind");
    s.targetName = api::stringField(ref, "name");
    s.minReplicas = std::max<std::int64_t>(intField(spec, "minReplicas", 1), 1);
    s.maxReplicas = std::max(intField(spec, "maxReplicas", s.minReplicas), s.minReplicas);
    const api::Json &metrics = api::field(spec, "metrics");
    if (metrics.is_array())
        for (const auto &m : metrics) {
            if (api::stringField(m, "type") != "Resource")
                continue;
            const api::Json &res = api::field(m, "resource");
            const api::Json &target = api::field(res, "target");
            Metric metric;
            metric.resource = api::stringField(res, "name", "cpu");
            metric.utilization = api::stringField(target, "type") != "AverageValue";
            metric.averageUtilization = std::max<std::int64_t>(intField(target, "averageUtilization", 80), 1);
            if (!metric.utilization) {
                const auto q = api::parseQuantity(api::field(target, "averageValue"));
                metric.averageValue = metric.resource == "cpu" ? api::toMilli(q.value_or(0)) : api::toBytes(q.value_or(0));
                if (metric.averageValue <= 0)
                    continue;
            }
            s.metrics.push_back(std::move(metric));
        }
    if (s.metrics.empty())
        s.metrics.push_back(Metric{});
    const api::Json &behavior = api::field(spec, "behavior");
    s.scaleUpWindowSeconds = std::clamp<std::int64_t>(
        intField(api::field(behavior, "scaleUp"), "stabilizationWindowSeconds", 0), 0, 3600);
    s.scaleDownWindowSeconds = std::clamp<std::int64_t>(
        intField(api::field(behavior, "scaleDown"), "stabilizationWindowSeconds", 300), 0, 3600);
    return s;
}

HpaController::HpaController(store::Store &store, sim::Simulation &sim, EventRecorder &events,
                             runtime::ContainerRuntime &runtime)
    : m_store(store), m_sim(sim), m_events(events), m_runtime(runtime),
      m_timers(sim, [this](const std::string &key) { sync(key); })
{
    store::WatchOptions opts;
    opts.kind = std::string(api::kind::HorizontalPodAutoscaler);
    auto id = m_store.watch(opts, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
}

HpaController::~HpaController()
{
    if (m_watch)
        m_store.unwatch(m_watch);
}

void HpaController::resume()
{
    for (const auto &hpa : m_store.list(api::kind::HorizontalPodAutoscaler)) {
        m_states[hpa->key()].generation = hpa->metadata.generation;
        schedule(hpa->key(), 0);
    }
}

void HpaController::onEvents(std::span<const store::WatchEvent> events)
{
    for (const auto &ev : events) {
        const api::Object &o = *ev.object;
        const std::string key = o.key();
        if (ev.type == store::WatchEvent::Type::Deleted) {
            m_timers.cancel(key);
            m_states.erase(key);
            continue;
        }
        // a new or changed spec is looked at now; the controller's own status writes wait for the period
        State &st = m_states[key];
        if (st.generation != o.metadata.generation) {
            st.generation = o.metadata.generation;
            schedule(key, 0);
        }
    }
}

void HpaController::schedule(const std::string &key, TimeMs delay) { m_timers.schedule(key, delay); }

void HpaController::sync(const std::string &key)
{
    const auto slash = key.find('/');
    const api::ObjectPtr hpa = m_store.get(api::kind::HorizontalPodAutoscaler, key.substr(0, slash), key.substr(slash + 1));
    if (!hpa) {
        m_states.erase(key);
        return;
    }
    State &st = m_states[key];
    schedule(key, kSyncPeriod);
    const TimeMs now = m_sim.now();
    const HpaSpec spec = HpaSpec::decode(hpa->spec());
    const std::string &ns = hpa->metadata.ns;

    api::Json status = hpa->status().is_object() ? hpa->status() : api::Json::object();
    if (!status["conditions"].is_array())
        status["conditions"] = api::Json::array();
    api::Json &conditions = status["conditions"];
    status["observedGeneration"] = hpa->metadata.generation;

    auto warn = [&](const std::string &reason, const std::string &message) {
        if (st.lastWarning == reason + message)
            return;
        st.lastWarning = reason + message;
        m_events.record(*hpa, EventRecorder::Type::Warning, reason, message, kComponent);
    };
    auto writeStatus = [&] {
        if (status == hpa->status())
            return;
        auto next = std::make_shared<api::Object>(*hpa);
        next->body["status"] = status;
        next->metadata.resourceVersion = 0;
        (void)m_store.update(std::move(next));
    };

    api::ObjectPtr target;
    if (spec.targetKind == api::kind::Deployment || spec.targetKind == api::kind::ReplicaSet)
        target = m_store.get(spec.targetKind, ns, spec.targetName);
    if (!target) {
        std::string kind = spec.targetKind;
        std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char c) { return char(std::tolower(c)); });
        const std::string message = "the HPA controller was unable to get the target's current scale: " + kind +
                                    "s.apps \"" + spec.targetName + "\" not found";
        setCondition(conditions, "AbleToScale", false, "FailedGetScale", message, now);
        warn("FailedGetScale", kind + "s.apps \"" + spec.targetName + "\" not found");
        writeStatus();
        return;
    }
    const api::Json &targetSpec = target->spec();
    const std::int64_t currentReplicas = intField(targetSpec, "replicas", 1);
    status["currentReplicas"] = intField(target->status(), "replicas", 0);
    setCondition(conditions, "AbleToScale", true, "SucceededGetScale",
                 "the HPA controller was able to get the target's current scale", now);

    std::int64_t desired = currentReplicas;
    std::string rescaleReason;
    if (currentReplicas == 0) {
        setCondition(conditions, "ScalingActive", false, "ScalingDisabled",
                     "scaling is disabled since the replica count of the target is zero", now);
        status["desiredReplicas"] = 0;
        writeStatus();
        return;
    }
    if (currentReplicas > spec.maxReplicas) {
        desired = spec.maxReplicas;
        rescaleReason = "Current number of replicas above Spec.MaxReplicas";
    } else if (currentReplicas < spec.minReplicas) {
        desired = spec.minReplicas;
        rescaleReason = "Current number of replicas below Spec.MinReplicas";
    } else {
        auto selector = api::LabelSelector::fromJson(api::field(targetSpec, "selector"), "spec.selector");
        if (!selector.ok() || selector->empty()) {
            setCondition(conditions, "ScalingActive", false, "InvalidSelector",
                         "the HPA target's scale is missing a selector", now);
            warn("SelectorRequired", "selector is required");
            writeStatus();
            return;
        }
        // the target's pods, with what each uses and asks for, of every metric's resource
        const auto podList = m_store.list(api::kind::Pod, ns, &*selector);
        std::vector<std::vector<PodFigures>> perMetric(spec.metrics.size());
        for (const auto &pod : podList) {
            if (pod->metadata.deletionTimestamp)
                continue;
            const api::PodStatus ps = api::PodStatus::decode(pod->status());
            if (ps.phase == "Failed" || ps.phase == "Succeeded")
                continue;
            const bool ready = readyAndRunning(ps);
            const auto usage = ready ? m_runtime.podUsage(*pod) : runtime::ContainerRuntime::PodUsage{};
            const api::PodSpec podSpec = api::PodSpec::decode(pod->spec());
            for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
                const bool cpu = spec.metrics[i].resource == "cpu";
                PodFigures f;
                f.pod = pod.get();
                f.ready = ready;
                f.usage = cpu ? usage.cpuMilli : usage.memoryBytes;
                for (const auto &c : podSpec.containers) {
                    const std::int64_t r = cpu ? c.requests.cpuMilli : c.requests.memoryBytes;
                    if (r <= 0 && f.missingRequest.empty())
                        f.missingRequest = c.name;
                    f.request += r;
                }
                perMetric[i].push_back(std::move(f));
            }
        }
        std::optional<Proposal> best;
        std::string firstError;
        int invalid = 0;
        api::Json currentMetrics = api::Json::array();
        for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
            Proposal p = propose(spec.metrics[i], perMetric[i], currentReplicas);
            if (!p.error.empty()) {
                ++invalid;
                if (firstError.empty())
                    firstError = p.error;
                continue;
            }
            currentMetrics.push_back(p.current);
            if (!best || p.replicas > best->replicas)
                best = std::move(p);
        }
        status["currentMetrics"] = currentMetrics;
        // as Kubernetes: no metric, or some missing when the others would scale down, is no decision
        if (!best || (invalid > 0 && best->replicas < currentReplicas)) {
            setCondition(conditions, "ScalingActive", false, "FailedGetResourceMetric",
                         "the HPA was unable to compute the replica count: " + firstError, now);
            warn("FailedGetResourceMetric", firstError);
            writeStatus();
            return;
        }
        st.lastWarning.clear();
        setCondition(conditions, "ScalingActive", true, "ValidMetricFound",
                     "the HPA was able to successfully calculate a replica count from " + best->description, now);

        // stabilisation: the lowest recommendation of the scale-up window, the highest of the scale-down one
        const std::int64_t proposed = best->replicas;
        if (st.recommendations.empty() && spec.scaleDownWindowSeconds > 0)
            st.recommendations.push_back({now, currentReplicas});
        std::int64_t up = proposed, down = proposed;
        for (const auto &r : st.recommendations) {
            if (r.time > now - spec.scaleUpWindowSeconds * 1000)
                up = std::min(up, r.replicas);
            if (r.time > now - spec.scaleDownWindowSeconds * 1000)
                down = std::max(down, r.replicas);
        }
        std::int64_t stabilized = currentReplicas;
        if (stabilized < up)
            stabilized = up;
        if (stabilized > down)
            stabilized = down;
        st.recommendations.push_back({now, proposed});
        const TimeMs keep = std::max(spec.scaleUpWindowSeconds, spec.scaleDownWindowSeconds) * 1000;
        while (!st.recommendations.empty() && st.recommendations.front().time <= now - keep)
            st.recommendations.pop_front();
        if (stabilized != proposed)
            setCondition(conditions, "AbleToScale", true, stabilized > proposed ? "ScaleDownStabilized" : "ScaleUpStabilized",
                         stabilized > proposed
                             ? "recent recommendations were higher than current one, applying the highest recent recommendation"
                             : "recent recommendations were lower than current one, applying the lowest recent recommendation",
                         now);
        else
            setCondition(conditions, "AbleToScale", true, "ReadyForNewScale", "recommended size matches current size", now);

        desired = stabilized;
        if (desired > spec.maxReplicas) {
            desired = spec.maxReplicas;
            setCondition(conditions, "ScalingLimited", true, "TooManyReplicas",
                         "the desired replica count is more than the maximum replica count", now);
        } else if (desired < spec.minReplicas) {
            desired = spec.minReplicas;
            setCondition(conditions, "ScalingLimited", true, "TooFewReplicas",
                         "the desired replica count is less than the minimum replica count", now);
        } else {
            setCondition(conditions, "ScalingLimited", false, "DesiredWithinRange",
                         "the desired count is within the acceptable range", now);
        }
        rescaleReason = desired > currentReplicas ? best->description + " above target" : "All metrics below target";
    }

    status["desiredReplicas"] = desired;
    if (desired != currentReplicas) {
        // the same write as a manual scale: the target's spec.replicas
        auto next = std::make_shared<api::Object>(*target);
        next->body["spec"]["replicas"] = desired;
        next->metadata.resourceVersion = 0;
        const std::string size = "New size: " + std::to_string(desired) + "; reason: " + rescaleReason;
        if (auto updated = m_store.update(std::move(next)); updated.ok()) {
            setCondition(conditions, "AbleToScale", true, "SucceededRescale",
                         "the HPA controller was able to update the target scale to " + std::to_string(desired), now);
            status["lastScaleTime"] = formatRfc3339(now);
            m_events.record(*hpa, EventRecorder::Type::Normal, "SuccessfulRescale", size, kComponent);
        } else {
            setCondition(conditions, "AbleToScale", false, "FailedUpdateScale",
                         "the HPA controller was unable to update the target scale: " + updated.error().message, now);
            warn("FailedRescale", size + "; error: " + updated.error().message);
        }
    }
    writeStatus();
}

} // namespace flotilla::engine::cluster
