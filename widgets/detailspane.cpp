#include "detailspane.h"

#include "containerenvview.h"
#include "containerlogview.h"
#include "imagelayersview.h"
#include "nodeusagechart.h"
#include "yamlhighlighter.h"

#include <engine/api/codec.h>
#include <engine/api/kinds.h>
#include <engine/api/quantity.h>
#include <engine/api/types.h>
#include <engine/api/workloads.h>

#include <models/eventmodel.h>
#include <models/podmodel.h>
#include <models/secretmodel.h>

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QPushButton>
#include <QLocale>
#include <QScrollBar>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

namespace {
QString esc(const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString row(const QString &label, const QString &valueHtml)
{
    return QStringLiteral("<tr><td style='color:#6b7280; padding-right:14px; white-space:nowrap'>%1</td><td>%2</td></tr>")
        .arg(label.toHtmlEscaped(), valueHtml);
}

QString section(const QString &title)
{
    return QStringLiteral("<h4 style='margin-top:14px; margin-bottom:4px'>%1</h4>").arg(title.toHtmlEscaped());
}

QString chips(const api::Labels &labels)
{
    if (labels.empty())
        return QStringLiteral("<span style='color:#9ca3af'>—</span>");
    QStringList parts;
    for (const auto &[k, v] : labels)
        parts << QStringLiteral("<span style='background:#eef2f7; color:#1f2937'>&nbsp;%1%2&nbsp;</span>")
                     .arg(esc(k), v.empty() ? QString() : QStringLiteral("=") + esc(v));
    return parts.join(QStringLiteral(" "));
}

QString dot(const QColor &color)
{
    return QStringLiteral("<span style='color:%1'>&#9679;</span> ").arg(color.name());
}

const QColor kGood(0x2e, 0x9d, 0x4f);
const QColor kWaiting(0xe0, 0x9b, 0x1a);
const QColor kBad(0xd6, 0x3c, 0x3c);
const QColor kInfo(0x3b, 0x82, 0xc4);

QString timeText(const std::optional<engine::TimeMs> &t, engine::TimeMs now)
{
    if (!t)
        return QStringLiteral("—");
    return QStringLiteral("%1 (%2 ago)").arg(QString::fromStdString(engine::formatRfc3339(*t)),
                                             QString::fromStdString(engine::formatAge(now - *t)));
}
} // namespace

DetailsPane::DetailsPane(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_tabs(new QTabWidget(this)), m_summary(new QTextBrowser(this)),
      m_yaml(new QPlainTextEdit(this)), m_layers(new ImageLayersView(this)), m_reveal(new QPushButton(this))
{
    m_reveal->hide();
    m_reveal->setToolTip(tr("Show or hide this Secret's values. They stay hidden in the table and the YAML "
                            "until you reveal them."));
    connect(m_reveal, &QPushButton::clicked, this, [this] {
        if (m_secrets && m_object && m_object->kind == api::kind::Secret)
            m_secrets->setRevealed(QString::fromStdString(m_object->key()), !secretRevealed());
    });
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_title->setContentsMargins(4, 2, 4, 2);
    m_summary->setOpenLinks(false);
    m_yaml->setReadOnly(true);
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new YamlHighlighter(m_yaml->document());
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(m_yaml, tr("YAML"));
    m_layers->hide();
    m_logs = new ContainerLogView(this);
    m_logs->hide();
    m_envView = new ContainerEnvView(this);
    m_envView->hide();
    m_usage = new NodeUsageChart(this);
    m_usage->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 4, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_reveal, 0, Qt::AlignVCenter);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);
    render();
}

void DetailsPane::showYaml() { m_tabs->setCurrentWidget(m_yaml); }

void DetailsPane::showUsage()
{
    if (m_tabs->indexOf(m_usage) >= 0)
        m_tabs->setCurrentWidget(m_usage);
}

void DetailsPane::setBackend(backends::Backend *backend)
{
    m_logs->setBackend(backend);
    m_envView->setBackend(backend);
    m_usage->setBackend(backend);
}
bool DetailsPane::isShowingYaml() const { return m_tabs->currentWidget() == m_yaml; }

void DetailsPane::showObject(const api::ObjectPtr &object)
{
    m_object = object;
    m_deleted = false;
    render();
}

void DetailsPane::updateObject(const api::ObjectPtr &object)
{
    if (!object) {
        if (m_object && !m_deleted) {
            m_deleted = true;
            render();
        }
        return;
    }
    if (object == m_object)
        return;
    m_object = object;
    m_deleted = false;
    render();
}

void DetailsPane::setSecretModel(models::SecretModel *secrets)
{
    m_secrets = secrets;
    if (!secrets)
        return;
    connect(secrets, &models::SecretModel::revealedChanged, this, [this](const QString &key) {
        if (!m_object || m_object->kind != api::kind::Secret || QString::fromStdString(m_object->key()) != key)
            return;
        const int row = m_secrets->rowOf(key.toStdString());
        if (row >= 0) {
            m_object = m_secrets->shownObject(row);
            render();
        }
    });
}

bool DetailsPane::secretRevealed() const
{
    return m_secrets && m_object && m_secrets->isRevealed(QString::fromStdString(m_object->key()));
}

QString DetailsPane::summaryHtml() const { return m_summary->toHtml(); }
QString DetailsPane::yamlText() const { return m_yaml->toPlainText(); }

void DetailsPane::render()
{
    if (!m_object) {
        m_title->setText(QStringLiteral("<b>%1</b>").arg(tr("Nothing selected")));
        m_summary->setHtml(QStringLiteral("<p style='color:#6b7280'>%1</p>")
                               .arg(tr("Select a row to see its details and YAML. Apply YAML (Ctrl+Shift+A) "
                                       "creates new objects.")));
        m_yaml->clear();
        m_reveal->hide();
        if (const int usageTab = m_tabs->indexOf(m_usage); usageTab >= 0)
            m_tabs->removeTab(usageTab);
        m_usage->setNode({}, 0, 0);
        return;
    }
    const auto &o = *m_object;
    QString kind = QString::fromStdString(o.kind);
    QString title = QStringLiteral("<b>%1</b> %2").arg(kind.toHtmlEscaped(), esc(o.metadata.name));
    if (!o.metadata.ns.empty())
        title += QStringLiteral(" <span style='color:#6b7280'>%1 %2</span>").arg(tr("in"), esc(o.metadata.ns));
    if (m_deleted)
        title += QStringLiteral(" <span style='color:#d63c3c'>(%1)</span>").arg(tr("deleted"));
    m_title->setText(title);

    const bool isImage = o.kind == api::kind::Image;
    const int layersTab = m_tabs->indexOf(m_layers);
    if (isImage && layersTab < 0)
        m_tabs->insertTab(1, m_layers, tr("Layers"));
    else if (!isImage && layersTab >= 0)
        m_tabs->removeTab(layersTab);
    if (isImage)
        m_layers->showImage(m_object);
    const bool isPod = o.kind == api::kind::Pod;
    for (const auto &[tab, label] : {std::pair<QWidget *, QString>{m_logs, tr("Logs")}, {m_envView, tr("Environment")}}) {
        const int index = m_tabs->indexOf(tab);
        if (isPod && index < 0)
            m_tabs->addTab(tab, label);
        else if (!isPod && index >= 0)
            m_tabs->removeTab(index);
    }
    if (isPod) {
        m_logs->showPod(m_object);
        m_envView->showPod(m_object);
    }
    const bool isNode = o.kind == api::kind::Node;
    if (const int index = m_tabs->indexOf(m_usage); isNode && index < 0)
        m_tabs->insertTab(1, m_usage, tr("Usage"));
    else if (!isNode && index >= 0)
        m_tabs->removeTab(index);
    if (isNode) {
        const auto node = api::summarizeNode(o);
        m_usage->setNode(QString::fromStdString(o.metadata.name), node.allocatable.cpuMilli, node.allocatable.memoryBytes);
    } else {
        m_usage->setNode({}, 0, 0);
    }

    QString html;
    if (o.kind == api::kind::Pod)
        html = podHtml();
    else if (o.kind == api::kind::Node)
        html = nodeHtml();
    else if (o.kind == api::kind::Image)
        html = imageHtml();
    else if (o.kind == api::kind::Deployment)
        html = deploymentHtml();
    else if (o.kind == api::kind::Event)
        html = eventHtml();
    else if (o.kind == api::kind::ReplicaSet)
        html = replicaSetHtml();
    else if (o.kind == api::kind::ConfigMap)
        html = configMapHtml();
    else if (o.kind == api::kind::Secret)
        html = secretHtml();
    const bool secret = o.kind == api::kind::Secret && m_secrets;
    m_reveal->setVisible(secret && !m_deleted);
    m_reveal->setText(secretRevealed() ? tr("Hide Values") : tr("Reveal Values"));
    html += eventsHtml();
    html += metaHtml();
    const int summaryScroll = m_summary->verticalScrollBar()->value();
    m_summary->setHtml(html);
    m_summary->verticalScrollBar()->setValue(summaryScroll);
    const int yamlScroll = m_yaml->verticalScrollBar()->value();
    m_yaml->setPlainText(QString::fromStdString(api::toYaml(api::objectToJson(o))));
    m_yaml->verticalScrollBar()->setValue(yamlScroll);
}

QString DetailsPane::podHtml() const
{
    const auto &o = *m_object;
    const auto s = api::summarizePod(o);
    const auto spec = api::PodSpec::decode(o.spec());
    const auto status = api::PodStatus::decode(o.status());
    const QString st = QString::fromStdString(s.status);
    QString h = QStringLiteral("<table>");
    h += row(tr("Status"), dot(models::PodModel::statusColor(st)) + QStringLiteral("<b>%1</b>").arg(st.toHtmlEscaped()));
    h += row(tr("Ready"), QStringLiteral("%1/%2").arg(s.readyContainers).arg(s.totalContainers));
    h += row(tr("Node"), s.node.empty() ? tr("not scheduled yet") : esc(s.node));
    h += row(tr("Pod IP"), s.ip.empty() ? QStringLiteral("—") : esc(s.ip));
    h += row(tr("Host IP"), status.hostIP.empty() ? QStringLiteral("—") : esc(status.hostIP));
    h += row(tr("Restarts"), QString::number(s.restarts));
    if (!s.owner.empty())
        h += row(tr("Controlled by"), esc(s.owner));
    if (!status.message.empty())
        h += row(tr("Message"), esc(status.message));
    h += QStringLiteral("</table>");
    h += section(tr("Containers"));
    h += QStringLiteral("<table>");
    for (const auto &c : spec.containers) {
        QString ports;
        for (const auto &p : c.ports)
            ports += QStringLiteral("%1/%2 ").arg(p.containerPort).arg(QString::fromStdString(p.protocol));
        QString res = tr("requests: cpu %1, memory %2")
                          .arg(c.requests.cpuMilli ? QString::fromStdString(api::formatCpu(c.requests.cpuMilli)) : QStringLiteral("—"),
                               c.requests.memoryBytes ? QString::fromStdString(api::formatBytes(c.requests.memoryBytes)) : QStringLiteral("—"));
        h += row(QString::fromStdString(c.name),
                 QStringLiteral("<code>%1</code><br>%2%3").arg(esc(c.image), ports.isEmpty() ? QString() : tr("ports: %1").arg(ports.toHtmlEscaped()) + QStringLiteral("<br>"), res.toHtmlEscaped()));
    }
    h += QStringLiteral("</table>");
    if (!status.conditions.empty()) {
        h += section(tr("Conditions"));
        h += QStringLiteral("<table>");
        for (const auto &c : status.conditions)
            h += row(QString::fromStdString(c.type),
                     QStringLiteral("%1%2%3").arg(dot(c.status == "True" ? kGood : kWaiting),
                                                 esc(c.status),
                                                 c.reason.empty() ? QString() : QStringLiteral(" · ") + esc(c.reason)));
        h += QStringLiteral("</table>");
    }
    h += schedulingHtml();
    return h;
}

QString DetailsPane::replicasRow(const QString &countsFormat, std::int64_t wanted, std::int64_t second,
                                 const api::WorkloadStatus &status)
{
    return row(tr("Replicas"), countsFormat.arg(wanted).arg(second).arg(status.readyReplicas).arg(status.availableReplicas));
}

QString DetailsPane::podTemplateRows(const api::PodTemplate &podTemplate)
{
    QStringList images;
    for (const auto &c : podTemplate.podSpec().containers)
        images << QString::fromStdString(c.image);
    QStringList labels;
    for (const auto &[k, v] : podTemplate.labels)
        labels << QString::fromStdString(k + "=" + v);
    return row(tr("Images"), QStringLiteral("<code>%1</code>").arg(images.join(QStringLiteral(", ")).toHtmlEscaped()))
           + row(tr("Pod labels"), QStringLiteral("<code>%1</code>").arg(labels.join(QStringLiteral(", ")).toHtmlEscaped()));
}

QString DetailsPane::deploymentHtml() const
{
    const auto &o = *m_object;
    const api::DeploymentSpec spec = api::DeploymentSpec::decode(o.spec());
    const api::WorkloadStatus st = api::WorkloadStatus::decode(o.status());
    QString h = QStringLiteral("<table>");
    h += replicasRow(tr("%1 wanted · %2 updated · %3 ready · %4 available"), spec.replicas, st.updatedReplicas, st);
    QString strategy = QString::fromStdString(spec.strategy);
    if (spec.strategy == "RollingUpdate")
        strategy += QStringLiteral(" · ") + tr("max surge %1, max unavailable %2")
                                                .arg(QString::fromStdString(spec.maxSurge.encode().dump()).remove(QLatin1Char('"')),
                                                     QString::fromStdString(spec.maxUnavailable.encode().dump()).remove(QLatin1Char('"')));
    h += row(tr("Strategy"), strategy.toHtmlEscaped());
    if (spec.minReadySeconds)
        h += row(tr("Min ready"), tr("%1 s").arg(spec.minReadySeconds));
    if (spec.paused)
        h += row(tr("Rollout"), tr("paused: template changes wait until it is resumed"));
    h += podTemplateRows(spec.podTemplate);
    h += QStringLiteral("</table>");
    if (!st.conditions.empty()) {
        h += section(tr("Conditions"));
        h += QStringLiteral("<table>");
        for (const auto &c : st.conditions)
            h += row(QString::fromStdString(c.type),
                     QStringLiteral("%1%2 · %3<br><span style='color:#6b7280'>%4</span>")
                         .arg(dot(c.status == "True" ? kGood : kWaiting), esc(c.status), esc(c.reason), esc(c.message)));
        h += QStringLiteral("</table>");
    }
    return h;
}

QString DetailsPane::schedulingHtml() const
{
    // the scheduler's decision, kept on the pod: why this node, or why none
    const auto it = m_object->metadata.annotations.find("scheduling.flotilla.dev/decision");
    if (it == m_object->metadata.annotations.end())
        return {};
    const api::Json d = api::Json::parse(it->second, nullptr, false);
    if (!d.is_object())
        return {};
    QString h = section(tr("Scheduling"));
    const std::string node = d.value("node", std::string());
    const int nodes = d.value("nodes", 0), evaluated = d.value("evaluated", 0), feasible = d.value("feasible", 0);
    if (!node.empty())
        h += QStringLiteral("<p>") +
             tr("Placed on <b>%1</b>: %2 of %3 nodes checked could take it; the highest score won.")
                 .arg(esc(node))
                 .arg(feasible)
                 .arg(evaluated) +
             (evaluated < nodes ? QLatin1Char(' ') + tr("(In a cluster of %1 nodes, the scheduler checks only part of them.)").arg(nodes)
                                : QString()) +
             QStringLiteral("</p>");
    else
        h += QStringLiteral("<p>") + tr("No node could take it. Why, node by node:") + QStringLiteral("</p>");
    if (const api::Json &scores = d.value("scores", api::Json::array()); !scores.empty()) {
        h += QStringLiteral("<table><tr><th align=left>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>")
                 .arg(tr("Node"), tr("Total"), tr("Free"), tr("Balance"), tr("Spread"), tr("Image"));
        for (const auto &sc : scores)
            h += QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td><td align=right>%3</td><td align=right>%4</td>"
                                "<td align=right>%5</td><td align=right>%6</td></tr>")
                     .arg(esc(sc.value("node", std::string())))
                     .arg(sc.value("total", 0))
                     .arg(sc.value("leastAllocated", 0))
                     .arg(sc.value("balancedAllocation", 0))
                     .arg(sc.value("spread", 0))
                     .arg(sc.value("imageLocality", 0));
        h += QStringLiteral("</table><p style='color:#6b7280'>%1</p>")
                 .arg(tr("Free: least allocated CPU and memory. Balance: CPU and memory used alike. Spread: fewer "
                         "pods of the same owner there (counts double). Image: the image is already on the node."));
    }
    if (const api::Json &reasons = d.value("nodeReasons", api::Json::object()); !reasons.empty()) {
        h += QStringLiteral("<table>");
        for (const auto &[n, why] : reasons.items())
            h += row(QString::fromStdString(n), QStringLiteral("%1%2").arg(dot(kWaiting), esc(why.get<std::string>())));
        h += QStringLiteral("</table>");
    }
    return h;
}

QString DetailsPane::nodeHtml() const
{
    const auto &o = *m_object;
    const auto s = api::summarizeNode(o);
    QString h = QStringLiteral("<table>");
    h += row(tr("Status"), dot(s.ready ? kGood : kBad) + QStringLiteral("<b>%1</b>").arg(esc(s.status)));
    h += row(tr("Roles"), esc(s.roles));
    h += row(tr("Internal IP"), esc(s.internalIP));
    h += row(tr("Kubelet"), esc(s.kubeletVersion));
    const auto amounts = [](const api::ResourceAmounts &r) {
        return tr("%1 CPU, %2 memory, %3 pods")
            .arg(QString::fromStdString(api::formatCpu(r.cpuMilli)), QString::fromStdString(api::formatBytes(r.memoryBytes)))
            .arg(r.pods);
    };
    h += row(tr("Capacity"), amounts(s.capacity));
    h += row(tr("Allocatable"), amounts(s.allocatable));
    QStringList taints;
    for (const auto &t : s.taints)
        taints << QStringLiteral("%1%2:%3").arg(QString::fromStdString(t.key),
                                                t.value.empty() ? QString() : QStringLiteral("=") + QString::fromStdString(t.value),
                                                QString::fromStdString(t.effect));
    h += row(tr("Taints"), taints.isEmpty() ? QStringLiteral("—") : taints.join(QStringLiteral("<br>")).toHtmlEscaped().replace(QStringLiteral("&lt;br&gt;"), QStringLiteral("<br>")));
    const std::string runtime = api::stringField(api::field(o.status(), "nodeInfo"), "containerRuntimeVersion");
    if (runtime.rfind("flotilla-sim", 0) == 0)
        h += row(tr("Runtime"), tr("simulated by the Flotilla sandbox"));
    h += QStringLiteral("</table>");
    return h;
}

QString DetailsPane::imageHtml() const
{
    const auto &o = *m_object;
    const auto s = api::summarizeImage(o);
    QString h = QStringLiteral("<table>");
    h += row(tr("Reference"), QStringLiteral("<code>%1:%2</code>").arg(esc(s.repository), esc(s.tag)));
    h += row(tr("Digest"), QStringLiteral("<code>%1</code>").arg(esc(s.digest)));
    h += row(tr("Size"), QLocale().formattedDataSize(s.sizeBytes, 1, QLocale::DataSizeSIFormat));
    h += row(tr("Platform"), esc(s.os + "/" + s.architecture));
    if (s.source == "catalog")
        h += row(tr("Source"), tr("built-in catalog: the image's real configuration and size, without layers; "
                                  "the sandbox runs it as a simulated container"));
    else
        h += row(tr("Source"), esc(s.source));
    const api::Json &config = api::field(o.spec(), "config");
    auto list = [](const api::Json &j) {
        QStringList parts;
        if (j.is_array())
            for (const auto &v : j)
                parts << QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump());
        return parts;
    };
    if (const auto e = list(api::field(config, "Entrypoint")); !e.isEmpty())
        h += row(tr("Entrypoint"), QStringLiteral("<code>%1</code>").arg(e.join(QLatin1Char(' ')).toHtmlEscaped()));
    if (const auto c = list(api::field(config, "Cmd")); !c.isEmpty())
        h += row(tr("Command"), QStringLiteral("<code>%1</code>").arg(c.join(QLatin1Char(' ')).toHtmlEscaped()));
    if (const auto env = list(api::field(config, "Env")); !env.isEmpty())
        h += row(tr("Environment"), QStringLiteral("<code>%1</code>").arg(env.join(QStringLiteral("\n")).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    if (const api::Json &ports = api::field(config, "ExposedPorts"); ports.is_object() && !ports.empty()) {
        QStringList p;
        for (const auto &[k, v] : ports.items())
            p << QString::fromStdString(k);
        h += row(tr("Exposed ports"), p.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (const std::string wd = api::stringField(config, "WorkingDir"); !wd.empty())
        h += row(tr("Working directory"), QStringLiteral("<code>%1</code>").arg(esc(wd)));
    if (const std::string user = api::stringField(config, "User"); !user.empty())
        h += row(tr("User"), QStringLiteral("<code>%1</code>").arg(esc(user)));
    if (const api::Json &labels = api::field(config, "Labels"); labels.is_object() && !labels.empty()) {
        QStringList l;
        for (const auto &[k, v] : labels.items())
            l << QString::fromStdString(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump())).toHtmlEscaped();
        h += row(tr("Labels"), QStringLiteral("<code>%1</code>").arg(l.join(QStringLiteral("<br>"))));
    }
    if (const std::string base = api::stringField(o.spec(), "base"); !base.empty())
        h += row(tr("Base image"), tr("%1 (catalog image; its layers are not stored)").arg(esc(base)));
    h += QStringLiteral("</table>");
    if (const api::Json &history = api::field(o.spec(), "history"); history.is_array() && !history.empty()) {
        h += QStringLiteral("<h4>%1</h4><table>").arg(tr("History"));
        for (const auto &entry : history) {
            QString step = QString::fromStdString(entry.value("created_by", std::string()));
            step.remove(QStringLiteral(" # buildkit"));
            const bool empty = entry.value("empty_layer", false);
            h += QStringLiteral("<tr><td><code>%1</code></td><td style='color:#6b7280'>%2</td></tr>")
                     .arg(step.toHtmlEscaped(), empty ? tr("no layer") : QString());
        }
        h += QStringLiteral("</table>");
    }
    return h;
}

QString DetailsPane::eventHtml() const
{
    const auto s = api::summarizeEvent(*m_object);
    QString h = QStringLiteral("<table>");
    h += row(tr("Type"), dot(s.type == "Warning" ? kWaiting : kInfo) + esc(s.type));
    h += row(tr("Reason"), QStringLiteral("<b>%1</b>").arg(esc(s.reason)));
    h += row(tr("Object"), esc(s.objectKind + "/" + s.objectName));
    h += row(tr("Message"), esc(s.message));
    h += row(tr("Source"), esc(s.source));
    h += row(tr("Count"), QString::number(s.count));
    h += row(tr("Last seen"), timeText(s.lastTimestamp, m_now));
    h += QStringLiteral("</table>");
    return h;
}

namespace {
/// A file's content in a box: at most a screenful, with what was left out said.
QString fileBox(QString text)
{
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1); // a file's last line break is not an empty line
    constexpr int kMaxLines = 40;
    constexpr int kMaxChars = 4000;
    QStringList lines = text.left(kMaxChars).split(QLatin1Char('\n'));
    const int totalLines = int(text.count(QLatin1Char('\n'))) + 1;
    QString more;
    if (lines.size() > kMaxLines) {
        lines = lines.mid(0, kMaxLines);
        more = DetailsPane::tr("… %n more line(s): see the YAML tab", nullptr, totalLines - kMaxLines);
    } else if (text.size() > kMaxChars) {
        more = DetailsPane::tr("… %n more character(s): see the YAML tab", nullptr, int(text.size() - kMaxChars));
    }
    QString h = QStringLiteral("<table width='100%' cellpadding='6' cellspacing='0' bgcolor='#f3f5f8' "
                               "style='margin:2px 0 8px 0'><tr><td><pre style='margin:0'>%1</pre></td></tr></table>")
                    .arg(lines.join(QLatin1Char('\n')).toHtmlEscaped());
    if (!more.isEmpty())
        h += QStringLiteral("<p style='color:#6b7280; margin-top:0'>%1</p>").arg(more.toHtmlEscaped());
    return h;
}

QString fileHeader(const QString &name, const QString &detail)
{
    return QStringLiteral("<p style='margin:8px 0 0 0'><code><b>%1</b></code>&nbsp;&nbsp;"
                          "<span style='color:#6b7280'>%2</span></p>")
        .arg(name.toHtmlEscaped(), detail.toHtmlEscaped());
}
} // namespace

QString DetailsPane::replicaSetHtml() const
{
    const auto &o = *m_object;
    const api::ReplicaSetSpec spec = api::ReplicaSetSpec::decode(o.spec());
    const api::WorkloadStatus st = api::WorkloadStatus::decode(o.status());
    QString h = QStringLiteral("<table>");
    h += replicasRow(tr("%1 wanted · %2 current · %3 ready · %4 available"), spec.replicas, st.replicas, st);
    for (const auto &ref : o.metadata.ownerReferences)
        if (ref.controller) {
            QString owner = esc(ref.kind + "/" + ref.name);
            if (const auto it = o.metadata.annotations.find("deployment.kubernetes.io/revision");
                it != o.metadata.annotations.end())
                owner += QStringLiteral(" · ") + tr("revision %1").arg(esc(it->second));
            h += row(tr("Controlled by"), owner);
        }
    if (spec.replicas == 0 && st.replicas == 0 && !o.metadata.ownerReferences.empty())
        h += row(tr("Role"), tr("an earlier revision, kept scaled to zero so that the Deployment can roll back to it")
                                 .toHtmlEscaped());
    h += podTemplateRows(spec.podTemplate);
    h += QStringLiteral("</table>");
    return h;
}

QString DetailsPane::configMapHtml() const
{
    const auto &o = *m_object;
    QString h;
    const api::Json &data = api::field(o.body, "data");
    const api::Json &binary = api::field(o.body, "binaryData");
    const int count = int((data.is_object() ? data.size() : 0) + (binary.is_object() ? binary.size() : 0));
    h += QStringLiteral("<p style='color:#6b7280'>%1</p>")
             .arg(tr("Mounted as a volume, each key becomes a file of that name; as environment (envFrom), each key "
                     "becomes a variable.")
                      .toHtmlEscaped());
    h += section(tr("Files (%1)").arg(count));
    if (count == 0)
        h += QStringLiteral("<p style='color:#9ca3af'>%1</p>").arg(tr("No data."));
    if (data.is_object())
        for (auto it = data.begin(); it != data.end(); ++it) {
            const QString text = it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString::fromStdString(it->dump());
            h += fileHeader(QString::fromStdString(it.key()), QLocale().formattedDataSize(text.toUtf8().size()));
            h += fileBox(text);
        }
    if (binary.is_object())
        for (auto it = binary.begin(); it != binary.end(); ++it) {
            const auto bytes = it->is_string() ? api::base64Decode(it->get<std::string>()) : std::nullopt;
            h += fileHeader(QString::fromStdString(it.key()),
                            tr("binary, %1").arg(QLocale().formattedDataSize(qint64(bytes ? bytes->size() : 0))));
        }
    return h;
}

QString DetailsPane::secretHtml() const
{
    const auto &o = *m_object;
    const bool revealed = secretRevealed();
    QString h = QStringLiteral("<table>");
    h += row(tr("Type"), esc(api::stringField(o.body, "type", "Opaque")));
    h += row(tr("Values"), revealed ? QStringLiteral("<span style='color:#b7791f'>%1</span>").arg(tr("revealed: anyone who "
                                                                                                      "sees the screen can read them").toHtmlEscaped())
                                    : tr("hidden (Reveal Values shows them)").toHtmlEscaped());
    h += QStringLiteral("</table>");
    QStringList keys;
    std::map<std::string, std::string> values;
    for (const char *field : {"data", "stringData"}) {
        const api::Json &d = api::field(o.body, field);
        if (!d.is_object())
            continue;
        for (auto it = d.begin(); it != d.end(); ++it) {
            if (!keys.contains(QString::fromStdString(it.key())))
                keys << QString::fromStdString(it.key());
            if (revealed && it->is_string())
                values[it.key()] = std::string(field) == "data" ? api::base64Decode(it->get<std::string>()).value_or(std::string())
                                                                : it->get<std::string>();
        }
    }
    keys.sort();
    h += section(tr("Data (%1)").arg(keys.size()));
    if (keys.isEmpty())
        h += QStringLiteral("<p style='color:#9ca3af'>%1</p>").arg(tr("No data."));
    for (const QString &k : keys) {
        if (!revealed) {
            h += fileHeader(k, QString());
            h += QStringLiteral("<table width='100%' cellpadding='6' cellspacing='0' bgcolor='#f3f5f8' "
                                "style='margin:2px 0 8px 0'><tr><td><pre style='margin:0; color:#6b7280'>%1</pre>"
                                "</td></tr></table>")
                     .arg(models::SecretModel::mask());
            continue;
        }
        const std::string &v = values[k.toStdString()];
        h += fileHeader(k, QLocale().formattedDataSize(qint64(v.size())));
        h += fileBox(models::secretValueText(v));
    }
    return h;
}

QString DetailsPane::eventsHtml() const
{
    if (!m_events || m_object->kind == api::kind::Event)
        return {};
    const QString key = QString::fromStdString(m_object->key());
    const QString object = QString::fromStdString(m_object->kind).toLower() + QLatin1Char('/') +
                           QString::fromStdString(m_object->metadata.name);
    struct Line {
        qint64 last;
        int row;
    };
    std::vector<Line> lines;
    for (int r = 0; r < m_events->rowCount(); ++r) {
        const QModelIndex i = m_events->index(r, models::EventModel::Object);
        if (i.data(models::EventModel::InvolvedKeyRole).toString() == key && i.data().toString() == object)
            lines.push_back({-m_events->index(r, models::EventModel::LastSeen).data(models::SortRole).toLongLong(), r});
    }
    if (lines.empty())
        return {};
    std::sort(lines.begin(), lines.end(), [](const Line &a, const Line &b) { return a.last != b.last ? a.last < b.last : a.row < b.row; });
    constexpr std::size_t kShown = 12;
    const std::size_t first = lines.size() > kShown ? lines.size() - kShown : 0;
    QString h = section(tr("Events"));
    h += QStringLiteral("<table>");
    for (std::size_t i = first; i < lines.size(); ++i) {
        const int r = lines[i].row;
        const bool warning = m_events->index(r, 0).data(models::EventModel::WarningRole).toBool();
        const QString age = m_events->index(r, models::EventModel::LastSeen).data().toString();
        const QString reason = m_events->index(r, models::EventModel::Reason).data().toString();
        const QString message = m_events->index(r, models::EventModel::Message).data().toString();
        h += QStringLiteral("<tr><td style='color:#6b7280; padding-right:10px; white-space:nowrap'>%1</td>"
                            "<td style='padding-right:10px; white-space:nowrap'>%2<b>%3</b></td><td>%4</td></tr>")
                 .arg(age.toHtmlEscaped(), dot(warning ? kWaiting : kInfo),
                      reason.toHtmlEscaped(), message.toHtmlEscaped());
    }
    h += QStringLiteral("</table>");
    if (first > 0)
        h += QStringLiteral("<p style='color:#6b7280'>%1</p>").arg(tr("Earlier events: %1 more in the Events view").arg(first));
    return h;
}

QString DetailsPane::metaHtml() const
{
    const auto &m = m_object->metadata;
    QString h = section(tr("Metadata"));
    h += QStringLiteral("<table>");
    h += row(tr("Created"), timeText(m.creationTimestamp, m_now));
    if (m.deletionTimestamp)
        h += row(tr("Deleting"), tr("grace period ends %1").arg(QString::fromStdString(engine::formatRfc3339(*m.deletionTimestamp))));
    h += row(tr("UID"), QStringLiteral("<code>%1</code>").arg(esc(m.uid)));
    h += row(tr("Resource version"), QString::number(m.resourceVersion));
    h += row(tr("Labels"), chips(m.labels));
    // Flotilla's own annotations have their own sections (Scheduling)
    api::Labels shown;
    for (const auto &[k, v] : m.annotations)
        if (k.rfind("scheduling.flotilla.dev/", 0) != 0)
            shown.emplace(k, v);
    if (!shown.empty())
        h += row(tr("Annotations"), chips(shown));
    h += QStringLiteral("</table>");
    return h;
}

} // namespace flotilla::widgets
