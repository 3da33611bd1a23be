// 年度报告 (issue 4): the annual report's structured content, which year may be reported when,
// and the roster snapshot taken at submission. Pure: `today` is a parameter.
//
// Content is stored as JSON in annual_reports.content. Drafts are saved leniently (any section
// may be empty, but what is there must be well-formed); submitting needs every required section.
// Field names in the form are the content's paths ('funding.income.0.amount'), so an error's
// path is the name of the input it belongs to.
import { z } from 'zod'
import type { Degree, FilingStatus, IndicatorUnit, TeamRole, TitleLevel } from '~db/schema/enums'
import type { MessageKey } from '~/i18n'
import { addDays, diffDays, type IsoDate } from './dates'
import { isFiled } from './filing-workflow'
import { parseTarget } from './indicators'
import { dueStatus, type DueStatus } from './status-language'
import { formatWan as formatYuanAsWan } from './money'
import { teamThresholds, type TeamThresholds } from './team'

export type TargetRow = { target: string; planned: string; achieved: string }
// amounts in 万元; null while a draft leaves the cell empty
export type IncomeRow = { source: string; amount: number | null }
export type ExpenditureRow = { item: string; amount: number | null }

export interface ReportContent {
  // work done against the development plan's targets (发展规划目标完成情况). `declared`: the
  // figures of the year for the plan lines the outcome register cannot count (other IP, people
  // trained, the bureau's custom indicators), by plan field, as whole numbers (money in yuan);
  // the progress rule (app/domain/progress.ts) counts them once the report is filed
  progress: { summary: string; targets: TargetRow[]; declared: Record<string, number> }
  // 团队变化: the lab's own account; the roster snapshot beside it is taken at submission
  teamChanges: string
  // 数据安全: written by the lab for now. Once the security module exists (emergency plan,
  // its reviews, incidents) it fills this section and the lab only adds remarks.
  security: string
  // 支持保障: resources asked of the bureau and districts, and what was received
  resources: { requested: string; received: string }
  // 经费收支
  funding: { income: IncomeRow[]; expenditure: ExpenditureRow[] }
  typicalCases: string
  nextYearPlan: string
}

export const REPORT_SECTIONS = ['progress', 'teamChanges', 'security', 'resources', 'funding', 'typicalCases', 'nextYearPlan'] as const
export type ReportSection = (typeof REPORT_SECTIONS)[number]

// A lab that asked for no resources says nothing there; every other section must be written.
export const REQUIRED_TO_SUBMIT: readonly ReportSection[] = [
  'progress',
  'teamChanges',
  'security',
  'funding',
  'typicalCases',
  'nextYearPlan',
]

export const REPORT_LIMITS = { text: 10_000, cell: 500, rows: 50, comment: 2000 } as const
// 万元: up to 100 亿元, to the yuan (four decimals of 万元), as for deliverables' transfer value
export const AMOUNT_MAX = 1_000_000
const AMOUNT = /^\d+(\.\d{1,4})?$/

export const EMPTY_CONTENT: ReportContent = {
  progress: { summary: '', targets: [], declared: {} },
  teamChanges: '',
  security: '',
  resources: { requested: '', received: '' },
  funding: { income: [], expenditure: [] },
  typicalCases: '',
  nextYearPlan: '',
}

export type ReportFieldErrors = Partial<Record<string, { key: MessageKey; vars?: Record<string, string | number> }>>

// ---------------------------------------------------------------------------------------------
// Reading stored content: never throws. Old drafts, the demo seed and hand-edited rows may hold
// partial or differently shaped content; whatever cannot be read becomes empty.

type Loose = Record<string, unknown>
const asObject = (v: unknown): Loose => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : {})
const asText = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '')
const asRows = (v: unknown): Loose[] => (Array.isArray(v) ? v.map(asObject) : [])
const firstText = (...vs: unknown[]) => vs.map(asText).find((s) => s !== '') ?? ''

function asAmount(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 && v <= AMOUNT_MAX ? v : null
  if (typeof v === 'string' && AMOUNT.test(v.trim())) return asAmount(Number(v.trim()))
  return null
}

// whole non-negative numbers by field; anything else is left out
function asDeclared(v: unknown): Record<string, number> {
  return Object.fromEntries(
    Object.entries(asObject(v)).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isSafeInteger(e[1]) && e[1] >= 0),
  )
}

/** The stored content as the current shape; tolerant of partial and older content. */
export function parseReportContent(raw: unknown): ReportContent {
  const c = asObject(raw)
  // progress was once plain text (and the demo seed may still write it so)
  const progress = typeof c.progress === 'string' ? { summary: c.progress } : asObject(c.progress)
  const resources = typeof c.resources === 'string' ? { requested: c.resources } : asObject(c.resources)
  const security = typeof c.security === 'string' ? c.security : firstText(asObject(c.security).text, asObject(c.security).summary)
  const funding = asObject(c.funding)
  return {
    progress: {
      summary: firstText(progress.summary, progress.text),
      targets: asRows(progress.targets).map((r) => ({
        target: firstText(r.target, r.name),
        planned: asText(r.planned),
        achieved: asText(r.achieved),
      })),
      declared: asDeclared(progress.declared),
    },
    teamChanges: asText(c.teamChanges),
    security,
    resources: { requested: asText(resources.requested), received: asText(resources.received) },
    funding: {
      income: asRows(funding.income).map((r) => ({ source: firstText(r.source, r.name, r.item), amount: asAmount(r.amount ?? r.value) })),
      expenditure: asRows(funding.expenditure).map((r) => ({
        item: firstText(r.item, r.name, r.purpose),
        amount: asAmount(r.amount ?? r.value),
      })),
    },
    typicalCases: asText(c.typicalCases),
    nextYearPlan: asText(c.nextYearPlan),
  }
}

// ---------------------------------------------------------------------------------------------
// The form: flat fields named by content path, rows numbered from 0.

export type ReportForm = Record<string, string>

const ROW_FIELDS = {
  'progress.targets': ['target', 'planned', 'achieved'],
  'funding.income': ['source', 'amount'],
  'funding.expenditure': ['item', 'amount'],
} as const
export type RowList = keyof typeof ROW_FIELDS
export const ROW_LISTS = Object.keys(ROW_FIELDS) as RowList[]
export const TEXT_FIELDS = [
  'progress.summary',
  'teamChanges',
  'security',
  'resources.requested',
  'resources.received',
  'typicalCases',
  'nextYearPlan',
] as const

/** A plan line the report states a figure for (the register cannot count it): its field and unit. */
export type DeclaredLine = { field: string; unit: IndicatorUnit }
export const DECLARED_PREFIX = 'progress.declared.'

/** The form's fields for stored content, the way the page fills its inputs (declared figures for `declaredLines`). */
export function reportFormValues(content: ReportContent, declaredLines: readonly DeclaredLine[] = []): ReportForm {
  const values: ReportForm = {
    'progress.summary': content.progress.summary,
    teamChanges: content.teamChanges,
    security: content.security,
    'resources.requested': content.resources.requested,
    'resources.received': content.resources.received,
    typicalCases: content.typicalCases,
    nextYearPlan: content.nextYearPlan,
  }
  const rows: Record<RowList, Record<string, string | number | null>[]> = {
    'progress.targets': content.progress.targets,
    'funding.income': content.funding.income,
    'funding.expenditure': content.funding.expenditure,
  }
  for (const list of ROW_LISTS)
    rows[list].forEach((row, i) => {
      for (const field of ROW_FIELDS[list])
        values[`${list}.${i}.${field}`] = row[field] === null || row[field] === undefined ? '' : String(row[field])
    })
  for (const line of declaredLines) {
    const n = content.progress.declared[line.field]
    if (n !== undefined) values[`${DECLARED_PREFIX}${line.field}`] = line.unit === 'yuan' ? formatYuanAsWan(n) : String(n)
  }
  return values
}

/**
 * The declared figures as typed (`progress.declared.<field>`): empty is none stated; a count is
 * digits only, money 万元 kept as whole yuan (parseTarget, as the plan's targets are read). A
 * field the period's plan does not declare is refused, so nothing is stored that no page shows.
 */
export function readDeclared(
  values: ReportForm,
  declaredLines: readonly DeclaredLine[],
): { declared: Record<string, number>; errors: ReportFieldErrors } {
  const units = new Map(declaredLines.map((l) => [l.field, l.unit]))
  const declared: Record<string, number> = {}
  const errors: ReportFieldErrors = {}
  for (const [name, raw] of Object.entries(values)) {
    if (!name.startsWith(DECLARED_PREFIX)) continue
    const field = name.slice(DECLARED_PREFIX.length)
    const unit = units.get(field)
    if (!unit) {
      if ((raw ?? '').trim() !== '') errors[name] = { key: 'reports.error.declaredUnknown' }
      continue
    }
    const parsed = parseTarget(unit, raw ?? '')
    if (!parsed.ok) errors[name] = { key: parsed.key, vars: parsed.vars }
    else if (parsed.value !== null) declared[field] = parsed.value
  }
  return { declared, errors }
}

/** How many rows of `list` the values hold (the highest index + 1), for the form's row editors. */
export function rowCount(values: ReportForm, list: RowList): number {
  const prefix = `${list}.`
  let n = 0
  for (const key of Object.keys(values)) {
    if (!key.startsWith(prefix)) continue
    const index = Number(key.slice(prefix.length).split('.')[0])
    if (Number.isInteger(index) && index >= 0 && index < REPORT_LIMITS.rows * 4) n = Math.max(n, index + 1)
  }
  return n
}

type RawRow = Record<string, string>
type RawReport = { text: Record<(typeof TEXT_FIELDS)[number], string>; rows: Record<RowList, RawRow[]> }

// Rows left entirely blank (the spare rows the form always offers) are dropped, and the rest
// renumbered, so an error's path is the row's place in what is saved.
function readForm(values: ReportForm): RawReport {
  const text = Object.fromEntries(TEXT_FIELDS.map((f) => [f, values[f] ?? ''])) as RawReport['text']
  const rows = {} as RawReport['rows']
  for (const list of ROW_LISTS) {
    const kept: RawRow[] = []
    for (let i = 0; i < rowCount(values, list); i++) {
      const row = Object.fromEntries(ROW_FIELDS[list].map((f) => [f, values[`${list}.${i}.${f}`] ?? ''])) as RawRow
      if (Object.values(row).some((v) => v.trim() !== '')) kept.push(row)
    }
    rows[list] = kept
  }
  return { text, rows }
}

/** The form with blank rows dropped and the rest renumbered: what is echoed back beside the errors. */
export function compactReportForm(values: ReportForm): ReportForm {
  const { text, rows } = readForm(values)
  const out: ReportForm = { ...text }
  for (const list of ROW_LISTS) rows[list].forEach((row, i) => Object.entries(row).forEach(([f, v]) => (out[`${list}.${i}.${f}`] = v)))
  for (const [name, v] of Object.entries(values)) if (name.startsWith(DECLARED_PREFIX)) out[name] = v
  return out
}

const text = (max: number) => z.string().trim().max(max, 'form.tooLong')
const amount = z
  .string()
  .trim()
  .refine((v) => v === '' || AMOUNT.test(v), 'reports.error.amountFormat')
  .refine((v) => v === '' || Number(v) <= AMOUNT_MAX, 'reports.error.amountTooLarge')
  .transform((v) => (v === '' ? null : Number(v)))
const rows = <T extends z.ZodType>(row: T) => z.array(row).max(REPORT_LIMITS.rows, 'reports.error.tooManyRows')

const DraftSchema = z.object({
  progress: z.object({
    summary: text(REPORT_LIMITS.text),
    targets: rows(z.object({ target: text(REPORT_LIMITS.cell), planned: text(REPORT_LIMITS.cell), achieved: text(REPORT_LIMITS.cell) })),
    // read apart from the schema (readDeclared): what is valid depends on the period's plan
    declared: z.record(z.string(), z.number()),
  }),
  teamChanges: text(REPORT_LIMITS.text),
  security: text(REPORT_LIMITS.text),
  resources: z.object({ requested: text(REPORT_LIMITS.text), received: text(REPORT_LIMITS.text) }),
  funding: z.object({
    income: rows(z.object({ source: text(REPORT_LIMITS.cell), amount })),
    expenditure: rows(z.object({ item: text(REPORT_LIMITS.cell), amount })),
  }),
  typicalCases: text(REPORT_LIMITS.text),
  nextYearPlan: text(REPORT_LIMITS.text),
}) satisfies z.ZodType<ReportContent, unknown>

function toSchemaInput({ text: t, rows: r }: RawReport) {
  return {
    progress: { summary: t['progress.summary'], targets: r['progress.targets'], declared: {} },
    teamChanges: t.teamChanges,
    security: t.security,
    resources: { requested: t['resources.requested'], received: t['resources.received'] },
    funding: { income: r['funding.income'], expenditure: r['funding.expenditure'] },
    typicalCases: t.typicalCases,
    nextYearPlan: t.nextYearPlan,
  }
}

/**
 * What a complete report lacks, by field: each required section written, the targets table and
 * both funding tables with at least one row, and every row that was started filled in.
 */
export function missingForSubmit(content: ReportContent): ReportFieldErrors {
  const errors: ReportFieldErrors = {}
  const need = (path: string, value: string) => {
    if (value.trim() === '') errors[path] = { key: 'reports.error.sectionRequired' }
  }
  need('progress.summary', content.progress.summary)
  if (content.progress.targets.length === 0) errors['progress.targets'] = { key: 'reports.error.targetsRequired' }
  content.progress.targets.forEach((r, i) =>
    (['target', 'planned', 'achieved'] as const).forEach((f) => need(`progress.targets.${i}.${f}`, r[f])),
  )
  need('teamChanges', content.teamChanges)
  need('security', content.security)
  if (content.funding.income.length === 0) errors['funding.income'] = { key: 'reports.error.incomeRequired' }
  if (content.funding.expenditure.length === 0) errors['funding.expenditure'] = { key: 'reports.error.expenditureRequired' }
  content.funding.income.forEach((r, i) => {
    need(`funding.income.${i}.source`, r.source)
    if (r.amount === null) errors[`funding.income.${i}.amount`] = { key: 'reports.error.amountRequired' }
  })
  content.funding.expenditure.forEach((r, i) => {
    need(`funding.expenditure.${i}.item`, r.item)
    if (r.amount === null) errors[`funding.expenditure.${i}.amount`] = { key: 'reports.error.amountRequired' }
  })
  need('typicalCases', content.typicalCases)
  need('nextYearPlan', content.nextYearPlan)
  return errors
}

/** The required sections that have an error in `errors`, for the summary above the form. */
export function sectionsWithErrors(errors: ReportFieldErrors): ReportSection[] {
  return REPORT_SECTIONS.filter((s) => Object.keys(errors).some((path) => path === s || path.startsWith(`${s}.`)))
}

export type CheckedContent = { ok: true; content: ReportContent } | { ok: false; errors: ReportFieldErrors }

/**
 * Checks the form as a draft (`complete: false`: sections may be empty, what is there must be
 * well-formed) or for submission (`complete: true`: also every required section).
 */
export function checkReportForm(
  values: ReportForm,
  { complete, declaredLines = [] }: { complete: boolean; declaredLines?: readonly DeclaredLine[] },
): CheckedContent {
  const input = toSchemaInput(readForm(values))
  const parsed = DraftSchema.safeParse(input)
  const { declared, errors: declaredErrors } = readDeclared(values, declaredLines)
  // for submission, what is missing is reported together with what is malformed
  const missing = { ...(complete ? missingForSubmit(parsed.success ? parsed.data : parseReportContent(input)) : {}), ...declaredErrors }
  if (!parsed.success) {
    const errors: ReportFieldErrors = {}
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.')
      if (errors[path]) continue
      const key = (
        issue.message.startsWith('reports.') || issue.message.startsWith('form.') ? issue.message : 'form.invalidChoice'
      ) as MessageKey
      errors[path] = { key, vars: issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined }
    }
    return { ok: false, errors: { ...missing, ...errors } }
  }
  if (Object.keys(missing).length > 0) return { ok: false, errors: missing }
  return { ok: true, content: { ...parsed.data, progress: { ...parsed.data.progress, declared } } }
}

// ---------------------------------------------------------------------------------------------
// Funding totals, in whole yuan so that 0.1 + 0.2 万元 is 0.3 万元.

const toYuan = (wan: number | null) => Math.round((wan ?? 0) * 10_000)
const toWan = (yuan: number) => yuan / 10_000

export function fundingTotals(funding: ReportContent['funding']): { income: number; expenditure: number; balance: number } {
  const income = funding.income.reduce((sum, r) => sum + toYuan(r.amount), 0)
  const expenditure = funding.expenditure.reduce((sum, r) => sum + toYuan(r.amount), 0)
  return { income: toWan(income), expenditure: toWan(expenditure), balance: toWan(income - expenditure) }
}

/** The total of the amounts typed so far (万元), ignoring cells that are not amounts: the form's live total. */
export function sumAmountTexts(texts: readonly string[]): number {
  return toWan(texts.reduce((sum, v) => sum + (AMOUNT.test(v.trim()) ? toYuan(Number(v.trim())) : 0), 0))
}

/** An amount in 万元 as shown: up to four decimals, no trailing zeros. */
export function formatWan(n: number | null): string {
  if (n === null) return '—'
  return String(Number(n.toFixed(4)))
}

// ---------------------------------------------------------------------------------------------
// Which year may be reported when. A report covers a whole validity year, so it is filed after
// the year ends; the lab may start drafting it in the year's last 30 days.

export const DRAFT_OPENS_DAYS_BEFORE_YEAR_END = 30

/** The first day a report for the year ending `yearEnd` may be started. */
export function reportOpensOn(yearEnd: IsoDate): IsoDate {
  return addDays(yearEnd, -DRAFT_OPENS_DAYS_BEFORE_YEAR_END)
}

export function canStartReport({ yearEnd, today }: { yearEnd: IsoDate; today: IsoDate }): boolean {
  return today >= reportOpensOn(yearEnd)
}

/** Submission from the day after the year ends. */
export function canSubmitReport({ yearEnd, today }: { yearEnd: IsoDate; today: IsoDate }): boolean {
  return today > yearEnd
}

// Whether a report counts as filed is the filing workflow's rule, the same for deliverables.
export { FILED_STATUSES, isFiled as isReportFiled } from './filing-workflow'

/**
 * The report's state in the one status language (app/domain/status-language.ts): from the day
 * after its year ends the report is due (a warning until its due date), then overdue; filed
 * after the due date it is done late; in an ended period it is met, met late or not met.
 */
export function reportDueStatus({
  yearEnd,
  dueDate,
  filedOn,
  today,
  periodClosed,
}: {
  yearEnd: IsoDate
  dueDate: IsoDate
  // the day it was first filed (app/models/filed-on.server.ts), null while it is not
  filedOn: IsoDate | null
  today: IsoDate
  periodClosed: boolean
}): DueStatus {
  return dueStatus({ dueDate, doneOn: filedOn, today, windowDays: yearEnd < today ? diffDays(yearEnd, dueDate) : -1, periodClosed })
}

/** Past its due date and not filed: the days overdue, or null. */
export function reportDaysOverdue({
  dueDate,
  status,
  today,
}: {
  dueDate: IsoDate
  status: FilingStatus | null
  today: IsoDate
}): number | null {
  if (isFiled(status) || dueDate >= today) return null
  return diffDays(dueDate, today)
}

// ---------------------------------------------------------------------------------------------
// The roster as it stood at submission, with the thresholds computed from it then.

export type SnapshotMember = { id: number; name: string; titleLevel: TitleLevel; degree: Degree; role: TeamRole; active: boolean }
export interface RosterSnapshot {
  takenOn: IsoDate
  members: SnapshotMember[]
  thresholds: TeamThresholds
}

export function takeRosterSnapshot(members: readonly SnapshotMember[], takenOn: IsoDate): RosterSnapshot {
  const kept = members.map(({ id, name, titleLevel, degree, role, active }) => ({ id, name, titleLevel, degree, role, active }))
  return { takenOn, members: kept, thresholds: teamThresholds(kept) }
}

/** A stored snapshot, or null when there is none or it cannot be read. Thresholds are recomputed. */
export function parseRosterSnapshot(raw: unknown): RosterSnapshot | null {
  const s = asObject(raw)
  if (!Array.isArray(s.members) || typeof s.takenOn !== 'string') return null
  const members = asRows(s.members).map((m) => ({
    id: Number(m.id),
    name: asText(m.name),
    titleLevel: asText(m.titleLevel) as TitleLevel,
    degree: asText(m.degree) as Degree,
    role: asText(m.role) as TeamRole,
    active: m.active !== false,
  }))
  return { takenOn: s.takenOn, members, thresholds: teamThresholds(members) }
}

/** Who joined and who left between two snapshots (by roster id), for the team-changes section. */
export function rosterChanges(previous: RosterSnapshot | null, current: RosterSnapshot): { joined: string[]; left: string[] } | null {
  if (!previous) return null
  const activeIds = (s: RosterSnapshot) => new Set(s.members.filter((m) => m.active).map((m) => m.id))
  const before = activeIds(previous)
  const now = activeIds(current)
  return {
    joined: current.members.filter((m) => m.active && !before.has(m.id)).map((m) => m.name),
    left: previous.members.filter((m) => m.active && !now.has(m.id)).map((m) => m.name),
  }
}
