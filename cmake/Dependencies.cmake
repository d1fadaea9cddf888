# Third-party libraries, as one set of target names for every build:
#   ic::spdlog  ic::fmt  ic::json  ic::cli11  ic::pugixml  (and GTest::gtest / GTest::gtest_main for tests)
# Native builds (Linux, MSVC+vcpkg) use the packages' CMake configs. The mingw-w64 cross-build uses the
# header-only forms of spdlog, fmt, nlohmann_json and CLI11 copied from the build machine's Debian headers
# into the build tree (nothing third-party enters the source tree), and GoogleTest built from
# Debian's source in /usr/src/googletest. pugixml (the XML parser) is not header-only and Debian ships
# no pugixml.cpp in a binary package, so the cross-build compiles pugixml.cpp from Debian's source
# package, unpacked into ~/.cache/imagechecker by scripts/fetch-pugixml-source.sh.

if(CMAKE_CROSSCOMPILING AND WIN32)
  set(IC_HOST_INCLUDE_DIR "/usr/include" CACHE PATH "Where the build machine keeps the header-only libraries")
  set(_staged "${CMAKE_BINARY_DIR}/host-headers")
  foreach(_lib spdlog fmt nlohmann CLI)
    if(NOT EXISTS "${IC_HOST_INCLUDE_DIR}/${_lib}")
      message(FATAL_ERROR "Header library '${_lib}' not found in ${IC_HOST_INCLUDE_DIR}; run scripts/install-deps.sh")
    endif()
    file(COPY "${IC_HOST_INCLUDE_DIR}/${_lib}" DESTINATION "${_staged}")
  endforeach()

  add_library(ic_fmt INTERFACE)
  target_include_directories(ic_fmt SYSTEM INTERFACE "${_staged}")
  target_compile_definitions(ic_fmt INTERFACE FMT_HEADER_ONLY=1)
  add_library(ic::fmt ALIAS ic_fmt)

  add_library(ic_spdlog INTERFACE)
  target_compile_definitions(ic_spdlog INTERFACE SPDLOG_HEADER_ONLY SPDLOG_FMT_EXTERNAL)
  target_link_libraries(ic_spdlog INTERFACE ic_fmt)
  add_library(ic::spdlog ALIAS ic_spdlog)

  add_library(ic_json INTERFACE)
  target_include_directories(ic_json SYSTEM INTERFACE "${_staged}")
  add_library(ic::json ALIAS ic_json)

  add_library(ic_cli11 INTERFACE)
  target_include_directories(ic_cli11 SYSTEM INTERFACE "${_staged}")
  add_library(ic::cli11 ALIAS ic_cli11)

  set(IC_PUGIXML_SOURCE_DIR "" CACHE PATH "pugixml's unpacked source (holding src/pugixml.cpp); empty: scripts/fetch-pugixml-source.sh")
  if(NOT IC_PUGIXML_SOURCE_DIR)
    execute_process(COMMAND "${PROJECT_SOURCE_DIR}/scripts/fetch-pugixml-source.sh"
                    OUTPUT_VARIABLE _pugixml_out ERROR_VARIABLE _pugixml_err RESULT_VARIABLE _pugixml_rc
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT _pugixml_rc EQUAL 0)
      message(FATAL_ERROR "Could not unpack Debian's pugixml source: ${_pugixml_err}")
    endif()
    string(REGEX REPLACE ".*\n" "" _pugixml_out "${_pugixml_out}")  # the last line is the folder
    set(IC_PUGIXML_SOURCE_DIR "${_pugixml_out}" CACHE PATH "pugixml's unpacked source (holding src/pugixml.cpp)" FORCE)
  endif()
  if(NOT EXISTS "${IC_PUGIXML_SOURCE_DIR}/src/pugixml.cpp")
    message(FATAL_ERROR "No src/pugixml.cpp in IC_PUGIXML_SOURCE_DIR=${IC_PUGIXML_SOURCE_DIR}")
  endif()
  add_library(ic_pugixml STATIC "${IC_PUGIXML_SOURCE_DIR}/src/pugixml.cpp")
  target_include_directories(ic_pugixml SYSTEM PUBLIC "${IC_PUGIXML_SOURCE_DIR}/src")
  add_library(ic::pugixml ALIAS ic_pugixml)

  if(IC_BUILD_TESTS)
    set(IC_GOOGLETEST_SOURCE "/usr/src/googletest" CACHE PATH "GoogleTest source tree to build for Windows")
    set(gtest_disable_pthreads OFF CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
    # GoogleTest's own CMake defines the GTest::gtest and GTest::gtest_main aliases.
    add_subdirectory("${IC_GOOGLETEST_SOURCE}" "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
  endif()
else()
  find_package(fmt REQUIRED)
  find_package(spdlog REQUIRED)
  find_package(nlohmann_json 3.10 REQUIRED)
  find_package(CLI11 REQUIRED)
  find_package(pugixml REQUIRED)
  add_library(ic::fmt ALIAS fmt::fmt)
  add_library(ic::spdlog ALIAS spdlog::spdlog)
  add_library(ic::json ALIAS nlohmann_json::nlohmann_json)
  add_library(ic::cli11 ALIAS CLI11::CLI11)
  add_library(ic::pugixml ALIAS pugixml::pugixml)
  if(IC_BUILD_TESTS)
    find_package(GTest REQUIRED)
  endif()
endif()
