#pragma once

#include "resources.h"

#include "../runtime/containerlogs.h"

#include <optional>
#include <string>
#include <vector>

namespace flotilla::engine::serve {

/// Answers `GET …/pods/{name}/log` (text/plain, from the container runtime's logs): container, previous,
/// tailLines, sinceSeconds, sinceTime, timestamps, limitBytes. With follow=true it returns nothing and
/// fills `follow` for the caller to stream.
std::optional<ApiReply> podLogReply(sandbox::Sandbox &sandbox, const std::string &ns, const std::string &name,
                                    const std::map<std::string, std::string> &query, std::optional<LogFollow> &follow);

/// Log lines as the API sends them: one per line, with an RFC 3339 timestamp first when asked.
std::string formatLogLines(const std::vector<runtime::LogLine> &lines, bool timestamps);

} // namespace flotilla::engine::serve
