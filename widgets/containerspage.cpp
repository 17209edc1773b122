#include "containerspage.h"

#include "resourceview.h"
#include "rundialog.h"

#include <models/containermodel.h>
#include <models/imagemodel.h>

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDateTime>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

namespace flotilla::widgets {

using engine::sandbox::ContainerInfo;

namespace {
QString esc(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString row(const QString &label, const QString &valueHtml)
{
    return QStringLiteral("<tr><td style='color:#6b7280; padding-right:14px; white-space:nowrap'>%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), valueHtml);
}

QString timeText(engine::TimeMs t, engine::TimeMs now)
{
    return QStringLiteral("%1 (%2)").arg(QString::fromStdString(engine::formatRfc3339(t)),
                                         ContainersPage::tr("%1 ago").arg(QString::fromStdString(engine::formatAge(now - t))));
}

/// The container's command line for the shell: a word quoted when it needs to be.
QString shellWord(const QString &word)
{
    for (const QChar c : word)
        if (!(c.isLetterOrNumber() || QStringLiteral("_./:@%+=,-").contains(c)))
            return QLatin1Char('\'') + QString(word).replace(QLatin1Char('\''), QStringLiteral("'\\''")) + QLatin1Char('\'');
    return word;
}

bool tcpPublished(const ContainerInfo &c)
{
    return std::any_of(c.ports.begin(), c.ports.end(),
                       [](const auto &p) { return p.hostPort > 0 && p.containerPort.ends_with("/tcp"); });
}
} // namespace

ContainersPage::ContainersPage(ResourceView *table, models::ContainerModel *model, const models::ImageModel *images,
                               backends::Backend *backend, QWidget *parent)
    : QWidget(parent), m_table(table), m_model(model), m_images(images), m_backend(backend),
      m_copyMenu(new QMenu(this)), m_stack(new QStackedWidget(this)), m_empty(new QWidget(this)),
      m_split(new QSplitter(Qt::Vertical, this)), m_title(new QLabel(this)), m_details(new QTextBrowser(this)),
      m_logStatus(new QLabel(this)), m_timestamps(new QCheckBox(tr("&Timestamps"), this)), m_log(new QPlainTextEdit(this))
{
    const bool can = backend && backend->canRunContainers();
    auto action = [this](QStyle::StandardPixmap icon, const QString &text, const QKeySequence &key, const QString &tip,
                         const char *name) {
        auto *a = new QAction(icon == QStyle::SP_CustomBase ? QIcon() : style()->standardIcon(icon), text, this);
        a->setObjectName(QString::fromLatin1(name));
        if (!key.isEmpty()) {
            a->setShortcut(key);
            a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        } else {
            a->setToolTip(tip);
        }
        a->setStatusTip(tip);
        return a;
    };
    m_run = action(QStyle::SP_FileDialogNewFolder, tr("&Run…"), QKeySequence(Qt::CTRL | Qt::Key_R),
                   tr("Start a new container from an image (docker run)"), "runContainer");
    m_start = action(QStyle::SP_MediaPlay, tr("&Start"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T),
                     tr("Start the selected container again (docker start)"), "startContainer");
    m_stop = action(QStyle::SP_MediaStop, tr("St&op"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X),
                    tr("Stop the selected container: SIGTERM, then SIGKILL after 10 s (docker stop)"), "stopContainer");
    m_restart = action(QStyle::SP_BrowserReload, tr("R&estart"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E),
                       tr("Stop the selected container and start it again (docker restart)"), "restartContainer");
    m_kill = action(QStyle::SP_DialogCancelButton, tr("&Kill"), {},
                    tr("End the selected container at once with SIGKILL: exit code 137 (docker kill)"), "killContainer");
    m_remove = action(QStyle::SP_TrashIcon, tr("Re&move…"), {},
                      tr("Remove the selected container, killing it first if it runs (docker rm) (Del)"),
                      "removeContainer");
    m_open = action(QStyle::SP_CommandLink, tr("Open in &Browser"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                    tr("Open the selected container's published port at http://localhost:PORT/"), "openContainerInBrowser");
    m_copy = action(QStyle::SP_CustomBase, tr("Copy &docker Command"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
                    tr("Copy a docker command for the selected container: docker logs -f NAME, or another from the "
                       "menu"),
                    "copyDockerCommand");
    connect(m_run, &QAction::triggered, this, &ContainersPage::openRunDialog);
    connect(m_start, &QAction::triggered, this, &ContainersPage::startSelected);
    connect(m_stop, &QAction::triggered, this, &ContainersPage::stopSelected);
    connect(m_restart, &QAction::triggered, this, &ContainersPage::restartSelected);
    connect(m_kill, &QAction::triggered, this, &ContainersPage::killSelected);
    connect(m_remove, &QAction::triggered, this, &ContainersPage::removeSelected);
    connect(m_open, &QAction::triggered, this, [this] { openInBrowser(); });
    connect(m_copy, &QAction::triggered, this, [this] { copyDockerCommand(); });
    // the other commands of the copy menu, named by what they do
    const QList<QPair<QString, QString>> copies = {
        {QStringLiteral("logs"), tr("docker logs -f: follow its log")},
        {QStringLiteral("port"), tr("docker port: its published ports")},
        {QStringLiteral("inspect"), tr("docker inspect: everything about it")},
        {QStringLiteral("stop"), tr("docker stop")},
        {QStringLiteral("rm"), tr("docker rm -f: remove it, running or not")},
        {QStringLiteral("run"), tr("docker run: make the same container")},
    };
    for (const auto &[which, label] : copies) {
        auto *a = m_copyMenu->addAction(label);
        a->setData(which);
        connect(a, &QAction::triggered, this, [this, which] { copyDockerCommand(which); });
    }
    m_copy->setMenu(m_copyMenu);

    // the toolbar, and the note that the containers are simulated
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("containersToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(16, 16));
    for (QAction *a : containerActions()) {
        if (a)
            bar->addAction(a);
        else
            bar->addSeparator();
    }
    if (auto *copyButton = qobject_cast<QToolButton *>(bar->widgetForAction(m_copy)))
        copyButton->setPopupMode(QToolButton::MenuButtonPopup);
    const bool simulated = !backend || backend->isSimulated();
    auto *note = new QLabel(simulated ? tr("Simulated: the programs do not really run; published ports are real ports on this "
                                           "computer, answered by the sandbox.")
                                      : tr("Real containers of %1: their programs run, and stopping or removing one "
                                           "really stops or removes it.")
                                            .arg(backend->displayName()),
                            this);
    note->setObjectName(QStringLiteral("simulatedNote"));
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: palette(mid);"));
    note->setContentsMargins(4, 0, 4, 0);
    // the note on a line of its own: beside the toolbar, longer labels (German) would squeeze it
    auto *header = new QVBoxLayout;
    header->setContentsMargins(0, 0, 0, 2);
    header->setSpacing(0);
    header->addWidget(bar);
    header->addWidget(note);

    // the table's context menu: the same actions
    QTableView *view = table->table();
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *a : containerActions()) {
        if (a) {
            view->addAction(a);
        } else {
            auto *separator = new QAction(this);
            separator->setSeparator(true);
            view->addAction(separator);
        }
    }

    // the selected container: its facts beside its log
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_title->setTextFormat(Qt::PlainText);
    m_details->setOpenLinks(false);
    m_details->setObjectName(QStringLiteral("containerDetails"));
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("http"))
            QDesktopServices::openUrl(url);
    });
    m_log->setObjectName(QStringLiteral("containerLog"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMaximumBlockCount(kMaxLogLines);
    m_log->setPlaceholderText(tr("The container's output (docker logs) shows here."));
    m_timestamps->setToolTip(tr("Show the time of each line (docker logs -t)"));
    connect(m_timestamps, &QCheckBox::toggled, this, &ContainersPage::renderLogs);
    m_logStatus->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *logTitle = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Logs").toHtmlEscaped()), this);
    auto *logBar = new QHBoxLayout;
    logBar->setContentsMargins(0, 0, 0, 0);
    logBar->addWidget(logTitle);
    logBar->addSpacing(8);
    logBar->addWidget(m_logStatus, 1);
    logBar->addWidget(m_timestamps);
    auto *logArea = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logArea);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->setSpacing(2);
    logLayout->addLayout(logBar);
    logLayout->addWidget(m_log, 1);
    auto *factsArea = new QWidget(this);
    auto *factsLayout = new QVBoxLayout(factsArea);
    factsLayout->setContentsMargins(0, 0, 0, 0);
    factsLayout->setSpacing(2);
    factsLayout->addWidget(m_title);
    factsLayout->addWidget(m_details, 1);
    auto *detailSplit = new QSplitter(Qt::Horizontal, this);
    detailSplit->addWidget(factsArea);
    detailSplit->addWidget(logArea);
    detailSplit->setStretchFactor(0, 2);
    detailSplit->setStretchFactor(1, 3);
    detailSplit->setSizes({420, 640});
    detailSplit->setChildrenCollapsible(false);
    m_split->addWidget(table);
    m_split->addWidget(detailSplit);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setSizes({300, 430});
    m_split->setChildrenCollapsible(false);

    // no containers yet: how to make one
    auto *emptyTitle = new QLabel(can ? tr("No containers yet") : tr("No Docker containers here"), m_empty);
    emptyTitle->setObjectName(QStringLiteral("emptyTitle"));
    emptyTitle->setStyleSheet(QStringLiteral("color: palette(mid); font-size: 15pt;"));
    emptyTitle->setAlignment(Qt::AlignCenter);
    auto *emptyText = new QLabel(can && !simulated ? tr("A container is a running instance of an image: its own process, files and "
                                                        "network, started from the image's read-only layers. Run one from an "
                                                        "image of the Docker engine:")
                                 : can ? tr("A container is a running instance of an image: its own process, files and "
                                          "network, started from the image's read-only layers. Run one from an image "
                                          "of the sandbox:")
                                     : tr("Only the sandbox runs Docker containers. Switch to a sandbox (Ctrl+K) to run "
                                          "some."),
                                 m_empty);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    auto *runButton = new QPushButton(style()->standardIcon(QStyle::SP_FileDialogNewFolder), tr("Run Container…"), m_empty);
    runButton->setObjectName(QStringLiteral("emptyRunButton"));
    runButton->setEnabled(can);
    connect(runButton, &QPushButton::clicked, this, &ContainersPage::openRunDialog);
    auto *cliText = new QLabel(simulated ? tr("or in a terminal, with DOCKER_HOST set as File ▸ Use with kubectl and docker… shows:")
                                         : tr("or in a terminal, with the docker CLI of this engine:"),
                               m_empty);
    cliText->setWordWrap(true);
    cliText->setAlignment(Qt::AlignCenter);
    const QString example = QStringLiteral("docker run -d -p 3000:8080 --name service-instance my-microservice");
    auto *cli = new QLineEdit(example, m_empty);
    cli->setObjectName(QStringLiteral("emptyDockerLine"));
    cli->setReadOnly(true);
    cli->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    cli->setMinimumWidth(cli->fontMetrics().horizontalAdvance(example) + 24);
    auto *copyExample = new QPushButton(tr("Copy"), m_empty);
    connect(copyExample, &QPushButton::clicked, this, [this, example] {
        QApplication::clipboard()->setText(example);
        emit statusMessage(tr("Copied “%1”").arg(example));
    });
    auto *emptyNote = new QLabel(simulated ? tr("Containers in the sandbox are simulated: nothing is executed, but their logs, "
                                                "states, restarts and published ports behave as Docker's do.")
                                           : tr("These are the engine's own containers: what you run here runs for real."),
                                 m_empty);
    emptyNote->setWordWrap(true);
    emptyNote->setAlignment(Qt::AlignCenter);
    emptyNote->setStyleSheet(QStringLiteral("color: palette(mid);"));
    auto *cliRow = new QHBoxLayout;
    cliRow->addStretch(1);
    cliRow->addWidget(cli);
    cliRow->addWidget(copyExample);
    cliRow->addStretch(1);
    auto *runRow = new QHBoxLayout;
    runRow->addStretch(1);
    runRow->addWidget(runButton);
    runRow->addStretch(1);
    auto *column = new QWidget(m_empty);
    column->setMaximumWidth(640);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setSpacing(10);
    columnLayout->addWidget(emptyTitle);
    columnLayout->addWidget(emptyText);
    columnLayout->addLayout(runRow);
    columnLayout->addSpacing(10);
    columnLayout->addWidget(cliText);
    columnLayout->addLayout(cliRow);
    columnLayout->addSpacing(10);
    columnLayout->addWidget(emptyNote);
    for (QWidget *w : {static_cast<QWidget *>(cliText), static_cast<QWidget *>(cli), static_cast<QWidget *>(copyExample)})
        w->setVisible(can);
    auto *emptyLayout = new QHBoxLayout(m_empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(column, 3);
    emptyLayout->addStretch(1);
    auto *emptyOuter = new QWidget(this);
    auto *emptyOuterLayout = new QVBoxLayout(emptyOuter);
    emptyOuterLayout->addStretch(2);
    emptyOuterLayout->addWidget(m_empty);
    emptyOuterLayout->addStretch(3);

    m_stack->addWidget(emptyOuter);
    m_stack->addWidget(m_split);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_stack, 1);

    connect(table, &ResourceView::selectionChanged, this, &ContainersPage::onSelection);
    connect(table, &ResourceView::activated, this, [this] { m_log->setFocus(Qt::OtherFocusReason); });
    connect(m_model, &models::ObjectTableModel::objectsChanged, this, &ContainersPage::onModelChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ContainersPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ContainersPage::updateEmptyState);
    m_logTimer.setInterval(kLogRefreshMs);
    connect(&m_logTimer, &QTimer::timeout, this, [this] {
        updateDetails();
        if (following())
            fetchLogs(false);
    });
    m_run->setEnabled(can);
    updateEmptyState();
    onSelection();
}

ContainersPage::~ContainersPage() = default;

RunDialog *ContainersPage::runDialog() const { return m_runDialog; }

QList<QAction *> ContainersPage::containerActions() const
{
    return {m_run, nullptr, m_start, m_stop, m_restart, m_kill, m_remove, nullptr, m_open, m_copy};
}

std::optional<ContainerInfo> ContainersPage::selectedContainer() const { return m_info; }

bool ContainersPage::selectContainer(const QString &name) { return m_table->selectKey(name); }

QString ContainersPage::detailsHtml() const { return m_details->toHtml(); }

QString ContainersPage::logText() const { return m_log->toPlainText(); }

void ContainersPage::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
}

void ContainersPage::onSelection()
{
    const engine::api::ObjectPtr object = m_table->selectedObject();
    std::optional<ContainerInfo> info;
    if (object) {
        const int row = m_model->rowOf(object->key());
        if (row >= 0)
            info = m_model->containerAt(row);
    }
    const QString name = info ? QString::fromStdString(info->name) : QString();
    const QString id = info ? QString::fromStdString(info->id) : QString();
    const bool other = name != m_selected || id != m_selectedId;
    m_info = info;
    m_selected = name;
    m_selectedId = id;
    updateDetails();
    updateActions();
    if (other) {
        m_lines.clear();
        m_log->clear();
        ++m_logGeneration;
        m_logInFlight = false;
        m_logStatus->clear();
        if (m_info)
            fetchLogs(true);
    }
}

void ContainersPage::onModelChanged()
{
    if (!m_pendingSelection.isEmpty() && selectContainer(m_pendingSelection))
        m_pendingSelection.clear();
    if (m_selected.isEmpty())
        return;
    const int row = m_model->rowOf(m_selected.toStdString());
    if (row < 0 || QString::fromStdString(m_model->containerAt(row).id) != m_selectedId) {
        // removed (or replaced by another of the same name): the selection follows the table
        onSelection();
        return;
    }
    const ContainerInfo &now = m_model->containerAt(row);
    const bool stateChanged = !m_info || m_info->state != now.state || m_info->startedAt != now.startedAt;
    m_info = now;
    updateDetails();
    updateActions();
    if (stateChanged)
        fetchLogs(false); // its last words, or the first lines of a new run
}

void ContainersPage::updateActions()
{
    const bool can = m_backend && m_backend->canRunContainers();
    const bool on = can && m_info && isVisible();
    const std::string state = m_info ? m_info->state : std::string();
    const bool running = state == "running" || state == "paused";
    m_start->setEnabled(on && !running && state != "restarting");
    m_stop->setEnabled(on && (running || state == "restarting"));
    m_restart->setEnabled(on);
    m_kill->setEnabled(on && running);
    m_remove->setEnabled(on);
    m_open->setEnabled(on && running && tcpPublished(*m_info));
    m_copy->setEnabled(m_info && isVisible());
    m_copyMenu->setEnabled(m_copy->isEnabled());
    updateLogStatus();
    // while shown: the status moves with the clock, and the log while the container runs
    const bool tick = m_info && isVisible();
    if (tick && !m_logTimer.isActive())
        m_logTimer.start();
    else if (!tick)
        m_logTimer.stop();
}

void ContainersPage::updateLogStatus()
{
    if (m_logInFlight && m_lines.isEmpty())
        return; // "Loading…" until the first answer
    if (!m_info)
        m_logStatus->clear();
    else if (following())
        m_logStatus->setText(tr("Following: new lines every second"));
    else
        m_logStatus->setText(tr("Not running: no new lines"));
}

bool ContainersPage::following() const
{
    return m_info && (m_info->running() || m_info->state == "restarting" || m_info->state == "paused");
}

void ContainersPage::updateDetails()
{
    if (!m_info) {
        m_title->setText(tr("No container selected"));
        m_lastHtml.clear();
        m_details->setHtml(QStringLiteral("<p style='color:#6b7280'>%1</p>")
                               .arg(tr("Select a container to see its state, ports and log.").toHtmlEscaped()));
        return;
    }
    const ContainerInfo &c = *m_info;
    const engine::TimeMs now = m_model->now();
    m_title->setText(QString::fromStdString(c.name));
    QString h = QStringLiteral("<table>");
    h += row(tr("State"), QStringLiteral("<span style='color:%1'>&#9679;</span> <b>%2</b> · %3")
                              .arg(models::ContainerModel::stateColor(c).name(), esc(c.state), esc(c.statusText(now))));
    QString image = QStringLiteral("<code>%1</code>").arg(esc(c.spec.image));
    if (c.imageId.size() > 19)
        image += QStringLiteral(" <span style='color:#6b7280'>%1</span>").arg(esc(c.imageId.substr(7, 12)));
    h += row(tr("Image"), image);
    h += row(tr("Command"), QStringLiteral("<code>%1</code>").arg(models::ContainerModel::commandText(c).toHtmlEscaped()));
    QStringList ports;
    if (!c.ports.empty()) {
        for (const auto &p : c.ports) {
            QString line = models::ContainerModel::portText(p).toHtmlEscaped();
            if (p.containerPort.ends_with("/tcp") && p.hostPort > 0)
                line += QStringLiteral(" · <a href='http://localhost:%1/'>http://localhost:%1/</a>").arg(p.hostPort);
            ports << line;
        }
    } else {
        for (const auto &b : c.spec.portBindings)
            ports << QStringLiteral("%1→%2 <span style='color:#6b7280'>(%3)</span>")
                         .arg(b.hostPort ? QString::number(b.hostPort) : tr("any free port"),
                              QString::fromStdString(b.containerPort).toHtmlEscaped(), tr("published while it runs"));
    }
    h += row(tr("Ports"), ports.isEmpty() ? tr("none published") : ports.join(QStringLiteral("<br>")));
    QString policy = esc(c.spec.restartPolicy);
    if (c.spec.restartPolicy == "on-failure" && c.spec.maxRetries > 0)
        policy += tr(" (at most %1 times)").arg(c.spec.maxRetries);
    h += row(tr("Restart policy"), policy);
    h += row(tr("Restarts"), QString::number(c.restartCount));
    if (c.finishedAt > 0 && !c.running()) {
        QString meaning;
        if (c.oomKilled)
            meaning = tr("killed for using too much memory (OOMKilled)");
        else if (c.exitCode == 0)
            meaning = tr("ended normally");
        else if (c.exitCode == 137)
            meaning = tr("killed (SIGKILL)");
        else if (c.exitCode == 143)
            meaning = tr("terminated (SIGTERM)");
        else
            meaning = tr("ended with an error");
        h += row(tr("Exit code"), QStringLiteral("<b>%1</b> · %2").arg(c.exitCode).arg(meaning.toHtmlEscaped()));
    }
    if (!c.error.empty())
        h += row(tr("Error"), QStringLiteral("<span style='color:#b42318'>%1</span>").arg(esc(c.error)));
    if (c.running() && !c.ipAddress.empty())
        h += row(tr("IP address"), esc(c.ipAddress));
    if (c.startedAt > 0)
        h += row(tr("Started"), timeText(c.startedAt, now).toHtmlEscaped());
    if (c.finishedAt > 0 && !c.running())
        h += row(tr("Finished"), timeText(c.finishedAt, now).toHtmlEscaped());
    h += row(tr("Created"), timeText(c.created, now).toHtmlEscaped());
    if (!c.spec.env.empty()) {
        QStringList env;
        for (const auto &e : c.spec.env)
            env << esc(e);
        h += row(tr("Environment"), QStringLiteral("<code>%1</code>").arg(env.join(QStringLiteral("<br>"))));
    }
    h += row(tr("Container ID"), QStringLiteral("<code style='color:#6b7280'>%1</code>").arg(esc(c.id)));
    h += QStringLiteral("</table>");
    if (h == m_lastHtml)
        return; // unchanged: a selection in the text stays
    m_lastHtml = h;
    const int scroll = m_details->verticalScrollBar()->value();
    m_details->setHtml(h);
    m_details->verticalScrollBar()->setValue(scroll);
}

void ContainersPage::fetchLogs(bool fromStart)
{
    if (!m_backend || !m_info || m_selected.isEmpty())
        return;
    if (m_logInFlight && !fromStart)
        return; // the next tick asks again
    m_logInFlight = true;
    const quint64 generation = m_logGeneration;
    const qint64 since = fromStart || m_lines.isEmpty() ? 0 : m_lines.last().time;
    if (fromStart)
        m_logStatus->setText(tr("Loading…"));
    // by id: a container removed and made again under the same name is another log
    m_backend->containerLogs(m_selectedId, fromStart ? kLogTail : kMaxLogLines, since, this,
                             [this, generation, fromStart](const backends::ContainerLogResult &r) {
                                 appendLogs(r, generation, fromStart);
                             });
}

void ContainersPage::appendLogs(const backends::ContainerLogResult &result, quint64 generation, bool fromStart)
{
    if (generation != m_logGeneration)
        return; // for a container shown before
    m_logInFlight = false;
    if (!result.ok) {
        m_logStatus->setText(result.error);
        return;
    }
    // lines at the last time shown were asked for again: skip as many as are shown already
    QList<backends::ContainerLogLine> fresh;
    if (fromStart || m_lines.isEmpty()) {
        fresh = result.lines;
        m_lines.clear();
    } else {
        const qint64 last = m_lines.last().time;
        int seen = 0;
        for (auto it = m_lines.crbegin(); it != m_lines.crend() && it->time == last; ++it)
            ++seen;
        for (const auto &line : result.lines) {
            if (line.time == last && seen > 0) {
                --seen;
                continue;
            }
            if (line.time >= last)
                fresh << line;
        }
    }
    if (fromStart) {
        m_lines = fresh;
        updateLogStatus();
        renderLogs();
        return;
    }
    if (fresh.isEmpty()) {
        updateLogStatus();
        return;
    }
    m_lines += fresh;
    if (m_lines.size() > kMaxLogLines)
        m_lines.remove(0, m_lines.size() - kMaxLogLines);
    updateLogStatus();
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    const int left = m_log->horizontalScrollBar()->value();
    insertLines(fresh);
    if (atEnd)
        bar->setValue(bar->maximum());
    m_log->horizontalScrollBar()->setValue(left);
}

void ContainersPage::insertLines(const QList<backends::ContainerLogLine> &lines)
{
    QTextCursor cursor(m_log->document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    QTextCharFormat out, err;
    err.setForeground(QColor(0xb4, 0x23, 0x18)); // stderr
    bool empty = m_log->document()->isEmpty();
    for (const auto &line : lines) {
        if (!empty)
            cursor.insertBlock();
        empty = false;
        const QString time = m_timestamps->isChecked()
                                 ? QDateTime::fromMSecsSinceEpoch(line.time, Qt::UTC).toString(Qt::ISODateWithMs) +
                                       QLatin1Char(' ')
                                 : QString();
        cursor.insertText(time + line.text, line.isStderr ? err : out);
    }
    cursor.endEditBlock();
}

void ContainersPage::renderLogs()
{
    m_log->clear();
    insertLines(m_lines);
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
}

QString ContainersPage::dockerCommand(const QString &which) const
{
    if (!m_info)
        return {};
    const QString name = shellWord(QString::fromStdString(m_info->name));
    if (which == QLatin1String("run")) {
        backends::ContainerRunSpec spec;
        spec.image = QString::fromStdString(m_info->spec.image);
        spec.name = QString::fromStdString(m_info->name);
        for (const auto &b : m_info->spec.portBindings) {
            backends::PortMapping p;
            p.hostIp = QString::fromStdString(b.hostIp);
            p.hostPort = b.hostPort;
            p.containerPort = QString::fromStdString(b.containerPort).section(QLatin1Char('/'), 0, 0).toInt();
            p.protocol = QString::fromStdString(b.containerPort).section(QLatin1Char('/'), 1);
            if (p.protocol.isEmpty())
                p.protocol = QStringLiteral("tcp");
            spec.ports << p;
        }
        for (const auto &e : m_info->spec.env)
            spec.env << QString::fromStdString(e);
        spec.restartPolicy = QString::fromStdString(m_info->spec.restartPolicy);
        return spec.dockerCommand();
    }
    if (which == QLatin1String("rm"))
        return QStringLiteral("docker rm -f ") + name;
    if (which == QLatin1String("logs"))
        return QStringLiteral("docker logs -f ") + name;
    return QStringLiteral("docker %1 %2").arg(which, name);
}

void ContainersPage::copyDockerCommand(const QString &which)
{
    const QString command = dockerCommand(which);
    if (command.isEmpty()) {
        emit statusMessage(tr("Select a container in Containers first."));
        return;
    }
    QApplication::clipboard()->setText(command);
    emit statusMessage(tr("Copied “%1”").arg(command));
}

void ContainersPage::openRunDialog()
{
    if (!m_backend || !m_backend->canRunContainers())
        return;
    if (m_runDialog) {
        m_runDialog->raise();
        m_runDialog->activateWindow();
        return;
    }
    auto *dialog = new RunDialog(m_backend, m_images, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RunDialog::containerStarted, this, [this](const QString &name, const QStringList &lines) {
        emit statusMessage(lines.join(QLatin1Char(' ')));
        if (!selectContainer(name))
            m_pendingSelection = name; // it comes with one of the next batches
    });
    connect(dialog, &RunDialog::containerCreated, this, [this](const QString &name) {
        if (!selectContainer(name))
            m_pendingSelection = name;
    });
    m_runDialog = dialog;
    dialog->open();
}

backends::Backend::Callback ContainersPage::answer(const QString &failureTitle)
{
    return [this, failureTitle](const backends::CommandResult &r) {
        if (r.ok)
            emit statusMessage(r.lines.join(QLatin1Char(' ')));
        else
            QMessageBox::warning(this, failureTitle, r.problems.value(0).message);
    };
}

void ContainersPage::act(const QString &failureTitle,
                         void (backends::Backend::*command)(const QString &, QObject *, backends::Backend::Callback))
{
    if (!m_backend || !m_info) {
        emit statusMessage(tr("Select a container in Containers first."));
        return;
    }
    (m_backend->*command)(QString::fromStdString(m_info->name), this, answer(failureTitle));
}

void ContainersPage::startSelected() { act(tr("Start failed"), &backends::Backend::startContainer); }
void ContainersPage::stopSelected() { act(tr("Stop failed"), &backends::Backend::stopContainer); }
void ContainersPage::restartSelected() { act(tr("Restart failed"), &backends::Backend::restartContainer); }
void ContainersPage::killSelected() { act(tr("Kill failed"), &backends::Backend::killContainer); }

void ContainersPage::removeSelected()
{
    if (!m_backend || !m_info) {
        emit statusMessage(tr("Select a container in Containers first."));
        return;
    }
    const QString name = QString::fromStdString(m_info->name);
    const bool running = m_info->running() || m_info->state == "restarting" || m_info->state == "paused";
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove Container"), tr("Remove container %1?").arg(name),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("removeContainerConfirmation"));
    box->setInformativeText(running ? tr("It is running: it is killed first (docker rm -f). Its log goes with it.")
                                    : tr("Its log goes with it. The image stays."));
    auto *remove = box->addButton(running ? tr("&Kill and Remove") : tr("&Remove"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, name, running] {
        if (box->clickedButton() != static_cast<QAbstractButton *>(remove) || !m_backend)
            return;
        m_backend->removeContainer(name, running, this, answer(tr("Remove failed")));
    });
    box->open();
}

void ContainersPage::openInBrowser(int port)
{
    if (!m_info) {
        emit statusMessage(tr("Select a container in Containers first."));
        return;
    }
    if (port == 0)
        for (const auto &p : m_info->ports)
            if (p.hostPort > 0 && p.containerPort.ends_with("/tcp")) {
                port = p.hostPort;
                break;
            }
    if (port == 0) {
        emit statusMessage(tr("%1 publishes no port: run it with one, such as 3000:8080.").arg(QString::fromStdString(m_info->name)));
        return;
    }
    const QUrl url(QStringLiteral("http://localhost:%1/").arg(port));
    QDesktopServices::openUrl(url);
    emit statusMessage(tr("Opened %1").arg(url.toString()));
}

void ContainersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateActions();
    if (m_info)
        fetchLogs(false);
}

void ContainersPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateActions();
}

} // namespace flotilla::widgets
