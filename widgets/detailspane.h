#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;

namespace flotilla::backends {
class Backend;
}

namespace flotilla::engine::api {
struct PodTemplate;
struct WorkloadStatus;
}

namespace flotilla::models {
class EventModel;
class SecretModel;
}

namespace flotilla::widgets {

/// The selected object: a readable summary (status, placement, containers, conditions, labels)
/// and its full YAML. Follows the object as it changes; says so when it is deleted.
class DetailsPane final : public QWidget {
    Q_OBJECT
public:
    explicit DetailsPane(QWidget *parent = nullptr);

    void showObject(const engine::api::ObjectPtr &object);
    /// The object shown has changed (same key) or is gone (nullptr).
    void updateObject(const engine::api::ObjectPtr &object);
    engine::api::ObjectPtr object() const { return m_object; }
    void setNow(engine::TimeMs now) { m_now = now; }
    /// Where the object's own events come from (shown as kubectl describe does).
    void setEventModel(const models::EventModel *events) { m_events = events; }
    /// Where a Secret's values are revealed or masked (its reveal state is the model's).
    void setSecretModel(models::SecretModel *secrets);
    /// Reveal / Hide of a Secret's values (shown for Secrets only).
    QPushButton *revealButton() const { return m_reveal; }
    /// Re-renders the shown object (its events changed).
    void refresh() { render(); }
    void showYaml();
    bool isShowingYaml() const;
    QString summaryHtml() const;
    QString yamlText() const;
    /// The Layers tab of an image (hidden for other kinds).
    class ImageLayersView *layersView() const { return m_layers; }
    /// Where a pod's logs, environment and files come from (the Logs and Environment tabs of pods).
    void setBackend(backends::Backend *backend);
    class ContainerLogView *logView() const { return m_logs; }
    class ContainerEnvView *envView() const { return m_envView; }
    /// The Usage tab of nodes: CPU and memory over time.
    class NodeUsageChart *usageChart() const { return m_usage; }
    /// Brings the Usage tab of a node to the front.
    void showUsage();

private:
    void render();
    QString podHtml() const;
    QString schedulingHtml() const;
    QString deploymentHtml() const;
    /// The Replicas row of a workload: countsFormat (%1 wanted, %2 second, %3 ready, %4 available) filled in.
    static QString replicasRow(const QString &countsFormat, std::int64_t wanted, std::int64_t second,
                               const engine::api::WorkloadStatus &status);
    /// The rows of a workload's pod template: its images and pod labels.
    static QString podTemplateRows(const engine::api::PodTemplate &podTemplate);
    QString nodeHtml() const;
    QString imageHtml() const;
    QString eventHtml() const;
    QString replicaSetHtml() const;
    QString configMapHtml() const;
    QString secretHtml() const;
    bool secretRevealed() const;
    QString metaHtml() const;
    QString eventsHtml() const;

    engine::api::ObjectPtr m_object;
    bool m_deleted = false;
    engine::TimeMs m_now = 0;
    const models::EventModel *m_events = nullptr;
    models::SecretModel *m_secrets = nullptr;
    QLabel *m_title;
    QTabWidget *m_tabs;
    QTextBrowser *m_summary;
    QPlainTextEdit *m_yaml;
    class ImageLayersView *m_layers;
    QPushButton *m_reveal; ///< a Secret's Reveal / Hide Values
    class ContainerLogView *m_logs = nullptr;
    class ContainerEnvView *m_envView = nullptr;
    class NodeUsageChart *m_usage = nullptr;
};

} // namespace flotilla::widgets
