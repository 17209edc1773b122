#pragma once

#include <backends/backend.h>

#include <QDialog>
#include <QPointer>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace flotilla::widgets {

/// Adds worker nodes of a size preset to the cluster: how many, and which preset (with its CPU and
/// memory). Asks the backend itself and shows its errors; closes when the nodes exist.
class AddNodesDialog final : public QDialog {
    Q_OBJECT
public:
    explicit AddNodesDialog(backends::Backend *backend, QWidget *parent = nullptr);

    QSpinBox *countBox() const { return m_count; }
    QComboBox *presetBox() const { return m_preset; }
    int count() const;
    backends::Backend::NodeSize preset() const;
    /// "Large — 16 CPU, 64 GiB": a preset as the dialog names it.
    static QString presetText(backends::Backend::NodeSize preset);
    /// The error the backend gave, shown in the dialog; empty when none.
    QString errorText() const;

public slots:
    void accept() override;

signals:
    /// The backend's answer lines ("node/worker-4 created", …), after the nodes were added.
    void nodesAdded(const QStringList &lines);

private:
    void updateSummary();

    QPointer<backends::Backend> m_backend;
    QSpinBox *m_count;
    QComboBox *m_preset;
    QLabel *m_summary;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace flotilla::widgets
