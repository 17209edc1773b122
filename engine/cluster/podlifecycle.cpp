#include "podlifecycle.h"

#include "../api/kinds.h"
#include "../api/quantity.h"
#include "../api/selector.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace flotilla::engine::cluster {

using api::ObjectPtr;

namespace {
constexpr const char *kScheduler = "default-scheduler";
constexpr std::string_view kDecisionAnnotation = "scheduling.flotilla.dev/decision";
constexpr const char *kKubelet = "kubelet";
constexpr std::int64_t kUnknownImageSize = 80LL * 1024 * 1024;
constexpr double kPullBytesPerMs = 40.0 * 1024 * 1024 / 1000.0; // ~40 MB/s

std::string seconds(TimeMs ms)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", double(ms) / 1000.0);
    return buf;
}

bool alive(const ObjectPtr &pod, const std::string &uid)
{
    return pod && pod->metadata.uid == uid && !pod->metadata.deletionTimestamp;
}
} // namespace

PodLifecycle::PodLifecycle(store::Store &store, sim::Simulation &sim, EventRecorder &events, ImageSizeLookup imageSize)
    : m_store(store), m_sim(sim), m_events(events), m_imageSize(std::move(imageSize))
{
    store::WatchOptions opts;
    opts.kind = std::string(api::kind::Pod);
    auto id = m_store.watch(opts, [this](std::span<const store::WatchEvent> evs) { onEvents(evs); });
    m_watch = id.ok() ? *id : 0;
    store::WatchOptions nodes;
    nodes.kind = std::string(api::kind::Node);
    auto nid = m_store.watch(nodes, [this](std::span<const store::WatchEvent> evs) { onNodeEvents(evs); });
    m_nodeWatch = nid.ok() ? *nid : 0;
    for (const auto &n : m_store.list(api::kind::Node))
        m_scheduler.upsertNode(*n);
}

PodLifecycle::~PodLifecycle()
{
    if (m_watch)
        m_store.unwatch(m_watch);
    if (m_nodeWatch)
        m_store.unwatch(m_nodeWatch);
}

const SchedulingDecision *PodLifecycle::lastDecision(const std::string &podKey) const
{
    const auto it = m_decisions.find(podKey);
    return it == m_decisions.end() ? nullptr : &it->second;
}

void PodLifecycle::onNodeEvents(std::span<const store::WatchEvent> events)
{
    bool changed = false;
    for (const auto &ev : events) {
        if (ev.type == store::WatchEvent::Type::Deleted) {
            m_scheduler.removeNode(ev.object->metadata.name);
            m_nodeFacts.erase(ev.object->metadata.name);
        } else {
            m_scheduler.upsertNode(*ev.object);
            noteNode(*ev.object);
            // pods already bound there count again (a node re-created under the same name)
            if (ev.type == store::WatchEvent::Type::Added)
                for (const auto &[key, c] : m_counted)
                    if (c.node == ev.object->metadata.name)
                        m_scheduler.addPod(c.node, c.footprint);
        }
        changed = true;
    }
    if (changed && !m_unschedulable.empty())
        retryPending();
}

void PodLifecycle::noteNode(const api::Object &node)
{
    // What a kubelet knows about its own node, kept here so starting a pod never reads the Node object
    // (with thousands of nodes most of them are stored deflated).
    const std::string &name = node.metadata.name;
    NodeFacts &facts = m_nodeFacts[name];
    facts.internalIP = api::summarizeNode(node).internalIP;
    const std::string cidr = api::stringField(node.spec(), "podCIDR");
    const auto dot = cidr.rfind('.');
    facts.podPrefix = dot == std::string::npos ? std::string() : cidr.substr(0, dot + 1);
    // Images the node reports in status.images (preloaded ones) count as present.
    if (const api::Json &images = api::field(node.status(), "images"); images.is_array()) {
        auto &present = m_nodeImages[name];
        for (const auto &img : images)
            if (const api::Json &names = api::field(img, "names"); names.is_array())
                for (const auto &n : names)
                    if (n.is_string())
                        present.insert(n.get<std::string>());
    }
}

const PodLifecycle::NodeFacts *PodLifecycle::nodeFacts(const std::string &node)
{
    auto it = m_nodeFacts.find(node);
    if (it == m_nodeFacts.end()) {
        // a node this lifecycle has not yet heard of from its watch
        if (const auto n = m_store.get(api::kind::Node, {}, node))
            noteNode(*n);
        it = m_nodeFacts.find(node);
    }
    return it == m_nodeFacts.end() ? nullptr : &it->second;
}

bool PodLifecycle::account(const ObjectPtr &p, bool gone)
{
    const std::string key = p->key();
    const std::string node = api::stringField(p->spec(), "nodeName");
    const auto it = m_counted.find(key);
    if (gone || node.empty()) {
        if (it != m_counted.end()) {
            m_scheduler.removePod(it->second.node, it->second.footprint);
            m_counted.erase(it);
        }
        if (gone)
            m_decisions.erase(key);
        return false;
    }
    if (it != m_counted.end())
        return false; // counted when it was bound
    Counted c{node, m_scheduler.footprintOf(SchedulingRequest::fromPod(*p))};
    m_scheduler.addPod(node, c.footprint);
    m_counted.emplace(key, std::move(c));
    return true;
}

ObjectPtr PodLifecycle::pod(const std::string &key) const
{
    const auto slash = key.find('/');
    return m_store.get(api::kind::Pod, key.substr(0, slash), key.substr(slash + 1));
}

void PodLifecycle::onEvents(std::span<const store::WatchEvent> events)
{
    bool freed = false;
    for (const auto &ev : events) {
        const bool countedNow = account(ev.object, ev.type == store::WatchEvent::Type::Deleted);
        // A pod this scheduler binds is counted before its change arrives: one that turns up bound here was
        // bound by someone else (a Binding through the API, as another scheduler posts it), and starts.
        if (countedNow && ev.type == store::WatchEvent::Type::Modified)
            boundElsewhere(ev.object);
        if (m_hooks && ev.type == store::WatchEvent::Type::Deleted)
            m_hooks->podGone(*ev.object);
        if (ev.type == store::WatchEvent::Type::Added)
            track(ev.object);
        else if (ev.type == store::WatchEvent::Type::Deleted)
            freed = true;
    }
    if (freed && !m_unschedulable.empty())
        retryPending();
}

void PodLifecycle::boundElsewhere(const ObjectPtr &p)
{
    if (p->metadata.deletionTimestamp || api::stringField(p->status(), "phase", "Pending") != "Pending" ||
        !api::stringField(p->status(), "startTime").empty())
        return;
    const std::string key = p->key();
    const std::string uid = p->metadata.uid;
    m_unschedulable.erase(key);
    m_arrival.erase(key);
    m_decisions.erase(key);
    m_sim.after(m_sim.random().range(50, 150), [this, key, uid] {
        if (alive(pod(key), uid))
            startOnNode(key);
    });
}

void PodLifecycle::track(const ObjectPtr &p)
{
    if (p->metadata.deletionTimestamp)
        return;
    const std::string key = p->key();
    const std::string uid = p->metadata.uid;
    const std::string phase = api::stringField(p->status(), "phase", "Pending");
    if (phase != "Pending")
        return;
    if (api::stringField(p->spec(), "nodeName").empty()) {
        m_arrival.try_emplace(key, ++m_arrivals);
        enqueueForScheduling(key, uid, m_sim.random().range(20, 80));
        return;
    }
    m_sim.after(m_sim.random().range(50, 150), [this, key, uid] {
        if (alive(pod(key), uid))
            startOnNode(key);
    });
}

void PodLifecycle::resume()
{
    for (const auto &p : m_store.list(api::kind::Pod)) {
        const std::string node = api::stringField(p->spec(), "nodeName");
        const std::string ip = api::stringField(p->status(), "podIP");
        if (!node.empty() && !ip.empty()) {
            const auto dot = ip.rfind('.');
            if (dot != std::string::npos)
                m_nextIp[node] = std::max(m_nextIp[node], std::atoi(ip.c_str() + dot + 1) + 1);
        }
        if (p->metadata.deletionTimestamp) {
            const std::string key = p->key();
            m_sim.after(m_sim.random().range(100, 500), [this, key] { finishDeletion(key); });
            continue;
        }
        const std::string phase = api::stringField(p->status(), "phase", "Pending");
        if (phase == "Running" && !node.empty()) {
            for (const auto &c : api::PodSpec::decode(p->spec()).containers)
                m_nodeImages[node].insert(c.image);
            continue;
        }
        track(p);
    }
}

Result<ObjectPtr> PodLifecycle::writeStatus(const ObjectPtr &p, const api::PodStatus &status, const std::string *nodeName)
{
    auto next = std::make_shared<api::Object>(*p);
    next->body["status"] = status.encode();
    if (nodeName)
        next->body["spec"]["nodeName"] = *nodeName;
    return m_store.update(std::move(next));
}

void PodLifecycle::schedule(const std::string &key)
{
    const ObjectPtr p = pod(key);
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    if (!spec.nodeName.empty())
        return; // bound meanwhile (a retry raced a successful attempt)
    const SchedulingRequest request = SchedulingRequest::fromPod(*p);
    SchedulingDecision decision = m_scheduler.schedule(request, m_sim.random());

    api::PodStatus status = api::PodStatus::decode(p->status());
    if (decision.node.empty()) {
        const std::string msg = decision.message();
        const bool changed = status.message != msg;
        status.phase = "Pending";
        status.message = msg;
        status.setCondition("PodScheduled", false, m_sim.now(), "Unschedulable");
        for (auto &c : status.conditions)
            if (c.type == "PodScheduled")
                c.message = msg;
        if (changed) {
            auto next = std::make_shared<api::Object>(*p);
            next->body["status"] = status.encode();
            next->metadata.annotations[std::string(kDecisionAnnotation)] = decision.toJson().dump();
            if (auto updated = m_store.update(std::move(next)); updated.ok())
                m_events.record(**updated, EventRecorder::Type::Warning, "FailedScheduling", msg, kScheduler);
        }
        m_decisions[key] = std::move(decision);
        m_unschedulable.insert(key);
        if (!m_retryTask)
            m_retryTask = m_sim.after(10'000, [this] {
                m_retryTask = 0;
                retryPending();
            });
        return;
    }
    const std::string nodeName = decision.node;
    status.message.clear();
    status.setCondition("PodScheduled", true, m_sim.now());
    for (auto &c : status.conditions)
        if (c.type == "PodScheduled")
            c.message.clear();
    m_unschedulable.erase(key);
    m_arrival.erase(key);
    auto next = std::make_shared<api::Object>(*p);
    next->body["status"] = status.encode();
    next->body["spec"]["nodeName"] = nodeName;
    next->metadata.annotations[std::string(kDecisionAnnotation)] = decision.toJson().dump();
    auto bound = m_store.update(std::move(next));
    if (!bound.ok())
        return;
    // assumed at once: the next pod must see this one's requests before the watch event arrives
    Counted counted{nodeName, m_scheduler.footprintOf(request)};
    m_scheduler.addPod(nodeName, counted.footprint);
    m_counted[key] = std::move(counted);
    m_decisions.erase(key); // the decision is on the pod now (its annotation)
    m_events.record(**bound, EventRecorder::Type::Normal, "Scheduled",
                    "Successfully assigned " + key + " to " + nodeName, kScheduler);
    const std::string uid = (*bound)->metadata.uid;
    m_sim.after(m_sim.random().range(50, 150), [this, key, uid] {
        if (alive(pod(key), uid))
            startOnNode(key);
    });
}

std::string PodLifecycle::allocateIp(const std::string &node)
{
    const NodeFacts *facts = nodeFacts(node);
    const std::string prefix = facts && !facts->podPrefix.empty() ? facts->podPrefix : std::string("10.244.0.");
    int &next = m_nextIp[node];
    if (next < 2 || next > 254)
        next = 2;
    return prefix + std::to_string(next++);
}

void PodLifecycle::startOnNode(const std::string &key)
{
    const ObjectPtr p = pod(key);
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    if (m_downNodes.count(spec.nodeName))
        return; // picked up again when the node is back
    api::PodStatus status = api::PodStatus::decode(p->status());
    if (const NodeFacts *facts = nodeFacts(spec.nodeName))
        status.hostIP = facts->internalIP;
    status.podIP = allocateIp(spec.nodeName);
    status.qosClass = spec.qosClass();
    status.startTime = m_sim.now();
    status.phase = "Pending";
    status.setCondition("PodScheduled", true, m_sim.now());
    status.setCondition("Initialized", true, m_sim.now());
    status.setCondition("Ready", false, m_sim.now(), "ContainersNotReady");
    status.setCondition("ContainersReady", false, m_sim.now(), "ContainersNotReady");
    status.containerStatuses.clear();
    for (const auto &c : spec.containers) {
        api::ContainerStatus cs;
        cs.name = c.name;
        cs.image = c.image;
        cs.reason = "ContainerCreating";
        status.containerStatuses.push_back(std::move(cs));
    }
    auto updated = writeStatus(p, status);
    if (!updated.ok())
        return;

    TimeMs delay = m_sim.random().range(300, 800);
    auto &present = m_nodeImages[spec.nodeName];
    for (const auto &c : spec.containers) {
        if (present.count(c.image)) {
            m_events.record(**updated, EventRecorder::Type::Normal, "Pulled",
                            "Container image \"" + c.image + "\" already present on machine", kKubelet, spec.nodeName);
            continue;
        }
        std::int64_t size = m_imageSize ? m_imageSize(c.image) : 0;
        if (size <= 0)
            size = kUnknownImageSize;
        const TimeMs pull = 400 + TimeMs(double(size) / kPullBytesPerMs * (0.8 + 0.4 * m_sim.random().uniform()));
        m_events.record(**updated, EventRecorder::Type::Normal, "Pulling", "Pulling image \"" + c.image + "\"",
                        kKubelet, spec.nodeName);
        if (const std::string error = m_hooks ? m_hooks->pullError(c.image) : std::string(); !error.empty()) {
            m_hooks->pullFailed(**updated, c.image, error, [this, key, uid = p->metadata.uid] {
                if (alive(pod(key), uid) && api::stringField(pod(key)->status(), "phase", "Pending") == "Pending")
                    startOnNode(key);
            });
            return;
        }
        const std::string image = c.image;
        const std::string node = spec.nodeName;
        const std::string uid = p->metadata.uid;
        const TimeMs at = delay + pull;
        m_sim.after(at, [this, key, uid, image, node, pull, size] {
            const auto current = pod(key);
            m_nodeImages[node].insert(image);
            if (!alive(current, uid))
                return;
            char mb[32];
            std::snprintf(mb, sizeof mb, "%.1f MB", double(size) / 1e6);
            m_events.record(*current, EventRecorder::Type::Normal, "Pulled",
                            "Successfully pulled image \"" + image + "\" in " + seconds(pull) + ". Image size: " + mb + ".",
                            kKubelet, node);
        });
        delay = at + 50;
    }
    const std::string uid = p->metadata.uid;
    m_sim.after(delay, [this, key, uid] {
        if (alive(pod(key), uid))
            startContainers(key);
    });
}

void PodLifecycle::startContainers(const std::string &key)
{
    const ObjectPtr p = pod(key);
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    if (m_downNodes.count(spec.nodeName))
        return;
    if (m_hooks && !m_hooks->canCreateContainers(*p, [this, key, uid = p->metadata.uid] {
            if (alive(pod(key), uid))
                startContainers(key);
        }))
        return;
    api::PodStatus status = api::PodStatus::decode(p->status());
    for (const auto &c : spec.containers) {
        m_events.record(*p, EventRecorder::Type::Normal, "Created", "Created container: " + c.name, kKubelet, spec.nodeName);
        m_events.record(*p, EventRecorder::Type::Normal, "Started", "Started container " + c.name, kKubelet, spec.nodeName);
    }
    bool allReady = true;
    for (auto &cs : status.containerStatuses) {
        cs.state = api::ContainerStatus::State::Running;
        cs.reason.clear();
        cs.startedAt = m_sim.now();
        cs.started = true;
        cs.ready = !m_hooks || m_hooks->readyWhenStarted(*p, cs.name);
        cs.imageID = "sim://" + cs.image;
        allReady = allReady && cs.ready;
    }
    status.phase = "Running";
    status.setCondition("ContainersReady", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
    status.setCondition("Ready", allReady, m_sim.now(), allReady ? "" : "ContainersNotReady");
    auto started = writeStatus(p, status);
    if (!started.ok())
        return;
    if (m_hooks)
        for (const auto &cs : status.containerStatuses)
            m_hooks->containerStarted(**started, cs.name);
    scheduleBehaviour(key, p->metadata.uid);
}

namespace {
/// "90s", "2m", "1h30m", "500ms" → milliseconds; 0 when unreadable.
TimeMs parseDuration(const std::string &text)
{
    TimeMs total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && (std::isdigit((unsigned char)text[j]) || text[j] == '.'))
            ++j;
        if (j == i)
            return 0;
        const double v = std::atof(text.substr(i, j - i).c_str());
        std::size_t k = j;
        while (k < text.size() && std::isalpha((unsigned char)text[k]))
            ++k;
        const std::string unit = text.substr(j, k - j);
        const double ms = unit == "ms" ? 1 : unit == "s" || unit.empty() ? 1000 : unit == "m" ? 60'000 : unit == "h" ? 3'600'000 : -1;
        if (ms < 0)
            return 0;
        total += TimeMs(v * ms);
        i = k;
    }
    return total;
}
} // namespace

void PodLifecycle::scheduleBehaviour(const std::string &key, const std::string &uid)
{
    // images may ask to crash after a while (flotilla.sim.crash-after=90s): a learner's broken version
    if (!m_imageLabels)
        return;
    const ObjectPtr p = pod(key);
    if (!p)
        return;
    for (const auto &c : api::PodSpec::decode(p->spec()).containers) {
        const api::Labels labels = m_imageLabels(c.image);
        const auto it = labels.find("flotilla.sim.crash-after");
        if (it == labels.end())
            continue;
        const TimeMs after = parseDuration(it->second);
        if (after <= 0)
            continue;
        const std::string container = c.name;
        m_sim.after(after, [this, key, uid, container] {
            const ObjectPtr now = pod(key);
            if (alive(now, uid) && api::stringField(now->status(), "phase") == "Running")
                (void)crashContainer(now->metadata.ns, now->metadata.name, container);
        });
    }
}

Status PodLifecycle::crashContainer(const std::string &ns, const std::string &name, const std::string &container,
                                    const std::string &reason, int exitCode)
{
    const std::string key = api::objectKey(ns, name);
    const ObjectPtr p = pod(key);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    if (p->metadata.deletionTimestamp)
        return Error::make(Error::Code::Conflict, "pod " + name + " is terminating");
    api::PodStatus status = api::PodStatus::decode(p->status());
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    api::ContainerStatus *cs = nullptr;
    for (auto &c : status.containerStatuses)
        if ((container.empty() || c.name == container) && c.state == api::ContainerStatus::State::Running) {
            cs = &c;
            break;
        }
    if (!cs)
        return Error::make(Error::Code::Invalid, "pod " + name + " has no running container" +
                                                     (container.empty() ? "" : " named " + container));
    const std::string cname = cs->name;
    cs->state = api::ContainerStatus::State::Terminated;
    cs->reason = reason.empty() ? "Error" : reason;
    cs->exitCode = exitCode;
    cs->finishedAt = m_sim.now();
    cs->lastTerminated = api::ContainerStatus::Terminated{cs->reason, exitCode, cs->startedAt, cs->finishedAt};
    cs->ready = false;
    cs->started = false;
    status.setCondition("ContainersReady", false, m_sim.now(), "ContainersNotReady");
    status.setCondition("Ready", false, m_sim.now(), "ContainersNotReady");
    const bool restart = spec.restartPolicy != "Never";
    if (!restart) {
        status.phase = "Failed";
    } else {
        // back-off doubles from 10 s to 5 min; ten minutes of running resets it (as the kubelet does)
        CrashHistory &h = m_crashes[key + "/" + cname];
        if (h.crashes > 0 && m_sim.now() - h.lastCrash > 600'000)
            h.crashes = 0;
        ++h.crashes;
        h.lastCrash = m_sim.now();
        const TimeMs backoff = std::min<TimeMs>(10'000LL << std::min(h.crashes - 1, 5), 300'000);
        cs->state = api::ContainerStatus::State::Waiting;
        cs->reason = "CrashLoopBackOff";
        char msg[160];
        std::snprintf(msg, sizeof msg, "back-off %llds restarting failed container=%s pod=%s_%s(%s)",
                      (long long)(backoff / 1000), cname.c_str(), name.c_str(), ns.c_str(), p->metadata.uid.c_str());
        cs->message = msg;
        ++cs->restartCount;
        const std::string uid = p->metadata.uid;
        m_sim.after(backoff, [this, key, uid, cname] { restartContainer(key, uid, cname); });
    }
    auto updated = writeStatus(p, status);
    if (!updated.ok())
        return updated.error();
    if (m_hooks)
        m_hooks->containerStopped(**updated, cname);
    if (restart)
        m_events.record(**updated, EventRecorder::Type::Warning, "BackOff",
                        "Back-off restarting failed container " + cname + " in pod " + name + "_" + ns + "(" +
                            p->metadata.uid + ")",
                        kKubelet, spec.nodeName);
    return {};
}

void PodLifecycle::restartContainer(const std::string &key, const std::string &uid, const std::string &container)
{
    const ObjectPtr p = pod(key);
    if (!alive(p, uid))
        return;
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    if (m_downNodes.count(spec.nodeName)) {
        m_sim.after(10'000, [this, key, uid, container] { restartContainer(key, uid, container); });
        return;
    }
    api::PodStatus status = api::PodStatus::decode(p->status());
    bool allRunning = true;
    for (auto &cs : status.containerStatuses) {
        if (cs.name == container) {
            cs.state = api::ContainerStatus::State::Running;
            cs.reason.clear();
            cs.message.clear();
            cs.startedAt = m_sim.now();
            cs.started = true;
            cs.ready = !m_hooks || m_hooks->readyWhenStarted(*p, cs.name);
        }
        allRunning = allRunning && cs.state == api::ContainerStatus::State::Running && cs.ready;
    }
    if (allRunning) {
        status.setCondition("ContainersReady", true, m_sim.now());
        status.setCondition("Ready", true, m_sim.now());
    }
    auto updated = writeStatus(p, status);
    if (!updated.ok())
        return;
    m_events.record(**updated, EventRecorder::Type::Normal, "Pulled",
                    "Container image already present on machine", kKubelet, spec.nodeName);
    m_events.record(**updated, EventRecorder::Type::Normal, "Created", "Created container: " + container, kKubelet,
                    spec.nodeName);
    m_events.record(**updated, EventRecorder::Type::Normal, "Started", "Started container " + container, kKubelet,
                    spec.nodeName);
    if (m_hooks)
        m_hooks->containerStarted(**updated, container);
    scheduleBehaviour(key, uid);
}

void PodLifecycle::setNodeDown(const std::string &node, bool down)
{
    if (down) {
        m_downNodes.insert(node);
        return;
    }
    if (m_downNodes.erase(node))
        resumeNode(node);
}

void PodLifecycle::resumeNode(const std::string &node)
{
    if (m_hooks)
        m_hooks->nodeResumed(node);
    for (const auto &p : m_store.podsOnNode(node)) {
        const std::string key = p->key();
        if (p->metadata.deletionTimestamp) {
            m_sim.after(m_sim.random().range(200, 1000), [this, key] { finishDeletion(key); });
            continue;
        }
        const std::string phase = api::stringField(p->status(), "phase", "Pending");
        const std::string uid = p->metadata.uid;
        if (phase == "Pending")
            m_sim.after(m_sim.random().range(100, 400), [this, key, uid] {
                if (alive(pod(key), uid))
                    startOnNode(key);
            });
    }
}

Result<ObjectPtr> PodLifecycle::deletePod(const std::string &ns, const std::string &name,
                                          std::optional<std::int64_t> gracePeriodSeconds)
{
    const std::string key = api::objectKey(ns, name);
    const ObjectPtr p = pod(key);
    if (!p)
        return Error::make(Error::Code::NotFound, "pods \"" + name + "\" not found");
    const api::PodSpec spec = api::PodSpec::decode(p->spec());
    if (spec.nodeName.empty() || (gracePeriodSeconds && *gracePeriodSeconds == 0))
        return m_store.remove(api::kind::Pod, ns, name);
    if (p->metadata.deletionTimestamp)
        return p;
    auto next = std::make_shared<api::Object>(*p);
    const std::int64_t grace =
        std::clamp<std::int64_t>(gracePeriodSeconds.value_or(spec.terminationGracePeriodSeconds), 0, 31'536'000);
    next->metadata.deletionTimestamp = m_sim.now() + grace * 1000;
    next->metadata.deletionGracePeriodSeconds = grace;
    auto updated = m_store.update(std::move(next));
    if (!updated.ok())
        return updated;
    for (const auto &c : spec.containers)
        m_events.record(**updated, EventRecorder::Type::Normal, "Killing", "Stopping container " + c.name, kKubelet,
                        spec.nodeName);
    // Simulated processes stop promptly on SIGTERM: well inside the grace period.
    const TimeMs stop = std::min<TimeMs>(grace * 1000, m_sim.random().range(400, 1500));
    m_sim.after(stop, [this, key] { finishDeletion(key); });
    return updated;
}

void PodLifecycle::finishDeletion(const std::string &key)
{
    const ObjectPtr p = pod(key);
    if (!p || !p->metadata.deletionTimestamp)
        return;
    if (m_downNodes.count(api::stringField(p->spec(), "nodeName")))
        return; // a kubelet that is down cannot confirm; the pod stays Terminating until the node is back
    (void)m_store.remove(api::kind::Pod, p->metadata.ns, p->metadata.name);
}

void PodLifecycle::enqueueForScheduling(const std::string &key, const std::string &uid, TimeMs delay)
{
    // One queue, first come first served, as the scheduler's active queue: a pod never overtakes one
    // that was waiting before it.
    m_nextSchedulingAt = std::max(m_nextSchedulingAt + 1, m_sim.now() + delay);
    m_sim.at(m_nextSchedulingAt, [this, key, uid] {
        if (alive(pod(key), uid))
            schedule(key);
    });
}

void PodLifecycle::retryPending()
{
    // Oldest first.
    std::vector<api::ObjectPtr> waiting;
    for (const auto &key : std::set<std::string>(m_unschedulable)) {
        const auto p = pod(key);
        if (!p || p->metadata.deletionTimestamp || !api::stringField(p->spec(), "nodeName").empty()) {
            m_unschedulable.erase(key);
            m_arrival.erase(key);
            continue;
        }
        waiting.push_back(p);
    }
    const auto arrival = [this](const api::ObjectPtr &p) {
        const auto it = m_arrival.find(p->key());
        return it == m_arrival.end() ? std::uint64_t(0) : it->second;
    };
    std::sort(waiting.begin(), waiting.end(),
              [&](const api::ObjectPtr &a, const api::ObjectPtr &b) { return arrival(a) < arrival(b); });
    for (const auto &p : waiting)
        enqueueForScheduling(p->key(), p->metadata.uid, m_sim.random().range(10, 50));
}

} // namespace flotilla::engine::cluster
