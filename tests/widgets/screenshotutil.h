#pragma once
// Screenshots of widget tests, saved when FLOTILLA_SCREENSHOT_DIR names a folder.

#include <QDir>
#include <QString>
#include <QWidget>
#include <QtTest>

namespace flotilla::testutil {

inline void screenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(w->grab().save(dir + QLatin1Char('/') + name));
}

} // namespace flotilla::testutil
