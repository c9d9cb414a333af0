/* parley: writing a scenario as an Excel workbook (.xlsx).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef PARLEY_XLSX_H
#define PARLEY_XLSX_H

#include "scenario.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Writes s to path as an .xlsx workbook (libxlsxwriter; docs/formats.md,
 * "Spreadsheets"):
 *  - sheet "Actors", the stakeholder table: Actor, Description (when an
 *    actor has one), Capability (when each actor has one capability) and
 *    per issue Position and Salience ("Position ISSUE", "Salience ISSUE",
 *    and "Capability ISSUE" when capabilities differ between issues, with
 *    several issues; plain "Position", "Salience" with one), an absent cell
 *    left empty, saliences on s->salience_scale; a column "Notes" when a
 *    value has a source note ("Position ISSUE: NOTE; ...");
 *  - sheet "Issues": Issue, Description, Min, Max, Status quo, Outcome,
 *    Labels ("0=LABEL; 50=LABEL"), and "Notes" when the status quo or the
 *    outcome has a note ("Status quo: NOTE; Outcome: NOTE");
 *  - the workbook's properties: title = the scenario's name, subject = its
 *    description, comments = its source.
 * Numbers are written as numbers (libxlsxwriter writes 16 significant
 * digits).  The workbook is first written to a temporary file in path's
 * directory and then handed to parley_write_file_atomic, so no partial
 * file is ever left at path; path "-" writes to standard output.
 * Errors: PARLEY_EINVAL (NULL or empty scenario), PARLEY_EDATA (more
 * columns than a sheet holds, 16384, or a text longer than a cell holds,
 * 32767 bytes), PARLEY_EIO (err says why), PARLEY_ENOMEM. */
parley_status parley_scenario_write_xlsx(const parley_scenario *s, const char *path,
                                         parley_error *err);

#ifdef __cplusplus
}
#endif
#endif
