#include "behaviour.h"

#include "../api/quantity.h"

#include <cctype>
#include <cstdlib>

namespace flotilla::engine::runtime {

ImageKind imageKindOf(std::string_view reference)
{
    // the last path component without tag or digest: "registry.k8s.io/kube-proxy:v1.31" → "kube-proxy"
    std::string_view ref = reference;
    if (const auto at = ref.find('@'); at != std::string_view::npos)
        ref = ref.substr(0, at);
    const auto slash = ref.rfind('/');
    std::string_view name = slash == std::string_view::npos ? ref : ref.substr(slash + 1);
    if (const auto colon = name.find(':'); colon != std::string_view::npos)
        name = name.substr(0, colon);
    if (reference.rfind("registry.k8s.io/", 0) == 0 || reference.rfind("k8s.gcr.io/", 0) == 0)
        return ImageKind::System;
    if (name == "nginx" || name.find("nginx") != std::string_view::npos)
        return ImageKind::Nginx;
    if (name == "node" || name.find("node") != std::string_view::npos)
        return ImageKind::Node;
    if (name == "python" || name.find("python") != std::string_view::npos || name.find("flask") != std::string_view::npos ||
        name.find("django") != std::string_view::npos)
        return ImageKind::Python;
    if (name.find("redis") != std::string_view::npos)
        return ImageKind::Redis;
    if (name.find("postgres") != std::string_view::npos)
        return ImageKind::Postgres;
    if (name == "busybox" || name == "alpine" || name == "ubuntu" || name == "debian")
        return ImageKind::Shell;
    return ImageKind::Generic;
}

std::optional<TimeMs> parseSimDuration(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    TimeMs total = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && (std::isdigit((unsigned char)text[j]) || text[j] == '.'))
            ++j;
        if (j == i || j - i > 15)
            return std::nullopt;
        const double v = std::atof(std::string(text.substr(i, j - i)).c_str());
        std::size_t k = j;
        while (k < text.size() && std::isalpha((unsigned char)text[k]))
            ++k;
        const std::string_view u = text.substr(j, k - j);
        const double ms = u == "ms" ? 1 : (u == "s" || u.empty()) ? 1000 : (u == "m" || u == "min") ? 60'000 : u == "h" ? 3'600'000 : -1;
        if (ms < 0 || v < 0 || v > 1e9)
            return std::nullopt;
        total += TimeMs(v * ms);
        i = k;
    }
    return total;
}

std::optional<std::int64_t> parseRatePerMinute(std::string_view text)
{
    const auto slash = text.find('/');
    if (slash == std::string_view::npos)
        return std::nullopt;
    const auto amount = api::parseQuantity(text.substr(0, slash));
    const std::string_view unit = text.substr(slash + 1);
    double perMinute = 0;
    if (unit == "s" || unit == "sec")
        perMinute = 60;
    else if (unit == "m" || unit == "min")
        perMinute = 1;
    else if (unit == "h" || unit == "hour")
        perMinute = 1.0 / 60;
    if (!amount || *amount < 0 || perMinute == 0 || *amount > 1e15)
        return std::nullopt;
    return std::int64_t(*amount * perMinute);
}

ImageBehaviour ImageBehaviour::fromLabels(std::string_view reference, const api::Labels &labels)
{
    ImageBehaviour b;
    b.kind = imageKindOf(reference);
    auto label = [&](const char *key) -> const std::string * {
        const auto it = labels.find(key);
        return it == labels.end() ? nullptr : &it->second;
    };
    if (const auto *v = label("flotilla.sim.ready-after"))
        b.readyAfter = parseSimDuration(*v).value_or(0);
    if (const auto *v = label("flotilla.sim.unhealthy-after"))
        b.unhealthyAfter = parseSimDuration(*v).value_or(0);
    if (const auto *v = label("flotilla.sim.cpu"))
        if (const auto q = api::parseQuantity(std::string_view(*v)); q && *q >= 0 && *q < 1e6)
            b.cpuMilli = api::toMilli(*q);
    if (const auto *v = label("flotilla.sim.memory"))
        if (const auto q = api::parseQuantity(std::string_view(*v)); q && *q >= 0 && *q < 1e15)
            b.memoryBytes = api::toBytes(*q);
    if (const auto *v = label("flotilla.sim.memory-leak"))
        b.leakBytesPerMinute = parseRatePerMinute(*v).value_or(0);
    if (const auto *v = label("flotilla.sim.cpu-per-request"))
        if (const auto q = api::parseQuantity(std::string_view(*v)); q && *q >= 0 && *q < 1000)
            b.cpuMilliPerRequest = *q * 1000.0;
    return b;
}

std::uint64_t stableHash(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= std::uint8_t(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

namespace {
std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
} // namespace

std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)
{
    return splitmix(splitmix(splitmix(splitmix(a) ^ b) ^ c) ^ d);
}

} // namespace flotilla::engine::runtime
