#include "../models/buildeventutil.h"

#include <models/buildlogmodel.h>
#include <widgets/buildlogview.h>

#include <QClipboard>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

using namespace flotilla;
using namespace flotilla::tests;
using models::BuildLogModel;
using widgets::BuildLogView;

namespace {
std::vector<BuildEvent> upTo(const std::vector<BuildEvent> &events, std::size_t count)
{
    return {events.begin(), events.begin() + std::ptrdiff_t(std::min(count, events.size()))};
}

/// A Go build whose third step spans Dockerfile lines 4–6.
FakeBuild goBuild()
{
    return FakeBuild({{"FROM golang:1.22 AS builder", 1},
                      {"WORKDIR /src", 2},
                      {"RUN go mod download && go build -o /out/app ./cmd/app", 4, 6},
                      {"COPY --from=builder /out/app /app", 9}});
}

QPoint centerOf(QTreeView *tree, const QModelIndex &index) { return tree->visualRect(index).center(); }
} // namespace

class tst_BuildLogView : public QObject {
    Q_OBJECT
private slots:
    void streamingUpdatesHeaderAndProgress();
    void finishedCachedAndDoneStepsCollapse();
    void sectionTheUserOpenedStaysOpen();
    void failedStepIsRedAndOpen();
    void clickingAStepEmitsItsLines();
    void showStepForLineSelectsTheStep();
    void searchFindsAndExpands();
    void ctrlFFocusesSearch();
    void cancelButtonFollowsTheBuild();
    void followsTheEndUnlessScrolledUp();
    void copyAndSaveTheLog();
    void manyLinesStream();
    void rendersReadably();
};

void tst_BuildLogView::streamingUpdatesHeaderAndProgress()
{
    BuildLogView view;
    view.setBuildTitle(QStringLiteral("my-microservice"));
    QCOMPARE(view.statusText(), QStringLiteral("No build yet"));
    QVERIFY(!view.copyButton()->isEnabled());

    const auto events = nodeBuildEvents();
    view.appendEvents(upTo(events, 4)); // started, step 1 cached, step 2 started
    QCOMPARE(view.statusText(), QStringLiteral("Building my-microservice… step 2 of 7"));
    QCOMPARE(view.progressBar()->maximum(), 7);
    QCOMPARE(view.progressBar()->value(), 1);
    QCOMPARE(view.progressBar()->text(), QStringLiteral("Step 2 of 7"));
    QVERIFY(view.isBuilding());
    QVERIFY(view.copyButton()->isEnabled());

    view.appendEvents({events.begin() + 4, events.begin() + 8}); // … step 4 started
    QCOMPARE(view.statusText(), QStringLiteral("Building my-microservice… step 4 of 7"));
    QCOMPARE(view.progressBar()->value(), 3);

    view.appendEvents({events.begin() + 8, events.end()});
    QCOMPARE(view.statusText(), QStringLiteral("Built my-microservice in 9.2 s · 1 of 7 steps cached · 1 step simulated"));
    QCOMPARE(view.progressBar()->value(), 7);
    QVERIFY(!view.isBuilding());

    view.clear();
    QCOMPARE(view.statusText(), QStringLiteral("No build yet"));
    QCOMPARE(view.model()->rowCount(), 0);
    QCOMPARE(view.progressBar()->value(), 0);
}

void tst_BuildLogView::finishedCachedAndDoneStepsCollapse()
{
    BuildLogView view;
    const FakeBuild b = nodeBuild();
    view.appendEvents({b.started(), b.stepStarted(1), b.output(1, "resolving node:14-alpine from the built-in catalog")});
    const QModelIndex from = view.model()->indexOfStep(1);
    QVERIFY(view.tree()->isExpanded(from)); // running: open
    view.appendEvents({b.cached(1), b.stepStarted(4, true), b.output(4, "added 57 packages")});
    QVERIFY(!view.tree()->isExpanded(from)); // cached: closed
    const QModelIndex run = view.model()->indexOfStep(4);
    QVERIFY(view.tree()->isExpanded(run));
    view.appendEvents({b.output(4, "found 0 vulnerabilities"), b.stepFinished(4, 8.4, 21'000'000, true)});
    QVERIFY(!view.tree()->isExpanded(run)); // done: closed
    QCOMPARE(view.model()->rowCount(run), 2);

    // The image written is a section that stays open at the end.
    view.appendEvents({b.finished(9.0, kNodeImageId, {"my-microservice:latest"})});
    QVERIFY(view.tree()->isExpanded(view.model()->index(view.model()->rowCount() - 1, 0)));
}

void tst_BuildLogView::sectionTheUserOpenedStaysOpen()
{
    BuildLogView view;
    const FakeBuild b = nodeBuild();
    view.appendEvents({b.started(), b.stepStarted(2), b.output(2, "one"), b.stepFinished(2, 0.1, 10), b.stepStarted(4, true),
                       b.output(4, "added 57 packages")});
    const QModelIndex workdir = view.model()->indexOfStep(2);
    const QModelIndex run = view.model()->indexOfStep(4);
    QVERIFY(!view.tree()->isExpanded(workdir));
    view.tree()->expand(workdir);     // the user opens a finished step
    view.tree()->collapse(run);       // and closes the running one
    view.tree()->expand(run);         // and opens it again: it is the user's now
    view.appendEvents({b.output(4, "more"), b.stepFinished(4, 8.4, 21'000'000, true), b.stepStarted(5), b.output(5, "x")});
    QVERIFY(view.tree()->isExpanded(workdir));
    QVERIFY(view.tree()->isExpanded(run)); // not closed on finishing
    view.appendEvents({b.stepFinished(5, 0.1, 10)});
    QVERIFY(!view.tree()->isExpanded(view.model()->indexOfStep(5))); // an untouched one closes
}

void tst_BuildLogView::failedStepIsRedAndOpen()
{
    BuildLogView view;
    view.setBuildTitle(QStringLiteral("my-microservice"));
    const FakeBuild b = nodeBuild();
    const std::string error = "COPY failed: no source files were specified: package*.json";
    view.appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 10), b.stepStarted(3)});
    view.appendEvents({b.stepFailed(3, error, 3), b.failed(error, 3, 3)});

    const QModelIndex copy = view.model()->indexOfStep(3);
    QVERIFY(view.tree()->isExpanded(copy));
    QVERIFY(copy.data(BuildLogModel::FailedRole).toBool());
    const QColor red(0xd6, 0x3c, 0x3c);
    QCOMPARE(copy.data(Qt::ForegroundRole).value<QColor>(), red);
    QCOMPARE(copy.siblingAtColumn(BuildLogModel::StatusColumn).data().toString(), QStringLiteral("FAILED"));
    const QModelIndex message = view.model()->index(0, 0, copy);
    QCOMPARE(message.data().toString(), QString::fromStdString(error));
    QCOMPARE(message.data(Qt::ForegroundRole).value<QColor>(), red);

    QCOMPARE(view.statusText(), QStringLiteral("Build failed at step 3: ") + QString::fromStdString(error));
    QCOMPARE(view.statusLabel()->palette().color(QPalette::WindowText), red);
    QCOMPARE(view.progressBar()->text(), QStringLiteral("Failed at step 3"));
    QVERIFY(!view.cancelButton()->isEnabled());
}

void tst_BuildLogView::clickingAStepEmitsItsLines()
{
    BuildLogView view;
    view.resize(800, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const FakeBuild b = goBuild();
    view.appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 0),
                       b.stepStarted(3, true), b.output(3, "go: downloading github.com/gorilla/mux v1.8.1")});
    QSignalSpy activated(&view, &BuildLogView::stepActivated);

    QTreeView *tree = view.tree();
    const QModelIndex run = view.model()->indexOfStep(3);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, centerOf(tree, run));
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.first().at(0).toInt(), 4);
    QCOMPARE(activated.first().at(1).toInt(), 6);

    // A step's output line points at its instruction too.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, centerOf(tree, view.model()->index(0, 0, run)));
    QCOMPARE(activated.count(), 2);
    QCOMPARE(activated.last().at(0).toInt(), 4);

    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, centerOf(tree, view.model()->indexOfStep(1).siblingAtColumn(1)));
    QCOMPARE(activated.count(), 3);
    QCOMPARE(activated.last().at(0).toInt(), 1);
    QCOMPARE(activated.last().at(1).toInt(), 1);

    // Enter on the current step activates it as well.
    tree->setFocus();
    tree->setCurrentIndex(view.model()->indexOfStep(2));
    QTest::keyClick(tree, Qt::Key_Return);
    QCOMPARE(activated.last().at(0).toInt(), 2);
}

void tst_BuildLogView::showStepForLineSelectsTheStep()
{
    BuildLogView view;
    view.resize(800, 200);
    const FakeBuild b = goBuild();
    std::vector<BuildEvent> events = {b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 0),
                                      b.stepStarted(3, true)};
    for (int i = 0; i < 200; ++i)
        events.push_back(b.output(3, "go: downloading module " + std::to_string(i)));
    view.appendEvents(events);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QSignalSpy activated(&view, &BuildLogView::stepActivated);

    view.showStepForLine(5); // inside the continued RUN
    QCOMPARE(view.tree()->currentIndex(), view.model()->indexOfStep(3));
    QVERIFY(view.tree()->selectionModel()->isRowSelected(view.model()->indexOfStep(3).row(), {}));

    view.showStepForLine(1);
    QCOMPARE(view.tree()->currentIndex(), view.model()->indexOfStep(1));
    QVERIFY(view.tree()->viewport()->rect().intersects(view.tree()->visualRect(view.model()->indexOfStep(1))));

    view.showStepForLine(3); // a line between instructions: the selection stays
    QCOMPARE(view.tree()->currentIndex(), view.model()->indexOfStep(1));
    QCOMPARE(activated.count(), 0); // editor -> log does not echo back to the editor
}

void tst_BuildLogView::searchFindsAndExpands()
{
    BuildLogView view;
    view.resize(800, 400);
    view.appendEvents(nodeBuildEvents());
    const QModelIndex run = view.model()->indexOfStep(4);
    QVERIFY(!view.tree()->isExpanded(run));

    view.searchBox()->setText(QStringLiteral("packages"));
    QCOMPARE(view.matchCount(), 1);
    QVERIFY(view.tree()->isExpanded(run));
    QCOMPARE(view.currentMatch(), 0);
    QCOMPARE(view.tree()->currentIndex(), view.model()->index(2, 0, run));
    QCOMPARE(view.matchLabel()->text(), QStringLiteral("1 of 1"));

    view.searchBox()->setText(QStringLiteral("NPM")); // any case: the step and two output lines
    QCOMPARE(view.matchCount(), 3);
    QCOMPARE(view.tree()->currentIndex(), run);
    QTest::keyClick(view.searchBox(), Qt::Key_Return);
    QCOMPARE(view.currentMatch(), 1);
    QCOMPARE(view.tree()->currentIndex(), view.model()->index(0, 0, run));
    QCOMPARE(view.matchLabel()->text(), QStringLiteral("2 of 3"));
    QTest::keyClick(view.searchBox(), Qt::Key_Return);
    QTest::keyClick(view.searchBox(), Qt::Key_Return);
    QCOMPARE(view.currentMatch(), 0); // wraps around
    QTest::keyClick(view.searchBox(), Qt::Key_Return, Qt::ShiftModifier);
    QCOMPARE(view.currentMatch(), 2);

    view.searchBox()->setText(QStringLiteral("no such text"));
    QCOMPARE(view.matchCount(), 0);
    QCOMPARE(view.matchLabel()->text(), QStringLiteral("No matches"));
    QVERIFY(!view.tree()->isExpanded(run)); // opened for the search only: closed again

    // Lines that arrive during a search are searched too.
    view.clear();
    const FakeBuild b = nodeBuild();
    view.appendEvents({b.started(), b.stepStarted(4, true)});
    view.searchBox()->setText(QStringLiteral("vulnerabilities"));
    QCOMPARE(view.matchCount(), 0);
    view.appendEvents({b.output(4, "found 0 vulnerabilities")});
    QTRY_COMPARE(view.matchCount(), 1);

    QTest::keyClick(view.searchBox(), Qt::Key_Escape);
    QCOMPARE(view.searchBox()->text(), QString());
}

void tst_BuildLogView::ctrlFFocusesSearch()
{
    BuildLogView view;
    view.appendEvents(nodeBuildEvents());
    view.show();
    QVERIFY(QTest::qWaitForWindowActive(&view));
    view.tree()->setFocus();
    QVERIFY(view.tree()->hasFocus());
    QTest::keyClick(view.tree(), Qt::Key_F, Qt::ControlModifier);
    QVERIFY(view.searchBox()->hasFocus());
}

void tst_BuildLogView::cancelButtonFollowsTheBuild()
{
    BuildLogView view;
    QSignalSpy cancel(&view, &BuildLogView::cancelRequested);
    QVERIFY(!view.cancelButton()->isEnabled());
    const FakeBuild b = nodeBuild();
    view.appendEvents({b.started(), b.stepStarted(1)});
    QVERIFY(view.cancelButton()->isEnabled());
    view.cancelButton()->click();
    QCOMPARE(cancel.count(), 1);
    QVERIFY(!view.cancelButton()->isEnabled()); // asked once
    view.appendEvents({b.output(1, "still going")});
    QVERIFY(!view.cancelButton()->isEnabled());
    view.appendEvents({b.failed("The build was canceled")});
    QVERIFY(!view.cancelButton()->isEnabled());
    QCOMPARE(view.statusText(), QStringLiteral("Build failed: The build was canceled"));

    view.clear();
    view.appendEvents({b.started(), b.stepStarted(1)});
    QVERIFY(view.cancelButton()->isEnabled());
    view.appendEvents({b.cached(1), b.finished(0.5, kNodeImageId, {"x:latest"})});
    QVERIFY(!view.cancelButton()->isEnabled());
}

void tst_BuildLogView::followsTheEndUnlessScrolledUp()
{
    BuildLogView view;
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const FakeBuild b = nodeBuild();
    QScrollBar *bar = view.tree()->verticalScrollBar();
    auto lines = [&](int from, int count) {
        std::vector<BuildEvent> batch;
        for (int i = from; i < from + count; ++i)
            batch.push_back(b.output(4, "line " + std::to_string(i)));
        return batch;
    };
    view.appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(4, true)});
    view.appendEvents(lines(0, 100));
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());

    bar->setValue(bar->maximum() / 2); // the user scrolls up to read
    const int reading = bar->value();
    view.appendEvents(lines(100, 100));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), reading);

    bar->setValue(bar->maximum()); // and back down: following again
    view.appendEvents(lines(200, 100));
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(view.tree()->viewport()->rect().intersects(view.tree()->visualRect(view.model()->index(299, 0, view.model()->indexOfStep(4)))));
}

void tst_BuildLogView::copyAndSaveTheLog()
{
    BuildLogView view;
    view.appendEvents(nodeBuildEvents());
    const QString text = view.model()->plainText();
    QVERIFY(text.startsWith(QLatin1String("#1 [1/7] FROM node:14-alpine\n#1 CACHED\n")));

    view.copyButton()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), text);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("my-microservice-build.log"));
    QVERIFY(view.saveTo(path));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), text);

    QString error;
    QVERIFY(!view.saveTo(dir.filePath(QStringLiteral("missing/dir/x.log")), &error));
    QVERIFY(!error.isEmpty());
}

void tst_BuildLogView::manyLinesStream()
{
    BuildLogView view;
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const FakeBuild b = nodeBuild();
    view.appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(4, true)});
    for (int i = 0; i < 10'000; i += 300) {
        std::vector<BuildEvent> batch;
        for (int j = i; j < std::min(i + 300, 10'000); ++j)
            batch.push_back(b.output(4, "npm http fetch GET 200 https://registry.npmjs.org/package-" + std::to_string(j) + " 12ms"));
        view.appendEvents(batch);
        QCoreApplication::processEvents(); // a repaint a batch, as in the application
    }
    QCOMPARE(view.model()->rowCount(view.model()->indexOfStep(4)), 10'000);
    // following the end: the last line is in view
    const QModelIndex last = view.model()->index(9'999, 0, view.model()->indexOfStep(4));
    QVERIFY(view.tree()->viewport()->rect().intersects(view.tree()->visualRect(last)));
}

void tst_BuildLogView::rendersReadably()
{
    BuildLogView view;
    view.setBuildTitle(QStringLiteral("my-microservice"));
    view.resize(860, 470);
    view.appendEvents(nodeBuildEvents());
    view.tree()->expand(view.model()->indexOfStep(4)); // the user opens npm install's output
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
    const QImage image = view.grab().toImage();
    QVERIFY(image.width() >= 860 && image.height() >= 470);
    const QString dir = qEnvironmentVariable("FLOTILLA_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QVERIFY(image.save(dir + QStringLiteral("/build-log.png")));

    // A build in progress, and a failed one, for comparison.
    BuildLogView running;
    running.setBuildTitle(QStringLiteral("my-microservice"));
    running.resize(860, 300);
    const auto events = nodeBuildEvents();
    running.appendEvents(upTo(events, 11)); // npm install is printing
    running.show();
    QVERIFY(QTest::qWaitForWindowExposed(&running));
    QVERIFY(running.grab().toImage().save(dir + QStringLiteral("/build-log-running.png")));

    BuildLogView failed;
    failed.setBuildTitle(QStringLiteral("my-microservice"));
    failed.resize(860, 300);
    const FakeBuild b = nodeBuild();
    const std::string error = "COPY failed: no source files were specified: package*.json";
    failed.appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 96), b.stepStarted(3),
                         b.stepFailed(3, error, 3), b.failed(error, 3, 3)});
    failed.show();
    QVERIFY(QTest::qWaitForWindowExposed(&failed));
    QVERIFY(failed.grab().toImage().save(dir + QStringLiteral("/build-log-failed.png")));
}

QTEST_MAIN(tst_BuildLogView)
#include "tst_buildlogview.moc"
