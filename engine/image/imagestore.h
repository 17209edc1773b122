#pragma once

// Images kept as an OCI image layout on disk (oci-layout, index.json, blobs/sha256/…) plus the build
// cache. Blobs are written to a temporary file and renamed into place, so a failed or cancelled build
// never leaves a half-written layer. Thread-safe: builds write from a worker thread while the engine
// thread lists images.

#include "../api/object.h"
#include "../common/result.h"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::image {

inline constexpr const char *kMediaTypeManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char *kMediaTypeConfig = "application/vnd.oci.image.config.v1+json";
inline constexpr const char *kMediaTypeLayer = "application/vnd.oci.image.layer.v1.tar";
inline constexpr const char *kMediaTypeIndex = "application/vnd.oci.image.index.v1+json";

struct Descriptor {
    std::string mediaType;
    std::string digest; ///< "sha256:…"
    std::int64_t size = 0;
    std::map<std::string, std::string> annotations;
    api::Json toJson() const;
};

/// A layer of a stored image, with what Flotilla knows about it.
struct LayerInfo {
    Descriptor blob;
    std::string createdBy;       ///< "COPY package*.json ./ # buildkit"
    bool simulated = false;      ///< a RUN the sandbox did not execute
    std::int64_t simulatedSize = 0; ///< the size the step would have had
    std::int64_t displaySize() const { return simulated ? simulatedSize : blob.size; }
};

struct StoredImage {
    std::string id;              ///< config digest, "sha256:…"
    std::string manifestDigest;
    std::vector<std::string> tags; ///< familiar references, "my-microservice:latest"
    api::Json config;            ///< the whole OCI image config (architecture, os, config, rootfs, history)
    std::vector<LayerInfo> layers;
    std::string baseReference;   ///< the catalog image it was built on, if any ("node:14-alpine")
    std::int64_t baseSize = 0;   ///< the catalog base's size (its layers are not stored)
    std::int64_t created = 0;    ///< unix milliseconds
    std::int64_t size() const;   ///< base + layers (simulated sizes for RUN layers)
};

/// The labels of an image's config (`config.Labels`), strings only.
api::Labels configLabels(const StoredImage &image);

/// A build cache record: the result of one step, keyed by its cache key.
struct CacheRecord {
    std::optional<LayerInfo> layer; ///< steps like WORKDIR may have none
    std::int64_t created = 0;
};

class ImageStore final {
public:
    static Result<std::shared_ptr<ImageStore>> open(const std::string &dir);
    const std::string &dir() const { return m_dir; }

    // blobs
    std::string blobPath(const std::string &digest) const;
    bool hasBlob(const std::string &digest) const;
    Result<Descriptor> writeBlob(const std::string &bytes, const std::string &mediaType);
    /// Moves a finished temporary file (in tempDir()) into place under its digest.
    Result<Descriptor> adoptBlob(const std::string &tempPath, const std::string &digest, std::int64_t size,
                                 const std::string &mediaType);
    Result<std::string> readBlob(const std::string &digest) const;
    std::string tempDir() const;

    // images
    /// Writes the config and manifest and tags the image; replaces those tags on older images.
    /// `created` (unix ms) goes into the manifest, so the same build gives the same manifest digest.
    Result<StoredImage> commit(api::Json config, std::vector<LayerInfo> layers, const std::vector<std::string> &tags,
                               const std::string &baseReference, std::int64_t baseSize, std::int64_t created);
    std::vector<StoredImage> images() const;
    /// By familiar reference ("app", "app:1.0"), full id or an id prefix of at least 4 hex digits.
    std::optional<StoredImage> find(const std::string &reference) const;
    Status tag(const std::string &source, const std::string &target);
    /// Removes a tag; the image goes with its last tag (or at once by id / with force). Returns removed ids.
    Result<std::vector<std::string>> remove(const std::string &reference, bool force = false);
    struct PruneReport { int images = 0; int blobs = 0; int cacheRecords = 0; std::int64_t bytes = 0; };
    /// Removes untagged images, cache records (unless keepCache) and every blob nothing refers to.
    PruneReport prune(bool keepCache = false);

    /// Blobs a running build has written or taken from the cache that no image may refer to yet: prune
    /// keeps them until they are unpinned. Pins count, so two builds may pin the same blob.
    void pin(const std::string &digest);
    void unpin(const std::string &digest);

    // build cache
    std::optional<CacheRecord> cacheLookup(const std::string &key) const;
    /// A lookup that pins the record's layer in the same step, so a prune cannot take it in between.
    std::optional<CacheRecord> cacheAcquire(const std::string &key);
    void cacheStore(const std::string &key, const CacheRecord &record);
    Status saveCache();
    std::size_t cacheSize() const;

private:
    ImageStore() = default;
    Status load();
    Status writeIndex();
    Status writeFileAtomic(const std::string &path, const std::string &bytes, const std::string &tempDir = {}) const;
    std::optional<StoredImage> loadImage(const std::string &manifestDigest) const;

    std::string m_dir;
    mutable std::mutex m_mutex;
    std::map<std::string, StoredImage> m_images;      ///< by manifest digest
    std::map<std::string, std::string> m_tags;        ///< familiar reference → manifest digest
    std::map<std::string, CacheRecord> m_cache;
    std::map<std::string, int> m_pins;                ///< digest → pins of running builds
    bool m_cacheDirty = false;
};

} // namespace flotilla::engine::image
