#include "registrydialog.h"

#include <backends/backend.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace flotilla::widgets {

RegistryDialog::RegistryDialog(backends::Backend *backend, std::function<QStringList()> localImages, QWidget *parent)
    : QDialog(parent),
      m_backend(backend),
      m_localImages(std::move(localImages)),
      m_session(new backends::RegistrySession(this)),
      m_registry(new QLineEdit),
      m_user(new QLineEdit),
      m_password(new QLineEdit),
      m_caFile(new QLineEdit),
      m_skipVerify(new QCheckBox(tr("Do not check the certificate (insecure)"))),
      m_connect(new QPushButton(tr("&Connect"))),
      m_status(new QLabel),
      m_repos(new QListWidget),
      m_tags(new QListWidget),
      m_summary(new QLabel),
      m_layers(new QTableWidget(0, 3)),
      m_manifest(new QPlainTextEdit),
      m_pull(new QPushButton(tr("P&ull into the Images"))),
      m_delete(new QPushButton(tr("De&lete Tag…"))),
      m_pushSource(new QComboBox),
      m_pushTarget(new QLineEdit),
      m_push(new QPushButton(tr("&Push"))),
      m_progress(new QPlainTextEdit),
      m_bar(new QProgressBar)
{
    setWindowTitle(tr("Registries"));
    resize(1100, 720);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    m_registry->setPlaceholderText(tr("127.0.0.1:5000 or registry.example.com"));
    m_registry->setToolTip(tr("A registry that speaks the OCI distribution API (Docker Registry v2), over HTTPS. "
                              "A loopback registry is an insecure registry, as in Docker: HTTPS without a "
                              "certificate check (unless a CA is given), else plain HTTP."));
    m_user->setPlaceholderText(tr("anonymous"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("not stored"));
    m_connect->setDefault(true);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("&Registry:")));
    static_cast<QLabel *>(top->itemAt(0)->widget())->setBuddy(m_registry);
    top->addWidget(m_registry, 3);
    top->addWidget(new QLabel(tr("User:")));
    top->addWidget(m_user, 1);
    top->addWidget(new QLabel(tr("Password:")));
    top->addWidget(m_password, 1);
    top->addWidget(m_connect);

    m_caFile->setPlaceholderText(tr("also read from /etc/docker/certs.d/<registry>/ and ~/.config/flotilla/certs.d/<registry>/"));
    m_caFile->setToolTip(tr("A PEM file with the certificate of the CA that signed the registry's certificate. "
                            "Certificates in the certs.d folders (ca.crt, and client.cert with client.key) are used "
                            "as Docker uses them."));
    auto *browse = new QPushButton(tr("&Browse…"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA Certificate"), m_caFile->text(),
                                                          tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
        if (!file.isEmpty())
            m_caFile->setText(file);
    });
    m_skipVerify->setToolTip(tr("Accept any certificate: anyone between you and the registry could read and change "
                                "what is sent. Use only for a test registry."));
    auto *tls = new QHBoxLayout;
    auto *caLabel = new QLabel(tr("C&A certificate:"));
    caLabel->setBuddy(m_caFile);
    tls->addWidget(caLabel);
    tls->addWidget(m_caFile, 3);
    tls->addWidget(browse);
    tls->addWidget(m_skipVerify);

    m_status->setWordWrap(true);
    m_status->setText(tr("Connect to a registry to see its repositories and tags."));

    auto *repoBox = new QGroupBox(tr("Repositories"));
    (new QVBoxLayout(repoBox))->addWidget(m_repos);
    auto *tagBox = new QGroupBox(tr("Tags"));
    (new QVBoxLayout(tagBox))->addWidget(m_tags);
    auto *detailBox = new QGroupBox(tr("Manifest"));
    auto *detail = new QVBoxLayout(detailBox);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_summary->setText(tr("Choose a tag."));
    m_layers->setHorizontalHeaderLabels({tr("Layer"), tr("Size"), tr("Media type")});
    m_layers->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_layers->horizontalHeader()->setStretchLastSection(true);
    m_layers->setColumnWidth(0, 190);
    m_layers->setColumnWidth(1, 90);
    m_layers->verticalHeader()->hide();
    m_layers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_layers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_manifest->setReadOnly(true);
    m_manifest->setFont(mono);
    m_manifest->setPlaceholderText(tr("The manifest as the registry sends it."));
    auto *detailSplit = new QSplitter(Qt::Vertical);
    detailSplit->addWidget(m_layers);
    detailSplit->addWidget(m_manifest);
    detailSplit->setSizes({200, 160});
    detail->addWidget(m_summary);
    detail->addWidget(detailSplit, 1);
    auto *pullRow = new QHBoxLayout;
    pullRow->addStretch(1);
    pullRow->addWidget(m_delete);
    pullRow->addWidget(m_pull);
    detail->addLayout(pullRow);
    m_pull->setEnabled(false);
    m_delete->setEnabled(false);
    m_delete->setToolTip(tr("Deletes the manifest the tag points to from the registry (Del), with every tag of the "
                            "same manifest"));

    auto *split = new QSplitter;
    split->addWidget(repoBox);
    split->addWidget(tagBox);
    split->addWidget(detailBox);
    split->setStretchFactor(2, 1);
    split->setSizes({230, 150, 700});

    auto *pushBox = new QGroupBox(tr("Push an image there"));
    auto *pushRow = new QHBoxLayout(pushBox);
    m_pushSource->setMinimumContentsLength(24);
    m_pushTarget->setPlaceholderText(tr("repository:tag, e.g. team/my-microservice:1.0"));
    pushRow->addWidget(new QLabel(tr("Image:")));
    pushRow->addWidget(m_pushSource, 2);
    pushRow->addWidget(new QLabel(tr("as")));
    pushRow->addWidget(m_pushTarget, 3);
    pushRow->addWidget(m_push);
    m_progress->setReadOnly(true);
    m_progress->setFont(mono);
    m_progress->setMaximumBlockCount(500);
    m_progress->setPlaceholderText(tr("Progress of pushes and pulls."));
    m_progress->setFixedHeight(110);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(tls);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
    layout->addWidget(pushBox);
    m_bar->setRange(0, 100);
    m_bar->setFormat(tr("%p % of the layers"));
    m_bar->hide();
    layout->addWidget(m_bar);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);

    connect(m_connect, &QPushButton::clicked, this, &RegistryDialog::connectToRegistry);
    connect(m_registry, &QLineEdit::returnPressed, this, &RegistryDialog::connectToRegistry);
    connect(m_session, &backends::RegistrySession::opened, this, &RegistryDialog::onOpened);
    connect(m_session, &backends::RegistrySession::tagsArrived, this, &RegistryDialog::onTags);
    connect(m_session, &backends::RegistrySession::manifestArrived, this, &RegistryDialog::onManifest);
    connect(m_session, &backends::RegistrySession::tagDeleted, this, &RegistryDialog::onTagDeleted);
    connect(m_repos, &QListWidget::currentTextChanged, this, [this](const QString &repo) {
        m_tags->clear();
        m_pull->setEnabled(false);
        m_delete->setEnabled(false);
        if (!repo.isEmpty())
            m_session->listTags(repo);
    });
    connect(m_tags, &QListWidget::currentTextChanged, this, [this](const QString &tag) {
        m_pull->setEnabled(!tag.isEmpty());
        m_delete->setEnabled(!tag.isEmpty());
        if (!tag.isEmpty() && m_repos->currentItem())
            m_session->readManifest(m_repos->currentItem()->text(), tag);
    });
    connect(m_pull, &QPushButton::clicked, this, &RegistryDialog::pullSelected);
    connect(m_delete, &QPushButton::clicked, this, &RegistryDialog::deleteSelectedTag);
    auto *del = new QShortcut(QKeySequence::Delete, m_tags, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(del, &QShortcut::activated, this, &RegistryDialog::deleteSelectedTag);
    connect(m_push, &QPushButton::clicked, this, &RegistryDialog::pushChosen);
    connect(m_pushSource, &QComboBox::currentTextChanged, this, [this](const QString &source) {
        // a sensible target: the image's own name under the registry
        if (m_pushTarget->isModified() || source.isEmpty())
            return;
        QString name = source.section(QLatin1Char('/'), -1);
        m_pushTarget->setText(name.contains(QLatin1Char(':')) ? name : name + QStringLiteral(":latest"));
    });
    fillLocalImages();
}

void RegistryDialog::fillLocalImages()
{
    m_pushSource->clear();
    if (m_localImages)
        m_pushSource->addItems(m_localImages());
    m_push->setEnabled(m_pushSource->count() > 0);
}

void RegistryDialog::showStatus(const QString &text, bool error)
{
    m_status->setStyleSheet(error ? QStringLiteral("color: #b42318;") : QString());
    m_status->setText(text);
}

void RegistryDialog::choosePushSource(const QString &reference)
{
    const int index = m_pushSource->findText(reference);
    if (index >= 0)
        m_pushSource->setCurrentIndex(index);
}

void RegistryDialog::onProgressLine(const QString &line)
{
    m_progress->appendPlainText(line);
    static const QRegularExpression layer(QStringLiteral("^([0-9a-f]{12}): (.+?)(?: (\\d+) %)?$"));
    const auto m = layer.match(line);
    if (!m.hasMatch())
        return;
    const QString status = m.captured(2);
    int percent = m.captured(3).isEmpty() ? -1 : m.captured(3).toInt();
    if (status.startsWith(QLatin1String("Pushed")) || status.startsWith(QLatin1String("Layer already exists")) ||
        status.startsWith(QLatin1String("Mounted from")) || status.startsWith(QLatin1String("Pull complete")) ||
        status.startsWith(QLatin1String("Already exists")) || status.startsWith(QLatin1String("Download complete")))
        percent = 100;
    else if (percent < 0)
        percent = m_layerPercent.value(m.captured(1), 0);
    m_layerPercent[m.captured(1)] = std::max(percent, m_layerPercent.value(m.captured(1), 0));
    int sum = 0;
    for (int p : std::as_const(m_layerPercent))
        sum += p;
    m_bar->setValue(sum / int(m_layerPercent.size()));
}

void RegistryDialog::setBusy(bool busy)
{
    if (busy) {
        m_layerPercent.clear();
        m_bar->setValue(0);
    }
    m_bar->setVisible(busy);
    m_push->setEnabled(!busy && m_pushSource->count() > 0);
    m_pull->setEnabled(!busy && m_tags->currentItem());
}

void RegistryDialog::connectToRegistry()
{
    const QString registry = m_registry->text().trimmed();
    if (registry.isEmpty()) {
        showStatus(tr("Name a registry first: host and port, such as 127.0.0.1:5000."), true);
        m_registry->setFocus();
        return;
    }
    m_repos->clear();
    m_tags->clear();
    m_layers->setRowCount(0);
    m_manifest->clear();
    showStatus(tr("Connecting to %1…").arg(registry), false);
    m_session->open(registry, {m_user->text(), m_password->text(), m_caFile->text().trimmed(), m_skipVerify->isChecked()});
}

void RegistryDialog::onOpened(bool ok, const QString &error, const QStringList &repositories)
{
    if (!ok) {
        showStatus(tr("%1: %2").arg(m_session->registry(), error), true);
        return;
    }
    const QString where = tr("%1 (%2)").arg(m_session->registry(), m_session->transport());
    showStatus(repositories.isEmpty() ? tr("%1 answers; it has no repositories yet: push one below.").arg(where)
                       : repositories.size() == 1 ? tr("%1: one repository.").arg(where)
                                                  : tr("%1: %2 repositories.").arg(where).arg(repositories.size()),
               false);
    m_repos->addItems(repositories);
    if (m_repos->count())
        m_repos->setCurrentRow(0);
}

void RegistryDialog::onTags(const QString &repository, const QStringList &tags, const QString &error)
{
    if (!m_repos->currentItem() || m_repos->currentItem()->text() != repository)
        return;
    if (!error.isEmpty())
        showStatus(error, true);
    m_tags->clear();
    m_tags->addItems(tags);
    if (m_tags->count())
        m_tags->setCurrentRow(0);
}

void RegistryDialog::onManifest(const backends::RegistryManifestInfo &info, const QString &error)
{
    if (!m_tags->currentItem() || m_tags->currentItem()->text() != info.tag)
        return;
    m_layers->setRowCount(0);
    if (!error.isEmpty()) {
        m_summary->setText(error.toHtmlEscaped());
        m_manifest->clear();
        return;
    }
    const QLocale locale;
    QString html = QStringLiteral("<b>%1:%2</b><br>").arg(info.repository.toHtmlEscaped(), info.tag.toHtmlEscaped());
    html += tr("Digest: %1<br>Type: %2<br>Size: %3 in %4")
                .arg(info.digest, info.mediaType, locale.formattedDataSize(info.size),
                     info.layers.size() == 1 ? tr("one layer") : tr("%1 layers").arg(info.layers.size()));
    if (!info.created.isEmpty())
        html += QStringLiteral("<br>") + tr("Created: %1 · %2/%3").arg(info.created, info.os, info.architecture);
    const QStringList command = info.entrypoint + info.cmd;
    if (!command.isEmpty())
        html += QStringLiteral("<br>") + tr("Runs: <code>%1</code>").arg(command.join(QLatin1Char(' ')).toHtmlEscaped());
    if (!info.exposedPorts.isEmpty())
        html += QStringLiteral("<br>") + tr("Exposes: %1").arg(info.exposedPorts.join(QStringLiteral(", ")));
    m_summary->setText(html);
    for (const auto &l : info.layers) {
        const int row = m_layers->rowCount();
        m_layers->insertRow(row);
        auto *digest = new QTableWidgetItem(l.digest.mid(7, 12));
        digest->setToolTip(l.digest);
        m_layers->setItem(row, 0, digest);
        auto *size = new QTableWidgetItem(locale.formattedDataSize(l.size));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_layers->setItem(row, 1, size);
        m_layers->setItem(row, 2, new QTableWidgetItem(l.mediaType));
    }
    m_manifest->setPlainText(info.manifestJson);
}

QString RegistryDialog::qualified(const QString &repositoryAndTag) const
{
    return m_session->registry() + QLatin1Char('/') + repositoryAndTag;
}

void RegistryDialog::pullSelected()
{
    if (!m_backend || !m_repos->currentItem() || !m_tags->currentItem())
        return;
    const QString reference = qualified(m_repos->currentItem()->text() + QLatin1Char(':') + m_tags->currentItem()->text());
    m_progress->appendPlainText(tr("Pulling %1").arg(reference));
    setBusy(true);
    m_backend->pullImage(
        reference, m_session->login(), this, [this](const QString &line) { onProgressLine(line); },
        [this, reference](const backends::CommandResult &r) {
            setBusy(false);
            const QString text = r.ok ? r.lines.join(QLatin1Char(' ')) : r.problems.value(0).message;
            m_progress->appendPlainText(text);
            showStatus(r.ok ? tr("Pulled %1: it is in the Images now.").arg(reference) : text, !r.ok);
            fillLocalImages();
            emit transferFinished(r.ok, text);
        });
}

void RegistryDialog::deleteSelectedTag()
{
    if (!m_repos->currentItem() || !m_tags->currentItem())
        return;
    const QString repository = m_repos->currentItem()->text();
    const QString tag = m_tags->currentItem()->text();
    QMessageBox box(QMessageBox::Warning, tr("Delete Tag"),
                    tr("Delete %1 from %2?").arg(repository + QLatin1Char(':') + tag, m_session->registry()),
                    QMessageBox::Cancel, this);
    box.setInformativeText(tr("The registry deletes the manifest the tag points to: every other tag of the same image "
                              "goes too, for everyone who pulls from it. Its layers stay until the registry's garbage "
                              "collection runs."));
    box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() == QMessageBox::Cancel || box.buttonRole(box.clickedButton()) != QMessageBox::DestructiveRole)
        return;
    m_delete->setEnabled(false);
    showStatus(tr("Deleting %1:%2…").arg(repository, tag), false);
    m_session->deleteTag(repository, tag);
}

void RegistryDialog::onTagDeleted(const QString &repository, const QString &tag, const QString &error)
{
    if (!error.isEmpty()) {
        showStatus(error, true);
        m_delete->setEnabled(m_tags->currentItem());
        return;
    }
    showStatus(tr("Deleted %1:%2 from %3.").arg(repository, tag, m_session->registry()), false);
    if (m_repos->currentItem() && m_repos->currentItem()->text() == repository) {
        m_tags->clear();
        m_session->listTags(repository);
    }
}

void RegistryDialog::pushChosen()
{
    if (!m_backend)
        return;
    if (m_session->registry().isEmpty()) {
        showStatus(tr("Connect to the registry to push to first."), true);
        return;
    }
    const QString source = m_pushSource->currentText();
    const QString target = m_pushTarget->text().trimmed();
    if (source.isEmpty() || target.isEmpty() || target.contains(QLatin1Char(' '))) {
        showStatus(tr("Choose an image and name it in the registry: repository:tag."), true);
        m_pushTarget->setFocus();
        return;
    }
    const QString reference = qualified(target.contains(QLatin1Char(':')) ? target : target + QStringLiteral(":latest"));
    m_progress->appendPlainText(tr("Pushing %1 as %2").arg(source, reference));
    setBusy(true);
    m_backend->pushImage(
        source, reference, m_session->login(), this, [this](const QString &line) { onProgressLine(line); },
        [this, reference](const backends::CommandResult &r) {
            setBusy(false);
            for (const auto &w : r.warnings)
                m_progress->appendPlainText(tr("Warning: %1").arg(w));
            const QString text = r.ok ? r.lines.join(QLatin1Char(' ')) : r.problems.value(0).message;
            m_progress->appendPlainText(text);
            showStatus(r.ok ? tr("Pushed %1.").arg(reference) : text, !r.ok);
            if (r.ok)
                m_session->open(m_session->registry(), m_session->login()); // the new repository or tag shows
            emit transferFinished(r.ok, text);
        });
}

} // namespace flotilla::widgets
