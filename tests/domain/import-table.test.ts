import { describe, expect, test } from 'vitest'
import { headerStem, matchColumns, normaliseHeader, recordsOf, type ImportColumn, type ImportTable } from '~/domain/import-table'

const column = (key: string, header: string, aliases: string[] = [], required = true): ImportColumn => ({
  key,
  header,
  aliases,
  required,
  example: '',
  note: '',
})

const ROSTER = [
  column('name', '姓名'),
  column('phone', '联系电话', ['手机', '手机号码']),
  column('email', '电子邮箱', ['E-mail', '邮箱'], false),
  column('uscc', '统一社会信用代码', ['信用代码'], false),
  column('no', '序号', ['No', 'NO.'], false),
]

describe('normaliseHeader and headerStem', () => {
  test.each([
    ['姓名', '姓名'],
    ['  姓 名 ', '姓名'],
    ['*姓名', '姓名'],
    ['姓名＊', '姓名'],
    ['※ 姓名：', '姓名'],
    ['姓名:', '姓名'],
    ['No.', 'no'],
    ['Ｅ－ｍａｉｌ', 'email'],
    ['联系电话（手机）', '联系电话(手机)'],
    ['“姓名”', '姓名'],
  ])('normaliseHeader(%s) is %s', (raw, normal) => expect(normaliseHeader(raw)).toBe(normal))

  test.each([
    ['联系电话（手机）', '联系电话'],
    ['联系电话(手机)', '联系电话'],
    ['金额【万元】', '金额'],
    ['日期[YYYY-MM-DD]', '日期'],
    ['*统一社会信用代码（18位）：', '统一社会信用代码'],
    ['（备注）', ''],
  ])('headerStem(%s) is %s', (raw, stem) => expect(headerStem(raw)).toBe(stem))
})

describe('matchColumns', () => {
  test('common header variants match their columns: marks, full width, colons, notes in brackets, aliases', () => {
    const header = ['No.', '* 姓名：', '联系电话（手机）', 'Ｅ－ｍａｉｌ', '统一社会信用代码【18位】', '部门']
    expect(matchColumns(header, ROSTER)).toEqual({
      ok: true,
      indexOf: { no: 0, name: 1, phone: 2, email: 3, uscc: 4 },
      ignored: ['部门'],
    })
  })

  test('a missing required column is named by its template header', () => {
    expect(matchColumns(['姓名', '邮箱'], ROSTER)).toEqual({ ok: false, missing: ['联系电话'], duplicated: [] })
  })

  test('one column given twice (also through an alias or a bracketed note) is refused, not one of them picked', () => {
    expect(matchColumns(['姓名', '手机', '联系电话（办公）'], ROSTER)).toEqual({ ok: false, missing: [], duplicated: ['联系电话（办公）'] })
  })

  test('a bracketed note that names a different column wins over the stem', () => {
    const columns = [column('phone', '电话'), column('fax', '电话（传真）', [], false)]
    expect(matchColumns(['电话（传真）', '电话（手机）'], columns)).toEqual({ ok: true, indexOf: { fax: 0, phone: 1 }, ignored: [] })
  })

  test('a stem two columns share matches neither', () => {
    const columns = [column('office', '电话（办公）', [], false), column('mobile', '电话（手机）', [], false)]
    expect(matchColumns(['电话（办公）', '电话', '电话（手机）'], columns)).toEqual({
      ok: true,
      indexOf: { office: 0, mobile: 2 },
      ignored: ['电话'],
    })
  })

  test('empty header cells are neither matched nor listed as ignored', () => {
    expect(matchColumns(['姓名', '', '  ', '手机'], ROSTER)).toEqual({ ok: true, indexOf: { name: 0, phone: 3 }, ignored: [] })
  })
})

describe('recordsOf', () => {
  test('keys cells by column, trims them, and skips rows whose matched cells are all blank', () => {
    const table: ImportTable = {
      sheetName: '名单',
      headerRowNumber: 2,
      header: ['姓名', '备注', '手机'],
      rows: [
        { rowNumber: 3, cells: [' 张三 ', 'x', '139'] },
        { rowNumber: 4, cells: ['', '只有备注', ' '] },
        { rowNumber: 6, cells: ['李四'] },
      ],
    }
    expect(recordsOf(table, { name: 0, phone: 2 })).toEqual([
      { rowNumber: 3, values: { name: '张三', phone: '139' } },
      { rowNumber: 6, values: { name: '李四', phone: '' } },
    ])
  })
})
