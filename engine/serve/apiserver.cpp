#include "apiserver.h"

#include "acceptloop.h"

#include "logs.h"
#include "resources.h"

#include "../common/log.h"
#include "../sandbox/sandbox.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/crypto.h>

#include <array>
#include <chrono>
#include <deque>
#include <map>

namespace flotilla::engine::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {
constexpr std::size_t kBodyLimit = 3 * 1024 * 1024;
constexpr std::size_t kHeaderLimit = 64 * 1024;
constexpr auto kHandshakeTimeout = 10s;
constexpr auto kRequestTimeout = 60s;     ///< idle keep-alive connections and slow senders
constexpr auto kWriteTimeout = 30s;       ///< a client that stops reading
constexpr auto kDrainTimeout = 3s;
constexpr std::size_t kDrainLimit = 16 * 1024 * 1024;
/// A watch client this far behind is dropped (it watches again from its last version, as client-go does);
/// the lines are shared between watches, so this is not memory per client.
constexpr std::size_t kMaxQueuedBytes = 64 * 1024 * 1024;
constexpr std::int64_t kDefaultWatchSeconds = 1800;
constexpr std::size_t kListSliceRows = 500; ///< rows of a streamed Table list made between two writes
constexpr auto kRowsKeptFor = 5min;          ///< kept Table rows go when no list has used them for this long
constexpr auto kBookmarkInterval = 30s;
constexpr const char *kLog = "serve";

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

/// 127.0.0.1, localhost or [::1], with or without a port: a browser tricked by DNS rebinding sends the
/// attacker's name instead.
bool loopbackHost(std::string_view host)
{
    std::string_view name = host;
    std::string_view rest;
    if (!host.empty() && host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos)
            return false;
        name = host.substr(1, close - 1);
        rest = host.substr(close + 1);
        if (name != "::1")
            return false;
    } else {
        const auto colon = host.find(':');
        if (colon != std::string_view::npos) {
            name = host.substr(0, colon);
            rest = host.substr(colon);
        }
        std::string lower(name);
        for (auto &c : lower)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "127.0.0.1" && lower != "localhost")
            return false;
    }
    if (rest.empty())
        return true;
    if (rest.front() != ':' || rest.size() < 2 || rest.size() > 6)
        return false;
    return std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool tokenMatches(std::string_view header, const std::string &token)
{
    if (header.size() < 7)
        return false;
    std::string scheme(header.substr(0, 7));
    for (auto &c : scheme)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (scheme != "bearer ")
        return false;
    std::string_view given = header.substr(7);
    while (!given.empty() && given.front() == ' ')
        given.remove_prefix(1);
    while (!given.empty() && given.back() == ' ')
        given.remove_suffix(1);
    // Constant time over the token's length (which is not secret: always 64 hex digits).
    return given.size() == token.size() && CRYPTO_memcmp(given.data(), token.data(), token.size()) == 0;
}

class Session;
} // namespace

struct ApiServer::Shared {
    explicit Shared(asio::io_context &io) : io(io), acceptor(io) {}
    asio::io_context &io;
    sandbox::Sandbox *sandbox = nullptr; ///< null once stopped
    ssl::context tls{ssl::context::tls_server};
    tcp::acceptor acceptor;
    std::string token;
    std::map<std::uint64_t, std::weak_ptr<Session>> sessions;
    std::uint64_t nextSession = 1;
    bool stopped = false;
    WatchLineCache watchLines; ///< lines serialised once for every watch that sends them
    TableRowCache tableRows;   ///< Table rows kept between lists
    store::WatchId rowWatch = 0; ///< forgets the rows of changed objects
    asio::steady_timer rowTimer{io}; ///< lets the kept rows go when no list has used them for a while
    std::chrono::steady_clock::time_point rowsUsed;
};

namespace {

class Session final : public std::enable_shared_from_this<Session> {
public:
    Session(std::shared_ptr<ApiServer::Shared> shared, tcp::socket socket, std::uint64_t id)
        : m_shared(std::move(shared)), m_stream(std::move(socket), m_shared->tls), m_id(id),
          m_watchTimer(m_shared->io), m_writeTimer(m_shared->io), m_bookmarkTimer(m_shared->io)
    {
    }

    void start()
    {
        beast::get_lowest_layer(m_stream).expires_after(kHandshakeTimeout);
        m_stream.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
            if (ec) {
                // Not TLS, a client that does not trust our CA, or too slow: nothing to answer.
                log::debug(kLog, "TLS handshake failed: " + ec.message());
                self->close();
                return;
            }
            self->readHeader();
        });
    }

    /// Ends the connection at once (and its watch); safe to call more than once.
    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        endWatch();
        m_watchTimer.cancel();
        m_writeTimer.cancel();
        m_bookmarkTimer.cancel();
        beast::error_code ec;
        beast::get_lowest_layer(m_stream).socket().shutdown(tcp::socket::shutdown_both, ec);
        beast::get_lowest_layer(m_stream).close();
        m_shared->sessions.erase(m_id);
    }

    /// Called by the store on the engine thread.
    void onEvents(std::span<const store::WatchEvent> events)
    {
        if (m_closed || !m_shared->sandbox)
            return;
        const TimeMs now = m_shared->sandbox->sim().now();
        for (const auto &ev : events) {
            m_sentVersion = std::max(m_sentVersion, ev.resourceVersion);
            auto line = m_shared->watchLines.line(m_query, ev, now, m_watchState);
            if (!line || line->empty())
                continue;
            m_queuedBytes += line->size();
            m_queue.push_back(std::move(line));
        }
        if (m_queuedBytes > kMaxQueuedBytes) {
            log::warning(kLog, "a watch client is not reading its events; closing its connection");
            close();
            return;
        }
        pump();
    }

private:
    bool stopped() const { return m_closed || m_shared->stopped || !m_shared->sandbox; }

    void readHeader()
    {
        if (stopped())
            return close();
        m_parser.emplace();
        m_parser->header_limit(kHeaderLimit);
        m_parser->body_limit(kBodyLimit);
        beast::get_lowest_layer(m_stream).expires_after(kRequestTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (stopped())
            return close();
        if (ec == http::error::body_limit)
            return replyAndClose(statusReply(413, "RequestEntityTooLarge", "the request body is larger than 3 MiB"));
        if (ec == http::error::header_limit)
            return replyAndClose(statusReply(431, "BadRequest", "the request header is larger than 64 KiB"));
        if (ec) {
            if (ec != http::error::end_of_stream && ec != beast::error::timeout && ec != asio::error::eof &&
                ec != ssl::error::stream_truncated)
                return replyAndClose(statusReply(400, "BadRequest", "malformed HTTP request: " + ec.message()));
            return close();
        }
        const auto &req = m_parser->get();
        if (!loopbackHost(sv(req[http::field::host])))
            return replyAndClose(statusReply(403, "Forbidden",
                                             "the Host header must name this computer (127.0.0.1, localhost or [::1])"));
        if (!tokenMatches(sv(req[http::field::authorization]), m_shared->token))
            return replyAndClose(statusReply(401, "Unauthorized", "Unauthorized"));
        if (m_parser->is_done())
            return dispatch();
        http::async_read(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (self->stopped())
                return self->close();
            if (ec == http::error::body_limit)
                return self->replyAndClose(statusReply(413, "RequestEntityTooLarge", "the request body is larger than 3 MiB"));
            if (ec)
                return self->close();
            self->dispatch();
        });
    }

    void dispatch()
    {
        const auto &req = m_parser->get();
        ApiRequest request;
        request.method = std::string(req.method_string());
        request.accept = std::string(req[http::field::accept]);
        request.contentType = std::string(req[http::field::content_type]);
        request.body = req.body();
        if (!parseTarget(sv(req.target()), request.path, request.query))
            return send(statusReply(400, "BadRequest", "malformed request path"), req.keep_alive());
        Query watch;
        std::optional<ApiReply> reply;
        try {
            reply = handleRequest(*m_shared->sandbox, request, watch);
        } catch (const std::exception &e) {
            log::error(kLog, request.method + " " + request.path + " failed: " + e.what());
            reply = statusReply(500, "InternalError", std::string("internal error: ") + e.what());
        }
        if (reply)
            return send(*reply, req.keep_alive());
        if (watch.tableList)
            return startTableList(std::move(watch), req.keep_alive());
        startWatch(std::move(watch));
    }

    std::shared_ptr<http::response<http::string_body>> makeResponse(const ApiReply &reply, bool keepAlive)
    {
        auto res = std::make_shared<http::response<http::string_body>>(http::status(reply.status), 11);
        res->set(http::field::server, "flotilla");
        res->set(http::field::content_type, reply.contentType);
        res->set(http::field::cache_control, "no-cache, private");
        for (const auto &w : reply.warnings) {
            // RFC 7234 warn-text: a quoted string, with quotes and backslashes escaped
            std::string text;
            for (char c : w) {
                if (c == '"' || c == '\\')
                    text += '\\';
                text += (c == '\r' || c == '\n') ? ' ' : c;
            }
            res->insert(http::field::warning, "299 - \"" + text + "\"");
        }
        res->keep_alive(keepAlive);
        res->body() = reply.body;
        res->prepare_payload();
        return res;
    }

    void send(const ApiReply &reply, bool keepAlive)
    {
        auto res = makeResponse(reply, keepAlive);
        beast::get_lowest_layer(m_stream).expires_after(kWriteTimeout);
        http::async_write(m_stream, *res, [self = shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
            if (ec || !keepAlive)
                return self->shutdown();
            self->readHeader();
        });
    }

    /// Answers before the request body was read (401, 403, 413, …), then reads and drops what the client
    /// still sends for a moment, so that it sees the answer instead of a reset while it writes.
    void replyAndClose(const ApiReply &reply)
    {
        auto res = makeResponse(reply, false);
        beast::get_lowest_layer(m_stream).expires_after(kWriteTimeout);
        http::async_write(m_stream, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
            if (ec)
                return self->close();
            beast::get_lowest_layer(self->m_stream).expires_after(kDrainTimeout);
            self->drain();
        });
    }

    void drain()
    {
        m_stream.async_read_some(asio::buffer(m_scratch), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->m_drained += n;
            if (ec || self->m_drained > kDrainLimit || self->stopped())
                return self->close();
            self->drain();
        });
    }

    void shutdown()
    {
        if (m_closed)
            return;
        beast::get_lowest_layer(m_stream).expires_after(2s);
        m_stream.async_shutdown([self = shared_from_this()](beast::error_code) { self->close(); });
    }

    // ---- watch ------------------------------------------------------------------------------------

    /// Queues text for a streamed answer (a followed log) and writes it out.
    void onText(std::string text)
    {
        if (m_closed || text.empty())
            return;
        m_queuedBytes += text.size();
        m_queue.push_back(std::make_shared<const std::string>(std::move(text)));
        if (m_queuedBytes > kMaxQueuedBytes) {
            log::warning(kLog, "a client is not reading the log it follows; closing its connection");
            close();
            return;
        }
        pump();
    }

    /// kubectl logs -f: the lines so far, then new ones as the container writes them, until the client goes
    /// away or the pod is deleted (the stream then ends).
    void startLogFollow()
    {
        const LogFollow follow = *m_query.follow;
        auto &sb = *m_shared->sandbox;
        std::weak_ptr<Session> weak = weak_from_this();
        auto id = sb.runtime().followLogs(follow.ns, follow.pod, follow.container,
                                          [weak, timestamps = follow.timestamps](const std::vector<runtime::LogLine> &lines) {
                                              if (auto self = weak.lock())
                                                  self->onText(formatLogLines(lines, timestamps));
                                          });
        if (!id.ok())
            return send(statusReply(400, "BadRequest", id.error().message), false);
        m_followId = *id;
        m_watching = true;
        store::WatchOptions options;
        options.kind = std::string(api::kind::Pod);
        options.ns = follow.ns;
        auto watch = sb.store().watch(options, [weak, follow](std::span<const store::WatchEvent> events) {
            for (const auto &ev : events) {
                if (!ev.object || ev.object->metadata.name != follow.pod)
                    continue;
                if (ev.type == store::WatchEvent::Type::Deleted || ev.object->metadata.uid != follow.uid) {
                    // not from inside the store's delivery: finishing unwatches
                    if (auto self = weak.lock())
                        asio::post(self->m_shared->io, [self] { self->finishWatch(); });
                    return;
                }
            }
        });
        if (watch.ok())
            m_watchId = *watch;
        onText(follow.initial);
        startStream("text/plain");
    }

    /// A Table list: its slices are made as the previous ones are written (pump()), then the connection
    /// takes the next request.
    void startTableList(Query query, bool keepAlive)
    {
        m_query = std::move(query);
        m_list.emplace(m_query);
        m_finishing = false;
        m_headerSent = false;
        startStream("application/json", keepAlive);
    }

    /// The header of a chunked answer; the queue's chunks follow.
    void startStream(const char *contentType, bool keepAlive = false)
    {
        m_header.emplace(http::status::ok, 11);
        m_header->keep_alive(keepAlive);
        m_header->set(http::field::server, "flotilla");
        m_header->set(http::field::content_type, contentType);
        m_header->set(http::field::cache_control, "no-cache, private");
        m_header->chunked(true);
        m_serializer.emplace(*m_header);
        beast::get_lowest_layer(m_stream).expires_never();
        armWriteTimer();
        http::async_write_header(m_stream, *m_serializer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->m_writeTimer.cancel();
            if (ec || self->stopped())
                return self->close();
            self->m_headerSent = true;
            if (!self->m_list)
                self->watchForHangUp(); // a list reads the next request when it is done
            self->pump();
        });
    }

    void startWatch(Query query)
    {
        m_query = std::move(query);
        if (m_query.follow)
            return startLogFollow();
        store::WatchOptions options;
        options.kind = std::string(m_query.kind->kind);
        options.ns = m_query.ns;
        auto &store = m_shared->sandbox->store();
        if (m_query.resourceVersion.empty() || m_query.resourceVersion == "0") {
            // No version (or "any"): the current objects as ADDED first, then the changes.
            options.initialList = true;
            m_sentVersion = store.resourceVersion();
        } else {
            std::int64_t rv = -1;
            try {
                std::size_t used = 0;
                rv = std::stoll(m_query.resourceVersion, &used);
                if (used != m_query.resourceVersion.size())
                    rv = -1;
            } catch (...) {
            }
            if (rv < 0)
                return send(statusReply(400, "BadRequest", "invalid resourceVersion \"" + m_query.resourceVersion + "\""), false);
            options.fromVersion = rv;
            m_sentVersion = rv;
            // what the client's list (at that version) showed: taken as what matches now
            if (selective(m_query))
                for (const auto &o : store.list(m_query.kind->kind, m_query.ns))
                    if (m_query.selection.matches(*o))
                        m_watchState.matching.insert(o->key());
        }
        // The store may hand the initial list to the callback before watch() returns: those lines wait in the
        // queue until the response header is out.
        m_watching = true;
        std::weak_ptr<Session> weak = weak_from_this();
        auto id = store.watch(options, [weak](std::span<const store::WatchEvent> events) {
            if (auto self = weak.lock())
                self->onEvents(events);
        });
        if (!id.ok()) {
            m_watching = false;
            m_queue.clear();
            if (id.error().code == Error::Code::Gone)
                return send(statusReply(410, "Expired", id.error().message), false);
            return send(statusReply(500, "InternalError", id.error().message), false);
        }
        m_watchId = *id;
        if (m_closed) // the initial list overflowed the queue
            return;

        startStream("application/json");

        const std::int64_t seconds = m_query.timeoutSeconds > 0 ? std::min(m_query.timeoutSeconds, kDefaultWatchSeconds)
                                                                : kDefaultWatchSeconds;
        m_watchTimer.expires_after(std::chrono::seconds(seconds));
        m_watchTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec)
                self->finishWatch();
        });
        if (m_query.bookmarks)
            scheduleBookmark();
    }

    void scheduleBookmark()
    {
        m_bookmarkTimer.expires_after(kBookmarkInterval);
        m_bookmarkTimer.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || self->stopped() || self->m_finishing)
                return;
            self->m_queue.push_back(std::make_shared<const std::string>(bookmarkLine(self->m_query, self->m_sentVersion)));
            self->m_queuedBytes += self->m_queue.back()->size();
            self->pump();
            self->scheduleBookmark();
        });
    }

    /// A watch only writes; a read that completes tells that the client went away.
    void watchForHangUp()
    {
        m_stream.async_read_some(asio::buffer(m_scratch), [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec || self->stopped())
                return self->close();
            self->watchForHangUp(); // a client has nothing to say during a watch: ignore it
        });
    }

    void endWatch()
    {
        if (!m_watching)
            return;
        m_watching = false;
        if (m_watchId && m_shared->sandbox)
            m_shared->sandbox->store().unwatch(m_watchId);
        m_watchId = 0;
        if (m_followId && m_shared->sandbox)
            m_shared->sandbox->runtime().unfollowLogs(m_followId);
        m_followId = 0;
    }

    /// The watch's time is up: the stream ends with the last chunk (the client then watches again).
    void finishWatch()
    {
        if (m_closed)
            return;
        endWatch();
        m_bookmarkTimer.cancel();
        m_finishing = true;
        pump();
    }

    void armWriteTimer()
    {
        m_writeTimer.expires_after(kWriteTimeout);
        m_writeTimer.async_wait([weak = weak_from_this()](beast::error_code ec) {
            if (ec)
                return;
            if (auto self = weak.lock()) {
                log::warning(kLog, "a client stopped reading; closing its connection");
                self->close();
            }
        });
    }

    void pump()
    {
        if (m_closed || !m_headerSent || m_writing)
            return;
        if (m_queue.empty() && m_list && !m_finishing) {
            if (stopped())
                return close();
            std::string part;
            m_shared->rowsUsed = std::chrono::steady_clock::now();
            if (!m_list->next(*m_shared->sandbox, part, kListSliceRows, &m_shared->tableRows))
                m_finishing = true;
            m_queuedBytes += part.size();
            m_queue.push_back(std::make_shared<const std::string>(std::move(part)));
        }
        if (m_queue.empty()) {
            if (!m_finishing)
                return;
            m_writing = true;
            armWriteTimer();
            asio::async_write(m_stream, http::make_chunk_last(), [self = shared_from_this()](beast::error_code ec, std::size_t) {
                self->m_writeTimer.cancel();
                if (!ec && self->m_list && self->m_header->keep_alive() && !self->stopped()) {
                    self->m_list.reset();
                    self->m_writing = false;
                    self->m_headerSent = false;
                    self->m_finishing = false;
                    return self->readHeader();
                }
                self->close(); // not a TLS shutdown: the hang-up read of a watch is still pending
            });
            return;
        }
        m_current.clear();
        while (!m_queue.empty() && m_current.size() < 256 * 1024) {
            m_current += *m_queue.front();
            m_queuedBytes -= m_queue.front()->size();
            m_queue.pop_front();
        }
        m_writing = true;
        armWriteTimer();
        asio::async_write(m_stream, http::make_chunk(asio::buffer(m_current)),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              self->m_writeTimer.cancel();
                              self->m_writing = false;
                              if (ec)
                                  return self->close();
                              self->pump();
                          });
    }

    std::shared_ptr<ApiServer::Shared> m_shared;
    beast::ssl_stream<beast::tcp_stream> m_stream;
    std::uint64_t m_id;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::array<char, 4096> m_scratch{};
    std::size_t m_drained = 0;
    bool m_closed = false;

    Query m_query;
    bool m_watching = false;
    bool m_headerSent = false;
    bool m_writing = false;
    bool m_finishing = false;
    store::WatchId m_watchId = 0;
    std::uint64_t m_followId = 0; ///< a followed container log
    WatchState m_watchState;
    std::int64_t m_sentVersion = 0; ///< every matching event up to here has been queued (for bookmarks)
    std::deque<std::shared_ptr<const std::string>> m_queue; ///< lines, shared with the other watches
    std::size_t m_queuedBytes = 0;
    std::string m_current;
    std::optional<TableListStream> m_list; ///< a Table list being streamed
    std::optional<http::response<http::empty_body>> m_header;
    std::optional<http::response_serializer<http::empty_body>> m_serializer;
    asio::steady_timer m_watchTimer;
    asio::steady_timer m_writeTimer;
    asio::steady_timer m_bookmarkTimer;
};

/// Every minute: kept Table rows that no list has used for kRowsKeptFor go.
void expireRows(const std::shared_ptr<ApiServer::Shared> &shared)
{
    shared->rowTimer.expires_after(60s);
    shared->rowTimer.async_wait([weak = std::weak_ptr<ApiServer::Shared>(shared)](beast::error_code ec) {
        auto shared = weak.lock();
        if (ec || !shared || shared->stopped)
            return;
        if (shared->tableRows.size() && std::chrono::steady_clock::now() - shared->rowsUsed > kRowsKeptFor)
            shared->tableRows.clear();
        expireRows(shared);
    });
}

void accept(const std::shared_ptr<ApiServer::Shared> &shared)
{
    acceptLoop(shared, shared->acceptor, kLog, [shared](tcp::socket socket) {
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored); // an answer's last segment goes out at once
        const std::uint64_t id = shared->nextSession++;
        auto session = std::make_shared<Session>(shared, std::move(socket), id);
        shared->sessions.emplace(id, session);
        session->start();
    });
}

} // namespace

ApiServer::ApiServer(asio::io_context &io, sandbox::Sandbox &sandbox) : m_shared(std::make_shared<Shared>(io))
{
    m_shared->sandbox = &sandbox;
}

ApiServer::~ApiServer() { stop(); }

Result<int> ApiServer::start(int port, const Credentials &credentials)
{
    if (port < 0 || port > 65535)
        return Error::make(Error::Code::Invalid, "the port must be between 0 and 65535, not " + std::to_string(port));
    auto &shared = *m_shared;
    beast::error_code ec;
    shared.tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    shared.tls.use_certificate_chain(asio::buffer(credentials.serverCertPem), ec);
    if (!ec)
        shared.tls.use_private_key(asio::buffer(credentials.serverKeyPem), ssl::context::pem, ec);
    if (ec)
        return Error::make(Error::Code::Invalid, "the server certificate in " + credentials.dir + " cannot be used: " + ec.message());
    shared.token = credentials.token;

    const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(port));
    shared.acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        shared.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec)
        shared.acceptor.bind(endpoint, ec);
    if (!ec)
        shared.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        beast::error_code ignored;
        shared.acceptor.close(ignored);
        return Error::make(Error::Code::Io, "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message());
    }
    const int bound = shared.acceptor.local_endpoint().port();
    auto rowWatch = shared.sandbox->store().watch({}, [rows = &shared.tableRows](std::span<const store::WatchEvent> events) {
        for (const auto &ev : events)
            if (ev.object && ev.type != store::WatchEvent::Type::Added)
                rows->forget(ev.object->kind, ev.object->key());
    });
    if (rowWatch.ok())
        shared.rowWatch = *rowWatch;
    expireRows(m_shared);
    accept(m_shared);
    log::info(kLog, "Kubernetes API on https://127.0.0.1:" + std::to_string(bound));
    return bound;
}

void ApiServer::stop()
{
    auto &shared = *m_shared;
    if (shared.stopped)
        return;
    shared.stopped = true;
    beast::error_code ec;
    shared.acceptor.close(ec);
    auto sessions = shared.sessions; // close() removes itself from the map
    for (auto &[id, weak] : sessions)
        if (auto s = weak.lock())
            s->close();
    shared.sessions.clear();
    if (shared.rowWatch && shared.sandbox)
        shared.sandbox->store().unwatch(shared.rowWatch);
    shared.rowWatch = 0;
    shared.rowTimer.cancel();
    shared.tableRows.clear();
    shared.sandbox = nullptr;
}

} // namespace flotilla::engine::serve
