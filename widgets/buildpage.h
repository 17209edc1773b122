#pragma once

#include <engine/image/buildevent.h>

#include <QPointer>
#include <QWidget>

#include <vector>

class QLabel;
class QSplitter;

namespace flotilla::backends {
class Backend;
}

namespace flotilla::widgets {

class BuildDialog;
class BuildLogView;
class DockerfilePane;

/// Writing and building an image: the Dockerfile editor beside the live build log. Clicking a step in
/// the log selects its instruction; moving the cursor in the editor shows the step's log.
class BuildPage final : public QWidget {
    Q_OBJECT
public:
    explicit BuildPage(backends::Backend *backend, QWidget *parent = nullptr);

    DockerfilePane *pane() const { return m_pane; }
    BuildLogView *log() const { return m_log; }
    /// Where unsaved templates are written so that they can be built (one folder per template).
    void setWorkspaceRoot(const QString &dir) { m_workspaceRoot = dir; }
    QString workspaceRoot() const { return m_workspaceRoot; }
    /// The build context for the current document: the open file's folder, or the template's workspace
    /// folder (written on first use, never overwritten, so edits there are built).
    QString contextDirectory(QString *error = nullptr);

    /// Starts a build without the dialog; returns the build id (0 when it could not start).
    quint64 startBuild(const QString &tag, const QString &contextDir, bool noCache = false);
    quint64 currentBuild() const { return m_buildId; }
    bool isBuilding() const { return m_buildId != 0; }
    QString lastTag() const { return m_lastTag; }

public slots:
    /// Asks for the tag, context and options, then builds.
    void requestBuild();

signals:
    void buildFinished(bool ok, const QString &message, const QString &imageId, const QString &tag);
    /// The user wants to see a built image in the Images list.
    void showImageRequested(const QString &reference);
    /// A `docker build` against the sandbox's socket is being shown (its tag).
    void externalBuildShown(const QString &tag);

private:
    void onEvents(quint64 id, const std::vector<flotilla::engine::image::BuildEvent> &events);
    void onFinished(quint64 id, bool ok, const QString &message, const QString &imageId);
    void onExternalBuild(quint64 id, const QString &title);
    quint64 start(const struct BuildRequestArgs &args);

    QPointer<backends::Backend> m_backend;
    DockerfilePane *m_pane;
    BuildLogView *m_log;
    QLabel *m_result;
    QSplitter *m_splitter;
    BuildDialog *m_dialog = nullptr;
    QString m_workspaceRoot;
    quint64 m_buildId = 0;
    QString m_lastTag;
    QString m_lastContext;
};

} // namespace flotilla::widgets
