import JSZip from 'jszip'
import { expect } from 'vitest'

// Opens a .docx download the way a reader does: unzips it, checks each XML part is well formed,
// and gives the parts and the text of each paragraph of the body, header and footer.
export type DocxParts = {
  document: string
  styles: string
  fontTable: string
  footer: string
  header: string
  /** the text of each paragraph of the body, in order */
  paragraphs: string[]
  /** the body's text, paragraphs joined by newlines */
  text: string
}

export async function readDocx(response: Response): Promise<DocxParts> {
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  const zip = await JSZip.loadAsync(await response.arrayBuffer())
  const part = async (pattern: RegExp) => {
    const names = Object.keys(zip.files).filter((n) => pattern.test(n))
    const texts = await Promise.all(names.map((n) => zip.file(n)!.async('string')))
    texts.forEach((xml, i) => expectWellFormed(xml, names[i]))
    return texts.join('\n')
  }
  await part(/\.(xml|rels)$/) // every part, [Content_Types].xml and the relationships included
  const document = await part(/^word\/document\.xml$/)
  const paragraphs = paragraphTexts(document)
  return {
    document,
    styles: await part(/^word\/styles\.xml$/),
    fontTable: await part(/^word\/fontTable\.xml$/),
    footer: await part(/^word\/footer\d*\.xml$/),
    header: await part(/^word\/header\d*\.xml$/),
    paragraphs,
    text: paragraphs.join('\n'),
  }
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')

/** The text of each w:p: its w:t runs joined. */
export function paragraphTexts(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescape(t[1])).join(''),
  )
}

/** The paragraphs styled as the given heading (Heading1, Heading2), by their text. */
export function headingsOf(xml: string, style: 'Heading1' | 'Heading2'): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .filter((m) => m[0].includes(`<w:pStyle w:val="${style}"/>`))
    .map((m) => paragraphTexts(m[0]).join(''))
}

/** The rows of every table, each row its cells' text. */
export function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => paragraphTexts(c[0]).join('\n')),
  )
}

// Start and end tags balance and nest; a stray < or & outside a tag or entity would break Word too.
function expectWellFormed(xml: string, name: string) {
  const stack: string[] = []
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '')
  for (const m of body.matchAll(
    /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g,
  )) {
    if (m[2] === undefined) throw new Error(`${name}: a stray ${m[0]} at ${m.index}`)
    if (m[4] === '/') continue
    if (m[1] === '/') {
      const open = stack.pop()
      if (open !== m[2]) throw new Error(`${name}: </${m[2]}> closes <${open}> at ${m.index}`)
    } else stack.push(m[2])
  }
  if (stack.length) throw new Error(`${name}: <${stack.join('><')}> left open`)
}
