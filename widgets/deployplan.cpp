#include "deployplan.h"

#include <engine/api/codec.h>
#include <engine/api/quantity.h>
#include <engine/api/validation.h>
#include <engine/runtime/behaviour.h>

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace flotilla::widgets {

namespace api = engine::api;

namespace {

std::string s(const QString &text) { return text.toStdString(); }

/// A DNS-1035 label, as Service names must be: a DNS-1123 label that starts with a letter.
bool isServiceName(const QString &name)
{
    return api::isDns1123Label(s(name)) && name.front().isLower();
}

/// The number of whole seconds of an analysis.
qint64 analysisMs(const DeployPlan::Analysis &a) { return a.enabled ? qint64(a.count) * a.intervalSeconds * 1000 : 0; }

} // namespace

qint64 DeployPlan::parseDuration(const QString &text)
{
    const QString t = text.trimmed();
    bool number = false;
    const qint64 seconds = t.toLongLong(&number);
    if (number)
        return seconds >= 0 ? seconds * 1000 : -1;
    const auto ms = engine::runtime::parseSimDuration(s(t));
    return ms && *ms >= 0 ? qint64(*ms) : -1;
}

QString DeployPlan::formatDuration(qint64 ms)
{
    const qint64 secs = (ms + 999) / 1000;
    if (secs < 60)
        return tr("%1 s").arg(secs);
    if (secs < 3600)
        return secs % 60 ? tr("%1 min %2 s").arg(secs / 60).arg(secs % 60) : tr("%1 min").arg(secs / 60);
    return (secs % 3600) / 60 ? tr("%1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60) : tr("%1 h").arg(secs / 3600);
}

int DeployPlan::resolveIntOrPercent(const QString &text, int replicas, bool roundUp)
{
    QString t = text.trimmed();
    bool ok = false;
    if (t.endsWith(QLatin1Char('%'))) {
        t.chop(1);
        const int percent = t.trimmed().toInt(&ok);
        if (!ok || percent < 0 || percent > 100)
            return -1;
        const double pods = double(replicas) * percent / 100.0;
        return int(roundUp ? std::ceil(pods) : std::floor(pods));
    }
    const int v = t.toInt(&ok);
    return ok && v >= 0 ? v : -1;
}

QList<int> DeployPlan::canaryWeights(QString *why) const
{
    const auto refuse = [why](const QString &reason) {
        if (why)
            *why = reason;
        return QList<int>();
    };
    QList<int> weights;
    if (stepMode == StepMode::WeightList) {
        const QStringList parts = weightList.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
        if (parts.isEmpty())
            return refuse(tr("List the weights in percent, rising and ending at 100, e.g. 10, 50, 100."));
        for (const QString &part : parts) {
            bool ok = false;
            const int w = QString(part).remove(QLatin1Char('%')).toInt(&ok);
            if (!ok)
                return refuse(tr("“%1” is not a whole number of percent.").arg(part));
            if (w < 1 || w > 100)
                return refuse(tr("Weights are percentages from 1 to 100; %1 is not.").arg(w));
            if (!weights.isEmpty() && w <= weights.last())
                return refuse(tr("Weights only rise: %1 comes after %2.").arg(w).arg(weights.last()));
            weights << w;
        }
        if (weights.last() != 100)
            return refuse(tr("The last weight must be 100, so that the new version ends up with every request."));
        return weights;
    }
    if (stepWeight < 1 || stepWeight > 100)
        return refuse(tr("The step weight is a percentage from 1 to 100."));
    if (maxWeight < 1 || maxWeight > 100)
        return refuse(tr("The max weight is a percentage from 1 to 100."));
    if (stepWeight > maxWeight)
        return refuse(tr("The step weight (%1) is above the max weight (%2).").arg(stepWeight).arg(maxWeight));
    for (int w = stepWeight; w <= maxWeight; w += stepWeight)
        weights << w;
    if (weights.last() != maxWeight) {
        QStringList reached;
        for (int w : weights)
            reached << QString::number(w);
        const int below = weights.last(), above = std::min(100, weights.last() + stepWeight);
        return refuse(tr("Steps of %1 reach %2 and never %3: Flagger would never promote. Use a max weight of %4 "
                         "or %5, or a step weight that divides %3.")
                          .arg(stepWeight)
                          .arg(reached.join(QStringLiteral(", ")))
                          .arg(maxWeight)
                          .arg(below)
                          .arg(above));
    }
    if (weights.last() != 100)
        weights << 100; // promotion: the canary takes every request
    return weights;
}

QString DeployPlan::trafficService() const
{
    switch (strategy) {
    case Strategy::RollingUpdate: return name;
    case Strategy::BlueGreen: return activeService;
    case Strategy::Canary: return stableService;
    }
    return {};
}

QStringList DeployPlan::serviceNames() const
{
    QStringList names{trafficService()};
    if (strategy == Strategy::BlueGreen && !previewService.isEmpty())
        names << previewService;
    if (strategy == Strategy::Canary && !canaryService.isEmpty())
        names << canaryService;
    names.removeAll(QString());
    return names;
}

void DeployPlan::check(QList<Issue> &issues) const
{
    const auto add = [&](Field f, const QString &m) { issues.append({f, m}); };

    if (ns.isEmpty())
        add(Field::Namespace, tr("Required: the namespace to deploy into."));
    else if (!api::isDns1123Label(s(ns)))
        add(Field::Namespace, tr("Lower-case letters, digits and '-', starting and ending with a letter or digit."));

    if (name.isEmpty())
        add(Field::Name, tr("Required: the name of the workload (and of its Service)."));
    else if (!api::isDns1123Label(s(name)))
        add(Field::Name, tr("Not a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a "
                            "letter or digit, at most 63 characters."));
    else if (!name.front().isLower())
        add(Field::Name, tr("Start with a letter: the Services are named after the workload."));
    else if (name.size() > 50)
        add(Field::Name, tr("At most 50 characters: Flotilla appends the version to it."));

    if (image.trimmed().isEmpty())
        add(Field::Image, tr("Required: the image the containers run, e.g. shop:v1."));
    else if (image.trimmed().contains(QRegularExpression(QStringLiteral("\\s"))))
        add(Field::Image, tr("An image reference has no spaces."));
    if (replicas < 1 || replicas > 1000)
        add(Field::Replicas, tr("From 1 to 1000 replicas."));
    if (port < 1 || port > 65535)
        add(Field::Port, tr("A port from 1 to 65535."));

    // resources: Kubernetes quantities, limits not below requests
    const auto quantity = [&](Field f, const QString &text, bool memory) -> double {
        if (text.trimmed().isEmpty())
            return -1;
        const auto v = api::parseQuantity(std::string_view(s(text.trimmed())));
        if (!v || *v < 0) {
            add(f, memory ? tr("Not a Kubernetes quantity: use e.g. 64Mi, 1Gi or 500M.")
                          : tr("Not a Kubernetes quantity: use e.g. 100m, 0.5 or 2."));
            return -2;
        }
        if (*v == 0) {
            add(f, tr("Must be more than 0; leave it empty for none."));
            return -2;
        }
        if (memory && *v < 1024) {
            add(f, tr("%1 is %2 bytes: did you mean %3Mi?")
                       .arg(text.trimmed())
                       .arg(*v)
                       .arg(QString(text.trimmed()).remove(QRegularExpression(QStringLiteral("[^0-9.]")))));
            return -2;
        }
        return *v;
    };
    const double cpuReq = quantity(Field::CpuRequest, cpuRequest, false), cpuLim = quantity(Field::CpuLimit, cpuLimit, false);
    const double memReq = quantity(Field::MemoryRequest, memoryRequest, true),
                 memLim = quantity(Field::MemoryLimit, memoryLimit, true);
    if (cpuReq > 0 && cpuLim > 0 && cpuLim < cpuReq)
        add(Field::CpuLimit, tr("The limit is below the request (%1).").arg(cpuRequest.trimmed()));
    if (memReq > 0 && memLim > 0 && memLim < memReq)
        add(Field::MemoryLimit, tr("The limit is below the request (%1).").arg(memoryRequest.trimmed()));

    static const QRegularExpression envName(QStringLiteral("^[-._a-zA-Z][-._a-zA-Z0-9]*$"));
    QStringList seen;
    for (const EnvVar &e : env) {
        if (e.name.isEmpty() && e.value.isEmpty())
            continue;
        if (e.name.isEmpty()) {
            add(Field::Env, tr("A variable with the value “%1” has no name.").arg(e.value));
            break;
        }
        if (!envName.match(e.name).hasMatch()) {
            add(Field::Env, tr("“%1” is not a variable name: letters, digits, '_', '-' and '.', not starting with a digit.").arg(e.name));
            break;
        }
        if (seen.contains(e.name)) {
            add(Field::Env, tr("%1 is set twice.").arg(e.name));
            break;
        }
        seen << e.name;
    }
    for (const auto &[probe, field] : {std::pair{&readiness, Field::ReadinessProbe}, std::pair{&liveness, Field::LivenessProbe}}) {
        if (!probe->enabled)
            continue;
        if (!probe->path.startsWith(QLatin1Char('/')))
            add(field, tr("The HTTP path starts with '/'."));
        else if (probe->port < 1 || probe->port > 65535)
            add(field, tr("A port from 1 to 65535."));
    }

    const auto analysis = [&](Field f, const Analysis &a) {
        if (!a.enabled)
            return;
        if (a.successRatePercent <= 0 && a.maxP95LatencyMs <= 0)
            add(f, tr("Judge by something: set a success rate, a p95 latency or both."));
        else if (a.successRatePercent > 100)
            add(f, tr("The success rate is a percentage up to 100."));
        else if (a.intervalSeconds < 1)
            add(f, tr("Measure at least a second apart."));
        else if (a.count < 1)
            add(f, tr("Take at least one measurement."));
        else if (a.failureLimit >= a.count)
            add(f, tr("The failure limit (%1) must be below the number of measurements (%2), or the analysis can never fail.")
                       .arg(a.failureLimit)
                       .arg(a.count));
    };
    const auto service = [&](Field f, const QString &svc, bool required) {
        if (svc.isEmpty()) {
            if (required)
                add(f, tr("Required: the name of the Service."));
            return;
        }
        if (!isServiceName(svc))
            add(f, tr("A Service name: lower-case letters, digits and '-', starting with a letter."));
    };

    switch (strategy) {
    case Strategy::RollingUpdate: {
        const int surge = resolveIntOrPercent(maxSurge, replicas, true);
        const int unavailable = resolveIntOrPercent(maxUnavailable, replicas, false);
        if (surge < 0)
            add(Field::MaxSurge, tr("A number of pods (1) or a percentage of the replicas (25%)."));
        if (unavailable < 0)
            add(Field::MaxUnavailable, tr("A number of pods (0) or a percentage of the replicas (25%)."));
        if (surge == 0 && unavailable == 0)
            add(Field::MaxUnavailable, tr("maxSurge and maxUnavailable are both 0 pods: no pod could ever be replaced. "
                                          "Allow at least one extra or one missing pod."));
        break;
    }
    case Strategy::BlueGreen:
        service(Field::ActiveService, activeService, true);
        service(Field::PreviewService, previewService, false);
        if (!previewService.isEmpty() && previewService == activeService)
            add(Field::PreviewService, tr("The preview Service must differ from the active one."));
        if (autoPromotionSeconds > 86'400)
            add(Field::AutoPromotion, tr("At most a day (86400 s)."));
        if (scaleDownDelaySeconds < 0 || scaleDownDelaySeconds > 86'400)
            add(Field::ScaleDownDelay, tr("From 0 to 86400 s."));
        if (prePromotion.enabled && previewService.isEmpty())
            add(Field::PrePromotionAnalysis, tr("Needs a preview Service: it measures the traffic the preview gets "
                                                "before users are switched."));
        analysis(Field::PrePromotionAnalysis, prePromotion);
        analysis(Field::PostPromotionAnalysis, postPromotion);
        break;
    case Strategy::Canary: {
        service(Field::StableService, stableService, true);
        service(Field::CanaryService, canaryService, false);
        if (!canaryService.isEmpty() && canaryService == stableService)
            add(Field::CanaryService, tr("The canary Service must differ from the stable one."));
        QString why;
        if (canaryWeights(&why).isEmpty()) {
            Field f = Field::Weights;
            if (stepMode == StepMode::StepWeight)
                f = stepWeight < 1 || stepWeight > 100 ? Field::StepWeight : Field::MaxWeight;
            add(f, why);
        }
        if (pauseMode == PauseMode::Duration) {
            const qint64 ms = parseDuration(pauseDuration);
            if (ms < 0)
                add(Field::Pause, tr("A duration such as 30s, 2m or 1h30m."));
            else if (ms < 1000)
                add(Field::Pause, tr("At least 1s; choose “no pause” for none."));
            else if (ms > 86'400'000)
                add(Field::Pause, tr("At most a day."));
        }
        analysis(Field::CanaryAnalysis, canaryAnalysis);
        break;
    }
    }
    // run with plain objects, nothing measures requests: an analysis could never pass
    if (runner == Runner::PlainObjects) {
        const QString why = tr("Flotilla reads request metrics only in its sandbox's Rollouts: with plain Deployments "
                               "and Services there is nothing to analyse. Turn the analysis off, or export the plan "
                               "for Argo Rollouts or Flagger with Prometheus.");
        if (strategy == Strategy::Canary && canaryAnalysis.enabled)
            add(Field::CanaryAnalysis, why);
        if (strategy == Strategy::BlueGreen && prePromotion.enabled)
            add(Field::PrePromotionAnalysis, why);
        if (strategy == Strategy::BlueGreen && postPromotion.enabled)
            add(Field::PostPromotionAnalysis, why);
    }
}

QList<DeployPlan::Issue> DeployPlan::validate() const
{
    QList<Issue> issues;
    check(issues);
    return issues;
}

QList<DeployPlan::Issue> DeployPlan::issuesOf(const QList<Field> &fields) const
{
    QList<Issue> out;
    for (const Issue &i : validate())
        if (fields.contains(i.field))
            out << i;
    return out;
}

DeployPlan::Estimates DeployPlan::estimate() const
{
    Estimates e;
    const qint64 podStart = kPodStartSeconds * 1000;
    switch (strategy) {
    case Strategy::RollingUpdate: {
        const int surge = std::max(0, resolveIntOrPercent(maxSurge, replicas, true));
        const int unavailable = std::max(0, resolveIntOrPercent(maxUnavailable, replicas, false));
        const int batch = std::max(1, surge + unavailable);
        const int waves = (replicas + batch - 1) / batch;
        e.promoteMs = waves * podStart;
        e.rollbackMs = e.promoteMs; // a whole rolling update back
        e.extraPods = surge;
        break;
    }
    case Strategy::BlueGreen:
        e.promoteMs = podStart + analysisMs(prePromotion) + std::max(0, autoPromotionSeconds) * 1000LL + analysisMs(postPromotion);
        e.manualPromotions = autoPromotionSeconds < 0 ? 1 : 0;
        e.rollbackInstant = true;
        e.rollbackWindowMs = qint64(scaleDownDelaySeconds) * 1000;
        e.extraPods = replicas;
        break;
    case Strategy::Canary: {
        const QList<int> weights = canaryWeights();
        const qint64 pause = pauseMode == PauseMode::Duration ? std::max<qint64>(0, parseDuration(pauseDuration)) : 0;
        int largestBelow = 0;
        for (int w : weights) {
            e.promoteMs += podStart;
            if (w >= 100)
                continue;
            largestBelow = std::max(largestBelow, w);
            e.promoteMs += pause + analysisMs(canaryAnalysis);
            e.manualPromotions += pauseMode == PauseMode::UntilPromoted ? 1 : 0;
        }
        e.rollbackInstant = true;
        e.extraPods = weights.isEmpty() ? 0
                      : largestBelow > 0 ? std::max(1, int(std::ceil(double(replicas) * largestBelow / 100.0)))
                                         : replicas;
        break;
    }
    }
    const auto cpu = api::parseQuantity(std::string_view(s(cpuRequest.trimmed())));
    const auto memory = api::parseQuantity(std::string_view(s(memoryRequest.trimmed())));
    e.extraCpuMilli = cpu ? e.extraPods * api::toMilli(*cpu) : 0;
    e.extraMemoryBytes = memory ? e.extraPods * api::toBytes(*memory) : 0;
    return e;
}

api::Json DeployPlan::analysisJson(const Analysis &a) const
{
    api::Json j = {{"interval", std::to_string(a.intervalSeconds) + "s"}, {"count", a.count}, {"failureLimit", a.failureLimit}};
    if (a.successRatePercent > 0)
        j["successRate"] = std::round(a.successRatePercent * 10.0) / 1000.0;
    if (a.maxP95LatencyMs > 0)
        j["maxP95LatencyMs"] = a.maxP95LatencyMs;
    return j;
}

api::Json DeployPlan::serviceJson(const QString &service) const
{
    api::Json meta = {{"name", s(service)}, {"labels", {{"app", s(name)}}}};
    if (!ns.isEmpty())
        meta["namespace"] = s(ns);
    return {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", meta},
            {"spec",
             {{"selector", {{"app", s(name)}}},
              {"ports", api::Json::array({{{"name", "http"}, {"port", port}, {"targetPort", port}}})}}}};
}

api::Json DeployPlan::rolloutJson() const
{
    const std::string app = s(name);
    api::Json container = {{"name", app.empty() ? std::string("app") : app},
                           {"image", s(image.trimmed())},
                           {"ports", api::Json::array({{{"name", "http"}, {"containerPort", port}}})}};
    api::Json resources = api::Json::object();
    if (!cpuRequest.trimmed().isEmpty())
        resources["requests"]["cpu"] = s(cpuRequest.trimmed());
    if (!memoryRequest.trimmed().isEmpty())
        resources["requests"]["memory"] = s(memoryRequest.trimmed());
    if (!cpuLimit.trimmed().isEmpty())
        resources["limits"]["cpu"] = s(cpuLimit.trimmed());
    if (!memoryLimit.trimmed().isEmpty())
        resources["limits"]["memory"] = s(memoryLimit.trimmed());
    if (!resources.empty())
        container["resources"] = resources;
    api::Json envJson = api::Json::array();
    for (const EnvVar &e : env)
        if (!e.name.isEmpty())
            envJson.push_back({{"name", s(e.name)}, {"value", s(e.value)}});
    if (!envJson.empty())
        container["env"] = envJson;
    api::Json envFrom = api::Json::array();
    if (!configMapRef.isEmpty())
        envFrom.push_back({{"configMapRef", {{"name", s(configMapRef)}}}});
    if (!secretRef.isEmpty())
        envFrom.push_back({{"secretRef", {{"name", s(secretRef)}}}});
    if (!envFrom.empty())
        container["envFrom"] = envFrom;
    if (readiness.enabled)
        container["readinessProbe"] = {{"httpGet", {{"path", s(readiness.path)}, {"port", readiness.port}}}, {"periodSeconds", 2}};
    if (liveness.enabled)
        container["livenessProbe"] = {{"httpGet", {{"path", s(liveness.path)}, {"port", liveness.port}}},
                                      {"periodSeconds", 10},
                                      {"failureThreshold", 3}};

    api::Json strategyJson;
    switch (strategy) {
    case Strategy::RollingUpdate: {
        const auto intOrString = [](const QString &v) {
            bool ok = false;
            const int n = v.trimmed().toInt(&ok);
            return ok ? api::Json(n) : api::Json(s(v.trimmed()));
        };
        strategyJson["rollingUpdate"] = {{"maxSurge", intOrString(maxSurge)}, {"maxUnavailable", intOrString(maxUnavailable)}};
        break;
    }
    case Strategy::BlueGreen: {
        api::Json b = {{"activeService", s(activeService)}, {"scaleDownDelaySeconds", scaleDownDelaySeconds}};
        if (!previewService.isEmpty())
            b["previewService"] = s(previewService);
        if (autoPromotionSeconds >= 0)
            b["autoPromotionSeconds"] = autoPromotionSeconds;
        if (prePromotion.enabled)
            b["prePromotionAnalysis"] = analysisJson(prePromotion);
        if (postPromotion.enabled)
            b["postPromotionAnalysis"] = analysisJson(postPromotion);
        strategyJson["blueGreen"] = b;
        break;
    }
    case Strategy::Canary: {
        api::Json steps = api::Json::array();
        const qint64 pause = parseDuration(pauseDuration);
        for (int w : canaryWeights()) {
            steps.push_back({{"setWeight", w}});
            if (w >= 100)
                continue;
            if (pauseMode == PauseMode::Duration && pause > 0)
                steps.push_back({{"pause", {{"duration", s(pauseDuration.trimmed())}}}});
            else if (pauseMode == PauseMode::UntilPromoted)
                steps.push_back({{"pause", api::Json::object()}});
            if (canaryAnalysis.enabled)
                steps.push_back({{"analysis", analysisJson(canaryAnalysis)}});
        }
        api::Json c = {{"stableService", s(stableService)}, {"steps", steps}};
        if (!canaryService.isEmpty())
            c["canaryService"] = s(canaryService);
        if (splitsByPods())
            c["trafficSplit"] = "Replicas";
        strategyJson["canary"] = c;
        break;
    }
    }

    api::Json meta = {{"name", app}, {"labels", {{"app", app}}}};
    if (!ns.isEmpty())
        meta["namespace"] = s(ns);
    return {{"apiVersion", "flotilla.dev/v1alpha1"},
            {"kind", "Rollout"},
            {"metadata", meta},
            {"spec",
             {{"replicas", replicas},
              {"selector", {{"matchLabels", {{"app", app}}}}},
              {"progressDeadlineSeconds", 600},
              {"template",
               {{"metadata", {{"labels", {{"app", app}}}}}, {"spec", {{"containers", api::Json::array({container})}}}}},
              {"strategy", strategyJson}}}};
}

std::vector<api::Json> DeployPlan::documents() const
{
    std::vector<api::Json> docs;
    if (!ns.isEmpty() && ns != QLatin1String("default") && !knownNamespaces.contains(ns))
        docs.push_back({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", s(ns)}}}});
    for (const QString &svc : serviceNames())
        if (!existingServices.contains(svc))
            docs.push_back(serviceJson(svc));
    docs.push_back(rolloutJson());
    return docs;
}

QString DeployPlan::yaml() const { return QString::fromStdString(api::toYaml(documents())); }

QString DeployPlan::supportingYaml() const
{
    std::vector<api::Json> docs = documents();
    docs.pop_back(); // the Rollout, last
    return docs.empty() ? QString() : QString::fromStdString(api::toYaml(docs));
}

QString DeployPlan::rolloutYaml() const { return QString::fromStdString(api::toYaml(rolloutJson())); }

QString DeployPlan::unifiedDiff(const QString &before, const QString &after, const QString &beforeName,
                                const QString &afterName, int context)
{
    const QStringList a = before.split(QLatin1Char('\n')), b = after.split(QLatin1Char('\n'));
    if (a == b)
        return {};
    // longest common subsequence of lines, then the edit script walked from the start
    const int n = int(a.size()), m = int(b.size());
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (int i = n - 1; i >= 0; --i)
        for (int j = m - 1; j >= 0; --j)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    struct Op {
        char kind; // ' ', '-', '+'
        int ai, bi;
    };
    std::vector<Op> ops;
    int i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j])
            ops.push_back({' ', i++, j++});
        else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]))
            ops.push_back({'-', i++, j}); // removals before additions, as diff -u writes them
        else
            ops.push_back({'+', i, j++});
    }
    QString out = QStringLiteral("--- %1\n+++ %2\n").arg(beforeName, afterName);
    std::size_t k = 0;
    while (k < ops.size()) {
        if (ops[k].kind == ' ') {
            ++k;
            continue;
        }
        // a hunk: from `context` lines before this change to `context` after the last change close to it
        std::size_t start = k >= std::size_t(context) ? k - context : 0;
        while (start < k && ops[start].kind != ' ')
            ++start;
        std::size_t end = k;
        std::size_t lastChange = k;
        while (end < ops.size()) {
            if (ops[end].kind != ' ')
                lastChange = end;
            else if (end - lastChange > std::size_t(2 * context))
                break;
            ++end;
        }
        end = std::min(ops.size(), lastChange + context + 1);
        int aCount = 0, bCount = 0;
        QString body;
        for (std::size_t x = start; x < end; ++x) {
            const Op &op = ops[x];
            if (op.kind != '+')
                ++aCount;
            if (op.kind != '-')
                ++bCount;
            body += QLatin1Char(op.kind) + (op.kind == '+' ? b[op.bi] : a[op.ai]) + QLatin1Char('\n');
        }
        out += QStringLiteral("@@ -%1,%2 +%3,%4 @@\n").arg(ops[start].ai + 1).arg(aCount).arg(ops[start].bi + 1).arg(bCount);
        out += body;
        k = end;
    }
    return out;
}

} // namespace flotilla::widgets
