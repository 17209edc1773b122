#include "deploywizardpages.h"

#include "deploywizard.h"
#include "yamlhighlighter.h"

#include <engine/api/codec.h>
#include <engine/api/quantity.h>
#include <engine/rollout/export.h>
#include <engine/rollout/rolloutspec.h>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QSyntaxHighlighter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace flotilla::widgets {

using Field = DeployPlan::Field;
using Strategy = DeployPlan::Strategy;

namespace {

const char *kErrorStyle = "color: #b42318;";
const QColor kV1(0x3b, 0x82, 0xf6); // blue: the version that serves
const QColor kV2(0x1f, 0x9d, 0x62); // green: the new version

QFormLayout *makeForm()
{
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setVerticalSpacing(6);
    return form;
}

/// A line of widgets side by side.
QWidget *row(QWidget *parent, std::initializer_list<QWidget *> widgets, bool stretch = true)
{
    auto *w = new QWidget(parent);
    auto *l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(6);
    for (QWidget *x : widgets)
        l->addWidget(x, 0, Qt::AlignTop);
    if (stretch)
        l->addStretch(1);
    return w;
}

/// Colours a unified diff: additions green, removals red, hunk headers blue.
class DiffHighlighter final : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString &text) override
    {
        if (text.startsWith(QLatin1String("+++")) || text.startsWith(QLatin1String("---")))
            setFormat(0, int(text.size()), QColor(0x6b, 0x72, 0x80));
        else if (text.startsWith(QLatin1Char('+')))
            setFormat(0, int(text.size()), QColor(0x1a, 0x7f, 0x37));
        else if (text.startsWith(QLatin1Char('-')))
            setFormat(0, int(text.size()), QColor(0xb4, 0x23, 0x18));
        else if (text.startsWith(QLatin1String("@@")))
            setFormat(0, int(text.size()), QColor(0x25, 0x63, 0xeb));
    }
};

/// A wrapped label that asks for a given width and the height its text needs there: a form lays it out at
/// that width instead of QLabel's guess (too narrow, and the height then leaves gaps when the row is wider).
class HintLabel final : public QLabel {
public:
    HintLabel(const QString &text, int width, QWidget *parent) : QLabel(text, parent), m_width(width)
    {
        setWordWrap(true);
        setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    QSize sizeHint() const override { return {m_width, heightForWidth(m_width)}; }
    QSize minimumSizeHint() const override { return {m_width / 2, heightForWidth(m_width)}; }

private:
    int m_width;
};

QPlainTextEdit *codeView(QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

// ---- DeployPage ------------------------------------------------------------------------------------

DeployPage::DeployPage(DeployWizard *wizard) : QWizardPage(wizard), m_wizard(wizard) {}

void DeployPage::changed()
{
    if (!m_wizard->isReady())
        return;
    writeTo(m_wizard->mutablePlan());
    m_wizard->planChanged();
}

QWidget *DeployPage::withError(QWidget *field, Field owner)
{
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    auto *error = new QLabel(box);
    error->setWordWrap(true);
    error->setStyleSheet(QLatin1String(kErrorStyle));
    error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error->hide();
    layout->addWidget(error);
    m_errors.insert(int(owner), error);
    return box;
}

QLabel *DeployPage::hint(const QString &text, int width)
{
    auto *label = new HintLabel(text, width, this);
    label->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    return label;
}

void DeployPage::showIssues(const QList<DeployPlan::Issue> &issues)
{
    for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it) {
        QStringList messages;
        for (const auto &issue : issues)
            if (int(issue.field) == it.key())
                messages << issue.message;
        it.value()->setText(messages.join(QLatin1Char('\n')));
        it.value()->setVisible(!messages.isEmpty());
    }
    emit completeChanged();
}

bool DeployPage::isComplete() const { return m_wizard->plan().issuesOf(fields()).isEmpty(); }

// ---- 1. Target -------------------------------------------------------------------------------------

TargetPage::TargetPage(DeployWizard *wizard, const QString &cluster, bool simulated, const QStringList &namespaces)
    : DeployPage(wizard), m_namespace(new QComboBox(this)),
      m_rolloutKind(new QRadioButton(tr("A &Rollout object, run by the sandbox: exact traffic weights, analysis of the "
                                        "simulated requests"),
                                     this)),
      m_plainObjects(new QRadioButton(tr("&Plain Deployments and Services, driven by Flotilla: what it does on a cluster "
                                         "without the Rollout kind"),
                                      this))
{
    setTitle(tr("Target"));
    setSubTitle(tr("Where the new workload runs."));

    auto *clusterLabel = new QLabel(simulated ? tr("<b>%1</b> · simulated sandbox").arg(cluster.toHtmlEscaped())
                                              : tr("<b>%1</b>").arg(cluster.toHtmlEscaped()),
                                    this);
    clusterLabel->setToolTip(tr("The cluster of this window. Deploying to another cluster comes later: export the "
                                "plan on the last page to apply it elsewhere."));
    m_namespace->setEditable(true);
    m_namespace->setInsertPolicy(QComboBox::NoInsert);
    m_namespace->addItems(namespaces);
    m_namespace->setCurrentText(QStringLiteral("default"));
    m_namespace->setMinimumWidth(260);

    auto *form = makeForm();
    form->addRow(tr("Cluster:"), clusterLabel);
    form->addRow(tr("&Namespace:"), withError(m_namespace, Field::Namespace));
    form->addRow(QString(), hint(tr("Pick a namespace or type a new one: a namespace that does not exist yet is created "
                                    "with the deployment.")));
    auto *runners = new QButtonGroup(this);
    runners->addButton(m_rolloutKind);
    runners->addButton(m_plainObjects);
    (simulated ? m_rolloutKind : m_plainObjects)->setChecked(true);
    m_rolloutKind->setEnabled(simulated); // only the sandbox knows the Rollout kind
    auto *runnerBox = new QWidget(this);
    auto *runnerLayout = new QVBoxLayout(runnerBox);
    runnerLayout->setContentsMargins(0, 0, 0, 0);
    runnerLayout->addWidget(m_rolloutKind);
    runnerLayout->addWidget(m_plainObjects);
    form->addRow(tr("Run with:"), runnerBox);
    form->addRow(QString(), hint(tr("With plain objects each version is a Deployment and Flotilla moves the Service "
                                    "selectors and replica counts itself, while it runs: a canary's weight becomes its "
                                    "share of the pods, and there is no analysis (no request metrics to judge).")));

    auto *steps = new QLabel(
        tr("<p>This wizard deploys a workload as a <b>Rollout</b>: a Deployment-like set of pods plus a "
           "<i>strategy</i> that decides how each later version replaces the one that serves.</p>"
           "<ol>"
           "<li><b>Workload</b> — the image, how many replicas, resources, environment and probes.</li>"
           "<li><b>Strategy</b> — rolling update, blue/green or canary, with their trade-offs.</li>"
           "<li><b>Parameters</b> — the strategy's settings, checked as you type, with what they cost in time and "
           "capacity.</li>"
           "<li><b>Review</b> — the YAML to apply, what changes against what runs now, and exports for Kubernetes, "
           "Argo Rollouts or Flagger.</li>"
           "</ol>"
           "<p>The first version of a Rollout serves at once; the strategy applies from the second version on "
           "(deploy again with a new image).</p>"),
        this);
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(steps);
    layout->addStretch(1);

    connect(m_namespace, &QComboBox::editTextChanged, this, &TargetPage::changed);
    connect(m_plainObjects, &QRadioButton::toggled, this, &TargetPage::changed);
}

void TargetPage::writeTo(DeployPlan &plan) const
{
    plan.ns = m_namespace->currentText().trimmed();
    plan.runner = m_plainObjects->isChecked() ? DeployPlan::Runner::PlainObjects : DeployPlan::Runner::RolloutKind;
}

// ---- 2. Workload -----------------------------------------------------------------------------------

WorkloadPage::WorkloadPage(DeployWizard *wizard)
    : DeployPage(wizard), m_image(new QComboBox(this)), m_name(new QLineEdit(this)), m_replicas(new QSpinBox(this)),
      m_port(new QSpinBox(this)), m_cpuRequest(new QLineEdit(this)), m_cpuLimit(new QLineEdit(this)),
      m_memoryRequest(new QLineEdit(this)), m_memoryLimit(new QLineEdit(this)), m_env(new QTableWidget(0, 2, this)),
      m_configMap(new QComboBox(this)), m_secret(new QComboBox(this)), m_readiness(new QGroupBox(tr("&Readiness probe"), this)),
      m_liveness(new QGroupBox(tr("&Liveness probe"), this)), m_readinessPath(new QLineEdit(QStringLiteral("/ready"), this)),
      m_livenessPath(new QLineEdit(QStringLiteral("/healthz"), this)), m_readinessPort(new QSpinBox(this)),
      m_livenessPort(new QSpinBox(this))
{
    setTitle(tr("Workload"));
    setSubTitle(tr("What runs: the image, how many pods of it, what each may use, and how Kubernetes checks it."));
    const DeployPlan defaults;

    m_image->setEditable(true);
    m_image->setInsertPolicy(QComboBox::NoInsert);
    m_image->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_image->lineEdit()->setPlaceholderText(tr("e.g. shop:v1"));
    m_image->setToolTip(tr("An image built on the Build page, or any reference"));
    m_name->setPlaceholderText(tr("e.g. shop"));
    m_name->setToolTip(tr("Names the Rollout, its pods and its Services (a DNS-1123 label)"));
    m_replicas->setRange(1, 1000);
    m_replicas->setValue(defaults.replicas);
    m_port->setRange(1, 65535);
    m_port->setValue(defaults.port);
    m_cpuRequest->setText(defaults.cpuRequest);
    m_memoryRequest->setText(defaults.memoryRequest);
    m_cpuLimit->setPlaceholderText(tr("none"));
    m_memoryLimit->setPlaceholderText(tr("none"));
    for (QLineEdit *e : {m_cpuRequest, m_cpuLimit, m_memoryRequest, m_memoryLimit})
        e->setMaximumWidth(110);
    m_cpuRequest->setToolTip(tr("CPU the scheduler reserves per pod: 100m is a tenth of a core"));
    m_cpuLimit->setToolTip(tr("Most CPU a pod may use; empty: no limit"));
    m_memoryRequest->setToolTip(tr("Memory the scheduler reserves per pod, e.g. 64Mi"));
    m_memoryLimit->setToolTip(tr("A pod that uses more memory is OOMKilled; empty: no limit"));

    auto *left = makeForm();
    left->addRow(tr("&Image:"), withError(m_image, Field::Image));
    left->addRow(tr("&Name:"), withError(m_name, Field::Name));
    left->addRow(tr("Re&plicas:"), withError(m_replicas, Field::Replicas));
    left->addRow(tr("Container &port:"), withError(m_port, Field::Port));
    auto *cpuLimitLabel = new QLabel(tr("limit"), this);
    auto *memLimitLabel = new QLabel(tr("limit"), this);
    for (QLabel *l : {cpuLimitLabel, memLimitLabel}) // level with the fields' text
        l->setFixedHeight(m_cpuLimit->sizeHint().height());
    left->addRow(tr("&CPU request:"), row(this, {withError(m_cpuRequest, Field::CpuRequest), cpuLimitLabel,
                                                  withError(m_cpuLimit, Field::CpuLimit)}));
    left->addRow(tr("&Memory request:"), row(this, {withError(m_memoryRequest, Field::MemoryRequest), memLimitLabel,
                                                     withError(m_memoryLimit, Field::MemoryLimit)}));
    left->addRow(QString(), hint(tr("Kubernetes quantities: CPU in cores (0.5) or millicores (500m), memory in bytes "
                                    "with a unit (64Mi, 1Gi). Requests are what the scheduler reserves; limits, "
                                    "what a pod may use at most."),
                                 330));

    // environment: variables and whole ConfigMaps / Secrets
    m_env->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    m_env->horizontalHeader()->setStretchLastSection(true);
    m_env->verticalHeader()->hide();
    m_env->setMinimumHeight(90);
    m_env->setMaximumHeight(120);
    m_env->setColumnWidth(0, 150);
    auto *addEnv = new QPushButton(tr("&Add"), this);
    auto *removeEnv = new QPushButton(tr("Remo&ve"), this);
    addEnv->setToolTip(tr("Add an environment variable"));
    removeEnv->setToolTip(tr("Remove the selected variable"));
    auto *envBox = new QGroupBox(tr("Environment"), this);
    auto *envLayout = new QGridLayout(envBox);
    envLayout->addWidget(withError(m_env, Field::Env), 0, 0, 1, 4);
    envLayout->addWidget(addEnv, 1, 0);
    envLayout->addWidget(removeEnv, 1, 1);
    envLayout->setColumnStretch(3, 1);
    envLayout->addWidget(new QLabel(tr("From Con&figMap:"), envBox), 2, 0, 1, 2);
    envLayout->addWidget(m_configMap, 2, 2, 1, 2);
    envLayout->addWidget(new QLabel(tr("From &Secret:"), envBox), 3, 0, 1, 2);
    envLayout->addWidget(m_secret, 3, 2, 1, 2);
    static_cast<QLabel *>(envLayout->itemAtPosition(2, 0)->widget())->setBuddy(m_configMap);
    static_cast<QLabel *>(envLayout->itemAtPosition(3, 0)->widget())->setBuddy(m_secret);
    m_configMap->setToolTip(tr("Every key of the ConfigMap becomes an environment variable (envFrom)"));
    m_secret->setToolTip(tr("Every key of the Secret becomes an environment variable (envFrom)"));

    // probes: an HTTP GET on a path and port
    const auto probe = [this](QGroupBox *box, QLineEdit *path, QSpinBox *port, Field field, const QString &tip) {
        box->setCheckable(true);
        box->setChecked(false);
        box->setToolTip(tip);
        port->setRange(1, 65535);
        port->setValue(DeployPlan().port);
        auto *l = new QHBoxLayout;
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(tr("GET"), box));
        l->addWidget(path, 1);
        l->addWidget(new QLabel(tr("port"), box));
        l->addWidget(port);
        auto *inner = new QWidget(box);
        inner->setLayout(l);
        auto *outer = new QVBoxLayout(box);
        outer->setContentsMargins(8, 4, 8, 4);
        outer->addWidget(withError(inner, field));
    };
    probe(m_readiness, m_readinessPath, m_readinessPort, Field::ReadinessProbe,
          tr("Requests reach a pod only while this answers: a new version gets traffic when it is ready"));
    probe(m_liveness, m_livenessPath, m_livenessPort, Field::LivenessProbe,
          tr("The kubelet restarts a container whose liveness check keeps failing"));

    auto *right = new QVBoxLayout;
    right->setSpacing(6);
    right->addWidget(envBox);
    right->addWidget(m_readiness);
    right->addWidget(m_liveness);
    right->addStretch(1);

    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left, 5);
    layout->addSpacing(10);
    layout->addLayout(right, 4);

    m_lastPort = m_port->value();
    setEnvSources({}, {});
    connect(m_image, &QComboBox::currentTextChanged, this, &WorkloadPage::onImageChanged);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    for (QLineEdit *e : {m_name, m_cpuRequest, m_cpuLimit, m_memoryRequest, m_memoryLimit, m_readinessPath, m_livenessPath})
        connect(e, &QLineEdit::textChanged, this, &WorkloadPage::changed);
    connect(m_port, &QSpinBox::valueChanged, this, [this](int port) {
        // the probes check the container's port unless set apart
        for (QSpinBox *p : {m_readinessPort, m_livenessPort})
            if (p->value() == m_lastPort)
                p->setValue(port);
        m_lastPort = port;
        changed();
    });
    for (QSpinBox *s : {m_replicas, m_readinessPort, m_livenessPort})
        connect(s, &QSpinBox::valueChanged, this, &WorkloadPage::changed);
    for (QGroupBox *g : {m_readiness, m_liveness})
        connect(g, &QGroupBox::toggled, this, &WorkloadPage::changed);
    for (QComboBox *c : {m_configMap, m_secret})
        connect(c, &QComboBox::currentIndexChanged, this, &WorkloadPage::changed);
    connect(m_env, &QTableWidget::itemChanged, this, &WorkloadPage::changed);
    connect(addEnv, &QPushButton::clicked, this, [this] {
        const int r = m_env->rowCount();
        m_env->insertRow(r);
        m_env->setItem(r, 0, new QTableWidgetItem);
        m_env->setItem(r, 1, new QTableWidgetItem);
        m_env->setCurrentCell(r, 0);
        m_env->editItem(m_env->item(r, 0));
    });
    connect(removeEnv, &QPushButton::clicked, this, [this] {
        if (m_env->currentRow() >= 0) {
            m_env->removeRow(m_env->currentRow());
            changed();
        }
    });
}

QList<Field> WorkloadPage::fields() const
{
    return {Field::Name,          Field::Image,       Field::Replicas, Field::Port,           Field::CpuRequest,
            Field::CpuLimit,      Field::MemoryRequest, Field::MemoryLimit, Field::Env, Field::ReadinessProbe,
            Field::LivenessProbe};
}

void WorkloadPage::initializePage()
{
    // ConfigMaps and Secrets of the namespace chosen on the first page
    setEnvSources(deployWizard()->configMapNames(), deployWizard()->secretNames());
    changed();
}

void WorkloadPage::setImages(const QStringList &references)
{
    const QString current = m_image->currentText();
    const QSignalBlocker blocker(m_image);
    m_image->clear();
    m_image->addItems(references);
    m_image->setCurrentText(current);
}

void WorkloadPage::setImage(const QString &reference)
{
    m_image->setCurrentText(reference);
    onImageChanged(reference);
}

void WorkloadPage::setEnvSources(const QStringList &configMaps, const QStringList &secrets)
{
    for (auto [box, names] : {std::pair{m_configMap, configMaps}, std::pair{m_secret, secrets}}) {
        const QString current = box->currentData().toString();
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItem(names.isEmpty() ? tr("(none in this namespace)") : tr("(none)"), QString());
        for (const QString &n : names)
            box->addItem(n, n);
        box->setCurrentIndex(std::max(0, box->findData(current)));
        box->setEnabled(!names.isEmpty());
    }
}

void WorkloadPage::onImageChanged(const QString &text)
{
    // the workload is named after its image until a name is typed: "registry/team/shop:v2" → "shop"
    if (!m_nameEdited) {
        QString base = text.trimmed().section(QLatin1Char('/'), -1);
        base = base.section(QLatin1Char('@'), 0, 0).section(QLatin1Char(':'), 0, 0).toLower();
        base.replace(QRegularExpression(QStringLiteral("[^a-z0-9-]+")), QStringLiteral("-"));
        base.remove(QRegularExpression(QStringLiteral("^[^a-z]+|-+$")));
        m_name->setText(base.left(50));
    }
    changed();
}

void WorkloadPage::writeTo(DeployPlan &plan) const
{
    plan.image = m_image->currentText().trimmed();
    plan.name = m_name->text().trimmed();
    plan.replicas = m_replicas->value();
    plan.port = m_port->value();
    plan.cpuRequest = m_cpuRequest->text();
    plan.cpuLimit = m_cpuLimit->text();
    plan.memoryRequest = m_memoryRequest->text();
    plan.memoryLimit = m_memoryLimit->text();
    plan.env.clear();
    for (int r = 0; r < m_env->rowCount(); ++r) {
        const auto text = [&](int c) { return m_env->item(r, c) ? m_env->item(r, c)->text() : QString(); };
        plan.env.append({text(0).trimmed(), text(1)});
    }
    plan.configMapRef = m_configMap->currentData().toString();
    plan.secretRef = m_secret->currentData().toString();
    plan.readiness = {m_readiness->isChecked(), m_readinessPath->text().trimmed(), m_readinessPort->value()};
    plan.liveness = {m_liveness->isChecked(), m_livenessPath->text().trimmed(), m_livenessPort->value()};
}

// ---- 3. Strategy -----------------------------------------------------------------------------------

namespace {

struct StrategyText {
    QString title, what, pro, con, use;
};

StrategyText strategyText(Strategy s)
{
    switch (s) {
    case Strategy::RollingUpdate:
        return {StrategyPage::tr("Rolling update"),
                StrategyPage::tr("Pods of the new version replace the old ones a few at a time, as a Deployment does."),
                StrategyPage::tr("No downtime, and the update goes slowly enough to be watched."),
                StrategyPage::tr("For a while both versions answer requests at once."),
                StrategyPage::tr("Good for everyday updates of services that can run two versions side by side.")};
    case Strategy::BlueGreen:
        return {StrategyPage::tr("Blue/green"),
                StrategyPage::tr("The new version (green) starts beside the old one (blue); once green is verified, "
                                 "the Service switches every request to it at once."),
                StrategyPage::tr("Instant rollback: blue keeps running for a while, and green can be tested first."),
                StrategyPage::tr("Needs double the resources while both versions run."),
                StrategyPage::tr("Good for releases that must be tested in place, or switched back from in a second.")};
    case Strategy::Canary:
        return {StrategyPage::tr("Canary"),
                StrategyPage::tr("A small share of the requests (say 10 %) goes to the new version; the share grows "
                                 "while its metrics stay healthy, up to 100 %."),
                StrategyPage::tr("Lowest risk: a bug reaches only a few users, and a failing analysis aborts by itself."),
                StrategyPage::tr("Takes the longest; two versions serve meanwhile."),
                StrategyPage::tr("Good for risky changes, judged on a little real traffic before everyone gets them.")};
    }
    return {};
}

void drawPod(QPainter &p, const QRectF &r, int version)
{
    const QColor c = version == 1 ? kV1 : kV2;
    p.setPen(QPen(c.darker(130), 1));
    p.setBrush(c);
    p.drawRoundedRect(r, 3, 3);
    QFont f = p.font();
    f.setPixelSize(9);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(r, Qt::AlignCenter, QString::number(version));
}

/// Four pods in a 2×2 block at `topLeft`, of the given versions.
void drawBlock(QPainter &p, QPointF topLeft, const std::array<int, 4> &versions, qreal size = 15, qreal gap = 3)
{
    int i = 0;
    for (int v : versions) {
        if (v > 0)
            drawPod(p, QRectF(topLeft.x() + (i % 2) * (size + gap), topLeft.y() + (i / 2) * (size + gap), size, size), v);
        ++i;
    }
}

void drawArrow(QPainter &p, QPointF from, QPointF to, const QColor &color, qreal width, bool dashed = false)
{
    QPen pen(color, width, dashed ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap);
    p.setPen(pen);
    const QLineF line(from, to);
    const qreal head = 4 + width * 1.5;
    QLineF shaft(from, line.pointAt(std::max(0.0, 1 - head / std::max(1.0, line.length()))));
    p.drawLine(shaft);
    QLineF a(to, from);
    a.setLength(head);
    QLineF b = a;
    a.setAngle(a.angle() + 28);
    b.setAngle(b.angle() - 28);
    QPainterPath tip;
    tip.moveTo(to);
    tip.lineTo(a.p2());
    tip.lineTo(b.p2());
    tip.closeSubpath();
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawPath(tip);
}

void drawService(QPainter &p, const QRectF &r, const QPalette &pal)
{
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(pal.color(QPalette::AlternateBase));
    p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
    QFont f = p.font();
    f.setPixelSize(10);
    f.setBold(false);
    p.setFont(f);
    p.setPen(pal.color(QPalette::Text));
    p.drawText(r, Qt::AlignCenter, StrategyPage::tr("Service"));
}

void caption(QPainter &p, const QRectF &r, const QString &text, const QPalette &pal)
{
    QFont f = p.font();
    f.setPixelSize(10);
    f.setBold(false);
    p.setFont(f);
    p.setPen(pal.color(QPalette::PlaceholderText));
    p.drawText(r, Qt::AlignHCenter | Qt::AlignTop, text);
}

} // namespace

StrategyDiagram::StrategyDiagram(Strategy strategy, QWidget *parent) : QWidget(parent), m_strategy(strategy)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Diagram of %1").arg(strategyText(strategy).title));
}

void StrategyDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // drawn on a 250 × 112 canvas, scaled to fit and centred
    constexpr qreal kW = 250, kH = 112;
    const qreal scale = std::min({width() / kW, height() / kH, 1.35});
    p.translate((width() - kW * scale) / 2, (height() - kH * scale) / 2);
    p.scale(scale, scale);
    const QPalette pal = palette();
    const QColor arrow = pal.color(QPalette::Mid).darker(120);
    const qreal w = kW, cx = w / 2;
    switch (m_strategy) {
    case Strategy::RollingUpdate: {
        // three moments of the same four pods: v1, half replaced, v2
        const qreal block = 33, step = 80, left = cx - (2 * step + block) / 2, top = 16;
        const std::array<std::array<int, 4>, 3> stages = {{{1, 1, 1, 1}, {2, 2, 1, 1}, {2, 2, 2, 2}}};
        const QStringList captions = {tr("v1"), tr("v1 + v2"), tr("v2")};
        for (int i = 0; i < 3; ++i) {
            const qreal x = left + i * step;
            drawBlock(p, {x, top}, stages[std::size_t(i)]);
            caption(p, QRectF(x - 20, top + 40, block + 40, 14), captions[i], pal);
            if (i < 2)
                drawArrow(p, {x + block + 8, top + 16}, {x + step - 8, top + 16}, arrow, 1.5);
        }
        caption(p, QRectF(0, top + 64, w, 14), tr("pods replaced a few at a time →"), pal);
        break;
    }
    case Strategy::BlueGreen: {
        const QRectF svc(cx - 34, 0, 68, 17);
        drawService(p, svc, pal);
        const qreal top = 46, blueX = cx - 72, greenX = cx + 39;
        drawBlock(p, {blueX, top}, {1, 1, 1, 1});
        drawBlock(p, {greenX, top}, {2, 2, 2, 2});
        drawArrow(p, {cx - 12, 19}, {blueX + 17, top - 5}, kV1.darker(110), 2.4);
        drawArrow(p, {cx + 12, 19}, {greenX + 17, top - 5}, kV2, 1.5, true);
        caption(p, QRectF(greenX + 22, 20, 60, 14), tr("switch"), pal);
        caption(p, QRectF(blueX - 25, top + 38, 84, 14), tr("blue: live"), pal);
        caption(p, QRectF(greenX - 25, top + 38, 84, 14), tr("green: verified"), pal);
        caption(p, QRectF(0, top + 54, w, 14), tr("all requests move at once"), pal);
        break;
    }
    case Strategy::Canary: {
        const QRectF svc(cx - 110, 38, 68, 17);
        drawService(p, svc, pal);
        const qreal stableX = cx + 30, top = 4;
        drawBlock(p, {stableX, top}, {1, 1, 1, 1});
        drawPod(p, QRectF(stableX + 9, top + 62, 15, 15), 2);
        drawArrow(p, {svc.right() + 3, svc.center().y() - 4}, {stableX - 5, top + 17}, kV1.darker(110), 3.2);
        drawArrow(p, {svc.right() + 3, svc.center().y() + 4}, {stableX + 4, top + 68}, kV2, 1.2);
        caption(p, QRectF(cx - 40, 10, 60, 14), tr("90 %"), pal);
        caption(p, QRectF(cx - 40, 62, 60, 14), tr("10 %"), pal);
        caption(p, QRectF(stableX + 38, top + 10, 70, 14), tr("stable"), pal);
        caption(p, QRectF(stableX + 30, top + 63, 70, 14), tr("canary"), pal);
        caption(p, QRectF(0, 96, w, 14), tr("the share grows while metrics stay healthy"), pal);
        break;
    }
    }
}

StrategyCard::StrategyCard(Strategy strategy, QWidget *parent) : QFrame(parent), m_strategy(strategy)
{
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::PointingHandCursor);
    const StrategyText t = strategyText(strategy);
    setAccessibleName(t.title);
    setAccessibleDescription(t.what);
    auto *title = new QLabel(QStringLiteral("<b>%1</b>").arg(t.title.toHtmlEscaped()), this);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.2);
    title->setFont(f);
    auto *what = new QLabel(t.what, this);
    auto *pro = new QLabel(QStringLiteral("<span style='color:#1a7f37'><b>+</b></span> %1").arg(t.pro.toHtmlEscaped()), this);
    auto *con = new QLabel(QStringLiteral("<span style='color:#b42318'><b>−</b></span> %1").arg(t.con.toHtmlEscaped()), this);
    auto *use = new QLabel(QStringLiteral("<i>%1</i>").arg(t.use.toHtmlEscaped()), this);
    for (QLabel *l : {what, pro, con, use}) {
        l->setWordWrap(true);
        l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(8);
    layout->addWidget(title);
    layout->addWidget(new StrategyDiagram(strategy, this));
    layout->addWidget(what);
    layout->addWidget(pro);
    layout->addWidget(con);
    layout->addWidget(use);
    layout->addStretch(1);
}

void StrategyCard::setSelected(bool selected)
{
    if (m_selected == selected)
        return;
    m_selected = selected;
    setAccessibleName(strategyText(m_strategy).title + (selected ? tr(" (selected)") : QString()));
    update();
}

void StrategyCard::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor accent = palette().color(QPalette::Highlight);
    QColor fill = m_selected ? accent : palette().color(QPalette::Base);
    if (m_selected)
        fill.setAlpha(28);
    p.setBrush(fill);
    p.setPen(m_selected ? QPen(accent, 2.5) : QPen(palette().color(QPalette::Mid), 1));
    p.drawRoundedRect(QRectF(rect()).adjusted(1.5, 1.5, -1.5, -1.5), 8, 8);
    if (m_selected) {
        // a check mark in the corner
        const QRectF badge(width() - 30, 9, 20, 20);
        p.setPen(Qt::NoPen);
        p.setBrush(accent);
        p.drawEllipse(badge);
        p.setPen(QPen(palette().color(QPalette::HighlightedText), 2.2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.drawPolyline(QPolygonF({badge.topLeft() + QPointF(5.5, 10.5), badge.topLeft() + QPointF(8.8, 14),
                                  badge.topLeft() + QPointF(14.5, 6.5)}));
    }
    if (hasFocus()) {
        p.setPen(QPen(accent, 1, Qt::DotLine));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(rect()).adjusted(5, 5, -5, -5), 6, 6);
    }
}

void StrategyCard::mousePressEvent(QMouseEvent *event)
{
    QFrame::mousePressEvent(event);
    setFocus(Qt::MouseFocusReason);
    emit clicked();
}

void StrategyCard::focusInEvent(QFocusEvent *event)
{
    QFrame::focusInEvent(event);
    update();
}

StrategyPage::StrategyPage(DeployWizard *wizard) : DeployPage(wizard)
{
    setTitle(tr("Strategy"));
    setSubTitle(tr("How each new version replaces the one that serves. Click a card, or use the arrow keys or 1, 2, 3."));
    auto *cards = new QHBoxLayout;
    cards->setSpacing(12);
    for (Strategy s : {Strategy::RollingUpdate, Strategy::BlueGreen, Strategy::Canary}) {
        auto *card = new StrategyCard(s, this);
        m_cards << card;
        cards->addWidget(card, 1);
        connect(card, &StrategyCard::clicked, this, [this, s] { select(s); });
    }
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(cards, 1);
    auto *note = hint(tr("Whatever you choose, the first version of a Rollout serves at once; the strategy applies when "
                         "you deploy a new version."));
    layout->addWidget(note);
    select(DeployPlan().strategy);
}

StrategyCard *StrategyPage::card(Strategy strategy) const
{
    for (StrategyCard *c : m_cards)
        if (c->strategy() == strategy)
            return c;
    return nullptr;
}

void StrategyPage::select(Strategy strategy)
{
    m_selected = strategy;
    for (StrategyCard *c : m_cards)
        c->setSelected(c->strategy() == strategy);
    changed();
}

void StrategyPage::keyPressEvent(QKeyEvent *event)
{
    const int index = int(m_selected);
    int next = -1;
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up: next = std::max(0, index - 1); break;
    case Qt::Key_Right:
    case Qt::Key_Down: next = std::min(2, index + 1); break;
    case Qt::Key_1: next = 0; break;
    case Qt::Key_2: next = 1; break;
    case Qt::Key_3: next = 2; break;
    case Qt::Key_Space:
        if (auto *c = qobject_cast<StrategyCard *>(focusWidget())) {
            select(c->strategy());
            return;
        }
        break;
    default: break;
    }
    if (next < 0) {
        DeployPage::keyPressEvent(event);
        return;
    }
    select(Strategy(next));
    if (StrategyCard *c = card(Strategy(next)))
        c->setFocus(Qt::TabFocusReason);
}

void StrategyPage::writeTo(DeployPlan &plan) const { plan.strategy = m_selected; }

// ---- 4. Parameters ---------------------------------------------------------------------------------

AnalysisEditor::AnalysisEditor(const QString &title, bool checkable, QWidget *parent)
    : QGroupBox(title, parent), m_successRate(new QDoubleSpinBox(this)), m_latency(new QSpinBox(this)),
      m_interval(new QSpinBox(this)), m_count(new QSpinBox(this)), m_failureLimit(new QSpinBox(this))
{
    const DeployPlan::Analysis d;
    setCheckable(checkable);
    if (checkable)
        setChecked(false);
    m_successRate->setRange(0, 100);
    m_successRate->setDecimals(1);
    m_successRate->setSuffix(tr(" %"));
    m_successRate->setSpecialValueText(tr("not checked"));
    m_successRate->setValue(d.successRatePercent);
    m_successRate->setToolTip(tr("A measurement fails when fewer requests than this succeed"));
    m_latency->setRange(0, 60'000);
    m_latency->setSuffix(tr(" ms"));
    m_latency->setSpecialValueText(tr("not checked"));
    m_latency->setValue(d.maxP95LatencyMs);
    m_latency->setToolTip(tr("A measurement fails when the 95th percentile of the latency is above this"));
    m_interval->setRange(1, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setValue(d.intervalSeconds);
    m_count->setRange(1, 1000);
    m_count->setValue(d.count);
    m_failureLimit->setRange(0, 1000);
    m_failureLimit->setValue(d.failureLimit);
    m_failureLimit->setToolTip(tr("Failed measurements tolerated before the analysis fails"));

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(8, 4, 8, 6);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(4);
    const auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        l->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        return l;
    };
    grid->addWidget(label(tr("Success rate ≥"), m_successRate), 0, 0);
    grid->addWidget(m_successRate, 0, 1);
    grid->addWidget(label(tr("p95 latency ≤"), m_latency), 0, 2);
    grid->addWidget(m_latency, 0, 3);
    grid->addWidget(label(tr("Measure every"), m_interval), 1, 0);
    grid->addWidget(m_interval, 1, 1);
    grid->addWidget(label(tr("Measurements"), m_count), 1, 2);
    grid->addWidget(m_count, 1, 3);
    grid->addWidget(label(tr("Failures tolerated"), m_failureLimit), 2, 0);
    grid->addWidget(m_failureLimit, 2, 1);
    grid->setColumnStretch(4, 1);

    connect(m_successRate, &QDoubleSpinBox::valueChanged, this, &AnalysisEditor::changed);
    for (QSpinBox *s : {m_latency, m_interval, m_count, m_failureLimit})
        connect(s, &QSpinBox::valueChanged, this, &AnalysisEditor::changed);
    connect(this, &QGroupBox::toggled, this, &AnalysisEditor::changed);
}

DeployPlan::Analysis AnalysisEditor::analysis() const
{
    DeployPlan::Analysis a;
    a.enabled = !isCheckable() || isChecked();
    a.successRatePercent = m_successRate->value();
    a.maxP95LatencyMs = m_latency->value();
    a.intervalSeconds = m_interval->value();
    a.count = m_count->value();
    a.failureLimit = m_failureLimit->value();
    return a;
}

ParametersPage::ParametersPage(DeployWizard *wizard) : DeployPage(wizard), m_stack(new QStackedWidget(this))
{
    setTitle(tr("Parameters"));
    m_stack->addWidget(makeRolling());
    m_stack->addWidget(makeBlueGreen());
    m_stack->addWidget(makeCanary());


    auto *estimates = new QGroupBox(tr("Estimates"), this);
    m_promote = new QLabel(estimates);
    m_rollback = new QLabel(estimates);
    m_capacity = new QLabel(estimates);
    m_estimateNote = new QLabel(estimates);
    auto *el = new QVBoxLayout(estimates);
    el->setSpacing(4);
    const auto heading = [estimates](const QString &text) {
        auto *l = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()), estimates);
        return l;
    };
    el->addWidget(heading(tr("Least time to promote")));
    el->addWidget(m_promote);
    el->addSpacing(6);
    el->addWidget(heading(tr("Time to roll back")));
    el->addWidget(m_rollback);
    el->addSpacing(6);
    el->addWidget(heading(tr("Extra capacity needed")));
    el->addWidget(m_capacity);
    el->addStretch(1);
    el->addWidget(m_estimateNote);
    for (QLabel *l : {m_promote, m_rollback, m_capacity, m_estimateNote}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_estimateNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    estimates->setMinimumWidth(240);
    estimates->setMaximumWidth(270);

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_stack, 1);
    layout->addSpacing(6);
    layout->addWidget(estimates);
}

QWidget *ParametersPage::makeRolling()
{
    auto *page = new QWidget(this);
    const DeployPlan d;
    m_maxSurge = new QLineEdit(d.maxSurge, page);
    m_maxUnavailable = new QLineEdit(d.maxUnavailable, page);
    for (QLineEdit *e : {m_maxSurge, m_maxUnavailable}) {
        e->setMaximumWidth(120);
        connect(e, &QLineEdit::textChanged, this, &ParametersPage::changed);
    }
    auto *form = makeForm();
    form->addRow(tr("Max &surge:"), withError(m_maxSurge, Field::MaxSurge));
    form->addRow(QString(), hint(tr("How many pods above the replicas may run during the update: a number (1) or a "
                                    "percentage of the replicas (25%, rounded up). More is faster and costs more.")));
    form->addRow(tr("Max &unavailable:"), withError(m_maxUnavailable, Field::MaxUnavailable));
    form->addRow(QString(), hint(tr("How many pods below the replicas may be missing: a number (0) or a percentage "
                                    "(rounded down). 0 keeps full capacity; more is faster without extra pods.")));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->addLayout(form);
    layout->addSpacing(8);
    layout->addWidget(hint(tr("The rollout is the Deployment's own: one set of pods updated in place. Requests reach "
                              "old and new pods alike until every pod runs the new version; readiness probes keep "
                              "them away from pods that are not ready yet.")));
    layout->addStretch(1);
    return page;
}

QWidget *ParametersPage::makeBlueGreen()
{
    auto *page = new QWidget(this);
    const DeployPlan d;
    m_active = new QLineEdit(page);
    m_preview = new QLineEdit(page);
    m_autoPromote = new QCheckBox(tr("A&utomatically, after"), page);
    m_autoSeconds = new QSpinBox(page);
    m_scaleDown = new QSpinBox(page);
    m_pre = new AnalysisEditor(tr("Pr&e-promotion analysis (on the preview Service, before the switch)"), true, page);
    m_post = new AnalysisEditor(tr("P&ost-promotion analysis (after the switch; fails → back to blue)"), true, page);
    m_autoSeconds->setRange(0, 86'400);
    m_autoSeconds->setValue(30);
    m_autoSeconds->setSuffix(tr(" s"));
    m_autoSeconds->setEnabled(false);
    m_scaleDown->setRange(0, 86'400);
    m_scaleDown->setValue(d.scaleDownDelaySeconds);
    m_scaleDown->setSuffix(tr(" s"));
    m_active->setPlaceholderText(tr("e.g. shop"));
    m_preview->setPlaceholderText(tr("none"));

    auto *form = makeForm();
    form->addRow(tr("&Active Service:"), withError(m_active, Field::ActiveService));
    form->addRow(tr("&Preview Service:"), withError(m_preview, Field::PreviewService));
    form->addRow(QString(), hint(tr("Users reach the active Service; the preview Service reaches green before the "
                                    "switch, for tests. Empty: no preview.")));
    form->addRow(tr("Promotion:"), withError(row(page, {m_autoPromote, m_autoSeconds}), Field::AutoPromotion));
    form->addRow(QString(), hint(tr("Otherwise green waits on the preview until you promote it (Operations ▸ Rollout ▸ "
                                    "Promote).")));
    form->addRow(tr("Scale-&down delay:"), withError(m_scaleDown, Field::ScaleDownDelay));
    form->addRow(QString(), hint(tr("Blue keeps running this long after the switch: rolling back is instant meanwhile.")));
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->addLayout(form);
    layout->addWidget(withError(m_pre, Field::PrePromotionAnalysis));
    layout->addWidget(withError(m_post, Field::PostPromotionAnalysis));
    layout->addStretch(1);

    for (QLineEdit *e : {m_active, m_preview}) {
        connect(e, &QLineEdit::textEdited, this, [this, e] { m_edited.insert(e); });
        connect(e, &QLineEdit::textChanged, this, &ParametersPage::changed);
    }
    connect(m_autoPromote, &QCheckBox::toggled, this, [this](bool on) {
        m_autoSeconds->setEnabled(on);
        changed();
    });
    for (QSpinBox *s : {m_autoSeconds, m_scaleDown})
        connect(s, &QSpinBox::valueChanged, this, &ParametersPage::changed);
    for (AnalysisEditor *a : {m_pre, m_post})
        connect(a, &AnalysisEditor::changed, this, &ParametersPage::changed);
    return page;
}

QWidget *ParametersPage::makeCanary()
{
    auto *page = new QWidget(this);
    const DeployPlan d;
    m_stable = new QLineEdit(page);
    m_canarySvc = new QLineEdit(page);
    m_listMode = new QRadioButton(tr("&Weights:"), page);
    m_stepMode = new QRadioButton(tr("Step &weight:"), page);
    m_weights = new QLineEdit(d.weightList, page);
    m_stepWeight = new QSpinBox(page);
    m_maxWeight = new QSpinBox(page);
    m_pauseMode = new QComboBox(page);
    m_pauseDuration = new QLineEdit(d.pauseDuration, page);
    m_canaryAnalysis = new AnalysisEditor(tr("A&nalysis after each weight"), true, page);
    m_canaryAnalysis->setChecked(true);
    m_splitByPods = new QCheckBox(tr("Split by pod &count (plain Services, no mesh)"), page);
    m_splitByPods->setToolTip(tr("A plain Service spreads requests over its pods: the canary's share is then its share "
                                 "of the pods (1 of 4 replicas for 25 %), not the exact weight"));
    m_stepsPreview = new QLabel(page);
    m_stepsPreview->setWordWrap(true);
    m_stepsPreview->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));

    auto *modes = new QButtonGroup(page);
    modes->addButton(m_listMode);
    modes->addButton(m_stepMode);
    m_listMode->setChecked(true);
    m_weights->setToolTip(tr("Percent of the requests the canary gets at each step, rising and ending at 100"));
    m_stepWeight->setRange(1, 100);
    m_stepWeight->setValue(d.stepWeight);
    m_stepWeight->setSuffix(tr(" %"));
    m_maxWeight->setRange(1, 100);
    m_maxWeight->setValue(d.maxWeight);
    m_maxWeight->setSuffix(tr(" %"));
    m_stepWeight->setEnabled(false);
    m_maxWeight->setEnabled(false);
    m_stepWeight->setToolTip(tr("Flagger's stepWeight: the canary's share grows by this much each step"));
    m_maxWeight->setToolTip(tr("Flagger's maxWeight: the last share before promotion; the steps must reach it exactly"));
    m_pauseMode->addItem(tr("No pause"), int(DeployPlan::PauseMode::None));
    m_pauseMode->addItem(tr("Pause for"), int(DeployPlan::PauseMode::Duration));
    m_pauseMode->addItem(tr("Pause until promoted"), int(DeployPlan::PauseMode::UntilPromoted));
    m_pauseMode->setCurrentIndex(m_pauseMode->findData(int(d.pauseMode)));
    m_pauseDuration->setMaximumWidth(90);
    m_pauseDuration->setToolTip(tr("A duration such as 30s, 2m or 1h30m"));
    m_stable->setPlaceholderText(tr("e.g. shop"));
    m_canarySvc->setPlaceholderText(tr("none"));
    auto *maxLabel = new QLabel(tr("up to max weight"), page);
    maxLabel->setBuddy(m_maxWeight);

    auto *form = makeForm();
    form->addRow(tr("S&table Service:"), withError(m_stable, Field::StableService));
    form->addRow(tr("Ca&nary Service:"), withError(m_canarySvc, Field::CanaryService));
    form->addRow(QString(), hint(tr("The stable Service's requests are split by weight between the versions. A canary "
                                    "Service (optional) reaches only the canary's pods.")));
    form->addRow(QString(), m_splitByPods);
    form->addRow(m_listMode, withError(m_weights, Field::Weights));
    form->addRow(m_stepMode, withError(withError(row(page, {m_stepWeight, maxLabel, m_maxWeight}), Field::MaxWeight),
                                       Field::StepWeight));
    form->addRow(tr("Between &steps:"), withError(row(page, {m_pauseMode, m_pauseDuration}), Field::Pause));
    static_cast<QLabel *>(form->labelForField(form->itemAt(form->rowCount() - 1, QFormLayout::FieldRole)->widget()))
        ->setBuddy(m_pauseMode);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 6, 0);
    layout->addLayout(form);
    layout->addWidget(withError(m_canaryAnalysis, Field::CanaryAnalysis));
    layout->addWidget(m_stepsPreview);
    layout->addStretch(1);

    for (QLineEdit *e : {m_stable, m_canarySvc}) {
        connect(e, &QLineEdit::textEdited, this, [this, e] { m_edited.insert(e); });
        connect(e, &QLineEdit::textChanged, this, &ParametersPage::changed);
    }
    for (QLineEdit *e : {m_weights, m_pauseDuration})
        connect(e, &QLineEdit::textChanged, this, &ParametersPage::changed);
    connect(m_listMode, &QRadioButton::toggled, this, [this](bool list) {
        m_weights->setEnabled(list);
        m_stepWeight->setEnabled(!list);
        m_maxWeight->setEnabled(!list);
        changed();
    });
    for (QSpinBox *s : {m_stepWeight, m_maxWeight})
        connect(s, &QSpinBox::valueChanged, this, &ParametersPage::changed);
    connect(m_pauseMode, &QComboBox::currentIndexChanged, this, [this] {
        m_pauseDuration->setEnabled(m_pauseMode->currentData().toInt() == int(DeployPlan::PauseMode::Duration));
        changed();
    });
    connect(m_canaryAnalysis, &AnalysisEditor::changed, this, &ParametersPage::changed);
    connect(m_splitByPods, &QCheckBox::toggled, this, &ParametersPage::changed);
    return page;
}

QList<Field> ParametersPage::fields() const
{
    switch (deployWizard()->plan().strategy) {
    case Strategy::RollingUpdate: return {Field::MaxSurge, Field::MaxUnavailable};
    case Strategy::BlueGreen:
        return {Field::ActiveService, Field::PreviewService, Field::AutoPromotion, Field::ScaleDownDelay,
                Field::PrePromotionAnalysis, Field::PostPromotionAnalysis};
    case Strategy::Canary:
        return {Field::StableService, Field::CanaryService, Field::Weights, Field::StepWeight, Field::MaxWeight,
                Field::Pause, Field::CanaryAnalysis};
    }
    return {};
}

void ParametersPage::initializePage()
{
    const DeployPlan &plan = deployWizard()->plan();
    // Service names follow the workload's name until typed by hand
    const auto follow = [this](QLineEdit *e, const QString &text) {
        if (!m_edited.contains(e))
            e->setText(text);
    };
    follow(m_active, plan.name);
    follow(m_preview, plan.name.isEmpty() ? QString() : plan.name + QStringLiteral("-preview"));
    follow(m_stable, plan.name);
    // plain objects can only split by pod count, and have no metrics to analyse
    const bool plain = plan.runner == DeployPlan::Runner::PlainObjects;
    if (plain) {
        m_splitByPods->setChecked(true);
        m_canaryAnalysis->setChecked(false);
        m_pre->setChecked(false);
        m_post->setChecked(false);
    }
    m_splitByPods->setEnabled(!plain);
    m_stack->setCurrentIndex(int(plan.strategy));
    // the stack is as large as the page shown, not as the largest of the three
    for (int i = 0; i < m_stack->count(); ++i) {
        const auto policy = i == m_stack->currentIndex() ? QSizePolicy::Preferred : QSizePolicy::Ignored;
        m_stack->widget(i)->setSizePolicy(policy, policy);
    }
    switch (plan.strategy) {
    case Strategy::RollingUpdate:
        setTitle(tr("Parameters: rolling update"));
        setSubTitle(tr("How many pods may be added or missing while they are replaced."));
        break;
    case Strategy::BlueGreen:
        setTitle(tr("Parameters: blue/green"));
        setSubTitle(tr("Which Services switch, when green is promoted, and how long blue stays for a rollback."));
        break;
    case Strategy::Canary:
        setTitle(tr("Parameters: canary"));
        setSubTitle(tr("The canary's share of the requests step by step, the pauses between, and the analysis that "
                       "judges each step."));
        break;
    }
    changed();
}

void ParametersPage::writeTo(DeployPlan &plan) const
{
    plan.maxSurge = m_maxSurge->text().trimmed();
    plan.maxUnavailable = m_maxUnavailable->text().trimmed();
    plan.activeService = m_active->text().trimmed();
    plan.previewService = m_preview->text().trimmed();
    plan.autoPromotionSeconds = m_autoPromote->isChecked() ? m_autoSeconds->value() : -1;
    plan.scaleDownDelaySeconds = m_scaleDown->value();
    plan.prePromotion = m_pre->analysis();
    plan.postPromotion = m_post->analysis();
    plan.stableService = m_stable->text().trimmed();
    plan.canaryService = m_canarySvc->text().trimmed();
    plan.stepMode = m_listMode->isChecked() ? DeployPlan::StepMode::WeightList : DeployPlan::StepMode::StepWeight;
    plan.weightList = m_weights->text();
    plan.stepWeight = m_stepWeight->value();
    plan.maxWeight = m_maxWeight->value();
    plan.pauseMode = DeployPlan::PauseMode(m_pauseMode->currentData().toInt());
    plan.pauseDuration = m_pauseDuration->text().trimmed();
    plan.canaryAnalysis = m_canaryAnalysis->analysis();
    plan.splitByPods = m_splitByPods->isChecked();
}

void ParametersPage::showIssues(const QList<DeployPlan::Issue> &issues)
{
    DeployPage::showIssues(issues);
    updateEstimates();
}

void ParametersPage::updateEstimates()
{
    const DeployPlan &plan = deployWizard()->plan();
    const DeployPlan::Estimates e = plan.estimate();
    if (!plan.issuesOf(fields()).isEmpty()) {
        for (QLabel *l : {m_promote, m_rollback, m_capacity})
            l->setText(tr("— (fix the parameters first)"));
    } else {
        QString promote = DeployPlan::formatDuration(e.promoteMs);
        if (e.manualPromotions > 0)
            promote += QLatin1Char(' ') + tr("plus %n manual promotion(s)", "", e.manualPromotions);
        m_promote->setText(promote);
        switch (plan.strategy) {
        case Strategy::RollingUpdate:
            m_rollback->setText(tr("%1: a whole rolling update back to the old version.").arg(DeployPlan::formatDuration(e.rollbackMs)));
            break;
        case Strategy::BlueGreen:
            m_rollback->setText(tr("Instant while blue still runs (the %1 scale-down delay after the switch); later, "
                                   "blue's pods must start again (about %2).")
                                    .arg(DeployPlan::formatDuration(e.rollbackWindowMs),
                                         DeployPlan::formatDuration(DeployPlan::kPodStartSeconds * 1000)));
            break;
        case Strategy::Canary:
            m_rollback->setText(tr("Instant: every request goes back to the stable version, which keeps running "
                                   "until the canary is promoted."));
            break;
        }
        QString capacity = tr("+%n pod(s) at the most", "", e.extraPods);
        QStringList resources;
        if (e.extraCpuMilli > 0)
            resources << tr("%1 CPU").arg(QString::fromStdString(engine::api::formatCpu(e.extraCpuMilli)));
        if (e.extraMemoryBytes > 0)
            resources << tr("%1 memory").arg(QString::fromStdString(engine::api::formatBytes(e.extraMemoryBytes)));
        if (!resources.isEmpty())
            capacity += QStringLiteral(" = ") + resources.join(QStringLiteral(", ")) + QLatin1Char(' ') + tr("(from the requests)");
        if (plan.strategy == Strategy::Canary)
            capacity += QLatin1Char('\n') + tr("(the canary's pods at its largest weight below 100 %; at promotion the "
                                                "new version scales up before the old one goes)");
        else if (plan.strategy == Strategy::BlueGreen)
            capacity += QLatin1Char('\n') + tr("(a whole second set of pods while both versions run)");
        m_capacity->setText(capacity);
    }
    QString note = tr("Assumes a pod is ready about %1 s after it is created; an analysis takes its measurements × "
                      "the interval.")
                       .arg(DeployPlan::kPodStartSeconds);
    m_estimateNote->setText(note);

    // the canary's steps as they will run
    if (plan.strategy == Strategy::Canary) {
        QStringList steps;
        const QList<int> weights = plan.canaryWeights();
        for (int w : weights) {
            steps << tr("%1 %").arg(w);
            if (w >= 100)
                continue;
            if (plan.pauseMode == DeployPlan::PauseMode::Duration && DeployPlan::parseDuration(plan.pauseDuration) > 0)
                steps << tr("pause %1").arg(DeployPlan::formatDuration(DeployPlan::parseDuration(plan.pauseDuration)));
            else if (plan.pauseMode == DeployPlan::PauseMode::UntilPromoted)
                steps << tr("pause until promoted");
            if (plan.canaryAnalysis.enabled)
                steps << tr("analysis");
        }
        m_stepsPreview->setText(weights.isEmpty() ? QString() : tr("Steps: %1").arg(steps.join(QStringLiteral(" → "))));
    }
}

// ---- 5. Review -------------------------------------------------------------------------------------

ReviewPage::ReviewPage(DeployWizard *wizard, bool trafficAvailable)
    : DeployPage(wizard), m_summary(new QLabel(this)), m_tabs(new QTabWidget(this)), m_yaml(codeView(this)),
      m_diff(codeView(this)), m_problems(new QLabel(this)), m_exportStatus(new QLabel(this))
{
    setTitle(tr("Review"));
    setSubTitle(tr("What will be applied. Deploy applies it; export it to run the same plan on a cluster without Flotilla."));
    setCommitPage(false);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    new YamlHighlighter(m_yaml->document());
    new DiffHighlighter(m_diff->document());
    m_tabs->addTab(m_yaml, tr("YAML"));
    m_tabs->addTab(m_diff, tr("Changes"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QLatin1String(kErrorStyle));
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->hide();
    m_exportStatus->setWordWrap(true);
    m_exportStatus->setStyleSheet(QLatin1String(kErrorStyle));
    m_exportStatus->hide();

    auto *exportRow = new QHBoxLayout;
    exportRow->addWidget(new QLabel(tr("Export:"), this));
    using engine::rollout::ExportFormat;
    const QList<QPair<ExportFormat, QString>> formats = {{ExportFormat::Kubernetes, tr("&Kubernetes…")},
                                                         {ExportFormat::ArgoRollouts, tr("A&rgo Rollouts…")},
                                                         {ExportFormat::Flagger, tr("&Flagger…")}};
    const QStringList tips = {tr("Plain Deployments and Services: canary weights become replica counts"),
                              tr("An argoproj.io Rollout with an AnalysisTemplate per analysis"),
                              tr("A flagger.app Canary over a Deployment (no rolling updates)")};
    for (int i = 0; i < formats.size(); ++i) {
        auto *b = new QPushButton(formats[i].second, this);
        b->setToolTip(tips[i]);
        const int format = int(formats[i].first);
        connect(b, &QPushButton::clicked, this, [this, format] { deployWizard()->showExport(format); });
        exportRow->addWidget(b);
        m_exportButtons << b;
    }
    exportRow->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(6);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problems);
    layout->addLayout(exportRow);
    layout->addWidget(m_exportStatus);
    if (trafficAvailable) {
        m_traffic = new QCheckBox(tr("Then &send"), this);
        m_traffic->setChecked(true);
        m_rate = new QSpinBox(this);
        m_rate->setRange(1, 100'000);
        m_rate->setValue(50);
        m_trafficHint = new QLabel(this);
        auto *trafficRow = new QHBoxLayout;
        trafficRow->addWidget(m_traffic);
        trafficRow->addWidget(m_rate);
        trafficRow->addWidget(m_trafficHint, 1);
        layout->addLayout(trafficRow);
        m_traffic->setToolTip(tr("Simulated requests let analyses measure the new version and charts show the split"));
        connect(m_traffic, &QCheckBox::toggled, m_rate, &QSpinBox::setEnabled);
    }
}

void ReviewPage::initializePage()
{
    showProblems({});
    m_exportStatus->hide();
    refresh();
}

void ReviewPage::refresh()
{
    DeployWizard *w = deployWizard();
    const DeployPlan &plan = w->plan();
    m_yaml->setPlainText(plan.yaml());

    // what changes against the Rollout that runs now
    const QString current = w->currentSpecYaml();
    if (current.isEmpty()) {
        m_diff->setPlainText(tr("New: no Rollout %1 runs in namespace %2 yet.").arg(plan.name, plan.ns));
        m_tabs->setTabText(1, tr("Changes (new)"));
    } else {
        const QString next = QString::fromStdString(engine::api::toYaml(engine::api::field(plan.rolloutJson(), "spec")));
        const QString diff = DeployPlan::unifiedDiff(current, next, tr("running: %1/%2 spec").arg(plan.ns, plan.name),
                                                     tr("new: %1/%2 spec").arg(plan.ns, plan.name));
        m_diff->setPlainText(diff.isEmpty() ? tr("No changes: the same spec runs now.") : diff);
        m_tabs->setTabText(1, diff.isEmpty() ? tr("Changes (none)") : tr("Changes"));
    }

    // the engine's own check of the Rollout
    m_specProblems.clear();
    if (auto ro = w->rolloutObject(); !ro.ok()) {
        m_specProblems << QString::fromStdString(ro.error().toString());
    } else {
        for (const auto &e : engine::rollout::RolloutSpec::validate(**ro))
            m_specProblems << QString::fromStdString(e.toString());
    }
    for (const auto &issue : plan.validate())
        m_specProblems << issue.message;

    QString strategy;
    switch (plan.strategy) {
    case Strategy::RollingUpdate: strategy = tr("a rolling update (max surge %1, max unavailable %2)").arg(plan.maxSurge, plan.maxUnavailable); break;
    case Strategy::BlueGreen: strategy = tr("blue/green through Service %1").arg(plan.activeService); break;
    case Strategy::Canary: {
        QStringList weights;
        for (int x : plan.canaryWeights())
            weights << tr("%1 %").arg(x);
        strategy = tr("a canary on Service %1: %2").arg(plan.stableService, weights.join(QStringLiteral(" → ")));
        break;
    }
    }
    QStringList kept;
    for (const QString &svc : plan.serviceNames())
        if (plan.existingServices.contains(svc))
            kept << svc;
    QString summary = tr("Deploys <b>%1</b> (%n replica(s) of <code>%2</code>) into namespace <b>%3</b> with %4.", "", plan.replicas)
                          .arg(plan.name.toHtmlEscaped(), plan.image.toHtmlEscaped(), plan.ns.toHtmlEscaped(), strategy.toHtmlEscaped());
    if (!kept.isEmpty())
        summary += QLatin1Char(' ') + tr("Existing Services are kept as they are: %1.").arg(kept.join(QStringLiteral(", ")).toHtmlEscaped());
    m_summary->setText(summary);
    if (m_trafficHint)
        m_trafficHint->setText(tr("simulated requests per second to Service %1 once deployed").arg(plan.trafficService()));
    showProblems(m_failure);
    emit completeChanged();
}

void ReviewPage::showProblems(const QStringList &problems)
{
    const bool fresh = problems != m_failure;
    m_failure = problems;
    const QStringList all = problems.isEmpty() ? m_specProblems : problems;
    m_problems->setText(all.isEmpty() ? QString()
                                      : (problems.isEmpty() ? tr("The Rollout does not validate:") : tr("The deployment failed:")) +
                                            QLatin1Char('\n') + all.join(QLatin1Char('\n')));
    m_problems->setVisible(!all.isEmpty());
    if (!problems.isEmpty() && fresh) {
        // to the YAML line of the first problem ("deploy-wizard:12:3: …")
        m_tabs->setCurrentWidget(m_yaml);
        static const QRegularExpression located(QStringLiteral("^[^:]*:(\\d+):"));
        if (const auto m = located.match(problems.first()); m.hasMatch()) {
            const QTextBlock block = m_yaml->document()->findBlockByNumber(m.captured(1).toInt() - 1);
            if (block.isValid()) {
                QTextCursor c(block);
                c.select(QTextCursor::LineUnderCursor);
                m_yaml->setTextCursor(c);
                m_yaml->centerCursor();
            }
        }
    }
}

void ReviewPage::setBusy(bool busy)
{
    m_busy = busy;
    emit completeChanged();
}

bool ReviewPage::isComplete() const { return !m_busy && m_specProblems.isEmpty(); }

} // namespace flotilla::widgets
