#pragma once

#include <QColor>
#include <QFont>
#include <QGuiApplication>

/// Colours and fonts shared by the cluster map's items: one light, high-contrast scheme, so the map reads
/// the same in every desktop theme (it is a canvas, like a chart).
namespace flotilla::widgets::mapstyle {

inline QColor canvas() { return QColor(0xf3, 0xf5, 0xf8); }
inline QColor panel() { return QColor(0xff, 0xff, 0xff); }
inline QColor panelBorder() { return QColor(0xd5, 0xdb, 0xe3); }
inline QColor panelDown() { return QColor(0xf0, 0xf1, 0xf3); }
inline QColor text() { return QColor(0x1f, 0x23, 0x28); }
inline QColor mutedText() { return QColor(0x59, 0x63, 0x6e); }
inline QColor faintText() { return QColor(0x8c, 0x95, 0x9f); }
inline QColor track() { return QColor(0xe8, 0xec, 0xf1); }
inline QColor accent() { return QColor(0x2f, 0x6f, 0xde); }
inline QColor ok() { return QColor(0x2e, 0x9d, 0x4f); }
inline QColor warn() { return QColor(0xc9, 0x7a, 0x06); }
inline QColor bad() { return QColor(0xd6, 0x3c, 0x3c); }
inline QColor systemStripe() { return QColor(0xa3, 0xac, 0xb8); }

/// The application font at a pixel size (item text is laid out in scene units, not points).
inline QFont font(int pixelSize, QFont::Weight weight = QFont::Normal)
{
    QFont f = QGuiApplication::font();
    f.setPixelSize(pixelSize);
    f.setWeight(weight);
    return f;
}

/// `color` blended over white: pale tints for fills behind dark text.
inline QColor tint(const QColor &color, qreal amount)
{
    return QColor::fromRgbF(float(1.0 - (1.0 - color.redF()) * amount), float(1.0 - (1.0 - color.greenF()) * amount),
                            float(1.0 - (1.0 - color.blueF()) * amount));
}

} // namespace flotilla::widgets::mapstyle
