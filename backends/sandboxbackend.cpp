#include "sandboxbackend.h"

#include "logging.h"

#include <engine/api/kinds.h>
#include <engine/common/log.h>
#include <engine/sandbox/sandbox.h>

#include <QPointer>
#include <QThread>

namespace flotilla::backends {

namespace {
void installEngineLogSink()
{
    static std::once_flag once;
    std::call_once(once, [] {
        engine::log::setSink([](engine::log::Level level, std::string_view category, std::string_view message) {
            const QString text = QStringLiteral("%1: %2").arg(QString::fromUtf8(category.data(), qsizetype(category.size())),
                                                               QString::fromUtf8(message.data(), qsizetype(message.size())));
            switch (level) {
            case engine::log::Level::Debug: qCDebug(lcEngine).noquote() << text; break;
            case engine::log::Level::Info: qCInfo(lcEngine).noquote() << text; break;
            case engine::log::Level::Warning: qCWarning(lcEngine).noquote() << text; break;
            case engine::log::Level::Error: qCCritical(lcEngine).noquote() << text; break;
            }
        });
    });
}

} // namespace

SandboxBackend::SandboxBackend(Options options, QObject *parent)
    : Backend(parent), m_options(std::move(options)), m_engine(std::make_unique<engine::Engine>())
{
    installEngineLogSink();
    m_clockTimer.setInterval(100);
    connect(&m_clockTimer, &QTimer::timeout, this, [this] {
        const auto c = clock();
        if (c.now != m_lastClock.now || c.mode != m_lastClock.mode || c.speed != m_lastClock.speed) {
            m_lastClock = c;
            emit clockChanged(c);
        }
    });
}

SandboxBackend::~SandboxBackend()
{
    if (m_opener) {
        m_opener->wait(); // it uses the engine
        delete m_opener;
    }
    m_clockTimer.stop();
    m_engine->stop();
}

QString SandboxBackend::displayName() const { return m_options.name; }

void SandboxBackend::start()
{
    if (m_opener)
        return; // starting or started
    engine::Engine::Options opts;
    opts.sandbox.name = m_options.name.toStdString();
    if (!m_options.inMemory)
        opts.sandbox.dataDir = m_options.dataDir.isEmpty() ? engine::sandbox::defaultDataDir() : m_options.dataDir.toStdString();
    opts.sandbox.seed = m_options.seed;
    opts.mode = m_options.mode;
    opts.speed = m_options.speed;
    opts.onStorageProblem = [this](const std::string &problem) {
        QMetaObject::invokeMethod(this, [this, text = QString::fromStdString(problem)] { emit problemChanged(text); },
                                  Qt::QueuedConnection);
    };
    // Opening reads the sandbox from disk: off the GUI thread.
    m_opener = QThread::create([this, opts] {
        engine::Status status = m_engine->start(opts);
        if (status.ok()) {
            engine::store::WatchOptions w;
            w.initialList = true;
            auto id = m_engine->watch(w, [this](std::span<const engine::store::WatchEvent> evs) { onEngineEvents(evs); });
            if (!id.ok())
                status = id.error();
        }
        // The destructor waits for this thread, so `this` is alive here.
        QMetaObject::invokeMethod(this, [this, status] { onStartFinished(status); }, Qt::QueuedConnection);
    });
    m_opener->start();
}

void SandboxBackend::onStartFinished(const engine::Status &status)
{
    if (!status.ok()) {
        qCWarning(lcBackend).noquote() << "sandbox failed to open:" << QString::fromStdString(status.error().toString());
        emit failed(QString::fromStdString(status.error().toString()));
        return;
    }
    for (const auto &w : m_engine->warnings())
        m_warnings << QString::fromStdString(w);
    m_started = true;
    m_sinceDrain.start();
    m_clockTimer.start();
    drain(); // the initial list, at once
    emit started();
    m_lastClock = clock();
    emit clockChanged(m_lastClock);
}

void SandboxBackend::onEngineEvents(std::span<const engine::store::WatchEvent> events)
{
    // Engine thread.
    {
        std::lock_guard lock(m_mutex);
        m_pending.insert(m_pending.end(), events.begin(), events.end());
    }
    if (!m_armed.exchange(true))
        QMetaObject::invokeMethod(this, &SandboxBackend::scheduleDrain, Qt::QueuedConnection);
}

void SandboxBackend::scheduleDrain()
{
    const qint64 elapsed = m_sinceDrain.isValid() ? m_sinceDrain.elapsed() : kBatchIntervalMs;
    const int wait = int(std::max<qint64>(0, kBatchIntervalMs - elapsed));
    QTimer::singleShot(wait, this, &SandboxBackend::drain);
}

void SandboxBackend::drain()
{
    if (!m_started)
        return;
    ChangeBatch batch;
    {
        std::lock_guard lock(m_mutex);
        batch.events.swap(m_pending);
        m_armed = false;
    }
    m_sinceDrain.restart();
    if (!batch.events.empty())
        emit changesArrived(batch);
}

void SandboxBackend::answer(const QPointer<QObject> &context, const Callback &done, const CommandResult &result)
{
    // Engine thread. Post to the backend, which outlives the engine thread; the context is looked at
    // only on the GUI thread, where it is destroyed.
    QMetaObject::invokeMethod(
        this,
        [context, done, result] {
            if (context)
                done(result);
        },
        Qt::QueuedConnection);
}

void SandboxBackend::applyYaml(const QString &text, const QString &sourceName, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, text = text.toStdString(), source = sourceName.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        CommandResult result;
        try {
            const auto outcome = sb.apply(text, source);
            result.ok = outcome.ok();
            for (const auto &l : outcome.results)
                result.lines << QString::fromStdString(l);
            for (const auto &w : outcome.warnings)
                result.warnings << QString::fromStdString(w);
            for (const auto &e : outcome.errors)
                result.problems << Problem::from(e);
        } catch (const std::exception &e) {
            result = CommandResult::failure(engine::Error::make(engine::Error::Code::Internal, std::string("apply failed: ") + e.what()));
        }
        answer(ctx, done, result);
    });
}

void SandboxBackend::deleteObject(const ObjectRef &ref, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, kind = ref.kind.toStdString(), ns = ref.ns.toStdString(), name = ref.name.toStdString(), ctx,
                    done](engine::sandbox::Sandbox &sb) {
        CommandResult result;
        try {
            const auto removed = sb.remove(kind, ns, name);
            if (removed.ok()) {
                std::string k = kind;
                for (auto &c : k)
                    c = char(std::tolower((unsigned char)c));
                result.lines << QString::fromStdString(k + " \"" + name + "\" deleted");
            } else {
                result = CommandResult::failure(removed.error());
            }
        } catch (const std::exception &e) {
            result = CommandResult::failure(engine::Error::make(engine::Error::Code::Internal, std::string("delete failed: ") + e.what()));
        }
        answer(ctx, done, result);
    });
}

engine::ClockState SandboxBackend::clock() const { return m_engine->clock(); }

void SandboxBackend::setClockMode(engine::ClockMode mode) { m_engine->setClockMode(mode); }
void SandboxBackend::setSpeed(double speed) { m_engine->setSpeed(speed); }
void SandboxBackend::step() { m_engine->step(); }

quint64 SandboxBackend::build(const BuildSpec &spec)
{
    if (!m_started)
        return 0;
    engine::BuildRequest request;
    request.contextDir = spec.contextDir.toStdString();
    auto &o = request.options;
    o.dockerfile = spec.dockerfileText.toStdString();
    o.dockerfileName = spec.dockerfileName.toStdString();
    for (const auto &t : spec.tags)
        o.tags.push_back(t.toStdString());
    for (const auto &[k, v] : spec.buildArgs)
        o.buildArgs[k.toStdString()] = v.toStdString();
    for (const auto &[k, v] : spec.labels)
        o.labels[k.toStdString()] = v.toStdString();
    o.target = spec.target.toStdString();
    o.noCache = spec.noCache;
    o.simulatedTimeScale = spec.simulatedTimeScale;
    auto id = std::make_shared<std::atomic<quint64>>(0);
    // worker thread: events are gathered and handed over in batches, like watch events
    auto onEvent = [this, id](const engine::image::BuildEvent &e) {
        {
            std::lock_guard lock(m_buildMutex);
            m_buildPending.emplace_back(id->load(), e);
        }
        if (!m_buildArmed.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { QTimer::singleShot(kBatchIntervalMs, this, &SandboxBackend::drainBuildEvents); },
                Qt::QueuedConnection);
    };
    auto onDone = [this, id](const engine::Result<engine::image::BuildSummary> &r) {
        const bool ok = r.ok();
        const QString message = ok ? QString() : QString::fromStdString(r.error().toString());
        const QString imageId = ok ? QString::fromStdString(r->imageId) : QString();
        const quint64 buildId = id->load();
        QMetaObject::invokeMethod(
            this,
            [this, buildId, ok, message, imageId] {
                drainBuildEvents(); // every event before the end
                emit buildFinished(buildId, ok, message, imageId);
            },
            Qt::QueuedConnection);
    };
    // the id is known before the first event can be delivered: events wait for the GUI thread's drain
    std::lock_guard lock(m_buildMutex);
    const quint64 buildId = m_engine->startBuild(std::move(request), onEvent, onDone);
    id->store(buildId);
    for (auto &p : m_buildPending)
        if (p.first == 0)
            p.first = buildId;
    return buildId;
}

void SandboxBackend::drainBuildEvents()
{
    std::vector<std::pair<quint64, engine::image::BuildEvent>> pending;
    {
        std::lock_guard lock(m_buildMutex);
        pending.swap(m_buildPending);
        m_buildArmed = false;
    }
    std::size_t i = 0;
    while (i < pending.size()) {
        const quint64 id = pending[i].first;
        std::vector<engine::image::BuildEvent> batch;
        for (; i < pending.size() && pending[i].first == id; ++i)
            batch.push_back(std::move(pending[i].second));
        emit buildEventsArrived(id, batch);
    }
}

void SandboxBackend::cancelBuild(quint64 id) { m_engine->cancelBuild(id); }

void SandboxBackend::tagImage(const QString &source, const QString &target, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, s = source.toStdString(), t = target.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.tagImage(s, t);
        CommandResult r = st.ok() ? CommandResult{} : CommandResult::failure(st.error());
        if (st.ok())
            r.lines << QStringLiteral("tagged %1 as %2").arg(QString::fromStdString(s), QString::fromStdString(t));
        answer(ctx, done, r);
    });
}

void SandboxBackend::removeImage(const QString &reference, bool force, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ref = reference.toStdString(), force, ctx, done](engine::sandbox::Sandbox &sb) {
        const auto removed = sb.removeImage(ref, force);
        CommandResult r = removed.ok() ? CommandResult{} : CommandResult::failure(removed.error());
        if (removed.ok()) {
            r.lines << QStringLiteral("Untagged: %1").arg(QString::fromStdString(ref));
            for (const auto &id : *removed)
                r.lines << QStringLiteral("Deleted: %1").arg(QString::fromStdString(id));
        }
        answer(ctx, done, r);
    });
}

void SandboxBackend::pruneImages(QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ctx, done](engine::sandbox::Sandbox &sb) {
        const auto report = sb.pruneImages();
        CommandResult r;
        r.lines << QStringLiteral("Deleted %1 images, %2 blobs and %3 build cache records; reclaimed %4 bytes")
                       .arg(report.images)
                       .arg(report.blobs)
                       .arg(report.cacheRecords)
                       .arg(report.bytes);
        answer(ctx, done, r);
    });
}

void SandboxBackend::nodeOperation(const QString &node, NodeOperation op, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, n = node.toStdString(), op, ctx, done](engine::sandbox::Sandbox &sb) {
        auto &nodes = sb.nodes();
        engine::Status st;
        QString line;
        const QString name = QString::fromStdString(n);
        switch (op) {
        case NodeOperation::Fail:
            st = nodes.failNode(n);
            line = tr("node/%1: kubelet stopped (simulated failure); NotReady in 40 s, pods evicted after 5 min").arg(name);
            break;
        case NodeOperation::Recover:
            st = nodes.recoverNode(n);
            line = tr("node/%1 recovered").arg(name);
            break;
        case NodeOperation::Cordon:
            st = nodes.cordon(n, true);
            line = tr("node/%1 cordoned").arg(name);
            break;
        case NodeOperation::Uncordon:
            st = nodes.cordon(n, false);
            line = tr("node/%1 uncordoned").arg(name);
            break;
        case NodeOperation::Drain: {
            auto evicted = nodes.drain(n);
            if (!evicted.ok())
                st = evicted.error();
            else
                line = tr("node/%1 drained: %n pod(s) evicted", nullptr, *evicted).arg(name);
            break;
        }
        }
        (void)sb.flush();
        CommandResult r = st.ok() ? CommandResult{} : CommandResult::failure(st.error());
        if (st.ok())
            r.lines << line;
        answer(ctx, done, r);
    });
}

void SandboxBackend::crashContainer(const QString &ns, const QString &pod, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ns.toStdString(), pod = pod.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.pods().crashContainer(ns, pod);
        (void)sb.flush();
        CommandResult r = st.ok() ? CommandResult{} : CommandResult::failure(st.error());
        if (st.ok())
            r.lines << tr("pod/%1: container crashed (simulated); the kubelet restarts it with back-off")
                           .arg(QString::fromStdString(pod));
        answer(ctx, done, r);
    });
}

void SandboxBackend::scale(const ObjectRef &ref, int replicas, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ref, replicas, ctx, done](engine::sandbox::Sandbox &sb) {
        auto obj = sb.store().get(ref.kind.toStdString(), ref.ns.toStdString(), ref.name.toStdString());
        CommandResult r;
        if (!obj) {
            r = CommandResult::failure(engine::Error::make(engine::Error::Code::NotFound,
                                                           ref.kind.toLower().toStdString() + "s \"" +
                                                               ref.name.toStdString() + "\" not found"));
        } else if (replicas < 0) {
            r = CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid,
                                                           "spec.replicas: Invalid value: " + std::to_string(replicas) +
                                                               ": must be greater than or equal to 0"));
        } else {
            auto next = std::make_shared<engine::api::Object>(*obj);
            next->body["spec"]["replicas"] = replicas;
            next->metadata.resourceVersion = 0;
            auto updated = sb.store().update(next);
            (void)sb.flush();
            if (updated.ok())
                r.lines << tr("%1/%2 scaled to %3").arg(ref.kind.toLower(), ref.name).arg(replicas);
            else
                r = CommandResult::failure(updated.error());
        }
        answer(ctx, done, r);
    });
}

void SandboxBackend::rollback(const ObjectRef &ref, qint64 revision, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ref, revision, ctx, done](engine::sandbox::Sandbox &sb) {
        auto r = sb.rollbackDeployment(ref.ns.toStdString(), ref.name.toStdString(), revision);
        CommandResult out = r.ok() ? CommandResult{} : CommandResult::failure(r.error());
        if (r.ok())
            out.lines << tr("deployment.apps/%1 rolled back").arg(ref.name);
        answer(ctx, done, out);
    });
}

} // namespace flotilla::backends
