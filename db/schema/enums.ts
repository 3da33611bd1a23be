// Enumerations, declared once. Columns (`text(..., { enum })`), zod schemas and table filter
// options all read these arrays, so a value added here is accepted everywhere at once.

// 'applicant' and 'department' join with the certification round (issue 21, docs/decisions/024):
// an organisation applying, and a city department's office recommending beside the districts.
export const ROLES = ['bureau', 'district', 'lab', 'expert', 'applicant', 'department'] as const
export type Role = (typeof ROLES)[number]

// Suzhou's districts and county-level cities with their administrative division codes
// (行政区划代码), as listed in shared/domain.md.
export const DISTRICT_CODES = [
  '320508', // 姑苏区
  '320505', // 虎丘区 / 苏州高新区
  '320506', // 吴中区
  '320507', // 相城区
  '320509', // 吴江区
  '320571', // 苏州工业园区
  '320581', // 常熟市
  '320582', // 张家港市
  '320583', // 昆山市
  '320585', // 太仓市
] as const
export type DistrictCode = (typeof DISTRICT_CODES)[number]

// The guide's 14 research directions (申报方向), stored as their number 1..14.
export const DIRECTIONS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const
export type Direction = (typeof DIRECTIONS)[number]

// Host organisation kinds (申报主体): enterprise, public institution, social organisation,
// or a university's second-level college (高校二级学院).
export const ORG_KINDS = ['enterprise', 'public_institution', 'social_organisation', 'university_college'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

// Professional title levels (职称), lowest first.
export const TITLE_LEVELS = ['none', 'junior', 'intermediate', 'associate_senior', 'senior'] as const
export type TitleLevel = (typeof TITLE_LEVELS)[number]

// Highest degree (学历学位), lowest first.
export const DEGREES = ['below_bachelor', 'bachelor', 'master', 'doctorate'] as const
export type Degree = (typeof DEGREES)[number]

// A member's role in the lab team.
export const TEAM_ROLES = ['director', 'researcher', 'engineer', 'administrator'] as const
export type TeamRole = (typeof TEAM_ROLES)[number]

// How a validity period ended. NULL in the database while it is undecided.
export const PERIOD_OUTCOMES = ['renewed', 'not_renewed', 'revoked'] as const
export type PeriodOutcome = (typeof PERIOD_OUTCOMES)[number]

// A lab's status, derived from its latest validity period and today (app/domain/validity.ts).
export const LAB_STATUSES = ['active', 'expiring', 'expired', 'renewed', 'not_renewed', 'revoked', 'uncertified'] as const
export type LabStatus = (typeof LAB_STATUSES)[number]

export const LOCALES = ['zh', 'en'] as const
export type Locale = (typeof LOCALES)[number]

// A compliance check's result (app/domain/compliance). Ordered worst last, so a worst-first
// sort is a sort by index descending.
export const CHECK_RESULTS = ['ok', 'warning', 'failing'] as const
export type CheckResult = (typeof CHECK_RESULTS)[number]

// Calendar corrections the bureau enters (app/domain/calendar.ts): a statutory holiday, or a
// make-up working day (调休) that falls on a weekend.
export const CALENDAR_DAY_KINDS = ['holiday', 'workday'] as const
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number]

// Kinds of violation that make a host ineligible for three years (guide 三、认定标准 (四)).
export const VIOLATION_CATEGORIES = ['data_security', 'intellectual_property', 'credit'] as const
export type ViolationCategory = (typeof VIOLATION_CATEGORIES)[number]

// What a lab owes in each validity year (issue 4): at least one deliverable, and the annual report.
export const OBLIGATION_KINDS = ['deliverable', 'annual_report'] as const
export type ObligationKind = (typeof OBLIGATION_KINDS)[number]

// 年度成果 types and forms (guide: 报告、项目或案例; 场景、算法、数据、产品).
export const DELIVERABLE_TYPES = ['report', 'project', 'case'] as const
export type DeliverableType = (typeof DELIVERABLE_TYPES)[number]
export const DELIVERABLE_FORMS = ['scenario', 'algorithm', 'data', 'product'] as const
export type DeliverableForm = (typeof DELIVERABLE_FORMS)[number]

// 成果转化: whether the outcome has been put into use.
export const TRANSFER_STATUSES = ['none', 'in_progress', 'transferred'] as const
export type TransferStatus = (typeof TRANSFER_STATUSES)[number]

// A filing's place in its review (deliverables and annual reports). 'superseded': an accepted
// deliverable whose later version has been accepted in its place.
export const FILING_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'superseded'] as const
export type FilingStatus = (typeof FILING_STATUSES)[number]

export const FILING_KINDS = ['deliverable', 'annual_report'] as const
export type FilingKind = (typeof FILING_KINDS)[number]

// Steps of the review workflow (app/domain/filing-workflow.ts), as recorded in filing_events.
export const FILING_ACTIONS = ['create', 'submit', 'district_opinion', 'return', 'accept', 'resubmit', 'revise'] as const
export type FilingAction = (typeof FILING_ACTIONS)[number]

// Data-security incident grades in Chinese practice: 特别重大 (I), 重大 (II), 较大 (III), 一般 (IV).
export const INCIDENT_GRADES = ['I', 'II', 'III', 'IV'] as const
export type IncidentGrade = (typeof INCIDENT_GRADES)[number]

// An incident's handling: open → contained → resolved → closed.
export const INCIDENT_STATUSES = ['open', 'contained', 'resolved', 'closed'] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

// A scheduled job's run (jobs/runner.ts). 'skipped_locked': another process held the job's lock.
export const JOB_RUN_STATUSES = ['running', 'ok', 'failed', 'skipped_locked'] as const
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number]

// What started a run: the in-process cron, the bureau's 立即运行 button, or `npm run jobs`.
export const JOB_TRIGGERS = ['schedule', 'manual', 'cli'] as const
export type JobTrigger = (typeof JOB_TRIGGERS)[number]

// The support the guide promises labs (issue 6): 场景开放, 数据对接, 交流培训, 数据, 算力, 场地,
// 设备, 资金统筹, 成果转化优先.
export const RESOURCE_TYPES = [
  'scenario',
  'data_connection',
  'training',
  'data',
  'computing',
  'site',
  'equipment',
  'funding',
  'transfer',
] as const
export type ResourceType = (typeof RESOURCE_TYPES)[number]

// Units a quantity may be asked in; app/domain/resource-requests.ts says which fit each type.
export const RESOURCE_UNITS = [
  'scenarios',
  'interfaces',
  'datasets',
  'people',
  'sessions',
  'tb',
  'gpu_hours',
  'cpu_core_hours',
  'm2',
  'units',
  'wan_yuan',
  'projects',
] as const
export type ResourceUnit = (typeof RESOURCE_UNITS)[number]

// A request's place in its handling (app/domain/request-workflow.ts). 'district_reviewed': the
// lab's district has given its opinion; 'returned': sent back to the lab for information.
export const REQUEST_STATUSES = [
  'draft',
  'submitted',
  'district_reviewed',
  'returned',
  'accepted',
  'approved',
  'partly_approved',
  'rejected',
  'fulfilled',
  'closed',
  'withdrawn',
] as const
export type RequestStatus = (typeof REQUEST_STATUSES)[number]

// Steps of the request workflow, as recorded in request_events ('comment' changes no status).
export const REQUEST_ACTIONS = [
  'create',
  'submit',
  'district_opinion',
  'return',
  'resubmit',
  'accept',
  'approve',
  'partly_approve',
  'reject',
  'fulfil',
  'close',
  'withdraw',
  'comment',
] as const
export type RequestAction = (typeof REQUEST_ACTIONS)[number]

// The district's opinion on a request from one of its labs.
export const DISTRICT_OPINIONS = ['support', 'oppose'] as const
export type DistrictOpinion = (typeof DISTRICT_OPINIONS)[number]

// Whose move a compliance check is about: most are the lab's, a few are the bureau's own
// service (a request past its decision deadline) and never count against the lab.
export const CHECK_OWNERS = ['lab', 'bureau'] as const
export type CheckOwner = (typeof CHECK_OWNERS)[number]

// Where a reminder's obligation comes from (app/models/reminder-sources/): one value per source file.
export const REMINDER_SOURCES = [
  'deliverable',
  'annual_report',
  'validity',
  'plan_review',
  'drill',
  'incident_report',
  'request_decision',
  'renewal_decision',
  'review_assignment',
  'review_submitted',
  'renewal_window',
  // events of issue 15 (app/domain/notice-kinds.ts): something happened, someone must act or know
  'filing',
  'request',
  'incident',
  'incident_alert',
  'incident_followup',
  'security_plan',
  'weekly_summary',
  'renewal_submitted',
  // issue 16: indicator plans submitted and decided, outcomes recorded, checked and decided
  'indicator_plan',
  'outcome',
  // issue 16 part 5: a published annual evaluation tells each lab its result
  'evaluation',
  // issue 21: a decision in 公示, and the bureau's decision on an objection to it
  'public_notice',
  // issue 21: a registration arrives at its office; the office confirms or refuses it
  'applicant',
  // issue 21: a certification application's step tells its applicant or its office
  'round_application',
] as const
export type ReminderSource = (typeof REMINDER_SOURCES)[number]

// The obligation kinds whose reminder steps the bureau may set apart from the default rules
// (issue 15 part 6; app/domain/reminder-kinds.ts): the due-date sources, not the event notices.
export const REMINDER_KINDS = [
  'deliverable',
  'annual_report',
  'plan_review',
  'drill',
  'incident_report',
  'incident_followup',
  'request_decision',
  'validity',
] as const satisfies readonly ReminderSource[]
export type ReminderKind = (typeof REMINDER_KINDS)[number]

// Who a reminder step is for: the lab's own accounts, or an escalation to its district office or the bureau.
export const REMINDER_AUDIENCES = ['lab', 'district', 'bureau'] as const
export type ReminderAudience = (typeof REMINDER_AUDIENCES)[number]

// How a notice reaches its recipient: the in-app inbox, e-mail (one digest per recipient per
// reminders run; one message per event), or an office's chat robot (钉钉 / 企业微信 group robot).
export const NOTICE_CHANNELS = ['inbox', 'email', 'robot'] as const
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number]

// An outbox message: queued → sending → sent, or failed (retried at next_attempt_at; given up when that is NULL).
export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const
export type MailStatus = (typeof MAIL_STATUSES)[number]

// What an outbox message goes out by: SMTP, or an office's chat robot webhook.
export const OUTBOX_CHANNELS = ['email', 'robot'] as const
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number]

// The group robots an office can register (issue 15): DingTalk (钉钉, optionally signed) and WeCom (企业微信).
export const ROBOT_PROVIDERS = ['dingtalk', 'wecom'] as const
export type RobotProvider = (typeof ROBOT_PROVIDERS)[number]

// A renewal's handling (issue 8): the lab drafts and submits its application, the bureau may
// send it to experts, then decides; 'rectifying' waits for the re-check after a conditional renewal.
export const RENEWAL_STATUSES = ['draft', 'submitted', 'under_review', 'rectifying', 'decided'] as const
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number]

// The bureau's decision at the end of a period; revocation may come at any time, for cause.
export const RENEWAL_DECISIONS = ['renew', 'renew_after_rectification', 'not_renew', 'revoke'] as const
export type RenewalDecision = (typeof RENEWAL_DECISIONS)[number]

// The re-check after a rectification: renew, or not.
export const RECHECK_DECISIONS = ['renew', 'not_renew'] as const
export type RecheckDecision = (typeof RECHECK_DECISIONS)[number]

// Steps of a renewal, as recorded in renewal_events.
export const RENEWAL_ACTIONS = [
  'create',
  'submit',
  'update',
  'assign_expert',
  'unassign_expert',
  'review',
  'decide',
  'recheck',
  'comment',
  // 公示 (issue 21): the decision to renew announced, and sent back by a sustained objection
  'notice',
  'notice_returned',
] as const
export type RenewalAction = (typeof RENEWAL_ACTIONS)[number]

// An expert's assignment: waiting for the review, reviewed, or declined for a conflict of interest.
export const ASSIGNMENT_STATUSES = ['assigned', 'submitted', 'conflict'] as const
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

// 任务指标 (issue 16): a target's unit (counts, people, or money as whole yuan shown in 万元)
export const INDICATOR_UNITS = ['count', 'people', 'yuan'] as const
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number]

// a period's indicator plan: the lab drafts and submits, the bureau approves or returns it
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned'] as const
export type PlanStatus = (typeof PLAN_STATUSES)[number]
// 成果登记 (issue 16): what kind of outcome a lab records. The guide asks for attention to
// transfer (成果转化), prizes and invention patents.
export const OUTCOME_KINDS = ['transfer', 'patent', 'software_copyright', 'standard', 'paper', 'award', 'scenario_landed', 'other'] as const
export type OutcomeKind = (typeof OUTCOME_KINDS)[number]
export const PATENT_STATUSES = ['applied', 'granted'] as const
export type PatentStatus = (typeof PATENT_STATUSES)[number]
export const STANDARD_LEVELS = ['national', 'industry', 'local', 'group'] as const
export type StandardLevel = (typeof STANDARD_LEVELS)[number]
export const AWARD_LEVELS = ['national', 'provincial', 'municipal', 'other'] as const
export type AwardLevel = (typeof AWARD_LEVELS)[number]
// An outcome's verification: the district checks (核实) it, the bureau marks it verified or
// disputed (with a reason). A lab's edit returns it to 'unverified'; a verified one is locked.
export const OUTCOME_VERIFICATIONS = ['unverified', 'checked', 'verified', 'disputed'] as const
export type OutcomeVerification = (typeof OUTCOME_VERIFICATIONS)[number]

// 年度评估 (issue 16, part 5): a round is opened for a calendar year and published once; its
// grades are four fixed tiers (the caps are set per tier), named in i18n, not the filing scale.
export const EVALUATION_STATUSES = ['open', 'published'] as const
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number]
export const EVALUATION_GRADES = ['excellent', 'good', 'pass', 'fail'] as const
export type EvaluationGrade = (typeof EVALUATION_GRADES)[number]

// What the spreadsheet import brings in (issue 17, docs/decisions/015-spreadsheet-import.md), in
// the order a bureau moving its spreadsheets in imports them.
export const IMPORT_KINDS = ['organisations', 'labs', 'rosters', 'users'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

// An applicant organisation's account (issue 21): registered by itself and confirmed by the
// recommending office it chose, or created by that office (confirmed at once); a refused
// registration stays on record with its reason.
export const APPLICANT_STATUSES = ['pending', 'confirmed', 'refused'] as const
export type ApplicantStatus = (typeof APPLICANT_STATUSES)[number]

// 公示 (issue 21): what a public notice announces. Renewals first; the certification round's
// shortlisted applications join when their part lands (docs/decisions/025-public-notice.md).
export const NOTICE_SUBJECT_KINDS = ['renewal', 'application'] as const
export type NoticeSubjectKind = (typeof NOTICE_SUBJECT_KINDS)[number]

// The bureau's decision on an objection (异议) to a notice: pending until it decides.
export const OBJECTION_DECISIONS = ['pending', 'sustained', 'dismissed'] as const
export type ObjectionDecision = (typeof OBJECTION_DECISIONS)[number]
