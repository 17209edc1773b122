#pragma once

#include "cachedobjectmodel.h"

#include <QHash>
#include <QPair>

#include <map>
#include <set>

namespace flotilla::models {

struct NodeRow {
    QString name, status, roles, version, ip;
    bool ready = false;
    qint64 cpuAllocatable = 0, memoryAllocatable = 0, podsAllocatable = 0;
    qint64 created = 0;
};

/// Nodes with their status, roles and how much of them the pods bound to them request.
class NodeModel final : public CachedObjectModel<NodeRow> {
    Q_OBJECT
public:
    enum Column { Name, Status, Roles, Pods, Cpu, Memory, CpuUsed, MemoryUsed, Version, InternalIP, Age, ColumnCount };
    enum Role { ReadyRole = LastCommonRole, CpuFractionRole, MemoryFractionRole };

    /// Nodes whose Ready condition is True, counted as rows change (not by walking the rows).
    int readyCount() const { return m_ready; }

    explicit NodeModel(QObject *parent = nullptr);
    /// What each node's containers use now (millicores, bytes), from the backend's metrics; nodes left
    /// out show nothing.
    void setUsed(const QHash<QString, QPair<qint64, qint64>> &cpuAndMemoryByNode);

protected:
    std::span<const ColumnSpec> columns() const override;
    NodeRow makeRow(const engine::api::Object &node) const override;
    void cacheClear() override;
    QVariant cellData(int row, int column, int role) const override;
    void otherEvent(const engine::store::WatchEvent &event) override;
    void afterBatch() override;

    void rowAdded(const NodeRow &row) override { m_ready += row.ready ? 1 : 0; }
    void rowRemoved(const NodeRow &row) override { m_ready -= row.ready ? 1 : 0; }

private:
    int m_ready = 0;
    struct Usage {
        qint64 cpu = 0, memory = 0, pods = 0;
    };
    struct PodShare {
        std::string node;
        qint64 cpu = 0, memory = 0;
    };
    Usage usageOf(const QString &node) const;

    std::unordered_map<std::string, PodShare> m_podShares; ///< pod key -> its node and requests
    std::map<std::string, Usage> m_usage;                    ///< node -> sum of its pods
    std::set<std::string> m_dirtyNodes;
    QHash<QString, QPair<qint64, qint64>> m_used; ///< node → CPU (millicores) and memory (bytes) in use
};

} // namespace flotilla::models
