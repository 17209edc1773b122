#include "servecommand.h"

#include <engine/engine.h>
#include <engine/serve/kubeconfig.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <pthread.h>

namespace flotilla::app {

namespace {

constexpr const char *kUsage =
    "Usage: flotilla serve [--data-dir DIR] [--sandbox NAME] [--port N] [--docker-socket PATH] [--speed FACTOR]\n"
    "                      [--apply FILE]...\n"
    "Runs a sandbox without a window and serves its Kubernetes API on 127.0.0.1 for kubectl, and its Docker\n"
    "Engine API on a unix socket for the docker CLI.\n"
    "  --data-dir DIR   keep sandboxes in DIR instead of the user's data folder\n"
    "  --sandbox NAME   the sandbox to run (default: local)\n"
    "  --port N         the port to listen on (default: 0, any free port)\n"
    "  --docker-socket PATH  the Docker API's socket (default: $XDG_RUNTIME_DIR/flotilla/NAME.sock)\n"
    "  --speed FACTOR   run the simulation FACTOR times faster than real time (default: 1)\n"
    "  --apply FILE     apply the manifests in FILE once the sandbox is open (may be repeated)\n"
    "Stops on Ctrl+C (SIGINT) or SIGTERM.\n";

int usageError(const std::string &message)
{
    std::fprintf(stderr, "flotilla serve: %s\n%s", message.c_str(), kUsage);
    return 2;
}

} // namespace

int runServe(int argc, char *argv[])
{
    engine::Engine::Options options;
    options.sandbox.dataDir = engine::sandbox::defaultDataDir();
    options.mode = engine::ClockMode::RealTime;
    int port = 0;
    std::string dockerSocket;
    std::vector<std::string> applyFiles;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](std::string &out) {
            const auto eq = arg.find('=');
            if (eq != std::string::npos) {
                out = arg.substr(eq + 1);
                return true;
            }
            if (i + 1 >= argc)
                return false;
            out = argv[++i];
            return true;
        };
        auto is = [&](const char *name) { return arg == name || arg.rfind(std::string(name) + "=", 0) == 0; };
        std::string v;
        if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (is("--data-dir")) {
            if (!value(v) || v.empty())
                return usageError("--data-dir needs a folder");
            options.sandbox.dataDir = v;
        } else if (is("--sandbox")) {
            if (!value(v) || v.empty())
                return usageError("--sandbox needs a name");
            options.sandbox.name = v;
        } else if (is("--port")) {
            if (!value(v))
                return usageError("--port needs a number");
            try {
                std::size_t used = 0;
                port = std::stoi(v, &used);
                if (used != v.size() || port < 0 || port > 65535)
                    throw std::out_of_range(v);
            } catch (...) {
                return usageError("--port needs a number from 0 to 65535, not \"" + v + "\"");
            }
        } else if (is("--docker-socket")) {
            if (!value(v) || v.empty())
                return usageError("--docker-socket needs a path");
            dockerSocket = v;
        } else if (is("--speed")) {
            if (!value(v))
                return usageError("--speed needs a number");
            try {
                std::size_t used = 0;
                options.speed = std::stod(v, &used);
                if (used != v.size() || !(options.speed > 0) || options.speed > 1000)
                    throw std::out_of_range(v);
            } catch (...) {
                return usageError("--speed needs a positive number up to 1000, not \"" + v + "\"");
            }
        } else if (is("--apply")) {
            if (!value(v) || v.empty())
                return usageError("--apply needs a file");
            applyFiles.push_back(v);
        } else {
            return usageError("unknown option \"" + arg + "\"");
        }
    }

    // Signals are taken by sigwait below: block them before any thread starts, so every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    engine::Engine engine;
    if (auto started = engine.start(options); !started.ok()) {
        std::fprintf(stderr, "flotilla serve: %s\n", started.error().toString().c_str());
        return 1;
    }
    for (const auto &w : engine.warnings())
        std::fprintf(stderr, "flotilla serve: %s\n", w.c_str());

    for (const auto &path : applyFiles) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "flotilla serve: cannot read %s: %s\n", path.c_str(), std::strerror(errno));
            engine.stop();
            return 1;
        }
        std::ostringstream text;
        text << in.rdbuf();
        const std::string name = path.substr(path.find_last_of('/') + 1);
        const auto outcome = engine.call([manifest = text.str(), name](engine::sandbox::Sandbox &sb) {
                                           return sb.apply(manifest, name);
                                       }).get();
        for (const auto &line : outcome.results)
            std::printf("%s\n", line.c_str());
        for (const auto &error : outcome.errors)
            std::fprintf(stderr, "flotilla serve: %s\n", error.toString().c_str());
        if (!outcome.ok()) {
            engine.stop();
            return 1;
        }
    }

    engine::serve::ServeOptions serveOptions;
    serveOptions.port = port;
    auto served = engine.serveKubernetesApi(serveOptions);
    if (!served.ok()) {
        std::fprintf(stderr, "flotilla serve: %s\n", served.error().toString().c_str());
        engine.stop();
        return 1;
    }
    const std::string kubeconfig = served->credentialsDir + "/kubeconfig";
    engine::serve::KubeconfigSpec spec{served->server, served->caCertPem, served->token, engine.sandboxName()};
    if (auto written = engine::serve::writeKubeconfig(kubeconfig, spec); !written.ok()) {
        std::fprintf(stderr, "flotilla serve: %s\n", written.error().toString().c_str());
        engine.stop();
        return 1;
    }
    std::printf("Sandbox \"%s\" serves the Kubernetes API on %s (Ctrl+C stops it)\n", engine.sandboxName().c_str(),
                served->server.c_str());
    std::printf("KUBECONFIG=%s\n", kubeconfig.c_str());
    std::printf("export KUBECONFIG=%s\n", kubeconfig.c_str());
    // the docker CLI's way in: kubectl users are not held up when the socket cannot be made
    if (auto docker = engine.serveDockerApi(dockerSocket); docker.ok()) {
        std::printf("and the Docker Engine API on unix://%s (containers are simulated)\n", docker->c_str());
        std::printf("DOCKER_HOST=unix://%s\n", docker->c_str());
        std::printf("export DOCKER_HOST=unix://%s\n", docker->c_str());
    } else {
        std::fprintf(stderr, "flotilla serve: no Docker Engine API: %s\n", docker.error().toString().c_str());
    }
    std::fflush(stdout);

    int received = 0;
    while (sigwait(&signals, &received) != 0) {
    }
    std::fprintf(stderr, "flotilla serve: %s received, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
    engine.stop();
    return 0;
}

} // namespace flotilla::app
