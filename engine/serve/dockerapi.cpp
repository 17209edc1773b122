#include "dockerapi.h"

#include "acceptloop.h"
#include "dockercontainers.h"
#include "resources.h"

#include "../common/log.h"
#include "../common/timefmt.h"
#include "../image/catalog.h"
#include "../image/context.h"
#include "../image/imagestore.h"
#include "../image/reference.h"
#include "../sandbox/containers.h"
#include "../sandbox/sandbox.h"

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <filesystem>
#include <functional>
#include <limits>
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

/// `docker history`: newest first, one entry per history record of the config.
Json imageHistory(const image::StoredImage &img)
{
    Json out = Json::array();
    const Json history = api::field(img.config, "history");
    std::size_t layer = 0;
    std::vector<Json> entries;
    for (const auto &h : history) {
        const bool empty = h.value("empty_layer", false);
        std::int64_t size = 0;
        if (!empty && layer < img.layers.size())
            size = img.layers[layer++].displaySize();
        const auto created = parseRfc3339(h.value("created", std::string()));
        entries.push_back({{"Id", "<missing>"},
                           {"Created", created ? *created / 1000 : 0},
                           {"CreatedBy", h.value("created_by", std::string())},
                           {"Tags", nullptr},
                           {"Size", size},
                           {"Comment", h.value("comment", std::string())}});
    }
    if (!entries.empty()) {
        entries.back()["Id"] = img.id;
        entries.back()["Tags"] = img.tags;
    }
    for (auto it = entries.rbegin(); it != entries.rend(); ++it)
        out.push_back(*it);
    if (!img.baseReference.empty())
        out.push_back({{"Id", "<missing>"}, {"Created", 0}, {"CreatedBy", "(the catalog image " + img.baseReference + ")"},
                       {"Tags", nullptr}, {"Size", img.baseSize}, {"Comment", "simulated base: its layers are not stored"}});
    return out;
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
    int running = 0, paused = 0, stopped = 0;
    const auto containers = sb.containers().list(true);
    for (const auto &c : containers)
        (c.state == "running" || c.state == "restarting" ? running : c.state == "paused" ? paused : stopped)++;
    return {{"ID", "flotilla-" + sb.name()},
            {"Containers", containers.size()},
            {"ContainersRunning", running},
            {"ContainersPaused", paused},
            {"ContainersStopped", stopped},
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

namespace {

/// Strips a `/v1.NN` prefix from `path`; an error reply when the version is not one the server speaks.
std::optional<DockerReply> stripVersion(std::string &path)
{
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
    return std::nullopt;
}

} // namespace

DockerReply handleDockerRequest(sandbox::Sandbox &sb, const DockerRequest &r)
{
    std::string path = r.path;
    if (auto refused = stripVersion(path))
        return *refused;
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
        // filters: {"reference": ["app", "app:1.*"]} (or the older {"reference": {"app": true}}), "dangling"
        const Json filters = r.query.count("filters") ? Json::parse(r.query.at("filters"), nullptr, false) : Json::object();
        if (!filters.is_object())
            return message(400, "invalid filter: " + r.query.at("filters"));
        const auto values = [&](const char *key) {
            std::vector<std::string> out;
            const Json f = filters.value(key, Json());
            if (f.is_array())
                for (const auto &v : f)
                    out.push_back(v.is_string() ? v.get<std::string>() : std::string());
            else if (f.is_object())
                for (const auto &[k, v] : f.items())
                    out.push_back(k);
            return out;
        };
        const auto references = values("reference");
        const auto dangling = values("dangling");
        Json list = Json::array();
        for (const auto &img : imagesOf(sb)) {
            if (!dangling.empty() && (dangling.front() == "true" || dangling.front() == "1") != img.tags.empty())
                continue;
            if (!references.empty()) {
                bool match = false;
                for (const auto &tag : img.tags)
                    for (const auto &ref : references) {
                        const std::string repo = tag.substr(0, tag.rfind(':'));
                        const bool withTag = ref.find(':') != std::string::npos && ref.rfind('/') < ref.rfind(':');
                        match = match || image::globMatch(ref, withTag ? tag : repo);
                    }
                if (!match)
                    continue;
            }
            list.push_back(imageSummary(img));
        }
        return dockerJson(list);
    }
    if (path == "/images/prune" && r.method == "POST") {
        const auto report = sb.pruneImages();
        return dockerJson({{"ImagesDeleted", report.images ? Json::array() : Json(nullptr)}, {"SpaceReclaimed", report.bytes}});
    }
    if (path.rfind("/images/", 0) == 0 && path.size() > 8) {
        const std::string rest = path.substr(8);
        const auto store = sb.imageStore();
        const auto suffix = [&](const char *s) {
            const std::size_t n = std::strlen(s);
            return rest.size() > n && rest.compare(rest.size() - n, n, s) == 0 ? std::optional(rest.substr(0, rest.size() - n))
                                                                             : std::nullopt;
        };
        if (const auto name = suffix("/json"); name && read) {
            if (const auto img = store ? store->find(*name) : std::nullopt)
                return dockerJson(imageInspect(*img));
            return message(404, "No such image: " + *name);
        }
        if (const auto name = suffix("/history"); name && read) {
            const auto img = store ? store->find(*name) : std::nullopt;
            if (!img)
                return message(404, "No such image: " + *name);
            return dockerJson(imageHistory(*img));
        }
        if (const auto name = suffix("/tag"); name && r.method == "POST") {
            const auto img = store ? store->find(*name) : std::nullopt;
            if (!img)
                return message(404, "No such image: " + *name);
            const std::string repo = r.query.count("repo") ? r.query.at("repo") : std::string();
            const std::string tag = r.query.count("tag") && !r.query.at("tag").empty() ? r.query.at("tag") : "latest";
            const std::string target = repo + ":" + tag;
            if (auto ref = image::parseImageReference(target); repo.empty() || !ref.ok())
                return message(400, repo.empty() ? std::string("repository name must have at least one component")
                                                 : ref.error().message);
            if (auto tagged = sb.tagImage(*name, target); !tagged.ok())
                return message(500, tagged.error().message);
            return {201, "text/plain; charset=utf-8", ""};
        }
        if (r.method == "DELETE") {
            const std::string &name = rest;
            const auto img = store ? store->find(name) : std::nullopt;
            if (!img)
                return message(404, "No such image: " + name);
            const bool force = r.query.count("force") && (r.query.at("force") == "1" || r.query.at("force") == "true");
            if (!force)
                if (const auto users = sb.containers().containersUsingImage(img->id); !users.empty()) {
                    const bool byId = img->id.find(name) == 7 || img->id == name;
                    return message(409, (byId ? "conflict: unable to delete " + shortId(img->id).substr(0, 12) + " (must be forced)"
                                              : "conflict: unable to remove repository reference \"" + name + "\" (must force)") +
                                            " - container " + users.front().substr(0, 12) + " is using its referenced image " +
                                            shortId(img->id).substr(0, 12));
                }
            const auto before = img->tags;
            auto removed = sb.removeImage(name, force);
            if (!removed.ok())
                return message(removed.error().code == Error::Code::Conflict ? 409 : 500, removed.error().message);
            Json out = Json::array();
            const auto after = store->find(img->id);
            for (const auto &t : before)
                if (!after || std::find(after->tags.begin(), after->tags.end(), t) == after->tags.end())
                    out.push_back({{"Untagged", t}});
            for (const auto &id : *removed)
                out.push_back({{"Deleted", id}});
            return dockerJson(out);
        }
    }
    return message(404, "page not found");
}

namespace {

bool truthy(const std::string &v) { return v == "1" || v == "true" || v == "True"; }

/// A JSON object of strings from a query parameter (`buildargs`, `labels`); null values are left out.
Status stringMap(const std::string &name, const std::string &text, std::map<std::string, std::string> &out)
{
    if (text.empty())
        return {};
    const Json json = Json::parse(text, nullptr, false);
    if (!json.is_object())
        return Error::make(Error::Code::Invalid, "the " + name + " parameter is not a JSON object of strings: " + text);
    for (const auto &[k, v] : json.items()) {
        if (v.is_string())
            out[k] = v.get<std::string>();
        else if (!v.is_null())
            return Error::make(Error::Code::Invalid, "the " + name + " parameter's value for \"" + k + "\" is not a string");
    }
    return {};
}

std::string shortHex(const std::string &digest) { return shortId(digest).substr(0, 12); }

std::string streamLine(const std::string &text) { return Json{{"stream", text}}.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"; }

} // namespace

Result<image::BuildOptions> dockerBuildOptions(const DockerRequest &r, std::string &dockerfile)
{
    image::BuildOptions options;
    options.tags.clear();
    dockerfile = "Dockerfile";
    for (const auto &[key, value] : r.parameters) {
        if (key == "t") {
            if (auto ref = image::parseImageReference(value); !ref.ok())
                return Error::make(Error::Code::Invalid, ref.error().message + " (tag \"" + value + "\")");
            options.tags.push_back(value);
        } else if (key == "dockerfile" && !value.empty()) {
            dockerfile = value;
        } else if (key == "target") {
            options.target = value;
        } else if (key == "nocache") {
            options.noCache = truthy(value);
        } else if (key == "buildargs") {
            if (auto s = stringMap("buildargs", value, options.buildArgs); !s.ok())
                return s.error();
        } else if (key == "labels") {
            if (auto s = stringMap("labels", value, options.labels); !s.ok())
                return s.error();
        } else if (key == "remote" && !value.empty()) {
            return Error::make(Error::Code::Invalid, "builds from a remote context (" + value +
                                                         ") are not supported by the Flotilla sandbox: send the context");
        }
    }
    options.dockerfileName = dockerfile;
    return options;
}

std::string dockerBuildLines(const image::BuildEvent &e)
{
    using T = image::BuildEvent::Type;
    switch (e.type) {
    case T::Started:
        return {};
    case T::StepStarted:
        return streamLine("Step " + std::to_string(e.step) + "/" + std::to_string(e.totalSteps) + " : " + e.info.text + "\n");
    case T::Output:
        return e.text.empty() ? std::string() : streamLine(e.text + (e.text.back() == '\n' ? "" : "\n"));
    case T::StepCached:
        return (e.info.text.rfind("FROM ", 0) == 0 ? std::string() : streamLine(" ---> Using cache\n")) +
               (e.layerDigest.empty() ? std::string() : streamLine(" ---> " + shortHex(e.layerDigest) + "\n"));
    case T::StepFinished:
        return e.layerDigest.empty() ? std::string()
                                     : streamLine(" ---> " + shortHex(e.layerDigest) + (e.simulated ? " (simulated)\n" : "\n"));
    case T::StepFailed:
        return {};
    case T::Finished: {
        std::string out = Json{{"aux", {{"ID", e.imageId}}}}.dump() + "\n";
        out += streamLine("Successfully built " + shortHex(e.imageId) + "\n");
        for (const auto &tag : e.tags) {
            const auto ref = image::parseImageReference(tag);
            out += streamLine("Successfully tagged " + (ref.ok() ? ref->familiar() : tag) + "\n");
        }
        return out;
    }
    case T::Failed:
        return Json{{"errorDetail", {{"message", e.text}}}, {"error", e.text}}.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    }
    return {};
}

image::RegistryAuth dockerRegistryAuth(const std::string &header)
{
    image::RegistryAuth auth;
    if (header.empty())
        return auth;
    std::string b64 = header;
    std::replace(b64.begin(), b64.end(), '-', '+');
    std::replace(b64.begin(), b64.end(), '_', '/');
    while (b64.size() % 4)
        b64 += '=';
    std::string raw(b64.size(), '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char *>(raw.data()), reinterpret_cast<const unsigned char *>(b64.data()),
                                  int(b64.size()));
    if (n < 0)
        return auth;
    raw.resize(std::size_t(n));
    while (!raw.empty() && raw.back() == '\0') // the padding decodes to zeros
        raw.pop_back();
    const Json json = Json::parse(raw, nullptr, false);
    if (!json.is_object())
        return auth;
    auth.username = json.value("username", "");
    auth.password = json.value("password", "");
    auth.identityToken = json.value("identitytoken", "");
    return auth;
}

namespace {

/// Docker's human sizes: "512B", "2.048kB", "1.23MB" (decimal units, four significant digits).
std::string humanSize(std::int64_t bytes)
{
    static const char *units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g%s", v, units[u]);
    return buf;
}

} // namespace

std::string dockerProgressLine(const image::RegistryProgress &p)
{
    Json line = {{"status", p.status}, {"progressDetail", Json::object()}};
    if (!p.id.empty())
        line["id"] = p.id;
    if ((p.status == "Pushing" || p.status == "Downloading" || p.status == "Extracting") && p.total > 0) {
        line["progressDetail"] = {{"current", p.current}, {"total", p.total}};
        const int width = 50;
        const int done = int(double(std::min(p.current, p.total)) / double(p.total) * width);
        std::string bar = "[" + std::string(std::size_t(std::max(0, done - 1)), '=') + (done > 0 ? ">" : "") +
                          std::string(std::size_t(width - std::max(done, 0)), ' ') + "] ";
        line["progress"] = bar + humanSize(p.current) + "/" + humanSize(p.total);
    }
    return line.dump() + "\n";
}

Json dockerEventJson(const sandbox::ContainerEvent &e)
{
    Json attributes = Json::object();
    for (const auto &[k, v] : e.attributes)
        attributes[k] = v;
    return {{"status", e.action},
            {"id", e.id},
            {"from", e.image},
            {"Type", "container"},
            {"Action", e.action},
            {"Actor", {{"ID", e.id}, {"Attributes", attributes}}},
            {"scope", "local"},
            {"time", e.time / 1000},
            {"timeNano", e.time * 1'000'000}};
}

bool dockerEventPasses(const Json &event, const Json &filters)
{
    if (!filters.is_object())
        return true;
    const auto test = [&](const char *key, const std::function<bool(const std::string &)> &accepts) {
        const auto it = filters.find(key);
        if (it == filters.end())
            return true;
        std::vector<std::string> values;
        if (it->is_array()) {
            for (const auto &v : *it)
                if (v.is_string())
                    values.push_back(v.get<std::string>());
        } else if (it->is_object()) {
            for (const auto &[k, v] : it->items())
                values.push_back(k);
        }
        return values.empty() || std::any_of(values.begin(), values.end(), accepts);
    };
    const Json attributes = event["Actor"].value("Attributes", Json::object());
    const std::string id = event.value("id", "");
    return test("type", [&](const std::string &v) { return v == event.value("Type", ""); }) &&
           test("event", [&](const std::string &v) { return v == event.value("Action", ""); }) &&
           test("container", [&](const std::string &v) { return !v.empty() && (id.rfind(v, 0) == 0 || v == attributes.value("name", "")); }) &&
           test("image", [&](const std::string &v) { return v == event.value("from", "") || v == attributes.value("image", ""); }) &&
           test("label", [&](const std::string &v) {
               const std::size_t eq = v.find('=');
               const std::string key = v.substr(0, eq);
               return attributes.contains(key) && (eq == std::string::npos || attributes.value(key, "") == v.substr(eq + 1));
           });
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
    DockerBuildStarter buildStarter;
    std::function<void(std::function<void(const std::atomic<bool> &)>)> worker;
    std::deque<Json> recentEvents; ///< the last 256, for `docker events --since`
    std::map<std::uint64_t, std::function<void(const Json &)>> eventSinks; ///< of the connections streaming events
};

namespace {

/// `/build` bodies are build contexts: they may be far bigger than any other request.
constexpr std::uint64_t kBuildContextLimit = std::uint64_t(512) << 20;

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
        const auto keep = std::move(m_self); // `this` outlives the call even when that was the last owner
        m_closed = true;
        if (m_cancel)
            m_cancel(); // a client that goes away (Ctrl+C) stops its build
        m_cancel = nullptr;
        if (m_followTimer)
            m_followTimer->cancel();
        beast::error_code ec;
        m_stream.socket().shutdown(local::socket::shutdown_both, ec);
        m_stream.close();
        m_shared->closers.erase(m_id);
        m_shared->eventSinks.erase(m_id);
    }

private:
    bool gone() const { return m_closed || m_shared->stopped || !m_shared->sandbox; }

    void readRequest()
    {
        if (gone())
            return close();
        m_parser.emplace();
        m_parser->header_limit(kHeaderLimit);
        // the limit depends on the path: checked once the header is read (not boost::none, which Boost 1.74's
        // parser compares as smaller than any length)
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        m_stream.expires_after(kIdleTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return self->close();
            const auto target = self->m_parser->get().target();
            const std::string_view t(target.data(), target.size());
            const std::string_view path = t.substr(0, t.find('?'));
            const bool build = path.size() >= 6 && path.substr(path.size() - 6) == "/build";
            const std::uint64_t limit = build ? kBuildContextLimit : kBodyLimit;
            const auto tooLarge = [self, build] {
                self->send(message(413, build ? "the build context is larger than the sandbox's limit of " +
                                                    std::to_string(kBuildContextLimit >> 20) + " MiB"
                                              : "the request body is larger than " + std::to_string(kBodyLimit >> 20) + " MiB"),
                           false);
            };
            // a body announced too large is refused before it is read; a chunked one when it grows too large
            if (const auto length = self->m_parser->content_length(); length && *length > limit)
                return tooLarge();
            self->m_parser->body_limit(limit);
            self->m_stream.expires_after(kIdleTimeout);
            http::async_read(self->m_stream, self->m_buffer, *self->m_parser,
                             [self, tooLarge](beast::error_code ec, std::size_t) {
                                 if (ec == http::error::body_limit)
                                     return tooLarge();
                                 if (ec)
                                     return self->close();
                                 self->dispatch();
                             });
        });
    }

    void dispatch()
    {
        if (gone())
            return close();
        auto &req = m_parser->get();
        DockerRequest r;
        r.method = std::string(req.method_string());
        r.body = std::move(req.body());
        r.registryAuth = std::string(req["X-Registry-Auth"]);
        m_keepAlive = req.keep_alive();
        const std::string_view target(req.target().data(), req.target().size());
        if (!parseTarget(target, r.path, [&r](std::string key, std::string value) {
                r.query[key] = value;
                r.parameters.emplace_back(std::move(key), std::move(value));
            }))
            return send(message(400, "malformed request path"), m_keepAlive);
        std::string path = r.path;
        if (auto refused = stripVersion(path))
            return send(*refused, m_keepAlive);
        if (path == "/build" && r.method == "POST")
            return startBuild(std::move(r));
        if (path == "/events" && r.method == "GET")
            return startEvents(r);
        if (path == "/images/create" && r.method == "POST")
            return startPull(r);
        if (path == "/auth" && r.method == "POST")
            return startLogin(r);
        if (path.rfind("/images/", 0) == 0 && path.size() > 13 && path.compare(path.size() - 5, 5, "/push") == 0 &&
            r.method == "POST")
            return startPush(path.substr(8, path.size() - 13), r);
        DockerReply reply;
        try {
            if (const auto parts = containerPath(path)) {
                if (parts->second == "wait" && r.method == "POST")
                    return startWait(parts->first, r);
                if (parts->second == "logs" && r.method == "GET")
                    return startLogs(parts->first, r);
                if (parts->second == "attach" && r.method == "POST")
                    return startAttach(parts->first, r);
            }
            if (auto answered = handleContainerRequest(*m_shared->sandbox, r, path))
                reply = std::move(*answered);
            else
                reply = handleDockerRequest(*m_shared->sandbox, r);
        } catch (const std::exception &e) {
            log::error(kLog, r.method + " " + r.path + " failed: " + e.what());
            reply = message(500, std::string("internal error: ") + e.what());
        }
        send(reply, m_keepAlive);
    }

    void send(const DockerReply &reply, bool keepAlive)
    {
        auto res = std::make_shared<http::response<http::string_body>>(http::status(reply.status), 11);
        setHeaders(*res, reply.contentType);
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

    template <class Response> static void setHeaders(Response &res, const std::string &contentType)
    {
        res.set(http::field::server, "Docker/27.0.0-flotilla (linux)");
        res.set("Api-Version", kDockerApiVersion);
        res.set("Docker-Experimental", "false");
        res.set("Ostype", "linux");
        res.set(http::field::content_type, contentType);
    }

    // ---- streamed answers: a chunked body written piece by piece ----

    /// While an answer is pending or streamed (a build, a wait, a followed log), nothing else holds the
    /// connection: waiting for the peer to become readable keeps it, and tells when the client goes away
    /// (Ctrl+C on `docker build`, `docker run -d` leaving its wait behind). Data that arrives (a next
    /// request) is left for the next read.
    void watchPeer()
    {
        if (m_watching || m_closed)
            return;
        m_watching = true;
        m_stream.socket().async_wait(local::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
            self->m_watching = false;
            if (ec || self->m_closed)
                return;
            char c;
            const ssize_t n = ::recv(self->m_stream.socket().native_handle(), &c, 1, MSG_PEEK | MSG_DONTWAIT);
            if ((n == 0 && !self->m_raw) || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
                self->close(); // an attached client may close its sending side and still read
        });
    }

    void beginStream(const std::string &contentType)
    {
        watchPeer();
        m_streaming = true;
        m_header = std::make_shared<http::response<http::empty_body>>(http::status::ok, 11);
        setHeaders(*m_header, contentType);
        m_header->keep_alive(m_keepAlive);
        m_header->chunked(true);
        m_serializer = std::make_shared<http::response_serializer<http::empty_body>>(*m_header);
        m_writing = true;
        m_stream.expires_never();
        http::async_write_header(m_stream, *m_serializer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->m_writing = false;
            if (ec)
                return self->close();
            self->flush();
        });
    }

    void writeChunk(std::string data)
    {
        if (m_closed || data.empty())
            return;
        m_out.push_back(std::move(data));
        flush();
    }

    void endStream()
    {
        m_ending = true;
        flush();
    }

    void flush()
    {
        if (m_closed || m_writing)
            return;
        if (m_raw) { // an attached stream: plain bytes after the 101, and the end closes the connection
            if (!m_out.empty()) {
                auto data = std::make_shared<std::string>(std::move(m_out.front()));
                m_out.pop_front();
                m_writing = true;
                asio::async_write(m_stream, asio::buffer(*data), [self = shared_from_this(), data](beast::error_code ec, std::size_t) {
                    self->m_writing = false;
                    if (ec)
                        return self->close();
                    self->flush();
                });
            } else if (m_ending) {
                close();
            }
            return;
        }
        if (!m_out.empty()) {
            auto data = std::make_shared<std::string>(std::move(m_out.front()));
            m_out.pop_front();
            m_writing = true;
            asio::async_write(m_stream, http::make_chunk(asio::buffer(*data)),
                              [self = shared_from_this(), data](beast::error_code ec, std::size_t) {
                                  self->m_writing = false;
                                  if (ec)
                                      return self->close();
                                  self->flush();
                              });
            return;
        }
        if (!m_ending)
            return;
        m_ending = false;
        m_writing = true;
        asio::async_write(m_stream, http::make_chunk_last(), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->m_writing = false;
            self->m_streaming = false;
            self->m_header.reset();
            self->m_serializer.reset();
            if (ec || !self->m_keepAlive)
                return self->close();
            self->readRequest();
        });
    }

    // ---- registries: push, pull and login run on a worker; their progress streams as they go ----

    /// Runs `work` on a worker; what it reports reaches this connection on the engine thread.
    using Report = std::function<void(std::function<void(DockerSession &)>)>;
    void onWorker(std::function<void(const Report &report, const std::atomic<bool> &cancel)> work)
    {
        auto weak = std::weak_ptr<DockerSession>(shared_from_this());
        asio::io_context &io = m_shared->io;
        Report report = [weak, &io](std::function<void(DockerSession &)> step) {
            asio::post(io, [weak, step = std::move(step)] {
                if (auto self = weak.lock(); self && !self->m_closed)
                    step(*self);
            });
        };
        watchPeer();
        m_shared->worker([work = std::move(work), report](const std::atomic<bool> &cancel) { work(report, cancel); });
    }

    void startPush(const std::string &name, const DockerRequest &r)
    {
        if (!m_shared->worker)
            return send(message(501, "this Flotilla server does not push images"), m_keepAlive);
        const std::string tag = r.query.count("tag") && !r.query.at("tag").empty() ? r.query.at("tag") : "latest";
        const std::string reference = name + ":" + tag;
        const auto store = m_shared->sandbox->imageStore();
        const auto img = store ? store->find(reference) : std::nullopt;
        if (!img)
            return send(message(404, "An image does not exist locally with the tag: " + name), m_keepAlive);
        auto ref = image::parseImageReference(reference);
        if (!ref.ok())
            return send(message(400, ref.error().message), m_keepAlive);
        beginStream("application/json");
        writeChunk(Json{{"status", "The push refers to repository [" + ref->registry + "/" + ref->repository + "]"}}.dump() + "\n");
        image::RegistryOptions options;
        options.auth = dockerRegistryAuth(r.registryAuth);
        onWorker([store, reference, options](const Report &report, const std::atomic<bool> &) {
            auto result = image::pushImage(*store, reference, reference, options, [&report](const image::RegistryProgress &p) {
                report([line = dockerProgressLine(p)](DockerSession &s) { s.writeChunk(line); });
            });
            report([result](DockerSession &s) {
                if (!result.ok()) {
                    s.writeChunk(Json{{"errorDetail", {{"message", result.error().message}}}, {"error", result.error().message}}.dump() + "\n");
                } else {
                    for (const auto &w : result->warnings)
                        s.writeChunk(Json{{"status", "Warning: " + w}}.dump() + "\n");
                    s.writeChunk(Json{{"status", result->tag + ": digest: " + result->digest + " size: " + std::to_string(result->size)}}.dump() + "\n");
                    s.writeChunk(Json{{"progressDetail", Json::object()},
                                      {"aux", {{"Tag", result->tag}, {"Digest", result->digest}, {"Size", result->size}}}}
                                     .dump() + "\n");
                }
                s.endStream();
            });
        });
    }

    void startPull(const DockerRequest &r)
    {
        const std::string from = r.query.count("fromImage") ? r.query.at("fromImage") : std::string();
        const std::string tag = r.query.count("tag") ? r.query.at("tag") : std::string();
        if (from.empty())
            return send(message(400, "the fromImage parameter is required (docker import of a tarball is not supported)"), m_keepAlive);
        const std::string reference = from + (tag.empty() ? ":latest" : (tag.rfind("sha256:", 0) == 0 ? "@" : ":") + tag);
        auto ref = image::parseImageReference(reference);
        if (!ref.ok())
            return send(message(400, ref.error().message), m_keepAlive);
        const auto store = m_shared->sandbox->imageStore();
        if (!store)
            return send(message(500, "the sandbox has no image store"), m_keepAlive);
        // Docker Hub is out of reach (the sandbox works offline): its images that Flotilla's catalog knows
        // are taken from the catalog, as configuration without layers, like the catalog bases of builds
        if (const auto cat = image::findCatalogImage(ref->familiar()); cat && ref->registry == "docker.io") {
            Json config = {{"architecture", "amd64"},
                           {"os", "linux"},
                           {"config", image::catalogImageConfig(*cat)},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", Json::array()}}},
                           {"history", Json::array({{{"created_by", "Flotilla catalog image " + cat->reference() +
                                                                        " (configuration only: the sandbox works offline)"},
                                                     {"empty_layer", true}}})}};
            auto img = store->commit(config, {}, {ref->familiar()}, cat->reference(), cat->sizeBytes,
                                     m_shared->sandbox->sim().now());
            if (!img.ok())
                return send(message(500, img.error().message), m_keepAlive);
            (void)m_shared->sandbox->recordImage(*img);
            beginStream("application/json");
            writeChunk(Json{{"status", "Pulling from " + ref->repository}, {"id", ref->tag}}.dump() + "\n");
            writeChunk(Json{{"status", "Flotilla catalog image: configuration only, no layers (the sandbox works offline)"}}.dump() + "\n");
            writeChunk(Json{{"status", "Digest: " + img->manifestDigest}}.dump() + "\n");
            writeChunk(Json{{"status", "Status: Downloaded newer image for " + ref->familiar()}}.dump() + "\n");
            return endStream();
        }
        if (!m_shared->worker)
            return send(message(501, "this Flotilla server does not pull images"), m_keepAlive);
        beginStream("application/json");
        image::RegistryOptions options;
        options.auth = dockerRegistryAuth(r.registryAuth);
        const std::string familiar = ref->familiar();
        auto shared = m_shared;
        onWorker([store, reference, familiar, options, shared](const Report &report, const std::atomic<bool> &) {
            auto result = image::pullImage(*store, reference, options, [&report](const image::RegistryProgress &p) {
                report([line = dockerProgressLine(p)](DockerSession &s) { s.writeChunk(line); });
            });
            // the image's record is written on the engine thread, whether the client still listens or not
            asio::post(shared->io, [shared, result] {
                if (result.ok() && shared->sandbox)
                    (void)shared->sandbox->recordImage(*result);
            });
            report([result, familiar](DockerSession &s) {
                if (!result.ok())
                    s.writeChunk(Json{{"errorDetail", {{"message", result.error().message}}}, {"error", result.error().message}}.dump() + "\n");
                else
                    s.writeChunk(Json{{"status", "Status: Downloaded newer image for " + familiar}}.dump() + "\n");
                s.endStream();
            });
        });
    }

    void startLogin(const DockerRequest &r)
    {
        const Json body = Json::parse(r.body, nullptr, false);
        if (!body.is_object())
            return send(message(400, "the login request is not JSON"), m_keepAlive);
        if (!m_shared->worker)
            return send(message(501, "this Flotilla server does not log in to registries"), m_keepAlive);
        std::string server = body.value("serveraddress", std::string());
        for (const char *scheme : {"https://", "http://"})
            if (server.rfind(scheme, 0) == 0)
                server = server.substr(std::strlen(scheme));
        while (!server.empty() && server.back() == '/')
            server.pop_back();
        if (server.empty() || server.find("index.docker.io") != std::string::npos)
            server = "docker.io";
        image::RegistryOptions options;
        options.auth.username = body.value("username", std::string());
        options.auth.password = body.value("password", std::string());
        options.timeoutSeconds = 30;
        onWorker([server, options](const Report &report, const std::atomic<bool> &) {
            image::RegistryClient client(server, options);
            const Status pinged = client.ping();
            report([pinged](DockerSession &s) {
                if (!pinged.ok())
                    return s.send(message(pinged.error().code == Error::Code::Forbidden ? 401 : 500, pinged.error().message), s.m_keepAlive);
                s.send({200, "application/json", Json{{"Status", "Login Succeeded"}, {"IdentityToken", ""}}.dump() + "\n"}, s.m_keepAlive);
            });
        });
    }

    // ---- GET /events: what happened since `since`, then every event as it comes, until `until` ----

    void startEvents(const DockerRequest &r)
    {
        const Json filters = r.query.count("filters") ? Json::parse(r.query.at("filters"), nullptr, false) : Json::object();
        if (!filters.is_object())
            return send(message(400, "invalid filter: " + r.query.at("filters")), m_keepAlive);
        const auto seconds = [&](const char *key) -> TimeMs {
            const auto it = r.query.find(key);
            return it == r.query.end() || it->second.empty() ? 0 : TimeMs(std::atof(it->second.c_str()) * 1000.0);
        };
        const TimeMs since = seconds("since"), until = seconds("until");
        beginStream("application/json");
        flush();
        if (r.query.count("since"))
            for (const auto &e : m_shared->recentEvents)
                if (e.value("timeNano", std::int64_t(0)) / 1'000'000 >= since &&
                    (!until || e.value("timeNano", std::int64_t(0)) / 1'000'000 <= until) && dockerEventPasses(e, filters))
                    writeChunk(e.dump() + "\n");
        if (until && until <= m_shared->sandbox->sim().now())
            return endStream();
        auto weak = std::weak_ptr<DockerSession>(shared_from_this());
        if (until)
            endEventsAt(until);
        m_shared->eventSinks[m_id] = [weak, filters, until](const Json &e) {
            auto self = weak.lock();
            if (!self || self->m_closed)
                return;
            if (until && e.value("timeNano", std::int64_t(0)) / 1'000'000 > until) {
                self->m_shared->eventSinks.erase(self->m_id);
                return self->endStream();
            }
            if (dockerEventPasses(e, filters))
                self->writeChunk(e.dump() + "\n");
        };
    }

    /// Ends an events stream once `until` has passed on the sandbox's clock or on the wall clock (a paused
    /// sandbox still ends it).
    void endEventsAt(TimeMs until)
    {
        if (!m_followTimer)
            m_followTimer.emplace(m_stream.get_executor());
        m_followTimer->expires_after(std::chrono::milliseconds(250));
        m_followTimer->async_wait([weak = std::weak_ptr<DockerSession>(shared_from_this()), until](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->gone() || !self->m_shared->eventSinks.count(self->m_id))
                return;
            const TimeMs wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch()).count();
            if (self->m_shared->sandbox->sim().now() > until || wall > until) {
                self->m_shared->eventSinks.erase(self->m_id);
                return self->endStream();
            }
            self->endEventsAt(until);
        });
    }

    // ---- POST /containers/{id}/wait: the answer's head at once, its body at the exit ----

    void startWait(const std::string &id, const DockerRequest &r)
    {
        const std::string condition = r.query.count("condition") ? r.query.at("condition") : std::string("not-running");
        sandbox::WaitCondition c = sandbox::WaitCondition::NotRunning;
        if (condition == "next-exit")
            c = sandbox::WaitCondition::NextExit;
        else if (condition == "removed")
            c = sandbox::WaitCondition::Removed;
        else if (condition != "not-running" && !condition.empty())
            return send(message(400, "invalid condition: \"" + condition + "\""), m_keepAlive);
        if (!m_shared->sandbox->containers().find(id))
            return send(message(404, "No such container: " + id), m_keepAlive);
        beginStream("application/json");
        flush(); // the head goes out now: the client knows its wait is registered
        auto weak = std::weak_ptr<DockerSession>(shared_from_this());
        auto waited = m_shared->sandbox->containers().wait(
            id,
            [weak](int exitCode) {
                if (auto self = weak.lock(); self && !self->m_closed) {
                    self->writeChunk(Json{{"StatusCode", exitCode}, {"Error", nullptr}}.dump() + "\n");
                    self->endStream();
                }
            },
            c);
        if (!waited.ok()) {
            writeChunk(Json{{"StatusCode", -1}, {"Error", {{"Message", waited.error().message}}}}.dump() + "\n");
            endStream();
        }
    }

    // ---- GET /containers/{id}/logs, with follow: what is there, then what comes while it runs ----

    void startLogs(const std::string &id, const DockerRequest &r)
    {
        auto &containers = m_shared->sandbox->containers();
        const auto c = containers.find(id);
        if (!c)
            return send(message(404, "No such container: " + id), m_keepAlive);
        m_logQuery = dockerLogQuery(r);
        m_logTty = c->spec.tty;
        m_logId = c->id;
        const auto lines = containers.logs(c->id, m_logQuery.since, m_logQuery.until, m_logQuery.tail);
        const std::string contentType = m_logTty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
        if (!m_logQuery.follow)
            return send({200, contentType, dockerLogPayload(lines, m_logQuery, m_logTty)}, m_keepAlive);
        m_logSeen = lines.empty() ? std::max(m_logQuery.since, m_shared->sandbox->sim().now()) : lines.back().time;
        m_logSeenAtTime = 0;
        for (auto it = lines.rbegin(); it != lines.rend() && it->time == m_logSeen; ++it)
            ++m_logSeenAtTime;
        beginStream(contentType);
        writeChunk(dockerLogPayload(lines, m_logQuery, m_logTty));
        followLogs();
    }

    // ---- POST /containers/{id}/attach: the connection is taken over (101) and carries the output ----

    void startAttach(const std::string &id, const DockerRequest &r)
    {
        auto &containers = m_shared->sandbox->containers();
        const auto c = containers.find(id);
        if (!c)
            return send(message(404, "No such container: " + id), m_keepAlive);
        const auto flag = [&](const char *key) {
            const auto it = r.query.find(key);
            return it != r.query.end() && (it->second == "1" || it->second == "true");
        };
        if (!flag("stream") && !flag("logs"))
            return send(message(400, "attach needs stream=1 or logs=1"), m_keepAlive);
        m_logQuery = {};
        m_logQuery.stdoutWanted = flag("stdout");
        m_logQuery.stderrWanted = flag("stderr");
        m_logQuery.follow = flag("stream");
        m_logTty = c->spec.tty;
        m_logId = c->id;
        m_attaching = true;
        m_attachSince = m_shared->sandbox->sim().now();
        const auto past = flag("logs") ? containers.logs(c->id) : std::vector<sandbox::ContainerLogLine>{};
        m_logSeen = past.empty() ? m_attachSince : past.back().time;
        m_logSeenAtTime = 0;
        for (auto it = past.rbegin(); it != past.rend() && it->time == m_logSeen; ++it)
            ++m_logSeenAtTime;
        // the 101 that hands the connection over, written by hand: nothing HTTP follows it
        m_raw = m_streaming = true;
        m_self = shared_from_this(); // the client may close its sending side: the session lives until the end
        m_out.push_back(std::string("HTTP/1.1 101 UPGRADED\r\nContent-Type: ") +
                        (m_logTty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream") +
                        "\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nApi-Version: " + kDockerApiVersion + "\r\n\r\n");
        if (!past.empty())
            m_out.push_back(dockerLogPayload(past, m_logQuery, m_logTty));
        m_stream.expires_never();
        flush();
        if (!m_logQuery.follow)
            return endStream();
        // the exit is heard as it happens: a one-shot command with --rm is gone by the next poll
        m_shared->eventSinks[m_id] = [weak = std::weak_ptr<DockerSession>(shared_from_this())](const Json &e) {
            auto self = weak.lock();
            if (self && !self->m_closed && !self->m_ending && e.value("Action", "") == "die" && e.value("id", "") == self->m_logId &&
                e.value("restarting", false) == false)
                self->pollLogs(true);
        };
        followLogs();
    }

    void followLogs()
    {
        if (!m_followTimer)
            m_followTimer.emplace(m_stream.get_executor());
        m_followTimer->expires_after(std::chrono::milliseconds(250));
        m_followTimer->async_wait([weak = std::weak_ptr<DockerSession>(shared_from_this())](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || self->gone() || self->m_ending)
                return;
            if (!self->pollLogs(false))
                self->followLogs();
        });
    }

    /// Sends the lines written since the last poll; true (and the stream ended) once the container is done.
    /// `exiting`: called as the container exits, before a --rm removes it and its log with it.
    bool pollLogs(bool exiting)
    {
        auto &containers = m_shared->sandbox->containers();
        const auto c = containers.find(m_logId);
        // new lines: after the last one sent (lines of the same instant are told apart by count)
        auto lines = containers.logs(m_logId, m_logSeen, m_logQuery.until, 0);
        std::size_t skip = 0;
        while (skip < lines.size() && lines[skip].time == m_logSeen && skip < m_logSeenAtTime)
            ++skip;
        lines.erase(lines.begin(), lines.begin() + std::ptrdiff_t(skip));
        if (!lines.empty()) {
            if (lines.back().time != m_logSeen)
                m_logSeenAtTime = 0;
            m_logSeen = lines.back().time;
            for (auto it = lines.rbegin(); it != lines.rend() && it->time == m_logSeen; ++it)
                ++m_logSeenAtTime;
            writeChunk(dockerLogPayload(lines, m_logQuery, m_logTty));
        }
        // an attached client waits for the container to run (it attaches before it starts)
        const bool ran = !m_attaching || (c && c->startedAt >= m_attachSince);
        const bool ended = exiting || !c || (c->state != "running" && c->state != "restarting" && ran) ||
                           (m_logQuery.until && m_shared->sandbox->sim().now() > m_logQuery.until);
        if (ended) {
            m_shared->eventSinks.erase(m_id);
            endStream();
        }
        return ended;
    }

    // ---- POST /build ----

    void startBuild(DockerRequest r)
    {
        if (!m_shared->buildStarter)
            return send(message(501, "this Flotilla server does not build images"), m_keepAlive);
        std::string dockerfile;
        auto options = dockerBuildOptions(r, dockerfile);
        if (!options.ok())
            return send(message(400, options.error().message), m_keepAlive);
        // Events come from the build's thread; each is carried to the engine thread, in order. The HTTP
        // answer starts with the first step, so a context or Dockerfile that cannot be read is a plain 400.
        auto weak = std::weak_ptr<DockerSession>(shared_from_this());
        asio::io_context &io = m_shared->io;
        const std::uint64_t seq = ++m_buildSeq;
        auto onEvent = [weak, &io, seq](const image::BuildEvent &event) {
            asio::post(io, [weak, event, seq] {
                if (auto self = weak.lock(); self && self->m_buildSeq == seq)
                    self->buildEvent(event);
            });
        };
        auto onDone = [weak, &io, seq](const Result<image::BuildSummary> &result) {
            std::string error = result.ok() ? std::string() : result.error().message;
            asio::post(io, [weak, error, seq] {
                if (auto self = weak.lock(); self && self->m_buildSeq == seq)
                    self->buildDone(error);
            });
        };
        watchPeer();
        m_cancel = m_shared->buildStarter(std::move(r.body), dockerfile, std::move(*options), onEvent, onDone);
    }

    void buildEvent(const image::BuildEvent &event)
    {
        if (m_closed)
            return;
        using T = image::BuildEvent::Type;
        if (!m_streaming) {
            if (event.type == T::Started)
                return;
            if (event.type == T::Failed) {
                m_buildAnswered = true;
                m_cancel = nullptr;
                return send(message(400, event.text), m_keepAlive);
            }
            beginStream("application/json");
        }
        writeChunk(dockerBuildLines(event));
        if (event.type == T::Failed || event.type == T::Finished)
            m_buildAnswered = true;
    }

    void buildDone(const std::string &error)
    {
        m_cancel = nullptr;
        if (m_closed)
            return;
        ++m_buildSeq; // nothing more of this build reaches the connection
        if (!m_streaming) {
            if (!m_buildAnswered)
                send(message(400, error.empty() ? std::string("the build ended without a result") : error), m_keepAlive);
            m_buildAnswered = false;
            return;
        }
        if (!m_buildAnswered && !error.empty())
            writeChunk(Json{{"errorDetail", {{"message", error}}}, {"error", error}}.dump() + "\n");
        m_buildAnswered = false;
        endStream();
    }

    std::shared_ptr<DockerApiServer::Shared> m_shared;
    beast::basic_stream<local> m_stream;
    std::uint64_t m_id;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    bool m_closed = false;
    bool m_keepAlive = false;
    // a streamed answer
    bool m_streaming = false, m_writing = false, m_ending = false, m_buildAnswered = false, m_watching = false;
    std::shared_ptr<http::response<http::empty_body>> m_header;
    std::shared_ptr<http::response_serializer<http::empty_body>> m_serializer;
    std::deque<std::string> m_out;
    std::function<void()> m_cancel; ///< of a running build
    std::uint64_t m_buildSeq = 0;   ///< the build whose events this connection takes
    // a followed log
    std::optional<asio::steady_timer> m_followTimer;
    DockerLogQuery m_logQuery;
    bool m_logTty = false;
    std::string m_logId;
    TimeMs m_logSeen = 0;
    std::size_t m_logSeenAtTime = 0;
    // an attached container
    bool m_raw = false, m_attaching = false;
    TimeMs m_attachSince = 0;
    std::shared_ptr<DockerSession> m_self; ///< keeps the session while attached
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

void DockerApiServer::setBuildStarter(DockerBuildStarter starter) { m_shared->buildStarter = std::move(starter); }

void DockerApiServer::setWorker(std::function<void(std::function<void(const std::atomic<bool> &)>)> worker)
{
    m_shared->worker = std::move(worker);
}

void DockerApiServer::publishEvent(const sandbox::ContainerEvent &event)
{
    auto &shared = *m_shared;
    if (shared.stopped)
        return;
    const Json json = dockerEventJson(event);
    shared.recentEvents.push_back(json);
    while (shared.recentEvents.size() > 256)
        shared.recentEvents.pop_front();
    auto sinks = shared.eventSinks; // a sink may end its stream and leave
    for (auto &[id, sink] : sinks)
        sink(json);
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
