#pragma once

#include <engine/api/object.h>
#include <engine/engine.h>

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace flotilla::backends {
class Backend;
struct ChangeBatch;
struct CommandResult;
} // namespace flotilla::backends

namespace flotilla::models {
class DeploymentModel;
class EventModel;
class ImageModel;
class NodeModel;
class ObjectTableModel;
class PodModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class ApplyYamlDialog;
class BuildPage;
class ClusterMap;
class ClockBar;
class DetailsPane;
class ResourceView;

/// The main window: navigation (the sandbox and its kinds), a table per kind with a filter, the
/// details of the selected object, and the simulation clock in the status bar.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    enum class Page { Nodes, Pods, Deployments, Images, Events, Build, Map };

    explicit MainWindow(backends::Backend *backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    ResourceView *view(Page page) const;
    models::NodeModel *nodeModel() const { return m_nodes; }
    models::PodModel *podModel() const { return m_pods; }
    models::ImageModel *imageModel() const { return m_images; }
    models::DeploymentModel *deploymentModel() const { return m_deployments; }
    models::EventModel *eventModel() const { return m_events; }
    DetailsPane *detailsPane() const { return m_details; }
    BuildPage *buildPage() const { return m_build; }
    ClusterMap *clusterMap() const { return m_map; }
    /// Shows the Images page with the image of this reference selected.
    bool showImage(const QString &reference);
    ClockBar *clockBar() const { return m_clock; }
    /// The Apply YAML dialog (created on first use).
    ApplyYamlDialog *applyDialog();

    /// The notice above the tables (warnings about the sandbox); empty when none is shown.
    QString bannerText() const;

    /// Renders the window to a PNG; false when it could not be written.
    bool saveScreenshot(const QString &path);

public slots:
    void openApplyDialog();
    void deleteSelected();
    /// Opens the selected object's YAML in the Apply YAML dialog, to change and apply it.
    void editSelected();
    void copySelectedName();
    /// Node faults and operations on the selected node (Nodes page).
    void nodeOperation(backends::Backend *backend, int operation);
    void crashSelectedPod();
    void scaleSelected();
    void rollbackSelected();

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
    void showBanner(const QString &html, bool warning);
    ResourceView *currentView() const;
    engine::api::ObjectPtr selectedObject() const;
    models::ObjectTableModel *modelFor(const std::string &kind) const;

    QPointer<backends::Backend> m_backend;
    models::NodeModel *m_nodes;
    models::PodModel *m_pods;
    models::ImageModel *m_images;
    models::DeploymentModel *m_deployments;
    models::EventModel *m_events;

    QTreeWidget *m_nav;
    QTreeWidgetItem *m_sandboxItem = nullptr;
    QList<QTreeWidgetItem *> m_pageItems;
    QStackedWidget *m_stack;
    QList<ResourceView *> m_views;
    BuildPage *m_build;
    ClusterMap *m_map;
    DetailsPane *m_details;
    QSplitter *m_splitter;
    QLabel *m_banner;
    QLabel *m_statusText;
    ClockBar *m_clock;
    ApplyYamlDialog *m_applyDialog = nullptr;
    QStringList m_namespaces;
    qint64 m_lastAgeRefresh = 0;
};

} // namespace flotilla::widgets
