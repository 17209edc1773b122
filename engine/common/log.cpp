#include "log.h"

#include <cstdio>
#include <mutex>

namespace flotilla::engine::log {

namespace {
std::mutex s_mutex;
Sink s_sink;

const char *levelName(Level level)
{
    switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
    }
    return "";
}
} // namespace

void setSink(Sink sink)
{
    std::lock_guard lock(s_mutex);
    s_sink = std::move(sink);
}

void write(Level level, std::string_view category, std::string_view message)
{
    std::lock_guard lock(s_mutex);
    if (s_sink) {
        s_sink(level, category, message);
        return;
    }
    if (level < Level::Warning)
        return;
    // The logger is the one place in the engine that writes to the console.
    std::fprintf(stderr, "%s: %s: %.*s\n", levelName(level), std::string(category).c_str(),
                 int(message.size()), message.data());
}

} // namespace flotilla::engine::log
