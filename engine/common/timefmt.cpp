#include "timefmt.h"

#include <cstdio>
#include <ctime>

namespace flotilla::engine {

std::string formatRfc3339(TimeMs ms)
{
    std::time_t secs = std::time_t(ms / 1000);
    if (ms < 0 && ms % 1000 != 0)
        --secs;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::optional<TimeMs> parseRfc3339(std::string_view text)
{
    std::tm tm{};
    int year, mon, day, hour, min;
    double sec;
    char tail[16] = {};
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%15s", &year, &mon, &day, &hour, &min, &sec, tail) < 6)
        return std::nullopt;
    tm.tm_year = year - 1900;
    tm.tm_mon = mon - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_sec = 0;
    const std::time_t t = timegm(&tm);
    TimeMs ms = TimeMs(t) * 1000 + TimeMs(sec * 1000.0 + 0.5);
    const std::string_view z(tail);
    if (z.size() >= 6 && (z[0] == '+' || z[0] == '-')) {
        int oh = 0, om = 0;
        if (std::sscanf(tail + 1, "%2d:%2d", &oh, &om) == 2) {
            const TimeMs off = (TimeMs(oh) * 60 + om) * 60000;
            ms += z[0] == '+' ? -off : off;
        }
    }
    return ms;
}

std::string formatAge(TimeMs d)
{
    if (d < 0)
        d = 0;
    const std::int64_t s = d / 1000;
    const std::int64_t m = s / 60, h = s / 3600, days = s / 86400;
    char buf[32];
    if (s < 120)
        std::snprintf(buf, sizeof buf, "%llds", (long long)s);
    else if (m < 10)
        std::snprintf(buf, sizeof buf, "%lldm%llds", (long long)m, (long long)(s % 60));
    else if (h < 3)
        std::snprintf(buf, sizeof buf, "%lldm", (long long)m);
    else if (h < 8)
        std::snprintf(buf, sizeof buf, "%lldh%lldm", (long long)h, (long long)(m % 60));
    else if (days < 2)
        std::snprintf(buf, sizeof buf, "%lldh", (long long)h);
    else if (days < 8)
        std::snprintf(buf, sizeof buf, "%lldd%lldh", (long long)days, (long long)(h % 24));
    else
        std::snprintf(buf, sizeof buf, "%lldd", (long long)days);
    return buf;
}

} // namespace flotilla::engine
