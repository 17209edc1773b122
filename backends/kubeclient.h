#pragma once

#include "kubeconfig.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>

namespace flotilla::backends {

/// HTTPS to a Kubernetes API server with libcurl, as a resolved kubeconfig context says: the server's CA
/// (or the system's trust store; no verification only when the kubeconfig asks for it), a bearer token,
/// a client certificate, or basic authentication. Calls block the calling thread: use it from a worker.
/// Thread-safe: each call has its own connection.
class KubeClient {
public:
    struct Response {
        long status = 0;      ///< HTTP status; 0 when no answer came
        QByteArray body;
        QByteArray contentType;
        QString error;        ///< why no answer came ("Connection refused", a TLS failure)
        bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
        /// The Status message of a Kubernetes error answer, or the transport error, or "HTTP 500".
        QString message() const;
    };

    explicit KubeClient(ResolvedContext context);

    const ResolvedContext &context() const { return m_context; }

    Response request(const QByteArray &method, const QString &path, const QByteArray &body = {},
                     const QByteArray &contentType = {}, const QByteArray &accept = "application/json",
                     int timeoutMs = 30'000) const;

    /// A streaming GET (a watch): `onLine` gets each line of the body as it comes; returns when the server
    /// ends the answer, `onLine` returns false, `stop` becomes true, or nothing came for `idleTimeoutMs`.
    Response stream(const QString &path, const std::function<bool(const QByteArray &line)> &onLine,
                    const std::atomic<bool> &stop, int idleTimeoutMs = 90'000) const;

private:
    ResolvedContext m_context;
};

} // namespace flotilla::backends
