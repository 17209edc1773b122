#include "publishedports.h"

#include "acceptloop.h"

#include "../api/object.h"
#include "../common/log.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>

namespace flotilla::engine::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using runtime::ImageKind;

namespace {

constexpr const char *kLog = "ports";
constexpr auto kIdleTimeout = std::chrono::seconds(30);

std::string escapeHtml(const std::string &text)
{
    std::string out;
    for (char c : text) {
        switch (c) {
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '&': out += "&amp;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace

bool speaksHttp(ImageKind kind) { return kind != ImageKind::Redis && kind != ImageKind::Postgres; }

SimulatedHttpAnswer simulatedHttpAnswer(const PublishedApp &app, const std::string &method, const std::string &target)
{
    SimulatedHttpAnswer a;
    const std::string path = target.substr(0, target.find('?'));
    const std::string note = "simulated by the Flotilla sandbox: container " + app.containerName + " (" + app.image +
                             "), port " + app.containerPort;
    a.headers.emplace_back("X-Flotilla-Simulated", app.containerName);
    const bool head = method == "HEAD";
    if (app.kind == ImageKind::Nginx) {
        a.headers.emplace_back("Server", "nginx/1.25.5");
        if (path != "/" && path != "/index.html") {
            a.status = 404;
            a.headers.emplace_back("Content-Type", "text/html");
            a.body = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
                     "<hr><center>nginx/1.25.5</center>\r\n</body>\r\n</html>\r\n";
        } else {
            a.headers.emplace_back("Content-Type", "text/html");
            a.body = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n"
                     "<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\n"
                     "working.</p>\n<p><em>" + escapeHtml(note) + ".</em></p>\n</body>\n</html>\n";
        }
    } else if (app.kind == ImageKind::Node) {
        // an Express microservice, as Flotilla's node template (the course's service) answers: its name,
        // version and host on /, "ok" on /healthz, Express's own 404 elsewhere
        a.headers.emplace_back("X-Powered-By", "Express");
        if ((method == "GET" || method == "HEAD") && path == "/") {
            const auto version = app.env.find("APP_VERSION");
            std::string service = app.image.substr(0, app.image.rfind(':') == std::string::npos || app.image.rfind(':') < app.image.rfind('/')
                                                          ? std::string::npos
                                                          : app.image.rfind(':'));
            service = service.substr(service.rfind('/') == std::string::npos ? 0 : service.rfind('/') + 1);
            a.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
            a.body = nlohmann::ordered_json{{"service", service},
                               {"version", version == app.env.end() ? std::string("1.0.0") : version->second},
                               {"host", app.hostname}}
                         .dump();
        } else if ((method == "GET" || method == "HEAD") && path == "/healthz") {
            a.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
            a.body = "ok";
        } else {
            a.status = 404;
            a.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
            a.body = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n"
                     "<body>\n<pre>Cannot " + escapeHtml(method + " " + path) + "</pre>\n</body>\n</html>\n";
        }
    } else if (app.kind == ImageKind::Python) {
        a.headers.emplace_back("Server", "Werkzeug/3.0.1 Python/3.12.3");
        a.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
        a.body = "Hello from " + app.image + "! You reached " + path + " (" + note + ")\n";
    } else {
        a.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
        a.body = "Hello from " + app.image + "! You reached " + path + " (" + note + ")\n";
    }
    if (head)
        a.body.clear();
    return a;
}

struct PublishedPorts::Shared {
    explicit Shared(asio::io_context &io) : io(io) {}
    asio::io_context &io;
    bool stopped = false;
    PublishedRequestRecorder recorder;
    struct Listener {
        std::unique_ptr<tcp::acceptor> acceptor;
        int hostPort = 0;
        PublishedApp app;
        bool stopped = false; ///< the acceptLoop's flag, per listener
    };
    std::map<std::string, std::vector<std::shared_ptr<Listener>>> byContainer;
    std::uint64_t nextConnection = 1;
    std::map<std::uint64_t, std::pair<std::string, std::function<void()>>> connections; ///< id → container, closer
};

namespace {

class PortSession final : public std::enable_shared_from_this<PortSession> {
public:
    PortSession(std::shared_ptr<PublishedPorts::Shared> shared, PublishedApp app, tcp::socket socket, std::uint64_t id)
        : m_shared(std::move(shared)), m_app(std::move(app)), m_stream(std::move(socket)), m_id(id)
    {
    }

    void start()
    {
        if (!m_app.listening || !speaksHttp(m_app.kind)) {
            // nothing listens on that port inside the container, or the program does not speak HTTP: the
            // connection closes unanswered, as curl shows it ("Empty reply from server")
            return close();
        }
        read();
    }

    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ec);
        m_stream.close();
        m_shared->connections.erase(m_id);
    }

private:
    void read()
    {
        if (m_closed || m_shared->stopped)
            return close();
        m_request = {};
        m_stream.expires_after(kIdleTimeout);
        http::async_read(m_stream, m_buffer, m_request, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return self->close();
            self->answer();
        });
    }

    void answer()
    {
        const std::string method(m_request.method_string());
        const std::string target(m_request.target());
        const auto t0 = std::chrono::steady_clock::now();
        SimulatedHttpAnswer a = simulatedHttpAnswer(m_app, method, target);
        auto res = std::make_shared<http::response<http::string_body>>(http::status(a.status), m_request.version());
        for (const auto &[k, v] : a.headers)
            res->set(k, v);
        res->keep_alive(m_request.keep_alive());
        res->body() = std::move(a.body);
        res->prepare_payload();
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (m_shared->recorder)
            m_shared->recorder(m_app.containerId, method, target, a.status, ms);
        const bool keepAlive = res->keep_alive();
        http::async_write(m_stream, *res, [self = shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
            if (ec || !keepAlive)
                return self->close();
            self->read();
        });
    }

    std::shared_ptr<PublishedPorts::Shared> m_shared;
    PublishedApp m_app;
    beast::tcp_stream m_stream;
    std::uint64_t m_id;
    beast::flat_buffer m_buffer;
    http::request<http::string_body> m_request;
    bool m_closed = false;
};

} // namespace

PublishedPorts::PublishedPorts(asio::io_context &io) : m_shared(std::make_shared<Shared>(io)) {}

PublishedPorts::~PublishedPorts() { stop(); }

void PublishedPorts::setRecorder(PublishedRequestRecorder recorder) { m_shared->recorder = std::move(recorder); }

Status PublishedPorts::publish(const std::string &containerId, const std::vector<PortListener> &listeners)
{
    unpublish(containerId);
    auto shared = m_shared;
    std::vector<std::shared_ptr<Shared::Listener>> opened;
    auto closeAll = [&opened] {
        for (auto &l : opened) {
            l->stopped = true;
            beast::error_code ignored;
            l->acceptor->close(ignored);
        }
    };
    for (const auto &pl : listeners) {
        // both loopback addresses, so `localhost` works whichever the client tries first; never beyond
        for (const char *address : {"127.0.0.1", "::1"}) {
            const bool v6 = address[0] == ':';
            beast::error_code ec;
            auto acceptor = std::make_unique<tcp::acceptor>(shared->io);
            const tcp::endpoint endpoint(asio::ip::make_address(address), static_cast<unsigned short>(pl.hostPort));
            acceptor->open(endpoint.protocol(), ec);
            if (!ec)
                acceptor->set_option(asio::socket_base::reuse_address(true), ec);
            if (!ec && v6)
                acceptor->set_option(asio::ip::v6_only(true), ec);
            if (!ec)
                acceptor->bind(endpoint, ec);
            if (!ec)
                acceptor->listen(asio::socket_base::max_listen_connections, ec);
            if (ec) {
                if (v6 && (ec == asio::error::address_family_not_supported || ec == boost::system::errc::address_not_available))
                    continue; // a machine without IPv6 loopback
                closeAll();
                const std::string ip = pl.hostIp.empty() ? "0.0.0.0" : pl.hostIp;
                return Error::make(Error::Code::Conflict,
                                   "driver failed programming external connectivity on endpoint " + pl.app.containerName +
                                       " (" + containerId + "): Bind for " + ip + ":" + std::to_string(pl.hostPort) +
                                       " failed: " + (ec == asio::error::address_in_use ? std::string("port is already allocated")
                                                                                        : ec.message()));
            }
            auto listener = std::make_shared<Shared::Listener>();
            listener->acceptor = std::move(acceptor);
            listener->hostPort = pl.hostPort;
            listener->app = pl.app;
            opened.push_back(listener);
        }
    }
    for (auto &listener : opened) {
        acceptLoop(listener, *listener->acceptor, kLog, [shared, listener](tcp::socket socket) {
            if (shared->stopped)
                return;
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            const std::uint64_t id = shared->nextConnection++;
            auto session = std::make_shared<PortSession>(shared, listener->app, std::move(socket), id);
            shared->connections.emplace(id, std::make_pair(listener->app.containerId, [weak = std::weak_ptr<PortSession>(session)] {
                                            if (auto s = weak.lock())
                                                s->close();
                                        }));
            session->start();
        });
    }
    if (!opened.empty())
        log::info(kLog, "container " + containerId.substr(0, 12) + " published on loopback port" +
                            (listeners.size() > 1 ? "s" : "") + " " + [&] {
                                std::string list;
                                for (const auto &pl : listeners)
                                    list += (list.empty() ? "" : ", ") + std::to_string(pl.hostPort);
                                return list;
                            }());
    shared->byContainer[containerId] = std::move(opened);
    return {};
}

void PublishedPorts::unpublish(const std::string &containerId)
{
    auto &shared = *m_shared;
    const auto it = shared.byContainer.find(containerId);
    if (it == shared.byContainer.end())
        return;
    for (auto &l : it->second) {
        l->stopped = true;
        beast::error_code ignored;
        l->acceptor->close(ignored);
    }
    shared.byContainer.erase(it);
    std::vector<std::function<void()>> closers;
    for (const auto &[id, c] : shared.connections)
        if (c.first == containerId)
            closers.push_back(c.second);
    for (auto &close : closers)
        close();
}

std::vector<int> PublishedPorts::ports(const std::string &containerId) const
{
    std::vector<int> out;
    if (const auto it = m_shared->byContainer.find(containerId); it != m_shared->byContainer.end())
        for (const auto &l : it->second)
            if (out.empty() || out.back() != l->hostPort)
                out.push_back(l->hostPort);
    return out;
}

void PublishedPorts::stop()
{
    if (m_shared->stopped)
        return;
    std::vector<std::string> ids;
    for (const auto &[id, l] : m_shared->byContainer)
        ids.push_back(id);
    for (const auto &id : ids)
        unpublish(id);
    m_shared->stopped = true;
}

} // namespace flotilla::engine::serve
