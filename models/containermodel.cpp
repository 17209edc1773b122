#include "containermodel.h"

#include <engine/api/kinds.h>

namespace flotilla::models {

namespace sandbox = engine::sandbox;

ContainerModel::ContainerModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Container), parent) {}

std::span<const ColumnSpec> ContainerModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "service-instance"},
        /* Image */ {QT_TR_NOOP("Image"), QT_TR_NOOP("The image the container was created from"), "my-microservice:latest"},
        /* State */ {QT_TR_NOOP("State"), QT_TR_NOOP("created, running, restarting, exited or dead"), "restarting"},
        /* Status */ {QT_TR_NOOP("Status"), QT_TR_NOOP("As docker ps says it, on the sandbox's simulated clock"),
                      "Exited (137) Less than a second ago"},
        /* Ports */ {QT_TR_NOOP("Ports"),
                     QT_TR_NOOP("Published ports while the container runs: host address and port → the container's "
                                "port. They are real ports on this computer, answered by the simulated program."),
                     "0.0.0.0:3000→8080/tcp"},
        /* Restarts */ {QT_TR_NOOP("Restarts"), QT_TR_NOOP("Restarts by the restart policy since the last start"),
                        "Restarts"},
        /* Created */ {QT_TR_NOOP("Created"), nullptr, "44m10s"},
        /* Id */ {QT_TR_NOOP("Container ID"), QT_TR_NOOP("The start of the container's 64-digit id"), "0123456789ab"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

QString ContainerModel::portText(const sandbox::PortBinding &port)
{
    const QString ip = port.hostIp.empty() ? QStringLiteral("0.0.0.0") : QString::fromStdString(port.hostIp);
    const QString host = ip.contains(QLatin1Char(':')) ? QLatin1Char('[') + ip + QLatin1Char(']') : ip;
    return QStringLiteral("%1:%2→%3").arg(host).arg(port.hostPort).arg(QString::fromStdString(port.containerPort));
}

QString ContainerModel::commandText(const sandbox::ContainerInfo &c)
{
    QStringList words;
    if (!c.path.empty())
        words << QString::fromStdString(c.path);
    for (const auto &a : c.args)
        words << QString::fromStdString(a);
    return words.join(QLatin1Char(' '));
}

QColor ContainerModel::stateColor(const sandbox::ContainerInfo &c)
{
    if (c.state == "running")
        return QColor(0x2e, 0x9d, 0x4f);
    if (c.state == "restarting" || c.state == "paused")
        return QColor(0xe0, 0x9b, 0x1a);
    if (c.state == "dead" || (c.state == "exited" && c.exitCode != 0) || !c.error.empty())
        return QColor(0xd6, 0x3c, 0x3c);
    return QColor(0x8a, 0x8f, 0x98); // created, or exited cleanly
}

ContainerRow ContainerModel::makeRow(const engine::api::Object &object) const
{
    ContainerRow r;
    r.info = sandbox::containerFromObject(object);
    r.name = QString::fromStdString(r.info.name);
    r.image = QString::fromStdString(r.info.spec.image);
    r.state = QString::fromStdString(r.info.state);
    r.id = QString::fromStdString(r.info.id.substr(0, 12));
    for (const auto &p : r.info.ports)
        r.portList << portText(p);
    r.ports = r.portList.join(QStringLiteral(", "));
    return r;
}

QVariant ContainerModel::cellData(int row, int column, int role) const
{
    const ContainerRow &r = rowAt(row);
    switch (role) {
    case ContainerInfoRole: return QVariant::fromValue(r.info);
    case StateRole: return r.state;
    case ContainerIdRole: return QString::fromStdString(r.info.id);
    case HostPortsRole: {
        QList<int> ports;
        for (const auto &p : r.info.ports)
            ports << p.hostPort;
        return QVariant::fromValue(ports);
    }
    default: break;
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (column) {
        case Name: return r.name;
        case Image: return r.image;
        case State: return r.state;
        case Status:
            // the newest change first when sorted: running by start, others by their end
            if (sort)
                return qint64(-(r.info.running() ? r.info.startedAt : std::max(r.info.finishedAt, r.info.created)));
            return QString::fromStdString(r.info.statusText(now()));
        case Ports: return r.ports;
        case Restarts: return sort ? QVariant(r.info.restartCount) : QVariant(QString::number(r.info.restartCount));
        case Created: return sort ? QVariant(qint64(-r.info.created)) : QVariant(ageText(r.info.created));
        case Id: return r.id;
        }
        return {};
    }
    if (role == Qt::DecorationRole && column == State)
        return stateColor(r.info);
    if (role == Qt::TextAlignmentRole && column == Restarts)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Id: return QString::fromStdString(r.info.id);
        case Ports: return r.portList.isEmpty() ? QVariant() : QVariant(r.portList.join(QLatin1Char('\n')));
        case Status:
            if (!r.info.error.empty())
                return QString::fromStdString(r.info.error);
            if (r.info.oomKilled)
                return tr("Killed for using more memory than it may (OOMKilled)");
            return {};
        case Name: {
            const QString command = commandText(r.info);
            return command.isEmpty() ? QVariant() : QVariant(command);
        }
        default: return {};
        }
    }
    return {};
}

} // namespace flotilla::models
