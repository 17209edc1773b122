#pragma once

// The sandbox's scheduler: filters and scores as kube-scheduler's default profile does, on a cache of
// nodes (capacity, what is requested, pods per owner, images present) kept up to date incrementally.
// Every decision can be explained: which filter each node failed, and the scores of the nodes that fit.

#include "../api/object.h"
#include "../api/types.h"
#include "../sim/random.h"

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace flotilla::engine::cluster {

/// One term of required node affinity: every expression must hold ("In", "NotIn", "Exists",
/// "DoesNotExist", "Gt", "Lt").
struct NodeSelectorRequirement {
    std::string key;
    std::string op;
    std::vector<std::string> values;
};
using NodeSelectorTerm = std::vector<NodeSelectorRequirement>;

/// What the scheduler needs of a pod, decoded once.
struct SchedulingRequest {
    std::string key;                ///< namespace/name
    api::ResourceAmounts requests;
    api::Labels nodeSelector;
    std::vector<NodeSelectorTerm> requiredAffinity; ///< OR of terms; empty: no constraint
    std::vector<api::Toleration> tolerations;
    std::vector<int> hostPorts;
    std::string ownerUid;           ///< the controller's uid, for spreading its pods
    std::vector<std::string> images;

    static SchedulingRequest fromPod(const api::Object &pod);
};

/// Scores of one feasible node, 0–100 each; `total` is the weighted sum.
struct NodeScore {
    std::string node;
    int leastAllocated = 0;
    int balancedAllocation = 0;
    int spread = 0;
    int imageLocality = 0;
    int total = 0;
};

struct SchedulingDecision {
    std::string pod;
    std::string node;            ///< empty: nothing fits
    int nodesTotal = 0;
    int nodesEvaluated = 0;      ///< filtered (the search stops once enough feasible nodes are found)
    int nodesFeasible = 0;
    std::vector<NodeScore> scores; ///< best first (at most kKeptScores)
    std::map<std::string, int> filtered; ///< reason → number of nodes ("Insufficient cpu")
    std::map<std::string, std::string> nodeReasons; ///< node → why it was filtered (at most kKeptReasons)
    /// "0/3 nodes are available: 3 Insufficient cpu." when nothing fits.
    std::string message() const;
    /// A compact JSON form, kept on the pod as an annotation for the UI.
    api::Json toJson() const;
    static constexpr std::size_t kKeptScores = 5;
    static constexpr std::size_t kKeptReasons = 50;
};

/// How much each score counts (kube-scheduler's defaults: spreading counts double).
struct ScoreWeights {
    int leastAllocated = 1, balancedAllocation = 1, spread = 2, imageLocality = 1;
};

class Scheduler final {
public:
    using Weights = ScoreWeights;
    Scheduler() = default;
    explicit Scheduler(Weights weights) : m_weights(weights) {}

    // the node cache
    void upsertNode(const api::Object &node);
    void removeNode(const std::string &name);
    /// A pod now counts against `node` (bound or running there).
    void addPod(const std::string &node, const SchedulingRequest &pod);
    void removePod(const std::string &node, const SchedulingRequest &pod);
    /// What a bound pod adds to its node, kept small (one per pod of the cluster).
    struct Footprint {
        api::ResourceAmounts requests;
        std::vector<int> hostPorts;
        int owner = -1; ///< interned controller uid, -1: none
    };
    Footprint footprintOf(const SchedulingRequest &pod);
    void addPod(const std::string &node, const Footprint &pod);
    void removePod(const std::string &node, const Footprint &pod);
    std::size_t nodeCount() const { return m_nodes.size(); }
    /// Images present on a node (pulled there), for image locality.
    void addImage(const std::string &node, const std::string &image, std::int64_t sizeBytes);

    /// Chooses a node; does not bind (call addPod for the chosen node when the binding is written).
    SchedulingDecision schedule(const SchedulingRequest &pod, sim::Random &random);

    /// In clusters of more than 100 nodes only part of them is searched, as kube-scheduler does:
    /// 50% − nodes/125, at least 5% and at least 100 nodes.
    static int nodesToFind(int nodes);

private:
    struct Node {
        std::string name;
        api::Labels labels;
        bool ready = false;
        bool unschedulable = false;
        std::vector<api::Taint> taints;
        api::ResourceAmounts allocatable;
        api::ResourceAmounts requested;
        int pods = 0;
        std::unordered_set<int> hostPorts;
        std::unordered_map<int, int> podsByOwner;           ///< interned owner uid → pods
        std::unordered_map<int, std::int64_t> images;       ///< interned image → size
    };
    /// Why a node was filtered out; the wording is made only for the decision's summary.
    enum class Fail : std::uint8_t { None, NotReady, Unschedulable, Taint, Selector, HostPort, TooManyPods, Cpu, Memory };
    struct FilterResult {
        Fail fail = Fail::None;
        const api::Taint *taint = nullptr;
    };
    /// The pod's owner and images as interned ids (-1: no node has it).
    struct PodIds {
        int owner = -1;
        std::vector<int> images;
    };
    FilterResult filter(const Node &node, const SchedulingRequest &pod) const;
    static std::string reasonText(const FilterResult &r);
    NodeScore score(const Node &node, const SchedulingRequest &pod, const PodIds &ids, int maxOwnerPods) const;
    int intern(const std::string &s);
    int idOf(const std::string &s) const;

    std::unordered_map<std::string, int> m_ids;

    Weights m_weights;
    std::vector<Node> m_nodes;
    std::unordered_map<std::string, std::size_t> m_index;
    std::size_t m_nextStart = 0;
};

} // namespace flotilla::engine::cluster
