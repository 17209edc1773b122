#pragma once

// A client of the OCI distribution API (Docker Registry HTTP API v2) over libcurl: catalogue, tags,
// manifests and blobs; pushes with an existence check, cross-repository mounts and chunked uploads; pulls of
// OCI and Docker schema 2 images (indexes and manifest lists resolved to linux/amd64). Anonymous, basic and
// bearer-token authentication (the token flow of Docker-compatible registries). Blocking: run it on a
// worker thread, never the engine's or the window's.

#include "../common/result.h"
#include "imagestore.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flotilla::engine::image {

struct RegistryAuth {
    std::string username;
    std::string password;
    std::string identityToken; ///< a refresh token (Docker's `identitytoken`), used as the password of the token flow
    bool empty() const { return username.empty() && password.empty() && identityToken.empty(); }
};

/// Where certificates for registries are looked up, as Docker does it: `<dir>/<host[:port]>/` holds CA
/// certificates (`*.crt`) and client certificate pairs (`name.cert` + `name.key`). The defaults are
/// `/etc/docker/certs.d` and `$XDG_CONFIG_HOME/flotilla/certs.d` (`~/.config/flotilla/certs.d`).
std::vector<std::string> defaultCertsDirs();

struct RegistryOptions {
    RegistryAuth auth;
    /// "" (the default): HTTPS, except that a loopback registry (Docker treats 127.0.0.0/8 as an insecure
    /// registry) is tried over HTTPS without checking its certificate (unless a CA is given for it) and over
    /// plain HTTP when it does not speak TLS; or "http" / "https" for exactly that.
    std::string scheme;
    bool insecureSkipVerify = false; ///< HTTPS without checking the certificate
    std::string caFile;              ///< extra CA certificates (PEM) for HTTPS, added to the certs.d ones
    std::vector<std::string> certsDirs = defaultCertsDirs();
    long timeoutSeconds = 300;       ///< per request
    std::int64_t chunkSize = std::int64_t(8) << 20; ///< PATCH size of blob uploads
};

/// Progress of a push or pull, per layer (id = the first 12 hex of its digest) or for the whole image.
struct RegistryProgress {
    std::string id;
    std::string status; ///< "Preparing", "Pushing", "Pushed", "Layer already exists", "Mounted from …", "Downloading", …
    std::int64_t current = 0;
    std::int64_t total = 0;
};
using RegistryProgressSink = std::function<void(const RegistryProgress &)>;

/// The registry host a reference's registry part names ("docker.io" → "registry-1.docker.io").
std::string registryHost(const std::string &registry);

class RegistryClient final {
public:
    /// `registry`: "127.0.0.1:5000", "registry.example.com", "docker.io".
    RegistryClient(std::string registry, RegistryOptions options = {});
    ~RegistryClient();
    RegistryClient(const RegistryClient &) = delete;
    RegistryClient &operator=(const RegistryClient &) = delete;

    /// GET /v2/: reachable, speaking the API, and the credentials (if any) accepted.
    Status ping();
    /// Every repository (`/v2/_catalog`, following its pages).
    Result<std::vector<std::string>> catalog();
    Result<std::vector<std::string>> tags(const std::string &repository);

    struct Manifest {
        std::string mediaType;
        std::string digest; ///< of the bytes received
        std::string body;
    };
    /// By tag or digest, accepting OCI and Docker manifests, indexes and lists.
    Result<Manifest> manifest(const std::string &repository, const std::string &reference);
    Result<bool> hasBlob(const std::string &repository, const std::string &digest);
    /// Uploads a blob unless the repository has it: a mount from `mountFrom` (another repository of the
    /// registry) when given, else POST, PATCH chunks and the closing PUT. Progress under `id`.
    Status pushBlob(const std::string &repository, const Descriptor &blob, const std::string &path,
                    const std::string &mountFrom = {}, const RegistryProgressSink &progress = {});
    /// PUT of a manifest under a tag or digest; the registry's digest of it.
    Result<std::string> pushManifest(const std::string &repository, const std::string &reference,
                                     const std::string &mediaType, const std::string &body);
    /// Downloads a blob into `path`, checking its digest.
    Status fetchBlob(const std::string &repository, const std::string &digest, std::int64_t size, const std::string &path,
                     const RegistryProgressSink &progress = {});
    /// Deletes a manifest by digest: every tag that points to it goes with it (the layers stay until the
    /// registry's garbage collection).
    Status deleteManifest(const std::string &repository, const std::string &digest);

    const std::string &registry() const { return m_registry; }
    /// "https://127.0.0.1:5000" or "http://…": where requests go (for a loopback registry, known after the
    /// first request).
    std::string endpoint() const;
    /// False when HTTPS goes without checking the certificate (asked for, or a loopback registry without a CA).
    bool certificateChecked() const;

    struct Impl;

private:
    std::string m_registry;
    std::unique_ptr<Impl> d;
};

struct PushResult {
    std::string tag;
    std::string digest; ///< of the manifest
    std::int64_t size = 0;
    std::vector<std::string> warnings;
};
/// Pushes an image of the store (`source`: a tag or id) as `target` ("127.0.0.1:5000/team/app:1.0").
Result<PushResult> pushImage(ImageStore &store, const std::string &source, const std::string &target,
                             const RegistryOptions &options, const RegistryProgressSink &progress = {});

/// Pulls `reference` into the store under that reference. Layers are kept uncompressed (the store's
/// digest = diff id), each checked against the config's diff ids.
Result<StoredImage> pullImage(ImageStore &store, const std::string &reference, const RegistryOptions &options,
                              const RegistryProgressSink &progress = {});

} // namespace flotilla::engine::image
