#include <engine/api/codec.h>
#include <engine/api/object.h>

#include <QtTest>

using namespace flotilla::engine;
using namespace flotilla::engine::api;

class tst_Codec : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void multiDocument();
    void positions();
    void scalarsResolve_data();
    void scalarsResolve();
    void malformed_data();
    void malformed();
    void invalidUtf8IsRefused();
    void unprintableCharactersRoundTrip_data();
    void unprintableCharactersRoundTrip();
    void deepNestingIsRefused();
    void aliasBombIsRefused();
    void aliasesWithinBudgetExpand();
    void oversizeIsRefused();
    void aliasesOfLargeValuesAreRefused();
    void hugeKeysStayFast();
    void documentIndexCountsEmptyDocuments();
    void objectRoundTrip();
};

void tst_Codec::roundTrip_data()
{
    QTest::addColumn<QString>("yaml");
    QTest::newRow("pod") << "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.25\n    ports:\n    - containerPort: 80\n";
    QTest::newRow("strings that look like other types") << "a: \"true\"\nb: \"123\"\nc: \"null\"\nd: \"\"\ne: \"1.5\"\nf: \"yes\"\ng: \" padded \"\n";
    QTest::newRow("numbers and booleans") << "i: 42\nneg: -7\nf: 2.5\nt: true\nn: null\nexp: 1.0e+3\n";
    QTest::newRow("multi-line string") << "script: |\n  line one\n  line two\n";
    QTest::newRow("empty collections") << "a: {}\nb: []\n";
    QTest::newRow("unicode") << "name: \"Grüße, 世界\"\n";
    QTest::newRow("special characters") << "url: \"http://example.com:8080/a#b\"\nk: \"a: b\"\nh: \"#not comment\"\n";
    QTest::newRow("two trailing newlines") << "s: \"a\\n\\n\"\n";
    QTest::newRow("only a newline") << "s: \"\\n\"\n";
    QTest::newRow("leading blank line") << "s: \"\\n  x\\n\"\n";
    QTest::newRow("indented first line") << "s: \"  lead\\nnext\\n\"\n";
    QTest::newRow("trailing spaces on a line") << "s: \"a \\nb\\n\"\n";
    QTest::newRow("one line and newline") << "s: \"x\\n\"\n";
}

void tst_Codec::roundTrip()
{
    QFETCH(QString, yaml);
    auto first = parseDocuments(yaml.toStdString());
    QVERIFY2(first.ok(), first.ok() ? "" : first.error().toString().c_str());
    QCOMPARE(first->size(), 1u);
    const std::string emitted = toYaml(first->front().json);
    auto second = parseDocuments(emitted);
    QVERIFY2(second.ok(), emitted.c_str());
    QCOMPARE(second->front().json, first->front().json);
    // JSON is YAML: the JSON form reads back to the same value.
    auto fromJson = parseDocuments(first->front().json.dump());
    QVERIFY(fromJson.ok());
    QCOMPARE(fromJson->front().json, first->front().json);
}

void tst_Codec::multiDocument()
{
    const char *text = "---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n---\nc: 3\n";
    auto docs = parseDocuments(text);
    QVERIFY(docs.ok());
    QCOMPARE(docs->size(), 3u);
    QCOMPARE((*docs)[0].json["a"].get<int>(), 1);
    QCOMPARE((*docs)[1].json["b"].get<int>(), 2);
    QCOMPARE((*docs)[2].json["c"].get<int>(), 3);
    const std::string out = toYaml(std::vector<Json>{(*docs)[0].json, (*docs)[1].json});
    auto again = parseDocuments(out);
    QVERIFY(again.ok());
    QCOMPARE(again->size(), 2u);
}

void tst_Codec::positions()
{
    const char *text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n";
    auto docs = parseDocuments(text);
    QVERIFY(docs.ok());
    const Document &d = docs->front();
    QCOMPARE(d.locate("metadata.name").line, 4);
    QCOMPARE(d.locate("metadata.name").column, 3);
    QCOMPARE(d.locate("spec.containers[0].image").line, 8);
    QCOMPARE(d.locate("spec.containers[0].image").column, 5);
    // A missing field points at its nearest parent.
    QCOMPARE(d.locate("spec.containers[0].resources.limits").line, 7);
}

void tst_Codec::scalarsResolve_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("json");
    QTest::newRow("int") << "v: 8080" << "8080";
    QTest::newRow("hex") << "v: 0x1F" << "31";
    QTest::newRow("float") << "v: 0.5" << "0.5";
    QTest::newRow("yes is a boolean, as in Kubernetes") << "v: yes" << "true";
    QTest::newRow("off") << "v: off" << "false";
    QTest::newRow("tilde") << "v: ~" << "null";
    QTest::newRow("quoted number") << "v: '8080'" << "\"8080\"";
    QTest::newRow("explicit str tag") << "v: !!str 42" << "\"42\"";
    QTest::newRow("version-like") << "v: 1.2.3" << "\"1.2.3\"";
    QTest::newRow("plain word") << "v: nginx" << "\"nginx\"";
}

void tst_Codec::scalarsResolve()
{
    QFETCH(QString, text);
    QFETCH(QString, json);
    auto docs = parseDocuments(text.toStdString());
    QVERIFY(docs.ok());
    QCOMPARE(QString::fromStdString(docs->front().json["v"].dump()), json);
}

void tst_Codec::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("needle");
    QTest::newRow("duplicate key") << "metadata:\n  name: a\n  name: b\n" << 3 << "duplicate key \"name\"";
    QTest::newRow("unclosed flow") << "a: [1, 2\nb: 3\n" << 2 << "";
    QTest::newRow("bad indentation") << "a:\n  b: 1\n c: 2\n" << 3 << "";
    QTest::newRow("map as key") << "? {a: 1}\n: v\n" << 1 << "keys must be strings";
    QTest::newRow("tab indentation") << "a:\n\tb: 1\n" << 2 << "";
    QTest::newRow("unknown alias") << "a: *nothing\n" << 1 << "";
    QTest::newRow("json trailing garbage") << "{\"a\": 1}}" << 1 << "";
    QTest::newRow("infinity") << "a: .inf\n" << 1 << "cannot be represented in JSON";
    QTest::newRow("stray comma (hangs some parsers)") << "\"\",\n" << 1 << "";
    QTest::newRow("comma alone") << ",\n" << 1 << "";

}

void tst_Codec::malformed()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(QString, needle);
    auto docs = parseDocuments(text.toStdString());
    QVERIFY2(!docs.ok(), "malformed input must be refused");
    QCOMPARE(docs.error().line, line);
    QVERIFY(docs.error().column > 0);
    if (!needle.isEmpty())
        QVERIFY2(QString::fromStdString(docs.error().message).contains(needle), docs.error().toString().c_str());
}

void tst_Codec::unprintableCharactersRoundTrip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("carriage return") << QByteArray("Se\rvice");
    QTest::newRow("tab") << QByteArray("a\tb");
    QTest::newRow("line separator") << QByteArray("a\xe2\x80\xa8" "b");
    QTest::newRow("paragraph separator") << QByteArray("a\xe2\x80\xa9");
    QTest::newRow("next line (C1)") << QByteArray("a\xc2\x85" "b");
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbfx");
    QTest::newRow("delete") << QByteArray("a\x7f");
    QTest::newRow("bell") << QByteArray("\x07");
    QTest::newRow("mixed with newlines") << QByteArray("line\r\nnext\n");
}

void tst_Codec::unprintableCharactersRoundTrip()
{
    QFETCH(QByteArray, text);
    const std::string value = text.toStdString();
    const Json j = {{"value", value}, {value, "as a key"}, {"list", {value, value + "\n"}}};
    const std::string yaml = toYaml(j);
    auto back = parseDocuments(yaml);
    QVERIFY2(back.ok(), yaml.c_str());
    QCOMPARE(back->front().json, j);
}

void tst_Codec::invalidUtf8IsRefused()
{
    auto docs = parseDocuments(std::string("name: ok\nbad: \xff\xfe\n"));
    QVERIFY(!docs.ok());
    QCOMPARE(docs.error().line, 2);
}

void tst_Codec::deepNestingIsRefused()
{
    // Flow style and block style, far past any real manifest: an error, not a stack overflow.
    const std::string flow = std::string(100000, '[') + std::string(100000, ']');
    auto a = parseDocuments(flow);
    QVERIFY(!a.ok());
    QVERIFY2(a.error().message.find("nested") != std::string::npos, a.error().toString().c_str());
    QCOMPARE(a.error().line, 1);

    std::string block;
    for (int i = 0; i < 1000; ++i)
        block += std::string(std::size_t(i), ' ') + "k:\n";
    auto b = parseDocuments(block);
    QVERIFY(!b.ok());
    QVERIFY(b.error().line > 0);
}

void tst_Codec::aliasBombIsRefused()
{
    // The "billion laughs": each level doubles nine times over.
    std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const char *names = "abcdefghi";
    for (int i = 1; i < 9; ++i) {
        text += std::string(1, names[i]) + ": &" + names[i] + " [";
        for (int j = 0; j < 9; ++j)
            text += std::string(j ? "," : "") + "*" + names[i - 1];
        text += "]\n";
    }
    QElapsedTimer timer;
    timer.start();
    auto docs = parseDocuments(text);
    QVERIFY(!docs.ok());
    QVERIFY2(docs.error().message.find("alias") != std::string::npos, docs.error().toString().c_str());
    QVERIFY(docs.error().line > 1);
    QVERIFY2(timer.elapsed() < 5000, "refusing an alias bomb must not take long");
}

void tst_Codec::aliasesWithinBudgetExpand()
{
    auto docs = parseDocuments("base: &b {cpu: 1, memory: 2}\nother: *b\nmerged:\n  <<: *b\n  cpu: 3\n");
    QVERIFY(docs.ok());
    const Json &j = docs->front().json;
    QCOMPARE(j["other"], j["base"]);
    QCOMPARE(j["merged"]["cpu"].get<int>(), 3);
    QCOMPARE(j["merged"]["memory"].get<int>(), 2);
}

void tst_Codec::oversizeIsRefused()
{
    std::string text = "a: \"" + std::string(3 * 1024 * 1024, 'x') + "\"\n";
    auto docs = parseDocuments(text);
    QVERIFY(!docs.ok());
    QCOMPARE(int(docs.error().code), int(Error::Code::TooLarge));
    QVERIFY(docs.error().message.find("3145728") != std::string::npos);
}

void tst_Codec::aliasesOfLargeValuesAreRefused()
{
    // Few nodes, many bytes: one 1 MB string repeated through aliases.
    std::string text = "big: &b \"" + std::string(1024 * 1024, 'x') + "\"\ncopies:\n";
    for (int i = 0; i < 200; ++i)
        text += "- *b\n";
    QElapsedTimer timer;
    timer.start();
    auto docs = parseDocuments(text);
    QVERIFY(!docs.ok());
    QVERIFY2(docs.error().message.find("bytes") != std::string::npos, docs.error().toString().c_str());
    QVERIFY(timer.elapsed() < 5000);
}

void tst_Codec::hugeKeysStayFast()
{
    // A 1 MB key (explicit: implicit keys stop at 1024 characters) over thousands of children must
    // not make every child's path a megabyte.
    std::string text = "? " + std::string(1024 * 1024, 'k') + "\n:\n";
    for (int i = 0; i < 20000; ++i)
        text += "  c" + std::to_string(i) + ": v\n";
    QElapsedTimer timer;
    timer.start();
    auto docs = parseDocuments(text);
    QVERIFY(docs.ok());
    QCOMPARE(docs->front().json.begin()->size(), 20000u);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

void tst_Codec::documentIndexCountsEmptyDocuments()
{
    auto docs = parseDocuments("a: 1\n---\n---\nb: [\n");
    QVERIFY(!docs.ok());
    QCOMPARE(docs.error().document, 3);
}

void tst_Codec::objectRoundTrip()
{
    const char *text = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
  annotations: {note: "keep me"}
  resourceVersion: "42"
  creationTimestamp: "2026-11-27T03:10:00Z"
  ownerReferences:
  - {apiVersion: v1, kind: Thing, name: owner, uid: abc, controller: true}
  managedFields: [{manager: kubectl}]
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:1.25"}]
status:
  replicas: 2
)";
    auto docs = parseDocuments(text);
    QVERIFY(docs.ok());
    auto obj = objectFromJson(docs->front().json);
    QVERIFY(obj.ok());
    QCOMPARE(obj.value()->metadata.resourceVersion, 42);
    QCOMPARE(obj.value()->metadata.ns, std::string("shop"));
    QCOMPARE(obj.value()->metadata.ownerReferences.size(), 1u);
    QVERIFY(obj.value()->metadata.ownerReferences[0].controller);
    QCOMPARE(obj.value()->key(), std::string("shop/web"));
    // Everything, including fields Flotilla does not model (managedFields), comes back unchanged.
    QCOMPARE(objectToJson(*obj.value()), docs->front().json);

    auto bad = objectFromJson(Json::parse(R"({"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"x":1}}})"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().path, std::string("metadata.labels.x"));
}

QTEST_GUILESS_MAIN(tst_Codec)
#include "tst_codec.moc"
