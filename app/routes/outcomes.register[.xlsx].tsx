import type { LoaderFunctionArgs } from '@remix-run/node'
import ExcelJS from 'exceljs'
import { scopedOutcomeFilter } from '~/models/outcome-dashboard.server'
import { parseRegisterParams } from '~/models/outcome-dashboard-params'
import { registerExport } from '~/models/outcome-register-export.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { translatorFor } from '~/utils/locale.server'

// The city outcome register as a workbook (/outcomes/register.xlsx): the same rows and columns as
// the CSV, one sheet, text kept as text (a date or a number like 0012 never turns into a number).
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'outcome:dashboard')
  const actor = actorOf(user)
  const state = parseRegisterParams(new URL(request.url).searchParams)
  const scoped = scopedOutcomeFilter(actor, state.filter)
  if (!scoped) throw new Response('Not found', { status: 404 })
  const t = translatorFor(request, user.locale)
  const { header, rows } = registerExport({ actor, state: { ...state, filter: scoped.filter }, t })
  const date = today()
  const fileName = `${t('cityOutcomes.register.fileName')}-${date}`
  const book = new ExcelJS.Workbook()
  book.creator = 'Labcycle'
  const sheet = book.addWorksheet(t('cityOutcomes.register.sheet'))
  const widths = header.map(widthOf)
  const head = sheet.addRow(header)
  head.font = { bold: true }
  for (const cells of rows) {
    const row = sheet.addRow(cells)
    cells.forEach((cell, i) => {
      row.getCell(i + 1).numFmt = '@'
      widths[i] = Math.max(widths[i] ?? 0, widthOf(cell))
    })
  }
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2))))
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  const buffer = await book.xlsx.writeBuffer()
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="outcome-register-${date}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${fileName}.xlsx`)}`,
      'Cache-Control': 'no-store',
    },
  })
}

// a CJK character takes about two columns' width
const widthOf = (value: string) => Array.from(value).reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0)
