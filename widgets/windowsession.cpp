#include "windowsession.h"

#include <backends/dockerbackend.h>
#include <backends/kubebackend.h>

#include <QApplication>
#include <QMessageBox>
#include <QStatusBar>

#include <thread>

namespace flotilla::widgets {

WindowSession::WindowSession(Options options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

WindowSession::~WindowSession()
{
    // the window first: it holds the backend
    delete m_window.data();
    delete m_backend.data();
}

QList<backends::ConnectionTarget> WindowSession::targets(QString *problem) const
{
    return backends::listConnectionTargets(m_options.sandbox.dataDir, m_options.sandbox.name, m_options.kubeconfigFiles,
                                           problem);
}

MainWindow *WindowSession::adopt(backends::Backend *backend, const backends::ConnectionTarget &target)
{
    show(backend, target, false);
    return m_window;
}

void WindowSession::open(const backends::ConnectionTarget &target)
{
    const quint64 attempt = ++m_opening;
    // a kubeconfig file opened by hand: its contexts are offered from now on
    for (const QString &file : target.kubeconfigFiles)
        if (!m_options.kubeconfigFiles.contains(file))
            m_options.kubeconfigFiles << file;
    if (target.kind == backends::ConnectionTarget::Kind::Sandbox) {
        auto options = m_options.sandbox;
        options.name = target.name;
        if (!target.dataDir.isEmpty())
            options.dataDir = target.dataDir;
        show(new backends::SandboxBackend(options), target, true);
        return;
    }
    if (target.kind == backends::ConnectionTarget::Kind::DockerEngine) {
        show(new backends::DockerBackend(target.server), target, true);
        return;
    }
    // Reading the credentials may run an exec plugin for seconds: not on the GUI thread.
    QPointer<WindowSession> self(this);
    std::thread([self, target, attempt] {
        auto resolved = backends::resolveConnection(target);
        QMetaObject::invokeMethod(
            qApp,
            [self, target, attempt, resolved = std::move(resolved)] {
                if (!self || attempt != self->m_opening)
                    return; // closed meanwhile, or another context asked for since
                if (!resolved.ok()) {
                    const QString message = QString::fromStdString(resolved.error().toString());
                    if (self->m_window) {
                        self->m_window->statusBar()->clearMessage();
                        // not exec(): the window goes on following its connection meanwhile
                        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open %1").arg(target.name),
                                                    tr("Flotilla cannot open context %1.").arg(target.name),
                                                    QMessageBox::Ok, self->m_window);
                        box->setInformativeText(message);
                        box->setAttribute(Qt::WA_DeleteOnClose);
                        box->setObjectName(QStringLiteral("openFailedBox"));
                        box->open();
                    }
                    emit self->openFailed(target, message);
                    return;
                }
                self->show(new backends::KubeBackend(*resolved), target, true);
            },
            Qt::QueuedConnection);
    }).detach();
}

void WindowSession::show(backends::Backend *backend, const backends::ConnectionTarget &target, bool start)
{
    QPointer<MainWindow> old = m_window;
    m_backend = backend;
    m_target = target;
    m_window = new MainWindow(backend);
    m_window->setAttribute(Qt::WA_DeleteOnClose);
    backend->setParent(nullptr);
    // the connection goes with its window (after it: the window's views hold it)
    connect(m_window, &QObject::destroyed, backend, &QObject::deleteLater);
    QString problem;
    auto offered = targets(&problem);
    // an engine opened by its address (--docker-host) is offered under its own name
    if (target.kind == backends::ConnectionTarget::Kind::DockerEngine && !offered.contains(target))
        offered << target;
    m_window->setConnectionTargets(offered, target.key(), problem);
    connect(m_window, &MainWindow::connectionRequested, this, &WindowSession::open);
    if (old) {
        m_window->setGeometry(old->geometry());
        if (old->isMaximized())
            m_window->setWindowState(m_window->windowState() | Qt::WindowMaximized);
        m_window->showPage(old->currentPage());
    }
    m_window->show();
    if (start)
        backend->start();
    emit windowChanged(m_window);
    if (old)
        old->close(); // deletes it (WA_DeleteOnClose), then its connection
}

} // namespace flotilla::widgets
