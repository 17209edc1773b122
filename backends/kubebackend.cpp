#include "kubebackend.h"

#include <engine/api/codec.h>
#include <engine/api/kinds.h>

#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <chrono>
#include <unordered_map>
#include <unordered_set>

namespace flotilla::backends {

namespace api = engine::api;
using Json = nlohmann::json;

namespace {
/// The kinds the views show, in the order they are listed.
constexpr std::string_view kWatched[] = {"Namespace", "Node", "Pod", "Deployment", "ReplicaSet", "Service", "ConfigMap",
                                         "Secret", "Event", "HorizontalPodAutoscaler", "Rollout"};

QString q(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

/// Sleeps up to `ms`, waking early when `stop` is set.
void nap(const std::atomic<bool> &stop, int ms)
{
    for (int slept = 0; slept < ms && !stop.load(); slept += 100)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

/// An object of `info`'s kind from JSON (list items carry neither kind nor apiVersion).
api::ObjectPtr decode(Json json, const api::KindInfo &info)
{
    if (!json.is_object())
        return nullptr;
    json["kind"] = std::string(info.kind);
    json["apiVersion"] = std::string(info.apiVersion);
    auto o = api::objectFromJson(json);
    return o.ok() ? api::ObjectPtr(*o) : nullptr;
}
} // namespace

KubeBackend::KubeBackend(ResolvedContext context, QObject *parent) : Backend(parent), m_client(std::move(context)) {}

KubeBackend::~KubeBackend()
{
    m_stop = true;
    for (auto &t : m_threads)
        if (t.joinable())
            t.join();
}

QString KubeBackend::collectionPath(std::string_view kind, const QString &ns)
{
    const api::KindInfo *info = api::findKind(kind);
    if (!info)
        return {};
    const QString group = info->apiVersion == "v1" ? QStringLiteral("/api/v1") : QStringLiteral("/apis/") + q(info->apiVersion);
    const QString scope = info->namespaced && !ns.isEmpty() ? QStringLiteral("/namespaces/") + ns : QString();
    return group + scope + QLatin1Char('/') + q(info->plural);
}

QString KubeBackend::objectPath(std::string_view kind, const QString &ns, const QString &name)
{
    return collectionPath(kind, ns) + QLatin1Char('/') + name;
}

void KubeBackend::start()
{
    if (!m_threads.empty())
        return;
    m_threads.emplace_back([this] {
        const auto version = m_client.request("GET", QStringLiteral("/version"), {}, {}, "application/json", 15'000);
        if (!version.ok()) {
            const QString why = version.status == 401 ? tr("Unauthorized: %1").arg(version.message())
                                : version.status == 403 ? tr("Forbidden: %1").arg(version.message())
                                                        : tr("Cannot reach %1: %2").arg(m_client.context().server, version.message());
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
        // a worker per kind; this thread waits for them (they end when the backend goes)
        std::vector<std::thread> watchers;
        for (std::string_view kind : kWatched)
            watchers.emplace_back([this, kind] { watchKind(kind); });
        for (auto &w : watchers)
            w.join();
    });
}

void KubeBackend::watchKind(std::string_view kind)
{
    const api::KindInfo *info = api::findKind(kind);
    if (!info)
        return;
    const QString path = collectionPath(kind);
    std::unordered_map<std::string, api::ObjectPtr> known; // by "namespace/name"
    std::string version;                                   // "" : list first
    int failures = 0;
    while (!m_stop) {
        if (version.empty()) {
            // a full list, in pages; what was known and is not listed any more was deleted meanwhile
            std::vector<engine::store::WatchEvent> events;
            std::unordered_set<std::string> seen;
            std::string next;
            bool ok = true;
            do {
                QString page = path + QStringLiteral("?limit=%1").arg(kPageSize);
                if (!next.empty())
                    page += QStringLiteral("&continue=") + QString::fromUtf8(QUrl::toPercentEncoding(QString::fromStdString(next)));
                const auto r = m_client.request("GET", page);
                if (r.status == 404)
                    return; // not served by this cluster (e.g. no Rollout kind)
                if (!r.ok()) {
                    reportProblem(r.status == 401   ? tr("Unauthorized: %1").arg(r.message())
                                  : r.status == 403 ? tr("Forbidden to list %1: %2").arg(q(info->plural), r.message())
                                                    : tr("Cannot list %1: %2").arg(q(info->plural), r.message()));
                    ok = false;
                    break;
                }
                Json list;
                try {
                    list = Json::parse(r.body.toStdString());
                } catch (const std::exception &e) {
                    reportProblem(tr("Cannot read the list of %1: %2").arg(q(info->plural), QString::fromUtf8(e.what())));
                    ok = false;
                    break;
                }
                for (const Json &item : api::field(list, "items")) {
                    api::ObjectPtr o = decode(item, *info);
                    if (!o)
                        continue;
                    const std::string key = o->key();
                    seen.insert(key);
                    const auto it = known.find(key);
                    if (it != known.end() && it->second->metadata.resourceVersion == o->metadata.resourceVersion)
                        continue;
                    events.push_back({it == known.end() ? engine::store::WatchEvent::Type::Added : engine::store::WatchEvent::Type::Modified,
                                      o, o->metadata.resourceVersion});
                    known[key] = o;
                }
                next = api::stringField(api::field(list, "metadata"), "continue");
                version = api::stringField(api::field(list, "metadata"), "resourceVersion");
            } while (!next.empty() && !m_stop);
            if (!ok) {
                version.clear();
                nap(m_stop, std::min(30'000, 1000 << std::min(failures++, 5)));
                continue;
            }
            for (auto it = known.begin(); it != known.end();) {
                if (!seen.count(it->first)) {
                    events.push_back({engine::store::WatchEvent::Type::Deleted, it->second, it->second->metadata.resourceVersion});
                    it = known.erase(it);
                } else {
                    ++it;
                }
            }
            queueChanges(events);
            failures = 0;
            reportProblem({});
        }
        // the watch, from the version listed or last seen
        bool gone = false;
        std::vector<engine::store::WatchEvent> batch;
        const QString watch = path + QStringLiteral("?watch=1&allowWatchBookmarks=true&timeoutSeconds=300&resourceVersion=") +
                              QString::fromStdString(version);
        const auto r = m_client.stream(
            watch,
            [&](const QByteArray &line) {
                Json ev;
                try {
                    ev = Json::parse(line.toStdString());
                } catch (const std::exception &) {
                    return true; // not an event line
                }
                const std::string type = api::stringField(ev, "type");
                const Json &object = api::field(ev, "object");
                if (type == "ERROR") {
                    gone = object.value("code", 0) == 410;
                    return false;
                }
                const std::string rv = api::stringField(api::field(object, "metadata"), "resourceVersion");
                if (!rv.empty())
                    version = rv;
                if (type == "BOOKMARK")
                    return true;
                api::ObjectPtr o = decode(object, *info);
                if (!o)
                    return true;
                engine::store::WatchEvent e{engine::store::WatchEvent::Type::Modified, o, o->metadata.resourceVersion};
                if (type == "ADDED")
                    e.type = engine::store::WatchEvent::Type::Added;
                else if (type == "DELETED")
                    e.type = engine::store::WatchEvent::Type::Deleted;
                if (e.type == engine::store::WatchEvent::Type::Deleted)
                    known.erase(o->key());
                else
                    known[o->key()] = o;
                queueChanges(std::span<const engine::store::WatchEvent>(&e, 1));
                return true;
            },
            m_stop);
        if (m_stop)
            return;
        if (gone || r.status == 410) {
            version.clear(); // too old: list again
            continue;
        }
        if (!r.error.isEmpty() || (r.status != 0 && r.status != 200)) {
            reportProblem(tr("Watching %1: %2").arg(q(info->plural), r.message()));
            nap(m_stop, std::min(30'000, 1000 << std::min(failures++, 5)));
        }
    }
}

void KubeBackend::reportProblem(const QString &problem)
{
    QMetaObject::invokeMethod(
        this,
        [this, problem] {
            if (problem == m_problem)
                return;
            m_problem = problem;
            emit problemChanged(problem);
        },
        Qt::QueuedConnection);
}

void KubeBackend::runCommand(QObject *context, Callback done, std::function<CommandResult()> work)
{
    QPointer<QObject> ctx(context);
    QPointer<KubeBackend> self(this);
    QThreadPool::globalInstance()->start([self, ctx, done = std::move(done), work = std::move(work)] {
        const CommandResult result = work();
        if (!self)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [ctx, done, result] {
                if (ctx)
                    done(result);
            },
            Qt::QueuedConnection);
    });
}

void KubeBackend::applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done)
{
    const KubeClient client = m_client;
    runCommand(context, std::move(done), [client, text, sourceName] {
        CommandResult result;
        auto docs = api::parseDocuments(text.toStdString());
        if (!docs.ok()) {
            engine::Error e = docs.error();
            e.file = sourceName.toStdString();
            return CommandResult::failure(e);
        }
        for (const api::Document &doc : *docs) {
            const Json &j = doc.json;
            const std::string kind = api::stringField(j, "kind");
            const api::KindInfo *info = api::findKind(kind);
            const std::string name = api::stringField(api::field(j, "metadata"), "name");
            const auto problem = [&](const std::string &message, const std::string &path) {
                engine::Error e = doc.locate(engine::Error::make(engine::Error::Code::Invalid, message, path));
                e.file = sourceName.toStdString();
                result.ok = false;
                result.problems << Problem::from(e);
            };
            if (!info) {
                problem("kind \"" + kind + "\" is not known to Flotilla", "kind");
                continue;
            }
            if (name.empty()) {
                problem("metadata.name is required", "metadata.name");
                continue;
            }
            QString ns = QString::fromStdString(api::stringField(api::field(j, "metadata"), "namespace"));
            if (info->namespaced && ns.isEmpty())
                ns = client.context().ns;
            // server-side apply: the server merges what this manifest owns
            const auto r = client.request("PATCH",
                                          objectPath(kind, ns, QString::fromStdString(name)) +
                                              QStringLiteral("?fieldManager=flotilla&force=true"),
                                          QByteArray::fromStdString(j.dump()), "application/apply-patch+yaml");
            if (!r.ok()) {
                problem(r.message().toStdString(), "");
                continue;
            }
            result.lines << QStringLiteral("%1/%2 serverside-applied").arg(q(info->plural), QString::fromStdString(name));
        }
        return result;
    });
}

void KubeBackend::deleteObject(const ObjectRef &ref, QObject *context, Callback done)
{
    const KubeClient client = m_client;
    runCommand(context, std::move(done), [client, ref] {
        const std::string kind = ref.kind.toStdString();
        const api::KindInfo *info = api::findKind(kind);
        if (!info)
            return CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid, "unknown kind " + kind));
        const auto r = client.request("DELETE", objectPath(kind, ref.ns, ref.name));
        if (!r.ok())
            return CommandResult::failure(engine::Error::make(r.status == 404 ? engine::Error::Code::NotFound : engine::Error::Code::Invalid,
                                                              r.message().toStdString()));
        CommandResult result;
        result.lines << QStringLiteral("%1 \"%2\" deleted").arg(q(info->plural), ref.name);
        return result;
    });
}

void KubeBackend::scale(const ObjectRef &ref, int replicas, QObject *context, Callback done)
{
    const KubeClient client = m_client;
    runCommand(context, std::move(done), [client, ref, replicas] {
        const std::string kind = ref.kind.toStdString();
        const auto r = client.request("PATCH", objectPath(kind, ref.ns, ref.name) + QStringLiteral("/scale"),
                                      QByteArray::fromStdString(Json{{"spec", {{"replicas", replicas}}}}.dump()),
                                      "application/merge-patch+json");
        if (!r.ok())
            return CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid, r.message().toStdString()));
        CommandResult result;
        result.lines << QStringLiteral("%1/%2 scaled").arg(ref.kind.toLower(), ref.name);
        return result;
    });
}

} // namespace flotilla::backends
