#pragma once

#include <backends/backend.h>
#include <engine/api/object.h>

#include <QPointer>
#include <QWidget>

#include <functional>

#include <map>
#include <set>

class QLabel;
class QPushButton;
class QSplitter;
class QTabWidget;
class QTableWidget;
class QTreeView;
class QTreeWidget;

namespace flotilla::models {
class DeploymentModel;
class EventModel;
class PodModel;
class ServiceModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class RolloutCharts;
class RolloutEventFilter;

/// The detail of one Rollout: a header with its strategy, phase, message and versions and the buttons that
/// drive it (Promote, Pause, Resume, Abort, Retry, Rollback); its steps with the current one marked (canary
/// steps, blue/green stages, or a rolling update's progress); its versions over time (RolloutCharts); its
/// events and those of its Deployments, newest first; and the measurements of its current analysis.
class RolloutView final : public QWidget {
    Q_OBJECT
public:
    RolloutView(models::ServiceModel *services, models::EventModel *events, backends::Backend *backend,
                QWidget *parent = nullptr);

    /// Where version names of the traffic figures are mapped to revisions (pods' `version` labels).
    void setWorkloadModels(const models::PodModel *pods, const models::DeploymentModel *deployments);
    /// Who carries out the buttons' actions (the window routes plans run with plain objects to Flotilla's
    /// runner); unset: the backend.
    using ActionRouter = std::function<void(const engine::api::ObjectPtr &, backends::Backend::RolloutAction, QObject *,
                                            backends::Backend::Callback)>;
    void setActionRouter(ActionRouter router) { m_router = std::move(router); }
    /// The Rollout shown (a new snapshot of the same one updates it); nullptr: none.
    void setRollout(const engine::api::ObjectPtr &rollout);
    engine::api::ObjectPtr rollout() const { return m_rollout; }

    RolloutCharts *charts() const { return m_charts; }
    QTreeWidget *steps() const { return m_steps; }
    QTreeView *events() const { return m_eventsView; }
    QTableWidget *measurements() const { return m_measurements; }
    QTabWidget *lowerTabs() const { return m_lowerTabs; }
    QPushButton *button(backends::Backend::RolloutAction action) const;
    QLabel *phaseLabel() const { return m_phase; }
    QLabel *messageLabel() const { return m_message; }
    /// The answer to the last action: the backend's lines, or its error.
    QLabel *resultLabel() const { return m_result; }
    /// The row of the step under way in steps(), -1 when none.
    int currentStepRow() const { return m_currentStep; }

    /// Step markers, for tests and the list's text.
    enum class StepState { Done, Current, Failed, Pending, Idle };
    StepState stepState(int row) const;

public slots:
    void act(flotilla::backends::Backend::RolloutAction action);

signals:
    /// The backend answered an action asked from the buttons.
    void actionFinished(flotilla::backends::Backend::RolloutAction action, bool ok, const QString &message);

private:
    void updateHeader();
    void updateButtons();
    void updateSteps();
    void fitStepRows();
    void updateMeasurements();
    void updateCharts();
    QString revisionOfVersion(const QString &version);
    QString serviceFor(QString *name) const;

    QPointer<backends::Backend> m_backend;
    ActionRouter m_router;
    models::ServiceModel *m_services;
    const models::PodModel *m_pods = nullptr;
    const models::DeploymentModel *m_deployments = nullptr;
    engine::api::ObjectPtr m_rollout;

    QLabel *m_title;
    QLabel *m_phase;
    QLabel *m_message;
    QLabel *m_versions;
    QLabel *m_result;
    std::map<backends::Backend::RolloutAction, QPushButton *> m_buttons;
    QTreeWidget *m_steps;
    QLabel *m_stepsNote;
    RolloutEventFilter *m_eventFilter;
    QTreeView *m_eventsView;
    QLabel *m_analysis;
    QTableWidget *m_measurements;
    QTabWidget *m_lowerTabs;
    RolloutCharts *m_charts;
    QSplitter *m_split;
    int m_currentStep = -1;
    std::map<QString, QString> m_versionRevisions; ///< traffic version name → revision, as learnt
    std::set<QString> m_unknownVersions;           ///< versions of no revision, at m_podsScanned
    int m_podsScanned = -1;                        ///< pod count at the last scan for unknown versions
};

} // namespace flotilla::widgets
