#pragma once

#include <backends/backend.h>

#include <QDialog>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace flotilla::widgets {

/// File ▸ Use with kubectl and docker: serves the sandbox's Kubernetes API on 127.0.0.1 (once), writes a
/// kubeconfig for it and shows the `export KUBECONFIG=…` line to paste into a terminal; serves its Docker
/// Engine API on a private unix socket and shows the `export DOCKER_HOST=unix://…` line; with commands to try.
class KubectlDialog final : public QDialog {
    Q_OBJECT
public:
    explicit KubectlDialog(backends::Backend *backend, QWidget *parent = nullptr);

    /// The line to paste ("export KUBECONFIG=…"); empty until the server runs.
    QString exportLine() const;
    /// The answer of the backend: where the server is, or why it is not.
    const backends::KubectlAccess &access() const { return m_access; }
    /// The error shown; empty when none.
    QString errorText() const;
    /// The line as a POSIX shell reads it: the path quoted when it needs to be.
    static QString exportLineFor(const QString &kubeconfigPath);
    /// The DOCKER_HOST line ("export DOCKER_HOST=unix://…"); empty until the socket is served.
    QString dockerHostLine() const;
    const backends::DockerAccess &dockerAccess() const { return m_docker; }
    /// The Docker error shown; empty when none.
    QString dockerErrorText() const;
    /// "export DOCKER_HOST=unix:///run/user/1000/flotilla/local.sock", quoted when the shell needs it.
    static QString dockerHostLineFor(const QString &socketPath);

signals:
    /// The server runs (or failed): the window shows where.
    void served(const flotilla::backends::KubectlAccess &access);

private:
    void ask();
    void present(const backends::KubectlAccess &access);
    void presentDocker(const backends::DockerAccess &access);

    QPointer<backends::Backend> m_backend;
    backends::KubectlAccess m_access;
    QLabel *m_intro;
    QProgressBar *m_busy;
    QLabel *m_error;
    QLineEdit *m_export;
    QPushButton *m_copy;
    QPushButton *m_retry;
    QPlainTextEdit *m_tryThis;
    backends::DockerAccess m_docker;
    bool m_servesDocker = false;
    QLineEdit *m_dockerHost;
    QPushButton *m_copyDocker;
    QLabel *m_dockerError;
};

} // namespace flotilla::widgets
