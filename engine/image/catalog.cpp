#include "catalog.h"

#include "../api/kinds.h"
#include "../api/types.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>

namespace flotilla::engine::image {

namespace {
constexpr std::int64_t MB = 1000 * 1000;
const std::string kPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// One release line of a repository as its tags name it ("14", "3.12", "1.25") and its newest version.
struct Line {
    std::string key;
    std::string version;
    double sizeScale = 1.0; ///< older lines are a little smaller
};

/// A tag suffix ("alpine", "slim") with the size of that variant's newest image.
struct Variant {
    std::string name;
    std::int64_t sizeBytes;
    std::string distro;
};

struct Repository {
    std::string name;
    std::string description;
    std::vector<Line> lines;       ///< oldest first; the last one is "latest"
    std::vector<Variant> variants; ///< the first is the tag without a suffix
    std::string defaultTag;        ///< shown in a new sandbox
    std::vector<std::string> (*env)(const std::string &version, const std::string &variant);
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string workingDir;
    std::vector<std::string> ports;
};

std::vector<std::string> nodeEnv(const std::string &v, const std::string &)
{
    return {kPath, "NODE_VERSION=" + v, "YARN_VERSION=1.22.19"};
}
std::vector<std::string> pythonEnv(const std::string &v, const std::string &)
{
    return {"PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8",
            "PYTHON_VERSION=" + v};
}
std::vector<std::string> nginxEnv(const std::string &v, const std::string &)
{
    return {kPath, "NGINX_VERSION=" + v, "NJS_VERSION=0.8.4", "PKG_RELEASE=1"};
}
std::vector<std::string> plainEnv(const std::string &, const std::string &) { return {kPath}; }
std::vector<std::string> golangEnv(const std::string &v, const std::string &)
{
    return {"PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "GOLANG_VERSION=" + v, "GOTOOLCHAIN=local", "GOPATH=/go"};
}
std::vector<std::string> temurinEnv(const std::string &v, const std::string &)
{
    return {"JAVA_HOME=/opt/java/openjdk",
            "PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG=en_US.UTF-8", "LANGUAGE=en_US:en", "LC_ALL=en_US.UTF-8", "JAVA_VERSION=jdk-" + v};
}
std::vector<std::string> redisEnv(const std::string &v, const std::string &)
{
    return {kPath, "REDIS_VERSION=" + v};
}
std::vector<std::string> postgresEnv(const std::string &v, const std::string &)
{
    const std::string major = v.substr(0, v.find('.'));
    return {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/" + major + "/bin",
            "PG_MAJOR=" + major, "PG_VERSION=" + v, "PGDATA=/var/lib/postgresql/data"};
}

const std::vector<Repository> &repositories()
{
    static const std::vector<Repository> repos = {
        {"node", "Node.js JavaScript runtime",
         {{"14", "14.21.3", 0.88}, {"16", "16.20.2", 0.92}, {"18", "18.20.5", 0.96}, {"20", "20.18.1", 1.0},
          {"22", "22.11.0", 1.04}},
         {{"", 1100 * MB, "Debian"}, {"alpine", 135 * MB, "Alpine Linux"}, {"slim", 200 * MB, "Debian slim"},
          {"bookworm", 1100 * MB, "Debian 12"}, {"bookworm-slim", 200 * MB, "Debian 12 slim"},
          {"bullseye", 1050 * MB, "Debian 11"}, {"bullseye-slim", 190 * MB, "Debian 11 slim"},
          {"buster", 1000 * MB, "Debian 10"}},
         "14-alpine", nodeEnv, {"docker-entrypoint.sh"}, {"node"}, "", {}},
        {"python", "Python interpreter",
         {{"3.8", "3.8.20", 0.9}, {"3.9", "3.9.20", 0.92}, {"3.10", "3.10.15", 0.95}, {"3.11", "3.11.10", 0.98},
          {"3.12", "3.12.7", 1.0}, {"3.13", "3.13.0", 1.02}},
         {{"", 1020 * MB, "Debian"}, {"slim", 130 * MB, "Debian slim"}, {"alpine", 57 * MB, "Alpine Linux"},
          {"bookworm", 1020 * MB, "Debian 12"}, {"slim-bookworm", 130 * MB, "Debian 12 slim"},
          {"bullseye", 930 * MB, "Debian 11"}, {"slim-bullseye", 125 * MB, "Debian 11 slim"}},
         "3.12-slim", pythonEnv, {}, {"python3"}, "", {}},
        {"nginx", "nginx web server and reverse proxy",
         {{"1.24", "1.24.0", 0.97}, {"1.25", "1.25.5", 0.99}, {"1.26", "1.26.2", 1.0}, {"1.27", "1.27.2", 1.0}},
         {{"", 188 * MB, "Debian"}, {"alpine", 48 * MB, "Alpine Linux"}, {"alpine-slim", 12 * MB, "Alpine Linux"},
          {"bookworm", 188 * MB, "Debian 12"}, {"perl", 236 * MB, "Debian with Perl"}},
         "1.25", nginxEnv, {"/docker-entrypoint.sh"}, {"nginx", "-g", "daemon off;"}, "", {"80/tcp"}},
        {"alpine", "Alpine Linux, a minimal distribution",
         {{"3.16", "3.16.9", 0.95}, {"3.17", "3.17.10", 0.97}, {"3.18", "3.18.9", 0.98}, {"3.19", "3.19.4", 1.0},
          {"3.20", "3.20.3", 1.06}},
         {{"", 7'400'000, "Alpine Linux"}},
         "3.19", plainEnv, {}, {"/bin/sh"}, "", {}},
        {"busybox", "BusyBox, Unix utilities in one small binary",
         {{"1.35", "1.35.0", 0.98}, {"1.36", "1.36.1", 1.0}, {"1.37", "1.37.0", 1.01}},
         {{"", 4'260'000, "BusyBox"}, {"musl", 1'460'000, "BusyBox (musl)"}, {"glibc", 4'260'000, "BusyBox (glibc)"},
          {"uclibc", 1'240'000, "BusyBox (uClibc)"}},
         "1.36", plainEnv, {}, {"sh"}, "", {}},
        {"golang", "Go toolchain",
         {{"1.20", "1.20.14", 0.9}, {"1.21", "1.21.13", 0.94}, {"1.22", "1.22.9", 0.97}, {"1.23", "1.23.3", 1.0}},
         {{"", 838 * MB, "Debian"}, {"alpine", 262 * MB, "Alpine Linux"}, {"bookworm", 838 * MB, "Debian 12"},
          {"bullseye", 780 * MB, "Debian 11"}},
         "1.22-alpine", golangEnv, {}, {"bash"}, "/go", {}},
        {"eclipse-temurin", "Eclipse Temurin OpenJDK builds",
         {{"8", "8u432-b06", 0.8}, {"11", "11.0.25+9", 0.9}, {"17", "17.0.13+11", 0.96}, {"21", "21.0.5+11", 1.0}},
         {{"", 460 * MB, "Ubuntu"}, {"jdk", 460 * MB, "Ubuntu"}, {"jre", 270 * MB, "Ubuntu"},
          {"jdk-alpine", 350 * MB, "Alpine Linux"}, {"jre-alpine", 190 * MB, "Alpine Linux"},
          {"jdk-jammy", 460 * MB, "Ubuntu 22.04"}, {"jre-jammy", 270 * MB, "Ubuntu 22.04"},
          {"jdk-noble", 470 * MB, "Ubuntu 24.04"}, {"jre-noble", 275 * MB, "Ubuntu 24.04"}},
         "21-jre", temurinEnv, {}, {"jshell"}, "", {}},
        {"redis", "Redis in-memory key-value store",
         {{"6.2", "6.2.16", 0.9}, {"7.0", "7.0.15", 0.95}, {"7.2", "7.2.6", 1.0}, {"7.4", "7.4.1", 1.02}},
         {{"", 117 * MB, "Debian"}, {"alpine", 41 * MB, "Alpine Linux"}, {"bookworm", 117 * MB, "Debian 12"}},
         "7.2", redisEnv, {"docker-entrypoint.sh"}, {"redis-server"}, "/data", {"6379/tcp"}},
        {"postgres", "PostgreSQL relational database",
         {{"12", "12.21", 0.9}, {"13", "13.17", 0.92}, {"14", "14.14", 0.95}, {"15", "15.9", 0.97},
          {"16", "16.5", 1.0}, {"17", "17.1", 1.02}},
         {{"", 435 * MB, "Debian"}, {"alpine", 243 * MB, "Alpine Linux"}, {"bookworm", 435 * MB, "Debian 12"}},
         "16-alpine", postgresEnv, {"docker-entrypoint.sh"}, {"postgres"}, "", {"5432/tcp"}},
    };
    return repos;
}

bool isVersionChar(char c) { return std::isdigit((unsigned char)c) || c == '.' || c == 'u' || c == '_' || c == '+'; }

/// "14.21" extends "14"; "7" is extended by "7.2".
bool extendsKey(const std::string &longer, const std::string &key)
{
    return longer.size() > key.size() && longer.compare(0, key.size(), key) == 0 &&
           (longer[key.size()] == '.' || longer[key.size()] == 'u' || longer[key.size()] == '_' ||
            longer[key.size()] == '+');
}

std::optional<CatalogImage> resolve(const Repository &repo, const std::string &tag)
{
    std::string versionPart, variantPart;
    if (tag == "latest" || tag.empty()) {
    } else if (std::isdigit((unsigned char)tag[0])) {
        std::size_t i = 0;
        while (i < tag.size() && isVersionChar(tag[i]))
            ++i;
        versionPart = tag.substr(0, i);
        if (i < tag.size()) {
            if (tag[i] != '-')
                return std::nullopt;
            variantPart = tag.substr(i + 1);
        }
    } else {
        variantPart = tag;
        if (repo.name == "node" && (tag == "lts" || tag == "current"))
            variantPart.clear();
        if (repo.name == "node" && tag.rfind("lts-", 0) == 0)
            variantPart = tag.substr(4);
    }
    const Variant *variant = nullptr;
    for (const auto &v : repo.variants)
        if (v.name == variantPart)
            variant = &v;
    if (!variant)
        return std::nullopt;

    const Line *line = nullptr;
    std::string version;
    if (versionPart.empty()) {
        line = &repo.lines.back();
        version = line->version;
    } else {
        for (const auto &l : repo.lines) {
            if (l.key == versionPart || extendsKey(l.version, versionPart) || l.version == versionPart) {
                line = &l; // the newest line that matches wins ("7" → 7.4)
                version = l.version;
            } else if (extendsKey(versionPart, l.key)) {
                line = &l;
                version = versionPart; // a patch release of a known line: trust the tag
            }
        }
        if (!line)
            return std::nullopt;
    }

    CatalogImage img;
    img.repository = repo.name;
    img.tag = tag.empty() ? "latest" : tag;
    img.sizeBytes = std::llround(double(variant->sizeBytes) * line->sizeScale);
    img.env = repo.env(version, variant->name);
    img.entrypoint = repo.entrypoint;
    img.cmd = repo.cmd;
    if (repo.name == "eclipse-temurin" && variant->name.rfind("jre", 0) == 0)
        img.cmd.clear();
    img.workingDir = repo.workingDir;
    img.exposedPorts = repo.ports;
    img.description = repo.description + " " + version + " on " + variant->distro;
    return img;
}
} // namespace

std::vector<std::string> catalogRepositories()
{
    std::vector<std::string> out;
    for (const auto &r : repositories())
        out.push_back(r.name);
    return out;
}

const std::vector<CatalogImage> &catalogImages()
{
    static const std::vector<CatalogImage> images = [] {
        std::vector<CatalogImage> out;
        for (const auto &r : repositories())
            if (auto img = resolve(r, r.defaultTag))
                out.push_back(*img);
        if (auto extra = findCatalogImage("node:20-alpine"))
            out.insert(out.begin() + 1, *extra);
        return out;
    }();
    return images;
}

std::optional<CatalogImage> findCatalogImage(const std::string &reference)
{
    if (reference.find('@') != std::string::npos)
        return std::nullopt; // a digest names bytes the catalog does not have
    auto [repo, tag] = api::splitImageReference(reference);
    for (const char *prefix : {"docker.io/library/", "index.docker.io/library/", "docker.io/", "library/"})
        if (repo.rfind(prefix, 0) == 0)
            repo = repo.substr(std::string(prefix).size());
    for (const auto &r : repositories())
        if (r.name == repo)
            return resolve(r, tag);
    return std::nullopt;
}

std::string sha256Digest(const std::string &bytes)
{
    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size(), hash);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "sha256:";
    for (unsigned char c : hash) {
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

api::Json catalogImageConfig(const CatalogImage &image)
{
    api::Json config = {{"Env", image.env}, {"Cmd", image.cmd}};
    if (image.cmd.empty())
        config.erase("Cmd");
    if (!image.entrypoint.empty())
        config["Entrypoint"] = image.entrypoint;
    if (!image.workingDir.empty())
        config["WorkingDir"] = image.workingDir;
    if (!image.user.empty())
        config["User"] = image.user;
    if (!image.exposedPorts.empty()) {
        api::Json ports = api::Json::object();
        for (const auto &p : image.exposedPorts)
            ports[p] = api::Json::object();
        config["ExposedPorts"] = ports;
    }
    return config;
}

api::MutableObjectPtr makeCatalogImageObject(const CatalogImage &image)
{
    const api::Json config = catalogImageConfig(image);
    const api::Json imageConfig = {{"architecture", "amd64"}, {"os", "linux"}, {"config", config}};
    auto obj = std::make_shared<api::Object>();
    obj->apiVersion = "flotilla.dev/v1alpha1";
    obj->kind = std::string(api::kind::Image);
    const std::string reference = image.reference();
    obj->metadata.name = api::imageObjectName(reference);
    obj->metadata.labels = {{"flotilla.dev/source", "catalog"}};
    obj->body["spec"] = {
        {"reference", reference},
        {"repository", image.repository},
        {"tag", image.tag},
        {"digest", sha256Digest(imageConfig.dump())},
        {"size", image.sizeBytes},
        {"source", "catalog"},
        {"os", "linux"},
        {"architecture", "amd64"},
        {"description", image.description},
        {"config", config},
    };
    return obj;
}

} // namespace flotilla::engine::image
