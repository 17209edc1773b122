#include "utf8line.h"

#include <algorithm>

namespace flotilla::widgets {

Utf8Line::Utf8Line(QStringView text) : m_length(int(text.size()))
{
    const auto n = text.size();
    m_bytes.reserve(std::size_t(n));
    qsizetype i = 0;
    for (; i < n && text[i].unicode() < 0x80; ++i)
        m_bytes.push_back(char(text[i].unicode()));
    if (i == n)
        return;

    m_ascii = false;
    m_bytes.reserve(std::size_t(n) * 3);
    m_utf16ToByte.reserve(std::size_t(n) + 1);
    for (qsizetype k = 0; k < i; ++k) {
        m_utf16ToByte.push_back(int(k));
        m_byteToUtf16.push_back(int(k));
    }
    auto put = [this](char32_t c, int unit) {
        const int start = int(m_bytes.size());
        if (c < 0x80) {
            m_bytes.push_back(char(c));
        } else if (c < 0x800) {
            m_bytes.push_back(char(0xC0 | (c >> 6)));
            m_bytes.push_back(char(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            m_bytes.push_back(char(0xE0 | (c >> 12)));
            m_bytes.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            m_bytes.push_back(char(0x80 | (c & 0x3F)));
        } else {
            m_bytes.push_back(char(0xF0 | (c >> 18)));
            m_bytes.push_back(char(0x80 | ((c >> 12) & 0x3F)));
            m_bytes.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            m_bytes.push_back(char(0x80 | (c & 0x3F)));
        }
        m_byteToUtf16.insert(m_byteToUtf16.end(), m_bytes.size() - std::size_t(start), unit);
        return start;
    };
    while (i < n) {
        const char16_t u = text[i].unicode();
        if (QChar::isHighSurrogate(u) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const int start = put(QChar::surrogateToUcs4(u, text[i + 1].unicode()), int(i));
            m_utf16ToByte.push_back(start);
            m_utf16ToByte.push_back(start);
            i += 2;
            continue;
        }
        m_utf16ToByte.push_back(put(QChar::isSurrogate(u) ? char32_t(0xFFFD) : char32_t(u), int(i)));
        ++i;
    }
    m_utf16ToByte.push_back(int(m_bytes.size()));
    m_byteToUtf16.push_back(m_length);
}

int Utf8Line::toUtf16(int byteOffset) const
{
    const int b = std::clamp(byteOffset, 0, int(m_bytes.size()));
    return m_ascii ? b : m_byteToUtf16[std::size_t(b)];
}

int Utf8Line::toUtf8(int utf16Index) const
{
    const int u = std::clamp(utf16Index, 0, m_length);
    return m_ascii ? u : m_utf16ToByte[std::size_t(u)];
}

} // namespace flotilla::widgets
