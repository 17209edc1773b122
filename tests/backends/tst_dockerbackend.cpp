// DockerBackend against a real Docker Engine: a dockerd started here on a socket of its own (vfs storage,
// no bridge, no iptables), with a base image imported from busybox-static. Images and containers reach
// the same models as the sandbox's; a build runs its RUN for real and streams that output; a container is
// run, logs, stops and goes; dockerd's own error messages come through. Needs root and dockerd: skipped
// with the reason otherwise.
#include <backends/connection.h>
#include <backends/dockerbackend.h>
#include <backends/dockerclient.h>
#include <models/containermodel.h>
#include <models/imagemodel.h>

#include <QDir>
#include <QFile>
#include <QProcess>

#include "testservers.h"
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

#include <optional>

using namespace flotilla;
using backends::CommandResult;
using backends::DockerBackend;
using backends::DockerClient;
using engine::image::BuildEvent;

namespace {
int rowOf(const QAbstractItemModel &model, int column, const QString &text)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, column).data().toString() == text)
            return r;
    return -1;
}

/// Runs a command and waits for its answer.
template <typename Call>
std::optional<CommandResult> answer(Call call, int timeoutMs = 60'000)
{
    std::optional<CommandResult> result;
    QObject context;
    call(&context, [&](const CommandResult &r) { result = r; });
    (void)QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs);
    return result;
}
} // namespace

class tst_DockerBackend : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void demultiplexesLogFrames();
    void contextTarHonoursDockerignore();
    void imagesAppearInTheImageModel();
    void buildRunsForReal();
    void buildErrorCarriesTheEnginesMessage();
    void containerLifecycle();
    void pushAndPullThroughARegistry();
    void unknownImageGivesTheEnginesMessage();
    void switcherOffersTheEngineOfDockerHost();

private:
    quint64 buildImage(DockerBackend &backend, const QString &dockerfile, const QString &tag,
                       std::vector<BuildEvent> *events, QString *imageId, QString *error);

    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess m_dockerd;
    QString m_host;
    QString m_skip;
};

void tst_DockerBackend::initTestCase()
{
    const QString dockerd = QStandardPaths::findExecutable(QStringLiteral("dockerd"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
    const QString busybox = QStandardPaths::findExecutable(QStringLiteral("busybox"));
    if (::geteuid() != 0)
        m_skip = QStringLiteral("needs root to start a real dockerd");
    else if (dockerd.isEmpty())
        m_skip = QStringLiteral("needs dockerd (package docker.io)");
    else if (busybox.isEmpty())
        m_skip = QStringLiteral("needs busybox (package busybox-static) for a base image");
    if (!m_skip.isEmpty())
        return;
    // unix socket paths are at most 107 bytes: a short folder
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/fdk-XXXXXX"));
    QVERIFY(m_dir->isValid());
    const QString d = m_dir->path();
    m_host = QStringLiteral("unix://") + d + QStringLiteral("/docker.sock");
    m_dockerd.setProcessChannelMode(QProcess::MergedChannels);
    m_dockerd.setStandardOutputFile(d + QStringLiteral("/dockerd.log"));
    m_dockerd.start(dockerd, {QStringLiteral("--storage-driver=vfs"), QStringLiteral("--iptables=false"), QStringLiteral("--bridge=none"),
                              QStringLiteral("--host"), m_host, QStringLiteral("--data-root"), d + QStringLiteral("/data"),
                              QStringLiteral("--exec-root"), d + QStringLiteral("/exec"), QStringLiteral("--pidfile"), d + QStringLiteral("/pid")});
    QVERIFY2(m_dockerd.waitForStarted(10'000), qPrintable(m_dockerd.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(DockerBackend::engineAnswers(m_host, 1000) || m_dockerd.state() != QProcess::Running, 60'000);
    QVERIFY2(m_dockerd.state() == QProcess::Running, "dockerd ended at once: see dockerd.log");

    // the base image: busybox and a few of its names, imported as "base"
    const QString root = d + QStringLiteral("/root");
    QVERIFY(QDir().mkpath(root + QStringLiteral("/bin")));
    QVERIFY(QFile::copy(busybox, root + QStringLiteral("/bin/busybox")));
    QFile::setPermissions(root + QStringLiteral("/bin/busybox"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                                      QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    for (const char *name : {"sh", "echo", "cat", "sleep"})
        QVERIFY(QFile::link(QStringLiteral("busybox"), root + QStringLiteral("/bin/") + QLatin1String(name)));
    QProcess tar;
    tar.start(QStringLiteral("tar"), {QStringLiteral("-C"), root, QStringLiteral("-cf"), d + QStringLiteral("/base.tar"), QStringLiteral(".")});
    QVERIFY(tar.waitForFinished(30'000) && tar.exitCode() == 0);
    QFile tarFile(d + QStringLiteral("/base.tar"));
    QVERIFY(tarFile.open(QIODevice::ReadOnly));
    DockerClient client(m_host);
    QVERIFY(client.negotiate().ok());
    const auto imported = client.request("POST", QStringLiteral("/images/create?fromSrc=-&repo=base&tag=latest"), tarFile.readAll(),
                                         "application/x-tar", 120'000);
    QVERIFY2(imported.ok(), qPrintable(imported.message()));
}

void tst_DockerBackend::cleanupTestCase()
{
    if (m_dockerd.state() == QProcess::NotRunning)
        return;
    m_dockerd.terminate();
    if (!m_dockerd.waitForFinished(30'000)) {
        m_dockerd.kill();
        m_dockerd.waitForFinished(10'000);
    }
}

void tst_DockerBackend::demultiplexesLogFrames()
{
    const auto frame = [](char stream, const QByteArray &data) {
        QByteArray h(8, '\0');
        h[0] = stream;
        h[7] = char(data.size());
        return h + data;
    };
    const QByteArray body = frame(1, "2026-11-28T02:00:00.123456789Z hello\n") + frame(2, "2026-11-28T02:00:01Z oops\n") +
                            frame(1, "2026-11-28T02:00:02Z par") + frame(1, "tial\n");
    const auto r = DockerBackend::parseLogStream(body);
    QCOMPARE(r.lines.size(), 3);
    QCOMPARE(r.lines[0].text, QStringLiteral("hello"));
    QVERIFY(!r.lines[0].isStderr);
    QCOMPARE(r.lines[0].time, QDateTime(QDate(2026, 11, 28), QTime(2, 0, 0, 123), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(r.lines[1].text, QStringLiteral("oops"));
    QVERIFY(r.lines[1].isStderr);
    QCOMPARE(r.lines[2].text, QStringLiteral("partial"));
    // a tty's stream is not multiplexed
    const auto raw = DockerBackend::parseLogStream("plain line\n");
    QCOMPARE(raw.lines.size(), 1);
    QCOMPARE(raw.lines[0].text, QStringLiteral("plain line"));
}

void tst_DockerBackend::contextTarHonoursDockerignore()
{
    QTemporaryDir dir;
    QFile(dir.filePath(QStringLiteral("app.txt"))).open(QIODevice::WriteOnly);
    QFile secret(dir.filePath(QStringLiteral("secret.env")));
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("KEY=1\n");
    secret.close();
    QFile ignore(dir.filePath(QStringLiteral(".dockerignore")));
    QVERIFY(ignore.open(QIODevice::WriteOnly));
    ignore.write("*.env\n");
    ignore.close();
    const auto tar = DockerBackend::contextTar(dir.path(), QStringLiteral("FROM base\n"), QStringLiteral(".df"));
    QVERIFY2(tar.ok(), tar.ok() ? "" : tar.error().toString().c_str());
    QFile out(dir.filePath(QStringLiteral("ctx.tar")));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(tar->data(), qint64(tar->size()));
    out.close();
    QProcess list;
    list.start(QStringLiteral("tar"), {QStringLiteral("-tf"), out.fileName()});
    QVERIFY(list.waitForFinished(10'000));
    const QString names = QString::fromUtf8(list.readAllStandardOutput());
    QVERIFY2(names.contains(QLatin1String("app.txt")), qPrintable(names));
    QVERIFY2(names.contains(QLatin1String(".df")), qPrintable(names));
    QVERIFY2(!names.contains(QLatin1String("secret.env")), qPrintable(names));
}

void tst_DockerBackend::imagesAppearInTheImageModel()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    DockerBackend backend(m_host);
    models::ImageModel images;
    QAbstractItemModelTester tester(&images);
    images.setBackend(&backend);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(images, models::ImageModel::Repository, QStringLiteral("base")) >= 0, 30'000);
    const int row = rowOf(images, models::ImageModel::Repository, QStringLiteral("base"));
    QCOMPARE(images.index(row, models::ImageModel::Tag).data().toString(), QStringLiteral("latest"));
    QVERIFY(images.index(row, models::ImageModel::Size).data(models::ImageModel::SizeBytesRole).toLongLong() > 100'000);
    QCOMPARE(images.index(row, models::ImageModel::Layers).data().toString(), QStringLiteral("1"));
}

quint64 tst_DockerBackend::buildImage(DockerBackend &backend, const QString &dockerfile, const QString &tag,
                                      std::vector<BuildEvent> *events, QString *imageId, QString *error)
{
    QTemporaryDir context;
    QFile note(context.filePath(QStringLiteral("note.txt")));
    if (note.open(QIODevice::WriteOnly))
        note.write("from the context\n");
    note.close();
    backends::BuildSpec spec;
    spec.contextDir = context.path();
    spec.dockerfileText = dockerfile;
    spec.tags = {tag};
    bool finished = false;
    QObject guard;
    connect(&backend, &backends::Backend::buildEventsArrived, &guard, [events](quint64, const std::vector<BuildEvent> &batch) {
        events->insert(events->end(), batch.begin(), batch.end());
    });
    bool ok = false;
    connect(&backend, &backends::Backend::buildFinished, &guard, [&](quint64, bool success, const QString &message, const QString &id) {
        finished = true;
        ok = success;
        *imageId = id;
        *error = message;
    });
    const quint64 id = backend.build(spec);
    (void)QTest::qWaitFor([&] { return finished; }, 180'000);
    return finished ? (ok ? id : 0) : quint64(-1);
}

void tst_DockerBackend::buildRunsForReal()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    DockerBackend backend(m_host);
    models::ImageModel images;
    images.setBackend(&backend);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    std::vector<BuildEvent> events;
    QString imageId, error;
    const quint64 id = buildImage(backend,
                                  QStringLiteral("FROM base\nCOPY note.txt /note.txt\nRUN echo built-for-real > /proof && cat /proof\n"
                                                 "CMD [\"cat\",\"/proof\"]\n"),
                                  QStringLiteral("proof:1"), &events, &imageId, &error);
    QVERIFY2(id != quint64(-1), "the build did not finish");
    QVERIFY2(id != 0, qPrintable(error));
    QVERIFY2(imageId.startsWith(QLatin1String("sha256:")), qPrintable(imageId));
    QVERIFY(!events.empty());
    QCOMPARE(events.front().type, BuildEvent::Type::Started);
    QCOMPARE(events.back().type, BuildEvent::Type::Finished);
    QCOMPARE(events.back().imageId, imageId.toStdString());
    bool sawRun = false, sawOutput = false;
    for (const BuildEvent &ev : events) {
        if (ev.type == BuildEvent::Type::StepStarted && ev.info.text == "RUN echo built-for-real > /proof && cat /proof") {
            sawRun = true;
            QCOMPARE(ev.step, 3);
            QCOMPARE(ev.totalSteps, 4);
        }
        // the real output of RUN: `cat /proof` printed it
        if (ev.type == BuildEvent::Type::Output && ev.step == 3 && ev.text == "built-for-real")
            sawOutput = true;
    }
    QVERIFY(sawRun);
    QVERIFY(sawOutput);
    QVERIFY(std::find(events.back().tags.begin(), events.back().tags.end(), "proof:1") != events.back().tags.end());
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(images, models::ImageModel::Repository, QStringLiteral("proof")) >= 0, 30'000);

    // the same build again: every step from the cache
    events.clear();
    QVERIFY(buildImage(backend, QStringLiteral("FROM base\nCOPY note.txt /note.txt\nRUN echo built-for-real > /proof && cat /proof\n"
                                               "CMD [\"cat\",\"/proof\"]\n"),
                       QStringLiteral("proof:1"), &events, &imageId, &error) > 0);
    const auto cached = std::count_if(events.begin(), events.end(), [](const BuildEvent &ev) { return ev.type == BuildEvent::Type::StepCached; });
    QVERIFY2(cached >= 2, qPrintable(QString::number(cached)));
}

void tst_DockerBackend::buildErrorCarriesTheEnginesMessage()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    DockerBackend backend(m_host);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    std::vector<BuildEvent> events;
    QString imageId, error;
    const quint64 id = buildImage(backend, QStringLiteral("FROM base\nRUN echo about-to-fail && exit 3\n"),
                                  QStringLiteral("broken:1"), &events, &imageId, &error);
    QCOMPARE(id, quint64(0));
    QVERIFY2(error.contains(QLatin1String("returned a non-zero code: 3")), qPrintable(error));
    QCOMPARE(events.back().type, BuildEvent::Type::Failed);
    QVERIFY(std::any_of(events.begin(), events.end(), [](const BuildEvent &ev) {
        return ev.type == BuildEvent::Type::Output && ev.text == "about-to-fail";
    }));
    QVERIFY(std::any_of(events.begin(), events.end(), [](const BuildEvent &ev) { return ev.type == BuildEvent::Type::StepFailed && ev.step == 2; }));
}

void tst_DockerBackend::containerLifecycle()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    DockerBackend backend(m_host);
    models::ContainerModel containers;
    QAbstractItemModelTester tester(&containers);
    containers.setBackend(&backend);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    std::vector<BuildEvent> events;
    QString imageId, error;
    QVERIFY2(buildImage(backend, QStringLiteral("FROM base\nCMD [\"sh\", \"-c\", \"echo hello; sleep 30\"]\n"),
                        QStringLiteral("greeter:1"), &events, &imageId, &error) > 0,
             qPrintable(error));

    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("greeter:1");
    spec.name = QStringLiteral("greeter");
    spec.env = {QStringLiteral("GREETING=hi")};
    const auto ran = answer([&](QObject *ctx, auto done) { backend.runContainer(spec, ctx, done); });
    QVERIFY(ran);
    QVERIFY2(ran->ok, ran->problems.isEmpty() ? "" : qPrintable(ran->problems.first().message));
    QCOMPARE(ran->name, QStringLiteral("greeter"));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter")) >= 0, 30'000);
    int row = rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter"));
    QTRY_COMPARE_WITH_TIMEOUT(containers.index(rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter")), 0)
                                  .data(models::ContainerModel::StateRole).toString(),
                              QStringLiteral("running"), 30'000);
    row = rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter"));
    QCOMPARE(containers.index(row, models::ContainerModel::Image).data().toString(), QStringLiteral("greeter:1"));
    QVERIFY(containers.containerAt(row).spec.env.size() >= 1);
    QVERIFY(containers.containerAt(row).id.size() == 64);

    // the logs, demultiplexed
    bool hello = false;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 std::optional<backends::ContainerLogResult> logs;
                                 QObject ctx;
                                 backend.containerLogs(QStringLiteral("greeter"), 0, 0, &ctx, [&](const backends::ContainerLogResult &r) { logs = r; });
                                 (void)QTest::qWaitFor([&] { return logs.has_value(); }, 10'000);
                                 hello = logs && logs->ok && std::any_of(logs->lines.begin(), logs->lines.end(), [](const auto &l) {
                                             return l.text == QLatin1String("hello") && !l.isStderr && l.time > 0;
                                         });
                                 return hello;
                             })(),
                             20'000);

    // stop (sh as process 1 ignores SIGTERM: the engine kills it after its timeout) → exited
    const auto stopped = answer([&](QObject *ctx, auto done) { backend.stopContainer(QStringLiteral("greeter"), ctx, done); }, 60'000);
    QVERIFY(stopped && stopped->ok);
    QTRY_COMPARE_WITH_TIMEOUT(containers.index(rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter")), 0)
                                  .data(models::ContainerModel::StateRole).toString(),
                              QStringLiteral("exited"), 30'000);
    row = rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter"));
    QVERIFY2(containers.index(row, models::ContainerModel::Status).data().toString().startsWith(QLatin1String("Exited (")),
             qPrintable(containers.index(row, models::ContainerModel::Status).data().toString()));

    // remove → the row goes
    const auto removed = answer([&](QObject *ctx, auto done) { backend.removeContainer(QStringLiteral("greeter"), true, ctx, done); });
    QVERIFY(removed && removed->ok);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(containers, models::ContainerModel::Name, QStringLiteral("greeter")), -1, 30'000);

    // a second removal: dockerd's own words
    const auto again = answer([&](QObject *ctx, auto done) { backend.removeContainer(QStringLiteral("greeter"), true, ctx, done); });
    QVERIFY(again && !again->ok);
    QVERIFY2(again->problems.first().message.contains(QLatin1String("No such container")), qPrintable(again->problems.first().message));
}

void tst_DockerBackend::pushAndPullThroughARegistry()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    if (const QString missing = testsupport::TestRegistry::missingTools(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    testsupport::TestRegistry registry;
    QString error;
    QVERIFY2(registry.start(m_dir->filePath(QStringLiteral("registry")), {testsupport::TestRegistry::Auth::None, false, 0}, &error),
             qPrintable(error));
    const QString address = registry.address();

    DockerBackend backend(m_host);
    models::ImageModel images;
    images.setBackend(&backend);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    const QString target = address + QStringLiteral("/team/base:1.0");
    QStringList progress;
    const auto pushed = answer([&](QObject *ctx, auto done) {
        backend.pushImage(QStringLiteral("base:latest"), target, {}, ctx, [&](const QString &line) { progress << line; }, done);
    });
    QVERIFY(pushed);
    QVERIFY2(pushed->ok, pushed->problems.isEmpty() ? "" : qPrintable(pushed->problems.first().message));
    QVERIFY2(pushed->lines.join(QLatin1Char('\n')).contains(QLatin1String("digest: sha256:")), qPrintable(pushed->lines.join(QLatin1Char('\n'))));
    QVERIFY2(progress.join(QLatin1Char('\n')).contains(QLatin1String("Push")), qPrintable(progress.join(QLatin1Char('\n'))));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(images, models::ImageModel::Repository, address + QStringLiteral("/team/base")) >= 0, 30'000);

    // gone here, then pulled back from the registry
    const auto removed = answer([&](QObject *ctx, auto done) { backend.removeImage(target, false, ctx, done); });
    QVERIFY(removed && removed->ok);
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(images, models::ImageModel::Repository, address + QStringLiteral("/team/base")), -1, 30'000);
    progress.clear();
    const auto pulled = answer([&](QObject *ctx, auto done) {
        backend.pullImage(target, {}, ctx, [&](const QString &line) { progress << line; }, done);
    });
    QVERIFY(pulled);
    QVERIFY2(pulled->ok, pulled->problems.isEmpty() ? "" : qPrintable(pulled->problems.first().message));
    QVERIFY2(pulled->lines.join(QLatin1Char('\n')).contains(QLatin1String("Status:")), qPrintable(pulled->lines.join(QLatin1Char('\n'))));
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(images, models::ImageModel::Repository, address + QStringLiteral("/team/base")) >= 0, 30'000);

    // a registry that does not answer: the engine's message
    const auto failed = answer([&](QObject *ctx, auto done) {
        backend.pullImage(QStringLiteral("127.0.0.1:1/none/such:1"), {}, ctx, {}, done);
    });
    QVERIFY(failed && !failed->ok);
    QVERIFY2(failed->problems.first().message.contains(QLatin1String("127.0.0.1:1")), qPrintable(failed->problems.first().message));
}

void tst_DockerBackend::unknownImageGivesTheEnginesMessage()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    DockerBackend backend(m_host);
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(30'000));
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("no-such-image:1");
    const auto r = answer([&](QObject *ctx, auto done) { backend.runContainer(spec, ctx, done); });
    QVERIFY(r);
    QVERIFY(!r->ok);
    QVERIFY2(r->problems.first().message.contains(QLatin1String("No such image: no-such-image:1")), qPrintable(r->problems.first().message));

    // an engine that does not answer: failed() with the reason
    DockerBackend nowhere(QStringLiteral("unix://") + m_dir->path() + QStringLiteral("/nothing.sock"));
    QSignalSpy failed(&nowhere, &backends::Backend::failed);
    nowhere.start();
    QVERIFY(failed.wait(30'000));
    QVERIFY2(failed.first().first().toString().contains(QLatin1String("Cannot reach the Docker engine")), qPrintable(failed.first().first().toString()));
}

void tst_DockerBackend::switcherOffersTheEngineOfDockerHost()
{
    if (!m_skip.isEmpty())
        QSKIP(qPrintable(m_skip));
    const QByteArray before = qgetenv("DOCKER_HOST");
    const auto restore = qScopeGuard([&] {
        if (before.isEmpty())
            qunsetenv("DOCKER_HOST");
        else
            qputenv("DOCKER_HOST", before);
    });
    qputenv("DOCKER_HOST", m_host.toLocal8Bit());
    const auto found = backends::findDockerEngine();
    QVERIFY(found);
    QCOMPARE(found->kind, backends::ConnectionTarget::Kind::DockerEngine);
    QCOMPARE(found->server, m_host);
    QCOMPARE(found->key(), QStringLiteral("docker:") + m_host);
    QTemporaryDir data;
    const auto targets = backends::listConnectionTargets(data.path(), QStringLiteral("local"), {});
    QVERIFY(std::any_of(targets.begin(), targets.end(), [&](const auto &t) { return t == *found; }));

    // an engine that does not answer is not offered
    qputenv("DOCKER_HOST", (QStringLiteral("unix://") + m_dir->path() + QStringLiteral("/nothing.sock")).toLocal8Bit());
    QVERIFY(!backends::findDockerEngine());
}

QTEST_GUILESS_MAIN(tst_DockerBackend)
#include "tst_dockerbackend.moc"
