import { describe, expect, test } from 'vitest'
import {
  auditActorOf,
  conflict,
  forbidden,
  invalid,
  notFound,
  ok,
  REFUSAL_STATUS,
  refusalResponse,
  throwIfRefused,
  type Refusal,
} from '~/models/result.server'
import { outcome } from '../helpers'

// app/models/result.server.ts: every model's refusals and the one adapter routes answer them with.

const typed = { intent: 'save', values: { name: '实验室', note: 'as typed' } }

describe('each refusal kind has its status', () => {
  test.each([
    ['not_found', 404],
    ['forbidden', 403],
    ['invalid', 400],
    ['conflict', 409],
  ] as const)('%s is %i', (kind, status) => {
    expect(REFUSAL_STATUS[kind]).toBe(status)
  })
})

describe('the constructors', () => {
  test('ok carries the value beside ok: true', () => {
    expect(ok({ renewal: { id: 3 } })).toEqual({ ok: true, renewal: { id: 3 } })
  })

  test('not found and forbidden carry nothing else', () => {
    expect(notFound()).toStrictEqual({ ok: false, error: 'not_found' })
    expect(forbidden()).toStrictEqual({ ok: false, error: 'forbidden' })
  })

  test('invalid carries the field messages as given', () => {
    const errors = { name: { key: 'form.required' as const } }
    expect(invalid(errors)).toStrictEqual({ ok: false, error: 'invalid', errors })
  })

  test('a conflict is the form-wide reason by its message key, with its variables when there are any', () => {
    expect(conflict('deliverables.error.wrongStatus')).toStrictEqual({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'deliverables.error.wrongStatus' } },
    })
    expect(conflict('form.tooLong', { max: 10 })).toStrictEqual({
      ok: false,
      error: 'conflict',
      errors: { _form: { key: 'form.tooLong', vars: { max: 10 } } },
    })
  })

  test('the audit actor is the user by id, name and address, the address empty when unknown', () => {
    expect(auditActorOf({ id: 7, displayName: '张三', ip: '10.0.0.1' })).toStrictEqual({ id: 7, displayName: '张三', ip: '10.0.0.1' })
    expect(auditActorOf({ id: 7, displayName: '张三' })).toStrictEqual({ id: 7, displayName: '张三', ip: '' })
  })
})

describe('the route adapter', () => {
  test('out of scope is thrown as 404 and never reaches the form', async () => {
    const answer = await outcome(async () => refusalResponse(notFound() as Refusal, typed))
    expect(answer.status).toBe(404)
    expect(answer.body).toEqual({})
  })

  test('a role that never does this is thrown as 403', async () => {
    const answer = await outcome(async () => refusalResponse(forbidden() as Refusal, typed))
    expect(answer.status).toBe(403)
  })

  test('bad input is 400 with the field messages and what the user typed', async () => {
    const errors = { name: { key: 'form.required' as const } }
    const answer = await outcome(async () => refusalResponse(invalid(errors) as Refusal, typed))
    expect(answer).toMatchObject({ status: 400, body: { intent: 'save', values: typed.values, errors } })
  })

  test('a stale page is 409 with the reason as its message key, and what the user typed', async () => {
    const answer = await outcome(async () => refusalResponse(conflict('deliverables.error.wrongStatus') as Refusal, typed))
    expect(answer).toMatchObject({
      status: 409,
      body: { intent: 'save', values: typed.values, errors: { _form: { key: 'deliverables.error.wrongStatus' } } },
    })
  })

  test('throwIfRefused hands back what the form shows and throws the rest', () => {
    const stale = conflict('deliverables.error.wrongStatus')
    expect(throwIfRefused(stale)).toBe(stale)
    const thrown = (failure: Refusal) => {
      try {
        throwIfRefused(failure)
      } catch (response) {
        return (response as Response).status
      }
      return null
    }
    expect(thrown(notFound())).toBe(404)
    expect(thrown(forbidden())).toBe(403)
  })
})
