#!/usr/bin/env bash
# make bench: import and join speed on a generated 5-million-row Sonar-style file, and the
# memory it takes (it must grow with the devices, not with the rows).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build
ROWS=${ROWS:-5000000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$B/tests/mksonar "$ROWS" 200000 "$tmp/sonar.csv"
$B/tests/mksonar $((ROWS / 10)) 200000 "$tmp/sonar-small.csv"
run() { # run FILE -> "seconds maxrss_kb"
	/usr/bin/time -f '%e %M' -o "$tmp/t" $B/ssdpmac -q import -f sonar "$1" -o "$tmp/dev.jsonl"
	cat "$tmp/t"
}
read -r secs rss < <(run "$tmp/sonar.csv")
read -r _ rss_small < <(run "$tmp/sonar-small.csv")
jq -r .addrs[] "$tmp/dev.jsonl" | awk 'NR <= 100000' >"$tmp/scanners.txt"
/usr/bin/time -f '%e' -o "$tmp/t2" $B/ssdpmac report -s "$tmp/scanners.txt" --devices "$tmp/dev.jsonl" \
	-f csv >/dev/null
echo
echo "# import (Sonar-style CSV, hex payloads, 200k devices) and report, one core"
awk -v r="$ROWS" -v s="$secs" 'BEGIN { printf "%-40s %8.2f M rows/s (target >= 1)\n", "import", r / s / 1e6 }'
echo "import max RSS: $rss kB for $ROWS rows, $rss_small kB for $((ROWS / 10)) rows (same devices)"
echo "report (100k scanners x 200k devices): $(cat "$tmp/t2") s"
