#include "clustermap.h"

#include "clustermapchip.h"
#include "clustermaplegend.h"
#include "clustermappanel.h"
#include "clustermapstyle.h"

#include <models/nodemodel.h>
#include <models/podmodel.h>

#include <QApplication>
#include <QCollator>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QContextMenuEvent>
#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMap>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace flotilla::widgets {

namespace {
constexpr qreal kMargin = 24;
constexpr qreal kGap = 20;
constexpr qreal kMinPanelWidth = 330;
constexpr qreal kMaxPanelWidth = 560;
constexpr qreal kMaxCompactPanelWidth = 1600; ///< crowded nodes may grow wide when Ctrl+0 fits a big cluster
constexpr qreal kMinZoom = 0.05;
constexpr qreal kMaxZoom = 4.0;

/// Version stripes: distinct on white, and apart from the status greens, ambers and reds.
const QColor kVersionPalette[] = {
    QColor(0x2f, 0x6f, 0xde), QColor(0x8b, 0x5c, 0xf6), QColor(0x0e, 0x9f, 0x9a), QColor(0xdb, 0x27, 0x77),
    QColor(0x4f, 0x46, 0xe5), QColor(0x08, 0x91, 0xb2), QColor(0xa2, 0x1c, 0xaf), QColor(0x9a, 0x34, 0x12),
    QColor(0x15, 0x5e, 0x75), QColor(0x65, 0xa3, 0x0d), QColor(0xbe, 0x12, 0x3c), QColor(0x47, 0x55, 0x69),
};
constexpr int kPaletteSize = int(std::size(kVersionPalette));

bool isSystemNamespace(const QString &ns) { return ns == QLatin1String("kube-system"); }

/// The map's scene. QGraphicsScene answers every window (de)activation, which a view also sends
/// when it is shown or hidden, by sorting all its items and sending the event to each top-level one:
/// at 150,000 chips a page switch to or from the map stalled for 100 ms. No item here takes focus or
/// looks different when inactive (keys go to the view), so activation is not passed on.
class MapScene final : public QGraphicsScene {
public:
    using QGraphicsScene::QGraphicsScene;

protected:
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::WindowActivate || event->type() == QEvent::WindowDeactivate)
            return true;
        return QGraphicsScene::event(event);
    }
};
} // namespace

ClusterMap::ClusterMap(models::NodeModel *nodes, models::PodModel *pods, QWidget *parent)
    : QGraphicsView(parent), m_nodes(nodes), m_pods(pods), m_scene(new MapScene(this)),
      m_legend(new ClusterMapLegend), m_tray(new ClusterMapPanel(ClusterMapPanel::Kind::Tray, QString()))
{
    Q_ASSERT(nodes && pods);
    // Chips move and change often; a BSP index would be rebuilt all the time.
    m_scene->setItemIndexMethod(QGraphicsScene::NoIndex);
    // Always an explicit scene rect (layoutGrid sets the real one): left unset, the scene would measure
    // every item whenever a layout asks the view for its size hint, even while the map is hidden.
    m_scene->setSceneRect(0, 0, 1, 1);
    m_scene->addItem(m_legend);
    m_scene->addItem(m_tray);
    m_tray->hide();
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setFrameShape(QFrame::NoFrame);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setAccessibleName(tr("Cluster map"));
    setFocusPolicy(Qt::StrongFocus);

    m_layoutTimer.setSingleShot(true);
    m_layoutTimer.setInterval(kLayoutDelayMs);
    connect(&m_layoutTimer, &QTimer::timeout, this, &ClusterMap::relayout);

    connect(m_pods, &QAbstractItemModel::rowsInserted, this, &ClusterMap::onPodsInserted);
    connect(m_pods, &QAbstractItemModel::rowsAboutToBeRemoved, this, &ClusterMap::onPodsAboutToBeRemoved);
    connect(m_pods, &QAbstractItemModel::dataChanged, this, &ClusterMap::onPodsChanged);
    connect(m_pods, &QAbstractItemModel::modelReset, this, &ClusterMap::syncAll);
    connect(m_pods, &QAbstractItemModel::layoutChanged, this, &ClusterMap::syncAll);
    connect(m_nodes, &QAbstractItemModel::rowsInserted, this, &ClusterMap::onNodesInserted);
    connect(m_nodes, &QAbstractItemModel::rowsAboutToBeRemoved, this, &ClusterMap::onNodesAboutToBeRemoved);
    connect(m_nodes, &QAbstractItemModel::dataChanged, this, &ClusterMap::onNodesChanged);
    connect(m_nodes, &QAbstractItemModel::modelReset, this, &ClusterMap::syncAll);
    connect(m_nodes, &QAbstractItemModel::layoutChanged, this, &ClusterMap::syncAll);
    syncAll();
}

ClusterMap::~ClusterMap() = default;

// ---- reading the models ----

ClusterMapPod ClusterMap::podAt(int row) const
{
    using models::PodModel;
    const QModelIndex i = m_pods->index(row, PodModel::Name);
    ClusterMapPod p;
    p.key = i.data(models::KeyRole).toString();
    p.name = i.data(models::NameRole).toString();
    p.ns = i.data(models::NamespaceRole).toString();
    p.node = i.data(PodModel::NodeRole).toString();
    p.status = i.data(PodModel::StatusRole).toString();
    p.ready = m_pods->index(row, PodModel::Ready).data().toString();
    p.image = m_pods->index(row, PodModel::Image).data().toString();
    p.object = m_pods->objectAt(row);
    return p;
}

void ClusterMap::onPodsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row) {
        const ClusterMapPod pod = podAt(row);
        if (ClusterMapChip *chip = m_chips.value(pod.key))
            updatePod(chip, pod);
        else
            addPod(pod);
    }
}

void ClusterMap::onPodsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        if (ClusterMapChip *chip = m_chips.value(m_pods->index(row, 0).data(models::KeyRole).toString()))
            removeChip(chip);
}

void ClusterMap::onPodsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const ClusterMapPod pod = podAt(row);
        if (ClusterMapChip *chip = m_chips.value(pod.key))
            updatePod(chip, pod);
        else
            addPod(pod);
    }
}

void ClusterMap::onNodesInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        addOrUpdateNode(row);
}

void ClusterMap::onNodesAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    for (int row = first; row <= last; ++row)
        removeNode(m_nodes->index(row, models::NodeModel::Name).data().toString());
}

void ClusterMap::onNodesChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    using models::NodeModel;
    // CPU and memory in use are not drawn on the panels
    if (topLeft.column() > NodeModel::Memory && bottomRight.column() < NodeModel::Version)
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        if (isVisible()) {
            addOrUpdateNode(row);
        } else if (const auto node = m_nodes->objectAt(row); node && m_panels.contains(QString::fromStdString(node->metadata.name))) {
            m_nodesToUpdate.insert(node->key()); // hidden: the panel catches up when shown
        } else {
            addOrUpdateNode(row);
        }
    }
}

void ClusterMap::syncAll()
{
    // Not a rebuild: what is still there keeps its item (and its place on screen).
    QSet<QString> nodes;
    for (int row = 0; row < m_nodes->rowCount(); ++row) {
        nodes.insert(m_nodes->index(row, models::NodeModel::Name).data().toString());
        addOrUpdateNode(row);
    }
    for (const QString &name : m_panels.keys())
        if (!nodes.contains(name))
            removeNode(name);

    QSet<QString> pods;
    for (int row = 0; row < m_pods->rowCount(); ++row) {
        const ClusterMapPod pod = podAt(row);
        pods.insert(pod.key);
        if (ClusterMapChip *chip = m_chips.value(pod.key))
            updatePod(chip, pod);
        else
            addPod(pod);
    }
    const auto chips = m_chips.values();
    for (ClusterMapChip *chip : chips)
        if (!pods.contains(chip->key()))
            removeChip(chip);
    m_jump = true;
    m_gridDirty = true;
    scheduleLayout();
}

// ---- chips ----

void ClusterMap::addPod(const ClusterMapPod &pod)
{
    auto *chip = new ClusterMapChip(pod);
    chip->setCompact(m_compact);
    chip->setDim(dimFor(pod.ns));
    chip->setVersionColor(stripeFor(pod));
    m_chips.insert(pod.key, chip);
    updateCompact();
    countImage(pod, +1);
    ++m_changes;
    m_legendDirty = true;
    place(chip);
}

void ClusterMap::updateCompact()
{
    // Decided as chips come and go (where the count crosses the threshold), so the switch touches a few
    // hundred chips, never a whole large cluster.
    const bool compact = m_chips.size() > kCompactThreshold;
    if (compact == m_compact)
        return;
    m_compact = compact;
    for (ClusterMapChip *chip : std::as_const(m_chips))
        chip->setCompact(compact);
    invalidateAll();
    scheduleLayout();
}

void ClusterMap::countImage(const ClusterMapPod &pod, int delta)
{
    if (isSystemNamespace(pod.ns))
        return;
    auto &images = m_imageCounts[pod.ns];
    int &count = images[pod.image];
    count += delta;
    if (count <= 0) {
        images.remove(pod.image);
        if (images.isEmpty())
            m_imageCounts.remove(pod.ns);
    }
}

void ClusterMap::updatePod(ClusterMapChip *chip, const ClusterMapPod &pod)
{
    const ClusterMapPod old = chip->pod();
    if (chip->setPod(pod)) {
        if (isVisible()) {
            m_recolour.insert(chip);
            ++m_changes;
            scheduleLayout();
        } else {
            chip->showStatus(false); // no one is looking: no backlog for the next time the map is shown
        }
    }
    if (pod.image != old.image || pod.ns != old.ns) {
        countImage(old, -1);
        countImage(pod, +1);
        chip->setVersionColor(stripeFor(pod));
        chip->setDim(dimFor(pod.ns));
        m_legendDirty = true;
        scheduleLayout();
    }
    if (pod.node != old.node)
        place(chip);
}

void ClusterMap::removeChip(ClusterMapChip *chip)
{
    if (m_chips.remove(chip->key())) {
        countImage(chip->pod(), -1);
        updateCompact();
    }
    m_recolour.remove(chip);
    if (ClusterMapPanel *panel = chipPanel(chip)) {
        panel->removeChip(chip);
        markDirty(panel);
    }
    if (m_current == chip)
        setCurrentItem(nullptr);
    if (isVisible())
        m_dying.emplace_back(chip); // fades out at the next layout
    else
        chip->vanish(false);
    ++m_changes;
    m_legendDirty = true;
}

void ClusterMap::place(ClusterMapChip *chip)
{
    const QString &node = chip->pod().node;
    ClusterMapPanel *to = node.isEmpty() ? m_tray : m_panels.value(node, m_tray);
    ClusterMapPanel *from = chipPanel(chip);
    if (from == to)
        return;
    // Keep the chip where it is on screen, then let layout move it to its new place.
    const QPointF scenePos = chip->scenePos();
    chip->stopMoving();
    if (from) {
        from->removeChip(chip);
        markDirty(from);
        ++m_changes;
    }
    chip->setParentItem(to);
    to->addChip(chip);
    if (!chip->isFresh())
        chip->setPos(to->mapFromScene(scenePos));
    markDirty(to);
}

ClusterMapPanel *ClusterMap::chipPanel(const ClusterMapChip *chip) const
{
    return chip ? qgraphicsitem_cast<ClusterMapPanel *>(chip->parentItem()) : nullptr;
}

// ---- nodes ----

void ClusterMap::addOrUpdateNode(int row)
{
    using models::NodeModel;
    ClusterMapNode n;
    const QModelIndex i = m_nodes->index(row, NodeModel::Name);
    n.name = i.data().toString();
    n.status = m_nodes->index(row, NodeModel::Status).data().toString();
    n.roles = m_nodes->index(row, NodeModel::Roles).data().toString();
    n.version = m_nodes->index(row, NodeModel::Version).data().toString();
    n.ip = m_nodes->index(row, NodeModel::InternalIP).data().toString();
    n.podsText = m_nodes->index(row, NodeModel::Pods).data().toString();
    n.cpuText = m_nodes->index(row, NodeModel::Cpu).data().toString();
    n.memoryText = m_nodes->index(row, NodeModel::Memory).data().toString();
    n.ready = i.data(NodeModel::ReadyRole).toBool();
    n.cpuFraction = i.data(NodeModel::CpuFractionRole).toDouble();
    n.memoryFraction = i.data(NodeModel::MemoryFractionRole).toDouble();
    n.object = m_nodes->objectAt(row);
    if (n.name.isEmpty())
        return;

    ClusterMapPanel *panel = m_panels.value(n.name);
    if (!panel) {
        panel = new ClusterMapPanel(ClusterMapPanel::Kind::Node, n.name);
        m_scene->addItem(panel);
        m_panels.insert(n.name, panel);
        m_sortedValid = false;
        panel->setNode(n);
        m_gridDirty = true;
        markDirty(panel);
        // Pods that arrived before their node waited in the tray.
        const auto waiting = m_tray->chips();
        for (ClusterMapChip *chip : waiting)
            if (chip->pod().node == n.name)
                place(chip);
        return;
    }
    const ClusterMapNode &old = panel->node();
    const bool relayoutNeeded = old.ready != n.ready || old.status != n.status || old.roles != n.roles;
    if (old.roles != n.roles)
        m_sortedValid = false; // the control plane comes first
    panel->setNode(n);
    if (relayoutNeeded) {
        m_gridDirty = true;
        markDirty(panel);
    }
}

void ClusterMap::removeNode(const QString &name)
{
    ClusterMapPanel *panel = m_panels.take(name);
    if (!panel)
        return;
    m_sortedValid = false;
    const auto chips = panel->chips();
    for (ClusterMapChip *chip : chips)
        place(chip); // to the tray: the node is gone
    m_dirty.remove(panel);
    if (m_current == panel)
        setCurrentItem(nullptr);
    delete panel; // and the chips still fading out in it
    m_gridDirty = true;
    scheduleLayout();
}

// ---- layout ----

void ClusterMap::markDirty(ClusterMapPanel *panel)
{
    m_dirty.insert(panel);
    scheduleLayout();
}

void ClusterMap::scheduleLayout()
{
    if (!m_layoutTimer.isActive())
        m_layoutTimer.start();
}

void ClusterMap::relayout() { relayoutWithin(kLayoutSliceMs); }

void ClusterMap::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    catchUpNodes();
    // What changed while hidden is laid out now, before the first paint: the grid and the panels in
    // view at once, the rest in the next turns of the event loop.
    m_jump = true;
    relayout();
}

void ClusterMap::catchUpNodes()
{
    if (!isVisible())
        return;
    if (!m_nodesToUpdate.empty()) {
        // once per show: the panels in view first
        const QRectF inView = mapToScene(viewport()->rect()).boundingRect();
        std::vector<std::string> fresh(m_nodesToUpdate.begin(), m_nodesToUpdate.end());
        m_nodesToUpdate.clear();
        std::stable_partition(fresh.begin(), fresh.end(), [&](const std::string &key) {
            const ClusterMapPanel *panel = m_panels.value(QString::fromStdString(key)); // a node's key is its name
            return panel && panel->sceneBoundingRect().intersects(inView);
        });
        m_nodeQueue.insert(m_nodeQueue.begin(), fresh.begin(), fresh.end());
    }
    QElapsedTimer spent;
    spent.start();
    std::size_t done = 0;
    for (; done < m_nodeQueue.size() && spent.elapsed() < kNodeSliceMs; ++done)
        if (const int row = m_nodes->rowOf(m_nodeQueue[done]); row >= 0)
            addOrUpdateNode(row);
    m_nodeQueue.erase(m_nodeQueue.begin(), m_nodeQueue.begin() + std::ptrdiff_t(done));
    if (!m_nodeQueue.empty())
        QTimer::singleShot(0, this, &ClusterMap::catchUpNodes);
}

void ClusterMap::relayoutWithin(qint64 budgetMs)
{
    m_layoutTimer.stop();
    // Hidden, nothing is laid out: thousands of panels would keep the GUI thread busy for a page no one
    // looks at. The dirty panels wait for showEvent.
    if (!isVisible() && budgetMs >= 0)
        return;
    QElapsedTimer spent;
    spent.start();
    const bool animate = !m_jump && isVisible() && m_changes <= kMaxAnimatedChanges;
    m_jump = false;
    m_changes = 0;

    updateCompact();

    // The grid: as many columns of panels as fit the view's width (at zoom 1), control plane first.
    const GridShape shape = gridShape(m_spanFactor);
    const qreal panelWidth = shape.panelWidth, contentWidth = shape.contentWidth;
    if (!qFuzzyCompare(panelWidth, m_layoutWidth)) {
        m_layoutWidth = panelWidth;
        invalidateAll();
    }

    for (ClusterMapChip *chip : std::as_const(m_recolour))
        chip->showStatus(animate);
    m_recolour.clear();

    // The panels in view first; within a time slice, so that thousands of dirty panels (a page shown
    // after a burst) never hold the GUI thread for long: the rest follow on the next turns of the loop.
    std::vector<ClusterMapPanel *> order(m_dirty.cbegin(), m_dirty.cend());
    const QRectF inView = mapToScene(viewport()->rect()).boundingRect();
    std::stable_partition(order.begin(), order.end(),
                          [&](const ClusterMapPanel *p) { return p->sceneBoundingRect().intersects(inView); });
    // The grid first, from the heights the chips will need (arithmetic, before any chip moves), so that
    // every panel is in its place even while its chips wait for a later pass.
    bool heightsChanged = false;
    for (ClusterMapPanel *panel : order) {
        const qreal width = panel == m_tray ? contentWidth : panelWidth;
        heightsChanged |= panel == m_tray || !qFuzzyCompare(panel->heightFor(width, m_compact), panel->naturalHeight());
    }
    if (m_legendDirty)
        updateLegend();
    if (m_gridDirty || heightsChanged)
        layoutGrid(animate);
    m_gridDirty = false;
    for (ClusterMapPanel *panel : order) {
        if (budgetMs >= 0 && spent.elapsed() >= budgetMs)
            break;
        panel->layoutChips(panel == m_tray ? contentWidth : panelWidth, m_compact, animate);
        panel->update();
        m_dirty.remove(panel);
    }
    if (!m_dirty.isEmpty()) {
        m_jump = m_jump || !animate; // a pass that jumped jumps to the end (no thousands of animations)
        QTimer::singleShot(0, this, [this] {
            if (!m_dirty.isEmpty() && !m_layoutTimer.isActive())
                relayout();
        });
    }

    for (const auto &chip : m_dying)
        if (chip)
            chip->vanish(animate);
    m_dying.clear();
}

void ClusterMap::invalidateAll()
{
    m_gridDirty = true;
    for (ClusterMapPanel *panel : std::as_const(m_panels))
        m_dirty.insert(panel);
    m_dirty.insert(m_tray);
}

ClusterMap::GridShape ClusterMap::gridShape(qreal spanFactor) const
{
    const qreal available = std::max(kMinPanelWidth, viewport()->width() * spanFactor - 2 * kMargin);
    const int columns = std::clamp(int((available + kGap) / (kMinPanelWidth + kGap)), 1, std::max(1, int(m_panels.size())));
    const qreal widest = m_compact && spanFactor > 1 ? kMaxCompactPanelWidth : kMaxPanelWidth;
    const qreal panelWidth = std::min(widest, (available - kGap * (columns - 1)) / columns);
    return {columns, panelWidth, columns * panelWidth + (columns - 1) * kGap};
}

const QList<ClusterMapPanel *> &ClusterMap::sortedPanels() const
{
    if (m_sortedValid)
        return m_sorted;
    static const QCollator collator = [] {
        QCollator c;
        c.setNumericMode(true);
        return c;
    }();
    m_sorted = m_panels.values();
    std::sort(m_sorted.begin(), m_sorted.end(), [](const ClusterMapPanel *a, const ClusterMapPanel *b) {
        if (a->isControlPlane() != b->isControlPlane())
            return a->isControlPlane();
        return collator.compare(a->name(), b->name()) < 0;
    });
    m_sortedValid = true;
    return m_sorted;
}

qreal ClusterMap::gridHeight(const GridShape &shape) const
{
    const auto panels = sortedPanels();
    qreal y = kMargin + m_legend->boundingRect().height() + 16;
    for (qsizetype first = 0; first < panels.size(); first += shape.columns) {
        qreal rowHeight = 0;
        for (qsizetype i = first; i < std::min(panels.size(), first + shape.columns); ++i)
            rowHeight = std::max(rowHeight, panels[i]->heightFor(shape.panelWidth, m_compact));
        y += rowHeight + kGap;
    }
    if (!m_tray->chips().empty())
        y += m_tray->heightFor(shape.contentWidth, m_compact) + kGap;
    return y - kGap + kMargin;
}

void ClusterMap::layoutGrid(bool animate)
{
    const GridShape shape = gridShape(m_spanFactor);
    const int columns = shape.columns;
    const qreal panelWidth = m_layoutWidth;
    const qreal contentWidth = shape.contentWidth;

    m_legend->setPos(kMargin, kMargin);
    qreal y = kMargin + m_legend->setWidth(contentWidth) + 16;

    const auto panels = sortedPanels();
    for (qsizetype first = 0; first < panels.size(); first += columns) {
        const qsizetype last = std::min(panels.size(), first + columns);
        qreal rowHeight = 0;
        for (qsizetype i = first; i < last; ++i)
            rowHeight = std::max(rowHeight, panels[i]->measure(panelWidth, m_compact));
        for (qsizetype i = first; i < last; ++i) {
            panels[i]->setSize(QSizeF(panelWidth, rowHeight));
            panels[i]->moveTo(QPointF(kMargin + (i - first) * (panelWidth + kGap), y), animate);
        }
        y += rowHeight + kGap;
    }
    const bool trayShown = !m_tray->chips().empty();
    const bool trayWasShown = m_tray->isVisible();
    m_tray->setVisible(trayShown);
    if (trayShown) {
        m_tray->setSize(QSizeF(contentWidth, m_tray->measure(contentWidth, m_compact)));
        m_tray->moveTo(QPointF(kMargin, y), animate && trayWasShown);
        y += m_tray->naturalHeight() + kGap;
    }
    m_scene->setSceneRect(0, 0, contentWidth + 2 * kMargin, y - kGap + kMargin);
}

void ClusterMap::updateLegend()
{
    m_legendDirty = false;
    QMap<QString, int> shown;  // sorted by image
    QSet<QString> used;
    for (auto ns = m_imageCounts.cbegin(); ns != m_imageCounts.cend(); ++ns)
        for (auto image = ns->cbegin(); image != ns->cend(); ++image) {
            used.insert(image.key());
            if (m_namespaceFilter.isEmpty() || ns.key() == m_namespaceFilter)
                shown[image.key()] += image.value();
        }
    // Free the colours of versions that are gone, so that the next ones can have them.
    for (auto it = m_versionSlot.begin(); it != m_versionSlot.end();)
        it = used.contains(it.key()) ? std::next(it) : m_versionSlot.erase(it);
    QList<ClusterMapLegend::Entry> entries;
    for (auto it = shown.cbegin(); it != shown.cend(); ++it)
        entries.push_back({it.key().isEmpty() ? tr("(no image)") : it.key(), versionColor(it.key()), it.value()});
    const qreal before = m_legend->boundingRect().height();
    m_legend->setVersions(entries);
    if (!qFuzzyCompare(m_legend->boundingRect().height(), before))
        m_gridDirty = true;
}

QColor ClusterMap::versionColor(const QString &image) const
{
    const auto it = m_versionSlot.constFind(image);
    return it == m_versionSlot.cend() ? QColor() : kVersionPalette[*it];
}

QColor ClusterMap::assignVersion(const QString &image)
{
    if (const auto it = m_versionSlot.constFind(image); it != m_versionSlot.cend())
        return kVersionPalette[*it];
    // A stable first choice from the image's name; the next free colour if another version has it.
    const int preferred = int(qHash(image, 0) % kPaletteSize);
    QSet<int> taken;
    for (const int slot : std::as_const(m_versionSlot))
        taken.insert(slot);
    int slot = preferred;
    for (int i = 0; i < kPaletteSize; ++i) {
        if (!taken.contains((preferred + i) % kPaletteSize)) {
            slot = (preferred + i) % kPaletteSize;
            break;
        }
    }
    m_versionSlot.insert(image, slot);
    return kVersionPalette[slot];
}

QColor ClusterMap::stripeFor(const ClusterMapPod &pod)
{
    return isSystemNamespace(pod.ns) ? mapstyle::systemStripe() : assignVersion(pod.image);
}

qreal ClusterMap::dimFor(const QString &ns) const
{
    const bool system = isSystemNamespace(ns);
    if (m_namespaceFilter.isEmpty())
        return system ? 0.6 : 1.0;
    if (ns == m_namespaceFilter)
        return 1.0;
    return system ? 0.45 : 0.22;
}

void ClusterMap::setNamespaceFilter(const QString &ns)
{
    if (ns == m_namespaceFilter)
        return;
    m_namespaceFilter = ns;
    for (ClusterMapChip *chip : std::as_const(m_chips))
        chip->setDim(dimFor(chip->pod().ns));
    m_legendDirty = true;
    scheduleLayout();
}

// ---- queries ----

int ClusterMap::chipCount() const { return int(m_chips.size()); }

int ClusterMap::panelCount() const { return int(m_panels.size()); }

QRectF ClusterMap::chipRect(const QString &podKey) const
{
    const ClusterMapChip *chip = m_chips.value(podKey);
    const ClusterMapPanel *panel = chipPanel(chip);
    if (!chip || !panel || chip->isFresh())
        return {};
    return QRectF(panel->target() + chip->target(), chip->size());
}

QString ClusterMap::chipNode(const QString &podKey) const
{
    const ClusterMapPanel *panel = chipPanel(m_chips.value(podKey));
    return panel && panel != m_tray ? panel->name() : QString();
}

QRectF ClusterMap::panelRect(const QString &node) const
{
    const ClusterMapPanel *panel = m_panels.value(node);
    return panel ? QRectF(panel->target(), panel->size()) : QRectF();
}

QString ClusterMap::panelStatus(const QString &node) const
{
    const ClusterMapPanel *panel = m_panels.value(node);
    return panel ? panel->node().status : QString();
}

QStringList ClusterMap::legend() const
{
    QStringList out;
    for (const auto &entry : m_legend->versions())
        out << entry.label;
    return out;
}

// ---- zoom and pan ----

qreal ClusterMap::zoom() const { return transform().m11(); }

void ClusterMap::applyZoom(qreal factor)
{
    const qreal current = zoom();
    const qreal next = std::clamp(current * factor, kMinZoom, kMaxZoom);
    if (!qFuzzyCompare(next, current))
        scale(next / current, next / current);
}

void ClusterMap::zoomIn()
{
    const auto anchor = transformationAnchor();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    applyZoom(1.25);
    setTransformationAnchor(anchor);
}

void ClusterMap::zoomOut()
{
    const auto anchor = transformationAnchor();
    setTransformationAnchor(QGraphicsView::AnchorViewCenter);
    applyZoom(1 / 1.25);
    setTransformationAnchor(anchor);
}

void ClusterMap::resetZoom()
{
    resetTransform();
    if (!qFuzzyCompare(m_spanFactor, 1.0)) {
        m_spanFactor = 1;
        m_jump = true;
        scheduleLayout();
    }
}

void ClusterMap::fitAll()
{
    if (m_layoutTimer.isActive() || !m_dirty.isEmpty())
        relayoutWithin(-1);
    // A big cluster is taller than wide: widen the grid (more columns of panels) until the whole of it
    // fills the view best, then zoom to it.
    const QSizeF view = viewport()->size();
    if (view.isEmpty())
        return;
    qreal bestScale = 0, bestFactor = 1;
    for (qreal factor = 1; factor <= 12; factor *= 1.25) {
        const GridShape shape = gridShape(factor);
        const qreal scale = std::min(view.width() / (shape.contentWidth + 2 * kMargin), view.height() / gridHeight(shape));
        if (scale > bestScale * 1.02) {
            bestScale = scale;
            bestFactor = factor;
        }
        if (shape.columns >= int(m_panels.size()) && shape.panelWidth >= (m_compact ? kMaxCompactPanelWidth : kMaxPanelWidth))
            break; // wider adds nothing
    }
    if (!qFuzzyCompare(bestFactor, m_spanFactor)) {
        m_spanFactor = bestFactor;
        m_jump = true;
        relayoutWithin(-1);
    }
    const QRectF all = m_scene->sceneRect();
    if (all.isEmpty())
        return;
    fitInView(all, Qt::KeepAspectRatio);
    const qreal z = zoom();
    const qreal clamped = std::clamp(z, kMinZoom, 2.0);
    if (!qFuzzyCompare(z, clamped))
        scale(clamped / z, clamped / z);
}

QSize ClusterMap::sizeHint() const
{
    // Not the scene's size: a cluster of thousands of nodes must not size the window.
    return QSize(800, 600);
}

void ClusterMap::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    m_jump = true; // reflowing while the user drags the window edge should follow the edge, not chase it
    scheduleLayout();
}

void ClusterMap::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        applyZoom(std::pow(1.0015, event->angleDelta().y()));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

bool ClusterMap::viewportEvent(QEvent *event)
{
    // Tooltips are written when asked for, from what the chip or panel under the cursor shows now.
    if (event->type() == QEvent::ToolTip) {
        for (QGraphicsItem *item = itemAt(static_cast<QHelpEvent *>(event)->pos()); item; item = item->parentItem()) {
            if (auto *chip = qgraphicsitem_cast<ClusterMapChip *>(item)) {
                chip->updateToolTip();
                break;
            }
            if (auto *panel = qgraphicsitem_cast<ClusterMapPanel *>(item)) {
                panel->updateToolTip();
                break;
            }
        }
    }
    return QGraphicsView::viewportEvent(event);
}

void ClusterMap::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (event->matches(QKeySequence::ZoomIn) || (ctrl && event->key() == Qt::Key_Equal)) {
        zoomIn();
    } else if (event->matches(QKeySequence::ZoomOut)) {
        zoomOut();
    } else if (ctrl && event->key() == Qt::Key_0) {
        fitAll();
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

// ---- clicks ----

QGraphicsItem *ClusterMap::objectItemAt(const QPoint &pos, engine::api::ObjectPtr *object) const
{
    const auto under = items(pos);
    for (QGraphicsItem *item : under) {
        if (auto *chip = qgraphicsitem_cast<ClusterMapChip *>(item)) {
            if (m_chips.value(chip->key()) != chip)
                continue; // fading out
            *object = chip->pod().object;
            return chip;
        }
        if (auto *panel = qgraphicsitem_cast<ClusterMapPanel *>(item)) {
            if (panel->kind() != ClusterMapPanel::Kind::Node)
                return nullptr;
            *object = panel->node().object;
            return panel;
        }
    }
    return nullptr;
}

void ClusterMap::setCurrentItem(QGraphicsItem *item)
{
    if (auto *chip = qgraphicsitem_cast<ClusterMapChip *>(m_current.data()))
        chip->setCurrent(false);
    else if (auto *panel = qgraphicsitem_cast<ClusterMapPanel *>(m_current.data()))
        panel->setCurrent(false);
    m_current = nullptr;
    if (auto *chip = qgraphicsitem_cast<ClusterMapChip *>(item)) {
        chip->setCurrent(true);
        m_current = chip;
    } else if (auto *panel = qgraphicsitem_cast<ClusterMapPanel *>(item)) {
        panel->setCurrent(true);
        m_current = panel;
    }
}

void ClusterMap::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void ClusterMap::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    const QPoint pos = event->position().toPoint();
    if (event->button() != Qt::LeftButton || (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance())
        return; // that was a pan
    engine::api::ObjectPtr object;
    QGraphicsItem *item = objectItemAt(pos, &object);
    setCurrentItem(item);
    if (object)
        emit objectActivated(object);
}

void ClusterMap::mouseDoubleClickEvent(QMouseEvent *event)
{
    engine::api::ObjectPtr object;
    objectItemAt(event->position().toPoint(), &object);
    if (event->button() == Qt::LeftButton && object) {
        emit objectOpened(object);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void ClusterMap::contextMenuEvent(QContextMenuEvent *event)
{
    engine::api::ObjectPtr object;
    QGraphicsItem *item = objectItemAt(event->pos(), &object);
    if (!object) {
        event->ignore();
        return;
    }
    setCurrentItem(item);
    emit contextMenuRequested(object, event->globalPos());
    event->accept();
}

void ClusterMap::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, mapstyle::canvas());
}

} // namespace flotilla::widgets
