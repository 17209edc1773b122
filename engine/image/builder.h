#pragma once

// The sandbox's image builder. Multi-stage builds, --target, build args, --no-cache and labels; the
// layer cache key of a step is its parent's key + the instruction after substitution (+ the environment
// a RUN sees) + for COPY/ADD the checksums of the sources, so caching behaves as in Docker. COPY/ADD
// write real tar layers; RUN is simulated (recorded command, estimated duration and size, marked).

#include "buildevent.h"
#include "context.h"
#include "dockerfile.h"
#include "imagestore.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flotilla::engine::image {

struct BuildOptions {
    std::string dockerfile;          ///< the Dockerfile's text
    std::string dockerfileName = "Dockerfile"; ///< for messages: "Dockerfile:4:1: …"
    std::vector<std::string> tags;   ///< "my-microservice", "app:1.0"
    std::map<std::string, std::string> buildArgs;
    std::string target;              ///< stage name or index; "" = the last stage
    bool noCache = false;
    std::map<std::string, std::string> labels;
    /// Simulated RUN steps wait this fraction of their estimated duration in real time (0: not at all),
    /// capped at maxSimulatedWaitSeconds per step, so a watched build streams like a real one.
    double simulatedTimeScale = 0.0;
    double maxSimulatedWaitSeconds = 3.0;
};

using BuildEventSink = std::function<void(const BuildEvent &)>;

class Builder final {
public:
    explicit Builder(std::shared_ptr<ImageStore> store);

    /// Builds; events go to `sink` on the calling thread. `cancel` is polled between steps and during
    /// simulated waits. Nothing half-written stays in the store on failure or cancel.
    Result<BuildSummary> build(const BuildContext &context, const BuildOptions &options, const BuildEventSink &sink,
                               const std::atomic<bool> *cancel = nullptr);

    ImageStore &store() { return *m_store; }

private:
    std::shared_ptr<ImageStore> m_store;
};

/// What the sandbox assumes a RUN command costs: duration, layer size and a few output lines.
struct RunEstimate {
    double seconds = 0.3;
    std::int64_t bytes = 4096;
    std::vector<std::string> output;
};
RunEstimate estimateRun(const std::string &command, const BuildContext *context);

} // namespace flotilla::engine::image
