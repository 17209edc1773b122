#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace flotilla::backends {
class Backend;
struct LogResult;
}

namespace flotilla::widgets {

/// A pod's container log, as `kubectl logs` shows it: the last lines, the previous run after a
/// restart (--previous), and new lines as they come (-f).
class ContainerLogView final : public QWidget {
    Q_OBJECT
public:
    explicit ContainerLogView(QWidget *parent = nullptr);
    ~ContainerLogView() override;

    void setBackend(backends::Backend *backend);
    /// Shows the log of a pod (reloads only when it is another pod or another container set).
    void showPod(const engine::api::ObjectPtr &pod);
    void reload();
    QString text() const;
    QCheckBox *followBox() const { return m_follow; }
    QCheckBox *previousBox() const { return m_previous; }

    static constexpr int kTail = 500;
    static constexpr int kMaxLines = 5000;

private:
    void stopFollowing();
    void append(const backends::LogResult &result, quint64 generation);

    backends::Backend *m_backend = nullptr;
    QString m_ns, m_pod, m_uid;
    QStringList m_containers;
    quint64 m_followId = 0;
    quint64 m_generation = 0;
    QComboBox *m_container;
    QCheckBox *m_previous;
    QCheckBox *m_follow;
    QLabel *m_status;
    QPlainTextEdit *m_text;
};

} // namespace flotilla::widgets
