#pragma once

#include <string>
#include <unordered_set>

#include <engine/api/object.h>

#include <QGraphicsObject>
#include <QGraphicsView>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <vector>

namespace flotilla::models {
class NodeModel;
class PodModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class ClusterMapChip;
class ClusterMapLegend;
class ClusterMapPanel;
struct ClusterMapPod;

/// The cluster map: every node as a panel (status, roles, request bars) holding its pods as chips coloured
/// by status and striped by version, live. Follows a NodeModel and a PodModel through their row signals
/// and changes only the chips a batch touched; layout is coalesced on a short timer and redone only for the
/// panels that changed. Chips fade in, move and fade out (not when a batch changes thousands at once).
/// Ctrl+wheel / Ctrl+Plus / Ctrl+Minus zoom, Ctrl+0 fits, dragging pans.
class ClusterMap final : public QGraphicsView {
    Q_OBJECT
public:
    /// Above this many chips changed at once, the map jumps instead of animating.
    static constexpr int kMaxAnimatedChanges = 2000;
    /// Above this many pods, chips become small squares without names.
    static constexpr int kCompactThreshold = 400;
    static constexpr int kLayoutDelayMs = 50;
    /// Longest a layout pass runs before it lets the event loop turn (the rest follows at once).
    static constexpr int kLayoutSliceMs = 8;
    /// How long a show may spend bringing panels of nodes that changed while hidden up to date.
    static constexpr int kNodeSliceMs = 4;

    ClusterMap(models::NodeModel *nodes, models::PodModel *pods, QWidget *parent = nullptr);
    ~ClusterMap() override;

    /// Pods on the map (chips fading out are no longer counted).
    int chipCount() const;
    /// Node panels (the Unscheduled tray is not counted).
    int panelCount() const;
    /// The chip's place in the scene once laid out; empty if there is no such chip.
    QRectF chipRect(const QString &podKey) const;
    /// The node whose panel holds the chip; empty for the Unscheduled tray or no such chip.
    QString chipNode(const QString &podKey) const;
    /// The node panel's place in the scene; empty if there is no such node.
    QRectF panelRect(const QString &node) const;
    /// The status a node panel shows ("Ready", "NotReady", "Ready,SchedulingDisabled"); empty if none.
    QString panelStatus(const QString &node) const;
    /// The versions (images) in the legend, in legend order: the workloads' images, not the system pods'.
    QStringList legend() const;
    /// The stripe colour of a version (image); invalid if it is not on the map.
    QColor versionColor(const QString &image) const;

    QString namespaceFilter() const { return m_namespaceFilter; }
    /// Empty: every namespace. Pods outside the namespace are drawn faint; system pods are always dimmed.
    void setNamespaceFilter(const QString &ns);
    qreal zoom() const;
    QSize sizeHint() const override;

public slots:
    /// Zooms so that the whole cluster is in view.
    void fitAll();
    void zoomIn();
    void zoomOut();
    void resetZoom();

signals:
    /// A chip (pod) or a panel (node) was clicked.
    void objectActivated(const flotilla::engine::api::ObjectPtr &object);
    /// A chip or panel was double-clicked.
    void objectOpened(const flotilla::engine::api::ObjectPtr &object);
    void contextMenuRequested(const flotilla::engine::api::ObjectPtr &object, const QPoint &globalPos);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void onPodsInserted(const QModelIndex &parent, int first, int last);
    void onPodsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onPodsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onNodesInserted(const QModelIndex &parent, int first, int last);
    void onNodesAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onNodesChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    /// After a reset (or at start): brings the map in line with the models, keeping what did not change.
    void syncAll();

    ClusterMapPod podAt(int row) const;
    void addPod(const ClusterMapPod &pod);
    void updatePod(ClusterMapChip *chip, const ClusterMapPod &pod);
    void removeChip(ClusterMapChip *chip);
    void addOrUpdateNode(int row);
    void removeNode(const QString &name);
    /// Puts a chip in the panel of its node, or in the tray.
    void place(ClusterMapChip *chip);
    ClusterMapPanel *chipPanel(const ClusterMapChip *chip) const;

    void markDirty(ClusterMapPanel *panel);
    void scheduleLayout();
    void relayout();
    /// Lays out what changed: within `budgetMs` (the panels in view first), or all of it for -1.
    /// Node panels changed while the map was hidden catch up, within a slice, the ones in view first.
    void catchUpNodes();
    void relayoutWithin(qint64 budgetMs);
    void layoutGrid(bool animate);
    struct GridShape {
        int columns;
        qreal panelWidth, contentWidth;
    };
    /// Columns of panels for a width factor of the viewport's width.
    GridShape gridShape(qreal spanFactor) const;
    /// Control plane first, then by name in numeric order (cached until panels come, go or change roles).
    const QList<ClusterMapPanel *> &sortedPanels() const;
    /// The scene height the grid would take with this shape.
    qreal gridHeight(const GridShape &shape) const;
    void invalidateAll();
    void updateLegend();
    qreal dimFor(const QString &ns) const;
    /// The version's stripe colour, given one if it has none yet.
    QColor assignVersion(const QString &image);
    QColor stripeFor(const ClusterMapPod &pod);
    void applyZoom(qreal factor);
    /// The chip or panel at a viewport position, and its object.
    QGraphicsItem *objectItemAt(const QPoint &pos, engine::api::ObjectPtr *object) const;
    void setCurrentItem(QGraphicsItem *item);

    models::NodeModel *m_nodes;
    models::PodModel *m_pods;
    QGraphicsScene *m_scene;
    ClusterMapLegend *m_legend;
    ClusterMapPanel *m_tray;
    QHash<QString, ClusterMapPanel *> m_panels; ///< node name -> panel
    std::unordered_set<std::string> m_nodesToUpdate; ///< nodes changed while the map was hidden (keys)
    std::vector<std::string> m_nodeQueue;            ///< of those, the ones still to bring up to date
    QHash<QString, ClusterMapChip *> m_chips;   ///< pod key -> chip
    mutable QList<ClusterMapPanel *> m_sorted;  ///< sortedPanels()
    mutable bool m_sortedValid = false;
    QSet<ClusterMapPanel *> m_dirty;
    QSet<ClusterMapChip *> m_recolour;         ///< chips whose status changed since the last layout
    std::vector<QPointer<ClusterMapChip>> m_dying;
    QHash<QString, int> m_versionSlot;          ///< image -> palette index
    /// Pods outside kube-system per namespace and image, kept as chips come and go, so the legend
    /// never walks every chip.
    QHash<QString, QHash<QString, int>> m_imageCounts;
    void countImage(const ClusterMapPod &pod, int delta);
    void updateCompact();
    QString m_namespaceFilter;
    QTimer m_layoutTimer;
    int m_changes = 0;        ///< chips added, moved or removed since the last layout
    bool m_gridDirty = true;
    bool m_legendDirty = true;
    bool m_compact = false;
    bool m_jump = true;       ///< the next layout does not animate (first fill, resize)
    qreal m_layoutWidth = 0;
    qreal m_spanFactor = 1; ///< the grid's width, in viewport widths (Ctrl+0 widens it to fill the view)
    QPoint m_pressPos;
    QPointer<QGraphicsObject> m_current;
};

} // namespace flotilla::widgets
