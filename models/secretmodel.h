#pragma once

#include "cachedobjectmodel.h"

#include <QSet>
#include <QStringList>

namespace flotilla::models {

struct SecretRow {
    QString name, ns, type;
    QStringList keys; ///< data and stringData keys, sorted
    qint64 created = 0;
    engine::api::ObjectPtr masked; ///< the Secret with every value replaced by the mask
};

/// Secrets, their values masked: no role of this model holds a value (ObjectRole gives a copy with the
/// values masked) until the row is revealed with setRevealed(). Values are never logged.
class SecretModel final : public CachedObjectModel<SecretRow> {
    Q_OBJECT
public:
    enum Column { Name, Namespace, Type, Keys, Age, ColumnCount };
    enum Role {
        KeyNamesRole = LastCommonRole, ///< QStringList
        ValuesRole,                    ///< QVariantMap key → value; masked unless revealed
        RevealedRole,                  ///< bool
    };

    /// What stands for a value that is not revealed.
    static QString mask() { return QStringLiteral("••••••"); }

    explicit SecretModel(QObject *parent = nullptr);
    engine::api::ObjectPtr shownObject(int row) const override;

    /// Shows (or masks again) the values of the Secret with this key ("namespace/name").
    void setRevealed(const QString &key, bool revealed);
    bool isRevealed(const QString &key) const { return m_revealed.contains(key); }
    /// Masks every revealed Secret again.
    void maskAll();

signals:
    void revealedChanged(const QString &key, bool revealed);

protected:
    std::span<const ColumnSpec> columns() const override;
    SecretRow makeRow(const engine::api::Object &secret) const override;
    QVariant cellData(int row, int column, int role) const override;
    void cacheErase(int first, int last) override;
    void cacheClear() override;

private:
    QSet<QString> m_revealed;
};

/// A Secret value as text: UTF-8 text as it is, anything else as its size.
QString secretValueText(const std::string &bytes);

} // namespace flotilla::models
