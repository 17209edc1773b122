#include "eventtimeline.h"

#include <models/eventmodel.h>

#include <QHash>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace flotilla::widgets {

namespace {
const QColor kNormal(0x3b, 0x82, 0xc4);
const QColor kWarning(0xe0, 0x9b, 0x1a);
const QColor kWarningText(0xa8, 0x6a, 0x00);
const QColor kGrid(0xe5, 0xe7, 0xeb);
const QColor kAxisText(0x6b, 0x72, 0x80);
constexpr int kLabelWidth = 210;
constexpr int kAxisHeight = 22;
/// Events arrive roughly in time order; the walk back from the newest stops after this many older
/// than the span (a late arrival now and then is still found).
constexpr int kOlderRun = 200;
} // namespace

EventTimeline::EventTimeline(const models::EventModel *events, QWidget *parent) : QWidget(parent), m_events(events)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Event timeline"));
    setToolTip(QString());
    m_rebuild.setSingleShot(true);
    m_rebuild.setInterval(250);
    connect(&m_rebuild, &QTimer::timeout, this, [this] {
        rebuild();
        update();
    });
    if (events) {
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
            connect(events, signal, this, &EventTimeline::scheduleRebuild);
        connect(events, &QAbstractItemModel::dataChanged, this, &EventTimeline::scheduleRebuild);
        connect(events, &QAbstractItemModel::modelReset, this, &EventTimeline::scheduleRebuild);
    }
}

QSize EventTimeline::sizeHint() const { return {720, 220}; }
QSize EventTimeline::minimumSizeHint() const { return {360, 110}; }

void EventTimeline::setNow(engine::TimeMs now)
{
    if (now == m_now)
        return;
    // a few pixels of movement are worth a repaint; the lanes only when the span's start moved past events
    m_now = now;
    scheduleRebuild();
}

void EventTimeline::setSpan(engine::TimeMs span)
{
    m_span = std::max<engine::TimeMs>(10'000, span);
    m_dirty = true;
    rebuild();
    update();
}

void EventTimeline::scheduleRebuild()
{
    m_dirty = true;
    if (!isVisible())
        return; // rebuilt when shown
    if (!m_rebuild.isActive())
        m_rebuild.start();
}

int EventTimeline::laneHeight() const { return std::max(18, fontMetrics().height() + 6); }

void EventTimeline::rebuild()
{
    m_dirty = false;
    m_hover = nullptr;
    m_lanes.clear();
    m_hiddenLanes = 0;
    if (!m_events)
        return;
    const engine::TimeMs start = m_now - m_span;
    QHash<QString, int> laneOf;
    int older = 0;
    for (int r = m_events->rowCount() - 1; r >= 0 && older < kOlderRun; --r) {
        const models::EventRow &e = m_events->eventAt(r);
        if (e.last < start || e.last > m_now + 1000) {
            older += e.last < start;
            continue;
        }
        older = 0;
        const QString laneKey = e.ns + QLatin1Char('/') + e.object;
        auto it = laneOf.find(laneKey);
        if (it == laneOf.end()) {
            it = laneOf.insert(laneKey, int(m_lanes.size()));
            Lane lane;
            lane.label = e.object;
            lane.ns = e.ns;
            lane.objectKey = e.involvedKey;
            m_lanes.push_back(std::move(lane));
        }
        Lane &lane = m_lanes[std::size_t(*it)];
        lane.marks.push_back({e.last, e.warning, r});
        lane.latest = std::max<engine::TimeMs>(lane.latest, e.last);
        lane.warning |= e.warning;
    }
    std::stable_sort(m_lanes.begin(), m_lanes.end(), [](const Lane &a, const Lane &b) { return a.latest > b.latest; });
    for (auto &lane : m_lanes) // warnings drawn last, on top of the normal marks
        std::stable_sort(lane.marks.begin(), lane.marks.end(), [](const Mark &a, const Mark &b) { return a.warning < b.warning; });
    const int fit = std::max(1, (height() - kAxisHeight - 8) / laneHeight());
    if (int(m_lanes.size()) > fit) {
        m_hiddenLanes = int(m_lanes.size()) - fit + 1; // one lane's room for the "more" line
        m_lanes.resize(std::size_t(fit - 1));
    }
}

QStringList EventTimeline::laneNames() const
{
    if (m_dirty)
        const_cast<EventTimeline *>(this)->rebuild();
    QStringList out;
    for (const auto &l : m_lanes)
        out << l.label + QStringLiteral(" · ") + l.ns;
    return out;
}

int EventTimeline::markCount() const
{
    int n = 0;
    for (const auto &l : m_lanes)
        n += int(l.marks.size());
    return n;
}

int EventTimeline::warningCount() const
{
    int n = 0;
    for (const auto &l : m_lanes)
        for (const auto &m : l.marks)
            n += m.warning;
    return n;
}

QRect EventTimeline::plotRect() const
{
    return QRect(kLabelWidth, 4, std::max(10, width() - kLabelWidth - 14), std::max(10, height() - kAxisHeight - 8));
}

double EventTimeline::xOf(engine::TimeMs t) const
{
    const QRect r = plotRect();
    return r.left() + double(t - (m_now - m_span)) / double(m_span) * r.width();
}

void EventTimeline::paintEvent(QPaintEvent *)
{
    if (m_dirty)
        rebuild();
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QRect plot = plotRect();
    const int lh = laneHeight();

    // time grid: a line per step that gives 4–8 lines over the span
    engine::TimeMs step = 10'000;
    for (engine::TimeMs s : {10'000LL, 30'000LL, 60'000LL, 120'000LL, 300'000LL, 600'000LL, 1'800'000LL, 3'600'000LL})
        if (m_span / s <= 8) {
            step = s;
            break;
        }
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1));
    p.setFont(small);
    for (engine::TimeMs ago = 0; ago <= m_span; ago += step) {
        const double x = xOf(m_now - ago);
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        p.setPen(kAxisText);
        const QString text = ago == 0                 ? tr("now")
                             : ago % 3'600'000 == 0 ? tr("−%1 h").arg(ago / 3'600'000)
                             : ago % 60'000 == 0    ? tr("−%1 min").arg(ago / 60'000)
                                                    : tr("−%1 s").arg(ago / 1000);
        const int w = p.fontMetrics().horizontalAdvance(text);
        p.drawText(QRectF(x - w / 2.0 - 2, plot.bottom() + 4, w + 4, kAxisHeight - 4), Qt::AlignHCenter | Qt::AlignTop, text);
    }
    p.setFont(font());

    if (m_lanes.empty()) {
        p.setPen(kAxisText);
        p.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No events in the last %1 of simulated time.").arg(QString::fromStdString(engine::formatAge(m_span))));
        return;
    }
    for (std::size_t i = 0; i < m_lanes.size(); ++i) {
        const Lane &lane = m_lanes[i];
        const int y = plot.top() + int(i) * lh;
        if (i % 2 == 1)
            p.fillRect(QRect(0, y, width(), lh), palette().alternateBase());
        const QRect labelRect(8, y, kLabelWidth - 16, lh);
        p.setPen(lane.warning ? kWarningText : palette().text().color());
        const QString label = p.fontMetrics().elidedText(lane.label, Qt::ElideMiddle, labelRect.width());
        p.drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft, label);
        const double cy = y + lh / 2.0;
        for (const Mark &m : lane.marks) {
            const double x = xOf(m.time);
            const double radius = m.warning ? 5.5 : 3.5;
            p.setPen(m.warning ? QPen(kWarning.darker(130), 1) : Qt::NoPen);
            p.setBrush(m.warning ? kWarning : kNormal);
            p.drawEllipse(QPointF(x, cy), radius, radius);
            if (&m == m_hover) {
                p.setPen(QPen(palette().highlight().color(), 2));
                p.setBrush(Qt::NoBrush);
                p.drawEllipse(QPointF(x, cy), radius + 3, radius + 3);
            }
        }
    }
    if (m_hiddenLanes > 0) {
        p.setPen(kAxisText);
        p.drawText(QRect(8, plot.top() + int(m_lanes.size()) * lh, width() - 16, lh), Qt::AlignVCenter | Qt::AlignLeft,
                   tr("%n more object(s) with events; the table below lists them all", nullptr, m_hiddenLanes));
    }
}

const EventTimeline::Mark *EventTimeline::markAt(const QPoint &pos, const Lane **laneOut) const
{
    const QRect plot = plotRect();
    const int lh = laneHeight();
    const int i = (pos.y() - plot.top()) / lh;
    if (pos.y() < plot.top() || i < 0 || i >= int(m_lanes.size()))
        return nullptr;
    const Lane &lane = m_lanes[std::size_t(i)];
    const Mark *best = nullptr;
    double bestDistance = 8;
    for (const Mark &m : lane.marks) {
        const double d = std::abs(xOf(m.time) - pos.x());
        if (d <= bestDistance) {
            bestDistance = d;
            best = &m;
        }
    }
    if (laneOut)
        *laneOut = &lane;
    return best;
}

void EventTimeline::mouseMoveEvent(QMouseEvent *event)
{
    const Lane *lane = nullptr;
    const Mark *m = markAt(event->position().toPoint(), &lane);
    if (m != m_hover) {
        m_hover = m;
        update();
    }
    if (!m || !m_events || m->row >= m_events->rowCount()) {
        QToolTip::hideText();
        return;
    }
    const models::EventRow &e = m_events->eventAt(m->row);
    QToolTip::showText(event->globalPosition().toPoint(),
                       QStringLiteral("<b>%1</b> %2<br>%3<br><span style='color:#6b7280'>%4 · %5</span>")
                           .arg(e.reason.toHtmlEscaped(), e.warning ? tr("(warning)") : QString(), e.message.toHtmlEscaped(),
                                e.object.toHtmlEscaped(),
                                tr("%1 ago").arg(QString::fromStdString(engine::formatAge(m_now - e.last)))),
                       this);
}

void EventTimeline::mousePressEvent(QMouseEvent *event)
{
    const Mark *m = markAt(event->position().toPoint());
    if (!m || !m_events || m->row >= m_events->rowCount())
        return;
    const QModelIndex index = m_events->index(m->row, 0);
    emit eventClicked(index.data(models::KeyRole).toString(), m_events->eventAt(m->row).involvedKey);
}

void EventTimeline::resizeEvent(QResizeEvent *)
{
    m_dirty = true; // how many lanes fit
}

void EventTimeline::leaveEvent(QEvent *)
{
    if (m_hover) {
        m_hover = nullptr;
        update();
    }
}

} // namespace flotilla::widgets
