/**
 * A library boundary that catches an exception reports only resource exhaustion as such; anything else
 * is a fault of iamtrace, reported as `internal.error` with a request to report it, never disguised as
 * an input problem.
 */
import { describe, expect, it } from 'vitest'
import { exceptionDiagnostic } from '../../../src/diagnostics.js'
import { parsePolicy } from '../../../src/index.js'

describe('caught exceptions', () => {
  it('reports resource exhaustion as json.too-large and anything else as internal.error', () => {
    expect(exceptionDiagnostic(new RangeError('Maximum call stack size exceeded'), '', 'reading').code).toBe('json.too-large')
    const fault = exceptionDiagnostic(new TypeError('x is undefined'), '/a', 'reading the policy')
    expect(fault.code).toBe('internal.error')
    expect(fault.pointer).toBe('/a')
    expect(fault.help).toMatch(/report/)
    expect(exceptionDiagnostic('thrown string', '', 'x').code).toBe('internal.error')
  })

  it('parsePolicy turns a throwing getter into a diagnostic, not an exception', () => {
    const hostile = { get Statement(): never { throw new TypeError('boom') } }
    const r = parsePolicy(hostile, { kind: 'identity' })
    expect(r.ok).toBe(false)
    expect(r.diagnostics.map((d) => d.code).some((c) => c === 'json.unsupported-value' || c === 'internal.error')).toBe(true)
  })
})
