#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QSplitter;
class QToolBar;
class QToolButton;

namespace flotilla::widgets {

class DockerfileEditor;
class ProblemsList;

/// Writing a Dockerfile: a toolbar (new from a template, open, save, build), the editor, its problems in
/// a list below, and a status line. Building is left to whoever listens to buildRequested().
class DockerfilePane final : public QWidget {
    Q_OBJECT
public:
    explicit DockerfilePane(QWidget *parent = nullptr);

    DockerfileEditor *editor() const { return m_editor; }
    ProblemsList *problemsList() const { return m_problems; }
    QAction *buildAction() const { return m_build; }

    QString text() const;
    /// The open file; empty for a new document.
    QString filePath() const;
    /// The folder of the open file: the default build context. Empty for a document never saved.
    QString contextDirectory() const;
    /// The template the text came from while it is unsaved (its files can be written with
    /// DockerfileEditor::writeTemplate to make a build context).
    QString templateId() const;
    /// "3 problems · Ln 12, Col 4".
    QString statusText() const;
    /// The last error shown above the editor; empty when none is shown.
    QString messageText() const;

    /// Opens a file; on failure the reason is shown above the editor and the text is kept.
    bool openFile(const QString &path);
    bool newFromTemplate(const QString &id);
    bool saveTo(const QString &path);

    /// Renders the pane to a PNG; false when it could not be written.
    bool saveScreenshot(const QString &path);

public slots:
    /// Saves to the open file, or asks for a name.
    bool save();
    bool saveAs();
    void chooseFile();

signals:
    void buildRequested();
    void filePathChanged(const QString &path);

private:
    bool confirmDiscard();
    void showMessage(const QString &message);
    void clearMessage();
    void updateStatus();
    void updateTitle();

    QToolBar *m_toolBar;
    QToolButton *m_templatesButton;
    QAction *m_open;
    QAction *m_save;
    QAction *m_saveAs;
    QAction *m_build;
    QWidget *m_messageBar;
    QLabel *m_message;
    DockerfileEditor *m_editor;
    ProblemsList *m_problems;
    QSplitter *m_splitter;
    QLabel *m_fileLabel;
    QLabel *m_status;
};

} // namespace flotilla::widgets
