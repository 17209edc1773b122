#include "secretmodel.h"

#include <engine/api/kinds.h>
#include <engine/api/workloads.h>

#include <QStringDecoder>

namespace flotilla::models {

namespace api = engine::api;

namespace {
constexpr const char *kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

/// The Secret's values: data decoded from base64, stringData as written (stringData wins, as on a server).
std::map<std::string, std::string> valuesOf(const api::Object &secret)
{
    std::map<std::string, std::string> out;
    const auto data = secret.body.find("data");
    if (data != secret.body.end() && data->is_object())
        for (auto it = data->begin(); it != data->end(); ++it)
            if (it->is_string())
                out[it.key()] = api::base64Decode(it->get<std::string>()).value_or(std::string());
    const auto strings = secret.body.find("stringData");
    if (strings != secret.body.end() && strings->is_object())
        for (auto it = strings->begin(); it != strings->end(); ++it)
            if (it->is_string())
                out[it.key()] = it->get<std::string>();
    return out;
}
} // namespace

QString secretValueText(const std::string &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(QByteArrayView(bytes.data(), qsizetype(bytes.size())));
    if (decoder.hasError() || text.contains(QChar(0)))
        return SecretModel::tr("(%n bytes of binary data)", nullptr, int(bytes.size()));
    return text;
}

SecretModel::SecretModel(QObject *parent) : CachedObjectModel(std::string(api::kind::Secret), parent) {}

std::span<const ColumnSpec> SecretModel::columns() const
{
    static constexpr ColumnSpec specs[] = {
        /* Name */ {QT_TR_NOOP("Name"), nullptr, "my-microservice-credentials"},
        /* Namespace */ {QT_TR_NOOP("Namespace"), nullptr, "kube-system"},
        /* Type */ {QT_TR_NOOP("Type"),
                    QT_TR_NOOP("What the Secret holds: Opaque for anything, or a known shape such as TLS keys or " "registry credentials"),
                    "kubernetes.io/dockerconfigjson"},
        /* Keys */ {QT_TR_NOOP("Keys"),
                    QT_TR_NOOP("Entries in the Secret; their values stay hidden until you reveal them"),
                    "Keys"},
        /* Age */ {QT_TR_NOOP("Age"), nullptr, "44m10s"},
    };
    static_assert(std::size(specs) == ColumnCount);
    return specs;
}

SecretRow SecretModel::makeRow(const api::Object &secret) const
{
    SecretRow r;
    r.name = QString::fromStdString(secret.metadata.name);
    r.ns = QString::fromStdString(secret.metadata.ns);
    r.type = QString::fromStdString(api::stringField(secret.body, "type", "Opaque"));
    r.created = secret.metadata.creationTimestamp.value_or(0);
    auto masked = std::make_shared<api::Object>(secret);
    for (const char *field : {"data", "stringData"}) {
        const auto it = masked->body.find(field);
        if (it == masked->body.end() || !it->is_object())
            continue;
        for (auto kv = it->begin(); kv != it->end(); ++kv) {
            if (!r.keys.contains(QString::fromStdString(kv.key())))
                r.keys << QString::fromStdString(kv.key());
            *kv = mask().toStdString();
        }
    }
    // the last applied manifest would show the values again
    if (masked->metadata.annotations.count(kLastApplied))
        masked->metadata.annotations[kLastApplied] = mask().toStdString();
    r.keys.sort();
    r.masked = std::move(masked);
    return r;
}

api::ObjectPtr SecretModel::shownObject(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const SecretRow &r = rowAt(row);
    return isRevealed(r.ns + QLatin1Char('/') + r.name) ? objectAt(row) : r.masked;
}

QVariant SecretModel::cellData(int row, int column, int role) const
{
    const SecretRow &r = rowAt(row);
    const bool revealed = isRevealed(r.ns + QLatin1Char('/') + r.name);
    switch (role) {
    case KeyNamesRole: return r.keys;
    case RevealedRole: return revealed;
    case ValuesRole: {
        QVariantMap values;
        if (revealed) {
            for (const auto &[k, v] : valuesOf(*objectAt(row)))
                values.insert(QString::fromStdString(k), secretValueText(v));
        } else {
            for (const QString &k : r.keys)
                values.insert(k, mask());
        }
        return values;
    }
    default: break;
    }
    if (column == Keys)
        return keysCell(r.keys, role);
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
        case Name: return r.name;
        case Namespace: return r.ns;
        case Type: return r.type;
        case Age: return role == SortRole ? QVariant(-r.created) : QVariant(ageText(r.created));
        }
    }
    return {};
}

void SecretModel::setRevealed(const QString &key, bool revealed)
{
    if (revealed == m_revealed.contains(key))
        return;
    const int row = rowOf(key.toStdString());
    if (row < 0)
        return;
    if (revealed)
        m_revealed.insert(key);
    else
        m_revealed.remove(key);
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1), {ObjectRole, ValuesRole, RevealedRole});
    emit revealedChanged(key, revealed);
}

void SecretModel::maskAll()
{
    const auto revealed = m_revealed;
    for (const QString &key : revealed)
        setRevealed(key, false);
}

void SecretModel::cacheErase(int first, int last)
{
    // a Secret deleted and made again starts masked
    for (int i = first; i <= last; ++i)
        m_revealed.remove(rowAt(i).ns + QLatin1Char('/') + rowAt(i).name);
    CachedObjectModel::cacheErase(first, last);
}

void SecretModel::cacheClear()
{
    m_revealed.clear();
    CachedObjectModel::cacheClear();
}

} // namespace flotilla::models
