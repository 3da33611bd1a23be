import { annualReportSource, deliverableSource } from './ledger.server'
import { incidentFollowUpSource } from './incident-followup.server'
import { incidentReportSource } from './incidents.server'
import { requestDecisionSource } from './requests.server'
import { drillSource, planReviewSource } from './security.server'
import type { ReminderSourceDefinition } from './source'
import { validitySource } from './validity.server'

export type { OpenObligation, ReminderSourceContext, ReminderSourceDefinition } from './source'

// Every obligation the reminders job reads. A new source: one file in this folder and one entry here.
export const SOURCES: readonly ReminderSourceDefinition[] = [
  validitySource,
  deliverableSource,
  annualReportSource,
  planReviewSource,
  drillSource,
  incidentReportSource,
  incidentFollowUpSource,
  requestDecisionSource,
]
