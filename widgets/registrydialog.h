#pragma once

#include <backends/registrysession.h>

#include <QDialog>
#include <QHash>
#include <QPointer>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace flotilla::backends {
class Backend;
}

namespace flotilla::widgets {

/// Registries from the window: browse one (repositories, tags, a tag's manifest, layers and what it runs),
/// pull a tag into the connection's images, push one of its images there. Everything that talks to the
/// registry runs off the GUI thread.
class RegistryDialog final : public QDialog {
    Q_OBJECT
public:
    /// `localImages` lists the connection's images (tags) that can be pushed.
    RegistryDialog(backends::Backend *backend, std::function<QStringList()> localImages, QWidget *parent = nullptr);

    QLineEdit *registryField() const { return m_registry; }
    QLineEdit *userField() const { return m_user; }
    QLineEdit *passwordField() const { return m_password; }
    QLineEdit *caFileField() const { return m_caFile; }
    QCheckBox *skipVerifyBox() const { return m_skipVerify; }
    QListWidget *repositories() const { return m_repos; }
    QListWidget *tags() const { return m_tags; }
    QTableWidget *layers() const { return m_layers; }
    QLabel *summary() const { return m_summary; }
    QLabel *status() const { return m_status; }
    QComboBox *pushSource() const { return m_pushSource; }
    QLineEdit *pushTarget() const { return m_pushTarget; }
    QPlainTextEdit *progressLog() const { return m_progress; }
    QProgressBar *progressBar() const { return m_bar; }
    /// Preselects an image of the connection to push (Image ▸ Push to Registry…).
    void choosePushSource(const QString &reference);

public slots:
    void connectToRegistry();
    void pullSelected();
    /// Asks, then deletes the selected tag's manifest from the registry (Del in the tags).
    void deleteSelectedTag();
    void pushChosen();

signals:
    /// A push or pull ended (ok, and its last line or error).
    void transferFinished(bool ok, const QString &text);

private:
    void showStatus(const QString &text, bool error);
    void onOpened(bool ok, const QString &error, const QStringList &repositories);
    void onTags(const QString &repository, const QStringList &tags, const QString &error);
    void onTagDeleted(const QString &repository, const QString &tag, const QString &error);
    void onManifest(const backends::RegistryManifestInfo &info, const QString &error);
    void fillLocalImages();
    void setBusy(bool busy);
    /// A progress line ("a1b2c3d4e5f6: Pushing 40 %") into the log and the bar (all layers together).
    void onProgressLine(const QString &line);
    QString qualified(const QString &repositoryAndTag) const;

    QPointer<backends::Backend> m_backend;
    std::function<QStringList()> m_localImages;
    backends::RegistrySession *m_session;
    QLineEdit *m_registry, *m_user, *m_password, *m_caFile;
    QCheckBox *m_skipVerify;
    QPushButton *m_connect;
    QLabel *m_status;
    QListWidget *m_repos, *m_tags;
    QLabel *m_summary;
    QTableWidget *m_layers;
    QPlainTextEdit *m_manifest;
    QPushButton *m_pull;
    QPushButton *m_delete;
    QComboBox *m_pushSource;
    QLineEdit *m_pushTarget;
    QPushButton *m_push;
    QPlainTextEdit *m_progress;
    QProgressBar *m_bar;
    QHash<QString, int> m_layerPercent; ///< of the transfer running
};

} // namespace flotilla::widgets
