#pragma once

#include "objecttablemodel.h"

namespace flotilla::models {

/// Pods as kubectl get pods -o wide shows them.
class PodModel final : public ObjectTableModel {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Ready, Status, Restarts, Age, Node, IP, Image, ColumnCount };
    enum Role { StatusRole = LastCommonRole, NodeRole };

    explicit PodModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// Running, ContainerCreating, Terminating, Pending, CrashLoopBackOff, ...: a colour for each.
    static QColor statusColor(const QString &status);
    /// Pods whose status is Running, kept as rows change.
    int runningCount() const { return m_running; }

protected:
    void cacheAppend(const engine::api::ObjectPtr &object) override;
    void cacheUpdate(int row, const engine::api::ObjectPtr &object) override;
    void cacheErase(int first, int last) override;
    void cacheClear() override;
    QVariant cellData(int row, int column, int role) const override;

private:
    struct Row {
        QString name, ns, ready, status, node, ip, image, owner;
        int restarts = 0;
        qint64 created = 0;
    };
    static Row makeRow(const engine::api::Object &pod);
    std::vector<Row> m_rows;
    int m_running = 0;
};

} // namespace flotilla::models
