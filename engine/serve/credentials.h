#pragma once

#include "../common/result.h"

#include <string>

namespace flotilla::engine::serve {

/// What the API server of one sandbox needs for TLS and authentication: a CA of its own (EC P-256,
/// self-signed), a server certificate signed by it for 127.0.0.1, ::1 and localhost, and a bearer token.
/// Kept in a folder (ca.crt, ca.key, server.crt, server.key, token); keys and token are mode 0600.
struct Credentials {
    std::string dir;
    std::string caCertPem;
    std::string serverCertPem;
    std::string serverKeyPem;
    std::string token; ///< 64 hex digits; never log it

    std::string caPath() const { return dir + "/ca.crt"; }
};

/// Reads the credentials kept in `dir`, or makes new ones there (the folder is created with mode 0700)
/// when any part is missing, unreadable or about to expire.
Result<Credentials> loadOrCreateCredentials(const std::string &dir);

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so a reader
/// never sees half a file; the file gets `mode` before any byte is written.
Status writeFileAtomically(const std::string &path, const std::string &content, unsigned mode);

} // namespace flotilla::engine::serve
