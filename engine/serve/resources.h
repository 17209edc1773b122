#pragma once

#include "tables.h"

#include "../api/kinds.h"
#include "../api/selector.h"
#include "../store/store.h"

#include <map>
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
};

/// Answers GET requests that are not watches: /version, health, discovery, get, list. For a watch it
/// returns nothing and fills `watch`: the caller streams the events (the network side lives elsewhere).
std::optional<ApiReply> handleRequest(sandbox::Sandbox &sandbox, const ApiRequest &request, Query &watch);

/// Answers writes: POST (create), PUT (update), PATCH (merge, JSON, strategic merge, server-side apply),
/// DELETE (one object or a collection), and the scale subresource's PUT and PATCH. `query` names the kind,
/// the namespace and the selection (for a collection); `name` and `sub` come from the path.
/// Every write goes through Sandbox::create / replace / remove (apply's checks); status sent with an
/// object is ignored. Limits: server-side apply merges the applied object onto the live one (lists
/// replaced, no managedFields, never a field-manager conflict, `force` accepted and not needed);
/// Foreground propagation is done as Background; fieldValidation sees unknown fields at the top level
/// and in metadata only, and duplicate fields in JSON bodies (YAML bodies with duplicates are refused);
/// protobuf bodies answer 415; status subresources are read-only.
ApiReply handleWrite(sandbox::Sandbox &sandbox, const ApiRequest &request, const Query &query, const std::string &name,
                     const std::string &sub);

/// One line of a watch stream ({"type":…,"object":…}\n) for a store event, or empty when the event does
/// not pass the query's selectors.
std::string watchEventLine(const Query &query, const store::WatchEvent &event, TimeMs now);
/// A BOOKMARK line carrying only the resourceVersion.
std::string bookmarkLine(const Query &query, std::int64_t resourceVersion);

} // namespace flotilla::engine::serve
