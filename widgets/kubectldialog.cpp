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

namespace flotilla::widgets {

KubectlDialog::KubectlDialog(backends::Backend *backend, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_intro(new QLabel(this)), m_busy(new QProgressBar(this)),
      m_error(new QLabel(this)), m_export(new QLineEdit(this)), m_copy(new QPushButton(tr("&Copy"), this)),
      m_retry(new QPushButton(tr("&Try Again"), this)), m_tryThis(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Use with kubectl"));
    setMinimumWidth(620);
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

    m_tryThis->setReadOnly(true);
    m_tryThis->setFont(mono);
    m_tryThis->setMinimumHeight(150);
    m_tryThis->setPlainText(QStringLiteral("kubectl get nodes\n"
                                           "kubectl get pods -A\n"
                                           "kubectl apply -f deployment.yaml\n"
                                           "kubectl rollout status deployment/my-microservice\n"
                                           "kubectl scale deployment/my-microservice --replicas=5\n"
                                           "kubectl set image deployment/my-microservice my-microservice=my-microservice:v2\n"
                                           "kubectl rollout undo deployment/my-microservice\n"
                                           "kubectl logs deployment/my-microservice\n"));

    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(m_export, 1);
    exportRow->addWidget(m_copy);

    auto *note = new QLabel(tr("Every change made with kubectl shows in this window as it happens. The server "
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
    layout->addSpacing(6);
    layout->addWidget(new QLabel(tr("Then, for example:"), this));
    layout->addWidget(m_tryThis, 1);
    layout->addWidget(note);
    layout->addWidget(buttons);
    ask();
}

QString KubectlDialog::exportLine() const { return m_access.ok ? m_export->text() : QString(); }
QString KubectlDialog::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

QString KubectlDialog::exportLineFor(const QString &kubeconfigPath)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(kubeconfigPath).hasMatch())
        return QStringLiteral("export KUBECONFIG=") + kubeconfigPath;
    QString quoted = kubeconfigPath;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QStringLiteral("export KUBECONFIG='") + quoted + QLatin1Char('\'');
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
