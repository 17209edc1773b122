#include "yamlhighlighter.h"

#include <QRegularExpression>

namespace flotilla::widgets {

YamlHighlighter::YamlHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    m_key.setForeground(QColor(0x1f, 0x5f, 0xa8));
    m_string.setForeground(QColor(0x2e, 0x7d, 0x32));
    m_number.setForeground(QColor(0xa3, 0x4a, 0x00));
    m_comment.setForeground(QColor(0x80, 0x80, 0x80));
    m_comment.setFontItalic(true);
    m_separator.setForeground(QColor(0x8e, 0x24, 0xaa));
    m_separator.setFontWeight(QFont::Bold);
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression key(QStringLiteral(R"(^(\s*(?:-\s+)?)([^\s#:'"][^:#]*?|"[^"]*"|'[^']*')\s*:(?=\s|$))"));
    static const QRegularExpression value(QStringLiteral(R"(:\s+(.+)$|^\s*-\s+([^:]+)$)"));
    static const QRegularExpression number(QStringLiteral(R"(^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^(true|false|null|yes|no|on|off|~)$)"));
    if (text.startsWith(QLatin1String("---")) || text.startsWith(QLatin1String("..."))) {
        setFormat(0, int(text.size()), m_separator);
        return;
    }
    int commentAt = -1;
    bool inSingle = false, inDouble = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\'') && !inDouble)
            inSingle = !inSingle;
        else if (c == QLatin1Char('"') && !inSingle)
            inDouble = !inDouble;
        else if (c == QLatin1Char('#') && !inSingle && !inDouble && (i == 0 || text.at(i - 1).isSpace())) {
            commentAt = i;
            break;
        }
    }
    const QString code = commentAt >= 0 ? text.left(commentAt) : text;
    if (const auto m = key.match(code); m.hasMatch())
        setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
    if (const auto m = value.match(code); m.hasMatch()) {
        const int group = m.capturedStart(1) >= 0 ? 1 : 2;
        const QString v = m.captured(group).trimmed();
        if (!v.isEmpty() && v != QLatin1String("|") && v != QLatin1String(">"))
            setFormat(int(m.capturedStart(group)), int(m.capturedLength(group)), number.match(v).hasMatch() ? m_number : m_string);
    }
    if (commentAt >= 0)
        setFormat(commentAt, int(text.size()) - commentAt, m_comment);
}

} // namespace flotilla::widgets
