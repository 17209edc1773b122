#pragma once

// The Dockerfile linter: rules in the spirit of hadolint, each with an id, severity, message, hint and,
// where simple, a quick fix.

#include "dockerfile.h"

#include <string>
#include <vector>

namespace flotilla::engine::image {

struct LintRule {
    std::string id;          ///< "FL1001"
    Severity severity = Severity::Warning;
    std::string title;       ///< one line, shown in the problems list
    std::string description; ///< why it matters, shown in the rule's documentation
};

/// Every rule, ordered by id.
const std::vector<LintRule> &lintRules();
const LintRule *findLintRule(std::string_view id);

struct LintOptions {
    std::vector<std::string> disabledRules; ///< ids to skip
    /// Build context files, when known (for rules that look at the context, e.g. COPY before
    /// installing dependencies). Empty: those rules use the Dockerfile alone.
    std::vector<std::string> contextFiles;
};

/// Lints a parsed Dockerfile (parse errors are not repeated). Sorted by position.
std::vector<Diagnostic> lintDockerfile(const Dockerfile &file, const LintOptions &options = {});

/// Parses and lints: parse errors first-class, then lint findings, sorted by position.
std::vector<Diagnostic> checkDockerfile(std::string_view text, const LintOptions &options = {});

} // namespace flotilla::engine::image
