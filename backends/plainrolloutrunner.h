#pragma once

#include "backend.h"

#include <engine/rollout/reconcile.h>

#include <QObject>
#include <QString>
#include <QTimer>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flotilla::backends {

/// Runs rollout plans on any connection with plain Kubernetes objects only, for clusters without
/// Flotilla's Rollout kind: every version is a Deployment `<name>-<revision>`, blue/green switches Service
/// selectors, and a canary's weight is a share of the pods (1 of 4 replicas for 25 %), since a plain
/// Service spreads its requests over its pods. The plan (the Rollout's spec and status) lives in a
/// ConfigMap `<name>.rollout` labelled `rollouts.flotilla.dev/plan`, which owns the Deployments: the plan
/// survives a restart of Flotilla, and deleting the ConfigMap removes the versions. The steps advance
/// while Flotilla runs (it is a client-side controller), on the connection's clock (the sandbox's
/// simulation clock, else the wall clock).
///
/// The same reconcile logic as the sandbox's RolloutController decides every step (engine/rollout/
/// reconcile); this class is its RolloutWorld over a Backend: a write-through cache of the objects it
/// watches, writes through applyYaml and deleteObject. Request metrics are not read from a connection,
/// so plans with an analysis are refused.
class PlainRolloutRunner final : public QObject {
    Q_OBJECT
public:
    static constexpr const char *kPlanLabel = "rollouts.flotilla.dev/plan";

    /// Follows `backend` from now on: create it before the backend starts, to see its first objects.
    explicit PlainRolloutRunner(Backend *backend, QObject *parent = nullptr);
    ~PlainRolloutRunner() override;

    /// Starts (or updates) the plan of a Rollout object in YAML; the answer comes through `done`.
    void apply(const QString &rolloutYaml, QObject *context, Backend::Callback done);
    /// Promote, abort, retry, pause, resume or roll back a plan.
    void act(const QString &ns, const QString &name, Backend::RolloutAction action, QObject *context, Backend::Callback done);

    /// The plan as a Rollout object (spec and status), or nullptr.
    engine::api::ObjectPtr plan(const QString &ns, const QString &name) const;
    QStringList plans() const; ///< "namespace/name"

    struct Event {
        qint64 time = 0;
        bool warning = false;
        QString reason, message;
    };
    /// What a plan did, oldest first (at most 200 per plan).
    QList<Event> events(const QString &ns, const QString &name) const;

    /// The ConfigMap that holds a plan.
    static QString configMapName(const QString &rollout) { return rollout + QStringLiteral(".rollout"); }

signals:
    void planChanged(const QString &ns, const QString &name);
    void eventRecorded(const QString &ns, const QString &name, const flotilla::backends::PlainRolloutRunner::Event &event);

private:
    class World;
    struct Plan {
        engine::api::ObjectPtr rollout; ///< spec and status, as the reconcile logic sees it
        engine::rollout::RolloutMemo memo;
        qint64 due = 0;                 ///< the next look, on the connection's clock (0: now)
        QList<Event> events;
    };

    void onBatch(const ChangeBatch &batch);
    void tick();
    void reconcile(const std::string &key);
    qint64 now() const;

    Backend *m_backend;
    std::unique_ptr<World> m_world;
    std::map<std::string, Plan> m_plans; ///< by "namespace/name"
    QTimer m_timer;
};

} // namespace flotilla::backends

Q_DECLARE_METATYPE(flotilla::backends::PlainRolloutRunner::Event)
