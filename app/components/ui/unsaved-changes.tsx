import { useBeforeUnload, useBlocker, useLocation, useNavigation } from '@remix-run/react'
import { useCallback, useEffect, useRef } from 'react'
import { useT } from '~/i18n/use-t'
import { QuestionDialog } from './question-dialog'

// Nothing typed is lost by leaving (issue 19, item 6): once a person has typed into a form that
// posts, leaving the page asks first, whether by a link in the app (a dialog: stay, or leave and
// lose what was typed) or by closing, reloading or typing another address (the browser's own
// question, the only one a page may ask then). Submitting the form is not leaving; a submission
// the server refused (the page stays, with its messages) leaves the typing unsaved, so the
// question comes back. Search and filter forms (GET) are not guarded; a form that should never
// ask (signing in) carries data-unsaved-ok.
//
// The state lives in refs, not React state: a submission navigates in the same click that
// clears it, before React would have rendered the change.

function guardedForm(target: EventTarget | null): HTMLFormElement | null {
  const form = target instanceof Element ? target.closest('form') : null
  if (!form || form.method.toLowerCase() !== 'post' || form.hasAttribute('data-unsaved-ok')) return null
  return form
}

export function UnsavedChangesGuard() {
  const t = useT()
  const location = useLocation()
  const navigation = useNavigation()
  const dirty = useRef(false)
  // the page a submission left from, until the server has answered it
  const submittedFrom = useRef<string | null>(null)

  useEffect(() => {
    const typed = (event: Event) => {
      if (guardedForm(event.target)) dirty.current = true
    }
    const submitted = (event: Event) => {
      if (!guardedForm(event.target)) return
      submittedFrom.current = dirty.current ? window.location.href : null
      dirty.current = false
    }
    document.addEventListener('input', typed, true)
    document.addEventListener('change', typed, true)
    document.addEventListener('submit', submitted, true)
    return () => {
      document.removeEventListener('input', typed, true)
      document.removeEventListener('change', typed, true)
      document.removeEventListener('submit', submitted, true)
    }
  }, [])

  // Once a navigation has settled: a new page starts clean; a submission whose answer left us on
  // the very address it was sent from (a refusal with its messages: every accepted step here
  // redirects, to ?saved=… at least) leaves what was typed unsaved again.
  useEffect(() => {
    if (navigation.state !== 'idle') return
    dirty.current = submittedFrom.current !== null && submittedFrom.current === window.location.href
    submittedFrom.current = null
  }, [location.key, navigation.state])

  useBeforeUnload(
    useCallback((event: BeforeUnloadEvent) => {
      if (!dirty.current) return
      event.preventDefault()
      // older browsers ask only when returnValue is set
      event.returnValue = ''
    }, []),
  )

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty.current && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  )
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = dialog.current
    if (!d) return
    if (blocker.state === 'blocked' && !d.open) d.showModal()
    if (blocker.state !== 'blocked' && d.open) d.close()
  }, [blocker.state])

  return (
    <QuestionDialog
      ref={dialog}
      id="unsaved"
      question={t('unsaved.question')}
      consequence={t('unsaved.consequence')}
      testId="unsaved-dialog"
      // Esc stays on the page, as the safe button does
      onCancel={() => blocker.reset?.()}
    >
      {/* first, so that Enter and the first Tab keep what was typed */}
      <button type="button" className="btn-primary" data-testid="unsaved-stay" onClick={() => blocker.reset?.()}>
        {t('unsaved.stay')}
      </button>
      <button
        type="button"
        className="btn-danger"
        data-testid="unsaved-leave"
        onClick={() => {
          dirty.current = false
          blocker.proceed?.()
        }}
      >
        {t('unsaved.leave')}
      </button>
    </QuestionDialog>
  )
}
