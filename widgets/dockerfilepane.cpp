#include "dockerfilepane.h"

#include "dockerfileeditor.h"
#include "problemslist.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace flotilla::widgets {

DockerfilePane::DockerfilePane(QWidget *parent)
    : QWidget(parent), m_toolBar(new QToolBar(this)), m_templatesButton(new QToolButton(this)),
      m_open(new QAction(tr("&Open…"), this)), m_save(new QAction(tr("&Save"), this)),
      m_saveAs(new QAction(tr("Save &As…"), this)), m_build(new QAction(tr("&Build…"), this)),
      m_messageBar(new QWidget(this)), m_message(new QLabel(this)), m_editor(new DockerfileEditor(this)),
      m_problems(new ProblemsList(this)), m_splitter(new QSplitter(Qt::Vertical, this)), m_fileLabel(new QLabel(this)),
      m_status(new QLabel(this))
{
    auto icon = [this](const char *theme, QStyle::StandardPixmap fallback) {
        return QIcon::fromTheme(QLatin1String(theme), style()->standardIcon(fallback));
    };

    auto *templates = new QMenu(m_templatesButton);
    templates->setToolTipsVisible(true);
    templates->addAction(tr("Empty Dockerfile"), this, [this] {
        if (confirmDiscard()) {
            m_editor->newDocument();
            clearMessage();
        }
    });
    templates->addSeparator();
    for (const DockerfileEditor::Template &t : DockerfileEditor::templates()) {
        QAction *a = templates->addAction(t.title, this, [this, id = t.id] {
            if (confirmDiscard())
                newFromTemplate(id);
        });
        a->setToolTip(t.description);
    }
    m_templatesButton->setText(tr("New from Template"));
    m_templatesButton->setIcon(icon("document-new", QStyle::SP_FileIcon));
    m_templatesButton->setToolTip(tr("Start a new Dockerfile from a template with a buildable app"));
    m_templatesButton->setMenu(templates);
    m_templatesButton->setPopupMode(QToolButton::InstantPopup);
    m_templatesButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_templatesButton->setAutoRaise(true);
    m_templatesButton->setFocusPolicy(Qt::NoFocus); // like the toolbar's own buttons: focus stays in the text

    m_open->setIcon(icon("document-open", QStyle::SP_DialogOpenButton));
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(tr("Open a Dockerfile (Ctrl+O)"));
    m_save->setIcon(icon("document-save", QStyle::SP_DialogSaveButton));
    m_save->setShortcut(QKeySequence::Save);
    m_save->setToolTip(tr("Save the Dockerfile (Ctrl+S)"));
    m_saveAs->setIcon(icon("document-save-as", QStyle::SP_DialogSaveButton));
    m_saveAs->setShortcut(QKeySequence::SaveAs);
    m_build->setIcon(icon("system-run", QStyle::SP_MediaPlay));
    m_build->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_build->setToolTip(tr("Build an image from this Dockerfile (Ctrl+B)"));
    for (QAction *a : {m_open, m_save, m_saveAs, m_build}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }

    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->addWidget(m_templatesButton);
    m_toolBar->addAction(m_open);
    m_toolBar->addAction(m_save);
    m_toolBar->addAction(m_saveAs);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_build);

    // Errors (a refused file, a failed save) show above the editor, without a modal dialog.
    m_messageBar->setObjectName(QStringLiteral("dockerfileMessageBar"));
    m_messageBar->setAutoFillBackground(true);
    QPalette messagePalette = m_messageBar->palette();
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    messagePalette.setColor(QPalette::Window, dark ? QColor(0x5a, 0x1f, 0x1f) : QColor(0xfd, 0xe7, 0xe7));
    messagePalette.setColor(QPalette::WindowText, dark ? QColor(0xff, 0xd6, 0xd6) : QColor(0x8a, 0x1c, 0x1c));
    m_messageBar->setPalette(messagePalette);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismiss = new QToolButton(m_messageBar);
    dismiss->setAutoRaise(true);
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setToolTip(tr("Dismiss"));
    auto *messageLayout = new QHBoxLayout(m_messageBar);
    messageLayout->setContentsMargins(8, 4, 4, 4);
    messageLayout->addWidget(m_message, 1);
    messageLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_messageBar->hide();

    m_problems->setEditor(m_editor);
    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_problems);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    m_splitter->setSizes({480, 130});

    m_fileLabel->setTextFormat(Qt::PlainText);
    m_fileLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long path must not widen the pane
    m_status->setTextFormat(Qt::PlainText);
    auto *statusLayout = new QHBoxLayout;
    statusLayout->setContentsMargins(8, 3, 8, 3);
    statusLayout->addWidget(m_fileLabel, 1);
    statusLayout->addWidget(m_status);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(statusLayout);

    connect(dismiss, &QToolButton::clicked, this, &DockerfilePane::clearMessage);
    connect(m_open, &QAction::triggered, this, &DockerfilePane::chooseFile);
    connect(m_save, &QAction::triggered, this, &DockerfilePane::save);
    connect(m_saveAs, &QAction::triggered, this, &DockerfilePane::saveAs);
    connect(m_build, &QAction::triggered, this, &DockerfilePane::buildRequested);
    connect(m_editor, &DockerfileEditor::diagnosticsChanged, this, &DockerfilePane::updateStatus);
    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, &DockerfilePane::updateStatus);
    connect(m_editor, &QPlainTextEdit::modificationChanged, this, &DockerfilePane::updateTitle);
    connect(m_editor, &DockerfileEditor::filePathChanged, this, &DockerfilePane::updateTitle);
    connect(m_editor, &DockerfileEditor::filePathChanged, this, &DockerfilePane::filePathChanged);
    setFocusProxy(m_editor);
    updateStatus();
    updateTitle();
}

QString DockerfilePane::text() const { return m_editor->toPlainText(); }
QString DockerfilePane::filePath() const { return m_editor->filePath(); }
QString DockerfilePane::templateId() const { return m_editor->templateId(); }
QString DockerfilePane::statusText() const { return m_status->text(); }
QString DockerfilePane::messageText() const { return m_messageBar->isHidden() ? QString() : m_message->text(); }

QString DockerfilePane::contextDirectory() const
{
    return filePath().isEmpty() ? QString() : QFileInfo(filePath()).absolutePath();
}

bool DockerfilePane::openFile(const QString &path)
{
    QString error;
    if (!m_editor->openFile(path, &error)) {
        showMessage(error);
        return false;
    }
    clearMessage();
    return true;
}

bool DockerfilePane::newFromTemplate(const QString &id)
{
    if (!m_editor->loadTemplate(id)) {
        showMessage(tr("The template \"%1\" could not be loaded.").arg(id));
        return false;
    }
    clearMessage();
    updateTitle();
    return true;
}

bool DockerfilePane::saveTo(const QString &path)
{
    QString error;
    if (!m_editor->saveFile(path, &error)) {
        showMessage(error);
        return false;
    }
    clearMessage();
    updateTitle();
    return true;
}

bool DockerfilePane::save()
{
    return filePath().isEmpty() ? saveAs() : saveTo(filePath());
}

bool DockerfilePane::saveAs()
{
    const QString templ = templateId();
    const QString start = filePath().isEmpty() ? QDir::home().filePath(QStringLiteral("Dockerfile")) : filePath();
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Dockerfile"), start,
                                                      tr("Dockerfiles (Dockerfile *.Dockerfile Dockerfile.*);;All files (*)"));
    if (path.isEmpty() || !saveTo(path))
        return false;
    if (templ.isEmpty())
        return true;
    // A template's Dockerfile needs its app files next to it to build: offer to write the missing ones.
    const QDir dir = QFileInfo(path).absoluteDir();
    QStringList missing;
    for (const QString &f : DockerfileEditor::templateFiles(templ))
        if (f != QLatin1String("Dockerfile") && !dir.exists(f))
            missing << f;
    if (missing.isEmpty())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Write the App Files?"),
        tr("The template builds with these files next to the Dockerfile:\n\n%1\n\nWrite them into %2?")
            .arg(missing.join(QLatin1Char('\n')), QDir::toNativeSeparators(dir.absolutePath())));
    if (answer != QMessageBox::Yes)
        return true;
    for (const QString &f : std::as_const(missing)) {
        const QString dest = dir.absoluteFilePath(f);
        QDir().mkpath(QFileInfo(dest).absolutePath());
        QSaveFile file(dest);
        const QByteArray bytes = DockerfileEditor::templateFileContents(templ, f);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            showMessage(tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(dest), file.errorString()));
            break;
        }
    }
    m_editor->setContextFiles(dir.entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name));
    return true;
}

void DockerfilePane::chooseFile()
{
    if (!confirmDiscard())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Dockerfile"), contextDirectory(),
                                                      tr("Dockerfiles (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool DockerfilePane::confirmDiscard()
{
    if (!m_editor->isModified())
        return true;
    const auto answer = QMessageBox::question(this, tr("Unsaved Changes"),
                                              tr("The Dockerfile has changes that are not saved. Save them first?"),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void DockerfilePane::showMessage(const QString &message)
{
    m_message->setText(message);
    m_messageBar->show();
}

void DockerfilePane::clearMessage()
{
    m_message->clear();
    m_messageBar->hide();
}

void DockerfilePane::updateStatus()
{
    const int n = int(m_editor->diagnostics().size());
    const QString problems = n == 0 ? tr("No problems") : n == 1 ? tr("1 problem") : tr("%1 problems").arg(n);
    const QTextCursor c = m_editor->textCursor();
    m_status->setText(tr("%1 · Ln %2, Col %3").arg(problems).arg(c.blockNumber() + 1).arg(c.positionInBlock() + 1));
    using S = engine::image::Severity;
    m_status->setToolTip(tr("%1 errors, %2 warnings, %3 notes")
                             .arg(m_editor->diagnosticCount(S::Error))
                             .arg(m_editor->diagnosticCount(S::Warning))
                             .arg(m_editor->diagnosticCount(S::Info) + m_editor->diagnosticCount(S::Style)));
}

void DockerfilePane::updateTitle()
{
    QString name;
    if (!filePath().isEmpty()) {
        name = QDir::toNativeSeparators(filePath());
    } else if (!templateId().isEmpty()) {
        name = tr("Untitled (template: %1)").arg(templateId());
        for (const auto &t : DockerfileEditor::templates())
            if (t.id == templateId())
                name = tr("Untitled (template: %1)").arg(t.title);
    } else {
        name = tr("Untitled");
    }
    if (m_editor->isModified())
        name += tr(" — modified");
    m_fileLabel->setText(name);
    m_fileLabel->setToolTip(name);
}

bool DockerfilePane::saveScreenshot(const QString &path) { return grab().save(path, "PNG"); }

} // namespace flotilla::widgets
