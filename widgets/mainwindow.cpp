#include "mainwindow.h"

#include "applyyamldialog.h"
#include "clockbar.h"
#include "buildpage.h"
#include "clustermap.h"
#include "detailspane.h"
#include "resourceview.h"

#include <backends/backend.h>
#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <models/deploymentmodel.h>
#include <models/eventmodel.h>
#include <models/imagemodel.h>
#include <models/nodemodel.h>
#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QLineEdit>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

MainWindow::MainWindow(backends::Backend *backend, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_nodes(new models::NodeModel(this)), m_pods(new models::PodModel(this)),
      m_images(new models::ImageModel(this)), m_deployments(new models::DeploymentModel(this)), m_events(new models::EventModel(this)), m_nav(new QTreeWidget(this)),
      m_stack(new QStackedWidget(this)), m_build(new BuildPage(backend, this)), m_map(nullptr), m_details(new DetailsPane(this)), m_splitter(new QSplitter(this)),
      m_banner(new QLabel(this)), m_statusText(new QLabel(this)), m_clock(new ClockBar(this))
{
    setWindowTitle(backend ? tr("%1 — Flotilla").arg(backend->isSimulated() ? tr("Sandbox %1").arg(backend->displayName())
                                                                               : backend->displayName())
                           : tr("Flotilla"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/flotilla.svg")));
    resize(1400, 840);

    for (auto *model : {static_cast<models::ObjectTableModel *>(m_nodes), static_cast<models::ObjectTableModel *>(m_pods),
                        static_cast<models::ObjectTableModel *>(m_deployments),
                        static_cast<models::ObjectTableModel *>(m_images), static_cast<models::ObjectTableModel *>(m_events)})
        model->setBackend(backend);

    m_views = {new ResourceView(m_nodes, tr("Nodes"), false, this), new ResourceView(m_pods, tr("Pods"), true, this),
               new ResourceView(m_deployments, tr("Deployments"), true, this),
               new ResourceView(m_images, tr("Images"), false, this), new ResourceView(m_events, tr("Events"), true, this)};
    m_details->setEventModel(m_events);
    for (auto *v : m_views) {
        m_stack->addWidget(v);
        connect(v, &ResourceView::selectionChanged, this, &MainWindow::onSelection);
        // Double-click or Enter on a row: its YAML.
        connect(v, &ResourceView::activated, this, [this](const api::ObjectPtr &object) {
            if (object)
                m_details->showYaml();
        });
    }
    m_stack->addWidget(m_build);
    m_map = new ClusterMap(m_nodes, m_pods, this);
    m_stack->addWidget(m_map);
    connect(m_map, &ClusterMap::objectActivated, this, [this](const api::ObjectPtr &object) { m_details->showObject(object); });
    connect(m_map, &ClusterMap::objectOpened, this, [this](const api::ObjectPtr &object) {
        m_details->showObject(object);
        m_details->showYaml();
    });
    connect(m_map, &ClusterMap::contextMenuRequested, this, [this](const api::ObjectPtr &object, const QPoint &pos) {
        if (!object || !m_backend || !m_backend->canInjectFaults())
            return;
        QMenu menu(this);
        const QString name = QString::fromStdString(object->metadata.name);
        auto done = [this](const backends::CommandResult &r) {
            statusBar()->showMessage(r.ok ? r.lines.join(QLatin1Char(' ')) : r.problems.value(0).message, 10000);
        };
        if (object->kind == api::kind::Node) {
            using Op = backends::Backend::NodeOperation;
            const bool ready = api::summarizeNode(*object).ready;
            menu.addAction(ready ? tr("Fail Node %1").arg(name) : tr("Recover Node %1").arg(name), this, [this, name, ready, done] {
                m_backend->nodeOperation(name, ready ? Op::Fail : Op::Recover, this, done);
            });
            menu.addAction(tr("Cordon"), this, [this, name, done] { m_backend->nodeOperation(name, Op::Cordon, this, done); });
            menu.addAction(tr("Uncordon"), this, [this, name, done] { m_backend->nodeOperation(name, Op::Uncordon, this, done); });
            menu.addAction(tr("Drain"), this, [this, name, done] { m_backend->nodeOperation(name, Op::Drain, this, done); });
        } else if (object->kind == api::kind::Pod) {
            const QString ns = QString::fromStdString(object->metadata.ns);
            menu.addAction(tr("Crash Container"), this, [this, ns, name, done] { m_backend->crashContainer(ns, name, this, done); });
            menu.addAction(tr("Delete Pod %1").arg(name), this, [this, ns, name, done] {
                m_backend->deleteObject({QStringLiteral("Pod"), ns, name}, this, done);
            });
        }
        menu.exec(pos);
    });
    connect(m_build, &BuildPage::showImageRequested, this, &MainWindow::showImage);
    connect(m_build, &BuildPage::buildFinished, this,
            [this](bool ok, const QString &, const QString &imageId, const QString &tag) {
                if (ok)
                    statusBar()->showMessage(tr("Built %1 (%2)").arg(tag, imageId.mid(7, 12)), 10000);
            });
    // Events read best newest first.
    m_views[int(Page::Events)]->table()->sortByColumn(models::EventModel::LastSeen, Qt::AscendingOrder);
    m_views[int(Page::Events)]->table()->setTextElideMode(Qt::ElideRight);

    // Navigation: the sandbox and its kinds.
    m_nav->setHeaderHidden(true);
    m_nav->setRootIsDecorated(false);
    m_nav->setIndentation(14);
    m_nav->setMinimumWidth(190);
    m_sandboxItem = new QTreeWidgetItem(m_nav);
    m_sandboxItem->setText(0, backend ? backend->displayName() : tr("No connection"));
    m_sandboxItem->setToolTip(0, tr("The built-in sandbox: a simulated cluster and container engine that runs inside Flotilla"));
    QFont bold = m_sandboxItem->font(0);
    bold.setBold(true);
    m_sandboxItem->setFont(0, bold);
    m_sandboxItem->setFlags(Qt::ItemIsEnabled);
    auto *kindLabel = new QTreeWidgetItem(m_sandboxItem);
    kindLabel->setText(0, backend && backend->isSimulated() ? tr("sandbox · simulated") : tr("cluster"));
    kindLabel->setFlags(Qt::NoItemFlags);
    const QStringList pageNames = {tr("Nodes"), tr("Pods"), tr("Deployments"), tr("Images"), tr("Events"), tr("Build"),
                                   tr("Cluster map")};
    const QList<QStyle::StandardPixmap> icons = {QStyle::SP_ComputerIcon, QStyle::SP_FileDialogDetailedView,
                                                  QStyle::SP_BrowserReload,
                                                  QStyle::SP_DriveHDIcon, QStyle::SP_MessageBoxInformation,
                                                  QStyle::SP_FileDialogNewFolder, QStyle::SP_DirHomeIcon};
    const QStringList pageHelp = {
        tr("The machines of the cluster. The control plane decides (scheduling, desired state); worker nodes run "
           "the pods, each with a kubelet and a container runtime."),
        tr("The smallest thing Kubernetes runs: one or more containers that share an address and storage, placed on a "
           "node by the scheduler."),
        tr("Keep a number of identical pods running from one template, and replace them version by version in a "
           "rolling update: each version is a ReplicaSet."),
        tr("Read-only templates that containers start from, built in layers from a Dockerfile."),
        tr("What the cluster did and why: scheduling, image pulls, container starts, and failures."),
        tr("Write a Dockerfile and build it into an image: lint hints while you type, and a live build log that "
           "shows which steps the layer cache saved."),
        tr("The cluster at a glance: each node with what its pods request, and its pods coloured by status and by "
           "version. Right-click a node or a pod for faults and operations."),
    };
    for (int i = 0; i < pageNames.size(); ++i) {
        auto *item = new QTreeWidgetItem(m_sandboxItem);
        item->setText(0, pageNames[i]);
        item->setToolTip(0, pageHelp[i]);
        item->setIcon(0, style()->standardIcon(icons[i]));
        item->setData(0, Qt::UserRole, i);
        m_pageItems << item;
    }
    m_nav->expandAll();
    connect(m_nav, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, Qt::UserRole).isValid())
            showPage(Page(item->data(0, Qt::UserRole).toInt()));
    });

    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setContentsMargins(10, 6, 10, 6);
    m_banner->hide();

    auto *center = new QWidget(this);
    auto *centerLayout = new QVBoxLayout(center);
    centerLayout->setContentsMargins(6, 6, 0, 0);
    centerLayout->addWidget(m_stack);

    m_splitter->addWidget(m_nav);
    m_splitter->addWidget(center);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setStretchFactor(2, 2);
    m_splitter->setSizes({180, 820, 360});
    m_splitter->setChildrenCollapsible(false);

    auto *root = new QWidget(this);
    auto *rootLayout = new QVBoxLayout(root);
    rootLayout->setContentsMargins(0, 0, 0, 0);
    rootLayout->setSpacing(0);
    rootLayout->addWidget(m_banner);
    rootLayout->addWidget(m_splitter, 1);
    setCentralWidget(root);

    statusBar()->addWidget(m_statusText, 1);
    statusBar()->addPermanentWidget(m_clock);
    m_clock->setBackend(backend);

    buildActions();

    if (backend) {
        connect(backend, &backends::Backend::started, this, &MainWindow::onStarted);
        connect(backend, &backends::Backend::failed, this, &MainWindow::onFailed);
        connect(backend, &backends::Backend::changesArrived, this, &MainWindow::onBatch);
        connect(backend, &backends::Backend::clockChanged, this, &MainWindow::onClock);
        connect(backend, &backends::Backend::problemChanged, this, [this](const QString &problem) {
            if (problem.isEmpty()) {
                m_banner->hide();
                statusBar()->showMessage(tr("Saving the sandbox works again; nothing was lost."), 8000);
            } else {
                showBanner(QStringLiteral("<b>%1</b><br>%2")
                               .arg(tr("The sandbox cannot save its changes right now."),
                                    problem.toHtmlEscaped() + QStringLiteral("<br>") +
                                        tr("Flotilla keeps them and saves them as soon as it can.").toHtmlEscaped()),
                           true);
            }
        });
        m_statusText->setText(tr("Opening sandbox %1…").arg(backend->displayName()));
    }
    for (auto *model : {static_cast<models::ObjectTableModel *>(m_nodes), static_cast<models::ObjectTableModel *>(m_pods),
                        static_cast<models::ObjectTableModel *>(m_deployments),
                        static_cast<models::ObjectTableModel *>(m_images), static_cast<models::ObjectTableModel *>(m_events)})
        connect(model, &models::ObjectTableModel::objectsChanged, this, &MainWindow::updateNavigationCounts);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    m_nav->setCurrentItem(m_pageItems[int(Page::Pods)]);
    updateNavigationCounts();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto *applyAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&Apply YAML…"), this);
    applyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    applyAction->setToolTip(tr("Create or update objects from YAML (Ctrl+Shift+A)"));
    connect(applyAction, &QAction::triggered, this, &MainWindow::openApplyDialog);

    auto *deleteAction = new QAction(style()->standardIcon(QStyle::SP_TrashIcon), tr("&Delete"), this);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setToolTip(tr("Delete the selected object (Del)"));
    connect(deleteAction, &QAction::triggered, this, &MainWindow::deleteSelected);

    auto *editAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), tr("&Edit YAML…"), this);
    editAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    editAction->setToolTip(tr("Change the selected object as YAML and apply it (Ctrl+E)"));
    connect(editAction, &QAction::triggered, this, &MainWindow::editSelected);

    auto *copyAction = new QAction(tr("&Copy Name"), this);
    copyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(copyAction, &QAction::triggered, this, &MainWindow::copySelectedName);

    // The same actions on every table's context menu.
    for (auto *v : m_views) {
        v->table()->setContextMenuPolicy(Qt::ActionsContextMenu);
        v->table()->addActions({editAction, copyAction, deleteAction});
    }

    auto *filterAction = new QAction(tr("&Filter"), this);
    filterAction->setShortcut(QKeySequence::Find);
    connect(filterAction, &QAction::triggered, this, [this] {
        if (auto *v = currentView())
            v->focusFilter();
    });

    auto *quitAction = new QAction(tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(applyAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction);

    auto *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addAction(editAction);
    editMenu->addAction(copyAction);
    editMenu->addAction(deleteAction);
    editMenu->addAction(filterAction);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    const QStringList names = {tr("&Nodes"), tr("&Pods"), tr("&Deployments"), tr("&Images"), tr("&Events"), tr("&Build"),
                               tr("Cluster &Map")};
    for (int i = 0; i < names.size(); ++i) {
        auto *a = viewMenu->addAction(names[i]);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { showPage(Page(i)); });
    }

    auto *buildMenu = menuBar()->addMenu(tr("&Image"));
    auto *buildAction = buildMenu->addAction(tr("&Build Image…"));
    buildAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    buildAction->setEnabled(m_backend && m_backend->canBuild());
    connect(buildAction, &QAction::triggered, this, [this] {
        showPage(Page::Build);
        m_build->requestBuild();
    });
    auto *tagAction = buildMenu->addAction(tr("&Tag Image…"));
    tagAction->setEnabled(m_backend && m_backend->canBuild());
    connect(tagAction, &QAction::triggered, this, [this] {
        const api::ObjectPtr object = currentPage() == Page::Images ? selectedObject() : nullptr;
        if (!object) {
            statusBar()->showMessage(tr("Select an image in Images to tag it."), 4000);
            return;
        }
        const QString source = QString::fromStdString(api::stringField(object->spec(), "reference"));
        bool ok = false;
        const QString target = QInputDialog::getText(this, tr("Tag Image"), tr("New tag for %1:").arg(source),
                                                     QLineEdit::Normal, source, &ok);
        if (!ok || target.trimmed().isEmpty())
            return;
        m_backend->tagImage(source, target.trimmed(), this, [this](const backends::CommandResult &r) {
            if (r.ok)
                statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 6000);
            else
                QMessageBox::warning(this, tr("Tag failed"), r.problems.value(0).message);
        });
    });
    auto *pruneAction = buildMenu->addAction(tr("&Prune Images and Build Cache"));
    pruneAction->setEnabled(m_backend && m_backend->canBuild());
    connect(pruneAction, &QAction::triggered, this, [this] {
        if (QMessageBox::question(this, tr("Prune"),
                                  tr("Remove untagged images, the build cache and every layer no image uses?")) !=
            QMessageBox::Yes)
            return;
        m_backend->pruneImages(this, [this](const backends::CommandResult &r) {
            statusBar()->showMessage(r.ok ? r.lines.join(QLatin1Char(' '))
                                          : r.problems.value(0).message, 10000);
        });
    });

    // Operations and faults: on the selected node, pod or deployment, and in each table's context menu.
    const bool faults = m_backend && m_backend->canInjectFaults();
    auto *opsMenu = menuBar()->addMenu(tr("&Operations"));
    struct NodeAction { QString text; int op; QString tip; };
    const QList<NodeAction> nodeActions = {
        {tr("&Fail Node"), int(backends::Backend::NodeOperation::Fail),
         tr("Simulate a node failure: its kubelet stops; Kubernetes marks it NotReady after 40 s and moves its pods "
            "after 5 minutes")},
        {tr("&Recover Node"), int(backends::Backend::NodeOperation::Recover), tr("The failed node's kubelet works again")},
        {tr("&Cordon Node"), int(backends::Backend::NodeOperation::Cordon), tr("No new pods are scheduled to the node")},
        {tr("&Uncordon Node"), int(backends::Backend::NodeOperation::Uncordon), tr("The node takes new pods again")},
        {tr("&Drain Node"), int(backends::Backend::NodeOperation::Drain),
         tr("Cordon the node and evict its pods; their controllers start them elsewhere")},
    };
    for (const auto &na : nodeActions) {
        auto *a = opsMenu->addAction(na.text);
        a->setToolTip(na.tip);
        a->setStatusTip(na.tip);
        a->setEnabled(faults);
        const int op = na.op;
        connect(a, &QAction::triggered, this, [this, op] { nodeOperation(m_backend, op); });
        m_views[int(Page::Nodes)]->table()->addAction(a);
    }
    opsMenu->addSeparator();
    auto *crash = opsMenu->addAction(tr("Crash &Container"));
    crash->setStatusTip(tr("The selected pod's container exits with an error; the kubelet restarts it with back-off"));
    crash->setEnabled(faults);
    connect(crash, &QAction::triggered, this, &MainWindow::crashSelectedPod);
    m_views[int(Page::Pods)]->table()->addAction(crash);
    opsMenu->addSeparator();
    auto *scaleAction = opsMenu->addAction(tr("&Scale…"));
    scaleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    scaleAction->setEnabled(faults);
    connect(scaleAction, &QAction::triggered, this, &MainWindow::scaleSelected);
    auto *undo = opsMenu->addAction(tr("&Roll Back"));
    undo->setStatusTip(tr("Bring the previous revision of the selected Deployment back (kubectl rollout undo)"));
    undo->setEnabled(faults);
    connect(undo, &QAction::triggered, this, &MainWindow::rollbackSelected);
    m_views[int(Page::Deployments)]->table()->addActions({scaleAction, undo});

    auto *simMenu = menuBar()->addMenu(tr("&Simulation"));
    auto *pause = simMenu->addAction(tr("&Pause / Resume"));
    pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    connect(pause, &QAction::triggered, m_clock, &ClockBar::togglePaused);
    auto *step = simMenu->addAction(tr("&Step"));
    step->setShortcut(QKeySequence(Qt::Key_F10));
    connect(step, &QAction::triggered, m_clock, &ClockBar::stepOnce);
    simMenu->setEnabled(m_backend && m_backend->hasClock());

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Flotilla"), this, [this] {
        QMessageBox::about(this, tr("About Flotilla"),
                           tr("<h3>Flotilla %1</h3><p>A desktop cluster manager with a built-in sandbox: a simulated "
                              "Kubernetes-style cluster and container engine that runs offline, inside the app.</p>"
                              "<p>Objects in the sandbox are simulated: containers are not executed, image pulls "
                              "and start-up take simulated time.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(applyAction);
    toolbar->addAction(editAction);
    toolbar->addAction(deleteAction);
}

void MainWindow::showPage(Page page)
{
    m_stack->setCurrentIndex(int(page));
    if (m_nav->currentItem() != m_pageItems[int(page)])
        m_nav->setCurrentItem(m_pageItems[int(page)]);
    // the build page has its own two panes; the details pane belongs to the tables
    m_details->setVisible(page != Page::Build);
    if (auto *v = currentView())
        onSelection(v->selectedObject());
}

bool MainWindow::showImage(const QString &reference)
{
    showPage(Page::Images);
    const QString name = QString::fromStdString(api::imageObjectName(reference.toStdString()));
    return m_views[int(Page::Images)]->selectKey(name);
}

MainWindow::Page MainWindow::currentPage() const { return Page(m_stack->currentIndex()); }
ResourceView *MainWindow::view(Page page) const { return m_views.value(int(page)); }
ResourceView *MainWindow::currentView() const { return m_views.value(m_stack->currentIndex()); }

models::ObjectTableModel *MainWindow::modelFor(const std::string &kind) const
{
    for (auto *v : m_views)
        if (v->model()->kind() == kind)
            return v->model();
    return nullptr;
}

ApplyYamlDialog *MainWindow::applyDialog()
{
    if (!m_applyDialog) {
        m_applyDialog = new ApplyYamlDialog(m_backend, this);
        connect(m_applyDialog, &ApplyYamlDialog::applied, this, [this](const backends::CommandResult &result) {
            if (result.ok)
                statusBar()->showMessage(result.lines.join(QStringLiteral(", ")), 8000);
        });
    }
    return m_applyDialog;
}

void MainWindow::openApplyDialog()
{
    auto *dialog = applyDialog();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

api::ObjectPtr MainWindow::selectedObject() const
{
    auto *v = currentView();
    return v ? v->selectedObject() : nullptr;
}

void MainWindow::editSelected()
{
    const api::ObjectPtr object = selectedObject();
    if (!object) {
        statusBar()->showMessage(tr("Select an object to edit."), 4000);
        return;
    }
    auto *dialog = applyDialog();
    dialog->setText(QString::fromStdString(api::toYaml(api::objectToEditableJson(*object))),
                    QString::fromStdString(object->kind + "/" + object->metadata.name));
    openApplyDialog();
}

void MainWindow::copySelectedName()
{
    if (const api::ObjectPtr object = selectedObject()) {
        QGuiApplication::clipboard()->setText(QString::fromStdString(object->metadata.name));
        statusBar()->showMessage(tr("Copied “%1”").arg(QString::fromStdString(object->metadata.name)), 3000);
    }
}

void MainWindow::deleteSelected()
{
    const api::ObjectPtr object = selectedObject();
    if (!object || !m_backend) {
        statusBar()->showMessage(tr("Select an object to delete."), 4000);
        return;
    }
    const QString kind = QString::fromStdString(object->kind);
    const QString name = QString::fromStdString(object->metadata.name);
    if (!m_backend->isSimulated()) {
        const auto answer = QMessageBox::question(this, tr("Delete %1").arg(kind), tr("Delete %1 %2?").arg(kind, name),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    m_backend->deleteObject({kind, QString::fromStdString(object->metadata.ns), name}, this,
                            [this](const backends::CommandResult &result) {
                                if (result.ok)
                                    statusBar()->showMessage(result.lines.join(QStringLiteral(", ")), 6000);
                                else
                                    QMessageBox::warning(this, tr("Delete failed"), result.problems.value(0).message);
                            });
}

void MainWindow::nodeOperation(backends::Backend *backend, int operation)
{
    const api::ObjectPtr object = currentPage() == Page::Nodes ? selectedObject() : nullptr;
    if (!object || !backend) {
        statusBar()->showMessage(tr("Select a node in Nodes first."), 4000);
        return;
    }
    backend->nodeOperation(QString::fromStdString(object->metadata.name), backends::Backend::NodeOperation(operation),
                           this, [this](const backends::CommandResult &r) {
                               if (r.ok)
                                   statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 10000);
                               else
                                   QMessageBox::warning(this, tr("Operation failed"), r.problems.value(0).message);
                           });
}

void MainWindow::crashSelectedPod()
{
    const api::ObjectPtr object = currentPage() == Page::Pods ? selectedObject() : nullptr;
    if (!object || !m_backend) {
        statusBar()->showMessage(tr("Select a pod in Pods first."), 4000);
        return;
    }
    m_backend->crashContainer(QString::fromStdString(object->metadata.ns), QString::fromStdString(object->metadata.name),
                              this, [this](const backends::CommandResult &r) {
                                  if (r.ok)
                                      statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 10000);
                                  else
                                      QMessageBox::warning(this, tr("Operation failed"), r.problems.value(0).message);
                              });
}

void MainWindow::scaleSelected()
{
    const api::ObjectPtr object = currentPage() == Page::Deployments ? selectedObject() : nullptr;
    if (!object || !m_backend) {
        statusBar()->showMessage(tr("Select a Deployment in Deployments first."), 4000);
        return;
    }
    bool ok = false;
    const int current = int(object->spec().value("replicas", 1));
    const int replicas = QInputDialog::getInt(this, tr("Scale"), tr("Replicas of %1:").arg(QString::fromStdString(object->metadata.name)),
                                              current, 0, 100000, 1, &ok);
    if (!ok)
        return;
    m_backend->scale({QString::fromStdString(object->kind), QString::fromStdString(object->metadata.ns),
                      QString::fromStdString(object->metadata.name)},
                     replicas, this, [this](const backends::CommandResult &r) {
                         if (r.ok)
                             statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 8000);
                         else
                             QMessageBox::warning(this, tr("Scale failed"), r.problems.value(0).message);
                     });
}

void MainWindow::rollbackSelected()
{
    const api::ObjectPtr object = currentPage() == Page::Deployments ? selectedObject() : nullptr;
    if (!object || !m_backend) {
        statusBar()->showMessage(tr("Select a Deployment in Deployments first."), 4000);
        return;
    }
    m_backend->rollback({QString::fromStdString(object->kind), QString::fromStdString(object->metadata.ns),
                         QString::fromStdString(object->metadata.name)},
                        0, this, [this](const backends::CommandResult &r) {
                            if (r.ok)
                                statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 8000);
                            else
                                QMessageBox::warning(this, tr("Roll back failed"), r.problems.value(0).message);
                        });
}

void MainWindow::onStarted()
{
    const QStringList warnings = m_backend->startupWarnings();
    if (!warnings.isEmpty()) {
        QStringList items;
        for (const QString &w : warnings)
            items << w.toHtmlEscaped();
        showBanner(QStringLiteral("<b>%1</b><br>%2").arg(tr("The sandbox state needed attention:"), items.join(QStringLiteral("<br>"))), true);
    }
    updateStatus();
}

void MainWindow::onFailed(const QString &message)
{
    showBanner(QStringLiteral("<b>%1</b><br>%2").arg(tr("The sandbox could not be opened."), message.toHtmlEscaped()), true);
    m_statusText->setText(tr("Not connected"));
}

void MainWindow::showBanner(const QString &html, bool warning)
{
    m_banner->setText(html);
    m_banner->setStyleSheet(warning ? QStringLiteral("background:#fff4d6; color:#5c4400; border-bottom:1px solid #e8c86a;")
                                    : QStringLiteral("background:#e8f1fb; color:#17406b; border-bottom:1px solid #a9c7ea;"));
    m_banner->show();
}

void MainWindow::onBatch(const backends::ChangeBatch &batch)
{
    bool namespacesChanged = false;
    for (const auto &ev : batch.events) {
        if (!ev.object || ev.object->kind != api::kind::Namespace)
            continue;
        const QString ns = QString::fromStdString(ev.object->metadata.name);
        if (ev.type == engine::store::WatchEvent::Type::Deleted)
            namespacesChanged |= m_namespaces.removeAll(ns) > 0;
        else if (!m_namespaces.contains(ns)) {
            m_namespaces << ns;
            namespacesChanged = true;
        }
    }
    if (namespacesChanged) {
        m_namespaces.sort();
        for (auto *v : m_views)
            v->setNamespaces(m_namespaces);
    }
    // Follow the object in the details pane, and its events.
    if (const api::ObjectPtr shown = m_details->object()) {
        if (auto *model = modelFor(shown->kind)) {
            const int row = model->rowOf(shown->key());
            m_details->updateObject(row >= 0 ? model->objectAt(row) : nullptr);
        }
        const bool aboutShown = std::any_of(batch.events.begin(), batch.events.end(), [&](const auto &ev) {
            return ev.object && ev.object->kind == api::kind::Event &&
                   api::stringField(api::field(ev.object->body, "involvedObject"), "name") == shown->metadata.name;
        });
        if (aboutShown && m_details->object())
            m_details->refresh();
    }
    updateStatus();
}

void MainWindow::onClock(const engine::ClockState &clock)
{
    for (auto *v : m_views)
        v->model()->setNow(clock.now);
    m_details->setNow(clock.now);
    if (qAbs(clock.now - m_lastAgeRefresh) >= 1000) {
        m_lastAgeRefresh = clock.now;
        if (auto *v = currentView())
            v->refreshAges();
    }
}

void MainWindow::onSelection(const api::ObjectPtr &object)
{
    if (sender() && sender() != currentView())
        return;
    m_details->showObject(object);
}

void MainWindow::updateNavigationCounts()
{
    const QStringList names = {tr("Nodes"), tr("Pods"), tr("Deployments"), tr("Images"), tr("Events")};
    for (int i = 0; i < m_views.size(); ++i) {
        const int n = m_views[i]->model()->rowCount();
        m_pageItems[i]->setText(0, QStringLiteral("%1  (%2)").arg(names[i]).arg(n));
    }
}

void MainWindow::updateStatus()
{
    if (!m_backend || !m_backend->isStarted())
        return;
    int ready = 0;
    for (int r = 0; r < m_nodes->rowCount(); ++r)
        ready += m_nodes->index(r, 0).data(models::NodeModel::ReadyRole).toBool() ? 1 : 0;
    const int running = m_pods->runningCount();
    m_statusText->setText(tr("Sandbox %1 (simulated) · %2 of %3 nodes ready · %4 of %5 pods running")
                              .arg(m_backend->displayName())
                              .arg(ready)
                              .arg(m_nodes->rowCount())
                              .arg(running)
                              .arg(m_pods->rowCount()));
}

QString MainWindow::bannerText() const
{
    return m_banner->isVisibleTo(const_cast<MainWindow *>(this)) ? m_banner->text() : QString();
}

bool MainWindow::saveScreenshot(const QString &path)
{
    return grab().save(path, "PNG");
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/splitter"), m_splitter->saveState());
    event->accept();
}

} // namespace flotilla::widgets
