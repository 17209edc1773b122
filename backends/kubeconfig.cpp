#include "kubeconfig.h"

#include <engine/api/codec.h>
#include <engine/api/object.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#include <nlohmann/json.hpp>

namespace flotilla::backends {

namespace {
using engine::Error;
using Json = nlohmann::json;

std::string str(const QString &s) { return s.toStdString(); }
QString qs(const std::string &s) { return QString::fromStdString(s); }

/// Reads one kubeconfig document's fields, each problem located in its file.
class Reader {
public:
    Reader(const engine::api::Document &doc, const QString &file) : m_doc(doc), m_file(file) {}

    Error error(const std::string &path, const std::string &message) const
    {
        Error e = m_doc.locate(Error::make(Error::Code::Invalid, message, path));
        e.file = str(m_file);
        return e;
    }
    /// A string field; absent → empty.
    engine::Result<QString> string(const Json &parent, const char *key, const std::string &path) const
    {
        if (!parent.is_object() || !parent.contains(key) || parent[key].is_null())
            return QString();
        const Json &v = parent[key];
        if (!v.is_string())
            return error(path + "." + key, "must be a string");
        return qs(v.get<std::string>());
    }
    engine::Result<bool> boolean(const Json &parent, const char *key, const std::string &path) const
    {
        if (!parent.is_object() || !parent.contains(key) || parent[key].is_null())
            return false;
        if (!parent[key].is_boolean())
            return error(path + "." + key, "must be true or false");
        return parent[key].get<bool>();
    }
    /// Base64 data (PEM inside).
    engine::Result<QByteArray> data(const Json &parent, const char *key, const std::string &path) const
    {
        auto text = string(parent, key, path);
        if (!text.ok())
            return text.error();
        if (text->isEmpty())
            return QByteArray();
        auto decoded = QByteArray::fromBase64Encoding(text->toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return error(path + "." + key, "is not valid base64");
        return *decoded;
    }
    /// A path, relative ones taken from the kubeconfig's folder.
    engine::Result<QString> file(const Json &parent, const char *key, const std::string &path) const
    {
        auto text = string(parent, key, path);
        if (!text.ok() || text->isEmpty())
            return text;
        QString p = *text;
        if (p.startsWith(QLatin1String("~/")))
            p = QDir::homePath() + p.mid(1);
        return QFileInfo(p).isAbsolute() ? p : QFileInfo(m_file).absoluteDir().filePath(p);
    }
    /// A list of named entries ("clusters", "users", "contexts"): each {name, <inner>: {...}}.
    engine::Result<std::vector<std::pair<QString, const Json *>>> named(const Json &root, const char *list, const char *inner) const
    {
        std::vector<std::pair<QString, const Json *>> out;
        if (!root.contains(list) || root[list].is_null())
            return out;
        if (!root[list].is_array())
            return error(list, "must be a list");
        for (std::size_t i = 0; i < root[list].size(); ++i) {
            const std::string at = std::string(list) + "[" + std::to_string(i) + "]";
            const Json &entry = root[list][i];
            if (!entry.is_object())
                return error(at, "must be a map with name and " + std::string(inner));
            auto name = string(entry, "name", at);
            if (!name.ok())
                return name.error();
            if (name->isEmpty())
                return error(at + ".name", "is required");
            if (!entry.contains(inner) || !entry[inner].is_object())
                return error(at + "." + inner, "is required (a map)");
            out.emplace_back(*name, &entry[inner]);
        }
        return out;
    }

private:
    const engine::api::Document &m_doc;
    QString m_file;
};

Error plain(const std::string &message) { return Error::make(Error::Code::Invalid, message); }

engine::Result<QByteArray> readFile(const QString &path, const std::string &what)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(Error::Code::Io, what + ": cannot read " + str(path) + ": " + str(f.errorString()));
    return f.readAll();
}
} // namespace

QStringList KubeConfig::defaultFiles(const QString &kubeconfigEnv, bool useEnvironment)
{
    QString list = kubeconfigEnv;
    if (list.isEmpty() && useEnvironment)
        list = qEnvironmentVariable("KUBECONFIG");
    if (!list.isEmpty()) {
        QStringList files;
        for (const QString &f : list.split(QLatin1Char(':'), Qt::SkipEmptyParts))
            if (!files.contains(f))
                files << f;
        return files;
    }
    return {QDir::homePath() + QStringLiteral("/.kube/config")};
}

engine::Result<KubeConfig> KubeConfig::parse(const QString &text, const QString &fileName)
{
    auto docs = engine::api::parseDocuments(text.toStdString());
    if (!docs.ok()) {
        Error e = docs.error();
        e.file = str(fileName);
        return e;
    }
    KubeConfig out;
    if (docs->empty())
        return out;
    if (docs->size() > 1) {
        Error e = plain("a kubeconfig is one YAML document, this file has " + std::to_string(docs->size()));
        e.file = str(fileName);
        return e;
    }
    const engine::api::Document &doc = docs->front();
    const Reader r(doc, fileName);
    const Json &root = doc.json;
    if (!root.is_object())
        return r.error("", "a kubeconfig is a map (apiVersion: v1, kind: Config)");
    if (auto kind = r.string(root, "kind", ""); !kind.ok())
        return kind.error();
    else if (!kind->isEmpty() && *kind != QLatin1String("Config"))
        return r.error("kind", "must be Config, not " + str(*kind));

    auto current = r.string(root, "current-context", "");
    if (!current.ok())
        return current.error();
    out.currentContext = *current;

    auto clusters = r.named(root, "clusters", "cluster");
    if (!clusters.ok())
        return clusters.error();
    for (std::size_t i = 0; i < clusters->size(); ++i) {
        const auto &[name, c] = (*clusters)[i];
        const std::string at = "clusters[" + std::to_string(i) + "].cluster";
        KubeCluster k;
        k.name = name;
        k.sourceFile = fileName;
        auto server = r.string(*c, "server", at);
        auto caFile = r.file(*c, "certificate-authority", at);
        auto caData = r.data(*c, "certificate-authority-data", at);
        auto insecure = r.boolean(*c, "insecure-skip-tls-verify", at);
        auto sni = r.string(*c, "tls-server-name", at);
        for (const engine::Status &s : {server.ok() ? engine::Status{} : engine::Status(server.error()),
                                        caFile.ok() ? engine::Status{} : engine::Status(caFile.error()),
                                        caData.ok() ? engine::Status{} : engine::Status(caData.error()),
                                        insecure.ok() ? engine::Status{} : engine::Status(insecure.error()),
                                        sni.ok() ? engine::Status{} : engine::Status(sni.error())})
            if (!s.ok())
                return s.error();
        if (server->isEmpty())
            return r.error(at + ".server", "is required (https://host:port)");
        k.server = *server;
        k.certificateAuthority = *caFile;
        k.certificateAuthorityData = *caData;
        k.insecureSkipTlsVerify = *insecure;
        k.tlsServerName = *sni;
        out.clusters << k;
    }

    auto users = r.named(root, "users", "user");
    if (!users.ok())
        return users.error();
    for (std::size_t i = 0; i < users->size(); ++i) {
        const auto &[name, u] = (*users)[i];
        const std::string at = "users[" + std::to_string(i) + "].user";
        KubeUser k;
        k.name = name;
        k.sourceFile = fileName;
        auto token = r.string(*u, "token", at);
        auto tokenFile = r.file(*u, "tokenFile", at);
        auto cert = r.file(*u, "client-certificate", at);
        auto key = r.file(*u, "client-key", at);
        auto certData = r.data(*u, "client-certificate-data", at);
        auto keyData = r.data(*u, "client-key-data", at);
        auto username = r.string(*u, "username", at);
        auto password = r.string(*u, "password", at);
        for (const engine::Status &s :
             {token.ok() ? engine::Status{} : engine::Status(token.error()), tokenFile.ok() ? engine::Status{} : engine::Status(tokenFile.error()),
              cert.ok() ? engine::Status{} : engine::Status(cert.error()), key.ok() ? engine::Status{} : engine::Status(key.error()),
              certData.ok() ? engine::Status{} : engine::Status(certData.error()), keyData.ok() ? engine::Status{} : engine::Status(keyData.error()),
              username.ok() ? engine::Status{} : engine::Status(username.error()), password.ok() ? engine::Status{} : engine::Status(password.error())})
            if (!s.ok())
                return s.error();
        k.token = *token;
        k.tokenFile = *tokenFile;
        k.clientCertificate = *cert;
        k.clientKey = *key;
        k.clientCertificateData = *certData;
        k.clientKeyData = *keyData;
        k.username = *username;
        k.password = *password;
        if ((k.clientCertificate.isEmpty() && k.clientCertificateData.isEmpty()) !=
            (k.clientKey.isEmpty() && k.clientKeyData.isEmpty()))
            return r.error(at, "a client certificate needs its key, and a key its certificate");
        if (u->contains("exec") && !(*u)["exec"].is_null()) {
            const Json &e = (*u)["exec"];
            const std::string ex = at + ".exec";
            if (!e.is_object())
                return r.error(ex, "must be a map (apiVersion, command, args, env)");
            k.hasExec = true;
            auto api = r.string(e, "apiVersion", ex);
            auto command = r.string(e, "command", ex);
            auto hint = r.string(e, "installHint", ex);
            auto clusterInfo = r.boolean(e, "provideClusterInfo", ex);
            for (const engine::Status &s : {api.ok() ? engine::Status{} : engine::Status(api.error()),
                                            command.ok() ? engine::Status{} : engine::Status(command.error()),
                                            hint.ok() ? engine::Status{} : engine::Status(hint.error()),
                                            clusterInfo.ok() ? engine::Status{} : engine::Status(clusterInfo.error())})
                if (!s.ok())
                    return s.error();
            if (command->isEmpty())
                return r.error(ex + ".command", "is required");
            if (*api != QLatin1String("client.authentication.k8s.io/v1") &&
                *api != QLatin1String("client.authentication.k8s.io/v1beta1"))
                return r.error(ex + ".apiVersion", "must be client.authentication.k8s.io/v1 (or v1beta1), not \"" + str(*api) + "\"");
            k.exec.apiVersion = *api;
            k.exec.command = *command;
            k.exec.installHint = *hint;
            k.exec.provideClusterInfo = *clusterInfo;
            if (e.contains("args") && !e["args"].is_null()) {
                if (!e["args"].is_array())
                    return r.error(ex + ".args", "must be a list of strings");
                for (std::size_t a = 0; a < e["args"].size(); ++a) {
                    if (!e["args"][a].is_string())
                        return r.error(ex + ".args[" + std::to_string(a) + "]", "must be a string");
                    k.exec.args << qs(e["args"][a].get<std::string>());
                }
            }
            if (e.contains("env") && !e["env"].is_null()) {
                if (!e["env"].is_array())
                    return r.error(ex + ".env", "must be a list of {name, value}");
                for (std::size_t a = 0; a < e["env"].size(); ++a) {
                    const std::string ep = ex + ".env[" + std::to_string(a) + "]";
                    auto n = r.string(e["env"][a], "name", ep);
                    auto v = r.string(e["env"][a], "value", ep);
                    if (!n.ok())
                        return n.error();
                    if (!v.ok())
                        return v.error();
                    if (n->isEmpty())
                        return r.error(ep + ".name", "is required");
                    k.exec.env.append({*n, *v});
                }
            }
        }
        out.users << k;
    }

    auto contexts = r.named(root, "contexts", "context");
    if (!contexts.ok())
        return contexts.error();
    for (std::size_t i = 0; i < contexts->size(); ++i) {
        const auto &[name, c] = (*contexts)[i];
        const std::string at = "contexts[" + std::to_string(i) + "].context";
        auto cluster = r.string(*c, "cluster", at);
        auto user = r.string(*c, "user", at);
        auto ns = r.string(*c, "namespace", at);
        if (!cluster.ok())
            return cluster.error();
        if (!user.ok())
            return user.error();
        if (!ns.ok())
            return ns.error();
        if (cluster->isEmpty())
            return r.error(at + ".cluster", "is required");
        out.contexts << KubeContext{name, *cluster, *user, *ns, fileName};
    }
    return out;
}

void KubeConfig::merge(const KubeConfig &later)
{
    // the first file that sets something wins, as kubectl merges KUBECONFIG
    if (currentContext.isEmpty())
        currentContext = later.currentContext;
    for (const auto &c : later.clusters)
        if (!cluster(c.name))
            clusters << c;
    for (const auto &u : later.users)
        if (!user(u.name))
            users << u;
    for (const auto &c : later.contexts)
        if (!context(c.name))
            contexts << c;
}

engine::Result<KubeConfig> KubeConfig::load(const QStringList &files)
{
    KubeConfig out;
    bool any = false;
    for (const QString &path : files) {
        QFile f(path);
        if (!f.exists())
            continue; // kubectl skips missing files of the list
        if (!f.open(QIODevice::ReadOnly)) {
            Error e = Error::make(Error::Code::Io, "cannot read: " + str(f.errorString()));
            e.file = str(path);
            return e;
        }
        auto one = parse(QString::fromUtf8(f.readAll()), path);
        if (!one.ok())
            return one.error();
        out.merge(*one);
        any = true;
    }
    if (!any)
        return Error::make(Error::Code::NotFound, "no kubeconfig file found (looked for " + str(files.join(QStringLiteral(", "))) + ")");
    return out;
}

const KubeContext *KubeConfig::context(const QString &name) const
{
    for (const auto &c : contexts)
        if (c.name == name)
            return &c;
    return nullptr;
}

const KubeCluster *KubeConfig::cluster(const QString &name) const
{
    for (const auto &c : clusters)
        if (c.name == name)
            return &c;
    return nullptr;
}

const KubeUser *KubeConfig::user(const QString &name) const
{
    for (const auto &u : users)
        if (u.name == name)
            return &u;
    return nullptr;
}

engine::Result<ResolvedContext> KubeConfig::resolve(const QString &contextName, int execTimeoutMs) const
{
    const QString name = contextName.isEmpty() ? currentContext : contextName;
    if (name.isEmpty())
        return plain("no current context: choose one of " + str(([this] {
                         QStringList n;
                         for (const auto &c : contexts)
                             n << c.name;
                         return n.isEmpty() ? QStringLiteral("(none defined)") : n.join(QStringLiteral(", "));
                     })()));
    const KubeContext *ctx = context(name);
    if (!ctx)
        return Error::make(Error::Code::NotFound, "context \"" + str(name) + "\" is not defined in any kubeconfig file");
    const KubeCluster *cl = cluster(ctx->cluster);
    if (!cl)
        return Error::make(Error::Code::NotFound, "context \"" + str(name) + "\" names cluster \"" + str(ctx->cluster) +
                                                      "\", which no kubeconfig file defines");
    const KubeUser *us = ctx->user.isEmpty() ? nullptr : user(ctx->user);
    if (!ctx->user.isEmpty() && !us)
        return Error::make(Error::Code::NotFound, "context \"" + str(name) + "\" names user \"" + str(ctx->user) +
                                                      "\", which no kubeconfig file defines");
    ResolvedContext out;
    out.context = name;
    out.server = cl->server;
    out.ns = ctx->ns.isEmpty() ? QStringLiteral("default") : ctx->ns;
    out.insecureSkipTlsVerify = cl->insecureSkipTlsVerify;
    out.tlsServerName = cl->tlsServerName;
    if (!cl->certificateAuthorityData.isEmpty()) {
        out.caPem = cl->certificateAuthorityData;
    } else if (!cl->certificateAuthority.isEmpty()) {
        auto ca = readFile(cl->certificateAuthority, "cluster \"" + str(cl->name) + "\" certificate-authority");
        if (!ca.ok())
            return ca.error();
        out.caPem = *ca;
    }
    if (!us)
        return out;
    out.username = us->username;
    out.password = us->password;
    out.token = us->token;
    if (out.token.isEmpty() && !us->tokenFile.isEmpty()) {
        auto t = readFile(us->tokenFile, "user \"" + str(us->name) + "\" tokenFile");
        if (!t.ok())
            return t.error();
        out.token = QString::fromUtf8(*t).trimmed();
    }
    const auto pem = [&](const QByteArray &data, const QString &file, const char *what) -> engine::Result<QByteArray> {
        if (!data.isEmpty() || file.isEmpty())
            return data;
        return readFile(file, "user \"" + str(us->name) + "\" " + what);
    };
    auto cert = pem(us->clientCertificateData, us->clientCertificate, "client-certificate");
    if (!cert.ok())
        return cert.error();
    auto key = pem(us->clientKeyData, us->clientKey, "client-key");
    if (!key.ok())
        return key.error();
    out.clientCertPem = *cert;
    out.clientKeyPem = *key;

    if (us->hasExec && out.token.isEmpty() && out.clientCertPem.isEmpty()) {
        // the credential plugin: ExecCredential in KUBERNETES_EXEC_INFO, its answer on stdout
        const ExecPlugin &x = us->exec;
        Json info = {{"apiVersion", str(x.apiVersion)}, {"kind", "ExecCredential"}, {"spec", {{"interactive", false}}}};
        if (x.provideClusterInfo) {
            Json c = {{"server", str(cl->server)}, {"insecure-skip-tls-verify", cl->insecureSkipTlsVerify}};
            if (!out.caPem.isEmpty())
                c["certificate-authority-data"] = out.caPem.toBase64().toStdString();
            info["spec"]["cluster"] = c;
        }
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const auto &[k, v] : x.env)
            env.insert(k, v);
        env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromStdString(info.dump()));
        p.setProcessEnvironment(env);
        p.setWorkingDirectory(QFileInfo(us->sourceFile).absolutePath());
        p.start(x.command, x.args);
        const std::string who = "user \"" + str(us->name) + "\": credential plugin " + str(x.command);
        if (!p.waitForStarted(execTimeoutMs))
            return Error::make(Error::Code::NotFound, who + " could not be started: " + str(p.errorString()) +
                                                          (x.installHint.isEmpty() ? std::string() : "; " + str(x.installHint.trimmed())));
        if (!p.waitForFinished(execTimeoutMs)) {
            p.kill();
            p.waitForFinished(1000);
            return Error::make(Error::Code::Internal, who + " did not answer within " + std::to_string(execTimeoutMs / 1000) + " s");
        }
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
            return Error::make(Error::Code::Forbidden, who + " failed (exit " + std::to_string(p.exitCode()) +
                                                           "): " + str(QString::fromUtf8(p.readAllStandardError()).trimmed()));
        Json answer;
        try {
            answer = Json::parse(p.readAllStandardOutput().toStdString());
        } catch (const std::exception &e) {
            return Error::make(Error::Code::Invalid, who + " did not print an ExecCredential: " + e.what());
        }
        const Json &status = engine::api::field(answer, "status");
        out.token = qs(engine::api::stringField(status, "token"));
        out.clientCertPem = QByteArray::fromStdString(engine::api::stringField(status, "clientCertificateData"));
        out.clientKeyPem = QByteArray::fromStdString(engine::api::stringField(status, "clientKeyData"));
        if (out.token.isEmpty() && out.clientCertPem.isEmpty())
            return Error::make(Error::Code::Invalid, who + " printed no status.token nor status.clientCertificateData");
    }
    return out;
}

} // namespace flotilla::backends
