// Container logs through the Kubernetes API (kubectl logs): the simulated container runtime writes them.

#include "logs.h"

#include "../api/types.h"
#include "../sandbox/sandbox.h"

#include <algorithm>
#include <cstdio>

namespace flotilla::engine::serve {

namespace {

bool flag(const std::map<std::string, std::string> &query, const char *key)
{
    const auto it = query.find(key);
    return it != query.end() && (it->second == "true" || it->second == "1");
}

/// A non-negative integer parameter; nullopt when absent; an error message when malformed.
std::optional<std::int64_t> number(const std::map<std::string, std::string> &query, const char *key, std::string &error)
{
    const auto it = query.find(key);
    if (it == query.end() || it->second.empty())
        return std::nullopt;
    try {
        std::size_t used = 0;
        const std::int64_t v = std::stoll(it->second, &used);
        if (used == it->second.size() && v >= 0)
            return v;
    } catch (...) {
    }
    error = std::string(key) + " must be a non-negative number, not \"" + it->second + "\"";
    return std::nullopt;
}

/// 2026-11-27T19:04:33.123000000Z
std::string nanoTimestamp(TimeMs t)
{
    std::string s = formatRfc3339(t);
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%03d000000", int(((t % 1000) + 1000) % 1000));
    if (!s.empty() && s.back() == 'Z')
        s.insert(s.size() - 1, frac);
    return s;
}

ApiReply logError(const Error &e, const std::string &name)
{
    if (e.code == Error::Code::NotFound && e.message.starts_with("pods "))
        return notFoundReply(*api::findKind(api::kind::Pod), name);
    if (e.code == Error::Code::NotFound)
        return statusReply(400, "BadRequest", e.message);
    return statusReply(400, "BadRequest", e.message);
}

} // namespace

std::string formatLogLines(const std::vector<runtime::LogLine> &lines, bool timestamps)
{
    std::string out;
    for (const auto &l : lines) {
        if (timestamps)
            out += nanoTimestamp(l.time) + " ";
        out += l.text;
        out += '\n';
    }
    return out;
}

std::optional<ApiReply> podLogReply(sandbox::Sandbox &sb, const std::string &ns, const std::string &name,
                                    const std::map<std::string, std::string> &query, std::optional<LogFollow> &follow)
{
    const auto pod = sb.store().get(api::kind::Pod, ns, name);
    if (!pod)
        return notFoundReply(*api::findKind(api::kind::Pod), name);
    std::string error;
    const auto tail = number(query, "tailLines", error);
    const auto sinceSeconds = number(query, "sinceSeconds", error);
    const auto limitBytes = number(query, "limitBytes", error);
    if (!error.empty())
        return statusReply(400, "BadRequest", error);
    const bool previous = flag(query, "previous");
    const bool timestamps = flag(query, "timestamps");
    const bool follow_ = flag(query, "follow");

    // the container: named, or the only one
    std::vector<std::string> names;
    for (const auto &c : api::field(pod->spec(), "containers"))
        names.push_back(api::stringField(c, "name"));
    std::string container;
    if (auto it = query.find("container"); it != query.end())
        container = it->second;
    if (container.empty()) {
        if (names.size() != 1) {
            std::string list;
            for (const auto &n : names)
                list += (list.empty() ? "" : " ") + n;
            return statusReply(400, "BadRequest", "a container name must be specified for pod " + name +
                                                      ", choose one of: [" + list + "]");
        }
        container = names.front();
    } else if (std::find(names.begin(), names.end(), container) == names.end()) {
        bool init = false;
        for (const auto &c : api::field(pod->spec(), "initContainers"))
            init = init || api::stringField(c, "name") == container;
        if (!init)
            return statusReply(400, "BadRequest", "container " + container + " is not valid for pod " + name);
    }

    runtime::LogQuery q;
    const TimeMs now = sb.sim().now();
    if (sinceSeconds)
        q.since = now - *sinceSeconds * 1000;
    if (auto it = query.find("sinceTime"); it != query.end() && !it->second.empty()) {
        const auto t = parseRfc3339(it->second);
        if (!t)
            return statusReply(400, "BadRequest", "sinceTime must be an RFC 3339 time, not \"" + it->second + "\"");
        q.since = std::max(q.since, *t);
    }
    if (tail)
        q.tail = std::size_t(*tail);
    auto lines = sb.runtime().logs(ns, name, container, q, previous);
    if (!lines.ok())
        return logError(lines.error(), name);
    if (tail && *tail == 0)
        lines->clear();
    std::string text = formatLogLines(*lines, timestamps);
    if (limitBytes && text.size() > std::size_t(*limitBytes))
        text.resize(std::size_t(*limitBytes));
    if (follow_ && !previous) {
        follow = LogFollow{ns, name, pod->metadata.uid, container, timestamps, std::move(text)};
        return std::nullopt;
    }
    return ApiReply{200, "text/plain", std::move(text), {}};
}

} // namespace flotilla::engine::serve
