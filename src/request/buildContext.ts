/**
 * The evaluation context of a request: the given keys (lowercased once) plus the keys AWS derives
 * from the caller and the resource when the request leaves them out. A value given in the request
 * wins. Derived keys are built only when a condition reads them. AWS never supplies keys such as
 * aws:MultiFactorAuthPresent or sts:ExternalId on its own, so neither does iamtrace.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
import { parseArn } from '../arn/arn.js'
import type { Caller } from './caller.js'
import type { ContextEntry, RequestContext } from './context.js'
import type { ContextValue } from './types.js'

/** One key of a built context, in the spelling the request (or AWS, for derived keys) uses. */
export interface BuiltEntry extends ContextEntry {
  readonly key: string
  /** True when iamtrace derived the key from the caller or the resource. */
  readonly derived: boolean
}

/** Keys AWS documents as multivalued. The conditions module holds the full list; this is enough to shape the context. */
export type MultivaluedKeyTest = (keyLower: string) => boolean

/** The keys iamtrace derives, in the order a trace lists them, with the spelling AWS documents. */
const DERIVED_KEYS: readonly string[] = [
  'aws:PrincipalArn',
  'aws:PrincipalAccount',
  'aws:PrincipalType',
  'aws:PrincipalIsAWSService',
  'aws:username',
  'aws:userid',
  'aws:PrincipalServiceName',
  'aws:PrincipalServiceNamesList',
  'aws:FederatedProvider',
  'aws:ResourceAccount',
]
const SPELLING: ReadonlyMap<string, string> = new Map(DERIVED_KEYS.map((k) => [k.toLowerCase(), k]))

/** The spelling AWS documents for a key iamtrace derives (given lowercased), or undefined for any other key. */
export function derivedKeySpelling(keyLower: string): string | undefined {
  return SPELLING.get(keyLower)
}

const NO_KEYS: readonly string[] = Object.freeze([])

/**
 * A request's context. Reading is lazy: the given keys are indexed on the first read, and a derived
 * key is built the first time a condition asks for it.
 *
 * @example
 * const context = buildContext({ 'aws:SourceIp': '203.0.113.10' }, caller, resource, undefined, isMultivaluedKey)
 * context.get('aws:sourceip')?.values // ['203.0.113.10']
 */
export class BuiltContext implements RequestContext {
  readonly #given: Readonly<Record<string, ContextValue>> | undefined
  readonly #caller: Caller
  readonly #resourceAccount: string | undefined
  readonly #multivalued: MultivaluedKeyTest
  /**
   * The given keys as written, and each lowercased (same order; the same array when every key is
   * lowercase already); read on first use. A key whose value is undefined counts as not given.
   */
  #keys: readonly string[] | undefined
  #lowers: readonly string[] | undefined
  /**
   * The keys read so far (lowercased) and each one's entry (given or derived), or null when the key is
   * absent. PERF: the first four in fields, compared in turn (a request reads few keys; fields cost no
   * allocation, where each array's first push allocates room for many); any further ones in a Map.
   */
  #k0: string | undefined = undefined
  #e0: BuiltEntry | null = null
  #k1: string | undefined = undefined
  #e1: BuiltEntry | null = null
  #k2: string | undefined = undefined
  #e2: BuiltEntry | null = null
  #k3: string | undefined = undefined
  #e3: BuiltEntry | null = null
  #readMore: Map<string, BuiltEntry | null> | undefined = undefined

  /**
   * `givenKeys`: `Object.keys(given)` when the caller has read them already (an array the context may
   * keep); `resourceAccount`: the request's, else the resource ARN's account (undefined when neither
   * names one).
   */
  constructor(given: Readonly<Record<string, ContextValue>> | undefined, givenKeys: readonly string[] | undefined, caller: Caller, resourceAccount: string | undefined, isMultivalued: MultivaluedKeyTest) {
    this.#given = given
    this.#keys = givenKeys
    this.#caller = caller
    this.#resourceAccount = resourceAccount
    this.#multivalued = isMultivalued
  }

  /** The entry for a lowercased key: the request's value, else the value AWS derives, else undefined. */
  get(keyLower: string): BuiltEntry | undefined {
    // PERF: an entry is built only for a key a condition reads (a request's other keys cost one
    // lowercasing each), and kept for the next read.
    if (this.#k0 === keyLower) return this.#e0 ?? undefined
    if (this.#k1 === keyLower) return this.#e1 ?? undefined
    if (this.#k2 === keyLower) return this.#e2 ?? undefined
    if (this.#k3 === keyLower) return this.#e3 ?? undefined
    const kept = this.#readMore?.get(keyLower)
    if (kept !== undefined) return kept ?? undefined
    const entry = this.#givenEntry(keyLower) ?? this.#derive(keyLower)
    if (this.#k0 === undefined) {
      this.#k0 = keyLower
      this.#e0 = entry
    } else if (this.#k1 === undefined) {
      this.#k1 = keyLower
      this.#e1 = entry
    } else if (this.#k2 === undefined) {
      this.#k2 = keyLower
      this.#e2 = entry
    } else if (this.#k3 === undefined) {
      this.#k3 = keyLower
      this.#e3 = entry
    } else (this.#readMore ??= new Map()).set(keyLower, entry)
    return entry ?? undefined
  }

  /** Whether aws:ResourceAccount has a value (given, or the resource's account). */
  get resourceAccountKnown(): boolean {
    return this.#resourceAccount !== undefined || this.isGiven('aws:resourceaccount')
  }

  /** Whether the request itself gave the key (in any case). */
  isGiven(keyLower: string): boolean {
    const lowers = this.#lowers ?? this.#lowerGiven()
    for (let i = 0; i < lowers.length; i++) if (lowers[i] === keyLower && this.#valueAt(i) !== undefined) return true
    return false
  }

  /** Every key with its values, given keys first, then derived ones (for traces). */
  entries(): ReadonlyMap<string, BuiltEntry> {
    const out = new Map<string, BuiltEntry>()
    const lowers = this.#lowers ?? this.#lowerGiven()
    for (let i = 0; i < lowers.length; i++) {
      const lower = lowers[i] as string
      if (this.#valueAt(i) !== undefined && !out.has(lower)) out.set(lower, this.get(lower) as BuiltEntry)
    }
    for (const key of DERIVED_KEYS) {
      // A given key wins: get() returns it, in its place among the given keys.
      const lower = key.toLowerCase()
      const entry = this.get(lower)
      if (entry !== undefined) out.set(lower, entry)
    }
    return out
  }

  #lowerGiven(): readonly string[] {
    const given = this.#given
    if (given === undefined) {
      this.#keys = NO_KEYS
      return (this.#lowers = NO_KEYS)
    }
    // PERF: a lowercased copy only when some key has capitals.
    const keys = this.#keys ?? Object.keys(given)
    let lowers: string[] | undefined
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      const lower = key.toLowerCase()
      if (lowers === undefined && lower !== key) lowers = keys.slice()
      if (lowers !== undefined) lowers[i] = lower
    }
    this.#keys = keys
    return (this.#lowers = lowers ?? keys)
  }

  /** The value of the i-th given key (undefined when the request sets the key to undefined). */
  #valueAt(i: number): ContextValue | undefined {
    return (this.#given as Readonly<Record<string, ContextValue | undefined>>)[(this.#keys as readonly string[])[i] as string]
  }

  /** The request's own entry for a lowercased key, or null when it does not give the key. */
  #givenEntry(lower: string): BuiltEntry | null {
    const lowers = this.#lowers ?? this.#lowerGiven()
    const keys = this.#keys as readonly string[]
    const given = this.#given as Readonly<Record<string, ContextValue | undefined>>
    let entry: BuiltEntry | null = null
    for (let i = 0; i < lowers.length; i++) {
      if (lowers[i] !== lower) continue
      const key = keys[i] as string
      const value = given[key]
      if (value === undefined) continue
      const values: readonly string[] = typeof value === 'string' ? [value] : value
      if (entry === null) {
        entry = { key, values, multi: typeof value !== 'string' || this.#multivalued(lower), derived: false }
        continue
      }
      // Key names are case-insensitive: two spellings of one key give it every value of both, so a
      // condition that expects one value cannot pick either silently.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
      const earlier: readonly string[] = entry.values
      entry = { key: entry.key, values: [...earlier, ...values.filter((v) => !earlier.includes(v))], multi: true, derived: false }
    }
    return entry
  }

  #derive(keyLower: string): BuiltEntry | null {
    const value = derivedValue(keyLower, this.#caller, this.#resourceAccount)
    if (value === undefined) return null
    const key = SPELLING.get(keyLower) as string
    // Multivalued: every name of the calling service; the caller's own name is certainly among them.
    return { key, values: [value], multi: keyLower === 'aws:principalservicenameslist', derived: true }
  }
}

/** Builds the context from the request's keys and the caller. */
export function buildContext(
  given: Readonly<Record<string, ContextValue>> | undefined,
  caller: Caller,
  resource: string,
  resourceAccount: string | undefined,
  isMultivalued: MultivaluedKeyTest,
): BuiltContext {
  return new BuiltContext(given, undefined, caller, resourceAccount ?? accountOf(resource), isMultivalued)
}

/** The account an ARN names, or undefined (S3 ARNs name none; `*` is not an ARN). */
function accountOf(resource: string): string | undefined {
  const arn = parseArn(resource)
  return arn !== undefined && arn.account !== '' ? arn.account : undefined
}

/**
 * The value AWS sets for a derived key, or undefined when it sets none for this caller.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
function derivedValue(keyLower: string, caller: Caller, resourceAccount: string | undefined): string | undefined {
  const signed = caller.signed
  switch (keyLower) {
    case 'aws:principalarn':
      // A role session's is its role's ARN. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
      return signed ? (caller.roleArn ?? caller.arn) : undefined
    case 'aws:principalaccount':
      return signed ? caller.account : undefined
    case 'aws:principaltype':
      return principalType(caller)
    case 'aws:principalisawsservice':
      return signed ? 'false' : caller.kind === 'service' ? 'true' : undefined
    case 'aws:username':
      // Only an IAM user has a user name (the caller model sets it for users alone).
      return caller.userName
    case 'aws:userid':
      if (caller.kind === 'anonymous') return 'anonymous'
      if (caller.kind === 'root') return caller.account
      // ACCOUNT:CALLER-SPECIFIED-NAME (a federated-user ARN always names both).
      return caller.kind === 'federatedUser' ? `${caller.account}:${caller.federatedName}` : undefined
    case 'aws:principalservicename':
    case 'aws:principalservicenameslist':
      // Only a service caller has a service name (the caller model sets it for services alone).
      return caller.service
    // The identity provider of a web-identity call (the STS call model sets the same).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-federatedprovider
    case 'aws:federatedprovider':
      return caller.kind === 'webIdentity' ? caller.provider : undefined
    case 'aws:resourceaccount':
      return resourceAccount
  }
  return undefined
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
    case 'anonymous':
      return 'Anonymous'
  }
  return undefined
}
