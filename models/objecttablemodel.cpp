#include "objecttablemodel.h"

#include <engine/api/workloads.h>

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <climits>

namespace flotilla::models {

using engine::api::ObjectPtr;
using engine::store::WatchEvent;

ObjectTableModel::ObjectTableModel(std::string kind, QObject *parent)
    : QAbstractTableModel(parent), m_kind(std::move(kind))
{
}

void ObjectTableModel::checkThread() const
{
    // A model changed from another thread corrupts the views silently: stop at once instead.
    if (QThread::currentThread() != thread())
        qFatal("ObjectTableModel(%s) changed from a thread that does not own it; models belong to the GUI thread",
               m_kind.c_str());
}

void ObjectTableModel::setBackend(backends::Backend *backend)
{
    if (m_connection)
        disconnect(m_connection);
    m_backend = backend;
    clear();
    if (backend)
        m_connection = connect(backend, &backends::Backend::changesArrived, this, &ObjectTableModel::applyBatch);
}

int ObjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_objects.size());
}

int ObjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(columns().size());
}

QVariant ObjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    const auto specs = columns();
    if (section < 0 || section >= int(specs.size()))
        return {};
    const ColumnSpec &column = specs[std::size_t(section)];
    // the context tr() has in the subclass, where the strings are marked
    const auto translated = [this](const char *text) {
        return text ? QVariant(QCoreApplication::translate(metaObject()->className(), text)) : QVariant();
    };
    switch (role) {
    case Qt::DisplayRole: return translated(column.title);
    case Qt::ToolTipRole: return translated(column.toolTip);
    case TypicalTextRole: return column.sample ? QVariant(QString::fromUtf8(column.sample)) : QVariant();
    default: return {};
    }
}

QVariant ObjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ObjectPtr &o = m_objects[std::size_t(index.row())];
    switch (role) {
    case ObjectRole: return QVariant::fromValue(shownObject(index.row()));
    case KeyRole: return QString::fromStdString(o->key());
    case NamespaceRole: return QString::fromStdString(o->metadata.ns);
    case NameRole: return QString::fromStdString(o->metadata.name);
    default: return cellData(index.row(), index.column(), role);
    }
}

QHash<int, QByteArray> ObjectTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names[ObjectRole] = "object";
    names[KeyRole] = "key";
    names[NamespaceRole] = "namespace";
    names[NameRole] = "name";
    names[SortRole] = "sort";
    return names;
}

int ObjectTableModel::rowOf(const std::string &key) const
{
    const auto it = m_slotOf.find(key);
    if (it == m_slotOf.end())
        return -1;
    renumber();
    return m_rowOfSlot[it->second];
}

void ObjectTableModel::renumber() const
{
    for (int r = m_renumberFrom; r < int(m_objects.size()); ++r)
        m_rowOfSlot[m_slotAt[std::size_t(r)]] = r;
    m_renumberFrom = INT_MAX;
}

std::uint32_t ObjectTableModel::takeSlot(const std::string &key, int row)
{
    std::uint32_t slot;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_rowOfSlot[slot] = row;
    } else {
        slot = std::uint32_t(m_rowOfSlot.size());
        m_rowOfSlot.push_back(row);
    }
    m_slotOf.emplace(key, slot);
    return slot;
}

ObjectPtr ObjectTableModel::objectAt(int row) const
{
    return row >= 0 && row < int(m_objects.size()) ? m_objects[std::size_t(row)] : nullptr;
}

void ObjectTableModel::clear()
{
    checkThread();
    if (m_objects.empty())
        return;
    beginRemoveRows({}, 0, int(m_objects.size()) - 1);
    m_objects.clear();
    m_slotAt.clear();
    m_rowOfSlot.clear();
    m_freeSlots.clear();
    m_slotOf.clear();
    cacheClear();
    endRemoveRows();
}

void ObjectTableModel::applyBatch(const backends::ChangeBatch &batch) { applyEvents(batch.events); }

void ObjectTableModel::applyEvents(std::span<const WatchEvent> events)
{
    checkThread();
    // The last state of each key in this batch, in first-seen order.
    struct Final {
        ObjectPtr object;
        bool deleted = false;
    };
    std::unordered_map<std::string, std::size_t> slot;
    std::vector<std::pair<std::string, Final>> finals;
    for (const auto &ev : events) {
        if (ev.type == WatchEvent::Type::Bookmark || !ev.object)
            continue;
        if (ev.object->kind != m_kind) {
            otherEvent(ev);
            continue;
        }
        std::string key = ev.object->key();
        const bool deleted = ev.type == WatchEvent::Type::Deleted;
        auto [it, fresh] = slot.try_emplace(key, finals.size());
        if (fresh)
            finals.push_back({std::move(key), {ev.object, deleted}});
        else
            finals[it->second].second = {ev.object, deleted};
    }
    emit batchAboutToBeApplied();
    if (finals.empty()) {
        afterBatch(); // aggregates (a node's pods) may still change
        emit batchApplied();
        return;
    }

    // 1. Removes, from the bottom, one signal per contiguous range.
    std::vector<int> removed;
    for (const auto &[key, f] : finals)
        if (f.deleted)
            if (const auto it = m_slotOf.find(key); it != m_slotOf.end()) {
                removed.push_back(m_rowOfSlot[it->second]);
                m_rowOfSlot[it->second] = -1;
                m_freeSlots.push_back(it->second);
                m_slotOf.erase(it);
            }
    if (!removed.empty()) {
        std::sort(removed.begin(), removed.end());
        for (std::size_t end = removed.size(); end > 0;) {
            std::size_t begin = end - 1;
            while (begin > 0 && removed[begin - 1] == removed[begin] - 1)
                --begin;
            const int first = removed[begin], last = removed[end - 1];
            beginRemoveRows({}, first, last);
            m_objects.erase(m_objects.begin() + first, m_objects.begin() + last + 1);
            m_slotAt.erase(m_slotAt.begin() + first, m_slotAt.begin() + last + 1);
            cacheErase(first, last);
            // the rows below are renumbered once for all ranges, or when rowOf() asks first
            m_renumberFrom = std::min(m_renumberFrom, first);
            endRemoveRows();
            end = begin;
        }
        renumber();
    }

    // 2. Updates in place, one dataChanged per contiguous run of rows.
    std::vector<int> updated;
    std::vector<const std::pair<std::string, Final> *> inserted;
    for (const auto &entry : finals) {
        if (entry.second.deleted)
            continue;
        if (const auto it = m_slotOf.find(entry.first); it != m_slotOf.end()) {
            const int row = m_rowOfSlot[it->second];
            m_objects[std::size_t(row)] = entry.second.object;
            cacheUpdate(row, entry.second.object);
            updated.push_back(row);
        } else {
            inserted.push_back(&entry);
        }
    }
    if (!updated.empty()) {
        std::sort(updated.begin(), updated.end());
        const int lastColumn = columnCount() - 1;
        std::size_t begin = 0;
        for (std::size_t i = 1; i <= updated.size(); ++i) {
            if (i == updated.size() || updated[i] != updated[i - 1] + 1) {
                emit dataChanged(index(updated[begin], 0), index(updated[i - 1], lastColumn));
                begin = i;
            }
        }
    }

    // 3. Inserts, appended in one go.
    if (!inserted.empty()) {
        const int first = int(m_objects.size());
        beginInsertRows({}, first, first + int(inserted.size()) - 1);
        m_objects.reserve(m_objects.size() + inserted.size());
        for (const auto *entry : inserted) {
            m_slotAt.push_back(takeSlot(entry->first, int(m_objects.size())));
            m_objects.push_back(entry->second.object);
            cacheAppend(entry->second.object);
        }
        endInsertRows();
    }
    afterBatch();
    emit batchApplied();
    emit objectsChanged();
}

QString ObjectTableModel::ageText(engine::TimeMs created) const
{
    if (created <= 0)
        return QStringLiteral("—");
    return QString::fromStdString(engine::formatAge(m_now - created));
}

QVariant ObjectTableModel::keysCell(const QStringList &keys, int role)
{
    switch (role) {
    case Qt::DisplayRole: return QString::number(keys.size());
    case SortRole: return qint64(keys.size());
    case Qt::ToolTipRole: return keys.isEmpty() ? QVariant() : QVariant(keys.join(QStringLiteral(", ")));
    case Qt::TextAlignmentRole: return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QString ObjectTableModel::imagesText(const engine::api::PodTemplate &podTemplate)
{
    QStringList images;
    for (const auto &c : podTemplate.podSpec().containers)
        images << QString::fromStdString(c.image);
    return images.join(QLatin1Char(','));
}

} // namespace flotilla::models
