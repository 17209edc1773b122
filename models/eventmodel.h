#pragma once

#include "cachedobjectmodel.h"

namespace flotilla::models {

struct EventRow {
    QString type, reason, object, message, ns, source, involvedKey;
    int count = 1;
    qint64 last = 0;
    bool warning = false;
};

/// Kubernetes Events: what the scheduler and kubelets did, and why something failed.
class EventModel final : public CachedObjectModel<EventRow> {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Message, Namespace, Source, Count, ColumnCount };
    enum Role { WarningRole = LastCommonRole, InvolvedKeyRole };

    explicit EventModel(QObject *parent = nullptr);
    /// The row as displayed (for views that draw many events, such as the timeline).
    const EventRow &eventAt(int row) const { return rowAt(row); }

protected:
    std::span<const ColumnSpec> columns() const override;
    EventRow makeRow(const engine::api::Object &event) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
