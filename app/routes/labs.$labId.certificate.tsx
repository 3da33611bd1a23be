import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { PrintSheet } from '~/components/reports/print-sheet'
import { certificateDateParts } from '~/domain/certification/certificate'
import { pageMessages } from '~/i18n/messages-asset.server'
import { printTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { labCertificate } from '~/models/certificates.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { today } from '~/utils/clock.server'
import { localeOf } from '~/utils/locale.server'
import { idParam } from '~/utils/params'

// /labs/:labId/certificate — the A4 certificate of the lab's current period (授牌, issue 21 item 7):
// for the bureau, the lab's district and the lab itself (labScope); 404 out of scope and when the
// period carries no certificate number. The sheet and its print set-up are the report print
// view's (PrintSheet); the certificate's own layout is Tailwind classes, so the CSP needs nothing.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const certificate = labCertificate({ actor: actorOf(user), labId: idParam(params.labId), today: today() })
  if (!certificate) throw new Response('Not found', { status: 404 })
  return { certificate, messages: pageMessages(localeOf(request, user.locale), 'certificate.') }
}

export default function CertificatePage() {
  const { certificate: c, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  const date = (day: string) => t('certificate.date', certificateDateParts(day))
  return (
    <PrintSheet
      toolbar={
        <>
          <PrintButton label={t('certificate.print')} />
          <Link to={`/labs/${c.labId}`} className="btn">
            {t('certificate.back')}
          </Link>
          <span className="text-sm text-slate-600">{t('certificate.hint')}</span>
        </>
      }
    >
      <div
        className="flex min-h-[250mm] flex-col border-[3px] border-double border-red-800 px-[12mm] py-[16mm] text-center"
        data-testid="certificate"
      >
        <h1 className="text-[22pt] font-bold tracking-widest text-red-800">{t('certificate.heading')}</h1>
        <p className="mt-3 text-[18pt] tracking-[0.5em]">{t('certificate.subheading')}</p>
        <p className="mt-14 text-left text-[14pt] leading-loose indent-[2em]">
          {t('certificate.statement', { lab: c.labName, host: c.hostName })}
        </p>
        <dl className="mx-auto mt-12 grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 text-left text-[12pt]">
          <dt className="font-semibold">{t('certificate.field.lab')}</dt>
          <dd data-testid="certificate-lab">{c.labName}</dd>
          <dt className="font-semibold">{t('certificate.field.host')}</dt>
          <dd>{c.hostName}</dd>
          <dt className="font-semibold">{t('certificate.field.number')}</dt>
          <dd data-testid="certificate-number">{c.certificateNo}</dd>
          <dt className="font-semibold">{t('certificate.field.validity')}</dt>
          <dd data-testid="certificate-validity">{t('certificate.validity', { from: date(c.startDate), to: date(c.endDate) })}</dd>
        </dl>
        <div className="mt-auto self-end pt-16 text-right text-[13pt] leading-loose">
          <p className="font-semibold">{t('certificate.issuer')}</p>
          <p className="text-slate-600">{t('certificate.seal')}</p>
          <p data-testid="certificate-issued">{t('certificate.issuedOn', { date: date(c.startDate) })}</p>
        </div>
      </div>
    </PrintSheet>
  )
}

function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn-primary" onClick={() => window.print()}>
      {label}
    </button>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => printTitle(args, 'certificate.title', args.data?.certificate.labName)
