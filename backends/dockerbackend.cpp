#include "dockerbackend.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/image/context.h>
#include <engine/sandbox/containers.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <archive.h>
#include <archive_entry.h>

#include <chrono>
#include <unordered_set>

namespace flotilla::backends {

namespace api = engine::api;
namespace sandbox = engine::sandbox;
using Json = nlohmann::json;
using engine::store::WatchEvent;

namespace {
/// Sleeps up to `ms`, waking early when `stop` is set.
void nap(const std::atomic<bool> &stop, int ms)
{
    for (int slept = 0; slept < ms && !stop.load(); slept += 100)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

Json parse(const QByteArray &body)
{
    return Json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
}

QString percent(const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s)); }
QString percent(const std::string &s) { return percent(QString::fromStdString(s)); }
/// A name inside a path: a repository's slashes and a tag's colon stay, as the docker CLI sends them.
QString pathPart(const QString &s) { return QString::fromLatin1(QUrl::toPercentEncoding(s, "/:@")); }
QString pathPart(const std::string &s) { return pathPart(QString::fromStdString(s)); }

/// A number or flag of an object; the fallback when the object or the field is missing or of another type
/// (dockerd leaves out or nulls what does not apply).
template <typename T>
T valueOf(const Json &j, const char *name, T fallback)
{
    if (!j.is_object())
        return fallback;
    const auto it = j.find(name);
    if (it == j.end())
        return fallback;
    if constexpr (std::is_same_v<T, bool>)
        return it->is_boolean() ? it->get<bool>() : fallback;
    else
        return it->is_number() ? it->get<T>() : fallback;
}

std::vector<std::string> strings(const Json &j)
{
    std::vector<std::string> out;
    if (j.is_array())
        for (const Json &v : j)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

/// Docker's port maps ({"8080/tcp": [{"HostIp": "0.0.0.0", "HostPort": "3000"}]}) as bindings.
std::vector<sandbox::PortBinding> bindings(const Json &map)
{
    std::vector<sandbox::PortBinding> out;
    if (!map.is_object())
        return out;
    for (const auto &[port, list] : map.items()) {
        if (!list.is_array())
            continue;
        for (const Json &b : list) {
            const std::string hostPort = api::stringField(b, "HostPort");
            out.push_back({port, api::stringField(b, "HostIp"), hostPort.empty() ? 0 : std::atoi(hostPort.c_str())});
        }
    }
    return out;
}

engine::Error::Code codeOf(long status)
{
    switch (status) {
    case 404: return engine::Error::Code::NotFound;
    case 409: return engine::Error::Code::Conflict;
    case 403: return engine::Error::Code::Forbidden;
    default: return engine::Error::Code::Invalid;
    }
}

CommandResult failureOf(const DockerClient::Response &r)
{
    return CommandResult::failure(engine::Error::make(codeOf(r.status), r.message().toStdString()));
}

QString shortId(const QString &id)
{
    return (id.startsWith(QLatin1String("sha256:")) ? id.mid(7) : id).left(12);
}

/// Answers `done` on the GUI thread while `ctx` lives.
template <typename R>
void answerOnGui(QPointer<QObject> ctx, std::function<void(const R &)> done, R result)
{
    QMetaObject::invokeMethod(
        qApp,
        [ctx, done = std::move(done), result = std::move(result)] {
            if (ctx)
                done(result);
        },
        Qt::QueuedConnection);
}
} // namespace

DockerBackend::DockerBackend(const QString &host, QObject *parent) : Backend(parent), m_client(host) {}

DockerBackend::~DockerBackend()
{
    m_stop = true;
    for (auto &[id, b] : m_builds) {
        b.stop->store(true);
        if (b.thread.joinable())
            b.thread.join();
    }
    if (m_thread.joinable())
        m_thread.join();
}

bool DockerBackend::engineAnswers(const QString &host, int timeoutMs)
{
    const DockerClient client(host);
    if (!client.hostError().isEmpty())
        return false;
    return client.request("GET", QStringLiteral("/_ping"), {}, {}, timeoutMs).ok();
}

QString DockerBackend::displayName() const
{
    return tr("Docker engine (%1)").arg(m_client.host());
}

void DockerBackend::start()
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] {
        const auto ping = m_client.negotiate();
        if (!ping.ok()) {
            const QString why = tr("Cannot reach the Docker engine at %1: %2").arg(m_client.host(), ping.message());
            QMetaObject::invokeMethod(this, [this, why] { emit failed(why); }, Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_started = true;
                emit started();
            },
            Qt::QueuedConnection);
        while (!m_stop) {
            try {
                follow();
            } catch (const std::exception &e) { // an answer of an unexpected shape: said, then read again
                reportProblem(tr("Cannot read the Docker engine's answer: %1").arg(QString::fromUtf8(e.what())));
                nap(m_stop, 2000);
            }
        }
    });
}

void DockerBackend::emitChange(WatchEvent::Type type, api::MutableObjectPtr object)
{
    const std::int64_t version = m_nextVersion++;
    object->metadata.resourceVersion = version;
    const WatchEvent ev{type, object, version};
    queueChanges(std::span<const WatchEvent>(&ev, 1));
}

void DockerBackend::follow()
{
    int failures = 0;
    while (!m_stop) {
        // what the engine has now; then its events from this moment on
        const qint64 since = QDateTime::currentSecsSinceEpoch();
        if (!relist()) {
            nap(m_stop, std::min(30'000, 1000 << std::min(failures++, 5)));
            continue;
        }
        failures = 0;
        reportProblem({});
        const Json filters = {{"type", Json::array({"container", "image"})}};
        const auto r = m_client.stream(
            "GET", QStringLiteral("/events?since=%1&filters=%2").arg(since).arg(percent(filters.dump())), {}, {},
            [this](const QByteArray &line) {
                const Json ev = parse(line);
                const std::string type = api::stringField(ev, "Type");
                const Json &actor = api::field(ev, "Actor");
                if (type == "container")
                    refreshContainer(api::stringField(actor, "ID"));
                else if (type == "image")
                    refreshImages();
                return !m_stop.load();
            },
            m_stop);
        if (m_stop)
            break;
        if (!r.error.isEmpty() || (r.status && r.status >= 300))
            reportProblem(tr("The Docker engine's event stream ended: %1").arg(r.message()));
        nap(m_stop, 1000);
    }
}

bool DockerBackend::relist()
{
    const auto list = m_client.request("GET", QStringLiteral("/containers/json?all=1"));
    if (!list.ok()) {
        reportProblem(tr("Cannot list the Docker engine's containers: %1").arg(list.message()));
        return false;
    }
    std::unordered_set<std::string> seen;
    const Json listed = parse(list.body);
    if (!listed.is_array()) {
        reportProblem(tr("Cannot read the Docker engine's list of containers."));
        return false;
    }
    for (const Json &c : listed) {
        const std::string id = api::stringField(c, "Id");
        if (id.empty())
            continue;
        seen.insert(id);
        refreshContainer(id);
    }
    for (auto it = m_containers.begin(); it != m_containers.end();) {
        if (seen.count(it->first)) {
            ++it;
            continue;
        }
        emitChange(WatchEvent::Type::Deleted, std::make_shared<api::Object>(*it->second));
        it = m_containers.erase(it);
    }
    refreshImages();
    return true;
}

api::ObjectPtr DockerBackend::containerObject(const Json &j)
{
    if (!j.is_object() || api::stringField(j, "Id").empty())
        return nullptr;
    const Json &config = api::field(j, "Config");
    const Json &host = api::field(j, "HostConfig");
    const Json &state = api::field(j, "State");
    const Json &network = api::field(j, "NetworkSettings");
    sandbox::ContainerInfo c;
    c.id = api::stringField(j, "Id");
    c.name = api::stringField(j, "Name");
    if (!c.name.empty() && c.name.front() == '/')
        c.name.erase(0, 1);
    c.spec.name = c.name;
    c.spec.image = api::stringField(config, "Image");
    c.imageId = api::stringField(j, "Image");
    c.spec.cmd = strings(api::field(config, "Cmd"));
    c.spec.entrypoint = strings(api::field(config, "Entrypoint"));
    c.spec.env = strings(api::field(config, "Env"));
    if (const Json &labels = api::field(config, "Labels"); labels.is_object())
        for (const auto &[k, v] : labels.items())
            if (v.is_string())
                c.spec.labels[k] = v.get<std::string>();
    if (const Json &exposed = api::field(config, "ExposedPorts"); exposed.is_object())
        for (const auto &[port, v] : exposed.items())
            c.spec.exposedPorts.push_back(port);
    c.spec.portBindings = bindings(api::field(host, "PortBindings"));
    c.spec.publishAllPorts = valueOf(host, "PublishAllPorts", false);
    const Json &policy = api::field(host, "RestartPolicy");
    c.spec.restartPolicy = api::stringField(policy, "Name", "no");
    if (c.spec.restartPolicy.empty())
        c.spec.restartPolicy = "no";
    c.spec.maxRetries = valueOf(policy, "MaximumRetryCount", 0);
    c.spec.tty = valueOf(config, "Tty", false);
    c.spec.openStdin = valueOf(config, "OpenStdin", false);
    c.spec.autoRemove = valueOf(host, "AutoRemove", false);
    c.spec.workingDir = api::stringField(config, "WorkingDir");
    c.spec.user = api::stringField(config, "User");
    c.path = api::stringField(j, "Path");
    c.args = strings(api::field(j, "Args"));
    c.state = api::stringField(state, "Status", "created");
    c.created = sandbox::parseDockerTime(api::stringField(j, "Created"));
    c.startedAt = sandbox::parseDockerTime(api::stringField(state, "StartedAt"));
    c.finishedAt = sandbox::parseDockerTime(api::stringField(state, "FinishedAt"));
    c.exitCode = valueOf(state, "ExitCode", 0);
    c.restartCount = valueOf(j, "RestartCount", 0);
    c.oomKilled = valueOf(state, "OOMKilled", false);
    c.pid = valueOf(state, "Pid", 0);
    c.error = api::stringField(state, "Error");
    c.ipAddress = api::stringField(network, "IPAddress");
    if (c.ipAddress.empty())
        if (const Json &networks = api::field(network, "Networks"); networks.is_object())
            for (const auto &[name, n] : networks.items())
                if (const std::string ip = api::stringField(n, "IPAddress"); !ip.empty()) {
                    c.ipAddress = ip;
                    break;
                }
    if (c.running())
        c.ports = bindings(api::field(network, "Ports"));
    auto obj = sandbox::makeContainerObject(c);
    obj->metadata.uid = c.id;
    obj->metadata.creationTimestamp = c.created;
    return obj;
}

void DockerBackend::refreshContainer(const std::string &id)
{
    if (id.empty())
        return;
    const auto r = m_client.request("GET", QStringLiteral("/containers/%1/json").arg(QString::fromStdString(id)));
    const auto known = m_containers.find(id);
    if (r.status == 404) { // removed
        if (known != m_containers.end()) {
            emitChange(WatchEvent::Type::Deleted, std::make_shared<api::Object>(*known->second));
            m_containers.erase(known);
        }
        return;
    }
    if (!r.ok())
        return;
    const api::ObjectPtr made = containerObject(parse(r.body));
    if (!made)
        return;
    if (known != m_containers.end()) {
        if (known->second->body == made->body && known->second->metadata.name == made->metadata.name)
            return;
        if (known->second->metadata.name != made->metadata.name) // renamed: the rows are keyed by name
            emitChange(WatchEvent::Type::Deleted, std::make_shared<api::Object>(*known->second));
    }
    auto copy = std::make_shared<api::Object>(*made);
    const bool added = known == m_containers.end() || known->second->metadata.name != made->metadata.name;
    emitChange(added ? WatchEvent::Type::Added : WatchEvent::Type::Modified, copy);
    m_containers[id] = copy;
}

void DockerBackend::refreshImages()
{
    const auto r = m_client.request("GET", QStringLiteral("/images/json"));
    if (!r.ok()) {
        reportProblem(tr("Cannot list the Docker engine's images: %1").arg(r.message()));
        return;
    }
    std::unordered_map<std::string, api::MutableObjectPtr> now;
    const Json listed = parse(r.body);
    if (!listed.is_array()) {
        reportProblem(tr("Cannot read the Docker engine's list of images."));
        return;
    }
    for (const Json &img : listed) {
        const std::string id = api::stringField(img, "Id");
        if (id.empty())
            continue;
        Json &details = m_imageDetails[id];
        if (details.is_null()) {
            const auto inspect = m_client.request("GET", QStringLiteral("/images/%1/json").arg(QString::fromStdString(id)));
            const auto history = m_client.request("GET", QStringLiteral("/images/%1/history").arg(QString::fromStdString(id)));
            details = {{"inspect", inspect.ok() ? parse(inspect.body) : Json::object()},
                       {"history", history.ok() ? parse(history.body) : Json::array()}};
        }
        const Json &inspect = details["inspect"];
        api::ImageRecord rec;
        rec.id = id;
        rec.size = valueOf(img, "Size", std::int64_t(0));
        rec.created = valueOf(img, "Created", std::int64_t(0)) * 1000;
        const std::vector<std::string> digests = strings(api::field(img, "RepoDigests"));
        rec.source = digests.empty() ? "built" : "pulled";
        if (!digests.empty())
            rec.manifestDigest = digests.front().substr(digests.front().find('@') + 1);
        rec.os = api::stringField(inspect, "Os", "linux");
        rec.architecture = api::stringField(inspect, "Architecture", "amd64");
        rec.config = api::field(inspect, "Config").is_object() ? api::field(inspect, "Config") : Json::object();
        // layers oldest first: the history's entries that made one, with the rootfs digests
        const std::vector<std::string> layerDigests = strings(api::field(api::field(inspect, "RootFS"), "Layers"));
        std::vector<Json> made;
        const Json &history = details["history"];
        if (history.is_array())
            for (auto it = history.rbegin(); it != history.rend(); ++it) {
                rec.history.push_back({{"created_by", api::stringField(*it, "CreatedBy")}});
                if (valueOf(*it, "Size", std::int64_t(0)) > 0)
                    made.push_back(*it);
            }
        for (std::size_t i = 0; i < layerDigests.size(); ++i) {
            const Json *h = made.size() == layerDigests.size() ? &made[i] : nullptr;
            rec.layers.push_back({{"digest", layerDigests[i]},
                                  {"size", h ? valueOf(*h, "Size", std::int64_t(0)) : std::int64_t(0)},
                                  {"createdBy", h ? api::stringField(*h, "CreatedBy") : std::string()}});
        }
        std::vector<std::string> tags = strings(api::field(img, "RepoTags"));
        tags.erase(std::remove(tags.begin(), tags.end(), "<none>:<none>"), tags.end());
        if (tags.empty())
            tags.push_back({});
        for (const std::string &tag : tags) {
            rec.reference = tag;
            auto obj = api::makeImageObject(rec);
            obj->metadata.uid = id;
            obj->metadata.creationTimestamp = rec.created;
            now[obj->metadata.name] = obj;
        }
    }
    for (auto &[name, obj] : now) {
        const auto known = m_images.find(name);
        if (known != m_images.end() && known->second->body == obj->body)
            continue;
        emitChange(known == m_images.end() ? WatchEvent::Type::Added : WatchEvent::Type::Modified, obj);
        m_images[name] = obj;
    }
    for (auto it = m_images.begin(); it != m_images.end();) {
        if (now.count(it->first)) {
            ++it;
            continue;
        }
        emitChange(WatchEvent::Type::Deleted, std::make_shared<api::Object>(*it->second));
        it = m_images.erase(it);
    }
}

void DockerBackend::runCommand(QObject *context, Callback done, std::function<CommandResult()> work)
{
    QPointer<QObject> ctx(context);
    QThreadPool::globalInstance()->start([ctx, done = std::move(done), work = std::move(work)]() mutable {
        CommandResult result;
        try {
            result = work();
        } catch (const std::exception &e) { // an answer of an unexpected shape: reported, never fatal
            result = CommandResult::failure(engine::Error::make(engine::Error::Code::Internal,
                                                                std::string("cannot read the Docker engine's answer: ") + e.what()));
        }
        answerOnGui<CommandResult>(ctx, std::move(done), std::move(result));
    });
}

void DockerBackend::applyYaml(const QString &, const QString &, QObject *, Callback done)
{
    unsupported(done, "apply Kubernetes objects (a Docker engine has no Kubernetes API)");
}

void DockerBackend::deleteObject(const ObjectRef &ref, QObject *context, Callback done)
{
    if (ref.kind == QLatin1String("Container"))
        return removeContainer(ref.name, true, context, std::move(done));
    if (ref.kind == QLatin1String("Image"))
        return removeImage(ref.name, false, context, std::move(done));
    unsupported(done, "delete " + ref.kind.toStdString() + " objects");
}

void DockerBackend::runContainer(const ContainerRunSpec &spec, QObject *context, Callback done)
{
    const DockerClient client = m_client;
    runCommand(context, std::move(done), [client, spec] {
        const QString image = spec.image.trimmed();
        if (image.isEmpty())
            return CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid, "no image given: a container needs one"));
        Json body = {{"Image", image.toStdString()}};
        Json env = Json::array();
        for (const QString &e : spec.env)
            env.push_back(e.toStdString());
        body["Env"] = env;
        if (!spec.command.isEmpty()) {
            Json cmd = Json::array();
            for (const QString &word : spec.command)
                cmd.push_back(word.toStdString());
            body["Cmd"] = cmd;
        }
        Json exposed = Json::object(), portBindings = Json::object();
        for (const PortMapping &p : spec.ports) {
            const std::string port = std::to_string(p.containerPort) + "/" + p.protocol.toStdString();
            exposed[port] = Json::object();
            const QString ip = p.hostIp == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : p.hostIp;
            portBindings[port].push_back({{"HostIp", ip.toStdString()}, {"HostPort", p.hostPort ? std::to_string(p.hostPort) : std::string()}});
        }
        body["ExposedPorts"] = exposed;
        body["HostConfig"] = {{"PortBindings", portBindings},
                              {"RestartPolicy", {{"Name", spec.restartPolicy.isEmpty() ? std::string("no") : spec.restartPolicy.toStdString()}}}};
        QString path = QStringLiteral("/containers/create");
        if (!spec.name.trimmed().isEmpty())
            path += QStringLiteral("?name=") + percent(spec.name.trimmed());
        const auto created = client.request("POST", path, QByteArray::fromStdString(body.dump()));
        if (!created.ok())
            return failureOf(created);
        const QString id = QString::fromStdString(api::stringField(parse(created.body), "Id"));
        const auto inspect = client.request("GET", QStringLiteral("/containers/%1/json").arg(id));
        QString name = QString::fromStdString(api::stringField(parse(inspect.body), "Name"));
        if (name.startsWith(QLatin1Char('/')))
            name.remove(0, 1);
        const auto started = client.request("POST", QStringLiteral("/containers/%1/start").arg(id));
        if (!started.ok() && started.status != 304) {
            // as Docker: the container stays, created, and the answer is why it did not start
            CommandResult r = failureOf(started);
            r.name = name;
            return r;
        }
        CommandResult r;
        r.lines << tr("Container %1 is running (id %2)").arg(name, shortId(id));
        r.name = name;
        return r;
    });
}

void DockerBackend::simpleAction(const QString &idOrName, const QString &path, const QString &line, QObject *context, Callback done)
{
    const DockerClient client = m_client;
    const QString method = path.startsWith(QLatin1String("DELETE ")) ? QStringLiteral("DELETE") : QStringLiteral("POST");
    const QString target = path.section(QLatin1Char(' '), -1).arg(pathPart(idOrName));
    runCommand(context, std::move(done), [client, method, target, line, idOrName] {
        const auto r = client.request(method.toLatin1(), target, {}, {}, 60'000);
        if (!r.ok() && r.status != 304) // 304: already so
            return failureOf(r);
        CommandResult result;
        result.lines << line;
        result.name = idOrName;
        return result;
    });
}

void DockerBackend::startContainer(const QString &idOrName, QObject *context, Callback done)
{
    simpleAction(idOrName, QStringLiteral("/containers/%1/start"), tr("Container %1 started").arg(idOrName), context, std::move(done));
}

void DockerBackend::stopContainer(const QString &idOrName, QObject *context, Callback done)
{
    simpleAction(idOrName, QStringLiteral("/containers/%1/stop"), tr("Container %1 stopped").arg(idOrName), context, std::move(done));
}

void DockerBackend::restartContainer(const QString &idOrName, QObject *context, Callback done)
{
    simpleAction(idOrName, QStringLiteral("/containers/%1/restart"), tr("Container %1 restarted").arg(idOrName), context, std::move(done));
}

void DockerBackend::killContainer(const QString &idOrName, QObject *context, Callback done)
{
    simpleAction(idOrName, QStringLiteral("/containers/%1/kill"), tr("Container %1 killed").arg(idOrName), context, std::move(done));
}

void DockerBackend::removeContainer(const QString &idOrName, bool force, QObject *context, Callback done)
{
    simpleAction(idOrName, QStringLiteral("DELETE /containers/%1") + (force ? QStringLiteral("?force=1") : QString()),
                 tr("Container %1 removed").arg(idOrName), context, std::move(done));
}

void DockerBackend::tagImage(const QString &image, const QString &tag, QObject *context, Callback done)
{
    const auto [repo, t] = api::splitImageReference(tag.toStdString());
    simpleAction(image, QStringLiteral("/images/%1/tag?repo=") + percent(repo) + QStringLiteral("&tag=") + percent(t),
                 tr("Tagged %1 as %2").arg(image, tag), context, std::move(done));
}

void DockerBackend::removeImage(const QString &image, bool force, QObject *context, Callback done)
{
    simpleAction(image, QStringLiteral("DELETE /images/%1") + (force ? QStringLiteral("?force=1") : QString()),
                 tr("Untagged %1").arg(image), context, std::move(done));
}

QString DockerBackend::progressText(const Json &j)
{
    const QString status = QString::fromStdString(api::stringField(j, "status"));
    if (status.isEmpty())
        return {};
    const QString id = QString::fromStdString(api::stringField(j, "id"));
    QString text = id.isEmpty() ? status : id + QStringLiteral(": ") + status;
    const Json &detail = api::field(j, "progressDetail");
    const std::int64_t current = valueOf(detail, "current", std::int64_t(0)), total = valueOf(detail, "total", std::int64_t(0));
    if (total > 0)
        text += QStringLiteral(" %1 %").arg(std::min<std::int64_t>(100, current * 100 / total));
    return text;
}

namespace {
/// "127.0.0.1:5000/team/app:1.0" → the registry's address ("127.0.0.1:5000"; Docker Hub: "docker.io").
QString registryOf(const QString &reference)
{
    const QString first = reference.section(QLatin1Char('/'), 0, 0);
    const bool host = reference.contains(QLatin1Char('/')) &&
                      (first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':')) || first == QLatin1String("localhost"));
    return host ? first : QStringLiteral("docker.io");
}

/// Streams a push or pull: progress lines to `progress` (GUI thread), the engine's error as the result.
CommandResult transfer(const DockerClient &client, const QString &path, const RegistryLogin &login, const QString &reference,
                       QPointer<QObject> ctx, const std::function<void(const QString &)> &progress, QStringList *last)
{
    const std::atomic<bool> never{false};
    std::string error;
    const QList<QByteArray> headers = {"X-Registry-Auth: " + DockerClient::registryAuth(login.username, login.password, registryOf(reference))};
    const auto r = client.stream(
        "POST", path, {}, {},
        [&](const QByteArray &line) {
            const Json j = parse(line);
            if (j.contains("errorDetail") || j.contains("error")) {
                error = api::stringField(api::field(j, "errorDetail"), "message");
                if (error.empty())
                    error = api::stringField(j, "error");
                return true;
            }
            const QString text = DockerBackend::progressText(j);
            if (text.isEmpty())
                return true;
            if (!j.contains("progressDetail") || api::field(j, "progressDetail").empty())
                *last << text; // the lasting lines (digest, "Downloaded newer image"), not the percentages
            if (progress)
                QMetaObject::invokeMethod(qApp, [ctx, progress, text] { if (ctx) progress(text); }, Qt::QueuedConnection);
            return true;
        },
        never, 0, headers);
    if (error.empty() && !r.ok())
        return failureOf(r);
    if (!error.empty())
        return CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid, error));
    return {};
}
} // namespace

void DockerBackend::pushImage(const QString &source, const QString &target, const RegistryLogin &login, QObject *context,
                              std::function<void(const QString &)> progress, Callback done)
{
    const DockerClient client = m_client;
    QPointer<QObject> ctx(context);
    runCommand(context, std::move(done), [client, source, target, login, ctx, progress] {
        const auto [repo, tag] = api::splitImageReference(target.trimmed().toStdString());
        if (source.trimmed() != target.trimmed()) {
            const auto tagged = client.request("POST", QStringLiteral("/images/%1/tag?repo=%2&tag=%3")
                                                           .arg(pathPart(source.trimmed()), percent(repo), percent(tag)));
            if (!tagged.ok())
                return failureOf(tagged);
        }
        QStringList lines;
        CommandResult r = transfer(client, QStringLiteral("/images/%1/push?tag=%2").arg(pathPart(repo), percent(tag)), login,
                                   target, ctx, progress, &lines);
        if (r.ok)
            r.lines = lines.filter(QStringLiteral("digest:")).isEmpty() ? lines : lines.filter(QStringLiteral("digest:"));
        return r;
    });
}

void DockerBackend::pullImage(const QString &reference, const RegistryLogin &login, QObject *context,
                              std::function<void(const QString &)> progress, Callback done)
{
    const DockerClient client = m_client;
    QPointer<QObject> ctx(context);
    runCommand(context, std::move(done), [client, reference, login, ctx, progress] {
        const auto [repo, tag] = api::splitImageReference(reference.trimmed().toStdString());
        QStringList lines;
        CommandResult r = transfer(client, QStringLiteral("/images/create?fromImage=%1&tag=%2").arg(percent(repo), percent(tag)),
                                   login, reference, ctx, progress, &lines);
        if (r.ok)
            r.lines = lines.filter(QStringLiteral("Status:")).isEmpty() ? lines : lines.filter(QStringLiteral("Status:"));
        return r;
    });
}

ContainerLogResult DockerBackend::parseLogStream(const QByteArray &body)
{
    ContainerLogResult result;
    // frames need not end at line ends: lines are gathered per stream
    QByteArray partial[2];
    const auto addLine = [&](QByteArray line, bool isStderr) {
        if (line.endsWith('\r'))
            line.chop(1);
        ContainerLogLine l;
        l.isStderr = isStderr;
        const qsizetype space = line.indexOf(' ');
        const engine::TimeMs when = space > 0 ? sandbox::parseDockerTime(line.left(space).toStdString()) : 0;
        if (when > 0) {
            l.time = when;
            l.text = QString::fromUtf8(line.mid(space + 1));
        } else {
            l.text = QString::fromUtf8(line);
        }
        result.lines << l;
    };
    for (const auto &frame : DockerClient::demultiplex(body)) {
        QByteArray &buffer = partial[frame.isStderr ? 1 : 0];
        buffer += frame.data;
        qsizetype start = 0;
        for (qsizetype nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n', start)) {
            addLine(buffer.mid(start, nl - start), frame.isStderr);
            start = nl + 1;
        }
        buffer.remove(0, start);
    }
    for (int s = 0; s < 2; ++s)
        if (!partial[s].isEmpty())
            addLine(partial[s], s == 1);
    return result;
}

void DockerBackend::containerLogs(const QString &idOrName, int tail, qint64 since, QObject *context,
                                  std::function<void(const ContainerLogResult &)> done)
{
    const DockerClient client = m_client;
    QString path = QStringLiteral("/containers/%1/logs?stdout=1&stderr=1&timestamps=1&tail=%2")
                       .arg(percent(idOrName), tail > 0 ? QString::number(tail) : QStringLiteral("all"));
    if (since > 0)
        path += QStringLiteral("&since=%1.%2").arg(since / 1000).arg(since % 1000, 3, 10, QLatin1Char('0'));
    QPointer<QObject> ctx(context);
    QThreadPool::globalInstance()->start([client, path, ctx, done = std::move(done)]() mutable {
        const auto r = client.request("GET", path);
        ContainerLogResult result;
        if (r.ok()) {
            result = parseLogStream(r.body);
        } else {
            result.ok = false;
            result.error = r.message();
        }
        answerOnGui<ContainerLogResult>(ctx, std::move(done), std::move(result));
    });
}

// --- builds ------------------------------------------------------------------------------------

namespace {
struct TarWriter {
    std::string bytes;
    static la_ssize_t write(archive *, void *user, const void *buffer, size_t length)
    {
        static_cast<TarWriter *>(user)->bytes.append(static_cast<const char *>(buffer), length);
        return la_ssize_t(length);
    }
};

engine::Error tarError(archive *a, const std::string &what)
{
    const char *why = archive_error_string(a);
    return engine::Error::make(engine::Error::Code::Io, what + ": " + (why ? why : "cannot write the build context"));
}
} // namespace

engine::Result<std::string> DockerBackend::contextTar(const QString &contextDir, const QString &dockerfileText,
                                                      const QString &dockerfileName)
{
    std::shared_ptr<engine::image::BuildContext> context;
    if (!contextDir.isEmpty()) {
        auto ctx = engine::image::BuildContext::fromDirectory(contextDir.toStdString());
        if (!ctx.ok())
            return ctx.error();
        context = *ctx;
    }
    TarWriter out;
    std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
    archive_write_set_format_pax_restricted(a.get());
    archive_write_set_bytes_in_last_block(a.get(), 1);
    if (archive_write_open(a.get(), &out, nullptr, &TarWriter::write, nullptr) != ARCHIVE_OK)
        return tarError(a.get(), "build context");
    const auto add = [&](const engine::image::ContextEntry &e, const std::string *content) -> engine::Status {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
        archive_entry_set_pathname(entry.get(), e.path.c_str());
        archive_entry_set_perm(entry.get(), e.mode);
        archive_entry_set_mtime(entry.get(), time_t(e.mtimeNs / 1'000'000'000), long(e.mtimeNs % 1'000'000'000));
        switch (e.type) {
        case engine::image::ContextEntry::Type::Directory:
            archive_entry_set_filetype(entry.get(), AE_IFDIR);
            break;
        case engine::image::ContextEntry::Type::Symlink:
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_symlink(entry.get(), e.linkTarget.c_str());
            break;
        case engine::image::ContextEntry::Type::File:
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_size(entry.get(), content ? la_int64_t(content->size()) : la_int64_t(e.size));
            break;
        }
        if (archive_write_header(a.get(), entry.get()) != ARCHIVE_OK)
            return tarError(a.get(), e.path);
        if (e.type != engine::image::ContextEntry::Type::File)
            return {};
        if (content) {
            if (archive_write_data(a.get(), content->data(), content->size()) < 0)
                return tarError(a.get(), e.path);
            return {};
        }
        bool ok = true;
        auto read = context->readChunks(e, [&](const char *data, std::size_t n) {
            ok = ok && archive_write_data(a.get(), data, n) >= 0;
        });
        if (!read.ok())
            return read.error();
        return ok ? engine::Status{} : engine::Status(tarError(a.get(), e.path));
    };
    if (context)
        for (const auto &e : context->entries())
            if (auto s = add(e, nullptr); !s.ok())
                return s.error();
    engine::image::ContextEntry dockerfile;
    dockerfile.path = dockerfileName.toStdString();
    dockerfile.mtimeNs = QDateTime::currentMSecsSinceEpoch() * 1'000'000;
    const std::string text = dockerfileText.toStdString();
    if (auto s = add(dockerfile, &text); !s.ok())
        return s.error();
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return tarError(a.get(), "build context");
    return std::move(out.bytes);
}

quint64 DockerBackend::build(const BuildSpec &spec)
{
    const quint64 id = m_nextBuild++;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    const DockerClient client = m_client;
    QPointer<DockerBackend> self(this);
    // events gathered on the worker, handed to the GUI thread at most every kBatchIntervalMs
    struct Queue {
        std::mutex mutex;
        std::vector<engine::image::BuildEvent> events;
        bool armed = false;
    };
    auto queue = std::make_shared<Queue>();
    const auto flush = [self, id, queue] {
        std::vector<engine::image::BuildEvent> events;
        {
            std::lock_guard lock(queue->mutex);
            events.swap(queue->events);
            queue->armed = false;
        }
        if (self && !events.empty())
            emit self->buildEventsArrived(id, events);
    };
    const auto send = [self, queue, flush](engine::image::BuildEvent ev) {
        std::lock_guard lock(queue->mutex);
        queue->events.push_back(std::move(ev));
        if (queue->armed)
            return;
        queue->armed = true;
        QMetaObject::invokeMethod(
            qApp, [flush] { QTimer::singleShot(kBatchIntervalMs, qApp, flush); }, Qt::QueuedConnection);
    };
    const auto finish = [self, id, flush](bool ok, QString message, QString imageId) {
        QMetaObject::invokeMethod(
            qApp,
            [self, id, flush, ok, message, imageId] {
                flush(); // the last events before the end
                if (self) {
                    // the worker's last act was to post this: joining waits for its return only
                    if (auto it = self->m_builds.find(id); it != self->m_builds.end()) {
                        if (it->second.thread.joinable())
                            it->second.thread.join();
                        self->m_builds.erase(it);
                    }
                    emit self->buildFinished(id, ok, message, imageId);
                }
            },
            Qt::QueuedConnection);
    };

    std::thread worker([client, spec, stop, send, finish] {
        using engine::image::BuildEvent;
        const auto started = std::chrono::steady_clock::now();
        BuildEvent begin;
        begin.type = BuildEvent::Type::Started;
        begin.text = "Sending the build context to the Docker engine";
        send(begin);
        const QString dockerfileName = QStringLiteral(".flotilla-dockerfile-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        auto tar = contextTar(spec.contextDir, spec.dockerfileText, dockerfileName);
        if (!tar.ok()) {
            BuildEvent failed;
            failed.type = BuildEvent::Type::Failed;
            failed.text = tar.error().toString();
            send(failed);
            finish(false, QString::fromStdString(failed.text), {});
            return;
        }
        QString path = QStringLiteral("/build?rm=1&dockerfile=") + percent(dockerfileName);
        for (const QString &t : spec.tags)
            if (!t.trimmed().isEmpty())
                path += QStringLiteral("&t=") + percent(t.trimmed());
        if (!spec.buildArgs.isEmpty()) {
            Json args = Json::object();
            for (const auto &[k, v] : spec.buildArgs)
                args[k.toStdString()] = v.toStdString();
            path += QStringLiteral("&buildargs=") + percent(args.dump());
        }
        if (!spec.labels.isEmpty()) {
            Json labels = Json::object();
            for (const auto &[k, v] : spec.labels)
                labels[k.toStdString()] = v.toStdString();
            path += QStringLiteral("&labels=") + percent(labels.dump());
        }
        if (!spec.target.isEmpty())
            path += QStringLiteral("&target=") + percent(spec.target);
        if (spec.noCache)
            path += QStringLiteral("&nocache=1");

        static const QRegularExpression stepLine(QStringLiteral("^Step (\\d+)/(\\d+) : (.*)$"));
        int step = 0, total = 0;
        bool stepOpen = false, stepCached = false;
        std::string imageId, error;
        std::vector<std::string> tags;
        engine::image::BuildStepInfo info;
        auto stepStart = std::chrono::steady_clock::now();
        const auto seconds = [](auto since) { return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count(); };
        const auto closeStep = [&] {
            if (stepOpen && !stepCached) {
                BuildEvent done;
                done.type = BuildEvent::Type::StepFinished;
                done.step = step;
                done.totalSteps = total;
                done.info = info;
                done.durationSeconds = seconds(stepStart);
                send(done);
            }
            stepOpen = false;
        };
        const auto onText = [&](const QString &text) {
            for (QString line : text.split(QLatin1Char('\n'))) {
                if (line.endsWith(QLatin1Char('\r')))
                    line.chop(1);
                if (line.trimmed().isEmpty())
                    continue;
                if (const auto m = stepLine.match(line); m.hasMatch()) {
                    closeStep();
                    step = m.captured(1).toInt();
                    total = m.captured(2).toInt();
                    info = {};
                    info.number = step;
                    info.text = m.captured(3).toStdString();
                    BuildEvent ev;
                    ev.type = BuildEvent::Type::StepStarted;
                    ev.step = step;
                    ev.totalSteps = total;
                    ev.info = info;
                    send(ev);
                    stepOpen = true;
                    stepCached = false;
                    stepStart = std::chrono::steady_clock::now();
                    continue;
                }
                const QString trimmed = line.trimmed();
                if (trimmed == QLatin1String("---> Using cache")) {
                    BuildEvent ev;
                    ev.type = BuildEvent::Type::StepCached;
                    ev.step = step;
                    ev.totalSteps = total;
                    ev.info = info;
                    send(ev);
                    stepCached = true;
                    continue;
                }
                // the engine's bookkeeping between steps ("---> 3f2a…", "Removing intermediate container")
                if (trimmed.startsWith(QLatin1String("---> ")) || trimmed.startsWith(QLatin1String("Removing intermediate container")))
                    continue;
                if (trimmed.startsWith(QLatin1String("Successfully built ")))
                    continue;
                if (trimmed.startsWith(QLatin1String("Successfully tagged "))) {
                    tags.push_back(trimmed.mid(20).toStdString());
                    continue;
                }
                BuildEvent ev;
                ev.type = BuildEvent::Type::Output;
                ev.step = step;
                ev.totalSteps = total;
                ev.info = info;
                ev.text = line.toStdString();
                send(ev);
            }
        };
        const auto r = client.stream(
            "POST", path, QByteArray::fromStdString(*tar), "application/x-tar",
            [&](const QByteArray &line) {
                const Json j = parse(line);
                if (!j.is_object())
                    return true;
                if (j.contains("errorDetail") || j.contains("error")) {
                    error = api::stringField(api::field(j, "errorDetail"), "message");
                    if (error.empty())
                        error = api::stringField(j, "error");
                    return true;
                }
                if (const Json &aux = api::field(j, "aux"); aux.is_object() && !api::stringField(aux, "ID").empty())
                    imageId = api::stringField(aux, "ID");
                if (const std::string text = api::stringField(j, "stream"); !text.empty())
                    onText(QString::fromStdString(text));
                return true;
            },
            *stop);
        if (stop->load()) {
            error = "the build was cancelled";
        } else if (error.empty() && !r.ok()) {
            error = r.message().toStdString();
        } else if (error.empty() && imageId.empty()) {
            error = "the Docker engine ended the build without an image";
        }
        if (!error.empty()) {
            if (stepOpen) {
                BuildEvent failed;
                failed.type = BuildEvent::Type::StepFailed;
                failed.step = step;
                failed.totalSteps = total;
                failed.info = info;
                failed.text = error;
                send(failed);
            }
            BuildEvent failed;
            failed.type = BuildEvent::Type::Failed;
            failed.step = step;
            failed.totalSteps = total;
            failed.text = error;
            send(failed);
            finish(false, QString::fromStdString(error), {});
            return;
        }
        closeStep();
        BuildEvent finished;
        finished.type = BuildEvent::Type::Finished;
        finished.totalSteps = total;
        finished.imageId = imageId;
        finished.tags = tags;
        finished.durationSeconds = seconds(started);
        finished.text = "Successfully built " + QString::fromStdString(imageId).mid(7, 12).toStdString();
        send(finished);
        finish(true, {}, QString::fromStdString(imageId));
    });
    m_builds[id] = Build{stop, std::move(worker)};
    return id;
}

void DockerBackend::cancelBuild(quint64 id)
{
    if (auto it = m_builds.find(id); it != m_builds.end())
        it->second.stop->store(true);
}

} // namespace flotilla::backends
