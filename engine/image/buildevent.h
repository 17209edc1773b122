#pragma once

#include "dockerfile.h"

#include <cstdint>
#include <string>
#include <vector>

namespace flotilla::engine::image {

/// One step of a build as the log shows it: "[2/7] COPY package*.json ./".
struct BuildStepInfo {
    int number = 0;            ///< 1-based among the steps that run
    int stage = 0;             ///< stage index
    std::string stageName;     ///< "builder" or ""
    std::string text;          ///< the instruction after substitution, as Docker prints it
    SourceRange range;         ///< of the instruction in the Dockerfile
};

/// The stream a build produces, in order: Started, then per step StepStarted, (Output…), StepCached or
/// StepFinished or StepFailed, and finally Finished or Failed.
struct BuildEvent {
    enum class Type { Started, StepStarted, StepCached, Output, StepFinished, StepFailed, Finished, Failed };
    Type type = Type::Output;
    int step = 0;              ///< 1-based step number; 0 for build-wide events
    int totalSteps = 0;
    BuildStepInfo info;        ///< filled for StepStarted (and repeated on the step's other events)
    std::string text;          ///< an output line, or the failure message, or the summary line
    bool simulated = false;    ///< RUN step that the sandbox did not execute
    double durationSeconds = 0;///< StepFinished / StepCached / Finished
    std::int64_t layerSize = 0;///< StepFinished: size of the layer (simulated size for RUN)
    std::string layerDigest;   ///< StepFinished / StepCached, "" for steps without a layer
    SourceRange errorRange;    ///< StepFailed / Failed: where in the Dockerfile (line 0 when unknown)
    std::string imageId;       ///< Finished: "sha256:…" of the config
    std::vector<std::string> tags; ///< Finished
};

std::string buildEventTypeName(BuildEvent::Type type);

/// What a finished build reports.
struct BuildSummary {
    std::string imageId;       ///< config digest
    std::string manifestDigest;
    std::vector<std::string> tags;
    int steps = 0;
    int cachedSteps = 0;
    int simulatedSteps = 0;
    double durationSeconds = 0;
    std::int64_t size = 0;     ///< all layers, the base's included
    std::vector<std::string> cachedLayers; ///< digests of the layers this build took from the cache
};

} // namespace flotilla::engine::image
