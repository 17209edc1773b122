#include "workloads.h"

#include <openssl/evp.h>

#include <cctype>
#include <cmath>

namespace flotilla::engine::api {

namespace {
std::int64_t intOr(const Json &j, const char *name, std::int64_t fallback)
{
    const Json &f = field(j, name);
    return f.is_number_integer() ? f.get<std::int64_t>() : fallback;
}

Labels stringMap(const Json &j)
{
    Labels out;
    if (j.is_object())
        for (const auto &[k, v] : j.items())
            if (v.is_string())
                out[k] = v.get<std::string>();
    return out;
}

void putMap(Json &into, const char *name, const std::map<std::string, std::string> &values)
{
    if (values.empty())
        into.erase(name);
    else
        into[name] = values;
}
} // namespace

IntOrString IntOrString::decode(const Json &json, IntOrString fallback)
{
    if (json.is_number_integer())
        return fromInt(json.get<std::int64_t>());
    if (json.is_string())
        return fromString(json.get<std::string>());
    return fallback;
}

Json IntOrString::encode() const { return isString ? Json(stringValue) : Json(intValue); }

std::int64_t IntOrString::scaled(std::int64_t total, bool roundUp) const
{
    if (!isString)
        return intValue;
    if (!isPercent())
        return std::atoll(stringValue.c_str());
    const double percent = std::atof(stringValue.c_str());
    const double value = percent * double(total) / 100.0;
    return std::int64_t(roundUp ? std::ceil(value - 1e-9) : std::floor(value + 1e-9));
}

NamespaceView NamespaceView::decode(const Object &ns)
{
    NamespaceView v;
    v.phase = stringField(ns.status(), "phase", "Active");
    if (ns.metadata.deletionTimestamp)
        v.phase = "Terminating";
    return v;
}

ServiceSpec ServiceSpec::decode(const Json &spec)
{
    ServiceSpec s;
    s.type = stringField(spec, "type", "ClusterIP");
    s.clusterIP = stringField(spec, "clusterIP");
    s.selector = stringMap(field(spec, "selector"));
    s.sessionAffinity = stringField(spec, "sessionAffinity", "None");
    if (const Json &ports = field(spec, "ports"); ports.is_array()) {
        for (const auto &p : ports) {
            ServicePort port;
            port.name = stringField(p, "name");
            port.protocol = stringField(p, "protocol", "TCP");
            port.port = int(intOr(p, "port", 0));
            port.targetPort = IntOrString::decode(field(p, "targetPort"), IntOrString::fromInt(port.port));
            port.nodePort = int(intOr(p, "nodePort", 0));
            s.ports.push_back(std::move(port));
        }
    }
    return s;
}

void ServiceSpec::encodeInto(Json &spec) const
{
    if (!spec.is_object())
        spec = Json::object();
    spec["type"] = type;
    if (!clusterIP.empty())
        spec["clusterIP"] = clusterIP;
    putMap(spec, "selector", selector);
    spec["sessionAffinity"] = sessionAffinity;
    Json old = field(spec, "ports");
    Json ports = Json::array();
    for (std::size_t i = 0; i < this->ports.size(); ++i) {
        const auto &p = this->ports[i];
        Json pj = old.is_array() && i < old.size() && old[i].is_object() ? old[i] : Json::object();
        if (!p.name.empty())
            pj["name"] = p.name;
        pj["protocol"] = p.protocol;
        pj["port"] = p.port;
        pj["targetPort"] = p.targetPort.encode();
        if (p.nodePort)
            pj["nodePort"] = p.nodePort;
        ports.push_back(std::move(pj));
    }
    spec["ports"] = std::move(ports);
}

ConfigMapData ConfigMapData::decode(const Object &configMap)
{
    ConfigMapData d;
    d.data = stringMap(field(configMap.body, "data"));
    d.binaryData = stringMap(field(configMap.body, "binaryData"));
    d.immutable = field(configMap.body, "immutable").is_boolean() && field(configMap.body, "immutable").get<bool>();
    return d;
}

void ConfigMapData::encodeInto(Json &body) const
{
    putMap(body, "data", data);
    putMap(body, "binaryData", binaryData);
    if (immutable)
        body["immutable"] = true;
}

SecretData SecretData::decode(const Object &secret)
{
    SecretData d;
    d.type = stringField(secret.body, "type", "Opaque");
    for (const auto &[k, v] : stringMap(field(secret.body, "data")))
        if (auto bytes = base64Decode(v))
            d.values[k] = *bytes;
    for (const auto &[k, v] : stringMap(field(secret.body, "stringData")))
        d.values[k] = v;
    d.immutable = field(secret.body, "immutable").is_boolean() && field(secret.body, "immutable").get<bool>();
    return d;
}

void SecretData::encodeInto(Json &body) const
{
    body["type"] = type;
    std::map<std::string, std::string> encoded;
    for (const auto &[k, v] : values)
        encoded[k] = base64Encode(v);
    putMap(body, "data", encoded);
    body.erase("stringData");
    if (immutable)
        body["immutable"] = true;
}

PodTemplate PodTemplate::decode(const Json &tmpl)
{
    PodTemplate t;
    const Json &meta = field(tmpl, "metadata");
    t.labels = stringMap(field(meta, "labels"));
    t.annotations = stringMap(field(meta, "annotations"));
    if (const Json &spec = field(tmpl, "spec"); spec.is_object())
        t.spec = spec;
    return t;
}

void PodTemplate::encodeInto(Json &tmpl) const
{
    if (!tmpl.is_object())
        tmpl = Json::object();
    Json &meta = tmpl["metadata"];
    if (!meta.is_object())
        meta = Json::object();
    putMap(meta, "labels", labels);
    putMap(meta, "annotations", annotations);
    tmpl["spec"] = spec;
}

DeploymentSpec DeploymentSpec::decode(const Json &spec)
{
    DeploymentSpec d;
    d.replicas = intOr(spec, "replicas", 1);
    if (const Json &sel = field(spec, "selector"); sel.is_object())
        d.selector = sel;
    d.podTemplate = PodTemplate::decode(field(spec, "template"));
    const Json &strategy = field(spec, "strategy");
    d.strategy = stringField(strategy, "type", "RollingUpdate");
    const Json &ru = field(strategy, "rollingUpdate");
    d.maxSurge = IntOrString::decode(field(ru, "maxSurge"), d.maxSurge);
    d.maxUnavailable = IntOrString::decode(field(ru, "maxUnavailable"), d.maxUnavailable);
    d.minReadySeconds = intOr(spec, "minReadySeconds", 0);
    d.revisionHistoryLimit = intOr(spec, "revisionHistoryLimit", 10);
    d.progressDeadlineSeconds = intOr(spec, "progressDeadlineSeconds", 600);
    d.paused = field(spec, "paused").is_boolean() && field(spec, "paused").get<bool>();
    return d;
}

void DeploymentSpec::encodeInto(Json &spec) const
{
    if (!spec.is_object())
        spec = Json::object();
    spec["replicas"] = replicas;
    spec["selector"] = selector;
    podTemplate.encodeInto(spec["template"]);
    Json &s = spec["strategy"];
    if (!s.is_object())
        s = Json::object();
    s["type"] = strategy;
    if (strategy == "RollingUpdate")
        s["rollingUpdate"] = {{"maxSurge", maxSurge.encode()}, {"maxUnavailable", maxUnavailable.encode()}};
    else
        s.erase("rollingUpdate");
    if (minReadySeconds)
        spec["minReadySeconds"] = minReadySeconds;
    spec["revisionHistoryLimit"] = revisionHistoryLimit;
    spec["progressDeadlineSeconds"] = progressDeadlineSeconds;
    if (paused)
        spec["paused"] = true;
    else
        spec.erase("paused");
}

WorkloadStatus WorkloadStatus::decode(const Json &status)
{
    WorkloadStatus s;
    s.observedGeneration = intOr(status, "observedGeneration", 0);
    s.replicas = intOr(status, "replicas", 0);
    s.updatedReplicas = intOr(status, "updatedReplicas", 0);
    s.fullyLabeledReplicas = intOr(status, "fullyLabeledReplicas", 0);
    s.readyReplicas = intOr(status, "readyReplicas", 0);
    s.availableReplicas = intOr(status, "availableReplicas", 0);
    s.unavailableReplicas = intOr(status, "unavailableReplicas", 0);
    s.conditions = Condition::decodeList(field(status, "conditions"));
    return s;
}

void WorkloadStatus::encodeInto(Json &status, bool deployment) const
{
    if (!status.is_object())
        status = Json::object();
    status["observedGeneration"] = observedGeneration;
    status["replicas"] = replicas;
    status["readyReplicas"] = readyReplicas;
    status["availableReplicas"] = availableReplicas;
    if (deployment) {
        status["updatedReplicas"] = updatedReplicas;
        if (unavailableReplicas)
            status["unavailableReplicas"] = unavailableReplicas;
    } else {
        status["fullyLabeledReplicas"] = fullyLabeledReplicas;
    }
    if (!conditions.empty()) {
        Json cs = Json::array();
        for (const auto &c : conditions)
            cs.push_back(c.encode());
        status["conditions"] = std::move(cs);
    }
}

ReplicaSetSpec ReplicaSetSpec::decode(const Json &spec)
{
    ReplicaSetSpec r;
    r.replicas = intOr(spec, "replicas", 1);
    if (const Json &sel = field(spec, "selector"); sel.is_object())
        r.selector = sel;
    r.podTemplate = PodTemplate::decode(field(spec, "template"));
    r.minReadySeconds = intOr(spec, "minReadySeconds", 0);
    return r;
}

void ReplicaSetSpec::encodeInto(Json &spec) const
{
    if (!spec.is_object())
        spec = Json::object();
    spec["replicas"] = replicas;
    spec["selector"] = selector;
    podTemplate.encodeInto(spec["template"]);
    if (minReadySeconds)
        spec["minReadySeconds"] = minReadySeconds;
}

std::string base64Encode(const std::string &bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3), '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(bytes.data()), int(bytes.size()));
    out.resize(std::size_t(n));
    return out;
}

std::optional<std::string> base64Decode(const std::string &text)
{
    if (text.size() % 4 != 0)
        return std::nullopt;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ok = std::isalnum((unsigned char)c) || c == '+' || c == '/' || (c == '=' && i + 2 >= text.size());
        if (!ok)
            return std::nullopt;
    }
    std::string out(3 * text.size() / 4, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(text.data()), int(text.size()));
    if (n < 0)
        return std::nullopt;
    std::size_t size = std::size_t(n);
    // EVP_DecodeBlock counts padding as zero bytes: take them off.
    if (!text.empty() && text.back() == '=')
        --size;
    if (text.size() > 1 && text[text.size() - 2] == '=')
        --size;
    out.resize(size);
    return out;
}

} // namespace flotilla::engine::api
