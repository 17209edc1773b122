#include "nodemodel.h"

#include <engine/api/kinds.h>
#include <engine/api/quantity.h>
#include <engine/api/types.h>

#include <QColor>

namespace flotilla::models {

using engine::store::WatchEvent;

NodeModel::NodeModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Node), parent) {}

std::span<const ColumnSpec> NodeModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "control-plane"},
        /* Status */ {QT_TR_NOOP("Status"),
                      QT_TR_NOOP("Ready when the node's kubelet reports that it can run pods"),
                      "Ready,SchedulingDisabled"},
        /* Roles */ {QT_TR_NOOP("Roles"),
                     QT_TR_NOOP("The control plane runs the API server, etcd, the scheduler and the controller manager; other nodes are workers that run your pods"),
                     "control-plane"},
        /* Pods */ {QT_TR_NOOP("Pods"), QT_TR_NOOP("Pods on this node, of the most it accepts"), "110 / 110"},
        /* Cpu */ {QT_TR_NOOP("CPU requested"),
                   QT_TR_NOOP("CPU requested by the pods on this node, of what it can allocate. A pod is placed only where its requests fit"),
                   "3950m / 4 (99%)"},
        /* Memory */ {QT_TR_NOOP("Memory requested"),
                      QT_TR_NOOP("Memory requested by the pods on this node, of what it can allocate"),
                      "7800Mi / 7800Mi (100%)"},
        /* CpuUsed */ {QT_TR_NOOP("CPU used"),
                       QT_TR_NOOP("CPU the containers on this node use now (simulated in the sandbox), and its share of what the node can allocate"),
                       "3950m (99%)"},
        /* MemoryUsed */ {QT_TR_NOOP("Memory used"),
                          QT_TR_NOOP("Memory the containers on this node use now (simulated in the sandbox), and its share of what the node can allocate"),
                          "7800Mi (100%)"},
        /* Version */ {QT_TR_NOOP("Version"),
                       QT_TR_NOOP("The version of the node's kubelet, the agent that runs its pods"),
                       "v1.31.0"},
        /* InternalIP */ {QT_TR_NOOP("Internal IP"), nullptr, "172.18.0.2"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

NodeRow NodeModel::makeRow(const engine::api::Object &node) const
{
    const auto s = engine::api::summarizeNode(node);
    NodeRow r;
    r.name = QString::fromStdString(node.metadata.name);
    r.status = QString::fromStdString(s.status);
    r.roles = QString::fromStdString(s.roles);
    r.version = QString::fromStdString(s.kubeletVersion);
    r.ip = QString::fromStdString(s.internalIP);
    r.ready = s.ready;
    r.cpuAllocatable = s.allocatable.cpuMilli;
    r.memoryAllocatable = s.allocatable.memoryBytes;
    r.podsAllocatable = s.allocatable.pods;
    r.created = node.metadata.creationTimestamp.value_or(0);
    return r;
}

void NodeModel::cacheClear()
{
    CachedObjectModel::cacheClear();
    m_podShares.clear();
    m_usage.clear();
}

void NodeModel::otherEvent(const WatchEvent &event)
{
    if (event.object->kind != engine::api::kind::Pod)
        return;
    const std::string key = event.object->key();
    // Take the pod's old share off its node, then add the new one.
    if (const auto it = m_podShares.find(key); it != m_podShares.end()) {
        Usage &u = m_usage[it->second.node];
        u.cpu -= it->second.cpu;
        u.memory -= it->second.memory;
        u.pods -= 1;
        m_dirtyNodes.insert(it->second.node);
        m_podShares.erase(it);
    }
    if (event.type == WatchEvent::Type::Deleted)
        return;
    const auto spec = engine::api::PodSpec::decode(event.object->spec());
    if (spec.nodeName.empty())
        return;
    const auto req = spec.totalRequests();
    m_podShares[key] = {spec.nodeName, req.cpuMilli, req.memoryBytes};
    Usage &u = m_usage[spec.nodeName];
    u.cpu += req.cpuMilli;
    u.memory += req.memoryBytes;
    u.pods += 1;
    m_dirtyNodes.insert(spec.nodeName);
}

void NodeModel::afterBatch()
{
    for (const auto &node : m_dirtyNodes) {
        const int row = rowOf(node);
        if (row >= 0)
            emit dataChanged(index(row, Pods), index(row, Memory));
    }
    m_dirtyNodes.clear();
}

void NodeModel::setUsed(const QHash<QString, QPair<qint64, qint64>> &cpuAndMemoryByNode)
{
    if (cpuAndMemoryByNode == m_used)
        return;
    m_used = cpuAndMemoryByNode;
    if (rowCount() > 0)
        emit dataChanged(index(0, CpuUsed), index(rowCount() - 1, MemoryUsed), {Qt::DisplayRole, SortRole});
}

NodeModel::Usage NodeModel::usageOf(const QString &node) const
{
    const auto it = m_usage.find(node.toStdString());
    return it == m_usage.end() ? Usage{} : it->second;
}

QVariant NodeModel::cellData(int row, int column, int role) const
{
    const NodeRow &r = rowAt(row);
    if (role == ReadyRole)
        return r.ready;
    const Usage u = (column == Pods || column == Cpu || column == Memory || role == CpuFractionRole
                     || role == MemoryFractionRole)
                        ? usageOf(r.name)
                        : Usage{};
    if (role == CpuFractionRole)
        return r.cpuAllocatable ? double(u.cpu) / double(r.cpuAllocatable) : 0.0;
    if (role == MemoryFractionRole)
        return r.memoryAllocatable ? double(u.memory) / double(r.memoryAllocatable) : 0.0;
    auto percent = [](qint64 part, qint64 whole) { return whole ? int(100 * part / whole) : 0; };
    if (role == Qt::DisplayRole) {
        switch (column) {
        case Name: return r.name;
        case Status: return r.status;
        case Roles: return r.roles;
        case Pods: return QStringLiteral("%1 / %2").arg(u.pods).arg(r.podsAllocatable);
        case Cpu:
            return QStringLiteral("%1 / %2 (%3%)")
                .arg(QString::fromStdString(engine::api::formatCpu(u.cpu)),
                     QString::fromStdString(engine::api::formatCpu(r.cpuAllocatable)))
                .arg(percent(u.cpu, r.cpuAllocatable));
        case Memory:
            return QStringLiteral("%1 / %2 (%3%)")
                .arg(QString::fromStdString(engine::api::formatBytes(u.memory)),
                     QString::fromStdString(engine::api::formatBytes(r.memoryAllocatable)))
                .arg(percent(u.memory, r.memoryAllocatable));
        case CpuUsed:
        case MemoryUsed: {
            const auto it = m_used.constFind(r.name);
            if (it == m_used.constEnd())
                return QString();
            return column == CpuUsed
                       ? QStringLiteral("%1 (%2%)")
                             .arg(QString::fromStdString(engine::api::formatCpu(it->first)))
                             .arg(percent(it->first, r.cpuAllocatable))
                       : QStringLiteral("%1 (%2%)")
                             .arg(QString::fromStdString(engine::api::formatBytes(it->second)))
                             .arg(percent(it->second, r.memoryAllocatable));
        }
        case Version: return r.version;
        case InternalIP: return r.ip;
        case Age: return ageText(r.created);
        }
    }
    if (role == SortRole) {
        switch (column) {
        case Pods: return u.pods;
        case Cpu: return r.cpuAllocatable ? double(u.cpu) / double(r.cpuAllocatable) : 0.0;
        case Memory: return r.memoryAllocatable ? double(u.memory) / double(r.memoryAllocatable) : 0.0;
        case Age: return -r.created;
        case CpuUsed: return m_used.value(r.name, {-1, -1}).first;
        case MemoryUsed: return m_used.value(r.name, {-1, -1}).second;
        default: return cellData(row, column, Qt::DisplayRole);
        }
    }
    if (role == Qt::DecorationRole && column == Status)
        return r.ready ? QColor(0x2e, 0x9d, 0x4f) : QColor(0xd6, 0x3c, 0x3c);
    return {};
}

} // namespace flotilla::models
