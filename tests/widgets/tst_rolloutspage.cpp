// The Rollouts page against a real sandbox (clock paused, driven by hand): a canary Rollout shown step by
// step, promoted from the window (Operations ▸ Rollout ▸ Promote, Ctrl+Shift+P) until the new version is
// stable, and the engine's refusal of an action that makes no sense shown to the user.
#include "screenshotutil.h"
#include "windowfixture.h"
#include <backends/sandboxbackend.h>
#include <engine/sandbox/sandbox.h>
#include <models/rolloutmodel.h>
#include <widgets/mainwindow.h>
#include <widgets/resourceview.h>

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QtTest>

using namespace flotilla;
using models::RolloutModel;
using widgets::MainWindow;
using flotilla::testutil::screenshot;

namespace {
const char *kService = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

std::string rollout(const std::string &image)
{
    return "apiVersion: flotilla.dev/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  replicas: 4\n"
           "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: '" + image + "'\n"
           "        resources: {requests: {cpu: 100m, memory: 64Mi}}\n"
           "  strategy:\n    canary:\n      stableService: web\n      steps:\n"
           "      - setWeight: 50\n      - pause: {}\n";
}

/// The window on a paused in-memory sandbox, with what these tests look at.
struct Fixture : testutil::WindowFixture {
    Fixture() : WindowFixture(41) {}
    QString cell(int column) const
    {
        auto *m = window.rolloutModel();
        return m->index(m->rowOf("default/web"), column).data().toString();
    }
    QVariant value(int role) const
    {
        auto *m = window.rolloutModel();
        return m->index(m->rowOf("default/web"), 0).data(role);
    }
    QAction *action(const char *name) const { return window.findChild<QAction *>(QString::fromLatin1(name)); }

};
} // namespace

class tst_RolloutsPage : public QObject {
    Q_OBJECT
private slots:
    void canaryIsPromotedFromTheWindow();
};

void tst_RolloutsPage::canaryIsPromotedFromTheWindow()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.apply(kService));
    QVERIFY(f.apply(rollout("nginx:1.25")));
    QVERIFY(f.advanceUntil([&] { return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy"); }));
    const QString v1 = f.value(RolloutModel::StableRevisionRole).toString();
    QVERIFY(!v1.isEmpty());

    // the page, after Deployments in the navigation
    f.window.showPage(MainWindow::Page::Rollouts);
    QCOMPARE(f.window.currentPage(), MainWindow::Page::Rollouts);
    auto *view = f.window.view(MainWindow::Page::Rollouts);
    QVERIFY(view && view->isVisible());
    QCOMPARE(view->model(), static_cast<models::ObjectTableModel *>(f.window.rolloutModel()));
    QCOMPARE(MainWindow::pageTitle(MainWindow::Page::Rollouts), QStringLiteral("Rollouts"));

    // the actions: in Operations ▸ Rollout and in the table's context menu, enabled only for a selected Rollout
    QAction *promote = f.action("promoteRollout");
    QVERIFY(promote);
    QCOMPARE(promote->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    const QStringList names = {"promoteRollout", "promoteFullRollout", "abortRollout", "retryRollout", "pauseRollout", "resumeRollout"};
    for (const QString &name : names) {
        QAction *a = f.action(name.toLatin1().constData());
        QVERIFY2(a, qPrintable(name));
        QVERIFY2(view->table()->actions().contains(a), qPrintable(name));
        QVERIFY2(!a->isEnabled(), qPrintable(name)); // nothing selected yet
    }
    QVERIFY(view->selectKey(QStringLiteral("default/web")));
    QTRY_VERIFY(promote->isEnabled());
    for (const QString &name : names)
        QVERIFY2(f.action(name.toLatin1().constData())->isEnabled(), qPrintable(name));
    f.window.showPage(MainWindow::Page::Deployments);
    QVERIFY(!promote->isEnabled()); // a Deployment is no Rollout
    f.window.showPage(MainWindow::Page::Rollouts);
    QTRY_VERIFY(promote->isEnabled());

    // a new template: the canary gets half the requests and waits at its pause step
    QVERIFY(f.apply(rollout("nginx:1.26")));
    QVERIFY(f.advanceUntil([&] {
        return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Paused") && f.cell(RolloutModel::Step) == QLatin1String("2/2");
    }));
    const QString v2 = f.value(RolloutModel::UpdatedRevisionRole).toString();
    QVERIFY(!v2.isEmpty() && v2 != v1);
    QCOMPARE(f.cell(RolloutModel::Phase), QStringLiteral("Paused"));
    QCOMPARE(f.cell(RolloutModel::Weight), QStringLiteral("50 %"));
    QCOMPARE(f.cell(RolloutModel::Strategy), QStringLiteral("Canary"));
    QCOMPARE(f.cell(RolloutModel::Stable), QStringLiteral("%1 (4 ready)").arg(v1));
    QCOMPARE(f.cell(RolloutModel::Canary), QStringLiteral("%1 (2 ready)").arg(v2));
    QVERIFY(f.cell(RolloutModel::Message).contains(QLatin1String("paused until promoted")));
    // readable: every column at least as wide as its header
    QHeaderView *header = view->table()->horizontalHeader();
    for (int c = 0; c < RolloutModel::ColumnCount; ++c) {
        const QString title = f.window.rolloutModel()->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        QVERIFY2(header->sectionSize(c) >= header->fontMetrics().horizontalAdvance(title), qPrintable(title));
    }
    screenshot(&f.window, QStringLiteral("rollouts-page-paused.png"));

    // Promote with its shortcut: the result in the status bar, then the canary becomes stable
    f.window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&f.window));
    QVERIFY(view->selectKey(QStringLiteral("default/web")));
    QTest::keySequence(&f.window, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QTRY_COMPARE_WITH_TIMEOUT(f.window.statusBar()->currentMessage(), QStringLiteral("rollout.flotilla.dev/web promoted"), 10000);
    QVERIFY(f.advanceUntil([&] {
        return f.value(RolloutModel::PhaseRole).toString() == QLatin1String("Healthy") &&
               f.value(RolloutModel::StableRevisionRole).toString() == v2;
    }));
    QCOMPARE(f.cell(RolloutModel::Stable), QStringLiteral("%1 (4 ready)").arg(v2));
    QCOMPARE(f.cell(RolloutModel::Canary), QStringLiteral("—"));
    QCOMPARE(f.cell(RolloutModel::Step), QStringLiteral("—"));
    screenshot(&f.window, QStringLiteral("rollouts-page-promoted.png"));

    // nothing to promote now: the engine's reason in a message box
    QString shown;
    QTimer closer;
    closer.setInterval(50);
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    closer.start();
    promote->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
    QVERIFY2(shown.contains(QLatin1String("nothing to promote")), qPrintable(shown));
}

QTEST_MAIN(tst_RolloutsPage)
#include "tst_rolloutspage.moc"
