import type { MessageKey } from '~/i18n'

// The review queue's opinion states, filters and sorts (/reviews, issue 19 item 7). Declared
// here, not in the .server model, because the page's bundle needs them too.

// Where the district's opinion stands (issue 19 item 7): awaited (the lab's district has an office
// account and has not given it), 推荐 / 不推荐, given before opinions were structured (migration
// 0037), or not required (no office account: the bureau decides alone, filingNoticeAudiences).
export const OPINION_STATES = ['awaited', 'support', 'oppose', 'given', 'not_required'] as const
export type OpinionState = (typeof OPINION_STATES)[number]

export const OPINION_STATE_LABELS: Record<OpinionState, MessageKey> = {
  awaited: 'filings.opinion.awaited',
  support: 'filings.opinion.support',
  oppose: 'filings.opinion.oppose',
  given: 'filings.opinion.given',
  not_required: 'filings.opinion.notRequired',
}

// The queue's filter by opinion: a state, or 'all' (a district's queue opens on 'awaited').
export const OPINION_FILTERS = ['awaited', 'support', 'oppose', 'not_required', 'all'] as const
export type OpinionFilter = (typeof OPINION_FILTERS)[number]

// waiting: shortest wait first when ascending; submitted: oldest first when ascending (the default)
export const REVIEW_SORTS = ['submitted', 'waiting', 'lab'] as const
export type ReviewSort = (typeof REVIEW_SORTS)[number]
