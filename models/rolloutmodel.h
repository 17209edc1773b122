#pragma once

#include "cachedobjectmodel.h"

#include <QColor>

namespace flotilla::models {

struct RolloutRow {
    QString name, ns, strategy, phase, message;
    QString stableRevision, updatedRevision;
    qint64 stableReady = 0, canaryReady = 0, replicas = 0;
    int steps = 0;        ///< canary steps in the spec (0: not a canary)
    int stepIndex = -1;   ///< status.currentStepIndex
    int weight = -1;      ///< the canary's share of the requests (-1: none reported)
    int actualWeight = -1; ///< by pod counts: the share the pods give (-1: split exactly by the proxy)
    bool byReplicas = false; ///< the weight is a share of the pods, not an exact split
    bool aborted = false;
    bool pausedByUser = false;
    qint64 created = 0;

    /// A new version is rolling out (its template differs from the stable one's).
    bool inProgress() const { return !stableRevision.isEmpty() && !updatedRevision.isEmpty() && stableRevision != updatedRevision; }
};

/// Rollouts (flotilla.dev/v1alpha1): the strategy, where its steps stand, the canary's weight, and the
/// stable and canary versions with their ready replicas.
class RolloutModel final : public CachedObjectModel<RolloutRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Strategy, Phase, Step, Weight, Stable, Canary, Message, Age, ColumnCount };
    enum Role {
        PhaseRole = LastCommonRole, ///< "Progressing", "Paused", "Healthy", "Degraded" (untranslated)
        StepIndexRole,              ///< status.currentStepIndex, -1 when none
        StepCountRole,              ///< canary steps in the spec
        WeightRole,                 ///< the canary's percent of the requests, -1 when none
        StableRevisionRole,
        UpdatedRevisionRole,
        AbortedRole,
        InProgressRole,             ///< a new version is rolling out
        ByReplicasRole              ///< the canary's weight is only approximated by pod counts
    };

    explicit RolloutModel(QObject *parent = nullptr);

    static QColor phaseColor(const QString &phase);

protected:
    std::span<const ColumnSpec> columns() const override;
    RolloutRow makeRow(const engine::api::Object &rollout) const override;
    QVariant cellData(int row, int column, int role) const override;

private:
    QString phaseText(const RolloutRow &r) const;
    QString stepText(const RolloutRow &r) const;
};

} // namespace flotilla::models
