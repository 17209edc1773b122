#include "validation.h"

#include "kinds.h"
#include "quantity.h"
#include "selector.h"
#include "types.h"
#include "workloads.h"

#include <cctype>
#include <set>

namespace flotilla::engine::api {

namespace {

Error fieldError(std::string path, std::string message)
{
    return Error::make(Error::Code::Invalid, std::move(message), std::move(path));
}

std::string dq(std::string_view s) { return "\"" + std::string(s) + "\""; }

const char *kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
    "end with an alphanumeric character (e.g. 'my-name', or '123-abc'), at most 63 characters";
const char *kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
    "start and end with an alphanumeric character (e.g. 'example.com'), at most 253 characters";

bool isLabelValue(std::string_view v)
{
    if (v.size() > 63)
        return false;
    if (v.empty())
        return true;
    if (!std::isalnum((unsigned char)v.front()) || !std::isalnum((unsigned char)v.back()))
        return false;
    for (char c : v)
        if (!std::isalnum((unsigned char)c) && c != '-' && c != '_' && c != '.')
            return false;
    return true;
}

bool isQualifiedName(std::string_view k)
{
    const auto slash = k.find('/');
    std::string_view name = k;
    if (slash != std::string_view::npos) {
        if (!isDns1123Subdomain(k.substr(0, slash)))
            return false;
        name = k.substr(slash + 1);
    }
    return !name.empty() && isLabelValue(name);
}

void validateName(const std::string &name, bool labelOnly, const std::string &path, std::vector<Error> &errors)
{
    const bool ok = labelOnly ? isDns1123Label(name) : isDns1123Subdomain(name);
    if (!ok)
        errors.push_back(fieldError(path, "Invalid value: " + dq(name) + ": " + (labelOnly ? kLabelMsg : kSubdomainMsg)));
}

void validateLabels(const Labels &labels, const std::string &path, std::vector<Error> &errors)
{
    for (const auto &[k, v] : labels) {
        if (!isQualifiedName(k))
            errors.push_back(fieldError(path, "Invalid value: " + dq(k) +
                                                  ": a valid label key is an optional DNS subdomain prefix and '/', "
                                                  "and a name of at most 63 alphanumeric characters, '-', '_' or '.'"));
        if (!isLabelValue(v))
            errors.push_back(fieldError(path + "." + k, "Invalid value: " + dq(v) +
                                                            ": a valid label value must be 63 characters or less "
                                                            "and consist of alphanumeric characters, '-', '_' or '.', "
                                                            "starting and ending with an alphanumeric character"));
    }
}

bool expectObject(const Json &j, const std::string &path, std::vector<Error> &errors, bool required)
{
    if (j.is_null()) {
        if (required)
            errors.push_back(fieldError(path, "Required value"));
        return false;
    }
    if (!j.is_object()) {
        errors.push_back(fieldError(path, std::string("must be an object, not ") + j.type_name()));
        return false;
    }
    return true;
}

void validatePort(const Json &p, const std::string &path, std::vector<Error> &errors, bool required)
{
    if (p.is_null()) {
        if (required)
            errors.push_back(fieldError(path, "Required value"));
        return;
    }
    if (!p.is_number_integer() || p.get<std::int64_t>() < 1 || p.get<std::int64_t>() > 65535)
        errors.push_back(fieldError(path, "Invalid value: " + p.dump() + ": must be between 1 and 65535, inclusive"));
}

void validateResources(const Json &res, const std::string &path, std::vector<Error> &errors)
{
    if (!expectObject(res, path, errors, false))
        return;
    for (const char *section : {"requests", "limits"}) {
        const Json &list = field(res, section);
        if (!expectObject(list, path + "." + section, errors, false))
            continue;
        for (const auto &[name, value] : list.items()) {
            if (!parseQuantity(value))
                errors.push_back(fieldError(path + "." + section + "." + name,
                                            "Invalid value: " + value.dump() +
                                                ": quantities must match the regular expression "
                                                "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (e.g. 500m, 2, 128Mi)"));
        }
    }
    const ResourceAmounts req{toMilli(parseQuantity(field(field(res, "requests"), "cpu")).value_or(0)),
                              toBytes(parseQuantity(field(field(res, "requests"), "memory")).value_or(0)), 0};
    const Json &lim = field(res, "limits");
    if (auto cpu = parseQuantity(field(lim, "cpu")); cpu && req.cpuMilli > toMilli(*cpu))
        errors.push_back(fieldError(path + ".requests.cpu", "Invalid value: must be less than or equal to cpu limit"));
    if (auto mem = parseQuantity(field(lim, "memory")); mem && req.memoryBytes > toBytes(*mem))
        errors.push_back(fieldError(path + ".requests.memory", "Invalid value: must be less than or equal to memory limit"));
}

void validatePodSpec(const Json &spec, const std::string &path, std::vector<Error> &errors)
{
    if (!expectObject(spec, path, errors, true))
        return;
    const Json &containers = field(spec, "containers");
    if (containers.is_null() || (containers.is_array() && containers.empty())) {
        errors.push_back(fieldError(path + ".containers", "Required value"));
        return;
    }
    if (!containers.is_array()) {
        errors.push_back(fieldError(path + ".containers", "must be a list of containers"));
        return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < containers.size(); ++i) {
        const std::string cp = path + ".containers[" + std::to_string(i) + "]";
        const Json &c = containers[i];
        if (!expectObject(c, cp, errors, true))
            continue;
        const Json &name = field(c, "name");
        if (!name.is_string() || name.get<std::string>().empty())
            errors.push_back(fieldError(cp + ".name", "Required value"));
        else {
            validateName(name.get<std::string>(), true, cp + ".name", errors);
            if (!names.insert(name.get<std::string>()).second)
                errors.push_back(fieldError(cp + ".name", "Duplicate value: " + dq(name.get<std::string>())));
        }
        const Json &image = field(c, "image");
        if (!image.is_string() || image.get<std::string>().empty())
            errors.push_back(fieldError(cp + ".image", "Required value"));
        else if (image.get<std::string>().find_first_of(" \t") != std::string::npos)
            errors.push_back(fieldError(cp + ".image", "Invalid value: " + image.dump() + ": must not contain spaces"));
        const Json &ports = field(c, "ports");
        if (!ports.is_null()) {
            if (!ports.is_array())
                errors.push_back(fieldError(cp + ".ports", "must be a list"));
            else
                for (std::size_t p = 0; p < ports.size(); ++p) {
                    const std::string pp = cp + ".ports[" + std::to_string(p) + "]";
                    if (!expectObject(ports[p], pp, errors, true))
                        continue;
                    validatePort(field(ports[p], "containerPort"), pp + ".containerPort", errors, true);
                    validatePort(field(ports[p], "hostPort"), pp + ".hostPort", errors, false);
                    const std::string proto = stringField(ports[p], "protocol", "TCP");
                    if (proto != "TCP" && proto != "UDP" && proto != "SCTP")
                        errors.push_back(fieldError(pp + ".protocol", "Unsupported value: " + dq(proto) +
                                                                          ": supported values: \"SCTP\", \"TCP\", \"UDP\""));
                }
        }
        validateResources(field(c, "resources"), cp + ".resources", errors);
    }
    for (const char *name : {"nodeName", "restartPolicy", "serviceAccountName", "hostname", "schedulerName"}) {
        const Json &f = field(spec, name);
        if (!f.is_null() && !f.is_string())
            errors.push_back(fieldError(path + "." + name, std::string("must be a string, not ") + f.type_name()));
    }
    const Json &grace = field(spec, "terminationGracePeriodSeconds");
    if (!grace.is_null() && (!grace.is_number_integer() || grace.get<std::int64_t>() < 0 || grace.get<std::int64_t>() > 31'536'000))
        errors.push_back(fieldError(path + ".terminationGracePeriodSeconds",
                                    "Invalid value: " + grace.dump() + ": must be a number of seconds from 0 to 31536000"));
    const std::string rp = stringField(spec, "restartPolicy", "Always");
    if (rp != "Always" && rp != "OnFailure" && rp != "Never")
        errors.push_back(fieldError(path + ".restartPolicy", "Unsupported value: " + dq(rp) +
                                                                 ": supported values: \"Always\", \"OnFailure\", \"Never\""));
    const Json &ns = field(spec, "nodeSelector");
    if (!ns.is_null()) {
        if (!ns.is_object())
            errors.push_back(fieldError(path + ".nodeSelector", "must be a map of strings"));
        else
            for (const auto &[k, v] : ns.items())
                if (!v.is_string())
                    errors.push_back(fieldError(path + ".nodeSelector." + k, "must be a string (quote the value)"));
    }
}

void validateWorkload(const Object &o, std::vector<Error> &errors)
{
    const Json &spec = o.spec();
    if (!expectObject(spec, "spec", errors, true))
        return;
    const Json &replicas = field(spec, "replicas");
    if (!replicas.is_null() && (!replicas.is_number_integer() || replicas.get<std::int64_t>() < 0))
        errors.push_back(fieldError("spec.replicas", "Invalid value: " + replicas.dump() +
                                                         ": must be greater than or equal to 0"));
    const Json &selector = field(spec, "selector");
    auto sel = LabelSelector::fromJson(selector, "spec.selector");
    if (selector.is_null() || (sel.ok() && sel->empty()))
        errors.push_back(fieldError("spec.selector", "Required value"));
    else if (!sel.ok())
        errors.push_back(sel.error());
    const Json &tmpl = field(spec, "template");
    if (!expectObject(tmpl, "spec.template", errors, true))
        return;
    Labels tmplLabels;
    const Json &labels = field(field(tmpl, "metadata"), "labels");
    if (labels.is_object())
        for (const auto &[k, v] : labels.items())
            if (v.is_string())
                tmplLabels[k] = v.get<std::string>();
    validateLabels(tmplLabels, "spec.template.metadata.labels", errors);
    if (sel.ok() && !sel->empty() && !sel->matches(tmplLabels)) {
        // the value as the API server prints it (Go's %#v of the label map)
        std::string shown = "map[string]string{";
        for (auto it = tmplLabels.begin(); it != tmplLabels.end(); ++it)
            shown += (it == tmplLabels.begin() ? "" : ", ") + Json(it->first).dump() + ":" + Json(it->second).dump();
        shown += "}";
        errors.push_back(fieldError("spec.template.metadata.labels",
                                    "Invalid value: " + shown + ": `selector` does not match template `labels`"));
    }
    validatePodSpec(field(tmpl, "spec"), "spec.template.spec", errors);
}

void validateService(const Object &o, std::vector<Error> &errors)
{
    const Json &spec = o.spec();
    if (!expectObject(spec, "spec", errors, true))
        return;
    const std::string type = stringField(spec, "type", "ClusterIP");
    if (type != "ClusterIP" && type != "NodePort" && type != "LoadBalancer" && type != "ExternalName")
        errors.push_back(fieldError("spec.type", "Unsupported value: " + dq(type) +
                                                     ": supported values: \"ClusterIP\", \"ExternalName\", "
                                                     "\"LoadBalancer\", \"NodePort\""));
    const Json &ports = field(spec, "ports");
    if (type != "ExternalName" && (!ports.is_array() || ports.empty()))
        errors.push_back(fieldError("spec.ports", "Required value"));
    else if (ports.is_array())
        for (std::size_t i = 0; i < ports.size(); ++i) {
            const std::string pp = "spec.ports[" + std::to_string(i) + "]";
            if (!expectObject(ports[i], pp, errors, true))
                continue;
            validatePort(field(ports[i], "port"), pp + ".port", errors, true);
            const Json &tp = field(ports[i], "targetPort");
            if (tp.is_number())
                validatePort(tp, pp + ".targetPort", errors, false);
            const Json &np = field(ports[i], "nodePort");
            if (np.is_number() && (np.get<std::int64_t>() < 30000 || np.get<std::int64_t>() > 32767))
                errors.push_back(fieldError(pp + ".nodePort", "Invalid value: " + np.dump() +
                                                                  ": provided port is not in the valid range. "
                                                                  "The range of valid ports is 30000-32767"));
            if (ports.size() > 1 && stringField(ports[i], "name").empty())
                errors.push_back(fieldError(pp + ".name", "Required value"));
        }
    const Json &selector = field(spec, "selector");
    if (!selector.is_null() && !selector.is_object())
        errors.push_back(fieldError("spec.selector", "must be a map of strings"));
    else if (selector.is_object())
        for (const auto &[k, v] : selector.items())
            if (!v.is_string())
                errors.push_back(fieldError("spec.selector." + k, "must be a string (quote the value)"));
}

void validateData(const Object &o, std::vector<Error> &errors)
{
    const bool secret = o.kind == kind::Secret;
    for (const char *section : {"data", "stringData", "binaryData"}) {
        const Json &data = field(o.body, section);
        if (!expectObject(data, section, errors, false))
            continue;
        for (const auto &[k, v] : data.items()) {
            const std::string p = std::string(section) + "." + k;
            bool keyOk = !k.empty() && k.size() <= 253;
            for (char c : k)
                if (!std::isalnum((unsigned char)c) && c != '-' && c != '_' && c != '.')
                    keyOk = false;
            if (!keyOk)
                errors.push_back(fieldError(p, "Invalid value: " + dq(k) +
                                                   ": a valid config key must consist of alphanumeric characters, "
                                                   "'-', '_' or '.'"));
            if (!v.is_string()) {
                errors.push_back(fieldError(p, std::string("must be a string, not ") + v.type_name() + " (quote the value)"));
                continue;
            }
            const bool base64 = (secret && std::string(section) == "data") || std::string(section) == "binaryData";
            if (base64) {
                if (!base64Decode(v.get_ref<const std::string &>()))
                    errors.push_back(fieldError(p, "Invalid value: illegal base64 data (use stringData for plain text)"));
            }
        }
    }
}

void validateWindow(const Json &rules, const std::string &path, std::vector<Error> &errors)
{
    if (!expectObject(rules, path, errors, false))
        return;
    const Json &w = field(rules, "stabilizationWindowSeconds");
    if (w.is_null())
        return;
    if (!w.is_number_integer())
        errors.push_back(fieldError(path + ".stabilizationWindowSeconds", std::string("must be a whole number of seconds, not ") + w.type_name()));
    else if (w.get<std::int64_t>() < 0)
        errors.push_back(fieldError(path + ".stabilizationWindowSeconds", "Invalid value: " + w.dump() + ": must be greater than or equal to 0"));
    else if (w.get<std::int64_t>() > 3600)
        errors.push_back(fieldError(path + ".stabilizationWindowSeconds", "Invalid value: " + w.dump() + ": must be less than or equal to 3600"));
}

/// autoscaling/v2: the sandbox scales Deployments and ReplicaSets on Resource metrics (cpu, memory).
void validateAutoscaler(const Object &o, std::vector<Error> &errors)
{
    const Json &spec = o.spec();
    if (!expectObject(spec, "spec", errors, true))
        return;
    const Json &ref = field(spec, "scaleTargetRef");
    if (expectObject(ref, "spec.scaleTargetRef", errors, true)) {
        for (const char *name : {"apiVersion", "kind", "name"}) {
            const Json &f = field(ref, name);
            if (!f.is_string() || f.get<std::string>().empty())
                errors.push_back(fieldError(std::string("spec.scaleTargetRef.") + name, "Required value"));
        }
        const std::string kind = stringField(ref, "kind");
        if (!kind.empty() && kind != kind::Deployment && kind != kind::ReplicaSet)
            errors.push_back(fieldError("spec.scaleTargetRef.kind", "Unsupported value: " + dq(kind) +
                                                                       ": supported values: \"Deployment\", \"ReplicaSet\""));
        const std::string name = stringField(ref, "name");
        if (!name.empty())
            validateName(name, false, "spec.scaleTargetRef.name", errors);
    }
    std::int64_t minReplicas = 1;
    const Json &min = field(spec, "minReplicas");
    if (!min.is_null()) {
        if (!min.is_number_integer() || min.get<std::int64_t>() < 1)
            errors.push_back(fieldError("spec.minReplicas", "Invalid value: " + min.dump() + ": must be greater than or equal to 1"));
        else
            minReplicas = min.get<std::int64_t>();
    }
    const Json &max = field(spec, "maxReplicas");
    if (max.is_null())
        errors.push_back(fieldError("spec.maxReplicas", "Required value"));
    else if (!max.is_number_integer() || max.get<std::int64_t>() < 1)
        errors.push_back(fieldError("spec.maxReplicas", "Invalid value: " + max.dump() + ": must be greater than 0"));
    else if (max.get<std::int64_t>() < minReplicas)
        errors.push_back(fieldError("spec.maxReplicas", "Invalid value: " + max.dump() +
                                                            ": must be greater than or equal to `minReplicas` (" +
                                                            std::to_string(minReplicas) + ")"));
    const Json &metrics = field(spec, "metrics");
    if (!metrics.is_null() && !metrics.is_array())
        errors.push_back(fieldError("spec.metrics", "must be a list of metrics"));
    else if (metrics.is_array())
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            const std::string mp = "spec.metrics[" + std::to_string(i) + "]";
            if (!expectObject(metrics[i], mp, errors, true))
                continue;
            const std::string type = stringField(metrics[i], "type");
            if (type.empty()) {
                errors.push_back(fieldError(mp + ".type", "Required value"));
                continue;
            }
            if (type != "Resource") {
                errors.push_back(fieldError(mp + ".type", "Unsupported value: " + dq(type) +
                                                              ": supported values: \"Resource\" (the sandbox "
                                                              "simulates CPU and memory metrics only)"));
                continue;
            }
            const Json &res = field(metrics[i], "resource");
            if (!expectObject(res, mp + ".resource", errors, true))
                continue;
            const std::string name = stringField(res, "name");
            if (name.empty())
                errors.push_back(fieldError(mp + ".resource.name", "Required value"));
            else if (name != "cpu" && name != "memory")
                errors.push_back(fieldError(mp + ".resource.name", "Unsupported value: " + dq(name) +
                                                                       ": supported values: \"cpu\", \"memory\""));
            const Json &target = field(res, "target");
            if (!expectObject(target, mp + ".resource.target", errors, true))
                continue;
            const std::string ttype = stringField(target, "type");
            const std::string tp = mp + ".resource.target";
            if (ttype.empty()) {
                errors.push_back(fieldError(tp + ".type", "Required value"));
            } else if (ttype == "Utilization") {
                const Json &u = field(target, "averageUtilization");
                if (u.is_null())
                    errors.push_back(fieldError(tp + ".averageUtilization", "Required value"));
                else if (!u.is_number_integer() || u.get<std::int64_t>() < 1)
                    errors.push_back(fieldError(tp + ".averageUtilization", "Invalid value: " + u.dump() + ": must be greater than 0"));
            } else if (ttype == "AverageValue") {
                const Json &v = field(target, "averageValue");
                if (v.is_null())
                    errors.push_back(fieldError(tp + ".averageValue", "Required value"));
                else if (const auto q = parseQuantity(v); !q || *q <= 0)
                    errors.push_back(fieldError(tp + ".averageValue", "Invalid value: " + v.dump() +
                                                                          ": must be a positive quantity (e.g. 200m, 256Mi)"));
            } else {
                errors.push_back(fieldError(tp + ".type", "Unsupported value: " + dq(ttype) +
                                                              ": supported values: \"AverageValue\", \"Utilization\""));
            }
        }
    const Json &behavior = field(spec, "behavior");
    if (expectObject(behavior, "spec.behavior", errors, false)) {
        validateWindow(field(behavior, "scaleUp"), "spec.behavior.scaleUp", errors);
        validateWindow(field(behavior, "scaleDown"), "spec.behavior.scaleDown", errors);
    }
}

} // namespace

bool isDns1123Label(std::string_view s)
{
    if (s.empty() || s.size() > 63)
        return false;
    if (!std::isalnum((unsigned char)s.front()) || !std::isalnum((unsigned char)s.back()))
        return false;
    for (char c : s)
        if (!(std::islower((unsigned char)c) || std::isdigit((unsigned char)c) || c == '-'))
            return false;
    return true;
}

bool isDns1123Subdomain(std::string_view s)
{
    if (s.empty() || s.size() > 253)
        return false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == '.') {
            if (!isDns1123Label(s.substr(start, i - start)))
                return false;
            start = i + 1;
        }
    }
    return true;
}

std::vector<Error> validate(const Object &o)
{
    std::vector<Error> errors;
    if (o.apiVersion.empty())
        errors.push_back(fieldError("apiVersion", "Required value: set apiVersion, e.g. \"v1\" or \"apps/v1\""));
    if (o.kind.empty()) {
        errors.push_back(fieldError("kind", "Required value: set kind, e.g. \"Pod\""));
        return errors;
    }
    const KindInfo *info = findKind(o.kind);
    if (!info) {
        errors.push_back(fieldError("kind", "no matches for kind " + dq(o.kind) + " in version " + dq(o.apiVersion)));
        return errors;
    }
    if (!o.apiVersion.empty() && o.apiVersion != info->apiVersion) {
        errors.push_back(fieldError("apiVersion", "no matches for kind " + dq(o.kind) + " in version " +
                                                      dq(o.apiVersion) + " (use " + dq(info->apiVersion) + ")"));
    }
    const auto &m = o.metadata;
    if (m.name.empty() && m.generateName.empty())
        errors.push_back(fieldError("metadata.name", "Required value: name or generateName is required"));
    else if (!m.name.empty()) {
        const bool labelOnly = o.kind == kind::Namespace || o.kind == kind::Service;
        validateName(m.name, labelOnly, "metadata.name", errors);
    }
    if (info->namespaced && !m.ns.empty())
        validateName(m.ns, true, "metadata.namespace", errors);
    validateLabels(m.labels, "metadata.labels", errors);
    std::size_t annotationBytes = 0;
    for (const auto &[k, v] : m.annotations) {
        annotationBytes += k.size() + v.size();
        if (!isQualifiedName(k))
            errors.push_back(fieldError("metadata.annotations", "Invalid value: " + dq(k) + ": not a valid annotation key"));
    }
    if (annotationBytes > 256 * 1024)
        errors.push_back(fieldError("metadata.annotations", "Too long: must have at most 262144 bytes"));

    if (o.kind == kind::Pod) {
        validatePodSpec(o.spec(), "spec", errors);
    } else if (o.kind == kind::Deployment || o.kind == kind::ReplicaSet) {
        validateWorkload(o, errors);
    } else if (o.kind == kind::HorizontalPodAutoscaler) {
        validateAutoscaler(o, errors);
    } else if (o.kind == kind::Service) {
        validateService(o, errors);
    } else if (o.kind == kind::ConfigMap || o.kind == kind::Secret) {
        validateData(o, errors);
    } else if (o.kind == kind::Event) {
        if (!expectObject(field(o.body, "involvedObject"), "involvedObject", errors, true)) {
        }
    } else if (o.kind == kind::Image) {
        if (stringField(o.spec(), "repository").empty())
            errors.push_back(fieldError("spec.repository", "Required value"));
    } else if (o.kind == kind::Node) {
        const Json &cap = field(o.status(), "capacity");
        if (expectObject(cap, "status.capacity", errors, false))
            for (const auto &[k, v] : cap.items())
                if (!parseQuantity(v))
                    errors.push_back(fieldError("status.capacity." + k, "Invalid value: " + v.dump() + ": not a quantity"));
    }
    return errors;
}

Result<std::vector<ParsedObject>> decodeObjects(const std::vector<Document> &documents)
{
    std::vector<ParsedObject> out;
    for (const auto &doc : documents) {
        auto decodeOne = [&](const Json &json, const std::string &prefix) -> std::optional<Error> {
            auto obj = objectFromJson(json);
            if (!obj.ok()) {
                Error e = obj.error();
                e.path = prefix + e.path;
                return doc.locate(e);
            }
            out.push_back({std::move(obj.value()), &doc, prefix});
            return std::nullopt;
        };
        if (doc.json.is_object() && stringField(doc.json, "kind") == "List") {
            const Json &items = field(doc.json, "items");
            if (!items.is_array())
                return doc.locate(fieldError("items", "a List needs a list of items"));
            for (std::size_t i = 0; i < items.size(); ++i)
                if (auto e = decodeOne(items[i], "items[" + std::to_string(i) + "]."))
                    return *e;
        } else if (auto e = decodeOne(doc.json, "")) {
            return *e;
        }
    }
    return out;
}

} // namespace flotilla::engine::api
