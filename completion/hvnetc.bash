# bash completion for hvnetc(1), the HVNet topology compiler.
# Installed as share/bash-completion/completions/hvnetc; or source it.

# Complete files of the current word whose names end in one of the given
# suffixes, and directories; no suffix: every file.
_hvnetc_files()
{
	local f ext
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		if [ -d "$f" ] || [ $# -eq 0 ]; then
			COMPREPLY+=("$f")
			continue
		fi
		for ext in "$@"; do
			case $f in
			*."$ext") COMPREPLY+=("$f"); break ;;
			esac
		done
	done < <(compgen -f -- "$cur")
}

# The comma-separated backend names of --only: complete the last one.
_hvnetc_backends()
{
	local backends="plan libvirt kernel sriov netns mininet guest moongen dot ansible pos"
	local done=${cur%"${cur##*,}"} b
	compopt -o nospace 2>/dev/null
	for b in $(compgen -W "$backends" -- "${cur##*,}"); do
		COMPREPLY+=("$done$b")
	done
}

# PCI addresses of this machine's SR-IOV physical functions.
_hvnetc_pfs()
{
	local d sys=${HVNET_SYSFS:-/sys}
	for d in "$sys"/bus/pci/devices/*; do
		[ -e "$d/sriov_totalvfs" ] || continue
		d=${d##*/}
		case $d in "$cur"*) COMPREPLY+=("$d") ;; esac
	done
}

_hvnetc()
{
	local cur prev cmd opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	# '--only=pl': bash splits at '='.
	if [ "$prev" = "=" ] && [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [ "$cur" = "=" ]; then
		cur=
	fi

	if [ "$COMP_CWORD" -eq 1 ]; then
		case $cur in
		-*) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "--help --version" -- "$cur") ;;
		*)
			mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "build check plan graph probe random import results compare" -- "$cur")
			_hvnetc_files yaml yml
			;;
		esac
		return
	fi
	cmd=${COMP_WORDS[1]}
	case $cmd in
	build | check | plan | graph | probe | random | import | results | compare) ;;
	--help | --version) return ;;
	*) cmd=build ;;	# hvnetc FILE -o DIR
	esac

	case $cmd in
	build) opts="-o --only --allow-overcommit --force --sync --pci-dump --world" ;;
	check) opts="--allow-overcommit --pci-dump --world" ;;
	plan) opts="--yaml --allow-overcommit --pci-dump --world" ;;
	graph) opts="-T -o --flows --allow-overcommit --pci-dump --world" ;;
	probe) opts="--pci-dump" ;;
	random) opts="--seed --nodes --links --flows --max-hops" ;;
	import) opts="" ;;
	results) opts="-o --trim --topo" ;;
	compare) opts="" ;;
	esac

	# The argument of an option.
	case $cmd:$prev in
	*:--only) _hvnetc_backends; return ;;
	*:--pci-dump) _hvnetc_files; return ;;
	*:--world) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "hvnet mininet vm-veth netns-sriov" -- "$cur"); return ;;
	graph:-T) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "dot svg png" -- "$cur"); return ;;
	graph:-o) _hvnetc_files; return ;;
	*:-o) compopt -o filenames 2>/dev/null; mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur"); return ;;
	results:--trim) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "0s 1s 5s" -- "$cur"); return ;;
	results:--topo) return ;;
	random:--seed | random:--nodes | random:--links | random:--flows | random:--max-hops) return ;;
	esac

	case $cur in
	-*) mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -W "$opts --help" -- "$cur") ;;
	*)
		case $cmd in
		build | check | plan | graph) _hvnetc_files yaml yml ;;
		import) _hvnetc_files json ;;
		results | compare) compopt -o filenames 2>/dev/null; mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur") ;;
		probe) _hvnetc_pfs ;;
		esac
		;;
	esac
}

complete -F _hvnetc hvnetc
