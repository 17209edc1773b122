// The Registries dialog against a real docker-registry started here on loopback: push an image of the
// sandbox, browse the repository, its tag, manifest and layers, and pull it back.

#include "screenshotutil.h"
#include <backends/sandboxbackend.h>
#include <engine/image/imagestore.h>
#include <engine/sandbox/sandbox.h>
#include <widgets/registrydialog.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QTableWidget>
#include <QMessageBox>
#include <QTimer>
#include <QApplication>
#include <QAbstractButton>
#include <QtTest>

#include "testservers.h"

using namespace flotilla;
using flotilla::testsupport::TestRegistry;
using flotilla::testsupport::freePort;
using flotilla::testutil::screenshot;

class tst_RegistryDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void pushBrowseAndPull();
    void tlsRegistryWithATokenService();
    void unreachableRegistryIsSaidPlainly();

private:
    QTemporaryDir m_dir;
    TestRegistry m_registry;
    QString m_address;
    std::unique_ptr<backends::SandboxBackend> m_backend;
};

void tst_RegistryDialog::initTestCase()
{
    const QString missing = TestRegistry::missingTools();
    if (!missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString error;
    QVERIFY2(m_registry.start(m_dir.filePath("registry"), {TestRegistry::Auth::None, false, 0}, &error), qPrintable(error));
    m_address = m_registry.address();

    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    m_backend = std::make_unique<backends::SandboxBackend>(opts);
    QSignalSpy started(m_backend.get(), &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10'000));
    // an image of the sandbox with one real (empty) layer
    const bool made = m_backend->engine()
                          .call([](engine::sandbox::Sandbox &sb) {
                              auto store = sb.imageStore();
                              auto layer = store->writeBlob(std::string(1024, '\0'), "application/vnd.oci.image.layer.v1.tar");
                              if (!layer.ok())
                                  return false;
                              engine::image::LayerInfo info;
                              info.blob = *layer;
                              info.createdBy = "COPY app.js /app/";
                              engine::api::Json config = {{"architecture", "amd64"},
                                                          {"os", "linux"},
                                                          {"config", {{"Cmd", {"node", "app.js"}}, {"ExposedPorts", {{"8080/tcp", engine::api::Json::object()}}}}},
                                                          {"rootfs", {{"type", "layers"}, {"diff_ids", {layer->digest}}}}};
                              auto img = store->commit(config, {info}, {"my-microservice:latest"}, "", 0, 1'700'000'000'000);
                              return img.ok() && sb.recordImage(*img).ok();
                          })
                          .get();
    QVERIFY(made);
}

void tst_RegistryDialog::cleanupTestCase()
{
    m_backend.reset();
    m_registry.stop();
}

void tst_RegistryDialog::pushBrowseAndPull()
{
    widgets::RegistryDialog dialog(m_backend.get(), [] { return QStringList{"my-microservice:latest"}; });
    dialog.show();
    dialog.registryField()->setText(m_address);
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("no repositories yet"), 10'000);
    QVERIFY2(dialog.status()->text().contains("(plain HTTP)"), qPrintable(dialog.status()->text()));

    // push the sandbox's image under a repository of the registry
    QCOMPARE(dialog.pushSource()->currentText(), QStringLiteral("my-microservice:latest"));
    QCOMPARE(dialog.pushTarget()->text(), QStringLiteral("my-microservice:latest")); // a sensible default
    dialog.pushTarget()->setText("course/my-microservice:1.0");
    QSignalSpy transfers(&dialog, &widgets::RegistryDialog::transferFinished);
    QSignalSpy bar(dialog.progressBar(), &QProgressBar::valueChanged);
    dialog.pushChosen();
    QVERIFY(dialog.progressBar()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(transfers.count(), 1, 30'000);
    QVERIFY2(transfers.first().at(0).toBool(), qPrintable(transfers.first().at(1).toString()));
    QVERIFY(transfers.first().at(1).toString().startsWith("1.0: digest: sha256:"));
    QVERIFY2(dialog.progressLog()->toPlainText().contains(": Pushed"), qPrintable(dialog.progressLog()->toPlainText()));
    QVERIFY(!bar.isEmpty());
    QCOMPARE(bar.last().first().toInt(), 100); // every layer pushed
    QVERIFY(!dialog.progressBar()->isVisible());

    // browse: the repository, its tag, the manifest's layer and what the image runs
    QTRY_COMPARE_WITH_TIMEOUT(dialog.repositories()->count(), 1, 10'000);
    QCOMPARE(dialog.repositories()->item(0)->text(), QStringLiteral("course/my-microservice"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog.tags()->count(), 1, 10'000);
    QCOMPARE(dialog.tags()->item(0)->text(), QStringLiteral("1.0"));
    QTRY_COMPARE_WITH_TIMEOUT(dialog.layers()->rowCount(), 1, 10'000);
    QCOMPARE(dialog.layers()->item(0, 2)->text(), QStringLiteral("application/vnd.oci.image.layer.v1.tar"));
    QTRY_VERIFY(dialog.summary()->text().contains("node app.js"));
    QVERIFY(dialog.summary()->text().contains("8080/tcp"));
    screenshot(&dialog, QStringLiteral("registry-dialog.png"));

    // pull it back: the sandbox has it under the registry's name
    dialog.pullSelected();
    QTRY_COMPARE_WITH_TIMEOUT(transfers.count(), 2, 30'000);
    QVERIFY2(transfers.last().at(0).toBool(), qPrintable(transfers.last().at(1).toString()));
    const std::string reference = (m_address + "/course/my-microservice:1.0").toStdString();
    const bool there = m_backend->engine()
                           .call([reference](engine::sandbox::Sandbox &sb) { return sb.imageStore()->find(reference).has_value(); })
                           .get();
    QVERIFY(there);

    // delete the tag: asked first (Cancel keeps it), then gone from the registry
    const auto answerBox = [](bool confirm) {
        QTimer::singleShot(50, [confirm] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (auto *box = qobject_cast<QMessageBox *>(w); box && box->isVisible()) {
                    for (QAbstractButton *b : box->buttons())
                        if ((box->buttonRole(b) == QMessageBox::DestructiveRole) == confirm) {
                            b->click();
                            return;
                        }
                }
        });
    };
    answerBox(false);
    dialog.deleteSelectedTag();
    QCOMPARE(dialog.tags()->count(), 1);
    QVERIFY(!dialog.status()->text().contains("Deleting"));
    answerBox(true);
    dialog.deleteSelectedTag();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("Deleted course/my-microservice:1.0"), 20'000);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.tags()->count(), 0, 10'000);
}

void tst_RegistryDialog::tlsRegistryWithATokenService()
{
    QTemporaryDir dir;
    TestRegistry secured;
    QString error;
    QVERIFY2(secured.start(dir.filePath("secured"), {TestRegistry::Auth::Token, true, 0}, &error), qPrintable(error));
    widgets::RegistryDialog dialog(m_backend.get(), [] { return QStringList{"my-microservice:latest"}; });
    dialog.resize(1100, 720);
    dialog.show();
    dialog.registryField()->setText(secured.address());
    auto *user = dialog.userField();
    auto *password = dialog.passwordField();
    QCOMPARE(password->echoMode(), QLineEdit::Password);
    user->setText(TestRegistry::user());

    // a CA that did not sign the registry's certificate: refused, and the message says what to do
    QTemporaryDir other;
    QProcess openssl;
    openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other.filePath("ca.key"), "-out",
                              other.filePath("ca.crt"), "-days", "1", "-subj", "/CN=Another CA"});
    QVERIFY(openssl.waitForFinished(60'000) && openssl.exitCode() == 0);
    dialog.caFileField()->setText(other.filePath("ca.crt"));
    password->setText(TestRegistry::password());
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("certificate"), 20'000);
    QVERIFY(dialog.status()->text().contains("ca.crt"));

    // the right CA, a wrong password: the token service's refusal
    dialog.caFileField()->setText(secured.caFile());
    password->setText("not-the-password");
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("refused the credentials"), 20'000);
    QVERIFY(!dialog.status()->text().contains("not-the-password"));

    // the right password: in, and a push goes through the token flow over TLS
    password->setText(TestRegistry::password());
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("no repositories yet"), 20'000);
    QVERIFY2(dialog.status()->text().contains("(HTTPS, certificate checked)"), qPrintable(dialog.status()->text()));
    dialog.pushTarget()->setText("secured/my-microservice:2.0");
    QSignalSpy transfers(&dialog, &widgets::RegistryDialog::transferFinished);
    dialog.pushChosen();
    QTRY_COMPARE_WITH_TIMEOUT(transfers.count(), 1, 30'000);
    QVERIFY2(transfers.first().at(0).toBool(), qPrintable(transfers.first().at(1).toString() + secured.log()));
    QTRY_COMPARE_WITH_TIMEOUT(dialog.tags()->count(), 1, 10'000);
    QCOMPARE(dialog.tags()->item(0)->text(), QStringLiteral("2.0"));
    QVERIFY(!secured.log().contains(TestRegistry::password()));
    screenshot(&dialog, QStringLiteral("registry-dialog-tls.png"));

    // skipping the check works without a CA too
    dialog.caFileField()->clear();
    dialog.skipVerifyBox()->setChecked(true);
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.repositories()->count() == 1 && dialog.status()->text().contains("one repository"), 20'000);
    QVERIFY2(dialog.status()->text().contains("(HTTPS, certificate not checked)"), qPrintable(dialog.status()->text()));
}

void tst_RegistryDialog::unreachableRegistryIsSaidPlainly()
{
    widgets::RegistryDialog dialog(m_backend.get(), {});
    dialog.registryField()->setText(QStringLiteral("127.0.0.1:%1").arg(freePort(5600)));
    dialog.connectToRegistry();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.status()->text().contains("cannot be used"), 20'000);
    QVERIFY(dialog.repositories()->count() == 0);
    dialog.registryField()->clear();
    dialog.connectToRegistry();
    QVERIFY(dialog.status()->text().contains("Name a registry first"));
}

QTEST_MAIN(tst_RegistryDialog)
#include "tst_registrydialog.moc"
