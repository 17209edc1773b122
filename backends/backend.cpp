#include "backend.h"

namespace flotilla::backends {

Problem Problem::from(const engine::Error &error)
{
    Problem p;
    p.message = QString::fromStdString(error.toString());
    p.reason = QString::fromStdString(error.message);
    p.path = QString::fromStdString(error.path);
    p.line = error.line;
    p.column = error.column;
    p.document = error.document;
    return p;
}

CommandResult CommandResult::failure(const engine::Error &error)
{
    CommandResult r;
    r.ok = false;
    r.problems.append(Problem::from(error));
    return r;
}

} // namespace flotilla::backends
