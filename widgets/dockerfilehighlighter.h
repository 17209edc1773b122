#pragma once

#include <engine/image/dockerfile.h>

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <array>

class QTextBlock;

namespace flotilla::widgets {

/// Colours a Dockerfile with the engine's line lexer. Each block keeps the lexer state it hands to the next
/// one, so an edit re-lexes only until the state settles (a heredoc or a continuation opened or closed
/// re-colours the lines after it).
class DockerfileHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit DockerfileHighlighter(QTextDocument *document);

    /// The format of a token kind in the current palette (empty for plain text).
    QTextCharFormat formatFor(engine::image::TokenKind kind) const;

    /// Chooses colours for a dark or a light background and re-colours the document.
    void setDarkBackground(bool dark);
    bool darkBackground() const { return m_dark; }

    /// The lexer state a block starts in (what the previous block handed on).
    static engine::image::LexState stateBefore(const QTextBlock &block);
    /// The lexer state a block hands on (the initial state when the block has not been lexed yet).
    static engine::image::LexState stateAfter(const QTextBlock &block);

protected:
    void highlightBlock(const QString &text) override;

private:
    void buildFormats();

    static constexpr std::size_t kKinds = std::size_t(engine::image::TokenKind::Error) + 1;
    bool m_dark = false;
    std::array<QTextCharFormat, kKinds> m_formats;
};

} // namespace flotilla::widgets
