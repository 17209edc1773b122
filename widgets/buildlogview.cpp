#include "buildlogview.h"

#include <models/buildlogmodel.h>
#include <models/objecttablemodel.h> // TypicalTextRole

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace flotilla::widgets {

using models::BuildLogModel;
using Status = BuildLogModel::Status;
using RowKind = BuildLogModel::RowKind;

namespace {
const QColor kBad(0xd6, 0x3c, 0x3c);
const QColor kMatch(0xff, 0xe5, 0x8a);
const QColor kCurrentMatch(0xff, 0xb3, 0x47);
const QColor kTagBackground(0xfb, 0xf0, 0xdc);
const QColor kTagText(0x8a, 0x5a, 0x00);
const QColor kTagBorder(0xe8, 0xc9, 0x8e);

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl);
}

/// Paints the log: output lines in a fixed-pitch font, the "simulated" tag after a simulated step's
/// instruction, and the search matches highlighted (the current one stronger).
class BuildLogDelegate final : public QStyledItemDelegate {
public:
    explicit BuildLogDelegate(QObject *parent) : QStyledItemDelegate(parent)
    {
        m_fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    }

    void setPattern(const QString &pattern) { m_pattern = pattern; }
    void setCurrent(const QModelIndex &index) { m_current = index; }
    void setBaseFont(const QFont &font)
    {
        m_fixed.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() : m_fixed.pointSizeF());
        const int h = std::max(QFontMetrics(font).height(), QFontMetrics(m_fixed).height());
        m_rowHeight = h + 8;
    }
    int rowHeight() const { return m_rowHeight; }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        size.setHeight(m_rowHeight);
        return size;
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        if (index.column() != BuildLogModel::TextColumn) {
            const QWidget *w = opt.widget;
            (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);
            return;
        }
        const QWidget *w = opt.widget;
        QStyle *style = w ? w->style() : QApplication::style();
        const QString text = opt.text;
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);

        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, w) + 1;
        QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, w).adjusted(margin, 0, -margin, 0);
        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;

        const bool step = !index.parent().isValid() && index.data(BuildLogModel::KindRole).toInt() == int(RowKind::Step);
        const QString tag = step && index.data(BuildLogModel::SimulatedRole).toBool() ? BuildLogView::tr("simulated") : QString();
        QFont tagFont = opt.font;
        tagFont.setItalic(true);
        tagFont.setBold(false);
        const QFontMetrics tagMetrics(tagFont);
        const int tagWidth = tag.isEmpty() ? 0 : tagMetrics.horizontalAdvance(tag) + 12;

        const QFontMetrics fm(opt.font);
        const QString shown = fm.elidedText(text, Qt::ElideRight, std::max(0, rect.width() - (tagWidth ? tagWidth + 8 : 0)));
        painter->save();
        painter->setFont(opt.font);
        painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(rect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, shown);

        if (!m_pattern.isEmpty()) {
            const QColor fill = index == m_current ? kCurrentMatch : kMatch;
            for (qsizetype at = shown.indexOf(m_pattern, 0, Qt::CaseInsensitive); at >= 0;
                 at = shown.indexOf(m_pattern, at + m_pattern.size(), Qt::CaseInsensitive)) {
                const int x = rect.left() + fm.horizontalAdvance(shown.left(at));
                const QString part = shown.mid(at, m_pattern.size());
                const QRect box(x, rect.top() + 2, fm.horizontalAdvance(part), rect.height() - 4);
                painter->fillRect(box, fill);
                painter->setPen(QColor(0x1f, 0x29, 0x37));
                painter->drawText(box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, part);
            }
        }

        if (!tag.isEmpty()) {
            const int x = rect.left() + fm.horizontalAdvance(shown) + 8;
            const int h = tagMetrics.height() + 2;
            const QRectF pill(x + 0.5, rect.center().y() - h / 2.0 + 0.5, tagWidth - 1, h - 1);
            painter->setRenderHint(QPainter::Antialiasing);
            QPainterPath path;
            path.addRoundedRect(pill, h / 2.0, h / 2.0);
            painter->fillPath(path, selected ? opt.palette.color(group, QPalette::HighlightedText) : kTagBackground);
            painter->setPen(kTagBorder);
            painter->drawPath(path);
            painter->setFont(tagFont);
            painter->setPen(kTagText);
            painter->drawText(pill, Qt::AlignCenter, tag);
        }
        painter->restore();
    }

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.parent().isValid())
            option->font = m_fixed;
        else if (index.column() == BuildLogModel::StatusColumn) {
            const int status = index.data(BuildLogModel::StatusRole).toInt();
            if (status == int(Status::Failed) || status == int(Status::Cached) || status == int(Status::Simulated))
                option->font.setWeight(QFont::DemiBold);
        }
    }

private:
    QFont m_fixed;
    QString m_pattern;
    QPersistentModelIndex m_current;
    int m_rowHeight = 22;
};

BuildLogDelegate *delegateOf(QTreeView *tree) { return static_cast<BuildLogDelegate *>(tree->itemDelegate()); }
} // namespace

BuildLogView::BuildLogView(QWidget *parent)
    : QWidget(parent), m_model(new BuildLogModel(this)), m_status(new QLabel(this)), m_progress(new QProgressBar(this)),
      m_cancel(new QPushButton(tr("Cancel"), this)), m_search(new QLineEdit(this)), m_matchLabel(new QLabel(this)),
      m_copy(new QPushButton(tr("Copy"), this)), m_save(new QPushButton(tr("Save…"), this)), m_tree(new QTreeView(this)),
      m_searchTimer(new QTimer(this))
{
    QFont statusFont = m_status->font();
    statusFont.setPointSizeF(statusFont.pointSizeF() * 1.1);
    statusFont.setWeight(QFont::DemiBold);
    m_status->setFont(statusFont);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(120);
    m_status->installEventFilter(this); // re-elides on resize

    m_progress->setMinimumWidth(m_progress->fontMetrics().horizontalAdvance(tr("Failed at step %1").arg(88)) + 48);
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);

    m_cancel->setToolTip(tr("Stop the build"));
    m_cancel->setEnabled(false);

    m_search->setPlaceholderText(tr("Search the log (Ctrl+F); Enter: next match"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_matchLabel->setMinimumWidth(m_matchLabel->fontMetrics().horizontalAdvance(tr("%1 of %2").arg(8888).arg(8888)) + 8);
    m_copy->setToolTip(tr("Copy the whole log to the clipboard, as docker build prints it"));
    m_save->setToolTip(tr("Save the log to a file"));
    m_copy->setEnabled(false);
    m_save->setEnabled(false);

    auto *delegate = new BuildLogDelegate(m_tree);
    delegate->setBaseFont(m_tree->font());
    m_tree->setItemDelegate(delegate);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setWordWrap(false);
    m_tree->setIndentation(18);
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    header->setSectionsMovable(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(BuildLogModel::TextColumn, QHeaderView::Stretch);
    const QFontMetrics fm(m_tree->font());
    QFont bold = m_tree->font();
    bold.setWeight(QFont::DemiBold);
    const QFontMetrics fmBold(bold);
    for (int c = BuildLogModel::StatusColumn; c < BuildLogModel::ColumnCount; ++c) {
        header->setSectionResizeMode(c, QHeaderView::Interactive);
        const QString typical = m_model->headerData(c, Qt::Horizontal, models::TypicalTextRole).toString();
        const QString title = m_model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        m_tree->setColumnWidth(c, std::max(fmBold.horizontalAdvance(typical), fm.horizontalAdvance(title)) + 28);
    }

    // the status gets a row of its own so that "Built … · 4 of 5 steps cached" is not cut short
    auto *top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->setSpacing(10);
    top->addWidget(m_progress, 1);
    top->addWidget(m_cancel);

    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(0, 0, 0, 0);
    tools->setSpacing(6);
    tools->addWidget(m_search, 1);
    tools->addWidget(m_matchLabel);
    tools->addSpacing(6);
    tools->addWidget(m_copy);
    tools->addWidget(m_save);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_status);
    layout->addLayout(top);
    layout->addLayout(tools);
    layout->addWidget(m_tree, 1);

    // Lines arriving while a search is active are searched a little later, in one go.
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(120);
    connect(m_searchTimer, &QTimer::timeout, this, &BuildLogView::findMatches);

    connect(m_model, &BuildLogModel::summaryChanged, this, &BuildLogView::onSummaryChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &BuildLogView::onRowsInserted);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &BuildLogView::onStepsChanged);
    connect(m_tree, &QTreeView::expanded, this, &BuildLogView::onExpansionChanged);
    connect(m_tree, &QTreeView::collapsed, this, &BuildLogView::onExpansionChanged);
    connect(m_tree, &QTreeView::clicked, this, &BuildLogView::onItemActivated);
    connect(m_tree, &QTreeView::activated, this, &BuildLogView::onItemActivated);
    connect(m_tree->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        // Scrolling up stops following the end; scrolling back down resumes it.
        m_follow = value >= m_tree->verticalScrollBar()->maximum() - 4;
    });
    connect(m_search, &QLineEdit::textChanged, this, &BuildLogView::onSearchChanged);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancelRequested = true;
        m_cancel->setEnabled(false);
        emit cancelRequested();
    });
    connect(m_copy, &QPushButton::clicked, this, &BuildLogView::copyToClipboard);
    connect(m_save, &QPushButton::clicked, this, &BuildLogView::saveWithDialog);

    updateHeader();
}

BuildLogView::~BuildLogView() = default;

bool BuildLogView::isBuilding() const { return m_model->summary().isBuilding(); }

void BuildLogView::appendEvents(const std::vector<engine::image::BuildEvent> &events)
{
    for (const auto &e : events) {
        if (e.type == engine::image::BuildEvent::Type::Started)
            m_cancelRequested = false;
    }
    const bool follow = m_follow;
    m_model->appendEvents(events);
    if (follow) {
        m_tree->scrollToBottom();
        m_follow = true;
    }
}

void BuildLogView::clear()
{
    m_searchTimer->stop();
    m_matches.clear();
    m_currentMatch = -1;
    delegateOf(m_tree)->setCurrent({});
    m_userToggled.clear();
    m_cancelRequested = false;
    m_model->clear();
    m_follow = true;
    updateMatchLabel();
}

void BuildLogView::setBuildTitle(const QString &title)
{
    m_title = title;
    updateHeader();
}

// --- header ---------------------------------------------------------------------------------------

void BuildLogView::onSummaryChanged()
{
    updateHeader();
}

void BuildLogView::updateHeader()
{
    const auto &s = m_model->summary();
    QString title = m_title;
    if (title.isEmpty() && !s.tags.isEmpty())
        title = s.tags.first();
    if (title.isEmpty())
        title = tr("the image");
    const int total = std::max(s.totalSteps, s.currentStep);

    if (!s.started && m_model->rowCount() == 0) {
        setStatusText(tr("No build yet"), false);
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
        m_progress->setFormat(QString());
    } else if (s.failed) {
        const QString message = firstLine(s.message).trimmed();
        if (s.failedStep > 0)
            setStatusText(message.isEmpty() ? tr("Build failed at step %1").arg(s.failedStep)
                                            : tr("Build failed at step %1: %2").arg(s.failedStep).arg(message), true);
        else
            setStatusText(message.isEmpty() ? tr("Build failed") : tr("Build failed: %1").arg(message), true);
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(std::min(s.finishedSteps, std::max(1, total)));
        m_progress->setFormat(s.failedStep > 0 ? tr("Failed at step %1").arg(s.failedStep) : tr("Failed"));
    } else if (s.finished) {
        QStringList parts;
        parts << tr("Built %1 in %2 s").arg(title, QLocale().toString(s.durationSeconds, 'f', 1));
        if (s.cachedSteps > 0)
            parts << tr("%1 of %2 steps cached").arg(s.cachedSteps).arg(total);
        if (s.simulatedSteps > 0)
            parts << (s.simulatedSteps == 1 ? tr("1 step simulated") : tr("%1 steps simulated").arg(s.simulatedSteps));
        setStatusText(parts.join(QStringLiteral(" · ")), false);
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(std::max(1, total));
        m_progress->setFormat(tr("%1 of %2 steps").arg(total).arg(total));
    } else {
        setStatusText(s.currentStep > 0 && total > 0 ? tr("Building %1… step %2 of %3").arg(title).arg(s.currentStep).arg(total)
                                                     : tr("Building %1…").arg(title),
                      false);
        m_progress->setRange(0, std::max(1, total));
        m_progress->setValue(std::min(s.finishedSteps, std::max(1, total)));
        m_progress->setFormat(total > 0 ? tr("Step %1 of %2").arg(std::max(1, s.currentStep)).arg(total) : QString());
    }
    m_cancel->setEnabled(s.isBuilding() && !m_cancelRequested);
    m_copy->setEnabled(m_model->rowCount() > 0);
    m_save->setEnabled(m_model->rowCount() > 0);
}

void BuildLogView::setStatusText(const QString &text, bool failed)
{
    m_statusText = text;
    QPalette palette = this->palette();
    if (failed)
        palette.setColor(QPalette::WindowText, kBad);
    m_status->setPalette(palette);
    m_status->setToolTip(text);
    elideStatus();
}

void BuildLogView::elideStatus()
{
    m_status->setText(m_status->fontMetrics().elidedText(m_statusText, Qt::ElideRight, std::max(40, m_status->width())));
}


// --- sections -------------------------------------------------------------------------------------

void BuildLogView::setExpandedByView(const QModelIndex &index, bool expanded)
{
    if (m_tree->isExpanded(index) == expanded)
        return;
    m_changingExpansion = true;
    m_tree->setExpanded(index, expanded);
    m_changingExpansion = false;
}

void BuildLogView::applyAutoExpansion(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    if (!index.isValid() || m_model->rowCount(index) == 0)
        return;
    const auto status = Status(index.data(BuildLogModel::StatusRole).toInt());
    if (status == Status::Failed) {
        setExpandedByView(index, true); // always: the error is what the user needs to see
        return;
    }
    if (m_userToggled.contains(row))
        return;
    const bool open = status == Status::Running || status == Status::Message;
    setExpandedByView(index, open);
}

void BuildLogView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (!parent.isValid()) {
        for (int row = first; row <= last; ++row)
            applyAutoExpansion(row);
    } else if (first == 0) {
        applyAutoExpansion(parent.row()); // its first lines: a section to open
    }
    if (!m_search->text().isEmpty())
        m_searchTimer->start();
}

void BuildLogView::onStepsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (topLeft.parent().isValid())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        applyAutoExpansion(row);
}

void BuildLogView::onExpansionChanged(const QModelIndex &index)
{
    if (!m_changingExpansion && !index.parent().isValid())
        m_userToggled.insert(index.row());
}

void BuildLogView::onItemActivated(const QModelIndex &index)
{
    const int line = index.data(BuildLogModel::RangeLineRole).toInt();
    if (line <= 0)
        return;
    emit stepActivated(line, std::max(line, index.data(BuildLogModel::RangeEndLineRole).toInt()));
}

void BuildLogView::showStepForLine(int line)
{
    const QModelIndex index = m_model->stepForLine(line);
    if (!index.isValid())
        return;
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index, QAbstractItemView::EnsureVisible);
}

// --- search ---------------------------------------------------------------------------------------

void BuildLogView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void BuildLogView::onSearchChanged()
{
    m_searchTimer->stop();
    m_currentMatch = -1;
    findMatches();
    if (m_matches.empty()) {
        // Sections opened for earlier matches close again.
        for (int row = 0; row < m_model->rowCount(); ++row)
            applyAutoExpansion(row);
    } else {
        goToMatch(0);
    }
}

void BuildLogView::findMatches()
{
    const QString pattern = m_search->text();
    auto *delegate = delegateOf(m_tree);
    delegate->setPattern(pattern);
    const QPersistentModelIndex current = m_currentMatch >= 0 && m_currentMatch < int(m_matches.size()) ? m_matches[std::size_t(m_currentMatch)]
                                                                                                         : QPersistentModelIndex();
    m_matches.clear();
    m_currentMatch = -1;
    if (!pattern.isEmpty()) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QModelIndex step = m_model->index(row, 0);
            if (step.data().toString().contains(pattern, Qt::CaseInsensitive))
                m_matches.emplace_back(step);
            bool lineMatched = false;
            const int lines = m_model->rowCount(step);
            for (int i = 0; i < lines; ++i) {
                const QModelIndex line = m_model->index(i, 0, step);
                if (line.data().toString().contains(pattern, Qt::CaseInsensitive)) {
                    m_matches.emplace_back(line);
                    lineMatched = true;
                }
            }
            if (lineMatched)
                setExpandedByView(step, true);
        }
        for (std::size_t i = 0; i < m_matches.size() && current.isValid(); ++i) {
            if (m_matches[i] == current)
                m_currentMatch = int(i);
        }
    }
    updateMatchLabel();
    m_tree->viewport()->update();
}

void BuildLogView::goToMatch(int match)
{
    if (m_matches.empty())
        return;
    const int count = int(m_matches.size());
    m_currentMatch = ((match % count) + count) % count;
    const QModelIndex index = m_matches[std::size_t(m_currentMatch)];
    if (index.parent().isValid())
        setExpandedByView(index.parent(), true);
    delegateOf(m_tree)->setCurrent(index);
    m_tree->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_tree->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_tree->viewport()->update();
    updateMatchLabel();
}

void BuildLogView::nextMatch()
{
    if (m_searchTimer->isActive()) {
        m_searchTimer->stop();
        findMatches();
    }
    goToMatch(m_currentMatch + 1);
}

void BuildLogView::previousMatch()
{
    if (m_searchTimer->isActive()) {
        m_searchTimer->stop();
        findMatches();
    }
    goToMatch(m_currentMatch < 0 ? -1 : m_currentMatch - 1);
}

void BuildLogView::updateMatchLabel()
{
    if (m_search->text().isEmpty()) {
        m_matchLabel->clear();
        return;
    }
    if (m_matches.empty()) {
        m_matchLabel->setText(tr("No matches"));
        return;
    }
    if (m_currentMatch >= 0)
        m_matchLabel->setText(tr("%1 of %2").arg(m_currentMatch + 1).arg(m_matches.size()));
    else
        m_matchLabel->setText(m_matches.size() == 1 ? tr("1 match") : tr("%1 matches").arg(m_matches.size()));
}

// --- copy and save --------------------------------------------------------------------------------

void BuildLogView::copyToClipboard() { QGuiApplication::clipboard()->setText(m_model->plainText()); }

bool BuildLogView::saveTo(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        file.write(m_model->plainText().toUtf8());
        if (file.commit())
            return true;
    }
    if (error)
        *error = file.errorString();
    return false;
}

void BuildLogView::saveWithDialog()
{
    QString name = m_title.isEmpty() ? QStringLiteral("build") : m_title + QStringLiteral("-build");
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Build Log"), QDir(dir).filePath(name + QStringLiteral(".log")),
                                                      tr("Log files (*.log);;Text files (*.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!saveTo(path, &error))
        QMessageBox::warning(this, tr("Save Build Log"), tr("Could not write %1: %2. Choose another folder or file name.")
                                                             .arg(QDir::toNativeSeparators(path), error));
}

// --- keys -----------------------------------------------------------------------------------------

bool BuildLogView::event(QEvent *event)
{
    // Ctrl+F inside the log searches the log, even where the window has its own Find shortcut.
    if (event->type() == QEvent::ShortcutOverride) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Find) || key->matches(QKeySequence::FindNext) || key->matches(QKeySequence::FindPrevious)) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void BuildLogView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Find)) {
        focusSearch();
        return;
    }
    if (event->matches(QKeySequence::FindNext)) {
        nextMatch();
        return;
    }
    if (event->matches(QKeySequence::FindPrevious)) {
        previousMatch();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool BuildLogView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_status && event->type() == QEvent::Resize)
        elideStatus();
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                previousMatch();
            else
                nextMatch();
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            m_tree->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace flotilla::widgets
