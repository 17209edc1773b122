#pragma once

#include <engine/common/timefmt.h>

#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <vector>

namespace flotilla::models {
class EventModel;
}

namespace flotilla::widgets {

/// Events along the simulation time axis: one lane per object (the most recently active on top), a mark
/// per event at its time, warnings larger and in amber. The right edge is the simulation's now, so the
/// picture moves with the clock (paused, stepped or fast). Redrawn from the model at most four times a
/// second, and only over the events of the visible span.
class EventTimeline final : public QWidget {
    Q_OBJECT
public:
    explicit EventTimeline(const models::EventModel *events, QWidget *parent = nullptr);

    void setNow(engine::TimeMs now);
    engine::TimeMs now() const { return m_now; }
    /// The span of simulated time shown (ending at now).
    void setSpan(engine::TimeMs span);
    engine::TimeMs span() const { return m_span; }
    /// Lanes shown, top to bottom ("pod/web-5d9c-x2 · default"); for tests and the accessible name.
    QStringList laneNames() const;
    int markCount() const;
    int warningCount() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    /// A mark was clicked: the event's key ("namespace/name") and the involved object's ("namespace/name").
    void eventClicked(const QString &eventKey, const QString &objectKey);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Mark {
        engine::TimeMs time = 0;
        bool warning = false;
        int row = -1; ///< in the event model, at the last rebuild
    };
    struct Lane {
        QString label, ns, objectKey;
        engine::TimeMs latest = 0;
        bool warning = false;
        std::vector<Mark> marks;
    };
    void scheduleRebuild();
    void rebuild();
    QRect plotRect() const;
    double xOf(engine::TimeMs t) const;
    const Mark *markAt(const QPoint &pos, const Lane **lane = nullptr) const;
    int laneHeight() const;

    QPointer<const models::EventModel> m_events;
    engine::TimeMs m_now = 0;
    engine::TimeMs m_span = 60 * 1000;
    std::vector<Lane> m_lanes;
    int m_hiddenLanes = 0;
    QTimer m_rebuild;
    bool m_dirty = true;
    const Mark *m_hover = nullptr;
};

} // namespace flotilla::widgets
