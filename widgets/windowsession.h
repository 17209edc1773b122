#pragma once

#include "mainwindow.h"

#include <backends/connection.h>
#include <backends/sandboxbackend.h>

#include <QObject>
#include <QPointer>

namespace flotilla::widgets {

/// The window the user works in and the connection it shows. Switching context (the switcher above the
/// navigation) opens the chosen sandbox or kubeconfig context in a new window at the same place and page,
/// then closes the old window and its connection; a context that cannot be opened leaves the old window as
/// it was and says why.
class WindowSession final : public QObject {
    Q_OBJECT
public:
    struct Options {
        backends::SandboxBackend::Options sandbox; ///< speed, clock mode, data folder of sandboxes opened
        QStringList kubeconfigFiles;               ///< the contexts offered (KUBECONFIG or ~/.kube/config)
    };

    explicit WindowSession(Options options, QObject *parent = nullptr);
    ~WindowSession() override;

    /// Shows `backend` (not started yet; the session takes it) in the first window; the caller starts it.
    MainWindow *adopt(backends::Backend *backend, const backends::ConnectionTarget &target);
    /// Opens `target` in place of the current window. A context's credentials are read off the GUI thread.
    void open(const backends::ConnectionTarget &target);

    MainWindow *window() const { return m_window; }
    backends::Backend *backend() const { return m_backend; }
    const backends::ConnectionTarget &target() const { return m_target; }
    /// What the switcher offers now.
    QList<backends::ConnectionTarget> targets(QString *problem = nullptr) const;

signals:
    /// A new window shows `target` (its backend is starting).
    void windowChanged(flotilla::widgets::MainWindow *window);
    /// `target` could not be opened: why (the old window stays).
    void openFailed(const flotilla::backends::ConnectionTarget &target, const QString &message);

private:
    void show(backends::Backend *backend, const backends::ConnectionTarget &target, bool start);

    Options m_options;
    QPointer<MainWindow> m_window;
    QPointer<backends::Backend> m_backend;
    backends::ConnectionTarget m_target;
    quint64 m_opening = 0; ///< the latest open(): an older answer is dropped
};

} // namespace flotilla::widgets
