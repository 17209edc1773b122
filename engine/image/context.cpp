#include "context.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <atomic>
#include <cstring>
#include <thread>

namespace flotilla::engine::image {

namespace {
std::string toHex(const unsigned char *data, std::size_t n)
{
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(n * 2, '0');
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = hex[data[i] >> 4];
        out[2 * i + 1] = hex[data[i] & 15];
    }
    return out;
}

class Sha256 {
public:
    Sha256() : m_ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(m_ctx); }
    Sha256(const Sha256 &) = delete;
    void update(const void *data, std::size_t n) { EVP_DigestUpdate(m_ctx, data, n); }
    std::string hex()
    {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(m_ctx, out, &len);
        return toHex(out, len);
    }

private:
    EVP_MD_CTX *m_ctx;
};

Error ioError(const std::string &what, const std::string &path, int err)
{
    return Error::make(Error::Code::Io, what + " " + path + ": " + std::strerror(err));
}

/// Lexical clean of a relative path: no "." parts, ".." folded; a leading ".." survives (escape).
std::string cleanPath(std::string_view in)
{
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= in.size()) {
        const auto j = std::min(in.find('/', i), in.size());
        const std::string_view part = in.substr(i, j - i);
        if (part.empty() || part == ".") {
        } else if (part == "..") {
            if (!parts.empty() && parts.back() != "..")
                parts.pop_back();
            else
                parts.emplace_back("..");
        } else {
            parts.emplace_back(part);
        }
        i = j + 1;
    }
    std::string out;
    for (const auto &p : parts) {
        if (!out.empty())
            out += '/';
        out += p;
    }
    return out;
}

bool hasGlob(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

/// Matches one character class "[a-z]" / "[^abc]" at p (just past '['); advances p past ']'.
bool matchClass(std::string_view pat, std::size_t &p, char c)
{
    bool negate = false, matched = false;
    if (p < pat.size() && (pat[p] == '^' || pat[p] == '!')) {
        negate = true;
        ++p;
    }
    bool first = true;
    while (p < pat.size() && (first || pat[p] != ']')) {
        first = false;
        char lo = pat[p];
        if (lo == '\\' && p + 1 < pat.size())
            lo = pat[++p];
        char hi = lo;
        if (p + 2 < pat.size() && pat[p + 1] == '-' && pat[p + 2] != ']') {
            hi = pat[p + 2];
            p += 2;
        }
        if (c >= lo && c <= hi)
            matched = true;
        ++p;
    }
    if (p < pat.size())
        ++p; // ']'
    return matched != negate;
}

bool globAt(std::string_view pat, std::size_t p, std::string_view s, std::size_t i)
{
    while (p < pat.size()) {
        const char pc = pat[p];
        if (pc == '*') {
            if (p + 1 < pat.size() && pat[p + 1] == '*') {
                // "**" crosses directories; "**/" also matches nothing
                std::size_t q = p + 2;
                if (q < pat.size() && pat[q] == '/') {
                    if (globAt(pat, q + 1, s, i))
                        return true;
                }
                for (std::size_t k = i; k <= s.size(); ++k)
                    if (globAt(pat, q, s, k))
                        return true;
                return false;
            }
            for (std::size_t k = i; k <= s.size(); ++k) {
                if (globAt(pat, p + 1, s, k))
                    return true;
                if (k < s.size() && s[k] == '/')
                    return false;
            }
            return false;
        }
        if (i >= s.size())
            return false;
        if (pc == '?') {
            if (s[i] == '/')
                return false;
        } else if (pc == '[') {
            std::size_t q = p + 1;
            if (s[i] == '/' || !matchClass(pat, q, s[i]))
                return false;
            p = q;
            ++i;
            continue;
        } else if (pc == '\\' && p + 1 < pat.size()) {
            if (pat[p + 1] != s[i])
                return false;
            p += 2;
            ++i;
            continue;
        } else if (pc != s[i]) {
            return false;
        }
        ++p;
        ++i;
    }
    return i == s.size();
}
} // namespace

std::string sha256Hex(std::string_view bytes)
{
    Sha256 h;
    h.update(bytes.data(), bytes.size());
    return h.hex();
}

namespace {
/// Reads a whole file in 1 MiB chunks; `what` names it in errors.
Status readFileChunks(const std::string &path, const std::string &what,
                      const std::function<void(const char *, std::size_t)> &sink)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open", what, errno);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    static thread_local std::vector<char> buffer(1 << 20);
    while (true) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const int err = errno;
            ::close(fd);
            return ioError("cannot read", what, err);
        }
        if (n == 0)
            break;
        sink(buffer.data(), std::size_t(n));
    }
    ::close(fd);
    return {};
}
} // namespace

Result<std::string> sha256File(const std::string &path)
{
    Sha256 h;
    if (auto st = readFileChunks(path, path, [&](const char *d, std::size_t n) { h.update(d, n); }); !st)
        return st.error();
    return h.hex();
}

bool globMatch(std::string_view pattern, std::string_view path)
{
    // Quick rejects before the backtracking match: the literal text before the first wildcard must start
    // the path and the literal text after the last one must end it ("**/*.log" against "src/a.js" fails
    // at once). A walk checks every path and each of its parents against every .dockerignore pattern.
    std::size_t first = std::string_view::npos, last = 0;
    bool hasClass = false;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
        const char c = pattern[k];
        if (c == '*' || c == '?' || c == '[' || c == '\\') {
            if (first == std::string_view::npos)
                first = k;
            last = k;
            hasClass |= c == '[';
        }
    }
    if (first == std::string_view::npos)
        return pattern == path;
    const std::string_view head = pattern.substr(0, first);
    std::string_view tail;
    // No tail with a character class (an unterminated "[…" takes in the rest of the pattern), and not
    // the '/' of a "**/", which also matches nothing.
    if (!hasClass) {
        tail = pattern.substr(last + 1);
        if (pattern[last] == '*' && !tail.empty() && tail.front() == '/')
            tail.remove_prefix(1);
    }
    if (path.size() < head.size() + tail.size() || path.substr(path.size() - tail.size()) != tail ||
        path.substr(0, head.size()) != head)
        return false;
    return globAt(pattern, first, path, first);
}

// --- ChecksumCache -------------------------------------------------------------------------------

bool ChecksumCache::lookup(const std::string &absPath, const ContextEntry &m, std::string &digest) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_items.find(absPath);
    if (it == m_items.end()) {
        ++m_misses;
        return false;
    }
    const Item &i = it->second;
    if (i.size != m.size || i.mtimeNs != m.mtimeNs || i.ctimeNs != m.ctimeNs || i.inode != m.inode ||
        i.device != m.device) {
        ++m_misses;
        return false;
    }
    ++m_hits;
    digest = i.digest;
    return true;
}

void ChecksumCache::store(const std::string &absPath, const ContextEntry &m, const std::string &digest)
{
    std::lock_guard lock(m_mutex);
    m_items[absPath] = Item{m.size, m.mtimeNs, m.ctimeNs, m.device, m.inode, digest};
}

std::size_t ChecksumCache::size() const
{
    std::lock_guard lock(m_mutex);
    return m_items.size();
}

void ChecksumCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_items.clear();
}

// --- IgnoreMatcher ---------------------------------------------------------------------------------

IgnoreMatcher IgnoreMatcher::parse(std::string_view text)
{
    IgnoreMatcher m;
    std::size_t i = 0;
    while (i < text.size()) {
        auto j = text.find('\n', i);
        if (j == std::string_view::npos)
            j = text.size();
        std::string line(text.substr(i, j - i));
        i = j + 1;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        std::size_t s = line.find_first_not_of(" \t");
        if (s == std::string::npos || line[s] == '#')
            continue;
        line = line.substr(s);
        bool exclusion = false;
        if (line[0] == '!') {
            exclusion = true;
            line = line.substr(1);
        }
        std::string glob = cleanPath(line);
        if (glob.empty())
            continue;
        m.m_patterns.push_back({glob, exclusion});
        m.m_hasExceptions |= exclusion;
    }
    return m;
}

bool IgnoreMatcher::excludes(std::string_view path, bool parentsIncluded) const
{
    bool excluded = false;
    for (const auto &p : m_patterns) {
        bool match = globMatch(p.glob, path);
        if (!match && !(parentsIncluded && !m_hasExceptions)) {
            // a pattern that matches a parent directory covers everything below it
            for (std::size_t k = path.find('/'); k != std::string_view::npos && !match; k = path.find('/', k + 1))
                match = globMatch(p.glob, path.substr(0, k));
        }
        if (match)
            excluded = !p.exclusion;
    }
    return excluded;
}

// --- BuildContext ----------------------------------------------------------------------------------

namespace {
std::int64_t nanos(const timespec &t) { return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

struct Walker {
    const IgnoreMatcher &ignore;
    std::vector<ContextEntry> &out;
    BuildContext::Limits limits;
    std::int64_t bytes = 0;
    std::size_t ignored = 0;
    std::optional<Error> error;
    /// Set for the top level: subdirectories are listed here instead of walked (worker threads walk them).
    std::vector<std::string> *deferred = nullptr;

    void walk(int dirFd, const std::string &prefix)
    {
        DIR *dir = ::fdopendir(dirFd);
        if (!dir) {
            error = ioError("cannot read directory", prefix.empty() ? "." : prefix, errno);
            ::close(dirFd);
            return;
        }
        std::vector<std::pair<std::string, unsigned char>> names;
        while (dirent *d = ::readdir(dir)) {
            if (std::strcmp(d->d_name, ".") == 0 || std::strcmp(d->d_name, "..") == 0)
                continue;
            names.emplace_back(d->d_name, d->d_type);
        }
        std::sort(names.begin(), names.end());
        for (const auto &[name, dtype] : names) {
            if (error)
                break;
            const std::string rel = prefix.empty() ? name : prefix + "/" + name;
            struct stat st {};
            if (::fstatat(::dirfd(dir), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
                error = ioError("cannot read", rel, errno);
                break;
            }
            const bool isDir = S_ISDIR(st.st_mode);
            if (!ignore.empty() && ignore.excludes(rel, /*parentsIncluded=*/true)) {
                ++ignored;
                if (!isDir || !ignore.hasExceptions())
                    continue;
                // an exception may re-include something below: walk it, but keep the directory out
            } else {
                ContextEntry e;
                e.path = rel;
                e.type = isDir ? ContextEntry::Type::Directory
                               : S_ISLNK(st.st_mode) ? ContextEntry::Type::Symlink : ContextEntry::Type::File;
                if (!isDir && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
                    continue; // sockets, fifos and devices are not part of a context
                e.mode = st.st_mode & 07777;
                e.size = S_ISREG(st.st_mode) ? st.st_size : 0;
                e.mtimeNs = nanos(st.st_mtim);
                e.ctimeNs = nanos(st.st_ctim);
                e.device = st.st_dev;
                e.inode = st.st_ino;
                if (S_ISLNK(st.st_mode)) {
                    char buf[4096];
                    const ssize_t n = ::readlinkat(::dirfd(dir), name.c_str(), buf, sizeof buf);
                    if (n > 0)
                        e.linkTarget.assign(buf, std::size_t(n));
                }
                bytes += e.size;
                out.push_back(std::move(e));
                if (bytes > limits.maxBytes) {
                    error = Error::make(Error::Code::TooLarge,
                                        "the build context is larger than " +
                                            std::to_string(limits.maxBytes >> 20) +
                                            " MiB; add what the build does not need to .dockerignore");
                    break;
                }
                if (std::int64_t(out.size()) > limits.maxFiles) {
                    error = Error::make(Error::Code::TooLarge, "the build context has more than " +
                                                                   std::to_string(limits.maxFiles) + " files");
                    break;
                }
            }
            if (isDir && deferred) {
                deferred->push_back(rel);
            } else if (isDir) {
                const int fd = ::openat(::dirfd(dir), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (fd < 0) {
                    error = ioError("cannot open directory", rel, errno);
                    break;
                }
                walk(fd, rel);
            }
        }
        ::closedir(dir);
    }
};
} // namespace

Result<std::shared_ptr<BuildContext>> BuildContext::fromDirectory(const std::string &dir, ChecksumCache *cache,
                                                                  Limits limits)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError("cannot open the build context", dir, errno);
    std::shared_ptr<BuildContext> ctx(new BuildContext);
    ctx->m_root = dir;
    while (ctx->m_root.size() > 1 && ctx->m_root.back() == '/')
        ctx->m_root.pop_back();
    ctx->m_cache = cache;
    std::string ignoreText;
    if (const int ifd = ::openat(fd, ".dockerignore", O_RDONLY | O_CLOEXEC); ifd >= 0) {
        char buf[65536];
        ssize_t n;
        while ((n = ::read(ifd, buf, sizeof buf)) > 0)
            ignoreText.append(buf, std::size_t(n));
        ::close(ifd);
    }
    const IgnoreMatcher ignore = IgnoreMatcher::parse(ignoreText);
    // The top level here; its subdirectories on worker threads (half of a walk is waiting on the kernel).
    std::vector<ContextEntry> top;
    std::vector<std::string> subdirs;
    Walker w{ignore, top, limits, 0, 0, std::nullopt, &subdirs};
    const int rootFd = ::dup(fd);
    w.walk(fd, "");
    if (w.error) {
        ::close(rootFd);
        return *w.error;
    }
    std::vector<std::vector<ContextEntry>> trees(subdirs.size());
    std::vector<Walker> walkers;
    walkers.reserve(subdirs.size());
    for (std::size_t i = 0; i < subdirs.size(); ++i)
        walkers.push_back(Walker{ignore, trees[i], limits, 0, 0, std::nullopt, nullptr});
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < subdirs.size();) {
            const int dfd = ::openat(rootFd, subdirs[i].c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd < 0)
                walkers[i].error = ioError("cannot open directory", subdirs[i], errno);
            else
                walkers[i].walk(dfd, subdirs[i]);
        }
    };
    const unsigned threads = std::min<unsigned>(std::max(1u, std::thread::hardware_concurrency()), 4);
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && t < subdirs.size(); ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
    ::close(rootFd);
    std::int64_t bytes = w.bytes;
    std::size_t ignored = w.ignored;
    for (const auto &sub : walkers) {
        if (sub.error)
            return *sub.error;
        bytes += sub.bytes;
        ignored += sub.ignored;
    }
    if (bytes > limits.maxBytes)
        return Error::make(Error::Code::TooLarge, "the build context is larger than " +
                                                      std::to_string(limits.maxBytes >> 20) +
                                                      " MiB; add what the build does not need to .dockerignore");
    // each directory entry is followed by its tree; trees of excluded directories (walked for "!"
    // exceptions) go last and the sort below places them
    std::size_t total = top.size();
    for (const auto &t : trees)
        total += t.size();
    if (std::int64_t(total) > limits.maxFiles)
        return Error::make(Error::Code::TooLarge, "the build context has more than " +
                                                      std::to_string(limits.maxFiles) + " files");
    ctx->m_entries.reserve(total);
    std::vector<bool> placed(subdirs.size(), false);
    std::size_t d = 0;
    for (auto &e : top) {
        const bool isDir = e.type == ContextEntry::Type::Directory;
        const std::string path = e.path;
        ctx->m_entries.push_back(std::move(e));
        while (isDir && d < subdirs.size() && subdirs[d] < path)
            ++d;
        if (isDir && d < subdirs.size() && subdirs[d] == path) {
            for (auto &x : trees[d])
                ctx->m_entries.push_back(std::move(x));
            placed[d] = true;
        }
    }
    for (std::size_t i = 0; i < subdirs.size(); ++i)
        if (!placed[i])
            for (auto &x : trees[i])
                ctx->m_entries.push_back(std::move(x));
    // Each directory's names are visited in order, so the entries are sorted unless a name sorts
    // before '/' ("a.txt" after "a/…"); check before paying for a sort.
    const auto byPath = [](const ContextEntry &a, const ContextEntry &b) { return a.path < b.path; };
    if (!std::is_sorted(ctx->m_entries.begin(), ctx->m_entries.end(), byPath))
        std::sort(ctx->m_entries.begin(), ctx->m_entries.end(), byPath);
    ctx->m_totalBytes = bytes;
    ctx->m_ignored = ignored;
    ctx->m_digests.resize(ctx->m_entries.size());
    for (std::size_t i = 0; i < ctx->m_entries.size(); ++i)
        ctx->m_index.emplace(ctx->m_entries[i].path, i);
    return ctx;
}

Result<std::shared_ptr<BuildContext>> BuildContext::fromTar(std::string tarBytes, Limits limits)
{
    std::shared_ptr<BuildContext> ctx(new BuildContext);
    archive *a = archive_read_new();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    auto fail = [&](Error e) {
        archive_read_free(a);
        return e;
    };
    if (archive_read_open_memory(a, tarBytes.data(), tarBytes.size()) != ARCHIVE_OK)
        return fail(Error::make(Error::Code::Invalid, std::string("the build context is not a valid tar archive: ") +
                                                          archive_error_string(a)));
    std::map<std::string, ContextEntry> entries;
    archive_entry *entry = nullptr;
    while (true) {
        const int r = archive_read_next_header(a, &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN)
            return fail(Error::make(Error::Code::Invalid, std::string("the build context is not a valid tar archive: ") +
                                                              archive_error_string(a)));
        const char *rawName = archive_entry_pathname(entry);
        const std::string raw = rawName ? rawName : "";
        if (!raw.empty() && raw.front() == '/')
            return fail(Error::make(Error::Code::Invalid, "tar entry with an absolute path refused: " + raw));
        const std::string path = cleanPath(raw);
        if (path == ".." || path.rfind("../", 0) == 0)
            return fail(Error::make(Error::Code::Invalid, "tar entry outside the build context refused: " + raw));
        if (path.empty())
            continue;
        ContextEntry e;
        e.path = path;
        const auto ft = archive_entry_filetype(entry);
        e.type = ft == AE_IFDIR ? ContextEntry::Type::Directory
                                : ft == AE_IFLNK ? ContextEntry::Type::Symlink : ContextEntry::Type::File;
        // a hard link shares the content of an entry read before it, which must be a file of the context
        const ContextEntry *hardTarget = nullptr;
        if (const char *hard = archive_entry_hardlink(entry)) {
            const auto target = entries.find(cleanPath(hard));
            if (target == entries.end() || target->second.type != ContextEntry::Type::File)
                return fail(Error::make(Error::Code::Invalid, "tar entry " + raw + " is a hard link to " + hard +
                                                                  ", which is not a file of the build context: refused"));
            hardTarget = &target->second;
        }
        if (!hardTarget && ft != AE_IFDIR && ft != AE_IFLNK && ft != AE_IFREG) {
            archive_read_data_skip(a);
            continue;
        }
        e.mode = archive_entry_perm(entry);
        e.mtimeNs = std::int64_t(archive_entry_mtime(entry)) * 1'000'000'000 + archive_entry_mtime_nsec(entry);
        if (e.type == ContextEntry::Type::Symlink) {
            const char *t = archive_entry_symlink(entry);
            e.linkTarget = t ? t : "";
            // a link is kept as a link, but never one that leads out of the context (the `docker cp` /
            // `kubectl cp` traversal): absolute, or with more ".." than it has folders above it
            const std::size_t slash = path.rfind('/');
            const std::string resolved = cleanPath((slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + e.linkTarget);
            if (e.linkTarget.empty() || e.linkTarget.front() == '/' || resolved == ".." || resolved.rfind("../", 0) == 0)
                return fail(Error::make(Error::Code::Invalid, "tar entry " + raw + " is a link to " + e.linkTarget +
                                                                  ", outside the build context: refused"));
        }
        if (hardTarget) {
            e.type = ContextEntry::Type::File;
            e.tarOffset = hardTarget->tarOffset;
            e.size = hardTarget->size;
            archive_read_data_skip(a);
        } else if (e.type == ContextEntry::Type::File) {
            e.tarOffset = std::int64_t(ctx->m_tar.size());
            char buf[65536];
            la_ssize_t n;
            while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
                ctx->m_tar.append(buf, std::size_t(n));
                if (std::int64_t(ctx->m_tar.size()) > limits.maxBytes)
                    return fail(Error::make(Error::Code::TooLarge, "the build context is larger than " +
                                                                       std::to_string(limits.maxBytes >> 20) + " MiB"));
            }
            if (n < 0)
                return fail(Error::make(Error::Code::Invalid, "the build context tar is truncated or damaged at " +
                                                                  raw + ": " + archive_error_string(a)));
            e.size = std::int64_t(ctx->m_tar.size()) - e.tarOffset;
        }
        // parents that the tar does not list
        for (auto k = path.find('/'); k != std::string::npos; k = path.find('/', k + 1)) {
            const std::string parent = path.substr(0, k);
            if (!entries.count(parent)) {
                ContextEntry d;
                d.path = parent;
                d.type = ContextEntry::Type::Directory;
                d.mode = 0755;
                entries.emplace(parent, d);
            }
        }
        entries[path] = std::move(e);
        if (std::int64_t(entries.size()) > limits.maxFiles)
            return fail(Error::make(Error::Code::TooLarge, "the build context has too many files"));
    }
    archive_read_free(a);

    // .dockerignore of a tar context
    IgnoreMatcher ignore;
    if (const auto it = entries.find(".dockerignore"); it != entries.end() && it->second.tarOffset >= 0)
        ignore = IgnoreMatcher::parse(std::string_view(ctx->m_tar).substr(std::size_t(it->second.tarOffset),
                                                                           std::size_t(it->second.size)));
    for (auto &[path, e] : entries) {
        if (!ignore.empty() && ignore.excludes(path)) {
            ++ctx->m_ignored;
            continue;
        }
        ctx->m_totalBytes += e.size;
        ctx->m_entries.push_back(std::move(e));
    }
    ctx->m_digests.resize(ctx->m_entries.size());
    for (std::size_t i = 0; i < ctx->m_entries.size(); ++i)
        ctx->m_index.emplace(ctx->m_entries[i].path, i);
    return ctx;
}

const ContextEntry *BuildContext::find(std::string_view path) const
{
    const auto it = m_index.find(path);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

Result<ResolvedSource> BuildContext::resolve(std::string_view source) const
{
    std::string src(source);
    while (src.size() > 1 && src.back() == '/')
        src.pop_back();
    if (!src.empty() && src.front() == '/')
        src = src.substr(1); // "/app.js" names the context's root, as in Docker
    const std::string clean = cleanPath(src);
    if (clean == ".." || clean.rfind("../", 0) == 0)
        return Error::make(Error::Code::Forbidden,
                           "forbidden path outside the build context: " + std::string(source));
    ResolvedSource out;
    auto addTree = [&](const std::string &dirPath) {
        // everything below dirPath, relative to it
        const std::string prefix = dirPath.empty() ? "" : dirPath + "/";
        auto it = prefix.empty() ? m_entries.begin()
                                 : std::lower_bound(m_entries.begin(), m_entries.end(), prefix,
                                                    [](const ContextEntry &e, const std::string &p) { return e.path < p; });
        for (; it != m_entries.end() && it->path.compare(0, prefix.size(), prefix) == 0; ++it)
            out.files.push_back({&*it, it->path.substr(prefix.size())});
    };
    if (clean.empty()) {
        out.isDirectory = true;
        addTree("");
        return out;
    }
    if (hasGlob(clean)) {
        out.wildcard = true;
        for (const auto &e : m_entries) {
            if (!globMatch(clean, e.path))
                continue;
            if (e.type == ContextEntry::Type::Directory) {
                const auto slash = e.path.rfind('/');
                const std::string base = e.path.substr(slash == std::string::npos ? 0 : slash + 1);
                out.files.push_back({&e, base});
                const std::size_t before = out.files.size();
                addTree(e.path);
                for (std::size_t k = before; k < out.files.size(); ++k)
                    out.files[k].relative = base + "/" + out.files[k].relative;
            } else {
                out.files.push_back({&e, ""});
            }
        }
        if (out.files.empty())
            return Error::make(Error::Code::NotFound,
                               "no source files were specified: \"" + std::string(source) +
                                   "\" matches nothing in the build context (or .dockerignore excludes it)");
        return out;
    }
    const ContextEntry *e = find(clean);
    if (!e)
        return Error::make(Error::Code::NotFound, "file not found in build context or excluded by .dockerignore: \"" +
                                                      std::string(source) + "\"");
    if (e->type == ContextEntry::Type::Directory) {
        out.isDirectory = true;
        addTree(clean);
    } else {
        out.files.push_back({e, ""});
    }
    return out;
}

Result<std::string> BuildContext::hashEntry(const ContextEntry &e) const
{
    if (e.tarOffset >= 0)
        return sha256Hex(std::string_view(m_tar).substr(std::size_t(e.tarOffset), std::size_t(e.size)));
    const std::string abs = absolutePath(e);
    std::string digest;
    if (m_cache && m_cache->lookup(abs, e, digest))
        return digest;
    auto r = sha256File(abs);
    if (!r)
        return r;
    if (m_cache)
        m_cache->store(abs, e, *r);
    return r;
}

Result<std::string> BuildContext::digest(const ContextEntry &entry) const
{
    const std::size_t i = std::size_t(&entry - m_entries.data());
    {
        std::lock_guard lock(m_digestMutex);
        if (!m_digests[i].empty())
            return m_digests[i];
    }
    auto r = hashEntry(entry);
    if (!r)
        return r;
    std::lock_guard lock(m_digestMutex);
    m_digests[i] = *r;
    return r;
}

Status BuildContext::hashAll(const std::vector<const ContextEntry *> &files, int threads) const
{
    std::vector<const ContextEntry *> todo;
    {
        std::lock_guard lock(m_digestMutex);
        for (const auto *e : files)
            if (e->type == ContextEntry::Type::File && m_digests[std::size_t(e - m_entries.data())].empty())
                todo.push_back(e);
    }
    if (todo.empty())
        return {};
    if (threads <= 0)
        threads = int(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min<int>(threads, int(todo.size()));
    std::atomic<std::size_t> next{0};
    std::mutex errMutex;
    std::optional<Error> firstError;
    auto work = [&] {
        while (true) {
            const std::size_t k = next.fetch_add(1);
            if (k >= todo.size())
                return;
            auto r = digest(*todo[k]);
            if (!r) {
                std::lock_guard lock(errMutex);
                if (!firstError)
                    firstError = r.error();
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
    if (firstError)
        return *firstError;
    return {};
}

Result<std::string> BuildContext::checksum(const ResolvedSource &source) const
{
    std::vector<const ContextEntry *> files;
    files.reserve(source.files.size());
    for (const auto &f : source.files)
        files.push_back(f.entry);
    if (auto s = hashAll(files); !s)
        return s.error();
    Sha256 h;
    std::string line;
    std::lock_guard lock(m_digestMutex); // every file is hashed now: read the digests in one go
    for (const auto &f : source.files) {
        const ContextEntry &e = *f.entry;
        // the context path too: a wildcard match's relative path is "", yet its name is what it lands as
        line.assign(e.path);
        line += '\0';
        line += f.relative;
        line += '\0';
        line += char('0' + int(e.type));
        line += '\0';
        line += std::to_string(e.mode);
        line += '\0';
        if (e.type == ContextEntry::Type::File)
            line += m_digests[std::size_t(&e - m_entries.data())];
        else if (e.type == ContextEntry::Type::Symlink)
            line += e.linkTarget;
        line += '\n';
        h.update(line.data(), line.size());
    }
    return h.hex();
}

Result<std::string> BuildContext::readFile(const ContextEntry &entry) const
{
    std::string out;
    out.reserve(std::size_t(entry.size));
    auto s = readChunks(entry, [&](const char *d, std::size_t n) { out.append(d, n); });
    if (!s)
        return s.error();
    return out;
}

Status BuildContext::readChunks(const ContextEntry &entry,
                                const std::function<void(const char *, std::size_t)> &sink) const
{
    if (entry.tarOffset >= 0) {
        sink(m_tar.data() + entry.tarOffset, std::size_t(entry.size));
        return {};
    }
    return readFileChunks(absolutePath(entry), entry.path, sink);
}

Result<std::string> BuildContext::readText(std::string_view path) const
{
    const ContextEntry *e = find(cleanPath(path));
    if (!e || e->type != ContextEntry::Type::File)
        return Error::make(Error::Code::NotFound, "no file " + std::string(path) + " in the build context");
    return readFile(*e);
}

} // namespace flotilla::engine::image
