#pragma once

#include <engine/cluster/traffic.h>

#include <QHash>
#include <QTreeWidget>

namespace flotilla::widgets {

/// Services and their instances as a client-side discovery registry (Eureka, Consul) holds them: the
/// address and port a client would call, the node and version, UP / STARTING / DOWN, and the last
/// heartbeat. Updated in place, so selection, expansion and scrolling stay.
class ServiceRegistryView final : public QTreeWidget {
    Q_OBJECT
public:
    enum Column { Instance, Address, Node, Version, Status, Heartbeat, ColumnCount };

    explicit ServiceRegistryView(QWidget *parent = nullptr);

    /// The registry at simulated time `now` (for heartbeat ages).
    void setRegistry(const std::vector<engine::cluster::RegistryService> &registry, engine::TimeMs now);
    /// The Service to expand and show first ("namespace/name").
    void setCurrentService(const QString &key);
    QTreeWidgetItem *serviceItem(const QString &key) const { return m_services.value(key); }

private:
    void fillInstance(QTreeWidgetItem *item, const engine::cluster::RegistryInstance &in, engine::TimeMs now);

    QHash<QString, QTreeWidgetItem *> m_services;
    QString m_current;
};

} // namespace flotilla::widgets
