#include "autoscaledialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace flotilla::widgets {

AutoscaleDialog::AutoscaleDialog(backends::Backend *backend, const backends::ObjectRef &deployment, int minReplicas,
                                 int maxReplicas, int cpuPercent, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_deployment(deployment), m_min(new QSpinBox(this)),
      m_max(new QSpinBox(this)), m_cpu(new QSpinBox(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Autoscale %1").arg(deployment.name));
    m_min->setRange(1, 1000);
    m_max->setRange(1, 1000);
    m_min->setValue(qBound(1, minReplicas, 1000));
    m_max->setValue(qBound(m_min->value(), maxReplicas, 1000));
    m_min->setToolTip(tr("The autoscaler never goes below this many pods"));
    m_max->setToolTip(tr("The autoscaler never goes above this many pods"));
    m_cpu->setRange(1, 1000);
    m_cpu->setSuffix(tr(" %"));
    m_cpu->setValue(qBound(1, cpuPercent, 1000));
    m_cpu->setToolTip(tr("Average CPU use the autoscaler aims at, in percent of the pods' CPU requests"));

    auto *intro = new QLabel(tr("A HorizontalPodAutoscaler named %1 looks at the pods' CPU use every 15 s and sets "
                                "the Deployment's replicas between the minimum and the maximum. By default it scales "
                                "down only after 5 minutes of lower use. The pods need a CPU request.")
                                 .arg(deployment.name),
                             this);
    intro->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Autoscale"));

    auto *form = new QFormLayout;
    form->addRow(tr("M&inimum replicas:"), m_min);
    form->addRow(tr("Ma&ximum replicas:"), m_max);
    form->addRow(tr("Target &CPU use:"), m_cpu);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(4);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    // the maximum follows the minimum up and the minimum follows the maximum down
    connect(m_min, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_max->value() < v)
            m_max->setValue(v);
    });
    connect(m_max, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_min->value() > v)
            m_min->setValue(v);
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AutoscaleDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AutoscaleDialog::reject);
    if (!backend) {
        m_error->setText(tr("Not connected."));
        m_error->show();
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    m_min->setFocus();
}

QString AutoscaleDialog::errorText() const { return m_error->isVisibleTo(this) ? m_error->text() : QString(); }

void AutoscaleDialog::accept()
{
    if (m_busy || !m_backend)
        return;
    m_busy = true;
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_backend->autoscale(m_deployment, m_min->value(), m_max->value(), m_cpu->value(), this,
                         [this](const backends::CommandResult &r) {
                             m_busy = false;
                             m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
                             if (!r.ok) {
                                 m_error->setText(r.problems.isEmpty() ? tr("The autoscaler could not be set up.")
                                                                       : r.problems.value(0).message);
                                 m_error->show();
                                 return;
                             }
                             emit autoscaled(r.lines + r.warnings);
                             QDialog::accept();
                         });
}

} // namespace flotilla::widgets
