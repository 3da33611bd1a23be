import {
  DEGREES,
  DIRECTIONS,
  DISTRICT_CODES,
  IMPORT_KINDS,
  ORG_KINDS,
  ROLES,
  TEAM_ROLES,
  TITLE_LEVELS,
  type ImportKind,
} from '~db/schema/enums'
import { normaliseHeader, type ImportColumn } from '~/domain/import-table'
import { isIsoDate } from '~/domain/dates'
import { commonEn, commonZh } from '~/i18n/common'

// The columns of each import kind (issue 17) as the template writes them: Chinese headers, the
// other headers offices use for the same column, an example and a note for 填表说明. Enumerations
// are read by their Chinese label (as the template's drop-downs offer them), their English label
// or the stored code, so a file exported in import format (labels) and a hand-made one (codes)
// both read. Plain .ts: the pages show the columns too.

export { IMPORT_KINDS, type ImportKind }

export function isImportKind(v: unknown): v is ImportKind {
  return typeof v === 'string' && (IMPORT_KINDS as readonly string[]).includes(v)
}

type Labelled = { code: string; label: string; also: string[] }

const zhLabel = (key: keyof typeof commonZh) => commonZh[key]
const enLabel = (key: keyof typeof commonEn) => commonEn[key]

// Short names offices write for the districts (姑苏, 高新区, 园区…).
const DISTRICT_ALSO: Record<string, string[]> = {
  '320508': ['姑苏', '姑苏区'],
  '320505': ['虎丘区', '虎丘', '高新区', '苏州高新区', '新区'],
  '320506': ['吴中', '吴中区'],
  '320507': ['相城', '相城区'],
  '320509': ['吴江', '吴江区'],
  '320571': ['园区', '工业园区', '苏州工业园区', 'SIP'],
  '320581': ['常熟'],
  '320582': ['张家港'],
  '320583': ['昆山'],
  '320585': ['太仓'],
}

export const DISTRICT_LABELS: Labelled[] = DISTRICT_CODES.map((code) => ({
  code,
  label: zhLabel(`district.${code}`),
  also: [enLabel(`district.${code}`), ...(DISTRICT_ALSO[code] ?? [])],
}))
export const ORG_KIND_LABELS: Labelled[] = ORG_KINDS.map((code) => ({
  code,
  label: zhLabel(`orgKind.${code}`),
  also: [enLabel(`orgKind.${code}`)],
}))
export const TITLE_LABELS: Labelled[] = TITLE_LEVELS.map((code) => ({
  code,
  label: zhLabel(`title.${code}`),
  also: [
    enLabel(`title.${code}`),
    ...(code === 'none' ? ['无'] : code === 'associate_senior' ? ['副高'] : code === 'senior' ? ['正高'] : []),
  ],
}))
export const DEGREE_LABELS: Labelled[] = DEGREES.map((code) => ({
  code,
  label: zhLabel(`degree.${code}`),
  also: [
    enLabel(`degree.${code}`),
    ...(code === 'bachelor' ? ['本科'] : code === 'master' ? ['硕士研究生'] : code === 'doctorate' ? ['博士研究生'] : ['专科', '大专']),
  ],
}))
export const TEAM_ROLE_LABELS: Labelled[] = TEAM_ROLES.map((code) => ({
  code,
  label: zhLabel(`teamRole.${code}`),
  also: [enLabel(`teamRole.${code}`), ...(code === 'director' ? ['主任'] : [])],
}))
export const USER_ROLE_LABELS: Labelled[] = ROLES.map((code) => ({
  code,
  label: zhLabel(`role.${code}`),
  also: [enLabel(`role.${code}`), ...(code === 'district' ? ['区县'] : code === 'expert' ? ['专家'] : code === 'bureau' ? ['市局'] : [])],
}))
// "1 数字关键技术突破": the number first, so a cell typed as the number alone reads the same
export const DIRECTION_LABELS: Labelled[] = DIRECTIONS.map((n) => ({
  code: String(n),
  label: `${n} ${zhLabel(`direction.${n}`)}`,
  also: [zhLabel(`direction.${n}`), enLabel(`direction.${n}`)],
}))
export const YES_NO_LABELS: Labelled[] = [
  { code: 'true', label: '是', also: ['yes', 'y', 'true', '1', '在岗', '启用', '√'] },
  { code: 'false', label: '否', also: ['no', 'n', 'false', '0', '离岗', '停用', '×'] },
]

const lookups = new WeakMap<Labelled[], Map<string, string>>()

/** The code a cell names, by label, alias or code; null when it names none. */
export function codeOf(labels: Labelled[], cell: string): string | null {
  let map = lookups.get(labels)
  if (!map) {
    map = new Map()
    for (const l of labels) for (const name of [l.code, l.label, ...l.also]) map.set(normaliseHeader(name), l.code)
    lookups.set(labels, map)
  }
  return map.get(normaliseHeader(cell)) ?? null
}

export function labelOf(labels: Labelled[], code: string | null | undefined): string {
  return labels.find((l) => l.code === code)?.label ?? ''
}

/** 1..14 from "3", "3 数据治理体系深化", "方向3" or the name alone; null otherwise. */
export function directionOf(cell: string): number | null {
  const byLabel = codeOf(DIRECTION_LABELS, cell)
  if (byLabel) return Number(byLabel)
  const m = /^\s*(?:方向)?\s*(\d{1,3})(?:\s*[-、.．:：]?\s*\S.*)?$/.exec(cell.normalize('NFKC'))
  if (!m) return null
  const n = Number(m[1])
  return (DIRECTIONS as readonly number[]).includes(n) ? n : null
}

// Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30)

/**
 * A day as 'YYYY-MM-DD' from the forms offices type: 2025-06-01, 2025/6/1, 2025.6.1,
 * 2025年6月1日, an ISO instant, or an Excel day number; null when it names no calendar day.
 */
export function dayOf(cell: string): string | null {
  const text = cell.normalize('NFKC').trim()
  if (/^\d{5}(\.0+)?$/.test(text)) {
    const d = new Date(EXCEL_EPOCH_MS + Number.parseInt(text, 10) * 86_400_000)
    return d.toISOString().slice(0, 10)
  }
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/.exec(text)
  if (!m) return null
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`
  return isIsoDate(iso) ? iso : null
}

/** Names in one cell: 、，,；;／/ or line breaks between them. */
export function listOf(cell: string): string[] {
  return cell
    .split(/[、，,；;\n\r/／]+/)
    .map((s) => s.trim())
    .filter(Boolean)
}

const col = (c: Omit<ImportColumn, 'aliases'> & { aliases?: string[] }): ImportColumn => ({ aliases: [], ...c })

const choices = (labels: Labelled[]) => labels.map((l) => l.label)

export const ORGANISATION_COLUMNS: readonly ImportColumn[] = [
  col({
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码', '统一代码', '组织机构代码', 'USCC', 'credit code'],
    required: true,
    example: '91320508MA1XXXXXX0',
    note: '18 位，按 GB 32100 校验；已登记的代码更新该单位，新代码新增单位。非苏州（3205）代码只提示不拒绝。',
  }),
  col({
    key: 'name',
    header: '单位名称',
    aliases: ['名称', '组织名称', '单位', '机构名称', 'name'],
    required: true,
    example: '苏州某某数据科技有限公司',
    note: '与营业执照一致，不超过 100 字。',
  }),
  col({
    key: 'kind',
    header: '单位类型',
    aliases: ['类型', '主体类型', '单位性质', 'kind'],
    required: true,
    example: ORG_KIND_LABELS[0].label,
    note: '从下拉列表选择。',
    choices: choices(ORG_KIND_LABELS),
  }),
  col({
    key: 'district',
    header: '所在区县',
    aliases: ['区县', '所属区县', '所属区域', '地区', '辖区', 'district'],
    required: true,
    example: DISTRICT_LABELS[0].label,
    note: '从下拉列表选择。',
    choices: choices(DISTRICT_LABELS),
  }),
]

export const LAB_COLUMNS: readonly ImportColumn[] = [
  col({
    key: 'certificateNo',
    header: '证书编号',
    aliases: ['证书号', '认定编号', '牌照编号', '编号', 'certificate'],
    required: true,
    example: 'SZDSJ-2025-001',
    note: '实验室最新有效期的证书编号；已登记的编号更新该实验室，新编号新增实验室。',
  }),
  col({
    key: 'name',
    header: '实验室名称',
    aliases: ['名称', '实验室', 'name'],
    required: true,
    example: '苏州市城市数据治理创新应用实验室',
    note: '不超过 100 字。',
  }),
  col({
    key: 'direction',
    header: '申报方向',
    aliases: ['方向', '研究方向', 'direction'],
    required: true,
    example: DIRECTION_LABELS[2].label,
    note: '1–14，可只填数字。',
    choices: choices(DIRECTION_LABELS),
  }),
  col({
    key: 'district',
    header: '所属区县',
    aliases: ['区县', '所在区县', '所属区域', '地区', 'district'],
    required: true,
    example: DISTRICT_LABELS[0].label,
    note: '从下拉列表选择。',
    choices: choices(DISTRICT_LABELS),
  }),
  col({
    key: 'host',
    header: '依托单位',
    aliases: ['依托单位统一社会信用代码', '申报单位', '牵头单位', '申报主体', '主体单位', 'host'],
    required: true,
    example: '91320508MA1XXXXXX0',
    note: '统一社会信用代码或与系统中完全一致的单位名称；单位须已登记（请先导入单位）。',
  }),
  col({
    key: 'partners',
    header: '联合申报单位',
    aliases: ['联合单位', '合作单位', '联合申报单位统一社会信用代码', 'partners'],
    required: false,
    example: '',
    note: '可多个，以顿号“、”或分号分隔；填信用代码或完整名称。每个单位联合申报不超过 3 次（含本文件中的实验室）。',
  }),
  col({
    key: 'directorName',
    header: '实验室主任',
    aliases: ['主任', '负责人', '实验室负责人'],
    required: true,
    example: '张三',
    note: '',
  }),
  col({ key: 'contactName', header: '联系人', aliases: ['联络人'], required: true, example: '李四', note: '' }),
  col({
    key: 'contactPhone',
    header: '联系电话',
    aliases: ['电话', '手机', '联系方式'],
    required: true,
    example: '0512-68001234',
    note: '手机号或带区号的座机号。',
  }),
  col({ key: 'contactEmail', header: '联系邮箱', aliases: ['邮箱', '电子邮箱', 'email'], required: false, example: '', note: '' }),
  col({ key: 'focus', header: '主攻方向', aliases: ['研究重点', '研究内容'], required: false, example: '', note: '不超过 500 字。' }),
  col({ key: 'address', header: '实验场所地址', aliases: ['地址', '场所地址'], required: false, example: '', note: '' }),
  col({
    key: 'startDate',
    header: '有效期起',
    aliases: ['认定日期', '有效期开始', '开始日期', '起始日期', '授牌日期'],
    required: true,
    example: '2025-06-01',
    note: '日期，如 2025-06-01 或 2025/6/1。',
  }),
  col({
    key: 'endDate',
    header: '有效期止',
    aliases: ['有效期结束', '截止日期', '到期日期', '结束日期'],
    required: false,
    example: '2027-05-31',
    note: '以证书为准；留空按两年有效期计算。须晚于有效期起。',
  }),
]

export const ROSTER_COLUMNS: readonly ImportColumn[] = [
  col({
    key: 'certificateNo',
    header: '实验室证书编号',
    aliases: ['证书编号', '证书号', '实验室编号'],
    required: false,
    example: 'SZDSJ-2025-001',
    note: '实验室用户导入本实验室名单时可留空；填写时须是本实验室的证书编号。',
  }),
  col({
    key: 'name',
    header: '姓名',
    aliases: ['成员姓名', '人员姓名', 'name'],
    required: true,
    example: '王五',
    note: '同一实验室内姓名不可重复；文件中没有的成员保持不变。',
  }),
  col({
    key: 'titleLevel',
    header: '职称',
    aliases: ['职称级别', '专业技术职称', 'title'],
    required: true,
    example: TITLE_LABELS[3].label,
    note: '从下拉列表选择。',
    choices: choices(TITLE_LABELS),
  }),
  col({
    key: 'degree',
    header: '学历学位',
    aliases: ['学位', '学历', '最高学位', 'degree'],
    required: true,
    example: DEGREE_LABELS[2].label,
    note: '从下拉列表选择。',
    choices: choices(DEGREE_LABELS),
  }),
  col({
    key: 'role',
    header: '团队角色',
    aliases: ['角色', '岗位', '人员类别', 'role'],
    required: true,
    example: TEAM_ROLE_LABELS[1].label,
    note: '从下拉列表选择。',
    choices: choices(TEAM_ROLE_LABELS),
  }),
  col({
    key: 'active',
    header: '在岗',
    aliases: ['是否在岗', '状态', 'active'],
    required: false,
    example: '是',
    note: '是 / 否，留空为是。离岗人员保留在名单中但不计入团队人数。',
    choices: choices(YES_NO_LABELS),
  }),
]

export const USER_COLUMNS: readonly ImportColumn[] = [
  col({
    key: 'username',
    header: '用户名',
    aliases: ['账号', '登录名', 'username'],
    required: true,
    example: 'zhangsan',
    note: '3–32 位小写字母、数字或 _ . -；已有的用户名更新该账号（角色不可通过导入更改），新用户名创建账号并生成初始密码。',
  }),
  col({ key: 'displayName', header: '姓名', aliases: ['显示名称', '名称', 'name'], required: true, example: '张三', note: '' }),
  col({ key: 'email', header: '邮箱', aliases: ['电子邮箱', 'email'], required: false, example: 'zhangsan@example.com', note: '' }),
  col({
    key: 'role',
    header: '角色',
    aliases: ['用户角色', '账号类型', 'role'],
    required: true,
    example: USER_ROLE_LABELS[2].label,
    note: '从下拉列表选择。',
    choices: choices(USER_ROLE_LABELS),
  }),
  col({
    key: 'district',
    header: '所属区县',
    aliases: ['区县', 'district'],
    required: false,
    example: '',
    note: '区县用户必填。',
    choices: choices(DISTRICT_LABELS),
  }),
  col({
    key: 'lab',
    header: '所属实验室证书编号',
    aliases: ['实验室证书编号', '证书编号', '所属实验室'],
    required: false,
    example: 'SZDSJ-2025-001',
    note: '实验室用户必填：实验室最新有效期的证书编号。',
  }),
  col({
    key: 'organisation',
    header: '专家所在单位',
    aliases: ['所在单位', '工作单位'],
    required: false,
    example: '',
    note: '评审专家可填：信用代码或完整单位名称（用于回避）。',
  }),
  col({
    key: 'active',
    header: '启用',
    aliases: ['是否启用', '状态', 'active'],
    required: false,
    example: '是',
    note: '是 / 否，留空为是。',
    choices: choices(YES_NO_LABELS),
  }),
]

export const COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  organisations: ORGANISATION_COLUMNS,
  labs: LAB_COLUMNS,
  rosters: ROSTER_COLUMNS,
  users: USER_COLUMNS,
}

/** The template's header for a column key of a kind (what preview messages name). */
export function headerOf(kind: ImportKind, key: string): string {
  return COLUMNS[kind].find((c) => c.key === key)?.header ?? key
}
