#pragma once

#include "cachedobjectmodel.h"

#include <QStringList>

namespace flotilla::models {

struct ConfigMapRow {
    QString name, ns;
    QStringList keys; ///< data and binaryData keys, sorted
    qint64 created = 0;
};

/// ConfigMaps: configuration kept apart from images, handed to pods as environment or files.
class ConfigMapModel final : public CachedObjectModel<ConfigMapRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Keys, Age, ColumnCount };
    enum Role { KeyNamesRole = LastCommonRole };

    explicit ConfigMapModel(QObject *parent = nullptr);

protected:
    std::span<const ColumnSpec> columns() const override;
    ConfigMapRow makeRow(const engine::api::Object &configMap) const override;
    QVariant cellData(int row, int column, int role) const override;
};

} // namespace flotilla::models
