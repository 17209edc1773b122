#pragma once

#include "backend.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace flotilla::backends {

/// The in-process sandbox: the engine runs on its own thread; its watch events are gathered and
/// handed to the GUI thread at most every ~33 ms, as one batch.
class SandboxBackend final : public Backend {
    Q_OBJECT
public:
    struct Options {
        QString name = QStringLiteral("local");
        QString dataDir; ///< empty: the user's data folder
        bool inMemory = false;
        engine::ClockMode mode = engine::ClockMode::RealTime;
        double speed = 1.0;
        quint64 seed = 0;
    };

    explicit SandboxBackend(Options options, QObject *parent = nullptr);
    ~SandboxBackend() override;

    QString displayName() const override;
    bool isSimulated() const override { return true; }
    void start() override;
    bool isStarted() const override { return m_started; }
    QStringList startupWarnings() const override { return m_warnings; }

    void applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done) override;
    void deleteObject(const ObjectRef &ref, QObject *context, Callback done) override;

    bool canBuild() const override { return true; }
    quint64 build(const BuildSpec &spec) override;
    void cancelBuild(quint64 id) override;
    void tagImage(const QString &source, const QString &target, QObject *context, Callback done) override;
    void removeImage(const QString &reference, bool force, QObject *context, Callback done) override;
    void pushImage(const QString &source, const QString &target, const RegistryLogin &login, QObject *context,
                   std::function<void(const QString &)> progress, Callback done) override;
    void pullImage(const QString &reference, const RegistryLogin &login, QObject *context,
                   std::function<void(const QString &)> progress, Callback done) override;
    void pruneImages(QObject *context, Callback done) override;

    bool canInjectFaults() const override { return true; }
    void nodeOperation(const QString &node, NodeOperation op, QObject *context, Callback done) override;
    void crashContainer(const QString &ns, const QString &pod, QObject *context, Callback done) override;
    void patchObject(const ObjectRef &ref, const QByteArray &patch, const QString &line, QObject *context,
                     Callback done) override;
    void scale(const ObjectRef &ref, int replicas, QObject *context, Callback done) override;
    void autoscale(const ObjectRef &deployment, int min, int max, int cpuPercent, QObject *context,
                   Callback done) override;
    void rollback(const ObjectRef &ref, qint64 revision, QObject *context, Callback done) override;
    void rolloutAction(const ObjectRef &ref, RolloutAction action, QObject *context, Callback done) override;
    void containerFault(const QString &ns, const QString &pod, ContainerFault fault, QObject *context,
                        Callback done) override;
    void failImagePulls(const QString &image, bool fail, QObject *context, Callback done) override;
    void addNodes(int count, NodeSize preset, QObject *context, Callback done) override;
    void removeNode(const QString &node, QObject *context, Callback done) override;
    bool hasUsage() const override { return true; }
    void fetchUsage(QObject *context, std::function<void(const UsageSnapshot &)> done, bool pods = false) override;
    void fetchNodeHistory(const QString &node, QObject *context,
                          std::function<void(const QList<UsageSample> &)> done) override;
    void fetchLogs(const QString &ns, const QString &pod, const QString &container, int tail, bool previous,
                   QObject *context, std::function<void(const LogResult &)> done) override;
    quint64 followLogs(const QString &ns, const QString &pod, const QString &container, QObject *context,
                       std::function<void(const LogResult &)> onLines) override;
    void stopFollowingLogs(quint64 id) override;
    void fetchContainerConfig(const QString &ns, const QString &pod, const QString &container, QObject *context,
                              std::function<void(const ContainerConfig &)> done) override;

    bool canSimulateTraffic() const override { return true; }
    void setServiceTraffic(const ObjectRef &service, double requestsPerSecond, QObject *context, Callback done) override;
    void setTrafficWeights(const ObjectRef &service, const QList<QPair<QString, double>> &weights, QObject *context,
                           Callback done) override;
    void watchTraffic(bool on, const ObjectRef &registryOf = {}) override;

    bool canServeKubernetesApi() const override { return true; }
    void serveKubernetesApi(QObject *context, std::function<void(const KubectlAccess &)> done) override;
    bool canServeDockerApi() const override { return true; }
    void serveDockerApi(QObject *context, std::function<void(const DockerAccess &)> done) override;

    bool canRunContainers() const override { return true; }
    void runContainer(const ContainerRunSpec &spec, QObject *context, Callback done) override;
    void startContainer(const QString &idOrName, QObject *context, Callback done) override;
    void stopContainer(const QString &idOrName, QObject *context, Callback done) override;
    void restartContainer(const QString &idOrName, QObject *context, Callback done) override;
    void killContainer(const QString &idOrName, QObject *context, Callback done) override;
    void removeContainer(const QString &idOrName, bool force, QObject *context, Callback done) override;
    void containerLogs(const QString &idOrName, int tail, qint64 since, QObject *context,
                       std::function<void(const ContainerLogResult &)> done) override;

    bool hasClock() const override { return true; }
    engine::ClockState clock() const override;
    void setClockMode(engine::ClockMode mode) override;
    void setSpeed(double speed) override;
    void step() override;

    /// The engine, for tests and headless use.
    engine::Engine &engine() { return *m_engine; }
    static constexpr int kTrafficIntervalMs = 500;

private:
    void onEngineEvents(std::span<const engine::store::WatchEvent> events);
    bool canDeliverChanges() const override { return m_started; }
    void onStartFinished(const engine::Status &status);
    void drainBuildEvents();
    void observeApiBuilds();
    void pollTraffic();
    void onTraffic(const TrafficSnapshot &snapshot, std::uint64_t ticks);
    /// Hands a command's result to the GUI thread, to `done` if `context` still exists then.
    void answer(const QPointer<QObject> &context, const Callback &done, const CommandResult &result);
    /// Runs `f` on the GUI thread if `context` still exists then (from the engine thread).
    void deliver(const QPointer<QObject> &context, std::function<void()> f);
    std::atomic<quint64> m_nextFollow{1};
    std::map<quint64, std::uint64_t> m_follows; ///< engine thread: our id → the runtime's follower id

    std::thread m_serveThread; ///< starts the API server
    std::vector<std::pair<QPointer<QObject>, std::function<void(const KubectlAccess &)>>> m_serveWaiting;
    KubectlAccess m_access;    ///< once served
    std::thread m_dockerThread; ///< starts the Docker Engine API server
    std::vector<std::pair<QPointer<QObject>, std::function<void(const DockerAccess &)>>> m_dockerWaiting;
    DockerAccess m_dockerAccess; ///< once served
    Options m_options;
    std::unique_ptr<engine::Engine> m_engine;
    QThread *m_opener = nullptr; ///< opens the sandbox off the GUI thread
    bool m_started = false;
    QStringList m_warnings;

    std::mutex m_buildMutex;
    std::vector<std::pair<quint64, engine::image::BuildEvent>> m_buildPending;
    std::vector<std::pair<quint64, QString>> m_externalBuilds; ///< started by API clients, not announced yet
    std::atomic<bool> m_buildArmed{false};
    QTimer m_clockTimer;
    engine::ClockState m_lastClock;
    // traffic delivery: one request to the engine at a time, on a timer, only while watched
    QTimer m_trafficTimer;
    bool m_trafficInFlight = false;
    bool m_trafficDirty = false; ///< asked again while a request was out
    engine::TimeMs m_trafficSince = 0; ///< samples up to this time were delivered
    std::uint64_t m_trafficTicks = 0;
    double m_trafficRates = -1;
    ObjectRef m_registryOf;
    std::vector<engine::cluster::RegistryService> m_lastRegistry;
};

} // namespace flotilla::backends
