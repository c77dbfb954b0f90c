/**
 * Compares a call file's `expect` blocks with what iamtrace computed: decision, success, violation
 * codes, per-action decisions, session fields, and follow-up decisions.
 */
import type { AssumeCallFileResult } from './evaluateAssumeCall.js'
import type { AssumeCallFile } from './types.js'

/** One expectation that did not hold. */
export interface ExpectMismatch {
  /** Pointer of the expectation in the call file. */
  readonly pointer: string
  readonly expected: unknown
  readonly actual: unknown
}

/**
 * Every mismatch between the file's expectations and the result (empty when all hold). A call a
 * chain never reached fails every expectation it has.
 *
 * @example
 * checkAssumeExpectations(parsed.value, evaluateAssumeCallFile(parsed.value)) // []
 */
export function checkAssumeExpectations(file: AssumeCallFile, result: AssumeCallFileResult): ExpectMismatch[] {
  const out: ExpectMismatch[] = []
  const check = (pointer: string, expected: unknown, actual: unknown): void => {
    if (JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ pointer, expected, actual })
  }
  file.calls.forEach((call, i) => {
    const e = call.expect
    const r = result.calls[i]
    const at = `${call.pointer}/expect`
    if (r === undefined) {
      if (e !== undefined || call.then.some((t) => t.expect !== undefined)) out.push({ pointer: at, expected: 'evaluated', actual: 'not reached' })
      return
    }
    if (e !== undefined) {
      if (e.decision !== undefined) check(`${at}/decision`, e.decision, r.decision)
      if (e.succeeds !== undefined) check(`${at}/succeeds`, e.succeeds, r.succeeds)
      if (e.violations !== undefined) check(`${at}/violations`, [...new Set(e.violations)].sort(), [...new Set(r.violations.map((v) => v.code))].sort())
      if (e.actions !== undefined) {
        for (const action of Object.keys(e.actions)) check(`${at}/actions/${action}`, e.actions[action], r.actions.find((a) => a.action.toLowerCase() === action.toLowerCase())?.result.decision ?? 'not required')
      }
      const es = e.session
      if (es !== undefined) {
        const s = r.session
        if (s === undefined) out.push({ pointer: `${at}/session`, expected: 'a session', actual: 'no session (the call fails)' })
        else {
          if (es.arn !== undefined) check(`${at}/session/arn`, es.arn, s.arn)
          if (es.userId !== undefined) check(`${at}/session/userId`, es.userId, s.userId ?? null)
          if (es.tags !== undefined) check(`${at}/session/tags`, sortedEntries(es.tags), sortedEntries(Object.fromEntries(s.tags.map((t) => [t.key, t.value]))))
          if (es.transitiveTagKeys !== undefined) check(`${at}/session/transitiveTagKeys`, [...es.transitiveTagKeys].sort(), [...s.transitiveTagKeys].sort())
          if (es.sourceIdentity !== undefined) check(`${at}/session/sourceIdentity`, es.sourceIdentity, s.sourceIdentity ?? null)
          if (es.chained !== undefined) check(`${at}/session/chained`, es.chained, s.chained)
          if (es.expiration !== undefined) check(`${at}/session/expiration`, es.expiration, s.expiration ?? null)
          if (es.durationSeconds !== undefined) check(`${at}/session/durationSeconds`, es.durationSeconds, s.durationSeconds)
        }
      }
    }
    call.then.forEach((t, j) => {
      if (t.expect === undefined) return
      check(`${t.pointer}/expect/decision`, t.expect.decision, r.followUps[j]?.result.decision ?? 'not evaluated (the call fails)')
    })
  })
  return out
}

function sortedEntries(map: Readonly<Record<string, string>>): [string, string][] {
  return Object.keys(map)
    .sort()
    .map((k) => [k, map[k] as string])
}
