#include "clustermapchip.h"

#include "clustermapstyle.h"

#include <models/podmodel.h>

#include <QFontMetricsF>
#include <QPainter>
#include <QPropertyAnimation>
#include <QStyleOptionGraphicsItem>
#include <QVariantAnimation>

namespace flotilla::widgets {

ClusterMapChip::ClusterMapChip(const ClusterMapPod &pod, QGraphicsItem *parent)
    : QGraphicsObject(parent), m_pod(pod), m_fill(models::PodModel::statusColor(pod.status)),
      m_version(mapstyle::systemStripe())
{
    setAcceptedMouseButtons(Qt::NoButton); // the view handles clicks; dragging anywhere pans
    setTransformOriginPoint(kWidth / 2, kHeight / 2);
    hide(); // until layout gives it a place
}

QSizeF ClusterMapChip::size() const
{
    return m_compact ? QSizeF(kCompactSize, kCompactSize) : QSizeF(m_width, kHeight);
}

QRectF ClusterMapChip::boundingRect() const { return QRectF(QPointF(-2, -2), size() + QSizeF(4, 4)); }

bool ClusterMapChip::setPod(const ClusterMapPod &pod)
{
    const bool recolour = pod.status != m_pod.status;
    m_pod = pod;
    update();
    return recolour;
}

void ClusterMapChip::showStatus(bool animate)
{
    const QColor to = models::PodModel::statusColor(m_pod.status);
    if (m_colour)
        m_colour->stop();
    if (!animate || m_fresh || to == m_fill) {
        setFill(to);
        return;
    }
    if (!m_colour) {
        m_colour = new QVariantAnimation(this);
        m_colour->setDuration(300);
        connect(m_colour, &QVariantAnimation::valueChanged, this,
                [this](const QVariant &value) { setFill(value.value<QColor>()); });
    }
    m_colour->setStartValue(m_fill);
    m_colour->setEndValue(to);
    m_colour->start();
}

void ClusterMapChip::setVersionColor(const QColor &color)
{
    if (color != m_version) {
        m_version = color;
        update();
    }
}

void ClusterMapChip::setDim(qreal dim)
{
    if (!qFuzzyCompare(dim, m_dim)) {
        m_dim = dim;
        update();
    }
}

void ClusterMapChip::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    prepareGeometryChange();
    m_compact = compact;
    const QSizeF s = size();
    setTransformOriginPoint(s.width() / 2, s.height() / 2);
}

void ClusterMapChip::setWidth(qreal width)
{
    width = std::max(width, kWidth);
    if (qFuzzyCompare(width, m_width))
        return;
    prepareGeometryChange();
    m_width = width;
    const QSizeF s = size();
    setTransformOriginPoint(s.width() / 2, s.height() / 2);
}

void ClusterMapChip::setCurrent(bool current)
{
    if (current != m_current) {
        m_current = current;
        setZValue(current ? 1 : 0);
        update();
    }
}

void ClusterMapChip::stopMoving()
{
    if (m_move)
        m_move->stop();
}

void ClusterMapChip::moveTo(const QPointF &target, bool animate)
{
    m_target = target;
    if (!animate || m_fresh) {
        stopMoving();
        setPos(target);
        return;
    }
    if (m_move && m_move->state() == QAbstractAnimation::Running && m_move->endValue().toPointF() == target)
        return;
    if (pos() == target) {
        stopMoving();
        return;
    }
    if (!m_move) {
        m_move = new QPropertyAnimation(this, "pos", this);
        m_move->setDuration(kAnimationMs);
        m_move->setEasingCurve(QEasingCurve::OutCubic);
    }
    m_move->stop();
    m_move->setStartValue(pos());
    m_move->setEndValue(target);
    m_move->start();
}

void ClusterMapChip::appear(bool animate)
{
    m_fresh = false;
    show();
    if (!animate) {
        setOpacity(1);
        setScale(1);
        return;
    }
    auto *grow = new QVariantAnimation(this);
    grow->setDuration(kAnimationMs);
    grow->setStartValue(0.0);
    grow->setEndValue(1.0);
    grow->setEasingCurve(QEasingCurve::OutCubic);
    connect(grow, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        const qreal t = value.toReal();
        setOpacity(t);
        setScale(0.6 + 0.4 * t);
    });
    setOpacity(0);
    setScale(0.6);
    grow->start(QAbstractAnimation::DeleteWhenStopped);
}

void ClusterMapChip::vanish(bool animate)
{
    if (!animate || m_fresh || !isVisible()) {
        deleteLater();
        hide();
        return;
    }
    stopMoving();
    auto *fade = new QVariantAnimation(this);
    fade->setDuration(kAnimationMs);
    fade->setStartValue(opacity());
    fade->setEndValue(0.0);
    connect(fade, &QVariantAnimation::valueChanged, this, [this](const QVariant &value) {
        setOpacity(value.toReal());
        setScale(0.7 + 0.3 * value.toReal());
    });
    connect(fade, &QVariantAnimation::finished, this, &QObject::deleteLater);
    fade->start();
}

void ClusterMapChip::updateToolTip()
{
    QString tip = QStringLiteral("<b>%1</b><br>").arg(m_pod.name.toHtmlEscaped());
    tip += tr("Namespace: %1").arg(m_pod.ns.toHtmlEscaped()) + QStringLiteral("<br>");
    tip += tr("Status: %1 (%2 ready)").arg(m_pod.status.toHtmlEscaped(), m_pod.ready.toHtmlEscaped())
           + QStringLiteral("<br>");
    tip += tr("Node: %1").arg(m_pod.node.isEmpty() ? tr("not scheduled yet") : m_pod.node.toHtmlEscaped())
           + QStringLiteral("<br>");
    tip += tr("Image: %1").arg(m_pod.image.toHtmlEscaped());
    setToolTip(tip);
}

void ClusterMapChip::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r(QPointF(0, 0), size());
    if (m_dim < 1.0)
        painter->setOpacity(painter->opacity() * m_dim);

    if (m_compact || lod * kHeight < 14) {
        // Far away or crowded: a solid status square with a version stripe at the bottom; no text.
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_fill);
        const qreal radius = std::min(r.height(), r.width()) * 0.2;
        painter->drawRoundedRect(r, radius, radius);
        painter->setBrush(m_version);
        const qreal stripe = std::max(2.0, r.height() * 0.22);
        if (m_compact)
            painter->drawRect(QRectF(r.left(), r.bottom() - stripe, r.width(), stripe));
        else
            painter->drawRect(QRectF(r.left(), r.top(), 5, r.height()));
        if (m_current) {
            painter->setBrush(Qt::NoBrush);
            painter->setPen(QPen(mapstyle::accent(), 2));
            painter->drawRoundedRect(r.adjusted(-1, -1, 1, 1), radius + 1, radius + 1);
        }
        return;
    }

    // Close up: a pale status tint with a status-coloured border, a version stripe on the left, the name.
    const qreal radius = 5;
    QPainterPath shape;
    shape.addRoundedRect(r.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->setPen(QPen(m_fill, 1));
    painter->setBrush(mapstyle::tint(m_fill, 0.16));
    painter->drawPath(shape);
    painter->save();
    painter->setClipPath(shape);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_version);
    painter->drawRect(QRectF(r.left(), r.top(), 5, r.height()));
    painter->restore();

    // status dot, then the name
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_fill);
    painter->drawEllipse(QPointF(r.left() + 13, r.center().y()), 3.5, 3.5);
    static const QFont font = mapstyle::font(11);
    painter->setFont(font);
    painter->setPen(mapstyle::text());
    const QRectF textRect = r.adjusted(21, 0, -6, 0);
    const QString text = QFontMetricsF(font).elidedText(m_pod.name, Qt::ElideMiddle, textRect.width());
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, text);

    if (m_current) {
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(mapstyle::accent(), 2));
        painter->drawRoundedRect(r.adjusted(-1, -1, 1, 1), radius + 1, radius + 1);
    }
}

} // namespace flotilla::widgets
