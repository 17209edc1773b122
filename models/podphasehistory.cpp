#include "podphasehistory.h"

#include <backends/backend.h>

namespace flotilla::models {

PodPhaseHistory::PodPhaseHistory(const PodModel *pods, QObject *parent) : QObject(parent), m_pods(pods) {}

void PodPhaseHistory::setBackend(backends::Backend *backend)
{
    if (m_connection)
        disconnect(m_connection);
    clear();
    if (backend)
        m_connection = connect(backend, &backends::Backend::clockChanged, this,
                               [this](const engine::ClockState &clock) { sample(clock.now); });
}

void PodPhaseHistory::setCapacity(int samples)
{
    m_capacity = std::max(2, samples);
    while (int(m_samples.size()) > m_capacity)
        m_samples.pop_front();
}

void PodPhaseHistory::clear()
{
    if (m_samples.empty())
        return;
    m_samples.clear();
    emit cleared();
}

void PodPhaseHistory::sample(engine::TimeMs now)
{
    if (!m_pods)
        return;
    if (!m_samples.empty() && now < m_samples.back().time)
        clear();
    if (!m_samples.empty() && now - m_samples.back().time < m_interval)
        return;
    Sample s;
    s.time = now;
    for (int p = 0; p < PodModel::PhaseCount; ++p)
        s.counts[std::size_t(p)] = m_pods->phaseCount(PodModel::Phase(p));
    m_samples.push_back(s);
    if (int(m_samples.size()) > m_capacity)
        m_samples.pop_front();
    emit sampleAdded(s);
}

} // namespace flotilla::models
