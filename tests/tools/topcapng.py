#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""topcapng IN.pcap OUT.pcapng: the same packets as pcapng (section header, one Ethernet
interface, an enhanced packet block each; microsecond times), for seeding the capture fuzzer."""
import struct
import sys


def block(kind, body):
    body += b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack("<II", kind, n) + body + struct.pack("<I", n)


def main(src, dst):
    data = open(src, "rb").read()
    magic, _, _, _, _, snap, link = struct.unpack("<IHHiIII", data[:24])
    if magic != 0xA1B2C3D4:
        sys.exit(f"{src}: not a little-endian microsecond pcap")
    out = [block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)),
           block(1, struct.pack("<HHI", link, 0, snap))]
    off = 24
    while off + 16 <= len(data):
        sec, usec, cap, length = struct.unpack("<IIII", data[off:off + 16])
        ts = sec * 1000000 + usec
        out.append(block(6, struct.pack("<IIIII", 0, ts >> 32, ts & 0xFFFFFFFF, cap, length)
                         + data[off + 16:off + 16 + cap]))
        off += 16 + cap
    open(dst, "wb").write(b"".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])
