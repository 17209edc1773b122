// Flotilla: a desktop cluster manager with a built-in sandbox.

#include "servecommand.h"

#include <backends/dockerbackend.h>
#include <backends/kubebackend.h>
#include <backends/kubeconfig.h>
#include <backends/sandboxbackend.h>
#include <widgets/buildpage.h>
#include <widgets/dockerfilepane.h>
#include <widgets/mainwindow.h>
#include <widgets/windowsession.h>
#include <widgets/resourceview.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QPointer>
#include <QTableView>
#include <QTimer>
#include <QTranslator>

#include <cstdio>
#include <cstring>
#include <optional>

namespace {
Q_LOGGING_CATEGORY(lcApp, "flotilla.app")

using flotilla::widgets::MainWindow;

void installTranslations(QApplication &app, const QString &lang)
{
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    if (!lang.isEmpty())
        QLocale::setDefault(locale);
    auto *own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("flotilla"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
    else if (!lang.isEmpty() && !lang.startsWith(QLatin1String("en")))
        qCWarning(lcApp) << "no translation for" << lang;
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

std::optional<MainWindow::Page> pageFromName(const QString &name)
{
    if (name == QLatin1String("nodes"))
        return MainWindow::Page::Nodes;
    if (name == QLatin1String("pods"))
        return MainWindow::Page::Pods;
    if (name == QLatin1String("deployments"))
        return MainWindow::Page::Deployments;
    if (name == QLatin1String("rollouts"))
        return MainWindow::Page::Rollouts;
    if (name == QLatin1String("services"))
        return MainWindow::Page::Services;
    if (name == QLatin1String("images"))
        return MainWindow::Page::Images;
    if (name == QLatin1String("events"))
        return MainWindow::Page::Events;
    if (name == QLatin1String("build"))
        return MainWindow::Page::Build;
    if (name == QLatin1String("map"))
        return MainWindow::Page::Map;
    if (name == QLatin1String("replicasets"))
        return MainWindow::Page::ReplicaSets;
    if (name == QLatin1String("configmaps"))
        return MainWindow::Page::ConfigMaps;
    if (name == QLatin1String("secrets"))
        return MainWindow::Page::Secrets;
    if (name == QLatin1String("containers"))
        return MainWindow::Page::Containers;
    return std::nullopt;
}
} // namespace

int main(int argc, char *argv[])
{
    // Headless: no QApplication, so it runs without a display.
    if (argc > 1 && std::strcmp(argv[1], "serve") == 0)
        return flotilla::app::runServe(argc - 1, argv + 1);
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Flotilla"));
    QApplication::setApplicationName(QStringLiteral("Flotilla"));
    QApplication::setApplicationVersion(QStringLiteral(FLOTILLA_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("dev.flotilla.Flotilla"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Flotilla — a desktop cluster manager with a built-in sandbox"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(QStringLiteral("data-dir"), QStringLiteral("Keep sandboxes in <dir> instead of the user's data folder."), QStringLiteral("dir"));
    const QCommandLineOption sandbox(QStringLiteral("sandbox"), QStringLiteral("Open sandbox <name> (default: local)."), QStringLiteral("name"), QStringLiteral("local"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Use language <code> (e.g. de) instead of the system's."), QStringLiteral("code"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Save the main window to <file> (PNG) once the sandbox has settled, then exit."), QStringLiteral("file"));
    const QCommandLineOption delay(QStringLiteral("screenshot-delay"), QStringLiteral("Wait <ms> after start-up before the screenshot (default 2500)."), QStringLiteral("ms"), QStringLiteral("2500"));
    const QCommandLineOption page(QStringLiteral("page"), QStringLiteral("Start on <page>: nodes, pods, deployments, rollouts, services, replicasets, configmaps, secrets, images, containers, events, build or map."), QStringLiteral("page"), QStringLiteral("pods"));
    const QCommandLineOption select(QStringLiteral("select"), QStringLiteral("Select the object <namespace/name> (or <name>) on the start page."), QStringLiteral("key"));
    const QCommandLineOption speed(QStringLiteral("speed"), QStringLiteral("Run the simulation <factor> times faster than real time."), QStringLiteral("factor"), QStringLiteral("1"));
    const QCommandLineOption paused(QStringLiteral("paused"), QStringLiteral("Start with the simulation paused."));
    const QCommandLineOption report(QStringLiteral("startup-report"), QStringLiteral("Print how long start-up took (for benchmarks)."));
    const QCommandLineOption apply(QStringLiteral("apply"), QStringLiteral("Apply the manifests in <file> once the sandbox is open (may be given more than once)."), QStringLiteral("file"));
    const QCommandLineOption quitAfterStart(QStringLiteral("quit-after-start"), QStringLiteral("Exit as soon as the window shows the sandbox."));
    const QCommandLineOption dockerfile(QStringLiteral("dockerfile"), QStringLiteral("Open the Dockerfile <file> on the build page."), QStringLiteral("file"));
    const QCommandLineOption templ(QStringLiteral("template"), QStringLiteral("Start a Dockerfile from the template <id> (node-microservice, python-web, go-multistage, nginx-static)."), QStringLiteral("id"));
    const QCommandLineOption buildTag(QStringLiteral("build"), QStringLiteral("Once the sandbox is open, build the Dockerfile on the build page as <tag>."), QStringLiteral("tag"));
    const QCommandLineOption kubeconfig(QStringLiteral("kubeconfig"), QStringLiteral("Open the cluster of a kubeconfig <file> instead of the sandbox (default: $KUBECONFIG or ~/.kube/config when --context is given)."), QStringLiteral("file"));
    const QCommandLineOption kubeContext(QStringLiteral("context"), QStringLiteral("Open the cluster of kubeconfig context <name> (default: the current context)."), QStringLiteral("name"));
    const QCommandLineOption dockerHost(QStringLiteral("docker-host"), QStringLiteral("Open the Docker engine at <address> (unix:///var/run/docker.sock or tcp://host:port) instead of the sandbox."), QStringLiteral("address"));
    parser.addOptions({dataDir, sandbox, lang, screenshot, delay, page, select, speed, paused, apply, report, quitAfterStart,
                       dockerfile, templ, buildTag, kubeconfig, kubeContext, dockerHost});
    parser.process(app);

    installTranslations(app, parser.value(lang));

    flotilla::backends::SandboxBackend::Options options;
    options.name = parser.value(sandbox);
    options.dataDir = parser.value(dataDir);
    bool speedOk = false;
    options.speed = parser.value(speed).toDouble(&speedOk);
    if (!speedOk || options.speed <= 0) {
        std::fprintf(stderr, "flotilla: --speed needs a positive number, not \"%s\"\n", qPrintable(parser.value(speed)));
        return 2;
    }
    const auto startPage = pageFromName(parser.value(page));
    if (!startPage) {
        std::fprintf(stderr, "flotilla: --page takes nodes, pods, deployments, rollouts, services, replicasets, configmaps, secrets, images, containers, events, build or map, not \"%s\"\n", qPrintable(parser.value(page)));
        return 2;
    }
    options.mode = parser.isSet(paused) ? flotilla::engine::ClockMode::Paused : flotilla::engine::ClockMode::RealTime;

    flotilla::widgets::WindowSession::Options sessionOptions;
    sessionOptions.sandbox = options;
    sessionOptions.kubeconfigFiles = parser.isSet(kubeconfig) ? QStringList{parser.value(kubeconfig)}
                                                              : flotilla::backends::KubeConfig::defaultFiles();
    flotilla::backends::Backend *backend = nullptr;
    flotilla::backends::ConnectionTarget target;
    target.name = options.name;
    target.dataDir = options.dataDir;
    if (parser.isSet(dockerHost)) {
        // a real Docker engine: images, containers and builds
        const flotilla::backends::DockerClient client(parser.value(dockerHost));
        if (!client.hostError().isEmpty()) {
            std::fprintf(stderr, "flotilla: %s\n", qPrintable(client.hostError()));
            return 2;
        }
        target.kind = flotilla::backends::ConnectionTarget::Kind::DockerEngine;
        target.name = QStringLiteral("docker");
        target.server = client.host();
        backend = new flotilla::backends::DockerBackend(client.host());
    } else if (parser.isSet(kubeconfig) || parser.isSet(kubeContext)) {
        // a cluster: its kubeconfig context, every credential read now (an exec plugin runs here)
        const auto config = flotilla::backends::KubeConfig::load(sessionOptions.kubeconfigFiles);
        if (!config.ok()) {
            std::fprintf(stderr, "flotilla: %s\n", config.error().toString().c_str());
            return 2;
        }
        const auto context = config->resolve(parser.value(kubeContext));
        if (!context.ok()) {
            std::fprintf(stderr, "flotilla: %s\n", context.error().toString().c_str());
            return 2;
        }
        target.kind = flotilla::backends::ConnectionTarget::Kind::KubeContext;
        target.name = context->context;
        target.kubeconfigFiles = sessionOptions.kubeconfigFiles;
        target.server = context->server;
        backend = new flotilla::backends::KubeBackend(*context);
    } else {
        backend = new flotilla::backends::SandboxBackend(options);
    }
    // The first window; the context switcher may replace it (the start-up options below are for this one).
    flotilla::widgets::WindowSession session(sessionOptions);
    const QPointer<MainWindow> windowPtr = session.adopt(backend, target);
    MainWindow &window = *windowPtr;
    window.showPage(*startPage);
    if (parser.isSet(dockerfile) && !window.buildPage()->pane()->openFile(parser.value(dockerfile)))
        std::fprintf(stderr, "flotilla: cannot open %s\n", qPrintable(parser.value(dockerfile)));
    if (parser.isSet(templ) && !window.buildPage()->pane()->newFromTemplate(parser.value(templ)))
        std::fprintf(stderr, "flotilla: no template \"%s\"\n", qPrintable(parser.value(templ)));
    if (!parser.value(dataDir).isEmpty())
        window.buildPage()->setWorkspaceRoot(parser.value(dataDir) + QStringLiteral("/workspaces"));

    const QString shotPath = parser.value(screenshot);
    const QString selectKey = parser.value(select);
    QObject::connect(backend, &flotilla::backends::Backend::failed, &app, [&](const QString &message) {
        std::fprintf(stderr, "flotilla: %s\n", qPrintable(message));
        if (!shotPath.isEmpty() || parser.isSet(quitAfterStart))
            QApplication::exit(1);
    });
    QObject::connect(backend, &flotilla::backends::Backend::started, &window, [&] {
        if (parser.isSet(report)) {
            // The first batch has been applied to the models by now: the window shows the sandbox.
            std::printf("startup.window_shown_ms %lld ms\n", static_cast<long long>(sinceLaunch.elapsed()));
            std::fflush(stdout);
        }
        for (const QString &path : parser.values(apply)) {
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                std::fprintf(stderr, "flotilla: %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
                continue;
            }
            backend->applyYaml(QString::fromUtf8(file.read(4 * 1024 * 1024)), QFileInfo(path).fileName(), &window,
                               [path](const flotilla::backends::CommandResult &result) {
                                   for (const QString &line : result.lines)
                                       std::printf("%s\n", qPrintable(line));
                                   for (const auto &problem : result.problems)
                                       std::fprintf(stderr, "flotilla: %s\n", qPrintable(problem.message));
                                   std::fflush(stdout);
                               });
        }
        if (parser.isSet(buildTag)) {
            QString why;
            const QString context = window.buildPage()->contextDirectory(&why);
            if (context.isEmpty() || !window.buildPage()->startBuild(parser.value(buildTag), context))
                std::fprintf(stderr, "flotilla: cannot build: %s\n", qPrintable(why));
        }
        if (parser.isSet(quitAfterStart)) {
            QTimer::singleShot(0, &app, &QApplication::quit);
            return;
        }
        if (shotPath.isEmpty())
            return;
        QTimer::singleShot(parser.value(delay).toInt(), &window, [&] {
            if (!selectKey.isEmpty() && window.view(window.currentPage())) {
                auto *view = window.view(window.currentPage());
                if (!view->selectKey(selectKey))
                    view->selectKey(QStringLiteral("default/") + selectKey);
            }
            // Let the selection and the last batch paint.
            QTimer::singleShot(200, &window, [&] {
                const bool saved = window.saveScreenshot(shotPath);
                if (!saved)
                    std::fprintf(stderr, "flotilla: cannot write the screenshot to %s\n", qPrintable(shotPath));
                QApplication::exit(saved ? 0 : 1);
            });
        });
    });
    backend->start();
    return QApplication::exec();
}
