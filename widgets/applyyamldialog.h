#pragma once

#include <backends/backend.h>

#include <QDialog>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QSplitter;

namespace flotilla::widgets {

/// Paste or open manifests (one or more YAML or JSON documents) and apply them. Problems are listed
/// with line and column; choosing one puts the cursor there. The text is never lost on an error.
class ApplyYamlDialog final : public QDialog {
    Q_OBJECT
public:
    explicit ApplyYamlDialog(backends::Backend *backend, QWidget *parent = nullptr);

    void setText(const QString &text, const QString &sourceName = {});
    QString text() const;
    /// Loads a file; false (with the reason shown) when it cannot be read or is too large.
    bool openFile(const QString &path);
    QPlainTextEdit *editor() const { return m_editor; }
    QListWidget *results() const { return m_results; }
    bool isApplying() const { return m_applying; }

    /// Built-in examples: (title, resource path).
    static QList<QPair<QString, QString>> examples();

public slots:
    void apply();

signals:
    /// After each apply, with its outcome.
    void applied(const flotilla::backends::CommandResult &result);

private:
    void showResult(const backends::CommandResult &result);
    void jumpTo(QListWidgetItem *item);
    void updateCursorLabel();
    void chooseFile();
    void revealResults();

    backends::Backend *m_backend;
    QString m_sourceName;
    QPlainTextEdit *m_editor;
    QLabel *m_cursor;
    QLabel *m_status;
    QListWidget *m_results;
    QSplitter *m_splitter;
    QPushButton *m_apply;
    bool m_applying = false;
};

} // namespace flotilla::widgets
