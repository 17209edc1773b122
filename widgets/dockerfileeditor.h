#pragma once

#include <engine/image/dockerfile.h>

#include <QList>
#include <QMap>
#include <QPlainTextEdit>
#include <QTimer>

class QCompleter;
class QDir;
class QMenu;
class QPainter;
class QStandardItemModel;

namespace flotilla::widgets {

class DockerfileGutter;
class DockerfileHighlighter;

/// A Dockerfile editor: syntax colours from the engine's lexer, line numbers with a mark per line that
/// has a problem, live lint (parse + rules, a short moment after typing stops) shown as wavy underlines,
/// completion of instructions and flags, hover documentation, quick fixes, and safe file handling
/// (binary, non-UTF-8 and huge files are refused without touching the text).
class DockerfileEditor final : public QPlainTextEdit {
    Q_OBJECT
public:
    using Diagnostic = engine::image::Diagnostic;
    using Severity = engine::image::Severity;

    /// A built-in example: a Dockerfile with the files of its build context, under :/templates/<id>/.
    struct Template {
        QString id;
        QString title;
        QString description;
    };

    static constexpr qint64 kMaxFileBytes = 1024 * 1024;
    static constexpr int kLintDelayMs = 150;

    explicit DockerfileEditor(QWidget *parent = nullptr);
    ~DockerfileEditor() override;

    DockerfileHighlighter *highlighter() const { return m_highlighter; }

    // --- Diagnostics --------------------------------------------------------------------------
    /// The findings of the last lint, sorted by position (lines and columns as the engine counts them:
    /// 1-based, columns in bytes of the line).
    const QList<Diagnostic> &diagnostics() const { return m_diagnostics; }
    int diagnosticCount(Severity severity) const;
    /// Lints now instead of when the debounce timer fires.
    void lintNow();
    /// True while an edit waits for the debounce timer (or a background lint).
    bool isLintPending() const;
    /// How long the last parse + lint took, in microseconds.
    qint64 lastLintMicroseconds() const { return m_lastLintUs; }
    /// Files of the build context (relative paths) for the rules that look at them.
    void setContextFiles(const QStringList &files);
    QStringList contextFiles() const { return m_contextFiles; }
    /// Gutter marks: 0-based line → the worst severity on it.
    QMap<int, Severity> gutterMarks() const { return m_lineMarks; }
    /// The number of underlined diagnostic ranges currently shown.
    int underlineCount() const { return int(m_diagnosticSelections.size()); }
    /// The current document range of a diagnostic (tracks edits made since the lint).
    QTextCursor diagnosticCursor(int index) const;
    /// Colours shared by the gutter and the problems list.
    static QColor severityColor(Severity severity);
    static QString severityText(Severity severity);
    /// Draws a severity's mark (colour and shape: circle ×, triangle !, circle i, dot) into `rect`.
    static void paintSeverityMark(QPainter *painter, const QRectF &rect, Severity severity);

    // --- Navigation ---------------------------------------------------------------------------
    /// Selects from (line, column) to (endLine, endColumn); 1-based, columns in characters.
    void selectRange(int line, int column, int endLine, int endColumn);
    /// Selects a diagnostic's range; `focus` gives the editor the keyboard focus.
    void selectDiagnostic(const Diagnostic &diagnostic, bool focus = true);
    /// Puts the cursor at the start of a 1-based line.
    void goToLine(int line);
    /// The 1-based character column of a 1-based byte column on a 1-based line.
    int characterColumn(int line, int byteColumn) const;

    // --- Assistance ---------------------------------------------------------------------------
    QCompleter *completer() const { return m_completer; }
    /// All candidates of the completion last offered (before filtering by the typed prefix).
    QStringList completionItems() const;
    /// The tooltip for a document position: the diagnostics under it, and the instruction's
    /// documentation when it is an instruction keyword. Empty when there is nothing to say.
    QString hoverText(int position) const;
    /// Diagnostics with a quick fix whose range contains the position.
    QList<Diagnostic> fixesAt(int position) const;
    /// Applies a diagnostic's fix as one undoable edit; false when it has none or it no longer applies.
    bool applyFix(const Diagnostic &diagnostic);
    /// Applies the fix under the cursor (or offers a menu when there are several).
    bool applyQuickFixAtCursor();
    /// The context menu for a document position: "Quick fix: …" entries first, then the usual ones.
    QMenu *createContextMenuAt(int position);

    // --- Files --------------------------------------------------------------------------------
    /// Loads a file. Refuses (with the reason in `error`, the text untouched) a missing or unreadable
    /// file, one over 1 MiB, a binary one or one that is not UTF-8.
    bool openFile(const QString &path, QString *error = nullptr);
    /// Writes the text (keeping the file's line endings and byte order mark) atomically.
    bool saveFile(const QString &path, QString *error = nullptr);
    /// Replaces the text with a new, untitled document.
    void newDocument(const QString &text = {});
    QString filePath() const { return m_path; }
    bool isModified() const;
    /// The text as the engine sees it (UTF-8, "\n" line ends).
    QByteArray utf8Text() const;

    // --- Templates ----------------------------------------------------------------------------
    static QList<Template> templates();
    /// The files of a template's build context, relative paths ("Dockerfile", ".dockerignore", "site/index.html").
    static QStringList templateFiles(const QString &id);
    static QByteArray templateFileContents(const QString &id, const QString &relativePath);
    /// Writes a template's build context into `target` (created when missing; same-named files are replaced).
    static bool writeTemplate(const QString &id, const QDir &target, QString *error = nullptr);
    /// Replaces the text with a template's Dockerfile as a new, untitled document.
    bool loadTemplate(const QString &id);
    /// The template the text came from, until it is saved to a file or another text is loaded.
    QString templateId() const { return m_templateId; }

public slots:
    /// Offers completion at the cursor (Ctrl+Space).
    void triggerCompletion();

signals:
    void diagnosticsChanged(int count);
    /// 1-based.
    void cursorLineChanged(int line);
    void filePathChanged(const QString &path);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    friend class DockerfileGutter;

    struct CompletionContext {
        enum Kind { None, Instruction, Flag } kind = None;
        int start = 0; ///< document position where the completed word starts
        QString prefix;
        engine::image::InstructionKind instruction = engine::image::InstructionKind::Unknown;
    };

    void onTextChanged();
    void onCursorPositionChanged();
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void paintGutter(QPaintEvent *event);
    bool gutterEvent(QEvent *event);
    int gutterWidth() const;
    void updateExtraSelections();
    void applyPalette();

    void runLint(bool allowBackground);
    void noteLintTime(qint64 microseconds);
    void setDiagnostics(std::vector<engine::image::Diagnostic> diagnostics);
    QTextCursor cursorFor(const engine::image::SourceRange &range) const;
    int documentPosition(const engine::image::SourcePos &pos) const;
    QString diagnosticHtml(const Diagnostic &d) const;
    QString diagnosticsOnLineHtml(int blockNumber) const;

    CompletionContext completionContext(const QTextCursor &cursor) const;
    void updateCompletion(bool explicitly);
    void insertCompletion(const QString &completion);

    void setSource(const QString &text, const QString &path, const QString &templateId);

    DockerfileHighlighter *m_highlighter;
    DockerfileGutter *m_gutter;
    QCompleter *m_completer;
    QStandardItemModel *m_completionModel;
    CompletionContext::Kind m_completionKind = CompletionContext::None;
    engine::image::InstructionKind m_completionInstruction = engine::image::InstructionKind::Unknown;

    QTimer m_lintTimer;
    quint64 m_lintGeneration = 0;
    bool m_lintRunning = false;    // a background lint is out
    bool m_lintInBackground = false;
    qint64 m_lastLintUs = 0;
    QStringList m_contextFiles;

    QList<Diagnostic> m_diagnostics;
    QList<QTextCursor> m_diagnosticCursors; // parallel to m_diagnostics
    QList<QTextEdit::ExtraSelection> m_diagnosticSelections;
    QMap<int, Severity> m_lineMarks;
    QColor m_currentLineColour, m_gutterBackground, m_gutterText, m_gutterCurrentText, m_gutterBorder;
    int m_cursorLine = -1;

    QString m_path;
    QString m_templateId;
    bool m_crlf = false;
    bool m_bom = false;
};

} // namespace flotilla::widgets
