import { formatNumber } from '~/domain/numbers'
// The dossier as labelled fields and text tables, in the reader's language: the page, the print
// view and the .xlsx export all lay out these, so a column reads the same on screen, on paper and
// in the spreadsheet. Pure (no React, no server code): cells are text, or numbers the spreadsheet
// keeps as numbers; dates stay 'YYYY-MM-DD' text.
import type { Locale } from '~db/schema/enums'
import type { Renewal } from '~db/schema/renewals'
import { gradeLabel } from '~/domain/grades'
import { formatWan } from '~/domain/money'
import { perYearText, type RenewalDossier } from '~/domain/renewal-dossier'
import type { MessageKey, Translate } from '~/i18n'

export type Cell = string | number
export type Field = { label: string; value: string }
export type TextTable = { headers: string[]; rows: Cell[][] }

/** The lab's application as the renewal row holds it. */
export type DossierApplication = Pick<
  Renewal,
  'summary' | 'selfAssessment' | 'planTargets' | 'planIp' | 'planFunding' | 'planScenarios' | 'submittedAt'
>

const DASH = '—'
const orDash = (v: string | null | undefined) => (v ? v : DASH)
/** 1200.5 → "1,200.5" (as app/models/request-queue-params.ts formats quantities). */
// numbers one way (app/domain/numbers.ts): the dossier page, its Word and its workbook alike
export { formatNumber }

export function dossierText(d: RenewalDossier, t: Translate, locale: Locale) {
  const grade = (code: string | null) => (code ? gradeLabel(d.grades, code, locale) : DASH)
  const yesNo = (v: boolean | null) => (v === null ? DASH : t(v ? 'common.yes' : 'common.no'))
  const list = (items: readonly string[]) => (items.length ? items.join(locale === 'zh' ? '、' : ', ') : t('common.none'))
  const h = (...keys: MessageKey[]) => keys.map((k) => t(k))
  const s = d.summary

  const overview: Field[] = [
    { label: t('dossier.field.lab'), value: d.lab.name },
    { label: t('dossier.field.host'), value: d.lab.hostName },
    { label: t('dossier.field.creditCode'), value: d.lab.hostCreditCode },
    { label: t('dossier.field.partners'), value: list(d.lab.partners) },
    { label: t('dossier.field.district'), value: t(`district.${d.lab.districtCode}` as MessageKey) },
    { label: t('dossier.field.direction'), value: t(`direction.${d.lab.direction}` as MessageKey) },
    { label: t('dossier.field.director'), value: d.lab.directorName },
    {
      label: t('dossier.field.period'),
      value: `${t('dossier.field.periodSequence', { n: d.period.sequence })} · ${t('dossier.range', {
        start: d.period.startDate,
        end: d.period.endDate,
      })}`,
    },
    { label: t('dossier.field.certificateNo'), value: orDash(d.period.certificateNo) },
    { label: t('dossier.field.outcome'), value: t(`outcome.${d.period.outcome ?? 'pending'}`) },
    { label: t('dossier.field.compiledOn'), value: d.compiledOn },
  ]

  const summary: Field[] = [
    {
      label: t('dossier.summary.deliverables'),
      value: t(s.deliverablesPerYear.length === 1 ? 'dossier.summary.deliverablesValueOneYear' : 'dossier.summary.deliverablesValue', {
        perYear: perYearText(s.deliverablesPerYear),
      }),
    },
    {
      label: t('dossier.summary.reports'),
      value: t('dossier.summary.reportsValue', { accepted: s.reportsAccepted, expected: s.reportsExpected }),
    },
    { label: t('dossier.summary.team'), value: yesNo(s.teamMeets) },
    { label: t('dossier.summary.plan'), value: yesNo(s.planCurrent) },
    { label: t('dossier.summary.drills'), value: t('dossier.summary.drillsValue', { n: s.drills }) },
    {
      label: t('dossier.summary.incidents'),
      value: t('dossier.summary.incidentsValue', { n: s.incidents, serious: s.seriousIncidents, late: s.lateIncidents }),
    },
    {
      label: t('dossier.summary.requests'),
      value: t('dossier.summary.requestsValue', { n: s.requests, decided: s.requestsDecided, inTime: s.requestsDecidedInTime }),
    },
    { label: t('dossier.summary.violations'), value: String(s.violationsCounting) },
    {
      label: t('dossier.summary.months'),
      value: t('dossier.summary.monthsValue', {
        ok: s.monthsOk,
        warning: s.monthsWarning,
        failing: s.monthsFailing,
        none: s.monthsUnrecorded,
      }),
    },
    { label: t('dossier.summary.checks'), value: t('dossier.summary.checksValue', { failing: s.checksFailing, warning: s.checksWarning }) },
  ]

  const yearLabel = (year: number) => t('dossier.yearShort', { year })
  const deliverableHeaders = h(
    'dossier.col.title',
    'dossier.col.type',
    'dossier.col.forms',
    'dossier.col.status',
    'dossier.col.grade',
    'dossier.col.completedOn',
    'dossier.col.transfer',
    'dossier.col.transferValue',
  )
  const deliverablesByYear = d.years.map((y) => ({
    year: y.year,
    heading: t('dossier.yearHeading', { year: y.year, start: y.startDate, end: y.endDate }),
    table: {
      headers: deliverableHeaders,
      rows: y.deliverables.map((x): Cell[] => [
        x.title,
        t(`deliverables.type.${x.type}`),
        list(x.forms.map((f) => t(`deliverables.form.${f}`))),
        t(`deliverables.status.${x.status}`),
        grade(x.grade),
        x.completedOn,
        t(`deliverables.transfer.${x.transferStatus}`),
        x.transferValueYuan === null ? '' : formatWan(x.transferValueYuan),
      ]),
    } satisfies TextTable,
  }))
  const deliverables: TextTable = {
    headers: [t('dossier.col.year'), ...deliverableHeaders],
    rows: deliverablesByYear.flatMap((y) => y.table.rows.map((r) => [yearLabel(y.year), ...r])),
  }

  const reports: TextTable = {
    headers: h('dossier.col.year', 'dossier.col.status', 'dossier.col.grade', 'dossier.col.submittedOn', 'dossier.col.decidedOn'),
    rows: d.years.map((y) => [
      t('dossier.yearHeading', { year: y.year, start: y.startDate, end: y.endDate }),
      y.report ? t(`reports.status.${y.report.status}`) : t('dossier.reports.none'),
      grade(y.report?.grade ?? null),
      orDash(y.report?.submittedOn),
      orDash(y.report?.decidedOn),
    ]),
  }

  const meets = (ok: boolean) => t(ok ? 'dossier.team.meets' : 'dossier.team.below')
  const team: Field[] = [
    {
      label: t('dossier.team.headcount'),
      value: `${t('dossier.team.value', { n: d.team.headcount, min: d.team.minHeadcount })} · ${meets(d.team.meetsHeadcount)}`,
    },
    {
      label: t('dossier.team.qualified'),
      value: `${t('dossier.team.value', { n: d.team.qualifiedCount, min: d.team.minQualified })} · ${meets(d.team.meetsQualified)}`,
    },
  ]
  const teamChanges: { heading: string; fields: Field[] } | null = d.team.changes
    ? {
        heading: t('dossier.team.changesSince', { date: d.team.changes.since }),
        fields: [
          {
            label: t('dossier.team.joined'),
            value: d.team.changes.joined.length ? list(d.team.changes.joined) : t('dossier.team.noChanges'),
          },
          { label: t('dossier.team.left'), value: d.team.changes.left.length ? list(d.team.changes.left) : t('dossier.team.noChanges') },
        ],
      }
    : null

  const plans: TextTable = {
    headers: h('dossier.col.version', 'dossier.col.approvedOn', 'dossier.col.nextReviewOn', 'dossier.col.acknowledgedOn'),
    rows: d.security.plans.map((p) => [p.version, p.approvedOn, p.nextReviewOn, orDash(p.acknowledgedOn)]),
  }
  const drills: TextTable = {
    headers: h('dossier.col.heldOn', 'dossier.col.scenario', 'dossier.col.findings', 'dossier.col.followUpClosedOn'),
    rows: d.security.drills.map((x) => [x.heldOn, x.scenario, orDash(x.findings), x.followUp ? orDash(x.followUpClosedOn) : DASH]),
  }
  const incidents: TextTable = {
    headers: h(
      'dossier.col.title',
      'dossier.col.incidentGrade',
      'dossier.col.status',
      'dossier.col.discoveredOn',
      'dossier.col.reportedOn',
      'dossier.col.late',
    ),
    rows: d.security.incidents.map((i) => [
      i.title,
      t(`incidents.grade.${i.grade}`),
      t(`incidents.status.${i.status}`),
      i.discoveredOn,
      orDash(i.reportedOn),
      yesNo(i.late),
    ]),
  }

  const unit = (u: string) => t(`requests.unit.${u}` as MessageKey)
  const requests: TextTable = {
    headers: h(
      'dossier.col.title',
      'dossier.col.type',
      'dossier.col.asked',
      'dossier.col.granted',
      'dossier.col.unit',
      'dossier.col.status',
      'dossier.col.submittedOn',
      'dossier.col.decidedOn',
      'dossier.col.inTime',
    ),
    rows: d.requests.rows.map((r) => [
      r.title,
      t(`requests.type.${r.type}`),
      r.quantity,
      r.granted ?? '',
      unit(r.unit),
      t(`requests.status.${r.status}`),
      orDash(r.submittedOn),
      orDash(r.decidedOn),
      yesNo(r.decidedInTime),
    ]),
  }
  const granted: TextTable = {
    headers: h('dossier.col.type', 'dossier.col.unit', 'dossier.col.requestCount', 'dossier.col.granted'),
    rows: d.requests.granted.map((g) => [t(`requests.type.${g.type}`), unit(g.unit), g.requests, g.granted]),
  }

  const violations: TextTable = {
    headers: h(
      'dossier.col.subject',
      'dossier.col.category',
      'dossier.col.occurredOn',
      'dossier.col.source',
      'dossier.col.clearsOn',
      'dossier.col.counting',
    ),
    rows: d.violations.map((v) => [
      t(`eligibility.subject.${v.subject}`),
      t(`eligibility.category.${v.category}`),
      v.occurredOn,
      [v.source, v.description].filter(Boolean).join(' · '),
      v.clearsOn,
      yesNo(v.counting),
    ]),
  }
  const resultOf = (severity: number | null) =>
    severity === null ? t('dossier.months.none') : t(`compliance.result.${(['ok', 'warning', 'failing'] as const)[severity] ?? 'failing'}`)
  const months: TextTable = {
    headers: h('dossier.col.month', 'dossier.col.result', 'dossier.col.failing', 'dossier.col.warnings'),
    rows: d.compliance.months.map((m) => [
      m.month,
      resultOf(m.severity),
      m.severity === null ? '' : m.failing,
      m.severity === null ? '' : m.warnings,
    ]),
  }
  const checks: TextTable = {
    headers: h('dossier.col.check', 'dossier.col.result', 'dossier.col.reason', 'dossier.col.date'),
    rows: d.compliance.checks.map((c) => [
      t(`compliance.check.${c.checkId}` as MessageKey),
      t(`compliance.result.${c.result}`),
      t(c.reasonKey as MessageKey, c.reasonParams),
      orDash(c.concernsDate),
    ]),
  }

  // the next period's plan proposed with the application: its status, and each target set
  const proposedPlan = {
    status: d.proposedPlan ? t('dossier.proposedPlan.status', { status: t(`plan.status.${d.proposedPlan.status}`) }) : null,
    table: {
      headers: h('plan.col.indicator', 'plan.col.target', 'plan.col.unit'),
      rows: (d.proposedPlan?.lines ?? []).map((l): Cell[] => [
        l.builtinKey
          ? t(`indicators.builtin.${l.builtinKey}` as MessageKey)
          : `${(locale === 'en' ? l.nameEn : l.nameZh) ?? ''} · ${t('plan.custom')}`,
        l.unit === 'yuan' ? formatWan(l.target) : l.target,
        t(`indicators.unit.${l.unit}`),
      ]),
    } satisfies TextTable,
  }

  return {
    overview,
    summary,
    proposedPlan,
    deliverablesByYear,
    deliverables,
    reports,
    team,
    teamChanges,
    plans,
    drills,
    incidents,
    requests,
    granted,
    violations,
    months,
    checks,
  }
}

export type DossierText = ReturnType<typeof dossierText>

/** The application's sections with their labels; an empty one reads as not filled in. */
export function applicationFields(a: DossierApplication, t: Translate): Field[] {
  const fields: [MessageKey, string][] = [
    ['dossier.application.summary', a.summary],
    ['dossier.application.selfAssessment', a.selfAssessment],
    ['dossier.application.planTargets', a.planTargets],
    ['dossier.application.planIp', a.planIp],
    ['dossier.application.planFunding', a.planFunding],
    ['dossier.application.planScenarios', a.planScenarios],
  ]
  return fields.map(([key, value]) => ({ label: t(key), value: value.trim() ? value : t('dossier.application.empty') }))
}
