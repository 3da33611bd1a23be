import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import type { DeliverableForm, DeliverableType, FilingStatus, TransferStatus } from '~db/schema/enums'
import { useGradeLabel } from '~/components/filings/grade-label'
import { formatShanghaiTime } from '~/domain/dates'
import type { YearPlacement } from '~/domain/deliverables'
import type { GradeLabels } from '~/domain/grades'
import { formatWanText } from '~/domain/money'
import { useT } from '~/i18n/use-t'
import { FilingStatusBadge } from './filing-status-badge'
import { YearLabel } from './year-label'

export type DeliverableView = {
  id: number
  labId: number
  version: number
  type: DeliverableType
  forms: DeliverableForm[]
  title: string
  summary: string
  completedOn: string
  transferStatus: TransferStatus
  transferPartner: string
  transferValueYuan: number | null
  status: FilingStatus
  grade: string | null
  submittedAt: string | null
  districtOpinionAt: string | null
  decidedAt: string | null
  createdAt: string
}

export type VersionEntry = {
  id: number
  version: number
  status: FilingStatus
  grade: string | null
  completedOn: string
  decidedAt: string | null
}

// Every field of one version of a deliverable, and the validity year it counts for.
export function DeliverableDetails({
  d,
  placement,
  grades,
}: {
  d: DeliverableView
  placement: YearPlacement
  grades: readonly GradeLabels[]
}) {
  const t = useT()
  const gradeLabel = useGradeLabel(grades)
  const time = (v: string | null) => (v ? formatShanghaiTime(v) : '—')
  return (
    <dl className="grid gap-x-6 gap-y-3 text-sm md:grid-cols-2" data-testid="deliverable-details">
      <Item term={t('deliverables.field.type')}>{t(`deliverables.type.${d.type}`)}</Item>
      <Item term={t('deliverables.field.forms')}>{d.forms.map((f) => t(`deliverables.form.${f}`)).join('、')}</Item>
      <Item term={t('deliverables.field.completedOn')}>
        <span className="token tabular-nums">{d.completedOn}</span>
      </Item>
      <Item term={t('deliverables.field.validityYear')}>
        <YearLabel placement={placement} long />
      </Item>
      <Item className="md:col-span-2" term={t('deliverables.field.summary')}>
        <span className="whitespace-pre-line">{d.summary || '—'}</span>
      </Item>
      <Item term={t('deliverables.field.transferStatus')}>{t(`deliverables.transfer.${d.transferStatus}`)}</Item>
      <Item term={t('deliverables.field.transferPartner')}>{d.transferPartner || '—'}</Item>
      <Item term={t('deliverables.field.transferValue')}>
        {d.transferValueYuan === null ? '—' : t('deliverables.transferValue', { value: formatWanText(d.transferValueYuan) })}
      </Item>
      <Item term={t('deliverables.field.grade')}>{gradeLabel(d.grade)}</Item>
      <Item term={t('deliverables.field.submittedAt')}>{time(d.submittedAt)}</Item>
      <Item term={t('deliverables.field.districtOpinionAt')}>{time(d.districtOpinionAt)}</Item>
      <Item term={t('deliverables.field.decidedAt')}>{time(d.decidedAt)}</Item>
      <Item term={t('deliverables.field.createdAt')}>{time(d.createdAt)}</Item>
    </dl>
  )
}

// a term and its value; className places the pair in the list's grid (a <dl> holds dt/dd in a div, no deeper)
function Item({ term, children, className }: { term: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-slate-500">{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

// All versions of a deliverable, each readable on its own page; the one shown is marked.
export function VersionsList({ versions, currentId, labId }: { versions: VersionEntry[]; currentId: number; labId: number }) {
  const t = useT()
  return (
    <ol className="space-y-1 text-sm" data-testid="versions">
      {versions.map((v) => (
        <li key={v.id} className="flex flex-wrap items-center gap-2">
          {v.id === currentId ? (
            <span className="font-medium" aria-current="page">
              {t('deliverables.version', { n: v.version })} {t('deliverables.thisVersion')}
            </span>
          ) : (
            <Link to={`/labs/${labId}/deliverables/${v.id}`} className="link">
              {t('deliverables.version', { n: v.version })}
            </Link>
          )}
          <FilingStatusBadge status={v.status} />
          <span className="token tabular-nums text-slate-500">{v.completedOn}</span>
        </li>
      ))}
    </ol>
  )
}

/** What the page should say about this version among the others: replaced, or a revision pending. */
export function versionNote(versions: VersionEntry[], current: { id: number; version: number; status: FilingStatus }) {
  const latest = versions[versions.length - 1]
  const acceptedLater = versions.find((v) => v.version > current.version && (v.status === 'accepted' || v.status === 'superseded'))
  if (current.status === 'superseded' && acceptedLater) return { key: 'deliverables.supersededBy' as const, n: acceptedLater.version }
  if (current.status === 'accepted' && latest && latest.version > current.version)
    return { key: 'deliverables.pendingRevision' as const, n: latest.version }
  return null
}
