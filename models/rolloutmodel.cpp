#include "rolloutmodel.h"

#include <engine/api/kinds.h>

#include <algorithm>

namespace flotilla::models {

namespace {
const QString kNone = QStringLiteral("—");

qint64 intOf(const engine::api::Json &json, const char *name, qint64 fallback)
{
    const engine::api::Json &v = engine::api::field(json, name);
    return v.is_number() ? v.get<qint64>() : fallback;
}
} // namespace

RolloutModel::RolloutModel(QObject *parent)
    : CachedObjectModel(std::string(engine::api::kind::Rollout), parent)
{
}

std::span<const ColumnSpec> RolloutModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "checkout-api"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Strategy */ {QT_TR_NOOP("Strategy"),
                        QT_TR_NOOP("How a new version replaces the stable one: Canary (steps of traffic weights, pauses "
                                   "and analyses), BlueGreen or RollingUpdate"),
                        "RollingUpdate"},
        /* Phase */ {QT_TR_NOOP("Phase"),
                     QT_TR_NOOP("Healthy: the stable version serves · Progressing: steps run · Paused: waiting for its "
                                "time or to be promoted · Degraded: aborted or failed"),
                     "Progressing"},
        /* Step */ {QT_TR_NOOP("Step"), QT_TR_NOOP("The canary step under way, of all the steps"), "10/10"},
        /* Weight */ {QT_TR_NOOP("Canary weight"), QT_TR_NOOP("The canary's share of the stable Service's requests"),
                      "≈25 % (1 of 4 pods)"},
        /* Stable */ {QT_TR_NOOP("Stable"), QT_TR_NOOP("The version that serves: its revision and ready replicas"),
                      "7886ffb9d7 (10 ready)"},
        /* Canary */ {QT_TR_NOOP("Canary"), QT_TR_NOOP("The new version being rolled out: its revision and ready replicas"),
                      "7886ffb9d7 (10 ready)"},
        /* Message */ {QT_TR_NOOP("Message"), nullptr, "Step 2: paused until promoted"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

RolloutRow RolloutModel::makeRow(const engine::api::Object &ro) const
{
    namespace api = engine::api;
    RolloutRow r;
    r.name = QString::fromStdString(ro.metadata.name);
    r.ns = QString::fromStdString(ro.metadata.ns);
    r.created = ro.metadata.creationTimestamp.value_or(0);
    const api::Json &spec = ro.spec();
    const api::Json &status = ro.status();
    r.replicas = intOf(spec, "replicas", 1);
    const api::Json &strategy = api::field(spec, "strategy");
    const api::Json &canary = api::field(strategy, "canary");
    if (const api::Json &steps = api::field(canary, "steps"); steps.is_array())
        r.steps = int(steps.size());
    r.strategy = QString::fromStdString(api::stringField(status, "strategy"));
    if (r.strategy.isEmpty()) // not seen by the controller yet: from the spec
        r.strategy = canary.is_object()                           ? QStringLiteral("Canary")
                     : api::field(strategy, "blueGreen").is_object() ? QStringLiteral("BlueGreen")
                     : api::field(strategy, "rollingUpdate").is_object() ? QStringLiteral("RollingUpdate")
                                                                          : QString();
    r.phase = QString::fromStdString(api::stringField(status, "phase"));
    r.message = QString::fromStdString(api::stringField(status, "message"));
    r.stableRevision = QString::fromStdString(api::stringField(status, "stableRevision"));
    r.updatedRevision = QString::fromStdString(api::stringField(status, "updatedRevision"));
    r.stepIndex = int(intOf(status, "currentStepIndex", -1));
    r.weight = int(intOf(status, "weight", -1));
    r.actualWeight = int(intOf(status, "actualWeight", -1));
    r.byReplicas = api::stringField(canary, "trafficSplit") == "Replicas" || r.actualWeight >= 0;
    const api::Json &aborted = api::field(status, "aborted");
    r.aborted = aborted.is_boolean() && aborted.get<bool>();
    const api::Json &paused = api::field(status, "pausedByUser");
    r.pausedByUser = paused.is_boolean() && paused.get<bool>();
    const api::Json &replicas = api::field(status, "replicas");
    r.stableReady = intOf(replicas, "stable", 0);
    r.canaryReady = intOf(replicas, "canary", 0);
    return r;
}

QColor RolloutModel::phaseColor(const QString &phase)
{
    if (phase == QLatin1String("Healthy"))
        return QColor(0x2e, 0x9d, 0x4f);
    if (phase == QLatin1String("Progressing"))
        return QColor(0xe0, 0x9b, 0x1a);
    if (phase == QLatin1String("Paused"))
        return QColor(0x8e, 0x5c, 0xc9); // apart from the selection highlight
    if (phase == QLatin1String("Degraded"))
        return QColor(0xd6, 0x3c, 0x3c);
    return QColor(0x8a, 0x8f, 0x98); // not looked at yet
}

QString RolloutModel::phaseText(const RolloutRow &r) const
{
    if (r.phase.isEmpty())
        return tr("Unknown");
    // aborted rollouts say so in their message; a pause by hand is easy to forget, so the phase shows it
    if (r.pausedByUser && r.inProgress() && !r.aborted)
        return tr("Paused by hand");
    return r.phase;
}

QString RolloutModel::stepText(const RolloutRow &r) const
{
    if (r.steps <= 0 || r.stepIndex < 0 || !r.inProgress())
        return kNone;
    // after the last step the index runs one past the steps while the canary takes everything
    return QStringLiteral("%1/%2").arg(std::min(r.stepIndex + 1, r.steps)).arg(r.steps);
}

QVariant RolloutModel::cellData(int row, int column, int role) const
{
    const RolloutRow &r = rowAt(row);
    switch (role) {
    case PhaseRole: return r.phase;
    case StepIndexRole: return r.stepIndex;
    case StepCountRole: return r.steps;
    case WeightRole: return r.weight;
    case StableRevisionRole: return r.stableRevision;
    case UpdatedRevisionRole: return r.updatedRevision;
    case AbortedRole: return r.aborted;
    case InProgressRole: return r.inProgress();
    case ByReplicasRole: return r.byReplicas;
    default: break;
    }
    const bool canaryShown = r.inProgress();
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Strategy: return r.strategy.isEmpty() ? kNone : r.strategy;
        case Phase: return sort ? QVariant(r.phase) : QVariant(phaseText(r));
        case Step:
            if (sort)
                return canaryShown ? r.stepIndex : -1;
            return stepText(r);
        case Weight:
            if (sort)
                return canaryShown ? r.weight : -1;
            if (!canaryShown || r.weight < 0)
                return kNone;
            // by pod counts the share is only near the weight asked for: say so
            if (r.byReplicas)
                return tr("≈%1 % (%2 of %3 pods)").arg(r.actualWeight >= 0 ? r.actualWeight : r.weight).arg(r.canaryReady).arg(r.canaryReady + r.stableReady);
            return tr("%1 %").arg(r.weight);
        case Stable:
            if (sort)
                return r.stableReady;
            return r.stableRevision.isEmpty() ? kNone : tr("%1 (%2 ready)").arg(r.stableRevision).arg(r.stableReady);
        case Canary:
            if (sort)
                return canaryShown ? r.canaryReady : -1;
            return canaryShown ? tr("%1 (%2 ready)").arg(r.updatedRevision).arg(r.canaryReady) : kNone;
        case Message: return r.message;
        case Age: return sort ? QVariant(-r.created) : QVariant(ageText(r.created));
        }
    }
    if (role == Qt::DecorationRole && column == Phase)
        return phaseColor(r.phase);
    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Phase:
        case Message:
            if (!r.message.isEmpty())
                return r.message;
            break;
        case Stable:
            if (!r.stableRevision.isEmpty())
                return tr("Revision %1: %2 of %3 replicas ready").arg(r.stableRevision).arg(r.stableReady).arg(r.replicas);
            break;
        case Canary:
            if (canaryShown)
                return tr("Revision %1: %2 replicas ready").arg(r.updatedRevision).arg(r.canaryReady);
            break;
        case Weight:
            if (canaryShown && r.byReplicas)
                return tr("Asked for %1 %. Plain Services spread requests over pods, so the canary's share is its share of "
                          "the pods: %2 of %3 ready pods.").arg(r.weight).arg(r.canaryReady).arg(r.canaryReady + r.stableReady);
            break;
        default: break;
        }
    }
    if (role == Qt::TextAlignmentRole && (column == Step || column == Weight)) {
        const bool none = column == Step ? stepText(r) == kNone : !(canaryShown && r.weight >= 0);
        return QVariant((none ? Qt::AlignHCenter : Qt::AlignRight) | Qt::AlignVCenter);
    }
    return {};
}

} // namespace flotilla::models
