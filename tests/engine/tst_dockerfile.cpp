#include "engine/image/dockerfile.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <random>

using namespace flotilla::engine::image;
using flotilla::engine::Result;

Q_DECLARE_METATYPE(std::string)

// QCOMPARE prints QStrings, not std::strings.
#define QCOMPARE_STR(actual, expected) QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected))

namespace {

const QString kCorpusDir = QStringLiteral(FLOTILLA_SOURCE_DIR "/tests/engine/dockerfiles");

std::string readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

std::string escaped(std::string_view s)
{
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20 || c >= 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02X", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out;
}

std::string q(std::string_view s) { return "\"" + escaped(s) + "\""; }

std::string listItem(std::string_view s)
{
    if (s.empty() || s.find_first_of(" ,]\"\\\t") != std::string_view::npos)
        return q(s);
    return escaped(s);
}

std::string pos(const SourcePos &p) { return "L" + std::to_string(p.line) + ":" + std::to_string(p.column); }
std::string range(const SourceRange &r) { return pos(r.begin) + "-" + pos(r.end); }

void dumpInstruction(std::string &out, const Instruction &ins, const std::string &indent)
{
    out += range(ins.range) + " " + ins.keyword;
    if (!ins.flags.empty()) {
        out += " flags=[";
        for (std::size_t i = 0; i < ins.flags.size(); ++i) {
            const Flag &f = ins.flags[i];
            out += (i ? "," : "") + listItem(f.name) + (f.hasValue ? "=" + listItem(f.value) : "");
        }
        out += "]";
    }
    out += " args=" + q(ins.args) + "@" + pos(ins.argsRange.begin);
    if (ins.execForm) {
        out += " exec=[";
        for (std::size_t i = 0; i < ins.execArgs.size(); ++i)
            out += (i ? "," : "") + q(ins.execArgs[i]);
        out += "]";
    }
    if (!ins.words.empty()) {
        out += " words=[";
        for (std::size_t i = 0; i < ins.words.size(); ++i)
            out += (i ? "," : "") + listItem(ins.words[i].text);
        out += "]";
    }
    out += "\n";
    for (const Heredoc &h : ins.heredocs) {
        out += indent + "  heredoc " + range(h.range) + " " + q(h.delimiter) + (h.quoted ? " quoted" : "")
            + (h.stripTabs ? " strip-tabs" : "") + " content=" + q(h.content) + "\n";
    }
    if (ins.kind == InstructionKind::Env || ins.kind == InstructionKind::Label || ins.kind == InstructionKind::Arg) {
        auto kv = parseKeyValues(ins);
        if (kv) {
            out += indent + "  kv";
            for (const KeyValue &k : *kv)
                out += " " + listItem(k.key) + (k.value ? "=" + q(*k.value) : "");
            out += "\n";
        }
    }
    if (ins.onbuildTrigger) {
        out += indent + "  trigger ";
        dumpInstruction(out, *ins.onbuildTrigger, indent + "  ");
    }
}

std::string dump(const ParseResult &r)
{
    const Dockerfile &f = r.file;
    std::string out = "lines " + std::to_string(f.lineCount) + " escape " + std::string(1, f.escape) + "\n";
    for (const ParserDirective &d : f.directives)
        out += "directive " + range(d.range) + " " + d.name + "=" + q(d.value) + "\n";
    for (const Comment &c : f.comments)
        out += "comment " + range(c.range) + " " + q(c.text) + "\n";
    for (std::size_t i = 0; i < f.instructions.size(); ++i) {
        out += "[" + std::to_string(i) + "] ";
        dumpInstruction(out, f.instructions[i], "");
    }
    if (!f.globalArgs.empty()) {
        out += "global-args [";
        for (std::size_t i = 0; i < f.globalArgs.size(); ++i)
            out += (i ? "," : "") + std::to_string(f.globalArgs[i]);
        out += "]\n";
    }
    for (const Stage &s : f.stages) {
        out += "stage " + std::to_string(s.index) + " name=" + q(s.name) + " base=" + q(s.baseImage);
        if (!s.platform.empty())
            out += " platform=" + q(s.platform);
        out += " from=" + std::to_string(s.fromInstruction) + " instructions=[";
        for (std::size_t i = 0; i < s.instructions.size(); ++i)
            out += (i ? "," : "") + std::to_string(s.instructions[i]);
        out += "]\n";
    }
    for (const Diagnostic &d : r.errors)
        out += severityName(d.severity) + " " + d.code + " " + range(d.range) + " " + q(d.message) + " hint=" + q(d.hint)
            + "\n";
    return out;
}

const char *tokenName(TokenKind k)
{
    switch (k) {
    case TokenKind::Comment: return "Comment";
    case TokenKind::Directive: return "Directive";
    case TokenKind::Instruction: return "Instruction";
    case TokenKind::Flag: return "Flag";
    case TokenKind::Keyword: return "Keyword";
    case TokenKind::String: return "String";
    case TokenKind::Variable: return "Variable";
    case TokenKind::Punctuation: return "Punctuation";
    case TokenKind::Continuation: return "Continuation";
    case TokenKind::HeredocMarker: return "HeredocMarker";
    case TokenKind::HeredocBody: return "HeredocBody";
    case TokenKind::HeredocEnd: return "HeredocEnd";
    case TokenKind::Number: return "Number";
    case TokenKind::Text: return "Text";
    case TokenKind::Error: return "Error";
    }
    return "?";
}

// "Instruction:FROM Text:alpine": each token with the text it covers.
std::string tokens(std::string_view line, const std::vector<Token> &toks)
{
    std::string out;
    for (const Token &t : toks) {
        if (!out.empty())
            out += ' ';
        out += std::string(tokenName(t.kind)) + ":" + std::string(line.substr(std::size_t(t.start), std::size_t(t.length)));
    }
    return out;
}

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t b = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            lines.push_back(text.substr(b, i - b));
            b = i + 1;
        }
    }
    if (b < text.size())
        lines.push_back(text.substr(b));
    return lines;
}

// Lexes a whole text; returns the tokens of each line and the final state.
LexState lexAll(std::string_view text, std::vector<std::vector<Token>> &perLine)
{
    LexState st;
    for (std::string_view line : splitLines(text)) {
        perLine.emplace_back();
        st = lexLine(line, st, perLine.back());
    }
    return st;
}

const Diagnostic *findError(const ParseResult &r, const std::string &code)
{
    for (const Diagnostic &d : r.errors) {
        if (d.code == code)
            return &d;
    }
    return nullptr;
}

QStringList corpusFiles()
{
    return QDir(kCorpusDir).entryList({QStringLiteral("*.Dockerfile")}, QDir::Files, QDir::Name);
}

} // namespace

class tst_Dockerfile : public QObject {
    Q_OBJECT

private slots:
    void corpus_data();
    void corpus();
    void corpusIsLargeEnough();
    void argOffsetsMapToTheFile_data() { corpus_data(); }
    void argOffsetsMapToTheFile();
    void lexerAgreesWithParser_data() { corpus_data(); }
    void lexerAgreesWithParser();

    void positionsAcrossContinuations();
    void windowsEscapeAndCrLf();
    void heredocs();
    void onbuildTrigger();
    void execAndShellForms_data();
    void execAndShellForms();

    void errors_data();
    void errors();
    void errorHints();
    void binaryInput();

    void expandVariables_data();
    void expandVariables();
    void expandVariablesErrors_data();
    void expandVariablesErrors();
    void parseKeyValues_data();
    void parseKeyValues();

    void lexLine_data();
    void lexLine();
    void lexStateCarry();
    void lexStateHash();

    void instructionTables();
    void robustness();
};

// ---------------------------------------------------------------------------------------------

void tst_Dockerfile::corpus_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &file : corpusFiles())
        QTest::newRow(qPrintable(file)) << file;
}

void tst_Dockerfile::corpus()
{
    QFETCH(QString, name);
    const std::string text = readFile(kCorpusDir + "/" + name);
    const std::string actual = dump(parseDockerfile(text));
    QString expectedPath = kCorpusDir + "/" + name;
    expectedPath.replace(QStringLiteral(".Dockerfile"), QStringLiteral(".expected"));
    if (qEnvironmentVariable("FLOTILLA_UPDATE_EXPECTED") == QLatin1String("1")) {
        QFile f(expectedPath);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(actual.data(), qint64(actual.size()));
        return;
    }
    QVERIFY2(QFile::exists(expectedPath), qPrintable(expectedPath + " is missing; run with FLOTILLA_UPDATE_EXPECTED=1"));
    const std::string expected = readFile(expectedPath);
    if (actual != expected) {
        const auto a = splitLines(actual), e = splitLines(expected);
        for (std::size_t i = 0; i < std::max(a.size(), e.size()); ++i) {
            const std::string_view al = i < a.size() ? a[i] : "<none>";
            const std::string_view el = i < e.size() ? e[i] : "<none>";
            if (al != el) {
                QFAIL(qPrintable(QStringLiteral("line %1 differs\n  actual:   %2\n  expected: %3")
                                     .arg(i + 1)
                                     .arg(QString::fromStdString(std::string(al)), QString::fromStdString(std::string(el)))));
            }
        }
        QFAIL("the dump and the expected file differ in their final newlines");
    }
}

void tst_Dockerfile::corpusIsLargeEnough()
{
    const QStringList files = corpusFiles();
    QVERIFY2(files.size() >= 40, qPrintable(QString::number(files.size())));
}

// Every byte of `args` comes from the byte of the file that posOfArg names, across continuation lines.
void tst_Dockerfile::argOffsetsMapToTheFile()
{
    QFETCH(QString, name);
    const std::string text = readFile(kCorpusDir + "/" + name);
    const ParseResult r = parseDockerfile(text);
    const auto lineStarts = [&] {
        std::vector<int> s{0};
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == '\n')
                s.push_back(int(i) + 1);
        return s;
    }();
    auto check = [&](const Instruction &ins) {
        for (int k = 0; k < int(ins.args.size()); ++k) {
            const SourcePos p = ins.posOfArg(k);
            QVERIFY(p.offset >= 0 && p.offset < int(text.size()));
            QCOMPARE(text[std::size_t(p.offset)], ins.args[std::size_t(k)]);
            QCOMPARE(p.column, p.offset - lineStarts[std::size_t(p.line - 1)] + 1);
        }
        QCOMPARE(text.substr(std::size_t(ins.keywordRange.begin.offset), ins.keyword.size()), ins.keyword);
        for (const Flag &f : ins.flags)
            QCOMPARE(text.substr(std::size_t(f.range.begin.offset), f.name.size() + 2), "--" + f.name);
        for (const Word &w : ins.words) {
            const SourceRange wr = ins.rangeOfArg(w.offset, w.length);
            if (wr.begin.line == wr.end.line)
                QCOMPARE(text.substr(std::size_t(wr.begin.offset), std::size_t(wr.end.offset - wr.begin.offset)), w.raw);
        }
        QVERIFY(ins.range.begin.offset <= ins.range.end.offset);
        QVERIFY(ins.range.end.offset <= int(text.size()));
    };
    for (const Instruction &ins : r.file.instructions) {
        check(ins);
        if (ins.onbuildTrigger)
            check(*ins.onbuildTrigger);
    }
    for (const Comment &c : r.file.comments)
        QCOMPARE(text.substr(std::size_t(c.range.begin.offset) + 1, c.text.size()), c.text);
}

// The highlighter's view of each line matches the tree: keywords, comments, directives, heredoc lines.
void tst_Dockerfile::lexerAgreesWithParser()
{
    QFETCH(QString, name);
    const std::string text = readFile(kCorpusDir + "/" + name);
    const ParseResult r = parseDockerfile(text);
    if (findError(r, "DF001"))
        return;
    std::vector<std::vector<Token>> perLine;
    lexAll(text, perLine);
    auto has = [&](int line, int column, TokenKind kind) {
        if (line < 1 || line > int(perLine.size()))
            return false;
        for (const Token &t : perLine[std::size_t(line - 1)]) {
            if (t.start + 1 == column && t.kind == kind)
                return true;
        }
        return false;
    };
    auto firstKind = [&](int line) {
        const auto &t = perLine[std::size_t(line - 1)];
        return t.empty() ? QStringLiteral("none") : QString::fromLatin1(tokenName(t.front().kind));
    };
    for (const Instruction &ins : r.file.instructions) {
        const SourcePos k = ins.keywordRange.begin;
        const TokenKind expected = ins.kind == InstructionKind::Unknown ? TokenKind::Error : TokenKind::Instruction;
        QVERIFY2(has(k.line, k.column, expected), qPrintable(QStringLiteral("keyword at L%1:%2").arg(k.line).arg(k.column)));
        for (const Heredoc &h : ins.heredocs) {
            const int bodyEnd = h.range.end.line;
            QVERIFY(has(h.range.begin.line, h.range.begin.column, TokenKind::HeredocMarker));
            const int lines = int(std::count(h.content.begin(), h.content.end(), '\n'));
            const int terminated = findError(r, "DF005") ? 0 : 1;
            for (int l = bodyEnd - lines - terminated + 1; l <= bodyEnd - terminated; ++l) {
                if (!perLine[std::size_t(l - 1)].empty())
                    QVERIFY2(perLine[std::size_t(l - 1)].front().kind == TokenKind::HeredocBody,
                             qPrintable(QStringLiteral("body line %1: %2").arg(l).arg(firstKind(l))));
            }
            if (terminated)
                QCOMPARE(firstKind(bodyEnd), QStringLiteral("HeredocEnd"));
        }
    }
    for (const Comment &c : r.file.comments)
        QVERIFY2(has(c.range.begin.line, c.range.begin.column, TokenKind::Comment),
                 qPrintable(QStringLiteral("comment at L%1").arg(c.range.begin.line)));
    for (const ParserDirective &d : r.file.directives)
        QVERIFY(has(d.range.begin.line, d.range.begin.column, TokenKind::Directive));
}

// ---------------------------------------------------------------------------------------------

void tst_Dockerfile::positionsAcrossContinuations()
{
    const std::string text = "FROM alpine\n"
                             "RUN apk add \\\n"
                             "    # a comment inside\n"
                             "\n"
                             "      curl \\  \n"
                             "  && echo done\n";
    const ParseResult r = parseDockerfile(text);
    QVERIFY(r.ok());
    QCOMPARE(r.file.instructions.size(), std::size_t(2));
    const Instruction &run = r.file.instructions[1];
    QCOMPARE(run.args, std::string("apk add       curl   && echo done"));
    QCOMPARE(run.range, (SourceRange{{2, 1, 12}, {6, 15, 79}}));
    QCOMPARE(run.keywordRange, (SourceRange{{2, 1, 12}, {2, 4, 15}}));
    QCOMPARE(run.posOfArg(0), (SourcePos{2, 5, 16}));
    // "apk add " ends the first segment; the next begins at the start of line 5 (blanks kept).
    QCOMPARE(run.posOfArg(8), (SourcePos{5, 1, 50}));
    QCOMPARE(run.posOfArg(14), (SourcePos{5, 7, 56}));
    const std::size_t amp = run.args.find("&&");
    QCOMPARE(run.posOfArg(int(amp)), (SourcePos{6, 3, 67}));
    // A range that spans the join ends on the line of its last byte.
    QCOMPARE(run.rangeOfArg(4, 14), (SourceRange{{2, 9, 20}, {5, 11, 60}}));
    QCOMPARE(run.rangeOfArg(0, 7), (SourceRange{{2, 5, 16}, {2, 12, 23}}));
    QCOMPARE(run.argsRange.end, (SourcePos{6, 15, 79}));
    QCOMPARE(run.words.size(), std::size_t(6));
    QCOMPARE(run.words[2].text, std::string("curl"));
    QCOMPARE(r.file.comments.size(), std::size_t(1));
    QCOMPARE(r.file.comments[0].range, (SourceRange{{3, 5, 30}, {3, 23, 48}}));
    QCOMPARE(r.file.comments[0].text, std::string(" a comment inside"));
    QCOMPARE(r.file.lineCount, 6);

    // Flags and words keep their places; a BOM counts as bytes of line 1.
    const ParseResult b = parseDockerfile("\xEF\xBB\xBF" "FROM --platform=linux/arm64 busybox AS Tools\n");
    QVERIFY(b.ok());
    const Instruction &from = b.file.instructions[0];
    QCOMPARE(from.keywordRange.begin, (SourcePos{1, 4, 3}));
    QCOMPARE(from.flags[0].range, (SourceRange{{1, 9, 8}, {1, 31, 30}}));
    QCOMPARE(from.flag("platform"), std::optional<std::string>("linux/arm64"));
    QCOMPARE(from.flag("nope"), std::optional<std::string>());
    QCOMPARE(b.file.stages[0].name, std::string("tools"));
    QCOMPARE(b.file.stages[0].platform, std::string("linux/arm64"));
}

void tst_Dockerfile::windowsEscapeAndCrLf()
{
    const std::string text = "# escape=`\r\n"
                             "FROM mcr.microsoft.com/windows/servercore:ltsc2022\r\n"
                             "WORKDIR C:\\app\r\n"
                             "RUN dir C:\\ `\r\n"
                             "    && echo ok\r\n";
    const ParseResult r = parseDockerfile(text);
    QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    QCOMPARE(r.file.escape, '`');
    QCOMPARE(r.file.instructions[1].args, std::string("C:\\app"));
    QCOMPARE(r.file.instructions[2].args, std::string("dir C:\\     && echo ok"));
    QCOMPARE(r.file.instructions[2].range.end, (SourcePos{5, 15, 109}));
    QCOMPARE(r.file.instructions[2].escape, '`');

    // With ` as the escape character a backslash before a quote is a path separator, not an escape.
    const ParseResult env = parseDockerfile("# escape=`\nFROM a\nENV DIR=\"C:\\data\\\" X=`\"q`\"\n");
    QVERIFY(env.ok());
    const auto kv = ::flotilla::engine::image::parseKeyValues(env.file.instructions[1]);
    QVERIFY(kv.ok());
    QCOMPARE(kv->size(), std::size_t(2));
    QCOMPARE_STR(*kv->at(0).value, std::string("C:\\data\\"));
    QCOMPARE_STR(*kv->at(1).value, std::string("\"q\""));

    std::vector<std::vector<Token>> lines;
    const LexState end = lexAll(text, lines);
    QCOMPARE(end.escape, '`');
    QCOMPARE(end.continuation, false);
    QCOMPARE_STR(tokens("RUN dir C:\\ `\r", lines[3]), std::string("Instruction:RUN Text:dir Text:C:\\ Continuation:`"));
}

void tst_Dockerfile::heredocs()
{
    const std::string text = "FROM alpine\n"
                             "COPY <<a.txt <<-\"b.sh\" /dest/\n"
                             "hello $USER\n"
                             "a.txt\n"
                             "\t\techo tabs\n"
                             "\tb.sh\n"
                             "RUN <<'EOF' bash -e\n"
                             "echo $HOME\n"
                             "EOF\n";
    const ParseResult r = parseDockerfile(text);
    QVERIFY(r.ok());
    const Instruction &copy = r.file.instructions[1];
    QCOMPARE(copy.heredocs.size(), std::size_t(2));
    QCOMPARE(copy.heredocs[0].delimiter, std::string("a.txt"));
    QCOMPARE(copy.heredocs[0].quoted, false);
    QCOMPARE(copy.heredocs[0].content, std::string("hello $USER\n"));
    QCOMPARE(copy.heredocs[0].range, (SourceRange{{2, 6, 17}, {4, 6, 59}}));
    QCOMPARE(copy.heredocs[1].delimiter, std::string("b.sh"));
    QCOMPARE(copy.heredocs[1].quoted, true);
    QCOMPARE(copy.heredocs[1].stripTabs, true);
    QCOMPARE(copy.heredocs[1].content, std::string("echo tabs\n"));
    QCOMPARE(copy.range.end, (SourcePos{6, 6, 77}));
    const Instruction &run = r.file.instructions[2];
    QCOMPARE(run.heredocs[0].quoted, true);
    QCOMPARE(run.heredocs[0].content, std::string("echo $HOME\n"));
    QCOMPARE(run.words.size(), std::size_t(3));

    // Heredocs are not looked for in the exec form, nor in other instructions, nor inside a word.
    const ParseResult n = parseDockerfile("FROM a\nRUN [\"cat\", \"<<EOF\"]\nENV X=<<EOF\nRUN cat<<EOF\n");
    QVERIFY(n.ok());
    for (const Instruction &i : n.file.instructions)
        QVERIFY(i.heredocs.empty());
}

void tst_Dockerfile::onbuildTrigger()
{
    const ParseResult r = parseDockerfile("FROM node:20\nONBUILD COPY --chown=node:node . /app\nONBUILD RUN <<EOF\nnpm ci\nEOF\n");
    QVERIFY(r.ok());
    const Instruction &ob = r.file.instructions[1];
    QVERIFY(ob.onbuildTrigger);
    QCOMPARE(ob.onbuildTrigger->kind, InstructionKind::Copy);
    QCOMPARE(ob.onbuildTrigger->keywordRange, (SourceRange{{2, 9, 21}, {2, 13, 25}}));
    QCOMPARE(ob.onbuildTrigger->flag("chown"), std::optional<std::string>("node:node"));
    QCOMPARE(ob.onbuildTrigger->flags[0].range, (SourceRange{{2, 14, 26}, {2, 31, 43}}));
    QCOMPARE(ob.onbuildTrigger->args, std::string(". /app"));
    QVERIFY(ob.flags.empty());
    const Instruction &run = r.file.instructions[2];
    QCOMPARE(run.heredocs.size(), std::size_t(1));
    QCOMPARE(run.onbuildTrigger->heredocs.size(), std::size_t(1));
    QCOMPARE(run.range.end.line, 5);
}

void tst_Dockerfile::execAndShellForms_data()
{
    QTest::addColumn<std::string>("line");
    QTest::addColumn<bool>("exec");
    QTest::addColumn<int>("words");
    QTest::addColumn<std::string>("error"); // code, or empty

    QTest::newRow("exec") << std::string("CMD [\"node\", \"app.js\"]") << true << 0 << std::string();
    QTest::newRow("exec empty") << std::string("CMD []") << true << 0 << std::string();
    QTest::newRow("exec escapes") << std::string(R"(ENTRYPOINT ["a\"b", "\u00e9\n"])") << true << 0 << std::string();
    QTest::newRow("shell") << std::string("CMD node app.js") << false << 2 << std::string();
    // Docker runs these with /bin/sh -c: not JSON, so shell form without an error.
    QTest::newRow("shell test command") << std::string("RUN [ -f /etc/os-release ] && cat /etc/os-release") << false << 7
                                        << std::string();
    QTest::newRow("single quotes") << std::string("CMD ['node', 'app.js']") << false << 2 << std::string();
    QTest::newRow("missing comma") << std::string("CMD [\"node\" \"app.js\"]") << false << 2 << std::string();
    QTest::newRow("trailing text") << std::string("CMD [\"node\"] extra") << false << 2 << std::string();
    // Plainly meant as JSON but cut short: an error rather than a silent shell form.
    QTest::newRow("unterminated") << std::string("CMD [\"node\", \"app.js\"") << false << 2 << std::string("DF006");
    QTest::newRow("unterminated comma") << std::string("ENTRYPOINT [\"node\",") << false << 1 << std::string("DF006");
    QTest::newRow("unterminated string") << std::string("RUN [\"echo") << false << 1 << std::string("DF006");
    QTest::newRow("volume words") << std::string("VOLUME /data /logs") << false << 2 << std::string();
    QTest::newRow("volume json") << std::string("VOLUME [\"/data\"]") << true << 0 << std::string();
    QTest::newRow("copy json") << std::string("COPY [\"my file.txt\", \"/dst/\"]") << true << 0 << std::string();
    QTest::newRow("shell json") << std::string("SHELL [\"pwsh\", \"-Command\"]") << true << 0 << std::string();
    QTest::newRow("shell not json") << std::string("SHELL /bin/bash -c") << false << 2 << std::string("DF016");
    QTest::newRow("healthcheck exec") << std::string("HEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]") << true
                                      << 4 << std::string();
}

void tst_Dockerfile::execAndShellForms()
{
    QFETCH(std::string, line);
    QFETCH(bool, exec);
    QFETCH(int, words);
    QFETCH(std::string, error);
    const ParseResult r = parseDockerfile("FROM scratch\n" + line + "\n");
    const Instruction &ins = r.file.instructions.at(1);
    QCOMPARE(ins.execForm, exec);
    QCOMPARE(int(ins.words.size()), words);
    if (error.empty()) {
        QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors[0].message.c_str());
    } else {
        QCOMPARE(r.errors.size(), std::size_t(1));
        QCOMPARE(r.errors[0].code, error);
    }
    if (error == "DF006") {
        const std::size_t bracket = line.find('[');
        QCOMPARE(r.errors[0].range, (SourceRange{{2, int(bracket) + 1, 13 + int(bracket)}, {2, int(line.size()) + 1, 13 + int(line.size())}}));
        QVERIFY(r.errors[0].message.find("unterminated JSON array") != std::string::npos);
    }
    if (line.rfind("ENTRYPOINT [\"a", 0) == 0)
        QCOMPARE(ins.execArgs, (std::vector<std::string>{"a\"b", "\xC3\xA9\n"}));
}

// ---------------------------------------------------------------------------------------------

void tst_Dockerfile::errors_data()
{
    QTest::addColumn<std::string>("text");
    QTest::addColumn<QString>("codeName");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("endColumn");
    QTest::addColumn<std::string>("message");

    QTest::newRow("empty") << std::string() << "DF002" << 1 << 1 << 1 << std::string("the Dockerfile has no instructions");
    QTest::newRow("only comments") << std::string("# nothing\n\n# here\n") << "DF002" << 1 << 1 << 10
                                   << std::string("no instructions");
    QTest::newRow("unknown instruction") << std::string("FROM a\nFOOBAR x\n") << "DF003" << 2 << 1 << 7
                                         << std::string("unknown instruction: FOOBAR");
    QTest::newRow("unknown in onbuild") << std::string("FROM a\nONBUILD RUNN x\n") << "DF003" << 2 << 9 << 13
                                        << std::string("unknown instruction: RUNN");
    QTest::newRow("run before from") << std::string("ARG V=1\nRUN echo\nFROM a\n") << "DF004" << 2 << 1 << 4
                                     << std::string("no build stage in current context");
    QTest::newRow("no from at all") << std::string("ARG V=1\n") << "DF004" << 1 << 1 << 4
                                    << std::string("no FROM instruction");
    QTest::newRow("unterminated heredoc") << std::string("FROM a\nRUN cat <<EOF\nhello\n") << "DF005" << 2 << 9 << 14
                                          << std::string("unterminated heredoc: no line \"EOF\" closes it");
    QTest::newRow("unterminated second heredoc") << std::string("FROM a\nCOPY <<A <<B /d/\nx\nA\ny\nB \n") << "DF005"
                                                 << 2 << 10 << 13 << std::string("\"B\"");
    QTest::newRow("unterminated json") << std::string("FROM a\nCMD [\"node\", \"app.js\"\n") << "DF006" << 2 << 5 << 22
                                       << std::string("unterminated JSON array");
    QTest::newRow("unterminated json across lines") << std::string("FROM a\nCMD [\"node\", \\\n  \"app.js\"\n")
                                                    << "DF006" << 2 << 5 << 11 << std::string("unterminated JSON array");
    QTest::newRow("unknown flag") << std::string("FROM a\nCOPY --form=builder /a /b\n") << "DF007" << 2 << 6 << 20
                                  << std::string("unknown flag: --form");
    QTest::newRow("unknown run flag") << std::string("FROM a\nRUN --mnt=type=cache echo\n") << "DF007" << 2 << 5 << 21
                                      << std::string("unknown flag: --mnt");
    QTest::newRow("flag without value") << std::string("FROM a\nCOPY --from /a /b\n") << "DF008" << 2 << 6 << 12
                                        << std::string("flag --from requires a value");
    QTest::newRow("flag empty value") << std::string("FROM --platform= a\n") << "DF009" << 1 << 6 << 17
                                      << std::string("flag --platform has an empty value");
    QTest::newRow("bool flag value") << std::string("FROM a\nCOPY --link=maybe a b\n") << "DF009" << 2 << 6 << 18
                                     << std::string("expects true or false");
    QTest::newRow("duplicate flag") << std::string("FROM a\nCOPY --from=x --from=y a b\n") << "DF010" << 2 << 15 << 23
                                    << std::string("duplicate flag: --from");
    QTest::newRow("from without image") << std::string("FROM\n") << "DF011" << 1 << 1 << 5
                                        << std::string("FROM requires the name of a base image");
    QTest::newRow("from only platform") << std::string("FROM --platform=linux/amd64\n") << "DF011" << 1 << 1 << 5
                                        << std::string("base image");
    QTest::newRow("as without name") << std::string("FROM alpine AS\n") << "DF012" << 1 << 13 << 15
                                     << std::string("AS must be followed by a stage name");
    QTest::newRow("as misspelt") << std::string("FROM alpine AZ build\n") << "DF012" << 1 << 13 << 15
                                 << std::string("expected AS before the stage name, found \"AZ\"");
    QTest::newRow("extra after name") << std::string("FROM alpine AS build extra words\n") << "DF012" << 1 << 22 << 33
                                      << std::string("unexpected argument \"extra\"");
    QTest::newRow("two words") << std::string("FROM alpine latest\n") << "DF012" << 1 << 13 << 19
                               << std::string("unexpected argument \"latest\"");
    QTest::newRow("bad stage name") << std::string("FROM alpine AS 1st\n") << "DF013" << 1 << 16 << 19
                                    << std::string("invalid stage name \"1st\"");
    QTest::newRow("duplicate stage") << std::string("FROM a AS build\nFROM b AS Build\n") << "DF014" << 2 << 11 << 16
                                     << std::string("duplicate stage name \"build\" (also on line 1)");
    QTest::newRow("trailing continuation") << std::string("FROM a\nRUN echo \\\n") << "DF015" << 2 << 10 << 11
                                           << std::string("ends with a line continuation");
    QTest::newRow("trailing continuation then comment") << std::string("FROM a\nRUN echo \\\n# c\n\n") << "DF015" << 2
                                                        << 10 << 11 << std::string("line continuation");
    QTest::newRow("shell not json") << std::string("FROM a\nSHELL /bin/bash -c\n") << "DF016" << 2 << 7 << 19
                                    << std::string("SHELL requires the arguments to be in JSON form");
    QTest::newRow("healthcheck bad duration") << std::string("FROM a\nHEALTHCHECK --interval=30 CMD true\n") << "DF017"
                                              << 2 << 13 << 26 << std::string("invalid duration for --interval: \"30\"");
    QTest::newRow("healthcheck tiny duration") << std::string("FROM a\nHEALTHCHECK --timeout=10us CMD true\n") << "DF017"
                                               << 2 << 13 << 27 << std::string("cannot be less than 1ms");
    QTest::newRow("healthcheck negative") << std::string("FROM a\nHEALTHCHECK --start-period=-5s CMD true\n") << "DF017"
                                          << 2 << 13 << 31 << std::string("cannot be negative");
    QTest::newRow("healthcheck retries") << std::string("FROM a\nHEALTHCHECK --retries=three CMD true\n") << "DF017"
                                         << 2 << 13 << 28 << std::string("invalid value for --retries");
    QTest::newRow("healthcheck none args") << std::string("FROM a\nHEALTHCHECK NONE please\n") << "DF018" << 2 << 18
                                           << 24 << std::string("HEALTHCHECK NONE takes no arguments");
    QTest::newRow("healthcheck no cmd") << std::string("FROM a\nHEALTHCHECK --interval=5s\n") << "DF018" << 2 << 1 << 12
                                        << std::string("HEALTHCHECK requires NONE or CMD");
    QTest::newRow("healthcheck type") << std::string("FROM a\nHEALTHCHECK RUN true\n") << "DF018" << 2 << 13 << 16
                                      << std::string("unknown HEALTHCHECK type \"RUN\"");
    QTest::newRow("healthcheck cmd alone") << std::string("FROM a\nHEALTHCHECK CMD\n") << "DF018" << 2 << 13 << 16
                                           << std::string("HEALTHCHECK CMD requires a command");
    QTest::newRow("bad escape directive") << std::string("# escape=x\nFROM a\n") << "DF019" << 1 << 10 << 11
                                          << std::string("invalid escape directive \"x\"");
    QTest::newRow("duplicate directive") << std::string("# syntax=a\n# syntax=b\nFROM a\n") << "DF020" << 2 << 1 << 11
                                         << std::string("only one syntax parser directive");
    QTest::newRow("copy one arg") << std::string("FROM a\nCOPY app\n") << "DF021" << 2 << 6 << 9
                                  << std::string("COPY requires at least two arguments");
    QTest::newRow("run nothing") << std::string("FROM a\nRUN\n") << "DF021" << 2 << 1 << 4
                                 << std::string("RUN requires a command");
    QTest::newRow("user two") << std::string("FROM a\nUSER a b\n") << "DF021" << 2 << 6 << 9
                              << std::string("USER requires exactly one argument");
    QTest::newRow("onbuild from") << std::string("FROM a\nONBUILD FROM b\n") << "DF022" << 2 << 9 << 13
                                  << std::string("FROM isn't allowed as an ONBUILD trigger");
    QTest::newRow("onbuild onbuild") << std::string("FROM a\nONBUILD ONBUILD RUN x\n") << "DF022" << 2 << 9 << 16
                                     << std::string("chaining ONBUILD");
    QTest::newRow("onbuild maintainer") << std::string("FROM a\nonbuild maintainer me\n") << "DF022" << 2 << 9 << 19
                                        << std::string("MAINTAINER isn't allowed");
    QTest::newRow("env legacy without value") << std::string("FROM a\nENV DEBUG\n") << "DF023" << 2 << 5 << 10
                                              << std::string("ENV DEBUG has no value");
    QTest::newRow("env missing equals") << std::string("FROM a\nENV A=1 B\n") << "DF023" << 2 << 9 << 10
                                        << std::string("can't find = in \"B\"");
    QTest::newRow("label blank key") << std::string("FROM a\nLABEL =x\n") << "DF023" << 2 << 7 << 9
                                     << std::string("LABEL names can not be blank");
    QTest::newRow("arg nothing") << std::string("FROM a\nARG\n") << "DF021" << 2 << 1 << 4
                                 << std::string("ARG requires at least one argument");
    QTest::newRow("expose host port") << std::string("FROM a\nEXPOSE 80 8080:80\n") << "DF024" << 2 << 11 << 18
                                      << std::string("invalid port in EXPOSE: \"8080:80\"");
    QTest::newRow("expose too big") << std::string("FROM a\nEXPOSE 70000\n") << "DF024" << 2 << 8 << 13
                                    << std::string("invalid port");
}

void tst_Dockerfile::errors()
{
    QFETCH(std::string, text);
    QFETCH(QString, codeName);
    const std::string code = codeName.toStdString();
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(int, endColumn);
    QFETCH(std::string, message);
    const ParseResult r = parseDockerfile(text);
    const Diagnostic *d = findError(r, code);
    QVERIFY2(d, qPrintable(QString::fromStdString(dump(r))));
    QCOMPARE(d->severity, Severity::Error);
    QCOMPARE(d->range.begin.line, line);
    QCOMPARE(d->range.begin.column, column);
    QCOMPARE(d->range.end.column, endColumn);
    QVERIFY2(d->message.find(message) != std::string::npos, d->message.c_str());
    QVERIFY(!d->hint.empty());
    // One problem, one error: nothing else is reported for these snippets.
    QVERIFY2(r.errors.size() == 1 || code == "DF003" || code == "DF004",
             qPrintable(QString::fromStdString(dump(r))));
}

void tst_Dockerfile::errorHints()
{
    auto hintOf = [](const std::string &text, const std::string &code) {
        const ParseResult r = parseDockerfile(text);
        const Diagnostic *d = findError(r, code);
        return d ? d->hint : std::string("<no " + code + ">");
    };
    QCOMPARE(hintOf("FROM a\nFORM b\n", "DF003"), std::string("Did you mean FROM?"));
    QCOMPARE(hintOf("FROM a\ncopy . .\nEXPOSED 80\n", "DF003"), std::string("Did you mean EXPOSE?"));
    QCOMPARE(hintOf("FROM a\nentrypiont [\"x\"]\n", "DF003"), std::string("Did you mean ENTRYPOINT?"));
    QVERIFY(hintOf("FROM a\nXYZZYQ b\n", "DF003").find("instructions are FROM, RUN") != std::string::npos);
    QCOMPARE(hintOf("FROM a\nRUN apt-get update &&\n    apt-get install -y curl\n", "DF003"),
             std::string("The instruction before ends with \"&&\": is a line continuation (\\) missing at the end of its line?"));
    QCOMPARE(hintOf("FROM a\nCOPY --form=builder /a /b\n", "DF007"), std::string("Did you mean --from?"));
    QCOMPARE(hintOf("FROM a\nHEALTHCHECK --intervall=5s CMD x\n", "DF007"), std::string("Did you mean --interval?"));
    QCOMPARE(hintOf("FROM a\nRUN --bogus=1 x\n", "DF007"), std::string("RUN accepts --mount, --network, --security."));
    QCOMPARE(hintOf("FROM --platform a\n", "DF008"), std::string("Write --platform=linux/amd64."));
}

void tst_Dockerfile::binaryInput()
{
    const std::string nul("FROM a\nRUN x\0y\n", 14);
    const ParseResult r = parseDockerfile(nul);
    QCOMPARE(r.errors.size(), std::size_t(1));
    QCOMPARE(r.errors[0].code, std::string("DF001"));
    QCOMPARE(r.errors[0].range, (SourceRange{{2, 6, 12}, {2, 7, 13}}));
    QVERIFY(r.errors[0].message.find("NUL byte at line 2, column 6") != std::string::npos);
    QCOMPARE(r.file.instructions.size(), std::size_t(2)); // the tree is still there

    const ParseResult u = parseDockerfile("FROM a\nLABEL x=\xC3\xA9 y=\xE9t\xE9\n");
    QCOMPARE(u.errors.size(), std::size_t(1));
    QCOMPARE(u.errors[0].code, std::string("DF001"));
    QCOMPARE(u.errors[0].range.begin, (SourcePos{2, 14, 20}));
    QVERIFY(u.errors[0].message.find("not valid UTF-8") != std::string::npos);

    // Overlong encodings and surrogates are not UTF-8 either; valid 4-byte sequences are.
    QCOMPARE(parseDockerfile("FROM a\xC0\xAF\n").errors.at(0).code, std::string("DF001"));
    QCOMPARE(parseDockerfile("FROM a\xED\xA0\x80\n").errors.at(0).code, std::string("DF001"));
    QVERIFY(parseDockerfile("FROM a\nLABEL x=\xF0\x9F\x90\xB3\n").ok());
}

// ---------------------------------------------------------------------------------------------

void tst_Dockerfile::expandVariables_data()
{
    QTest::addColumn<std::string>("word");
    QTest::addColumn<char>("escape");
    QTest::addColumn<std::string>("expected");

    const char b = '\\';
    QTest::newRow("plain") << std::string("hello") << b << std::string("hello");
    QTest::newRow("simple") << std::string("$A") << b << std::string("one");
    QTest::newRow("braces") << std::string("x${A}y") << b << std::string("xoney");
    QTest::newRow("name ends") << std::string("$A.txt") << b << std::string("one.txt");
    QTest::newRow("unknown empty") << std::string("[$NOPE]") << b << std::string("[]");
    QTest::newRow("lone dollar") << std::string("cost $ 5 $") << b << std::string("cost $ 5 $");
    QTest::newRow("dollar punct") << std::string("$/x") << b << std::string("$/x");
    QTest::newRow("digits") << std::string("$1x") << b << std::string("x");
    QTest::newRow(":- set") << std::string("${A:-d}") << b << std::string("one");
    QTest::newRow(":- empty") << std::string("${E:-d}") << b << std::string("d");
    QTest::newRow(":- unset") << std::string("${NOPE:-d}") << b << std::string("d");
    QTest::newRow("- empty") << std::string("${E-d}") << b << std::string("");
    QTest::newRow("- unset") << std::string("${NOPE-d}") << b << std::string("d");
    QTest::newRow(":+ set") << std::string("${A:+alt}") << b << std::string("alt");
    QTest::newRow(":+ empty") << std::string("${E:+alt}") << b << std::string("");
    QTest::newRow("+ empty") << std::string("${E+alt}") << b << std::string("alt");
    QTest::newRow("+ unset") << std::string("${NOPE+alt}") << b << std::string("");
    QTest::newRow(":? set") << std::string("${A:?must}") << b << std::string("one");
    QTest::newRow("? empty") << std::string("${E?must}") << b << std::string("");
    QTest::newRow("nested default") << std::string("${NOPE:-${A}-x}") << b << std::string("one-x");
    QTest::newRow("default with spaces") << std::string("${NOPE:-a b}") << b << std::string("a b");
    QTest::newRow("# shortest") << std::string("${P#*/}") << b << std::string("usr/local/bin");
    QTest::newRow("## longest") << std::string("${P##*/}") << b << std::string("bin");
    QTest::newRow("% shortest") << std::string("${F%.*}") << b << std::string("archive.tar");
    QTest::newRow("%% longest") << std::string("${F%%.*}") << b << std::string("archive");
    QTest::newRow("# no match") << std::string("${F#x*}") << b << std::string("archive.tar.gz");
    QTest::newRow("% ? glob") << std::string("${V%.?}") << b << std::string("1.2");
    QTest::newRow("# unset") << std::string("${NOPE#a}") << b << std::string("");
    QTest::newRow("escaped dollar") << std::string("\\$A") << b << std::string("$A");
    QTest::newRow("escaped brace") << std::string("\\${A}") << b << std::string("${A}");
    QTest::newRow("escape other") << std::string("a\\ b") << b << std::string("a b");
    QTest::newRow("single quotes literal") << std::string("'$A'") << b << std::string("$A");
    QTest::newRow("double quotes expand") << std::string("\"$A two\"") << b << std::string("one two");
    QTest::newRow("double quote escapes") << std::string("\"a\\\"b\\$A\\n\"") << b << std::string("a\"b$A\\n");
    QTest::newRow("mixed quotes") << std::string("x'y'\"$A\"") << b << std::string("xyone");
    QTest::newRow("backtick escape") << std::string("C:\\path\\`$A") << '`' << std::string("C:\\path\\$A");
    QTest::newRow("backtick keeps backslash") << std::string("C:\\$A") << '`' << std::string("C:\\one");
    QTest::newRow("value not re-expanded") << std::string("$D") << b << std::string("$A");
}

void tst_Dockerfile::expandVariables()
{
    QFETCH(std::string, word);
    QFETCH(char, escape);
    QFETCH(std::string, expected);
    const Variables vars{{"A", "one"}, {"E", ""}, {"P", "/usr/local/bin"}, {"F", "archive.tar.gz"},
                         {"V", "1.2.3"}, {"D", "$A"}};
    const Result<std::string> r = ::flotilla::engine::image::expandVariables(word, vars, escape);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
    QCOMPARE(*r, expected);
}

void tst_Dockerfile::expandVariablesErrors_data()
{
    QTest::addColumn<std::string>("word");
    QTest::addColumn<int>("column");
    QTest::addColumn<std::string>("message");

    QTest::newRow(":? unset") << std::string("x${NOPE:?set NOPE first}") << 2 << std::string("NOPE: set NOPE first");
    QTest::newRow(":? empty") << std::string("${E:?}") << 1 << std::string("E: parameter null or not set");
    QTest::newRow("? unset") << std::string("ab${NOPE?}") << 3 << std::string("NOPE: parameter not set");
    QTest::newRow("missing brace") << std::string("a${A") << 2 << std::string("missing '}'");
    QTest::newRow("missing brace operand") << std::string("${A:-x") << 1 << std::string("missing '}'");
    QTest::newRow("empty name") << std::string("${}") << 1 << std::string("bad substitution");
    QTest::newRow("no name") << std::string("${:-x}") << 1 << std::string("bad substitution");
    QTest::newRow("special param") << std::string("${-x}") << 1 << std::string("unsupported modifier (x)");
    QTest::newRow("bad modifier") << std::string("${A:x}") << 1 << std::string("unsupported modifier (:x)");
    QTest::newRow("bad operator") << std::string("  ${A/x/y}") << 3 << std::string("unsupported modifier (/)");
    QTest::newRow("single quote") << std::string("it's") << 3 << std::string("single quote");
    QTest::newRow("double quote") << std::string("say \"hi") << 5 << std::string("double quote");
    QTest::newRow("nested error") << std::string("${NOPE:-${X:?inner}}") << 9 << std::string("X: inner");
}

void tst_Dockerfile::expandVariablesErrors()
{
    QFETCH(std::string, word);
    QFETCH(int, column);
    QFETCH(std::string, message);
    const Variables vars{{"A", "one"}, {"E", ""}};
    const Result<std::string> r = ::flotilla::engine::image::expandVariables(word, vars);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().column, column);
    QVERIFY2(r.error().message.find(message) != std::string::npos, r.error().message.c_str());
}

void tst_Dockerfile::parseKeyValues_data()
{
    QTest::addColumn<std::string>("line");
    QTest::addColumn<std::string>("expected"); // key=value|key|... or "error L:C message"

    QTest::newRow("env pairs") << std::string("ENV A=1 B=\"two words\" C='it''s'") << std::string("A=1|B=two words|C=its");
    QTest::newRow("env legacy") << std::string("ENV MSG hello   big  world") << std::string("MSG=hello   big  world");
    QTest::newRow("env legacy quoted") << std::string("ENV MSG \"hi there\" now") << std::string("MSG=hi there now");
    QTest::newRow("env legacy with =") << std::string("ENV OPTS a=b c=d") << std::string("OPTS=a=b c=d");
    QTest::newRow("env empty value") << std::string("ENV A= B=\"\"") << std::string("A=|B=");
    QTest::newRow("env escaped space") << std::string("ENV A=x\\ y") << std::string("A=x\\ y");
    QTest::newRow("env keeps $") << std::string("ENV PATH=/app/bin:$PATH") << std::string("PATH=/app/bin:$PATH");
    QTest::newRow("env escaped quote") << std::string("ENV Q=\"say \\\"hi\\\"\"") << std::string("Q=say \"hi\"");
    QTest::newRow("label quoted key") << std::string("LABEL \"com.example.vendor\"=\"ACME Inc\" v=1")
                                      << std::string("com.example.vendor=ACME Inc|v=1");
    QTest::newRow("label legacy") << std::string("LABEL maintainer someone") << std::string("maintainer=someone");
    QTest::newRow("arg name") << std::string("ARG VERSION") << std::string("VERSION");
    QTest::newRow("arg default") << std::string("ARG VERSION=1.2 BASE") << std::string("VERSION=1.2|BASE");
    QTest::newRow("arg empty default") << std::string("ARG X=") << std::string("X=");
    QTest::newRow("env missing =") << std::string("ENV A=1 B") << std::string("error L2:9 can't find = in \"B\"");
    QTest::newRow("env no value") << std::string("ENV DEBUG") << std::string("error L2:5 ENV DEBUG has no value");
    QTest::newRow("arg blank") << std::string("ARG =1") << std::string("error L2:5 ARG names can not be blank");
    QTest::newRow("not kv") << std::string("RUN a=b") << std::string("error L2:5 only read from ENV, LABEL and ARG");
}

void tst_Dockerfile::parseKeyValues()
{
    QFETCH(std::string, line);
    QFETCH(std::string, expected);
    const ParseResult r = parseDockerfile("FROM a\n" + line + "\n");
    const Instruction &ins = r.file.instructions.at(1);
    const auto kv = ::flotilla::engine::image::parseKeyValues(ins);
    std::string actual;
    if (!kv.ok()) {
        actual = "error L" + std::to_string(kv.error().line) + ":" + std::to_string(kv.error().column) + " ";
        QVERIFY2(kv.error().message.find(expected.substr(actual.size())) != std::string::npos,
                 kv.error().message.c_str());
        QCOMPARE(actual, expected.substr(0, actual.size()));
        return;
    }
    for (const KeyValue &k : *kv) {
        if (!actual.empty())
            actual += "|";
        actual += k.key + (k.value ? "=" + *k.value : "");
        QVERIFY(k.offset >= 0 && k.offset < int(ins.args.size()));
    }
    QCOMPARE(actual, expected);
}

// ---------------------------------------------------------------------------------------------

void tst_Dockerfile::lexLine_data()
{
    QTest::addColumn<std::string>("line");
    QTest::addColumn<std::string>("expected");

    QTest::newRow("from") << std::string("FROM --platform=$BUILDPLATFORM golang:1.22 AS build")
                          << std::string("Instruction:FROM Flag:--platform=$BUILDPLATFORM Text:golang:1.22 Keyword:AS Text:build");
    QTest::newRow("from variable") << std::string("from ${BASE}:${TAG:-latest}")
                                   << std::string("Instruction:from Variable:${BASE} Text:: Variable:${TAG:-latest}");
    QTest::newRow("as not keyword elsewhere") << std::string("FROM as") << std::string("Instruction:FROM Text:as");
    QTest::newRow("unknown") << std::string("  FOOBAR x") << std::string("Error:FOOBAR Text:x");
    QTest::newRow("comment") << std::string("  # just a note  ") << std::string("Comment:# just a note");
    QTest::newRow("run flags") << std::string("RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev")
                               << std::string("Instruction:RUN Flag:--mount=type=cache,target=/root/.npm Text:npm Text:ci Text:--omit=dev");
    QTest::newRow("flags stop at --") << std::string("RUN -- --not-a-flag")
                                      << std::string("Instruction:RUN Flag:-- Text:--not-a-flag");
    QTest::newRow("cmd exec") << std::string("CMD [\"node\", \"app.js\"]")
                              << std::string("Instruction:CMD Punctuation:[ String:\"node\" Punctuation:, String:\"app.js\" Punctuation:]");
    QTest::newRow("cmd unterminated json") << std::string("CMD [\"node\", \"app.js\"")
                                           << std::string("Instruction:CMD Punctuation:[ String:\"node\" Punctuation:, String:\"app.js\"");
    QTest::newRow("run test command") << std::string("RUN [ -f x ]")
                                      << std::string("Instruction:RUN Text:[ Text:-f Text:x Text:]");
    QTest::newRow("strings and vars") << std::string("RUN echo \"hi $NAME\" 'a $b' \\$c")
                                      << std::string("Instruction:RUN Text:echo String:\"hi  Variable:$NAME String:\" String:'a $b' Text:\\$c");
    QTest::newRow("env kv") << std::string("ENV A=1 B=\"x y\"")
                            << std::string("Instruction:ENV Text:A Punctuation:= Text:1 Text:B Punctuation:= String:\"x y\"");
    QTest::newRow("expose") << std::string("EXPOSE 80 443/tcp 8000-8010/udp $PORT")
                            << std::string("Instruction:EXPOSE Number:80 Number:443/tcp Number:8000-8010/udp Variable:$PORT");
    QTest::newRow("heredoc markers") << std::string("COPY <<a <<-\"b\" /dest/")
                                     << std::string("Instruction:COPY HeredocMarker:<<a HeredocMarker:<<-\"b\" Text:/dest/");
    QTest::newRow("not heredoc") << std::string("RUN cat<<EOF << x")
                                 << std::string("Instruction:RUN Text:cat<<EOF Text:<< Text:x");
    QTest::newRow("healthcheck") << std::string("HEALTHCHECK --interval=5s CMD [\"curl\", \"-f\"]")
                                 << std::string("Instruction:HEALTHCHECK Flag:--interval=5s Keyword:CMD Punctuation:[ String:\"curl\" Punctuation:, String:\"-f\" Punctuation:]");
    QTest::newRow("healthcheck none") << std::string("HEALTHCHECK NONE") << std::string("Instruction:HEALTHCHECK Keyword:NONE");
    QTest::newRow("onbuild") << std::string("ONBUILD COPY --from=x . .")
                             << std::string("Instruction:ONBUILD Instruction:COPY Flag:--from=x Text:. Text:.");
    QTest::newRow("onbuild unknown") << std::string("ONBUILD NOPE x") << std::string("Instruction:ONBUILD Error:NOPE Text:x");
    QTest::newRow("continuation") << std::string("RUN apt-get update && \\  ")
                                  << std::string("Instruction:RUN Text:apt-get Text:update Text:&& Continuation:\\");
    QTest::newRow("no flags for workdir") << std::string("WORKDIR --x") << std::string("Instruction:WORKDIR Text:--x");
    QTest::newRow("crlf") << std::string("USER node\r") << std::string("Instruction:USER Text:node");
}

void tst_Dockerfile::lexLine()
{
    QFETCH(std::string, line);
    QFETCH(std::string, expected);
    LexState in;
    in.directivesAllowed = false;
    std::vector<Token> out;
    const LexState st = ::flotilla::engine::image::lexLine(line, in, out);
    QCOMPARE_STR(tokens(line, out), expected);
    for (std::size_t i = 1; i < out.size(); ++i)
        QVERIFY(out[i].start >= out[i - 1].start + out[i - 1].length);
    if (line.find("<<") != std::string::npos && line.rfind("COPY", 0) == 0) {
        QCOMPARE(st.heredocs, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(st.heredocStripTabs, (std::vector<bool>{false, true}));
    }
}

void tst_Dockerfile::lexStateCarry()
{
    struct Step {
        std::string line;
        std::string tokens;
    };
    auto run = [](const std::vector<Step> &steps) {
        LexState st;
        for (const Step &s : steps) {
            std::vector<Token> out;
            st = ::flotilla::engine::image::lexLine(s.line, st, out);
            if (tokens(s.line, out) != s.tokens)
                return "line " + q(s.line) + " lexed as " + q(tokens(s.line, out));
        }
        return std::string(st.continuation || !st.heredocs.empty() ? "state not reset" : "");
    };
    // Directives only at the top; a blank line ends them.
    QCOMPARE_STR(run({{"# syntax=docker/dockerfile:1", "Directive:# syntax=docker/dockerfile:1"},
                  {"#check=skip=all", "Directive:#check=skip=all"},
                  {"", ""},
                  {"# escape=`", "Comment:# escape=`"},
                  {"FROM a", "Instruction:FROM Text:a"}}),
             std::string());
    // An unknown directive is a comment and ends the directives.
    QCOMPARE_STR(run({{"# foo=bar", "Comment:# foo=bar"}, {"# syntax=x", "Comment:# syntax=x"}}), std::string());
    // Continuations carry the instruction, its exec form and its flags; comments and blank lines inside.
    QCOMPARE_STR(run({{"RUN --mount=type=cache,target=/x \\", "Instruction:RUN Flag:--mount=type=cache,target=/x Continuation:\\"},
                  {"    --network=none \\", "Flag:--network=none Continuation:\\"},
                  {"  # comment inside", "Comment:# comment inside"},
                  {"", ""},
                  {"    make --jobs=2", "Text:make Text:--jobs=2"}}),
             std::string());
    QCOMPARE_STR(run({{"CMD [\"a\", \\", "Instruction:CMD Punctuation:[ String:\"a\" Punctuation:, Continuation:\\"},
                  {"     \"b\"]", "String:\"b\" Punctuation:]"}}),
             std::string());
    QCOMPARE_STR(run({{"FROM alpine \\", "Instruction:FROM Text:alpine Continuation:\\"},
                  {"  AS base", "Keyword:AS Text:base"}}),
             std::string());
    QCOMPARE_STR(run({{"ONBUILD \\", "Instruction:ONBUILD Continuation:\\"}, {"  RUN x", "Instruction:RUN Text:x"}}),
             std::string());
    QCOMPARE_STR(run({{"\\", "Continuation:\\"}, {"RUN x", "Instruction:RUN Text:x"}}), std::string());
    // Heredocs start after the continued instruction; bodies look like anything but are bodies.
    QCOMPARE_STR(run({{"RUN <<EOF \\", "Instruction:RUN HeredocMarker:<<EOF Continuation:\\"},
                  {"  <<-END bash", "HeredocMarker:<<-END Text:bash"},
                  {"FROM not-an-instruction", "HeredocBody:FROM not-an-instruction"},
                  {"# not a comment \\", "HeredocBody:# not a comment \\"},
                  {"EOF", "HeredocEnd:EOF"},
                  {"\t\tEOF", "HeredocBody:\t\tEOF"},
                  {"\tEND", "HeredocEnd:END"},
                  {"EXPOSE 80", "Instruction:EXPOSE Number:80"}}),
             std::string());
    // The escape directive changes the continuation character.
    QCOMPARE_STR(run({{"# escape=`", "Directive:# escape=`"},
                  {"RUN dir c:\\ `", "Instruction:RUN Text:dir Text:c:\\ Continuation:`"},
                  {"  /w", "Text:/w"}}),
             std::string());
    // HEALTHCHECK's CMD continues as CMD.
    QCOMPARE_STR(run({{"HEALTHCHECK --retries=3 CMD \\", "Instruction:HEALTHCHECK Flag:--retries=3 Keyword:CMD Continuation:\\"},
                  {"  [\"true\"]", "Punctuation:[ String:\"true\" Punctuation:]"}}),
             std::string());
}

void tst_Dockerfile::lexStateHash()
{
    LexState a, b;
    QCOMPARE(a.hash(), b.hash());
    QVERIFY(a == b);
    b.heredocs.push_back("EOF");
    b.heredocStripTabs.push_back(false);
    QVERIFY(!(a == b));
    QVERIFY(a.hash() != b.hash());
    LexState c;
    c.escape = '`';
    QVERIFY(a.hash() != c.hash());
    // A finished line leaves the same state whatever the instruction was, so the editor stops re-lexing.
    std::vector<Token> out;
    LexState top;
    top.directivesAllowed = false;
    QVERIFY(::flotilla::engine::image::lexLine("RUN x", top, out) == ::flotilla::engine::image::lexLine("COPY --from=a b c", top, out));
}

void tst_Dockerfile::instructionTables()
{
    QCOMPARE(allInstructions().size(), std::size_t(18));
    for (InstructionKind k : allInstructions()) {
        const std::string_view name = instructionName(k);
        QVERIFY(!name.empty());
        QCOMPARE(instructionKind(name), k);
        std::string lower(name);
        for (char &c : lower)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        QCOMPARE(instructionKind(lower), k);
    }
    QCOMPARE(instructionName(InstructionKind::Unknown), std::string_view());
    QCOMPARE(instructionKind("FROMM"), InstructionKind::Unknown);
    QCOMPARE(instructionKind(""), InstructionKind::Unknown);
    QCOMPARE(instructionFlags(InstructionKind::Copy),
             (std::vector<std::string>{"--from", "--chown", "--chmod", "--link", "--parents", "--exclude"}));
    QCOMPARE(instructionFlags(InstructionKind::From), (std::vector<std::string>{"--platform"}));
    QCOMPARE(instructionFlags(InstructionKind::Run), (std::vector<std::string>{"--mount", "--network", "--security"}));
    QVERIFY(instructionFlags(InstructionKind::Env).empty());
    QCOMPARE(instructionFlags(InstructionKind::Healthcheck).size(), std::size_t(5));
    QCOMPARE(severityName(Severity::Error), std::string("error"));
    QCOMPARE(severityName(Severity::Warning), std::string("warning"));
    QCOMPARE(severityName(Severity::Info), std::string("info"));
    QCOMPARE(severityName(Severity::Style), std::string("style"));
}

// Random bytes, truncations and mutations of the corpus: no crash, no hang, ranges inside the text.
void tst_Dockerfile::robustness()
{
    std::mt19937 rng(20240611);
    std::vector<std::string> inputs;
    for (const QString &file : corpusFiles()) {
        const std::string text = readFile(kCorpusDir + "/" + file);
        for (std::size_t cut = 0; cut < text.size(); cut += 1 + text.size() / 23)
            inputs.push_back(text.substr(0, cut));
        for (int m = 0; m < 8; ++m) {
            std::string mutated = text;
            for (int k = 0; k < 4 && !mutated.empty(); ++k) {
                static const char alphabet[] = "\\`$'\"{}[],=<-#\n\t :?%AEOF";
                mutated[rng() % mutated.size()] = alphabet[rng() % (sizeof alphabet - 1)];
            }
            inputs.push_back(std::move(mutated));
        }
    }
    for (int i = 0; i < 300; ++i) {
        std::string bytes(rng() % 200, '\0');
        for (char &c : bytes)
            c = char(rng() % 256);
        inputs.push_back(std::move(bytes));
    }
    inputs.push_back(std::string(5000, '\\') + "\n");
    inputs.push_back("FROM a\nRUN " + std::string(3000, '[') + "\n");
    inputs.push_back("FROM a\nENV A=" + std::string(2000, '$') + std::string(2000, '{') + "\n");
    inputs.push_back("FROM a\nRUN <<" + std::string(100, '-') + "\n");

    const Variables vars{{"A", "x"}};
    for (const std::string &text : inputs) {
        const ParseResult r = parseDockerfile(text);
        for (const Diagnostic &d : r.errors) {
            QVERIFY(d.range.begin.offset <= d.range.end.offset);
            QVERIFY(d.range.end.offset <= int(text.size()) + 1);
        }
        for (const Instruction &ins : r.file.instructions) {
            QVERIFY(ins.range.begin.offset <= ins.range.end.offset);
            for (const Word &w : ins.words)
                (void)::flotilla::engine::image::expandVariables(w.raw, vars);
            (void)::flotilla::engine::image::parseKeyValues(ins);
        }
        std::vector<std::vector<Token>> perLine;
        lexAll(text, perLine);
        const auto lines = splitLines(text);
        for (std::size_t l = 0; l < perLine.size(); ++l) {
            for (const Token &t : perLine[l])
                QVERIFY(t.start >= 0 && t.length > 0 && t.start + t.length <= int(lines[l].size()));
        }
    }
    (void)::flotilla::engine::image::expandVariables(std::string(500, '$') + std::string(500, '{'), vars);
    std::string deep;
    for (int i = 0; i < 200; ++i)
        deep += "${A:-";
    QVERIFY(!::flotilla::engine::image::expandVariables(deep + std::string(200, '}'), vars).ok());
}

QTEST_GUILESS_MAIN(tst_Dockerfile)
#include "tst_dockerfile.moc"
