#pragma once

#include "tables.h"

#include "../api/kinds.h"
#include "../api/selector.h"
#include "../store/store.h"

#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::sandbox {
class Sandbox;
}

namespace flotilla::engine::serve {

/// One HTTP request as the Kubernetes handlers see it (already authenticated).
struct ApiRequest {
    std::string method;
    std::string path;                          ///< decoded, without the query
    std::map<std::string, std::string> query;  ///< decoded
    std::string accept;
    std::string contentType;
    std::string body;
};

/// A complete answer (everything but a watch).
struct ApiReply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::string> warnings; ///< each sent as `Warning: 299 - "<text>"`
};

/// A Kubernetes Status (kind Status, status Failure) as the body of an error answer.
ApiReply statusReply(int code, std::string_view reason, const std::string &message);

ApiReply jsonReply(const api::Json &json, int status = 200);
/// 404 NotFound for an object of a kind, with details as Kubernetes gives them.
ApiReply notFoundReply(const api::KindInfo &kind, const std::string &name);
/// The autoscaling/v1 Scale of a Deployment or ReplicaSet.
api::Json scaleJson(const api::Object &workload);

/// Splits a request target into the decoded path and query parameters; false when malformed.
bool parseTarget(std::string_view target, std::string &path, std::map<std::string, std::string> &query);
/// The same, each parameter in order (a repeated key, like Docker's `t=a&t=b`, comes once per value).
bool parseTarget(std::string_view target, std::string &path,
                 const std::function<void(std::string key, std::string value)> &onParameter);

/// labelSelector and fieldSelector of a list or watch.
struct Selection {
    api::LabelSelector labels;
    struct Field {
        std::string path;
        std::string value;
        bool equals = true;
    };
    std::vector<Field> fields;
    bool matches(const api::Object &object) const;
};

/// A `GET …/pods/{name}/log?follow=true` that the network side streams: the lines written so far, then
/// the container's new lines as simulated time passes, until the client goes or the pod is deleted.
struct LogFollow {
    std::string ns;
    std::string pod;
    std::string uid;
    std::string container; ///< resolved (never empty)
    bool timestamps = false;
    std::string initial;   ///< the lines so far, formatted
};

/// A list or watch request, resolved: which kind and namespace, which objects, in which shape.
struct Query {
    const api::KindInfo *kind = nullptr;
    std::string ns;
    Selection selection;
    bool table = false;
    IncludeObject include = IncludeObject::Metadata;
    bool watch = false;
    std::string resourceVersion;     ///< as given
    bool bookmarks = false;
    std::int64_t timeoutSeconds = 0; ///< 0: the server's default
    std::optional<LogFollow> follow; ///< set instead of a watch: a followed container log
    bool tableList = false;          ///< set instead of a watch: a Table list the network side streams
};

/// A list as a Table (what `kubectl get` asks for), written in slices so that a list of 150,000 pods is
/// never held in memory at once and the simulation runs between slices. Table lists come whole: `limit`
/// is not applied to them, as the API conventions allow ("servers may choose not to support the limit
/// argument and will return all of the available results"), because kubectl sends at most 5 requests a
/// second of its own accord, and 300 pages of 500 pods would take a minute whatever the server does. Each
/// slice reads the current state (as pages do); lists of objects keep their pages.
class TableListStream {
public:
    explicit TableListStream(Query query) : m_query(std::move(query)) {}
    /// Appends the next part to `out`: the envelope first, then up to `rows` rows per call, then the end.
    /// Returns false once the end has been written.
    /// Rows come from `cache` where it keeps them (no selector, kubectl's row objects).
    bool next(sandbox::Sandbox &sandbox, std::string &out, std::size_t rows, TableRowCache *cache = nullptr);

private:
    Query m_query;
    std::string m_after; ///< the key of the last row written
    bool m_started = false;
    bool m_anyRow = false;
};

/// What a watch with a label or field selector has told its client: the keys of the objects that matched
/// when last sent. An object that stops matching goes out as DELETED, one that starts matching as ADDED.
struct WatchState {
    std::set<std::string> matching;
};

/// Answers GET requests that are not watches: /version, health, discovery (aggregated when asked for),
/// /openapi/v3, get, list, pods/log. For a watch or a followed log it returns nothing and fills `watch`:
/// the caller streams the events or the lines (the network side lives elsewhere).
std::optional<ApiReply> handleRequest(sandbox::Sandbox &sandbox, const ApiRequest &request, Query &watch);

/// Answers writes: POST (create), PUT (update), PATCH (merge, JSON, strategic merge, server-side apply),
/// DELETE (one object or a collection), and the scale subresource's PUT and PATCH. `query` names the kind,
/// the namespace and the selection (for a collection); `name` and `sub` come from the path.
/// Every write goes through Sandbox::create / replace / remove (apply's checks); status sent with an
/// object is ignored. Limits: server-side apply merges the applied object onto the live one (lists
/// replaced, no managedFields, never a field-manager conflict, `force` accepted and not needed);
/// Foreground propagation is done as Background; fieldValidation finds unknown fields with the OpenAPI
/// schemas (OpenApi: open parts such as status or affinity take anything) and duplicate fields in JSON
/// bodies (YAML bodies with duplicates are refused). pods/status and
/// deployments/status take PUT and PATCH (only the status changes); pods/binding takes POST. Nulls are
/// unset fields, and a Secret's stringData is stored in data.
ApiReply handleWrite(sandbox::Sandbox &sandbox, const ApiRequest &request, const Query &query, const std::string &name,
                     const std::string &sub);

/// One line of a watch stream ({"type":…,"object":…}\n) for a store event, or empty when the event does
/// not pass the query's selectors. With selectors, the type says what changed for the client: ADDED
/// when an object starts matching, DELETED when it stops.
std::string watchEventLine(const Query &query, const store::WatchEvent &event, TimeMs now, WatchState &state);

/// Watch lines already written, shared by every watch that sends the same line (the same event, type and
/// shape): a change seen by a hundred watchers is serialised once and its bytes are held once.
class WatchLineCache {
public:
    using Line = std::shared_ptr<const std::string>;
    /// The line of `event` for `query` (as watchEventLine), from the cache when another watch made it.
    Line line(const Query &query, const store::WatchEvent &event, TimeMs now, WatchState &state);

private:
    std::unordered_map<std::string, Line> m_lines;
};
/// Whether a query selects by label or field (its watch then tracks what matched).
bool selective(const Query &query);
/// A BOOKMARK line carrying only the resourceVersion.
std::string bookmarkLine(const Query &query, std::int64_t resourceVersion);

} // namespace flotilla::engine::serve
