#pragma once

#include "../api/object.h"
#include "../cluster/deploymentcontroller.h"
#include "../cluster/eventrecorder.h"
#include "../cluster/garbagecollector.h"
#include "../cluster/hpacontroller.h"
#include "../cluster/nodelifecycle.h"
#include "../cluster/podlifecycle.h"
#include "../cluster/replicasetcontroller.h"
#include "../cluster/servicecontroller.h"
#include "../cluster/traffic.h"
#include "../image/imagestore.h"
#include "../rollout/rolloutcontroller.h"
#include "../runtime/containerruntime.h"
#include "../sim/simulation.h"
#include "../store/sqlitepersistence.h"
#include "../store/store.h"
#include "containers.h"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::sandbox {

struct SandboxOptions {
    std::string name = "local";
    std::string dataDir;               ///< parent of sandboxes/<name>/; empty: in memory only
    std::uint64_t seed = 0;            ///< 0: chosen at creation and kept with the sandbox
    std::optional<TimeMs> startTime;   ///< simulated time of a new sandbox; default: the wall clock
    bool defaults = true;              ///< a new sandbox gets nodes, namespaces, images, system pods
};

/// What an apply did: one line per object in kubectl's words ("pod/web created"), or the errors
/// (each with line:column and field path), in which case nothing was written.
struct ApplyOutcome {
    std::vector<std::string> results;
    std::vector<std::string> warnings;
    std::vector<Error> errors;
    bool ok() const { return errors.empty(); }
};

/// What a write of one object did (the API server's create and update): the object as stored, or every
/// problem found (each naming its field path), in which case nothing was written.
struct WriteOutcome {
    api::ObjectPtr object;
    std::vector<Error> errors;
    bool ok() const { return errors.empty(); }
};

/// Worker node size presets: Small 2 CPU / 4 GiB, Medium 4 CPU / 8 GiB, Large 16 CPU / 64 GiB (110 pods each).
enum class NodeSize { Small, Medium, Large };

/// What a node of a size preset offers, as Kubernetes quantities ("16", "64Gi"), so that views can name
/// the presets with the figures the sandbox uses.
struct NodeSizeSpec {
    std::string cpu;               ///< capacity = allocatable
    std::string memory;            ///< capacity
    std::string allocatableMemory; ///< capacity less what the system keeps
    int pods = 110;
};
NodeSizeSpec nodeSizeSpec(NodeSize size);

/// One sandbox: its store (with persistence), simulation, pod lifecycle and defaults.
/// Single-threaded: the Engine runs it on its own thread; tests and benchmarks may drive it directly.
class Sandbox final {
public:
    static Result<std::unique_ptr<Sandbox>> open(const SandboxOptions &options);
    ~Sandbox();

    const std::string &name() const { return m_name; }
    /// Things the user should know about opening (e.g. a damaged state file moved aside).
    const std::vector<std::string> &warnings() const { return m_warnings; }
    std::string statePath() const { return m_statePath; }

    store::Store &store() { return m_store; }
    sim::Simulation &sim() { return *m_sim; }

    ApplyOutcome apply(std::string_view manifest, const std::string &sourceName = {});
    /// Creates one object with apply's checks (validation, namespace, admission); AlreadyExists when
    /// the name is taken; generateName works. `dryRun`: checked, not stored.
    WriteOutcome create(api::MutableObjectPtr object, bool dryRun = false);
    /// Replaces one object (PUT) with apply's checks: its metadata and everything but status come from
    /// `object`; uid, creationTimestamp and status stay. NotFound when missing; Conflict when
    /// metadata.resourceVersion is set and stale.
    WriteOutcome replace(api::MutableObjectPtr object, bool dryRun = false);
    /// Deletes an object the way its kind is deleted (pods gracefully, namespaces with their contents);
    /// its dependents (by owner reference) go too, or stay without the reference (Orphan).
    /// `gracePeriodSeconds` (pods): overrides the pod's own; 0 removes it at once.
    Result<api::ObjectPtr> remove(std::string_view kind, const std::string &ns, const std::string &name,
                                  cluster::Propagation propagation = cluster::Propagation::Background,
                                  std::optional<std::int64_t> gracePeriodSeconds = std::nullopt);

    /// Runs the simulation to `time` (delivering changes as it goes), or one task.
    void advanceTo(TimeMs time);
    bool step();
    /// Delivers pending changes to watchers and commits them to disk.
    Status flush();

    std::int64_t imageSize(const std::string &reference) const;

    /// The sandbox's images (an OCI image layout under the sandbox's folder, or a temporary one for an
    /// in-memory sandbox). Builds write to it from a worker thread; the store is thread-safe.
    std::shared_ptr<image::ImageStore> imageStore() const { return m_images; }
    /// Writes (or updates) the Image records of a stored image, one per tag, and drops records of tags
    /// that moved to another image.
    /// `cachedLayers`: digests the build that made it took from the cache (shown per layer).
    Status recordImage(const image::StoredImage &image, const std::vector<std::string> &cachedLayers = {});
    Status tagImage(const std::string &source, const std::string &target);
    /// Removes a tag (or an image by id); the Image records follow.
    Result<std::vector<std::string>> removeImage(const std::string &reference, bool force = false);
    image::ImageStore::PruneReport pruneImages();
    /// `kubectl rollout undo`: the template of `revision` (0: the previous one) comes back.
    Result<api::ObjectPtr> rollbackDeployment(const std::string &ns, const std::string &name, std::int64_t revision = 0);
    cluster::PodLifecycle &pods() { return *m_pods; }
    /// Faults and operations on nodes (failed node, recovery, cordon, drain).
    cluster::NodeLifecycleController &nodes() { return *m_nodes; }
    /// The service proxy and traffic generator: request rates, weights, traffic figures, the registry view.
    cluster::Traffic &traffic() { return *m_traffic; }
    /// Owner references and namespace deletion.
    cluster::GarbageCollector &garbageCollector() { return *m_gc; }
    /// The simulated containers: probes, CPU and memory use, logs, env and files, container faults.
    runtime::ContainerRuntime &runtime() { return *m_runtime; }
    /// The HorizontalPodAutoscaler controller (scales Deployments and ReplicaSets on simulated use).
    cluster::HpaController &autoscalers() { return *m_hpas; }
    rollout::RolloutController &rollouts() { return *m_rollouts; }
    /// The Docker containers (`docker run`, `ps`, `logs`, `stop`, `rm`, …).
    Containers &containers() { return *m_containers; }
    /// Adds `count` Ready worker nodes of a size preset, named worker-N after the highest existing one.
    std::vector<std::string> addNodes(int count, NodeSize size = NodeSize::Medium);
    /// Removes a node; its pods go at once, as Kubernetes' pod garbage collector removes the pods of a
    /// node that no longer exists (drain first for a graceful move).
    Status removeNode(const std::string &name);
    /// Image labels of a reference (the simulated behaviour of its containers).
    api::Labels imageLabels(const std::string &reference) const;

    /// Told when saving to disk starts failing (with the reason) and when it works again (empty).
    /// Changes that could not be saved are kept and saved as soon as it works again.
    void setStorageListener(std::function<void(const std::string &problem)> listener) { m_storageListener = std::move(listener); }

private:
    Sandbox() = default;
    void createDefaults();
    void wireRuntime();
    Result<api::ObjectPtr> removeObject(std::string_view kind, const std::string &ns, const std::string &name,
                                        cluster::Propagation propagation, std::optional<std::int64_t> grace);
    void saveClock(bool force);
    /// The checks of a write (apply, create, replace); sets the namespace default. `namespacesHere`:
    /// namespaces created by the same input.
    std::vector<Error> checkWrite(api::Object &object, const std::set<std::string> &namespacesHere) const;
    static void clearSystemFields(api::Object &object);
    /// `existing` with what `object` says (all but status); `wholeMetadata`: owner references, finalizers
    /// and other metadata too (a replace), else labels and annotations only (apply).
    static api::MutableObjectPtr mergedUpdate(const api::Object &existing, const api::Object &object, bool wholeMetadata);

    std::string m_name;
    std::string m_statePath;
    int m_lockFd = -1; ///< the sandbox folder's lock, held while open
    std::vector<std::string> m_warnings;
    store::Store m_store;
    std::unique_ptr<store::SqlitePersistence> m_persistence;
    std::unique_ptr<sim::Simulation> m_sim;
    std::unique_ptr<cluster::EventRecorder> m_events;
    std::unique_ptr<cluster::PodLifecycle> m_pods;
    std::unique_ptr<cluster::ReplicaSetController> m_replicaSets;
    std::unique_ptr<cluster::DeploymentController> m_deployments;
    std::unique_ptr<cluster::NodeLifecycleController> m_nodes;
    std::unique_ptr<cluster::ServiceController> m_services;
    std::unique_ptr<cluster::Traffic> m_traffic;
    std::unique_ptr<cluster::GarbageCollector> m_gc;
    std::unique_ptr<runtime::ContainerRuntime> m_runtime;
    std::unique_ptr<cluster::HpaController> m_hpas; ///< after m_runtime: it reads the runtime's usage
    std::unique_ptr<rollout::RolloutController> m_rollouts; ///< after m_traffic: it sets traffic weights
    std::unique_ptr<Containers> m_containers;
    std::shared_ptr<image::ImageStore> m_images;
    std::string m_temporaryImagesDir; ///< removed when an in-memory sandbox closes
    void syncImageRecords();
    std::vector<std::string> cachedFlagsOf(const image::StoredImage &img) const;
    TimeMs m_clockSavedAt = 0;
    std::string m_storageProblem;
    std::function<void(const std::string &)> m_storageListener;
};

/// The default data directory: $XDG_DATA_HOME/flotilla (or ~/.local/share/flotilla).
std::string defaultDataDir();

} // namespace flotilla::engine::sandbox
