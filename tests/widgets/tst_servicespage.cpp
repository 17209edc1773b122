// The Services page on a real sandbox with traffic running: the table's traffic columns, the rate box,
// the registry view and the traffic chart per version. The clock is driven by hand (paused sandbox).
#include "screenshotutil.h"
#include <backends/sandboxbackend.h>
#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>
#include "../engine/sandboxtestutil.h"
#include <models/servicemodel.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>
#include <widgets/serviceregistryview.h>
#include <widgets/servicespage.h>
#include <widgets/trafficchart.h>

#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace flotilla;
using widgets::MainWindow;

namespace {
using flotilla::testutil::versionedDeployment;

using flotilla::testutil::screenshot;
} // namespace

class tst_ServicesPage : public QObject {
    Q_OBJECT
private slots:
    void trafficRegistryAndChart();
};

void tst_ServicesPage::trafficRegistryAndChart()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused;
    opts.seed = 21;
    backends::SandboxBackend backend(opts);
    MainWindow w(&backend);
    w.resize(1400, 860);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy started(&backend, &backends::Backend::started);
    backend.start();
    QVERIFY(started.wait(10000));

    auto advance = [&](engine::TimeMs ms) {
        backend.engine().call([ms](engine::sandbox::Sandbox &sb) { sb.advanceTo(sb.sim().now() + ms); }).wait();
    };
    // v1 on three pods; v2 (a canary that fails one request in ten, and is slower) on one
    const bool set = backend.engine()
                         .call([](engine::sandbox::Sandbox &sb) {
                             engine::image::Builder builder(sb.imageStore());
                             engine::image::BuildOptions opt;
                             opt.dockerfile = "FROM busybox:1.36\nLABEL flotilla.sim.error-rate=0.1 flotilla.sim.latency=60ms\n";
                             opt.tags = {"shop:2"};
                             QTemporaryDir dir;
                             auto ctx = engine::image::BuildContext::fromDirectory(dir.path().toStdString());
                             if (!ctx.ok() || !builder.build(**ctx, opt, {}).ok())
                                 return false;
                             for (const auto &img : sb.imageStore()->images())
                                 (void)sb.recordImage(img);
                             return sb.apply("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n"
                                             "  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n---\n"
                                             "apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n"
                                             "  selector: {app: db}\n  ports: [{port: 5432}]\n---\n" +
                                             versionedDeployment("web", 3, "nginx:1.25", "v1") + "---\n" +
                                             versionedDeployment("web-v2", 1, "shop:2", "v2"))
                                 .ok();
                         })
                         .get();
    QVERIFY(set);
    advance(30'000);

    w.showPage(MainWindow::Page::Services);
    QCOMPARE(w.currentPage(), MainWindow::Page::Services);
    auto *page = w.servicesPage();
    QVERIFY(page->isVisible());
    auto *model = w.serviceModel();
    QTRY_COMPARE(model->rowCount(), 2);
    const int row = model->rowOf("default/web");
    QTRY_COMPARE(model->index(row, models::ServiceModel::Endpoints).data().toString(), QStringLiteral("4/4"));
    QVERIFY(page->view()->selectKey(QStringLiteral("default/web")));
    QCOMPARE(page->chart()->service(), QStringLiteral("default/web"));

    // the rate box is reachable from the keyboard (Operations ▸ Set Request Rate…, Ctrl+Shift+R)
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.showPage(MainWindow::Page::Pods);
    QTest::keySequence(&w, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    QCOMPARE(w.currentPage(), MainWindow::Page::Services);
    QTRY_VERIFY(page->rateBox()->hasFocus());
    page->rateBox()->setValue(200);
    QTest::keyClick(page->rateBox(), Qt::Key_Return);
    QTRY_VERIFY(backend.engine().call([](engine::sandbox::Sandbox &sb) { return sb.traffic().rate("default", "web"); }).get() == 200);

    // three minutes of traffic; a v1 pod crashes half-way
    for (int i = 0; i < 18; ++i) {
        advance(10'000);
        if (i == 9)
            backend.engine().call([](engine::sandbox::Sandbox &sb) {
                const auto reg = sb.traffic().registry("default", "web");
                for (const auto &in : reg.front().instances)
                    if (in.version == "v1") {
                        (void)sb.pods().crashContainer("default", in.instanceId);
                        break;
                    }
                (void)sb.flush();
            }).wait();
    }
    QTRY_COMPARE(model->index(row, models::ServiceModel::Requests).data().toString(), QStringLiteral("200"));
    QTRY_VERIFY(model->history(QStringLiteral("default/web")).size() >= 180);
    QVERIFY(model->index(row, models::ServiceModel::P95).data(models::ServiceModel::P95Role).toDouble() > 0);
    QTRY_VERIFY(page->chart()->versions().size() == 2);
    QVERIFY(page->chart()->versions().contains(QStringLiteral("v1")));
    QVERIFY(page->chart()->versions().contains(QStringLiteral("v2")));
    QVERIFY(page->chart()->pointCount(QStringLiteral("v1")) >= 180);
    QVERIFY(page->chart()->errorPointCount() >= 180);

    // the registry: both Services of the namespace, web's four instances
    QTRY_VERIFY(page->registry()->serviceItem(QStringLiteral("default/web")) &&
                page->registry()->serviceItem(QStringLiteral("default/web"))->childCount() == 4);
    QVERIFY(page->registry()->serviceItem(QStringLiteral("default/db")));
    QVERIFY(page->registry()->serviceItem(QStringLiteral("default/web"))->isExpanded());
    QStringList statuses;
    const auto *web = page->registry()->serviceItem(QStringLiteral("default/web"));
    for (int i = 0; i < web->childCount(); ++i)
        statuses << web->child(i)->text(widgets::ServiceRegistryView::Status);
    QVERIFY2(statuses.contains(QStringLiteral("UP")), qPrintable(statuses.join(QLatin1Char(','))));

    // a selection elsewhere shows that Service's (empty) chart
    QVERIFY(page->view()->selectKey(QStringLiteral("default/db")));
    QCOMPARE(page->chart()->versions().size(), 0);
    QCOMPARE(page->rateBox()->value(), 0);
    QVERIFY(page->view()->selectKey(QStringLiteral("default/web")));
    QCOMPARE(page->rateBox()->value(), 200);
    QCoreApplication::processEvents();
    screenshot(&w, QStringLiteral("services-page.png"));

    // stopping: the row says so once the snapshot arrives
    page->stopTraffic();
    QTRY_COMPARE(model->index(row, models::ServiceModel::Requests).data().toString(), QStringLiteral("—"));
}

QTEST_MAIN(tst_ServicesPage)
#include "tst_servicespage.moc"
