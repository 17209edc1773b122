#include "mainwindow.h"

#include "registrydialog.h"

#include "addnodesdialog.h"
#include "applyyamldialog.h"
#include "autoscaledialog.h"
#include "clockbar.h"
#include "buildpage.h"
#include "clustermap.h"
#include "containerspage.h"
#include "deploywizard.h"
#include "detailspane.h"
#include "eventtimeline.h"
#include "kubectldialog.h"
#include "podphasechart.h"
#include "resourceview.h"
#include "rolloutspage.h"
#include "rolloutview.h"
#include "servicespage.h"

#include <backends/backend.h>
#include <backends/plainrolloutrunner.h>
#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>
#include <models/deploymentmodel.h>
#include <models/rolloutmodel.h>
#include <models/eventmodel.h>
#include <models/imagemodel.h>
#include <models/nodemodel.h>
#include <models/objectfilterproxymodel.h>
#include <models/podmodel.h>
#include <models/servicemodel.h>
#include <models/configmapmodel.h>
#include <models/containermodel.h>
#include <models/podphasehistory.h>
#include <models/replicasetmodel.h>
#include <models/secretmodel.h>

#include <QTimer>
#include <QTextDocumentFragment>
#include <QUrl>
#include <QDir>
#include <QAction>
#include <QDateTime>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QMenu>
#include <QLineEdit>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace {
/// Marks a plan run with plain objects among the Rollouts (its value: the ConfigMap that keeps it).
constexpr const char *kPlanAnnotation = "rollouts.flotilla.dev/plan-configmap";
} // namespace

namespace api = engine::api;

MainWindow::MainWindow(backends::Backend *backend, QWidget *parent)
    : QMainWindow(parent), m_backend(backend), m_nodes(new models::NodeModel(this)), m_pods(new models::PodModel(this)),
      m_images(new models::ImageModel(this)), m_deployments(new models::DeploymentModel(this)), m_events(new models::EventModel(this)), m_contexts(new QComboBox(this)), m_nav(new QTreeWidget(this)),
      m_stack(new QStackedWidget(this)), m_build(new BuildPage(backend, this)), m_map(nullptr), m_details(new DetailsPane(this)), m_splitter(new QSplitter(this)),
      m_banner(new QLabel(this)), m_statusText(new QLabel(this)), m_clock(new ClockBar(this))
{
    setWindowTitle(backend ? tr("%1 — Flotilla").arg(backend->isSimulated() ? tr("Sandbox %1").arg(backend->displayName())
                                                                               : backend->displayName())
                           : tr("Flotilla"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/flotilla.svg")));
    resize(1400, 840);

    m_replicaSets = new models::ReplicaSetModel(this);
    m_rollouts = new models::RolloutModel(this);
    if (backend) {
        // plans run with plain objects by Flotilla itself: it follows the backend from its first batch
        m_planRunner = new backends::PlainRolloutRunner(backend, this);
        connect(m_planRunner, &backends::PlainRolloutRunner::planChanged, this, &MainWindow::showPlan);
    }
    m_configMaps = new models::ConfigMapModel(this);
    m_secrets = new models::SecretModel(this);
    m_containers = new models::ContainerModel(this);
    m_phaseHistory = new models::PodPhaseHistory(m_pods, this);
    m_phaseHistory->setBackend(backend);
    for (auto *model : {static_cast<models::ObjectTableModel *>(m_nodes), static_cast<models::ObjectTableModel *>(m_pods),
                        static_cast<models::ObjectTableModel *>(m_deployments),
                        static_cast<models::ObjectTableModel *>(m_images), static_cast<models::ObjectTableModel *>(m_events),
                        static_cast<models::ObjectTableModel *>(m_replicaSets),
                        static_cast<models::ObjectTableModel *>(m_configMaps),
                        static_cast<models::ObjectTableModel *>(m_secrets),
                        static_cast<models::ObjectTableModel *>(m_containers),
                        static_cast<models::ObjectTableModel *>(m_rollouts)})
        model->setBackend(backend);

    m_details->setEventModel(m_events);
    m_details->setSecretModel(m_secrets);
    m_details->setBackend(m_backend);
    // what the nodes' containers use, every few seconds (a sandbox simulates it)
    if (m_backend && m_backend->hasUsage()) {
        auto *usageTimer = new QTimer(this);
        usageTimer->setInterval(5000);
        connect(usageTimer, &QTimer::timeout, this, [this] {
            if (!m_backend->isStarted() || !isVisible())
                return;
            // per pod only while the table is of a size where that stays cheap
            const bool pods = m_pods->rowCount() <= 20'000;
            m_backend->fetchUsage(
                this,
                [this, pods](const backends::UsageSnapshot &snap) {
                    QHash<QString, QPair<qint64, qint64>> used;
                    for (auto it = snap.nodes.cbegin(); it != snap.nodes.cend(); ++it)
                        used.insert(it.key(), {it->cpuMilli, it->memoryBytes});
                    m_nodes->setUsed(used);
                    QHash<QString, QPair<qint64, qint64>> podsUsed;
                    for (auto it = snap.pods.cbegin(); it != snap.pods.cend(); ++it)
                        podsUsed.insert(it.key(), {it->cpuMilli, it->memoryBytes});
                    m_pods->setUsed(pods ? podsUsed : QHash<QString, QPair<qint64, qint64>>{});
                },
                pods);
        });
        usageTimer->start();
    }
    addPage(Page::Nodes, nullptr, new ResourceView(m_nodes, tr("Nodes"), false, this));
    addPage(Page::Pods, nullptr, new ResourceView(m_pods, tr("Pods"), true, this));
    addPage(Page::Deployments, nullptr, new ResourceView(m_deployments, tr("Deployments"), true, this));
    m_serviceModel = new models::ServiceModel(this);
    m_serviceModel->setBackend(backend);
    auto *servicesView = new ResourceView(m_serviceModel, tr("Services"), true, this);
    m_servicesPage = new ServicesPage(servicesView, m_serviceModel, backend, this);
    m_servicesPage->setPodModel(m_pods);
    addPage(Page::Services, m_servicesPage, servicesView);
    addPage(Page::Images, nullptr, new ResourceView(m_images, tr("Images"), false, this));
    auto *eventsView = new ResourceView(m_events, tr("Events"), true, this);
    addPage(Page::Events, makeEventsPage(eventsView), eventsView);
    addPage(Page::Build, m_build);
    m_map = new ClusterMap(m_nodes, m_pods, this);
    addPage(Page::Map, m_map);
    addPage(Page::ReplicaSets, nullptr, new ResourceView(m_replicaSets, tr("ReplicaSets"), true, this));
    addPage(Page::ConfigMaps, nullptr, new ResourceView(m_configMaps, tr("ConfigMaps"), true, this));
    addPage(Page::Secrets, nullptr, new ResourceView(m_secrets, tr("Secrets"), true, this));
    auto *rolloutsView = new ResourceView(m_rollouts, tr("Rollouts"), true, this);
    m_rolloutsPage = new RolloutsPage(rolloutsView, m_rollouts, m_serviceModel, m_events, backend, this);
    m_rolloutsPage->rolloutView()->setActionRouter(
        [this](const api::ObjectPtr &ro, backends::Backend::RolloutAction action, QObject *context, backends::Backend::Callback done) {
            rolloutAction(ro, int(action), context, std::move(done));
        });
    m_rolloutsPage->setWorkloadModels(m_pods, m_deployments);
    addPage(Page::Rollouts, m_rolloutsPage, rolloutsView);
    auto *containersView = new ResourceView(m_containers, tr("Containers"), false, this);
    containersView->setObjectName(QStringLiteral("containersView"));
    m_containersPage = new ContainersPage(containersView, m_containers, m_images, backend, this);
    connect(m_containersPage, &ContainersPage::statusMessage, this, [this](const QString &text) { statusBar()->showMessage(text, 10000); });
    // Run… from anywhere (Ctrl+R): the new container shows on its page
    connect(m_containersPage->runAction(), &QAction::triggered, this, [this] { showPage(Page::Containers); });
    addPage(Page::Containers, m_containersPage, containersView);
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
            if (ready)
                menu.addAction(tr("Cut Off from the Control Plane"), this,
                               [this, name, done] { m_backend->nodeOperation(name, Op::Partition, this, done); });
            menu.addSeparator();
            menu.addAction(tr("Remove Node %1…").arg(name), this, [this, name] { confirmRemoveNode(name); });
            menu.addAction(tr("Add Nodes…"), this, &MainWindow::openAddNodesDialog);
        } else if (object->kind == api::kind::Pod) {
            using Fault = backends::Backend::ContainerFault;
            const QString ns = QString::fromStdString(object->metadata.ns);
            menu.addAction(tr("Crash Container"), this, [this, ns, name, done] { m_backend->crashContainer(ns, name, this, done); });
            menu.addAction(tr("CPU Spike"), this,
                           [this, ns, name, done] { m_backend->containerFault(ns, name, Fault::CpuSpike, this, done); });
            menu.addAction(tr("Memory Leak"), this,
                           [this, ns, name, done] { m_backend->containerFault(ns, name, Fault::MemoryLeak, this, done); });
            menu.addAction(tr("Clear Faults"), this,
                           [this, ns, name, done] { m_backend->containerFault(ns, name, Fault::Clear, this, done); });
            const auto images = QString::fromStdString(api::summarizePod(*object).images).split(QLatin1Char(','));
            if (!images.value(0).isEmpty()) {
                const QString image = images.value(0).trimmed();
                menu.addAction(tr("Fail Pulls of %1").arg(image), this,
                               [this, image, done] { m_backend->failImagePulls(image, true, this, done); });
                menu.addAction(tr("Let Pulls of %1 Work").arg(image), this,
                               [this, image, done] { m_backend->failImagePulls(image, false, this, done); });
            }
            menu.addAction(tr("Delete Pod %1").arg(name), this, [this, ns, name, done] {
                m_backend->deleteObject({QStringLiteral("Pod"), ns, name}, this, done);
            });
        }
        menu.exec(pos);
    });
    connect(m_build, &BuildPage::showImageRequested, this, &MainWindow::showImage);
    connect(m_build, &BuildPage::externalBuildShown, this, [this](const QString &tag) {
        statusBar()->showMessage(tr("docker build of %1: its log is on the Build page").arg(tag), 10000);
    });
    connect(m_build, &BuildPage::buildFinished, this,
            [this](bool ok, const QString &, const QString &imageId, const QString &tag) {
                if (ok)
                    statusBar()->showMessage(tr("Built %1 (%2)").arg(tag, imageId.mid(7, 12)), 10000);
            });
    // Events read best newest first.
    view(Page::Events)->table()->sortByColumn(models::EventModel::LastSeen, Qt::AscendingOrder);
    view(Page::Events)->table()->setTextElideMode(Qt::ElideRight);

    // Navigation: the sandbox and its kinds.
    m_nav->setHeaderHidden(true);
    m_nav->setRootIsDecorated(false);
    m_nav->setIndentation(14);
    m_nav->setMinimumWidth(190);
    m_sandboxItem = new QTreeWidgetItem(m_nav);
    // the name is in the context switcher above; the tree says what kind of thing it is
    const bool engineOnly = backend && !backend->hasCluster();
    m_sandboxItem->setText(0, !backend                 ? tr("No connection")
                              : backend->isSimulated() ? tr("Sandbox · simulated")
                              : engineOnly             ? tr("Docker engine")
                                                       : tr("Cluster"));
    m_sandboxItem->setToolTip(0, !backend || backend->isSimulated()
                                     ? tr("The built-in sandbox: a simulated cluster and container engine that runs inside Flotilla")
                                 : engineOnly ? tr("A real Docker engine, reached through its socket: its images, containers and builds")
                                              : tr("A Kubernetes cluster, reached through its API server"));
    QFont bold = m_sandboxItem->font(0);
    bold.setBold(true);
    m_sandboxItem->setFont(0, bold);
    m_sandboxItem->setFlags(Qt::ItemIsEnabled);
    struct NavEntry {
        Page page;
        QStyle::StandardPixmap icon;
        QString help;
    };
    // in the order a learner meets them
    const QList<NavEntry> navigation = {
        {Page::Nodes, QStyle::SP_ComputerIcon,
         tr("The machines of the cluster. The control plane decides (scheduling, desired state); worker nodes run "
            "the pods, each with a kubelet and a container runtime.")},
        {Page::Pods, QStyle::SP_FileDialogDetailedView,
         tr("The smallest thing Kubernetes runs: one or more containers that share an address and storage, placed on a "
            "node by the scheduler.")},
        {Page::Deployments, QStyle::SP_BrowserReload,
         tr("Keep a number of identical pods running from one template, and replace them version by version in a "
            "rolling update: each version is a ReplicaSet.")},
        {Page::Rollouts, QStyle::SP_MediaSeekForward,
         tr("Replace a version step by step under control: a canary gets a share of the requests, pauses until "
            "promoted, is measured, and becomes stable or is aborted. Right-click a rollout to promote, abort or "
            "retry it.")},
        {Page::Services, QStyle::SP_DriveNetIcon,
         tr("A stable name and address for a changing set of pods: kube-proxy spreads requests over the ready ones. "
            "Send simulated traffic and watch the registry of healthy instances.")},
        {Page::ReplicaSets, QStyle::SP_FileDialogListView,
         tr("Keep a number of pods from one template alive. A Deployment makes one per version of its template and "
            "scales them during a rollout; old ones stay, scaled to zero, for roll backs.")},
        {Page::ConfigMaps, QStyle::SP_FileIcon,
         tr("Configuration kept apart from the image, handed to pods as environment variables or as files.")},
        {Page::Secrets, QStyle::SP_DialogNoButton,
         tr("Like ConfigMaps, for passwords, tokens and keys. Their values stay hidden until you reveal them.")},
        {Page::Images, QStyle::SP_DriveHDIcon, tr("Read-only templates that containers start from, built in layers from a Dockerfile.")},
        {Page::Containers, QStyle::SP_DesktopIcon,
         tr("Running instances of images, as docker run makes them: start, stop and remove them, publish their ports "
            "and read their logs. Simulated in the sandbox; the docker CLI drives them too.")},
        {Page::Events, QStyle::SP_MessageBoxInformation,
         tr("What the cluster did and why: scheduling, image pulls, container starts, and failures, on a timeline "
            "of simulated time, with pods by phase over time.")},
        {Page::Build, QStyle::SP_FileDialogNewFolder,
         tr("Write a Dockerfile and build it into an image: lint hints while you type, and a live build log that "
            "shows which steps the layer cache saved.")},
        {Page::Map, QStyle::SP_DirHomeIcon,
         tr("The cluster at a glance: each node with what its pods request, and its pods coloured by status and by "
            "version. Right-click a node or a pod for faults and operations.")},
    };
    for (const NavEntry &entry : navigation) {
        auto *item = new QTreeWidgetItem(m_sandboxItem);
        item->setText(0, pageTitle(entry.page));
        item->setToolTip(0, entry.help);
        item->setIcon(0, style()->standardIcon(entry.icon));
        item->setData(0, Qt::UserRole, int(entry.page));
        m_pageItems.insert(int(entry.page), item);
        if (engineOnly && isClusterPage(entry.page)) {
            // greyed, not hidden: the note says where these pages work
            item->setDisabled(true);
            item->setToolTip(0, tr("A Docker engine has no cluster: %1 needs a sandbox or a Kubernetes cluster "
                                   "(the switcher above opens one). Images, Containers and Build work here.")
                                    .arg(pageTitle(entry.page)));
        }
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

    // The context switcher: this window's sandbox or cluster, and the others to switch to.
    m_contexts->setObjectName(QStringLiteral("contextSwitcher"));
    m_contexts->setToolTip(tr("The sandbox or cluster this window shows (Ctrl+K switches): the sandboxes of this "
                              "machine and the contexts of your kubeconfig"));
    m_contexts->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_contexts->setMinimumContentsLength(12);
    setConnectionTargets({}, {});
    connect(m_contexts, &QComboBox::activated, this, &MainWindow::onContextPicked);
    auto *navColumn = new QWidget(this);
    auto *navLayout = new QVBoxLayout(navColumn);
    navLayout->setContentsMargins(0, 4, 0, 0);
    navLayout->setSpacing(4);
    navLayout->addWidget(m_contexts);
    navLayout->addWidget(m_nav, 1);
    m_splitter->addWidget(navColumn);
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
    m_kubectlStatus = new QLabel(this);
    m_kubectlStatus->setObjectName(QStringLiteral("kubectlStatus"));
    m_kubectlStatus->setTextFormat(Qt::RichText);
    m_kubectlStatus->setToolTip(tr("kubectl reaches this sandbox here; click for the export line"));
    m_kubectlStatus->hide();
    connect(m_kubectlStatus, &QLabel::linkActivated, this, &MainWindow::openKubectlDialog);
    statusBar()->addPermanentWidget(m_kubectlStatus);
    statusBar()->addPermanentWidget(m_clock);
    m_clock->setBackend(backend);

    buildActions();

    if (backend) {
        connect(backend, &backends::Backend::started, this, &MainWindow::onStarted);
        connect(backend, &backends::Backend::failed, this, &MainWindow::onFailed);
        connect(backend, &backends::Backend::changesArrived, this, &MainWindow::onBatch);
        connect(backend, &backends::Backend::clockChanged, this, &MainWindow::onClock);
        connect(backend, &backends::Backend::problemChanged, this, [this, backend](const QString &problem) {
            if (!backend->isSimulated()) { // a cluster: what its API server said (unreachable, 401, 403)
                if (problem.isEmpty()) {
                    m_banner->hide();
                    statusBar()->showMessage(tr("Connected to %1 again.").arg(backend->displayName()), 8000);
                } else {
                    const QString title = backend->hasCluster() ? tr("Cluster %1 answers with a problem.").arg(backend->displayName())
                                                                : tr("%1 answers with a problem.").arg(backend->displayName());
                    showBanner(QStringLiteral("<b>%1</b><br>%2").arg(title.toHtmlEscaped(),
                                                                     problem.toHtmlEscaped()),
                               true);
                }
                return;
            }
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
        m_statusText->setText(backend->isSimulated() ? tr("Opening sandbox %1…").arg(backend->displayName())
                                                     : tr("Connecting to %1…").arg(backend->displayName()));
        if (!backend->hasClock()) { // a cluster: ages count on the wall clock
            auto *ticker = new QTimer(this);
            connect(ticker, &QTimer::timeout, this, [this] { onClock({QDateTime::currentMSecsSinceEpoch()}); });
            ticker->start(1000);
            onClock({QDateTime::currentMSecsSinceEpoch()});
        }
    }
    for (auto *v : m_views)
        connect(v->model(), &models::ObjectTableModel::objectsChanged, this, &MainWindow::updateNavigationCounts);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    m_nav->setCurrentItem(m_pageItems.value(int(engineOnly ? Page::Containers : Page::Pods)));
    updateNavigationCounts();
}

MainWindow::~MainWindow() = default;

DeployWizard *MainWindow::deployWizard() const { return m_deployWizard; }

void MainWindow::openDeployWizard()
{
    if (m_deployWizard) { // one at a time
        m_deployWizard->raise();
        m_deployWizard->activateWindow();
        return;
    }
    DeployWizard::Sources sources;
    sources.images = m_images;
    sources.configMaps = m_configMaps;
    sources.secrets = m_secrets;
    sources.services = m_serviceModel;
    sources.rollouts = m_rollouts;
    sources.namespaceModels = {m_deployments, m_rollouts, m_serviceModel, m_configMaps, m_secrets, m_replicaSets, m_pods};
    auto *wizard = new DeployWizard(m_backend, sources, this);
    wizard->setPlanRunner(m_planRunner);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    if (const api::ObjectPtr image = currentPage() == Page::Images ? selectedObject() : nullptr)
        wizard->setImage(QString::fromStdString(api::stringField(image->spec(), "reference")));
    connect(wizard, &DeployWizard::deployed, this, [this](const QString &ns, const QString &name) {
        showPage(Page::Rollouts);
        statusBar()->showMessage(tr("Deployed %1 in namespace %2").arg(name, ns), 10000);
        const QString key = QString::fromStdString(api::objectKey(ns.toStdString(), name.toStdString()));
        if (view(Page::Rollouts)->selectKey(key))
            return;
        // the Rollout comes with one of the next batches
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(m_rollouts, &models::ObjectTableModel::objectsChanged, this, [this, key, connection] {
            if (view(Page::Rollouts)->selectKey(key))
                disconnect(*connection);
        });
        QTimer::singleShot(10'000, this, [connection] { QObject::disconnect(*connection); });
    });
    m_deployWizard = wizard;
    wizard->show();
}

QString MainWindow::pageTitle(Page page)
{
    switch (page) {
    case Page::Nodes: return tr("Nodes");
    case Page::Pods: return tr("Pods");
    case Page::Deployments: return tr("Deployments");
    case Page::Services: return tr("Services");
    case Page::Images: return tr("Images");
    case Page::Events: return tr("Events");
    case Page::Build: return tr("Build");
    case Page::Map: return tr("Cluster map");
    case Page::ReplicaSets: return tr("ReplicaSets");
    case Page::ConfigMaps: return tr("ConfigMaps");
    case Page::Secrets: return tr("Secrets");
    case Page::Rollouts: return tr("Rollouts");
    case Page::Containers: return tr("Containers");
    }
    return {};
}

void MainWindow::addPage(Page page, QWidget *widget, ResourceView *view)
{
    if (!widget)
        widget = view;
    m_pageWidgets.insert(int(page), widget);
    m_stack->addWidget(widget);
    if (!view)
        return;
    m_views << view;
    m_pageViews.insert(int(page), view);
    connect(view, &ResourceView::selectionChanged, this, &MainWindow::onSelection);
    // Double-click or Enter on a row: its YAML.
    connect(view, &ResourceView::activated, this, [this](const api::ObjectPtr &object) {
        if (object)
            m_details->showYaml();
    });
}

QWidget *MainWindow::makeEventsPage(ResourceView *events)
{
    // the timeline and the chart above the table, on the simulation's clock (the status bar's controls)
    m_timeline = new EventTimeline(m_events, this);
    m_phaseChart = new PodPhaseChart(m_phaseHistory, this);
    auto *timelinePage = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelinePage);
    timelineLayout->setContentsMargins(0, 4, 0, 0);
    timelineLayout->setSpacing(2);
    auto *header = new QHBoxLayout;
    auto *hint = new QLabel(tr("A lane per object, the most recent on top · amber: warnings · simulated time: "
                               "pause, step or speed it up in the status bar"),
                            timelinePage);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *span = new QComboBox(timelinePage);
    for (const auto &[label, ms] : std::initializer_list<std::pair<QString, qint64>>{
             {tr("Last minute"), 60'000}, {tr("Last 5 minutes"), 300'000}, {tr("Last 15 minutes"), 900'000},
             {tr("Last hour"), 3'600'000}})
        span->addItem(label, ms);
    span->setCurrentIndex(0);
    span->setToolTip(tr("How much simulated time the timeline shows"));
    connect(span, &QComboBox::activated, this, [this, span](int index) { m_timeline->setSpan(span->itemData(index).toLongLong()); });
    header->addWidget(hint, 1);
    header->addWidget(span);
    timelineLayout->addLayout(header);
    timelineLayout->addWidget(m_timeline, 1);
    connect(m_timeline, &EventTimeline::eventClicked, this, [events](const QString &eventKey) { events->selectKey(eventKey); });

    m_eventCharts = new QTabWidget(this);
    m_eventCharts->setDocumentMode(true);
    m_eventCharts->addTab(timelinePage, tr("Timeline"));
    m_eventCharts->addTab(m_phaseChart, tr("Pods by Phase"));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_eventCharts);
    split->addWidget(events);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);
    return split;
}

void MainWindow::buildActions()
{
    auto *applyAction = new QAction(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("&Apply YAML…"), this);
    applyAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    applyAction->setToolTip(tr("Create or update objects from YAML (Ctrl+Shift+A)"));
    connect(applyAction, &QAction::triggered, this, &MainWindow::openApplyDialog);

    auto *deployAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Deploy…"), this);
    deployAction->setObjectName(QStringLiteral("deployAction"));
    deployAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    deployAction->setToolTip(tr("Deploy an image with a rolling update, blue/green or canary strategy (Ctrl+Shift+D)"));
    deployAction->setStatusTip(deployAction->toolTip());
    deployAction->setEnabled(m_backend != nullptr);
    connect(deployAction, &QAction::triggered, this, &MainWindow::openDeployWizard);

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

    // The same actions on every table's context menu (containers are removed by their own action, not edited).
    for (auto *v : m_views) {
        v->table()->setContextMenuPolicy(Qt::ActionsContextMenu);
        if (v == view(Page::Containers)) {
            auto *separator = new QAction(this);
            separator->setSeparator(true);
            v->table()->addActions({separator, copyAction});
        } else {
            v->table()->addActions({editAction, copyAction, deleteAction});
        }
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

    m_kubectlAction = new QAction(tr("Use with &kubectl and docker…"), this);
    m_kubectlAction->setObjectName(QStringLiteral("kubectlAction"));
    m_kubectlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_kubectlAction->setStatusTip(tr("Serve this sandbox's Kubernetes API and Docker Engine API and show how to point "
                                     "kubectl and docker at them"));
    m_kubectlAction->setEnabled(m_backend && m_backend->canServeKubernetesApi());
    connect(m_kubectlAction, &QAction::triggered, this, &MainWindow::openKubectlDialog);
    auto *switchAction = new QAction(tr("S&witch Context…"), this);
    switchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    switchAction->setStatusTip(tr("Show another sandbox or a kubeconfig context in this window"));
    connect(switchAction, &QAction::triggered, this, [this] {
        m_contexts->setFocus();
        m_contexts->showPopup();
    });

    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(applyAction);
    fileMenu->addAction(deployAction);
    fileMenu->addSeparator();
    fileMenu->addAction(switchAction);
    fileMenu->addAction(m_kubectlAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction);

    auto *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addAction(editAction);
    editMenu->addAction(copyAction);
    editMenu->addAction(deleteAction);
    editMenu->addAction(filterAction);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    const QList<QPair<Page, QString>> names = {
        {Page::Nodes, tr("&Nodes")},         {Page::Pods, tr("&Pods")},
        {Page::Deployments, tr("&Deployments")}, {Page::Rollouts, tr("R&ollouts")}, {Page::Services, tr("Ser&vices")}, {Page::ReplicaSets, tr("&ReplicaSets")},
        {Page::ConfigMaps, tr("&ConfigMaps")},   {Page::Secrets, tr("&Secrets")},
        {Page::Images, tr("&Images")},       {Page::Containers, tr("Con&tainers")}, {Page::Events, tr("&Events")},
        {Page::Build, tr("&Build")},         {Page::Map, tr("Cluster &Map")}};
    for (const auto &[page, name] : names) {
        auto *a = viewMenu->addAction(name);
        // Ctrl+1–9 by page id (Ctrl+0 is the cluster map's "fit")
        if (const int id = int(page); id < 9)
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + id)));
        connect(a, &QAction::triggered, this, [this, page] { showPage(page); });
    }

    auto *buildMenu = menuBar()->addMenu(tr("&Image"));
    auto *containersMenu = menuBar()->addMenu(tr("&Containers"));
    for (QAction *a : m_containersPage->containerActions()) {
        if (a)
            containersMenu->addAction(a);
        else
            containersMenu->addSeparator();
    }
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
    auto *registriesAction = buildMenu->addAction(tr("&Registries…"));
    registriesAction->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_R));
    registriesAction->setToolTip(tr("Browse a registry, pull from it, push images to it"));
    registriesAction->setEnabled(m_backend && m_backend->canBuild());
    auto *pushAction = buildMenu->addAction(tr("P&ush Image to a Registry…"));
    pushAction->setToolTip(tr("Push the image selected in Images to a registry"));
    pushAction->setEnabled(m_backend && m_backend->canBuild());
    connect(pushAction, &QAction::triggered, this, [this, registriesAction] {
        const api::ObjectPtr object = currentPage() == Page::Images ? selectedObject() : nullptr;
        registriesAction->trigger();
        if (!object)
            return;
        const auto summary = api::summarizeImage(*object);
        if (auto *dialog = findChild<RegistryDialog *>(QString(), Qt::FindDirectChildrenOnly))
            dialog->choosePushSource(QString::fromStdString(summary.repository + ":" + summary.tag));
    });
    connect(registriesAction, &QAction::triggered, this, [this] {
        if (auto *open = findChild<RegistryDialog *>(QString(), Qt::FindDirectChildrenOnly)) {
            open->raise();
            open->activateWindow();
            return;
        }
        auto *dialog = new RegistryDialog(m_backend, [this] {
            // images with layers of their own (catalog images are configuration only)
            QStringList references;
            for (int row = 0; row < m_images->rowCount(); ++row)
                if (const api::ObjectPtr image = m_images->objectAt(row))
                    if (const auto summary = api::summarizeImage(*image); summary.source != "catalog")
                        references << QString::fromStdString(summary.repository + ":" + summary.tag);
            references.removeDuplicates();
            references.sort();
            return references;
        }, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RegistryDialog::transferFinished, this, [this](bool ok, const QString &text) {
            statusBar()->showMessage(text, 8000);
        });
        dialog->show();
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
        {tr("Cut Node &Off"), int(backends::Backend::NodeOperation::Partition),
         tr("Simulate a network partition: the node's pods keep running but it stops reporting; Kubernetes treats "
            "it as failed and starts its pods elsewhere")},
    };
    for (const auto &na : nodeActions) {
        auto *a = opsMenu->addAction(na.text);
        a->setToolTip(na.tip);
        a->setStatusTip(na.tip);
        a->setEnabled(faults);
        const int op = na.op;
        connect(a, &QAction::triggered, this, [this, op] { nodeOperation(m_backend, op); });
        view(Page::Nodes)->table()->addAction(a);
    }
    // the cluster's size: worker nodes of a preset come and go
    auto *addNodes = opsMenu->addAction(tr("Add &Nodes…"));
    addNodes->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    addNodes->setStatusTip(tr("Add worker nodes of a size preset (Small, Medium, Large) to the cluster"));
    addNodes->setToolTip(addNodes->statusTip());
    addNodes->setEnabled(faults);
    connect(addNodes, &QAction::triggered, this, &MainWindow::openAddNodesDialog);
    auto *removeNode = opsMenu->addAction(tr("Re&move Node…"));
    removeNode->setStatusTip(tr("Remove the selected node from the cluster; its pods' controllers start them on other nodes"));
    removeNode->setToolTip(removeNode->statusTip());
    removeNode->setEnabled(faults);
    connect(removeNode, &QAction::triggered, this, &MainWindow::removeSelectedNode);
    auto *nodeSeparator = new QAction(this);
    nodeSeparator->setSeparator(true);
    view(Page::Nodes)->table()->addActions({nodeSeparator, addNodes, removeNode});
    opsMenu->addSeparator();
    auto *crash = opsMenu->addAction(tr("Crash &Container"));
    crash->setStatusTip(tr("The selected pod's container exits with an error; the kubelet restarts it with back-off"));
    crash->setEnabled(faults);
    connect(crash, &QAction::triggered, this, &MainWindow::crashSelectedPod);
    view(Page::Pods)->table()->addAction(crash);
    // the selected pod's containers misbehave: the kubelet and the charts show what follows
    auto podFault = [this](auto call) {
        const api::ObjectPtr object = currentPage() == Page::Pods ? selectedObject() : nullptr;
        if (!object || !m_backend) {
            statusBar()->showMessage(tr("Select a pod in Pods first."), 4000);
            return;
        }
        call(*object, [this](const backends::CommandResult &r) {
            if (r.ok)
                statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 10000);
            else
                QMessageBox::warning(this, tr("Operation failed"), r.problems.value(0).message);
        });
    };
    struct PodFaultAction { QString text; QString tip; int fault; };
    using Fault = backends::Backend::ContainerFault;
    const QList<PodFaultAction> podFaults = {
        {tr("CPU S&pike"), tr("The selected pod's containers use their CPU limit for 2 minutes; probes time out"),
         int(Fault::CpuSpike)},
        {tr("&Memory Leak"), tr("The selected pod's containers leak memory until they are OOMKilled"), int(Fault::MemoryLeak)},
        {tr("Clear Pod &Faults"), tr("End the selected pod's CPU spike and memory leak"), int(Fault::Clear)},
    };
    for (const auto &pf : podFaults) {
        auto *a = opsMenu->addAction(pf.text);
        a->setStatusTip(pf.tip);
        a->setToolTip(pf.tip);
        a->setEnabled(faults);
        const int fault = pf.fault;
        connect(a, &QAction::triggered, this, [this, podFault, fault] {
            podFault([this, fault](const api::Object &pod, backends::Backend::Callback done) {
                m_backend->containerFault(QString::fromStdString(pod.metadata.ns), QString::fromStdString(pod.metadata.name),
                                          backends::Backend::ContainerFault(fault), this, done);
            });
        });
        m_views[int(Page::Pods)]->table()->addAction(a);
    }
    for (const bool fail : {true, false}) {
        auto *a = opsMenu->addAction(fail ? tr("Fail &Image Pulls") : tr("Let Image Pulls &Work"));
        a->setStatusTip(fail ? tr("Pulls of the selected pod's image fail (ErrImagePull, then ImagePullBackOff)")
                             : tr("Pulls of the selected pod's image work again"));
        a->setEnabled(faults);
        connect(a, &QAction::triggered, this, [this, podFault, fail] {
            podFault([this, fail](const api::Object &pod, backends::Backend::Callback done) {
                const auto images = QString::fromStdString(api::summarizePod(pod).images).split(QLatin1Char(','));
                m_backend->failImagePulls(images.value(0).trimmed(), fail, this, done);
            });
        });
        m_views[int(Page::Pods)]->table()->addAction(a);
    }
    opsMenu->addSeparator();
    auto *scaleAction = opsMenu->addAction(tr("&Scale…"));
    scaleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(scaleAction, &QAction::triggered, this, &MainWindow::scaleSelected);
    auto *autoscaleAction = opsMenu->addAction(tr("&Autoscale…"));
    autoscaleAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    autoscaleAction->setStatusTip(tr("Scale the selected Deployment on its CPU use (a HorizontalPodAutoscaler)"));
    autoscaleAction->setEnabled(m_backend != nullptr);
    connect(autoscaleAction, &QAction::triggered, this, [this] {
        const api::ObjectPtr object = currentPage() == Page::Deployments ? selectedObject() : nullptr;
        if (!object || !m_backend) {
            statusBar()->showMessage(tr("Select a Deployment in Deployments first."), 4000);
            return;
        }
        const int replicas = int(object->spec().value("replicas", 1));
        auto *dialog = new AutoscaleDialog(m_backend,
                                           {QString::fromStdString(object->kind), QString::fromStdString(object->metadata.ns),
                                            QString::fromStdString(object->metadata.name)},
                                           1, std::max(replicas * 2, 4), 50, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &AutoscaleDialog::autoscaled, this,
                [this](const QStringList &lines) { statusBar()->showMessage(lines.join(QLatin1Char(' ')), 8000); });
        dialog->open();
    });
    view(Page::Deployments)->table()->addAction(autoscaleAction);
    auto *undo = opsMenu->addAction(tr("&Roll Back"));
    undo->setStatusTip(tr("Bring the previous revision of the selected Deployment back (kubectl rollout undo)"));
    connect(undo, &QAction::triggered, this, &MainWindow::rollbackSelected);
    auto *restart = opsMenu->addAction(tr("Res&tart"));
    restart->setObjectName(QStringLiteral("restartDeployment"));
    restart->setStatusTip(tr("Replace the selected Deployment's pods with new ones, in a rolling update (kubectl rollout restart)"));
    connect(restart, &QAction::triggered, this, &MainWindow::restartSelected);
    auto *setImage = opsMenu->addAction(tr("Set &Image…"));
    setImage->setObjectName(QStringLiteral("setDeploymentImage"));
    setImage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    setImage->setStatusTip(tr("Run another image in the selected Deployment's pods, in a rolling update (kubectl set image)"));
    connect(setImage, &QAction::triggered, this, &MainWindow::setImageOfSelected);
    for (QAction *a : {scaleAction, undo, restart, setImage})
        a->setEnabled(m_backend != nullptr);
    view(Page::Deployments)->table()->addActions({scaleAction, undo, restart, setImage});
    // a Rollout's canary: promoted, aborted, retried, paused or resumed by hand
    auto *rolloutMenu = opsMenu->addMenu(tr("R&ollout"));
    struct RolloutEntry { QString text; QString tip; backends::Backend::RolloutAction action; const char *name; };
    using RA = backends::Backend::RolloutAction;
    const QList<RolloutEntry> rolloutEntries = {
        {tr("&Promote"), tr("End the selected Rollout's current pause: its canary goes on to the next step"), RA::Promote,
         "promoteRollout"},
        {tr("Promote &Fully"), tr("Skip the remaining steps: the canary takes all the requests and becomes stable"),
         RA::PromoteFull, "promoteFullRollout"},
        {tr("&Abort"), tr("Send every request back to the stable version and scale the canary to zero"), RA::Abort,
         "abortRollout"},
        {tr("&Retry"), tr("Run the steps of an aborted Rollout again from the first"), RA::Retry, "retryRollout"},
        {tr("Pa&use"), tr("Hold the selected Rollout at its current step until resumed"), RA::Pause, "pauseRollout"},
        {tr("Resu&me"), tr("Let a Rollout paused by hand go on with its steps"), RA::Resume, "resumeRollout"},
    };
    auto *rolloutSeparator = new QAction(this);
    rolloutSeparator->setSeparator(true);
    view(Page::Rollouts)->table()->addAction(rolloutSeparator);
    for (const auto &entry : rolloutEntries) {
        auto *a = rolloutMenu->addAction(entry.text);
        a->setObjectName(QString::fromLatin1(entry.name));
        a->setStatusTip(entry.tip);
        a->setToolTip(entry.tip);
        if (entry.action == RA::Promote) {
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
            a->setShortcutContext(Qt::WindowShortcut);
        }
        const int action = int(entry.action);
        connect(a, &QAction::triggered, this, [this, action] { rolloutActionOnSelected(action); });
        view(Page::Rollouts)->table()->addAction(a);
        m_rolloutActions << a;
        if (entry.action == RA::PromoteFull || entry.action == RA::Retry)
            rolloutMenu->addSeparator();
    }
    updateRolloutActions();
    auto *rateAction = opsMenu->addAction(tr("Set Request &Rate…"));
    rateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    rateAction->setStatusTip(tr("Send simulated traffic to the selected Service (requests per second)"));
    rateAction->setEnabled(m_backend && m_backend->canSimulateTraffic());
    connect(rateAction, &QAction::triggered, this, [this] {
        showPage(Page::Services);
        m_servicesPage->focusRate();
    });
    view(Page::Services)->table()->addAction(rateAction);
    auto *weightsAction = opsMenu->addAction(tr("Traffic &Weights…"));
    weightsAction->setStatusTip(tr("Split the selected Service's requests over its versions by exact shares"));
    weightsAction->setEnabled(m_backend && m_backend->canSimulateTraffic());
    connect(weightsAction, &QAction::triggered, this, [this] {
        showPage(Page::Services);
        if (!view(Page::Services)->selectedObject()) {
            statusBar()->showMessage(tr("Select a Service in Services first."), 4000);
            return;
        }
        m_servicesPage->editWeights();
    });
    view(Page::Services)->table()->addAction(weightsAction);

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

    if (m_backend && !m_backend->hasCluster()) {
        // a Docker engine: no Kubernetes objects to apply, edit or deploy, no nodes to operate on
        const QString why = tr("A Docker engine has no Kubernetes cluster: open a sandbox or a cluster for this.");
        for (QAction *a : {applyAction, deployAction, editAction}) {
            a->setEnabled(false);
            a->setToolTip(why);
            a->setStatusTip(why);
        }
        opsMenu->setEnabled(false);
    }
    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(applyAction);
    toolbar->addAction(deployAction);
    toolbar->addAction(editAction);
    toolbar->addAction(deleteAction);
}

void MainWindow::setConnectionTargets(const QList<backends::ConnectionTarget> &targets, const QString &currentKey,
                                      const QString &problem)
{
    m_targets = targets;
    m_currentTargetKey = currentKey;
    const QSignalBlocker blocker(m_contexts);
    m_contexts->clear();
    int current = -1;
    for (int i = 0; i < m_targets.size(); ++i) {
        const auto &t = m_targets[i];
        const bool sandbox = t.kind == backends::ConnectionTarget::Kind::Sandbox;
        const bool docker = t.kind == backends::ConnectionTarget::Kind::DockerEngine;
        m_contexts->addItem(style()->standardIcon(sandbox ? QStyle::SP_ComputerIcon : docker ? QStyle::SP_DriveHDIcon : QStyle::SP_DriveNetIcon),
                            sandbox ? tr("%1 (sandbox)").arg(t.name) : docker ? tr("Docker engine") : t.name, i);
        m_contexts->setItemData(m_contexts->count() - 1,
                                sandbox  ? tr("Sandbox %1: simulated, inside Flotilla").arg(t.name)
                                : docker ? tr("The Docker engine at %1: real images, containers and builds").arg(t.server)
                                         : tr("Context %1 of %2: cluster %3")
                                               .arg(t.name, t.kubeconfigFiles.join(QStringLiteral(", ")), t.server),
                                Qt::ToolTipRole);
        if (t.key() == currentKey)
            current = m_contexts->count() - 1;
    }
    if (current < 0 && m_backend) { // this window's own, when it is not among them
        m_contexts->insertItem(0, m_backend->displayName(), -1);
        current = 0;
    }
    m_contexts->insertSeparator(m_contexts->count());
    m_contexts->addItem(tr("Open Kubeconfig File…"), -2);
    m_contexts->setCurrentIndex(current);
    m_contexts->setToolTip(problem.isEmpty() ? tr("The sandbox or cluster this window shows (Ctrl+K switches)")
                                             : tr("Some contexts could not be read: %1").arg(problem));
}

void MainWindow::onContextPicked(int index)
{
    const int which = m_contexts->itemData(index).toInt();
    // the switcher goes on showing this window's connection until another one opens
    auto showCurrent = [this] {
        for (int i = 0; i < m_contexts->count(); ++i) {
            const int t = m_contexts->itemData(i).toInt();
            if ((t >= 0 && m_targets.value(t).key() == m_currentTargetKey) || (t == -1)) {
                m_contexts->setCurrentIndex(i);
                return;
            }
        }
    };
    if (which == -2) {
        showCurrent();
        const QString file = QFileDialog::getOpenFileName(this, tr("Open Kubeconfig File"), QDir::homePath() + QStringLiteral("/.kube"));
        if (file.isEmpty())
            return;
        QString problem;
        const auto found = backends::listConnectionTargets(QString(), QString(), {file}, &problem);
        QList<backends::ConnectionTarget> contexts;
        for (const auto &t : found)
            if (t.kind == backends::ConnectionTarget::Kind::KubeContext)
                contexts << t;
        if (contexts.isEmpty()) {
            QMessageBox::warning(this, tr("Open Kubeconfig File"),
                                 problem.isEmpty() ? tr("%1 has no contexts.").arg(QFileInfo(file).fileName()) : problem);
            return;
        }
        emit connectionRequested(contexts.first());
        return;
    }
    if (which < 0 || which >= m_targets.size() || m_targets[which].key() == m_currentTargetKey) {
        showCurrent();
        return;
    }
    const auto target = m_targets[which];
    showCurrent();
    statusBar()->showMessage(tr("Opening %1…").arg(target.label()));
    emit connectionRequested(target);
}

void MainWindow::openKubectlDialog()
{
    if (!m_backend || !m_backend->canServeKubernetesApi())
        return;
    if (!m_kubectlDialog) {
        m_kubectlDialog = new KubectlDialog(m_backend, this);
        m_kubectlDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_kubectlDialog, &KubectlDialog::served, this, [this](const backends::KubectlAccess &access) {
            if (!access.ok)
                return;
            const QString address = QUrl(access.server).authority();
            m_kubectlStatus->setText(tr("kubectl · <a href=\"#\">%1</a>").arg(address.toHtmlEscaped()));
            m_kubectlStatus->show();
        });
    }
    m_kubectlDialog->show();
    m_kubectlDialog->raise();
    m_kubectlDialog->activateWindow();
}

KubectlDialog *MainWindow::kubectlDialog() const { return m_kubectlDialog; }

QString MainWindow::kubectlStatusText() const
{
    return m_kubectlStatus->isHidden() ? QString() : QTextDocumentFragment::fromHtml(m_kubectlStatus->text()).toPlainText();
}

bool MainWindow::isClusterPage(Page page)
{
    return page != Page::Images && page != Page::Containers && page != Page::Build;
}

void MainWindow::showPage(Page page)
{
    if (m_backend && !m_backend->hasCluster() && isClusterPage(page))
        page = Page::Containers; // a Docker engine has no cluster pages
    if (QWidget *w = m_pageWidgets.value(int(page)))
        m_stack->setCurrentWidget(w);
    if (QTreeWidgetItem *item = m_pageItems.value(int(page)); item && m_nav->currentItem() != item)
        m_nav->setCurrentItem(item);
    // the build page has its own two panes; the details pane belongs to the tables
    m_details->setVisible(page != Page::Build && page != Page::Containers);
    if (auto *v = currentView())
        onSelection(v->selectedObject());
    updateRolloutActions();
}

bool MainWindow::showImage(const QString &reference)
{
    showPage(Page::Images);
    const QString name = QString::fromStdString(api::imageObjectName(reference.toStdString()));
    return view(Page::Images)->selectKey(name);
}

MainWindow::Page MainWindow::currentPage() const { return Page(m_pageWidgets.key(m_stack->currentWidget(), 0)); }
ResourceView *MainWindow::view(Page page) const { return m_pageViews.value(int(page)); }
ResourceView *MainWindow::currentView() const { return view(currentPage()); }

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
    if (currentPage() == Page::Containers) {
        statusBar()->showMessage(tr("A container is not changed as YAML: remove it and run it again with other "
                                    "settings."),
                                 6000);
        return;
    }
    const api::ObjectPtr object = selectedObject();
    if (!object) {
        statusBar()->showMessage(tr("Select an object to edit."), 4000);
        return;
    }
    if (object->kind == api::kind::Secret && !m_secrets->isRevealed(QString::fromStdString(object->key()))) {
        // the masked copy would write the mask as the values
        statusBar()->showMessage(tr("Reveal the Secret's values (in its details) before editing it."), 6000);
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
    if (currentPage() == Page::Containers) { // docker rm, after asking
        m_containersPage->removeSelected();
        return;
    }
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

void MainWindow::openAddNodesDialog()
{
    if (!m_backend || !m_backend->canInjectFaults())
        return;
    if (auto *open = findChild<AddNodesDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new AddNodesDialog(m_backend, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddNodesDialog::nodesAdded, this, [this](const QStringList &lines) {
        statusBar()->showMessage(lines.size() > 3 ? tr("%1 nodes added").arg(lines.size())
                                                  : lines.join(QStringLiteral(", ")),
                                 10000);
    });
    dialog->open();
}

void MainWindow::removeSelectedNode()
{
    const api::ObjectPtr object = currentPage() == Page::Nodes ? selectedObject() : nullptr;
    if (!object) {
        statusBar()->showMessage(tr("Select a node in Nodes first."), 4000);
        return;
    }
    confirmRemoveNode(QString::fromStdString(object->metadata.name));
}

void MainWindow::confirmRemoveNode(const QString &name)
{
    if (!m_backend || !m_backend->canInjectFaults())
        return;
    // what goes with it: pods of a controller come back elsewhere, bare pods do not
    int controlled = 0, bare = 0;
    for (int r = 0; r < m_pods->rowCount(); ++r) {
        const api::ObjectPtr pod = m_pods->objectAt(r);
        if (!pod)
            continue;
        const auto s = api::summarizePod(*pod);
        if (QString::fromStdString(s.node) != name)
            continue;
        ++(s.owner.empty() ? bare : controlled);
    }
    QString detail;
    if (controlled + bare == 0)
        detail = tr("No pods run on it.");
    else
        detail = (controlled + bare == 1 ? tr("Its pod is removed with it.")
                                         : tr("Its %1 pods are removed with it.").arg(controlled + bare)) +
                 QLatin1Char(' ') +
                 tr("Pods of a Deployment or ReplicaSet are rescheduled: their controllers start them again on "
                    "other nodes.");
    if (bare > 0)
        detail += QLatin1Char(' ') + (bare == 1 ? tr("1 pod without a controller will not come back.")
                                                : tr("%1 pods without a controller will not come back.").arg(bare));
    detail += QStringLiteral("\n\n") + tr("To move its pods gracefully first, drain the node.");
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Node"), tr("Remove node %1 from the cluster?").arg(name),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("removeNodeConfirmation"));
    box->setInformativeText(detail);
    auto *remove = box->addButton(tr("&Remove Node"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, name] {
        if (box->clickedButton() != static_cast<QAbstractButton *>(remove) || !m_backend)
            return;
        m_backend->removeNode(name, this, [this](const backends::CommandResult &r) {
            if (r.ok)
                statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 10000);
            else
                QMessageBox::warning(this, tr("Remove node failed"), r.problems.value(0).message);
        });
    });
    box->open();
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

api::ObjectPtr MainWindow::selectedDeployment()
{
    const api::ObjectPtr object = currentPage() == Page::Deployments ? selectedObject() : nullptr;
    if (!object || !m_backend) {
        statusBar()->showMessage(tr("Select a Deployment in Deployments first."), 4000);
        return nullptr;
    }
    return object;
}

backends::Backend::Callback MainWindow::answerIn(const QString &failureTitle)
{
    return [this, failureTitle](const backends::CommandResult &r) {
        if (r.ok)
            statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 8000);
        else
            QMessageBox::warning(this, failureTitle, r.problems.value(0).message);
    };
}

namespace {
backends::ObjectRef refOf(const api::Object &o)
{
    return {QString::fromStdString(o.kind), QString::fromStdString(o.metadata.ns), QString::fromStdString(o.metadata.name)};
}
} // namespace

void MainWindow::rollbackSelected()
{
    if (const api::ObjectPtr object = selectedDeployment())
        m_backend->rollback(refOf(*object), 0, this, answerIn(tr("Roll back failed")));
}

void MainWindow::restartSelected()
{
    if (const api::ObjectPtr object = selectedDeployment())
        m_backend->restartRollout(refOf(*object), this, answerIn(tr("Restart failed")));
}

void MainWindow::setImageOfSelected()
{
    const api::ObjectPtr object = selectedDeployment();
    if (!object)
        return;
    const auto containers = api::PodTemplate::decode(api::field(object->spec(), "template")).podSpec().containers;
    if (containers.empty())
        return;
    QStringList names;
    for (const auto &c : containers)
        names << QString::fromStdString(c.name);
    const QString name = QString::fromStdString(object->metadata.name);
    bool ok = true;
    QString container = names.first();
    if (names.size() > 1) {
        container = QInputDialog::getItem(this, tr("Set Image of %1").arg(name), tr("Container:"), names, 0, false, &ok);
        if (!ok)
            return;
    }
    const QString current = QString::fromStdString(containers[std::size_t(names.indexOf(container))].image);
    const QString image = QInputDialog::getText(this, tr("Set Image of %1").arg(name),
                                                tr("Image of container %1 (now %2):").arg(container, current),
                                                QLineEdit::Normal, current, &ok)
                              .trimmed();
    if (!ok || image.isEmpty() || image == current)
        return;
    m_backend->setImage(refOf(*object), container, image, this, answerIn(tr("Set image failed")));
}

void MainWindow::rolloutActionOnSelected(int action)
{
    const api::ObjectPtr object = currentPage() == Page::Rollouts ? selectedObject() : nullptr;
    if (!object || object->kind != api::kind::Rollout || !m_backend) {
        statusBar()->showMessage(tr("Select a Rollout in Rollouts first."), 4000);
        return;
    }
    rolloutAction(object, action, this, [this](const backends::CommandResult &r) {
        if (r.ok)
            statusBar()->showMessage(r.lines.join(QLatin1Char(' ')), 8000);
        else
            QMessageBox::warning(this, tr("Rollout action failed"), r.problems.value(0).message);
    });
}

void MainWindow::rolloutAction(const api::ObjectPtr &rollout, int action, QObject *context,
                               std::function<void(const backends::CommandResult &)> done)
{
    const QString ns = QString::fromStdString(rollout->metadata.ns), name = QString::fromStdString(rollout->metadata.name);
    if (m_planRunner && rollout->metadata.annotations.count(kPlanAnnotation)) {
        m_planRunner->act(ns, name, backends::Backend::RolloutAction(action), context, std::move(done));
        return;
    }
    if (m_backend)
        m_backend->rolloutAction({QString::fromStdString(rollout->kind), ns, name}, backends::Backend::RolloutAction(action),
                                 context, std::move(done));
}

void MainWindow::showPlan(const QString &ns, const QString &name)
{
    const QString key = QString::fromStdString(api::objectKey(ns.toStdString(), name.toStdString()));
    engine::store::WatchEvent ev;
    if (const api::ObjectPtr plan = m_planRunner->plan(ns, name)) {
        // a plan of plain objects, shown as the Rollout it runs and marked as Flotilla's
        auto shown = std::make_shared<api::Object>(*plan);
        shown->metadata.annotations[kPlanAnnotation] =
            backends::PlainRolloutRunner::configMapName(name).toStdString();
        if (!shown->metadata.creationTimestamp)
            shown->metadata.creationTimestamp = m_backend && m_backend->hasClock() ? m_backend->clock().now
                                                                                   : QDateTime::currentMSecsSinceEpoch();
        ev.type = m_planKeys.contains(key) ? engine::store::WatchEvent::Type::Modified : engine::store::WatchEvent::Type::Added;
        ev.object = std::move(shown);
        m_planKeys.insert(key);
    } else {
        if (!m_planKeys.remove(key))
            return;
        auto gone = std::make_shared<api::Object>();
        gone->kind = std::string(api::kind::Rollout);
        gone->metadata.ns = ns.toStdString();
        gone->metadata.name = name.toStdString();
        ev.type = engine::store::WatchEvent::Type::Deleted;
        ev.object = std::move(gone);
    }
    const std::vector<engine::store::WatchEvent> events{ev};
    m_rollouts->applyEvents(events);
}

void MainWindow::updateRolloutActions()
{
    const api::ObjectPtr object = currentPage() == Page::Rollouts ? selectedObject() : nullptr;
    const bool enabled = m_backend && object && object->kind == api::kind::Rollout;
    for (QAction *a : std::as_const(m_rolloutActions))
        a->setEnabled(enabled);
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
            m_details->updateObject(row >= 0 ? model->shownObject(row) : nullptr); // a Secret stays masked
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
    if (m_timeline)
        m_timeline->setNow(clock.now);
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
    updateRolloutActions();
}

void MainWindow::updateNavigationCounts()
{
    for (auto it = m_pageViews.cbegin(); it != m_pageViews.cend(); ++it)
        if (QTreeWidgetItem *item = m_pageItems.value(it.key()))
            item->setText(0, QStringLiteral("%1  (%2)").arg(pageTitle(Page(it.key()))).arg(it.value()->model()->rowCount()));
}

void MainWindow::updateStatus()
{
    if (!m_backend || !m_backend->isStarted())
        return;
    if (!m_backend->hasCluster()) {
        int up = 0;
        for (int r = 0; r < m_containers->rowCount(); ++r)
            up += m_containers->containerAt(r).running() ? 1 : 0;
        m_statusText->setText(tr("%1 · %2 of %3 containers running · %4 images")
                                  .arg(m_backend->displayName())
                                  .arg(up)
                                  .arg(m_containers->rowCount())
                                  .arg(m_images->rowCount()));
        return;
    }
    const int ready = m_nodes->readyCount();
    const int running = m_pods->runningCount();
    m_statusText->setText((m_backend->isSimulated() ? tr("Sandbox %1 (simulated) · %2 of %3 nodes ready · %4 of %5 pods running")
                                                    : tr("Cluster %1 · %2 of %3 nodes ready · %4 of %5 pods running"))
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
