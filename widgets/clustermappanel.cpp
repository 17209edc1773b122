#include "clustermappanel.h"

#include "clustermapchip.h"
#include "clustermapstyle.h"

#include <QCollator>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPropertyAnimation>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace flotilla::widgets {

namespace {
constexpr qreal kTitleHeight = 20;
constexpr qreal kSubtitleHeight = 16;
constexpr qreal kBannerHeight = 22;
constexpr qreal kBarHeight = 14;
constexpr qreal kEmptyHeight = 24;
constexpr qreal kRadius = 10;

bool isSystemNamespace(const QString &ns) { return ns == QLatin1String("kube-system"); }

struct Grid {
    int columns;
    qreal cellWidth, cellHeight, gap;
};

/// Chips with names stretch to fill the columns; compact squares keep their size.
Grid gridFor(qreal width, bool compact)
{
    const qreal cw = compact ? ClusterMapChip::kCompactSize : ClusterMapChip::kWidth;
    const qreal ch = compact ? ClusterMapChip::kCompactSize : ClusterMapChip::kHeight;
    const qreal gap = compact ? 3 : ClusterMapPanel::kChipGap;
    const qreal inner = width - 2 * ClusterMapPanel::kPadding;
    const int columns = std::max(1, int((inner + gap) / (cw + gap)));
    return {columns, compact ? cw : (inner - gap * (columns - 1)) / columns, ch, gap};
}

QColor pillColor(const QString &part)
{
    if (part == QLatin1String("Ready"))
        return mapstyle::ok();
    if (part == QLatin1String("SchedulingDisabled"))
        return mapstyle::warn();
    return mapstyle::bad();
}
} // namespace

ClusterMapPanel::ClusterMapPanel(Kind kind, const QString &name, QGraphicsItem *parent)
    : QGraphicsObject(parent), m_kind(kind), m_name(name)
{
    setAcceptedMouseButtons(Qt::NoButton); // the view handles clicks; dragging anywhere pans
    // Its chips lie within it: a panel out of view is skipped with all its chips when the scene draws or
    // looks for items, which is what keeps a map of thousands of nodes cheap to paint.
    setFlag(ItemContainsChildrenInShape);
    m_node.name = name;
    if (kind == Kind::Tray)
        updateToolTip();
}

QRectF ClusterMapPanel::boundingRect() const { return QRectF(QPointF(-2, -2), m_size + QSizeF(4, 6)); }

bool ClusterMapPanel::isControlPlane() const { return m_node.roles.contains(QLatin1String("control-plane")); }

bool ClusterMapPanel::isCordoned() const { return m_node.status.contains(QLatin1String("SchedulingDisabled")); }

void ClusterMapPanel::setNode(const ClusterMapNode &node)
{
    const bool taller = (node.ready != m_node.ready) || (node.status != m_node.status);
    m_node = node;
    if (taller)
        prepareGeometryChange();
    update();
}

void ClusterMapPanel::updateToolTip()
{
    if (m_kind == Kind::Tray) {
        setToolTip(tr("Pods that no node has been found for yet. The scheduler places each pod on a node where its "
                      "resource requests fit; until then it stays Pending."));
        return;
    }
    QString tip = QStringLiteral("<b>%1</b><br>").arg(m_name.toHtmlEscaped());
    tip += tr("Status: %1").arg(m_node.status.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("Roles: %1").arg(m_node.roles.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("Pods: %1").arg(m_node.podsText.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("CPU requested: %1").arg(m_node.cpuText.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("Memory requested: %1").arg(m_node.memoryText.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("Internal IP: %1, kubelet %2").arg(m_node.ip.toHtmlEscaped(), m_node.version.toHtmlEscaped());
    setToolTip(tip);
}

void ClusterMapPanel::addChip(ClusterMapChip *chip) { m_chips.push_back(chip); }

void ClusterMapPanel::removeChip(ClusterMapChip *chip) { std::erase(m_chips, chip); }

qreal ClusterMapPanel::headerHeight() const
{
    qreal h = kPadding + kTitleHeight + 4 + kSubtitleHeight;
    if (m_kind == Kind::Node) {
        if (!m_node.ready || isCordoned())
            h += 8 + kBannerHeight;
        h += 10 + kBarHeight + 6 + kBarHeight;
    }
    return h + 12;
}

qreal ClusterMapPanel::layoutChips(qreal width, bool compact, bool animate)
{
    // System pods first, then by namespace and name, so that a workload's replicas sit together.
    static const QCollator collator = [] {
        QCollator c;
        c.setNumericMode(true);
        return c;
    }();
    std::sort(m_chips.begin(), m_chips.end(), [](const ClusterMapChip *a, const ClusterMapChip *b) {
        const bool sa = isSystemNamespace(a->pod().ns), sb = isSystemNamespace(b->pod().ns);
        if (sa != sb)
            return sa;
        if (a->pod().ns != b->pod().ns)
            return a->pod().ns < b->pod().ns;
        return collator.compare(a->pod().name, b->pod().name) < 0;
    });
    const Grid g = gridFor(width, compact);
    const qreal top = headerHeight();
    for (std::size_t i = 0; i < m_chips.size(); ++i) {
        const int row = int(i) / g.columns, column = int(i) % g.columns;
        const QPointF at(kPadding + column * (g.cellWidth + g.gap), top + row * (g.cellHeight + g.gap));
        ClusterMapChip *chip = m_chips[i];
        const bool fresh = chip->isFresh();
        if (!compact)
            chip->setWidth(g.cellWidth);
        chip->moveTo(at, animate);
        if (fresh)
            chip->appear(animate);
    }
    m_naturalHeight = heightFor(width, compact);
    return m_naturalHeight;
}

qreal ClusterMapPanel::heightFor(qreal width, bool compact) const
{
    const Grid g = gridFor(width, compact);
    const int rows = (int(m_chips.size()) + g.columns - 1) / g.columns;
    const qreal grid = rows ? rows * g.cellHeight + (rows - 1) * g.gap : kEmptyHeight;
    return headerHeight() + grid + kPadding;
}
void ClusterMapPanel::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

void ClusterMapPanel::moveTo(const QPointF &target, bool animate)
{
    m_target = target;
    if (!animate || pos() == target) {
        if (m_move)
            m_move->stop();
        setPos(target);
        return;
    }
    if (!m_move) {
        m_move = new QPropertyAnimation(this, "pos", this);
        m_move->setDuration(ClusterMapChip::kAnimationMs);
        m_move->setEasingCurve(QEasingCurve::OutCubic);
    }
    m_move->stop();
    m_move->setStartValue(pos());
    m_move->setEndValue(target);
    m_move->start();
}

void ClusterMapPanel::setCurrent(bool current)
{
    if (current != m_current) {
        m_current = current;
        update();
    }
}

void ClusterMapPanel::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r(QPointF(0, 0), m_size);
    const bool tray = m_kind == Kind::Tray;
    const bool down = !tray && !m_node.ready;
    const bool cordoned = !tray && isCordoned();

    // a soft shadow, then the card
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(15, 23, 42, 10));
    painter->drawRoundedRect(r.translated(0, 3), kRadius, kRadius);
    painter->setBrush(QColor(15, 23, 42, 14));
    painter->drawRoundedRect(r.translated(0, 1), kRadius, kRadius);

    QPainterPath card;
    card.addRoundedRect(r, kRadius, kRadius);
    painter->setBrush(down ? mapstyle::panelDown() : tray ? QColor(0xfb, 0xfc, 0xfd) : mapstyle::panel());
    painter->drawPath(card);
    if (cordoned || down) {
        // diagonal hatching: nothing new is placed here
        painter->save();
        painter->setClipPath(card);
        painter->setPen(QPen(down ? QColor(0xd6, 0x3c, 0x3c, 22) : QColor(0xc9, 0x7a, 0x06, 30), 6));
        for (qreal x = -r.height(); x < r.width(); x += 18)
            painter->drawLine(QPointF(x, r.height()), QPointF(x + r.height(), 0));
        painter->restore();
    }

    QPen border(mapstyle::panelBorder(), 1);
    if (down)
        border = QPen(mapstyle::bad(), 2);
    else if (cordoned)
        border = QPen(mapstyle::warn(), 2);
    else if (tray)
        border = QPen(mapstyle::warn().lighter(130), 1.5, Qt::DashLine);
    if (m_current)
        border = QPen(mapstyle::accent(), 2.5);
    painter->setPen(border);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);

    paintHeader(painter, r, lod);
}

void ClusterMapPanel::paintHeader(QPainter *painter, const QRectF &r, qreal lod) const
{
    const bool tray = m_kind == Kind::Tray;
    const QRectF inner = r.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    qreal y = inner.top();

    // title row: status dot, name, status pills on the right
    const QColor dot = tray ? mapstyle::warn() : !m_node.ready ? mapstyle::bad() : isCordoned() ? mapstyle::warn() : mapstyle::ok();
    painter->setPen(Qt::NoPen);
    painter->setBrush(dot);
    painter->drawEllipse(QPointF(inner.left() + 5, y + kTitleHeight / 2), 5, 5);

    static const QFont titleFont = mapstyle::font(15, QFont::DemiBold);
    static const QFont pillFont = mapstyle::font(11, QFont::DemiBold);
    static const QFont smallFont = mapstyle::font(12);
    if (lod < 0.35) {
        painter->setFont(titleFont);
        painter->setPen(mapstyle::text());
        painter->drawText(QRectF(inner.left() + 16, y, inner.width() - 16, kTitleHeight), Qt::AlignVCenter | Qt::AlignLeft,
                          tray ? tr("Unscheduled") : m_name);
        return;
    }

    QStringList pills;
    if (tray)
        pills << QString::number(m_chips.size());
    else
        pills = m_node.status.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QFontMetricsF pm(pillFont);
    qreal right = inner.right();
    for (auto it = pills.crbegin(); it != pills.crend(); ++it) {
        const QColor c = tray ? mapstyle::warn() : pillColor(*it);
        const qreal w = pm.horizontalAdvance(*it) + 16;
        const QRectF pill(right - w, y + 1, w, kTitleHeight - 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(mapstyle::tint(c, 0.16));
        painter->drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        painter->setFont(pillFont);
        painter->setPen(c.darker(135));
        painter->drawText(pill, Qt::AlignCenter, *it);
        right -= w + 6;
    }
    painter->setFont(titleFont);
    painter->setPen(mapstyle::text());
    const QRectF titleRect(inner.left() + 16, y - 1, right - inner.left() - 20, kTitleHeight);
    painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(titleFont).elidedText(tray ? tr("Unscheduled") : m_name, Qt::ElideRight,
                                                          titleRect.width()));
    y += kTitleHeight + 4;

    // subtitle: roles, pods, address
    QString subtitle;
    if (tray) {
        subtitle = tr("Pending pods waiting for a node");
    } else {
        const QString roles = m_node.roles.isEmpty() || m_node.roles == QLatin1String("<none>") ? tr("worker") : m_node.roles;
        subtitle = roles;
        if (!m_node.ip.isEmpty())
            subtitle += QStringLiteral("  ·  ") + m_node.ip;
        if (!m_node.podsText.isEmpty())
            subtitle += QStringLiteral("  ·  ") + tr("%1 pods").arg(m_node.podsText);
    }
    painter->setFont(smallFont);
    painter->setPen(mapstyle::mutedText());
    painter->drawText(QRectF(inner.left(), y, inner.width(), kSubtitleHeight), Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(smallFont).elidedText(subtitle, Qt::ElideRight, inner.width()));
    y += kSubtitleHeight;
    if (tray)
        return;

    if (!m_node.ready || isCordoned()) {
        y += 8;
        const QColor c = !m_node.ready ? mapstyle::bad() : mapstyle::warn();
        const QRectF banner(inner.left(), y, inner.width(), kBannerHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(mapstyle::tint(c, 0.14));
        painter->drawRoundedRect(banner, 5, 5);
        painter->setPen(c.darker(140));
        painter->setFont(pillFont);
        const QString text = !m_node.ready ? tr("Not ready: the kubelet stopped reporting")
                                           : tr("Cordoned: no new pods are scheduled here");
        painter->drawText(banner.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft,
                          QFontMetricsF(pillFont).elidedText(text, Qt::ElideRight, banner.width() - 16));
        y += kBannerHeight;
    }

    y += 10;
    paintBar(painter, QRectF(inner.left(), y, inner.width(), kBarHeight), tr("CPU"), m_node.cpuFraction);
    y += kBarHeight + 6;
    paintBar(painter, QRectF(inner.left(), y, inner.width(), kBarHeight), tr("Memory"), m_node.memoryFraction);

    if (m_chips.empty()) {
        static const QFont emptyFont = [] {
            QFont f = mapstyle::font(12);
            f.setItalic(true);
            return f;
        }();
        painter->setFont(emptyFont);
        painter->setPen(mapstyle::faintText());
        painter->drawText(QRectF(inner.left(), headerHeight(), inner.width(), kEmptyHeight), Qt::AlignVCenter | Qt::AlignLeft,
                          tr("No pods"));
    }
}

void ClusterMapPanel::paintBar(QPainter *painter, const QRectF &r, const QString &label, double fraction) const
{
    static const QFont font = mapstyle::font(11);
    static const QFont bold = mapstyle::font(11, QFont::DemiBold);
    constexpr qreal labelWidth = 56, valueWidth = 42;
    painter->setFont(font);
    painter->setPen(mapstyle::mutedText());
    painter->drawText(QRectF(r.left(), r.top(), labelWidth, r.height()), Qt::AlignVCenter | Qt::AlignLeft, label);

    const QRectF track(r.left() + labelWidth, r.center().y() - 3, r.width() - labelWidth - valueWidth, 6);
    painter->setPen(Qt::NoPen);
    painter->setBrush(mapstyle::track());
    painter->drawRoundedRect(track, 3, 3);
    const double f = std::clamp(fraction, 0.0, 1.0);
    if (f > 0) {
        const QColor c = fraction >= 1.0 ? mapstyle::bad() : fraction >= 0.8 ? mapstyle::warn() : mapstyle::accent();
        painter->setBrush(c);
        painter->drawRoundedRect(QRectF(track.left(), track.top(), std::max(6.0, track.width() * f), track.height()), 3, 3);
    }
    painter->setFont(bold);
    painter->setPen(mapstyle::text());
    painter->drawText(QRectF(r.right() - valueWidth, r.top(), valueWidth, r.height()), Qt::AlignVCenter | Qt::AlignRight,
                      QStringLiteral("%1%").arg(int(std::lround(fraction * 100))));
}

} // namespace flotilla::widgets
