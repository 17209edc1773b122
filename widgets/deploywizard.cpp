#include "deploywizard.h"

#include "deploywizardpages.h"
#include "yamlhighlighter.h"

#include <backends/plainrolloutrunner.h>
#include <engine/api/codec.h>
#include <models/configmapmodel.h>
#include <models/imagemodel.h>
#include <models/rolloutmodel.h>
#include <models/secretmodel.h>
#include <models/servicemodel.h>

#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QVBoxLayout>

#include <set>

namespace flotilla::widgets {

namespace api = engine::api;
using engine::rollout::ExportFormat;

namespace {

/// The names of a model's objects in a namespace.
QStringList namesIn(const models::ObjectTableModel *model, const QString &ns)
{
    QStringList names;
    if (!model)
        return names;
    const std::string want = ns.toStdString();
    for (int r = 0; r < model->rowCount(); ++r)
        if (const api::ObjectPtr o = model->objectAt(r); o && o->metadata.ns == want)
            names << QString::fromStdString(o->metadata.name);
    names.sort();
    return names;
}

QString formatTitle(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Kubernetes: return DeployWizard::tr("plain Kubernetes");
    case ExportFormat::ArgoRollouts: return DeployWizard::tr("Argo Rollouts");
    case ExportFormat::Flagger: return DeployWizard::tr("Flagger");
    }
    return {};
}

} // namespace

DeployWizard::DeployWizard(backends::Backend *backend, const Sources &sources, QWidget *parent)
    : QWizard(parent), m_backend(backend), m_sources(sources)
{
    setWindowTitle(tr("Deploy"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    setButtonText(QWizard::FinishButton, tr("&Deploy"));
    setMinimumSize(820, 600);
    resize(900, 650);

    // namespaces seen in the window's models, "default" first
    std::set<std::string> seen;
    for (const models::ObjectTableModel *model : m_sources.namespaceModels)
        if (model)
            for (int r = 0; r < model->rowCount(); ++r)
                if (const api::ObjectPtr o = model->objectAt(r); o && !o->metadata.ns.empty())
                    seen.insert(o->metadata.ns);
    m_namespaces << QStringLiteral("default");
    for (const std::string &ns : seen)
        if (ns != "default")
            m_namespaces << QString::fromStdString(ns);
    m_plan.knownNamespaces = m_namespaces;

    m_target = new TargetPage(this, backend ? backend->displayName() : tr("not connected"), backend && backend->isSimulated(),
                              m_namespaces);
    m_workload = new WorkloadPage(this);
    m_strategy = new StrategyPage(this);
    m_parameters = new ParametersPage(this);
    m_review = new ReviewPage(this, backend && backend->canSimulateTraffic());
    setPage(TargetPageId, m_target);
    setPage(WorkloadPageId, m_workload);
    setPage(StrategyPageId, m_strategy);
    setPage(ParametersPageId, m_parameters);
    setPage(ReviewPageId, m_review);

    // the images built here
    QStringList built;
    if (m_sources.images)
        for (int r = 0; r < m_sources.images->rowCount(); ++r) {
            const QModelIndex i = m_sources.images->index(r, 0);
            const QString ref = i.data(models::ImageModel::ReferenceRole).toString();
            if (ref.isEmpty() || ref.endsWith(QLatin1String(":<none>")))
                continue;
            if (i.data(models::ImageModel::SourceRole).toString() == QLatin1String("built"))
                built << ref;
        }
    built.sort();
    m_workload->setImages(built);

    m_ready = true;
    for (DeployPage *page : std::initializer_list<DeployPage *>{m_target, m_workload, m_strategy, m_parameters})
        page->writeTo(m_plan);
    planChanged();
    // the strategy page opens with the selected card focused, for the arrow keys
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == StrategyPageId)
            m_strategy->card(m_strategy->selected())->setFocus(Qt::OtherFocusReason);
    });
}

DeployWizard::~DeployWizard() = default;

void DeployWizard::setImage(const QString &reference) { m_workload->setImage(reference); }

void DeployWizard::planChanged()
{
    if (!m_ready || m_inPlanChanged)
        return;
    m_inPlanChanged = true;
    m_plan.knownNamespaces = m_namespaces;
    m_plan.existingServices = namesIn(m_sources.services, m_plan.ns);
    const QList<DeployPlan::Issue> issues = m_plan.validate();
    for (DeployPage *page : std::initializer_list<DeployPage *>{m_target, m_workload, m_strategy, m_parameters})
        page->showIssues(issues);
    if (currentId() == ReviewPageId)
        m_review->refresh();
    m_inPlanChanged = false;
}

engine::Result<api::MutableObjectPtr> DeployWizard::rolloutObject() const { return api::objectFromJson(m_plan.rolloutJson()); }

engine::Result<std::string> DeployWizard::exportText(ExportFormat format) const
{
    auto ro = rolloutObject();
    if (!ro.ok())
        return ro.error();
    return engine::rollout::exportRollout(**ro, format);
}

QString DeployWizard::currentSpecYaml() const
{
    if (!m_sources.rollouts)
        return {};
    const int row = m_sources.rollouts->rowOf(api::objectKey(m_plan.ns.toStdString(), m_plan.name.toStdString()));
    const api::ObjectPtr o = row >= 0 ? m_sources.rollouts->objectAt(row) : nullptr;
    return o ? QString::fromStdString(api::toYaml(o->spec())) : QString();
}

QStringList DeployWizard::namespaces() const { return m_namespaces; }
QStringList DeployWizard::configMapNames() const { return namesIn(m_sources.configMaps, m_plan.ns); }
QStringList DeployWizard::secretNames() const { return namesIn(m_sources.secrets, m_plan.ns); }

void DeployWizard::setPlanRunner(backends::PlainRolloutRunner *runner) { m_planRunner = runner; }

void DeployWizard::accept()
{
    if (m_deployed) {
        QWizard::accept();
        return;
    }
    if (m_deploying)
        return;
    m_review->refresh();
    if (!m_review->isComplete())
        return;
    if (!m_backend) {
        m_review->showProblems({tr("Not connected to a cluster.")});
        return;
    }
    m_deploying = true;
    m_review->setBusy(true);
    m_review->showProblems({});
    const QString ns = m_plan.ns, name = m_plan.name, service = m_plan.trafficService();
    const bool traffic = m_review->trafficBox() && m_review->trafficBox()->isChecked();
    const double rate = m_review->trafficRateBox() ? m_review->trafficRateBox()->value() : 0;
    // the answer of the apply (or of the plan runner, with plain objects)
    const auto finished = [this, ns, name, service, traffic, rate](const backends::CommandResult &r) {
        m_deploying = false;
        m_review->setBusy(false);
        if (!r.ok) {
            QStringList problems;
            for (const backends::Problem &p : r.problems)
                problems << p.message;
            if (problems.isEmpty())
                problems << tr("The backend refused the deployment without saying why.");
            m_review->showProblems(problems);
            return;
        }
        if (traffic && m_backend && m_backend->canSimulateTraffic())
            m_backend->setServiceTraffic({QStringLiteral("Service"), ns, service}, rate, m_backend,
                                         [](const backends::CommandResult &) {});
        m_deployed = true;
        emit deployed(ns, name);
        accept();
    };
    if (m_plan.runner == DeployPlan::Runner::RolloutKind) {
        m_backend->applyYaml(m_plan.yaml(), QStringLiteral("deploy-wizard"), this, finished);
        return;
    }
    // plain objects: the Namespace and Services first, then the plan to Flotilla's runner
    if (!m_planRunner) {
        finished(backends::CommandResult::failure(
            engine::Error::make(engine::Error::Code::Forbidden, "this window cannot run plans with plain objects")));
        return;
    }
    const QString rolloutYaml = m_plan.rolloutYaml();
    const auto runPlan = [this, rolloutYaml, finished](const backends::CommandResult &r) {
        if (!r.ok || !m_planRunner)
            return finished(r);
        m_planRunner->apply(rolloutYaml, this, finished);
    };
    const QString supporting = m_plan.supportingYaml();
    if (supporting.isEmpty())
        runPlan(backends::CommandResult{});
    else
        m_backend->applyYaml(supporting, QStringLiteral("deploy-wizard"), this, runPlan);
}

void DeployWizard::showExport(int format)
{
    const auto f = ExportFormat(format);
    QLabel *status = m_review->exportStatus();
    const auto text = exportText(f);
    if (!text.ok()) {
        status->setText(tr("No %1 export: %2").arg(formatTitle(f), QString::fromStdString(text.error().message)));
        status->show();
        return;
    }
    status->hide();
    if (m_exportDialog)
        m_exportDialog->close();
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Export as %1").arg(formatTitle(f)));
    auto *note = new QLabel(tr("The same plan for a cluster without Flotilla. The comments at the top say what this "
                               "format cannot express and how to drive the rollout there."),
                            dialog);
    note->setWordWrap(true);
    auto *view = new QPlainTextEdit(dialog);
    view->setObjectName(QStringLiteral("exportText"));
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setPlainText(QString::fromStdString(*text));
    new YamlHighlighter(view->document());
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    auto *save = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    auto *saved = new QLabel(dialog);
    saved->setWordWrap(true);
    const QString suggested = m_plan.name + QLatin1Char('-') +
                              (f == ExportFormat::Kubernetes ? QStringLiteral("kubernetes")
                               : f == ExportFormat::ArgoRollouts ? QStringLiteral("argo-rollouts")
                                                                 : QStringLiteral("flagger")) +
                              QStringLiteral(".yaml");
    const QByteArray bytes = QByteArray::fromStdString(*text);
    connect(save, &QPushButton::clicked, dialog, [dialog, saved, suggested, bytes] {
        const QString path = QFileDialog::getSaveFileName(dialog, tr("Save Export"), suggested, tr("YAML files (*.yaml *.yml)"));
        if (path.isEmpty())
            return;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            saved->setStyleSheet(QStringLiteral("color: #b42318;"));
            saved->setText(tr("Could not save %1: %2").arg(path, file.errorString()));
            return;
        }
        saved->setStyleSheet(QString());
        saved->setText(tr("Saved to %1").arg(path));
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(note);
    layout->addWidget(view, 1);
    layout->addWidget(saved);
    layout->addWidget(buttons);
    dialog->resize(760, 560);
    m_exportDialog = dialog;
    dialog->show();
}

} // namespace flotilla::widgets
