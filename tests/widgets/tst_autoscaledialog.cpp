// The Autoscale dialog against a real (paused) sandbox: keyboard entry, min/max kept in order, the
// HorizontalPodAutoscaler created and updated through the backend, and the backend's errors shown.
#include <backends/sandboxbackend.h>
#include <engine/api/kinds.h>
#include <widgets/autoscaledialog.h>

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include "../engine/sandboxtestutil.h"

using namespace flotilla;
using widgets::AutoscaleDialog;

namespace {
const std::string kDeployment = flotilla::testutil::webDeployment(2, "{requests: {cpu: 100m}}");

void typeInto(QSpinBox *box, int value)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QTest::keyClick(box, Qt::Key_Tab);
}
} // namespace

class tst_AutoscaleDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void createsAndUpdatesTheAutoscaler();
    void minAndMaxStayInOrder();
    void showsTheBackendsError();

private:
    std::unique_ptr<backends::SandboxBackend> m_backend;
};

void tst_AutoscaleDialog::initTestCase()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    opts.mode = engine::ClockMode::Paused;
    m_backend = std::make_unique<backends::SandboxBackend>(opts);
    QSignalSpy started(m_backend.get(), &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(30000));
    bool done = false, ok = false;
    m_backend->applyYaml(QString::fromStdString(kDeployment), {}, this, [&](const backends::CommandResult &r) {
        done = true;
        ok = r.ok;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QVERIFY(ok);
}

void tst_AutoscaleDialog::createsAndUpdatesTheAutoscaler()
{
    for (const auto &[max, expected] : {std::pair{6, "horizontalpodautoscaler.autoscaling/web created"},
                                        std::pair{8, "horizontalpodautoscaler.autoscaling/web configured"}}) {
        AutoscaleDialog dialog(m_backend.get(), {QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")},
                               1, 4, 50);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        typeInto(dialog.minBox(), 2);
        typeInto(dialog.maxBox(), max);
        typeInto(dialog.cpuBox(), 70);
        QCOMPARE(dialog.minBox()->value(), 2);
        QCOMPARE(dialog.maxBox()->value(), max);
        QCOMPARE(dialog.cpuBox()->value(), 70);
        QSignalSpy autoscaled(&dialog, &AutoscaleDialog::autoscaled);
        QTest::keyClick(&dialog, Qt::Key_Return); // the default button: Autoscale
        QTRY_COMPARE_WITH_TIMEOUT(autoscaled.count(), 1, 30000);
        QCOMPARE(autoscaled.at(0).at(0).toStringList(), QStringList{QString::fromLatin1(expected)});
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    // what the engine holds
    std::string spec;
    m_backend->engine().post([&spec](engine::sandbox::Sandbox &sb) {
        if (const auto hpa = sb.store().get(engine::api::kind::HorizontalPodAutoscaler, "default", "web"))
            spec = hpa->spec().dump();
    });
    QTRY_VERIFY_WITH_TIMEOUT(!spec.empty(), 30000);
    const auto json = engine::api::Json::parse(spec);
    QCOMPARE(json["minReplicas"].get<int>(), 2);
    QCOMPARE(json["maxReplicas"].get<int>(), 8);
    QCOMPARE(json["scaleTargetRef"]["name"].get<std::string>(), std::string("web"));
    QCOMPARE(json["metrics"][0]["resource"]["target"]["averageUtilization"].get<int>(), 70);
}

void tst_AutoscaleDialog::minAndMaxStayInOrder()
{
    AutoscaleDialog dialog(m_backend.get(), {QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("web")},
                           1, 4, 50);
    dialog.minBox()->setValue(7);
    QCOMPARE(dialog.maxBox()->value(), 7);
    dialog.maxBox()->setValue(3);
    QCOMPARE(dialog.minBox()->value(), 3);
}

void tst_AutoscaleDialog::showsTheBackendsError()
{
    AutoscaleDialog dialog(m_backend.get(), {QStringLiteral("Deployment"), QStringLiteral("default"), QStringLiteral("nope")},
                           1, 4, 50);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::keyClick(&dialog, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.errorText().isEmpty(), 30000);
    QVERIFY2(dialog.errorText().contains(QLatin1String("deployments.apps \"nope\" not found")), qPrintable(dialog.errorText()));
    QVERIFY(dialog.isVisible());
}

QTEST_MAIN(tst_AutoscaleDialog)
#include "tst_autoscaledialog.moc"
