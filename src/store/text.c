/* parley: the run store's compressed texts (schema version 2; docs/store.md).
 *
 * A text is a scenario's JSON or a rendered output.  It is kept as a raw
 * LZMA2 stream (liblzma, no .xz container), either alone (a "base") or
 * with an earlier base text as LZMA's preset dictionary: then it costs only
 * what differs from the base.  Ten forecasts of one scenario print nearly
 * the same 30-60 kB each, so all but the first take about 100 bytes each.
 * A base never has a base itself, so reading any text decodes at most two.
 * SPDX-License-Identifier: MIT
 */
#include <lzma.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

/* Texts above this are refused (LZMA2's dictionary is at most 1.5 GiB). */
#define TEXT_MAX (1ULL << 30)

/* The dictionary size of a text of n bytes with a base of b bytes: the
 * smallest power of two that holds both, at least LZMA's 4 KiB.  Encoder
 * and decoder compute it alike, so it is not stored. */
static uint32_t dict_size(size_t b, size_t n) {
    uint64_t want = (uint64_t)b + (uint64_t)n, d = LZMA_DICT_SIZE_MIN;
    while (d < want)
        d <<= 1;
    return (uint32_t)d;
}

static void lzma2_options(lzma_options_lzma *o, const char *base, size_t base_len, size_t n) {
    /* preset 2: a tenth of preset 6's time for deltas as small and bases
     * about 10 % larger (measured on forecast outputs) */
    lzma_lzma_preset(o, 2);
    o->dict_size = dict_size(base_len, n);
    o->lc = 3;
    o->lp = 0;
    o->pb = 2;
    o->preset_dict = (const uint8_t *)base;
    o->preset_dict_size = (uint32_t)base_len;
}

/* Encodes text[0..n) with base[0..base_len) (may be empty) as dictionary
 * into a new buffer *out of *out_len bytes; 0 on success. */
static int encode(const char *base, size_t base_len, const char *text, size_t n, uint8_t **out,
                  size_t *out_len) {
    lzma_options_lzma o;
    lzma2_options(&o, base_len ? base : NULL, base_len, n);
    lzma_filter f[2] = {{LZMA_FILTER_LZMA2, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    size_t cap = lzma_stream_buffer_bound(n), pos = 0;
    uint8_t *buf = malloc(cap ? cap : 1);
    if (!buf)
        return -1;
    if (lzma_raw_buffer_encode(f, NULL, (const uint8_t *)text, n, buf, &pos, cap) != LZMA_OK) {
        free(buf);
        return -1;
    }
    *out = buf;
    *out_len = pos;
    return 0;
}

static parley_status decode(const char *base, size_t base_len, const uint8_t *z, size_t z_len,
                            size_t n, parley_buf *out) {
    lzma_options_lzma o;
    lzma2_options(&o, base_len ? base : NULL, base_len, n);
    lzma_filter f[2] = {{LZMA_FILTER_LZMA2, &o}, {LZMA_VLI_UNKNOWN, NULL}};
    char *text = malloc(n + 1);
    if (!text)
        return PARLEY_ENOMEM;
    size_t in_pos = 0, out_pos = 0;
    lzma_ret r = lzma_raw_buffer_decode(f, NULL, z, &in_pos, z_len, (uint8_t *)text, &out_pos, n);
    parley_status s = PARLEY_OK;
    if (r == LZMA_MEM_ERROR)
        s = PARLEY_ENOMEM;
    else if ((r != LZMA_OK && r != LZMA_STREAM_END) || in_pos != z_len || out_pos != n)
        s = PARLEY_EDATA;
    else if (parley_buf_append(out, text, n) != PARLEY_OK)
        s = PARLEY_ENOMEM;
    free(text);
    return s;
}

/* Reads text id as it is stored: its base's id (0 for none), size and
 * encoded body (copied into *z).  SQLITE_ROW on success. */
static int read_row(sqlite3 *db, long long id, long long *base, size_t *size, uint8_t **z,
                    size_t *z_len) {
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT coalesce(base, 0), size, body FROM texts WHERE id = ?1",
                                -1, &q, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_int64(q, 1, id);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *base = sqlite3_column_int64(q, 0);
        sqlite3_int64 sz = sqlite3_column_int64(q, 1);
        const void *body = sqlite3_column_blob(q, 2);
        *z_len = (size_t)sqlite3_column_bytes(q, 2);
        *size = sz >= 0 && (unsigned long long)sz <= TEXT_MAX ? (size_t)sz : (size_t)-1;
        *z = malloc(*z_len ? *z_len : 1);
        if (!*z)
            rc = SQLITE_NOMEM;
        else if (*z_len)
            memcpy(*z, body, *z_len);
    }
    sqlite3_finalize(q);
    return rc;
}

parley_status parley_i_text_get(sqlite3 *db, long long id, parley_buf *out, int *sql_rc) {
    long long base = 0;
    size_t n = 0, z_len = 0;
    uint8_t *z = NULL;
    *sql_rc = read_row(db, id, &base, &n, &z, &z_len);
    if (*sql_rc == SQLITE_DONE)
        return PARLEY_EDATA; /* a reference to a missing text */
    if (*sql_rc != SQLITE_ROW)
        return *sql_rc == SQLITE_NOMEM ? PARLEY_ENOMEM : PARLEY_EIO;
    *sql_rc = SQLITE_OK;
    parley_status s = PARLEY_OK;
    parley_buf dict;
    parley_buf_init(&dict);
    if (n == (size_t)-1) {
        s = PARLEY_EDATA;
    } else if (base != 0) {
        /* a base has no base: one level, never a chain or a loop */
        long long bb = 0;
        size_t bn = 0, bz_len = 0;
        uint8_t *bz = NULL;
        *sql_rc = read_row(db, base, &bb, &bn, &bz, &bz_len);
        if (*sql_rc == SQLITE_ROW) {
            *sql_rc = SQLITE_OK;
            s = bb != 0 || bn == (size_t)-1 ? PARLEY_EDATA : decode(NULL, 0, bz, bz_len, bn, &dict);
        } else {
            s = *sql_rc == SQLITE_DONE    ? PARLEY_EDATA
                : *sql_rc == SQLITE_NOMEM ? PARLEY_ENOMEM
                                          : PARLEY_EIO;
            if (*sql_rc == SQLITE_DONE)
                *sql_rc = SQLITE_OK;
        }
        free(bz);
    }
    if (s == PARLEY_OK)
        s = decode(dict.data, dict.len, z, z_len, n, out);
    parley_buf_destroy(&dict);
    free(z);
    return s;
}

long long parley_i_text_put(sqlite3 *db, const char *text, size_t n, long long base,
                            parley_status *why) {
    *why = PARLEY_OK;
    if ((unsigned long long)n > TEXT_MAX) {
        *why = PARLEY_EIO;
        return -1;
    }
    uint8_t *alone = NULL, *delta = NULL;
    size_t alone_len = 0, delta_len = 0;
    if (encode(NULL, 0, text, n, &alone, &alone_len) != 0) {
        *why = PARLEY_ENOMEM;
        return -1;
    }
    /* with the base as dictionary; kept only when it at least halves the
     * text's size, so that a text unlike its base becomes a base itself */
    if (base > 0) {
        parley_buf b;
        parley_buf_init(&b);
        int rc = SQLITE_OK;
        parley_status s = parley_i_text_get(db, base, &b, &rc);
        if (s == PARLEY_OK && encode(b.data, b.len, text, n, &delta, &delta_len) != 0)
            s = PARLEY_ENOMEM;
        parley_buf_destroy(&b);
        if (s == PARLEY_ENOMEM || (s != PARLEY_OK && s != PARLEY_EDATA)) {
            free(alone);
            *why = s;
            return -1;
        }
        /* a damaged base is not used: the text is stored alone */
        if (s != PARLEY_OK || 2 * delta_len > alone_len) {
            free(delta);
            delta = NULL;
        }
    }
    sqlite3_stmt *q = NULL;
    long long id = -1;
    if (sqlite3_prepare_v2(db, "INSERT INTO texts (base, size, body) VALUES (?1, ?2, ?3)", -1, &q,
                           NULL) == SQLITE_OK) {
        if (delta)
            sqlite3_bind_int64(q, 1, base);
        else
            sqlite3_bind_null(q, 1);
        sqlite3_bind_int64(q, 2, (sqlite3_int64)n);
        sqlite3_bind_blob64(q, 3, delta ? delta : alone,
                            (sqlite3_uint64)(delta ? delta_len : alone_len), SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_DONE)
            id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_finalize(q);
    free(alone);
    free(delta);
    if (id < 0)
        *why = PARLEY_EIO;
    return id;
}

int parley_i_text_gc(sqlite3 *db) {
    /* twice: a base goes once no delta of it is left */
    for (int pass = 0; pass < 2; pass++) {
        int rc = sqlite3_exec(db,
                              "DELETE FROM texts WHERE id NOT IN (SELECT text_id FROM documents) "
                              "AND id NOT IN (SELECT text_id FROM scenarios) "
                              "AND id NOT IN (SELECT base FROM texts WHERE base IS NOT NULL)",
                              NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}
