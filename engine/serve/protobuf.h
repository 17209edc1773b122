#pragma once

#include "../api/object.h"
#include "../common/result.h"

#include <string_view>

namespace flotilla::engine::serve {

/// The media type of Kubernetes' protobuf encoding.
inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

/// Reads a body in Kubernetes' protobuf encoding ("k8s\0", then a runtime.Unknown holding the apiVersion,
/// the kind and the object's bytes) as the JSON object it stands for. kubectl 1.32 and later send
/// `create configmap` and `create secret` this way, so the kinds read are ConfigMap and Secret (with the
/// ObjectMeta fields a create sets: name, generateName, namespace, labels, annotations, ownerReferences,
/// finalizers); other kinds are refused with a message naming them. Errors are Invalid, naming the
/// field where the bytes went wrong.
Result<api::Json> decodeKubernetesProtobuf(std::string_view body);

} // namespace flotilla::engine::serve
