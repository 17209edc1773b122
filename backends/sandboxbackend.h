#pragma once

#include "backend.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>

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
    void pruneImages(QObject *context, Callback done) override;

    bool canInjectFaults() const override { return true; }
    void nodeOperation(const QString &node, NodeOperation op, QObject *context, Callback done) override;
    void crashContainer(const QString &ns, const QString &pod, QObject *context, Callback done) override;
    void scale(const ObjectRef &ref, int replicas, QObject *context, Callback done) override;
    void rollback(const ObjectRef &ref, qint64 revision, QObject *context, Callback done) override;

    bool hasClock() const override { return true; }
    engine::ClockState clock() const override;
    void setClockMode(engine::ClockMode mode) override;
    void setSpeed(double speed) override;
    void step() override;

    /// The engine, for tests and headless use.
    engine::Engine &engine() { return *m_engine; }
    static constexpr int kBatchIntervalMs = 33;

private:
    void onEngineEvents(std::span<const engine::store::WatchEvent> events);
    void scheduleDrain();
    void drain();
    void onStartFinished(const engine::Status &status);
    void drainBuildEvents();
    /// Hands a command's result to the GUI thread, to `done` if `context` still exists then.
    void answer(const QPointer<QObject> &context, const Callback &done, const CommandResult &result);

    Options m_options;
    std::unique_ptr<engine::Engine> m_engine;
    QThread *m_opener = nullptr; ///< opens the sandbox off the GUI thread
    bool m_started = false;
    QStringList m_warnings;

    std::mutex m_mutex;
    std::vector<engine::store::WatchEvent> m_pending;
    std::atomic<bool> m_armed{false};
    QElapsedTimer m_sinceDrain;
    std::mutex m_buildMutex;
    std::vector<std::pair<quint64, engine::image::BuildEvent>> m_buildPending;
    std::atomic<bool> m_buildArmed{false};
    QTimer m_clockTimer;
    engine::ClockState m_lastClock;
};

} // namespace flotilla::backends
