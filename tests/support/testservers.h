#pragma once

// Real servers for the tests, started on loopback in a temporary folder and stopped by their owner:
// free loopback ports, and a docker-registry of our own (plain HTTP or TLS with a CA made here; open, with
// htpasswd, or with the Docker token flow served by tests/integration/registry_token_server.py).

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QThread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace flotilla::testsupport {

inline bool portIsFree(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool free = ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
    ::close(fd);
    return free;
}

/// The first loopback TCP port at or after `from` that nothing listens on (0 when none of 500 is); with
/// `from` 0, one the system picks.
inline int freePort(int from = 0)
{
    if (from == 0) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a {};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof a;
        int port = 0;
        if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &size) == 0)
            port = ntohs(a.sin_port);
        ::close(fd);
        return port;
    }
    for (int port = from; port < from + 500; ++port)
        if (portIsFree(port))
            return port;
    return 0;
}

/// Waits until something listens on `port` (true) or `process` ends or `ms` pass (false).
inline bool waitForListener(int port, const QProcess &process, int ms = 15'000)
{
    for (int waited = 0; waited < ms; waited += 50) {
        if (!portIsFree(port))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
        QThread::msleep(50);
    }
    return false;
}

class TestRegistry {
public:
    enum class Auth { None, Htpasswd, Token };
    struct Options {
        Auth auth = Auth::None;
        bool tls = false;
        int firstPort = 0; ///< 0: a port the system picks (tests running side by side do not meet)
        int tokenLifetimeSeconds = 300;
        bool allowDelete = true;
    };
    /// The account of Htpasswd and Token registries.
    static QString user() { return QStringLiteral("learner"); }
    static QString password() { return QStringLiteral("course-secret-3"); }

    TestRegistry() = default;
    TestRegistry(const TestRegistry &) = delete;
    TestRegistry &operator=(const TestRegistry &) = delete;
    ~TestRegistry() { stop(); }

    /// Why the tools are missing, or empty when docker-registry, openssl and python3 are all here.
    static QString missingTools()
    {
        for (const char *tool : {"docker-registry", "openssl", "python3"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
                return QStringLiteral("%1 is not installed (packaging/install-deps.sh installs it)").arg(QLatin1String(tool));
        return {};
    }

    /// Starts it with its files in `dir`; false with `error` set when it cannot.
    bool start(const QString &dir, const Options &options, QString *error)
    {
        m_dir = dir;
        QDir().mkpath(dir);
        const int port = freePort(options.firstPort);
        m_address = QStringLiteral("127.0.0.1:%1").arg(port);
        QString config = QStringLiteral("version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %1\n"
                                        "  delete:\n    enabled: %3\nhttp:\n  addr: %2\n")
                             .arg(path(QStringLiteral("data")), m_address,
                                  options.allowDelete ? QStringLiteral("true") : QStringLiteral("false"));
        if (options.tls) {
            if (!makeCertificates(error))
                return false;
            config += QStringLiteral("  tls:\n    certificate: %1\n    key: %2\n").arg(path(QStringLiteral("server.crt")), path(QStringLiteral("server.key")));
        }
        if (options.auth == Auth::Htpasswd) {
            // the password is course-secret-3 (bcrypt, as htpasswd -B makes it)
            write(QStringLiteral("htpasswd"), "learner:$2y$05$wamCgsY/CfEyR6qd/8z07eZ47cgQETqMNare2K9ohdUbNVXjWBjyG\n");
            config += QStringLiteral("auth:\n  htpasswd:\n    realm: flotilla-test\n    path: %1\n").arg(path(QStringLiteral("htpasswd")));
        } else if (options.auth == Auth::Token) {
            if (!run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                      QStringLiteral("-keyout"), path(QStringLiteral("token.key")), QStringLiteral("-out"), path(QStringLiteral("token.crt")),
                      QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=flotilla-test-token")},
                     error))
                return false;
            const int tokenPort = freePort(options.firstPort ? port + 1 : 0);
            m_tokenRealm = QStringLiteral("http://127.0.0.1:%1/token").arg(tokenPort);
            m_token.setStandardErrorFile(path(QStringLiteral("token.log")));
            m_token.start(QStringLiteral("python3"),
                          {QStringLiteral(FLOTILLA_SOURCE_DIR "/tests/integration/registry_token_server.py"), QString::number(tokenPort),
                           path(QStringLiteral("token.key")), path(QStringLiteral("token.crt")), QStringLiteral("flotilla-test-issuer"),
                           QStringLiteral("flotilla-test-registry"), user(), password(), QString::number(options.tokenLifetimeSeconds)});
            if (!waitForListener(tokenPort, m_token)) {
                *error = QStringLiteral("the token server did not start: ") + readFile(QStringLiteral("token.log"));
                return false;
            }
            config += QStringLiteral("auth:\n  token:\n    realm: %1\n    service: flotilla-test-registry\n"
                                     "    issuer: flotilla-test-issuer\n    rootcertbundle: %2\n")
                          .arg(m_tokenRealm, path(QStringLiteral("token.crt")));
        }
        write(QStringLiteral("config.yml"), config.toUtf8());
        m_registry.setProcessChannelMode(QProcess::MergedChannels);
        m_registry.setStandardOutputFile(path(QStringLiteral("registry.log")));
        m_registry.start(QStringLiteral("docker-registry"), {QStringLiteral("serve"), path(QStringLiteral("config.yml"))});
        if (!waitForListener(port, m_registry)) {
            *error = QStringLiteral("docker-registry did not start: ") + readFile(QStringLiteral("registry.log"));
            return false;
        }
        return true;
    }

    void stop()
    {
        for (QProcess *p : {&m_registry, &m_token}) {
            if (p->state() == QProcess::NotRunning)
                continue;
            p->terminate();
            if (!p->waitForFinished(10'000))
                p->kill();
            p->waitForFinished(5'000);
        }
    }

    QString address() const { return m_address; }
    /// The CA that signed a TLS registry's certificate (PEM).
    QString caFile() const { return path(QStringLiteral("ca.crt")); }
    QString tokenRealm() const { return m_tokenRealm; }
    QString log() const { return readFile(QStringLiteral("registry.log")) + readFile(QStringLiteral("token.log")); }

private:
    QString path(const QString &name) const { return m_dir + QLatin1Char('/') + name; }
    void write(const QString &name, const QByteArray &text) const
    {
        QFile f(path(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(text);
    }
    QString readFile(const QString &name) const
    {
        QFile f(path(name));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    bool run(const QStringList &args, QString *error) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60'000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QStringLiteral("openssl %1: %2").arg(args.first(), QString::fromUtf8(p.readAll()));
            return false;
        }
        return true;
    }
    /// A CA, and a server certificate it signs for 127.0.0.1 and localhost.
    bool makeCertificates(QString *error) const
    {
        write(QStringLiteral("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        return run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), path(QStringLiteral("ca.key")), QStringLiteral("-out"), path(QStringLiteral("ca.crt")),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=Flotilla Test CA")},
                   error) &&
               run({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), path(QStringLiteral("server.key")), QStringLiteral("-out"), path(QStringLiteral("server.csr")),
                    QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
                   error) &&
               run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), path(QStringLiteral("server.csr")),
                    QStringLiteral("-CA"), path(QStringLiteral("ca.crt")), QStringLiteral("-CAkey"), path(QStringLiteral("ca.key")),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"),
                    path(QStringLiteral("server.crt")), QStringLiteral("-extfile"), path(QStringLiteral("server.ext"))},
                   error);
    }

    QString m_dir;
    QString m_address;
    QString m_tokenRealm;
    QProcess m_registry;
    QProcess m_token;
};

} // namespace flotilla::testsupport
