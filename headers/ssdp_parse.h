/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The SSDP parsing core, written once. bpf/ssdp.bpf.c builds it with clang -target bpf against
 * packet memory; user/ builds it with the host compiler against a buffer (pcap reading without
 * root, unit tests, fuzzing). Both must reach the same outcome and event for every input.
 *
 * Packet memory is only touched through ssdp_ld*(), which check every access against the
 * packet end (the verifier needs the check, userspace gets bounds safety from it), or through
 * ssdp_word() inside a window one check proved. The header block is scanned 8 bytes at a time for
 * newlines, a 256-byte window per bpf_loop() step: the line after a newline is decided in
 * registers as the words go by (ssdp_line_fast()), and only a line that needs more (the blank
 * line, a blank after a header name, several newlines in one word of which one may matter) ends
 * the step at one place in the code, ssdp_line(). The verifier checks the step once, not one path
 * per byte or per line; what it must not follow apart (a verdict, an offset) goes through the
 * scan state in a map value, which it does not track.
 */
#ifndef SSDP_PARSE_H
#define SSDP_PARSE_H

#include "net_parse.h"
#include "ssdpmac.h"

/* Offsets are masked with this before pointer arithmetic so the verifier sees them bounded. */
#define SSDP_OFF_MASK 0x3fff
/* Payload bytes scanned for headers: a full 1500-byte frame and the head of a jumbo frame. */
#define SSDP_SCAN_MAX 4096
/*
 * Lines read at most: those whose first byte may start a header of interest or end the block
 * (ssdp_line_may_matter(): u, s, n, l in any case, CR, LF). Every other line is stepped over
 * word-wise, never read; past this many the scan stops (SCAN_LIMIT when no USN was seen). A real
 * reply or NOTIFY reads 4 to 9 (LOCATION, SERVER, ST or NT, NTS, USN, SEARCHPORT..., the blank
 * line).
 */
#define SSDP_MAX_LINES 16

/* bpf_loop() steps: each consumes at least one line or a window. */
#define SSDP_MAX_STEPS (SSDP_SCAN_MAX / 2 + 2)
/* Words a step reads in a message too short for a window (the slow path, each load checked); each
 * word is verified once (its offsets are read afresh from the scan state), so the verifier's work
 * grows with this linearly. */
#define SSDP_WORDS_PER_STEP 8
/* Bytes a window step loads under one bounds check; it scans all but the last 16, which show
 * what follows a newline (a whole line head: LOCATION and its colon), but where the window ends
 * at the message's end. */
#define SSDP_WINDOW 256
#define ONES8	    0x0101010101010101ULL
#define HIGH8	    0x8080808080808080ULL
#define LOW7	    0x7f7f7f7f7f7f7f7fULL
#define CASE8	    0x2020202020202020ULL

enum {
	SSDP_H_USN,
	SSDP_H_SERVER,
	SSDP_H_ST,
	SSDP_H_LOCATION,
	SSDP_H_N
};

/* What one packet is: the packet bounds and, on the kernel side, its xdp_md. */
struct ssdp_pkt {
	const __u8 *data;
	const __u8 *end;
	__u32 len; /* end - data, computed by the caller as a scalar */
#ifdef __BPF__
	struct xdp_md *ctx; /* the bpf_loop() callback derives data and end from it */
#endif
};

/* Loader settings the parser needs. */
struct ssdp_cfg {
	__u16 dport_min; /* 0: accept any destination port */
	__u16 dport_max;
	__u16 ssdp_port;  /* where replies come from; 0: 1900 */
	__u32 port_check; /* 1: the destination port must be ssdp_probe_port(port_key, source) */
	__u64 port_key;
	__u32 any_port; /* 1: a reply or NOTIFY between any two ports is SSDP (captures) */
};

/*
 * How a datagram came to be read as SSDP. A device answers an M-SEARCH from 1900 or from an
 * ephemeral port, and announces itself (NOTIFY) from an ephemeral port to the group or to 1900:
 * the destination, the scan's key or the source port admits it, whatever the other port is.
 */
enum ssdp_via {
	SSDP_VIA_NONE,
	SSDP_VIA_SSDP_DST, /* to port 1900 or to the SSDP multicast group */
	SSDP_VIA_KEYED,	   /* to the port the scan keyed on this source: the key validates it */
	SSDP_VIA_FROM,	   /* from the SSDP port (1900 or --ssdp-port) */
	SSDP_VIA_ANY,	   /* any_port: only its payload says whether it is SSDP */
};

/*
 * State of the header scan. In the kernel it lives in a per-CPU map value, not on the stack: the
 * verifier cannot track map contents, so the bpf_loop() callback is verified once instead of
 * once per distinct offset. Zeroed by ssdp_parse_payload().
 */
struct ssdp_scan {
	__u32 off;		 /* next byte to look at */
	__u32 stop;		 /* first byte not scanned */
	__u16 val_off[SSDP_H_N]; /* header value start, 0: not seen; the blanks after the
				  * colon are stepped over at the end (ssdp_value_at()) */
	__u16 val_end[SSDP_H_N];
	__u8 open;  /* 1 + the header whose line end is still ahead (one at most), 0: none */
	__u8 ended; /* blank line: end of the header block */
	__u8 st_is_nt;
	__u8 lines;   /* lines read (handed to ssdp_line()) */
	__u8 limited; /* stopped at SSDP_MAX_LINES */
	/* passed through memory, so that the verifier sees each as one unknown value, not a
	 * constant or a range on each path (which it would follow apart through every word) */
	__u8 fast; /* ssdp_line_fast()'s verdict (ssdp_word_lines()) */
	__u8 skip; /* bytes of the window before the offset (ssdp_scan_step()) */
	__u8 more; /* the datagram goes on past the stop (capture or first XDP buffer cut it) */
};

/* What the parser found in one packet. */
struct ssdp_parsed {
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u8 kind;
	__u8 flags; /* SSDP_EV_* */
	__u8 via;   /* enum ssdp_via, SSDP_VIA_NONE until the ports admit the datagram */
	__u8 pad;
	__u16 val_off[SSDP_H_N];
	__u16 val_len[SSDP_H_N];
	__u8 uuid[16];
} __attribute__((aligned(8))); /* the addresses are stored a word at a time */

/* Load 8 or 4 bytes at p, which the caller proved within the packet. */
SSDP_INLINE __u64 ssdp_word(const __u8 *p)
{
#ifdef __BPF__
	return *(const __u64 *)p;
#else
	__u64 w;

	memcpy(&w, p, 8);
	return w;
#endif
}

SSDP_INLINE __u32 ssdp_word32(const __u8 *p)
{
#ifdef __BPF__
	return *(const __u32 *)p;
#else
	__u32 w;

	memcpy(&w, p, 4);
	return w;
#endif
}

SSDP_INLINE int ssdp_ld64(const __u8 *data, const __u8 *end, __u32 off, __u64 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 8 > end)
		return -1;
#ifdef __BPF__
	*out = *(const __u64 *)p;
#else
	memcpy(out, p, 8);
#endif
	return 0;
}

SSDP_INLINE int ssdp_ld32(const __u8 *data, const __u8 *end, __u32 off, __u32 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 4 > end)
		return -1;
#ifdef __BPF__
	*out = *(const __u32 *)p;
#else
	memcpy(out, p, 4);
#endif
	return 0;
}

SSDP_INLINE int ssdp_ld8(const __u8 *data, const __u8 *end, __u32 off)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);

	if (p + 1 > end)
		return -1;
	return *p;
}

/* High bit of each byte set exactly where w holds byte c (no false positives). */
SSDP_INLINE __u64 ssdp_bytes_eq(__u64 w, __u64 c)
{
	__u64 x = w ^ (c * ONES8);

	return ~(((x & LOW7) + LOW7) | x | LOW7);
}

/*
 * Index of the lowest flagged byte of a non-zero mask of high bits (no ctz in BPF): isolate it,
 * move it to bit 8k, and let a multiply shift the byte k of a ramp into the top byte.
 */
SSDP_INLINE __u32 ssdp_first_byte(__u64 m)
{
	__u64 b = (m & (~m + 1)) >> 7;

	return (__u32)((b * 0x0001020304050607ULL) >> 56);
}

/*
 * Eight characters, first in the lowest byte: the high bit of each byte that is not a hex digit
 * (0-9, a-f, A-F) set, SWAR. The range tests only hold for bytes below 0x80, which the first
 * term flags anyway.
 */
SSDP_INLINE __u64 ssdp_hex_bad(__u64 x)
{
	__u64 l = x | CASE8;
	__u64 digit, alpha;

	/* per byte: high bit set when lo <= b <= hi */
	digit = ((x | HIGH8) - 0x30 * ONES8) & ((0x39 * ONES8 | HIGH8) - x);
	alpha = ((l | HIGH8) - 0x61 * ONES8) & ((0x66 * ONES8 | HIGH8) - l);
	return (x | ~(digit | alpha)) & HIGH8;
}

/* Eight hex digits (first in the lowest byte) to four bytes, first in the lowest byte: the
 * value's bytes in memory order (little-endian). */
SSDP_INLINE __u32 ssdp_hex8(__u64 x)
{
	__u64 v = (x & 0x0f0f0f0f0f0f0f0fULL) + 9 * ((x >> 6) & ONES8);

	/* pair nibbles into bytes: the low byte of lane i (16 bits) gets (even << 4 | odd) */
	v = ((v & 0x00ff00ff00ff00ffULL) << 4) | ((v >> 8) & 0x00ff00ff00ff00ffULL);
	v = (v | v >> 8) & 0x0000ffff0000ffffULL;
	return (__u32)(v | v >> 16);
}

SSDP_INLINE void ssdp_put32(__u8 *o, __u32 v)
{
#ifdef __BPF__
	*(__u32 *)o = v;
#else
	memcpy(o, &v, 4);
#endif
}

/*
 * The 36-character text form 8-4-4-4-12 at off to 16 bytes. Returns 0, or -1 when the text is
 * short, a dash is missing or a digit is not hex. One bounds check for the 36 bytes.
 */
SSDP_INLINE int ssdp_uuid_at(const __u8 *data, const __u8 *end, __u32 off, __u8 *out)
{
	const __u8 *p = data + (off & SSDP_OFF_MASK);
	__u64 a, b, c, d;

	if (p + 36 > end)
		return -1;
	/* the dashes at 8, 13, 18, 23 */
	if ((ssdp_word(p + 8) & 0x0000ff00000000ffULL) != 0x00002d000000002dULL ||
	    (ssdp_word(p + 16) & 0xff00000000ff0000ULL) != 0x2d000000002d0000ULL)
		return -1;
	a = ssdp_word(p);
	b = ssdp_word32(p + 9) | (__u64)ssdp_word32(p + 14) << 32;
	c = ssdp_word32(p + 19) | (__u64)ssdp_word32(p + 24) << 32;
	d = ssdp_word(p + 28);
	if (ssdp_hex_bad(a) | ssdp_hex_bad(b) | ssdp_hex_bad(c) | ssdp_hex_bad(d))
		return -1;
	ssdp_put32(out, ssdp_hex8(a));
	ssdp_put32(out + 4, ssdp_hex8(b));
	ssdp_put32(out + 8, ssdp_hex8(c));
	ssdp_put32(out + 12, ssdp_hex8(d));
	return 0;
}

SSDP_INLINE int ssdp_is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * What the per-line code gets to find the packet: the xdp_md in the kernel (it reloads data and
 * data_end), the packet itself on the host.
 */
#ifdef __BPF__
#define ssdp_ctx_t struct xdp_md
#define SSDP_BOUNDS(c, d, e)                                                                       \
	do {                                                                                       \
		d = (const __u8 *)(long)(c)->data;                                                 \
		e = (const __u8 *)(long)(c)->data_end;                                             \
	} while (0)
/* Inline: a BPF function call costs a return (behind this host's return-stack mitigation, ~10
 * ns), and the step reaches the line code on one path only (see ssdp_scan_step()). */
#define SSDP_LINE_FN static __always_inline
#else
typedef const struct ssdp_pkt ssdp_ctx_t;
#define SSDP_BOUNDS(c, d, e)                                                                       \
	do {                                                                                       \
		d = (c)->data;                                                                     \
		e = (c)->end;                                                                      \
	} while (0)
#define SSDP_LINE_FN static inline
#endif

/* What the bpf_loop() callback gets. */
struct ssdp_walk {
	ssdp_ctx_t *ctx;
	struct ssdp_scan *s;
};

/* After a header name: blanks, a colon. Returns the offset after the colon, or 0 if none. */
SSDP_INLINE __u32 ssdp_colon_after(const __u8 *data, const __u8 *end, const struct ssdp_scan *s,
				   __u32 off)
{
	int i, c;

	for (i = 0; i < 4; i++) {
		c = ssdp_ld8(data, end, off);
		if (!ssdp_is_blank(c))
			break;
		off++;
	}
	if (off >= s->stop || ssdp_ld8(data, end, off) != ':')
		return 0;
	return off + 1;
}

/* Where a value after its colon at off - 1 starts: past up to 8 blanks, not past stop (at least
 * 8 bytes into the packet). One word, read so that it ends by the stop: what lies past it reads
 * as zeros, which are no blanks. */
SSDP_INLINE __u32 ssdp_value_at(const __u8 *data, const __u8 *end, __u32 off, __u32 stop)
{
	__u32 base = off + 8 > stop ? stop - 8 : off;
	__u64 w, v;

	if (off >= stop || ssdp_ld64(data, end, base, &w))
		return stop;
	w >>= 8 * ((off - base) & 7);
	v = ~(ssdp_bytes_eq(w, ' ') | ssdp_bytes_eq(w, '\t')) & HIGH8;
	off += v ? ssdp_first_byte(v) & 7 : 8;
	return off < stop ? off : stop;
}

/* Record the end of the header value still open, if any, at the newline at nl. */
SSDP_INLINE void ssdp_close_lines(struct ssdp_scan *s, __u32 nl)
{
	if (!s->open)
		return;
	s->val_end[(s->open - 1) & 3] = nl;
	s->open = 0;
}

/* A header's name length (enum order: USN, SERVER, ST or NT, LOCATION). */
#define SSDP_NAME_LEN(idx) (0x08020603u >> (8 * (idx)) & 0xff)

/* Record the first value of header idx, whose name (n bytes, first in the lowest byte of l,
 * lowercased) was followed by its colon, the value starting after it at v. */
SSDP_INLINE void ssdp_open_value(struct ssdp_scan *s, __u32 idx, __u32 v, __u64 l)
{
	s->val_off[idx & 3] = v;
	s->val_end[idx & 3] = s->stop;
	s->open = (idx & 3) + 1;
	if (idx == SSDP_H_ST)
		s->st_is_nt = (l & 0xffff) == 0x746e;
}

/* A line starts at q: is it one of the headers we keep? Returns 1 to stop the scan. */
SSDP_LINE_FN long ssdp_line(ssdp_ctx_t *ctx, struct ssdp_scan *s, __u32 q)
{
	const __u8 *data, *end;
	__u64 w, l;
	__u32 name, v, idx;
	int c;

	if (!ctx || !s)
		return 1;
	SSDP_BOUNDS(ctx, data, end);

	if (q >= s->stop)
		return 1;
	c = ssdp_ld8(data, end, q);
	if (c == '\r' || c == '\n') {
		s->ended = 1;
		return 1;
	}
	/* a header of interest with a value needs more than 8 bytes */
	if (q + 8 > s->stop || ssdp_ld64(data, end, q, &w))
		return 0;
	l = w | CASE8;
	/* names in any case; the byte after the name must be blank or a colon */
	if ((l & 0xffffff) == 0x6e7375 /* usn */ &&
	    ((w >> 24 & 0xff) == ':' || ssdp_is_blank(w >> 24 & 0xff))) {
		idx = SSDP_H_USN;
		name = 3;
	} else if ((l & 0xffffffffffffULL) == 0x726576726573ULL /* server */ &&
		   ((w >> 48 & 0xff) == ':' || ssdp_is_blank(w >> 48 & 0xff))) {
		idx = SSDP_H_SERVER;
		name = 6;
	} else if (((l & 0xffff) == 0x7473 /* st */ || (l & 0xffff) == 0x746e /* nt */) &&
		   ((w >> 16 & 0xff) == ':' || ssdp_is_blank(w >> 16 & 0xff))) {
		idx = SSDP_H_ST;
		name = 2;
	} else if (l == 0x6e6f697461636f6cULL /* location; what follows: ssdp_colon_after() */) {
		idx = SSDP_H_LOCATION;
		name = 8;
	} else {
		return 0;
	}
	if (s->val_off[idx & 3])
		return 0; /* the first occurrence counts */
	v = ssdp_colon_after(data, end, s, q + name);
	if (!v)
		return 0;
	ssdp_open_value(s, idx, v, l);
	return 0;
}

/* Non-zero when w holds a newline (exact as a yes/no; not for finding where). */
SSDP_INLINE __u64 ssdp_nl_any(__u64 w)
{
	__u64 x = w ^ (ONES8 * '\n');

	return (x - ONES8) & ~x & HIGH8;
}

/* Non-zero when w may hold a newline: exact but for bytes from 0x80 on, which pass too. */
SSDP_INLINE __u64 ssdp_nl_maybe(__u64 w)
{
	return ((w ^ (ONES8 * '\n')) - ONES8) & HIGH8;
}

/* Could a line starting with c be USN, SERVER, ST, NT, LOCATION, or the blank line ending the
 * block? */
SSDP_INLINE int ssdp_line_may_matter(int c)
{
	int l = c | 0x20;

	return l == 'u' || l == 's' || l == 'n' || l == 'l' || c == '\r' || c == '\n' || c < 0;
}

/* Where x holds a zero byte, its high bit set; also, through a borrow, at a 0x01 byte right above
 * a zero byte (3 operations where the exact test takes 5). */
SSDP_INLINE __u64 ssdp_zero_near(__u64 x)
{
	return (x - ONES8) & ~x;
}

/*
 * Bytes of nx (the bytes after those of w) that may start a line that matters, as
 * ssdp_line_may_matter() says: u, s, n, l in any case, CR, LF. Only for the newlines of w (the
 * result is masked with them): there it is exact. A borrow flags byte k + 1 only when byte k
 * matched; a newline's next byte is flagged at k + 1 only when w holds a newline at k + 1, that
 * is when byte k of nx is a newline: which matches only in the test for LF, and a newline right
 * after a newline ends the block there first.
 */
SSDP_INLINE __u64 ssdp_may_matter8(__u64 nx)
{
	__u64 lx = nx | CASE8;

	return (ssdp_zero_near(lx ^ ('u' * ONES8)) | ssdp_zero_near(lx ^ ('s' * ONES8)) |
		ssdp_zero_near(lx ^ ('n' * ONES8)) | ssdp_zero_near(lx ^ ('l' * ONES8)) |
		ssdp_zero_near(nx ^ ('\r' * ONES8)) | ssdp_zero_near(nx ^ ('\n' * ONES8))) &
	       HIGH8;
}

/* What the word scan decides alone about a line (ssdp_line_fast()). */
enum {
	SSDP_FAST_NONE,	 /* its first byte cannot matter: not read, not counted */
	SSDP_FAST_OTHER, /* it may matter but is no header we keep (or not as the first): counted */
	SSDP_FAST_SLOW,	 /* the blank line: ssdp_line() ends the scan */
	SSDP_FAST_HDR,	 /* + the header's index + 4 x the blanks between its name and colon */
};

/*
 * The line whose first 16 bytes are h, g (first byte lowest), as ssdp_line() would see it where
 * both lie before the stop: a header of interest with its colon (after up to 4 blanks, as
 * ssdp_colon_after() reads it), a line that may matter and is none, one that cannot matter, or
 * the blank line ending the block.
 */
SSDP_INLINE int ssdp_line_fast(__u64 h, __u64 g)
{
	__u64 l = h | CASE8, t, nb;
	int c = h & 0xff, lc = c | 0x20, idx, n, i;

	if (lc != 'u' && lc != 's' && lc != 'n' && lc != 'l')
		return c == '\r' || c == '\n' ? SSDP_FAST_SLOW : SSDP_FAST_NONE;
	if ((l & 0xffffff) == 0x6e7375 /* usn */) {
		idx = SSDP_H_USN;
		n = 3;
	} else if ((l & 0xffffffffffffULL) == 0x726576726573ULL /* server */) {
		idx = SSDP_H_SERVER;
		n = 6;
	} else if ((l & 0xffff) == 0x7473 /* st */ || (l & 0xffff) == 0x746e /* nt */) {
		idx = SSDP_H_ST;
		n = 2;
	} else if (l == 0x6e6f697461636f6cULL /* location */) {
		idx = SSDP_H_LOCATION;
		n = 8;
	} else {
		return SSDP_FAST_OTHER;
	}
	/* after the name: the colon, or blanks and then the colon; any other byte right after the
	 * name makes it no header (which ssdp_line() says in two steps) */
	t = n == 8 ? g : h >> (8 * n) | g << (64 - 8 * n);
	if ((t & 0xff) == ':')
		return SSDP_FAST_HDR + idx;
	if (!ssdp_is_blank(t & 0xff))
		return SSDP_FAST_OTHER;
	nb = ~(ssdp_bytes_eq(t, ' ') | ssdp_bytes_eq(t, '\t')) & HIGH8;
	i = nb ? ssdp_first_byte(nb) & 7 : 8;
	if (i > 4 || (t >> (8 * i) & 0xff) != ':')
		return SSDP_FAST_OTHER;
	return SSDP_FAST_HDR + idx + 4 * i;
}

/*
 * A word of a window holding newlines (mask m; the two words after it: w1, w2), at offset at of
 * the message, handled as the definition would: the value open, if any, closed at the first
 * newline, and the line after the last newline that may matter decided by ssdp_line_fast()
 * (counted, a header's value opened). Returns the position in the word of the newline whose line
 * ssdp_line() must handle instead (the blank line; one that may matter before another newline of
 * the word), or -1.
 */
SSDP_INLINE int ssdp_word_lines(struct ssdp_scan *s, __u64 w, __u64 w1, __u64 w2, __u64 m, __u32 at)
{
	__u64 h, g, c;
	__u32 j, hdr, lc;
	int r;

	if (m & (m - 1)) {
		if (s->open)
			ssdp_close_lines(s, at + (ssdp_first_byte(m) & 7));
		c = m & ssdp_may_matter8((w >> 8) | (w1 << 56));
		if (!c)
			return -1;
		j = ssdp_first_byte(c) & 7;
		if ((m >> (8 * j)) >> 8)
			return j;
	} else {
		j = ssdp_first_byte(m) & 7;
	}
	h = ((w >> 8) >> (8 * j)) | (w1 << (56 - 8 * j));
	/* most lines cannot matter (ssdp_line_may_matter(): u s n l in any case, CR, LF): one
	 * test, then only the value open, if any, ends here */
	lc = (h | 0x20) & 0xff;
	if (!(lc - 'l' < 10 && (0x285 >> (lc - 'l') & 1)) && lc != ('\r' | 0x20) &&
	    lc != ('\n' | 0x20)) {
		ssdp_close_lines(s, at + j);
		return -1;
	}
	g = ((w1 >> 8) >> (8 * j)) | (w2 << (56 - 8 * j));
	/* through the scan state: the verifier then sees one unknown verdict, not each constant on
	 * its own path (which it would follow apart through every word of the window) */
	s->fast = ssdp_line_fast(h, g);
	r = *(volatile __u8 *)&s->fast;
	if (r == SSDP_FAST_SLOW || (r != SSDP_FAST_NONE && s->lines >= SSDP_MAX_LINES))
		return j;
	ssdp_close_lines(s, at + j);
	if (r == SSDP_FAST_NONE)
		return -1;
	s->lines++;
	if (r == SSDP_FAST_OTHER)
		return -1;
	hdr = (r - SSDP_FAST_HDR) & 3;
	if (!s->val_off[hdr])
		ssdp_open_value(s, hdr,
				at + j + 2 + SSDP_NAME_LEN(hdr) + (((r - SSDP_FAST_HDR) >> 2) & 7),
				h | CASE8);
	return -1;
}

/* In a window: the word at k (8 * k bytes on from its start, base), with the two after it. Bytes
 * below skip (the window's offset of the first byte still to scan) are not looked at. */
#define SSDP_WINDOW_WORD(w, w1, w2, k)                                                             \
	do {                                                                                       \
		__u64 m_ = ssdp_bytes_eq(w, '\n');                                                 \
		int j_;                                                                            \
		__u32 skip_;                                                                       \
		skip_ = *(volatile __u8 *)&s->skip;                                                \
		if (8 * (k) < skip_)                                                               \
			m_ &= 8 * (k) + 8 <= skip_ ? 0 : ~0ULL << (8 * (skip_ - 8 * (k)));         \
		if (!m_)                                                                           \
			break;                                                                     \
		j_ = ssdp_word_lines(s, w, w1, w2, m_, base + 8 * (k));                            \
		if (j_ >= 0)                                                                       \
			return 8 * (k) + j_;                                                       \
	} while (0)

/*
 * A window of n bytes at base, in the packet at p (which one check bounded), scanned from off:
 * its first n - 16 bytes, lines decided there as they come (the last two words show what
 * follows a newline), or all of it where it ends at the stop (its last two words read as the
 * slow path does). Returns the window's offset of a newline whose line needs ssdp_line(), or
 * SSDP_WINDOW_ON (next window) or SSDP_WINDOW_END (the scan is done), s->off set for either.
 */
#define SSDP_WINDOW_ON	-1
#define SSDP_WINDOW_END -2
SSDP_INLINE int ssdp_window(struct ssdp_scan *s, const __u8 *p, __u32 base, __u32 off, __u32 stop,
			    const __u32 n)
{
	__u64 w, m, w0, w1, w2, w3, cm;
	__u32 k, skip;

	s->skip = off - base;
#ifdef __BPF__
	/* every load below from this p, which the caller's test bounded */
	asm volatile("" : "+r"(p));
#endif
	w2 = ssdp_word(p);
	w3 = ssdp_word(p + 8);
#ifdef __BPF__
#pragma unroll
#endif
	for (k = 0; k < n / 8 - 2; k += 2) {
		w0 = w2;
		w1 = w3;
		w2 = ssdp_word(p + 8 * k + 16);
		w3 = ssdp_word(p + 8 * k + 24);
		/* most 16-byte runs hold no newline: one cheap test for the pair (it also passes
		 * bytes from 0x80 on, which the exact test below drops) */
		if (!(ssdp_nl_maybe(w0) | ssdp_nl_maybe(w1)))
			continue;
		SSDP_WINDOW_WORD(w0, w1, w2, k);
		SSDP_WINDOW_WORD(w1, w2, w3, k + 1);
	}
	if (*(volatile __u32 *)&s->off + n <= stop) {
		s->off = base + n - 16;
		return SSDP_WINDOW_ON;
	}
	/* the window ends at the stop: its last two words as the slow path reads them */
	for (k = n / 8 - 2; k < n / 8; k++) {
		w = k == n / 8 - 2 ? w2 : w3;
		m = ssdp_bytes_eq(w, '\n');
		skip = *(volatile __u8 *)&s->skip;
		if (8 * k < skip)
			m &= 8 * k + 8 <= skip ? 0 : ~0ULL << (8 * (skip - 8 * k));
		if (!m)
			continue;
		/* a newline in the last byte: its line starts at the stop */
		cm = s->open ? m
			     : m & (ssdp_may_matter8((w >> 8) | (k == n / 8 - 1 ? 0 : w3 << 56)) |
				    (k == n / 8 - 1 ? HIGH8 << 56 : 0));
		if (cm)
			return 8 * k + (ssdp_first_byte(cm) & 7);
	}
	s->off = stop;
	return SSDP_WINDOW_END;
}

/*
 * One bpf_loop() step: a window (ssdp_window()) of SSDP_WINDOW bytes, or of 128 in a packet
 * shorter than that; in a message shorter than either, a word at a time, each load checked.
 * Where the window stopped at a newline whose line needs more, ssdp_line() reads it.
 */
static __attribute__((unused)) long ssdp_scan_step(__u32 i, void *arg)
{
	struct ssdp_walk *walk = arg;
	struct ssdp_scan *s = walk->s;
	__u32 off = s->off, stop = s->stop, base, k;
	const __u8 *data, *end, *p;
	__u64 w = 0, m = 0;
	int c, pos;

	SSDP_BOUNDS(walk->ctx, data, end);
	if (off >= stop)
		return 1;
	base = off + SSDP_WINDOW <= stop ? off : stop - SSDP_WINDOW;
	p = data + (base & SSDP_OFF_MASK);
	if (stop >= SSDP_WINDOW && p + SSDP_WINDOW <= end) {
		pos = ssdp_window(s, p, base, off, stop, SSDP_WINDOW);
		goto window;
	}
	base = off + SSDP_WINDOW / 2 <= stop ? off : stop - SSDP_WINDOW / 2;
	p = data + (base & SSDP_OFF_MASK);
	if (stop >= SSDP_WINDOW / 2 && p + SSDP_WINDOW / 2 <= end) {
		pos = ssdp_window(s, p, base, off, stop, SSDP_WINDOW / 2);
	window:
		if (pos == SSDP_WINDOW_ON)
			return 0;
		if (pos == SSDP_WINDOW_END)
			return 1;
		s->off = base + pos;
	} else {
		/* near the end: a word at a time, each load checked; lines that cannot matter are
		 * stepped over here too, a word's at once. The offsets are read afresh from the
		 * scan state for each word: the verifier then checks each word once, not once for
		 * each range the window's test and the words before narrowed them to. */
		__u8 open = s->open;
		__u64 c;
		int nb;

		stop = *(volatile __u32 *)&s->stop;
		for (k = 0; k < SSDP_WORDS_PER_STEP; k++) {
			off = *(volatile __u32 *)&s->off;
			if (off >= stop)
				return 1;
			base = off + 8 > stop ? stop - 8 : off;
			if (ssdp_ld64(data, end, base, &w))
				return 1;
			/* exact matches here: bytes below off are masked out */
			m = ssdp_bytes_eq(w, '\n') & (~0ULL << (((off - base) & 7) * 8));
			if (m) {
				/* the byte after the word; at the stop, a newline there ends the
				 * scan */
				nb = base + 8 < stop ? ssdp_ld8(data, end, base + 8) : '\n';
				c = open ? m
					 : m & ssdp_may_matter8((w >> 8) |
								((__u64)(nb & 0xff) << 56));
				if (c) {
					s->off = base + (ssdp_first_byte(c) & 7);
					goto line;
				}
			}
			s->off = base + 8;
		}
		return 0;
	}
line:
	/*
	 * The newline, read back from the map value: every path above arrives here with the same
	 * unknown offset, so the verifier checks the line code below once, not once per word.
	 */
	off = *(volatile __u32 *)&s->off;
	ssdp_close_lines(s, off);
	s->off = off + 1;
	if (off + 1 >= stop)
		return 1;
	c = ssdp_ld8(data, end, off + 1);
	if (!ssdp_line_may_matter(c))
		return 0;
	if (++s->lines > SSDP_MAX_LINES) {
		s->limited = 1;
		return 1;
	}
	return ssdp_line(walk->ctx, s, off + 1) ? 1 : 0;
}

/* The outcomes that send an event (the others are only counted). */
SSDP_INLINE int ssdp_carries_event(int out)
{
	return out == SSDP_OUT_EVENT || out == SSDP_OUT_EVENT_TEXT ||
	       out == SSDP_OUT_EVENT_UUID_TEXT;
}

/* The start line at pay: "HTTP/1.x 200" (a reply) or "NOTIFY *". Sets r->kind; 0 or -1. */
SSDP_INLINE int ssdp_start_line(const struct ssdp_pkt *pkt, __u32 pay, __u32 stop,
				struct ssdp_parsed *r)
{
	__u64 w0, w1;

	if (pay + 16 > stop || ssdp_ld64(pkt->data, pkt->end, pay, &w0) ||
	    ssdp_ld64(pkt->data, pkt->end, pay + 8, &w1))
		return -1;
	if ((w0 & 0x00ffffffffffffffULL) == 0x002e312f50545448ULL /* HTTP/1. */ &&
	    (w1 & 0xffffffff) == 0x30303220 /* " 200" */)
		r->kind = SSDP_KIND_REPLY;
	else if (w0 == 0x2a20594649544f4eULL /* NOTIFY * */)
		r->kind = SSDP_KIND_NOTIFY;
	else
		return -1;
	return 0;
}

/*
 * What a finished header scan s means: the values (a trailing CR is not part of one), and the
 * outcome; the UUID for EVENT. stop: where the scan stopped; full_end: where the datagram ends.
 */
/*
 * Where the values of headers [from, to) of a finished scan lie in r (a trailing CR is not part
 * of one). Each value's start goes through the scan state: the verifier then sees one unknown
 * offset, not one per number of blanks (which it would follow apart through the rest).
 */
SSDP_INLINE void ssdp_scan_values(const struct ssdp_pkt *pkt, struct ssdp_scan *sp,
				  struct ssdp_parsed *r, int from, int to)
{
	const __u8 *data = pkt->data, *end = pkt->end;
	int i;

	for (i = from; i < to; i++)
		if (sp->val_off[i])
			sp->val_off[i] = ssdp_value_at(data, end, sp->val_off[i], sp->stop);
	for (i = from; i < to; i++) {
		__u32 vo = *(volatile __u16 *)&sp->val_off[i], ve = sp->val_end[i];

		if (!vo)
			continue;
		if (ve > vo && ssdp_ld8(data, end, ve - 1) == '\r')
			ve--;
		r->val_off[i] = vo;
		r->val_len[i] = ve > vo ? ve - vo : 0;
	}
}

/* The values a finished scan found but the USN's (which ssdp_scan_result() makes): the kernel
 * makes them for an event only, not for a reply seen before. */
#define ssdp_other_values(pkt, sp, r) ssdp_scan_values(pkt, sp, r, SSDP_H_USN + 1, SSDP_H_N)

SSDP_INLINE int ssdp_scan_result(const struct ssdp_pkt *pkt, struct ssdp_scan *sp,
				 struct ssdp_parsed *r)
{
	const __u8 *data = pkt->data, *end = pkt->end;
	__u64 w0;
	__u32 uo;

	ssdp_scan_values(pkt, sp, r, SSDP_H_USN, SSDP_H_USN + 1);
	if (sp->st_is_nt)
		r->flags |= SSDP_EV_NOTIFY_NT;

	uo = *(volatile __u16 *)&sp->val_off[SSDP_H_USN];
	if (!uo) {
		/* the header block did not end where we stopped: the USN may lie beyond */
		if (sp->limited || (!sp->ended && sp->more))
			return SSDP_OUT_SCAN_LIMIT;
		return SSDP_OUT_NO_USN;
	}
	if (r->val_len[SSDP_H_USN] < 5 || ssdp_ld64(data, end, uo, &w0) ||
	    ((w0 | CASE8) & 0xffffffffULL) != 0x64697575 /* uuid */ || (w0 >> 32 & 0xff) != ':')
		return SSDP_OUT_EVENT_TEXT;
	if (r->val_len[SSDP_H_USN] < 41 || ssdp_uuid_at(data, end, uo + 5, r->uuid))
		return SSDP_OUT_EVENT_UUID_TEXT;
	r->flags |= SSDP_EV_UUID;
	return SSDP_OUT_EVENT;
}

/*
 * The SSDP message in [pay, stop) of the packet; the datagram really ends at full_end (beyond
 * stop when the capture or the first XDP buffer cut it). Returns the outcome; for the three that
 * carry an event, *r says where the header values are (and the UUID for EVENT).
 * By definition the scan visits every newline in order, closes the values still open there and
 * hands the next line to ssdp_line() until it says stop; ssdp_scan_step() does that a window at
 * a time (tests/unit/test_parse.c holds it to the definition).
 */
SSDP_INLINE int ssdp_parse_payload(const struct ssdp_pkt *pkt, __u32 pay, __u32 stop,
				   __u32 full_end, struct ssdp_parsed *r, struct ssdp_scan *sp)
{
#ifdef __BPF__
	struct ssdp_walk walk = {.ctx = pkt->ctx, .s = sp};
#else
	struct ssdp_walk walk = {.ctx = pkt, .s = sp};
#endif

	if (stop > pay + SSDP_SCAN_MAX)
		stop = pay + SSDP_SCAN_MAX;
	if (ssdp_start_line(pkt, pay, stop, r)) /* between two other ports: no SSDP at all */
		return r->via == SSDP_VIA_ANY ? SSDP_OUT_NOT_SSDP : SSDP_OUT_NOT_REPLY;
	__builtin_memset(sp, 0, sizeof(*sp));
	sp->off = pay;
	sp->stop = stop;
	sp->more = full_end > stop;
	/* nothing of this frame's own offsets is used past the scan but through sp: the verifier
	 * then checks the scan once for every way of reaching it (IPv4 or 6, VLANs, reply or
	 * NOTIFY...), not once for each */
	SSDP_LOOP(SSDP_MAX_STEPS, ssdp_scan_step, &walk);
	if (sp->open) /* a value running to the end of what was scanned */
		ssdp_close_lines(sp, sp->stop);
#ifdef __BPF__
	{
		/* the packet's bounds afresh: the ones above carry what each way of parsing
		 * proved about them, which the verifier would tell apart */
		const struct ssdp_pkt fresh = {.data = (const __u8 *)(long)pkt->ctx->data,
					       .end = (const __u8 *)(long)pkt->ctx->data_end};

		/* the other values: emit(), for an event only */
		return ssdp_scan_result(&fresh, sp, r);
	}
#else
	ssdp_other_values(pkt, sp, r);
	return ssdp_scan_result(pkt, sp, r);
#endif
}

/* Is the IPv4 or IPv6 destination the SSDP group (239.255.255.250, ff0X::c of any scope)? */
SSDP_INLINE int ssdp_to_group(const __u8 *ip, const __u8 *end, int v6)
{
	__u64 w0, w1;
	__u32 d;

	if (!v6)
		return !ssdp_ld32(ip, end, 16, &d) && d == 0xfaffffef;
	if (ssdp_ld64(ip, end, 24, &w0) || ssdp_ld64(ip, end, 32, &w1))
		return 0;
	return (w0 & 0xfffffffffffff0ffULL) == 0xff && (w0 & 0x0f00) && w1 == 0x0c00000000000000ULL;
}

#ifdef __BPF__
/* the loader's settings in .rodata: each read where it is used, not all at once up front */
#define SSDP_CFG_QUAL volatile
#else
#define SSDP_CFG_QUAL
#endif

/*
 * ssdp_parse_udp() from the UDP header at l4 (the IP header at l3, IPv6 when v6) on: inlined once
 * with the constant offsets of the common frame and once with those net_parse() found.
 */
SSDP_INLINE int ssdp_parse_udp_at(const struct ssdp_pkt *pkt,
				  const SSDP_CFG_QUAL struct ssdp_cfg *cfg, struct ssdp_parsed *r,
				  __u32 *pay, __u32 *stop, __u32 *full, __u32 l3, __u32 l4, int v6)
{
	const __u8 *udp, *ip;
	__u32 ulen;
	__u16 sport, dport, from;
	__u64 sa, sb = 0, da, db = 0; /* the addresses, as struct ssdp_event holds them */
	__u32 d4;
	__u8 via = SSDP_VIA_SSDP_DST;

	udp = pkt->data + l4;
	if (udp + 8 > pkt->end)
		return SSDP_OUT_TRUNCATED;
	ip = pkt->data + (l3 & 0xff);
	sport = __builtin_bswap16(net_raw16(udp));
	dport = __builtin_bswap16(net_raw16(udp + 2));
	from = cfg->ssdp_port ? cfg->ssdp_port : SSDP_PORT;
	if (dport != SSDP_PORT && !ssdp_to_group(ip, pkt->end, v6)) {
		if (sport != from && !cfg->port_check && !cfg->any_port)
			return SSDP_OUT_NOT_SSDP;
		via = SSDP_VIA_NONE;
	}
	ulen = __builtin_bswap16(net_raw16(udp + 4));
	if (ulen < 8)
		return SSDP_OUT_TRUNCATED;
	/* net_parse() proved the IP header within the packet: this tells the verifier */
	if (v6) {
		if (ip + 40 > pkt->end)
			return SSDP_OUT_TRUNCATED;
		sa = ssdp_word(ip + 8);
		sb = ssdp_word(ip + 16);
	} else {
		if (ip + 20 > pkt->end)
			return SSDP_OUT_TRUNCATED;
		sa = ssdp_word32(ip + 12);
	}
	if (!via) {
		if (cfg->port_check && dport == ssdp_probe_port_ab(cfg->port_key, sa, sb)) {
			via = SSDP_VIA_KEYED;
		} else if (sport == from) {
			/* from the SSDP port to a port this scan did not key, or outside --dport */
			if (cfg->port_check ||
			    (cfg->dport_min && (dport < cfg->dport_min || dport > cfg->dport_max)))
				return SSDP_OUT_UNSOLICITED;
			via = SSDP_VIA_FROM;
		} else if (cfg->any_port) {
			via = SSDP_VIA_ANY;
		} else {
			return SSDP_OUT_NOT_SSDP;
		}
	}
	/* admitted: the destination too (read only now, so nothing is held across the above) */
	if (v6) {
		if (ssdp_ld64(ip, pkt->end, 24, &da) || ssdp_ld64(ip, pkt->end, 32, &db))
			return SSDP_OUT_TRUNCATED;
	} else {
		if (ssdp_ld32(ip, pkt->end, 16, &d4))
			return SSDP_OUT_TRUNCATED;
		da = d4;
	}
	__builtin_memset(r, 0, sizeof(*r));
	__builtin_memcpy(r->saddr, &sa, 8);
	__builtin_memcpy(r->saddr + 8, &sb, 8);
	__builtin_memcpy(r->daddr, &da, 8);
	__builtin_memcpy(r->daddr + 8, &db, 8);
	r->flags = v6 ? SSDP_EV_IPV6 : 0;
	r->sport = sport;
	r->dport = dport;
	r->via = via;
	*pay = l4 + 8;
	*full = l4 + ulen;
	*stop = *full > pkt->len ? pkt->len : *full; /* cut capture, or further XDP frags */
	return -1;
}

/* ssdp_parse_udp() for any frame, without its shortcut (what the shortcut must equal). */
SSDP_INLINE int ssdp_parse_udp_any(const struct ssdp_pkt *pkt,
				   const SSDP_CFG_QUAL struct ssdp_cfg *cfg, struct ssdp_parsed *r,
				   __u32 *pay, __u32 *stop, __u32 *full)
{
	struct net_l3 n = {};
	int ret;

	/* no lookup table: a static array would land in .rodata beside the tunables */
	ret = net_parse(pkt->data, pkt->end, &n);
	if (ret != NET_OK)
		return ret == NET_NOT_IP      ? SSDP_OUT_NOT_IP
		       : ret == NET_FRAGMENT  ? SSDP_OUT_FRAGMENT
		       : ret == NET_EXT_LIMIT ? SSDP_OUT_IP6_EXT_LIMIT
					      : SSDP_OUT_TRUNCATED;
	if (n.proto != IPPROTO_UDP_)
		return SSDP_OUT_NOT_UDP;
	if (n.l4 > 0x3f0)
		return SSDP_OUT_IP6_EXT_LIMIT;
	return ssdp_parse_udp_at(pkt, cfg, r, pay, stop, full, n.l3, n.l4 & 0x3ff, n.v6);
}

/*
 * Up to the UDP payload. For SSDP that the ports (or the group) admit, r gets the addresses,
 * ports and how it was admitted, and [*pay, *stop) the message (*full: where the datagram really
 * ends). Returns an outcome or -1. The ports decide before anything is copied: a UDP datagram
 * that nothing admits costs two compares and the group's (one more with any_port or
 * port_check), and a reply to a port the scan did not key costs the key's hash of the source,
 * read in place. Nothing the admitted path needs is kept across the turning away, so that path
 * holds no state the compiler would spill. The common frame (net_plain_udp4()) goes with
 * constant offsets, none of net_parse()'s: 105 -> 64 BPF instructions for a non-SSDP datagram.
 */
SSDP_INLINE int ssdp_parse_udp(const struct ssdp_pkt *pkt, const SSDP_CFG_QUAL struct ssdp_cfg *cfg,
			       struct ssdp_parsed *r, __u32 *pay, __u32 *stop, __u32 *full)
{
	if (net_plain_udp4(pkt->data, pkt->end))
		return ssdp_parse_udp_at(pkt, cfg, r, pay, stop, full, NET_PLAIN_L3, NET_PLAIN_L4,
					 0);
	return ssdp_parse_udp_any(pkt, cfg, r, pay, stop, full);
}

/* Parse one frame from its Ethernet header on. */
SSDP_INLINE int ssdp_parse(const struct ssdp_pkt *pkt, const struct ssdp_cfg *cfg,
			   struct ssdp_parsed *r, struct ssdp_scan *scratch)
{
	__u32 pay, stop, full;
	int ret;

	ret = ssdp_parse_udp(pkt, cfg, r, &pay, &stop, &full);
	if (ret >= 0)
		return ret;
	return ssdp_parse_payload(pkt, pay, stop, full, r, scratch);
}

/* The identity of a USN value that is no UUID: two 64-bit hashes over its zero-padded text. */
SSDP_INLINE void ssdp_raw_id(const char *usn /* SSDP_SNIP_LEN bytes */, __u8 *id)
{
	__u64 h1 = 0xcbf29ce484222325ULL, h2 = 0x84222325cbf29ce4ULL, c;
	__u32 i;

	for (i = 0; i < SSDP_SNIP_LEN / 8; i++) {
		__builtin_memcpy(&c, usn + i * 8, 8);
		h1 = (h1 ^ c) * 0x100000001b3ULL;
		h1 ^= h1 >> 29;
		h2 = (h2 ^ c) * 0x9e3779b97f4a7c15ULL + i;
		h2 ^= h2 >> 31;
	}
	__builtin_memcpy(id, &h1, 8);
	__builtin_memcpy(id + 8, &h2, 8);
}

#endif /* SSDP_PARSE_H */
