// Aggregated discovery: one answer for /api and one for /apis instead of a resource list per group
// version, which is what kubectl asks for first.

#include "discovery.h"

#include "../api/kinds.h"

#include <algorithm>
#include <cctype>

namespace flotilla::engine::serve {

using api::Json;

bool wantsAggregatedDiscovery(const std::string &accept)
{
    // "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, application/json": any of the
    // alternatives, whatever the spacing and the order of its parameters
    std::string compact;
    for (char c : accept)
        if (c != ' ')
            compact += char(std::tolower(static_cast<unsigned char>(c)));
    std::size_t start = 0;
    while (start <= compact.size()) {
        const std::size_t comma = compact.find(',', start);
        const std::string alt = compact.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        start = comma == std::string::npos ? compact.size() + 1 : comma + 1;
        if (alt.rfind("application/json;", 0) != 0)
            continue;
        const std::string params = ";" + alt.substr(17) + ";";
        if (params.find(";g=apidiscovery.k8s.io;") != std::string::npos && params.find(";v=v2;") != std::string::npos &&
            params.find(";as=apigroupdiscoverylist;") != std::string::npos)
            return true;
    }
    return false;
}

namespace {

Json gvk(const std::string &group, const std::string &version, const std::string &kind)
{
    return {{"group", group}, {"version", version}, {"kind", kind}};
}

Json resourceEntry(const api::KindInfo &k, const std::string &group, const std::string &version)
{
    std::string singular(k.kind);
    for (auto &c : singular)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    Json r = {{"resource", k.plural},
              {"responseKind", gvk(group, version, std::string(k.kind))},
              {"scope", k.namespaced ? "Namespaced" : "Cluster"},
              {"singularResource", singular},
              {"verbs", Json::array({"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"})}};
    if (!k.shortName.empty())
        r["shortNames"] = Json::array({k.shortName});
    if (k.kind == api::kind::Pod || k.kind == api::kind::Service || k.kind == api::kind::Deployment ||
        k.kind == api::kind::ReplicaSet || k.kind == api::kind::HorizontalPodAutoscaler)
        r["categories"] = Json::array({"all"});
    Json subs = Json::array();
    auto sub = [&](const char *name, Json kind, Json verbs) {
        subs.push_back({{"subresource", name}, {"responseKind", std::move(kind)}, {"verbs", std::move(verbs)}});
    };
    const Json self = gvk(group, version, std::string(k.kind));
    const Json readWrite = Json::array({"get", "patch", "update"});
    if (k.kind == api::kind::Pod) {
        sub("binding", gvk("", "v1", "Binding"), Json::array({"create"}));
        sub("log", gvk("", "v1", "Pod"), Json::array({"get"}));
        sub("status", self, readWrite);
    } else if (k.kind == api::kind::Deployment || k.kind == api::kind::ReplicaSet) {
        sub("scale", gvk("autoscaling", "v1", "Scale"), readWrite);
        sub("status", self, k.kind == api::kind::Deployment ? readWrite : Json::array({"get"}));
    } else if (k.kind == api::kind::HorizontalPodAutoscaler || k.kind == api::kind::Rollout) {
        sub("status", self, Json::array({"get"}));
    }
    if (!subs.empty())
        r["subresources"] = std::move(subs);
    return r;
}

} // namespace

Json aggregatedDiscovery(bool core)
{
    Json items = Json::array();
    std::vector<std::string> versions; // in the order of the kind table (core first)
    for (const auto &k : api::allKinds())
        if (std::find(versions.begin(), versions.end(), k.apiVersion) == versions.end())
            versions.emplace_back(k.apiVersion);
    for (const auto &gv : versions) {
        const std::string group(api::groupOf(gv));
        if (group.empty() != core)
            continue;
        const std::string version = group.empty() ? gv : gv.substr(group.size() + 1);
        Json resources = Json::array();
        for (const auto &k : api::allKinds())
            if (k.apiVersion == gv)
                resources.push_back(resourceEntry(k, group, version));
        items.push_back({{"metadata", {{"name", group}, {"creationTimestamp", nullptr}}},
                         {"versions", Json::array({{{"version", version}, {"resources", resources}, {"freshness", "Current"}}})}});
    }
    return {{"kind", "APIGroupDiscoveryList"}, {"apiVersion", "apidiscovery.k8s.io/v2"}, {"metadata", Json::object()},
            {"items", items}};
}

} // namespace flotilla::engine::serve
