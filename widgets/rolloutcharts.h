#pragma once

#include <engine/api/object.h>
#include <engine/common/timefmt.h>

#include <QHash>
#include <QPointF>
#include <QWidget>

#include <functional>
#include <map>
#include <optional>
#include <vector>

class QTabWidget;

namespace flotilla::models {
class ServiceModel;
}

namespace flotilla::widgets {

class RolloutTimeChart;

/// A Rollout's versions over simulated time, in tabs: the share of the requests each version gets, its
/// ready replicas, and its success rate and p95 latency (with the analysis thresholds, dashed). Traffic
/// figures come from the ServiceModel's kept series of the Service the Rollout splits; without traffic,
/// the replicas come from the Rollout's status as it changes (recordStatus()). Versions are named by
/// their role: "stable <revision>", "canary <revision>".
class RolloutCharts final : public QWidget {
    Q_OBJECT
public:
    enum Chart { TrafficSplit, Replicas, SuccessRate, Latency, ChartCount };

    /// What the charts need to know of the Rollout shown.
    struct Context {
        QString rolloutKey;    ///< "namespace/name"; empty: none
        QString serviceKey;    ///< the Service whose traffic is split ("namespace/name"); empty: none
        QString serviceName;
        QString stable, canary, previous; ///< revisions (canary empty when nothing rolls out)
        std::optional<double> minSuccessRate; ///< 0..1, from the Rollout's analysis
        std::optional<double> maxP95LatencyMs;
        /// Request figures exist for this connection (the sandbox's simulated traffic); false on a cluster.
        bool hasMetrics = true;
        /// A version name of the traffic figures (a pod's `version` label or its revision) → its revision.
        std::function<QString(const QString &version)> revisionOf;
    };

    explicit RolloutCharts(models::ServiceModel *services, QWidget *parent = nullptr);

    void setContext(const Context &context);
    const Context &context() const { return m_context; }
    /// Keeps the ready replicas per revision of a Rollout's status at `now` (the replicas chart without
    /// traffic). Called for every Rollout as it changes, also when it is not shown.
    void recordStatus(const engine::api::Object &rollout, engine::TimeMs now);

    QTabWidget *tabs() const { return m_tabs; }
    /// For tests: the points of a revision's line, and the chart's state.
    QList<QPointF> points(Chart chart, const QString &revision) const;
    QStringList seriesNames(Chart chart) const;
    std::optional<double> threshold(Chart chart) const;
    QString emptyText(Chart chart) const;
    QString title(Chart chart) const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct StatusSample {
        engine::TimeMs time = 0;
        std::map<QString, double> ready; ///< by revision (or "available" for a rolling update)
    };
    void refresh();
    QString labelOf(const QString &revision) const;
    QColor colorOf(const QString &revision);

    models::ServiceModel *m_services;
    Context m_context;
    QTabWidget *m_tabs;
    RolloutTimeChart *m_charts[ChartCount];
    QHash<QString, std::vector<StatusSample>> m_status; ///< by Rollout key
    QHash<QString, QColor> m_colors;                    ///< by revision, kept once given
    bool m_dirty = true;
};

} // namespace flotilla::widgets
