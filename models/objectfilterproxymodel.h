#pragma once

#include <QAbstractProxyModel>
#include <QStringList>

#include <vector>

namespace flotilla::models {

/// Filtering and sorting for an object table: words typed in a filter box (every word must appear
/// in some column, case-insensitive) and an optional namespace. Sorts by the models' SortRole
/// (text case-insensitively, numbers as numbers; equal keys keep the model's order).
///
/// Built for tables of 150,000 rows that change a thousand times a second. A sorted
/// QSortFilterProxyModel answers every scattered insert or removal with its own row signal, and
/// each of those costs the proxy and the view's header a pass over all rows. This proxy collects
/// what one batch of the model did (ObjectTableModel brackets it with batchAboutToBeApplied and
/// batchApplied; a lone signal of another model is a batch of its own), merges it into the sorted
/// order in one pass, and tells the view with one layout change, or only dataChanged when no row
/// came, went or moved. Persistent indexes (selection, current row) follow their rows.
class ObjectFilterProxyModel final : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit ObjectFilterProxyModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *sourceModel) override;

    void setFilterText(const QString &text);
    /// Empty: all namespaces.
    void setNamespace(const QString &ns);
    QString namespaceFilter() const { return m_namespace; }

    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    /// column -1: the model's own order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    struct Range {
        int first, last;
    };

    bool accepts(int sourceRow) const;
    QVariant keyOf(int sourceRow) const;
    /// Whether source row a (sort key ka) goes before b: by key (as sorted), then by source row.
    bool before(const QVariant &ka, int a, const QVariant &kb, int b) const;
    static int compareKeys(const QVariant &a, const QVariant &b);

    /// Filters and sorts every row again: a layout change, or a reset when `reset`.
    void rebuild(bool reset);
    std::vector<int> computeAll() const;
    /// Installs a new order with one layout change, moving persistent indexes along `newOfOld`
    /// (old source row -> new source row, -1 gone; empty: source rows unchanged).
    void installLayout(std::vector<int> rows, const std::vector<int> &newOfOld);
    static std::vector<int> inverse(const std::vector<int> &rows, int sourceCount);

    // what the source did since the batch began
    void beginBatch();
    void forgetBatch();
    void endBatch();
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void sourceRowsRemoved(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void sourceAboutToReset();
    void sourceReset();

    QString m_text;
    QStringList m_terms;
    QString m_namespace;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    std::vector<int> m_rows;       ///< proxy row -> source row
    std::vector<int> m_proxyRow;   ///< source row -> proxy row, -1 when filtered out

    int m_batchDepth = 0;          ///< explicit batches (the model's) and implicit ones (a lone signal)
    bool m_explicitBatch = false;
    bool m_fallback = false;       ///< the batch did not follow removals→updates→appends: rebuild
    bool m_resetting = false;
    int m_currentCount = 0;        ///< source rows now, as the batch goes
    std::vector<Range> m_removed;  ///< in the numbering before the batch (removals come bottom-up)
    std::vector<Range> m_changed;  ///< in the numbering after the removals
    std::vector<Range> m_inserted; ///< appended after the removals
    int m_changedLeft = 0, m_changedRight = -1;
    bool m_changedSortKeys = false, m_changedFilterText = false;
    bool m_sawInsertOrChange = false;
};

} // namespace flotilla::models
