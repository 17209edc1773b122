#pragma once

#include "../common/result.h"

#include <string>
#include <string_view>

namespace flotilla::engine::image {

/// A parsed image reference: [registry/]repository[:tag][@digest], normalised as Docker does
/// ("node" → docker.io/library/node:latest).
struct ImageReference {
    std::string registry;   ///< "docker.io", "localhost:5000"
    std::string repository; ///< "library/node", "team/app"
    std::string tag;        ///< "latest" when neither tag nor digest was given
    std::string digest;     ///< "sha256:…" or ""

    /// The short form users type: "node:14-alpine", "localhost:5000/app:1.0".
    std::string familiar() const;
    /// Everything: "docker.io/library/node:14-alpine".
    std::string full() const;
    /// Repository as users write it: "node", "team/app", "localhost:5000/app".
    std::string familiarRepository() const;
};

/// Parses and validates a reference with Docker's rules and messages
/// ("invalid reference format: repository name (library/UPPER) must be lowercase").
Result<ImageReference> parseImageReference(std::string_view text);

} // namespace flotilla::engine::image
