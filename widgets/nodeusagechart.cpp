#include "nodeusagechart.h"

#include <backends/backend.h>

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flotilla::widgets {

namespace {
const QColor kCpuColor(0x2f, 0x6f, 0xde);
const QColor kMemoryColor(0x8b, 0x5c, 0xf6);
const QColor kLimitColor(0x6b, 0x72, 0x80);
constexpr double kGiB = 1024.0 * 1024 * 1024;
constexpr qint64 kMinSpanMs = 5 * 60'000; ///< a young node's few samples do not stretch over the whole width

/// 1, 2, 5, 10, 20, … at or above `v`.
double niceStep(double v)
{
    if (v <= 0)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (step * magnitude >= v * 0.999)
            return step * magnitude;
    return 10 * magnitude;
}

/// An axis from 0 to at least `max`, with 3 to 5 ticks at round values.
void setNiceRange(QValueAxis *axis, double max)
{
    const double step = niceStep(std::max(max, 1e-3) / 4);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(0, std::ceil(max / step - 1e-9) * step);
}

QString number(double v) { return QLocale().toString(v, 'f', v >= 100 ? 0 : (v >= 10 ? 1 : 2)); }
} // namespace

NodeUsageChart::NodeUsageChart(QWidget *parent)
    : QWidget(parent), m_header(new QLabel(this)), m_empty(new QLabel(this)), m_charts(new QWidget(this)),
      m_cpuChart(new QChart), m_memoryChart(new QChart), m_cpuTime(new QDateTimeAxis(this)),
      m_memoryTime(new QDateTimeAxis(this)), m_cpuAxis(new QValueAxis(this)), m_memoryAxis(new QValueAxis(this)),
      m_cpuUsed(new QLineSeries(this)), m_cpuLimit(new QLineSeries(this)), m_memoryUsed(new QLineSeries(this)),
      m_memoryLimit(new QLineSeries(this))
{
    auto setUp = [this](QChart *chart, QDateTimeAxis *time, QValueAxis *axis, QLineSeries *used, QLineSeries *limit,
                        const QColor &color, const QString &title) {
        chart->legend()->setAlignment(Qt::AlignTop);
        chart->setMargins(QMargins(2, 2, 2, 2));
        chart->setBackgroundRoundness(0);
        time->setFormat(QStringLiteral("HH:mm"));
        time->setTickCount(4);
        axis->setTitleText(title);
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setRange(0, 1);
        chart->addAxis(time, Qt::AlignBottom);
        chart->addAxis(axis, Qt::AlignLeft);
        used->setName(tr("used"));
        QPen pen(color);
        pen.setWidthF(2);
        used->setPen(pen);
        limit->setName(tr("allocatable"));
        QPen dashed(kLimitColor);
        dashed.setWidthF(1.5);
        dashed.setStyle(Qt::DashLine);
        limit->setPen(dashed);
        for (QLineSeries *s : {used, limit}) {
            chart->addSeries(s);
            s->attachAxis(time);
            s->attachAxis(axis);
        }
        auto *view = new QChartView(chart, m_charts);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(170);
        return view;
    };
    auto *cpuView = setUp(m_cpuChart, m_cpuTime, m_cpuAxis, m_cpuUsed, m_cpuLimit, kCpuColor, tr("CPU (cores)"));
    auto *memoryView = setUp(m_memoryChart, m_memoryTime, m_memoryAxis, m_memoryUsed, m_memoryLimit, kMemoryColor,
                             tr("Memory (GiB)"));
    auto *chartsLayout = new QVBoxLayout(m_charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(0);
    chartsLayout->addWidget(cpuView, 1);
    chartsLayout->addWidget(memoryView, 1);

    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setContentsMargins(6, 4, 6, 0);
    m_header->setToolTip(tr("What the node's containers use (simulated in the sandbox), sampled every 15 s of "
                            "simulated time, against what the node can allocate to pods"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: palette(mid); padding: 12px;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_header);
    layout->addWidget(m_charts, 1);
    layout->addWidget(m_empty, 1);

    m_timer.setInterval(kRefreshMs);
    connect(&m_timer, &QTimer::timeout, this, &NodeUsageChart::refresh);
    showEmpty(tr("Select a node to see what it uses over time."));
}

void NodeUsageChart::setBackend(backends::Backend *backend)
{
    m_backend = backend;
    updateTimer();
}

void NodeUsageChart::setNode(const QString &name, qint64 cpuAllocatableMilli, qint64 memoryAllocatableBytes)
{
    const bool sameNode = name == m_node;
    const bool sameLimits = cpuAllocatableMilli == m_cpuAllocatable && memoryAllocatableBytes == m_memoryAllocatable;
    m_cpuAllocatable = cpuAllocatableMilli;
    m_memoryAllocatable = memoryAllocatableBytes;
    if (sameNode && sameLimits)
        return;
    if (!sameNode) {
        m_node = name;
        m_inFlight = false; // an answer for the previous node is ignored when it comes
        for (QLineSeries *s : {m_cpuUsed, m_cpuLimit, m_memoryUsed, m_memoryLimit})
            s->clear();
        m_header->clear();
        showEmpty(name.isEmpty() ? tr("Select a node to see what it uses over time.") : tr("Loading…"));
    }
    m_lastTime = -1; // redraw, also when only the limits changed
    m_lastCount = -1;
    updateTimer();
    if (isVisible())
        refresh();
}

int NodeUsageChart::pointCount() const { return int(m_cpuUsed->count()); }

QString NodeUsageChart::emptyText() const { return m_empty->isVisibleTo(this) ? m_empty->text() : QString(); }

void NodeUsageChart::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_empty->show();
    m_charts->hide();
    m_header->setVisible(!m_header->text().isEmpty());
}

void NodeUsageChart::updateTimer()
{
    const bool wanted = isVisible() && m_backend && m_backend->hasUsage() && !m_node.isEmpty();
    if (wanted && !m_timer.isActive())
        m_timer.start();
    else if (!wanted)
        m_timer.stop();
    if (!m_node.isEmpty() && (!m_backend || !m_backend->hasUsage())) {
        m_header->clear();
        showEmpty(tr("This connection does not report what nodes use. The sandbox simulates it."));
    }
}

void NodeUsageChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateTimer();
    refresh(); // at once, not a second later
}

void NodeUsageChart::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateTimer();
}

void NodeUsageChart::refresh()
{
    if (m_inFlight || !isVisible() || !m_backend || !m_backend->hasUsage() || m_node.isEmpty() ||
        !m_backend->isStarted())
        return;
    m_inFlight = true;
    const QString node = m_node;
    m_backend->fetchNodeHistory(node, this, [this, node](const QList<backends::UsageSample> &samples) {
        if (node != m_node)
            return; // asked for another node; m_inFlight was reset when it changed
        m_inFlight = false;
        onHistory(node, samples);
    });
}

void NodeUsageChart::onHistory(const QString &node, const QList<backends::UsageSample> &samples)
{
    Q_UNUSED(node);
    if (samples.isEmpty()) {
        m_header->clear();
        showEmpty(tr("No samples yet. The sandbox samples each node's use every 15 s of simulated time: "
                     "let the clock run (status bar) and the lines appear here."));
        return;
    }
    const qint64 last = samples.back().time;
    if (last == m_lastTime && samples.size() == m_lastCount)
        return; // nothing new since the last answer
    m_lastTime = last;
    m_lastCount = int(samples.size());

    QList<QPointF> cpu, memory;
    cpu.reserve(samples.size());
    memory.reserve(samples.size());
    double maxCpu = 0, maxMemory = 0;
    for (const auto &s : samples) {
        const double cores = double(s.cpuMilli) / 1000.0;
        const double gib = double(s.memoryBytes) / kGiB;
        cpu << QPointF(qreal(s.time), cores);
        memory << QPointF(qreal(s.time), gib);
        maxCpu = std::max(maxCpu, cores);
        maxMemory = std::max(maxMemory, gib);
    }
    const qint64 first = std::min<qint64>(samples.front().time, last - kMinSpanMs);
    const double cpuLimit = double(m_cpuAllocatable) / 1000.0;
    const double memoryLimit = double(m_memoryAllocatable) / kGiB;
    m_cpuUsed->replace(cpu);
    m_memoryUsed->replace(memory);
    // ticks on whole minutes, 3 or 4 intervals
    qint64 step = 60'000, start = first, intervals = 1;
    for (const qint64 minutes : {1, 2, 5, 10, 20, 30, 60}) {
        step = minutes * 60'000;
        start = first / step * step;
        intervals = std::max<qint64>(1, (last - start + step - 1) / step);
        if (intervals <= 4)
            break;
    }
    for (QDateTimeAxis *axis : {m_cpuTime, m_memoryTime}) {
        axis->setTickCount(int(intervals) + 1);
        axis->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(start + intervals * step));
    }
    // the allocatable line spans the whole width
    const qreal left = qreal(start), right = qreal(start + intervals * step);
    m_cpuLimit->replace(cpuLimit > 0 ? QList<QPointF>{{left, cpuLimit}, {right, cpuLimit}} : QList<QPointF>{});
    m_memoryLimit->replace(memoryLimit > 0 ? QList<QPointF>{{left, memoryLimit}, {right, memoryLimit}} : QList<QPointF>{});
    setNiceRange(m_cpuAxis, std::max(cpuLimit, maxCpu) * 1.05);
    setNiceRange(m_memoryAxis, std::max(memoryLimit, maxMemory) * 1.05);

    const auto &now = samples.back();
    const double cores = double(now.cpuMilli) / 1000.0, gib = double(now.memoryBytes) / kGiB;
    auto share = [](double used, double limit) {
        return limit > 0 ? QStringLiteral(" (%1 %)").arg(qRound(100 * used / limit)) : QString();
    };
    const QString cpuText = tr("CPU: %1 of %2 cores%3").arg(number(cores), number(cpuLimit), share(cores, cpuLimit));
    const QString memoryText = tr("Memory: %1 of %2 GiB%3").arg(number(gib), number(memoryLimit), share(gib, memoryLimit));
    const QString mark = QStringLiteral("<span style='color:%1'>&#9632;</span> %2");
    m_header->setText(mark.arg(kCpuColor.name(), cpuText.toHtmlEscaped()) + QStringLiteral("<br>") +
                      mark.arg(kMemoryColor.name(), memoryText.toHtmlEscaped()));
    m_header->show();
    m_empty->hide();
    m_charts->show();
}

} // namespace flotilla::widgets
