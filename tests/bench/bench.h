/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* make bench: what bench.c and classifier.c share. */
#ifndef SSDPMAC_BENCH_H
#define SSDPMAC_BENCH_H

#include <stdint.h>
#include <stdio.h>

double now_ns(void);
void print_cpu(FILE *res);
/* The XDP programs' figures (classifier, hostile frames, worst frame, sensor; quick: the
 * classifier's first table only); 0 or -1. */
int classifier_bench(FILE *res, const char *worst_path, int quick);

#endif
