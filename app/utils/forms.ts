import { z } from 'zod'
import { isMessageKey, type MessageKey } from '~/i18n'

// Form validation speaks in message keys: schemas put a MessageKey in each custom message,
// and the page translates it, so every error reaches the user in their language.
export type FieldErrors = Partial<Record<string, { key: MessageKey; vars?: Record<string, string | number> }>>

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form')
    if (out[field]) continue
    const vars = issue.code === 'too_big' ? { max: Number(issue.maximum) } : undefined
    out[field] = { key: isMessageKey(issue.message) ? issue.message : fallbackKey(issue), vars }
  }
  return out
}

function fallbackKey(issue: z.core.$ZodIssue): MessageKey {
  if (issue.code === 'too_big') return 'form.tooLong'
  if (issue.code === 'invalid_value') return 'form.invalidChoice'
  return 'form.required'
}

// Text fields: trimmed, required (or not), bounded, with localised messages.
export const requiredText = (max: number) => z.string({ error: 'form.required' }).trim().min(1, 'form.required').max(max, 'form.tooLong')
export const optionalText = (max: number) => z.string().trim().max(max, 'form.tooLong').default('')

// Control characters other than tab and newline (NUL, escape, C1) and the invisible
// bidirectional formatting characters (LRM/RLM, ALM, embeddings, overrides, isolates): none
// belongs in a name, a title or a note, and the bidi ones make text display other than it reads.
const UNWANTED_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** A text value as stored: without control and bidi characters, each line break a "\n". */
export function cleanText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(UNWANTED_CHARACTERS, '')
}

/** A form field's value as the actions see it; passwords are left as typed (never shown, hashed as sent). */
export function cleanField(name: string, value: string): string {
  return /password/i.test(name) ? value : cleanText(value)
}

export function formValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !(k in values)) values[k] = v
  return values
}
