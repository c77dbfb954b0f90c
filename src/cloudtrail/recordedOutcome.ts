/**
 * What AWS answered, read from a record's `errorCode` and `errorMessage`: allowed or denied, whether the
 * denial was a policy decision or a request rule, and — when AWS's message names it — the policy type
 * that denied ("because no identity-based policy allows …", "with an explicit deny in a service
 * control policy").
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */

/** The policy types AWS names in access-denied messages. */
export type RecordedPolicyType = 'scp' | 'rcp' | 'identity' | 'boundary' | 'session' | 'resource-policy' | 'trust-policy' | 'vpc-endpoint'

/**
 * The recorded outcome of an event.
 *
 * @example
 * readRecordedOutcome('AccessDenied', 'User: arn:… is not authorized to perform: sts:AssumeRole with an explicit deny in a service control policy')
 * // { outcome: 'denied', reason: 'authorization', policyType: 'scp', explicit: true, … }
 */
export interface RecordedOutcome {
  readonly outcome: 'allowed' | 'denied'
  /** `authorization`: a policy decision; `request-rule`: STS rejected the parameters; `other`: anything else (an expired token, throttling, …). */
  readonly reason: 'success' | 'authorization' | 'request-rule' | 'other'
  readonly errorCode?: string
  readonly errorMessage?: string
  /** The policy type the message names, when it names one. */
  readonly policyType?: RecordedPolicyType
  /** True for "with an explicit deny in …" (AWS says so for every SCP denial, explicit or not). */
  readonly explicit?: boolean
}

const AUTHORIZATION = new Set(['accessdenied', 'accessdeniedexception', 'unauthorizedoperation', 'client.unauthorizedoperation', 'unauthorizedaccess', 'forbidden', 'authorizationerror', 'authorizationerrorexception'])
const REQUEST_RULE = new Set(['validationerror', 'validationexception', 'invalidparametervalue', 'invalidparametercombination', 'invalidparameter', 'malformedpolicydocument', 'malformedpolicydocumentexception', 'packedpolicytoolarge', 'packedpolicytoolargeexception'])

// Longest phrases first, so that "role trust policy" wins over "trust policy".
const TYPES: readonly (readonly [string, RecordedPolicyType])[] = [
  ['service control policy', 'scp'],
  ['resource control policy', 'rcp'],
  ['identity-based policy', 'identity'],
  ['permissions boundary', 'boundary'],
  ['sessions policy', 'session'],
  ['session policy', 'session'],
  ['resource-based policy', 'resource-policy'],
  ['role trust policy', 'trust-policy'],
  ['trust policy', 'trust-policy'],
  ['vpc endpoint policy', 'vpc-endpoint'],
]

function typeAt(text: string): RecordedPolicyType | undefined {
  const rest = text.replace(/^(an|a|the) /, '')
  return TYPES.find(([phrase]) => rest.startsWith(phrase))?.[1]
}

/**
 * Reads the recorded outcome; a record without `errorCode` succeeded.
 *
 * @example
 * readRecordedOutcome(undefined, undefined).outcome // 'allowed'
 */
export function readRecordedOutcome(errorCode: string | undefined, errorMessage: string | undefined): RecordedOutcome {
  if (errorCode === undefined || errorCode === '') return { outcome: 'allowed', reason: 'success' }
  const code = errorCode.toLowerCase()
  const reason = AUTHORIZATION.has(code) ? 'authorization' : REQUEST_RULE.has(code) ? 'request-rule' : 'other'
  const base: RecordedOutcome = { outcome: 'denied', reason, errorCode, ...(errorMessage !== undefined ? { errorMessage } : {}) }
  if (errorMessage === undefined || reason !== 'authorization') return base
  const lower = errorMessage.toLowerCase()
  const explicitAt = lower.indexOf('with an explicit deny in ')
  if (explicitAt >= 0) {
    const t = typeAt(lower.slice(explicitAt + 'with an explicit deny in '.length))
    return t !== undefined ? { ...base, policyType: t, explicit: true } : { ...base, explicit: true }
  }
  const implicitAt = lower.indexOf('because no ')
  if (implicitAt >= 0) {
    const t = typeAt(lower.slice(implicitAt + 'because no '.length))
    if (t !== undefined) return { ...base, policyType: t, explicit: false }
  }
  return base
}
