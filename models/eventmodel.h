#pragma once

#include "objecttablemodel.h"

namespace flotilla::models {

/// Kubernetes Events: what the scheduler and kubelets did, and why something failed.
class EventModel final : public ObjectTableModel {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Message, Namespace, Source, Count, ColumnCount };
    enum Role { WarningRole = LastCommonRole, InvolvedKeyRole };

    explicit EventModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    void cacheAppend(const engine::api::ObjectPtr &object) override;
    void cacheUpdate(int row, const engine::api::ObjectPtr &object) override;
    void cacheErase(int first, int last) override;
    void cacheClear() override { m_rows.clear(); }
    QVariant cellData(int row, int column, int role) const override;

private:
    struct Row {
        QString type, reason, object, message, ns, source, involvedKey;
        int count = 1;
        qint64 last = 0;
        bool warning = false;
    };
    static Row makeRow(const engine::api::Object &event);
    std::vector<Row> m_rows;
};

} // namespace flotilla::models
