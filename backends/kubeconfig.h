#pragma once

#include <engine/common/result.h>

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace flotilla::backends {

/// A credential plugin a user runs to get a token or a client certificate
/// (client.authentication.k8s.io/v1, as `aws eks get-token` or `gke-gcloud-auth-plugin` are).
struct ExecPlugin {
    QString apiVersion;
    QString command;
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
};

/// A cluster entry of a kubeconfig: where it is and how to trust it.
struct KubeCluster {
    QString name;
    QString server;
    QString certificateAuthority;   ///< a CA file, resolved against its kubeconfig's folder
    QByteArray certificateAuthorityData; ///< PEM
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString sourceFile;
};

/// A user entry: how to prove who one is.
struct KubeUser {
    QString name;
    QString token;
    QString tokenFile;
    QString clientCertificate, clientKey;             ///< files
    QByteArray clientCertificateData, clientKeyData;  ///< PEM
    QString username, password;                        ///< basic authentication
    bool hasExec = false;
    ExecPlugin exec;
    QString sourceFile;
};

struct KubeContext {
    QString name, cluster, user, ns;
    QString sourceFile;
};

/// What a connection needs, everything read: the server, the CA, the credentials, the namespace.
struct ResolvedContext {
    QString context, server, ns;
    QByteArray caPem;            ///< empty: the system's trust store
    bool insecureSkipTlsVerify = false;
    QString tlsServerName;
    QString token;
    QByteArray clientCertPem, clientKeyPem;
    QString username, password;
};

/// Kubeconfig files as kubectl reads them: the `KUBECONFIG` list (':'-separated) or `~/.kube/config`,
/// merged so that the first file that sets a cluster, user, context or the current context wins; relative
/// paths are taken from the folder of the file that names them. Errors name the file, line and column
/// ("~/.kube/config:12:7: users[0].user.token: must be a string").
class KubeConfig {
public:
    /// The files kubectl would read: `KUBECONFIG` (or `kubeconfigEnv` when given), else ~/.kube/config.
    static QStringList defaultFiles(const QString &kubeconfigEnv = {}, bool useEnvironment = true);
    /// Reads and merges `files`; a file listed in KUBECONFIG that does not exist is skipped (as kubectl
    /// does), any other problem is an error.
    static engine::Result<KubeConfig> load(const QStringList &files);
    /// One document's text (for tests and for a kubeconfig written by Flotilla).
    static engine::Result<KubeConfig> parse(const QString &text, const QString &fileName);

    QList<KubeContext> contexts;
    QList<KubeCluster> clusters;
    QList<KubeUser> users;
    QString currentContext;

    const KubeContext *context(const QString &name) const;
    const KubeCluster *cluster(const QString &name) const;
    const KubeUser *user(const QString &name) const;

    /// Reads what `context` (empty: the current one) needs: files, data, and the exec plugin's answer
    /// (it runs the plugin, at most `execTimeoutMs`). Errors say which entry and why.
    engine::Result<ResolvedContext> resolve(const QString &context = {}, int execTimeoutMs = 10'000) const;

private:
    void merge(const KubeConfig &later);
};

} // namespace flotilla::backends
