#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace flotilla::widgets {

/// Colours YAML: keys, strings, numbers and booleans, comments, document separators.
class YamlHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit YamlHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key, m_string, m_number, m_comment, m_separator;
};

} // namespace flotilla::widgets
