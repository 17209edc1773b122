#include "types.h"

#include "quantity.h"

#include <algorithm>

namespace flotilla::engine::api {

namespace {
ResourceAmounts decodeResources(const Json &list)
{
    ResourceAmounts r;
    if (auto v = parseQuantity(field(list, "cpu")))
        r.cpuMilli = toMilli(*v);
    if (auto v = parseQuantity(field(list, "memory")))
        r.memoryBytes = toBytes(*v);
    if (auto v = parseQuantity(field(list, "pods")))
        r.pods = std::int64_t(*v);
    return r;
}

int intField(const Json &j, const char *name, int fallback = 0)
{
    const Json &f = field(j, name);
    return f.is_number_integer() ? f.get<int>() : fallback;
}

std::optional<TimeMs> timeField(const Json &j, const char *name)
{
    const Json &f = field(j, name);
    return f.is_string() ? parseRfc3339(f.get_ref<const std::string &>()) : std::nullopt;
}
} // namespace

PodSpec PodSpec::decode(const Json &spec)
{
    PodSpec s;
    s.nodeName = stringField(spec, "nodeName");
    s.restartPolicy = stringField(spec, "restartPolicy", "Always");
    if (const Json &g = field(spec, "terminationGracePeriodSeconds"); g.is_number_integer())
        s.terminationGracePeriodSeconds = g.get<std::int64_t>();
    if (const Json &ns = field(spec, "nodeSelector"); ns.is_object())
        for (const auto &[k, v] : ns.items())
            if (v.is_string())
                s.nodeSelector[k] = v.get<std::string>();
    if (const Json &tols = field(spec, "tolerations"); tols.is_array()) {
        for (const auto &t : tols) {
            Toleration tol;
            tol.key = stringField(t, "key");
            tol.op = stringField(t, "operator", "Equal");
            tol.value = stringField(t, "value");
            tol.effect = stringField(t, "effect");
            s.tolerations.push_back(std::move(tol));
        }
    }
    if (const Json &cs = field(spec, "containers"); cs.is_array()) {
        for (const auto &c : cs) {
            Container con;
            con.name = stringField(c, "name");
            con.image = stringField(c, "image");
            if (const Json &ports = field(c, "ports"); ports.is_array()) {
                for (const auto &p : ports) {
                    ContainerPort port;
                    port.name = stringField(p, "name");
                    port.containerPort = intField(p, "containerPort");
                    port.hostPort = intField(p, "hostPort");
                    port.protocol = stringField(p, "protocol", "TCP");
                    con.ports.push_back(std::move(port));
                }
            }
            const Json &res = field(c, "resources");
            con.limits = decodeResources(field(res, "limits"));
            con.requests = decodeResources(field(res, "requests"));
            // As in Kubernetes, a limit without a request makes the request equal to the limit.
            if (!field(field(res, "limits"), "cpu").is_null() && field(field(res, "requests"), "cpu").is_null())
                con.requests.cpuMilli = con.limits.cpuMilli;
            if (!field(field(res, "limits"), "memory").is_null() && field(field(res, "requests"), "memory").is_null())
                con.requests.memoryBytes = con.limits.memoryBytes;
            s.containers.push_back(std::move(con));
        }
    }
    return s;
}

ResourceAmounts PodSpec::totalRequests() const
{
    ResourceAmounts total;
    for (const auto &c : containers) {
        total.cpuMilli += c.requests.cpuMilli;
        total.memoryBytes += c.requests.memoryBytes;
    }
    total.pods = 1;
    return total;
}

bool PodSpec::tolerates(const Taint &taint) const
{
    return std::any_of(tolerations.begin(), tolerations.end(), [&](const Toleration &t) {
        if (!t.effect.empty() && t.effect != taint.effect)
            return false;
        if (t.op == "Exists")
            return t.key.empty() || t.key == taint.key;
        return t.key == taint.key && t.value == taint.value;
    });
}

Json ContainerStatus::encode() const
{
    Json j = {{"name", name}, {"image", image}, {"imageID", imageID}, {"ready", ready},
              {"started", started}, {"restartCount", restartCount}};
    Json st = Json::object();
    switch (state) {
    case State::Waiting:
        st["waiting"] = Json::object();
        if (!reason.empty())
            st["waiting"]["reason"] = reason;
        if (!message.empty())
            st["waiting"]["message"] = message;
        break;
    case State::Running:
        st["running"] = Json::object();
        if (startedAt)
            st["running"]["startedAt"] = formatRfc3339(*startedAt);
        break;
    case State::Terminated:
        st["terminated"] = {{"exitCode", exitCode}, {"reason", reason.empty() ? "Completed" : reason}};
        if (startedAt)
            st["terminated"]["startedAt"] = formatRfc3339(*startedAt);
        if (finishedAt)
            st["terminated"]["finishedAt"] = formatRfc3339(*finishedAt);
        break;
    }
    j["state"] = std::move(st);
    if (lastTerminated) { // only when there is one: a compact status for large clusters
        Json t = {{"exitCode", lastTerminated->exitCode},
                  {"reason", lastTerminated->reason.empty() ? "Completed" : lastTerminated->reason}};
        if (lastTerminated->startedAt)
            t["startedAt"] = formatRfc3339(*lastTerminated->startedAt);
        if (lastTerminated->finishedAt)
            t["finishedAt"] = formatRfc3339(*lastTerminated->finishedAt);
        j["lastState"] = {{"terminated", std::move(t)}};
    }
    return j;
}

Json Condition::encode() const
{
    Json j = {{"type", type}, {"status", status}};
    if (lastTransitionTime)
        j["lastTransitionTime"] = formatRfc3339(*lastTransitionTime);
    if (lastHeartbeatTime)
        j["lastHeartbeatTime"] = formatRfc3339(*lastHeartbeatTime);
    if (!reason.empty())
        j["reason"] = reason;
    if (!message.empty())
        j["message"] = message;
    return j;
}

std::vector<Condition> Condition::decodeList(const Json &list)
{
    std::vector<Condition> out;
    if (!list.is_array())
        return out;
    for (const auto &c : list) {
        Condition cond;
        cond.type = stringField(c, "type");
        cond.status = stringField(c, "status", "Unknown");
        cond.lastTransitionTime = timeField(c, "lastTransitionTime");
        cond.lastHeartbeatTime = timeField(c, "lastHeartbeatTime");
        cond.reason = stringField(c, "reason");
        cond.message = stringField(c, "message");
        out.push_back(std::move(cond));
    }
    return out;
}

std::string PodSpec::qosClass() const
{
    bool any = false, guaranteed = !containers.empty();
    for (const auto &c : containers) {
        any = any || c.requests.cpuMilli || c.requests.memoryBytes || c.limits.cpuMilli || c.limits.memoryBytes;
        // a request left out defaults to the limit
        const bool cpu = c.limits.cpuMilli > 0 && (c.requests.cpuMilli == 0 || c.requests.cpuMilli == c.limits.cpuMilli);
        const bool memory = c.limits.memoryBytes > 0 &&
                            (c.requests.memoryBytes == 0 || c.requests.memoryBytes == c.limits.memoryBytes);
        guaranteed = guaranteed && cpu && memory;
    }
    return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
}

PodStatus PodStatus::decode(const Json &status)
{
    PodStatus s;
    s.phase = stringField(status, "phase", "Pending");
    s.reason = stringField(status, "reason");
    s.message = stringField(status, "message");
    s.hostIP = stringField(status, "hostIP");
    s.podIP = stringField(status, "podIP");
    s.qosClass = stringField(status, "qosClass");
    s.startTime = timeField(status, "startTime");
    s.conditions = Condition::decodeList(field(status, "conditions"));
    if (const Json &cs = field(status, "containerStatuses"); cs.is_array()) {
        for (const auto &c : cs) {
            ContainerStatus st;
            st.name = stringField(c, "name");
            st.image = stringField(c, "image");
            st.imageID = stringField(c, "imageID");
            st.ready = field(c, "ready").is_boolean() && field(c, "ready").get<bool>();
            st.started = field(c, "started").is_boolean() && field(c, "started").get<bool>();
            st.restartCount = intField(c, "restartCount");
            const Json &state = field(c, "state");
            if (const Json &r = field(state, "running"); r.is_object()) {
                st.state = ContainerStatus::State::Running;
                st.startedAt = timeField(r, "startedAt");
            } else if (const Json &t = field(state, "terminated"); t.is_object()) {
                st.state = ContainerStatus::State::Terminated;
                st.reason = stringField(t, "reason");
                st.exitCode = intField(t, "exitCode");
                st.startedAt = timeField(t, "startedAt");
                st.finishedAt = timeField(t, "finishedAt");
            } else {
                st.reason = stringField(field(state, "waiting"), "reason");
                st.message = stringField(field(state, "waiting"), "message");
            }
            if (const Json &last = field(field(c, "lastState"), "terminated"); last.is_object()) {
                ContainerStatus::Terminated t;
                t.reason = stringField(last, "reason");
                t.exitCode = intField(last, "exitCode");
                t.startedAt = timeField(last, "startedAt");
                t.finishedAt = timeField(last, "finishedAt");
                st.lastTerminated = std::move(t);
            }
            s.containerStatuses.push_back(std::move(st));
        }
    }
    return s;
}

Json PodStatus::encode() const
{
    Json j = {{"phase", phase}};
    if (!reason.empty())
        j["reason"] = reason;
    if (!message.empty())
        j["message"] = message;
    if (!hostIP.empty())
        j["hostIP"] = hostIP;
    if (!podIP.empty()) {
        j["podIP"] = podIP;
        j["podIPs"] = Json::array({{{"ip", podIP}}});
    }
    if (startTime)
        j["startTime"] = formatRfc3339(*startTime);
    if (!conditions.empty()) {
        Json cs = Json::array();
        for (const auto &c : conditions)
            cs.push_back(c.encode());
        j["conditions"] = std::move(cs);
    }
    if (!containerStatuses.empty()) {
        Json cs = Json::array();
        for (const auto &c : containerStatuses)
            cs.push_back(c.encode());
        j["containerStatuses"] = std::move(cs);
    }
    j["qosClass"] = qosClass.empty() ? "BestEffort" : qosClass;
    return j;
}

void PodStatus::setCondition(const std::string &type, bool value, TimeMs now, const std::string &reason)
{
    const std::string status = value ? "True" : "False";
    for (auto &c : conditions) {
        if (c.type == type) {
            if (c.status != status) {
                c.status = status;
                c.lastTransitionTime = now;
                c.reason = reason;
            }
            return;
        }
    }
    Condition c;
    c.type = type;
    c.status = status;
    c.lastTransitionTime = now;
    c.reason = reason;
    conditions.push_back(std::move(c));
}

PodSummary summarizePod(const Object &pod)
{
    PodSummary s;
    const Json &spec = pod.spec();
    const Json &status = pod.status();
    s.node = stringField(spec, "nodeName");
    s.ip = stringField(status, "podIP");
    const Json &containers = field(spec, "containers");
    if (containers.is_array()) {
        s.totalContainers = int(containers.size());
        for (const auto &c : containers) {
            if (!s.images.empty())
                s.images += ',';
            s.images += stringField(c, "image");
        }
    }
    // kubectl's printer: the phase, overridden by a container's waiting/terminated reason,
    // and by Terminating while a deletion is under way.
    s.status = stringField(status, "reason");
    if (s.status.empty())
        s.status = stringField(status, "phase", "Pending");
    const Json &css = field(status, "containerStatuses");
    if (css.is_array()) {
        for (const auto &c : css) {
            s.restarts += intField(c, "restartCount");
            if (field(c, "ready").is_boolean() && field(c, "ready").get<bool>())
                ++s.readyContainers;
            const Json &state = field(c, "state");
            const std::string waiting = stringField(field(state, "waiting"), "reason");
            const std::string terminated = stringField(field(state, "terminated"), "reason");
            if (!waiting.empty())
                s.status = waiting;
            else if (!terminated.empty() && s.status != "Running")
                s.status = terminated;
        }
    }
    if (pod.metadata.deletionTimestamp)
        s.status = "Terminating";
    for (const auto &ref : pod.metadata.ownerReferences) {
        if (ref.controller || s.owner.empty())
            s.owner = ref.kind + "/" + ref.name;
    }
    return s;
}

NodeSummary summarizeNode(const Object &node)
{
    NodeSummary s;
    const Json &spec = node.spec();
    const Json &status = node.status();
    s.unschedulable = field(spec, "unschedulable").is_boolean() && field(spec, "unschedulable").get<bool>();
    for (const auto &c : Condition::decodeList(field(status, "conditions")))
        if (c.type == "Ready")
            s.ready = c.status == "True";
    s.status = s.ready ? "Ready" : "NotReady";
    if (s.unschedulable)
        s.status += ",SchedulingDisabled";
    std::string roles;
    static const std::string rolePrefix = "node-role.kubernetes.io/";
    for (const auto &[k, v] : node.metadata.labels) {
        if (k.rfind(rolePrefix, 0) == 0) {
            if (!roles.empty())
                roles += ',';
            roles += k.substr(rolePrefix.size());
        }
    }
    s.roles = roles.empty() ? "<none>" : roles;
    if (const Json &addrs = field(status, "addresses"); addrs.is_array())
        for (const auto &a : addrs)
            if (stringField(a, "type") == "InternalIP")
                s.internalIP = stringField(a, "address");
    s.kubeletVersion = stringField(field(status, "nodeInfo"), "kubeletVersion");
    s.capacity = decodeResources(field(status, "capacity"));
    s.allocatable = decodeResources(field(status, "allocatable"));
    if (const Json &taints = field(spec, "taints"); taints.is_array())
        for (const auto &t : taints)
            s.taints.push_back({stringField(t, "key"), stringField(t, "value"), stringField(t, "effect")});
    return s;
}

EventSummary summarizeEvent(const Object &event)
{
    EventSummary s;
    const Json &b = event.body;
    s.type = stringField(b, "type", "Normal");
    s.reason = stringField(b, "reason");
    s.message = stringField(b, "message");
    const Json &io = field(b, "involvedObject");
    s.objectKind = stringField(io, "kind");
    s.objectName = stringField(io, "name");
    s.objectNamespace = stringField(io, "namespace");
    s.source = stringField(field(b, "source"), "component");
    s.count = intField(b, "count", 1);
    s.lastTimestamp = timeField(b, "lastTimestamp");
    if (!s.lastTimestamp)
        s.lastTimestamp = event.metadata.creationTimestamp;
    return s;
}

ImageSummary summarizeImage(const Object &image)
{
    ImageSummary s;
    const Json &spec = image.spec();
    s.repository = stringField(spec, "repository");
    s.tag = stringField(spec, "tag");
    s.digest = stringField(spec, "digest");
    if (const Json &size = field(spec, "size"); size.is_number())
        s.sizeBytes = size.get<std::int64_t>();
    s.source = stringField(spec, "source");
    s.os = stringField(spec, "os", "linux");
    s.architecture = stringField(spec, "architecture", "amd64");
    return s;
}

std::pair<std::string, std::string> splitImageReference(const std::string &reference)
{
    std::string ref = reference;
    if (const auto at = ref.find('@'); at != std::string::npos)
        ref = ref.substr(0, at);
    const auto colon = ref.rfind(':');
    const auto slash = ref.rfind('/');
    if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
        return {ref.substr(0, colon), ref.substr(colon + 1)};
    return {ref, "latest"};
}

std::string imageObjectName(const std::string &reference)
{
    const auto [repo, tag] = splitImageReference(reference);
    std::string name;
    for (char c : repo + "-" + tag) {
        c = char(std::tolower((unsigned char)c));
        name += (std::isalnum((unsigned char)c) || c == '.' || c == '-') ? c : '-';
    }
    while (!name.empty() && !std::isalnum((unsigned char)name.front()))
        name.erase(name.begin());
    while (!name.empty() && !std::isalnum((unsigned char)name.back()))
        name.pop_back();
    return name.substr(0, 253);
}

MutableObjectPtr makeImageObject(const ImageRecord &image)
{
    auto obj = std::make_shared<Object>();
    obj->apiVersion = "flotilla.dev/v1alpha1";
    obj->kind = "Image";
    const bool untagged = image.reference.empty();
    const std::string hex = image.id.substr(image.id.find(':') == std::string::npos ? 0 : image.id.find(':') + 1);
    obj->metadata.name = untagged ? "none-" + hex.substr(0, 12) : imageObjectName(image.reference);
    obj->metadata.labels = {{"flotilla.dev/source", image.source}};
    const auto [repo, tag] = untagged ? std::pair<std::string, std::string>{"<none>", "<none>"}
                                      : splitImageReference(image.reference);
    Json layers = Json::array();
    if (image.layers.is_array())
        for (const Json &l : image.layers)
            layers.push_back({{"digest", stringField(l, "digest")},
                              {"size", l.value("size", std::int64_t(0))},
                              {"blobSize", l.value("size", std::int64_t(0))},
                              {"createdBy", stringField(l, "createdBy")},
                              {"simulated", false},
                              {"cached", false}});
    obj->body["spec"] = {
        {"reference", untagged ? std::string("<none>:<none>") : image.reference},
        {"repository", repo},
        {"tag", tag},
        {"digest", image.id},
        {"manifestDigest", image.manifestDigest},
        {"size", image.size},
        {"source", image.source},
        {"os", image.os},
        {"architecture", image.architecture},
        {"created", image.created},
        {"base", ""},
        {"baseSize", 0},
        {"layers", layers},
        {"config", image.config.is_object() ? image.config : Json::object()},
        {"history", image.history.is_array() ? image.history : Json::array()},
    };
    return obj;
}

} // namespace flotilla::engine::api
