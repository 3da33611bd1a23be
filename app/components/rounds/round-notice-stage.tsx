import { Form, Link } from '@remix-run/react'
import { Field, FormAlert } from '~/components/ui/field'
import { VersionField } from '~/components/ui/stale-notice'
import type { MessageKey } from '~/i18n'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The review page's 公示与授牌 section (issue 21 items 6 and 7): publish the shortlist, follow
// each application's notice and objections, certify those ready. The certify answer is shown
// here once, with the new accounts' initial passwords (the action never stores them).

type StageApplication = {
  id: number
  status: string
  labName: string
  // the lab a certified application became (null before 授牌, and for one certified before 0046 without its audit row)
  labId: number | null
  applicantName: string
  notice: { id: number; startsOn: string; endsOn: string } | null
  openObjections: number
  notYet: MessageKey | null
  warning: string | null
}

type NotYetRow = { applicationId: number; applicantName: string; labName: string; reason: string }
export type CertifyAnswer =
  | {
      ok: true
      on: string
      notYet: NotYetRow[]
      labs: {
        applicationId: number
        labId: number
        labName: string
        applicantName: string
        certificateNo: string
        accounts: { username: string; displayName: string; password: string }[]
      }[]
    }
  | { ok: false; notYet: NotYetRow[]; problems: { applicantName: string; field: string; message: string }[] }

export function RoundNoticeStage({
  roundVersion,
  stage,
  publishErrors,
  certifyErrors,
  certified,
}: {
  roundVersion: number
  stage: {
    shortlisted: number
    // the period a publication today would run, with the calendar's coverage warning
    preview: { from: string; to: string; warning: string | null } | null
    applications: StageApplication[]
    today: string
  }
  publishErrors?: FieldErrors
  certifyErrors?: FieldErrors
  certified?: CertifyAnswer
}) {
  const t = useT()
  const inNotice = stage.applications.some((a) => a.status === 'in_notice')
  if (!stage.shortlisted && !stage.applications.length) return null
  return (
    <section className="card space-y-3" aria-labelledby="round-notice" data-testid="round-notice">
      <h2 id="round-notice" className="font-semibold">
        {t('rounds.notice.title')}
      </h2>
      {stage.shortlisted ? (
        <Form method="post" className="space-y-2">
          <p className="text-sm">{t('rounds.notice.publishHint')}</p>
          {stage.preview ? (
            <p className="text-sm" data-testid="notice-preview">
              {t('rounds.notice.preview', { count: stage.shortlisted, from: stage.preview.from, to: stage.preview.to })}
              {stage.preview.warning ? <span className="block text-amber-800">{stage.preview.warning}</span> : null}
            </p>
          ) : null}
          <FormAlert errors={publishErrors} />
          <VersionField version={roundVersion} />
          <button className="btn" name="intent" value="publishShortlist">
            {t('rounds.notice.publish')}
          </button>
        </Form>
      ) : null}
      {stage.applications.length ? (
        <table className="w-full text-sm">
          <thead>
            <tr>
              <th className="text-left">{t('rounds.notice.col.application')}</th>
              <th className="text-left">{t('rounds.notice.col.period')}</th>
              <th className="text-left">{t('rounds.notice.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {stage.applications.map((a) => (
              <tr key={a.id} data-application={a.id} data-status={a.status}>
                <td>
                  <Link to={`/applications/${a.id}`} className="link">
                    {a.applicantName}
                  </Link>{' '}
                  · {a.labName}
                </td>
                <td>
                  {a.notice ? `${a.notice.startsOn} – ${a.notice.endsOn}` : '—'}
                  {a.warning ? <p className="text-amber-800">{a.warning}</p> : null}
                </td>
                <td>
                  <p>
                    {a.status === 'certified' && a.labId ? (
                      <Link to={`/labs/${a.labId}`} className="link" data-testid="certified-lab-link">
                        {t('rounds.notice.certified')}
                      </Link>
                    ) : a.status === 'certified' ? (
                      t('rounds.notice.certified')
                    ) : a.status === 'objection_sustained' ? (
                      t('rounds.notice.sustained')
                    ) : a.notYet ? (
                      t('rounds.notice.notYet', { reason: t(a.notYet) })
                    ) : (
                      t('rounds.notice.ready')
                    )}
                  </p>
                  {a.openObjections ? (
                    <p className="text-amber-800">{t('rounds.notice.openObjections', { count: a.openObjections })}</p>
                  ) : null}
                  {a.notice ? (
                    <Link to={`/notices/${a.notice.id}`} className="link">
                      {t('rounds.notice.noticeLink')}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {certified ? <CertifyOutcome answer={certified} /> : null}
      {inNotice ? (
        <Form method="post" className="space-y-2 border-t pt-3">
          <p className="text-sm">{t('rounds.notice.certifyHint')}</p>
          <Field name="on" idPrefix="certify" label={t('rounds.notice.certifiedOn')} errors={certifyErrors} required>
            {(p) => <input {...p} type="date" className="input" defaultValue={stage.today} />}
          </Field>
          <button className="btn-primary" name="intent" value="certify">
            {t('rounds.notice.certify')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}

function CertifyOutcome({ answer }: { answer: CertifyAnswer }) {
  const t = useT()
  return (
    <div className="space-y-2 border-t pt-3" data-testid="certify-outcome" data-ok={answer.ok}>
      {answer.ok ? (
        <>
          <p className="font-medium">{t('rounds.notice.done', { count: answer.labs.length })}</p>
          <p className="text-sm text-amber-800">{t('rounds.notice.passwordsOnce')}</p>
          <table className="w-full text-sm">
            <thead>
              <tr>
                <th className="text-left">{t('rounds.notice.col.lab')}</th>
                <th className="text-left">{t('rounds.notice.col.certificateNo')}</th>
                <th className="text-left">{t('rounds.notice.col.username')}</th>
                <th className="text-left">{t('rounds.notice.col.password')}</th>
              </tr>
            </thead>
            <tbody>
              {answer.labs.map((lab) => (
                <tr key={lab.labId} data-lab={lab.labId}>
                  <td>
                    <Link to={`/labs/${lab.labId}`} className="link">
                      {lab.labName}
                    </Link>
                  </td>
                  <td>
                    {lab.certificateNo}{' '}
                    <Link to={`/labs/${lab.labId}/certificate`} className="link">
                      {t('rounds.notice.certificate')}
                    </Link>
                  </td>
                  <td>{lab.accounts.map((a) => a.username).join('、')}</td>
                  <td className="font-mono">{lab.accounts.map((a) => a.password).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <a href={`/labs/certificates.docx?on=${answer.on}`} className="link">
            {t('rounds.notice.announcement')}
          </a>
        </>
      ) : (
        <>
          <p className="font-medium text-red-700">{t('rounds.notice.refused')}</p>
          <ul className="list-disc pl-5 text-sm" data-testid="certify-problems">
            {answer.problems.map((p, i) => (
              <li key={i}>
                {p.applicantName ? `${p.applicantName}：` : ''}
                {p.message}
                {p.field ? ` (${p.field})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {answer.notYet.length ? (
        <ul className="text-sm text-slate-600">
          {answer.notYet.map((n) => (
            <li key={n.applicationId}>
              {n.applicantName} · {t('rounds.notice.notYet', { reason: n.reason })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
