#pragma once

// The build context: the files a build may COPY/ADD, from a directory (honouring .dockerignore) or a tar.
// Content checksums are computed lazily, in parallel, and cached by file metadata so an unchanged context
// is never read twice.

#include "../common/result.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::image {

struct ContextEntry {
    enum class Type : std::uint8_t { File, Directory, Symlink };
    std::string path;          ///< relative, '/'-separated: "src/app.js"
    Type type = Type::File;
    std::uint32_t mode = 0644; ///< permission bits
    std::int64_t size = 0;
    std::int64_t mtimeNs = 0;
    std::string linkTarget;    ///< symlinks
    // identity for the checksum cache (directory contexts)
    std::uint64_t device = 0, inode = 0;
    std::int64_t ctimeNs = 0;
    std::int64_t tarOffset = -1; ///< tar contexts: where the content sits in the context's buffer
};

/// sha256 of file contents keyed by path and metadata (size, mtime, ctime, inode). Thread-safe.
class ChecksumCache final {
public:
    /// Hex digest if the file is unchanged since it was hashed.
    bool lookup(const std::string &absPath, const ContextEntry &meta, std::string &digest) const;
    void store(const std::string &absPath, const ContextEntry &meta, const std::string &digest);
    std::size_t size() const;
    void clear();
    std::size_t hits() const { return m_hits.load(); }
    std::size_t misses() const { return m_misses.load(); }

private:
    struct Item { std::int64_t size, mtimeNs, ctimeNs; std::uint64_t device, inode; std::string digest; };
    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Item> m_items;
    mutable std::atomic<std::size_t> m_hits{0}, m_misses{0};
};

/// .dockerignore patterns (Docker's rules: `*`, `?`, `[…]`, `**`, `!` exceptions, a match of a parent
/// directory excludes everything below it).
class IgnoreMatcher final {
public:
    static IgnoreMatcher parse(std::string_view dockerignoreText);
    /// `parentsIncluded`: the caller knows no parent directory is excluded (a walk that does not descend
    /// into excluded directories), so only the path itself is matched.
    bool excludes(std::string_view path, bool parentsIncluded = false) const;
    bool hasExceptions() const { return m_hasExceptions; }
    bool empty() const { return m_patterns.empty(); }

private:
    struct Pattern { std::string glob; bool exclusion; };
    std::vector<Pattern> m_patterns;
    bool m_hasExceptions = false;
};

/// Shell-style glob of one path against a pattern where `*` and `?` do not cross '/', `**` does.
bool globMatch(std::string_view pattern, std::string_view path);

/// What a COPY/ADD source resolves to: the entry and the path it gets under the destination.
struct SourceFile {
    const ContextEntry *entry = nullptr;
    std::string relative; ///< path under the destination directory ("" when the source names a file)
};
struct ResolvedSource {
    std::vector<SourceFile> files; ///< directories' contents included, sorted
    bool isDirectory = false;      ///< the source named a directory (its contents are copied)
    bool wildcard = false;
};

struct ContextLimits {
    std::int64_t maxBytes = std::int64_t(8) << 30; ///< refuse bigger contexts
    std::int64_t maxFiles = 1'000'000;
};

class BuildContext final {
public:
    using Limits = ContextLimits;

    /// Walks a directory, honouring its .dockerignore. The cache (optional) must outlive the context.
    static Result<std::shared_ptr<BuildContext>> fromDirectory(const std::string &dir, ChecksumCache *cache = nullptr,
                                                               Limits limits = {});
    /// Reads an (optionally compressed) tar held in memory. Entries with ".." or absolute paths are refused.
    static Result<std::shared_ptr<BuildContext>> fromTar(std::string tarBytes, Limits limits = {});

    const std::vector<ContextEntry> &entries() const { return m_entries; }
    const ContextEntry *find(std::string_view path) const;
    const std::string &root() const { return m_root; } ///< "" for tar contexts
    std::int64_t totalBytes() const { return m_totalBytes; }
    std::size_t ignoredCount() const { return m_ignored; }

    /// Resolves a COPY/ADD source as written ("package*.json", ".", "src/", "../x" is refused).
    Result<ResolvedSource> resolve(std::string_view source) const;

    /// Content digest (hex sha256) of a file entry; hashes (and caches) on first use.
    Result<std::string> digest(const ContextEntry &entry) const;
    /// Hashes every file among `files` not hashed yet, on up to `threads` threads.
    Status hashAll(const std::vector<const ContextEntry *> &files, int threads = 0) const;
    /// One checksum over resolved sources: context and relative paths, types, modes and content digests.
    Result<std::string> checksum(const ResolvedSource &source) const;

    /// Reads a file's bytes (small files; layers stream with readChunks).
    Result<std::string> readFile(const ContextEntry &entry) const;
    /// Streams a file's bytes in chunks.
    Status readChunks(const ContextEntry &entry, const std::function<void(const char *, std::size_t)> &sink) const;
    /// Text of a file by path, e.g. the Dockerfile of a tar context.
    Result<std::string> readText(std::string_view path) const;

private:
    BuildContext() = default;
    std::string absolutePath(const ContextEntry &e) const { return m_root + "/" + e.path; }
    Result<std::string> hashEntry(const ContextEntry &entry) const;

    std::string m_root;
    std::string m_tar; ///< tar contexts: the decompressed archive's file contents, concatenated
    std::vector<ContextEntry> m_entries; ///< sorted by path
    std::unordered_map<std::string_view, std::size_t> m_index;
    std::int64_t m_totalBytes = 0;
    std::size_t m_ignored = 0;
    ChecksumCache *m_cache = nullptr;
    mutable std::mutex m_digestMutex;
    mutable std::vector<std::string> m_digests; ///< per entry, "" until hashed
};

/// Hex sha256 of a file, read in large chunks (the same as `sha256sum`).
Result<std::string> sha256File(const std::string &path);
std::string sha256Hex(std::string_view bytes);

} // namespace flotilla::engine::image
