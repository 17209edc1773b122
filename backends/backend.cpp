#include "backend.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QTimer>

namespace flotilla::backends {

/// A word as a POSIX shell reads it back: quoted when it holds anything the shell would split or expand.
QString shellWord(const QString &word)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:@%+=,-]+$"));
    if (plain.match(word).hasMatch())
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString PortMapping::text() const
{
    QString out;
    if (!hostIp.isEmpty())
        out = (hostIp.contains(QLatin1Char(':')) ? QLatin1Char('[') + hostIp + QLatin1Char(']') : hostIp) + QLatin1Char(':') +
              (hostPort ? QString::number(hostPort) : QString()) + QLatin1Char(':');
    else if (hostPort)
        out = QString::number(hostPort) + QLatin1Char(':');
    out += QString::number(containerPort);
    if (protocol != QLatin1String("tcp"))
        out += QLatin1Char('/') + protocol;
    return out;
}

QString ContainerRunSpec::dockerCommand() const
{
    QStringList words{QStringLiteral("docker"), QStringLiteral("run"), QStringLiteral("-d")};
    if (!name.isEmpty())
        words << QStringLiteral("--name") << shellWord(name);
    for (const PortMapping &p : ports)
        words << QStringLiteral("-p") << shellWord(p.text());
    for (const QString &e : env)
        words << QStringLiteral("-e") << shellWord(e);
    if (!restartPolicy.isEmpty() && restartPolicy != QLatin1String("no"))
        words << QStringLiteral("--restart") << shellWord(restartPolicy);
    words << shellWord(image.isEmpty() ? QStringLiteral("IMAGE") : image);
    for (const QString &word : command)
        words << shellWord(word);
    return words.join(QLatin1Char(' '));
}

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

void Backend::reportProblem(const QString &problem)
{
    QMetaObject::invokeMethod(
        this,
        [this, problem] {
            if (problem == m_reportedProblem)
                return;
            m_reportedProblem = problem;
            emit problemChanged(problem);
        },
        Qt::QueuedConnection);
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
