#pragma once

#include <engine/image/buildevent.h>

#include <QAbstractItemModel>
#include <QHash>
#include <QStringList>

#include <vector>

namespace flotilla::models {

/// The log of an image build as a tree: one top-level row per step ("[2/7] COPY package*.json ./") with
/// its output lines as children, plus top-level message rows for build-wide lines (the image written, a
/// failure before any step). Fed by the engine's BuildEvent batches; appending only inserts rows and
/// changes data, it never resets (only clear() does). Several builds may follow each other in one log:
/// a Started after a finished build begins a new section below the old one.
class BuildLogModel final : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { TextColumn, StatusColumn, DurationColumn, SizeColumn, ColumnCount };
    enum Role {
        StepNumberRole = Qt::UserRole + 1, ///< 1-based step; 0 for build-wide message rows (children: their step's)
        StatusRole,                        ///< Status as int (top-level rows)
        SimulatedRole,                     ///< RUN step the sandbox did not execute
        CachedRole,
        FailedRole,                        ///< failed step, build-wide failure, or an error line
        RangeLineRole,                     ///< 1-based first line of the instruction (0 when unknown)
        RangeEndLineRole,                  ///< 1-based last line of the instruction
        DurationRole,                      ///< seconds (double), -1 while unknown
        LayerSizeRole,                     ///< bytes (qint64), -1 for steps without a layer
        KindRole,                          ///< RowKind as int
        ErrorLineRole,                     ///< failed rows: 1-based line of the error (0 when unknown)
        DigestRole,                        ///< layer digest ("" for steps without a layer)
    };
    enum class Status { Running, Cached, Done, Simulated, Failed, Canceled, Message };
    Q_ENUM(Status)
    enum class RowKind { Step, Output, Error, Message };
    Q_ENUM(RowKind)

    /// The build as a whole, kept up to date with every batch.
    struct Summary {
        bool started = false;
        bool finished = false;     ///< Finished arrived
        bool failed = false;       ///< Failed or StepFailed arrived
        int totalSteps = 0;
        int currentStep = 0;       ///< the last step that started
        int finishedSteps = 0;     ///< cached, done or simulated
        int cachedSteps = 0;
        int simulatedSteps = 0;
        int failedStep = 0;        ///< 0: none, or the failure was not in a step
        double durationSeconds = 0;
        QString message;           ///< Finished: summary line; Failed: the error
        QString imageId;
        QStringList tags;
        bool isBuilding() const { return started && !finished && !failed; }
    };

    explicit BuildLogModel(QObject *parent = nullptr);
    ~BuildLogModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Applies one batch: new steps and lines as ranged inserts at the end, status changes as dataChanged.
    void appendEvents(const std::vector<engine::image::BuildEvent> &events);
    /// Forgets everything (the one reset this model does).
    void clear();

    const Summary &summary() const { return m_summary; }
    /// The top-level row of step `step` of the latest build (column 0), or invalid.
    QModelIndex indexOfStep(int step) const;
    /// The step whose instruction covers Dockerfile line `line` (1-based; latest build first), or invalid.
    QModelIndex stepForLine(int line) const;
    /// The whole log as docker build prints it ("#3 [3/7] COPY package*.json ./", "#3 CACHED", …).
    QString plainText() const;
    /// Output lines kept in all; past the limit, lines are counted but not kept.
    int lineCount() const { return m_lineCount; }
    static constexpr int s_maxLines = 200'000;

    static QString durationText(double seconds); ///< "0.4s", like docker build
    static QString sizeText(qint64 bytes);       ///< "12.3 MB"

signals:
    /// After a batch that changed the summary.
    void summaryChanged();

private:
    struct Line {
        QString text;
        bool error = false;
    };
    struct Row {
        RowKind kind = RowKind::Step;
        Status status = Status::Running;
        int step = 0;
        int totalSteps = 0;
        QString stageName;
        QString instruction;
        bool simulated = false;
        double duration = -1;
        qint64 layerSize = -1;
        QString digest;
        QString error;
        int line = 0, endLine = 0, errorLine = 0;
        int droppedLines = 0;
        std::vector<Line> lines;
    };
    struct PendingLines {
        int row = -1;
        std::vector<Line> lines;
    };

    void checkThread() const;
    Row *rowAt(const QModelIndex &index, const Line **line = nullptr) const;
    int ensureStep(const engine::image::BuildEvent &event, PendingLines &pending);
    int appendTopRow(Row row, PendingLines &pending);
    void addLines(int row, const QString &text, bool error, PendingLines &pending);
    void flush(PendingLines &pending);
    void finishStep(int row, Status status, const engine::image::BuildEvent &event);
    void cancelRunningSteps();
    void markDirty(int row);
    QString stepText(const Row &row) const;
    QVariant stepData(const Row &row, int column, int role) const;
    QVariant lineData(const Row &row, const Line &line, int column, int role) const;

    std::vector<Row> m_rows;
    QHash<int, int> m_rowOfStep;        ///< step number -> top-level row, for the latest build
    int m_firstRowOfBuild = 0;          ///< where the latest build's rows begin
    std::vector<int> m_dirty;           ///< top-level rows whose data changed in this batch
    Summary m_summary;
    int m_lineCount = 0;
};

} // namespace flotilla::models
