import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { baseUrl, browserForFile, hydrated, labIdOf, signInAs } from './browser'

// Nothing typed is lost by leaving (issue 19, item 6): a lab starts a resource request, types
// its title, and then clicks away, reloads, or submits.

const { freshPage } = browserForFile()

async function startRequest(): Promise<{ page: Page; formUrl: string }> {
  const page = await freshPage()
  await signInAs(page, 'lab')
  const formUrl = `${baseUrl()}/labs/${labIdOf('lab')}/requests/new`
  await page.goto(formUrl)
  await hydrated(page)
  return { page, formUrl }
}

const inboxLink = (page: Page) => page.locator('header a[href="/inbox"]').first()

describe('leaving a form with unsaved typing', () => {
  test('a link in the app asks first: staying keeps the text, leaving goes', async () => {
    const { page, formUrl } = await startRequest()
    await page.fill('main [name=title]', '申请算力资源（未保存）')
    await inboxLink(page).click()
    const dialog = page.getByTestId('unsaved-dialog')
    await dialog.waitFor({ state: 'visible' })
    await expect(dialog.getByRole('heading').innerText()).resolves.toBe('离开此页？')
    await page.getByTestId('unsaved-stay').click()
    await dialog.waitFor({ state: 'hidden' })
    expect(page.url()).toBe(formUrl)
    await expect(page.inputValue('main [name=title]')).resolves.toBe('申请算力资源（未保存）')
    // Esc stays too
    await inboxLink(page).click()
    await dialog.waitFor({ state: 'visible' })
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(page.url()).toBe(formUrl)
    // and leaving leaves
    await inboxLink(page).click()
    await page.getByTestId('unsaved-leave').click()
    await page.waitForURL(/\/inbox$/)
    await page.close()
  })

  test('without typing, links go at once', async () => {
    const { page } = await startRequest()
    await inboxLink(page).click()
    await page.waitForURL(/\/inbox$/)
    await expect(page.getByTestId('unsaved-dialog').isVisible()).resolves.toBe(false)
    await page.close()
  })

  test('closing or reloading the tab gets the browser’s own question', async () => {
    const { page } = await startRequest()
    await page.fill('main [name=title]', '未保存的标题')
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => (resolve(d.type()), void d.dismiss())))
    await page.close({ runBeforeUnload: true })
    await expect(asked).resolves.toBe('beforeunload')
  })

  test('submitting is not leaving; a submission the server refused is still unsaved', async () => {
    const { page, formUrl } = await startRequest()
    await page.fill('main [name=title]', '只填了标题')
    // the other required fields are empty: the server refuses and the page stays, with its messages
    await page.locator('main form button[type=submit]').last().click()
    await page.locator('[role=alert], .field-error').first().waitFor()
    await expect(page.getByTestId('unsaved-dialog').isVisible()).resolves.toBe(false)
    expect(page.url()).toBe(formUrl)
    await expect(page.inputValue('main [name=title]')).resolves.toBe('只填了标题')
    await inboxLink(page).click()
    await page.getByTestId('unsaved-dialog').waitFor({ state: 'visible' })
    await page.close()
  })
})
