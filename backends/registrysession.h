#pragma once

#include "backend.h"

#include <engine/image/registry.h>

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace flotilla::backends {

/// What a registry says about one tag: its manifest and the config it names.
struct RegistryManifestInfo {
    QString repository, tag;
    QString mediaType;
    QString digest;
    struct Layer {
        QString digest, mediaType;
        qint64 size = 0;
    };
    QList<Layer> layers;
    qint64 size = 0;      ///< the layers together
    QString created;      ///< from the config
    QString architecture, os;
    QStringList entrypoint, cmd, env, exposedPorts;
    QString manifestJson; ///< indented
};

/// The registry client's options for a login (credentials and TLS settings).
engine::image::RegistryOptions registryOptions(const RegistryLogin &login);

/// A registry browsed from the window (OCI distribution API): repositories, tags, manifests. Every request
/// runs on a worker thread; answers arrive as signals on the GUI thread. The credentials stay in memory.
class RegistrySession final : public QObject {
    Q_OBJECT
public:
    explicit RegistrySession(QObject *parent = nullptr);
    ~RegistrySession() override; ///< waits for requests still running

    /// Checks the registry (GET /v2/) and lists its repositories.
    void open(const QString &registry, const RegistryLogin &login);
    void listTags(const QString &repository);
    void readManifest(const QString &repository, const QString &tag);
    /// Deletes the manifest `tag` points to (and so every tag of the same manifest).
    void deleteTag(const QString &repository, const QString &tag);
    QString registry() const { return m_registry; }
    RegistryLogin login() const { return m_login; }
    /// How the registry was reached at the last open: "HTTPS, certificate checked", "plain HTTP", …
    QString transport() const { return m_transport; }

signals:
    void opened(bool ok, const QString &error, const QStringList &repositories);
    void tagsArrived(const QString &repository, const QStringList &tags, const QString &error);
    void tagDeleted(const QString &repository, const QString &tag, const QString &error);
    void manifestArrived(const flotilla::backends::RegistryManifestInfo &info, const QString &error);

private:
    void run(std::function<void()> work);

    QString m_registry;
    RegistryLogin m_login;
    QString m_transport;
    std::vector<std::unique_ptr<class QThread>> m_workers;
};

} // namespace flotilla::backends
