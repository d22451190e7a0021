#!/usr/bin/env bash
# Install every Debian package the build, the tests and the demo need. Idempotent; quick when
# everything is there already (one dpkg query, no network).
set -euo pipefail

PKGS=(
	clang llvm libbpf-dev libxdp-dev bpftool xdp-tools libcmocka-dev ieee-data libelf-dev
	zlib1g-dev pkg-config iproute2 libpcap-dev libjson-c-dev libclang-rt-14-dev make gcc
	tcpdump jq bsdextrautils libmicrohttpd-dev prometheus curl gnuplot-nox zmap time
	libcurl4-openssl-dev libxml2-dev nmap libmaxminddb-dev libmaxmind-db-writer-perl
	cmark-gfm python3
	strace man-db groff-base systemd util-linux
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}; run as root (sudo make deps)" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
