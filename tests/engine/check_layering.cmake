# Fails when a layer includes something above it (see DESIGN.md: engine -> backends -> models -> widgets -> app).
set(_rules
    "engine|#include *[<\"](Q[A-Za-z]|qt|backends/|models/|widgets/|app/)"
    "backends|#include *[<\"](QtWidgets|QWidget|models/|widgets/|app/)"
    "models|#include *[<\"](QtWidgets|QWidget|QAbstractItemView|widgets/|app/)"
    "widgets|#include *[<\"]app/")
set(_failures 0)
foreach(_rule IN LISTS _rules)
    string(REPLACE "|" ";" _parts "${_rule}")
    list(GET _parts 0 _layer)
    list(SUBLIST _parts 1 -1 _pattern_parts)
    string(JOIN "|" _pattern ${_pattern_parts})
    file(GLOB_RECURSE _files ${SOURCE_DIR}/${_layer}/*.h ${SOURCE_DIR}/${_layer}/*.cpp)
    foreach(_f IN LISTS _files)
        file(STRINGS ${_f} _hits REGEX "${_pattern}")
        if(_hits)
            message(SEND_ERROR "${_f}: ${_layer}/ includes a layer above it or Qt: ${_hits}")
            math(EXPR _failures "${_failures} + 1")
        endif()
    endforeach()
endforeach()
if(_failures GREATER 0)
    message(FATAL_ERROR "${_failures} layering violation(s)")
endif()
message(STATUS "layering: every include points down")
