#include "problemslist.h"

#include "dockerfileeditor.h"

#include <QHeaderView>
#include <QPainter>

namespace flotilla::widgets {

namespace image = engine::image;

namespace {
constexpr int IndexRole = Qt::UserRole + 1;
} // namespace

ProblemsList::ProblemsList(QWidget *parent) : QTreeWidget(parent)
{
    setColumnCount(ColumnCount);
    setHeaderLabels({tr("Line"), tr("Rule"), tr("Problem")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAllColumnsShowFocus(true);
    setTextElideMode(Qt::ElideRight);
    setIconSize(QSize(14, 14));
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(LocationColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(RuleColumn, QHeaderView::ResizeToContents);
    header()->setMinimumSectionSize(40);
    connect(this, &QTreeWidget::itemActivated, this, &ProblemsList::onItemActivated);
    connect(this, &QTreeWidget::itemClicked, this, &ProblemsList::onItemClicked);
}

void ProblemsList::setEditor(DockerfileEditor *editor)
{
    if (m_editor)
        disconnect(m_editor, nullptr, this, nullptr);
    m_editor = editor;
    if (m_editor)
        connect(m_editor, &DockerfileEditor::diagnosticsChanged, this, &ProblemsList::refresh);
    refresh();
}

QIcon ProblemsList::severityIcon(image::Severity severity)
{
    static QHash<int, QIcon> cache;
    if (const auto it = cache.constFind(int(severity)); it != cache.constEnd())
        return *it;
    QIcon icon;
    for (const int size : {14, 16, 28, 32}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        DockerfileEditor::paintSeverityMark(&p, QRectF(0.5, 0.5, size - 1, size - 1), severity);
        p.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(int(severity), icon);
    return icon;
}

void ProblemsList::refresh()
{
    const int previousRow = currentItem() ? indexOfTopLevelItem(currentItem()) : -1;
    clear();
    m_diagnostics = m_editor ? m_editor->diagnostics() : QList<image::Diagnostic>();
    QList<QTreeWidgetItem *> items;
    items.reserve(m_diagnostics.size());
    for (qsizetype i = 0; i < m_diagnostics.size(); ++i) {
        const image::Diagnostic &d = m_diagnostics[i];
        const int line = std::max(1, d.range.begin.line);
        const int column = m_editor->characterColumn(line, std::max(1, d.range.begin.column));
        auto *item = new QTreeWidgetItem;
        item->setIcon(LocationColumn, severityIcon(d.severity));
        item->setText(LocationColumn, QStringLiteral("%1:%2").arg(line).arg(column));
        item->setText(RuleColumn, QString::fromStdString(d.code));
        item->setText(MessageColumn, QString::fromStdString(d.message));
        item->setData(LocationColumn, IndexRole, int(i));
        QString tip = QString::fromStdString(d.hint.empty() ? d.message : d.hint);
        if (d.fix)
            tip += QLatin1Char('\n') + tr("Quick fix available (Ctrl+. in the editor): %1").arg(QString::fromStdString(d.fix->title));
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, tip);
        items << item;
    }
    addTopLevelItems(items);
    if (previousRow >= 0 && previousRow < topLevelItemCount()) {
        const QSignalBlocker block(this);
        setCurrentItem(topLevelItem(previousRow));
    }
    viewport()->update();
}

image::Diagnostic ProblemsList::diagnosticAt(int row) const
{
    const QTreeWidgetItem *item = topLevelItem(row);
    return item ? m_diagnostics.value(item->data(LocationColumn, IndexRole).toInt()) : image::Diagnostic{};
}

void ProblemsList::activateRow(int row)
{
    if (QTreeWidgetItem *item = topLevelItem(row))
        onItemActivated(item);
}

void ProblemsList::onItemActivated(QTreeWidgetItem *item)
{
    if (!item || !m_editor)
        return;
    m_editor->selectDiagnostic(m_diagnostics.value(item->data(LocationColumn, IndexRole).toInt()), true);
}

void ProblemsList::onItemClicked(QTreeWidgetItem *item)
{
    // A click shows the place but leaves the keyboard in the list, to walk through the problems.
    if (!item || !m_editor)
        return;
    m_editor->selectDiagnostic(m_diagnostics.value(item->data(LocationColumn, IndexRole).toInt()), false);
}

void ProblemsList::paintEvent(QPaintEvent *event)
{
    QTreeWidget::paintEvent(event);
    if (topLevelItemCount() > 0)
        return;
    QPainter p(viewport());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(viewport()->rect().adjusted(8, 8, -8, -8), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap,
               m_editor && m_editor->document()->isEmpty() ? tr("Problems in the Dockerfile will be listed here.")
                                                           : tr("No problems found."));
}

} // namespace flotilla::widgets
