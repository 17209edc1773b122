// The sandbox's Kubernetes API server over real HTTPS: a small Boost.Beast client that trusts only the
// generated CA talks to an in-memory sandbox served on a free port.

#include <engine/engine.h>
#include <engine/serve/kubeconfig.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <sys/stat.h>

using namespace flotilla::engine;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Json = nlohmann::json;

namespace {

struct Reply {
    int status = 0;
    std::string body;
    Json json() const { return Json::parse(body, nullptr, false); }
};

struct Request {
    std::string method = "GET";
    std::string target;
    std::string token;          ///< empty: no Authorization header
    std::string host;           ///< empty: 127.0.0.1:<port>
    std::string accept = "application/json";
    std::string body;
};

/// A client that verifies the server against the sandbox's CA and the name 127.0.0.1.
class Client {
public:
    Client(int port, const std::string &caPem) : m_port(port)
    {
        m_tls.add_certificate_authority(asio::buffer(caPem));
        m_tls.set_verify_mode(ssl::verify_peer);
    }

    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> connect()
    {
        auto stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(m_io, m_tls);
        stream->set_verify_callback(ssl::host_name_verification("127.0.0.1"));
        beast::get_lowest_layer(*stream).expires_after(std::chrono::seconds(10));
        beast::get_lowest_layer(*stream).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), m_port));
        stream->handshake(ssl::stream_base::client);
        return stream;
    }

    http::request<http::string_body> make(const Request &r) const
    {
        http::request<http::string_body> req(http::string_to_verb(r.method), r.target, 11);
        req.set(http::field::host, r.host.empty() ? "127.0.0.1:" + std::to_string(m_port) : r.host);
        req.set(http::field::accept, r.accept);
        if (!r.token.empty())
            req.set(http::field::authorization, "Bearer " + r.token);
        if (!r.body.empty()) {
            req.set(http::field::content_type, "application/json");
            req.body() = r.body;
        }
        req.prepare_payload();
        return req;
    }

    Reply send(const Request &r)
    {
        auto stream = connect();
        auto req = make(r);
        http::write(*stream, req);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(64 * 1024 * 1024);
        http::read(*stream, buffer, parser);
        return {int(parser.get().result_int()), parser.get().body()};
    }

    int port() const { return m_port; }
    asio::io_context &io() { return m_io; }

private:
    asio::io_context m_io;
    ssl::context m_tls{ssl::context::tls_client};
    int m_port;
};

/// A watch in progress: reads lines of the chunked answer as they come.
class WatchStream {
public:
    WatchStream(Client &client, const Request &r) : m_stream(client.connect())
    {
        auto req = client.make(r);
        http::write(*m_stream, req);
        m_parser.body_limit(64 * 1024 * 1024);
        beast::get_lowest_layer(*m_stream).expires_after(std::chrono::seconds(10));
        http::read_header(*m_stream, m_buffer, m_parser);
    }
    int status() const { return int(m_parser.get().result_int()); }

    /// Reads until `count` lines have come (or the time is up); returns all lines so far.
    std::vector<Json> lines(std::size_t count, std::chrono::seconds within = std::chrono::seconds(10))
    {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (parsed().size() < count && std::chrono::steady_clock::now() < deadline && !m_parser.is_done()) {
            beast::get_lowest_layer(*m_stream).expires_at(deadline);
            beast::error_code ec;
            http::read_some(*m_stream, m_buffer, m_parser, ec);
            if (ec)
                break;
        }
        return parsed();
    }

private:
    std::vector<Json> parsed() const
    {
        std::vector<Json> out;
        const std::string &body = m_parser.get().body();
        std::istringstream in(body.substr(0, body.rfind('\n') == std::string::npos ? 0 : body.rfind('\n') + 1));
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                out.push_back(Json::parse(line, nullptr, false));
        return out;
    }

    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> m_stream;
    beast::flat_buffer m_buffer;
    http::response_parser<http::string_body> m_parser;
};

bool applied(Engine &engine, const std::string &yaml)
{
    return engine.call([yaml](sandbox::Sandbox &sb) {
                     auto outcome = sb.apply(yaml);
                     for (const auto &e : outcome.errors)
                         qWarning("%s", e.toString().c_str());
                     return outcome.ok();
                 })
        .get();
}

std::string configMap(const std::string &ns, const std::string &name, const std::string &app)
{
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + ", namespace: " + ns + ", labels: {app: " + app +
           "}}\ndata: {k: v}\n---\n";
}

QStringList columnNames(const Json &table)
{
    QStringList names;
    for (const auto &c : table["columnDefinitions"])
        names << QString::fromStdString(c.value("name", ""));
    return names;
}

} // namespace

class tst_ApiServer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void credentialsAreKeptPrivately();
    void refusesWithoutAValidToken();
    void refusesForeignHostNames();
    void refusesBodiesOver3MiB();
    void survivesGarbageAndPlainHttp();
    void versionAndHealth();
    void discoveryDocuments();
    void getsOneObject();
    void listsWithSelectors();
    void pagesCoverEveryItemOnce();
    void tablesForPods();
    void writesAreNotServedYet();
    void watchSeesChanges();
    void watchOfTooOldVersionIsGone();

private:
    Reply get(const std::string &target, const std::string &accept = "application/json")
    {
        Request r;
        r.target = target;
        r.token = m_info.token;
        r.accept = accept;
        return m_client->send(r);
    }

    Engine m_engine;
    serve::ServeInfo m_info;
    std::unique_ptr<Client> m_client;
};

void tst_ApiServer::initTestCase()
{
    Engine::Options o;
    o.sandbox.seed = 7;
    o.mode = ClockMode::Paused;
    QVERIFY(m_engine.start(o).ok());
    auto info = m_engine.serveKubernetesApi({});
    QVERIFY2(info.ok(), info.ok() ? "" : info.error().toString().c_str());
    m_info = *info;
    QVERIFY(m_info.port > 0);
    QCOMPARE(m_info.server, "https://127.0.0.1:" + std::to_string(m_info.port));
    QCOMPARE(m_info.token.size(), std::size_t(64));
    m_client = std::make_unique<Client>(m_info.port, m_info.caCertPem);
    // a second call answers with the same server
    auto again = m_engine.serveKubernetesApi({});
    QVERIFY(again.ok());
    QCOMPARE(again->port, m_info.port);
}

void tst_ApiServer::cleanupTestCase()
{
    m_engine.stop();
    QVERIFY(!QFileInfo::exists(QString::fromStdString(m_info.credentialsDir)));
}

void tst_ApiServer::credentialsAreKeptPrivately()
{
    struct stat st {};
    for (const char *name : {"ca.key", "server.key", "token"}) {
        const std::string path = m_info.credentialsDir + "/" + name;
        QVERIFY2(::stat(path.c_str(), &st) == 0, path.c_str());
        QCOMPARE(st.st_mode & 0777, 0600u);
    }
    const std::string kubeconfig = m_info.credentialsDir + "/kubeconfig";
    QVERIFY(serve::writeKubeconfig(kubeconfig, {m_info.server, m_info.caCertPem, m_info.token, "t"}).ok());
    QVERIFY(::stat(kubeconfig.c_str(), &st) == 0);
    QCOMPARE(st.st_mode & 0777, 0600u);
    QFile f(QString::fromStdString(kubeconfig));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("server: \"" + QByteArray::fromStdString(m_info.server) + "\""));
    QVERIFY(text.contains("certificate-authority-data: "));
    QVERIFY(text.contains("current-context: \"flotilla-t\""));
    // loading again gives the same credentials (not new ones every start)
    auto reloaded = serve::loadOrCreateCredentials(m_info.credentialsDir);
    QVERIFY(reloaded.ok());
    QCOMPARE(reloaded->token, m_info.token);
    QCOMPARE(reloaded->caCertPem, m_info.caCertPem);
}

void tst_ApiServer::refusesWithoutAValidToken()
{
    for (const std::string token : {std::string(), std::string("wrong"), std::string(64, 'a'),
                                    m_info.token.substr(0, 63) + (m_info.token.back() == 'a' ? "b" : "a")}) {
        Request r;
        r.target = "/api/v1/pods";
        r.token = token;
        const Reply reply = m_client->send(r);
        QCOMPARE(reply.status, 401);
        const Json j = reply.json();
        QCOMPARE(j.value("kind", ""), "Status");
        QCOMPARE(j.value("status", ""), "Failure");
        QCOMPARE(j.value("reason", ""), "Unauthorized");
        QCOMPARE(j.value("code", 0), 401);
    }
    QCOMPARE(get("/api/v1/pods").status, 200);
}

void tst_ApiServer::refusesForeignHostNames()
{
    for (const std::string host : {"evil.example", "evil.example:443", "127.0.0.1.evil.example", "localhost.evil", "[::2]:1"}) {
        Request r;
        r.target = "/api/v1/pods";
        r.token = m_info.token;
        r.host = host;
        const Reply reply = m_client->send(r);
        QVERIFY2(reply.status == 403, host.c_str());
        QCOMPARE(reply.json().value("reason", ""), "Forbidden");
    }
    for (const std::string host : {"localhost", "localhost:6443", "127.0.0.1", "[::1]:8443", "LOCALHOST"}) {
        Request r;
        r.target = "/version";
        r.token = m_info.token;
        r.host = host;
        QVERIFY2(m_client->send(r).status == 200, host.c_str());
    }
}

void tst_ApiServer::refusesBodiesOver3MiB()
{
    Request r;
    r.method = "POST";
    r.target = "/api/v1/namespaces/default/configmaps";
    r.token = m_info.token;
    r.body = std::string(4 * 1024 * 1024, 'x');
    const Reply reply = m_client->send(r);
    QCOMPARE(reply.status, 413);
    QCOMPARE(reply.json().value("code", 0), 413);
    QCOMPARE(get("/version").status, 200);
}

void tst_ApiServer::survivesGarbageAndPlainHttp()
{
    // Plain HTTP, garbage bytes and a client that connects and says nothing: the server drops them and goes on.
    for (const std::string bytes : {std::string("GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                                    std::string("\x16\x03\x01\xff\xff garbage \x00\x01\x02", 20), std::string()}) {
        asio::io_context io;
        tcp::socket socket(io);
        socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), m_info.port));
        if (!bytes.empty())
            asio::write(socket, asio::buffer(bytes));
        socket.close();
    }
    // garbage inside TLS
    {
        auto stream = m_client->connect();
        const std::string junk = "\x01\x02 NOT HTTP \r\n\r\n";
        asio::write(*stream, asio::buffer(junk));
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        beast::error_code ec;
        http::read(*stream, buffer, res, ec);
        QVERIFY(ec || res.result_int() == 400);
    }
    QCOMPARE(get("/version").status, 200);
}

void tst_ApiServer::versionAndHealth()
{
    const Reply v = get("/version");
    QCOMPARE(v.status, 200);
    QCOMPARE(v.json().value("major", ""), "1");
    QCOMPARE(v.json().value("minor", ""), "31");
    QCOMPARE(v.json().value("gitVersion", ""), "v1.31.0-flotilla");
    for (const char *path : {"/healthz", "/livez", "/readyz"}) {
        const Reply r = get(path);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "ok");
    }
}

void tst_ApiServer::discoveryDocuments()
{
    // kubectl prefers aggregated discovery; the legacy documents answer it
    const Reply api = get("/api", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
    QCOMPARE(api.status, 200);
    QCOMPARE(api.json().value("kind", ""), "APIVersions");
    QCOMPARE(api.json()["versions"], Json::array({"v1"}));

    const Json apis = get("/apis").json();
    QCOMPARE(apis.value("kind", ""), "APIGroupList");
    QStringList groups;
    for (const auto &g : apis["groups"])
        groups << QString::fromStdString(g["preferredVersion"].value("groupVersion", ""));
    QCOMPARE(groups, QStringList({"apps/v1", "autoscaling/v2", "flotilla.dev/v1alpha1"}));

    auto resources = [&](const std::string &path) {
        std::map<std::string, Json> byName;
        const Json list = get(path).json();
        for (const auto &r : list["resources"])
            byName[r.value("name", "")] = r;
        return byName;
    };
    auto core = resources("/api/v1");
    QVERIFY(core.count("pods"));
    QCOMPARE(core["pods"].value("kind", ""), "Pod");
    QCOMPARE(core["pods"].value("singularName", ""), "pod");
    QCOMPARE(core["pods"].value("namespaced", false), true);
    QCOMPARE(core["pods"]["shortNames"], Json::array({"po"}));
    QVERIFY(core["pods"]["verbs"].dump().find("watch") != std::string::npos);
    QVERIFY(core.count("pods/log") && core.count("pods/status"));
    QCOMPARE(core["nodes"].value("namespaced", true), false);
    auto apps = resources("/apis/apps/v1");
    QVERIFY(apps.count("deployments") && apps.count("deployments/scale") && apps.count("deployments/status"));
    QCOMPARE(apps["deployments/scale"].value("kind", ""), "Scale");
    auto autoscaling = resources("/apis/autoscaling/v2");
    QCOMPARE(autoscaling["horizontalpodautoscalers"]["shortNames"], Json::array({"hpa"}));
    auto flotilla = resources("/apis/flotilla.dev/v1alpha1");
    QCOMPARE(flotilla["rollouts"].value("kind", ""), "Rollout");
    QCOMPARE(get("/apis/batch/v1").status, 404);
    QCOMPARE(get("/nonsense").json().value("reason", ""), "NotFound");
}

void tst_ApiServer::getsOneObject()
{
    QVERIFY(applied(m_engine, "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: default, labels: {app: web}}\n"
                              "spec: {nodeName: worker-1, containers: [{name: web, image: 'nginx:1.25'}]}\n"));
    const Reply r = get("/api/v1/namespaces/default/pods/web");
    QCOMPARE(r.status, 200);
    const Json pod = r.json();
    QCOMPARE(pod.value("kind", ""), "Pod");
    QCOMPARE(pod["metadata"].value("name", ""), "web");
    QCOMPARE(pod["spec"]["containers"][0].value("image", ""), "nginx:1.25");
    const Reply missing = get("/api/v1/namespaces/default/pods/nope");
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.json().value("reason", ""), "NotFound");
    QCOMPARE(missing.json().value("message", ""), "pods \"nope\" not found");
    QCOMPARE(get("/api/v1/nodes/worker-1").json().value("kind", ""), "Node");
    QCOMPARE(get("/api/v1/namespaces/kube-system").json()["metadata"].value("name", ""), "kube-system");
}

void tst_ApiServer::listsWithSelectors()
{
    std::string yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: sel}\n---\n";
    for (int i = 0; i < 6; ++i)
        yaml += configMap("sel", "cm-" + std::to_string(i), i % 2 ? "odd" : "even");
    QVERIFY(applied(m_engine, yaml));
    auto names = [&](const std::string &target) {
        QStringList out;
        const Json list = get(target).json();
        for (const auto &item : list["items"])
            out << QString::fromStdString(item["metadata"].value("name", ""));
        return out;
    };
    const Json list = get("/api/v1/namespaces/sel/configmaps").json();
    QCOMPARE(list.value("kind", ""), "ConfigMapList");
    QVERIFY(!list["metadata"].value("resourceVersion", "").empty());
    QCOMPARE(list["items"].size(), std::size_t(6));
    QCOMPARE(names("/api/v1/namespaces/sel/configmaps?labelSelector=app%3Dodd"), QStringList({"cm-1", "cm-3", "cm-5"}));
    QCOMPARE(names("/api/v1/namespaces/sel/configmaps?labelSelector=app+in+(even)"), QStringList({"cm-0", "cm-2", "cm-4"}));
    QCOMPARE(names("/api/v1/configmaps?fieldSelector=metadata.name%3Dcm-2"), QStringList({"cm-2"}));
    QCOMPARE(names("/api/v1/configmaps?fieldSelector=metadata.namespace%3Dsel,metadata.name!%3Dcm-0&labelSelector=app%3Deven"),
             QStringList({"cm-2", "cm-4"}));
    QCOMPARE(names("/api/v1/pods?fieldSelector=spec.nodeName%3Dworker-1,metadata.namespace%3Ddefault"), QStringList({"web"}));
    const Reply bad = get("/api/v1/pods?fieldSelector=spec.favouriteColour%3Dblue");
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.json().value("message", "").find("spec.favouriteColour") != std::string::npos);
    QCOMPARE(get("/api/v1/pods?labelSelector=%3D%3D%3D").status, 400);
    // events by involved object, as kubectl describe asks
    const Json events = get("/api/v1/events?fieldSelector=involvedObject.name%3Dweb,involvedObject.namespace%3Ddefault").json();
    for (const auto &e : events["items"])
        QCOMPARE(e["involvedObject"].value("name", ""), "web");
}

void tst_ApiServer::pagesCoverEveryItemOnce()
{
    std::string yaml = "apiVersion: v1\nkind: Namespace\nmetadata: {name: pages}\n---\n";
    for (int i = 0; i < 7; ++i)
        yaml += configMap("pages", "p-" + std::to_string(i), "x");
    QVERIFY(applied(m_engine, yaml));
    QStringList seen;
    std::string token;
    int pages = 0;
    do {
        std::string target = "/api/v1/namespaces/pages/configmaps?limit=3";
        if (!token.empty())
            target += "&continue=" + token; // base64: '+', '/' and '=' need escaping
        for (std::size_t at = 0; (at = target.find_first_of("+/=", target.find("continue=") + 9)) != std::string::npos;)
            target.replace(at, 1, target[at] == '+' ? "%2B" : target[at] == '/' ? "%2F" : "%3D");
        if (token.empty())
            target = "/api/v1/namespaces/pages/configmaps?limit=3";
        const Json page = get(target).json();
        QVERIFY(page["items"].size() <= 3);
        for (const auto &item : page["items"])
            seen << QString::fromStdString(item["metadata"].value("name", ""));
        token = page["metadata"].value("continue", "");
        ++pages;
        QVERIFY(pages < 10);
    } while (!token.empty());
    QCOMPARE(pages, 3);
    QCOMPARE(seen, QStringList({"p-0", "p-1", "p-2", "p-3", "p-4", "p-5", "p-6"}));
    QCOMPARE(get("/api/v1/configmaps?limit=2&continue=%21%21not-a-token").status, 400);
}

void tst_ApiServer::tablesForPods()
{
    const std::string accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    const Json table = get("/api/v1/pods?limit=500", accept).json();
    QCOMPARE(table.value("kind", ""), "Table");
    QCOMPARE(table.value("apiVersion", ""), "meta.k8s.io/v1");
    QCOMPARE(columnNames(table).mid(0, 7), QStringList({"Name", "Ready", "Status", "Restarts", "Age", "IP", "Node"}));
    QCOMPARE(table["columnDefinitions"][0].value("priority", -1), 0);
    QCOMPARE(table["columnDefinitions"][5].value("priority", -1), 1); // IP only with -o wide
    bool found = false;
    for (const auto &row : table["rows"]) {
        QCOMPARE(row["cells"].size(), table["columnDefinitions"].size());
        QCOMPARE(row["object"].value("kind", ""), "PartialObjectMetadata");
        if (row["cells"][0] == "web") {
            found = true;
            QCOMPARE(row["object"]["metadata"].value("namespace", ""), "default");
            QCOMPARE(row["cells"][1], "0/1");
            QCOMPARE(row["cells"][6], "worker-1");
        }
    }
    QVERIFY(found);
    QCOMPARE(columnNames(get("/api/v1/nodes", accept).json()).mid(0, 5), QStringList({"Name", "Status", "Roles", "Age", "Version"}));
    const Json nodes = get("/api/v1/nodes", accept).json();
    QCOMPARE(nodes["rows"][0]["cells"][1], "Ready");
    QCOMPARE(columnNames(get("/apis/apps/v1/deployments", accept).json()).mid(0, 5),
             QStringList({"Name", "Ready", "Up-to-date", "Available", "Age"}));
    QCOMPARE(columnNames(get("/api/v1/services", accept).json()).mid(0, 6),
             QStringList({"Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age"}));
    // one object as a Table too (kubectl get pod web)
    const Json one = get("/api/v1/namespaces/default/pods/web", accept).json();
    QCOMPARE(one["rows"].size(), std::size_t(1));
}

void tst_ApiServer::writesAreNotServedYet()
{
    Request r;
    r.method = "DELETE";
    r.target = "/api/v1/namespaces/default/pods/web";
    r.token = m_info.token;
    const Reply reply = m_client->send(r);
    QCOMPARE(reply.status, 405);
    QVERIFY(reply.json().value("message", "").find("not served yet") != std::string::npos);
    QCOMPARE(get("/api/v1/namespaces/default/pods/web").status, 200);
}

void tst_ApiServer::watchSeesChanges()
{
    QVERIFY(applied(m_engine, "apiVersion: v1\nkind: Namespace\nmetadata: {name: w}\n"));
    const std::string rv = get("/api/v1/namespaces/w/configmaps").json()["metadata"].value("resourceVersion", "");
    QVERIFY(!rv.empty());
    Request r;
    r.target = "/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv;
    r.token = m_info.token;
    WatchStream watch(*m_client, r);
    QCOMPARE(watch.status(), 200);

    QVERIFY(applied(m_engine, configMap("w", "c1", "a")));
    m_engine.call([](sandbox::Sandbox &sb) {
                auto copy = std::make_shared<api::Object>(*sb.store().get("ConfigMap", "w", "c1"));
                copy->body["data"]["k"] = "v2";
                (void)sb.store().update(copy);
            })
        .get();
    m_engine.call([](sandbox::Sandbox &sb) { (void)sb.remove("ConfigMap", "w", "c1"); }).get();
    QVERIFY(applied(m_engine, configMap("other", "elsewhere", "a").insert(0, "apiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\n")));

    const auto lines = watch.lines(3);
    QCOMPARE(lines.size(), std::size_t(3));
    QCOMPARE(lines[0].value("type", ""), "ADDED");
    QCOMPARE(lines[0]["object"]["metadata"].value("name", ""), "c1");
    QCOMPARE(lines[1].value("type", ""), "MODIFIED");
    QCOMPARE(lines[1]["object"]["data"].value("k", ""), "v2");
    QCOMPARE(lines[2].value("type", ""), "DELETED");
    QVERIFY(std::stoll(lines[2]["object"]["metadata"].value("resourceVersion", "0")) > std::stoll(rv));

    // Tables in a watch (kubectl get -w), from the current state when no version is given
    Request t;
    t.target = "/api/v1/namespaces/default/pods?watch=1";
    t.token = m_info.token;
    t.accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    WatchStream tableWatch(*m_client, t);
    const auto rows = tableWatch.lines(1);
    QCOMPARE(rows.size(), std::size_t(1));
    QCOMPARE(rows[0].value("type", ""), "ADDED");
    QCOMPARE(rows[0]["object"].value("kind", ""), "Table");
    QCOMPARE(rows[0]["object"]["rows"][0]["cells"][0], "web");

    // a watch that times out ends its stream
    Request timed = r;
    timed.target = "/api/v1/namespaces/w/configmaps?watch=true&timeoutSeconds=1&resourceVersion=" + rv;
    WatchStream ending(*m_client, timed);
    const auto start = std::chrono::steady_clock::now();
    ending.lines(100, std::chrono::seconds(5));
    QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
}

void tst_ApiServer::watchOfTooOldVersionIsGone()
{
    QVERIFY(applied(m_engine, "apiVersion: v1\nkind: Namespace\nmetadata: {name: old}\n---\n" + configMap("old", "churn", "x")));
    // more changes than the store's event log keeps (4,096)
    m_engine.call([](sandbox::Sandbox &sb) {
                for (int i = 0; i < 4200; ++i) {
                    auto copy = std::make_shared<api::Object>(*sb.store().get("ConfigMap", "old", "churn"));
                    copy->body["data"]["k"] = std::to_string(i);
                    copy->metadata.resourceVersion = 0;
                    (void)sb.store().update(copy);
                }
            })
        .get();
    Request r;
    r.target = "/api/v1/namespaces/old/configmaps?watch=true&resourceVersion=1";
    r.token = m_info.token;
    const Reply reply = m_client->send(r);
    QCOMPARE(reply.status, 410);
    QCOMPARE(reply.json().value("code", 0), 410);
    QVERIFY(reply.json().value("message", "").find("too old resource version") != std::string::npos);
    r.target = "/api/v1/namespaces/old/configmaps?watch=true&resourceVersion=abc";
    QCOMPARE(m_client->send(r).status, 400);
}

QTEST_GUILESS_MAIN(tst_ApiServer)
#include "tst_apiserver.moc"
