// The application's roster import (issue 21 item 3): page-local to the application pages
// (`applications.`, app/i18n/messages-asset.server.ts).
export const applicationRosterImportZh = {
  'applications.rosterImport.title': '从表格导入团队名单',
  'applications.rosterImport.replaces':
    '导入的文件即完整名单：将替换本申报现有的全部成员。“实验室证书编号”一列不读取；“在岗”为“否”的行不导入。任一行有误则整份文件不导入。',
  'applications.rosterImport.template': '使用与实验室团队名单导入相同的模板：',
  'applications.rosterImport.file': '名单文件（.xlsx 或 CSV）',
  'applications.rosterImport.submit': '导入并替换名单',
  'applications.rosterImport.row': '行号',
  'applications.rosterImport.column': '列',
  'applications.rosterImport.reason': '原因',
  'applications.rosterImport.rowsRefused': '有 {n} 行不能导入，名单未作任何修改：',
  'applications.rosterImport.noMembers': '文件中没有可导入的在岗成员',
  'applications.rosterImport.tooManyRows': '一份名单最多 {max} 行',
  'applications.rosterImport.imported': '已导入 {n} 名成员，原名单已替换',
} as const

export const applicationRosterImportEn: Record<keyof typeof applicationRosterImportZh, string> = {
  'applications.rosterImport.title': 'Import the team roster from a spreadsheet',
  'applications.rosterImport.replaces':
    'The file is the whole roster: it replaces every member of this application. The lab certificate number column is not read; rows whose "在岗" (active) is 否 (no) are left out. If any row is wrong, nothing from the file is imported.',
  'applications.rosterImport.template': 'Use the same template as the lab team roster import:',
  'applications.rosterImport.file': 'Roster file (.xlsx or CSV)',
  'applications.rosterImport.submit': 'Import and replace the roster',
  'applications.rosterImport.row': 'Row',
  'applications.rosterImport.column': 'Column',
  'applications.rosterImport.reason': 'Reason',
  'applications.rosterImport.rowsRefused': '{n} rows cannot be imported; the roster is unchanged:',
  'applications.rosterImport.noMembers': 'The file names no active member to import',
  'applications.rosterImport.tooManyRows': 'A roster has at most {max} rows',
  'applications.rosterImport.imported': '{n} members imported; the previous roster is replaced',
} as const
