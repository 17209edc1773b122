#pragma once

#include "../api/object.h"
#include "../common/result.h"
#include "../store/store.h"

#include <string>
#include <vector>

namespace flotilla::engine::runtime {

/// One environment variable as the container sees it, and where it came from.
struct EnvVar {
    std::string name;
    std::string value;
    std::string source; ///< "", "configmap/cfg", "secret/db", "field metadata.name", "resource limits.cpu", "image"
    bool secret = false;
};

/// A file of a ConfigMap or Secret volume as the container sees it (Secret values decoded).
struct MountedFile {
    std::string volume;
    std::string path;   ///< mountPath + "/" + key (or the item's path)
    std::string content;
    std::string source; ///< "configmap/cfg", "secret/db"
    bool secret = false;
};

/// The environment of a container of a pod, as the kubelet builds it: envFrom first, then env (which
/// wins), from ConfigMaps and Secrets in the pod's namespace, the downward API (metadata.name, …,
/// status.podIP, spec.nodeName) and resource fields. A missing reference that is not optional gives
/// the kubelet's error ("configmap \"x\" not found", "couldn't find key k in ConfigMap ns/x").
/// `imageEnv`: the image's ENV lines (KEY=value), which come first and may be overridden.
Result<std::vector<EnvVar>> resolveEnv(const api::Object &pod, const std::string &container, const store::Store &store,
                                       const std::vector<std::string> &imageEnv = {});

/// The ConfigMap and Secret files mounted into a container; a missing source that is not optional
/// gives the kubelet's error for the volume ("configmap \"x\" not found").
Result<std::vector<MountedFile>> mountedFiles(const api::Object &pod, const std::string &container,
                                              const store::Store &store);

/// What keeps a pod's containers from being created, as the kubelet says it; empty when nothing does.
struct ConfigProblem {
    std::string container;
    std::string message;  ///< "configmap \"x\" not found"
    bool mount = false;   ///< a volume (FailedMount, the pod stays ContainerCreating) rather than env
    std::string volume;
};
std::vector<ConfigProblem> configProblems(const api::Object &pod, const store::Store &store);

} // namespace flotilla::engine::runtime
