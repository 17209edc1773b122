#include "registrysession.h"

#include <engine/image/registry.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QThread>

namespace flotilla::backends {

namespace {

engine::image::RegistryClient client(const QString &registry, const RegistryLogin &login)
{
    engine::image::RegistryOptions o = registryOptions(login);
    o.timeoutSeconds = 30;
    return engine::image::RegistryClient(registry.toStdString(), o);
}

QStringList strings(const engine::api::Json &json)
{
    QStringList out;
    if (json.is_array())
        for (const auto &v : json)
            if (v.is_string())
                out << QString::fromStdString(v.get<std::string>());
    return out;
}

} // namespace

engine::image::RegistryOptions registryOptions(const RegistryLogin &login)
{
    engine::image::RegistryOptions o;
    o.auth.username = login.username.toStdString();
    o.auth.password = login.password.toStdString();
    o.caFile = login.caFile.toStdString();
    o.insecureSkipVerify = login.insecureSkipVerify;
    o.scheme = login.scheme.toStdString();
    return o;
}

RegistrySession::RegistrySession(QObject *parent) : QObject(parent) {}

RegistrySession::~RegistrySession()
{
    for (auto &w : m_workers)
        w->wait();
}

void RegistrySession::run(std::function<void()> work)
{
    // finished workers are dropped as new ones start
    std::erase_if(m_workers, [](const std::unique_ptr<QThread> &t) { return t->isFinished(); });
    m_workers.emplace_back(QThread::create(std::move(work)));
    m_workers.back()->start();
}

void RegistrySession::open(const QString &registry, const RegistryLogin &login)
{
    m_registry = registry.trimmed();
    m_login = login;
    QPointer<RegistrySession> self(this);
    run([self, registry = m_registry, login] {
        auto c = client(registry, login);
        QStringList repositories;
        QString error, transport;
        RegistryLogin found = login; // what the first contact found out, so that later requests need not ask again
        const auto pinged = c.ping();
        const bool https = c.endpoint().rfind("https:", 0) == 0;
        transport = !https ? tr("plain HTTP") : c.certificateChecked() ? tr("HTTPS, certificate checked")
                                                                       : tr("HTTPS, certificate not checked");
        if (pinged.ok()) {
            found.scheme = https ? QStringLiteral("https") : QStringLiteral("http");
            found.insecureSkipVerify = !c.certificateChecked();
        }
        if (!pinged.ok()) {
            error = QString::fromStdString(pinged.error().message);
        } else if (const auto repos = c.catalog(); !repos.ok()) {
            error = QString::fromStdString(repos.error().message);
        } else {
            for (const auto &r : *repos)
                repositories << QString::fromStdString(r);
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, registry, error, repositories, transport, found] {
                if (!self)
                    return;
                if (self->m_registry != registry)
                    return; // another registry was opened meanwhile
                self->m_transport = transport;
                self->m_login = found;
                emit self->opened(error.isEmpty(), error, repositories);
            },
            Qt::QueuedConnection);
    });
}

void RegistrySession::listTags(const QString &repository)
{
    QPointer<RegistrySession> self(this);
    run([self, registry = m_registry, login = m_login, repository] {
        auto c = client(registry, login);
        const auto tags = c.tags(repository.toStdString());
        QStringList list;
        if (tags.ok())
            for (const auto &t : *tags)
                list << QString::fromStdString(t);
        const QString error = tags.ok() ? QString() : QString::fromStdString(tags.error().message);
        QMetaObject::invokeMethod(
            qApp,
            [self, repository, list, error] {
                if (self)
                    emit self->tagsArrived(repository, list, error);
            },
            Qt::QueuedConnection);
    });
}

void RegistrySession::deleteTag(const QString &repository, const QString &tag)
{
    QPointer<RegistrySession> self(this);
    run([self, registry = m_registry, login = m_login, repository, tag] {
        auto c = client(registry, login);
        QString error;
        // the digest of the manifest as the registry keeps it (an index stays an index)
        const auto m = c.manifest(repository.toStdString(), tag.toStdString());
        if (!m.ok())
            error = QString::fromStdString(m.error().message);
        else if (const auto deleted = c.deleteManifest(repository.toStdString(), m->digest); !deleted.ok())
            error = QString::fromStdString(deleted.error().message);
        QMetaObject::invokeMethod(
            qApp,
            [self, repository, tag, error] {
                if (self)
                    emit self->tagDeleted(repository, tag, error);
            },
            Qt::QueuedConnection);
    });
}

void RegistrySession::readManifest(const QString &repository, const QString &tag)
{
    QPointer<RegistrySession> self(this);
    run([self, registry = m_registry, login = m_login, repository, tag] {
        using engine::api::Json;
        auto c = client(registry, login);
        RegistryManifestInfo info;
        info.repository = repository;
        info.tag = tag;
        QString error;
        auto m = c.manifest(repository.toStdString(), tag.toStdString());
        Json manifest;
        if (m.ok()) {
            manifest = Json::parse(m->body, nullptr, false);
            // an index or list: the linux/amd64 entry
            if (manifest.is_object() && manifest.contains("manifests"))
                for (const auto &e : manifest["manifests"])
                    if (e.value("platform", Json::object()).value("architecture", "") == "amd64") {
                        m = c.manifest(repository.toStdString(), e.value("digest", ""));
                        manifest = m.ok() ? Json::parse(m->body, nullptr, false) : Json();
                        break;
                    }
        }
        if (!m.ok()) {
            error = QString::fromStdString(m.error().message);
        } else if (!manifest.is_object()) {
            error = QObject::tr("the manifest is not JSON");
        } else {
            info.mediaType = QString::fromStdString(m->mediaType);
            info.digest = QString::fromStdString(m->digest);
            info.manifestJson = QString::fromStdString(manifest.dump(2));
            for (const auto &l : manifest.value("layers", Json::array())) {
                RegistryManifestInfo::Layer layer{QString::fromStdString(l.value("digest", "")),
                                                  QString::fromStdString(l.value("mediaType", "")), l.value("size", qint64(0))};
                info.size += layer.size;
                info.layers << layer;
            }
            // the config, for what the image runs
            const std::string configDigest = manifest.value("config", Json::object()).value("digest", "");
            const QString path = QDir::tempPath() + QStringLiteral("/flotilla-config-%1").arg(quintptr(QThread::currentThreadId()));
            if (!configDigest.empty() &&
                c.fetchBlob(repository.toStdString(), configDigest, 0, path.toStdString()).ok()) {
                QFile f(path);
                if (f.open(QIODevice::ReadOnly)) {
                    const Json config = Json::parse(f.readAll().toStdString(), nullptr, false);
                    if (config.is_object()) {
                        info.created = QString::fromStdString(config.value("created", ""));
                        info.architecture = QString::fromStdString(config.value("architecture", ""));
                        info.os = QString::fromStdString(config.value("os", ""));
                        const Json cc = config.value("config", Json::object());
                        info.entrypoint = strings(cc.value("Entrypoint", Json()));
                        info.cmd = strings(cc.value("Cmd", Json()));
                        info.env = strings(cc.value("Env", Json()));
                        const Json ports = cc.value("ExposedPorts", Json::object()); // kept: items() refers into it
                        for (const auto &[k, v] : ports.items())
                            info.exposedPorts << QString::fromStdString(k);
                    }
                }
                f.remove();
            }
        }
        QMetaObject::invokeMethod(
            qApp,
            [self, info, error] {
                if (self)
                    emit self->manifestArrived(info, error);
            },
            Qt::QueuedConnection);
    });
}

} // namespace flotilla::backends
