#include "servicespage.h"

#include "resourceview.h"
#include "serviceregistryview.h"
#include "trafficchart.h"
#include "trafficweightsdialog.h"

#include <backends/backend.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>
#include <engine/cluster/servicecontroller.h>
#include <models/podmodel.h>
#include <models/servicemodel.h>

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <map>

namespace flotilla::widgets {

namespace api = engine::api;

ServicesPage::ServicesPage(ResourceView *table, models::ServiceModel *model, backends::Backend *backend, QWidget *parent)
    : QWidget(parent), m_table(table), m_model(model), m_backend(backend), m_split(new QSplitter(Qt::Vertical, this)),
      m_title(new QLabel(this)), m_detail(new QLabel(this)), m_rate(new QSpinBox(this)),
      m_send(new QPushButton(tr("S&end"), this)), m_stop(new QPushButton(tr("S&top"), this)),
      m_weights(new QPushButton(tr("Traffic &Weights…"), this)), m_hint(new QLabel(this)),
      m_registry(new ServiceRegistryView(this)), m_chart(new TrafficChart(model, this))
{
    const bool traffic = backend && backend->canSimulateTraffic();

    // The selected Service: its names, and the traffic generator.
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setWordWrap(true); // with weights in force the line grows; it must not widen the window
    m_detail->setStyleSheet(QStringLiteral("color: palette(dark);"));
    auto *rateLabel = new QLabel(tr("&Requests/s:"), this);
    rateLabel->setBuddy(m_rate);
    m_rate->setRange(0, 50'000);
    m_rate->setSingleStep(10);
    m_rate->setSpecialValueText(tr("off"));
    m_rate->setAccelerated(true);
    m_rate->setMinimumWidth(90);
    m_rate->setAlignment(Qt::AlignRight);
    m_rate->setToolTip(tr("Requests per second the sandbox's traffic generator sends to the Service (Enter sends); "
                          "kube-proxy spreads them over the ready pods"));
    m_send->setToolTip(tr("Send this many requests per second to the selected Service"));
    m_stop->setToolTip(tr("Stop the traffic to the selected Service"));
    m_weights->setToolTip(tr("Split the selected Service's requests over its versions by exact shares (a canary's "
                             "10 %), or go back to plain load balancing"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: palette(dark);"));
    if (!traffic) {
        m_hint->setText(tr("This connection cannot generate traffic: only the sandbox simulates it."));
        for (QWidget *w : {static_cast<QWidget *>(m_rate), static_cast<QWidget *>(m_send), static_cast<QWidget *>(m_stop),
                           static_cast<QWidget *>(m_weights)})
            w->setEnabled(false);
    }
    connect(m_send, &QPushButton::clicked, this, &ServicesPage::applyRate);
    connect(m_stop, &QPushButton::clicked, this, &ServicesPage::stopTraffic);
    connect(m_weights, &QPushButton::clicked, this, &ServicesPage::editWeights);
    connect(m_rate, &QSpinBox::editingFinished, this, [this] {
        if (m_rate->hasFocus()) // Enter, not leaving the box
            applyRate();
    });

    auto *header = new QHBoxLayout;
    header->setContentsMargins(2, 4, 2, 0);
    auto *names = new QVBoxLayout;
    names->setSpacing(1);
    names->addWidget(m_title);
    names->addWidget(m_detail);
    header->addLayout(names, 1);
    header->addWidget(rateLabel);
    header->addWidget(m_rate);
    header->addWidget(m_send);
    header->addWidget(m_stop);
    header->addSpacing(8);
    header->addWidget(m_weights);

    auto *registryBox = new QGroupBox(tr("Service registry (client-side discovery)"), this);
    auto *registryLayout = new QVBoxLayout(registryBox);
    registryLayout->setContentsMargins(4, 4, 4, 4);
    registryLayout->addWidget(m_registry);
    registryBox->setToolTip(m_registry->whatsThis());
    auto *chartBox = new QGroupBox(tr("Traffic (server-side discovery through the cluster IP)"), this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(4, 4, 4, 4);
    chartLayout->addWidget(m_chart);
    // the selected Service's header and its chart read together; a time series wants width
    auto *trafficArea = new QWidget(this);
    auto *trafficLayout = new QVBoxLayout(trafficArea);
    trafficLayout->setContentsMargins(0, 0, 0, 0);
    trafficLayout->addLayout(header);
    trafficLayout->addWidget(m_hint);
    trafficLayout->addWidget(chartBox, 1);

    m_split->addWidget(table);
    m_split->addWidget(trafficArea);
    m_split->addWidget(registryBox);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 4);
    m_split->setStretchFactor(2, 3);
    m_split->setSizes({150, 430, 230});
    m_split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(table, &ResourceView::selectionChanged, this, &ServicesPage::onSelection);
    if (model)
        connect(model, &models::ServiceModel::trafficChanged, this, [this](const QStringList &keys) {
            if (m_service && keys.contains(QString::fromStdString(m_service->key())))
                updateHeader();
        });
    if (traffic) {
        model->setTrafficSource(backend);
        connect(backend, &backends::Backend::trafficArrived, this, &ServicesPage::onTraffic);
    }
    onSelection(nullptr);
    updateWatch();
}

void ServicesPage::focusRate()
{
    m_rate->setFocus(Qt::ShortcutFocusReason);
    m_rate->selectAll();
}

void ServicesPage::sendRate(int rate)
{
    if (!m_backend || !m_service)
        return;
    const QString name = QString::fromStdString(m_service->metadata.name);
    m_backend->setServiceTraffic({QStringLiteral("Service"), QString::fromStdString(m_service->metadata.ns), name}, rate,
                                 this, [this](const backends::CommandResult &r) {
                                     m_hint->setText(r.ok ? r.lines.join(QLatin1Char(' ')) : r.problems.value(0).message);
                                 });
}

void ServicesPage::applyRate() { sendRate(m_rate->value()); }

void ServicesPage::stopTraffic()
{
    m_rate->setValue(0);
    sendRate(0);
}

TrafficWeightsDialog *ServicesPage::weightsDialog() const { return m_weightsDialog.data(); }

void ServicesPage::editWeights()
{
    if (!m_backend || !m_service || !m_backend->canSimulateTraffic())
        return;
    // the versions behind the Service: the proxy's last figures, and its pods (also before any traffic)
    std::map<QString, TrafficWeightsDialog::Version> versions;
    const QString key = QString::fromStdString(m_service->key());
    const auto *t = m_model ? m_model->traffic(key) : nullptr;
    double weightSum = 0;
    if (t)
        for (const auto &w : t->weights)
            weightSum += w.weight;
    if (t)
        for (const auto &v : t->last.versions) {
            auto &out = versions[QString::fromStdString(v.version)];
            out.version = QString::fromStdString(v.version);
            out.endpoints = v.endpoints;
            if (t->rate > 0)
                out.requests = v.figures.requestsPerSecond;
        }
    if (m_pods) {
        const api::ServiceSpec spec = api::ServiceSpec::decode(m_service->spec());
        std::map<QString, int> ready;
        for (int row = 0; row < m_pods->rowCount() && !spec.selector.empty(); ++row) {
            const api::ObjectPtr pod = m_pods->objectAt(row);
            if (!pod || pod->metadata.ns != m_service->metadata.ns || pod->metadata.deletionTimestamp)
                continue;
            const bool selected = std::all_of(spec.selector.begin(), spec.selector.end(), [&](const auto &kv) {
                const auto it = pod->metadata.labels.find(kv.first);
                return it != pod->metadata.labels.end() && it->second == kv.second;
            });
            if (!selected)
                continue;
            const QString version = QString::fromStdString(engine::cluster::Traffic::versionOf(*pod));
            const auto s = api::summarizePod(*pod);
            ready[version] += s.status == "Running" && s.readyContainers == s.totalContainers ? 1 : 0;
        }
        for (const auto &[version, n] : ready) {
            auto &out = versions[version];
            out.version = version;
            out.endpoints = n;
        }
    }
    for (auto &[version, v] : versions)
        if (t && weightSum > 0)
            for (const auto &w : t->weights)
                if (QString::fromStdString(w.subset) == version)
                    v.weight = w.weight / weightSum;
    if (t && weightSum > 0) // a version that is asked for a share but has no pods any more still gets a row
        for (const auto &w : t->weights)
            if (!versions.count(QString::fromStdString(w.subset))) {
                auto &out = versions[QString::fromStdString(w.subset)];
                out.version = QString::fromStdString(w.subset);
                out.endpoints = 0;
                out.weight = w.weight / weightSum;
            }
    QList<TrafficWeightsDialog::Version> rows;
    for (const auto &[version, v] : versions)
        rows << v;
    if (m_weightsDialog)
        m_weightsDialog->close();
    auto *dialog = new TrafficWeightsDialog(
        m_backend, {QStringLiteral("Service"), QString::fromStdString(m_service->metadata.ns),
                    QString::fromStdString(m_service->metadata.name)},
        rows, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TrafficWeightsDialog::weightsApplied, this,
            [this](const QStringList &lines) { m_hint->setText(lines.join(QLatin1Char(' '))); });
    m_weightsDialog = dialog;
    dialog->open();
}

void ServicesPage::onSelection(const api::ObjectPtr &service)
{
    m_service = service;
    const QString key = service ? QString::fromStdString(service->key()) : QString();
    m_chart->setService(key);
    m_registry->setCurrentService(key);
    const bool can = service && m_backend && m_backend->canSimulateTraffic();
    m_rate->setEnabled(can);
    m_send->setEnabled(can);
    m_stop->setEnabled(can);
    m_weights->setEnabled(can);
    if (service && m_model) {
        const auto *t = m_model->traffic(key);
        m_rate->setValue(t ? int(t->rate) : 0);
    }
    updateHeader();
    updateWatch();
}

void ServicesPage::updateHeader()
{
    if (!m_service) {
        m_title->setText(tr("No Service selected"));
        m_detail->setText(tr("Select a Service above to send it traffic and see its instances."));
        return;
    }
    const api::ServiceSpec spec = api::ServiceSpec::decode(m_service->spec());
    m_title->setText(QString::fromStdString(m_service->metadata.name));
    QString detail = QString::fromStdString(engine::cluster::ServiceController::dnsName(m_service->metadata.ns, m_service->metadata.name));
    if (!spec.clusterIP.empty())
        detail += QStringLiteral(" · ") + QString::fromStdString(spec.clusterIP);
    if (m_model)
        if (const auto *t = m_model->traffic(QString::fromStdString(m_service->key())); t && t->rate > 0) {
            const auto &f = t->last.total;
            detail += QStringLiteral(" · ") + tr("%1 req/s, %2 % failed, p50 %3 ms, p99 %4 ms")
                                                  .arg(qRound(f.requestsPerSecond))
                                                  .arg(f.errorRate() * 100, 0, 'f', 1)
                                                  .arg(qRound(f.p50))
                                                  .arg(qRound(f.p99));
            if (!m_rate->hasFocus() && m_rate->value() != int(t->rate))
                m_rate->setValue(int(t->rate));
        }
    // exact shares per version are in force: say so, they change what the chart shows
    if (const auto *t = m_model ? m_model->traffic(QString::fromStdString(m_service->key())) : nullptr; t && !t->weights.empty()) {
        double sum = 0;
        for (const auto &w : t->weights)
            sum += w.weight;
        QStringList shares;
        for (const auto &w : t->weights)
            shares << tr("%1 %2 %").arg(QString::fromStdString(w.subset)).arg(sum > 0 ? qRound(100 * w.weight / sum) : 0);
        detail += QStringLiteral(" · ") + tr("weights: %1").arg(shares.join(QStringLiteral(", ")));
    }
    m_detail->setText(detail);
}

void ServicesPage::onTraffic(const backends::TrafficSnapshot &snapshot)
{
    if (isVisible())
        m_registry->setRegistry(snapshot.registry, snapshot.time);
}

void ServicesPage::updateWatch()
{
    if (!m_backend || !m_backend->canSimulateTraffic())
        return;
    // The table's figures always; the registry of the selected Service's namespace while it is shown.
    backends::ObjectRef focus;
    if (isVisible() && m_service)
        focus = {QStringLiteral("Service"), QString::fromStdString(m_service->metadata.ns), QString()};
    else if (isVisible())
        focus = {QStringLiteral("Service"), QStringLiteral("default"), QString()};
    m_backend->watchTraffic(true, focus);
}

void ServicesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    updateWatch();
}

void ServicesPage::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    updateWatch();
}

} // namespace flotilla::widgets
