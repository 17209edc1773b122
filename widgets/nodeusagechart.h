#pragma once

#include <QPointer>
#include <QString>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace flotilla::backends {
class Backend;
struct UsageSample;
} // namespace flotilla::backends

namespace flotilla::widgets {

/// A node's CPU (cores) and memory (GiB) over simulated time, each against what the node can allocate:
/// the backend's node history, asked for about once a second while the chart is visible (one request
/// at a time, answered on the GUI thread).
class NodeUsageChart final : public QWidget {
    Q_OBJECT
public:
    explicit NodeUsageChart(QWidget *parent = nullptr);

    void setBackend(backends::Backend *backend);
    /// The node shown and what it can allocate (millicores, bytes); an empty name shows nothing.
    void setNode(const QString &name, qint64 cpuAllocatableMilli, qint64 memoryAllocatableBytes);
    QString node() const { return m_node; }
    int pointCount() const;
    /// True while the chart asks for new samples (visible, with a node and a backend that has usage).
    bool isRefreshing() const { return m_timer.isActive(); }
    /// The text shown instead of the charts; empty while they are shown.
    QString emptyText() const;
    static constexpr int kRefreshMs = 1000;

public slots:
    /// Asks for the node's history now (unless a request is out).
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onHistory(const QString &node, const QList<backends::UsageSample> &samples);
    void showEmpty(const QString &text);
    void updateTimer();

    QPointer<backends::Backend> m_backend;
    QString m_node;
    qint64 m_cpuAllocatable = 0;
    qint64 m_memoryAllocatable = 0;
    bool m_inFlight = false;
    qint64 m_lastTime = -1;
    int m_lastCount = -1;
    QTimer m_timer;
    QLabel *m_header;
    QLabel *m_empty;
    QWidget *m_charts;
    QChart *m_cpuChart;
    QChart *m_memoryChart;
    QDateTimeAxis *m_cpuTime;
    QDateTimeAxis *m_memoryTime;
    QValueAxis *m_cpuAxis;
    QValueAxis *m_memoryAxis;
    QLineSeries *m_cpuUsed;
    QLineSeries *m_cpuLimit;
    QLineSeries *m_memoryUsed;
    QLineSeries *m_memoryLimit;
};

} // namespace flotilla::widgets
