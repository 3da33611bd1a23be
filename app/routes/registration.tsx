import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ApplicantStatusBadge, useOfficeName } from '~/components/applicants/office-name'
import { PageHeader } from '~/components/ui/page-header'
import { pageMessages } from '~/i18n/messages-asset.server'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { ownApplicant } from '~/models/applicants.server'
import { actorOf, requireCapability } from '~/utils/auth.server'
import { localeOf } from '~/utils/locale.server'

// 注册状态 (issue 21): an applicant account's own registration. A pending or refused one sees this,
// /account and /help only: who must confirm it, or why it was refused. Every other account: 404.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireCapability(request, 'registration:view')
  const applicant = ownApplicant(actorOf(user))
  if (!applicant) throw new Response('Not found', { status: 404 })
  return { applicant, messages: pageMessages(localeOf(request, user.locale), 'applicants.') }
}

export default function RegistrationPage() {
  const { applicant: a, messages } = useLoaderData<typeof loader>()
  usePageMessages(messages)
  const t = useT()
  const office = useOfficeName()(a)
  return (
    <div className="max-w-3xl space-y-4">
      <PageHeader title={t('applicants.status.title')} badges={<ApplicantStatusBadge status={a.status} />} />
      <section className="card space-y-3">
        <h2 className="font-semibold">{a.name}</h2>
        <p className="text-sm text-slate-500">
          <code translate="no">{a.uscc}</code>
        </p>
        <p data-testid="registration-status">
          {a.status === 'pending'
            ? t('applicants.status.pendingText', { office })
            : a.status === 'confirmed'
              ? t('applicants.status.confirmedText', { office })
              : t('applicants.status.refusedText', { office, reason: a.statusReason })}
        </p>
        <p className="text-sm">
          <Link to="/help" className="link">
            {t('nav.help')}
          </Link>
        </p>
      </section>
    </div>
  )
}

export const meta: MetaFunction = (args) => pageTitle(args, 'applicants.status.title')
