// What a page's visible text must not contain: a message key or internal id that leaked through
// instead of a label (issue 19), and, in Chinese mode, English words. Pure functions over the
// text (document.body.innerText), used by the crawl (tests/e2e/crawl.e2e.ts) and unit-tested on
// the examples (tests/utils/page-text.test.ts).

export type TextFinding = { kind: 'raw-key' | 'english'; text: string }

// Things in the text that are data, not words: addresses, links, file names. Blanked out first so
// `bureau@example.org` or `labs-2026.xlsx` is neither a key nor an English word.
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g
const URL_LIKE = /\b(?:https?|smtps?|mailto):\/\/?[^\s，。；、）)]+/g
const HOST = /\b(?:[a-z0-9-]+\.)+(?:com|cn|org|net|gov|edu|io|localhost)\b(?::\d+)?(?:\/[^\s，。；、）)]*)?/gi
// a masked secret (••••OKEN): its last characters, data
const MASKED = /•+[^\s）)]*/g
const FILE_NAME = /[^\s/\\:："“”'‘’()（）]+\.(?:csv|xlsx|xls|docx|doc|pdf|png|jpe?g|zip|txt|json|js|db)\b/gi

const blankData = (text: string) =>
  text.replace(MASKED, ' ').replace(EMAIL, ' ').replace(URL_LIKE, ' ').replace(HOST, ' ').replace(FILE_NAME, ' ')

const RAW_KEY_PATTERNS: RegExp[] = [
  // a dotted lowercase key: renewal.decide, compliance.check.incidentOverdue
  /(?<![\w.])[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+(?![\w.])/g,
  // snake_case words: review_assignment, not_renewed (not a setting's upper-case name, SMTP_URL)
  /(?<![\w])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w])/g,
  // a key and an id or value joined by a colon with no space: incident:2, renewal：decide
  /(?<![\w])[a-z][a-z_]*[:：][a-z0-9_]+(?![\w])/gi,
  // a label followed by a lowercase key after a full-width colon: 有效期：renewed
  /[：][a-z][a-z_]+(?![\w])/g,
  // a parenthesised short id: (y1), （r2）
  /[(（][a-z]\d+[)）]/gi,
  // a bare number id where a name belongs: 会话 #1
  /#\d+/g,
]

// Not keys although they look like one: Latin abbreviations and version-like notes.
const RAW_KEY_ALLOW = new Set(['e.g', 'i.e', 'etc.'])

/** Anything in the visible text that looks like a message key or an internal id. */
export function findRawKeys(text: string): TextFinding[] {
  const clean = blankData(text)
  const found: TextFinding[] = []
  for (const pattern of RAW_KEY_PATTERNS) {
    for (const match of clean.matchAll(pattern)) {
      if (RAW_KEY_ALLOW.has(match[0])) continue
      found.push({ kind: 'raw-key', text: context(clean, match.index!, match[0].length) })
    }
  }
  return found
}

// English a Chinese page may show: product and format names, units and abbreviations Chinese
// readers use as they are, and the language switch, which names its target in that language.
const ENGLISH_ALLOW = new Set(
  [
    'Labcycle',
    'English',
    'CSV',
    'xlsx',
    'XLSX',
    'PDF',
    'Word',
    'Excel',
    'API',
    'ID',
    'SMTP',
    'URL',
    'HTTP',
    'HTTPS',
    'KB',
    'MB',
    'GB',
    'AI',
    'IT',
    'UTC',
    'GMT',
    'Webhook',
    'webhook',
    'GPU',
    'IP',
    'ZIP',
    'PNG',
    'JPEG',
    'GIF',
    'WebP',
    'WPS',
    'Office',
    'PowerPoint',
    'OpenDocument',
    'Ctrl',
    'Mac',
    'SSRF',
    // the prefix of a DingTalk signing secret, as the robot settings' help quotes it
    'SEC',
    // the holiday data library the calendar names with its version
    'chinese-days',
  ].map((w) => w.toLowerCase()),
)

/**
 * English words on a Chinese page: runs of two or more Latin letters that are neither allowed
 * nor part of the data (`dataWords`: lab, organisation and user names, usernames).
 */
export function findEnglish(text: string, dataWords: Iterable<string> = []): TextFinding[] {
  let clean = blankData(text)
  // longest first, so a lab name wins over a shorter name inside it
  for (const word of [...dataWords].filter((w) => /[A-Za-z]/.test(w)).sort((a, b) => b.length - a.length)) {
    clean = clean.split(word).join(' ')
  }
  const found: TextFinding[] = []
  // a word with a digit in it is a code (a credit code, a certificate number, 3205xx), and
  // Roman numerals are the incident grades (II级)
  for (const match of clean.matchAll(/[A-Za-z0-9][A-Za-z0-9'-]*/g)) {
    const word = match[0]
    if (/\d/.test(word) || word.length < 2 || /^[IVX]+$/.test(word) || ENGLISH_ALLOW.has(word.toLowerCase())) continue
    found.push({ kind: 'english', text: context(clean, match.index!, match[0].length) })
  }
  return found
}

/** The match with a few characters either side, on one line, so a report says where it was. */
function context(text: string, index: number, length: number) {
  const start = Math.max(0, index - 12)
  const end = Math.min(text.length, index + length + 12)
  return text.slice(start, end).replace(/\s+/g, ' ').trim()
}
