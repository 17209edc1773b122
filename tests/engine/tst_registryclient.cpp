// The registry client against real docker-registry servers started here on loopback: plain HTTP and TLS
// (a CA made here), certificate checks and where CAs come from, and the Docker token flow with a token
// service of our own (tests/integration/registry_token_server.py) that the registry trusts.

#include "testservers.h"

#include <engine/image/registry.h>

#include <QtTest>

#include <openssl/evp.h>

using namespace flotilla::engine;
using flotilla::testsupport::TestRegistry;

namespace {

std::string sha256(const QByteArray &bytes)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(bytes.constData(), std::size_t(bytes.size()), md, &n, EVP_sha256(), nullptr);
    return "sha256:" + QByteArray(reinterpret_cast<const char *>(md), int(n)).toHex().toStdString();
}

QString message(const Status &s)
{
    return s.ok() ? QString() : QString::fromStdString(s.error().message);
}

} // namespace

class tst_RegistryClient : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void plainLoopbackRegistryIsReachedOverHttp();
    void tlsLoopbackRegistryIsReachedOverHttps();
    void certificatesAreChecked();
    void certsDirectoriesGiveTheCa();
    void tokenFlowWithTheRightAccount();
    void tokenFlowRefusesWrongAndMissingCredentials();
    void expiredTokensAreRenewed();
    void deletesNeedTheRegistrysConsent();

private:
    /// Pushes a two-blob OCI image (`repository:tag`) with `client`; the manifest's digest or the failure.
    Result<std::string> pushSmallImage(image::RegistryClient &client, const std::string &repository, const std::string &tag);

    QTemporaryDir m_dir;
    TestRegistry m_plain, m_tls, m_token, m_shortToken;
};

void tst_RegistryClient::initTestCase()
{
    const QString missing = TestRegistry::missingTools();
    if (!missing.isEmpty())
        QSKIP(qPrintable(missing));
    QString error;
    QVERIFY2(m_plain.start(m_dir.filePath("plain"), {}, &error), qPrintable(error));
    QVERIFY2(m_tls.start(m_dir.filePath("tls"), {TestRegistry::Auth::None, true, 0}, &error), qPrintable(error));
    QVERIFY2(m_token.start(m_dir.filePath("token"), {TestRegistry::Auth::Token, false, 0}, &error), qPrintable(error));
    QVERIFY2(m_shortToken.start(m_dir.filePath("short"), {TestRegistry::Auth::Token, false, 0, 2}, &error), qPrintable(error));
}

Result<std::string> tst_RegistryClient::pushSmallImage(image::RegistryClient &client, const std::string &repository,
                                                        const std::string &tag)
{
    const QByteArray layer = QByteArray("a layer of ") + QByteArray::fromStdString(repository + ":" + tag);
    const QByteArray config = QByteArray(R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[")") +
                              QByteArray::fromStdString(sha256(layer)) + R"("]},"config":{}})";
    std::vector<image::Descriptor> blobs;
    for (const auto &[bytes, type] : {std::pair{config, "application/vnd.oci.image.config.v1+json"},
                                      std::pair{layer, "application/vnd.oci.image.layer.v1.tar"}}) {
        const QString path = m_dir.filePath(QString::fromStdString(sha256(bytes)).mid(7));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            return Error::make(Error::Code::Io, "cannot write " + path.toStdString());
        f.close();
        image::Descriptor d{type, sha256(bytes), bytes.size(), {}};
        if (Status s = client.pushBlob(repository, d, path.toStdString()); !s)
            return s.error();
        blobs.push_back(d);
    }
    const api::Json manifest = {{"schemaVersion", 2},
                                {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                {"config", blobs[0].toJson()},
                                {"layers", api::Json::array({blobs[1].toJson()})}};
    return client.pushManifest(repository, tag, "application/vnd.oci.image.manifest.v1+json", manifest.dump());
}

void tst_RegistryClient::plainLoopbackRegistryIsReachedOverHttp()
{
    image::RegistryClient client(m_plain.address().toStdString());
    const Status ping = client.ping();
    QVERIFY2(ping.ok(), qPrintable(message(ping)));
    QCOMPARE(QString::fromStdString(client.endpoint()), "http://" + m_plain.address());
    const auto pushed = pushSmallImage(client, "course/plain", "1.0");
    QVERIFY2(pushed.ok(), pushed.ok() ? "" : pushed.error().message.c_str());
    const auto tags = client.tags("course/plain");
    QVERIFY(tags.ok());
    QCOMPARE(*tags, std::vector<std::string>{"1.0"});

    // told to use HTTPS, it does not fall back
    image::RegistryOptions https;
    https.scheme = "https";
    image::RegistryClient strict(m_plain.address().toStdString(), https);
    const Status refused = strict.ping();
    QVERIFY(!refused.ok());
    QCOMPARE(QString::fromStdString(strict.endpoint()), "https://" + m_plain.address());
}

void tst_RegistryClient::tlsLoopbackRegistryIsReachedOverHttps()
{
    // a loopback registry is an insecure registry (as Docker has it): TLS first, its certificate unchecked
    image::RegistryOptions options;
    options.certsDirs.clear();
    image::RegistryClient client(m_tls.address().toStdString(), options);
    const Status ping = client.ping();
    QVERIFY2(ping.ok(), qPrintable(message(ping)));
    QCOMPARE(QString::fromStdString(client.endpoint()), "https://" + m_tls.address());
    const auto pushed = pushSmallImage(client, "course/tls", "1.0");
    QVERIFY2(pushed.ok(), pushed.ok() ? "" : pushed.error().message.c_str());
    const auto manifest = client.manifest("course/tls", "1.0");
    QVERIFY(manifest.ok());
    QCOMPARE(manifest->digest, *pushed);
    const auto catalog = client.catalog();
    QVERIFY(catalog.ok());
    QVERIFY(std::find(catalog->begin(), catalog->end(), "course/tls") != catalog->end());
}

void tst_RegistryClient::certificatesAreChecked()
{
    // HTTPS asked for: the certificate is checked, and one from an unknown CA is refused with the way out
    image::RegistryOptions https;
    https.scheme = "https";
    https.certsDirs.clear();
    image::RegistryClient unknownCa(m_tls.address().toStdString(), https);
    const Status refused = unknownCa.ping();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Forbidden);
    QVERIFY2(message(refused).contains("certificate") && message(refused).contains("/ca.crt"), qPrintable(message(refused)));

    image::RegistryOptions trusted = https;
    trusted.caFile = m_tls.caFile().toStdString();
    image::RegistryClient withCa(m_tls.address().toStdString(), trusted);
    const Status ok = withCa.ping();
    QVERIFY2(ok.ok(), qPrintable(message(ok)));

    image::RegistryOptions skip = https;
    skip.insecureSkipVerify = true;
    image::RegistryClient skipping(m_tls.address().toStdString(), skip);
    QVERIFY(skipping.ping().ok());

    // a CA given for a loopback registry is used: the wrong one is refused, not ignored
    QTemporaryDir other;
    const QString otherCa = other.filePath("ca.crt");
    QProcess openssl;
    openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other.filePath("ca.key"), "-out",
                              otherCa, "-days", "1", "-subj", "/CN=Another CA"});
    QVERIFY(openssl.waitForFinished(60'000) && openssl.exitCode() == 0);
    image::RegistryOptions wrong;
    wrong.certsDirs.clear();
    wrong.caFile = otherCa.toStdString();
    image::RegistryClient wrongCa(m_tls.address().toStdString(), wrong);
    const Status wrongly = wrongCa.ping();
    QVERIFY(!wrongly.ok());
    QVERIFY2(message(wrongly).contains("certificate"), qPrintable(message(wrongly)));
}

void tst_RegistryClient::certsDirectoriesGiveTheCa()
{
    // Docker's layout: <certs.d>/<host:port>/ca.crt
    QTemporaryDir certs;
    QVERIFY(QDir().mkpath(certs.filePath(m_tls.address())));
    QVERIFY(QFile::copy(m_tls.caFile(), certs.filePath(m_tls.address() + "/ca.crt")));
    image::RegistryOptions options;
    options.scheme = "https";
    options.certsDirs = {"/nonexistent/certs.d", certs.path().toStdString()};
    image::RegistryClient client(m_tls.address().toStdString(), options);
    const Status ping = client.ping();
    QVERIFY2(ping.ok(), qPrintable(message(ping)));

    // the defaults name Docker's folder and Flotilla's own
    qputenv("XDG_CONFIG_HOME", "/tmp/flotilla-xdg");
    const auto dirs = image::defaultCertsDirs();
    QCOMPARE(dirs, (std::vector<std::string>{"/etc/docker/certs.d", "/tmp/flotilla-xdg/flotilla/certs.d"}));
}

void tst_RegistryClient::tokenFlowWithTheRightAccount()
{
    image::RegistryOptions options;
    options.auth = {TestRegistry::user().toStdString(), TestRegistry::password().toStdString(), {}};
    image::RegistryClient client(m_token.address().toStdString(), options);
    const Status ping = client.ping();
    QVERIFY2(ping.ok(), qPrintable(message(ping) + m_token.log()));
    const auto pushed = pushSmallImage(client, "course/token", "1.0");
    QVERIFY2(pushed.ok(), pushed.ok() ? "" : qPrintable(QString::fromStdString(pushed.error().message) + m_token.log()));
    const auto tags = client.tags("course/token");
    QVERIFY(tags.ok());
    QCOMPARE(*tags, std::vector<std::string>{"1.0"});
    const auto catalog = client.catalog();
    QVERIFY2(catalog.ok(), catalog.ok() ? "" : catalog.error().message.c_str());
    QCOMPARE(*catalog, std::vector<std::string>{"course/token"});
    // the token service saw a request per scope, and never the password in its log
    const QString log = m_token.log();
    QVERIFY2(log.contains("GET /token?") && log.contains("repository:course/token:"), qPrintable(log));
    QVERIFY(!log.contains(TestRegistry::password()));
    // deleting asks for its own action
    const Status deleted = client.deleteManifest("course/token", *pushed);
    QVERIFY2(deleted.ok(), qPrintable(message(deleted)));
    const auto gone = client.manifest("course/token", "1.0");
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, Error::Code::NotFound);
}

void tst_RegistryClient::tokenFlowRefusesWrongAndMissingCredentials()
{
    image::RegistryOptions wrong;
    wrong.auth = {TestRegistry::user().toStdString(), "not-the-password", {}};
    image::RegistryClient wrongClient(m_token.address().toStdString(), wrong);
    const Status refused = wrongClient.ping();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Forbidden);
    QVERIFY2(message(refused).contains("refused the credentials"), qPrintable(message(refused)));
    QVERIFY(!message(refused).contains("not-the-password"));

    // anonymous: the token service grants pull only, so the registry refuses the push
    image::RegistryClient anonymous(m_token.address().toStdString());
    QVERIFY(anonymous.ping().ok());
    const auto pushed = pushSmallImage(anonymous, "course/anonymous", "1.0");
    QVERIFY(!pushed.ok());
    QCOMPARE(pushed.error().code, Error::Code::Forbidden);
    QVERIFY2(QString::fromStdString(pushed.error().message).contains("unauthorized"), pushed.error().message.c_str());
}

void tst_RegistryClient::expiredTokensAreRenewed()
{
    // tokens live 2 s here: a client that keeps its tokens past that asks for new ones
    image::RegistryOptions options;
    options.auth = {TestRegistry::user().toStdString(), TestRegistry::password().toStdString(), {}};
    image::RegistryClient client(m_shortToken.address().toStdString(), options);
    const auto first = pushSmallImage(client, "course/renewed", "1");
    QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
    QTest::qWait(3500);
    const auto second = pushSmallImage(client, "course/renewed", "2");
    QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(QString::fromStdString(second.error().message) + m_shortToken.log()));
    const auto tags = client.tags("course/renewed");
    QVERIFY2(tags.ok(), tags.ok() ? "" : tags.error().message.c_str());
    std::vector<std::string> sorted = *tags; // the registry keeps no order
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(sorted, (std::vector<std::string>{"1", "2"}));
}

void tst_RegistryClient::deletesNeedTheRegistrysConsent()
{
    QTemporaryDir dir;
    TestRegistry keeping;
    QString error;
    QVERIFY2(keeping.start(dir.filePath("keeping"), {TestRegistry::Auth::None, false, 0, 300, false}, &error), qPrintable(error));
    image::RegistryClient client(keeping.address().toStdString());
    const auto pushed = pushSmallImage(client, "course/kept", "1");
    QVERIFY2(pushed.ok(), pushed.ok() ? "" : pushed.error().message.c_str());
    const Status refused = client.deleteManifest("course/kept", *pushed);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Error::Code::Forbidden);
    QVERIFY2(message(refused).contains("does not allow deleting"), qPrintable(message(refused)));
    QVERIFY(client.manifest("course/kept", "1").ok());
}

QTEST_GUILESS_MAIN(tst_RegistryClient)
#include "tst_registryclient.moc"
