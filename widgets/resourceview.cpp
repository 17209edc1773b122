#include "resourceview.h"

#include <models/objectfilterproxymodel.h>
#include <models/objecttablemodel.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QStackedLayout>
#include <QTableView>
#include <QVBoxLayout>

namespace flotilla::widgets {

ResourceView::ResourceView(models::ObjectTableModel *model, const QString &title, bool namespaced, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new models::ObjectFilterProxyModel(this)), m_title(title),
      m_filter(new QLineEdit(this)), m_table(new QTableView(this)), m_count(new QLabel(this)), m_empty(new QLabel(this))
{
    m_proxy->setSourceModel(model);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    m_filter->setPlaceholderText(tr("Filter %1 (Ctrl+F): words to match in any column").arg(title));
    m_filter->setClearButtonEnabled(true);
    m_filter->installEventFilter(this);
    top->addWidget(m_filter, 1);
    if (namespaced) {
        m_namespace = new QComboBox(this);
        m_namespace->setToolTip(tr("Show one namespace, or all"));
        m_namespace->setMinimumContentsLength(14);
        m_namespace->addItem(tr("All namespaces"), QString());
        top->addWidget(m_namespace);
        connect(m_namespace, &QComboBox::currentIndexChanged, this, [this] {
            m_proxy->setNamespace(m_namespace->currentData().toString());
            updateCount();
        });
    }
    top->addWidget(m_count);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // one height for every row: the header never measures rows one by one (150,000 pods)
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->setIconSize(QSize(10, 10));
    m_table->setTextElideMode(Qt::ElideMiddle);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No %1 to show.").arg(title));
    m_empty->setStyleSheet(QStringLiteral("color: palette(mid); font-size: 13pt;"));

    auto *stack = new QStackedLayout;
    stack->setStackingMode(QStackedLayout::StackAll);
    stack->addWidget(m_empty);
    stack->addWidget(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(stack, 1);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterText(text);
        updateCount();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ResourceView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ResourceView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ResourceView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &ResourceView::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ResourceView::emitSelection);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit activated(index.data(models::ObjectRole).value<engine::api::ObjectPtr>());
    });
    // Columns start as wide as their typical values (the models say what those are).
    const QFontMetrics fm(m_table->font());
    for (int c = 0; c < m_proxy->columnCount() - 1; ++c) {
        const QString typical = m_proxy->headerData(c, Qt::Horizontal, models::TypicalTextRole).toString();
        const QString header = m_proxy->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        const int width = qMax(fm.horizontalAdvance(typical) + 28, fm.horizontalAdvance(header) + 36);
        m_table->setColumnWidth(c, qBound(50, width, 420));
    }
    updateCount();
}

void ResourceView::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 in all").arg(total) : tr("%1 of %2").arg(shown).arg(total));
    m_empty->setVisible(shown == 0);
    m_table->setVisible(shown > 0);
    if (shown == 0 && total > 0)
        m_empty->setText(tr("Nothing matches the filter."));
    else if (shown == 0)
        m_empty->setText(tr("No %1 yet.").arg(m_title));
}

engine::api::ObjectPtr ResourceView::selectedObject() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_table->selectionModel()->isRowSelected(current.row(), {}))
        return nullptr;
    return current.data(models::ObjectRole).value<engine::api::ObjectPtr>();
}

void ResourceView::emitSelection() { emit selectionChanged(selectedObject()); }

bool ResourceView::selectKey(const QString &key)
{
    const int row = m_model->rowOf(key.toStdString());
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

void ResourceView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ResourceView::setNamespaces(const QStringList &namespaces)
{
    if (!m_namespace)
        return;
    const QString current = m_namespace->currentData().toString();
    QStringList existing;
    for (int i = 1; i < m_namespace->count(); ++i)
        existing << m_namespace->itemData(i).toString();
    if (existing == namespaces)
        return;
    const QSignalBlocker block(m_namespace);
    while (m_namespace->count() > 1)
        m_namespace->removeItem(1);
    for (const QString &ns : namespaces)
        m_namespace->addItem(ns, ns);
    const int index = m_namespace->findData(current);
    m_namespace->setCurrentIndex(index < 0 ? 0 : index);
    if (index < 0 && !current.isEmpty()) {
        m_proxy->setNamespace({});
        updateCount();
    }
}

void ResourceView::refreshAges() { m_table->viewport()->update(); }

bool ResourceView::eventFilter(QObject *watched, QEvent *event)
{
    // Escape in the filter box clears it and goes back to the table.
    if (watched == m_filter && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape && !m_filter->text().isEmpty()) {
        m_filter->clear();
        m_table->setFocus(Qt::ShortcutFocusReason);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace flotilla::widgets
