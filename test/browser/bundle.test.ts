/**
 * The core runs in a plain JavaScript context: src/index.ts bundled by esbuild for the browser (ESM,
 * minified) evaluates a scenario inside a `node:vm` context that has no Node globals (no process,
 * require, Buffer, module). The evaluation core also stays within its size budget (minified+gzipped).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import vm from 'node:vm'
import { transform } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { BROWSER_BUDGET, browserBundle, CORE_EXPORTS } from '../../scripts/size.js'

const ROOT = join(import.meta.dirname, '..', '..')
const scenarioText = readFileSync(join(ROOT, 'bench/scenarios/cross-account-complex.json'), 'utf8')

/**
 * Runs an ESM bundle in a fresh context and returns its exports. vm's ES-module API needs a Node flag,
 * so the bundle's `export {…}` statement is turned into a global by esbuild (nothing else changes).
 */
async function loadInPlainContext(code: string): Promise<{ context: vm.Context; exports: Record<string, unknown> }> {
  expect(code).not.toMatch(/\bimport\s*[{*\w]|\bimport\s*\(|\brequire\s*\(/)
  const script = (await transform(code, { format: 'iife', globalName: '__iamtrace', minify: true })).code
  const context = vm.createContext({})
  vm.runInContext(script, context, { filename: 'iamtrace.browser.js' })
  return { context, exports: vm.runInContext('__iamtrace', context) as Record<string, unknown> }
}

describe('browser bundle', () => {
  it('the whole public API bundles for the browser without Node built-ins and runs in a context without Node globals', async () => {
    const bundle = await browserBundle()
    const { context, exports } = await loadInPlainContext(bundle.code)
    expect(vm.runInContext('[typeof process, typeof require, typeof Buffer, typeof module, typeof global].join()', context)).toBe('undefined,undefined,undefined,undefined,undefined')
    context['api'] = exports
    context['text'] = scenarioText
    const outcome = vm.runInContext(
      `(() => {
        const parsed = api.parseScenario(text, { file: 'cross-account-complex.json' })
        if (!parsed.ok) return { error: parsed.errors[0].code }
        const compiled = api.compileScenario(parsed.value)
        const r = compiled.evaluate(undefined, { trace: true })
        const denied = compiled.evaluate({ ...parsed.value.request, context: { ...parsed.value.request.context, 'aws:MultiFactorAuthPresent': 'false' } })
        return { decision: r.decision, version: r.trace.version, text: api.renderText(r, 'decisive'), denied: denied.decision }
      })()`,
      context,
    ) as { decision: string; version: number; text: string; denied: string }
    expect(outcome.decision).toBe('allowed')
    expect(outcome.version).toBe(1)
    expect(outcome.text).toContain('allowed')
    expect(outcome.denied).toBe('explicitDeny')
  })

  it(`the evaluation core (${CORE_EXPORTS.join(', ')}) is at most ${BROWSER_BUDGET / 1024} KB minified and gzipped`, async () => {
    const core = await browserBundle(CORE_EXPORTS)
    expect(core.gzipBytes).toBeLessThanOrEqual(BROWSER_BUDGET)
    const { exports } = await loadInPlainContext(core.code)
    expect(Object.keys(exports).sort()).toEqual([...CORE_EXPORTS].sort())
  })
})
