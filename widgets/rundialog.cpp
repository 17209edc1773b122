#include "rundialog.h"

#include <engine/api/object.h>
#include <engine/api/types.h>
#include <models/imagemodel.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSet>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

namespace {
/// Entries of a field that takes lines or commas ("3000:8080, 3001:8081").
QStringList entries(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QRegularExpression(QStringLiteral("[,\\n]"))))
        if (!part.trimmed().isEmpty())
            out << part.trimmed();
    return out;
}

/// A plain text field of a few lines: tall enough for three entries, no taller.
void fewLines(QPlainTextEdit *edit, int lines)
{
    edit->setTabChangesFocus(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    const QFontMetrics fm(edit->font());
    edit->setFixedHeight(fm.lineSpacing() * lines + 2 * int(edit->document()->documentMargin()) + 2 * edit->frameWidth());
}
} // namespace

RunDialog::RunDialog(backends::Backend *backend, const models::ImageModel *images, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_images(images), m_image(new QComboBox(this)), m_noImages(new QLabel(this)),
      m_name(new QLineEdit(this)), m_ports(new QPlainTextEdit(this)), m_env(new QPlainTextEdit(this)),
      m_args(new QLineEdit(this)), m_restart(new QComboBox(this)), m_command(new QPlainTextEdit(this)), m_error(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Run Container"));
    setMinimumWidth(560);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    auto *intro = new QLabel(tr("Start a container from an image, as <code>docker run -d</code> does. It is simulated: "
                                "its program does not really run, but its published ports are real ports on this "
                                "computer, answered by the sandbox."),
                             this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    m_image->setEditable(true);
    m_image->setInsertPolicy(QComboBox::NoInsert);
    m_image->setMinimumContentsLength(28);
    m_image->setToolTip(tr("An image of the sandbox: built on the Build page, or tagged. You may also type a "
                           "reference or an image id."));
    m_noImages->setWordWrap(true);
    m_noImages->setStyleSheet(QStringLiteral("color: palette(mid)"));
    m_noImages->setText(tr("The sandbox has no image to run yet: build one on the Build page (Ctrl+B). Catalog images "
                           "are metadata only and cannot run."));
    m_noImages->hide();

    m_name->setPlaceholderText(tr("a generated name, such as eager_turing"));
    m_name->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[a-zA-Z0-9][a-zA-Z0-9_.-]*")), m_name));
    m_name->setToolTip(tr("Letters, digits, “_”, “.” and “-”; the name must be free"));

    m_ports->setFont(mono);
    m_ports->setPlaceholderText(tr("3000:8080 — host port:container port, one per line or comma-separated"));
    m_ports->setToolTip(tr("Published ports (docker run -p): HOST:CONTAINER such as 3000:8080, 127.0.0.1:3000:8080 "
                           "for this computer only, or CONTAINER alone for a free host port. Add /udp for UDP."));
    fewLines(m_ports, 3);
    m_env->setFont(mono);
    m_env->setPlaceholderText(tr("KEY=value, one per line"));
    m_env->setToolTip(tr("Environment variables of the container (docker run -e)"));
    fewLines(m_env, 3);

    m_args->setFont(mono);
    m_args->setPlaceholderText(tr("the image's command (CMD)"));
    m_args->setToolTip(tr("What the container runs instead of the image's CMD, as the words after the image in "
                          "docker run; quote words with spaces: echo \"hello world\""));

    struct Policy { const char *value; QString label; QString tip; };
    const QList<Policy> policies = {
        {"no", tr("Never (no)"), tr("The container stays stopped when its program exits")},
        {"on-failure", tr("On failure (on-failure)"), tr("Restarted when its program exits with an error")},
        {"always", tr("Always (always)"), tr("Restarted whenever it stops, and when the sandbox opens again")},
        {"unless-stopped", tr("Unless stopped (unless-stopped)"),
         tr("Like always, but not when you stopped it yourself")},
    };
    for (const Policy &p : policies) {
        m_restart->addItem(p.label, QString::fromLatin1(p.value));
        m_restart->setItemData(m_restart->count() - 1, p.tip, Qt::ToolTipRole);
    }
    m_restart->setToolTip(tr("What happens when the container's program exits (docker run --restart); restarts wait "
                             "longer each time, as in Docker"));

    m_command->setObjectName(QStringLiteral("dockerCommand"));
    m_command->setFont(mono);
    m_command->setReadOnly(true);
    fewLines(m_command, 3);
    m_command->setLineWrapMode(QPlainTextEdit::WidgetWidth); // a long command reads whole
    m_command->setToolTip(tr("The same container with the docker CLI (File ▸ Use with kubectl and docker… shows how "
                             "to point it at this sandbox)"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("&Image:"), m_image);
    form->addRow(QString(), m_noImages);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Ports:"), m_ports);
    form->addRow(tr("&Environment:"), m_env);
    form->addRow(tr("Co&mmand:"), m_args);
    form->addRow(tr("Re&start:"), m_restart);
    form->addRow(tr("docker:"), m_command);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addSpacing(4);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    fillImages();
    if (m_images)
        connect(m_images, &models::ObjectTableModel::objectsChanged, this, &RunDialog::fillImages);
    connect(m_image, &QComboBox::currentTextChanged, this, &RunDialog::onImageChosen);
    for (QPlainTextEdit *edit : {m_ports, m_env})
        connect(edit, &QPlainTextEdit::textChanged, this, &RunDialog::validate);
    connect(m_name, &QLineEdit::textChanged, this, &RunDialog::validate);
    connect(m_args, &QLineEdit::textChanged, this, &RunDialog::validate);
    connect(m_restart, &QComboBox::currentIndexChanged, this, &RunDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RunDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RunDialog::reject);
    onImageChosen();
    if (!backend || !backend->canRunContainers()) {
        showError(tr("This connection cannot run containers: only the sandbox does."));
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    m_image->setFocus();
}

void RunDialog::fillImages()
{
    QStringList references;
    for (int row = 0; m_images && row < m_images->rowCount(); ++row) {
        const QModelIndex index = m_images->index(row, 0);
        if (index.data(models::ImageModel::SourceRole).toString() == QLatin1String("catalog"))
            continue; // metadata only: nothing to run
        const QString reference = index.data(models::ImageModel::ReferenceRole).toString();
        if (!reference.contains(QLatin1String("<none>")))
            references << reference;
    }
    references.sort();
    QStringList shown;
    for (int i = 0; i < m_image->count(); ++i)
        shown << m_image->itemText(i);
    if (shown == references)
        return;
    const QString current = m_image->currentText();
    const QSignalBlocker block(m_image);
    m_image->clear();
    m_image->addItems(references);
    m_image->setCurrentText(current.isEmpty() ? references.value(0) : current);
    m_noImages->setVisible(references.isEmpty());
    if (current.isEmpty() && !references.isEmpty())
        onImageChosen();
}

void RunDialog::setImage(const QString &reference)
{
    m_image->setCurrentText(reference);
    onImageChosen();
}

QStringList RunDialog::exposedPortLines(const models::ImageModel *images, const QString &reference)
{
    QStringList lines;
    if (!images || reference.isEmpty())
        return lines;
    const std::string wanted = api::imageObjectName(reference.toStdString());
    const int row = images->rowOf(wanted);
    const api::ObjectPtr image = row >= 0 ? images->objectAt(row) : nullptr;
    if (!image)
        return lines;
    const api::Json &exposed = api::field(api::field(image->spec(), "config"), "ExposedPorts");
    if (!exposed.is_object())
        return lines;
    for (const auto &[key, value] : exposed.items()) {
        Q_UNUSED(value);
        const QString port = QString::fromStdString(key);
        const QString number = port.section(QLatin1Char('/'), 0, 0);
        const QString protocol = port.section(QLatin1Char('/'), 1);
        lines << number + QLatin1Char(':') + number +
                     (protocol.isEmpty() || protocol == QLatin1String("tcp") ? QString() : QLatin1Char('/') + protocol);
    }
    return lines;
}

QString RunDialog::imageCommand(const models::ImageModel *images, const QString &reference)
{
    if (!images || reference.isEmpty())
        return {};
    const int row = images->rowOf(api::imageObjectName(reference.toStdString()));
    const api::ObjectPtr image = row >= 0 ? images->objectAt(row) : nullptr;
    if (!image)
        return {};
    const api::Json &config = api::field(image->spec(), "config");
    QStringList words;
    for (const char *part : {"Entrypoint", "Cmd"}) {
        const api::Json &list = api::field(config, part);
        if (list.is_array())
            for (const auto &w : list)
                if (w.is_string())
                    words << backends::shellWord(QString::fromStdString(w.get<std::string>()));
    }
    return words.join(QLatin1Char(' '));
}

QStringList RunDialog::parseCommand(const QString &text, QString *error)
{
    // quotes must be closed: QProcess::splitCommand would take the rest of the line as one word
    bool inQuote = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('"')) {
            if (inQuote && text.mid(i, 3) == QLatin1String("\"\"\"")) // a quote inside quotes
                i += 2;
            else
                inQuote = !inQuote;
        }
    }
    if (inQuote) {
        if (error)
            *error = tr("Command: a quote (\") is not closed");
        return {};
    }
    return QProcess::splitCommand(text);
}

void RunDialog::onImageChosen()
{
    // ports follow the image while the user has not written their own
    const QString typed = m_ports->toPlainText().trimmed();
    if (typed.isEmpty() || typed == m_prefilledPorts) {
        m_prefilledPorts = exposedPortLines(m_images, m_image->currentText().trimmed()).join(QLatin1Char('\n'));
        const QSignalBlocker block(m_ports);
        m_ports->setPlainText(m_prefilledPorts);
    }
    const QString cmd = imageCommand(m_images, m_image->currentText().trimmed());
    m_args->setPlaceholderText(cmd.isEmpty() ? tr("the image's command (CMD)") : tr("the image's: %1").arg(cmd));
    validate();
}

bool RunDialog::parsePortMapping(const QString &input, backends::PortMapping *mapping, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    QString text = input.trimmed();
    if (text.isEmpty())
        return fail(tr("empty: use HOST:CONTAINER, such as 3000:8080"));
    backends::PortMapping m;
    if (const qsizetype slash = text.lastIndexOf(QLatin1Char('/')); slash >= 0) {
        m.protocol = text.mid(slash + 1).toLower();
        text.truncate(slash);
        if (m.protocol != QLatin1String("tcp") && m.protocol != QLatin1String("udp") && m.protocol != QLatin1String("sctp"))
            return fail(tr("unknown protocol “%1”: use tcp, udp or sctp").arg(m.protocol));
    }
    QStringList parts;
    if (text.startsWith(QLatin1Char('['))) { // [::1]:3000:8080
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0 || text.mid(close + 1, 1) != QLatin1String(":"))
            return fail(tr("use [ADDRESS]:HOST:CONTAINER for an IPv6 address"));
        parts = text.mid(close + 2).split(QLatin1Char(':'));
        if (parts.size() != 2)
            return fail(tr("use [ADDRESS]:HOST:CONTAINER for an IPv6 address"));
        parts.prepend(text.mid(1, close - 1));
    } else {
        parts = text.split(QLatin1Char(':'));
    }
    if (parts.size() > 3)
        return fail(tr("too many parts: use HOST:CONTAINER, such as 3000:8080"));
    if (text.contains(QLatin1Char('-')))
        return fail(tr("port ranges are not supported: publish each port on its own"));
    const auto port = [](const QString &digits, int *out) {
        bool ok = false;
        const int n = digits.trimmed().toInt(&ok);
        if (!ok || n < 1 || n > 65535)
            return false;
        *out = n;
        return true;
    };
    const QString containerText = parts.takeLast();
    if (!port(containerText, &m.containerPort))
        return fail(tr("“%1” is not a port number (1–65535)").arg(containerText));
    if (!parts.isEmpty()) {
        const QString hostText = parts.takeLast();
        if ((!hostText.isEmpty() || parts.isEmpty()) && !port(hostText, &m.hostPort))
            return fail(tr("“%1” is not a port number (1–65535)").arg(hostText));
    }
    if (!parts.isEmpty()) {
        m.hostIp = parts.takeLast().trimmed();
        static const QStringList loopbackOrAny = {QStringLiteral("0.0.0.0"), QStringLiteral("127.0.0.1"),
                                                  QStringLiteral("::"), QStringLiteral("::1"), QStringLiteral("localhost")};
        if (!loopbackOrAny.contains(m.hostIp))
            return fail(tr("the sandbox publishes ports on 127.0.0.1 or on every address (0.0.0.0) only, not on %1")
                            .arg(m.hostIp));
    }
    if (mapping)
        *mapping = m;
    return true;
}

QList<backends::PortMapping> RunDialog::parsePorts(const QString &text, QString *error)
{
    QList<backends::PortMapping> out;
    QSet<QString> hostPorts;
    const QStringList list = entries(text);
    for (int i = 0; i < list.size(); ++i) {
        backends::PortMapping mapping;
        QString why;
        if (!parsePortMapping(list[i], &mapping, &why)) {
            if (error)
                *error = tr("Port “%1” (entry %2): %3").arg(list[i]).arg(i + 1).arg(why);
            return {};
        }
        const QString host = QStringLiteral("%1/%2").arg(mapping.hostPort).arg(mapping.protocol);
        if (mapping.hostPort && hostPorts.contains(host)) {
            if (error)
                *error = tr("Port “%1” (entry %2): host port %3 is published twice").arg(list[i]).arg(i + 1).arg(mapping.hostPort);
            return {};
        }
        hostPorts.insert(host);
        out << mapping;
    }
    return out;
}

QStringList RunDialog::parseEnv(const QString &text, QString *error)
{
    static const QRegularExpression key(QStringLiteral("^[^=\\s]+$"));
    QStringList out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0 || !key.match(line.left(eq)).hasMatch()) {
            if (error)
                *error = tr("Environment line %1 “%2”: use KEY=value, the key without spaces").arg(i + 1).arg(line);
            return {};
        }
        out << line;
    }
    return out;
}

backends::ContainerRunSpec RunDialog::spec(QString *error) const
{
    backends::ContainerRunSpec s;
    s.image = m_image->currentText().trimmed();
    s.name = m_name->text().trimmed();
    s.restartPolicy = m_restart->currentData().toString();
    QString why;
    s.ports = parsePorts(m_ports->toPlainText(), &why);
    if (why.isEmpty())
        s.env = parseEnv(m_env->toPlainText(), &why);
    if (why.isEmpty())
        s.command = parseCommand(m_args->text(), &why);
    if (why.isEmpty() && s.image.isEmpty())
        why = tr("Choose an image to run.");
    if (error)
        *error = why;
    return s;
}

QString RunDialog::commandText() const { return m_command->toPlainText(); }

QString RunDialog::errorText() const { return m_error->isVisibleTo(this) ? m_error->text() : QString(); }

void RunDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

void RunDialog::validate()
{
    QString error;
    const backends::ContainerRunSpec s = spec(&error);
    if (error.isEmpty()) {
        m_command->setPlainText(s.dockerCommand());
    }
    showError(error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty() && !m_busy && m_backend &&
                                                        m_backend->canRunContainers());
}

void RunDialog::accept()
{
    if (m_busy || !m_backend)
        return;
    QString error;
    const backends::ContainerRunSpec s = spec(&error);
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    m_busy = true;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    showError({});
    m_backend->runContainer(s, this, [this](const backends::CommandResult &r) {
        m_busy = false;
        if (r.ok) {
            emit containerStarted(r.name, r.lines);
            QDialog::accept();
            return;
        }
        QString message = r.problems.value(0).message;
        if (!r.name.isEmpty()) {
            message = tr("Container %1 was created but could not start: %2\nIt stays in the list, stopped: start it "
                         "once the cause is gone, or remove it.")
                          .arg(r.name, message);
            emit containerCreated(r.name);
        }
        showError(message);
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    });
}

} // namespace flotilla::widgets
