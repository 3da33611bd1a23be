// The editable Word copies (.docx) of the annual report and the renewal dossier (issue 17).
export const wordZh = {
  'word.download': '下载 Word',
  'word.downloadHint': '可编辑的 Word 文档，与盖章的 PDF 一并报送。',
  'word.page': '第 {page} 页 共 {pages} 页',
  'word.reportFileName': '年度报告',
} as const

export const wordEn: Record<keyof typeof wordZh, string> = {
  'word.download': 'Download Word',
  'word.downloadHint': 'An editable Word document, to send with the sealed PDF.',
  'word.page': 'Page {page} of {pages}',
  'word.reportFileName': 'annual-report',
}
