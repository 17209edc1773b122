#include "builder.h"

#include "catalog.h"
#include "reference.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <optional>
#include <set>
#include <thread>

namespace flotilla::engine::image {

namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string rfc3339(std::int64_t ms)
{
    const std::time_t t = std::time_t(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string keyOf(const std::vector<std::string> &parts)
{
    std::string all;
    for (const auto &p : parts) {
        all += p;
        all += '\x1f';
    }
    return sha256Hex(all);
}

std::string lower(std::string s)
{
    for (auto &c : s)
        c = char(std::tolower((unsigned char)c));
    return s;
}

/// True when `path` is already what cleanAbs makes of it: "/" or "/a/b" without empty, "." or ".." parts.
bool isCleanAbs(std::string_view path)
{
    if (path.empty() || path.front() != '/')
        return false;
    if (path.size() == 1)
        return true;
    for (std::size_t i = 0; i < path.size();) { // path[i] == '/'
        const std::size_t j = std::min(path.find('/', i + 1), path.size());
        const std::string_view part = path.substr(i + 1, j - i - 1);
        if (part.empty() || part == "." || part == "..")
            return false;
        i = j;
    }
    return true;
}

std::string cleanAbs(const std::string &path)
{
    if (isCleanAbs(path))
        return path; // the usual case: a clean destination + a context path, once per copied file
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        auto j = std::min(path.find('/', i), path.size());
        std::string part = path.substr(i, j - i);
        if (part == "..") {
            if (!parts.empty())
                parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        i = j + 1;
    }
    std::string out;
    for (const auto &p : parts)
        out += "/" + p;
    return out.empty() ? "/" : out;
}

/// A file known to exist in a stage's filesystem (what COPY/ADD put there), for COPY --from.
struct FsNode {
    ContextEntry::Type type = ContextEntry::Type::File;
    std::uint32_t mode = 0644;
    int uid = 0, gid = 0;
    std::int64_t mtime = 0;
    std::string linkTarget;
    const ContextEntry *entry = nullptr;       ///< content from the build context
    std::shared_ptr<const std::string> bytes;  ///< content held in memory (heredocs, placeholders)
    std::string digest;                        ///< content digest, hex
};

struct StageState {
    int index = 0;
    std::string name;
    api::Json config = api::Json::object(); ///< the "config" part of the image config
    std::vector<LayerInfo> layers;
    api::Json history = api::Json::array();
    std::string key;                        ///< cache key of the last layer step
    std::map<std::string, FsNode> fs;       ///< absolute path → node
    bool opaque = false;                    ///< has content Flotilla cannot see (catalog base, simulated RUN)
    std::string baseReference;
    std::int64_t baseSize = 0;
    std::int64_t newest = 0;                ///< newest step time (image "created")
    Variables args;                         ///< ARGs declared in the stage
    std::vector<std::string> shell = {"/bin/sh", "-c"};
};

/// One item of a layer tar.
struct TarItem {
    std::string path; ///< without leading '/'
    ContextEntry::Type type = ContextEntry::Type::File;
    std::uint32_t mode = 0644;
    int uid = 0, gid = 0;
    std::int64_t mtime = 0; ///< seconds
    std::string linkTarget;
    std::int64_t size = 0;
    const ContextEntry *entry = nullptr;
    std::shared_ptr<const std::string> bytes;
};

struct TarSink {
    FILE *file = nullptr;
    EVP_MD_CTX *sha = nullptr;
    std::int64_t size = 0;
    bool failed = false;
};

la_ssize_t tarWrite(archive *, void *data, const void *buf, size_t n)
{
    auto *s = static_cast<TarSink *>(data);
    if (std::fwrite(buf, 1, n, s->file) != n) {
        s->failed = true;
        return -1;
    }
    EVP_DigestUpdate(s->sha, buf, n);
    s->size += std::int64_t(n);
    return la_ssize_t(n);
}

/// Writes a tar layer into the store (temporary file renamed into place under its digest).
/// The blob is pinned (and its digest added to `pins`) before it appears in the store, so a prune that
/// runs meanwhile leaves it alone.
Result<Descriptor> writeLayer(ImageStore &store, const BuildContext &ctx, std::vector<TarItem> items,
                              std::vector<std::string> &pins)
{
    std::sort(items.begin(), items.end(), [](const TarItem &a, const TarItem &b) { return a.path < b.path; });
    static std::atomic<int> counter{0};
    const std::string tmp = store.tempDir() + "/layer-" + std::to_string(::getpid()) + "-" +
                            std::to_string(counter.fetch_add(1)) + ".tar";
    TarSink sink;
    sink.file = std::fopen(tmp.c_str(), "wb");
    if (!sink.file)
        return Error::make(Error::Code::Io, "cannot write a layer to " + tmp);
    sink.sha = EVP_MD_CTX_new();
    EVP_DigestInit_ex(sink.sha, EVP_sha256(), nullptr);
    archive *a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_set_bytes_in_last_block(a, 1);
    archive_write_open(a, &sink, nullptr, tarWrite, nullptr);
    std::optional<Error> error;
    archive_entry *e = archive_entry_new();
    for (const auto &item : items) {
        archive_entry_clear(e);
        archive_entry_set_pathname(e, item.path.c_str());
        archive_entry_set_uid(e, item.uid);
        archive_entry_set_gid(e, item.gid);
        archive_entry_set_mtime(e, item.mtime, 0);
        archive_entry_set_perm(e, item.mode & 07777);
        switch (item.type) {
        case ContextEntry::Type::Directory:
            archive_entry_set_filetype(e, AE_IFDIR);
            break;
        case ContextEntry::Type::Symlink:
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, item.linkTarget.c_str());
            break;
        case ContextEntry::Type::File:
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, item.bytes ? std::int64_t(item.bytes->size()) : item.size);
            break;
        }
        if (archive_write_header(a, e) != ARCHIVE_OK) {
            error = Error::make(Error::Code::Io, std::string("cannot write a layer: ") + archive_error_string(a));
            break;
        }
        if (item.type == ContextEntry::Type::File) {
            Status st;
            std::int64_t written = 0;
            if (item.bytes) {
                archive_write_data(a, item.bytes->data(), item.bytes->size());
                written = std::int64_t(item.bytes->size());
            } else if (item.entry) {
                st = ctx.readChunks(*item.entry, [&](const char *d, std::size_t n) {
                    const std::size_t room = std::size_t(std::max<std::int64_t>(0, item.size - written));
                    const std::size_t take = std::min(n, room);
                    if (take)
                        archive_write_data(a, d, take);
                    written += std::int64_t(take);
                });
            }
            if (!st) {
                error = st.error();
                break;
            }
            if (written != (item.bytes ? std::int64_t(item.bytes->size()) : item.size)) {
                error = Error::make(Error::Code::Io, "the file " + item.path + " changed while it was copied");
                break;
            }
        }
    }
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    std::fclose(sink.file);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    EVP_DigestFinal_ex(sink.sha, md, &mdLen);
    EVP_MD_CTX_free(sink.sha);
    if (!error && sink.failed)
        error = Error::make(Error::Code::Io, "cannot write a layer (disk full?)");
    if (error) {
        ::unlink(tmp.c_str());
        return *error;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string digest = "sha256:";
    for (unsigned i = 0; i < mdLen; ++i) {
        digest += hex[md[i] >> 4];
        digest += hex[md[i] & 15];
    }
    store.pin(digest);
    pins.push_back(digest);
    return store.adoptBlob(tmp, digest, sink.size, kMediaTypeLayer);
}

/// Parent directories of a path ("usr/src/app/x" → usr, usr/src, usr/src/app), as tar items.
void addParents(std::vector<TarItem> &items, std::set<std::string> &seen, const std::string &path)
{
    for (auto k = path.find('/'); k != std::string::npos; k = path.find('/', k + 1)) {
        const std::string dir = path.substr(0, k);
        if (dir.empty() || !seen.insert(dir).second)
            continue;
        TarItem d;
        d.path = dir;
        d.type = ContextEntry::Type::Directory;
        d.mode = 0755;
        items.push_back(d);
    }
}

bool isArchiveName(const std::string &name)
{
    for (const char *ext : {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"})
        if (name.size() > std::strlen(ext) && name.compare(name.size() - std::strlen(ext), std::string::npos, ext) == 0)
            return true;
    return false;
}

/// ADD unpacks a local tar archive (any compression libarchive reads): its entries as (relative path, node).
Result<std::vector<std::pair<std::string, FsNode>>> unpackArchive(const std::string &bytes, const std::string &name)
{
    std::vector<std::pair<std::string, FsNode>> out;
    archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    auto fail = [&](const std::string &why) {
        archive_read_free(a);
        return Error::make(Error::Code::Invalid, "ADD cannot unpack " + name + ": " + why);
    };
    if (archive_read_open_memory(a, bytes.data(), bytes.size()) != ARCHIVE_OK)
        return fail(archive_error_string(a));
    archive_entry *e = nullptr;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        std::string path = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
        while (path.rfind("./", 0) == 0)
            path = path.substr(2);
        while (!path.empty() && path.back() == '/')
            path.pop_back();
        if (path.empty())
            continue;
        if (path.front() == '/' || path == ".." || path.rfind("../", 0) == 0 || path.find("/../") != std::string::npos)
            return fail("the entry " + path + " would land outside the destination");
        FsNode n;
        n.mode = archive_entry_perm(e);
        n.uid = int(archive_entry_uid(e));
        n.gid = int(archive_entry_gid(e));
        n.mtime = archive_entry_mtime(e);
        switch (archive_entry_filetype(e)) {
        case AE_IFDIR: n.type = ContextEntry::Type::Directory; break;
        case AE_IFLNK:
            n.type = ContextEntry::Type::Symlink;
            n.linkTarget = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
            break;
        case AE_IFREG: {
            std::string content;
            char buf[65536];
            la_ssize_t k;
            while ((k = archive_read_data(a, buf, sizeof buf)) > 0)
                content.append(buf, std::size_t(k));
            if (k < 0)
                return fail(archive_error_string(a));
            n.digest = sha256Hex(content);
            n.bytes = std::make_shared<const std::string>(std::move(content));
            break;
        }
        default:
            continue; // devices and fifos are not unpacked
        }
        out.emplace_back(path, std::move(n));
    }
    if (r != ARCHIVE_EOF)
        return fail(archive_error_string(a));
    archive_read_free(a);
    return out;
}

std::uint64_t fnv(const std::string &s)
{
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s)
        h = (h ^ c) * 1099511628211ull;
    return h;
}

std::string humanBytes(std::int64_t b)
{
    char buf[32];
    if (b >= 1000 * 1000)
        std::snprintf(buf, sizeof buf, "%.1fMB", double(b) / 1e6);
    else if (b >= 1000)
        std::snprintf(buf, sizeof buf, "%.1fkB", double(b) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%lldB", (long long)b);
    return buf;
}

int countWords(const std::string &s, std::size_t from)
{
    int n = 0;
    bool in = false;
    for (std::size_t i = from; i < s.size() && s[i] != '&' && s[i] != ';' && s[i] != '|'; ++i) {
        const bool space = std::isspace((unsigned char)s[i]) || s[i] == '\\';
        if (!space && !in && s[i] != '-')
            ++n;
        if (!space && !in && s[i] == '-') { // a flag: skip the word
            while (i < s.size() && !std::isspace((unsigned char)s[i]))
                ++i;
            continue;
        }
        in = !space;
    }
    return n;
}
} // namespace

RunEstimate estimateRun(const std::string &command, const BuildContext *context)
{
    RunEstimate est;
    const std::uint64_t h = fnv(command);
    const double jitter = 0.85 + double(h % 300) / 1000.0; // 0.85 … 1.15, the same for the same command
    auto has = [&](const char *s) { return command.find(s) != std::string::npos; };
    if (has("npm install") || has("npm ci") || has("yarn install") || has("pnpm install")) {
        int deps = 12;
        if (context) {
            if (const auto *pkg = context->find("package.json")) {
                if (auto text = context->readFile(*pkg)) {
                    const api::Json j = api::Json::parse(*text, nullptr, false);
                    if (j.is_object()) {
                        int direct = 0;
                        for (const char *k : {"dependencies", "devDependencies"})
                            if (j.contains(k) && j[k].is_object())
                                direct += int(j[k].size());
                        deps = std::max(1, direct * 9 + 3);
                    }
                }
            }
        }
        est.seconds = (2.5 + deps * 0.08) * jitter;
        est.bytes = std::int64_t((1.5e6 + deps * 380e3) * jitter);
        char line[160];
        std::snprintf(line, sizeof line, "added %d packages, and audited %d packages in %.0fs", deps, deps + 1,
                      std::ceil(est.seconds));
        est.output = {"npm notice (simulated) resolving dependencies from package.json", line,
                      std::to_string(deps / 8) + " packages are looking for funding", "  run `npm fund` for details",
                      "found 0 vulnerabilities"};
    } else if (has("apt-get install") || has("apt install")) {
        const auto pos = command.find("install");
        const int pkgs = std::max(1, countWords(command, pos + 7));
        est.seconds = (6.0 + pkgs * 2.2) * jitter;
        est.bytes = std::int64_t((8e6 + pkgs * 14e6) * jitter);
        est.output = {"Reading package lists...", "Building dependency tree...", "Reading state information...",
                      "The following NEW packages will be installed:",
                      std::to_string(pkgs) + " newly installed, 0 to remove and 0 not upgraded.",
                      "Setting up packages (simulated) ..."};
    } else if (has("apt-get update")) {
        est.seconds = 4.0 * jitter;
        est.bytes = std::int64_t(18e6 * jitter);
        est.output = {"Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]", "Reading package lists..."};
    } else if (has("apk add")) {
        const int pkgs = std::max(1, countWords(command, command.find("apk add") + 7));
        est.seconds = (1.2 + pkgs * 0.4) * jitter;
        est.bytes = std::int64_t((0.5e6 + pkgs * 3e6) * jitter);
        est.output = {"fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz",
                      "OK: " + std::to_string(8 + pkgs * 3) + " MiB in " + std::to_string(15 + pkgs) + " packages"};
    } else if (has("pip install") || has("pip3 install")) {
        int reqs = 6;
        if (context)
            if (const auto *req = context->find("requirements.txt"))
                if (auto text = context->readFile(*req)) {
                    reqs = 0;
                    for (std::size_t i = 0; i < text->size();) {
                        auto j = text->find('\n', i);
                        if (j == std::string::npos)
                            j = text->size();
                        const std::string line = text->substr(i, j - i);
                        if (line.find_first_not_of(" \t\r") != std::string::npos && line[0] != '#')
                            ++reqs;
                        i = j + 1;
                    }
                    reqs = std::max(1, reqs * 3);
                }
        est.seconds = (3.0 + reqs * 0.6) * jitter;
        est.bytes = std::int64_t((2e6 + reqs * 4.5e6) * jitter);
        est.output = {"Collecting packages from requirements (simulated)",
                      "Successfully installed " + std::to_string(reqs) + " packages"};
    } else if (has("go mod download")) {
        est.seconds = 7.0 * jitter;
        est.bytes = std::int64_t(45e6 * jitter);
        est.output = {"go: downloading modules listed in go.sum (simulated)"};
    } else if (has("go build")) {
        est.seconds = 14.0 * jitter;
        est.bytes = std::int64_t(9e6 * jitter);
        est.output = {"(simulated) compiling packages and dependencies"};
    } else if (has("mvn ") || has("gradle")) {
        est.seconds = 45.0 * jitter;
        est.bytes = std::int64_t(120e6 * jitter);
        est.output = {"[INFO] Scanning for projects...", "[INFO] BUILD SUCCESS"};
    } else if (has("useradd") || has("adduser") || has("addgroup") || has("groupadd")) {
        est.seconds = 0.4 * jitter;
        est.bytes = 5000;
    } else {
        est.seconds = 0.3 * jitter;
        est.bytes = std::int64_t(4096 + double(h % 20000));
    }
    return est;
}

Builder::Builder(std::shared_ptr<ImageStore> store) : m_store(std::move(store)) {}

namespace {

/// The state of one build, so that steps can share helpers without long parameter lists.
class BuildRun {
public:
    BuildRun(ImageStore &store, const BuildContext &ctx, const BuildOptions &opt, const BuildEventSink &sink,
             const std::atomic<bool> *cancel)
        : m_store(store), m_ctx(ctx), m_opt(opt), m_sink(sink), m_cancel(cancel)
    {
    }

    ~BuildRun()
    {
        for (const auto &d : m_pins)
            m_store.unpin(d);
    }
    BuildRun(const BuildRun &) = delete;
    BuildRun &operator=(const BuildRun &) = delete;

    Result<BuildSummary> run();

private:
    /// A cache hit pins its layer until the build ends.
    std::optional<CacheRecord> cached(const std::string &key)
    {
        auto rec = m_store.cacheAcquire(key);
        if (rec && rec->layer)
            m_pins.push_back(rec->layer->blob.digest);
        return rec;
    }

    Error fail(Error e, const SourceRange &range);
    Error failAt(const std::string &message, const SourceRange &range, Error::Code code = Error::Code::Invalid)
    {
        return fail(Error::make(code, message), range);
    }
    bool cancelled() const { return m_cancel && m_cancel->load(); }
    void emit(BuildEvent e)
    {
        e.totalSteps = m_total;
        if (m_sink)
            m_sink(e);
    }
    BuildEvent stepEvent(BuildEvent::Type type) const
    {
        BuildEvent e;
        e.type = type;
        e.step = m_current.number;
        e.info = m_current;
        return e;
    }
    Variables varsFor(const StageState &st) const;
    Result<std::string> expand(const std::string &word, const StageState &st, const Instruction &ins, int offset);
    Result<std::string> expand(const std::string &word, const Variables &vars, const Instruction &ins, int offset);
    Status startStep(const Instruction &ins, const StageState &st, const std::string &text);
    Status doFrom(const Stage &stage, StageState &st);
    Status doWorkdir(const Instruction &ins, StageState &st);
    Status doCopy(const Instruction &ins, StageState &st);
    Status doRun(const Instruction &ins, StageState &st);
    Status doMetadata(const Instruction &ins, StageState &st);
    void finishLayerStep(StageState &st, const std::string &key, const LayerInfo &layer, double seconds, bool cached,
                         const std::string &createdBy);
    void addHistory(StageState &st, const std::string &createdBy, bool emptyLayer, const std::string &comment = {});
    std::pair<int, int> owner(const std::string &chown) const;
    std::vector<std::string> envList(const StageState &st) const;
    std::string envKey(const StageState &st) const;

    ImageStore &m_store;
    const BuildContext &m_ctx;
    const BuildOptions &m_opt;
    const BuildEventSink &m_sink;
    const std::atomic<bool> *m_cancel;

    ParseResult m_parsed;
    Variables m_globalArgs;
    std::set<std::string> m_usedArgs;
    std::vector<StageState> m_states;  ///< by stage index (only built stages are filled)
    std::vector<bool> m_built;
    int m_total = 0;
    BuildStepInfo m_current;
    int m_cachedSteps = 0, m_simulatedSteps = 0, m_stepNo = 0;
    std::vector<std::string> m_cachedLayers;
    bool m_needsFs = false; ///< some COPY --from reads a stage's files: stages keep their file map
    std::vector<int> m_stepCount; ///< per stage
    std::vector<std::string> m_pins; ///< blobs this build holds in the store until it ends
};

Error BuildRun::fail(Error e, const SourceRange &range)
{
    e.file = m_opt.dockerfileName;
    if (e.line == 0 && range.begin.line > 0) {
        e.line = range.begin.line;
        e.column = range.begin.column;
    }
    BuildEvent ev = stepEvent(m_current.number ? BuildEvent::Type::StepFailed : BuildEvent::Type::Failed);
    ev.text = e.message;
    ev.errorRange = range;
    if (m_current.number)
        emit(ev);
    BuildEvent f;
    f.type = BuildEvent::Type::Failed;
    f.text = e.toString();
    f.errorRange = range;
    f.step = m_current.number;
    emit(f);
    return e;
}

Variables BuildRun::varsFor(const StageState &st) const
{
    Variables v = st.args;
    for (const auto &kv : st.config.value("Env", api::Json::array())) {
        const std::string s = kv.get<std::string>();
        const auto eq = s.find('=');
        v[s.substr(0, eq)] = eq == std::string::npos ? "" : s.substr(eq + 1);
    }
    return v;
}

Result<std::string> BuildRun::expand(const std::string &word, const StageState &st, const Instruction &ins, int offset)
{
    return expand(word, varsFor(st), ins, offset);
}

Result<std::string> BuildRun::expand(const std::string &word, const Variables &vars, const Instruction &ins, int offset)
{
    auto r = expandVariables(word, vars, m_parsed.file.escape);
    if (!r) {
        Error e = r.error();
        const SourcePos p = ins.posOfArg(offset + std::max(0, e.column - 1));
        e.line = p.line;
        e.column = p.column;
        return e;
    }
    return r;
}

std::vector<std::string> BuildRun::envList(const StageState &st) const
{
    std::vector<std::string> out;
    for (const auto &kv : st.config.value("Env", api::Json::array()))
        out.push_back(kv.get<std::string>());
    return out;
}

std::string BuildRun::envKey(const StageState &st) const
{
    std::string k;
    for (const auto &e : envList(st))
        k += e + '\n';
    for (const auto &[name, value] : st.args)
        k += "ARG " + name + "=" + value + '\n';
    k += "WORKDIR " + st.config.value("WorkingDir", std::string()) + '\n';
    k += "USER " + st.config.value("User", std::string()) + '\n';
    for (const auto &s : st.shell)
        k += "SHELL " + s + '\n';
    return k;
}

Status BuildRun::startStep(const Instruction &ins, const StageState &st, const std::string &text)
{
    if (cancelled())
        return failAt("build cancelled", {}, Error::Code::Internal);
    m_current = {};
    m_current.number = ++m_stepNo;
    m_current.stage = st.index;
    m_current.stageName = st.name;
    m_current.text = text;
    m_current.range = ins.range;
    emit(stepEvent(BuildEvent::Type::StepStarted));
    return {};
}

void BuildRun::addHistory(StageState &st, const std::string &createdBy, bool emptyLayer, const std::string &comment)
{
    api::Json h = {{"created", rfc3339(std::max<std::int64_t>(st.newest, 0))}, {"created_by", createdBy}};
    if (!comment.empty())
        h["comment"] = comment;
    if (emptyLayer)
        h["empty_layer"] = true;
    st.history.push_back(h);
}

void BuildRun::finishLayerStep(StageState &st, const std::string &key, const LayerInfo &layer, double seconds,
                               bool cached, const std::string &createdBy)
{
    st.key = key;
    st.layers.push_back(layer);
    addHistory(st, createdBy, false, layer.simulated ? "simulated by Flotilla (not executed)" : "buildkit.dockerfile.v0");
    BuildEvent e = stepEvent(cached ? BuildEvent::Type::StepCached : BuildEvent::Type::StepFinished);
    e.durationSeconds = seconds;
    e.layerSize = layer.displaySize();
    e.layerDigest = layer.blob.digest;
    e.simulated = layer.simulated;
    if (cached) {
        ++m_cachedSteps;
        m_cachedLayers.push_back(layer.blob.digest);
    }
    if (layer.simulated)
        ++m_simulatedSteps;
    emit(e);
    m_current = {};
}

std::pair<int, int> BuildRun::owner(const std::string &chown) const
{
    auto id = [](const std::string &s) {
        if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit((unsigned char)c); }))
            return std::atoi(s.c_str());
        static const std::map<std::string, int> known = {{"root", 0},    {"daemon", 1},  {"bin", 2},
                                                         {"www-data", 33}, {"nginx", 101}, {"node", 1000},
                                                         {"nobody", 65534}, {"nogroup", 65534}};
        const auto it = known.find(s);
        return it == known.end() ? 1000 : it->second;
    };
    const auto colon = chown.find(':');
    const int uid = id(chown.substr(0, colon));
    const int gid = colon == std::string::npos ? uid : id(chown.substr(colon + 1));
    return {uid, gid};
}

Status BuildRun::doFrom(const Stage &stage, StageState &st)
{
    const Instruction &ins = m_parsed.file.instructions[std::size_t(stage.fromInstruction)];
    st.index = stage.index;
    st.name = stage.name;
    auto ref = expandVariables(stage.baseImage, m_globalArgs, m_parsed.file.escape);
    if (!ref)
        return failAt(ref.error().message, ins.argsRange);
    for (const auto &[name, v] : m_globalArgs)
        if (stage.baseImage.find(name) != std::string::npos)
            m_usedArgs.insert(name);
    std::string base = *ref;
    const std::string baseLower = lower(base);
    std::string shown;
    // a previous stage by name or index
    for (std::size_t i = 0; i < std::size_t(stage.index); ++i) {
        const Stage &prev = m_parsed.file.stages[i];
        if ((!prev.name.empty() && prev.name == baseLower) || std::to_string(i) == base) {
            if (!m_built[i])
                return failAt("internal: stage " + base + " was not built", ins.range, Error::Code::Internal);
            const std::string name = st.name;
            st = m_states[i];
            st.index = stage.index;
            st.name = name;
            st.args.clear();
            if (auto s = startStep(ins, st, "FROM " + base); !s)
                return s;
            BuildEvent e = stepEvent(BuildEvent::Type::StepCached);
            ++m_cachedSteps;
            emit(e);
            m_current = {};
            return {};
        }
    }
    if (base == "scratch") {
        st.config = {{"Env", api::Json::array()}};
        st.key = keyOf({"scratch"});
        if (auto s = startStep(ins, st, "FROM scratch"); !s)
            return s;
        emit(stepEvent(BuildEvent::Type::StepCached));
        ++m_cachedSteps;
        m_current = {};
        return {};
    }
    auto parsedRef = parseImageReference(base);
    if (!parsedRef)
        return failAt(parsedRef.error().message + " (FROM " + base + ")", ins.argsRange);
    shown = parsedRef->full();
    if (auto s = startStep(ins, st, "FROM " + shown); !s)
        return s;
    const Clock::time_point t0 = Clock::now();
    std::string fromKey;
    if (auto local = m_store.find(parsedRef->familiar())) {
        for (const auto &l : local->layers) { // the base may be removed and pruned meanwhile
            m_store.pin(l.blob.digest);
            m_pins.push_back(l.blob.digest);
        }
        st.config = local->config.value("config", api::Json::object());
        st.layers = local->layers;
        st.history = local->config.value("history", api::Json::array());
        st.baseReference = local->baseReference;
        st.baseSize = local->baseSize;
        st.opaque = true;
        st.key = keyOf({"image", local->id});
        fromKey = "from:" + local->id;
        emit([&] {
            BuildEvent o = stepEvent(BuildEvent::Type::Output);
            o.text = "using " + parsedRef->familiar() + " from the local image store (" + local->id.substr(0, 19) + ")";
            return o;
        }());
    } else if (auto cat = findCatalogImage(parsedRef->familiar()); cat && parsedRef->registry == "docker.io") {
        st.config = catalogImageConfig(*cat);
        st.baseReference = cat->reference();
        st.baseSize = cat->sizeBytes;
        st.opaque = true;
        const std::string digest = sha256Digest(api::Json({{"architecture", "amd64"}, {"os", "linux"}, {"config", st.config}}).dump());
        st.key = keyOf({"catalog", digest});
        fromKey = "from:" + digest;
        addHistory(st, "FROM " + cat->reference() + " (catalog image: metadata only, " + humanBytes(cat->sizeBytes) +
                           "; its layers are not stored)",
                   true, "flotilla catalog");
        emit([&] {
            BuildEvent o = stepEvent(BuildEvent::Type::Output);
            o.text = "catalog image " + cat->reference() + ": " + cat->description + " (" + humanBytes(cat->sizeBytes) +
                     ", configuration only: the sandbox works offline)";
            return o;
        }());
    } else {
        return failAt("failed to resolve source metadata for " + shown +
                          ": not found in the local image store nor in Flotilla's built-in catalog of base images "
                          "(the sandbox works offline)",
                      ins.argsRange, Error::Code::NotFound);
    }
    const bool cached = !m_opt.noCache && m_store.cacheLookup(fromKey).has_value();
    if (!cached)
        m_store.cacheStore(fromKey, CacheRecord{std::nullopt, nowMs()});
    BuildEvent e = stepEvent(cached ? BuildEvent::Type::StepCached : BuildEvent::Type::StepFinished);
    e.durationSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    if (cached)
        ++m_cachedSteps;
    emit(e);
    m_current = {};
    return {};
}

Status BuildRun::doWorkdir(const Instruction &ins, StageState &st)
{
    auto path = expand(ins.args, st, ins, 0);
    if (!path)
        return fail(path.error(), ins.argsRange);
    std::string dir = *path;
    while (!dir.empty() && std::isspace((unsigned char)dir.back()))
        dir.pop_back();
    if (dir.empty())
        return failAt("WORKDIR needs a path", ins.range);
    if (dir.front() != '/')
        dir = st.config.value("WorkingDir", std::string("/")) + "/" + dir;
    dir = cleanAbs(dir);
    st.config["WorkingDir"] = dir;
    const std::string text = "WORKDIR " + dir;
    if (auto s = startStep(ins, st, text); !s)
        return s;
    const std::string key = keyOf({st.key, text});
    if (!m_opt.noCache)
        if (auto rec = cached(key); rec && rec->layer) {
            st.newest = std::max(st.newest, rec->created);
            finishLayerStep(st, key, *rec->layer, 0, true, text);
            return {};
        }
    const auto t0 = Clock::now();
    std::vector<TarItem> items;
    std::set<std::string> seen;
    addParents(items, seen, dir.substr(1) + "/");
    auto blob = writeLayer(m_store, m_ctx, items, m_pins);
    if (!blob)
        return fail(blob.error(), ins.range);
    for (const auto &i : items)
    {
        FsNode dirNode;
        dirNode.type = ContextEntry::Type::Directory;
        dirNode.mode = 0755;
        st.fs["/" + i.path] = dirNode;
    }
    LayerInfo layer{*blob, text, false, 0};
    const std::int64_t created = nowMs();
    m_store.cacheStore(key, CacheRecord{layer, created});
    st.newest = std::max(st.newest, created);
    finishLayerStep(st, key, layer, std::chrono::duration<double>(Clock::now() - t0).count(), false, text);
    return {};
}

Status BuildRun::doCopy(const Instruction &ins, StageState &st)
{
    const bool isAdd = ins.kind == InstructionKind::Add;
    const std::string verb = isAdd ? "ADD" : "COPY";
    // sources and destination, expanded
    std::vector<std::pair<std::string, SourceRange>> words;
    if (ins.execForm) {
        for (const auto &a : ins.execArgs) {
            auto r = expandVariables(a, varsFor(st), m_parsed.file.escape);
            if (!r)
                return failAt(r.error().message, ins.argsRange);
            words.emplace_back(*r, ins.argsRange);
        }
    } else {
        for (const auto &w : ins.words) {
            auto r = expand(w.raw, st, ins, w.offset); // raw: single quotes keep '$' literal
            if (!r)
                return fail(r.error(), ins.rangeOfArg(w.offset, w.length));
            words.emplace_back(*r, ins.rangeOfArg(w.offset, w.length));
        }
    }
    // heredoc sources: "COPY <<EOF /dest" lists the marker as a word
    std::vector<std::pair<std::string, const Heredoc *>> heredocSources;
    for (auto it = words.begin(); it != words.end();) {
        if (it->first.rfind("<<", 0) == 0 && !ins.heredocs.empty()) {
            std::string name = it->first.substr(2);
            if (!name.empty() && name[0] == '-')
                name = name.substr(1);
            name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
            name.erase(std::remove(name.begin(), name.end(), '\''), name.end());
            for (const auto &h : ins.heredocs)
                if (h.delimiter == name)
                    heredocSources.emplace_back(name, &h);
            it = words.erase(it);
        } else {
            ++it;
        }
    }
    if (words.empty() || (words.size() < 2 && heredocSources.empty()))
        return failAt(verb + " requires at least two arguments: a source and a destination", ins.range);
    const std::string destWord = words.back().first;
    words.pop_back();
    std::string dest = destWord;
    bool destIsDir = !dest.empty() && (dest.back() == '/' || dest == "." || dest == "..");
    if (dest.empty() || dest.front() != '/')
        dest = st.config.value("WorkingDir", std::string("/")) + "/" + dest;
    dest = cleanAbs(dest);
    {
        // the working directory and the directories above it exist: a file goes into them, as in Docker
        const std::string workdir = cleanAbs("/" + st.config.value("WorkingDir", std::string("/")));
        destIsDir = destIsDir || dest == "/" || workdir == dest || workdir.rfind(dest + "/", 0) == 0;
    }

    const auto from = ins.flag("from");
    const auto chown = ins.flag("chown");
    const auto chmod = ins.flag("chmod");
    std::optional<std::uint32_t> mode;
    if (chmod) {
        char *end = nullptr;
        const long m = std::strtol(chmod->c_str(), &end, 8);
        if (!end || *end || m < 0 || m > 07777)
            return failAt("invalid --chmod=" + *chmod + ": use an octal mode such as 755", ins.range);
        mode = std::uint32_t(m);
    }
    const auto [uid, gid] = chown ? owner(*chown) : std::pair<int, int>{0, 0};

    std::string text = verb;
    for (const auto &f : ins.flags)
        text += " --" + f.name + (f.hasValue ? "=" + f.value : "");
    for (const auto &[name, h] : heredocSources)
        text += " <<" + name;
    for (const auto &[w, r] : words)
        text += " " + w;
    text += " " + destWord;
    if (auto s = startStep(ins, st, text); !s)
        return s;
    const auto t0 = Clock::now();

    // what to copy: (destination path, node)
    struct Planned { std::string path; FsNode node; };
    std::vector<Planned> plan;
    struct ContextSource { ResolvedSource resolved; std::string base; };
    std::vector<ContextSource> contextSources;
    const bool multi = words.size() + heredocSources.size() > 1;
    std::string sourceSum;
    auto target = [&](const std::string &relative, const std::string &baseName, bool sourceIsDir) {
        if (sourceIsDir || destIsDir || multi)
            return cleanAbs(dest + "/" + (relative.empty() ? baseName : relative));
        return dest;
    };
    for (const auto &[name, h] : heredocSources) {
        std::string content = h->content;
        if (!h->quoted) {
            auto r = expandVariables(content, varsFor(st), m_parsed.file.escape);
            if (r)
                content = *r;
        }
        FsNode n;
        n.bytes = std::make_shared<const std::string>(content);
        n.digest = sha256Hex(content);
        n.mode = mode.value_or(0644);
        n.uid = uid;
        n.gid = gid;
        plan.push_back({target("", name, false), n});
        sourceSum += "heredoc " + name + " " + n.digest + "\n";
    }
    if (from) {
        // another stage (by name or index) or an image
        auto fromRef = expandVariables(*from, varsFor(st), m_parsed.file.escape);
        const std::string f = fromRef ? lower(*fromRef) : lower(*from);
        const StageState *src = nullptr;
        for (std::size_t i = 0; i < std::size_t(st.index); ++i)
            if ((m_parsed.file.stages[i].name == f || std::to_string(i) == f) && m_built[i])
                src = &m_states[i];
        StageState imageState;
        if (!src) {
            for (std::size_t i = std::size_t(st.index); i < m_parsed.file.stages.size(); ++i)
                if (m_parsed.file.stages[i].name == f)
                    return failAt("COPY --from=" + *from + " names this stage or a later one; a stage can only copy "
                                  "from stages defined before it",
                                  ins.range);
            auto r = parseImageReference(f);
            if (!r)
                return failAt("COPY --from=" + *from + ": no stage of that name, and " + r.error().message, ins.range);
            if (auto local = m_store.find(r->familiar())) {
                imageState.opaque = true;
                imageState.key = keyOf({"image", local->id});
            } else if (auto cat = findCatalogImage(r->familiar())) {
                imageState.opaque = true;
                imageState.key = keyOf({"catalog", cat->reference()});
            } else {
                return failAt("COPY --from=" + *from + ": no stage of that name, and no such image in the local store "
                              "or the catalog",
                              ins.range, Error::Code::NotFound);
            }
            src = &imageState;
        }
        for (const auto &[w, range] : words) {
            const std::string path = cleanAbs(w.front() == '/' ? w : "/" + w);
            std::vector<std::pair<std::string, const FsNode *>> found;
            const auto exact = src->fs.find(path);
            if (exact != src->fs.end() && exact->second.type != ContextEntry::Type::Directory) {
                found.push_back({"", &exact->second});
            } else {
                const std::string prefix = path == "/" ? "/" : path + "/";
                for (auto it = src->fs.lower_bound(prefix); it != src->fs.end() && it->first.rfind(prefix, 0) == 0; ++it)
                    found.push_back({it->first.substr(prefix.size()), &it->second});
            }
            if (!found.empty()) {
                const bool dir = exact == src->fs.end() || exact->second.type == ContextEntry::Type::Directory;
                for (const auto &[rel, node] : found) {
                    FsNode n = *node;
                    if (mode)
                        n.mode = *mode;
                    if (chown) {
                        n.uid = uid;
                        n.gid = gid;
                    }
                    const std::string base = path.substr(path.rfind('/') + 1);
                    plan.push_back({target(rel, base, dir), n});
                    // everything the layer takes from the node: the source stage's key does not chain here
                    sourceSum += "from " + path + "/" + rel + '\0' + char('0' + int(n.type)) + '\0' + n.digest + '\0' +
                                 std::to_string(n.mode) + '\0' + std::to_string(n.uid) + ':' + std::to_string(n.gid) +
                                 '\0' + n.linkTarget + "\n";
                }
            } else if (src->opaque) {
                // produced by a simulated RUN (or inside a catalog image): a marked placeholder stands in
                const std::string note = "Placeholder written by Flotilla's sandbox: " + path + " would come from " +
                                         (src->name.empty() ? "stage " + std::to_string(src->index) : "stage " + src->name) +
                                         ", whose RUN steps are simulated.\n";
                FsNode n;
                n.bytes = std::make_shared<const std::string>(note);
                n.digest = sha256Hex(note + src->key);
                n.mode = mode.value_or(0755);
                n.uid = uid;
                n.gid = gid;
                plan.push_back({target("", path.substr(path.rfind('/') + 1), false), n});
                sourceSum += "opaque " + path + " " + src->key + "\n";
                BuildEvent o = stepEvent(BuildEvent::Type::Output);
                o.text = "simulated: " + path + " comes from a simulated step of stage " +
                         (src->name.empty() ? std::to_string(src->index) : src->name) + "; a placeholder file is copied";
                o.simulated = true;
                emit(o);
            } else {
                return failAt(verb + " failed: " + path + " not found in stage " + *from, range, Error::Code::NotFound);
            }
        }
    } else {
        for (const auto &[w, range] : words) {
            if (w.rfind("http://", 0) == 0 || w.rfind("https://", 0) == 0 || w.rfind("git@", 0) == 0)
                return failAt(verb + " from " + w + " needs the network; the sandbox builds offline. Download the "
                              "file into the build context and COPY it.",
                              range);
            auto resolved = m_ctx.resolve(w);
            if (!resolved)
                return failAt(verb + " failed: " + resolved.error().message, range, resolved.error().code);
            auto sum = m_ctx.checksum(*resolved);
            if (!sum)
                return fail(sum.error(), range);
            sourceSum += w + " " + *sum + "\n";
            std::string base = w;
            while (base.size() > 1 && base.back() == '/')
                base.pop_back();
            base = base.substr(base.rfind('/') == std::string::npos ? 0 : base.rfind('/') + 1);
            contextSources.push_back({std::move(*resolved), std::move(base)});
        }
    }
    // the files and where they go: needed to write the layer, and for COPY --from of this stage later
    auto planContextFiles = [&]() -> Status {
        for (const auto &[resolved, base] : contextSources) {
            for (const auto &f : resolved.files) {
                FsNode n;
                n.type = f.entry->type;
                n.mode = f.entry->type == ContextEntry::Type::Directory ? 0755 : (f.entry->mode & 07777);
                if (mode)
                    n.mode = *mode;
                n.uid = uid;
                n.gid = gid;
                n.mtime = f.entry->mtimeNs / 1'000'000'000;
                n.linkTarget = f.entry->linkTarget;
                n.entry = f.entry;
                if (f.entry->type == ContextEntry::Type::File) {
                    auto d = m_ctx.digest(*f.entry);
                    if (!d)
                        return d.error();
                    n.digest = std::move(*d);
                }
                const auto slash = f.entry->path.rfind('/');
                const std::string fileBase = f.entry->path.substr(slash == std::string::npos ? 0 : slash + 1);
                if (isAdd && f.entry->type == ContextEntry::Type::File && isArchiveName(fileBase)) {
                    auto bytes = m_ctx.readFile(*f.entry);
                    if (!bytes)
                        return bytes.error();
                    auto unpacked = unpackArchive(*bytes, f.entry->path);
                    if (!unpacked)
                        return unpacked.error();
                    for (auto &[rel, node] : *unpacked) {
                        if (chown) {
                            node.uid = uid;
                            node.gid = gid;
                        }
                        plan.push_back({cleanAbs(dest + "/" + rel), std::move(node)});
                    }
                    continue;
                }
                plan.push_back({target(f.relative, resolved.wildcard ? fileBase : base,
                                       resolved.isDirectory || resolved.wildcard),
                                std::move(n)});
            }
        }
        return {};
    };
    const std::string key = keyOf({st.key, text, "chown=" + std::to_string(uid) + ":" + std::to_string(gid),
                                   "chmod=" + (chmod ? *chmod : ""), destIsDir ? "into " + dest : "as " + dest,
                                   sourceSum});
    auto record = [&](const std::string &p, const FsNode &n) { st.fs[p] = n; };
    if (!m_opt.noCache)
        if (auto rec = cached(key); rec && rec->layer) {
            if (m_needsFs) {
                if (auto s = planContextFiles(); !s)
                    return fail(s.error(), ins.range);
                for (const auto &p : plan)
                    record(p.path, p.node);
            }
            st.newest = std::max(st.newest, rec->created);
            finishLayerStep(st, key, *rec->layer, std::chrono::duration<double>(Clock::now() - t0).count(), true, text);
            return {};
        }
    if (auto s = planContextFiles(); !s)
        return fail(s.error(), ins.range);
    std::vector<TarItem> items;
    std::set<std::string> seen;
    for (const auto &p : plan) {
        const std::string rel = p.path.substr(1);
        addParents(items, seen, rel);
        if (!seen.insert(rel).second)
            continue;
        TarItem item;
        item.path = rel;
        item.type = p.node.type;
        item.mode = p.node.mode;
        item.uid = p.node.uid;
        item.gid = p.node.gid;
        item.mtime = p.node.mtime;
        item.linkTarget = p.node.linkTarget;
        item.entry = p.node.entry;
        item.bytes = p.node.bytes;
        item.size = p.node.entry ? p.node.entry->size : 0;
        items.push_back(item);
    }
    if (cancelled())
        return failAt("build cancelled", {}, Error::Code::Internal);
    auto blob = writeLayer(m_store, m_ctx, items, m_pins);
    if (!blob)
        return fail(blob.error(), ins.range);
    for (const auto &p : plan)
        record(p.path, p.node);
    LayerInfo layer{*blob, text, false, 0};
    const std::int64_t created = nowMs();
    m_store.cacheStore(key, CacheRecord{layer, created});
    st.newest = std::max(st.newest, created);
    BuildEvent o = stepEvent(BuildEvent::Type::Output);
    o.text = "copied " + std::to_string(plan.size()) + (plan.size() == 1 ? " file" : " files") + " (" +
             humanBytes(blob->size) + " layer " + blob->digest.substr(0, 19) + ")";
    emit(o);
    finishLayerStep(st, key, layer, std::chrono::duration<double>(Clock::now() - t0).count(), false, text);
    return {};
}

Status BuildRun::doRun(const Instruction &ins, StageState &st)
{
    std::string command;
    if (ins.execForm) {
        api::Json arr = ins.execArgs;
        command = arr.dump();
    } else {
        command = ins.args;
    }
    for (const auto &h : ins.heredocs)
        command += "\n" + h.content + h.delimiter;
    std::string flags;
    for (const auto &f : ins.flags)
        flags += " --" + f.name + (f.hasValue ? "=" + f.value : "");
    const std::string text = "RUN" + flags + " " + command;
    if (auto s = startStep(ins, st, text); !s)
        return s;
    for (const auto &[name, v] : st.args)
        if (command.find(name) != std::string::npos)
            m_usedArgs.insert(name);
    const std::string key = keyOf({st.key, text, envKey(st)});
    st.opaque = true; // what the command would have written is unknown
    const std::string createdBy = (ins.execForm ? "RUN " : "RUN /bin/sh -c ") + command;
    if (!m_opt.noCache)
        if (auto rec = cached(key); rec && rec->layer) {
            st.newest = std::max(st.newest, rec->created);
            finishLayerStep(st, key, *rec->layer, 0, true, createdBy);
            return {};
        }
    const RunEstimate est = estimateRun(command, &m_ctx);
    {
        BuildEvent o = stepEvent(BuildEvent::Type::Output);
        o.simulated = true;
        char line[200];
        std::snprintf(line, sizeof line,
                      "simulated: the sandbox does not execute RUN; estimated %.1fs and %s for this command", est.seconds,
                      humanBytes(est.bytes).c_str());
        o.text = line;
        emit(o);
    }
    const double wait = std::min(est.seconds * m_opt.simulatedTimeScale, m_opt.maxSimulatedWaitSeconds);
    const std::size_t lines = est.output.size();
    for (std::size_t i = 0; i < lines; ++i) {
        if (wait > 0) {
            const auto until = Clock::now() + std::chrono::duration<double>(wait / double(lines));
            while (Clock::now() < until) {
                if (cancelled())
                    return failAt("build cancelled", {}, Error::Code::Internal);
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        BuildEvent o = stepEvent(BuildEvent::Type::Output);
        o.simulated = true;
        o.text = est.output[i];
        emit(o);
    }
    if (cancelled())
        return failAt("build cancelled", {}, Error::Code::Internal);
    // the layer records the command; its size stands for what the command would have written
    TarItem marker;
    marker.path = ".flotilla/run/" + key.substr(0, 16) + ".sh";
    marker.mode = 0644;
    marker.bytes = std::make_shared<const std::string>("# Simulated by Flotilla's sandbox: this command was not "
                                                       "executed.\n" + command + "\n");
    std::vector<TarItem> items;
    std::set<std::string> seen;
    addParents(items, seen, marker.path);
    items.push_back(marker);
    auto blob = writeLayer(m_store, m_ctx, items, m_pins);
    if (!blob)
        return fail(blob.error(), ins.range);
    LayerInfo layer{*blob, createdBy, true, est.bytes};
    layer.blob.annotations["dev.flotilla.simulated-size"] = std::to_string(est.bytes);
    const std::int64_t created = nowMs();
    m_store.cacheStore(key, CacheRecord{layer, created});
    st.newest = std::max(st.newest, created);
    finishLayerStep(st, key, layer, est.seconds, false, createdBy);
    return {};
}

Status BuildRun::doMetadata(const Instruction &ins, StageState &st)
{
    api::Json &cfg = st.config;
    auto exec = [&]() -> api::Json {
        if (ins.execForm)
            return ins.execArgs;
        api::Json arr = st.shell;
        arr.push_back(ins.args);
        return arr;
    };
    std::string createdBy = std::string(instructionName(ins.kind)) + " " + ins.args;
    switch (ins.kind) {
    case InstructionKind::Env:
    case InstructionKind::Label:
    case InstructionKind::Arg: {
        auto kvs = parseKeyValues(ins);
        if (!kvs)
            return fail(kvs.error(), ins.argsRange);
        // "ENV A=2 B=$A" gives B the A from before the instruction, as in Docker
        const Variables before = varsFor(st);
        for (const auto &kv : *kvs) {
            std::optional<std::string> value;
            if (kv.value) {
                auto r = expand(*kv.value, before, ins, kv.offset);
                if (!r)
                    return fail(r.error(), ins.argsRange);
                value = *r;
            }
            if (ins.kind == InstructionKind::Arg) {
                // a build arg overrides the default; an ARG of a global name takes the global value
                if (const auto it = m_opt.buildArgs.find(kv.key); it != m_opt.buildArgs.end()) {
                    value = it->second;
                    m_usedArgs.insert(kv.key);
                } else if (!value) {
                    if (const auto g = m_globalArgs.find(kv.key); g != m_globalArgs.end())
                        value = g->second;
                }
                st.args[kv.key] = value.value_or("");
                continue;
            }
            if (ins.kind == InstructionKind::Env) {
                api::Json env = api::Json::array();
                bool replaced = false;
                for (const auto &e : cfg.value("Env", api::Json::array())) {
                    const std::string s = e.get<std::string>();
                    if (s.substr(0, s.find('=')) == kv.key) {
                        env.push_back(kv.key + "=" + value.value_or(""));
                        replaced = true;
                    } else {
                        env.push_back(s);
                    }
                }
                if (!replaced)
                    env.push_back(kv.key + "=" + value.value_or(""));
                cfg["Env"] = env;
            } else {
                cfg["Labels"][kv.key] = value.value_or("");
            }
        }
        if (ins.kind == InstructionKind::Arg)
            return {}; // ARG leaves no history in the image
        break;
    }
    case InstructionKind::Cmd:
        cfg["Cmd"] = exec();
        break;
    case InstructionKind::Entrypoint:
        cfg["Entrypoint"] = exec();
        cfg.erase("Cmd"); // an ENTRYPOINT resets the base image's CMD, as in Docker
        break;
    case InstructionKind::Expose: {
        for (const auto &w : ins.words) {
            auto r = expand(w.text, st, ins, w.offset);
            if (!r)
                return fail(r.error(), ins.rangeOfArg(w.offset, w.length));
            std::string port = *r;
            if (port.find('/') == std::string::npos)
                port += "/tcp";
            cfg["ExposedPorts"][port] = api::Json::object();
        }
        break;
    }
    case InstructionKind::Volume: {
        std::vector<std::string> vols = ins.execForm ? ins.execArgs : std::vector<std::string>{};
        if (!ins.execForm)
            for (const auto &w : ins.words)
                vols.push_back(w.text);
        for (const auto &v : vols)
            cfg["Volumes"][v] = api::Json::object();
        break;
    }
    case InstructionKind::User: {
        auto r = expand(ins.args, st, ins, 0);
        if (!r)
            return fail(r.error(), ins.argsRange);
        std::string u = *r;
        while (!u.empty() && std::isspace((unsigned char)u.back()))
            u.pop_back();
        cfg["User"] = u;
        break;
    }
    case InstructionKind::Stopsignal: {
        auto r = expand(ins.args, st, ins, 0);
        cfg["StopSignal"] = r ? *r : ins.args;
        break;
    }
    case InstructionKind::Healthcheck: {
        if (ins.words.size() == 1 && lower(ins.words[0].text) == "none") {
            cfg["Healthcheck"] = {{"Test", {"NONE"}}};
        } else {
            api::Json hc = api::Json::object();
            if (ins.execForm) {
                hc["Test"] = api::Json::array({"CMD"});
                for (const auto &a : ins.execArgs)
                    hc["Test"].push_back(a);
            } else {
                std::string cmdText = ins.args;
                if (const auto p = lower(cmdText).find("cmd"); p != std::string::npos)
                    cmdText = cmdText.substr(p + 3);
                while (!cmdText.empty() && std::isspace((unsigned char)cmdText.front()))
                    cmdText.erase(cmdText.begin());
                hc["Test"] = {"CMD-SHELL", cmdText};
            }
            for (const auto &f : ins.flags)
                if (f.name == "retries")
                    hc["Retries"] = std::atoi(f.value.c_str());
                else
                    hc[f.name == "interval" ? "Interval" : f.name == "timeout" ? "Timeout" : f.name == "start-period" ? "StartPeriod" : "StartInterval"] = f.value;
            cfg["Healthcheck"] = hc;
        }
        break;
    }
    case InstructionKind::Shell:
        st.shell = ins.execArgs;
        cfg["Shell"] = ins.execArgs;
        break;
    case InstructionKind::Onbuild:
        cfg["OnBuild"].push_back(ins.args);
        break;
    case InstructionKind::Maintainer:
        createdBy = "MAINTAINER " + ins.args;
        break;
    default:
        break;
    }
    addHistory(st, createdBy, true, "buildkit.dockerfile.v0");
    return {};
}

Result<BuildSummary> BuildRun::run()
{
    const auto t0 = Clock::now();
    m_parsed = parseDockerfile(m_opt.dockerfile);
    if (!m_parsed.errors.empty()) {
        const Diagnostic &d = m_parsed.errors.front();
        Error e = Error::make(Error::Code::Invalid, d.message);
        e.line = d.range.begin.line;
        e.column = d.range.begin.column;
        return fail(e, d.range);
    }
    const Dockerfile &df = m_parsed.file;
    for (const auto &ins : df.instructions)
        m_needsFs |= (ins.kind == InstructionKind::Copy || ins.kind == InstructionKind::Add) && ins.flag("from");
    if (df.stages.empty())
        return failAt("the Dockerfile has no FROM instruction", {});
    for (const auto &t : m_opt.tags)
        if (auto r = parseImageReference(t); !r)
            return failAt(r.error().message + " (tag \"" + t + "\")", {});

    // global ARGs: their defaults, overridden by build args
    StageState globals;
    for (int idx : df.globalArgs) {
        auto kvs = parseKeyValues(df.instructions[std::size_t(idx)]);
        if (!kvs)
            return fail(kvs.error(), df.instructions[std::size_t(idx)].range);
        for (const auto &kv : *kvs) {
            std::string v;
            if (kv.value) {
                auto r = expandVariables(*kv.value, m_globalArgs, df.escape);
                v = r ? *r : *kv.value;
            }
            if (const auto it = m_opt.buildArgs.find(kv.key); it != m_opt.buildArgs.end())
                v = it->second;
            m_globalArgs[kv.key] = v;
        }
    }

    // target stage and what it needs
    int target = int(df.stages.size()) - 1;
    if (!m_opt.target.empty()) {
        target = -1;
        for (const auto &s : df.stages)
            if (s.name == lower(m_opt.target) || std::to_string(s.index) == m_opt.target)
                target = s.index;
        if (target < 0)
            return failAt("target stage \"" + m_opt.target + "\" could not be found", {}, Error::Code::NotFound);
    }
    std::vector<bool> needed(df.stages.size(), false);
    std::function<void(int)> need = [&](int i) {
        if (needed[std::size_t(i)])
            return;
        needed[std::size_t(i)] = true;
        const Stage &s = df.stages[std::size_t(i)];
        auto depends = [&](const std::string &ref) {
            auto expanded = expandVariables(ref, m_globalArgs, df.escape);
            const std::string r = lower(expanded ? *expanded : ref);
            for (const auto &o : df.stages)
                if (o.index < i && ((!o.name.empty() && o.name == r) || std::to_string(o.index) == r))
                    need(o.index);
        };
        depends(s.baseImage);
        for (int k : s.instructions) {
            const Instruction &ins = df.instructions[std::size_t(k)];
            if (ins.kind == InstructionKind::Copy || ins.kind == InstructionKind::Add)
                if (auto f = ins.flag("from"))
                    depends(*f);
        }
    };
    need(target);
    auto isStep = [](InstructionKind k) {
        return k == InstructionKind::Run || k == InstructionKind::Copy || k == InstructionKind::Add ||
               k == InstructionKind::Workdir;
    };
    for (const auto &s : df.stages)
        if (needed[std::size_t(s.index)]) {
            ++m_total;
            for (int k : s.instructions)
                m_total += isStep(df.instructions[std::size_t(k)].kind) ? 1 : 0;
        }
    {
        BuildEvent e;
        e.type = BuildEvent::Type::Started;
        e.text = "building " + (m_opt.tags.empty() ? std::string("an untagged image") : m_opt.tags.front()) +
                 " from " + m_opt.dockerfileName + (m_opt.noCache ? " without the cache" : "");
        emit(e);
    }
    m_states.resize(df.stages.size());
    m_built.assign(df.stages.size(), false);
    for (const auto &s : df.stages) {
        if (!needed[std::size_t(s.index)])
            continue;
        StageState &st = m_states[std::size_t(s.index)];
        if (auto r = doFrom(s, st); !r)
            return r.error();
        for (int k : s.instructions) {
            const Instruction &ins = df.instructions[std::size_t(k)];
            Status r;
            switch (ins.kind) {
            case InstructionKind::Run: r = doRun(ins, st); break;
            case InstructionKind::Copy:
            case InstructionKind::Add: r = doCopy(ins, st); break;
            case InstructionKind::Workdir: r = doWorkdir(ins, st); break;
            default: r = doMetadata(ins, st); break;
            }
            if (!r)
                return r.error();
        }
        m_built[std::size_t(s.index)] = true;
    }

    // the image
    StageState &fin = m_states[std::size_t(target)];
    for (const auto &[k, v] : m_opt.labels)
        fin.config["Labels"][k] = v;
    api::Json diffIds = api::Json::array();
    for (const auto &l : fin.layers)
        diffIds.push_back(l.blob.digest); // uncompressed layers: the digest is the diff id
    if (fin.newest == 0)
        fin.newest = nowMs();
    api::Json config = {{"created", rfc3339(fin.newest)},
                        {"architecture", "amd64"},
                        {"os", "linux"},
                        {"config", fin.config},
                        {"rootfs", {{"type", "layers"}, {"diff_ids", diffIds}}},
                        {"history", fin.history}};
    if (cancelled())
        return failAt("build cancelled", {}, Error::Code::Internal);
    auto committed = m_store.commit(config, fin.layers, m_opt.tags, fin.baseReference, fin.baseSize, fin.newest);
    (void)m_store.saveCache();
    if (!committed)
        return fail(committed.error(), {});
    BuildSummary sum;
    sum.imageId = committed->id;
    sum.manifestDigest = committed->manifestDigest;
    sum.tags = committed->tags;
    sum.steps = m_total;
    sum.cachedSteps = m_cachedSteps;
    sum.simulatedSteps = m_simulatedSteps;
    sum.durationSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    sum.size = committed->size();
    sum.cachedLayers = m_cachedLayers;
    std::vector<std::string> unused;
    for (const auto &[k, v] : m_opt.buildArgs)
        if (!m_usedArgs.count(k) && !m_globalArgs.count(k))
            unused.push_back(k);
    BuildEvent e;
    e.type = BuildEvent::Type::Finished;
    e.durationSeconds = sum.durationSeconds;
    e.imageId = sum.imageId;
    e.tags = m_opt.tags;
    char line[240];
    std::snprintf(line, sizeof line, "built %s in %.2fs: %d steps, %d cached, %d simulated; image %s", 
                  m_opt.tags.empty() ? sum.imageId.substr(7, 12).c_str() : m_opt.tags.front().c_str(),
                  sum.durationSeconds, sum.steps, sum.cachedSteps, sum.simulatedSteps, sum.imageId.substr(0, 19).c_str());
    e.text = line;
    if (!unused.empty()) {
        e.text += "; warning: build args not consumed:";
        for (const auto &u : unused)
            e.text += " " + u;
    }
    emit(e);
    return sum;
}

} // namespace

Result<BuildSummary> Builder::build(const BuildContext &context, const BuildOptions &options, const BuildEventSink &sink,
                                    const std::atomic<bool> *cancel)
{
    BuildRun run(*m_store, context, options, sink, cancel);
    auto r = run.run();
    if (!r)
        (void)m_store->saveCache(); // completed steps stay cached, as in Docker
    return r;
}

std::string buildEventTypeName(BuildEvent::Type type)
{
    switch (type) {
    case BuildEvent::Type::Started: return "started";
    case BuildEvent::Type::StepStarted: return "step-started";
    case BuildEvent::Type::StepCached: return "step-cached";
    case BuildEvent::Type::Output: return "output";
    case BuildEvent::Type::StepFinished: return "step-finished";
    case BuildEvent::Type::StepFailed: return "step-failed";
    case BuildEvent::Type::Finished: return "finished";
    case BuildEvent::Type::Failed: return "failed";
    }
    return "unknown";
}

} // namespace flotilla::engine::image
