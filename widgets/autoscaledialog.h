#pragma once

#include <backends/backend.h>

#include <QDialog>
#include <QPointer>

class QDialogButtonBox;
class QLabel;
class QSpinBox;

namespace flotilla::widgets {

/// Autoscales a Deployment: a HorizontalPodAutoscaler (autoscaling/v2) named like it, with the least and
/// most replicas and a CPU target (percent of the pods' requests). Asks the backend itself and shows its
/// errors; closes when the autoscaler is in place.
class AutoscaleDialog final : public QDialog {
    Q_OBJECT
public:
    AutoscaleDialog(backends::Backend *backend, const backends::ObjectRef &deployment, int minReplicas,
                    int maxReplicas, int cpuPercent, QWidget *parent = nullptr);

    QSpinBox *minBox() const { return m_min; }
    QSpinBox *maxBox() const { return m_max; }
    QSpinBox *cpuBox() const { return m_cpu; }
    /// The error the backend gave, shown in the dialog; empty when none.
    QString errorText() const;

public slots:
    void accept() override;

signals:
    /// The backend's answer lines ("horizontalpodautoscaler.autoscaling/web created").
    void autoscaled(const QStringList &lines);

private:
    QPointer<backends::Backend> m_backend;
    backends::ObjectRef m_deployment;
    QSpinBox *m_min;
    QSpinBox *m_max;
    QSpinBox *m_cpu;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace flotilla::widgets
