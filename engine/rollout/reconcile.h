#pragma once

#include "../api/object.h"
#include "../api/selector.h"
#include "../cluster/eventrecorder.h"
#include "../cluster/traffic.h"
#include "../common/result.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::rollout {

/// What a rollout reads and changes: the sandbox (its store and service proxy), or a cluster through a
/// connection, with plain objects only (Deployments, Services, events). A write takes effect when it can;
/// the next look sees it, as every Kubernetes controller works (level-triggered).
class RolloutWorld {
public:
    virtual ~RolloutWorld() = default;

    virtual TimeMs now() const = 0;
    virtual api::ObjectPtr get(std::string_view kind, const std::string &ns, const std::string &name) const = 0;
    virtual std::vector<api::ObjectPtr> list(std::string_view kind, const std::string &ns,
                                             const api::LabelSelector *selector = nullptr) const = 0;
    virtual Status create(api::MutableObjectPtr object) = 0;
    virtual Status update(api::MutableObjectPtr object) = 0;
    virtual Status remove(std::string_view kind, const std::string &ns, const std::string &name) = 0;
    /// True where a Service's requests can be split by exact weights (the sandbox's service proxy, a mesh);
    /// false: a canary's weight becomes a share of the pods (RolloutSpec::TrafficSplit::Replicas).
    virtual bool canSplitTraffic() const = 0;
    virtual Status setWeights(const std::string &ns, const std::string &service, std::vector<cluster::TrafficWeight> weights) = 0;
    /// A Service's request figures per version; none where nothing measures them (an analysis is then
    /// Inconclusive).
    virtual std::optional<cluster::ServiceTraffic> traffic(const std::string &ns, const std::string &service) const = 0;
    virtual void event(const api::Object &about, cluster::EventRecorder::Type type, const std::string &reason,
                       const std::string &message) = 0;
};

/// What a rollout keeps between looks outside its status: the split given to the service proxy, which
/// forgets it on a restart.
struct RolloutMemo {
    int appliedWeight = -1; ///< the canary share given to the service proxy (-1: none yet)
    std::string weightService;
};

/// What a user asks of a rollout.
enum class RolloutAction { Promote, PromoteFull, Abort, Retry, Pause, Resume, Rollback };
const char *actionName(RolloutAction action);

inline constexpr TimeMs kRolloutResyncPeriod = 5'000;

/// One look at a Rollout (flotilla.dev/v1alpha1): creates, scales and removes the Deployments of its
/// versions, points Services, splits traffic, runs analyses and writes the Rollout's status, all through
/// `world`. Returns the delay after which it wants to look again; none when only a change should wake it
/// (an aborted rollout waits to be retried).
std::optional<TimeMs> reconcileRollout(RolloutWorld &world, const api::Object &rollout, RolloutMemo &memo);

/// Records what a user asks in the Rollout (its status; for a rollback also its template). The next
/// reconcileRollout() acts on it.
Status requestRolloutAction(RolloutWorld &world, const std::string &ns, const std::string &name, RolloutAction action);

} // namespace flotilla::engine::rollout
