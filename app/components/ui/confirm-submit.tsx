import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useT } from '~/i18n/use-t'
import { QuestionDialog } from './question-dialog'

// A second look before an irreversible step (issue 19, item 5). The form's own submit button
// opens a native modal <dialog> that asks the question, says what will happen and what cannot
// be undone, and names both buttons by what they do. Confirming submits the same form with the
// same button (form.requestSubmit(submitter)), so its intent and name/value reach the action
// unchanged. Before the page's JavaScript runs, the button simply posts: the server decides
// every step, the dialog only asks.
//
// Focus: showModal() moves it into the dialog (onto the cancel button, the safe choice); on
// closing (cancel, Esc or confirm) it goes back to the button that opened the dialog.
export function ConfirmSubmit({
  label,
  question,
  consequence,
  confirmLabel,
  cancelLabel,
  className = 'btn-danger',
  name,
  value,
  disabled,
  skip = false,
  ariaLabel,
  testId,
  danger = true,
}: {
  // the submit button's text, and what the confirm button says unless confirmLabel does
  label: string
  // the dialog's heading: a question (确认撤销该实验室的认定？)
  question: string
  // what will happen and what cannot be undone
  consequence: ReactNode
  confirmLabel?: string
  cancelLabel?: string
  className?: string
  name?: string
  value?: string
  disabled?: boolean
  // post without asking (e.g. the form is not complete yet: the server answers with its messages)
  skip?: boolean
  ariaLabel?: string
  testId?: string
  // the confirm button's colour: red for a step that removes or ends something
  danger?: boolean
}) {
  const t = useT()
  const id = useId()
  const dialog = useRef<HTMLDialogElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const cancel = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const d = dialog.current
    if (!d) return
    const back = () => button.current?.focus()
    d.addEventListener('close', back)
    return () => d.removeEventListener('close', back)
  }, [])

  return (
    <>
      <button
        ref={button}
        type="submit"
        className={className}
        name={name}
        value={value}
        disabled={disabled}
        aria-label={ariaLabel}
        aria-haspopup={skip ? undefined : 'dialog'}
        data-testid={testId}
        onClick={(event) => {
          const d = dialog.current
          if (skip || !d || typeof d.showModal !== 'function') return
          event.preventDefault()
          d.showModal()
          cancel.current?.focus()
        }}
      >
        {label}
      </button>
      <QuestionDialog ref={dialog} id={id} question={question} consequence={consequence} testId="confirm-dialog">
        <button ref={cancel} type="button" className="btn" data-testid="confirm-cancel" onClick={() => dialog.current?.close()}>
          {cancelLabel ?? t('confirm.cancel')}
        </button>
        <button
          type="button"
          className={danger ? 'btn-danger' : 'btn-primary'}
          data-testid="confirm-ok"
          onClick={() => {
            const form = button.current?.form
            dialog.current?.close()
            form?.requestSubmit(button.current)
          }}
        >
          {confirmLabel ?? label}
        </button>
      </QuestionDialog>
    </>
  )
}
