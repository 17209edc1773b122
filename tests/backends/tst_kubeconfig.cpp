// Kubeconfig files as kubectl reads them: the KUBECONFIG list merged (first wins), relative paths from each
// file's folder, every credential kind (token, token file, client certificate and key as files or data,
// CA, insecure-skip-tls-verify, exec plugins), and broken files reported with file:line:column.
#include <backends/kubeconfig.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using flotilla::backends::KubeConfig;

namespace {
bool write(const QString &path, const QByteArray &text, QFile::Permissions perms = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    f.write(text);
    f.close();
    return perms == QFile::Permissions() || f.setPermissions(perms);
}

const QByteArray kCa = "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n";
} // namespace

class tst_KubeConfig : public QObject {
    Q_OBJECT
private slots:
    void readsEveryCredentialKind();
    void mergesTheKubeconfigList();
    void execPluginGivesAToken();
    void execPluginFailuresAreClear();
    void brokenFilesNameTheirPlace_data();
    void brokenFilesNameTheirPlace();
    void danglingReferences();
};

void tst_KubeConfig::readsEveryCredentialKind()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("certs")));
    QVERIFY(write(dir.filePath(QStringLiteral("certs/ca.crt")), kCa));
    QVERIFY(write(dir.filePath(QStringLiteral("certs/me.crt")), "CERT"));
    QVERIFY(write(dir.filePath(QStringLiteral("certs/me.key")), "KEY"));
    QVERIFY(write(dir.filePath(QStringLiteral("token")), "  s3cret-from-file\n"));
    const QByteArray config =
        "apiVersion: v1\nkind: Config\ncurrent-context: files\n"
        "clusters:\n"
        "- name: prod\n  cluster:\n    server: https://10.0.0.1:6443\n    certificate-authority: certs/ca.crt\n"
        "- name: lab\n  cluster:\n    server: https://lab:6443\n    certificate-authority-data: " + kCa.toBase64() + "\n"
        "- name: dev\n  cluster:\n    server: https://dev:6443\n    insecure-skip-tls-verify: true\n"
        "users:\n"
        "- name: certs\n  user:\n    client-certificate: certs/me.crt\n    client-key: certs/me.key\n"
        "- name: inline\n  user:\n    client-certificate-data: " + QByteArray("CERT2").toBase64() + "\n    client-key-data: " + QByteArray("KEY2").toBase64() + "\n"
        "- name: bearer\n  user:\n    token: abc123\n"
        "- name: tokenfile\n  user:\n    tokenFile: token\n"
        "contexts:\n"
        "- name: files\n  context: {cluster: prod, user: certs, namespace: shop}\n"
        "- name: inline\n  context: {cluster: lab, user: inline}\n"
        "- name: bearer\n  context: {cluster: dev, user: bearer}\n"
        "- name: tokenfile\n  context: {cluster: dev, user: tokenfile}\n";
    QVERIFY(write(dir.filePath(QStringLiteral("config")), config));
    auto kc = KubeConfig::load({dir.filePath(QStringLiteral("config"))});
    QVERIFY2(kc.ok(), kc.ok() ? "" : kc.error().toString().c_str());
    QCOMPARE(kc->contexts.size(), 4);

    auto files = kc->resolve(); // the current context
    QVERIFY2(files.ok(), files.ok() ? "" : files.error().toString().c_str());
    QCOMPARE(files->server, QStringLiteral("https://10.0.0.1:6443"));
    QCOMPARE(files->ns, QStringLiteral("shop"));
    QCOMPARE(files->caPem, kCa); // relative to the kubeconfig's folder
    QCOMPARE(files->clientCertPem, QByteArray("CERT"));
    QCOMPARE(files->clientKeyPem, QByteArray("KEY"));

    auto inlined = kc->resolve(QStringLiteral("inline"));
    QVERIFY(inlined.ok());
    QCOMPARE(inlined->caPem, kCa);
    QCOMPARE(inlined->clientCertPem, QByteArray("CERT2"));
    QCOMPARE(inlined->ns, QStringLiteral("default"));

    auto bearer = kc->resolve(QStringLiteral("bearer"));
    QVERIFY(bearer.ok());
    QCOMPARE(bearer->token, QStringLiteral("abc123"));
    QVERIFY(bearer->insecureSkipTlsVerify);
    QVERIFY(bearer->caPem.isEmpty());

    auto fromFile = kc->resolve(QStringLiteral("tokenfile"));
    QVERIFY(fromFile.ok());
    QCOMPARE(fromFile->token, QStringLiteral("s3cret-from-file"));

    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("certs/me.key"))));
    auto missing = kc->resolve(QStringLiteral("files"));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().message.find("client-key: cannot read") != std::string::npos, missing.error().message.c_str());
}

void tst_KubeConfig::mergesTheKubeconfigList()
{
    QTemporaryDir dir;
    const QString a = dir.filePath(QStringLiteral("a")), b = dir.filePath(QStringLiteral("b"));
    QVERIFY(write(a, "clusters:\n- name: c\n  cluster: {server: 'https://first:6443'}\n"
                     "users:\n- name: u\n  user: {token: first}\n"
                     "contexts:\n- name: one\n  context: {cluster: c, user: u}\n"));
    QVERIFY(write(b, "current-context: two\n"
                     "clusters:\n- name: c\n  cluster: {server: 'https://second:6443'}\n- name: d\n  cluster: {server: 'https://d:6443'}\n"
                     "users:\n- name: u\n  user: {token: second}\n"
                     "contexts:\n- name: two\n  context: {cluster: d, user: u}\n"));
    const QStringList files = KubeConfig::defaultFiles(a + QStringLiteral("::") + dir.filePath(QStringLiteral("gone")) +
                                                       QStringLiteral(":") + b);
    QCOMPARE(files.size(), 3);
    auto kc = KubeConfig::load(files); // a missing file of the list is skipped
    QVERIFY2(kc.ok(), kc.ok() ? "" : kc.error().toString().c_str());
    QCOMPARE(kc->currentContext, QStringLiteral("two")); // the first file that sets it
    QCOMPARE(kc->contexts.size(), 2);
    QCOMPARE(kc->cluster(QStringLiteral("c"))->server, QStringLiteral("https://first:6443")); // first wins
    auto two = kc->resolve();
    QVERIFY(two.ok());
    QCOMPARE(two->server, QStringLiteral("https://d:6443"));
    QCOMPARE(two->token, QStringLiteral("first")); // user u from the first file
    QVERIFY(!KubeConfig::load({dir.filePath(QStringLiteral("nothing"))}).ok());
}

void tst_KubeConfig::execPluginGivesAToken()
{
    QTemporaryDir dir;
    const QString plugin = dir.filePath(QStringLiteral("get-token"));
    // echoes the cluster it was given and an env value back in the token: both must arrive
    QVERIFY(write(plugin,
                  "#!/bin/sh\n"
                  "server=$(printf '%s' \"$KUBERNETES_EXEC_INFO\" | sed -n 's/.*\"server\":\"\\([^\"]*\\)\".*/\\1/p')\n"
                  "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                  "\"status\":{\"token\":\"%s-%s-%s\"}}' \"$REGION\" \"$1\" \"$server\"\n",
                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(write(dir.filePath(QStringLiteral("config")),
                  "current-context: x\n"
                  "clusters:\n- name: c\n  cluster: {server: 'https://eks:443'}\n"
                  "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                  "      command: ./get-token\n      args: [prod]\n      env: [{name: REGION, value: eu}]\n"
                  "      provideClusterInfo: true\n"
                  "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"));
    auto kc = KubeConfig::load({dir.filePath(QStringLiteral("config"))});
    QVERIFY(kc.ok());
    auto r = kc->resolve();
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().toString().c_str());
    QCOMPARE(r->token, QStringLiteral("eu-prod-https://eks:443"));
}

void tst_KubeConfig::execPluginFailuresAreClear()
{
    QTemporaryDir dir;
    QVERIFY(write(dir.filePath(QStringLiteral("fails")), "#!/bin/sh\necho 'session expired: log in again' >&2\nexit 3\n",
                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(write(dir.filePath(QStringLiteral("config")),
                  "clusters:\n- name: c\n  cluster: {server: 'https://x:443'}\n"
                  "users:\n- name: fails\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./fails}\n"
                  "- name: absent\n  user:\n    exec: {apiVersion: client.authentication.k8s.io/v1, command: no-such-plugin-here,"
                  " installHint: 'install it with: apt install no-such-plugin'}\n"
                  "contexts:\n- name: fails\n  context: {cluster: c, user: fails}\n- name: absent\n  context: {cluster: c, user: absent}\n"));
    auto kc = KubeConfig::load({dir.filePath(QStringLiteral("config"))});
    QVERIFY(kc.ok());
    auto fails = kc->resolve(QStringLiteral("fails"));
    QVERIFY(!fails.ok());
    QVERIFY2(fails.error().message.find("exit 3") != std::string::npos &&
                 fails.error().message.find("session expired") != std::string::npos,
             fails.error().message.c_str());
    auto absent = kc->resolve(QStringLiteral("absent"));
    QVERIFY(!absent.ok());
    QVERIFY2(absent.error().message.find("apt install no-such-plugin") != std::string::npos, absent.error().message.c_str());
    QVERIFY2(!kc->resolve().ok(), "no current context");
}

void tst_KubeConfig::brokenFilesNameTheirPlace_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::newRow("token not a string") << QByteArray("users:\n- name: u\n  user:\n    token: [a]\n") << "config:4:5: users[0].user.token";
    QTest::newRow("bad base64") << QByteArray("clusters:\n- name: c\n  cluster:\n    server: https://x\n    certificate-authority-data: '%%%'\n")
                                << "config:5:5: clusters[0].cluster.certificate-authority-data";
    QTest::newRow("no server") << QByteArray("clusters:\n- name: c\n  cluster: {insecure-skip-tls-verify: true}\n")
                               << "config:3:3: clusters[0].cluster.server";
    QTest::newRow("unknown exec api") << QByteArray("users:\n- name: u\n  user:\n    exec:\n      apiVersion: v9\n      command: x\n")
                                      << "config:5:7: users[0].user.exec.apiVersion";
    QTest::newRow("not yaml") << QByteArray("clusters: [\n") << "config:";
    QTest::newRow("key without certificate") << QByteArray("users:\n- name: u\n  user:\n    client-key: k.pem\n")
                                             << "config:3:3: users[0].user";
}

void tst_KubeConfig::brokenFilesNameTheirPlace()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config"));
    QVERIFY(write(path, text));
    auto kc = KubeConfig::load({path});
    QVERIFY(!kc.ok());
    const QString message = QString::fromStdString(kc.error().toString());
    QVERIFY2(message.startsWith(dir.filePath(where)), qPrintable(message));
}

void tst_KubeConfig::danglingReferences()
{
    auto kc = KubeConfig::parse(QStringLiteral("current-context: a\ncontexts:\n- name: a\n  context: {cluster: nowhere, user: u}\n"),
                                QStringLiteral("inline"));
    QVERIFY(kc.ok());
    auto r = kc->resolve();
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.find("names cluster \"nowhere\", which no kubeconfig file defines") != std::string::npos,
             r.error().message.c_str());
    QVERIFY(!kc->resolve(QStringLiteral("b")).ok());
}

QTEST_GUILESS_MAIN(tst_KubeConfig)
#include "tst_kubeconfig.moc"
