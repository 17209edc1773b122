#include "object.h"

namespace flotilla::engine::api {

namespace {
const Json s_null;

Error invalid(std::string path, std::string message)
{
    return Error::make(Error::Code::Invalid, std::move(message), std::move(path));
}

std::optional<Error> readString(const Json &obj, const char *name, const std::string &path, std::string &out)
{
    const auto it = obj.find(name);
    if (it == obj.end() || it->is_null())
        return std::nullopt;
    if (!it->is_string())
        return invalid(path + "." + name, "must be a string, not " + std::string(it->type_name()));
    out = it->get<std::string>();
    return std::nullopt;
}

std::optional<Error> readStringMap(const Json &obj, const char *name, const std::string &path, Labels &out)
{
    const auto it = obj.find(name);
    if (it == obj.end() || it->is_null())
        return std::nullopt;
    if (!it->is_object())
        return invalid(path + "." + name, "must be a map of strings, not " + std::string(it->type_name()));
    for (const auto &[k, v] : it->items()) {
        if (!v.is_string())
            return invalid(path + "." + name + "." + k,
                           "must be a string, not " + std::string(v.type_name()) + " (quote the value)");
        out.emplace(k, v.get<std::string>());
    }
    return std::nullopt;
}

std::optional<Error> readTime(const Json &obj, const char *name, const std::string &path,
                              std::optional<TimeMs> &out)
{
    std::string text;
    if (auto e = readString(obj, name, path, text))
        return e;
    if (text.empty())
        return std::nullopt;
    out = parseRfc3339(text);
    if (!out)
        return invalid(path + "." + name, "not an RFC 3339 time: \"" + text + "\"");
    return std::nullopt;
}

std::optional<Error> readMeta(const Json &m, ObjectMeta &meta)
{
    const std::string p = "metadata";
    if (!m.is_object())
        return invalid(p, "must be an object, not " + std::string(m.type_name()));
    for (const auto &[k, v] : m.items()) {
        if (k == "name" || k == "generateName" || k == "namespace" || k == "uid" || k == "resourceVersion"
            || k == "generation" || k == "creationTimestamp" || k == "deletionTimestamp"
            || k == "deletionGracePeriodSeconds" || k == "labels" || k == "annotations"
            || k == "ownerReferences" || k == "finalizers")
            continue;
        meta.extra[k] = v;
    }
    if (auto e = readString(m, "name", p, meta.name))
        return e;
    if (auto e = readString(m, "generateName", p, meta.generateName))
        return e;
    if (auto e = readString(m, "namespace", p, meta.ns))
        return e;
    if (auto e = readString(m, "uid", p, meta.uid))
        return e;
    if (const auto it = m.find("resourceVersion"); it != m.end() && !it->is_null()) {
        std::string rv;
        if (it->is_string())
            rv = it->get<std::string>();
        else
            return invalid(p + ".resourceVersion", "must be a string");
        if (!rv.empty()) {
            try {
                std::size_t used = 0;
                meta.resourceVersion = std::stoll(rv, &used);
                if (used != rv.size() || meta.resourceVersion < 0)
                    throw std::invalid_argument(rv);
            } catch (const std::exception &) {
                return invalid(p + ".resourceVersion", "not a resource version: \"" + rv + "\"");
            }
        }
    }
    if (const auto it = m.find("generation"); it != m.end() && !it->is_null()) {
        if (!it->is_number_integer())
            return invalid(p + ".generation", "must be an integer");
        meta.generation = it->get<std::int64_t>();
    }
    if (auto e = readTime(m, "creationTimestamp", p, meta.creationTimestamp))
        return e;
    if (auto e = readTime(m, "deletionTimestamp", p, meta.deletionTimestamp))
        return e;
    if (const auto it = m.find("deletionGracePeriodSeconds"); it != m.end() && !it->is_null()) {
        if (!it->is_number_integer())
            return invalid(p + ".deletionGracePeriodSeconds", "must be an integer");
        meta.deletionGracePeriodSeconds = it->get<std::int64_t>();
    }
    if (auto e = readStringMap(m, "labels", p, meta.labels))
        return e;
    if (auto e = readStringMap(m, "annotations", p, meta.annotations))
        return e;
    if (const auto it = m.find("ownerReferences"); it != m.end() && !it->is_null()) {
        if (!it->is_array())
            return invalid(p + ".ownerReferences", "must be a list");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto &r = (*it)[i];
            const std::string rp = p + ".ownerReferences[" + std::to_string(i) + "]";
            if (!r.is_object())
                return invalid(rp, "must be an object");
            OwnerReference ref;
            for (auto [name, target] : {std::pair{"apiVersion", &ref.apiVersion}, std::pair{"kind", &ref.kind},
                                        std::pair{"name", &ref.name}, std::pair{"uid", &ref.uid}}) {
                if (auto e = readString(r, name, rp, *target))
                    return e;
                if (target->empty())
                    return invalid(rp + "." + name, "Required value");
            }
            ref.controller = r.value("controller", false);
            ref.blockOwnerDeletion = r.value("blockOwnerDeletion", false);
            meta.ownerReferences.push_back(std::move(ref));
        }
    }
    if (const auto it = m.find("finalizers"); it != m.end() && !it->is_null()) {
        if (!it->is_array())
            return invalid(p + ".finalizers", "must be a list of strings");
        for (const auto &f : *it) {
            if (!f.is_string())
                return invalid(p + ".finalizers", "must be a list of strings");
            meta.finalizers.push_back(f.get<std::string>());
        }
    }
    return std::nullopt;
}
} // namespace

std::string objectKey(const std::string &ns, const std::string &name)
{
    if (ns.empty())
        return name;
    std::string key;
    key.reserve(ns.size() + 1 + name.size());
    key += ns;
    key += '/';
    key += name;
    return key;
}

std::string Object::key() const { return objectKey(metadata.ns, metadata.name); }

const Json &Object::spec() const { return field(body, "spec"); }
const Json &Object::status() const { return field(body, "status"); }

const Json &field(const Json &json, const char *name)
{
    if (!json.is_object())
        return s_null;
    // One strlen, then string_view comparisons (a const char* key would be measured at every step of the map).
    const auto &object = json.get_ref<const Json::object_t &>();
    const auto it = object.find(std::string_view(name));
    return it == object.end() ? s_null : it->second;
}

std::string stringField(const Json &json, const char *name, std::string fallback)
{
    const Json &f = field(json, name);
    return f.is_string() ? f.get<std::string>() : std::move(fallback);
}

Result<MutableObjectPtr> objectFromJson(const Json &json)
{
    if (!json.is_object())
        return invalid({}, "an object must be a map with apiVersion, kind and metadata, not "
                               + std::string(json.type_name()));
    auto obj = std::make_shared<Object>();
    for (auto [name, target] : {std::pair{"apiVersion", &obj->apiVersion}, std::pair{"kind", &obj->kind}}) {
        if (auto e = readString(json, name, "", *target)) {
            Error err = *e;
            err.path = name;
            return err;
        }
    }
    if (const auto it = json.find("metadata"); it != json.end() && !it->is_null()) {
        if (auto e = readMeta(*it, obj->metadata))
            return *e;
    }
    for (const auto &[k, v] : json.items()) {
        if (k == "apiVersion" || k == "kind" || k == "metadata")
            continue;
        obj->body[k] = v;
    }
    return obj;
}

Json metaToJson(const ObjectMeta &m)
{
    Json j = Json::object();
    if (!m.name.empty())
        j["name"] = m.name;
    if (!m.generateName.empty())
        j["generateName"] = m.generateName;
    if (!m.ns.empty())
        j["namespace"] = m.ns;
    if (!m.uid.empty())
        j["uid"] = m.uid;
    if (m.resourceVersion > 0)
        j["resourceVersion"] = std::to_string(m.resourceVersion);
    if (m.generation > 0)
        j["generation"] = m.generation;
    if (m.creationTimestamp)
        j["creationTimestamp"] = formatRfc3339(*m.creationTimestamp);
    if (m.deletionTimestamp)
        j["deletionTimestamp"] = formatRfc3339(*m.deletionTimestamp);
    if (m.deletionGracePeriodSeconds)
        j["deletionGracePeriodSeconds"] = *m.deletionGracePeriodSeconds;
    if (!m.labels.empty())
        j["labels"] = m.labels;
    if (!m.annotations.empty())
        j["annotations"] = m.annotations;
    if (!m.ownerReferences.empty()) {
        Json refs = Json::array();
        for (const auto &r : m.ownerReferences) {
            Json rj = {{"apiVersion", r.apiVersion}, {"kind", r.kind}, {"name", r.name}, {"uid", r.uid}};
            if (r.controller)
                rj["controller"] = true;
            if (r.blockOwnerDeletion)
                rj["blockOwnerDeletion"] = true;
            refs.push_back(std::move(rj));
        }
        j["ownerReferences"] = std::move(refs);
    }
    if (!m.finalizers.empty())
        j["finalizers"] = m.finalizers;
    for (const auto &[k, v] : m.extra.items())
        j[k] = v;
    return j;
}

Json objectToEditableJson(const Object &o)
{
    Json j = objectToJson(o);
    j.erase("status");
    Json &m = j["metadata"];
    for (const char *systemField : {"uid", "creationTimestamp", "generation", "managedFields", "deletionTimestamp",
                                    "deletionGracePeriodSeconds", "selfLink"})
        m.erase(systemField);
    return j;
}

Json objectToJson(const Object &o)
{
    Json j = Json::object();
    j["apiVersion"] = o.apiVersion;
    j["kind"] = o.kind;
    j["metadata"] = metaToJson(o.metadata);
    for (const auto &[k, v] : o.body.items())
        j[k] = v;
    return j;
}

} // namespace flotilla::engine::api
