// The sandbox's Docker Engine API, driven by the real docker CLI over its unix socket.

#include <engine/engine.h>
#include <engine/image/imagestore.h>
#include <engine/sandbox/sandbox.h>

#include <QtTest>

#include "testservers.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace flotilla::engine;
using api::Json;
using flotilla::testsupport::freePort;

class tst_DockerApi : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void socketIsPrivate();
    void versionAndInfo();
    void listsAndInspectsImages();
    void negotiatesVersions();
    void buildsTheCourseImage();
    void buildErrorsAreDockers();
    void refusesHostileContexts();
    void runsTheCourseContainer();
    void containerErrorsAreDockers();
    void streamsEvents();
    void runsInTheForeground();
    void refusesASecondServerAndReplacesAStaleSocket();

private:
    struct Run {
        int exitCode = -1;
        QString out;
        QString err;
    };
    /// The real docker CLI against the sandbox's socket, with a configuration folder of its own.
    Run docker(const QStringList &args, const QString &workDir = {})
    {
        QProcess p;
        if (!workDir.isEmpty())
            p.setWorkingDirectory(workDir);
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

    /// One raw HTTP request on the socket; the whole answer (head and body) as text. `declaredLength`: the
    /// Content-Length sent, when not the body's.
    QByteArray raw(const QByteArray &method, const QByteArray &target, const QByteArray &body, qint64 declaredLength = -1)
    {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr {};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", m_socket.c_str());
        if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            ::close(fd);
            return {};
        }
        timeval timeout {30, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        const QByteArray request = method + " " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/x-tar\r\n"
                                   "Content-Length: " + QByteArray::number(declaredLength >= 0 ? declaredLength : body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        for (qsizetype sent = 0; sent < request.size();) {
            const ssize_t n = ::send(fd, request.constData() + sent, std::size_t(request.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
        QByteArray answer;
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
            answer.append(buf, n);
        ::close(fd);
        return answer;
    }
    /// A ustar entry: header and content padded to 512 bytes. type '0' file, '1' hard link, '2' symlink, '5' folder.
    static QByteArray tarEntry(const QByteArray &name, const QByteArray &content, char type = '0', const QByteArray &link = {})
    {
        QByteArray h(512, '\0');
        auto put = [&h](int at, const QByteArray &v) { std::memcpy(h.data() + at, v.constData(), std::size_t(v.size())); };
        put(0, name);
        put(100, "0000644");
        put(108, "0000000");
        put(116, "0000000");
        put(124, QByteArray::number(type == '0' ? content.size() : 0, 8).rightJustified(11, '0'));
        put(136, "14712345670");
        h[156] = type;
        put(157, link);
        put(257, QByteArray("ustar\0", 6) + "00");
        put(148, "        ");
        unsigned sum = 0;
        for (char c : h)
            sum += static_cast<unsigned char>(c);
        put(148, QByteArray::number(sum, 8).rightJustified(6, '0') + QByteArray("\0 ", 2));
        QByteArray out = h;
        if (type == '0') {
            out += content;
            out += QByteArray((512 - content.size() % 512) % 512, '\0');
        }
        return out;
    }
    /// curl as the course runs it; exit code and output.
    static Run curl(const QStringList &args)
    {
        QProcess p;
        p.start("curl", QStringList{"-sS", "--max-time", "10"} + args);
        if (!p.waitForFinished(20'000))
            return {};
        return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
                QString::fromUtf8(p.readAllStandardError()).trimmed()};
    }
    /// 3000 when it is free (the course's port), or another free loopback port.
    static QByteArray tarEnd() { return QByteArray(1024, '\0'); }
    static bool write(const QString &path, const QByteArray &text)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
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
            .call([method, path](sandbox::Sandbox &sb) { return serve::handleDockerRequest(sb, {method, path, {}, {}, {}, {}}); })
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

void tst_DockerApi::buildsTheCourseImage()
{
    // the course's service, its Dockerfile verbatim, built with the course's command from its folder
    const QString app = m_dir.filePath("my-microservice");
    QVERIFY(QDir().mkpath(app));
    QVERIFY(write(app + "/Dockerfile", "# Step 1: Specify the base image\nFROM node:14-alpine\n\n"
                                      "# Step 2: Set the working directory inside the container\nWORKDIR /usr/src/app\n\n"
                                      "# Step 3: Copy package files to install dependencies\nCOPY package*.json ./\n\n"
                                      "# Step 4: Install dependencies\nRUN npm install\n\n"
                                      "# Step 5: Copy the rest of the application code\nCOPY . .\n\n"
                                      "# Step 6: Expose the port the app runs on\nEXPOSE 8080\n\n"
                                      "# Step 7: Define the command to run the app\nCMD [\"node\", \"app.js\"]\n"));
    QVERIFY(write(app + "/package.json", R"({"name": "my-microservice", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}})"));
    QVERIFY(write(app + "/app.js", "const express = require('express');\nconst app = express();\n"
                                   "app.get('/', (req, res) => res.send('Hello from my-microservice'));\napp.listen(8080);\n"));
    QVERIFY(write(app + "/.dockerignore", "node_modules\n"));

    const Run build = docker({"build", "-t", "my-microservice", "."}, app);
    QVERIFY2(build.exitCode == 0, qPrintable(build.out + "\n" + build.err));
    QVERIFY2(build.out.contains("Step 1/5 : FROM docker.io/library/node:14-alpine"), qPrintable(build.out));
    QVERIFY2(build.out.contains("Step 4/5 : RUN npm install"), qPrintable(build.out));
    QVERIFY2(build.out.contains("(simulated)"), qPrintable(build.out)); // RUN is not executed, and it says so
    QVERIFY2(build.out.contains("Successfully tagged my-microservice:latest"), qPrintable(build.out));
    const QRegularExpression built("Successfully built ([0-9a-f]{12})");
    const QString id = built.match(build.out).captured(1);
    QVERIFY2(!id.isEmpty(), qPrintable(build.out));
    const Run images = docker({"images", "my-microservice", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"});
    QCOMPARE(images.out, "my-microservice:latest " + id);
    const Run inspect = docker({"image", "inspect", "my-microservice", "--format", "{{json .Config.Cmd}} {{.Config.WorkingDir}}"});
    QCOMPARE(inspect.out, QStringLiteral("[\"node\",\"app.js\"] /usr/src/app"));

    // again: every step from the cache, the same image
    const Run again = docker({"build", "-t", "my-microservice", "."}, app);
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    QCOMPARE(again.out.count("Using cache"), 4);
    QVERIFY2(again.out.contains("Successfully built " + id), qPrintable(again.out));

    // -f, --build-arg, --label, --target and --no-cache reach the builder
    QVERIFY(write(app + "/Dockerfile.stages", "FROM node:14-alpine AS base\nARG GREETING=hi\nLABEL greeting=$GREETING\n"
                                              "FROM base AS test\nRUN npm test\n"));
    const Run staged = docker({"build", "-f", "Dockerfile.stages", "--build-arg", "GREETING=hello", "--label", "team=course",
                               "--target", "base", "--no-cache", "-t", "staged:1", "."}, app);
    QVERIFY2(staged.exitCode == 0, qPrintable(staged.out + staged.err));
    QVERIFY2(!staged.out.contains("npm test"), qPrintable(staged.out)); // the test stage was not built
    const Run labels = docker({"image", "inspect", "staged:1", "--format", "{{index .Config.Labels \"greeting\"}} {{index .Config.Labels \"team\"}}"});
    QCOMPARE(labels.out, QStringLiteral("hello course"));
}

void tst_DockerApi::buildErrorsAreDockers()
{
    const QString dir = m_dir.filePath("broken");
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(write(dir + "/Dockerfile", "FROM node:14-alpine\nCOPY missing.txt /app/\n"));
    const Run missing = docker({"build", "-t", "broken", "."}, dir);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("missing.txt"), qPrintable(missing.out + missing.err));
    QVERIFY(docker({"image", "inspect", "broken"}).exitCode != 0); // nothing half-made

    QVERIFY(write(dir + "/Dockerfile", "FROM node:14-alpine\nRUNN npm install\n"));
    const Run typo = docker({"build", "-t", "broken", "."}, dir);
    QCOMPARE(typo.exitCode, 1);
    QVERIFY2(typo.err.contains("Dockerfile:2"), qPrintable(typo.err));

    const Run noFile = docker({"build", "-f", "Nope.dockerfile", "."}, dir);
    QCOMPARE(noFile.exitCode, 1);

    // what the CLI would catch first, the server refuses too
    std::string dockerfile;
    serve::DockerRequest r;
    r.parameters = {{"t", "UPPER/case:tag!"}};
    auto options = serve::dockerBuildOptions(r, dockerfile);
    QVERIFY(!options.ok());
    QVERIFY2(options.error().message.find("invalid reference format") != std::string::npos, options.error().message.c_str());
    r.parameters = {{"t", "a"}, {"t", "b:2"}, {"buildargs", R"({"X":"1","Y":null})"}, {"dockerfile", "sub/Dockerfile"}};
    options = serve::dockerBuildOptions(r, dockerfile);
    QVERIFY(options.ok());
    QCOMPARE(options->tags, (std::vector<std::string>{"a", "b:2"}));
    QCOMPARE(options->buildArgs, (std::map<std::string, std::string>{{"X", "1"}}));
    QCOMPARE(dockerfile, std::string("sub/Dockerfile"));
    r.parameters = {{"labels", "[1]"}};
    QVERIFY(!serve::dockerBuildOptions(r, dockerfile).ok());
}

void tst_DockerApi::refusesHostileContexts()
{
    const QByteArray dockerfile = tarEntry("Dockerfile", "FROM node:14-alpine\nCOPY . /app/\n");
    const auto refused = [this](const QByteArray &tar, const char *expected) {
        const QByteArray answer = raw("POST", "/v1.47/build?t=hostile", tar);
        if (!answer.startsWith("HTTP/1.1 400"))
            return QString("not a 400: ") + answer.left(300);
        if (!answer.contains(expected))
            return QString("no \"%1\" in: %2").arg(expected, QString::fromUtf8(answer));
        return QString();
    };
    QString problem = refused("this is not a tar archive at all, and it is long enough to be read" + QByteArray(600, 'x'),
                              "not a valid tar archive");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = refused(dockerfile + tarEntry("../evil", "x") + tarEnd(), "outside the build context");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = refused(dockerfile + tarEntry("/etc/evil", "x") + tarEnd(), "absolute path");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = refused(dockerfile + tarEntry("etc", {}, '2', "/etc") + tarEnd(), "outside the build context");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = refused(dockerfile + tarEntry("sub/up", {}, '2', "../../x") + tarEnd(), "outside the build context");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    problem = refused(dockerfile + tarEntry("passwd", {}, '1', "../etc/passwd") + tarEnd(), "hard link");
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(docker({"image", "inspect", "hostile"}).exitCode != 0);
    // a context over the limit is refused from its announced length, before it is read
    const QByteArray tooLarge = raw("POST", "/v1.47/build?t=hostile", dockerfile, qint64(600) << 20);
    QVERIFY2(tooLarge.startsWith("HTTP/1.1 413"), tooLarge.left(300).constData());
    QVERIFY2(tooLarge.contains("the build context is larger than the sandbox's limit of 512 MiB"), tooLarge.constData());

    // links that stay inside are kept, and a hard link carries its target's content
    const QByteArray fine = dockerfile + tarEntry("app.js", "console.log(1)\n") + tarEntry("main.js", {}, '2', "app.js") +
                            tarEntry("copy.js", {}, '1', "app.js") + tarEnd();
    const QByteArray answer = raw("POST", "/v1.47/build?t=linked", fine);
    QVERIFY2(answer.startsWith("HTTP/1.1 200") && answer.contains("Successfully tagged linked:latest"), answer.constData());
}

void tst_DockerApi::runsTheCourseContainer()
{
    QVERIFY2(!QStandardPaths::findExecutable("curl").isEmpty(), "curl is needed");
    const int port = freePort(3000);
    QVERIFY(port > 0);
    const QString p = QString::number(port);
    // the course's command (with its port 3000 when that is free here)
    const Run run = docker({"run", "-d", "-p", p + ":8080", "--name", "service-instance", "my-microservice"});
    QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    QVERIFY2(QRegularExpression("^[0-9a-f]{64}$").match(run.out).hasMatch(), qPrintable(run.out));
    const QString id = run.out;

    const Run ps = docker({"ps", "--format", "{{.Names}}|{{.Image}}|{{.Ports}}|{{.Status}}|{{.Command}}"});
    QVERIFY2(ps.exitCode == 0, qPrintable(ps.err));
    QCOMPARE(ps.out.section('|', 0, 2), "service-instance|my-microservice|0.0.0.0:" + p + "->8080/tcp");
    QVERIFY2(ps.out.section('|', 3, 3).startsWith("Up "), qPrintable(ps.out));
    QCOMPARE(ps.out.section('|', 4), QStringLiteral("\"docker-entrypoint.s…\"")); // as dockerd shows node images
    const Run command = docker({"ps", "--no-trunc", "--format", "{{.Command}}"});
    QCOMPARE(command.out, QStringLiteral("\"docker-entrypoint.sh node app.js\""));

    // the published port is a real loopback port, answered by the simulated service
    const Run hello = curl({"http://localhost:" + p + "/"});
    QVERIFY2(hello.exitCode == 0, qPrintable(hello.err));
    // what the course's service (Flotilla's node template) answers: its name, version and host (the short id)
    QCOMPARE(Json::parse(hello.out.toStdString()),
             (Json{{"service", "my-microservice"}, {"version", "1.0.0"}, {"host", id.left(12).toStdString()}}));
    QCOMPARE(curl({"http://localhost:" + p + "/healthz"}).out, QStringLiteral("ok"));
    const Run head = curl({"-I", "http://127.0.0.1:" + p + "/orders"});
    QVERIFY2(head.out.contains("X-Powered-By: Express"), qPrintable(head.out));

    const Run logs = docker({"logs", "service-instance"});
    QVERIFY2(logs.exitCode == 0, qPrintable(logs.err));
    QVERIFY2(logs.out.contains("GET / 200"), qPrintable(logs.out)); // the request curl made, in the app's log
    QVERIFY2(logs.out.contains("HEAD /orders 404"), qPrintable(logs.out)); // Express's "Cannot GET" for other paths
    const Run tail = docker({"logs", "--tail", "1", "-t", "service-instance"});
    QCOMPARE(tail.out.count('\n'), 0);
    QVERIFY2(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT").match(tail.out).hasMatch(), qPrintable(tail.out));

    const Run inspect = docker({"inspect", "service-instance", "--format",
                                "{{.State.Status}} {{.Config.Image}} {{(index (index .NetworkSettings.Ports \"8080/tcp\") 0).HostPort}}"});
    QCOMPARE(inspect.out, "running my-microservice " + p);
    const Run portCmd = docker({"port", "service-instance"});
    QVERIFY2(portCmd.out.contains("8080/tcp -> 0.0.0.0:" + p), qPrintable(portCmd.out));

    // a second container on the same host port is refused, as dockerd refuses it
    const Run clash = docker({"run", "-d", "-p", p + ":8080", "--name", "second", "my-microservice"});
    QVERIFY(clash.exitCode != 0);
    QVERIFY2(clash.err.contains("port is already allocated"), qPrintable(clash.err));
    QVERIFY(docker({"rm", "second"}).exitCode == 0);

    // a port the program does not listen on: the connection closes unanswered
    const int other = freePort(port + 1);
    const Run wrong = docker({"run", "-d", "-p", QString::number(other) + ":3000", "--name", "wrong-port", "my-microservice"});
    QVERIFY2(wrong.exitCode == 0, qPrintable(wrong.err));
    const Run empty = curl({"http://127.0.0.1:" + QString::number(other) + "/"});
    QCOMPARE(empty.exitCode, 52); // curl: "Empty reply from server"

    // stop, and the port is free again
    const Run stop = docker({"stop", "service-instance", "wrong-port"});
    QVERIFY2(stop.exitCode == 0, qPrintable(stop.err));
    QCOMPARE(stop.out, QStringLiteral("service-instance\nwrong-port"));
    QCOMPARE(docker({"ps", "-q"}).out, QString());
    const Run all = docker({"ps", "-a", "--filter", "name=service-instance", "--format", "{{.Names}} {{.Status}}"});
    QVERIFY2(all.out.startsWith("service-instance Exited (0)"), qPrintable(all.out));
    QCOMPARE(curl({"http://127.0.0.1:" + p + "/"}).exitCode, 7); // connection refused
    QCOMPARE(docker({"start", "service-instance"}).exitCode, 0);
    const Run again = curl({"http://127.0.0.1:" + p + "/"});
    QVERIFY2(again.out.startsWith("{\"service\":\"my-microservice\""), qPrintable(again.out + again.err));

    // rm refuses a running container; rmi refuses an image in use
    const Run rmRunning = docker({"rm", "service-instance"});
    QVERIFY(rmRunning.exitCode != 0);
    QVERIFY2(rmRunning.err.contains("stop the container before removing or force remove"), qPrintable(rmRunning.err));
    const Run rmiUsed = docker({"rmi", "my-microservice"});
    QVERIFY(rmiUsed.exitCode != 0);
    QVERIFY2(rmiUsed.err.contains("is using its referenced image"), qPrintable(rmiUsed.err));
    QCOMPARE(docker({"rm", "-f", "service-instance", "wrong-port"}).exitCode, 0);
    QCOMPARE(docker({"ps", "-aq"}).out, QString());

    // tag, history and rmi
    QCOMPARE(docker({"tag", "my-microservice", "my-microservice:1.0"}).exitCode, 0);
    QCOMPARE(docker({"images", "my-microservice", "--format", "{{.Tag}}"}).out.split('\n').size(), 2);
    const Run history = docker({"history", "my-microservice:1.0", "--format", "{{.CreatedBy}}"});
    QVERIFY2(history.out.contains("npm install"), qPrintable(history.out));
    const Run rmi = docker({"rmi", "my-microservice:1.0"});
    QVERIFY2(rmi.exitCode == 0, qPrintable(rmi.err));
    QCOMPARE(rmi.out, QStringLiteral("Untagged: my-microservice:1.0"));
    QVERIFY(docker({"image", "inspect", "my-microservice:latest"}).exitCode == 0);
    QVERIFY(!id.isEmpty());
}

void tst_DockerApi::containerErrorsAreDockers()
{
    const Run unknown = docker({"logs", "no-such-container"});
    QVERIFY(unknown.exitCode != 0);
    QVERIFY2(unknown.err.contains("No such container: no-such-container"), qPrintable(unknown.err));
    const Run badName = docker({"create", "--name", "bad name!", "my-microservice"});
    QVERIFY(badName.exitCode != 0);
    QVERIFY2(badName.err.contains("Invalid container name"), qPrintable(badName.err));
    const Run noImage = docker({"run", "-d", "ghost-image"});
    QVERIFY(noImage.exitCode != 0);
    QVERIFY2(noImage.err.contains("ghost-image"), qPrintable(noImage.err));
    QCOMPARE(docker({"create", "--name", "twice", "my-microservice"}).exitCode, 0);
    const Run twice = docker({"create", "--name", "twice", "my-microservice"});
    QVERIFY2(twice.err.contains("is already in use by container"), qPrintable(twice.err));
    const Run kill = docker({"kill", "twice"});
    QVERIFY(kill.exitCode != 0);
    QVERIFY2(kill.err.contains("is not running"), qPrintable(kill.err));
    QCOMPARE(docker({"rm", "twice"}).exitCode, 0);
}

void tst_DockerApi::streamsEvents()
{
    // a live stream: what happens while `docker events` runs reaches it
    QProcess events;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("DOCKER_HOST", QString::fromStdString("unix://" + m_socket));
    env.insert("DOCKER_CONFIG", m_dir.filePath("docker-config"));
    events.setProcessEnvironment(env);
    events.start("docker", {"events", "--filter", "type=container", "--format", "{{.Action}} {{.Actor.Attributes.name}}"});
    QVERIFY(events.waitForStarted());
    QTest::qWait(500); // the stream is open before anything happens
    QCOMPARE(docker({"run", "-d", "--name", "watched", "my-microservice"}).exitCode, 0);
    QCOMPARE(docker({"rm", "-f", "watched"}).exitCode, 0);
    QString seen;
    QTRY_VERIFY_WITH_TIMEOUT((seen += QString::fromUtf8(events.readAllStandardOutput())).contains("destroy watched"), 10'000);
    events.kill();
    events.waitForFinished();
    QVERIFY2(seen.startsWith("create watched\nstart watched\n"), qPrintable(seen));
    QVERIFY2(seen.contains("kill watched\ndie watched\n"), qPrintable(seen));

    // the past, from --since to --until, then the stream ends by itself
    const TimeMs now = m_engine.clock().now;
    const Run past = docker({"events", "--since", "0", "--until", QString::number(now / 1000 + 1), "--filter", "container=watched",
                             "--format", "{{.Action}}"});
    QVERIFY2(past.exitCode == 0, qPrintable(past.err));
    QVERIFY2(past.out.startsWith("create\nstart\n") && past.out.endsWith("destroy"), qPrintable(past.out));
}

void tst_DockerApi::runsInTheForeground()
{
    // `docker run` without -d attaches: the output comes back and the CLI exits with the container's code
    // (the clock runs: a command's exit is timed work of the simulation)
    m_engine.setClockMode(ClockMode::RealTime);
    auto paused = qScopeGuard([this] { m_engine.setClockMode(ClockMode::Paused); });
    const Run echo = docker({"run", "--rm", "--name", "hello", "my-microservice", "echo", "hello from the sandbox"});
    QVERIFY2(echo.exitCode == 0, qPrintable(echo.out + echo.err));
    QCOMPARE(echo.out, QStringLiteral("hello from the sandbox"));
    QVERIFY(docker({"inspect", "hello"}).exitCode != 0); // --rm removed it
    const Run failing = docker({"run", "--name", "failing", "my-microservice", "sh", "-c", "exit 3"});
    QCOMPARE(failing.exitCode, 3);
    QVERIFY2(docker({"ps", "-a", "--filter", "name=failing", "--format", "{{.Status}}"}).out.startsWith("Exited (3)"),
             "the container stays, exited with 3");
    QCOMPARE(docker({"rm", "failing"}).exitCode, 0);
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
