# bash completion for parley: commands, options, model names, presets
# (also after --param MODEL.preset=), --param keys and --param MODEL.help.  Installed as
# share/bash-completion/completions/parley; to try it from a source tree:
# source completion/parley.bash
#
# Every word comes from the parley being completed (the command's first
# word: parley on the PATH, or build/parley), through its hidden option
# `parley --completion-data` (docs/cli.md): the commands and each command's
# options from its help text (man/parley-COMMAND.txt), the model names,
# presets and parameter keys from the model registry.  Nothing is listed
# here, so the completion cannot drift from the program.
#
# SPDX-License-Identifier: MIT

# 0 when a word between the command and the current word is an operand
# (not an option, nor the argument of an option that takes one, as
# $options, the command's --completion-data options, tells)
__parley_has_operand() {
    local k w
    for ((k = 2; k < cword; ++k)); do
        w=${COMP_WORDS[k]}
        if [[ $w != -* ]]; then
            return 0
        elif [[ $w != *=* ]] && grep -q "^$w"$'\t' <<<"$options"; then
            ((k += 1))
        fi
    done
    return 1
}

_parley() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev="" cword=$COMP_CWORD
    COMPREPLY=()
    ((cword > 0)) && prev=${COMP_WORDS[cword - 1]}
    local exe=${COMP_WORDS[0]}
    exe=${exe/#\~/$HOME}
    command -v -- "$exe" >/dev/null 2>&1 || return 0

    # --option=value, whether or not bash split the word at '='
    if [[ $cur == "=" && $prev == -* ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((cword > 2)) && [[ ${COMP_WORDS[cword - 2]} == *.preset &&
        ${COMP_WORDS[cword - 3]} == --param ]]; then
        # --param MODEL.preset=NAME, split by bash at '=' (COMP_WORDBREAKS):
        # MODEL's presets (none for a model without them)
        local model=${COMP_WORDS[cword - 2]%.preset}
        COMPREPLY=($(compgen -W "$("$exe" --completion-data presets "$model" 2>/dev/null)" -- "$cur"))
        return 0
    elif [[ $prev == "=" ]] && ((cword > 1)); then
        prev=${COMP_WORDS[cword - 2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
    fi

    if ((cword == 1)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$("$exe" --completion-data options 2>/dev/null | cut -f1)" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$("$exe" --completion-data commands 2>/dev/null)" -- "$cur"))
        fi
        return 0
    fi
    local cmd=${COMP_WORDS[1]-}
    if [[ $cmd == help ]]; then
        ((cword == 2)) && COMPREPLY=($(compgen -W "$("$exe" --completion-data commands 2>/dev/null |
            grep -vx help)" -- "$cur"))
        return 0
    fi
    local options
    options=$("$exe" --completion-data options "$cmd" 2>/dev/null) || return 0

    # the argument of an option, by the name the help text gives it
    local line arg=""
    while IFS= read -r line; do
        if [[ ${line%%$'\t'*} == "$prev" && $line == *$'\t'* ]]; then
            arg=${line#*$'\t'}
            break
        fi
    done <<<"$options"
    if [[ -n $arg ]]; then
        case $arg in
        LIST) # models, comma-separated: complete the name after the last comma,
            # offering the models not listed yet ('all' only as the first)
            local head="" tail=$cur w words=""
            if [[ $cur == *,* ]]; then
                head=${cur%,*},
                tail=${cur##*,}
            fi
            for w in $("$exe" --completion-data models 2>/dev/null) all combined; do
                [[ $w == all && -n $head ]] && continue
                # ensemble and leverage run single models only
                [[ $w == combined && ($cmd == ensemble || $cmd == leverage) ]] && continue
                [[ ,$head == *,"$w",* ]] || words+=" $w"
            done
            COMPREPLY=($(compgen -P "$head" -W "$words" -- "$tail"))
            ;;
        NAME)
            if [[ $prev == --preset ]]; then
                COMPREPLY=($(compgen -W "$("$exe" --completion-data presets 2>/dev/null)" -- "$cur"))
            fi
            ;;
        MODEL.KEY=*) # --param, --sweep: MODEL.KEY; the value of MODEL.preset=
            if [[ $cur == *.preset=* && $prev == --param ]]; then # MODEL.preset=NAME, one word
                local model=${cur%%.preset=*}
                COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$("$exe" --completion-data presets "$model" 2>/dev/null)" -- "${cur#*=}"))
            elif [[ $cur != *=* ]]; then
                COMPREPLY=($(compgen -S = -W "$("$exe" --completion-data params 2>/dev/null)" -- "$cur"))
                if [[ $prev == --param ]]; then # --param MODEL.help, help: the keys listed
                    COMPREPLY+=($(compgen -W "help $("$exe" --completion-data models 2>/dev/null |
                        sed 's/$/.help/')" -- "$cur"))
                fi
                [[ " ${COMPREPLY[*]} " == *"= "* ]] && compopt -o nospace 2>/dev/null
            fi
            ;;
        FILE) COMPREPLY=($(compgen -f -- "$cur")) ;;
        DIR) COMPREPLY=($(compgen -d -- "$cur")) ;;
        esac
        return 0
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(cut -f1 <<<"$options")" -- "$cur"))
    elif [[ $cmd == runs ]] && ! __parley_has_operand; then # the action: list, show, ...
        COMPREPLY=($(compgen -W "$("$exe" --completion-data actions runs 2>/dev/null)" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur")) # SCENARIO, FILE..., IN OUT, CASE...
    fi
    return 0
}
complete -o filenames -o bashdefault -F _parley parley
