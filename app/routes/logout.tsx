import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { recordAudit } from '~/models/audit.server'
import { db } from '~/utils/db.server'
import { clientIpOf } from '~/utils/request.server'
import { clearSessionCookie, destroySessionOf, getSessionUser } from '~/utils/session.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const current = getSessionUser(request)
  destroySessionOf(request)
  if (current) {
    recordAudit(db(), {
      actor: { id: current.user.id, displayName: current.user.displayName, ip: clientIpOf(context) },
      action: 'logout',
      // the actor is the user; the log has no id for a session
      entityType: 'session',
    })
  }
  return redirect('/login', { headers: { 'Set-Cookie': clearSessionCookie(request) } })
}
