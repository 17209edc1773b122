#pragma once

#include "podmodel.h"

#include <engine/common/timefmt.h>

#include <QObject>
#include <QPointer>

#include <array>
#include <deque>

namespace flotilla::backends {
class Backend;
}

namespace flotilla::models {

/// Pods by phase over simulated time: PodModel's phase counts (kept as rows change, never counted by
/// walking the rows) sampled at most once per interval of simulated time, the last `capacity` kept.
/// A sample costs O(1), so it stays cheap with 150,000 pods.
class PodPhaseHistory final : public QObject {
    Q_OBJECT
public:
    struct Sample {
        engine::TimeMs time = 0;
        std::array<int, PodModel::PhaseCount> counts{};
    };

    explicit PodPhaseHistory(const PodModel *pods, QObject *parent = nullptr);

    /// Samples on the backend's simulation clock.
    void setBackend(backends::Backend *backend);
    void setInterval(engine::TimeMs interval) { m_interval = interval; }
    engine::TimeMs interval() const { return m_interval; }
    void setCapacity(int samples);
    int capacity() const { return m_capacity; }

    /// Takes a sample at `now` when an interval has passed since the last one; a clock that went back
    /// (another sandbox) starts the history again.
    void sample(engine::TimeMs now);
    const std::deque<Sample> &samples() const { return m_samples; }
    void clear();

signals:
    void sampleAdded(const flotilla::models::PodPhaseHistory::Sample &sample);
    void cleared();

private:
    QPointer<const PodModel> m_pods;
    std::deque<Sample> m_samples;
    engine::TimeMs m_interval = 1000;
    int m_capacity = 900;
    QMetaObject::Connection m_connection;
};

} // namespace flotilla::models
