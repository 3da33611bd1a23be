import { describe, expect, test } from 'vitest'
import { noticeExcerpt, requestStepParty, whoActsOn } from '~/domain/request-notices'
import { REQUEST_STATUSES } from '~db/schema/enums'

describe('noticeExcerpt', () => {
  test.each([
    ['', ''],
    ['请补充材料', '请补充材料'],
    ['  请补充\n\n材料\t清单 ', '请补充 材料 清单'],
  ])('%j reads %j', (text, excerpt) => expect(noticeExcerpt(text)).toBe(excerpt))

  test('a reason exactly at the limit is kept whole; one character more is cut with …', () => {
    expect(noticeExcerpt('退'.repeat(60))).toBe('退'.repeat(60))
    expect(noticeExcerpt('退'.repeat(61))).toBe(`${'退'.repeat(59)}…`)
  })

  test('a character outside the BMP counts once and is never split', () => {
    const cut = noticeExcerpt('📎'.repeat(10), 5)
    expect(cut).toBe('📎📎📎📎…')
  })
})

describe('whose move a request waits for', () => {
  test('a submitted request waits for the district only when its opinion is asked', () => {
    expect(whoActsOn('submitted', true)).toBe('district')
    expect(whoActsOn('submitted', false)).toBe('bureau')
  })

  test('a closed, withdrawn or rejected request keeps nobody waiting', () => {
    const nobody = REQUEST_STATUSES.filter((s) => whoActsOn(s, false) === null)
    expect(nobody.sort()).toEqual(['closed', 'rejected', 'withdrawn'])
  })

  test('the side taking a step is never told of it', () => {
    expect(requestStepParty({ step: 'close', from: 'fulfilled', to: 'closed', districtOpinionRequired: false, actor: 'lab' })).toBeNull()
    expect(requestStepParty({ step: 'close', from: 'fulfilled', to: 'closed', districtOpinionRequired: false, actor: 'bureau' })).toBe(
      'lab',
    )
  })
})
