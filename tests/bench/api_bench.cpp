// The sandbox's Kubernetes API under load, over real HTTPS on loopback: the real kubectl listing every pod
// of a big sandbox, many watchers following a burst of changes, and GETs of single pods at a fixed rate.
#include "benchmarks.h"
#include "workload.h"

#include <engine/api/kinds.h>
#include <engine/engine.h>
#include <engine/serve/kubeconfig.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <curl/curl.h>

#include <atomic>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <optional>
#include <thread>

#include <csignal>

#include <sys/resource.h>
#include <sys/wait.h>

namespace flotilla::bench {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

/// What kubectl asks for when it prints a list (server-side columns, falling back to plain JSON).
constexpr const char *kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;"
                                     "g=meta.k8s.io,application/json";

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

/// The p-th percentile (0..100) of `v` (sorted in place), nearest rank.
double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const std::size_t rank = std::size_t(std::ceil(p / 100 * double(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::string runList(const std::vector<double> &v, const char *format = "%.2f")
{
    std::string out;
    for (double x : v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, format, x);
        out += (out.empty() ? "" : ", ") + std::string(buf);
    }
    return out;
}

/// An engine whose sandbox has Running pods from Deployments of about 300 (as cluster-scale builds them,
/// as fast as possible with the clock paused), serving its Kubernetes API, with a kubeconfig for it in a
/// temporary folder.
class ServedSandbox {
public:
    ~ServedSandbox()
    {
        m_engine.stop();
        if (!m_dir.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(m_dir, ec);
        }
    }

    bool open(const char *label, int pods, int nodes)
    {
        engine::Engine::Options o;
        o.sandbox.seed = 42;
        o.sandbox.startTime = 1'700'000'000'000;
        o.mode = engine::ClockMode::Paused;
        if (auto s = m_engine.start(o); !s.ok()) {
            std::fprintf(stderr, "%s: %s\n", label, s.error().toString().c_str());
            return false;
        }
        const int deployments = std::max(1, pods / 300), replicas = pods / deployments;
        const auto t0 = Clock::now();
        const ScaleUp up = m_engine
                               .call([=](engine::sandbox::Sandbox &sb) {
                                   growNodes(sb, nodes);
                                   return scaleUp(sb, deployments, replicas, label);
                               })
                               .get();
        if (!up.ok()) {
            std::fprintf(stderr, "%s: %s\n", label, up.error.empty() ? "not every pod came up" : up.error.c_str());
            return false;
        }
        auto info = m_engine.serveKubernetesApi({});
        if (!info.ok()) {
            std::fprintf(stderr, "%s: %s\n", label, info.error().toString().c_str());
            return false;
        }
        m_info = *info;
        std::string tmpl = "/tmp/flotilla-api-bench-XXXXXX";
        if (!::mkdtemp(tmpl.data()))
            return false;
        m_dir = tmpl;
        m_kubeconfig = m_dir + "/kubeconfig";
        if (!engine::serve::writeKubeconfig(m_kubeconfig, {m_info.server, m_info.caCertPem, m_info.token, "bench"}).ok())
            return false;
        m_podCount = m_engine.call([](engine::sandbox::Sandbox &sb) { return int(sb.store().list(engine::api::kind::Pod).size()); }).get();
        std::fprintf(stderr, "%s: %d pods Running in default (%d in all) on %d nodes after %.1f s; serving on %s\n", label,
                     up.running, m_podCount, nodes, secondsSince(t0), m_info.server.c_str());
        return true;
    }

    engine::Engine &engine() { return m_engine; }
    const engine::serve::ServeInfo &info() const { return m_info; }
    const std::string &dir() const { return m_dir; }
    const std::string &kubeconfig() const { return m_kubeconfig; }
    int podCount() const { return m_podCount; }

    /// Names of the pods in the default namespace, in the store's order.
    std::vector<std::string> podNames()
    {
        return m_engine
            .call([](engine::sandbox::Sandbox &sb) {
                std::vector<std::string> names;
                for (const auto &p : sb.store().list(engine::api::kind::Pod, "default"))
                    names.push_back(p->metadata.name);
                return names;
            })
            .get();
    }

private:
    engine::Engine m_engine;
    engine::serve::ServeInfo m_info;
    std::string m_dir, m_kubeconfig;
    int m_podCount = 0;
};

// ---- libcurl: one keep-alive connection for a sequence of GETs ----------------------------------------

class CurlClient {
public:
    explicit CurlClient(const engine::serve::ServeInfo &info) : m_server(info.server), m_curl(curl_easy_init())
    {
        m_headers = curl_slist_append(m_headers, ("Authorization: Bearer " + info.token).c_str());
        m_headers = curl_slist_append(m_headers, (std::string("Accept: ") + kTableAccept).c_str());
        curl_easy_setopt(m_curl, CURLOPT_CAINFO, info.caPath.c_str());
        curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, m_headers);
        curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &CurlClient::write);
        curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &m_body);
        curl_easy_setopt(m_curl, CURLOPT_ACCEPT_ENCODING, nullptr); // as kubectl: no compression on loopback
    }
    ~CurlClient()
    {
        curl_slist_free_all(m_headers);
        curl_easy_cleanup(m_curl);
    }

    /// GETs `target`; the status (0 when the transfer failed) and the body in body().
    long get(const std::string &target)
    {
        m_body.clear();
        curl_easy_setopt(m_curl, CURLOPT_URL, (m_server + target).c_str());
        if (curl_easy_perform(m_curl) != CURLE_OK)
            return 0;
        long status = 0;
        curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &status);
        return status;
    }
    const std::string &body() const { return m_body; }

    std::string escape(const std::string &s)
    {
        char *e = curl_easy_escape(m_curl, s.c_str(), int(s.size()));
        std::string out(e);
        curl_free(e);
        return out;
    }

private:
    static std::size_t write(char *data, std::size_t size, std::size_t n, void *user)
    {
        static_cast<std::string *>(user)->append(data, size * n);
        return size * n;
    }

    std::string m_server;
    CURL *m_curl;
    curl_slist *m_headers = nullptr;
    std::string m_body;
};

/// The string value of the first `"key":"…"` in `text` (good enough for the top-level fields the bench reads:
/// keys come sorted, and metadata precedes rows and items).
std::string firstStringField(std::string_view text, std::string_view key)
{
    const std::string pattern = "\"" + std::string(key) + "\":\"";
    const auto at = text.find(pattern);
    if (at == std::string_view::npos)
        return {};
    const auto start = at + pattern.size();
    return std::string(text.substr(start, text.find('"', start) - start));
}

std::size_t countOf(std::string_view text, std::string_view what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

// ---- api-list ------------------------------------------------------------------------------------------

/// Runs a command line through the shell; its exit status (-1 when it did not run).
int shell(const std::string &command)
{
    const int rc = std::system(command.c_str());
    return rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::size_t linesOf(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::size_t n = 0;
    char buf[1 << 16];
    while (in.read(buf, sizeof buf) || in.gcount() > 0)
        n += std::size_t(std::count(buf, buf + in.gcount(), '\n'));
    return n;
}

void apiListBenchmark()
{
    const int pods = envInt("FLOTILLA_API_LIST_PODS", 150000);
    const int nodes = envInt("FLOTILLA_API_LIST_NODES", std::max(10, pods / 30));
    ServedSandbox sb;
    if (!sb.open("api-list", pods, nodes))
        return;
    const std::size_t expectedRows = std::size_t(sb.podCount());
    const std::size_t expectedPages = (expectedRows + 499) / 500;
    // A list that takes minutes would hold up the whole bench: each phase gives up after this long and
    // says how far it got.
    const int giveUp = envInt("FLOTILLA_API_LIST_GIVE_UP_S", 120);

    // The server alone: every pod as Table rows, asked for as kubectl asks (limit=500, which the server does
    // not apply to Tables: the list comes whole, streamed); pages are followed should it send any.
    std::vector<double> serverWalls;
    const std::size_t heapBeforeLists = heapBytes();
    std::size_t pageCount = 0, bytes = 0;
    for (int run = 0; run < runs(3); ++run) {
        CurlClient curl(sb.info());
        std::size_t rows = 0;
        pageCount = bytes = 0;
        double worstPage = 0, firstPage = 0;
        std::string next;
        bool gaveUp = false;
        const auto t0 = Clock::now();
        do {
            if (secondsSince(t0) > giveUp) {
                gaveUp = true;
                break;
            }
            const auto tp = Clock::now();
            const long status = curl.get("/api/v1/pods?limit=500" + (next.empty() ? "" : "&continue=" + curl.escape(next)));
            const double pageMs = ms(Clock::now() - tp);
            if (status != 200) {
                std::fprintf(stderr, "api-list: page %zu answered %ld: %.200s\n", pageCount, status, curl.body().c_str());
                return;
            }
            if (pageCount == 0)
                firstPage = pageMs;
            worstPage = std::max(worstPage, pageMs);
            ++pageCount;
            bytes += curl.body().size();
            rows += countOf(curl.body(), "\"cells\":");
            next = firstStringField(curl.body(), "continue");
        } while (!next.empty());
        const double wall = secondsSince(t0);
        // When it gave up: the whole list at the pace it went.
        serverWalls.push_back(gaveUp ? wall * double(expectedPages) / double(std::max<std::size_t>(pageCount, 1)) : wall);
        std::printf("api-list: run %d: server alone: %zu rows of %zu in %zu Table response(s) (%.1f MiB) in %.2f s (%s); "
                    "first response %.0f ms, slowest %.0f ms%s\n",
                    run + 1, rows, expectedRows, pageCount, double(bytes) / (1 << 20), wall,
                    run == 0 ? "the first list: every row made" : "rows kept since the first list", firstPage, worstPage,
                    gaveUp ? (" -- GAVE UP after " + std::to_string(giveUp) + " s; all " + std::to_string(expectedPages) +
                              " pages at this pace: " + std::to_string(int(serverWalls.back())) + " s").c_str()
                           : "");
        std::fflush(stdout);
        if (gaveUp)
            break; // more runs would only say the same, slowly
    }

    std::printf("api-list: heap %.0f MiB before the lists, %.0f MiB after them (the rows kept)\n",
                double(heapBeforeLists) / (1 << 20), double(heapBytes()) / (1 << 20));
    // The real kubectl, end to end: discovery (fresh cache), the list, printing; the server keeps the rows
    // of the lists above.
    std::vector<double> kubectlWalls, kubectlCpu;
    bool allRows = true;
    for (int run = 0; run < runs(3); ++run) {
        const std::string out = sb.dir() + "/kubectl-" + std::to_string(run) + ".out";
        const std::string err = sb.dir() + "/kubectl-" + std::to_string(run) + ".err";
        const std::string cache = sb.dir() + "/cache-" + std::to_string(run);
        const std::string command = "timeout -s KILL " + std::to_string(giveUp) + " /usr/bin/kubectl --kubeconfig '" + sb.kubeconfig() + "' --cache-dir '" + cache +
                                    "' get pods -A > '" + out + "' 2> '" + err + "'";
        struct rusage before {}, after {};
        ::getrusage(RUSAGE_CHILDREN, &before);
        const auto t0 = Clock::now();
        const int rc = shell(command);
        const double wall = secondsSince(t0);
        ::getrusage(RUSAGE_CHILDREN, &after);
        const auto cpu = [](const struct rusage &r) {
            return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) + double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
        };
        const double clientCpu = cpu(after) - cpu(before);
        const std::size_t lines = linesOf(out);
        kubectlWalls.push_back(wall);
        allRows = allRows && rc == 0 && lines == expectedRows + 1;
        const bool killed = rc == 128 + SIGKILL;
        // (killed, kubectl's time is not accounted to this process)
        if (!killed)
            kubectlCpu.push_back(clientCpu);
        std::printf("api-list: run %d: kubectl get pods -A %s %d after %.2f s (kubectl's own CPU %s) with %zu lines "
                    "(want %zu rows + header)\n",
                    run + 1, killed ? "KILLED after the time limit: status" : "exited", rc, wall,
                    killed ? "unknown" : (runList({clientCpu}) + " s").c_str(), lines, expectedRows);
        if (killed)
            break;
        if (rc != 0) {
            std::ifstream in(err);
            std::string first;
            std::getline(in, first);
            std::printf("api-list: kubectl said: %s\n", first.c_str());
        }
        std::fflush(stdout);
    }
    std::printf("api-list: %zu pods; kubectl runs %s s; server-alone runs %s s\n", expectedRows,
                runList(kubectlWalls).c_str(), runList(serverWalls).c_str());
    const double kubectl = median(kubectlWalls);
    report("api_list.kubectl_wall_s", kubectl,
           (std::string("s (target <= 3: ") + (kubectl <= 3 && allRows ? "met" : "MISSED") + (allRows ? ")" : "; rows missing)")).c_str());
    if (!kubectlCpu.empty())
        report("api_list.kubectl_cpu_s", median(kubectlCpu), "s (user + system time of kubectl itself)");
    report("api_list.server_first_s", serverWalls.front(), "s (every pod as Table rows through libcurl, the first list)");
    if (serverWalls.size() > 1)
        report("api_list.server_s", median(std::vector<double>(serverWalls.begin() + 1, serverWalls.end())),
               "s (the same, later lists: rows kept)");
}

// ---- Beast client pieces ---------------------------------------------------------------------------

ssl::context clientTls(const std::string &caPem)
{
    ssl::context tls(ssl::context::tls_client);
    tls.add_certificate_authority(asio::buffer(caPem));
    tls.set_verify_mode(ssl::verify_peer);
    return tls;
}

/// A TLS connection to the server, verified against the sandbox's CA (blocking: done before the timing).
std::unique_ptr<TlsStream> connectTls(asio::io_context &io, ssl::context &tls, int port)
{
    auto stream = std::make_unique<TlsStream>(io, tls);
    stream->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(*stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), std::uint16_t(port)));
    beast::get_lowest_layer(*stream).socket().set_option(tcp::no_delay(true));
    stream->handshake(ssl::stream_base::client);
    return stream;
}

http::request<http::empty_body> getRequest(const engine::serve::ServeInfo &info, const std::string &target)
{
    http::request<http::empty_body> req(http::verb::get, target, 11);
    req.set(http::field::host, "127.0.0.1:" + std::to_string(info.port));
    req.set(http::field::accept, "application/json");
    req.set(http::field::authorization, "Bearer " + info.token);
    req.keep_alive(true);
    return req;
}

// ---- api-watch -----------------------------------------------------------------------------------------

/// One watch stream, read as it comes: counts the MODIFIED events after the starting version and checks
/// that versions only go up. When the server ends the stream (it drops a watcher that falls too far
/// behind, as kube-apiserver does), it watches again from the last version it saw, as client-go's
/// reflector does: an event is lost only if that resume is refused (410 Gone).
struct Watcher : std::enable_shared_from_this<Watcher> {
    std::unique_ptr<TlsStream> stream;
    http::request<http::empty_body> request;
    beast::flat_buffer buffer;
    std::optional<http::response_parser<http::string_body>> parserSlot{std::in_place};
    http::response_parser<http::string_body> &parser() { return *parserSlot; }
    /// Opens a new stream from a version (set by the benchmark); empty: no resuming.
    std::function<void(const std::shared_ptr<Watcher> &, std::int64_t fromVersion)> resume;
    const std::atomic<bool> *stopping = nullptr;
    int resumes = 0;
    bool gone = false; ///< a resume was refused: 410 Gone
    std::int64_t fromVersion = 0;
    int expected = 0;
    int events = 0;          ///< MODIFIED events after fromVersion
    int otherEvents = 0;     ///< anything else (ADDED, DELETED, BOOKMARK, ERROR)
    std::int64_t lastVersion = 0;
    bool outOfOrder = false;
    std::string ended;       ///< why the stream ended early
    Clock::time_point lastEventAt{};
    std::atomic<int> *complete = nullptr;
    std::atomic<long> *delivered = nullptr;

    void start()
    {
        parser().body_limit(boost::none);
        http::async_write(*stream, request, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return self->end("write: " + ec.message());
            http::async_read_header(*self->stream, self->buffer, self->parser(),
                                    [self](beast::error_code ec, std::size_t) {
                                        if (ec)
                                            return self->end("header: " + ec.message());
                                        if (self->parser().get().result_int() != 200) {
                                            self->gone = true; // refused: not resumed again
                                            return self->end("status " + std::to_string(self->parser().get().result_int()));
                                        }
                                        self->read();
                                    });
        });
    }

    void read()
    {
        http::async_read_some(*stream, buffer, parser(), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->consume();
            if (ec)
                return self->end("read: " + ec.message());
            if (self->parser().is_done())
                return self->end("the server ended the stream");
            self->read();
        });
    }

    void consume()
    {
        std::string &body = parser().get().body();
        std::size_t begin = 0;
        for (auto nl = body.find('\n'); nl != std::string::npos; nl = body.find('\n', begin)) {
            const std::string_view line(body.data() + begin, nl - begin);
            begin = nl + 1;
            // {"object":{…},"type":"MODIFIED"}: keys come sorted, so the type is the last field.
            const auto typeAt = line.rfind("\"type\":\"");
            const std::string_view type = typeAt == std::string_view::npos ? std::string_view{} : line.substr(typeAt + 8, line.size() - typeAt - 10);
            const std::string rv = firstStringField(line, "resourceVersion");
            const std::int64_t version = rv.empty() ? 0 : std::stoll(rv);
            if (type == "MODIFIED" && version > fromVersion) {
                if (version <= lastVersion)
                    outOfOrder = true;
                lastVersion = version;
                ++events;
                delivered->fetch_add(1, std::memory_order_relaxed);
                lastEventAt = Clock::now();
                if (events == expected)
                    complete->fetch_add(1);
            } else {
                if (type == "ERROR" && line.find("\"code\":410") != std::string_view::npos)
                    gone = true;
                ++otherEvents;
            }
        }
        body.erase(0, begin);
    }

    void end(const std::string &why)
    {
        if (ended.empty())
            ended = why;
        if (resume && !gone && events < expected && !(stopping && stopping->load())) {
            ++resumes;
            buffer.clear();
            parserSlot.emplace();
            resume(shared_from_this(), lastVersion ? lastVersion : fromVersion);
        }
    }
};

void apiWatchBenchmark()
{
    const int pods = envInt("FLOTILLA_API_WATCH_PODS", 10000);
    const int watchers = envInt("FLOTILLA_API_WATCHERS", 100);
    const int changes = envInt("FLOTILLA_API_WATCH_CHANGES", 10000);
    const int batch = envInt("FLOTILLA_API_WATCH_BATCH", 100);
    const int changeRate = envInt("FLOTILLA_API_WATCH_RATE", 0); ///< changes per second; unset: as fast as the engine takes them
    ServedSandbox sb;
    if (!sb.open("api-watch", pods, envInt("FLOTILLA_API_WATCH_NODES", std::max(10, pods / 30))))
        return;
    const std::vector<std::string> names = sb.podNames();
    if (names.empty())
        return;

    std::vector<double> spans, minEvents, lost, rates;
    for (int run = 0; run < runs(3); ++run) {
        // The version to watch from, as a client gets it: from a list.
        CurlClient curl(sb.info());
        if (curl.get("/api/v1/pods?limit=1") != 200)
            return;
        const std::int64_t listVersion = std::stoll(firstStringField(curl.body(), "resourceVersion"));

        asio::io_context io;
        ssl::context tls = clientTls(sb.info().caCertPem);
        std::atomic<int> complete{0};
        std::atomic<long> delivered{0};
        std::atomic<bool> stopping{false};
        std::vector<std::shared_ptr<Watcher>> all;
        const auto resume = [&io, &tls, &sb](const std::shared_ptr<Watcher> &w, std::int64_t from) {
            // on the client thread, from the ended stream's handler: the old stream goes after it returns
            asio::post(io, [&io, &tls, &sb, w, from, old = std::shared_ptr<TlsStream>(std::move(w->stream))] {
                w->stream = connectTls(io, tls, sb.info().port);
                w->request = getRequest(sb.info(), "/api/v1/pods?watch=true&resourceVersion=" + std::to_string(from));
                w->start();
            });
        };
        for (int i = 0; i < watchers; ++i) {
            auto w = std::make_shared<Watcher>();
            w->stream = connectTls(io, tls, sb.info().port);
            w->request = getRequest(sb.info(), "/api/v1/pods?watch=true&resourceVersion=" + std::to_string(listVersion));
            w->resume = resume;
            w->stopping = &stopping;
            w->fromVersion = listVersion;
            w->expected = changes;
            w->complete = &complete;
            w->delivered = &delivered;
            w->start();
            all.push_back(w);
        }
        std::thread client([&io] { io.run(); });
        // Every watch is registered once its request was handled: a write on the engine thread after the
        // last one is seen by all (and the first changes would be replayed from the version anyway).
        std::this_thread::sleep_for(std::chrono::milliseconds(500));

        // The changes: an annotation on one pod after another, through the sandbox's write path, in
        // batches as requests would bring them.
        int written = 0, failed = 0;
        const auto t0 = Clock::now();
        for (int first = 0; first < changes; first += batch) {
            if (changeRate > 0)
                std::this_thread::sleep_until(t0 + std::chrono::nanoseconds(std::int64_t(1e9 * first / changeRate)));
            const int last = std::min(changes, first + batch);
            const auto result = sb.engine()
                                    .call([&names, first, last, run](engine::sandbox::Sandbox &s) {
                                        std::pair<int, int> okAndFailed{0, 0};
                                        for (int i = first; i < last; ++i) {
                                            auto pod = s.store().get(engine::api::kind::Pod, "default", names[std::size_t(i) % names.size()]);
                                            if (!pod) {
                                                ++okAndFailed.second;
                                                continue;
                                            }
                                            auto copy = std::make_shared<engine::api::Object>(*pod);
                                            copy->metadata.annotations["bench.flotilla.dev/change"] =
                                                std::to_string(run) + "-" + std::to_string(i);
                                            copy->metadata.resourceVersion = 0;
                                            if (s.replace(copy).ok())
                                                ++okAndFailed.first;
                                            else
                                                ++okAndFailed.second;
                                        }
                                        return okAndFailed;
                                    })
                                    .get();
            written += result.first;
            failed += result.second;
        }
        const double writeSeconds = secondsSince(t0);
        // Until every watcher has every event, or nothing moved for 10 s.
        long seen = -1;
        auto lastProgress = Clock::now();
        while (complete.load() < watchers && secondsSince(lastProgress) < 10) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (const long now = delivered.load(); now != seen) {
                seen = now;
                lastProgress = Clock::now();
            }
        }
        stopping = true;
        io.stop();
        client.join();

        int least = changes, most = 0, outOfOrder = 0, others = 0, resumed = 0, refused = 0;
        long lostEvents = 0;
        Clock::time_point end = t0;
        std::string endings;
        for (const auto &w : all) {
            least = std::min(least, w->events);
            most = std::max(most, w->events);
            lostEvents += std::max(0, written - w->events);
            outOfOrder += w->outOfOrder;
            resumed += w->resumes;
            refused += w->gone;
            others += w->otherEvents;
            end = std::max(end, w->lastEventAt);
            if (!w->ended.empty() && endings.find(w->ended) == std::string::npos)
                endings += (endings.empty() ? "" : "; ") + w->ended;
        }
        // Hang up and let the aborted reads finish before the streams go.
        for (const auto &w : all) {
            beast::error_code ignored;
            beast::get_lowest_layer(*w->stream).socket().close(ignored);
        }
        io.restart();
        io.run();
        const double span = ms(end - t0) / 1000;
        spans.push_back(span);
        minEvents.push_back(least);
        lost.push_back(double(lostEvents));
        rates.push_back(double(delivered.load()) / span);
        std::printf("api-watch: run %d: %d changes written in %.2f s (%s; %d failed); %d watchers got %d..%d events each "
                    "(%ld lost, %d other lines, %d out of order, %d watches resumed, %d resumes refused) by %.2f s after "
                    "the first change: %.0f events/s delivered%s%s\n",
                    run + 1, written, writeSeconds,
                    changeRate > 0 ? ("paced at " + std::to_string(changeRate) + "/s").c_str() : "as fast as the engine takes them",
                    failed, watchers, least, most, lostEvents, others, outOfOrder, resumed, refused, span,
                    rates.back(), endings.empty() ? "" : "; streams ended: ", endings.c_str());
        std::fflush(stdout);
    }
    std::printf("api-watch: runs: first change to last event %s s; lost %s\n", runList(spans).c_str(),
                runList(lost, "%.0f").c_str());
    const double lostTotal = std::accumulate(lost.begin(), lost.end(), 0.0);
    report("api_watch.events_per_watcher_min", *std::min_element(minEvents.begin(), minEvents.end()), "events");
    report("api_watch.lost_events", lostTotal, lostTotal == 0 ? "events (target 0: met)" : "events (target 0: MISSED)");
    report("api_watch.first_change_to_last_event_s", median(spans), "s");
    report("api_watch.events_per_s", median(rates), "events/s (all watchers together)");
}

// ---- api-get ---------------------------------------------------------------------------------------

/// An open-loop load: request i is due at start + i × interval whatever happened before; its latency counts
/// from then, so a stall shows in full even while requests wait for a free connection.
class OpenLoop {
public:
    OpenLoop(asio::io_context &io, const engine::serve::ServeInfo &info, std::vector<std::string> targets, int connections,
             double rate, int total)
        : m_io(io), m_info(info), m_targets(std::move(targets)), m_timer(io), m_total(total),
          m_interval(std::chrono::nanoseconds(std::int64_t(1e9 / rate))), m_tls(clientTls(info.caCertPem))
    {
        for (int i = 0; i < connections; ++i)
            m_connections.push_back(std::make_unique<Connection>(connectTls(io, m_tls, info.port)));
        m_latencies.reserve(std::size_t(total));
    }

    void start()
    {
        m_start = Clock::now();
        tick();
    }

    std::vector<double> &latencies() { return m_latencies; }
    int errors() const { return m_errors; }
    Clock::time_point started() const { return m_start; }
    Clock::time_point lastDone() const { return m_lastDone; }
    bool finished() const { return m_done == m_total; }

private:
    struct Connection {
        explicit Connection(std::unique_ptr<TlsStream> s) : stream(std::move(s)) {}
        std::unique_ptr<TlsStream> stream;
        beast::flat_buffer buffer;
        http::request<http::empty_body> request;
        http::response<http::string_body> response;
        Clock::time_point due;
        bool busy = false;
        bool broken = false;
    };

    void tick()
    {
        const auto now = Clock::now();
        while (m_scheduled < m_total && m_start + m_scheduled * m_interval <= now)
            m_pending.push_back(m_start + (m_scheduled++) * m_interval);
        dispatch();
        if (m_scheduled < m_total) {
            m_timer.expires_at(m_start + m_scheduled * m_interval);
            m_timer.async_wait([this](beast::error_code ec) {
                if (!ec)
                    tick();
            });
        }
    }

    void dispatch()
    {
        for (auto &c : m_connections) {
            if (m_pending.empty())
                return;
            if (!c->busy && !c->broken) {
                send(*c, m_pending.front());
                m_pending.pop_front();
            }
        }
    }

    void send(Connection &c, Clock::time_point due)
    {
        c.busy = true;
        c.due = due;
        c.request = getRequest(m_info, "/api/v1/namespaces/default/pods/" + m_targets[m_next++ % m_targets.size()]);
        http::async_write(*c.stream, c.request, [this, &c](beast::error_code ec, std::size_t) {
            if (ec)
                return fail(c);
            c.response = {};
            http::async_read(*c.stream, c.buffer, c.response, [this, &c](beast::error_code ec, std::size_t) {
                if (ec)
                    return fail(c);
                m_lastDone = Clock::now();
                if (c.response.result_int() == 200)
                    m_latencies.push_back(ms(m_lastDone - c.due));
                else
                    ++m_errors;
                ++m_done;
                c.busy = false;
                if (!m_pending.empty()) {
                    send(c, m_pending.front());
                    m_pending.pop_front();
                }
            });
        });
    }

    void fail(Connection &c)
    {
        ++m_errors;
        ++m_done;
        c.busy = false;
        c.broken = true;
        dispatch();
    }

    asio::io_context &m_io;
    const engine::serve::ServeInfo &m_info;
    std::vector<std::string> m_targets;
    asio::steady_timer m_timer;
    int m_total;
    std::chrono::nanoseconds m_interval;
    ssl::context m_tls;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::deque<Clock::time_point> m_pending;
    std::vector<double> m_latencies;
    Clock::time_point m_start, m_lastDone;
    int m_scheduled = 0, m_done = 0, m_errors = 0;
    std::size_t m_next = 0;
};

void apiGetBenchmark()
{
    const int pods = envInt("FLOTILLA_API_GET_PODS", 5000);
    const int rate = envInt("FLOTILLA_API_GET_RATE", 1000);
    const int seconds = envInt("FLOTILLA_API_GET_SECONDS", 10);
    const int connections = envInt("FLOTILLA_API_GET_CONNECTIONS", 32);
    ServedSandbox sb;
    if (!sb.open("api-get", pods, envInt("FLOTILLA_API_GET_NODES", std::max(10, pods / 30))))
        return;
    std::vector<std::string> names = sb.podNames();
    std::shuffle(names.begin(), names.end(), std::mt19937(7));
    // The simulation runs in real time meanwhile: kubelets, probes, controllers share the engine thread.
    sb.engine().setClockMode(engine::ClockMode::RealTime);
    std::this_thread::sleep_for(std::chrono::seconds(1));

    std::vector<double> p50s, p99s, maxes, rates;
    const engine::TimeMs simulatedAtStart = sb.engine().clock().now;
    for (int run = 0; run < runs(3); ++run) {
        asio::io_context io;
        OpenLoop load(io, sb.info(), names, connections, rate, rate * seconds);
        load.start();
        io.run();
        auto &lat = load.latencies();
        const double achieved = double(lat.size()) / (ms(load.lastDone() - load.started()) / 1000);
        const double p50 = percentile(lat, 50), p99 = percentile(lat, 99), p999 = percentile(lat, 99.9), worst = lat.empty() ? 0 : lat.back();
        p50s.push_back(p50);
        p99s.push_back(p99);
        maxes.push_back(worst);
        rates.push_back(achieved);
        std::printf("api-get: run %d: %zu GETs of one pod (%d errors) at %d/s offered over %d connections, %.0f/s achieved; "
                    "latency from the scheduled send: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n",
                    run + 1, lat.size(), load.errors(), rate, connections, achieved, p50, p99, p999, worst);
        std::fflush(stdout);
    }
    const auto clock = sb.engine().clock();
    std::printf("api-get: %d pods, simulation running in real time (%.1f s simulated during the runs); p99 runs %s ms\n",
                sb.podCount(), double(clock.now - simulatedAtStart) / 1000, runList(p99s).c_str());
    const double p99 = median(p99s);
    report("api_get.p50_ms", median(p50s), "ms");
    report("api_get.p99_ms", p99, p99 <= 10 ? "ms (target <= 10: met)" : "ms (target <= 10: MISSED)");
    report("api_get.max_ms", median(maxes), "ms (median of the runs' maxima)");
    report("api_get.achieved_per_s", median(rates), "requests/s");
}

} // namespace

void apiBenchmarks(std::vector<Benchmark> &out)
{
    out.push_back({"api-list", "the real kubectl get pods -A of 150,000 Running pods over HTTPS; the server's Table pages alone",
                   apiListBenchmark});
    out.push_back({"api-watch", "100 watchers of all pods each receive every one of 10,000 pod changes",
                   apiWatchBenchmark});
    out.push_back({"api-get", "GET one pod at 1,000/s open loop for 10 s, 5,000 pods, clock running: latency percentiles",
                   apiGetBenchmark});
}

} // namespace flotilla::bench
