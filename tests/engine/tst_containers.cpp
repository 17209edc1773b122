#include <engine/api/kinds.h>
#include <engine/image/builder.h>
#include <engine/sandbox/containers.h>
#include <engine/sandbox/sandbox.h>
#include "sandboxtestutil.h"

#include <QFile>
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>

using namespace flotilla::engine;
using sandbox::ContainerEvent;
using sandbox::ContainerInfo;
using sandbox::ContainerSpec;

namespace {
constexpr TimeMs kStart = 1'780'000'000'000;

std::unique_ptr<sandbox::Sandbox> openSandbox(std::uint64_t seed = 7, const std::string &dataDir = {})
{
    return flotilla::testutil::openSandbox(seed, kStart, dataDir);
}

using flotilla::testutil::runFor;

/// Builds `tag` from `dockerfile` with a small server.js in the context (COPY works offline).
bool buildImage(sandbox::Sandbox &sb, const std::string &dockerfile, const std::string &tag)
{
    QTemporaryDir dir;
    QFile js(dir.filePath("server.js"));
    if (!js.open(QIODevice::WriteOnly))
        return false;
    js.write("require('http').createServer((q, s) => s.end('ok')).listen(8080);\n");
    js.close();
    image::Builder builder(sb.imageStore());
    image::BuildOptions opt;
    opt.dockerfile = dockerfile;
    opt.tags = {tag};
    auto ctx = image::BuildContext::fromDirectory(dir.path().toStdString());
    return ctx.ok() && builder.build(**ctx, opt, {}).ok();
}

const char *kService = "FROM node:14-alpine\nWORKDIR /app\nCOPY server.js .\nEXPOSE 8080\nCMD [\"node\", \"server.js\"]\n";
const char *kCrashy = "FROM node:14-alpine\nWORKDIR /app\nCOPY server.js .\nLABEL flotilla.sim.crash-after=2s\n"
                      "CMD [\"node\", \"server.js\"]\n";

ContainerSpec spec(const std::string &image, const std::string &name = {})
{
    ContainerSpec s;
    s.image = image;
    s.name = name;
    return s;
}

ContainerSpec published(const std::string &image, const std::string &name, int hostPort)
{
    ContainerSpec s = spec(image, name);
    s.portBindings = {{"8080/tcp", "", hostPort}};
    return s;
}

std::string state(sandbox::Sandbox &sb, const std::string &name)
{
    const auto c = sb.containers().find(name);
    return c ? c->state : "<gone>";
}

std::vector<std::string> actions(const std::vector<ContainerEvent> &events, const std::string &id = {})
{
    std::vector<std::string> out;
    for (const auto &e : events)
        if (id.empty() || e.id == id)
            out.push_back(e.action);
    return out;
}

std::vector<TimeMs> timesOf(const std::vector<ContainerEvent> &events, const std::string &action)
{
    std::vector<TimeMs> out;
    for (const auto &e : events)
        if (e.action == action)
            out.push_back(e.time);
    return out;
}

QStringList texts(const std::vector<sandbox::ContainerLogLine> &lines)
{
    QStringList out;
    for (const auto &l : lines)
        out << QString::fromStdString(l.text);
    return out;
}
} // namespace

class tst_Containers : public QObject {
    Q_OBJECT
private slots:
    void createStartListFind();
    void generatedNamesAreDockerLikeAndSeeded();
    void nameConflictAndInvalidName();
    void unknownImage();
    void invalidOptions();
    void stopAndKillExitCodes();
    void removeRunningIsRefusedUnlessForced();
    void restartPolicyAlwaysBacksOff();
    void stopCancelsRestarts();
    void onFailureGivesUpAfterItsRetries();
    void waitCallsBackWithTheExitCode();
    void logsOfANodeImage();
    void logsKeepEveryRun();
    void portConflictBetweenRunningContainers();
    void publishHookFailureFailsTheStart();
    void eventsInOrder();
    void autoRemoveRemovesAfterExit();
    void oneShotCommands();
    void storeObjectsReflectState();
    void reopenKeepsContainersRunning();
    void statusTextAndTimes();
    void makeContainerObjectMatchesTheSandboxsShape();
    void makeImageObjectMatchesTheSandboxsShape();
};

void tst_Containers::createStartListFind()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    auto created = cs.create(published("my-microservice", "service-instance", 3000));
    QVERIFY2(created.ok(), created.ok() ? "" : created.error().message.c_str());
    const ContainerInfo c = *created;
    QCOMPARE(c.name, std::string("service-instance"));
    QCOMPARE(c.state, std::string("created"));
    QVERIFY(QRegularExpression("^[0-9a-f]{64}$").match(QString::fromStdString(c.id)).hasMatch());
    QCOMPARE(c.imageId, sb->imageStore()->find("my-microservice")->id);
    QCOMPARE(c.path, std::string("docker-entrypoint.sh")); // node's entrypoint with the image's CMD
    QCOMPARE(c.args, std::vector<std::string>({"node", "server.js"}));
    QCOMPARE(c.created, kStart);
    QVERIFY(cs.list(false).empty());
    QCOMPARE(cs.list(true).size(), std::size_t(1));

    QVERIFY(cs.start("service-instance").ok());
    const auto running = cs.find("service-instance");
    QVERIFY(running);
    QCOMPARE(running->state, std::string("running"));
    QCOMPARE(running->startedAt, kStart);
    QCOMPARE(running->ipAddress, std::string("172.17.0.2"));
    QVERIFY(running->pid > 0);
    QCOMPARE(running->ports, std::vector<sandbox::PortBinding>({{"8080/tcp", "", 3000}}));
    // starting a running container changes nothing (the HTTP layer answers 304)
    const auto again = cs.start(c.id);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, Error::Code::AlreadyExists);

    // found by full id, unique prefix, name and "/name"; not by anything else
    QCOMPARE(cs.find(c.id)->name, c.name);
    QCOMPARE(cs.find(c.id.substr(0, 12))->name, c.name);
    QCOMPARE(cs.find(c.id.substr(0, 3))->name, c.name);
    QCOMPARE(cs.find("/service-instance")->id, c.id);
    QVERIFY(!cs.find("service"));
    QVERIFY(!cs.find(""));
    const auto missing = cs.start("nope");
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, Error::Code::NotFound);
    QCOMPARE(missing.error().message, std::string("No such container: nope"));

    // docker ps: running ones, newest first; -a: every one
    runFor(*sb, 1000);
    auto second = cs.create(spec("my-microservice", "second"));
    QVERIFY(second.ok());
    QVERIFY(cs.start("second").ok());
    QVERIFY(cs.create(spec("my-microservice", "third")).ok());
    const auto ps = cs.list(false);
    QCOMPARE(ps.size(), std::size_t(2));
    QCOMPARE(ps[0].name, std::string("second"));
    QCOMPARE(ps[1].name, std::string("service-instance"));
    QCOMPARE(ps[0].ipAddress, std::string("172.17.0.3"));
    const auto all = cs.list(true);
    QCOMPARE(all.size(), std::size_t(3));
    QCOMPARE(all[0].name, std::string("third")); // created at the same instant as second, but after it
    QCOMPARE(all[1].name, std::string("second"));
}

void tst_Containers::generatedNamesAreDockerLikeAndSeeded()
{
    auto runOnce = [](std::uint64_t seed) {
        auto sb = openSandbox(seed);
        if (!buildImage(*sb, kService, "my-microservice"))
            return std::vector<std::string>{};
        std::vector<std::string> out;
        for (int i = 0; i < 3; ++i) {
            auto c = sb->containers().create(spec("my-microservice"));
            if (!c.ok())
                return std::vector<std::string>{};
            out.push_back(c->name);
            out.push_back(c->id);
        }
        return out;
    };
    const auto a = runOnce(11);
    const auto b = runOnce(11);
    const auto other = runOnce(12);
    QCOMPARE(a.size(), std::size_t(6));
    QCOMPARE(a, b); // same seed, same names and ids
    QVERIFY(a != other);
    const QRegularExpression docker("^[a-z]+_[a-z]+[0-9]*$");
    for (std::size_t i = 0; i < a.size(); i += 2) {
        QVERIFY2(docker.match(QString::fromStdString(a[i])).hasMatch(), a[i].c_str());
        QVERIFY(a[i] != "boring_wozniak");
    }
    QVERIFY(a[0] != a[2] && a[2] != a[4] && a[1] != a[3]);
}

void tst_Containers::nameConflictAndInvalidName()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    const auto first = cs.create(spec("my-microservice", "web"));
    QVERIFY(first.ok());
    const auto taken = cs.create(spec("my-microservice", "/web"));
    QVERIFY(!taken.ok());
    QCOMPARE(taken.error().code, Error::Code::Conflict);
    QCOMPARE(taken.error().message,
             "Conflict. The container name \"/web\" is already in use by container \"" + first->id +
                 "\". You have to remove (or rename) that container to be able to reuse that name.");
    for (const char *bad : {"-web", "we b", "web!", "x", "_under"}) {
        const auto r = cs.create(spec("my-microservice", bad));
        QVERIFY2(!r.ok(), bad);
        QCOMPARE(r.error().code, Error::Code::Invalid);
        QCOMPARE(r.error().message,
                 "Invalid container name (" + std::string(bad) + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
    }
    QVERIFY(cs.create(spec("my-microservice", "Web_1.b-2")).ok());
    QCOMPARE(cs.list(true).size(), std::size_t(2));
}

void tst_Containers::unknownImage()
{
    auto sb = openSandbox();
    auto &cs = sb->containers();
    const auto unknown = cs.create(spec("my-microservice"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, Error::Code::NotFound);
    QCOMPARE(unknown.error().message, std::string("No such image: my-microservice:latest"));
    // a catalog image is known to the sandbox but not pulled: no such image either
    const auto catalog = cs.create(spec("nginx:1.25"));
    QVERIFY(!catalog.ok());
    QCOMPARE(catalog.error().message, std::string("No such image: nginx:1.25"));
    const auto bad = cs.create(spec("UPPER"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().message.find("invalid reference format") != std::string::npos, bad.error().message.c_str());
    QVERIFY(cs.list(true).empty());
    QCOMPARE(sb->store().count(api::kind::Container), std::size_t(0));
}

void tst_Containers::invalidOptions()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    ContainerSpec s = spec("my-microservice");
    s.restartPolicy = "sometimes";
    QCOMPARE(cs.create(s).error().message, std::string("invalid restart policy: unknown policy 'sometimes'; use one of "
                                                       "'no', 'always', 'on-failure', or 'unless-stopped'"));
    s.restartPolicy = "always";
    s.maxRetries = 3;
    QCOMPARE(cs.create(s).error().message,
             std::string("invalid restart policy: maximum retry count can only be used with 'on-failure'"));
    s.maxRetries = 0;
    s.autoRemove = true;
    QCOMPARE(cs.create(s).error().message, std::string("can't create 'AutoRemove' container with restart policy"));
    s = spec("my-microservice");
    s.portBindings = {{"http", "", 80}};
    QCOMPARE(cs.create(s).error().code, Error::Code::Invalid);
    s.portBindings = {{"8080", "", 3000}}; // the protocol is tcp unless said
    const auto ok = cs.create(s);
    QVERIFY(ok.ok());
    QCOMPARE(ok->spec.portBindings.front().containerPort, std::string("8080/tcp"));
    QCOMPARE(ok->spec.restartPolicy, std::string("no"));
}

void tst_Containers::stopAndKillExitCodes()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    QVERIFY(cs.create(spec("my-microservice", "web")).ok());
    QVERIFY(cs.start("web").ok());
    runFor(*sb, 5000);

    QVERIFY(cs.stop("web").ok());
    auto c = *cs.find("web");
    QCOMPARE(c.state, std::string("exited"));
    QCOMPARE(c.exitCode, 0);
    QCOMPARE(c.finishedAt, kStart + 5000);
    QCOMPARE(c.pid, 0);
    QCOMPARE(c.ipAddress, std::string());
    QVERIFY(c.ports.empty());
    const auto twice = cs.stop("web");
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, Error::Code::AlreadyExists);

    QVERIFY(cs.start("web").ok());
    QVERIFY(cs.kill("web").ok()); // SIGKILL
    QCOMPARE(cs.find("web")->exitCode, 137);
    QCOMPARE(cs.find("web")->state, std::string("exited"));

    QVERIFY(cs.start("web").ok());
    QCOMPARE(cs.find("web")->exitCode, 0); // a start clears the last exit
    QVERIFY(cs.kill("web", "SIGTERM").ok());
    QCOMPARE(cs.find("web")->exitCode, 143);
    QVERIFY(cs.start("web").ok());
    QVERIFY(cs.kill("web", "2").ok());
    QCOMPARE(cs.find("web")->exitCode, 130);

    const auto notRunning = cs.kill("web");
    QVERIFY(!notRunning.ok());
    QCOMPARE(notRunning.error().code, Error::Code::Conflict);
    QVERIFY2(notRunning.error().message.find("is not running") != std::string::npos, notRunning.error().message.c_str());

    QVERIFY(cs.start("web").ok());
    QCOMPARE(cs.kill("web", "SIGNOPE").error().message, std::string("Invalid signal: SIGNOPE"));
    QVERIFY(cs.kill("web", "SIGWINCH").ok()); // lived through
    QCOMPARE(cs.find("web")->state, std::string("running"));
    // stop with no time to answer SIGTERM: SIGKILL
    QVERIFY(cs.stop("web", 0).ok());
    QCOMPARE(cs.find("web")->exitCode, 137);
}

void tst_Containers::removeRunningIsRefusedUnlessForced()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    const auto c = cs.create(spec("my-microservice", "web"));
    QVERIFY(c.ok());
    QVERIFY(cs.start("web").ok());
    const auto refused = cs.remove("web");
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Conflict);
    QCOMPARE(refused.error().message, std::string("cannot remove container \"/web\": container is running: stop the "
                                                  "container before removing or force remove"));
    QCOMPARE(state(*sb, "web"), std::string("running"));
    QVERIFY(cs.remove(c->id.substr(0, 12), true).ok());
    QVERIFY(!cs.find("web"));
    QVERIFY(!sb->store().get(api::kind::Container, "", "web"));
    QCOMPARE(cs.remove("web").error().message, std::string("No such container: web"));
    // the name is free again; a stopped container goes without force
    QVERIFY(cs.create(spec("my-microservice", "web")).ok());
    QVERIFY(cs.remove("web").ok());
    QVERIFY(cs.list(true).empty());
}

void tst_Containers::restartPolicyAlwaysBacksOff()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    auto &cs = sb->containers();
    std::vector<ContainerEvent> events;
    cs.setEventListener([&](const ContainerEvent &e) { events.push_back(e); });
    ContainerSpec s = spec("crashy", "flaky");
    s.restartPolicy = "always";
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("flaky").ok());

    runFor(*sb, 2000); // crashes 2 s after each start
    auto c = *cs.find("flaky");
    QCOMPARE(c.state, std::string("restarting"));
    QCOMPARE(c.exitCode, 1);
    QCOMPARE(c.restartCount, 1);
    QCOMPARE(c.statusText(sb->sim().now()), std::string("Restarting (1) Less than a second ago"));
    runFor(*sb, 99);
    QCOMPARE(state(*sb, "flaky"), std::string("restarting"));
    runFor(*sb, 1);
    QCOMPARE(state(*sb, "flaky"), std::string("running"));

    runFor(*sb, 20'000);
    // runs of 2 s: the delay doubles from 100 ms (100, 200, 400, 800, 1600, 3200 ms)
    const auto starts = timesOf(events, "start");
    QVERIFY(starts.size() >= 6);
    QCOMPARE(starts[0], kStart);
    QCOMPARE(starts[1], kStart + 2100);
    QCOMPARE(starts[2], kStart + 4300);
    QCOMPARE(starts[3], kStart + 6700);
    QCOMPARE(starts[4], kStart + 9500);
    QCOMPARE(starts[5], kStart + 13100);
    const auto dies = timesOf(events, "die");
    QCOMPARE(dies[0], kStart + 2000);
    QCOMPARE(dies[1], kStart + 4100);
    c = *cs.find("flaky");
    QCOMPARE(c.restartCount, int(dies.size())); // every exit was followed by a restart
    for (const auto &e : events)
        if (e.action == "die")
            QCOMPARE(e.attributes.at("exitCode"), std::string("1"));
}

void tst_Containers::stopCancelsRestarts()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    auto &cs = sb->containers();
    for (const char *policy : {"always", "unless-stopped"}) {
        ContainerSpec s = spec("crashy", std::string("c-") + policy);
        s.restartPolicy = policy;
        QVERIFY(cs.create(s).ok());
        QVERIFY(cs.start(s.name).ok());
    }
    runFor(*sb, 2050); // both crashed, restarts pending
    QCOMPARE(state(*sb, "c-always"), std::string("restarting"));
    QVERIFY(cs.stop("c-always").ok()); // a pending restart is cancelled
    runFor(*sb, 500);
    QCOMPARE(state(*sb, "c-unless-stopped"), std::string("running"));
    QVERIFY(cs.stop("c-unless-stopped").ok());
    runFor(*sb, 60'000);
    QCOMPARE(state(*sb, "c-always"), std::string("exited"));
    QCOMPARE(state(*sb, "c-unless-stopped"), std::string("exited"));
    QCOMPARE(cs.find("c-unless-stopped")->exitCode, 0);
    QVERIFY(cs.find("c-always")->manuallyStopped);
    // a policy of "no" leaves a crashed container exited
    QVERIFY(cs.create(spec("crashy", "once")).ok());
    QVERIFY(cs.start("once").ok());
    runFor(*sb, 30'000);
    QCOMPARE(state(*sb, "once"), std::string("exited"));
    QCOMPARE(cs.find("once")->exitCode, 1);
    QCOMPARE(cs.find("once")->restartCount, 0);
}

void tst_Containers::onFailureGivesUpAfterItsRetries()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    auto &cs = sb->containers();
    std::vector<ContainerEvent> events;
    cs.setEventListener([&](const ContainerEvent &e) { events.push_back(e); });
    ContainerSpec s = spec("crashy", "worker");
    s.restartPolicy = "on-failure";
    s.maxRetries = 2;
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("worker").ok());
    runFor(*sb, 60'000);
    const auto c = *cs.find("worker");
    QCOMPARE(c.state, std::string("exited"));
    QCOMPARE(c.exitCode, 1);
    QCOMPARE(c.restartCount, 2);
    QCOMPARE(timesOf(events, "start").size(), std::size_t(3)); // the first run and 2 retries
    QCOMPARE(timesOf(events, "die").size(), std::size_t(3));
    // a start by the user begins again from 0
    QVERIFY(cs.start("worker").ok());
    QCOMPARE(cs.find("worker")->restartCount, 0);
}

void tst_Containers::waitCallsBackWithTheExitCode()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    QVERIFY(cs.create(spec("crashy", "crash")).ok());
    QVERIFY(cs.start("crash").ok());
    std::vector<std::pair<TimeMs, int>> calls;
    QVERIFY(cs.wait("crash", [&](int code) { calls.push_back({sb->sim().now(), code}); }).ok());
    runFor(*sb, 1999);
    QVERIFY(calls.empty());
    runFor(*sb, 10'000);
    QCOMPARE(calls.size(), std::size_t(1));
    QCOMPARE(calls[0].first, kStart + 2000);
    QCOMPARE(calls[0].second, 1);

    // not running: at once with the last exit code
    int now = -1;
    QVERIFY(cs.wait("crash", [&](int code) { now = code; }, sandbox::WaitCondition::NotRunning).ok());
    QCOMPARE(now, 1);

    // a stop and a removal
    QVERIFY(cs.create(spec("my-microservice", "web")).ok());
    QVERIFY(cs.start("web").ok());
    int stopped = -1, removed = -1;
    QVERIFY(cs.wait("web", [&](int code) { stopped = code; }).ok());
    QVERIFY(cs.wait("web", [&](int code) { removed = code; }, sandbox::WaitCondition::Removed).ok());
    QVERIFY(cs.kill("web", "SIGTERM").ok());
    QCOMPARE(stopped, 143);
    QCOMPARE(removed, -1);
    QVERIFY(cs.remove("web").ok());
    QCOMPARE(removed, 143);
    QCOMPARE(cs.wait("web", [](int) {}).error().code, Error::Code::NotFound);
}

void tst_Containers::logsOfANodeImage()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    QVERIFY(cs.create(published("my-microservice", "service-instance", 3000)).ok());
    QVERIFY(cs.start("service-instance").ok());
    QVERIFY(cs.logs("service-instance").empty()); // nothing written yet at the instant it starts
    runFor(*sb, 60'000);

    const auto all = cs.logs("service-instance");
    QVERIFY(all.size() >= 4);
    // built FROM node:14-alpine: it logs as a Node.js 14 program does
    QVERIFY2(texts(all).filter("Server listening on port 8080 (node 14") /* the port its image exposes */.size() == 1, qPrintable(texts(all).join('\n')));
    QVERIFY(std::is_sorted(all.begin(), all.end(), [](const auto &a, const auto &b) { return a.time < b.time; }));
    QVERIFY(all.back().time <= sb->sim().now());

    const auto tail = cs.logs("service-instance", 0, 0, 3);
    QCOMPARE(tail.size(), std::size_t(3));
    QCOMPARE(texts(tail), texts(all).mid(int(all.size()) - 3));

    // a request answered on the published port: morgan's line, in time order
    runFor(*sb, 1000);
    cs.recordRequest("service-instance", "GET", "/api/orders", 201, 12.5);
    runFor(*sb, 1000);
    const TimeMs at = sb->sim().now() - 1000;
    const auto withRequest = cs.logs("service-instance");
    const auto line = std::find_if(withRequest.begin(), withRequest.end(),
                                   [](const auto &l) { return l.text.rfind("GET /api/orders 201 12.500 ms - ", 0) == 0; });
    QVERIFY2(line != withRequest.end(), qPrintable(texts(withRequest).join('\n')));
    QCOMPARE(line->time, at);
    QVERIFY(!line->isStderr);
    // since/until bound the lines (inclusive)
    const auto around = cs.logs("service-instance", at, at);
    QVERIFY(texts(around).contains(QString::fromStdString(line->text)));
    for (const auto &l : around)
        QCOMPARE(l.time, at);
    QVERIFY(cs.logs("service-instance", at + 1).size() < withRequest.size());
    QVERIFY(cs.logs("nope").empty());
}

void tst_Containers::logsKeepEveryRun()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    auto &cs = sb->containers();
    ContainerSpec s = spec("crashy", "flaky");
    s.restartPolicy = "always";
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("flaky").ok());
    runFor(*sb, 4800); // crashed at 2 s, restarted at 2.1 s, crashed at 4.1 s, restarted at 4.3 s
    const auto lines = cs.logs("flaky");
    const QStringList t = texts(lines);
    QCOMPARE(t.filter("Server listening on port 3000").size(), 3);
    // a crash's last words go to stderr
    const auto lastWords = std::find_if(lines.begin(), lines.end(), [](const auto &l) { return l.text.rfind("Error:", 0) == 0; });
    QVERIFY(lastWords != lines.end());
    QVERIFY(lastWords->isStderr);
    QCOMPARE(lastWords->time, kStart + 2000);
    QCOMPARE(std::count_if(lines.begin(), lines.end(), [](const auto &l) { return l.text.rfind("Error:", 0) == 0; }), 2);
}

void tst_Containers::portConflictBetweenRunningContainers()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    std::vector<std::string> publishedPorts, unpublished;
    cs.setPortHooks(
        [&](const ContainerInfo &c) {
            for (const auto &p : c.ports)
                publishedPorts.push_back(c.name + ":" + std::to_string(p.hostPort));
            return Status();
        },
        [&](const std::string &id) { unpublished.push_back(cs.find(id) ? cs.find(id)->name : id); });
    QVERIFY(cs.create(published("my-microservice", "one", 3000)).ok());
    const auto two = cs.create(published("my-microservice", "two", 3000));
    QVERIFY(two.ok()); // creating is fine: ports are taken when a container starts
    QVERIFY(cs.start("one").ok());
    QCOMPARE(publishedPorts, std::vector<std::string>({"one:3000"}));

    const auto clash = cs.start("two");
    QVERIFY(!clash.ok());
    QCOMPARE(clash.error().message, "driver failed programming external connectivity on endpoint two (" + two->id +
                                        "): Bind for 0.0.0.0:3000 failed: port is already allocated");
    const auto c = *cs.find("two");
    QCOMPARE(c.state, std::string("created"));
    QCOMPARE(c.error, clash.error().message);
    QCOMPARE(c.exitCode, 128);
    QCOMPARE(publishedPorts.size(), std::size_t(1)); // the hook is not asked for a port that is taken

    // another address or protocol is another port; an address of its own clashes with 0.0.0.0
    ContainerSpec udp = spec("my-microservice", "udp");
    udp.portBindings = {{"8080/udp", "", 3000}};
    QVERIFY(cs.create(udp).ok());
    QVERIFY(cs.start("udp").ok());
    ContainerSpec local = spec("my-microservice", "local");
    local.portBindings = {{"8080/tcp", "127.0.0.1", 3000}};
    QVERIFY(cs.create(local).ok());
    QVERIFY(!cs.start("local").ok());

    QVERIFY(cs.stop("one").ok());
    QCOMPARE(unpublished, std::vector<std::string>({"one"}));
    QVERIFY(cs.start("two").ok());
    QCOMPARE(cs.find("two")->error, std::string());
    QCOMPARE(publishedPorts.back(), std::string("two:3000"));

    // hostPort 0: the next free port of the ephemeral range
    ContainerSpec any = spec("my-microservice", "any");
    any.portBindings = {{"8080/tcp", "", 0}};
    QVERIFY(cs.create(any).ok());
    QVERIFY(cs.start("any").ok());
    QCOMPARE(cs.find("any")->ports.front().hostPort, 32768);
    ContainerSpec all = spec("my-microservice", "all");
    all.publishAllPorts = true; // the image EXPOSEs 8080
    QVERIFY(cs.create(all).ok());
    QVERIFY(cs.start("all").ok());
    QCOMPARE(cs.find("all")->ports, std::vector<sandbox::PortBinding>({{"8080/tcp", "", 32769}}));
}

void tst_Containers::publishHookFailureFailsTheStart()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    std::vector<ContainerEvent> events;
    cs.setEventListener([&](const ContainerEvent &e) { events.push_back(e); });
    bool refuse = true;
    cs.setPortHooks(
        [&](const ContainerInfo &c) -> Status {
            if (refuse)
                return Error::make(Error::Code::Conflict, "listen tcp4 0.0.0.0:" + std::to_string(c.ports.front().hostPort) +
                                                              ": bind: address already in use");
            return {};
        },
        {});
    QVERIFY(cs.create(published("my-microservice", "web", 3000)).ok());
    const auto r = cs.start("web");
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message, std::string("listen tcp4 0.0.0.0:3000: bind: address already in use"));
    QCOMPARE(state(*sb, "web"), std::string("created"));
    QCOMPARE(cs.find("web")->error, r.error().message);
    QCOMPARE(actions(events), std::vector<std::string>({"create"}));
    refuse = false;
    QVERIFY(cs.start("web").ok());
    QCOMPARE(state(*sb, "web"), std::string("running"));
}

void tst_Containers::eventsInOrder()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    std::vector<ContainerEvent> events;
    cs.setEventListener([&](const ContainerEvent &e) { events.push_back(e); });
    ContainerSpec s = spec("my-microservice", "web");
    s.labels = {{"team", "blue"}};
    const auto c = cs.create(s);
    QVERIFY(c.ok());
    QVERIFY(cs.start("web").ok());
    runFor(*sb, 3000);
    QVERIFY(cs.kill("web").ok());
    QVERIFY(cs.remove("web").ok());
    QCOMPARE(actions(events), std::vector<std::string>({"create", "start", "kill", "die", "destroy"}));
    for (const auto &e : events) {
        QCOMPARE(e.id, c->id);
        QCOMPARE(e.name, std::string("web"));
        QCOMPARE(e.image, std::string("my-microservice"));
        QCOMPARE(e.attributes.at("team"), std::string("blue"));
    }
    QCOMPARE(events[2].attributes.at("signal"), std::string("9"));
    QCOMPARE(events[3].exitCode, 137);
    QCOMPARE(events[3].attributes.at("exitCode"), std::string("137"));
    QCOMPARE(events[3].time, kStart + 3000);

    // docker stop: SIGTERM, the exit, then stop; docker restart: then start and restart
    events.clear();
    QVERIFY(cs.create(spec("my-microservice", "api")).ok());
    QVERIFY(cs.start("api").ok());
    QVERIFY(cs.stop("api").ok());
    QVERIFY(cs.restart("api").ok());
    QVERIFY(cs.restart("api").ok());
    QCOMPARE(actions(events), std::vector<std::string>({"create", "start", "kill", "die", "stop", "start", "restart",
                                                        "kill", "die", "stop", "start", "restart"}));
    QCOMPARE(events[2].signal, 15);
    QCOMPARE(state(*sb, "api"), std::string("running"));
    QCOMPARE(cs.find("api")->restartCount, 0); // restarts by the user are not the policy's
    // force-removing a running container kills it first
    events.clear();
    QVERIFY(cs.remove("api", true).ok());
    QCOMPARE(actions(events), std::vector<std::string>({"kill", "die", "destroy"}));
}

void tst_Containers::autoRemoveRemovesAfterExit()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    auto &cs = sb->containers();
    std::vector<ContainerEvent> events;
    cs.setEventListener([&](const ContainerEvent &e) { events.push_back(e); });
    ContainerSpec s = spec("crashy", "temp");
    s.autoRemove = true;
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("temp").ok());
    int removedWith = -1;
    QVERIFY(cs.wait("temp", [&](int code) { removedWith = code; }, sandbox::WaitCondition::Removed).ok());
    runFor(*sb, 1000);
    QVERIFY(cs.find("temp"));
    runFor(*sb, 1500);
    QVERIFY(!cs.find("temp"));
    QCOMPARE(removedWith, 1);
    QCOMPARE(actions(events), std::vector<std::string>({"create", "start", "die", "destroy"}));
    // a stop removes it too, after the stop event
    events.clear();
    s.name = "temp2";
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("temp2").ok());
    QVERIFY(cs.stop("temp2").ok());
    QVERIFY(!cs.find("temp2"));
    QCOMPARE(actions(events), std::vector<std::string>({"create", "start", "kill", "die", "stop", "destroy"}));
}

void tst_Containers::oneShotCommands()
{
    auto sb = openSandbox();
    QVERIFY(flotilla::testutil::buildLabelledImage(*sb, "tools", "purpose=tools"));
    auto &cs = sb->containers();
    // busybox's default command is an interactive shell: without a tty (or -i) it ends at once
    QVERIFY(cs.create(spec("tools", "shell")).ok());
    ContainerSpec tty = spec("tools", "tty");
    tty.tty = true;
    QVERIFY(cs.create(tty).ok());
    ContainerSpec echo = spec("tools", "echo");
    echo.cmd = {"echo", "hello", "world"};
    QVERIFY(cs.create(echo).ok());
    ContainerSpec sleeper = spec("tools", "sleeper");
    sleeper.cmd = {"sh", "-c", "sleep 5; echo done"};
    QVERIFY(cs.create(sleeper).ok());
    ContainerSpec failing = spec("tools", "failing");
    failing.cmd = {"false"};
    QVERIFY(cs.create(failing).ok());
    for (const char *name : {"shell", "tty", "echo", "sleeper", "failing"})
        QVERIFY(cs.start(name).ok());
    runFor(*sb, 1000);
    QCOMPARE(state(*sb, "shell"), std::string("exited"));
    QCOMPARE(cs.find("shell")->exitCode, 0);
    QCOMPARE(state(*sb, "tty"), std::string("running"));
    QCOMPARE(state(*sb, "echo"), std::string("exited"));
    QCOMPARE(texts(cs.logs("echo")), QStringList({"hello world"}));
    QCOMPARE(state(*sb, "failing"), std::string("exited"));
    QCOMPARE(cs.find("failing")->exitCode, 1);
    QCOMPARE(state(*sb, "sleeper"), std::string("running"));
    runFor(*sb, 4000);
    QCOMPARE(state(*sb, "sleeper"), std::string("exited"));
    QCOMPARE(cs.find("sleeper")->finishedAt, kStart + 5000);
    QCOMPARE(cs.find("sleeper")->exitCode, 0);
    // the command of a run replaces the image's: a node image told to echo only echoes
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    ContainerSpec nodeEcho = spec("my-microservice", "node-echo");
    nodeEcho.cmd = {"echo", "hi"};
    QVERIFY(cs.create(nodeEcho).ok());
    QVERIFY(cs.start("node-echo").ok());
    runFor(*sb, 1000);
    QCOMPARE(texts(cs.logs("node-echo")), QStringList({"hi"}));
}

void tst_Containers::storeObjectsReflectState()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    std::vector<std::pair<store::WatchEvent::Type, std::string>> seen;
    store::WatchOptions opts;
    opts.kind = std::string(api::kind::Container);
    auto watch = sb->store().watch(opts, [&](std::span<const store::WatchEvent> evs) {
        for (const auto &e : evs)
            seen.push_back({e.type, api::stringField(e.object->status(), "state")});
    });
    QVERIFY(watch.ok());
    ContainerSpec s = published("my-microservice", "service-instance", 3000);
    s.env = {"NODE_ENV=production"};
    s.restartPolicy = "unless-stopped";
    const auto c = cs.create(s);
    QVERIFY(c.ok());
    QVERIFY(sb->flush().ok());
    QVERIFY(cs.start("service-instance").ok());
    QVERIFY(sb->flush().ok());

    const auto obj = sb->store().get(api::kind::Container, "", "service-instance");
    QVERIFY(obj);
    QCOMPARE(obj->apiVersion, std::string("flotilla.dev/v1alpha1"));
    QCOMPARE(obj->kind, std::string("Container"));
    QVERIFY(obj->metadata.ns.empty());
    const api::Json &sp = obj->spec();
    QCOMPARE(sp.value("image", ""), std::string("my-microservice"));
    QCOMPARE(sp.value("imageId", ""), c->imageId);
    QCOMPARE(sp["env"], api::Json::array({"NODE_ENV=production"}));
    QCOMPARE(sp["portBindings"][0].value("hostPort", 0), 3000);
    QCOMPARE(sp["portBindings"][0].value("containerPort", ""), std::string("8080/tcp"));
    QCOMPARE(sp["restartPolicy"].value("name", ""), std::string("unless-stopped"));
    const api::Json &st = obj->status();
    QCOMPARE(st.value("id", ""), c->id);
    QCOMPARE(st.value("state", ""), std::string("running"));
    QCOMPARE(st.value("startedAt", ""), std::string("2026-05-28T20:26:40Z"));
    QCOMPARE(st.value("finishedAt", ""), std::string("0001-01-01T00:00:00Z"));
    QCOMPARE(st.value("ipAddress", ""), std::string("172.17.0.2"));
    QVERIFY(st.value("pid", 0) > 0);

    runFor(*sb, 1234);
    QVERIFY(cs.stop("service-instance").ok());
    QVERIFY(sb->flush().ok());
    const auto stopped = sb->store().get(api::kind::Container, "", "service-instance");
    QCOMPARE(stopped->status().value("state", ""), std::string("exited"));
    QCOMPARE(stopped->status().value("finishedAt", ""), std::string("2026-05-28T20:26:41.234Z"));
    QCOMPARE(stopped->status().value("pid", -1), 0);
    QVERIFY(cs.remove("service-instance").ok());
    QVERIFY(sb->flush().ok());
    QVERIFY(!sb->store().get(api::kind::Container, "", "service-instance"));
    sb->store().unwatch(*watch);

    using T = store::WatchEvent::Type;
    QCOMPARE(seen, (std::vector<std::pair<T, std::string>>{
                       {T::Added, "created"}, {T::Modified, "running"}, {T::Modified, "exited"}, {T::Deleted, "exited"}}));

    // removed from outside (kubectl delete): its ports are let go and its restarts never come
    QVERIFY(buildImage(*sb, kCrashy, "crashy"));
    std::vector<std::string> unpublished;
    cs.setPortHooks({}, [&](const std::string &id) { unpublished.push_back(id); });
    ContainerSpec flaky = spec("crashy", "outside");
    flaky.restartPolicy = "always";
    const auto outside = cs.create(flaky);
    QVERIFY(outside.ok());
    QVERIFY(cs.start("outside").ok());
    QVERIFY(sb->store().remove(api::kind::Container, "", "outside").ok());
    QVERIFY(sb->flush().ok());
    QCOMPARE(unpublished, std::vector<std::string>({outside->id}));
    QVERIFY(!cs.find("outside"));
    const auto pending = sb->sim().pendingTasks();
    runFor(*sb, 10'000);
    QCOMPARE(sb->store().count(api::kind::Container), std::size_t(0));
    QCOMPARE(unpublished.size(), std::size_t(1)); // no crash of a container that is gone
    QVERIFY(sb->sim().pendingTasks() <= pending);
}

void tst_Containers::reopenKeepsContainersRunning()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string runningId;
    {
        auto sb = openSandbox(7, dir.path().toStdString());
        QVERIFY(buildImage(*sb, kService, "my-microservice"));
        QVERIFY(buildImage(*sb, kCrashy, "crashy"));
        auto &cs = sb->containers();
        const auto c = cs.create(published("my-microservice", "web", 3000));
        QVERIFY(c.ok());
        runningId = c->id;
        QVERIFY(cs.start("web").ok());
        ContainerSpec always = spec("my-microservice", "always");
        always.restartPolicy = "always";
        QVERIFY(cs.create(always).ok());
        QVERIFY(cs.start("always").ok());
        QVERIFY(cs.stop("always").ok());
        ContainerSpec unless = spec("my-microservice", "unless");
        unless.restartPolicy = "unless-stopped";
        QVERIFY(cs.create(unless).ok());
        QVERIFY(cs.start("unless").ok());
        QVERIFY(cs.stop("unless").ok());
        QVERIFY(cs.create(spec("crashy", "crashy")).ok());
        runFor(*sb, 1000);
        QVERIFY(cs.start("crashy").ok()); // crashes at +2 s: after the reopen
        runFor(*sb, 1000);
        QVERIFY(sb->flush().ok());
    }
    auto sb = openSandbox(7, dir.path().toStdString());
    auto &cs = sb->containers();
    const auto web = cs.find("web");
    QVERIFY(web);
    QCOMPARE(web->id, runningId);
    QCOMPARE(web->state, std::string("running"));
    QCOMPARE(web->startedAt, kStart); // the same run goes on
    // as after a restart of Docker's daemon: `always` comes back, `unless-stopped` stopped by the user does not
    QCOMPARE(state(*sb, "always"), std::string("running"));
    QCOMPARE(state(*sb, "unless"), std::string("exited"));
    // the publish hook is told of the running ones when it is set
    std::vector<std::string> told;
    cs.setPortHooks([&](const ContainerInfo &c) { told.push_back(c.name); return Status(); }, {});
    std::sort(told.begin(), told.end());
    QCOMPARE(told, std::vector<std::string>({"always", "crashy", "web"}));
    // the crash planned before closing still comes, on time
    QCOMPARE(state(*sb, "crashy"), std::string("running"));
    runFor(*sb, 999);
    QCOMPARE(state(*sb, "crashy"), std::string("running"));
    runFor(*sb, 1);
    QCOMPARE(state(*sb, "crashy"), std::string("exited"));
    QVERIFY(!cs.logs("web").empty());
}

void tst_Containers::statusTextAndTimes()
{
    QCOMPARE(sandbox::formatDockerTime(0), std::string("0001-01-01T00:00:00Z"));
    QCOMPARE(sandbox::formatDockerTime(kStart + 120), std::string("2026-05-28T20:26:40.12Z"));
    QCOMPARE(sandbox::parseDockerTime("2026-05-28T20:26:40.12Z"), kStart + 120);
    QCOMPARE(sandbox::parseDockerTime("0001-01-01T00:00:00Z"), TimeMs(0));
    QCOMPARE(sandbox::dockerHumanDuration(500), std::string("Less than a second"));
    QCOMPARE(sandbox::dockerHumanDuration(1000), std::string("1 second"));
    QCOMPARE(sandbox::dockerHumanDuration(75'000), std::string("About a minute"));
    QCOMPARE(sandbox::dockerHumanDuration(5 * 60'000), std::string("5 minutes"));
    QCOMPARE(sandbox::dockerHumanDuration(3 * 3'600'000), std::string("3 hours"));
    QCOMPARE(sandbox::dockerHumanDuration(3 * 86'400'000), std::string("3 days"));
    QCOMPARE(sandbox::signalNumber("SIGKILL"), std::optional<int>(9));
    QCOMPARE(sandbox::signalNumber("term"), std::optional<int>(15));
    QCOMPARE(sandbox::signalNumber("SIGFOO"), std::optional<int>());

    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    QVERIFY(cs.create(spec("my-microservice", "web")).ok());
    QCOMPARE(cs.find("web")->statusText(sb->sim().now()), std::string("Created"));
    QVERIFY(cs.start("web").ok());
    runFor(*sb, 5 * 60'000);
    QCOMPARE(cs.find("web")->statusText(sb->sim().now()), std::string("Up 5 minutes"));
    QVERIFY(cs.stop("web").ok());
    runFor(*sb, 3000);
    QCOMPARE(cs.find("web")->statusText(sb->sim().now()), std::string("Exited (0) 3 seconds ago"));
}

namespace {
/// The field names of an object's spec and status (the shape, not the values).
std::vector<std::string> shapeOf(const api::Object &o)
{
    std::vector<std::string> keys;
    for (const char *part : {"spec", "status"})
        for (const auto &[k, v] : api::field(o.body, part).items())
            keys.push_back(std::string(part) + "." + k);
    std::sort(keys.begin(), keys.end());
    return keys;
}
} // namespace

void tst_Containers::makeContainerObjectMatchesTheSandboxsShape()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice"));
    auto &cs = sb->containers();
    ContainerSpec s = published("my-microservice", "shape", 3000);
    s.env = {"A=1"};
    s.restartPolicy = "always";
    QVERIFY(cs.create(s).ok());
    QVERIFY(cs.start("shape").ok());
    QVERIFY(sb->flush().ok());
    const auto written = sb->store().get(api::kind::Container, "", "shape");
    QVERIFY(written);
    const ContainerInfo info = sandbox::containerFromObject(*written);

    // what a converter makes from the decoded container has the sandbox's fields and reads back the same
    const auto made = sandbox::makeContainerObject(info);
    QCOMPARE(made->apiVersion, written->apiVersion);
    QCOMPARE(made->kind, written->kind);
    QCOMPARE(made->metadata.name, std::string("shape"));
    QCOMPARE(shapeOf(*made), shapeOf(*written));
    const ContainerInfo back = sandbox::containerFromObject(*made);
    QCOMPARE(back.id, info.id);
    QCOMPARE(back.state, std::string("running"));
    QCOMPARE(back.spec.image, std::string("my-microservice"));
    QCOMPARE(back.spec.env, std::vector<std::string>{"A=1"});
    QCOMPARE(back.spec.restartPolicy, std::string("always"));
    QCOMPARE(back.startedAt, info.startedAt);
    QCOMPARE(back.ports, info.ports);
    QCOMPARE(back.path, info.path);
    QCOMPARE(back.args, info.args);
    QCOMPARE(back.statusText(info.startedAt + 5 * 60'000), std::string("Up 5 minutes"));
}

void tst_Containers::makeImageObjectMatchesTheSandboxsShape()
{
    auto sb = openSandbox();
    QVERIFY(buildImage(*sb, kService, "my-microservice:1.0"));
    const auto stored = sb->imageStore()->find("my-microservice:1.0");
    QVERIFY(stored);
    QVERIFY(sb->recordImage(*stored).ok());
    const auto written = sb->store().get(api::kind::Image, "", api::imageObjectName("my-microservice:1.0"));
    QVERIFY(written);

    api::ImageRecord r;
    r.reference = "my-microservice:1.0";
    r.id = "sha256:" + std::string(64, 'a');
    r.size = 1'234'567;
    r.created = kStart;
    r.layers = api::Json::array({{{"digest", "sha256:" + std::string(64, 'b')}, {"size", 1000}, {"createdBy", "RUN x"}}});
    const auto made = api::makeImageObject(r);
    QCOMPARE(made->kind, written->kind);
    QCOMPARE(made->apiVersion, written->apiVersion);
    QCOMPARE(made->metadata.name, written->metadata.name);
    QCOMPARE(shapeOf(*made), shapeOf(*written));
    const auto summary = api::summarizeImage(*made);
    QCOMPARE(summary.repository, std::string("my-microservice"));
    QCOMPARE(summary.tag, std::string("1.0"));
    QCOMPARE(summary.digest, r.id);
    QCOMPARE(summary.sizeBytes, std::int64_t(1'234'567));
    QCOMPARE(summary.source, std::string("built"));
    QCOMPARE(made->spec()["layers"][0].value("createdBy", ""), std::string("RUN x"));

    api::ImageRecord untagged = r;
    untagged.reference.clear();
    const auto none = api::makeImageObject(untagged);
    QCOMPARE(none->metadata.name, std::string("none-aaaaaaaaaaaa"));
    QCOMPARE(api::summarizeImage(*none).repository, std::string("<none>"));
}

QTEST_GUILESS_MAIN(tst_Containers)
#include "tst_containers.moc"
