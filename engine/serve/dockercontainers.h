#pragma once

// The containers part of the sandbox's Docker Engine API: what `docker run`, `ps`, `inspect`, `logs`,
// `stop`, `rm` send, answered from the sandbox's simulated containers. Streamed answers (wait, logs with
// follow) are the connection's business (dockerapi.cpp); this file makes their pieces.

#include "dockerapi.h"
#include "publishedports.h"

#include "../common/timefmt.h"
#include "../sandbox/containers.h"

#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::serve {

/// Answers a containers request (`path` without its version prefix), or nullopt when it is not one.
std::optional<DockerReply> handleContainerRequest(sandbox::Sandbox &sandbox, const DockerRequest &request,
                                                  const std::string &path);

/// The spec of `POST /containers/create` (Docker's create body, `name` from the query), or what is wrong,
/// naming the field.
Result<sandbox::ContainerSpec> containerSpecFromCreate(const api::Json &body, const std::string &name);

/// `docker ps`'s summary and `docker inspect`'s document of a container; `exposedPorts` are the port keys
/// ("8080/tcp") its image and its create call expose.
api::Json containerSummary(const sandbox::ContainerInfo &container, TimeMs now, const std::vector<std::string> &exposedPorts);
api::Json containerInspect(const sandbox::ContainerInfo &container, TimeMs now, const std::vector<std::string> &exposedPorts);

/// `/containers/{id}/logs` parameters.
struct DockerLogQuery {
    bool stdoutWanted = true;
    bool stderrWanted = true;
    bool follow = false;
    bool timestamps = false;
    TimeMs since = 0;
    TimeMs until = 0;
    std::size_t tail = 0; ///< 0: all
};
DockerLogQuery dockerLogQuery(const DockerRequest &request);
/// Log lines as the body carries them: multiplexed frames (8-byte header: stream, 0, 0, 0, length) unless the
/// container has a TTY, in which case the text is raw.
std::string dockerLogPayload(const std::vector<sandbox::ContainerLogLine> &lines, const DockerLogQuery &query, bool tty);

/// The container part of a `/containers/{x}/…` path: {"x", "logs"}; nullopt for other paths.
std::optional<std::pair<std::string, std::string>> containerPath(const std::string &path);

/// What listens behind each published port of a running container: its program's kind (a built image's
/// from its base) and whether the program listens on that container port (the ports its image exposes;
/// an image that exposes none is taken to listen on any).
std::vector<PortListener> containerListeners(sandbox::Sandbox &sandbox, const sandbox::ContainerInfo &container);

/// A Docker error answer: `{"message": …}` with the status dockerd gives the error's kind.
DockerReply dockerError(const Error &error);

} // namespace flotilla::engine::serve
