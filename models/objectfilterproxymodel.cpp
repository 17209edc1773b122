#include "objectfilterproxymodel.h"

#include "objecttablemodel.h"

#include <algorithm>
#include <climits>

namespace flotilla::models {

ObjectFilterProxyModel::ObjectFilterProxyModel(QObject *parent) : QAbstractProxyModel(parent) {}

void ObjectFilterProxyModel::setSourceModel(QAbstractItemModel *source)
{
    if (source == sourceModel())
        return;
    beginResetModel();
    if (QAbstractItemModel *old = sourceModel())
        disconnect(old, nullptr, this, nullptr);
    QAbstractProxyModel::setSourceModel(source);
    m_batchDepth = 0;
    m_explicitBatch = false;
    if (source) {
        connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, &ObjectFilterProxyModel::sourceRowsAboutToBeInserted);
        connect(source, &QAbstractItemModel::rowsInserted, this, &ObjectFilterProxyModel::sourceRowsInserted);
        connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, &ObjectFilterProxyModel::sourceRowsAboutToBeRemoved);
        connect(source, &QAbstractItemModel::rowsRemoved, this, &ObjectFilterProxyModel::sourceRowsRemoved);
        connect(source, &QAbstractItemModel::dataChanged, this, &ObjectFilterProxyModel::sourceDataChanged);
        connect(source, &QAbstractItemModel::modelAboutToBeReset, this, &ObjectFilterProxyModel::sourceAboutToReset);
        connect(source, &QAbstractItemModel::modelReset, this, &ObjectFilterProxyModel::sourceReset);
        // What a flat object table never does is answered with a reset.
        for (auto about : {&QAbstractItemModel::columnsAboutToBeInserted, &QAbstractItemModel::columnsAboutToBeRemoved})
            connect(source, about, this, &ObjectFilterProxyModel::sourceAboutToReset);
        for (auto done : {&QAbstractItemModel::columnsInserted, &QAbstractItemModel::columnsRemoved})
            connect(source, done, this, &ObjectFilterProxyModel::sourceReset);
        connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, &ObjectFilterProxyModel::sourceAboutToReset);
        connect(source, &QAbstractItemModel::rowsMoved, this, &ObjectFilterProxyModel::sourceReset);
        connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, &ObjectFilterProxyModel::sourceAboutToReset);
        connect(source, &QAbstractItemModel::layoutChanged, this, &ObjectFilterProxyModel::sourceReset);
        connect(source, &QAbstractItemModel::headerDataChanged, this, [this](Qt::Orientation o, int first, int last) {
            if (o == Qt::Horizontal)
                emit headerDataChanged(o, first, last);
        });
        if (auto *table = qobject_cast<ObjectTableModel *>(source)) {
            connect(table, &ObjectTableModel::batchAboutToBeApplied, this, [this] {
                m_explicitBatch = true;
                beginBatch();
            });
            connect(table, &ObjectTableModel::batchApplied, this, [this] {
                if (!m_explicitBatch)
                    return;
                m_explicitBatch = false;
                endBatch();
            });
        }
    }
    computeAll(m_rows, m_keys);
    m_proxyRow = inverse(m_rows, source ? source->rowCount() : 0);
    endResetModel();
}

// --- filter and order ---------------------------------------------------------------------------

void ObjectFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    rebuild(false);
}

void ObjectFilterProxyModel::setNamespace(const QString &ns)
{
    if (ns == m_namespace)
        return;
    m_namespace = ns;
    rebuild(false);
}

void ObjectFilterProxyModel::sort(int column, Qt::SortOrder order)
{
    if (column < -1)
        column = -1;
    if (column == m_sortColumn && order == m_sortOrder)
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    rebuild(false);
}

bool ObjectFilterProxyModel::accepts(int sourceRow) const
{
    const QAbstractItemModel *src = sourceModel();
    if (!m_namespace.isEmpty()) {
        const QString ns = src->index(sourceRow, 0).data(NamespaceRole).toString();
        if (!ns.isEmpty() && ns != m_namespace)
            return false;
    }
    if (m_terms.isEmpty())
        return true;
    const int columns = src->columnCount();
    for (const QString &term : m_terms) {
        bool found = false;
        for (int c = 0; c < columns && !found; ++c)
            found = src->index(sourceRow, c).data(Qt::DisplayRole).toString().contains(term, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}

QVariant ObjectFilterProxyModel::keyOf(int sourceRow) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, m_sortColumn);
    QVariant key = i.data(SortRole);
    return key.isValid() ? key : i.data(Qt::DisplayRole);
}

int ObjectFilterProxyModel::compareKeys(const QVariant &a, const QVariant &b)
{
    if (!a.isValid() || !b.isValid())
        return int(a.isValid()) - int(b.isValid()); // nothing first
    if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString)
        return QString::compare(*static_cast<const QString *>(a.constData()), *static_cast<const QString *>(b.constData()),
                                Qt::CaseInsensitive);
    const QPartialOrdering o = QVariant::compare(a, b);
    if (o == QPartialOrdering::Less)
        return -1;
    if (o == QPartialOrdering::Greater)
        return 1;
    if (o == QPartialOrdering::Unordered) // different kinds of value: compare them as text
        return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive);
    return 0;
}

bool ObjectFilterProxyModel::before(int a, int b, const std::vector<QVariant> &keys) const
{
    if (m_sortColumn >= 0) {
        const int c = compareKeys(keys[std::size_t(a)], keys[std::size_t(b)]);
        if (c != 0)
            return m_sortOrder == Qt::AscendingOrder ? c < 0 : c > 0;
    }
    return a < b; // equal keys keep the model's order
}

void ObjectFilterProxyModel::computeAll(std::vector<int> &rows, std::vector<QVariant> &keys) const
{
    rows.clear();
    keys.clear();
    const QAbstractItemModel *src = sourceModel();
    if (!src)
        return;
    const int n = src->rowCount();
    if (m_sortColumn >= 0) {
        keys.resize(std::size_t(n));
        for (int r = 0; r < n; ++r)
            keys[std::size_t(r)] = keyOf(r);
    }
    rows.reserve(std::size_t(n));
    for (int r = 0; r < n; ++r)
        if (accepts(r))
            rows.push_back(r);
    if (m_sortColumn >= 0)
        std::sort(rows.begin(), rows.end(), [&](int a, int b) { return before(a, b, keys); });
}

std::vector<int> ObjectFilterProxyModel::inverse(const std::vector<int> &rows, int sourceCount)
{
    std::vector<int> out(std::size_t(std::max(sourceCount, 0)), -1);
    for (std::size_t p = 0; p < rows.size(); ++p)
        if (rows[p] >= 0 && rows[p] < sourceCount)
            out[std::size_t(rows[p])] = int(p);
    return out;
}

void ObjectFilterProxyModel::rebuild(bool reset)
{
    std::vector<int> rows;
    std::vector<QVariant> keys;
    if (reset) {
        beginResetModel();
        computeAll(rows, keys);
        m_rows = std::move(rows);
        m_keys = std::move(keys);
        m_proxyRow = inverse(m_rows, sourceModel() ? sourceModel()->rowCount() : 0);
        endResetModel();
        return;
    }
    computeAll(rows, keys);
    installLayout(std::move(rows), std::move(keys), {});
}

void ObjectFilterProxyModel::installLayout(std::vector<int> rows, std::vector<QVariant> keys, const std::vector<int> &newOfOld)
{
    emit layoutAboutToBeChanged();
    const QModelIndexList from = persistentIndexList();
    std::vector<int> target;
    target.reserve(std::size_t(from.size()));
    for (const QModelIndex &i : from) {
        int s = i.row() >= 0 && std::size_t(i.row()) < m_rows.size() ? m_rows[std::size_t(i.row())] : -1;
        if (s >= 0 && !newOfOld.empty())
            s = std::size_t(s) < newOfOld.size() ? newOfOld[std::size_t(s)] : -1;
        target.push_back(s);
    }
    m_rows = std::move(rows);
    m_keys = std::move(keys);
    m_proxyRow = inverse(m_rows, sourceModel() ? sourceModel()->rowCount() : 0);
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype k = 0; k < from.size(); ++k) {
        const int s = target[std::size_t(k)];
        const int p = s >= 0 && std::size_t(s) < m_proxyRow.size() ? m_proxyRow[std::size_t(s)] : -1;
        to.push_back(p < 0 ? QModelIndex() : createIndex(p, from[k].column()));
    }
    changePersistentIndexList(from, to);
    emit layoutChanged();
}

// --- batches ------------------------------------------------------------------------------------

void ObjectFilterProxyModel::beginBatch()
{
    if (m_batchDepth++ > 0)
        return;
    forgetBatch();
}

void ObjectFilterProxyModel::forgetBatch()
{
    m_currentCount = int(m_proxyRow.size());
    m_removed.clear();
    m_changed.clear();
    m_inserted.clear();
    m_fallback = false;
    m_sawInsertOrChange = false;
    m_changedLeft = INT_MAX;
    m_changedRight = -1;
    m_changedSortKeys = false;
    m_changedFilterText = false;
}

void ObjectFilterProxyModel::sourceRowsAboutToBeInserted(const QModelIndex &parent, int, int)
{
    if (!parent.isValid())
        beginBatch();
}

void ObjectFilterProxyModel::sourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // appended after any removals: the rows already there keep their numbers
    if (first != m_currentCount)
        m_fallback = true;
    m_inserted.push_back({first, last});
    m_currentCount += last - first + 1;
    m_sawInsertOrChange = true;
    endBatch();
}

void ObjectFilterProxyModel::sourceRowsAboutToBeRemoved(const QModelIndex &parent, int, int)
{
    if (!parent.isValid())
        beginBatch();
}

void ObjectFilterProxyModel::sourceRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    // removals from the bottom up, before anything else: every range is in the numbering before the batch
    if (m_sawInsertOrChange || (!m_removed.empty() && last >= m_removed.back().first))
        m_fallback = true;
    m_removed.push_back({first, last});
    m_currentCount -= last - first + 1;
    endBatch();
}

void ObjectFilterProxyModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft.parent().isValid())
        return;
    beginBatch();
    m_changed.push_back({topLeft.row(), bottomRight.row()});
    m_changedLeft = std::min(m_changedLeft, topLeft.column());
    m_changedRight = std::max(m_changedRight, bottomRight.column());
    if (m_sortColumn >= topLeft.column() && m_sortColumn <= bottomRight.column() &&
        (roles.isEmpty() || roles.contains(SortRole) || roles.contains(Qt::DisplayRole)))
        m_changedSortKeys = true;
    if (!m_terms.isEmpty() && (roles.isEmpty() || roles.contains(Qt::DisplayRole)))
        m_changedFilterText = true;
    m_sawInsertOrChange = true;
    endBatch();
}

void ObjectFilterProxyModel::sourceAboutToReset()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void ObjectFilterProxyModel::sourceReset()
{
    if (!m_resetting)
        beginResetModel();
    computeAll(m_rows, m_keys);
    m_proxyRow = inverse(m_rows, sourceModel() ? sourceModel()->rowCount() : 0);
    forgetBatch(); // whatever the batch recorded before the reset is moot now
    m_resetting = false;
    endResetModel();
}

void ObjectFilterProxyModel::endBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0 || m_resetting)
        return;
    const QAbstractItemModel *src = sourceModel();
    if (!src)
        return;
    const int newCount = src->rowCount();
    if (m_fallback || m_currentCount != newCount) {
        rebuild(true);
        return;
    }
    if (m_removed.empty() && m_changed.empty() && m_inserted.empty())
        return;

    const int oldCount = int(m_proxyRow.size());
    const bool sorted = m_sortColumn >= 0;

    // 1. Where each old source row is now (-1: removed).
    std::vector<int> newOfOld;
    if (!m_removed.empty()) {
        std::sort(m_removed.begin(), m_removed.end(), [](const Range &a, const Range &b) { return a.first < b.first; });
        newOfOld.resize(std::size_t(oldCount));
        int shift = 0;
        std::size_t ri = 0;
        for (int old = 0; old < oldCount; ++old) {
            while (ri < m_removed.size() && old > m_removed[ri].last) {
                shift += m_removed[ri].last - m_removed[ri].first + 1;
                ++ri;
            }
            newOfOld[std::size_t(old)] = ri < m_removed.size() && old >= m_removed[ri].first ? -1 : old - shift;
        }
    }
    const auto newOf = [&](int old) { return newOfOld.empty() ? old : newOfOld[std::size_t(old)]; };

    // 2. What happened to each row now: 1 changed, 2 inserted, 3 changed with a new sort key.
    enum : char { Untouched, Changed, Inserted, Moved };
    std::vector<char> touched(std::size_t(newCount), Untouched);
    for (const Range &r : m_changed)
        for (int s = std::max(r.first, 0); s <= std::min(r.last, newCount - 1); ++s)
            touched[std::size_t(s)] = Changed;
    for (const Range &r : m_inserted)
        for (int s = std::max(r.first, 0); s <= std::min(r.last, newCount - 1); ++s)
            touched[std::size_t(s)] = Inserted;

    // 3. Sort keys follow their rows; new and changed rows are asked for theirs.
    std::vector<QVariant> keys;
    if (sorted) {
        keys = std::move(m_keys);
        keys.resize(std::size_t(std::max(oldCount, newCount)));
        if (!newOfOld.empty()) // close the gaps in place: a row only ever moves up
            for (int old = 0; old < oldCount; ++old)
                if (const int s = newOfOld[std::size_t(old)]; s >= 0 && s != old)
                    keys[std::size_t(s)] = std::move(keys[std::size_t(old)]);
        keys.resize(std::size_t(newCount));
        for (int s = 0; s < newCount; ++s) {
            char &t = touched[std::size_t(s)];
            if (t == Inserted) {
                keys[std::size_t(s)] = keyOf(s);
            } else if (t == Changed && m_changedSortKeys) {
                QVariant key = keyOf(s);
                if (compareKeys(key, keys[std::size_t(s)]) != 0 || key.typeId() != keys[std::size_t(s)].typeId())
                    t = Moved;
                keys[std::size_t(s)] = std::move(key);
            }
        }
    }

    // 4. The old order without the rows that went, left the filter or moved; the rows to place.
    std::vector<int> rows;
    rows.reserve(m_rows.size() + m_inserted.size());
    std::vector<int> toPlace;
    bool dropped = false;
    for (const int old : m_rows) {
        const int s = old < oldCount ? newOf(old) : -1;
        if (s < 0) {
            dropped = true;
            continue;
        }
        const char t = touched[std::size_t(s)];
        if ((t == Changed || t == Moved) && m_changedFilterText && !accepts(s)) {
            dropped = true;
            continue;
        }
        if (t == Moved) {
            toPlace.push_back(s);
            dropped = true;
            continue;
        }
        rows.push_back(s);
    }
    if (m_changedFilterText)
        for (int old = 0; old < oldCount; ++old)
            if (const int s = newOf(old); s >= 0 && m_proxyRow[std::size_t(old)] < 0) {
                const char t = touched[std::size_t(s)];
                if ((t == Changed || t == Moved) && accepts(s))
                    toPlace.push_back(s);
            }
    for (const Range &r : m_inserted)
        for (int s = std::max(r.first, 0); s <= std::min(r.last, newCount - 1); ++s)
            if (accepts(s))
                toPlace.push_back(s);

    // 5. Merge them in: one pass over the order.
    if (!toPlace.empty()) {
        const auto less = [&](int a, int b) { return before(a, b, keys); };
        std::sort(toPlace.begin(), toPlace.end(), less);
        // a few rows into many: find each place by binary search and copy the runs between them,
        // so comparisons stay O(k log n) however long the table is
        std::vector<int> merged;
        merged.reserve(rows.size() + toPlace.size());
        auto from = rows.begin();
        for (const int s : toPlace) {
            const auto at = std::upper_bound(from, rows.end(), s, less);
            merged.insert(merged.end(), from, at);
            merged.push_back(s);
            from = at;
        }
        merged.insert(merged.end(), from, rows.end());
        rows.swap(merged);
    }

    if (dropped || !toPlace.empty()) {
        installLayout(std::move(rows), std::move(keys), newOfOld);
        return;
    }

    // 6. No row came, went or moved: the same layout, and dataChanged for the rows shown.
    m_rows = std::move(rows);
    m_keys = std::move(keys);
    m_proxyRow = inverse(m_rows, newCount);
    if (m_changed.empty() || m_rows.empty())
        return;
    std::vector<int> shown;
    for (const Range &r : m_changed)
        for (int s = std::max(r.first, 0); s <= std::min(r.last, newCount - 1); ++s)
            if (const int p = m_proxyRow[std::size_t(s)]; p >= 0)
                shown.push_back(p);
    if (shown.empty())
        return;
    const int left = std::max(m_changedLeft, 0), right = std::min(m_changedRight, columnCount() - 1);
    if (right < left)
        return;
    std::sort(shown.begin(), shown.end());
    shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
    if (shown.size() > 64) { // many rows: one signal over their span
        emit dataChanged(index(shown.front(), left), index(shown.back(), right));
        return;
    }
    std::size_t begin = 0;
    for (std::size_t i = 1; i <= shown.size(); ++i)
        if (i == shown.size() || shown[i] != shown[i - 1] + 1) {
            emit dataChanged(index(shown[begin], left), index(shown[i - 1], right));
            begin = i;
        }
}

// --- the proxy's own structure -------------------------------------------------------------------

QModelIndex ObjectFilterProxyModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex ObjectFilterProxyModel::parent(const QModelIndex &) const { return {}; }

QModelIndex ObjectFilterProxyModel::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

int ObjectFilterProxyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ObjectFilterProxyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool ObjectFilterProxyModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_rows.empty();
}

QModelIndex ObjectFilterProxyModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.model() != this || std::size_t(proxyIndex.row()) >= m_rows.size())
        return {};
    return sourceModel()->index(m_rows[std::size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex ObjectFilterProxyModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel() || std::size_t(sourceIndex.row()) >= m_proxyRow.size())
        return {};
    const int p = m_proxyRow[std::size_t(sourceIndex.row())];
    return p < 0 ? QModelIndex() : createIndex(p, sourceIndex.column());
}

} // namespace flotilla::models
