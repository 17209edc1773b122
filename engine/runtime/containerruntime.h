#pragma once

#include "../cluster/eventrecorder.h"
#include "../cluster/podlifecycle.h"
#include "../cluster/traffic.h"
#include "../sim/simulation.h"
#include "../store/store.h"
#include "behaviour.h"
#include "containerlogs.h"
#include "envresolver.h"
#include "probes.h"
#include "usage.h"

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace flotilla::engine::runtime {

/// The simulated container runtime under the kubelets: readiness and liveness probes, CPU and memory
/// use (with OOMKilled over the limit), container logs, env and mounted files from ConfigMaps and
/// Secrets, image pull failures, and the faults that exercise them (CPU spike, memory leak, failing
/// pulls). It keeps what it needs out of the store and small per pod; the pod lifecycle calls it at a
/// few points (PodLifecycle::RuntimeHooks).
class ContainerRuntime final : public cluster::PodLifecycle::RuntimeHooks {
public:
    ContainerRuntime(store::Store &store, sim::Simulation &sim, cluster::EventRecorder &events,
                     cluster::PodLifecycle &pods);
    ~ContainerRuntime() override;

    using ImageLabelsLookup = std::function<api::Labels(const std::string &reference)>;
    void setImageLabels(ImageLabelsLookup lookup) { m_imageLabels = std::move(lookup); }
    /// The image's ENV lines (KEY=value), for the environment a container sees.
    using ImageEnvLookup = std::function<std::vector<std::string>(const std::string &reference)>;
    void setImageEnv(ImageEnvLookup lookup) { m_imageEnv = std::move(lookup); }
    /// Why an image cannot be pulled at all (it does not exist); empty when it may.
    using ImageCheck = std::function<std::string(const std::string &reference)>;
    void setImageCheck(ImageCheck check) { m_imageCheck = std::move(check); }
    /// The base image a built image came from (its kind of program, for logs and typical use); empty: none.
    using ImageBaseLookup = std::function<std::string(const std::string &reference)>;
    void setImageBase(ImageBaseLookup lookup) { m_imageBase = std::move(lookup); }
    /// The images changed (built, tagged, removed): behaviour is read again.
    void imagesChanged()
    {
        m_behaviours.clear();
        m_imageProblems.clear();
    }

    // --- faults ------------------------------------------------------------------------------------
    /// The pod's containers use their CPU limit (or `milli`, default two cores) for `duration`; their
    /// probes time out meanwhile.
    Status spikeCpu(const std::string &ns, const std::string &pod, TimeMs duration = 120'000, std::int64_t milli = 0);
    /// The pod's containers leak memory (`bytesPerMinute`, default: the limit reached in about two
    /// minutes) until they are OOMKilled; the leak goes on after restarts until cleared.
    Status leakMemory(const std::string &ns, const std::string &pod, std::int64_t bytesPerMinute = 0);
    /// Ends a pod's CPU spike and memory leak.
    Status clearFaults(const std::string &ns, const std::string &pod);
    /// Pulls of `image` fail (ErrImagePull, then ImagePullBackOff) until cleared.
    Status failImagePulls(const std::string &image, bool fail);
    const std::set<std::string> &failingImages() const { return m_failingImages; }
    /// A node's containers run (false: the node is powered off and they use nothing).
    void setNodeRunning(const std::string &node, bool running) { m_usage.setNodeRunning(node, running); }
    /// What each pod ("namespace/name") was sent through Services in the last traffic tick: containers
    /// whose image has `flotilla.sim.cpu-per-request` use that much more CPU per answered request/s, and
    /// the pod's serving container logs an access line per answered request (a bounded history of rate
    /// spans per pod, kept until the pod goes). Pods not named have no traffic any more.
    void setRequestRates(const std::unordered_map<std::string, cluster::PodLoad> &loadPerPod);
    /// The spans of Service traffic a pod answered, oldest first (the last one open while it lasts).
    std::vector<RequestSpan> requestSpans(const std::string &ns, const std::string &pod) const;
    static constexpr std::size_t kRequestSpans = 64; ///< kept per pod, the oldest dropped first

    // --- queries -----------------------------------------------------------------------------------
    struct PodUsage {
        std::int64_t cpuMilli = 0;
        std::int64_t memoryBytes = 0;
        std::vector<std::pair<std::string, UsageTable::Sample>> containers;
    };
    /// What a pod's containers use now; nullopt for a pod that does not exist.
    std::optional<PodUsage> podUsage(const std::string &ns, const std::string &pod) const;
    PodUsage podUsage(const api::Object &pod) const;
    /// What each node's containers use now.
    std::unordered_map<std::string, UsageTable::Sample> nodeUsage() const { return m_usage.nodeUsage(m_sim.now()); }
    /// A node's recent use, one sample per 15 s, oldest first.
    std::vector<UsageTable::NodeSample> nodeHistory(const std::string &node) const { return m_usage.history(node); }
    const UsageTable &usage() const { return m_usage; }

    /// A container's log (empty `container`: the first); `previous`: the run before the last restart.
    Result<std::vector<LogLine>> logs(const std::string &ns, const std::string &pod, const std::string &container,
                                      const LogQuery &query = {}, bool previous = false) const;
    /// Calls `listener` with new lines of a container as simulated time passes (on the engine thread).
    using LogListener = std::function<void(const std::vector<LogLine> &lines)>;
    Result<std::uint64_t> followLogs(const std::string &ns, const std::string &pod, const std::string &container,
                                     LogListener listener);
    void unfollowLogs(std::uint64_t id) { m_followers.erase(id); }

    /// The environment a container sees, and its ConfigMap / Secret files.
    Result<std::vector<EnvVar>> environment(const std::string &ns, const std::string &pod, const std::string &container) const;
    Result<std::vector<MountedFile>> files(const std::string &ns, const std::string &pod, const std::string &container) const;

    /// Picks up the containers that were running when the sandbox was closed.
    void resume();
    /// Takes due usage samples and delivers followed log lines; the sandbox calls it as time passes.
    void catchUp();
    /// Bytes held for running containers (the memory budget).
    std::size_t memoryUse() const;

    // --- PodLifecycle::RuntimeHooks ----------------------------------------------------------------
    std::string pullError(const std::string &image) override;
    void pullFailed(const api::Object &pod, const std::string &image, const std::string &error,
                    std::function<void()> retry) override;
    bool canCreateContainers(const api::Object &pod, std::function<void()> retry) override;
    bool readyWhenStarted(const api::Object &pod, const std::string &container) override;
    void containerStarted(const api::Object &pod, const std::string &container) override;
    void containerStopped(const api::Object &pod, const std::string &container) override;
    void podGone(const api::Object &pod) override;
    void nodeResumed(const std::string &node) override;

private:
    static constexpr std::int64_t kAutoLeak = -1; ///< a leak that reaches the limit in about two minutes
    struct Faults {
        TimeMs spikeFrom = 0, spikeUntil = 0;
        std::int64_t spikeMilli = 0;
        TimeMs leakFrom = 0;
        std::int64_t leakPerMinute = 0; ///< 0: no leak fault; kAutoLeak
    };
    struct ProbeState {
        std::string podKey, uid, container, node;
        TimeMs startedAt = 0;
        TimeMs readyAfter = 0, unhealthyAfter = 0;
        std::optional<Probe> readiness, liveness;
        bool ready = false;
        int successes = 0, readinessFailures = 0, livenessFailures = 0;
        sim::Simulation::TaskId readinessTask = 0, livenessTask = 0;
    };
    struct Outcome {
        bool ok = true;
        Probe::Failure why = Probe::Failure::Unhealthy;
        TimeMs until = kForever; ///< the answer stays the same until then
    };
    struct Waiting { ///< a pod held back (configuration missing) and how to try again
        std::string uid;
        std::function<void()> retry;
        int attempts = 0;
        sim::Simulation::TaskId task = 0;
        std::string lastMessage;
    };
    struct Follower {
        std::string ns, pod, container, uid;
        int restartCount = -1;
        TimeMs sent = 0;
        LogListener listener;
    };

    /// A pod's recent traffic: spans of a steady rate, and the samples since the last span began, which
    /// tell a change of rate from the noise of one-second counts.
    struct RequestHistory {
        std::string uid;
        std::deque<RequestSpan> spans;
        std::deque<cluster::PodLoad> recent; ///< at most kRecentSamples
        std::size_t sinceOpen = 0;           ///< samples since the last span began
    };
    static constexpr std::size_t kRecentSamples = 16;

    const ImageBehaviour &behaviour(const std::string &image) const;
    void recordRequests(const std::string &podKey, const std::string &uid, const cluster::PodLoad &load, TimeMs now);
    /// Whether this container answers the pod's Service traffic: the first one whose program serves HTTP.
    bool servesRequests(const api::Object &pod, const std::string &container) const;
    void start(const api::Object &pod, const std::string &container, TimeMs startedAt);
    api::ObjectPtr pod(const std::string &key) const;
    const api::Json *containerSpec(const api::Object &pod, const std::string &container) const;
    Outcome outcome(const ProbeState &s, TimeMs t, bool readiness) const;
    /// (Re)plans the next readiness or liveness tick of a container; at >= kForever: none.
    void scheduleProbe(std::uint64_t id, TimeMs at, bool readiness);
    void scheduleReadiness(std::uint64_t id, TimeMs at) { scheduleProbe(id, at, true); }
    void scheduleLiveness(std::uint64_t id, TimeMs at) { scheduleProbe(id, at, false); }
    /// The probe state whose readiness or liveness tick is due, its pod in p; nullptr when there is
    /// nothing to probe (container forgotten, node down, pod gone or replaced). Clears the tick's task.
    ProbeState *dueProbe(std::uint64_t id, bool readiness, api::ObjectPtr &p);
    void readinessTick(std::uint64_t id);
    void livenessTick(std::uint64_t id);
    void replanProbes(const std::string &podKey);
    void writeReady(const ProbeState &s);
    void forget(const std::string &podKey, const std::string &container);
    void applyFaults(const api::Object &pod);
    void scheduleOom(std::uint64_t id, const std::string &podKey, const std::string &uid, const std::string &container);
    void retryWaiting(const std::string &ns);
    Result<ContainerRun> runOf(const api::Object &pod, const std::string &container, bool previous) const;
    void onConfigEvents(std::span<const store::WatchEvent> events);

    store::Store &m_store;
    sim::Simulation &m_sim;
    cluster::EventRecorder &m_events;
    cluster::PodLifecycle &m_pods;
    ImageLabelsLookup m_imageLabels;
    ImageEnvLookup m_imageEnv;
    ImageCheck m_imageCheck;
    ImageBaseLookup m_imageBase;
    std::unordered_map<std::string, std::string> m_imageProblems; ///< image → m_imageCheck's answer (few images)
    mutable std::unordered_map<std::string, ImageBehaviour> m_behaviours; ///< image → behaviour (few images)
    UsageTable m_usage;
    std::unordered_map<std::uint64_t, ProbeState> m_probes;               ///< only containers with probes
    std::unordered_map<std::uint64_t, sim::Simulation::TaskId> m_oomTasks; ///< only leaking containers
    std::map<std::string, Faults> m_faults;                                ///< pod key → its faults
    std::set<std::string> m_loadedPods; ///< pods whose containers have a traffic load now
    std::unordered_map<std::string, RequestHistory> m_requests; ///< pod key → its traffic (pods that had some)
    std::set<std::string> m_failingImages;
    std::map<std::string, int> m_pullFailures;  ///< pod key → failed pulls in a row (back-off)
    std::map<std::string, Waiting> m_waiting;   ///< pod key → held back by missing configuration
    std::map<std::uint64_t, Follower> m_followers;
    std::uint64_t m_nextFollower = 1;
    store::WatchId m_configWatch = 0, m_secretWatch = 0;
};

} // namespace flotilla::engine::runtime
