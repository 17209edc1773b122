#pragma once

#include <span>
#include <string>
#include <string_view>

namespace flotilla::engine::api {

/// What Flotilla knows about a kind: its group/version, its REST name and whether it lives in a namespace.
struct KindInfo {
    std::string_view kind;
    std::string_view apiVersion; ///< "v1", "apps/v1", "flotilla.dev/v1alpha1"
    std::string_view plural;     ///< "pods"
    std::string_view shortName;  ///< "po", may be empty
    bool namespaced;
};

std::span<const KindInfo> allKinds();
const KindInfo *findKind(std::string_view kind);
/// By kind, plural, singular or short name, case-insensitive ("po", "pods", "Pod").
const KindInfo *findKindByName(std::string_view name);

/// The group part of an apiVersion ("" for the core group "v1").
std::string_view groupOf(std::string_view apiVersion);

namespace kind {
inline constexpr std::string_view Namespace = "Namespace";
inline constexpr std::string_view Node = "Node";
inline constexpr std::string_view Pod = "Pod";
inline constexpr std::string_view Service = "Service";
inline constexpr std::string_view Endpoints = "Endpoints";
inline constexpr std::string_view ConfigMap = "ConfigMap";
inline constexpr std::string_view Secret = "Secret";
inline constexpr std::string_view Event = "Event";
inline constexpr std::string_view Deployment = "Deployment";
inline constexpr std::string_view ReplicaSet = "ReplicaSet";
inline constexpr std::string_view HorizontalPodAutoscaler = "HorizontalPodAutoscaler";
inline constexpr std::string_view Image = "Image";
inline constexpr std::string_view Rollout = "Rollout";
inline constexpr std::string_view Container = "Container";
} // namespace kind

} // namespace flotilla::engine::api
