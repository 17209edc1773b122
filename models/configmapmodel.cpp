#include "configmapmodel.h"

#include <engine/api/kinds.h>

namespace flotilla::models {

ConfigMapModel::ConfigMapModel(QObject *parent) : CachedObjectModel(std::string(engine::api::kind::ConfigMap), parent) {}

std::span<const ColumnSpec> ConfigMapModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice-config"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Keys */ {QT_TR_NOOP("Keys"),
                    QT_TR_NOOP("Entries in data and binaryData: each becomes a file when the ConfigMap is mounted"),
                    "Keys"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

ConfigMapRow ConfigMapModel::makeRow(const engine::api::Object &cm) const
{
    ConfigMapRow r;
    r.name = QString::fromStdString(cm.metadata.name);
    r.ns = QString::fromStdString(cm.metadata.ns);
    r.created = cm.metadata.creationTimestamp.value_or(0);
    for (const char *field : {"data", "binaryData"}) {
        const auto it = cm.body.find(field);
        if (it != cm.body.end() && it->is_object())
            for (auto kv = it->begin(); kv != it->end(); ++kv)
                r.keys << QString::fromStdString(kv.key());
    }
    r.keys.sort();
    return r;
}

QVariant ConfigMapModel::cellData(int row, int column, int role) const
{
    const ConfigMapRow &r = rowAt(row);
    if (role == KeyNamesRole)
        return r.keys;
    if (column == Keys)
        return keysCell(r.keys, role);
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Age: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        }
    }
    return {};
}

} // namespace flotilla::models
