#include "backend.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <QTimer>

namespace flotilla::backends {

Problem Problem::from(const engine::Error &error)
{
    Problem p;
    p.message = QString::fromStdString(error.toString());
    p.reason = QString::fromStdString(error.message);
    p.path = QString::fromStdString(error.path);
    p.line = error.line;
    p.column = error.column;
    p.document = error.document;
    return p;
}

CommandResult CommandResult::failure(const engine::Error &error)
{
    CommandResult r;
    r.ok = false;
    r.problems.append(Problem::from(error));
    return r;
}

void Backend::queueChanges(std::span<const engine::store::WatchEvent> events)
{
    if (events.empty())
        return;
    {
        std::lock_guard lock(m_changesMutex);
        m_changes.insert(m_changes.end(), events.begin(), events.end());
    }
    if (m_changesArmed.exchange(true))
        return; // a delivery is coming
    QMetaObject::invokeMethod(
        this,
        [this] {
            const qint64 elapsed = m_sinceDelivery.isValid() ? m_sinceDelivery.elapsed() : kBatchIntervalMs;
            QTimer::singleShot(int(std::max<qint64>(0, kBatchIntervalMs - elapsed)), this, &Backend::deliverChanges);
        },
        Qt::QueuedConnection);
}

void Backend::deliverChanges()
{
    if (!canDeliverChanges())
        return;
    ChangeBatch batch;
    {
        std::lock_guard lock(m_changesMutex);
        batch.events.swap(m_changes);
        m_changesArmed = false;
    }
    if (!m_sinceDelivery.isValid())
        m_sinceDelivery.start();
    else
        m_sinceDelivery.restart();
    if (!batch.events.empty())
        emit changesArrived(batch);
}

namespace {
/// "deployment.apps/web": how kubectl names an object in its answers.
QString resourceName(const ObjectRef &ref)
{
    const QString kind = ref.kind.toLower();
    const bool apps = kind == QLatin1String("deployment") || kind == QLatin1String("replicaset") ||
                      kind == QLatin1String("statefulset") || kind == QLatin1String("daemonset");
    return kind + (apps ? QStringLiteral(".apps/") : QStringLiteral("/")) + ref.name;
}
} // namespace

void Backend::restartRollout(const ObjectRef &ref, QObject *context, Callback done)
{
    const std::string now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    const nlohmann::json patch = {
        {"spec", {{"template", {{"metadata", {{"annotations", {{"kubectl.kubernetes.io/restartedAt", now}}}}}}}}}};
    patchObject(ref, QByteArray::fromStdString(patch.dump()), resourceName(ref) + QStringLiteral(" restarted"), context,
                std::move(done));
}

void Backend::setImage(const ObjectRef &ref, const QString &container, const QString &image, QObject *context,
                       Callback done)
{
    const nlohmann::json patch = {
        {"spec",
         {{"template",
           {{"spec", {{"containers", nlohmann::json::array({{{"name", container.toStdString()}, {"image", image.toStdString()}}})}}}}}}}};
    patchObject(ref, QByteArray::fromStdString(patch.dump()), resourceName(ref) + QStringLiteral(" image updated"),
                context, std::move(done));
}

} // namespace flotilla::backends
