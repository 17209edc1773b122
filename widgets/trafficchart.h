#pragma once

#include <engine/cluster/traffic.h>

#include <QHash>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace flotilla::models {
class ServiceModel;
}

namespace flotilla::widgets {

/// A Service's traffic over simulated time: requests per second of each version (one line each) and the
/// share of failed requests (dashed, right axis), from the ServiceModel's kept series, growing as
/// snapshots arrive.
class TrafficChart final : public QWidget {
    Q_OBJECT
public:
    explicit TrafficChart(models::ServiceModel *model, QWidget *parent = nullptr);

    /// The Service shown ("namespace/name"); empty: none.
    void setService(const QString &key);
    QString service() const { return m_key; }
    /// Versions with a line, in the order they appeared.
    QStringList versions() const { return m_versionOrder; }
    int pointCount(const QString &version) const;
    int errorPointCount() const;

private:
    const std::vector<engine::cluster::TrafficSample> &historyOf() const;
    void reload();
    void append(bool fromStart);
    QLineSeries *seriesFor(const QString &version);
    void updateAxes();

    models::ServiceModel *m_model;
    QString m_key;
    QChart *m_chart;
    QChartView *m_view;
    QLabel *m_empty;
    QDateTimeAxis *m_time;
    QValueAxis *m_rate;
    QValueAxis *m_errors;
    QLineSeries *m_errorSeries;
    QHash<QString, QLineSeries *> m_versions;
    QStringList m_versionOrder;
    qint64 m_lastTime = 0;
    double m_maxRate = 0;
    double m_maxError = 0;
};

} // namespace flotilla::widgets
