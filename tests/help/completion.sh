#!/bin/bash
# The bash completion (completion/parley.bash) sourced in bash: COMP_WORDS
# and COMP_CWORD are set as bash sets them, _parley is called, COMPREPLY is
# compared with the words expected.  The expected model names, presets and
# keys are written out here from the sources (src/models/model.c's
# registration list; eu.c's presets; eu_set's keys), not asked from parley.
# Usage: completion.sh completion/parley.bash PARLEY
set -u
source "$1" || exit 1
parley=$2
fail=0
n=0
cd "$(mktemp -d)" || exit 4
mkdir charts && touch scenario.json

# complete WORD... : the sorted COMPREPLY for the last WORD
complete_words() {
    COMP_WORDS=("$parley" "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE="${COMP_WORDS[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    _parley
    ((${#COMPREPLY[@]})) && printf '%s\n' "${COMPREPLY[@]}" | sort
}

# check "WORDS" "EXPECTED WORDS"
check() {
    local got want
    read -r -a words <<<"$1"
    [[ -z $1 || $1 == *" " ]] && words+=("")
    got=$(complete_words "${words[@]}" | tr '\n' ' ')
    want=$(tr ' ' '\n' <<<"$2" | grep -v '^$' | sort | tr '\n' ' ')
    n=$((n + 1))
    if [[ $got != "$want" ]]; then
        echo "FAIL: parley $1<TAB>"
        echo "  expected: $want"
        echo "  got:      $got"
        fail=1
    fi
}

check "fo" "forecast"
check "" "forecast ensemble leverage validate convert report backtest runs template help"
check "--v" "--version"
check "help e" "ensemble"
check "forecast --mo" "--model"
check "forecast --s" "--sq-replicates --seed --set --salience-scale --store --store-level"
check "forecast -m " "mean median eu nbs exchange spatial all combined"
check "runs " "list show diff export rm chart"
check "runs --store x.db s" "show"
check "runs --store=x.db -f json e" "export"
check "runs show " "charts scenario.json"
check "forecast --model me" "mean median"
check "ensemble -m eu,s" "eu,spatial"
# only the models not listed yet, 'all' only first (attack pass F6)
check "forecast -m eu," "eu,mean eu,median eu,nbs eu,exchange eu,spatial eu,combined"
check "forecast -m mean,eu,me" "mean,eu,median"
check "forecast -m a" "all"
check "forecast -m eu,a" ""
# the value of --param MODEL.preset=, in one word or split at '=' as bash does
check "forecast --param eu.preset=" "eu.preset=scholz2011 eu.preset=bdm1994"
check "forecast --param eu.preset=s" "eu.preset=scholz2011"
check "forecast --param eu.preset = " "scholz2011 bdm1994"
check "forecast --param eu.preset = b" "bdm1994"
# only a model that has presets offers them (nbs and spatial have none)
check "forecast --param nbs.preset=" ""
check "forecast --param spatial.preset = " ""
# ensemble and leverage refuse combined: not offered
check "ensemble -m " "mean median eu nbs exchange spatial all"
check "leverage -m eu," "eu,mean eu,median eu,nbs eu,exchange eu,spatial"
check "forecast --param eu.q=" ""
check "forecast --model=e" "eu exchange"
check "forecast --model = e" "eu exchange"
check "forecast --model = " "mean median eu nbs exchange spatial all combined"
check "forecast --preset " "scholz2011 bdm1994"
check "forecast --param eu." "eu.preset= eu.rounds= eu.probability= eu.risk-in-votes= eu.capitulation= eu.choice= eu.delta= eu.q= eu.t= eu.stop= eu.conv-eps= eu.conv-rounds= eu.tie= eu.shock= eu.help"
check "forecast --param me" "median.tie= mean.help median.help"
check "forecast --param h" "help"
check "leverage --param=spatial.h" "spatial.help"
check "ensemble --sweep me" "median.tie="
check "ensemble --sweep nbs.w" "nbs.weights="
check "validate --sal" "--salience-scale"
check "convert --l" "--lossy"
check "report --svg ch" "charts"
check "report --svg sc" ""
check "forecast sc" "scenario.json"
check "backtest -" "--model -m --preset --rounds --param --seed --salience-scale --bounds --delimiter --decimal --outcomes --library --ensemble --noise --sq-replicates --format -f --output -o --store --store-level --help -h"
[[ $fail == 0 ]] && echo "ok: $n completions"
exit $fail
