#pragma once

#include "../common/result.h"
#include "../common/timefmt.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::api {

using Json = nlohmann::json;
using Labels = std::map<std::string, std::string>;

struct OwnerReference {
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string uid;
    bool controller = false;
    bool blockOwnerDeletion = false;
};

/// metadata of every object, typed; fields Flotilla does not model are kept in `extra` so they round-trip.
struct ObjectMeta {
    std::string name;
    std::string generateName;
    std::string ns; ///< metadata.namespace
    std::string uid;
    std::int64_t resourceVersion = 0; ///< 0 = not set
    std::int64_t generation = 0;
    std::optional<TimeMs> creationTimestamp;
    std::optional<TimeMs> deletionTimestamp;
    std::optional<std::int64_t> deletionGracePeriodSeconds;
    Labels labels;
    Labels annotations;
    std::vector<OwnerReference> ownerReferences;
    std::vector<std::string> finalizers;
    Json extra = Json::object();
};

/// An object in the Kubernetes wire shape: apiVersion, kind, metadata, and the rest of its
/// top-level fields (spec, status, data, type, involvedObject, ...) kept as they came.
/// Stored and shared as an immutable snapshot (ObjectPtr); an update makes a new object.
struct Object {
    std::string apiVersion;
    std::string kind;
    ObjectMeta metadata;
    Json body = Json::object();

    /// "namespace/name" or "name" for cluster-scoped objects: the store's key within a kind.
    std::string key() const;
    const Json &spec() const;
    const Json &status() const;
};

using ObjectPtr = std::shared_ptr<const Object>;
using MutableObjectPtr = std::shared_ptr<Object>;

std::string objectKey(const std::string &ns, const std::string &name);

/// Decodes an object from JSON; errors name the field path.
Result<MutableObjectPtr> objectFromJson(const Json &json);
Json objectToJson(const Object &object);
Json metaToJson(const ObjectMeta &meta);
/// The object as a person edits it (kubectl edit): without status and the fields the system sets,
/// but with resourceVersion, so that applying an edit of a stale copy is refused as a conflict.
Json objectToEditableJson(const Object &object);

/// A field read with a default, never throwing: json.value() that tolerates a non-object.
const Json &field(const Json &json, const char *name);
std::string stringField(const Json &json, const char *name, std::string fallback = {});

} // namespace flotilla::engine::api
