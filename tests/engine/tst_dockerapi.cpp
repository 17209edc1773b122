// The sandbox's Docker Engine API, driven by the real docker CLI over its unix socket.

#include <engine/engine.h>
#include <engine/image/imagestore.h>
#include <engine/sandbox/sandbox.h>

#include <QtTest>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace flotilla::engine;
using api::Json;

class tst_DockerApi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void socketIsPrivate();
    void versionAndInfo();
    void listsAndInspectsImages();
    void negotiatesVersions();
    void refusesASecondServerAndReplacesAStaleSocket();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    /// The real docker CLI against the sandbox's socket, with a configuration folder of its own.
    Run docker(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("DOCKER_HOST", QString::fromStdString("unix://" + m_socket));
        env.insert("DOCKER_CONFIG", m_dir.filePath("docker-config"));
        env.remove("DOCKER_CONTEXT");
        p.setProcessEnvironment(env);
        p.start("docker", args);
        if (!p.waitForFinished(30'000))
            return {};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
                QString::fromUtf8(p.readAllStandardError()).trimmed()};
    }

    QTemporaryDir m_dir;
    Engine m_engine;
    std::string m_socket;
    std::string m_imageId;
};

void tst_DockerApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!QStandardPaths::findExecutable("docker").isEmpty(), "the docker CLI is needed (docker --version)");
    Engine::Options o;
    o.sandbox.seed = 3;
    o.mode = ClockMode::Paused;
    QVERIFY(m_engine.start(o).ok());
    // an image in the sandbox's store, as a build leaves it
    m_imageId = m_engine
                    .call([](sandbox::Sandbox &sb) {
                        Json config = {{"architecture", "amd64"},
                                       {"os", "linux"},
                                       {"config", {{"Cmd", {"node", "server.js"}}, {"WorkingDir", "/app"},
                                                   {"Labels", {{"course", "unit3"}}}}},
                                       {"rootfs", {{"type", "layers"}, {"diff_ids", Json::array()}}}};
                        auto img = sb.imageStore()->commit(config, {}, {"my-microservice:latest"}, "node:14-alpine",
                                                           40'000'000, 1'700'000'000'000);
                        return img.ok() ? img->id : std::string();
                    })
                    .get();
    QVERIFY(!m_imageId.empty());
    m_socket = m_dir.filePath("run/flotilla/local.sock").toStdString();
    auto served = m_engine.serveDockerApi(m_socket);
    QVERIFY2(served.ok(), served.ok() ? "" : served.error().toString().c_str());
    QCOMPARE(*served, m_socket);
    QCOMPARE(*m_engine.serveDockerApi(), m_socket); // a second call answers with the running server
}

void tst_DockerApi::cleanupTestCase()
{
    m_engine.stop();
    QVERIFY(!QFileInfo::exists(QString::fromStdString(m_socket))); // the socket file goes with the server
}

void tst_DockerApi::socketIsPrivate()
{
    struct stat st {};
    QCOMPARE(::stat(m_socket.c_str(), &st), 0);
    QVERIFY(S_ISSOCK(st.st_mode));
    QCOMPARE(st.st_mode & 0777, 0600u);
    const std::string dir = m_socket.substr(0, m_socket.rfind('/'));
    QCOMPARE(::stat(dir.c_str(), &st), 0);
    QCOMPARE(st.st_mode & 0777, 0700u);
}

void tst_DockerApi::versionAndInfo()
{
    const Run version = docker({"version", "--format", "{{.Server.APIVersion}} {{.Server.Os}} {{.Client.APIVersion}}"});
    QVERIFY2(version.exitCode == 0, qPrintable(version.err));
    QCOMPARE(version.out, QStringLiteral("1.47 linux 1.47")); // the CLI negotiated down to the server's version
    const Run info = docker({"info", "--format", "{{.OperatingSystem}} / {{.Driver}} / {{.Images}}"});
    QVERIFY2(info.exitCode == 0, qPrintable(info.err));
    QCOMPARE(info.out, QStringLiteral("Flotilla sandbox (simulated containers) / flotilla-sim / 1"));
}

void tst_DockerApi::listsAndInspectsImages()
{
    const Run images = docker({"images", "--format", "{{.Repository}} {{.Tag}} {{.ID}}"});
    QVERIFY2(images.exitCode == 0, qPrintable(images.err));
    QCOMPARE(images.out, QString::fromStdString("my-microservice latest " + m_imageId.substr(7, 12)));
    const Run inspect = docker({"image", "inspect", "my-microservice", "--format",
                                "{{.Id}} {{.Config.WorkingDir}} {{index .Config.Labels \"course\"}} {{.Os}}"});
    QVERIFY2(inspect.exitCode == 0, qPrintable(inspect.err));
    QCOMPARE(inspect.out, QString::fromStdString(m_imageId + " /app unit3 linux"));
    // by a short id, as people copy it from `docker images`
    const Run byId = docker({"image", "inspect", QString::fromStdString(m_imageId.substr(7, 12)), "--format", "{{.Id}}"});
    QCOMPARE(byId.out, QString::fromStdString(m_imageId));
    const Run missing = docker({"image", "inspect", "no-such-image"});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("No such image: no-such-image"), qPrintable(missing.err));
}

void tst_DockerApi::negotiatesVersions()
{
    const auto ask = [this](const std::string &method, const std::string &path) {
        return m_engine
            .call([method, path](sandbox::Sandbox &sb) { return serve::handleDockerRequest(sb, {method, path, {}, {}}); })
            .get();
    };
    auto r = ask("HEAD", "/_ping");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.empty());
    QCOMPARE(ask("GET", "/_ping").body, std::string("OK"));
    QCOMPARE(ask("GET", "/v1.47/version").status, 200);
    QCOMPARE(ask("GET", "/v1.24/images/json").status, 200);
    r = ask("GET", "/v1.99/version");
    QCOMPARE(r.status, 400);
    QCOMPARE(Json::parse(r.body).value("message", ""),
             std::string("client version 1.99 is too new. Maximum supported API version is 1.47"));
    r = ask("GET", "/v1.12/version");
    QCOMPARE(r.status, 400);
    QVERIFY(Json::parse(r.body).value("message", "").find("is too old. Minimum supported API version is 1.24") !=
            std::string::npos);
    QCOMPARE(ask("GET", "/vX/version").status, 404); // not a versioned path, as dockerd routes it
    QCOMPARE(ask("GET", "/v1.47/nothing-here").status, 404);
    QCOMPARE(ask("POST", "/_ping").status, 405);
}

void tst_DockerApi::refusesASecondServerAndReplacesAStaleSocket()
{
    Engine other;
    Engine::Options o;
    o.mode = ClockMode::Paused;
    QVERIFY(other.start(o).ok());
    // the socket is taken: another server is refused, and the first keeps answering
    auto taken = other.serveDockerApi(m_socket);
    QVERIFY(!taken.ok());
    QVERIFY2(taken.error().message.find("already answers") != std::string::npos, taken.error().message.c_str());
    QCOMPARE(docker({"version", "--format", "{{.Server.APIVersion}}"}).out, QStringLiteral("1.47"));
    // a socket file left behind by a process that is gone is replaced
    const std::string stale = m_dir.filePath("stale.sock").toStdString();
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr {};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", stale.c_str());
        QCOMPARE(::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr), 0);
        ::close(fd); // bound, never listening, its owner gone: the file stays
    }
    QVERIFY(QFileInfo::exists(QString::fromStdString(stale)));
    auto replaced = other.serveDockerApi(stale);
    QVERIFY2(replaced.ok(), replaced.ok() ? "" : replaced.error().toString().c_str());
    // a path that is not a socket is never removed
    Engine third;
    QVERIFY(third.start(o).ok());
    const std::string file = m_dir.filePath("plain-file").toStdString();
    QFile f(QString::fromStdString(file));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    auto refused = third.serveDockerApi(file);
    QVERIFY(!refused.ok());
    QVERIFY(QFileInfo::exists(QString::fromStdString(file)));
    other.stop();
    third.stop();
}

QTEST_GUILESS_MAIN(tst_DockerApi)
#include "tst_dockerapi.moc"
