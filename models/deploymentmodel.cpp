#include "deploymentmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>

#include <QColor>

namespace flotilla::models {

DeploymentModel::DeploymentModel(QObject *parent)
    : CachedObjectModel(std::string(engine::api::kind::Deployment), parent)
{
}

int DeploymentModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant DeploymentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == TypicalTextRole) {
        switch (section) {
        case Name: return QStringLiteral("my-microservice-api");
        case Namespace: return QStringLiteral("kube-system");
        case Ready: return QStringLiteral("Ready");
        case UpToDate: return QStringLiteral("Up-to-date");
        case Available: return QStringLiteral("Available");
        case Age: return QStringLiteral("44m10s");
        case Images: return QStringLiteral("registry.local/app:1.0");
        case Strategy: return QStringLiteral("RollingUpdate");
        }
        return {};
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case Ready: return tr("Ready pods of all the Deployment's ReplicaSets / replicas wanted");
        case UpToDate: return tr("Pods from the current pod template (the newest revision)");
        case Available: return tr("Pods ready for at least minReadySeconds: the ones that count for the rollout");
        case Strategy: return tr("RollingUpdate replaces pods step by step (maxSurge / maxUnavailable); Recreate "
                                 "stops all old pods first");
        default: return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Name");
    case Namespace: return tr("Namespace");
    case Ready: return tr("Ready");
    case UpToDate: return tr("Up-to-date");
    case Available: return tr("Available");
    case Age: return tr("Age");
    case Images: return tr("Images");
    case Strategy: return tr("Strategy");
    }
    return {};
}

DeploymentRow DeploymentModel::makeRow(const engine::api::Object &d) const
{
    namespace api = engine::api;
    DeploymentRow r;
    r.name = QString::fromStdString(d.metadata.name);
    r.ns = QString::fromStdString(d.metadata.ns);
    r.created = d.metadata.creationTimestamp.value_or(0);
    const api::DeploymentSpec spec = api::DeploymentSpec::decode(d.spec());
    const api::WorkloadStatus st = api::WorkloadStatus::decode(d.status());
    r.desired = spec.replicas;
    r.ready = st.readyReplicas;
    r.updated = st.updatedReplicas;
    r.available = st.availableReplicas;
    r.paused = spec.paused;
    r.strategy = QString::fromStdString(spec.strategy);
    QStringList images;
    for (const auto &c : spec.podTemplate.podSpec().containers)
        images << QString::fromStdString(c.image);
    r.images = images.join(QLatin1Char(','));
    for (const auto &c : st.conditions)
        if (c.type == "Progressing") {
            r.condition = QString::fromStdString(c.message);
            r.progressing = c.reason == "ReplicaSetUpdated";
            r.stuck = c.reason == "ProgressDeadlineExceeded";
        }
    return r;
}

QVariant DeploymentModel::cellData(int row, int column, int role) const
{
    const DeploymentRow &r = rowAt(row);
    if (role == DesiredRole)
        return r.desired;
    if (role == ReadyCountRole)
        return r.ready;
    if (role == RolloutRole)
        return r.stuck ? QStringLiteral("stuck") : r.paused ? QStringLiteral("paused")
                       : r.progressing ? QStringLiteral("progressing") : QStringLiteral("complete");
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Ready:
            return role == SortRole ? QVariant(r.ready) : QVariant(QStringLiteral("%1/%2").arg(r.ready).arg(r.desired));
        case UpToDate: return r.updated;
        case Available: return r.available;
        case Age: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        case Images: return r.images;
        case Strategy: return r.paused ? tr("%1 (paused)").arg(r.strategy) : r.strategy;
        }
    }
    if (role == Qt::ForegroundRole && column == Ready) {
        if (r.stuck)
            return QColor(0xd6, 0x3c, 0x3c);
        if (r.ready < r.desired)
            return QColor(0xb7, 0x79, 0x1f);
    }
    if (role == Qt::ToolTipRole && !r.condition.isEmpty())
        return r.condition;
    if (role == Qt::TextAlignmentRole && (column == Ready || column == UpToDate || column == Available))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace flotilla::models
