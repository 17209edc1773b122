#pragma once

#include <QLoggingCategory>

namespace flotilla::backends {
Q_DECLARE_LOGGING_CATEGORY(lcBackend)
Q_DECLARE_LOGGING_CATEGORY(lcEngine)
} // namespace flotilla::backends
