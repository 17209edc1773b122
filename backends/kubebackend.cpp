#include "kubebackend.h"

#include <engine/api/codec.h>
#include <engine/api/kinds.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QRegularExpression>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
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
    for (auto &[id, stop] : m_follows)
        stop->store(true);
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

namespace {
CommandResult commandFailure(const KubeClient::Response &r)
{
    return CommandResult::failure(engine::Error::make(r.status == 404 ? engine::Error::Code::NotFound : engine::Error::Code::Invalid,
                                                      r.message().toStdString()));
}

QString logPath(const QString &ns, const QString &pod, const QString &container)
{
    QString path = KubeBackend::objectPath("Pod", ns, pod) + QStringLiteral("/log?timestamps=true");
    if (!container.isEmpty())
        path += QStringLiteral("&container=") + QString::fromUtf8(QUrl::toPercentEncoding(container));
    return path;
}

/// A label selector's matchLabels as a query value ("app=web,tier=front"); empty when it has none.
QString matchLabelsQuery(const Json &selector)
{
    QStringList parts;
    for (const auto &[k, v] : api::field(selector, "matchLabels").items())
        if (v.is_string())
            parts << q(k) + QLatin1Char('=') + q(v.get<std::string>());
    return parts.join(QLatin1Char(','));
}
} // namespace

LogResult KubeBackend::parseLogLines(const QByteArray &body)
{
    LogResult r;
    for (QByteArray line : body.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype space = line.indexOf(' ');
        QDateTime when;
        if (space > 0) {
            QString stamp = QString::fromLatin1(line.left(space));
            // Qt reads milliseconds: "…:44.123456789Z" → "…:44.123Z"
            static const QRegularExpression fraction(QStringLiteral("\\.(\\d{1,3})\\d*Z$"));
            stamp.replace(fraction, QStringLiteral(".\\1Z"));
            when = QDateTime::fromString(stamp, Qt::ISODateWithMs);
        }
        if (when.isValid()) {
            r.lines << QString::fromUtf8(line.mid(space + 1));
            r.times << when.toMSecsSinceEpoch();
        } else {
            r.lines << QString::fromUtf8(line);
            r.times << 0;
        }
    }
    return r;
}

void KubeBackend::patchObject(const ObjectRef &ref, const QByteArray &patch, const QString &line, QObject *context,
                              Callback done)
{
    const KubeClient client = m_client;
    runCommand(context, std::move(done), [client, ref, patch, line] {
        const auto r = client.request("PATCH", objectPath(ref.kind.toStdString(), ref.ns, ref.name), patch,
                                      "application/strategic-merge-patch+json");
        if (!r.ok())
            return commandFailure(r);
        CommandResult result;
        result.lines << line;
        return result;
    });
}

void KubeBackend::rollback(const ObjectRef &ref, qint64 revision, QObject *context, Callback done)
{
    const KubeClient client = m_client;
    runCommand(context, std::move(done), [client, ref, revision] {
        constexpr const char *kRevision = "deployment.kubernetes.io/revision";
        const auto got = client.request("GET", objectPath("Deployment", ref.ns, ref.name));
        if (!got.ok())
            return commandFailure(got);
        const Json deployment = Json::parse(got.body.toStdString(), nullptr, false);
        const std::string uid = api::stringField(api::field(deployment, "metadata"), "uid");
        const QString selector = matchLabelsQuery(api::field(api::field(deployment, "spec"), "selector"));
        QString list = collectionPath("ReplicaSet", ref.ns);
        if (!selector.isEmpty())
            list += QStringLiteral("?labelSelector=") + QString::fromUtf8(QUrl::toPercentEncoding(selector));
        const auto sets = client.request("GET", list);
        if (!sets.ok())
            return commandFailure(sets);
        // the Deployment's ReplicaSets by revision
        std::map<qint64, Json> byRevision;
        const Json listed = Json::parse(sets.body.toStdString(), nullptr, false);
        for (const Json &rs : api::field(listed, "items")) {
            const Json &meta = api::field(rs, "metadata");
            bool owned = false;
            for (const Json &owner : api::field(meta, "ownerReferences"))
                owned = owned || (api::stringField(owner, "uid") == uid && owner.value("controller", false));
            const std::string rev = api::stringField(api::field(meta, "annotations"), kRevision);
            if (owned && !rev.empty())
                byRevision[QString::fromStdString(rev).toLongLong()] = rs;
        }
        if (byRevision.empty())
            return CommandResult::failure(engine::Error::make(engine::Error::Code::NotFound,
                                                              "no rollout history found for deployment \"" + ref.name.toStdString() + "\""));
        const std::string currentText = api::stringField(api::field(api::field(deployment, "metadata"), "annotations"), kRevision);
        const qint64 current = currentText.empty() ? byRevision.rbegin()->first : QString::fromStdString(currentText).toLongLong();
        const Json *target = nullptr;
        qint64 chosen = 0;
        if (revision > 0) {
            if (auto it = byRevision.find(revision); it != byRevision.end()) {
                target = &it->second;
                chosen = revision;
            }
        } else {
            for (auto it = byRevision.rbegin(); it != byRevision.rend(); ++it)
                if (it->first < current) {
                    target = &it->second;
                    chosen = it->first;
                    break;
                }
        }
        if (!target)
            return CommandResult::failure(engine::Error::make(
                engine::Error::Code::NotFound, revision > 0 ? "unable to find specified revision " + std::to_string(revision) + " in history"
                                                            : std::string("no previous revision to roll back to")));
        Json templ = api::field(api::field(*target, "spec"), "template");
        if (templ.contains("metadata") && templ["metadata"].contains("labels"))
            templ["metadata"]["labels"].erase("pod-template-hash");
        const Json patch = Json::array({{{"op", "replace"}, {"path", "/spec/template"}, {"value", templ}}});
        const auto patched = client.request("PATCH", objectPath("Deployment", ref.ns, ref.name),
                                            QByteArray::fromStdString(patch.dump()), "application/json-patch+json");
        if (!patched.ok())
            return commandFailure(patched);
        CommandResult result;
        result.lines << QStringLiteral("deployment.apps/%1 rolled back (to revision %2)").arg(ref.name).arg(chosen);
        return result;
    });
}

void KubeBackend::fetchLogs(const QString &ns, const QString &pod, const QString &container, int tail, bool previous,
                            QObject *context, std::function<void(const LogResult &)> done)
{
    QString path = logPath(ns, pod, container);
    if (tail > 0)
        path += QStringLiteral("&tailLines=%1").arg(tail);
    if (previous)
        path += QStringLiteral("&previous=true");
    const KubeClient client = m_client;
    QPointer<QObject> ctx(context);
    QThreadPool::globalInstance()->start([client, path, ctx, done = std::move(done)] {
        const auto r = client.request("GET", path, {}, {}, "text/plain, application/json");
        LogResult result;
        if (r.ok()) {
            result = parseLogLines(r.body);
        } else {
            result.ok = false;
            result.error = r.message();
        }
        QMetaObject::invokeMethod(qApp, [ctx, done, result] { if (ctx) done(result); }, Qt::QueuedConnection);
    });
}

quint64 KubeBackend::followLogs(const QString &ns, const QString &pod, const QString &container, QObject *context,
                                std::function<void(const LogResult &)> onLines)
{
    const quint64 id = m_nextFollow++;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_follows[id] = stop;
    const KubeClient client = m_client;
    const QString path = logPath(ns, pod, container);
    QPointer<QObject> ctx(context);
    // Detached: it holds only copies, and answers through the application object while `context` lives.
    std::thread([client, path, ctx, onLines = std::move(onLines), stop] {
        auto deliver = [&](const LogResult &r) {
            QMetaObject::invokeMethod(qApp, [ctx, onLines, r] { if (ctx) onLines(r); }, Qt::QueuedConnection);
        };
        // An error answer would arrive as lines: ask once without following to learn it first.
        const auto probe = client.request("GET", path + QStringLiteral("&tailLines=0"), {}, {}, "text/plain, application/json");
        if (!probe.ok()) {
            LogResult r;
            r.ok = false;
            r.error = probe.message();
            deliver(r);
            return;
        }
        // only what comes from now on: the caller has fetched what was there
        client.stream(path + QStringLiteral("&follow=true&tailLines=0"),
                      [&](const QByteArray &line) {
                          const LogResult r = parseLogLines(line);
                          if (!r.lines.isEmpty())
                              deliver(r);
                          return !stop->load();
                      },
                      *stop, 24 * 3600 * 1000);
    }).detach();
    return id;
}

void KubeBackend::stopFollowingLogs(quint64 id)
{
    if (auto it = m_follows.find(id); it != m_follows.end()) {
        it->second->store(true);
        m_follows.erase(it);
    }
}

void KubeBackend::autoscale(const ObjectRef &deployment, int min, int max, int cpuPercent, QObject *context, Callback done)
{
    // Server-side apply of the fields this sets: an existing autoscaler keeps the others (its behavior).
    const std::string name = deployment.name.toStdString();
    const Json hpa = {
        {"apiVersion", "autoscaling/v2"},
        {"kind", "HorizontalPodAutoscaler"},
        {"metadata", {{"name", name}, {"namespace", (deployment.ns.isEmpty() ? m_client.context().ns : deployment.ns).toStdString()}}},
        {"spec",
         {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", name}}},
          {"minReplicas", min},
          {"maxReplicas", max},
          {"metrics", Json::array({{{"type", "Resource"},
                                    {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", cpuPercent}}}}}}})}}}};
    applyYaml(QString::fromStdString(hpa.dump()), QStringLiteral("autoscale"), context, std::move(done));
}

} // namespace flotilla::backends
