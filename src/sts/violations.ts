/**
 * Request-rule violations: what AWS rejects before reading any policy, each with a stable `sts.*`
 * code, the parameter at fault, the limit in words and the AWS page stating the rule.
 */
import { diagnostic } from '../diagnostics.js'
import type { Diagnostic, DiagnosticCode } from '../diagnostics.js'

/** A request-rule violation: AWS would reject the call. */
export interface RequestViolation extends Diagnostic {
  /** The AWS parameter (or caller/role property) at fault. */
  readonly parameter: string
  /** The limit that was broken, in words. */
  readonly limit: string
  /** The AWS documentation page stating the rule. */
  readonly source: string
}

/** Collects the violations of one call. */
export class Violations {
  readonly list: RequestViolation[] = []

  /** Records one violation. */
  add(code: DiagnosticCode, pointer: string, parameter: string, limit: string, message: string, source: string): void {
    this.list.push({ ...diagnostic(code, pointer, `${parameter}: ${message} (limit: ${limit})`, { help: source }), parameter, limit, source })
  }

  /** Length `min..max` and a character set. */
  text(code: DiagnosticCode, pointer: string, parameter: string, value: string, min: number, max: number, chars: RegExp, charsText: string, source: string): void {
    if (!this.length(code, pointer, parameter, value, min, max, source)) return
    if (!chars.test(value)) this.add(code, pointer, parameter, charsText, `\`${value}\` has a character outside ${charsText}`, source)
  }

  /** Length `min..max`; false when it is broken (and recorded). */
  length(code: DiagnosticCode, pointer: string, parameter: string, value: string, min: number, max: number, source: string): boolean {
    if (value.length >= min && value.length <= max) return true
    this.add(code, pointer, parameter, `${min}-${max} characters`, `has ${value.length} characters`, source)
    return false
  }
}
