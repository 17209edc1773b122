#pragma once

#include "../api/object.h"
#include "../common/result.h"

namespace flotilla::engine::serve {

/// A strategic merge patch (`application/strategic-merge-patch+json`), the part of it that kubectl's
/// `set image`, `apply` (client-side), `edit` and `rollout restart` send:
/// - maps merge as in a JSON merge patch (RFC 7386: null removes a key);
/// - lists with a merge key are merged element by element: containers, initContainers,
///   ephemeralContainers, env, volumes, imagePullSecrets, hostAliases (ip), volumeMounts (mountPath),
///   ports (containerPort, or port for a Service), conditions (type), ownerReferences (uid),
///   topologySpreadConstraints (topologyKey); an element `{"name": x, "$patch": "delete"}` removes x,
///   `{"$patch": "replace"}` in a list replaces the whole list;
/// - every other list is replaced;
/// - `$patch: delete` / `$patch: replace` on a map; `$retainKeys` (only those keys stay);
///   `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is accepted and ignored (merged
///   lists keep the live order, new elements at the end).
/// Not supported: merge keys of other types (CRDs), `$patch: merge`, list orders from `$setElementOrder`.
/// Errors are Invalid with what was wrong in the patch.
Result<api::Json> strategicMerge(const api::Json &original, const api::Json &patch);

} // namespace flotilla::engine::serve
