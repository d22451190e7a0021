/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The header scan of an SSDP message, for ssdp_parse.h: the newlines of the header block in
 * order, the headers of interest among the lines after them (ssdp_parse.h's comment says how),
 * a bpf_loop() step at a time. tests/scan_reference.h holds its definition.
 */
#ifndef SSDP_SCAN_H
#define SSDP_SCAN_H

#include "ssdp_words.h"

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
		/* a pair before the offset: a window that ends at the stop overlaps the bytes
		 * steps before it scanned, by up to all of it when they stopped at lines near the
		 * end (a pair's exact tests would cost each such step the whole window again) */
		if (8 * k + 16 <= *(volatile __u8 *)&s->skip)
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

#endif /* SSDP_SCAN_H */
