#include "rolloutspec.h"

#include "../api/kinds.h"
#include "../api/validation.h"
#include "../runtime/behaviour.h"

#include <cctype>
#include <set>

namespace flotilla::engine::rollout {

namespace {
Error invalid(const std::string &path, const std::string &message) { return Error::make(Error::Code::Invalid, message, path); }

/// A DNS-1035 label, as Service names must be.
bool isServiceName(const std::string &name)
{
    if (name.empty() || name.size() > 63 || !std::islower((unsigned char)name.front()) || name.back() == '-')
        return false;
    for (const char c : name)
        if (!(std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '-'))
            return false;
    return true;
}

void unknownFields(const api::Json &json, const std::set<std::string> &known, const std::string &path, std::vector<Error> &errors)
{
    if (!json.is_object())
        return;
    for (const auto &[k, v] : json.items())
        if (!known.count(k))
            errors.push_back(invalid(path + "." + k, "Invalid value: unknown field \"" + k + "\""));
}

std::optional<std::int64_t> integer(const api::Json &json, const std::string &path, std::int64_t min, std::int64_t max,
                                    std::vector<Error> &errors)
{
    if (!json.is_number_integer()) {
        errors.push_back(invalid(path, "Invalid value: " + json.dump() + ": must be a whole number"));
        return std::nullopt;
    }
    const auto v = json.get<std::int64_t>();
    if (v < min || v > max) {
        errors.push_back(invalid(path, "Invalid value: " + std::to_string(v) + ": must be between " + std::to_string(min) +
                                           " and " + std::to_string(max)));
        return std::nullopt;
    }
    return v;
}

std::string serviceName(const api::Json &json, const std::string &path, bool required, std::vector<Error> &errors)
{
    if (json.is_null()) {
        if (required)
            errors.push_back(invalid(path, "Required value: the name of a Service"));
        return {};
    }
    if (!json.is_string() || !isServiceName(json.get<std::string>())) {
        errors.push_back(invalid(path, "Invalid value: " + json.dump() + ": a Service name (lower-case letters, digits and '-')"));
        return {};
    }
    return json.get<std::string>();
}

std::optional<AnalysisSpec> analysis(const api::Json &json, const std::string &path, std::vector<Error> &errors)
{
    if (json.is_null())
        return std::nullopt;
    auto spec = AnalysisSpec::decode(json, path);
    if (!spec.ok()) {
        errors.push_back(spec.error());
        return std::nullopt;
    }
    return *spec;
}

void decodeCanary(const api::Json &c, const std::string &path, RolloutSpec &out, std::vector<Error> &errors)
{
    unknownFields(c, {"stableService", "canaryService", "trafficSplit", "steps"}, path, errors);
    if (const api::Json &split = api::field(c, "trafficSplit"); !split.is_null()) {
        if (split == "Exact")
            out.trafficSplit = RolloutSpec::TrafficSplit::Exact;
        else if (split == "Replicas")
            out.trafficSplit = RolloutSpec::TrafficSplit::Replicas;
        else
            errors.push_back(invalid(path + ".trafficSplit", "Unsupported value: " + split.dump() +
                                                                 ": supported values: \"Exact\", \"Replicas\""));
    }
    out.stableService = serviceName(api::field(c, "stableService"), path + ".stableService", true, errors);
    out.canaryService = serviceName(api::field(c, "canaryService"), path + ".canaryService", false, errors);
    if (!out.canaryService.empty() && out.canaryService == out.stableService)
        errors.push_back(invalid(path + ".canaryService", "Invalid value: \"" + out.canaryService +
                                                              "\": must differ from stableService"));
    const api::Json &steps = api::field(c, "steps");
    if (!steps.is_array() || steps.empty()) {
        errors.push_back(invalid(path + ".steps", "Required value: at least one step (setWeight, pause or analysis)"));
        return;
    }
    int lastWeight = 0;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const std::string at = path + ".steps[" + std::to_string(i) + "]";
        const api::Json &s = steps[i];
        if (!s.is_object() || s.size() != 1) {
            errors.push_back(invalid(at, "Invalid value: each step is exactly one of setWeight, pause or analysis"));
            continue;
        }
        CanaryStep step;
        if (s.contains("setWeight")) {
            step.kind = CanaryStep::Kind::SetWeight;
            const auto w = integer(s["setWeight"], at + ".setWeight", 0, 100, errors);
            if (!w)
                continue;
            step.weight = int(*w);
            if (step.weight < lastWeight)
                errors.push_back(invalid(at + ".setWeight", "Invalid value: " + std::to_string(step.weight) +
                                                                 ": weights only rise (the step before sets " +
                                                                 std::to_string(lastWeight) + ")"));
            lastWeight = std::max(lastWeight, step.weight);
        } else if (s.contains("pause")) {
            step.kind = CanaryStep::Kind::Pause;
            const api::Json &p = s["pause"];
            if (!p.is_object()) {
                errors.push_back(invalid(at + ".pause", "Invalid value: {} (until promoted) or {duration: 30s}"));
                continue;
            }
            unknownFields(p, {"duration"}, at + ".pause", errors);
            if (const api::Json &d = api::field(p, "duration"); !d.is_null()) {
                std::optional<TimeMs> ms;
                if (d.is_number_integer() && d.get<std::int64_t>() >= 0)
                    ms = d.get<std::int64_t>() * 1000;
                else if (d.is_string())
                    ms = runtime::parseSimDuration(d.get<std::string>());
                if (!ms)
                    errors.push_back(invalid(at + ".pause.duration", "Invalid value: " + d.dump() + ": a duration such as 30s, 5m or 1h"));
                else
                    step.pause = *ms;
            }
        } else if (s.contains("analysis")) {
            step.kind = CanaryStep::Kind::Analysis;
            auto a = analysis(s["analysis"], at + ".analysis", errors);
            if (!a)
                continue;
            step.analysis = *a;
        } else {
            errors.push_back(invalid(at + "." + s.begin().key(), "Invalid value: unknown step; use setWeight, pause or analysis"));
            continue;
        }
        out.steps.push_back(std::move(step));
    }
}

void decodeBlueGreen(const api::Json &b, const std::string &path, RolloutSpec &out, std::vector<Error> &errors)
{
    unknownFields(b, {"activeService", "previewService", "autoPromotionSeconds", "scaleDownDelaySeconds",
                      "prePromotionAnalysis", "postPromotionAnalysis"},
                  path, errors);
    out.activeService = serviceName(api::field(b, "activeService"), path + ".activeService", true, errors);
    out.previewService = serviceName(api::field(b, "previewService"), path + ".previewService", false, errors);
    if (!out.previewService.empty() && out.previewService == out.activeService)
        errors.push_back(invalid(path + ".previewService", "Invalid value: \"" + out.previewService + "\": must differ from activeService"));
    if (const api::Json &a = api::field(b, "autoPromotionSeconds"); !a.is_null())
        if (auto v = integer(a, path + ".autoPromotionSeconds", 0, 86'400, errors))
            out.autoPromotionSeconds = *v;
    if (const api::Json &d = api::field(b, "scaleDownDelaySeconds"); !d.is_null())
        if (auto v = integer(d, path + ".scaleDownDelaySeconds", 0, 86'400, errors))
            out.scaleDownDelaySeconds = *v;
    out.prePromotionAnalysis = analysis(api::field(b, "prePromotionAnalysis"), path + ".prePromotionAnalysis", errors);
    if (out.prePromotionAnalysis && out.previewService.empty())
        errors.push_back(invalid(path + ".previewService",
                                 "Required value: a pre-promotion analysis measures the preview Service's traffic"));
    out.postPromotionAnalysis = analysis(api::field(b, "postPromotionAnalysis"), path + ".postPromotionAnalysis", errors);
}

Result<RolloutSpec> decodeAll(const api::Json &spec, std::vector<Error> &errors)
{
    RolloutSpec out;
    unknownFields(spec, {"replicas", "selector", "template", "progressDeadlineSeconds", "strategy"}, "spec", errors);
    if (const api::Json &r = api::field(spec, "replicas"); !r.is_null())
        if (auto v = integer(r, "spec.replicas", 0, 100'000, errors))
            out.replicas = *v;
    out.selector = api::field(spec, "selector");
    out.podTemplate = api::field(spec, "template");
    if (const api::Json &d = api::field(spec, "progressDeadlineSeconds"); !d.is_null())
        if (auto v = integer(d, "spec.progressDeadlineSeconds", 1, 86'400, errors))
            out.progressDeadlineSeconds = *v;
    const api::Json &strategy = api::field(spec, "strategy");
    const int kinds = int(strategy.is_object() && strategy.contains("canary")) + int(strategy.is_object() && strategy.contains("blueGreen")) +
                      int(strategy.is_object() && strategy.contains("rollingUpdate"));
    if (kinds != 1) {
        errors.push_back(invalid("spec.strategy", "Required value: exactly one of canary, blueGreen or rollingUpdate"));
    } else if (strategy.contains("canary")) {
        out.strategy = RolloutSpec::Strategy::Canary;
        unknownFields(strategy, {"canary"}, "spec.strategy", errors);
        decodeCanary(strategy["canary"], "spec.strategy.canary", out, errors);
    } else if (strategy.contains("blueGreen")) {
        out.strategy = RolloutSpec::Strategy::BlueGreen;
        unknownFields(strategy, {"blueGreen"}, "spec.strategy", errors);
        decodeBlueGreen(strategy["blueGreen"], "spec.strategy.blueGreen", out, errors);
    } else {
        out.strategy = RolloutSpec::Strategy::RollingUpdate;
        unknownFields(strategy, {"rollingUpdate"}, "spec.strategy", errors);
        const api::Json &r = strategy["rollingUpdate"];
        unknownFields(r, {"maxSurge", "maxUnavailable"}, "spec.strategy.rollingUpdate", errors);
        const auto text = [](const api::Json &j, const char *fallback) {
            return j.is_string() ? j.get<std::string>() : j.is_number_integer() ? std::to_string(j.get<std::int64_t>()) : std::string(fallback);
        };
        out.maxSurge = text(api::field(r, "maxSurge"), "25%");
        out.maxUnavailable = text(api::field(r, "maxUnavailable"), "25%");
    }
    if (!errors.empty())
        return errors.front();
    return out;
}
} // namespace

const char *strategyName(RolloutSpec::Strategy strategy)
{
    switch (strategy) {
    case RolloutSpec::Strategy::RollingUpdate: return "RollingUpdate";
    case RolloutSpec::Strategy::BlueGreen: return "BlueGreen";
    case RolloutSpec::Strategy::Canary: return "Canary";
    }
    return "";
}

Result<RolloutSpec> RolloutSpec::decode(const api::Json &spec)
{
    std::vector<Error> errors;
    return decodeAll(spec, errors);
}

std::vector<Error> RolloutSpec::validate(const api::Object &rollout)
{
    std::vector<Error> errors;
    (void)decodeAll(rollout.spec(), errors);
    // The workload part is a Deployment's: checked by the same rules (selector matching the template,
    // containers, resources, probes, …), with the same field paths.
    api::Object deployment;
    deployment.apiVersion = "apps/v1";
    deployment.kind = std::string(api::kind::Deployment);
    deployment.metadata = rollout.metadata;
    deployment.body["spec"] = api::Json::object();
    for (const char *f : {"replicas", "selector", "template"})
        if (const api::Json &v = api::field(rollout.spec(), f); !v.is_null())
            deployment.body["spec"][f] = v;
    for (auto &e : api::validate(deployment))
        if (e.path.rfind("spec", 0) == 0 && !(e.path == "spec.replicas" && api::field(rollout.spec(), "replicas").is_number_integer()))
            errors.push_back(std::move(e));
    return errors;
}

} // namespace flotilla::engine::rollout
