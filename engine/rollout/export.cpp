#include "export.h"

#include "../api/codec.h"
#include "rolloutspec.h"

#include <algorithm>
#include <cmath>

namespace flotilla::engine::rollout {

namespace {
using api::Json;

/// A Go duration ("30s", "2m", "1500ms"), as Argo Rollouts and Flagger read them.
std::string goDuration(TimeMs ms)
{
    if (ms % 1000 != 0)
        return std::to_string(ms) + "ms";
    const TimeMs s = ms / 1000;
    return s % 60 == 0 && s > 0 ? std::to_string(s / 60) + "m" : std::to_string(s) + "s";
}

std::string comment(std::string text)
{
    while (!text.empty() && text.back() == '\n')
        text.pop_back();
    std::string out;
    std::size_t from = 0;
    while (from <= text.size()) {
        const auto nl = text.find('\n', from);
        out += "# " + text.substr(from, nl == std::string::npos ? std::string::npos : nl - from) + "\n";
        if (nl == std::string::npos)
            break;
        from = nl + 1;
    }
    return out;
}

/// The first container port of the template (80 when none is declared).
std::int64_t containerPort(const RolloutSpec &spec)
{
    const Json &containers = api::field(api::field(spec.podTemplate, "spec"), "containers");
    if (containers.is_array())
        for (const auto &c : containers)
            if (const Json &ports = api::field(c, "ports"); ports.is_array())
                for (const auto &p : ports)
                    if (p.contains("containerPort") && p["containerPort"].is_number_integer())
                        return p["containerPort"].get<std::int64_t>();
    return 80;
}

Json meta(const api::Object &ro, const std::string &name)
{
    Json m = {{"name", name}};
    if (!ro.metadata.ns.empty())
        m["namespace"] = ro.metadata.ns;
    return m;
}

/// The template with one more label, and the selector that picks it.
std::pair<Json, Json> labelled(const RolloutSpec &spec, const std::string &key, const std::string &value)
{
    Json tmpl = spec.podTemplate;
    tmpl["metadata"]["labels"][key] = value;
    Json selector = spec.selector;
    selector["matchLabels"][key] = value;
    return {tmpl, selector};
}

Json deployment(const api::Object &ro, const RolloutSpec &spec, const std::string &name, std::int64_t replicas,
                const std::string &track)
{
    Json d = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", meta(ro, name)}};
    if (track.empty()) {
        d["spec"] = {{"replicas", replicas}, {"selector", spec.selector}, {"template", spec.podTemplate}};
    } else {
        auto [tmpl, selector] = labelled(spec, "track", track);
        d["spec"] = {{"replicas", replicas}, {"selector", selector}, {"template", tmpl}};
    }
    return d;
}

Json service(const api::Object &ro, const RolloutSpec &spec, const std::string &name, const std::string &track)
{
    Json selector = api::field(spec.selector, "matchLabels");
    if (!track.empty())
        selector["track"] = track;
    return {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", meta(ro, name)},
            {"spec", {{"selector", selector}, {"ports", Json::array({{{"port", 80}, {"targetPort", containerPort(spec)}}})}}}};
}

int firstWeight(const RolloutSpec &spec)
{
    for (const auto &s : spec.steps)
        if (s.kind == CanaryStep::Kind::SetWeight && s.weight > 0)
            return s.weight;
    return 0;
}

// --- plain Kubernetes ---------------------------------------------------------------------------

std::string plain(const api::Object &ro, const RolloutSpec &spec)
{
    const std::string &name = ro.metadata.name;
    std::vector<Json> docs;
    std::string header = "Rollout " + name + " (" + strategyName(spec.strategy) + ") as plain Kubernetes objects, exported by Flotilla.\n";
    switch (spec.strategy) {
    case RolloutSpec::Strategy::RollingUpdate: {
        Json d = deployment(ro, spec, name, spec.replicas, {});
        d["spec"]["strategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"maxSurge", spec.maxSurge}, {"maxUnavailable", spec.maxUnavailable}}}};
        docs.push_back(d);
        header += "A new version: change the image and apply again; kubectl rollout undo deployment/" + name + " rolls back.";
        break;
    }
    case RolloutSpec::Strategy::BlueGreen:
        docs.push_back(deployment(ro, spec, name + "-blue", spec.replicas, "blue"));
        docs.push_back(deployment(ro, spec, name + "-green", spec.replicas, "green"));
        docs.push_back(service(ro, spec, spec.activeService, "blue"));
        if (!spec.previewService.empty())
            docs.push_back(service(ro, spec, spec.previewService, "green"));
        header += "Blue serves; put the new version in " + name + "-green and test it" +
                  (spec.previewService.empty() ? "" : " through " + spec.previewService) + ".\n"
                  "Promote: kubectl patch service " + spec.activeService + " -p '{\"spec\":{\"selector\":{\"track\":\"green\"}}}'\n"
                  "Roll back: the same with \"blue\". Analyses are not run by plain objects: watch the success rate yourself.";
        break;
    case RolloutSpec::Strategy::Canary: {
        const int w = firstWeight(spec);
        const std::int64_t canary = w > 0 ? std::max<std::int64_t>(1, std::int64_t(std::ceil(double(spec.replicas) * w / 100.0))) : 0;
        docs.push_back(deployment(ro, spec, name, spec.replicas, "stable"));
        docs.push_back(deployment(ro, spec, name + "-canary", canary, "canary"));
        docs.push_back(service(ro, spec, spec.stableService, {}));
        if (!spec.canaryService.empty())
            docs.push_back(service(ro, spec, spec.canaryService, "canary"));
        header += "Without a service mesh the canary's share of the requests follows the replica counts: " +
                  std::to_string(canary) + " canary of " + std::to_string(spec.replicas + canary) +
                  " pods is about " + std::to_string(int(std::lround(100.0 * double(canary) / double(spec.replicas + canary)))) +
                  " %, not the exact " + std::to_string(w) + " % Flotilla's sandbox gives.\n"
                  "Steps: scale " + name + "-canary up and " + name + " down by hand; abort: scale " + name + "-canary to 0.";
        break;
    }
    }
    return comment(header) + api::toYaml(docs);
}

// --- Argo Rollouts ------------------------------------------------------------------------------

Json analysisTemplate(const api::Object &ro, const std::string &name, const AnalysisSpec &a, const std::string &service)
{
    const std::string ns = ro.metadata.ns.empty() ? "default" : ro.metadata.ns;
    Json metrics = Json::array();
    const auto metric = [&](const std::string &metricName, const std::string &condition, const std::string &query) {
        Json m = {{"name", metricName},
                  {"interval", goDuration(a.interval)},
                  {"count", a.count},
                  {"failureLimit", a.failureLimit},
                  {"inconclusiveLimit", a.inconclusiveLimit},
                  {"successCondition", condition},
                  {"provider", {{"prometheus", {{"address", "http://prometheus.monitoring:9090"}, {"query", query}}}}}};
        if (a.initialDelay > 0)
            m["initialDelay"] = goDuration(a.initialDelay);
        metrics.push_back(m);
    };
    const std::string sel = "service=\"" + service + "\",namespace=\"" + ns + "\"";
    if (a.minSuccessRate)
        metric("success-rate", "result[0] >= " + api::Json(*a.minSuccessRate).dump(),
               "sum(rate(http_requests_total{" + sel + ",code!~\"5..\"}[1m])) / sum(rate(http_requests_total{" + sel + "}[1m]))");
    if (a.maxP95LatencyMs)
        metric("p95-latency", "result[0] <= " + api::Json(*a.maxP95LatencyMs / 1000.0).dump(),
               "histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{" + sel + "}[1m])) by (le))");
    return {{"apiVersion", "argoproj.io/v1alpha1"},
            {"kind", "AnalysisTemplate"},
            {"metadata", meta(ro, name)},
            {"spec", {{"metrics", metrics}}}};
}

std::string argo(const api::Object &ro, const RolloutSpec &spec)
{
    const std::string &name = ro.metadata.name;
    std::vector<Json> docs;
    Json rollout = {{"apiVersion", "argoproj.io/v1alpha1"},
                    {"kind", "Rollout"},
                    {"metadata", meta(ro, name)},
                    {"spec", {{"replicas", spec.replicas}, {"selector", spec.selector}, {"template", spec.podTemplate},
                              {"progressDeadlineSeconds", spec.progressDeadlineSeconds}}}};
    std::vector<Json> templates;
    const auto templateRef = [&](const std::string &templateName, const AnalysisSpec &a, const std::string &svc) {
        templates.push_back(analysisTemplate(ro, templateName, a, svc));
        return Json{{"templates", Json::array({{{"templateName", templateName}}})}};
    };
    switch (spec.strategy) {
    case RolloutSpec::Strategy::RollingUpdate:
        rollout["spec"]["strategy"] = {{"canary", {{"maxSurge", spec.maxSurge}, {"maxUnavailable", spec.maxUnavailable}}}};
        break;
    case RolloutSpec::Strategy::BlueGreen: {
        Json bg = {{"activeService", spec.activeService},
                   {"autoPromotionEnabled", spec.autoPromotionSeconds >= 0},
                   {"scaleDownDelaySeconds", spec.scaleDownDelaySeconds}};
        if (!spec.previewService.empty())
            bg["previewService"] = spec.previewService;
        if (spec.autoPromotionSeconds > 0)
            bg["autoPromotionSeconds"] = spec.autoPromotionSeconds;
        if (spec.prePromotionAnalysis)
            bg["prePromotionAnalysis"] = templateRef(name + "-pre-promotion", *spec.prePromotionAnalysis,
                                                     spec.previewService.empty() ? spec.activeService : spec.previewService);
        if (spec.postPromotionAnalysis)
            bg["postPromotionAnalysis"] = templateRef(name + "-post-promotion", *spec.postPromotionAnalysis, spec.activeService);
        rollout["spec"]["strategy"] = {{"blueGreen", bg}};
        break;
    }
    case RolloutSpec::Strategy::Canary: {
        Json steps = Json::array();
        for (std::size_t i = 0; i < spec.steps.size(); ++i) {
            const CanaryStep &s = spec.steps[i];
            switch (s.kind) {
            case CanaryStep::Kind::SetWeight: steps.push_back({{"setWeight", s.weight}}); break;
            case CanaryStep::Kind::Pause:
                steps.push_back({{"pause", s.pause < 0 ? Json::object() : Json{{"duration", goDuration(s.pause)}}}});
                break;
            case CanaryStep::Kind::Analysis:
                steps.push_back({{"analysis", templateRef(name + "-step-" + std::to_string(i + 1), s.analysis,
                                                          spec.canaryService.empty() ? spec.stableService : spec.canaryService)}});
                break;
            }
        }
        Json canary = {{"stableService", spec.stableService}, {"steps", steps}};
        if (!spec.canaryService.empty())
            canary["canaryService"] = spec.canaryService;
        rollout["spec"]["strategy"] = {{"canary", canary}};
        break;
    }
    }
    docs.push_back(rollout);
    for (auto &t : templates)
        docs.push_back(std::move(t));
    std::string header = "Rollout " + name + " for Argo Rollouts, exported by Flotilla.\n";
    if (spec.strategy == RolloutSpec::Strategy::Canary)
        header += "Without a traffic router (trafficRouting: istio, nginx, ...) Argo approximates setWeight by replica counts.\n";
    if (!templates.empty())
        header += "The analyses query Prometheus for http_requests_total and http_request_duration_seconds: adapt the\n"
                  "address and metric names to what your services export.\n";
    header += "Drive it with: kubectl argo rollouts promote|abort|retry rollout " + name;
    return comment(header) + api::toYaml(docs);
}

// --- Flagger ------------------------------------------------------------------------------------

Result<std::string> flagger(const api::Object &ro, const RolloutSpec &spec)
{
    const std::string &name = ro.metadata.name;
    if (spec.strategy == RolloutSpec::Strategy::RollingUpdate)
        return Error::make(Error::Code::Invalid, "Flagger runs canaries and blue/green releases, not rolling updates: "
                                                 "export this rollout as plain Kubernetes instead");
    Json analysis = Json::object();
    const AnalysisSpec *judged = nullptr;
    std::string header = "Canary " + name + " for Flagger, exported by Flotilla. Flagger creates " + name + "-primary and the\n"
                         "Services itself from the Deployment below; change the Deployment's image to start a release.\n";
    if (spec.strategy == RolloutSpec::Strategy::Canary) {
        std::vector<int> weights;
        for (const auto &s : spec.steps) {
            if (s.kind == CanaryStep::Kind::SetWeight && s.weight > 0 && s.weight < 100)
                weights.push_back(s.weight);
            if (s.kind == CanaryStep::Kind::Analysis && !judged)
                judged = &s.analysis;
        }
        if (weights.empty())
            return Error::make(Error::Code::Invalid, "Flagger needs at least one canary weight below 100 % (setWeight)");
        // stepWeights lists every weight, so maxWeight is always reached: a maxWeight that stepWeight never
        // lands on is what keeps a Flagger canary from ever being promoted
        analysis["stepWeights"] = weights;
        analysis["maxWeight"] = weights.back();
        header += "Flagger analyses at every weight step; Flotilla's pauses become its interval.\n";
    } else {
        judged = spec.prePromotionAnalysis ? &*spec.prePromotionAnalysis : spec.postPromotionAnalysis ? &*spec.postPromotionAnalysis : nullptr;
        analysis["iterations"] = judged ? judged->count : 10;
        header += "Blue/green: Flagger tests the new version for the given iterations, then switches all traffic.\n";
    }
    const AnalysisSpec a = judged ? *judged : AnalysisSpec{};
    analysis["interval"] = goDuration(a.interval);
    analysis["threshold"] = a.failureLimit + 1; // failed checks before the rollback
    Json metrics = Json::array();
    if (!judged || a.minSuccessRate)
        metrics.push_back({{"name", "request-success-rate"},
                           {"thresholdRange", {{"min", judged ? *a.minSuccessRate * 100.0 : 99.0}}},
                           {"interval", "1m"}});
    if (judged && a.maxP95LatencyMs)
        metrics.push_back({{"name", "request-duration"}, {"thresholdRange", {{"max", *a.maxP95LatencyMs}}}, {"interval", "1m"}});
    analysis["metrics"] = metrics;
    if (!judged)
        header += "No analysis in the rollout: Flagger's request success rate of 99 % is used.\n";
    const std::string service = spec.strategy == RolloutSpec::Strategy::Canary ? spec.stableService : spec.activeService;
    Json canary = {{"apiVersion", "flagger.app/v1beta1"},
                   {"kind", "Canary"},
                   {"metadata", meta(ro, name)},
                   {"spec", {{"targetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", name}}},
                             {"progressDeadlineSeconds", spec.progressDeadlineSeconds},
                             {"service", {{"name", service}, {"port", 80}, {"targetPort", containerPort(spec)}}},
                             {"analysis", analysis}}}};
    return comment(header) + api::toYaml(std::vector<Json>{deployment(ro, spec, name, spec.replicas, {}), canary});
}
} // namespace

const char *formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Kubernetes: return "Kubernetes";
    case ExportFormat::ArgoRollouts: return "Argo Rollouts";
    case ExportFormat::Flagger: return "Flagger";
    }
    return "";
}

Result<std::string> exportRollout(const api::Object &rollout, ExportFormat format)
{
    auto spec = RolloutSpec::decode(rollout.spec());
    if (!spec.ok())
        return spec.error();
    switch (format) {
    case ExportFormat::Kubernetes: return plain(rollout, *spec);
    case ExportFormat::ArgoRollouts: return argo(rollout, *spec);
    case ExportFormat::Flagger: return flagger(rollout, *spec);
    }
    return Error::make(Error::Code::Invalid, "unknown export format");
}

} // namespace flotilla::engine::rollout
