#include "catalog.h"

#include "../api/kinds.h"
#include "../api/types.h"

#include <openssl/sha.h>

namespace flotilla::engine::sandbox {

namespace {
constexpr std::int64_t MB = 1000 * 1000;
const std::vector<std::string> kPath = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};

std::vector<std::string> withPath(std::vector<std::string> env)
{
    env.insert(env.begin(), kPath.front());
    return env;
}
} // namespace

const std::vector<CatalogImage> &catalogImages()
{
    static const std::vector<CatalogImage> images = {
        {"node", "14-alpine", 119 * MB, withPath({"NODE_VERSION=14.21.3", "YARN_VERSION=1.22.19"}),
         {"docker-entrypoint.sh"}, {"node"}, "", {}, "Node.js 14 on Alpine Linux (the course's base image)"},
        {"node", "20-alpine", 135 * MB, withPath({"NODE_VERSION=20.11.1", "YARN_VERSION=1.22.19"}),
         {"docker-entrypoint.sh"}, {"node"}, "", {}, "Node.js 20 on Alpine Linux"},
        {"python", "3.12-slim", 130 * MB, withPath({"LANG=C.UTF-8", "PYTHON_VERSION=3.12.2"}), {}, {"python3"}, "",
         {}, "Python 3.12 on Debian slim"},
        {"nginx", "1.25", 187 * MB, withPath({"NGINX_VERSION=1.25.4"}), {"/docker-entrypoint.sh"},
         {"nginx", "-g", "daemon off;"}, "", {"80/tcp"}, "nginx web server"},
        {"redis", "7.2", 138 * MB, withPath({"REDIS_VERSION=7.2.4"}), {"docker-entrypoint.sh"}, {"redis-server"},
         "/data", {"6379/tcp"}, "Redis key-value store"},
        {"alpine", "3.19", 7'400'000, kPath, {}, {"/bin/sh"}, "", {}, "Alpine Linux"},
        {"busybox", "1.36", 4'260'000, kPath, {}, {"sh"}, "", {}, "BusyBox"},
    };
    return images;
}

const CatalogImage *findCatalogImage(const std::string &reference)
{
    auto [repo, tag] = api::splitImageReference(reference);
    for (const char *prefix : {"docker.io/library/", "docker.io/", "library/"})
        if (repo.rfind(prefix, 0) == 0)
            repo = repo.substr(std::string(prefix).size());
    for (const auto &img : catalogImages())
        if (img.repository == repo && img.tag == tag)
            return &img;
    if (tag == "latest") // the newest tag the catalog has of that repository
        for (const auto &img : catalogImages())
            if (img.repository == repo)
                return &img;
    return nullptr;
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

api::MutableObjectPtr makeCatalogImageObject(const CatalogImage &image)
{
    api::Json config = {{"Env", image.env}, {"Cmd", image.cmd}};
    if (!image.entrypoint.empty())
        config["Entrypoint"] = image.entrypoint;
    if (!image.workingDir.empty())
        config["WorkingDir"] = image.workingDir;
    if (!image.exposedPorts.empty()) {
        api::Json ports = api::Json::object();
        for (const auto &p : image.exposedPorts)
            ports[p] = api::Json::object();
        config["ExposedPorts"] = ports;
    }
    const api::Json imageConfig = {{"architecture", "amd64"}, {"os", "linux"}, {"config", config}};
    auto obj = std::make_shared<api::Object>();
    obj->apiVersion = "flotilla.dev/v1alpha1";
    obj->kind = std::string(api::kind::Image);
    const std::string reference = image.repository + ":" + image.tag;
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

} // namespace flotilla::engine::sandbox
