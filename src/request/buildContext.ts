/**
 * Builds the evaluation context of a request: the given keys (lowercased once) plus the keys AWS
 * derives from the caller when the request leaves them out. A value given in the request wins.
 * AWS never supplies keys such as aws:MultiFactorAuthPresent or sts:ExternalId on its own, so
 * neither does iamtrace. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { parseArn } from '../arn/arn.js'
import type { Caller } from './caller.js'
import { sessionRoleArn } from './caller.js'
import type { ContextEntry, RequestContext } from './context.js'
import type { ContextValue } from './types.js'

/** A context built for one request, with the derived keys marked. */
export interface BuiltContext extends RequestContext {
  /** Every key with its values and whether iamtrace derived it, in original spelling. */
  readonly entries: ReadonlyMap<string, ContextEntry & { readonly key: string; readonly derived: boolean }>
}

/** Keys AWS documents as multivalued. The conditions module holds the full list; this is enough to shape the context. */
export type MultivaluedKeyTest = (keyLower: string) => boolean

/** Builds the context from the request's keys and the caller. */
export function buildContext(
  given: Readonly<Record<string, ContextValue>> | undefined,
  caller: Caller,
  resource: string,
  resourceAccount: string | undefined,
  isMultivalued: MultivaluedKeyTest,
): BuiltContext {
  const entries = new Map<string, ContextEntry & { key: string; derived: boolean }>()
  if (given !== undefined) {
    for (const key of Object.keys(given)) {
      const value = given[key]
      if (value === undefined) continue
      const lower = key.toLowerCase()
      const values = typeof value === 'string' ? [value] : [...value]
      const earlier = entries.get(lower)
      if (earlier !== undefined) {
        // Key names are case-insensitive: two spellings of one key give it every value of both, so a
        // condition that expects one value cannot pick either silently.
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
        entries.set(lower, { key: earlier.key, values: [...earlier.values, ...values.filter((v) => !earlier.values.includes(v))], multi: true, derived: false })
        continue
      }
      entries.set(lower, { key, values, multi: typeof value !== 'string' || isMultivalued(lower), derived: false })
    }
  }
  const derive = (key: string, value: string | undefined): void => {
    const lower = key.toLowerCase()
    if (value === undefined || entries.has(lower)) return
    entries.set(lower, { key, values: [value], multi: false, derived: true })
  }
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
  if (caller.signed) {
    derive('aws:PrincipalArn', caller.kind === 'roleSession' || caller.kind === 'role' ? sessionRoleArn(caller) : caller.arn)
    derive('aws:PrincipalAccount', caller.account)
    derive('aws:PrincipalType', principalType(caller))
    derive('aws:PrincipalIsAWSService', 'false')
    if (caller.kind === 'user') derive('aws:username', caller.userName)
    if (caller.kind === 'root') derive('aws:userid', caller.account)
    if (caller.kind === 'federatedUser' && caller.account !== undefined) derive('aws:userid', `${caller.account}:${caller.federatedName ?? ''}`)
  }
  if (caller.kind === 'service') {
    derive('aws:PrincipalIsAWSService', 'true')
    derive('aws:PrincipalServiceName', caller.service)
    // Multivalued: every name of the calling service; the caller's own name is certainly among them.
    if (caller.service !== undefined && !entries.has('aws:principalservicenameslist')) {
      entries.set('aws:principalservicenameslist', { key: 'aws:PrincipalServiceNamesList', values: [caller.service], multi: true, derived: true })
    }
  }
  // The identity provider of a web-identity call (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-federatedprovider; the STS call model sets the same).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-federatedprovider
  if (caller.kind === 'webIdentity') derive('aws:FederatedProvider', caller.provider)
  if (caller.kind === 'anonymous') {
    derive('aws:PrincipalType', 'Anonymous')
    derive('aws:userid', 'anonymous')
  }
  const arn = parseArn(resource)
  const account = resourceAccount ?? (arn !== undefined && arn.account !== '' ? arn.account : undefined)
  derive('aws:ResourceAccount', account)
  return {
    entries,
    get: (keyLower) => entries.get(keyLower),
  }
}

/** aws:PrincipalType per https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable */
function principalType(caller: Caller): string | undefined {
  switch (caller.kind) {
    case 'root':
      return 'Account'
    case 'user':
      return 'User'
    case 'role':
    case 'roleSession':
      return 'AssumedRole'
    case 'federatedUser':
      return 'FederatedUser'
    default:
      return undefined
  }
}
