#pragma once

#include "deployplan.h"

#include <QFrame>
#include <QGroupBox>
#include <QHash>
#include <QSet>
#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QTableWidget;
class QTabWidget;

namespace flotilla::widgets {

class DeployWizard;

/// A page of the deployment wizard: writes what its widgets hold into the wizard's plan on every change,
/// shows the plan's problems with its fields in red labels under them, and lets the wizard go on only
/// when its fields have none.
class DeployPage : public QWizardPage {
    Q_OBJECT
public:
    explicit DeployPage(DeployWizard *wizard);

    /// The fields this page owns.
    virtual QList<DeployPlan::Field> fields() const = 0;
    /// Writes the page's widgets into the plan.
    virtual void writeTo(DeployPlan &plan) const = 0;
    /// Shows the problems of this page's fields and re-checks completeness.
    virtual void showIssues(const QList<DeployPlan::Issue> &issues);
    bool isComplete() const override;
    /// The red label under a field (for tests); nullptr when the page has no such field.
    QLabel *errorLabel(DeployPlan::Field field) const { return m_errors.value(int(field)); }

protected:
    DeployWizard *deployWizard() const { return m_wizard; }
    /// The page's widgets changed: the plan follows.
    void changed();
    /// `field` above the red label that shows the problems of `owner`.
    QWidget *withError(QWidget *field, DeployPlan::Field owner);
    /// A grey explanation under a field, wrapped at about `width` pixels.
    QLabel *hint(const QString &text, int width = 400);

private:
    DeployWizard *m_wizard;
    QHash<int, QLabel *> m_errors; ///< by Field
};

/// 1. Where: the cluster (read-only for now) and the namespace.
class TargetPage final : public DeployPage {
    Q_OBJECT
public:
    explicit TargetPage(DeployWizard *wizard, const QString &cluster, bool simulated, const QStringList &namespaces);
    QList<DeployPlan::Field> fields() const override { return {DeployPlan::Field::Namespace}; }
    void writeTo(DeployPlan &plan) const override;
    QComboBox *namespaceBox() const { return m_namespace; }
    /// Run as a Rollout object (the sandbox's controller) or with plain Deployments and Services.
    QRadioButton *rolloutKindButton() const { return m_rolloutKind; }
    QRadioButton *plainObjectsButton() const { return m_plainObjects; }

private:
    QComboBox *m_namespace;
    QRadioButton *m_rolloutKind;
    QRadioButton *m_plainObjects;
};

/// 2. What: image, name, replicas, port, resources, environment, probes.
class WorkloadPage final : public DeployPage {
    Q_OBJECT
public:
    explicit WorkloadPage(DeployWizard *wizard);
    QList<DeployPlan::Field> fields() const override;
    void writeTo(DeployPlan &plan) const override;
    void initializePage() override;

    void setImages(const QStringList &references);
    void setImage(const QString &reference);
    void setEnvSources(const QStringList &configMaps, const QStringList &secrets);

    QComboBox *imageBox() const { return m_image; }
    QLineEdit *nameEdit() const { return m_name; }
    QSpinBox *replicasBox() const { return m_replicas; }
    QSpinBox *portBox() const { return m_port; }
    QLineEdit *cpuRequestEdit() const { return m_cpuRequest; }
    QLineEdit *cpuLimitEdit() const { return m_cpuLimit; }
    QLineEdit *memoryRequestEdit() const { return m_memoryRequest; }
    QLineEdit *memoryLimitEdit() const { return m_memoryLimit; }
    QTableWidget *envTable() const { return m_env; }
    QComboBox *configMapBox() const { return m_configMap; }
    QComboBox *secretBox() const { return m_secret; }
    QGroupBox *readinessBox() const { return m_readiness; }
    QGroupBox *livenessBox() const { return m_liveness; }

private:
    void onImageChanged(const QString &text);

    QComboBox *m_image;
    QLineEdit *m_name;
    QSpinBox *m_replicas, *m_port;
    QLineEdit *m_cpuRequest, *m_cpuLimit, *m_memoryRequest, *m_memoryLimit;
    QTableWidget *m_env;
    QComboBox *m_configMap, *m_secret;
    QGroupBox *m_readiness, *m_liveness;
    QLineEdit *m_readinessPath, *m_livenessPath;
    QSpinBox *m_readinessPort, *m_livenessPort;
    bool m_nameEdited = false;
    int m_lastPort = 0; ///< the container port the probes followed
};

/// A strategy's card: its name, a small diagram of the pods of both versions, and the trade-offs.
class StrategyCard final : public QFrame {
    Q_OBJECT
public:
    StrategyCard(DeployPlan::Strategy strategy, QWidget *parent = nullptr);
    DeployPlan::Strategy strategy() const { return m_strategy; }
    void setSelected(bool selected);
    bool isSelected() const { return m_selected; }

signals:
    void clicked();

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    DeployPlan::Strategy m_strategy;
    bool m_selected = false;
};

/// Paints a strategy as boxes for the pods of v1 (blue) and v2 (green) and arrows for the requests.
class StrategyDiagram final : public QWidget {
    Q_OBJECT
public:
    StrategyDiagram(DeployPlan::Strategy strategy, QWidget *parent = nullptr);
    QSize sizeHint() const override { return {320, 150}; }
    QSize minimumSizeHint() const override { return {220, 100}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    DeployPlan::Strategy m_strategy;
};

/// 3. How: rolling update, blue/green or canary, as three cards (arrow keys or 1, 2, 3).
class StrategyPage final : public DeployPage {
    Q_OBJECT
public:
    explicit StrategyPage(DeployWizard *wizard);
    QList<DeployPlan::Field> fields() const override { return {}; }
    void writeTo(DeployPlan &plan) const override;
    void select(DeployPlan::Strategy strategy);
    DeployPlan::Strategy selected() const { return m_selected; }
    StrategyCard *card(DeployPlan::Strategy strategy) const;

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QList<StrategyCard *> m_cards;
    DeployPlan::Strategy m_selected = DeployPlan::Strategy::Canary;
};

/// A metric analysis: thresholds, interval, count, failure limit; checkable when optional.
class AnalysisEditor final : public QGroupBox {
    Q_OBJECT
public:
    AnalysisEditor(const QString &title, bool checkable, QWidget *parent = nullptr);
    DeployPlan::Analysis analysis() const;
    QDoubleSpinBox *successRateBox() const { return m_successRate; }
    QSpinBox *latencyBox() const { return m_latency; }
    QSpinBox *intervalBox() const { return m_interval; }
    QSpinBox *countBox() const { return m_count; }
    QSpinBox *failureLimitBox() const { return m_failureLimit; }

signals:
    void changed();

private:
    QDoubleSpinBox *m_successRate;
    QSpinBox *m_latency, *m_interval, *m_count, *m_failureLimit;
};

/// 4. The strategy's parameters, checked as they are typed, with what they cost (time, capacity).
class ParametersPage final : public DeployPage {
    Q_OBJECT
public:
    explicit ParametersPage(DeployWizard *wizard);
    QList<DeployPlan::Field> fields() const override;
    void writeTo(DeployPlan &plan) const override;
    void initializePage() override;
    void showIssues(const QList<DeployPlan::Issue> &issues) override;

    // rolling update
    QLineEdit *maxSurgeEdit() const { return m_maxSurge; }
    QLineEdit *maxUnavailableEdit() const { return m_maxUnavailable; }
    // blue/green
    QLineEdit *activeServiceEdit() const { return m_active; }
    QLineEdit *previewServiceEdit() const { return m_preview; }
    QCheckBox *autoPromoteBox() const { return m_autoPromote; }
    QSpinBox *autoPromotionSecondsBox() const { return m_autoSeconds; }
    QSpinBox *scaleDownDelayBox() const { return m_scaleDown; }
    AnalysisEditor *prePromotionEditor() const { return m_pre; }
    AnalysisEditor *postPromotionEditor() const { return m_post; }
    // canary
    QLineEdit *stableServiceEdit() const { return m_stable; }
    QLineEdit *canaryServiceEdit() const { return m_canarySvc; }
    QRadioButton *weightListButton() const { return m_listMode; }
    QRadioButton *stepWeightButton() const { return m_stepMode; }
    QLineEdit *weightsEdit() const { return m_weights; }
    QSpinBox *stepWeightBox() const { return m_stepWeight; }
    QSpinBox *maxWeightBox() const { return m_maxWeight; }
    QComboBox *pauseModeBox() const { return m_pauseMode; }
    QLineEdit *pauseDurationEdit() const { return m_pauseDuration; }
    AnalysisEditor *canaryAnalysisEditor() const { return m_canaryAnalysis; }
    QCheckBox *splitByPodsBox() const { return m_splitByPods; }
    /// The estimates as shown.
    QLabel *promoteEstimate() const { return m_promote; }
    QLabel *rollbackEstimate() const { return m_rollback; }
    QLabel *capacityEstimate() const { return m_capacity; }

private:
    QWidget *makeRolling();
    QWidget *makeBlueGreen();
    QWidget *makeCanary();
    void updateEstimates();

    QStackedWidget *m_stack;
    QLineEdit *m_maxSurge, *m_maxUnavailable;
    QLineEdit *m_active, *m_preview;
    QCheckBox *m_autoPromote;
    QSpinBox *m_autoSeconds, *m_scaleDown;
    AnalysisEditor *m_pre, *m_post;
    QLineEdit *m_stable, *m_canarySvc;
    QRadioButton *m_listMode, *m_stepMode;
    QLineEdit *m_weights;
    QSpinBox *m_stepWeight, *m_maxWeight;
    QComboBox *m_pauseMode;
    QLineEdit *m_pauseDuration;
    QCheckBox *m_splitByPods = nullptr;
    AnalysisEditor *m_canaryAnalysis;
    QLabel *m_stepsPreview;
    QLabel *m_promote, *m_rollback, *m_capacity, *m_estimateNote;
    QSet<QLineEdit *> m_edited; ///< Service names typed by hand: no longer follow the workload's name
};

/// 5. The YAML to apply, what changes against what runs, exports, and the deployment itself (Finish).
class ReviewPage final : public DeployPage {
    Q_OBJECT
public:
    explicit ReviewPage(DeployWizard *wizard, bool trafficAvailable);
    QList<DeployPlan::Field> fields() const override { return {}; }
    void writeTo(DeployPlan &) const override {}
    void initializePage() override;
    bool isComplete() const override;

    /// Refreshes the YAML, the diff and the final check (RolloutSpec::validate).
    void refresh();
    /// Shows why the deployment failed (or clears it with an empty list).
    void showProblems(const QStringList &problems);
    void setBusy(bool busy);

    QPlainTextEdit *yamlView() const { return m_yaml; }
    QPlainTextEdit *diffView() const { return m_diff; }
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *problemsLabel() const { return m_problems; }
    QLabel *exportStatus() const { return m_exportStatus; }
    QPushButton *exportButton(int format) const { return m_exportButtons.value(format); }
    QCheckBox *trafficBox() const { return m_traffic; }
    QSpinBox *trafficRateBox() const { return m_rate; }
    /// The final check's problems (empty when the Rollout validates).
    QStringList specProblems() const { return m_specProblems; }

private:
    QLabel *m_summary;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_yaml, *m_diff;
    QLabel *m_problems, *m_exportStatus;
    QList<QPushButton *> m_exportButtons; ///< by engine::rollout::ExportFormat
    QCheckBox *m_traffic = nullptr;
    QSpinBox *m_rate = nullptr;
    QLabel *m_trafficHint = nullptr;
    QStringList m_specProblems;
    QStringList m_failure; ///< why the last deployment failed
    bool m_busy = false;
};

} // namespace flotilla::widgets
