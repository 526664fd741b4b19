/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmgm: internals of the Win32-compatible API (lib/win32*.c).  The pure
 * parts (error mapping, masks, record packing, the enumeration buffer
 * protocol of spec §4.0) live in lib/win32_pack.c, which needs no kernel
 * and is unit-tested on the host by selftests/mgm_win32.c --unit.
 */
#ifndef _LIBMGM_WIN32_INTERNAL_H
#define _LIBMGM_WIN32_INTERNAL_H

#include <mgm/mgm.h>
#include <mgm/win32.h>

/* Record layouts of the MFE functions: dwFlags of the *Stats functions. */
enum mgm_w32_level {
	MGM_W32_MFE = 0,	/* MIB_IPMCAST_MFE */
	MGM_W32_STATS = MGM_MFE_STATS_0,	/* MIB_IPMCAST_MFE_STATS */
	MGM_W32_STATS_EX = MGM_MFE_STATS_1,	/* MIB_IPMCAST_MFE_STATS_EX */
};

/* A negative errno of the native API as a Win32 code (spec §A.4). */
DWORD mgm_w32_error(int err);

/* A mask as a prefix length; -EINVAL if it is not contiguous. */
int mgm_w32_mask_len(DWORD mask_be, uint8_t *len);
/* A prefix length (0..32) as a mask, network byte order. */
DWORD mgm_w32_len_mask(uint8_t len);

/* Bytes of one record of @level with @n_oifs interfaces; 0: bad level. */
DWORD mgm_w32_record_size(int level, unsigned int n_oifs);

/* Write the record of @mi at @buf (mgm_w32_record_size() bytes). */
void mgm_w32_pack_mfe(int level, const struct mgm_mfe_info *mi, void *buf);

/* Write the SOURCE_GROUP_ENTRY of @sg at @buf. */
void mgm_w32_pack_group(const struct mgm_sg *sg, void *buf);

/*
 * The enumeration buffer protocol (spec §4.0): records are appended while
 * they fit; the first that does not ends the call.
 */
struct mgm_w32_fill {
	PBYTE buf;
	DWORD cap;		/* *pdwBufferSize on entry */
	DWORD used;
	DWORD n;		/* records copied */
	DWORD first_size;	/* size of a first record that did not fit */
	int more;		/* a record remained after the copied ones */
};

void mgm_w32_fill_init(struct mgm_w32_fill *f, PBYTE buf, DWORD cap);
/*
 * The most records an enumeration needs to see when each takes at least
 * @min_size bytes: those that can fit, and one more to tell whether more
 * remain (the kernel's dump-max).
 */
uint32_t mgm_w32_fill_max(const struct mgm_w32_fill *f, DWORD min_size);
/*
 * Room for the next record of @size bytes: its place in the buffer, or
 * NULL when it does not fit (the enumeration must stop there).
 */
void *mgm_w32_fill_next(struct mgm_w32_fill *f, DWORD size);
/*
 * The return code of the call; writes *pdwNumEntries always and
 * *pdwBufferSize only for ERROR_INSUFFICIENT_BUFFER.
 */
DWORD mgm_w32_fill_done(const struct mgm_w32_fill *f, PDWORD pdwBufferSize,
			PDWORD pdwNumEntries);

#endif /* _LIBMGM_WIN32_INTERNAL_H */
