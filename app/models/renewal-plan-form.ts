// The forms of a renewal's proposed plan (issue 16) on the renewal page: the lab saves and submits
// the targets, the bureau approves or returns them. Plain .ts: the page and the action share it.
export const PLAN_INTENTS = ['savePlan', 'submitPlan', 'approvePlan', 'returnPlan'] as const
export type PlanIntent = (typeof PLAN_INTENTS)[number]
export const isPlanIntent = (v: unknown): v is PlanIntent => (PLAN_INTENTS as readonly unknown[]).includes(v)
