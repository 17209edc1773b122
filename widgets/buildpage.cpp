#include "buildpage.h"

#include "builddialog.h"
#include "buildlogview.h"
#include "dockerfileeditor.h"
#include "dockerfilepane.h"

#include <backends/backend.h>
#include <engine/image/buildevent.h>
#include <engine/image/dockerfile.h>

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QSplitter>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace flotilla::widgets {

struct BuildRequestArgs {
    QString tag;
    QString contextDir;
    bool noCache = false;
    QList<QPair<QString, QString>> buildArgs;
    QString target;
};

BuildPage::BuildPage(backends::Backend *backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_pane(new DockerfilePane(this)), m_log(new BuildLogView(this)),
      m_result(new QLabel(this)), m_splitter(new QSplitter(Qt::Horizontal, this))
{
    m_workspaceRoot = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/workspaces");
    m_result->setTextFormat(Qt::RichText);
    m_result->setWordWrap(true);
    m_result->setContentsMargins(8, 4, 8, 4);
    m_result->hide();
    connect(m_result, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith(QLatin1String("image:")))
            emit showImageRequested(link.mid(6));
    });
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    rightLayout->addWidget(m_log, 1);
    rightLayout->addWidget(m_result);
    m_splitter->addWidget(m_pane);
    m_splitter->addWidget(right);
    // Dockerfile lines are short; the log's step texts and its four columns want the room
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 5);
    m_splitter->setSizes({560, 700});
    m_splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_splitter);

    m_pane->buildAction()->setEnabled(backend && backend->canBuild());
    if (!(backend && backend->canBuild()))
        m_pane->buildAction()->setToolTip(tr("This connection cannot build images"));
    connect(m_pane, &DockerfilePane::buildRequested, this, &BuildPage::requestBuild);
    connect(m_log, &BuildLogView::cancelRequested, this, [this] {
        if (m_backend && m_buildId)
            m_backend->cancelBuild(m_buildId);
    });
    connect(m_log, &BuildLogView::stepActivated, this, [this](int line, int endLine) {
        if (line <= 0)
            return;
        const QString text = m_pane->text();
        const QStringList lines = text.split(QLatin1Char('\n'));
        const int last = std::min<int>(endLine > 0 ? endLine : line, int(lines.size()));
        m_pane->editor()->selectRange(line, 1, last, int(lines.value(last - 1).toUtf8().size()) + 1);
    });
    connect(m_pane->editor(), &DockerfileEditor::cursorLineChanged, m_log, &BuildLogView::showStepForLine);
    if (backend) {
        connect(backend, &backends::Backend::buildEventsArrived, this, &BuildPage::onEvents);
        connect(backend, &backends::Backend::buildFinished, this, &BuildPage::onFinished);
        connect(backend, &backends::Backend::externalBuildStarted, this, &BuildPage::onExternalBuild);
    }
}

QString BuildPage::contextDirectory(QString *error)
{
    const QString dir = m_pane->contextDirectory();
    if (!dir.isEmpty())
        return dir;
    const QString id = m_pane->templateId();
    if (id.isEmpty()) {
        if (error)
            *error = tr("Save the Dockerfile first: its folder is the build context.");
        return {};
    }
    const QString target = m_workspaceRoot + QLatin1Char('/') + id;
    if (!QFileInfo(target).isDir()) {
        QString why;
        if (!DockerfileEditor::writeTemplate(id, QDir(target), &why)) {
            if (error)
                *error = tr("Cannot prepare the template's folder %1: %2").arg(target, why);
            return {};
        }
    }
    return target;
}

void BuildPage::requestBuild()
{
    if (!m_backend || !m_backend->canBuild())
        return;
    if (!m_dialog)
        m_dialog = new BuildDialog(this);
    QString error;
    QString ctx = m_lastContext;
    const QString suggested = contextDirectory(&error);
    if (!suggested.isEmpty())
        ctx = suggested;
    QString tag = m_lastTag;
    if (tag.isEmpty())
        tag = m_pane->templateId() == QLatin1String("node-microservice") ? QStringLiteral("my-microservice")
                                                                        : QFileInfo(ctx).fileName().toLower();
    m_dialog->setup(m_pane->text(), ctx, tag);
    if (m_dialog->exec() != QDialog::Accepted)
        return;
    const auto spec = m_dialog->spec();
    BuildRequestArgs args{spec.tags.value(0), spec.contextDir, spec.noCache, spec.buildArgs, spec.target};
    start(args);
}

quint64 BuildPage::startBuild(const QString &tag, const QString &contextDir, bool noCache)
{
    return start(BuildRequestArgs{tag, contextDir, noCache, {}, {}});
}

quint64 BuildPage::start(const BuildRequestArgs &args)
{
    if (!m_backend || m_buildId)
        return 0;
    backends::BuildSpec spec;
    spec.contextDir = args.contextDir;
    spec.dockerfileText = m_pane->text();
    const QString path = m_pane->filePath();
    spec.dockerfileName = path.isEmpty() ? QStringLiteral("Dockerfile") : QFileInfo(path).fileName();
    spec.tags = {args.tag};
    spec.noCache = args.noCache;
    spec.buildArgs = args.buildArgs;
    spec.target = args.target;
    m_lastTag = args.tag;
    m_lastContext = args.contextDir;
    m_result->hide();
    m_log->clear();
    m_log->setBuildTitle(args.tag);
    m_buildId = m_backend->build(spec);
    m_pane->buildAction()->setEnabled(m_buildId == 0);
    return m_buildId;
}

void BuildPage::onExternalBuild(quint64 id, const QString &title)
{
    // a `docker build` against the sandbox: shown here unless the page is busy with its own build
    if (m_buildId)
        return;
    m_buildId = id;
    // "building my-microservice from Dockerfile": the tag
    m_lastTag = title;
    if (title.startsWith(QLatin1String("building ")) && title.contains(QLatin1String(" from ")))
        m_lastTag = title.mid(9, title.indexOf(QLatin1String(" from ")) - 9);
    m_result->hide();
    m_log->clear();
    m_log->setBuildTitle(tr("%1 (docker build)").arg(m_lastTag));
    m_pane->buildAction()->setEnabled(false);
    emit externalBuildShown(m_lastTag);
}

void BuildPage::onEvents(quint64 id, const std::vector<engine::image::BuildEvent> &events)
{
    if (id == m_buildId)
        m_log->appendEvents(events);
}

void BuildPage::onFinished(quint64 id, bool ok, const QString &message, const QString &imageId)
{
    if (id != m_buildId)
        return;
    m_buildId = 0;
    m_pane->buildAction()->setEnabled(true);
    if (ok) {
        m_result->setStyleSheet(QStringLiteral("background:#e8f5e9;color:#1b5e20"));
        m_result->setText(tr("Built <b>%1</b> (%2). <a href=\"image:%1\">Show it in Images</a>")
                              .arg(m_lastTag.toHtmlEscaped(), imageId.mid(7, 12)));
    } else {
        m_result->setStyleSheet(QStringLiteral("background:#fdecea;color:#b71c1c"));
        m_result->setText(message.toHtmlEscaped());
        // put the cursor where the build failed
        static const QRegularExpression where(QStringLiteral(":(\\d+):(\\d+):"));
        if (const auto m = where.match(message); m.hasMatch())
            m_pane->editor()->selectRange(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(1).toInt(),
                                          m.captured(2).toInt() + 1);
    }
    m_result->show();
    emit buildFinished(ok, message, imageId, m_lastTag);
}

} // namespace flotilla::widgets
