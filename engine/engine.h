#pragma once

#include "image/builder.h"
#include "sandbox/sandbox.h"
#include "serve/apiserver.h"
#include "serve/dockerapi.h"
#include "store/store.h"

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flotilla::engine {

enum class ClockMode { RealTime, Paused, AsFastAsPossible };

/// A build for the sandbox's image store: a context (a directory or a tar) and the options.
struct BuildRequest {
    std::string contextDir;
    std::string contextTar; ///< used when contextDir is empty
    /// When set, the Dockerfile is read from the context at this path (`POST /build`), not options.dockerfile.
    std::string dockerfileInContext;
    /// Started by a client of the sandbox's APIs (`docker build`): the build observer hears of it too.
    bool observed = false;
    image::BuildOptions options;
};
using BuildId = std::uint64_t;
using BuildDone = std::function<void(const Result<image::BuildSummary> &)>;

struct ClockState {
    TimeMs now = 0;
    ClockMode mode = ClockMode::RealTime;
    double speed = 1.0;
};

/// The engine's façade: owns the engine thread (one Asio io_context runs the simulation and, later,
/// the servers), takes commands from any thread and delivers watch events on the engine thread.
class Engine final {
public:
    struct Options {
        sandbox::SandboxOptions sandbox;
        ClockMode mode = ClockMode::RealTime;
        double speed = 1.0;
        /// Called on the engine thread when saving starts failing (with the reason) or works again (empty).
        std::function<void(const std::string &problem)> onStorageProblem;
    };

    Engine();
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// Starts the thread and opens the sandbox on it; returns once it is open (or failed).
    Status start(const Options &options);
    /// Closes the sandbox (writing what is pending) and joins the thread.
    void stop();
    bool running() const { return m_running.load(); }
    std::vector<std::string> warnings() const;
    std::string sandboxName() const;

    /// Runs a task on the engine thread; pending changes are delivered right after it.
    void post(std::function<void(sandbox::Sandbox &)> task);

    /// Runs a task on the engine thread and hands back its result.
    template <typename F>
    auto call(F &&task) -> std::future<std::invoke_result_t<F, sandbox::Sandbox &>>
    {
        using R = std::invoke_result_t<F, sandbox::Sandbox &>;
        auto promise = std::make_shared<std::promise<R>>();
        auto future = promise->get_future();
        post([promise, task = std::forward<F>(task)](sandbox::Sandbox &sb) mutable {
            if constexpr (std::is_void_v<R>) {
                task(sb);
                promise->set_value();
            } else {
                promise->set_value(task(sb));
            }
        });
        return future;
    }

    /// Registers a watcher; its callback runs on the engine thread. Blocks until registered.
    Result<store::WatchId> watch(store::WatchOptions options, store::WatchCallback callback);
    void unwatch(store::WatchId id);

    /// Starts a build on a worker thread (never the engine thread: hashing a big context takes a
    /// while). Events and the result are delivered on that worker thread; a built image's records reach
    /// the store through the engine thread before `done` runs.
    BuildId startBuild(BuildRequest request, image::BuildEventSink events, BuildDone done);
    /// Asks a running build to stop; it ends with a "build cancelled" failure.
    void cancelBuild(BuildId id);
    /// Runs blocking work (a push, a pull, a registry login) on a worker thread that stop() waits for;
    /// `cancel` turns true when the engine stops.
    void startWorker(std::function<void(const std::atomic<bool> &cancel)> work);
    /// How many builds are running.
    int runningBuilds() const;
    /// Builds that clients of the sandbox's APIs start (`docker build`), so the window can show them: every
    /// event and the end, on the build's worker thread. Replaces the previous observer; empty: none.
    struct BuildObserver {
        std::function<void(BuildId, const image::BuildEvent &)> event;
        std::function<void(BuildId, const Result<image::BuildSummary> &)> done;
    };
    void setBuildObserver(BuildObserver observer);

    /// Serves the sandbox's Kubernetes API over HTTPS on 127.0.0.1 (see serve::ApiServer) until stop().
    /// Credentials are made once per sandbox and kept in its folder (a temporary one for an in-memory
    /// sandbox). One server per engine: a second call answers with the running server's details.
    Result<serve::ServeInfo> serveKubernetesApi(serve::ServeOptions options = {});
    /// Serves the sandbox's Docker Engine API on a unix socket (see serve::DockerApiServer) until stop();
    /// `socketPath` empty: `<defaultDockerSocketDir()>/<sandbox>.sock`. Returns the socket's path; a second
    /// call answers with the running server's.
    Result<std::string> serveDockerApi(std::string socketPath = {});

    void setClockMode(ClockMode mode);
    void setSpeed(double speed);
    /// Pauses, then runs the next simulated task.
    void step();
    /// Thread-safe snapshot of the simulation clock.
    ClockState clock() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    std::atomic<bool> m_running{false};
};

} // namespace flotilla::engine
