#include <engine/api/codec.h>
#include <engine/api/workloads.h>

#include <QtTest>

using namespace flotilla::engine;
using namespace flotilla::engine::api;

namespace {
MutableObjectPtr parse(const std::string &yaml)
{
    auto docs = parseDocuments(yaml);
    if (!docs.ok())
        qFatal("%s", docs.error().toString().c_str());
    return objectFromJson(docs->front().json).value();
}
} // namespace

class tst_Workloads : public QObject {
    Q_OBJECT
private slots:
    void deploymentDefaults();
    void deploymentRoundTrip();
    void intOrStringScaling_data();
    void intOrStringScaling();
    void serviceTargetPortDefaultsToPort();
    void serviceRoundTrip();
    void secretValues();
    void configMap();
    void replicaSetAndStatus();
    void base64_data();
    void base64();
};

void tst_Workloads::deploymentDefaults()
{
    auto d = DeploymentSpec::decode(parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: i}]}\n")->spec());
    QCOMPARE(d.replicas, 1);
    QCOMPARE(d.strategy, std::string("RollingUpdate"));
    QCOMPARE(d.maxSurge, IntOrString::fromString("25%"));
    QCOMPARE(d.maxUnavailable, IntOrString::fromString("25%"));
    QCOMPARE(d.revisionHistoryLimit, 10);
    QCOMPARE(d.progressDeadlineSeconds, 600);
    QVERIFY(!d.paused);
    QCOMPARE(d.podTemplate.labels.at("app"), std::string("a"));
    QCOMPARE(d.podTemplate.podSpec().containers.front().image, std::string("i"));
}

void tst_Workloads::deploymentRoundTrip()
{
    QFile f(QStringLiteral(FLOTILLA_SOURCE_DIR "/resources/examples/deployment.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto obj = parse(f.readAll().toStdString());
    obj->body["spec"]["futureField"] = "kept"; // unknown to Flotilla
    const auto d = DeploymentSpec::decode(obj->spec());
    QCOMPARE(d.replicas, 3);
    QCOMPARE(d.maxSurge, IntOrString::fromInt(1));
    QCOMPARE(d.maxUnavailable, IntOrString::fromInt(0));
    Json spec = obj->spec();
    d.encodeInto(spec);
    QCOMPARE(spec["futureField"], Json("kept"));
    // Encoding what was decoded changes only defaults that were absent.
    spec.erase("revisionHistoryLimit");
    spec.erase("progressDeadlineSeconds");
    QCOMPARE(spec, obj->spec());
    // A change goes where it belongs.
    auto changed = d;
    changed.replicas = 5;
    changed.paused = true;
    Json spec2 = obj->spec();
    changed.encodeInto(spec2);
    QCOMPARE(spec2["replicas"], Json(5));
    QCOMPARE(spec2["paused"], Json(true));
    QCOMPARE(DeploymentSpec::decode(spec2).replicas, 5);
}

void tst_Workloads::intOrStringScaling_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("total");
    QTest::addColumn<bool>("roundUp");
    QTest::addColumn<int>("expected");
    QTest::newRow("25% of 10, surge") << "25%" << 10 << true << 3;
    QTest::newRow("25% of 10, unavailable") << "25%" << 10 << false << 2;
    QTest::newRow("25% of 4") << "25%" << 4 << true << 1;
    QTest::newRow("0%") << "0%" << 10 << true << 0;
    QTest::newRow("100%") << "100%" << 7 << false << 7;
    QTest::newRow("plain number") << "2" << 10 << true << 2;
}

void tst_Workloads::intOrStringScaling()
{
    QFETCH(QString, value);
    QFETCH(int, total);
    QFETCH(bool, roundUp);
    QFETCH(int, expected);
    const IntOrString v = value.endsWith('%') ? IntOrString::fromString(value.toStdString()) : IntOrString::fromInt(value.toInt());
    QCOMPARE(v.scaled(total, roundUp), expected);
}

void tst_Workloads::serviceTargetPortDefaultsToPort()
{
    const auto s = ServiceSpec::decode(parse("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}, {name: metrics, port: 9090, targetPort: http-metrics}]\n")->spec());
    QCOMPARE(s.type, std::string("ClusterIP"));
    QCOMPARE(s.selector.at("app"), std::string("web"));
    QCOMPARE(s.ports.size(), 2u);
    QCOMPARE(s.ports[0].targetPort, IntOrString::fromInt(80));
    QCOMPARE(s.ports[1].targetPort, IntOrString::fromString("http-metrics"));
}

void tst_Workloads::serviceRoundTrip()
{
    auto obj = parse("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: NodePort\n  selector: {app: web}\n  ports:\n  - {name: http, port: 80, targetPort: 8080, nodePort: 30080, appProtocol: http}\n");
    auto s = ServiceSpec::decode(obj->spec());
    s.clusterIP = "10.96.0.15";
    Json spec = obj->spec();
    s.encodeInto(spec);
    QCOMPARE(spec["clusterIP"], Json("10.96.0.15"));
    QCOMPARE(spec["ports"][0]["appProtocol"], Json("http")); // unknown port field kept
    QCOMPARE(spec["ports"][0]["nodePort"], Json(30080));
    QCOMPARE(ServiceSpec::decode(spec).ports[0].targetPort, IntOrString::fromInt(8080));
}

void tst_Workloads::secretValues()
{
    auto obj = parse("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {user: YWRtaW4=, pw: b2xk}\nstringData: {pw: new-password}\n");
    const auto s = SecretData::decode(*obj);
    QCOMPARE(s.type, std::string("Opaque"));
    QCOMPARE(s.values.at("user"), std::string("admin"));
    QCOMPARE(s.values.at("pw"), std::string("new-password")); // stringData wins
    Json body = obj->body;
    s.encodeInto(body);
    QVERIFY(!body.contains("stringData"));
    QCOMPARE(body["data"]["pw"], Json(base64Encode("new-password")));
    QCOMPARE(body["data"]["user"], Json("YWRtaW4="));
}

void tst_Workloads::configMap()
{
    auto obj = parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {A: '1', B: two}\nbinaryData: {blob: AAEC}\n");
    const auto c = ConfigMapData::decode(*obj);
    QCOMPARE(c.data.size(), 2u);
    QCOMPARE(c.binaryData.at("blob"), std::string("AAEC"));
    Json body = obj->body;
    c.encodeInto(body);
    QCOMPARE(body, obj->body);
}

void tst_Workloads::replicaSetAndStatus()
{
    auto obj = parse("apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  replicas: 2\n  minReadySeconds: 5\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c, image: i}]}\nstatus: {replicas: 2, readyReplicas: 1, observedGeneration: 3}\n");
    const auto r = ReplicaSetSpec::decode(obj->spec());
    QCOMPARE(r.replicas, 2);
    QCOMPARE(r.minReadySeconds, 5);
    Json spec = obj->spec();
    r.encodeInto(spec);
    QCOMPARE(spec, obj->spec());
    auto st = WorkloadStatus::decode(obj->status());
    QCOMPARE(st.readyReplicas, 1);
    QCOMPARE(st.observedGeneration, 3);
    st.availableReplicas = 1;
    Json status = obj->status();
    st.encodeInto(status, false);
    QCOMPARE(status["availableReplicas"], Json(1));
    QCOMPARE(status["fullyLabeledReplicas"], Json(0));
    QVERIFY(!status.contains("updatedReplicas"));
}

void tst_Workloads::base64_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one") << QByteArray("a");
    QTest::newRow("two") << QByteArray("ab");
    QTest::newRow("three") << QByteArray("abc");
    QTest::newRow("binary") << QByteArray("\x00\xff\x10\x80zz", 6);
}

void tst_Workloads::base64()
{
    QFETCH(QByteArray, bytes);
    const std::string raw(bytes.constData(), std::size_t(bytes.size()));
    const std::string enc = base64Encode(raw);
    QCOMPARE(QByteArray::fromStdString(enc), bytes.toBase64());
    QCOMPARE(base64Decode(enc).value(), raw);
    QVERIFY(!base64Decode("abc").has_value());
    QVERIFY(!base64Decode("ab!=").has_value());
}

QTEST_GUILESS_MAIN(tst_Workloads)
#include "tst_workloads.moc"
