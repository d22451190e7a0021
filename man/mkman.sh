#!/bin/sh
# mkman.sh SSDPMAC SRC.8.in OUT.8 PREFIX VERSION: a man page from its hand-written source, with
# the OPTIONS the program itself lists (`ssdpmac __man-options COMMAND`, from the same option
# table as --help), so that the page cannot drift from the program.
set -eu
bin=$1 src=$2 out=$3 prefix=$4 version=$5
name=$(basename "$src" .8.in)
cmd=${name#ssdpmac-}
date=$(git log -1 --format=%cd --date=format:'%B %Y' -- "$src" 2>/dev/null || true)
[ -n "$date" ] || date=$(date -u +'%B %Y')
opts=$(mktemp)
trap 'rm -f "$opts"' EXIT
if grep -q '^@OPTIONS@$' "$src"; then
	if ! "$bin" __man-options "$cmd" >"$opts" 2>/dev/null; then
		# a program without the table: its --help as it prints it
		{ echo '.nf'; "$bin" "$cmd" --help | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^[.']/\\\\\\&&/"; echo '.fi'; } >"$opts"
	fi
fi
sed -e "s|@VERSION@|$version|g" -e "s|@DATE@|$date|g" -e "s|@PREFIX@|$prefix|g" \
	-e "/^@OPTIONS@\$/{r $opts" -e 'd;}' "$src" >"$out.tmp"
mv "$out.tmp" "$out"
