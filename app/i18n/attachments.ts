// Attachments (issue 4): the file input, the list of attached files and the upload refusals.
export const attachmentsZh = {
  'attachments.label': '附件',
  'attachments.hint':
    '可多选。接受 PDF、Office 文档（Word、Excel、PowerPoint，含 WPS 与 OpenDocument 格式）、PNG/JPEG/GIF/WebP 图片和 ZIP 压缩包，每个文件不超过 {max} MB。类型按文件内容识别，与扩展名无关。',
  'attachments.list': '附件列表',
  'attachments.none': '暂无附件',
  'attachments.download': '下载“{name}”',
  'attachments.uploaded': '{name} 上传于 {time}',
  'attachments.remove': '删除',
  'attachments.upload': '上传附件',
  'attachments.saveDraftAndUpload': '保存草稿并上传附件',
  'attachments.savesDraft': '上传时会先保存表单中已填写的内容（草稿），页面刷新后不会丢失。',
  'attachments.removeLabel': '删除附件“{name}”',
  'attachments.error.tooLarge': '文件“{name}”超过了 {max} MB 的大小上限。',
  'attachments.error.requestTooLarge': '上传的内容合计超过 {max} MB，请减少文件或压缩后再试。',
  'attachments.error.type':
    '不接受文件“{name}”：只接受 PDF、Office 文档（不含宏）、PNG/JPEG/GIF/WebP 图片和 ZIP 压缩包。类型按文件内容识别，改扩展名无效。',
  'attachments.error.name': '文件名“{name}”无法使用，请改名后再上传。',
  'attachments.error.path': '文件名不能包含路径（“/”“\\”或盘符）：“{name}”。请只选择文件本身。',
  'attachments.error.empty': '文件“{name}”是空的。',
  'attachments.error.tooMany': '一次最多上传 {max} 个文件。',
  'attachments.error.required': '请至少选择一个文件。',
  'attachments.error.malformed': '上传的数据不完整，请重新选择文件后再提交。',
} as const

export const attachmentsEn: Record<keyof typeof attachmentsZh, string> = {
  'attachments.label': 'Attachments',
  'attachments.hint':
    'You may select several. Accepted: PDF, Office documents (Word, Excel, PowerPoint, including WPS and OpenDocument formats), PNG/JPEG/GIF/WebP images and ZIP archives, up to {max} MB each. The type is recognised from the content, not the extension.',
  'attachments.list': 'Attachments',
  'attachments.none': 'No attachments',
  'attachments.download': 'Download “{name}”',
  'attachments.uploaded': 'uploaded by {name} on {time}',
  'attachments.remove': 'Remove',
  'attachments.upload': 'Upload',
  'attachments.saveDraftAndUpload': 'Save draft and upload',
  'attachments.savesDraft': 'Uploading first saves what you have typed in the form as the draft, so a reload loses nothing.',
  'attachments.removeLabel': 'Remove attachment “{name}”',
  'attachments.error.tooLarge': 'The file “{name}” is larger than the {max} MB limit.',
  'attachments.error.requestTooLarge': 'The upload is larger than {max} MB in total. Send fewer files or compress them.',
  'attachments.error.type':
    'The file “{name}” is not accepted: only PDF, Office documents without macros, PNG/JPEG/GIF/WebP images and ZIP archives are. The type is recognised from the content; renaming does not help.',
  'attachments.error.name': 'The file name “{name}” cannot be used. Rename the file and upload it again.',
  'attachments.error.path': 'A file name must not contain a path (“/”, “\\” or a drive): “{name}”. Select the file itself.',
  'attachments.error.empty': 'The file “{name}” is empty.',
  'attachments.error.tooMany': 'At most {max} files can be uploaded at once.',
  'attachments.error.required': 'Select at least one file.',
  'attachments.error.malformed': 'The upload arrived incomplete. Select the files again and resubmit.',
}
