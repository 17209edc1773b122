#include "result.h"

namespace flotilla::engine {

std::string Error::toString() const
{
    std::string out;
    if (!file.empty())
        out += file + ":";
    if (line > 0) {
        out += std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
        out += ":";
    } else if (document > 0) {
        out += "document " + std::to_string(document) + ":";
    }
    if (!out.empty())
        out += " ";
    if (!path.empty())
        out += path + ": ";
    out += message;
    return out;
}

Error Error::make(Code code, std::string message, std::string path)
{
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.path = std::move(path);
    return e;
}

std::string codeName(Error::Code code)
{
    switch (code) {
    case Error::Code::Invalid: return "Invalid";
    case Error::Code::NotFound: return "NotFound";
    case Error::Code::AlreadyExists: return "AlreadyExists";
    case Error::Code::Conflict: return "Conflict";
    case Error::Code::Gone: return "Gone";
    case Error::Code::Forbidden: return "Forbidden";
    case Error::Code::TooLarge: return "RequestEntityTooLarge";
    case Error::Code::Io: return "IOError";
    case Error::Code::Corrupt: return "Corrupt";
    case Error::Code::Internal: return "InternalError";
    }
    return "Unknown";
}

} // namespace flotilla::engine
