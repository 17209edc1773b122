#pragma once

#include "../api/object.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace flotilla::engine::serve {

/// The OpenAPI v3 documents of the served kinds, made from one table of object schemas: the index
/// (`/openapi/v3`), one document per group version (`/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`, …)
/// with the operations kubectl looks for (PATCH with `x-kubernetes-group-version-kind` and a
/// `fieldValidation` parameter) and the schemas with their strategic-merge keys. Parts of objects that are
/// rarely written by hand (status, affinity, security contexts, …) are open
/// (`x-kubernetes-preserve-unknown-fields`). The same table finds unknown fields in written objects.
class OpenApi final {
public:
    static const OpenApi &instance();

    /// The answer for a path under /openapi/v3: the index or a group version's document; nullptr when the
    /// path names no served group version.
    const api::Json *document(const std::string &path) const;

    /// Appends `unknown field "spec.replicaz"` for every field of `object` the schema of `kind` does not
    /// know (keys starting with `$`, strategic-merge directives, are not fields).
    void findUnknownFields(std::string_view kind, const api::Json &object, std::vector<std::string> &problems) const;

private:
    OpenApi();
    void walk(const api::Json &schema, const api::Json &value, const std::string &path,
              std::vector<std::string> &problems) const;
    const api::Json &resolve(const api::Json &schema) const;

    api::Json m_schemas;                       ///< every component schema by its full name
    std::map<std::string, std::string> m_kindSchema; ///< kind → full schema name
    std::map<std::string, api::Json> m_documents;    ///< "/openapi/v3", "/openapi/v3/apis/apps/v1", …
};

} // namespace flotilla::engine::serve
