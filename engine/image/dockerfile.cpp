#include "dockerfile.h"

#include <algorithm>
#include <array>

namespace flotilla::engine::image {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isNameStart(char c) { return isAlpha(c) || c == '_'; }
bool isNameChar(char c) { return isAlpha(c) || isDigit(c) || c == '_'; }
char lowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lowerAscii(a[i]) != lowerAscii(b[i]))
            return false;
    }
    return true;
}

std::string lowered(std::string_view s)
{
    std::string out(s);
    for (char &c : out)
        c = lowerAscii(c);
    return out;
}

int skipBlanks(std::string_view s, int p, int end)
{
    while (p < end && isBlank(s[p]))
        ++p;
    return p;
}

int trimRight(std::string_view s, int begin, int end)
{
    while (end > begin && isBlank(s[end - 1]))
        --end;
    return end;
}

struct InstructionEntry {
    InstructionKind kind;
    std::string_view name;
};

constexpr std::array<InstructionEntry, 18> kInstructions{{
    {InstructionKind::From, "FROM"},
    {InstructionKind::Run, "RUN"},
    {InstructionKind::Cmd, "CMD"},
    {InstructionKind::Entrypoint, "ENTRYPOINT"},
    {InstructionKind::Label, "LABEL"},
    {InstructionKind::Expose, "EXPOSE"},
    {InstructionKind::Env, "ENV"},
    {InstructionKind::Add, "ADD"},
    {InstructionKind::Copy, "COPY"},
    {InstructionKind::Volume, "VOLUME"},
    {InstructionKind::User, "USER"},
    {InstructionKind::Workdir, "WORKDIR"},
    {InstructionKind::Arg, "ARG"},
    {InstructionKind::Onbuild, "ONBUILD"},
    {InstructionKind::Stopsignal, "STOPSIGNAL"},
    {InstructionKind::Healthcheck, "HEALTHCHECK"},
    {InstructionKind::Shell, "SHELL"},
    {InstructionKind::Maintainer, "MAINTAINER"},
}};

bool jsonCapable(InstructionKind k)
{
    switch (k) {
    case InstructionKind::Run:
    case InstructionKind::Cmd:
    case InstructionKind::Entrypoint:
    case InstructionKind::Copy:
    case InstructionKind::Add:
    case InstructionKind::Volume:
    case InstructionKind::Shell:
        return true;
    default:
        return false;
    }
}

bool heredocCapable(InstructionKind k)
{
    return k == InstructionKind::Run || k == InstructionKind::Copy || k == InstructionKind::Add;
}

bool takesFlags(InstructionKind k) { return !instructionFlags(k).empty(); }

bool isBoolFlag(std::string_view name) { return name == "link" || name == "keep-git-dir" || name == "parents"; }
bool isRepeatableFlag(std::string_view name) { return name == "mount" || name == "exclude"; }

// Optimal string alignment distance, case-insensitive: a swapped pair of letters ("FORM") counts once.
int editDistance(std::string_view a, std::string_view b)
{
    const std::size_t n = a.size(), m = b.size();
    if (n > 32 || m > 32)
        return 99;
    int d[33][33];
    for (std::size_t i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (std::size_t j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const int cost = lowerAscii(a[i - 1]) == lowerAscii(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lowerAscii(a[i - 1]) == lowerAscii(b[j - 2])
                && lowerAscii(a[i - 2]) == lowerAscii(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

std::string joinList(const std::vector<std::string> &items)
{
    std::string out;
    for (const auto &s : items) {
        if (!out.empty())
            out += ", ";
        out += s;
    }
    return out;
}

// BuildKit: the escape character followed only by spaces or tabs continues the instruction.
int continuationAt(std::string_view s, int begin, int end, char escape)
{
    int p = end;
    while (p > begin && (s[p - 1] == ' ' || s[p - 1] == '\t' || s[p - 1] == '\r'))
        --p;
    return (p > begin && s[p - 1] == escape) ? p - 1 : -1;
}

// End of the word starting at p: quotes and the escape character keep blanks inside the word.
int wordEnd(std::string_view s, int p, int end, char escape)
{
    while (p < end && !isBlank(s[p])) {
        const char c = s[p];
        if (c == escape) {
            p += (p + 1 < end) ? 2 : 1;
        } else if (c == '"' || c == '\'') {
            ++p;
            while (p < end && s[p] != c) {
                if (c == '"' && s[p] == escape && p + 1 < end)
                    ++p;
                ++p;
            }
            if (p < end)
                ++p;
        } else {
            ++p;
        }
    }
    return p;
}

// Removes quotes; an escaped quote becomes the quote, other escapes stay as written so that a later
// expansion still sees them.
std::string unquote(std::string_view raw, char escape)
{
    std::string out;
    out.reserve(raw.size());
    char quote = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (quote == 0) {
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == escape && i + 1 < raw.size()) {
                const char next = raw[++i];
                if (next != '"' && next != '\'')
                    out += c;
                out += next;
            } else {
                out += c;
            }
        } else if (c == quote) {
            quote = 0;
        } else if (quote == '"' && c == escape && i + 1 < raw.size()) {
            const char next = raw[++i];
            if (next != '"')
                out += c;
            out += next;
        } else {
            out += c;
        }
    }
    return out;
}

std::vector<Word> splitWords(std::string_view s, char escape)
{
    std::vector<Word> words;
    const int n = int(s.size());
    int p = skipBlanks(s, 0, n);
    while (p < n) {
        const int e = wordEnd(s, p, n, escape);
        Word w;
        w.raw = std::string(s.substr(p, e - p));
        w.text = unquote(w.raw, escape);
        w.offset = p;
        w.length = e - p;
        words.push_back(std::move(w));
        p = skipBlanks(s, e, n);
    }
    return words;
}

struct HeredocMarker {
    std::string delimiter;
    bool quoted = false;
    bool stripTabs = false;
};

// BuildKit's rule: a word matching ^[0-9]*<<-?[^<]+$ whose rest is one word.
std::optional<HeredocMarker> parseHeredocMarker(std::string_view raw, char escape)
{
    std::size_t p = 0;
    while (p < raw.size() && isDigit(raw[p]))
        ++p;
    if (raw.substr(p, 2) != "<<")
        return std::nullopt;
    p += 2;
    HeredocMarker m;
    if (p < raw.size() && raw[p] == '-') {
        m.stripTabs = true;
        ++p;
    }
    const std::string_view rest = raw.substr(p);
    if (rest.empty() || rest.find('<') != std::string_view::npos)
        return std::nullopt;
    m.delimiter = unquote(rest, escape);
    if (m.delimiter.empty())
        return std::nullopt;
    m.quoted = rest.find_first_of("\"'") != std::string_view::npos;
    return m;
}

struct DirectiveMatch {
    std::string name;
    std::string value;
    int begin = 0;      // of "#"
    int valueBegin = 0;
    int valueEnd = 0;
};

// "# name=value" with a known name (BuildKit: ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$).
std::optional<DirectiveMatch> matchDirective(std::string_view line)
{
    const int n = int(line.size());
    DirectiveMatch d;
    int p = skipBlanks(line, 0, n);
    if (p >= n || line[p] != '#')
        return std::nullopt;
    d.begin = p;
    p = skipBlanks(line, p + 1, n);
    const int nameBegin = p;
    if (p >= n || !isAlpha(line[p]))
        return std::nullopt;
    while (p < n && (isAlpha(line[p]) || isDigit(line[p])))
        ++p;
    d.name = lowered(line.substr(nameBegin, p - nameBegin));
    if (d.name != "syntax" && d.name != "escape" && d.name != "check")
        return std::nullopt;
    p = skipBlanks(line, p, n);
    if (p >= n || line[p] != '=')
        return std::nullopt;
    p = skipBlanks(line, p + 1, n);
    const int e = trimRight(line, p, n);
    if (e <= p)
        return std::nullopt;
    d.value = std::string(line.substr(p, e - p));
    d.valueBegin = p;
    d.valueEnd = e;
    return d;
}

enum class JsonScan { Ok, NotJson, Unterminated };

void appendUtf8(std::string &out, unsigned cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

// A JSON array of strings, as Docker's exec form; Unterminated when the text ends inside the array.
JsonScan scanJsonArray(std::string_view s, std::vector<std::string> *out)
{
    const std::size_t n = s.size();
    std::size_t p = 0;
    auto ws = [&] {
        while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
            ++p;
    };
    auto hex4 = [&](std::size_t at, unsigned &v) {
        if (at + 4 > n)
            return false;
        v = 0;
        for (std::size_t k = at; k < at + 4; ++k) {
            const char c = s[k];
            v <<= 4;
            if (isDigit(c))
                v |= unsigned(c - '0');
            else if (lowerAscii(c) >= 'a' && lowerAscii(c) <= 'f')
                v |= unsigned(lowerAscii(c) - 'a' + 10);
            else
                return false;
        }
        return true;
    };
    ws();
    if (p >= n || s[p] != '[')
        return JsonScan::NotJson;
    ++p;
    ws();
    if (p >= n)
        return JsonScan::Unterminated;
    if (s[p] == ']') {
        ++p;
        ws();
        return p == n ? JsonScan::Ok : JsonScan::NotJson;
    }
    for (;;) {
        if (s[p] != '"')
            return JsonScan::NotJson;
        ++p;
        std::string str;
        for (;;) {
            if (p >= n)
                return JsonScan::Unterminated;
            const unsigned char c = static_cast<unsigned char>(s[p]);
            if (c == '"') {
                ++p;
                break;
            }
            if (c < 0x20)
                return JsonScan::NotJson;
            if (c != '\\') {
                str += char(c);
                ++p;
                continue;
            }
            if (p + 1 >= n)
                return JsonScan::Unterminated;
            const char e = s[p + 1];
            p += 2;
            switch (e) {
            case '"': str += '"'; break;
            case '\\': str += '\\'; break;
            case '/': str += '/'; break;
            case 'b': str += '\b'; break;
            case 'f': str += '\f'; break;
            case 'n': str += '\n'; break;
            case 'r': str += '\r'; break;
            case 't': str += '\t'; break;
            case 'u': {
                unsigned cp = 0;
                if (!hex4(p, cp))
                    return p + 4 > n ? JsonScan::Unterminated : JsonScan::NotJson;
                p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned low = 0;
                    if (p + 1 < n && s[p] == '\\' && s[p + 1] == 'u' && hex4(p + 2, low) && low >= 0xDC00
                        && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        p += 6;
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                appendUtf8(str, cp);
                break;
            }
            default:
                return JsonScan::NotJson;
            }
        }
        if (out)
            out->push_back(std::move(str));
        ws();
        if (p >= n)
            return JsonScan::Unterminated;
        if (s[p] == ',') {
            ++p;
            ws();
            if (p >= n)
                return JsonScan::Unterminated;
            continue;
        }
        if (s[p] == ']') {
            ++p;
            ws();
            return p == n ? JsonScan::Ok : JsonScan::NotJson;
        }
        return JsonScan::NotJson;
    }
}

// Docker falls back to the shell form for anything that is not a JSON array; only text that plainly
// starts an array of strings and then runs out is reported as an unterminated array.
bool meantAsJson(std::string_view s)
{
    std::size_t p = 1;
    while (p < s.size() && isBlank(s[p]))
        ++p;
    return !s.empty() && s[0] == '[' && (p >= s.size() || s[p] == '"');
}

bool isPortSpec(std::string_view w)
{
    std::size_t p = 0;
    auto number = [&] {
        const std::size_t b = p;
        unsigned v = 0;
        while (p < w.size() && isDigit(w[p]) && p - b < 6)
            v = v * 10 + unsigned(w[p++] - '0');
        return p > b && v <= 65535;
    };
    if (!number())
        return false;
    if (p < w.size() && w[p] == '-') {
        ++p;
        if (!number())
            return false;
    }
    if (p == w.size())
        return true;
    if (w[p] != '/')
        return false;
    const std::string_view proto = w.substr(p + 1);
    return iequals(proto, "tcp") || iequals(proto, "udp") || iequals(proto, "sctp");
}

// Go's time.ParseDuration, in nanoseconds.
std::optional<double> parseGoDuration(std::string_view s)
{
    std::size_t p = 0;
    double sign = 1;
    if (p < s.size() && (s[p] == '-' || s[p] == '+')) {
        sign = s[p] == '-' ? -1 : 1;
        ++p;
    }
    if (s.substr(p) == "0")
        return 0.0;
    if (p >= s.size())
        return std::nullopt;
    double total = 0;
    while (p < s.size()) {
        const std::size_t b = p;
        double v = 0;
        while (p < s.size() && isDigit(s[p]))
            v = v * 10 + (s[p++] - '0');
        bool digits = p > b;
        if (p < s.size() && s[p] == '.') {
            ++p;
            double scale = 0.1;
            while (p < s.size() && isDigit(s[p])) {
                v += (s[p++] - '0') * scale;
                scale /= 10;
                digits = true;
            }
        }
        if (!digits)
            return std::nullopt;
        const std::size_t u = p;
        while (p < s.size() && !isDigit(s[p]) && s[p] != '.')
            ++p;
        const std::string_view unit = s.substr(u, p - u);
        double mult = 0;
        if (unit == "ns")
            mult = 1;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
            mult = 1e3;
        else if (unit == "ms")
            mult = 1e6;
        else if (unit == "s")
            mult = 1e9;
        else if (unit == "m")
            mult = 60e9;
        else if (unit == "h")
            mult = 3600e9;
        else
            return std::nullopt;
        total += v * mult;
    }
    return sign * total;
}

SourcePos posAt(const std::vector<Instruction::Segment> &segs, int off)
{
    if (segs.empty())
        return {};
    auto it = std::upper_bound(segs.begin(), segs.end(), off,
                               [](int v, const Instruction::Segment &s) { return v < s.argOffset; });
    if (it != segs.begin())
        --it;
    const int d = off - it->argOffset;
    return {it->pos.line, it->pos.column + d, it->pos.offset + d};
}

SourceRange rangeAt(const std::vector<Instruction::Segment> &segs, int off, int length)
{
    SourceRange r;
    r.begin = posAt(segs, off);
    if (length <= 0) {
        r.end = r.begin;
    } else {
        // The last byte, then one past it: an end at a line join stays on the line it belongs to.
        const SourcePos last = posAt(segs, off + length - 1);
        r.end = {last.line, last.column + 1, last.offset + 1};
    }
    return r;
}

int firstBadByte(std::string_view s, bool &nul)
{
    const auto *u = reinterpret_cast<const unsigned char *>(s.data());
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = u[i];
        if (c == 0) {
            nul = true;
            return int(i);
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned cp = 0, min = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2; cp = c & 0x1F; min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3; cp = c & 0x0F; min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4; cp = c & 0x07; min = 0x10000;
        } else {
            return int(i);
        }
        if (i + len > n)
            return int(i);
        for (std::size_t k = 1; k < len; ++k) {
            if ((u[i + k] & 0xC0) != 0x80)
                return int(i);
            cp = (cp << 6) | (u[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return int(i);
        i += len;
    }
    return -1;
}

std::string dquoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string flagExample(std::string_view name)
{
    if (name == "from") return "--from=<stage or image>";
    if (name == "platform") return "--platform=linux/amd64";
    if (name == "chown") return "--chown=<user>:<group>";
    if (name == "chmod") return "--chmod=644";
    if (name == "mount") return "--mount=type=cache,target=/root/.cache";
    if (name == "network") return "--network=none";
    if (name == "security") return "--security=sandbox";
    if (name == "checksum") return "--checksum=sha256:<digest>";
    if (name == "exclude") return "--exclude=<pattern>";
    if (name == "retries") return "--retries=3";
    return "--" + std::string(name) + "=30s";
}

// ---------------------------------------------------------------------------------------------

class Expander {
public:
    Expander(std::string_view word, const Variables &vars, char escape)
        : m_s(word), m_vars(vars), m_escape(escape) {}

    Result<std::string> run()
    {
        std::string out;
        process(out, 0, 0);
        if (m_failed) {
            Error e = Error::make(Error::Code::Invalid, m_message);
            e.column = m_column;
            return e;
        }
        return out;
    }

private:
    void fail(std::size_t at, std::string message)
    {
        if (m_failed)
            return;
        m_failed = true;
        m_column = int(at) + 1;
        m_message = std::move(message);
    }

    // Reads up to `stop` (not consumed) or the end.
    void process(std::string &out, char stop, int depth)
    {
        if (depth > 32) {
            fail(m_p, "substitution nested too deeply");
            return;
        }
        const std::size_t n = m_s.size();
        while (m_p < n && !m_failed) {
            const char c = m_s[m_p];
            if (stop && c == stop)
                return;
            if (c == '\'') {
                const std::size_t open = m_p++;
                const std::size_t close = m_s.find('\'', m_p);
                if (close == std::string_view::npos) {
                    fail(open, "unexpected end of word while looking for the matching single quote");
                    return;
                }
                out.append(m_s.substr(m_p, close - m_p));
                m_p = close + 1;
            } else if (c == '"') {
                const std::size_t open = m_p++;
                for (;;) {
                    if (m_p >= n) {
                        fail(open, "unexpected end of word while looking for the matching double quote");
                        return;
                    }
                    const char d = m_s[m_p];
                    if (d == '"') {
                        ++m_p;
                        break;
                    }
                    if (d == '$') {
                        dollar(out, depth);
                        if (m_failed)
                            return;
                    } else if (d == m_escape && m_p + 1 < n
                               && (m_s[m_p + 1] == '"' || m_s[m_p + 1] == '$' || m_s[m_p + 1] == m_escape)) {
                        out += m_s[m_p + 1];
                        m_p += 2;
                    } else {
                        out += d;
                        ++m_p;
                    }
                }
            } else if (c == '$') {
                dollar(out, depth);
            } else if (c == m_escape) {
                if (m_p + 1 < n)
                    out += m_s[m_p + 1];
                m_p += 2;
            } else {
                out += c;
                ++m_p;
            }
        }
    }

    std::string name()
    {
        const std::size_t n = m_s.size(), b = m_p;
        if (m_p < n && isDigit(m_s[m_p])) {
            while (m_p < n && isDigit(m_s[m_p]))
                ++m_p;
        } else if (m_p < n && std::string_view("@*#?-$!").find(m_s[m_p]) != std::string_view::npos) {
            ++m_p;
        } else {
            while (m_p < n && isNameChar(m_s[m_p]))
                ++m_p;
        }
        return std::string(m_s.substr(b, m_p - b));
    }

    const std::string *lookup(const std::string &name) const
    {
        auto it = m_vars.find(name);
        return it == m_vars.end() ? nullptr : &it->second;
    }

    // Reads the operand of ${NAME<op>word} and the closing brace.
    bool operand(std::string &word, std::size_t dollarAt, int depth)
    {
        process(word, '}', depth + 1);
        if (m_failed)
            return false;
        if (m_p >= m_s.size()) {
            fail(dollarAt, "missing '}' in variable substitution");
            return false;
        }
        ++m_p;
        return true;
    }

    void dollar(std::string &out, int depth)
    {
        const std::size_t at = m_p++;
        const std::size_t n = m_s.size();
        if (m_p >= n) {
            out += '$';
            return;
        }
        if (m_s[m_p] != '{') {
            const std::string var = name();
            if (var.empty()) {
                out += '$';
                return;
            }
            if (const std::string *v = lookup(var))
                out += *v;
            return;
        }
        ++m_p;
        const std::string var = name();
        if (m_p >= n) {
            fail(at, "missing '}' in variable substitution");
            return;
        }
        const std::string *value = var.empty() ? nullptr : lookup(var);
        char op = m_s[m_p];
        if (op == '}') {
            if (var.empty()) {
                fail(at, "bad substitution: empty variable name in ${}");
                return;
            }
            ++m_p;
            if (value)
                out += *value;
            return;
        }
        if (var.empty()) {
            fail(at, "bad substitution: a variable name must follow ${");
            return;
        }
        bool colon = false;
        if (op == ':') {
            colon = true;
            ++m_p;
            op = m_p < n ? m_s[m_p] : '\0';
            if (op != '-' && op != '+' && op != '?') {
                fail(at, "unsupported modifier (:" + std::string(op ? 1 : 0, op) + ") in substitution of " + var);
                return;
            }
        }
        const bool set = value != nullptr;
        const bool nonEmpty = set && !value->empty();
        const bool present = colon ? nonEmpty : set;
        switch (op) {
        case '-':
        case '+':
        case '?': {
            ++m_p;
            std::string word;
            if (!operand(word, at, depth))
                return;
            if (op == '-')
                out += present ? *value : word;
            else if (op == '+')
                out += present ? word : std::string();
            else if (present)
                out += *value;
            else
                fail(at, var + ": " + (word.empty() ? std::string(colon ? "parameter null or not set" : "parameter not set") : word));
            return;
        }
        case '#':
        case '%': {
            ++m_p;
            const bool longest = m_p < n && m_s[m_p] == op;
            if (longest)
                ++m_p;
            std::string pattern;
            if (!operand(pattern, at, depth))
                return;
            out += trimmed(value ? *value : std::string(), pattern, op == '#', longest);
            return;
        }
        default:
            fail(at, "unsupported modifier (" + std::string(1, op) + ") in substitution of " + var);
        }
    }

    static bool glob(std::string_view pat, std::string_view s)
    {
        std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
        while (i < s.size()) {
            if (p < pat.size() && (pat[p] == '?' || pat[p] == s[i])) {
                ++p;
                ++i;
            } else if (p < pat.size() && pat[p] == '*') {
                star = p++;
                mark = i;
            } else if (star != std::string_view::npos) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pat.size() && pat[p] == '*')
            ++p;
        return p == pat.size();
    }

    static std::string trimmed(const std::string &v, const std::string &pat, bool prefix, bool longest)
    {
        const std::size_t n = v.size();
        for (std::size_t k = 0; k <= n; ++k) {
            const std::size_t len = longest ? n - k : k;
            if (prefix && glob(pat, std::string_view(v).substr(0, len)))
                return v.substr(len);
            if (!prefix && glob(pat, std::string_view(v).substr(n - len)))
                return v.substr(0, n - len);
        }
        return v;
    }

    std::string_view m_s;
    const Variables &m_vars;
    char m_escape;
    std::size_t m_p = 0;
    bool m_failed = false;
    int m_column = 0;
    std::string m_message;
};

// ---------------------------------------------------------------------------------------------

struct LineRef {
    int begin = 0;
    int end = 0; // without the newline and a trailing '\r'
};

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}
    ParseResult run();

private:
    SourcePos pos(int line, int offset) const
    {
        return {line + 1, offset - m_lines[line].begin + 1, offset};
    }
    SourcePos posOfOffset(int offset) const;
    void error(std::string code, SourceRange range, std::string message, std::string hint)
    {
        Diagnostic d;
        d.code = std::move(code);
        d.severity = Severity::Error;
        d.range = range;
        d.message = std::move(message);
        d.hint = std::move(hint);
        m_result.errors.push_back(std::move(d));
    }
    void splitLines();
    void directive(int line, int lineBegin, const DirectiveMatch &d);
    void comment(int line, int begin, int end);
    int readInstruction(int line, int start);
    Instruction build(std::string_view text, const std::vector<Instruction::Segment> &segs, bool trigger);
    int parseFlags(Instruction &ins, std::string_view text, const std::vector<Instruction::Segment> &segs, int p);
    void checkFlag(const Instruction &ins, const Flag &flag);
    void classifyArgs(Instruction &ins, bool &reportedJson);
    void validate(Instruction &ins, bool trigger, bool reportedJson);
    void validateFrom(const Instruction &ins);
    void validateHealthcheck(const Instruction &ins);
    void unknownInstruction(const Instruction &ins, bool trigger);
    void addInstruction(Instruction ins);
    void finish();

    std::string_view m_text;
    std::vector<LineRef> m_lines;
    ParseResult m_result;
    char m_escape = '\\';
    std::string m_previousTail; // last bytes of the previous instruction, for the missing-"\" hint
    bool m_reportedNoStage = false;
};

void Parser::splitLines()
{
    const int n = int(m_text.size());
    m_lines.reserve(std::size_t(n / 24 + 1));
    int begin = 0;
    for (int i = 0; i < n; ++i) {
        if (m_text[i] != '\n')
            continue;
        int end = i;
        if (end > begin && m_text[end - 1] == '\r')
            --end;
        m_lines.push_back({begin, end});
        begin = i + 1;
    }
    if (begin < n) {
        int end = n;
        if (end > begin && m_text[end - 1] == '\r')
            --end;
        m_lines.push_back({begin, end});
    }
}

SourcePos Parser::posOfOffset(int offset) const
{
    auto it = std::upper_bound(m_lines.begin(), m_lines.end(), offset,
                               [](int v, const LineRef &l) { return v < l.begin; });
    const int line = it == m_lines.begin() ? 0 : int(it - m_lines.begin()) - 1;
    return pos(line, offset);
}

ParseResult Parser::run()
{
    splitLines();
    Dockerfile &file = m_result.file;
    file.lineCount = int(m_lines.size());
    const int n = int(m_lines.size());
    bool directives = true;
    for (int i = 0; i < n;) {
        int b = m_lines[i].begin;
        const int e = m_lines[i].end;
        if (i == 0 && m_text.substr(0, 3) == kBom)
            b = std::min(3, e);
        const std::string_view line = m_text.substr(b, e - b);
        if (directives) {
            if (auto d = matchDirective(line)) {
                directive(i, b, *d);
                ++i;
                continue;
            }
            directives = false;
        }
        const int s = skipBlanks(m_text, b, e);
        if (s == e) {
            ++i;
            continue;
        }
        if (m_text[s] == '#') {
            comment(i, s, e);
            ++i;
            continue;
        }
        i = readInstruction(i, s);
    }
    finish();

    bool nul = false;
    if (const int bad = firstBadByte(m_text, nul); bad >= 0) {
        // Anything else said about a binary file is noise.
        m_result.errors.clear();
        const SourcePos p = posOfOffset(bad);
        error("DF001", {p, {p.line, p.column + 1, p.offset + 1}},
              nul ? "the file is not text: it contains a NUL byte at line " + std::to_string(p.line) + ", column "
                        + std::to_string(p.column)
                  : "the file is not valid UTF-8: bad byte at line " + std::to_string(p.line) + ", column "
                        + std::to_string(p.column),
              "A Dockerfile must be UTF-8 text; check that the right file was opened and re-save it as UTF-8.");
    }
    return std::move(m_result);
}

void Parser::directive(int line, int lineBegin, const DirectiveMatch &d)
{
    Dockerfile &file = m_result.file;
    ParserDirective pd;
    pd.name = d.name;
    pd.value = d.value;
    pd.range = {pos(line, lineBegin + d.begin), pos(line, lineBegin + d.valueEnd)};
    const SourceRange valueRange{pos(line, lineBegin + d.valueBegin), pos(line, lineBegin + d.valueEnd)};
    const bool duplicate = std::any_of(file.directives.begin(), file.directives.end(),
                                       [&](const ParserDirective &o) { return o.name == d.name; });
    if (duplicate) {
        error("DF020", pd.range, "only one " + d.name + " parser directive can be used",
              "Remove the repeated # " + d.name + "= line.");
    } else if (d.name == "escape") {
        if (d.value == "\\" || d.value == "`") {
            m_escape = d.value[0];
            file.escape = m_escape;
        } else {
            error("DF019", valueRange, "invalid escape directive " + dquoted(d.value) + ": it must be \\ or `",
                  "Write # escape=\\ (the default) or # escape=` (common on Windows).");
        }
    }
    file.directives.push_back(std::move(pd));
}

void Parser::comment(int line, int begin, int end)
{
    end = trimRight(m_text, begin, end);
    Comment c;
    c.text = std::string(m_text.substr(begin + 1, end - begin - 1));
    c.range = {pos(line, begin), pos(line, end)};
    m_result.file.comments.push_back(std::move(c));
}

int Parser::readInstruction(int first, int start)
{
    const int n = int(m_lines.size());
    std::string text;
    std::vector<Instruction::Segment> segs;
    int i = first;
    int contentStart = start;
    int lastLine = first;
    int endOffset = start;
    for (;;) {
        const int e = m_lines[i].end;
        const int c = continuationAt(m_text, contentStart, e, m_escape);
        segs.push_back({int(text.size()), pos(i, contentStart)});
        text.append(m_text.substr(contentStart, (c >= 0 ? c : e) - contentStart));
        lastLine = i;
        endOffset = c >= 0 ? c + 1 : trimRight(m_text, contentStart, e);
        ++i;
        if (c < 0)
            break;
        // Inside a continuation BuildKit skips comment lines and empty lines.
        bool more = false;
        while (i < n) {
            const int lb = m_lines[i].begin, le = m_lines[i].end;
            const int s = skipBlanks(m_text, lb, le);
            if (s < le && m_text[s] == '#') {
                comment(i, s, le);
            } else if (s < le) {
                more = true;
                break;
            }
            ++i;
        }
        if (!more) {
            const SourcePos p = pos(lastLine, c);
            error("DF015", {p, {p.line, p.column + 1, p.offset + 1}},
                  "the file ends with a line continuation: the instruction has no next line",
                  "Remove the trailing " + std::string(1, m_escape) + " or add the rest of the instruction.");
            break;
        }
        contentStart = m_lines[i].begin;
    }

    Instruction ins = build(text, segs, false);
    ins.range.end = pos(lastLine, endOffset);
    {
        const int t = trimRight(text, 0, int(text.size()));
        m_previousTail = std::string(text.substr(std::max(0, t - 2), t - std::max(0, t - 2)));
    }

    Instruction *target = ins.onbuildTrigger ? ins.onbuildTrigger.get() : &ins;
    if (heredocCapable(target->kind) && !target->execForm) {
        for (const Word &w : target->words) {
            auto marker = parseHeredocMarker(w.raw, m_escape);
            if (!marker)
                continue;
            Heredoc h;
            h.delimiter = marker->delimiter;
            h.quoted = marker->quoted;
            h.stripTabs = marker->stripTabs;
            const SourceRange markerRange = target->rangeOfArg(w.offset, w.length);
            h.range.begin = markerRange.begin;
            bool terminated = false;
            while (i < n) {
                const std::string_view body = m_text.substr(m_lines[i].begin, m_lines[i].end - m_lines[i].begin);
                std::string_view candidate = body;
                if (h.stripTabs) {
                    const std::size_t tabs = candidate.find_first_not_of('\t');
                    candidate.remove_prefix(tabs == std::string_view::npos ? candidate.size() : tabs);
                }
                if (candidate == h.delimiter) {
                    h.range.end = pos(i, m_lines[i].end);
                    terminated = true;
                    ++i;
                    break;
                }
                h.content.append(h.stripTabs ? candidate : body);
                h.content += '\n';
                ++i;
            }
            if (!terminated) {
                h.range.end = n > 0 ? pos(n - 1, m_lines[n - 1].end) : SourcePos{};
                error("DF005", markerRange, "unterminated heredoc: no line " + dquoted(h.delimiter) + " closes it",
                      "End the heredoc with a line that contains only " + h.delimiter
                          + (h.stripTabs ? " (leading tabs allowed)." : " (no leading or trailing spaces)."));
            }
            if (h.range.end.offset > ins.range.end.offset)
                ins.range.end = h.range.end;
            ins.heredocs.push_back(std::move(h));
        }
        if (target != &ins)
            target->heredocs = ins.heredocs;
    }
    if (ins.onbuildTrigger)
        ins.onbuildTrigger->range.end = ins.range.end;
    addInstruction(std::move(ins));
    return i;
}

Instruction Parser::build(std::string_view text, const std::vector<Instruction::Segment> &segs, bool trigger)
{
    Instruction ins;
    ins.escape = m_escape;
    const int n = int(text.size());
    int p = skipBlanks(text, 0, n);
    int ke = p;
    while (ke < n && !isBlank(text[ke]))
        ++ke;
    ins.keyword = std::string(text.substr(p, ke - p));
    ins.kind = instructionKind(ins.keyword);
    ins.keywordRange = rangeAt(segs, p, ke - p);
    ins.range = rangeAt(segs, p, trimRight(text, p, n) - p);
    if (ins.kind == InstructionKind::Unknown)
        unknownInstruction(ins, trigger);

    p = skipBlanks(text, ke, n);
    if (takesFlags(ins.kind))
        p = parseFlags(ins, text, segs, p);
    const int end = std::max(p, trimRight(text, p, n));
    ins.args = std::string(text.substr(p, end - p));
    ins.argSegments.push_back({0, posAt(segs, p)});
    for (const auto &s : segs) {
        if (s.argOffset > p && s.argOffset < end)
            ins.argSegments.push_back({s.argOffset - p, s.pos});
    }
    ins.argsRange = ins.rangeOfArg(0, int(ins.args.size()));

    bool reportedJson = false;
    classifyArgs(ins, reportedJson);
    if (ins.kind == InstructionKind::Onbuild && !trigger && !ins.args.empty())
        ins.onbuildTrigger = std::make_shared<Instruction>(build(ins.args, ins.argSegments, true));
    validate(ins, trigger, reportedJson);
    return ins;
}

int Parser::parseFlags(Instruction &ins, std::string_view text, const std::vector<Instruction::Segment> &segs, int p)
{
    const int n = int(text.size());
    while (p < n && text.substr(p, 2) == "--") {
        const int we = wordEnd(text, p, n, m_escape);
        const std::string_view raw = text.substr(p, we - p);
        if (raw == "--") {
            p = skipBlanks(text, we, n);
            break;
        }
        Flag f;
        const std::size_t eq = raw.find('=');
        f.name = std::string(raw.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2));
        if (eq != std::string_view::npos) {
            f.hasValue = true;
            f.value = unquote(raw.substr(eq + 1), m_escape);
        }
        f.range = rangeAt(segs, p, we - p);
        checkFlag(ins, f);
        ins.flags.push_back(std::move(f));
        p = skipBlanks(text, we, n);
    }
    return p;
}

void Parser::checkFlag(const Instruction &ins, const Flag &f)
{
    const auto &accepted = instructionFlags(ins.kind);
    const std::string dashed = "--" + f.name;
    const std::string name(instructionName(ins.kind));
    if (std::find(accepted.begin(), accepted.end(), dashed) == accepted.end()) {
        std::string best;
        int bestDistance = 3;
        for (const auto &a : accepted) {
            const int d = editDistance(dashed, a);
            if (d < bestDistance) {
                bestDistance = d;
                best = a;
            }
        }
        error("DF007", f.range, "unknown flag: " + dashed + " (for " + name + ")",
              best.empty() ? name + " accepts " + joinList(accepted) + "." : "Did you mean " + best + "?");
        return;
    }
    const bool boolean = isBoolFlag(f.name);
    if (!boolean && !f.hasValue) {
        error("DF008", f.range, "flag " + dashed + " requires a value", "Write " + flagExample(f.name) + ".");
    } else if (!boolean && f.value.empty()) {
        error("DF009", f.range, "flag " + dashed + " has an empty value", "Write " + flagExample(f.name) + ".");
    } else if (boolean && f.hasValue) {
        static const std::array<std::string_view, 12> bools{"1", "t", "T", "TRUE", "true", "True",
                                                            "0", "f", "F", "FALSE", "false", "False"};
        if (std::find(bools.begin(), bools.end(), f.value) == bools.end())
            error("DF009", f.range, "flag " + dashed + " expects true or false, not " + dquoted(f.value),
                  "Write " + dashed + " alone, or " + dashed + "=false.");
    }
    if (!isRepeatableFlag(f.name)) {
        for (const Flag &o : ins.flags) {
            if (o.name == f.name) {
                error("DF010", f.range, "duplicate flag: " + dashed, "Give " + dashed + " only once.");
                break;
            }
        }
    }
}

void Parser::classifyArgs(Instruction &ins, bool &reportedJson)
{
    auto unterminated = [&](int offset) {
        reportedJson = true;
        error("DF006", ins.rangeOfArg(offset, int(ins.args.size()) - offset),
              "unterminated JSON array: the exec form has no closing ]",
              "Close the array with ] (exec form), or remove the [ to use the shell form.");
    };
    if (ins.kind == InstructionKind::Healthcheck) {
        ins.words = splitWords(ins.args, m_escape);
        if (!ins.words.empty() && iequals(ins.words[0].text, "CMD")) {
            const int rest = skipBlanks(ins.args, ins.words[0].length, int(ins.args.size()));
            const std::string_view cmd = std::string_view(ins.args).substr(rest);
            if (!cmd.empty() && cmd[0] == '[') {
                std::vector<std::string> array;
                const JsonScan scan = scanJsonArray(cmd, &array);
                if (scan == JsonScan::Ok) {
                    ins.execForm = true;
                    ins.execArgs = std::move(array);
                } else if (scan == JsonScan::Unterminated && meantAsJson(cmd)) {
                    unterminated(rest);
                }
            }
        }
        return;
    }
    if (jsonCapable(ins.kind) && !ins.args.empty() && ins.args[0] == '[') {
        std::vector<std::string> array;
        const JsonScan scan = scanJsonArray(ins.args, &array);
        if (scan == JsonScan::Ok) {
            ins.execForm = true;
            ins.execArgs = std::move(array);
            return;
        }
        if (scan == JsonScan::Unterminated && meantAsJson(ins.args))
            unterminated(0);
    }
    ins.words = splitWords(ins.args, m_escape);
}

void Parser::unknownInstruction(const Instruction &ins, bool trigger)
{
    std::string hint;
    const std::string_view tail = m_previousTail;
    auto endsWith = [&](std::string_view s) { return tail.size() >= s.size() && tail.substr(tail.size() - s.size()) == s; };
    if (!trigger && !m_result.file.instructions.empty()
        && (endsWith("&&") || endsWith("||") || endsWith("|") || endsWith(";") || endsWith(","))) {
        hint = "The instruction before ends with \"" + std::string(endsWith("&&") ? "&&" : endsWith("||") ? "||" : tail.substr(tail.size() - 1))
            + "\": is a line continuation (" + std::string(1, m_escape) + ") missing at the end of its line?";
    } else {
        std::string_view best;
        // Two edits turn most four-letter words into some instruction; suggest only what is likely.
        int bestDistance = ins.keyword.size() <= 4 ? 2 : 3;
        for (const auto &e : kInstructions) {
            const int d = editDistance(ins.keyword, e.name);
            if (d < bestDistance && int(ins.keyword.size()) > 1) {
                bestDistance = d;
                best = e.name;
            }
        }
        hint = best.empty() ? "Dockerfile instructions are FROM, RUN, CMD, LABEL, EXPOSE, ENV, ADD, COPY, ENTRYPOINT, "
                              "VOLUME, USER, WORKDIR, ARG, ONBUILD, STOPSIGNAL, HEALTHCHECK and SHELL."
                            : "Did you mean " + std::string(best) + "?";
    }
    error("DF003", ins.keywordRange, "unknown instruction: " + ins.keyword, hint);
}

void Parser::validate(Instruction &ins, bool trigger, bool reportedJson)
{
    const std::string name(instructionName(ins.kind));
    const int words = ins.execForm ? int(ins.execArgs.size()) : int(ins.words.size());
    auto needArgs = [&](std::string message, std::string hint) {
        error("DF021", ins.args.empty() ? ins.keywordRange : ins.argsRange, std::move(message), std::move(hint));
    };
    switch (ins.kind) {
    case InstructionKind::From:
        if (!trigger) // ONBUILD FROM is reported as a trigger error
            validateFrom(ins);
        break;
    case InstructionKind::Run:
        if (ins.args.empty())
            needArgs("RUN requires a command", "Write RUN <command>, e.g. RUN apt-get update.");
        break;
    case InstructionKind::Add:
    case InstructionKind::Copy:
        if (words < 2 && !reportedJson)
            needArgs(name + " requires at least two arguments: one or more sources and a destination",
                     "Write " + name + " <src>... <dest>, e.g. " + name + " . /app/.");
        break;
    case InstructionKind::Expose:
        if (ins.words.empty())
            needArgs("EXPOSE requires at least one port", "Write EXPOSE <port>[/tcp|/udp], e.g. EXPOSE 8080.");
        for (const Word &w : ins.words) {
            if (w.raw.find('$') != std::string::npos || isPortSpec(w.text))
                continue;
            error("DF024", ins.rangeOfArg(w.offset, w.length), "invalid port in EXPOSE: " + dquoted(w.text),
                  w.text.find(':') != std::string::npos
                      ? "EXPOSE declares container ports only; publish them with -p host:container when running."
                      : "Write a port or a range with an optional protocol: 80, 8000-8010, 53/udp.");
        }
        break;
    case InstructionKind::Volume:
        if (words == 0 && !reportedJson)
            needArgs("VOLUME requires at least one path", "Write VOLUME /data or VOLUME [\"/data\"].");
        break;
    case InstructionKind::User:
        if (ins.words.size() != 1)
            needArgs("USER requires exactly one argument", "Write USER <user>[:<group>], e.g. USER node.");
        break;
    case InstructionKind::Workdir:
        if (ins.args.empty())
            needArgs("WORKDIR requires a path", "Write WORKDIR <path>, e.g. WORKDIR /app.");
        break;
    case InstructionKind::Stopsignal:
        if (ins.words.size() != 1)
            needArgs("STOPSIGNAL requires exactly one signal", "Write STOPSIGNAL <signal>, e.g. STOPSIGNAL SIGTERM.");
        break;
    case InstructionKind::Maintainer:
        if (ins.args.empty())
            needArgs("MAINTAINER requires a name", "Better: LABEL org.opencontainers.image.authors=\"you@example.com\".");
        break;
    case InstructionKind::Env:
    case InstructionKind::Label:
    case InstructionKind::Arg: {
        auto kv = parseKeyValues(ins);
        if (!kv) {
            const SourcePos p{kv.error().line, kv.error().column, 0};
            // Point at the word the error names.
            SourceRange r = ins.args.empty() ? ins.keywordRange : ins.argsRange;
            for (const Word &w : ins.words) {
                const SourcePos wp = ins.posOfArg(w.offset);
                if (wp.line == p.line && wp.column == p.column)
                    r = ins.rangeOfArg(w.offset, w.length);
            }
            error(ins.args.empty() ? "DF021" : "DF023", r, kv.error().message,
                  ins.kind == InstructionKind::Arg ? "Write ARG <name>[=<default>], e.g. ARG VERSION=1.0."
                                                   : "Write " + name + " <key>=<value> ..., e.g. " + name
                          + (ins.kind == InstructionKind::Env ? " NODE_ENV=production." : " version=\"1.0\"."));
        }
        break;
    }
    case InstructionKind::Onbuild:
        if (ins.args.empty()) {
            needArgs("ONBUILD requires an instruction to run later", "Write ONBUILD <instruction>, e.g. ONBUILD COPY . /app.");
        } else if (ins.onbuildTrigger) {
            const InstructionKind t = ins.onbuildTrigger->kind;
            if (t == InstructionKind::Onbuild)
                error("DF022", ins.onbuildTrigger->keywordRange, "chaining ONBUILD via ONBUILD ONBUILD isn't allowed",
                      "Give the trigger instruction directly: ONBUILD RUN ...");
            else if (t == InstructionKind::From || t == InstructionKind::Maintainer)
                error("DF022", ins.onbuildTrigger->keywordRange,
                      std::string(instructionName(t)) + " isn't allowed as an ONBUILD trigger",
                      "ONBUILD takes instructions such as RUN, COPY, ADD or ENV.");
        }
        break;
    case InstructionKind::Shell:
        if (!ins.execForm && !reportedJson)
            error("DF016", ins.args.empty() ? ins.keywordRange : ins.argsRange,
                  "SHELL requires the arguments to be in JSON form",
                  "Write SHELL [\"executable\", \"parameters\"], e.g. SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"].");
        else if (ins.execForm && ins.execArgs.empty())
            needArgs("SHELL requires at least one argument", "Write SHELL [\"/bin/sh\", \"-c\"].");
        break;
    case InstructionKind::Healthcheck:
        if (!reportedJson)
            validateHealthcheck(ins);
        break;
    default:
        break;
    }
}

void Parser::validateFrom(const Instruction &ins)
{
    const auto &w = ins.words;
    const std::string hint = "Write FROM <image>[:<tag>] [AS <name>], e.g. FROM node:20-alpine AS build.";
    if (w.empty()) {
        error("DF011", ins.keywordRange, "FROM requires the name of a base image", hint);
        return;
    }
    auto wordRange = [&](std::size_t i) { return ins.rangeOfArg(w[i].offset, w[i].length); };
    if (w.size() == 2) {
        if (iequals(w[1].text, "AS"))
            error("DF012", wordRange(1), "AS must be followed by a stage name", hint);
        else
            error("DF012", wordRange(1), "unexpected argument " + dquoted(w[1].text) + " after the image", hint);
    } else if (w.size() >= 3 && !iequals(w[1].text, "AS")) {
        error("DF012", wordRange(1), "expected AS before the stage name, found " + dquoted(w[1].text), hint);
    } else if (w.size() > 3) {
        error("DF012", ins.rangeOfArg(w[3].offset, int(ins.args.size()) - w[3].offset),
              "unexpected argument " + dquoted(w[3].text) + " after the stage name", hint);
    } else if (w.size() == 1 && iequals(w[0].text, "AS")) {
        error("DF011", wordRange(0), "FROM requires the name of a base image before AS", hint);
    }
}

void Parser::validateHealthcheck(const Instruction &ins)
{
    const std::string hint = "Write HEALTHCHECK [--interval=30s ...] CMD <command>, or HEALTHCHECK NONE.";
    const auto &w = ins.words;
    if (w.empty()) {
        error("DF018", ins.keywordRange, "HEALTHCHECK requires NONE or CMD <command>", hint);
    } else if (iequals(w[0].text, "NONE")) {
        if (w.size() > 1)
            error("DF018", ins.rangeOfArg(w[1].offset, int(ins.args.size()) - w[1].offset),
                  "HEALTHCHECK NONE takes no arguments", hint);
    } else if (iequals(w[0].text, "CMD")) {
        if (w.size() == 1)
            error("DF018", ins.rangeOfArg(w[0].offset, w[0].length), "HEALTHCHECK CMD requires a command", hint);
    } else {
        error("DF018", ins.rangeOfArg(w[0].offset, w[0].length),
              "unknown HEALTHCHECK type " + dquoted(w[0].text) + ": use CMD or NONE", hint);
    }
    for (const Flag &f : ins.flags) {
        if (!f.hasValue || f.value.empty() || f.value.find('$') != std::string::npos)
            continue;
        if (f.name == "retries") {
            const bool digits = std::all_of(f.value.begin(), f.value.end(), isDigit) && f.value.size() < 10;
            if (!digits)
                error("DF017", f.range, "invalid value for --retries: " + dquoted(f.value) + " (a whole number, 0 or more)",
                      "Write --retries=3.");
        } else if (f.name == "interval" || f.name == "timeout" || f.name == "start-period" || f.name == "start-interval") {
            const auto ns = parseGoDuration(f.value);
            if (!ns)
                error("DF017", f.range, "invalid duration for --" + f.name + ": " + dquoted(f.value),
                      "Use a number with a unit: 30s, 1m30s, 500ms.");
            else if (*ns < 0)
                error("DF017", f.range, "--" + f.name + " cannot be negative", "Use a positive duration such as 30s.");
            else if (*ns != 0 && *ns < 1e6)
                error("DF017", f.range, "--" + f.name + " cannot be less than 1ms", "Use a duration such as 30s.");
        }
    }
}

void Parser::addInstruction(Instruction ins)
{
    Dockerfile &file = m_result.file;
    const int index = int(file.instructions.size());
    if (ins.kind == InstructionKind::From) {
        Stage st;
        st.index = int(file.stages.size());
        st.fromInstruction = index;
        if (!ins.words.empty() && !iequals(ins.words[0].text, "AS"))
            st.baseImage = ins.words[0].text;
        if (auto platform = ins.flag("platform"))
            st.platform = *platform;
        if (ins.words.size() >= 3 && iequals(ins.words[1].text, "AS")) {
            const Word &w = ins.words[2];
            st.name = lowered(w.text);
            const SourceRange r = ins.rangeOfArg(w.offset, w.length);
            const bool variable = st.name.find('$') != std::string::npos;
            const bool valid = !st.name.empty() && isAlpha(st.name[0])
                && std::all_of(st.name.begin(), st.name.end(), [](char c) {
                       return isAlpha(c) || isDigit(c) || c == '-' || c == '_' || c == '.';
                   });
            if (!variable && !valid) {
                error("DF013", r, "invalid stage name " + dquoted(w.text)
                          + ": it must start with a letter and contain only letters, digits, '-', '_' and '.'",
                      "Rename the stage, e.g. AS build.");
            }
            for (const Stage &o : file.stages) {
                if (!st.name.empty() && o.name == st.name) {
                    error("DF014", r, "duplicate stage name " + dquoted(st.name) + " (also on line "
                              + std::to_string(file.instructions[o.fromInstruction].range.begin.line) + ")",
                          "Stage names must be unique; rename one of the stages.");
                    break;
                }
            }
        }
        file.stages.push_back(std::move(st));
    } else if (file.stages.empty()) {
        if (ins.kind == InstructionKind::Arg) {
            file.globalArgs.push_back(index);
        } else if (!m_reportedNoStage && ins.kind != InstructionKind::Unknown) {
            m_reportedNoStage = true;
            error("DF004", ins.keywordRange,
                  ins.keyword + " before FROM: no build stage in current context",
                  "Begin the build stage with FROM <image>; only ARG may come before the first FROM.");
        }
    } else {
        file.stages.back().instructions.push_back(index);
    }
    file.instructions.push_back(std::move(ins));
}

void Parser::finish()
{
    Dockerfile &file = m_result.file;
    if (file.instructions.empty()) {
        SourceRange r{{1, 1, 0}, {1, 1, 0}};
        if (!m_lines.empty())
            r.end = pos(0, m_lines[0].end);
        error("DF002", r, "the Dockerfile has no instructions",
              "Start with a base image, e.g. FROM alpine:3.20, then add the build steps.");
    } else if (file.stages.empty() && !m_reportedNoStage) {
        error("DF004", file.instructions.front().keywordRange,
              "the Dockerfile has no FROM instruction: there is no build stage",
              "Add FROM <image> to begin a build stage; only ARG may come before it.");
    }
}

// ---------------------------------------------------------------------------------------------
// Lexer helpers

void push(std::vector<Token> &out, TokenKind kind, int start, int length)
{
    if (length > 0)
        out.push_back({kind, start, length});
}

// End of "$NAME" or "${...}" starting at p; p when the "$" is literal.
int variableEnd(std::string_view s, int p, int end)
{
    if (p + 1 >= end)
        return p;
    const char c = s[p + 1];
    if (c == '{') {
        int depth = 0;
        for (int q = p + 1; q < end; ++q) {
            if (s[q] == '{')
                ++depth;
            else if (s[q] == '}' && --depth == 0)
                return q + 1;
        }
        return end;
    }
    int q = p + 1;
    if (isNameStart(c)) {
        while (q < end && isNameChar(s[q]))
            ++q;
    } else if (isDigit(c)) {
        while (q < end && isDigit(s[q]))
            ++q;
    }
    return q == p + 1 ? p : q;
}

void lexWord(std::string_view s, int p, int e, char escape, bool keyValue, std::vector<Token> &out)
{
    int text = -1;
    auto flush = [&](int at) {
        if (text >= 0)
            push(out, TokenKind::Text, text, at - text);
        text = -1;
    };
    bool equalsSeen = !keyValue;
    while (p < e) {
        const char c = s[p];
        if (c == escape) {
            if (text < 0)
                text = p;
            p = std::min(p + 2, e);
        } else if (c == '\'') {
            flush(p);
            int q = p + 1;
            while (q < e && s[q] != '\'')
                ++q;
            q = std::min(q + 1, e);
            push(out, TokenKind::String, p, q - p);
            p = q;
        } else if (c == '"') {
            flush(p);
            int start = p;
            int q = p + 1;
            while (q < e && s[q] != '"') {
                if (s[q] == escape && q + 1 < e) {
                    q += 2;
                    continue;
                }
                if (s[q] == '$') {
                    const int v = variableEnd(s, q, e);
                    if (v > q) {
                        push(out, TokenKind::String, start, q - start);
                        push(out, TokenKind::Variable, q, v - q);
                        start = q = v;
                        continue;
                    }
                }
                ++q;
            }
            q = std::min(q + 1, e);
            push(out, TokenKind::String, start, q - start);
            p = q;
        } else if (c == '$' && variableEnd(s, p, e) > p) {
            flush(p);
            const int v = variableEnd(s, p, e);
            push(out, TokenKind::Variable, p, v - p);
            p = v;
        } else if (c == '=' && !equalsSeen) {
            equalsSeen = true;
            flush(p);
            push(out, TokenKind::Punctuation, p, 1);
            ++p;
        } else {
            if (text < 0)
                text = p;
            ++p;
        }
    }
    flush(e);
}

void lexJson(std::string_view s, int p, int e, std::vector<Token> &out)
{
    while (p < e) {
        const char c = s[p];
        if (isBlank(c)) {
            ++p;
        } else if (c == '[' || c == ']' || c == ',') {
            push(out, TokenKind::Punctuation, p, 1);
            ++p;
        } else if (c == '"') {
            int q = p + 1;
            while (q < e && s[q] != '"')
                q += (s[q] == '\\') ? 2 : 1;
            q = std::min(q + 1, e);
            push(out, TokenKind::String, p, q - p);
            p = q;
        } else {
            int q = p;
            while (q < e && !isBlank(s[q]) && s[q] != '[' && s[q] != ']' && s[q] != ',' && s[q] != '"')
                ++q;
            push(out, TokenKind::Text, p, q - p);
            p = q;
        }
    }
}

void lexKeyword(std::string_view s, int p, int end, LexState &st, std::vector<Token> &out, int &next)
{
    int ke = p;
    while (ke < end && !isBlank(s[ke]))
        ++ke;
    const InstructionKind kind = instructionKind(s.substr(p, ke - p));
    push(out, kind == InstructionKind::Unknown ? TokenKind::Error : TokenKind::Instruction, p, ke - p);
    st.instruction = kind;
    st.jsonArgs = false;
    st.flagsAllowed = takesFlags(kind);
    st.argWords = 0;
    next = ke;
}

void lexArgWord(std::string_view s, int p, int we, LexState &st, std::vector<Token> &out)
{
    const std::string_view w = s.substr(p, we - p);
    auto counted = [&] { st.argWords = std::min(st.argWords + 1, 3); };
    switch (st.instruction) {
    case InstructionKind::Onbuild:
        if (st.argWords == 0) {
            int next = we;
            lexKeyword(s, p, we, st, out, next);
            return;
        }
        break;
    case InstructionKind::Healthcheck:
        if (st.argWords == 0 && iequals(w, "CMD")) {
            push(out, TokenKind::Keyword, p, we - p);
            st.instruction = InstructionKind::Cmd;
            st.argWords = 0;
            return;
        }
        if (st.argWords == 0 && iequals(w, "NONE")) {
            push(out, TokenKind::Keyword, p, we - p);
            counted();
            return;
        }
        break;
    case InstructionKind::From:
        if (st.argWords == 1 && iequals(w, "AS")) {
            push(out, TokenKind::Keyword, p, we - p);
            counted();
            return;
        }
        break;
    case InstructionKind::Expose:
        if (isPortSpec(w)) {
            push(out, TokenKind::Number, p, we - p);
            counted();
            return;
        }
        break;
    case InstructionKind::Run:
    case InstructionKind::Copy:
    case InstructionKind::Add:
        if (auto m = parseHeredocMarker(w, st.escape)) {
            push(out, TokenKind::HeredocMarker, p, we - p);
            st.heredocs.push_back(m->delimiter);
            st.heredocStripTabs.push_back(m->stripTabs);
            counted();
            return;
        }
        break;
    default:
        break;
    }
    const bool keyValue = st.instruction == InstructionKind::Env || st.instruction == InstructionKind::Label
        || st.instruction == InstructionKind::Arg;
    lexWord(s, p, we, st.escape, keyValue, out);
    counted();
}

void lexArgs(std::string_view s, int p, int end, LexState &st, std::vector<Token> &out, bool lineComplete)
{
    for (;;) {
        p = skipBlanks(s, p, end);
        if (p >= end)
            return;
        if (st.argWords < 0) {
            lexKeyword(s, p, end, st, out, p);
            continue;
        }
        if (st.jsonArgs) {
            lexJson(s, p, end, out);
            return;
        }
        if (st.argWords == 0 && s[p] == '[' && jsonCapable(st.instruction)) {
            // The same decision as the parser's where the line is complete; a guess on a continued one.
            const std::string_view rest = s.substr(p, end - p);
            const JsonScan scan = lineComplete ? scanJsonArray(rest, nullptr) : JsonScan::Unterminated;
            if (scan == JsonScan::Ok || (scan == JsonScan::Unterminated && meantAsJson(rest))) {
                st.jsonArgs = true;
                st.flagsAllowed = false;
                lexJson(s, p, end, out);
                return;
            }
        }
        const int we = wordEnd(s, p, end, st.escape);
        if (st.flagsAllowed && we - p >= 2 && s[p] == '-' && s[p + 1] == '-') {
            push(out, TokenKind::Flag, p, we - p);
            if (we - p == 2)
                st.flagsAllowed = false;
            p = we;
            continue;
        }
        st.flagsAllowed = false;
        lexArgWord(s, p, we, st, out);
        p = we;
    }
}

// Lexes an instruction line or a continuation line from p, then the continuation character.
void lexInstructionLine(std::string_view s, int p, int n, LexState &st, std::vector<Token> &out, bool fresh)
{
    const int c = continuationAt(s, p, n, st.escape);
    const int contentEnd = c >= 0 ? c : n;
    if (fresh) {
        if (p < contentEnd)
            lexKeyword(s, p, contentEnd, st, out, p);
        else {
            // A line of just the escape character: the keyword comes on the next line.
            st.instruction = InstructionKind::Unknown;
            st.jsonArgs = false;
            st.flagsAllowed = false;
            st.argWords = -1;
        }
    }
    lexArgs(s, p, contentEnd, st, out, c < 0);
    if (c >= 0) {
        push(out, TokenKind::Continuation, c, 1);
        st.continuation = true;
    } else {
        st.continuation = false;
        st.instruction = InstructionKind::Unknown;
        st.jsonArgs = false;
        st.flagsAllowed = false;
        st.argWords = 0;
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::string severityName(Severity s)
{
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    case Severity::Style: return "style";
    }
    return "error";
}

std::string_view instructionName(InstructionKind kind)
{
    for (const auto &e : kInstructions) {
        if (e.kind == kind)
            return e.name;
    }
    return {};
}

InstructionKind instructionKind(std::string_view word)
{
    if (word.size() < 3 || word.size() > 11)
        return InstructionKind::Unknown;
    for (const auto &e : kInstructions) {
        if (iequals(word, e.name))
            return e.kind;
    }
    return InstructionKind::Unknown;
}

const std::vector<InstructionKind> &allInstructions()
{
    static const std::vector<InstructionKind> all = [] {
        std::vector<InstructionKind> v;
        for (const auto &e : kInstructions)
            v.push_back(e.kind);
        return v;
    }();
    return all;
}

const std::vector<std::string> &instructionFlags(InstructionKind kind)
{
    static const std::vector<std::string> none;
    static const std::vector<std::string> from{"--platform"};
    static const std::vector<std::string> run{"--mount", "--network", "--security"};
    static const std::vector<std::string> add{"--chown", "--chmod", "--link", "--keep-git-dir", "--checksum", "--exclude"};
    static const std::vector<std::string> copy{"--from", "--chown", "--chmod", "--link", "--parents", "--exclude"};
    static const std::vector<std::string> healthcheck{"--interval", "--timeout", "--start-period", "--start-interval",
                                                      "--retries"};
    switch (kind) {
    case InstructionKind::From: return from;
    case InstructionKind::Run: return run;
    case InstructionKind::Add: return add;
    case InstructionKind::Copy: return copy;
    case InstructionKind::Healthcheck: return healthcheck;
    default: return none;
    }
}

std::size_t LexState::hash() const
{
    std::size_t h = std::hash<int>{}(int(instruction));
    auto mix = [&h](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(directivesAllowed);
    mix(std::size_t(static_cast<unsigned char>(escape)));
    mix(continuation);
    mix(jsonArgs);
    mix(flagsAllowed);
    mix(std::size_t(argWords + 1));
    for (const auto &d : heredocs)
        mix(std::hash<std::string>{}(d));
    for (bool b : heredocStripTabs)
        mix(b ? 2 : 1);
    return h;
}

LexState lexLine(std::string_view line, const LexState &in, std::vector<Token> &out)
{
    LexState st = in;
    int n = int(line.size());
    if (n > 0 && line[n - 1] == '\r')
        --n;

    if (!st.continuation && !st.heredocs.empty()) {
        int b = 0;
        if (!st.heredocStripTabs.empty() && st.heredocStripTabs.front()) {
            while (b < n && line[b] == '\t')
                ++b;
        }
        if (line.substr(b, n - b) == st.heredocs.front()) {
            push(out, TokenKind::HeredocEnd, b, n - b);
            st.heredocs.erase(st.heredocs.begin());
            if (!st.heredocStripTabs.empty())
                st.heredocStripTabs.erase(st.heredocStripTabs.begin());
        } else {
            push(out, TokenKind::HeredocBody, 0, n);
        }
        return st;
    }

    const int bom = line.substr(0, 3) == kBom ? 3 : 0;
    const int s = skipBlanks(line, bom, n);
    if (st.continuation) {
        // Comment and empty lines inside a continuation are skipped, as the parser does.
        if (s < n && line[s] == '#')
            push(out, TokenKind::Comment, s, trimRight(line, s, n) - s);
        else if (s < n)
            lexInstructionLine(line, s, n, st, out, false);
        return st;
    }
    if (s == n) {
        st.directivesAllowed = false;
        return st;
    }
    if (line[s] == '#') {
        if (st.directivesAllowed) {
            if (auto d = matchDirective(line.substr(bom, n - bom))) {
                push(out, TokenKind::Directive, s, bom + d->valueEnd - s);
                if (d->name == "escape" && (d->value == "\\" || d->value == "`"))
                    st.escape = d->value[0];
                return st;
            }
        }
        st.directivesAllowed = false;
        push(out, TokenKind::Comment, s, trimRight(line, s, n) - s);
        return st;
    }
    st.directivesAllowed = false;
    lexInstructionLine(line, s, n, st, out, true);
    return st;
}

// ---------------------------------------------------------------------------------------------

SourcePos Instruction::posOfArg(int argOffset) const { return posAt(argSegments, argOffset); }

SourceRange Instruction::rangeOfArg(int argOffset, int length) const
{
    return rangeAt(argSegments, argOffset, length);
}

std::optional<std::string> Instruction::flag(std::string_view name) const
{
    for (const Flag &f : flags) {
        if (f.name == name)
            return f.value;
    }
    return std::nullopt;
}

ParseResult parseDockerfile(std::string_view text)
{
    return Parser(text).run();
}

Result<std::string> expandVariables(std::string_view word, const Variables &vars, char escape)
{
    return Expander(word, vars, escape).run();
}

Result<std::vector<KeyValue>> parseKeyValues(const Instruction &instruction)
{
    const std::string name(instructionName(instruction.kind));
    auto fail = [&](int offset, std::string message) {
        Error e = Error::make(Error::Code::Invalid, std::move(message));
        const SourcePos p = instruction.posOfArg(offset);
        e.line = p.line;
        e.column = p.column;
        return e;
    };
    if (instruction.kind != InstructionKind::Env && instruction.kind != InstructionKind::Label
        && instruction.kind != InstructionKind::Arg)
        return fail(0, "key/value pairs are only read from ENV, LABEL and ARG, not " + instruction.keyword);

    // Instructions built by hand may come without words.
    const char escape = instruction.escape;
    const std::vector<Word> &words = instruction.words.empty() && !instruction.args.empty()
        ? splitWords(instruction.args, escape)
        : instruction.words;
    std::vector<KeyValue> out;
    if (words.empty())
        return fail(0, name + " requires at least one argument");

    auto equalsAt = [](std::string_view raw) {
        char quote = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const char c = raw[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '=') {
                return i;
            }
        }
        return std::string_view::npos;
    };

    if (instruction.kind != InstructionKind::Arg && equalsAt(words[0].raw) == std::string_view::npos) {
        // Legacy "ENV KEY value with spaces": the rest of the line is the value.
        const Word &key = words[0];
        const int rest = skipBlanks(instruction.args, key.offset + key.length, int(instruction.args.size()));
        if (rest >= int(instruction.args.size()))
            return fail(key.offset, name + " " + key.text + " has no value: " + name
                            + " must have two arguments (KEY value) or KEY=value pairs");
        KeyValue kv;
        kv.key = key.text;
        kv.value = unquote(std::string_view(instruction.args).substr(rest), escape);
        kv.offset = key.offset;
        out.push_back(std::move(kv));
        return out;
    }
    for (const Word &w : words) {
        const std::size_t eq = equalsAt(w.raw);
        KeyValue kv;
        kv.offset = w.offset;
        if (eq == std::string_view::npos) {
            if (instruction.kind != InstructionKind::Arg)
                return fail(w.offset, "can't find = in " + dquoted(w.text) + ": " + name + " takes name=value pairs");
            kv.key = w.text;
        } else {
            kv.key = unquote(std::string_view(w.raw).substr(0, eq), escape);
            kv.value = unquote(std::string_view(w.raw).substr(eq + 1), escape);
        }
        if (kv.key.empty())
            return fail(w.offset, name + " names can not be blank");
        out.push_back(std::move(kv));
    }
    return out;
}

} // namespace flotilla::engine::image
