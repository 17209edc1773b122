#include "clockbar.h"

#include <backends/backend.h>

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace flotilla::widgets {

ClockBar::ClockBar(QWidget *parent)
    : QWidget(parent), m_time(new QLabel(this)), m_playPause(new QToolButton(this)), m_step(new QToolButton(this)),
      m_speed(new QComboBox(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *label = new QLabel(tr("Simulation"), this);
    label->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_time->setToolTip(tr("Simulated time in UTC. Pods, pulls and events follow this clock."));
    m_time->setMinimumWidth(m_time->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00 UTC")));
    m_playPause->setAutoRaise(true);
    m_step->setAutoRaise(true);
    m_step->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));
    m_step->setToolTip(tr("Pause and run the next simulated step (F10)"));
    for (double s : {0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0, 100.0})
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("How fast simulated time runs compared with real time"));
    layout->addWidget(label);
    layout->addWidget(m_time);
    layout->addWidget(m_playPause);
    layout->addWidget(m_step);
    layout->addWidget(m_speed);
    connect(m_playPause, &QToolButton::clicked, this, &ClockBar::togglePaused);
    connect(m_step, &QToolButton::clicked, this, &ClockBar::stepOnce);
    connect(m_speed, &QComboBox::activated, this, [this](int index) {
        if (m_backend)
            m_backend->setSpeed(m_speed->itemData(index).toDouble());
    });
    onClockChanged(m_clock);
    setEnabled(false);
}

void ClockBar::setBackend(backends::Backend *backend)
{
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
    m_backend = backend;
    setVisible(backend && backend->hasClock());
    setEnabled(backend && backend->isStarted());
    if (backend) {
        connect(backend, &backends::Backend::clockChanged, this, &ClockBar::onClockChanged);
        connect(backend, &backends::Backend::started, this, [this] { setEnabled(true); });
    }
}

void ClockBar::togglePaused()
{
    if (!m_backend)
        return;
    m_backend->setClockMode(m_clock.mode == engine::ClockMode::Paused ? engine::ClockMode::RealTime
                                                                     : engine::ClockMode::Paused);
}

void ClockBar::stepOnce()
{
    if (m_backend)
        m_backend->step();
}

void ClockBar::onClockChanged(const engine::ClockState &clock)
{
    m_clock = clock;
    const bool paused = clock.mode == engine::ClockMode::Paused;
    m_time->setText(clock.now > 0 ? QDateTime::fromMSecsSinceEpoch(clock.now, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                                  : QStringLiteral("—"));
    m_playPause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    m_playPause->setToolTip(paused ? tr("Resume the simulation (Ctrl+Space)") : tr("Pause the simulation (Ctrl+Space)"));
    int index = m_speed->findData(clock.speed);
    if (index < 0 && clock.speed > 0) { // a speed given on the command line
        int at = 0;
        while (at < m_speed->count() && m_speed->itemData(at).toDouble() < clock.speed)
            ++at;
        m_speed->insertItem(at, QStringLiteral("%1×").arg(clock.speed), clock.speed);
        index = at;
    }
    if (index >= 0 && index != m_speed->currentIndex())
        m_speed->setCurrentIndex(index);
}

} // namespace flotilla::widgets
