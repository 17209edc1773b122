#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace flotilla::models {

/// Filtering and sorting for an object table: words typed in a filter box (every word must appear
/// in some column, case-insensitive) and an optional namespace. Sorts by the models' SortRole.
class ObjectFilterProxyModel final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ObjectFilterProxyModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    /// Empty: all namespaces.
    void setNamespace(const QString &ns);
    QString namespaceFilter() const { return m_namespace; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QStringList m_terms;
    QString m_namespace;
};

} // namespace flotilla::models
