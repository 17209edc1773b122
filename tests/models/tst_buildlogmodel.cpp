#include "buildeventutil.h"

#include <models/buildlogmodel.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QtTest>

using namespace flotilla;
using namespace flotilla::tests;
using models::BuildLogModel;
using Status = BuildLogModel::Status;

namespace {
using Range = QPair<int, int>;
QList<Range> ranges(const QSignalSpy &spy)
{
    QList<Range> out;
    for (const auto &args : spy)
        out << Range(args.at(1).toInt(), args.at(2).toInt());
    return out;
}

/// The steps of a build that compiles a Go program: step 3 spans lines 4–6 (a continued RUN).
FakeBuild goBuild()
{
    return FakeBuild({{"FROM golang:1.22 AS builder", 1},
                      {"WORKDIR /src", 2},
                      {"RUN go mod download && go build -o /out/app ./cmd/app", 4, 6},
                      {"COPY --from=builder /out/app /app", 9}});
}
} // namespace

class tst_BuildLogModel : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void stepsBecomeRowsAndOutputChildren();
    void statusFollowsTheStep_data();
    void statusFollowsTheStep();
    void rolesDescribeTheStep();
    void outputBatchIsOneInsert();
    void statusChangesAreNarrow();
    void neverResetsOnAppend();
    void summaryCountsSteps();
    void failedStepKeepsItsMessage();
    void failureBeforeAnyStepIsAMessageRow();
    void cancelEndsRunningSteps();
    void outputLinesAreCleaned();
    void stepForLine_data();
    void stepForLine();
    void nextBuildFollowsThePrevious();
    void plainTextIsLikeDockerBuild();
    void clearIsTheOnlyReset();
    void tenThousandLinesInBatches();

private:
    BuildLogModel *m_model = nullptr;
    QAbstractItemModelTester *m_tester = nullptr;
};

void tst_BuildLogModel::init()
{
    m_model = new BuildLogModel;
    m_tester = new QAbstractItemModelTester(m_model, QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void tst_BuildLogModel::cleanup()
{
    delete m_tester;
    delete m_model;
}

void tst_BuildLogModel::stepsBecomeRowsAndOutputChildren()
{
    m_model->appendEvents(nodeBuildEvents());
    QCOMPARE(m_model->rowCount(), 8); // 7 steps + the image written
    QCOMPARE(m_model->columnCount(), int(BuildLogModel::ColumnCount));
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("[1/7] FROM node:14-alpine"));
    QCOMPARE(m_model->index(2, 0).data().toString(), QStringLiteral("[3/7] COPY package*.json ./"));
    QCOMPARE(m_model->index(6, 0).data().toString(), QStringLiteral("[7/7] CMD [\"node\", \"server.js\"]"));

    const QModelIndex run = m_model->index(3, 0);
    QCOMPARE(m_model->rowCount(run), 4);
    QCOMPARE(m_model->rowCount(m_model->index(0, 0)), 0);
    QCOMPARE(m_model->index(2, 0, run).data().toString(), QStringLiteral("added 57 packages from 42 contributors and audited 57 packages in 3.21s"));
    QCOMPARE(m_model->index(2, 0, run).parent(), run);
    QCOMPARE(m_model->index(2, 0, run).data(BuildLogModel::StepNumberRole).toInt(), 4);

    const QModelIndex image = m_model->index(7, 0);
    QCOMPARE(image.data(BuildLogModel::StepNumberRole).toInt(), 0);
    QCOMPARE(image.data(BuildLogModel::KindRole).toInt(), int(BuildLogModel::RowKind::Message));
    QVERIFY(image.data().toString().contains(QLatin1String("3f5c2a9d81e4")));
    QCOMPARE(m_model->rowCount(image), 2);
    QCOMPARE(m_model->index(1, 0, image).data().toString(), QStringLiteral("naming to my-microservice:latest"));
}

void tst_BuildLogModel::statusFollowsTheStep_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<bool>("cached");
    QTest::addColumn<bool>("simulated");
    QTest::addColumn<bool>("failed");
    QTest::newRow("cached") << 1 << int(Status::Cached) << "CACHED" << true << false << false;
    QTest::newRow("done") << 2 << int(Status::Done) << "Done" << false << false << false;
    QTest::newRow("simulated") << 3 << int(Status::Simulated) << "SIMULATED" << false << true << false;
    QTest::newRow("failed") << 4 << int(Status::Failed) << "FAILED" << false << false << true;
    QTest::newRow("running") << 5 << int(Status::Running) << "Running" << false << false << false;
}

void tst_BuildLogModel::statusFollowsTheStep()
{
    QFETCH(int, step);
    QFETCH(int, status);
    QFETCH(QString, statusText);
    QFETCH(bool, cached);
    QFETCH(bool, simulated);
    QFETCH(bool, failed);
    const FakeBuild b({{"FROM alpine:3.19", 1}, {"COPY a /a", 2}, {"RUN make", 3}, {"RUN make test", 4}, {"RUN make docs", 5}});
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.2, 10),
                           b.stepStarted(3, true), b.stepFinished(3, 4.0, 1000, true)});
    // Steps 4 and 5 share a batch with nothing else: one fails, the next one still runs (a parallel stage).
    m_model->appendEvents({b.stepStarted(4), b.stepFailed(4, "make: *** [test] Error 2", 4), b.stepStarted(5)});

    const QModelIndex row = m_model->indexOfStep(step);
    QVERIFY(row.isValid());
    QCOMPARE(row.data(BuildLogModel::StatusRole).toInt(), status);
    QCOMPARE(row.siblingAtColumn(BuildLogModel::StatusColumn).data().toString(), statusText);
    QCOMPARE(row.data(BuildLogModel::CachedRole).toBool(), cached);
    QCOMPARE(row.data(BuildLogModel::SimulatedRole).toBool(), simulated);
    QCOMPARE(row.data(BuildLogModel::FailedRole).toBool(), failed);
}

void tst_BuildLogModel::rolesDescribeTheStep()
{
    const FakeBuild b = goBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.05, 0),
                           b.stepStarted(3, true), b.stepFinished(3, 42.25, 123'456'789, true)});
    const QModelIndex from = m_model->indexOfStep(1);
    QCOMPARE(from.data(BuildLogModel::StepNumberRole).toInt(), 1);
    QCOMPARE(from.data(BuildLogModel::RangeLineRole).toInt(), 1);
    QCOMPARE(from.data(BuildLogModel::RangeEndLineRole).toInt(), 1);
    QCOMPARE(from.siblingAtColumn(BuildLogModel::DurationColumn).data().toString(), QString()); // cached: no time
    QCOMPARE(from.data(BuildLogModel::LayerSizeRole).toLongLong(), -1LL);                        // nor a size it did not report
    QVERIFY(from.data(BuildLogModel::DigestRole).toString().startsWith(QLatin1String("sha256:")));

    const QModelIndex run = m_model->indexOfStep(3);
    QCOMPARE(run.data(BuildLogModel::RangeLineRole).toInt(), 4);
    QCOMPARE(run.data(BuildLogModel::RangeEndLineRole).toInt(), 6);
    QCOMPARE(run.data(BuildLogModel::DurationRole).toDouble(), 42.25);
    QCOMPARE(run.data(BuildLogModel::LayerSizeRole).toLongLong(), 123'456'789LL);
    QCOMPARE(run.siblingAtColumn(BuildLogModel::DurationColumn).data().toString(), QStringLiteral("42.3s"));
    QCOMPARE(run.siblingAtColumn(BuildLogModel::SizeColumn).data().toString(), QStringLiteral("123.5 MB"));
    QCOMPARE(run.siblingAtColumn(BuildLogModel::SizeColumn).data(Qt::TextAlignmentRole).toInt(), int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(run.data(Qt::ToolTipRole).toString().contains(QLatin1String("estimate")));

    // A layer of 0 bytes still shows its size; a step without a layer shows none.
    QCOMPARE(m_model->indexOfStep(2).siblingAtColumn(BuildLogModel::SizeColumn).data().toString(), QStringLiteral("0 bytes"));
    m_model->appendEvents({b.stepStarted(4), b.stepFinished(4, 0.0)});
    QCOMPARE(m_model->indexOfStep(4).data(BuildLogModel::LayerSizeRole).toLongLong(), -1LL);
    QCOMPARE(m_model->indexOfStep(4).siblingAtColumn(BuildLogModel::SizeColumn).data(), QVariant());
}

void tst_BuildLogModel::outputBatchIsOneInsert()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(4, true)});
    const QModelIndex run = m_model->indexOfStep(4);
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);

    std::vector<BuildEvent> batch;
    for (int i = 0; i < 100; ++i)
        batch.push_back(b.output(4, "line " + std::to_string(i)));
    m_model->appendEvents(batch);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(0).value<QModelIndex>(), run);
    QCOMPARE(ranges(inserted), QList<Range>{Range(0, 99)});

    // A multi-line output event is several lines; the next batch appends after them.
    m_model->appendEvents({b.output(4, "a\nb\nc\n"), b.output(4, "d")});
    QCOMPARE(ranges(inserted).last(), Range(100, 103));
    QCOMPARE(m_model->rowCount(run), 104);
    QCOMPARE(m_model->index(103, 0, run).data().toString(), QStringLiteral("d"));

    // Lines of a new step: one insert of the step row, one of its lines.
    inserted.clear();
    m_model->appendEvents({b.stepFinished(4, 1.0, 10, true), b.stepStarted(5), b.output(5, "x"), b.output(5, "y")});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), QModelIndex());
    QCOMPARE(inserted.at(1).at(0).value<QModelIndex>(), m_model->indexOfStep(5));
    QCOMPARE(ranges(inserted).at(1), Range(0, 1));
}

void tst_BuildLogModel::statusChangesAreNarrow()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2)});
    QSignalSpy changed(m_model, &QAbstractItemModel::dataChanged);
    m_model->appendEvents({b.stepFinished(2, 0.1, 96), b.stepStarted(3)});
    QCOMPARE(changed.count(), 1);
    const QModelIndex topLeft = changed.first().at(0).value<QModelIndex>();
    const QModelIndex bottomRight = changed.first().at(1).value<QModelIndex>();
    QCOMPARE(topLeft, m_model->index(1, 0));
    QCOMPARE(bottomRight, m_model->index(1, BuildLogModel::ColumnCount - 1));
}

void tst_BuildLogModel::neverResetsOnAppend()
{
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(m_model, &QAbstractItemModel::layoutChanged);
    for (const BuildEvent &e : nodeBuildEvents())
        m_model->appendEvents({e}); // one event a batch
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.failed("cancelled", 0)});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
}

void tst_BuildLogModel::summaryCountsSteps()
{
    const FakeBuild b = nodeBuild();
    QSignalSpy summary(m_model, &BuildLogModel::summaryChanged);
    QVERIFY(!m_model->summary().started);
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 96), b.stepStarted(3)});
    QCOMPARE(summary.count(), 1);
    auto s = m_model->summary();
    QVERIFY(s.isBuilding());
    QCOMPARE(s.totalSteps, 7);
    QCOMPARE(s.currentStep, 3);
    QCOMPARE(s.finishedSteps, 2);
    QCOMPARE(s.cachedSteps, 1);

    m_model->clear();
    m_model->appendEvents(nodeBuildEvents());
    s = m_model->summary();
    QVERIFY(!s.isBuilding());
    QVERIFY(s.finished);
    QVERIFY(!s.failed);
    QCOMPARE(s.finishedSteps, 7);
    QCOMPARE(s.cachedSteps, 1);
    QCOMPARE(s.simulatedSteps, 1);
    QCOMPARE(s.durationSeconds, 9.2);
    QCOMPARE(s.imageId, QString::fromStdString(kNodeImageId));
    QCOMPARE(s.tags, QStringList{QStringLiteral("my-microservice:latest")});
}

void tst_BuildLogModel::failedStepKeepsItsMessage()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 96),
                           b.stepStarted(3), b.stepFailed(3, "COPY failed: no source files were specified: package*.json", 3),
                           b.failed("COPY failed: no source files were specified: package*.json", 3, 3)});
    QCOMPARE(m_model->rowCount(), 3); // no extra row for the build-wide failure of step 3
    const QModelIndex copy = m_model->indexOfStep(3);
    QVERIFY(copy.data(BuildLogModel::FailedRole).toBool());
    QCOMPARE(copy.data(BuildLogModel::ErrorLineRole).toInt(), 3);
    QCOMPARE(copy.data(Qt::ForegroundRole).value<QColor>(), QColor(0xd6, 0x3c, 0x3c));
    QCOMPARE(copy.siblingAtColumn(BuildLogModel::DurationColumn).data(), QVariant()); // no time reported
    QCOMPARE(m_model->rowCount(copy), 1);
    const QModelIndex error = m_model->index(0, 0, copy);
    QVERIFY(error.data(BuildLogModel::FailedRole).toBool());
    QCOMPARE(error.data(BuildLogModel::KindRole).toInt(), int(BuildLogModel::RowKind::Error));
    QVERIFY(error.data().toString().startsWith(QLatin1String("COPY failed")));

    const auto &s = m_model->summary();
    QVERIFY(s.failed);
    QVERIFY(!s.isBuilding());
    QCOMPARE(s.failedStep, 3);
    QCOMPARE(s.finishedSteps, 2);
    QVERIFY(s.message.startsWith(QLatin1String("COPY failed")));
}

void tst_BuildLogModel::failureBeforeAnyStepIsAMessageRow()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.failed("Dockerfile:2: unknown instruction: WORKDIRR\nDid you mean WORKDIR?", 0, 2)});
    QCOMPARE(m_model->rowCount(), 1);
    const QModelIndex message = m_model->index(0, 0);
    QCOMPARE(message.data().toString(), QStringLiteral("Dockerfile:2: unknown instruction: WORKDIRR"));
    QVERIFY(message.data(BuildLogModel::FailedRole).toBool());
    QCOMPARE(message.data(BuildLogModel::RangeLineRole).toInt(), 2);
    QCOMPARE(m_model->rowCount(message), 1);
    QCOMPARE(m_model->summary().failedStep, 0);
    QVERIFY(m_model->plainText().startsWith(QLatin1String("ERROR: Dockerfile:2: unknown instruction: WORKDIRR\nDid you mean WORKDIR?\n")));
}

void tst_BuildLogModel::cancelEndsRunningSteps()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2)});
    m_model->appendEvents({b.failed("The build was canceled")});
    QCOMPARE(m_model->indexOfStep(2).data(BuildLogModel::StatusRole).toInt(), int(Status::Canceled));
    QCOMPARE(m_model->indexOfStep(1).data(BuildLogModel::StatusRole).toInt(), int(Status::Cached));
    QVERIFY(!m_model->summary().isBuilding());
}

void tst_BuildLogModel::outputLinesAreCleaned()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(4, true), b.output(4, "\x1b[1m\x1b[31mnpm\x1b[0m WARN deprecated"),
                           b.output(4, "progress 10%\rprogress 100%\r\n")});
    const QModelIndex run = m_model->indexOfStep(4);
    QCOMPARE(m_model->rowCount(run), 2);
    QCOMPARE(m_model->index(0, 0, run).data().toString(), QStringLiteral("npm WARN deprecated"));
    QCOMPARE(m_model->index(1, 0, run).data().toString(), QStringLiteral("progress 100%"));
}

void tst_BuildLogModel::stepForLine_data()
{
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("step"); // 0: none
    QTest::newRow("first") << 1 << 1;
    QTest::newRow("second") << 2 << 2;
    QTest::newRow("blank between") << 3 << 0;
    QTest::newRow("continued start") << 4 << 3;
    QTest::newRow("continued middle") << 5 << 3;
    QTest::newRow("continued end") << 6 << 3;
    QTest::newRow("after continued") << 7 << 0;
    QTest::newRow("last") << 9 << 4;
    QTest::newRow("past the end") << 40 << 0;
    QTest::newRow("zero") << 0 << 0;
}

void tst_BuildLogModel::stepForLine()
{
    QFETCH(int, line);
    QFETCH(int, step);
    const FakeBuild b = goBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 0),
                           b.stepStarted(3, true), b.stepFinished(3, 20, 100, true), b.stepStarted(4)});
    const QModelIndex found = m_model->stepForLine(line);
    QCOMPARE(found.isValid(), step > 0);
    if (step > 0) {
        QCOMPARE(found, m_model->indexOfStep(step));
        QCOMPARE(found.column(), 0);
    }
}

void tst_BuildLogModel::nextBuildFollowsThePrevious()
{
    m_model->appendEvents(nodeBuildEvents());
    const int before = m_model->rowCount();
    const FakeBuild b = nodeBuild();
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2)});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(m_model->rowCount(), before + 2);
    QCOMPARE(m_model->indexOfStep(1).row(), before); // the latest build's step
    QCOMPARE(m_model->stepForLine(2).row(), before + 1);
    QVERIFY(m_model->summary().isBuilding());
    QCOMPARE(m_model->summary().finishedSteps, 1);
}

void tst_BuildLogModel::plainTextIsLikeDockerBuild()
{
    const FakeBuild b = nodeBuild();
    m_model->appendEvents({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(2), b.stepFinished(2, 0.1, 96),
                           b.stepStarted(3), b.stepFinished(3, 0.4, 2048), b.stepStarted(4, true), b.output(4, "added 57 packages"),
                           b.stepFinished(4, 8.4, 21'340'000, true), b.stepStarted(5),
                           b.stepFailed(5, "COPY failed: file not found in build context", 5)});
    const QString expected = QStringLiteral("#1 [1/7] FROM node:14-alpine\n"
                                            "#1 CACHED\n"
                                            "\n"
                                            "#2 [2/7] WORKDIR /usr/src/app\n"
                                            "#2 DONE 0.1s\n"
                                            "\n"
                                            "#3 [3/7] COPY package*.json ./\n"
                                            "#3 DONE 0.4s\n"
                                            "\n"
                                            "#4 [4/7] RUN npm install\n"
                                            "#4 added 57 packages\n"
                                            "#4 DONE 8.4s (simulated: RUN is not executed in the sandbox)\n"
                                            "\n"
                                            "#5 [5/7] COPY . .\n"
                                            "#5 ERROR: COPY failed: file not found in build context\n");
    QCOMPARE(m_model->plainText(), expected);

    m_model->clear();
    m_model->appendEvents(nodeBuildEvents());
    QVERIFY(m_model->plainText().endsWith(QStringLiteral("#7 DONE 0.0s\n\nBuilt image 3f5c2a9d81e4 as my-microservice:latest\n"
                                                         "writing image %1\nnaming to my-microservice:latest\n")
                                              .arg(QString::fromStdString(kNodeImageId))));
}

void tst_BuildLogModel::clearIsTheOnlyReset()
{
    m_model->appendEvents(nodeBuildEvents());
    QSignalSpy reset(m_model, &QAbstractItemModel::modelReset);
    m_model->clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->summary().started);
    QVERIFY(!m_model->indexOfStep(1).isValid());
    QVERIFY(!m_model->stepForLine(1).isValid());
    QCOMPARE(m_model->plainText(), QString());
}

void tst_BuildLogModel::tenThousandLinesInBatches()
{
    // As a chatty RUN would stream them: 10,000 lines in batches of 300, under the model tester.
    const FakeBuild b = nodeBuild();
    std::vector<std::vector<BuildEvent>> batches;
    batches.push_back({b.started(), b.stepStarted(1), b.cached(1), b.stepStarted(4, true)});
    for (int i = 0; i < 10'000; i += 300) {
        std::vector<BuildEvent> batch;
        for (int j = i; j < std::min(i + 300, 10'000); ++j)
            batch.push_back(b.output(4, "npm http fetch GET 200 https://registry.npmjs.org/package-" + std::to_string(j) + " 12ms (cache hit)"));
        batches.push_back(std::move(batch));
    }
    QSignalSpy inserted(m_model, &QAbstractItemModel::rowsInserted);
    for (const auto &batch : batches)
        m_model->appendEvents(batch); // checked by the tester
    QCOMPARE(m_model->rowCount(m_model->indexOfStep(4)), 10'000);
    QCOMPARE(m_model->lineCount(), 10'000);
    QCOMPARE(inserted.count(), 2 + 34); // two steps, then one insert a batch

    const QString text = m_model->plainText();
    QCOMPARE(text.count(QLatin1Char('\n')), 10'000 + 4);
}

QTEST_GUILESS_MAIN(tst_BuildLogModel)
#include "tst_buildlogmodel.moc"
