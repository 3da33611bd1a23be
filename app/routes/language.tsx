import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { eq } from 'drizzle-orm'
import { users } from '~db/schema'
import { getUser } from '~/utils/auth.server'
import { db } from '~/utils/db.server'
import { isLocale, localeCookie } from '~/utils/locale.server'
import { safeRedirectPath } from '~/utils/request.server'
import { readForm } from '~/utils/form-body.server'

export async function loader() {
  return redirect('/')
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request)
  const locale = form.get('locale')
  if (!isLocale(locale)) throw new Response('Bad locale', { status: 400 })
  const user = getUser(request)
  // A preference, not a compliance change: not audited.
  if (user) db().update(users).set({ locale }).where(eq(users.id, user.id)).run()
  return redirect(safeRedirectPath(form.get('redirectTo')), { headers: { 'Set-Cookie': localeCookie(locale) } })
}
