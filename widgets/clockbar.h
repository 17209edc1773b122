#pragma once

#include <engine/engine.h>

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace flotilla::backends {
class Backend;
}

namespace flotilla::widgets {

/// The simulation clock in the status bar: simulated time, pause / play, single step, speed.
class ClockBar final : public QWidget {
    Q_OBJECT
public:
    explicit ClockBar(QWidget *parent = nullptr);

    void setBackend(backends::Backend *backend);
    QToolButton *playPauseButton() const { return m_playPause; }
    QToolButton *stepButton() const { return m_step; }
    QComboBox *speedBox() const { return m_speed; }

public slots:
    void togglePaused();
    void stepOnce();
    void onClockChanged(const flotilla::engine::ClockState &clock);

private:
    backends::Backend *m_backend = nullptr;
    engine::ClockState m_clock;
    QLabel *m_time;
    QToolButton *m_playPause;
    QToolButton *m_step;
    QComboBox *m_speed;
};

} // namespace flotilla::widgets
