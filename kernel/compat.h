/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels mgm supports (Debian's 6.1 and 6.12).
 * Every version test lives here, never in the other files.
 */
#ifndef _MGM_COMPAT_H
#define _MGM_COMPAT_H

#include <linux/version.h>

#endif /* _MGM_COMPAT_H */
