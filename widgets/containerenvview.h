#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace flotilla::backends {
class Backend;
struct ContainerConfig;
}

namespace flotilla::widgets {

/// What a pod's container sees: its environment (from the image, the manifest, ConfigMaps, Secrets and
/// the downward API) and the files of its ConfigMap and Secret volumes. Secret values stay masked
/// until revealed.
class ContainerEnvView final : public QWidget {
    Q_OBJECT
public:
    explicit ContainerEnvView(QWidget *parent = nullptr);

    void setBackend(backends::Backend *backend) { m_backend = backend; }
    void showPod(const engine::api::ObjectPtr &pod);
    void reload();
    QTableWidget *envTable() const { return m_env; }
    QTableWidget *filesTable() const { return m_files; }
    QCheckBox *revealBox() const { return m_reveal; }

private:
    void show(const backends::ContainerConfig &config);
    void showFile(int row);

    backends::Backend *m_backend = nullptr;
    QString m_ns, m_pod, m_uid;
    quint64 m_generation = 0;
    QComboBox *m_container;
    QCheckBox *m_reveal;
    QLabel *m_envError;
    QTableWidget *m_env;
    QLabel *m_filesError;
    QTableWidget *m_files;
    QPlainTextEdit *m_content;
    QList<QPair<QString, bool>> m_fileContents; ///< content, secret
};

} // namespace flotilla::widgets
