#pragma once

#include <backends/connection.h>
#include <engine/api/object.h>
#include <engine/engine.h>

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>

class QAction;
class QComboBox;
class QLabel;
class QSplitter;
class QTabWidget;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace flotilla::backends {
class Backend;
class PlainRolloutRunner;
struct ChangeBatch;
struct CommandResult;
} // namespace flotilla::backends

namespace flotilla::models {
class DeploymentModel;
class RolloutModel;
class EventModel;
class ImageModel;
class NodeModel;
class ObjectTableModel;
class PodModel;
class ServiceModel;
class ReplicaSetModel;
class ConfigMapModel;
class ContainerModel;
class SecretModel;
class PodPhaseHistory;
} // namespace flotilla::models

namespace flotilla::widgets {

class ApplyYamlDialog;
class KubectlDialog;
class BuildPage;
class ClusterMap;
class ClockBar;
class ContainersPage;
class DetailsPane;
class DeployWizard;
class EventTimeline;
class PodPhaseChart;
class ResourceView;
class RolloutsPage;
class ServicesPage;

/// The main window: navigation (the sandbox and its kinds), a table per kind with a filter, the
/// details of the selected object, and the simulation clock in the status bar.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    /// Pages by id; their order in the navigation is set where the pages are made (addPage()).
    /// New pages go at the end: the ids are kept in settings and name the Ctrl+1–9 shortcuts.
    enum class Page {
        Nodes, Pods, Deployments, Services, Images, Events, Build, Map, ReplicaSets, ConfigMaps, Secrets, Rollouts,
        Containers
    };

    explicit MainWindow(backends::Backend *backend, QWidget *parent = nullptr);
    /// Pages about a Kubernetes cluster: all but Images, Containers and Build (what a Docker engine has).
    static bool isClusterPage(Page page);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    ResourceView *view(Page page) const;
    models::NodeModel *nodeModel() const { return m_nodes; }
    models::PodModel *podModel() const { return m_pods; }
    models::ImageModel *imageModel() const { return m_images; }
    models::DeploymentModel *deploymentModel() const { return m_deployments; }
    models::RolloutModel *rolloutModel() const { return m_rollouts; }
    /// Runs rollout plans with plain Deployments and Services (listed in Rollouts with the Rollout objects).
    backends::PlainRolloutRunner *planRunner() const { return m_planRunner; }
    /// Carries out an action on a Rollout: the backend's, or Flotilla's runner for a plan of plain objects.
    void rolloutAction(const engine::api::ObjectPtr &rollout, int action, QObject *context,
                       std::function<void(const backends::CommandResult &)> done);
    models::EventModel *eventModel() const { return m_events; }
    models::ServiceModel *serviceModel() const { return m_serviceModel; }
    ServicesPage *servicesPage() const { return m_servicesPage; }
    /// The Rollouts page: the table and the selected Rollout's detail.
    RolloutsPage *rolloutsPage() const { return m_rolloutsPage; }
    models::ReplicaSetModel *replicaSetModel() const { return m_replicaSets; }
    models::ConfigMapModel *configMapModel() const { return m_configMaps; }
    models::SecretModel *secretModel() const { return m_secrets; }
    /// The sandbox's Docker containers and their page (Run…, Start, Stop, …, the selected one's log).
    models::ContainerModel *containerModel() const { return m_containers; }
    ContainersPage *containersPage() const { return m_containersPage; }
    models::PodPhaseHistory *podPhaseHistory() const { return m_phaseHistory; }
    /// The Events page's timeline and pods-by-phase chart.
    EventTimeline *eventTimeline() const { return m_timeline; }
    PodPhaseChart *podPhaseChart() const { return m_phaseChart; }
    QTabWidget *eventCharts() const { return m_eventCharts; }
    /// The page's name in the navigation and the View menu.
    static QString pageTitle(Page page);
    DetailsPane *detailsPane() const { return m_details; }
    BuildPage *buildPage() const { return m_build; }
    ClusterMap *clusterMap() const { return m_map; }
    /// Shows the Images page with the image of this reference selected.
    bool showImage(const QString &reference);
    ClockBar *clockBar() const { return m_clock; }
    /// The Apply YAML dialog (created on first use).
    ApplyYamlDialog *applyDialog();
    /// The deployment wizard while it is open; nullptr otherwise.
    DeployWizard *deployWizard() const;

    /// The context switcher above the navigation: the sandboxes and kubeconfig contexts to switch to.
    QComboBox *contextSwitcher() const { return m_contexts; }
    /// What the switcher offers; `currentKey` (a ConnectionTarget::key()) is the one shown. `problem`: why
    /// some could not be read (a broken kubeconfig), shown as the switcher's tooltip.
    void setConnectionTargets(const QList<backends::ConnectionTarget> &targets, const QString &currentKey,
                              const QString &problem = {});
    /// File ▸ Use with kubectl and docker: the dialog while it exists.
    KubectlDialog *kubectlDialog() const;
    /// The status bar's note of the served API ("kubectl · 127.0.0.1:PORT"); empty until served.
    QString kubectlStatusText() const;

    /// The notice above the tables (warnings about the sandbox); empty when none is shown.
    QString bannerText() const;

    /// Renders the window to a PNG; false when it could not be written.
    bool saveScreenshot(const QString &path);

public slots:
    void openApplyDialog();
    /// File ▸ Use with kubectl and docker: serves the sandbox's Kubernetes and Docker Engine APIs and shows
    /// the export lines.
    void openKubectlDialog();
    /// File ▸ Deploy…: the deployment wizard (one at a time), the image selected on the Images page pre-filled.
    void openDeployWizard();
    void deleteSelected();
    /// Opens the selected object's YAML in the Apply YAML dialog, to change and apply it.
    void editSelected();
    void copySelectedName();
    /// Node faults and operations on the selected node (Nodes page).
    void nodeOperation(backends::Backend *backend, int operation);
    void crashSelectedPod();
    /// Operations ▸ Add Nodes…: worker nodes of a size preset.
    void openAddNodesDialog();
    /// Removes the selected node (Nodes page), or the named one, after asking.
    void removeSelectedNode();
    void confirmRemoveNode(const QString &name);
    void scaleSelected();
    void rollbackSelected();
    /// Operations ▸ Restart: `kubectl rollout restart` of the selected Deployment.
    void restartSelected();
    /// Operations ▸ Set Image: asks for the container's new image (`kubectl set image`).
    void setImageOfSelected();
    /// Promote, Promote Fully, Abort, Retry, Pause or Resume the selected Rollout (a
    /// backends::Backend::RolloutAction).
    void rolloutActionOnSelected(int action);
    /// Shows (or removes) a plan of plain objects in Rollouts.
    void showPlan(const QString &ns, const QString &name);

signals:
    /// The user picked another sandbox or kubeconfig context in the switcher: whoever made the window
    /// opens it (this window stays as it is until then).
    void connectionRequested(const flotilla::backends::ConnectionTarget &target);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void onStarted();
    void onFailed(const QString &message);
    void onBatch(const backends::ChangeBatch &batch);
    void onClock(const engine::ClockState &clock);
    void onSelection(const engine::api::ObjectPtr &object);
    void updateNavigationCounts();
    void updateStatus();
    /// The Rollout actions are enabled while a Rollout is selected.
    void updateRolloutActions();
    void showBanner(const QString &html, bool warning);
    void onContextPicked(int index);
    /// The Deployment selected on the Deployments page; otherwise says so in the status bar and is null.
    engine::api::ObjectPtr selectedDeployment();
    /// A command's answer: its lines in the status bar, or its problem in a warning titled `failureTitle`.
    backends::Backend::Callback answerIn(const QString &failureTitle);
    ResourceView *currentView() const;
    engine::api::ObjectPtr selectedObject() const;
    models::ObjectTableModel *modelFor(const std::string &kind) const;
    /// Adds a page's widget to the stack; `view`: the page's table, when it has one (inside `widget` or it).
    void addPage(Page page, QWidget *widget, ResourceView *view = nullptr);
    QWidget *makeEventsPage(ResourceView *events);

    QPointer<backends::Backend> m_backend;
    models::NodeModel *m_nodes;
    models::PodModel *m_pods;
    models::ImageModel *m_images;
    models::DeploymentModel *m_deployments;
    models::RolloutModel *m_rollouts = nullptr;
    QList<QAction *> m_rolloutActions;
    models::EventModel *m_events;
    models::ServiceModel *m_serviceModel = nullptr;
    ServicesPage *m_servicesPage = nullptr;
    RolloutsPage *m_rolloutsPage = nullptr;
    models::ReplicaSetModel *m_replicaSets = nullptr;
    models::ConfigMapModel *m_configMaps = nullptr;
    models::SecretModel *m_secrets = nullptr;
    models::ContainerModel *m_containers = nullptr;
    ContainersPage *m_containersPage = nullptr;
    models::PodPhaseHistory *m_phaseHistory = nullptr;
    EventTimeline *m_timeline = nullptr;
    PodPhaseChart *m_phaseChart = nullptr;
    QTabWidget *m_eventCharts = nullptr;

    QComboBox *m_contexts;
    QList<backends::ConnectionTarget> m_targets; ///< by the switcher's item data (an index)
    QString m_currentTargetKey;
    QPointer<KubectlDialog> m_kubectlDialog;
    QAction *m_kubectlAction = nullptr;
    QLabel *m_kubectlStatus = nullptr;
    QTreeWidget *m_nav;
    QTreeWidgetItem *m_sandboxItem = nullptr;
    QHash<int, QTreeWidgetItem *> m_pageItems; ///< by Page
    QStackedWidget *m_stack;
    QList<ResourceView *> m_views;             ///< every page's table
    QHash<int, ResourceView *> m_pageViews;    ///< by Page
    QHash<int, QWidget *> m_pageWidgets;       ///< by Page: what the stack shows
    BuildPage *m_build;
    ClusterMap *m_map;
    DetailsPane *m_details;
    QSplitter *m_splitter;
    QLabel *m_banner;
    QLabel *m_statusText;
    ClockBar *m_clock;
    ApplyYamlDialog *m_applyDialog = nullptr;
    QPointer<DeployWizard> m_deployWizard;
    backends::PlainRolloutRunner *m_planRunner = nullptr;
    QSet<QString> m_planKeys; ///< plans shown in Rollouts ("namespace/name")
    QStringList m_namespaces;
    qint64 m_lastAgeRefresh = 0;
};

} // namespace flotilla::widgets
