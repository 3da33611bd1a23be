// Demo outcome register (issue 16): each certified lab records a few outcomes of every kind over
// its periods; the older ones are checked by the district and verified by the bureau, a few are
// disputed with a reason, the newest wait. Values in 万元 are whole yuan. Own PRNG stream, like
// the filings, so adding outcomes does not move the other demo data.
import type { DeliverableForm, OutcomeKind, OutcomeVerification } from './schema/enums'
import { addDays, type IsoDate } from '~/domain/dates'
import type { OutcomeInput } from '~/domain/outcomes'
import { validityYears } from '~/domain/validity'
import { createRng, type Rng } from './seed-rng'

const OUTCOMES_SEED = 20261205

// what a lab types (app/domain/outcomes.ts), placed in a period and year, and how far it was verified
export type PlannedOutcome = OutcomeInput & {
  periodSequence: number
  validityYear: 1 | 2
  verification: OutcomeVerification
  checkNote: string
  decisionReason: string
}

type LabInput = { name: string; periods: { sequence: number; startDate: IsoDate; endDate: IsoDate }[] }

const KINDS: readonly OutcomeKind[] = ['transfer', 'patent', 'software_copyright', 'standard', 'paper', 'award', 'scenario_landed', 'other']
const FORM_OF: Record<OutcomeKind, readonly DeliverableForm[]> = {
  transfer: ['product', 'data'],
  patent: ['algorithm'],
  software_copyright: ['product', 'algorithm'],
  standard: ['data'],
  paper: ['algorithm'],
  award: ['scenario', 'product'],
  scenario_landed: ['scenario'],
  other: ['data', 'product'],
}
const BUYERS = [
  '苏州工业园区数智科技有限公司',
  '苏州城市运行管理服务中心',
  '江苏某银行苏州分行',
  '苏州轨道交通集团有限公司',
  '昆山某精密制造有限公司',
]
const USERS = ['苏州市公安局交通警察支队', '姑苏区城市管理局', '苏州市立医院', '吴江区应急管理局', '张家港保税区管委会']
const DISPUTES = [
  '专利号与国家知识产权局公告信息不一致，请核对后重新提交。',
  '转让合同金额与发票金额不符。',
  '佐证材料未体现本实验室署名。',
]

function one(
  rng: Rng,
  lab: LabInput,
  kind: OutcomeKind,
  day: IsoDate,
  sequence: number,
  validityYear: 1 | 2,
  n: number,
): Omit<PlannedOutcome, 'verification' | 'checkNote' | 'decisionReason'> {
  const short = lab.name.replace(/(苏州市?|大数据|实验室)/g, '').slice(0, 8)
  const titles: Record<OutcomeKind, string> = {
    transfer: `${short}数据产品转让`,
    patent: `一种${short}数据融合分析方法`,
    software_copyright: `${short}数据治理平台 V${n}.0`,
    standard: `${short}数据元规范`,
    paper: `面向${short}的多源数据建模研究`,
    award: `${short}应用创新奖`,
    scenario_landed: `${short}场景应用落地`,
    other: `${short}开放数据集`,
  }
  return {
    periodSequence: sequence,
    validityYear,
    form: rng.pick(FORM_OF[kind]),
    kind,
    title: titles[kind],
    occurredOn: day,
    partners: rng.chance(0.5) ? rng.pick(['苏州大学', '西交利物浦大学', '中国科学技术大学苏州高等研究院', '苏州科技大学']) : '',
    // whole yuan: 万元 with at most four decimals
    valueYuan:
      kind === 'transfer'
        ? rng.int(5, 800) * 10_000 + rng.int(0, 9) * 1_000
        : kind === 'scenario_landed' && rng.chance(0.5)
          ? rng.int(10, 200) * 10_000
          : null,
    description: '',
    patentNumber: kind === 'patent' ? `ZL20${rng.int(23, 26)}1${String(rng.int(0, 9_999_999)).padStart(7, '0')}.${rng.int(0, 9)}` : '',
    patentStatus: kind === 'patent' ? rng.pick(['applied', 'granted'] as const) : null,
    standardLevel: kind === 'standard' ? rng.pick(['national', 'industry', 'local', 'group'] as const) : null,
    awardLevel: kind === 'award' ? rng.pick(['national', 'provincial', 'municipal', 'other'] as const) : null,
    userOrganisation: kind === 'scenario_landed' ? rng.pick(USERS) : '',
    counterpart: kind === 'transfer' ? rng.pick(BUYERS) : '',
  }
}

/** Outcomes for each lab, by lab name: two to five per validity year that has begun. */
export function planOutcomes({ labs, today }: { labs: LabInput[]; today: IsoDate }): Map<string, PlannedOutcome[]> {
  const rng = createRng(OUTCOMES_SEED)
  const out = new Map<string, PlannedOutcome[]>()
  let k = 0
  for (const lab of labs) {
    const planned: PlannedOutcome[] = []
    for (const p of lab.periods) {
      for (const { year: validityYear, startDate: start, endDate: end } of validityYears(p)) {
        const last = end < today ? end : addDays(today, -1)
        if (last < start) continue
        const span = Math.max(1, Math.round((Date.parse(last) - Date.parse(start)) / 86_400_000))
        const n = rng.int(2, 5)
        for (let i = 0; i < n; i++) {
          // every kind turns up across the programme
          const kind = KINDS[k++ % KINDS.length]
          const day = addDays(start, rng.int(0, span))
          const age = (Date.parse(today) - Date.parse(day)) / 86_400_000
          const verification: OutcomeVerification =
            age > 180
              ? rng.chance(0.1)
                ? 'disputed'
                : 'verified'
              : age > 60
                ? rng.pick(['checked', 'verified', 'unverified'] as const)
                : 'unverified'
          planned.push({
            ...one(rng, lab, kind, day, p.sequence, validityYear, i + 1),
            verification,
            checkNote: verification === 'unverified' ? '' : '材料齐全，与原件一致。',
            decisionReason: verification === 'disputed' ? rng.pick(DISPUTES) : '',
          })
        }
      }
    }
    out.set(lab.name, planned)
  }
  return out
}
