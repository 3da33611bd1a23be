import type { ReactNode } from 'react'

const TONES = {
  saved: 'border-green-300 bg-green-50 text-green-800',
  failed: 'border-red-300 bg-red-50 text-red-800',
}

// The banner a page shows after its own redirect says what was done ("已保存", "已提交", a job's
// run): role=status so screen readers announce it, and so the browser tests wait for it.
export function SavedNotice({
  children,
  tone = 'saved',
  className,
}: {
  children: ReactNode
  tone?: keyof typeof TONES
  className?: string
}) {
  return (
    <p role="status" className={['rounded border p-3 text-sm', TONES[tone], className].filter(Boolean).join(' ')}>
      {children}
    </p>
  )
}
