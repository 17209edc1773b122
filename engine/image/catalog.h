#pragma once

#include "../api/object.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::image {

/// A common base image that Flotilla knows without a network: its real configuration and size, metadata
/// only (no layers). Shown as a catalog image wherever it appears.
struct CatalogImage {
    std::string repository;
    std::string tag;
    std::int64_t sizeBytes = 0;
    std::vector<std::string> env;
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir;
    std::vector<std::string> exposedPorts; ///< "80/tcp"
    std::string user;
    std::string description;
    std::string reference() const { return repository + ":" + tag; }
};

/// The images a new sandbox lists: one common tag per catalog repository.
const std::vector<CatalogImage> &catalogImages();
/// The repositories of the catalog ("node", "python", …).
std::vector<std::string> catalogRepositories();

/// Resolves any common tag of a catalog repository: "node:14-alpine", "docker.io/library/node:20",
/// "python:3.12-slim", "nginx:1.25", "redis:7.2", "node" (latest), "eclipse-temurin:21-jre".
/// nullopt for repositories the catalog does not have or tags it cannot place.
std::optional<CatalogImage> findCatalogImage(const std::string &reference);

/// The image configuration ("config" of an OCI image config: Env, Cmd, Entrypoint, …).
api::Json catalogImageConfig(const CatalogImage &image);
/// The Image record for a catalog image; its digest is the sha256 of its configuration.
api::MutableObjectPtr makeCatalogImageObject(const CatalogImage &image);

/// "sha256:<hex>" of some bytes.
std::string sha256Digest(const std::string &bytes);

} // namespace flotilla::engine::image
