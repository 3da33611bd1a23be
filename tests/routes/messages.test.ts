import vm from 'node:vm'
import { describe, expect, test } from 'vitest'
import { catalogs } from '~/i18n/catalogs.server'
import { messagesSrc, pageMessages, PAGE_MESSAGE_AREAS, SERVER_ONLY_AREAS } from '~/i18n/messages-asset.server'
import { loader } from '~/routes/messages.$file'
import type { BrowserMessages } from '~/i18n'

// The browser's messages (docs/decisions/018-client-javascript.md): one language per script,
// at an address named by its content, which the browser's translator reads instead of the
// server's catalogue. What the script leaves must be that catalogue, key for key.

async function fetchScript(src: string) {
  const res = (await loader({
    params: { file: src.replace('/messages/', '') },
    request: new Request(`http://localhost${src}`),
    context: {},
  })) as Response
  return res
}

function runInBrowser(script: string): BrowserMessages {
  const window = {} as { __labcycleMessages?: BrowserMessages }
  vm.runInNewContext(script, { window, Object })
  return window.__labcycleMessages!
}

describe('the messages script', () => {
  test.each(['zh', 'en'] as const)(
    'leaves the server’s %s dictionary but the page-local areas, its own address and language',
    async (locale) => {
      const src = messagesSrc(locale)
      expect(src).toMatch(new RegExp(`^/messages/${locale}\\.[0-9a-f]{12}\\.js$`))
      const res = await fetchScript(src)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      const loaded = runInBrowser(await res.text())
      expect(loaded.src).toBe(src)
      expect(loaded.locale).toBe(locale)
      // every message but those of the areas one page shows (they come with that page's data) and
      // those only the server writes (the read API's)
      const notShared = [...PAGE_MESSAGE_AREAS, ...SERVER_ONLY_AREAS]
      const shared = Object.fromEntries(Object.entries(catalogs[locale]).filter(([key]) => !notShared.some((area) => key.startsWith(area))))
      expect(Object.keys(loaded.messages).some((key) => key.startsWith('api.'))).toBe(false)
      expect(Object.keys(shared).length).toBeLessThan(Object.keys(catalogs[locale]).length)
      expect(loaded.messages).toEqual(shared)
      for (const area of PAGE_MESSAGE_AREAS)
        expect(Object.keys(pageMessages(locale, area)).every((key) => key.startsWith(area) && !(key in loaded.messages))).toBe(true)
      // a key that is also another's prefix survives the nesting
      const keys = Object.keys(shared)
      const heads = new Set(keys.flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i).join('.'))))
      const alsoPrefixes = keys.filter((k) => heads.has(k)) as Array<keyof typeof loaded.messages>
      expect(alsoPrefixes.length).toBeGreaterThan(0)
      for (const key of alsoPrefixes) expect(loaded.messages[key]).toBe(shared[key])
    },
  )

  test('the two languages have two addresses', () => {
    expect(messagesSrc('zh')).not.toBe(messagesSrc('en'))
  })

  test.each([
    ['another release’s address', 'zh.000000000000.js'],
    ['a language there is none of', 'fr.000000000000.js'],
    ['the current one with something after it', `${messagesSrc('zh').replace('/messages/', '')}x`],
    ['no file', ''],
  ])('%s is not found', async (_what, file) => {
    await expect(fetchScript(`/messages/${file}`)).rejects.toSatisfy((r: unknown) => r instanceof Response && r.status === 404)
  })
})
