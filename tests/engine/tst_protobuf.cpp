// Kubernetes' protobuf encoding of ConfigMap and Secret creates (kubectl 1.32+), read as JSON.

#include <engine/serve/protobuf.h>

#include <QtTest>

#include <string>

using namespace flotilla::engine;

namespace {
// A minimal writer of the wire format, for building bodies as kubectl does.
std::string varint(std::uint64_t v)
{
    std::string out;
    do {
        std::uint8_t b = v & 0x7f;
        v >>= 7;
        out.push_back(char(v ? b | 0x80 : b));
    } while (v);
    return out;
}
std::string bytesField(int number, const std::string &value) { return varint(std::uint64_t(number) << 3 | 2) + varint(value.size()) + value; }
std::string boolField(int number, bool value) { return varint(std::uint64_t(number) << 3) + varint(value ? 1 : 0); }
std::string entry(int number, const std::string &key, const std::string &value)
{
    return bytesField(number, bytesField(1, key) + bytesField(2, value));
}
std::string envelope(const std::string &apiVersion, const std::string &kind, const std::string &raw)
{
    const std::string typeMeta = bytesField(1, apiVersion) + bytesField(2, kind);
    return std::string("k8s\0", 4) + bytesField(1, typeMeta) + bytesField(2, raw) + bytesField(3, "") +
           bytesField(4, "application/vnd.kubernetes.protobuf");
}
std::string meta(const std::string &name, const std::string &ns)
{
    return bytesField(1, name) + bytesField(3, ns) + entry(11, "app", "web") + entry(12, "note", "from kubectl");
}
} // namespace

class tst_Protobuf : public QObject {
    Q_OBJECT
private slots:
    void readsAConfigMap()
    {
        const std::string raw = bytesField(1, meta("settings", "shop")) + entry(2, "MODE", "fast") + entry(2, "LEVEL", "3") +
                                entry(3, "blob", std::string("\x00\xff", 2)) + boolField(4, true);
        auto j = serve::decodeKubernetesProtobuf(envelope("v1", "ConfigMap", raw));
        QVERIFY2(j.ok(), j.ok() ? "" : j.error().message.c_str());
        QCOMPARE(j->value("kind", ""), std::string("ConfigMap"));
        QCOMPARE((*j)["metadata"]["name"], api::Json("settings"));
        QCOMPARE((*j)["metadata"]["namespace"], api::Json("shop"));
        QCOMPARE((*j)["metadata"]["labels"]["app"], api::Json("web"));
        QCOMPARE((*j)["metadata"]["annotations"]["note"], api::Json("from kubectl"));
        QCOMPARE((*j)["data"]["MODE"], api::Json("fast"));
        QCOMPARE((*j)["data"]["LEVEL"], api::Json("3"));
        QCOMPARE((*j)["binaryData"]["blob"], api::Json("AP8="));
        QCOMPARE((*j)["immutable"], api::Json(true));
    }

    void readsASecretWithBytesAsBase64()
    {
        const std::string raw = bytesField(1, meta("db", "shop")) + entry(2, "password", "s3cr3t") + bytesField(3, "Opaque") +
                                entry(4, "user", "admin");
        auto j = serve::decodeKubernetesProtobuf(envelope("v1", "Secret", raw));
        QVERIFY2(j.ok(), j.ok() ? "" : j.error().message.c_str());
        QCOMPARE((*j)["data"]["password"], api::Json("czNjcjN0"));
        QCOMPARE((*j)["stringData"]["user"], api::Json("admin"));
        QCOMPARE((*j)["type"], api::Json("Opaque"));
    }

    void refusesWhatItCannotRead()
    {
        auto noMagic = serve::decodeKubernetesProtobuf("{\"kind\":\"ConfigMap\"}");
        QVERIFY(!noMagic.ok());
        QVERIFY(noMagic.error().message.find("k8s") != std::string::npos);

        auto deployment = serve::decodeKubernetesProtobuf(envelope("apps/v1", "Deployment", ""));
        QVERIFY(!deployment.ok());
        QVERIFY2(deployment.error().message.find("apps/v1 Deployment") != std::string::npos, deployment.error().message.c_str());

        // a length running past the end, inside the ConfigMap's metadata
        std::string raw = bytesField(1, meta("x", "y"));
        raw += varint(2 << 3 | 2) + varint(200) + "short";
        auto truncated = serve::decodeKubernetesProtobuf(envelope("v1", "ConfigMap", raw));
        QVERIFY(!truncated.ok());
        QVERIFY2(truncated.error().message.find("past the end") != std::string::npos, truncated.error().message.c_str());
    }
};

QTEST_MAIN(tst_Protobuf)
#include "tst_protobuf.moc"
