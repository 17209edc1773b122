#include "imagemodel.h"

#include <engine/api/kinds.h>
#include <engine/api/types.h>

#include <QLocale>

namespace flotilla::models {

ImageModel::ImageModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::Image), parent) {}

std::span<const ColumnSpec> ImageModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Repository */ {QT_TR_NOOP("Repository"), nullptr, "eclipse-temurin"},
        /* Tag */ {QT_TR_NOOP("Tag"), nullptr, "21-jre-alpine"},
        /* ImageId */ {QT_TR_NOOP("Image ID"),
                       QT_TR_NOOP("The start of the image's content digest: the same content always has the same ID"),
                       "0123456789ab"},
        /* Size */ {QT_TR_NOOP("Size"),
                    QT_TR_NOOP("Size of the image's layers (for simulated RUN steps, the size they would have)"),
                    "1,000.0 MB"},
        /* Layers */ {QT_TR_NOOP("Layers"),
                      QT_TR_NOOP("Filesystem layers: one per RUN, COPY, ADD and WORKDIR step"),
                      "Layers"},
        /* Source */ {QT_TR_NOOP("Source"),
                      QT_TR_NOOP("catalog: built into Flotilla (configuration and size only); built: made from a Dockerfile; pulled: from a registry"),
                      "catalog (metadata only)"},
        /* Created */ {QT_TR_NOOP("Created"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

ImageRow ImageModel::makeRow(const engine::api::Object &image) const
{
    const auto s = engine::api::summarizeImage(image);
    ImageRow r;
    r.repository = QString::fromStdString(s.repository);
    r.tag = QString::fromStdString(s.tag);
    r.digest = QString::fromStdString(s.digest);
    const QString hex = r.digest.section(QLatin1Char(':'), 1);
    r.id = hex.left(12);
    r.source = QString::fromStdString(s.source);
    r.description = QString::fromStdString(engine::api::stringField(image.spec(), "description"));
    r.size = s.sizeBytes;
    r.created = image.metadata.creationTimestamp.value_or(0);
    const auto &spec = image.spec();
    if (const auto it = spec.find("created"); it != spec.end() && it->is_number())
        r.created = it->get<qint64>();
    if (const auto it = spec.find("layers"); it != spec.end() && it->is_array()) {
        r.layers = int(it->size());
        for (const auto &l : *it)
            r.simulatedLayers += l.value("simulated", false) ? 1 : 0;
    }
    return r;
}


QVariant ImageModel::cellData(int row, int column, int role) const
{
    const ImageRow &r = rowAt(row);
    if (role == SizeBytesRole)
        return r.size;
    if (role == SourceRole)
        return r.source;
    if (role == LayerCountRole)
        return r.layers;
    if (role == ReferenceRole)
        return r.repository + QLatin1Char(':') + r.tag;
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Repository: return r.repository;
        case Tag: return r.tag;
        case ImageId: return r.id;
        case Size:
            // docker images shows decimal megabytes.
            return role == SortRole ? QVariant(r.size) : QVariant(QLocale::c().formattedDataSize(r.size, 1, QLocale::DataSizeSIFormat));
        case Layers:
            if (role == SortRole)
                return r.layers;
            return r.layers < 0 ? QStringLiteral("—") : QString::number(r.layers);
        case Source:
            if (role == SortRole)
                return r.source;
            if (r.source == QLatin1String("catalog"))
                return tr("catalog (metadata only)");
            if (r.source == QLatin1String("built"))
                return tr("built");
            if (r.source == QLatin1String("pulled"))
                return tr("pulled");
            return r.source;
        case Created: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        }
    }
    if (role == Qt::ToolTipRole) {
        if (column == ImageId)
            return r.digest;
        if (column == Layers && r.layers < 0)
            return tr("A catalog image has no stored layers: Flotilla knows its configuration and size only.");
        if (column == Layers && r.simulatedLayers > 0)
            return tr("%n layer(s) from simulated RUN steps: they record the command, not its files", nullptr,
                      r.simulatedLayers);
        if (column == Source && r.source == QLatin1String("catalog"))
            return tr("A built-in catalog image: its real configuration and size, without layers. "
                      "Pods and builds in the sandbox can use it offline.");
        if (!r.description.isEmpty())
            return r.description;
    }
    if (role == Qt::TextAlignmentRole && (column == Size || column == Layers))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

} // namespace flotilla::models
