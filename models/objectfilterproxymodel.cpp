#include "objectfilterproxymodel.h"

#include "objecttablemodel.h"

#include <algorithm>
#include <climits>

namespace flotilla::models {

namespace {
/// Up to this many changed rows get dataChanged of their own; more get one signal over the table.
constexpr std::size_t kRowsSignalledOneByOne = 64;
} // namespace

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
    m_rows = computeAll();
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

bool ObjectFilterProxyModel::before(const QVariant &ka, int a, const QVariant &kb, int b) const
{
    if (m_sortColumn >= 0) {
        const int c = compareKeys(ka, kb);
        if (c != 0)
            return m_sortOrder == Qt::AscendingOrder ? c < 0 : c > 0;
    }
    return a < b; // equal keys keep the model's order
}

std::vector<int> ObjectFilterProxyModel::computeAll() const
{
    std::vector<int> rows;
    const QAbstractItemModel *src = sourceModel();
    if (!src)
        return rows;
    const int n = src->rowCount();
    rows.reserve(std::size_t(n));
    for (int r = 0; r < n; ++r)
        if (accepts(r))
            rows.push_back(r);
    if (m_sortColumn >= 0) {
        // the keys once each, then a sort of (key, row) pairs
        std::vector<std::pair<QVariant, int>> keyed;
        keyed.reserve(rows.size());
        for (const int r : rows)
            keyed.emplace_back(keyOf(r), r);
        std::sort(keyed.begin(), keyed.end(), [this](const auto &x, const auto &y) { return before(x.first, x.second, y.first, y.second); });
        for (std::size_t i = 0; i < keyed.size(); ++i)
            rows[i] = keyed[i].second;
    }
    return rows;
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
    if (reset) {
        beginResetModel();
        m_rows = computeAll();
        m_proxyRow = inverse(m_rows, sourceModel() ? sourceModel()->rowCount() : 0);
        endResetModel();
        return;
    }
    installLayout(computeAll(), {});
}

void ObjectFilterProxyModel::installLayout(std::vector<int> rows, const std::vector<int> &newOfOld)
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
    m_rows = computeAll();
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

    // 1. Old and new numbers of the source rows, from the removed ranges (in the old numbering).
    std::sort(m_removed.begin(), m_removed.end(), [](const Range &a, const Range &b) { return a.first < b.first; });
    std::vector<int> removedBefore(m_removed.size() + 1, 0); // rows removed in the ranges before range i
    for (std::size_t i = 0; i < m_removed.size(); ++i)
        removedBefore[i + 1] = removedBefore[i] + m_removed[i].last - m_removed[i].first + 1;
    const int keptOld = oldCount - removedBefore.back(); // rows that were there and still are
    const auto oldOf = [&](int s) {                      // s < keptOld
        // the ranges whose first row, renumbered, is at or before s
        std::size_t lo = 0, hi = m_removed.size();
        while (lo < hi) {
            const std::size_t mid = (lo + hi) / 2;
            if (m_removed[mid].first - removedBefore[mid] <= s)
                lo = mid + 1;
            else
                hi = mid;
        }
        return s + removedBefore[lo];
    };
    std::vector<int> newOfOld; // built only when rows went and the order has to be renumbered
    const auto buildNewOfOld = [&] {
        if (m_removed.empty() || !newOfOld.empty())
            return;
        newOfOld.resize(std::size_t(oldCount));
        std::size_t ri = 0;
        for (int old = 0; old < oldCount; ++old) {
            while (ri < m_removed.size() && old > m_removed[ri].last)
                ++ri;
            newOfOld[std::size_t(old)] = ri < m_removed.size() && old >= m_removed[ri].first ? -1 : old - removedBefore[ri];
        }
    };
    const auto newOf = [&](int old) { return newOfOld.empty() ? old : newOfOld[std::size_t(old)]; };

    // 2. The rows changed in place (new numbering), once each; inserted rows are new anyway. They
    // matter row by row only if they may move or pass the filter differently now.
    const bool keysMove = sorted && m_changedSortKeys;
    const auto clamp = [&](const Range &r) { return Range{std::max(r.first, 0), std::min(r.last, keptOld - 1)}; };
    std::size_t changedTotal = 0;
    for (const Range &r : m_changed)
        changedTotal += std::size_t(std::max(0, clamp(r).last - clamp(r).first + 1));
    // Many rows with new sort keys or filter text (a column refreshed for every row): sort afresh.
    if ((keysMove || m_changedFilterText) && changedTotal > std::max<std::size_t>(256, m_rows.size() / 16)) {
        buildNewOfOld();
        installLayout(computeAll(), newOfOld);
        return;
    }
    std::vector<int> changed;
    if (keysMove || m_changedFilterText || changedTotal <= kRowsSignalledOneByOne) {
        for (const Range &r : m_changed)
            for (int s = clamp(r).first; s <= clamp(r).last; ++s)
                changed.push_back(s);
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
    }

    // 3. What leaves the view (by old position) and what has to be placed in it.
    std::vector<int> drop;
    for (const Range &r : m_removed)
        for (int old = r.first; old <= r.last && old < oldCount; ++old)
            if (const int p = m_proxyRow[std::size_t(old)]; p >= 0)
                drop.push_back(p);
    std::vector<std::pair<QVariant, int>> toPlace;
    const auto keyFor = [&](int s) { return sorted ? keyOf(s) : QVariant(); };
    const auto rangeAfter = [&](int old) { // the first removed range that starts after `old`
        return std::size_t(std::upper_bound(m_removed.begin(), m_removed.end(), old, [](int o, const Range &r) { return o < r.first; }) -
                           m_removed.begin());
    };
    const auto isRemoved = [&](int old) {
        const std::size_t i = rangeAfter(old);
        return i > 0 && old <= m_removed[i - 1].last;
    };
    const auto renumbered = [&](int old) { return old - removedBefore[rangeAfter(old)]; }; // of a row that stayed
    for (const int s : changed) {
        const int old = oldOf(s);
        const int p = m_proxyRow[std::size_t(old)];
        if (p < 0) {
            if (m_changedFilterText && accepts(s))
                toPlace.emplace_back(keyFor(s), s);
            continue;
        }
        if (m_changedFilterText && !accepts(s)) {
            drop.push_back(p);
            continue;
        }
        if (!keysMove)
            continue;
        // Still in order between its neighbours? Only neighbours that neither changed nor went are a
        // safe measure; next to any other, the row is placed again.
        QVariant key = keyOf(s);
        const auto inOrder = [&](int q, bool after) {
            if (q < 0 || std::size_t(q) >= m_rows.size())
                return true;
            const int nOld = m_rows[std::size_t(q)];
            if (isRemoved(nOld))
                return false;
            const int n = renumbered(nOld);
            if (std::binary_search(changed.begin(), changed.end(), n))
                return false;
            return after ? before(key, s, keyOf(n), n) : before(keyOf(n), n, key, s);
        };
        if (inOrder(p - 1, false) && inOrder(p + 1, true))
            continue;
        drop.push_back(p);
        toPlace.emplace_back(std::move(key), s);
    }
    for (const Range &r : m_inserted)
        for (int s = std::max(r.first, 0); s <= std::min(r.last, newCount - 1); ++s)
            if (accepts(s))
                toPlace.emplace_back(keyFor(s), s);

    if (drop.empty() && toPlace.empty()) {
        // 4a. No row came, went or moved: the same layout (renumbered if hidden rows went), and
        // dataChanged for the rows shown.
        if (!m_removed.empty()) {
            buildNewOfOld();
            for (int &row : m_rows)
                row = newOf(row);
            m_proxyRow = inverse(m_rows, newCount);
        } else {
            m_proxyRow.resize(std::size_t(newCount), -1);
        }
        const int left = std::max(m_changedLeft, 0), right = std::min(m_changedRight, columnCount() - 1);
        if (changedTotal == 0 || m_rows.empty() || right < left)
            return;
        if (changedTotal > kRowsSignalledOneByOne) { // many rows: one signal over all
            emit dataChanged(index(0, left), index(rowCount() - 1, right));
            return;
        }
        std::vector<int> shown;
        for (const int s : changed)
            if (const int p = m_proxyRow[std::size_t(s)]; p >= 0)
                shown.push_back(p);
        if (shown.empty())
            return;
        std::sort(shown.begin(), shown.end());
        std::size_t begin = 0;
        for (std::size_t i = 1; i <= shown.size(); ++i)
            if (i == shown.size() || shown[i] != shown[i - 1] + 1) {
                emit dataChanged(index(shown[begin], left), index(shown[i - 1], right));
                begin = i;
            }
        return;
    }

    // 4b. The old order without what left, renumbered; then the new places merged in, each found by
    // binary search with the runs between them copied, so comparisons stay O(k log n).
    buildNewOfOld();
    std::sort(drop.begin(), drop.end());
    drop.erase(std::unique(drop.begin(), drop.end()), drop.end());
    std::vector<int> seq;
    seq.reserve(m_rows.size() - drop.size() + toPlace.size());
    std::size_t di = 0;
    for (std::size_t p = 0; p < m_rows.size(); ++p) {
        if (di < drop.size() && int(p) == drop[di]) {
            ++di;
            continue;
        }
        seq.push_back(newOf(m_rows[p]));
    }
    if (!toPlace.empty()) {
        std::sort(toPlace.begin(), toPlace.end(), [this](const auto &x, const auto &y) { return before(x.first, x.second, y.first, y.second); });
        std::vector<int> merged;
        merged.reserve(seq.size() + toPlace.size());
        auto from = seq.begin();
        for (const auto &[key, s] : toPlace) {
            const auto at = std::upper_bound(from, seq.end(), s, [&](int row, int other) {
                return sorted ? before(key, row, keyOf(other), other) : row < other;
            });
            merged.insert(merged.end(), from, at);
            merged.push_back(s);
            from = at;
        }
        merged.insert(merged.end(), from, seq.end());
        seq.swap(merged);
    }
    installLayout(std::move(seq), newOfOld);
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
