// Thousands of damaged manifests through parsing, validation and apply: every one must end in a
// result or an error with a position, never a crash, an escaped exception or a hang.
#include <engine/api/codec.h>
#include <engine/api/validation.h>
#include <engine/sandbox/sandbox.h>
#include <engine/sim/random.h>

#include <QDirIterator>
#include <QtTest>

using namespace flotilla::engine;

namespace {
std::vector<std::string> seeds()
{
    std::vector<std::string> out;
    QDirIterator it(QStringLiteral(FLOTILLA_SOURCE_DIR "/resources/examples"), {QStringLiteral("*.yaml")});
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly))
            out.push_back(f.readAll().toStdString());
    }
    // JSON forms too.
    const std::size_t n = out.size();
    for (std::size_t i = 0; i < n; ++i)
        if (auto docs = api::parseDocuments(out[i]); docs.ok())
            out.push_back(docs->front().json.dump(2));
    return out;
}

std::string mutate(std::string s, sim::Random &rng)
{
    static const char *tokens[] = {":", "- ", "&a ", "*a", "{", "}", "[", "]", "\"", "'", "\n", "\t", "  ", "---\n",
                                   "!!str ", "? ", "|", ">", "#", "%", "@", "`", "\\", "\xff", "\xc3", "~", "<<: *a\n"};
    const int edits = int(rng.range(1, 6));
    for (int e = 0; e < edits && !s.empty(); ++e) {
        const std::size_t at = std::size_t(rng.range(0, std::int64_t(s.size()) - 1));
        switch (rng.range(0, 5)) {
        case 0: s[at] = char(rng.range(0, 255)); break;
        case 1: s.insert(at, tokens[rng.range(0, std::size(tokens) - 1)]); break;
        case 2: s.erase(at, std::size_t(rng.range(1, 20))); break;
        case 3: s.insert(at, s.substr(at, std::size_t(rng.range(1, 200)))); break;
        case 4: s.resize(at); break;
        default: std::swap(s[at], s[std::size_t(rng.range(0, std::int64_t(s.size()) - 1))]); break;
        }
    }
    return s;
}
} // namespace

class tst_HostileInput : public QObject {
    Q_OBJECT
private slots:
    void parseAndValidateNeverCrash();
    void applyNeverCrashesOrHalfApplies();
};

void tst_HostileInput::parseAndValidateNeverCrash()
{
    sim::Random rng(20261127);
    const auto base = seeds();
    QVERIFY(base.size() >= 5);
    int parsed = 0, refused = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 100000; ++i) {
        const std::string text = mutate(base[std::size_t(i) % base.size()], rng);
        auto docs = api::parseDocuments(text);
        if (!docs.ok()) {
            ++refused;
            QVERIFY(!docs.error().message.empty());
            continue;
        }
        ++parsed;
        // What we read, we write so that it reads back the same.
        for (const auto &d : *docs) {
            const std::string yaml = api::toYaml(d.json);
            auto again = api::parseDocuments(yaml);
            if (!again.ok() && qEnvironmentVariableIsSet("FLOTILLA_DUMP")) {
                QFile f(QStringLiteral("/tmp/emitted.yaml"));
                f.open(QIODevice::WriteOnly);
                f.write(yaml.data(), qint64(yaml.size()));
                qWarning("%s", again.error().toString().c_str());
            }
            QVERIFY2(again.ok(), yaml.c_str());
            QVERIFY2(again->size() == 1 && again->front().json == d.json, yaml.c_str());
        }
        auto objects = api::decodeObjects(*docs);
        if (!objects.ok())
            continue;
        for (const auto &o : *objects)
            for (const auto &e : api::validate(*o.object))
                QVERIFY(!e.message.empty());
    }
    QVERIFY(parsed > 1000 && refused > 1000); // both paths were exercised
    QVERIFY2(timer.elapsed() < 60000, qPrintable(QString::number(timer.elapsed())));
}

void tst_HostileInput::applyNeverCrashesOrHalfApplies()
{
    sandbox::SandboxOptions opts;
    opts.seed = 9;
    auto sb = sandbox::Sandbox::open(opts);
    QVERIFY(sb.ok());
    sim::Random rng(7);
    const auto base = seeds();
    int applied = 0, refused = 0;
    for (int i = 0; i < 10000; ++i) {
        const std::string text = mutate(base[std::size_t(i) % base.size()], rng);
        const std::int64_t before = (*sb)->store().resourceVersion();
        const auto outcome = (*sb)->apply(text, "mutated.yaml");
        if (outcome.ok()) {
            ++applied;
        } else {
            ++refused;
            QCOMPARE((*sb)->store().resourceVersion(), before); // nothing half-applied
            for (const auto &e : outcome.errors)
                QVERIFY(!e.message.empty());
        }
        if (i % 100 == 0)
            (*sb)->advanceTo((*sb)->sim().now() + 5000);
    }
    QVERIFY(applied > 100 && refused > 100);
}

QTEST_GUILESS_MAIN(tst_HostileInput)
#include "tst_hostileinput.moc"
