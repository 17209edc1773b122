# Builds the Debian package with CPack and checks what it installs.
execute_process(COMMAND ${CMAKE_CPACK_COMMAND} -G DEB -B ${BINARY_DIR}/deb-check
                WORKING_DIRECTORY ${BINARY_DIR} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cpack failed (${rc}):\n${out}\n${err}")
endif()
file(GLOB debs ${BINARY_DIR}/deb-check/flotilla_*.deb)
list(LENGTH debs n)
if(NOT n EQUAL 1)
    message(FATAL_ERROR "expected one flotilla_*.deb, found: ${debs}")
endif()
execute_process(COMMAND dpkg-deb --contents ${debs} OUTPUT_VARIABLE contents RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dpkg-deb cannot read ${debs}")
endif()
foreach(expected
        "./usr/bin/flotilla"
        "./usr/share/applications/${APP_ID}.desktop"
        "./usr/share/metainfo/${APP_ID}.metainfo.xml"
        "./usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg"
        "./usr/share/flotilla/templates/node-microservice/Dockerfile")
    string(FIND "${contents}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "${debs} lacks ${expected}:\n${contents}")
    endif()
endforeach()
execute_process(COMMAND dpkg-deb --field ${debs} Depends OUTPUT_VARIABLE depends)
if(NOT depends MATCHES "libqt6widgets6")
    message(FATAL_ERROR "the package does not depend on Qt: ${depends}")
endif()
message(STATUS "${debs}: ok; Depends: ${depends}")
