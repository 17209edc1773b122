#pragma once

#include <QStringView>

#include <string>
#include <vector>

namespace flotilla::widgets {

/// One line of editor text as UTF-8 bytes (what the engine's lexer and linter count in), with the maps
/// between byte offsets and UTF-16 indexes (what Qt counts in). Lone surrogates become U+FFFD (3 bytes).
class Utf8Line final {
public:
    explicit Utf8Line(QStringView text);

    const std::string &bytes() const { return m_bytes; }
    /// The UTF-16 index of a byte offset (clamped to the line; inside a sequence: its first unit).
    int toUtf16(int byteOffset) const;
    /// The byte offset of a UTF-16 index (clamped; the low half of a surrogate pair: the pair's start).
    int toUtf8(int utf16Index) const;

private:
    std::string m_bytes;
    int m_length = 0;                // UTF-16 units
    bool m_ascii = true;             // maps are identity and left empty
    std::vector<int> m_byteToUtf16;  // bytes + 1 entries
    std::vector<int> m_utf16ToByte;  // units + 1 entries
};

} // namespace flotilla::widgets
