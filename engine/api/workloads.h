#pragma once

#include "object.h"
#include "types.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace flotilla::engine::api {

// Typed views of Namespace, Service, ConfigMap, Secret, Deployment and ReplicaSet. decode() reads the
// wire shape with Kubernetes' defaults for what is missing; encodeInto() writes the known fields
// back into a JSON body and leaves every other field as it was, so a manifest round-trips.

/// An int or a string such as "25%" (maxSurge, targetPort).
struct IntOrString {
    bool isString = false;
    std::int64_t intValue = 0;
    std::string stringValue;

    static IntOrString fromInt(std::int64_t v) { return {false, v, {}}; }
    static IntOrString fromString(std::string s) { return {true, 0, std::move(s)}; }
    static IntOrString decode(const Json &json, IntOrString fallback);
    Json encode() const;
    bool isPercent() const { return isString && !stringValue.empty() && stringValue.back() == '%'; }
    /// A number as such, or a percentage of `total`, rounded up or down as Kubernetes does
    /// (maxSurge rounds up, maxUnavailable down).
    std::int64_t scaled(std::int64_t total, bool roundUp) const;
    bool operator==(const IntOrString &) const = default;
};

struct NamespaceView {
    std::string phase = "Active"; ///< Active or Terminating
    static NamespaceView decode(const Object &ns);
};

struct ServicePort {
    std::string name;
    std::string protocol = "TCP";
    int port = 0;
    IntOrString targetPort; ///< defaults to port
    int nodePort = 0;
};

struct ServiceSpec {
    std::string type = "ClusterIP";
    std::string clusterIP;
    Labels selector;
    std::vector<ServicePort> ports;
    std::string sessionAffinity = "None";

    static ServiceSpec decode(const Json &spec);
    void encodeInto(Json &spec) const;
};

struct ConfigMapData {
    std::map<std::string, std::string> data;
    std::map<std::string, std::string> binaryData; ///< base64, as on the wire
    bool immutable = false;

    static ConfigMapData decode(const Object &configMap);
    void encodeInto(Json &body) const;
};

/// A Secret's values decoded from base64, with stringData merged in (it wins, as in Kubernetes).
struct SecretData {
    std::string type = "Opaque";
    std::map<std::string, std::string> values;
    bool immutable = false;

    static SecretData decode(const Object &secret);
    /// Writes `data` as base64 and drops `stringData`, as the API server stores a Secret.
    void encodeInto(Json &body) const;
};

struct PodTemplate {
    Labels labels;
    Labels annotations;
    Json spec = Json::object(); ///< kept whole; PodSpec::decode(spec) for the typed view

    static PodTemplate decode(const Json &tmpl);
    void encodeInto(Json &tmpl) const;
    PodSpec podSpec() const { return PodSpec::decode(spec); }
};

struct DeploymentSpec {
    std::int64_t replicas = 1;
    Json selector = Json::object();
    PodTemplate podTemplate;
    std::string strategy = "RollingUpdate"; ///< or Recreate
    IntOrString maxSurge = IntOrString::fromString("25%");
    IntOrString maxUnavailable = IntOrString::fromString("25%");
    std::int64_t minReadySeconds = 0;
    std::int64_t revisionHistoryLimit = 10;
    std::int64_t progressDeadlineSeconds = 600;
    bool paused = false;

    static DeploymentSpec decode(const Json &spec);
    void encodeInto(Json &spec) const;
};

struct WorkloadStatus {
    std::int64_t observedGeneration = 0;
    std::int64_t replicas = 0;
    std::int64_t updatedReplicas = 0;       ///< Deployments
    std::int64_t fullyLabeledReplicas = 0;  ///< ReplicaSets
    std::int64_t readyReplicas = 0;
    std::int64_t availableReplicas = 0;
    std::int64_t unavailableReplicas = 0;   ///< Deployments
    std::vector<Condition> conditions;

    static WorkloadStatus decode(const Json &status);
    void encodeInto(Json &status, bool deployment) const;
};

struct ReplicaSetSpec {
    std::int64_t replicas = 1;
    Json selector = Json::object();
    PodTemplate podTemplate;
    std::int64_t minReadySeconds = 0;

    static ReplicaSetSpec decode(const Json &spec);
    void encodeInto(Json &spec) const;
};

std::string base64Encode(const std::string &bytes);
/// Empty optional when the text is not valid base64.
std::optional<std::string> base64Decode(const std::string &text);

} // namespace flotilla::engine::api
