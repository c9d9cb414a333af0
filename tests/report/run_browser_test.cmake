# Browser test of the HTML report (see tests/CMakeLists.txt).
#
# 1. parley report --ensemble 200 --leverage --no-interactive (the static
#    page; the live panel has its own test, live_test.js; the default Six-Party
#    scenario, every kind of chart) -o OUT/report.html --svg OUT/svg;
# 2. headless Chromium (Debian package `chromium`, fresh profile, no sandbox
#    because CI runs as root) loads the page three times: --dump-dom (the DOM
#    after rendering), --screenshot (OUT/report.png, the top of the page) and
#    --print-to-pdf (OUT/report.pdf, the whole page); every run logs the
#    page's console to stderr (--enable-logging=stderr --v=0) and the first
#    writes a NetLog of every network request (OUT/netlog.json);
# 3. asserts: the DOM has the main sections and every chart that --svg wrote
#    (by id); the page logged nothing to the console (no error, no blocked
#    load, no message at all: the page has no script); the NetLog has no
#    request made on behalf of the page (requests keyed to the file:// page
#    other than file: itself); the HTML has no script, no external link or
#    source; the screenshot and the PDF exist.
cmake_minimum_required(VERSION 3.25)
if(NOT CHROMIUM)
  message(FATAL_ERROR "chromium not found: run scripts/install-deps.sh (Debian package chromium)")
endif()
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${PARLEY} report --ensemble 200 --leverage --no-interactive -o ${OUT}/report.html --svg ${OUT}/svg
  RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "parley report failed (${status}):\n${err}")
endif()

set(flags --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --disable-extensions --disable-default-apps --no-default-browser-check
  --hide-scrollbars --enable-logging=stderr --v=0)
set(url file://${OUT}/report.html)

# Runs Chromium with a fresh profile; stderr goes to OUT/NAME.log.
function(run_chromium name)
  file(REMOVE_RECURSE ${OUT}/profile-${name})
  execute_process(COMMAND ${CHROMIUM} ${flags} --user-data-dir=${OUT}/profile-${name} ${ARGN}
    OUTPUT_FILE ${OUT}/${name}.out ERROR_FILE ${OUT}/${name}.log
    RESULT_VARIABLE rc TIMEOUT 120)
  if(NOT rc EQUAL 0)
    file(READ ${OUT}/${name}.log log)
    message(FATAL_ERROR "chromium (${name}) failed (${rc}):\n${log}")
  endif()
  file(REMOVE_RECURSE ${OUT}/profile-${name})
endfunction()

run_chromium(dom --log-net-log=${OUT}/netlog.json --dump-dom ${url})
run_chromium(screenshot --window-size=1100,2400 --screenshot=${OUT}/report.png ${url})
run_chromium(pdf --no-pdf-header-footer --print-to-pdf=${OUT}/report.pdf ${url})

set(failed 0)
macro(fail msg)
  message(SEND_ERROR "${msg}")
  set(failed 1)
endmacro()

# The DOM: main sections and every chart.
file(READ ${OUT}/dom.out dom)
string(LENGTH "${dom}" dom_len)
if(dom_len LESS 1000)
  fail("the dumped DOM is nearly empty (${dom_len} bytes)")
endif()
foreach(id top summary forecasts forecast-table issues issue-1 issue-2 issue-3 issue-4 ensemble leverage
    actors scenario method)
  string(FIND "${dom}" "id=\"${id}\"" at)
  if(at EQUAL -1)
    fail("section or table id=\"${id}\" missing from the rendered page")
  endif()
endforeach()
file(GLOB charts RELATIVE ${OUT}/svg ${OUT}/svg/*.svg)
list(LENGTH charts n_charts)
# every issue has every kind of chart (iterative models add positions and
# power charts of their own)
foreach(issue 1 2 3 4)
  foreach(kind positions power challenges ensemble fan leverage)
    set(found "")
    foreach(c IN LISTS charts)
      if(c MATCHES "^${kind}-${issue}-")
        list(APPEND found ${c})
      endif()
    endforeach()
    if(NOT found)
      fail("no ${kind} chart for issue ${issue}")
    endif()
  endforeach()
endforeach()
foreach(c IN LISTS charts)
  string(REGEX REPLACE "\\.svg$" "" stem "${c}")
  string(FIND "${dom}" "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-${stem}\"" at)
  if(at EQUAL -1)
    fail("chart ${stem} missing from the rendered page")
  endif()
endforeach()
string(REGEX MATCHALL "<svg " svgs "${dom}")
list(LENGTH svgs n_svg)
if(NOT n_svg EQUAL n_charts)
  fail("${n_svg} <svg> elements in the page, ${n_charts} charts written")
endif()

# The console: nothing at all (the page has no script; a blocked load or a
# parse problem would show here).
foreach(name dom screenshot pdf)
  file(STRINGS ${OUT}/${name}.log console REGEX ":CONSOLE")
  if(console)
    string(REPLACE ";" "\n" console "${console}")
    fail("console messages while rendering (${name}):\n${console}")
  endif()
endforeach()

# The network: no request made on behalf of the page.  Chromium's own
# background requests (if any) are keyed to no page and are ignored.
if(NOT EXISTS ${OUT}/netlog.json)
  fail("chromium wrote no NetLog")
else()
  file(STRINGS ${OUT}/netlog.json page_requests REGEX "\"network_isolation_key\":\"file://")
  foreach(line IN LISTS page_requests)
    string(REGEX MATCH "\"url\":\"([^\"]*)\"" m "${line}")
    if(m AND NOT CMAKE_MATCH_1 MATCHES "^(file|data):")
      fail("the page requested ${CMAKE_MATCH_1}")
    endif()
  endforeach()
endif()

# The file itself: no script, nothing external, no text escaped twice.
file(READ ${OUT}/report.html html)
string(TOLOWER "${html}" lower)
foreach(bad "&amp;#" "&amp;amp;" "<script" "<link" "<iframe" "<object" "<embed" "<img" "@import" "src=" "url(http" "href=\"http" "href=\"//")
  string(FIND "${lower}" "${bad}" at)
  if(NOT at EQUAL -1)
    fail("the report contains '${bad}'")
  endif()
endforeach()
string(FIND "${html}" "Content-Security-Policy" at)
if(at EQUAL -1)
  fail("the report has no Content-Security-Policy")
endif()

# The layout: at a 1200 px window every table fits the page's text column
# (none runs off the right edge).  The page itself has no script, so a copy
# (OUT/layout.html) without the Content-Security-Policy gets one that
# measures each table and writes the result into the title.
string(REGEX REPLACE "<meta http-equiv=\"Content-Security-Policy\"[^>]*>" "" layout "${html}")
string(REPLACE "</body>" "<script>
var body = document.body, cs = getComputedStyle(body);
var right = body.getBoundingClientRect().right - parseFloat(cs.paddingRight) + 0.5;
var bad = [];
document.querySelectorAll('table').forEach(function (t, k) {
  var r = t.getBoundingClientRect().right;
  if (r > right) bad.push((t.id || 'table ' + k) + ' by ' + Math.round(r - right) + ' px');
});
document.title = 'layout: ' + (bad.length ? 'too wide: ' + bad.join(', ') : 'fits');
</script></body>" layout "${layout}")
file(WRITE ${OUT}/layout.html "${layout}")
run_chromium(layout --window-size=1200,3000 --dump-dom file://${OUT}/layout.html)
file(READ ${OUT}/layout.out layout_dom)
string(REGEX MATCH "<title>layout: [^<]*</title>" layout_title "${layout_dom}")
if(NOT layout_title STREQUAL "<title>layout: fits</title>")
  fail("at a 1200 px window a table runs off the page: '${layout_title}' (see ${OUT}/layout.html)")
endif()

foreach(f report.png report.pdf)
  if(NOT EXISTS ${OUT}/${f})
    fail("${f} was not written")
  else()
    file(SIZE ${OUT}/${f} size)
    if(size LESS 20000)
      fail("${f} is suspiciously small (${size} bytes): did the page render?")
    endif()
  endif()
endforeach()
if(failed)
  message(FATAL_ERROR "browser test failed; see ${OUT}")
endif()
file(SIZE ${OUT}/report.html html_size)
message(STATUS "report.html: ${html_size} bytes, ${n_charts} charts; screenshot ${OUT}/report.png")
