// The red mark a table cell carries when its row is overdue (the request queue, the renewal pipeline).
export function OverdueBadge({ label }: { label: string }) {
  return (
    <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-medium text-white" data-testid="overdue-badge">
      {label}
    </span>
  )
}
