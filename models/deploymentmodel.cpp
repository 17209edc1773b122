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

std::span<const ColumnSpec> DeploymentModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice-api"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Ready */ {QT_TR_NOOP("Ready"),
                     QT_TR_NOOP("Ready pods of all the Deployment's ReplicaSets / replicas wanted"),
                     "Ready"},
        /* UpToDate */ {QT_TR_NOOP("Up-to-date"),
                        QT_TR_NOOP("Pods from the current pod template (the newest revision)"),
                        "Up-to-date"},
        /* Available */ {QT_TR_NOOP("Available"),
                         QT_TR_NOOP("Pods ready for at least minReadySeconds: the ones that count for the rollout"),
                         "Available"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
        /* Images */ {QT_TR_NOOP("Images"), nullptr, "registry.local/app:1.0"},
        /* Strategy */ {QT_TR_NOOP("Strategy"),
                        QT_TR_NOOP("RollingUpdate replaces pods step by step (maxSurge / maxUnavailable); Recreate " "stops all old pods first"),
                        "RollingUpdate"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
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
    r.images = imagesText(spec.podTemplate);
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
