import type {} from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { dbQuery, labIdOf, openPage, savedNotice, shanghaiDay, browserForFile } from './browser'

// A lab snoozes one of its reminders on its obligation ledger (issue 15 part 6), as a person does
// it: the demo seed left the 'lab' account's drill snoozed; the lab ends that snooze, snoozes
// another item for 7 days, and its district office reads the snooze on the same page.

const { pageAs } = browserForFile()

describe('snoozing a reminder', () => {
  test('the lab ends one snooze and starts another; the district office sees it on the lab’s page', async () => {
    const labId = labIdOf('lab')
    const lab = await pageAs('lab')
    await openPage(lab, `/labs/${labId}/obligations`)
    const snoozed = lab.locator('[data-testid=lab-reminders] tr[data-snoozed]')
    expect(await snoozed.count()).toBe(1)
    const drillKey = await snoozed.getAttribute('data-reminder')
    await snoozed.locator('button:has-text("取消暂缓")').click()
    await savedNotice(lab, '已取消暂缓')
    expect(await lab.locator('[data-testid=lab-reminders] tr[data-snoozed]').count()).toBe(0)

    const other = lab.locator(`[data-testid=lab-reminders] tr[data-reminder]:not([data-reminder="${drillKey}"])`).filter({
      has: lab.locator('button:has-text("暂缓 7 天")'),
    })
    const key = await other.first().getAttribute('data-reminder')
    await other.first().locator('button:has-text("暂缓 7 天")').click()
    await savedNotice(lab, '提醒已暂缓')
    const until = shanghaiDay(7)
    expect(await lab.locator(`tr[data-reminder="${key}"]`).getAttribute('data-snoozed')).toBe(until)
    const [source, sourceId] = key!.split(':')
    expect(dbQuery('SELECT until FROM reminder_snoozes WHERE source = ? AND source_id = ?', source, Number(sourceId))).toEqual([{ until }])

    const gusu = await pageAs('gusu')
    await openPage(gusu, `/labs/${labId}/obligations`)
    const row = gusu.locator(`tr[data-reminder="${key}"]`)
    expect(await row.textContent()).toContain(`提醒已暂缓至 ${until}`)
    // the office reads it, and is offered no snooze of its own
    expect(await gusu.locator('[data-testid=lab-reminders] button:has-text("暂缓")').count()).toBe(0)
  })
})
