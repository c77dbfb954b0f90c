/**
 * The model of one event: the request AWS saw as iamtrace reconstructs it, re-evaluable with changed
 * policies, context and parameters (for the fix search) and with chosen results for the conditions
 * that read unknown values (to find what the decision depends on).
 */
import type { ConditionOverride } from '../evaluate/evaluateStatement.js'
import type { FixAttempt, FixProblem, ModelOutcome } from '../fix/types.js'
import type { DiagnosticCode } from '../diagnostics.js'
import type { JsonValue } from '../json/jsonValue.js'
import type { ContextValue } from '../request/types.js'
import type { Unknown } from './types.js'

/**
 * The request as reconstructed, for output.
 *
 * @example
 * `${request.principal} → ${request.action} on ${request.resource}`
 */
export interface ReconstructedRequest {
  readonly principal: string
  readonly action: string
  readonly resource: string
  /** The STS API, for AssumeRole*, GetSessionToken and GetFederationToken events. */
  readonly api?: string
  /** Every context key the model sends (the STS model's, for STS calls). */
  readonly context: Readonly<Record<string, ContextValue>>
  /** The STS call's parameters as read from `requestParameters`. */
  readonly parameters?: Readonly<Record<string, JsonValue>>
}

/** A model outcome, with the context the model sent and its notes. */
export interface EventOutcome extends ModelOutcome {
  readonly context: Readonly<Record<string, ContextValue>>
  readonly notes: readonly string[]
}

/** Options of one model run. */
export interface RunOptions {
  readonly override?: ConditionOverride
  readonly trace?: boolean
}

/**
 * A reconstructed event, evaluable.
 *
 * @example
 * const outcome = model.run(EMPTY_ATTEMPT)
 * outcome.allowed
 */
export interface EventModel extends FixProblem {
  readonly request: ReconstructedRequest
  /** What the record cannot tell about policies and principals (not context keys). */
  readonly unknowns: readonly Unknown[]
  /** Why a context key's value is unknown, or undefined when the model knows it (present or absent). */
  unknownKey(keyLower: string): string | undefined
  /** The unknown keys and key families the record leaves, for listing. */
  readonly unknownKeys: UnknownKeys
  run(attempt: FixAttempt, options?: RunOptions): EventOutcome
}

/**
 * Unknown context keys: exact keys and key prefixes (with exceptions the record does show).
 *
 * @example
 * const keys = new UnknownKeys()
 * keys.prefix('token.actions.githubusercontent.com:', 'the token\'s other claims are not in the record', ['token.actions.githubusercontent.com:sub'])
 * keys.get('token.actions.githubusercontent.com:ref') // the message
 */
export class UnknownKeys {
  private readonly exact = new Map<string, { key: string; message: string; code: DiagnosticCode }>()
  private readonly prefixes: { prefix: string; shown: string; message: string; code: DiagnosticCode; except: Set<string> }[] = []

  /** Marks one key (any case) unknown; `redacted` when AWS never logs the value. */
  key(key: string, message: string, redacted = false): this {
    this.exact.set(key.toLowerCase(), { key, message, code: redacted ? 'cloudtrail.redacted' : 'cloudtrail.unknown-value' })
    return this
  }

  /** Marks every key with this prefix unknown, except the listed keys. */
  prefix(prefix: string, message: string, except: readonly string[] = [], redacted = false): this {
    this.prefixes.push({ prefix: prefix.toLowerCase(), shown: prefix, message, code: redacted ? 'cloudtrail.redacted' : 'cloudtrail.unknown-value', except: new Set(except.map((k) => k.toLowerCase())) })
    return this
  }

  /** Every unknown key or key family with its reason (a family is shown as `prefix*`). */
  entries(): { readonly key: string; readonly message: string; readonly code: DiagnosticCode; matches(keyLower: string): boolean }[] {
    return [
      ...[...this.exact].map(([lower, e]) => ({ key: e.key, message: e.message, code: e.code, matches: (k: string) => k === lower })),
      ...this.prefixes.map((p) => ({ key: `${p.shown}*`, message: p.message, code: p.code, matches: (k: string) => k.startsWith(p.prefix) && !p.except.has(k) })),
    ]
  }

  /** Why the key is unknown, or undefined. */
  get(keyLower: string): string | undefined {
    const m = this.exact.get(keyLower)?.message
    if (m !== undefined) return m
    return this.prefixes.find((p) => keyLower.startsWith(p.prefix) && !p.except.has(keyLower))?.message
  }
}
