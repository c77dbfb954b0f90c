/**
 * The reference's candidate values for keys AWS sets without the request showing them: for a policy
 * text, a value of the key's form that the text matches and one that it does not, whenever such values
 * exist. Checked on examples and, for small patterns, against every value of the form up to a length.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (role path characters)
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ACCOUNT_ID, ROLE_SESSION_ID, USER_ID, roleArnWithPath, sessionId, valuesFor } from './candidates.js'
import type { ValueForm } from './candidates.js'
import { naiveGlob } from './naiveWildcard.js'

const ROLE = 'arn:aws:iam::111122223333:role'
const FORMS: Record<string, { forms: ValueForm[]; shape: RegExp }> = {
  user: { forms: [USER_ID], shape: /^AIDA[A-Z0-9]+$/ },
  session: { forms: [sessionId('s1')], shape: /^AROA[A-Z0-9]+:s1$/ },
  role: { forms: [ROLE_SESSION_ID], shape: /^AROA[A-Z0-9]+:[\w+=,.@-]+$/ },
  path: { forms: roleArnWithPath(ROLE, 'R'), shape: /^arn:aws:iam::111122223333:role\/([\u0021-\u007E]+\/)?R$/ },
  account: { forms: [ACCOUNT_ID], shape: /^\d{12}$/ },
}

const candidates = (form: string, text: string): string[] => {
  const f = FORMS[form] as (typeof FORMS)[string]
  const values = f.forms.flatMap((x) => valuesFor(text, x))
  for (const v of values) expect(v).toMatch(f.shape)
  return values
}
const someMatch = (form: string, pattern: string): boolean => candidates(form, pattern).some((v) => naiveGlob(pattern, v))
const someMiss = (form: string, pattern: string): boolean => candidates(form, pattern).some((v) => !naiveGlob(pattern, v))

describe('reference candidates: a value each pattern matches', () => {
  const matched: [string, string][] = [
    ['user', '*A'],
    ['user', '*5'],
    ['user', 'AIDA?'],
    ['user', 'A*A'],
    ['user', '*IDA*D'],
    ['session', '*X:s1'],
    ['session', 'AROA?*'],
    ['session', 'A*1'],
    ['role', '*:alice@example.com'],
    ['role', 'AROA*:?'],
    ['role', '*?:?'],
    ['path', '*/admins/*'],
    ['path', '*/!/*'],
    ['path', '*/~/*'],
    ['path', `${ROLE}/?/R`],
    ['path', `${ROLE}/a/b/R`],
    ['path', `${ROLE}/a:b/R`],
    ['path', '*:role/*'],
    ['account', '1111*'],
    ['account', '11112222333?'],
    ['account', '01*'],
    ['account', '*9'],
  ]
  for (const [form, pattern] of matched) it(`${form}: ${pattern}`, () => expect(someMatch(form, pattern)).toBe(true))

  const none: [string, string][] = [
    ['user', 'AIDA'],
    ['user', 'AIDA*a'],
    ['user', 'AROA*'],
    ['user', 'xAIDA*'],
    ['session', 'AROA*:s2'],
    ['session', 'AROA?'],
    ['role', 'AROA*:'],
    ['role', 'AROA*:a b'],
    ['role', 'AROA*:a:b'],
    ['path', '*/a b/*'],
    ['path', '*/\u00e9/*'],
    ['path', `${ROLE}/team/Other`],
    ['account', '111122223-33'],
    ['account', 'AB*'],
    ['account', '11112222333'],
    ['account', '1111222233334'],
  ]
  for (const [form, pattern] of none) it(`${form}: none matches ${pattern}`, () => expect(someMatch(form, pattern)).toBe(false))
})

describe('reference candidates: a value each pattern misses', () => {
  const missed: [string, string][] = [
    ['user', '*0'],
    ['user', 'AIDA?'],
    ['user', 'AIDA*A*'],
    ['role', 'AROA*:?'],
    ['role', '*:alice'],
    ['path', `${ROLE}/R`],
    ['account', '9*'],
  ]
  for (const [form, pattern] of missed) it(`${form}: ${pattern}`, () => expect(someMiss(form, pattern)).toBe(true))

  const all: [string, string][] = [
    ['user', 'AIDA*'],
    ['user', '*'],
    ['user', 'AIDA?*'],
    ['session', '*:s1'],
    ['role', 'AROA*:*'],
    ['role', '*?:?*'],
    ['path', `${ROLE}/*`],
    ['path', `${ROLE}*R`],
    ['account', '????????????'],
  ]
  for (const [form, pattern] of all) it(`${form}: every value matches ${pattern}`, () => expect(someMiss(form, pattern)).toBe(false))
})

/** Every string of `alphabet` with length in 1..max. */
function strings(alphabet: readonly string[], max: number): string[] {
  let level = ['']
  const out: string[] = []
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((s) => alphabet.map((c) => s + c))
    out.push(...level)
  }
  return out
}

/** Values of a form up to `max` characters in each run, over the pattern's own characters and one more. */
function smallValues(form: string, pattern: string, max: number): string[] {
  const mine = (accepts: RegExp, spare: string): string[] => [...new Set([...pattern].filter((c) => accepts.test(c) && c !== '*' && c !== '?')), spare]
  const ids = strings(mine(/^[A-Z0-9]$/, 'Q'), max)
  if (form === 'user') return ids.map((w) => `AIDA${w}`)
  if (form === 'session') return ids.map((w) => `AROA${w}:s1`)
  if (form === 'role') return ids.flatMap((w) => strings(mine(/^[\w+=,.@-]$/, 'q'), max).map((s) => `AROA${w}:${s}`))
  return [`${ROLE}/R`, ...strings(mine(/^[\u0021-\u007E]$/, 'q'), max).map((w) => `${ROLE}/${w}/R`)]
}

describe('reference candidates against every small value of the form', () => {
  const cases: [string, string[], string[]][] = [
    ['user', ['A', 'I', 'D', 'X', 'a', '*', '?'], ['', 'AIDA', 'A']],
    ['session', ['A', 'R', 'X', ':', 's', '1', '*', '?'], ['', 'AROA', '*']],
    ['role', ['A', 'O', 'a', ':', '*', '?'], ['', 'AROA']],
    ['path', ['a', '/', 'R', ':', '*', '?'], ['', `${ROLE}/`, 'arn:aws:iam::*:role/', '*']],
  ]
  for (const [form, chars, starts] of cases) {
    it(`${form}: a candidate matches (misses) when some small value does`, () => {
      const pattern = fc.tuple(fc.constantFrom(...starts), fc.array(fc.constantFrom(...chars), { maxLength: form === 'role' ? 5 : 6 })).map(([s, cs]) => s + cs.join(''))
      fc.assert(
        fc.property(pattern, (p) => {
          const values = smallValues(form, p, form === 'role' || form === 'path' ? 3 : 4)
          // A small value the pattern matches (misses) means a candidate must match (miss) it too.
          if (values.some((v) => naiveGlob(p, v))) expect(someMatch(form, p), p).toBe(true)
          if (values.some((v) => !naiveGlob(p, v))) expect(someMiss(form, p), p).toBe(true)
        }),
        { numRuns: 300, seed: 7 },
      )
    })
  }
})
