#include "sandbox.h"

#include "../api/codec.h"
#include "../api/kinds.h"
#include "../api/types.h"
#include "../api/validation.h"
#include "../common/log.h"
#include "../image/catalog.h"
#include "../image/reference.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace flotilla::engine::sandbox {

namespace fs = std::filesystem;
using api::Json;
using api::MutableObjectPtr;
using api::ObjectPtr;

namespace {
constexpr std::string_view kLog = "sandbox";

TimeMs wallNow()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string resourceName(const api::Object &o)
{
    const auto *info = api::findKind(o.kind);
    std::string kind = o.kind;
    for (auto &c : kind)
        c = char(std::tolower((unsigned char)c));
    if (info) {
        const auto group = api::groupOf(info->apiVersion);
        if (!group.empty())
            kind += "." + std::string(group);
    }
    return kind + "/" + o.metadata.name;
}

MutableObjectPtr makeNamespace(const std::string &name)
{
    auto o = std::make_shared<api::Object>();
    o->apiVersion = "v1";
    o->kind = std::string(api::kind::Namespace);
    o->metadata.name = name;
    o->metadata.labels = {{"kubernetes.io/metadata.name", name}};
    o->body = {{"spec", {{"finalizers", {"kubernetes"}}}}, {"status", {{"phase", "Active"}}}};
    return o;
}

/// The system images a node comes with, as a kind or kubeadm node has them preloaded.
Json preloadedImages()
{
    Json images = Json::array();
    for (const auto &[name, size] : std::initializer_list<std::pair<const char *, std::int64_t>>{
             {"registry.k8s.io/etcd:3.5.15-0", 56'909'194},
             {"registry.k8s.io/kube-apiserver:v1.31.0", 28'063'421},
             {"registry.k8s.io/kube-controller-manager:v1.31.0", 26'240'868},
             {"registry.k8s.io/kube-scheduler:v1.31.0", 20'196'722},
             {"registry.k8s.io/kube-proxy:v1.31.0", 30'207'900},
             {"registry.k8s.io/coredns/coredns:v1.11.1", 18'182'961},
             {"registry.k8s.io/pause:3.10", 320'368}})
        images.push_back({{"names", {name}}, {"sizeBytes", size}});
    return images;
}

struct NodeShape {
    const char *cpu;
    const char *memory;
    const char *allocatableMemory;
};

NodeShape shapeOf(NodeSize size)
{
    switch (size) {
    case NodeSize::Small: return {"2", "4Gi", "3800Mi"};
    case NodeSize::Large: return {"16", "64Gi", "63Gi"};
    case NodeSize::Medium: break;
    }
    return {"4", "8Gi", "7800Mi"};
}

/// Node `index` (0 = the control plane) gets 172.18.x.y and the pod range 10.x.y.0/24 from 10.244.0.0/14.
std::string nodeIp(int index)
{
    const int host = index + 2;
    return "172.18." + std::to_string(host / 256) + "." + std::to_string(host % 256);
}

/// Pod ranges: a /24 per node, the first 1,024 from 10.244.0.0/14 (kind's and flannel's range), the next
/// 4,096 from 10.16.0.0/12, so a sandbox holds up to 5,120 nodes.
constexpr int kMaxNodes = 5120;
/// Tasks run at one simulated instant before their changes are delivered to watchers.
constexpr std::size_t kTasksPerDelivery = 16;

std::string podCidr(int index)
{
    const int a = index < 1024 ? 244 + index / 256 : 16 + (index - 1024) / 256;
    return "10." + std::to_string(a) + "." + std::to_string(index % 256) + ".0/24";
}

/// The node index a pod range belongs to, or -1.
int podCidrIndex(const std::string &cidr)
{
    int a = 0, b = 0, bits = 0;
    if (std::sscanf(cidr.c_str(), "10.%d.%d.0/%d", &a, &b, &bits) != 3 || b < 0 || b > 255)
        return -1;
    if (a >= 244 && a <= 247)
        return (a - 244) * 256 + b;
    if (a >= 16 && a <= 31)
        return 1024 + (a - 16) * 256 + b;
    return -1;
}

MutableObjectPtr makeNode(const std::string &name, bool controlPlane, int index, TimeMs now,
                          NodeSize size = NodeSize::Medium)
{
    const std::string ip = nodeIp(index);
    const NodeShape shape = shapeOf(size);
    auto o = std::make_shared<api::Object>();
    o->apiVersion = "v1";
    o->kind = std::string(api::kind::Node);
    o->metadata.name = name;
    o->metadata.labels = {{"kubernetes.io/hostname", name},
                          {"kubernetes.io/os", "linux"},
                          {"kubernetes.io/arch", "amd64"},
                          {"flotilla.dev/simulated", "true"}};
    if (controlPlane)
        o->metadata.labels["node-role.kubernetes.io/control-plane"] = "";
    Json spec = {{"podCIDR", podCidr(index)}, {"podCIDRs", {podCidr(index)}}};
    if (controlPlane)
        spec["taints"] = Json::array({{{"key", "node-role.kubernetes.io/control-plane"}, {"effect", "NoSchedule"}}});
    const std::string t = formatRfc3339(now);
    auto cond = [&](const char *type, const char *status, const char *reason, const char *message) {
        return Json{{"type", type}, {"status", status}, {"reason", reason}, {"message", message},
                    {"lastHeartbeatTime", t}, {"lastTransitionTime", t}};
    };
    const Json resources = {{"cpu", shape.cpu}, {"memory", shape.memory}, {"pods", "110"}, {"ephemeral-storage", "100Gi"}};
    Json allocatable = resources;
    allocatable["memory"] = shape.allocatableMemory;
    o->body = {
        {"spec", spec},
        {"status",
         {{"capacity", resources},
          {"allocatable", allocatable},
          {"conditions",
           {cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            cond("Ready", "True", "KubeletReady", "kubelet is posting ready status")}},
          {"images", preloadedImages()},
          {"addresses", {{{"type", "InternalIP"}, {"address", ip}}, {{"type", "Hostname"}, {"address", name}}}},
          {"nodeInfo",
           {{"kubeletVersion", "v1.31.0"},
            {"kubeProxyVersion", "v1.31.0"},
            {"containerRuntimeVersion", "flotilla-sim://0.1.0"},
            {"osImage", "Flotilla sandbox node (simulated)"},
            {"kernelVersion", "simulated"},
            {"operatingSystem", "linux"},
            {"architecture", "amd64"}}}}},
    };
    return o;
}

MutableObjectPtr makeSystemPod(const std::string &name, const std::string &node, const std::string &image,
                               const std::string &cpu, const std::string &memory, const std::string &component)
{
    auto o = std::make_shared<api::Object>();
    o->apiVersion = "v1";
    o->kind = std::string(api::kind::Pod);
    o->metadata.name = name;
    o->metadata.ns = "kube-system";
    o->metadata.labels = {{"component", component}, {"tier", "control-plane"}};
    Json requests = {{"cpu", cpu}};
    if (!memory.empty())
        requests["memory"] = memory;
    o->body = {{"spec",
                {{"nodeName", node},
                 {"priorityClassName", "system-node-critical"},
                 {"tolerations", Json::array({{{"operator", "Exists"}}})},
                 {"containers", Json::array({{{"name", component}, {"image", image}, {"resources", {{"requests", requests}}}}})}}}};
    return o;
}
} // namespace

NodeSizeSpec nodeSizeSpec(NodeSize size)
{
    const NodeShape shape = shapeOf(size);
    return {shape.cpu, shape.memory, shape.allocatableMemory, 110};
}

std::string defaultDataDir()
{
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/flotilla";
    if (const char *home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/flotilla";
    return "/tmp/flotilla-" + std::to_string(::getuid());
}

namespace {
/// Takes the sandbox folder's lock (`lock`, holding the owner's pid) for as long as the descriptor is open.
Result<int> lockFolder(const fs::path &dir, const std::string &name)
{
    const std::string path = (dir / "lock").string();
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        Error e = Error::make(Error::Code::Io, std::string("cannot open the sandbox's lock file: ") + std::strerror(errno));
        e.file = path;
        return e;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = {};
        const ssize_t n = ::pread(fd, pid, sizeof pid - 1, 0);
        ::close(fd);
        std::string owner = n > 0 ? std::string(pid, std::size_t(n)) : std::string();
        owner.erase(std::remove_if(owner.begin(), owner.end(), [](char c) { return c < '0' || c > '9'; }), owner.end());
        std::string message = "sandbox \"" + name + "\" is open in another Flotilla process" +
                              (owner.empty() ? std::string() : " (pid " + owner + ")") +
                              ": close it first, or watch it through its Kubernetes API";
        if (const fs::path kubeconfig = dir / "serve" / "kubeconfig"; fs::exists(kubeconfig))
            message += " (flotilla --kubeconfig " + kubeconfig.string() + ")";
        return Error::make(Error::Code::Conflict, message);
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != ssize_t(pid.size()))
        log::warning(kLog, "cannot write the pid into " + path);
    return fd;
}
} // namespace

Result<std::unique_ptr<Sandbox>> Sandbox::open(const SandboxOptions &options)
{
    if (!api::isDns1123Label(options.name))
        return Error::make(Error::Code::Invalid, "a sandbox name must be a DNS label (lowercase letters, digits, '-'): \"" +
                                                     options.name + "\"");
    std::unique_ptr<Sandbox> sb(new Sandbox);
    sb->m_name = options.name;
    store::SqlitePersistence::Loaded loaded;
    if (!options.dataDir.empty()) {
        const fs::path dir = fs::path(options.dataDir) / "sandboxes" / options.name;
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) {
            Error e = Error::make(Error::Code::Io, "cannot create the sandbox folder: " + ec.message());
            e.file = dir.string();
            return e;
        }
        fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        // one process per sandbox: two writing one state file would each lose the other's changes
        auto lock = lockFolder(dir, options.name);
        if (!lock.ok())
            return lock.error();
        sb->m_lockFd = *lock;
        sb->m_statePath = (dir / "state.db").string();
        auto persistence = store::SqlitePersistence::open(sb->m_statePath);
        if (!persistence.ok() && persistence.error().code == Error::Code::Corrupt) {
            sb->m_warnings.push_back(persistence.error().toString());
            log::warning(kLog, persistence.error().toString());
            persistence = store::SqlitePersistence::open(sb->m_statePath);
        }
        if (!persistence.ok())
            return persistence.error();
        sb->m_persistence = std::move(persistence.value());
        auto l = sb->m_persistence->load();
        if (!l.ok())
            return l.error();
        loaded = std::move(l.value());
        for (const auto &s : loaded.skipped)
            sb->m_warnings.push_back("an unreadable object was skipped: " + s);
    }

    const bool fresh = loaded.objects.empty() && loaded.meta.find("seed") == loaded.meta.end();
    auto metaNumber = [&](const char *key) -> std::optional<std::int64_t> {
        const auto it = loaded.meta.find(key);
        if (it == loaded.meta.end())
            return std::nullopt;
        try {
            return std::int64_t(std::stoull(it->second));
        } catch (const std::exception &) {
            sb->m_warnings.push_back(std::string("the sandbox's ") + key + " was unreadable (\"" + it->second + "\") and was reset");
            return std::nullopt;
        }
    };
    std::uint64_t seed = options.seed;
    if (auto stored = metaNumber("seed"))
        seed = std::uint64_t(*stored);
    if (seed == 0)
        seed = (std::uint64_t(std::random_device{}()) << 32) ^ std::random_device{}() ^ std::uint64_t(wallNow());
    TimeMs start = options.startTime.value_or(wallNow());
    if (auto stored = metaNumber("simTime"))
        start = *stored;
    sb->m_sim = std::make_unique<sim::Simulation>(seed, start);
    sb->m_store.setSalt(seed);
    sb->m_store.setClock([s = sb->m_sim.get()] { return s->now(); });
    if (!fresh)
        sb->m_store.restore(std::move(loaded.objects), loaded.resourceVersion);
    sb->m_store.setPersistence(sb->m_persistence.get());
    if (sb->m_persistence) {
        sb->m_persistence->setMeta("seed", std::to_string(seed));
        sb->m_persistence->setMeta("name", options.name);
    }
    {
        std::string imagesDir;
        if (!options.dataDir.empty()) {
            imagesDir = (fs::path(options.dataDir) / "sandboxes" / options.name / "images").string();
        } else {
            std::string tmpl = (fs::temp_directory_path() / "flotilla-images-XXXXXX").string();
            if (!::mkdtemp(tmpl.data()))
                return Error::make(Error::Code::Io, "cannot create a temporary image store");
            imagesDir = sb->m_temporaryImagesDir = tmpl;
        }
        auto images = image::ImageStore::open(imagesDir);
        if (!images.ok()) {
            Error e = images.error();
            if (e.file.empty())
                e.file = imagesDir;
            return e;
        }
        sb->m_images = *images;
    }
    sb->m_events = std::make_unique<cluster::EventRecorder>(sb->m_store, *sb->m_sim);
    sb->m_pods = std::make_unique<cluster::PodLifecycle>(
        sb->m_store, *sb->m_sim, *sb->m_events, [raw = sb.get()](const std::string &ref) { return raw->imageSize(ref); });
    sb->m_replicaSets = std::make_unique<cluster::ReplicaSetController>(
        sb->m_store, *sb->m_sim, *sb->m_events,
        [raw = sb.get()](const std::string &ns, const std::string &name) { (void)raw->m_pods->deletePod(ns, name); });
    sb->m_deployments = std::make_unique<cluster::DeploymentController>(sb->m_store, *sb->m_sim, *sb->m_events);
    sb->m_nodes = std::make_unique<cluster::NodeLifecycleController>(sb->m_store, *sb->m_sim, *sb->m_events, *sb->m_pods);
    sb->m_services = std::make_unique<cluster::ServiceController>(sb->m_store, *sb->m_sim, *sb->m_events);
    sb->m_traffic = std::make_unique<cluster::Traffic>(
        sb->m_store, *sb->m_sim, [raw = sb.get()](const std::string &ref) { return raw->imageLabels(ref); });
    sb->m_gc = std::make_unique<cluster::GarbageCollector>(
        sb->m_store, *sb->m_sim,
        [raw = sb.get()](const std::string &ns, const std::string &name) { (void)raw->m_pods->deletePod(ns, name); });
    sb->m_store.setCreateCheck([raw = sb.get()](const api::Object &o) { return raw->m_gc->admit(o); });
    sb->m_pods->setImageLabels([raw = sb.get()](const std::string &ref) { return raw->imageLabels(ref); });
    sb->wireRuntime();
    sb->m_hpas = std::make_unique<cluster::HpaController>(sb->m_store, *sb->m_sim, *sb->m_events, *sb->m_runtime);
    sb->m_rollouts = std::make_unique<rollout::RolloutController>(sb->m_store, *sb->m_sim, *sb->m_events, *sb->m_traffic);
    sb->m_containers = std::make_unique<Containers>(sb->m_store, *sb->m_sim, sb->m_images);
    if (fresh && options.defaults)
        sb->createDefaults();
    if (!fresh) {
        sb->m_events->resume();
        sb->m_pods->resume();
        sb->m_replicaSets->resume();
        sb->m_deployments->resume();
        sb->m_services->resume();
        sb->m_gc->resume();
        sb->m_runtime->resume();
        sb->m_hpas->resume();
        sb->m_rollouts->resume();
        sb->m_containers->resume();
    }
    sb->syncImageRecords();
    if (auto s = sb->flush(); !s.ok())
        return s.error();
    sb->saveClock(true);
    return sb;
}

Sandbox::~Sandbox()
{
    (void)flush();
    saveClock(true);
    m_store.setCreateCheck({}); // the collector goes before the store
    if (!m_temporaryImagesDir.empty()) {
        std::error_code ec;
        fs::remove_all(m_temporaryImagesDir, ec);
    }
    m_persistence.reset(); // the state file is closed before another process may take the lock
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

namespace {
api::MutableObjectPtr makeBuiltImageObject(const image::StoredImage &img, const std::string &tag,
                                           const std::vector<std::string> &cachedLayers)
{
    auto obj = std::make_shared<api::Object>();
    obj->apiVersion = "flotilla.dev/v1alpha1";
    obj->kind = std::string(api::kind::Image);
    obj->metadata.name = api::imageObjectName(tag);
    obj->metadata.labels = {{"flotilla.dev/source", "built"}};
    const auto [repo, t] = api::splitImageReference(tag);
    api::Json layers = api::Json::array();
    for (const auto &l : img.layers)
        layers.push_back({{"digest", l.blob.digest},
                          {"size", l.displaySize()},
                          {"blobSize", l.blob.size},
                          {"createdBy", l.createdBy},
                          {"simulated", l.simulated},
                          {"cached", std::find(cachedLayers.begin(), cachedLayers.end(), l.blob.digest) !=
                                         cachedLayers.end()}});
    obj->body["spec"] = {
        {"reference", tag},
        {"repository", repo},
        {"tag", t},
        {"digest", img.id},
        {"manifestDigest", img.manifestDigest},
        {"size", img.size()},
        {"source", "built"},
        {"os", img.config.value("os", "linux")},
        {"architecture", img.config.value("architecture", "amd64")},
        {"created", img.created},
        {"base", img.baseReference},
        {"baseSize", img.baseSize},
        {"layers", layers},
        {"config", img.config.value("config", api::Json::object())},
        {"history", img.config.value("history", api::Json::array())},
    };
    return obj;
}
} // namespace

Status Sandbox::recordImage(const image::StoredImage &img, const std::vector<std::string> &cachedLayers)
{
    for (const auto &tag : img.tags) {
        auto obj = makeBuiltImageObject(img, tag, cachedLayers);
        if (auto existing = m_store.get(std::string(api::kind::Image), "", obj->metadata.name)) {
            if (existing->body.value("spec", api::Json::object()) == obj->body["spec"])
                continue;
            obj->metadata.resourceVersion = 0;
            auto r = m_store.update(obj);
            if (!r.ok())
                return r.error();
        } else {
            auto r = m_store.create(obj);
            if (!r.ok())
                return r.error();
        }
    }
    return flush();
}

std::vector<std::string> Sandbox::cachedFlagsOf(const image::StoredImage &img) const
{
    std::vector<std::string> cached;
    for (const auto &tag : img.tags)
        if (const auto obj = m_store.get(std::string(api::kind::Image), "", api::imageObjectName(tag)))
            for (const auto &l : obj->spec().value("layers", api::Json::array()))
                if (l.value("cached", false))
                    cached.push_back(l.value("digest", std::string()));
    return cached;
}

void Sandbox::wireRuntime()
{
    m_runtime = std::make_unique<runtime::ContainerRuntime>(m_store, *m_sim, *m_events, *m_pods);
    m_pods->setRuntimeHooks(m_runtime.get());
    m_runtime->setImageLabels([this](const std::string &ref) { return imageLabels(ref); });
    m_runtime->setImageBase([this](const std::string &ref) {
        const auto img = m_images ? m_images->find(ref) : std::optional<image::StoredImage>{};
        return img ? img->baseReference : std::string();
    });
    m_runtime->setImageEnv([this](const std::string &ref) {
        std::vector<std::string> env;
        if (const auto img = m_images ? m_images->find(ref) : std::optional<image::StoredImage>{}) {
            const api::Json &e = api::field(api::field(img->config, "config"), "Env");
            if (e.is_array())
                for (const auto &line : e)
                    if (line.is_string())
                        env.push_back(line.get<std::string>());
        } else if (const auto cat = image::findCatalogImage(ref)) {
            env = cat->env;
        }
        return env;
    });
    // a tag the catalog cannot place, of a repository it knows, does not exist (other registries: unknown)
    m_runtime->setImageCheck([this](const std::string &ref) -> std::string {
        if ((m_images && m_images->find(ref)) || image::findCatalogImage(ref))
            return {};
        const auto parsed = image::parseImageReference(ref);
        if (!parsed.ok() || parsed->registry != "docker.io" || !parsed->digest.empty())
            return {}; // another registry, or a digest the catalog does not list: the sandbox cannot tell
        const std::string full = parsed->full();
        // a repository built here and never pushed: another tag of it is nowhere to pull from
        if (m_images)
            for (const auto &stored : m_images->images())
                for (const auto &tag : stored.tags)
                    if (const auto t = image::parseImageReference(tag); t.ok() && t->familiarRepository() == parsed->familiarRepository())
                        return "rpc error: code = Unknown desc = failed to pull and unpack image \"" + full +
                               "\": failed to resolve reference \"" + full +
                               "\": pull access denied, repository does not exist or may require authorization: "
                               "server message: insufficient_scope: authorization failed";
        const auto repos = image::catalogRepositories();
        if (std::find(repos.begin(), repos.end(), parsed->familiarRepository()) == repos.end())
            return {};
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + full +
               "\": failed to resolve reference \"" + full + "\": " + full + ": not found";
    });
    m_nodes->setContainersListener(
        [this](const std::string &node, bool run) { m_runtime->setNodeRunning(node, run); });
    // Service traffic is load and log: requests answered raise CPU use (flotilla.sim.cpu-per-request) and
    // write access lines
    m_traffic->setLoadListener([this](const auto &loadPerPod) { m_runtime->setRequestRates(loadPerPod); });
}

void Sandbox::syncImageRecords()
{
    if (m_runtime)
        m_runtime->imagesChanged();
    // the image store is the truth for built images: records of tags it no longer has go, missing ones come
    std::set<std::string> live;
    for (const auto &img : m_images->images()) {
        for (const auto &t : img.tags)
            live.insert(api::imageObjectName(t));
        (void)recordImage(img, cachedFlagsOf(img));
    }
    for (const auto &obj : m_store.list(std::string(api::kind::Image)))
        if (api::summarizeImage(*obj).source == "built" && !live.count(obj->metadata.name))
            (void)m_store.remove(std::string(api::kind::Image), "", obj->metadata.name);
}

Status Sandbox::tagImage(const std::string &source, const std::string &target)
{
    if (auto s = m_images->tag(source, target); !s.ok())
        return s;
    syncImageRecords();
    return flush();
}

Result<std::vector<std::string>> Sandbox::removeImage(const std::string &reference, bool force)
{
    if (!m_images->find(reference)) {
        if (image::findCatalogImage(reference))
            return Error::make(Error::Code::Forbidden,
                               reference + " is a catalog image: it is built into Flotilla and cannot be removed");
    }
    auto r = m_images->remove(reference, force);
    if (!r.ok())
        return r;
    syncImageRecords();
    (void)flush();
    return r;
}

std::vector<std::string> Sandbox::addNodes(int count, NodeSize size)
{
    // Numbers follow the highest worker-N, so a removed node's name is not given to a new one at once.
    int highest = 0;
    std::set<int> usedIndexes;
    for (const auto &n : m_store.list(api::kind::Node)) {
        const std::string &name = n->metadata.name;
        if (name.rfind("worker-", 0) == 0)
            highest = std::max(highest, std::atoi(name.c_str() + 7));
        if (const int index = podCidrIndex(api::stringField(n->spec(), "podCIDR")); index >= 0)
            usedIndexes.insert(index);
    }
    std::vector<std::string> names;
    int index = 0;
    const TimeMs now = m_sim->now();
    for (int i = 0; i < count; ++i) {
        while (usedIndexes.count(index))
            ++index;
        if (index >= kMaxNodes)
            break; // every pod range is taken
        usedIndexes.insert(index);
        const std::string name = "worker-" + std::to_string(highest + 1 + i);
        if (m_store.create(makeNode(name, false, index, now, size)))
            names.push_back(name);
    }
    (void)flush();
    return names;
}

Status Sandbox::removeNode(const std::string &name)
{
    if (!m_store.get(api::kind::Node, {}, name))
        return Error::make(Error::Code::NotFound, "nodes \"" + name + "\" not found");
    for (const auto &pod : m_store.podsOnNode(name))
        (void)m_store.remove(api::kind::Pod, pod->metadata.ns, pod->metadata.name);
    auto removed = m_store.remove(api::kind::Node, {}, name);
    (void)flush();
    if (!removed)
        return removed.error();
    return {};
}

Result<api::ObjectPtr> Sandbox::rollbackDeployment(const std::string &ns, const std::string &name,
                                                   std::int64_t revision)
{
    auto r = m_deployments->rollback(ns.empty() ? "default" : ns, name, revision);
    (void)flush();
    return r;
}

image::ImageStore::PruneReport Sandbox::pruneImages()
{
    auto report = m_images->prune();
    syncImageRecords();
    (void)flush();
    return report;
}

void Sandbox::createDefaults()
{
    for (const char *ns : {"default", "kube-system", "kube-public", "kube-node-lease"})
        (void)m_store.create(makeNamespace(ns));
    const TimeMs now = m_sim->now();
    (void)m_store.create(makeNode("control-plane", true, 0, now));
    (void)m_store.create(makeNode("worker-1", false, 1, now));
    (void)m_store.create(makeNode("worker-2", false, 2, now));
    for (const auto &img : image::catalogImages())
        (void)m_store.create(image::makeCatalogImageObject(img));
    const std::string cp = "control-plane";
    for (auto &pod : {
             makeSystemPod("etcd-control-plane", cp, "registry.k8s.io/etcd:3.5.15-0", "100m", "100Mi", "etcd"),
             makeSystemPod("kube-apiserver-control-plane", cp, "registry.k8s.io/kube-apiserver:v1.31.0", "250m", "",
                           "kube-apiserver"),
             makeSystemPod("kube-controller-manager-control-plane", cp,
                           "registry.k8s.io/kube-controller-manager:v1.31.0", "200m", "", "kube-controller-manager"),
             makeSystemPod("kube-scheduler-control-plane", cp, "registry.k8s.io/kube-scheduler:v1.31.0", "100m", "",
                           "kube-scheduler"),
         })
        (void)m_store.create(pod);
    for (const char *node : {"control-plane", "worker-1", "worker-2"}) {
        auto proxy = makeSystemPod(std::string("kube-proxy-") + node, node, "registry.k8s.io/kube-proxy:v1.31.0", "10m",
                                   "", "kube-proxy");
        proxy->metadata.labels = {{"k8s-app", "kube-proxy"}};
        (void)m_store.create(proxy);
    }
}

void Sandbox::saveClock(bool force)
{
    if (!m_persistence)
        return;
    const TimeMs wall = wallNow();
    if (!force && wall - m_clockSavedAt < 2000)
        return;
    m_clockSavedAt = wall;
    m_persistence->setMeta("simTime", std::to_string(m_sim->now()));
    if (auto s = m_persistence->flushMeta(); !s.ok())
        log::warning(kLog, s.error().toString());
}

Status Sandbox::flush()
{
    if (m_runtime)
        m_runtime->catchUp(); // usage samples and followed logs up to now
    auto status = m_store.flush();
    // Report changes of health, not every failed attempt.
    const std::string problem = status.ok() ? std::string() : "changes cannot be saved to " + m_statePath + ": " +
                                                                   status.error().message;
    if (problem != m_storageProblem) {
        if (problem.empty())
            log::info(kLog, "saving works again; the changes that waited are saved");
        else
            log::error(kLog, problem);
        m_storageProblem = problem;
        if (m_storageListener)
            m_storageListener(m_storageProblem);
    }
    saveClock(false);
    return status;
}

void Sandbox::advanceTo(TimeMs time)
{
    // Deliver in slices so that watchers see changes in the order and at the time they happened; a
    // slice with many tasks at one instant (hundreds of controllers syncing at once) is delivered every
    // few tasks, so what waits for delivery stays small.
    while (true) {
        const auto next = m_sim->nextTaskTime();
        if (!next || *next > time)
            break;
        m_sim->runUntil(*next, kTasksPerDelivery);
        (void)flush();
    }
    m_sim->runUntil(time);
    (void)flush();
}

bool Sandbox::step()
{
    const bool ran = m_sim->step();
    (void)flush();
    return ran;
}

api::Labels Sandbox::imageLabels(const std::string &reference) const
{
    const auto img = m_images ? m_images->find(reference) : std::nullopt;
    return img ? image::configLabels(*img) : api::Labels{};
}

std::int64_t Sandbox::imageSize(const std::string &reference) const
{
    if (m_images)
        if (const auto img = m_images->find(reference))
            return img->size();
    if (const auto img = image::findCatalogImage(reference))
        return img->sizeBytes;
    return 0;
}

ApplyOutcome Sandbox::apply(std::string_view manifest, const std::string &sourceName)
{
    ApplyOutcome out;
    auto fail = [&](Error e) {
        if (e.file.empty())
            e.file = sourceName;
        out.errors.push_back(std::move(e));
    };
    auto docs = api::parseDocuments(manifest);
    if (!docs.ok()) {
        fail(docs.error());
        return out;
    }
    auto parsed = api::decodeObjects(*docs);
    if (!parsed.ok()) {
        fail(parsed.error());
        return out;
    }
    if (parsed->empty()) {
        fail(Error::make(Error::Code::Invalid, "no objects passed to apply"));
        return out;
    }

    // Check everything first: nothing is written unless every object can be.
    std::set<std::string> namespacesHere;
    std::set<std::string> seen;
    for (auto &p : *parsed) {
        auto &o = *p.object;
        if (o.kind == api::kind::Namespace && !o.metadata.name.empty())
            namespacesHere.insert(o.metadata.name);
        for (auto e : checkWrite(o, namespacesHere)) {
            e.path = p.pathPrefix + e.path;
            fail(p.document->locate(e));
        }
        if (!api::findKind(o.kind) || o.metadata.name.empty())
            continue; // generateName: always a new object
        if (!seen.insert(o.kind + "|" + o.key()).second)
            fail(p.document->locate(Error::make(Error::Code::Invalid,
                                                "appears twice in this input: " + resourceName(o), p.pathPrefix + "metadata.name")));
    }
    if (!out.errors.empty())
        return out;

    for (auto &p : *parsed) {
        auto &o = *p.object;
        const ObjectPtr existing = m_store.get(o.kind, o.metadata.ns, o.metadata.name);
        const std::string what = resourceName(o);
        if (!existing) {
            clearSystemFields(o);
            auto created = m_store.create(p.object);
            if (!created.ok()) {
                fail(p.document->locate(created.error()));
                return out;
            }
            out.results.push_back(what + " created");
            continue;
        }
        // Apply owns what the manifest says; status and system-set fields stay.
        auto next = mergedUpdate(*existing, o, false);
        if (api::objectToJson(*next) == api::objectToJson(*existing)) {
            out.results.push_back(what + " unchanged");
            continue;
        }
        auto updated = m_store.update(std::move(next));
        if (!updated.ok()) {
            fail(p.document->locate(updated.error()));
            return out;
        }
        out.results.push_back(what + " configured");
    }
    (void)flush(); // controllers react at the time of the change, not at the next simulated task
    return out;
}

std::vector<Error> Sandbox::checkWrite(api::Object &o, const std::set<std::string> &namespacesHere) const
{
    std::vector<Error> errors;
    const auto *info = api::findKind(o.kind);
    if (info && info->namespaced && o.metadata.ns.empty())
        o.metadata.ns = "default";
    if (info && !info->namespaced)
        o.metadata.ns.clear();
    errors = api::validate(o);
    // stringData is write-only: its values go into data (base64), as Kubernetes stores a Secret
    if (errors.empty() && o.kind == api::kind::Secret && o.body.contains("stringData"))
        api::SecretData::decode(o).encodeInto(o.body);
    if (o.kind == api::kind::Rollout)
        for (auto &e : rollout::RolloutSpec::validate(o))
            errors.push_back(std::move(e));
    if (!info)
        return errors;
    if (info->namespaced && !m_store.get(api::kind::Namespace, {}, o.metadata.ns) && !namespacesHere.count(o.metadata.ns))
        errors.push_back(Error::make(Error::Code::NotFound, "namespaces \"" + o.metadata.ns + "\" not found", "metadata.namespace"));
    if (info->namespaced && (o.metadata.name.empty() || !m_store.get(o.kind, o.metadata.ns, o.metadata.name)))
        if (auto admitted = m_gc->admit(o); !admitted.ok())
            errors.push_back(Error::make(admitted.error().code, admitted.error().message, "metadata.namespace"));
    if (o.metadata.name.empty())
        return errors; // generateName: always a new object; the checks below need a name
    const ObjectPtr existing = m_store.get(o.kind, o.metadata.ns, o.metadata.name);
    if (existing && o.metadata.resourceVersion != 0 && o.metadata.resourceVersion != existing->metadata.resourceVersion)
        errors.push_back(Error::make(
            Error::Code::Conflict,
            "Operation cannot be fulfilled on " + std::string(info->plural) + " \"" + o.metadata.name +
                "\": the object has been modified (resourceVersion " + std::to_string(o.metadata.resourceVersion) +
                ", now " + std::to_string(existing->metadata.resourceVersion) +
                "); remove metadata.resourceVersion or apply the latest version",
            "metadata.resourceVersion"));
    if (existing && o.kind == api::kind::Pod) {
        Json before = existing->spec();
        Json after = o.spec();
        if (before.is_object())
            before.erase("nodeName");
        if (after.is_object())
            after.erase("nodeName");
        if (before != after)
            errors.push_back(Error::make(
                Error::Code::Forbidden,
                "Forbidden: pod updates may not change fields other than image, activeDeadlineSeconds, "
                "tolerations or terminationGracePeriodSeconds (delete the pod and apply it again)",
                "spec"));
    }
    if (existing && existing->metadata.deletionTimestamp)
        errors.push_back(Error::make(Error::Code::Conflict,
                                     resourceName(o) + " is being deleted; apply it again when it is gone",
                                     "metadata.name"));
    return errors;
}

void Sandbox::clearSystemFields(api::Object &o)
{
    // What the system sets is the system's: a manifest cannot create an object mid-way through
    // its life (a Running pod that was never scheduled, or one already being deleted).
    o.metadata.uid.clear();
    o.metadata.resourceVersion = 0;
    o.metadata.creationTimestamp.reset();
    o.metadata.deletionTimestamp.reset();
    o.metadata.deletionGracePeriodSeconds.reset();
    if (o.kind != api::kind::Node)
        o.body.erase("status");
}

MutableObjectPtr Sandbox::mergedUpdate(const api::Object &existing, const api::Object &o, bool wholeMetadata)
{
    auto next = std::make_shared<api::Object>(existing);
    next->metadata.labels = o.metadata.labels;
    next->metadata.annotations = o.metadata.annotations;
    if (wholeMetadata) {
        next->metadata.ownerReferences = o.metadata.ownerReferences;
        next->metadata.finalizers = o.metadata.finalizers;
        next->metadata.extra = o.metadata.extra;
    }
    for (const auto &[k, v] : o.body.items()) {
        if (k == "status")
            continue;
        if (k == "spec" && o.kind == api::kind::Pod) {
            Json spec = v;
            const std::string node = api::stringField(existing.spec(), "nodeName");
            if (node.empty())
                spec.erase("nodeName");
            else
                spec["nodeName"] = node;
            next->body[k] = std::move(spec);
            continue;
        }
        next->body[k] = v;
    }
    for (auto it = existing.body.begin(); it != existing.body.end(); ++it)
        if (it.key() != "status" && !o.body.contains(it.key()))
            next->body.erase(it.key());
    next->metadata.resourceVersion = existing.metadata.resourceVersion;
    return next;
}

WriteOutcome Sandbox::create(MutableObjectPtr object, bool dryRun)
{
    WriteOutcome out;
    auto &o = *object;
    out.errors = checkWrite(o, {});
    if (!out.errors.empty())
        return out;
    if (!o.metadata.name.empty() && m_store.get(o.kind, o.metadata.ns, o.metadata.name)) {
        const auto *info = api::findKind(o.kind);
        out.errors.push_back(Error::make(Error::Code::AlreadyExists,
                                         std::string(info ? info->plural : std::string_view(o.kind)) + " \"" +
                                             o.metadata.name + "\" already exists",
                                         "metadata.name"));
        return out;
    }
    clearSystemFields(o);
    if (dryRun) {
        // As the API server's dry run: what would be stored, without storing it.
        o.metadata.creationTimestamp = m_sim->now();
        if (o.metadata.name.empty())
            o.metadata.name = o.metadata.generateName + "dryrun";
        out.object = object;
        return out;
    }
    auto created = m_store.create(object);
    if (!created.ok()) {
        out.errors.push_back(created.error());
        return out;
    }
    out.object = *created;
    (void)flush();
    return out;
}

WriteOutcome Sandbox::replace(MutableObjectPtr object, bool dryRun)
{
    WriteOutcome out;
    auto &o = *object;
    const auto *info = api::findKind(o.kind);
    if (info && info->namespaced && o.metadata.ns.empty())
        o.metadata.ns = "default";
    const ObjectPtr existing = info ? m_store.get(o.kind, info->namespaced ? o.metadata.ns : std::string(), o.metadata.name)
                                    : nullptr;
    if (info && !existing) {
        out.errors.push_back(Error::make(Error::Code::NotFound,
                                         std::string(info->plural) + " \"" + o.metadata.name + "\" not found",
                                         "metadata.name"));
        return out;
    }
    out.errors = checkWrite(o, {});
    if (!out.errors.empty())
        return out;
    auto next = mergedUpdate(*existing, o, true);
    if (api::objectToJson(*next) == api::objectToJson(*existing) || dryRun) {
        out.object = dryRun ? ObjectPtr(next) : existing;
        return out;
    }
    auto updated = m_store.update(std::move(next));
    if (!updated.ok()) {
        out.errors.push_back(updated.error());
        return out;
    }
    out.object = *updated;
    (void)flush();
    return out;
}

Result<ObjectPtr> Sandbox::remove(std::string_view kind, const std::string &ns, const std::string &name,
                                  cluster::Propagation propagation, std::optional<std::int64_t> gracePeriodSeconds)
{
    auto r = removeObject(kind, ns, name, propagation, gracePeriodSeconds);
    (void)flush(); // controllers react at the time of the change
    return r;
}

Result<ObjectPtr> Sandbox::removeObject(std::string_view kind, const std::string &ns, const std::string &name,
                                        cluster::Propagation propagation, std::optional<std::int64_t> grace)
{
    const auto *info = api::findKind(kind);
    if (!info)
        return Error::make(Error::Code::NotFound, "the server doesn't have a resource type \"" + std::string(kind) + "\"");
    const std::string n = info->namespaced ? (ns.empty() ? "default" : ns) : std::string();
    if (kind == api::kind::Namespace)
        return m_gc->deleteNamespace(name); // Terminating; its contents go, then the namespace
    if (propagation == cluster::Propagation::Orphan)
        if (const api::ObjectPtr owner = m_store.get(kind, n, name))
            m_gc->orphanDependents(*owner);
    if (kind == api::kind::Pod)
        return m_pods->deletePod(n, name, grace);
    if (kind == api::kind::Image) {
        // a built image goes from the image store too (its record follows); a catalog image's record may go
        const api::ObjectPtr obj = m_store.get(kind, {}, name);
        if (obj && api::summarizeImage(*obj).source == "built") {
            auto removed = removeImage(api::stringField(obj->spec(), "reference"));
            if (!removed.ok())
                return removed.error();
            return obj;
        }
    }
    return m_store.remove(kind, n, name);
}

} // namespace flotilla::engine::sandbox
