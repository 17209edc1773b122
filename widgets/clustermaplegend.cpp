#include "clustermaplegend.h"

#include "clustermapstyle.h"

#include <models/podmodel.h>

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace flotilla::widgets {

namespace {
constexpr qreal kRowHeight = 24;
constexpr qreal kRowGap = 4;
constexpr qreal kSwatch = 10;

const QFont &textFont()
{
    static const QFont font = mapstyle::font(12);
    return font;
}

const QFont &headingFont()
{
    static const QFont font = [] {
        QFont f = mapstyle::font(11, QFont::Bold);
        f.setLetterSpacing(QFont::AbsoluteSpacing, 0.6);
        return f;
    }();
    return font;
}

const QFont &hintFont()
{
    static const QFont font = [] {
        QFont f = mapstyle::font(12);
        f.setItalic(true);
        return f;
    }();
    return font;
}
} // namespace

ClusterMapLegend::ClusterMapLegend(QGraphicsItem *parent) : QGraphicsObject(parent)
{
    setAcceptedMouseButtons(Qt::NoButton);
    relayout();
}

QRectF ClusterMapLegend::boundingRect() const { return QRectF(0, 0, m_width, m_height); }

void ClusterMapLegend::setVersions(const QList<Entry> &versions)
{
    bool same = versions.size() == m_versions.size();
    for (qsizetype i = 0; same && i < versions.size(); ++i)
        same = versions[i].label == m_versions[i].label && versions[i].color == m_versions[i].color
               && versions[i].count == m_versions[i].count;
    if (same)
        return;
    m_versions = versions;
    relayout();
}

qreal ClusterMapLegend::setWidth(qreal width)
{
    if (!qFuzzyCompare(width, m_width)) {
        m_width = width;
        relayout();
    }
    return m_height;
}

void ClusterMapLegend::relayout()
{
    prepareGeometryChange();
    m_placed.clear();
    const QFontMetricsF fm(textFont()), hm(headingFont()), im(hintFont());
    qreal x = 0, y = 0;
    auto place = [&](const QString &text, const QColor &color, Placed::Shape shape, qreal after) {
        const bool isHeading = shape == Placed::Shape::Heading;
        qreal w = isHeading ? hm.horizontalAdvance(text)
                  : shape == Placed::Shape::Hint ? im.horizontalAdvance(text)
                                                 : fm.horizontalAdvance(text);
        if (shape == Placed::Shape::Stripe)
            w += kSwatch + 7;
        else if (shape == Placed::Shape::Dot)
            w += kSwatch + 4 + 7;
        w = std::ceil(w) + 2;
        if (x > 0 && x + w > m_width) {
            x = 0;
            y += kRowHeight + kRowGap;
        }
        m_placed.push_back({QRectF(x, y, w, kRowHeight), text, color, shape});
        x += w + after;
    };

    place(tr("VERSIONS"), {}, Placed::Shape::Heading, 12);
    if (m_versions.isEmpty())
        place(tr("no workloads yet — apply a Deployment to see its pods here"), {}, Placed::Shape::Hint, 24);
    for (const Entry &e : m_versions)
        place(QStringLiteral("%1  ×%2").arg(e.label).arg(e.count), e.color, Placed::Shape::Stripe, 18);
    place(tr("system"), mapstyle::systemStripe(), Placed::Shape::Stripe, 30);

    place(tr("STATUS"), {}, Placed::Shape::Heading, 12);
    const struct {
        const char *label;
        const char *status;
    } statuses[] = {{QT_TRANSLATE_NOOP("flotilla::widgets::ClusterMapLegend", "Running"), "Running"},
                    {QT_TRANSLATE_NOOP("flotilla::widgets::ClusterMapLegend", "Pending / creating"), "Pending"},
                    {QT_TRANSLATE_NOOP("flotilla::widgets::ClusterMapLegend", "Terminating"), "Terminating"},
                    {QT_TRANSLATE_NOOP("flotilla::widgets::ClusterMapLegend", "Failed"), "Failed"}};
    for (const auto &s : statuses)
        place(tr(s.label), models::PodModel::statusColor(QLatin1String(s.status)), Placed::Shape::Dot, 16);
    m_height = y + kRowHeight;
    update();
}

void ClusterMapLegend::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QFont &font = textFont();
    for (const Placed &p : m_placed) {
        QRectF text = p.rect;
        switch (p.shape) {
        case Placed::Shape::Heading:
            painter->setFont(headingFont());
            painter->setPen(mapstyle::faintText());
            painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, p.text);
            continue;
        case Placed::Shape::Hint: {
            painter->setFont(hintFont());
            painter->setPen(mapstyle::faintText());
            painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, p.text);
            continue;
        }
        case Placed::Shape::Stripe:
            painter->setPen(Qt::NoPen);
            painter->setBrush(p.color);
            painter->drawRoundedRect(QRectF(p.rect.left(), p.rect.center().y() - kSwatch / 2, kSwatch, kSwatch), 2.5, 2.5);
            break;
        case Placed::Shape::Dot:
            painter->setPen(QPen(p.color, 1));
            painter->setBrush(mapstyle::tint(p.color, 0.16));
            painter->drawRoundedRect(QRectF(p.rect.left(), p.rect.center().y() - kSwatch / 2, kSwatch + 4, kSwatch), 3, 3);
            text.adjust(4, 0, 0, 0);
            break;
        }
        text.adjust(kSwatch + 7, 0, 0, 0);
        painter->setFont(font);
        painter->setPen(mapstyle::text());
        painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft, p.text);
    }
}

} // namespace flotilla::widgets
