#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

namespace flotilla::models {
class EventModel;
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
    /// Re-renders the shown object (its events changed).
    void refresh() { render(); }
    void showYaml();
    bool isShowingYaml() const;
    QString summaryHtml() const;
    QString yamlText() const;
    /// The Layers tab of an image (hidden for other kinds).
    class ImageLayersView *layersView() const { return m_layers; }

private:
    void render();
    QString podHtml() const;
    QString schedulingHtml() const;
    QString deploymentHtml() const;
    QString nodeHtml() const;
    QString imageHtml() const;
    QString eventHtml() const;
    QString metaHtml() const;
    QString eventsHtml() const;

    engine::api::ObjectPtr m_object;
    bool m_deleted = false;
    engine::TimeMs m_now = 0;
    const models::EventModel *m_events = nullptr;
    QLabel *m_title;
    QTabWidget *m_tabs;
    QTextBrowser *m_summary;
    QPlainTextEdit *m_yaml;
    class ImageLayersView *m_layers;
};

} // namespace flotilla::widgets
