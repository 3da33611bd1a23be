import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium } from '../page-javascript'
import { baseUrl, hydrated, labIdOf, signInAs } from './browser'
import { NARROW } from './page-checks'

// Issue 19 item 4 on a phone-sized screen (390 × 844): the header's menu folds behind a button
// that works with and without script, one menu entry is current, tables scroll inside their card
// and a date in a narrow table stays on one line.

let browser: Browser
const contexts: BrowserContext[] = []
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  for (const context of contexts) await context.close()
  await browser?.close()
})

async function narrowPageAs(username: string, { javaScript = true } = {}): Promise<Page> {
  const signing = await browser.newContext({ viewport: NARROW })
  contexts.push(signing)
  const page = await signing.newPage()
  await signInAs(page, username)
  if (javaScript) return page
  // the same session in a browser that runs no script
  const context = await browser.newContext({ viewport: NARROW, javaScriptEnabled: false, storageState: await signing.storageState() })
  contexts.push(context)
  return context.newPage()
}

const menu = (page: Page) => page.locator('#main-nav')
const menuButton = (page: Page) => page.getByTestId('menu-button')

describe('the header menu on a narrow screen', () => {
  test('the links are behind 菜单; the button opens them, a link followed closes them', async () => {
    const page = await narrowPageAs('bureau')
    await hydrated(page)
    expect(await menu(page).isVisible()).toBe(false)
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false')
    expect(await menuButton(page).getAttribute('aria-controls')).toBe('main-nav')
    // the header (name, menu button, language, help, inbox, account) no longer takes four rows
    expect((await page.locator('header').boundingBox())!.height).toBeLessThan(140)

    await menuButton(page).click()
    expect(await menu(page).isVisible()).toBe(true)
    // the popover's toggle event reaches React after the click returns: the state follows within a frame
    await expect.poll(() => menuButton(page).getAttribute('aria-expanded')).toBe('true')
    await menu(page).getByRole('link', { name: '工作日历' }).click()
    await page.waitForURL((url) => url.pathname === '/calendar')
    await page.waitForFunction(() => !document.querySelector('#main-nav')!.matches(':popover-open'))
    expect(await menuButton(page).getAttribute('aria-expanded')).toBe('false')
  })

  test('without script the button still opens the menu', async () => {
    const page = await narrowPageAs('bureau', { javaScript: false })
    await page.goto(`${baseUrl()}/`)
    expect(await menu(page).isVisible()).toBe(false)
    await menuButton(page).click()
    expect(await menu(page).isVisible()).toBe(true)
    expect(await menu(page).getByRole('link').count()).toBeGreaterThan(10)
  })

  test('on a wide screen the links are a row and there is no menu button', async () => {
    const page = await narrowPageAs('lab')
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${baseUrl()}/labs/${labIdOf('lab')}/requests`)
    await hydrated(page)
    expect(await menuButton(page).isVisible()).toBe(false)
    expect(await menu(page).isVisible()).toBe(true)
    // a lab's requests are under its lab's path too: only the requests entry is current
    const current = menu(page).locator('a[aria-current=page]')
    expect(await current.count()).toBe(1)
    expect(await current.getAttribute('href')).toBe(`/labs/${labIdOf('lab')}/requests`)
  })
})

describe('a narrow table', () => {
  test('the lab registry scrolls inside its card and each end date stays on one line', async () => {
    const page = await narrowPageAs('bureau')
    await page.goto(`${baseUrl()}/labs`)
    await hydrated(page)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(NARROW.width)
    const box = page.locator('.table-scroll:has([data-testid=data-table])')
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)

    // the dates in the rows, marked once; then the lines each takes: its height in the cell's line height
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-testid=row] td .token')) {
        if (/^\d{4}-\d{2}-\d{2}$/.test(el.textContent ?? '')) el.setAttribute('data-date', '')
      }
    })
    const dateLines = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('[data-date]')].map((el) =>
          Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el.closest('td')!).lineHeight)),
        ),
      )
    const lines = await dateLines()
    expect(lines.length).toBeGreaterThan(5)
    expect(new Set(lines)).toEqual(new Set([1]))

    // squeezed to four characters and allowed to break anywhere, a date without .token breaks;
    // with it, it stays on one line (and overflows its cell instead)
    await page.addStyleTag({ content: '[data-testid=row] td { width: 4ch; max-width: 4ch; word-break: break-all }' })
    expect(new Set(await dateLines())).toEqual(new Set([1]))
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('[data-testid=row] td .token')) el.classList.remove('token')
    })
    const squeezed = await dateLines()
    expect(squeezed.length).toBe(lines.length)
    expect(Math.min(...squeezed)).toBeGreaterThan(1)
  })
})
