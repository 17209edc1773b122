#pragma once

#include <backends/backend.h>

#include <QDialog>
#include <QList>
#include <QPointer>

class QDialogButtonBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flotilla::widgets {

/// Exact shares of a Service's requests per version (a canary's 10 %): a slider and a percent box per
/// version behind the Service. OK needs the shares to add up to 100; Clear weights goes back to plain
/// load balancing over every ready pod. Asks the backend itself and shows its errors.
class TrafficWeightsDialog final : public QDialog {
    Q_OBJECT
public:
    struct Version {
        QString version;
        int endpoints = -1;   ///< ready pods of this version; -1: not known
        double weight = -1;   ///< the share asked for now (0..1); -1: not weighted
        double requests = -1; ///< requests per second it served in the last tick; -1: no traffic
    };

    TrafficWeightsDialog(backends::Backend *backend, const backends::ObjectRef &service, const QList<Version> &versions,
                         QWidget *parent = nullptr);

    QStringList versions() const;
    QSpinBox *percentBox(const QString &version) const;
    QSlider *slider(const QString &version) const;
    QPushButton *okButton() const;
    QPushButton *clearButton() const { return m_clear; }
    int sum() const;
    /// Why OK is disabled (the sum label); the error the backend gave. Empty when none.
    QString sumText() const;
    QString errorText() const;

public slots:
    void accept() override;
    /// Plain load balancing again (no weights).
    void clearWeights();

signals:
    /// The backend's answer after the weights were set or cleared.
    void weightsApplied(const QStringList &lines);

private:
    struct Row {
        QString version;
        QSlider *slider;
        QSpinBox *box;
    };
    void updateSum();
    void send(const QList<QPair<QString, double>> &weights);
    void setBusy(bool busy);

    QPointer<backends::Backend> m_backend;
    backends::ObjectRef m_service;
    QList<Row> m_rows;
    QLabel *m_sum;
    QLabel *m_error;
    QPushButton *m_clear;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace flotilla::widgets
