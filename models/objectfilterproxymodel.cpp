#include "objectfilterproxymodel.h"

#include "objecttablemodel.h"

namespace flotilla::models {

ObjectFilterProxyModel::ObjectFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void ObjectFilterProxyModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    m_terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

void ObjectFilterProxyModel::setNamespace(const QString &ns)
{
    if (ns == m_namespace)
        return;
    m_namespace = ns;
    invalidateRowsFilter();
}

bool ObjectFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *src = sourceModel();
    if (!m_namespace.isEmpty()) {
        const QString ns = src->index(sourceRow, 0, sourceParent).data(NamespaceRole).toString();
        if (!ns.isEmpty() && ns != m_namespace)
            return false;
    }
    if (m_terms.isEmpty())
        return true;
    const int columns = src->columnCount(sourceParent);
    for (const QString &term : m_terms) {
        bool found = false;
        for (int c = 0; c < columns && !found; ++c)
            found = src->index(sourceRow, c, sourceParent).data(Qt::DisplayRole).toString().contains(term, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    return true;
}

} // namespace flotilla::models
