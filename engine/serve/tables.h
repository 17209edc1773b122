#pragma once

#include "../api/object.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace flotilla::engine::serve {

using api::Json;

/// What a Table row carries besides its cells (the includeObject query parameter).
enum class IncludeObject { None, Metadata, Object };

/// meta.k8s.io/v1 Table pieces with the columns kubectl prints for each kind (as the real API server's
/// printers make them; columns with priority 1 show only with -o wide). Kinds without a printer get
/// NAME and AGE. Ages are measured on the simulation clock (`now`).
Json tableColumnDefinitions(std::string_view kind);
Json tableRow(const api::Object &object, TimeMs now, IncludeObject include);
/// A PartialObjectMetadata of the object (what rows[].object holds by default), without annotations.
Json partialObjectMetadata(const api::Object &object);

/// Table rows kept as text between lists, so that `kubectl get pods -A` over 150,000 pods decodes only what
/// changed since the last list (kube-apiserver keeps every object decoded for the same reason). A row is
/// kept with the resourceVersion it was made from and served again while the object has that version; its
/// AGE cell is written at each list. Only kinds whose other cells do not move with the clock are kept (not
/// Events, HorizontalPodAutoscalers, Rollouts), and only rows with PartialObjectMetadata (kubectl's).
class TableRowCache {
public:
    static bool keeps(std::string_view kind, IncludeObject include);
    /// Appends the row of the object at `key` ("ns/name") of `kind` as of `version`; `load` gives the object
    /// when the kept row is missing or stale (null: nothing is appended and false returned).
    bool append(std::string &out, std::string_view kind, const std::string &key, std::int64_t version, TimeMs now,
                const std::function<api::ObjectPtr()> &load);
    /// The object changed or went: its row goes too.
    void forget(std::string_view kind, const std::string &key);
    /// Lets every row go (the server does after a few minutes without lists: 150,000 rows hold ~130 MiB).
    void clear() { m_rows = {}; }
    std::size_t size() const { return m_rows.size(); }

private:
    struct Row {
        std::int64_t version = 0;
        std::optional<TimeMs> created;
        std::string text;      ///< the row without its AGE cell, which goes in at `ageAt`
        std::uint32_t ageAt = 0;
    };
    std::unordered_map<std::string, Row> m_rows; ///< by "kind/ns/name"
};

} // namespace flotilla::engine::serve
