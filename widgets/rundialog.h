#pragma once

#include <backends/backend.h>

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace flotilla::models {
class ImageModel;
}

namespace flotilla::widgets {

/// Runs a container as `docker run -d` does: an image of the sandbox, a name, published ports
/// ("3000:8080", one per line or comma-separated), environment variables (KEY=value lines) and a restart
/// policy. Ports start as the image's EXPOSEd ones; the equivalent docker command shows as it is typed.
/// Mistakes are named before anything is sent; the backend's errors stay in the dialog.
class RunDialog final : public QDialog {
    Q_OBJECT
public:
    RunDialog(backends::Backend *backend, const models::ImageModel *images, QWidget *parent = nullptr);

    /// Picks an image (its reference), as if chosen in the list; its exposed ports fill Ports unless edited.
    void setImage(const QString &reference);
    QComboBox *imageBox() const { return m_image; }
    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *portsEdit() const { return m_ports; }
    QPlainTextEdit *envEdit() const { return m_env; }
    QLineEdit *commandEdit() const { return m_args; }
    QComboBox *restartBox() const { return m_restart; }
    /// The container as the fields describe it; `error` names the first entry that is wrong (empty: none).
    backends::ContainerRunSpec spec(QString *error = nullptr) const;
    /// The shown problem (a field, or the backend's answer); empty when none.
    QString errorText() const;
    /// The `docker run …` line the fields make.
    QString commandText() const;

    /// The ports a reference's image EXPOSEs ("8080:8080"), as they pre-fill Ports.
    static QStringList exposedPortLines(const models::ImageModel *images, const QString &reference);
    /// One port as `docker run -p` takes it: [IP:][HOST:]CONTAINER[/PROTOCOL]; false with the reason in
    /// `error` when the text is not one.
    static bool parsePortMapping(const QString &text, backends::PortMapping *mapping, QString *error);
    /// Ports as typed (lines or commas); `error` names the bad entry.
    static QList<backends::PortMapping> parsePorts(const QString &text, QString *error);
    /// KEY=value lines; `error` names the bad line.
    static QStringList parseEnv(const QString &text, QString *error);
    /// The words of a command line (quotes as in a shell); empty with `error` set when a quote is not closed.
    static QStringList parseCommand(const QString &text, QString *error);
    /// The image's entrypoint and command as a shell line, or empty when unknown.
    static QString imageCommand(const models::ImageModel *images, const QString &reference);

public slots:
    void accept() override;

signals:
    /// The container runs: its name and the backend's lines.
    void containerStarted(const QString &name, const QStringList &lines);
    /// The container was made but could not start (Docker keeps it, created): its name.
    void containerCreated(const QString &name);

private:
    void fillImages();
    void onImageChosen();
    void validate();
    void showError(const QString &text);

    QPointer<backends::Backend> m_backend;
    const models::ImageModel *m_images;
    QComboBox *m_image;
    QLabel *m_noImages;
    QLineEdit *m_name;
    QPlainTextEdit *m_ports;
    QPlainTextEdit *m_env;
    QLineEdit *m_args;
    QComboBox *m_restart;
    QPlainTextEdit *m_command;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    QString m_prefilledPorts; ///< what the last image put in Ports: replaced on the next pick while unedited
    bool m_busy = false;
};

} // namespace flotilla::widgets
