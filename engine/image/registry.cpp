#include "registry.h"

#include "../common/log.h"
#include "reference.h"

#include <curl/curl.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>

namespace flotilla::engine::image {

using api::Json;

namespace {

constexpr const char *kLog = "registry";
constexpr const char *kOciManifest = "application/vnd.oci.image.manifest.v1+json";
constexpr const char *kOciIndex = "application/vnd.oci.image.index.v1+json";
constexpr const char *kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
constexpr const char *kDockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
constexpr const char *kOciLayer = "application/vnd.oci.image.layer.v1.tar";

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

std::string base64(const std::string &in)
{
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(out.data()),
                                  reinterpret_cast<const unsigned char *>(in.data()), int(in.size()));
    out.resize(std::size_t(std::max(n, 0)));
    return out;
}

std::string urlEncode(const std::string &s)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == ':')
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// sha256 over a stream of bytes.
class Sha256 {
public:
    Sha256() : m_ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(m_ctx); }
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;
    void update(const void *data, std::size_t n) { EVP_DigestUpdate(m_ctx, data, n); }
    std::string digest()
    {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        EVP_DigestFinal_ex(m_ctx, md, &n);
        static const char *hex = "0123456789abcdef";
        std::string out = "sha256:";
        for (unsigned int i = 0; i < n; ++i) {
            out += hex[md[i] >> 4];
            out += hex[md[i] & 15];
        }
        return out;
    }

private:
    EVP_MD_CTX *m_ctx;
};

bool isLoopback(const std::string &registry)
{
    std::string host = registry;
    if (!host.empty() && host.front() == '[')
        host = host.substr(1, host.find(']') - 1);
    else
        host = host.substr(0, host.rfind(':') == std::string::npos ? std::string::npos : host.rfind(':'));
    return host == "localhost" || host.rfind("127.", 0) == 0 || host == "::1";
}

/// The parameters of a WWW-Authenticate challenge: scheme and key="value" pairs.
std::pair<std::string, std::map<std::string, std::string>> parseChallenge(const std::string &header)
{
    std::map<std::string, std::string> params;
    const std::size_t space = header.find(' ');
    const std::string scheme = lower(header.substr(0, space));
    std::size_t i = space == std::string::npos ? header.size() : space + 1;
    while (i < header.size()) {
        while (i < header.size() && (header[i] == ' ' || header[i] == ','))
            ++i;
        const std::size_t eq = header.find('=', i);
        if (eq == std::string::npos)
            break;
        const std::string key = lower(header.substr(i, eq - i));
        std::string value;
        i = eq + 1;
        if (i < header.size() && header[i] == '"') {
            const std::size_t end = header.find('"', i + 1);
            value = header.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            i = end == std::string::npos ? header.size() : end + 1;
        } else {
            const std::size_t end = header.find(',', i);
            value = header.substr(i, end == std::string::npos ? std::string::npos : end - i);
            i = end == std::string::npos ? header.size() : end;
        }
        params[key] = value;
    }
    return {scheme, params};
}

std::string registryError(long status, const std::string &body)
{
    // {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown", "detail": …}]}
    const Json json = Json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("errors") && json["errors"].is_array() && !json["errors"].empty()) {
        const Json &e = json["errors"][0];
        std::string text = e.value("message", e.value("code", std::string()));
        if (e.contains("code") && e["code"].is_string())
            text += " (" + e["code"].get<std::string>() + ")";
        return text;
    }
    return "HTTP " + std::to_string(status);
}

} // namespace

std::string registryHost(const std::string &registry)
{
    return registry == "docker.io" || registry == "index.docker.io" ? "registry-1.docker.io" : registry;
}

std::vector<std::string> defaultCertsDirs()
{
    std::vector<std::string> dirs{"/etc/docker/certs.d"};
    if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        dirs.push_back(std::string(xdg) + "/flotilla/certs.d");
    else if (const char *home = std::getenv("HOME"); home && *home)
        dirs.push_back(std::string(home) + "/.config/flotilla/certs.d");
    return dirs;
}

namespace {

std::string readWhole(const std::filesystem::path &path)
{
    std::string out;
    if (std::FILE *f = std::fopen(path.c_str(), "rb")) {
        char buf[8192];
        std::size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
            out.append(buf, n);
        std::fclose(f);
    }
    return out;
}

} // namespace

struct RegistryClient::Impl {
    std::string host;  ///< "127.0.0.1:5000"
    std::string base;  ///< "https://127.0.0.1:5000"; for a loopback registry set by `probe`
    bool probeScheme = false;
    std::once_flag probed;
    RegistryOptions options;
    bool skipVerify = false;
    std::string caPem;              ///< the extra CA certificates (caFile and certs.d), PEM
    std::string clientCert, clientKey; ///< a client certificate pair from certs.d (paths)
    std::mutex mutex;
    std::map<std::string, std::string> tokens; ///< scope → bearer token
    std::string basic;                         ///< "Basic …" once a Basic challenge came

    struct Request {
        std::string method = "GET";
        std::string url;
        std::vector<std::string> headers;
        const std::string *body = nullptr;       ///< or:
        std::FILE *upload = nullptr;             ///< a slice of a file
        std::int64_t uploadLength = 0;
        std::FILE *download = nullptr;           ///< the body goes there (and through the hash)
        Sha256 *hash = nullptr;
        std::function<void(std::int64_t)> onBytes; ///< bytes received or sent so far
        bool follow = false;
        std::string scope;                       ///< the token scope it needs
    };
    struct Response {
        long status = 0;
        std::map<std::string, std::string> headers; ///< lower-case names
        std::string body;
        std::string error; ///< transport error
    };

    /// The certificates `options` name for this host: caFile, then `<certs.d>/<host>/*.crt` and the first
    /// `*.cert` with its `*.key`.
    void loadCertificates()
    {
        if (!options.caFile.empty())
            caPem += readWhole(options.caFile) + "\n";
        for (const auto &dir : options.certsDirs) {
            std::error_code ec;
            const std::filesystem::path folder = std::filesystem::path(dir) / host;
            if (!std::filesystem::is_directory(folder, ec))
                continue;
            std::vector<std::filesystem::path> files;
            for (const auto &e : std::filesystem::directory_iterator(folder, ec))
                files.push_back(e.path());
            std::sort(files.begin(), files.end());
            for (const auto &f : files) {
                if (f.extension() == ".crt")
                    caPem += readWhole(f) + "\n";
                else if (f.extension() == ".cert" && clientCert.empty()) {
                    auto key = f;
                    key.replace_extension(".key");
                    if (std::filesystem::exists(key, ec)) {
                        clientCert = f.string();
                        clientKey = key.string();
                    }
                }
            }
        }
    }

    /// A loopback registry without a scheme: HTTPS if it speaks TLS, else plain HTTP (as Docker does for
    /// insecure registries). An answer over HTTP counts only if it comes from a registry, since a TLS server
    /// answers plain HTTP with a 400.
    void probe()
    {
        Request r;
        r.url = "https://" + host + "/v2/";
        const Response tls = perform(r, {});
        if (tls.error.empty() || tls.status != 0)
            return;
        r.url = "http://" + host + "/v2/";
        const Response plain = perform(r, {});
        if (plain.error.empty() && (plain.status == 200 || plain.status == 401 ||
                                    plain.headers.count("docker-distribution-api-version"))) {
            base = "http://" + host;
            log::debug(kLog, host + " speaks plain HTTP (" + tls.error + ")");
        }
    }

    const std::string &baseUrl()
    {
        if (probeScheme)
            std::call_once(probed, [this] { probe(); });
        return base;
    }

    std::string url(const std::string &path) { return baseUrl() + path; }

    std::string resolve(const std::string &location)
    {
        if (location.rfind("http://", 0) == 0 || location.rfind("https://", 0) == 0)
            return location;
        return baseUrl() + (location.empty() || location.front() != '/' ? "/" : "") + location;
    }

    Response perform(const Request &r, const std::string &authorization)
    {
        Response out;
        CURL *c = curl_easy_init();
        if (!c) {
            out.error = "libcurl could not start a request";
            return out;
        }
        char errorBuffer[CURL_ERROR_SIZE] = {0};
        struct curl_slist *headers = nullptr;
        for (const auto &h : r.headers)
            headers = curl_slist_append(headers, h.c_str());
        if (!authorization.empty())
            headers = curl_slist_append(headers, ("Authorization: " + authorization).c_str());
        headers = curl_slist_append(headers, "User-Agent: flotilla/0.1 (registry client)");
        headers = curl_slist_append(headers, "Expect:");
        curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errorBuffer);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT, options.timeoutSeconds);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, r.follow ? 1L : 0L);
        if (skipVerify) {
            curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
        } else if (!caPem.empty()) {
            // with the system's CA folder still searched
            curl_blob blob{caPem.data(), caPem.size(), CURL_BLOB_NOCOPY};
            curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &blob);
        }
        if (!clientCert.empty()) {
            curl_easy_setopt(c, CURLOPT_SSLCERT, clientCert.c_str());
            curl_easy_setopt(c, CURLOPT_SSLKEY, clientKey.c_str());
        }
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        if (r.method == "HEAD")
            curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
        else if (r.method != "GET")
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r.method.c_str());
        struct UploadState {
            std::FILE *file;
            std::int64_t left;
            std::int64_t sent;
            const std::function<void(std::int64_t)> *onBytes;
        } up{r.upload, r.uploadLength, 0, &r.onBytes};
        if (r.body) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body->data());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(r.body->size()));
        } else if (r.upload) {
            curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(r.uploadLength));
            curl_easy_setopt(c, CURLOPT_READDATA, &up);
            curl_easy_setopt(c, CURLOPT_READFUNCTION, +[](char *buf, size_t size, size_t n, void *p) -> size_t {
                auto *s = static_cast<UploadState *>(p);
                const std::size_t want = std::size_t(std::min<std::int64_t>(std::int64_t(size * n), s->left));
                const std::size_t got = want ? std::fread(buf, 1, want, s->file) : 0;
                s->left -= std::int64_t(got);
                s->sent += std::int64_t(got);
                if (*s->onBytes)
                    (*s->onBytes)(s->sent);
                return got;
            });
        } else if (r.method == "POST" || r.method == "PUT") {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(0));
        }
        struct DownloadState {
            Response *out;
            const Request *r;
            std::int64_t got;
            bool failed;
        } down{&out, &r, 0, false};
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &down);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, +[](char *data, size_t size, size_t n, void *p) -> size_t {
            auto *s = static_cast<DownloadState *>(p);
            const std::size_t len = size * n;
            long status = 0;
            (void)status;
            // bodies of error answers are kept in memory; a blob's goes to its file
            if (s->r->download && s->out->status >= 200 && s->out->status < 300) {
                if (std::fwrite(data, 1, len, s->r->download) != len) {
                    s->failed = true;
                    return 0;
                }
                if (s->r->hash)
                    s->r->hash->update(data, len);
                s->got += std::int64_t(len);
                if (s->r->onBytes)
                    s->r->onBytes(s->got);
            } else if (s->out->body.size() < (std::size_t(64) << 20)) {
                s->out->body.append(data, len);
            }
            return len;
        });
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &out);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, +[](char *data, size_t size, size_t n, void *p) -> size_t {
            auto *o = static_cast<Response *>(p);
            const std::string line(data, size * n);
            if (line.rfind("HTTP/", 0) == 0) { // a new answer (after a redirect or a 100): start over
                o->headers.clear();
                const std::size_t sp = line.find(' ');
                o->status = sp == std::string::npos ? 0 : std::atol(line.c_str() + sp + 1);
                return size * n;
            }
            const std::size_t colon = line.find(':');
            if (colon != std::string::npos) {
                std::string value = line.substr(colon + 1);
                while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                    value.erase(value.begin());
                while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
                    value.pop_back();
                o->headers[lower(line.substr(0, colon))] = value;
            }
            return size * n;
        });
        const CURLcode rc = curl_easy_perform(c);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        out.status = status;
        if (rc != CURLE_OK)
            out.error = down.failed ? std::string("cannot write the download") : (errorBuffer[0] ? errorBuffer : curl_easy_strerror(rc));
        curl_slist_free_all(headers);
        curl_easy_cleanup(c);
        return out;
    }

    std::string authorizationFor(const std::string &scope)
    {
        std::lock_guard lock(mutex);
        if (const auto it = tokens.find(scope); it != tokens.end())
            return "Bearer " + it->second;
        return basic;
    }

    /// Answers a 401's challenge: a Basic header, or a bearer token from the realm. False with `error` set
    /// when the credentials are missing or refused.
    bool authenticate(const std::string &challenge, const std::string &scope, std::string &error)
    {
        const auto [scheme, params] = parseChallenge(challenge);
        const RegistryAuth &a = options.auth;
        if (scheme == "basic") {
            if (a.username.empty()) {
                error = "authentication required: the registry asks for a user name and password (docker login)";
                return false;
            }
            std::lock_guard lock(mutex);
            basic = "Basic " + base64(a.username + ":" + a.password);
            return true;
        }
        if (scheme != "bearer" || !params.count("realm")) {
            error = "the registry asks for an authentication Flotilla does not speak: " + challenge;
            return false;
        }
        std::string tokenUrl = params.at("realm");
        std::string query;
        if (params.count("service"))
            query += "service=" + urlEncode(params.at("service"));
        const std::string wanted = params.count("scope") ? params.at("scope") : scope;
        if (!wanted.empty())
            query += (query.empty() ? "" : "&") + std::string("scope=") + urlEncode(wanted);
        if (!query.empty())
            tokenUrl += (tokenUrl.find('?') == std::string::npos ? "?" : "&") + query;
        Request t;
        t.url = tokenUrl;
        t.follow = true;
        std::string auth;
        if (!a.username.empty())
            auth = "Basic " + base64(a.username + ":" + (a.identityToken.empty() ? a.password : a.identityToken));
        const Response r = perform(t, auth);
        if (!r.error.empty() || r.status != 200) {
            error = r.status == 401 || r.status == 403 ? "unauthorized: the registry's token service refused the credentials"
                                                       : "the registry's token service failed: " +
                                                             (r.error.empty() ? registryError(r.status, r.body) : r.error);
            return false;
        }
        const Json json = Json::parse(r.body, nullptr, false);
        std::string token = json.is_object() ? json.value("token", json.value("access_token", std::string())) : std::string();
        if (token.empty()) {
            error = "the registry's token service answered without a token";
            return false;
        }
        std::lock_guard lock(mutex);
        tokens[scope] = token;
        return true;
    }

    /// A request with authentication: on a 401 the challenge is answered once and the request repeated.
    /// `rewind` puts an upload or download back at its start before the repeat.
    Response call(const Request &r, const std::function<void()> &rewind = {})
    {
        Response resp = perform(r, authorizationFor(r.scope));
        if (resp.status == 401 && resp.error.empty()) {
            std::string error;
            const auto it = resp.headers.find("www-authenticate");
            if (it == resp.headers.end()) {
                resp.error = "unauthorized (the registry gave no way to authenticate)";
                return resp;
            }
            if (!authenticate(it->second, r.scope, error)) {
                resp.error = error;
                return resp;
            }
            if (rewind)
                rewind();
            resp = perform(r, authorizationFor(r.scope));
            if (resp.status == 401 && resp.error.empty())
                resp.error = options.auth.empty()
                                 ? "unauthorized: authentication required for " + (r.scope.empty() ? baseUrl() : r.scope) + " (docker login)"
                                 : "unauthorized: the registry refused the credentials for " + (r.scope.empty() ? baseUrl() : r.scope);
        }
        return resp;
    }

    Error failure(const Response &r, const std::string &what) const
    {
        if (!r.error.empty() && lower(r.error).find("certificate") != std::string::npos)
            return Error::make(Error::Code::Forbidden,
                               what + ": " + r.error + " (the registry's certificate is not trusted: give its CA " +
                                   "certificate, e.g. as " + (options.certsDirs.empty() ? std::string("/etc/docker/certs.d")
                                                                                         : options.certsDirs.back()) +
                                   "/" + host + "/ca.crt)");
        if (!r.error.empty())
            return Error::make(r.status == 401 || r.status == 403 ? Error::Code::Forbidden : Error::Code::Io,
                               what + ": " + r.error);
        const Error::Code code = r.status == 404   ? Error::Code::NotFound
                                 : r.status == 401 || r.status == 403 ? Error::Code::Forbidden
                                 : r.status == 400 ? Error::Code::Invalid
                                                   : Error::Code::Io;
        return Error::make(code, what + ": " + registryError(r.status, r.body));
    }
};

RegistryClient::RegistryClient(std::string registry, RegistryOptions options)
    : m_registry(std::move(registry)), d(std::make_unique<Impl>())
{
    static std::once_flag curlInit;
    std::call_once(curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    d->host = registryHost(m_registry);
    d->options = std::move(options);
    d->loadCertificates();
    const bool loopback = isLoopback(d->host);
    d->base = (d->options.scheme.empty() ? "https" : d->options.scheme) + "://" + d->host;
    d->probeScheme = d->options.scheme.empty() && loopback;
    // an insecure registry (loopback, as Docker's default) is not checked unless a CA is given for it
    d->skipVerify = d->options.insecureSkipVerify || (d->probeScheme && d->caPem.empty());
}

std::string RegistryClient::endpoint() const
{
    return d->baseUrl();
}

bool RegistryClient::certificateChecked() const
{
    return !d->skipVerify;
}

RegistryClient::~RegistryClient() = default;

Status RegistryClient::ping()
{
    Impl::Request r;
    r.url = d->url("/v2/");
    const auto resp = d->call(r);
    if (!resp.error.empty() || resp.status != 200)
        return d->failure(resp, "the registry " + m_registry + " cannot be used");
    return {};
}

Result<std::vector<std::string>> RegistryClient::catalog()
{
    std::vector<std::string> out;
    std::string next = "/v2/_catalog?n=1000";
    for (int page = 0; page < 1000 && !next.empty(); ++page) {
        Impl::Request r;
        r.url = d->resolve(next);
        r.scope = "registry:catalog:*";
        const auto resp = d->call(r);
        if (!resp.error.empty() || resp.status != 200)
            return d->failure(resp, "listing the repositories of " + m_registry);
        const Json json = Json::parse(resp.body, nullptr, false);
        for (const auto &repo : json.value("repositories", Json::array()))
            if (repo.is_string())
                out.push_back(repo.get<std::string>());
        next.clear();
        // Link: </v2/_catalog?last=x&n=1000>; rel="next"
        if (const auto it = resp.headers.find("link"); it != resp.headers.end()) {
            const std::size_t lt = it->second.find('<'), gt = it->second.find('>');
            if (lt != std::string::npos && gt != std::string::npos && it->second.find("rel=\"next\"") != std::string::npos)
                next = it->second.substr(lt + 1, gt - lt - 1);
        }
    }
    return out;
}

Result<std::vector<std::string>> RegistryClient::tags(const std::string &repository)
{
    Impl::Request r;
    r.url = d->url("/v2/" + repository + "/tags/list");
    r.scope = "repository:" + repository + ":pull";
    const auto resp = d->call(r);
    if (!resp.error.empty() || resp.status != 200)
        return d->failure(resp, "listing the tags of " + repository);
    std::vector<std::string> out;
    const Json json = Json::parse(resp.body, nullptr, false);
    if (json.is_object() && json["tags"].is_array())
        for (const auto &t : json["tags"])
            if (t.is_string())
                out.push_back(t.get<std::string>());
    return out;
}

Result<RegistryClient::Manifest> RegistryClient::manifest(const std::string &repository, const std::string &reference)
{
    Impl::Request r;
    r.url = d->url("/v2/" + repository + "/manifests/" + reference);
    r.scope = "repository:" + repository + ":pull";
    r.headers.push_back(std::string("Accept: ") + kOciManifest + ", " + kOciIndex + ", " + kDockerManifest + ", " + kDockerList);
    const auto resp = d->call(r);
    if (!resp.error.empty() || resp.status != 200)
        return d->failure(resp, "reading the manifest " + m_registry + "/" + repository + ":" + reference);
    Manifest m;
    m.body = resp.body;
    Sha256 h;
    h.update(m.body.data(), m.body.size());
    m.digest = h.digest();
    if (reference.rfind("sha256:", 0) == 0 && reference != m.digest)
        return Error::make(Error::Code::Corrupt, "the manifest " + reference + " arrived with the digest " + m.digest);
    const auto ct = resp.headers.find("content-type");
    m.mediaType = ct == resp.headers.end() ? std::string() : ct->second.substr(0, ct->second.find(';'));
    if (m.mediaType.empty() || m.mediaType == "application/json")
        m.mediaType = Json::parse(m.body, nullptr, false).value("mediaType", std::string(kOciManifest));
    return m;
}

Result<bool> RegistryClient::hasBlob(const std::string &repository, const std::string &digest)
{
    Impl::Request r;
    r.method = "HEAD";
    r.url = d->url("/v2/" + repository + "/blobs/" + digest);
    r.scope = "repository:" + repository + ":pull,push";
    r.follow = true;
    const auto resp = d->call(r);
    if (resp.error.empty() && resp.status == 200)
        return true;
    if (resp.error.empty() && resp.status == 404)
        return false;
    return d->failure(resp, "checking the blob " + digest);
}

Status RegistryClient::pushBlob(const std::string &repository, const Descriptor &blob, const std::string &path,
                                const std::string &mountFrom, const RegistryProgressSink &progress)
{
    const std::string id = blob.digest.substr(7, 12);
    const std::string scope = "repository:" + repository + ":pull,push";
    auto say = [&](const std::string &status, std::int64_t current = 0) {
        if (progress)
            progress({id, status, current, blob.size});
    };
    auto exists = hasBlob(repository, blob.digest);
    if (!exists.ok())
        return exists.error();
    if (*exists) {
        say("Layer already exists", blob.size);
        return {};
    }
    Impl::Request start;
    start.method = "POST";
    start.scope = scope;
    start.url = d->url("/v2/" + repository + "/blobs/uploads/" +
                       (mountFrom.empty() ? std::string() : "?mount=" + blob.digest + "&from=" + urlEncode(mountFrom)));
    auto resp = d->call(start);
    if (resp.error.empty() && resp.status == 201) {
        say("Mounted from " + mountFrom, blob.size);
        return {};
    }
    if (!resp.error.empty() || resp.status != 202 || !resp.headers.count("location"))
        return d->failure(resp, "starting the upload of " + blob.digest);
    std::string location = d->resolve(resp.headers.at("location"));
    std::FILE *f = std::fopen(path.c_str(), "rb");
    if (!f)
        return Error::make(Error::Code::Io, "cannot read the blob " + path);
    std::int64_t offset = 0;
    say("Pushing", 0);
    while (offset < blob.size) {
        const std::int64_t length = std::min(d->options.chunkSize, blob.size - offset);
        Impl::Request chunk;
        chunk.method = "PATCH";
        chunk.scope = scope;
        chunk.url = location;
        chunk.upload = f;
        chunk.uploadLength = length;
        chunk.headers = {"Content-Type: application/octet-stream",
                         "Content-Range: " + std::to_string(offset) + "-" + std::to_string(offset + length - 1)};
        const std::int64_t at = offset;
        chunk.onBytes = [&, at](std::int64_t sent) { say("Pushing", at + sent); };
        resp = d->call(chunk, [&] { std::fseek(f, long(at), SEEK_SET); });
        if (!resp.error.empty() || resp.status != 202) {
            std::fclose(f);
            return d->failure(resp, "uploading " + blob.digest);
        }
        offset += length;
        if (resp.headers.count("location"))
            location = d->resolve(resp.headers.at("location"));
    }
    std::fclose(f);
    Impl::Request finish;
    finish.method = "PUT";
    finish.scope = scope;
    finish.url = location + (location.find('?') == std::string::npos ? "?" : "&") + "digest=" + blob.digest;
    finish.headers = {"Content-Type: application/octet-stream", "Content-Length: 0"};
    resp = d->call(finish);
    if (!resp.error.empty() || resp.status != 201)
        return d->failure(resp, "finishing the upload of " + blob.digest);
    say("Pushed", blob.size);
    return {};
}

Result<std::string> RegistryClient::pushManifest(const std::string &repository, const std::string &reference,
                                                 const std::string &mediaType, const std::string &body)
{
    Impl::Request r;
    r.method = "PUT";
    r.scope = "repository:" + repository + ":pull,push";
    r.url = d->url("/v2/" + repository + "/manifests/" + reference);
    r.body = &body;
    r.headers = {"Content-Type: " + mediaType};
    const auto resp = d->call(r);
    if (!resp.error.empty() || resp.status != 201)
        return d->failure(resp, "pushing the manifest of " + repository + ":" + reference);
    if (const auto it = resp.headers.find("docker-content-digest"); it != resp.headers.end())
        return it->second;
    Sha256 h;
    h.update(body.data(), body.size());
    return h.digest();
}

Status RegistryClient::fetchBlob(const std::string &repository, const std::string &digest, std::int64_t size,
                                 const std::string &path, const RegistryProgressSink &progress)
{
    std::FILE *f = std::fopen(path.c_str(), "wb");
    if (!f)
        return Error::make(Error::Code::Io, "cannot write " + path);
    auto hash = std::make_unique<Sha256>();
    Impl::Request r;
    r.url = d->url("/v2/" + repository + "/blobs/" + digest);
    r.scope = "repository:" + repository + ":pull";
    r.follow = true;
    r.download = f;
    r.hash = hash.get();
    const std::string id = digest.substr(7, 12);
    r.onBytes = [&](std::int64_t got) {
        if (progress)
            progress({id, "Downloading", got, size});
    };
    const auto resp = d->call(r, [&] {
        std::rewind(f);
        hash = std::make_unique<Sha256>();
    });
    std::fclose(f);
    if (!resp.error.empty() || resp.status != 200) {
        std::filesystem::remove(path);
        return d->failure(resp, "downloading " + digest);
    }
    if (const std::string got = hash->digest(); got != digest) {
        std::filesystem::remove(path);
        return Error::make(Error::Code::Corrupt, "the blob " + digest + " arrived with the digest " + got);
    }
    if (progress)
        progress({id, "Download complete", size, size});
    return {};
}

Status RegistryClient::deleteManifest(const std::string &repository, const std::string &digest)
{
    Impl::Request r;
    r.method = "DELETE";
    r.scope = "repository:" + repository + ":delete";
    r.url = d->url("/v2/" + repository + "/manifests/" + digest);
    const auto resp = d->call(r);
    if (resp.error.empty() && resp.status == 405)
        return Error::make(Error::Code::Forbidden, "deleting " + repository + "@" + digest + ": the registry does not allow " +
                                                       "deleting (for docker-registry: storage: delete: enabled: true)");
    if (!resp.error.empty() || (resp.status != 202 && resp.status != 200))
        return d->failure(resp, "deleting " + repository + "@" + digest);
    return {};
}

// ---- whole images ---------------------------------------------------------------------------------

namespace {

/// Decompresses a gzip layer into `out`, returning the digest of the tar (its diff id) and its size.
Result<std::pair<std::string, std::int64_t>> gunzip(const std::string &in, const std::string &out)
{
    gzFile gz = gzopen(in.c_str(), "rb");
    if (!gz)
        return Error::make(Error::Code::Io, "cannot read " + in);
    std::FILE *f = std::fopen(out.c_str(), "wb");
    if (!f) {
        gzclose(gz);
        return Error::make(Error::Code::Io, "cannot write " + out);
    }
    Sha256 h;
    std::int64_t size = 0;
    std::vector<char> buf(1 << 16);
    int n;
    while ((n = gzread(gz, buf.data(), unsigned(buf.size()))) > 0) {
        h.update(buf.data(), std::size_t(n));
        size += n;
        if (std::fwrite(buf.data(), 1, std::size_t(n), f) != std::size_t(n)) {
            n = -1;
            break;
        }
    }
    int err = 0;
    const std::string message = n < 0 ? gzerror(gz, &err) : "";
    gzclose(gz);
    std::fclose(f);
    if (n < 0)
        return Error::make(Error::Code::Corrupt, "a layer is not valid gzip: " + message);
    return std::make_pair(h.digest(), size);
}

struct ParsedTarget {
    std::string registry, repository, tag, digest;
};

Result<ParsedTarget> parseTarget(const std::string &reference)
{
    auto ref = parseImageReference(reference);
    if (!ref.ok())
        return ref.error();
    return ParsedTarget{ref->registry, ref->repository, ref->tag, ref->digest};
}

} // namespace

Result<PushResult> pushImage(ImageStore &store, const std::string &source, const std::string &target,
                             const RegistryOptions &options, const RegistryProgressSink &progress)
{
    const auto img = store.find(source);
    if (!img)
        return Error::make(Error::Code::NotFound, "No such image: " + source);
    auto t = parseTarget(target);
    if (!t.ok())
        return t.error();
    if (!t->digest.empty())
        return Error::make(Error::Code::Invalid, "cannot push to a digest: " + target);
    PushResult result;
    result.tag = t->tag;
    if (!img->baseReference.empty())
        result.warnings.push_back("built on Flotilla's catalog image " + img->baseReference +
                                  ", whose layers the sandbox does not have: the image is pushed with its own layers "
                                  "only, and a real engine cannot run it. Build FROM an image pulled from a registry to "
                                  "push a complete one.");
    for (const auto &l : img->layers)
        if (l.simulated) {
            result.warnings.push_back("its RUN steps were simulated: their layers hold placeholders, not what the "
                                      "commands would have made");
            break;
        }
    RegistryClient client(t->registry, options);
    for (const auto &l : img->layers) {
        if (progress)
            progress({l.blob.digest.substr(7, 12), "Preparing", 0, l.blob.size});
    }
    // a layer that another repository of the same registry has (an image pulled from it, or pushed to it,
    // holds it here under such a tag) is mounted from there instead of uploaded again
    const auto mountSource = [&](const std::string &digest) -> std::string {
        for (const auto &other : store.images())
            for (const auto &tag : other.tags) {
                const auto r = parseImageReference(tag);
                if (!r.ok() || r->registry != t->registry || r->repository == t->repository)
                    continue;
                for (const auto &l : other.layers)
                    if (l.blob.digest == digest)
                        return r->repository;
            }
        return {};
    };
    for (const auto &l : img->layers)
        if (auto s = client.pushBlob(t->repository, l.blob, store.blobPath(l.blob.digest), mountSource(l.blob.digest), progress);
            !s.ok())
            return s.error();
    const std::string manifestBytes = [&] {
        auto m = store.readBlob(img->manifestDigest);
        return m.ok() ? *m : std::string();
    }();
    const Json manifest = Json::parse(manifestBytes, nullptr, false);
    if (!manifest.is_object())
        return Error::make(Error::Code::Corrupt, "the manifest of " + source + " cannot be read");
    Descriptor config;
    config.digest = img->id;
    config.mediaType = manifest["config"].value("mediaType", std::string());
    config.size = manifest["config"].value("size", std::int64_t(0));
    if (auto s = client.pushBlob(t->repository, config, store.blobPath(img->id), {}, {}); !s.ok())
        return s.error();
    auto digest = client.pushManifest(t->repository, t->tag, manifest.value("mediaType", std::string(kOciManifest)), manifestBytes);
    if (!digest.ok())
        return digest.error();
    result.digest = *digest;
    result.size = std::int64_t(manifestBytes.size());
    log::info(kLog, "pushed " + source + " as " + target + " (" + result.digest + ")");
    return result;
}

Result<StoredImage> pullImage(ImageStore &store, const std::string &reference, const RegistryOptions &options,
                              const RegistryProgressSink &progress)
{
    auto ref = parseImageReference(reference);
    if (!ref.ok())
        return ref.error();
    RegistryClient client(ref->registry, options);
    const std::string repo = ref->repository;
    auto m = client.manifest(repo, ref->digest.empty() ? ref->tag : ref->digest);
    if (!m.ok())
        return m.error();
    Json manifest = Json::parse(m->body, nullptr, false);
    if (!manifest.is_object())
        return Error::make(Error::Code::Corrupt, "the manifest of " + reference + " is not JSON");
    if (m->mediaType == kOciIndex || m->mediaType == kDockerList || manifest.contains("manifests")) {
        std::string chosen;
        for (const auto &entry : manifest.value("manifests", Json::array())) {
            const Json platform = entry.value("platform", Json::object());
            if (platform.value("os", "") == "linux" && platform.value("architecture", "") == "amd64") {
                chosen = entry.value("digest", "");
                break;
            }
        }
        if (chosen.empty())
            return Error::make(Error::Code::NotFound, "no matching manifest for linux/amd64 in the manifest list entries of " + reference);
        m = client.manifest(repo, chosen);
        if (!m.ok())
            return m.error();
        manifest = Json::parse(m->body, nullptr, false);
    }
    if (!manifest.is_object() || !manifest.contains("config") || !manifest.contains("layers"))
        return Error::make(Error::Code::Invalid, "unsupported manifest " + m->mediaType + " for " + reference);
    if (progress)
        progress({ref->tag, "Pulling from " + repo, 0, 0});
    const std::string tmp = store.tempDir();
    std::filesystem::create_directories(tmp);
    const std::string configDigest = manifest["config"].value("digest", "");
    const std::string configPath = tmp + "/pull-config-" + configDigest.substr(7, 16);
    if (auto s = client.fetchBlob(repo, configDigest, manifest["config"].value("size", std::int64_t(0)), configPath); !s.ok())
        return s.error();
    const std::string configText = readWhole(configPath);
    std::filesystem::remove(configPath);
    Json config = Json::parse(configText, nullptr, false);
    if (!config.is_object())
        return Error::make(Error::Code::Corrupt, "the image config of " + reference + " is not JSON");
    const Json diffIds = config["rootfs"].value("diff_ids", Json::array());
    const Json layers = manifest["layers"];
    if (!layers.is_array() || diffIds.size() != layers.size())
        return Error::make(Error::Code::Corrupt, "the image " + reference + " has " + std::to_string(layers.size()) +
                                                     " layers but its config names " + std::to_string(diffIds.size()));
    std::vector<LayerInfo> stored;
    const Json history = config.value("history", Json::array());
    std::vector<std::string> createdBy;
    for (const auto &h : history)
        if (!h.value("empty_layer", false))
            createdBy.push_back(h.value("created_by", std::string()));
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const std::string digest = layers[i].value("digest", "");
        const std::string mediaType = layers[i].value("mediaType", "");
        const std::int64_t size = layers[i].value("size", std::int64_t(0));
        const std::string diffId = diffIds[i].is_string() ? diffIds[i].get<std::string>() : std::string();
        const std::string id = digest.substr(7, 12);
        LayerInfo info;
        info.createdBy = i < createdBy.size() ? createdBy[i] : std::string();
        if (store.hasBlob(diffId)) {
            if (progress)
                progress({id, "Already exists", size, size});
        } else {
            if (mediaType.find("zstd") != std::string::npos)
                return Error::make(Error::Code::Invalid, "the layer " + digest + " is zstd-compressed, which Flotilla does not read yet");
            const std::string downloaded = tmp + "/pull-" + id;
            if (auto s = client.fetchBlob(repo, digest, size, downloaded, progress); !s.ok())
                return s.error();
            std::string tarPath = downloaded;
            std::string tarDigest = digest;
            std::int64_t tarSize = size;
            if (mediaType.find("gzip") != std::string::npos) {
                if (progress)
                    progress({id, "Extracting", 0, size});
                tarPath = downloaded + ".tar";
                auto unpacked = gunzip(downloaded, tarPath);
                std::filesystem::remove(downloaded);
                if (!unpacked.ok())
                    return unpacked.error();
                tarDigest = unpacked->first;
                tarSize = unpacked->second;
            }
            if (tarDigest != diffId) {
                std::filesystem::remove(tarPath);
                return Error::make(Error::Code::Corrupt, "the layer " + digest + " unpacks to " + tarDigest +
                                                             ", not to the config's diff id " + diffId);
            }
            auto adopted = store.adoptBlob(tarPath, diffId, tarSize, kOciLayer);
            if (!adopted.ok())
                return adopted.error();
            if (progress)
                progress({id, "Pull complete", size, size});
        }
        info.blob.digest = diffId;
        info.blob.mediaType = kOciLayer;
        info.blob.size = std::int64_t(std::filesystem::file_size(store.blobPath(diffId)));
        stored.push_back(std::move(info));
    }
    const std::string tag = ref->digest.empty() ? ref->familiar() : std::string();
    auto img = store.commit(config, stored, tag.empty() ? std::vector<std::string>{} : std::vector<std::string>{tag}, "", 0,
                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
    if (!img.ok())
        return img.error();
    if (progress)
        progress({"", "Digest: " + m->digest, 0, 0});
    return img;
}

} // namespace flotilla::engine::image
