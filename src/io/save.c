/* parley: a scenario written to a file in any format parley writes
 * (io.h: parley_scenario_save).
 *
 * SPDX-License-Identifier: MIT
 */
#include "parley/io.h"
#include "parley/xlsx.h"

parley_status parley_scenario_save(const parley_scenario *s, const char *path, parley_format fmt,
                                   const parley_write_options *opts, parley_diags *diags,
                                   parley_error *err) {
    const parley_format named = parley_format_from_name(path);
    if (fmt == PARLEY_FORMAT_UNKNOWN && path)
        fmt = named;
    /* a file parley would read as another format than it holds (a workbook
     * named .json, JSON named .csv); KTAB's CSV is a .csv as a table is */
    if (named != PARLEY_FORMAT_UNKNOWN && named != fmt &&
        !(named == PARLEY_FORMAT_TABLE && fmt == PARLEY_FORMAT_KTAB_CSV)) {
        const char *ext = fmt == PARLEY_FORMAT_JSON       ? ".json"
                          : fmt == PARLEY_FORMAT_XLSX     ? ".xlsx"
                          : fmt == PARLEY_FORMAT_KTAB_XML ? ".xml"
                          : fmt == PARLEY_FORMAT_DECIDE   ? ".txt"
                                                          : ".csv";
        return parley_error_set(err, PARLEY_EINVAL, path, 0, 0,
                                "the name's extension says %s (parley would read the file as "
                                "that), but the format to write is %s: name the file %s%s%s",
                                parley_format_name(named), parley_format_name(fmt), ext,
                                named == PARLEY_FORMAT_ODS ? "" : ", or write ",
                                named == PARLEY_FORMAT_ODS ? "" : parley_format_name(named));
    }
    if (fmt == PARLEY_FORMAT_UNKNOWN || fmt == PARLEY_FORMAT_ODS)
        return parley_error_set(err, PARLEY_EINVAL, path, 0, 0,
                                fmt == PARLEY_FORMAT_ODS
                                    ? "parley reads .ods but does not write it"
                                    : "cannot tell the format from the file name");
    if (fmt == PARLEY_FORMAT_XLSX)
        return parley_scenario_write_xlsx(s, path, err);
    parley_buf b;
    parley_buf_init(&b);
    parley_status st = parley_scenario_write(s, fmt, opts, &b, diags);
    if (st == PARLEY_OK)
        st = parley_write_file_atomic(path, b.data ? b.data : "", b.len, err);
    parley_buf_destroy(&b);
    return st;
}
