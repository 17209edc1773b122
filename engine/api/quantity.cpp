#include "quantity.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace flotilla::engine::api {

std::optional<double> parseQuantity(std::string_view s)
{
    if (s.empty() || s.size() > 64)
        return std::nullopt;
    std::size_t end = 0;
    while (end < s.size() && (std::isdigit((unsigned char)s[end]) || s[end] == '.' || s[end] == '+' || s[end] == '-'))
        ++end;
    if (end == 0)
        return std::nullopt;
    double number = 0;
    auto r = std::from_chars(s.data(), s.data() + end, number);
    if (r.ec != std::errc{} || r.ptr != s.data() + end || number < 0)
        return std::nullopt;
    std::string_view suffix = s.substr(end);
    double scale = 1;
    if (suffix.empty()) {
    } else if (suffix[0] == 'e' || suffix[0] == 'E') {
        int exp = 0;
        auto re = std::from_chars(suffix.data() + 1, suffix.data() + suffix.size(), exp);
        if (re.ec != std::errc{} || re.ptr != suffix.data() + suffix.size())
            return std::nullopt;
        scale = std::pow(10.0, exp);
    } else {
        static constexpr std::pair<std::string_view, double> suffixes[] = {
            {"n", 1e-9}, {"u", 1e-6}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12},
            {"P", 1e15}, {"E", 1e18}, {"Ki", 1024.0}, {"Mi", 1048576.0}, {"Gi", 1073741824.0},
            {"Ti", 1099511627776.0}, {"Pi", 1125899906842624.0}, {"Ei", 1152921504606846976.0}};
        bool found = false;
        for (const auto &[name, factor] : suffixes) {
            if (suffix == name) {
                scale = factor;
                found = true;
                break;
            }
        }
        if (!found)
            return std::nullopt;
    }
    return number * scale;
}

std::optional<double> parseQuantity(const Json &value)
{
    if (value.is_number())
        return value.get<double>() >= 0 ? std::optional<double>(value.get<double>()) : std::nullopt;
    if (value.is_string())
        return parseQuantity(std::string_view(value.get_ref<const std::string &>()));
    return std::nullopt;
}

std::int64_t toMilli(double value) { return std::int64_t(std::ceil(value * 1000.0 - 1e-9)); }
std::int64_t toBytes(double value) { return std::int64_t(std::ceil(value - 1e-9)); }

std::string formatCpu(std::int64_t m)
{
    char buf[32];
    if (m % 1000 == 0)
        std::snprintf(buf, sizeof buf, "%lld", (long long)(m / 1000));
    else
        std::snprintf(buf, sizeof buf, "%lldm", (long long)m);
    return buf;
}

std::string formatBytes(std::int64_t b)
{
    static constexpr const char *units[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi"};
    double v = double(b);
    int u = 0;
    while (v >= 1024.0 && u < 5) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    if (u == 0 || std::fabs(v - std::round(v)) < 0.05)
        std::snprintf(buf, sizeof buf, "%.0f%s", v, units[u]);
    else
        std::snprintf(buf, sizeof buf, "%.1f%s", v, units[u]);
    return buf;
}

} // namespace flotilla::engine::api
