#pragma once

#include <functional>
#include <string_view>

namespace flotilla::engine::log {

enum class Level { Debug, Info, Warning, Error };

/// Where engine log lines go. The default sink writes warnings and errors to stderr;
/// the Qt layers install a sink that forwards to a logging category.
using Sink = std::function<void(Level, std::string_view category, std::string_view message)>;

void setSink(Sink sink);
void write(Level level, std::string_view category, std::string_view message);

inline void debug(std::string_view cat, std::string_view msg) { write(Level::Debug, cat, msg); }
inline void info(std::string_view cat, std::string_view msg) { write(Level::Info, cat, msg); }
inline void warning(std::string_view cat, std::string_view msg) { write(Level::Warning, cat, msg); }
inline void error(std::string_view cat, std::string_view msg) { write(Level::Error, cat, msg); }

} // namespace flotilla::engine::log
