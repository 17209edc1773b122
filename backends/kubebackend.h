#pragma once

#include "backend.h"
#include "kubeclient.h"

#include <QElapsedTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace flotilla::backends {

/// A Kubernetes cluster through its API server, as a kubeconfig context reaches it: per kind a list
/// (in pages) and then a watch from the list's resourceVersion, on its own worker thread; a watch that
/// ends is opened again from the last version seen, and a version that is too old (410 Gone) lists again
/// (objects gone meanwhile are reported deleted). Changes reach the GUI thread in batches like the
/// sandbox's. Kinds the server does not serve are skipped. An unreachable server, a 401 or a 403 are
/// reported plainly (failed() before the first list, problemChanged() later, with the server's message).
/// Commands: apply (server-side apply, one document at a time), delete, scale, patches (set image, rollout
/// restart), rollout undo; logs, followed as they come.
class KubeBackend final : public Backend {
    Q_OBJECT
public:
    static constexpr int kPageSize = 500;

    explicit KubeBackend(ResolvedContext context, QObject *parent = nullptr);
    ~KubeBackend() override;

    QString displayName() const override { return m_client.context().context; }
    bool isSimulated() const override { return false; }
    void start() override;
    bool isStarted() const override { return m_started; }

    void applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done) override;
    void deleteObject(const ObjectRef &ref, QObject *context, Callback done) override;
    void scale(const ObjectRef &ref, int replicas, QObject *context, Callback done) override;
    void patchObject(const ObjectRef &ref, const QByteArray &patch, const QString &line, QObject *context,
                     Callback done) override;
    /// The Deployment's HorizontalPodAutoscaler, by server-side apply.
    void autoscale(const ObjectRef &deployment, int min, int max, int cpuPercent, QObject *context, Callback done) override;
    /// As `kubectl rollout undo`: the Deployment's template becomes the one of its ReplicaSet of that revision.
    void rollback(const ObjectRef &ref, qint64 revision, QObject *context, Callback done) override;
    void fetchLogs(const QString &ns, const QString &pod, const QString &container, int tail, bool previous,
                   QObject *context, std::function<void(const LogResult &)> done) override;
    quint64 followLogs(const QString &ns, const QString &pod, const QString &container, QObject *context,
                       std::function<void(const LogResult &)> onLines) override;
    void stopFollowingLogs(quint64 id) override;
    /// Lines of `GET …/log?timestamps=true` ("2026-11-27T10:00:00.123456789Z text") as a LogResult.
    static LogResult parseLogLines(const QByteArray &body);

    /// The API path of a kind's collection (`ns` empty: all namespaces) or of one object.
    static QString collectionPath(std::string_view kind, const QString &ns = {});
    static QString objectPath(std::string_view kind, const QString &ns, const QString &name);

private:
    void watchKind(std::string_view kind);
    /// Runs `work` on a worker thread and answers `done` on the GUI thread while `context` lives.
    void runCommand(QObject *context, Callback done, std::function<CommandResult()> work);

    KubeClient m_client;
    bool m_started = false;
    std::atomic<bool> m_stop{false};
    std::vector<std::thread> m_threads;
    quint64 m_nextFollow = 1;
    std::unordered_map<quint64, std::shared_ptr<std::atomic<bool>>> m_follows; ///< stop flags of followed logs
};

} // namespace flotilla::backends
