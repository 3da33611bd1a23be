// Numbers one way (issue 19 item 8, docs/status-language.md): every count and quantity on
// screen goes through formatNumber. One fixed locale on the server and in the browser, so the
// text is the same on both sides (a hydration mismatch otherwise). Grouping starts at five
// digits, as GB/T 15835-2011 allows for general text: 3000 and 5000 read alike, 12,345 is
// grouped, and a year (2026) is never split. zh-CN and en-US group the same way (a comma).
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4, useGrouping: 'min2' })
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: 'min2' })

/** 3000 → "3000", 12345 → "12,345", 0.5 → "0.5" (four decimals at most). */
export function formatNumber(n: number): string {
  return NUMBER.format(n)
}

/** A requested or granted quantity: two decimals at most (1200.5 → "1200.5", 15000 → "15,000"). */
export function formatQuantity(n: number): string {
  return QUANTITY.format(n)
}
