#pragma once

#include <engine/api/object.h>

#include <QPointer>
#include <QWidget>

#include <string>

class QSplitter;

namespace flotilla::backends {
class Backend;
}

namespace flotilla::models {
class DeploymentModel;
class EventModel;
class PodModel;
class RolloutModel;
class ServiceModel;
} // namespace flotilla::models

namespace flotilla::widgets {

class ResourceView;
class RolloutView;

/// The Rollouts page: the Rollouts table, and below it the detail of the selected Rollout (RolloutView):
/// its steps, its versions' traffic, replicas and health over time, its events and its analysis, with the
/// buttons that drive it. Follows the selected Rollout as it changes.
class RolloutsPage final : public QWidget {
    Q_OBJECT
public:
    RolloutsPage(ResourceView *table, models::RolloutModel *model, models::ServiceModel *services,
                 models::EventModel *events, backends::Backend *backend, QWidget *parent = nullptr);

    ResourceView *view() const { return m_table; }
    RolloutView *rolloutView() const { return m_view; }
    QSplitter *splitter() const { return m_split; }
    /// Where the versions of the traffic figures are looked up (pods' `version` labels).
    void setWorkloadModels(const models::PodModel *pods, const models::DeploymentModel *deployments);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onSelection(const engine::api::ObjectPtr &rollout);
    void onRowsChanged(int first, int last);

    ResourceView *m_table;
    models::RolloutModel *m_model;
    QPointer<backends::Backend> m_backend;
    RolloutView *m_view;
    QSplitter *m_split;
    std::string m_key; ///< the selected Rollout
};

} // namespace flotilla::widgets
