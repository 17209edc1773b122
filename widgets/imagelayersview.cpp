#include "imagelayersview.h"

#include <engine/api/types.h>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHBarModelMapper>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableWidget>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

namespace flotilla::widgets {

namespace api = engine::api;

namespace {
QString sizeText(qint64 bytes) { return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat); }

/// "COPY package*.json ./ # buildkit" → "COPY package*.json ./"; "/bin/sh -c #(nop) …" trimmed.
QString stepText(QString createdBy)
{
    createdBy.remove(QStringLiteral(" # buildkit"));
    createdBy.replace(QStringLiteral("/bin/sh -c #(nop) "), QString());
    createdBy.replace(QStringLiteral("RUN /bin/sh -c "), QStringLiteral("RUN "));
    return createdBy.simplified();
}
} // namespace

ImageLayersView::ImageLayersView(QWidget *parent)
    : QWidget(parent), m_note(new QLabel(this)), m_table(new QTableWidget(this)), m_chart(new QChartView(this))
{
    m_note->setWordWrap(true);
    m_note->setContentsMargins(4, 4, 4, 4);
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Step"), tr("Size"), tr("Digest"), tr("Kind")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(160);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_note);
    layout->addWidget(split, 1);
}

int ImageLayersView::layerRows() const { return m_table->rowCount(); }
int ImageLayersView::chartBars() const { return m_bars; }

void ImageLayersView::showImage(const api::ObjectPtr &image)
{
    m_table->setRowCount(0);
    m_bars = 0;
    auto *chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    if (!image) {
        m_note->clear();
        m_chart->setChart(chart);
        return;
    }
    const auto &spec = image->spec();
    const auto s = api::summarizeImage(*image);
    const std::string base = api::stringField(spec, "base");
    const qint64 baseSize = spec.value("baseSize", qint64(0));
    const api::Json layers = spec.value("layers", api::Json::array());

    struct Bar { QString label; qint64 size; bool simulated; bool base; };
    std::vector<Bar> bars;
    if (s.source == "catalog") {
        m_note->setText(tr("A catalog image: Flotilla knows its configuration and its size (%1), not its layers.")
                            .arg(sizeText(s.sizeBytes)));
        bars.push_back({QString::fromStdString(s.repository + ":" + s.tag), s.sizeBytes, false, true});
    } else {
        int simulated = 0;
        for (const auto &l : layers)
            simulated += l.value("simulated", false) ? 1 : 0;
        QString note = tr("%n layer(s), %1 in all.", nullptr, int(layers.size())).arg(sizeText(s.sizeBytes));
        if (!base.empty())
            note += QLatin1Char(' ') + tr("Built on the catalog image %1 (%2), whose layers are not stored.")
                                           .arg(QString::fromStdString(base), sizeText(baseSize));
        if (simulated)
            note += QLatin1Char(' ') + tr("Simulated layers come from RUN steps the sandbox does not execute: "
                                          "their size is an estimate.");
        m_note->setText(note);
        if (!base.empty()) {
            const int r = m_table->rowCount();
            m_table->insertRow(r);
            m_table->setItem(r, 0, new QTableWidgetItem(tr("FROM %1 (catalog base)").arg(QString::fromStdString(base))));
            m_table->setItem(r, 1, new QTableWidgetItem(sizeText(baseSize)));
            m_table->setItem(r, 2, new QTableWidgetItem(QStringLiteral("—")));
            m_table->setItem(r, 3, new QTableWidgetItem(tr("base")));
            bars.push_back({QString::fromStdString(base), baseSize, false, true});
        }
        int n = 0;
        for (const auto &l : layers) {
            ++n;
            const QString step = stepText(QString::fromStdString(l.value("createdBy", std::string())));
            const qint64 size = l.value("size", qint64(0));
            const bool sim = l.value("simulated", false);
            const bool cached = l.value("cached", false);
            const QString digest = QString::fromStdString(l.value("digest", std::string()));
            const int r = m_table->rowCount();
            m_table->insertRow(r);
            auto *stepItem = new QTableWidgetItem(step);
            stepItem->setToolTip(step);
            m_table->setItem(r, 0, stepItem);
            auto *sizeItem = new QTableWidgetItem(sizeText(size));
            sizeItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(r, 1, sizeItem);
            auto *digestItem = new QTableWidgetItem(digest.mid(7, 10));
            digestItem->setToolTip(digest);
            digestItem->setFont(QFont(QStringLiteral("monospace")));
            m_table->setItem(r, 2, digestItem);
            QString kindText = sim ? tr("simulated") : tr("files");
            if (cached)
                kindText = sim ? tr("simulated, cached") : tr("files, cached");
            auto *kind = new QTableWidgetItem(kindText);
            kind->setToolTip(sim ? tr("The sandbox recorded this RUN command instead of executing it; the size is an "
                                      "estimate. A real Docker Engine runs it for real.")
                                 : tr("A real tar layer with the files from the build context"));
            if (cached)
                kind->setToolTip(kind->toolTip() + QLatin1Char('\n') +
                                 tr("The last build took this layer from the build cache."));
            if (sim)
                kind->setForeground(QColor(0x8a, 0x5a, 0x00));
            m_table->setItem(r, 3, kind);
            bars.push_back({QStringLiteral("%1 %2").arg(n).arg(step.left(28)), size, sim, false});
        }
    }
    // the chart: one bar per layer, sizes in MB
    auto *series = new QHorizontalBarSeries;
    auto *set = new QBarSet(tr("Size (MB)"));
    set->setColor(QColor(0x3b, 0x82, 0xf6));
    QStringList categories;
    double maxMb = 0;
    for (auto it = bars.rbegin(); it != bars.rend(); ++it) { // top to bottom: base first
        const double mb = double(it->size) / 1e6;
        *set << mb;
        maxMb = std::max(maxMb, mb);
        categories << it->label;
    }
    series->append(set);
    // exact sizes on hover: small layers are thin next to a base image of a hundred megabytes
    std::vector<QString> tips;
    for (auto it = bars.rbegin(); it != bars.rend(); ++it)
        tips.push_back(QStringLiteral("%1: %2%3").arg(it->label, sizeText(it->size),
                                                     it->simulated ? tr(" (simulated)") : QString()));
    connect(set, &QBarSet::hovered, m_chart, [this, tips](bool status, int index) {
        if (status && index >= 0 && index < int(tips.size()))
            QToolTip::showText(QCursor::pos(), tips[std::size_t(index)], m_chart);
        else
            QToolTip::hideText();
    });
    chart->addSeries(series);
    auto *axisY = new QBarCategoryAxis;
    axisY->append(categories);
    chart->addAxis(axisY, Qt::AlignLeft);
    series->attachAxis(axisY);
    auto *axisX = new QValueAxis;
    axisX->setRange(0, std::max(1.0, maxMb * 1.25));
    axisX->setLabelFormat(QStringLiteral("%.0f"));
    axisX->setTitleText(tr("MB"));
    chart->addAxis(axisX, Qt::AlignBottom);
    series->attachAxis(axisX);
    chart->setTitle(tr("Layer sizes"));
    m_bars = int(bars.size());
    m_chart->setChart(chart);
    m_chart->setMinimumHeight(std::min(360, 60 + 26 * m_bars));
}

} // namespace flotilla::widgets
