/**
 * Group G: condition constructs that look restrictive but are not, or never match.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
import { parseArn } from '../../arn/arn.js'
import { isMultivaluedKey } from '../../conditions/multivaluedKeys.js'
import type { ConditionNode, PolicyKind, Statement } from '../../policy/types.js'
import { DOCS } from '../docs.js'
import { allows, conditionsOn, providerHosts, q, rule } from '../facts.js'
import { AWS_CALLER_BINDING, DEPRECATED_KEYS, isKnownKey, keyType, SERVICE_SOURCE_BINDING } from '../keys.js'
import type { LintRule, RuleHit } from '../types.js'

const ALL: readonly PolicyKind[] = ['trust', 'resource', 'identity', 'boundary', 'session', 'scp', 'rcp']
const RESOURCE_LIKE: readonly PolicyKind[] = ['trust', 'resource']

/** Keys that identify the caller or its source: IfExists or negation on them loosens who is let in. */
function isBindingKey(keyLower: string): boolean {
  return AWS_CALLER_BINDING.has(keyLower) || SERVICE_SOURCE_BINDING.has(keyLower) || /\.[^:]*:(sub|aud)$/.test(keyLower) || keyLower === 'sts:externalid'
}

function hasNullGuard(s: Statement, keyLower: string): boolean {
  return conditionsOn(s, keyLower).some((c) => c.family === 'null' && c.values.every((v) => v.value.toLowerCase() === 'false'))
}

/** `*`/`?` outside the `${*}` / `${?}` escapes. */
function hasLiteralWildcard(text: string): boolean {
  return /[*?]/.test(text.replace(/\$\{[*?$]\}/g, ''))
}

function mismatch(c: ConditionNode): string | undefined {
  const type = keyType(c.keyLower)
  const f = c.family
  if (f === 'null' || f === 'unknown') return undefined
  if (f === 'bool' && type !== undefined && type !== 'bool') return `a ${type} key`
  if (type === undefined) return undefined
  const ok: Record<string, readonly string[]> = {
    string: ['string'],
    arn: ['arn'],
    bool: ['bool'],
    numeric: ['numeric'],
    date: ['date'],
    ip: ['ip'],
    dateOrNumeric: ['date', 'numeric'],
  }
  return (ok[type] ?? []).includes(f) ? undefined : `a ${type === 'dateOrNumeric' ? 'date or numeric' : type} key`
}

/** Rules of group G. */
export const CONDITION_RULES: readonly LintRule[] = [
  rule(
    {
      id: 'cond-forallvalues-single-valued', name: 'CondForAllValuesSingleValued', severity: 'high', kinds: ALL, tags: ['security', 'conditions'],
      summary: '`ForAllValues:` on a single-valued key in an Allow statement',
      description: 'ForAllValues is true when the key is absent, so the condition can be vacuous.',
      help: 'Use the operator without a set qualifier for single-valued keys.',
      helpUri: DOCS.SETOPS,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) =>
        s.conditions.filter((c) => c.qualifier === 'ForAllValues' && !isMultivaluedKey(c.keyLower)).map((c) => ({ pointer: c.pointer, message: `\`ForAllValues:\` on single-valued key ${q(c.key)}` })),
      ),
  ),
  rule(
    {
      id: 'cond-ifexists-binding-key', name: 'CondIfExistsBindingKey', severity: 'medium', kinds: RESOURCE_LIKE, tags: ['security', 'conditions'],
      summary: '`…IfExists` on a key that identifies the caller, without a `Null: false` guard',
      description: 'When the caller omits the key, an IfExists condition is true: the statement matches callers the condition was meant to exclude.',
      help: 'Drop IfExists, or add `"Null": {"<key>": "false"}`.',
      helpUri: DOCS.OPS,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) =>
        s.conditions
          .filter((c) => c.ifExists && isBindingKey(c.keyLower) && !hasNullGuard(s, c.keyLower))
          .map((c) => ({ pointer: c.pointer, message: `${q(c.operator)} on ${q(c.key)} is true when the key is absent` })),
      ),
  ),
  rule(
    {
      id: 'cond-negated-allow', name: 'CondNegatedAllow', severity: 'medium', kinds: RESOURCE_LIKE, tags: ['security', 'conditions'],
      summary: 'a negated operator is the only condition identifying the caller in an Allow',
      description: 'StringNotEquals / ArnNotLike admit everyone except the listed values.',
      help: 'Name who is allowed with a positive operator.',
      helpUri: DOCS.OPS,
    },
    (ctx) =>
      allows(ctx.policy).flatMap((s) => {
        const binding = s.conditions.filter((c) => isBindingKey(c.keyLower) && c.family !== 'null')
        if (binding.some((c) => !c.negated)) return []
        return binding.filter((c) => c.negated).map((c) => ({ pointer: c.pointer, message: `${q(c.operator)} on ${q(c.key)} admits every value except those listed` }))
      }),
  ),
  rule(
    {
      id: 'cond-mfa-pattern', name: 'CondMfaPattern', severity: 'medium', kinds: ALL, tags: ['security', 'conditions', 'mfa'],
      summary: 'an MFA condition that does not require MFA: long-term access keys or callers without MFA get through',
      description: '`aws:MultiFactorAuthPresent` is absent for long-term access keys and `false` for temporary credentials obtained without MFA: `BoolIfExists … true` in an Allow admits long-term keys, `Bool … false` in an Allow admits only callers without MFA, and `Bool … false` in a Deny misses long-term keys.',
      help: 'Allow with `Bool aws:MultiFactorAuthPresent true`; deny with `BoolIfExists aws:MultiFactorAuthPresent false`.',
      helpUri: DOCS.MFA,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) =>
        conditionsOn(s, 'aws:multifactorauthpresent')
          .filter((c) => c.family === 'bool' && c.qualifier === undefined)
          .flatMap((c) => {
            const values = c.values.map((v) => v.value.toLowerCase())
            const why =
              s.effect === 'Deny'
                ? !c.ifExists && values.includes('false') ? 'in a Deny is bypassed by long-term access keys' : undefined
                : values.includes('false')
                  ? 'in an Allow admits only callers without MFA: it is not an MFA requirement'
                  : c.ifExists && values.includes('true') ? 'in an Allow is bypassed by long-term access keys' : undefined
            return why === undefined ? [] : [{ pointer: c.pointer, message: `${q(c.operator)} \`aws:MultiFactorAuthPresent\` ${why}` }]
          }),
      ),
  ),
  rule(
    {
      id: 'cond-wildcard-without-like', name: 'CondWildcardWithoutLike', severity: 'medium', kinds: ALL, tags: ['correctness', 'conditions'],
      summary: '`*` or `?` in a value of an Equals operator (compared literally)',
      description: 'StringEquals and ArnEquals compare wildcards as literal characters: the condition never matches real values.',
      help: 'Use StringLike / ArnLike, or remove the wildcard.',
      helpUri: DOCS.OPS,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) =>
        s.conditions
          .filter((c) => /^(String(Not)?Equals(IgnoreCase)?|Arn(Not)?Equals)$/.test(c.baseOperator))
          .flatMap((c) => c.values.filter((v) => hasLiteralWildcard(v.value)).map((v) => ({ pointer: v.pointer, message: `${q(c.operator)} compares ${q(v.value)} literally; wildcards need a Like operator` }))),
      ),
  ),
  rule(
    {
      id: 'cond-type-mismatch', name: 'CondTypeMismatch', severity: 'low', kinds: ALL, tags: ['correctness', 'conditions'],
      summary: 'the operator family does not match the key\'s documented type',
      description: 'String operators on ARN keys, Bool on string keys, date or IP operators on other keys lose precision or never match.',
      help: 'Use the operator family of the key\'s type (Arn* for ARNs, Bool, Date*, IpAddress, Numeric*).',
      helpUri: DOCS.GKEYS,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) =>
        s.conditions.flatMap((c) => {
          const what = mismatch(c)
          return what === undefined ? [] : [{ pointer: c.pointer, message: `${q(c.operator)} on ${q(c.key)}, ${what}` }]
        }),
      ),
  ),
  rule(
    {
      id: 'cond-unknown-key', name: 'CondUnknownKey', severity: 'medium', kinds: ['trust'], tags: ['correctness', 'conditions'],
      summary: 'a condition key that is never present when a role is assumed',
      description: 'A key that is not a global key, an STS key or a claim of a trusted provider is always absent: positive conditions never match, negated or IfExists ones always do.',
      help: 'Check the key name against the AWS global and STS condition key lists.',
      helpUri: DOCS.STSKEYS,
    },
    (ctx) => {
      const hosts = providerHosts(ctx.policy)
      const hits: RuleHit[] = []
      for (const s of ctx.policy.statements) {
        for (const c of s.conditions) {
          // Keys with a dotted issuer prefix in a federated statement are reported by trust-oidc-typo-key.
          if (!isKnownKey(c.keyLower, hosts) && !(c.keyLower.split(':')[0] ?? '').includes('.')) hits.push({ pointer: c.pointer, message: `key ${q(c.key)} is not present in role-assumption requests` })
        }
      }
      return hits
    },
  ),
  rule(
    {
      id: 'cond-deprecated-or-unpaired', name: 'CondDeprecatedOrUnpaired', severity: 'low', kinds: ALL, tags: ['maintainability', 'conditions'],
      summary: 'a deprecated key, or `aws:SourceArn` without an account and without `aws:SourceAccount`',
      description: '`aws:ARN` is replaced by `aws:PrincipalArn`; an S3 ARN has no account field, so `aws:SourceArn` alone does not name the owning account.',
      help: 'Use the replacement key; pair `aws:SourceArn` on S3 with `aws:SourceAccount`.',
      helpUri: DOCS.CONFUSED,
    },
    (ctx) =>
      ctx.policy.statements.flatMap((s) => {
        const hits: RuleHit[] = []
        for (const c of s.conditions) {
          const replacement = DEPRECATED_KEYS.get(c.keyLower)
          if (replacement !== undefined) hits.push({ pointer: c.pointer, message: `key ${q(c.key)} is deprecated; use \`${replacement}\`` })
          if (c.keyLower === 'aws:sourcearn' && !c.negated && conditionsOn(s, 'aws:sourceaccount').length === 0) {
            if (c.values.length > 0 && c.values.every((v) => parseArn(v.value)?.account === '')) {
              hits.push({ pointer: c.pointer, message: '`aws:SourceArn` names no account and there is no `aws:SourceAccount` condition' })
            }
          }
        }
        return hits
      }),
  ),
]
