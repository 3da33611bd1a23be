// A generated spreadsheet as a download (the import's templates, exports and password sheet).
export function spreadsheetResponse({ bytes, format, name }: { bytes: Uint8Array | string; format: 'xlsx' | 'csv'; name: string }) {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes)
  return new Response(body, {
    headers: {
      'Content-Type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}.${format}"`,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
