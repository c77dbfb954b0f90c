/**
 * No eval and no `new Function` in the core: the source never names them, and parsing, compiling and
 * evaluating every corpus policy runs with both replaced by functions that throw (CSP-safe in browsers).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import { compileScenario } from '../../src/scenario/compileScenario.js'
import { parseScenario } from '../../src/scenario/parseScenario.js'
import type { PolicyKind } from '../../src/policy/types.js'
import { policySeeds, REQUESTS, scenarioSeeds } from './seeds.js'

const GRAM = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'
const src = join(import.meta.dirname, '..', '..', 'src')

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : []))
}

describe('no code generation', () => {
  it(`no source file (generated validators included) calls eval or the Function constructor (${GRAM})`, () => {
    const offenders = walk(src).filter((file) => {
      const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')
      return /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/.test(code)
    })
    expect(offenders).toEqual([])
  })

  it(`parseScenario, parsePolicy, compile and evaluate never call eval or new Function, on every corpus file (${GRAM})`, () => {
    const original = { Function: globalThis.Function, eval: globalThis.eval }
    const calls: string[] = []
    const trap = (name: string) =>
      function trapped(): never {
        calls.push(name)
        throw new Error(`${name} called`)
      }
    const kinds: Record<string, PolicyKind> = { identity: 'identity', session: 'session', boundary: 'boundary', scp: 'scp', resource: 'trust', rcp: 'rcp' }
    const scenarios = scenarioSeeds()
    const seeds = policySeeds(scenarios)
    try {
      ;(globalThis as { Function: unknown }).Function = trap('Function')
      ;(globalThis as { eval: unknown }).eval = trap('eval')
      for (const { layer, doc } of seeds) {
        const r = parsePolicy(doc, { kind: kinds[layer] ?? 'identity' })
        const policy = r.ok ? r.value : r.recovered
        if (policy === undefined) continue
        const compiled = compilePolicySet({ identity: [policy], resource: policy })
        for (const request of REQUESTS) evaluateCompiled(request, compiled, { trace: true })
      }
      for (const s of scenarios) {
        const parsed = parseScenario(s.text)
        if (parsed.ok) compileScenario(parsed.value).evaluate(undefined, { trace: true })
      }
    } finally {
      ;(globalThis as { Function: unknown }).Function = original.Function
      ;(globalThis as { eval: unknown }).eval = original.eval
    }
    expect(calls).toEqual([])
    expect(seeds.length).toBeGreaterThan(100)
  })
})
