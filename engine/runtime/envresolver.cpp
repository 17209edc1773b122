#include "envresolver.h"

#include "../api/kinds.h"
#include "../api/quantity.h"
#include "../api/workloads.h"

#include <cmath>
#include <map>

namespace flotilla::engine::runtime {

namespace {
using api::Json;

const Json *findContainer(const api::Object &pod, const std::string &name)
{
    const Json &cs = api::field(pod.spec(), "containers");
    if (!cs.is_array())
        return nullptr;
    for (const auto &c : cs)
        if (api::stringField(c, "name") == name)
            return &c;
    return nullptr;
}

bool optional(const Json &ref) { return api::field(ref, "optional").is_boolean() && api::field(ref, "optional").get<bool>(); }

/// Reads a ConfigMap or Secret's values; nullopt when it does not exist.
std::optional<std::map<std::string, std::string>> source(const store::Store &store, bool secret, const std::string &ns,
                                                         const std::string &name)
{
    const auto obj = store.get(secret ? api::kind::Secret : api::kind::ConfigMap, ns, name);
    if (!obj)
        return std::nullopt;
    if (secret)
        return api::SecretData::decode(*obj).values;
    const auto cm = api::ConfigMapData::decode(*obj);
    std::map<std::string, std::string> values = cm.data;
    for (const auto &[k, v] : cm.binaryData)
        if (auto bytes = api::base64Decode(v))
            values[k] = *bytes;
    return values;
}

Error notFound(bool secret, const std::string &name)
{
    return Error::make(Error::Code::NotFound, std::string(secret ? "secret" : "configmap") + " \"" + name + "\" not found");
}

std::string fieldValue(const api::Object &pod, const std::string &path, bool &known)
{
    known = true;
    if (path == "metadata.name")
        return pod.metadata.name;
    if (path == "metadata.namespace")
        return pod.metadata.ns;
    if (path == "metadata.uid")
        return pod.metadata.uid;
    if (path == "spec.nodeName")
        return api::stringField(pod.spec(), "nodeName");
    if (path == "spec.serviceAccountName")
        return api::stringField(pod.spec(), "serviceAccountName", "default");
    if (path == "status.podIP")
        return api::stringField(pod.status(), "podIP");
    if (path == "status.hostIP")
        return api::stringField(pod.status(), "hostIP");
    for (const auto &[prefix, map] : {std::pair<std::string, const api::Labels *>{"metadata.labels['", &pod.metadata.labels},
                                      {"metadata.annotations['", &pod.metadata.annotations}}) {
        if (path.rfind(prefix, 0) == 0 && path.size() > prefix.size() + 2 && path.compare(path.size() - 2, 2, "']") == 0) {
            const auto key = path.substr(prefix.size(), path.size() - prefix.size() - 2);
            const auto it = map->find(key);
            return it == map->end() ? std::string() : it->second;
        }
    }
    known = false;
    return {};
}

std::string resourceValue(const Json &container, const Json &ref)
{
    const std::string resource = api::stringField(ref, "resource");
    const auto dot = resource.find('.');
    if (dot == std::string::npos)
        return {};
    const std::string section = resource.substr(0, dot), what = resource.substr(dot + 1);
    const Json &v = api::field(api::field(api::field(container, "resources"), section.c_str()), what.c_str());
    auto q = api::parseQuantity(v);
    if (!q)
        return what == "cpu" ? "1" : "0"; // no limit: the node's allocatable, simplified
    double divisor = 1;
    if (const Json &d = api::field(ref, "divisor"); !d.is_null())
        if (auto dq = api::parseQuantity(d); dq && *dq > 0)
            divisor = *dq;
    return std::to_string(std::int64_t(std::ceil(*q / divisor)));
}
} // namespace

Result<std::vector<EnvVar>> resolveEnv(const api::Object &pod, const std::string &containerName, const store::Store &store,
                                       const std::vector<std::string> &imageEnv)
{
    const Json *container = findContainer(pod, containerName);
    if (!container)
        return Error::make(Error::Code::NotFound, "container \"" + containerName + "\" not found in pod " + pod.metadata.name);
    std::vector<EnvVar> out;
    auto set = [&out](EnvVar v) {
        for (auto &e : out)
            if (e.name == v.name) {
                e = std::move(v);
                return;
            }
        out.push_back(std::move(v));
    };
    for (const auto &line : imageEnv) {
        const auto eq = line.find('=');
        if (eq != std::string::npos && eq > 0)
            set({line.substr(0, eq), line.substr(eq + 1), "image", false});
    }
    const std::string &ns = pod.metadata.ns;
    if (const Json &from = api::field(*container, "envFrom"); from.is_array()) {
        for (const auto &f : from) {
            const std::string prefix = api::stringField(f, "prefix");
            for (const bool secret : {false, true}) {
                const Json &ref = api::field(f, secret ? "secretRef" : "configMapRef");
                if (!ref.is_object())
                    continue;
                const std::string name = api::stringField(ref, "name");
                const auto values = source(store, secret, ns, name);
                if (!values) {
                    if (optional(ref))
                        continue;
                    return notFound(secret, name);
                }
                for (const auto &[k, v] : *values)
                    set({prefix + k, v, std::string(secret ? "secret/" : "configmap/") + name, secret});
            }
        }
    }
    if (const Json &env = api::field(*container, "env"); env.is_array()) {
        for (const auto &e : env) {
            const std::string name = api::stringField(e, "name");
            if (name.empty())
                continue;
            const Json &valueFrom = api::field(e, "valueFrom");
            if (!valueFrom.is_object()) {
                set({name, api::stringField(e, "value"), "", false});
                continue;
            }
            bool handled = false;
            for (const bool secret : {false, true}) {
                const Json &ref = api::field(valueFrom, secret ? "secretKeyRef" : "configMapKeyRef");
                if (!ref.is_object())
                    continue;
                handled = true;
                const std::string src = api::stringField(ref, "name");
                const std::string key = api::stringField(ref, "key");
                const auto values = source(store, secret, ns, src);
                if (!values) {
                    if (optional(ref))
                        break;
                    return notFound(secret, src);
                }
                const auto it = values->find(key);
                if (it == values->end()) {
                    if (optional(ref))
                        break;
                    return Error::make(Error::Code::NotFound, "couldn't find key " + key + " in " +
                                                                  (secret ? "Secret " : "ConfigMap ") + ns + "/" + src);
                }
                set({name, it->second, std::string(secret ? "secret/" : "configmap/") + src, secret});
            }
            if (handled)
                continue;
            if (const Json &ref = api::field(valueFrom, "fieldRef"); ref.is_object()) {
                const std::string path = api::stringField(ref, "fieldPath");
                bool known = false;
                std::string value = fieldValue(pod, path, known);
                if (!known)
                    return Error::make(Error::Code::Invalid, "unsupported fieldPath: " + path);
                set({name, std::move(value), "field " + path, false});
            } else if (const Json &res = api::field(valueFrom, "resourceFieldRef"); res.is_object()) {
                set({name, resourceValue(*container, res), "resource " + api::stringField(res, "resource"), false});
            }
        }
    }
    return out;
}

Result<std::vector<MountedFile>> mountedFiles(const api::Object &pod, const std::string &containerName,
                                              const store::Store &store)
{
    const Json *container = findContainer(pod, containerName);
    if (!container)
        return Error::make(Error::Code::NotFound, "container \"" + containerName + "\" not found in pod " + pod.metadata.name);
    std::vector<MountedFile> out;
    const Json &volumes = api::field(pod.spec(), "volumes");
    const Json &mounts = api::field(*container, "volumeMounts");
    if (!volumes.is_array() || !mounts.is_array())
        return out;
    for (const auto &m : mounts) {
        const std::string volumeName = api::stringField(m, "name");
        std::string mountPath = api::stringField(m, "mountPath");
        const std::string subPath = api::stringField(m, "subPath");
        while (mountPath.size() > 1 && mountPath.back() == '/')
            mountPath.pop_back();
        const Json *volume = nullptr;
        for (const auto &v : volumes)
            if (api::stringField(v, "name") == volumeName)
                volume = &v;
        if (!volume)
            continue;
        for (const bool secret : {false, true}) {
            const Json &src = api::field(*volume, secret ? "secret" : "configMap");
            if (!src.is_object())
                continue;
            const std::string name = api::stringField(src, secret ? "secretName" : "name");
            const auto values = source(store, secret, pod.metadata.ns, name);
            if (!values) {
                if (optional(src))
                    break;
                return notFound(secret, name);
            }
            std::vector<std::pair<std::string, std::string>> files; // relative path → key
            if (const Json &items = api::field(src, "items"); items.is_array() && !items.empty()) {
                for (const auto &item : items) {
                    const std::string key = api::stringField(item, "key");
                    if (!values->count(key)) {
                        if (optional(src))
                            continue;
                        return Error::make(Error::Code::NotFound, "configmap references non-existent config key: " + key);
                    }
                    files.emplace_back(api::stringField(item, "path", key), key);
                }
            } else {
                for (const auto &[k, v] : *values)
                    files.emplace_back(k, k);
            }
            for (const auto &[rel, key] : files) {
                if (!subPath.empty() && rel != subPath)
                    continue;
                MountedFile f;
                f.volume = volumeName;
                f.path = subPath.empty() ? mountPath + "/" + rel : mountPath;
                f.content = values->at(key);
                f.source = std::string(secret ? "secret/" : "configmap/") + name;
                f.secret = secret;
                out.push_back(std::move(f));
            }
        }
    }
    return out;
}

std::vector<ConfigProblem> configProblems(const api::Object &pod, const store::Store &store)
{
    std::vector<ConfigProblem> out;
    const Json &cs = api::field(pod.spec(), "containers");
    if (!cs.is_array())
        return out;
    for (const auto &c : cs) {
        const std::string name = api::stringField(c, "name");
        if (auto files = mountedFiles(pod, name, store); !files.ok()) {
            ConfigProblem p{name, files.error().message, true, {}};
            // the volume named in the message, for the kubelet's FailedMount wording
            const Json &mounts = api::field(c, "volumeMounts");
            if (mounts.is_array())
                for (const auto &m : mounts)
                    for (const auto &v : api::field(pod.spec(), "volumes"))
                        if (api::stringField(v, "name") == api::stringField(m, "name")) {
                            const std::string src = api::stringField(api::field(v, "configMap"), "name").empty()
                                                        ? api::stringField(api::field(v, "secret"), "secretName")
                                                        : api::stringField(api::field(v, "configMap"), "name");
                            if (p.volume.empty() && !src.empty() && p.message.find("\"" + src + "\"") != std::string::npos)
                                p.volume = api::stringField(v, "name");
                        }
            out.push_back(std::move(p));
            continue;
        }
        if (auto env = resolveEnv(pod, name, store); !env.ok())
            out.push_back({name, env.error().message, false, {}});
    }
    return out;
}

} // namespace flotilla::engine::runtime
