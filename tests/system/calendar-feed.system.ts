import ICAL from 'ical.js'
import { describe, expect, test } from 'vitest'
import { serverForSuite } from '../app-server'
import { client, dbQuery, signIn } from './http'

// The calendar feed (issue 20 item 4) as a calendar app meets it: the address made on the
// production server's account page, fetched over HTTP with no cookie and
// read back by ical.js; replaced and revoked there, and then a 404.

const FEED_PATH = /\/feeds\/cal_\d+_[A-Za-z0-9_-]{43}\.ics/

async function newAddress(account: Awaited<ReturnType<typeof signIn>>, intent: 'createFeed' | 'replaceFeed') {
  const res = await account.post('/account', { intent })
  expect(res.status).toBe(200)
  const html = await res.text()
  const path = FEED_PATH.exec(html)?.[0]
  expect(path).toBeDefined()
  expect(html).toContain(`webcal://localhost:3000${path}`)
  return path!
}

describe('the calendar feed over HTTP', () => {
  const server = serverForSuite()

  test('a lab account’s feed: only its lab, every event complete; replaced and revoked it is a 404', async () => {
    const lab = await signIn(server.baseUrl, 'lab')
    const [{ lab_id: labId }] = dbQuery<{ lab_id: number }>(server.dataDir, "SELECT lab_id FROM users WHERE username = 'lab'")
    const path = await newAddress(lab, 'createFeed')

    const anonymous = client(server.baseUrl)
    const res = await anonymous.get(path, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const text = await res.text()
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    expect(events.length).toBeGreaterThan(0)
    for (const e of events) {
      expect(e.uid).toMatch(/^[a-z-]+-\d+@labcycle$/)
      expect(e.startDate.isDate).toBe(true)
      expect(e.summary.length).toBeGreaterThan(0)
      expect(e.component.getFirstPropertyValue('url')).toMatch(new RegExp(`/labs/${labId}/`))
    }
    // two fetches, the same events
    const again = new ICAL.Component(ICAL.parse(await (await anonymous.get(path)).text())).getAllSubcomponents('vevent')
    expect(again.map((v) => v.getFirstPropertyValue('uid'))).toEqual(events.map((e) => e.uid))

    const replaced = await newAddress(lab, 'replaceFeed')
    expect((await anonymous.get(path)).status).toBe(404)
    expect((await anonymous.get(replaced)).status).toBe(200)
    expect((await lab.post('/account', { intent: 'revokeFeed' })).status).toBe(302)
    expect((await anonymous.get(replaced)).status).toBe(404)
    const audit = dbQuery<{ action: string }>(
      server.dataDir,
      "SELECT action FROM audit_log WHERE entity_type = 'calendar_feed' ORDER BY id",
    )
    expect(audit.map((a) => a.action)).toEqual(['create', 'replace', 'revoke'])
  })
})
