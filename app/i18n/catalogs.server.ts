// Server-only (the `.server` suffix: the browser build gets an empty module): the browser loads
// one language's messages as a cached asset instead of every language's with every page
// (./messages-asset.server.ts, docs/decisions/018-client-javascript.md).
import type { Locale } from '~db/schema/enums'
import { adminEn, adminZh } from './admin'
import { apiEn, apiZh } from './api'
import { applicantsEn, applicantsZh } from './applicants'
import { applicationsEn, applicationsZh } from './applications'
import { applicationLabEn, applicationLabZh } from './application-lab'
import { applicationReviewsEn, applicationReviewsZh } from './application-reviews'
import { applicationPanelEn, applicationPanelZh } from './application-panel'
import { applicationRosterImportEn, applicationRosterImportZh } from './application-roster-import'
import { attachmentsEn, attachmentsZh } from './attachments'
import { authEn, authZh } from './auth'
import { calendarEn, calendarZh } from './calendar'
import { calendarFeedEn, calendarFeedZh } from './calendar-feed'
import { certificateEn, certificateZh } from './certificate'
import { certificationEn, certificationZh } from './certification'
import { commonEn, commonZh } from './common'
import { complianceEn, complianceZh } from './compliance'
import { confirmEn, confirmZh } from './confirm'
import { dashboardEn, dashboardZh } from './dashboard'
import { deliverablesEn, deliverablesZh } from './deliverables'
import { evaluationsEn, evaluationsZh } from './evaluations'
import { filingOpinionEn, filingOpinionZh } from './filing-opinion'
import { funnelEn, funnelZh } from './funnel'
import { helpEn, helpZh } from './help'
import { exportsEn, exportsZh } from './exports'
import { expertReviewEn, expertReviewZh } from './expert-review'
import { importFileEn, importFileZh } from './import-file'
import { importsEn } from './imports.en'
import { importsZh } from './imports.zh'
import { incidentsEn, incidentsZh } from './incidents'
import { indicatorsEn, indicatorsZh } from './indicators'
import { jobsEn, jobsZh } from './jobs'
import { noticesIncidentsEn, noticesIncidentsZh } from './notices-incidents'
import { labsEn, labsZh } from './labs'
import { noticesFilingEn, noticesFilingZh } from './notices-filing'
import { noticesOutcomesEn, noticesOutcomesZh } from './notices-outcomes'
import { noticesWeeklyEn, noticesWeeklyZh } from './notices-weekly'
import { noticesRequestsEn, noticesRequestsZh } from './notices-requests'
import { noticesRobotsEn, noticesRobotsZh } from './notices-robots'
import { noticesReminderKindsEn, noticesReminderKindsZh } from './notices-reminder-kinds'
import { obligationsEn, obligationsZh } from './obligations'
import { outcomesEn, outcomesZh } from './outcomes'
import { outcomeDashboardEn, outcomeDashboardZh } from './outcome-dashboard'
import { progressEn, progressZh } from './progress'
import { publicNoticesEn, publicNoticesZh } from './public-notices'
import { remindersEn, remindersZh } from './reminders'
import { renewalsEn, renewalsZh } from './renewals'
import { renewalDossierEn, renewalDossierZh } from './renewal-dossier'
import { renewalPipelineEn, renewalPipelineZh } from './renewal-pipeline'
import { renewalPlansEn, renewalPlansZh } from './renewal-plans'
import { reportsEn, reportsZh } from './reports'
import { requestServiceEn, requestServiceZh } from './request-service'
import { requestsEn, requestsZh } from './requests'
import { reviewsEn, reviewsZh } from './reviews'
import { roundsEn, roundsZh } from './rounds'
import { roundNoticeEn, roundNoticeZh } from './round-notice'
import { securityEn, securityZh } from './security'
import { settingsEn, settingsZh } from './settings'
import { statusEn, statusZh } from './status'
import { timelineEn, timelineZh } from './timeline'
import { wordEn, wordZh } from './word'

// Each area keeps its messages in one file: a Chinese object `as const` and an English one
// typed Record<keyof zh, string>, so a missing English message is a type error.
export const zh = {
  ...adminZh,
  ...apiZh,
  ...applicantsZh,
  ...applicationsZh,
  ...applicationLabZh,
  ...applicationReviewsZh,
  ...applicationPanelZh,
  ...applicationRosterImportZh,
  ...calendarFeedZh,
  ...certificateZh,
  ...roundsZh,
  ...funnelZh,
  ...publicNoticesZh,
  ...roundNoticeZh,
  ...statusZh,
  ...attachmentsZh,
  ...deliverablesZh,
  ...filingOpinionZh,
  ...outcomesZh,
  ...outcomeDashboardZh,
  ...progressZh,
  ...expertReviewZh,
  ...importFileZh,
  ...importsZh,
  ...incidentsZh,
  ...indicatorsZh,
  ...noticesIncidentsZh,
  ...jobsZh,
  ...noticesRobotsZh,
  ...remindersZh,
  ...renewalsZh,
  ...renewalDossierZh,
  ...renewalPipelineZh,
  ...renewalPlansZh,
  ...reportsZh,
  ...requestsZh,
  ...requestServiceZh,
  ...reviewsZh,
  ...commonZh,
  ...authZh,
  ...calendarZh,
  ...certificationZh,
  ...complianceZh,
  ...dashboardZh,
  ...labsZh,
  ...noticesFilingZh,
  ...noticesOutcomesZh,
  ...evaluationsZh,
  ...noticesWeeklyZh,
  ...noticesRequestsZh,
  ...obligationsZh,
  ...noticesReminderKindsZh,
  ...securityZh,
  ...settingsZh,
  ...timelineZh,
  ...wordZh,
  ...exportsZh,
  ...helpZh,
  ...confirmZh,
}
export const en: Record<keyof typeof zh, string> = {
  ...adminEn,
  ...apiEn,
  ...applicantsEn,
  ...applicationsEn,
  ...applicationLabEn,
  ...applicationReviewsEn,
  ...applicationPanelEn,
  ...applicationRosterImportEn,
  ...calendarFeedEn,
  ...certificateEn,
  ...roundsEn,
  ...funnelEn,
  ...publicNoticesEn,
  ...roundNoticeEn,
  ...statusEn,
  ...attachmentsEn,
  ...deliverablesEn,
  ...filingOpinionEn,
  ...outcomesEn,
  ...outcomeDashboardEn,
  ...progressEn,
  ...expertReviewEn,
  ...importFileEn,
  ...importsEn,
  ...incidentsEn,
  ...indicatorsEn,
  ...noticesIncidentsEn,
  ...jobsEn,
  ...noticesRobotsEn,
  ...remindersEn,
  ...renewalsEn,
  ...renewalDossierEn,
  ...renewalPipelineEn,
  ...renewalPlansEn,
  ...reportsEn,
  ...requestsEn,
  ...requestServiceEn,
  ...reviewsEn,
  ...commonEn,
  ...authEn,
  ...calendarEn,
  ...certificationEn,
  ...complianceEn,
  ...dashboardEn,
  ...labsEn,
  ...noticesFilingEn,
  ...noticesOutcomesEn,
  ...evaluationsEn,
  ...noticesWeeklyEn,
  ...noticesRequestsEn,
  ...obligationsEn,
  ...noticesReminderKindsEn,
  ...securityEn,
  ...settingsEn,
  ...timelineEn,
  ...wordEn,
  ...exportsEn,
  ...helpEn,
  ...confirmEn,
}

/** Every language's messages: the server's, the browser gets its one language (./messages-asset.server.ts). */
export const catalogs: Record<Locale, Record<keyof typeof zh, string>> = { zh, en }
