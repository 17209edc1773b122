#pragma once

#include "cachedobjectmodel.h"

namespace flotilla::models {

struct ImageRow {
    QString repository, tag, id, digest, source, description;
    qint64 size = 0;
    qint64 created = 0;  ///< when the image was made (built) or added (catalog), ms
    int layers = -1;     ///< -1: not known (catalog images have no stored layers)
    int simulatedLayers = 0;
};

/// Images as docker images lists them, with where each came from (catalog, built, pulled).
class ImageModel final : public CachedObjectModel<ImageRow> {
    Q_OBJECT
public:
    enum Column { Repository, Tag, ImageId, Size, Layers, Source, Created, ColumnCount };
    enum Role { SizeBytesRole = LastCommonRole, SourceRole, LayerCountRole, ReferenceRole };

    explicit ImageModel(QObject *parent = nullptr);

protected:
    std::span<const ColumnSpec> columns() const override;
    ImageRow makeRow(const engine::api::Object &image) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
