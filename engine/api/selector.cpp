#include "selector.h"

#include <algorithm>
#include <cctype>

namespace flotilla::engine::api {

namespace {
Error selectorError(std::string message, std::string path = {})
{
    return Error::make(Error::Code::Invalid, std::move(message), std::move(path));
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace((unsigned char)s.front()))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace((unsigned char)s.back()))
        s.remove_suffix(1);
    return s;
}

bool validToken(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == '/';
    });
}

/// Splits at commas that are not inside parentheses.
std::vector<std::string_view> splitTerms(std::string_view text)
{
    std::vector<std::string_view> terms;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || (text[i] == ',' && depth == 0)) {
            terms.push_back(trim(text.substr(start, i - start)));
            start = i + 1;
        } else if (text[i] == '(') {
            ++depth;
        } else if (text[i] == ')') {
            --depth;
        }
    }
    return terms;
}
} // namespace

Result<LabelSelector> LabelSelector::parse(std::string_view text)
{
    LabelSelector sel;
    if (trim(text).empty())
        return sel;
    for (std::string_view term : splitTerms(text)) {
        if (term.empty())
            return selectorError("empty requirement in selector \"" + std::string(text) + "\"");
        Requirement req;
        if (term.front() == '!') {
            req.key = std::string(trim(term.substr(1)));
            req.op = Op::DoesNotExist;
        } else if (auto pos = term.find("!="); pos != std::string_view::npos) {
            req.key = std::string(trim(term.substr(0, pos)));
            req.op = Op::NotEquals;
            req.values.emplace_back(trim(term.substr(pos + 2)));
        } else if (auto pos2 = term.find("=="); pos2 != std::string_view::npos) {
            req.key = std::string(trim(term.substr(0, pos2)));
            req.values.emplace_back(trim(term.substr(pos2 + 2)));
        } else if (auto pos3 = term.find('='); pos3 != std::string_view::npos) {
            req.key = std::string(trim(term.substr(0, pos3)));
            req.values.emplace_back(trim(term.substr(pos3 + 1)));
        } else if (auto open = term.find('('); open != std::string_view::npos) {
            const auto close = term.rfind(')');
            if (close == std::string_view::npos || close < open)
                return selectorError("unbalanced parenthesis in \"" + std::string(term) + "\"");
            std::string_view head = trim(term.substr(0, open));
            const auto space = head.find_last_of(" \t");
            if (space == std::string_view::npos)
                return selectorError("expected \"key in (values)\" or \"key notin (values)\" in \"" + std::string(term) + "\"");
            const std::string_view op = trim(head.substr(space + 1));
            req.key = std::string(trim(head.substr(0, space)));
            if (op == "in")
                req.op = Op::In;
            else if (op == "notin")
                req.op = Op::NotIn;
            else
                return selectorError("unknown operator \"" + std::string(op) + "\" in \"" + std::string(term) + "\"");
            std::string_view list = term.substr(open + 1, close - open - 1);
            std::size_t start = 0;
            for (std::size_t i = 0; i <= list.size(); ++i) {
                if (i == list.size() || list[i] == ',') {
                    auto v = trim(list.substr(start, i - start));
                    if (!v.empty())
                        req.values.emplace_back(v);
                    start = i + 1;
                }
            }
        } else {
            req.key = std::string(term);
            req.op = Op::Exists;
        }
        if (!validToken(req.key))
            return selectorError("invalid label key \"" + req.key + "\" in selector");
        for (const auto &v : req.values)
            if (!v.empty() && !validToken(v))
                return selectorError("invalid label value \"" + v + "\" in selector");
        sel.m_requirements.push_back(std::move(req));
    }
    return sel;
}

Result<LabelSelector> LabelSelector::fromJson(const Json &json, const std::string &path)
{
    LabelSelector sel;
    if (json.is_null())
        return sel;
    if (!json.is_object())
        return selectorError("must be an object with matchLabels and/or matchExpressions", path);
    const Json &ml = field(json, "matchLabels");
    if (!ml.is_null()) {
        if (!ml.is_object())
            return selectorError("must be a map of strings", path + ".matchLabels");
        for (const auto &[k, v] : ml.items()) {
            if (!v.is_string())
                return selectorError("must be a string", path + ".matchLabels." + k);
            sel.m_requirements.push_back({k, Op::Equals, {v.get<std::string>()}});
        }
    }
    const Json &me = field(json, "matchExpressions");
    if (!me.is_null()) {
        if (!me.is_array())
            return selectorError("must be a list", path + ".matchExpressions");
        for (std::size_t i = 0; i < me.size(); ++i) {
            const std::string p = path + ".matchExpressions[" + std::to_string(i) + "]";
            const Json &e = me[i];
            Requirement req;
            req.key = stringField(e, "key");
            if (req.key.empty())
                return selectorError("Required value", p + ".key");
            const std::string op = stringField(e, "operator");
            if (op == "In")
                req.op = Op::In;
            else if (op == "NotIn")
                req.op = Op::NotIn;
            else if (op == "Exists")
                req.op = Op::Exists;
            else if (op == "DoesNotExist")
                req.op = Op::DoesNotExist;
            else
                return selectorError("Unsupported value: \"" + op + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"",
                                     p + ".operator");
            const Json &values = field(e, "values");
            if (values.is_array()) {
                for (const auto &v : values) {
                    if (!v.is_string())
                        return selectorError("must be a list of strings", p + ".values");
                    req.values.push_back(v.get<std::string>());
                }
            }
            if ((req.op == Op::In || req.op == Op::NotIn) && req.values.empty())
                return selectorError("must be specified when `operator` is 'In' or 'NotIn'", p + ".values");
            sel.m_requirements.push_back(std::move(req));
        }
    }
    return sel;
}

bool LabelSelector::matches(const Labels &labels) const
{
    for (const auto &req : m_requirements) {
        const auto it = labels.find(req.key);
        const bool has = it != labels.end();
        switch (req.op) {
        case Op::Equals:
            if (!has || it->second != req.values.front())
                return false;
            break;
        case Op::NotEquals:
            if (has && it->second == req.values.front())
                return false;
            break;
        case Op::In:
            if (!has || std::find(req.values.begin(), req.values.end(), it->second) == req.values.end())
                return false;
            break;
        case Op::NotIn:
            if (has && std::find(req.values.begin(), req.values.end(), it->second) != req.values.end())
                return false;
            break;
        case Op::Exists:
            if (!has)
                return false;
            break;
        case Op::DoesNotExist:
            if (has)
                return false;
            break;
        }
    }
    return true;
}

std::string LabelSelector::toString() const
{
    std::string out;
    for (const auto &req : m_requirements) {
        if (!out.empty())
            out += ',';
        switch (req.op) {
        case Op::Equals: out += req.key + "=" + req.values.front(); break;
        case Op::NotEquals: out += req.key + "!=" + req.values.front(); break;
        case Op::Exists: out += req.key; break;
        case Op::DoesNotExist: out += "!" + req.key; break;
        case Op::In:
        case Op::NotIn: {
            out += req.key + (req.op == Op::In ? " in (" : " notin (");
            for (std::size_t i = 0; i < req.values.size(); ++i)
                out += (i ? "," : "") + req.values[i];
            out += ')';
            break;
        }
        }
    }
    return out;
}

} // namespace flotilla::engine::api
