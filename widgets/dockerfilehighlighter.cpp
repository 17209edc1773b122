#include "dockerfilehighlighter.h"

#include "utf8line.h"

#include <QGuiApplication>
#include <QPalette>
#include <QTextBlock>
#include <QTextBlockUserData>

namespace flotilla::widgets {

namespace image = engine::image;
using image::TokenKind;

namespace {

/// What a block hands on to the next one.
class LexStateData final : public QTextBlockUserData {
public:
    image::LexState state;
};

int stateKey(const image::LexState &state)
{
    // Non-negative: -1 means "never highlighted" to QSyntaxHighlighter.
    return int(state.hash() & 0x7fffffff);
}

} // namespace

DockerfileHighlighter::DockerfileHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    buildFormats();
}

void DockerfileHighlighter::buildFormats()
{
    // Two hand-picked sets rather than one compromise: each keeps ≥ 4.5:1 contrast on its background.
    struct Colours {
        QColor instruction, keyword, flag, string, variable, number, comment, directive, heredoc, punctuation,
            continuation, error, heredocBody;
    };
    const Colours c = m_dark ? Colours{QColor(0x6c, 0xb6, 0xff), QColor(0xc3, 0x9f, 0xf5), QColor(0x4f, 0xd1, 0xc5),
                                       QColor(0x8f, 0xd1, 0x8f), QColor(0xe0, 0xa8, 0xf0), QColor(0xf0, 0xa3, 0x5e),
                                       QColor(0x8b, 0x94, 0x9e), QColor(0xd4, 0xb0, 0x86), QColor(0xf4, 0x8f, 0xb1),
                                       QColor(0xa0, 0xa8, 0xb4), QColor(0x8b, 0x94, 0x9e), QColor(0xff, 0x6b, 0x6b),
                                       QColor(255, 255, 255, 16)}
                             : Colours{QColor(0x1f, 0x5f, 0xa8), QColor(0x7b, 0x3f, 0xa0), QColor(0x00, 0x79, 0x7f),
                                       QColor(0x2e, 0x7d, 0x32), QColor(0x8e, 0x24, 0xaa), QColor(0xa3, 0x4a, 0x00),
                                       QColor(0x80, 0x80, 0x80), QColor(0x6d, 0x4c, 0x41), QColor(0xad, 0x14, 0x57),
                                       QColor(0x5f, 0x6b, 0x7a), QColor(0x90, 0x90, 0x90), QColor(0xc6, 0x28, 0x28),
                                       QColor(0, 0, 0, 14)};
    for (auto &f : m_formats)
        f = QTextCharFormat();
    auto fmt = [this](TokenKind k) -> QTextCharFormat & { return m_formats[std::size_t(k)]; };

    fmt(TokenKind::Instruction).setForeground(c.instruction);
    fmt(TokenKind::Instruction).setFontWeight(QFont::Bold);
    fmt(TokenKind::Keyword).setForeground(c.keyword);
    fmt(TokenKind::Keyword).setFontWeight(QFont::Bold);
    fmt(TokenKind::Flag).setForeground(c.flag);
    fmt(TokenKind::String).setForeground(c.string);
    fmt(TokenKind::Variable).setForeground(c.variable);
    fmt(TokenKind::Number).setForeground(c.number);
    fmt(TokenKind::Comment).setForeground(c.comment);
    fmt(TokenKind::Comment).setFontItalic(true);
    fmt(TokenKind::Directive).setForeground(c.directive);
    fmt(TokenKind::Directive).setFontItalic(true);
    fmt(TokenKind::Directive).setFontWeight(QFont::DemiBold);
    fmt(TokenKind::Punctuation).setForeground(c.punctuation);
    fmt(TokenKind::Continuation).setForeground(c.continuation);
    fmt(TokenKind::Continuation).setFontWeight(QFont::Bold);
    fmt(TokenKind::HeredocMarker).setForeground(c.heredoc);
    fmt(TokenKind::HeredocMarker).setFontWeight(QFont::Bold);
    fmt(TokenKind::HeredocEnd) = fmt(TokenKind::HeredocMarker);
    fmt(TokenKind::HeredocEnd).setBackground(c.heredocBody);
    fmt(TokenKind::HeredocBody).setBackground(c.heredocBody);
    fmt(TokenKind::Error).setForeground(c.error);
    fmt(TokenKind::Error).setUnderlineStyle(QTextCharFormat::WaveUnderline);
    fmt(TokenKind::Error).setUnderlineColor(c.error);
}

QTextCharFormat DockerfileHighlighter::formatFor(TokenKind kind) const
{
    const auto i = std::size_t(kind);
    return i < m_formats.size() ? m_formats[i] : QTextCharFormat();
}

void DockerfileHighlighter::setDarkBackground(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    buildFormats();
    rehighlight();
}

image::LexState DockerfileHighlighter::stateAfter(const QTextBlock &block)
{
    if (block.isValid())
        if (const auto *data = dynamic_cast<const LexStateData *>(block.userData()))
            return data->state;
    return {};
}

image::LexState DockerfileHighlighter::stateBefore(const QTextBlock &block)
{
    return block.isValid() ? stateAfter(block.previous()) : image::LexState{};
}

void DockerfileHighlighter::highlightBlock(const QString &text)
{
    const Utf8Line line(text);
    std::vector<image::Token> tokens;
    tokens.reserve(16);
    image::LexState out = image::lexLine(line.bytes(), stateBefore(currentBlock()), tokens);
    for (const image::Token &t : tokens) {
        const QTextCharFormat &f = formatFor(t.kind);
        if (f == QTextCharFormat())
            continue;
        const int from = line.toUtf16(t.start);
        const int to = line.toUtf16(t.start + t.length);
        if (to > from)
            setFormat(from, to - from, f);
    }
    setCurrentBlockState(stateKey(out));
    auto *data = dynamic_cast<LexStateData *>(currentBlockUserData());
    if (!data) {
        data = new LexStateData;
        setCurrentBlockUserData(data);
    }
    data->state = std::move(out);
}

} // namespace flotilla::widgets
