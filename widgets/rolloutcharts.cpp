#include "rolloutcharts.h"

#include "chartscale.h"
#include <engine/api/object.h>
#include <engine/cluster/traffic.h>
#include <models/servicemodel.h>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSplitter>
#include <QTabWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace flotilla::widgets {

namespace {
const QColor kStableColor(0x2f, 0x6f, 0xde);
const QColor kCanaryColor(0xe0, 0x7b, 0x12);
const QColor kPreviousColor(0x8a, 0x8f, 0x98);
const QColor kThresholdColor(0xd6, 0x3c, 0x3c);
const QColor kOtherColors[] = {QColor(0x8b, 0x5c, 0xf6), QColor(0x0e, 0x9f, 0x9a), QColor(0xdb, 0x27, 0x77),
                               QColor(0x65, 0xa3, 0x0d)};
constexpr std::size_t kMaxStatusSamples = 900;


std::int64_t intOf(const engine::api::Json &json, const char *name)
{
    const engine::api::Json &v = engine::api::field(json, name);
    return v.is_number() ? v.get<std::int64_t>() : 0;
}
} // namespace

/// One chart over simulated time: a line per version, an optional dashed threshold, and a sentence in
/// place of the chart when there is nothing to draw.
class RolloutTimeChart final : public QWidget {
public:
    struct Line {
        QString key, name;
        QColor color;
        QList<QPointF> points;
    };

    RolloutTimeChart(const QString &axisTitle, const QString &labelFormat, QWidget *parent)
        : QWidget(parent), m_chart(new QChart), m_view(new QChartView(m_chart, this)), m_empty(new QLabel(this)),
          m_time(new QDateTimeAxis(this)), m_values(new QValueAxis(this)), m_threshold(new QLineSeries(this))
    {
        m_chart->legend()->setAlignment(Qt::AlignTop);
        m_chart->setMargins(QMargins(2, 2, 2, 2));
        m_chart->setBackgroundRoundness(0);
        QFont titleFont = m_chart->titleFont();
        titleFont.setBold(true);
        m_chart->setTitleFont(titleFont);
        m_time->setFormat(QStringLiteral("HH:mm:ss"));
        m_time->setTickCount(4);
        m_values->setTitleText(axisTitle);
        m_values->setLabelFormat(labelFormat);
        m_values->setRange(0, 1);
        m_chart->addAxis(m_time, Qt::AlignBottom);
        m_chart->addAxis(m_values, Qt::AlignLeft);
        QPen pen(kThresholdColor);
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        m_threshold->setPen(pen);
        m_chart->addSeries(m_threshold);
        m_threshold->attachAxis(m_time);
        m_threshold->attachAxis(m_values);
        m_view->setRenderHint(QPainter::Antialiasing);
        m_view->setMinimumHeight(150);
        m_empty->setAlignment(Qt::AlignCenter);
        m_empty->setWordWrap(true);
        m_empty->setStyleSheet(QStringLiteral("color: palette(dark); padding: 12px;"));
        auto *layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_view, 1);
        layout->addWidget(m_empty, 1);
        setEmpty(QString());
    }

    void setTitle(const QString &title) { m_chart->setTitle(title); }
    QString title() const { return m_chart->title(); }

    void setEmpty(const QString &why)
    {
        m_emptyText = why;
        m_empty->setText(why);
        m_empty->setVisible(!why.isEmpty());
        m_view->setVisible(why.isEmpty());
    }
    QString emptyText() const { return m_emptyText; }

    /// Replaces the lines; `threshold` (with its legend name) is drawn across the time range.
    void setLines(const QList<Line> &lines, std::optional<double> threshold, const QString &thresholdName, double minY,
                  double maxY, qint64 first, qint64 last)
    {
        QHash<QString, QLineSeries *> keep;
        for (const Line &line : lines) {
            QLineSeries *s = m_lines.take(line.key);
            if (!s) {
                s = new QLineSeries(this);
                m_chart->addSeries(s);
                s->attachAxis(m_time);
                s->attachAxis(m_values);
            }
            s->setName(line.name);
            QPen pen(line.color);
            pen.setWidthF(2);
            s->setPen(pen);
            s->replace(line.points);
            keep.insert(line.key, s);
        }
        for (auto *s : std::as_const(m_lines)) {
            m_chart->removeSeries(s);
            delete s;
        }
        m_lines = keep;
        m_thresholdValue = threshold;
        if (threshold) {
            m_threshold->setName(thresholdName);
            m_threshold->replace({QPointF(qreal(first), *threshold), QPointF(qreal(last), *threshold)});
        } else {
            m_threshold->clear();
        }
        m_threshold->setVisible(bool(threshold));
        if (auto *marker = m_chart->legend()->markers(m_threshold).value(0))
            marker->setVisible(bool(threshold));
        m_time->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
        m_values->setRange(minY, maxY);
        m_values->setTickCount(5);
        if (m_niceNumbers)
            m_values->applyNiceNumbers();
    }
    /// Rounds the value axis to steps such as 10, 20, 25 or 50 (not for percentages of a whole).
    void setNiceNumbers(bool on) { m_niceNumbers = on; }

    QList<QPointF> points(const QString &key) const
    {
        const QLineSeries *s = m_lines.value(key);
        return s ? s->points() : QList<QPointF>();
    }
    QStringList names() const
    {
        QStringList out;
        for (auto *s : m_chart->series())
            if (s != m_threshold || m_thresholdValue)
                out << s->name();
        return out;
    }
    std::optional<double> threshold() const { return m_thresholdValue; }

private:
    QChart *m_chart;
    QChartView *m_view;
    QLabel *m_empty;
    QDateTimeAxis *m_time;
    QValueAxis *m_values;
    QLineSeries *m_threshold;
    QHash<QString, QLineSeries *> m_lines; ///< by revision
    std::optional<double> m_thresholdValue;
    QString m_emptyText;
    bool m_niceNumbers = true;
};

RolloutCharts::RolloutCharts(models::ServiceModel *services, QWidget *parent)
    : QWidget(parent), m_services(services), m_tabs(new QTabWidget(this))
{
    m_charts[TrafficSplit] = new RolloutTimeChart(tr("% of requests"), QStringLiteral("%.0f"), this);
    m_charts[Replicas] = new RolloutTimeChart(tr("ready replicas"), QStringLiteral("%.0f"), this);
    m_charts[SuccessRate] = new RolloutTimeChart(tr("success %"), QStringLiteral("%.0f"), this);
    m_charts[Latency] = new RolloutTimeChart(tr("p95 ms"), QStringLiteral("%.0f"), this);
    m_charts[TrafficSplit]->setNiceNumbers(false); // 0, 25, 50, 75, 100
    m_charts[TrafficSplit]->setTitle(tr("Traffic split: share of the requests per version"));
    m_charts[Replicas]->setTitle(tr("Ready replicas per version"));
    m_charts[SuccessRate]->setTitle(tr("Success rate per version (requests answered without error)"));
    m_charts[Latency]->setTitle(tr("p95 latency per version"));

    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_charts[TrafficSplit], tr("Traffic split"));
    m_tabs->addTab(m_charts[Replicas], tr("Replicas"));
    // success rate and latency read together: what an analysis judges
    auto *health = new QSplitter(Qt::Vertical, this);
    health->addWidget(m_charts[SuccessRate]);
    health->addWidget(m_charts[Latency]);
    health->setChildrenCollapsible(false);
    m_tabs->addTab(health, tr("Success rate && latency"));
    m_tabs->setTabToolTip(0, tr("Which share of the Service's requests each version served"));
    m_tabs->setTabToolTip(1, tr("Ready pods of each version"));
    m_tabs->setTabToolTip(2, tr("What the analysis measures, with its thresholds dashed"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    if (m_services)
        connect(m_services, &models::ServiceModel::trafficChanged, this, [this](const QStringList &keys) {
            if (!m_context.serviceKey.isEmpty() && keys.contains(m_context.serviceKey)) {
                m_dirty = true;
                if (isVisible())
                    refresh();
            }
        });
    refresh();
}

void RolloutCharts::setContext(const Context &context)
{
    m_context = context;
    m_dirty = true;
    refresh(); // also while hidden: cheap, and the empty texts are right at once
}

void RolloutCharts::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        refresh();
}

void RolloutCharts::recordStatus(const engine::api::Object &rollout, engine::TimeMs now)
{
    namespace api = engine::api;
    const api::Json &status = rollout.status();
    const api::Json &replicas = api::field(status, "replicas");
    if (!replicas.is_object())
        return;
    StatusSample sample;
    sample.time = now;
    const QString stable = QString::fromStdString(api::stringField(status, "stableRevision"));
    const QString updated = QString::fromStdString(api::stringField(status, "updatedRevision"));
    if (api::field(replicas, "updated").is_number()) { // a rolling update: one Deployment, updated in place
        if (!updated.isEmpty())
            sample.ready[updated] = double(intOf(replicas, "updated"));
        sample.ready[QStringLiteral("available")] = double(intOf(replicas, "available"));
    } else {
        if (!stable.isEmpty())
            sample.ready[stable] = double(intOf(replicas, "stable"));
        if (!updated.isEmpty() && updated != stable)
            sample.ready[updated] = double(intOf(replicas, "canary"));
    }
    const QString key = QString::fromStdString(rollout.key());
    auto &samples = m_status[key];
    if (!samples.empty() && samples.back().ready == sample.ready)
        return;
    if (!samples.empty() && samples.back().time < now) {
        // a step, not a slope: the old figures held until now
        StatusSample held = samples.back();
        held.time = now - 1;
        samples.push_back(held);
    }
    if (!samples.empty() && samples.back().time >= now)
        samples.back() = sample;
    else
        samples.push_back(sample);
    if (samples.size() > kMaxStatusSamples)
        samples.erase(samples.begin(), samples.begin() + std::ptrdiff_t(samples.size() - kMaxStatusSamples));
    if (key == m_context.rolloutKey) {
        m_dirty = true;
        if (isVisible())
            refresh();
    }
}

QString RolloutCharts::labelOf(const QString &revision) const
{
    if (revision == QLatin1String("available"))
        return tr("available (all versions)");
    if (revision == m_context.stable)
        return tr("stable %1").arg(revision);
    if (revision == m_context.canary)
        return tr("canary %1").arg(revision);
    if (revision == m_context.previous)
        return tr("previous %1").arg(revision);
    return revision.isEmpty() ? tr("(no version)") : revision;
}

QColor RolloutCharts::colorOf(const QString &revision)
{
    if (revision == m_context.stable)
        return kStableColor;
    if (revision == m_context.canary)
        return kCanaryColor;
    if (revision == m_context.previous || revision == QLatin1String("available"))
        return kPreviousColor;
    auto it = m_colors.find(revision);
    if (it == m_colors.end())
        it = m_colors.insert(revision, kOtherColors[m_colors.size() % int(std::size(kOtherColors))]);
    return *it;
}

void RolloutCharts::refresh()
{
    m_dirty = false;
    static const std::vector<engine::cluster::TrafficSample> none;
    const auto &history = m_services && !m_context.serviceKey.isEmpty() ? m_services->history(m_context.serviceKey) : none;
    const auto revisionOf = [this](const std::string &version) {
        const QString v = QString::fromStdString(version);
        return m_context.revisionOf ? m_context.revisionOf(v) : v;
    };

    // per revision, in the order they appeared; a revision that is gone from a sample counts 0 there
    QStringList order;
    QHash<QString, QList<QPointF>> split, ready, success, latency;
    double maxReady = 0, minSuccess = 100, maxLatency = 0;
    qint64 first = 0, last = 0;
    for (const auto &s : history) {
        const qreal x = qreal(s.time);
        double total = 0;
        QHash<QString, const engine::cluster::VersionTraffic *> byRevision;
        for (const auto &v : s.versions) {
            const QString revision = revisionOf(v.version);
            byRevision.insert(revision, &v);
            total += v.figures.requestsPerSecond;
            if (!order.contains(revision))
                order << revision;
        }
        for (const QString &revision : std::as_const(order)) {
            const auto *v = byRevision.value(revision);
            if (total > 0)
                split[revision] << QPointF(x, v ? 100.0 * v->figures.requestsPerSecond / total : 0.0);
            const double n = v ? v->endpoints : 0;
            ready[revision] << QPointF(x, n);
            maxReady = std::max(maxReady, n);
            if (v && v->figures.requestsPerSecond > 0) {
                const double rate = 100.0 * (1.0 - v->figures.errorRate());
                success[revision] << QPointF(x, rate);
                minSuccess = std::min(minSuccess, rate);
                if (v->figures.p95 > 0) {
                    latency[revision] << QPointF(x, v->figures.p95);
                    maxLatency = std::max(maxLatency, v->figures.p95);
                }
            }
        }
    }
    if (!history.empty()) {
        last = history.back().time;
        first = std::min<qint64>(history.front().time, last - 60'000); // at least a minute wide
    }

    // without traffic, the replicas as the Rollout's status reported them
    QStringList replicaOrder = order;
    const auto statusIt = m_status.constFind(m_context.rolloutKey);
    const bool fromStatus = history.empty() && statusIt != m_status.constEnd() && !statusIt->empty();
    qint64 replicasFirst = first, replicasLast = last;
    const bool hasStatus = statusIt != m_status.constEnd() && !statusIt->empty();
    if (hasStatus && !fromStatus && statusIt->front().time < history.front().time) {
        // before the traffic started: the status's figures, then the proxy's endpoints
        const engine::TimeMs trafficFrom = history.front().time;
        QHash<QString, QList<QPointF>> before;
        for (const auto &s : *statusIt) {
            if (s.time >= trafficFrom)
                break;
            for (const auto &[revision, n] : s.ready) {
                if (revision == QLatin1String("available"))
                    continue;
                if (!replicaOrder.contains(revision))
                    replicaOrder << revision;
                before[revision] << QPointF(qreal(s.time), n);
                maxReady = std::max(maxReady, n);
            }
        }
        for (auto it = before.begin(); it != before.end(); ++it)
            ready[it.key()] = it.value() + ready.value(it.key());
        replicasFirst = std::min<qint64>(replicasFirst, statusIt->front().time);
    }
    if (fromStatus) {
        ready.clear();
        replicaOrder.clear();
        for (const auto &s : *statusIt) {
            for (const auto &[revision, n] : s.ready)
                if (!replicaOrder.contains(revision))
                    replicaOrder << revision;
            for (const QString &revision : std::as_const(replicaOrder)) {
                const auto it = s.ready.find(revision);
                const double n = it == s.ready.end() ? 0.0 : it->second;
                ready[revision] << QPointF(qreal(s.time), n);
                maxReady = std::max(maxReady, n);
            }
        }
        replicasLast = statusIt->back().time;
        replicasFirst = std::min<qint64>(statusIt->front().time, replicasLast - 60'000);
    }

    const auto linesOf = [this](const QStringList &revisions, const QHash<QString, QList<QPointF>> &points) {
        QList<RolloutTimeChart::Line> lines;
        for (const QString &revision : revisions)
            if (points.contains(revision))
                lines.append({revision, labelOf(revision), colorOf(revision), points.value(revision)});
        return lines;
    };

    // why a chart is empty
    QString noTraffic;
    if (m_context.rolloutKey.isEmpty())
        noTraffic = tr("Select a Rollout above to see its versions over time.");
    else if (!m_context.hasMetrics)
        noTraffic = tr("No request figures from this cluster: Flotilla measures requests only in its sandbox. "
                       "The Replicas tab shows each version's ready pods.");
    else if (m_context.serviceKey.isEmpty())
        noTraffic = tr("No Service sends requests to this Rollout's pods, so there is no traffic to show. "
                       "Create a Service that selects them, then send it requests on the Services page.");
    else if (history.empty())
        noTraffic = tr("No traffic yet: send requests to Service %1 on the Services page (Requests/s), and each "
                       "version's share, success rate and latency show here over time.")
                        .arg(m_context.serviceName);

    m_charts[TrafficSplit]->setEmpty(noTraffic);
    if (noTraffic.isEmpty())
        m_charts[TrafficSplit]->setLines(linesOf(order, split), {}, {}, 0, 100, first, last);

    if (!fromStatus && history.empty())
        m_charts[Replicas]->setEmpty(m_context.rolloutKey.isEmpty() ? noTraffic
                                                                    : tr("No replicas reported yet: the Rollout's "
                                                                         "status gives them once its pods start."));
    else {
        m_charts[Replicas]->setEmpty({});
        m_charts[Replicas]->setLines(linesOf(replicaOrder, ready), {}, {}, 0, std::max(2.0, niceCeiling(maxReady + 1)),
                                     replicasFirst, replicasLast);
    }

    std::optional<double> minRate;
    if (m_context.minSuccessRate)
        minRate = *m_context.minSuccessRate * 100;
    m_charts[SuccessRate]->setEmpty(noTraffic);
    if (noTraffic.isEmpty()) {
        const double low = std::min(minSuccess, minRate.value_or(100.0));
        const double minY = std::max(0.0, std::floor((low - 5) / 10) * 10);
        m_charts[SuccessRate]->setLines(linesOf(order, success), minRate,
                                        minRate ? tr("threshold %1 %").arg(*minRate, 0, 'g', 4) : QString(),
                                        minY, 100, first, last);
    }
    m_charts[Latency]->setEmpty(noTraffic);
    if (noTraffic.isEmpty()) {
        const std::optional<double> maxP95 = m_context.maxP95LatencyMs;
        const double top = niceCeiling(std::max(maxLatency, maxP95.value_or(0.0)) * 1.2);
        m_charts[Latency]->setLines(linesOf(order, latency), maxP95,
                                    maxP95 ? tr("threshold %1 ms").arg(*maxP95, 0, 'g', 6) : QString(), 0,
                                    std::max(10.0, top), first, last);
    }
}

QList<QPointF> RolloutCharts::points(Chart chart, const QString &revision) const { return m_charts[chart]->points(revision); }

QStringList RolloutCharts::seriesNames(Chart chart) const { return m_charts[chart]->names(); }

std::optional<double> RolloutCharts::threshold(Chart chart) const { return m_charts[chart]->threshold(); }

QString RolloutCharts::emptyText(Chart chart) const { return m_charts[chart]->emptyText(); }

QString RolloutCharts::title(Chart chart) const { return m_charts[chart]->title(); }

} // namespace flotilla::widgets
