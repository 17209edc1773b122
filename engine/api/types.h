#pragma once

#include "object.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::api {

// Typed views of the kinds the engine and the views read. They are decoded from an Object's wire
// shape (never throwing: missing or malformed fields take defaults; validation reports them) and
// encoded back into it, so fields Flotilla does not model survive untouched.

struct ResourceAmounts {
    std::int64_t cpuMilli = 0;
    std::int64_t memoryBytes = 0;
    std::int64_t pods = 0;
};

struct ContainerPort {
    std::string name;
    int containerPort = 0;
    int hostPort = 0;
    std::string protocol = "TCP";
};

struct Container {
    std::string name;
    std::string image;
    std::vector<ContainerPort> ports;
    ResourceAmounts requests;
    ResourceAmounts limits;
};

struct Toleration {
    std::string key;
    std::string op = "Equal";
    std::string value;
    std::string effect;
};

struct Taint {
    std::string key;
    std::string value;
    std::string effect;
};

struct PodSpec {
    std::string nodeName;
    std::vector<Container> containers;
    std::string restartPolicy = "Always";
    Labels nodeSelector;
    std::vector<Toleration> tolerations;
    std::int64_t terminationGracePeriodSeconds = 30;

    static PodSpec decode(const Json &spec);
    ResourceAmounts totalRequests() const;
    /// Guaranteed (every container's CPU and memory limited, requests equal to limits), BestEffort (no
    /// requests or limits at all) or Burstable, as Kubernetes classes pods.
    std::string qosClass() const;
    bool tolerates(const Taint &taint) const;
};

struct ContainerStatus {
    enum class State { Waiting, Running, Terminated };
    std::string name;
    std::string image;
    std::string imageID;
    bool ready = false;
    bool started = false;
    int restartCount = 0;
    State state = State::Waiting;
    std::string reason;  ///< waiting or terminated reason
    std::string message;
    int exitCode = 0;
    std::optional<TimeMs> startedAt;
    std::optional<TimeMs> finishedAt;
    /// lastState.terminated: how the previous instance ended (after a restart).
    struct Terminated {
        std::string reason;
        int exitCode = 0;
        std::optional<TimeMs> startedAt;
        std::optional<TimeMs> finishedAt;
    };
    std::optional<Terminated> lastTerminated;

    Json encode() const;
};

struct Condition {
    std::string type;
    std::string status; ///< "True", "False", "Unknown"
    std::optional<TimeMs> lastTransitionTime;
    std::optional<TimeMs> lastHeartbeatTime;
    std::string reason;
    std::string message;

    Json encode() const;
    static std::vector<Condition> decodeList(const Json &list);
};

struct PodStatus {
    std::string phase = "Pending";
    std::string reason;
    std::string message;
    std::string hostIP;
    std::string podIP;
    std::string qosClass; ///< empty: BestEffort
    std::optional<TimeMs> startTime;
    std::vector<Condition> conditions;
    std::vector<ContainerStatus> containerStatuses;

    static PodStatus decode(const Json &status);
    Json encode() const;
    void setCondition(const std::string &type, bool value, TimeMs now, const std::string &reason = {});
};

/// What kubectl prints for a pod: STATUS (Running, ContainerCreating, Terminating, ...), READY, RESTARTS.
struct PodSummary {
    std::string status;
    int readyContainers = 0;
    int totalContainers = 0;
    int restarts = 0;
    std::string node;
    std::string ip;
    std::string images; ///< comma-separated
    std::string owner;  ///< "ReplicaSet/web-5d9c" or empty
};
PodSummary summarizePod(const Object &pod);

struct NodeSummary {
    bool ready = false;
    bool unschedulable = false;
    std::string status; ///< "Ready", "NotReady", "Ready,SchedulingDisabled"
    std::string roles;  ///< "control-plane", "<none>"
    std::string internalIP;
    std::string kubeletVersion;
    ResourceAmounts capacity;
    ResourceAmounts allocatable;
    std::vector<Taint> taints;
};
NodeSummary summarizeNode(const Object &node);

struct EventSummary {
    std::string type; ///< Normal, Warning
    std::string reason;
    std::string message;
    std::string objectKind;
    std::string objectName;
    std::string objectNamespace;
    std::string source;
    int count = 1;
    std::optional<TimeMs> lastTimestamp;
};
EventSummary summarizeEvent(const Object &event);

struct ImageSummary {
    std::string repository;
    std::string tag;
    std::string digest;
    std::int64_t sizeBytes = 0;
    std::string source; ///< "catalog", "built", "pulled"
    std::string os;
    std::string architecture;
};
ImageSummary summarizeImage(const Object &image);

/// One tag of an image kept outside the sandbox (a real Docker Engine), for makeImageObject.
struct ImageRecord {
    std::string reference;        ///< "app:1.0"; empty for an untagged image ("<none>")
    std::string id;               ///< "sha256:…" of the config
    std::string manifestDigest;   ///< "" when not known
    std::int64_t size = 0;
    std::int64_t created = 0;     ///< unix milliseconds
    std::string source = "built"; ///< "built", "pulled"
    std::string os = "linux";
    std::string architecture = "amd64";
    Json layers = Json::array();  ///< {"digest", "size", "createdBy"} per layer, oldest first
    Json config = Json::object(); ///< the image's runtime config (Cmd, Env, ExposedPorts, Labels, …)
    Json history = Json::array();
};
/// The Image object the sandbox writes for an image of its own (spec.repository, tag, digest, size, source,
/// layers, …), so that the same views show either; named by imageObjectName(), or "none-<12 hex>" untagged.
MutableObjectPtr makeImageObject(const ImageRecord &image);

/// "node:14-alpine" -> {"node", "14-alpine"}; a missing tag is "latest".
std::pair<std::string, std::string> splitImageReference(const std::string &reference);
/// The store name of an Image record for a reference: "node:14-alpine" -> "node-14-alpine".
std::string imageObjectName(const std::string &reference);

} // namespace flotilla::engine::api
