#!/bin/sh
# Each man page's OPTIONS lists exactly the options its command accepts:
# the options named in the page's list terms (.TP) are compared with the
# command's option table in src/cli (cli_option entries, with the tables
# they include: cli_common_options, cli_read_options_table; main.c: the
# options it compares argv[1] with), and with what the bash completion
# offers (parley --completion-data options COMMAND).  An option that a table
# accepts but the command refuses or keeps hidden is listed below, with why.
# Usage: man_options.sh SOURCE_DIR MAN_DIR PARLEY
set -u
src=$1 man=$2 parley=$3
tmp=$(mktemp -d) || exit 4
trap 'rm -rf "$tmp"' EXIT
fail=0

# accepted by the table, refused or hidden on purpose (COMMAND OPTION: why)
undocumented() {
    case "$1 $2" in
    "parley --completion-data") return 0 ;; # hidden: the words of the bash completion
    "backtest --set" | "backtest --drop") return 0 ;; # shared table (cli_common_options); refused: "--set and --drop do not apply to a backtest"
    "backtest --max-memory") return 0 ;; # shared table; parsed, but backtest makes no memory check (to fix in cmd_backtest.c)
    esac
    return 1
}

man_options() { # PAGE.1 -> the options named in the terms of its OPTIONS
    awk '/^\.SH /{ in_opt = ($0 == ".SH OPTIONS") } in_opt && prev == ".TP" { print } { prev = $0 }' "$1" |
        sed 's/\\-/-/g; s/\\f[BIR]//g' |
        grep -oE '(^|, )--?[A-Za-z0-9][-A-Za-z0-9]*' | sed 's/^, //' | sort -u
}

table_block() { # TABLE -> its entries in src/cli, with those of the tables it includes (.table = NAME)
    block=$(awk -v name="cli_option $1[] = {" 'index($0, name) { on = 1 } on { print } on && /^ *\{0\}\};/ { exit }' "$src"/src/cli/*.c)
    echo "$block"
    for t in $(echo "$block" | grep -oE '\.table = [a-z_]+' | sed 's/.* //'); do
        table_block "$t"
    done
}

table_options() { # COMMAND -> the options of its option table in src/cli (cli_option: long name, short letter)
    cmd=$1
    if [ "$cmd" = parley ]; then
        grep -ohE 'strcmp\(cmd, "-[^"]*"\)' "$src/src/cli/main.c" | sed 's/.*"\(.*\)".*/\1/' | sort -u
        return
    fi
    block=$(table_block "${cmd}_options")
    if [ -z "$block" ]; then
        echo "FAIL: no option table ${cmd}_options in src/cli" >&2
        return 1
    fi
    {
        echo "$block" | grep -oE '\{"[a-z][-a-z0-9]*",' | sed 's/^{"/--/; s/",$//'
        echo "$block" | grep -oE "\{\"[a-z][-a-z0-9]*\", '[A-Za-z0-9]'" | sed "s/.*'\(.\)'/-\1/"
        echo "$block" | grep -q CLI_HELP_OPTION && printf '%s\n' --help -h
    } | sort -u
}

checked=0
pages="parley forecast ensemble leverage validate convert report backtest runs template"
for page in $pages; do
    if [ "$page" = parley ]; then f=$man/parley.1; else f=$man/parley-$page.1; fi
    man_options "$f" >"$tmp/man"
    table_options "$page" >"$tmp/table" || { fail=1; continue; }
    if [ ! -s "$tmp/man" ] || [ ! -s "$tmp/table" ]; then
        echo "FAIL: $page: no options found (man page $(wc -l <"$tmp/man"), table $(wc -l <"$tmp/table"))"
        fail=1
        continue
    fi
    comm -23 "$tmp/table" "$tmp/man" | while read -r opt; do
        undocumented "$page" "$opt" || echo "FAIL: $page accepts $opt but $f does not list it"
    done >"$tmp/missing"
    comm -13 "$tmp/table" "$tmp/man" | sed "s|^|FAIL: $f lists |; s|\$| but $page does not accept it|" >>"$tmp/missing"
    if [ "$page" = parley ]; then
        "$parley" --completion-data options | cut -f1 | sort -u >"$tmp/compl"
    else
        "$parley" --completion-data options "$page" | cut -f1 | sort -u >"$tmp/compl"
    fi
    if ! cmp -s "$tmp/man" "$tmp/compl"; then
        echo "FAIL: $page: the completion's options differ from the man page's:"
        diff "$tmp/man" "$tmp/compl"
        fail=1
    fi
    if [ -s "$tmp/missing" ]; then
        cat "$tmp/missing"
        fail=1
    fi
    checked=$((checked + $(wc -l <"$tmp/man")))
done
[ "$fail" = 0 ] && echo "ok: $checked options of $(echo $pages | wc -w) man pages match the option tables and the completion"
exit "$fail"
