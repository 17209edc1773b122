#include "containerlogs.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>

namespace flotilla::engine::runtime {

namespace {
struct Civil {
    int year, month, day, hour, minute, second, milli;
};

Civil civil(TimeMs t)
{
    // days from civil, inverted (Howard Hinnant's algorithm); times before 1970 clamp to the epoch
    if (t < 0)
        t = 0;
    const std::int64_t days = t / 86'400'000;
    const std::int64_t ms = t % 86'400'000;
    std::int64_t z = days + 719468;
    const std::int64_t era = z / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        ++y;
    return {int(y), int(m), int(d), int(ms / 3'600'000), int(ms / 60'000 % 60), int(ms / 1000 % 60), int(ms % 1000)};
}

constexpr std::array<const char *, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Generator {
    TimeMs slot;        ///< one chance of a line per slot
    double probability; ///< of a line in a slot
};

Generator generatorOf(ImageKind kind)
{
    switch (kind) {
    case ImageKind::Nginx: return {5'000, 0.55};
    case ImageKind::Node: return {6'000, 0.5};
    case ImageKind::Python: return {7'000, 0.5};
    case ImageKind::Redis: return {60'000, 0.5};
    case ImageKind::Postgres: return {120'000, 0.6};
    case ImageKind::Shell: return {0, 0};
    case ImageKind::System: return {30'000, 0.4};
    case ImageKind::Generic: return {10'000, 0.4};
    }
    return {10'000, 0.4};
}

std::string versionOf(const std::string &image, const char *fallback)
{
    const auto colon = image.rfind(':');
    if (colon == std::string::npos || image.find('/', colon) != std::string::npos)
        return fallback;
    std::string tag = image.substr(colon + 1);
    const auto dash = tag.find('-');
    if (dash != std::string::npos)
        tag = tag.substr(0, dash);
    return tag.empty() || tag == "latest" ? fallback : tag;
}

std::string client(std::uint64_t h)
{
    return "10.244." + std::to_string(h % 3) + "." + std::to_string(2 + (h >> 8) % 40);
}

/// Startup lines: (offset from the start in ms, text).
std::vector<std::pair<TimeMs, std::string>> startupLines(const ContainerRun &run)
{
    std::vector<std::pair<TimeMs, std::string>> out;
    const TimeMs s = run.startedAt;
    auto at = [&](TimeMs offset, std::string text) { out.emplace_back(offset, std::move(text)); };
    switch (run.kind) {
    case ImageKind::Nginx: {
        const std::string v = versionOf(run.image, "1.25.5");
        at(2, "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration");
        at(3, "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/");
        at(5, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh");
        at(9, "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf");
        at(14, "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf");
        at(16, "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh");
        at(18, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh");
        at(22, "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh");
        at(25, "/docker-entrypoint.sh: Configuration complete; ready for start up");
        const std::string d = formatLogTime(s + 31, "nginx");
        at(31, d + " [notice] 1#1: using the \"epoll\" event method");
        at(31, d + " [notice] 1#1: nginx/" + v);
        at(31, d + " [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)");
        at(31, d + " [notice] 1#1: OS: Linux 6.1.0-flotilla-amd64");
        at(31, d + " [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576");
        at(32, d + " [notice] 1#1: start worker processes");
        at(33, d + " [notice] 1#1: start worker process 29");
        at(33, d + " [notice] 1#1: start worker process 30");
        break;
    }
    case ImageKind::Node:
        if (run.command.empty() || run.command.rfind("npm", 0) == 0) { // started through npm
            at(40, "");
            at(41, "> app@1.0.0 start");
            at(42, "> node server.js");
            at(43, "");
        }
        at(410, "Server listening on port " + std::to_string(run.port ? run.port : 3000) + " (node " +
                    versionOf(run.image, "20") + ", env production)");
        at(620, "Connected to the database");
        break;
    case ImageKind::Python: {
        auto g = [&](TimeMs o) { return formatLogTime(s + o, "gunicorn"); };
        at(180, g(180) + " [1] [INFO] Starting gunicorn 22.0.0");
        at(182, g(182) + " [1] [INFO] Listening at: http://0.0.0.0:8000 (1)");
        at(183, g(183) + " [1] [INFO] Using worker: sync");
        at(190, g(190) + " [7] [INFO] Booting worker with pid: 7");
        at(196, g(196) + " [8] [INFO] Booting worker with pid: 8");
        break;
    }
    case ImageKind::Redis: {
        auto r = [&](TimeMs o, const char *role) { return std::string("1:") + role + " " + formatLogTime(s + o, "redis"); };
        at(1, r(1, "C") + " * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo");
        at(1, r(1, "C") + " * Redis version=" + versionOf(run.image, "7.2.6") + ", bits=64, commit=00000000, modified=0, pid=1, just started");
        at(1, r(1, "C") + " # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf");
        at(2, r(2, "M") + " * monotonic clock: POSIX clock_gettime");
        at(3, r(3, "M") + " * Running mode=standalone, port=6379.");
        at(3, r(3, "M") + " * Server initialized");
        at(4, r(4, "M") + " * Ready to accept connections tcp");
        break;
    }
    case ImageKind::Postgres: {
        auto p = [&](TimeMs o, int pid) { return formatLogTime(s + o, "postgres") + " [" + std::to_string(pid) + "] LOG:  "; };
        at(5, "PostgreSQL Database directory appears to contain a database; Skipping initialization");
        at(6, "");
        at(60, p(60, 1) + "starting PostgreSQL " + versionOf(run.image, "16") + " on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit");
        at(61, p(61, 1) + "listening on IPv4 address \"0.0.0.0\", port 5432");
        at(61, p(61, 1) + "listening on IPv6 address \"::\", port 5432");
        at(62, p(62, 1) + "listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"");
        at(70, p(70, 29) + "database system was shut down at " + formatLogTime(s - 60'000, "postgres"));
        at(75, p(75, 1) + "database system is ready to accept connections");
        break;
    }
    case ImageKind::Shell:
        break;
    case ImageKind::System:
        at(10, "I" + formatLogTime(s + 10, "klog") + "       1 server.go:152] \"Starting\" version=\"v1.31.0\"");
        at(40, "I" + formatLogTime(s + 40, "klog") + "       1 shared_informer.go:313] Waiting for caches to sync");
        at(220, "I" + formatLogTime(s + 220, "klog") + "       1 shared_informer.go:320] Caches are synced");
        break;
    case ImageKind::Generic:
        at(30, "time=\"" + formatLogTime(s + 30, "rfc3339") + "\" level=info msg=\"starting\" container=" + run.container);
        at(250, "time=\"" + formatLogTime(s + 250, "rfc3339") + "\" level=info msg=\"listening\" addr=\":8080\"");
        break;
    }
    return out;
}

/// One request as an access log line says it.
struct Access {
    const char *method = "GET";
    const char *path = "/";
    int status = 200;
    int bytes = 0;
    double ms = 1; ///< how long the answer took
};

/// The access line of a server of this kind (empty for kinds that serve no HTTP). `h` picks the client.
std::string accessLine(ImageKind kind, TimeMs t, std::uint64_t h, const Access &a)
{
    const std::string request = std::string(a.method) + " " + a.path;
    switch (kind) {
    case ImageKind::Nginx: // the "combined" log format
        return client(h >> 24) + " - - [" + formatLogTime(t, "clf") + "] \"" + request + " HTTP/1.1\" " +
               std::to_string(a.status) + " " + std::to_string(a.bytes) + " \"-\" \"" +
               ((h >> 40) % 3 == 0 ? "curl/8.5.0" : "Mozilla/5.0 (X11; Linux x86_64)") + "\"";
    case ImageKind::Node: { // morgan's "dev" format
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.3f", a.ms);
        return request + " " + std::to_string(a.status) + " " + ms + " ms - " + std::to_string(a.bytes);
    }
    case ImageKind::Python: // gunicorn's access log
        return client(h >> 24) + " - - [" + formatLogTime(t, "clf") + "] \"" + request + " HTTP/1.1\" " +
               std::to_string(a.status) + " " + std::to_string(a.bytes) + " \"-\" \"python-requests/2.31.0\"";
    case ImageKind::Generic: // logfmt
        return "time=\"" + formatLogTime(t, "rfc3339") + "\" level=" + (a.status >= 500 ? "error" : "info") +
               " msg=\"request handled\" method=" + a.method + " path=" + a.path + " status=" +
               std::to_string(a.status) + " duration=" + std::to_string(std::max<long long>(1, std::llround(a.ms))) + "ms";
    default:
        return {};
    }
}

std::string periodicLine(const ContainerRun &run, TimeMs t, std::uint64_t h)
{
    static constexpr std::array<const char *, 6> paths = {"/", "/index.html", "/api/items", "/api/items/42",
                                                          "/healthz", "/static/app.js"};
    static constexpr std::array<int, 8> statuses = {200, 200, 200, 200, 200, 304, 200, 404};
    Access a;
    a.path = paths[h % paths.size()];
    a.status = statuses[(h >> 8) % statuses.size()];
    a.bytes = a.status == 304 ? 0 : 120 + int((h >> 16) % 4000);
    switch (run.kind) {
    case ImageKind::Nginx:
    case ImageKind::Python:
        return accessLine(run.kind, t, h, a);
    case ImageKind::Node:
        if ((h >> 44) % 7 == 0)
            return "info: cache refreshed (" + std::to_string(64 + (h >> 20) % 512) + " entries)";
        a.ms = 0.8 + double((h >> 20) % 40000) / 1000.0;
        return accessLine(run.kind, t, h, a);
    case ImageKind::Redis: {
        const std::string head = "1:M " + formatLogTime(t, "redis");
        switch ((h >> 12) % 3) {
        case 0: return head + " * " + std::to_string(1 + (h >> 20) % 100) + " changes in 60 seconds. Saving...";
        case 1: return head + " * Background saving started by pid " + std::to_string(20 + (h >> 20) % 400);
        default: return head + " * Background saving terminated with success";
        }
    }
    case ImageKind::Postgres: {
        const std::string head = formatLogTime(t, "postgres") + " [27] LOG:  ";
        if ((h >> 12) % 2 == 0)
            return head + "checkpoint starting: time";
        const int buffers = 1 + int((h >> 20) % 60);
        char tail[200];
        std::snprintf(tail, sizeof tail,
                      "checkpoint complete: wrote %d buffers (0.%d%%); 0 WAL file(s) added, 0 removed, 0 recycled; "
                      "write=%d.%03d s, sync=0.004 s, total=%d.%03d s",
                      buffers, buffers % 10, buffers / 10, int((h >> 30) % 1000), buffers / 10 + 0, int((h >> 40) % 1000));
        return head + tail;
    }
    case ImageKind::System:
        return "I" + formatLogTime(t, "klog") + "       1 reflector.go:368] \"Watch close\" resourceVersion=\"" +
               std::to_string(1000 + (h >> 20) % 90000) + "\"";
    case ImageKind::Shell:
        return {};
    case ImageKind::Generic:
        a.ms = double(1 + (h >> 20) % 80);
        return accessLine(run.kind, t, h, a);
    }
    return {};
}

/// The access line of one request of Service traffic: a 5xx at the span's error share, a latency
/// log-normally spread around its typical latency (as the traffic generator draws them).
std::string requestLine(const ContainerRun &run, const RequestSpan &span, TimeMs t, std::uint64_t h)
{
    static constexpr std::array<const char *, 8> paths = {"/",           "/index.html",    "/api/items",
                                                          "/api/items/42", "/api/orders",  "/static/app.js",
                                                          "/static/app.css", "/favicon.ico"};
    static constexpr std::array<int, 3> failures = {500, 502, 503};
    Access a;
    const std::size_t p = h % paths.size();
    a.path = paths[p];
    const bool post = p == 4 && (h >> 6) % 2 == 0;
    const bool asset = p == 1 || p >= 5;
    if (post)
        a.method = "POST";
    if (unit(mix(h, 5)) < span.errorShare) {
        a.status = failures[(h >> 8) % failures.size()];
        a.bytes = 150 + int((h >> 16) % 48);
    } else {
        a.status = post ? 201 : asset && (h >> 9) % 6 == 0 ? 304 : 200;
        a.bytes = a.status == 304 ? 0 : 120 + int((h >> 16) % 4000);
    }
    // log-normal around the median (Box–Muller), spread as the traffic generator's latencies are
    const double u1 = 1.0 - unit(mix(h, 21));
    const double u2 = unit(mix(h, 22));
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    a.ms = (span.latencyMs > 0 ? span.latencyMs : 20.0) * std::exp(0.5 * z);
    return accessLine(run.kind, t, h, a);
}

/// The periodic lines of a run, latest first.
class PeriodicLines {
public:
    PeriodicLines(const ContainerRun &run, std::uint64_t key, TimeMs startupEnd, TimeMs since, TimeMs end)
        : m_key(key), m_startupEnd(startupEnd), m_since(since), m_end(end), m_g(generatorOf(run.kind))
    {
        if (m_g.slot > 0 && end >= startupEnd) {
            m_slot = (end - startupEnd) / m_g.slot;
            m_firstSlot = since > startupEnd ? (since - startupEnd) / m_g.slot : 0;
        }
        next();
    }
    bool valid() const { return m_valid; }
    TimeMs time() const { return m_time; }
    std::uint64_t hash() const { return m_hash; }
    void next()
    {
        m_valid = false;
        for (; m_slot >= m_firstSlot; --m_slot) {
            const std::uint64_t h = mix(m_key, std::uint64_t(m_slot), 0x6c6f67);
            if (unit(h) >= m_g.probability)
                continue;
            const TimeMs t = m_startupEnd + m_slot * m_g.slot + TimeMs(mix(h, 7) % std::uint64_t(m_g.slot));
            if (t > m_end || t < m_since)
                continue;
            m_valid = true;
            m_time = t;
            m_hash = mix(h, 11);
            --m_slot;
            return;
        }
    }

private:
    std::uint64_t m_key;
    TimeMs m_startupEnd, m_since, m_end;
    Generator m_g;
    std::int64_t m_slot = -1, m_firstSlot = 0;
    bool m_valid = false;
    TimeMs m_time = 0;
    std::uint64_t m_hash = 0;
};

/// The request lines of a run, latest first. Each whole second of a span gets its share of the span's
/// rate (the fraction decided by a seeded coin), spread evenly with a seeded jitter, so that a second's
/// lines are known without the seconds before it, and a tail reads only the last seconds.
class RequestLines {
public:
    static constexpr TimeMs kBucket = 1000;
    static constexpr TimeMs kOpen = std::numeric_limits<TimeMs>::max() / 4;

    RequestLines(const ContainerRun &run, std::uint64_t key, TimeMs since, TimeMs end)
        : m_spans(run.requests), m_key(key), m_lo(since), m_hi(end)
    {
        m_span = logsRequests(run.kind) && m_hi >= m_lo ? int(m_spans.size()) - 1 : -1;
        next();
    }
    bool valid() const { return m_valid; }
    TimeMs time() const { return m_time; }
    std::uint64_t hash() const { return m_hash; }
    const RequestSpan &span() const { return m_spans[std::size_t(m_lineSpan)]; }

    void next()
    {
        m_valid = false;
        while (m_span >= 0) {
            const RequestSpan &s = m_spans[std::size_t(m_span)];
            const TimeMs spanEnd = s.until > 0 ? s.until : kOpen;
            if (!m_inSpan) {
                if (s.perSecond <= 0 || spanEnd <= s.from) {
                    --m_span;
                    continue;
                }
                const TimeMs top = std::min(m_hi, spanEnd - 1);
                if (top < m_lo) { // this span and every earlier one end before the range
                    m_span = -1;
                    return;
                }
                if (top < s.from) { // it starts after the range
                    --m_span;
                    continue;
                }
                m_bucket = top / kBucket;
                fill(s, spanEnd);
                m_inSpan = true;
            }
            for (; m_index >= 0; --m_index) {
                const TimeMs t = timeOf(m_index);
                if (t > m_hi)
                    continue;
                if (t < m_lo) {
                    m_span = -1;
                    return;
                }
                m_valid = true;
                m_time = t;
                m_hash = mix(m_bucketHash, std::uint64_t(m_index), 0x6c696e65);
                m_lineSpan = m_span;
                --m_index;
                return;
            }
            if (m_bucketLo <= s.from) { // the span's first second: on to the span before
                m_inSpan = false;
                --m_span;
                continue;
            }
            if (m_bucketLo <= m_lo) {
                m_span = -1;
                return;
            }
            --m_bucket;
            fill(s, spanEnd);
        }
    }

private:
    void fill(const RequestSpan &s, TimeMs spanEnd)
    {
        m_bucketLo = std::max(m_bucket * kBucket, s.from);
        const TimeMs hi = std::min(m_bucket * kBucket + kBucket, spanEnd);
        m_length = hi - m_bucketLo;
        m_bucketHash = mix(m_key, std::uint64_t(s.from), std::uint64_t(m_bucket), 0x726571);
        m_count = 0;
        if (m_length > 0) {
            const double expected = s.perSecond * double(m_length) / double(kBucket);
            const double whole = std::floor(expected);
            m_count = std::int64_t(whole) + (unit(m_bucketHash) < expected - whole ? 1 : 0);
        }
        m_index = m_count - 1;
    }
    /// Times rise with the index: line i falls in the i-th of `count` equal parts of the second.
    TimeMs timeOf(std::int64_t i) const
    {
        const double jitter = unit(mix(m_bucketHash, std::uint64_t(i), 0x746d));
        return m_bucketLo + TimeMs((double(i) + jitter) * double(m_length) / double(m_count));
    }

    const std::vector<RequestSpan> &m_spans;
    std::uint64_t m_key;
    TimeMs m_lo, m_hi;
    int m_span = -1, m_lineSpan = -1;
    bool m_inSpan = false;
    std::int64_t m_bucket = 0, m_count = 0, m_index = -1;
    TimeMs m_bucketLo = 0, m_length = 0;
    std::uint64_t m_bucketHash = 0;
    bool m_valid = false;
    TimeMs m_time = 0;
    std::uint64_t m_hash = 0;
};

std::string endLine(const ContainerRun &run)
{
    if (run.endReason.empty() || run.endReason == "OOMKilled" || run.endReason == "Completed")
        return {}; // a SIGKILL leaves no last words
    switch (run.kind) {
    case ImageKind::Nginx:
        return formatLogTime(run.finishedAt, "nginx") + " [notice] 1#1: signal 3 (SIGQUIT) received, shutting down";
    case ImageKind::Node:
        return "Error: simulated failure (Flotilla fault)\n    at Server.<anonymous> (/app/server.js:42:11)";
    case ImageKind::Python:
        return formatLogTime(run.finishedAt, "gunicorn") + " [1] [ERROR] Worker (pid:7) exited with code 1";
    case ImageKind::Redis:
        return "1:M " + formatLogTime(run.finishedAt, "redis") + " # Redis is now ready to exit, bye bye...";
    case ImageKind::Postgres:
        return formatLogTime(run.finishedAt, "postgres") + " [1] LOG:  received fast shutdown request";
    default:
        return "time=\"" + formatLogTime(run.finishedAt, "rfc3339") + "\" level=error msg=\"exiting\" error=\"simulated failure\"";
    }
}
} // namespace

bool logsRequests(ImageKind kind)
{
    return kind == ImageKind::Nginx || kind == ImageKind::Node || kind == ImageKind::Python || kind == ImageKind::Generic;
}

std::string formatLogTime(TimeMs time, const char *style)
{
    const Civil c = civil(time);
    char buf[64];
    const std::string_view s = style;
    if (s == "nginx")
        std::snprintf(buf, sizeof buf, "%04d/%02d/%02d %02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute, c.second);
    else if (s == "clf")
        std::snprintf(buf, sizeof buf, "%02d/%s/%04d:%02d:%02d:%02d +0000", c.day, kMonths[c.month - 1], c.year, c.hour,
                      c.minute, c.second);
    else if (s == "gunicorn")
        std::snprintf(buf, sizeof buf, "[%04d-%02d-%02d %02d:%02d:%02d +0000]", c.year, c.month, c.day, c.hour, c.minute,
                      c.second);
    else if (s == "redis")
        std::snprintf(buf, sizeof buf, "%02d %s %04d %02d:%02d:%02d.%03d", c.day, kMonths[c.month - 1], c.year, c.hour,
                      c.minute, c.second, c.milli);
    else if (s == "postgres")
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%03d UTC", c.year, c.month, c.day, c.hour, c.minute,
                      c.second, c.milli);
    else if (s == "klog")
        std::snprintf(buf, sizeof buf, "%02d%02d %02d:%02d:%02d.%03d000", c.month, c.day, c.hour, c.minute, c.second, c.milli);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute, c.second);
    return buf;
}

std::vector<LogLine> containerLog(const ContainerRun &run, TimeMs now, const LogQuery &query)
{
    std::vector<LogLine> out;
    TimeMs end = run.finishedAt > 0 ? run.finishedAt : now;
    if (query.until > 0)
        end = std::min(end, query.until);
    const TimeMs since = std::max(query.since, run.startedAt);
    if (end < run.startedAt)
        return out;
    const std::size_t want = std::min(query.tail == 0 ? query.limit : query.tail, query.limit);
    const std::uint64_t key = mix(run.seed, stableHash(run.podUid), stableHash(run.container), std::uint64_t(run.restartCount));

    // Built from the end backwards so that a tail of a long-running container stays cheap.
    std::vector<LogLine> reversed;
    auto push = [&](TimeMs t, std::string text) {
        if (t < since || t > end || reversed.size() >= want)
            return;
        // a multi-line message becomes several lines with one time
        std::vector<std::string> parts;
        std::size_t from = 0;
        while (true) {
            const auto nl = text.find('\n', from);
            parts.push_back(text.substr(from, nl == std::string::npos ? std::string::npos : nl - from));
            if (nl == std::string::npos)
                break;
            from = nl + 1;
        }
        for (auto it = parts.rbegin(); it != parts.rend() && reversed.size() < want; ++it)
            reversed.push_back({t, std::move(*it)});
    };
    if (run.finishedAt > 0 && run.finishedAt <= end)
        if (std::string last = endLine(run); !last.empty())
            push(run.finishedAt, std::move(last));

    const auto startup = startupLines(run);
    const TimeMs startupEnd = run.startedAt + (startup.empty() ? 0 : startup.back().first) + 1;
    // periodic lines and request lines, merged latest first
    PeriodicLines periodic(run, key, startupEnd, since, end);
    RequestLines requests(run, key, std::max(since, startupEnd), end);
    while (reversed.size() < want && (periodic.valid() || requests.valid())) {
        if (requests.valid() && (!periodic.valid() || requests.time() >= periodic.time())) {
            push(requests.time(), requestLine(run, requests.span(), requests.time(), requests.hash()));
            requests.next();
        } else {
            push(periodic.time(), periodicLine(run, periodic.time(), periodic.hash()));
            periodic.next();
        }
    }
    for (auto it = startup.rbegin(); it != startup.rend() && reversed.size() < want; ++it)
        push(run.startedAt + it->first, it->second);
    out.assign(std::make_move_iterator(reversed.rbegin()), std::make_move_iterator(reversed.rend()));
    return out;
}

} // namespace flotilla::engine::runtime
