#include "kinds.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace flotilla::engine::api {

namespace {
constexpr std::array s_kinds{
    KindInfo{kind::Namespace, "v1", "namespaces", "ns", false},
    KindInfo{kind::Node, "v1", "nodes", "no", false},
    KindInfo{kind::Pod, "v1", "pods", "po", true},
    KindInfo{kind::Service, "v1", "services", "svc", true},
    KindInfo{kind::Endpoints, "v1", "endpoints", "ep", true},
    KindInfo{kind::ConfigMap, "v1", "configmaps", "cm", true},
    KindInfo{kind::Secret, "v1", "secrets", "", true},
    KindInfo{kind::Event, "v1", "events", "ev", true},
    KindInfo{kind::Deployment, "apps/v1", "deployments", "deploy", true},
    KindInfo{kind::ReplicaSet, "apps/v1", "replicasets", "rs", true},
    KindInfo{kind::HorizontalPodAutoscaler, "autoscaling/v2", "horizontalpodautoscalers", "hpa", true},
    KindInfo{kind::Image, "flotilla.dev/v1alpha1", "images", "img", false},
    KindInfo{kind::Rollout, "flotilla.dev/v1alpha1", "rollouts", "ro", true},
    KindInfo{kind::Container, "flotilla.dev/v1alpha1", "containers", "", false}, ///< the sandbox's Docker containers
};

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower((unsigned char)x) == std::tolower((unsigned char)y);
           });
}
} // namespace

std::span<const KindInfo> allKinds() { return s_kinds; }

const KindInfo *findKind(std::string_view kind)
{
    for (const auto &k : s_kinds)
        if (k.kind == kind)
            return &k;
    return nullptr;
}

const KindInfo *findKindByName(std::string_view name)
{
    for (const auto &k : s_kinds) {
        if (equalsNoCase(k.kind, name) || equalsNoCase(k.plural, name)
            || (!k.shortName.empty() && equalsNoCase(k.shortName, name)))
            return &k;
    }
    return nullptr;
}

std::string_view groupOf(std::string_view apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string_view::npos ? std::string_view{} : apiVersion.substr(0, slash);
}

} // namespace flotilla::engine::api
