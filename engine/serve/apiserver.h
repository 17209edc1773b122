#pragma once

#include "credentials.h"

#include "../common/result.h"

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flotilla::engine::sandbox {
class Sandbox;
}

namespace flotilla::engine::serve {

/// How to serve a sandbox's Kubernetes API.
struct ServeOptions {
    int port = 0;               ///< 0: any free port
    std::string credentialsDir; ///< empty: the sandbox's own (<dataDir>/sandboxes/<name>/serve) or a temporary one
};

/// Where the API is served and how to reach it (what a kubeconfig needs).
struct ServeInfo {
    int port = 0;
    std::string server;   ///< https://127.0.0.1:<port>
    std::string caPath;
    std::string caCertPem;
    std::string token;    ///< never log it
    std::string credentialsDir;
};

/// The Kubernetes API of one sandbox over HTTPS on 127.0.0.1 (Boost.Beast), on the engine's io_context:
/// handlers run on the engine thread and read the store directly. Every request needs the bearer token
/// and a loopback Host header (no DNS rebinding from a web page); bodies over 3 MiB are refused.
/// Serves /version, health, discovery (legacy and aggregated), /openapi/v3, get, list (selectors, pages,
/// Tables), watch, container logs (followed as a chunked stream), and the writes: create, update, patch
/// (merge, JSON, strategic, server-side apply), delete, deletecollection, scale, status, binding.
/// Create, start and stop it on the engine thread.
class ApiServer final {
public:
    ApiServer(boost::asio::io_context &io, sandbox::Sandbox &sandbox);
    ~ApiServer();
    ApiServer(const ApiServer &) = delete;
    ApiServer &operator=(const ApiServer &) = delete;

    /// Listens on 127.0.0.1:`port` (0: any free port); returns the bound port.
    Result<int> start(int port, const Credentials &credentials);
    /// Closes the listener and every connection (watches end); the sandbox may go after this.
    void stop();

    struct Shared;
private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace flotilla::engine::serve
