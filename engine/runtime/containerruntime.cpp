#include "containerruntime.h"

#include "../api/kinds.h"
#include "../api/quantity.h"
#include "../api/types.h"
#include "../image/reference.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace flotilla::engine::runtime {

using api::ObjectPtr;

namespace {
constexpr const char *kKubelet = "kubelet";
constexpr const char *kFlotilla = "flotilla";
constexpr TimeMs kMaxBackoff = 300'000;

TimeMs tickAtOrAfter(const Probe &probe, TimeMs startedAt, TimeMs t)
{
    const TimeMs first = startedAt + probe.initialDelay;
    if (t <= first)
        return first;
    return first + (t - first + probe.period - 1) / probe.period * probe.period;
}

TimeMs backoff(int attempts) { return std::min<TimeMs>(10'000LL << std::clamp(attempts - 1, 0, 5), kMaxBackoff); }

/// Typical use of a program of this kind when its image says nothing: (millicores, bytes).
std::pair<std::int64_t, std::int64_t> typicalUse(ImageKind kind)
{
    constexpr std::int64_t Mi = 1024 * 1024;
    switch (kind) {
    case ImageKind::Nginx: return {3, 12 * Mi};
    case ImageKind::Node: return {25, 60 * Mi};
    case ImageKind::Python: return {15, 45 * Mi};
    case ImageKind::Redis: return {6, 8 * Mi};
    case ImageKind::Postgres: return {12, 40 * Mi};
    case ImageKind::Shell: return {1, 1 * Mi};
    case ImageKind::System: return {40, 80 * Mi};
    case ImageKind::Generic: return {10, 30 * Mi};
    }
    return {10, 30 * Mi};
}

std::int64_t quantityOf(const api::Json &resources, const char *section, const char *what, bool cpu)
{
    const auto q = api::parseQuantity(api::field(api::field(resources, section), what));
    if (!q || *q <= 0)
        return 0;
    return cpu ? api::toMilli(*q) : api::toBytes(*q);
}

bool alive(const ObjectPtr &p, const std::string &uid)
{
    return p && p->metadata.uid == uid && !p->metadata.deletionTimestamp;
}

std::string formatDuration(TimeMs ms)
{
    const TimeMs s = ms / 1000;
    char buf[48];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lldh%lldm%llds", (long long)(s / 3600), (long long)(s / 60 % 60), (long long)(s % 60));
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%lldm%llds", (long long)(s / 60), (long long)(s % 60));
    else
        std::snprintf(buf, sizeof buf, "%llds", (long long)s);
    return buf;
}
} // namespace

ContainerRuntime::ContainerRuntime(store::Store &store, sim::Simulation &sim, cluster::EventRecorder &events,
                                   cluster::PodLifecycle &pods)
    : m_store(store), m_sim(sim), m_events(events), m_pods(pods), m_usage(sim.seed())
{
    // a ConfigMap or Secret that appears lets the pods that wait for it go on at once
    for (const auto kind : {api::kind::ConfigMap, api::kind::Secret}) {
        store::WatchOptions opts;
        opts.kind = std::string(kind);
        auto id = m_store.watch(opts, [this](std::span<const store::WatchEvent> evs) { onConfigEvents(evs); });
        (kind == api::kind::ConfigMap ? m_configWatch : m_secretWatch) = id.ok() ? *id : 0;
    }
}

ContainerRuntime::~ContainerRuntime()
{
    if (m_configWatch)
        m_store.unwatch(m_configWatch);
    if (m_secretWatch)
        m_store.unwatch(m_secretWatch);
}

const ImageBehaviour &ContainerRuntime::behaviour(const std::string &image) const
{
    auto it = m_behaviours.find(image);
    if (it != m_behaviours.end())
        return it->second;
    ImageBehaviour b = ImageBehaviour::fromLabels(image, m_imageLabels ? m_imageLabels(image) : api::Labels{});
    // a built image runs what its base runs ("FROM nginx" makes an nginx), a few levels down at most
    std::string base = image;
    for (int depth = 0; depth < 4 && b.kind == ImageKind::Generic && m_imageBase; ++depth) {
        base = m_imageBase(base);
        if (base.empty())
            break;
        b.kind = imageKindOf(base);
    }
    return m_behaviours.emplace(image, b).first->second;
}

ObjectPtr ContainerRuntime::pod(const std::string &key) const
{
    const auto slash = key.find('/');
    if (slash == std::string::npos)
        return nullptr;
    return m_store.get(api::kind::Pod, key.substr(0, slash), key.substr(slash + 1));
}

const api::Json *ContainerRuntime::containerSpec(const api::Object &pod, const std::string &container) const
{
    const api::Json &cs = api::field(pod.spec(), "containers");
    if (!cs.is_array())
        return nullptr;
    for (const auto &c : cs)
        if (container.empty() || api::stringField(c, "name") == container)
            return &c;
    return nullptr;
}

// --- hooks ----------------------------------------------------------------------------------------

std::string ContainerRuntime::pullError(const std::string &image)
{
    if (m_failingImages.count(image)) {
        std::string full = image, host = "registry-1.docker.io", repo = image, tag = "latest";
        if (auto ref = image::parseImageReference(image); ref.ok()) {
            full = ref->full();
            host = ref->registry == "docker.io" ? "registry-1.docker.io" : ref->registry;
            repo = ref->repository;
            tag = ref->digest.empty() ? ref->tag : ref->digest;
        }
        return "rpc error: code = Unknown desc = failed to pull and unpack image \"" + full +
               "\": failed to resolve reference \"" + full + "\": unexpected status from HEAD request to https://" + host +
               "/v2/" + repo + "/manifests/" + tag + ": 503 Service Unavailable (simulated fault)";
    }
    if (!m_imageCheck)
        return {};
    auto it = m_imageProblems.find(image);
    if (it == m_imageProblems.end())
        it = m_imageProblems.emplace(image, m_imageCheck(image)).first;
    return it->second;
}

void ContainerRuntime::pullFailed(const api::Object &p, const std::string &image, const std::string &error,
                                  std::function<void()> retry)
{
    const std::string key = p.key(), uid = p.metadata.uid;
    const std::string node = api::stringField(p.spec(), "nodeName");
    const int attempts = ++m_pullFailures[key];
    const TimeMs wait = backoff(attempts);
    auto setWaiting = [this, key, uid, image](const std::string &reason, const std::string &message) -> ObjectPtr {
        const ObjectPtr now = pod(key);
        if (!alive(now, uid) || m_pods.isNodeDown(api::stringField(now->spec(), "nodeName")))
            return nullptr;
        api::PodStatus status = api::PodStatus::decode(now->status());
        for (auto &cs : status.containerStatuses)
            if (cs.image == image && cs.state == api::ContainerStatus::State::Waiting) {
                cs.reason = reason;
                cs.message = message;
            }
        auto next = std::make_shared<api::Object>(*now);
        next->body["status"] = status.encode();
        auto updated = m_store.update(std::move(next));
        return updated.ok() ? *updated : nullptr;
    };
    // the attempt takes a moment; then ErrImagePull, and shortly after the back-off
    m_sim.after(1'500, [=, this] {
        const ObjectPtr failed = setWaiting("ErrImagePull", error);
        if (!failed)
            return;
        m_events.record(*failed, cluster::EventRecorder::Type::Warning, "Failed",
                        "Failed to pull image \"" + image + "\": " + error, kKubelet, node);
        m_events.record(*failed, cluster::EventRecorder::Type::Warning, "Failed", "Error: ErrImagePull", kKubelet, node);
        m_sim.after(1'000, [=, this] {
            const ObjectPtr waiting = setWaiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
            if (!waiting)
                return;
            m_events.record(*waiting, cluster::EventRecorder::Type::Normal, "BackOff",
                            "Back-off pulling image \"" + image + "\"", kKubelet, node);
            m_events.record(*waiting, cluster::EventRecorder::Type::Warning, "Failed", "Error: ImagePullBackOff", kKubelet,
                            node);
            m_sim.after(wait, [this, key, uid, retry] {
                if (alive(pod(key), uid))
                    retry();
            });
        });
    });
}

bool ContainerRuntime::canCreateContainers(const api::Object &p, std::function<void()> retry)
{
    const std::string key = p.key();
    const auto problems = configProblems(p, m_store);
    if (problems.empty()) {
        if (const auto it = m_waiting.find(key); it != m_waiting.end()) {
            if (it->second.task)
                m_sim.cancel(it->second.task);
            m_waiting.erase(it);
        }
        return true;
    }
    Waiting &w = m_waiting[key];
    if (w.uid != p.metadata.uid) {
        if (w.task)
            m_sim.cancel(w.task);
        w = Waiting{};
        w.uid = p.metadata.uid;
    }
    w.retry = std::move(retry);
    ++w.attempts;
    const std::string node = api::stringField(p.spec(), "nodeName");
    api::PodStatus status = api::PodStatus::decode(p.status());
    for (auto &cs : status.containerStatuses) {
        for (const auto &problem : problems)
            if (problem.container == cs.name) {
                cs.state = api::ContainerStatus::State::Waiting;
                cs.reason = problem.mount ? "ContainerCreating" : "CreateContainerConfigError";
                cs.message = problem.mount ? "" : problem.message;
            }
    }
    const api::Json encoded = status.encode();
    ObjectPtr current = m_store.get(api::kind::Pod, p.metadata.ns, p.metadata.name);
    if (current && current->status() != encoded) {
        auto next = std::make_shared<api::Object>(*current);
        next->body["status"] = encoded;
        if (auto updated = m_store.update(std::move(next)); updated.ok())
            current = *updated;
    }
    if (current) {
        const auto &first = problems.front();
        if (first.mount)
            m_events.record(*current, cluster::EventRecorder::Type::Warning, "FailedMount",
                            "MountVolume.SetUp failed for volume \"" + (first.volume.empty() ? first.container : first.volume) +
                                "\" : " + first.message,
                            kKubelet, node);
        else
            m_events.record(*current, cluster::EventRecorder::Type::Warning, "Failed", "Error: " + first.message, kKubelet,
                            node);
    }
    w.lastMessage = problems.front().message;
    if (w.task)
        m_sim.cancel(w.task);
    const std::string uid = p.metadata.uid;
    w.task = m_sim.after(backoff(w.attempts), [this, key, uid] {
        const auto it = m_waiting.find(key);
        if (it == m_waiting.end() || it->second.uid != uid)
            return;
        it->second.task = 0;
        const auto again = it->second.retry;
        if (alive(pod(key), uid) && again)
            again();
        else
            m_waiting.erase(key);
    });
    return false;
}

void ContainerRuntime::onConfigEvents(std::span<const store::WatchEvent> events)
{
    std::set<std::string> namespaces;
    for (const auto &ev : events)
        if (ev.type != store::WatchEvent::Type::Deleted && ev.object)
            namespaces.insert(ev.object->metadata.ns);
    for (const auto &ns : namespaces)
        retryWaiting(ns);
}

void ContainerRuntime::retryWaiting(const std::string &ns)
{
    const std::string prefix = ns + "/";
    for (auto &[key, w] : m_waiting) {
        if (key.rfind(prefix, 0) != 0)
            continue;
        if (w.task)
            m_sim.cancel(w.task);
        const std::string k = key, uid = w.uid;
        w.task = m_sim.after(200, [this, k, uid] {
            const auto it = m_waiting.find(k);
            if (it == m_waiting.end() || it->second.uid != uid)
                return;
            it->second.task = 0;
            --it->second.attempts; // a change that may help is not a failed attempt
            const auto again = it->second.retry;
            if (alive(pod(k), uid) && again)
                again();
        });
    }
}

bool ContainerRuntime::readyWhenStarted(const api::Object &p, const std::string &container)
{
    const api::Json *spec = containerSpec(p, container);
    return !spec || !Probe::decode(api::field(*spec, "readinessProbe"));
}

void ContainerRuntime::containerStarted(const api::Object &p, const std::string &container)
{
    start(p, container, m_sim.now());
}

void ContainerRuntime::resume()
{
    for (const auto &p : m_store.list(api::kind::Pod)) {
        if (p->metadata.deletionTimestamp || api::stringField(p->status(), "phase") != "Running")
            continue;
        for (const auto &cs : api::PodStatus::decode(p->status()).containerStatuses) {
            if (cs.state != api::ContainerStatus::State::Running)
                continue;
            start(*p, cs.name, std::min(cs.startedAt.value_or(m_sim.now()), m_sim.now()));
            // the probes go on from what the pod says, not from scratch
            if (const auto it = m_probes.find(UsageTable::containerId(p->key(), cs.name)); it != m_probes.end())
                it->second.ready = cs.ready;
        }
    }
}

void ContainerRuntime::start(const api::Object &p, const std::string &container, TimeMs now)
{
    const api::Json *spec = containerSpec(p, container);
    if (!spec)
        return;
    m_usage.catchUp(m_sim.now());
    const std::string key = p.key();
    m_pullFailures.erase(key);
    const std::uint64_t id = UsageTable::containerId(key, container);
    const std::string image = api::stringField(*spec, "image");
    const std::string node = api::stringField(p.spec(), "nodeName");
    const ImageBehaviour &b = behaviour(image);

    UsageTable::Container c;
    c.startedAt = now;
    c.node = m_usage.nodeIndex(node);
    c.noiseKey = std::uint32_t(mix(stableHash(p.metadata.uid), stableHash(container)));
    const api::Json &res = api::field(*spec, "resources");
    const std::int64_t cpuRequest = quantityOf(res, "requests", "cpu", true);
    const std::int64_t memRequest = quantityOf(res, "requests", "memory", false);
    c.cpuLimitMilli = std::int32_t(std::min<std::int64_t>(quantityOf(res, "limits", "cpu", true), INT32_MAX));
    c.memoryLimit = quantityOf(res, "limits", "memory", false);
    const double u = unit(mix(m_sim.seed(), c.noiseKey, 0x7573));
    const auto [typicalCpu, typicalMem] = typicalUse(b.kind);
    std::int64_t cpu = b.cpuMilli > 0 ? b.cpuMilli : cpuRequest > 0 ? std::int64_t(double(cpuRequest) * (0.3 + 0.4 * u)) : typicalCpu;
    std::int64_t mem = b.memoryBytes > 0 ? b.memoryBytes
                       : memRequest > 0  ? std::int64_t(double(memRequest) * (0.5 + 0.3 * u))
                                         : typicalMem;
    c.cpuMilli = std::int32_t(std::clamp<std::int64_t>(cpu, 0, INT32_MAX));
    c.memoryBytes = mem;
    m_usage.set(id, c);
    applyFaults(p);

    auto readiness = Probe::decode(api::field(*spec, "readinessProbe"));
    auto liveness = Probe::decode(api::field(*spec, "livenessProbe"));
    if (!readiness && !liveness)
        return;
    ProbeState s;
    s.podKey = key;
    s.uid = p.metadata.uid;
    s.container = container;
    s.node = node;
    s.startedAt = now;
    s.readyAfter = b.readyAfter;
    s.unhealthyAfter = b.unhealthyAfter;
    s.readiness = std::move(readiness);
    s.liveness = std::move(liveness);
    s.ready = !s.readiness;
    auto &stored = m_probes[id];
    if (stored.readinessTask)
        m_sim.cancel(stored.readinessTask);
    if (stored.livenessTask)
        m_sim.cancel(stored.livenessTask);
    stored = std::move(s);
    if (stored.readiness)
        scheduleReadiness(id, tickAtOrAfter(*stored.readiness, now, m_sim.now()));
    if (stored.liveness)
        scheduleLiveness(id, tickAtOrAfter(*stored.liveness, now, m_sim.now()));
}

void ContainerRuntime::forget(const std::string &podKey, const std::string &container)
{
    const std::uint64_t id = UsageTable::containerId(podKey, container);
    m_usage.remove(id);
    if (const auto it = m_probes.find(id); it != m_probes.end()) {
        if (it->second.readinessTask)
            m_sim.cancel(it->second.readinessTask);
        if (it->second.livenessTask)
            m_sim.cancel(it->second.livenessTask);
        m_probes.erase(it);
    }
    if (const auto it = m_oomTasks.find(id); it != m_oomTasks.end()) {
        m_sim.cancel(it->second);
        m_oomTasks.erase(it);
    }
}

void ContainerRuntime::containerStopped(const api::Object &p, const std::string &container)
{
    m_usage.catchUp(m_sim.now());
    forget(p.key(), container);
}

void ContainerRuntime::podGone(const api::Object &p)
{
    const std::string key = p.key();
    const api::Json &cs = api::field(p.spec(), "containers");
    if (cs.is_array() && (m_usage.size() || !m_probes.empty())) {
        m_usage.catchUp(m_sim.now());
        for (const auto &c : cs)
            forget(key, api::stringField(c, "name"));
    }
    m_faults.erase(key);
    m_pullFailures.erase(key);
    if (const auto it = m_requests.find(key); it != m_requests.end() && it->second.uid == p.metadata.uid)
        m_requests.erase(it);
    if (const auto it = m_waiting.find(key); it != m_waiting.end()) {
        if (it->second.task)
            m_sim.cancel(it->second.task);
        m_waiting.erase(it);
    }
}

void ContainerRuntime::nodeResumed(const std::string &node)
{
    // the kubelet reports again: readiness as its probes see it, conditions the node controller changed
    for (const auto &p : m_store.podsOnNode(node)) {
        if (p->metadata.deletionTimestamp || api::stringField(p->status(), "phase") != "Running")
            continue;
        api::PodStatus status = api::PodStatus::decode(p->status());
        bool allReady = !status.containerStatuses.empty();
        for (auto &cs : status.containerStatuses) {
            const auto it = m_probes.find(UsageTable::containerId(p->key(), cs.name));
            if (it != m_probes.end() && cs.state == api::ContainerStatus::State::Running)
                cs.ready = it->second.ready;
            allReady = allReady && cs.ready && cs.state == api::ContainerStatus::State::Running;
        }
        status.setCondition("ContainersReady", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
        status.setCondition("Ready", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
        const api::Json encoded = status.encode();
        if (encoded != p->status()) {
            auto next = std::make_shared<api::Object>(*p);
            next->body["status"] = encoded;
            (void)m_store.update(std::move(next));
        }
    }
    for (auto &[id, s] : m_probes)
        if (s.node == node) {
            if (s.readiness && !s.readinessTask)
                scheduleReadiness(id, m_sim.now());
            if (s.liveness && !s.livenessTask)
                scheduleLiveness(id, m_sim.now());
        }
}

// --- probes ---------------------------------------------------------------------------------------

ContainerRuntime::Outcome ContainerRuntime::outcome(const ProbeState &s, TimeMs t, bool readiness) const
{
    TimeMs spikeFrom = 0, spikeUntil = 0;
    if (const auto f = m_faults.find(s.podKey); f != m_faults.end() && f->second.spikeUntil > 0) {
        spikeFrom = f->second.spikeFrom;
        spikeUntil = f->second.spikeUntil;
    }
    std::vector<TimeMs> changes;
    const TimeMs readyAt = readiness && s.readyAfter > 0 ? s.startedAt + s.readyAfter : 0;
    const TimeMs unhealthyAt = s.unhealthyAfter > 0 ? s.startedAt + s.unhealthyAfter : 0;
    for (const TimeMs c : {readyAt, unhealthyAt, spikeFrom, spikeUntil})
        if (c > t)
            changes.push_back(c);
    Outcome o;
    o.until = changes.empty() ? kForever : *std::min_element(changes.begin(), changes.end());
    if (spikeUntil > t && spikeFrom <= t) {
        o.ok = false;
        o.why = Probe::Failure::Timeout;
    } else if (readyAt > t) {
        o.ok = false;
        o.why = Probe::Failure::NotReadyYet;
    } else if (unhealthyAt > 0 && t >= unhealthyAt) {
        o.ok = false;
        o.why = Probe::Failure::Unhealthy;
    }
    return o;
}

void ContainerRuntime::scheduleProbe(std::uint64_t id, TimeMs at, bool readiness)
{
    auto &s = m_probes.at(id);
    sim::Simulation::TaskId &task = readiness ? s.readinessTask : s.livenessTask;
    if (task)
        m_sim.cancel(task);
    task = 0;
    if (at >= kForever)
        return;
    task = m_sim.at(std::max(at, m_sim.now()), [this, id, readiness] {
        if (readiness)
            readinessTick(id);
        else
            livenessTick(id);
    });
}

ContainerRuntime::ProbeState *ContainerRuntime::dueProbe(std::uint64_t id, bool readiness, ObjectPtr &p)
{
    const auto it = m_probes.find(id);
    if (it == m_probes.end())
        return nullptr;
    ProbeState &s = it->second;
    (readiness ? s.readinessTask : s.livenessTask) = 0;
    if (m_pods.isNodeDown(s.node) || !(readiness ? s.readiness : s.liveness))
        return nullptr; // picked up again when the node is back
    p = pod(s.podKey);
    return alive(p, s.uid) ? &s : nullptr;
}

void ContainerRuntime::readinessTick(std::uint64_t id)
{
    ObjectPtr p;
    ProbeState *due = dueProbe(id, true, p);
    if (!due)
        return;
    ProbeState &s = *due;
    const Probe &probe = *s.readiness;
    const TimeMs t = m_sim.now();
    const Outcome o = outcome(s, t, true);
    const bool wasReady = s.ready;
    if (o.ok) {
        s.readinessFailures = 0;
        ++s.successes;
        if (!s.ready && s.successes >= probe.successThreshold) {
            s.ready = true;
            writeReady(s);
        }
    } else {
        s.successes = 0;
        ++s.readinessFailures;
        if (wasReady || s.readinessFailures == 1)
            m_events.record(*p, cluster::EventRecorder::Type::Warning, "Unhealthy",
                            "Readiness probe failed: " +
                                probe.failureMessage(o.why, api::stringField(p->status(), "podIP")),
                            kKubelet, s.node);
        if (s.ready && s.readinessFailures >= probe.failureThreshold) {
            s.ready = false;
            writeReady(s);
        }
    }
    const bool stable = o.ok == s.ready;
    scheduleReadiness(id, stable ? tickAtOrAfter(probe, s.startedAt, o.until) : t + probe.period);
}

void ContainerRuntime::livenessTick(std::uint64_t id)
{
    ObjectPtr p;
    ProbeState *due = dueProbe(id, false, p);
    if (!due)
        return;
    ProbeState &s = *due;
    const Probe &probe = *s.liveness;
    const TimeMs t = m_sim.now();
    const Outcome o = outcome(s, t, false);
    if (o.ok) {
        s.livenessFailures = 0;
        scheduleLiveness(id, tickAtOrAfter(probe, s.startedAt, o.until));
        return;
    }
    ++s.livenessFailures;
    m_events.record(*p, cluster::EventRecorder::Type::Warning, "Unhealthy",
                    "Liveness probe failed: " + probe.failureMessage(o.why, api::stringField(p->status(), "podIP")),
                    kKubelet, s.node);
    if (s.livenessFailures < probe.failureThreshold) {
        scheduleLiveness(id, t + probe.period);
        return;
    }
    const std::string container = s.container, node = s.node; // `s` goes with the container
    m_events.record(*p, cluster::EventRecorder::Type::Normal, "Killing",
                    "Container " + container + " failed liveness probe, will be restarted", kKubelet, node);
    (void)m_pods.crashContainer(p->metadata.ns, p->metadata.name, container, "Error", 137);
}

void ContainerRuntime::writeReady(const ProbeState &s)
{
    const ObjectPtr p = pod(s.podKey);
    if (!alive(p, s.uid))
        return;
    api::PodStatus status = api::PodStatus::decode(p->status());
    bool changed = false, allReady = !status.containerStatuses.empty();
    for (auto &cs : status.containerStatuses) {
        if (cs.name == s.container && cs.state == api::ContainerStatus::State::Running && cs.ready != s.ready) {
            cs.ready = s.ready;
            changed = true;
        }
        allReady = allReady && cs.ready && cs.state == api::ContainerStatus::State::Running;
    }
    if (!changed)
        return;
    status.setCondition("ContainersReady", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
    status.setCondition("Ready", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
    auto next = std::make_shared<api::Object>(*p);
    next->body["status"] = status.encode();
    (void)m_store.update(std::move(next));
}

void ContainerRuntime::replanProbes(const std::string &podKey)
{
    const TimeMs now = m_sim.now();
    for (auto &[id, s] : m_probes) {
        if (s.podKey != podKey)
            continue;
        if (s.readiness)
            scheduleReadiness(id, tickAtOrAfter(*s.readiness, s.startedAt, now));
        if (s.liveness)
            scheduleLiveness(id, tickAtOrAfter(*s.liveness, s.startedAt, now));
    }
}

// --- usage and faults -----------------------------------------------------------------------------

void ContainerRuntime::applyFaults(const api::Object &p)
{
    const std::string key = p.key();
    const auto f = m_faults.find(key);
    const Faults faults = f == m_faults.end() ? Faults{} : f->second;
    const api::Json &cs = api::field(p.spec(), "containers");
    if (!cs.is_array())
        return;
    std::int64_t nodeMemory = 0;
    for (const auto &spec : cs) {
        const std::string container = api::stringField(spec, "name");
        const std::uint64_t id = UsageTable::containerId(key, container);
        UsageTable::Container *c = m_usage.find(id);
        if (!c)
            continue;
        c->spikeUntil = faults.spikeUntil;
        // it wants more than its limit, so it runs at the limit (throttled)
        c->spikeMilli = std::int32_t(faults.spikeMilli > 0    ? faults.spikeMilli
                                     : c->cpuLimitMilli > 0 ? c->cpuLimitMilli + c->cpuLimitMilli / 5
                                                            : 2000);
        const ImageBehaviour &b = behaviour(api::stringField(spec, "image"));
        if (faults.leakPerMinute != 0) {
            std::int64_t limit = c->memoryLimit;
            if (limit <= 0) {
                if (nodeMemory == 0)
                    if (const auto n = m_store.get(api::kind::Node, {}, api::stringField(p.spec(), "nodeName")))
                        nodeMemory = api::summarizeNode(*n).allocatable.memoryBytes;
                limit = nodeMemory;
            }
            c->leakPerMinute = faults.leakPerMinute == kAutoLeak
                                   ? std::max<std::int64_t>((limit - c->memoryBytes) / 2, 1 << 20)
                                   : faults.leakPerMinute;
            c->leakSince = std::max(c->startedAt, faults.leakFrom);
        } else if (b.leakBytesPerMinute > 0) {
            c->leakPerMinute = b.leakBytesPerMinute;
            c->leakSince = c->startedAt;
        } else {
            c->leakPerMinute = 0;
            c->leakSince = 0;
        }
        scheduleOom(id, key, p.metadata.uid, container);
    }
}

void ContainerRuntime::scheduleOom(std::uint64_t id, const std::string &podKey, const std::string &uid,
                                   const std::string &container)
{
    if (const auto it = m_oomTasks.find(id); it != m_oomTasks.end()) {
        m_sim.cancel(it->second);
        m_oomTasks.erase(it);
    }
    const UsageTable::Container *c = m_usage.find(id);
    if (!c || c->leakPerMinute <= 0)
        return;
    UsageTable::Container bounded = *c;
    if (bounded.memoryLimit <= 0) {
        // no limit: the node's memory is the bound (the kernel's OOM killer picks the leaking process)
        const ObjectPtr p = pod(podKey);
        if (const auto n = p ? m_store.get(api::kind::Node, {}, api::stringField(p->spec(), "nodeName")) : nullptr)
            bounded.memoryLimit = api::summarizeNode(*n).allocatable.memoryBytes;
    }
    const auto at = UsageTable::memoryLimitReachedAt(bounded);
    if (!at)
        return;
    const TimeMs startedAt = c->startedAt;
    m_oomTasks[id] = m_sim.at(std::max(*at, m_sim.now()), [this, id, podKey, uid, container, startedAt] {
        m_oomTasks.erase(id);
        const UsageTable::Container *current = m_usage.find(id);
        const ObjectPtr p = pod(podKey);
        if (!current || current->startedAt != startedAt || !alive(p, uid))
            return;
        const std::string node = api::stringField(p->spec(), "nodeName");
        if (m_pods.isNodeDown(node)) {
            m_oomTasks[id] = m_sim.after(10'000, [this, id, podKey, uid, container] { scheduleOom(id, podKey, uid, container); });
            return;
        }
        if (const auto n = m_store.get(api::kind::Node, {}, node))
            m_events.record(*n, cluster::EventRecorder::Type::Warning, "SystemOOM",
                            "System OOM encountered, victim process: " + container + ", pid: " +
                                std::to_string(1000 + mix(m_sim.seed(), id) % 30000),
                            kKubelet, node);
        (void)m_pods.crashContainer(p->metadata.ns, p->metadata.name, container, "OOMKilled", 137);
    });
}

Status ContainerRuntime::spikeCpu(const std::string &ns, const std::string &name, TimeMs duration, std::int64_t milli)
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    if (api::stringField(p->status(), "phase") != "Running")
        return Error::make(Error::Code::Invalid, "pod " + name + " is not running");
    if (duration <= 0 || duration > 86'400'000)
        return Error::make(Error::Code::Invalid, "a CPU spike lasts between 1 ms and 24 h");
    if (milli < 0 || milli > 1'000'000)
        return Error::make(Error::Code::Invalid, "a CPU spike uses between 0 and 1000 cores");
    m_usage.catchUp(m_sim.now());
    Faults &f = m_faults[p->key()];
    f.spikeFrom = m_sim.now();
    f.spikeUntil = m_sim.now() + duration;
    f.spikeMilli = milli;
    applyFaults(*p);
    replanProbes(p->key());
    m_events.record(*p, cluster::EventRecorder::Type::Warning, "CPUSpike",
                    "Simulated fault: CPU spike for " + formatDuration(duration) +
                        " (containers run at their CPU limit or " + api::formatCpu(milli > 0 ? milli : 2000) +
                        "; probes time out)",
                    kFlotilla, api::stringField(p->spec(), "nodeName"));
    return {};
}

Status ContainerRuntime::leakMemory(const std::string &ns, const std::string &name, std::int64_t bytesPerMinute)
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    if (p->metadata.deletionTimestamp)
        return Error::make(Error::Code::Conflict, "pod " + name + " is terminating");
    if (bytesPerMinute < 0)
        return Error::make(Error::Code::Invalid, "a memory leak rate cannot be negative");
    m_usage.catchUp(m_sim.now());
    Faults &f = m_faults[p->key()];
    f.leakPerMinute = bytesPerMinute > 0 ? bytesPerMinute : kAutoLeak;
    f.leakFrom = m_sim.now();
    applyFaults(*p);
    m_events.record(*p, cluster::EventRecorder::Type::Warning, "MemoryLeak",
                    bytesPerMinute > 0 ? "Simulated fault: memory leak of " + api::formatBytes(bytesPerMinute) +
                                             " per minute until the container is OOMKilled"
                                       : "Simulated fault: memory leak until the container is OOMKilled (about 2 minutes)",
                    kFlotilla, api::stringField(p->spec(), "nodeName"));
    return {};
}

Status ContainerRuntime::clearFaults(const std::string &ns, const std::string &name)
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    m_usage.catchUp(m_sim.now());
    if (!m_faults.erase(p->key()))
        return {};
    applyFaults(*p);
    replanProbes(p->key());
    m_events.record(*p, cluster::EventRecorder::Type::Normal, "FaultCleared", "Simulated faults cleared", kFlotilla,
                    api::stringField(p->spec(), "nodeName"));
    return {};
}

Status ContainerRuntime::failImagePulls(const std::string &image, bool fail)
{
    if (image.empty())
        return Error::make(Error::Code::Invalid, "name the image whose pulls should fail");
    if (fail)
        m_failingImages.insert(image);
    else
        m_failingImages.erase(image);
    return {};
}

namespace {
/// The figures of a few one-second samples taken together.
RequestSpan meanOf(std::deque<cluster::PodLoad>::const_iterator first, std::deque<cluster::PodLoad>::const_iterator last)
{
    RequestSpan m;
    double answered = 0, errors = 0, latency = 0, timed = 0;
    std::size_t n = 0;
    for (auto it = first; it != last; ++it, ++n) {
        const double a = std::max(0.0, it->answeredPerSecond);
        answered += a;
        errors += std::clamp(it->errorsPerSecond, 0.0, a);
        if (it->latencyMs > 0 && a > 0) {
            latency += it->latencyMs * a;
            timed += a;
        }
    }
    if (n == 0)
        return m;
    m.perSecond = answered / double(n);
    m.errorShare = answered > 0 ? std::clamp(errors / answered, 0.0, 1.0) : 0;
    m.latencyMs = timed > 0 ? latency / timed : 0;
    return m;
}
} // namespace

void ContainerRuntime::recordRequests(const std::string &podKey, const std::string &uid, const cluster::PodLoad &load,
                                      TimeMs now)
{
    RequestHistory &h = m_requests[podKey];
    if (h.uid != uid) {
        h = RequestHistory{};
        h.uid = uid;
    }
    const bool active = !h.spans.empty() && h.spans.back().until == 0;
    auto open = [&](RequestSpan span) {
        if (!h.spans.empty() && h.spans.back().until == 0)
            h.spans.back().until = now;
        span.from = now;
        span.until = 0;
        h.spans.push_back(span);
        while (h.spans.size() > kRequestSpans)
            h.spans.pop_front();
    };
    // Not sent anything, or nothing of it answered (every connection failed): the lines stop at once.
    // A tick that merely sent it nothing (a low rate) counts as a sample of 0.
    const bool stopped = load.requestsPerSecond > 0 ? load.answeredPerSecond <= 0 : !active;
    if (stopped) {
        if (active)
            h.spans.back().until = now;
        h.recent.clear();
        h.sinceOpen = 0;
        if (h.spans.empty())
            m_requests.erase(podKey);
        return;
    }
    h.recent.push_back(load);
    while (h.recent.size() > kRecentSamples)
        h.recent.pop_front();
    ++h.sinceOpen;
    if (!active) {
        h.recent.assign(1, load);
        open(meanOf(h.recent.begin(), h.recent.end()));
        h.sinceOpen = 1;
        return;
    }
    const std::size_t n = h.recent.size();
    if (n < 3)
        return;
    // Per-second counts are noisy (about Poisson): the span changes only when the recent samples differ
    // from it by more than that noise, so that steady traffic keeps one span for a long time.
    const RequestSpan last = h.spans.back();
    const RequestSpan m = meanOf(h.recent.begin(), h.recent.end());
    const double sigma = std::sqrt(std::max(last.perSecond, 1.0) / double(n));
    const double p = std::clamp((m.errorShare + last.errorShare) / 2, 0.01, 0.5);
    const double sigmaErrors = std::sqrt(p * (1 - p) / std::max(1.0, m.perSecond * double(n)));
    const double dRate = std::abs(m.perSecond - last.perSecond);
    const double dErrors = std::abs(m.errorShare - last.errorShare);
    const double dLatency = m.latencyMs > 0 && last.latencyMs > 0 ? std::abs(std::log(m.latencyMs / last.latencyMs)) : 0;
    if (dRate > 3 * sigma + 0.1 * last.perSecond || dErrors > 3 * sigmaErrors + 0.02 || dLatency > 0.5) {
        // a change: a new span with the latest samples, which are of the new rate already
        h.recent.erase(h.recent.begin(), h.recent.end() - 3);
        open(meanOf(h.recent.begin(), h.recent.end()));
        h.sinceOpen = h.recent.size();
        return;
    }
    if (n >= kRecentSamples && h.sinceOpen % kRecentSamples == 0 &&
        (dRate > 1.5 * sigma || dErrors > 1.5 * sigmaErrors || dLatency > 0.15)) {
        // a full window of samples says the span (begun from few samples) is a little off: refine it
        open(m);
        h.recent.clear();
        h.sinceOpen = 0;
    }
}

std::vector<RequestSpan> ContainerRuntime::requestSpans(const std::string &ns, const std::string &name) const
{
    const auto it = m_requests.find(ns + "/" + name);
    if (it == m_requests.end())
        return {};
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p || p->metadata.uid != it->second.uid)
        return {};
    return {it->second.spans.begin(), it->second.spans.end()};
}

bool ContainerRuntime::servesRequests(const api::Object &p, const std::string &container) const
{
    const api::Json &cs = api::field(p.spec(), "containers");
    if (!cs.is_array())
        return false;
    for (const auto &c : cs)
        if (logsRequests(behaviour(api::stringField(c, "image")).kind))
            return api::stringField(c, "name") == container;
    return false;
}

void ContainerRuntime::setRequestRates(const std::unordered_map<std::string, cluster::PodLoad> &loadPerPod)
{
    // access lines: each pod's history of rates
    const TimeMs now = m_sim.now();
    for (const auto &[podKey, l] : loadPerPod)
        if (const ObjectPtr p = pod(podKey))
            recordRequests(podKey, p->metadata.uid, l, now);
    std::vector<std::string> quiet; // pods with an open span that were sent nothing
    for (const auto &[podKey, h] : m_requests)
        if (!h.spans.empty() && h.spans.back().until == 0 && !loadPerPod.count(podKey))
            quiet.push_back(podKey);
    for (const auto &podKey : quiet) {
        RequestHistory &h = m_requests[podKey];
        h.spans.back().until = now;
        h.recent.clear();
        h.sinceOpen = 0;
    }

    // CPU use
    if (loadPerPod.empty() && m_loadedPods.empty())
        return;
    m_usage.catchUp(m_sim.now());
    // sets the load of a pod's running containers; true when one of them has any
    auto load = [this](const std::string &podKey, double rate) {
        bool any = false;
        const ObjectPtr p = pod(podKey);
        if (!p)
            return any;
        const api::Json &cs = api::field(p->spec(), "containers");
        if (!cs.is_array())
            return any;
        for (const auto &spec : cs) {
            UsageTable::Container *c = m_usage.find(UsageTable::containerId(podKey, api::stringField(spec, "name")));
            if (!c)
                continue;
            const double milli = rate > 0 ? behaviour(api::stringField(spec, "image")).cpuMilliPerRequest * rate : 0;
            c->loadMilli = std::int32_t(std::clamp(milli, 0.0, 1e9));
            any |= c->loadMilli > 0;
        }
        return any;
    };
    std::set<std::string> loaded;
    for (const auto &[podKey, l] : loadPerPod)
        if (load(podKey, l.answeredPerSecond))
            loaded.insert(podKey);
    for (const auto &podKey : m_loadedPods)
        if (!loadPerPod.count(podKey))
            (void)load(podKey, 0);
    m_loadedPods = std::move(loaded);
}

std::optional<ContainerRuntime::PodUsage> ContainerRuntime::podUsage(const std::string &ns, const std::string &name) const
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return std::nullopt;
    return podUsage(*p);
}

ContainerRuntime::PodUsage ContainerRuntime::podUsage(const api::Object &p) const
{
    PodUsage out;
    const api::Json &cs = api::field(p.spec(), "containers");
    if (!cs.is_array() || m_usage.size() == 0)
        return out;
    const std::string key = p.key();
    for (const auto &c : cs) {
        const std::string container = api::stringField(c, "name");
        const auto s = m_usage.usage(UsageTable::containerId(key, container), m_sim.now());
        out.cpuMilli += s.cpuMilli;
        out.memoryBytes += s.memoryBytes;
        out.containers.emplace_back(container, s);
    }
    return out;
}

// --- logs, env, files -----------------------------------------------------------------------------

Result<ContainerRun> ContainerRuntime::runOf(const api::Object &p, const std::string &container, bool previous) const
{
    const api::PodStatus status = api::PodStatus::decode(p.status());
    const api::ContainerStatus *cs = nullptr;
    for (const auto &c : status.containerStatuses)
        if (container.empty() || c.name == container) {
            cs = &c;
            break;
        }
    if (!cs) {
        if (!containerSpec(p, container))
            return Error::make(Error::Code::Invalid,
                               "container " + container + " is not valid for pod " + p.metadata.name);
        return Error::make(Error::Code::Invalid, "container \"" + (container.empty() ? std::string("?") : container) +
                                                     "\" in pod \"" + p.metadata.name + "\" is waiting to start: ContainerCreating");
    }
    // the Service traffic that reached this run
    auto withRequests = [&](ContainerRun run) {
        const auto it = m_requests.find(p.key());
        if (it == m_requests.end() || it->second.uid != p.metadata.uid || !servesRequests(p, run.container))
            return run;
        for (const auto &span : it->second.spans)
            if ((span.until == 0 || span.until > run.startedAt) && (run.finishedAt == 0 || span.from < run.finishedAt))
                run.requests.push_back(span);
        return run;
    };
    ContainerRun run;
    run.seed = m_sim.seed();
    run.podUid = p.metadata.uid;
    run.container = cs->name;
    run.image = cs->image;
    run.kind = behaviour(cs->image).kind;
    run.podIP = status.podIP;
    const bool usePrevious = previous || (cs->state == api::ContainerStatus::State::Waiting && cs->lastTerminated);
    if (usePrevious) {
        if (!cs->lastTerminated)
            return Error::make(Error::Code::NotFound, "previous terminated container \"" + cs->name + "\" in pod \"" +
                                                          p.metadata.name + "\" not found");
        run.restartCount = std::max(cs->restartCount - 1, 0);
        run.startedAt = cs->lastTerminated->startedAt.value_or(0);
        run.finishedAt = std::max<TimeMs>(cs->lastTerminated->finishedAt.value_or(run.startedAt), run.startedAt + 1);
        run.endReason = cs->lastTerminated->reason;
        return withRequests(std::move(run));
    }
    if (cs->state == api::ContainerStatus::State::Waiting)
        return Error::make(Error::Code::Invalid, "container \"" + cs->name + "\" in pod \"" + p.metadata.name +
                                                     "\" is waiting to start: " +
                                                     (cs->reason.empty() ? std::string("ContainerCreating") : cs->reason));
    run.restartCount = cs->restartCount;
    run.startedAt = cs->startedAt.value_or(0);
    if (cs->state == api::ContainerStatus::State::Terminated) {
        run.finishedAt = std::max<TimeMs>(cs->finishedAt.value_or(run.startedAt), run.startedAt + 1);
        run.endReason = cs->reason;
    }
    return withRequests(std::move(run));
}

Result<std::vector<LogLine>> ContainerRuntime::logs(const std::string &ns, const std::string &name,
                                                    const std::string &container, const LogQuery &query,
                                                    bool previous) const
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    auto run = runOf(*p, container, previous);
    if (!run.ok())
        return run.error();
    return containerLog(*run, m_sim.now(), query);
}

Result<std::uint64_t> ContainerRuntime::followLogs(const std::string &ns, const std::string &name,
                                                   const std::string &container, LogListener listener)
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    if (!listener)
        return Error::make(Error::Code::Invalid, "following a log needs a listener");
    const api::Json *spec = containerSpec(*p, container);
    if (!spec)
        return Error::make(Error::Code::Invalid, "container " + container + " is not valid for pod " + name);
    Follower f;
    f.ns = ns;
    f.pod = name;
    f.container = api::stringField(*spec, "name");
    f.uid = p->metadata.uid;
    if (auto run = runOf(*p, f.container, false); run.ok())
        f.restartCount = run->restartCount;
    f.sent = m_sim.now();
    f.listener = std::move(listener);
    const std::uint64_t id = m_nextFollower++;
    m_followers.emplace(id, std::move(f));
    return id;
}

void ContainerRuntime::catchUp()
{
    const TimeMs now = m_sim.now();
    m_usage.catchUp(now);
    if (m_followers.empty())
        return;
    std::vector<std::uint64_t> ids;
    for (const auto &[id, f] : m_followers)
        ids.push_back(id);
    for (const auto id : ids) {
        const auto it = m_followers.find(id);
        if (it == m_followers.end())
            continue;
        Follower &f = it->second;
        if (f.sent >= now)
            continue;
        const ObjectPtr p = m_store.get(api::kind::Pod, f.ns, f.pod);
        if (!p || p->metadata.uid != f.uid)
            continue; // the pod went: nothing more to say
        auto run = runOf(*p, f.container, false);
        if (!run.ok())
            continue;
        LogQuery q;
        q.since = run->restartCount != f.restartCount ? run->startedAt : f.sent + 1;
        q.until = now;
        q.limit = 2'000;
        f.restartCount = run->restartCount;
        f.sent = now;
        auto lines = containerLog(*run, now, q);
        if (!lines.empty()) {
            const auto listener = f.listener; // it may unfollow
            listener(lines);
        }
    }
}

Result<std::vector<EnvVar>> ContainerRuntime::environment(const std::string &ns, const std::string &name,
                                                          const std::string &container) const
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    const api::Json *spec = containerSpec(*p, container);
    if (!spec)
        return Error::make(Error::Code::Invalid, "container " + container + " is not valid for pod " + name);
    const std::string image = api::stringField(*spec, "image");
    return resolveEnv(*p, api::stringField(*spec, "name"), m_store,
                      m_imageEnv ? m_imageEnv(image) : std::vector<std::string>{});
}

Result<std::vector<MountedFile>> ContainerRuntime::files(const std::string &ns, const std::string &name,
                                                         const std::string &container) const
{
    const ObjectPtr p = m_store.get(api::kind::Pod, ns, name);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    const api::Json *spec = containerSpec(*p, container);
    if (!spec)
        return Error::make(Error::Code::Invalid, "container " + container + " is not valid for pod " + name);
    return mountedFiles(*p, api::stringField(*spec, "name"), m_store);
}

std::size_t ContainerRuntime::memoryUse() const
{
    std::size_t requests = 0;
    for (const auto &[key, h] : m_requests)
        requests += sizeof(h) + key.size() + h.uid.size() + 64 + h.spans.size() * sizeof(RequestSpan) +
                    h.recent.size() * sizeof(cluster::PodLoad);
    return sizeof(*this) + m_usage.memoryUse() + m_probes.size() * (sizeof(ProbeState) + 64) +
           m_oomTasks.size() * 32 + m_faults.size() * 96 + m_waiting.size() * 128 + requests;
}

} // namespace flotilla::engine::runtime
