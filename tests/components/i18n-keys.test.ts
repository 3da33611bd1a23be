import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { translator } from '~/i18n'

// The messages are split into one file per area and spread into one dictionary per language
// (app/i18n/index.ts), so a key written in two files is silently won by the later file. That
// happened: the indicator plan's 'notices.plan.submitted' replaced the emergency plan's, and the
// bureau's inbox said "第  期任务指标计划已提交" for a new emergency plan. A key lives in one file.
const dir = path.resolve(__dirname, '../../app/i18n')
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'use-t.ts')

async function dictionaries() {
  const out: Array<{ file: string; name: string; keys: string[] }> = []
  for (const file of files) {
    const mod = (await import(/* @vite-ignore */ path.join(dir, file))) as Record<string, unknown>
    for (const [name, value] of Object.entries(mod))
      if (value && typeof value === 'object' && !Array.isArray(value)) out.push({ file, name, keys: Object.keys(value) })
  }
  return out
}

describe('message keys', () => {
  test('no key is defined in two files of the same language', async () => {
    const seen = new Map<string, string>()
    const clashes: string[] = []
    for (const d of await dictionaries()) {
      const language = /En$/.test(d.name) ? 'en' : /Zh$/.test(d.name) ? 'zh' : null
      if (!language) continue
      for (const key of d.keys) {
        const id = `${language}:${key}`
        const first = seen.get(id)
        if (first && first !== d.file) clashes.push(`${key} in ${first} and ${d.file}`)
        else seen.set(id, d.file)
      }
    }
    expect(clashes).toEqual([])
    // the walk read the dictionaries (a walk that finds none could never fail)
    expect(seen.size).toBeGreaterThan(1000)
  })

  test("an emergency plan's notice speaks of the emergency plan, an indicator plan's of the indicator plan", () => {
    const zh = translator('zh')
    expect(zh('notices.plan.submitted', { lab: '甲实验室', version: 'v2' })).toContain('应急预案')
    expect(zh('notices.indicatorPlan.submitted', { lab: '甲实验室', period: 2 })).toContain('第 2 期任务指标计划')
  })
})
