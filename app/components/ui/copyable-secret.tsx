import { useState } from 'react'
import { useT } from '~/i18n/use-t'

// A secret shown once (an API token, a calendar feed address): read-only, selected on focus so
// it can be copied by hand, and a button that copies it where the browser allows.
export function CopyableSecret({ id, label, value, testId }: { id: string; label: string; value: string; testId: string }) {
  const t = useT()
  const [copied, setCopied] = useState(false)
  return (
    <>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          className="input font-mono"
          readOnly
          value={value}
          onFocus={(event) => event.currentTarget.select()}
          data-testid={testId}
        />
        <button
          type="button"
          className="btn shrink-0 whitespace-nowrap"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true))
          }}
        >
          {copied ? t('tokens.copied') : t('tokens.copy')}
        </button>
      </div>
    </>
  )
}
