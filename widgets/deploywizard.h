#pragma once

#include "deployplan.h"

#include <backends/backend.h>
#include <engine/rollout/export.h>

#include <QPointer>
#include <QWizard>

class QDialog;

namespace flotilla::backends {
class PlainRolloutRunner;
}

namespace flotilla::models {
class ConfigMapModel;
class ImageModel;
class ObjectTableModel;
class RolloutModel;
class SecretModel;
class ServiceModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class TargetPage;
class WorkloadPage;
class StrategyPage;
class ParametersPage;
class ReviewPage;

/// Deploys a workload with a strategy, step by step: target (cluster, namespace) → workload (image, name,
/// replicas, resources, environment, probes) → strategy (rolling update, blue/green, canary) → its
/// parameters, checked live with estimates → review (the YAML, what changes, exports) → Deploy, which
/// applies the Services and the Rollout (flotilla.dev/v1alpha1) through the backend. Problems of the apply
/// show on the review page and the wizard stays open; on success it emits deployed() and closes.
class DeployWizard final : public QWizard {
    Q_OBJECT
public:
    enum PageId { TargetPageId, WorkloadPageId, StrategyPageId, ParametersPageId, ReviewPageId };

    /// The window's models the wizard reads: images to offer, ConfigMaps and Secrets for envFrom, the
    /// Services and Rollouts that exist (kept / compared), and any models whose namespaces to offer.
    struct Sources {
        models::ImageModel *images = nullptr;
        models::ConfigMapModel *configMaps = nullptr;
        models::SecretModel *secrets = nullptr;
        models::ServiceModel *services = nullptr;
        models::RolloutModel *rollouts = nullptr;
        QList<models::ObjectTableModel *> namespaceModels;
    };

    DeployWizard(backends::Backend *backend, const Sources &sources, QWidget *parent = nullptr);
    ~DeployWizard() override;

    const DeployPlan &plan() const { return m_plan; }
    /// Pre-fills the image (e.g. the one selected on the Images page).
    void setImage(const QString &reference);
    /// What runs a plan with plain Deployments and Services (the Target page's second choice).
    void setPlanRunner(backends::PlainRolloutRunner *runner);

    /// A page wrote to the plan: every page re-checks its fields, estimates and the review follow.
    void planChanged();
    DeployPlan &mutablePlan() { return m_plan; }

    /// The Rollout the plan makes, as the engine reads it (for exports and the final check).
    engine::Result<engine::api::MutableObjectPtr> rolloutObject() const;
    /// The plan in another format (engine::rollout::exportRollout).
    engine::Result<std::string> exportText(engine::rollout::ExportFormat format) const;
    /// The Rollout's spec that runs now as YAML, or empty when there is none of this namespace and name.
    QString currentSpecYaml() const;
    /// The namespaces `sources` know, "default" first.
    QStringList namespaces() const;
    /// ConfigMaps / Secrets of the plan's namespace.
    QStringList configMapNames() const;
    QStringList secretNames() const;

    TargetPage *targetPage() const { return m_target; }
    WorkloadPage *workloadPage() const { return m_workload; }
    StrategyPage *strategyPage() const { return m_strategy; }
    ParametersPage *parametersPage() const { return m_parameters; }
    ReviewPage *reviewPage() const { return m_review; }
    backends::Backend *backend() const { return m_backend; }
    bool isDeploying() const { return m_deploying; }
    /// False while the pages are being made: changes are not checked yet.
    bool isReady() const { return m_ready; }
    /// The last export dialog shown (for tests).
    QDialog *exportDialog() const { return m_exportDialog; }

public slots:
    /// Finish ("Deploy"): applies the plan; closes only once the backend accepted it.
    void accept() override;
    /// Shows the plan exported in `format` (an engine::rollout::ExportFormat) with Save…, or says why not.
    void showExport(int format);

signals:
    /// The Rollout was applied.
    void deployed(const QString &ns, const QString &name);

private:
    QPointer<backends::Backend> m_backend;
    QPointer<backends::PlainRolloutRunner> m_planRunner;
    Sources m_sources;
    DeployPlan m_plan;
    QStringList m_namespaces;
    TargetPage *m_target = nullptr;
    WorkloadPage *m_workload = nullptr;
    StrategyPage *m_strategy = nullptr;
    ParametersPage *m_parameters = nullptr;
    ReviewPage *m_review = nullptr;
    QPointer<QDialog> m_exportDialog;
    bool m_deploying = false;
    bool m_deployed = false;
    bool m_inPlanChanged = false;
    bool m_ready = false;
};

} // namespace flotilla::widgets
