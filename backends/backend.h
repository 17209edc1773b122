#pragma once

#include <engine/api/object.h>
#include <engine/engine.h>
#include <engine/store/store.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPair>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

namespace flotilla::backends {

/// Watch events gathered over a short interval and handed to the GUI thread at once.
struct ChangeBatch {
    std::vector<engine::store::WatchEvent> events;
};

/// A problem reported by a command, with where it was found.
struct Problem {
    QString message;  ///< the whole text, "file:line:col: path: message"
    QString reason;   ///< the message alone
    QString path;     ///< field path, may be empty
    int line = 0;
    int column = 0;
    int document = 0;

    static Problem from(const engine::Error &error);
};

/// The answer to a command: kubectl-style lines on success, or the problems (nothing was changed).
struct CommandResult {
    bool ok = true;
    QStringList lines;
    QStringList warnings;
    QList<Problem> problems;
    /// The name of what the command made, where it chose one (a container's generated name); else empty.
    QString name;

    static CommandResult failure(const engine::Error &error);
};

/// A word as a POSIX shell reads it back: quoted when it holds anything the shell would split or expand.
QString shellWord(const QString &word);

/// How to reach a registry: credentials (empty: anonymous) and TLS settings.
struct RegistryLogin {
    QString username;
    QString password;
    QString caFile;                  ///< extra CA certificates (PEM); certs.d folders are read as well
    bool insecureSkipVerify = false; ///< HTTPS without checking the certificate
    QString scheme;                  ///< "http" or "https"; empty: found out as Docker does (see RegistryOptions)
};

/// A build as the GUI asks for it.
struct BuildSpec {
    QString contextDir;        ///< the build context folder
    QString dockerfileText;    ///< the Dockerfile (the editor's text, saved or not)
    QString dockerfileName = QStringLiteral("Dockerfile"); ///< for messages
    QStringList tags;
    QList<QPair<QString, QString>> buildArgs;
    QString target;
    bool noCache = false;
    QList<QPair<QString, QString>> labels;
    double simulatedTimeScale = 0.15; ///< simulated RUN steps take this fraction of their estimate
};

/// The Services' traffic as the sandbox's proxy simulates it, handed to the GUI thread about twice a
/// second while watched.
struct TrafficSnapshot {
    engine::TimeMs time = 0; ///< the simulation clock when it was taken
    /// Every Service that has or had traffic; each one's `history` holds the samples since the previous
    /// snapshot (the whole kept series in the first one).
    std::vector<engine::cluster::ServiceTraffic> services;
    /// The registry's view of the Services asked for with Backend::watchTraffic.
    std::vector<engine::cluster::RegistryService> registry;
};

/// What a pod or node uses (simulated in the sandbox); -1: not known.
struct ResourceUsage {
    qint64 cpuMilli = -1;
    qint64 memoryBytes = -1;
};

/// Use per pod ("namespace/name") and per node at one moment of the simulation clock.
struct UsageSnapshot {
    qint64 time = 0;
    QHash<QString, ResourceUsage> pods;
    QHash<QString, ResourceUsage> nodes;
};

/// A node's use at one sample time (every 15 s of simulated time).
struct UsageSample {
    qint64 time = 0;
    qint64 cpuMilli = 0;
    qint64 memoryBytes = 0;
};

/// A container's log lines, or why there are none.
struct LogResult {
    bool ok = true;
    QString error;
    QStringList lines;
    QList<qint64> times; ///< the simulated time of each line (ms since the epoch)
};

/// The environment a container sees and its ConfigMap / Secret files.
struct ContainerConfig {
    struct Env {
        QString name, value, source;
        bool secret = false;
    };
    struct File {
        QString path, content, source;
        bool secret = false;
    };
    QList<Env> env;
    QList<File> files;
    QString envError;   ///< why the environment cannot be built ("configmap \"x\" not found")
    QString filesError;
};

/// How kubectl reaches a connection's own Kubernetes API.
struct KubectlAccess {
    bool ok = false;
    QString error;          ///< why it could not be served
    QString server;         ///< "https://127.0.0.1:PORT"
    QString kubeconfigPath; ///< a kubeconfig for it (0600)
};

/// How the docker CLI reaches a connection's own Docker Engine API.
struct DockerAccess {
    bool ok = false;
    QString error;      ///< why it could not be served
    QString socketPath; ///< the unix socket (mode 0600)
    /// "unix:///run/user/1000/flotilla/local.sock": the value of DOCKER_HOST.
    QString dockerHost() const { return QStringLiteral("unix://") + socketPath; }
};

/// One published port as `docker run -p` reads it: [IP:][HOST:]CONTAINER[/PROTOCOL].
struct PortMapping {
    QString hostIp;          ///< empty: every address (0.0.0.0)
    int hostPort = 0;        ///< 0: a free port chosen when the container starts
    int containerPort = 0;
    QString protocol = QStringLiteral("tcp");
    bool operator==(const PortMapping &) const = default;
    /// "3000:8080", "127.0.0.1:3000:8080/udp", "8080": as `-p` takes it.
    QString text() const;
};

/// A container to run, as `docker run -d` makes it: created, then started.
struct ContainerRunSpec {
    QString image;                                 ///< a reference ("my-microservice", "app:1.0") or an image id
    QString name;                                  ///< empty: a generated name ("adjective_surname")
    QList<PortMapping> ports;
    QStringList env;                               ///< "KEY=value"
    QString restartPolicy = QStringLiteral("no"); ///< no, always, unless-stopped, on-failure
    QStringList command;                           ///< empty: the image's CMD
    /// The `docker run` line that makes the same container (for a terminal, or to learn from).
    QString dockerCommand() const;
};

/// A line of a container's log.
struct ContainerLogLine {
    qint64 time = 0; ///< simulation time (ms since the epoch)
    QString text;
    bool isStderr = false;
};

/// A container's log lines, or why there are none.
struct ContainerLogResult {
    bool ok = true;
    QString error;
    QList<ContainerLogLine> lines;
};

/// Identifies an object for a command.
struct ObjectRef {
    QString kind;
    QString ns;
    QString name;
};

/// What every view talks to: a sandbox, a Kubernetes cluster or a Docker Engine. Objects arrive as
/// change batches (an initial list, then watch events) on the GUI thread; commands answer
/// asynchronously, on the GUI thread, through a callback bound to a context object.
class Backend : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const CommandResult &)>;

    explicit Backend(QObject *parent = nullptr) : QObject(parent) {}
    ~Backend() override = default;

    virtual QString displayName() const = 0;
    /// True where objects are simulated (the sandbox): views say so.
    virtual bool isSimulated() const = 0;
    /// False for a container engine without a cluster (a Docker Engine): only images, containers and
    /// builds make sense there.
    virtual bool hasCluster() const { return true; }

    /// Connects and starts delivering; emits started() or failed().
    virtual void start() = 0;
    virtual bool isStarted() const = 0;
    /// Warnings from connecting (e.g. a damaged state file moved aside).
    virtual QStringList startupWarnings() const { return {}; }

    virtual void applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done) = 0;
    virtual void deleteObject(const ObjectRef &ref, QObject *context, Callback done) = 0;

    // Image builds. A backend that cannot build returns 0 from build().
    virtual bool canBuild() const { return false; }
    /// Starts a build; its events arrive as buildEventsArrived(id, …) batches, then buildFinished(id, …).
    virtual quint64 build(const BuildSpec &) { return 0; }
    virtual void cancelBuild(quint64) {}
    virtual void tagImage(const QString &, const QString &, QObject *, Callback done) { unsupported(done, "tag images"); }
    virtual void removeImage(const QString &, bool, QObject *, Callback done) { unsupported(done, "remove images"); }
    virtual void pruneImages(QObject *, Callback done) { unsupported(done, "prune images"); }
    /// Pushes an image (a tag or id) to a registry as `target` ("127.0.0.1:5000/team/app:1.0"), or pulls
    /// `reference` from one. `progress` gets lines such as "a1b2c3d4e5f6: Pushing 40 %" on the GUI thread;
    /// the result's lines name the digest. Credentials go to the registry only.
    virtual void pushImage(const QString &, const QString &, const RegistryLogin &, QObject *,
                           std::function<void(const QString &)>, Callback done)
    {
        unsupported(done, "push images");
    }
    virtual void pullImage(const QString &, const RegistryLogin &, QObject *, std::function<void(const QString &)>,
                           Callback done)
    {
        unsupported(done, "pull images");
    }

    // Operations and faults. A backend that cannot do one answers with a clear failure.
    enum class NodeOperation { Fail, Recover, Cordon, Uncordon, Drain, Partition };
    virtual bool canInjectFaults() const { return false; }
    virtual void nodeOperation(const QString &, NodeOperation, QObject *, Callback done) { unsupported(done, "change nodes"); }
    virtual void crashContainer(const QString &, const QString &, QObject *, Callback done)
    {
        unsupported(done, "inject faults");
    }
    /// Sets spec.replicas of a Deployment or ReplicaSet.
    virtual void scale(const ObjectRef &, int, QObject *, Callback done) { unsupported(done, "scale"); }
    /// Creates or updates the HorizontalPodAutoscaler named like a Deployment: between `min` and `max`
    /// replicas, aiming at `cpuPercent` of the pods' CPU requests.
    virtual void autoscale(const ObjectRef &, int, int, int, QObject *, Callback done) { unsupported(done, "autoscale"); }
    /// Changes an object with a strategic merge patch (`application/strategic-merge-patch+json`, as kubectl
    /// sends it); `line` is the answer on success ("deployment.apps/web restarted").
    virtual void patchObject(const ObjectRef &, const QByteArray &, const QString &, QObject *, Callback done)
    {
        unsupported(done, "change objects");
    }
    /// `kubectl rollout restart`: new pods for a Deployment, one version after the other, by stamping its
    /// pod template with the time (`kubectl.kubernetes.io/restartedAt`).
    void restartRollout(const ObjectRef &ref, QObject *context, Callback done);
    /// `kubectl set image`: the image of one container of a workload's pod template.
    void setImage(const ObjectRef &ref, const QString &container, const QString &image, QObject *context, Callback done);
    /// `kubectl rollout undo`: revision 0 is the previous one.
    virtual void rollback(const ObjectRef &, qint64, QObject *, Callback done) { unsupported(done, "roll back"); }
    /// What a user asks of a Rollout (flotilla.dev/v1alpha1): promote past the current pause, promote to the
    /// end at once, abort (all traffic back on stable), retry an aborted rollout, pause or resume it, or roll
    /// back to the version that served before (at once, without steps or analysis).
    enum class RolloutAction { Promote, PromoteFull, Abort, Retry, Pause, Resume, Rollback };
    virtual void rolloutAction(const ObjectRef &, RolloutAction, QObject *, Callback done)
    {
        unsupported(done, "drive rollouts");
    }
    /// Faults of a pod's containers: a CPU spike (2 min), a memory leak (until OOMKilled), or neither.
    enum class ContainerFault { CpuSpike, MemoryLeak, Clear };
    virtual void containerFault(const QString &, const QString &, ContainerFault, QObject *, Callback done)
    {
        unsupported(done, "inject faults");
    }
    /// Pulls of an image fail (ErrImagePull, ImagePullBackOff) until told otherwise.
    virtual void failImagePulls(const QString &, bool, QObject *, Callback done) { unsupported(done, "inject faults"); }
    /// Worker node size presets (engine::sandbox::nodeSizeSpec() gives their CPU and memory).
    using NodeSize = engine::sandbox::NodeSize;
    /// Adds `count` Ready worker nodes of a size preset; the answer has a line per node ("node/worker-4 created").
    virtual void addNodes(int, NodeSize, QObject *, Callback done) { unsupported(done, "add nodes"); }
    /// Removes a node; its pods go with it and their controllers start them again on other nodes.
    virtual void removeNode(const QString &, QObject *, Callback done) { unsupported(done, "remove nodes"); }

    // What containers do: resource use, logs, environment and files. Answers come on the GUI thread.
    virtual bool hasUsage() const { return false; }
    /// Use per node, and per running pod when `pods` (costly in a huge cluster).
    virtual void fetchUsage(QObject *, std::function<void(const UsageSnapshot &)> done, bool pods = false)
    {
        (void)pods;
        done({});
    }
    virtual void fetchNodeHistory(const QString &, QObject *, std::function<void(const QList<UsageSample> &)> done)
    {
        done({});
    }
    /// The last `tail` lines (0: all) of a container (empty: the first), or of its previous run.
    virtual void fetchLogs(const QString &, const QString &, const QString &, int, bool, QObject *,
                           std::function<void(const LogResult &)> done)
    {
        LogResult r;
        r.ok = false;
        r.error = tr("This connection cannot show logs.");
        done(r);
    }
    /// New lines as they come, to `onLines` while `context` lives; 0 when this connection cannot follow.
    virtual quint64 followLogs(const QString &, const QString &, const QString &, QObject *,
                               std::function<void(const LogResult &)>)
    {
        return 0;
    }
    virtual void stopFollowingLogs(quint64) {}
    virtual void fetchContainerConfig(const QString &, const QString &, const QString &, QObject *,
                                      std::function<void(const ContainerConfig &)> done)
    {
        ContainerConfig c;
        c.envError = c.filesError = tr("This connection cannot show a container's environment.");
        done(c);
    }

    // Service traffic: the sandbox's service proxy simulates it.
    virtual bool canSimulateTraffic() const { return false; }
    /// Requests per second sent to a Service; 0 stops them.
    virtual void setServiceTraffic(const ObjectRef &, double, QObject *, Callback done)
    {
        unsupported(done, "generate traffic");
    }
    /// Exact shares of a Service's requests per subset ("version=v2" or a version, and a weight); empty
    /// for plain load balancing over the ready endpoints.
    virtual void setTrafficWeights(const ObjectRef &, const QList<QPair<QString, double>> &, QObject *, Callback done)
    {
        unsupported(done, "split traffic by weight");
    }
    /// Starts or stops the delivery of trafficArrived(). `registryOf`: the Service whose registry entry
    /// comes with each snapshot (an empty name: every Service of its namespace; an empty ref: none).
    virtual void watchTraffic(bool, const ObjectRef & = {}) {}

    // Docker containers: the sandbox simulates them (kind Container, cluster-scoped, named like the container).
    virtual bool canRunContainers() const { return false; }
    /// `docker run -d`: creates the container and starts it. The answer's `name` is the container's (a
    /// generated one when the spec has none); a container that was created but could not start stays, as in
    /// Docker, and the answer is the reason it did not start.
    virtual void runContainer(const ContainerRunSpec &, QObject *, Callback done) { unsupported(done, "run containers"); }
    virtual void startContainer(const QString &, QObject *, Callback done) { unsupported(done, "run containers"); }
    /// `docker stop`: SIGTERM, then SIGKILL after 10 s.
    virtual void stopContainer(const QString &, QObject *, Callback done) { unsupported(done, "run containers"); }
    virtual void restartContainer(const QString &, QObject *, Callback done) { unsupported(done, "run containers"); }
    /// `docker kill`: SIGKILL (exit code 137).
    virtual void killContainer(const QString &, QObject *, Callback done) { unsupported(done, "run containers"); }
    /// `docker rm`; `force` kills a running container first (`docker rm -f`).
    virtual void removeContainer(const QString &, bool, QObject *, Callback done) { unsupported(done, "run containers"); }
    /// `docker logs --tail`: the last `tail` lines (0: all) at or after `since` (ms; 0: from the start), of
    /// every run of the container, in time order.
    virtual void containerLogs(const QString &, int, qint64, QObject *, std::function<void(const ContainerLogResult &)> done)
    {
        ContainerLogResult r;
        r.ok = false;
        r.error = tr("This connection has no Docker containers.");
        done(r);
    }

    // The simulation clock; only a sandbox has one.
    /// Serving this connection's own Kubernetes API on 127.0.0.1 so that kubectl drives it (the sandbox).
    virtual bool canServeKubernetesApi() const { return false; }
    /// Starts the server (once; later calls answer the same address) and writes a kubeconfig for it (mode
    /// 0600, written atomically). Answers on the GUI thread while `context` lives.
    virtual void serveKubernetesApi(QObject *context, std::function<void(const KubectlAccess &)> done)
    {
        Q_UNUSED(context);
        done({false, QStringLiteral("this connection does not serve the Kubernetes API"), {}, {}});
    }

    /// Serving this connection's own Docker Engine API on a unix socket so that the docker CLI drives it.
    virtual bool canServeDockerApi() const { return false; }
    /// Starts the server (once; later calls answer the same socket). Answers on the GUI thread while
    /// `context` lives.
    virtual void serveDockerApi(QObject *context, std::function<void(const DockerAccess &)> done)
    {
        Q_UNUSED(context);
        done({false, tr("This connection does not serve the Docker Engine API."), {}});
    }

    virtual bool hasClock() const { return false; }
    virtual engine::ClockState clock() const { return {}; }
    virtual void setClockMode(engine::ClockMode) {}
    virtual void setSpeed(double) {}
    virtual void step() {}

    /// Change events reach the GUI thread in batches at most this often (ms).
    static constexpr int kBatchIntervalMs = 33;

protected:
    /// Hands watch events from any thread to the GUI thread, gathered into one changesArrived() batch at most
    /// every kBatchIntervalMs.
    void queueChanges(std::span<const engine::store::WatchEvent> events);
    /// Emits what is queued now (GUI thread), if canDeliverChanges().
    void deliverChanges();
    /// False while queued changes must wait (a sandbox before its first list is complete).
    virtual bool canDeliverChanges() const { return true; }

    /// Tells the window of a problem of the connection (empty: it is over), from any thread; problemChanged
    /// is emitted on the GUI thread when the text changes.
    void reportProblem(const QString &problem);

    /// The answer of an operation this connection does not offer.
    static void unsupported(const Callback &done, const std::string &what)
    {
        done(CommandResult::failure(
            engine::Error::make(engine::Error::Code::Forbidden, "this connection cannot " + what)));
    }

private:
    QString m_reportedProblem; ///< GUI thread
    std::mutex m_changesMutex;
    std::vector<engine::store::WatchEvent> m_changes;
    std::atomic<bool> m_changesArmed{false};
    QElapsedTimer m_sinceDelivery;

signals:
    void started();
    void failed(const QString &message);
    void changesArrived(const flotilla::backends::ChangeBatch &batch);
    void clockChanged(const flotilla::engine::ClockState &clock);
    /// Something the user must know while it lasts (e.g. changes cannot be saved); empty when it is over.
    void problemChanged(const QString &problem);
    /// Build events, in order, gathered over a short interval (GUI thread).
    void buildEventsArrived(quint64 buildId, const std::vector<flotilla::engine::image::BuildEvent> &events);
    /// The end of a build: ok, or the error (with file:line:column when it has one).
    void buildFinished(quint64 buildId, bool ok, const QString &message, const QString &imageId);
    /// A build that a client of the sandbox's APIs started (`docker build`), before its first events; its
    /// events and end come as buildEventsArrived / buildFinished like the window's own builds.
    void externalBuildStarted(quint64 buildId, const QString &title);
    /// Traffic figures (GUI thread), while watchTraffic() is on and something changed.
    void trafficArrived(const flotilla::backends::TrafficSnapshot &snapshot);
};

} // namespace flotilla::backends
