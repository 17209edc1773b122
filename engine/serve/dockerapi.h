#pragma once

#include "../common/result.h"
#include "../api/object.h"
#include "../image/builder.h"
#include "../image/registry.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace flotilla::engine::sandbox {
class Sandbox;
struct ContainerEvent;
}

namespace flotilla::engine::serve {

/// The Docker Engine API version the sandbox speaks (Docker 27), and the oldest it accepts (as dockerd).
inline constexpr const char *kDockerApiVersion = "1.47";
inline constexpr const char *kDockerMinApiVersion = "1.24";

/// One Docker Engine API request: the path decoded, without its query.
struct DockerRequest {
    std::string method;
    std::string path;
    std::map<std::string, std::string> query; ///< the last value of a repeated parameter
    std::string body;
    std::vector<std::pair<std::string, std::string>> parameters; ///< every query parameter, in order
    std::string registryAuth; ///< the X-Registry-Auth header (base64url JSON), for push and pull
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

/// Starts a build of a tar context (`POST /build`) on a worker thread: `dockerfile` is the Dockerfile's path
/// inside the context; `events` and `done` are called on that thread. Returns a function that cancels it.
using DockerBuildStarter = std::function<std::function<void()>(
    std::string contextTar, std::string dockerfile, image::BuildOptions options, image::BuildEventSink events,
    std::function<void(const Result<image::BuildSummary> &)> done)>;

/// The build options of a `POST /build` query (`t` once per tag, `buildargs` and `labels` as JSON, `target`,
/// `nocache`, `dockerfile`), or a 400-worthy error naming the parameter. `dockerfile` receives the
/// Dockerfile's path in the context.
Result<image::BuildOptions> dockerBuildOptions(const DockerRequest &request, std::string &dockerfile);

/// The lines the legacy builder streams for one build event (`{"stream": "Step 1/5 : FROM …\n"}`, `{"aux":
/// {"ID": …}}`, `{"errorDetail": …}`), newline-separated JSON; "" when the event has nothing to show.
std::string dockerBuildLines(const image::BuildEvent &event);

/// A container event as `docker events` reads it (one JSON object: Type, Action, Actor, time, timeNano).
api::Json dockerEventJson(const sandbox::ContainerEvent &event);
/// Whether an event passes `docker events --filter …` (type, container, event, image, label).
bool dockerEventPasses(const api::Json &event, const api::Json &filters);

/// The credentials of an X-Registry-Auth header (base64url of {"username", "password", "identitytoken"});
/// empty ones for a missing or unreadable header.
image::RegistryAuth dockerRegistryAuth(const std::string &header);
/// One progress line of a push or pull, as dockerd streams it (`{"status": "Pushing", "progressDetail":
/// {"current", "total"}, "progress": "[=====>    ] 1.2MB/3.4MB", "id": …}`).
std::string dockerProgressLine(const image::RegistryProgress &progress);

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
    /// How `POST /build` starts builds (the engine's worker threads); without it builds are refused.
    void setBuildStarter(DockerBuildStarter starter);
    /// Where blocking work runs (pushes, pulls, logins: the engine's workers); without it they are refused.
    void setWorker(std::function<void(std::function<void(const std::atomic<bool> &)>)> worker);
    /// A container event for `GET /events` streams (and the last 256 kept for `since`).
    void publishEvent(const sandbox::ContainerEvent &event);

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace flotilla::engine::serve
