#include <backends/sandboxbackend.h>
#include <widgets/applyyamldialog.h>

#include <QListWidget>
#include <QPlainTextEdit>
#include <QtTest>

using namespace flotilla;

class tst_ApplyYamlDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void problemsNameLineAndColumn();
    void choosingAProblemMovesTheCursor();
    void examplesApply_data();
    void examplesApply();
    void oversizeFileIsRefused();
    void emptyInputSaysSo();
    void rendersProblemsReadably();

private:
    backends::SandboxBackend *m_backend = nullptr;
};

void tst_ApplyYamlDialog::initTestCase()
{
    backends::SandboxBackend::Options opts;
    opts.inMemory = true;
    m_backend = new backends::SandboxBackend(opts);
    QSignalSpy started(m_backend, &backends::Backend::started);
    m_backend->start();
    QVERIFY(started.wait(10000));
}

void tst_ApplyYamlDialog::cleanupTestCase() { delete m_backend; }

void tst_ApplyYamlDialog::problemsNameLineAndColumn()
{
    widgets::ApplyYamlDialog dialog(m_backend);
    const QString text = QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: web\n");
    dialog.setText(text);
    QSignalSpy applied(&dialog, &widgets::ApplyYamlDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(5000));
    QCOMPARE(dialog.results()->count(), 2);
    QVERIFY2(dialog.results()->item(0)->text().contains(QLatin1String("Line 4, column 3: metadata.name")),
             qPrintable(dialog.results()->item(0)->text()));
    QVERIFY(dialog.results()->item(1)->text().contains(QLatin1String("spec.containers[0].image: Required value")));
    QCOMPARE(dialog.text(), text); // nothing lost
    QCOMPARE(dialog.editor()->extraSelections().size(), 2);
}

void tst_ApplyYamlDialog::choosingAProblemMovesTheCursor()
{
    widgets::ApplyYamlDialog dialog(m_backend);
    dialog.setText(QStringLiteral("a: 1\nb: 2\nb: 3\n"));
    QSignalSpy applied(&dialog, &widgets::ApplyYamlDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(5000));
    QCOMPARE(dialog.results()->count(), 1);
    QVERIFY(dialog.results()->item(0)->text().contains(QLatin1String("duplicate key \"b\"")));
    dialog.editor()->moveCursor(QTextCursor::Start);
    emit dialog.results()->itemActivated(dialog.results()->item(0));
    QCOMPARE(dialog.editor()->textCursor().blockNumber(), 2);
}

void tst_ApplyYamlDialog::examplesApply_data()
{
    QTest::addColumn<QString>("path");
    for (const auto &[title, path] : widgets::ApplyYamlDialog::examples())
        QTest::newRow(qPrintable(title)) << path;
}

void tst_ApplyYamlDialog::examplesApply()
{
    QFETCH(QString, path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    widgets::ApplyYamlDialog dialog(m_backend);
    dialog.setText(QString::fromUtf8(f.readAll()));
    QSignalSpy applied(&dialog, &widgets::ApplyYamlDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(5000));
    const auto result = applied.first().first().value<backends::CommandResult>();
    QVERIFY2(result.ok, result.problems.isEmpty() ? "" : qPrintable(result.problems.first().message));
}

void tst_ApplyYamlDialog::oversizeFileIsRefused()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(QByteArray(3 * 1024 * 1024 + 10, 'a'));
    file.close();
    widgets::ApplyYamlDialog dialog(m_backend);
    dialog.setText(QStringLiteral("kept: text\n"));
    QVERIFY(!dialog.openFile(file.fileName()));
    QCOMPARE(dialog.text(), QStringLiteral("kept: text\n"));
    QVERIFY(dialog.results()->item(0)->text().contains(QLatin1String("at most")));
}

void tst_ApplyYamlDialog::emptyInputSaysSo()
{
    widgets::ApplyYamlDialog dialog(m_backend);
    dialog.apply();
    QVERIFY(!dialog.isApplying());
    QCOMPARE(dialog.results()->count(), 1);
}

void tst_ApplyYamlDialog::rendersProblemsReadably()
{
    widgets::ApplyYamlDialog dialog(m_backend);
    QFile f(QStringLiteral(":/examples/pod.yaml"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(f.readAll());
    text.replace(QStringLiteral("image: node:14-alpine"), QStringLiteral("imag: node:14-alpine"));
    text.replace(QStringLiteral("name: my-microservice\n"), QStringLiteral("name: My_Microservice\n"));
    dialog.setText(text, QStringLiteral("pod.yaml"));
    dialog.show();
    QSignalSpy applied(&dialog, &widgets::ApplyYamlDialog::applied);
    dialog.apply();
    QVERIFY(applied.wait(5000));
    QCOMPARE(dialog.results()->count(), 2);
    QCoreApplication::processEvents(); // let the layout settle, as it does before a real paint
    const QImage image = dialog.grab().toImage();
    QVERIFY(image.width() > 500 && image.height() > 400);
    // FLOTILLA_SCREENSHOT_DIR keeps the picture for a person to look at.
    const QString dir = qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(image.save(dir + QStringLiteral("/apply-yaml-dialog.png")));
}

QTEST_MAIN(tst_ApplyYamlDialog)
#include "tst_applyyamldialog.moc"
