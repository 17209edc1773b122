#include "protobuf.h"

#include "../api/workloads.h"

#include <cstdint>
#include <functional>
#include <optional>

namespace flotilla::engine::serve {

namespace {

/// One field of a protobuf message as it is on the wire.
struct Field {
    std::uint32_t number = 0;
    int wireType = 0;
    std::uint64_t varint = 0;  ///< wire type 0
    std::string_view bytes;    ///< wire type 2
};

/// Reads the fields of one message in turn (proto3 wire format).
class Reader {
public:
    explicit Reader(std::string_view data) : m_data(data) {}

    /// The next field; empty at the end. Sets `error` when the bytes are not a message.
    std::optional<Field> next(std::string &error)
    {
        if (m_pos >= m_data.size())
            return std::nullopt;
        const auto key = varint();
        if (!key) {
            error = "a truncated field key";
            return std::nullopt;
        }
        Field f;
        f.number = std::uint32_t(*key >> 3);
        f.wireType = int(*key & 7);
        switch (f.wireType) {
        case 0: {
            const auto v = varint();
            if (!v) {
                error = "a truncated number in field " + std::to_string(f.number);
                return std::nullopt;
            }
            f.varint = *v;
            return f;
        }
        case 1:
        case 5: {
            const std::size_t width = f.wireType == 1 ? 8 : 4;
            if (m_data.size() - m_pos < width) {
                error = "a truncated fixed-size value in field " + std::to_string(f.number);
                return std::nullopt;
            }
            m_pos += width;
            return f;
        }
        case 2: {
            const auto length = varint();
            if (!length || *length > m_data.size() - m_pos) {
                error = "a length past the end of the body in field " + std::to_string(f.number);
                return std::nullopt;
            }
            f.bytes = m_data.substr(m_pos, std::size_t(*length));
            m_pos += std::size_t(*length);
            return f;
        }
        default:
            error = "wire type " + std::to_string(f.wireType) + " in field " + std::to_string(f.number);
            return std::nullopt;
        }
    }

private:
    std::optional<std::uint64_t> varint()
    {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64 && m_pos < m_data.size(); shift += 7) {
            const auto byte = std::uint8_t(m_data[m_pos++]);
            value |= std::uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return value;
        }
        return std::nullopt;
    }

    std::string_view m_data;
    std::size_t m_pos = 0;
};

using Visit = std::function<bool(const Field &, std::string &error)>;

/// Calls `visit` for each field of `message`; false with `error` set when it cannot be read.
bool readMessage(std::string_view message, const std::string &where, const Visit &visit, std::string &error)
{
    Reader reader(message);
    std::string problem;
    while (auto f = reader.next(problem)) {
        if (!visit(*f, problem))
            break;
    }
    if (!problem.empty()) {
        error = where + ": " + problem;
        return false;
    }
    return true;
}

/// A map entry (field 1 key, field 2 value) as strings.
bool readMapEntry(std::string_view entry, const std::string &where, std::string &key, std::string &value, std::string &error)
{
    return readMessage(
        entry, where,
        [&](const Field &f, std::string &) {
            if (f.wireType == 2 && f.number == 1)
                key.assign(f.bytes);
            else if (f.wireType == 2 && f.number == 2)
                value.assign(f.bytes);
            return true;
        },
        error);
}

bool readStringMap(const Field &f, api::Json &into, const std::string &where, bool base64, std::string &error)
{
    if (f.wireType != 2) {
        error = where + ": not a map entry";
        return false;
    }
    std::string key, value;
    if (!readMapEntry(f.bytes, where, key, value, error))
        return false;
    into[key] = base64 ? api::base64Encode(value) : value;
    return true;
}

bool readOwnerReference(std::string_view bytes, api::Json &out, const std::string &where, std::string &error)
{
    out = api::Json::object();
    return readMessage(
        bytes, where,
        [&](const Field &f, std::string &) {
            switch (f.number) {
            case 1: out["kind"] = std::string(f.bytes); break;
            case 3: out["name"] = std::string(f.bytes); break;
            case 4: out["uid"] = std::string(f.bytes); break;
            case 5: out["apiVersion"] = std::string(f.bytes); break;
            case 6: out["controller"] = f.varint != 0; break;
            case 7: out["blockOwnerDeletion"] = f.varint != 0; break;
            default: break;
            }
            return true;
        },
        error);
}

/// k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta: what a create may set.
bool readObjectMeta(std::string_view bytes, api::Json &meta, std::string &error)
{
    meta = api::Json::object();
    return readMessage(
        bytes, "metadata",
        [&](const Field &f, std::string &problem) {
            switch (f.number) {
            case 1: meta["name"] = std::string(f.bytes); break;
            case 2: meta["generateName"] = std::string(f.bytes); break;
            case 3: meta["namespace"] = std::string(f.bytes); break;
            case 5: meta["uid"] = std::string(f.bytes); break;
            case 6: meta["resourceVersion"] = std::string(f.bytes); break;
            case 11: return readStringMap(f, meta["labels"], "metadata.labels", false, problem);
            case 12: return readStringMap(f, meta["annotations"], "metadata.annotations", false, problem);
            case 13: {
                api::Json owner;
                if (!readOwnerReference(f.bytes, owner, "metadata.ownerReferences", problem))
                    return false;
                meta["ownerReferences"].push_back(std::move(owner));
                break;
            }
            case 14: meta["finalizers"].push_back(std::string(f.bytes)); break;
            default: break; // managed fields, times and the like: set by the server
            }
            return true;
        },
        error);
}

} // namespace

Result<api::Json> decodeKubernetesProtobuf(std::string_view body)
{
    static constexpr std::string_view kMagic{"k8s\0", 4};
    if (body.substr(0, 4) != kMagic)
        return Error::make(Error::Code::Invalid, "a protobuf body starts with \"k8s\\0\"");
    // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType
    std::string apiVersion, kind, encoding;
    std::string_view raw;
    std::string error;
    const bool read = readMessage(
        body.substr(4), "envelope",
        [&](const Field &f, std::string &problem) {
            if (f.number == 1 && f.wireType == 2)
                return readMessage(
                    f.bytes, "typeMeta",
                    [&](const Field &t, std::string &) {
                        if (t.number == 1)
                            apiVersion.assign(t.bytes);
                        else if (t.number == 2)
                            kind.assign(t.bytes);
                        return true;
                    },
                    problem);
            if (f.number == 2 && f.wireType == 2)
                raw = f.bytes;
            else if (f.number == 3 && f.wireType == 2)
                encoding.assign(f.bytes);
            return true;
        },
        error);
    if (!read)
        return Error::make(Error::Code::Invalid, "the protobuf body cannot be read: " + error);
    if (!encoding.empty())
        return Error::make(Error::Code::Invalid, "the protobuf body is encoded with " + encoding + ", which is not read here");
    if (apiVersion != "v1" || (kind != "ConfigMap" && kind != "Secret"))
        return Error::make(Error::Code::Invalid, "protobuf bodies are read for v1 ConfigMap and Secret only, not " +
                                                     (apiVersion.empty() ? std::string() : apiVersion + " ") +
                                                     (kind.empty() ? std::string("an unnamed kind") : kind) +
                                                     ": send application/json");
    api::Json object = {{"apiVersion", apiVersion}, {"kind", kind}};
    const bool secret = kind == "Secret";
    // ConfigMap: 1 metadata, 2 data, 3 binaryData, 4 immutable
    // Secret:    1 metadata, 2 data (bytes), 3 type, 4 stringData, 5 immutable
    const bool ok = readMessage(
        raw, kind,
        [&](const Field &f, std::string &problem) {
            if (f.number == 1 && f.wireType == 2)
                return readObjectMeta(f.bytes, object["metadata"], problem);
            if (f.number == 2)
                return readStringMap(f, object["data"], "data", secret, problem);
            if (!secret && f.number == 3)
                return readStringMap(f, object["binaryData"], "binaryData", true, problem);
            if (secret && f.number == 3 && f.wireType == 2)
                object["type"] = std::string(f.bytes);
            else if (secret && f.number == 4)
                return readStringMap(f, object["stringData"], "stringData", false, problem);
            else if ((secret ? f.number == 5 : f.number == 4) && f.wireType == 0)
                object["immutable"] = f.varint != 0;
            return true;
        },
        error);
    if (!ok)
        return Error::make(Error::Code::Invalid, "the protobuf " + kind + " cannot be read: " + error);
    if (!object.contains("metadata"))
        object["metadata"] = api::Json::object();
    return object;
}

} // namespace flotilla::engine::serve
