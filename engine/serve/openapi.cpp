// OpenAPI v3 for kubectl: client-side `apply` reads it to learn that the server validates fields
// (fieldValidation) and to compute strategic-merge patches (merge keys of lists); `explain` reads it too.

#include "openapi.h"

#include "../api/kinds.h"

#include <sstream>

namespace flotilla::engine::serve {

using api::Json;

namespace {

// One schema per line: "<name> <field>[:<type>] …". Types: s string (default), i integer, b boolean,
// t time, io int-or-string, q quantity, m map of strings, mq map of quantities, * an open object
// (preserve-unknown-fields), []T a list replaced whole, []T/key a list merged by key, or a schema name.
// Names: meta.X, core.X, apps.X, as.X (autoscaling/v2), fl.X (flotilla.dev/v1alpha1).
constexpr const char *kSchemas = R"(
meta.ObjectMeta name generateName namespace uid resourceVersion generation:i creationTimestamp:t deletionTimestamp:t deletionGracePeriodSeconds:i labels:m annotations:m ownerReferences:[]meta.OwnerReference/uid finalizers:[]s managedFields:[]* selfLink
meta.OwnerReference apiVersion kind name uid controller:b blockOwnerDeletion:b
meta.LabelSelector matchLabels:m matchExpressions:[]meta.LabelSelectorRequirement
meta.LabelSelectorRequirement key operator values:[]s
meta.Patch
core.NamespaceSpec finalizers:[]s
core.ServiceSpec ports:[]core.ServicePort/port selector:m clusterIP clusterIPs:[]s type externalIPs:[]s sessionAffinity loadBalancerIP loadBalancerSourceRanges:[]s externalName externalTrafficPolicy internalTrafficPolicy healthCheckNodePort:i publishNotReadyAddresses:b sessionAffinityConfig:* ipFamilies:[]s ipFamilyPolicy allocateLoadBalancerNodePorts:b loadBalancerClass trafficDistribution
core.ServicePort name protocol appProtocol port:i targetPort:io nodePort:i
core.PodTemplateSpec metadata:meta.ObjectMeta spec:core.PodSpec
core.PodSpec volumes:[]core.Volume/name initContainers:[]core.Container/name containers:[]core.Container/name ephemeralContainers:[]* restartPolicy terminationGracePeriodSeconds:i activeDeadlineSeconds:i dnsPolicy nodeSelector:m serviceAccountName serviceAccount automountServiceAccountToken:b nodeName hostNetwork:b hostPID:b hostIPC:b shareProcessNamespace:b securityContext:* imagePullSecrets:[]core.LocalObjectReference/name hostname subdomain affinity:* schedulerName tolerations:[]* hostAliases:[]* priorityClassName priority:i dnsConfig:* readinessGates:[]* runtimeClassName enableServiceLinks:b preemptionPolicy overhead:mq topologySpreadConstraints:[]* setHostnameAsFQDN:b os:* hostUsers:b schedulingGates:[]* resourceClaims:[]*
core.Container name image command:[]s args:[]s workingDir ports:[]core.ContainerPort/containerPort envFrom:[]core.EnvFromSource env:[]core.EnvVar/name resources:core.ResourceRequirements resizePolicy:[]* restartPolicy volumeMounts:[]core.VolumeMount/mountPath volumeDevices:[]* livenessProbe:core.Probe readinessProbe:core.Probe startupProbe:core.Probe lifecycle:* terminationMessagePath terminationMessagePolicy imagePullPolicy securityContext:* stdin:b stdinOnce:b tty:b
core.ContainerPort name hostPort:i containerPort:i protocol hostIP
core.EnvVar name value valueFrom:core.EnvVarSource
core.EnvVarSource fieldRef:* resourceFieldRef:* configMapKeyRef:core.ConfigMapKeySelector secretKeyRef:core.SecretKeySelector
core.ConfigMapKeySelector name key optional:b
core.SecretKeySelector name key optional:b
core.EnvFromSource prefix configMapRef:core.ConfigMapEnvSource secretRef:core.SecretEnvSource
core.ConfigMapEnvSource name optional:b
core.SecretEnvSource name optional:b
core.LocalObjectReference name
core.ResourceRequirements limits:mq requests:mq claims:[]*
core.VolumeMount name readOnly:b recursiveReadOnly mountPath subPath mountPropagation subPathExpr
core.Probe exec:* httpGet:core.HTTPGetAction tcpSocket:* grpc:* initialDelaySeconds:i timeoutSeconds:i periodSeconds:i successThreshold:i failureThreshold:i terminationGracePeriodSeconds:i
core.HTTPGetAction path port:io host scheme httpHeaders:[]*
core.Volume name configMap:core.ConfigMapVolumeSource secret:core.SecretVolumeSource emptyDir:core.EmptyDirVolumeSource hostPath:* persistentVolumeClaim:* projected:* downwardAPI:* csi:* ephemeral:* nfs:* image:* gcePersistentDisk:* awsElasticBlockStore:* gitRepo:* iscsi:* glusterfs:* rbd:* flexVolume:* cinder:* cephfs:* flocker:* fc:* azureFile:* azureDisk:* vsphereVolume:* quobyte:* photonPersistentDisk:* portworxVolume:* scaleIO:* storageos:*
core.ConfigMapVolumeSource name items:[]core.KeyToPath defaultMode:i optional:b
core.SecretVolumeSource secretName items:[]core.KeyToPath defaultMode:i optional:b
core.KeyToPath key path mode:i
core.EmptyDirVolumeSource medium sizeLimit:q
apps.DeploymentSpec replicas:i selector:meta.LabelSelector template:core.PodTemplateSpec strategy:apps.DeploymentStrategy minReadySeconds:i revisionHistoryLimit:i paused:b progressDeadlineSeconds:i
apps.DeploymentStrategy type rollingUpdate:apps.RollingUpdateDeployment
apps.RollingUpdateDeployment maxUnavailable:io maxSurge:io
apps.ReplicaSetSpec replicas:i minReadySeconds:i selector:meta.LabelSelector template:core.PodTemplateSpec
)";

/// The kinds: their schema name and the fields beside apiVersion, kind and metadata ("*": open).
struct KindSchema {
    std::string_view kind;
    const char *name;
    const char *fields;
};
constexpr KindSchema kKinds[] = {
    {api::kind::Namespace, "core.Namespace", "spec:core.NamespaceSpec status:*"},
    {api::kind::Node, "core.Node", "spec:* status:*"},
    {api::kind::Pod, "core.Pod", "spec:core.PodSpec status:*"},
    {api::kind::Service, "core.Service", "spec:core.ServiceSpec status:*"},
    {api::kind::Endpoints, "core.Endpoints", "subsets:[]*"},
    {api::kind::ConfigMap, "core.ConfigMap", "data:m binaryData:m immutable:b"},
    {api::kind::Secret, "core.Secret", "data:m stringData:m type immutable:b"},
    {api::kind::Event, "core.Event", "*"},
    {api::kind::Deployment, "apps.Deployment", "spec:apps.DeploymentSpec status:*"},
    {api::kind::ReplicaSet, "apps.ReplicaSet", "spec:apps.ReplicaSetSpec status:*"},
    {api::kind::HorizontalPodAutoscaler, "as.HorizontalPodAutoscaler", "spec:* status:*"},
    {api::kind::Image, "fl.Image", "*"},
    {api::kind::Rollout, "fl.Rollout", "spec:* status:*"},
};

std::string fullName(std::string_view shortName)
{
    const auto dot = shortName.find('.');
    const std::string_view prefix = shortName.substr(0, dot);
    const std::string rest(shortName.substr(dot + 1));
    if (prefix == "meta")
        return "io.k8s.apimachinery.pkg.apis.meta.v1." + rest;
    if (prefix == "core")
        return "io.k8s.api.core.v1." + rest;
    if (prefix == "apps")
        return "io.k8s.api.apps.v1." + rest;
    if (prefix == "as")
        return "io.k8s.api.autoscaling.v2." + rest;
    return "dev.flotilla.v1alpha1." + rest;
}

Json refTo(std::string_view shortName) { return {{"$ref", "#/components/schemas/" + fullName(shortName)}}; }

Json open() { return {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}; }

Json typeSchema(const std::string &type)
{
    if (type.empty() || type == "s")
        return {{"type", "string"}};
    if (type == "i")
        return {{"type", "integer"}, {"format", "int64"}};
    if (type == "b")
        return {{"type", "boolean"}};
    if (type == "t")
        return {{"type", "string"}, {"format", "date-time"}};
    if (type == "io" || type == "q")
        return {{"x-kubernetes-int-or-string", true}, {"anyOf", Json::array({{{"type", "integer"}}, {{"type", "string"}}})}};
    if (type == "m")
        return {{"type", "object"}, {"additionalProperties", {{"type", "string"}, {"default", ""}}}};
    if (type == "mq")
        return {{"type", "object"}, {"additionalProperties", typeSchema("q")}};
    if (type == "*")
        return open();
    if (type.starts_with("[]")) {
        std::string item = type.substr(2);
        std::string key;
        if (const auto slash = item.find('/'); slash != std::string::npos) {
            key = item.substr(slash + 1);
            item = item.substr(0, slash);
        }
        Json list = {{"type", "array"}, {"items", typeSchema(item)}};
        if (!key.empty()) {
            list["x-kubernetes-patch-merge-key"] = key;
            list["x-kubernetes-patch-strategy"] = "merge";
            list["x-kubernetes-list-type"] = "map";
            list["x-kubernetes-list-map-keys"] = Json::array({key});
        } else {
            list["x-kubernetes-list-type"] = "atomic";
        }
        return list;
    }
    return refTo(type);
}

/// An object schema from "field[:type] …"; "*" alone: open.
Json objectSchema(std::string_view fields)
{
    if (fields == "*")
        return open();
    Json properties = Json::object();
    std::istringstream in{std::string(fields)};
    for (std::string field; in >> field;) {
        const auto colon = field.find(':');
        const std::string name = field.substr(0, colon);
        properties[name] = typeSchema(colon == std::string::npos ? std::string() : field.substr(colon + 1));
    }
    return {{"type", "object"}, {"properties", std::move(properties)}};
}

/// Names of the schemas a schema refers to, directly.
void references(const Json &schema, std::vector<std::string> &out)
{
    if (schema.is_object()) {
        if (auto it = schema.find("$ref"); it != schema.end() && it->is_string()) {
            const std::string ref = *it;
            out.push_back(ref.substr(ref.rfind('/') + 1));
        }
        for (const auto &[k, v] : schema.items())
            references(v, out);
    } else if (schema.is_array()) {
        for (const auto &v : schema)
            references(v, out);
    }
}

Json parameter(const std::string &name, const std::string &in, const std::string &description, bool required = false)
{
    Json p = {{"name", name}, {"in", in}, {"description", description}, {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
    if (required)
        p["required"] = true;
    return p;
}

Json response(const std::string &schemaName)
{
    return {{"200", {{"description", "OK"}, {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + schemaName}}}}}}}}},
            {"401", {{"description", "Unauthorized"}}}};
}

std::string hashOf(const std::string &text)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text)
        h = (h ^ c) * 1099511628211ull;
    std::ostringstream out;
    out << std::hex << std::uppercase << h;
    return out.str();
}

} // namespace

const OpenApi &OpenApi::instance()
{
    static const OpenApi s_instance;
    return s_instance;
}

OpenApi::OpenApi()
{
    m_schemas = Json::object();
    std::istringstream lines(kSchemas);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty())
            continue;
        const auto space = line.find(' ');
        const std::string name = line.substr(0, space);
        m_schemas[fullName(name)] = objectSchema(space == std::string::npos ? std::string_view() : std::string_view(line).substr(space + 1));
    }
    for (const auto &k : kKinds) {
        const api::KindInfo *info = api::findKind(k.kind);
        if (!info)
            continue;
        Json schema = objectSchema(k.fields);
        if (!schema.contains("properties"))
            schema["properties"] = Json::object();
        schema["properties"]["apiVersion"] = {{"type", "string"}};
        schema["properties"]["kind"] = {{"type", "string"}};
        schema["properties"]["metadata"] = refTo("meta.ObjectMeta");
        const std::string group(api::groupOf(info->apiVersion));
        const std::string version = group.empty() ? std::string(info->apiVersion) : std::string(info->apiVersion.substr(group.size() + 1));
        schema["x-kubernetes-group-version-kind"] = Json::array({{{"group", group}, {"kind", info->kind}, {"version", version}}});
        const std::string full = fullName(k.name);
        m_schemas[full] = std::move(schema);
        m_kindSchema[std::string(k.kind)] = full;
    }

    // one document per group version, with the schemas its kinds reach
    std::map<std::string, std::vector<const api::KindInfo *>> byVersion;
    for (const auto &k : api::allKinds())
        if (m_kindSchema.count(std::string(k.kind)))
            byVersion[std::string(k.apiVersion)].push_back(&k);
    Json index = {{"paths", Json::object()}};
    for (const auto &[groupVersion, kinds] : byVersion) {
        const std::string group(api::groupOf(groupVersion));
        const std::string version = group.empty() ? groupVersion : groupVersion.substr(group.size() + 1);
        const std::string root = group.empty() ? "/api/v1" : "/apis/" + groupVersion;
        Json paths = Json::object();
        std::vector<std::string> wanted = {fullName("meta.Patch")};
        for (const auto *k : kinds) {
            const std::string schema = m_kindSchema[std::string(k->kind)];
            wanted.push_back(schema);
            const Json gvk = {{"group", group}, {"kind", k->kind}, {"version", version}};
            const std::string plural(k->plural);
            const std::string kindName(k->kind);
            const std::string tag = group.empty() ? "core_v1" : group + "_" + version;
            const std::string collection = root + (k->namespaced ? "/namespaces/{namespace}/" : "/") + plural;
            auto op = [&](const std::string &action, const std::string &id) {
                return Json{{"operationId", id + kindName},
                            {"tags", Json::array({tag})},
                            {"responses", response(schema)},
                            {"x-kubernetes-action", action},
                            {"x-kubernetes-group-version-kind", gvk}};
            };
            const Json dryRun = parameter("dryRun", "query", "When present, the modifications are not persisted.");
            const Json fieldManager = parameter("fieldManager", "query", "The name of the actor making the change.");
            const Json fieldValidation =
                parameter("fieldValidation", "query",
                          "How to treat unknown and duplicate fields in the object: Ignore, Warn (the default) or Strict.");
            Json nsParam = parameter("namespace", "path", "object name and auth scope, such as for teams and projects", true);
            Json nameParam = parameter("name", "path", "name of the " + kindName, true);

            Json list = op("list", "list");
            Json create = op("post", "create");
            create["parameters"] = Json::array({dryRun, fieldManager, fieldValidation});
            create["requestBody"] = {{"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/" + schema}}}}}}},
                                     {"required", true}};
            Json collectionItem = {{"get", list}, {"post", create}, {"delete", op("deletecollection", "deleteCollection")}};
            if (k->namespaced)
                collectionItem["parameters"] = Json::array({nsParam});
            paths[collection] = std::move(collectionItem);

            Json replace = op("put", "replace");
            replace["parameters"] = Json::array({dryRun, fieldManager, fieldValidation});
            replace["requestBody"] = create["requestBody"];
            Json patch = op("patch", "patch");
            patch["parameters"] = Json::array({dryRun, fieldManager, fieldValidation,
                                               parameter("force", "query", "Force is going to \"force\" Apply requests.")});
            Json patchBody = Json::object();
            for (const char *type : {"application/apply-patch+yaml", "application/json-patch+json",
                                     "application/merge-patch+json", "application/strategic-merge-patch+json"})
                patchBody[type] = {{"schema", {{"$ref", "#/components/schemas/" + fullName("meta.Patch")}}}};
            patch["requestBody"] = {{"content", patchBody}, {"required", true}};
            Json item = {{"get", op("get", "read")}, {"put", replace}, {"patch", patch}, {"delete", op("delete", "delete")}};
            Json itemParams = Json::array({nameParam});
            if (k->namespaced)
                itemParams.push_back(nsParam);
            item["parameters"] = std::move(itemParams);
            paths[collection + "/{name}"] = std::move(item);
            if (k->namespaced)
                paths[root + "/" + plural] = {{"get", op("list", "list" + std::string("AllNamespaces"))}};
        }
        Json schemas = Json::object();
        while (!wanted.empty()) {
            const std::string name = wanted.back();
            wanted.pop_back();
            if (schemas.contains(name) || !m_schemas.contains(name))
                continue;
            schemas[name] = m_schemas[name];
            references(schemas[name], wanted);
        }
        Json document = {{"openapi", "3.0.0"},
                         {"info", {{"title", "Kubernetes"}, {"version", "v1.31.0"}}},
                         {"paths", std::move(paths)},
                         {"components", {{"schemas", std::move(schemas)}}}};
        const std::string at = "/openapi/v3" + root;
        index["paths"][root.substr(1)] = {{"serverRelativeURL", at + "?hash=" + hashOf(document.dump())}};
        m_documents[at] = std::move(document);
    }
    m_documents["/openapi/v3"] = std::move(index);
}

const Json *OpenApi::document(const std::string &path) const
{
    std::string p = path;
    while (p.size() > 1 && p.back() == '/')
        p.pop_back();
    const auto it = m_documents.find(p);
    return it == m_documents.end() ? nullptr : &it->second;
}

const Json &OpenApi::resolve(const Json &schema) const
{
    if (auto it = schema.find("$ref"); it != schema.end() && it->is_string()) {
        const std::string ref = *it;
        const std::string name = ref.substr(ref.rfind('/') + 1);
        if (auto found = m_schemas.find(name); found != m_schemas.end())
            return *found;
    }
    return schema;
}

void OpenApi::walk(const Json &schemaIn, const Json &value, const std::string &path, std::vector<std::string> &problems) const
{
    const Json &schema = resolve(schemaIn);
    if (value.is_null() || schema.value("x-kubernetes-preserve-unknown-fields", false))
        return;
    if (value.is_object()) {
        if (auto props = schema.find("properties"); props != schema.end()) {
            for (const auto &[key, v] : value.items()) {
                if (key.starts_with("$"))
                    continue; // $patch, $setElementOrder/…, $retainKeys, $deleteFromPrimitiveList/…
                const std::string at = path.empty() ? key : path + "." + key;
                const auto known = props->find(key);
                if (known == props->end())
                    problems.push_back("unknown field \"" + at + "\"");
                else
                    walk(*known, v, at, problems);
            }
        } else if (auto extra = schema.find("additionalProperties"); extra != schema.end() && extra->is_object()) {
            for (const auto &[key, v] : value.items())
                walk(*extra, v, path + "." + key, problems);
        }
    } else if (value.is_array()) {
        if (auto items = schema.find("items"); items != schema.end())
            for (std::size_t i = 0; i < value.size(); ++i)
                walk(*items, value[i], path + "[" + std::to_string(i) + "]", problems);
    }
}

void OpenApi::findUnknownFields(std::string_view kind, const Json &object, std::vector<std::string> &problems) const
{
    const auto it = m_kindSchema.find(std::string(kind));
    if (it == m_kindSchema.end() || !object.is_object())
        return;
    walk(m_schemas[it->second], object, {}, problems);
}

} // namespace flotilla::engine::serve
