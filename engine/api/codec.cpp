#include "codec.h"

#include <yaml-cpp/emitter.h>
#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <optional>
#include <sstream>

namespace flotilla::engine::api {

namespace {

struct ParseFailure {
    Error error;
};

/// 0-based position of a parse event.
struct Mark {
    int line = -1;
    int column = -1;
    bool is_null() const { return line < 0; }
};

Error errorAt(const Mark &mark, std::string message)
{
    Error e = Error::make(Error::Code::Invalid, std::move(message));
    if (!mark.is_null()) {
        e.line = mark.line + 1;
        e.column = mark.column + 1;
    }
    return e;
}

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> options)
{
    for (auto o : options)
        if (s == o)
            return true;
    return false;
}

/// Resolves a plain (unquoted, untagged) scalar the way Kubernetes' YAML reader does.
Json resolvePlain(const std::string &s, bool &ok)
{
    ok = true;
    if (isOneOf(s, {"", "~", "null", "Null", "NULL"}))
        return nullptr;
    if (isOneOf(s, {"true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "on", "On", "ON"}))
        return true;
    if (isOneOf(s, {"false", "False", "FALSE", "no", "No", "NO", "n", "N", "off", "Off", "OFF"}))
        return false;
    const char *b = s.data();
    const char *e = b + s.size();
    const char c0 = s[0];
    if ((c0 >= '0' && c0 <= '9') || c0 == '-' || c0 == '+' || c0 == '.') {
        std::string_view body(s);
        bool neg = false;
        if (body[0] == '-' || body[0] == '+') {
            neg = body[0] == '-';
            body.remove_prefix(1);
        }
        if (body.size() > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'o')) {
            std::int64_t v = 0;
            const int base = body[1] == 'x' ? 16 : 8;
            auto r = std::from_chars(body.data() + 2, body.data() + body.size(), v, base);
            if (r.ec == std::errc{} && r.ptr == body.data() + body.size())
                return neg ? -v : v;
        }
        std::int64_t iv = 0;
        auto r = std::from_chars(c0 == '+' ? b + 1 : b, e, iv);
        if (r.ec == std::errc{} && r.ptr == e)
            return iv;
        if (isOneOf(body, {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"})) {
            ok = false; // JSON has no infinities
            return nullptr;
        }
        bool digit = false, valid = true, seenE = false, seenDot = false;
        for (std::size_t i = 0; i < body.size() && valid; ++i) {
            const char c = body[i];
            if (c >= '0' && c <= '9')
                digit = true;
            else if (c == '.' && !seenDot && !seenE)
                seenDot = true;
            else if ((c == 'e' || c == 'E') && digit && !seenE) {
                seenE = true;
                if (i + 1 < body.size() && (body[i + 1] == '-' || body[i + 1] == '+'))
                    ++i;
                if (i + 1 >= body.size())
                    valid = false;
            } else
                valid = false;
        }
        if (valid && digit) {
            double d = 0;
            auto rd = std::from_chars(c0 == '+' ? b + 1 : b, e, d);
            if (rd.ec == std::errc{} && rd.ptr == e && std::isfinite(d))
                return d;
        }
    }
    return s;
}

/// Builds JSON from a YAML parser's events: no recursion of its own, positions recorded, aliases
/// expanded against node and byte budgets, duplicate keys refused.
/// Scalar tags: "?" for a plain untagged scalar, "!" for a quoted one, else the resolved tag.
class JsonBuilder final {
public:
    JsonBuilder(const ParseLimits &limits, Document &doc) : m_limits(limits), m_doc(doc) {}

    void OnDocumentStart(const Mark &mark) { m_doc.start = {mark.line + 1, mark.column + 1}; }

    void OnAlias(const Mark &mark, const std::string &anchor)
    {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            throw ParseFailure{errorAt(mark, "alias to an unknown anchor")};
        if (m_nodes + it->second.nodes > m_limits.maxNodes)
            throw ParseFailure{errorAt(mark, "too many aliases: expanding them exceeds "
                                                 + std::to_string(m_limits.maxNodes) + " nodes")};
        if (m_bytes + it->second.bytes > m_limits.maxExpandedBytes)
            throw ParseFailure{errorAt(mark, "too many aliases: expanding them exceeds "
                                                 + std::to_string(m_limits.maxExpandedBytes) + " bytes")};
        m_nodes += it->second.nodes;
        m_bytes += it->second.bytes;
        addValue(mark, it->second.value, {}, false);
    }

    void OnScalar(const Mark &mark, const std::string &tag, const std::string &anchor, const std::string &value)
    {
        if (!m_stack.empty() && m_stack.back().isMap && !m_stack.back().haveKey) {
            Frame &f = m_stack.back();
            if (f.keys.count(value))
                throw ParseFailure{errorAt(mark, "duplicate key \"" + value + "\" in "
                                                     + (f.path.empty() ? std::string("the document") : f.path))};
            f.keys.insert(value);
            f.key = value;
            f.keyMark = mark;
            f.haveKey = true;
            return;
        }
        Json v;
        if (tag == "?") {
            bool ok = true;
            v = resolvePlain(value, ok);
            if (!ok)
                throw ParseFailure{errorAt(mark, "\"" + value + "\" cannot be represented in JSON")};
        } else if (tag == "!" || tag == "tag:yaml.org,2002:str" || tag == "!!str") {
            v = value;
        } else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float"
                   || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
            bool ok = true;
            v = resolvePlain(value, ok);
            if (!ok || v.is_string())
                throw ParseFailure{errorAt(mark, "\"" + value + "\" is not a valid " + tag.substr(18))};
        } else {
            v = value; // other tags (e.g. !!binary) are kept as strings
        }
        addValue(mark, std::move(v), anchor);
    }

    void OnSequenceStart(const Mark &mark, const std::string &anchor) { open(mark, false, anchor); }
    void OnSequenceEnd() { close(); }
    void OnMapStart(const Mark &mark, const std::string &anchor) { open(mark, true, anchor); }
    void OnMapEnd() { close(); }

    bool hasRoot() const { return m_hasRoot; }
    Json takeRoot() { return std::move(m_root); }

private:
    struct Frame {
        bool isMap = false;
        Json value;
        std::string path;
        std::string anchor;
        std::size_t nodesAtStart = 0;
        std::size_t bytesAtStart = 0;
        std::set<std::string> keys;
        std::string key;
        Mark keyMark;
        bool haveKey = false;
    };
    struct Anchored {
        Json value;
        std::size_t nodes = 1;
        std::size_t bytes = 0;
    };

    /// Paths name where a node is; past this length they stop growing (positions fall back to a parent),
    /// so that huge keys cannot make every child's path huge.
    static constexpr std::size_t kMaxPath = 1024;
    static std::string segment(const std::string &key)
    {
        return key.size() <= 256 ? key : key.substr(0, 256) + "...";
    }

    std::string childPath(const Mark &mark, Mark &posMark)
    {
        posMark = mark;
        if (m_stack.empty())
            return {};
        Frame &f = m_stack.back();
        if (f.isMap) {
            if (!f.haveKey)
                throw ParseFailure{errorAt(mark, "map keys must be strings")};
            posMark = f.keyMark;
            if (f.path.size() > kMaxPath)
                return f.path;
            return f.path.empty() ? segment(f.key) : f.path + "." + segment(f.key);
        }
        if (f.path.size() > kMaxPath)
            return f.path;
        return f.path + "[" + std::to_string(f.value.size()) + "]";
    }

    void open(const Mark &mark, bool isMap, const std::string &anchor)
    {
        if (int(m_stack.size()) >= m_limits.maxDepth)
            throw ParseFailure{errorAt(mark, "nested deeper than " + std::to_string(m_limits.maxDepth) + " levels")};
        if (++m_nodes > m_limits.maxNodes)
            throw ParseFailure{errorAt(mark, "more than " + std::to_string(m_limits.maxNodes) + " nodes")};
        Mark pos;
        Frame f;
        f.isMap = isMap;
        f.path = childPath(mark, pos);
        f.value = isMap ? Json::object() : Json::array();
        f.anchor = anchor;
        f.nodesAtStart = m_nodes;
        f.bytesAtStart = m_bytes;
        m_doc.positions.emplace(f.path, SourcePos{pos.line + 1, pos.column + 1});
        m_stack.push_back(std::move(f));
    }

    void close()
    {
        Frame f = std::move(m_stack.back());
        m_stack.pop_back();
        if (!f.anchor.empty())
            m_anchors[f.anchor] = {f.value, m_nodes - f.nodesAtStart + 1, m_bytes - f.bytesAtStart + 8};
        attach(std::move(f.value));
    }

    void addValue(const Mark &mark, Json v, const std::string &anchor, bool count = true)
    {
        if (count && ++m_nodes > m_limits.maxNodes)
            throw ParseFailure{errorAt(mark, "more than " + std::to_string(m_limits.maxNodes) + " nodes")};
        const std::size_t bytes = (v.is_string() ? v.get_ref<const std::string &>().size() : 0) + 8;
        if (count)
            m_bytes += bytes;
        Mark pos;
        const std::string path = childPath(mark, pos);
        m_doc.positions.emplace(path, SourcePos{pos.line + 1, pos.column + 1});
        if (!anchor.empty())
            m_anchors[anchor] = {v, 1, bytes};
        attach(std::move(v));
    }

    void attach(Json v)
    {
        if (m_stack.empty()) {
            m_root = std::move(v);
            m_hasRoot = true;
            return;
        }
        Frame &f = m_stack.back();
        if (f.isMap) {
            if (f.key == "<<" && v.is_object()) { // merge key: the map's own keys win
                for (auto &[k, val] : v.items())
                    if (!f.value.contains(k))
                        f.value[k] = val;
            } else {
                f.value[f.key] = std::move(v);
            }
            f.haveKey = false;
        } else {
            f.value.push_back(std::move(v));
        }
    }

    const ParseLimits &m_limits;
    Document &m_doc;
    std::vector<Frame> m_stack;
    std::unordered_map<std::string, Anchored> m_anchors;
    std::size_t m_nodes = 0;
    std::size_t m_bytes = 0;
    Json m_root;
    bool m_hasRoot = false;
};

/// Characters a plain or literal scalar cannot carry as they are: control characters, DEL, the C1
/// range, line and paragraph separators, and the byte order mark.
bool hasUnprintable(const std::string &s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7f)
            return true;
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80
            && static_cast<unsigned char>(s[i + 1]) <= 0x9f)
            return true;
        if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80
            && (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9))
            return true;
        if (c == 0xef && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xbb
            && static_cast<unsigned char>(s[i + 2]) == 0xbf)
            return true;
    }
    return false;
}

bool needsQuotes(const std::string &s)
{
    if (s.empty() || hasUnprintable(s))
        return true;
    bool ok = true;
    if (!resolvePlain(s, ok).is_string() || !ok)
        return true;
    return s.front() == ' ' || s.back() == ' ';
}

void writeString(YAML::Emitter &out, const std::string &s, bool quoted)
{
    if (!quoted) {
        out << s;
        return;
    }
    // Escape what yaml-cpp would write raw inside the quotes (it passes U+2028 and the like through).
    const bool escape = hasUnprintable(s);
    if (escape)
        out << YAML::EscapeNonAscii;
    out << YAML::DoubleQuoted << s;
    if (escape)
        out << YAML::EmitNonAscii;
}

void emit(YAML::Emitter &out, const Json &j)
{
    switch (j.type()) {
    case Json::value_t::object:
        if (j.empty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const auto &[k, v] : j.items()) {
            out << YAML::Key;
            writeString(out, k, needsQuotes(k));
            out << YAML::Value;
            emit(out, v);
        }
        out << YAML::EndMap;
        return;
    case Json::value_t::array:
        if (j.empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const auto &v : j)
            emit(out, v);
        out << YAML::EndSeq;
        return;
    case Json::value_t::string: {
        const auto &s = j.get_ref<const std::string &>();
        // A literal block keeps the text exactly only with one final newline and no leading blank
        // or indented first line; anything else is written double-quoted.
        const bool literal = s.size() >= 2 && s.back() == '\n' && s[s.size() - 2] != '\n' && s.front() != '\n'
                             && s.front() != ' ' && !hasUnprintable(s) && s.find(" \n") == std::string::npos;
        if (literal)
            out << YAML::Literal << s;
        else
            writeString(out, s, needsQuotes(s) || s.find('\n') != std::string::npos);
        return;
    }
    case Json::value_t::boolean:
        out << (j.get<bool>() ? "true" : "false");
        return;
    case Json::value_t::number_integer:
        out << j.get<std::int64_t>();
        return;
    case Json::value_t::number_unsigned:
        out << j.get<std::uint64_t>();
        return;
    case Json::value_t::number_float:
        out << j.dump();
        return;
    default:
        out << YAML::Null;
        return;
    }
}

} // namespace

SourcePos Document::locate(std::string_view path) const
{
    std::string p(path);
    for (;;) {
        if (const auto it = positions.find(p); it != positions.end())
            return it->second;
        if (p.empty())
            return start;
        const auto cut = p.find_last_of(".[");
        p = cut == std::string::npos ? std::string() : p.substr(0, cut);
    }
}

Error Document::locate(Error error) const
{
    const SourcePos pos = locate(error.path);
    if (error.line == 0) {
        error.line = pos.line;
        error.column = pos.column;
    }
    error.document = index;
    return error;
}

namespace {
/// YAML is read with libyaml, driven event by event: a state machine without recursion, fuzzed for
/// years. (yaml-cpp 0.7, as packaged, loops forever on inputs as small as `"",`; it still writes YAML.)
class LibYamlParser {
public:
    explicit LibYamlParser(std::string_view text) : m_text(text)
    {
        yaml_parser_initialize(&m_parser);
        yaml_parser_set_input_string(&m_parser, reinterpret_cast<const unsigned char *>(text.data()), text.size());
    }
    ~LibYamlParser() { yaml_parser_delete(&m_parser); }
    LibYamlParser(const LibYamlParser &) = delete;
    LibYamlParser &operator=(const LibYamlParser &) = delete;

    /// The next event; throws ParseFailure with the parser's position on a syntax error.
    yaml_event_t next()
    {
        yaml_event_t event;
        if (!yaml_parser_parse(&m_parser, &event)) {
            std::string problem = m_parser.problem ? m_parser.problem : "malformed YAML";
            if (m_parser.context)
                problem = std::string(m_parser.context) + ": " + problem;
            Mark at{int(m_parser.problem_mark.line), int(m_parser.problem_mark.column)};
            if (m_parser.error == YAML_READER_ERROR) {
                // Encoding problems carry a byte offset, not a position: count lines up to it.
                const std::size_t offset = std::min(m_parser.problem_offset, m_text.size());
                const std::string_view before = m_text.substr(0, offset);
                const auto lastBreak = before.rfind('\n');
                at.line = int(std::count(before.begin(), before.end(), '\n'));
                at.column = int(lastBreak == std::string_view::npos ? offset : offset - lastBreak - 1);
            }
            throw ParseFailure{errorAt(at, problem)};
        }
        return event;
    }

private:
    std::string_view m_text;
    yaml_parser_t m_parser;
};

struct EventGuard {
    yaml_event_t &event;
    ~EventGuard() { yaml_event_delete(&event); }
};

std::string text(const yaml_char_t *s) { return s ? reinterpret_cast<const char *>(s) : std::string(); }
} // namespace

Result<std::vector<Document>> parseDocuments(std::string_view input, const ParseLimits &limits)
{
    if (input.size() > limits.maxBytes) {
        return Error::make(Error::Code::TooLarge, "the input is " + std::to_string(input.size()) + " bytes; at most "
                                                      + std::to_string(limits.maxBytes) + " bytes are accepted");
    }
    std::vector<Document> docs;
    int index = 0;
    try {
        LibYamlParser parser(input);
        std::optional<Document> doc;
        std::optional<JsonBuilder> builder;
        for (bool done = false; !done;) {
            yaml_event_t event = parser.next();
            EventGuard guard{event};
            const Mark mark{int(event.start_mark.line), int(event.start_mark.column)};
            switch (event.type) {
            case YAML_STREAM_END_EVENT:
                done = true;
                break;
            case YAML_DOCUMENT_START_EVENT:
                ++index;
                doc.emplace();
                doc->index = index;
                builder.emplace(limits, *doc);
                builder->OnDocumentStart(mark);
                break;
            case YAML_DOCUMENT_END_EVENT:
                if (builder && builder->hasRoot()) {
                    doc->json = builder->takeRoot();
                    if (!doc->json.is_null()) // an empty document between separators
                        docs.push_back(std::move(*doc));
                }
                builder.reset();
                doc.reset();
                break;
            case YAML_ALIAS_EVENT:
                builder->OnAlias(mark, text(event.data.alias.anchor));
                break;
            case YAML_SCALAR_EVENT: {
                const auto &sc = event.data.scalar;
                std::string tag = text(sc.tag);
                if (tag.empty())
                    tag = sc.style == YAML_PLAIN_SCALAR_STYLE ? "?" : "!";
                builder->OnScalar(mark, tag, text(sc.anchor),
                                  std::string(reinterpret_cast<const char *>(sc.value), sc.length));
                break;
            }
            case YAML_SEQUENCE_START_EVENT:
                builder->OnSequenceStart(mark, text(event.data.sequence_start.anchor));
                break;
            case YAML_SEQUENCE_END_EVENT:
                builder->OnSequenceEnd();
                break;
            case YAML_MAPPING_START_EVENT:
                builder->OnMapStart(mark, text(event.data.mapping_start.anchor));
                break;
            case YAML_MAPPING_END_EVENT:
                builder->OnMapEnd();
                break;
            default:
                break;
            }
        }
    } catch (const ParseFailure &f) {
        Error e = f.error;
        e.document = std::max(index, 1);
        return e;
    } catch (const std::exception &e) {
        return Error::make(Error::Code::Invalid, e.what());
    }
    return docs;
}

std::string toYaml(const Json &json)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emit(out, json);
    std::string s = out.c_str();
    if (!s.empty() && s.back() != '\n')
        s += '\n';
    return s;
}

std::string toYaml(const std::vector<Json> &documents)
{
    std::string out;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        out += toYaml(documents[i]);
    }
    return out;
}

} // namespace flotilla::engine::api
