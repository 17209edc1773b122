#include "kubeconfig.h"

#include "credentials.h"
#include "../api/workloads.h"

namespace flotilla::engine::serve {

namespace {
/// A YAML double-quoted scalar (names come from the user: a sandbox may be called anything).
std::string quoted(const std::string &s)
{
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (static_cast<unsigned char>(c) < 0x20)
            continue;
        out += c;
    }
    return out + "\"";
}
} // namespace

std::string kubeconfigText(const KubeconfigSpec &spec)
{
    const std::string name = quoted("flotilla-" + spec.sandboxName);
    std::string y;
    y += "apiVersion: v1\n";
    y += "kind: Config\n";
    y += "clusters:\n";
    y += "- name: " + name + "\n";
    y += "  cluster:\n";
    y += "    server: " + quoted(spec.server) + "\n";
    y += "    certificate-authority-data: " + api::base64Encode(spec.caCertPem) + "\n";
    y += "users:\n";
    y += "- name: " + name + "\n";
    y += "  user:\n";
    y += "    token: " + quoted(spec.token) + "\n";
    y += "contexts:\n";
    y += "- name: " + name + "\n";
    y += "  context:\n";
    y += "    cluster: " + name + "\n";
    y += "    user: " + name + "\n";
    y += "    namespace: default\n";
    y += "current-context: " + name + "\n";
    y += "preferences: {}\n";
    return y;
}

Status writeKubeconfig(const std::string &path, const KubeconfigSpec &spec)
{
    return writeFileAtomically(path, kubeconfigText(spec), 0600);
}

} // namespace flotilla::engine::serve
