#include "eventmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>

#include <QColor>

namespace flotilla::models {

EventModel::EventModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Event), parent) {}

std::span<const ColumnSpec> EventModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* LastSeen */ {QT_TR_NOOP("Last seen"), nullptr, "Last seen"},
        /* Type */ {QT_TR_NOOP("Type"),
                    QT_TR_NOOP("Normal for routine steps, Warning when something went wrong"),
                    "Warning"},
        /* Reason */ {QT_TR_NOOP("Reason"),
                      QT_TR_NOOP("A short word for what happened, such as Scheduled, Pulled or FailedScheduling"),
                      "FailedScheduling"},
        /* Object */ {QT_TR_NOOP("Object"), QT_TR_NOOP("The object the event is about"), "pod/my-microservice-5d9c"},
        /* Message */ {QT_TR_NOOP("Message"), nullptr, "Successfully pulled image \"node:14-alpine\" in 2.8s"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Source */ {QT_TR_NOOP("Source"),
                      QT_TR_NOOP("Which component reported it: the scheduler, or a node's kubelet"),
                      "default-scheduler"},
        /* Count */ {QT_TR_NOOP("Count"), QT_TR_NOOP("How often it happened"), "Count"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

EventRow EventModel::makeRow(const engine::api::Object &event) const
{
    const auto s = engine::api::summarizeEvent(event);
    EventRow r;
    r.type = QString::fromStdString(s.type);
    r.reason = QString::fromStdString(s.reason);
    QString kind = QString::fromStdString(s.objectKind).toLower();
    r.object = kind + QLatin1Char('/') + QString::fromStdString(s.objectName);
    r.involvedKey = QString::fromStdString(engine::api::objectKey(s.objectNamespace, s.objectName));
    r.message = QString::fromStdString(s.message);
    r.ns = QString::fromStdString(event.metadata.ns);
    r.source = QString::fromStdString(s.source);
    r.count = s.count;
    r.last = s.lastTimestamp.value_or(0);
    r.warning = s.type == "Warning";
    return r;
}


QVariant EventModel::cellData(int row, int column, int role) const
{
    const EventRow &r = rowAt(row);
    if (role == WarningRole)
        return r.warning;
    if (role == InvolvedKeyRole)
        return r.involvedKey;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case LastSeen: return role == SortRole ? QVariant(-r.last) : QVariant(ageText(r.last));
        case Type: return r.type;
        case Reason: return r.reason;
        case Object: return r.object;
        case Message: return r.message;
        case Namespace: return r.ns;
        case Source: return r.source;
        case Count: return role == SortRole ? QVariant(r.count) : QVariant(QString::number(r.count));
        }
    }
    if (role == Qt::ToolTipRole && column == Message)
        return r.message;
    if (role == Qt::DecorationRole && column == Type)
        return r.warning ? QColor(0xe0, 0x9b, 0x1a) : QColor(0x3b, 0x82, 0xc4);
    return {};
}

} // namespace flotilla::models
