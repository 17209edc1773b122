#pragma once

#include "object.h"

#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::api {

/// A label selector: the string form of kubectl -l ("app=web,tier!=db,env in (a,b),!legacy")
/// or the structured form of a spec (matchLabels + matchExpressions). An empty selector matches all.
class LabelSelector {
public:
    enum class Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist };
    struct Requirement {
        std::string key;
        Op op = Op::Equals;
        std::vector<std::string> values;
    };

    static Result<LabelSelector> parse(std::string_view text);
    /// From {matchLabels, matchExpressions}; errors name `path`.
    static Result<LabelSelector> fromJson(const Json &json, const std::string &path);

    bool matches(const Labels &labels) const;
    bool empty() const { return m_requirements.empty(); }
    const std::vector<Requirement> &requirements() const { return m_requirements; }
    std::string toString() const;

private:
    std::vector<Requirement> m_requirements;
};

} // namespace flotilla::engine::api
