/**
 * Hostile CloudTrail input through readEvents → parseRecord → explain: never a throw, never a prototype
 * write; every record is explained or reported as a located error.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { explainEvents } from '../../src/cloudtrail/explainEvent.js'
import { loadDemo } from '../unit/graph/helpers.js'
import { propertyParams, propertyRuns } from '../helpers/arbitraries.js'
import { mutateText, mutateValue, prototypeSnapshot, prototypesClean, rng, safeStringify } from './hostile.js'

const ROOT = join(import.meta.dirname, '../../corpus/events')
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]))
const seeds = walk(ROOT)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.expect.json'))
  .map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown)
const snapshot = loadDemo()

function run(text: string): void {
  const { items } = explainEvents(text, 'fuzz.json', snapshot, { maxFixes: 2 })
  for (const i of items) {
    if (i.result.ok) {
      expect(['allowed', 'explicitDeny', 'implicitDeny']).toContain(i.result.value.decision)
      // A request with request-rule violations never succeeds.
      if (i.result.value.violations.length > 0) expect(i.result.value.succeeds).toBe(false)
    } else expect(i.result.errors[0].code).toMatch(/^(cloudtrail|json)\./)
  }
}

describe('hostile CloudTrail records', () => {
  it('mutated corpus records never throw and never write prototypes', () => {
    const before = prototypeSnapshot()
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.integer(), fc.nat({ max: 2 }), (index, seed, rounds) => {
        const r = rng(seed)
        let value = seeds[index]
        for (let i = 0; i <= rounds; i++) value = mutateValue(value, r)
        const text = safeStringify(value)
        if (text !== undefined) {
          run(text)
          run(mutateText(text, r))
        }
        expect(prototypesClean(before)).toBe(true)
      }),
      propertyParams(150),
    )
  }, Math.max(120_000, propertyRuns(150) * 400))

  it('empty, binary and deeply nested input are located errors', () => {
    for (const text of ['', '\u0000\u0001', 'null', '[]', '{}', `{"Records": ${'['.repeat(5000)}${']'.repeat(5000)}}`, '{"eventName": "AssumeRole"}']) {
      expect(() => run(text)).not.toThrow()
    }
  })
})
