# Shared by the shell tests: fail, polling with a deadline, and namespaces that are always removed.
# Source it; set NETNS_LIST before calling netns_cleanup from an EXIT trap.

fail() {
	echo "${TEST_NAME:-test}: FAIL: $*" >&2
	exit 1
}

# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds; fail after SECONDS.
wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.2
	done
}

# has FILTER FILE: some JSON Lines record passes FILTER (jq 1.6's -e looks at the last only)
has() { jq -e -s "map($1) | length > 0" "$2" >/dev/null; }

NETNS_LIST=()
netns_add() {
	ip netns del "$1" 2>/dev/null || true
	ip netns add "$1"
	NETNS_LIST+=("$1")
	ip -n "$1" link set lo up
}

netns_cleanup() {
	local ns
	for ns in "${NETNS_LIST[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
}

# in_ns NS CMD...: run CMD in NS's network but the root's /sys (so /sys/fs/bpf pins are shared).
# Not for `in_ns ... &`: $! would be a subshell; put nsenter itself in the background.
in_ns() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}
