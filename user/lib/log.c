// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#include "log.h"

int log_level = 1;
FILE *lib_log_capture;
