// German must be complete: every string in the sources is in the .ts file, and every one is translated.
#include <QProcess>
#include <QXmlStreamReader>
#include <QtTest>

namespace {
struct Messages {
    QSet<QString> sources;
    QStringList untranslated;
    int count = 0;
};

Messages read(const QString &path)
{
    Messages m;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return m;
    QXmlStreamReader xml(&f);
    QString context, source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const bool numerus = xml.attributes().value(QLatin1String("numerus")).toString() == QLatin1String("yes");
            QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            m.sources.insert(context + QLatin1String("::") + source);
            ++m.count;
            if (type == QLatin1String("unfinished") || type == QLatin1String("vanished") || type == QLatin1String("obsolete")
                || (!numerus && text.trimmed().isEmpty()))
                m.untranslated << context + QLatin1String("::") + source;
        }
    }
    return m;
}
} // namespace

class tst_Translations : public QObject {
    Q_OBJECT
private slots:
    void germanIsComplete();
    void germanCoversEverySourceString();
};

void tst_Translations::germanIsComplete()
{
    const Messages de = read(QStringLiteral(FLOTILLA_SOURCE_DIR "/translations/flotilla_de.ts"));
    QVERIFY(de.count > 100);
    QVERIFY2(de.untranslated.isEmpty(), qPrintable(de.untranslated.join(QLatin1Char('\n'))));
}

void tst_Translations::germanCoversEverySourceString()
{
    QTemporaryDir dir;
    const QString fresh = dir.path() + "/fresh_de.ts";
    QProcess lupdate;
    lupdate.start(QStringLiteral(LUPDATE), {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                                            QStringLiteral(FLOTILLA_SOURCE_DIR "/app"), QStringLiteral(FLOTILLA_SOURCE_DIR "/widgets"),
                                            QStringLiteral(FLOTILLA_SOURCE_DIR "/models"), QStringLiteral(FLOTILLA_SOURCE_DIR "/backends"),
                                            QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(60000));
    QCOMPARE(lupdate.exitCode(), 0);
    const Messages now = read(fresh);
    const Messages de = read(QStringLiteral(FLOTILLA_SOURCE_DIR "/translations/flotilla_de.ts"));
    QVERIFY(now.count > 100);
    QStringList missing;
    for (const QString &s : now.sources)
        if (!de.sources.contains(s))
            missing << s;
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in flotilla_de.ts (run the update_translations target):\n") + missing.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(tst_Translations)
#include "tst_translations.moc"
