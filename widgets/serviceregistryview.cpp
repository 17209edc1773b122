#include "serviceregistryview.h"

#include <QHeaderView>

namespace flotilla::widgets {

namespace {
using engine::cluster::RegistryInstance;

QColor statusColor(RegistryInstance::Status s)
{
    switch (s) {
    case RegistryInstance::Status::Up: return {0x2e, 0x9d, 0x4f};
    case RegistryInstance::Status::Starting: return {0xb7, 0x79, 0x1f};
    case RegistryInstance::Status::Down: return {0xd6, 0x3c, 0x3c};
    }
    return {};
}

QString statusText(RegistryInstance::Status s)
{
    switch (s) {
    case RegistryInstance::Status::Up: return QStringLiteral("UP");
    case RegistryInstance::Status::Starting: return QStringLiteral("STARTING");
    case RegistryInstance::Status::Down: return QStringLiteral("DOWN");
    }
    return {};
}
} // namespace

ServiceRegistryView::ServiceRegistryView(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Service / instance"), tr("Address"), tr("Node"), tr("Version"), tr("Status"), tr("Last heartbeat")});
    headerItem()->setToolTip(Status, tr("UP: ready, clients may call it; STARTING: not ready yet; DOWN: was ready, is not "
                                        "(crashed or failing)"));
    headerItem()->setToolTip(Heartbeat, tr("Instances renew their registration every 30 s while they run"));
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    header()->setStretchLastSection(false);
    header()->setSectionResizeMode(Instance, QHeaderView::Stretch);
    for (int c = Address; c < ColumnCount; ++c)
        header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    setWhatsThis(tr("The service registry: what a client-side discovery registry such as Eureka or Consul would hold. "
                    "Clients look a Service up here and pick an UP instance themselves, where kube-proxy's server-side "
                    "discovery picks one for them behind the cluster IP."));
}

void ServiceRegistryView::fillInstance(QTreeWidgetItem *item, const RegistryInstance &in, engine::TimeMs now)
{
    item->setText(Instance, QString::fromStdString(in.instanceId));
    item->setText(Address, in.port ? QStringLiteral("%1:%2").arg(QString::fromStdString(in.ip)).arg(in.port)
                                   : QString::fromStdString(in.ip));
    item->setText(Node, QString::fromStdString(in.node));
    item->setText(Version, QString::fromStdString(in.version));
    item->setText(Status, statusText(in.status));
    item->setForeground(Status, statusColor(in.status));
    item->setText(Heartbeat, in.lastHeartbeat > 0 ? tr("%1 ago").arg(QString::fromStdString(engine::formatAge(std::max<engine::TimeMs>(0, now - in.lastHeartbeat))))
                                                  : tr("never"));
}

void ServiceRegistryView::setRegistry(const std::vector<engine::cluster::RegistryService> &registry, engine::TimeMs now)
{
    QSet<QString> seen;
    for (const auto &svc : registry) {
        const QString key = QString::fromStdString(svc.ns + "/" + svc.name);
        seen.insert(key);
        QTreeWidgetItem *item = m_services.value(key);
        if (!item) {
            item = new QTreeWidgetItem(this);
            item->setData(Instance, Qt::UserRole, key);
            QFont bold = item->font(Instance);
            bold.setBold(true);
            item->setFont(Instance, bold);
            item->setFirstColumnSpanned(false);
            m_services.insert(key, item);
            item->setExpanded(key == m_current);
        }
        item->setText(Instance, QString::fromStdString(svc.name));
        QStringList counts;
        counts << tr("%n UP", nullptr, svc.up);
        if (svc.starting)
            counts << tr("%n STARTING", nullptr, svc.starting);
        if (svc.down)
            counts << tr("%n DOWN", nullptr, svc.down);
        item->setText(Address, counts.join(QStringLiteral(" · ")));
        item->setForeground(Address, statusColor(svc.up ? RegistryInstance::Status::Up : RegistryInstance::Status::Down));
        const int total = svc.up + svc.starting + svc.down;
        item->setToolTip(Instance, total > int(svc.instances.size())
                                       ? tr("%1 of %2 instances shown").arg(svc.instances.size()).arg(total)
                                       : QString());
        // children by instance id, in the registry's order (UP first)
        QSet<QString> ids;
        for (const auto &in : svc.instances)
            ids.insert(QString::fromStdString(in.instanceId));
        QHash<QString, QTreeWidgetItem *> children;
        for (int i = item->childCount() - 1; i >= 0; --i) {
            QTreeWidgetItem *child = item->child(i);
            if (ids.contains(child->text(Instance)))
                children.insert(child->text(Instance), child);
            else
                delete child; // gone from the registry
        }
        for (std::size_t i = 0; i < svc.instances.size(); ++i) {
            const auto &in = svc.instances[i];
            QTreeWidgetItem *child = children.take(QString::fromStdString(in.instanceId));
            if (!child) {
                child = new QTreeWidgetItem;
                item->insertChild(int(i), child);
            } else if (item->indexOfChild(child) != int(i)) {
                item->removeChild(child); // moved (its status changed): keep the registry's order
                item->insertChild(int(i), child);
            }
            fillInstance(child, in, now);
        }
    }
    for (auto it = m_services.begin(); it != m_services.end();) {
        if (seen.contains(it.key())) {
            ++it;
            continue;
        }
        delete it.value();
        it = m_services.erase(it);
    }
}

void ServiceRegistryView::setCurrentService(const QString &key)
{
    m_current = key;
    for (auto it = m_services.cbegin(); it != m_services.cend(); ++it)
        it.value()->setExpanded(it.key() == key);
    if (auto *item = m_services.value(key))
        scrollToItem(item, QAbstractItemView::PositionAtTop);
}

} // namespace flotilla::widgets
