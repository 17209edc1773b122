#pragma once

#include <engine/api/object.h>

#include <QWidget>

class QTableWidget;
class QLabel;
QT_BEGIN_NAMESPACE
class QChartView;
QT_END_NAMESPACE

namespace flotilla::widgets {

/// The layers of an image: one row per layer (the step that made it, size, digest, whether it was
/// simulated) and a bar chart of layer sizes, the base image first.
class ImageLayersView final : public QWidget {
    Q_OBJECT
public:
    explicit ImageLayersView(QWidget *parent = nullptr);

    void showImage(const engine::api::ObjectPtr &image);
    int layerRows() const;
    int chartBars() const;

private:
    QLabel *m_note;
    QTableWidget *m_table;
    QChartView *m_chart;
    int m_bars = 0;
};

} // namespace flotilla::widgets
