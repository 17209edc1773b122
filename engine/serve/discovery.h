#pragma once

#include "../api/object.h"

#include <string>

namespace flotilla::engine::serve {

/// Whether an Accept header asks for aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList).
bool wantsAggregatedDiscovery(const std::string &accept);

/// The media type of an aggregated discovery answer.
inline constexpr const char *kAggregatedDiscoveryType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

/// The APIGroupDiscoveryList of /api (`core`: the core group only) or /apis (every named group): each
/// group's versions with their resources, subresources, verbs, short names and categories.
api::Json aggregatedDiscovery(bool core);

} // namespace flotilla::engine::serve
