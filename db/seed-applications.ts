import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { and, eq } from 'drizzle-orm'
import { makeUscc } from '~/domain/uscc'
import type { DistrictCode, OrgKind } from './schema/enums'
import type { ActingUser } from '~/models/result.server'
import { storedPathOf } from '~/models/attachments.server'
import { ROUND_APPLICATION_OWNER } from '~/models/round-application-access.server'
import { LETTER_KIND, startApplication, takeApplicationStep } from '~/models/round-applications.server'
import { db } from '~/utils/db.server'
import { deflateText, ZipWriter } from '~/utils/zip.server'
import { insertUser } from './factories'
import {
  applicants,
  attachments,
  certificationRounds,
  roundApplicationIndicators,
  roundApplicationMembers,
  roundApplications,
  users,
  type User,
} from './schema'

// The round's demo applications (issue 21): the demo applicant's draft in the open round, and
// other 姑苏区 applicants' submitted, returned and recommended applications so the office pages
// (gusu, and 市教育局's 'edu') have something to check. Taken through the model's own steps, so
// their audit rows and notices are the pages'. Runs after the seed on the app's handle, with the
// notices. The demo's files are records without stored bytes (a download of one is "not found").

const DEMO_STORIES = [
  { name: '苏州古城数字文旅科技有限公司', lab: '苏州古城数字文旅实验室', serial: 'MA1GUNT03', steps: ['submit'] },
  { name: '苏州观前数据智能有限公司', lab: '苏州商圈数据智能实验室', serial: 'MA1GUNT04', steps: ['submit', 'return'] },
  { name: '苏州平江算力科技有限公司', lab: '苏州城市算力调度实验室', serial: 'MA1GUNT05', steps: ['submit', 'recommend'] },
] as const

export const acting = (u: User): ActingUser => ({ ...u, displayName: u.displayName })

export function seedDemoApplications({ now }: { now: Date }) {
  const round = db().select().from(certificationRounds).get()
  const demoApplicant = db().select().from(users).where(eq(users.username, 'applicant')).get()
  const office = db().select().from(users).where(eq(users.username, 'gusu')).get()
  if (!round || !demoApplicant || !office) return
  const draft = startApplication({ by: acting(demoApplicant), roundId: round.id, at: now })
  if (draft.ok)
    db().update(roundApplications).set({ labName: '苏州姑苏数智融合实验室', direction: 5 }).where(eq(roundApplications.id, draft.id)).run()
  for (const story of DEMO_STORIES) {
    const by = applicantAccount({ ...story, passwordHash: demoApplicant.passwordHash, now })
    const started = startApplication({ by, roundId: round.id, at: now })
    if (!started.ok) continue
    fillApplication(started.id, story.lab)
    for (const step of story.steps) {
      if (step === 'recommend') attach(started.id, LETTER_KIND, office.id)
      const version = db()
        .select({ v: roundApplications.rowVersion })
        .from(roundApplications)
        .where(eq(roundApplications.id, started.id))
        .get()!.v
      takeApplicationStep({
        by: step === 'submit' ? by : acting(office),
        id: started.id,
        step,
        version,
        reasons: step === 'return' ? '团队名单中副高职称人员的证明材料缺失，请补充后重新提交。' : undefined,
        at: now,
      })
    }
  }
}

/** A confirmed applicant of `office` (姑苏区 unless named) with its account, as the office would confirm it. */
export function applicantAccount({
  name,
  serial,
  passwordHash,
  now,
  office = { districtCode: '320508' },
  orgKind = 'enterprise',
  contactName = '',
}: {
  name: string
  serial: string
  passwordHash: string
  now: Date
  office?: { districtCode: DistrictCode } | { departmentId: number }
  orgKind?: OrgKind
  contactName?: string
}): ActingUser {
  const stamp = now.toISOString()
  // a department's applicants are institutions registered in the city proper (姑苏区's region)
  const region = 'districtCode' in office ? office.districtCode : '320508'
  const applicant = db()
    .insert(applicants)
    .values({
      name,
      uscc: makeUscc({ authority: orgKind === 'enterprise' ? '9' : '1', kind: '1', region, serial }),
      orgKind,
      officeDistrictCode: 'districtCode' in office ? office.districtCode : null,
      officeDepartmentId: 'departmentId' in office ? office.departmentId : null,
      contactName,
      contactPhone: '0512-65230000',
      contactEmail: `${serial.toLowerCase()}@example.cn`,
      status: 'confirmed',
      decidedAt: stamp,
      createdAt: stamp,
      updatedAt: stamp,
    })
    .returning({ id: applicants.id })
    .get()
  const user = insertUser(db(), {
    username: `applicant-${serial.toLowerCase()}`,
    displayName: name,
    role: 'applicant',
    applicantId: applicant.id,
    passwordHash,
    createdAt: stamp,
    updatedAt: stamp,
  })
  return acting(user)
}

/** The 申报表's parts as a complete application holds them: plan, roster of 16, an indicator, both files. */
export function fillApplication(applicationId: number, labName: string, direction = 3) {
  db()
    .update(roundApplications)
    .set({
      labName,
      direction,
      planTechnicalGoals: '围绕城市数据要素流通开展关键技术攻关。',
      planIntellectualProperty: '两年内申请发明专利 3 项、软件著作权 5 项。',
      planFunding: '企业自筹为主，合作单位配套投入。',
      planApplicationScenarios: '在古城保护、文旅服务等场景落地应用。',
      dataSecurity: '已建立数据安全管理制度和应急处置预案。',
      commitments: ['truthful_materials', 'no_recent_violation', 'data_security_plan', 'resources_provided'],
    })
    .where(eq(roundApplications.id, applicationId))
    .run()
  for (let i = 0; i < 16; i++)
    db()
      .insert(roundApplicationMembers)
      .values({
        applicationId,
        name: `团队成员${i + 1}`,
        titleLevel: i < 3 ? 'associate_senior' : 'intermediate',
        degree: i < 5 ? 'master' : 'bachelor',
        role: i === 0 ? 'director' : 'researcher',
      })
      .run()
  db().insert(roundApplicationIndicators).values({ applicationId, indicatorKey: 'scenarios', target: 3 }).run()
  for (const kind of ['application_pdf', 'application_docx']) attach(applicationId, kind, null)
}

export function attach(applicationId: number, kind: string, uploadedBy: number | null) {
  const exists = db()
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ROUND_APPLICATION_OWNER), eq(attachments.ownerId, applicationId), eq(attachments.kind, kind)))
    .get()
  if (exists) return
  // a real file in the store, as an upload leaves one: a row without its bytes would be a broken
  // download and a store the backup and upload checks refuse
  const docx = kind === 'application_docx'
  const bytes = docx
    ? demoDocx()
    : Buffer.from(`%PDF-1.7\n% Labcycle demo ${kind}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`)
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const target = storedPathOf(sha256)
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.writeFileSync(target, bytes)
  }
  db()
    .insert(attachments)
    .values({
      labId: null,
      ownerType: ROUND_APPLICATION_OWNER,
      ownerId: applicationId,
      kind,
      sha256,
      size: bytes.byteLength,
      mediaType: docx ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf',
      originalName: docx ? '申报表.docx' : kind === LETTER_KIND ? '推荐意见（盖章）.pdf' : '申报表（盖章）.pdf',
      uploadedBy,
    })
    .run()
}

// The smallest Word file Word and WPS open: one paragraph, zipped as every .docx is. A fixed
// date keeps its bytes, and so its place in the store, the same on every seed.
function demoDocx(): Buffer {
  const zip = new ZipWriter(new Date('2026-01-01T00:00:00Z'))
  const parts: Buffer[] = []
  const add = (name: string, xml: string) => {
    for (const piece of zip.entry(name, deflateText(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml}`))) parts.push(piece)
  }
  add(
    '[Content_Types].xml',
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  )
  add(
    '_rels/.rels',
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  )
  add(
    'word/document.xml',
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>苏州市大数据创新应用实验室申报表（演示）</w:t></w:r></w:p></w:body></w:document>',
  )
  parts.push(zip.end())
  return Buffer.concat(parts)
}
