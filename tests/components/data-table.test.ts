import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Outlet, type RouteObject } from 'react-router-dom'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { DataTable, type ColumnDef } from '~/components/data-table/data-table'

// The list pages' table renders its columns itself (no table library in the browser,
// docs/decisions/018-client-javascript.md): what the server sorted and paged, the columns the
// URL asks for, and headings that link to the other sort order.
type Row = { id: number; name: string; district: string }
const columns: ColumnDef<Row>[] = [
  { id: 'name', header: '名称', meta: { sortKey: 'name' }, cell: ({ row }) => row.original.name },
  { id: 'district', header: '区', cell: ({ row }) => createElement('b', null, row.original.district) },
  { id: 'blank', header: '备注' },
]

async function render(
  props: { rows: Row[]; visibility?: Record<string, boolean>; sort?: string; dir?: 'asc' | 'desc' },
  url = 'http://localhost/labs?page=3&q=x',
) {
  const element = createElement(DataTable<Row>, {
    rows: props.rows,
    columns,
    visibility: props.visibility ?? {},
    sort: props.sort ?? 'name',
    dir: props.dir ?? 'asc',
    getRowId: (r) => String(r.id),
  })
  const routes: RouteObject[] = [
    { id: 'root', path: '/', loader: () => ({ locale: 'zh' }), element: createElement(Outlet), children: [{ path: 'labs', element }] },
  ]
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request(url))
  if (context instanceof Response) throw new Error('unexpected response')
  return renderToStaticMarkup(createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }))
}

const rows: Row[] = [
  { id: 1, name: '甲实验室', district: '姑苏区' },
  { id: 2, name: '乙实验室', district: '昆山市' },
]

describe('the data table', () => {
  test('rows in the order given, one cell per shown column, a cell without a renderer empty', async () => {
    const html = await render({ rows })
    expect(html.match(/data-testid="row"/g)).toHaveLength(2)
    expect(html.indexOf('甲实验室')).toBeLessThan(html.indexOf('乙实验室'))
    expect(html).toContain('<td class="td"><b>姑苏区</b></td><td class="td"></td>')
    expect(html.match(/<th /g)).toHaveLength(3)
  })

  test('a column the visibility turns off has neither heading nor cells', async () => {
    const html = await render({ rows, visibility: { district: false, name: true } })
    expect(html).not.toContain('区</th>')
    expect(html).not.toContain('姑苏区')
    expect(html.match(/<th /g)).toHaveLength(2)
  })

  test('the sorted heading says its order and links to the other, keeping the filters, back to page 1', async () => {
    const html = await render({ rows, sort: 'name', dir: 'asc' })
    expect(html).toContain('aria-sort="ascending"')
    expect(html).toContain('href="/labs?q=x&amp;sort=name&amp;dir=desc"')
    expect(html).toContain('▲')
    const desc = await render({ rows, sort: 'name', dir: 'desc' })
    expect(desc).toContain('aria-sort="descending"')
    expect(desc).toContain('href="/labs?q=x&amp;sort=name&amp;dir=asc"')
  })

  test('no rows: one message across the shown columns', async () => {
    const html = await render({ rows: [], visibility: { blank: false } })
    expect(html).toContain('colSpan="2"')
    expect(html).not.toContain('data-testid="row"')
  })
})
