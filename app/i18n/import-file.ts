// Reading an uploaded spreadsheet (issue 17): why a file cannot be read. Nothing is stored when
// one of these is shown; the user fixes the file and uploads it again.
export const importFileZh = {
  'importFile.empty': '文件是空的。',
  'importFile.tooLarge': '文件超过了 {max} MB 的大小上限。请分成几个文件上传。',
  'importFile.notSpreadsheet': '这是一个 {kind} 文件，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件。',
  'importFile.binary': '文件含有二进制内容，不是表格文件，也不是文本格式的 CSV。请上传 Excel 工作簿（.xlsx）或 CSV 文件。',
  'importFile.saveAsXlsx': '这是 {kind} 格式的表格，无法直接读取。请用 Excel 或 WPS 打开后“另存为” Excel 工作簿（.xlsx）再上传。',
  'importFile.encrypted':
    '工作簿设置了打开密码，无法读取。请在 Excel 或 WPS 中打开，删除密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，再上传。',
  'importFile.macros': '工作簿含有宏（.xlsm）。请另存为不含宏的 Excel 工作簿（.xlsx）再上传。',
  'importFile.notWorkbook': '这是一个 ZIP 压缩包，不是 Excel 工作簿。请上传 .xlsx 或 CSV 文件。',
  'importFile.corrupt': '文件已损坏或不完整，无法读取。请在 Excel 或 WPS 中打开确认后重新保存，再上传。',
  'importFile.zipBomb':
    '文件解压后的内容异常庞大（超过 {max} MB，或压缩比超过 {ratio}:1），为安全起见不予读取。请把数据复制到新的工作簿后再上传。',
  'importFile.noSheet': '工作簿中没有可导入的工作表：除说明页外没有可见的工作表。',
  'importFile.hiddenSheet': '可见的工作表是空的，数据在隐藏的工作表“{sheet}”中。请取消隐藏，并把数据表放在第一个，再上传。',
  'importFile.emptyFirstSheet': '第一个工作表“{sheet}”是空的，数据在工作表“{other}”中。请把数据表移到最前面，或删除空的工作表，再上传。',
  'importFile.noData': '工作表“{sheet}”是空的。',
  'importFile.headerOnly': '工作表“{sheet}”只有表头（第 {row} 行），没有数据行。',
  'importFile.tooManyRows': '表格超过 {max} 行（只设了格式的空行也算在内）。请删除多余的行，或分成几个文件上传。',
  'importFile.tooManyColumns': '表格超过 {max} 列。请删除多余的列后再上传。',
  'importFile.tooManyCells': '工作表含有超过 {max} 个单元格（包括只设了格式的空单元格）。请删除多余的行和列后再上传。',
  'importFile.formula':
    '工作表“{sheet}”的单元格 {cell} 含有公式。导入只接受数值本身：请全选后复制，用“选择性粘贴 → 数值”粘贴回原处，保存后再上传。',
  'importFile.mergedHeader': '表头行有合并单元格（{cells}）。请取消合并，每列只留一个表头。',
  'importFile.mergedCells': '数据区有合并单元格（{cells}）。请取消合并，并在每一行填入各自的值。',
  'importFile.hiddenRows': '第 {rows} 行被隐藏（或被筛选隐藏）但含有数据，导入会读取所有行。请取消隐藏或删除这些行后再上传。',
  'importFile.hiddenColumns': '第 {columns} 列被隐藏但含有数据，导入会读取所有列。请取消隐藏或删除这些列后再上传。',
  'importFile.csvQuote': 'CSV 文件第 {line} 行开始的双引号没有闭合，之后的内容无法正确分列。请检查该行的引号。',
  'importFile.encoding': '无法识别 CSV 文件的文字编码。请另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿（.xlsx）后再上传。',
} as const

export const importFileEn: Record<keyof typeof importFileZh, string> = {
  'importFile.empty': 'The file is empty.',
  'importFile.tooLarge': 'The file is larger than the {max} MB limit. Split it into several files.',
  'importFile.notSpreadsheet': 'This is a {kind} file, not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file.',
  'importFile.binary':
    'The file holds binary content: it is neither a spreadsheet nor a CSV text file. Upload an Excel workbook (.xlsx) or a CSV file.',
  'importFile.saveAsXlsx':
    'This spreadsheet is in the {kind} format, which cannot be read. Open it in Excel or WPS and “Save as” an Excel workbook (.xlsx), then upload that.',
  'importFile.encrypted':
    'The workbook is protected with a password and cannot be read. Open it in Excel or WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, clear it), save and upload it again.',
  'importFile.macros': 'The workbook contains macros (.xlsm). Save it as an Excel workbook without macros (.xlsx) and upload that.',
  'importFile.notWorkbook': 'This is a ZIP archive, not an Excel workbook. Upload an .xlsx or CSV file.',
  'importFile.corrupt': 'The file is damaged or incomplete and cannot be read. Open it in Excel or WPS, save it again and upload it.',
  'importFile.zipBomb':
    'Unpacked, the file would be abnormally large (over {max} MB, or compressed more than {ratio}:1), so it is not read, for safety. Copy the data into a new workbook and upload that.',
  'importFile.noSheet': 'The workbook has no sheet to import: apart from the notes, no sheet is visible.',
  'importFile.hiddenSheet':
    'The visible sheet is empty; the data is in the hidden sheet “{sheet}”. Unhide it, make it the first sheet and upload again.',
  'importFile.emptyFirstSheet':
    'The first sheet “{sheet}” is empty; the data is in the sheet “{other}”. Move the data sheet to the front or delete the empty sheet, then upload again.',
  'importFile.noData': 'The sheet “{sheet}” is empty.',
  'importFile.headerOnly': 'The sheet “{sheet}” has only its header (row {row}) and no data rows.',
  'importFile.tooManyRows':
    'The table has more than {max} rows (empty rows that only carry formatting count too). Delete the extra rows or split the data into several files.',
  'importFile.tooManyColumns': 'The table has more than {max} columns. Delete the extra columns and upload again.',
  'importFile.tooManyCells':
    'The sheet has more than {max} cells (counting empty cells that only carry formatting). Delete the extra rows and columns and upload again.',
  'importFile.formula':
    'Cell {cell} of the sheet “{sheet}” holds a formula. The import takes values only: select all, copy, “Paste Special → Values” in place, save and upload again.',
  'importFile.mergedHeader': 'The header row has merged cells ({cells}). Unmerge them so that every column has one header.',
  'importFile.mergedCells': 'The data has merged cells ({cells}). Unmerge them and fill in the value on every row.',
  'importFile.hiddenRows':
    'Rows {rows} are hidden (or filtered out) but hold data, and the import reads every row. Unhide or delete them and upload again.',
  'importFile.hiddenColumns':
    'Columns {columns} are hidden but hold data, and the import reads every column. Unhide or delete them and upload again.',
  'importFile.csvQuote':
    'The double quote opened on line {line} of the CSV file is never closed, so what follows cannot be split into columns. Check the quotes on that line.',
  'importFile.encoding':
    'The text encoding of the CSV file is not recognised. Save it as “CSV UTF-8 (comma delimited)” or as an Excel workbook (.xlsx) and upload that.',
}
