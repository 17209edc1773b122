#pragma once

#include <QWidget>

#include <array>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace flotilla::models {
class PodPhaseHistory;
}

namespace flotilla::widgets {

/// Pods by phase over simulated time (Pending, Running, Succeeded, Failed, Terminating), a line each,
/// drawn from a PodPhaseHistory as its samples come.
class PodPhaseChart final : public QWidget {
    Q_OBJECT
public:
    explicit PodPhaseChart(const models::PodPhaseHistory *history, QWidget *parent = nullptr);

    /// Points of a phase's line (models::PodModel::Phase; for tests).
    int pointCount(int phase) const;
    QChartView *chartView() const { return m_view; }

private:
    void onSample();
    void reload();
    void updateAxes();

    const models::PodPhaseHistory *m_history;
    QChart *m_chart;
    QChartView *m_view;
    std::array<QLineSeries *, 5> m_series{}; ///< Pending, Running, Succeeded, Failed, Terminating
    QDateTimeAxis *m_time;
    QValueAxis *m_count;
    int m_max = 0;
};

} // namespace flotilla::widgets
