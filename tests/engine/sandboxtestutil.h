#pragma once
// Shared set-up for tests that drive a real sandbox.

#include <engine/image/builder.h>
#include <engine/sandbox/sandbox.h>

#include <QTemporaryDir>
#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace flotilla::testutil {

/// A sandbox in memory (or under `dataDir`) with a fixed seed and, when given, a fixed start time, so
/// that the same test sees the same names and times every run. A sandbox that cannot open ends the run.
inline std::unique_ptr<engine::sandbox::Sandbox> openSandbox(std::uint64_t seed,
                                                             std::optional<engine::TimeMs> startTime = {},
                                                             const std::string &dataDir = {})
{
    engine::sandbox::SandboxOptions opts;
    opts.seed = seed;
    opts.startTime = startTime;
    opts.dataDir = dataDir;
    auto sb = engine::sandbox::Sandbox::open(opts);
    if (!sb.ok())
        qFatal("cannot open sandbox: %s", sb.error().toString().c_str());
    return std::move(sb.value());
}

/// A Deployment of `replicas` pods labelled app=web and version=`version` (one version of a canary).
inline std::string versionedDeployment(const std::string &name, int replicas, const std::string &image,
                                       const std::string &version)
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name + "}\nspec:\n  replicas: " +
           std::to_string(replicas) + "\n  selector: {matchLabels: {app: web, version: " + version +
           "}}\n  template:\n    metadata: {labels: {app: web, version: " + version +
           "}}\n    spec:\n      containers:\n      - name: web\n        image: '" + image +
           "'\n        resources: {requests: {cpu: 100m, memory: 64Mi}}\n";
}

/// The Deployment "web" (app=web, nginx:1.25) with `replicas` pods and the given container resources,
/// e.g. "{requests: {cpu: 500m, memory: 64Mi}}".
inline std::string webDeployment(int replicas, const std::string &resources, const std::string &image = "nginx:1.25")
{
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: " + std::to_string(replicas) +
           "\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n"
           "      containers:\n      - name: web\n        image: '" + image + "'\n        resources: " + resources + "\n";
}

/// Runs the simulation `ms` further (every task due meanwhile, changes delivered).
inline void runFor(engine::sandbox::Sandbox &sb, engine::TimeMs ms) { sb.advanceTo(sb.sim().now() + ms); }

/// Builds `tag` FROM busybox with the given LABEL arguments (behaviour labels such as flotilla.sim.cpu).
inline bool buildLabelledImage(engine::sandbox::Sandbox &sb, const std::string &tag, const std::string &labels)
{
    engine::image::Builder builder(sb.imageStore());
    engine::image::BuildOptions opt;
    opt.dockerfile = "FROM busybox:1.36\nLABEL " + labels + "\n";
    opt.tags = {tag};
    QTemporaryDir dir;
    auto ctx = engine::image::BuildContext::fromDirectory(dir.path().toStdString());
    return ctx.ok() && builder.build(**ctx, opt, {}).ok();
}

} // namespace flotilla::testutil
