#include "traffic.h"

#include "../api/kinds.h"
#include "../api/selector.h"
#include "../api/types.h"
#include "replicasetcontroller.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>

namespace flotilla::engine::cluster {

namespace {
constexpr double kMinMs = 0.1;
constexpr double kRatio = 1.08;
constexpr double kSigma = 0.5; ///< spread of the log-normal latency: p95 ≈ 2.3 × median, p99 ≈ 3.2 ×
const double kLogRatio = std::log(kRatio);

std::uint64_t fnv1a(const std::string &text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::string key(const std::string &ns, const std::string &name) { return ns + "/" + name; }

/// When the pod stopped being Ready, if it is not Ready now.
std::optional<TimeMs> notReadySince(const api::Object &pod)
{
    for (const auto &c : api::PodStatus::decode(pod.status()).conditions)
        if (c.type == "Ready")
            return c.status == "True" ? std::optional<TimeMs>{} : std::optional<TimeMs>(c.lastTransitionTime.value_or(0));
    return TimeMs(0);
}

/// Counts of one tick.
struct Counts {
    std::uint64_t requests = 0, errors = 0, failures = 0;
    LatencyHistogram latency;

    TrafficFigures figures(double seconds) const
    {
        TrafficFigures f;
        if (seconds <= 0)
            return f;
        f.requestsPerSecond = double(requests) / seconds;
        f.errorsPerSecond = double(errors) / seconds;
        f.failuresPerSecond = double(failures) / seconds;
        f.p50 = latency.percentile(0.50);
        f.p95 = latency.percentile(0.95);
        f.p99 = latency.percentile(0.99);
        return f;
    }
};

std::optional<double> parseRate(std::string text)
{
    if (text.empty())
        return std::nullopt;
    bool percent = false;
    if (text.back() == '%') {
        percent = true;
        text.pop_back();
    }
    char *end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(v))
        return std::nullopt;
    return std::clamp(percent ? v / 100 : v, 0.0, 1.0);
}
} // namespace

std::optional<double> parseLatency(const std::string &text)
{
    double total = 0;
    std::size_t i = 0;
    if (text.empty())
        return std::nullopt;
    while (i < text.size()) {
        std::size_t j = i;
        while (j < text.size() && (std::isdigit((unsigned char)text[j]) || text[j] == '.'))
            ++j;
        if (j == i)
            return std::nullopt;
        const double v = std::atof(text.substr(i, j - i).c_str());
        std::size_t k = j;
        while (k < text.size() && std::isalpha((unsigned char)text[k]))
            ++k;
        const std::string unit = text.substr(j, k - j);
        const double ms = unit == "ms" || unit.empty() ? 1 : unit == "s" ? 1000 : unit == "m" ? 60'000 : unit == "us" ? 0.001 : -1;
        if (ms < 0)
            return std::nullopt;
        total += v * ms;
        i = k;
    }
    return total;
}

// --- LatencyHistogram ---

void LatencyHistogram::add(double ms)
{
    int bucket = 0;
    if (ms > kMinMs)
        bucket = std::min(kBuckets - 1, int(std::log(ms / kMinMs) / kLogRatio));
    ++m_counts[std::size_t(bucket)];
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (int i = 0; i < kBuckets; ++i)
        m_counts[std::size_t(i)] += other.m_counts[std::size_t(i)];
    m_count += other.m_count;
}

void LatencyHistogram::clear()
{
    m_counts.fill(0);
    m_count = 0;
}

double LatencyHistogram::percentile(double q) const
{
    if (m_count == 0)
        return 0;
    const auto rank = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(std::clamp(q, 0.0, 1.0) * double(m_count))));
    std::uint64_t seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += m_counts[std::size_t(i)];
        if (seen >= rank)
            return kMinMs * std::pow(kRatio, i + 0.5); // the bucket's geometric middle
    }
    return kMinMs * std::pow(kRatio, kBuckets);
}

// --- Traffic ---

Traffic::Traffic(store::Store &store, sim::Simulation &sim, ImageLabelsLookup imageLabels)
    : m_store(store), m_sim(sim), m_imageLabels(std::move(imageLabels))
{
}

Traffic::~Traffic()
{
    if (m_task)
        m_sim.cancel(m_task);
}

Traffic::State *Traffic::find(const std::string &ns, const std::string &name)
{
    const auto it = m_states.find(key(ns, name));
    return it == m_states.end() ? nullptr : &it->second;
}

const Traffic::State *Traffic::find(const std::string &ns, const std::string &name) const
{
    const auto it = m_states.find(key(ns, name));
    return it == m_states.end() ? nullptr : &it->second;
}

Result<Traffic::State *> Traffic::stateFor(const std::string &ns, const std::string &name)
{
    if (!m_store.get(api::kind::Service, ns, name))
        return Error::make(Error::Code::NotFound, "services \"" + name + "\" not found in namespace \"" + ns + "\"");
    const std::string k = key(ns, name);
    auto it = m_states.find(k);
    if (it == m_states.end()) {
        it = m_states.try_emplace(k).first;
        it->second.ns = ns;
        it->second.name = name;
        // Each Service draws from its own stream: one Service's traffic never changes another's figures.
        it->second.random.reseed(m_sim.seed() ^ fnv1a("traffic/" + k));
    }
    return &it->second;
}

Status Traffic::setRate(const std::string &ns, const std::string &name, double requestsPerSecond)
{
    if (!std::isfinite(requestsPerSecond) || requestsPerSecond < 0 || requestsPerSecond > kMaxRate)
        return Error::make(Error::Code::Invalid, "requests per second: Invalid value: " + std::to_string(requestsPerSecond) +
                                                     ": must be between 0 and " + std::to_string(int(kMaxRate)));
    auto s = stateFor(ns, name);
    if (!s.ok())
        return s.error();
    State &st = **s;
    if (st.rate == 0 && requestsPerSecond > 0) {
        st.carry = 0;
        st.viewValid = false; // the proxy looks at the endpoints afresh
        st.last.time = m_sim.now();
    }
    st.rate = requestsPerSecond;
    ensureTicking();
    return {};
}

double Traffic::rate(const std::string &ns, const std::string &name) const
{
    const State *s = find(ns, name);
    return s ? s->rate : 0;
}

Status Traffic::setBalancing(const std::string &ns, const std::string &name, Balancing balancing)
{
    auto s = stateFor(ns, name);
    if (!s.ok())
        return s.error();
    (*s)->balancing = balancing;
    return {};
}

Status Traffic::setWeights(const std::string &ns, const std::string &name, std::vector<TrafficWeight> weights)
{
    double sum = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const auto &w = weights[i];
        const std::string path = "weights[" + std::to_string(i) + "]";
        if (w.subset.empty())
            return Error::make(Error::Code::Invalid, path + ".subset: Required value: a label selector or a version");
        if (!std::isfinite(w.weight) || w.weight < 0)
            return Error::make(Error::Code::Invalid, path + ".weight: Invalid value: must be 0 or more");
        if (w.subset.find_first_of("=!() ") != std::string::npos)
            if (auto sel = api::LabelSelector::parse(w.subset); !sel.ok())
                return Error::make(Error::Code::Invalid, path + ".subset: " + sel.error().message);
        sum += w.weight;
    }
    if (!weights.empty() && sum <= 0)
        return Error::make(Error::Code::Invalid, "weights: Invalid value: at least one subset needs a weight above 0");
    auto s = stateFor(ns, name);
    if (!s.ok())
        return s.error();
    State &st = **s;
    st.weights = std::move(weights);
    st.current.assign(st.weights.size(), 0);
    st.viewValid = false; // subsets are assigned when the proxy reads the endpoints
    return {};
}

void Traffic::ensureTicking()
{
    if (m_task)
        return;
    const bool any = std::any_of(m_states.begin(), m_states.end(), [](const auto &kv) { return kv.second.rate > 0; });
    if (!any)
        return;
    // On whole seconds of simulated time, so that every Service's samples line up.
    const TimeMs next = (m_sim.now() / kTick + 1) * kTick;
    m_task = m_sim.at(next, [this] {
        m_task = 0;
        tick();
    });
}

void Traffic::tick()
{
    ++m_ticks;
    const TimeMs now = m_sim.now();
    for (auto it = m_states.begin(); it != m_states.end();) {
        State &s = it->second;
        if (!m_store.get(api::kind::Service, s.ns, s.name)) {
            it = m_states.erase(it);
            continue;
        }
        if (s.rate > 0)
            run(s, now);
        ++it;
    }
    if (m_behaviours.size() > 20'000)
        m_behaviours.clear(); // looked up again as needed
    if (m_loadListener) {
        // a last tick after the traffic stopped reports no load, so the pods' CPU use drops again
        std::unordered_map<std::string, PodLoad> perPod;
        for (const auto &[k, s] : m_states)
            if (s.rate > 0)
                for (const auto &p : s.pods) {
                    if (p.pod.empty())
                        continue;
                    PodLoad &l = perPod[key(s.ns, p.pod)];
                    const double answered = p.figures.requestsPerSecond - p.figures.failuresPerSecond;
                    // the median latency, weighted by what each Service had answered
                    if (answered > 0)
                        l.latencyMs = (l.latencyMs * l.answeredPerSecond + p.figures.p50 * answered) /
                                      (l.answeredPerSecond + answered);
                    l.requestsPerSecond += p.figures.requestsPerSecond;
                    l.answeredPerSecond += answered;
                    l.errorsPerSecond += p.figures.errorsPerSecond;
                    l.failuresPerSecond += p.figures.failuresPerSecond;
                }
        m_loadListener(perPod);
    }
    ensureTicking();
}

Traffic::Behaviour Traffic::behaviourOf(const api::Object &pod)
{
    const api::PodSpec spec = api::PodSpec::decode(pod.spec());
    const std::string image = spec.containers.empty() ? std::string() : spec.containers.front().image;
    const std::string k = pod.metadata.uid + "|" + image;
    if (const auto it = m_behaviours.find(k); it != m_behaviours.end())
        return it->second;
    Behaviour b;
    if (m_imageLabels && !image.empty()) {
        const api::Labels labels = m_imageLabels(image);
        if (const auto it = labels.find("flotilla.sim.error-rate"); it != labels.end())
            if (const auto r = parseRate(it->second))
                b.errorRate = *r;
        if (const auto it = labels.find("flotilla.sim.latency"); it != labels.end())
            if (const auto l = parseLatency(it->second); l && *l > 0)
                b.latencyMs = *l;
    }
    m_behaviours.emplace(k, b);
    return b;
}

int Traffic::subsetOf(const State &s, const api::Object &pod, const std::string &version) const
{
    if (s.weights.empty())
        return 0;
    for (std::size_t i = 0; i < s.weights.size(); ++i) {
        const std::string &subset = s.weights[i].subset;
        if (subset.find_first_of("=!() ") != std::string::npos) {
            if (auto sel = api::LabelSelector::parse(subset); sel.ok() && sel->matches(pod.metadata.labels))
                return int(i);
        } else if (subset == version) {
            return int(i);
        }
    }
    return -1;
}

std::vector<Traffic::Endpoint> Traffic::endpointsOf(const State &s)
{
    std::vector<Endpoint> out;
    const api::ObjectPtr ep = m_store.get(api::kind::Endpoints, s.ns, s.name);
    if (!ep)
        return out;
    const api::Json &subsets = api::field(ep->body, "subsets");
    if (!subsets.is_array())
        return out;
    for (const auto &subset : subsets) {
        const api::Json &addresses = api::field(subset, "addresses");
        if (!addresses.is_array())
            continue;
        for (const auto &a : addresses) {
            Endpoint e;
            e.ip = api::stringField(a, "ip");
            e.node = api::stringField(a, "nodeName");
            const api::Json &ref = api::field(a, "targetRef");
            e.pod = api::stringField(ref, "name");
            e.uid = api::stringField(ref, "uid");
            api::ObjectPtr pod = e.pod.empty() ? nullptr : m_store.get(api::kind::Pod, s.ns, e.pod);
            if (pod) {
                e.version = versionOf(*pod);
                const Behaviour b = behaviourOf(*pod);
                e.errorRate = b.errorRate;
                e.latencyMs = b.latencyMs;
                e.subset = subsetOf(s, *pod, e.version);
            } else {
                // an address the user wrote (a Service without selector): it answers, with defaults
                e.version = e.ip;
                api::Object none;
                e.subset = subsetOf(s, none, e.version);
            }
            out.push_back(std::move(e));
        }
    }
    return out;
}

void Traffic::run(State &s, TimeMs now)
{
    const TimeMs dt = std::clamp<TimeMs>(now - s.last.time, 1, kTick);
    const double seconds = double(dt) / 1000.0;
    s.carry += s.rate * seconds;
    const auto n = std::uint64_t(s.carry);
    s.carry -= double(n);
    if (!s.viewValid) {
        s.view = endpointsOf(s);
        s.viewValid = true;
    }
    const std::vector<Endpoint> &view = s.view;

    // How each endpoint in the proxy's view fares now. A pod that began to terminate (or went) since the
    // proxy looked has left the Endpoints at that moment, and kube-proxy sends new connections elsewhere
    // while the pod drains what it has: the share of the tick after that moment goes to the subset's other
    // endpoints. A pod that stopped being ready (a crash, a failing probe) still gets its share until the
    // proxy catches up, and those requests fail.
    struct Live {
        double failShare = 0; ///< of the tick: requests to it fail
        double goneShare = 0; ///< of the tick: it is out of the proxy's rules, requests go to another endpoint
    };
    std::vector<Live> live(view.size());
    for (std::size_t i = 0; i < view.size(); ++i) {
        const Endpoint &e = view[i];
        if (e.pod.empty())
            continue;
        const api::ObjectPtr pod = m_store.get(api::kind::Pod, s.ns, e.pod);
        auto share = [&](TimeMs since) { return std::clamp(double(now - since) / double(dt), 0.0, 1.0); };
        if (!pod || (!e.uid.empty() && pod->metadata.uid != e.uid)) {
            live[i].goneShare = 1;
        } else if (pod->metadata.deletionTimestamp) {
            // deletionTimestamp is when the grace period ends; the shutdown began that long before
            const TimeMs grace = pod->metadata.deletionGracePeriodSeconds.value_or(0) * 1000;
            live[i].goneShare = share(*pod->metadata.deletionTimestamp - grace);
        } else if (const auto since = notReadySince(*pod)) {
            live[i].failShare = share(*since);
        }
    }

    // Subsets and their exact shares.
    const std::size_t subsetCount = s.weights.empty() ? 1 : s.weights.size();
    std::vector<std::vector<std::size_t>> members(subsetCount);
    std::vector<std::vector<std::size_t>> staying(subsetCount); // members that stay in the proxy's rules all tick
    for (std::size_t i = 0; i < view.size(); ++i)
        if (view[i].subset >= 0) {
            members[std::size_t(view[i].subset)].push_back(i);
            if (live[i].goneShare == 0)
                staying[std::size_t(view[i].subset)].push_back(i);
        }
    std::vector<double> share(subsetCount, 1.0);
    double totalWeight = 1.0;
    if (!s.weights.empty()) {
        totalWeight = 0;
        for (std::size_t k = 0; k < subsetCount; ++k)
            totalWeight += share[k] = s.weights[k].weight;
    }
    if (s.current.size() != subsetCount)
        s.current.assign(subsetCount, 0);

    // Versions, in the order the endpoints list them.
    std::vector<std::string> versions;
    std::vector<int> versionOfEndpoint(view.size());
    for (std::size_t i = 0; i < view.size(); ++i) {
        auto it = std::find(versions.begin(), versions.end(), view[i].version);
        if (it == versions.end())
            it = versions.insert(versions.end(), view[i].version);
        versionOfEndpoint[i] = int(it - versions.begin());
    }

    Counts total;
    std::vector<Counts> perVersion(versions.size());
    std::vector<Counts> perPod(view.size());
    std::vector<std::size_t> roundRobin(subsetCount, 0);
    sim::Random &rng = s.random;
    for (std::uint64_t r = 0; r < n; ++r) {
        ++total.requests;
        std::size_t k = 0;
        if (subsetCount > 1 || !s.weights.empty()) {
            // smooth weighted round robin (as nginx does): exact shares, evenly interleaved
            for (std::size_t j = 0; j < subsetCount; ++j)
                s.current[j] += share[j];
            k = std::size_t(std::max_element(s.current.begin(), s.current.end()) - s.current.begin());
            s.current[k] -= totalWeight;
        }
        const auto &m = members[k];
        if (m.empty()) {
            ++total.failures; // no healthy upstream
            continue;
        }
        std::size_t pick = s.balancing == Balancing::Random ? m[std::size_t(rng.range(0, std::int64_t(m.size()) - 1))]
                                                            : m[(s.roundRobin + roundRobin[k]++) % m.size()];
        if (live[pick].goneShare > 0 && rng.chance(live[pick].goneShare)) {
            const auto &other = staying[k];
            if (other.empty()) {
                ++total.failures; // the subset's last endpoint went: nothing to send it to
                continue;
            }
            pick = other[std::size_t(rng.range(0, std::int64_t(other.size()) - 1))];
        }
        const Endpoint &e = view[pick];
        Counts &pod = perPod[pick];
        Counts &version = perVersion[std::size_t(versionOfEndpoint[pick])];
        ++pod.requests;
        ++version.requests;
        if (live[pick].failShare > 0 && rng.chance(live[pick].failShare)) {
            ++total.failures;
            ++pod.failures;
            ++version.failures;
            continue;
        } else if (e.errorRate > 0 && rng.chance(e.errorRate)) {
            ++total.errors;
            ++pod.errors;
            ++version.errors;
        }
        // log-normal around the image's median latency (Box–Muller)
        const double u1 = 1.0 - rng.uniform();
        const double u2 = rng.uniform();
        const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
        const double ms = e.latencyMs * std::exp(kSigma * z);
        total.latency.add(ms);
        version.latency.add(ms);
        pod.latency.add(ms);
    }
    s.roundRobin += n;

    TrafficSample sample;
    sample.time = now;
    sample.total = total.figures(seconds);
    for (std::size_t v = 0; v < versions.size(); ++v) {
        VersionTraffic vt;
        vt.version = versions[v];
        vt.figures = perVersion[v].figures(seconds);
        if (!s.weights.empty())
            vt.weight = 0;
        for (std::size_t k = 0; k < subsetCount; ++k) {
            const auto &m = members[k];
            const auto here = std::count_if(m.begin(), m.end(), [&](std::size_t i) { return versionOfEndpoint[i] == int(v); });
            if (k == 0 || !s.weights.empty())
                vt.endpoints += int(here);
            if (!s.weights.empty() && !m.empty() && totalWeight > 0)
                vt.weight += share[k] / totalWeight * double(here) / double(m.size());
        }
        sample.versions.push_back(std::move(vt));
    }
    s.pods.clear();
    for (std::size_t i = 0; i < view.size(); ++i)
        s.pods.push_back({view[i].pod, view[i].ip, view[i].node, view[i].version, perPod[i].figures(seconds)});
    s.requests += total.requests;
    s.errors += total.errors;
    s.failures += total.failures;
    s.last = sample;
    s.history.push_back(std::move(sample));
    while (s.history.size() > kHistory)
        s.history.pop_front();

    // The proxy catches up with the Endpoints for the next tick.
    s.view = endpointsOf(s);
}

ServiceTraffic Traffic::snapshot(const State &s) const
{
    ServiceTraffic t;
    t.ns = s.ns;
    t.name = s.name;
    t.rate = s.rate;
    t.balancing = s.balancing;
    t.weights = s.weights;
    t.requests = s.requests;
    t.errors = s.errors;
    t.failures = s.failures;
    t.last = s.last;
    t.pods = s.pods;
    return t;
}

std::optional<ServiceTraffic> Traffic::stats(const std::string &ns, const std::string &name, bool withHistory) const
{
    const State *s = find(ns, name);
    if (!s)
        return std::nullopt;
    ServiceTraffic t = snapshot(*s);
    if (withHistory)
        t.history.assign(s->history.begin(), s->history.end());
    return t;
}

std::vector<ServiceTraffic> Traffic::allStats(std::optional<TimeMs> historySince) const
{
    std::vector<ServiceTraffic> out;
    out.reserve(m_states.size());
    for (const auto &[k, s] : m_states) {
        out.push_back(snapshot(s));
        if (historySince) {
            auto it = std::upper_bound(s.history.begin(), s.history.end(), *historySince,
                                       [](TimeMs t, const TrafficSample &x) { return t < x.time; });
            out.back().history.assign(it, s.history.end());
        }
    }
    return out;
}

std::vector<TrafficSample> Traffic::history(const std::string &ns, const std::string &name) const
{
    const State *s = find(ns, name);
    return s ? std::vector<TrafficSample>(s->history.begin(), s->history.end()) : std::vector<TrafficSample>{};
}

std::string Traffic::versionOf(const api::Object &pod)
{
    if (const auto it = pod.metadata.labels.find("version"); it != pod.metadata.labels.end() && !it->second.empty())
        return it->second;
    // a Rollout's version: its revision, the same on every Deployment of that template
    if (const auto it = pod.metadata.labels.find("rollouts.flotilla.dev/revision"); it != pod.metadata.labels.end() && !it->second.empty())
        return it->second;
    if (const auto it = pod.metadata.labels.find("pod-template-hash"); it != pod.metadata.labels.end() && !it->second.empty())
        return it->second;
    const api::PodSpec spec = api::PodSpec::decode(pod.spec());
    if (!spec.containers.empty())
        return api::splitImageReference(spec.containers.front().image).second;
    return {};
}

std::vector<RegistryService> Traffic::registry(const std::string &ns, const std::string &name, std::size_t maxInstances) const
{
    std::vector<api::ObjectPtr> services;
    if (!name.empty()) {
        if (auto svc = m_store.get(api::kind::Service, ns, name))
            services.push_back(std::move(svc));
    } else {
        services = m_store.list(api::kind::Service, ns);
    }
    const TimeMs now = m_sim.now();
    std::vector<RegistryService> out;
    for (const auto &svc : services) {
        RegistryService rs;
        rs.ns = svc->metadata.ns;
        rs.name = svc->metadata.name;
        const api::ObjectPtr ep = m_store.get(api::kind::Endpoints, rs.ns, rs.name);
        static const api::Json kNone;
        const api::Json &subsets = ep ? api::field(ep->body, "subsets") : kNone;
        if (subsets.is_array()) {
            for (const auto &subset : subsets) {
                const api::Json &ports = api::field(subset, "ports");
                const int port = ports.is_array() && !ports.empty() ? ports[0].value("port", 0) : 0;
                for (const char *list : {"addresses", "notReadyAddresses"}) {
                    const bool ready = list[0] == 'a';
                    const api::Json &addresses = api::field(subset, list);
                    if (!addresses.is_array())
                        continue;
                    for (const auto &a : addresses) {
                        RegistryInstance in;
                        in.ip = api::stringField(a, "ip");
                        in.port = port;
                        in.node = api::stringField(a, "nodeName");
                        in.instanceId = api::stringField(api::field(a, "targetRef"), "name");
                        const api::ObjectPtr pod =
                            in.instanceId.empty() ? nullptr : m_store.get(api::kind::Pod, rs.ns, in.instanceId);
                        if (in.instanceId.empty())
                            in.instanceId = in.ip;
                        TimeMs start = now, until = now;
                        if (pod) {
                            in.version = versionOf(*pod);
                            const api::PodStatus st = api::PodStatus::decode(pod->status());
                            start = st.startTime.value_or(pod->metadata.creationTimestamp.value_or(now));
                            int restarts = 0;
                            bool running = false;
                            for (const auto &c : st.containerStatuses) {
                                restarts += c.restartCount;
                                running |= c.state == api::ContainerStatus::State::Running;
                                // the application registers when its container starts (again after a restart)
                                if (c.state == api::ContainerStatus::State::Running && c.startedAt)
                                    start = std::max(start, *c.startedAt);
                            }
                            if (ready)
                                in.status = RegistryInstance::Status::Up;
                            else if (restarts > 0 || pod->metadata.deletionTimestamp || st.phase == "Failed")
                                in.status = RegistryInstance::Status::Down;
                            else
                                in.status = RegistryInstance::Status::Starting;
                            if (!running)
                                until = notReadySince(*pod).value_or(now); // the heartbeats stopped with it
                            if (!running && until <= 0)
                                until = start;
                        } else {
                            in.status = ready ? RegistryInstance::Status::Up : RegistryInstance::Status::Starting;
                        }
                        if (until >= start)
                            in.lastHeartbeat = start + (until - start) / kHeartbeat * kHeartbeat;
                        switch (in.status) {
                        case RegistryInstance::Status::Up: ++rs.up; break;
                        case RegistryInstance::Status::Starting: ++rs.starting; break;
                        case RegistryInstance::Status::Down: ++rs.down; break;
                        }
                        rs.instances.push_back(std::move(in));
                    }
                }
            }
        }
        std::sort(rs.instances.begin(), rs.instances.end(), [](const RegistryInstance &a, const RegistryInstance &b) {
            return a.status != b.status ? a.status < b.status : a.instanceId < b.instanceId;
        });
        if (rs.instances.size() > maxInstances)
            rs.instances.resize(maxInstances);
        out.push_back(std::move(rs));
    }
    return out;
}

} // namespace flotilla::engine::cluster
