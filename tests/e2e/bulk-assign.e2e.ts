import { describe, expect, test } from 'vitest'
import { browserForFile, confirmInDialog, dbQuery, openPage, signInAs } from './browser'

// Bulk actions (issue 19 item 9): the bureau ticks renewals on /renewals, chooses one expert, is
// asked how many, confirms, and reads what was assigned and what was refused.
const { freshPage } = browserForFile()

const assignmentCount = () => dbQuery<{ n: number }>('SELECT count(*) AS n FROM review_assignments')[0].n

describe('assigning one expert to several renewals', () => {
  test('tick two, choose an expert, confirm the count, see the answer', async () => {
    const page = await freshPage()
    await signInAs(page, 'bureau')
    await openPage(page, '/renewals?size=100')
    const boxes = page.getByTestId('bulk-select')
    expect(await boxes.count(), 'the demo data has open renewals').toBeGreaterThanOrEqual(2)
    await boxes.nth(0).check()
    await boxes.nth(1).check()
    const form = page.getByTestId('bulk-assign')
    await form.locator('select[name=expertId]').selectOption({ index: 1 })
    const before = assignmentCount()
    await page.getByTestId('bulk-assign-submit').click()
    await expect(page.locator('dialog[open]').innerText()).resolves.toContain('将所选专家指派给 2 项续期申请？')
    await confirmInDialog(page)
    const result = page.getByTestId('bulk-result')
    await result.waitFor()
    const [, assigned, refused] = /已指派 (\d+) 项，未指派 (\d+) 项/.exec(await result.innerText()) ?? []
    expect(Number(assigned) + Number(refused)).toBe(2)
    expect(assignmentCount()).toBe(before + Number(assigned))
    await page.close()
  })
})
