/**
 * Which checks an unresolved value keeps from being decided: the checks that read the element the value
 * sits in (a principal of some type, an action, a resource, a condition...), narrowed by what the rest of
 * the statement says (a condition value matters to the GitHub checks only when a provider could be
 * GitHub; a resource matters to `id-passrole-wildcard` only when the statement may allow iam:PassRole).
 * A check this table does not know reads every element, so it is always listed: never under-report.
 */
import { getMember, isJsonArray, isJsonObject, type JsonValue } from '../json/jsonValue.js'
import { TECHNIQUES } from '../escalation/techniques.js'
import { compileWildcard } from '../matching/wildcard.js'
import type { PolicyKind } from '../policy/types.js'
import { effectiveSeverity, type LintConfig } from './config.js'
import { UNKNOWN_TEXT } from './sources/built.js'
import { AST_RULES, RULES } from './registry.js'

type PrincipalType = 'AWS' | 'Service' | 'Federated'
/** `condition`: an operator or key; `value`: a condition value. */
type Element = 'principal' | 'action' | 'resource' | 'condition' | 'value' | 'sid' | 'version'

interface Reads {
  readonly elements: readonly Element[]
  /** The check fires only on statements with a principal of this type. */
  readonly principal?: PrincipalType
  /** The check reads resources only of statements that may allow one of these actions. */
  readonly actions?: readonly string[]
}

const r = (elements: readonly Element[], principal?: PrincipalType, action?: string): Reads => ({ elements, ...(principal !== undefined ? { principal } : {}), ...(action !== undefined ? { actions: [action] } : {}) })

/** An action name no policy grants except by `*` (or an unknown action): "every action". */
const EVERY_ACTION = 'iamtrace:every-action'

/** Escalation techniques read the statements that may allow one of the actions they need. */
const TECHNIQUE_READS: Readonly<Record<string, Reads>> = Object.fromEntries(
  TECHNIQUES.map((t) => [`id-privesc-${t.id}`, { elements: ['action', 'resource', 'condition', 'value'], actions: [...new Set(t.actions.filter((a) => a.optional !== true).map((a) => a.action))] } satisfies Reads]),
)
const PCA: readonly Element[] = ['principal', 'condition', 'value', 'action']

const READS: Readonly<Record<string, Reads>> = {
  'trust-any-aws-principal': r(PCA, 'AWS'),
  'trust-any-aws-principal-weak-condition': r(PCA, 'AWS'),
  'trust-public-assumable': r(PCA),
  'trust-unknown-external-account': r(['principal', 'action'], 'AWS'),
  'trust-external-root-no-binding': r(PCA, 'AWS'),
  'trust-cross-account-no-externalid': r(PCA, 'AWS'),
  'trust-externalid-weak': r(['condition', 'value'], 'AWS'),
  'trust-own-account-root': r(['principal'], 'AWS'),
  'trust-invalid-principal-format': r(['principal'], 'AWS'),
  'trust-principal-unique-id': r(['principal'], 'AWS'),
  'trust-principal-bare-star': r(['principal']),
  'trust-principal-partial-wildcard': r(['principal']),
  'trust-redundant-principal': r(['principal']),
  'trust-invalid-principal-key': r(['principal']),
  'trust-invalid-service-principal': r(['principal'], 'Service'),
  'trust-invalid-federated-principal': r(['principal'], 'Federated'),
  'trust-action-principal-mismatch': r(['principal', 'action']),
  'trust-service-no-source': r(PCA, 'Service'),
  'trust-service-weak-source': r(PCA, 'Service'),
  'trust-service-key-choice': r(['principal', 'condition'], 'Service'),
  'trust-roles-anywhere-actions': r(['principal', 'action'], 'Service'),
  'trust-oidc-no-condition': r(PCA, 'Federated'),
  'trust-github-no-sub': r(PCA, 'Federated'),
  'trust-github-sub-wildcard': r(PCA, 'Federated'),
  'trust-github-sub-org-wide': r(PCA, 'Federated'),
  'trust-github-sub-any-ref': r(PCA, 'Federated'),
  'trust-github-sub-claim-order': r(PCA, 'Federated'),
  'trust-github-prefer-ids': r(PCA, 'Federated'),
  'trust-tfc-sub-unscoped': r(PCA, 'Federated'),
  'trust-gitlab-sub-unscoped': r(PCA, 'Federated'),
  'trust-eks-irsa-sub-unscoped': r(PCA, 'Federated'),
  'trust-cognito-no-aud': r(PCA, 'Federated'),
  'trust-cognito-no-amr': r(PCA, 'Federated'),
  'trust-oidc-no-aud': r(PCA, 'Federated'),
  'trust-oidc-aud-qualifier': r(['principal', 'condition'], 'Federated'),
  'trust-oidc-typo-key': r(['principal', 'condition'], 'Federated'),
  'trust-saml-no-aud': r(PCA, 'Federated'),
  'trust-action-wildcard': r(['action']),
  'trust-allow-notaction': r(['action']),
  'trust-unsupported-action': r(['action']),
  'trust-missing-action-for-condition-key': r(['action', 'condition']),
  'trust-action-not-covered-by-key': r(['principal', 'action', 'condition']),
  'trust-version': r(['version']),
  'trust-sid': r(['sid']),
  'trust-empty-sid': r(['sid']),
  'trust-empty-elements': r(['principal', 'action', 'condition', 'value']),
  'trust-size-quota': r(['principal', 'action', 'resource', 'condition', 'value', 'sid', 'version']),
  // Presence of an element, not its value: an unknown value never changes them.
  'trust-missing-action': r([]),
  'trust-missing-principal': r([]),
  'trust-notprincipal': r([]),
  'trust-resource-element': r([]),
  'id-passrole-wildcard': r(['action', 'resource', 'condition', 'value'], undefined, 'iam:PassRole'),
  'id-assumerole-wildcard': r(['action', 'resource'], undefined, 'sts:AssumeRole'),
  'id-update-trust-wildcard': r(['action', 'resource'], undefined, 'iam:UpdateAssumeRolePolicy'),
  'id-admin-access': r(['action', 'resource', 'condition', 'value'], undefined, EVERY_ACTION),
  'trust-github-sub-impossible': r(PCA, 'Federated'),
  'cond-forallvalues-single-valued': r(['condition']),
  'cond-ifexists-binding-key': r(['condition']),
  'cond-negated-allow': r(['condition']),
  'cond-mfa-pattern': r(['condition', 'value']),
  'cond-wildcard-without-like': r(['condition', 'value']),
  'cond-type-mismatch': r(['condition', 'value']),
  'cond-unknown-key': r(['condition', 'action', 'principal']),
  'cond-deprecated-or-unpaired': r(['condition', 'value']),
  'cond-structure': r(['condition']),
}

const AST_KINDS = new Map(AST_RULES.map((rule) => [rule.id, rule.kinds]))

function appliesTo(id: string, kind: PolicyKind): boolean {
  const kinds = AST_KINDS.get(id)
  if (kinds !== undefined) return kinds.includes(kind)
  // Grammar rules fed by parser diagnostics: `trust-*` ones only in trust policies.
  if (id.startsWith('trust-') && id !== 'trust-sid') return kind === 'trust'
  return !id.startsWith('iac-') && !id.startsWith('role-')
}

/** The element of a policy pointer, and the statement index when inside one. */
function elementOf(pointer: string): { statement?: number; element?: Element; principalType?: string } {
  const parts = pointer.split('/').slice(1)
  if (parts[0] === 'Version') return { element: 'version' }
  if (parts[0] !== 'Statement') return {}
  const index = parts.length > 1 && /^\d+$/.test(parts[1] as string) ? Number(parts[1]) : undefined
  const name = index === undefined ? parts[1] : parts[2]
  const at = index === undefined ? {} : { statement: index }
  switch (name) {
    case 'Principal':
    case 'NotPrincipal': {
      const type = index === undefined ? parts[2] : parts[3]
      return { ...at, element: 'principal', ...(type !== undefined ? { principalType: type } : {}) }
    }
    case 'Action':
    case 'NotAction':
      return { ...at, element: 'action' }
    case 'Resource':
    case 'NotResource':
      return { ...at, element: 'resource' }
    case 'Condition': {
      // `/Condition/OP/KEY[/i]`: a value, unless the key itself is the unknown part.
      const rest = parts.slice(index === undefined ? 2 : 3)
      const keyUnknown = rest.length === 2 && (rest[1] as string).includes(UNKNOWN_TEXT)
      return { ...at, element: rest.length >= 2 && !keyUnknown ? 'value' : 'condition' }
    }
    case 'Sid':
      return { ...at, element: 'sid' }
    default:
      return at
  }
}

function statementAt(document: JsonValue, index: number | undefined): JsonValue | undefined {
  const statements = isJsonObject(document) ? getMember(document, 'Statement') : undefined
  if (index === undefined) return isJsonObject(statements) ? statements : undefined
  return isJsonArray(statements) ? statements[index] : undefined
}

/** Principal types a statement may have: those written, or all when the principal is unknown. */
function principalTypes(statement: JsonValue | undefined, unknown: (p: string) => boolean, base: string): Set<string> {
  const all = new Set(['AWS', 'Service', 'Federated'])
  if (!isJsonObject(statement)) return all
  const key = Object.hasOwn(statement, 'Principal') ? 'Principal' : Object.hasOwn(statement, 'NotPrincipal') ? 'NotPrincipal' : undefined
  if (key === undefined) return new Set()
  const p = statement[key]
  if (!isJsonObject(p) || unknown(`${base}/${key}`)) return all
  return new Set(Object.keys(p))
}

/** True when the statement's actions may include `action` (or are unknown). */
function mayAllow(statement: JsonValue | undefined, action: string, unknown: (p: string) => boolean, base: string): boolean {
  if (!isJsonObject(statement)) return true
  if (Object.hasOwn(statement, 'NotAction')) return true
  const raw = getMember(statement, 'Action')
  if (unknown(`${base}/Action`)) return true
  const list = isJsonArray(raw) ? raw : [raw]
  return list.some((a, i) => typeof a !== 'string' || unknown(`${base}/Action/${i}`) || compileWildcard(a, true).matches(action))
}

/**
 * The checks an unresolved value at `pointer` (policy-relative) keeps from being decided, for a policy of
 * `kind`, sorted. Rules switched off in the config are left out.
 */
export function checksPrevented(document: JsonValue, kind: PolicyKind, pointer: string, isUnknown: (pointer: string) => boolean, config?: LintConfig): string[] {
  const { statement, element, principalType } = elementOf(pointer)
  const s = statementAt(document, statement)
  const base = statement === undefined ? '/Statement' : `/Statement/${statement}`
  const types = element === 'principal' && principalType !== undefined ? new Set([principalType]) : principalTypes(s, isUnknown, base)
  const out: string[] = []
  for (const rule of RULES) {
    if (!appliesTo(rule.id, kind)) continue
    if (effectiveSeverity(config, rule.id, rule.severity) === 'off') continue
    const reads = READS[rule.id] ?? TECHNIQUE_READS[rule.id]
    if (reads !== undefined && element !== undefined) {
      // An unknown operator or key hides its values too.
      if (!reads.elements.includes(element) && !(element === 'condition' && reads.elements.includes('value'))) continue
      if (reads.principal !== undefined && !types.has(reads.principal)) continue
      if (reads.actions !== undefined && element === 'resource' && !reads.actions.some((a) => mayAllow(s, a, isUnknown, base))) continue
    } else if (reads === undefined && (rule.id.includes('.') || rule.id.startsWith('iac-') || rule.id.startsWith('role-') || rule.id.startsWith('snapshot-') || rule.id.startsWith('diff-'))) continue
    out.push(rule.id)
  }
  return out
}
