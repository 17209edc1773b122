#pragma once

#include "cachedobjectmodel.h"

namespace flotilla::models {

struct PodRow {
    QString name, ns, ready, status, node, ip, image, owner, component;
    int restarts = 0;
    qint64 created = 0;
};

/// Pods as kubectl get pods -o wide shows them.
class PodModel final : public CachedObjectModel<PodRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Ready, Status, Restarts, Age, Node, IP, Image, ColumnCount };
    enum Role { StatusRole = LastCommonRole, NodeRole };

    explicit PodModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// Running, ContainerCreating, Terminating, Pending, CrashLoopBackOff, ...: a colour for each.
    static QColor statusColor(const QString &status);
    /// What a control-plane or node component does, for learners; empty for other pods.
    static QString componentDescription(const QString &component);
    /// Pods whose status is Running, kept as rows change.
    int runningCount() const { return m_running; }

protected:
    PodRow makeRow(const engine::api::Object &pod) const override;
    void rowAdded(const PodRow &row) override;
    void rowRemoved(const PodRow &row) override;
    QVariant cellData(int row, int column, int role) const override;

private:
    /// Namespaces, nodes, statuses, images and owners repeat across many rows: one shared QString each.
    QString intern(const std::string &text) const;

    int m_running = 0;
    mutable std::unordered_map<std::string, QString> m_interned;
};

} // namespace flotilla::models
