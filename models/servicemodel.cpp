#include "servicemodel.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>
#include <engine/cluster/servicecontroller.h>

#include <QColor>

#include <limits>

namespace flotilla::models {

namespace api = engine::api;
using engine::cluster::ServiceTraffic;
using engine::cluster::TrafficSample;

ServiceModel::ServiceModel(QObject *parent) : CachedObjectModel(std::string(api::kind::Service), parent) {}

std::span<const ColumnSpec> ServiceModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "default"},
        /* Type */ {QT_TR_NOOP("Type"), nullptr, "ClusterIP"},
        /* ClusterIP */ {QT_TR_NOOP("Cluster IP"),
                         QT_TR_NOOP("The Service's virtual address: kube-proxy spreads connections to it over the ready pods"),
                         "10.96.100.100"},
        /* Ports */ {QT_TR_NOOP("Ports"),
                     QT_TR_NOOP("port:nodePort/protocol; a NodePort is open on every node"),
                     "80:30080/TCP"},
        /* Endpoints */ {QT_TR_NOOP("Endpoints"),
                         QT_TR_NOOP("Ready endpoints / all the pods the selector matches that have an address"),
                         "Endpoints"},
        /* Requests */ {QT_TR_NOOP("Requests/s"),
                        QT_TR_NOOP("Requests per second served in the last simulated second (the traffic generator)"),
                        "Requests/s"},
        /* Errors */ {QT_TR_NOOP("Errors"),
                      QT_TR_NOOP("Share of requests that failed: 5xx answers and refused connections"),
                      "Errors"},
        /* P95 */ {QT_TR_NOOP("p95"),
                   QT_TR_NOOP("95th percentile of the latency: 95 % of the requests were answered faster"),
                   "120 ms"},
        /* Selector */ {QT_TR_NOOP("Selector"), nullptr, "app=my-microservice"},
        /* Dns */ {QT_TR_NOOP("DNS name"),
                   QT_TR_NOOP("The name other pods reach the Service by (cluster DNS)"),
                   "my-microservice.default.svc.cluster.local"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

ServiceRow ServiceModel::makeRow(const api::Object &s) const
{
    ServiceRow r;
    r.key = s.key();
    r.name = QString::fromStdString(s.metadata.name);
    r.ns = QString::fromStdString(s.metadata.ns);
    r.created = s.metadata.creationTimestamp.value_or(0);
    const api::ServiceSpec spec = api::ServiceSpec::decode(s.spec());
    r.type = QString::fromStdString(spec.type);
    r.clusterIP = spec.clusterIP.empty() ? QStringLiteral("<pending>") : QString::fromStdString(spec.clusterIP);
    QStringList ports;
    for (const auto &p : spec.ports) {
        QString text = QString::number(p.port);
        if (p.nodePort)
            text += QLatin1Char(':') + QString::number(p.nodePort);
        ports << text + QLatin1Char('/') + QString::fromStdString(p.protocol);
    }
    r.ports = ports.join(QLatin1Char(','));
    QStringList selector;
    for (const auto &[k, v] : spec.selector)
        selector << QString::fromStdString(k + "=" + v);
    r.selector = selector.isEmpty() ? QStringLiteral("<none>") : selector.join(QLatin1Char(','));
    r.dns = QString::fromStdString(engine::cluster::ServiceController::dnsName(s.metadata.ns, s.metadata.name));
    return r;
}

void ServiceModel::otherEvent(const engine::store::WatchEvent &event)
{
    if (event.object->kind != api::kind::Endpoints)
        return;
    const std::string key = event.object->key();
    m_dirtyEndpoints.insert(key);
    if (event.type == engine::store::WatchEvent::Type::Deleted) {
        m_endpoints.erase(key);
        return;
    }
    EndpointCount c;
    const api::Json &subsets = api::field(event.object->body, "subsets");
    if (subsets.is_array())
        for (const auto &subset : subsets) {
            const api::Json &ready = api::field(subset, "addresses");
            const api::Json &notReady = api::field(subset, "notReadyAddresses");
            c.ready += ready.is_array() ? int(ready.size()) : 0;
            c.total += (ready.is_array() ? int(ready.size()) : 0) + (notReady.is_array() ? int(notReady.size()) : 0);
        }
    m_endpoints[key] = c;
}

void ServiceModel::afterBatch()
{
    for (const auto &key : m_dirtyEndpoints) {
        const int row = rowOf(key);
        if (row >= 0)
            emit dataChanged(index(row, Endpoints), index(row, Endpoints),
                             {Qt::DisplayRole, SortRole, Qt::ForegroundRole, ReadyEndpointsRole, TotalEndpointsRole});
    }
    m_dirtyEndpoints.clear();
}

void ServiceModel::setTrafficSource(backends::Backend *backend)
{
    if (m_trafficConnection)
        disconnect(m_trafficConnection);
    m_traffic.clear();
    if (backend)
        m_trafficConnection = connect(backend, &backends::Backend::trafficArrived, this, &ServiceModel::applyTraffic);
}

void ServiceModel::applyTraffic(const backends::TrafficSnapshot &snapshot)
{
    QStringList changed;
    std::set<std::string> present;
    for (const ServiceTraffic &in : snapshot.services) {
        const std::string key = in.ns + "/" + in.name;
        present.insert(key);
        ServiceTraffic &t = m_traffic[key];
        const bool same = t.rate == in.rate && t.last.time == in.last.time && t.name == in.name;
        std::vector<TrafficSample> kept = std::move(t.history);
        const engine::TimeMs newest = kept.empty() ? std::numeric_limits<engine::TimeMs>::min() : kept.back().time;
        for (const auto &s : in.history)
            if (s.time > newest)
                kept.push_back(s);
        if (kept.size() > engine::cluster::Traffic::kHistory)
            kept.erase(kept.begin(), kept.end() - std::ptrdiff_t(engine::cluster::Traffic::kHistory));
        t = in;
        t.history = std::move(kept);
        if (same && in.history.empty())
            continue;
        changed << QString::fromStdString(key);
    }
    for (auto it = m_traffic.begin(); it != m_traffic.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        changed << QString::fromStdString(it->first);
        it = m_traffic.erase(it);
    }
    if (changed.isEmpty())
        return;
    const QList<int> roles = {Qt::DisplayRole, SortRole, Qt::ForegroundRole, Qt::ToolTipRole, RateRole,
                              RequestsPerSecondRole, ErrorRateRole, P95Role};
    for (const QString &key : changed) {
        const int row = rowOf(key.toStdString());
        if (row >= 0)
            emit dataChanged(index(row, Requests), index(row, P95), roles);
    }
    emit trafficChanged(changed);
}

const ServiceTraffic *ServiceModel::traffic(const QString &key) const
{
    const auto it = m_traffic.find(key.toStdString());
    return it == m_traffic.end() ? nullptr : &it->second;
}

const std::vector<TrafficSample> &ServiceModel::history(const QString &key) const
{
    static const std::vector<TrafficSample> none;
    const ServiceTraffic *t = traffic(key);
    return t ? t->history : none;
}

QVariant ServiceModel::cellData(int row, int column, int role) const
{
    const ServiceRow &r = rowAt(row);
    EndpointCount ep;
    if (const auto it = m_endpoints.find(r.key); it != m_endpoints.end())
        ep = it->second;
    const auto tit = m_traffic.find(r.key);
    const ServiceTraffic *t = tit == m_traffic.end() ? nullptr : &tit->second;
    const bool flowing = t && t->rate > 0;
    const auto &f = t ? t->last.total : engine::cluster::TrafficFigures{};
    switch (role) {
    case ReadyEndpointsRole: return ep.ready;
    case TotalEndpointsRole: return ep.total;
    case RateRole: return t ? t->rate : 0.0;
    case RequestsPerSecondRole: return f.requestsPerSecond;
    case ErrorRateRole: return f.errorRate();
    case P95Role: return f.p95;
    case DnsRole: return r.dns;
    default: break;
    }
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Type: return r.type;
        case ClusterIP: return r.clusterIP;
        case Ports: return r.ports;
        case Endpoints:
            return sort ? QVariant(ep.ready) : QVariant(QStringLiteral("%1/%2").arg(ep.ready).arg(ep.total));
        case Requests:
            if (sort)
                return f.requestsPerSecond;
            if (!flowing)
                return QStringLiteral("—");
            return f.requestsPerSecond < 10 ? QString::number(f.requestsPerSecond, 'f', 1)
                                            : QString::number(qRound64(f.requestsPerSecond));
        case Errors:
            if (sort)
                return f.errorRate();
            if (!flowing)
                return QStringLiteral("—");
            return QStringLiteral("%1 %").arg(f.errorRate() * 100, 0, 'f', f.errorRate() > 0 && f.errorRate() < 0.1 ? 1 : 0);
        case P95:
            if (sort)
                return f.p95;
            if (!flowing || f.p95 <= 0)
                return QStringLiteral("—");
            return f.p95 < 10 ? tr("%1 ms").arg(f.p95, 0, 'f', 1) : tr("%1 ms").arg(qRound(f.p95));
        case Selector: return r.selector;
        case Dns: return r.dns;
        case Age: return sort ? QVariant(-r.created) : QVariant(ageText(r.created));
        }
    }
    if (role == Qt::ForegroundRole) {
        if (column == Endpoints && ep.ready == 0 && r.selector != QStringLiteral("<none>"))
            return QColor(0xb7, 0x79, 0x1f);
        if (column == Errors && flowing && f.errorRate() >= 0.01)
            return QColor(0xd6, 0x3c, 0x3c);
    }
    if (role == Qt::ToolTipRole && flowing && (column == Requests || column == Errors || column == P95))
        return tr("Asked for %1 requests/s · p50 %2 ms · p95 %3 ms · p99 %4 ms · %5 failed connections/s")
            .arg(t->rate)
            .arg(qRound(f.p50))
            .arg(qRound(f.p95))
            .arg(qRound(f.p99))
            .arg(f.failuresPerSecond, 0, 'f', 1);
    if (role == Qt::TextAlignmentRole && (column == Endpoints || column == Requests || column == Errors || column == P95))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace flotilla::models
