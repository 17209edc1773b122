#pragma once

#include "../api/object.h"

#include <string_view>

namespace flotilla::engine::serve {

using api::Json;

/// What a Table row carries besides its cells (the includeObject query parameter).
enum class IncludeObject { None, Metadata, Object };

/// meta.k8s.io/v1 Table pieces with the columns kubectl prints for each kind (as the real API server's
/// printers make them; columns with priority 1 show only with -o wide). Kinds without a printer get
/// NAME and AGE. Ages are measured on the simulation clock (`now`).
Json tableColumnDefinitions(std::string_view kind);
Json tableRow(const api::Object &object, TimeMs now, IncludeObject include);
/// A PartialObjectMetadata of the object (what rows[].object holds by default), without annotations.
Json partialObjectMetadata(const api::Object &object);

} // namespace flotilla::engine::serve
