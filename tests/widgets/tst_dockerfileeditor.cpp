#include <engine/image/instructiondocs.h>
#include <engine/image/lint.h>
#include <widgets/dockerfileeditor.h>
#include <widgets/dockerfilehighlighter.h>
#include <widgets/dockerfilepane.h>
#include <widgets/problemslist.h>

#include <QAbstractItemView>
#include <QLabel>
#include <QCompleter>
#include <QMenu>
#include <QSplitter>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolTip>
#include <QtTest>

using namespace flotilla;
using widgets::DockerfileEditor;
using widgets::DockerfileHighlighter;
using widgets::DockerfilePane;
using widgets::ProblemsList;
namespace image = engine::image;
using image::Severity;
using image::TokenKind;

namespace {

/// The highlighter's format at a UTF-16 position of a 0-based line (an empty format when none).
QTextCharFormat formatAt(QTextDocument *doc, int line, int column, int *rangeStart = nullptr, int *rangeLength = nullptr)
{
    const QTextBlock block = doc->findBlockByNumber(line);
    for (const QTextLayout::FormatRange &r : block.layout()->formats()) {
        if (column >= r.start && column < r.start + r.length) {
            if (rangeStart)
                *rangeStart = r.start;
            if (rangeLength)
                *rangeLength = r.length;
            return r.format;
        }
    }
    return {};
}

bool sameColour(const QTextCharFormat &a, const QTextCharFormat &b)
{
    return a.foreground().color() == b.foreground().color() && a.fontWeight() == b.fontWeight()
           && a.fontItalic() == b.fontItalic() && a.background() == b.background();
}

QString describe(const QList<image::Diagnostic> &diagnostics)
{
    QStringList out;
    for (const auto &d : diagnostics)
        out << QStringLiteral("%1:%2 %3 %4 %5")
                   .arg(d.range.begin.line)
                   .arg(d.range.begin.column)
                   .arg(QString::fromStdString(image::severityName(d.severity)), QString::fromStdString(d.code),
                        QString::fromStdString(d.message));
    return out.join(QLatin1Char('\n'));
}

const image::Diagnostic *findCode(const QList<image::Diagnostic> &diagnostics, const char *code)
{
    for (const auto &d : diagnostics)
        if (d.code == code)
            return &d;
    return nullptr;
}

void putCursorAtEnd(DockerfileEditor &editor)
{
    QTextCursor c = editor.textCursor();
    c.movePosition(QTextCursor::End);
    editor.setTextCursor(c);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class tst_DockerfileEditor : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void highlightsInstructionsAndComments();
    void highlightsNonAsciiAtTheRightPositions();
    void highlightsHeredocBodies();
    void carriesContinuationState();
    void diagnosticsAppearAfterTheDebounceAndGoWhenFixed();
    void underlinesCountInCharactersNotBytes();
    void completesInstructionsAtLineStart();
    void completesFlagsOfTheCurrentInstruction();
    void hoverShowsDocumentationAndDiagnostics();
    void tooltipsFollowTheMouse();
    void applyFixIsOneUndoableEdit();
    void quickFixFromTheContextMenuAndShortcut();
    void openFileRefusesWhatItCannotEdit_data();
    void openFileRefusesWhatItCannotEdit();
    void openAndSaveKeepLineEndings();
    void templatesLoadAndLintWithoutErrors_data();
    void templatesLoadAndLintWithoutErrors();
    void templatesWriteTheirBuildContext();
    void problemsListActivationMovesTheCursor();
    void navigationSignalsTheCursorLine();
    void paneStatusAccessorsAndBuild();
    void largeFilesLintOffTheGuiThread();
    void screenshot();
};

void tst_DockerfileEditor::initTestCase()
{
    // The tests assume a light palette (colours are compared against formatFor, so any palette works).
    QVERIFY(!DockerfileEditor::templates().isEmpty());
}

void tst_DockerfileEditor::highlightsInstructionsAndComments()
{
    DockerfileEditor editor;
    editor.setPlainText(QStringLiteral("# syntax=docker/dockerfile:1\n"
                                       "FROM node:20 AS build\n"
                                       "# a comment\n"
                                       "COPY --from=build /app /app\n"
                                       "EXPOSE 8080\n"));
    auto *h = editor.highlighter();
    h->rehighlight();
    QTextDocument *doc = editor.document();

    const QTextCharFormat instruction = h->formatFor(TokenKind::Instruction);
    QCOMPARE(instruction.fontWeight(), int(QFont::Bold));
    int start = -1, length = -1;
    QVERIFY(sameColour(formatAt(doc, 1, 0, &start, &length), instruction));
    QCOMPARE(start, 0);
    QCOMPARE(length, 4);                                                    // "FROM"
    QVERIFY(formatAt(doc, 1, 5).foreground().color() != instruction.foreground().color()); // the image is not an instruction
    QVERIFY(sameColour(formatAt(doc, 1, 13), h->formatFor(TokenKind::Keyword)));           // AS

    const QTextCharFormat comment = h->formatFor(TokenKind::Comment);
    QVERIFY(comment.fontItalic());
    QVERIFY(sameColour(formatAt(doc, 2, 0, &start, &length), comment));
    QCOMPARE(length, 11);
    QVERIFY(sameColour(formatAt(doc, 0, 2), h->formatFor(TokenKind::Directive)));
    QVERIFY(sameColour(formatAt(doc, 3, 5, &start, &length), h->formatFor(TokenKind::Flag)));
    QCOMPARE(start, 5);
    QVERIFY(sameColour(formatAt(doc, 4, 7), h->formatFor(TokenKind::Number)));

    // An unknown instruction word is an error: red wavy underline.
    editor.setPlainText(QStringLiteral("FROM alpine\nFOOBAR x\n"));
    h->rehighlight();
    const QTextCharFormat error = formatAt(doc, 1, 2);
    QCOMPARE(error.underlineStyle(), QTextCharFormat::WaveUnderline);
    QVERIFY(sameColour(error, h->formatFor(TokenKind::Error)));
}

void tst_DockerfileEditor::highlightsNonAsciiAtTheRightPositions()
{
    DockerfileEditor editor;
    const QString comment = QStringLiteral("# Größe: ✓ 😀 ok");
    const QString run = QStringLiteral("RUN echo \"ä😀ß\" $HOME");
    editor.setPlainText(comment + QLatin1Char('\n') + run + QLatin1Char('\n'));
    auto *h = editor.highlighter();
    h->rehighlight();
    QTextDocument *doc = editor.document();

    int start = -1, length = -1;
    QVERIFY(sameColour(formatAt(doc, 0, 0, &start, &length), h->formatFor(TokenKind::Comment)));
    QCOMPARE(start, 0);
    QCOMPARE(length, int(comment.size())); // UTF-16 length, not the 22 bytes

    const int quote = int(run.indexOf(QLatin1Char('"')));
    QVERIFY(sameColour(formatAt(doc, 1, quote, &start, &length), h->formatFor(TokenKind::String)));
    QCOMPARE(start, quote);
    QCOMPARE(length, 6); // "ä😀ß" with quotes: 6 UTF-16 units (9 bytes)
    const int home = int(run.indexOf(QLatin1String("$HOME")));
    QVERIFY(sameColour(formatAt(doc, 1, home, &start, &length), h->formatFor(TokenKind::Variable)));
    QCOMPARE(start, home);
    QCOMPARE(length, 5);
    QVERIFY(sameColour(formatAt(doc, 1, 0), h->formatFor(TokenKind::Instruction)));
}

void tst_DockerfileEditor::highlightsHeredocBodies()
{
    DockerfileEditor editor;
    editor.setPlainText(QStringLiteral("FROM alpine\n"
                                       "RUN <<EOF\n"
                                       "apk add curl\n"
                                       "echo ä done\n"
                                       "EOF\n"
                                       "CMD [\"sh\"]\n"));
    auto *h = editor.highlighter();
    h->rehighlight();
    QTextDocument *doc = editor.document();
    const QTextCharFormat body = h->formatFor(TokenKind::HeredocBody);
    QVERIFY(body.background().style() != Qt::NoBrush);
    QVERIFY(sameColour(formatAt(doc, 1, 5), h->formatFor(TokenKind::HeredocMarker)));
    int start = -1, length = -1;
    QVERIFY(sameColour(formatAt(doc, 2, 0, &start, &length), body)); // "apk" is not an instruction here
    QCOMPARE(length, 12);
    QVERIFY(sameColour(formatAt(doc, 3, 0, &start, &length), body));
    QCOMPARE(length, 11);
    QVERIFY(sameColour(formatAt(doc, 4, 0), h->formatFor(TokenKind::HeredocEnd)));
    QVERIFY(sameColour(formatAt(doc, 5, 0), h->formatFor(TokenKind::Instruction)));
    QVERIFY(!DockerfileHighlighter::stateAfter(doc->findBlockByNumber(2)).heredocs.empty());
    QVERIFY(DockerfileHighlighter::stateAfter(doc->findBlockByNumber(4)).heredocs.empty());

    // Removing the closing delimiter turns the rest of the file into the body: the following lines are
    // re-coloured although only one line changed.
    QTextCursor c(doc->findBlockByNumber(4));
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.insertText(QStringLiteral("EOFX"));
    QVERIFY(sameColour(formatAt(doc, 5, 0), body));
    c.movePosition(QTextCursor::StartOfBlock);
    c.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    c.insertText(QStringLiteral("EOF"));
    QVERIFY(sameColour(formatAt(doc, 5, 0), h->formatFor(TokenKind::Instruction)));
}

void tst_DockerfileEditor::carriesContinuationState()
{
    DockerfileEditor editor;
    editor.setPlainText(QStringLiteral("FROM alpine\n"
                                       "RUN apk add \\\n"
                                       "    copy $HOME\n"
                                       "COPY a b\n"));
    auto *h = editor.highlighter();
    h->rehighlight();
    QTextDocument *doc = editor.document();
    QVERIFY(DockerfileHighlighter::stateAfter(doc->findBlockByNumber(1)).continuation);
    QCOMPARE(DockerfileHighlighter::stateAfter(doc->findBlockByNumber(1)).instruction, image::InstructionKind::Run);
    QVERIFY(!sameColour(formatAt(doc, 2, 4), h->formatFor(TokenKind::Instruction))); // "copy" is an argument
    QVERIFY(sameColour(formatAt(doc, 2, 9), h->formatFor(TokenKind::Variable)));
    QVERIFY(sameColour(formatAt(doc, 3, 0), h->formatFor(TokenKind::Instruction)));

    // Typing the escape character at the end of a line re-colours the next line as a continuation.
    editor.setPlainText(QStringLiteral("FROM alpine\nRUN true\nCOPY a b\n"));
    QTRY_VERIFY(sameColour(formatAt(doc, 2, 0), h->formatFor(TokenKind::Instruction)));
    QTextCursor c(doc->findBlockByNumber(1));
    c.movePosition(QTextCursor::EndOfBlock);
    c.insertText(QStringLiteral(" \\"));
    QVERIFY(!sameColour(formatAt(doc, 2, 0), h->formatFor(TokenKind::Instruction)));
    c.deletePreviousChar();
    QVERIFY(sameColour(formatAt(doc, 2, 0), h->formatFor(TokenKind::Instruction)));
}

void tst_DockerfileEditor::diagnosticsAppearAfterTheDebounceAndGoWhenFixed()
{
    DockerfileEditor editor;
    QSignalSpy changed(&editor, &DockerfileEditor::diagnosticsChanged);
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\n  FOOBAR x\nCMD [\"sh\"]\n"));
    QVERIFY(editor.isLintPending());
    QVERIFY(editor.diagnostics().isEmpty()); // not yet: the lint waits until typing stops
    QElapsedTimer timer;
    timer.start();
    QVERIFY(changed.wait(2000));
    QVERIFY2(timer.elapsed() >= DockerfileEditor::kLintDelayMs - 20, qPrintable(QString::number(timer.elapsed())));
    const auto *unknown = findCode(editor.diagnostics(), "DF003");
    QVERIFY2(unknown, qPrintable(describe(editor.diagnostics())));
    QCOMPARE(unknown->severity, Severity::Error);
    QCOMPARE(unknown->range.begin.line, 2);
    QCOMPARE(unknown->range.begin.column, 3);
    QCOMPARE(changed.last().at(0).toInt(), int(editor.diagnostics().size()));

    QCOMPARE(editor.gutterMarks().value(1, Severity::Style), Severity::Error);
    QCOMPARE(editor.underlineCount(), int(editor.diagnostics().size()));
    int waves = 0;
    for (const auto &sel : editor.extraSelections())
        if (sel.format.underlineStyle() == QTextCharFormat::WaveUnderline) {
            ++waves;
            if (sel.cursor.selectedText() == QLatin1String("FOOBAR"))
                QCOMPARE(sel.format.underlineColor(), DockerfileEditor::severityColor(Severity::Error));
        }
    QVERIFY(waves >= 1);
    QCOMPARE(editor.diagnosticCount(Severity::Error), 1);

    // Fix it by typing: the problem goes away after the next lint.
    QTextCursor c = editor.document()->find(QStringLiteral("FOOBAR"));
    c.insertText(QStringLiteral("RUN"));
    QVERIFY(changed.wait(2000));
    QVERIFY2(!findCode(editor.diagnostics(), "DF003"), qPrintable(describe(editor.diagnostics())));
    QVERIFY(!editor.gutterMarks().contains(1) || editor.gutterMarks().value(1) != Severity::Error);
    QCOMPARE(editor.diagnosticCount(Severity::Error), 0);
}

void tst_DockerfileEditor::underlinesCountInCharactersNotBytes()
{
    DockerfileEditor editor;
    const QString line = QStringLiteral("WORKDIR äpp/größe");
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\n") + line + QStringLiteral("\nCMD [\"sh\"]\n"));
    editor.lintNow();
    int index = -1;
    for (int i = 0; i < editor.diagnostics().size(); ++i)
        if (editor.diagnostics()[i].range.begin.line == 2)
            index = i;
    QVERIFY2(index >= 0, qPrintable(describe(editor.diagnostics())));
    const image::Diagnostic d = editor.diagnostics()[index];
    QCOMPARE(d.range.begin.column, 9); // byte column of "äpp"
    const QTextCursor c = editor.diagnosticCursor(index);
    const int blockStart = editor.document()->findBlockByNumber(1).position();
    QCOMPARE(c.selectionStart() - blockStart, 8);
    if (d.range.end.line == 2 && d.range.end.column > d.range.begin.column) // a range over the path
        QCOMPARE(c.selectedText(), line.mid(8, c.selectionEnd() - c.selectionStart()));
    QCOMPARE(editor.characterColumn(2, 9), 9);
    QCOMPARE(editor.characterColumn(2, 14), 13); // after "äpp/" (5 bytes, 4 characters)
}

void tst_DockerfileEditor::completesInstructionsAtLineStart()
{
    DockerfileEditor editor;
    editor.resize(600, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(QStringLiteral("FROM alpine\n"));
    putCursorAtEnd(editor);

    // Ctrl+Space on an empty line offers every instruction.
    QTest::keyClick(&editor, Qt::Key_Space, Qt::ControlModifier);
    QTRY_VERIFY(editor.completer()->popup()->isVisible());
    QStringList expected;
    for (auto kind : image::allInstructions())
        expected << QString::fromStdString(std::string(image::instructionName(kind)));
    QCOMPARE(editor.completionItems(), expected);
    QVERIFY(editor.completionItems().contains(QLatin1String("HEALTHCHECK")));
    QTest::keyClick(editor.completer()->popup(), Qt::Key_Escape);
    QTRY_VERIFY(!editor.completer()->popup()->isVisible());

    // Two letters at the start of a line open the popup on their own; Enter completes, upper-cased.
    QTest::keyClicks(&editor, QStringLiteral("co"));
    QTRY_VERIFY(editor.completer()->popup()->isVisible());
    QCOMPARE(editor.completer()->completionPrefix(), QStringLiteral("co"));
    QCOMPARE(editor.completer()->currentCompletion(), QStringLiteral("COPY"));
    QTest::keyClick(editor.completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(editor.document()->lastBlock().text(), QStringLiteral("COPY "));

    // One letter is not enough; inside a continuation or a comment, no instruction is offered.
    editor.setPlainText(QStringLiteral("FROM alpine\nRUN true \\\n"));
    putCursorAtEnd(editor);
    QTest::keyClicks(&editor, QStringLiteral("ru"));
    QTest::qWait(50);
    QVERIFY(!editor.completer()->popup()->isVisible());
    editor.setPlainText(QStringLiteral("# "));
    putCursorAtEnd(editor);
    QTest::keyClicks(&editor, QStringLiteral("ru"));
    QTest::qWait(50);
    QVERIFY(!editor.completer()->popup()->isVisible());
}

void tst_DockerfileEditor::completesFlagsOfTheCurrentInstruction()
{
    DockerfileEditor editor;
    editor.resize(600, 400);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(QStringLiteral("FROM alpine AS build\nFROM alpine\nCOPY "));
    putCursorAtEnd(editor);
    QTest::keyClicks(&editor, QStringLiteral("--"));
    QTRY_VERIFY(editor.completer()->popup()->isVisible());
    const QStringList items = editor.completionItems();
    QVERIFY2(items.contains(QLatin1String("--from")) && items.contains(QLatin1String("--chown"))
                 && items.contains(QLatin1String("--chmod")) && items.contains(QLatin1String("--link")),
             qPrintable(items.join(QLatin1Char(' '))));
    QVERIFY(!items.contains(QLatin1String("--platform")));
    QTest::keyClicks(&editor, QStringLiteral("fr"));
    QCOMPARE(editor.completer()->currentCompletion(), QStringLiteral("--from"));
    QTest::keyClick(editor.completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(editor.document()->lastBlock().text(), QStringLiteral("COPY --from="));

    // A boolean flag gets no "=", and flags of a continued instruction are offered on the next line.
    editor.setPlainText(QStringLiteral("FROM alpine\nCOPY --chown=app \\\n    "));
    putCursorAtEnd(editor);
    QTest::keyClicks(&editor, QStringLiteral("--li"));
    QTRY_VERIFY(editor.completer()->popup()->isVisible());
    QTest::keyClick(editor.completer()->popup(), Qt::Key_Return);
    QTRY_COMPARE(editor.document()->lastBlock().text(), QStringLiteral("    --link"));

    // RUN has its own flags; after the arguments began, no flags are offered.
    editor.setPlainText(QStringLiteral("FROM alpine\nRUN "));
    putCursorAtEnd(editor);
    editor.triggerCompletion();
    QVERIFY(editor.completionItems().contains(QLatin1String("--mount")));
    editor.completer()->popup()->hide();
    editor.setPlainText(QStringLiteral("FROM alpine\nCOPY a.txt "));
    putCursorAtEnd(editor);
    QTest::keyClicks(&editor, QStringLiteral("--"));
    QTest::qWait(50);
    QVERIFY(!editor.completer()->popup()->isVisible());
}

void tst_DockerfileEditor::hoverShowsDocumentationAndDiagnostics()
{
    DockerfileEditor editor;
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\nWORKDIR app\nCMD [\"sh\"]\n"));
    editor.lintNow();
    const image::InstructionDoc &doc = image::instructionDoc(image::InstructionKind::From);
    QVERIFY(!doc.synopsis.empty());
    const QString hover = editor.hoverText(2); // inside "FROM"
    const auto synopsis = [](const image::InstructionDoc &d) {
        return QString::fromStdString(d.synopsis).toHtmlEscaped().replace(QLatin1Char('-'), QChar(0x2011));
    };
    QVERIFY2(hover.contains(synopsis(doc)), qPrintable(hover));
    QVERIFY(hover.contains(QString::fromStdString(doc.summary).toHtmlEscaped()));
    QVERIFY(hover.contains(QString::fromStdString(doc.details).toHtmlEscaped()));
    QVERIFY(editor.hoverText(8).isEmpty()); // the image name: nothing to say

    const int workdir = editor.document()->findBlockByNumber(1).position();
    const auto *relative = [&]() -> const image::Diagnostic * {
        for (const auto &d : editor.diagnostics())
            if (d.range.begin.line == 2 && d.fix)
                return &d;
        return nullptr;
    }();
    QVERIFY2(relative, qPrintable(describe(editor.diagnostics())));
    const QString onArg = editor.hoverText(workdir + 9);
    QVERIFY2(onArg.contains(QString::fromStdString(relative->message).toHtmlEscaped()), qPrintable(onArg));
    QVERIFY(onArg.contains(QString::fromStdString(relative->hint).toHtmlEscaped()));
    // Hovering the WORKDIR keyword gives its documentation.
    QVERIFY(editor.hoverText(workdir + 1).contains(synopsis(image::instructionDoc(image::InstructionKind::Workdir))));
}

void tst_DockerfileEditor::tooltipsFollowTheMouse()
{
    DockerfileEditor editor;
    editor.resize(600, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\n  FOOBAR x\nCMD [\"sh\"]\n"));
    editor.lintNow();
    auto helpAt = [](QWidget *w, const QPoint &pos) {
        QHelpEvent event(QEvent::ToolTip, pos, w->mapToGlobal(pos));
        QCoreApplication::sendEvent(w, &event);
    };
    QTextCursor c(editor.document());
    c.setPosition(2);
    helpAt(editor.viewport(), editor.cursorRect(c).center());
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("FROM")), qPrintable(QToolTip::text()));
    c.setPosition(editor.document()->findBlockByNumber(1).position() + 4);
    helpAt(editor.viewport(), editor.cursorRect(c).center());
    QTRY_VERIFY(QToolTip::text().contains(QLatin1String("DF003")));
    // Past the end of a line there is nothing to explain.
    helpAt(editor.viewport(), QPoint(editor.viewport()->width() - 5, editor.cursorRect(c).center().y()));
    QTRY_VERIFY(!QToolTip::isVisible());

    auto *gutter = editor.findChild<QWidget *>(QStringLiteral("dockerfileGutter"));
    QVERIFY(gutter);
    QVERIFY(gutter->width() > 20);
    helpAt(gutter, QPoint(4, editor.cursorRect(c).center().y()));
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("FOOBAR")), qPrintable(QToolTip::text()));
    QToolTip::hideText();
}

void tst_DockerfileEditor::applyFixIsOneUndoableEdit()
{
    DockerfileEditor editor;
    const QString original = QStringLiteral("FROM alpine:3.19\nWORKDIR app\nCMD [\"sh\"]\n");
    editor.setPlainText(original);
    editor.lintNow();
    const image::Diagnostic *fixable = nullptr;
    for (const auto &d : editor.diagnostics())
        if (d.fix && d.range.begin.line == 2)
            fixable = &d;
    QVERIFY2(fixable, qPrintable(describe(editor.diagnostics())));
    const image::Diagnostic d = *fixable;
    QVERIFY(!editor.document()->isUndoAvailable());
    QVERIFY(editor.applyFix(d));
    QVERIFY2(editor.toPlainText().contains(QLatin1String("WORKDIR /app")), qPrintable(editor.toPlainText()));
    for (const auto &after : editor.diagnostics()) // fixed at once, not after the debounce
        QVERIFY(!(after.code == d.code && after.range.begin.line == 2));
    editor.undo();
    QCOMPARE(editor.toPlainText(), original);
    QVERIFY(!editor.document()->isUndoAvailable()); // exactly one step
    editor.redo();
    QVERIFY(editor.toPlainText().contains(QLatin1String("WORKDIR /app")));

    image::Diagnostic noFix = d;
    noFix.fix.reset();
    QVERIFY(!editor.applyFix(noFix));

    // A fix applied while an edit waits for the lint finds its finding in the current text.
    editor.setPlainText(original);
    editor.lintNow();
    const auto stale = *std::find_if(editor.diagnostics().cbegin(), editor.diagnostics().cend(),
                                     [](const image::Diagnostic &x) { return x.fix && x.range.begin.line == 2; });
    QTextCursor top(editor.document());
    top.insertText(QStringLiteral("# first\n"));
    QVERIFY(editor.isLintPending());
    QVERIFY(editor.applyFix(stale));
    QVERIFY2(editor.toPlainText().contains(QLatin1String("# first\nFROM alpine:3.19\nWORKDIR /app\n")), qPrintable(editor.toPlainText()));
}

void tst_DockerfileEditor::quickFixFromTheContextMenuAndShortcut()
{
    DockerfileEditor editor;
    editor.resize(600, 300);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\nWORKDIR app\nCMD [\"sh\"]\n"));
    editor.lintNow();
    const int inside = editor.document()->findBlockByNumber(1).position() + 9;
    const QList<image::Diagnostic> fixes = editor.fixesAt(inside);
    QVERIFY(!fixes.isEmpty());
    std::unique_ptr<QMenu> menu(editor.createContextMenuAt(inside));
    const QString title = QStringLiteral("Quick fix: %1").arg(QString::fromStdString(fixes.first().fix->title));
    QCOMPARE(menu->actions().first()->text(), title);
    std::unique_ptr<QMenu> plain(editor.createContextMenuAt(2));
    QVERIFY(!plain->actions().first()->text().startsWith(QLatin1String("Quick fix")));
    menu->actions().first()->trigger();
    QVERIFY(editor.toPlainText().contains(QLatin1String("WORKDIR /app")));

    editor.setPlainText(QStringLiteral("FROM alpine:3.19\nWORKDIR app\nCMD [\"sh\"]\n"));
    editor.lintNow();
    QTextCursor c = editor.textCursor();
    c.setPosition(inside);
    editor.setTextCursor(c);
    QTest::keyClick(&editor, Qt::Key_Period, Qt::ControlModifier);
    QVERIFY(editor.toPlainText().contains(QLatin1String("WORKDIR /app")));
}

void tst_DockerfileEditor::openFileRefusesWhatItCannotEdit_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("binary") << QByteArray("\x7f" "ELF\x02\x01\x01\0\0\0\0\0FROM", 16) << QStringLiteral("binary");
    QTest::newRow("latin-1") << QByteArray("FROM alpine\n# Gr\xf6\xdf" "e\n") << QStringLiteral("UTF-8");
    QTest::newRow("too large") << QByteArray(DockerfileEditor::kMaxFileBytes + 10, '#') << QStringLiteral("1 MiB");
}

void tst_DockerfileEditor::openFileRefusesWhatItCannotEdit()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Dockerfile"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    DockerfileEditor editor;
    const QString text = QStringLiteral("FROM alpine\n# unsaved work\n");
    editor.setPlainText(text);
    editor.document()->setModified(true);
    QString error;
    QVERIFY(!editor.openFile(path, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY(error.contains(QDir::toNativeSeparators(path)));
    QCOMPARE(editor.toPlainText(), text); // nothing lost
    QVERIFY(editor.isModified());
    QVERIFY(editor.filePath().isEmpty());
    QVERIFY(!editor.openFile(dir.filePath(QStringLiteral("missing")), &error));
    QVERIFY(error.contains(QLatin1String("does not exist")));
    QCOMPARE(editor.toPlainText(), text);
}

void tst_DockerfileEditor::openAndSaveKeepLineEndings()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Dockerfile"));
    const QByteArray bytes("\xEF\xBB\xBF" "FROM alpine\r\n# caf\xC3\xA9\r\nRUN true\r\n");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    QFile(dir.filePath(QStringLiteral("app.js"))).open(QIODevice::WriteOnly);
    DockerfileEditor editor;
    QSignalSpy pathChanged(&editor, &DockerfileEditor::filePathChanged);
    QString error;
    QVERIFY2(editor.openFile(path, &error), qPrintable(error));
    QCOMPARE(editor.toPlainText(), QStringLiteral("FROM alpine\n# café\nRUN true\n"));
    QCOMPARE(editor.filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(pathChanged.size(), 1);
    QVERIFY(!editor.isModified());
    QVERIFY(editor.contextFiles().contains(QLatin1String("app.js")));
    QVERIFY(editor.saveFile(path, &error));
    QCOMPARE(readAll(path), bytes);

    QTextCursor end(editor.document());
    end.movePosition(QTextCursor::End);
    end.insertText(QStringLiteral("CMD [\"sh\"]"));
    QVERIFY(editor.isModified());
    const QString other = dir.filePath(QStringLiteral("Dockerfile.dev"));
    QVERIFY(editor.saveFile(other, &error));
    QVERIFY(!editor.isModified());
    QCOMPARE(editor.filePath(), QFileInfo(other).absoluteFilePath());
    QVERIFY(readAll(other).endsWith("RUN true\r\nCMD [\"sh\"]"));
    QVERIFY(!editor.saveFile(dir.filePath(QStringLiteral("no/such/dir/Dockerfile")), &error));
    QVERIFY(error.startsWith(QLatin1String("Cannot save")));
}

void tst_DockerfileEditor::templatesLoadAndLintWithoutErrors_data()
{
    QTest::addColumn<QString>("id");
    for (const auto &t : DockerfileEditor::templates())
        QTest::newRow(qPrintable(t.id)) << t.id;
}

void tst_DockerfileEditor::templatesLoadAndLintWithoutErrors()
{
    QFETCH(QString, id);
    DockerfileEditor editor;
    QVERIFY(editor.loadTemplate(id));
    QVERIFY(editor.toPlainText().contains(QLatin1String("FROM ")));
    QCOMPARE(editor.templateId(), id);
    QVERIFY(editor.filePath().isEmpty());
    QVERIFY(!editor.isModified());
    QVERIFY(editor.contextFiles().contains(QLatin1String("Dockerfile")));
    editor.lintNow();
    QCOMPARE(editor.diagnosticCount(Severity::Error), 0);
    if (!editor.diagnostics().isEmpty())
        qInfo().noquote() << id << "findings:\n" << describe(editor.diagnostics());
    // The engine's parser agrees.
    const QByteArray text = editor.utf8Text();
    QVERIFY(image::parseDockerfile(std::string_view(text.constData(), std::size_t(text.size()))).ok());
}

void tst_DockerfileEditor::templatesWriteTheirBuildContext()
{
    const QStringList ids = [] {
        QStringList out;
        for (const auto &t : DockerfileEditor::templates())
            out << t.id;
        return out;
    }();
    QCOMPARE(ids, QStringList({QStringLiteral("node-microservice"), QStringLiteral("python-web"),
                               QStringLiteral("go-multistage"), QStringLiteral("nginx-static")}));
    QCOMPARE(DockerfileEditor::templateFiles(QStringLiteral("node-microservice")),
             QStringList({QStringLiteral(".dockerignore"), QStringLiteral("Dockerfile"), QStringLiteral("app.js"),
                          QStringLiteral("package.json")}));
    QVERIFY(DockerfileEditor::templateFiles(QStringLiteral("nginx-static")).contains(QLatin1String("site/index.html")));
    QVERIFY(DockerfileEditor::templateFiles(QStringLiteral("python-web")).contains(QLatin1String("requirements.txt")));
    QVERIFY(DockerfileEditor::templateFiles(QStringLiteral("go-multistage")).contains(QLatin1String("go.mod")));

    QTemporaryDir dir;
    const QDir target(dir.filePath(QStringLiteral("ctx/node")));
    QString error;
    QVERIFY2(DockerfileEditor::writeTemplate(QStringLiteral("node-microservice"), target, &error), qPrintable(error));
    // The files in the resources, byte for byte (the course's example).
    const QString example = QStringLiteral(FLOTILLA_SOURCE_DIR "/resources/templates/node-microservice/");
    for (const QString &f : {QStringLiteral(".dockerignore"), QStringLiteral("Dockerfile"), QStringLiteral("app.js"),
                             QStringLiteral("package.json")})
        QCOMPARE(readAll(target.filePath(f)), readAll(example + f));

    QVERIFY(DockerfileEditor::writeTemplate(QStringLiteral("nginx-static"), QDir(dir.filePath(QStringLiteral("web"))), &error));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("web/site/index.html"))));
    QVERIFY(!DockerfileEditor::writeTemplate(QStringLiteral("nope"), QDir(dir.path()), &error));
    QVERIFY(error.contains(QLatin1String("nope")));
    DockerfileEditor editor;
    QVERIFY(!editor.loadTemplate(QStringLiteral("nope")));
}

void tst_DockerfileEditor::problemsListActivationMovesTheCursor()
{
    DockerfileEditor editor;
    ProblemsList list;
    list.setEditor(&editor);
    editor.setPlainText(QStringLiteral("FROM alpine:3.19\n# ünïcode\nRUN true\n  FOOBAR x\nCMD [\"sh\"]\n"));
    editor.lintNow();
    QCOMPARE(list.topLevelItemCount(), int(editor.diagnostics().size()));
    int row = -1;
    for (int i = 0; i < list.topLevelItemCount(); ++i)
        if (list.diagnosticAt(i).code == "DF003")
            row = i;
    QVERIFY2(row >= 0, qPrintable(describe(editor.diagnostics())));
    QTreeWidgetItem *item = list.topLevelItem(row);
    QCOMPARE(item->text(ProblemsList::LocationColumn), QStringLiteral("4:3"));
    QCOMPARE(item->text(ProblemsList::RuleColumn), QStringLiteral("DF003"));
    QVERIFY(item->text(ProblemsList::MessageColumn).contains(QLatin1String("FOOBAR")));
    QCOMPARE(item->toolTip(ProblemsList::MessageColumn).isEmpty(), false);
    QVERIFY(!item->icon(ProblemsList::LocationColumn).isNull());

    editor.moveCursor(QTextCursor::Start);
    QSignalSpy line(&editor, &DockerfileEditor::cursorLineChanged);
    emit list.itemActivated(item, 0);
    QCOMPARE(editor.textCursor().blockNumber(), 3);
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("FOOBAR"));
    QCOMPARE(editor.textCursor().positionInBlock(), 2); // the caret at the start of the range
    QCOMPARE(line.last().at(0).toInt(), 4);

    editor.moveCursor(QTextCursor::Start);
    list.activateRow(row);
    QCOMPARE(editor.textCursor().blockNumber(), 3);
}

void tst_DockerfileEditor::navigationSignalsTheCursorLine()
{
    DockerfileEditor editor;
    editor.setPlainText(QStringLiteral("FROM alpine\nRUN echo ä x\nCMD [\"sh\"]\n"));
    QSignalSpy line(&editor, &DockerfileEditor::cursorLineChanged);
    editor.goToLine(3);
    QCOMPARE(editor.textCursor().blockNumber(), 2);
    QCOMPARE(line.last().at(0).toInt(), 3);
    editor.selectRange(2, 10, 2, 11);
    QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("ä"));
    QCOMPARE(line.last().at(0).toInt(), 2);
    editor.goToLine(99); // clamped
    QCOMPARE(editor.textCursor().blockNumber(), editor.blockCount() - 1);
}

void tst_DockerfileEditor::paneStatusAccessorsAndBuild()
{
    DockerfilePane pane;
    QVERIFY(pane.newFromTemplate(QStringLiteral("python-web")));
    QVERIFY(pane.text().contains(QLatin1String("python:3.12-slim")));
    QCOMPARE(pane.templateId(), QStringLiteral("python-web"));
    QVERIFY(pane.contextDirectory().isEmpty());
    QVERIFY2(pane.statusText().endsWith(QLatin1String("Ln 1, Col 1")), qPrintable(pane.statusText()));
    pane.editor()->goToLine(3);
    QVERIFY2(pane.statusText().endsWith(QLatin1String("Ln 3, Col 1")), qPrintable(pane.statusText()));

    pane.editor()->setPlainText(QStringLiteral("FROM alpine\nFOOBAR\nBARBAZ\n"));
    pane.editor()->lintNow();
    const int n = int(pane.editor()->diagnostics().size());
    QVERIFY(n >= 2);
    QVERIFY2(pane.statusText().startsWith(QStringLiteral("%1 problems · Ln ").arg(n)), qPrintable(pane.statusText()));

    QSignalSpy build(&pane, &DockerfilePane::buildRequested);
    pane.buildAction()->trigger();
    QCOMPARE(build.size(), 1);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Dockerfile"));
    QVERIFY(pane.saveTo(path));
    QCOMPARE(pane.filePath(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(pane.contextDirectory(), QFileInfo(path).absolutePath());
    QVERIFY(pane.templateId().isEmpty());

    const QString binary = dir.filePath(QStringLiteral("image.bin"));
    {
        QFile f(binary);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray("\0\1\2\3", 4));
    }
    const QString before = pane.text();
    QVERIFY(!pane.openFile(binary));
    QVERIFY(pane.messageText().contains(QLatin1String("binary")));
    QCOMPARE(pane.text(), before);
    QCOMPARE(pane.filePath(), QFileInfo(path).absoluteFilePath());
    QVERIFY(pane.openFile(path));
    QVERIFY(pane.messageText().isEmpty());
}

void tst_DockerfileEditor::largeFilesLintOffTheGuiThread()
{
    // Over 256 KiB the debounced lint runs on a worker; its answer comes back to the GUI thread, and an
    // answer for an older text is dropped.
    QString text = QStringLiteral("FROM alpine:3.19\n");
    while (text.size() < 300 * 1024)
        text += QStringLiteral("RUN echo \"a line that makes the file large enough to leave the GUI thread\"\n");
    text += QStringLiteral("FOOBAR\n");
    DockerfileEditor editor;
    QSignalSpy changed(&editor, &DockerfileEditor::diagnosticsChanged);
    editor.setPlainText(text);
    QTRY_VERIFY_WITH_TIMEOUT(findCode(editor.diagnostics(), "DF003") != nullptr, 10000);
    QCOMPARE(findCode(editor.diagnostics(), "DF003")->range.begin.line, editor.blockCount() - 1);
    QVERIFY(!editor.isLintPending());

    // The editor may go away while a worker still lints its text.
    auto *doomed = new DockerfileEditor;
    doomed->setPlainText(text);
    QTest::qWait(DockerfileEditor::kLintDelayMs + 10);
    delete doomed;
    QTest::qWait(200);
}

void tst_DockerfileEditor::screenshot()
{
    const QString shots = qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR");
    if (shots.isEmpty())
        QSKIP("set FLOTILLA_SCREENSHOT_DIR to write a screenshot of the pane");
    DockerfilePane pane;
    pane.resize(960, 700);
    QVERIFY(pane.newFromTemplate(QStringLiteral("node-microservice")));
    // A few slips a learner makes, so the problems list and underlines have something to show.
    QTextCursor c(pane.editor()->document());
    c.movePosition(QTextCursor::End);
    c.insertText(QStringLiteral("\n# Größere Änderungen: check the health of the app ✓\n"
                                "run apt-get install curl\n"
                                "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/healthz || exit 1\n"
                                "ENTRYPONT node app.js\n"));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    pane.editor()->lintNow();
    pane.editor()->goToLine(13);
    QTest::qWait(100);
    QDir().mkpath(shots);
    const QString path = QDir(shots).filePath(QStringLiteral("dockerfilepane.png"));
    QVERIFY(pane.saveScreenshot(path));
    qInfo("wrote %s (%s)", qPrintable(path), qPrintable(pane.statusText()));

    // The hover help for COPY, rendered as the tooltip label does (rich text, word wrap).
    QLabel tip(pane.editor()->hoverText(pane.editor()->document()->findBlockByNumber(7).position() + 1));
    tip.setWordWrap(true);
    tip.setMargin(6);
    tip.setStyleSheet(QStringLiteral("background: #ffffe1; color: black;"));
    tip.adjustSize();
    QVERIFY(tip.grab().save(QDir(shots).filePath(QStringLiteral("dockerfile-hover.png")), "PNG"));

    // The same in a dark palette: the colours follow it.
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2b));
    dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Button, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::ButtonText, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    dark.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x8e, 0x94));
    pane.setPalette(dark);
    QTest::qWait(50);
    QVERIFY(pane.editor()->highlighter()->darkBackground());
    QVERIFY(pane.saveScreenshot(QDir(shots).filePath(QStringLiteral("dockerfilepane-dark.png"))));
}

QTEST_MAIN(tst_DockerfileEditor)
#include "tst_dockerfileeditor.moc"
