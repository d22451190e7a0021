/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The lab's address plan (scripts/lab-plan.tsv): which AS and country serve each address. */
#ifndef SSDPSIM_PLAN_H
#define SSDPSIM_PLAN_H

#include <json-c/json.h>
#include <stdint.h>

/* Read the plan. 0, or -1 after naming the file and line. */
int plan_load(const char *path);
/* addr's (host order) AS number (the first origin), AS name and country into a truth record:
 * asn, as_name, country, null where the plan names none; the longest prefix wins. */
void plan_add_json(uint32_t addr, json_object *o);

#endif
