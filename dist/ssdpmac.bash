# bash completion for ssdpmac(8). The commands and each command's options are read from the
# program's own --help (generated from its option tables), so they never differ from what it
# takes.

# _ssdpmac_opts PROG CMD: the options CMD lists (the option part of each --help row)
_ssdpmac_opts()
{
	"$1" "$2" --help 2>&1 |
		sed -n -E 's/^ {2,6}(-[^ ].*)$/\1/p' | sed -E 's/  .*//' |
		grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u
}

_ssdpmac()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} cmd= i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-v | -q) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	COMPREPLY=()
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W '-v -q --help' -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$("$prog" --help 2>/dev/null |
				awk '/^Commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 }')" -- "$cur"))
		fi
		return
	fi
	case $prev in
	-i | --interface)
		COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur"))
		return ;;
	-m | --mode)
		COMPREPLY=($(compgen -W 'native skb auto' -- "$cur"))
		return ;;
	--tx)
		COMPREPLY=($(compgen -W 'socket packet xdp' -- "$cur"))
		return ;;
	-f | --format)
		case $cmd in
		report) COMPREPLY=($(compgen -W 'table csv json markdown' -- "$cur")) ;;
		import) COMPREPLY=($(compgen -W 'zmap-upnp masscan sonar shadowserver pcap' -- "$cur")) ;;
		esac
		return ;;
	--pin-dir | --ieee-dir)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-o | --output | -w | --allowlist | -b | --blocklist | --targets | --read | -s | \
		--scanners | -d | --devices | --chart)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_ssdpmac_opts "$prog" "$cmd")" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _ssdpmac ssdpmac
