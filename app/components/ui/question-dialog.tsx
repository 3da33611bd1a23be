import { forwardRef, type ReactNode } from 'react'

/**
 * The frame of every modal question (ConfirmSubmit, the unsaved-changes guard): a native
 * <dialog> shown with showModal(), its heading the question, a text saying what will happen,
 * and the buttons, each named by what it does, at the end.
 */
export const QuestionDialog = forwardRef<
  HTMLDialogElement,
  { id: string; question: ReactNode; consequence: ReactNode; testId: string; onCancel?: () => void; children: ReactNode }
>(function QuestionDialog({ id, question, consequence, testId, onCancel, children }, ref) {
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-q`}
      aria-describedby={`${id}-c`}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
      data-testid={testId}
      onCancel={onCancel}
    >
      <div className="space-y-3 p-5">
        <h2 id={`${id}-q`} className="text-base font-semibold text-slate-900">
          {question}
        </h2>
        <div id={`${id}-c`} className="space-y-2 text-sm text-slate-700">
          {consequence}
        </div>
        <div className="flex flex-wrap justify-end gap-2 pt-2">{children}</div>
      </div>
    </dialog>
  )
})
