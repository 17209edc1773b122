#pragma once

#include <engine/api/object.h>
#include <engine/store/store.h>

#include <string>
#include <vector>

namespace flotilla::tests {

/// A pod snapshot as the engine would deliver it.
inline engine::api::ObjectPtr pod(const std::string &name, const std::string &phase = "Pending",
                                  const std::string &node = {}, const std::string &ns = "default",
                                  std::int64_t version = 1)
{
    auto o = std::make_shared<engine::api::Object>();
    o->apiVersion = "v1";
    o->kind = "Pod";
    o->metadata.name = name;
    o->metadata.ns = ns;
    o->metadata.resourceVersion = version;
    o->metadata.creationTimestamp = 1'800'000'000'000;
    o->body["spec"] = {{"containers", {{{"name", "c"}, {"image", "nginx"}, {"resources", {{"requests", {{"cpu", "250m"}, {"memory", "64Mi"}}}}}}}}};
    if (!node.empty())
        o->body["spec"]["nodeName"] = node;
    o->body["status"] = {{"phase", phase}};
    return o;
}

inline engine::store::WatchEvent added(engine::api::ObjectPtr o) { return {engine::store::WatchEvent::Type::Added, std::move(o), 0}; }
inline engine::store::WatchEvent modified(engine::api::ObjectPtr o) { return {engine::store::WatchEvent::Type::Modified, std::move(o), 0}; }
inline engine::store::WatchEvent deleted(engine::api::ObjectPtr o) { return {engine::store::WatchEvent::Type::Deleted, std::move(o), 0}; }

inline std::vector<engine::store::WatchEvent> batch(std::initializer_list<engine::store::WatchEvent> events) { return events; }

} // namespace flotilla::tests
