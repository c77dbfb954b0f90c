/**
 * A policy document, pretty-printed, with notes beside the elements they concern (lint findings in the
 * report, evaluation results in the playground). Lines with a failing or flagged element are highlighted.
 */
import { annotatedLines } from '../../../trace/renderAnnotatedPolicy.js'
import type { ReportJson } from '../../types.js'

/** A note on one element of a policy: its pointer, text and how to highlight it. */
export interface PolicyNote {
  readonly pointer: string
  readonly text: string
  readonly tone: 'fail' | 'pass' | 'unknown' | 'finding'
}

/** The longest prefix of `pointer` that some line starts (lint pointers follow the original layout, not the canonical one). */
function nearest(pointer: string, known: ReadonlySet<string>): string {
  let p = pointer
  while (p !== '' && !known.has(p)) p = p.slice(0, p.lastIndexOf('/'))
  return p
}

/** Renders `document` with `notes` beside their elements. */
export function PolicyView({ document, notes }: { readonly document: ReportJson; readonly notes: readonly PolicyNote[] }) {
  const plain = annotatedLines(document, new Map())
  const known = new Set(plain.map((l) => l.pointer))
  const byPointer = new Map<string, PolicyNote[]>()
  for (const n of notes) {
    const at = nearest(n.pointer, known)
    ;(byPointer.get(at) ?? byPointer.set(at, []).get(at))?.push(n)
  }
  const opened = new Set<string>()
  return (
    <pre class="policy">
      {plain.map((l, i) => {
        // Notes go on the first line of their member (closing lines share the pointer).
        const own = opened.has(l.pointer) ? undefined : byPointer.get(l.pointer)
        opened.add(l.pointer)
        const tone = own?.some((n) => n.tone === 'fail') ? 'fail' : own?.some((n) => n.tone === 'finding') ? 'finding' : own?.some((n) => n.tone === 'unknown') ? 'unknown' : own !== undefined ? 'pass' : ''
        return (
          <div key={i} class={`line${tone !== '' ? ` tone-${tone}` : ''}`} data-pointer={l.pointer}>
            <span class="code">{l.text}</span>
            {own?.map((n, k) => (
              <span key={k} class={`annot tone-${n.tone}`}>
                {'  // '}
                {n.text}
              </span>
            ))}
          </div>
        )
      })}
    </pre>
  )
}
