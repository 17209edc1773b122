#include "sandboxbackend.h"

#include "registrysession.h"

#include "logging.h"

#include <engine/api/kinds.h>
#include <engine/common/log.h>
#include <engine/sandbox/sandbox.h>
#include <engine/serve/kubeconfig.h>
#include <engine/serve/patch.h>

#include <QCoreApplication>
#include <QPointer>
#include <QThread>

#include <limits>

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

/// A command's answer: the error of st, or the one line that says what it did.
CommandResult resultOf(const auto &st, const QString &line)
{
    CommandResult r = st.ok() ? CommandResult{} : CommandResult::failure(st.error());
    if (st.ok())
        r.lines << line;
    return r;
}
} // namespace

SandboxBackend::SandboxBackend(Options options, QObject *parent)
    : Backend(parent), m_options(std::move(options)), m_engine(std::make_unique<engine::Engine>())
{
    installEngineLogSink();
    m_clockTimer.setInterval(100);
    m_trafficTimer.setInterval(kTrafficIntervalMs);
    connect(&m_trafficTimer, &QTimer::timeout, this, &SandboxBackend::pollTraffic);
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
    if (m_serveThread.joinable())
        m_serveThread.join(); // it waits for the engine
    if (m_dockerThread.joinable())
        m_dockerThread.join();
    m_clockTimer.stop();
    m_engine->setBuildObserver({});
    m_engine->stop();
}

void SandboxBackend::serveKubernetesApi(QObject *context, std::function<void(const KubectlAccess &)> done)
{
    QPointer<QObject> ctx(context);
    if (m_access.ok || !m_started) {
        KubectlAccess access = m_access;
        if (!m_started)
            access = {false, tr("The sandbox has not started yet."), {}, {}};
        QMetaObject::invokeMethod(this, [ctx, done, access] { if (ctx) done(access); }, Qt::QueuedConnection);
        return;
    }
    m_serveWaiting.push_back({ctx, std::move(done)});
    if (m_serveThread.joinable())
        return; // under way: answered with the others
    // Key generation and the wait for the engine stay off the GUI thread.
    m_serveThread = std::thread([this] {
        KubectlAccess access;
        auto served = m_engine->serveKubernetesApi();
        if (!served.ok()) {
            access.error = QString::fromStdString(served.error().message);
        } else {
            const std::string path = served->credentialsDir + "/kubeconfig";
            const engine::serve::KubeconfigSpec spec{served->server, served->caCertPem, served->token,
                                                    m_options.name.toStdString()};
            if (auto written = engine::serve::writeKubeconfig(path, spec); !written.ok()) {
                access.error = QString::fromStdString(written.error().toString());
            } else {
                access = {true, {}, QString::fromStdString(served->server), QString::fromStdString(path)};
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, access] {
                m_serveThread.join();
                if (access.ok)
                    m_access = access;
                const auto waiting = std::exchange(m_serveWaiting, {});
                for (const auto &[ctx, done] : waiting)
                    if (ctx)
                        done(access);
            },
            Qt::QueuedConnection);
    });
}

void SandboxBackend::serveDockerApi(QObject *context, std::function<void(const DockerAccess &)> done)
{
    QPointer<QObject> ctx(context);
    if (m_dockerAccess.ok || !m_started) {
        DockerAccess access = m_dockerAccess;
        if (!m_started)
            access = {false, tr("The sandbox has not started yet."), {}};
        QMetaObject::invokeMethod(this, [ctx, done, access] { if (ctx) done(access); }, Qt::QueuedConnection);
        return;
    }
    m_dockerWaiting.push_back({ctx, std::move(done)});
    if (m_dockerThread.joinable())
        return; // under way: answered with the others
    // the engine thread binds the socket; waiting for it stays off the GUI thread
    m_dockerThread = std::thread([this] {
        DockerAccess access;
        auto served = m_engine->serveDockerApi();
        if (served.ok())
            access = {true, {}, QString::fromStdString(*served)};
        else
            access.error = QString::fromStdString(served.error().toString());
        QMetaObject::invokeMethod(
            this,
            [this, access] {
                m_dockerThread.join();
                if (access.ok)
                    m_dockerAccess = access;
                const auto waiting = std::exchange(m_dockerWaiting, {});
                for (const auto &[ctx, done] : waiting)
                    if (ctx)
                        done(access);
            },
            Qt::QueuedConnection);
    });
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
        if (status.ok())
            observeApiBuilds();
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
    m_clockTimer.start();
    deliverChanges(); // the initial list, at once
    emit started();
    m_lastClock = clock();
    emit clockChanged(m_lastClock);
}

void SandboxBackend::onEngineEvents(std::span<const engine::store::WatchEvent> events)
{
    queueChanges(events); // engine thread
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

void SandboxBackend::observeApiBuilds()
{
    // `docker build` against the sandbox's socket: the window shows those builds too (worker threads)
    engine::Engine::BuildObserver observer;
    observer.event = [this](engine::BuildId id, const engine::image::BuildEvent &e) {
        {
            std::lock_guard lock(m_buildMutex);
            if (e.type == engine::image::BuildEvent::Type::Started)
                m_externalBuilds.emplace_back(quint64(id), QString::fromStdString(e.text));
            m_buildPending.emplace_back(quint64(id), e);
        }
        if (!m_buildArmed.exchange(true))
            QMetaObject::invokeMethod(
                this, [this] { QTimer::singleShot(kBatchIntervalMs, this, &SandboxBackend::drainBuildEvents); },
                Qt::QueuedConnection);
    };
    observer.done = [this](engine::BuildId id, const engine::Result<engine::image::BuildSummary> &r) {
        const bool ok = r.ok();
        const QString message = ok ? QString() : QString::fromStdString(r.error().toString());
        const QString imageId = ok ? QString::fromStdString(r->imageId) : QString();
        QMetaObject::invokeMethod(
            this,
            [this, id, ok, message, imageId] {
                drainBuildEvents();
                emit buildFinished(quint64(id), ok, message, imageId);
            },
            Qt::QueuedConnection);
    };
    m_engine->setBuildObserver(std::move(observer));
}

void SandboxBackend::drainBuildEvents()
{
    std::vector<std::pair<quint64, engine::image::BuildEvent>> pending;
    std::vector<std::pair<quint64, QString>> started;
    {
        std::lock_guard lock(m_buildMutex);
        pending.swap(m_buildPending);
        started.swap(m_externalBuilds);
        m_buildArmed = false;
    }
    for (const auto &[id, title] : started)
        emit externalBuildStarted(id, title);
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
        answer(ctx, done,
               resultOf(st, QStringLiteral("tagged %1 as %2").arg(QString::fromStdString(s), QString::fromStdString(t))));
    });
}

namespace {

/// Registry progress as lines for the window, at most one per layer and status every tenth of its size.
std::function<void(const engine::image::RegistryProgress &)> progressLines(QPointer<QObject> ctx,
                                                                         std::function<void(const QString &)> progress)
{
    auto last = std::make_shared<std::map<std::string, std::pair<std::string, int>>>();
    return [ctx, progress, last](const engine::image::RegistryProgress &p) {
        const int tenth = p.total > 0 ? int(10 * p.current / p.total) : 0;
        auto &seen = (*last)[p.id];
        if (seen.first == p.status && seen.second == tenth)
            return;
        seen = {p.status, tenth};
        QString line = QString::fromStdString(p.id.empty() ? p.status : p.id + ": " + p.status);
        if (p.total > 0 && (p.status == "Pushing" || p.status == "Downloading"))
            line += QStringLiteral(" %1 %").arg(10 * tenth);
        QMetaObject::invokeMethod(
            qApp,
            [ctx, progress, line] {
                if (ctx && progress)
                    progress(line);
            },
            Qt::QueuedConnection);
    };
}

} // namespace

void SandboxBackend::pushImage(const QString &source, const QString &target, const RegistryLogin &login, QObject *context,
                               std::function<void(const QString &)> progress, Callback done)
{
    QPointer<QObject> ctx(context);
    const auto options = registryOptions(login);
    auto lines = progressLines(ctx, std::move(progress));
    m_engine->post([this, src = source.toStdString(), tgt = target.toStdString(), options, lines, ctx, done](engine::sandbox::Sandbox &sb) {
        auto store = sb.imageStore();
        m_engine->startWorker([this, store, src, tgt, options, lines, ctx, done](const std::atomic<bool> &) {
            const auto pushed = engine::image::pushImage(*store, src, tgt, options, lines);
            CommandResult r = pushed.ok() ? CommandResult{} : CommandResult::failure(pushed.error());
            if (pushed.ok()) {
                r.lines << QStringLiteral("%1: digest: %2 size: %3")
                               .arg(QString::fromStdString(pushed->tag), QString::fromStdString(pushed->digest))
                               .arg(pushed->size);
                for (const auto &w : pushed->warnings)
                    r.warnings << QString::fromStdString(w);
            }
            answer(ctx, done, r);
        });
    });
}

void SandboxBackend::pullImage(const QString &reference, const RegistryLogin &login, QObject *context,
                               std::function<void(const QString &)> progress, Callback done)
{
    QPointer<QObject> ctx(context);
    const auto options = registryOptions(login);
    auto lines = progressLines(ctx, std::move(progress));
    m_engine->post([this, ref = reference.toStdString(), options, lines, ctx, done](engine::sandbox::Sandbox &sb) {
        auto store = sb.imageStore();
        m_engine->startWorker([this, store, ref, options, lines, ctx, done](const std::atomic<bool> &) {
            const auto pulled = engine::image::pullImage(*store, ref, options, lines);
            if (!pulled.ok())
                return answer(ctx, done, CommandResult::failure(pulled.error()));
            // the image's records are written on the engine thread, then the window hears of it
            m_engine->post([this, img = *pulled, ref, ctx, done](engine::sandbox::Sandbox &sb) {
                const auto recorded = sb.recordImage(img);
                CommandResult r = recorded.ok() ? CommandResult{} : CommandResult::failure(recorded.error());
                if (recorded.ok())
                    r.lines << QStringLiteral("Downloaded %1 (%2)").arg(QString::fromStdString(ref), QString::fromStdString(img.id.substr(7, 12)));
                answer(ctx, done, r);
            });
        });
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
        case NodeOperation::Partition:
            st = nodes.partitionNode(n);
            line = tr("node/%1: cut off from the control plane (simulated); its pods keep running, NotReady in 40 s")
                       .arg(name);
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
        answer(ctx, done, resultOf(st, line));
    });
}

void SandboxBackend::crashContainer(const QString &ns, const QString &pod, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ns.toStdString(), pod = pod.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.pods().crashContainer(ns, pod);
        (void)sb.flush();
        answer(ctx, done,
               resultOf(st, tr("pod/%1: container crashed (simulated); the kubelet restarts it with back-off")
                                .arg(QString::fromStdString(pod))));
    });
}

void SandboxBackend::patchObject(const ObjectRef &ref, const QByteArray &patch, const QString &line, QObject *context,
                                 Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ref, patch, line, ctx, done](engine::sandbox::Sandbox &sb) {
        auto obj = sb.store().get(ref.kind.toStdString(), ref.ns.toStdString(), ref.name.toStdString());
        if (!obj) {
            answer(ctx, done,
                   CommandResult::failure(engine::Error::make(engine::Error::Code::NotFound,
                                                              ref.kind.toLower().toStdString() + "s \"" +
                                                                  ref.name.toStdString() + "\" not found")));
            return;
        }
        const auto parsed = engine::api::Json::parse(patch.toStdString(), nullptr, false);
        auto merged = engine::serve::strategicMerge(obj->body, parsed);
        if (parsed.is_discarded() || !merged.ok()) {
            answer(ctx, done,
                   CommandResult::failure(parsed.is_discarded()
                                              ? engine::Error::make(engine::Error::Code::Invalid, "the patch is not JSON")
                                              : merged.error()));
            return;
        }
        auto next = std::make_shared<engine::api::Object>(*obj);
        next->body = std::move(*merged);
        auto written = sb.replace(next);
        CommandResult r;
        if (written.ok())
            r.lines << line;
        else
            r = CommandResult::failure(written.errors.empty() ? engine::Error::make(engine::Error::Code::Internal, "not changed")
                                                              : written.errors.front());
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

void SandboxBackend::autoscale(const ObjectRef &deployment, int min, int max, int cpuPercent, QObject *context,
                               Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, deployment, min, max, cpuPercent, ctx, done](engine::sandbox::Sandbox &sb) {
        namespace api = engine::api;
        const std::string ns = deployment.ns.isEmpty() ? std::string("default") : deployment.ns.toStdString();
        const std::string name = deployment.name.toStdString();
        if (!sb.store().get(api::kind::Deployment, ns, name)) {
            answer(ctx, done, CommandResult::failure(engine::Error::make(
                                  engine::Error::Code::NotFound, "deployments.apps \"" + name + "\" not found")));
            return;
        }
        // an existing autoscaler keeps what this does not set (its behavior, its labels)
        api::Json hpa = {{"apiVersion", "autoscaling/v2"},
                         {"kind", std::string(api::kind::HorizontalPodAutoscaler)},
                         {"metadata", {{"name", name}, {"namespace", ns}}},
                         {"spec", api::Json::object()}};
        if (const auto existing = sb.store().get(api::kind::HorizontalPodAutoscaler, ns, name)) {
            hpa = api::objectToJson(*existing);
            hpa.erase("status");
            hpa["metadata"].erase("resourceVersion");
        }
        api::Json &spec = hpa["spec"];
        spec["scaleTargetRef"] = {{"apiVersion", "apps/v1"}, {"kind", std::string(api::kind::Deployment)}, {"name", name}};
        spec["minReplicas"] = min;
        spec["maxReplicas"] = max;
        spec["metrics"] = api::Json::array(
            {{{"type", "Resource"},
              {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", cpuPercent}}}}}}});
        const auto out = sb.apply(hpa.dump(), "autoscale");
        CommandResult r;
        if (!out.ok()) {
            r.ok = false;
            for (const auto &e : out.errors)
                r.problems << Problem::from(e);
        } else {
            for (const auto &line : out.results)
                r.lines << QString::fromStdString(line);
            for (const auto &w : out.warnings)
                r.warnings << QString::fromStdString(w);
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

void SandboxBackend::rolloutAction(const ObjectRef &ref, RolloutAction action, QObject *context, Callback done)
{
    using Action = engine::rollout::RolloutController::Action;
    Action engineAction = Action::Promote;
    QString line;
    switch (action) {
    case RolloutAction::Promote:
        engineAction = Action::Promote;
        line = tr("rollout.flotilla.dev/%1 promoted");
        break;
    case RolloutAction::PromoteFull:
        engineAction = Action::PromoteFull;
        line = tr("rollout.flotilla.dev/%1 fully promoted");
        break;
    case RolloutAction::Abort:
        engineAction = Action::Abort;
        line = tr("rollout.flotilla.dev/%1 aborted");
        break;
    case RolloutAction::Retry:
        engineAction = Action::Retry;
        line = tr("rollout.flotilla.dev/%1 retried");
        break;
    case RolloutAction::Pause:
        engineAction = Action::Pause;
        line = tr("rollout.flotilla.dev/%1 paused");
        break;
    case RolloutAction::Resume:
        engineAction = Action::Resume;
        line = tr("rollout.flotilla.dev/%1 resumed");
        break;
    case RolloutAction::Rollback:
        engineAction = Action::Rollback;
        line = tr("rollout.flotilla.dev/%1 rolled back");
        break;
    }
    line = line.arg(ref.name);
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ref.ns.isEmpty() ? std::string("default") : ref.ns.toStdString(),
                    name = ref.name.toStdString(), engineAction, line, ctx, done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.rollouts().act(ns, name, engineAction);
        (void)sb.flush();
        answer(ctx, done, resultOf(st, line));
    });
}

void SandboxBackend::setServiceTraffic(const ObjectRef &service, double requestsPerSecond, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = service.ns.toStdString(), name = service.name.toStdString(), requestsPerSecond, ctx,
                    done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.traffic().setRate(ns, name, requestsPerSecond);
        answer(ctx, done,
               resultOf(st, requestsPerSecond > 0
                                ? tr("service/%1: %2 requests/s (simulated)").arg(QString::fromStdString(name)).arg(requestsPerSecond)
                                : tr("service/%1: traffic stopped").arg(QString::fromStdString(name))));
    });
    if (m_trafficTimer.isActive())
        QTimer::singleShot(0, this, &SandboxBackend::pollTraffic); // the new rate shows at once
}

void SandboxBackend::setTrafficWeights(const ObjectRef &service, const QList<QPair<QString, double>> &weights,
                                       QObject *context, Callback done)
{
    std::vector<engine::cluster::TrafficWeight> w;
    for (const auto &[subset, weight] : weights)
        w.push_back({subset.toStdString(), weight});
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = service.ns.toStdString(), name = service.name.toStdString(), w = std::move(w), ctx,
                    done](engine::sandbox::Sandbox &sb) mutable {
        const auto st = sb.traffic().setWeights(ns, name, std::move(w));
        answer(ctx, done, resultOf(st, tr("service/%1: traffic weights set").arg(QString::fromStdString(name))));
    });
}

void SandboxBackend::watchTraffic(bool on, const ObjectRef &registryOf)
{
    const bool focusChanged = registryOf.ns != m_registryOf.ns || registryOf.name != m_registryOf.name ||
                              registryOf.kind != m_registryOf.kind;
    m_registryOf = registryOf;
    if (!on) {
        m_trafficTimer.stop();
        return;
    }
    if (!m_trafficTimer.isActive()) {
        // a new watcher gets the whole kept series first
        m_trafficSince = std::numeric_limits<engine::TimeMs>::min();
        m_trafficTicks = 0;
        m_trafficRates = -1;
        m_lastRegistry.clear();
        m_trafficTimer.start();
        QTimer::singleShot(0, this, &SandboxBackend::pollTraffic);
    } else if (focusChanged) {
        QTimer::singleShot(0, this, &SandboxBackend::pollTraffic);
    }
}

void SandboxBackend::pollTraffic()
{
    if (!m_started || !m_trafficTimer.isActive())
        return;
    if (m_trafficInFlight) {
        m_trafficDirty = true;
        return;
    }
    m_trafficInFlight = true;
    const bool wantRegistry = !m_registryOf.ns.isEmpty() || !m_registryOf.name.isEmpty();
    m_engine->post([this, since = m_trafficSince, ns = m_registryOf.ns.toStdString(),
                    name = m_registryOf.name.toStdString(), wantRegistry](engine::sandbox::Sandbox &sb) {
        auto snapshot = std::make_shared<TrafficSnapshot>();
        snapshot->time = sb.sim().now();
        snapshot->services = sb.traffic().allStats(since);
        if (wantRegistry)
            snapshot->registry = sb.traffic().registry(ns, name, 200);
        const std::uint64_t ticks = sb.traffic().ticks();
        QMetaObject::invokeMethod(this, [this, snapshot, ticks] { onTraffic(*snapshot, ticks); }, Qt::QueuedConnection);
    });
}

void SandboxBackend::onTraffic(const TrafficSnapshot &snapshot, std::uint64_t ticks)
{
    m_trafficInFlight = false;
    if (m_trafficDirty) {
        m_trafficDirty = false;
        QTimer::singleShot(0, this, &SandboxBackend::pollTraffic);
    }
    if (!m_trafficTimer.isActive())
        return;
    double rates = 0;
    for (const auto &s : snapshot.services)
        rates += s.rate + 1; // a Service that appears or goes counts too
    // Nothing new (a paused clock, no traffic): no signal, no work for the views.
    if (ticks == m_trafficTicks && rates == m_trafficRates && snapshot.registry == m_lastRegistry)
        return;
    m_trafficTicks = ticks;
    m_trafficRates = rates;
    m_lastRegistry = snapshot.registry;
    // every Service ticks at once: the newest sample delivered marks where the next snapshot starts
    for (const auto &s : snapshot.services)
        if (!s.history.empty())
            m_trafficSince = std::max(m_trafficSince, s.history.back().time);
    emit trafficArrived(snapshot);
}

void SandboxBackend::deliver(const QPointer<QObject> &context, std::function<void()> f)
{
    QMetaObject::invokeMethod(
        this,
        [context, f = std::move(f)] {
            if (context)
                f();
        },
        Qt::QueuedConnection);
}

void SandboxBackend::containerFault(const QString &ns, const QString &pod, ContainerFault fault, QObject *context,
                                    Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ns.toStdString(), pod = pod.toStdString(), fault, ctx, done](engine::sandbox::Sandbox &sb) {
        engine::Status st;
        QString line;
        const QString name = QString::fromStdString(pod);
        switch (fault) {
        case ContainerFault::CpuSpike:
            st = sb.runtime().spikeCpu(ns, pod);
            line = tr("pod/%1: CPU spike for 2 minutes (simulated); its probes time out meanwhile").arg(name);
            break;
        case ContainerFault::MemoryLeak:
            st = sb.runtime().leakMemory(ns, pod);
            line = tr("pod/%1: memory leak (simulated); OOMKilled when it reaches its limit").arg(name);
            break;
        case ContainerFault::Clear:
            st = sb.runtime().clearFaults(ns, pod);
            line = tr("pod/%1: faults cleared").arg(name);
            break;
        }
        (void)sb.flush();
        answer(ctx, done, resultOf(st, line));
    });
}

void SandboxBackend::failImagePulls(const QString &image, bool fail, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, image = image.toStdString(), fail, ctx, done](engine::sandbox::Sandbox &sb) {
        const auto st = sb.runtime().failImagePulls(image, fail);
        answer(ctx, done,
               resultOf(st, (fail ? tr("image %1: pulls fail (simulated) until cleared") : tr("image %1: pulls work again"))
                                .arg(QString::fromStdString(image))));
    });
}

void SandboxBackend::addNodes(int count, NodeSize preset, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    if (count < 1) {
        answer(ctx, done,
               CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid,
                                                          "count: Invalid value: " + std::to_string(count) +
                                                              ": must be 1 or more")));
        return;
    }
    m_engine->post([this, count, preset, ctx, done](engine::sandbox::Sandbox &sb) {
        CommandResult r;
        try {
            const auto names = sb.addNodes(count, preset);
            if (names.empty()) {
                r = CommandResult::failure(engine::Error::make(
                    engine::Error::Code::Forbidden, "no node was added: every pod address range of the sandbox is taken"));
            } else {
                for (const auto &n : names)
                    r.lines << tr("node/%1 created").arg(QString::fromStdString(n));
                if (int(names.size()) < count)
                    r.warnings << tr("only %1 of %2 nodes were added: every pod address range of the sandbox is taken")
                                      .arg(names.size())
                                      .arg(count);
            }
        } catch (const std::exception &e) {
            r = CommandResult::failure(
                engine::Error::make(engine::Error::Code::Internal, std::string("adding nodes failed: ") + e.what()));
        }
        answer(ctx, done, r);
    });
}

void SandboxBackend::removeNode(const QString &node, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, n = node.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        const auto pods = sb.store().podsOnNode(n).size();
        const auto st = sb.removeNode(n);
        answer(ctx, done,
               resultOf(st, tr("node/%1 removed with its %n pod(s); their controllers start them on other nodes", nullptr,
                               int(pods))
                                .arg(QString::fromStdString(n))));
    });
}

void SandboxBackend::fetchUsage(QObject *context, std::function<void(const UsageSnapshot &)> done, bool pods)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ctx, done, pods](engine::sandbox::Sandbox &sb) {
        UsageSnapshot snap;
        snap.time = sb.sim().now();
        const auto &table = sb.runtime();
        for (const auto &[node, u] : table.nodeUsage())
            snap.nodes.insert(QString::fromStdString(node), ResourceUsage{u.cpuMilli, u.memoryBytes});
        for (const auto &p : pods ? sb.store().list(engine::api::kind::Pod) : std::vector<engine::api::ObjectPtr>{}) {
            if (engine::api::stringField(p->status(), "phase") != "Running")
                continue; // only running containers use anything
            const auto u = table.podUsage(*p);
            snap.pods.insert(QString::fromStdString(p->key()), ResourceUsage{u.cpuMilli, u.memoryBytes});
        }
        deliver(ctx, [done, snap = std::move(snap)] { done(snap); });
    });
}

void SandboxBackend::fetchNodeHistory(const QString &node, QObject *context,
                                      std::function<void(const QList<UsageSample> &)> done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, node = node.toStdString(), ctx, done](engine::sandbox::Sandbox &sb) {
        QList<UsageSample> out;
        for (const auto &s : sb.runtime().nodeHistory(node))
            out.push_back({s.time, s.cpuMilli, s.memoryBytes});
        deliver(ctx, [done, out = std::move(out)] { done(out); });
    });
}

namespace {
LogResult toLogResult(const engine::Result<std::vector<engine::runtime::LogLine>> &r)
{
    LogResult out;
    if (!r.ok()) {
        out.ok = false;
        out.error = QString::fromStdString(r.error().message);
        return out;
    }
    out.lines.reserve(qsizetype(r->size()));
    for (const auto &l : *r) {
        out.lines << QString::fromStdString(l.text);
        out.times << l.time;
    }
    return out;
}
} // namespace

void SandboxBackend::fetchLogs(const QString &ns, const QString &pod, const QString &container, int tail, bool previous,
                               QObject *context, std::function<void(const LogResult &)> done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ns.toStdString(), pod = pod.toStdString(), container = container.toStdString(), tail,
                    previous, ctx, done](engine::sandbox::Sandbox &sb) {
        engine::runtime::LogQuery q;
        q.tail = std::size_t(std::max(tail, 0));
        LogResult r = toLogResult(sb.runtime().logs(ns, pod, container, q, previous));
        deliver(ctx, [done, r = std::move(r)] { done(r); });
    });
}

quint64 SandboxBackend::followLogs(const QString &ns, const QString &pod, const QString &container, QObject *context,
                                   std::function<void(const LogResult &)> onLines)
{
    const quint64 id = m_nextFollow++;
    QPointer<QObject> ctx(context);
    m_engine->post([this, id, ns = ns.toStdString(), pod = pod.toStdString(), container = container.toStdString(), ctx,
                    onLines](engine::sandbox::Sandbox &sb) {
        auto followed = sb.runtime().followLogs(ns, pod, container, [this, ctx, onLines](const auto &lines) {
            LogResult r = toLogResult(lines);
            deliver(ctx, [onLines, r = std::move(r)] { onLines(r); });
        });
        if (!followed.ok()) {
            LogResult r;
            r.ok = false;
            r.error = QString::fromStdString(followed.error().message);
            deliver(ctx, [onLines, r = std::move(r)] { onLines(r); });
            return;
        }
        m_follows[id] = *followed;
    });
    return id;
}

void SandboxBackend::stopFollowingLogs(quint64 id)
{
    if (!id)
        return;
    m_engine->post([this, id](engine::sandbox::Sandbox &sb) {
        const auto it = m_follows.find(id);
        if (it == m_follows.end())
            return;
        sb.runtime().unfollowLogs(it->second);
        m_follows.erase(it);
    });
}

void SandboxBackend::fetchContainerConfig(const QString &ns, const QString &pod, const QString &container,
                                          QObject *context, std::function<void(const ContainerConfig &)> done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, ns = ns.toStdString(), pod = pod.toStdString(), container = container.toStdString(), ctx,
                    done](engine::sandbox::Sandbox &sb) {
        ContainerConfig c;
        if (auto env = sb.runtime().environment(ns, pod, container); env.ok()) {
            for (const auto &v : *env)
                c.env.push_back({QString::fromStdString(v.name), QString::fromStdString(v.value),
                                 QString::fromStdString(v.source), v.secret});
        } else {
            c.envError = QString::fromStdString(env.error().message);
        }
        if (auto files = sb.runtime().files(ns, pod, container); files.ok()) {
            for (const auto &f : *files)
                c.files.push_back({QString::fromStdString(f.path), QString::fromStdString(f.content),
                                   QString::fromStdString(f.source), f.secret});
        } else {
            c.filesError = QString::fromStdString(files.error().message);
        }
        deliver(ctx, [done, c = std::move(c)] { done(c); });
    });
}

} // namespace flotilla::backends

namespace flotilla::backends {

namespace {
/// A container's short id, as docker ps shows it.
QString shortId(const std::string &id) { return QString::fromStdString(id.substr(0, 12)); }

/// What a container command answers: its line, or Docker's error. "Nothing to do" (already started,
/// already stopped) is no failure: the line says what the state is.
CommandResult containerResult(const engine::Status &st, const QString &line, const QString &name)
{
    if (!st.ok() && st.error().code != engine::Error::Code::AlreadyExists)
        return CommandResult::failure(st.error());
    CommandResult r;
    r.lines << (st.ok() ? line : QString::fromStdString(st.error().message));
    r.name = name;
    return r;
}
} // namespace

void SandboxBackend::runContainer(const ContainerRunSpec &spec, QObject *context, Callback done)
{
    engine::sandbox::ContainerSpec s;
    s.image = spec.image.trimmed().toStdString();
    s.name = spec.name.trimmed().toStdString();
    for (const QString &e : spec.env)
        s.env.push_back(e.toStdString());
    for (const PortMapping &p : spec.ports) {
        engine::sandbox::PortBinding b;
        b.containerPort = std::to_string(p.containerPort) + "/" + p.protocol.toStdString();
        b.hostIp = p.hostIp == QLatin1String("localhost") ? std::string("127.0.0.1") : p.hostIp.toStdString();
        b.hostPort = p.hostPort;
        s.portBindings.push_back(std::move(b));
        s.exposedPorts.push_back(std::to_string(p.containerPort) + "/" + p.protocol.toStdString());
    }
    s.restartPolicy = spec.restartPolicy.isEmpty() ? std::string("no") : spec.restartPolicy.toStdString();
    for (const QString &word : spec.command)
        s.cmd.push_back(word.toStdString());
    QPointer<QObject> ctx(context);
    m_engine->post([this, s = std::move(s), ctx, done](engine::sandbox::Sandbox &sb) {
        if (s.image.empty()) {
            answer(ctx, done, CommandResult::failure(engine::Error::make(engine::Error::Code::Invalid,
                                                                         "no image given: a container needs one")));
            return;
        }
        auto created = sb.containers().create(s);
        if (!created.ok()) {
            answer(ctx, done, CommandResult::failure(created.error()));
            return;
        }
        const QString name = QString::fromStdString(created->name);
        const auto started = sb.containers().start(created->id);
        if (!started.ok()) {
            // Docker keeps a container that could not start: it stays, created, with the reason
            CommandResult r = CommandResult::failure(started.error());
            r.name = name;
            answer(ctx, done, r);
            return;
        }
        CommandResult r;
        r.lines << tr("Container %1 is running (id %2)").arg(name, shortId(created->id));
        r.name = name;
        answer(ctx, done, r);
    });
}

void SandboxBackend::startContainer(const QString &idOrName, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), name = idOrName, ctx, done](engine::sandbox::Sandbox &sb) {
        answer(ctx, done, containerResult(sb.containers().start(id), tr("Container %1 started").arg(name), name));
    });
}

void SandboxBackend::stopContainer(const QString &idOrName, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), name = idOrName, ctx, done](engine::sandbox::Sandbox &sb) {
        answer(ctx, done, containerResult(sb.containers().stop(id), tr("Container %1 stopped").arg(name), name));
    });
}

void SandboxBackend::restartContainer(const QString &idOrName, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), name = idOrName, ctx, done](engine::sandbox::Sandbox &sb) {
        answer(ctx, done, containerResult(sb.containers().restart(id), tr("Container %1 restarted").arg(name), name));
    });
}

void SandboxBackend::killContainer(const QString &idOrName, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), name = idOrName, ctx, done](engine::sandbox::Sandbox &sb) {
        answer(ctx, done,
               containerResult(sb.containers().kill(id, "SIGKILL"), tr("Container %1 killed (SIGKILL)").arg(name), name));
    });
}

void SandboxBackend::removeContainer(const QString &idOrName, bool force, QObject *context, Callback done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), name = idOrName, force, ctx, done](engine::sandbox::Sandbox &sb) {
        answer(ctx, done, containerResult(sb.containers().remove(id, force), tr("Container %1 removed").arg(name), name));
    });
}

void SandboxBackend::containerLogs(const QString &idOrName, int tail, qint64 since, QObject *context,
                                   std::function<void(const ContainerLogResult &)> done)
{
    QPointer<QObject> ctx(context);
    m_engine->post([this, id = idOrName.toStdString(), tail, since, ctx, done](engine::sandbox::Sandbox &sb) {
        ContainerLogResult r;
        if (!sb.containers().find(id)) {
            r.ok = false;
            r.error = tr("No such container: %1").arg(QString::fromStdString(id));
        } else {
            const auto lines = sb.containers().logs(id, since, 0, std::size_t(std::max(tail, 0)));
            r.lines.reserve(qsizetype(lines.size()));
            for (const auto &l : lines)
                r.lines.push_back({l.time, QString::fromStdString(l.text), l.isStderr});
        }
        deliver(ctx, [done, r = std::move(r)] { done(r); });
    });
}

} // namespace flotilla::backends
