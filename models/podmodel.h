#pragma once

#include "cachedobjectmodel.h"

#include <QHash>
#include <QPair>

#include <array>

namespace flotilla::models {

struct PodRow {
    QString name, ns, ready, status, node, ip, image, owner, component;
    int restarts = 0;
    quint8 phase = 0; ///< PodModel::Phase
    qint64 created = 0;
};

/// Pods as kubectl get pods -o wide shows them.
class PodModel final : public CachedObjectModel<PodRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Ready, Status, Restarts, Age, Node, IP, Image, CpuUsed, MemoryUsed, ColumnCount };
    enum Role { StatusRole = LastCommonRole, NodeRole };

    explicit PodModel(QObject *parent = nullptr);

    /// Running, ContainerCreating, Terminating, Pending, CrashLoopBackOff, ...: a colour for each.
    static QColor statusColor(const QString &status);
    /// What a control-plane or node component does, for learners; empty for other pods.
    static QString componentDescription(const QString &component);
    /// Pods whose status is Running, kept as rows change.
    int runningCount() const { return m_running; }
    /// What each pod ("namespace/name") uses now (millicores, bytes), from the backend's metrics; pods
    /// left out show nothing.
    void setUsed(const QHash<QString, QPair<qint64, qint64>> &cpuAndMemoryByPod);
    /// status.phase, with pods being deleted counted apart (as kubectl shows them: Terminating).
    enum Phase : quint8 { Pending, Running, Succeeded, Failed, Terminating, Unknown, PhaseCount };
    /// Pods in a phase, kept as rows change (never by walking the rows).
    int phaseCount(Phase phase) const { return m_phases[phase]; }

protected:
    std::span<const ColumnSpec> columns() const override;
    PodRow makeRow(const engine::api::Object &pod) const override;
    void rowAdded(const PodRow &row) override;
    void rowRemoved(const PodRow &row) override;
    QVariant cellData(int row, int column, int role) const override;

private:
    /// Namespaces, nodes, statuses, images and owners repeat across many rows: one shared QString each.
    QString intern(const std::string &text) const;

    int m_running = 0;
    QHash<QString, QPair<qint64, qint64>> m_used; ///< pod key → CPU (millicores) and memory (bytes) in use
    std::array<int, PhaseCount> m_phases{};
    mutable std::unordered_map<std::string, QString> m_interned;
};

} // namespace flotilla::models
