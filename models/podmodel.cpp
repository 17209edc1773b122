#include "podmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/quantity.h>
#include <engine/api/types.h>

#include <QColor>

namespace flotilla::models {

PodModel::PodModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Pod), parent) {}

std::span<const ColumnSpec> PodModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice-5d9c7b6f4-x2x7q"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Ready */ {QT_TR_NOOP("Ready"),
                     QT_TR_NOOP("Containers that are ready, of all the containers in the pod"),
                     "Ready"},
        /* Status */ {QT_TR_NOOP("Status"),
                      QT_TR_NOOP("What the pod is doing: Pending (waiting for a node or an image), ContainerCreating, Running, Terminating, or why it failed"),
                      "ContainerCreating"},
        /* Restarts */ {QT_TR_NOOP("Restarts"), QT_TR_NOOP("How often the pod's containers were restarted"), "99"},
        /* Age */ {QT_TR_NOOP("Age"), QT_TR_NOOP("Time since the pod was created"), "44m10s"},
        /* Node */ {QT_TR_NOOP("Node"), QT_TR_NOOP("The node the scheduler placed the pod on"), "control-plane"},
        /* IP */ {QT_TR_NOOP("IP"),
                  QT_TR_NOOP("The pod's own address. It changes when the pod is replaced; a Service gives a stable one"),
                  "10.244.0.100"},
        /* Image */ {QT_TR_NOOP("Image"), QT_TR_NOOP("The container images the pod runs"), "node:14-alpine"},
        /* CpuUsed */ {QT_TR_NOOP("CPU used"),
                       QT_TR_NOOP("CPU the pod's containers use now (simulated in the sandbox)"),
                       "1250m"},
        /* MemoryUsed */ {QT_TR_NOOP("Memory used"),
                          QT_TR_NOOP("Memory the pod's containers use now (simulated in the sandbox)"),
                          "1023Mi"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

QString PodModel::intern(const std::string &text) const
{
    if (text.empty())
        return {};
    if (const auto it = m_interned.find(text); it != m_interned.end())
        return it->second;
    if (m_interned.size() > 50'000) // a pathological variety: start over rather than grow without bound
        m_interned.clear();
    return m_interned.emplace(text, QString::fromStdString(text)).first->second;
}

PodRow PodModel::makeRow(const engine::api::Object &pod) const
{
    const auto s = engine::api::summarizePod(pod);
    PodRow r;
    r.name = QString::fromStdString(pod.metadata.name);
    r.ns = intern(pod.metadata.ns);
    r.ready = intern(std::to_string(s.readyContainers) + "/" + std::to_string(s.totalContainers));
    r.status = intern(s.status);
    r.node = intern(s.node);
    r.ip = QString::fromStdString(s.ip);
    r.image = intern(s.images);
    r.owner = intern(s.owner);
    if (const auto it = pod.metadata.labels.find("component"); it != pod.metadata.labels.end())
        r.component = QString::fromStdString(it->second);
    else if (const auto app = pod.metadata.labels.find("k8s-app"); app != pod.metadata.labels.end())
        r.component = QString::fromStdString(app->second);
    r.restarts = s.restarts;
    r.created = pod.metadata.creationTimestamp.value_or(0);
    const std::string phase = engine::api::stringField(pod.status(), "phase", "Pending");
    r.phase = pod.metadata.deletionTimestamp ? Terminating
              : phase == "Pending"           ? Pending
              : phase == "Running"           ? Running
              : phase == "Succeeded"         ? Succeeded
              : phase == "Failed"            ? Failed
                                             : Unknown;
    return r;
}

namespace {
int running(const QString &status) { return status == QLatin1String("Running") ? 1 : 0; }
} // namespace

void PodModel::rowAdded(const PodRow &row)
{
    m_running += running(row.status);
    ++m_phases[row.phase];
}

void PodModel::rowRemoved(const PodRow &row)
{
    m_running -= running(row.status);
    --m_phases[row.phase];
}

QString PodModel::componentDescription(const QString &component)
{
    if (component == QLatin1String("kube-apiserver"))
        return tr("API server: the front door of the control plane. kubectl and every other tool talk to it (simulated)");
    if (component == QLatin1String("etcd"))
        return tr("etcd: the key-value store that holds all cluster data, the cluster's source of truth (simulated)");
    if (component == QLatin1String("kube-scheduler"))
        return tr("Scheduler: picks a node for each new pod, by its resource requests and constraints (simulated)");
    if (component == QLatin1String("kube-controller-manager"))
        return tr("Controller manager: runs the controllers that move the cluster toward the desired state (simulated)");
    if (component == QLatin1String("kube-proxy"))
        return tr("kube-proxy: keeps each node's network rules so that Services reach their pods (simulated)");
    return {};
}

QColor PodModel::statusColor(const QString &status)
{
    if (status == QLatin1String("Running") || status == QLatin1String("Completed") || status == QLatin1String("Succeeded"))
        return QColor(0x2e, 0x9d, 0x4f);
    if (status == QLatin1String("Terminating"))
        return QColor(0x8a, 0x8f, 0x98);
    if (status == QLatin1String("Pending") || status == QLatin1String("ContainerCreating")
        || status == QLatin1String("PodInitializing"))
        return QColor(0xe0, 0x9b, 0x1a);
    return QColor(0xd6, 0x3c, 0x3c);
}

void PodModel::setUsed(const QHash<QString, QPair<qint64, qint64>> &cpuAndMemoryByPod)
{
    if (cpuAndMemoryByPod == m_used)
        return;
    m_used = cpuAndMemoryByPod;
    if (rowCount() > 0)
        emit dataChanged(index(0, CpuUsed), index(rowCount() - 1, MemoryUsed), {Qt::DisplayRole, SortRole});
}

QVariant PodModel::cellData(int row, int column, int role) const
{
    const PodRow &r = rowAt(row);
    if (role == StatusRole)
        return r.status;
    if (role == NodeRole)
        return r.node;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Ready: return r.ready;
        case Status: return r.status;
        case Restarts: return role == SortRole ? QVariant(r.restarts) : QVariant(QString::number(r.restarts));
        case Age: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        case Node: return r.node.isEmpty() ? QStringLiteral("<none>") : r.node;
        case IP: return r.ip.isEmpty() ? QStringLiteral("<none>") : r.ip;
        case Image: return r.image;
        case CpuUsed:
        case MemoryUsed: {
            const auto it = m_used.constFind(r.ns + QLatin1Char('/') + r.name);
            if (it == m_used.constEnd())
                return role == SortRole ? QVariant(qint64(-1)) : QVariant(QString());
            const qint64 v = column == CpuUsed ? it->first : it->second;
            if (role == SortRole)
                return v;
            return QString::fromStdString(column == CpuUsed ? engine::api::formatCpu(v) : engine::api::formatBytes(v));
        }
        }
    }
    if (role == Qt::DecorationRole && column == Status)
        return statusColor(r.status);
    if (role == Qt::ToolTipRole && column == Name) {
        const QString about = componentDescription(r.component);
        if (!about.isEmpty())
            return about;
        if (!r.owner.isEmpty())
            return tr("Controlled by %1").arg(r.owner);
    }
    if (role == Qt::TextAlignmentRole && column == Restarts)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace flotilla::models
