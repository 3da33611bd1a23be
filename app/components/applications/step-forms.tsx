import { Form } from '@remix-run/react'
import { VersionField } from '~/components/ui/stale-notice'
import { Field } from '~/components/ui/field'
import { REJECTION_GROUNDS, type ApplicationStep } from '~/domain/certification/application-steps'
import { useLocale, useT } from '~/i18n/use-t'
import type { Typed } from './section-forms'

// The steps the table allows the viewer now (allowedSteps), the files and the office's check.

type FileRow = { id: number; kind: string | null; originalName: string; size: number }
type Kind = { kind: string; labelZh?: string; labelEn?: string }

export function FilesSection({
  applicationId,
  kinds,
  files,
  canUpload,
}: {
  applicationId: number
  kinds: readonly Kind[]
  files: readonly FileRow[]
  canUpload: (kind: string) => boolean
}) {
  const t = useT()
  const locale = useLocale()
  const label = (k: Kind) =>
    k.kind === 'application_pdf' || k.kind === 'application_docx' || k.kind === 'recommendation_letter'
      ? t(`applications.file.${k.kind}`)
      : ((locale === 'zh' ? k.labelZh : k.labelEn) ?? k.kind)
  return (
    <section className="card space-y-3" aria-labelledby="files-title" data-testid="section-files">
      <h2 id="files-title" className="font-semibold">
        {t('applications.section.files')}
      </h2>
      <ul className="space-y-3 text-sm">
        {kinds.map((k) => {
          const file = files.find((f) => f.kind === k.kind)
          return (
            <li key={k.kind} className="space-y-1" data-file-kind={k.kind}>
              <div>
                {/* the language's colon (common.labelled): "：" in Chinese, ": " in English */}
                <span className="font-medium">{t('common.labelled', { label: label(k), value: '' })}</span>
                {file ? (
                  <a href={`/attachments/${file.id}`} className="link" download>
                    {file.originalName}
                  </a>
                ) : (
                  <span className="text-slate-500">{t('applications.file.missing')}</span>
                )}
              </div>
              {canUpload(k.kind) ? (
                <Form
                  method="post"
                  action={`/applications/${applicationId}/files`}
                  encType="multipart/form-data"
                  className="flex flex-wrap items-center gap-2"
                >
                  <input type="hidden" name="kind" value={k.kind} />
                  <label className="sr-only" htmlFor={`file-${k.kind}`}>
                    {label(k)}
                  </label>
                  <input id={`file-${k.kind}`} type="file" name="file" required className="text-sm" />
                  <button type="submit" className="btn-secondary">
                    {t('applications.upload')}
                  </button>
                </Form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}

export function StepButtons({ version, steps, typed }: { version: number; steps: readonly ApplicationStep[]; typed: Typed }) {
  const t = useT()
  const errors = (s: string) => (typed?.intent === s ? typed.errors : undefined)
  const plain = steps.filter(
    (s) => s === 'submit' || s === 'resubmit' || s === 'withdraw' || s === 'recommend' || s === 'withdraw_recommendation',
  )
  return (
    <section className="card space-y-3" aria-labelledby="steps-title" data-testid="section-steps">
      <h2 id="steps-title" className="font-semibold">
        {t('applications.section.steps')}
      </h2>
      {plain.length ? (
        <Form method="post" className="flex flex-wrap gap-2">
          <VersionField version={version} />
          {plain.map((s) => (
            <button key={s} type="submit" name="intent" value={s} className={s.startsWith('withdraw') ? 'btn-secondary' : 'btn-primary'}>
              {t(`applications.step.${s}`)}
            </button>
          ))}
        </Form>
      ) : null}
      {steps.includes('return') ? (
        <Form method="post" className="space-y-2" key={`return-${version}`}>
          <VersionField version={version} />
          <Field idPrefix="return" name="reasons" label={t('applications.field.returnReasons')} errors={errors('return')} required>
            {(p) => <textarea {...p} rows={3} className="input w-full" defaultValue={typedText(typed, 'return')} />}
          </Field>
          <button type="submit" name="intent" value="return" className="btn-secondary">
            {t('applications.step.return')}
          </button>
        </Form>
      ) : null}
      {steps.includes('reject') ? (
        <Form method="post" className="space-y-2" key={`reject-${version}`}>
          <VersionField version={version} />
          <fieldset>
            <legend className="label">{t('applications.field.grounds')}</legend>
            {REJECTION_GROUNDS.map((g) => (
              <label key={g} className="mr-4 inline-flex items-center gap-1 text-sm">
                <input type="checkbox" name="grounds" value={g} />
                {t(`certification.ground.${g}`)}
              </label>
            ))}
            {errors('reject')?.grounds ? (
              <p className="field-error" role="alert">
                {t(errors('reject')!.grounds!.key)}
              </p>
            ) : null}
          </fieldset>
          <Field idPrefix="reject" name="reasons" label={t('applications.field.rejectReasons')} errors={errors('reject')} required>
            {(p) => <textarea {...p} rows={3} className="input w-full" defaultValue={typedText(typed, 'reject')} />}
          </Field>
          <button type="submit" name="intent" value="reject" className="btn-danger">
            {t('applications.step.reject')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}

const typedText = (typed: Typed, intent: string) =>
  typed?.intent === intent && typeof typed.values?.reasons === 'string' ? typed.values.reasons : ''

type Check = {
  checkComplete: boolean | null
  checkCompleteReason: string
  checkAuthentic: boolean | null
  checkAuthenticReason: string
  checkValid: boolean | null
  checkValidReason: string
}

export function OfficeCheckForm({ version, check, typed }: { version: number; check: Check; typed: Typed }) {
  const t = useT()
  const errors = typed?.intent === 'check' ? typed.errors : undefined
  const rows = [
    ['complete', check.checkComplete, check.checkCompleteReason],
    ['authentic', check.checkAuthentic, check.checkAuthenticReason],
    ['valid', check.checkValid, check.checkValidReason],
  ] as const
  return (
    <section className="card space-y-3" aria-labelledby="check-title" data-testid="section-check">
      <h2 id="check-title" className="font-semibold">
        {t('applications.section.check')}
      </h2>
      <Form method="post" className="space-y-3" key={`check-${version}`}>
        <VersionField version={version} />
        {rows.map(([name, value, reason]) => (
          <fieldset key={name} className="space-y-1">
            <legend className="label">{t(`applications.check.${name}`)}</legend>
            <label className="mr-4 inline-flex items-center gap-1 text-sm">
              <input type="radio" name={name} value="yes" defaultChecked={value === true} required />
              {t('applications.check.yes')}
            </label>
            <label className="inline-flex items-center gap-1 text-sm">
              <input type="radio" name={name} value="no" defaultChecked={value === false} />
              {t('applications.check.no')}
            </label>
            <Field idPrefix="check" name={`${name}Reason`} label={t('applications.check.reason')} errors={errors}>
              {(p) => <input {...p} className="input w-full" defaultValue={reason} />}
            </Field>
          </fieldset>
        ))}
        <button type="submit" name="intent" value="check" className="btn-primary">
          {t('applications.save')}
        </button>
      </Form>
    </section>
  )
}
