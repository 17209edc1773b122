#pragma once

#include <backends/backend.h>

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace flotilla::widgets {

/// Asks what to build: the tag, the context folder, build args, the target stage and whether to use the
/// cache. Every field is checked as it is typed; the reason shows next to the field and Build stays
/// disabled until all is well.
class BuildDialog final : public QDialog {
    Q_OBJECT
public:
    explicit BuildDialog(QWidget *parent = nullptr);

    /// Fills the form: the Dockerfile's stages for the target list, and defaults.
    void setup(const QString &dockerfileText, const QString &contextDir, const QString &tag);
    backends::BuildSpec spec() const;
    bool isValid() const;

    QLineEdit *tagEdit() const { return m_tag; }
    QLineEdit *contextEdit() const { return m_context; }
    QPlainTextEdit *argsEdit() const { return m_args; }
    QComboBox *targetBox() const { return m_target; }
    QCheckBox *noCacheBox() const { return m_noCache; }
    QString tagError() const;
    QString contextError() const;
    QString argsError() const;

private:
    void validate();
    void browse();

    QString m_dockerfile;
    QLineEdit *m_tag;
    QLabel *m_tagError;
    QLineEdit *m_context;
    QLabel *m_contextError;
    QPlainTextEdit *m_args;
    QLabel *m_argsError;
    QComboBox *m_target;
    QCheckBox *m_noCache;
    QDialogButtonBox *m_buttons;
};

} // namespace flotilla::widgets
