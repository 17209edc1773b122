#include "eventmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>

#include <QColor>

namespace flotilla::models {

EventModel::EventModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Event), parent) {}

int EventModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == TypicalTextRole) {
        switch (section) {
        case LastSeen: return QStringLiteral("Last seen");
        case Type: return QStringLiteral("Warning");
        case Reason: return QStringLiteral("FailedScheduling");
        case Object: return QStringLiteral("pod/my-microservice-5d9c");
        case Message: return QStringLiteral("Successfully pulled image \"node:14-alpine\" in 2.8s");
        case Namespace: return QStringLiteral("kube-system");
        case Source: return QStringLiteral("default-scheduler");
        case Count: return QStringLiteral("Count");
        }
        return {};
    }
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case Type: return tr("Normal for routine steps, Warning when something went wrong");
        case Reason: return tr("A short word for what happened, such as Scheduled, Pulled or FailedScheduling");
        case Object: return tr("The object the event is about");
        case Source: return tr("Which component reported it: the scheduler, or a node's kubelet");
        case Count: return tr("How often it happened");
        default: return {};
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LastSeen: return tr("Last seen");
    case Type: return tr("Type");
    case Reason: return tr("Reason");
    case Object: return tr("Object");
    case Message: return tr("Message");
    case Namespace: return tr("Namespace");
    case Source: return tr("Source");
    case Count: return tr("Count");
    }
    return {};
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
