#include "dockerclient.h"

#include <QUrl>

#include "curltransfer.h"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace flotilla::backends {

namespace {
using curltransfer::initCurl;
using curltransfer::onData;
using curltransfer::onProgress;
using curltransfer::Transfer;

struct Headers {
    QByteArray contentType;
    QByteArray apiVersion;
};

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *h = static_cast<Headers *>(user);
    const QByteArray line(data, qsizetype(size * count));
    const QByteArray lower = line.toLower();
    if (lower.startsWith("content-type:"))
        h->contentType = line.mid(13).trimmed();
    else if (lower.startsWith("api-version:"))
        h->apiVersion = line.mid(12).trimmed();
    return size * count;
}

using curltransfer::Easy;

/// "1.43" < "1.47": by number, part by part.
bool versionLess(const QString &a, const QString &b)
{
    const QStringList pa = a.split(QLatin1Char('.')), pb = b.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < std::max(pa.size(), pb.size()); ++i) {
        const int x = i < pa.size() ? pa[i].toInt() : 0, y = i < pb.size() ? pb[i].toInt() : 0;
        if (x != y)
            return x < y;
    }
    return false;
}
} // namespace

QString DockerClient::Response::message() const
{
    if (!error.isEmpty())
        return error;
    try {
        const auto j = nlohmann::json::parse(body.toStdString());
        if (j.is_object() && j.contains("message") && j["message"].is_string())
            return QString::fromStdString(j["message"].get<std::string>());
    } catch (const std::exception &) {
    }
    const QByteArray text = body.trimmed().left(300);
    return text.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(text));
}

QString DockerClient::defaultHost()
{
    const QByteArray env = qgetenv("DOCKER_HOST");
    return env.isEmpty() ? QString::fromLatin1(kDefaultHost) : QString::fromLocal8Bit(env);
}

DockerClient::DockerClient(const QString &host) : m_host(host.isEmpty() ? defaultHost() : host), m_shared(std::make_shared<Shared>())
{
    initCurl();
    if (m_host.startsWith(QLatin1String("unix://"))) {
        m_socketPath = m_host.mid(7).toLocal8Bit();
        m_base = "http://localhost";
        if (m_socketPath.isEmpty())
            m_hostError = QStringLiteral("no socket path in %1").arg(m_host);
    } else if (m_host.startsWith(QLatin1String("tcp://")) || m_host.startsWith(QLatin1String("http://"))) {
        QString rest = m_host.mid(m_host.indexOf(QLatin1String("://")) + 3);
        if (rest.endsWith(QLatin1Char('/')))
            rest.chop(1);
        m_base = "http://" + rest.toUtf8();
        if (rest.isEmpty())
            m_hostError = QStringLiteral("no address in %1").arg(m_host);
    } else if (m_host.startsWith(QLatin1Char('/'))) {
        m_socketPath = m_host.toLocal8Bit();
        m_base = "http://localhost";
    } else {
        m_hostError = QStringLiteral("unsupported Docker host %1: use unix:///path/to/docker.sock or tcp://host:port").arg(m_host);
    }
}

QString DockerClient::apiVersion() const
{
    std::lock_guard lock(m_shared->mutex);
    return m_shared->version;
}

QByteArray DockerClient::url(const QString &path) const
{
    const QString version = apiVersion();
    return m_base + (version.isEmpty() ? QByteArray() : "/v" + version.toLatin1()) + path.toUtf8();
}

DockerClient::Response DockerClient::negotiate() const
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->version.clear();
    }
    Response r = request("GET", QStringLiteral("/_ping"), {}, {}, 15'000);
    if (!r.ok())
        return r;
    QString server = QString::fromLatin1(r.apiVersion);
    if (server.isEmpty())
        server = QStringLiteral("1.24"); // engines before the header: the oldest version that has these paths
    const QString chosen = versionLess(server, QString::fromLatin1(kMaxApiVersion)) ? server : QString::fromLatin1(kMaxApiVersion);
    std::lock_guard lock(m_shared->mutex);
    m_shared->version = chosen;
    return r;
}

DockerClient::Response DockerClient::request(const QByteArray &method, const QString &path, const QByteArray &body,
                                             const QByteArray &contentType, int timeoutMs) const
{
    return perform(method, path, body, contentType, {}, nullptr, nullptr, timeoutMs, 0);
}

DockerClient::Response DockerClient::stream(const QByteArray &method, const QString &path, const QByteArray &body,
                                            const QByteArray &contentType,
                                            const std::function<bool(const QByteArray &)> &onLine,
                                            const std::atomic<bool> &stop, int idleTimeoutMs,
                                            const QList<QByteArray> &headers) const
{
    return perform(method, path, body, contentType, headers, &onLine, &stop, 0, idleTimeoutMs);
}

DockerClient::Response DockerClient::perform(const QByteArray &method, const QString &path, const QByteArray &body,
                                             const QByteArray &contentType, const QList<QByteArray> &headers,
                                             const std::function<bool(const QByteArray &)> *onLine,
                                             const std::atomic<bool> *stop, int timeoutMs, int idleTimeoutMs) const
{
    Response out;
    if (!m_hostError.isEmpty()) {
        out.error = m_hostError;
        return out;
    }
    Easy e;
    if (!e.handle) {
        out.error = QStringLiteral("cannot start an HTTP request (libcurl)");
        return out;
    }
    char errorBuffer[CURL_ERROR_SIZE] = {};
    const QByteArray address = url(path);
    curl_easy_setopt(e.handle, CURLOPT_URL, address.constData());
    if (!m_socketPath.isEmpty())
        curl_easy_setopt(e.handle, CURLOPT_UNIX_SOCKET_PATH, m_socketPath.constData());
    curl_easy_setopt(e.handle, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(e.handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e.handle, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
    curl_easy_setopt(e.handle, CURLOPT_CUSTOMREQUEST, method.constData());
    if (method == "HEAD")
        curl_easy_setopt(e.handle, CURLOPT_NOBODY, 1L);
    if (!body.isEmpty() || method == "POST" || method == "PUT") {
        curl_easy_setopt(e.handle, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(e.handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        if (!contentType.isEmpty())
            e.headers = curl_slist_append(e.headers, ("Content-Type: " + contentType).constData());
    }
    e.headers = curl_slist_append(e.headers, "User-Agent: flotilla");
    for (const QByteArray &h : headers)
        e.headers = curl_slist_append(e.headers, h.constData());
    curl_easy_setopt(e.handle, CURLOPT_HTTPHEADER, e.headers);
    if (timeoutMs > 0)
        curl_easy_setopt(e.handle, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    Transfer t;
    t.onLine = onLine;
    t.stop = stop;
    Headers h;
    curl_easy_setopt(e.handle, CURLOPT_WRITEFUNCTION, onData);
    curl_easy_setopt(e.handle, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e.handle, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(e.handle, CURLOPT_HEADERDATA, &h);
    if (stop) {
        curl_easy_setopt(e.handle, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(e.handle, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(e.handle, CURLOPT_XFERINFODATA, &t);
    }
    if (idleTimeoutMs > 0) {
        curl_easy_setopt(e.handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(e.handle, CURLOPT_LOW_SPEED_TIME, long(std::max(1, idleTimeoutMs / 1000)));
    }
    const CURLcode rc = curl_easy_perform(e.handle);
    curl_easy_getinfo(e.handle, CURLINFO_RESPONSE_CODE, &out.status);
    if (onLine)
        if (const QByteArray last = t.pending.trimmed(); !last.isEmpty() && !t.stoppedByCallback)
            (*onLine)(last); // an answer that did not end with a newline
    out.body = t.body;
    out.contentType = h.contentType;
    out.apiVersion = h.apiVersion;
    if (rc != CURLE_OK && !t.stoppedByCallback && !(stop && stop->load()))
        out.error = QStringLiteral("%1: %2").arg(m_host, QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc)));
    return out;
}

QByteArray DockerClient::registryAuth(const QString &username, const QString &password, const QString &server)
{
    nlohmann::json auth = nlohmann::json::object();
    if (!username.isEmpty())
        auth = {{"username", username.toStdString()}, {"password", password.toStdString()}, {"serveraddress", server.toStdString()}};
    return QByteArray::fromStdString(auth.dump()).toBase64(QByteArray::Base64UrlEncoding);
}

bool DockerClient::looksMultiplexed(const QByteArray &data)
{
    return data.size() >= 8 && (data[0] == 0 || data[0] == 1 || data[0] == 2) && data[1] == 0 && data[2] == 0 && data[3] == 0;
}

QList<DockerClient::LogFrame> DockerClient::demultiplex(const QByteArray &data, QByteArray *rest)
{
    QList<LogFrame> frames;
    if (!data.isEmpty() && !looksMultiplexed(data)) {
        frames.append({false, data});
        return frames;
    }
    qsizetype at = 0;
    while (data.size() - at >= 8) {
        const auto *h = reinterpret_cast<const unsigned char *>(data.constData() + at);
        const quint32 length = (quint32(h[4]) << 24) | (quint32(h[5]) << 16) | (quint32(h[6]) << 8) | quint32(h[7]);
        if (data.size() - at - 8 < qsizetype(length))
            break;
        frames.append({h[0] == 2, data.mid(at + 8, qsizetype(length))});
        at += 8 + qsizetype(length);
    }
    if (rest)
        *rest = data.mid(at);
    return frames;
}

} // namespace flotilla::backends
