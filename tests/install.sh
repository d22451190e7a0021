#!/usr/bin/env bash
# What an operator gets from `make install`: the files where they belong (DESTDIR, PREFIX), a
# binary that runs from any folder and reads nothing from the build tree, man pages that render
# without a warning and list every option --help lists, bash completion, units that
# `systemd-analyze verify` passes, Prometheus rules that promtool checks and tests, a Grafana
# dashboard over metrics the program exports; `make uninstall` removes it all again.
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_NAME=install.sh
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
D=$tmp/dest

make -s install DESTDIR="$D" PREFIX=/usr SYSCONFDIR=/etc >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; fail "make install failed"; }
(cd "$D" && find . -type f | sort) >"$tmp/files"
cmds=$(build/ssdpmac --help | awk '/^Commands:/ { c = 1; next } c && /^  [a-z]/ { print $1 }')
{
	echo ./etc/ssdpmac/scan.conf
	echo ./usr/lib/systemd/system/ssdpmac-classify@.service
	echo ./usr/lib/systemd/system/ssdpmac-scan.service
	echo ./usr/lib/systemd/system/ssdpmac-scan.timer
	echo ./usr/lib/systemd/system/ssdpmac-sensor@.service
	echo ./usr/lib/sysusers.d/ssdpmac.conf
	echo ./usr/lib/tmpfiles.d/ssdpmac.conf
	echo ./usr/sbin/ssdpmac
	echo ./usr/share/bash-completion/completions/ssdpmac
	for c in $cmds; do echo "./usr/share/man/man8/ssdpmac-$c.8"; done
	echo ./usr/share/man/man8/ssdpmac.8
	echo ./usr/share/ssdpmac/grafana/provisioning.yaml
	echo ./usr/share/ssdpmac/grafana/ssdpmac.json
	echo ./usr/share/ssdpmac/prometheus/ssdpmac.rules.test.yml
	echo ./usr/share/ssdpmac/prometheus/ssdpmac.rules.yml
	echo ./usr/share/ssdpmac/scan.conf
} | sort >"$tmp/want"
diff "$tmp/want" "$tmp/files" >&2 || fail "installed files differ from the list (- wanted, + got)"
grep -q '^ExecStart=/usr/sbin/ssdpmac classify ' "$D/usr/lib/systemd/system/ssdpmac-classify@.service" ||
	fail "the unit does not run the installed binary"
grep -q 'path: /usr/share/ssdpmac/grafana' "$D/usr/share/ssdpmac/grafana/provisioning.yaml" ||
	fail "the provisioning file does not point at the installed dashboard"

# -- the installed binary, from another folder: nothing opened under the source or build tree
# (the BPF objects are embedded skeletons, the registries Debian's)
bin=$D/usr/sbin/ssdpmac
build/tests/mkpcap "$tmp/p1.pcap" --spec tests/data/classify/phase1.spec >/dev/null
(
	cd "$tmp"
	strace -f -qq -e trace=open,openat,execve -o "$tmp/trace" "$bin" decode --text \
		f81d4fae-7dec-11d0-a765-00a0c91e6bf6 >"$tmp/decode.txt"
	strace -f -qq -e trace=open,openat,execve -o "$tmp/trace2" "$bin" read --userspace p1.pcap \
		>"$tmp/read.jsonl"
) || fail "the installed binary failed"
grep -Eq '^vendor:? +Intel Corporation$' "$tmp/decode.txt" || fail "decode: $(cat "$tmp/decode.txt")"
has 'select(.mac == "70:b3:d5:f2:f0:01" and .vendor == "TELEPLATFORMS")' "$tmp/read.jsonl" ||
	fail "read --userspace: no MA-S vendor"
[ "$(build/ssdpmac read --userspace "$tmp/p1.pcap" | md5sum)" = "$(md5sum <"$tmp/read.jsonl")" ] ||
	fail "the installed binary reads the capture differently from the built one"
grep -h -e "$PWD" -e 'build/' "$tmp/trace" "$tmp/trace2" | grep -v ENOENT >&2 &&
	fail "the installed binary opened files of the build tree"
grep -q '/usr/share/ieee-data/oui.csv' "$tmp/trace" || fail "decode did not read Debian's registry"

# -- man pages: each renders without a warning; every option of a command's --help is in its page
for page in "$D"/usr/share/man/man8/*.8; do
	warn=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
	[ -z "$warn" ] || fail "$(basename "$page"): $warn"
done
for c in $cmds; do
	groff -man -Tascii "$D/usr/share/man/man8/ssdpmac-$c.8" 2>/dev/null | col -b >"$tmp/page.txt"
	for s in SYNOPSIS DESCRIPTION OPTIONS EXAMPLES "EXIT STATUS" "SEE ALSO"; do
		grep -q "^$s" "$tmp/page.txt" || fail "ssdpmac-$c(8) has no $s section"
	done
	build/ssdpmac "$c" --help | sed -n -E 's/^ {2,6}(-[^ ].*)$/\1/p' | sed -E 's/  .*//' |
		grep -oE '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u >"$tmp/opts"
	[ -s "$tmp/opts" ] || fail "no options read from ssdpmac $c --help"
	while read -r o; do
		grep -qe "$o\b" "$tmp/page.txt" || fail "ssdpmac-$c(8) does not list $o"
	done <"$tmp/opts"
done

# -- bash completion: commands, a command's options, an option's values
comp() { # comp WORD... : the completions of the last word
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _ssdpmac
		complete -p ssdpmac >/dev/null && echo "${COMPREPLY[*]}"' _ \
		"$D/usr/share/bash-completion/completions/ssdpmac" "$@"
}
[ "$(comp "$bin" cl)" = classify ] || fail "completion of 'cl': $(comp "$bin" cl)"
[ "$(comp "$bin" -v sc)" = scan ] || fail "completion after -v: $(comp "$bin" -v sc)"
[ "$(comp "$bin" classify --probe-)" = --probe-key ] || fail "completion of classify --probe-"
[ "$(comp "$bin" scan --sha)" = "--shard --shards" ] || fail "completion of scan --sha: $(comp "$bin" scan --sha)"
[ -z "$(comp "$bin" classify --ke)" ] || fail "classify was offered probe's --key"
[ "$(comp "$bin" report -f m)" = markdown ] || fail "completion of report -f"
[ "$(comp "$bin" scan --tx x)" = xdp ] || fail "completion of --tx"

make -s uninstall DESTDIR="$D" PREFIX=/usr SYSCONFDIR=/etc >/dev/null
left=$(cd "$D" && find . -type f)
[ "$left" = ./etc/ssdpmac/scan.conf ] || fail "uninstall left: $left"

# -- the units, installed under a prefix of their own so that their commands exist
P=$tmp/p
make -s install PREFIX="$P" SYSCONFDIR="$P/etc" >/dev/null 2>&1 || fail "make install PREFIX= failed"
out=$(cd "$P/lib/systemd/system" && MANPATH=$P/share/man systemd-analyze verify \
	ssdpmac-sensor@dark0.service ssdpmac-classify@eth0.service ssdpmac-scan.service \
	ssdpmac-scan.timer 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify: $out"

# -- Prometheus rules and the Grafana dashboard
R=$P/share/ssdpmac/prometheus
promtool check rules "$R/ssdpmac.rules.yml" >/dev/null || fail "promtool check rules"
(cd "$R" && promtool test rules ssdpmac.rules.test.yml) >"$tmp/promtool.out" 2>&1 ||
	{ cat "$tmp/promtool.out"; fail "promtool test rules"; }
G=$P/share/ssdpmac/grafana/ssdpmac.json
jq -e '.uid == "ssdpmac" and (.panels | length) > 10 and
	([.panels[] | select(.type != "row") | .datasource.uid] | unique) == ["${datasource}"]' \
	"$G" >/dev/null || fail "the dashboard is not provisioning-ready"
# the metrics they read, for tests/caps.sh to find in the live expositions
{ jq -r '.. | .expr? // empty' "$G"; sed -n 's/^ *expr://p' "$R/ssdpmac.rules.yml"; } |
	grep -oE '(^|[^:a-z_])ssdpmac_[a-z_]+' | grep -oE 'ssdpmac_[a-z_]+' | sort -u >"$tmp/used"
[ "$(wc -l <"$tmp/used")" -ge 10 ] || fail "too few metrics read from the dashboard and rules"
# every outcome label they name is one the program exports (the X-macro lists in headers/)
labels=$(grep -oE '^[[:space:]]*X\([A-Z0-9_]+, "[a-z0-9_]+"' headers/ssdpmac.h headers/sensor.h | grep -oE '"[a-z0-9_]+"' | tr -d '"')
for l in $({ jq -r '.. | .expr? // empty' "$G"; cat "$R/ssdpmac.rules.yml" "$R/ssdpmac.rules.test.yml"; } |
	grep -oE 'outcome=~?\\?"[a-z0-9_|]+' | sed 's/.*"//' | tr '|' '\n' | sort -u); do
	grep -qx "$l" <<<"$labels" || fail "the dashboard or rules name outcome '$l', which nothing exports"
done
echo "install.sh: 1 passed, 0 failed"
