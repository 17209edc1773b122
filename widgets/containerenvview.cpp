#include "containerenvview.h"

#include <backends/backend.h>
#include <engine/api/kinds.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

namespace {
const QString kMask = QStringLiteral("••••••••");

QTableWidget *makeTable(const QStringList &headers, QWidget *parent)
{
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    t->verticalHeader()->hide();
    t->verticalHeader()->setDefaultSectionSize(t->fontMetrics().height() + 6);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setWordWrap(false);
    return t;
}
} // namespace

ContainerEnvView::ContainerEnvView(QWidget *parent)
    : QWidget(parent), m_container(new QComboBox(this)), m_reveal(new QCheckBox(tr("Reveal Secret values"), this)),
      m_envError(new QLabel(this)), m_env(makeTable({tr("Name"), tr("Value"), tr("From")}, this)),
      m_filesError(new QLabel(this)), m_files(makeTable({tr("From"), tr("Mounted file"), tr("Size")}, this)),
      m_content(new QPlainTextEdit(this))
{
    m_container->setToolTip(tr("The container whose environment is shown"));
    auto *reloadButton = new QToolButton(this);
    reloadButton->setText(tr("Reload"));
    for (auto *label : {m_envError, m_filesError}) {
        label->setWordWrap(true);
        label->setStyleSheet(QStringLiteral("color:#d63c3c"));
        label->hide();
    }
    m_content->setReadOnly(true);
    m_content->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_content->setPlaceholderText(tr("Select a file to see its content"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_container);
    bar->addWidget(m_reveal);
    bar->addStretch(1);
    bar->addWidget(reloadButton);
    auto *envBox = new QWidget(this);
    auto *envLayout = new QVBoxLayout(envBox);
    envLayout->setContentsMargins(0, 0, 0, 0);
    envLayout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Environment")), envBox));
    envLayout->addWidget(m_envError);
    envLayout->addWidget(m_env, 1);
    auto *filesBox = new QWidget(this);
    auto *filesLayout = new QVBoxLayout(filesBox);
    filesLayout->setContentsMargins(0, 0, 0, 0);
    filesLayout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(tr("ConfigMap and Secret files")), filesBox));
    filesLayout->addWidget(m_filesError);
    filesLayout->addWidget(m_files, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(envBox);
    split->addWidget(filesBox);
    split->addWidget(m_content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    connect(m_container, &QComboBox::currentIndexChanged, this, [this] { reload(); });
    connect(m_reveal, &QCheckBox::toggled, this, [this] { reload(); });
    connect(reloadButton, &QToolButton::clicked, this, &ContainerEnvView::reload);
    connect(m_files, &QTableWidget::currentCellChanged, this, [this](int row) { showFile(row); });
}

void ContainerEnvView::showPod(const api::ObjectPtr &pod)
{
    if (!pod || pod->kind != api::kind::Pod) {
        ++m_generation;
        m_ns.clear();
        m_pod.clear();
        m_uid.clear();
        return;
    }
    const QString ns = QString::fromStdString(pod->metadata.ns), name = QString::fromStdString(pod->metadata.name);
    const QString uid = QString::fromStdString(pod->metadata.uid);
    if (ns == m_ns && name == m_pod && uid == m_uid)
        return;
    m_ns = ns;
    m_pod = name;
    m_uid = uid;
    QStringList containers;
    const api::Json &cs = api::field(pod->spec(), "containers");
    if (cs.is_array())
        for (const auto &c : cs)
            containers << QString::fromStdString(api::stringField(c, "name"));
    const QSignalBlocker block(m_container);
    m_container->clear();
    m_container->addItems(containers);
    m_container->setVisible(containers.size() > 1);
    reload();
}

void ContainerEnvView::reload()
{
    const quint64 generation = ++m_generation;
    if (!m_backend || m_pod.isEmpty())
        return;
    m_backend->fetchContainerConfig(m_ns, m_pod, m_container->currentText(), this,
                                    [this, generation](const backends::ContainerConfig &c) {
                                        if (generation == m_generation)
                                            show(c);
                                    });
}

void ContainerEnvView::show(const backends::ContainerConfig &config)
{
    const bool reveal = m_reveal->isChecked();
    m_envError->setVisible(!config.envError.isEmpty());
    m_envError->setText(config.envError);
    m_env->setRowCount(int(config.env.size()));
    for (int i = 0; i < config.env.size(); ++i) {
        const auto &e = config.env[i];
        m_env->setItem(i, 0, new QTableWidgetItem(e.name));
        m_env->setItem(i, 1, new QTableWidgetItem(e.secret && !reveal ? kMask : e.value));
        m_env->setItem(i, 2, new QTableWidgetItem(e.source.isEmpty() ? tr("manifest") : e.source));
    }
    m_filesError->setVisible(!config.filesError.isEmpty());
    m_filesError->setText(config.filesError);
    m_fileContents.clear();
    m_files->setRowCount(int(config.files.size()));
    for (int i = 0; i < config.files.size(); ++i) {
        const auto &f = config.files[i];
        m_files->setItem(i, 0, new QTableWidgetItem(f.source));
        m_files->setItem(i, 1, new QTableWidgetItem(f.path));
        m_files->setItem(i, 2, new QTableWidgetItem(tr("%n byte(s)", nullptr, int(f.content.toUtf8().size()))));
        m_fileContents.push_back({f.content, f.secret});
    }
    if (!config.files.isEmpty() && m_files->currentRow() < 0)
        m_files->setCurrentCell(0, 0);
    showFile(m_files->currentRow());
}

void ContainerEnvView::showFile(int row)
{
    if (row < 0 || row >= m_fileContents.size()) {
        m_content->clear();
        return;
    }
    const auto &[content, secret] = m_fileContents[row];
    m_content->setPlainText(secret && !m_reveal->isChecked() ? kMask : content);
}

} // namespace flotilla::widgets
