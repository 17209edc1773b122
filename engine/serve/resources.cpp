#include "resources.h"

#include "discovery.h"
#include "logs.h"
#include "openapi.h"

#include "../api/workloads.h"
#include "../sandbox/sandbox.h"

#include <algorithm>
#include <cctype>

namespace flotilla::engine::serve {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool percentDecode(std::string_view in, std::string &out, bool plusIsSpace)
{
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%') {
            if (i + 2 >= in.size())
                return false;
            const int hi = hexValue(in[i + 1]), lo = hexValue(in[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            out += char(hi * 16 + lo);
            i += 2;
        } else if (plusIsSpace && in[i] == '+') {
            out += ' ';
        } else {
            out += in[i];
        }
    }
    return true;
}

std::vector<std::string> splitPath(const std::string &path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = path.find('/', start);
        const std::size_t end = slash == std::string::npos ? path.size() : slash;
        if (end > start)
            parts.push_back(path.substr(start, end - start));
        if (slash == std::string::npos)
            break;
        start = slash + 1;
    }
    return parts;
}

std::string singular(const api::KindInfo &k)
{
    std::string s(k.kind);
    for (auto &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// ---- discovery ----------------------------------------------------------------------------------

Json versionDocument()
{
    return {{"major", "1"},
            {"minor", "31"}, // kubectl's dispatcher then picks kubectl 1.31, which sends JSON
            {"gitVersion", "v1.31.0-flotilla"},
            {"gitCommit", "0000000000000000000000000000000000000000"},
            {"gitTreeState", "clean"},
            {"buildDate", "2026-01-01T00:00:00Z"},
            {"goVersion", "go1.22.0"},
            {"compiler", "gc"},
            {"platform", "linux/amd64"}};
}

/// The served group versions, in the order of the kind table (core first).
std::vector<std::string> groupVersions()
{
    std::vector<std::string> out;
    for (const auto &k : api::allKinds())
        if (std::find(out.begin(), out.end(), k.apiVersion) == out.end())
            out.emplace_back(k.apiVersion);
    return out;
}

Json groupDocument(const std::string &groupVersion)
{
    const std::string group(api::groupOf(groupVersion));
    const std::string version = groupVersion.substr(group.size() + 1);
    const Json gv = {{"groupVersion", groupVersion}, {"version", version}};
    return {{"name", group}, {"versions", Json::array({gv})}, {"preferredVersion", gv}};
}

Json apiGroupList()
{
    Json groups = Json::array();
    for (const auto &gv : groupVersions())
        if (!api::groupOf(gv).empty())
            groups.push_back(groupDocument(gv));
    return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

Json apiResourceList(const std::string &groupVersion)
{
    const Json verbs = Json::array({"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"});
    Json resources = Json::array();
    for (const auto &k : api::allKinds()) {
        if (k.apiVersion != groupVersion)
            continue;
        Json r = {{"name", k.plural},
                  {"singularName", singular(k)},
                  {"namespaced", k.namespaced},
                  {"kind", k.kind},
                  {"verbs", verbs}};
        if (!k.shortName.empty())
            r["shortNames"] = Json::array({k.shortName});
        if (k.kind == api::kind::Pod || k.kind == api::kind::Service || k.kind == api::kind::Deployment ||
            k.kind == api::kind::ReplicaSet || k.kind == api::kind::HorizontalPodAutoscaler)
            r["categories"] = Json::array({"all"});
        resources.push_back(r);
        auto sub = [&](const char *name, const char *kind) {
            const bool scale = std::string_view(name) == "scale";
            const bool writable = scale || (std::string_view(name) == "status" &&
                                            (k.kind == api::kind::Pod || k.kind == api::kind::Deployment));
            Json r = {{"name", std::string(k.plural) + "/" + name},
                      {"singularName", ""},
                      {"namespaced", k.namespaced},
                      {"kind", kind},
                      {"verbs", writable ? Json::array({"get", "patch", "update"})
                                : std::string_view(name) == "binding" ? Json::array({"create"})
                                                                      : Json::array({"get"})}};
            if (scale)
                r["group"] = "autoscaling", r["version"] = "v1";
            resources.push_back(std::move(r));
        };
        if (k.kind == api::kind::Pod) {
            sub("binding", "Binding");
            sub("log", "Pod");
            sub("status", "Pod");
        } else if (k.kind == api::kind::Deployment || k.kind == api::kind::ReplicaSet) {
            sub("scale", "Scale");
            sub("status", std::string(k.kind).c_str());
        } else if (k.kind == api::kind::HorizontalPodAutoscaler || k.kind == api::kind::Rollout) {
            sub("status", std::string(k.kind).c_str());
        }
    }
    return {{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", groupVersion}, {"resources", resources}};
}

// ---- selectors ----------------------------------------------------------------------------------

/// Field selectors each kind supports (besides metadata.name and metadata.namespace), as the API server's.
bool fieldSupported(std::string_view kind, const std::string &path)
{
    if (path == "metadata.name" || path == "metadata.namespace")
        return true;
    static const std::vector<std::pair<std::string_view, std::vector<std::string>>> table = {
        {api::kind::Pod,
         {"spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
          "status.phase", "status.podIP", "status.nominatedNodeName"}},
        {api::kind::Event,
         {"involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
          "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
          "reportingComponent", "source", "type"}},
        {api::kind::Secret, {"type"}},
        {api::kind::Node, {"spec.unschedulable"}},
        {api::kind::Namespace, {"status.phase"}},
        {api::kind::ReplicaSet, {"status.replicas"}},
    };
    for (const auto &[k, fields] : table)
        if (k == kind)
            return std::find(fields.begin(), fields.end(), path) != fields.end();
    return false;
}

std::string fieldValue(const api::Object &o, const std::string &path)
{
    if (path == "metadata.name")
        return o.metadata.name;
    if (path == "metadata.namespace")
        return o.metadata.ns;
    if (o.kind == api::kind::Event && path == "source")
        return api::stringField(api::field(o.body, "source"), "component");
    const Json *j = &o.body;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        j = &api::field(*j, part.c_str());
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    if (j->is_string())
        return j->get<std::string>();
    if (j->is_boolean() || j->is_number())
        return j->dump();
    if (path == "spec.unschedulable" || path == "spec.hostNetwork")
        return "false";
    return {};
}

Result<Selection> parseSelection(const api::KindInfo &kind, const std::map<std::string, std::string> &query)
{
    Selection s;
    if (auto it = query.find("labelSelector"); it != query.end() && !it->second.empty()) {
        auto labels = api::LabelSelector::parse(it->second);
        if (!labels.ok())
            return Error::make(Error::Code::Invalid, "unable to parse requirement: " + labels.error().message);
        s.labels = std::move(labels.value());
    }
    if (auto it = query.find("fieldSelector"); it != query.end() && !it->second.empty()) {
        std::size_t start = 0;
        const std::string &text = it->second;
        while (start <= text.size()) {
            const std::size_t comma = text.find(',', start);
            std::string term = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            start = comma == std::string::npos ? text.size() + 1 : comma + 1;
            if (term.empty())
                continue;
            Selection::Field f;
            std::size_t op = term.find("!=");
            std::size_t valueAt;
            if (op != std::string::npos) {
                f.equals = false;
                valueAt = op + 2;
            } else if ((op = term.find("==")) != std::string::npos) {
                valueAt = op + 2;
            } else if ((op = term.find('=')) != std::string::npos) {
                valueAt = op + 1;
            } else {
                return Error::make(Error::Code::Invalid, "invalid field selector: '" + term + "': no operator");
            }
            f.path = term.substr(0, op);
            f.value = term.substr(valueAt);
            auto trim = [](std::string &x) {
                while (!x.empty() && x.back() == ' ') x.pop_back();
                while (!x.empty() && x.front() == ' ') x.erase(x.begin());
            };
            trim(f.path);
            trim(f.value);
            if (!fieldSupported(kind.kind, f.path))
                return Error::make(Error::Code::Invalid, "field label not supported: " + f.path);
            s.fields.push_back(std::move(f));
        }
    }
    return s;
}

// ---- objects ------------------------------------------------------------------------------------

std::string listKind(const api::KindInfo &k) { return std::string(k.kind) + "List"; }

Json objectJson(const api::Object &o, std::int64_t resourceVersion = 0)
{
    Json j = api::objectToJson(o);
    if (resourceVersion > 0)
        j["metadata"]["resourceVersion"] = std::to_string(resourceVersion);
    return j;
}

Json tableEnvelope(const Query &q, std::int64_t resourceVersion, bool withColumns)
{
    return {{"kind", "Table"},
            {"apiVersion", "meta.k8s.io/v1"},
            {"metadata", {{"resourceVersion", std::to_string(resourceVersion)}}},
            {"columnDefinitions", withColumns ? tableColumnDefinitions(q.kind->kind) : Json::array()},
            {"rows", Json::array()}};
}

/// The continue token: where the next page starts, opaque to clients.
std::string continueToken(const std::string &lastKey, std::int64_t resourceVersion)
{
    return api::base64Encode(Json{{"rv", resourceVersion}, {"start", lastKey}}.dump());
}

std::optional<std::string> continueStart(const std::string &token)
{
    const auto raw = api::base64Decode(token);
    if (!raw)
        return std::nullopt;
    const Json j = Json::parse(*raw, nullptr, false);
    if (!j.is_object() || !j.contains("start") || !j["start"].is_string())
        return std::nullopt;
    return j["start"].get<std::string>();
}

/// A list of objects, in pages when asked (Tables are streamed whole: TableListStream).
ApiReply listReply(sandbox::Sandbox &sb, const Query &q, const std::map<std::string, std::string> &query)
{
    std::int64_t limit = 0;
    if (auto it = query.find("limit"); it != query.end() && !it->second.empty()) {
        try {
            limit = std::stoll(it->second);
        } catch (...) {
            return statusReply(400, "BadRequest", "limit must be a number, not \"" + it->second + "\"");
        }
    }
    std::string after;
    if (auto it = query.find("continue"); it != query.end() && !it->second.empty()) {
        auto start = continueStart(it->second);
        if (!start)
            return statusReply(400, "BadRequest", "the provided continue parameter is not valid");
        after = *start;
    }
    auto &store = sb.store();
    const std::int64_t rv = store.resourceVersion();
    // Pages follow the store's order (namespace, then name): a page starts after the last key of the previous
    // one, and only its own objects are decoded. A page is read from the current state, not from a snapshot
    // at the first page's version.
    bool more = false;
    const auto found = store.listPage(q.kind->kind, q.ns, [&q](const api::Object &o) { return q.selection.matches(o); },
                                      after, limit > 0 ? std::size_t(limit) : 0, &more);
    const std::string lastKey = found.empty() ? std::string() : found.back()->key();
    Json meta = {{"resourceVersion", std::to_string(rv)}};
    if (more)
        meta["continue"] = continueToken(lastKey, rv); // no remainingItemCount: it is optional, and would cost a full scan
    Json items = Json::array();
    for (const auto &o : found)
        items.push_back(objectJson(*o));
    return jsonReply({{"kind", listKind(*q.kind)}, {"apiVersion", q.kind->apiVersion}, {"metadata", meta}, {"items", items}});
}

ApiReply getReply(sandbox::Sandbox &sb, const Query &q, const std::string &name, const std::string &sub)
{
    const auto obj = sb.store().get(q.kind->kind, q.ns, name, false); // a read from outside: not kept decoded
    if (!obj)
        return notFoundReply(*q.kind, name);
    if (sub.empty() || sub == "status") {
        if (q.table) {
            Json t = tableEnvelope(q, obj->metadata.resourceVersion, true);
            t["rows"].push_back(tableRow(*obj, sb.sim().now(), q.include));
            return jsonReply(t);
        }
        return jsonReply(objectJson(*obj));
    }
    if (sub == "scale" && (q.kind->kind == api::kind::Deployment || q.kind->kind == api::kind::ReplicaSet))
        return jsonReply(scaleJson(*obj));
    return statusReply(404, "NotFound", "the server could not find the requested resource (" + std::string(q.kind->plural) +
                                            "/" + sub + " is not served)");
}

} // namespace

ApiReply jsonReply(const Json &json, int status)
{
    return {status, "application/json", json.dump(-1, ' ', false, Json::error_handler_t::replace), {}};
}

ApiReply notFoundReply(const api::KindInfo &k, const std::string &name)
{
    // "deployments.apps \"web\" not found": the resource qualified by its group, as Kubernetes says it
    const std::string group(api::groupOf(k.apiVersion));
    ApiReply r = statusReply(404, "NotFound", std::string(k.plural) + (group.empty() ? "" : "." + group) + " \"" + name +
                                                  "\" not found");
    Json j = Json::parse(r.body);
    j["details"] = {{"name", name}, {"group", std::string(api::groupOf(k.apiVersion))}, {"kind", k.plural}};
    r.body = j.dump();
    return r;
}

Json scaleJson(const api::Object &obj)
{
    const auto st = api::WorkloadStatus::decode(obj.status());
    const Json &sel = api::field(obj.spec(), "selector");
    std::string selector;
    for (const auto &[k, v] : api::field(sel, "matchLabels").items())
        if (v.is_string())
            selector += (selector.empty() ? "" : ",") + k + "=" + v.get<std::string>();
    const Json &replicas = api::field(obj.spec(), "replicas");
    return {{"kind", "Scale"},
            {"apiVersion", "autoscaling/v1"},
            {"metadata",
             {{"name", obj.metadata.name},
              {"namespace", obj.metadata.ns},
              {"uid", obj.metadata.uid},
              {"resourceVersion", std::to_string(obj.metadata.resourceVersion)},
              {"creationTimestamp", formatRfc3339(obj.metadata.creationTimestamp.value_or(0))}}},
            {"spec", {{"replicas", replicas.is_number_integer() ? replicas.get<std::int64_t>() : 1}}},
            {"status", {{"replicas", st.replicas}, {"selector", selector}}}};
}

ApiReply statusReply(int code, std::string_view reason, const std::string &message)
{
    const Json j = {{"kind", "Status"},
                    {"apiVersion", "v1"},
                    {"metadata", Json::object()},
                    {"status", "Failure"},
                    {"message", message},
                    {"reason", reason},
                    {"code", code}};
    return jsonReply(j, code);
}

bool parseTarget(std::string_view target, std::string &path, std::map<std::string, std::string> &query)
{
    return parseTarget(target, path, [&query](std::string key, std::string value) { query[std::move(key)] = std::move(value); });
}

bool parseTarget(std::string_view target, std::string &path,
                 const std::function<void(std::string key, std::string value)> &onParameter)
{
    const std::size_t q = target.find('?');
    if (!percentDecode(target.substr(0, q), path, false) || path.empty() || path[0] != '/')
        return false;
    if (q == std::string_view::npos)
        return true;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
        if (pair.empty())
            continue;
        const std::size_t eq = pair.find('=');
        std::string key, value;
        if (!percentDecode(pair.substr(0, eq), key, true))
            return false;
        if (eq != std::string_view::npos && !percentDecode(pair.substr(eq + 1), value, true))
            return false;
        onParameter(std::move(key), std::move(value));
    }
    return true;
}

bool Selection::matches(const api::Object &object) const
{
    if (!labels.empty() && !labels.matches(object.metadata.labels))
        return false;
    for (const auto &f : fields)
        if ((fieldValue(object, f.path) == f.value) != f.equals)
            return false;
    return true;
}

std::optional<ApiReply> handleRequest(sandbox::Sandbox &sb, const ApiRequest &req, Query &watch)
{
    const std::string &path = req.path;
    const bool read = req.method == "GET";
    auto notAllowed = [&] {
        return statusReply(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    };
    if (!read && req.method != "POST" && req.method != "PUT" && req.method != "PATCH" && req.method != "DELETE")
        return notAllowed();
    if (!read && (path.rfind("/api/", 0) != 0 && path.rfind("/apis/", 0) != 0))
        return notAllowed();
    if (path == "/version" || path == "/version/")
        return jsonReply(versionDocument());
    if (path == "/healthz" || path == "/livez" || path == "/readyz")
        return ApiReply{200, "text/plain; charset=utf-8", "ok", {}};
    // Aggregated discovery (apidiscovery.k8s.io/v2) for clients that ask for it (kubectl does: one request
    // instead of one per group version); the legacy documents for the others.
    if (path == "/api" || path == "/api/" || path == "/apis" || path == "/apis/") {
        const bool core = path.rfind("/api/", 0) == 0 || path == "/api";
        if (wantsAggregatedDiscovery(req.accept)) {
            ApiReply r = jsonReply(aggregatedDiscovery(core));
            r.contentType = kAggregatedDiscoveryType;
            return r;
        }
        if (core)
            return jsonReply({{"kind", "APIVersions"}, {"versions", Json::array({"v1"})}});
        return jsonReply(apiGroupList());
    }
    if (path == "/openapi/v3" || path.rfind("/openapi/v3/", 0) == 0) {
        if (const Json *doc = OpenApi::instance().document(path))
            return jsonReply(*doc);
        return statusReply(404, "NotFound", "the server could not find the requested resource (no OpenAPI document at " + path + ")");
    }

    const auto parts = splitPath(path);
    std::string groupVersion;
    std::size_t restAt = 0;
    if (parts.size() >= 2 && parts[0] == "api") {
        groupVersion = parts[1];
        restAt = 2;
    } else if (parts.size() >= 2 && parts[0] == "apis") {
        if (parts.size() == 2) {
            for (const auto &gv : groupVersions())
                if (api::groupOf(gv) == parts[1]) {
                    Json doc = groupDocument(gv);
                    doc["kind"] = "APIGroup";
                    doc["apiVersion"] = "v1";
                    return jsonReply(doc);
                }
            return statusReply(404, "NotFound", "the server could not find the requested resource");
        }
        groupVersion = parts[1] + "/" + parts[2];
        restAt = 3;
    } else {
        return statusReply(404, "NotFound", "the server could not find the requested resource");
    }
    const auto versions = groupVersions();
    if (std::find(versions.begin(), versions.end(), groupVersion) == versions.end())
        return statusReply(404, "NotFound", "the server could not find the requested resource (group version " +
                                                groupVersion + " is not served)");
    const std::vector<std::string> rest(parts.begin() + std::ptrdiff_t(restAt), parts.end());
    if (rest.empty())
        return read ? jsonReply(apiResourceList(groupVersion)) : notAllowed();

    auto kindOf = [&](const std::string &plural) -> const api::KindInfo * {
        for (const auto &k : api::allKinds())
            if (k.apiVersion == groupVersion && k.plural == plural)
                return &k;
        return nullptr;
    };
    Query q;
    std::string name, sub;
    const api::KindInfo *nested = rest.size() >= 3 && rest[0] == "namespaces" ? kindOf(rest[2]) : nullptr;
    if (nested && nested->namespaced) {
        q.kind = nested;
        q.ns = rest[1];
        if (rest.size() > 3) name = rest[3];
        if (rest.size() > 4) sub = rest[4];
        if (rest.size() > 5)
            return statusReply(404, "NotFound", "the server could not find the requested resource");
    } else {
        q.kind = kindOf(rest[0]);
        if (rest.size() > 1) name = rest[1];
        if (rest.size() > 2) sub = rest[2];
        if (rest.size() > 3)
            return statusReply(404, "NotFound", "the server could not find the requested resource");
    }
    if (!q.kind)
        return statusReply(404, "NotFound", "the server could not find the requested resource (" + rest[0] +
                                                " is not a resource of " + groupVersion + ")");
    if (!q.kind->namespaced && !q.ns.empty())
        return statusReply(404, "NotFound", std::string(q.kind->plural) + " are not namespaced");

    q.table = req.accept.find("as=Table") != std::string::npos;
    if (auto it = req.query.find("includeObject"); it != req.query.end())
        q.include = it->second == "None" ? IncludeObject::None
                    : it->second == "Object" ? IncludeObject::Object
                                             : IncludeObject::Metadata;
    auto selection = parseSelection(*q.kind, req.query);
    if (!selection.ok())
        return statusReply(400, "BadRequest", selection.error().message);
    q.selection = std::move(selection.value());

    if (!read)
        return handleWrite(sb, req, q, name, sub);
    if (!name.empty() && sub == "log" && q.kind->kind == api::kind::Pod) {
        std::optional<LogFollow> follow;
        auto reply = podLogReply(sb, q.ns, name, req.query, follow);
        if (reply)
            return reply;
        q.follow = std::move(follow);
        watch = std::move(q);
        return std::nullopt;
    }
    if (!name.empty())
        return getReply(sb, q, name, sub);

    auto flag = [&](const char *key) {
        const auto it = req.query.find(key);
        return it != req.query.end() && (it->second == "true" || it->second == "1");
    };
    if (flag("watch")) {
        q.watch = true;
        q.bookmarks = flag("allowWatchBookmarks");
        if (auto it = req.query.find("resourceVersion"); it != req.query.end())
            q.resourceVersion = it->second;
        if (auto it = req.query.find("timeoutSeconds"); it != req.query.end() && !it->second.empty()) {
            try {
                q.timeoutSeconds = std::max<std::int64_t>(0, std::stoll(it->second));
            } catch (...) {
                return statusReply(400, "BadRequest", "timeoutSeconds must be a number");
            }
        }
        watch = std::move(q);
        return std::nullopt;
    }
    if (q.table) {
        q.tableList = true;
        watch = std::move(q);
        return std::nullopt;
    }
    return listReply(sb, q, req.query);
}

bool TableListStream::next(sandbox::Sandbox &sb, std::string &out, std::size_t rows, TableRowCache *cache)
{
    auto &store = sb.store();
    if (!m_started) {
        m_started = true;
        Json t = tableEnvelope(m_query, store.resourceVersion(), true);
        t.erase("rows");
        std::string head = t.dump(-1, ' ', false, Json::error_handler_t::replace);
        head.pop_back(); // the closing brace: rows follow
        out += head;
        out += ",\"rows\":[";
        return true;
    }
    bool more = false;
    const TimeMs now = sb.sim().now();
    const std::string_view kind = m_query.kind->kind;
    if (cache && !selective(m_query) && TableRowCache::keeps(kind, m_query.include)) {
        // kept rows: only objects changed since the last list are decoded
        const auto keys = store.keysPage(kind, m_query.ns, m_after, std::max<std::size_t>(rows, 1), &more);
        for (const auto &kv : keys) {
            const std::string &key = *kv.key;
            const std::size_t mark = out.size();
            if (m_anyRow)
                out += ',';
            const bool appended = cache->append(out, kind, key, kv.version, now, [&] {
                const std::size_t slash = key.find('/'); // "ns/name", or "name" when cluster-scoped
                if (slash == std::string::npos)
                    return store.get(kind, {}, key, false);
                return store.get(kind, key.substr(0, slash), key.substr(slash + 1), false);
            });
            if (appended)
                m_anyRow = true;
            else
                out.resize(mark);
        }
        if (!keys.empty())
            m_after = *keys.back().key;
        if (more)
            return true;
        out += "]}";
        return false;
    }
    const auto found = store.listPage(
        kind, m_query.ns, [this](const api::Object &o) { return m_query.selection.matches(o); }, m_after,
        std::max<std::size_t>(rows, 1), &more);
    for (const auto &o : found) {
        if (m_anyRow)
            out += ',';
        m_anyRow = true;
        out += tableRow(*o, now, m_query.include).dump(-1, ' ', false, Json::error_handler_t::replace);
    }
    if (!found.empty())
        m_after = found.back()->key();
    if (more)
        return true;
    out += "]}";
    return false;
}

bool selective(const Query &q) { return !q.selection.labels.empty() || !q.selection.fields.empty(); }

namespace {
/// The event as this watch's client sees it (its selection may turn it into ADDED or DELETED), or nothing.
std::optional<store::WatchEvent> clientEvent(const Query &q, const store::WatchEvent &ev, WatchState &state)
{
    if (!ev.object)
        return std::nullopt;
    store::WatchEvent event = ev;
    if (selective(q)) {
        // what changes for the client: an object that starts matching is new to it, one that stops is gone
        const std::string key = ev.object->key();
        const bool matches = q.selection.matches(*ev.object);
        const bool known = state.matching.count(key) != 0;
        if (ev.type == store::WatchEvent::Type::Deleted) {
            if (!known && !matches)
                return std::nullopt;
            state.matching.erase(key);
        } else if (matches) {
            if (!known)
                event.type = store::WatchEvent::Type::Added;
            else if (ev.type == store::WatchEvent::Type::Added)
                event.type = store::WatchEvent::Type::Modified;
            state.matching.insert(key);
        } else {
            if (!known)
                return std::nullopt;
            state.matching.erase(key);
            event.type = store::WatchEvent::Type::Deleted;
        }
    }
    return event;
}

std::string serializeEvent(const Query &q, const store::WatchEvent &event, TimeMs now)
{
    const api::Object &o = *event.object;
    Json object;
    if (q.table) {
        object = tableEnvelope(q, event.resourceVersion, true);
        Json row = tableRow(o, now, q.include);
        if (event.type == store::WatchEvent::Type::Deleted && row.contains("object"))
            row["object"]["metadata"]["resourceVersion"] = std::to_string(event.resourceVersion);
        object["rows"].push_back(std::move(row));
    } else {
        object = objectJson(o, event.type == store::WatchEvent::Type::Deleted ? event.resourceVersion : 0);
    }
    Json line = {{"type", store::typeName(event.type)}, {"object", std::move(object)}};
    return line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}
} // namespace

std::string watchEventLine(const Query &q, const store::WatchEvent &ev, TimeMs now, WatchState &state)
{
    const auto event = clientEvent(q, ev, state);
    return event ? serializeEvent(q, *event, now) : std::string();
}

WatchLineCache::Line WatchLineCache::line(const Query &q, const store::WatchEvent &ev, TimeMs now, WatchState &state)
{
    const auto event = clientEvent(q, ev, state);
    if (!event)
        return nullptr;
    // what the line depends on: the event, its type for this client, and the shape asked for (a Table's
    // Age moves with the clock)
    std::string key = std::to_string(event->resourceVersion) + '|' + std::string(store::typeName(event->type)) + '|' +
                      event->object->kind + '|' + event->object->key();
    if (q.table)
        key += "|T" + std::to_string(int(q.include)) + '|' + std::to_string(now);
    if (auto it = m_lines.find(key); it != m_lines.end())
        return it->second;
    if (m_lines.size() >= 16384)
        m_lines.clear(); // the watches have all taken what they share by now: events arrive in order
    auto made = std::make_shared<const std::string>(serializeEvent(q, *event, now));
    m_lines.emplace(std::move(key), made);
    return made;
}

std::string bookmarkLine(const Query &q, std::int64_t resourceVersion)
{
    Json object;
    if (q.table)
        object = tableEnvelope(q, resourceVersion, false);
    else
        object = {{"kind", q.kind->kind}, {"apiVersion", q.kind->apiVersion},
                  {"metadata", {{"resourceVersion", std::to_string(resourceVersion)}}}};
    return Json{{"type", "BOOKMARK"}, {"object", object}}.dump() + "\n";
}

} // namespace flotilla::engine::serve
