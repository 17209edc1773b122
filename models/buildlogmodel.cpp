#include "buildlogmodel.h"

#include "objecttablemodel.h" // TypicalTextRole

#include <QColor>
#include <QLocale>
#include <QThread>

#include <algorithm>
#include <utility>

namespace flotilla::models {

using engine::image::BuildEvent;

namespace {
const QColor kGrey(0x6b, 0x72, 0x80);
const QColor kRed(0xd6, 0x3c, 0x3c);
const QColor kGreen(0x2e, 0x9d, 0x4f);
const QColor kBlue(0x3b, 0x82, 0xc4);
const QColor kAmber(0xa8, 0x6a, 0x0c);

constexpr quintptr kTopLevel = 0; // internalId of top-level rows; children carry parent row + 1

/// One output line as a terminal would leave it: colour escapes dropped, a carriage return overwrites.
QString cleanLine(QString line)
{
    if (line.endsWith(QLatin1Char('\r')))
        line.chop(1);
    const qsizetype cr = line.lastIndexOf(QLatin1Char('\r'));
    if (cr >= 0)
        line.remove(0, cr + 1);
    if (line.contains(QChar(0x1b))) {
        QString out;
        out.reserve(line.size());
        for (qsizetype i = 0; i < line.size(); ++i) {
            if (line[i] == QChar(0x1b) && i + 1 < line.size() && line[i + 1] == QLatin1Char('[')) {
                i += 2;
                while (i < line.size() && !(line[i] >= QLatin1Char('@') && line[i] <= QLatin1Char('~')))
                    ++i;
                continue;
            }
            out += line[i];
        }
        line = out;
    }
    return line;
}

/// The last line of an instruction: a range ending at the start of a line ends on the line before it.
int lastLineOf(const engine::image::SourceRange &range)
{
    if (range.end.line <= 0)
        return range.begin.line;
    if (range.end.line > range.begin.line && range.end.column <= 1)
        return range.end.line - 1;
    return std::max(range.begin.line, range.end.line);
}

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl);
}
} // namespace

BuildLogModel::BuildLogModel(QObject *parent) : QAbstractItemModel(parent) {}

BuildLogModel::~BuildLogModel() = default;

void BuildLogModel::checkThread() const
{
    // A model changed from another thread corrupts the views silently: stop at once instead.
    if (QThread::currentThread() != thread())
        qFatal("BuildLogModel changed from a thread that does not own it; models belong to the GUI thread");
}

QString BuildLogModel::durationText(double seconds)
{
    return QString::number(std::max(0.0, seconds), 'f', 1) + QLatin1Char('s');
}

QString BuildLogModel::sizeText(qint64 bytes)
{
    // docker shows decimal units.
    return QLocale::c().formattedDataSize(bytes, bytes < 1000 ? 0 : 1, QLocale::DataSizeSIFormat);
}

// --- tree structure -------------------------------------------------------------------------------

QModelIndex BuildLogModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_rows.size()) ? createIndex(row, column, kTopLevel) : QModelIndex();
    if (parent.internalId() != kTopLevel || parent.row() >= int(m_rows.size()))
        return {};
    if (row >= int(m_rows[std::size_t(parent.row())].lines.size()))
        return {};
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex BuildLogModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int BuildLogModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.internalId() != kTopLevel || parent.column() != 0)
        return 0;
    return int(m_rows[std::size_t(parent.row())].lines.size());
}

int BuildLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() && parent.internalId() != kTopLevel ? 0 : ColumnCount;
}

bool BuildLogModel::hasChildren(const QModelIndex &parent) const { return rowCount(parent) > 0; }

Qt::ItemFlags BuildLogModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalId() != kTopLevel)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QHash<int, QByteArray> BuildLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(StepNumberRole, "stepNumber");
    names.insert(StatusRole, "status");
    names.insert(SimulatedRole, "simulated");
    names.insert(CachedRole, "cached");
    names.insert(FailedRole, "failed");
    names.insert(RangeLineRole, "rangeLine");
    names.insert(RangeEndLineRole, "rangeEndLine");
    names.insert(DurationRole, "duration");
    names.insert(LayerSizeRole, "layerSize");
    names.insert(KindRole, "kind");
    names.insert(ErrorLineRole, "errorLine");
    names.insert(DigestRole, "digest");
    return names;
}

BuildLogModel::Row *BuildLogModel::rowAt(const QModelIndex &index, const Line **line) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    if (index.internalId() == kTopLevel)
        return const_cast<Row *>(&m_rows[std::size_t(index.row())]);
    Row &r = const_cast<Row &>(m_rows[std::size_t(index.internalId() - 1)]);
    if (line)
        *line = &r.lines[std::size_t(index.row())];
    return &r;
}

// --- data -----------------------------------------------------------------------------------------

QVariant BuildLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == TypicalTextRole) {
        switch (section) {
        case TextColumn: return QStringLiteral("[10/10] COPY package*.json ./");
        case StatusColumn: return tr("SIMULATED"); // the widest status, in the user's language
        case DurationColumn: return QStringLiteral("1234.5s");
        case SizeColumn: return QStringLiteral("1000.0 MB");
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && (section == DurationColumn || section == SizeColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DurationColumn: return tr("How long the step took");
        case SizeColumn: return tr("Size of the layer the step added to the image");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TextColumn: return tr("Step");
    case StatusColumn: return tr("Status");
    case DurationColumn: return tr("Time");
    case SizeColumn: return tr("Layer");
    }
    return {};
}

QString BuildLogModel::stepText(const Row &r) const
{
    if (r.kind == RowKind::Message)
        return r.instruction;
    const QString counter = r.totalSteps > 0 ? QStringLiteral("%1/%2").arg(r.step).arg(r.totalSteps) : QString::number(r.step);
    const QString prefix = r.stageName.isEmpty() ? counter : r.stageName + QLatin1Char(' ') + counter;
    return QStringLiteral("[%1] %2").arg(prefix, r.instruction);
}

QVariant BuildLogModel::data(const QModelIndex &index, int role) const
{
    const Line *line = nullptr;
    const Row *r = rowAt(index, &line);
    if (!r)
        return {};
    return line ? lineData(*r, *line, index.column(), role) : stepData(*r, index.column(), role);
}

QVariant BuildLogModel::stepData(const Row &r, int column, int role) const
{
    switch (role) {
    case StepNumberRole: return r.step;
    case StatusRole: return int(r.status);
    case SimulatedRole: return r.simulated;
    case CachedRole: return r.status == Status::Cached;
    case FailedRole: return r.status == Status::Failed;
    case RangeLineRole: return r.line;
    case RangeEndLineRole: return r.endLine;
    case DurationRole: return r.duration;
    case LayerSizeRole: return r.layerSize;
    case KindRole: return int(r.kind);
    case ErrorLineRole: return r.errorLine;
    case DigestRole: return r.digest;
    default: break;
    }

    if (role == Qt::DisplayRole) {
        switch (column) {
        case TextColumn: return stepText(r);
        case StatusColumn:
            switch (r.status) {
            case Status::Running: return tr("Running");
            case Status::Cached: return tr("CACHED");
            case Status::Done: return tr("Done");
            case Status::Simulated: return tr("SIMULATED");
            case Status::Failed: return tr("FAILED");
            case Status::Canceled: return tr("Canceled");
            case Status::Message: return {};
            }
            return {};
        case DurationColumn:
            if (r.duration < 0 || r.status == Status::Cached || r.kind == RowKind::Message)
                return {};
            return durationText(r.duration);
        case SizeColumn:
            return r.layerSize < 0 ? QVariant() : QVariant(sizeText(r.layerSize));
        }
        return {};
    }
    if (role == Qt::ForegroundRole) {
        if (r.status == Status::Failed)
            return kRed;
        if (r.status == Status::Cached || r.status == Status::Canceled)
            return kGrey;
        if (column == StatusColumn) {
            switch (r.status) {
            case Status::Running: return kBlue;
            case Status::Done: return kGreen;
            case Status::Simulated: return kAmber;
            default: return {};
            }
        }
        if (column == DurationColumn || column == SizeColumn)
            return kGrey;
        return {};
    }
    if (role == Qt::TextAlignmentRole && (column == DurationColumn || column == SizeColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (r.kind == RowKind::Message)
            return r.status == Status::Failed && !r.error.isEmpty() ? r.error : QVariant();
        if (column == StatusColumn && r.status == Status::Cached)
            return tr("The build cache already had this layer (same parent layer and instruction, and for COPY/ADD "
                      "the same file contents), so the step did not run again.");
        if (r.simulated && (column == TextColumn || column == StatusColumn || column == DurationColumn || column == SizeColumn))
            return tr("Simulated: the sandbox does not execute RUN. The layer records the command; its duration and "
                      "size are estimates. Build with a Docker Engine to run it for real.");
        if (r.status == Status::Failed && !r.error.isEmpty())
            return r.error;
        if (column == SizeColumn && r.layerSize >= 0)
            return tr("%1 bytes").arg(QLocale().toString(r.layerSize));
        if (column == TextColumn) {
            QString tip = r.line > 0 ? tr("Dockerfile line %1").arg(r.line) : QString();
            if (r.endLine > r.line)
                tip = tr("Dockerfile lines %1–%2").arg(r.line).arg(r.endLine);
            if (!r.digest.isEmpty())
                tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Layer %1").arg(r.digest);
            return tip.isEmpty() ? QVariant() : QVariant(tip);
        }
    }
    return {};
}

QVariant BuildLogModel::lineData(const Row &r, const Line &line, int column, int role) const
{
    switch (role) {
    case StepNumberRole: return r.step;
    case SimulatedRole: return r.simulated;
    case CachedRole: return false;
    case FailedRole: return line.error;
    case RangeLineRole: return line.error && r.errorLine > 0 ? r.errorLine : r.line;
    case RangeEndLineRole: return line.error && r.errorLine > 0 ? r.errorLine : r.endLine;
    case KindRole: return int(line.error ? RowKind::Error : RowKind::Output);
    case ErrorLineRole: return line.error ? r.errorLine : 0;
    default: break;
    }
    if (column != TextColumn)
        return {};
    if (role == Qt::DisplayRole)
        return line.text;
    if (role == Qt::ForegroundRole && line.error)
        return kRed;
    if (role == Qt::ToolTipRole && line.text.size() > 100) // the view elides long lines; rich text wraps
        return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>").arg(line.text.toHtmlEscaped());
    return {};
}

// --- applying events ------------------------------------------------------------------------------

void BuildLogModel::markDirty(int row)
{
    if (row >= 0 && std::find(m_dirty.begin(), m_dirty.end(), row) == m_dirty.end())
        m_dirty.push_back(row);
}

void BuildLogModel::flush(PendingLines &pending)
{
    if (pending.row < 0 || pending.lines.empty()) {
        pending.row = -1;
        return;
    }
    Row &r = m_rows[std::size_t(pending.row)];
    const int first = int(r.lines.size());
    beginInsertRows(index(pending.row, 0), first, first + int(pending.lines.size()) - 1);
    r.lines.insert(r.lines.end(), std::make_move_iterator(pending.lines.begin()), std::make_move_iterator(pending.lines.end()));
    endInsertRows();
    pending.lines.clear();
    pending.row = -1;
}

int BuildLogModel::appendTopRow(Row row, PendingLines &pending)
{
    flush(pending);
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.push_back(std::move(row));
    endInsertRows();
    return at;
}

void BuildLogModel::addLines(int row, const QString &text, bool error, PendingLines &pending)
{
    if (pending.row != row) {
        flush(pending);
        pending.row = row;
    }
    Row &r = m_rows[std::size_t(row)];
    const QStringList parts = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        // A trailing newline ends the last line; it does not start an empty one.
        if (i == parts.size() - 1 && parts[i].isEmpty() && parts.size() > 1)
            break;
        if (m_lineCount >= s_maxLines && !error) {
            if (r.droppedLines++ == 0)
                pending.lines.push_back({tr("… the output is too long; further lines of this build are not kept"), false});
            continue;
        }
        pending.lines.push_back({cleanLine(parts[i]), error});
        ++m_lineCount;
    }
}

int BuildLogModel::ensureStep(const BuildEvent &e, PendingLines &pending)
{
    if (e.totalSteps > 0 && e.totalSteps != m_summary.totalSteps) {
        m_summary.totalSteps = e.totalSteps;
    }
    const auto found = m_rowOfStep.constFind(e.step);
    if (found != m_rowOfStep.cend()) {
        Row &r = m_rows[std::size_t(*found)];
        // Later events repeat the step's info; take what the first one lacked.
        if (r.instruction.isEmpty() && !e.info.text.empty()) {
            r.instruction = QString::fromStdString(e.info.text);
            r.stageName = QString::fromStdString(e.info.stageName);
            r.line = e.info.range.begin.line;
            r.endLine = lastLineOf(e.info.range);
            markDirty(*found);
        }
        if (e.totalSteps > 0 && r.totalSteps != e.totalSteps) {
            r.totalSteps = e.totalSteps;
            markDirty(*found);
        }
        if (e.simulated && !r.simulated) {
            r.simulated = true;
            markDirty(*found);
        }
        return *found;
    }
    Row r;
    r.kind = RowKind::Step;
    r.status = Status::Running;
    r.step = e.step;
    r.totalSteps = e.totalSteps > 0 ? e.totalSteps : m_summary.totalSteps;
    r.stageName = QString::fromStdString(e.info.stageName);
    r.instruction = QString::fromStdString(e.info.text);
    r.simulated = e.simulated;
    r.line = e.info.range.begin.line;
    r.endLine = lastLineOf(e.info.range);
    const int row = appendTopRow(std::move(r), pending);
    m_rowOfStep.insert(e.step, row);
    m_summary.currentStep = std::max(m_summary.currentStep, e.step);
    return row;
}

void BuildLogModel::finishStep(int row, Status status, const BuildEvent &e)
{
    Row &r = m_rows[std::size_t(row)];
    const bool wasOpen = r.status == Status::Running;
    r.status = status;
    // A cached or failed step reports no time of its own; a cached layer may come without its size.
    const bool ran = status == Status::Done || status == Status::Simulated;
    if (ran || e.durationSeconds > 0)
        r.duration = e.durationSeconds;
    if (!e.layerDigest.empty())
        r.digest = QString::fromStdString(e.layerDigest);
    if (e.layerSize > 0 || (ran && !e.layerDigest.empty()))
        r.layerSize = std::max<qint64>(0, e.layerSize);
    if (wasOpen && (status == Status::Cached || status == Status::Done || status == Status::Simulated)) {
        ++m_summary.finishedSteps;
        if (status == Status::Cached)
            ++m_summary.cachedSteps;
        if (r.simulated)
            ++m_summary.simulatedSteps;
    }
    markDirty(row);
}

void BuildLogModel::cancelRunningSteps()
{
    for (int row = m_firstRowOfBuild; row < int(m_rows.size()); ++row) {
        Row &r = m_rows[std::size_t(row)];
        if (r.kind == RowKind::Step && r.status == Status::Running) {
            r.status = Status::Canceled;
            markDirty(row);
        }
    }
}

void BuildLogModel::appendEvents(const std::vector<BuildEvent> &events)
{
    checkThread();
    if (events.empty())
        return;
    PendingLines pending;
    m_dirty.clear();

    for (const BuildEvent &e : events) {
        switch (e.type) {
        case BuildEvent::Type::Started: {
            flush(pending);
            if (m_summary.started) {
                // A new build below the previous one: steps are numbered afresh.
                m_rowOfStep.clear();
                m_firstRowOfBuild = int(m_rows.size());
            }
            m_summary = Summary{};
            m_summary.started = true;
            m_summary.totalSteps = e.totalSteps;
            break;
        }
        case BuildEvent::Type::StepStarted: {
            const int row = ensureStep(e, pending);
            m_summary.currentStep = std::max(m_summary.currentStep, e.step);
            Row &r = m_rows[std::size_t(row)];
            if (r.status != Status::Running) {
                r.status = Status::Running;
                markDirty(row);
            }
            break;
        }
        case BuildEvent::Type::Output: {
            if (e.step > 0) {
                addLines(ensureStep(e, pending), QString::fromStdString(e.text), false, pending);
            } else {
                Row r;
                r.kind = RowKind::Message;
                r.status = Status::Message;
                r.instruction = cleanLine(firstLine(QString::fromStdString(e.text)));
                appendTopRow(std::move(r), pending);
            }
            break;
        }
        case BuildEvent::Type::StepCached:
            finishStep(ensureStep(e, pending), Status::Cached, e);
            break;
        case BuildEvent::Type::StepFinished: {
            const int row = ensureStep(e, pending);
            finishStep(row, e.simulated || m_rows[std::size_t(row)].simulated ? Status::Simulated : Status::Done, e);
            break;
        }
        case BuildEvent::Type::StepFailed: {
            const int row = ensureStep(e, pending);
            finishStep(row, Status::Failed, e);
            Row &r = m_rows[std::size_t(row)];
            r.error = QString::fromStdString(e.text);
            r.errorLine = e.errorRange.begin.line;
            if (!r.error.isEmpty())
                addLines(row, r.error, true, pending);
            m_summary.failed = true;
            m_summary.failedStep = e.step;
            m_summary.message = r.error;
            break;
        }
        case BuildEvent::Type::Finished: {
            flush(pending);
            cancelRunningSteps();
            m_summary.finished = true;
            m_summary.durationSeconds = e.durationSeconds;
            m_summary.imageId = QString::fromStdString(e.imageId);
            m_summary.tags.clear();
            for (const std::string &t : e.tags)
                m_summary.tags << QString::fromStdString(t);
            if (e.totalSteps > 0)
                m_summary.totalSteps = e.totalSteps;
            m_summary.message = QString::fromStdString(e.text);
            Row r;
            r.kind = RowKind::Message;
            r.status = Status::Message;
            r.duration = e.durationSeconds;
            const QString shortId = m_summary.imageId.section(QLatin1Char(':'), -1).left(12);
            r.instruction = !m_summary.message.isEmpty() ? firstLine(m_summary.message)
                : m_summary.tags.isEmpty()                ? tr("Built image %1").arg(shortId)
                                                          : tr("Built image %1 as %2").arg(shortId, m_summary.tags.join(QStringLiteral(", ")));
            const int row = appendTopRow(std::move(r), pending);
            if (!m_summary.imageId.isEmpty())
                addLines(row, QStringLiteral("writing image %1").arg(m_summary.imageId), false, pending);
            for (const QString &tag : std::as_const(m_summary.tags))
                addLines(row, QStringLiteral("naming to %1").arg(tag), false, pending);
            break;
        }
        case BuildEvent::Type::Failed: {
            flush(pending);
            const QString message = QString::fromStdString(e.text);
            const auto found = e.step > 0 ? m_rowOfStep.constFind(e.step) : m_rowOfStep.cend();
            if (found != m_rowOfStep.cend() && m_rows[std::size_t(*found)].status != Status::Failed) {
                // The build failed in a step that did not say so itself.
                Row &r = m_rows[std::size_t(*found)];
                r.status = Status::Failed;
                markDirty(*found);
                r.error = message;
                r.errorLine = e.errorRange.begin.line;
                if (!message.isEmpty())
                    addLines(*found, message, true, pending);
            } else if (found == m_rowOfStep.cend() && !message.isEmpty()) {
                Row r;
                r.kind = RowKind::Message;
                r.status = Status::Failed;
                r.instruction = firstLine(message);
                r.error = message;
                r.line = r.endLine = r.errorLine = e.errorRange.begin.line;
                r.endLine = std::max(r.line, e.errorRange.end.line);
                const int row = appendTopRow(std::move(r), pending);
                if (message.contains(QLatin1Char('\n')))
                    addLines(row, message.section(QLatin1Char('\n'), 1), true, pending);
            }
            flush(pending);
            cancelRunningSteps();
            m_summary.failed = true;
            if (e.step > 0)
                m_summary.failedStep = e.step;
            if (!message.isEmpty() || m_summary.message.isEmpty())
                m_summary.message = message;
            break;
        }
        }
    }
    flush(pending);

    // One dataChanged per run of adjacent changed rows, all columns.
    std::sort(m_dirty.begin(), m_dirty.end());
    for (std::size_t i = 0; i < m_dirty.size();) {
        std::size_t j = i;
        while (j + 1 < m_dirty.size() && m_dirty[j + 1] == m_dirty[j] + 1)
            ++j;
        emit dataChanged(index(m_dirty[i], 0), index(m_dirty[j], ColumnCount - 1));
        i = j + 1;
    }
    m_dirty.clear();
    emit summaryChanged();
}

void BuildLogModel::clear()
{
    checkThread();
    beginResetModel();
    m_rows.clear();
    m_rowOfStep.clear();
    m_firstRowOfBuild = 0;
    m_lineCount = 0;
    m_summary = Summary{};
    endResetModel();
    emit summaryChanged();
}

// --- queries --------------------------------------------------------------------------------------

QModelIndex BuildLogModel::indexOfStep(int step) const
{
    const auto found = m_rowOfStep.constFind(step);
    return found == m_rowOfStep.cend() ? QModelIndex() : index(*found, 0);
}

QModelIndex BuildLogModel::stepForLine(int line) const
{
    if (line <= 0)
        return {};
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const Row &r = m_rows[std::size_t(row)];
        if (r.kind == RowKind::Step && r.line > 0 && line >= r.line && line <= std::max(r.line, r.endLine))
            return index(row, 0);
    }
    return {};
}

QString BuildLogModel::plainText() const
{
    QString out;
    qsizetype size = 0;
    for (const Row &r : m_rows)
        size += 64 + qsizetype(r.lines.size()) * 48;
    out.reserve(size);
    const QLatin1Char nl('\n');
    for (const Row &r : m_rows) {
        if (r.kind == RowKind::Message) {
            if (!out.isEmpty())
                out += nl;
            if (r.status == Status::Failed)
                out += QStringLiteral("ERROR: ");
            out += r.instruction + nl;
            for (const Line &l : r.lines)
                out += l.text + nl;
            continue;
        }
        const QString tag = QLatin1Char('#') + QString::number(r.step) + QLatin1Char(' ');
        if (!out.isEmpty())
            out += nl;
        out += tag + stepText(r) + nl;
        for (const Line &l : r.lines) {
            if (!l.error)
                out += tag + l.text + nl;
        }
        if (r.droppedLines > 0)
            out += tag + QStringLiteral("(%1 more lines not kept)").arg(r.droppedLines) + nl;
        switch (r.status) {
        case Status::Running: break;
        case Status::Cached: out += tag + QStringLiteral("CACHED") + nl; break;
        case Status::Done: out += tag + QStringLiteral("DONE ") + durationText(r.duration) + nl; break;
        case Status::Simulated:
            out += tag + QStringLiteral("DONE ") + durationText(r.duration) + QStringLiteral(" (simulated: RUN is not executed in the sandbox)") + nl;
            break;
        case Status::Failed:
            for (const QString &line : r.error.split(nl))
                out += tag + QStringLiteral("ERROR: ") + line + nl;
            break;
        case Status::Canceled: out += tag + QStringLiteral("CANCELED") + nl; break;
        case Status::Message: break;
        }
    }
    return out;
}

} // namespace flotilla::models
