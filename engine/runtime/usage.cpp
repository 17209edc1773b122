#include "usage.h"

#include "behaviour.h"

#include <algorithm>
#include <optional>

namespace flotilla::engine::runtime {

namespace {
constexpr TimeMs kWarmUp = 30'000;   ///< memory grows to its typical size over this
constexpr TimeMs kStartBurst = 20'000; ///< CPU is higher while a program starts
// a history sample packs CPU (millicores, 24 bits) and memory (KiB, 40 bits) into one number
std::uint64_t pack(std::int64_t cpu, std::int64_t mem)
{
    const std::uint64_t c = std::uint64_t(std::clamp<std::int64_t>(cpu, 0, (1 << 24) - 1));
    const std::uint64_t m = std::uint64_t(std::clamp<std::int64_t>(mem / 1024, 0, (1LL << 40) - 1));
    return c | (m << 24);
}
std::int64_t cpuOf(std::uint64_t v) { return std::int64_t(v & ((1 << 24) - 1)); }
std::int64_t memOf(std::uint64_t v) { return std::int64_t(v >> 24) * 1024; }
} // namespace

std::uint64_t UsageTable::containerId(const std::string &podKey, const std::string &container)
{
    return mix(stableHash(podKey), stableHash(container));
}

std::uint32_t UsageTable::nodeIndex(const std::string &node)
{
    const auto it = m_nodeIndex.find(node);
    if (it != m_nodeIndex.end())
        return it->second;
    const auto index = std::uint32_t(m_nodes.size());
    Node n;
    n.name = node;
    n.firstSample = m_lastSample + 1;
    n.ring.assign(kHistory, 0);
    m_nodes.push_back(std::move(n));
    m_nodeIndex.emplace(node, index);
    return index;
}

UsageTable::Container *UsageTable::find(std::uint64_t id)
{
    const auto it = m_containers.find(id);
    return it == m_containers.end() ? nullptr : &it->second;
}

const UsageTable::Container *UsageTable::find(std::uint64_t id) const
{
    const auto it = m_containers.find(id);
    return it == m_containers.end() ? nullptr : &it->second;
}

void UsageTable::setNodeRunning(const std::string &node, bool running) { m_nodes[nodeIndex(node)].running = running; }

UsageTable::Sample UsageTable::usage(std::uint64_t id, TimeMs time) const
{
    const Container *c = find(id);
    return c ? usage(*c, time) : Sample{};
}

UsageTable::Sample UsageTable::usage(const Container &c, TimeMs time) const
{
    if (c.node < m_nodes.size() && !m_nodes[c.node].running)
        return {};
    if (time < c.startedAt)
        return {};
    const std::int64_t k = time / kSampleInterval; // values change at scrape times, as metrics do
    const double n1 = unit(mix(m_seed, c.noiseKey, std::uint64_t(k), 1));
    const double n2 = unit(mix(m_seed, c.noiseKey, std::uint64_t(k), 2));
    const TimeMs age = time - c.startedAt;
    Sample s;
    double cpu = double(c.cpuMilli) * (0.8 + 0.4 * n1);
    if (age < kStartBurst)
        cpu *= 2.0;
    cpu += double(c.loadMilli); // Service traffic: no noise of its own, the request counts vary already
    if (c.spikeUntil > time)
        cpu = std::max<double>(cpu, c.spikeMilli * (0.95 + 0.05 * n1));
    if (c.cpuLimitMilli > 0)
        cpu = std::min<double>(cpu, c.cpuLimitMilli); // throttled at the limit
    s.cpuMilli = std::max<std::int64_t>(std::int64_t(cpu), c.cpuMilli > 0 ? 1 : 0);
    double mem = double(c.memoryBytes) * (0.97 + 0.06 * n2);
    if (age < kWarmUp)
        mem *= 0.4 + 0.6 * double(age) / double(kWarmUp);
    if (c.leakSince > 0 && time > c.leakSince)
        mem += double(c.leakPerMinute) * double(time - c.leakSince) / 60'000.0;
    s.memoryBytes = std::int64_t(mem);
    if (c.memoryLimit > 0)
        s.memoryBytes = std::min(s.memoryBytes, c.memoryLimit);
    return s;
}

std::optional<TimeMs> UsageTable::memoryLimitReachedAt(const Container &c)
{
    if (c.memoryLimit <= 0 || c.leakSince <= 0 || c.leakPerMinute <= 0)
        return std::nullopt;
    // typical size plus the leak; the noise (±3 %) is left out so the time is exact and stable
    const double room = double(c.memoryLimit - c.memoryBytes);
    const TimeMs from = std::max(c.leakSince, c.startedAt + kWarmUp);
    if (room <= 0)
        return from;
    const double grownBefore = double(c.leakPerMinute) * double(from - c.leakSince) / 60'000.0;
    if (grownBefore >= room)
        return from;
    return from + TimeMs((room - grownBefore) / double(c.leakPerMinute) * 60'000.0) + 1;
}

std::unordered_map<std::string, UsageTable::Sample> UsageTable::nodeUsage(TimeMs time) const
{
    std::vector<Sample> sums(m_nodes.size());
    for (const auto &[id, c] : m_containers) {
        if (c.node >= sums.size())
            continue;
        const Sample s = usage(c, time);
        sums[c.node].cpuMilli += s.cpuMilli;
        sums[c.node].memoryBytes += s.memoryBytes;
    }
    std::unordered_map<std::string, Sample> out;
    out.reserve(m_nodes.size());
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        out.emplace(m_nodes[i].name, sums[i]);
    return out;
}

std::vector<UsageTable::NodeSample> UsageTable::history(const std::string &node) const
{
    std::vector<NodeSample> out;
    const auto it = m_nodeIndex.find(node);
    if (it == m_nodeIndex.end() || m_lastSample < 0)
        return out;
    const Node &n = m_nodes[it->second];
    const std::int64_t from = std::max<std::int64_t>({n.firstSample, m_lastSample - kHistory + 1, 0});
    for (std::int64_t k = from; k <= m_lastSample; ++k) {
        const std::uint64_t v = n.ring[std::size_t(k % kHistory)];
        out.push_back({k * kSampleInterval, cpuOf(v), memOf(v)});
    }
    return out;
}

void UsageTable::catchUp(TimeMs time)
{
    const std::int64_t last = time / kSampleInterval;
    if (m_lastSample < 0) {
        m_lastSample = last; // the history starts now; the first sample is the next one
        for (auto &n : m_nodes)
            n.firstSample = last + 1;
        return;
    }
    if (last <= m_lastSample)
        return;
    for (std::int64_t k = std::max(m_lastSample + 1, last - kHistory + 1); k <= last; ++k) {
        std::vector<Sample> sums(m_nodes.size());
        const TimeMs t = k * kSampleInterval;
        for (const auto &[id, c] : m_containers) {
            if (c.node >= sums.size())
                continue;
            const Sample s = usage(c, t);
            sums[c.node].cpuMilli += s.cpuMilli;
            sums[c.node].memoryBytes += s.memoryBytes;
        }
        for (std::size_t i = 0; i < m_nodes.size(); ++i)
            m_nodes[i].ring[std::size_t(k % kHistory)] = pack(sums[i].cpuMilli, sums[i].memoryBytes);
    }
    m_lastSample = last;
}

std::size_t UsageTable::memoryUse() const
{
    std::size_t bytes = m_containers.size() * (sizeof(Container) + sizeof(std::uint64_t) + 2 * sizeof(void *)) +
                        m_containers.bucket_count() * sizeof(void *);
    for (const auto &n : m_nodes)
        bytes += sizeof(Node) + n.name.capacity() + n.ring.capacity() * sizeof(std::uint64_t) + 48;
    return bytes;
}

} // namespace flotilla::engine::runtime
