#pragma once

#include "codec.h"
#include "object.h"

#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::api {

/// DNS-1123 label: at most 63 characters of [a-z0-9-], starting and ending alphanumeric.
bool isDns1123Label(std::string_view s);
/// DNS-1123 subdomain: at most 253 characters, dot-separated labels.
bool isDns1123Subdomain(std::string_view s);

/// Checks an object against the rules of its kind. Every problem is reported, each naming its
/// field path with a message in the words Kubernetes uses ("Required value", "Invalid value: ...").
std::vector<Error> validate(const Object &object);

/// Decodes the documents of a manifest into objects, expanding `kind: List`. Errors carry
/// line:column from the documents.
Result<std::vector<ParsedObject>> decodeObjects(const std::vector<Document> &documents);

} // namespace flotilla::engine::api
