// What a page that lost a race is told about the row as it stands now (docs/decisions/
// 010-stale-decisions.md): its status (or none, for a setting), who changed it last and when.
// Plain .ts so the page's notice may import the type.
export type StaleState = {
  status: string | null
  // the latest audited change: the actor's name at the time and the UTC instant
  by: string | null
  at: string | null
}

/** The name of the hidden field every decision and edit form posts: the row version its page showed. */
export const VERSION_FIELD = 'rowVersion'
