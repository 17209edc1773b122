#include "patch.h"

#include <algorithm>
#include <string_view>

namespace flotilla::engine::serve {

using api::Json;

namespace {

constexpr std::string_view kSetElementOrder = "$setElementOrder/";
constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

/// The merge key of a list field, from the elements it holds (as Kubernetes' struct tags say), or empty.
std::string mergeKey(const std::string &field, const Json &live, const Json &patch)
{
    if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" || field == "env" ||
        field == "volumes" || field == "imagePullSecrets")
        return "name";
    if (field == "volumeMounts" || field == "volumeDevices")
        return field == "volumeMounts" ? "mountPath" : "devicePath";
    if (field == "hostAliases")
        return "ip";
    if (field == "conditions")
        return "type";
    if (field == "ownerReferences")
        return "uid";
    if (field == "topologySpreadConstraints")
        return "topologyKey";
    if (field == "ports") {
        // A container's ports merge by containerPort, a Service's by port.
        for (const Json *list : {&patch, &live})
            if (list->is_array())
                for (const auto &e : *list)
                    if (e.is_object() && e.contains("containerPort"))
                        return "containerPort";
        return "port";
    }
    return {};
}

Result<Json> mergeMap(const Json &original, const Json &patch);

Result<Json> mergeList(const Json &original, const Json &patch, const std::string &key, const std::string &field)
{
    // {"$patch": "replace"} anywhere in the patch list: the list is what the patch says, less the directive.
    for (const auto &e : patch)
        if (e.is_object() && e.value("$patch", "") == "replace") {
            Json out = Json::array();
            for (const auto &x : patch)
                if (!(x.is_object() && x.contains("$patch")))
                    out.push_back(x);
            return out;
        }
    Json out = original.is_array() ? original : Json::array();
    for (const auto &element : patch) {
        if (!element.is_object() || !element.contains(key)) {
            if (element.is_object() && element.value("$patch", "") == "delete")
                return Error::make(Error::Code::Invalid, field + ": a $patch: delete element needs its merge key \"" + key + "\"");
            return Error::make(Error::Code::Invalid,
                               field + ": every element needs its merge key \"" + key + "\" in a strategic merge patch");
        }
        const Json &id = element[key];
        auto it = std::find_if(out.begin(), out.end(), [&](const Json &e) { return e.is_object() && e.contains(key) && e[key] == id; });
        const std::string directive = element.value("$patch", "");
        if (directive == "delete") {
            if (it != out.end())
                out.erase(it);
            continue;
        }
        if (!directive.empty() && directive != "merge")
            return Error::make(Error::Code::Invalid, field + ": $patch: " + directive + " is not supported in a list element");
        Json clean = element;
        clean.erase("$patch");
        if (it == out.end()) {
            auto merged = mergeMap(Json::object(), clean); // drops directives and nulls
            if (!merged.ok())
                return merged;
            out.push_back(std::move(merged.value()));
            continue;
        }
        auto merged = mergeMap(*it, clean);
        if (!merged.ok())
            return merged;
        *it = std::move(merged.value());
    }
    return out;
}

Result<Json> mergeMap(const Json &original, const Json &patch)
{
    if (!patch.is_object())
        return patch;
    const std::string directive = patch.value("$patch", "");
    if (directive == "delete")
        return Json(); // the caller drops a null
    Json out = original.is_object() && directive != "replace" ? original : Json::object();
    if (!directive.empty() && directive != "replace" && directive != "merge")
        return Error::make(Error::Code::Invalid, "$patch: " + directive + " is not supported");
    const Json *retain = nullptr;
    for (const auto &[k, v] : patch.items()) {
        if (k == "$patch")
            continue;
        if (k == "$retainKeys") {
            if (!v.is_array())
                return Error::make(Error::Code::Invalid, "$retainKeys must be a list of field names");
            retain = &v;
            continue;
        }
        if (std::string_view(k).starts_with(kSetElementOrder))
            continue;
        if (std::string_view(k).starts_with(kDeleteFromPrimitiveList)) {
            const std::string target = k.substr(kDeleteFromPrimitiveList.size());
            if (out.contains(target) && out[target].is_array() && v.is_array()) {
                Json kept = Json::array();
                for (const auto &x : out[target])
                    if (std::find(v.begin(), v.end(), x) == v.end())
                        kept.push_back(x);
                out[target] = std::move(kept);
            }
            continue;
        }
        if (v.is_null()) {
            out.erase(k);
            continue;
        }
        if (v.is_object()) {
            auto merged = mergeMap(out.contains(k) ? out[k] : Json(), v);
            if (!merged.ok())
                return merged;
            if (merged->is_null())
                out.erase(k);
            else
                out[k] = std::move(merged.value());
            continue;
        }
        if (v.is_array()) {
            const std::string key = mergeKey(k, out.contains(k) ? out[k] : Json(), v);
            if (!key.empty()) {
                auto merged = mergeList(out.contains(k) ? out[k] : Json(), v, key, k);
                if (!merged.ok())
                    return merged;
                out[k] = std::move(merged.value());
                continue;
            }
        }
        out[k] = v;
    }
    if (retain) {
        Json kept = Json::object();
        for (const auto &name : *retain)
            if (name.is_string() && out.contains(name.get<std::string>()))
                kept[name.get<std::string>()] = out[name.get<std::string>()];
        out = std::move(kept);
    }
    return out;
}

} // namespace

Result<Json> strategicMerge(const Json &original, const Json &patch)
{
    if (!patch.is_object())
        return Error::make(Error::Code::Invalid, "a strategic merge patch must be a JSON object");
    auto merged = mergeMap(original, patch);
    if (merged.ok() && merged->is_null())
        return Error::make(Error::Code::Invalid, "$patch: delete of the whole object is not supported (use DELETE)");
    return merged;
}

} // namespace flotilla::engine::serve
