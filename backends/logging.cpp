#include "logging.h"

namespace flotilla::backends {
Q_LOGGING_CATEGORY(lcBackend, "flotilla.backend")
Q_LOGGING_CATEGORY(lcEngine, "flotilla.engine")
} // namespace flotilla::backends
