#include "trafficweightsdialog.h"

#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace flotilla::widgets {

namespace {
/// Whole percents that add up to 100, in proportion to `parts` (equal shares when they are all 0).
QList<int> percents(const QList<double> &parts)
{
    QList<int> out;
    if (parts.isEmpty())
        return out;
    double total = 0;
    for (double p : parts)
        total += std::max(0.0, p);
    int sum = 0;
    for (double p : parts) {
        const int v = total > 0 ? int(std::lround(100 * std::max(0.0, p) / total)) : 100 / int(parts.size());
        out << v;
        sum += v;
    }
    // rounding leftovers go to (or come from) the largest share
    const auto largest = std::max_element(out.begin(), out.end()) - out.begin();
    out[largest] += 100 - sum;
    return out;
}
} // namespace

TrafficWeightsDialog::TrafficWeightsDialog(backends::Backend *backend, const backends::ObjectRef &service,
                                           const QList<Version> &versions, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_service(service), m_sum(new QLabel(this)), m_error(new QLabel(this)),
      m_clear(new QPushButton(tr("C&lear Weights"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Traffic Weights — %1").arg(service.name));
    auto *intro = new QLabel(tr("Send an exact share of the requests to <b>%1</b> to each version of its pods, "
                                "whatever their number of replicas — as a service mesh splits a canary's traffic. "
                                "Without weights, kube-proxy spreads the requests over every ready pod.")
                                 .arg(service.name.toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    bool weighted = false;
    QList<double> endpoints, current;
    for (const Version &v : versions) {
        weighted |= v.weight >= 0;
        endpoints << std::max(0, v.endpoints);
        current << std::max(0.0, v.weight);
    }
    const QList<int> initial = percents(weighted ? current : endpoints);

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setColumnStretch(2, 1);
    for (int i = 0; i < versions.size(); ++i) {
        const Version &v = versions[i];
        auto *name = new QLabel(QStringLiteral("<b>%1</b>").arg(v.version.isEmpty() ? tr("(no version)").toHtmlEscaped()
                                                                                    : v.version.toHtmlEscaped()),
                                this);
        QStringList facts;
        if (v.endpoints >= 0)
            facts << (v.endpoints == 1 ? tr("1 ready pod") : tr("%1 ready pods").arg(v.endpoints));
        if (v.requests >= 0)
            facts << tr("%1 req/s now").arg(QLocale().toString(v.requests, 'f', 0));
        auto *info = new QLabel(facts.join(QStringLiteral(" · ")), this);
        info->setStyleSheet(QStringLiteral("color: palette(dark);"));
        auto *slider = new QSlider(Qt::Horizontal, this);
        slider->setRange(0, 100);
        slider->setPageStep(10);
        slider->setMinimumWidth(160);
        slider->setAccessibleName(tr("Share of %1").arg(v.version));
        auto *box = new QSpinBox(this);
        box->setRange(0, 100);
        box->setSuffix(tr(" %"));
        box->setAlignment(Qt::AlignRight);
        box->setAccessibleName(tr("Share of %1 in percent").arg(v.version));
        slider->setValue(initial.value(i));
        box->setValue(initial.value(i));
        connect(slider, &QSlider::valueChanged, box, &QSpinBox::setValue);
        connect(box, &QSpinBox::valueChanged, slider, &QSlider::setValue);
        connect(box, &QSpinBox::valueChanged, this, &TrafficWeightsDialog::updateSum);
        grid->addWidget(name, i, 0);
        grid->addWidget(info, i, 1);
        grid->addWidget(slider, i, 2);
        grid->addWidget(box, i, 3);
        m_rows.push_back({v.version, slider, box});
    }
    if (versions.isEmpty()) {
        auto *none = new QLabel(tr("No pods are behind this Service yet: there is nothing to split. Weights are set "
                                   "per version (the pods' version label, else their pod template)."),
                                this);
        none->setWordWrap(true);
        none->setStyleSheet(QStringLiteral("color: palette(dark);"));
        grid->addWidget(none, 0, 0, 1, 4);
    }

    m_sum->setTextFormat(Qt::RichText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_error->hide();
    m_clear->setToolTip(tr("Remove the weights: kube-proxy spreads the requests over every ready pod again"));
    m_buttons->addButton(m_clear, QDialogButtonBox::ResetRole);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Apply Weights"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TrafficWeightsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &TrafficWeightsDialog::reject);
    connect(m_clear, &QPushButton::clicked, this, &TrafficWeightsDialog::clearWeights);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(6);
    layout->addLayout(grid);
    layout->addSpacing(4);
    layout->addWidget(m_sum);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    updateSum();
}

QStringList TrafficWeightsDialog::versions() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << r.version;
    return out;
}

QSpinBox *TrafficWeightsDialog::percentBox(const QString &version) const
{
    for (const Row &r : m_rows)
        if (r.version == version)
            return r.box;
    return nullptr;
}

QSlider *TrafficWeightsDialog::slider(const QString &version) const
{
    for (const Row &r : m_rows)
        if (r.version == version)
            return r.slider;
    return nullptr;
}

QPushButton *TrafficWeightsDialog::okButton() const { return m_buttons->button(QDialogButtonBox::Ok); }

int TrafficWeightsDialog::sum() const
{
    int total = 0;
    for (const Row &r : m_rows)
        total += r.box->value();
    return total;
}

QString TrafficWeightsDialog::sumText() const { return m_sum->text(); }

QString TrafficWeightsDialog::errorText() const { return m_error->isVisibleTo(this) ? m_error->text() : QString(); }

void TrafficWeightsDialog::updateSum()
{
    const int total = sum();
    QString reason;
    if (m_rows.isEmpty())
        reason = tr("No versions to weigh.");
    else if (total != 100)
        reason = total < 100 ? tr("The shares must add up to 100 %: %1 % left to give.").arg(100 - total)
                             : tr("The shares must add up to 100 %: %1 % too much.").arg(total - 100);
    if (reason.isEmpty())
        m_sum->setText(QStringLiteral("<span style='color:#2e9d4f'>&#10003;</span> ") +
                       tr("Total: %1 %").arg(total).toHtmlEscaped());
    else
        m_sum->setText(QStringLiteral("<span style='color:#b42318'>%1 — %2</span>")
                           .arg(tr("Total: %1 %").arg(total).toHtmlEscaped(), reason.toHtmlEscaped()));
    okButton()->setEnabled(reason.isEmpty() && !m_busy && m_backend);
    okButton()->setToolTip(reason);
}

void TrafficWeightsDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_clear->setEnabled(!busy);
    updateSum();
}

void TrafficWeightsDialog::send(const QList<QPair<QString, double>> &weights)
{
    if (m_busy || !m_backend)
        return;
    m_error->hide();
    setBusy(true);
    m_backend->setTrafficWeights(m_service, weights, this, [this](const backends::CommandResult &r) {
        setBusy(false);
        if (!r.ok) {
            m_error->setText(r.problems.isEmpty() ? tr("The weights could not be set.") : r.problems.value(0).message);
            m_error->show();
            return;
        }
        emit weightsApplied(r.lines);
        QDialog::accept();
    });
}

void TrafficWeightsDialog::accept()
{
    if (sum() != 100 || m_rows.isEmpty())
        return;
    QList<QPair<QString, double>> weights;
    for (const Row &r : m_rows)
        weights.append({r.version, double(r.box->value())});
    send(weights);
}

void TrafficWeightsDialog::clearWeights() { send({}); }

} // namespace flotilla::widgets
