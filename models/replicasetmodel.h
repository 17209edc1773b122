#pragma once

#include "cachedobjectmodel.h"

namespace flotilla::models {

struct ReplicaSetRow {
    QString name, ns, owner, images;
    qint64 desired = 0, current = 0, ready = 0;
    qint64 revision = 0;
    qint64 created = 0;
};

/// ReplicaSets as kubectl get replicasets -o wide shows them, with the Deployment that owns each and the
/// revision it stands for: a Deployment's history, one ReplicaSet per pod template.
class ReplicaSetModel final : public CachedObjectModel<ReplicaSetRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Desired, Current, Ready, Age, Owner, Revision, Images, ColumnCount };
    enum Role { DesiredRole = LastCommonRole, ReadyCountRole, OwnerRole, RevisionRole };

    explicit ReplicaSetModel(QObject *parent = nullptr);

protected:
    std::span<const ColumnSpec> columns() const override;
    ReplicaSetRow makeRow(const engine::api::Object &replicaSet) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
