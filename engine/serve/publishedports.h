#pragma once

#include "../common/result.h"
#include "../runtime/behaviour.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace flotilla::engine::serve {

/// What answers behind a published port: a simulated program in a sandbox container.
struct PublishedApp {
    std::string containerId;
    std::string containerName;
    std::string image;          ///< as the container was created from it ("my-microservice")
    runtime::ImageKind kind = runtime::ImageKind::Generic;
    std::string hostname;       ///< the container's host name (its short id, as Docker sets it)
    std::map<std::string, std::string> env; ///< the container's environment (APP_VERSION, …)
    std::string containerPort;  ///< "8080/tcp"
    bool listening = true;      ///< the image exposes that port: otherwise the connection is closed unanswered
};

/// One `-p HOST:CONTAINER` binding of a running container.
struct PortListener {
    std::string hostIp; ///< "" or "0.0.0.0": the sandbox still binds loopback only
    int hostPort = 0;
    PublishedApp app;
};

/// A request answered on a published port, for the container's log.
using PublishedRequestRecorder =
    std::function<void(const std::string &containerId, const std::string &method, const std::string &path, int status, double latencyMs)>;

/// The HTTP answer of a simulated program: status, headers and body, made from the app and the request.
struct SimulatedHttpAnswer {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
SimulatedHttpAnswer simulatedHttpAnswer(const PublishedApp &app, const std::string &method, const std::string &target);
/// Whether a program of this kind answers HTTP at all (redis and postgres do not).
bool speaksHttp(runtime::ImageKind kind);

/// Published ports of sandbox containers: real TCP listeners on the loopback interface (127.0.0.1 and,
/// when there is one, ::1), so `curl localhost:3000` reaches the simulated program. Engine thread only.
class PublishedPorts final {
public:
    explicit PublishedPorts(boost::asio::io_context &io);
    ~PublishedPorts();
    PublishedPorts(const PublishedPorts &) = delete;
    PublishedPorts &operator=(const PublishedPorts &) = delete;

    void setRecorder(PublishedRequestRecorder recorder);
    /// Listens on every port of a container, or on none: a port that cannot be bound is an error in
    /// dockerd's words ("Bind for 0.0.0.0:3000 failed: port is already allocated").
    Status publish(const std::string &containerId, const std::vector<PortListener> &listeners);
    /// Closes the container's listeners and their connections.
    void unpublish(const std::string &containerId);
    /// The host ports a container listens on.
    std::vector<int> ports(const std::string &containerId) const;
    void stop();

    struct Shared;

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace flotilla::engine::serve
