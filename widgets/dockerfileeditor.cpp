#include "dockerfileeditor.h"

#include "dockerfilehighlighter.h"
#include "utf8line.h"

#include <engine/image/instructiondocs.h>
#include <engine/image/lint.h>

#include <QAbstractItemView>
#include <QCompleter>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QLoggingCategory>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QStringDecoder>
#include <QTextBlock>
#include <QThreadPool>
#include <QToolTip>

#include <algorithm>

namespace flotilla::widgets {

Q_LOGGING_CATEGORY(lcDockerfileEditor, "flotilla.widgets.dockerfile", QtInfoMsg)

namespace image = engine::image;

namespace {

constexpr int kMarkWidth = 16;     // the gutter's column of problem marks
constexpr int kGutterPadding = 8;  // between the numbers and the text
constexpr qint64 kSyncLintBudgetUs = 16000; // one frame: slower lints move off the GUI thread
constexpr qsizetype kBackgroundBytes = 256 * 1024;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t), float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

bool sameFix(const std::optional<image::Fix> &a, const std::optional<image::Fix> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || (a->range == b->range && a->replacement == b->replacement && a->title == b->title);
}

bool sameDiagnostics(const QList<image::Diagnostic> &a, const std::vector<image::Diagnostic> &b)
{
    if (std::size_t(a.size()) != b.size())
        return false;
    for (std::size_t i = 0; i < b.size(); ++i) {
        const auto &x = a[qsizetype(i)];
        const auto &y = b[i];
        if (x.code != y.code || x.severity != y.severity || !(x.range == y.range) || x.message != y.message
            || x.hint != y.hint || !sameFix(x.fix, y.fix))
            return false;
    }
    return true;
}

/// The first byte that is not part of valid UTF-8, or -1.
qsizetype firstInvalidUtf8(const QByteArray &bytes)
{
    const auto *s = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        char32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        const char32_t minimum = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return -1;
}

bool isBooleanFlag(const QString &flag)
{
    return flag == QLatin1String("--link") || flag == QLatin1String("--parents") || flag == QLatin1String("--keep-git-dir");
}

QString flagText(const std::string &flag)
{
    QString f = QString::fromStdString(flag);
    while (!f.startsWith(QLatin1String("--")))
        f.prepend(QLatin1Char('-'));
    return f;
}

QString html(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

} // namespace

/// The line numbers and problem marks left of the text.
class DockerfileGutter final : public QWidget {
public:
    explicit DockerfileGutter(DockerfileEditor *editor) : QWidget(editor), m_editor(editor)
    {
        setObjectName(QStringLiteral("dockerfileGutter"));
    }
    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip)
            return m_editor->gutterEvent(event);
        return QWidget::event(event);
    }
    void mousePressEvent(QMouseEvent *event) override
    {
        // A click on a line number puts the cursor on that line.
        const QTextCursor c = m_editor->cursorForPosition(QPoint(0, int(event->position().y())));
        m_editor->goToLine(c.blockNumber() + 1);
    }

private:
    DockerfileEditor *m_editor;
};

DockerfileEditor::DockerfileEditor(QWidget *parent)
    : QPlainTextEdit(parent), m_highlighter(new DockerfileHighlighter(document())), m_gutter(new DockerfileGutter(this)),
      m_completer(new QCompleter(this)), m_completionModel(new QStandardItemModel(this))
{
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 4);
    setPlaceholderText(tr("FROM alpine:3.19\nRUN apk add --no-cache curl\nCMD [\"sh\"]\n\n"
                          "Start typing, press Ctrl+Space for instructions, or choose a template."));
    setMouseTracking(true);

    m_completer->setModel(m_completionModel);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setWrapAround(false);
    m_completer->setMaxVisibleItems(10);
    m_completer->popup()->setFont(mono);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &DockerfileEditor::insertCompletion);

    m_lintTimer.setSingleShot(true);
    m_lintTimer.setInterval(kLintDelayMs);
    connect(&m_lintTimer, &QTimer::timeout, this, [this] { runLint(true); });

    connect(this, &QPlainTextEdit::textChanged, this, &DockerfileEditor::onTextChanged);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &DockerfileEditor::onCursorPositionChanged);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &DockerfileEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &DockerfileEditor::updateGutter);

    applyPalette();
    updateGutterWidth();
    updateExtraSelections();
}

DockerfileEditor::~DockerfileEditor() = default;

// --- Gutter -------------------------------------------------------------------------------------

int DockerfileEditor::gutterWidth() const
{
    const int digits = std::max(2, int(QString::number(std::max(1, blockCount())).size()));
    return kMarkWidth + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits + kGutterPadding;
}

void DockerfileEditor::updateGutterWidth() { setViewportMargins(gutterWidth(), 0, 0, 0); }

void DockerfileEditor::updateGutter(const QRect &rect, int dy)
{
    if (dy)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void DockerfileEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_gutter->setGeometry(QRect(cr.left(), cr.top(), gutterWidth(), cr.height()));
}

void DockerfileEditor::paintGutter(QPaintEvent *event)
{
    QPainter p(m_gutter);
    p.fillRect(event->rect(), m_gutterBackground);
    const int width = m_gutter->width();
    p.setPen(m_gutterBorder);
    p.drawLine(width - 1, event->rect().top(), width - 1, event->rect().bottom());

    QTextBlock block = firstVisibleBlock();
    qreal top = blockBoundingGeometry(block).translated(contentOffset()).top();
    qreal bottom = top + blockBoundingRect(block).height();
    const int current = textCursor().blockNumber();
    const int lineHeight = fontMetrics().height();
    p.setFont(font());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int n = block.blockNumber();
            p.setPen(n == current ? m_gutterCurrentText : m_gutterText);
            p.drawText(QRect(kMarkWidth, int(top), width - kMarkWidth - kGutterPadding, lineHeight),
                       Qt::AlignRight | Qt::AlignVCenter, QString::number(n + 1));
            if (const auto it = m_lineMarks.constFind(n); it != m_lineMarks.constEnd()) {
                const qreal size = std::min<qreal>(12, lineHeight - 3);
                paintSeverityMark(&p, QRectF((kMarkWidth - size) / 2 + 1, top + (lineHeight - size) / 2, size, size), *it);
            }
        }
        block = block.next();
        top = bottom;
        bottom = top + blockBoundingRect(block).height();
    }
}

bool DockerfileEditor::gutterEvent(QEvent *event)
{
    auto *help = static_cast<QHelpEvent *>(event);
    const QTextBlock block = cursorForPosition(QPoint(0, help->pos().y())).block();
    const QString text = diagnosticsOnLineHtml(block.blockNumber());
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
    } else {
        QToolTip::showText(help->globalPos(), text, m_gutter);
    }
    return true;
}

QColor DockerfileEditor::severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Error: return QColor(0xd3, 0x2f, 0x2f);
    case Severity::Warning: return QColor(0xe0, 0x8e, 0x00);
    case Severity::Info: return QColor(0x1e, 0x7f, 0xd6);
    case Severity::Style: return QColor(0x8d, 0x8d, 0x8d);
    }
    return Qt::gray;
}

QString DockerfileEditor::severityText(Severity severity)
{
    switch (severity) {
    case Severity::Error: return tr("Error");
    case Severity::Warning: return tr("Warning");
    case Severity::Info: return tr("Info");
    case Severity::Style: return tr("Style");
    }
    return {};
}

void DockerfileEditor::paintSeverityMark(QPainter *p, const QRectF &r, Severity severity)
{
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const QColor colour = severityColor(severity);
    const qreal s = std::min(r.width(), r.height());
    const QRectF box(r.center().x() - s / 2, r.center().y() - s / 2, s, s);
    QPen glyph(severity == Severity::Warning ? QColor(0x2b, 0x20, 0x00) : QColor(Qt::white), std::max<qreal>(1.2, s / 8),
               Qt::SolidLine, Qt::RoundCap);
    switch (severity) {
    case Severity::Error: {
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        p->drawEllipse(box);
        p->setPen(glyph);
        const qreal d = s * 0.2;
        p->drawLine(box.center() + QPointF(-d, -d), box.center() + QPointF(d, d));
        p->drawLine(box.center() + QPointF(-d, d), box.center() + QPointF(d, -d));
        break;
    }
    case Severity::Warning: {
        QPainterPath path;
        path.moveTo(box.center().x(), box.top() + s * 0.04);
        path.lineTo(box.right(), box.bottom() - s * 0.06);
        path.lineTo(box.left(), box.bottom() - s * 0.06);
        path.closeSubpath();
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        p->drawPath(path);
        p->setPen(glyph);
        p->drawLine(QPointF(box.center().x(), box.top() + s * 0.36), QPointF(box.center().x(), box.top() + s * 0.62));
        p->drawPoint(QPointF(box.center().x(), box.top() + s * 0.78));
        break;
    }
    case Severity::Info: {
        p->setPen(Qt::NoPen);
        p->setBrush(colour);
        p->drawEllipse(box);
        p->setPen(glyph);
        p->drawPoint(QPointF(box.center().x(), box.top() + s * 0.28));
        p->drawLine(QPointF(box.center().x(), box.top() + s * 0.46), QPointF(box.center().x(), box.top() + s * 0.74));
        break;
    }
    case Severity::Style: {
        p->setPen(QPen(colour, std::max<qreal>(1.2, s / 8)));
        p->setBrush(Qt::NoBrush);
        p->drawEllipse(box.adjusted(s * 0.2, s * 0.2, -s * 0.2, -s * 0.2));
        break;
    }
    }
    p->restore();
}

// --- Palette, cursor line -----------------------------------------------------------------------

void DockerfileEditor::applyPalette()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const bool dark = base.lightness() < 128;
    m_highlighter->setDarkBackground(dark);
    m_currentLineColour = pal.color(QPalette::Highlight);
    m_currentLineColour.setAlpha(dark ? 44 : 24);
    m_gutterBackground = mix(base, text, dark ? 0.05 : 0.035);
    m_gutterText = mix(base, text, 0.45);
    m_gutterCurrentText = text;
    m_gutterBorder = mix(base, text, 0.12);
    updateExtraSelections();
    m_gutter->update();
}

void DockerfileEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
    else if (event->type() == QEvent::FontChange)
        updateGutterWidth();
}

void DockerfileEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> all;
    all.reserve(m_diagnosticSelections.size() + 1);
    QTextEdit::ExtraSelection line;
    line.format.setBackground(m_currentLineColour);
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    all << line;
    all += m_diagnosticSelections;
    setExtraSelections(all);
}

void DockerfileEditor::onCursorPositionChanged()
{
    updateExtraSelections();
    const int line = textCursor().blockNumber();
    if (line != m_cursorLine) {
        m_cursorLine = line;
        m_gutter->update();
        emit cursorLineChanged(line + 1);
    }
}

// --- Lint ---------------------------------------------------------------------------------------

void DockerfileEditor::onTextChanged() { m_lintTimer.start(); }

bool DockerfileEditor::isLintPending() const { return m_lintTimer.isActive() || m_lintRunning; }

void DockerfileEditor::lintNow() { runLint(false); }

void DockerfileEditor::setContextFiles(const QStringList &files)
{
    if (files == m_contextFiles)
        return;
    m_contextFiles = files;
    m_lintTimer.start();
}

QByteArray DockerfileEditor::utf8Text() const
{
    // Block by block rather than toPlainText(): that turns non-breaking spaces into spaces, which would
    // shift the engine's byte columns against the document.
    std::string out;
    out.reserve(std::size_t(document()->characterCount()) + 16);
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        if (b != document()->begin())
            out.push_back('\n');
        out += Utf8Line(b.text()).bytes();
    }
    return QByteArray(out.data(), qsizetype(out.size()));
}

void DockerfileEditor::runLint(bool allowBackground)
{
    m_lintTimer.stop();
    const quint64 generation = ++m_lintGeneration;
    const QByteArray text = utf8Text();
    image::LintOptions options;
    for (const QString &f : std::as_const(m_contextFiles))
        options.contextFiles.push_back(f.toStdString());

    auto check = [](const QByteArray &text, const image::LintOptions &options, qint64 *us) {
        QElapsedTimer timer;
        timer.start();
        std::vector<image::Diagnostic> out;
        try {
            out = image::checkDockerfile(std::string_view(text.constData(), std::size_t(text.size())), options);
        } catch (const std::exception &e) {
            qCWarning(lcDockerfileEditor) << "lint failed:" << e.what();
        }
        *us = timer.nsecsElapsed() / 1000;
        return out;
    };

    if (allowBackground && (m_lintInBackground || text.size() > kBackgroundBytes)) {
        m_lintRunning = true;
        QPointer<DockerfileEditor> self(this);
        QThreadPool::globalInstance()->start([self, generation, text, options, check] {
            qint64 us = 0;
            auto result = check(text, options, &us);
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, generation, us, result = std::move(result)]() mutable {
                    if (!self || generation != self->m_lintGeneration)
                        return; // a newer lint is out, or the editor is gone
                    self->m_lintRunning = false;
                    self->noteLintTime(us);
                    self->setDiagnostics(std::move(result));
                },
                Qt::QueuedConnection);
        });
        return;
    }
    m_lintRunning = false;
    qint64 us = 0;
    auto result = check(text, options, &us);
    noteLintTime(us);
    setDiagnostics(std::move(result));
}

void DockerfileEditor::noteLintTime(qint64 us)
{
    m_lastLintUs = us;
    qCDebug(lcDockerfileEditor) << "lint of" << blockCount() << "lines took" << us << "µs";
    if (us > kSyncLintBudgetUs && !m_lintInBackground) {
        qCInfo(lcDockerfileEditor) << "lint took" << us << "µs; linting off the GUI thread from now on";
        m_lintInBackground = true;
    } else if (us < kSyncLintBudgetUs / 4) {
        m_lintInBackground = false;
    }
}

int DockerfileEditor::documentPosition(const image::SourcePos &pos) const
{
    if (pos.line < 1)
        return 0;
    const QTextBlock block = document()->findBlockByNumber(pos.line - 1);
    if (!block.isValid())
        return std::max(0, document()->characterCount() - 1);
    return block.position() + Utf8Line(block.text()).toUtf16(pos.column - 1);
}

QTextCursor DockerfileEditor::cursorFor(const image::SourceRange &range) const
{
    const int begin = documentPosition(range.begin);
    const int end = std::max(begin, documentPosition(range.end));
    QTextCursor c(document());
    c.setPosition(begin);
    c.setPosition(end, QTextCursor::KeepAnchor);
    return c;
}

void DockerfileEditor::setDiagnostics(std::vector<image::Diagnostic> diagnostics)
{
    const bool changed = !sameDiagnostics(m_diagnostics, diagnostics);
    m_diagnostics = QList<Diagnostic>(std::make_move_iterator(diagnostics.begin()), std::make_move_iterator(diagnostics.end()));
    m_diagnosticCursors.clear();
    m_diagnosticSelections.clear();
    m_lineMarks.clear();
    for (const Diagnostic &d : std::as_const(m_diagnostics)) {
        QTextCursor c = cursorFor(d.range);
        if (!c.hasSelection()) {
            // An empty range (a missing word, the end of the file): underline the word or character there.
            const QTextBlock block = c.block();
            const int lineEnd = block.position() + block.length() - 1;
            QTextCursor word = c;
            word.select(QTextCursor::WordUnderCursor);
            if (word.hasSelection() && !word.selectedText().trimmed().isEmpty())
                c = word;
            else if (c.position() < lineEnd)
                c.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            else if (c.position() > block.position())
                c.movePosition(QTextCursor::PreviousCharacter, QTextCursor::KeepAnchor);
        }
        m_diagnosticCursors << c;
        const int line = document()->findBlock(c.selectionStart()).blockNumber();
        const auto it = m_lineMarks.constFind(line);
        if (it == m_lineMarks.constEnd() || int(d.severity) < int(*it))
            m_lineMarks[line] = d.severity;
        if (c.hasSelection()) {
            QTextEdit::ExtraSelection sel;
            sel.cursor = c;
            sel.format.setUnderlineStyle(d.severity == Severity::Style ? QTextCharFormat::DotLine
                                                                       : QTextCharFormat::WaveUnderline);
            sel.format.setUnderlineColor(severityColor(d.severity));
            m_diagnosticSelections << sel;
        }
    }
    updateExtraSelections();
    m_gutter->update();
    if (changed)
        emit diagnosticsChanged(int(m_diagnostics.size()));
}

int DockerfileEditor::diagnosticCount(Severity severity) const
{
    return int(std::count_if(m_diagnostics.cbegin(), m_diagnostics.cend(),
                             [severity](const Diagnostic &d) { return d.severity == severity; }));
}

QTextCursor DockerfileEditor::diagnosticCursor(int index) const { return m_diagnosticCursors.value(index); }

QString DockerfileEditor::diagnosticHtml(const Diagnostic &d) const
{
    QString out = QStringLiteral("<p style='margin:0'><b style='color:%1'>%2</b>&nbsp;&nbsp;<span style='color:gray'>%3</span><br/>%4")
                      .arg(severityColor(d.severity).name(), severityText(d.severity), html(d.code), html(d.message));
    if (!d.hint.empty())
        out += QStringLiteral("<br/><i>%1</i>").arg(html(d.hint));
    if (d.fix)
        out += QStringLiteral("<br/>") + tr("Quick fix (Ctrl+.): %1").arg(html(d.fix->title));
    return out + QStringLiteral("</p>");
}

QString DockerfileEditor::diagnosticsOnLineHtml(int blockNumber) const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i)
        if (document()->findBlock(m_diagnosticCursors[i].selectionStart()).blockNumber() == blockNumber)
            parts << diagnosticHtml(m_diagnostics[i]);
    return parts.join(QStringLiteral("<hr/>"));
}

// --- Hover --------------------------------------------------------------------------------------

QString DockerfileEditor::hoverText(int position) const
{
    QStringList parts;
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i) {
        const QTextCursor &c = m_diagnosticCursors[i];
        if (position >= c.selectionStart() && position < std::max(c.selectionEnd(), c.selectionStart() + 1))
            parts << diagnosticHtml(m_diagnostics[i]);
    }

    const QTextBlock block = document()->findBlock(position);
    if (block.isValid()) {
        const Utf8Line line(block.text());
        std::vector<image::Token> tokens;
        image::lexLine(line.bytes(), DockerfileHighlighter::stateBefore(block), tokens);
        const int byte = line.toUtf8(position - block.position());
        for (const image::Token &t : tokens) {
            if (t.kind != image::TokenKind::Instruction || byte < t.start || byte >= t.start + t.length)
                continue;
            const auto kind = image::instructionKind(std::string_view(line.bytes()).substr(std::size_t(t.start), std::size_t(t.length)));
            if (kind == image::InstructionKind::Unknown)
                break;
            const image::InstructionDoc &doc = image::instructionDoc(kind);
            QString text = QStringLiteral("<p style='margin:0'><b>%1</b></p>").arg(html(std::string(image::instructionName(kind))));
            if (!doc.synopsis.empty())
                // Non-breaking hyphens: the synopsis wraps between its parts, never inside "--flag".
                text += QStringLiteral("<p><code>%1</code></p>").arg(html(doc.synopsis).replace(QLatin1Char('-'), QChar(0x2011)));
            if (!doc.summary.empty())
                text += QStringLiteral("<p>%1</p>").arg(html(doc.summary));
            if (!doc.details.empty())
                text += QStringLiteral("<p>%1</p>").arg(html(doc.details));
            if (!doc.example.empty())
                text += QStringLiteral("<p style='margin-bottom:0'>%1</p><pre style='margin-top:2px'>%2</pre>")
                            .arg(tr("Example:"), html(doc.example));
            parts << text;
            break;
        }
    }
    if (parts.isEmpty())
        return {};
    // A fixed width makes Qt wrap the paragraphs instead of drawing one very long line.
    return QStringLiteral("<table width='440'><tr><td>%1</td></tr></table>").arg(parts.join(QStringLiteral("<hr/>")));
}

bool DockerfileEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor c = cursorForPosition(help->pos());
        const QTextBlock block = c.block();
        // cursorForPosition gives the nearest boundary: the character under the mouse may be the one before.
        int position = c.position();
        if (help->pos().x() < cursorRect(c).x() && position > block.position())
            --position;
        const bool overText = position < block.position() + block.length() - 1
                              && help->pos().y() <= cursorRect(c).bottom() && help->pos().y() >= cursorRect(c).top();
        const QString text = overText ? hoverText(position) : QString();
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

// --- Quick fixes --------------------------------------------------------------------------------

QList<DockerfileEditor::Diagnostic> DockerfileEditor::fixesAt(int position) const
{
    QList<Diagnostic> out;
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i) {
        const QTextCursor &c = m_diagnosticCursors[i];
        if (m_diagnostics[i].fix && position >= c.selectionStart() && position <= c.selectionEnd())
            out << m_diagnostics[i];
    }
    return out;
}

bool DockerfileEditor::applyFix(const Diagnostic &diagnostic)
{
    if (!diagnostic.fix)
        return false;
    Diagnostic target = diagnostic;
    if (isLintPending()) {
        // The text changed since the lint: find the same finding in the current text.
        runLint(false);
        const Diagnostic *best = nullptr;
        for (const Diagnostic &d : std::as_const(m_diagnostics)) {
            if (d.code != diagnostic.code || d.message != diagnostic.message || !d.fix || d.fix->title != diagnostic.fix->title)
                continue;
            if (!best || std::abs(d.range.begin.line - diagnostic.range.begin.line) < std::abs(best->range.begin.line - diagnostic.range.begin.line))
                best = &d;
        }
        if (!best)
            return false;
        target = *best;
    }
    QTextCursor c = cursorFor(target.fix->range);
    c.beginEditBlock();
    c.insertText(QString::fromStdString(target.fix->replacement));
    c.endEditBlock();
    setTextCursor(c);
    runLint(false);
    return true;
}

bool DockerfileEditor::applyQuickFixAtCursor()
{
    const QList<Diagnostic> fixes = fixesAt(textCursor().position());
    if (fixes.isEmpty())
        return false;
    if (fixes.size() == 1)
        return applyFix(fixes.first());
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (const Diagnostic &d : fixes)
        menu->addAction(tr("Quick fix: %1").arg(QString::fromStdString(d.fix->title)), this, [this, d] { applyFix(d); });
    menu->popup(viewport()->mapToGlobal(cursorRect().bottomLeft()));
    return true;
}

QMenu *DockerfileEditor::createContextMenuAt(int position)
{
    QMenu *menu = createStandardContextMenu();
    QList<Diagnostic> fixes = fixesAt(position);
    if (fixes.isEmpty() && position != textCursor().position())
        fixes = fixesAt(textCursor().position());
    QAction *first = menu->actions().value(0);
    for (const Diagnostic &d : std::as_const(fixes)) {
        auto *action = new QAction(tr("Quick fix: %1").arg(QString::fromStdString(d.fix->title)), menu);
        if (fixes.size() == 1) {
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
            action->setShortcutVisibleInContextMenu(true);
        }
        connect(action, &QAction::triggered, this, [this, d] { applyFix(d); });
        menu->insertAction(first, action);
    }
    if (!fixes.isEmpty())
        menu->insertSeparator(first);
    return menu;
}

void DockerfileEditor::contextMenuEvent(QContextMenuEvent *event)
{
    const int position = event->reason() == QContextMenuEvent::Mouse ? cursorForPosition(event->pos()).position()
                                                                     : textCursor().position();
    QMenu *menu = createContextMenuAt(position);
    menu->exec(event->globalPos());
    delete menu;
}

// --- Completion ---------------------------------------------------------------------------------

DockerfileEditor::CompletionContext DockerfileEditor::completionContext(const QTextCursor &cursor) const
{
    CompletionContext ctx;
    const QTextBlock block = cursor.block();
    const QString before = block.text().left(cursor.positionInBlock());
    const image::LexState state = DockerfileHighlighter::stateBefore(block);
    if (!state.heredocs.empty())
        return ctx;

    static const QRegularExpression instruction(QStringLiteral(R"(^\s*(?:onbuild\s+)?([A-Za-z]*)$)"),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression head(QStringLiteral(R"(^\s*(?:onbuild\s+)?([A-Za-z]+)(\s.*)$)"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression flags(QStringLiteral(R"(^\s*(?:--[A-Za-z][\w-]*(?:=\S*)?\s+)*(-{0,2}[\w-]*)$)"));

    QString rest = before;
    int restOffset = 0;
    if (!state.continuation) {
        if (const auto m = instruction.match(before); m.hasMatch()) {
            ctx.kind = CompletionContext::Instruction;
            ctx.start = block.position() + int(m.capturedStart(1));
            ctx.prefix = m.captured(1);
            return ctx;
        }
        const auto m = head.match(before);
        if (!m.hasMatch())
            return ctx;
        ctx.instruction = image::instructionKind(m.captured(1).toStdString());
        rest = m.captured(2);
        restOffset = int(m.capturedStart(2));
    } else {
        ctx.instruction = state.instruction;
    }
    if (ctx.instruction == image::InstructionKind::Unknown || image::instructionFlags(ctx.instruction).empty())
        return ctx;
    const auto m = flags.match(rest);
    if (!m.hasMatch())
        return ctx;
    const QString partial = m.captured(1);
    if (!partial.isEmpty() && !partial.startsWith(QLatin1Char('-')))
        return ctx;
    ctx.kind = CompletionContext::Flag;
    ctx.start = block.position() + restOffset + int(m.capturedStart(1));
    ctx.prefix = partial;
    return ctx;
}

QStringList DockerfileEditor::completionItems() const
{
    QStringList out;
    for (int r = 0; r < m_completionModel->rowCount(); ++r)
        out << m_completionModel->item(r)->text();
    return out;
}

void DockerfileEditor::triggerCompletion() { updateCompletion(true); }

void DockerfileEditor::updateCompletion(bool explicitly)
{
    const CompletionContext ctx = completionContext(textCursor());
    QAbstractItemView *popup = m_completer->popup();
    const bool same = ctx.kind == m_completionKind && ctx.instruction == m_completionInstruction;
    const bool visible = popup->isVisible() && same;
    bool show = false;
    switch (ctx.kind) {
    case CompletionContext::None: break;
    case CompletionContext::Instruction: show = explicitly || visible || ctx.prefix.size() >= 2; break;
    case CompletionContext::Flag: show = explicitly || visible || ctx.prefix.startsWith(QLatin1String("--")); break;
    }
    if (!show) {
        popup->hide();
        return;
    }
    if (!same || m_completionModel->rowCount() == 0) {
        m_completionModel->clear();
        if (ctx.kind == CompletionContext::Instruction) {
            for (const image::InstructionKind kind : image::allInstructions()) {
                auto *item = new QStandardItem(QString::fromStdString(std::string(image::instructionName(kind))));
                const std::string &summary = image::instructionDoc(kind).summary;
                if (!summary.empty())
                    item->setToolTip(QString::fromStdString(summary));
                m_completionModel->appendRow(item);
            }
        } else {
            for (const std::string &flag : image::instructionFlags(ctx.instruction))
                m_completionModel->appendRow(new QStandardItem(flagText(flag)));
        }
        m_completionKind = ctx.kind;
        m_completionInstruction = ctx.instruction;
    }
    m_completer->setCompletionPrefix(ctx.prefix);
    const int count = m_completer->completionCount();
    if (count == 0
        || (!explicitly && count == 1 && m_completer->currentCompletion().compare(ctx.prefix, Qt::CaseInsensitive) == 0)) {
        popup->hide();
        return;
    }
    popup->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QTextCursor start = textCursor();
    start.setPosition(ctx.start);
    QRect rect = cursorRect(start);
    rect.translate(viewportMargins().left(), 0);
    rect.setWidth(std::max(160, popup->sizeHintForColumn(0) + popup->verticalScrollBar()->sizeHint().width() + 24));
    m_completer->complete(rect);
}

void DockerfileEditor::insertCompletion(const QString &completion)
{
    const CompletionContext ctx = completionContext(textCursor());
    if (ctx.kind == CompletionContext::None)
        return;
    QTextCursor c = textCursor();
    const QString after = c.block().text().mid(c.positionInBlock());
    QString text = completion;
    if (ctx.kind == CompletionContext::Instruction) {
        if (!after.startsWith(QLatin1Char(' ')))
            text += QLatin1Char(' ');
    } else if (!isBooleanFlag(completion) && !after.startsWith(QLatin1Char('='))) {
        text += QLatin1Char('=');
    }
    c.setPosition(ctx.start, QTextCursor::KeepAnchor);
    c.insertText(text);
    setTextCursor(c);
}

void DockerfileEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Escape:
        case Qt::Key_Tab:
        case Qt::Key_Backtab:
            event->ignore(); // the completer takes these
            return;
        default:
            break;
        }
    }
    const bool control = event->modifiers().testFlag(Qt::ControlModifier);
    if (control && event->key() == Qt::Key_Space) {
        triggerCompletion();
        return;
    }
    if (control && event->key() == Qt::Key_Period) {
        applyQuickFixAtCursor();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    const QString typed = event->text();
    if (control || (typed.isEmpty() && !m_completer->popup()->isVisible()))
        return;
    if (!typed.isEmpty() && !typed.at(0).isPrint() && event->key() != Qt::Key_Backspace) {
        m_completer->popup()->hide();
        return;
    }
    updateCompletion(false);
}

// --- Navigation ---------------------------------------------------------------------------------

void DockerfileEditor::selectRange(int line, int column, int endLine, int endColumn)
{
    auto position = [this](int l, int col) {
        const QTextBlock block = document()->findBlockByNumber(std::clamp(l, 1, blockCount()) - 1);
        return block.position() + std::clamp(col - 1, 0, block.length() - 1);
    };
    QTextCursor c(document());
    c.setPosition(position(line, column));
    c.setPosition(position(endLine, endColumn), QTextCursor::KeepAnchor);
    setTextCursor(c);
    centerCursor();
}

void DockerfileEditor::selectDiagnostic(const Diagnostic &diagnostic, bool focus)
{
    QTextCursor c;
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i) {
        const Diagnostic &d = m_diagnostics[i];
        if (d.code == diagnostic.code && d.range == diagnostic.range && d.message == diagnostic.message) {
            c = m_diagnosticCursors[i]; // follows edits made since the lint
            break;
        }
    }
    if (c.isNull())
        c = cursorFor(diagnostic.range);
    // Cursor at the start, range selected: the caret lands where the problem begins.
    QTextCursor selection(document());
    selection.setPosition(c.selectionEnd());
    selection.setPosition(c.selectionStart(), QTextCursor::KeepAnchor);
    setTextCursor(selection);
    centerCursor();
    if (focus)
        setFocus(Qt::OtherFocusReason);
}

void DockerfileEditor::goToLine(int line)
{
    const QTextBlock block = document()->findBlockByNumber(std::clamp(line, 1, blockCount()) - 1);
    setTextCursor(QTextCursor(block));
    centerCursor();
    setFocus(Qt::OtherFocusReason);
}

int DockerfileEditor::characterColumn(int line, int byteColumn) const
{
    const QTextBlock block = document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return std::max(1, byteColumn);
    return Utf8Line(block.text()).toUtf16(byteColumn - 1) + 1;
}

// --- Files --------------------------------------------------------------------------------------

bool DockerfileEditor::isModified() const { return document()->isModified(); }

void DockerfileEditor::setSource(const QString &text, const QString &path, const QString &templateId)
{
    m_completer->popup()->hide();
    setPlainText(text);
    const bool pathChanged = path != m_path;
    m_path = path;
    m_templateId = templateId;
    document()->setModified(false);
    QStringList files;
    if (!templateId.isEmpty()) {
        files = templateFiles(templateId);
    } else if (!path.isEmpty()) {
        QDir dir = QFileInfo(path).absoluteDir();
        files = dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name).mid(0, 2000);
    }
    m_contextFiles = files;
    runLint(true);
    if (pathChanged)
        emit filePathChanged(m_path);
}

void DockerfileEditor::newDocument(const QString &text)
{
    m_crlf = false;
    m_bom = false;
    setSource(text, {}, {});
}

bool DockerfileEditor::openFile(const QString &path, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QFileInfo info(path);
    const QString name = QDir::toNativeSeparators(path);
    if (!info.exists())
        return fail(tr("%1 does not exist.").arg(name));
    if (info.isDir())
        return fail(tr("%1 is a folder; choose the Dockerfile inside it.").arg(name));
    if (info.size() > kMaxFileBytes)
        return fail(tr("%1 is %2 KiB; the editor opens files up to 1 MiB. Is this really a Dockerfile?")
                        .arg(name)
                        .arg(info.size() / 1024));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(tr("Cannot open %1: %2").arg(name, file.errorString()));
    const QByteArray bytes = file.read(kMaxFileBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fail(tr("Cannot read %1: %2").arg(name, file.errorString()));
    if (bytes.size() > kMaxFileBytes)
        return fail(tr("%1 is larger than 1 MiB; the editor opens files up to 1 MiB.").arg(name));
    if (bytes.contains('\0'))
        return fail(tr("%1 looks like a binary file (it contains NUL bytes); only text Dockerfiles can be opened.").arg(name));
    const bool bom = bytes.startsWith("\xEF\xBB\xBF");
    const QByteArray body = bom ? bytes.mid(3) : bytes;
    if (const qsizetype bad = firstInvalidUtf8(body); bad >= 0)
        return fail(tr("%1 is not UTF-8 text (invalid byte at offset %2); save it as UTF-8 and open it again.")
                        .arg(name)
                        .arg(bad + (bom ? 3 : 0)));
    QString text = QString::fromUtf8(body);
    m_crlf = text.contains(QLatin1String("\r\n"));
    if (m_crlf)
        text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    m_bom = bom;
    setSource(text, info.absoluteFilePath(), {});
    qCDebug(lcDockerfileEditor) << "opened" << path << bytes.size() << "bytes";
    return true;
}

bool DockerfileEditor::saveFile(const QString &path, QString *error)
{
    QByteArray bytes = utf8Text();
    if (m_crlf)
        bytes.replace("\n", "\r\n");
    if (m_bom)
        bytes.prepend("\xEF\xBB\xBF");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    const bool pathChanged = absolute != m_path;
    m_path = absolute;
    m_templateId.clear();
    document()->setModified(false);
    setContextFiles(QFileInfo(absolute).absoluteDir().entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name).mid(0, 2000));
    if (pathChanged)
        emit filePathChanged(m_path);
    return true;
}

// --- Templates ----------------------------------------------------------------------------------

QList<DockerfileEditor::Template> DockerfileEditor::templates()
{
    return {
        {QStringLiteral("node-microservice"), tr("Node.js microservice"),
         tr("The course's example: an Express app on node:14-alpine, port 8080")},
        {QStringLiteral("python-web"), tr("Python web app (Flask)"),
         tr("Flask on python:3.12-slim, dependencies cached in their own layer, non-root user, port 5000")},
        {QStringLiteral("go-multistage"), tr("Go, multi-stage build"),
         tr("Compiled in golang:1.22-alpine, shipped as a small static binary on alpine:3.19")},
        {QStringLiteral("nginx-static"), tr("Static site with nginx"),
         tr("HTML pages served by nginx:1.25-alpine with a small server configuration")},
    };
}

QStringList DockerfileEditor::templateFiles(const QString &id)
{
    const QString root = QStringLiteral(":/templates/") + id;
    QStringList out;
    if (id.isEmpty() || id.contains(QLatin1Char('/')))
        return out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << it.next().mid(root.size() + 1);
    out.sort();
    return out;
}

QByteArray DockerfileEditor::templateFileContents(const QString &id, const QString &relativePath)
{
    if (id.contains(QLatin1Char('/')) || relativePath.contains(QLatin1String("..")))
        return {};
    QFile f(QStringLiteral(":/templates/%1/%2").arg(id, relativePath));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool DockerfileEditor::writeTemplate(const QString &id, const QDir &target, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QStringList files = templateFiles(id);
    if (files.isEmpty())
        return fail(tr("There is no template called \"%1\".").arg(id));
    if (!target.mkpath(QStringLiteral(".")))
        return fail(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(target.absolutePath())));
    for (const QString &relative : files) {
        const QString dest = target.absoluteFilePath(relative);
        if (!QDir().mkpath(QFileInfo(dest).absolutePath()))
            return fail(tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(QFileInfo(dest).absolutePath())));
        QSaveFile file(dest);
        const QByteArray bytes = templateFileContents(id, relative);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return fail(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(dest), file.errorString()));
    }
    return true;
}

bool DockerfileEditor::loadTemplate(const QString &id)
{
    const QByteArray dockerfile = templateFileContents(id, QStringLiteral("Dockerfile"));
    if (dockerfile.isEmpty())
        return false;
    m_crlf = false;
    m_bom = false;
    setSource(QString::fromUtf8(dockerfile), {}, id);
    return true;
}

} // namespace flotilla::widgets
