#include "containerlogview.h"

#include <backends/backend.h>
#include <engine/api/kinds.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

ContainerLogView::ContainerLogView(QWidget *parent)
    : QWidget(parent), m_container(new QComboBox(this)), m_previous(new QCheckBox(tr("Previous"), this)),
      m_follow(new QCheckBox(tr("Follow"), this)), m_status(new QLabel(this)), m_text(new QPlainTextEdit(this))
{
    m_container->setToolTip(tr("The container whose log is shown"));
    m_previous->setToolTip(tr("The log of the run before the last restart (kubectl logs --previous)"));
    m_follow->setToolTip(tr("Show new lines as they come (kubectl logs -f)"));
    m_follow->setChecked(true);
    auto *reloadButton = new QToolButton(this);
    reloadButton->setText(tr("Reload"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(kMaxLines);
    m_status->setStyleSheet(QStringLiteral("color:#6b7280"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_container);
    bar->addWidget(m_previous);
    bar->addWidget(m_follow);
    bar->addWidget(reloadButton);
    bar->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);
    connect(m_container, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_previous, &QCheckBox::toggled, this, [this] { reload(); });
    connect(m_follow, &QCheckBox::toggled, this, [this] { reload(); });
    connect(reloadButton, &QToolButton::clicked, this, &ContainerLogView::reload);
}

ContainerLogView::~ContainerLogView() { stopFollowing(); }

void ContainerLogView::setBackend(backends::Backend *backend)
{
    stopFollowing();
    m_backend = backend;
}

QString ContainerLogView::text() const { return m_text->toPlainText(); }

void ContainerLogView::stopFollowing()
{
    if (m_followId && m_backend)
        m_backend->stopFollowingLogs(m_followId);
    m_followId = 0;
}

void ContainerLogView::showPod(const api::ObjectPtr &pod)
{
    if (!pod || pod->kind != api::kind::Pod) {
        stopFollowing();
        ++m_generation;
        m_ns.clear();
        m_pod.clear();
        m_uid.clear();
        m_text->clear();
        return;
    }
    QStringList containers;
    const api::Json &cs = api::field(pod->spec(), "containers");
    if (cs.is_array())
        for (const auto &c : cs)
            containers << QString::fromStdString(api::stringField(c, "name"));
    const QString ns = QString::fromStdString(pod->metadata.ns), name = QString::fromStdString(pod->metadata.name);
    const QString uid = QString::fromStdString(pod->metadata.uid);
    if (ns == m_ns && name == m_pod && uid == m_uid && containers == m_containers)
        return; // the same pod changed: a follower brings its new lines
    m_ns = ns;
    m_pod = name;
    m_uid = uid;
    m_containers = containers;
    const QSignalBlocker block(m_container);
    m_container->clear();
    m_container->addItems(containers);
    m_container->setVisible(containers.size() > 1);
    reload();
}

void ContainerLogView::reload()
{
    stopFollowing();
    const quint64 generation = ++m_generation;
    m_text->clear();
    if (!m_backend || m_pod.isEmpty())
        return;
    m_status->setText(tr("Loading…"));
    const QString container = m_container->currentText();
    const bool previous = m_previous->isChecked();
    m_backend->fetchLogs(m_ns, m_pod, container, kTail, previous, this,
                         [this, generation](const backends::LogResult &r) { append(r, generation); });
    if (m_follow->isChecked() && !previous)
        m_followId = m_backend->followLogs(m_ns, m_pod, container, this,
                                           [this, generation](const backends::LogResult &r) { append(r, generation); });
}

void ContainerLogView::append(const backends::LogResult &result, quint64 generation)
{
    if (generation != m_generation)
        return; // an answer for what was shown before
    if (!result.ok) {
        m_status->setText(result.error);
        return;
    }
    m_status->setText(m_followId ? tr("Following") : QString());
    if (result.lines.isEmpty())
        return;
    QScrollBar *bar = m_text->verticalScrollBar();
    QScrollBar *across = m_text->horizontalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    const int left = across->value();
    m_text->appendPlainText(result.lines.join(QLatin1Char('\n')));
    if (atEnd) {
        // the cursor at the start of the last line: the view follows down, never sideways
        m_text->moveCursor(QTextCursor::End);
        m_text->moveCursor(QTextCursor::StartOfBlock);
        bar->setValue(bar->maximum());
    }
    across->setValue(left);
}

} // namespace flotilla::widgets
