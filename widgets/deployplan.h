#pragma once

#include <engine/api/object.h>

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace flotilla::widgets {

/// What the deployment wizard is asked to deploy, without any widget: the workload, the strategy and its
/// parameters. Checks itself field by field (each problem names the field that owns it, so a page can
/// show it next to that field), estimates what the strategy costs in time and capacity, and writes the
/// Services and the Rollout (flotilla.dev/v1alpha1) as JSON and YAML.
class DeployPlan {
    Q_DECLARE_TR_FUNCTIONS(DeployPlan)
public:
    enum class Strategy { RollingUpdate, BlueGreen, Canary };
    /// Canary steps: a list of weights ("10, 50, 100"), or Flagger's step weight up to a max weight.
    enum class StepMode { WeightList, StepWeight };
    /// Between the weights of a canary: none, a fixed time, or until someone promotes it.
    enum class PauseMode { None, Duration, UntilPromoted };

    /// The inputs whose problems are shown next to them.
    enum class Field {
        Namespace, Name, Image, Replicas, Port, CpuRequest, CpuLimit, MemoryRequest, MemoryLimit, Env,
        ReadinessProbe, LivenessProbe,
        MaxSurge, MaxUnavailable,
        ActiveService, PreviewService, AutoPromotion, ScaleDownDelay, PrePromotionAnalysis, PostPromotionAnalysis,
        StableService, CanaryService, Weights, StepWeight, MaxWeight, Pause, CanaryAnalysis,
    };
    /// Who runs the rollout: the sandbox's Rollout controller, or Flotilla itself with plain Deployments and
    /// Services (PlainRolloutRunner), as on a cluster without Flotilla's Rollout kind.
    enum class Runner { RolloutKind, PlainObjects };
    struct Issue {
        Field field;
        QString message;
    };

    struct EnvVar {
        QString name, value;
    };
    struct Probe {
        bool enabled = false;
        QString path = QStringLiteral("/");
        int port = 8080;
    };
    /// A metric analysis: success rate (percent, 0 = not checked), p95 latency (ms, 0 = not checked),
    /// `count` measurements `intervalSeconds` apart, `failureLimit` failed ones tolerated.
    struct Analysis {
        bool enabled = false;
        double successRatePercent = 95;
        int maxP95LatencyMs = 300;
        int intervalSeconds = 10;
        int count = 3;
        int failureLimit = 0;
    };

    /// What a strategy costs. Times in ms.
    struct Estimates {
        qint64 promoteMs = 0;      ///< least time from apply to the new version serving everything
        int manualPromotions = 0;  ///< pauses that wait for a person (not counted in promoteMs)
        qint64 rollbackMs = 0;     ///< time to bring the old version back
        bool rollbackInstant = false;
        qint64 rollbackWindowMs = -1; ///< blue/green: how long the rollback stays instant (-1: always)
        int extraPods = 0;          ///< pods beyond `replicas` at the most
        qint64 extraCpuMilli = 0;
        qint64 extraMemoryBytes = 0;
    };

    /// How long a pod takes to be ready in these estimates (pull, start, readiness), in seconds.
    static constexpr int kPodStartSeconds = 10;

    // target
    QString ns = QStringLiteral("default");
    QStringList knownNamespaces; ///< namespaces that exist; another one is created with the plan
    Runner runner = Runner::RolloutKind;
    // workload
    QString name, image;
    int replicas = 4;
    int port = 8080;
    QString cpuRequest = QStringLiteral("100m"), memoryRequest = QStringLiteral("64Mi"), cpuLimit, memoryLimit;
    QList<EnvVar> env;
    QString configMapRef, secretRef; ///< envFrom; empty: none
    Probe readiness, liveness;
    // strategy
    Strategy strategy = Strategy::Canary;
    // rolling update
    QString maxSurge = QStringLiteral("1"), maxUnavailable = QStringLiteral("0");
    // blue/green
    QString activeService, previewService; ///< preview empty: none
    int autoPromotionSeconds = -1;         ///< -1: promoted by hand
    int scaleDownDelaySeconds = 30;
    Analysis prePromotion, postPromotion;
    // canary
    QString stableService, canaryService; ///< canary empty: none
    StepMode stepMode = StepMode::WeightList;
    QString weightList = QStringLiteral("10, 50, 100");
    int stepWeight = 20, maxWeight = 100;
    PauseMode pauseMode = PauseMode::Duration;
    QString pauseDuration = QStringLiteral("30s");
    Analysis canaryAnalysis;
    /// The canary's share is its share of the pods (plain Services), not an exact split by the proxy.
    bool splitByPods = false;
    /// By pod count: forced when Flotilla runs the plan with plain objects.
    bool splitsByPods() const { return splitByPods || runner == Runner::PlainObjects; }
    /// Services that exist already: left as they are (their selectors may be the controller's).
    QStringList existingServices;

    /// Every problem of the plan; empty when it can be deployed.
    QList<Issue> validate() const;
    /// The problems of some fields only (a page's).
    QList<Issue> issuesOf(const QList<Field> &fields) const;

    /// The canary's traffic weights in order, ending at 100; empty with `why` set when they are refused.
    QList<int> canaryWeights(QString *why = nullptr) const;
    /// The Service whose requests the strategy measures and switches: the one to send traffic to.
    QString trafficService() const;
    /// Services the plan points at, in order (the main one first).
    QStringList serviceNames() const;

    Estimates estimate() const;

    /// The Rollout as JSON (apiVersion, kind, metadata, spec).
    engine::api::Json rolloutJson() const;
    /// The documents to apply: a Namespace when it is new, the Services that do not exist yet, the Rollout.
    std::vector<engine::api::Json> documents() const;
    QString yaml() const;
    /// What a plain-objects run applies itself (the Namespace and Services; the Rollout goes to the runner).
    QString supportingYaml() const;
    QString rolloutYaml() const;

    /// "30s", "2m", "1h30m" → ms; -1 when unreadable.
    static qint64 parseDuration(const QString &text);
    /// "1 min 30 s", "45 s", "2 h".
    static QString formatDuration(qint64 ms);
    /// An int or a percentage ("1", "25%") resolved against `replicas`; -1 when unreadable.
    static int resolveIntOrPercent(const QString &text, int replicas, bool roundUp);
    /// A unified diff of two texts by lines, with `context` unchanged lines around each change; empty
    /// when they are equal.
    static QString unifiedDiff(const QString &before, const QString &after, const QString &beforeName,
                               const QString &afterName, int context = 3);

private:
    void check(QList<Issue> &issues) const;
    engine::api::Json analysisJson(const Analysis &a) const;
    engine::api::Json serviceJson(const QString &service) const;
};

} // namespace flotilla::widgets
