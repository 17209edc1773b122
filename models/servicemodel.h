#pragma once

#include "cachedobjectmodel.h"

#include <engine/cluster/traffic.h>

#include <map>
#include <set>

namespace flotilla::models {

struct ServiceRow {
    std::string key; ///< namespace/name
    QString name, ns, type, clusterIP, ports, selector, dns;
    qint64 created = 0;
};

/// Services as kubectl get services shows them, with their endpoints (from the Endpoints objects), their
/// DNS names and, on a sandbox, the simulated traffic (requests/s, error rate, p95 latency) and its time
/// series per Service for charts.
class ServiceModel final : public CachedObjectModel<ServiceRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Type, ClusterIP, Ports, Endpoints, Requests, Errors, P95, Selector, Dns, Age, ColumnCount };
    enum Role {
        ReadyEndpointsRole = LastCommonRole,
        TotalEndpointsRole,
        RateRole,              ///< requests per second asked for (0: off)
        RequestsPerSecondRole, ///< served in the last tick
        ErrorRateRole,         ///< 0..1
        P95Role,               ///< ms
        DnsRole,
    };

    explicit ServiceModel(QObject *parent = nullptr);

    /// Takes traffic figures; rows whose figures changed get dataChanged on the traffic columns only.
    void applyTraffic(const backends::TrafficSnapshot &snapshot);
    /// Follows a backend's traffic snapshots (in addition to its objects, see setBackend).
    void setTrafficSource(backends::Backend *backend);

    /// The last figures of a Service ("namespace/name"); nullptr when it has had no traffic.
    const engine::cluster::ServiceTraffic *traffic(const QString &key) const;
    /// The kept time series of a Service, oldest first (at most Traffic::kHistory samples).
    const std::vector<engine::cluster::TrafficSample> &history(const QString &key) const;

signals:
    /// After a traffic snapshot: the Services whose figures changed.
    void trafficChanged(const QStringList &keys);

protected:
    std::span<const ColumnSpec> columns() const override;
    ServiceRow makeRow(const engine::api::Object &service) const override;
    QVariant cellData(int row, int column, int role) const override;
    void otherEvent(const engine::store::WatchEvent &event) override;
    void afterBatch() override;

private:
    struct EndpointCount {
        int ready = 0, total = 0;
    };
    std::unordered_map<std::string, EndpointCount> m_endpoints;
    std::set<std::string> m_dirtyEndpoints;
    std::map<std::string, engine::cluster::ServiceTraffic> m_traffic; ///< with the kept history
    QMetaObject::Connection m_trafficConnection;
};

} // namespace flotilla::models
