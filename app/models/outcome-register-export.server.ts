import type { Actor } from '~/domain/permissions'
import type { Translate } from '~/i18n'
import { listSheet } from '~/utils/xlsx.server'
import { REGISTER_COLUMNS, type RegisterState } from './outcome-dashboard-params'
import { listRegister } from './outcome-register.server'

/**
 * The register's rows as the exports write them (/outcomes/register.csv and .xlsx): the page's
 * filters and sort, every row, every column, in the reader's language. The filter is the one
 * scopedOutcomeFilter let through.
 */
export function registerExport({ actor, state, t }: { actor: Actor; state: RegisterState; t: Translate }) {
  const { rows } = listRegister({ actor, filter: state.filter, sort: state.sort, dir: state.dir, pageSize: null })
  return {
    header: REGISTER_COLUMNS.map((c) => t(c.label)),
    rows: rows.map((r) => REGISTER_COLUMNS.map((c) => c.text(r, t))),
    // the workbook's sheet: the same rows, dates as dates and 万元 as numbers
    sheet: (name: string) => listSheet({ name, columns: REGISTER_COLUMNS, rows, t }),
  }
}
