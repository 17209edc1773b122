#pragma once

#include "backend.h"
#include "dockerclient.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace flotilla::backends {

/// A real Docker Engine through its socket (DOCKER_HOST, default /var/run/docker.sock): on a worker
/// thread the containers (listed and inspected) and the images, then `/events`, re-reading what an event
/// names; a dropped event stream is opened again from where it was (`since`) after listing again. Objects
/// are Container and Image objects of the sandbox's shape, so the same models show them. Commands (run,
/// start, stop, restart, kill, remove, logs, builds, tags, removal of images) run on worker threads and
/// answer on the GUI thread with dockerd's own messages. Ages count on the wall clock.
class DockerBackend final : public Backend {
    Q_OBJECT
public:
    /// `host` as DOCKER_HOST writes it; empty: DOCKER_HOST, else the default socket.
    explicit DockerBackend(const QString &host = {}, QObject *parent = nullptr);
    ~DockerBackend() override;

    /// True when an engine answers `/_ping` at `host` within `timeoutMs` (blocks: not on the GUI thread
    /// for long; a missing unix socket answers at once).
    static bool engineAnswers(const QString &host = {}, int timeoutMs = 1500);

    QString displayName() const override;
    bool isSimulated() const override { return false; }
    bool hasCluster() const override { return false; }
    void start() override;
    bool isStarted() const override { return m_started; }
    const DockerClient &client() const { return m_client; }

    void applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done) override;
    void deleteObject(const ObjectRef &ref, QObject *context, Callback done) override;

    bool canBuild() const override { return true; }
    quint64 build(const BuildSpec &spec) override;
    void cancelBuild(quint64 id) override;
    void tagImage(const QString &image, const QString &tag, QObject *context, Callback done) override;
    void removeImage(const QString &image, bool force, QObject *context, Callback done) override;
    /// `POST /images/{name}/push` (tagged as `target` first when it differs); the engine talks to the registry.
    void pushImage(const QString &source, const QString &target, const RegistryLogin &login, QObject *context,
                   std::function<void(const QString &)> progress, Callback done) override;
    /// `POST /images/create?fromImage=…`.
    void pullImage(const QString &reference, const RegistryLogin &login, QObject *context,
                   std::function<void(const QString &)> progress, Callback done) override;
    /// A JSON progress line of a push or pull as text ("a1b2c3d4e5f6: Pushing 40 %"); empty for none.
    static QString progressText(const nlohmann::json &line);

    bool canRunContainers() const override { return true; }
    void runContainer(const ContainerRunSpec &spec, QObject *context, Callback done) override;
    void startContainer(const QString &idOrName, QObject *context, Callback done) override;
    void stopContainer(const QString &idOrName, QObject *context, Callback done) override;
    void restartContainer(const QString &idOrName, QObject *context, Callback done) override;
    void killContainer(const QString &idOrName, QObject *context, Callback done) override;
    void removeContainer(const QString &idOrName, bool force, QObject *context, Callback done) override;
    void containerLogs(const QString &idOrName, int tail, qint64 since, QObject *context,
                       std::function<void(const ContainerLogResult &)> done) override;

    /// A container's inspect answer (`GET /containers/{id}/json`) as the sandbox's Container object.
    static engine::api::ObjectPtr containerObject(const nlohmann::json &inspect);
    /// Log stream bytes (multiplexed or not, with `timestamps=1`) as lines.
    static ContainerLogResult parseLogStream(const QByteArray &body);
    /// The tar the engine builds from: the context folder's files (.dockerignore honoured) and the
    /// Dockerfile text under `dockerfileName`. Empty `contextDir`: the Dockerfile alone.
    static engine::Result<std::string> contextTar(const QString &contextDir, const QString &dockerfileText,
                                                  const QString &dockerfileName);

private:
    void follow();
    /// Lists containers and images again and reports what changed since the last list.
    bool relist();
    void refreshContainer(const std::string &id);
    void refreshImages();
    void emitChange(engine::store::WatchEvent::Type type, engine::api::MutableObjectPtr object);
    void runCommand(QObject *context, Callback done, std::function<CommandResult()> work);
    void simpleAction(const QString &idOrName, const QString &path, const QString &line, QObject *context, Callback done);

    DockerClient m_client;
    bool m_started = false;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::int64_t m_nextVersion = 1;
    std::unordered_map<std::string, engine::api::ObjectPtr> m_containers; ///< by id (worker thread)
    std::unordered_map<std::string, engine::api::ObjectPtr> m_images;     ///< by object name (worker thread)
    /// Image details (history, config) by image id: they never change for an id.
    std::unordered_map<std::string, nlohmann::json> m_imageDetails;

    struct Build {
        std::shared_ptr<std::atomic<bool>> stop;
        std::thread thread;
    };
    quint64 m_nextBuild = 1;
    std::unordered_map<quint64, Build> m_builds;
};

} // namespace flotilla::backends
