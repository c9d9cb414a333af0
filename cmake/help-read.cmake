cmake_policy(VERSION 3.25) # keep empty list elements (CMP0007): blank lines count
# Reads a help source (man/README.md) into a CMake list of its lines.
# CMake lists split at ';' and treat '[' ']' specially, and the help texts
# hold all three, so they are encoded as control characters here and
# restored by parley_help_decode.  A file must end with a newline and hold
# no tab and no control character.
string(ASCII 1 PARLEY_HELP_SEMI)
string(ASCII 2 PARLEY_HELP_LBR)
string(ASCII 3 PARLEY_HELP_RBR)
function(parley_help_read file outvar)
  file(READ ${file} text)
  if(text MATCHES "[\t\r${PARLEY_HELP_SEMI}${PARLEY_HELP_LBR}${PARLEY_HELP_RBR}]")
    message(FATAL_ERROR "${file}: a tab, carriage return or control character (help sources are plain lines)")
  endif()
  if(NOT text MATCHES "\n$")
    message(FATAL_ERROR "${file}: the last line has no newline")
  endif()
  string(REGEX REPLACE "\n$" "" text "${text}")
  string(REPLACE ";" "${PARLEY_HELP_SEMI}" text "${text}")
  string(REPLACE "[" "${PARLEY_HELP_LBR}" text "${text}")
  string(REPLACE "]" "${PARLEY_HELP_RBR}" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${outvar} "${text}" PARENT_SCOPE)
endfunction()
# Restores ';', '[' and ']' in the variable named var.
macro(parley_help_decode var)
  string(REPLACE "${PARLEY_HELP_SEMI}" ";" ${var} "${${var}}")
  string(REPLACE "${PARLEY_HELP_LBR}" "[" ${var} "${${var}}")
  string(REPLACE "${PARLEY_HELP_RBR}" "]" ${var} "${${var}}")
endmacro()
