#pragma once

#include "../api/object.h"
#include "../common/result.h"

#include <string>

namespace flotilla::engine::rollout {

enum class ExportFormat {
    Kubernetes,   ///< plain Deployments and Services; canary weights become replica counts
    ArgoRollouts, ///< argoproj.io/v1alpha1 Rollout, with an AnalysisTemplate per analysis
    Flagger,      ///< flagger.app/v1beta1 Canary over a Deployment
};

const char *formatName(ExportFormat format);

/// A Rollout's plan as YAML for a cluster without Flotilla: documents separated by "---", preceded by
/// comments that say what the format cannot express and how to drive it (promote, abort). Errors when
/// the format has no such strategy (Flagger runs no rolling update of its own) or the spec is invalid.
Result<std::string> exportRollout(const api::Object &rollout, ExportFormat format);

} // namespace flotilla::engine::rollout
