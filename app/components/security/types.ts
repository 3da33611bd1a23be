import type { FieldErrors } from '~/utils/forms'

// What an action sent back to the page after a 400: which form (intent, and the plan or drill it
// was about), its messages and what was typed.
export type SecurityFeedback = { intent: string; target: string; errors: FieldErrors; values: Record<string, string> }

/** The feedback when it belongs to this form, else undefined. */
export function feedbackFor(feedback: SecurityFeedback | undefined, intent: string, target = ''): SecurityFeedback | undefined {
  return feedback && feedback.intent === intent && feedback.target === target ? feedback : undefined
}
