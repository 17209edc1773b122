#include "probes.h"

#include <algorithm>

namespace flotilla::engine::runtime {

namespace {
TimeMs seconds(const api::Json &probe, const char *name, TimeMs fallback, TimeMs min)
{
    const api::Json &v = api::field(probe, name);
    if (!v.is_number_integer())
        return fallback;
    const auto s = v.get<std::int64_t>();
    return std::clamp<TimeMs>(s * 1000, min, 86'400'000LL * 365);
}

int count(const api::Json &probe, const char *name, int fallback)
{
    const api::Json &v = api::field(probe, name);
    if (!v.is_number_integer())
        return fallback;
    return int(std::clamp<std::int64_t>(v.get<std::int64_t>(), 1, 1'000'000));
}

std::string portText(const api::Json &v)
{
    if (v.is_number_integer())
        return std::to_string(v.get<std::int64_t>());
    if (v.is_string())
        return v.get<std::string>();
    return "80";
}
} // namespace

std::optional<Probe> Probe::decode(const api::Json &json)
{
    if (!json.is_object())
        return std::nullopt;
    Probe p;
    if (const api::Json &http = api::field(json, "httpGet"); http.is_object()) {
        p.type = Type::HttpGet;
        p.path = api::stringField(http, "path", "/");
        if (p.path.empty() || p.path[0] != '/')
            p.path = "/" + p.path;
        p.port = portText(api::field(http, "port"));
        p.scheme = api::stringField(http, "scheme", "HTTP");
    } else if (const api::Json &tcp = api::field(json, "tcpSocket"); tcp.is_object()) {
        p.type = Type::TcpSocket;
        p.port = portText(api::field(tcp, "port"));
    } else if (const api::Json &exec = api::field(json, "exec"); exec.is_object()) {
        p.type = Type::Exec;
        if (const api::Json &cmd = api::field(exec, "command"); cmd.is_array())
            for (const auto &c : cmd)
                if (c.is_string())
                    p.command.push_back(c.get<std::string>());
    } else if (const api::Json &grpc = api::field(json, "grpc"); grpc.is_object()) {
        p.type = Type::Grpc;
        p.port = portText(api::field(grpc, "port"));
    } else {
        return std::nullopt;
    }
    p.initialDelay = seconds(json, "initialDelaySeconds", 0, 0);
    p.period = seconds(json, "periodSeconds", 10'000, 1'000);
    p.timeout = seconds(json, "timeoutSeconds", 1'000, 1'000);
    p.successThreshold = count(json, "successThreshold", 1);
    p.failureThreshold = count(json, "failureThreshold", 3);
    return p;
}

std::string Probe::failureMessage(Failure why, const std::string &podIP) const
{
    const std::string host = podIP.empty() ? "127.0.0.1" : podIP;
    switch (type) {
    case Type::HttpGet: {
        if (why == Failure::Timeout) {
            const std::string s = scheme == "HTTPS" ? "https" : "http";
            return "Get \"" + s + "://" + host + ":" + port + path +
                   "\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        return why == Failure::NotReadyYet ? "HTTP probe failed with statuscode: 503"
                                           : "HTTP probe failed with statuscode: 500";
    }
    case Type::TcpSocket:
        if (why == Failure::Timeout)
            return "dial tcp " + host + ":" + port + ": i/o timeout";
        return "dial tcp " + host + ":" + port + ": connect: connection refused";
    case Type::Grpc:
        if (why == Failure::Timeout)
            return "timeout: health rpc did not complete within 1s";
        return "service unhealthy (responded with \"NOT_SERVING\")";
    case Type::Exec: {
        std::string cmd;
        for (const auto &c : command)
            cmd += (cmd.empty() ? "" : " ") + c;
        if (why == Failure::Timeout)
            return "command \"" + cmd + "\" timed out";
        if (command.size() == 2 && command[0] == "cat")
            return "cat: can't open '" + command[1] + "': No such file or directory";
        return "command \"" + cmd + "\" exited with 1";
    }
    }
    return "probe failed";
}

std::optional<ProbeFlip> nextProbeFlip(const Probe &probe, TimeMs start, TimeMs now, bool wantOk,
                                       const std::vector<ProbeSegment> &segments)
{
    const TimeMs first = start + probe.initialDelay;
    const TimeMs period = std::max<TimeMs>(probe.period, 1);
    const int threshold = wantOk ? probe.successThreshold : probe.failureThreshold;
    // the first probe time at or after t
    auto tickAtOrAfter = [&](TimeMs t) {
        if (t <= first)
            return first;
        return first + (t - first + period - 1) / period * period;
    };
    for (const auto &s : segments) {
        if (s.ok != wantOk || s.to <= now)
            continue;
        const TimeMs t0 = tickAtOrAfter(std::max(s.from, now));
        const TimeMs last = t0 + TimeMs(threshold - 1) * period;
        if (last < s.to)
            return ProbeFlip{last, t0, s};
    }
    return std::nullopt;
}

} // namespace flotilla::engine::runtime
