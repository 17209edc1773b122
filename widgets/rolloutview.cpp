#include "rolloutview.h"

#include "rolloutcharts.h"

#include <engine/api/kinds.h>
#include <engine/cluster/traffic.h>
#include <engine/rollout/analysis.h>
#include <engine/rollout/rolloutspec.h>
#include <models/deploymentmodel.h>
#include <models/eventmodel.h>
#include <models/podmodel.h>
#include <models/rolloutmodel.h>
#include <models/servicemodel.h>

#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;
namespace ro = engine::rollout;
using RA = backends::Backend::RolloutAction;

namespace {
const QColor kDone(0x2e, 0x9d, 0x4f);
const QColor kCurrent(0xe0, 0x7b, 0x12);
const QColor kFailed(0xd6, 0x3c, 0x3c);
const QColor kWarning(0xe0, 0x9b, 0x1a);

std::int64_t intOf(const api::Json &json, const char *name, std::int64_t fallback)
{
    const api::Json &v = api::field(json, name);
    return v.is_number() ? v.get<std::int64_t>() : fallback;
}

bool boolOf(const api::Json &json, const char *name)
{
    const api::Json &v = api::field(json, name);
    return v.is_boolean() && v.get<bool>();
}

QString qs(const std::string &s) { return QString::fromStdString(s); }

QString templateLabel(const api::Json &podTemplate, const char *label)
{
    return qs(api::stringField(api::field(api::field(podTemplate, "metadata"), "labels"), label));
}

QString timeText(engine::TimeMs ms) { return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss")); }
} // namespace

/// The events of one Rollout and of its Deployments (`<rollout>` and `<rollout>-<revision>`), newest first.
class RolloutEventFilter final : public QSortFilterProxyModel {
public:
    explicit RolloutEventFilter(QObject *parent) : QSortFilterProxyModel(parent)
    {
        setSortRole(models::SortRole);
        setDynamicSortFilter(true);
    }

    void setRollout(const QString &ns, const QString &name)
    {
        if (ns == m_ns && name == m_name)
            return;
        m_ns = ns;
        m_name = name;
        m_rollout = QStringLiteral("rollout/") + name;
        m_deployment = QStringLiteral("deployment/") + name;
        invalidateFilter();
    }

    /// Messages wrap at this width (the Message column's): their rows are as high as their lines.
    void setMessageWidth(int width, const QFont &font)
    {
        m_messageWidth = width;
        m_font = font;
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation == Qt::Horizontal && section == models::EventModel::LastSeen && role == Qt::DisplayRole)
            return RolloutView::tr("Time");
        return QSortFilterProxyModel::headerData(section, orientation, role);
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        // simulated time of day, as the charts' axes and the measurements show it
        if (index.column() == models::EventModel::LastSeen && role == Qt::DisplayRole) {
            const qint64 last = -QSortFilterProxyModel::data(index, models::SortRole).toLongLong();
            return last > 0 ? timeText(last) : QStringLiteral("—");
        }
        if (index.column() == models::EventModel::Message && role == Qt::ToolTipRole)
            return RolloutView::tr("%1: %2").arg(QSortFilterProxyModel::data(index.siblingAtColumn(models::EventModel::Object), Qt::DisplayRole).toString(),
                                    QSortFilterProxyModel::data(index, Qt::DisplayRole).toString());
        if (index.column() == models::EventModel::Message && role == Qt::SizeHintRole && m_messageWidth > 0) {
            const QString text = QSortFilterProxyModel::data(index, Qt::DisplayRole).toString();
            const QRect r = QFontMetrics(m_font).boundingRect(QRect(0, 0, m_messageWidth, 100'000), Qt::TextWordWrap, text);
            return QSize(m_messageWidth, r.height() + 6);
        }
        // the reason carries the type's colour: the Type column stays hidden to leave room for messages
        if (index.column() == models::EventModel::Reason && role == Qt::DecorationRole)
            return QSortFilterProxyModel::data(index.siblingAtColumn(models::EventModel::Type), role);
        if (index.column() == models::EventModel::Reason && role == Qt::ToolTipRole)
            return QSortFilterProxyModel::data(index.siblingAtColumn(models::EventModel::Type), Qt::DisplayRole);
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_name.isEmpty())
            return false;
        const QAbstractItemModel *m = sourceModel();
        if (m->index(row, models::EventModel::Namespace, parent).data().toString() != m_ns)
            return false;
        const QString object = m->index(row, models::EventModel::Object, parent).data().toString();
        return object == m_rollout || object == m_deployment ||
               (object.startsWith(m_deployment) && object.size() > m_deployment.size() &&
                object.at(m_deployment.size()) == QLatin1Char('-'));
    }

private:
    QString m_ns, m_name, m_rollout, m_deployment;
    int m_messageWidth = 0;
    QFont m_font;
};

RolloutView::RolloutView(models::ServiceModel *services, models::EventModel *events, backends::Backend *backend,
                         QWidget *parent)
    : QWidget(parent), m_backend(backend), m_services(services), m_title(new QLabel(this)), m_phase(new QLabel(this)),
      m_message(new QLabel(this)), m_versions(new QLabel(this)), m_result(new QLabel(this)),
      m_steps(new QTreeWidget(this)), m_stepsNote(new QLabel(this)), m_eventFilter(new RolloutEventFilter(this)),
      m_eventsView(new QTreeView(this)), m_analysis(new QLabel(this)), m_measurements(new QTableWidget(this)),
      m_lowerTabs(new QTabWidget(this)), m_charts(new RolloutCharts(services, this)),
      m_split(new QSplitter(Qt::Horizontal, this))
{
    // header: what the Rollout is and where it stands, and what can be asked of it
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_phase->setToolTip(tr("Healthy: the stable version serves · Progressing: steps run · Paused: waiting for its time "
                           "or to be promoted · Degraded: aborted or failed"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_versions->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    struct ButtonSpec {
        RA action;
        QString text, tip;
    };
    const QList<ButtonSpec> specs = {
        {RA::Promote, tr("&Promote"), tr("End the current pause or stage: the new version goes on to the next step")},
        {RA::Pause, tr("Pa&use"), tr("Hold the Rollout at its current step until resumed")},
        {RA::Resume, tr("Resu&me"), tr("Let a Rollout paused by hand go on with its steps")},
        {RA::Abort, tr("A&bort"), tr("Stop the new version: all traffic back on the stable version")},
        {RA::Retry, tr("Re&try"), tr("Run the steps of an aborted Rollout again from the first")},
        {RA::Rollback, tr("Roll &Back"), tr("Bring back the version that served before the last one, at once (no steps, "
                                            "no analysis)")},
    };
    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(4);
    for (const ButtonSpec &spec : specs) {
        auto *b = new QPushButton(spec.text, this);
        b->setToolTip(spec.tip);
        b->setObjectName(QStringLiteral("rolloutButton%1").arg(int(spec.action)));
        const RA action = spec.action;
        connect(b, &QPushButton::clicked, this, [this, action] { act(action); });
        buttons->addWidget(b);
        m_buttons[spec.action] = b;
    }

    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(8);
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_phase);
    titleRow->addStretch(1);
    titleRow->addLayout(buttons);
    auto *versionsRow = new QHBoxLayout;
    versionsRow->addWidget(m_versions, 1);
    versionsRow->addWidget(m_result, 1);
    m_result->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *header = new QVBoxLayout;
    header->setContentsMargins(4, 4, 4, 2);
    header->setSpacing(2);
    header->addLayout(titleRow);
    header->addWidget(m_message);
    header->addLayout(versionsRow);

    // the steps, the current one marked
    m_steps->setColumnCount(2);
    m_steps->setHeaderHidden(true);
    m_steps->setRootIsDecorated(false);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);
    m_steps->setFocusPolicy(Qt::NoFocus);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);
    m_steps->setWordWrap(true);
    connect(m_steps->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == 1)
            fitStepRows();
    });
    m_stepsNote->setWordWrap(true);
    m_stepsNote->setStyleSheet(QStringLiteral("color: palette(dark);"));
    auto *stepsBox = new QGroupBox(tr("Steps"), this);
    auto *stepsLayout = new QVBoxLayout(stepsBox);
    stepsLayout->setContentsMargins(4, 4, 4, 4);
    stepsLayout->setSpacing(2);
    stepsLayout->addWidget(m_steps, 1);
    stepsLayout->addWidget(m_stepsNote);

    // its events, newest first, live from the window's events
    if (events) {
        m_eventFilter->setSourceModel(events);
        m_eventFilter->sort(models::EventModel::LastSeen, Qt::AscendingOrder); // SortRole is −time
    }
    m_eventsView->setModel(m_eventFilter);
    m_eventsView->setRootIsDecorated(false);
    m_eventsView->setUniformRowHeights(false);
    m_eventsView->setWordWrap(true);
    m_eventsView->setAlternatingRowColors(true);
    m_eventsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    // time, reason and the message, wrapped; the object (the Rollout or one of its Deployments) in the tooltip
    for (const int c : {int(models::EventModel::Type), int(models::EventModel::Namespace), int(models::EventModel::Source),
                        int(models::EventModel::Count), int(models::EventModel::Object)})
        m_eventsView->setColumnHidden(c, true);
    QHeaderView *eventsHeader = m_eventsView->header();
    eventsHeader->setStretchLastSection(false);
    eventsHeader->setSectionResizeMode(models::EventModel::LastSeen, QHeaderView::ResizeToContents);
    eventsHeader->setSectionResizeMode(models::EventModel::Reason, QHeaderView::ResizeToContents);
    eventsHeader->setSectionResizeMode(models::EventModel::Message, QHeaderView::Stretch);
    connect(eventsHeader, &QHeaderView::sectionResized, this, [this](int section, int, int size) {
        if (section != models::EventModel::Message)
            return;
        m_eventFilter->setMessageWidth(size - 8, m_eventsView->font());
        m_eventsView->doItemsLayout();
    });

    // the measurements of the analysis under way
    m_analysis->setWordWrap(true);
    m_analysis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_measurements->setColumnCount(5);
    m_measurements->setHorizontalHeaderLabels({tr("Time"), tr("Requests/s"), tr("Success rate"), tr("p95"), tr("Verdict")});
    m_measurements->verticalHeader()->setVisible(false);
    m_measurements->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_measurements->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_measurements->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_measurements->horizontalHeader()->setStretchLastSection(true);
    m_measurements->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *analysisPage = new QWidget(this);
    auto *analysisLayout = new QVBoxLayout(analysisPage);
    analysisLayout->setContentsMargins(4, 4, 4, 4);
    analysisLayout->addWidget(m_analysis);
    analysisLayout->addWidget(m_measurements, 1);

    m_lowerTabs->setDocumentMode(true);
    m_lowerTabs->addTab(m_eventsView, tr("Events"));
    m_lowerTabs->addTab(analysisPage, tr("Analysis"));

    auto *left = new QSplitter(Qt::Vertical, this);
    left->addWidget(stepsBox);
    left->addWidget(m_lowerTabs);
    left->setStretchFactor(0, 2);
    left->setStretchFactor(1, 3);
    left->setChildrenCollapsible(false);

    m_split->addWidget(left);
    m_split->addWidget(m_charts);
    m_split->setStretchFactor(0, 4);
    m_split->setStretchFactor(1, 5);
    m_split->setSizes({400, 500});
    m_split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_split, 1);

    setRollout(nullptr);
}

void RolloutView::setWorkloadModels(const models::PodModel *pods, const models::DeploymentModel *deployments)
{
    m_pods = pods;
    m_deployments = deployments;
    m_podsScanned = -1;
}

QPushButton *RolloutView::button(RA action) const
{
    const auto it = m_buttons.find(action);
    return it == m_buttons.end() ? nullptr : it->second;
}

void RolloutView::setRollout(const api::ObjectPtr &rollout)
{
    const bool other = !rollout || !m_rollout || rollout->key() != m_rollout->key();
    // an analysis that just failed: show the figures it judged (the reason of the abort)
    const auto failedAnalysis = [](const api::ObjectPtr &ro) {
        return ro && boolOf(ro->status(), "aborted") &&
               api::stringField(api::field(ro->status(), "analysisRun"), "phase") == "Failed";
    };
    const bool justFailed = !other && failedAnalysis(rollout) && !failedAnalysis(m_rollout);
    m_rollout = rollout;
    if (justFailed)
        m_charts->tabs()->setCurrentIndex(m_charts->tabs()->count() - 1);
    if (other) {
        m_result->clear();
        m_versionRevisions.clear();
        m_unknownVersions.clear();
        m_podsScanned = -1;
    }
    m_eventFilter->setRollout(rollout ? qs(rollout->metadata.ns) : QString(), rollout ? qs(rollout->metadata.name) : QString());
    updateHeader();
    updateButtons();
    updateSteps();
    updateMeasurements();
    updateCharts();
}

void RolloutView::updateHeader()
{
    if (!m_rollout) {
        m_title->setText(tr("No Rollout selected"));
        m_phase->hide();
        m_message->setText(tr("Select a Rollout above to see its steps, its versions' traffic over time and its events, "
                              "and to promote, pause, abort or roll it back."));
        m_versions->clear();
        return;
    }
    const api::Json &status = m_rollout->status();
    const models::RolloutRow r = [&] {
        models::RolloutRow row;
        row.phase = qs(api::stringField(status, "phase"));
        row.stableRevision = qs(api::stringField(status, "stableRevision"));
        row.updatedRevision = qs(api::stringField(status, "updatedRevision"));
        row.aborted = boolOf(status, "aborted");
        row.pausedByUser = boolOf(status, "pausedByUser");
        return row;
    }();
    QString strategy = qs(api::stringField(status, "strategy"));
    if (strategy.isEmpty())
        if (auto spec = ro::RolloutSpec::decode(m_rollout->spec()); spec.ok())
            strategy = QString::fromLatin1(ro::strategyName(spec->strategy));
    m_title->setText(tr("%1 · %2").arg(qs(m_rollout->metadata.name), strategy.isEmpty() ? tr("no strategy") : strategy));
    m_title->setToolTip(tr("Rollout %1 in namespace %2").arg(qs(m_rollout->metadata.name), qs(m_rollout->metadata.ns)));

    QString phase = r.phase.isEmpty() ? tr("Unknown") : r.phase;
    if (r.aborted && r.inProgress())
        phase = tr("%1 · aborted").arg(phase);
    else if (r.pausedByUser && r.inProgress())
        phase = tr("Paused by hand");
    const QColor color = models::RolloutModel::phaseColor(r.pausedByUser && r.inProgress() && !r.aborted ? QStringLiteral("Paused")
                                                                                                           : r.phase);
    m_phase->setText(phase);
    m_phase->setStyleSheet(QStringLiteral("color: white; background: %1; border-radius: 3px; padding: 1px 7px; "
                                          "font-weight: bold;")
                               .arg(color.name()));
    m_phase->show();
    QString message = qs(api::stringField(status, "message"));
    if (message.isEmpty())
        message = tr("Not looked at by the rollout controller yet.");
    m_message->setText(message);

    const api::Json &replicas = api::field(status, "replicas");
    QStringList parts;
    if (api::field(replicas, "updated").is_number()) {
        parts << tr("version %1: %2 updated, %3 available")
                     .arg(r.updatedRevision)
                     .arg(intOf(replicas, "updated", 0))
                     .arg(intOf(replicas, "available", 0));
    } else {
        if (!r.stableRevision.isEmpty())
            parts << tr("stable %1 (%2 ready)").arg(r.stableRevision).arg(intOf(replicas, "stable", 0));
        if (r.inProgress())
            parts << tr("canary %1 (%2 ready)").arg(r.updatedRevision).arg(intOf(replicas, "canary", 0));
        if (const auto weight = intOf(status, "weight", -1); r.inProgress() && weight >= 0)
            parts << tr("canary weight %1 %").arg(weight);
    }
    if (const QString previous = qs(api::stringField(status, "previousRevision"));
        !previous.isEmpty() && previous != r.stableRevision)
        parts << tr("previous %1").arg(previous);
    m_versions->setText(parts.join(QStringLiteral(" · ")));
}

void RolloutView::updateButtons()
{
    const api::Json &status = m_rollout ? m_rollout->status() : api::Json::object();
    const QString stable = qs(api::stringField(status, "stableRevision"));
    const QString updated = qs(api::stringField(status, "updatedRevision"));
    const QString previous = qs(api::stringField(status, "previousRevision"));
    const bool inProgress = !stable.isEmpty() && !updated.isEmpty() && stable != updated;
    const bool aborted = boolOf(status, "aborted");
    const bool paused = boolOf(status, "pausedByUser");
    const bool can = m_rollout && m_backend;
    const bool rolling = qs(api::stringField(status, "strategy")) == QLatin1String("RollingUpdate");
    button(RA::Promote)->setEnabled(can && inProgress && !aborted && !rolling);
    button(RA::Pause)->setEnabled(can && inProgress && !aborted && !paused && !rolling);
    button(RA::Resume)->setEnabled(can && paused);
    button(RA::Abort)->setEnabled(can && inProgress && !aborted && !rolling);
    button(RA::Retry)->setEnabled(can && inProgress && aborted);
    button(RA::Rollback)->setEnabled(can && !previous.isEmpty() && previous != stable);
    button(RA::Rollback)->setToolTip(
        !previous.isEmpty() && previous != stable
            ? tr("Bring back version %1, which served before %2, at once (no steps, no analysis)").arg(previous, stable)
            : tr("Bring back the version that served before the last one, at once (no steps, no analysis); there is "
                 "none yet"));
}

RolloutView::StepState RolloutView::stepState(int row) const
{
    const QTreeWidgetItem *item = m_steps->topLevelItem(row);
    return item ? StepState(item->data(0, Qt::UserRole).toInt()) : StepState::Idle;
}

void RolloutView::updateSteps()
{
    m_steps->clear();
    m_currentStep = -1;
    m_stepsNote->clear();
    if (!m_rollout) {
        m_stepsNote->setText(tr("No Rollout selected."));
        return;
    }
    auto decoded = ro::RolloutSpec::decode(m_rollout->spec());
    if (!decoded.ok()) {
        m_stepsNote->setText(tr("The spec cannot be read: %1").arg(qs(decoded.error().path + ": " + decoded.error().message)));
        return;
    }
    const ro::RolloutSpec &spec = *decoded;
    const api::Json &status = m_rollout->status();
    const QString stable = qs(api::stringField(status, "stableRevision"));
    const QString updated = qs(api::stringField(status, "updatedRevision"));
    const bool inProgress = !stable.isEmpty() && !updated.isEmpty() && stable != updated;
    const bool aborted = boolOf(status, "aborted");
    ro::AnalysisRun run;
    if (const api::Json &stored = api::field(status, "analysisRun"); stored.is_object())
        if (auto r = ro::AnalysisRun::decode(stored); r.ok())
            run = *r;

    const auto analysisText = [this](const ro::AnalysisSpec &a) {
        QStringList parts;
        if (a.minSuccessRate)
            parts << tr("success rate ≥ %1 %").arg(*a.minSuccessRate * 100, 0, 'g', 4);
        if (a.maxP95LatencyMs)
            parts << tr("p95 ≤ %1 ms").arg(*a.maxP95LatencyMs, 0, 'g', 6);
        parts << tr("%1 × %2").arg(a.count).arg(qs(engine::formatAge(a.interval)));
        if (a.failureLimit > 0)
            parts << tr("%n failure(s) tolerated", nullptr, int(a.failureLimit));
        return parts.join(QStringLiteral(", "));
    };
    const auto measured = [this, &run](const QString &name) {
        if (run.name.empty() || qs(run.name) != name)
            return QString();
        return tr(" — %1 of %2 measured").arg(run.measurements.size()).arg(run.spec.count);
    };
    const auto add = [this](const QString &text, StepState state, const QString &tip = {}) {
        auto *item = new QTreeWidgetItem(m_steps);
        QString marker;
        QColor color = palette().color(QPalette::Text);
        switch (state) {
        case StepState::Done: marker = QStringLiteral("✓"); color = kDone; break;
        case StepState::Current: marker = QStringLiteral("▶"); color = kCurrent; break;
        case StepState::Failed: marker = QStringLiteral("✗"); color = kFailed; break;
        case StepState::Pending: marker = QStringLiteral("·"); color = palette().color(QPalette::Disabled, QPalette::Text); break;
        case StepState::Idle: marker = QStringLiteral("·"); break;
        }
        item->setText(0, marker);
        item->setText(1, text);
        item->setToolTip(1, tip.isEmpty() ? text : tip);
        item->setData(0, Qt::UserRole, int(state));
        item->setForeground(0, color);
        item->setTextAlignment(0, Qt::AlignCenter);
        if (state == StepState::Pending)
            item->setForeground(1, color);
        if (state == StepState::Current || state == StepState::Failed) {
            QFont bold = item->font(1);
            bold.setBold(true);
            item->setFont(1, bold);
            item->setFont(0, bold);
            QColor bg = state == StepState::Current ? kCurrent : kFailed;
            bg.setAlpha(40);
            item->setBackground(0, bg);
            item->setBackground(1, bg);
            m_currentStep = m_steps->topLevelItemCount() - 1;
        }
        if (state == StepState::Failed)
            item->setForeground(1, kFailed);
    };
    const auto stateOf = [&](std::size_t i, std::size_t current) {
        if (!inProgress)
            return StepState::Idle;
        if (i < current)
            return StepState::Done;
        if (i == current)
            return aborted ? StepState::Failed : StepState::Current;
        return StepState::Pending;
    };

    switch (spec.strategy) {
    case ro::RolloutSpec::Strategy::Canary: {
        const std::size_t index = std::size_t(std::max<std::int64_t>(0, intOf(status, "currentStepIndex", 0)));
        for (std::size_t i = 0; i < spec.steps.size(); ++i) {
            const ro::CanaryStep &step = spec.steps[i];
            const QString stepName = QStringLiteral("step-%1").arg(i + 1);
            QString text;
            switch (step.kind) {
            case ro::CanaryStep::Kind::SetWeight: text = tr("Set weight %1 %").arg(step.weight); break;
            case ro::CanaryStep::Kind::Pause:
                text = step.pause < 0 ? tr("Pause until promoted") : tr("Pause %1").arg(qs(engine::formatAge(step.pause)));
                break;
            case ro::CanaryStep::Kind::Analysis:
                text = tr("Analysis: %1").arg(analysisText(step.analysis)) + measured(stepName);
                break;
            }
            add(tr("%1. %2").arg(i + 1).arg(text), stateOf(i, index));
        }
        add(tr("Promoted: the canary takes all requests and becomes stable"),
            stateOf(spec.steps.size(), std::min(index, spec.steps.size())));
        m_stepsNote->setText(inProgress ? tr("Traffic split on Service %1.").arg(qs(spec.stableService))
                                        : tr("No new version is rolling out: these steps run when the template changes "
                                             "(Edit YAML, or a new image)."));
        break;
    }
    case ro::RolloutSpec::Strategy::BlueGreen: {
        struct Stage {
            const char *name;
            QString text;
        };
        QList<Stage> stages;
        stages.append({"Deploying", tr("Deploying: the new version comes up beside the stable one (%n replica(s))",
                                       nullptr, int(spec.replicas))});
        if (spec.prePromotionAnalysis)
            stages.append({"PrePromotionAnalysis", tr("Pre-promotion analysis on Service %1: %2")
                                                       .arg(qs(spec.previewService), analysisText(*spec.prePromotionAnalysis)) +
                                                       measured(QStringLiteral("pre-promotion"))});
        stages.append({"AwaitingPromotion", spec.autoPromotionSeconds >= 0
                                                ? tr("Awaiting promotion: automatic %1 s after it is ready").arg(spec.autoPromotionSeconds)
                                                : tr("Awaiting promotion: Promote switches Service %1").arg(qs(spec.activeService))});
        if (spec.postPromotionAnalysis)
            stages.append({"PostPromotionAnalysis", tr("Post-promotion analysis on Service %1: %2")
                                                        .arg(qs(spec.activeService), analysisText(*spec.postPromotionAnalysis)) +
                                                        measured(QStringLiteral("post-promotion"))});
        stages.append({"Done", tr("Done: Service %1 serves the new version; the old one stays %2 s for an instant rollback")
                                   .arg(qs(spec.activeService))
                                   .arg(spec.scaleDownDelaySeconds)});
        const std::string current = api::stringField(status, "blueGreenStage", "Deploying");
        std::size_t index = 0;
        for (int i = 0; i < stages.size(); ++i)
            if (current == stages[i].name)
                index = std::size_t(i);
        for (int i = 0; i < stages.size(); ++i)
            add(stages[i].text, stateOf(std::size_t(i), index));
        m_stepsNote->setText(
            inProgress ? tr("Active Service %1; preview Service %2.")
                             .arg(qs(spec.activeService), spec.previewService.empty() ? tr("none") : qs(spec.previewService))
                       : tr("No new version is rolling out: these stages run when the template changes."));
        break;
    }
    case ro::RolloutSpec::Strategy::RollingUpdate: {
        const api::Json &replicas = api::field(status, "replicas");
        const QString phase = qs(api::stringField(status, "phase"));
        const StepState state = phase == QLatin1String("Healthy")    ? StepState::Done
                                : phase == QLatin1String("Degraded") ? StepState::Failed
                                                                     : StepState::Current;
        add(tr("Rolling update: max surge %1, max unavailable %2 · %3 of %4 replicas updated, %5 available")
                .arg(qs(spec.maxSurge), qs(spec.maxUnavailable))
                .arg(intOf(replicas, "updated", 0))
                .arg(spec.replicas)
                .arg(intOf(replicas, "available", 0)),
            state);
        m_stepsNote->setText(tr("The Deployment %1 replaces its pods in place, a few at a time.").arg(qs(m_rollout->metadata.name)));
        break;
    }
    }
    fitStepRows();
    if (m_currentStep >= 0)
        m_steps->scrollToItem(m_steps->topLevelItem(m_currentStep));
}

void RolloutView::fitStepRows()
{
    // rows as high as their wrapped text: a tree view does not measure wrapped text by itself
    const int width = m_steps->header()->sectionSize(1) - 8;
    if (width <= 0)
        return;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_steps->topLevelItem(i);
        const QRect r = QFontMetrics(item->font(1)).boundingRect(QRect(0, 0, width, 100'000), Qt::TextWordWrap, item->text(1));
        item->setSizeHint(1, QSize(width, r.height() + 6));
    }
    m_steps->doItemsLayout();
}

void RolloutView::updateMeasurements()
{
    m_measurements->setRowCount(0);
    ro::AnalysisRun run;
    bool has = false;
    if (m_rollout)
        if (const api::Json &stored = api::field(m_rollout->status(), "analysisRun"); stored.is_object())
            if (auto r = ro::AnalysisRun::decode(stored); r.ok()) {
                run = *r;
                has = true;
            }
    if (!has) {
        m_analysis->setText(m_rollout ? tr("No analysis is running. An analysis step (or a blue/green pre- or "
                                            "post-promotion analysis) measures the new version's traffic here.")
                                      : QString());
        m_lowerTabs->setTabText(1, tr("Analysis"));
        return;
    }
    QStringList thresholds;
    if (run.spec.minSuccessRate)
        thresholds << tr("success rate ≥ %1 %").arg(*run.spec.minSuccessRate * 100, 0, 'g', 4);
    if (run.spec.maxP95LatencyMs)
        thresholds << tr("p95 ≤ %1 ms").arg(*run.spec.maxP95LatencyMs, 0, 'g', 6);
    const QString phase = QString::fromLatin1(ro::phaseName(run.phase));
    m_analysis->setText(tr("<b>Analysis %1</b> · %2 · %3 of %4 measurements, every %5 · %6%7")
                            .arg(qs(run.name).toHtmlEscaped(), phase)
                            .arg(run.measurements.size())
                            .arg(run.spec.count)
                            .arg(qs(engine::formatAge(run.spec.interval)), thresholds.join(QStringLiteral(", ")),
                                 run.message.empty() ? QString() : QStringLiteral("<br>") + qs(run.message).toHtmlEscaped()));
    m_lowerTabs->setTabText(1, tr("Analysis (%1)").arg(phase));
    m_measurements->setRowCount(int(run.measurements.size()));
    for (int i = 0; i < int(run.measurements.size()); ++i) {
        const ro::Measurement &m = run.measurements[std::size_t(i)];
        const auto cell = [&](int column, const QString &text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
            auto *item = new QTableWidgetItem(text);
            item->setTextAlignment(align);
            item->setToolTip(qs(m.message));
            m_measurements->setItem(i, column, item);
            return item;
        };
        cell(0, timeText(m.time), Qt::AlignLeft | Qt::AlignVCenter);
        cell(1, QString::number(m.requestsPerSecond, 'f', 0));
        cell(2, m.requestsPerSecond > 0 ? tr("%1 %").arg(m.successRate * 100, 0, 'f', 1) : QStringLiteral("—"));
        cell(3, m.p95LatencyMs > 0 ? tr("%1 ms").arg(m.p95LatencyMs, 0, 'f', 0) : QStringLiteral("—"));
        auto *verdict = cell(4, QString::fromLatin1(ro::phaseName(m.phase)), Qt::AlignLeft | Qt::AlignVCenter);
        verdict->setForeground(m.phase == ro::MeasurementPhase::Successful ? kDone
                               : m.phase == ro::MeasurementPhase::Failed   ? kFailed
                                                                           : kWarning);
    }
    if (m_measurements->rowCount() > 0)
        m_measurements->scrollToBottom();
}

QString RolloutView::serviceFor(QString *name) const
{
    if (!m_rollout)
        return {};
    auto decoded = ro::RolloutSpec::decode(m_rollout->spec());
    if (!decoded.ok())
        return {};
    std::string service = decoded->strategy == ro::RolloutSpec::Strategy::Canary      ? decoded->stableService
                          : decoded->strategy == ro::RolloutSpec::Strategy::BlueGreen ? decoded->activeService
                                                                                      : std::string();
    if (service.empty() && m_services) {
        // a rolling update names no Service: the first one whose selector picks the Rollout's pods
        const api::Json &labels = api::field(api::field(decoded->podTemplate, "metadata"), "labels");
        for (int row = 0; row < m_services->rowCount() && service.empty(); ++row) {
            const api::ObjectPtr svc = m_services->objectAt(row);
            if (!svc || svc->metadata.ns != m_rollout->metadata.ns)
                continue;
            const api::Json &selector = api::field(svc->spec(), "selector");
            if (!selector.is_object() || selector.empty())
                continue;
            bool all = true;
            for (const auto &[k, v] : selector.items())
                all &= labels.is_object() && labels.contains(k) && labels.at(k) == v;
            if (all)
                service = svc->metadata.name;
        }
    }
    if (service.empty())
        return {};
    if (name)
        *name = qs(service);
    return qs(api::objectKey(m_rollout->metadata.ns, service));
}

QString RolloutView::revisionOfVersion(const QString &version)
{
    if (const auto it = m_versionRevisions.find(version); it != m_versionRevisions.end())
        return it->second;
    if (!m_rollout)
        return version;
    // a version of no revision of this Rollout (another workload behind the Service): looked up again only
    // when the pods changed
    const int pods = m_pods ? m_pods->rowCount() : -1;
    if (m_unknownVersions.count(version) && pods == m_podsScanned)
        return version;
    const std::string &ns = m_rollout->metadata.ns;
    const std::string &name = m_rollout->metadata.name;
    // a pod counts for its `version` label when it has one: learn which revision carries which
    const auto learn = [this](const api::Json &podTemplate, const QString &revision) {
        const QString v = templateLabel(podTemplate, "version");
        if (!v.isEmpty() && !revision.isEmpty())
            m_versionRevisions[v] = revision;
    };
    learn(api::field(m_rollout->spec(), "template"), qs(api::stringField(m_rollout->status(), "updatedRevision")));
    if (m_deployments)
        for (int row = 0; row < m_deployments->rowCount(); ++row) {
            const api::ObjectPtr d = m_deployments->objectAt(row);
            if (!d || d->metadata.ns != ns)
                continue;
            const auto owner = d->metadata.labels.find(ro::kRolloutLabel);
            if (owner == d->metadata.labels.end() || owner->second != name)
                continue;
            const api::Json &tmpl = api::field(d->spec(), "template");
            learn(tmpl, templateLabel(tmpl, ro::kRevisionLabel));
        }
    if (!m_versionRevisions.count(version) && m_pods && m_pods->rowCount() != m_podsScanned) {
        m_podsScanned = m_pods->rowCount();
        m_unknownVersions.clear(); // the pods changed: every version is looked up again
        for (int row = 0; row < m_pods->rowCount(); ++row) {
            const api::ObjectPtr pod = m_pods->objectAt(row);
            if (!pod || pod->metadata.ns != ns)
                continue;
            const auto revision = pod->metadata.labels.find(ro::kRevisionLabel);
            if (revision == pod->metadata.labels.end() || pod->metadata.name.rfind(name + "-", 0) != 0)
                continue;
            m_versionRevisions[qs(engine::cluster::Traffic::versionOf(*pod))] = qs(revision->second);
        }
    }
    const auto it = m_versionRevisions.find(version);
    if (it != m_versionRevisions.end())
        return it->second;
    if (pods != m_podsScanned)
        m_unknownVersions.clear();
    m_podsScanned = pods;
    m_unknownVersions.insert(version);
    return version;
}

void RolloutView::updateCharts()
{
    RolloutCharts::Context c;
    if (m_rollout) {
        const api::Json &status = m_rollout->status();
        c.rolloutKey = qs(m_rollout->key());
        c.serviceKey = serviceFor(&c.serviceName);
        c.stable = qs(api::stringField(status, "stableRevision"));
        const QString updated = qs(api::stringField(status, "updatedRevision"));
        if (!updated.isEmpty() && updated != c.stable)
            c.canary = updated;
        else if (const QString canary = qs(api::stringField(status, "canaryRevision")); canary != c.stable)
            c.canary = canary; // an aborted or replaced canary keeps its name in the history
        c.previous = qs(api::stringField(status, "previousRevision"));
        // the thresholds of the analysis under way, else of the first one the Rollout runs
        std::optional<ro::AnalysisSpec> analysis;
        if (const api::Json &stored = api::field(status, "analysisRun"); stored.is_object())
            if (auto r = ro::AnalysisRun::decode(stored); r.ok())
                analysis = r->spec;
        if (!analysis)
            if (auto spec = ro::RolloutSpec::decode(m_rollout->spec()); spec.ok()) {
                for (const auto &step : spec->steps)
                    if (step.kind == ro::CanaryStep::Kind::Analysis && !analysis)
                        analysis = step.analysis;
                if (!analysis)
                    analysis = spec->prePromotionAnalysis ? spec->prePromotionAnalysis : spec->postPromotionAnalysis;
            }
        if (analysis) {
            c.minSuccessRate = analysis->minSuccessRate;
            c.maxP95LatencyMs = analysis->maxP95LatencyMs;
        }
        c.revisionOf = [this](const QString &version) { return revisionOfVersion(version); };
    }
    c.hasMetrics = m_backend && m_backend->canSimulateTraffic();
    m_charts->setContext(c);
}

void RolloutView::act(RA action)
{
    if (!m_rollout || !m_backend)
        return;
    m_result->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_result->setText(tr("Asking…"));
    const auto done = [this, action](const backends::CommandResult &r) {
        const QString message = r.ok ? r.lines.join(QLatin1Char(' ')) : r.problems.value(0).message;
        m_result->setStyleSheet(r.ok ? QStringLiteral("color: palette(dark);")
                                     : QStringLiteral("color: %1; font-weight: bold;").arg(kFailed.name()));
        m_result->setText(r.ok ? message : tr("Failed: %1").arg(message));
        emit actionFinished(action, r.ok, message);
    };
    if (m_router)
        m_router(m_rollout, action, this, done);
    else
        m_backend->rolloutAction({QString::fromStdString(m_rollout->kind), qs(m_rollout->metadata.ns), qs(m_rollout->metadata.name)},
                                 action, this, done);
}

} // namespace flotilla::widgets
