#pragma once

#include <QColor>
#include <QGraphicsObject>
#include <QList>

namespace flotilla::widgets {

/// The key at the top of the cluster map: the versions (images) running, each with its stripe colour and
/// pod count, and what the chip colours mean.
class ClusterMapLegend final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 0x4d03 };
    struct Entry {
        QString label;
        QColor color;
        int count = 0;
    };

    explicit ClusterMapLegend(QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setVersions(const QList<Entry> &versions);
    const QList<Entry> &versions() const { return m_versions; }
    /// Flows the entries into rows of this width; returns the height.
    qreal setWidth(qreal width);

private:
    struct Placed {
        QRectF rect;
        QString text;
        QColor color;
        enum class Shape { Heading, Stripe, Dot, Hint } shape;
    };
    void relayout();

    QList<Entry> m_versions;
    QList<Placed> m_placed;
    qreal m_width = 600;
    qreal m_height = 28;
};

} // namespace flotilla::widgets
