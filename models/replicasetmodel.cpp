#include "replicasetmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/workloads.h>

#include <QColor>

namespace flotilla::models {

ReplicaSetModel::ReplicaSetModel(QObject *parent)
    : CachedObjectModel(std::string(engine::api::kind::ReplicaSet), parent)
{
}

std::span<const ColumnSpec> ReplicaSetModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice-5d9c7b8f4"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Desired */ {QT_TR_NOOP("Desired"),
                       QT_TR_NOOP("Pods the ReplicaSet should have (its Deployment sets this during a rollout)"),
                       "Desired"},
        /* Current */ {QT_TR_NOOP("Current"), QT_TR_NOOP("Pods it has now, started or not"), "Current"},
        /* Ready */ {QT_TR_NOOP("Ready"), QT_TR_NOOP("Pods that pass their readiness check"), "Ready"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
        /* Owner */ {QT_TR_NOOP("Deployment"),
                     QT_TR_NOOP("The Deployment this ReplicaSet belongs to"),
                     "my-microservice"},
        /* Revision */ {QT_TR_NOOP("Revision"),
                        QT_TR_NOOP("The Deployment revision this ReplicaSet's pod template stands for"),
                        "Revision"},
        /* Images */ {QT_TR_NOOP("Images"), nullptr, "registry.local/app:1.0"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

ReplicaSetRow ReplicaSetModel::makeRow(const engine::api::Object &rs) const
{
    namespace api = engine::api;
    ReplicaSetRow r;
    r.name = QString::fromStdString(rs.metadata.name);
    r.ns = QString::fromStdString(rs.metadata.ns);
    r.created = rs.metadata.creationTimestamp.value_or(0);
    const api::ReplicaSetSpec spec = api::ReplicaSetSpec::decode(rs.spec());
    const api::WorkloadStatus st = api::WorkloadStatus::decode(rs.status());
    r.desired = spec.replicas;
    r.current = st.replicas;
    r.ready = st.readyReplicas;
    for (const auto &ref : rs.metadata.ownerReferences)
        if (ref.controller && ref.kind == api::kind::Deployment)
            r.owner = QString::fromStdString(ref.name);
    if (const auto it = rs.metadata.annotations.find("deployment.kubernetes.io/revision");
        it != rs.metadata.annotations.end())
        r.revision = QString::fromStdString(it->second).toLongLong();
    r.images = imagesText(spec.podTemplate);
    return r;
}

QVariant ReplicaSetModel::cellData(int row, int column, int role) const
{
    const ReplicaSetRow &r = rowAt(row);
    switch (role) {
    case DesiredRole: return r.desired;
    case ReadyCountRole: return r.ready;
    case OwnerRole: return r.owner;
    case RevisionRole: return r.revision;
    default: break;
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Desired: return r.desired;
        case Current: return r.current;
        case Ready: return r.ready;
        case Age: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        case Owner: return role == SortRole || !r.owner.isEmpty() ? QVariant(r.owner) : QVariant(QStringLiteral("—"));
        case Revision:
            if (role == SortRole)
                return r.revision;
            return r.revision ? QVariant(QString::number(r.revision)) : QVariant(QStringLiteral("—"));
        case Images: return r.images;
        }
    }
    if (role == Qt::ForegroundRole) {
        // an old revision scaled to zero: history kept for roll backs
        if (r.desired == 0 && r.current == 0)
            return QColor(0x9c, 0xa3, 0xaf);
        if (column == Ready && r.ready < r.desired)
            return QColor(0xb7, 0x79, 0x1f);
    }
    if (role == Qt::ToolTipRole && r.desired == 0 && r.current == 0 && !r.owner.isEmpty())
        return tr("An earlier revision of %1, kept (scaled to zero) so that it can be rolled back to").arg(r.owner);
    if (role == Qt::TextAlignmentRole && (column == Desired || column == Current || column == Ready || column == Revision))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace flotilla::models
