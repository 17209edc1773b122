#include "tables.h"

#include "../api/kinds.h"
#include "../api/types.h"
#include "../api/workloads.h"

#include <vector>

namespace flotilla::engine::serve {

namespace {

struct Column {
    const char *name;
    const char *type;
    int priority = 0;
    const char *format = "";
    const char *description = "";
};

const Json &at(const Json &json, std::initializer_list<const char *> path)
{
    const Json *j = &json;
    for (const char *p : path)
        j = &api::field(*j, p);
    return *j;
}

std::int64_t intAt(const Json &json, std::initializer_list<const char *> path)
{
    const Json &j = at(json, path);
    return j.is_number_integer() ? j.get<std::int64_t>() : 0;
}

std::string orNone(std::string s) { return s.empty() ? std::string("<none>") : s; }

std::string age(const api::Object &o, TimeMs now)
{
    if (!o.metadata.creationTimestamp)
        return "<unknown>";
    return formatAge(std::max<TimeMs>(0, now - *o.metadata.creationTimestamp));
}

std::string selectorText(const Json &selector)
{
    std::string out;
    for (const auto &[k, v] : api::field(selector, "matchLabels").items())
        if (v.is_string())
            out += (out.empty() ? "" : ",") + k + "=" + v.get<std::string>();
    return orNone(out);
}

/// CONTAINERS and IMAGES of -o wide for a workload's pod template.
std::pair<std::string, std::string> containersAndImages(const Json &spec)
{
    std::string names, images;
    for (const auto &c : at(spec, {"template", "spec", "containers"})) {
        names += (names.empty() ? "" : ",") + api::stringField(c, "name");
        images += (images.empty() ? "" : ",") + api::stringField(c, "image");
    }
    return {names, images};
}

const std::vector<Column> &columnsOf(std::string_view kind)
{
    static const std::vector<Column> none = {{"Name", "string", 0, "name"}, {"Age", "string"}};
    static const std::vector<Column> pods = {{"Name", "string", 0, "name"}, {"Ready", "string"}, {"Status", "string"},
                                             {"Restarts", "string"}, {"Age", "string"}, {"IP", "string", 1},
                                             {"Node", "string", 1}, {"Nominated Node", "string", 1},
                                             {"Readiness Gates", "string", 1}};
    static const std::vector<Column> nodes = {{"Name", "string", 0, "name"}, {"Status", "string"}, {"Roles", "string"},
                                              {"Age", "string"}, {"Version", "string"}, {"Internal-IP", "string", 1},
                                              {"External-IP", "string", 1}, {"OS-Image", "string", 1},
                                              {"Kernel-Version", "string", 1}, {"Container-Runtime", "string", 1}};
    static const std::vector<Column> deployments = {{"Name", "string", 0, "name"}, {"Ready", "string"},
                                                    {"Up-to-date", "integer"}, {"Available", "integer"}, {"Age", "string"},
                                                    {"Containers", "string", 1}, {"Images", "string", 1},
                                                    {"Selector", "string", 1}};
    static const std::vector<Column> replicaSets = {{"Name", "string", 0, "name"}, {"Desired", "integer"},
                                                    {"Current", "integer"}, {"Ready", "integer"}, {"Age", "string"},
                                                    {"Containers", "string", 1}, {"Images", "string", 1},
                                                    {"Selector", "string", 1}};
    static const std::vector<Column> services = {{"Name", "string", 0, "name"}, {"Type", "string"}, {"Cluster-IP", "string"},
                                                 {"External-IP", "string"}, {"Port(s)", "string"}, {"Age", "string"},
                                                 {"Selector", "string", 1}};
    static const std::vector<Column> namespaces = {{"Name", "string", 0, "name"}, {"Status", "string"}, {"Age", "string"}};
    static const std::vector<Column> configMaps = {{"Name", "string", 0, "name"}, {"Data", "integer"}, {"Age", "string"}};
    static const std::vector<Column> secrets = {{"Name", "string", 0, "name"}, {"Type", "string"}, {"Data", "integer"},
                                                {"Age", "string"}};
    static const std::vector<Column> events = {{"Last Seen", "string"}, {"Type", "string"}, {"Reason", "string"},
                                               {"Object", "string"}, {"Message", "string"}, {"Source", "string", 1},
                                               {"Count", "integer", 1}, {"Name", "string", 1, "name"}};
    static const std::vector<Column> endpoints = {{"Name", "string", 0, "name"}, {"Endpoints", "string"}, {"Age", "string"}};
    static const std::vector<Column> hpas = {{"Name", "string", 0, "name"}, {"Reference", "string"}, {"Targets", "string"},
                                             {"MinPods", "string"}, {"MaxPods", "integer"}, {"Replicas", "integer"},
                                             {"Age", "string"}};
    static const std::vector<Column> rollouts = {{"Name", "string", 0, "name"}, {"Strategy", "string"}, {"Phase", "string"},
                                                 {"Desired", "integer"}, {"Ready", "integer"}, {"Age", "string"},
                                                 {"Message", "string", 1}};
    if (kind == api::kind::Pod) return pods;
    if (kind == api::kind::Node) return nodes;
    if (kind == api::kind::Deployment) return deployments;
    if (kind == api::kind::ReplicaSet) return replicaSets;
    if (kind == api::kind::Service) return services;
    if (kind == api::kind::Namespace) return namespaces;
    if (kind == api::kind::ConfigMap) return configMaps;
    if (kind == api::kind::Secret) return secrets;
    if (kind == api::kind::Event) return events;
    if (kind == api::kind::Endpoints) return endpoints;
    if (kind == api::kind::HorizontalPodAutoscaler) return hpas;
    if (kind == api::kind::Rollout) return rollouts;
    return none;
}

Json podCells(const api::Object &o, TimeMs now)
{
    const api::PodSummary s = api::summarizePod(o);
    return Json::array({o.metadata.name, std::to_string(s.readyContainers) + "/" + std::to_string(s.totalContainers),
                        s.status, std::to_string(s.restarts), age(o, now), orNone(s.ip), orNone(s.node), "<none>", "<none>"});
}

Json nodeCells(const api::Object &o, TimeMs now)
{
    const api::NodeSummary s = api::summarizeNode(o);
    const Json &info = at(o.body, {"status", "nodeInfo"});
    return Json::array({o.metadata.name, s.status, s.roles, age(o, now), orNone(s.kubeletVersion), orNone(s.internalIP),
                        "<none>", orNone(api::stringField(info, "osImage")), orNone(api::stringField(info, "kernelVersion")),
                        orNone(api::stringField(info, "containerRuntimeVersion"))});
}

Json deploymentCells(const api::Object &o, TimeMs now)
{
    const auto spec = api::DeploymentSpec::decode(o.spec());
    const auto st = api::WorkloadStatus::decode(o.status());
    const auto [names, images] = containersAndImages(o.spec());
    return Json::array({o.metadata.name, std::to_string(st.readyReplicas) + "/" + std::to_string(spec.replicas),
                        st.updatedReplicas, st.availableReplicas, age(o, now), names, images,
                        selectorText(api::field(o.spec(), "selector"))});
}

Json replicaSetCells(const api::Object &o, TimeMs now)
{
    const auto spec = api::ReplicaSetSpec::decode(o.spec());
    const auto st = api::WorkloadStatus::decode(o.status());
    const auto [names, images] = containersAndImages(o.spec());
    return Json::array({o.metadata.name, spec.replicas, st.replicas, st.readyReplicas, age(o, now), names, images,
                        selectorText(api::field(o.spec(), "selector"))});
}

Json serviceCells(const api::Object &o, TimeMs now)
{
    const auto spec = api::ServiceSpec::decode(o.spec());
    std::string ports;
    for (const auto &p : spec.ports) {
        ports += (ports.empty() ? "" : ",") + std::to_string(p.port);
        if (p.nodePort)
            ports += ":" + std::to_string(p.nodePort);
        ports += "/" + p.protocol;
    }
    std::string external = "<none>";
    if (spec.type == "LoadBalancer")
        external = "<pending>";
    std::string selector;
    for (const auto &[k, v] : spec.selector)
        selector += (selector.empty() ? "" : ",") + k + "=" + v;
    return Json::array({o.metadata.name, spec.type, orNone(spec.clusterIP), external, orNone(ports), age(o, now),
                        orNone(selector)});
}

Json eventCells(const api::Object &o, TimeMs now)
{
    const api::EventSummary s = api::summarizeEvent(o);
    const std::string last = s.lastTimestamp ? formatAge(std::max<TimeMs>(0, now - *s.lastTimestamp)) : "<unknown>";
    std::string object = s.objectKind;
    for (auto &c : object)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    object += "/" + s.objectName;
    return Json::array({last, s.type, s.reason, object, s.message, s.source, s.count, o.metadata.name});
}

Json endpointsCells(const api::Object &o, TimeMs now)
{
    std::string list;
    int shown = 0, total = 0;
    for (const auto &subset : api::field(o.body, "subsets")) {
        for (const auto &addr : api::field(subset, "addresses")) {
            for (const auto &port : api::field(subset, "ports")) {
                ++total;
                if (shown < 3) {
                    list += (list.empty() ? "" : ",") + api::stringField(addr, "ip") + ":" +
                            std::to_string(port.value("port", 0));
                    ++shown;
                }
            }
        }
    }
    if (total > shown)
        list += " + " + std::to_string(total - shown) + " more...";
    return Json::array({o.metadata.name, orNone(list), age(o, now)});
}

Json hpaCells(const api::Object &o, TimeMs now)
{
    const Json &ref = at(o.spec(), {"scaleTargetRef"});
    std::string targets;
    const Json &current = at(o.status(), {"currentMetrics"});
    const Json &metrics = at(o.spec(), {"metrics"});
    for (std::size_t i = 0; i < metrics.size(); ++i) {
        const Json &target = at(metrics[i], {"resource", "target"});
        std::string have = "<unknown>";
        if (current.is_array() && i < current.size()) {
            const Json &c = at(current[i], {"resource", "current"});
            if (c.contains("averageUtilization"))
                have = std::to_string(c.value("averageUtilization", 0)) + "%";
            else if (c.contains("averageValue"))
                have = c["averageValue"].is_string() ? c["averageValue"].get<std::string>() : c["averageValue"].dump();
        }
        std::string want = target.contains("averageUtilization") ? std::to_string(target.value("averageUtilization", 0)) + "%"
                                                                  : api::stringField(target, "averageValue");
        targets += (targets.empty() ? "" : ", ") + api::stringField(at(metrics[i], {"resource"}), "name") + ": " + have +
                   "/" + want;
    }
    const std::int64_t minReplicas = o.spec().contains("minReplicas") ? intAt(o.spec(), {"minReplicas"}) : 1;
    return Json::array({o.metadata.name, api::stringField(ref, "kind") + "/" + api::stringField(ref, "name"),
                        orNone(targets), std::to_string(minReplicas), intAt(o.spec(), {"maxReplicas"}),
                        intAt(o.status(), {"currentReplicas"}), age(o, now)});
}

Json rolloutCells(const api::Object &o, TimeMs now)
{
    const Json &strategy = at(o.spec(), {"strategy"});
    std::string name = strategy.contains("canary") ? "Canary" : strategy.contains("blueGreen") ? "BlueGreen"
                                                                                                : "RollingUpdate";
    const std::string phase = api::stringField(o.status(), "phase", "Progressing");
    return Json::array({o.metadata.name, name, phase, intAt(o.spec(), {"replicas"}), intAt(o.status(), {"readyReplicas"}),
                        age(o, now), orNone(api::stringField(o.status(), "message"))});
}

Json cellsOf(const api::Object &o, TimeMs now)
{
    const std::string_view k = o.kind;
    if (k == api::kind::Pod) return podCells(o, now);
    if (k == api::kind::Node) return nodeCells(o, now);
    if (k == api::kind::Deployment) return deploymentCells(o, now);
    if (k == api::kind::ReplicaSet) return replicaSetCells(o, now);
    if (k == api::kind::Service) return serviceCells(o, now);
    if (k == api::kind::Namespace)
        return Json::array({o.metadata.name, api::NamespaceView::decode(o).phase, age(o, now)});
    if (k == api::kind::ConfigMap) {
        const auto data = api::ConfigMapData::decode(o);
        return Json::array({o.metadata.name, data.data.size() + data.binaryData.size(), age(o, now)});
    }
    if (k == api::kind::Secret) {
        // Only the count of keys: a Secret's values never leave in a table.
        const Json &data = api::field(o.body, "data");
        return Json::array({o.metadata.name, api::stringField(o.body, "type", "Opaque"),
                            data.is_object() ? data.size() : 0, age(o, now)});
    }
    if (k == api::kind::Event) return eventCells(o, now);
    if (k == api::kind::Endpoints) return endpointsCells(o, now);
    if (k == api::kind::HorizontalPodAutoscaler) return hpaCells(o, now);
    if (k == api::kind::Rollout) return rolloutCells(o, now);
    return Json::array({o.metadata.name, age(o, now)});
}

} // namespace

Json tableColumnDefinitions(std::string_view kind)
{
    Json out = Json::array();
    for (const Column &c : columnsOf(kind))
        out.push_back({{"name", c.name}, {"type", c.type}, {"format", c.format}, {"description", c.description},
                       {"priority", c.priority}});
    return out;
}

Json partialObjectMetadata(const api::Object &object)
{
    // Without annotations: kubectl prints none of them, and they are most of a row's bytes (the scheduling
    // decision, kubectl's last-applied configuration); the object itself is a GET away.
    Json meta = api::metaToJson(object.metadata);
    meta.erase("annotations");
    return {{"kind", "PartialObjectMetadata"}, {"apiVersion", "meta.k8s.io/v1"}, {"metadata", std::move(meta)}};
}

bool TableRowCache::keeps(std::string_view kind, IncludeObject include)
{
    return include == IncludeObject::Metadata && kind != api::kind::Event && kind != api::kind::HorizontalPodAutoscaler &&
           kind != api::kind::Rollout;
}

bool TableRowCache::append(std::string &out, std::string_view kind, const std::string &key, std::int64_t version,
                           TimeMs now, const std::function<api::ObjectPtr()> &load)
{
    std::string id;
    id.reserve(kind.size() + 1 + key.size());
    id.append(kind).append(1, '/').append(key);
    auto it = m_rows.find(id);
    if (it == m_rows.end() || it->second.version != version) {
        const api::ObjectPtr object = load();
        if (!object)
            return false;
        const auto &columns = columnsOf(kind);
        std::size_t ageAt = 0;
        while (ageAt < columns.size() && std::string_view(columns[ageAt].name) != "Age")
            ++ageAt;
        const Json cells = cellsOf(*object, now);
        const auto dump = [](const Json &j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); };
        Row row;
        row.version = object->metadata.resourceVersion;
        row.created = object->metadata.creationTimestamp;
        row.text = "{\"cells\":[";
        for (std::size_t i = 0; i < cells.size() && i < ageAt; ++i)
            row.text += dump(cells[i]) + ",";
        row.ageAt = std::uint32_t(row.text.size());
        for (std::size_t i = ageAt + 1; i < cells.size(); ++i)
            row.text += "," + dump(cells[i]);
        row.text += "],\"object\":" + dump(partialObjectMetadata(*object)) + "}";
        row.text.shrink_to_fit();
        it = m_rows.insert_or_assign(std::move(id), std::move(row)).first;
    }
    const Row &row = it->second;
    out.append(row.text, 0, row.ageAt);
    out += '"';
    out += row.created ? formatAge(std::max<TimeMs>(0, now - *row.created)) : std::string("<unknown>");
    out += '"';
    out.append(row.text, row.ageAt);
    return true;
}

void TableRowCache::forget(std::string_view kind, const std::string &key)
{
    if (m_rows.empty())
        return;
    std::string id;
    id.reserve(kind.size() + 1 + key.size());
    id.append(kind).append(1, '/').append(key);
    m_rows.erase(id);
}

Json tableRow(const api::Object &object, TimeMs now, IncludeObject include)
{
    Json row = {{"cells", cellsOf(object, now)}};
    if (include == IncludeObject::Metadata)
        row["object"] = partialObjectMetadata(object);
    else if (include == IncludeObject::Object)
        row["object"] = api::objectToJson(object);
    return row;
}

} // namespace flotilla::engine::serve
