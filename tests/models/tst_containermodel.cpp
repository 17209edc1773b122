// ContainerModel under QAbstractItemModelTester, fed by a real sandbox through SandboxBackend: containers
// run, stopped, killed, restarted by their policy and removed through the backend appear, change and go
// row by row (never a reset), with Docker's status lines on the simulated clock.
#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <engine/sandbox/sandbox.h>
#include <models/containermodel.h>
#include <models/objectfilterproxymodel.h>

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QtTest>

#include "testservers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace flotilla;
using models::ContainerModel;
namespace api = engine::api;

namespace {
QString cell(const QAbstractItemModel &m, int row, int column) { return m.index(row, column).data().toString(); }

sockaddr_in loopback(int port)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(quint16(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

/// A port nothing listens on now (the kernel's pick, given back).
using flotilla::testsupport::freePort;

/// Whether something accepts connections on 127.0.0.1:port.
bool listening(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const sockaddr_in a = loopback(port);
    const bool connected = ::connect(fd, reinterpret_cast<const sockaddr *>(&a), sizeof a) == 0;
    ::close(fd);
    return connected;
}

/// A backend that runs no containers: it answers as the base class does.
class NoContainers final : public backends::Backend {
public:
    QString displayName() const override { return QStringLiteral("cluster"); }
    bool isSimulated() const override { return false; }
    void start() override {}
    bool isStarted() const override { return true; }
    void applyYaml(const QString &, const QString &, QObject *, Callback) override {}
    void deleteObject(const backends::ObjectRef &, QObject *, Callback) override {}
};
} // namespace

class tst_ContainerModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void runStopKillRemoveRowByRow();
    void statusFollowsTheSimulatedClock();
    void restartPolicyCountsRestarts();
    void errorsAreDockers();
    void logsComeThroughTheBackend();
    void otherConnectionsRunNoContainers();

private:
    /// Runs `spec` through the backend and waits for its answer.
    backends::CommandResult run(const backends::ContainerRunSpec &spec);
    backends::CommandResult command(const std::function<void(backends::Backend::Callback)> &call);
    void advance(engine::TimeMs ms);

    std::unique_ptr<backends::SandboxBackend> m_backend;
    std::unique_ptr<ContainerModel> m_model;
    std::unique_ptr<models::ObjectFilterProxyModel> m_proxy;
    std::unique_ptr<QAbstractItemModelTester> m_tester, m_proxyTester;
};

void tst_ContainerModel::init()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused;
    opts.seed = 11;
    m_backend = std::make_unique<backends::SandboxBackend>(opts);
    m_model = std::make_unique<ContainerModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_proxy = std::make_unique<models::ObjectFilterProxyModel>();
    m_proxy->setSourceModel(m_model.get());
    m_proxy->sort(ContainerModel::Name);
    m_proxyTester = std::make_unique<QAbstractItemModelTester>(m_proxy.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setBackend(m_backend.get());
    QSignalSpy started(m_backend.get(), &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10000));
    // images as a build leaves them: a service that EXPOSEs 8080, and one that crashes after 2 s
    const bool made = m_backend->engine()
                          .call([](engine::sandbox::Sandbox &sb) {
                              bool ok = true;
                              for (const auto &[tag, labels] :
                                   std::vector<std::pair<std::string, api::Json>>{
                                       {"my-microservice:latest", api::Json::object()},
                                       {"crashy:latest", {{"flotilla.sim.crash-after", "2s"}}}}) {
                                  api::Json config = {{"architecture", "amd64"},
                                                      {"os", "linux"},
                                                      {"config",
                                                       {{"Cmd", {"node", "server.js"}},
                                                        {"WorkingDir", "/app"},
                                                        {"ExposedPorts", {{"8080/tcp", api::Json::object()}}},
                                                        {"Labels", labels}}},
                                                      {"rootfs", {{"type", "layers"}, {"diff_ids", api::Json::array()}}}};
                                  auto img = sb.imageStore()->commit(config, {}, {tag}, "node:14-alpine", 40'000'000,
                                                                     sb.sim().now());
                                  ok = ok && img.ok() && sb.recordImage(*img).ok();
                              }
                              return ok;
                          })
                          .get();
    QVERIFY(made);
}

void tst_ContainerModel::cleanup()
{
    m_proxyTester.reset();
    m_proxy.reset();
    m_tester.reset();
    m_model.reset();
    m_backend.reset();
}

backends::CommandResult tst_ContainerModel::command(const std::function<void(backends::Backend::Callback)> &call)
{
    std::optional<backends::CommandResult> answer;
    call([&](const backends::CommandResult &r) { answer = r; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return backends::CommandResult::failure(engine::Error::make(engine::Error::Code::Internal, "no answer"));
    return *answer;
}

backends::CommandResult tst_ContainerModel::run(const backends::ContainerRunSpec &spec)
{
    return command([&](backends::Backend::Callback done) { m_backend->runContainer(spec, m_model.get(), done); });
}

void tst_ContainerModel::advance(engine::TimeMs ms)
{
    const engine::TimeMs now = m_backend->engine()
                                   .call([ms](engine::sandbox::Sandbox &sb) {
                                       sb.advanceTo(sb.sim().now() + ms);
                                       return sb.sim().now();
                                   })
                                   .get();
    m_model->setNow(now);
}

void tst_ContainerModel::runStopKillRemoveRowByRow()
{
    QCOMPARE(m_model->rowCount(), 0);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);

    const int port = freePort();
    QVERIFY(port > 0);
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("my-microservice");
    spec.name = QStringLiteral("service-instance");
    spec.ports = {{QString(), port, 8080, QStringLiteral("tcp")}};
    spec.env = {QStringLiteral("GREETING=hello")};
    const auto r = run(spec);
    QVERIFY2(r.ok, qPrintable(r.problems.value(0).message));
    QCOMPARE(r.name, QStringLiteral("service-instance"));
    QVERIFY2(r.lines.value(0).startsWith(QStringLiteral("Container service-instance is running")), qPrintable(r.lines.value(0)));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(inserted.size(), 1);
    m_model->setNow(m_backend->clock().now);

    const int row = m_model->rowOf("service-instance");
    QCOMPARE(row, 0);
    QCOMPARE(cell(*m_model, row, ContainerModel::Name), QStringLiteral("service-instance"));
    QCOMPARE(cell(*m_model, row, ContainerModel::Image), QStringLiteral("my-microservice"));
    QCOMPARE(cell(*m_model, row, ContainerModel::State), QStringLiteral("running"));
    QCOMPARE(cell(*m_model, row, ContainerModel::Status), QStringLiteral("Up Less than a second"));
    QCOMPARE(cell(*m_model, row, ContainerModel::Ports), QStringLiteral("0.0.0.0:%1→8080/tcp").arg(port));
    QCOMPARE(cell(*m_model, row, ContainerModel::Restarts), QStringLiteral("0"));
    QCOMPARE(cell(*m_model, row, ContainerModel::Created), QStringLiteral("0s"));
    const QString id = m_model->index(row, 0).data(ContainerModel::ContainerIdRole).toString();
    QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(id).hasMatch());
    QCOMPARE(cell(*m_model, row, ContainerModel::Id), id.left(12));
    QCOMPARE(m_model->index(row, 0).data(ContainerModel::HostPortsRole).value<QList<int>>(), QList<int>{port});
    QCOMPARE(m_model->index(row, 0).data(ContainerModel::StateRole).toString(), QStringLiteral("running"));
    QCOMPARE(m_model->index(row, ContainerModel::State).data(Qt::DecorationRole).value<QColor>(), QColor(0x2e, 0x9d, 0x4f));
    const auto info = m_model->index(row, 0).data(ContainerModel::ContainerInfoRole).value<engine::sandbox::ContainerInfo>();
    QCOMPARE(info.spec.env, std::vector<std::string>{"GREETING=hello"});
    QCOMPARE(info.spec.portBindings.size(), std::size_t(1));
    QCOMPARE(m_model->containerAt(row).name, std::string("service-instance"));
    QCOMPARE(ContainerModel::commandText(info), QStringLiteral("node server.js"));
    // the published port is a real one on this computer
    QTRY_VERIFY(listening(port));

    // a second one, with a free port chosen at start
    backends::ContainerRunSpec other;
    other.image = QStringLiteral("my-microservice:latest");
    other.ports = {{QString(), 0, 8080, QStringLiteral("tcp")}};
    const auto second = run(other);
    QVERIFY2(second.ok, qPrintable(second.problems.value(0).message));
    QVERIFY(QRegularExpression(QStringLiteral("^[a-z]+_[a-z]+\\d*$")).match(second.name).hasMatch()); // generated
    QTRY_COMPARE(m_model->rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
    const int row2 = m_model->rowOf(second.name.toStdString());
    QVERIFY(QRegularExpression(QStringLiteral("^0\\.0\\.0\\.0:(\\d+)→8080/tcp$")).match(cell(*m_model, row2, ContainerModel::Ports)).hasMatch());
    QCOMPARE(m_proxy->rowCount(), 2);

    // stop: the row changes in place, its ports go
    changed.clear();
    auto stopped = command([&](auto done) { m_backend->stopContainer(QStringLiteral("service-instance"), m_model.get(), done); });
    QVERIFY2(stopped.ok, qPrintable(stopped.problems.value(0).message));
    QCOMPARE(stopped.lines.value(0), QStringLiteral("Container service-instance stopped"));
    QTRY_COMPARE(cell(*m_model, row, ContainerModel::State), QStringLiteral("exited"));
    QVERIFY(!changed.isEmpty());
    for (const auto &c : changed)
        QCOMPARE(c[0].toModelIndex().row(), row);
    QCOMPARE(cell(*m_model, row, ContainerModel::Status), QStringLiteral("Exited (0) Less than a second ago"));
    QCOMPARE(cell(*m_model, row, ContainerModel::Ports), QString());
    advance(3'000);
    QCOMPARE(cell(*m_model, row, ContainerModel::Status), QStringLiteral("Exited (0) 3 seconds ago"));
    // stopping it again: nothing to do, and said so
    auto again = command([&](auto done) { m_backend->stopContainer(QStringLiteral("service-instance"), m_model.get(), done); });
    QVERIFY(again.ok);
    QCOMPARE(again.lines.value(0), QStringLiteral("container already stopped"));

    // start, then kill: exit code 137
    auto startedAgain = command([&](auto done) { m_backend->startContainer(QStringLiteral("service-instance"), m_model.get(), done); });
    QVERIFY2(startedAgain.ok, qPrintable(startedAgain.problems.value(0).message));
    QTRY_COMPARE(cell(*m_model, row, ContainerModel::State), QStringLiteral("running"));
    QTRY_COMPARE(cell(*m_model, row, ContainerModel::Ports), QStringLiteral("0.0.0.0:%1→8080/tcp").arg(port));
    auto killed = command([&](auto done) { m_backend->killContainer(QStringLiteral("service-instance"), m_model.get(), done); });
    QVERIFY2(killed.ok, qPrintable(killed.problems.value(0).message));
    QTRY_COMPARE(cell(*m_model, row, ContainerModel::State), QStringLiteral("exited"));
    QVERIFY(cell(*m_model, row, ContainerModel::Status).startsWith(QStringLiteral("Exited (137)")));
    QCOMPARE(m_model->index(row, ContainerModel::State).data(Qt::DecorationRole).value<QColor>(), QColor(0xd6, 0x3c, 0x3c));
    auto restarted = command([&](auto done) { m_backend->restartContainer(QStringLiteral("service-instance"), m_model.get(), done); });
    QVERIFY2(restarted.ok, qPrintable(restarted.problems.value(0).message));
    QTRY_COMPARE(cell(*m_model, row, ContainerModel::State), QStringLiteral("running"));

    // remove: a running one needs force
    auto refused = command([&](auto done) { m_backend->removeContainer(QStringLiteral("service-instance"), false, m_model.get(), done); });
    QVERIFY(!refused.ok);
    QVERIFY2(refused.problems.value(0).message.contains(QStringLiteral("stop the container before removing")) ||
                 refused.problems.value(0).message.contains(QStringLiteral("running")),
             qPrintable(refused.problems.value(0).message));
    auto gone = command([&](auto done) { m_backend->removeContainer(QStringLiteral("service-instance"), true, m_model.get(), done); });
    QVERIFY2(gone.ok, qPrintable(gone.problems.value(0).message));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(m_model->rowOf("service-instance"), -1);
    QCOMPARE(m_model->rowOf(second.name.toStdString()), 0);
    QCOMPARE(m_proxy->rowCount(), 1);
    // the port is closed again
    QTRY_VERIFY(!listening(port));
    QCOMPARE(reset.size(), 0);
}

void tst_ContainerModel::statusFollowsTheSimulatedClock()
{
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("my-microservice");
    spec.name = QStringLiteral("web");
    QVERIFY(run(spec).ok);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    advance(5 * 60'000);
    QCOMPARE(cell(*m_model, 0, ContainerModel::Status), QStringLiteral("Up 5 minutes"));
    QCOMPARE(cell(*m_model, 0, ContainerModel::Created), QStringLiteral("5m0s"));
    QCOMPARE(cell(*m_model, 0, ContainerModel::Ports), QString()); // nothing published
    // the clock alone changes no object: no signal (views repaint ages on their own)
    QTest::qWait(3 * backends::Backend::kBatchIntervalMs);
    QCOMPARE(changed.size(), 0);
    advance(2 * 3'600'000);
    QCOMPARE(cell(*m_model, 0, ContainerModel::Status), QStringLiteral("Up 2 hours"));
    // sorting by Status and Created: numbers, not text
    QVERIFY(m_model->index(0, ContainerModel::Status).data(models::SortRole).canConvert<qint64>());
    QVERIFY(m_model->index(0, ContainerModel::Created).data(models::SortRole).toLongLong() < 0);
}

void tst_ContainerModel::restartPolicyCountsRestarts()
{
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("crashy");
    spec.name = QStringLiteral("crashy");
    spec.restartPolicy = QStringLiteral("always");
    QVERIFY(run(spec).ok);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    // crashes after 2 s, restarted after 100 ms, 200 ms, 400 ms, …
    for (int i = 0; i < 10; ++i)
        advance(1'000);
    QTRY_VERIFY(cell(*m_model, 0, ContainerModel::Restarts).toInt() >= 2);
    const auto info = m_model->containerAt(0);
    QCOMPARE(info.spec.restartPolicy, std::string("always"));
    QVERIFY(info.exitCode != 0 || info.running());
    QCOMPARE(m_model->index(0, ContainerModel::Restarts).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 0);
}

void tst_ContainerModel::errorsAreDockers()
{
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("nope");
    auto r = run(spec);
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QStringLiteral("No such image: nope")), qPrintable(r.problems.value(0).message));
    spec.image = QStringLiteral("my-microservice");
    spec.name = QStringLiteral("twice");
    QVERIFY(run(spec).ok);
    r = run(spec);
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QStringLiteral("is already in use")), qPrintable(r.problems.value(0).message));
    spec.name = QStringLiteral("bad name");
    r = run(spec);
    QVERIFY(!r.ok);
    QVERIFY2(r.problems.value(0).message.contains(QStringLiteral("Invalid container name")), qPrintable(r.problems.value(0).message));
    auto missing = command([&](auto done) { m_backend->startContainer(QStringLiteral("ghost"), m_model.get(), done); });
    QVERIFY(!missing.ok);
    QVERIFY2(missing.problems.value(0).message.contains(QStringLiteral("ghost")), qPrintable(missing.problems.value(0).message));
    QTRY_COMPARE(m_model->rowCount(), 1); // only "twice"
}

void tst_ContainerModel::logsComeThroughTheBackend()
{
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("my-microservice");
    spec.name = QStringLiteral("talker");
    QVERIFY(run(spec).ok);
    advance(30'000);
    auto logs = [&](int tail, qint64 since) {
        std::optional<backends::ContainerLogResult> out;
        m_backend->containerLogs(QStringLiteral("talker"), tail, since, m_model.get(),
                                 [&](const backends::ContainerLogResult &r) { out = r; });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.has_value(); }, 10000);
        return out.value_or(backends::ContainerLogResult{false, QStringLiteral("no answer"), {}});
    };
    const auto all = logs(0, 0);
    QVERIFY2(all.ok, qPrintable(all.error));
    QVERIFY(!all.lines.isEmpty());
    for (int i = 1; i < all.lines.size(); ++i)
        QVERIFY(all.lines[i - 1].time <= all.lines[i].time);
    const auto last = logs(1, 0);
    QCOMPARE(last.lines.size(), 1);
    QCOMPARE(last.lines[0].text, all.lines.last().text);
    // since: only the lines at or after that time
    const qint64 since = all.lines.last().time;
    for (const auto &l : logs(0, since).lines)
        QVERIFY(l.time >= since);
    const auto unknown = [&] {
        std::optional<backends::ContainerLogResult> out;
        m_backend->containerLogs(QStringLiteral("ghost"), 0, 0, m_model.get(), [&](const auto &r) { out = r; });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.has_value(); }, 10000);
        return out.value_or(backends::ContainerLogResult{});
    }();
    QVERIFY(!unknown.ok);
    QVERIFY(unknown.error.contains(QStringLiteral("ghost")));
}

void tst_ContainerModel::otherConnectionsRunNoContainers()
{
    NoContainers backend;
    QVERIFY(!backend.canRunContainers());
    QVERIFY(!backend.canServeDockerApi());
    std::optional<backends::CommandResult> answer;
    backend.runContainer({}, &backend, [&](const backends::CommandResult &r) { answer = r; });
    QVERIFY(answer && !answer->ok);
    QCOMPARE(answer->problems.value(0).message, QStringLiteral("this connection cannot run containers"));
    answer.reset();
    backend.removeContainer(QStringLiteral("x"), true, &backend, [&](const backends::CommandResult &r) { answer = r; });
    QVERIFY(answer && !answer->ok);
    std::optional<backends::ContainerLogResult> logs;
    backend.containerLogs(QStringLiteral("x"), 10, 0, &backend, [&](const auto &r) { logs = r; });
    QVERIFY(logs && !logs->ok && !logs->error.isEmpty());
    std::optional<backends::DockerAccess> access;
    backend.serveDockerApi(&backend, [&](const backends::DockerAccess &a) { access = a; });
    QVERIFY(access && !access->ok);

    // a run spec as the docker CLI would type it
    backends::ContainerRunSpec spec;
    spec.image = QStringLiteral("my-microservice");
    spec.name = QStringLiteral("service-instance");
    spec.ports = {{QString(), 3000, 8080, QStringLiteral("tcp")}};
    spec.env = {QStringLiteral("GREETING=hello world")};
    spec.restartPolicy = QStringLiteral("unless-stopped");
    QCOMPARE(spec.dockerCommand(), QStringLiteral("docker run -d --name service-instance -p 3000:8080 -e 'GREETING=hello world' "
                                                  "--restart unless-stopped my-microservice"));
}

QTEST_GUILESS_MAIN(tst_ContainerModel)
#include "tst_containermodel.moc"
