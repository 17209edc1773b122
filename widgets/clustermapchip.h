#pragma once

#include <engine/api/object.h>

#include <QColor>
#include <QGraphicsObject>

class QPropertyAnimation;
class QVariantAnimation;

namespace flotilla::widgets {

/// What the cluster map shows of a pod (read from the PodModel once per change).
struct ClusterMapPod {
    QString key, name, ns, node, status, ready, image;
    engine::api::ObjectPtr object;
};

/// One pod on the cluster map: a small rounded chip filled by status, with a stripe in its version's colour.
/// Knows how to appear, move, recolour and vanish, with or without animation.
class ClusterMapChip final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 0x4d01 };
    static constexpr qreal kWidth = 132;
    static constexpr qreal kHeight = 24;
    static constexpr qreal kCompactSize = 14;
    static constexpr int kAnimationMs = 250;

    explicit ClusterMapChip(const ClusterMapPod &pod, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const ClusterMapPod &pod() const { return m_pod; }
    const QString &key() const { return m_pod.key; }
    /// Takes a new snapshot; true if the status changed (then showStatus() recolours the chip).
    bool setPod(const ClusterMapPod &pod);
    void showStatus(bool animate);
    void setVersionColor(const QColor &color);
    /// 1 = full strength; system pods and pods outside the namespace filter are drawn fainter.
    void setDim(qreal dim);
    void setCompact(bool compact);
    /// The width with a name (panels stretch chips to fill their columns); at least kWidth.
    void setWidth(qreal width);
    void setCurrent(bool current);
    QSizeF size() const;

    /// Where layout wants the chip, in its panel's coordinates.
    QPointF target() const { return m_target; }
    void moveTo(const QPointF &target, bool animate);
    /// Placed for the first time: jumps to its target and fades / scales in.
    bool isFresh() const { return m_fresh; }
    void appear(bool animate);
    /// The pod is gone: fades out and deletes itself.
    void vanish(bool animate);
    void stopMoving();
    /// Writes the tooltip from the pod as it is now. The map calls it when a tooltip is asked for:
    /// building 150,000 tooltips on every status change would be wasted work.
    void updateToolTip();

private:
    void setFill(const QColor &color) { m_fill = color; update(); }

    ClusterMapPod m_pod;
    QColor m_fill, m_version;
    QPointF m_target;
    qreal m_dim = 1.0;
    qreal m_width = kWidth;
    bool m_compact = false;
    bool m_current = false;
    bool m_fresh = true;
    QPropertyAnimation *m_move = nullptr;
    QVariantAnimation *m_colour = nullptr;
};

} // namespace flotilla::widgets
