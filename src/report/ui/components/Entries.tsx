/**
 * Who can assume a role, as a list: each answer with its access, its principals (outside ones marked),
 * the roles a chain passes through, its conditions with the statements they come from, and why an
 * answer is uncertain.
 */
import { useState } from 'preact/hooks'
import type { ReportEntry, ReportModel, ReportReason } from '../../types.js'
import { AccessBadge, NodeChip } from './format.js'

const SHOWN = 8

/** The principals of one answer, the first few shown. */
export function Principals({ model, ids, onSelect }: { readonly model: ReportModel; readonly ids: readonly number[]; readonly onSelect?: (id: number) => void }) {
  const [all, setAll] = useState(false)
  const shown = all ? ids : ids.slice(0, SHOWN)
  return (
    <span class="principals">
      {shown.map((id) => (
        <NodeChip key={id} model={model} id={id} {...(onSelect !== undefined ? { onSelect } : {})} />
      ))}
      {!all && ids.length > SHOWN && (
        <button type="button" class="more" onClick={() => setAll(true)}>
          +{ids.length - SHOWN} more
        </button>
      )}
    </span>
  )
}

/** A condition with the statements each part comes from. */
function Condition({ model, index }: { readonly model: ReportModel; readonly index: number }) {
  const c = model.conditions[index]
  if (c === undefined) return null
  return (
    <details class="condition">
      <summary>
        when <code>{c.text}</code>
        {c.approximate && <span class="note"> (sufficient, not exact: too many conditions to enumerate)</span>}
      </summary>
      <ul>
        {c.anyOf.flatMap((term) => term).map((li, i) => {
          const l = model.literals[li]
          return l === undefined ? null : (
            <li key={i}>
              <code>{l.text}</code> ← {l.sources.map((s) => model.sources[s]).join('; ')}
            </li>
          )
        })}
      </ul>
    </details>
  )
}

/** Why an answer is uncertain. */
export function Reasons({ reasons }: { readonly reasons: readonly ReportReason[] }) {
  return (
    <ul class="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <code>{r.code}</code> {r.message}
          {r.file !== undefined && (
            <>
              {' '}
              <code class="loc">
                {r.file}
                {r.pointer !== undefined ? ` ${r.pointer}` : ''}
              </code>
            </>
          )}
        </li>
      ))}
    </ul>
  )
}

/** A list of answers (direct or through chains). */
export function Entries({ model, entries, onSelect }: { readonly model: ReportModel; readonly entries: readonly ReportEntry[]; readonly onSelect?: (id: number) => void }) {
  const select = onSelect !== undefined ? { onSelect } : {}
  return (
    <ul class="entries">
      {entries.map((e, i) => (
        <li key={i} class={`entry access-${e.a}`}>
          <div class="entry-head">
            <AccessBadge access={e.a} />
            <Principals model={model} ids={e.p} {...select} />
          </div>
          {e.v !== undefined && (
            <div class="via">
              via{' '}
              {e.v.map((id, k) => (
                <span key={k}>
                  {k > 0 && ' → '}
                  <NodeChip model={model} id={id} {...select} />
                </span>
              ))}
            </div>
          )}
          {e.c !== undefined && <Condition model={model} index={e.c} />}
          {e.u !== undefined && <Reasons reasons={e.u} />}
          {e.n?.map((n) => (
            <div key={n} class="note">
              note: {model.notes[n]}
            </div>
          ))}
        </li>
      ))}
    </ul>
  )
}
