import type { FilingEvent } from '~db/schema/filings'

// One entry of a filing's review thread as its page receives it (a row of filingThread()).
export type ThreadEntry = Pick<
  FilingEvent,
  'id' | 'action' | 'fromStatus' | 'toStatus' | 'comment' | 'grade' | 'districtOpinion' | 'actorName' | 'at'
>
