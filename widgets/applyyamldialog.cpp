#include "applyyamldialog.h"

#include "yamlhighlighter.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextBlock>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace {
constexpr qint64 kMaxBytes = 3 * 1024 * 1024;
constexpr int LineRole = Qt::UserRole + 1;
constexpr int ColumnRole = Qt::UserRole + 2;
} // namespace

QList<QPair<QString, QString>> ApplyYamlDialog::examples()
{
    return {
        {tr("Pod: the course's Node.js microservice"), QStringLiteral(":/examples/pod.yaml")},
        {tr("Namespace"), QStringLiteral(":/examples/namespace.yaml")},
        {tr("Service for the microservice"), QStringLiteral(":/examples/service.yaml")},
        {tr("ConfigMap and Secret"), QStringLiteral(":/examples/configmap.yaml")},
        {tr("Deployment with three replicas"), QStringLiteral(":/examples/deployment.yaml")},
    };
}

ApplyYamlDialog::ApplyYamlDialog(backends::Backend *backend, QWidget *parent)
    : QDialog(parent), m_backend(backend), m_editor(new QPlainTextEdit(this)), m_cursor(new QLabel(this)),
      m_status(new QLabel(this)), m_results(new QListWidget(this)), m_splitter(new QSplitter(Qt::Vertical, this)),
      m_apply(new QPushButton(tr("&Apply"), this))
{
    setWindowTitle(tr("Apply YAML — %1").arg(backend ? backend->displayName() : QString()));
    resize(760, 620);

    auto *intro = new QLabel(tr("Paste one or more Kubernetes manifests (YAML or JSON, separated by ---), or open a "
                                "file. Objects that exist are updated, new ones are created; if anything is wrong, "
                                "nothing is applied."),
                             this);
    intro->setWordWrap(true);

    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(false);
    m_editor->setPlaceholderText(QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: my-pod\nspec:\n  containers:\n  - name: app\n    image: node:14-alpine"));
    new YamlHighlighter(m_editor->document());

    m_results->setAlternatingRowColors(true);
    m_results->setWordWrap(true);
    m_results->setToolTip(tr("Choose a problem to go to its line"));

    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_results);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);

    auto *open = new QPushButton(tr("&Open File…"), this);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Load a manifest file (Ctrl+O)"));
    auto *examplesButton = new QPushButton(tr("&Examples"), this);
    auto *menu = new QMenu(examplesButton);
    for (const auto &[title, path] : examples()) {
        menu->addAction(title, this, [this, path = path] {
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                setText(QString::fromUtf8(f.readAll()), QFileInfo(path).fileName());
        });
    }
    examplesButton->setMenu(menu);
    m_apply->setDefault(true);
    m_apply->setToolTip(tr("Apply (Ctrl+Return)"));
    auto *close = new QPushButton(tr("Close"), this);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(open);
    buttons->addWidget(examplesButton);
    buttons->addSpacing(12);
    buttons->addWidget(m_cursor);
    buttons->addStretch(1);
    buttons->addWidget(m_status);
    buttons->addWidget(m_apply);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(buttons);

    connect(open, &QPushButton::clicked, this, &ApplyYamlDialog::chooseFile);
    connect(m_apply, &QPushButton::clicked, this, &ApplyYamlDialog::apply);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, &ApplyYamlDialog::updateCursorLabel);
    connect(m_results, &QListWidget::itemActivated, this, &ApplyYamlDialog::jumpTo);
    connect(m_results, &QListWidget::itemClicked, this, &ApplyYamlDialog::jumpTo);
    auto *applyShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(applyShortcut, &QShortcut::activated, this, &ApplyYamlDialog::apply);
    updateCursorLabel();
    m_results->hide();
}

void ApplyYamlDialog::revealResults()
{
    m_results->show();
    // A splitter keeps a child that was hidden at zero height: give the list room again.
    const QList<int> sizes = m_splitter->sizes();
    if (sizes.size() == 2 && sizes[1] < 60) {
        const int total = sizes[0] + sizes[1];
        m_splitter->setSizes({total * 3 / 4, total - total * 3 / 4});
    }
}

void ApplyYamlDialog::setText(const QString &text, const QString &sourceName)
{
    m_editor->setPlainText(text);
    m_sourceName = sourceName;
    m_results->clear();
    m_results->hide();
    m_status->clear();
    m_editor->setExtraSelections({});
}

QString ApplyYamlDialog::text() const { return m_editor->toPlainText(); }

bool ApplyYamlDialog::openFile(const QString &path)
{
    QFile file(path);
    m_results->clear();
    auto problem = [this](const QString &message) {
        auto *item = new QListWidgetItem(QStringLiteral("✖ ") + message, m_results);
        item->setForeground(QColor(0xd6, 0x3c, 0x3c));
        revealResults();
        m_status->setText(tr("Not loaded"));
    };
    if (!file.open(QIODevice::ReadOnly)) {
        problem(tr("%1: cannot open: %2").arg(path, file.errorString()));
        return false;
    }
    if (file.size() > kMaxBytes) {
        problem(tr("%1: the file is %2 bytes; at most %3 bytes can be applied").arg(path).arg(file.size()).arg(kMaxBytes));
        return false;
    }
    const QByteArray bytes = file.read(kMaxBytes + 1);
    setText(QString::fromUtf8(bytes), QFileInfo(path).fileName());
    return true;
}

void ApplyYamlDialog::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Manifest"), QString(),
                                                      tr("Manifests (*.yaml *.yml *.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void ApplyYamlDialog::apply()
{
    if (m_applying || !m_backend)
        return;
    if (m_editor->toPlainText().trimmed().isEmpty()) {
        m_results->clear();
        m_results->addItem(tr("Nothing to apply: paste a manifest or open a file."));
        revealResults();
        return;
    }
    m_applying = true;
    m_apply->setEnabled(false);
    m_status->setText(tr("Applying…"));
    m_backend->applyYaml(m_editor->toPlainText(), m_sourceName, this, [this](const backends::CommandResult &result) {
        m_applying = false;
        m_apply->setEnabled(true);
        showResult(result);
        emit applied(result);
    });
}

void ApplyYamlDialog::showResult(const backends::CommandResult &result)
{
    m_results->clear();
    QList<QTextEdit::ExtraSelection> marks;
    if (result.ok) {
        m_status->setText(tr("Applied"));
        for (const QString &line : result.lines) {
            auto *item = new QListWidgetItem(QStringLiteral("✔ ") + line, m_results);
            item->setForeground(QColor(0x2e, 0x7d, 0x32));
        }
        for (const QString &w : result.warnings) {
            auto *item = new QListWidgetItem(QStringLiteral("⚠ ") + w, m_results);
            item->setForeground(QColor(0xa3, 0x4a, 0x00));
        }
    } else {
        m_status->setText(tr("Nothing was applied: see the problems below"));
        for (const auto &p : result.problems) {
            QString where;
            if (p.line > 0)
                where = tr("Line %1, column %2").arg(p.line).arg(p.column);
            else if (p.document > 0)
                where = tr("Document %1").arg(p.document);
            QString text = p.path.isEmpty() ? p.reason : p.path + QStringLiteral(": ") + p.reason;
            if (!where.isEmpty())
                text = where + QStringLiteral(": ") + text;
            auto *item = new QListWidgetItem(QStringLiteral("✖ ") + text, m_results);
            item->setForeground(QColor(0xd6, 0x3c, 0x3c));
            item->setData(LineRole, p.line);
            item->setData(ColumnRole, p.column);
            item->setToolTip(p.message);
            if (p.line > 0) {
                QTextEdit::ExtraSelection sel;
                sel.cursor = QTextCursor(m_editor->document()->findBlockByNumber(p.line - 1));
                sel.format.setBackground(QColor(0xfd, 0xe2, 0xe2));
                sel.format.setProperty(QTextFormat::FullWidthSelection, true);
                marks << sel;
            }
        }
        if (m_results->count() > 0)
            jumpTo(m_results->item(0));
    }
    m_editor->setExtraSelections(marks);
    revealResults();
}

void ApplyYamlDialog::jumpTo(QListWidgetItem *item)
{
    const int line = item->data(LineRole).toInt();
    if (line <= 0)
        return;
    const QTextBlock block = m_editor->document()->findBlockByNumber(line - 1);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor,
                        qBound(0, item->data(ColumnRole).toInt() - 1, int(block.length()) - 1));
    m_editor->setTextCursor(cursor);
    m_editor->centerCursor();
    m_editor->setFocus();
}

void ApplyYamlDialog::updateCursorLabel()
{
    const QTextCursor c = m_editor->textCursor();
    m_cursor->setText(tr("Line %1, column %2").arg(c.blockNumber() + 1).arg(c.positionInBlock() + 1));
}

} // namespace flotilla::widgets
