#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QLineEdit;
class QLabel;
class QTableView;
class QComboBox;

namespace flotilla::models {
class ObjectTableModel;
class ObjectFilterProxyModel;
} // namespace flotilla::models

namespace flotilla::widgets {

/// One kind's table: a filter box, a namespace choice (for namespaced kinds), a sortable table and a
/// line that counts what is shown. Emits the selected object.
class ResourceView final : public QWidget {
    Q_OBJECT
public:
    ResourceView(models::ObjectTableModel *model, const QString &title, bool namespaced, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    models::ObjectTableModel *model() const { return m_model; }
    models::ObjectFilterProxyModel *proxy() const { return m_proxy; }
    QString title() const { return m_title; }

    engine::api::ObjectPtr selectedObject() const;
    /// Selects the row of `key` ("namespace/name"), if shown.
    bool selectKey(const QString &key);
    void focusFilter();
    QLineEdit *filterBox() const { return m_filter; }
    void setNamespaces(const QStringList &namespaces);
    /// Repaints ages (they move with the clock).
    void refreshAges();

signals:
    void selectionChanged(const flotilla::engine::api::ObjectPtr &object);
    void activated(const flotilla::engine::api::ObjectPtr &object);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCount();
    void emitSelection();

    models::ObjectTableModel *m_model;
    models::ObjectFilterProxyModel *m_proxy;
    QString m_title;
    QLineEdit *m_filter;
    QComboBox *m_namespace = nullptr;
    QTableView *m_table;
    QLabel *m_count;
    QLabel *m_empty;
};

} // namespace flotilla::widgets
