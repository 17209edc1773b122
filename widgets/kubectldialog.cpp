#include "kubectldialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace flotilla::widgets {

KubectlDialog::KubectlDialog(backends::Backend *backend, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_intro(new QLabel(this)), m_busy(new QProgressBar(this)),
      m_error(new QLabel(this)), m_export(new QLineEdit(this)), m_copy(new QPushButton(tr("&Copy"), this)),
      m_retry(new QPushButton(tr("&Try Again"), this)), m_tryThis(new QPlainTextEdit(this)),
      m_servesDocker(backend && backend->canServeDockerApi()), m_dockerHost(new QLineEdit(this)),
      m_copyDocker(new QPushButton(tr("C&opy"), this)), m_dockerError(new QLabel(this))
{
    setWindowTitle(m_servesDocker ? tr("Use with kubectl and docker") : tr("Use with kubectl"));
    setMinimumWidth(m_servesDocker ? 700 : 620);
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::RichText);
    m_intro->setText(tr("Starting the sandbox's Kubernetes API…"));
    m_busy->setRange(0, 0);
    m_busy->setMaximumHeight(6);
    m_busy->setTextVisible(false);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_retry->hide();

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_export->setReadOnly(true);
    m_export->setFont(mono);
    m_export->setPlaceholderText(tr("export KUBECONFIG=…"));
    m_export->setToolTip(tr("Paste this line into a terminal: kubectl there talks to this sandbox."));
    m_copy->setEnabled(false);
    m_copy->setToolTip(tr("Copy the line to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_export->text());
        m_copy->setText(tr("Copied"));
    });
    connect(m_retry, &QPushButton::clicked, this, &KubectlDialog::ask);

    m_dockerHost->setReadOnly(true);
    m_dockerHost->setFont(mono);
    m_dockerHost->setPlaceholderText(tr("export DOCKER_HOST=unix://…"));
    m_dockerHost->setToolTip(tr("Paste this line into a terminal: docker there runs its containers in this sandbox."));
    m_copyDocker->setEnabled(false);
    m_copyDocker->setToolTip(tr("Copy the line to the clipboard"));
    connect(m_copyDocker, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_dockerHost->text());
        m_copyDocker->setText(tr("Copied"));
    });
    m_dockerError->setWordWrap(true);
    m_dockerError->setStyleSheet(QStringLiteral("color: #b00020"));
    m_dockerError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_dockerError->hide();

    m_tryThis->setReadOnly(true);
    m_tryThis->setFont(mono);
    m_tryThis->setMinimumHeight(m_servesDocker ? 230 : 150);
    QString examples = QStringLiteral("kubectl get nodes\n"
                                      "kubectl get pods -A\n"
                                      "kubectl apply -f deployment.yaml\n"
                                      "kubectl rollout status deployment/my-microservice\n"
                                      "kubectl scale deployment/my-microservice --replicas=5\n"
                                      "kubectl set image deployment/my-microservice my-microservice=my-microservice:v2\n"
                                      "kubectl rollout undo deployment/my-microservice\n"
                                      "kubectl logs deployment/my-microservice\n");
    if (m_servesDocker)
        examples += QStringLiteral("\n"
                                   "docker images\n"
                                   "docker run -d -p 3000:8080 --name service-instance my-microservice\n"
                                   "docker ps\n"
                                   "docker logs -f service-instance\n"
                                   "docker stop service-instance && docker rm service-instance\n");
    m_tryThis->setPlainText(examples);

    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(m_export, 1);
    exportRow->addWidget(m_copy);
    auto *dockerRow = new QHBoxLayout;
    dockerRow->addWidget(m_dockerHost, 1);
    dockerRow->addWidget(m_copyDocker);
    // both buttons as wide as the wider one: the two lines end at the same place
    const int copyWidth = std::max({m_copy->sizeHint().width(), m_copyDocker->sizeHint().width(),
                                    m_copy->fontMetrics().horizontalAdvance(tr("Copied")) + 24});
    m_copy->setMinimumWidth(copyWidth);
    m_copyDocker->setMinimumWidth(copyWidth);

    auto *note = new QLabel(m_servesDocker
                                ? tr("Every change made with kubectl or docker shows in this window as it happens. The "
                                     "servers run while Flotilla shows this sandbox: the Kubernetes API on 127.0.0.1 "
                                     "only, its kubeconfig holding an access token readable by you alone; the Docker "
                                     "Engine API on a socket only you can open. Containers are simulated: their "
                                     "programs do not really run, their published ports are real.")
                                : tr("Every change made with kubectl shows in this window as it happens. The server "
                                     "listens on 127.0.0.1 only and runs while Flotilla shows this sandbox; the "
                                     "kubeconfig holds its access token, readable by you alone."),
                            this);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: palette(mid)"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_retry, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addWidget(m_busy);
    layout->addWidget(m_error);
    layout->addSpacing(6);
    layout->addWidget(new QLabel(tr("In a terminal:"), this));
    layout->addLayout(exportRow);
    layout->addLayout(dockerRow);
    layout->addWidget(m_dockerError);
    for (QWidget *w : {static_cast<QWidget *>(m_dockerHost), static_cast<QWidget *>(m_copyDocker)})
        w->setVisible(m_servesDocker);
    layout->addSpacing(6);
    layout->addWidget(new QLabel(tr("Then, for example:"), this));
    layout->addWidget(m_tryThis, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    ask();
}

QString KubectlDialog::exportLine() const { return m_access.ok ? m_export->text() : QString(); }
QString KubectlDialog::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

namespace {
/// `export NAME=value`, the value quoted when a POSIX shell would split or expand it.
QString shellExport(const QString &name, const QString &value)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(value).hasMatch())
        return QStringLiteral("export %1=%2").arg(name, value);
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QStringLiteral("export %1='%2'").arg(name, quoted);
}
} // namespace

QString KubectlDialog::exportLineFor(const QString &kubeconfigPath)
{
    return shellExport(QStringLiteral("KUBECONFIG"), kubeconfigPath);
}

QString KubectlDialog::dockerHostLineFor(const QString &socketPath)
{
    return shellExport(QStringLiteral("DOCKER_HOST"), QStringLiteral("unix://") + socketPath);
}

QString KubectlDialog::dockerHostLine() const { return m_docker.ok ? m_dockerHost->text() : QString(); }
QString KubectlDialog::dockerErrorText() const { return m_dockerError->isHidden() ? QString() : m_dockerError->text(); }

void KubectlDialog::presentDocker(const backends::DockerAccess &access)
{
    m_docker = access;
    if (!access.ok) {
        m_dockerError->setText(tr("The sandbox's Docker Engine API could not be started: %1").arg(access.error));
        m_dockerError->show();
        m_retry->show();
        m_dockerHost->clear();
        m_copyDocker->setEnabled(false);
        return;
    }
    m_dockerError->hide();
    m_dockerHost->setText(dockerHostLineFor(access.socketPath));
    m_dockerHost->setCursorPosition(0);
    m_copyDocker->setEnabled(true);
}

void KubectlDialog::ask()
{
    m_busy->show();
    m_error->hide();
    m_retry->hide();
    if (!m_backend) {
        present({false, tr("The connection is closed."), {}, {}});
        return;
    }
    m_backend->serveKubernetesApi(this, [this](const backends::KubectlAccess &access) { present(access); });
    if (m_servesDocker && !m_docker.ok) {
        m_dockerError->hide();
        m_backend->serveDockerApi(this, [this](const backends::DockerAccess &access) { presentDocker(access); });
    }
}

void KubectlDialog::present(const backends::KubectlAccess &access)
{
    m_access = access;
    m_busy->hide();
    if (!access.ok) {
        m_intro->setText(tr("The sandbox's Kubernetes API could not be started."));
        m_error->setText(access.error);
        m_error->show();
        m_retry->show();
        m_export->clear();
        m_copy->setEnabled(false);
        emit served(access);
        return;
    }
    const QString name = m_backend ? m_backend->displayName().toHtmlEscaped() : QString();
    if (m_servesDocker)
        m_intro->setText(tr("The sandbox <b>%1</b> answers the Kubernetes API at <b>%2</b> and the Docker Engine API on "
                            "a private socket. Its objects are simulated: kubectl sees nodes, pods and deployments, "
                            "docker sees images and containers, but no program really runs.")
                             .arg(name, access.server.toHtmlEscaped()));
    else
        m_intro->setText(tr("The sandbox <b>%1</b> answers the Kubernetes API at <b>%2</b>. Its objects are "
                            "simulated: kubectl sees nodes, pods and deployments, but no container really runs.")
                             .arg(name, access.server.toHtmlEscaped()));
    m_export->setText(exportLineFor(access.kubeconfigPath));
    m_export->setCursorPosition(0);
    m_copy->setEnabled(true);
    m_copy->setFocus();
    emit served(access);
}

} // namespace flotilla::widgets
