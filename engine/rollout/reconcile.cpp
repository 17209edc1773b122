#include "reconcile.h"

#include "../api/kinds.h"
#include "../cluster/deploymentcontroller.h"
#include "../common/timefmt.h"
#include "analysis.h"
#include "rolloutspec.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace flotilla::engine::rollout {

namespace {
std::int64_t intField(const api::Json &j, const char *name, std::int64_t fallback)
{
    const api::Json &f = api::field(j, name);
    return f.is_number_integer() ? f.get<std::int64_t>() : fallback;
}

std::string stringField(const api::Json &j, const char *name)
{
    const api::Json &f = api::field(j, name);
    return f.is_string() ? f.get<std::string>() : std::string();
}

std::string subsetOf(const std::string &revision) { return std::string(kRevisionLabel) + "=" + revision; }

/// The Deployment that runs one version of a rollout.
api::MutableObjectPtr versionDeployment(const api::Object &ro, const RolloutSpec &spec, const std::string &revision,
                                        std::int64_t replicas)
{
    auto d = std::make_shared<api::Object>();
    d->apiVersion = "apps/v1";
    d->kind = std::string(api::kind::Deployment);
    d->metadata.ns = ro.metadata.ns;
    d->metadata.name = ro.metadata.name + "-" + revision;
    d->metadata.labels = {{kRolloutLabel, ro.metadata.name}, {kRevisionLabel, revision}};
    d->metadata.ownerReferences.push_back({ro.apiVersion, ro.kind, ro.metadata.name, ro.metadata.uid, true, true});
    api::Json tmpl = spec.podTemplate;
    tmpl["metadata"]["labels"][kRevisionLabel] = revision;
    api::Json selector = spec.selector;
    selector["matchLabels"][kRevisionLabel] = revision;
    d->body["spec"] = {{"replicas", replicas}, {"selector", selector}, {"template", tmpl},
                       {"progressDeadlineSeconds", spec.progressDeadlineSeconds}};
    return d;
}

std::string deploymentName(const api::Object &ro, const std::string &revision) { return ro.metadata.name + "-" + revision; }
} // namespace

const char *actionName(RolloutAction action)
{
    switch (action) {
    case RolloutAction::Promote: return "promote";
    case RolloutAction::PromoteFull: return "promote-full";
    case RolloutAction::Abort: return "abort";
    case RolloutAction::Retry: return "retry";
    case RolloutAction::Pause: return "pause";
    case RolloutAction::Resume: return "resume";
    case RolloutAction::Rollback: return "roll back";
    }
    return "";
}

Status requestRolloutAction(RolloutWorld &world, const std::string &ns, const std::string &name, RolloutAction action)
{
    const api::ObjectPtr ro = world.get(api::kind::Rollout, ns, name);
    if (!ro)
        return Error::make(Error::Code::NotFound, "rollouts.flotilla.dev \"" + name + "\" not found");
    auto next = std::make_shared<api::Object>(*ro);
    api::Json &status = next->body["status"];
    if (!status.is_object())
        status = api::Json::object();
    const bool inProgress = !stringField(status, "stableRevision").empty() &&
                            stringField(status, "stableRevision") != stringField(status, "updatedRevision");
    switch (action) {
    case RolloutAction::Promote:
    case RolloutAction::PromoteFull:
        if (!inProgress)
            return Error::make(Error::Code::Invalid, "rollout \"" + name + "\" has nothing to promote: no new version is rolling out");
        if (status.value("aborted", false))
            return Error::make(Error::Code::Invalid, "rollout \"" + name + "\" was aborted: retry it first");
        status[action == RolloutAction::Promote ? "promoteRequested" : "promoteFullRequested"] = true;
        break;
    case RolloutAction::Abort:
        if (!inProgress)
            return Error::make(Error::Code::Invalid, "rollout \"" + name + "\" has nothing to abort: no new version is rolling out");
        status["aborted"] = true;
        status["message"] = "Rollout aborted by hand: all traffic back on the stable version";
        break;
    case RolloutAction::Retry:
        if (!status.value("aborted", false))
            return Error::make(Error::Code::Invalid, "rollout \"" + name + "\" is not aborted");
        status["aborted"] = false;
        status["currentStepIndex"] = 0;
        status.erase("analysisRun");
        status["stepStartedAt"] = world.now();
        if (status.contains("blueGreenStage"))
            status["blueGreenStage"] = "Deploying";
        break;
    case RolloutAction::Pause: status["pausedByUser"] = true; break;
    case RolloutAction::Resume: status["pausedByUser"] = false; break;
    case RolloutAction::Rollback: {
        // back to the version that served before: the stable one while a new version rolls out, else the
        // one before it; the template goes back (as `kubectl rollout undo` does) and the strategy switches
        // at once, without steps or analysis
        const api::Json &target = inProgress ? api::field(status, "stableTemplate") : api::field(status, "previousTemplate");
        if (!target.is_object())
            return Error::make(Error::Code::Invalid, "rollout \"" + name + "\" has no earlier version to roll back to");
        const std::string revision = cluster::DeploymentController::templateHash(target);
        next->body["spec"]["template"] = target;
        status["rollbackTo"] = revision;
        status["aborted"] = false;
        status["pausedByUser"] = false;
        status["message"] = "Rolling back to version " + revision;
        break;
    }
    }
    if (auto r = world.update(next); !r.ok())
        return r.error();
    world.event(*ro, cluster::EventRecorder::Type::Normal, "RolloutAction", std::string("Asked to ") + actionName(action));
    return {};
}

std::optional<TimeMs> reconcileRollout(RolloutWorld &world, const api::Object &rollout, RolloutMemo &memo)
{
    const api::Object *ro = &rollout;
    const std::string &ns = rollout.metadata.ns, &name = rollout.metadata.name;
    if (ro->metadata.deletionTimestamp)
        return std::nullopt;
    const TimeMs now = world.now();
    api::Json status = ro->status().is_object() ? ro->status() : api::Json::object();
    const api::Json before = status;
    TimeMs wakeAt = now + kRolloutResyncPeriod;

    const auto writeStatus = [&] {
        // the template of each version that becomes stable is kept, and the one before it, for a rollback
        const std::string stableNow = stringField(status, "stableRevision");
        const api::Json &tmpl = api::field(ro->spec(), "template");
        if (!stableNow.empty() && stableNow == cluster::DeploymentController::templateHash(tmpl) &&
            (stableNow != stringField(before, "stableRevision") || !status.contains("stableTemplate"))) {
            if (const api::Json &old = api::field(before, "stableTemplate");
                old.is_object() && cluster::DeploymentController::templateHash(old) != stableNow)
                status["previousTemplate"] = old;
            status["stableTemplate"] = tmpl;
        }
        if (status == before)
            return;
        auto next = std::make_shared<api::Object>(*ro);
        next->body["status"] = status;
        (void)world.update(next);
    };
    const auto event = [&](cluster::EventRecorder::Type type, const std::string &reason, const std::string &message) {
        world.event(*ro, type, reason, message);
    };

    auto decoded = RolloutSpec::decode(ro->spec());
    if (!decoded.ok()) {
        status["phase"] = "Degraded";
        status["message"] = decoded.error().path + ": " + decoded.error().message;
        writeStatus();
        return std::nullopt;
    }
    const RolloutSpec &spec = *decoded;
    status["observedGeneration"] = ro->metadata.generation;
    status["strategy"] = strategyName(spec.strategy);
    const std::string updated = cluster::DeploymentController::templateHash(spec.podTemplate);
    status["updatedRevision"] = updated;
    std::string stable = stringField(status, "stableRevision");
    // a rollback (Action::Rollback) to this template: no steps, no analysis, no waiting for promotion
    const bool rollingBack = !stringField(status, "rollbackTo").empty() && stringField(status, "rollbackTo") == updated;

    // the Deployments of the versions, with the replicas wanted
    const auto deployment = [&](const std::string &revision) {
        return world.get(api::kind::Deployment, ns, deploymentName(*ro, revision));
    };
    const auto ensure = [&](const std::string &revision, std::int64_t replicas) {
        const api::ObjectPtr d = deployment(revision);
        if (!d) {
            if (auto r = world.create(versionDeployment(*ro, spec, revision, replicas)); !r.ok())
                event(cluster::EventRecorder::Type::Warning, "FailedCreate", r.error().message);
            else
                event(cluster::EventRecorder::Type::Normal, "ScalingReplicaSet",
                      "Created Deployment " + deploymentName(*ro, revision) + " with " + std::to_string(replicas) + " replicas");
            return;
        }
        if (intField(d->spec(), "replicas", -1) != replicas) {
            auto next = std::make_shared<api::Object>(*d);
            next->body["spec"]["replicas"] = replicas;
            (void)world.update(next);
        }
    };
    const auto ready = [&](const std::string &revision) {
        const api::ObjectPtr d = deployment(revision);
        return d ? intField(d->status(), "readyReplicas", 0) : 0;
    };
    // by pod counts when asked, or when nothing here splits a Service's requests by weight
    const bool byReplicas = spec.strategy == RolloutSpec::Strategy::Canary &&
                            (spec.trafficSplit == RolloutSpec::TrafficSplit::Replicas || !world.canSplitTraffic());
    const auto setWeight = [&](int weight) {
        if (spec.strategy != RolloutSpec::Strategy::Canary)
            return;
        if (byReplicas) { // the pods' counts split the requests: nothing to tell the proxy
            if (weight >= 0)
                status["weight"] = weight;
            return;
        }
        RolloutMemo &st = memo;
        // the split lives in the service proxy, in memory: set again after a restart
        if (st.appliedWeight == weight && st.weightService == spec.stableService && status.contains("weight"))
            return;
        std::vector<cluster::TrafficWeight> weights;
        if (weight >= 0)
            weights = {{subsetOf(stable), double(100 - weight)}, {subsetOf(updated), double(weight)}};
        if (auto s = world.setWeights(ns, spec.stableService, weights); !s.ok()) {
            event(cluster::EventRecorder::Type::Warning, "TrafficSplitFailed", s.error().message);
            return;
        }
        st.appliedWeight = weight;
        st.weightService = spec.stableService;
        status["weight"] = weight;
    };

    // points a Service at one version (blue/green)
    const auto pointService = [&](const std::string &service, const std::string &revision) {
        if (service.empty())
            return;
        const api::ObjectPtr svc = world.get(api::kind::Service, ns, service);
        if (!svc) {
            status["message"] = "Service " + service + " not found";
            return;
        }
        api::Json selector = api::field(spec.selector, "matchLabels");
        selector[kRevisionLabel] = revision;
        if (api::field(svc->spec(), "selector") == selector)
            return;
        auto next = std::make_shared<api::Object>(*svc);
        next->body["spec"]["selector"] = selector;
        if (auto r = world.update(next); r.ok())
            event(cluster::EventRecorder::Type::Normal, "ServiceSwitched", "Service " + service + " now selects version " + revision);
    };
    // lets a Service reach every version again (a canary splits the stable Service's requests between them)
    const auto releaseService = [&](const std::string &service) {
        const api::ObjectPtr svc = service.empty() ? nullptr : world.get(api::kind::Service, ns, service);
        if (!svc || !api::field(svc->spec(), "selector").contains(kRevisionLabel))
            return;
        auto next = std::make_shared<api::Object>(*svc);
        next->body["spec"]["selector"].erase(kRevisionLabel);
        if (auto r = world.update(next); r.ok())
            event(cluster::EventRecorder::Type::Normal, "ServiceSwitched", "Service " + service + " now selects every version");
    };
    // drops the proxy's split of a canary (done, or the strategy is no longer a canary)
    const auto clearWeights = [&](const std::string &service) {
        RolloutMemo &st = memo;
        if (!status.contains("weight") && st.appliedWeight < 0)
            return;
        (void)world.setWeights(ns, st.weightService.empty() ? service : st.weightService, {});
        status.erase("weight");
        st.appliedWeight = -1;
        st.weightService.clear();
    };
    // Runs (or goes on with) the analysis `name` in status.analysisRun over `figures()`; the first
    // measurement an interval after the start, so that it sees traffic of this stage, not of the one before.
    const auto analyse = [&](const std::string &name, const AnalysisSpec &analysis, const std::string &what,
                             const std::function<cluster::TrafficFigures()> &figures) {
        AnalysisRun run;
        if (const api::Json &stored = api::field(status, "analysisRun"); stored.is_object())
            if (auto r = AnalysisRun::decode(stored); r.ok() && r->name == name)
                run = *r;
        if (run.name.empty()) {
            run.name = name;
            run.spec = analysis;
            run.startedAt = now;
            run.phase = AnalysisPhase::Running;
            event(cluster::EventRecorder::Type::Normal, "AnalysisStarted",
                  "Analysis " + run.name + " measures " + what + " every " + formatAge(analysis.interval));
        }
        const auto due = [&] { return nextMeasurementAt(run.spec, run.startedAt + run.spec.interval, run.measurements.size()); };
        while (run.phase == AnalysisPhase::Running && due() <= now)
            run.record(measure(run.spec, figures(), now));
        status["analysisRun"] = run.encode();
        if (run.phase == AnalysisPhase::Successful) {
            event(cluster::EventRecorder::Type::Normal, "AnalysisSuccessful", "Analysis " + run.name + " passed");
        } else if (run.phase == AnalysisPhase::Failed || run.phase == AnalysisPhase::Inconclusive) {
            const std::string last = run.measurements.empty() ? std::string() : ": " + run.measurements.back().message;
            status["analysisMessage"] = "analysis " + run.name + " " +
                                        (run.phase == AnalysisPhase::Failed ? "failed" : "was inconclusive") + last;
        } else {
            status["message"] = "Analysis " + run.name + ", " + std::to_string(run.measurements.size()) + " of " +
                                std::to_string(run.spec.count) + " measurements";
            wakeAt = std::min(wakeAt, due());
        }
        return run.phase;
    };
    // the traffic of one version on a Service, or all of it
    const auto versionFigures = [&](const std::string &service, const std::string &revision) {
        cluster::TrafficFigures figures;
        const auto stats = world.traffic(ns, service);
        if (!stats)
            return figures;
        if (revision.empty())
            return stats->last.total;
        std::string version;
        if (auto sel = api::LabelSelector::parse(subsetOf(revision)); sel.ok())
            for (const auto &pod : world.list(api::kind::Pod, ns, &*sel)) {
                version = cluster::Traffic::versionOf(*pod);
                break;
            }
        for (const auto &v : stats->last.versions)
            if (v.version == version)
                figures = v.figures;
        return figures;
    };

    // A rolling update is the Deployment's own: one Deployment named like the rollout, its template
    // replaced in place, watched until every replica is of the new version.
    if (spec.strategy == RolloutSpec::Strategy::RollingUpdate) {
        const auto asIntOrString = [](const std::string &v) {
            return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return std::isdigit((unsigned char)c); })
                       ? api::Json(std::stoll(v))
                       : api::Json(v);
        };
        api::Json tmpl = spec.podTemplate;
        tmpl["metadata"]["labels"][kRevisionLabel] = updated;
        const api::Json wanted = {{"replicas", spec.replicas},
                                  {"selector", spec.selector},
                                  {"template", tmpl},
                                  {"progressDeadlineSeconds", spec.progressDeadlineSeconds},
                                  {"strategy", {{"type", "RollingUpdate"},
                                                {"rollingUpdate", {{"maxSurge", asIntOrString(spec.maxSurge)},
                                                                   {"maxUnavailable", asIntOrString(spec.maxUnavailable)}}}}}};
        api::ObjectPtr d = world.get(api::kind::Deployment, ns, name);
        if (!d) {
            auto created = std::make_shared<api::Object>();
            created->apiVersion = "apps/v1";
            created->kind = std::string(api::kind::Deployment);
            created->metadata.ns = ns;
            created->metadata.name = name;
            created->metadata.labels = {{kRolloutLabel, name}};
            created->metadata.ownerReferences.push_back({ro->apiVersion, ro->kind, name, ro->metadata.uid, true, true});
            created->body["spec"] = wanted;
            if (auto r = world.create(created); !r.ok())
                event(cluster::EventRecorder::Type::Warning, "FailedCreate", r.error().message);
        } else {
            api::Json current = api::Json::object();
            for (const auto &[k, v] : wanted.items())
                current[k] = api::field(d->spec(), k.c_str());
            if (current != wanted) {
                auto next = std::make_shared<api::Object>(*d);
                for (const auto &[k, v] : wanted.items())
                    next->body["spec"][k] = v;
                (void)world.update(next);
                event(cluster::EventRecorder::Type::Normal, "RollingUpdate", "Deployment " + name + " rolls to version " + updated);
            }
        }
        d = world.get(api::kind::Deployment, ns, name);
        const api::Json &ds = d ? d->status() : api::Json::object();
        const std::int64_t upToDate = intField(ds, "updatedReplicas", 0), available = intField(ds, "availableReplicas", 0),
                           total = intField(ds, "replicas", 0);
        bool stalled = false;
        if (const api::Json &conditions = api::field(ds, "conditions"); conditions.is_array())
            for (const auto &c : conditions)
                stalled |= stringField(c, "type") == "Progressing" && stringField(c, "reason") == "ProgressDeadlineExceeded";
        const bool done = d && intField(ds, "observedGeneration", 0) >= d->metadata.generation && upToDate >= spec.replicas &&
                          available >= spec.replicas && total == spec.replicas;
        if (done && stable != updated) {
            if (rollingBack)
                event(cluster::EventRecorder::Type::Normal, "RolledBack", "Every replica runs version " + updated + " again");
            else if (!stable.empty())
                event(cluster::EventRecorder::Type::Normal, "RolloutCompleted", "Every replica runs version " + updated);
            status["previousRevision"] = stable;
            status["stableRevision"] = updated;
        } else if (stable.empty()) {
            status["stableRevision"] = updated; // the first version: nothing to roll from
        }
        status["phase"] = done ? "Healthy" : stalled ? "Degraded" : "Progressing";
        status["message"] = done ? "Version " + updated + " serves with " + std::to_string(spec.replicas) + " replicas"
                            : stalled ? "Progress deadline exceeded: " + std::to_string(upToDate) + " of " +
                                            std::to_string(spec.replicas) + " replicas updated"
                                      : std::to_string(upToDate) + " of " + std::to_string(spec.replicas) +
                                            " replicas updated, " + std::to_string(available) + " available";
        status["replicas"] = {{"updated", upToDate}, {"available", available}};
        if (done)
            status.erase("rollbackTo");
        writeStatus();
        return done ? kRolloutResyncPeriod * 6 : kRolloutResyncPeriod;
    }

    // 1. The first version is stable at once.
    if (stable.empty()) {
        stable = updated;
        status["stableRevision"] = stable;
        status["currentStepIndex"] = 0;
        event(cluster::EventRecorder::Type::Normal, "RolloutStarted", "First version " + stable + ": stable at once");
    }
    if (stable == updated) {
        ensure(stable, spec.replicas);
        if (spec.strategy == RolloutSpec::Strategy::BlueGreen) {
            pointService(spec.activeService, stable);
            pointService(spec.previewService, stable);
        }
        pointService(spec.canaryService, stable); // no canary: its Service reaches stable
        // what is left of earlier versions goes (blue/green keeps the old one for its scale-down delay:
        // switching back is instant while it runs)
        const TimeMs scaleDownAt = intField(status, "scaleDownAt", 0);
        if (now >= scaleDownAt) {
            for (const auto &d : world.list(api::kind::Deployment, ns))
                if (d->metadata.labels.count(kRolloutLabel) && d->metadata.labels.at(kRolloutLabel) == name &&
                    d->metadata.labels.count(kRevisionLabel) && d->metadata.labels.at(kRevisionLabel) != stable)
                    (void)world.remove(api::kind::Deployment, ns, d->metadata.name);
            status.erase("scaleDownAt");
        } else {
            wakeAt = std::min(wakeAt, scaleDownAt);
        }
        status.erase("blueGreenStage");
        clearWeights(spec.stableService);
        if (spec.strategy == RolloutSpec::Strategy::Canary)
            releaseService(spec.stableService); // after a blue/green, the stable Service reaches every version
        status.erase("analysisRun");
        status.erase("actualWeight");
        if (status.contains("rollbackTo")) {
            // a rollback while a new version rolled out (a finished one said so when it switched)
            if (rollingBack && stringField(status, "canaryRevision") != stable)
                event(cluster::EventRecorder::Type::Normal, "RolledBack", "Version " + stable + " serves again");
            status.erase("rollbackTo");
        }
        status["aborted"] = false;
        status["promoteRequested"] = false;
        status["promoteFullRequested"] = false;
        const bool healthy = ready(stable) >= spec.replicas;
        status["phase"] = healthy ? "Healthy" : "Progressing";
        status["message"] = healthy ? "Stable version " + stable + " serves with " + std::to_string(spec.replicas) + " replicas"
                                    : "Waiting for stable version " + stable + " to be ready";
        status["replicas"] = {{"stable", ready(stable)}, {"canary", 0}};
        writeStatus();
        return std::min(wakeAt, now + (healthy ? kRolloutResyncPeriod * 6 : kRolloutResyncPeriod)) - now;
    }

    // 2. A new version rolls out.
    if (spec.strategy == RolloutSpec::Strategy::Canary)
        releaseService(spec.stableService);
    else
        clearWeights(spec.stableService);
    const auto canaryReplicas = [&](int weight) -> std::int64_t {
        if (weight <= 0)
            return 0;
        if (byReplicas) // the nearest pod count, at least one and at most all
            return std::clamp<std::int64_t>(std::llround(double(spec.replicas) * weight / 100.0), 1, spec.replicas);
        return std::max<std::int64_t>(1, std::int64_t(std::ceil(double(spec.replicas) * weight / 100.0)));
    };
    // by replicas, stable gives up the pods the canary has (once they are ready); else it keeps them all
    const auto stableReplicas = [&](int weight) {
        return byReplicas ? spec.replicas - std::min(canaryReplicas(weight), ready(updated)) : spec.replicas;
    };
    ensure(stable, status.value("aborted", false) ? spec.replicas : stableReplicas(int(intField(status, "weight", 0))));
    if (spec.strategy == RolloutSpec::Strategy::BlueGreen) {
        // green comes up beside blue; the active Service switches to it at promotion, and back when the
        // post-promotion analysis fails; blue stays for the scale-down delay
        if (stringField(status, "canaryRevision") != updated) {
            status["canaryRevision"] = updated;
            status["blueGreenStage"] = "Deploying";
            status["stepStartedAt"] = now;
            status["aborted"] = false;
            status.erase("analysisRun");
            event(cluster::EventRecorder::Type::Normal, "RolloutUpdated",
                  rollingBack ? "Rolling back to version " + updated + ": the active Service switches to it once it is ready"
                              : "New version " + updated + ": green comes up beside blue " + stable);
        }
        const auto bgAbort = [&](const std::string &reason, const std::string &message) {
            status["aborted"] = true;
            status["message"] = message;
            event(cluster::EventRecorder::Type::Warning, reason, message);
        };
        std::string stage = stringField(status, "blueGreenStage");
        const TimeMs started = intField(status, "stepStartedAt", now);
        if (!status.value("aborted", false))
            ensure(updated, spec.replicas);
        pointService(spec.previewService, updated);
        bool waiting = false;
        while (!waiting && !status.value("aborted", false)) {
            if (stage == "Deploying") {
                pointService(spec.activeService, stable);
                if (ready(updated) >= spec.replicas) {
                    stage = spec.prePromotionAnalysis && !rollingBack ? "PrePromotionAnalysis" : "AwaitingPromotion";
                    status["readyAt"] = now;
                } else if (now - started > spec.progressDeadlineSeconds * 1000) {
                    bgAbort("ProgressDeadlineExceeded", "Rollout aborted: green's pods were not ready within " +
                                                            std::to_string(spec.progressDeadlineSeconds) + " s; blue keeps serving");
                } else {
                    status["phase"] = "Progressing";
                    status["message"] = "Green: " + std::to_string(ready(updated)) + " of " + std::to_string(spec.replicas) + " replicas ready";
                    waiting = true;
                }
            } else if (stage == "PrePromotionAnalysis") {
                const AnalysisPhase phase = analyse("pre-promotion", *spec.prePromotionAnalysis, "the preview Service",
                                                    [&] { return versionFigures(spec.previewService, {}); });
                if (phase == AnalysisPhase::Successful) {
                    stage = "AwaitingPromotion";
                    status["readyAt"] = now;
                } else if (phase == AnalysisPhase::Failed || phase == AnalysisPhase::Inconclusive) {
                    bgAbort("AnalysisFailed", "Rollout aborted: " + stringField(status, "analysisMessage") + "; blue keeps serving");
                } else {
                    status["phase"] = "Progressing";
                    waiting = true;
                }
            } else if (stage == "AwaitingPromotion") {
                const TimeMs readyAt = intField(status, "readyAt", now);
                const bool automatic =
                    rollingBack || (spec.autoPromotionSeconds >= 0 && now >= readyAt + spec.autoPromotionSeconds * 1000);
                if (automatic || status.value("promoteRequested", false) || status.value("promoteFullRequested", false)) {
                    status["promoteRequested"] = false;
                    status["promoteFullRequested"] = false;
                    pointService(spec.activeService, updated);
                    status["promotedAt"] = now;
                    event(cluster::EventRecorder::Type::Normal, "Promoted",
                          "Service " + spec.activeService + " switched to " + (rollingBack ? "the earlier version " : "green ") +
                              updated + (rollingBack ? " (rollback)" : automatic ? " (automatic promotion)" : ""));
                    stage = spec.postPromotionAnalysis && !rollingBack ? "PostPromotionAnalysis" : "Done";
                } else {
                    status["phase"] = spec.autoPromotionSeconds >= 0 ? "Progressing" : "Paused";
                    status["message"] = spec.autoPromotionSeconds >= 0
                                            ? "Green ready: promoted automatically " + std::to_string(spec.autoPromotionSeconds) + " s after"
                                            : "Green ready on the preview: waiting to be promoted";
                    if (spec.autoPromotionSeconds >= 0)
                        wakeAt = std::min(wakeAt, readyAt + spec.autoPromotionSeconds * 1000);
                    waiting = true;
                }
            } else if (stage == "PostPromotionAnalysis") {
                pointService(spec.activeService, updated);
                const AnalysisPhase phase = analyse("post-promotion", *spec.postPromotionAnalysis, "the active Service",
                                                    [&] { return versionFigures(spec.activeService, {}); });
                if (phase == AnalysisPhase::Successful) {
                    stage = "Done";
                } else if (phase == AnalysisPhase::Failed || phase == AnalysisPhase::Inconclusive) {
                    pointService(spec.activeService, stable);
                    bgAbort("AnalysisFailed", "Rollout aborted: " + stringField(status, "analysisMessage") +
                                                  "; Service " + spec.activeService + " switched back to blue " + stable);
                } else {
                    status["phase"] = "Progressing";
                    waiting = true;
                }
            } else { // Done
                if (rollingBack)
                    event(cluster::EventRecorder::Type::Normal, "RolledBack",
                          "Version " + updated + " serves again; " + stable + " stays " +
                              std::to_string(spec.scaleDownDelaySeconds) + " s before it goes");
                else
                    event(cluster::EventRecorder::Type::Normal, "RolloutCompleted",
                          "Version " + updated + " is the stable version now; " + stable + " stays " +
                              std::to_string(spec.scaleDownDelaySeconds) + " s for an instant rollback");
                status["previousRevision"] = stable;
                status["stableRevision"] = updated;
                status["scaleDownAt"] = now + spec.scaleDownDelaySeconds * 1000;
                status.erase("blueGreenStage");
                writeStatus();
                return 0;
            }
        }
        status["blueGreenStage"] = stage;
        if (status.value("aborted", false)) {
            pointService(spec.activeService, stable);
            ensure(updated, 0);
            status["phase"] = "Degraded";
        }
        status["replicas"] = {{"stable", ready(stable)}, {"canary", ready(updated)}};
        writeStatus();
        return std::max<TimeMs>(wakeAt - now, 0);
    }
    if (!status.contains("stepStartedAt") || stringField(status, "canaryRevision") != updated) {
        status["canaryRevision"] = updated;
        status["currentStepIndex"] = 0;
        status["stepStartedAt"] = now;
        status["aborted"] = false;
        status.erase("analysisRun");
        event(cluster::EventRecorder::Type::Normal, "RolloutUpdated",
              rollingBack ? "Rolling back to version " + updated + ": it takes every request once ready"
                          : "New version " + updated + ": canary of " + std::to_string(spec.steps.size()) + " steps begins");
    }
    pointService(spec.canaryService, updated); // the canary's own Service reaches only its pods
    const auto abort = [&](const std::string &reason, const std::string &message) {
        status["aborted"] = true;
        status["message"] = message;
        event(cluster::EventRecorder::Type::Warning, reason, message);
    };
    std::size_t index = std::size_t(intField(status, "currentStepIndex", 0));
    TimeMs stepStarted = intField(status, "stepStartedAt", now);
    int weight = int(intField(status, "weight", 0));
    if (!status.value("aborted", false))
        setWeight(weight); // the split as it stands (the service proxy forgets it on a restart)
    const auto nextStep = [&] {
        ++index;
        stepStarted = now;
        status["currentStepIndex"] = index;
        status["stepStartedAt"] = now;
        status.erase("analysisRun");
    };
    if (status.value("promoteFullRequested", false) || rollingBack) {
        index = spec.steps.size();
        status["currentStepIndex"] = index;
        status["promoteFullRequested"] = false;
    }
    bool waiting = false;
    while (!waiting && index < spec.steps.size() && !status.value("aborted", false)) {
        const CanaryStep &step = spec.steps[index];
        switch (step.kind) {
        case CanaryStep::Kind::SetWeight: {
            weight = step.weight;
            const std::int64_t want = canaryReplicas(weight);
            ensure(updated, want);
            if (ready(updated) >= want) {
                setWeight(weight);
                if (byReplicas) {
                    ensure(stable, stableReplicas(weight));
                    event(cluster::EventRecorder::Type::Normal, "SetWeight",
                          "Canary " + updated + " has " + std::to_string(want) + " of " + std::to_string(spec.replicas) +
                              " replicas: about " + std::to_string(weight) + " % of the requests (split by pod count)");
                } else {
                    event(cluster::EventRecorder::Type::Normal, "SetWeight",
                          "Canary " + updated + " gets " + std::to_string(weight) + " % of the requests (" +
                              std::to_string(want) + " replicas)");
                }
                nextStep();
            } else if (now - stepStarted > spec.progressDeadlineSeconds * 1000) {
                abort("ProgressDeadlineExceeded", "Rollout aborted: the canary's pods were not ready within " +
                                                      std::to_string(spec.progressDeadlineSeconds) + " s; stable keeps serving");
            } else {
                status["phase"] = "Progressing";
                status["message"] = "Step " + std::to_string(index + 1) + ": waiting for " + std::to_string(want) +
                                    " canary replicas to be ready";
                waiting = true;
            }
            break;
        }
        case CanaryStep::Kind::Pause:
            if (status.value("promoteRequested", false)) {
                status["promoteRequested"] = false;
                nextStep();
            } else if (step.pause >= 0 && now >= stepStarted + step.pause && !status.value("pausedByUser", false)) {
                nextStep();
            } else {
                status["phase"] = "Paused";
                status["message"] = step.pause < 0 ? "Step " + std::to_string(index + 1) + ": paused until promoted"
                                                   : "Step " + std::to_string(index + 1) + ": paused for " +
                                                         formatAge(step.pause);
                if (step.pause >= 0)
                    wakeAt = std::min(wakeAt, stepStarted + step.pause);
                waiting = true;
            }
            break;
        case CanaryStep::Kind::Analysis: {
            const AnalysisPhase phase = analyse("step-" + std::to_string(index + 1), step.analysis, "the canary",
                                                [&] { return versionFigures(spec.stableService, updated); });
            if (phase == AnalysisPhase::Successful) {
                nextStep();
            } else if (phase == AnalysisPhase::Failed || phase == AnalysisPhase::Inconclusive) {
                abort(phase == AnalysisPhase::Failed ? "AnalysisFailed" : "AnalysisInconclusive",
                      "Rollout aborted: " + stringField(status, "analysisMessage") + "; all traffic back on the stable version");
            } else {
                status["phase"] = "Progressing";
                status["message"] = "Step " + std::to_string(index + 1) + ": " + stringField(status, "message");
                waiting = true;
            }
            break;
        }
        }
    }
    if (status.value("aborted", false)) {
        setWeight(0);
        ensure(stable, spec.replicas);
        ensure(updated, 0);
        status["phase"] = "Degraded";
        status["replicas"] = {{"stable", ready(stable)}, {"canary", ready(updated)}};
        writeStatus();
        return std::nullopt; // until retried or given a new template
    }
    if (!waiting) {
        // 3. Every step done: the canary takes everything, then it is the stable version.
        ensure(updated, spec.replicas);
        if (ready(updated) >= spec.replicas) {
            setWeight(100);
            if (rollingBack)
                event(cluster::EventRecorder::Type::Normal, "RolledBack",
                      "Version " + updated + " serves again: it is the stable version, " + stable + " goes");
            else
                event(cluster::EventRecorder::Type::Normal, "RolloutCompleted",
                      "Version " + updated + " promoted: it is the stable version now, " + stable + " goes");
            status["stableRevision"] = updated;
            status["previousRevision"] = stable;
            writeStatus();
            return 0; // the steady state tidies up
        }
        status["phase"] = "Progressing";
        status["message"] = "Promoting: waiting for " + std::to_string(spec.replicas) + " replicas of " + updated;
    }
    status["replicas"] = {{"stable", ready(stable)}, {"canary", ready(updated)}};
    if (byReplicas) { // what the pod counts give, not what was asked for
        const std::int64_t all = ready(stable) + ready(updated);
        status["actualWeight"] = all > 0 ? int(std::lround(100.0 * double(ready(updated)) / double(all))) : 0;
    }
    writeStatus();
    return std::max<TimeMs>(wakeAt - now, 0);
}

} // namespace flotilla::engine::rollout
