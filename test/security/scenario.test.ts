/**
 * Hostile scenario files through parseScenario → compileScenario → evaluate: never a throw, never a
 * prototype write, traced and untraced agree, and `allowed` never rests on an invalid part.
 * The scenario contract: a file that is not valid is an error, never a pass and never `allowed`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseScenario } from '../../src/scenario/parseScenario.js'
import { propertyParams, propertyRuns } from '../helpers/arbitraries.js'
import { mutateText, mutateValue, nest, PROTO_KEYS, protoObject, prototypeSnapshot, prototypesClean, rng, runScenario, safeStringify } from './hostile.js'
import { scenarioSeeds } from './seeds.js'

const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'
const seeds = scenarioSeeds()

describe('hostile scenario files', () => {
  it(`mutated corpus scenarios never throw, never write prototypes, never allow through a bad part (${EVAL})`, () => {
    const before = prototypeSnapshot()
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.integer(), fc.nat({ max: 2 }), (index, seed, rounds) => {
        const r = rng(seed)
        let value = (seeds[index] as (typeof seeds)[number]).value
        for (let i = 0; i <= rounds; i++) value = mutateValue(value, r)
        expect(runScenario(value).violation).toBeUndefined()
        const text = safeStringify(value)
        if (text !== undefined) expect(runScenario(mutateText(text, r)).violation).toBeUndefined()
        expect(prototypesClean(before)).toBe(true)
      }),
      propertyParams(300),
    )
  }, Math.max(60_000, propertyRuns(300) * 100))

  it(`every corpus scenario, unmutated, is valid input whose decision does not rest on a bad part (${EVAL})`, () => {
    for (const s of seeds) expect(runScenario(s.text).violation, s.file).toBeUndefined()
  })

  it(`10,000-level nesting, a BOM, control characters and truncated text are input errors (${EVAL})`, () => {
    const base = (seeds[0] as (typeof seeds)[number]).text
    const inputs = [`{"request": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, { request: nest(10_000, false) }, `\uFEFF${base}`, base.slice(0, base.length / 2), base.replace('"request"', '"re\u0000quest"'), '', '\u0000', 'null', '[]', '{}']
    for (const input of inputs) {
      const r = parseScenario(input)
      if (r.ok) expect(runScenario(input).violation).toBeUndefined()
      else expect(r.errors.length).toBeGreaterThan(0)
    }
  })

  it(`__proto__, constructor and prototype keys in the request, the context and policies never reach Object.prototype (${EVAL})`, () => {
    const before = prototypeSnapshot()
    const base = (seeds[0] as (typeof seeds)[number]).value as Record<string, unknown>
    for (const key of PROTO_KEYS) {
      const request = { ...(base['request'] as Record<string, unknown>), ...protoObject(key, { polluted: 1 }) }
      const context = protoObject(key, 'x')
      const variants: unknown[] = [
        { ...base, ...protoObject(key, { polluted: 1 }) },
        { ...base, request },
        { ...base, request: { ...(base['request'] as Record<string, unknown>), context } },
        { ...base, principalPolicies: protoObject(key, [{ Version: '2012-10-17', Statement: [] }]) },
      ]
      for (const v of variants) {
        for (const input of [v, JSON.stringify(v)]) expect(runScenario(input).violation).toBeUndefined()
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(prototypesClean(before)).toBe(true)
  })
})
