#pragma once

#include <engine/api/object.h>

#include <QGraphicsObject>

#include <vector>

class QPropertyAnimation;

namespace flotilla::widgets {

class ClusterMapChip;

/// What the cluster map shows of a node (read from the NodeModel once per change).
struct ClusterMapNode {
    QString name, status, roles, version, ip, podsText, cpuText, memoryText;
    bool ready = true;
    double cpuFraction = 0, memoryFraction = 0;
    engine::api::ObjectPtr object;
};

/// A node on the cluster map: a rounded panel with its name, roles, status, request bars and a grid of its
/// pods' chips (children, so that the panel carries them when it moves). The "Unscheduled" tray is a panel too.
class ClusterMapPanel final : public QGraphicsObject {
    Q_OBJECT
public:
    enum { Type = UserType + 0x4d02 };
    enum class Kind { Node, Tray };
    static constexpr qreal kPadding = 14;
    static constexpr qreal kChipGap = 6;

    ClusterMapPanel(Kind kind, const QString &name, QGraphicsItem *parent = nullptr);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    Kind kind() const { return m_kind; }
    const QString &name() const { return m_name; }
    const ClusterMapNode &node() const { return m_node; }
    void setNode(const ClusterMapNode &node);
    bool isControlPlane() const;
    bool isCordoned() const;

    const std::vector<ClusterMapChip *> &chips() const { return m_chips; }
    void addChip(ClusterMapChip *chip);
    void removeChip(ClusterMapChip *chip);

    /// Lays the chips out in a grid for this width; returns the height the panel needs.
    qreal layoutChips(qreal width, bool compact, bool animate);
    qreal naturalHeight() const { return m_naturalHeight; }
    /// The height its chips need at this width (before they are laid out); naturalHeight() from now on.
    qreal measure(qreal width, bool compact) { return m_naturalHeight = heightFor(width, compact); }
    /// The height layoutChips() would give, without moving anything.
    qreal heightFor(qreal width, bool compact) const;
    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }
    /// Where layout wants the panel, in scene coordinates.
    QPointF target() const { return m_target; }
    void moveTo(const QPointF &target, bool animate);
    void setCurrent(bool current);
    /// Writes the tooltip from the node as it is now; the map calls it when a tooltip is asked for.
    void updateToolTip();

private:
    qreal headerHeight() const;
    void paintHeader(QPainter *painter, const QRectF &r, qreal lod) const;
    void paintBar(QPainter *painter, const QRectF &r, const QString &label, double fraction) const;

    Kind m_kind;
    QString m_name;
    ClusterMapNode m_node;
    std::vector<ClusterMapChip *> m_chips;
    QSizeF m_size{320, 120};
    qreal m_naturalHeight = 120;
    QPointF m_target;
    bool m_current = false;
    QPropertyAnimation *m_move = nullptr;
};

} // namespace flotilla::widgets
