#include "rolloutspage.h"

#include "resourceview.h"
#include "rolloutcharts.h"
#include "rolloutview.h"

#include <backends/backend.h>
#include <models/rolloutmodel.h>

#include <QDateTime>
#include <QSplitter>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

RolloutsPage::RolloutsPage(ResourceView *table, models::RolloutModel *model, models::ServiceModel *services,
                           models::EventModel *events, backends::Backend *backend, QWidget *parent)
    : QWidget(parent), m_table(table), m_model(model), m_backend(backend),
      m_view(new RolloutView(services, events, backend, this)), m_split(new QSplitter(Qt::Vertical, this))
{
    m_split->addWidget(table);
    m_split->addWidget(m_view);
    m_split->setStretchFactor(0, 1);
    m_split->setStretchFactor(1, 3);
    m_split->setSizes({180, 600});
    m_split->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_split);

    connect(table, &ResourceView::selectionChanged, this, &RolloutsPage::onSelection);
    if (model) {
        // every Rollout's replicas are kept as they change (the chart without traffic), the shown one refreshed
        connect(model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) { onRowsChanged(topLeft.row(), bottomRight.row()); });
        connect(model, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex &, int first, int last) { onRowsChanged(first, last); });
        const auto gone = [this] {
            if (!m_key.empty() && m_model->rowOf(m_key) < 0)
                onSelection(nullptr);
        };
        connect(model, &QAbstractItemModel::rowsRemoved, this, gone);
        connect(model, &QAbstractItemModel::modelReset, this, gone);
    }
    onSelection(nullptr);
}

void RolloutsPage::setWorkloadModels(const models::PodModel *pods, const models::DeploymentModel *deployments)
{
    m_view->setWorkloadModels(pods, deployments);
}

void RolloutsPage::onSelection(const api::ObjectPtr &rollout)
{
    m_key = rollout ? rollout->key() : std::string();
    // the model's snapshot: the newest one (the selection's may be older)
    const int row = rollout ? m_model->rowOf(m_key) : -1;
    m_view->setRollout(row >= 0 ? m_model->objectAt(row) : rollout);
}

void RolloutsPage::onRowsChanged(int first, int last)
{
    const engine::TimeMs now = m_backend && m_backend->hasClock() ? m_backend->clock().now : QDateTime::currentMSecsSinceEpoch();
    for (int row = std::max(first, 0); row <= last && row < m_model->rowCount(); ++row) {
        const api::ObjectPtr rollout = m_model->objectAt(row);
        if (!rollout)
            continue;
        m_view->charts()->recordStatus(*rollout, now);
        if (!m_key.empty() && rollout->key() == m_key && rollout != m_view->rollout())
            m_view->setRollout(rollout);
    }
}

void RolloutsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // the charts follow the traffic figures while shown; the Services page keeps them coming for its table
    // anyway, so hiding this page does not stop them
    if (m_backend && m_backend->canSimulateTraffic())
        m_backend->watchTraffic(true);
}

} // namespace flotilla::widgets
