#pragma once

#include "../common/timefmt.h"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::runtime {

/// Simulated CPU and memory use of running containers, kept out of the store: a compact table
/// (a few numbers per container, no strings) from which any moment's use is computed, with
/// deterministic noise from the sandbox's seed, and a short history per node for charts, sampled
/// every 15 s of simulated time as metrics-server scrapes.
class UsageTable final {
public:
    static constexpr TimeMs kSampleInterval = 15'000;
    static constexpr int kHistory = 80; ///< 20 minutes per node

    /// What a running container uses, in short.
    struct Container {
        TimeMs startedAt = 0;
        TimeMs leakSince = 0;  ///< 0: no leak
        TimeMs spikeUntil = 0; ///< 0: no spike
        std::int64_t memoryBytes = 0;   ///< typical use once warmed up
        std::int64_t memoryLimit = 0;   ///< 0: none
        std::int64_t leakPerMinute = 0; ///< bytes per minute
        std::int32_t cpuMilli = 0;      ///< typical use
        std::int32_t cpuLimitMilli = 0; ///< 0: none
        std::int32_t spikeMilli = 0;
        std::int32_t loadMilli = 0;     ///< from the requests it answers (flotilla.sim.cpu-per-request)
        std::uint32_t node = 0;
        std::uint32_t noiseKey = 0;
    };
    struct Sample {
        std::int64_t cpuMilli = 0;
        std::int64_t memoryBytes = 0;
    };
    struct NodeSample {
        TimeMs time = 0;
        std::int64_t cpuMilli = 0;
        std::int64_t memoryBytes = 0;
    };

    explicit UsageTable(std::uint64_t seed) : m_seed(seed) {}

    /// A stable id for a pod's container.
    static std::uint64_t containerId(const std::string &podKey, const std::string &container);
    std::uint32_t nodeIndex(const std::string &node);
    const std::string &nodeName(std::uint32_t index) const { return m_nodes[index].name; }

    void set(std::uint64_t id, const Container &c) { m_containers[id] = c; }
    void remove(std::uint64_t id) { m_containers.erase(id); }
    Container *find(std::uint64_t id);
    const Container *find(std::uint64_t id) const;
    std::size_t size() const { return m_containers.size(); }

    /// Whether a node's containers run (a powered-off node uses nothing).
    void setNodeRunning(const std::string &node, bool running);

    /// A container's use at `time` (0 for a container not in the table or on a stopped node).
    Sample usage(std::uint64_t id, TimeMs time) const;
    Sample usage(const Container &c, TimeMs time) const;
    /// The memory a container reaches its limit at (OOM); nullopt when it does not leak or has no limit.
    static std::optional<TimeMs> memoryLimitReachedAt(const Container &c);

    /// The sum of the use of each node's containers at `time`, by node name.
    std::unordered_map<std::string, Sample> nodeUsage(TimeMs time) const;
    /// The node's samples, oldest first (at most kHistory).
    std::vector<NodeSample> history(const std::string &node) const;

    /// Takes the samples due up to `time` (every kSampleInterval); call before the containers change.
    void catchUp(TimeMs time);

    /// Bytes the table holds (for the memory budget).
    std::size_t memoryUse() const;

private:
    struct Node {
        std::string name;
        bool running = true;
        std::int64_t firstSample = 0; ///< first sample index this node has
        std::vector<std::uint64_t> ring; ///< CPU and memory packed in one number per sample
    };
    std::uint64_t m_seed;
    std::unordered_map<std::uint64_t, Container> m_containers;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string, std::uint32_t> m_nodeIndex;
    std::int64_t m_lastSample = -1;
};

} // namespace flotilla::engine::runtime
