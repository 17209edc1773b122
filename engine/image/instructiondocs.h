#pragma once

// Reference documentation for every Dockerfile instruction, for hover help and completion.

#include "dockerfile.h"

#include <string>

namespace flotilla::engine::image {

struct InstructionDoc {
    InstructionKind kind = InstructionKind::Unknown;
    std::string synopsis;    ///< "COPY [--from=<stage>] [--chown=<user>:<group>] <src>... <dest>"
    std::string summary;     ///< one sentence
    std::string details;     ///< a short paragraph: what it does to the image and the build cache
    std::string example;     ///< one or two example lines
};

const InstructionDoc &instructionDoc(InstructionKind kind);

} // namespace flotilla::engine::image
