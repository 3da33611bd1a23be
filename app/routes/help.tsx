import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ContactsSection } from '~/components/help/contacts'
import { DeadlinesSection } from '~/components/help/deadlines'
import { FirstRunChecklist } from '~/components/help/first-run-checklist'
import { PageHeader } from '~/components/ui/page-header'
import { firstRunChecklist } from '~/domain/first-run'
import { HELP_ROLES, helpDeadlines, helpSteps, requestRuleRows, showsRequestRules } from '~/domain/help'
import { pageTitle } from '~/i18n/meta'
import { usePageMessages, useT } from '~/i18n/use-t'
import { contactsFor, firstRunFacts, ownLabDates } from '~/models/help.server'
import { typeRules } from '~/models/request-rules.server'
import { ruleSettings } from '~/models/settings.server'
import { actorOf, requireUser } from '~/utils/auth.server'
import { now, today } from '~/utils/clock.server'
import type { Role } from '~db/schema/enums'
import { pageMessages } from '~/i18n/messages-asset.server'
import { localeOf } from '~/utils/locale.server'

// 使用说明 (issue 19 item 10): every signed-in role reads its own guide; the bureau may read each
// role's (?role=), as it answers their questions. Another role's guide is out of a district's, a
// lab's or an expert's scope (404); a role that does not exist is bad input (400, with its message).
const RoleParam = z.enum(HELP_ROLES)

function roleShown(search: URLSearchParams, own: Role): Role {
  const raw = search.get('role')
  if (raw === null || raw === '') return own
  const parsed = RoleParam.safeParse(raw)
  if (!parsed.success) throw new Response('help.badRole', { status: 400 })
  if (parsed.data !== own && own !== 'bureau') throw new Response('Not found', { status: 404 })
  return parsed.data
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = requireUser(request)
  const actor = actorOf(user)
  const role = roleShown(new URL(request.url).searchParams, actor.role)
  const own = role === actor.role
  return {
    role,
    canSwitch: actor.role === 'bureau',
    steps: helpSteps(role, own ? actor.labId : null),
    // read where the engine, the ledger and the reminders read them
    deadlines: helpDeadlines(role, ruleSettings()),
    requestRules: showsRequestRules(role) ? requestRuleRows(typeRules()) : null,
    ownLab: own ? ownLabDates(actor, today()) : null,
    contacts: own ? contactsFor(actor) : null,
    firstRun: own && role === 'bureau' ? firstRunChecklist(firstRunFacts(), now()) : null,
    // the guide's words come with the page, not in every page's messages script
    messages: pageMessages(localeOf(request, user.locale), 'help.'),
  }
}

export type HelpPage = Awaited<ReturnType<typeof loader>>

export default function HelpPage() {
  const page = useLoaderData<typeof loader>()
  usePageMessages(page.messages)
  const t = useT()
  return (
    <div className="space-y-4" data-testid="help" data-role={page.role}>
      <PageHeader title={t('help.title')} subtitle={t(`help.intro.${page.role}`)} />
      {page.canSwitch ? <RoleSwitch current={page.role} /> : null}
      {page.firstRun ? <FirstRunChecklist items={page.firstRun} /> : null}
      <section className="card" aria-labelledby="help-steps">
        <h2 id="help-steps" className="mb-2 font-semibold">
          {t('help.stepsTitle')}
        </h2>
        <ol className="list-decimal space-y-2 pl-5" data-testid="help-steps">
          {page.steps.map((step) => (
            <li key={step.key}>
              {t(step.key)}
              {step.links.length > 0 ? (
                <span className="ml-2 inline-flex flex-wrap gap-2">
                  {step.links.map((link) => (
                    <Link key={link.path} to={link.path} className="link">
                      {t(link.key)}
                    </Link>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      <DeadlinesSection page={page} />
      <ContactsSection role={page.role} contacts={page.contacts} />
    </div>
  )
}

function RoleSwitch({ current }: { current: Role }) {
  const t = useT()
  return (
    <nav aria-label={t('help.roleSwitch')} className="flex flex-wrap items-center gap-2 text-sm" data-testid="help-roles">
      <span className="text-slate-600">{t('help.roleSwitch')}</span>
      {HELP_ROLES.map((role) => (
        <Link
          key={role}
          to={`/help?role=${role}`}
          aria-current={role === current ? 'page' : undefined}
          className={`rounded border px-2 py-1 ${role === current ? 'border-sky-800 bg-sky-800 text-white' : 'border-slate-300 bg-white hover:bg-slate-50'}`}
        >
          {t(`role.${role}`)}
        </Link>
      ))}
    </nav>
  )
}

export const meta: MetaFunction<typeof loader> = (args) => pageTitle(args, 'help.title')
