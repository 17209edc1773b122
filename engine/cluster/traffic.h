#pragma once

#include "../api/object.h"
#include "../common/result.h"
#include "../sim/random.h"
#include "../sim/simulation.h"
#include "../store/store.h"

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::cluster {

/// Latency counts in fixed, log-spaced buckets (0.1 ms to 100 s, 8 % wide): percentiles without keeping
/// samples, the same on every platform.
class LatencyHistogram final {
public:
    static constexpr int kBuckets = 180;
    void add(double ms);
    void merge(const LatencyHistogram &other);
    void clear();
    std::uint64_t count() const { return m_count; }
    /// The latency under which a fraction `q` (0..1) of the requests fell, in ms; 0 when empty.
    double percentile(double q) const;

private:
    std::array<std::uint32_t, kBuckets> m_counts{};
    std::uint64_t m_count = 0;
};

/// What a Service (or a part of it) served over one tick, per second.
struct TrafficFigures {
    double requestsPerSecond = 0;
    double errorsPerSecond = 0;   ///< 5xx answers: the image's error rate
    double failuresPerSecond = 0; ///< connections that failed: no ready endpoint, a pod that stopped
    double p50 = 0, p95 = 0, p99 = 0; ///< latency in ms of the answered requests
    /// Share of requests that did not succeed (errors and failures), 0..1.
    double errorRate() const
    {
        return requestsPerSecond > 0 ? (errorsPerSecond + failuresPerSecond) / requestsPerSecond : 0;
    }
    bool operator==(const TrafficFigures &) const = default;
};

/// What one pod was sent over a tick, per second (summed over the Services that route to it).
struct PodLoad {
    double requestsPerSecond = 0;  ///< sent to it, failed connections included
    double answeredPerSecond = 0;  ///< requests less failed connections: what it handled
    double errorsPerSecond = 0;    ///< of the answered, those with a 5xx
    double failuresPerSecond = 0;  ///< connections that failed (it never saw them)
    double latencyMs = 0;          ///< median latency of the answered requests; 0: none answered
    bool operator==(const PodLoad &) const = default;
};

/// One version of a Service's pods (its `version` label, else its Rollout revision, else its pod-template-hash, else
/// its image tag).
struct VersionTraffic {
    std::string version;
    int endpoints = 0;   ///< ready endpoints of this version the proxy routed to
    double weight = -1;  ///< the share asked for with Traffic::setWeights (0..1), -1 when not weighted
    TrafficFigures figures;
    bool operator==(const VersionTraffic &) const = default;
};

struct PodTraffic {
    std::string pod, ip, node, version;
    TrafficFigures figures;
};

/// One tick of a Service's traffic: the time series entry.
struct TrafficSample {
    TimeMs time = 0;
    TrafficFigures total;
    std::vector<VersionTraffic> versions;
};

/// A subset of a Service's endpoints and its share of the requests. `subset` is a label selector
/// ("track=canary", "version in (v2)") or a version ("v2", matched against each pod's version).
struct TrafficWeight {
    std::string subset;
    double weight = 0;
};

enum class Balancing { Random, RoundRobin };

/// A Service's traffic: what was asked for and what the last tick gave.
struct ServiceTraffic {
    std::string ns, name;
    double rate = 0; ///< requests per second asked for; 0: off
    Balancing balancing = Balancing::Random;
    std::vector<TrafficWeight> weights;
    std::uint64_t requests = 0, errors = 0, failures = 0; ///< since the traffic started
    TrafficSample last;
    std::vector<PodTraffic> pods;
    std::vector<TrafficSample> history; ///< only when asked for, oldest first
};

/// An instance of a Service as a client-side discovery registry (Eureka, Consul) holds it.
struct RegistryInstance {
    enum class Status { Up, Starting, Down };
    std::string instanceId; ///< the pod's name
    std::string ip;
    int port = 0;
    std::string node, version;
    Status status = Status::Starting;
    TimeMs lastHeartbeat = 0; ///< 0: never
    bool operator==(const RegistryInstance &) const = default;
};

struct RegistryService {
    std::string ns, name;
    std::vector<RegistryInstance> instances; ///< at most the limit asked for, UP first
    int up = 0, starting = 0, down = 0;      ///< all of them, also those left out
    bool operator==(const RegistryService &) const = default;
};

/// The service proxy of the sandbox and a traffic generator per Service. Each tick (one simulated second)
/// a Service with a request rate sends that many requests, spread over the ready endpoints as kube-proxy
/// does (server-side discovery: a random endpoint per connection, or round robin), or over subsets with
/// exact weights (a canary's share, by smooth weighted round robin). The proxy sees endpoints as they were
/// at the previous tick, as kube-proxy lags behind the Endpoints: requests to a pod that stopped being
/// ready since then (a crash) fail. A pod that is deleted drains gracefully: from the moment it begins to
/// terminate its endpoint is gone and new requests go to the other endpoints of its subset, so a rolling
/// update with readiness probes loses no request. Answers take a latency drawn from a log-normal
/// distribution around the image's `flotilla.sim.latency` (default 20 ms) and fail with its
/// `flotilla.sim.error-rate`. Randomness is seeded from the sandbox's seed and the Service's key, so the
/// same seed gives the same figures. Figures live in memory only (a bounded time series per Service),
/// never in the store.
class Traffic final {
public:
    using ImageLabelsLookup = std::function<api::Labels(const std::string &reference)>;
    static constexpr TimeMs kTick = 1000;
    static constexpr std::size_t kHistory = 900; ///< 15 minutes of ticks
    static constexpr double kMaxRate = 50'000;
    static constexpr TimeMs kHeartbeat = 30'000; ///< registry renewals, as Eureka clients send them

    Traffic(store::Store &store, sim::Simulation &sim, ImageLabelsLookup imageLabels);
    ~Traffic();

    /// Requests per second for a Service (0 stops its traffic). NotFound without the Service.
    Status setRate(const std::string &ns, const std::string &name, double requestsPerSecond);
    double rate(const std::string &ns, const std::string &name) const;
    Status setBalancing(const std::string &ns, const std::string &name, Balancing balancing);
    /// Exact shares per subset (relative weights; they need not add up to 100). Endpoints in no subset
    /// get nothing; a subset without ready endpoints fails its share ("no healthy upstream").
    /// Empty: plain load balancing over every ready endpoint again.
    Status setWeights(const std::string &ns, const std::string &name, std::vector<TrafficWeight> weights);

    /// The figures of one Service (nullopt when it never had traffic); with its time series if asked.
    std::optional<ServiceTraffic> stats(const std::string &ns, const std::string &name, bool withHistory = false) const;
    /// Every Service that has or had traffic, each with the samples newer than `historySince` (none when
    /// nullopt).
    std::vector<ServiceTraffic> allStats(std::optional<TimeMs> historySince = std::nullopt) const;
    std::vector<TrafficSample> history(const std::string &ns, const std::string &name) const;
    /// Counts ticks, so that a reader can tell whether anything new happened.
    std::uint64_t ticks() const { return m_ticks; }
    /// Told after every tick what each pod ("namespace/name") was sent, summed over Services: the container
    /// runtime turns the answered requests into CPU use and access-log lines.
    using LoadListener = std::function<void(const std::unordered_map<std::string, PodLoad> &loadPerPod)>;
    void setLoadListener(LoadListener listener) { m_loadListener = std::move(listener); }

    /// The registry's view of Services: their instances from the Endpoints and pods, UP when ready,
    /// STARTING before they first became ready, DOWN after; heartbeats every 30 s while the pod runs.
    /// `name` empty: every Service of `ns` (`ns` empty: of every namespace).
    std::vector<RegistryService> registry(const std::string &ns, const std::string &name = {},
                                          std::size_t maxInstances = 500) const;

    /// The version a pod counts for: its `version` label, else its Rollout revision
    /// (`rollouts.flotilla.dev/revision`), else its pod-template-hash, else its image tag.
    static std::string versionOf(const api::Object &pod);

private:
    struct Endpoint {
        std::string pod, uid, ip, node, version;
        double errorRate = 0;
        double latencyMs = 20;
        int subset = 0;
    };
    struct State {
        std::string ns, name;
        double rate = 0;
        Balancing balancing = Balancing::Random;
        std::vector<TrafficWeight> weights;
        double carry = 0; ///< fractions of a request left over from previous ticks
        sim::Random random{1};
        std::vector<Endpoint> view;  ///< endpoints as the proxy saw them at the previous tick
        bool viewValid = false;
        std::vector<double> current; ///< smooth weighted round robin state per subset
        std::size_t roundRobin = 0;
        std::uint64_t requests = 0, errors = 0, failures = 0;
        TrafficSample last;
        std::vector<PodTraffic> pods;
        std::deque<TrafficSample> history;
    };
    struct Behaviour {
        double errorRate = 0;
        double latencyMs = 20;
    };

    State *find(const std::string &ns, const std::string &name);
    const State *find(const std::string &ns, const std::string &name) const;
    Result<State *> stateFor(const std::string &ns, const std::string &name);
    void ensureTicking();
    void tick();
    void run(State &s, TimeMs now);
    std::vector<Endpoint> endpointsOf(const State &s);
    Behaviour behaviourOf(const api::Object &pod);
    int subsetOf(const State &s, const api::Object &pod, const std::string &version) const;
    ServiceTraffic snapshot(const State &s) const;

    store::Store &m_store;
    sim::Simulation &m_sim;
    ImageLabelsLookup m_imageLabels;
    std::map<std::string, State> m_states; ///< by "namespace/name"
    std::map<std::string, Behaviour> m_behaviours; ///< by pod uid + image
    sim::Simulation::TaskId m_task = 0;
    std::uint64_t m_ticks = 0;
    LoadListener m_loadListener;
};

/// "40ms", "1.5s", "2m" → milliseconds (a bare number is milliseconds); nullopt when unreadable.
std::optional<double> parseLatency(const std::string &text);

} // namespace flotilla::engine::cluster
