#pragma once

#include "../common/result.h"

#include <string>

namespace flotilla::engine::serve {

/// What a kubeconfig for a sandbox's API server says.
struct KubeconfigSpec {
    std::string server;       ///< https://127.0.0.1:<port>
    std::string caCertPem;    ///< embedded as certificate-authority-data
    std::string token;
    std::string sandboxName;  ///< the context is flotilla-<sandboxName>
};

/// The kubeconfig text (YAML) with one cluster, one user and one context, which is the current one.
std::string kubeconfigText(const KubeconfigSpec &spec);
/// Writes it atomically with mode 0600 (it holds the token).
Status writeKubeconfig(const std::string &path, const KubeconfigSpec &spec);

} // namespace flotilla::engine::serve
