#include "imagestore.h"

#include "catalog.h"
#include "context.h"
#include "reference.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace flotilla::engine::image {

namespace fs = std::filesystem;

namespace {
constexpr const char *kRefName = "org.opencontainers.image.ref.name";
constexpr const char *kBase = "dev.flotilla.base";
constexpr const char *kBaseSize = "dev.flotilla.base-size";
constexpr const char *kSimulatedSize = "dev.flotilla.simulated-size";

Error io(const std::string &what, const std::string &path, int err = errno)
{
    return Error::make(Error::Code::Io, what + " " + path + ": " + std::strerror(err));
}

std::string normalizeTag(const std::string &reference)
{
    auto r = parseImageReference(reference);
    return r ? r->familiar() : reference;
}

bool validDigest(const std::string &d)
{
    if (d.size() != 71 || d.rfind("sha256:", 0) != 0)
        return false;
    for (std::size_t i = 7; i < d.size(); ++i)
        if (!std::isxdigit((unsigned char)d[i]) || std::isupper((unsigned char)d[i]))
            return false;
    return true;
}
} // namespace

api::Json Descriptor::toJson() const
{
    api::Json j = {{"mediaType", mediaType}, {"digest", digest}, {"size", size}};
    if (!annotations.empty())
        j["annotations"] = annotations;
    return j;
}

std::int64_t StoredImage::size() const
{
    std::int64_t total = baseSize;
    for (const auto &l : layers)
        total += l.displaySize();
    return total;
}

Result<std::shared_ptr<ImageStore>> ImageStore::open(const std::string &dir)
{
    std::shared_ptr<ImageStore> s(new ImageStore);
    s->m_dir = dir;
    std::error_code ec;
    fs::create_directories(fs::path(dir) / "blobs" / "sha256", ec);
    fs::create_directories(fs::path(dir) / "flotilla" / "tmp", ec);
    if (ec)
        return Error::make(Error::Code::Io, "cannot create the image store " + dir + ": " + ec.message());
    // leftovers of an interrupted build are never blobs
    for (const auto &e : fs::directory_iterator(fs::path(dir) / "flotilla" / "tmp", ec))
        fs::remove(e.path(), ec);
    if (!fs::exists(fs::path(dir) / "oci-layout")) {
        if (auto st = s->writeFileAtomic((fs::path(dir) / "oci-layout").string(), R"({"imageLayoutVersion":"1.0.0"})");
            !st)
            return st.error();
    }
    if (auto st = s->load(); !st)
        return st.error();
    return s;
}

std::string ImageStore::blobPath(const std::string &digest) const
{
    return m_dir + "/blobs/sha256/" + digest.substr(digest.find(':') + 1);
}

std::string ImageStore::tempDir() const { return m_dir + "/flotilla/tmp"; }

bool ImageStore::hasBlob(const std::string &digest) const
{
    return validDigest(digest) && ::access(blobPath(digest).c_str(), F_OK) == 0;
}

Status ImageStore::writeFileAtomic(const std::string &path, const std::string &bytes, const std::string &tempDir) const
{
    // a name of its own per write: two builds committing the same image write the same blob at once
    static std::atomic<std::uint64_t> counter{0};
    const std::string tmp = (tempDir.empty() ? path : tempDir + "/" + fs::path(path).filename().string()) + ".tmp-" +
                            std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return io("cannot write", tmp);
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return io("cannot write", tmp, err);
        }
        done += std::size_t(n);
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(tmp.c_str());
        return io("cannot replace", path, err);
    }
    return {};
}

Result<Descriptor> ImageStore::writeBlob(const std::string &bytes, const std::string &mediaType)
{
    Descriptor d{mediaType, sha256Digest(bytes), std::int64_t(bytes.size()), {}};
    if (!hasBlob(d.digest))
        if (auto st = writeFileAtomic(blobPath(d.digest), bytes, tempDir()); !st)
            return st.error();
    return d;
}

Result<Descriptor> ImageStore::adoptBlob(const std::string &tempPath, const std::string &digest, std::int64_t size,
                                         const std::string &mediaType)
{
    Descriptor d{mediaType, digest, size, {}};
    if (hasBlob(digest)) {
        ::unlink(tempPath.c_str());
        return d;
    }
    if (::rename(tempPath.c_str(), blobPath(digest).c_str()) != 0) {
        const int err = errno;
        ::unlink(tempPath.c_str());
        return io("cannot store layer", digest, err);
    }
    return d;
}

Result<std::string> ImageStore::readBlob(const std::string &digest) const
{
    if (!validDigest(digest))
        return Error::make(Error::Code::Invalid, "invalid digest " + digest);
    std::ifstream in(blobPath(digest), std::ios::binary);
    if (!in)
        return Error::make(Error::Code::NotFound, "blob " + digest + " is not in the image store");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::optional<StoredImage> ImageStore::loadImage(const std::string &manifestDigest) const
{
    auto mbytes = readBlob(manifestDigest);
    if (!mbytes)
        return std::nullopt;
    const api::Json manifest = api::Json::parse(*mbytes, nullptr, false);
    if (manifest.is_discarded() || !manifest.contains("config") || !manifest.contains("layers"))
        return std::nullopt;
    StoredImage img;
    img.manifestDigest = manifestDigest;
    img.id = manifest["config"].value("digest", "");
    auto cbytes = readBlob(img.id);
    if (!cbytes)
        return std::nullopt;
    img.config = api::Json::parse(*cbytes, nullptr, false);
    if (img.config.is_discarded())
        return std::nullopt;
    const api::Json annotations = manifest.value("annotations", api::Json::object());
    img.baseReference = annotations.value(kBase, "");
    if (annotations.contains(kBaseSize))
        img.baseSize = std::atoll(annotations[kBaseSize].get<std::string>().c_str());
    if (const std::string created = img.config.value("created", ""); !created.empty())
        img.created = 0; // filled from the history below when possible
    std::vector<std::string> createdBy;
    for (const auto &h : img.config.value("history", api::Json::array()))
        if (!h.value("empty_layer", false))
            createdBy.push_back(h.value("created_by", ""));
    std::size_t i = 0;
    for (const auto &l : manifest["layers"]) {
        LayerInfo layer;
        layer.blob.mediaType = l.value("mediaType", "");
        layer.blob.digest = l.value("digest", "");
        layer.blob.size = l.value("size", std::int64_t(0));
        if (l.contains("annotations"))
            for (auto &[k, v] : l["annotations"].items())
                if (v.is_string())
                    layer.blob.annotations[k] = v.get<std::string>();
        if (const auto it = layer.blob.annotations.find(kSimulatedSize); it != layer.blob.annotations.end()) {
            layer.simulated = true;
            layer.simulatedSize = std::atoll(it->second.c_str());
        }
        layer.createdBy = i < createdBy.size() ? createdBy[i] : "";
        ++i;
        img.layers.push_back(std::move(layer));
    }
    if (annotations.contains("dev.flotilla.created"))
        img.created = std::atoll(annotations["dev.flotilla.created"].get<std::string>().c_str());
    return img;
}

Status ImageStore::load()
{
    const std::string indexPath = m_dir + "/index.json";
    std::ifstream in(indexPath);
    if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        const api::Json index = api::Json::parse(ss.str(), nullptr, false);
        if (index.is_discarded() || !index.contains("manifests"))
            return Error::make(Error::Code::Corrupt, "the image index " + indexPath + " is damaged");
        for (const auto &m : index["manifests"]) {
            const std::string digest = m.value("digest", "");
            if (!m_images.count(digest)) {
                auto img = loadImage(digest);
                if (!img)
                    continue; // a manifest whose blobs are gone: dropped from the index on the next write
                m_images.emplace(digest, std::move(*img));
            }
            const std::string ref = m.value("annotations", api::Json::object()).value(kRefName, "");
            auto it = m_images.find(digest);
            if (!ref.empty() && it != m_images.end()) {
                m_tags[ref] = digest;
                it->second.tags.push_back(ref);
            }
        }
    }
    std::ifstream cin(m_dir + "/flotilla/build-cache.json");
    if (cin) {
        std::ostringstream ss;
        ss << cin.rdbuf();
        const api::Json cache = api::Json::parse(ss.str(), nullptr, false);
        if (cache.is_object()) {
            for (auto &[key, rec] : cache.items()) {
                CacheRecord r;
                r.created = rec.value("created", std::int64_t(0));
                if (rec.contains("layer")) {
                    const auto &l = rec["layer"];
                    LayerInfo li;
                    li.blob = {l.value("mediaType", kMediaTypeLayer), l.value("digest", ""), l.value("size", std::int64_t(0)), {}};
                    li.createdBy = l.value("createdBy", "");
                    li.simulated = l.value("simulated", false);
                    li.simulatedSize = l.value("simulatedSize", std::int64_t(0));
                    if (li.simulated)
                        li.blob.annotations[kSimulatedSize] = std::to_string(li.simulatedSize);
                    r.layer = li;
                }
                m_cache.emplace(key, std::move(r));
            }
        }
    }
    return {};
}

Status ImageStore::writeIndex()
{
    api::Json manifests = api::Json::array();
    for (const auto &[ref, digest] : m_tags) {
        const auto it = m_images.find(digest);
        if (it == m_images.end())
            continue;
        std::error_code ec;
        const auto size = fs::file_size(blobPath(digest), ec);
        if (ec)
            continue; // its manifest is gone: the image cannot be listed
        manifests.push_back({{"mediaType", kMediaTypeManifest},
                             {"digest", digest},
                             {"size", size},
                             {"annotations", {{kRefName, ref}, {"io.containerd.image.name", [&] {
                                                                    auto r = parseImageReference(ref);
                                                                    return r ? r->full() : ref;
                                                                }()}}}});
    }
    // untagged images stay listed (as docker lists <none>) until removed or pruned
    for (const auto &[digest, img] : m_images) {
        if (!img.tags.empty())
            continue;
        std::error_code ec;
        const auto size = fs::file_size(blobPath(digest), ec);
        if (ec)
            continue;
        manifests.push_back({{"mediaType", kMediaTypeManifest}, {"digest", digest}, {"size", size}});
    }
    const api::Json index = {{"schemaVersion", 2}, {"mediaType", kMediaTypeIndex}, {"manifests", manifests}};
    return writeFileAtomic(m_dir + "/index.json", index.dump(2));
}

Result<StoredImage> ImageStore::commit(api::Json config, std::vector<LayerInfo> layers,
                                       const std::vector<std::string> &tags, const std::string &baseReference,
                                       std::int64_t baseSize, std::int64_t created)
{
    std::vector<std::string> refs;
    for (const auto &t : tags) {
        auto r = parseImageReference(t);
        if (!r)
            return r.error();
        if (!r->digest.empty())
            return Error::make(Error::Code::Invalid, "a tag cannot name a digest: " + t);
        refs.push_back(r->familiar());
    }
    // One hold of the lock from the check to the index: a prune cannot delete a layer after it was
    // checked, nor the config or manifest before the image refers to them.
    std::lock_guard lock(m_mutex);
    for (const auto &l : layers)
        if (!hasBlob(l.blob.digest))
            return Error::make(Error::Code::NotFound, "the layer " + l.blob.digest + " (" + l.createdBy +
                                                          ") was removed while the build ran; build again");
    auto configBlob = writeBlob(config.dump(), kMediaTypeConfig);
    if (!configBlob)
        return configBlob.error();
    api::Json layerJson = api::Json::array();
    for (const auto &l : layers)
        layerJson.push_back(l.blob.toJson());
    api::Json annotations = {{"dev.flotilla.created", std::to_string(created)}};
    if (!baseReference.empty()) {
        annotations[kBase] = baseReference;
        annotations[kBaseSize] = std::to_string(baseSize);
    }
    const api::Json manifest = {{"schemaVersion", 2},
                                {"mediaType", kMediaTypeManifest},
                                {"config", configBlob->toJson()},
                                {"layers", layerJson},
                                {"annotations", annotations}};
    auto manifestBlob = writeBlob(manifest.dump(), kMediaTypeManifest);
    if (!manifestBlob)
        return manifestBlob.error();

    StoredImage img;
    img.id = configBlob->digest;
    img.manifestDigest = manifestBlob->digest;
    img.config = std::move(config);
    img.layers = std::move(layers);
    img.baseReference = baseReference;
    img.baseSize = baseSize;
    img.created = created;
    if (const auto old = m_images.find(img.manifestDigest); old != m_images.end()) {
        img.tags = old->second.tags;
        // a rebuild that changed nothing: the same manifest, already carrying these tags
        if (std::all_of(refs.begin(), refs.end(), [&](const std::string &r) {
                return std::find(img.tags.begin(), img.tags.end(), r) != img.tags.end();
            }))
            return old->second;
    }
    for (const auto &ref : refs) {
        if (const auto prev = m_tags.find(ref); prev != m_tags.end() && prev->second != img.manifestDigest) {
            auto &oldTags = m_images[prev->second].tags;
            oldTags.erase(std::remove(oldTags.begin(), oldTags.end(), ref), oldTags.end());
        }
        m_tags[ref] = img.manifestDigest;
        if (std::find(img.tags.begin(), img.tags.end(), ref) == img.tags.end())
            img.tags.push_back(ref);
    }
    m_images[img.manifestDigest] = img;
    if (auto st = writeIndex(); !st)
        return st.error();
    return img;
}

std::vector<StoredImage> ImageStore::images() const
{
    std::lock_guard lock(m_mutex);
    std::vector<StoredImage> out;
    for (const auto &[d, img] : m_images)
        out.push_back(img);
    return out;
}

std::optional<StoredImage> ImageStore::find(const std::string &reference) const
{
    std::lock_guard lock(m_mutex);
    const std::string ref = normalizeTag(reference);
    if (const auto it = m_tags.find(ref); it != m_tags.end())
        return m_images.at(it->second);
    std::string hex = reference.rfind("sha256:", 0) == 0 ? reference.substr(7) : reference;
    if (hex.size() >= 4 && std::all_of(hex.begin(), hex.end(), [](char c) { return std::isxdigit((unsigned char)c); })) {
        const StoredImage *found = nullptr;
        for (const auto &[d, img] : m_images)
            if (img.id.compare(7, hex.size(), hex) == 0) {
                if (found && found->id != img.id)
                    return std::nullopt; // ambiguous prefix
                found = &img;
            }
        if (found)
            return *found;
    }
    return std::nullopt;
}

Status ImageStore::tag(const std::string &source, const std::string &target)
{
    auto src = find(source);
    if (!src)
        return Error::make(Error::Code::NotFound, "No such image: " + source);
    auto r = parseImageReference(target);
    if (!r)
        return r.error();
    if (!r->digest.empty())
        return Error::make(Error::Code::Invalid, "refusing to create a tag with a digest reference");
    std::lock_guard lock(m_mutex);
    const std::string ref = r->familiar();
    if (const auto prev = m_tags.find(ref); prev != m_tags.end()) {
        auto &oldTags = m_images[prev->second].tags;
        oldTags.erase(std::remove(oldTags.begin(), oldTags.end(), ref), oldTags.end());
    }
    m_tags[ref] = src->manifestDigest;
    auto &tags = m_images[src->manifestDigest].tags;
    if (std::find(tags.begin(), tags.end(), ref) == tags.end())
        tags.push_back(ref);
    return writeIndex();
}

Result<std::vector<std::string>> ImageStore::remove(const std::string &reference, bool force)
{
    auto img = find(reference);
    if (!img)
        return Error::make(Error::Code::NotFound, "No such image: " + reference);
    std::lock_guard lock(m_mutex);
    const std::string ref = normalizeTag(reference);
    auto &stored = m_images[img->manifestDigest];
    std::vector<std::string> removed;
    const bool byTag = m_tags.count(ref) != 0;
    if (byTag && !force && stored.tags.size() > 1) {
        m_tags.erase(ref);
        stored.tags.erase(std::remove(stored.tags.begin(), stored.tags.end(), ref), stored.tags.end());
    } else {
        if (!byTag && !force && stored.tags.size() > 1)
            return Error::make(Error::Code::Conflict, "unable to delete " + img->id.substr(7, 12) +
                                                          " (must be forced) - image is referenced in multiple repositories");
        for (const auto &t : stored.tags)
            m_tags.erase(t);
        removed.push_back(img->id);
        m_images.erase(img->manifestDigest);
    }
    if (auto st = writeIndex(); !st)
        return st.error();
    return removed;
}

ImageStore::PruneReport ImageStore::prune(bool keepCache)
{
    std::lock_guard lock(m_mutex);
    PruneReport report;
    for (auto it = m_images.begin(); it != m_images.end();) {
        if (it->second.tags.empty()) {
            it = m_images.erase(it);
            ++report.images;
        } else {
            ++it;
        }
    }
    if (!keepCache) {
        report.cacheRecords = int(m_cache.size());
        m_cache.clear();
        m_cacheDirty = true;
    }
    std::set<std::string> live;
    for (const auto &[d, img] : m_images) {
        live.insert(d);
        live.insert(img.id);
        for (const auto &l : img.layers)
            live.insert(l.blob.digest);
    }
    for (const auto &[k, rec] : m_cache)
        if (rec.layer)
            live.insert(rec.layer->blob.digest);
    for (const auto &[d, n] : m_pins)
        live.insert(d);
    std::error_code ec;
    for (const auto &e : fs::directory_iterator(fs::path(m_dir) / "blobs" / "sha256", ec)) {
        const std::string digest = "sha256:" + e.path().filename().string();
        if (live.count(digest))
            continue;
        report.bytes += std::int64_t(e.file_size(ec));
        if (fs::remove(e.path(), ec))
            ++report.blobs;
    }
    (void)writeIndex();
    return report;
}

std::optional<CacheRecord> ImageStore::cacheLookup(const std::string &key) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_cache.find(key);
    if (it == m_cache.end())
        return std::nullopt;
    if (it->second.layer && ::access(blobPath(it->second.layer->blob.digest).c_str(), F_OK) != 0)
        return std::nullopt; // its layer was pruned
    return it->second;
}

std::optional<CacheRecord> ImageStore::cacheAcquire(const std::string &key)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_cache.find(key);
    if (it == m_cache.end())
        return std::nullopt;
    if (it->second.layer) {
        if (::access(blobPath(it->second.layer->blob.digest).c_str(), F_OK) != 0)
            return std::nullopt;
        ++m_pins[it->second.layer->blob.digest];
    }
    return it->second;
}

void ImageStore::pin(const std::string &digest)
{
    std::lock_guard lock(m_mutex);
    ++m_pins[digest];
}

void ImageStore::unpin(const std::string &digest)
{
    std::lock_guard lock(m_mutex);
    if (const auto it = m_pins.find(digest); it != m_pins.end() && --it->second <= 0)
        m_pins.erase(it);
}

void ImageStore::cacheStore(const std::string &key, const CacheRecord &record)
{
    std::lock_guard lock(m_mutex);
    m_cache[key] = record;
    m_cacheDirty = true;
}

std::size_t ImageStore::cacheSize() const
{
    std::lock_guard lock(m_mutex);
    return m_cache.size();
}

Status ImageStore::saveCache()
{
    std::lock_guard lock(m_mutex);
    if (!m_cacheDirty)
        return {};
    api::Json out = api::Json::object();
    for (const auto &[key, rec] : m_cache) {
        api::Json r = {{"created", rec.created}};
        if (rec.layer)
            r["layer"] = {{"mediaType", rec.layer->blob.mediaType}, {"digest", rec.layer->blob.digest},
                          {"size", rec.layer->blob.size}, {"createdBy", rec.layer->createdBy},
                          {"simulated", rec.layer->simulated}, {"simulatedSize", rec.layer->simulatedSize}};
        out[key] = r;
    }
    if (auto st = writeFileAtomic(m_dir + "/flotilla/build-cache.json", out.dump()); !st)
        return st;
    m_cacheDirty = false;
    return {};
}

api::Labels configLabels(const StoredImage &image)
{
    api::Labels out;
    const api::Json &labels = api::field(api::field(image.config, "config"), "Labels");
    if (labels.is_object())
        for (const auto &[k, v] : labels.items())
            if (v.is_string())
                out[k] = v.get<std::string>();
    return out;
}

} // namespace flotilla::engine::image
