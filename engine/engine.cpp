#include "engine.h"

#include "common/log.h"
#include "serve/apiserver.h"
#include "serve/credentials.h"
#include "serve/dockercontainers.h"
#include "serve/publishedports.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <list>
#include <map>

namespace flotilla::engine {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;

namespace {
constexpr auto kTick = std::chrono::milliseconds(20);
constexpr std::size_t kBurst = 5000;

/// Runs engine work so that a failure in one task is logged and the engine goes on.
template <typename F>
void guarded(const char *what, F &&work)
{
    try {
        work();
    } catch (const std::exception &e) {
        log::error("engine", std::string(what) + " failed: " + e.what());
    } catch (...) {
        log::error("engine", std::string(what) + " failed");
    }
}
} // namespace

struct Engine::Impl {
    asio::io_context io;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    asio::steady_timer timer{io};
    std::thread thread;
    std::unique_ptr<sandbox::Sandbox> sandbox;
    sandbox::SandboxOptions sandboxOptions;
    std::unique_ptr<serve::ApiServer> apiServer; ///< engine thread only; goes before the sandbox
    std::unique_ptr<serve::DockerApiServer> dockerServer; ///< engine thread only; goes before the sandbox
    std::unique_ptr<serve::PublishedPorts> ports; ///< containers' published ports; engine thread, before the sandbox
    std::string dockerSocket;
    std::optional<serve::ServeInfo> serveInfo;
    std::string temporaryCredentialsDir; ///< removed at stop (in-memory sandboxes)

    mutable std::mutex mutex; // guards warnings and name
    std::vector<std::string> warnings;
    std::string name;

    std::atomic<TimeMs> now{0};
    std::atomic<int> mode{int(ClockMode::RealTime)};
    std::atomic<double> speed{1.0};
    SteadyClock::time_point wallBase;
    TimeMs simBase = 0;
    bool burstQueued = false;

    struct BuildJob {
        std::thread thread;
        std::atomic<bool> cancel{false};
        std::atomic<bool> finished{false};
    };
    mutable std::mutex buildsMutex;
    std::map<BuildId, std::shared_ptr<BuildJob>> builds;
    BuildId nextBuild = 1;
    image::ChecksumCache checksums; ///< shared by builds, so an unchanged context is not read again
    BuildObserver buildObserver;    ///< guarded by buildsMutex
    std::shared_ptr<image::ImageStore> images;

    void reapBuilds(bool all)
    {
        std::vector<std::shared_ptr<BuildJob>> done;
        {
            std::lock_guard lock(buildsMutex);
            for (auto it = builds.begin(); it != builds.end();) {
                if (all)
                    it->second->cancel = true;
                if (all || it->second->finished) {
                    done.push_back(it->second);
                    it = builds.erase(it);
                } else {
                    ++it;
                }
            }
        }
        for (auto &job : done)
            if (job->thread.joinable())
                job->thread.join();
    }

    void rebase()
    {
        wallBase = SteadyClock::now();
        simBase = sandbox->sim().now();
    }

    void publish() { now.store(sandbox->sim().now(), std::memory_order_relaxed); }

    void tick()
    {
        if (!sandbox)
            return;
        const auto m = ClockMode(mode.load());
        if (m == ClockMode::RealTime) {
            const double elapsed = std::chrono::duration<double, std::milli>(SteadyClock::now() - wallBase).count();
            const TimeMs target = simBase + TimeMs(elapsed * speed.load());
            if (target > sandbox->sim().now())
                guarded("advancing the simulation", [&] { sandbox->advanceTo(target); });
            publish();
            timer.expires_after(kTick);
            timer.async_wait([this](const boost::system::error_code &ec) {
                if (!ec)
                    tick();
            });
        } else if (m == ClockMode::AsFastAsPossible) {
            kickBurst();
        }
    }

    void kickBurst()
    {
        if (burstQueued)
            return;
        burstQueued = true;
        asio::post(io, [this] {
            burstQueued = false;
            if (!sandbox || ClockMode(mode.load()) != ClockMode::AsFastAsPossible)
                return;
            std::size_t ran = 0;
            guarded("advancing the simulation", [&] {
                while (ran < kBurst && sandbox->sim().step())
                    ++ran;
                (void)sandbox->flush();
            });
            publish();
            if (ran == kBurst)
                kickBurst();
        });
    }

    void restartTimer()
    {
        timer.cancel();
        rebase();
        tick();
    }
};

Engine::Engine() : d(std::make_unique<Impl>()) {}

Engine::~Engine() { stop(); }

Status Engine::start(const Options &options)
{
    if (m_running)
        return Error::make(Error::Code::Invalid, "the engine is already running");
    d->mode = int(options.mode);
    d->speed = options.speed;
    d->sandboxOptions = options.sandbox;
    d->work.emplace(asio::make_work_guard(d->io));
    std::promise<Status> opened;
    auto result = opened.get_future();
    d->io.restart();
    d->thread = std::thread([this] { d->io.run(); });
    asio::post(d->io, [this, &opened, options] {
        Result<std::unique_ptr<sandbox::Sandbox>> sb = Error::make(Error::Code::Internal, "the sandbox could not be opened");
        try {
            sb = sandbox::Sandbox::open(options.sandbox);
        } catch (const std::exception &e) {
            sb = Error::make(Error::Code::Internal, std::string("the sandbox could not be opened: ") + e.what());
        }
        if (!sb.ok()) {
            opened.set_value(sb.error());
            return;
        }
        d->sandbox = std::move(sb.value());
        d->images = d->sandbox->imageStore();
        d->sandbox->setStorageListener(options.onStorageProblem);
        // published ports are real loopback listeners answered by the simulated program
        d->ports = std::make_unique<serve::PublishedPorts>(d->io);
        sandbox::Sandbox *sbp = d->sandbox.get();
        serve::PublishedPorts *ports = d->ports.get();
        ports->setRecorder([sbp](const std::string &id, const std::string &method, const std::string &path, int status,
                                 double ms) { sbp->containers().recordRequest(id, method, path, status, ms); });
        sbp->containers().setPortHooks(
            [sbp, ports](const sandbox::ContainerInfo &c) { return ports->publish(c.id, serve::containerListeners(*sbp, c)); },
            [ports](const std::string &id) { ports->unpublish(id); });
        {
            std::lock_guard lock(d->mutex);
            d->warnings = d->sandbox->warnings();
            d->name = d->sandbox->name();
        }
        d->publish();
        d->rebase();
        d->tick();
        opened.set_value({});
    });
    Status status = result.get();
    if (!status.ok()) {
        d->work.reset();
        d->io.stop();
        d->thread.join();
        return status;
    }
    m_running = true;
    return status;
}

void Engine::stop()
{
    d->reapBuilds(true);
    if (!d->thread.joinable())
        return;
    asio::post(d->io, [this] {
        d->timer.cancel();
        d->apiServer.reset(); // closes connections and watches while the store still exists
        if (d->sandbox)
            d->sandbox->containers().setEventListener({});
        d->dockerServer.reset();
        if (d->sandbox)
            d->sandbox->containers().setPortHooks({}, {});
        d->ports.reset();
        d->serveInfo.reset();
        d->sandbox.reset(); // flushes and saves the clock
        d->work.reset();
        d->io.stop();
    });
    d->thread.join();
    m_running = false;
    if (!d->temporaryCredentialsDir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(d->temporaryCredentialsDir, ec);
        d->temporaryCredentialsDir.clear();
    }
}

Result<serve::ServeInfo> Engine::serveKubernetesApi(serve::ServeOptions options)
{
    if (!m_running)
        return Error::make(Error::Code::Invalid, "the engine is not running");
    std::string dir = options.credentialsDir;
    if (dir.empty() && !d->sandboxOptions.dataDir.empty())
        dir = (std::filesystem::path(d->sandboxOptions.dataDir) / "sandboxes" / d->sandboxOptions.name / "serve").string();
    if (dir.empty()) {
        if (d->temporaryCredentialsDir.empty()) {
            const char *tmp = std::getenv("TMPDIR");
            std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/flotilla-serve-XXXXXX";
            if (!::mkdtemp(tmpl.data()))
                return Error::make(Error::Code::Io, "cannot create a temporary folder for the API server's credentials");
            d->temporaryCredentialsDir = tmpl;
        }
        dir = d->temporaryCredentialsDir;
    }
    // Key generation and file writes stay off the engine thread.
    auto credentials = serve::loadOrCreateCredentials(dir);
    if (!credentials.ok())
        return credentials.error();
    return call([this, port = options.port, creds = std::move(credentials.value())](sandbox::Sandbox &sb) -> Result<serve::ServeInfo> {
               if (d->serveInfo)
                   return *d->serveInfo;
               auto server = std::make_unique<serve::ApiServer>(d->io, sb);
               auto bound = server->start(port, creds);
               if (!bound.ok())
                   return bound.error();
               d->apiServer = std::move(server);
               serve::ServeInfo info;
               info.port = *bound;
               info.server = "https://127.0.0.1:" + std::to_string(*bound);
               info.caPath = creds.caPath();
               info.caCertPem = creds.caCertPem;
               info.token = creds.token;
               info.credentialsDir = creds.dir;
               d->serveInfo = info;
               return info;
           })
        .get();
}

Result<std::string> Engine::serveDockerApi(std::string socketPath)
{
    if (!m_running)
        return Error::make(Error::Code::Invalid, "the engine is not running");
    if (socketPath.empty())
        socketPath = serve::defaultDockerSocketDir() + "/" + d->sandboxOptions.name + ".sock";
    return call([this, socketPath](sandbox::Sandbox &sb) -> Result<std::string> {
               if (d->dockerServer)
                   return d->dockerSocket;
               auto server = std::make_unique<serve::DockerApiServer>(d->io, sb);
               server->setBuildStarter([this](std::string tar, std::string dockerfile, image::BuildOptions options,
                                              image::BuildEventSink events, BuildDone done) {
                   BuildRequest request;
                   request.contextTar = std::move(tar);
                   request.dockerfileInContext = std::move(dockerfile);
                   request.observed = true;
                   request.options = std::move(options);
                   const BuildId id = startBuild(std::move(request), std::move(events), std::move(done));
                   return std::function<void()>([this, id] { cancelBuild(id); });
               });
               if (auto started = server->start(socketPath); !started.ok())
                   return started.error();
               server->setWorker([this](std::function<void(const std::atomic<bool> &)> work) { startWorker(std::move(work)); });
               serve::DockerApiServer *events = server.get();
               sb.containers().setEventListener([events](const sandbox::ContainerEvent &e) { events->publishEvent(e); });
               d->dockerServer = std::move(server);
               d->dockerSocket = socketPath;
               return socketPath;
           })
        .get();
}

std::vector<std::string> Engine::warnings() const
{
    std::lock_guard lock(d->mutex);
    return d->warnings;
}

std::string Engine::sandboxName() const
{
    std::lock_guard lock(d->mutex);
    return d->name;
}

void Engine::post(std::function<void(sandbox::Sandbox &)> task)
{
    asio::post(d->io, [this, task = std::move(task)] {
        if (!d->sandbox)
            return;
        guarded("a command", [&] { task(*d->sandbox); });
        d->publish(); // a command may have moved the clock (a paused sandbox advanced by hand)
        guarded("delivering changes", [&] { (void)d->sandbox->flush(); });
        if (ClockMode(d->mode.load()) == ClockMode::AsFastAsPossible)
            d->kickBurst();
    });
}

Result<store::WatchId> Engine::watch(store::WatchOptions options, store::WatchCallback callback)
{
    return call([options = std::move(options), callback = std::move(callback)](sandbox::Sandbox &sb) mutable {
               return sb.store().watch(std::move(options), std::move(callback));
           })
        .get();
}

void Engine::unwatch(store::WatchId id)
{
    post([id](sandbox::Sandbox &sb) { sb.store().unwatch(id); });
}

void Engine::setClockMode(ClockMode mode)
{
    asio::post(d->io, [this, mode] {
        if (!d->sandbox)
            return;
        d->mode = int(mode);
        d->restartTimer();
    });
}

void Engine::setSpeed(double speed)
{
    asio::post(d->io, [this, speed] {
        if (!d->sandbox)
            return;
        // Rebase first so that the time already elapsed keeps the old speed.
        if (ClockMode(d->mode.load()) == ClockMode::RealTime) {
            d->timer.cancel();
            d->tick();
        }
        d->speed = std::clamp(speed, 0.01, 1000.0);
        d->restartTimer();
    });
}

void Engine::step()
{
    asio::post(d->io, [this] {
        if (!d->sandbox)
            return;
        d->mode = int(ClockMode::Paused);
        d->timer.cancel();
        guarded("a simulation step", [&] { d->sandbox->step(); });
        d->publish();
    });
}

ClockState Engine::clock() const
{
    return {d->now.load(std::memory_order_relaxed), ClockMode(d->mode.load()), d->speed.load()};
}

BuildId Engine::startBuild(BuildRequest request, image::BuildEventSink events, BuildDone done)
{
    d->reapBuilds(false);
    auto job = std::make_shared<Impl::BuildJob>();
    // The thread is started under the lock and listed with it: a reap on another thread (stop(), a
    // second startBuild) must never see the job before its std::thread is set, or it would skip the join
    // and the job would later be destroyed with a joinable thread (std::terminate).
    std::lock_guard lock(d->buildsMutex);
    const BuildId id = d->nextBuild++;
    auto images = d->images;
    if (request.observed && (d->buildObserver.event || d->buildObserver.done)) {
        // the window hears of builds that API clients start, alongside the client
        auto observer = d->buildObserver;
        events = [events = std::move(events), observer, id](const image::BuildEvent &e) {
            if (events)
                events(e);
            if (observer.event)
                observer.event(id, e);
        };
        done = [done = std::move(done), observer, id](const Result<image::BuildSummary> &r) {
            if (done)
                done(r);
            if (observer.done)
                observer.done(id, r);
        };
    }
    job->thread = std::thread([this, job, images, request = std::move(request), events = std::move(events),
                               done = std::move(done)] {
        auto finish = [&](const Result<image::BuildSummary> &result) {
            if (done)
                done(result);
            job->finished = true;
        };
        if (!images) {
            finish(Error::make(Error::Code::Internal, "the sandbox is not open"));
            return;
        }
        Result<std::shared_ptr<image::BuildContext>> ctx =
            request.contextDir.empty() ? image::BuildContext::fromTar(request.contextTar)
                                       : image::BuildContext::fromDirectory(request.contextDir, &d->checksums);
        if (!ctx.ok()) {
            image::BuildEvent failed;
            failed.type = image::BuildEvent::Type::Failed;
            failed.text = ctx.error().toString();
            if (events)
                events(failed);
            finish(ctx.error());
            return;
        }
        image::BuildOptions options = request.options;
        if (!request.dockerfileInContext.empty()) {
            auto text = (*ctx)->readText(request.dockerfileInContext);
            if (!text.ok()) {
                image::BuildEvent failed;
                failed.type = image::BuildEvent::Type::Failed;
                failed.text = "Cannot locate specified Dockerfile: " + request.dockerfileInContext;
                if (events)
                    events(failed);
                finish(Error::make(Error::Code::NotFound, failed.text));
                return;
            }
            options.dockerfile = std::move(*text);
        }
        image::Builder builder(images);
        Result<image::BuildSummary> result = Error::make(Error::Code::Internal, "the build did not run");
        try {
            result = builder.build(**ctx, options, events, &job->cancel);
        } catch (const std::exception &e) {
            result = Error::make(Error::Code::Internal, std::string("the build failed unexpectedly: ") + e.what());
        }
        if (result.ok() && m_running) {
            // the Image records are written on the engine thread before the caller hears of the result
            auto recorded = std::make_shared<std::promise<void>>();
            auto wait = recorded->get_future();
            const std::string manifest = result->manifestDigest;
            const std::vector<std::string> cached = result->cachedLayers;
            post([recorded, images, manifest, cached](sandbox::Sandbox &sb) {
                // by manifest, not by id: two manifests may share a config (the same build a second
                // apart under other tags), and find(id) would answer with either
                for (const auto &img : images->images())
                    if (img.manifestDigest == manifest)
                        (void)sb.recordImage(img, cached);
                recorded->set_value();
            });
            if (wait.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
                log::warning("engine", "the built image's records were not written in time");
        }
        finish(result);
    });
    d->builds.emplace(id, job);
    return id;
}

void Engine::startWorker(std::function<void(const std::atomic<bool> &cancel)> work)
{
    d->reapBuilds(false);
    auto job = std::make_shared<Impl::BuildJob>();
    std::lock_guard lock(d->buildsMutex); // listed with its thread set (see startBuild)
    const BuildId id = d->nextBuild++;
    job->thread = std::thread([job, work = std::move(work)] {
        try {
            work(job->cancel);
        } catch (const std::exception &e) {
            log::error("engine", std::string("a background task failed: ") + e.what());
        }
        job->finished = true;
    });
    d->builds.emplace(id, job);
}

void Engine::setBuildObserver(BuildObserver observer)
{
    std::lock_guard lock(d->buildsMutex);
    d->buildObserver = std::move(observer);
}

void Engine::cancelBuild(BuildId id)
{
    std::lock_guard lock(d->buildsMutex);
    if (const auto it = d->builds.find(id); it != d->builds.end())
        it->second->cancel = true;
}

int Engine::runningBuilds() const
{
    std::lock_guard lock(d->buildsMutex);
    int n = 0;
    for (const auto &[id, job] : d->builds)
        n += job->finished ? 0 : 1;
    return n;
}

} // namespace flotilla::engine
