#include "addnodesdialog.h"

#include <engine/api/quantity.h>
#include <engine/sandbox/sandbox.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace flotilla::widgets {

namespace {
using NodeSize = backends::Backend::NodeSize;

struct PresetFigures {
    double cores = 0;
    double memoryGiB = 0;
    double allocatableGiB = 0;
    int pods = 0;
};

PresetFigures figuresOf(NodeSize preset)
{
    const auto spec = engine::sandbox::nodeSizeSpec(preset);
    constexpr double kGiB = 1024.0 * 1024 * 1024;
    return {engine::api::parseQuantity(std::string_view(spec.cpu)).value_or(0), engine::api::parseQuantity(std::string_view(spec.memory)).value_or(0) / kGiB,
            engine::api::parseQuantity(std::string_view(spec.allocatableMemory)).value_or(0) / kGiB, spec.pods};
}

/// "64", "3.7": GiB without trailing zeros.
QString gib(double v) { return QLocale().toString(v, 'f', v == std::floor(v) ? 0 : 1); }
} // namespace

AddNodesDialog::AddNodesDialog(backends::Backend *backend, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_count(new QSpinBox(this)), m_preset(new QComboBox(this)),
      m_summary(new QLabel(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Nodes"));
    m_count->setRange(1, 1000);
    m_count->setValue(1);
    m_count->setAccelerated(true);
    m_count->setToolTip(tr("How many worker nodes to add (1–1000)"));
    for (const NodeSize preset : {NodeSize::Small, NodeSize::Medium, NodeSize::Large})
        m_preset->addItem(presetText(preset), int(preset));
    m_preset->setCurrentIndex(1);
    m_preset->setToolTip(tr("The CPU and memory each new node offers; each one takes up to 110 pods"));

    auto *intro = new QLabel(tr("New worker nodes join the cluster Ready, with a kubelet and a container runtime "
                                "(simulated). The scheduler places pending and new pods on them at once."),
                             this);
    intro->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add Nodes"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Number of nodes:"), m_count);
    form->addRow(tr("&Size:"), m_preset);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(4);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(420);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &AddNodesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AddNodesDialog::reject);
    connect(m_count, &QSpinBox::valueChanged, this, &AddNodesDialog::updateSummary);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &AddNodesDialog::updateSummary);
    if (!backend) {
        m_error->setText(tr("Not connected."));
        m_error->show();
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    updateSummary();
}

QString AddNodesDialog::presetText(NodeSize preset)
{
    const PresetFigures f = figuresOf(preset);
    const QString cpu = QLocale().toString(f.cores, 'f', f.cores == std::floor(f.cores) ? 0 : 1);
    switch (preset) {
    case NodeSize::Small: return tr("Small — %1 CPU, %2 GiB").arg(cpu, gib(f.memoryGiB));
    case NodeSize::Medium: return tr("Medium — %1 CPU, %2 GiB").arg(cpu, gib(f.memoryGiB));
    case NodeSize::Large: return tr("Large — %1 CPU, %2 GiB").arg(cpu, gib(f.memoryGiB));
    }
    return {};
}

int AddNodesDialog::count() const { return m_count->value(); }

NodeSize AddNodesDialog::preset() const { return NodeSize(m_preset->currentData().toInt()); }

QString AddNodesDialog::errorText() const { return m_error->isVisibleTo(this) ? m_error->text() : QString(); }

void AddNodesDialog::updateSummary()
{
    const PresetFigures f = figuresOf(preset());
    const int n = count();
    const QString cpu = QLocale().toString(f.cores * n, 'f', 0);
    const QString pods = QLocale().toString(f.pods * n);
    if (n == 1)
        m_summary->setText(tr("One node with %1 CPU and %2 GiB of memory (%3 GiB allocatable to pods), room for %4 pods.")
                               .arg(cpu, gib(f.memoryGiB), gib(f.allocatableGiB), pods));
    else
        m_summary->setText(tr("%1 nodes with %2 CPU and %3 GiB of memory in all (%4 GiB allocatable to pods), room "
                              "for %5 pods.")
                               .arg(QLocale().toString(n), cpu, gib(f.memoryGiB * n), gib(f.allocatableGiB * n), pods));
}

void AddNodesDialog::accept()
{
    if (m_busy || !m_backend)
        return;
    m_busy = true;
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    m_backend->addNodes(count(), preset(), this, [this](const backends::CommandResult &r) {
        m_busy = false;
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
        if (!r.ok) {
            m_error->setText(r.problems.isEmpty() ? tr("The nodes could not be added.") : r.problems.value(0).message);
            m_error->show();
            return;
        }
        emit nodesAdded(r.lines + r.warnings);
        QDialog::accept();
    });
}

} // namespace flotilla::widgets
