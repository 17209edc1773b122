#include "builddialog.h"

#include <engine/image/dockerfile.h>
#include <engine/image/reference.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QToolButton>

namespace flotilla::widgets {

namespace {
QLabel *errorLabel(QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color:#c62828"));
    l->hide();
    return l;
}

void showError(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

/// "KEY=value" lines (blank lines and # comments skipped) → pairs, or the first bad line's reason.
QList<QPair<QString, QString>> parseArgs(const QString &text, QString *error)
{
    QList<QPair<QString, QString>> out;
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        const QString key = eq < 0 ? line : line.left(eq);
        if (eq < 0 || !name.match(key).hasMatch()) {
            if (error)
                *error = BuildDialog::tr("Line %1: write KEY=value, where KEY is letters, digits and _").arg(i + 1);
            return {};
        }
        out.append({key, line.mid(eq + 1)});
    }
    return out;
}
} // namespace

BuildDialog::BuildDialog(QWidget *parent)
    : QDialog(parent), m_tag(new QLineEdit(this)), m_tagError(errorLabel(this)), m_context(new QLineEdit(this)),
      m_contextError(errorLabel(this)), m_args(new QPlainTextEdit(this)), m_argsError(errorLabel(this)),
      m_target(new QComboBox(this)), m_noCache(new QCheckBox(tr("Do not use the build cache (--no-cache)"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Build Image"));
    m_tag->setPlaceholderText(QStringLiteral("my-microservice"));
    m_tag->setToolTip(tr("The image's name and tag, as in docker build -t: my-microservice, app:1.0, "
                         "localhost:5000/team/app:2"));
    m_context->setToolTip(tr("The folder whose files COPY and ADD can use (the last argument of docker build). "
                             "Its .dockerignore is honoured."));
    auto *browseButton = new QToolButton(this);
    browseButton->setText(tr("Browse…"));
    connect(browseButton, &QToolButton::clicked, this, &BuildDialog::browse);
    auto *contextRow = new QHBoxLayout;
    contextRow->addWidget(m_context, 1);
    contextRow->addWidget(browseButton);
    m_args->setPlaceholderText(QStringLiteral("NODE_ENV=production\nVERSION=1.2.0"));
    m_args->setToolTip(tr("Build arguments, one KEY=value per line (--build-arg). They set the Dockerfile's ARGs."));
    m_args->setFixedHeight(m_args->fontMetrics().lineSpacing() * 4 + 12);
    m_target->setToolTip(tr("The stage to build (--target); the last stage when none is chosen"));
    auto *form = new QFormLayout;
    form->addRow(tr("&Tag:"), m_tag);
    form->addRow(QString(), m_tagError);
    form->addRow(tr("&Context folder:"), contextRow);
    form->addRow(QString(), m_contextError);
    form->addRow(tr("Build &args:"), m_args);
    form->addRow(QString(), m_argsError);
    form->addRow(tr("Target &stage:"), m_target);
    form->addRow(QString(), m_noCache);
    auto *build = m_buttons->addButton(tr("&Build"), QDialogButtonBox::AcceptRole);
    build->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    setMinimumWidth(520);
    connect(m_tag, &QLineEdit::textChanged, this, &BuildDialog::validate);
    connect(m_context, &QLineEdit::textChanged, this, &BuildDialog::validate);
    connect(m_args, &QPlainTextEdit::textChanged, this, &BuildDialog::validate);
}

void BuildDialog::setup(const QString &dockerfileText, const QString &contextDir, const QString &tag)
{
    m_dockerfile = dockerfileText;
    if (!tag.isEmpty())
        m_tag->setText(tag);
    m_context->setText(contextDir);
    const QString previous = m_target->currentData().toString();
    m_target->clear();
    m_target->addItem(tr("(last stage)"), QString());
    const auto parsed = engine::image::parseDockerfile(dockerfileText.toStdString());
    for (const auto &stage : parsed.file.stages) {
        const QString id = stage.name.empty() ? QString::number(stage.index) : QString::fromStdString(stage.name);
        m_target->addItem(tr("%1 — FROM %2").arg(id, QString::fromStdString(stage.baseImage)), id);
    }
    if (const int i = m_target->findData(previous); i > 0)
        m_target->setCurrentIndex(i);
    validate();
}

QString BuildDialog::tagError() const { return m_tagError->text(); }
QString BuildDialog::contextError() const { return m_contextError->text(); }
QString BuildDialog::argsError() const { return m_argsError->text(); }

void BuildDialog::validate()
{
    QString tagMsg;
    const QString tag = m_tag->text().trimmed();
    if (tag.isEmpty()) {
        tagMsg = tr("Name the image, e.g. my-microservice");
    } else if (auto r = engine::image::parseImageReference(tag.toStdString()); !r.ok()) {
        tagMsg = QString::fromStdString(r.error().message);
    } else if (!r->digest.empty()) {
        tagMsg = tr("A tag cannot contain a digest (@sha256:…)");
    }
    showError(m_tagError, tagMsg);

    QString ctxMsg;
    const QString dir = m_context->text().trimmed();
    if (dir.isEmpty())
        ctxMsg = tr("Choose the folder with the files the Dockerfile copies");
    else if (!QFileInfo(dir).isDir())
        ctxMsg = tr("No such folder: %1").arg(dir);
    showError(m_contextError, ctxMsg);

    QString argsMsg;
    parseArgs(m_args->toPlainText(), &argsMsg);
    showError(m_argsError, argsMsg);

    for (auto *b : m_buttons->buttons())
        if (m_buttons->buttonRole(b) == QDialogButtonBox::AcceptRole)
            b->setEnabled(tagMsg.isEmpty() && ctxMsg.isEmpty() && argsMsg.isEmpty());
}

bool BuildDialog::isValid() const
{
    return m_tagError->text().isEmpty() && m_contextError->text().isEmpty() && m_argsError->text().isEmpty();
}

void BuildDialog::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Build Context Folder"), m_context->text());
    if (!dir.isEmpty())
        m_context->setText(dir);
}

backends::BuildSpec BuildDialog::spec() const
{
    backends::BuildSpec s;
    s.contextDir = QDir::cleanPath(m_context->text().trimmed());
    s.dockerfileText = m_dockerfile;
    s.tags = {m_tag->text().trimmed()};
    s.buildArgs = parseArgs(m_args->toPlainText(), nullptr);
    s.target = m_target->currentData().toString();
    s.noCache = m_noCache->isChecked();
    return s;
}

} // namespace flotilla::widgets
