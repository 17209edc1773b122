#pragma once

#include "object.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::api {

/// Limits that keep hostile input from exhausting memory or the stack.
struct ParseLimits {
    std::size_t maxBytes = 3 * 1024 * 1024; ///< Kubernetes' request size limit
    int maxDepth = 200;
    std::size_t maxNodes = 1'000'000; ///< after expanding aliases: stops alias bombs
    std::size_t maxExpandedBytes = 32 * 1024 * 1024; ///< scalar bytes after expanding aliases
};

/// 1-based line and column of a node in the source text.
struct SourcePos {
    int line = 0;
    int column = 0;
};

/// One YAML document as JSON, with where each field path starts in the source.
struct Document {
    Json json;
    int index = 0; ///< 1-based
    SourcePos start;
    std::unordered_map<std::string, SourcePos> positions; ///< "spec.containers[0].image" -> position

    /// Position of `path`, or of its nearest parent that has one.
    SourcePos locate(std::string_view path) const;
    /// Fills line/column/document of an error from its path.
    Error locate(Error error) const;
};

/// Parses YAML (or JSON, which is YAML) with one or more documents. Empty documents are skipped.
/// Rejects duplicate keys, non-string keys, excessive nesting or aliasing and oversize input,
/// naming line:column.
Result<std::vector<Document>> parseDocuments(std::string_view text, const ParseLimits &limits = {});

/// Parses manifests into objects: each document, with `kind: List` expanded into its items.
struct ParsedObject {
    MutableObjectPtr object;
    const Document *document = nullptr;
    std::string pathPrefix; ///< "items[2]." inside a List, else empty
};

/// Serialises as block-style YAML; strings that would read back as another type are quoted.
std::string toYaml(const Json &json);
/// Several documents separated by "---".
std::string toYaml(const std::vector<Json> &documents);

} // namespace flotilla::engine::api
