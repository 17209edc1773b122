#pragma once

#include "objecttablemodel.h"

namespace flotilla::models {

/// Images as docker images lists them, with where each came from (catalog, built, pulled).
class ImageModel final : public ObjectTableModel {
    Q_OBJECT
public:
    enum Column { Repository, Tag, ImageId, Size, Source, Created, ColumnCount };
    enum Role { SizeBytesRole = LastCommonRole, SourceRole };

    explicit ImageModel(QObject *parent = nullptr);
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    void cacheAppend(const engine::api::ObjectPtr &object) override;
    void cacheUpdate(int row, const engine::api::ObjectPtr &object) override;
    void cacheErase(int first, int last) override;
    void cacheClear() override { m_rows.clear(); }
    QVariant cellData(int row, int column, int role) const override;

private:
    struct Row {
        QString repository, tag, id, digest, source, description;
        qint64 size = 0;
        qint64 created = 0;
    };
    static Row makeRow(const engine::api::Object &image);
    std::vector<Row> m_rows;
};

} // namespace flotilla::models
