#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace flotilla::engine {

/// An error as a value: what went wrong, and where (file, line:column, or the field path).
struct Error {
    enum class Code { Invalid, NotFound, AlreadyExists, Conflict, Gone, Forbidden, TooLarge, Io, Corrupt, Internal };

    Code code = Code::Invalid;
    std::string message;
    std::string path;   ///< field path, e.g. spec.containers[0].image
    std::string file;   ///< source file, when the input came from one
    int line = 0;       ///< 1-based, 0 when unknown
    int column = 0;     ///< 1-based, 0 when unknown
    int document = 0;   ///< 1-based YAML document index, 0 when unknown

    /// "file:line:column: path: message" with the parts that are known.
    std::string toString() const;
    static Error make(Code code, std::string message, std::string path = {});
};

std::string codeName(Error::Code code);

/// Either a value or an Error.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation without a value.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}
    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace flotilla::engine
