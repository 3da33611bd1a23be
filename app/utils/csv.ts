// CSV as spreadsheet programs in China open it: UTF-8 with a byte-order mark (so Excel does
// not read Chinese as GBK), CRLF line ends, every field quoted when it needs to be.
export function toCsv(header: string[], rows: string[][]): string {
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

// A cell starting with = + - @ (or tab/CR) would run as a formula in Excel: prefix an
// apostrophe so exported data can never execute (CSV injection).
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe
}
