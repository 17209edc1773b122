#include <engine/image/builder.h>
#include <engine/image/catalog.h>
#include <engine/image/reference.h>
#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/engine.h>

#include <archive.h>
#include <archive_entry.h>

#include <QtTest>

#include <filesystem>
#include <functional>
#include <random>
#include <fstream>

using namespace flotilla::engine;
using namespace flotilla::engine::image;
namespace fs = std::filesystem;

namespace {
using Type = BuildEvent::Type;

void writeFile(const fs::path &p, const std::string &text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::string readFile(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

/// Calls `visit` for each entry of a tar blob.
void forEachTarEntry(const std::string &bytes, const std::function<void(archive *, archive_entry *)> &visit)
{
    archive *a = archive_read_new();
    archive_read_support_format_tar(a);
    archive_read_open_memory(a, bytes.data(), bytes.size());
    archive_entry *e;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK)
        visit(a, e);
    archive_read_free(a);
}

/// Files of a tar layer blob: path → content ("" for directories).
std::map<std::string, std::string> tarFiles(const std::string &bytes)
{
    std::map<std::string, std::string> out;
    forEachTarEntry(bytes, [&](archive *a, archive_entry *e) {
        std::string content;
        char buf[4096];
        la_ssize_t n;
        while ((n = archive_read_data(a, buf, sizeof buf)) > 0)
            content.append(buf, size_t(n));
        out[archive_entry_pathname(e)] = content;
    });
    return out;
}

/// A tar in memory with the given (path, content) entries, written by libarchive.
std::string makeTar(const std::vector<std::pair<std::string, std::string>> &files)
{
    std::string tar;
    archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_open(a, &tar, nullptr,
                       [](archive *, void *d, const void *buf, size_t n) -> la_ssize_t {
                           static_cast<std::string *>(d)->append(static_cast<const char *>(buf), n);
                           return la_ssize_t(n);
                       },
                       nullptr);
    for (const auto &[name, content] : files) {
        archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, name.c_str());
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, la_int64_t(content.size()));
        archive_write_header(a, e);
        archive_write_data(a, content.data(), content.size());
        archive_entry_free(e);
    }
    archive_write_close(a);
    archive_write_free(a);
    return tar;
}

/// Owner uid and symlink target of each entry of a tar layer blob: path → "uid" or "uid->target".
std::map<std::string, std::string> tarOwners(const std::string &bytes)
{
    std::map<std::string, std::string> out;
    forEachTarEntry(bytes, [&](archive *, archive_entry *e) {
        std::string v = std::to_string(archive_entry_uid(e));
        if (archive_entry_filetype(e) == AE_IFLNK)
            v += std::string("->") + archive_entry_symlink(e);
        out[archive_entry_pathname(e)] = v;
    });
    return out;
}

struct Recorded {
    std::vector<BuildEvent> events;
    std::vector<std::string> stepStatus() const
    {
        // "CACHED" / "DONE" / "SIMULATED" per step number, in order
        std::vector<std::string> out;
        for (const auto &e : events) {
            if (e.type == Type::StepCached)
                out.push_back("CACHED");
            else if (e.type == Type::StepFinished)
                out.push_back(e.simulated ? "SIMULATED" : "DONE");
        }
        return out;
    }
    BuildEventSink sink()
    {
        return [this](const BuildEvent &e) { events.push_back(e); };
    }
};

class Fixture {
public:
    Fixture()
    {
        QVERIFY2(m_tmp.isValid(), "temporary directory");
        root = m_tmp.path().toStdString();
        context = root + "/ctx";
        storeDir = root + "/images";
        fs::copy(FLOTILLA_SOURCE_DIR "/resources/templates/node-microservice", context, fs::copy_options::recursive);
        auto s = ImageStore::open(storeDir);
        QVERIFY2(s.ok(), s.ok() ? "" : s.error().toString().c_str());
        store = *s;
        builder = std::make_unique<Builder>(store);
    }
    Result<BuildSummary> build(Recorded &rec, BuildOptions opt = {})
    {
        if (opt.dockerfile.empty())
            opt.dockerfile = readFile(context + "/Dockerfile");
        if (opt.tags.empty())
            opt.tags = {"my-microservice"};
        auto ctx = BuildContext::fromDirectory(context, &checksums);
        if (!ctx)
            return ctx.error();
        return builder->build(**ctx, opt, rec.sink());
    }
    QTemporaryDir m_tmp;
    std::string root, context, storeDir;
    ChecksumCache checksums;
    std::shared_ptr<ImageStore> store;
    std::unique_ptr<Builder> builder;
};
} // namespace

class tst_Builder : public QObject {
    Q_OBJECT
private slots:
    void referenceParsing_data();
    void referenceParsing();
    void catalogResolvesCommonTags_data();
    void catalogResolvesCommonTags();
    void courseImageBuilds();
    void secondBuildIsFullyCached();
    void editingAppJsRebuildsOnlyTheLastCopy();
    void editingPackageJsonInvalidatesTheInstall();
    void noCacheRebuildsEverything();
    void buildArgsAndLabels();
    void multiStageCopiesRealFiles();
    void targetBuildsOnlyWhatItNeeds();
    void dockerignoreIsHonoured();
    void failuresLeaveNothingBehind_data();
    void failuresLeaveNothingBehind();
    void cancelStopsTheBuild();
    void heredocCopyAndRun();
    void tarContexts();
    void tarContextRefusesEscapes();
    void ignorePatterns_data();
    void ignorePatterns();
    void checksumCacheAvoidsRereading();
    void tagRemoveAndPrune();
    void storeSurvivesReopen();
    void skopeoAcceptsTheLayout();
    void engineBuildsAndRecordsImages();
    void mutatedDockerfilesFailCleanly();
    void addUnpacksLocalArchives();
    void wildcardRenameMissesTheCache();
    void copyFromKeysOwnershipAndLinks();
    void envInOneInstructionSeesEarlierValues();
    void concurrentWritesOfOneBlob();
    void pruneDuringABuildKeepsItsLayers();
    void copyIntoTheWorkdirWithoutSlash();
};

void tst_Builder::referenceParsing_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("familiar");
    QTest::addColumn<QString>("full");
    QTest::newRow("short") << "node" << "node:latest" << "docker.io/library/node:latest";
    QTest::newRow("tag") << "node:14-alpine" << "node:14-alpine" << "docker.io/library/node:14-alpine";
    QTest::newRow("user repo") << "team/app:1.0" << "team/app:1.0" << "docker.io/team/app:1.0";
    QTest::newRow("registry port") << "localhost:5000/app" << "localhost:5000/app:latest"
                                   << "localhost:5000/app:latest";
    QTest::newRow("library prefix") << "docker.io/library/redis:7.2" << "redis:7.2" << "docker.io/library/redis:7.2";
    QTest::newRow("upper case") << "UPPER/case:tag!" << "" << "";
    QTest::newRow("bad tag") << "app:-x" << "" << "";
    QTest::newRow("empty") << "" << "" << "";
    QTest::newRow("double dot") << "a..b" << "" << "";
}

void tst_Builder::referenceParsing()
{
    QFETCH(QString, input);
    QFETCH(QString, familiar);
    QFETCH(QString, full);
    auto r = parseImageReference(input.toStdString());
    if (familiar.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.rfind("invalid reference format", 0) == 0, r.error().message.c_str());
        return;
    }
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(QString::fromStdString(r->familiar()), familiar);
    QCOMPARE(QString::fromStdString(r->full()), full);
}

void tst_Builder::catalogResolvesCommonTags_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("envNeedle"); // "" = must not resolve
    QTest::addColumn<qint64>("minSize");
    QTest::addColumn<qint64>("maxSize");
    QTest::newRow("node:14-alpine") << "node:14-alpine" << "NODE_VERSION=14.21.3" << 100'000'000LL << 140'000'000LL;
    QTest::newRow("node:20") << "node:20" << "NODE_VERSION=20." << 900'000'000LL << 1'300'000'000LL;
    QTest::newRow("node latest") << "node" << "NODE_VERSION=22." << 900'000'000LL << 1'300'000'000LL;
    QTest::newRow("node:18.17.1-slim") << "node:18.17.1-slim" << "NODE_VERSION=18.17.1" << 100'000'000LL << 300'000'000LL;
    QTest::newRow("python:3.12-slim") << "python:3.12-slim" << "PYTHON_VERSION=3.12." << 100'000'000LL << 200'000'000LL;
    QTest::newRow("python:3") << "python:3" << "PYTHON_VERSION=3.13" << 500'000'000LL << 1'200'000'000LL;
    QTest::newRow("nginx:1.25") << "nginx:1.25" << "NGINX_VERSION=1.25" << 150'000'000LL << 250'000'000LL;
    QTest::newRow("nginx:1.25-alpine") << "nginx:1.25-alpine" << "NGINX_VERSION=1.25" << 10'000'000LL << 80'000'000LL;
    QTest::newRow("redis:7.2") << "redis:7.2" << "REDIS_VERSION=7.2" << 80'000'000LL << 200'000'000LL;
    QTest::newRow("redis:7") << "redis:7" << "REDIS_VERSION=7.4" << 80'000'000LL << 200'000'000LL;
    QTest::newRow("alpine:3.19") << "alpine:3.19" << "PATH=" << 5'000'000LL << 10'000'000LL;
    QTest::newRow("busybox") << "docker.io/library/busybox:1.36" << "PATH=" << 1'000'000LL << 6'000'000LL;
    QTest::newRow("golang:1.22-alpine") << "golang:1.22-alpine" << "GOLANG_VERSION=1.22" << 200'000'000LL << 300'000'000LL;
    QTest::newRow("temurin:21-jre") << "eclipse-temurin:21-jre" << "JAVA_HOME=" << 200'000'000LL << 350'000'000LL;
    QTest::newRow("postgres:16") << "postgres:16" << "PG_MAJOR=16" << 300'000'000LL << 600'000'000LL;
    QTest::newRow("unknown repo") << "mycorp/app:1" << "" << 0LL << 0LL;
    QTest::newRow("unknown variant") << "node:20-windows" << "" << 0LL << 0LL;
    QTest::newRow("unknown version") << "node:99" << "" << 0LL << 0LL;
}

void tst_Builder::catalogResolvesCommonTags()
{
    QFETCH(QString, reference);
    QFETCH(QString, envNeedle);
    QFETCH(qint64, minSize);
    QFETCH(qint64, maxSize);
    const auto img = findCatalogImage(reference.toStdString());
    if (envNeedle.isEmpty()) {
        QVERIFY(!img);
        return;
    }
    QVERIFY(img);
    bool found = false;
    for (const auto &e : img->env)
        found |= e.find(envNeedle.toStdString()) != std::string::npos;
    QVERIFY2(found, envNeedle.toUtf8());
    QVERIFY(img->sizeBytes >= minSize && img->sizeBytes <= maxSize);
}

void tst_Builder::courseImageBuilds()
{
    Fixture f;
    Recorded rec;
    auto r = f.build(rec);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    // FROM, WORKDIR, COPY, RUN, COPY: five steps; EXPOSE and CMD only change the configuration
    QCOMPARE(r->steps, 5);
    QCOMPARE(rec.stepStatus(), (std::vector<std::string>{"DONE", "DONE", "DONE", "SIMULATED", "DONE"}));
    QCOMPARE(rec.events.front().type, Type::Started);
    QCOMPARE(rec.events.back().type, Type::Finished);
    QCOMPARE(r->simulatedSteps, 1);
    // every step started names its instruction's line
    std::vector<int> lines;
    for (const auto &e : rec.events)
        if (e.type == Type::StepStarted)
            lines.push_back(e.info.range.begin.line);
    QCOMPARE(lines, (std::vector<int>{2, 5, 8, 11, 14}));

    const auto img = f.store->find("my-microservice");
    QVERIFY(img);
    QCOMPARE(img->tags, (std::vector<std::string>{"my-microservice:latest"}));
    QCOMPARE(img->layers.size(), size_t(4));
    const auto &cfg = img->config["config"];
    QCOMPARE(cfg["Cmd"], (api::Json{"node", "app.js"}));
    QVERIFY(cfg["ExposedPorts"].contains("8080/tcp"));
    QCOMPARE(cfg["WorkingDir"].get<std::string>(), std::string("/usr/src/app"));
    QCOMPARE(cfg["Entrypoint"], (api::Json{"docker-entrypoint.sh"}));
    QVERIFY(cfg["Env"].dump().find("NODE_VERSION=14.21.3") != std::string::npos);
    QCOMPARE(img->config["rootfs"]["diff_ids"].size(), size_t(4));
    QCOMPARE(img->baseReference, std::string("node:14-alpine"));
    QVERIFY(img->size() > img->baseSize);

    // the COPY layers hold the real files, under the working directory, with real digests
    const auto &copyApp = img->layers[3];
    auto blob = f.store->readBlob(copyApp.blob.digest);
    QVERIFY(blob.ok());
    QCOMPARE(sha256Digest(*blob), copyApp.blob.digest);
    const auto files = tarFiles(*blob);
    QVERIFY(files.count("usr/src/app/app.js"));
    QCOMPARE(files.at("usr/src/app/app.js"), readFile(f.context + "/app.js"));
    QVERIFY(!files.count("usr/src/app/node_modules")); // .dockerignore
    // the RUN layer records its command and is marked simulated
    const auto &run = img->layers[2];
    QVERIFY(run.simulated);
    QVERIFY(run.simulatedSize > 1'000'000);
    QVERIFY(run.createdBy.find("npm install") != std::string::npos);
}

void tst_Builder::secondBuildIsFullyCached()
{
    Fixture f;
    Recorded first, second;
    auto a = f.build(first);
    QVERIFY(a.ok());
    auto blobs = [&] { return std::distance(fs::directory_iterator(f.storeDir + "/blobs/sha256"), {}); };
    const auto blobsBefore = blobs();
    const auto indexTime = fs::last_write_time(f.storeDir + "/index.json");
    auto b = f.build(second);
    QVERIFY(b.ok());
    QCOMPARE(second.stepStatus(), (std::vector<std::string>(5, "CACHED")));
    // nothing new is written: the same manifest, the same index
    QCOMPARE(blobs(), blobsBefore);
    QCOMPARE(b->manifestDigest, a->manifestDigest);
    QVERIFY(fs::last_write_time(f.storeDir + "/index.json") == indexTime);
    QCOMPARE(b->cachedSteps, 5);
    QCOMPARE(b->imageId, a->imageId);
    // the store reopened (a new app session) still has the cache
    auto reopened = ImageStore::open(f.storeDir);
    QVERIFY(reopened.ok());
    Builder again(*reopened);
    Recorded third;
    BuildOptions opt;
    opt.dockerfile = readFile(f.context + "/Dockerfile");
    opt.tags = {"my-microservice"};
    auto ctx = BuildContext::fromDirectory(f.context);
    QVERIFY(ctx.ok());
    auto c = again.build(**ctx, opt, third.sink());
    QVERIFY(c.ok());
    QCOMPARE(third.stepStatus(), (std::vector<std::string>(5, "CACHED")));
    QCOMPARE(c->imageId, a->imageId);
}

void tst_Builder::editingAppJsRebuildsOnlyTheLastCopy()
{
    Fixture f;
    Recorded first, second;
    QVERIFY(f.build(first).ok());
    writeFile(f.context + "/app.js", readFile(f.context + "/app.js") + "\n// v2\n");
    auto b = f.build(second);
    QVERIFY(b.ok());
    QCOMPARE(second.stepStatus(), (std::vector<std::string>{"CACHED", "CACHED", "CACHED", "CACHED", "DONE"}));
}

void tst_Builder::editingPackageJsonInvalidatesTheInstall()
{
    Fixture f;
    Recorded first, second;
    QVERIFY(f.build(first).ok());
    std::string pkg = readFile(f.context + "/package.json");
    pkg.replace(pkg.find("\"express\""), 9, "\"express\": \"^4.19.0\", \"cors\"");
    writeFile(f.context + "/package.json", pkg);
    QVERIFY(f.build(second).ok());
    QCOMPARE(second.stepStatus(), (std::vector<std::string>{"CACHED", "CACHED", "DONE", "SIMULATED", "DONE"}));
}

void tst_Builder::noCacheRebuildsEverything()
{
    Fixture f;
    Recorded first, second;
    QVERIFY(f.build(first).ok());
    BuildOptions opt;
    opt.noCache = true;
    auto r = f.build(second, opt);
    QVERIFY(r.ok());
    QCOMPARE(r->cachedSteps, 0);
    QCOMPARE(second.stepStatus(), (std::vector<std::string>{"DONE", "DONE", "DONE", "SIMULATED", "DONE"}));
}

void tst_Builder::buildArgsAndLabels()
{
    Fixture f;
    const std::string df = "ARG BASE=node:14-alpine\nFROM ${BASE}\nARG MODE=dev\nRUN echo building $MODE\n"
                           "LABEL org.opencontainers.image.title=\"my service\"\nCMD [\"node\"]\n";
    Recorded a, b, c;
    BuildOptions opt;
    opt.dockerfile = df;
    opt.labels = {{"team", "payments"}};
    auto r1 = f.build(a, opt);
    QVERIFY2(r1.ok(), r1.ok() ? "" : r1.error().toString().c_str());
    auto img = f.store->find(r1->imageId);
    QVERIFY(img);
    QCOMPARE(img->config["config"]["Labels"]["team"].get<std::string>(), std::string("payments"));
    QCOMPARE(img->config["config"]["Labels"]["org.opencontainers.image.title"].get<std::string>(),
             std::string("my service"));
    // the same args: cached; another MODE: the RUN runs again
    QVERIFY(f.build(b, opt).ok());
    QCOMPARE(b.stepStatus(), (std::vector<std::string>{"CACHED", "CACHED"}));
    opt.buildArgs = {{"MODE", "prod"}, {"UNUSED", "1"}};
    QVERIFY(f.build(c, opt).ok());
    QCOMPARE(c.stepStatus(), (std::vector<std::string>{"CACHED", "SIMULATED"}));
    QVERIFY(c.events.back().text.find("not consumed: UNUSED") != std::string::npos);
    // the global ARG picks the base image
    Recorded d;
    opt.buildArgs = {{"BASE", "python:3.12-slim"}};
    auto r4 = f.build(d, opt);
    QVERIFY(r4.ok());
    QCOMPARE(f.store->find(r4->imageId)->baseReference, std::string("python:3.12-slim"));
}

void tst_Builder::multiStageCopiesRealFiles()
{
    Fixture f;
    writeFile(f.context + "/main.go", "package main\nfunc main() {}\n");
    const std::string df = "FROM golang:1.22-alpine AS build\nWORKDIR /src\nCOPY main.go .\nRUN go build -o /out/app .\n"
                           "FROM alpine:3.19\nCOPY --from=build /src/main.go /app/main.go\n"
                           "COPY --from=build /out/app /usr/local/bin/app\nCMD [\"app\"]\n";
    Recorded rec;
    BuildOptions opt;
    opt.dockerfile = df;
    opt.tags = {"goapp:1"};
    auto r = f.build(rec, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto img = f.store->find("goapp:1");
    QVERIFY(img);
    QCOMPARE(img->layers.size(), size_t(2));
    const auto files = tarFiles(*f.store->readBlob(img->layers[0].blob.digest));
    QCOMPARE(files.at("app/main.go"), std::string("package main\nfunc main() {}\n"));
    // the binary came from a simulated RUN: a marked placeholder, and the log says so
    const auto bin = tarFiles(*f.store->readBlob(img->layers[1].blob.digest));
    QVERIFY(bin.at("usr/local/bin/app").find("Placeholder") != std::string::npos);
    bool said = false;
    for (const auto &e : rec.events)
        said |= e.type == Type::Output && e.simulated && e.text.find("/out/app") != std::string::npos;
    QVERIFY(said);
    // a change in the build stage's sources reaches the final stage's COPY --from
    writeFile(f.context + "/main.go", "package main\nfunc main() { println(1) }\n");
    Recorded again;
    QVERIFY(f.build(again, opt).ok());
    QCOMPARE(again.stepStatus(),
             (std::vector<std::string>{"CACHED", "CACHED", "DONE", "SIMULATED", "CACHED", "DONE", "DONE"}));
}

void tst_Builder::targetBuildsOnlyWhatItNeeds()
{
    Fixture f;
    const std::string df = "FROM alpine:3.19 AS base\nRUN echo base\nFROM base AS test\nRUN echo test\n"
                           "FROM busybox:1.36 AS unrelated\nRUN echo unrelated\nFROM base AS final\nCMD [\"sh\"]\n";
    Recorded rec;
    BuildOptions opt;
    opt.dockerfile = df;
    opt.target = "test";
    auto r = f.build(rec, opt);
    QVERIFY(r.ok());
    QCOMPARE(r->steps, 4); // base: FROM + RUN, test: FROM + RUN
    for (const auto &e : rec.events)
        QVERIFY(e.info.text.find("unrelated") == std::string::npos);
    Recorded bad;
    opt.target = "nope";
    auto r2 = f.build(bad, opt);
    QVERIFY(!r2.ok());
    QVERIFY(r2.error().message.find("target stage \"nope\" could not be found") != std::string::npos);
}

void tst_Builder::dockerignoreIsHonoured()
{
    Fixture f;
    writeFile(f.context + "/node_modules/left-pad/index.js", "module.exports = 1;\n");
    writeFile(f.context + "/secret.env", "TOKEN=1\n");
    writeFile(f.context + "/.dockerignore", "node_modules\n*.env\n");
    Recorded rec;
    auto r = f.build(rec);
    QVERIFY(r.ok());
    const auto img = f.store->find("my-microservice");
    const auto files = tarFiles(*f.store->readBlob(img->layers.back().blob.digest));
    QVERIFY(files.count("usr/src/app/app.js"));
    QVERIFY(!files.count("usr/src/app/secret.env"));
    QVERIFY(!files.count("usr/src/app/node_modules/left-pad/index.js"));
    Recorded bad;
    BuildOptions opt;
    opt.dockerfile = "FROM alpine:3.19\nCOPY secret.env /\n";
    auto r2 = f.build(bad, opt);
    QVERIFY(!r2.ok());
    QVERIFY(r2.error().message.find("excluded by .dockerignore") != std::string::npos);
}

void tst_Builder::failuresLeaveNothingBehind_data()
{
    QTest::addColumn<QString>("dockerfile");
    QTest::addColumn<QString>("tag");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("missing file") << "FROM node:14-alpine\nWORKDIR /app\nCOPY missing.js ./\n" << "t" << 3 << 6
                                  << "file not found in build context";
    QTest::newRow("context escape") << "FROM node:14-alpine\nCOPY ../secret .\n" << "t" << 2 << 6
                                    << "forbidden path outside the build context";
    QTest::newRow("unknown base") << "FROM nosuchimage:1.0\nRUN true\n" << "t" << 1 << 6 << "not found";
    QTest::newRow("invalid tag") << "FROM alpine:3.19\n" << "UPPER/case:tag!" << 0 << 0 << "invalid reference format";
    QTest::newRow("no wildcard match") << "FROM alpine:3.19\nCOPY *.py /app/\n" << "t" << 2 << 6
                                       << "no source files were specified";
    QTest::newRow("url offline") << "FROM alpine:3.19\nADD https://example.com/x.tgz /x\n" << "t" << 2 << 5
                                 << "needs the network";
    QTest::newRow("unknown instruction") << "FROM alpine:3.19\nFOO bar\n" << "t" << 2 << 1 << "unknown instruction";
    QTest::newRow("empty file") << "\n\n" << "t" << 1 << 0 << "no instructions";
    QTest::newRow("binary file") << QString::fromLatin1(QByteArray("FROM alpine\nRUN \x01\x02\0x", 20)) << "t" << 2 << 7 << "not text"; // the NUL byte
    QTest::newRow("missing FROM") << "RUN echo hi\n" << "t" << 1 << 1 << "FROM";
    QTest::newRow("unterminated heredoc") << "FROM alpine:3.19\nRUN <<EOF\necho hi\n" << "t" << 2 << 5
                                          << "unterminated heredoc";
    QTest::newRow("unterminated JSON") << "FROM alpine:3.19\nCMD [\"node\", \"app.js\"\n" << "t" << 2 << 5
                                       << "unterminated JSON array";
}

void tst_Builder::failuresLeaveNothingBehind()
{
    QFETCH(QString, dockerfile);
    QFETCH(QString, tag);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    Fixture f;
    Recorded rec;
    BuildOptions opt;
    opt.dockerfile = dockerfile.toStdString();
    opt.tags = {tag.toStdString()};
    auto r = f.build(rec, opt);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find(message.toStdString()) != std::string::npos, r.error().message.c_str());
    QCOMPARE(r.error().line, line);
    if (column)
        QCOMPARE(r.error().column, column);
    QCOMPARE(r.error().file, std::string("Dockerfile"));
    QCOMPARE(rec.events.back().type, Type::Failed);
    QVERIFY(rec.events.back().text.find(message.toStdString()) != std::string::npos);
    QVERIFY(f.store->images().empty());
    QVERIFY(fs::is_empty(f.storeDir + "/flotilla/tmp"));
}

void tst_Builder::cancelStopsTheBuild()
{
    Fixture f;
    std::atomic<bool> cancel{false};
    BuildOptions opt;
    opt.dockerfile = readFile(f.context + "/Dockerfile");
    opt.tags = {"my-microservice"};
    opt.simulatedTimeScale = 1.0; // npm install would take seconds
    std::vector<BuildEvent> events;
    auto ctx = BuildContext::fromDirectory(f.context);
    QVERIFY(ctx.ok());
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        cancel = true;
    });
    QElapsedTimer t;
    t.start();
    auto r = f.builder->build(**ctx, opt, [&](const BuildEvent &e) { events.push_back(e); }, &cancel);
    canceller.join();
    QVERIFY(!r.ok());
    QVERIFY(r.error().message.find("cancelled") != std::string::npos);
    QVERIFY(t.elapsed() < 2000);
    QVERIFY(!f.store->find("my-microservice"));
    QVERIFY(fs::is_empty(f.storeDir + "/flotilla/tmp"));
}

void tst_Builder::heredocCopyAndRun()
{
    Fixture f;
    const std::string df = "FROM alpine:3.19\nARG NAME=world\nCOPY <<EOF /etc/greeting\nhello ${NAME}\nEOF\n"
                           "RUN <<EOT\napk add --no-cache curl\nEOT\n";
    Recorded rec;
    BuildOptions opt;
    opt.dockerfile = df;
    auto r = f.build(rec, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto img = f.store->find(r->imageId);
    const auto files = tarFiles(*f.store->readBlob(img->layers[0].blob.digest));
    QCOMPARE(files.at("etc/greeting"), std::string("hello world\n"));
    QVERIFY(img->layers[1].simulated);
    QVERIFY(img->layers[1].createdBy.find("apk add") != std::string::npos);
}

void tst_Builder::tarContexts()
{
    const std::string tar = makeTar({{"Dockerfile", "FROM busybox:1.36\nCOPY src/hello.txt /hello.txt\n"},
                                     {"src/hello.txt", "hi\n"},
                                     {".dockerignore", "secret\n"},
                                     {"secret", "x\n"}});
    auto ctx = BuildContext::fromTar(tar);
    QVERIFY2(ctx.ok(), ctx.ok() ? "" : ctx.error().toString().c_str());
    QVERIFY(!(*ctx)->find("secret"));
    QVERIFY((*ctx)->find("src")); // parent directories appear even when the tar does not list them
    auto text = (*ctx)->readText("Dockerfile");
    QVERIFY(text.ok());
    Fixture f;
    BuildOptions opt;
    opt.dockerfile = *text;
    opt.tags = {"fromtar"};
    Recorded rec;
    auto r = f.builder->build(**ctx, opt, rec.sink());
    QVERIFY(r.ok());
    const auto files = tarFiles(*f.store->readBlob(f.store->find("fromtar")->layers[0].blob.digest));
    QCOMPARE(files.at("hello.txt"), std::string("hi\n"));
}

void tst_Builder::tarContextRefusesEscapes()
{
    for (const char *name : {"../evil", "/etc/passwd", "a/../../evil"}) {
        const std::string tar = makeTar({{name, "x\n"}});
        auto ctx = BuildContext::fromTar(tar);
        QVERIFY2(!ctx.ok(), name);
        QVERIFY(ctx.error().message.find("refused") != std::string::npos);
    }
    auto garbage = BuildContext::fromTar(std::string(3000, 'x'));
    QVERIFY(!garbage.ok());
    QVERIFY(garbage.error().message.find("not a valid tar") != std::string::npos);
}

void tst_Builder::ignorePatterns_data()
{
    QTest::addColumn<QString>("patterns");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("excluded");
    QTest::newRow("dir") << "node_modules" << "node_modules/a/b.js" << true;
    QTest::newRow("star no slash") << "*.md" << "docs/x.md" << false;
    QTest::newRow("star top") << "*.md" << "README.md" << true;
    QTest::newRow("double star") << "**/*.md" << "docs/deep/x.md" << true;
    QTest::newRow("exception") << "*.md\n!README.md" << "README.md" << false;
    QTest::newRow("exception other") << "*.md\n!README.md" << "CHANGES.md" << true;
    QTest::newRow("leading slash") << "/build" << "build/out" << true;
    QTest::newRow("comment") << "# node_modules\n" << "node_modules" << false;
    QTest::newRow("question") << "file?.txt" << "file1.txt" << true;
    QTest::newRow("class") << "log[0-9]" << "log7" << true;
    QTest::newRow("dot slash") << "./tmp" << "tmp/a" << true;
}

void tst_Builder::ignorePatterns()
{
    QFETCH(QString, patterns);
    QFETCH(QString, path);
    QFETCH(bool, excluded);
    const auto m = IgnoreMatcher::parse(patterns.toStdString());
    QCOMPARE(m.excludes(path.toStdString()), excluded);
}

void tst_Builder::checksumCacheAvoidsRereading()
{
    Fixture f;
    ChecksumCache cache;
    auto c1 = BuildContext::fromDirectory(f.context, &cache);
    QVERIFY(c1.ok());
    auto all = (*c1)->resolve(".");
    QVERIFY(all.ok());
    auto s1 = (*c1)->checksum(*all);
    QVERIFY(s1.ok());
    QCOMPARE(cache.size(), size_t(4)); // Dockerfile, app.js, package.json, .dockerignore
    QCOMPARE(cache.misses(), size_t(4));
    // unchanged metadata: the cache answers, no file is read again
    auto c2 = BuildContext::fromDirectory(f.context, &cache);
    QVERIFY(c2.ok());
    auto s2 = (*c2)->checksum(*(*c2)->resolve("."));
    QVERIFY(s2.ok());
    QCOMPARE(*s2, *s1);
    QCOMPARE(cache.hits(), size_t(4));
    QCOMPARE(cache.misses(), size_t(4));
    const std::string app = f.context + "/app.js";
    // a change in content (and so in mtime/size) is noticed
    writeFile(app, "changed\n");
    auto c3 = BuildContext::fromDirectory(f.context, &cache);
    auto s3 = (*c3)->checksum(*(*c3)->resolve("."));
    QVERIFY(s3.ok());
    QVERIFY(*s3 != *s1);
    QCOMPARE(cache.misses(), size_t(5)); // only app.js was read again
}

void tst_Builder::tagRemoveAndPrune()
{
    Fixture f;
    Recorded rec;
    auto r = f.build(rec);
    QVERIFY(r.ok());
    QVERIFY(f.store->tag("my-microservice", "registry.local:5000/team/svc:1.0").ok());
    QCOMPARE(f.store->find("registry.local:5000/team/svc:1.0")->id, r->imageId);
    QVERIFY(!f.store->tag("nope", "x").ok());
    QVERIFY(!f.store->tag("my-microservice", "Bad:Tag!").ok());
    // removing one of two tags keeps the image
    auto rm1 = f.store->remove("my-microservice");
    QVERIFY(rm1.ok());
    QVERIFY(rm1->empty());
    QVERIFY(f.store->find(r->imageId.substr(7, 12)));
    auto rm2 = f.store->remove("registry.local:5000/team/svc:1.0");
    QVERIFY(rm2.ok());
    QCOMPARE(rm2->size(), size_t(1));
    QVERIFY(f.store->images().empty());
    QVERIFY(!f.store->remove("my-microservice").ok());
    const auto report = f.store->prune();
    QVERIFY(report.blobs >= 6); // 4 layers, config, manifest
    QVERIFY(report.cacheRecords > 0);
    QVERIFY(fs::is_empty(f.storeDir + "/blobs/sha256"));
    // after a prune, the next build runs every step again
    Recorded again;
    QVERIFY(f.build(again).ok());
    QCOMPARE(again.stepStatus(), (std::vector<std::string>{"DONE", "DONE", "DONE", "SIMULATED", "DONE"}));
}

void tst_Builder::storeSurvivesReopen()
{
    Fixture f;
    Recorded rec;
    auto r = f.build(rec);
    QVERIFY(r.ok());
    auto again = ImageStore::open(f.storeDir);
    QVERIFY(again.ok());
    const auto img = (*again)->find("my-microservice:latest");
    QVERIFY(img);
    QCOMPARE(img->id, r->imageId);
    QCOMPARE(img->layers.size(), size_t(4));
    QVERIFY(img->layers[2].simulated);
    QCOMPARE(img->baseReference, std::string("node:14-alpine"));
    QCOMPARE(img->size(), f.store->find("my-microservice")->size());
    // a damaged index is reported, not wiped
    writeFile(f.storeDir + "/index.json", "{ not json");
    auto broken = ImageStore::open(f.storeDir);
    QVERIFY(!broken.ok());
    QVERIFY(broken.error().message.find("damaged") != std::string::npos);
}

void tst_Builder::skopeoAcceptsTheLayout()
{
    const QString skopeo = QStandardPaths::findExecutable("skopeo");
    QVERIFY2(!skopeo.isEmpty(), "skopeo is installed by packaging/install-deps.sh");
    Fixture f;
    Recorded rec;
    QVERIFY(f.build(rec).ok());
    QProcess p;
    p.start(skopeo, {"inspect", QString::fromStdString("oci:" + f.storeDir + ":my-microservice:latest")});
    QVERIFY(p.waitForFinished(60000));
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const auto j = api::Json::parse(out.toStdString());
    QCOMPARE(j["Layers"].size(), size_t(4));
    QCOMPARE(j["Architecture"].get<std::string>(), std::string("amd64"));
    QVERIFY(j["Env"].dump().find("NODE_VERSION") != std::string::npos);
    QCOMPARE(j["Digest"].get<std::string>(), f.store->find("my-microservice")->manifestDigest);
    // the raw config is the image id's content
    QProcess c;
    c.start(skopeo, {"inspect", "--config", QString::fromStdString("oci:" + f.storeDir + ":my-microservice:latest")});
    QVERIFY(c.waitForFinished(60000));
    QCOMPARE(c.exitCode(), 0);
    const auto cfg = api::Json::parse(c.readAllStandardOutput().toStdString());
    QCOMPARE(cfg["config"]["Cmd"], (api::Json{"node", "app.js"}));
}

void tst_Builder::engineBuildsAndRecordsImages()
{
    QTemporaryDir data;
    Engine engine;
    Engine::Options opts;
    opts.sandbox.dataDir = data.path().toStdString();
    opts.mode = ClockMode::Paused;
    QVERIFY(engine.start(opts).ok());
    BuildRequest req;
    req.contextDir = FLOTILLA_SOURCE_DIR "/resources/templates/node-microservice";
    req.options.dockerfile = readFile(req.contextDir + "/Dockerfile");
    req.options.tags = {"my-microservice", "my-microservice:1.0"};
    std::mutex m;
    std::vector<BuildEvent> events;
    std::promise<Result<BuildSummary>> done;
    const std::thread::id caller = std::this_thread::get_id();
    std::atomic<bool> offThread{true};
    engine.startBuild(
        req,
        [&](const BuildEvent &e) {
            std::lock_guard lock(m);
            offThread = offThread && std::this_thread::get_id() != caller;
            events.push_back(e);
        },
        [&](const Result<BuildSummary> &r) { done.set_value(r); });
    auto fut = done.get_future();
    QCOMPARE(fut.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    const auto result = fut.get();
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().toString().c_str());
    QVERIFY(offThread);
    // the records are in the store before `done` runs
    auto records = engine.call([](sandbox::Sandbox &sb) {
        std::vector<std::string> built;
        for (const auto &o : sb.store().list(api::kind::Image))
            if (api::summarizeImage(*o).source == "built")
                built.push_back(o->metadata.name + "=" + api::summarizeImage(*o).digest);
        return built;
    }).get();
    QCOMPARE(records.size(), size_t(2));
    QCOMPARE(records[0], "my-microservice-1.0=" + result->imageId);
    QCOMPARE(records[1], "my-microservice-latest=" + result->imageId);
    // deleting a built image's record removes that tag from the image store
    auto removed = engine.call([](sandbox::Sandbox &sb) {
        auto r = sb.remove(api::kind::Image, "", "my-microservice-1.0");
        return r.ok() && !sb.imageStore()->find("my-microservice:1.0") && sb.imageStore()->find("my-microservice");
    }).get();
    QVERIFY(removed);
    auto tagged = engine.call([](sandbox::Sandbox &sb) {
        return sb.tagImage("my-microservice", "localhost:5000/my-microservice:2").ok() &&
               sb.store().get(api::kind::Image, "", api::imageObjectName("localhost:5000/my-microservice:2"));
    }).get();
    QVERIFY(tagged);
    auto catalogRefused = engine.call([](sandbox::Sandbox &sb) { return sb.removeImage("node:14-alpine"); }).get();
    QVERIFY(!catalogRefused.ok());
    QVERIFY(catalogRefused.error().message.find("catalog image") != std::string::npos);
    engine.stop();
    // reopened: the image store and the records agree
    Engine again;
    QVERIFY(again.start(opts).ok());
    auto after = again.call([](sandbox::Sandbox &sb) {
        int built = 0;
        for (const auto &o : sb.store().list(api::kind::Image))
            built += api::summarizeImage(*o).source == "built" ? 1 : 0;
        return built;
    }).get();
    QCOMPARE(after, 2);
    const auto pruned = again.call([](sandbox::Sandbox &sb) { return sb.pruneImages(); }).get();
    QCOMPARE(pruned.images, 0); // both images are tagged
    QVERIFY(pruned.cacheRecords > 0);
}

// Every corpus Dockerfile, damaged in many ways, against the course's context: each build ends in an
// image or a located error, never a crash, a hang or a half-written blob.
void tst_Builder::mutatedDockerfilesFailCleanly()
{
    Fixture f;
    std::mt19937 rng(1234);
    int built = 0, failed = 0;
    for (const auto &entry : fs::directory_iterator(FLOTILLA_SOURCE_DIR "/tests/engine/dockerfiles")) {
        if (entry.path().extension() != ".Dockerfile")
            continue;
        const std::string original = readFile(entry.path());
        for (int m = 0; m < 12; ++m) {
            std::string text = original;
            switch (m % 4) {
            case 0: // cut short
                text.resize(std::uniform_int_distribution<std::size_t>(0, text.size())(rng));
                break;
            case 1: // a random byte somewhere
                if (!text.empty())
                    text[std::uniform_int_distribution<std::size_t>(0, text.size() - 1)(rng)] =
                        char(std::uniform_int_distribution<int>(0, 255)(rng));
                break;
            case 2: { // a line duplicated
                const auto at = text.find('\n', std::uniform_int_distribution<std::size_t>(0, text.size())(rng));
                if (at != std::string::npos) {
                    const auto start = text.rfind('\n', at == 0 ? 0 : at - 1);
                    text.insert(at + 1, text.substr(start == std::string::npos ? 0 : start + 1,
                                                    at - (start == std::string::npos ? 0 : start + 1) + 1));
                }
                break;
            }
            case 3: // a run of bytes removed
                if (text.size() > 4) {
                    const auto at = std::uniform_int_distribution<std::size_t>(0, text.size() - 4)(rng);
                    text.erase(at, std::uniform_int_distribution<std::size_t>(1, 4)(rng));
                }
                break;
            }
            Recorded rec;
            BuildOptions opt;
            opt.dockerfile = text.empty() ? std::string("\n") : text;
            opt.tags = {"fuzz:" + std::to_string(m)};
            auto r = f.build(rec, opt);
            QVERIFY(!rec.events.empty());
            const auto last = rec.events.back().type;
            if (r.ok()) {
                ++built;
                QCOMPARE(last, Type::Finished);
            } else {
                ++failed;
                QCOMPARE(last, Type::Failed);
                QVERIFY2(!r.error().message.empty(), entry.path().c_str());
            }
            QVERIFY(fs::is_empty(f.storeDir + "/flotilla/tmp"));
        }
    }
    qInfo("%d builds succeeded, %d failed with an error", built, failed);
    QVERIFY(built > 0 && failed > 0);
}

void tst_Builder::addUnpacksLocalArchives()
{
    Fixture f;
    writeFile(f.context + "/vendor.tar", makeTar({{"lib/a.js", "a\n"}, {"./lib/b.js", "b\n"}}));
    writeFile(f.context + "/evil.tar", makeTar({{"../../etc/passwd", "x\n"}}));
    Recorded rec;
    BuildOptions opt;
    opt.dockerfile = "FROM alpine:3.19\nADD vendor.tar /opt/vendor/\nCOPY vendor.tar /copied/\n";
    auto r = f.build(rec, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto img = f.store->find(r->imageId);
    const auto added = tarFiles(*f.store->readBlob(img->layers[0].blob.digest));
    QCOMPARE(added.at("opt/vendor/lib/a.js"), std::string("a\n"));
    QCOMPARE(added.at("opt/vendor/lib/b.js"), std::string("b\n"));
    const auto copied = tarFiles(*f.store->readBlob(img->layers[1].blob.digest));
    QVERIFY(copied.count("copied/vendor.tar")); // COPY never unpacks
    Recorded bad;
    opt.dockerfile = "FROM alpine:3.19\nADD evil.tar /opt/\n";
    auto r2 = f.build(bad, opt);
    QVERIFY(!r2.ok());
    QVERIFY(r2.error().message.find("outside the destination") != std::string::npos);
    QCOMPARE(r2.error().line, 2);
}

// A wildcard source's checksum names the files it matched: a renamed file is a new layer, not a cache hit
// that would put the old name into the image.
void tst_Builder::wildcardRenameMissesTheCache()
{
    Fixture f;
    writeFile(f.context + "/conf/a.json", "{}\n");
    BuildOptions opt;
    opt.dockerfile = "FROM alpine:3.19\nCOPY conf/*.json /etc/app/\n";
    Recorded first;
    QVERIFY(f.build(first, opt).ok());
    fs::rename(f.context + "/conf/a.json", f.context + "/conf/b.json");
    Recorded second;
    auto r = f.build(second, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    QCOMPARE(second.stepStatus(), (std::vector<std::string>{"CACHED", "DONE"}));
    const auto files = tarFiles(*f.store->readBlob(f.store->find(r->imageId)->layers[0].blob.digest));
    QVERIFY(files.count("etc/app/b.json"));
    QVERIFY(!files.count("etc/app/a.json"));
}

// COPY --from keys on everything the copied files carry: owner and symlink target too.
void tst_Builder::copyFromKeysOwnershipAndLinks()
{
    Fixture f;
    fs::create_symlink("app.js", f.context + "/link");
    auto df = [](const char *owner) {
        return std::string("FROM alpine:3.19 AS src\nCOPY --chown=") + owner +
               " app.js /app.js\nCOPY link /link\nFROM alpine:3.19\nCOPY --from=src /app.js /app.js\n"
               "COPY --from=src /link /link\n";
    };
    BuildOptions opt;
    opt.dockerfile = df("1:1");
    Recorded first;
    QVERIFY(f.build(first, opt).ok());
    opt.dockerfile = df("2:2");
    Recorded second;
    auto r = f.build(second, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    QCOMPARE(second.stepStatus(),
             (std::vector<std::string>{"CACHED", "DONE", "DONE", "CACHED", "DONE", "DONE"}));
    const auto img = f.store->find(r->imageId);
    QCOMPARE(tarOwners(*f.store->readBlob(img->layers[0].blob.digest)).at("app.js"), std::string("2"));
    fs::remove(f.context + "/link");
    fs::create_symlink("package.json", f.context + "/link");
    Recorded third;
    auto r3 = f.build(third, opt);
    QVERIFY2(r3.ok(), r3.ok() ? "" : r3.error().toString().c_str());
    QCOMPARE(third.stepStatus(), (std::vector<std::string>{"CACHED", "CACHED", "DONE", "CACHED", "CACHED", "DONE"}));
    const auto img3 = f.store->find(r3->imageId);
    QCOMPARE(tarOwners(*f.store->readBlob(img3->layers[1].blob.digest)).at("link"), std::string("0->package.json"));
}

// "ENV A=2 B=$A" substitutes the values from before the instruction, as Docker documents.
void tst_Builder::envInOneInstructionSeesEarlierValues()
{
    Fixture f;
    BuildOptions opt;
    opt.dockerfile = "FROM scratch\nENV A=1\nENV A=2 B=$A\nLABEL a=$A\n";
    Recorded rec;
    auto r = f.build(rec, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto cfg = f.store->find(r->imageId)->config["config"];
    QCOMPARE(cfg["Env"], (api::Json{"A=2", "B=1"}));
    QCOMPARE(cfg["Labels"]["a"].get<std::string>(), std::string("2"));
}

// Two builds committing the same image write the same config and manifest blobs at once: neither may
// fail nor leave a blob that is not what its digest says.
void tst_Builder::concurrentWritesOfOneBlob()
{
    Fixture f;
    std::atomic<int> failures{0}, turn{0};
    std::vector<std::string> digests(24);
    auto writer = [&](int who) {
        for (int i = 0; i < int(digests.size()); ++i) {
            const std::string bytes(std::size_t(1) << 21, char('a' + i % 26));
            turn.fetch_add(1);
            while (turn.load() < 2 * (i + 1)) // both threads start each blob together
                std::this_thread::yield();
            auto d = f.store->writeBlob(bytes + std::to_string(i), kMediaTypeConfig);
            if (!d)
                ++failures;
            else if (who == 0)
                digests[std::size_t(i)] = d->digest;
        }
    };
    std::thread other(writer, 1);
    writer(0);
    other.join();
    QCOMPARE(failures.load(), 0);
    for (const auto &d : digests) {
        auto bytes = f.store->readBlob(d);
        QVERIFY(bytes.ok());
        QCOMPARE(sha256Digest(*bytes), d);
    }
}

// A prune while a build runs (Images menu) must not delete the layers the build has written but no
// image refers to yet: the image it commits would name blobs that are gone.
void tst_Builder::pruneDuringABuildKeepsItsLayers()
{
    Fixture f;
    BuildOptions opt;
    opt.dockerfile = readFile(f.context + "/Dockerfile");
    opt.tags = {"my-microservice"};
    auto ctx = BuildContext::fromDirectory(f.context);
    QVERIFY(ctx.ok());
    int pruned = 0;
    auto r = f.builder->build(**ctx, opt, [&](const BuildEvent &e) {
        if (e.type == Type::StepStarted && e.info.text.rfind("RUN", 0) == 0)
            pruned += f.store->prune().blobs;
    });
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto img = f.store->find("my-microservice");
    QVERIFY(img);
    for (const auto &l : img->layers)
        QVERIFY2(f.store->hasBlob(l.blob.digest), l.createdBy.c_str());
    QVERIFY(f.store->hasBlob(img->id));
    QCOMPARE(pruned, 0);
    // once the image is committed, its layers are the image's: a prune keeps them, a later one too
    f.store->prune();
    for (const auto &l : img->layers)
        QVERIFY(f.store->hasBlob(l.blob.digest));
}

// The working directory (and each directory above it) exists: "COPY app.js /app" after "WORKDIR /app"
// copies into it, as Docker does, instead of replacing the directory by a file.
void tst_Builder::copyIntoTheWorkdirWithoutSlash()
{
    Fixture f;
    BuildOptions opt;
    opt.dockerfile = "FROM alpine:3.19\nWORKDIR /usr/src/app\nCOPY app.js /usr/src/app\nCOPY package.json /usr/src\n"
                     "COPY app.js /usr/src/app/main.js\n";
    Recorded rec;
    auto r = f.build(rec, opt);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    const auto img = f.store->find(r->imageId);
    QVERIFY(tarFiles(*f.store->readBlob(img->layers[1].blob.digest)).count("usr/src/app/app.js"));
    QVERIFY(tarFiles(*f.store->readBlob(img->layers[2].blob.digest)).count("usr/src/package.json"));
    QVERIFY(tarFiles(*f.store->readBlob(img->layers[3].blob.digest)).count("usr/src/app/main.js"));
}

QTEST_GUILESS_MAIN(tst_Builder)
#include "tst_builder.moc"
