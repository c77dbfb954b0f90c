/**
 * Lints one policy document: the parser's diagnostics plus every rule of the registry that applies to the
 * policy kind, with config severities and disabled rules applied. Never throws.
 */
import { exceptionDiagnostic } from '../diagnostics.js'
import type { Diagnostic, SourcePosition } from '../diagnostics.js'
import { readPolicyInput } from '../json/decodePolicyDocument.js'
import { getMember, isJsonArray, isJsonObject, type JsonDocument, type JsonValue } from '../json/jsonValue.js'
import { parsePolicy } from '../policy/parsePolicy.js'
import type { PolicyKind } from '../policy/types.js'
import { effectiveSeverity, ruleOptions, type LintConfig } from './config.js'
import { AST_RULES, ruleById, ruleIdForDiagnostic, UNRESOLVED_RULE } from './registry.js'
import { levelOf } from './severity.js'
import type { LintLevel, LintSeverity, RuleContext } from './types.js'

/** A finding inside one policy document. */
export interface PolicyFinding {
  readonly ruleId: string
  readonly severity: LintSeverity
  readonly level: LintLevel
  readonly message: string
  /** JSON pointer into the policy document. */
  readonly pointer: string
  /** Where the element is in the policy text, when the policy was given as text. */
  readonly position?: SourcePosition
}

/** Options for {@link lintPolicy}. */
export interface LintPolicyOptions {
  /** The policy kind; detected from the document when absent (Principal + sts:Assume* → trust). */
  readonly kind?: PolicyKind
  readonly name?: string
  readonly config?: LintConfig
  /** The account owning the role or policy, when known. */
  readonly ownAccount?: string
  /** Pointers (policy-relative) whose values are unknown: findings never depend on them. */
  readonly unknownPointers?: ReadonlySet<string>
  /**
   * Receives each check that could not decide because of an unknown value; without it, each is reported
   * as an `iac-unresolved-value` finding.
   */
  readonly onUndecided?: (ruleId: string, pointer: string) => void
}

/**
 * Lints a policy given as an object, JSON text or URL-encoded JSON text.
 *
 * @example
 * const findings = lintPolicy('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}', { kind: 'trust' })
 * findings.map((f) => f.ruleId) // ['trust-any-aws-principal']
 */
export function lintPolicy(input: unknown, options: LintPolicyOptions = {}): PolicyFinding[] {
  const read = readPolicyInput(input)
  const document = read.document
  const kind = options.kind ?? (document === undefined ? 'identity' : detectKind(document.value))
  const found = lintDocument(input, kind, options)
  return found.map((f) => {
    const position = document === undefined ? undefined : positionNear(document, f.pointer)
    return position === undefined ? f : { ...f, position }
  })
}

/**
 * The kind a document looks like: Principal with an assume action → trust; Principal → resource; else identity.
 *
 * @example
 * detectKind({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }) // 'trust'
 */
export function detectKind(value: JsonValue): PolicyKind {
  if (!isJsonObject(value)) return 'identity'
  const raw = getMember(value, 'Statement')
  const statements = isJsonArray(raw) ? raw : raw === undefined ? [] : [raw]
  let principal = false
  for (const s of statements) {
    if (!isJsonObject(s)) continue
    if (!Object.hasOwn(s, 'Principal') && !Object.hasOwn(s, 'NotPrincipal')) continue
    principal = true
    const action = getMember(s, 'Action') ?? getMember(s, 'NotAction')
    const actions = isJsonArray(action) ? action : [action]
    if (actions.some((a) => typeof a === 'string' && /^(sts:(assumerole|\*|assume\*)|\*)/i.test(a))) return 'trust'
  }
  return principal ? 'resource' : 'identity'
}

/** Position of the node at `pointer`, or of its nearest ancestor that has one. */
export function positionNear(document: JsonDocument, pointer: string): SourcePosition | undefined {
  let p = pointer
  for (;;) {
    const found = document.positionOf(p)
    if (found !== undefined || p === '') return found
    p = p.slice(0, p.lastIndexOf('/'))
  }
}

function underUnknown(unknown: ReadonlySet<string> | undefined, pointer: string): boolean {
  if (unknown === undefined || unknown.size === 0) return false
  for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
    if (unknown.has(p)) return true
    if (p === '') return false
  }
}

/** Lints a document whose kind is known; findings have policy-relative pointers and no positions. */
export function lintDocument(input: unknown, kind: PolicyKind, options: LintPolicyOptions): PolicyFinding[] {
  const config = options.config
  const unknown = options.unknownPointers
  const out: PolicyFinding[] = []
  const seen = new Set<string>()
  const push = (ruleId: string, pointer: string, message: string, fallback: LintSeverity): void => {
    const severity = effectiveSeverity(config, ruleId, fallback)
    if (severity === 'off') return
    const key = `${ruleId}\u0000${pointer}\u0000${message}`
    if (seen.has(key)) return
    seen.add(key)
    out.push({ ruleId, severity, level: levelOf(severity), message, pointer })
  }
  const parsed = parsePolicy(input, { kind, ...(options.name !== undefined ? { name: options.name } : {}) })
  for (const d of parsed.diagnostics) {
    if (underUnknown(unknown, d.pointer)) continue
    const ruleId = ruleIdForDiagnostic(d, kind)
    push(ruleId, d.pointer, d.message, ruleById(ruleId)?.severity ?? (d.severity === 'error' ? 'error' : 'low'))
  }
  const policy = parsed.ok ? parsed.value : parsed.recovered
  if (policy === undefined) return out
  // The length of a document with unknown values is unknown (their notes name trust-size-quota).
  const compact = unknown !== undefined && unknown.size > 0 ? undefined : compactLength(input)
  if (typeof compact !== 'number' && compact !== undefined) {
    const ruleId = ruleIdForDiagnostic(compact, kind)
    push(ruleId, compact.pointer, compact.message, ruleById(ruleId)?.severity ?? 'error')
  }
  const undecided: { ruleId: string; pointer: string }[] = []
  const ctx: RuleContext = {
    policy,
    kind,
    options: ruleOptions(config),
    ...(options.ownAccount !== undefined ? { ownAccount: options.ownAccount } : {}),
    ...(typeof compact === 'number' ? { compactLength: compact } : {}),
    isUnknown: (pointer) => underUnknown(unknown, pointer),
    undecided: (ruleId, pointer) => void undecided.push({ ruleId, pointer }),
  }
  for (const rule of AST_RULES) {
    if (!rule.kinds.includes(kind)) continue
    if (effectiveSeverity(config, rule.id, rule.severity) === 'off') continue
    for (const hit of rule.check(ctx)) {
      if (underUnknown(unknown, hit.pointer)) continue
      push(rule.id, hit.pointer, hit.message, rule.severity)
    }
  }
  for (const u of undecided) {
    if (options.onUndecided !== undefined) {
      options.onUndecided(u.ruleId, u.pointer)
      continue
    }
    push(UNRESOLVED_RULE.id, u.pointer, `the value at \`${u.pointer}\` is unresolved; \`${u.ruleId}\` could not be decided`, UNRESOLVED_RULE.severity)
  }
  return out
}

/**
 * Length of the document without whitespace outside strings, as IAM measures it; undefined when the
 * document cannot be read (the parser reports why), a diagnostic when measuring it fails.
 */
function compactLength(input: unknown): number | Diagnostic | undefined {
  const read = readPolicyInput(input)
  if (read.document === undefined) return undefined
  try {
    return JSON.stringify(read.document.value).length
  } catch (caught) {
    return exceptionDiagnostic(caught, '', 'measuring the policy size')
  }
}
