#pragma once

#include "../common/result.h"

#include <map>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flotilla::engine::sandbox {
class Sandbox;
}

namespace flotilla::engine::serve {

/// The Docker Engine API version the sandbox speaks (Docker 27), and the oldest it accepts (as dockerd).
inline constexpr const char *kDockerApiVersion = "1.47";
inline constexpr const char *kDockerMinApiVersion = "1.24";

/// One Docker Engine API request: the path decoded, without its query.
struct DockerRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> query;
    std::string body;
};

struct DockerReply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
};

/// Answers a Docker Engine API request from the sandbox: `/_ping` (GET and HEAD), `/version`, `/info`, and
/// images (list, inspect). Paths may carry a version (`/v1.47/images/json`); a version the server does not
/// speak is refused with dockerd's words. Errors are `{"message": …}` with dockerd's status codes.
DockerReply handleDockerRequest(sandbox::Sandbox &sandbox, const DockerRequest &request);

/// The folder of the sandbox's Docker socket: `$XDG_RUNTIME_DIR/flotilla`, or `/tmp/flotilla-<uid>` when
/// there is no runtime folder.
std::string defaultDockerSocketDir();

/// The Docker Engine API of a sandbox on a unix socket (Boost.Beast on the engine's io_context, so handlers
/// read the sandbox directly). The socket is mode 0600 in a folder of mode 0700, and a peer running as
/// another user is refused (its credentials are read with SO_PEERCRED). Create, start and stop it on the
/// engine thread.
class DockerApiServer final {
public:
    DockerApiServer(boost::asio::io_context &io, sandbox::Sandbox &sandbox);
    ~DockerApiServer();
    DockerApiServer(const DockerApiServer &) = delete;
    DockerApiServer &operator=(const DockerApiServer &) = delete;

    /// Listens on `socketPath` (its folder is made 0700 if missing). A socket file left by a process that is
    /// gone is replaced; one that still answers is an error.
    Status start(const std::string &socketPath);
    /// Closes the socket (removing its file) and every connection.
    void stop();

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace flotilla::engine::serve
