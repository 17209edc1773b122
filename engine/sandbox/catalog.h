#pragma once

#include "../api/object.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace flotilla::engine::sandbox {

/// A common base image that the sandbox knows without a network: its real configuration and size,
/// metadata only (no layers). Shown as a catalog image wherever it appears.
struct CatalogImage {
    std::string repository;
    std::string tag;
    std::int64_t sizeBytes = 0;
    std::vector<std::string> env;
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir;
    std::vector<std::string> exposedPorts; ///< "80/tcp"
    std::string description;
};

const std::vector<CatalogImage> &catalogImages();
/// Finds "node:14-alpine", "docker.io/library/node:14-alpine" or "nginx" (latest).
const CatalogImage *findCatalogImage(const std::string &reference);

/// The Image record for a catalog image; its digest is the sha256 of its configuration.
api::MutableObjectPtr makeCatalogImageObject(const CatalogImage &image);

/// "sha256:<hex>" of some bytes.
std::string sha256Digest(const std::string &bytes);

} // namespace flotilla::engine::sandbox
