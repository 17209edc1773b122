#include "trafficchart.h"

#include "chartscale.h"
#include <engine/cluster/traffic.h>
#include <models/servicemodel.h>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace flotilla::widgets {

namespace {
/// Distinct on white and apart from the error red (the cluster map's version colours).
const QColor kPalette[] = {
    QColor(0x2f, 0x6f, 0xde), QColor(0x8b, 0x5c, 0xf6), QColor(0x0e, 0x9f, 0x9a), QColor(0xdb, 0x27, 0x77),
    QColor(0x4f, 0x46, 0xe5), QColor(0x08, 0x91, 0xb2), QColor(0xa2, 0x1c, 0xaf), QColor(0x65, 0xa3, 0x0d),
};
const QColor kErrorColor(0xd6, 0x3c, 0x3c);

} // namespace

TrafficChart::TrafficChart(models::ServiceModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_chart(new QChart), m_view(new QChartView(m_chart, this)), m_empty(new QLabel(this)),
      m_time(new QDateTimeAxis(this)), m_rate(new QValueAxis(this)), m_errors(new QValueAxis(this)),
      m_errorSeries(new QLineSeries(this))
{
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_time->setTickCount(5);
    m_rate->setTitleText(tr("requests/s"));
    m_rate->setLabelFormat(QStringLiteral("%.0f"));
    m_rate->setRange(0, 1);
    m_errors->setTitleText(tr("failed %"));
    m_errors->setLabelFormat(QStringLiteral("%.0f"));
    m_errors->setRange(0, 5);
    m_errors->setLinePenColor(kErrorColor);
    m_errors->setLabelsColor(kErrorColor);
    m_errors->setGridLineVisible(false);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_rate, Qt::AlignLeft);
    m_chart->addAxis(m_errors, Qt::AlignRight);
    m_errorSeries->setName(tr("failed %"));
    QPen pen(kErrorColor);
    pen.setWidthF(1.5);
    pen.setStyle(Qt::DashLine);
    m_errorSeries->setPen(pen);
    m_chart->addSeries(m_errorSeries);
    m_errorSeries->attachAxis(m_time);
    m_errorSeries->attachAxis(m_errors);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(180);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: palette(mid); padding: 12px;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);

    if (m_model)
        connect(m_model, &models::ServiceModel::trafficChanged, this, [this](const QStringList &keys) {
            if (!m_key.isEmpty() && keys.contains(m_key))
                append(false);
        });
    reload();
}

void TrafficChart::setService(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    reload();
}

int TrafficChart::pointCount(const QString &version) const
{
    const auto *s = m_versions.value(version);
    return s ? int(s->count()) : 0;
}

int TrafficChart::errorPointCount() const { return int(m_errorSeries->count()); }

QLineSeries *TrafficChart::seriesFor(const QString &version)
{
    if (auto *s = m_versions.value(version))
        return s;
    auto *s = new QLineSeries(this);
    s->setName(tr("%1 req/s").arg(version.isEmpty() ? tr("(no version)") : version));
    QPen pen(kPalette[m_versionOrder.size() % int(std::size(kPalette))]);
    pen.setWidthF(2);
    s->setPen(pen);
    m_chart->addSeries(s);
    s->attachAxis(m_time);
    s->attachAxis(m_rate);
    m_versions.insert(version, s);
    m_versionOrder << version;
    return s;
}

const std::vector<engine::cluster::TrafficSample> &TrafficChart::historyOf() const
{
    static const std::vector<engine::cluster::TrafficSample> none;
    return m_model && !m_key.isEmpty() ? m_model->history(m_key) : none;
}

void TrafficChart::reload()
{
    for (auto *s : std::as_const(m_versions)) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_versions.clear();
    m_versionOrder.clear();
    m_errorSeries->clear();
    m_lastTime = 0;
    m_maxRate = 0;
    m_maxError = 0;
    append(true);
}

void TrafficChart::append(bool fromStart)
{
    const auto &history = historyOf();
    QHash<QString, QList<QPointF>> added;
    QList<QPointF> errors;
    for (const auto &s : history) {
        if (!fromStart && s.time <= m_lastTime)
            continue;
        const qreal x = qreal(s.time);
        for (const auto &v : s.versions) {
            added[QString::fromStdString(v.version)] << QPointF(x, v.figures.requestsPerSecond);
            m_maxRate = std::max(m_maxRate, v.figures.requestsPerSecond);
        }
        const double e = s.total.errorRate() * 100;
        errors << QPointF(x, e);
        m_maxError = std::max(m_maxError, e);
        m_lastTime = std::max<qint64>(m_lastTime, s.time);
    }
    for (const auto &s : history)
        for (const auto &v : s.versions)
            if (added.contains(QString::fromStdString(v.version)))
                seriesFor(QString::fromStdString(v.version)); // lines in the order versions appeared
    for (auto it = added.cbegin(); it != added.cend(); ++it)
        seriesFor(it.key())->append(it.value());
    m_errorSeries->append(errors);
    // Only what the model keeps: older points go.
    if (!history.empty()) {
        const qreal oldest = qreal(history.front().time);
        auto trim = [oldest](QLineSeries *s) {
            int n = 0;
            while (n < s->count() && s->at(n).x() < oldest)
                ++n;
            if (n)
                s->removePoints(0, n);
        };
        for (auto *s : std::as_const(m_versions))
            trim(s);
        trim(m_errorSeries);
    }
    const bool empty = history.empty();
    m_view->setVisible(!empty);
    m_empty->setVisible(empty);
    m_empty->setText(m_key.isEmpty() ? tr("Select a Service to see its traffic.")
                                     : tr("No traffic yet. Set a request rate above: the sandbox's traffic generator sends "
                                          "that many requests per second through the Service, and this chart shows each "
                                          "version's share and the failed requests over time."));
    if (!empty) {
        // the page's header names the Service; the chart only says when its traffic stopped
        const auto *t = m_model->traffic(m_key);
        m_chart->setTitle(t && t->rate > 0 ? QString() : tr("Traffic stopped"));
    }
    updateAxes();
}

void TrafficChart::updateAxes()
{
    const auto &history = historyOf();
    if (history.empty())
        return;
    const qint64 last = history.back().time;
    // at least a minute wide, so that a young series does not stretch over the whole chart
    const qint64 first = std::min<qint64>(history.front().time, last - 60'000);
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    m_rate->setRange(0, niceCeiling(m_maxRate * 1.1));
    m_rate->applyNiceNumbers();
    m_errors->setRange(0, std::min(100.0, niceCeiling(std::max(5.0, m_maxError * 1.2))));
    m_errors->applyNiceNumbers();
}

} // namespace flotilla::widgets
