// A message that quotes something literal (a setting, a command) marks it with backticks, as
// Markdown does: `SCHEDULER=off`. It is shown as code, in either language, never translated.
export function CodeText({ text }: { text: string }) {
  const parts = text.split('`')
  // an unmatched backtick is text, not the start of code
  if (parts.length % 2 === 0) return <>{text}</>
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <code key={i} translate="no" className="rounded bg-slate-100 px-1 text-[0.9em]">
            {part}
          </code>
        ) : (
          part
        ),
      )}
    </>
  )
}
