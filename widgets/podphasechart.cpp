#include "podphasechart.h"

#include <models/podphasehistory.h>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace {
constexpr std::array<models::PodModel::Phase, 5> kShown = {models::PodModel::Pending, models::PodModel::Running,
                                                          models::PodModel::Succeeded, models::PodModel::Failed,
                                                          models::PodModel::Terminating};

QColor phaseColor(models::PodModel::Phase phase)
{
    switch (phase) {
    case models::PodModel::Pending: return {0xe0, 0x9b, 0x1a};
    case models::PodModel::Running: return {0x2e, 0x9d, 0x4f};
    case models::PodModel::Succeeded: return {0x3b, 0x82, 0xc4};
    case models::PodModel::Failed: return {0xd6, 0x3c, 0x3c};
    case models::PodModel::Terminating: return {0x8b, 0x5c, 0xf6};
    default: return {0x9c, 0xa3, 0xaf};
    }
}

QString phaseName(models::PodModel::Phase phase)
{
    switch (phase) {
    case models::PodModel::Pending: return PodPhaseChart::tr("Pending");
    case models::PodModel::Running: return PodPhaseChart::tr("Running");
    case models::PodModel::Succeeded: return PodPhaseChart::tr("Succeeded");
    case models::PodModel::Failed: return PodPhaseChart::tr("Failed");
    case models::PodModel::Terminating: return PodPhaseChart::tr("Terminating");
    default: return PodPhaseChart::tr("Unknown");
    }
}
} // namespace

PodPhaseChart::PodPhaseChart(const models::PodPhaseHistory *history, QWidget *parent)
    : QWidget(parent), m_history(history), m_chart(new QChart), m_view(new QChartView(m_chart, this)),
      m_time(new QDateTimeAxis(this)), m_count(new QValueAxis(this))
{
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTitleText(tr("Simulated time"));
    m_time->setTickCount(6);
    m_count->setLabelFormat(QStringLiteral("%d"));
    m_count->setTitleText(tr("Pods"));
    m_count->setMin(0);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_count, Qt::AlignLeft);
    for (std::size_t i = 0; i < kShown.size(); ++i) {
        auto *s = new QLineSeries(this);
        s->setName(phaseName(kShown[i]));
        QPen pen(phaseColor(kShown[i]));
        pen.setWidthF(2);
        s->setPen(pen);
        m_chart->addSeries(s);
        s->attachAxis(m_time);
        s->attachAxis(m_count);
        m_series[i] = s;
    }
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(160);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    if (history) {
        connect(history, &models::PodPhaseHistory::sampleAdded, this, &PodPhaseChart::onSample);
        connect(history, &models::PodPhaseHistory::cleared, this, &PodPhaseChart::reload);
    }
    reload();
}

int PodPhaseChart::pointCount(int phase) const
{
    for (std::size_t i = 0; i < kShown.size(); ++i)
        if (kShown[i] == phase)
            return int(m_series[i]->count());
    return 0;
}

void PodPhaseChart::reload()
{
    m_max = 0;
    for (std::size_t i = 0; i < kShown.size(); ++i) {
        QList<QPointF> points;
        if (m_history)
            for (const auto &s : m_history->samples()) {
                points << QPointF(double(s.time), s.counts[kShown[i]]);
                m_max = std::max(m_max, s.counts[kShown[i]]);
            }
        m_series[i]->replace(points);
    }
    updateAxes();
}

void PodPhaseChart::onSample()
{
    if (!m_history || m_history->samples().empty())
        return;
    const models::PodPhaseHistory::Sample &sample = m_history->samples().back();
    const int capacity = m_history ? m_history->capacity() : 900;
    for (std::size_t i = 0; i < kShown.size(); ++i) {
        QLineSeries *s = m_series[i];
        s->append(double(sample.time), sample.counts[kShown[i]]);
        if (s->count() > capacity)
            s->removePoints(0, s->count() - capacity);
        m_max = std::max(m_max, sample.counts[kShown[i]]);
    }
    updateAxes();
}

void PodPhaseChart::updateAxes()
{
    const auto &samples = m_history ? m_history->samples() : std::deque<models::PodPhaseHistory::Sample>{};
    qint64 first = samples.empty() ? 0 : samples.front().time;
    qint64 last = samples.empty() ? 60'000 : samples.back().time;
    if (last - first < 60'000)
        first = last - 60'000; // at least a minute, so the first samples do not fill the width
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(first, Qt::UTC), QDateTime::fromMSecsSinceEpoch(last, Qt::UTC));
    // a round top a little above the highest count
    int top = 5;
    while (top < m_max + m_max / 10)
        top = top < 10 ? 10 : top < 20 ? 20 : top < 50 ? 50 : top * 2;
    if (m_count->max() != top)
        m_count->setMax(top);
}

} // namespace flotilla::widgets
