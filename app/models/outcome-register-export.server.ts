import type { Actor } from '~/domain/permissions'
import type { Translate } from '~/i18n'
import { exportPausable, exportRows } from '~/utils/export-reader.server'
import { listSheet, mapRows } from '~/utils/xlsx.server'
import { REGISTER_COLUMNS, type RegisterRow, type RegisterState } from './outcome-dashboard-params'
import { registerQuery, registerRowOf, type RegisterRaw } from './outcome-register.server'

/**
 * The register's rows as the exports write them (/outcomes/register.csv and .xlsx): the page's
 * filters and sort, every row, every column, in the reader's language. The filter is the one
 * scopedOutcomeFilter let through. The rows are read as the download is written (exportRows), once:
 * a route uses either `rows` (the CSV's text) or `sheet` (the workbook's typed cells).
 */
export function registerExport({ actor, state, t }: { actor: Actor; state: RegisterState; t: Translate }) {
  const query = registerQuery({ actor, filter: state.filter, sort: state.sort, dir: state.dir, pageSize: null })
  const read = (): Iterable<RegisterRow> => (query ? mapRows(exportRows<RegisterRaw>(query), registerRowOf) : [])
  const pausable = exportPausable()
  return {
    header: REGISTER_COLUMNS.map((c) => t(c.label)),
    rows: mapRows(read(), (r) => REGISTER_COLUMNS.map((c) => c.text(r, t))),
    pausable,
    // the workbook's sheet: the same rows, dates as dates and 万元 as numbers
    sheet: (name: string) => listSheet({ name, columns: REGISTER_COLUMNS, rows: read(), t, pausable }),
  }
}
