import { useRef, useState, type FormEvent } from 'react'
import { useT } from '~/i18n/use-t'
import type { FieldErrors } from '~/utils/forms'

// The import's upload form. Without script it is a plain multipart form; with it the file goes up
// by XMLHttpRequest so a large file shows its upload progress, then "正在检查 N 行…" while the
// preview page (which judges every row) loads. A refusal falls back to the plain submit, so the
// server's message shows as it would without script.
export function UploadForm({ kind, errors }: { kind: string; errors?: FieldErrors }) {
  const t = useT()
  const form = useRef<HTMLFormElement>(null)
  const [state, setState] = useState<
    { phase: 'idle' } | { phase: 'uploading'; percent: number } | { phase: 'checking'; rows: number | null }
  >({
    phase: 'idle',
  })

  async function submit(event: FormEvent<HTMLFormElement>) {
    const input = form.current?.elements.namedItem('file') as HTMLInputElement | null
    const file = input?.files?.[0]
    if (!file || typeof XMLHttpRequest === 'undefined') return
    event.preventDefault()
    // a CSV's rows can be counted here; a workbook's only on the server
    const rows = /\.csv$/i.test(file.name) ? Math.max(0, (await file.text()).split(/\r\n|\n|\r/).filter((l) => l.trim()).length - 1) : null
    const xhr = new XMLHttpRequest()
    xhr.open('POST', form.current!.action)
    xhr.setRequestHeader('X-Import-Upload', '1')
    xhr.upload.onprogress = (e) => e.lengthComputable && setState({ phase: 'uploading', percent: Math.round((e.loaded / e.total) * 100) })
    xhr.upload.onload = () => setState({ phase: 'checking', rows })
    xhr.onload = () => {
      // staged: go to the preview, which judges the rows as it loads
      const location = xhr.status === 200 ? locationOf(xhr.responseText) : null
      if (location) window.location.assign(location)
      else {
        setState({ phase: 'idle' })
        form.current!.submit()
      }
    }
    xhr.onerror = () => {
      setState({ phase: 'idle' })
      form.current!.submit()
    }
    setState({ phase: 'uploading', percent: 0 })
    xhr.send(new FormData(form.current!))
  }

  const error = errors?.file
  return (
    <form
      ref={form}
      method="post"
      action={`/imports/new?kind=${kind}`}
      encType="multipart/form-data"
      className="card space-y-3"
      onSubmit={submit}
    >
      <label className="label" htmlFor="import-file">
        {t('imports.new.file')}
      </label>
      <input
        id="import-file"
        name="file"
        type="file"
        required
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        aria-invalid={error ? true : undefined}
        className="block text-sm"
      />
      {error ? (
        <p className="field-error" role="alert" data-testid="import-file-error">
          {t(error.key, error.vars)}
        </p>
      ) : null}
      {state.phase === 'uploading' ? (
        <div data-testid="import-progress">
          <progress max={100} value={state.percent} className="w-full" />
          <p className="text-sm text-slate-600">{t('imports.new.uploading', { percent: state.percent })}</p>
        </div>
      ) : null}
      {state.phase === 'checking' ? (
        <p className="text-sm text-slate-600" role="status" data-testid="import-checking">
          {state.rows === null ? t('imports.new.checkingUnknown') : t('imports.new.checking', { rows: state.rows })}
        </p>
      ) : null}
      <button type="submit" className="btn-primary" disabled={state.phase !== 'idle'} data-testid="import-upload">
        {t('imports.new.submit')}
      </button>
    </form>
  )
}

function locationOf(body: string): string | null {
  try {
    const location = (JSON.parse(body) as { location?: unknown }).location
    return typeof location === 'string' && location.startsWith('/imports/preview/') ? location : null
  } catch {
    return null
  }
}
