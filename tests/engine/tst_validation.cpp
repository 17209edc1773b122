#include <engine/api/codec.h>
#include <engine/api/validation.h>

#include <QtTest>

using namespace flotilla::engine;
using namespace flotilla::engine::api;

namespace {
std::vector<Error> check(const std::string &yaml, const Document **docOut = nullptr)
{
    static std::vector<Document> keep;
    auto docs = parseDocuments(yaml);
    if (!docs.ok())
        return {docs.error()};
    keep = std::move(docs.value());
    auto obj = objectFromJson(keep.front().json);
    if (!obj.ok())
        return {keep.front().locate(obj.error())};
    std::vector<Error> located;
    for (const auto &e : validate(*obj.value()))
        located.push_back(keep.front().locate(e));
    if (docOut)
        *docOut = &keep.front();
    return located;
}

QStringList paths(const std::vector<Error> &errors)
{
    QStringList out;
    for (const auto &e : errors)
        out << QString::fromStdString(e.path);
    return out;
}

const std::string kPodHead = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: NAME\nspec:\n  containers:\n";
std::string pod(const std::string &name, const std::string &containers)
{
    std::string head = kPodHead;
    head.replace(head.find("NAME"), 4, name);
    return head + containers;
}
} // namespace

class tst_Validation : public QObject {
    Q_OBJECT
private slots:
    void validPod();
    void fieldPaths_data();
    void fieldPaths();
    void namesFollowDns1123_data();
    void namesFollowDns1123();
    void lineAndColumnOfErrors();
    void unknownKind();
    void workloadSelectorMustMatch();
    void everyProblemIsReported();
};

void tst_Validation::validPod()
{
    const auto errors = check(pod("web", "  - name: web\n    image: nginx\n    resources:\n      requests: {cpu: 100m, memory: 64Mi}\n"));
    QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().toString().c_str());
}

void tst_Validation::fieldPaths_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::addColumn<QString>("path");
    QTest::newRow("missing image") << QString::fromStdString(pod("web", "  - name: web\n")) << "spec.containers[0].image";
    QTest::newRow("missing container name") << QString::fromStdString(pod("web", "  - image: nginx\n")) << "spec.containers[0].name";
    QTest::newRow("no containers") << "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: []}\n" << "spec.containers";
    QTest::newRow("no spec") << "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\n" << "spec";
    QTest::newRow("bad port") << QString::fromStdString(pod("web", "  - name: web\n    image: nginx\n    ports:\n    - containerPort: 70000\n")) << "spec.containers[0].ports[0].containerPort";
    QTest::newRow("bad quantity") << QString::fromStdString(pod("web", "  - name: web\n    image: nginx\n    resources:\n      limits: {memory: lots}\n")) << "spec.containers[0].resources.limits.memory";
    QTest::newRow("request over limit") << QString::fromStdString(pod("web", "  - name: web\n    image: nginx\n    resources:\n      requests: {cpu: '2'}\n      limits: {cpu: '1'}\n")) << "spec.containers[0].resources.requests.cpu";
    QTest::newRow("second container") << QString::fromStdString(pod("web", "  - name: a\n    image: x\n  - name: b\n")) << "spec.containers[1].image";
    QTest::newRow("duplicate container") << QString::fromStdString(pod("web", "  - name: a\n    image: x\n  - name: a\n    image: y\n")) << "spec.containers[1].name";
    QTest::newRow("restart policy") << QString::fromStdString(pod("web", "  - name: a\n    image: x\n") + "  restartPolicy: Sometimes\n") << "spec.restartPolicy";
    QTest::newRow("label value") << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {app: 'not valid!'}\n" << "metadata.labels.app";
    QTest::newRow("label not a string") << "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {replicas: 3}\n" << "metadata.labels.replicas";
    QTest::newRow("configmap value") << "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {PORT: 8080}\n" << "data.PORT";
    QTest::newRow("secret base64") << "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {pw: 'not base64!'}\n" << "data.pw";
    QTest::newRow("service port") << "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 0\n" << "spec.ports[0].port";
    QTest::newRow("service nodePort") << "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 80\n" << "spec.ports[0].nodePort";
    QTest::newRow("deployment replicas") << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: -1\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n" << "spec.replicas";
    QTest::newRow("deployment template image") << "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c}]}\n" << "spec.template.spec.containers[0].image";
}

void tst_Validation::fieldPaths()
{
    QFETCH(QString, yaml);
    QFETCH(QString, path);
    const auto errors = check(yaml.toStdString());
    QVERIFY2(paths(errors).contains(path), qPrintable(paths(errors).join(QLatin1String(", "))));
}

void tst_Validation::namesFollowDns1123_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << "ConfigMap" << "web-config" << true;
    QTest::newRow("dots in a subdomain") << "ConfigMap" << "web.config.v1" << true;
    QTest::newRow("uppercase") << "ConfigMap" << "WebConfig" << false;
    QTest::newRow("underscore") << "ConfigMap" << "web_config" << false;
    QTest::newRow("leading dash") << "ConfigMap" << "-web" << false;
    QTest::newRow("trailing dash") << "ConfigMap" << "web-" << false;
    QTest::newRow("253 characters") << "ConfigMap" << QString(253, QLatin1Char('a')) << false; // a label within is > 63
    QTest::newRow("subdomain of 63-char labels") << "ConfigMap" << (QString(63, QLatin1Char('a')) + "." + QString(63, QLatin1Char('b'))) << true;
    QTest::newRow("254 characters") << "ConfigMap" << (QString(63, 'a') + "." + QString(63, 'b') + "." + QString(63, 'c') + "." + QString(62, 'd')) << false;
    QTest::newRow("namespace label of 63") << "Namespace" << QString(63, QLatin1Char('n')) << true;
    QTest::newRow("namespace label of 64") << "Namespace" << QString(64, QLatin1Char('n')) << false;
    QTest::newRow("namespace with a dot") << "Namespace" << "a.b" << false;
    QTest::newRow("service label") << "Service" << "web.api" << false;
}

void tst_Validation::namesFollowDns1123()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(bool, valid);
    std::string yaml = "apiVersion: v1\nkind: " + kind.toStdString() + "\nmetadata:\n  name: \"" + name.toStdString() + "\"\n";
    if (kind == "Service")
        yaml += "spec:\n  ports: [{port: 80}]\n";
    const auto errors = check(yaml);
    QCOMPARE(paths(errors).contains("metadata.name"), !valid);
    if (!valid) {
        QCOMPARE(errors.front().line, 4);
        QVERIFY(errors.front().message.find("RFC 1123") != std::string::npos);
    }
}

void tst_Validation::lineAndColumnOfErrors()
{
    const auto errors = check(pod("web", "  - name: web\n    imagePullPolicy: Always\n"));
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(errors[0].path, std::string("spec.containers[0].image"));
    // The missing field is reported where its container starts.
    QCOMPARE(errors[0].line, 7);
    QCOMPARE(errors[0].document, 1);
    QVERIFY(errors[0].toString().find("7:") == 0);
}

void tst_Validation::unknownKind()
{
    auto errors = check("apiVersion: apps/v1\nkind: Deploymnt\nmetadata: {name: x}\n");
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(errors[0].path, std::string("kind"));
    QVERIFY(errors[0].message.find("no matches for kind \"Deploymnt\"") != std::string::npos);
    QCOMPARE(errors[0].line, 2);

    errors = check("apiVersion: v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n");
    QVERIFY(paths(errors).contains("apiVersion"));
}

void tst_Validation::workloadSelectorMustMatch()
{
    const auto errors = check("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: b}}\n    spec: {containers: [{name: c, image: i}]}\n");
    QVERIFY(paths(errors).contains("spec.template.metadata.labels"));
}

void tst_Validation::everyProblemIsReported()
{
    const auto errors = check("apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: a\n  - image: b\n");
    const QStringList p = paths(errors);
    QVERIFY(p.contains("metadata.name"));
    QVERIFY(p.contains("spec.containers[0].image"));
    QVERIFY(p.contains("spec.containers[1].name"));
}

QTEST_GUILESS_MAIN(tst_Validation)
#include "tst_validation.moc"
