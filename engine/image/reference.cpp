#include "reference.h"

#include <algorithm>
#include <cctype>

namespace flotilla::engine::image {

namespace {
Error invalid(std::string message)
{
    return Error::make(Error::Code::Invalid, "invalid reference format" + (message.empty() ? "" : ": " + message));
}

bool isLowerAlnum(char c) { return std::islower((unsigned char)c) || std::isdigit((unsigned char)c); }

/// One path component: [a-z0-9]+ separated by ".", "_", "__" or "-"+.
bool validComponent(std::string_view c)
{
    if (c.empty() || !isLowerAlnum(c.front()) || !isLowerAlnum(c.back()))
        return false;
    for (std::size_t i = 0; i < c.size(); ++i) {
        const char ch = c[i];
        if (isLowerAlnum(ch))
            continue;
        if (ch == '.' || ch == '-' )
            continue;
        if (ch == '_') {
            if (i + 1 < c.size() && c[i + 1] == '_' && i + 2 < c.size() && c[i + 2] == '_')
                return false;
            continue;
        }
        return false;
    }
    // separators must sit between alphanumerics ("a..b" is invalid, "a--b" is fine)
    for (std::size_t i = 1; i < c.size(); ++i)
        if (c[i] == '.' && c[i - 1] == '.')
            return false;
    return true;
}

bool validTag(std::string_view t)
{
    if (t.empty() || t.size() > 128)
        return false;
    if (!(std::isalnum((unsigned char)t[0]) || t[0] == '_'))
        return false;
    return std::all_of(t.begin(), t.end(),
                       [](char c) { return std::isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-'; });
}

bool validDigest(std::string_view d)
{
    if (d.rfind("sha256:", 0) != 0 || d.size() != 7 + 64)
        return false;
    return std::all_of(d.begin() + 7, d.end(), [](char c) { return std::isdigit((unsigned char)c) || (c >= 'a' && c <= 'f'); });
}
} // namespace

Result<ImageReference> parseImageReference(std::string_view text)
{
    std::string s(text);
    if (s.empty())
        return invalid("");
    if (s.size() > 255 + 128 + 72)
        return invalid("reference too long");
    ImageReference ref;
    if (const auto at = s.find('@'); at != std::string::npos) {
        ref.digest = s.substr(at + 1);
        s.resize(at);
        if (!validDigest(ref.digest))
            return invalid("invalid digest \"" + ref.digest + "\"");
    }
    const auto slash = s.find('/');
    const auto colon = s.rfind(':');
    if (colon != std::string::npos && (s.find('/', colon) == std::string::npos)) {
        ref.tag = s.substr(colon + 1);
        s.resize(colon);
        if (!validTag(ref.tag))
            return invalid("invalid tag \"" + ref.tag + "\": a tag is up to 128 letters, digits, '_', '.' and '-'");
    }
    std::string path = s;
    if (slash != std::string::npos && slash < s.size()) {
        const std::string first = s.substr(0, slash);
        if (first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost" ||
            std::any_of(first.begin(), first.end(), [](char c) { return std::isupper((unsigned char)c); })) {
            ref.registry = first;
            path = s.substr(slash + 1);
        }
    }
    if (ref.registry.empty())
        ref.registry = "docker.io";
    if (ref.registry == "index.docker.io")
        ref.registry = "docker.io";
    if (path.empty())
        return invalid("");
    if (ref.registry == "docker.io" && path.find('/') == std::string::npos)
        path = "library/" + path;
    if (std::any_of(path.begin(), path.end(), [](char c) { return std::isupper((unsigned char)c); }))
        return invalid("repository name (" + path + ") must be lowercase");
    std::size_t start = 0;
    while (true) {
        const auto end = path.find('/', start);
        const std::string_view comp = std::string_view(path).substr(start, end == std::string::npos ? end : end - start);
        if (!validComponent(comp))
            return invalid("\"" + std::string(text) + "\": repository name components are lowercase letters and "
                           "digits, separated by '.', '_' or '-'");
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    if (path.size() > 255)
        return invalid("repository name must not be more than 255 characters");
    ref.repository = path;
    if (ref.tag.empty() && ref.digest.empty())
        ref.tag = "latest";
    return ref;
}

std::string ImageReference::familiarRepository() const
{
    if (registry == "docker.io")
        return repository.rfind("library/", 0) == 0 ? repository.substr(8) : repository;
    return registry + "/" + repository;
}

std::string ImageReference::familiar() const
{
    std::string out = familiarRepository();
    if (!tag.empty())
        out += ":" + tag;
    if (!digest.empty())
        out += "@" + digest;
    return out;
}

std::string ImageReference::full() const
{
    std::string out = registry + "/" + repository;
    if (!tag.empty())
        out += ":" + tag;
    if (!digest.empty())
        out += "@" + digest;
    return out;
}

} // namespace flotilla::engine::image
