#pragma once

#include "cachedobjectmodel.h"

namespace flotilla::models {

struct DeploymentRow {
    QString name, ns, images, strategy, condition;
    qint64 desired = 0, ready = 0, updated = 0, available = 0;
    qint64 created = 0;
    bool paused = false;
    bool progressing = false; ///< a rollout is under way
    bool stuck = false;       ///< ProgressDeadlineExceeded
};

/// Deployments as kubectl get deployments shows them, with the rollout's state.
class DeploymentModel final : public CachedObjectModel<DeploymentRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Ready, UpToDate, Available, Age, Images, Strategy, ColumnCount };
    enum Role { DesiredRole = LastCommonRole, ReadyCountRole, RolloutRole };

    explicit DeploymentModel(QObject *parent = nullptr);

protected:
    std::span<const ColumnSpec> columns() const override;
    DeploymentRow makeRow(const engine::api::Object &deployment) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
