// Nodes and traffic from the window against a real sandbox (clock paused, driven by hand): adding nodes
// of a size preset, removing a node with pods (they come back elsewhere), a node's CPU and memory over
// time in its details, and a Service's traffic weights per version.
#include "screenshotutil.h"
#include "windowfixture.h"
#include "../engine/sandboxtestutil.h"
#include <backends/sandboxbackend.h>
#include <engine/api/types.h>
#include <engine/sandbox/sandbox.h>
#include <models/nodemodel.h>
#include <models/podmodel.h>
#include <models/servicemodel.h>
#include <widgets/addnodesdialog.h>
#include <widgets/detailspane.h>
#include <widgets/mainwindow.h>
#include <widgets/nodeusagechart.h>
#include <widgets/resourceview.h>
#include <widgets/servicespage.h>
#include <widgets/trafficweightsdialog.h>

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QMessageBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableView>
#include <QTabWidget>
#include <QtTest>

using namespace flotilla;
using widgets::MainWindow;
using flotilla::testutil::screenshot;

namespace {
namespace api = engine::api;

/// The window on a paused in-memory sandbox, with what these tests look at.
struct Fixture : testutil::WindowFixture {
    Fixture() : WindowFixture(33) {}
    /// web pods Running and ready, by node.
    QHash<QString, int> runningWebByNode() const
    {
        QHash<QString, int> out;
        auto *pods = window.podModel();
        for (int r = 0; r < pods->rowCount(); ++r) {
            const api::ObjectPtr pod = pods->objectAt(r);
            if (!pod || pod->metadata.name.rfind("web-", 0) != 0 || pod->metadata.deletionTimestamp)
                continue;
            const auto s = api::summarizePod(*pod);
            if (s.status == "Running" && s.readyContainers == s.totalContainers)
                ++out[QString::fromStdString(s.node)];
        }
        return out;
    }
    int runningWeb() const
    {
        int n = 0;
        for (int v : runningWebByNode())
            n += v;
        return n;
    }

};

const std::string kWeb = flotilla::testutil::webDeployment(8, "{requests: {cpu: 250m, memory: 256Mi}}");

template <typename T>
T *waitForChild(QWidget *parent, const QString &name = {})
{
    T *found = nullptr;
    const bool shown =
        QTest::qWaitFor([&] { return (found = parent->findChild<T *>(name)) != nullptr && found->isVisible(); }, 5000);
    return shown ? found : nullptr;
}
} // namespace

class tst_NodeOperations : public QObject {
    Q_OBJECT
private slots:
    void addNodesWithPreset();
    void removeNodeReschedulesPods();
    void nodeUsageChart();
    void trafficWeights();
};

void tst_NodeOperations::addNodesWithPreset()
{
    Fixture f;
    QVERIFY(f.start());
    auto *nodes = f.window.nodeModel();
    QTRY_VERIFY_WITH_TIMEOUT(nodes->rowCount() > 0, 10000);
    const int before = nodes->rowCount();

    // Operations ▸ Add Nodes… (Ctrl+Shift+N), also in the Nodes table's context menu with Remove Node
    f.window.showPage(MainWindow::Page::Nodes);
    QStringList tableActions;
    for (const QAction *a : f.window.view(MainWindow::Page::Nodes)->table()->actions())
        tableActions << a->text();
    QVERIFY2(tableActions.contains(QStringLiteral("Add &Nodes…")) && tableActions.contains(QStringLiteral("Re&move Node…")),
             qPrintable(tableActions.join(QLatin1Char(','))));
    f.window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&f.window));
    QTest::keySequence(&f.window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    auto *dialog = waitForChild<widgets::AddNodesDialog>(&f.window);
    QVERIFY(dialog);
    // each preset names the engine's figures
    QCOMPARE(dialog->presetBox()->count(), 3);
    QCOMPARE(dialog->presetBox()->itemText(2), QStringLiteral("Large — 16 CPU, 64 GiB"));
    QCOMPARE(dialog->presetBox()->itemText(0), QStringLiteral("Small — 2 CPU, 4 GiB"));
    QCOMPARE(dialog->countBox()->minimum(), 1);
    QCOMPARE(dialog->countBox()->maximum(), 1000);
    dialog->countBox()->setValue(3);
    dialog->presetBox()->setCurrentIndex(2);
    QCOMPARE(dialog->preset(), backends::Backend::NodeSize::Large);
    QCoreApplication::processEvents();
    screenshot(dialog, QStringLiteral("add-nodes-dialog.png"));
    auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(nodes->rowCount(), before + 3, 10000);
    QTRY_VERIFY(!f.window.findChild<widgets::AddNodesDialog *>()); // closed (deleted) once added
    int large = 0;
    for (int r = 0; r < nodes->rowCount(); ++r) {
        const auto s = api::summarizeNode(*nodes->objectAt(r));
        if (s.capacity.cpuMilli == 16'000 && s.capacity.memoryBytes == 64LL * 1024 * 1024 * 1024) {
            ++large;
            QVERIFY(s.ready);
            QCOMPARE(s.allocatable.pods, 110);
        }
    }
    QCOMPARE(large, 3);

    // the backend refuses nonsense with a clear answer
    bool answered = false, success = true;
    f.backend.addNodes(0, backends::Backend::NodeSize::Small, &f.window, [&](const backends::CommandResult &r) {
        answered = true;
        success = r.ok;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!success);
    QCoreApplication::processEvents();
    screenshot(&f.window, QStringLiteral("nodes-after-add.png"));
}

void tst_NodeOperations::removeNodeReschedulesPods()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply(kWeb));
    for (int i = 0; i < 30 && f.runningWeb() < 8; ++i) {
        f.advance(2000);
        QTest::qWait(50);
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.runningWeb(), 8, 10000);
    // the busiest node goes
    const auto byNode = f.runningWebByNode();
    QString victim;
    for (auto it = byNode.cbegin(); it != byNode.cend(); ++it)
        if (victim.isEmpty() || it.value() > byNode.value(victim))
            victim = it.key();
    QVERIFY(byNode.value(victim) > 0);

    f.window.showPage(MainWindow::Page::Nodes);
    QVERIFY(f.window.view(MainWindow::Page::Nodes)->selectKey(victim));
    f.window.removeSelectedNode();
    auto *box = waitForChild<QMessageBox>(&f.window, QStringLiteral("removeNodeConfirmation"));
    QVERIFY(box);
    QVERIFY2(box->informativeText().contains(QStringLiteral("rescheduled")), qPrintable(box->informativeText()));
    QVERIFY(box->text().contains(victim));
    screenshot(box, QStringLiteral("remove-node-confirmation.png"));
    QPushButton *remove = nullptr;
    for (auto *b : box->buttons())
        if (box->buttonRole(b) == QMessageBox::DestructiveRole)
            remove = qobject_cast<QPushButton *>(b);
    QVERIFY(remove);
    QTest::mouseClick(remove, Qt::LeftButton);

    auto *nodes = f.window.nodeModel();
    QTRY_COMPARE_WITH_TIMEOUT(nodes->rowOf(victim.toStdString()), -1, 10000);
    // the ReplicaSet starts the lost pods again on the other nodes
    for (int i = 0; i < 30 && (f.runningWeb() < 8 || f.runningWebByNode().contains(victim)); ++i) {
        f.advance(2000);
        QTest::qWait(50);
    }
    QTRY_COMPARE_WITH_TIMEOUT(f.runningWeb(), 8, 10000);
    QVERIFY(!f.runningWebByNode().contains(victim));

    // a node that is not there
    bool answered = false, success = true;
    f.backend.removeNode(victim, &f.window, [&](const backends::CommandResult &r) {
        answered = true;
        success = r.ok;
    });
    QTRY_VERIFY(answered);
    QVERIFY(!success);
}

void tst_NodeOperations::nodeUsageChart()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply(kWeb));
    auto *nodes = f.window.nodeModel();
    QTRY_VERIFY_WITH_TIMEOUT(nodes->rowOf("worker-1") >= 0, 10000);
    f.window.showPage(MainWindow::Page::Nodes);
    QVERIFY(f.window.view(MainWindow::Page::Nodes)->selectKey(QStringLiteral("worker-1")));
    auto *details = f.window.detailsPane();
    auto *chart = details->usageChart();
    QCOMPARE(chart->node(), QStringLiteral("worker-1"));
    // hidden behind the Summary tab: no refresh
    QVERIFY(!chart->isVisible());
    QVERIFY(!chart->isRefreshing());
    details->showUsage();
    QVERIFY(chart->isVisible());
    QVERIFY(chart->isRefreshing());
    // nothing sampled yet: the chart says why
    QTRY_VERIFY(!chart->emptyText().isEmpty());
    QCOMPARE(chart->pointCount(), 0);

    // five minutes of simulated time: a sample every 15 s
    for (int i = 0; i < 10; ++i) {
        f.advance(30'000);
        QTest::qWait(20);
    }
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount() >= 15, 10000);
    QVERIFY(chart->emptyText().isEmpty());
    const int points = chart->pointCount();
    f.advance(60'000);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount() > points, 10000);
    QCoreApplication::processEvents();
    screenshot(&f.window, QStringLiteral("node-usage.png"));
    screenshot(details, QStringLiteral("node-usage-details.png"));

    // another kind: the tab goes, and so do the requests
    f.window.showPage(MainWindow::Page::Pods);
    QVERIFY(!chart->isVisible());
    QVERIFY(!chart->isRefreshing());
    auto *tabs = details->findChild<QTabWidget *>();
    QVERIFY(tabs);
    QCOMPARE(tabs->indexOf(chart), -1);
}

void tst_NodeOperations::trafficWeights()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n"
                    "  ports: [{port: 80, targetPort: 8080}]\n---\n" +
                    testutil::versionedDeployment("web", 3, "nginx:1.25", "v1") + "---\n" +
                    testutil::versionedDeployment("web-v2", 1, "nginx:1.25", "v2")));
    f.advance(30'000);
    auto *model = f.window.serviceModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOf("default/web") >= 0, 10000);
    const int row = model->rowOf("default/web");
    QTRY_COMPARE_WITH_TIMEOUT(model->index(row, models::ServiceModel::Endpoints).data().toString(), QStringLiteral("4/4"), 10000);

    f.window.showPage(MainWindow::Page::Services);
    auto *page = f.window.servicesPage();
    QVERIFY(page->view()->selectKey(QStringLiteral("default/web")));
    bool answered = false;
    f.backend.setServiceTraffic({"Service", "default", "web"}, 200, &f.window,
                                [&](const backends::CommandResult &) { answered = true; });
    QTRY_VERIFY(answered);
    f.advance(10'000);

    // the dialog: a row per version, shares by pods to start with (3:1)
    QVERIFY(page->weightsButton()->isEnabled());
    QTest::mouseClick(page->weightsButton(), Qt::LeftButton);
    QTRY_VERIFY(page->weightsDialog() && page->weightsDialog()->isVisible());
    auto *dialog = page->weightsDialog();
    QCOMPARE(dialog->versions(), (QStringList{QStringLiteral("v1"), QStringLiteral("v2")}));
    QCOMPARE(dialog->percentBox(QStringLiteral("v1"))->value(), 75);
    QCOMPARE(dialog->percentBox(QStringLiteral("v2"))->value(), 25);
    QVERIFY(dialog->okButton()->isEnabled());

    // 60 + 30: refused, with the reason
    dialog->percentBox(QStringLiteral("v1"))->setValue(60);
    dialog->percentBox(QStringLiteral("v2"))->setValue(30);
    QCOMPARE(dialog->sum(), 90);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY2(dialog->sumText().contains(QStringLiteral("100")), qPrintable(dialog->sumText()));
    QVERIFY(!dialog->okButton()->toolTip().isEmpty());
    QCOMPARE(dialog->slider(QStringLiteral("v1"))->value(), 60); // the slider follows the box
    QCoreApplication::processEvents();
    screenshot(dialog, QStringLiteral("traffic-weights-refused.png"));

    // 90 / 10: applied
    dialog->slider(QStringLiteral("v1"))->setValue(90);
    QCOMPARE(dialog->percentBox(QStringLiteral("v1"))->value(), 90);
    dialog->percentBox(QStringLiteral("v2"))->setValue(10);
    QVERIFY(dialog->okButton()->isEnabled());
    QCoreApplication::processEvents();
    screenshot(dialog, QStringLiteral("traffic-weights-ok.png"));
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(!page->weightsDialog());
    const auto weights = f.backend.engine()
                             .call([](engine::sandbox::Sandbox &sb) { return sb.traffic().stats("default", "web")->weights; })
                             .get();
    QCOMPARE(int(weights.size()), 2);

    // a minute of traffic: about 180 req/s to v1, 20 to v2, as the backend reports them per version
    f.advance(60'000);
    auto shareOf = [&](const char *version) {
        const auto *t = model->traffic(QStringLiteral("default/web"));
        if (!t)
            return -1.0;
        for (const auto &v : t->last.versions)
            if (v.version == version)
                return v.figures.requestsPerSecond;
        return -1.0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(qAbs(shareOf("v1") - 180) <= 10 && qAbs(shareOf("v2") - 20) <= 10, 10000);
    QCoreApplication::processEvents();
    screenshot(&f.window, QStringLiteral("services-weighted.png"));

    // the dialog opens on the weights in force; Clear goes back to plain load balancing
    QTest::mouseClick(page->weightsButton(), Qt::LeftButton);
    QTRY_VERIFY(page->weightsDialog() && page->weightsDialog()->isVisible());
    dialog = page->weightsDialog();
    QCOMPARE(dialog->percentBox(QStringLiteral("v1"))->value(), 90);
    QCOMPARE(dialog->percentBox(QStringLiteral("v2"))->value(), 10);
    QTest::mouseClick(dialog->clearButton(), Qt::LeftButton);
    QTRY_VERIFY(!page->weightsDialog());
    QTRY_VERIFY(f.backend.engine()
                    .call([](engine::sandbox::Sandbox &sb) { return sb.traffic().stats("default", "web")->weights.empty(); })
                    .get());

    // an error from the backend shows in the dialog, which stays open
    QTest::mouseClick(page->weightsButton(), Qt::LeftButton);
    QTRY_VERIFY(page->weightsDialog() && page->weightsDialog()->isVisible());
    dialog = page->weightsDialog();
    QVERIFY(f.backend.engine()
                .call([](engine::sandbox::Sandbox &sb) { return sb.remove("Service", "default", "web").ok(); })
                .get());
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog->errorText().isEmpty());
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("not found")), qPrintable(dialog->errorText()));
    QCoreApplication::processEvents();
    screenshot(dialog, QStringLiteral("traffic-weights-error.png"));
    dialog->close();
}

QTEST_MAIN(tst_NodeOperations)
#include "tst_nodeoperations.moc"
