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

} // namespace flotilla::backends
