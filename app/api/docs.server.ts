import type { Locale } from '~db/schema/enums'
import { RATE_PER_MINUTE } from '~/domain/api-tokens'
import { translator } from '~/i18n'
import { ENDPOINTS, type Endpoint } from './endpoints.server'
import { jsonSchemaOf } from './openapi.server'
import { PROBLEM_KINDS, type ProblemStatus } from './problem.server'

// /api/v1/docs (issue 20): the contract as a page people read, rendered on the server from the
// same registry as openapi.json. Plain HTML and a little CSS: no Swagger UI, no script.

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function valuesOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ')
  const parts = [String(schema.type ?? '')]
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? ''}…${schema.maximum ?? ''}`)
  if (schema.default !== undefined) parts.push(`= ${JSON.stringify(schema.default)}`)
  return parts.join(' ')
}

function endpointHtml(endpoint: Endpoint, locale: Locale, origin: string): string {
  const t = translator(locale)
  const rows: string[] = []
  for (const [where, schema] of [
    ['path', endpoint.pathParams],
    ['query', endpoint.query],
  ] as const) {
    if (!schema) continue
    const properties = (jsonSchemaOf(schema, 'input').properties ?? {}) as Record<string, Record<string, unknown>>
    for (const [name, p] of Object.entries(properties))
      rows.push(
        `<tr><td><code>${escape(name)}</code></td><td>${where}</td><td><code>${escape(valuesOf(p))}</code></td><td>${escape(String(p.description ?? ''))}</td></tr>`,
      )
  }
  const example = `curl -H "Authorization: Bearer lc_…" ${origin}/api/v1${endpoint.path.replace('{labId}', '1')}`
  return `<section id="${endpoint.operationId}">
<h3><code>GET /api/v1${escape(endpoint.path)}</code></h3>
<p>${escape(endpoint.summary[locale])}</p>
${
  rows.length
    ? `<table><thead><tr><th>${t('api.docs.param')}</th><th>${t('api.docs.in')}</th><th>${t('api.docs.schema')}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${t('api.docs.noParams')}</p>`
}
<p>${t('api.docs.example')}:</p><pre>${escape(example)}</pre>
</section>`
}

export function docsHtml({ locale, origin }: { locale: Locale; origin: string }): string {
  const t = translator(locale)
  const problems = (Object.keys(PROBLEM_KINDS).map(Number) as ProblemStatus[])
    .map(
      (status) =>
        `<li id="problem-${PROBLEM_KINDS[status]}"><code>${status}</code> ${escape(t(`api.problem.${PROBLEM_KINDS[status]}`))}</li>`,
    )
    .join('')
  return `<!doctype html>
<html lang="${locale === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('api.docs.title'))}</title>
<style>body{font:15px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a}code,pre{font-family:ui-monospace,monospace}pre{background:#f1f5f9;padding:.5rem;overflow-x:auto}table{border-collapse:collapse;width:100%}td,th{border-top:1px solid #cbd5e1;padding:.25rem .5rem;text-align:left;vertical-align:top}a{color:#0369a1}</style>
</head><body>
<h1>${escape(t('api.docs.title'))}</h1>
<p>${escape(t('api.docs.intro'))}</p>
<p>${escape(t('api.docs.auth'))}</p>
<p>${escape(t('api.docs.formats'))}</p>
<p>${escape(t('api.docs.paging'))}</p>
<p>${escape(t('api.docs.rate', { n: RATE_PER_MINUTE }))}</p>
<p><a href="/api/v1/openapi.json">${escape(t('api.docs.contract'))}</a> · <a href="?lang=${locale === 'zh' ? 'en' : 'zh'}">${locale === 'zh' ? 'English' : '中文'}</a></p>
<h2>${escape(t('api.docs.endpoints'))}</h2>
${ENDPOINTS.map((e) => endpointHtml(e, locale, origin)).join('\n')}
<h2>${escape(t('api.docs.problems'))}</h2>
<ul>${problems}</ul>
</body></html>`
}
