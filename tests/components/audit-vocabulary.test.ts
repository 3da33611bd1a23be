import { describe, expect, test } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '~/domain/audit-vocabulary'
import { isMessageKey, translator } from '~/i18n'

// Everything recordAudit may be given has a name in both languages, so the audit log and a lab's
// activity feed never show `renewal：decide` or `system / seed` (issue 19).

describe('the audit vocabulary', () => {
  test.each(['zh', 'en'] as const)('every entity type and action has a name in %s', (locale) => {
    const t = translator(locale)
    const missing = [
      ...AUDIT_ENTITY_TYPES.map((v) => [`audit.entity.${v}`, v]),
      ...AUDIT_ACTIONS.map((v) => [`audit.action.${v}`, v]),
    ].filter(([key, value]) => !isMessageKey(key) || t(key) === value)
    expect(missing).toEqual([])
  })
})
