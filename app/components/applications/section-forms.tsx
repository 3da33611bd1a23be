import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'
import { DEGREES, ORG_KINDS, TEAM_ROLES, TITLE_LEVELS } from '~db/schema/enums'
import { VersionField } from '~/components/ui/stale-notice'
import { Field } from '~/components/ui/field'
import { APPLICANT_KINDS, APPLICATION_COMMITMENTS } from '~/domain/certification/application-conditions'
import { useLocale, useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The applicant's sections of the 申报表 (issue 21), each its own form and intent, saved on its
// own with the application's version; a refused save keeps what was typed (`typed`).

export type Typed = { intent?: string; values?: Record<string, unknown>; errors?: FieldErrors } | undefined

type App = {
  id: number
  rowVersion: number
  labName: string
  direction: number | null
  hostKind: string | null
  planTechnicalGoals: string
  planIntellectualProperty: string
  planFunding: string
  planApplicationScenarios: string
  dataSecurity: string
  commitments: string[]
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card space-y-3" aria-labelledby={`${id}-title`} data-testid={`section-${id}`}>
      <h2 id={`${id}-title`} className="font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}

function SaveButton({ intent, label }: { intent: string; label: string }) {
  return (
    <button type="submit" name="intent" value={intent} className="btn-primary">
      {label}
    </button>
  )
}

// what the user typed when this form's save was refused, else the saved value
function valueOf(typed: Typed, intent: string, name: string, saved: string | number | null): string {
  if (typed?.intent === intent && typed.values && typeof typed.values[name] === 'string') return typed.values[name] as string
  return saved === null ? '' : String(saved)
}
const errorsOf = (typed: Typed, intent: string) => (typed?.intent === intent ? typed.errors : undefined)

export function BasicsForm({ app, typed }: { app: App; typed: Typed }) {
  const t = useT()
  const errors = errorsOf(typed, 'basics')
  return (
    <Section id="basics" title={t('applications.section.basics')}>
      <Form method="post" className="grid gap-3 sm:grid-cols-3" key={`basics-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        <Field idPrefix="basics" name="labName" label={t('applications.field.labName')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={valueOf(typed, 'basics', 'labName', app.labName)} />}
        </Field>
        <Field idPrefix="basics" name="direction" label={t('applications.col.direction')} errors={errors}>
          {(p) => (
            <select {...p} className="input" defaultValue={valueOf(typed, 'basics', 'direction', app.direction)}>
              <option value="">—</option>
              {Array.from({ length: 14 }, (_, i) => i + 1).map((d) => (
                <option key={d} value={d}>
                  {t(`direction.${d}` as never)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field idPrefix="basics" name="hostKind" label={t('applications.field.hostKind')} errors={errors}>
          {(p) => (
            <select {...p} className="input" defaultValue={valueOf(typed, 'basics', 'hostKind', app.hostKind)}>
              <option value="">—</option>
              {APPLICANT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k === 'university' ? t('applications.kind.university') : t(`orgKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="sm:col-span-3">
          <SaveButton intent="basics" label={t('applications.save')} />
        </div>
      </Form>
    </Section>
  )
}

type Partner = { id: number; name: string; uscc: string; kind: string }
type Member = { id: number; name: string; titleLevel: string; degree: string; role: string }

function RemoveButton({ app, intent, childId, label }: { app: App; intent: string; childId: number; label: string }) {
  return (
    <Form method="post" className="inline">
      <VersionField version={app.rowVersion} />
      <input type="hidden" name="childId" value={childId} />
      <button type="submit" name="intent" value={intent} className="link text-sm" aria-label={label}>
        ×
      </button>
    </Form>
  )
}

export function PartnersForm({ app, partners, typed }: { app: App; partners: readonly Partner[]; typed: Typed }) {
  const t = useT()
  const errors = errorsOf(typed, 'addPartner')
  return (
    <Section id="partners" title={t('applications.section.partners')}>
      <ul className="space-y-1 text-sm" data-testid="partners">
        {partners.map((p) => (
          <li key={p.id}>
            {p.name} <span className="token">{p.uscc}</span> {t(`orgKind.${p.kind}` as never)}{' '}
            <RemoveButton app={app} intent="removePartner" childId={p.id} label={t('applications.remove', { name: p.name })} />
          </li>
        ))}
      </ul>
      <Form method="post" className="grid gap-3 sm:grid-cols-4" key={`partner-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        <Field idPrefix="partner" name="name" label={t('applications.field.partnerName')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={valueOf(typed, 'addPartner', 'name', '')} />}
        </Field>
        <Field idPrefix="partner" name="uscc" label={t('applications.field.uscc')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={valueOf(typed, 'addPartner', 'uscc', '')} />}
        </Field>
        <Field idPrefix="partner" name="kind" label={t('applications.field.kind')} errors={errors}>
          {(p) => (
            <select {...p} className="input" defaultValue={valueOf(typed, 'addPartner', 'kind', 'enterprise')}>
              {ORG_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`orgKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="self-end">
          <SaveButton intent="addPartner" label={t('applications.add')} />
        </div>
      </Form>
    </Section>
  )
}

export function RosterForm({ app, members, typed }: { app: App; members: readonly Member[]; typed: Typed }) {
  const t = useT()
  const errors = errorsOf(typed, 'addMember')
  const select = (name: string, options: readonly string[], label: (v: string) => string, fallback: string) => (
    <Field idPrefix="member" name={name} label={t(`applications.field.${name}` as never)} errors={errors}>
      {(p) => (
        <select {...p} className="input" defaultValue={valueOf(typed, 'addMember', name, fallback)}>
          {options.map((v) => (
            <option key={v} value={v}>
              {label(v)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  return (
    <Section id="roster" title={t('applications.section.roster', { count: members.length })}>
      <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="roster">
        {members.map((m) => (
          <li key={m.id}>
            {m.name} · {t(`title.${m.titleLevel}` as never)} · {t(`degree.${m.degree}` as never)} · {t(`teamRole.${m.role}` as never)}{' '}
            <RemoveButton app={app} intent="removeMember" childId={m.id} label={t('applications.remove', { name: m.name })} />
          </li>
        ))}
      </ol>
      <Form method="post" className="grid gap-3 sm:grid-cols-5" key={`member-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        <Field idPrefix="member" name="name" label={t('applications.field.memberName')} errors={errors}>
          {(p) => <input {...p} className="input" defaultValue={valueOf(typed, 'addMember', 'name', '')} />}
        </Field>
        {select('titleLevel', TITLE_LEVELS, (v) => t(`title.${v}` as never), 'intermediate')}
        {select('degree', DEGREES, (v) => t(`degree.${v}` as never), 'master')}
        {select('role', TEAM_ROLES, (v) => t(`teamRole.${v}` as never), 'researcher')}
        <div className="self-end">
          <SaveButton intent="addMember" label={t('applications.add')} />
        </div>
      </Form>
    </Section>
  )
}

const PLAN_FIELDS = ['planTechnicalGoals', 'planIntellectualProperty', 'planFunding', 'planApplicationScenarios'] as const

/** One indicator the plan offers: a built-in (by key) or one of the bureau's own (its names), with the saved target. */
export type IndicatorLine = {
  field: string
  builtinKey: string | null
  nameZh: string | null
  nameEn: string | null
  target: number | null
}

/** The indicator's name in the reader's language: the catalogue's for a built-in, the bureau's own for a custom one. */
export function useIndicatorName() {
  const t = useT()
  const locale = useLocale()
  return (line: IndicatorLine) =>
    line.builtinKey ? t(`indicators.builtin.${line.builtinKey}` as never) : ((locale === 'zh' ? line.nameZh : line.nameEn) ?? line.field)
}

export function PlanForm({ app, lines, typed }: { app: App; lines: readonly IndicatorLine[]; typed: Typed }) {
  const t = useT()
  const nameOf = useIndicatorName()
  const errors = errorsOf(typed, 'plan')
  return (
    <Section id="plan" title={t('applications.section.plan')}>
      <Form method="post" className="space-y-3" key={`plan-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        {PLAN_FIELDS.map((name) => (
          <Field key={name} idPrefix="plan" name={name} label={t(`applications.field.${name}`)} errors={errors}>
            {(p) => <textarea {...p} rows={3} className="input w-full" defaultValue={valueOf(typed, 'plan', name, app[name])} />}
          </Field>
        ))}
        {/* the outcomes plan's catalogue: the built-ins and the bureau's custom indicators */}
        <fieldset className="grid gap-3 sm:grid-cols-4">
          <legend className="label">{t('applications.field.indicators')}</legend>
          {lines.map((line) => (
            <Field key={line.field} idPrefix="plan" name={`target.${line.field}`} label={nameOf(line)} errors={errors}>
              {(p) => (
                <input
                  {...p}
                  inputMode="decimal"
                  className="input"
                  defaultValue={valueOf(typed, 'plan', `target.${line.field}`, line.target)}
                />
              )}
            </Field>
          ))}
        </fieldset>
        <SaveButton intent="plan" label={t('applications.save')} />
      </Form>
    </Section>
  )
}

export function SecurityForm({ app, typed }: { app: App; typed: Typed }) {
  const t = useT()
  return (
    <Section id="security" title={t('applications.section.security')}>
      <Form method="post" className="space-y-3" key={`security-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        <Field idPrefix="security" name="dataSecurity" label={t('applications.field.dataSecurity')} errors={errorsOf(typed, 'security')}>
          {(p) => (
            <textarea
              {...p}
              rows={4}
              className="input w-full"
              defaultValue={valueOf(typed, 'security', 'dataSecurity', app.dataSecurity)}
            />
          )}
        </Field>
        <SaveButton intent="security" label={t('applications.save')} />
      </Form>
    </Section>
  )
}

export function CommitmentsForm({ app }: { app: App }) {
  const t = useT()
  return (
    <Section id="commitments" title={t('applications.section.commitments')}>
      <Form method="post" className="space-y-2" key={`commitments-${app.rowVersion}`}>
        <VersionField version={app.rowVersion} />
        {APPLICATION_COMMITMENTS.map((c) => (
          <label key={c} className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="commitments" value={c} defaultChecked={app.commitments.includes(c)} />
            <span>{t(`applications.commitment.${c}`)}</span>
          </label>
        ))}
        <SaveButton intent="commitments" label={t('applications.save')} />
      </Form>
    </Section>
  )
}
