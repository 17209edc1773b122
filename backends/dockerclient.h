#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace flotilla::backends {

/// HTTP to a Docker Engine with libcurl: over its unix socket (`unix:///var/run/docker.sock`, the
/// default) or plain TCP (`tcp://HOST:PORT`), as DOCKER_HOST names it. negotiate() reads `/_ping`'s
/// `Api-Version` and later paths go to `/v<min(server, kMaxApiVersion)>/…`. Errors carry dockerd's own
/// `{"message": …}`. Calls block the calling thread: use it from a worker. Copies share the negotiated
/// version; each call has its own connection, so a client may be used from several threads.
class DockerClient {
public:
    static constexpr const char *kMaxApiVersion = "1.47";
    static constexpr const char *kDefaultHost = "unix:///var/run/docker.sock";

    struct Response {
        long status = 0;     ///< HTTP status; 0 when no answer came
        QByteArray body;
        QByteArray contentType;
        QByteArray apiVersion; ///< the `Api-Version` header, where the engine sent one
        QString error;         ///< why no answer came ("Couldn't connect to server")
        bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
        /// dockerd's `message`, or the transport error, or "HTTP 500".
        QString message() const;
    };

    /// A piece of a container's log stream.
    struct LogFrame {
        bool isStderr = false;
        QByteArray data;
    };

    /// `host` as DOCKER_HOST writes it; empty: DOCKER_HOST, else kDefaultHost.
    explicit DockerClient(const QString &host = {});

    /// DOCKER_HOST when set, else kDefaultHost.
    static QString defaultHost();
    /// The host as given ("unix:///var/run/docker.sock").
    QString host() const { return m_host; }
    /// Why the host cannot be used ("unsupported DOCKER_HOST scheme ssh://"), empty when it can.
    QString hostError() const { return m_hostError; }

    /// `GET /_ping`; on success later paths carry the version both sides speak.
    Response negotiate() const;
    /// "1.43" after negotiate(), else empty (paths without a version: the engine's own).
    QString apiVersion() const;

    Response request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                     const QByteArray &contentType = "application/json", int timeoutMs = 60'000) const;
    /// A streamed answer (events, build and push progress): `onLine` gets each line as it comes; returns
    /// when the engine ends the answer, `onLine` returns false, or `stop` becomes true. `idleTimeoutMs`
    /// 0: no limit.
    Response stream(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                    const std::function<bool(const QByteArray &line)> &onLine, const std::atomic<bool> &stop,
                    int idleTimeoutMs = 0, const QList<QByteArray> &headers = {}) const;

private:
    /// One request: a body, or (with onLine) a stream cut into lines that `stop` ends.
    Response perform(const QByteArray &method, const QString &path, const QByteArray &body, const QByteArray &contentType,
                     const QList<QByteArray> &headers, const std::function<bool(const QByteArray &)> *onLine,
                     const std::atomic<bool> *stop, int timeoutMs, int idleTimeoutMs) const;

public:
    /// The `X-Registry-Auth` header value for a registry login (anonymous when `username` is empty).
    static QByteArray registryAuth(const QString &username, const QString &password, const QString &server);

    /// Splits a log stream into its frames (8-byte headers: stream 1 stdout, 2 stderr, then a big-endian
    /// length). A stream that is not multiplexed (a container with a tty) is one stdout frame. `rest`: where
    /// an incomplete last frame goes (else it is dropped).
    static QList<LogFrame> demultiplex(const QByteArray &data, QByteArray *rest = nullptr);
    /// True when `data` starts with a valid frame header.
    static bool looksMultiplexed(const QByteArray &data);

private:
    QByteArray url(const QString &path) const;

    QString m_host;
    QString m_hostError;
    QByteArray m_socketPath; ///< unix
    QByteArray m_base;       ///< "http://localhost" or "http://HOST:PORT"
    struct Shared {
        std::mutex mutex;
        QString version;
    };
    std::shared_ptr<Shared> m_shared;
};

} // namespace flotilla::backends
