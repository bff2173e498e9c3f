# ustorport_add_miniport(NAME SOURCES src... [INCLUDE_DIRECTORIES dir...]
#                        [DEFINITIONS def...] [OPTIONS flag...] [STRICT])
#
# Builds WDK-style C sources, unmodified, into a loadable miniport: a shared
# object named lib<NAME>.so whose DriverEntry ustorport calls.  The sources get
# the WDK-compatible headers, 16-bit wchar_t, the MSVC spellings and the
# __try/__finally shims (through the forced include ustor_prelude.h), shims for
# #include paths written with backslashes or in another letter case, and
# flags that keep MSVC-only diagnostics as warnings. Redeclarations that MSVC
# accepts with a warning (C4028) and gcc/clang reject are repaired by the
# compiler launcher ustorport-msvc-cc unless STRICT is given.  The object links against
# libustorport with --no-undefined, so a routine the port lacks is a link error.
#
# Other build systems: `pkg-config --cflags --libs ustorport-miniport`, and
# `cmake -DSOURCES="a.c;b.c" -DINCLUDE_DIRECTORIES=... -DOUT=dir
#  -P UstorportMiniport.cmake` to generate the include shims into dir.

set(_USTOR_MINIPORT_SCRIPT "${CMAKE_CURRENT_LIST_FILE}")
set(_USTOR_MSVC_CC "${CMAKE_CURRENT_LIST_DIR}/ustorport-msvc-cc")

# The compile flags a miniport needs, with WDK_DIR as the header directory.
function(ustorport_miniport_cflags out wdk_dir)
  set(flags
    -I${wdk_dir}
    -include ustor_prelude.h
    -fshort-wchar            # WCHAR and L"" are 16-bit, as on Windows
    -fno-strict-aliasing     # WDK code puns types through casts
    -mms-bitfields           # MSVC bit-field layout for the miniport's own structs
    -fno-common
    -Wno-unknown-pragmas -Wno-endif-labels -Wno-multichar
    -Wno-error=incompatible-pointer-types -Wno-error=int-conversion
    -Wno-error=implicit-function-declaration -Wno-error=implicit-int)
  set(${out} "${flags}" PARENT_SCOPE)
endfunction()

# Creates, in OUT, a file for every quoted #include of SOURCES that does not
# resolve as written but does once backslashes become slashes and letter
# case is ignored.  The file includes the real one by absolute path.
function(ustorport_generate_include_shims out)
  cmake_parse_arguments(S "" "" "SOURCES;INCLUDE_DIRECTORIES;SEARCH" ${ARGN})
  file(MAKE_DIRECTORY "${out}")
  set(scanned "")
  set(queue ${S_SOURCES})
  while(queue)
    list(POP_FRONT queue src)
    get_filename_component(src "${src}" ABSOLUTE)
    if(src IN_LIST scanned OR NOT EXISTS "${src}")
      continue()
    endif()
    list(APPEND scanned "${src}")
    get_filename_component(srcdir "${src}" DIRECTORY)
    file(STRINGS "${src}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
    foreach(line IN LISTS lines)
      if(NOT line MATCHES "#[ \t]*include[ \t]*[\"<]([^\">]+)[\">]")
        continue()
      endif()
      set(name "${CMAKE_MATCH_1}")
      string(REPLACE "\\" "/" fwd "${name}")
      set(found "")
      set(exact FALSE)
      foreach(dir IN ITEMS "${srcdir}" ${S_INCLUDE_DIRECTORIES} ${S_SEARCH})
        if(EXISTS "${dir}/${name}")
          set(found "${dir}/${name}")
          set(exact TRUE)
          break()
        endif()
        _ustor_find_nocase(hit "${dir}" "${fwd}")
        if(hit)
          set(found "${hit}")
          break()
        endif()
      endforeach()
      if(found AND NOT exact)
        get_filename_component(found "${found}" ABSOLUTE)
        set(shim "${out}/${name}")
        get_filename_component(shimdir "${shim}" DIRECTORY)
        file(MAKE_DIRECTORY "${shimdir}")
        file(CONFIGURE OUTPUT "${shim}" CONTENT "#include \"${found}\"\n")
      endif()
      if(found)
        list(APPEND queue "${found}")
      endif()
    endforeach()
  endwhile()
endfunction()

# Case-insensitive lookup of a relative path below dir.
function(_ustor_find_nocase out dir rel)
  set(${out} "" PARENT_SCOPE)
  string(REPLACE "/" ";" parts "${rel}")
  set(cur "${dir}")
  foreach(part IN LISTS parts)
    if(part STREQUAL "..")
      get_filename_component(cur "${cur}" DIRECTORY)
      continue()
    elseif(part STREQUAL "." OR part STREQUAL "")
      continue()
    endif()
    if(NOT IS_DIRECTORY "${cur}")
      return()
    endif()
    file(GLOB entries RELATIVE "${cur}" "${cur}/*")
    string(TOLOWER "${part}" want)
    set(next "")
    foreach(e IN LISTS entries)
      string(TOLOWER "${e}" lower)
      if(lower STREQUAL want)
        set(next "${cur}/${e}")
        break()
      endif()
    endforeach()
    if(NOT next)
      return()
    endif()
    set(cur "${next}")
  endforeach()
  if(EXISTS "${cur}" AND NOT IS_DIRECTORY "${cur}")
    set(${out} "${cur}" PARENT_SCOPE)
  endif()
endfunction()

function(ustorport_add_miniport name)
  cmake_parse_arguments(M "STRICT" "" "SOURCES;INCLUDE_DIRECTORIES;DEFINITIONS;OPTIONS" ${ARGN})
  if(NOT M_SOURCES)
    message(FATAL_ERROR "ustorport_add_miniport(${name}): SOURCES is required")
  endif()
  set(incdirs "")
  foreach(d IN LISTS M_INCLUDE_DIRECTORIES)
    get_filename_component(d "${d}" ABSOLUTE)
    list(APPEND incdirs "${d}")
  endforeach()
  set(shimdir "${CMAKE_CURRENT_BINARY_DIR}/${name}-include-shims")
  ustorport_generate_include_shims("${shimdir}" SOURCES ${M_SOURCES}
    INCLUDE_DIRECTORIES ${incdirs} SEARCH "${USTORPORT_WDK_INCLUDE}")

  add_library(${name} MODULE ${M_SOURCES})
  ustorport_miniport_cflags(flags "${USTORPORT_WDK_INCLUDE}")
  # clang warns at every pshpack/poppack include (the point of those headers).
  target_compile_options(${name} PRIVATE ${flags} $<$<C_COMPILER_ID:Clang>:-Wno-pragma-pack>
                         ${M_OPTIONS})
  target_include_directories(${name} PRIVATE ${incdirs} "${shimdir}")
  target_compile_definitions(${name} PRIVATE ${M_DEFINITIONS})
  if(TARGET ustorport)
    target_link_libraries(${name} PRIVATE ustorport)
  elseif(TARGET ustorport::ustorport)
    target_link_libraries(${name} PRIVATE ustorport::ustorport)
  endif()
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  set_target_properties(${name} PROPERTIES PREFIX "" C_EXTENSIONS ON)
  if(NOT M_STRICT)
    find_package(Python3 REQUIRED COMPONENTS Interpreter)
    set_target_properties(${name} PROPERTIES
      C_COMPILER_LAUNCHER "${Python3_EXECUTABLE};${_USTOR_MSVC_CC}")
  endif()
endfunction()

# Script mode: generate include shims for another build system.
if(CMAKE_SCRIPT_MODE_FILE AND CMAKE_SCRIPT_MODE_FILE STREQUAL _USTOR_MINIPORT_SCRIPT)
  if(NOT OUT OR NOT SOURCES)
    message(FATAL_ERROR "usage: cmake -DSOURCES=a.c;b.c [-DINCLUDE_DIRECTORIES=...] "
                        "[-DWDK=dir] -DOUT=dir -P UstorportMiniport.cmake")
  endif()
  ustorport_generate_include_shims("${OUT}" SOURCES ${SOURCES}
    INCLUDE_DIRECTORIES ${INCLUDE_DIRECTORIES} SEARCH ${WDK})
endif()
