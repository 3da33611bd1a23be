import { data } from '@remix-run/node'
import type { Actor } from '~/domain/permissions'
import type { MessageKey } from '~/i18n'
import type { FieldErrors } from '~/utils/forms'
import type { AuditActor } from './audit.server'
import type { StaleState } from './stale-state'

// What a model's write answers, for every model alike (issue 13): done, or one of four refusals
// each with its HTTP status. Out of the user's scope is 404 (a lab they may not see does not
// exist for them), a role that never does this is 403, bad input is 400 with the field messages,
// and a state that does not allow it (now: the page was stale) is 409 with the reason's message
// key. Routes answer a refusal through `refusalResponse`, the one place that turns it into HTTP.

export type NotFound = { ok: false; error: 'not_found' }
export type Forbidden = { ok: false; error: 'forbidden' }
export type Invalid<E extends FieldErrors = FieldErrors> = { ok: false; error: 'invalid'; errors: E }
export type Conflict = { ok: false; error: 'conflict'; errors: FieldErrors; stale?: StaleState }

/** Every refusal a model gives; a model that never gives some names only the ones it does. */
export type Refusal = NotFound | Forbidden | Invalid | Conflict
export type RefusalKind = Refusal['error']
// what a page shows on its form: bad input, or the reason the state refuses it
type Shown = { ok: false; error: 'invalid' | 'conflict'; errors: FieldErrors; stale?: StaleState }

/** Done with `T` (the written row, say), or refused. */
export type Result<T extends object = object, F extends Refusal = Refusal> = ({ ok: true } & T) | F

export const REFUSAL_STATUS = { not_found: 404, forbidden: 403, invalid: 400, conflict: 409 } as const satisfies Record<RefusalKind, number>

export const ok = <T extends object>(value: T): { ok: true } & T => ({ ok: true, ...value })
export const notFound = (): NotFound => ({ ok: false, error: 'not_found' })
export const forbidden = (): Forbidden => ({ ok: false, error: 'forbidden' })
export const invalid = <E extends FieldErrors>(errors: E): Invalid<E> => ({ ok: false, error: 'invalid', errors })

/** The form-wide reason the state refuses the change, as its message key. */
export function conflict(key: MessageKey, vars?: Record<string, string | number>): Conflict {
  return { ok: false, error: 'conflict', errors: { _form: vars ? { key, vars } : { key } } }
}

/** The signed-in user as a model's write sees them: who may do what, and the name and address its audit rows record. */
export type ActingUser = Actor & { displayName: string; ip?: string }

// a user's id, never the system's null: models that stamp it (updatedBy) take it as such
export const auditActorOf = (by: Pick<ActingUser, 'id' | 'displayName' | 'ip'>): AuditActor & { id: number; ip: string } => ({
  id: by.id,
  displayName: by.displayName,
  ip: by.ip ?? '',
})

/**
 * Out of scope and a role that never does this are thrown (404, 403) for the shared error
 * boundary; they never reach the form.
 */
export function throwIfRefused<F extends { ok: false; error: string }>(failure: F): Exclude<F, NotFound | Forbidden> {
  if (failure.error === 'not_found') throw new Response('Not found', { status: REFUSAL_STATUS.not_found })
  if (failure.error === 'forbidden') throw new Response('Forbidden', { status: REFUSAL_STATUS.forbidden })
  return failure as Exclude<F, NotFound | Forbidden>
}

/**
 * How a route answers a model's refusal: 404 and 403 are thrown (see throwIfRefused); bad input
 * (400) and a stale page (409) return the page's own fields (`body`: the intent, what the user
 * typed) with the field messages, which the page shows in the user's language.
 */
export function refusalResponse<B extends object>(failure: NotFound | Forbidden | Shown, body: B) {
  const { error, errors, stale } = throwIfRefused(failure)
  // a stale page (docs/decisions/010-stale-decisions.md) also learns what the row is now
  return data({ ...body, errors, ...(stale ? { stale } : {}) }, { status: REFUSAL_STATUS[error] })
}
