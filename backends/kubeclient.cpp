#include "kubeclient.h"

#include "curltransfer.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <mutex>

namespace flotilla::backends {

namespace {
using curltransfer::initCurl;
using curltransfer::onData;
using curltransfer::onProgress;
using curltransfer::Transfer;

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *type = static_cast<QByteArray *>(user);
    const QByteArray line(data, qsizetype(size * count));
    if (line.toLower().startsWith("content-type:"))
        *type = line.mid(13).trimmed();
    return size * count;
}

using curltransfer::Easy;

/// Sets what every request to this context needs: TLS, credentials, headers.
void prepare(Easy &e, const ResolvedContext &c, const QString &path, const QByteArray &accept, char *errorBuffer)
{
    const QByteArray url = (c.server.endsWith(QLatin1Char('/')) ? c.server.chopped(1) : c.server).toUtf8() + path.toUtf8();
    curl_easy_setopt(e.handle, CURLOPT_URL, url.constData());
    curl_easy_setopt(e.handle, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(e.handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e.handle, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(e.handle, CURLOPT_PROTOCOLS_STR, "https,http");
    if (c.insecureSkipTlsVerify) {
        curl_easy_setopt(e.handle, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e.handle, CURLOPT_SSL_VERIFYHOST, 0L);
    } else if (!c.caPem.isEmpty()) {
        curl_blob ca{const_cast<char *>(c.caPem.constData()), size_t(c.caPem.size()), CURL_BLOB_COPY};
        curl_easy_setopt(e.handle, CURLOPT_CAINFO_BLOB, &ca);
    }
    if (!c.clientCertPem.isEmpty()) {
        curl_blob cert{const_cast<char *>(c.clientCertPem.constData()), size_t(c.clientCertPem.size()), CURL_BLOB_COPY};
        curl_blob key{const_cast<char *>(c.clientKeyPem.constData()), size_t(c.clientKeyPem.size()), CURL_BLOB_COPY};
        curl_easy_setopt(e.handle, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(e.handle, CURLOPT_SSLCERT_BLOB, &cert);
        curl_easy_setopt(e.handle, CURLOPT_SSLKEYTYPE, "PEM");
        curl_easy_setopt(e.handle, CURLOPT_SSLKEY_BLOB, &key);
    }
    if (!c.token.isEmpty())
        e.headers = curl_slist_append(e.headers, ("Authorization: Bearer " + c.token.toUtf8()).constData());
    else if (!c.username.isEmpty()) {
        curl_easy_setopt(e.handle, CURLOPT_USERNAME, c.username.toUtf8().constData());
        curl_easy_setopt(e.handle, CURLOPT_PASSWORD, c.password.toUtf8().constData());
    }
    e.headers = curl_slist_append(e.headers, ("Accept: " + accept).constData());
    e.headers = curl_slist_append(e.headers, "User-Agent: flotilla");
}
} // namespace

QString KubeClient::Response::message() const
{
    if (!error.isEmpty())
        return error;
    try {
        const auto j = nlohmann::json::parse(body.toStdString());
        if (j.is_object() && j.value("kind", "") == "Status" && j.contains("message"))
            return QString::fromStdString(j["message"].get<std::string>());
    } catch (const std::exception &) {
    }
    const QByteArray text = body.trimmed().left(300);
    return text.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(text));
}

KubeClient::KubeClient(ResolvedContext context) : m_context(std::move(context)) { initCurl(); }

KubeClient::Response KubeClient::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                         const QByteArray &contentType, const QByteArray &accept, int timeoutMs) const
{
    Easy e;
    Response out;
    if (!e.handle) {
        out.error = QStringLiteral("cannot start an HTTP request (libcurl)");
        return out;
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    prepare(e, m_context, path, accept, errorBuffer);
    Transfer t;
    curl_easy_setopt(e.handle, CURLOPT_CUSTOMREQUEST, method.constData());
    if (method == "HEAD")
        curl_easy_setopt(e.handle, CURLOPT_NOBODY, 1L);
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
        curl_easy_setopt(e.handle, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(e.handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        e.headers = curl_slist_append(e.headers, ("Content-Type: " + (contentType.isEmpty() ? QByteArray("application/json") : contentType)).constData());
    }
    curl_easy_setopt(e.handle, CURLOPT_HTTPHEADER, e.headers);
    curl_easy_setopt(e.handle, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(e.handle, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(e.handle, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e.handle, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(e.handle, CURLOPT_HEADERDATA, &out.contentType);
    const CURLcode rc = curl_easy_perform(e.handle);
    curl_easy_getinfo(e.handle, CURLINFO_RESPONSE_CODE, &out.status);
    out.body = t.body;
    if (rc != CURLE_OK)
        out.error = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc));
    return out;
}

KubeClient::Response KubeClient::stream(const QString &path, const std::function<bool(const QByteArray &)> &onLine,
                                        const std::atomic<bool> &stop, int idleTimeoutMs) const
{
    Easy e;
    Response out;
    if (!e.handle) {
        out.error = QStringLiteral("cannot start an HTTP request (libcurl)");
        return out;
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    prepare(e, m_context, path, "application/json", errorBuffer);
    Transfer t;
    t.onLine = &onLine;
    t.stop = &stop;
    curl_easy_setopt(e.handle, CURLOPT_HTTPHEADER, e.headers);
    curl_easy_setopt(e.handle, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(e.handle, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e.handle, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(e.handle, CURLOPT_HEADERDATA, &out.contentType);
    curl_easy_setopt(e.handle, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e.handle, CURLOPT_XFERINFOFUNCTION, onProgress);
    curl_easy_setopt(e.handle, CURLOPT_XFERINFODATA, &t);
    // a watch that goes silent (a dead connection) ends, and is opened again by its caller
    curl_easy_setopt(e.handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e.handle, CURLOPT_LOW_SPEED_TIME, long(std::max(1, idleTimeoutMs / 1000)));
    const CURLcode rc = curl_easy_perform(e.handle);
    curl_easy_getinfo(e.handle, CURLINFO_RESPONSE_CODE, &out.status);
    if (const QByteArray last = t.pending.trimmed(); !last.isEmpty() && !t.stoppedByCallback)
        onLine(last); // an answer that did not end with a newline
    out.body = t.body;
    if (rc != CURLE_OK && !t.stoppedByCallback && !stop.load())
        out.error = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc));
    return out;
}

} // namespace flotilla::backends
