#include "plainrolloutrunner.h"

#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/selector.h>
#include <engine/rollout/rolloutspec.h>

#include <QDateTime>
#include <QPointer>

#include <cstdio>
#include <limits>

namespace flotilla::backends {

namespace api = engine::api;
namespace rollout = engine::rollout;

namespace {
constexpr int kMaxEvents = 200;
constexpr const char *kRolloutKey = "rollout.yaml";
constexpr const char *kStatusKey = "status.json";

std::string cacheKey(std::string_view kind, const std::string &ns, const std::string &name)
{
    return std::string(kind) + "|" + api::objectKey(ns, name);
}

/// The object as a manifest for applyYaml: what the system sets left out.
std::string manifestOf(const api::Object &object)
{
    api::Json json = api::objectToEditableJson(object);
    if (json.contains("metadata"))
        json["metadata"].erase("resourceVersion");
    json.erase("status");
    return api::toYaml(json);
}

/// The Rollout object kept in a plan's ConfigMap, or an error.
engine::Result<api::MutableObjectPtr> planFromConfigMap(const api::Object &cm)
{
    const api::Json &data = api::field(cm.body, "data");
    const std::string text = api::stringField(data, kRolloutKey);
    auto docs = api::parseDocuments(text);
    if (!docs.ok())
        return docs.error();
    if (docs->size() != 1)
        return engine::Error::make(engine::Error::Code::Invalid, "data." + std::string(kRolloutKey) + ": expected one document");
    auto object = api::objectFromJson(docs->front().json);
    if (!object.ok())
        return object.error();
    (*object)->metadata.ns = cm.metadata.ns;
    (*object)->metadata.uid = cm.metadata.uid; // what the versions' owner references name
    (*object)->metadata.creationTimestamp = cm.metadata.creationTimestamp;
    if (const std::string status = api::stringField(data, kStatusKey); !status.empty()) {
        try {
            (*object)->body["status"] = api::Json::parse(status);
        } catch (const std::exception &e) {
            return engine::Error::make(engine::Error::Code::Invalid, "data." + std::string(kStatusKey) + ": " + e.what());
        }
    }
    return object;
}

/// The ConfigMap that keeps a plan.
api::MutableObjectPtr configMapOf(const api::Object &ro)
{
    auto cm = std::make_shared<api::Object>();
    cm->apiVersion = "v1";
    cm->kind = std::string(api::kind::ConfigMap);
    cm->metadata.ns = ro.metadata.ns;
    cm->metadata.name = PlainRolloutRunner::configMapName(QString::fromStdString(ro.metadata.name)).toStdString();
    cm->metadata.labels = {{PlainRolloutRunner::kPlanLabel, ro.metadata.name}};
    cm->metadata.annotations = {{"flotilla.dev/note", "A rollout run by Flotilla with plain Deployments and Services; "
                                                      "delete this ConfigMap to remove its versions"}};
    api::Json spec = {{"apiVersion", ro.apiVersion}, {"kind", ro.kind},
                      {"metadata", {{"name", ro.metadata.name}}}, {"spec", ro.spec()}};
    cm->body["data"] = {{kRolloutKey, api::toYaml(spec)}, {kStatusKey, ro.status().is_object() ? ro.status().dump() : "{}"}};
    return cm;
}
} // namespace

/// A connection as a rollout sees it: the objects it watches, kept up to date by the change batches and
/// by its own writes (so one look sees what the previous one did before the connection answers).
class PlainRolloutRunner::World final : public rollout::RolloutWorld {
public:
    explicit World(PlainRolloutRunner &runner) : m_runner(runner) {}

    engine::TimeMs now() const override { return m_runner.now(); }
    api::ObjectPtr get(std::string_view kind, const std::string &ns, const std::string &name) const override
    {
        if (kind == api::kind::Rollout) {
            const auto it = m_runner.m_plans.find(api::objectKey(ns, name));
            return it == m_runner.m_plans.end() ? nullptr : it->second.rollout;
        }
        const auto it = m_objects.find(cacheKey(kind, ns, name));
        return it == m_objects.end() ? nullptr : it->second;
    }
    std::vector<api::ObjectPtr> list(std::string_view kind, const std::string &ns, const api::LabelSelector *selector) const override
    {
        std::vector<api::ObjectPtr> out;
        const std::string prefix = std::string(kind) + "|" + (ns.empty() ? std::string() : ns + "/");
        for (auto it = m_objects.lower_bound(prefix); it != m_objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
            if (!selector || selector->matches(it->second->metadata.labels))
                out.push_back(it->second);
        return out;
    }
    engine::Status create(api::MutableObjectPtr object) override { return write(std::move(object)); }
    engine::Status update(api::MutableObjectPtr object) override
    {
        if (object->kind == api::kind::Rollout) { // the plan: kept here, saved in its ConfigMap
            const std::string key = object->key();
            const auto it = m_runner.m_plans.find(key);
            if (it == m_runner.m_plans.end())
                return engine::Error::make(engine::Error::Code::NotFound, "no plan " + key);
            const bool specChanged = it->second.rollout->spec() != object->spec();
            if (specChanged)
                ++object->metadata.generation;
            it->second.rollout = object;
            save(*object);
            emit m_runner.planChanged(QString::fromStdString(object->metadata.ns), QString::fromStdString(object->metadata.name));
            return {};
        }
        return write(std::move(object));
    }
    engine::Status remove(std::string_view kind, const std::string &ns, const std::string &name) override
    {
        m_objects.erase(cacheKey(kind, ns, name));
        m_runner.m_backend->deleteObject({QString::fromUtf8(kind.data(), int(kind.size())), QString::fromStdString(ns),
                                          QString::fromStdString(name)},
                                         &m_runner, report(ns, name, "FailedDelete"));
        return {};
    }
    bool canSplitTraffic() const override { return false; }
    engine::Status setWeights(const std::string &, const std::string &, std::vector<engine::cluster::TrafficWeight>) override
    {
        return engine::Error::make(engine::Error::Code::Forbidden, "plain Services split requests by pod count only");
    }
    std::optional<engine::cluster::ServiceTraffic> traffic(const std::string &, const std::string &) const override
    {
        return std::nullopt;
    }
    void event(const api::Object &about, engine::cluster::EventRecorder::Type type, const std::string &reason,
               const std::string &message) override
    {
        const std::string key = about.kind == api::kind::Rollout ? about.key() : std::string();
        const auto it = m_runner.m_plans.find(key);
        if (it == m_runner.m_plans.end())
            return;
        Event e{now(), type == engine::cluster::EventRecorder::Type::Warning, QString::fromStdString(reason),
                QString::fromStdString(message)};
        it->second.events.append(e);
        if (it->second.events.size() > kMaxEvents)
            it->second.events.removeFirst();
        // and an Event on the connection, as a controller records it (kubectl get events shows it)
        const std::string ts = engine::formatRfc3339(e.time);
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, ".%llx%03x", static_cast<unsigned long long>(e.time), ++m_eventCounter & 0xfff);
        const api::Json ev = {
            {"apiVersion", "v1"},
            {"kind", "Event"},
            {"metadata", {{"name", about.metadata.name + suffix}, {"namespace", about.metadata.ns}}},
            {"involvedObject",
             {{"apiVersion", about.apiVersion}, {"kind", about.kind}, {"name", about.metadata.name}, {"namespace", about.metadata.ns}}},
            {"reason", reason},
            {"message", message},
            {"type", e.warning ? "Warning" : "Normal"},
            {"source", {{"component", "flotilla-rollouts"}}},
            {"reportingComponent", "flotilla-rollouts"},
            {"firstTimestamp", ts},
            {"lastTimestamp", ts},
            {"count", 1}};
        m_runner.m_backend->applyYaml(QString::fromStdString(api::toYaml(ev)), QStringLiteral("rollout event"), &m_runner,
                                      [](const CommandResult &) {});
        emit m_runner.eventRecorded(QString::fromStdString(about.metadata.ns), QString::fromStdString(about.metadata.name), e);
    }

    /// Takes what the connection says (it wins over what was written, once it answers).
    void take(const engine::store::WatchEvent &ev)
    {
        const api::Object &o = *ev.object;
        const bool wanted = o.kind == api::kind::Service || (o.kind == api::kind::Deployment && o.metadata.labels.count(rollout::kRolloutLabel)) ||
                            (o.kind == api::kind::ConfigMap && o.metadata.labels.count(kPlanLabel));
        if (!wanted)
            return;
        const std::string key = cacheKey(o.kind, o.metadata.ns, o.metadata.name);
        if (ev.type == engine::store::WatchEvent::Type::Deleted)
            m_objects.erase(key);
        else
            m_objects[key] = ev.object;
    }
    void save(const api::Object &ro)
    {
        auto cm = configMapOf(ro);
        m_runner.m_backend->applyYaml(QString::fromStdString(manifestOf(*cm)), QStringLiteral("rollout plan"), &m_runner,
                                      report(ro.metadata.ns, ro.metadata.name, "FailedSave"));
    }

private:
    engine::Status write(api::MutableObjectPtr object)
    {
        // the versions belong to the plan's ConfigMap (there is no Rollout object on the cluster)
        const std::string planName = object->metadata.labels.count(rollout::kRolloutLabel)
                                         ? object->metadata.labels.at(rollout::kRolloutLabel)
                                         : std::string();
        std::vector<api::OwnerReference> owners;
        if (const api::ObjectPtr cm = get(api::kind::ConfigMap, object->metadata.ns,
                                          configMapName(QString::fromStdString(planName)).toStdString());
            cm && !cm->metadata.uid.empty())
            owners.push_back({"v1", std::string(api::kind::ConfigMap), cm->metadata.name, cm->metadata.uid, false, false});
        for (const auto &o : object->metadata.ownerReferences)
            if (o.kind != api::kind::Rollout)
                owners.push_back(o);
        object->metadata.ownerReferences = owners;
        if (const api::ObjectPtr existing = get(object->kind, object->metadata.ns, object->metadata.name))
            object->body["status"] = existing->status();
        m_objects[cacheKey(object->kind, object->metadata.ns, object->metadata.name)] = object;
        m_runner.m_backend->applyYaml(QString::fromStdString(manifestOf(*object)), QStringLiteral("rollout plan"), &m_runner,
                                      report(planName.empty() ? object->metadata.ns : object->metadata.ns, planName, "FailedApply"));
        return {};
    }
    /// Turns a failed write into an event of the plan.
    Backend::Callback report(const std::string &ns, const std::string &plan, const std::string &reason)
    {
        return [this, ns, plan, reason](const CommandResult &r) {
            if (r.ok)
                return;
            const auto it = m_runner.m_plans.find(api::objectKey(ns, plan));
            if (it != m_runner.m_plans.end())
                event(*it->second.rollout, engine::cluster::EventRecorder::Type::Warning, reason,
                      r.problems.value(0).message.toStdString());
        };
    }

    PlainRolloutRunner &m_runner;
    std::map<std::string, api::ObjectPtr> m_objects; ///< by "Kind|namespace/name"
    unsigned m_eventCounter = 0;
};

PlainRolloutRunner::PlainRolloutRunner(Backend *backend, QObject *parent)
    : QObject(parent), m_backend(backend), m_world(std::make_unique<World>(*this))
{
    qRegisterMetaType<Event>();
    connect(backend, &Backend::changesArrived, this, &PlainRolloutRunner::onBatch);
    m_timer.setInterval(500);
    connect(&m_timer, &QTimer::timeout, this, &PlainRolloutRunner::tick);
    m_timer.start();
}

PlainRolloutRunner::~PlainRolloutRunner() = default;

qint64 PlainRolloutRunner::now() const
{
    return m_backend->hasClock() ? m_backend->clock().now : QDateTime::currentMSecsSinceEpoch();
}

void PlainRolloutRunner::apply(const QString &rolloutYaml, QObject *context, Backend::Callback done)
{
    const auto fail = [&](const engine::Error &e) { done(CommandResult::failure(e)); };
    auto docs = api::parseDocuments(rolloutYaml.toStdString());
    if (!docs.ok())
        return fail(docs.error());
    if (docs->size() != 1)
        return fail(engine::Error::make(engine::Error::Code::Invalid, "expected exactly one Rollout"));
    auto parsed = api::objectFromJson(docs->front().json);
    if (!parsed.ok())
        return fail(docs->front().locate(parsed.error()));
    api::MutableObjectPtr ro = *parsed;
    if (ro->kind != api::kind::Rollout)
        return fail(engine::Error::make(engine::Error::Code::Invalid, "kind: expected Rollout, got " + ro->kind, "kind"));
    if (ro->metadata.ns.empty())
        ro->metadata.ns = "default";
    if (const auto errors = rollout::RolloutSpec::validate(*ro); !errors.empty())
        return fail(docs->front().locate(errors.front()));
    const auto spec = rollout::RolloutSpec::decode(ro->spec());
    if (!spec.ok())
        return fail(docs->front().locate(spec.error()));
    bool analysed = spec->prePromotionAnalysis || spec->postPromotionAnalysis;
    for (const auto &s : spec->steps)
        analysed |= s.kind == rollout::CanaryStep::Kind::Analysis;
    if (analysed)
        return fail(engine::Error::make(engine::Error::Code::Invalid,
                                        "an analysis needs request metrics, and Flotilla reads them only from its sandbox: "
                                        "remove the analysis, or export the plan for Argo Rollouts or Flagger with Prometheus",
                                        "spec.strategy"));
    const std::string key = ro->key();
    Plan &plan = m_plans[key];
    if (plan.rollout) { // an update: the status goes on
        ro->body["status"] = plan.rollout->status();
        ro->metadata.generation = plan.rollout->metadata.generation + (plan.rollout->spec() != ro->spec());
        ro->metadata.uid = plan.rollout->metadata.uid;
        ro->metadata.creationTimestamp = plan.rollout->metadata.creationTimestamp;
    } else {
        ro->body.erase("status");
        ro->metadata.generation = 1;
    }
    plan.rollout = ro;
    plan.due = 0;
    m_world->save(*ro);
    const QString line = QStringLiteral("rollout plan %1 configured (plain Deployments and Services; canary weights by pod count)")
                             .arg(QString::fromStdString(ro->metadata.name));
    QPointer<QObject> ctx(context);
    QTimer::singleShot(0, this, [this, key, ctx, done, line] {
        reconcile(key);
        if (ctx) {
            CommandResult r;
            r.lines << line;
            done(r);
        }
    });
}

void PlainRolloutRunner::act(const QString &ns, const QString &name, Backend::RolloutAction action, QObject *context,
                             Backend::Callback done)
{
    const auto engineAction = rollout::RolloutAction(int(action));
    const std::string key = api::objectKey(ns.toStdString(), name.toStdString());
    const auto st = rollout::requestRolloutAction(*m_world, ns.toStdString(), name.toStdString(), engineAction);
    QPointer<QObject> ctx(context);
    if (!st.ok()) {
        if (ctx)
            done(CommandResult::failure(st.error()));
        return;
    }
    m_plans[key].due = 0;
    QTimer::singleShot(0, this, [this, key] { reconcile(key); });
    if (ctx) {
        CommandResult r;
        r.lines << QStringLiteral("rollout plan %1: %2").arg(name, QString::fromLatin1(rollout::actionName(engineAction)));
        done(r);
    }
}

engine::api::ObjectPtr PlainRolloutRunner::plan(const QString &ns, const QString &name) const
{
    const auto it = m_plans.find(api::objectKey(ns.toStdString(), name.toStdString()));
    return it == m_plans.end() ? nullptr : it->second.rollout;
}

QStringList PlainRolloutRunner::plans() const
{
    QStringList out;
    for (const auto &[key, plan] : m_plans)
        out << QString::fromStdString(key);
    return out;
}

QList<PlainRolloutRunner::Event> PlainRolloutRunner::events(const QString &ns, const QString &name) const
{
    const auto it = m_plans.find(api::objectKey(ns.toStdString(), name.toStdString()));
    return it == m_plans.end() ? QList<Event>() : it->second.events;
}

void PlainRolloutRunner::onBatch(const ChangeBatch &batch)
{
    std::vector<std::string> touched;
    for (const auto &ev : batch.events) {
        if (!ev.object)
            continue;
        m_world->take(ev);
        const api::Object &o = *ev.object;
        if (o.kind == api::kind::ConfigMap && o.metadata.labels.count(kPlanLabel)) {
            const std::string key = api::objectKey(o.metadata.ns, o.metadata.labels.at(kPlanLabel));
            if (ev.type == engine::store::WatchEvent::Type::Deleted) {
                m_plans.erase(key);
                emit planChanged(QString::fromStdString(o.metadata.ns), QString::fromStdString(o.metadata.labels.at(kPlanLabel)));
                continue;
            }
            Plan &plan = m_plans[key];
            if (!plan.rollout) { // a plan saved earlier (Flotilla restarted): go on where it stands
                auto ro = planFromConfigMap(o);
                if (!ro.ok()) {
                    m_plans.erase(key);
                    continue;
                }
                plan.rollout = *ro;
            } else if (plan.rollout->metadata.uid != o.metadata.uid) {
                auto next = std::make_shared<api::Object>(*plan.rollout);
                next->metadata.uid = o.metadata.uid;
                next->metadata.creationTimestamp = o.metadata.creationTimestamp;
                plan.rollout = next;
            }
            touched.push_back(key);
        } else if (o.kind == api::kind::Deployment && o.metadata.labels.count(rollout::kRolloutLabel)) {
            touched.push_back(api::objectKey(o.metadata.ns, o.metadata.labels.at(rollout::kRolloutLabel)));
        }
    }
    for (const auto &key : touched)
        if (const auto it = m_plans.find(key); it != m_plans.end())
            it->second.due = 0;
    if (!touched.empty())
        tick();
}

void PlainRolloutRunner::tick()
{
    if (!m_backend->isStarted())
        return;
    const qint64 t = now();
    std::vector<std::string> due;
    for (const auto &[key, plan] : m_plans)
        if (plan.rollout && plan.due <= t)
            due.push_back(key);
    for (const auto &key : due)
        reconcile(key);
}

void PlainRolloutRunner::reconcile(const std::string &key)
{
    const auto it = m_plans.find(key);
    if (it == m_plans.end() || !it->second.rollout)
        return;
    const api::ObjectPtr ro = it->second.rollout;
    // the versions are owned by the plan's ConfigMap: wait until the connection has it
    if (!m_world->get(api::kind::ConfigMap, ro->metadata.ns, configMapName(QString::fromStdString(ro->metadata.name)).toStdString()))
        return;
    const auto delay = rollout::reconcileRollout(*m_world, *ro, it->second.memo);
    Plan &plan = m_plans[key];
    plan.due = delay ? now() + std::max<qint64>(*delay, 1) : std::numeric_limits<qint64>::max();
}

} // namespace flotilla::backends
