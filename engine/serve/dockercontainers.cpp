#include "dockercontainers.h"

#include "../sandbox/sandbox.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace flotilla::engine::serve {

using api::Json;
using sandbox::ContainerInfo;

namespace {

DockerReply reply(int status, const Json &json)
{
    return {status, "application/json", json.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
}

DockerReply noContent(int status = 204) { return {status, "text/plain; charset=utf-8", ""}; }

bool truthy(const std::map<std::string, std::string> &query, const char *key)
{
    const auto it = query.find(key);
    return it != query.end() && (it->second == "1" || it->second == "true" || it->second == "True");
}

std::vector<std::string> strings(const Json &json)
{
    std::vector<std::string> out;
    if (json.is_string())
        out.push_back(json.get<std::string>());
    else if (json.is_array())
        for (const auto &v : json)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

Error invalid(const std::string &path, const std::string &message)
{
    return Error::make(Error::Code::Invalid, path + ": " + message, path);
}

/// "8080" or "8080/udp" → "8080/tcp"-style key; "" when not a port.
std::string portKey(const std::string &text)
{
    const std::size_t slash = text.find('/');
    const std::string number = text.substr(0, slash);
    const std::string proto = slash == std::string::npos ? "tcp" : text.substr(slash + 1);
    if (number.empty() || number.size() > 5 || !std::all_of(number.begin(), number.end(), ::isdigit))
        return {};
    const int n = std::stoi(number);
    if (n < 1 || n > 65535 || (proto != "tcp" && proto != "udp" && proto != "sctp"))
        return {};
    return std::to_string(n) + "/" + proto;
}

int portNumber(const std::string &key) { return std::atoi(key.c_str()); }
std::string portProto(const std::string &key)
{
    const std::size_t slash = key.find('/');
    return slash == std::string::npos ? "tcp" : key.substr(slash + 1);
}

std::string commandText(const ContainerInfo &c)
{
    std::string out = c.path;
    for (const auto &a : c.args)
        out += (out.empty() ? "" : " ") + a;
    return out;
}

/// Every port key of a container: exposed by the image or the create call, and published.
std::vector<std::string> exposedKeys(const ContainerInfo &c, sandbox::Sandbox *sb)
{
    std::vector<std::string> keys = c.spec.exposedPorts;
    if (sb && sb->imageStore())
        if (const auto img = sb->imageStore()->find(c.imageId.empty() ? c.spec.image : c.imageId))
            for (const auto &[k, v] : api::field(api::field(img->config, "config"), "ExposedPorts").items())
                keys.push_back(k);
    for (const auto &b : c.spec.portBindings)
        keys.push_back(b.containerPort);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

Json portsList(const ContainerInfo &c, const std::vector<std::string> &exposed)
{
    Json ports = Json::array();
    std::set<std::string> published;
    for (const auto &p : c.ports) {
        published.insert(p.containerPort);
        ports.push_back({{"IP", p.hostIp.empty() ? "0.0.0.0" : p.hostIp},
                         {"PrivatePort", portNumber(p.containerPort)},
                         {"PublicPort", p.hostPort},
                         {"Type", portProto(p.containerPort)}});
    }
    for (const auto &k : exposed)
        if (!published.count(k))
            ports.push_back({{"PrivatePort", portNumber(k)}, {"Type", portProto(k)}});
    return ports;
}

Json labelsJson(const std::map<std::string, std::string> &labels)
{
    Json out = Json::object();
    for (const auto &[k, v] : labels)
        out[k] = v;
    return out;
}

Json networks(const ContainerInfo &c)
{
    const bool up = !c.ipAddress.empty();
    return {{"bridge",
             {{"NetworkID", "flotilla-sandbox-bridge"},
              {"IPAddress", c.ipAddress},
              {"IPPrefixLen", up ? 16 : 0},
              {"Gateway", up ? "172.17.0.1" : ""},
              {"MacAddress", ""}}}};
}

/// Docker's `filters` query parameter: {"status": ["running"], "name": ["web"], …}.
bool passesFilters(const ContainerInfo &c, const Json &filters)
{
    if (!filters.is_object())
        return true;
    const auto any = [&](const char *key, const std::function<bool(const std::string &)> &test) {
        const auto it = filters.find(key);
        if (it == filters.end())
            return true;
        std::vector<std::string> values;
        if (it->is_object()) { // the old form: {"status": {"running": true}}
            for (const auto &[k, v] : it->items())
                values.push_back(k);
        } else {
            values = strings(*it);
        }
        return values.empty() || std::any_of(values.begin(), values.end(), test);
    };
    return any("status", [&](const std::string &v) { return v == c.state; }) &&
           any("name", [&](const std::string &v) { return c.name.find(v.front() == '/' ? v.substr(1) : v) != std::string::npos; }) &&
           any("id", [&](const std::string &v) { return c.id.rfind(v, 0) == 0; }) &&
           any("ancestor", [&](const std::string &v) { return v == c.spec.image || v == c.imageId || c.imageId.find(v) == 7; }) &&
           any("exited", [&](const std::string &v) { return c.state == "exited" && std::to_string(c.exitCode) == v; }) &&
           any("label", [&](const std::string &v) {
               const std::size_t eq = v.find('=');
               const auto it = c.spec.labels.find(v.substr(0, eq));
               return it != c.spec.labels.end() && (eq == std::string::npos || it->second == v.substr(eq + 1));
           });
}

} // namespace

std::vector<PortListener> containerListeners(sandbox::Sandbox &sb, const ContainerInfo &c)
{
    std::optional<image::StoredImage> img;
    if (sb.imageStore())
        img = sb.imageStore()->find(c.imageId.empty() ? c.spec.image : c.imageId);
    std::set<std::string> imagePorts;
    if (img)
        for (const auto &[k, v] : api::field(api::field(img->config, "config"), "ExposedPorts").items())
            imagePorts.insert(k);
    PublishedApp app;
    app.containerId = c.id;
    app.containerName = c.name;
    app.image = c.spec.image;
    app.kind = runtime::imageKindOf(img && !img->baseReference.empty() ? img->baseReference : c.spec.image);
    app.hostname = c.id.substr(0, 12);
    // the image's environment, then the container's
    if (img)
        for (const auto &e : api::field(api::field(img->config, "config"), "Env"))
            if (e.is_string())
                if (const auto text = e.get<std::string>(); text.find('=') != std::string::npos)
                    app.env[text.substr(0, text.find('='))] = text.substr(text.find('=') + 1);
    for (const auto &e : c.spec.env)
        if (e.find('=') != std::string::npos)
            app.env[e.substr(0, e.find('='))] = e.substr(e.find('=') + 1);
    std::vector<PortListener> out;
    for (const auto &p : c.ports) {
        PortListener l;
        l.hostIp = p.hostIp;
        l.hostPort = p.hostPort;
        l.app = app;
        l.app.containerPort = p.containerPort;
        l.app.listening = imagePorts.empty() || imagePorts.count(p.containerPort);
        out.push_back(std::move(l));
    }
    return out;
}

DockerReply dockerError(const Error &error)
{
    int status = 500;
    switch (error.code) {
    case Error::Code::Invalid: status = 400; break;
    case Error::Code::NotFound: status = 404; break;
    case Error::Code::Conflict: status = 409; break;
    case Error::Code::AlreadyExists: status = 304; break;
    case Error::Code::Forbidden: status = 403; break;
    case Error::Code::TooLarge: status = 413; break;
    default: break;
    }
    if (status == 304)
        return noContent(304);
    return reply(status, Json{{"message", error.message}});
}

std::optional<std::pair<std::string, std::string>> containerPath(const std::string &path)
{
    static const std::string prefix = "/containers/";
    if (path.rfind(prefix, 0) != 0 || path.size() == prefix.size())
        return std::nullopt;
    const std::string rest = path.substr(prefix.size());
    const std::size_t slash = rest.find('/');
    if (slash == 0)
        return std::nullopt;
    return std::make_pair(rest.substr(0, slash), slash == std::string::npos ? std::string() : rest.substr(slash + 1));
}

Result<sandbox::ContainerSpec> containerSpecFromCreate(const Json &body, const std::string &name)
{
    if (!body.is_object())
        return Error::make(Error::Code::Invalid, "the container configuration is not a JSON object");
    sandbox::ContainerSpec spec;
    spec.name = name.size() > 1 && name.front() == '/' ? name.substr(1) : name;
    spec.image = api::stringField(body, "Image");
    if (spec.image.empty())
        return invalid("Image", "no image given: a container needs one");
    spec.cmd = strings(api::field(body, "Cmd"));
    spec.entrypoint = strings(api::field(body, "Entrypoint"));
    spec.env = strings(api::field(body, "Env"));
    for (const auto &e : spec.env)
        if (e.empty() || e.front() == '=')
            return invalid("Env", "invalid environment variable: " + e);
    for (const auto &[k, v] : api::field(body, "Labels").items())
        if (v.is_string())
            spec.labels[k] = v.get<std::string>();
    for (const auto &[k, v] : api::field(body, "ExposedPorts").items()) {
        const std::string key = portKey(k);
        if (key.empty())
            return invalid("ExposedPorts." + k, "invalid port specification: \"" + k + "\"");
        spec.exposedPorts.push_back(key);
    }
    spec.tty = api::field(body, "Tty").is_boolean() && api::field(body, "Tty").get<bool>();
    spec.openStdin = api::field(body, "OpenStdin").is_boolean() && api::field(body, "OpenStdin").get<bool>();
    spec.workingDir = api::stringField(body, "WorkingDir");
    spec.user = api::stringField(body, "User");
    const Json host = api::field(body, "HostConfig");
    for (const auto &[k, bindings] : api::field(host, "PortBindings").items()) {
        const std::string key = portKey(k);
        if (key.empty())
            return invalid("HostConfig.PortBindings." + k, "invalid port specification: \"" + k + "\"");
        const Json list = bindings.is_array() ? bindings : Json::array({Json::object()});
        for (const auto &b : list) {
            sandbox::PortBinding pb;
            pb.containerPort = key;
            pb.hostIp = api::stringField(b, "HostIp");
            const std::string hostPort = api::stringField(b, "HostPort");
            if (!hostPort.empty()) {
                if (hostPort.size() > 5 || !std::all_of(hostPort.begin(), hostPort.end(), ::isdigit) ||
                    std::stoi(hostPort) < 1 || std::stoi(hostPort) > 65535)
                    return invalid("HostConfig.PortBindings." + k, "invalid host port: \"" + hostPort + "\"");
                pb.hostPort = std::stoi(hostPort);
            }
            if (!pb.hostIp.empty() && pb.hostIp != "0.0.0.0" && pb.hostIp != "127.0.0.1" && pb.hostIp != "::" &&
                pb.hostIp != "::1" && pb.hostIp != "localhost")
                return invalid("HostConfig.PortBindings." + k, "the sandbox publishes ports on loopback only, not on " + pb.hostIp);
            spec.portBindings.push_back(pb);
        }
    }
    spec.publishAllPorts = api::field(host, "PublishAllPorts").is_boolean() && api::field(host, "PublishAllPorts").get<bool>();
    spec.autoRemove = api::field(host, "AutoRemove").is_boolean() && api::field(host, "AutoRemove").get<bool>();
    const Json restart = api::field(host, "RestartPolicy");
    spec.restartPolicy = api::stringField(restart, "Name");
    if (spec.restartPolicy.empty())
        spec.restartPolicy = "no";
    if (spec.restartPolicy != "no" && spec.restartPolicy != "always" && spec.restartPolicy != "unless-stopped" &&
        spec.restartPolicy != "on-failure")
        return invalid("HostConfig.RestartPolicy.Name", "invalid restart policy '" + spec.restartPolicy + "'");
    if (const Json n = api::field(restart, "MaximumRetryCount"); n.is_number_integer())
        spec.maxRetries = n.get<int>();
    if (spec.maxRetries < 0)
        return invalid("HostConfig.RestartPolicy.MaximumRetryCount", "invalid restart policy: maximum retry count cannot be negative");
    if (spec.maxRetries > 0 && spec.restartPolicy != "on-failure")
        return invalid("HostConfig.RestartPolicy.MaximumRetryCount",
                       "invalid restart policy: maximum retry count can only be used with 'on-failure'");
    return spec;
}

Json containerSummary(const ContainerInfo &c, TimeMs now, const std::vector<std::string> &exposed)
{
    return {{"Id", c.id},
            {"Names", Json::array({"/" + c.name})},
            {"Image", c.spec.image},
            {"ImageID", c.imageId},
            {"Command", commandText(c)},
            {"Created", c.created / 1000},
            {"Ports", portsList(c, exposed)},
            {"Labels", labelsJson(c.spec.labels)},
            {"State", c.state},
            {"Status", c.statusText(now)},
            {"HostConfig", {{"NetworkMode", "default"}}},
            {"NetworkSettings", {{"Networks", networks(c)}}},
            {"Mounts", Json::array()}};
}

Json containerInspect(const ContainerInfo &c, TimeMs now, const std::vector<std::string> &exposed)
{
    Json portBindings = Json::object();
    for (const auto &b : c.spec.portBindings)
        portBindings[b.containerPort].push_back({{"HostIp", b.hostIp}, {"HostPort", b.hostPort ? std::to_string(b.hostPort) : ""}});
    Json ports = Json::object();
    for (const auto &k : exposed)
        ports[k] = nullptr;
    for (const auto &p : c.ports) {
        if (!ports[p.containerPort].is_array())
            ports[p.containerPort] = Json::array();
        ports[p.containerPort].push_back({{"HostIp", p.hostIp.empty() ? "0.0.0.0" : p.hostIp}, {"HostPort", std::to_string(p.hostPort)}});
    }
    Json exposedPorts = Json::object();
    for (const auto &k : exposed)
        exposedPorts[k] = Json::object();
    return {{"Id", c.id},
            {"Created", sandbox::formatDockerTime(c.created)},
            {"Path", c.path},
            {"Args", c.args},
            {"State",
             {{"Status", c.state},
              {"Running", c.state == "running"},
              {"Paused", c.state == "paused"},
              {"Restarting", c.state == "restarting"},
              {"OOMKilled", c.oomKilled},
              {"Dead", c.state == "dead"},
              {"Pid", c.pid},
              {"ExitCode", c.exitCode},
              {"Error", c.error},
              {"StartedAt", sandbox::formatDockerTime(c.startedAt)},
              {"FinishedAt", sandbox::formatDockerTime(c.finishedAt)}}},
            {"Image", c.imageId},
            {"Name", "/" + c.name},
            {"RestartCount", c.restartCount},
            {"Driver", "flotilla-sim"},
            {"Platform", "linux"},
            {"HostConfig",
             {{"PortBindings", portBindings},
              {"PublishAllPorts", c.spec.publishAllPorts},
              {"RestartPolicy", {{"Name", c.spec.restartPolicy}, {"MaximumRetryCount", c.spec.maxRetries}}},
              {"AutoRemove", c.spec.autoRemove},
              {"NetworkMode", "default"}}},
            {"Config",
             {{"Hostname", c.id.substr(0, 12)},
              {"User", c.spec.user},
              {"Tty", c.spec.tty},
              {"OpenStdin", c.spec.openStdin},
              {"Env", c.spec.env},
              {"Cmd", c.spec.cmd.empty() ? Json(nullptr) : Json(c.spec.cmd)},
              {"Image", c.spec.image},
              {"WorkingDir", c.spec.workingDir},
              {"Entrypoint", c.spec.entrypoint.empty() ? Json(nullptr) : Json(c.spec.entrypoint)},
              {"Labels", labelsJson(c.spec.labels)},
              {"ExposedPorts", exposedPorts}}},
            {"NetworkSettings",
             {{"Ports", ports},
              {"IPAddress", c.ipAddress},
              {"Gateway", c.ipAddress.empty() ? "" : "172.17.0.1"},
              {"Networks", networks(c)}}},
            {"Mounts", Json::array()},
            {"FlotillaSimulated", true},
            {"FlotillaStatus", c.statusText(now)}};
}

DockerLogQuery dockerLogQuery(const DockerRequest &r)
{
    DockerLogQuery q;
    const bool anyStream = r.query.count("stdout") || r.query.count("stderr");
    q.stdoutWanted = !anyStream || truthy(r.query, "stdout");
    q.stderrWanted = !anyStream || truthy(r.query, "stderr");
    q.follow = truthy(r.query, "follow");
    q.timestamps = truthy(r.query, "timestamps");
    const auto time = [&](const char *key) -> TimeMs {
        const auto it = r.query.find(key);
        if (it == r.query.end() || it->second.empty() || it->second == "0")
            return 0;
        // seconds since the epoch, with an optional fraction ("1700000000.123456789")
        return TimeMs(std::atof(it->second.c_str()) * 1000.0);
    };
    q.since = time("since");
    q.until = time("until");
    if (const auto it = r.query.find("tail"); it != r.query.end() && it->second != "all" && !it->second.empty())
        q.tail = std::size_t(std::max(0L, std::atol(it->second.c_str())));
    return q;
}

std::string dockerLogPayload(const std::vector<sandbox::ContainerLogLine> &lines, const DockerLogQuery &q, bool tty)
{
    std::string out;
    for (const auto &l : lines) {
        if (l.isStderr ? !q.stderrWanted : !q.stdoutWanted)
            continue;
        std::string text = q.timestamps ? sandbox::formatDockerTime(l.time) + " " + l.text : l.text;
        text += '\n';
        if (!tty) {
            const std::uint32_t n = std::uint32_t(text.size());
            const char header[8] = {char(l.isStderr ? 2 : 1), 0, 0, 0, char(n >> 24), char((n >> 16) & 0xff),
                                    char((n >> 8) & 0xff), char(n & 0xff)};
            out.append(header, 8);
        }
        out += text;
    }
    return out;
}

std::optional<DockerReply> handleContainerRequest(sandbox::Sandbox &sb, const DockerRequest &r, const std::string &path)
{
    auto &containers = sb.containers();
    const TimeMs now = sb.sim().now();
    const bool get = r.method == "GET" || r.method == "HEAD";
    if (path == "/containers/json" && get) {
        const Json filters = r.query.count("filters") ? Json::parse(r.query.at("filters"), nullptr, false) : Json();
        if (r.query.count("filters") && !filters.is_object())
            return reply(400, Json{{"message", "invalid filter: " + r.query.at("filters")}});
        Json list = Json::array();
        const bool all = truthy(r.query, "all") || (filters.is_object() && filters.contains("status"));
        for (const auto &c : containers.list(all))
            if (passesFilters(c, filters))
                list.push_back(containerSummary(c, now, exposedKeys(c, &sb)));
        if (const auto it = r.query.find("limit"); it != r.query.end() && std::atoi(it->second.c_str()) > 0)
            while (list.size() > std::size_t(std::atoi(it->second.c_str())))
                list.erase(list.end() - 1);
        return reply(200, list);
    }
    if (path == "/containers/create" && r.method == "POST") {
        const Json body = Json::parse(r.body, nullptr, false);
        if (body.is_discarded())
            return reply(400, Json{{"message", "the container configuration is not valid JSON"}});
        const auto it = r.query.find("name");
        auto spec = containerSpecFromCreate(body, it == r.query.end() ? std::string() : it->second);
        if (!spec.ok())
            return dockerError(spec.error());
        auto created = containers.create(*spec);
        if (!created.ok())
            return dockerError(created.error());
        return reply(201, Json{{"Id", created->id}, {"Warnings", Json::array()}});
    }
    if (path == "/containers/prune" && r.method == "POST") {
        Json deleted = Json::array();
        for (const auto &c : containers.list(true))
            if (c.state == "exited" || c.state == "created" || c.state == "dead")
                if (containers.remove(c.id).ok())
                    deleted.push_back(c.id);
        return reply(200, Json{{"ContainersDeleted", deleted.empty() ? Json(nullptr) : deleted}, {"SpaceReclaimed", 0}});
    }
    const auto parts = containerPath(path);
    if (!parts)
        return std::nullopt;
    const auto &[id, action] = *parts;
    const auto timeout = [&] {
        const auto it = r.query.find("t");
        return it == r.query.end() ? 10 : std::atoi(it->second.c_str());
    };
    if (action.empty() && r.method == "DELETE") {
        if (auto s = containers.remove(id, truthy(r.query, "force")); !s.ok())
            return dockerError(s.error());
        return noContent();
    }
    if (action == "json" && get) {
        const auto c = containers.find(id);
        if (!c)
            return reply(404, Json{{"message", "No such container: " + id}});
        return reply(200, containerInspect(*c, now, exposedKeys(*c, &sb)));
    }
    if (r.method != "POST")
        return std::nullopt;
    Status done;
    if (action == "start")
        done = containers.start(id);
    else if (action == "stop")
        done = containers.stop(id, timeout());
    else if (action == "restart")
        done = containers.restart(id, timeout());
    else if (action == "kill")
        done = containers.kill(id, r.query.count("signal") ? r.query.at("signal") : std::string("SIGKILL"));
    else
        return std::nullopt;
    if (!done.ok()) {
        if (action == "start" && done.error().code == Error::Code::Conflict &&
            done.error().message.find("driver failed") != std::string::npos)
            return reply(500, Json{{"message", done.error().message}}); // dockerd's status for a taken port
        return dockerError(done.error());
    }
    return noContent();
}

} // namespace flotilla::engine::serve
