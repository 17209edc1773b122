// The write verbs of the Kubernetes API: create, update, patch (four kinds), delete, deletecollection and
// the scale subresource. Every write goes through the Sandbox's create / replace / remove, so the checks
// are the ones `apply` makes (validation with field paths, namespaces, admission, resourceVersion).

#include "openapi.h"
#include "patch.h"
#include "protobuf.h"
#include "resources.h"

#include "../api/codec.h"
#include "../api/kinds.h"
#include "../api/types.h"
#include "../api/workloads.h"
#include "../api/validation.h"
#include "../sandbox/sandbox.h"

#include <algorithm>
#include <set>
#include <variant>

namespace flotilla::engine::serve {

using api::Json;

namespace {

enum class FieldValidation { Ignore, Warn, Strict };

bool flagSet(const std::map<std::string, std::string> &query, const char *key)
{
    const auto it = query.find(key);
    return it != query.end() && (it->second == "true" || it->second == "1");
}

std::string queryValue(const std::map<std::string, std::string> &query, const char *key)
{
    const auto it = query.find(key);
    return it == query.end() ? std::string() : it->second;
}

std::string mediaType(const std::string &contentType)
{
    std::string t = contentType.substr(0, contentType.find(';'));
    while (!t.empty() && t.back() == ' ')
        t.pop_back();
    for (auto &c : t)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return t;
}

std::string dq(const std::string &s) { return "\"" + s + "\""; }

/// "Deployment.apps" / "ConfigMap": how Kubernetes names a kind in messages.
std::string qualifiedKind(const api::KindInfo &k)
{
    const std::string group(api::groupOf(k.apiVersion));
    return std::string(k.kind) + (group.empty() ? "" : "." + group);
}

/// "deployments.apps" / "configmaps".
std::string qualifiedResource(const api::KindInfo &k)
{
    const std::string group(api::groupOf(k.apiVersion));
    return std::string(k.plural) + (group.empty() ? "" : "." + group);
}

ApiReply statusWithDetails(int code, std::string_view reason, const std::string &message, const api::KindInfo &k,
                           const std::string &name, Json causes = nullptr)
{
    ApiReply r = statusReply(code, reason, message);
    Json j = Json::parse(r.body);
    j["details"] = {{"name", name}, {"group", std::string(api::groupOf(k.apiVersion))}, {"kind", k.plural}};
    if (!causes.is_null())
        j["details"]["causes"] = std::move(causes);
    r.body = j.dump();
    return r;
}

ApiReply badRequest(const std::string &message) { return statusReply(400, "BadRequest", message); }

// ---- decoding bodies ----------------------------------------------------------------------------------

struct Decoded {
    Json json;
    std::vector<std::string> problems; ///< "duplicate field \"x\"", "unknown field \"x\"" (fieldValidation)
};

/// JSON with the paths of duplicate keys noted (the last one wins, as Go's decoder does).
Result<Decoded> parseJson(const std::string &text)
{
    struct Frame {
        bool object = true;
        std::set<std::string> keys;
        std::string key;
        long index = -1;
    };
    std::vector<Frame> frames;
    Decoded out;
    auto pathOf = [&] {
        std::string path;
        for (const auto &f : frames) {
            if (f.object)
                path += (path.empty() ? "" : ".") + f.key;
            else
                path += "[" + std::to_string(f.index) + "]";
        }
        return path;
    };
    auto enterValue = [&] {
        if (!frames.empty() && !frames.back().object)
            ++frames.back().index;
    };
    const Json::parser_callback_t callback = [&](int, Json::parse_event_t event, Json &parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            enterValue();
            frames.push_back(Frame{true, {}, {}, -1});
            break;
        case Json::parse_event_t::array_start:
            enterValue();
            frames.push_back(Frame{false, {}, {}, -1});
            break;
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            if (!frames.empty())
                frames.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!frames.empty() && parsed.is_string()) {
                frames.back().key = parsed.get<std::string>();
                if (!frames.back().keys.insert(frames.back().key).second)
                    out.problems.push_back("duplicate field " + dq(pathOf()));
            }
            break;
        case Json::parse_event_t::value:
            enterValue();
            break;
        }
        return true;
    };
    try {
        out.json = Json::parse(text, callback);
    } catch (const Json::parse_error &e) {
        return Error::make(Error::Code::Invalid, std::string("the request body is not valid JSON: ") + e.what());
    }
    return out;
}

/// The body of a request as one JSON value: JSON, or YAML when the Content-Type says so (YAML input
/// refuses duplicate keys whatever fieldValidation says: the YAML reader never keeps two).
Result<Decoded> decodeBody(const ApiRequest &req, bool yaml)
{
    if (req.body.empty())
        return Error::make(Error::Code::Invalid, "the request has no body");
    if (!yaml)
        return parseJson(req.body);
    auto docs = api::parseDocuments(req.body);
    if (!docs.ok())
        return Error::make(Error::Code::Invalid, "the request body is not valid YAML: " + docs.error().toString());
    if (docs->size() != 1)
        return Error::make(Error::Code::Invalid, "the request body must hold exactly one YAML document, not " +
                                                     std::to_string(docs->size()));
    Decoded out;
    out.json = std::move(docs->front().json);
    return out;
}

/// Fields the schema of the kind does not know (OpenApi's table), with their paths.
void findUnknownFields(const Json &object, std::string_view kind, std::vector<std::string> &problems)
{
    OpenApi::instance().findUnknownFields(kind, object, problems);
}

Result<FieldValidation> fieldValidation(const ApiRequest &req)
{
    const std::string v = queryValue(req.query, "fieldValidation");
    if (v.empty() || v == "Warn")
        return FieldValidation::Warn; // the API server's default
    if (v == "Ignore")
        return FieldValidation::Ignore;
    if (v == "Strict")
        return FieldValidation::Strict;
    return Error::make(Error::Code::Invalid, "fieldValidation must be Ignore, Warn or Strict, not " + dq(v));
}

/// Applies fieldValidation to what decoding found: a 400 (Strict), warnings (Warn) or nothing.
std::optional<ApiReply> judgeFields(FieldValidation mode, const std::vector<std::string> &problems,
                                    std::vector<std::string> &warnings, std::string_view kind)
{
    if (problems.empty() || mode == FieldValidation::Ignore)
        return std::nullopt;
    if (mode == FieldValidation::Strict) {
        std::string version = "v1";
        if (const api::KindInfo *k = api::findKind(kind)) {
            const std::string_view gv = k->apiVersion;
            version = std::string(gv.substr(gv.find('/') == std::string_view::npos ? 0 : gv.find('/') + 1));
        }
        // as Kubernetes words it: Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: …
        std::string message = std::string(kind) + " in version \"" + version + "\" cannot be handled as a" +
                              (std::string_view("AEIOU").find(kind.empty() ? 'x' : kind[0]) != std::string_view::npos ? "n " : " ") +
                              std::string(kind) + ": strict decoding error: ";
        for (std::size_t i = 0; i < problems.size(); ++i)
            message += (i ? ", " : "") + problems[i];
        return badRequest(message);
    }
    for (const auto &p : problems)
        warnings.push_back(p);
    return std::nullopt;
}

bool dryRun(const ApiRequest &req)
{
    const std::string v = queryValue(req.query, "dryRun");
    return v == "All";
}

// ---- errors of the engine as Status answers ---------------------------------------------------------

std::string causeReason(const std::string &message)
{
    static const std::pair<const char *, const char *> table[] = {
        {"Required value", "FieldValueRequired"},   {"Invalid value", "FieldValueInvalid"},
        {"Unsupported value", "FieldValueNotSupported"}, {"Duplicate value", "FieldValueDuplicate"},
        {"Too long", "FieldValueTooLong"},          {"Too many", "FieldValueTooMany"},
        {"Forbidden", "FieldValueForbidden"},
    };
    for (const auto &[prefix, reason] : table)
        if (message.starts_with(prefix))
            return reason;
    return "FieldValueInvalid";
}

/// The answer for the problems of a write: 404 (namespace missing), 409 (conflict, exists), 403
/// (terminating namespace) or 422 Invalid with every field cause.
ApiReply errorsReply(const api::KindInfo &k, const std::string &name, const std::vector<Error> &errors)
{
    for (const auto &e : errors)
        if (e.code == Error::Code::NotFound) {
            // "namespaces \"x\" not found": the details name the namespace
            ApiReply r = statusReply(404, "NotFound", e.message);
            const std::string prefix = "namespaces \"", suffix = "\" not found";
            if (e.path == "metadata.namespace" && e.message.starts_with(prefix) && e.message.ends_with(suffix) &&
                e.message.size() > prefix.size() + suffix.size()) {
                Json j = Json::parse(r.body);
                j["details"] = {{"name", e.message.substr(prefix.size(), e.message.size() - prefix.size() - suffix.size())},
                                {"kind", "namespaces"}};
                r.body = j.dump();
            }
            return r;
        }
    for (const auto &e : errors)
        if (e.code == Error::Code::AlreadyExists)
            return statusWithDetails(409, "AlreadyExists", e.message, k, name);
    for (const auto &e : errors)
        if (e.code == Error::Code::Conflict)
            return statusWithDetails(409, "Conflict", e.message, k, name);
    for (const auto &e : errors)
        if (e.code == Error::Code::Forbidden && e.path == "metadata.namespace")
            return statusWithDetails(403, "Forbidden", e.message, k, name);
    Json causes = Json::array();
    std::string list;
    for (const auto &e : errors) {
        causes.push_back({{"reason", causeReason(e.message)}, {"message", e.message}, {"field", e.path}});
        list += (list.empty() ? "" : ", ") + (e.path.empty() ? "" : e.path + ": ") + e.message;
    }
    const std::string message = qualifiedKind(k) + " " + dq(name) + " is invalid: " +
                                (errors.size() > 1 ? "[" + list + "]" : list);
    return statusWithDetails(422, "Invalid", message, k, name, std::move(causes));
}

Json objectJson(const api::Object &o) { return api::objectToJson(o); }

// ---- the object a body describes ------------------------------------------------------------------------

/// A field set to null is a field not set (as Kubernetes decodes it), at any depth.
void dropNulls(Json &j)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end();) {
            if (it->is_null()) {
                it = j.erase(it);
            } else {
                dropNulls(*it);
                ++it;
            }
        }
    } else if (j.is_array()) {
        for (auto &v : j)
            dropNulls(v);
    }
}

/// Empty container resources are no resources: a template sent back by a client that fills in empty
/// structs (kubectl rollout undo adds `resources: {}` and `creationTimestamp: null`) is the same template,
/// so its pod-template-hash stays the same.
void dropEmptyResources(Json &podSpec)
{
    if (!podSpec.is_object())
        return;
    for (const char *list : {"containers", "initContainers"})
        if (auto it = podSpec.find(list); it != podSpec.end() && it->is_array())
            for (auto &c : *it)
                if (c.is_object() && c.contains("resources") && c["resources"].is_object() && c["resources"].empty())
                    c.erase("resources");
}

void normalize(Json &object)
{
    dropNulls(object);
    if (!object.contains("spec") || !object["spec"].is_object())
        return;
    Json &spec = object["spec"];
    dropEmptyResources(spec);
    if (spec.contains("template") && spec["template"].is_object()) {
        Json &tmpl = spec["template"];
        if (tmpl.contains("spec"))
            dropEmptyResources(tmpl["spec"]);
        if (tmpl.contains("metadata") && tmpl["metadata"].is_object() && tmpl["metadata"].empty())
            tmpl.erase("metadata");
    }
}

/// Decodes an object from a body for `kind` at the path's namespace (and name, for PUT and apply):
/// apiVersion and kind default to the path's, must match when given; the namespace of the path wins
/// and the body's must match it.
Result<api::MutableObjectPtr> objectFor(const api::KindInfo &k, const std::string &ns, const std::string &name, Json json)
{
    if (!json.is_object())
        return Error::make(Error::Code::Invalid, "the request body must be an object, not " + std::string(json.type_name()));
    if (!json.contains("apiVersion") || json["apiVersion"] == "")
        json["apiVersion"] = k.apiVersion;
    if (!json.contains("kind") || json["kind"] == "")
        json["kind"] = k.kind;
    if (json["apiVersion"] != k.apiVersion || json["kind"] != k.kind)
        return Error::make(Error::Code::Invalid, "the body is a " + json["kind"].dump() + " of " + json["apiVersion"].dump() +
                                                     "; this path takes a " + std::string(k.kind) + " of " +
                                                     std::string(k.apiVersion));
    if (!json.contains("metadata") || json["metadata"].is_null())
        json["metadata"] = Json::object();
    Json &meta = json["metadata"];
    if (!meta.is_object())
        return Error::make(Error::Code::Invalid, "metadata must be an object");
    if (k.namespaced) {
        const std::string given = api::stringField(meta, "namespace");
        if (!given.empty() && given != ns)
            return Error::make(Error::Code::Invalid, "the namespace of the provided object does not match the namespace "
                                                     "sent on the request");
        meta["namespace"] = ns;
    } else if (!api::stringField(meta, "namespace").empty()) {
        meta.erase("namespace");
    }
    if (!name.empty()) {
        const std::string given = api::stringField(meta, "name");
        if (!given.empty() && given != name)
            return Error::make(Error::Code::Invalid, "the name of the object (" + given +
                                                         ") does not match the name on the URL (" + name + ")");
        meta["name"] = name;
    }
    normalize(json);
    auto object = api::objectFromJson(json);
    if (!object.ok())
        return Error::make(Error::Code::Invalid, object.error().path.empty() ? object.error().message
                                                                              : object.error().path + ": " + object.error().message);
    return object;
}

// ---- verbs --------------------------------------------------------------------------------------------

/// The body of a create or update (`verb`: "a create", "an update"): JSON or YAML, its unknown fields
/// judged by fieldValidation. Either the object's JSON and the warnings to send, or the reply that refuses it.
struct WriteBody {
    Json json;
    std::vector<std::string> warnings;
};
std::variant<WriteBody, ApiReply> readWriteBody(const ApiRequest &req, std::string_view kind, const std::string &verb)
{
    const std::string type = mediaType(req.contentType);
    if (type == kProtobufMediaType) { // kubectl 1.32+: create configmap / secret
        auto decoded = decodeKubernetesProtobuf(req.body);
        if (!decoded.ok())
            return statusReply(415, "UnsupportedMediaType", decoded.error().message);
        if (api::stringField(*decoded, "kind") != kind)
            return badRequest("the body is a " + api::stringField(*decoded, "kind") + ", not a " + std::string(kind));
        WriteBody out;
        out.json = std::move(*decoded);
        return out;
    }
    const bool yaml = type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml";
    if (!yaml && type != "application/json" && !type.empty())
        return statusReply(415, "UnsupportedMediaType",
                           "the body of " + verb + " must be application/json or application/yaml, not " + dq(type));
    auto mode = fieldValidation(req);
    if (!mode.ok())
        return badRequest(mode.error().message);
    auto decoded = decodeBody(req, yaml);
    if (!decoded.ok())
        return badRequest(decoded.error().message);
    findUnknownFields(decoded->json, kind, decoded->problems);
    WriteBody out;
    if (auto refused = judgeFields(*mode, decoded->problems, out.warnings, kind))
        return *refused;
    out.json = std::move(decoded->json);
    return out;
}

ApiReply create(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q)
{
    const auto &k = *q.kind;
    if (k.namespaced && q.ns.empty())
        return statusReply(405, "MethodNotAllowed", std::string(k.plural) + " are created in a namespace: POST to "
                                                    "…/namespaces/<namespace>/" + std::string(k.plural));
    auto body = readWriteBody(req, k.kind, "a create");
    if (auto *refused = std::get_if<ApiReply>(&body))
        return std::move(*refused);
    auto &[json, warnings] = std::get<WriteBody>(body);
    auto object = objectFor(k, q.ns, {}, std::move(json));
    if (!object.ok())
        return badRequest(object.error().message);
    const std::string name = (*object)->metadata.name;
    auto outcome = sb.create(*object, dryRun(req));
    if (!outcome.ok())
        return errorsReply(k, name, outcome.errors);
    ApiReply r = jsonReply(objectJson(*outcome.object), 201);
    r.warnings = std::move(warnings);
    return r;
}

/// Stores `json` as the new state of an existing object (PUT, and every patch once applied).
ApiReply replace(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name, Json json,
                 std::vector<std::string> warnings, int createdStatus = 0)
{
    auto object = objectFor(*q.kind, q.ns, name, std::move(json));
    if (!object.ok())
        return badRequest(object.error().message);
    auto outcome = createdStatus ? sb.create(*object, dryRun(req)) : sb.replace(*object, dryRun(req));
    if (!outcome.ok())
        return errorsReply(*q.kind, name, outcome.errors);
    ApiReply r = jsonReply(objectJson(*outcome.object), createdStatus ? createdStatus : 200);
    r.warnings = std::move(warnings);
    return r;
}

ApiReply update(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    auto body = readWriteBody(req, q.kind->kind, "an update");
    if (auto *refused = std::get_if<ApiReply>(&body))
        return std::move(*refused);
    auto &[json, warnings] = std::get<WriteBody>(body);
    if (!sb.store().get(q.kind->kind, q.ns, name))
        return notFoundReply(*q.kind, name);
    return replace(sb, req, q, name, std::move(json), std::move(warnings));
}

enum class PatchType { Merge, Json, Strategic, Apply };

std::optional<PatchType> patchType(const std::string &contentType)
{
    const std::string t = mediaType(contentType);
    if (t == "application/merge-patch+json")
        return PatchType::Merge;
    if (t == "application/json-patch+json")
        return PatchType::Json;
    if (t == "application/strategic-merge-patch+json")
        return PatchType::Strategic;
    if (t == "application/apply-patch+yaml")
        return PatchType::Apply;
    return std::nullopt;
}

ApiReply unsupportedPatch(const std::string &contentType)
{
    return statusReply(415, "UnsupportedMediaType",
                       "the body of the request was in an unknown format - accepted media types include: "
                       "application/json-patch+json, application/merge-patch+json, "
                       "application/apply-patch+yaml, application/strategic-merge-patch+json (not " +
                           dq(mediaType(contentType)) + ")");
}

/// `target` with the patch applied (any type but apply), or the error answer.
Result<Json> applyPatch(PatchType type, const Json &target, const Json &patch, const std::string &what)
{
    switch (type) {
    case PatchType::Merge:
    case PatchType::Apply: {
        if (!patch.is_object())
            return Error::make(Error::Code::Invalid, "a merge patch must be a JSON object");
        Json out = target;
        out.merge_patch(patch);
        return out;
    }
    case PatchType::Strategic:
        return strategicMerge(target, patch);
    case PatchType::Json:
        if (!patch.is_array())
            return Error::make(Error::Code::Invalid, "a JSON patch must be a list of operations");
        try {
            // Empty label and annotation maps are left out of the JSON, but a client may replace them
            // (kubectl rollout undo replaces /metadata/annotations): they are there, empty.
            Json withMaps = target;
            if (withMaps.contains("metadata") && withMaps["metadata"].is_object())
                for (const char *map : {"labels", "annotations"})
                    if (!withMaps["metadata"].contains(map))
                        withMaps["metadata"][map] = Json::object();
            return withMaps.patch(patch);
        } catch (const Json::exception &e) {
            // Kubernetes answers 422 when a patch does not apply (a failed test included)
            return Error::make(Error::Code::Conflict, "the JSON patch of " + what + " cannot be applied: " + e.what());
        }
    }
    return target;
}

ApiReply patch(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    const auto type = patchType(req.contentType);
    if (!type)
        return unsupportedPatch(req.contentType);
    auto mode = fieldValidation(req);
    if (!mode.ok())
        return badRequest(mode.error().message);
    const std::string fieldManager = queryValue(req.query, "fieldManager");
    if (*type == PatchType::Apply && fieldManager.empty())
        return badRequest("PATCH " + req.path + ": fieldManager is required for apply requests");
    if (fieldManager.size() > 128)
        return badRequest("fieldManager: Too long: may not be more than 128 bytes");
    auto decoded = decodeBody(req, *type == PatchType::Apply);
    if (!decoded.ok())
        return badRequest(decoded.error().message);
    if (*type != PatchType::Json)
        findUnknownFields(decoded->json, q.kind->kind, decoded->problems);
    std::vector<std::string> warnings;
    if (auto refused = judgeFields(*mode, decoded->problems, warnings, q.kind->kind))
        return *refused;

    const api::ObjectPtr live = sb.store().get(q.kind->kind, q.ns, name);
    const std::string what = qualifiedResource(*q.kind) + " " + dq(name);
    if (*type == PatchType::Apply) {
        // Server-side apply, simplified: the applied configuration must be a whole object of this kind;
        // its fields replace those of the live object (lists whole), the others stay. No field ownership.
        Json applied = std::move(decoded->json);
        if (!applied.is_object() || api::stringField(applied, "apiVersion").empty() || api::stringField(applied, "kind").empty())
            return badRequest("an apply patch must be an object with apiVersion and kind");
        if (applied.contains("metadata") && applied["metadata"].is_object())
            applied["metadata"].erase("managedFields");
        if (!live)
            return replace(sb, req, q, name, std::move(applied), std::move(warnings), 201);
        auto patched = applyPatch(PatchType::Apply, objectJson(*live), applied, what);
        return replace(sb, req, q, name, std::move(patched.value()), std::move(warnings));
    }
    if (!live)
        return notFoundReply(*q.kind, name);
    auto patched = applyPatch(*type, objectJson(*live), decoded->json, what);
    if (!patched.ok()) {
        if (patched.error().code == Error::Code::Conflict)
            return statusWithDetails(422, "Invalid", patched.error().message, *q.kind, name);
        return badRequest(patched.error().message);
    }
    return replace(sb, req, q, name, std::move(patched.value()), std::move(warnings));
}

// ---- delete -------------------------------------------------------------------------------------------

struct DeleteOptions {
    cluster::Propagation propagation = cluster::Propagation::Background;
    std::optional<std::int64_t> grace;
    bool dryRun = false;
    std::string uid;             ///< preconditions
    std::int64_t resourceVersion = 0;
};

/// DeleteOptions from the query and the body (kubectl sends a body).
Result<DeleteOptions> deleteOptions(const ApiRequest &req)
{
    DeleteOptions o;
    std::string policy = queryValue(req.query, "propagationPolicy");
    std::string grace = queryValue(req.query, "gracePeriodSeconds");
    o.dryRun = dryRun(req);
    if (flagSet(req.query, "orphanDependents"))
        policy = "Orphan";
    if (!req.body.empty()) {
        const Json body = Json::parse(req.body, nullptr, false);
        if (!body.is_object())
            return Error::make(Error::Code::Invalid, "the body of a DELETE must be DeleteOptions (a JSON object)");
        if (body.contains("propagationPolicy") && body["propagationPolicy"].is_string())
            policy = body["propagationPolicy"].get<std::string>();
        if (body.value("orphanDependents", false))
            policy = "Orphan";
        if (body.contains("gracePeriodSeconds") && body["gracePeriodSeconds"].is_number_integer())
            grace = std::to_string(body["gracePeriodSeconds"].get<std::int64_t>());
        if (body.contains("dryRun") && body["dryRun"].is_array())
            for (const auto &d : body["dryRun"])
                if (d == "All")
                    o.dryRun = true;
        const Json &pre = api::field(body, "preconditions");
        o.uid = api::stringField(pre, "uid");
        const std::string rv = api::stringField(pre, "resourceVersion");
        if (!rv.empty()) {
            try {
                o.resourceVersion = std::stoll(rv);
            } catch (...) {
                return Error::make(Error::Code::Invalid, "preconditions.resourceVersion is not a resource version");
            }
        }
    }
    // Foreground is carried out as Background: the sandbox's garbage collector deletes the owner at once
    // and its dependents right after (no foregroundDeletion finalizer keeps the owner until they are gone).
    if (policy == "Orphan")
        o.propagation = cluster::Propagation::Orphan;
    else if (!policy.empty() && policy != "Background" && policy != "Foreground")
        return Error::make(Error::Code::Invalid, "propagationPolicy must be Orphan, Background or Foreground, not " + dq(policy));
    if (!grace.empty()) {
        try {
            o.grace = std::stoll(grace);
        } catch (...) {
            return Error::make(Error::Code::Invalid, "gracePeriodSeconds must be a number");
        }
        if (*o.grace < 0)
            o.grace = 0;
    }
    return o;
}

/// Deletes one object; the answer is the object while it is still there (a Terminating pod or
/// namespace) and a Status Success once it is gone, as Kubernetes does.
ApiReply removeOne(sandbox::Sandbox &sb, const Query &q, const std::string &name, const DeleteOptions &options,
                   Json *deleted = nullptr)
{
    const auto &k = *q.kind;
    const api::ObjectPtr live = sb.store().get(k.kind, q.ns, name);
    if (!live)
        return notFoundReply(k, name);
    if (!options.uid.empty() && options.uid != live->metadata.uid)
        return statusWithDetails(409, "Conflict",
                                 "Operation cannot be fulfilled on " + qualifiedResource(k) + " " + dq(name) +
                                     ": Precondition failed: UID in precondition: " + options.uid + ", UID in object meta: " +
                                     live->metadata.uid, k, name);
    if (options.resourceVersion && options.resourceVersion != live->metadata.resourceVersion)
        return statusWithDetails(409, "Conflict",
                                 "Operation cannot be fulfilled on " + qualifiedResource(k) + " " + dq(name) +
                                     ": Precondition failed: ResourceVersion in precondition: " +
                                     std::to_string(options.resourceVersion) + ", ResourceVersion in object meta: " +
                                     std::to_string(live->metadata.resourceVersion), k, name);
    if (options.dryRun) {
        if (deleted)
            *deleted = objectJson(*live);
        return jsonReply(objectJson(*live));
    }
    Result<api::ObjectPtr> removed = api::ObjectPtr();
    if (k.kind == api::kind::Node) {
        auto s = sb.removeNode(name);
        if (!s.ok())
            removed = s.error();
        else
            removed = live;
    } else {
        removed = sb.remove(k.kind, q.ns, name, options.propagation, options.grace);
    }
    if (!removed.ok()) {
        const Error &e = removed.error();
        if (e.code == Error::Code::NotFound)
            return notFoundReply(k, name);
        if (e.code == Error::Code::Forbidden)
            return statusWithDetails(403, "Forbidden", e.message, k, name);
        if (e.code == Error::Code::Conflict)
            return statusWithDetails(409, "Conflict", e.message, k, name);
        return statusWithDetails(422, "Invalid", e.message, k, name);
    }
    const api::ObjectPtr still = sb.store().get(k.kind, q.ns, name);
    const api::ObjectPtr last = still ? still : (*removed ? *removed : live);
    if (deleted)
        *deleted = objectJson(*last);
    if (still)
        return jsonReply(objectJson(*still));
    return jsonReply({{"kind", "Status"},
                      {"apiVersion", "v1"},
                      {"metadata", Json::object()},
                      {"status", "Success"},
                      {"details", {{"name", name},
                                   {"group", std::string(api::groupOf(k.apiVersion))},
                                   {"kind", k.plural},
                                   {"uid", live->metadata.uid}}}});
}

ApiReply removeCollection(sandbox::Sandbox &sb, const Query &q, const DeleteOptions &options)
{
    const auto &k = *q.kind;
    Json items = Json::array();
    const auto all = sb.store().list(k.kind, q.ns, q.selection.labels.empty() ? nullptr : &q.selection.labels);
    for (const auto &o : all) {
        if (!q.selection.matches(*o))
            continue;
        if (k.kind == api::kind::Namespace && (o->metadata.name == "default" || o->metadata.name == "kube-system" ||
                                               o->metadata.name == "kube-public"))
            continue;
        Json deleted;
        Query one = q;
        one.ns = o->metadata.ns;
        const ApiReply r = removeOne(sb, one, o->metadata.name, options, &deleted);
        if (r.status >= 300 && r.status != 404)
            return r;
        if (!deleted.is_null())
            items.push_back(std::move(deleted));
    }
    return jsonReply({{"kind", std::string(k.kind) + "List"},
                      {"apiVersion", k.apiVersion},
                      {"metadata", {{"resourceVersion", std::to_string(sb.store().resourceVersion())}}},
                      {"items", items}});
}

ApiReply remove(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    auto options = deleteOptions(req);
    if (!options.ok())
        return badRequest(options.error().message);
    if (name.empty())
        return removeCollection(sb, q, *options);
    return removeOne(sb, q, name, *options);
}

// ---- scale --------------------------------------------------------------------------------------------

ApiReply scale(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    const api::ObjectPtr live = sb.store().get(q.kind->kind, q.ns, name);
    if (!live)
        return notFoundReply(*q.kind, name);
    const Json current = scaleJson(*live);
    Json wanted;
    if (req.method == "PUT") {
        auto decoded = decodeBody(req, mediaType(req.contentType).find("yaml") != std::string::npos);
        if (!decoded.ok())
            return badRequest(decoded.error().message);
        wanted = std::move(decoded->json);
    } else {
        const auto type = patchType(req.contentType);
        if (!type || *type == PatchType::Apply)
            return unsupportedPatch(req.contentType);
        auto decoded = decodeBody(req, false);
        if (!decoded.ok())
            return badRequest(decoded.error().message);
        auto patched = applyPatch(*type, current, decoded->json, qualifiedResource(*q.kind) + " " + dq(name));
        if (!patched.ok())
            return statusWithDetails(422, "Invalid", patched.error().message, *q.kind, name);
        wanted = std::move(patched.value());
    }
    const Json &replicas = api::field(api::field(wanted, "spec"), "replicas");
    if (!replicas.is_number_integer())
        return errorsReply(*q.kind, name, {Error::make(Error::Code::Invalid, "Required value: an integer", "spec.replicas")});
    if (replicas.get<std::int64_t>() < 0)
        return errorsReply(*q.kind, name,
                           {Error::make(Error::Code::Invalid,
                                        "Invalid value: " + replicas.dump() + ": must be greater than or equal to 0",
                                        "spec.replicas")});
    Json object = objectJson(*live);
    object["spec"]["replicas"] = replicas;
    // the Scale's resourceVersion, when given, is the workload's: a precondition
    object["metadata"]["resourceVersion"] = api::stringField(api::field(wanted, "metadata"), "resourceVersion");
    auto parsed = objectFor(*q.kind, q.ns, name, std::move(object));
    if (!parsed.ok())
        return badRequest(parsed.error().message);
    auto outcome = sb.replace(*parsed, dryRun(req));
    if (!outcome.ok())
        return errorsReply(*q.kind, name, outcome.errors);
    return jsonReply(scaleJson(*outcome.object));
}

// ---- status and binding -------------------------------------------------------------------------------

/// Problems of a written status that the sandbox's controllers could not read back.
std::vector<Error> statusProblems(std::string_view kind, const Json &status)
{
    std::vector<Error> errors;
    if (!status.is_object()) {
        errors.push_back(Error::make(Error::Code::Invalid, "Required value: status must be an object", "status"));
        return errors;
    }
    if (kind == api::kind::Pod) {
        static const std::set<std::string> phases = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};
        if (status.contains("phase") && (!status["phase"].is_string() || !phases.count(status["phase"].get<std::string>())))
            errors.push_back(Error::make(Error::Code::Invalid,
                                         "Unsupported value: " + status["phase"].dump() +
                                             ": supported values: \"Failed\", \"Pending\", \"Running\", \"Succeeded\", \"Unknown\"",
                                         "status.phase"));
    } else {
        for (const char *f : {"replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas",
                              "observedGeneration", "collisionCount"})
            if (status.contains(f) && (!status[f].is_number_integer() || status[f].get<std::int64_t>() < 0))
                errors.push_back(Error::make(Error::Code::Invalid,
                                             "Invalid value: " + status[f].dump() + ": must be greater than or equal to 0",
                                             std::string("status.") + f));
    }
    return errors;
}

/// PUT and PATCH of pods/{name}/status and deployments/{name}/status: only the status of the object
/// changes (what a controller or kubelet outside the sandbox would write); the rest of the body is ignored.
ApiReply writeStatus(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    const auto &k = *q.kind;
    const api::ObjectPtr live = sb.store().get(k.kind, q.ns, name);
    Json wanted;
    std::vector<std::string> warnings;
    std::int64_t precondition = 0;
    if (req.method == "PUT") {
        auto body = readWriteBody(req, k.kind, "a status update");
        if (auto *refused = std::get_if<ApiReply>(&body))
            return std::move(*refused);
        auto &written = std::get<WriteBody>(body);
        if (!live)
            return notFoundReply(k, name);
        auto object = objectFor(k, q.ns, name, written.json); // checks kind, namespace and name
        if (!object.ok())
            return badRequest(object.error().message);
        precondition = (*object)->metadata.resourceVersion;
        wanted = std::move(written.json);
        warnings = std::move(written.warnings);
    } else {
        const auto type = patchType(req.contentType);
        if (!type || *type == PatchType::Apply)
            return unsupportedPatch(req.contentType);
        auto decoded = decodeBody(req, false);
        if (!decoded.ok())
            return badRequest(decoded.error().message);
        if (!live)
            return notFoundReply(k, name);
        auto patched = applyPatch(*type, objectJson(*live), decoded->json, qualifiedResource(k) + " " + dq(name) + " status");
        if (!patched.ok()) {
            if (patched.error().code == Error::Code::Conflict)
                return statusWithDetails(422, "Invalid", patched.error().message, k, name);
            return badRequest(patched.error().message);
        }
        wanted = std::move(patched.value());
        precondition = live->metadata.resourceVersion;
    }
    const Json status = wanted.contains("status") ? wanted["status"] : Json::object();
    if (auto errors = statusProblems(k.kind, status); !errors.empty())
        return errorsReply(k, name, errors);
    if (precondition && precondition != live->metadata.resourceVersion)
        return statusWithDetails(409, "Conflict",
                                 "Operation cannot be fulfilled on " + qualifiedResource(k) + " " + dq(name) +
                                     ": the object has been modified; please apply your changes to the latest version and try again",
                                 k, name);
    auto next = std::make_shared<api::Object>(*live);
    next->body["status"] = status;
    if (dryRun(req)) {
        ApiReply r = jsonReply(objectJson(*next));
        r.warnings = std::move(warnings);
        return r;
    }
    auto updated = sb.store().update(std::move(next));
    if (!updated.ok())
        return errorsReply(k, name, {updated.error()});
    ApiReply r = jsonReply(objectJson(**updated));
    r.warnings = std::move(warnings);
    return r;
}

/// POST pods/{name}/binding: assigns a pod that has no node yet to the node the Binding names, as a
/// scheduler does.
ApiReply bindPod(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name)
{
    const auto &k = *q.kind;
    auto decoded = decodeBody(req, mediaType(req.contentType).find("yaml") != std::string::npos);
    if (!decoded.ok())
        return badRequest(decoded.error().message);
    const Json &binding = decoded->json;
    if (!binding.is_object())
        return badRequest("the body of a binding must be a Binding object");
    const std::string kind = api::stringField(binding, "kind");
    if (!kind.empty() && kind != "Binding")
        return badRequest("the body of a binding must be a Binding, not a " + kind);
    const std::string given = api::stringField(api::field(binding, "metadata"), "name");
    if (!given.empty() && given != name)
        return badRequest("the name of the Binding (" + given + ") does not match the pod on the URL (" + name + ")");
    const std::string node = api::stringField(api::field(binding, "target"), "name");
    if (node.empty())
        return errorsReply(k, name, {Error::make(Error::Code::Invalid, "Required value: the node to bind to", "target.name")});
    const api::ObjectPtr live = sb.store().get(k.kind, q.ns, name);
    if (!live)
        return notFoundReply(k, name);
    const std::string current = api::stringField(live->spec(), "nodeName");
    if (!current.empty())
        return statusWithDetails(409, "Conflict",
                                 "Operation cannot be fulfilled on pods/binding " + dq(name) + ": pod " + name +
                                     " is already assigned to node " + dq(current), k, name);
    if (live->metadata.deletionTimestamp)
        return statusWithDetails(409, "Conflict", "Operation cannot be fulfilled on pods/binding " + dq(name) +
                                                      ": pod " + name + " is being deleted", k, name);
    if (!sb.store().get(api::kind::Node, {}, node))
        return statusReply(404, "NotFound", "nodes " + dq(node) + " not found");
    if (dryRun(req))
        return jsonReply({{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Success"}, {"code", 201}}, 201);
    auto next = std::make_shared<api::Object>(*live);
    next->body["spec"]["nodeName"] = node;
    api::PodStatus status = api::PodStatus::decode(live->status());
    status.setCondition("PodScheduled", true, sb.sim().now());
    next->body["status"] = status.encode();
    next->metadata.resourceVersion = live->metadata.resourceVersion;
    auto updated = sb.store().update(std::move(next));
    if (!updated.ok())
        return errorsReply(k, name, {updated.error()});
    return jsonReply({{"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Success"}, {"code", 201}}, 201);
}

} // namespace

ApiReply handleWrite(sandbox::Sandbox &sb, const ApiRequest &req, const Query &q, const std::string &name,
                     const std::string &sub)
{
    const std::string &m = req.method;
    if (!sub.empty()) {
        if (sub == "scale" && (q.kind->kind == api::kind::Deployment || q.kind->kind == api::kind::ReplicaSet) &&
            (m == "PUT" || m == "PATCH"))
            return scale(sb, req, q, name);
        if (sub == "status" && (q.kind->kind == api::kind::Pod || q.kind->kind == api::kind::Deployment) &&
            (m == "PUT" || m == "PATCH"))
            return writeStatus(sb, req, q, name);
        if (sub == "binding" && q.kind->kind == api::kind::Pod && m == "POST")
            return bindPod(sb, req, q, name);
        return statusReply(405, "MethodNotAllowed", m + " of " + std::string(q.kind->plural) + "/" + sub +
                                                        " is not served");
    }
    if (m == "POST")
        return name.empty() ? create(sb, req, q)
                            : statusReply(405, "MethodNotAllowed", "POST goes to a collection, not to an object");
    if (m == "DELETE")
        return remove(sb, req, q, name);
    if (name.empty())
        return statusReply(405, "MethodNotAllowed", m + " needs an object's name in the path");
    if (m == "PUT")
        return update(sb, req, q, name);
    if (m == "PATCH")
        return patch(sb, req, q, name);
    return statusReply(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

} // namespace flotilla::engine::serve
