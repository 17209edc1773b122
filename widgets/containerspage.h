#pragma once

#include <backends/backend.h>
#include <engine/sandbox/containers.h>

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTextBrowser;
class QToolButton;

namespace flotilla::models {
class ContainerModel;
class ImageModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class ResourceView;
class RunDialog;

/// The Containers page: the sandbox's Docker containers (`docker ps -a`) with Run…, Start, Stop, Restart,
/// Kill, Remove, Open in Browser and Copy docker Command; below the table the selected container's state,
/// image, command, ports, restart policy and exit code, and its log, fetched through the backend (new lines
/// every second while it runs). Without containers it says how to make one, here or with the docker CLI.
class ContainersPage final : public QWidget {
    Q_OBJECT
public:
    ContainersPage(ResourceView *table, models::ContainerModel *model, const models::ImageModel *images,
                   backends::Backend *backend, QWidget *parent = nullptr);
    ~ContainersPage() override;

    ResourceView *view() const { return m_table; }
    /// The selected container, when there is one.
    std::optional<engine::sandbox::ContainerInfo> selectedContainer() const;
    bool selectContainer(const QString &name);

    QAction *runAction() const { return m_run; }
    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *restartAction() const { return m_restart; }
    QAction *killAction() const { return m_kill; }
    QAction *removeAction() const { return m_remove; }
    QAction *openInBrowserAction() const { return m_open; }
    QAction *copyCommandAction() const { return m_copy; }
    /// The actions in the order of the toolbar and the menus (nullptr: a separator).
    QList<QAction *> containerActions() const;

    /// The Run dialog while it is open; nullptr otherwise.
    RunDialog *runDialog() const;
    /// The selected container's details as shown (HTML) and its log as text.
    QString detailsHtml() const;
    QString logText() const;
    /// The empty page's text ("No containers yet …"); shown when the sandbox has none.
    QWidget *emptyState() const { return m_empty; }
    /// The docker command Copy puts on the clipboard for the selected container.
    QString dockerCommand(const QString &which = QStringLiteral("logs")) const;

    static constexpr int kLogTail = 500;
    static constexpr int kMaxLogLines = 5000;
    static constexpr int kLogRefreshMs = 1000;

public slots:
    void openRunDialog();
    void startSelected();
    void stopSelected();
    void restartSelected();
    void killSelected();
    /// Asks first; a running container is killed before it goes (docker rm -f).
    void removeSelected();
    /// Opens http://localhost:PORT/ of the first published port (or `port`) in the browser.
    void openInBrowser(int port = 0);
    void copyDockerCommand(const QString &which = QStringLiteral("logs"));

signals:
    /// A line for the status bar (what a command did).
    void statusMessage(const QString &text);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onSelection();
    void onModelChanged();
    void updateActions();
    void updateDetails();
    void updateEmptyState();
    void fetchLogs(bool fromStart);
    void appendLogs(const backends::ContainerLogResult &result, quint64 generation, bool fromStart);
    void renderLogs();
    void insertLines(const QList<backends::ContainerLogLine> &lines);
    /// The selected container runs: its log grows.
    bool following() const;
    void updateLogStatus();
    /// Runs a container command on the selected one; its answer goes to the status bar or a warning.
    void act(const QString &failureTitle,
             void (backends::Backend::*command)(const QString &, QObject *, backends::Backend::Callback));
    backends::Backend::Callback answer(const QString &failureTitle);

    ResourceView *m_table;
    models::ContainerModel *m_model;
    const models::ImageModel *m_images;
    QPointer<backends::Backend> m_backend;
    QPointer<RunDialog> m_runDialog;
    QString m_selected; ///< the shown container's name
    QString m_selectedId;
    std::optional<engine::sandbox::ContainerInfo> m_info;
    QString m_pendingSelection; ///< a container run from here, selected when it arrives

    QAction *m_run, *m_start, *m_stop, *m_restart, *m_kill, *m_remove, *m_open, *m_copy;
    QMenu *m_copyMenu;
    QStackedWidget *m_stack;
    QWidget *m_empty;
    QSplitter *m_split;
    QLabel *m_title;
    QTextBrowser *m_details;
    QLabel *m_logStatus;
    QCheckBox *m_timestamps;
    QPlainTextEdit *m_log;
    QString m_lastHtml;

    // the shown log: kept to re-render with or without times, fetched a second at a time while running
    QList<backends::ContainerLogLine> m_lines;
    quint64 m_logGeneration = 0;
    bool m_logInFlight = false;
    QTimer m_logTimer;
};

} // namespace flotilla::widgets
