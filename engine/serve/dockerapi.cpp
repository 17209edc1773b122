#include "dockerapi.h"

#include "acceptloop.h"
#include "resources.h"

#include "../common/log.h"
#include "../common/timefmt.h"
#include "../image/imagestore.h"
#include "../sandbox/sandbox.h"

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <filesystem>
#include <functional>
#include <thread>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace flotilla::engine::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using local = asio::local::stream_protocol;
using api::Json;

namespace {

constexpr const char *kLog = "docker-api";
constexpr std::size_t kHeaderLimit = 64 * 1024;
constexpr std::size_t kBodyLimit = 64 * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

DockerReply message(int status, const std::string &text)
{
    return {status, "application/json", Json{{"message", text}}.dump() + "\n"};
}

DockerReply dockerJson(const Json &json)
{
    return {200, "application/json", json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
}

/// "1.47" → 147, or -1 when it is not a version.
int versionNumber(const std::string &v)
{
    const std::size_t dot = v.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= v.size() || v.size() > 8)
        return -1;
    for (std::size_t i = 0; i < v.size(); ++i)
        if (i != dot && (v[i] < '0' || v[i] > '9'))
            return -1;
    return std::stoi(v.substr(0, dot)) * 100 + std::stoi(v.substr(dot + 1));
}

std::string shortId(const std::string &id) { return id.rfind("sha256:", 0) == 0 ? id.substr(7) : id; }

Json imageSummary(const image::StoredImage &img)
{
    Json labels = api::field(api::field(img.config, "config"), "Labels");
    return {{"Id", img.id},
            {"ParentId", ""},
            {"RepoTags", img.tags},
            {"RepoDigests", Json::array()},
            {"Created", img.created / 1000},
            {"Size", img.size()},
            {"SharedSize", -1},
            {"Labels", labels.is_object() ? labels : Json::object()},
            {"Containers", -1}};
}

Json imageInspect(const image::StoredImage &img)
{
    Json config = api::field(img.config, "config");
    if (!config.is_object())
        config = Json::object();
    Json layers = Json::array();
    for (const auto &d : api::field(api::field(img.config, "rootfs"), "diff_ids"))
        layers.push_back(d);
    return {{"Id", img.id},
            {"RepoTags", img.tags},
            {"RepoDigests", Json::array()},
            {"Parent", ""},
            {"Comment", img.baseReference.empty() ? "" : "built on " + img.baseReference},
            {"Created", formatRfc3339(img.created)},
            {"DockerVersion", ""},
            {"Author", api::stringField(img.config, "author")},
            {"Config", config},
            {"Architecture", api::stringField(img.config, "architecture", "amd64")},
            {"Os", api::stringField(img.config, "os", "linux")},
            {"Size", img.size()},
            {"GraphDriver", {{"Name", "flotilla-sim"}, {"Data", Json::object()}}},
            {"RootFS", {{"Type", "layers"}, {"Layers", layers}}},
            {"Metadata", {{"LastTagTime", "0001-01-01T00:00:00Z"}}}};
}

std::vector<image::StoredImage> imagesOf(sandbox::Sandbox &sb)
{
    const auto store = sb.imageStore();
    return store ? store->images() : std::vector<image::StoredImage>{};
}

Json versionJson()
{
    const Json engine = {{"Version", "27.0.0-flotilla"},
                         {"ApiVersion", kDockerApiVersion},
                         {"MinAPIVersion", kDockerMinApiVersion},
                         {"GitCommit", "flotilla"},
                         {"GoVersion", "none (Flotilla sandbox)"},
                         {"Os", "linux"},
                         {"Arch", "amd64"},
                         {"KernelVersion", "simulated"},
                         {"BuildTime", "2026-01-01T00:00:00.000000000+00:00"}};
    Json component = {{"Name", "Engine"}, {"Version", engine["Version"]}, {"Details", engine}};
    component["Details"].erase("Version");
    Json v = engine;
    v["Platform"] = {{"Name", "Flotilla sandbox (simulated containers)"}};
    v["Components"] = Json::array({component});
    return v;
}

Json infoJson(sandbox::Sandbox &sb)
{
    return {{"ID", "flotilla-" + sb.name()},
            {"Containers", 0},
            {"ContainersRunning", 0},
            {"ContainersPaused", 0},
            {"ContainersStopped", 0},
            {"Images", imagesOf(sb).size()},
            {"Driver", "flotilla-sim"},
            {"DriverStatus", Json::array({Json::array({"Simulated", "containers are not executed"})})},
            {"Name", "flotilla-" + sb.name()},
            {"ServerVersion", "27.0.0-flotilla"},
            {"OperatingSystem", "Flotilla sandbox (simulated containers)"},
            {"OSType", "linux"},
            {"Architecture", "x86_64"},
            {"KernelVersion", "simulated"},
            {"NCPU", int(std::max(1u, std::thread::hardware_concurrency()))},
            {"MemTotal", 0},
            {"DockerRootDir", sb.imageStore() ? sb.imageStore()->dir() : std::string()},
            {"IndexServerAddress", "https://index.docker.io/v1/"},
            {"RegistryConfig", {{"IndexConfigs", Json::object()}, {"InsecureRegistryCIDRs", Json::array({"127.0.0.0/8"})}}},
            {"Warnings", Json::array({"Flotilla sandbox: containers are simulated, not executed"})}};
}

} // namespace

DockerReply handleDockerRequest(sandbox::Sandbox &sb, const DockerRequest &r)
{
    std::string path = r.path;
    if (path.size() > 2 && path.compare(0, 2, "/v") == 0 && path[2] >= '0' && path[2] <= '9') {
        const std::size_t slash = path.find('/', 2);
        const std::string version = path.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
        const int asked = versionNumber(version);
        if (asked < 0)
            return message(400, "invalid API version \"" + version + "\"");
        if (asked > versionNumber(kDockerApiVersion))
            return message(400, "client version " + version + " is too new. Maximum supported API version is " +
                                    kDockerApiVersion);
        if (asked < versionNumber(kDockerMinApiVersion))
            return message(400, "client version " + version + " is too old. Minimum supported API version is " +
                                    kDockerMinApiVersion + ", please upgrade your client to a newer version");
        path = slash == std::string::npos ? "/" : path.substr(slash);
    }
    const bool read = r.method == "GET" || r.method == "HEAD";
    if (path == "/_ping") {
        if (!read)
            return message(405, "method " + r.method + " not allowed for /_ping");
        return {200, "text/plain; charset=utf-8", r.method == "HEAD" ? "" : "OK"};
    }
    if (path == "/version" && read)
        return dockerJson(versionJson());
    if (path == "/info" && read)
        return dockerJson(infoJson(sb));
    if (path == "/images/json" && read) {
        Json list = Json::array();
        for (const auto &img : imagesOf(sb))
            list.push_back(imageSummary(img));
        return dockerJson(list);
    }
    if (path.rfind("/images/", 0) == 0 && path.size() > 13 && path.compare(path.size() - 5, 5, "/json") == 0 && read) {
        const std::string name = path.substr(8, path.size() - 13);
        const auto store = sb.imageStore();
        if (const auto img = store ? store->find(name) : std::nullopt)
            return dockerJson(imageInspect(*img));
        return message(404, "No such image: " + name);
    }
    return message(404, "page not found");
}

std::string defaultDockerSocketDir()
{
    const char *runtime = std::getenv("XDG_RUNTIME_DIR");
    if (runtime && *runtime)
        return (std::filesystem::path(runtime) / "flotilla").string();
    return "/tmp/flotilla-" + std::to_string(::geteuid());
}

// ---- the socket ---------------------------------------------------------------------------------------

struct DockerApiServer::Shared {
    explicit Shared(asio::io_context &io) : io(io), acceptor(io) {}
    asio::io_context &io;
    sandbox::Sandbox *sandbox = nullptr; ///< null once stopped
    local::acceptor acceptor;
    std::string path;
    bool stopped = false;
    std::uint64_t nextSession = 1;
    std::map<std::uint64_t, std::function<void()>> closers; ///< of the open connections
};

namespace {

class DockerSession final : public std::enable_shared_from_this<DockerSession> {
public:
    DockerSession(std::shared_ptr<DockerApiServer::Shared> shared, local::socket socket, std::uint64_t id)
        : m_shared(std::move(shared)), m_stream(std::move(socket)), m_id(id)
    {
    }

    void start() { readRequest(); }

    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        beast::error_code ec;
        m_stream.socket().shutdown(local::socket::shutdown_both, ec);
        m_stream.close();
        m_shared->closers.erase(m_id);
    }

private:
    void readRequest()
    {
        if (m_closed || m_shared->stopped || !m_shared->sandbox)
            return close();
        m_parser.emplace();
        m_parser->header_limit(kHeaderLimit);
        m_parser->body_limit(kBodyLimit);
        m_stream.expires_after(kIdleTimeout);
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec == http::error::body_limit)
                return self->send(message(413, "the request body is larger than 64 MiB"), false);
            if (ec)
                return self->close();
            self->dispatch();
        });
    }

    void dispatch()
    {
        if (m_closed || m_shared->stopped || !m_shared->sandbox)
            return close();
        const auto &req = m_parser->get();
        DockerRequest r;
        r.method = std::string(req.method_string());
        r.body = req.body();
        const std::string_view target(req.target().data(), req.target().size());
        if (!parseTarget(target, r.path, r.query))
            return send(message(400, "malformed request path"), req.keep_alive());
        DockerReply reply;
        try {
            reply = handleDockerRequest(*m_shared->sandbox, r);
        } catch (const std::exception &e) {
            log::error(kLog, r.method + " " + r.path + " failed: " + e.what());
            reply = message(500, std::string("internal error: ") + e.what());
        }
        send(reply, req.keep_alive());
    }

    void send(const DockerReply &reply, bool keepAlive)
    {
        auto res = std::make_shared<http::response<http::string_body>>(http::status(reply.status), 11);
        res->set(http::field::server, "Docker/27.0.0-flotilla (linux)");
        res->set("Api-Version", kDockerApiVersion);
        res->set("Docker-Experimental", "false");
        res->set("Ostype", "linux");
        res->set(http::field::content_type, reply.contentType);
        res->keep_alive(keepAlive);
        res->body() = reply.body;
        res->prepare_payload();
        m_stream.expires_after(kIdleTimeout);
        http::async_write(m_stream, *res, [self = shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
            if (ec || !keepAlive)
                return self->close();
            self->readRequest();
        });
    }

    std::shared_ptr<DockerApiServer::Shared> m_shared;
    beast::basic_stream<local> m_stream;
    std::uint64_t m_id;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    bool m_closed = false;
};

/// The peer's user id (SO_PEERCRED), or -1.
long peerUid(local::socket &socket)
{
    struct ucred cred {};
    socklen_t len = sizeof cred;
    if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
        return -1;
    return long(cred.uid);
}

void accept(const std::shared_ptr<DockerApiServer::Shared> &shared)
{
    acceptLoop(shared, shared->acceptor, kLog, [shared](local::socket socket) {
        if (const long uid = peerUid(socket); uid != long(::geteuid())) {
            log::warning(kLog, "refused a connection from another user (uid " + std::to_string(uid) + ")");
            beast::error_code ignored;
            socket.close(ignored);
            return;
        }
        const std::uint64_t id = shared->nextSession++;
        auto session = std::make_shared<DockerSession>(shared, std::move(socket), id);
        shared->closers.emplace(id, [weak = std::weak_ptr<DockerSession>(session)] {
            if (auto s = weak.lock())
                s->close();
        });
        session->start();
    });
}

} // namespace

DockerApiServer::DockerApiServer(asio::io_context &io, sandbox::Sandbox &sandbox) : m_shared(std::make_shared<Shared>(io))
{
    m_shared->sandbox = &sandbox;
}

DockerApiServer::~DockerApiServer() { stop(); }

Status DockerApiServer::start(const std::string &socketPath)
{
    namespace fs = std::filesystem;
    if (socketPath.empty() || socketPath.size() >= sizeof(sockaddr_un::sun_path))
        return Error::make(Error::Code::Invalid, "the socket path must be 1 to " + std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                                                     " bytes long: " + socketPath);
    const fs::path dir = fs::path(socketPath).parent_path();
    std::error_code fec;
    if (!dir.empty() && !fs::exists(dir, fec)) {
        fs::create_directories(dir, fec);
        if (fec)
            return Error::make(Error::Code::Io, "cannot create " + dir.string() + ": " + fec.message());
        ::chmod(dir.c_str(), 0700);
    }
    if (fs::exists(fs::symlink_status(socketPath, fec))) {
        // a socket left by a process that is gone is replaced; one that answers belongs to someone
        local::socket probe(m_shared->io);
        beast::error_code ec;
        probe.connect(local::endpoint(socketPath), ec);
        if (!ec)
            return Error::make(Error::Code::Conflict, "another program already answers on " + socketPath);
        if (!fs::is_socket(fs::symlink_status(socketPath, fec)))
            return Error::make(Error::Code::Conflict, socketPath + " exists and is not a socket");
        fs::remove(socketPath, fec);
    }
    auto &shared = *m_shared;
    beast::error_code ec;
    const mode_t old = ::umask(0177); // the socket file is made 0600, never briefly open to others
    shared.acceptor.open(local(), ec);
    if (!ec)
        shared.acceptor.bind(local::endpoint(socketPath), ec);
    ::umask(old);
    if (!ec)
        ::chmod(socketPath.c_str(), 0600);
    if (!ec)
        shared.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        beast::error_code ignored;
        shared.acceptor.close(ignored);
        return Error::make(Error::Code::Io, "cannot listen on " + socketPath + ": " + ec.message());
    }
    shared.path = socketPath;
    accept(m_shared);
    log::info(kLog, "Docker Engine API on unix://" + socketPath);
    return {};
}

void DockerApiServer::stop()
{
    auto &shared = *m_shared;
    if (shared.stopped)
        return;
    shared.stopped = true;
    beast::error_code ec;
    shared.acceptor.close(ec);
    auto closers = shared.closers; // close() removes itself
    for (auto &[id, close] : closers)
        close();
    shared.closers.clear();
    if (!shared.path.empty()) {
        std::error_code fec;
        std::filesystem::remove(shared.path, fec);
    }
    shared.sandbox = nullptr;
}

} // namespace flotilla::engine::serve
