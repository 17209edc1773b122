#pragma once

#include <backends/backend.h>
#include <engine/api/object.h>

#include <QAbstractTableModel>
#include <QPointer>
#include <QStringList>

#include <climits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

Q_DECLARE_METATYPE(flotilla::engine::api::ObjectPtr)

namespace flotilla::engine::api {
struct PodTemplate;
}

namespace flotilla::models {

/// Roles every object model answers (subclasses add their own after LastCommonRole).
enum CommonRole {
    ObjectRole = Qt::UserRole + 1, ///< the ObjectPtr snapshot
    KeyRole,                       ///< "namespace/name"
    NamespaceRole,
    NameRole,
    SortRole,                      ///< a value that sorts naturally (numbers for numbers, times for ages)
    LastCommonRole
};

/// Header role: a typical widest value of a column, so views can size columns before data arrives.
constexpr int TypicalTextRole = Qt::UserRole + 100;

/// One column of an object table, as its header shows it. title and toolTip are marked with QT_TR_NOOP
/// in the model's own class, so they are translated in its context; sample is a typical widest value
/// (TypicalTextRole), never translated. A nullptr toolTip or sample: the column has none.
struct ColumnSpec {
    const char *title;
    const char *toolTip = nullptr;
    const char *sample = nullptr;
};

/// The table of one kind's objects, fed by a backend's change batches. Keeps an id -> row index for
/// O(1) lookups and applies each batch with the narrowest notifications: ranged removes, dataChanged
/// over contiguous updated rows, one insert at the end. Never resets for a routine change.
/// Subclasses keep a per-row cache of what they display (computed once per change, not per paint).
class ObjectTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    ObjectTableModel(std::string kind, QObject *parent = nullptr);

    /// Follows a backend: every batch it delivers is applied; nullptr detaches.
    void setBackend(backends::Backend *backend);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Applies the events of this model's kind; others are ignored.
    void applyBatch(const backends::ChangeBatch &batch);
    void applyEvents(std::span<const engine::store::WatchEvent> events);
    /// Removes every row (the backend changed).
    void clear();

    int rowOf(const std::string &key) const;
    engine::api::ObjectPtr objectAt(int row) const;
    /// The object as views may show it (ObjectRole): objectAt(), or a copy with what must stay hidden
    /// masked (a Secret's values until revealed).
    virtual engine::api::ObjectPtr shownObject(int row) const { return objectAt(row); }
    const std::string &kind() const { return m_kind; }

    /// The time ages are measured against (the simulation clock). Ages are computed in data(), so
    /// views repaint to show them move; sorting uses creation times, which do not change.
    void setNow(engine::TimeMs now) { m_now = now; }
    engine::TimeMs now() const { return m_now; }

signals:
    /// After each batch that touched this model.
    void objectsChanged();
    /// Around the row signals of one batch (removals, updates, inserts, in that order), so that a proxy
    /// can answer them with one layout change instead of one per scattered row.
    void batchAboutToBeApplied();
    void batchApplied();

protected:
    /// The columns, in the order of the subclass's Column enum.
    virtual std::span<const ColumnSpec> columns() const = 0;

    /// Row caches, kept parallel to the object rows.
    virtual void cacheAppend(const engine::api::ObjectPtr &object) = 0;
    virtual void cacheUpdate(int row, const engine::api::ObjectPtr &object) = 0;
    virtual void cacheErase(int first, int last) = 0; // inclusive
    virtual void cacheClear() = 0;
    virtual QVariant cellData(int row, int column, int role) const = 0;
    /// Events of other kinds, for subclasses that keep aggregates (nodes count their pods).
    virtual void otherEvent(const engine::store::WatchEvent &) {}
    /// After a batch: where aggregates changed, emit dataChanged.
    virtual void afterBatch() {}

    QString ageText(engine::TimeMs created) const;
    /// A Keys column (ConfigMaps, Secrets): the number of keys, right-aligned, the names as its tooltip.
    static QVariant keysCell(const QStringList &keys, int role);
    /// The images of a workload's pod template, comma-separated.
    static QString imagesText(const engine::api::PodTemplate &podTemplate);

private:
    void checkThread() const;

    std::string m_kind;
    /// The row of a key goes through a slot that stays the same while the object lives: removing rows
    /// renumbers the rows below with plain integer writes instead of rehashing every key after them.
    std::uint32_t takeSlot(const std::string &key, int row);
    /// Brings slot -> row up to date after removals (from m_renumberFrom down).
    void renumber() const;

    std::vector<engine::api::ObjectPtr> m_objects;
    std::vector<std::uint32_t> m_slotAt;                  ///< row -> slot (parallel to m_objects)
    mutable std::vector<int> m_rowOfSlot;                 ///< slot -> row, -1 when free
    mutable int m_renumberFrom = INT_MAX;                 ///< rows from here on may have stale slot -> row
    std::vector<std::uint32_t> m_freeSlots;
    std::unordered_map<std::string, std::uint32_t> m_slotOf; ///< key -> slot
    QPointer<backends::Backend> m_backend;
    QMetaObject::Connection m_connection;
    engine::TimeMs m_now = 0;
};

} // namespace flotilla::models
