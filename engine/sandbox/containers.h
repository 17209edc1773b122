#pragma once

#include "../api/object.h"
#include "../common/result.h"
#include "../common/timefmt.h"
#include "../image/imagestore.h"
#include "../runtime/behaviour.h"
#include "../sim/simulation.h"
#include "../store/store.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::sandbox {

/// A published port: `hostIp:hostPort` on the host → `containerPort` ("8080/tcp") in the container.
struct PortBinding {
    std::string containerPort; ///< "8080/tcp"
    std::string hostIp;        ///< "" or "0.0.0.0": every address
    int hostPort = 0;          ///< 0: any free port (chosen at start from 32768–60999, as Docker does)
    bool operator==(const PortBinding &) const = default;
};

/// What `docker create` / `docker run` asked for.
struct ContainerSpec {
    std::string name;                      ///< empty: a generated "adjective_surname"
    std::string image;                     ///< as typed: "my-microservice", "node:14-alpine", an image id
    std::vector<std::string> cmd;          ///< empty: the image's
    std::vector<std::string> entrypoint;   ///< empty: the image's (given: the image's CMD is not used)
    std::vector<std::string> env;          ///< "KEY=value"
    std::map<std::string, std::string> labels;
    std::vector<std::string> exposedPorts; ///< "8080/tcp"
    std::vector<PortBinding> portBindings;
    bool publishAllPorts = false;          ///< -P: every exposed port (the image's too) on a free host port
    std::string restartPolicy = "no";      ///< "no", "always", "unless-stopped", "on-failure"
    int maxRetries = 0;                    ///< on-failure only; 0: no limit
    bool tty = false;
    bool openStdin = false;                ///< -i: an interactive shell keeps running without a tty
    bool autoRemove = false;               ///< --rm
    std::string workingDir, user;
};

/// A container as its store object says (Docker's inspect, decoded).
struct ContainerInfo {
    std::string id;   ///< 64 lowercase hex digits
    std::string name; ///< without Docker's leading "/"
    ContainerSpec spec;
    std::string imageId; ///< "sha256:…" of the image it was created from
    std::string path;    ///< what runs: the entrypoint and command, from the image where not given
    std::vector<std::string> args;
    std::string state = "created"; ///< created, running, restarting, paused, exited, dead
    TimeMs created = 0;
    TimeMs startedAt = 0;  ///< 0: never started
    TimeMs finishedAt = 0; ///< 0: never finished (a running container keeps the end of its previous run)
    int exitCode = 0;
    int restartCount = 0;  ///< restarts by the restart policy since the last start by the user
    bool oomKilled = false;
    int pid = 0;           ///< while running
    std::string ipAddress; ///< "172.17.0.N" while running
    std::string error;     ///< why the last start failed
    std::vector<PortBinding> ports; ///< published now (host ports chosen), while running
    bool manuallyStopped = false;   ///< stopped or killed by the user: no restart by policy

    bool running() const { return state == "running"; }
    /// `docker ps`'s STATUS: "Up 5 minutes", "Exited (0) 3 seconds ago", "Restarting (1) 1 second ago", "Created".
    std::string statusText(TimeMs now) const;
};

/// One line of a container's log.
struct ContainerLogLine {
    TimeMs time = 0;
    std::string text;
    bool isStderr = false; ///< written to stderr (else stdout)
};

/// A Docker event of a container: create, start, kill, die, stop, restart, destroy.
struct ContainerEvent {
    std::string action;
    std::string id;
    std::string name;
    std::string image; ///< as the container was created with it
    TimeMs time = 0;
    int exitCode = 0; ///< die
    int signal = 0;   ///< kill
    /// Docker's Actor.Attributes: image, name, exitCode (die), signal (kill) and the container's labels.
    std::map<std::string, std::string> attributes;
};

/// When a wait ends (Docker's wait conditions).
enum class WaitCondition {
    NotRunning, ///< at once when the container is not running, else at its next exit
    NextExit,   ///< at its next exit
    Removed,    ///< when it is removed
};

/// RFC 3339 with milliseconds as Docker writes times ("2026-11-27T07:40:58.123Z"); 0: "0001-01-01T00:00:00Z".
std::string formatDockerTime(TimeMs time);
/// Reads formatDockerTime's text (and any RFC 3339 time); Docker's zero time and "" give 0.
TimeMs parseDockerTime(std::string_view text);
/// Docker's human durations: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks".
std::string dockerHumanDuration(TimeMs duration);
/// "SIGKILL", "KILL", "sigterm", "9" → the Linux signal number; nullopt when unknown.
std::optional<int> signalNumber(std::string_view signal);

/// The sandbox's Docker containers (`docker run`, `ps`, `logs`, `stop`, `rm`, …), simulated: one store
/// object of kind Container per container (what the window shows), timed work on the simulation clock.
/// Behaviour comes from the image as for pods (`flotilla.sim.crash-after`) and from the command (a shell
/// without a tty exits at once, `echo hi` prints and exits, `sleep 5` exits after 5 s); restart policies
/// restart with Docker's back-off (100 ms doubling up to a minute, reset after 10 s of running).
/// Errors carry Docker's own words, for docker users; Error::Code::AlreadyExists means "nothing to do"
/// (already started, already stopped: the HTTP layer answers 304 Not Modified).
/// Single-threaded: the engine thread only.
class Containers final {
public:
    static constexpr TimeMs kBackoffStart = 100;
    static constexpr TimeMs kBackoffMax = 60'000;
    static constexpr TimeMs kBackoffReset = 10'000; ///< a run this long resets the back-off
    static constexpr std::size_t kRequestsKept = 1000; ///< recorded requests per container
    static constexpr std::size_t kRunsKept = 50;       ///< runs whose logs are kept per container

    Containers(store::Store &store, sim::Simulation &sim, std::shared_ptr<image::ImageStore> images);
    ~Containers();
    Containers(const Containers &) = delete;
    Containers &operator=(const Containers &) = delete;

    /// Picks up the containers of a reopened sandbox: running ones go on running, pending restarts are
    /// made, and containers with restart policy `always` (or `unless-stopped` when not stopped by the
    /// user) that had been started start again, as after a restart of Docker's daemon.
    void resume();

    Result<ContainerInfo> create(const ContainerSpec &spec);
    /// AlreadyExists ("container already started") when running or restarting.
    Status start(const std::string &idOrName);
    /// SIGTERM, exit code 0 (`timeoutSeconds` 0: SIGKILL after it, 137); a pending restart is cancelled.
    /// AlreadyExists ("container already stopped") when not running.
    Status stop(const std::string &idOrName, int timeoutSeconds = 10);
    /// Exit code 128 + the signal's number (SIGKILL 137, SIGTERM 143); signals a program survives
    /// (SIGWINCH, SIGCHLD, SIGURG, SIGCONT, SIGSTOP…, SIGHUP for nginx) only make the kill event.
    /// Conflict when not running.
    Status kill(const std::string &idOrName, const std::string &signal = "SIGKILL");
    /// Stops when running, then starts (restart count back to 0).
    Status restart(const std::string &idOrName, int timeoutSeconds = 10);
    /// Conflict when running (or restarting) unless `force`, which kills it first.
    Status remove(const std::string &idOrName, bool force = false);

    /// By full id, name (with or without "/") or unique id prefix, in Docker's order.
    std::optional<ContainerInfo> find(const std::string &idOrName) const;
    /// Newest first, like `docker ps`; `all`: stopped ones too.
    std::vector<ContainerInfo> list(bool all) const;
    /// Ids of the containers created from an image (by id), which `docker rmi` refuses to remove.
    std::vector<std::string> containersUsingImage(const std::string &imageId) const;

    /// Calls `done` with the exit code when the condition is met (on the engine thread; NotRunning on a
    /// stopped container: before returning). A container removed first calls it with its last exit code.
    Status wait(const std::string &idOrName, std::function<void(int exitCode)> done,
                WaitCondition condition = WaitCondition::NextExit);
    /// Every run's lines (a restarted container's log has them all), with the requests recorded, in time
    /// order: within [since, until] (0: unbounded), the last `tail` (0: all). Empty for an unknown container.
    std::vector<ContainerLogLine> logs(const std::string &idOrName, TimeMs since = 0, TimeMs until = 0,
                                       std::size_t tail = 0) const;
    /// A request answered on a published port: an access line in the log, in the format of the program
    /// the image runs (nginx, Node.js, gunicorn, logfmt). The last kRequestsKept per container are kept.
    void recordRequest(const std::string &idOrName, const std::string &method, const std::string &path, int status,
                       double latencyMs);

    /// `publish` is called before a container runs (its error fails the start: the container stays
    /// created or exited, with status.error set); `unpublish` when it stops running and when it is removed.
    /// Containers already running are published at once. Either may be empty.
    void setPortHooks(std::function<Status(const ContainerInfo &)> publish,
                      std::function<void(const std::string &id)> unpublish);
    void setEventListener(std::function<void(const ContainerEvent &)> listener) { m_listener = std::move(listener); }

private:
    struct Request {
        TimeMs time = 0;
        std::string method, path;
        int status = 0;
        double latencyMs = 0;
    };
    struct Waiter {
        WaitCondition condition;
        std::function<void(int)> done;
    };
    /// What is kept out of the store per container: timers, back-off, requests, waiters.
    struct Entry {
        std::uint64_t serial = 0;           ///< creation order (for equal creation times)
        sim::Simulation::TaskId exitTask = 0;
        sim::Simulation::TaskId restartTask = 0;
        TimeMs backoff = 0;                 ///< the restart manager's current delay (0: none yet)
        std::deque<Request> requests;
        std::vector<Waiter> waiters;
    };
    enum class Cause { Program, User, Removal };
    /// How the command of a run ends on its own, if it does.
    struct Plan {
        bool oneShot = false;            ///< a command such as `echo`, not the image's program
        std::optional<TimeMs> exitAfter; ///< since the start
        int exitCode = 0;
        std::string reason;              ///< "Completed", "Error"
        std::vector<std::string> output; ///< what it prints (echo)
    };

    Result<api::ObjectPtr> resolve(const std::string &idOrName) const;
    api::ObjectPtr objectById(const std::string &id) const;
    std::vector<api::ObjectPtr> objects() const;
    Entry &entry(const std::string &id);
    Status validate(const ContainerSpec &spec) const;
    std::string generateName();
    std::string generateId();
    Plan plan(const ContainerInfo &c) const;
    api::Labels imageLabels(const std::string &imageId) const;
    /// The image's kind of program and the reference its version lines come from (its base for a built image).
    std::pair<runtime::ImageKind, std::string> programOf(const ContainerInfo &c) const;
    Result<api::ObjectPtr> writeStatus(const api::Object &object, const std::function<void(api::Json &status)> &change);

    Status startContainer(const std::string &id, bool automatic);
    Result<std::vector<PortBinding>> choosePorts(const ContainerInfo &c);
    std::string chooseIp() const;
    void scheduleExit(const ContainerInfo &c);
    /// Ends the running container; a Program exit may restart it by policy. True when it is to be removed
    /// now (--rm), which the caller does after its own events.
    bool exitContainer(const std::string &id, int exitCode, const std::string &reason, Cause cause);
    /// SIGTERM (and SIGKILL after a 0 s timeout) to a running container, by the user; true when it is to be
    /// removed now (--rm).
    bool stopRunning(const ContainerInfo &c, int timeoutSeconds);
    void scheduleRestart(const std::string &id, TimeMs delay);
    Status removeNow(const std::string &id);
    void cancelTasks(Entry &e);
    /// Cancels a pending restart by the restart policy.
    void cancelRestart(const std::string &id);
    void announce(const std::string &action, const ContainerInfo &c, int exitCode = 0, int signal = 0) const;
    void onEvents(std::span<const store::WatchEvent> events);

    store::Store &m_store;
    sim::Simulation &m_sim;
    std::shared_ptr<image::ImageStore> m_images;
    std::unordered_map<std::string, Entry> m_entries; ///< by id
    std::uint64_t m_nextSerial = 1;
    int m_lastEphemeralPort = 32767;
    store::WatchId m_watch = 0;
    std::function<Status(const ContainerInfo &)> m_publish;
    std::function<void(const std::string &)> m_unpublish;
    std::function<void(const ContainerEvent &)> m_listener;
};

/// Decodes a Container store object.
ContainerInfo containerFromObject(const api::Object &object);
/// The Container store object Containers writes for a container, for containers kept elsewhere (a real
/// Docker Engine): containerFromObject reads it back unchanged.
api::MutableObjectPtr makeContainerObject(const ContainerInfo &container);

} // namespace flotilla::engine::sandbox
