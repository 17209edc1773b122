#pragma once

#include "backend.h"
#include "kubeconfig.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flotilla::backends {

/// Something a window can show: a sandbox of this machine, a context of a kubeconfig or a Docker engine.
struct ConnectionTarget {
    enum class Kind { Sandbox, KubeContext, DockerEngine };
    Kind kind = Kind::Sandbox;
    QString name;               ///< the sandbox's or the context's name
    QString dataDir;            ///< Sandbox: where sandboxes are kept (empty: the user's data folder)
    QStringList kubeconfigFiles; ///< KubeContext: the files it was read from, in KUBECONFIG order
    QString server;             ///< KubeContext: the cluster's address, for display; DockerEngine: its DOCKER_HOST

    /// "local (sandbox)", "prod (https://10.0.0.1:6443)".
    QString label() const;
    /// Sandbox "local" and context "local" are different targets.
    QString key() const;
    bool operator==(const ConnectionTarget &other) const { return key() == other.key(); }
};

/// What the context switcher offers: the sandboxes in `dataDir` (always `currentSandbox` among them,
/// first), then the Docker engine when one answers (findDockerEngine), then every context of `kubeconfigFiles` (the current context first). A kubeconfig that cannot
/// be read leaves its contexts out and says why in `problem`.
QList<ConnectionTarget> listConnectionTargets(const QString &dataDir, const QString &currentSandbox,
                                              const QStringList &kubeconfigFiles, QString *problem = nullptr);

/// The Docker engine of DOCKER_HOST (else /var/run/docker.sock) when one answers there; a unix socket is
/// asked at once (`timeoutMs` at most), a TCP address is offered without asking (it may take long).
std::optional<ConnectionTarget> findDockerEngine(int timeoutMs = 500);

/// Reads what a context target needs (files, data, an exec plugin's answer: it may take seconds, so run it
/// off the GUI thread). Errors name the kubeconfig file and entry.
engine::Result<ResolvedContext> resolveConnection(const ConnectionTarget &target);

} // namespace flotilla::backends
