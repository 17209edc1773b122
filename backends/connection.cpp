#include "connection.h"

#include "dockerbackend.h"

#include <engine/sandbox/sandbox.h>

#include <QDir>
#include <QFileInfo>

namespace flotilla::backends {

QString ConnectionTarget::label() const
{
    if (kind == Kind::Sandbox)
        return QObject::tr("%1 (sandbox)").arg(name);
    if (kind == Kind::DockerEngine)
        return QObject::tr("Docker engine (%1)").arg(server);
    return server.isEmpty() ? name : QObject::tr("%1 (%2)").arg(name, server);
}

QString ConnectionTarget::key() const
{
    if (kind == Kind::DockerEngine)
        return QStringLiteral("docker:") + server;
    return (kind == Kind::Sandbox ? QStringLiteral("sandbox:") : QStringLiteral("context:")) + name;
}

QList<ConnectionTarget> listConnectionTargets(const QString &dataDir, const QString &currentSandbox,
                                              const QStringList &kubeconfigFiles, QString *problem)
{
    QList<ConnectionTarget> out;
    const QString root = dataDir.isEmpty() ? QString::fromStdString(engine::sandbox::defaultDataDir()) : dataDir;
    QStringList sandboxes;
    if (!currentSandbox.isEmpty())
        sandboxes << currentSandbox;
    // a sandbox is a folder with its database
    const auto dirs = QDir(root + QStringLiteral("/sandboxes")).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : dirs)
        if (!sandboxes.contains(name) && !QDir(root + QStringLiteral("/sandboxes/") + name).entryList(QDir::Files).isEmpty())
            sandboxes << name;
    for (const QString &name : sandboxes) {
        ConnectionTarget t;
        t.kind = ConnectionTarget::Kind::Sandbox;
        t.name = name;
        t.dataDir = dataDir;
        out << t;
    }
    if (const auto docker = findDockerEngine())
        out << *docker;
    if (kubeconfigFiles.isEmpty())
        return out;
    const auto config = KubeConfig::load(kubeconfigFiles);
    if (!config.ok()) {
        if (problem)
            *problem = QString::fromStdString(config.error().toString());
        return out;
    }
    QList<ConnectionTarget> contexts;
    for (const KubeContext &c : config->contexts) {
        ConnectionTarget t;
        t.kind = ConnectionTarget::Kind::KubeContext;
        t.name = c.name;
        t.kubeconfigFiles = kubeconfigFiles;
        if (const KubeCluster *cluster = config->cluster(c.cluster))
            t.server = cluster->server;
        if (c.name == config->currentContext)
            contexts.prepend(t);
        else
            contexts << t;
    }
    return out + contexts;
}

std::optional<ConnectionTarget> findDockerEngine(int timeoutMs)
{
    const QString host = DockerClient::defaultHost();
    if (host.startsWith(QLatin1String("unix://")) && !DockerBackend::engineAnswers(host, timeoutMs))
        return std::nullopt;
    if (!DockerClient(host).hostError().isEmpty())
        return std::nullopt;
    ConnectionTarget t;
    t.kind = ConnectionTarget::Kind::DockerEngine;
    t.name = QStringLiteral("docker");
    t.server = host;
    return t;
}

engine::Result<ResolvedContext> resolveConnection(const ConnectionTarget &target)
{
    if (target.kind != ConnectionTarget::Kind::KubeContext)
        return engine::Error::make(engine::Error::Code::Invalid, "a sandbox has no kubeconfig context");
    const auto config = KubeConfig::load(target.kubeconfigFiles);
    if (!config.ok())
        return config.error();
    return config->resolve(target.name);
}

} // namespace flotilla::backends
