#pragma once

#include <engine/api/object.h>

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace flotilla::backends {
class Backend;
struct TrafficSnapshot;
} // namespace flotilla::backends

namespace flotilla::models {
class PodModel;
class ServiceModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class ResourceView;
class ServiceRegistryView;
class TrafficChart;
class TrafficWeightsDialog;

/// The Services page: the Services table, and for the selected Service its request rate (the sandbox's
/// traffic generator), the service registry of its namespace, and a chart of its traffic per version.
class ServicesPage final : public QWidget {
    Q_OBJECT
public:
    ServicesPage(ResourceView *table, models::ServiceModel *model, backends::Backend *backend, QWidget *parent = nullptr);

    ResourceView *view() const { return m_table; }
    ServiceRegistryView *registry() const { return m_registry; }
    TrafficChart *chart() const { return m_chart; }
    QSpinBox *rateBox() const { return m_rate; }
    /// Where the versions behind a Service come from when it has no traffic yet.
    void setPodModel(const models::PodModel *pods) { m_pods = pods; }
    QPushButton *weightsButton() const { return m_weights; }
    /// The open Traffic Weights dialog, if any.
    TrafficWeightsDialog *weightsDialog() const;

public slots:
    /// Puts the keyboard in the request rate box (Operations menu).
    void focusRate();
    /// Sends the rate in the box to the selected Service.
    void applyRate();
    void stopTraffic();
    /// Opens the Traffic Weights dialog of the selected Service.
    void editWeights();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void onSelection(const engine::api::ObjectPtr &service);
    void onTraffic(const backends::TrafficSnapshot &snapshot);
    void updateWatch();
    void updateHeader();
    void sendRate(int rate);

    ResourceView *m_table;
    models::ServiceModel *m_model;
    QPointer<backends::Backend> m_backend;
    engine::api::ObjectPtr m_service;
    QSplitter *m_split;
    QLabel *m_title;
    QLabel *m_detail;
    QSpinBox *m_rate;
    QPushButton *m_send;
    QPushButton *m_stop;
    QPushButton *m_weights;
    QPointer<TrafficWeightsDialog> m_weightsDialog;
    const models::PodModel *m_pods = nullptr;
    QLabel *m_hint;
    ServiceRegistryView *m_registry;
    TrafficChart *m_chart;
};

} // namespace flotilla::widgets
