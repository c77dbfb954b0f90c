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

/** How many keys read are kept in arrays before a Map takes the rest. */
const READ_IN_ARRAYS = 8

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
  readonly #resource: string
  readonly #resourceAccount: string | undefined
  readonly #multivalued: MultivaluedKeyTest
  /** The given keys with a value, as written, and each lowercased (same order); read on first use. */
  #keys: string[] | undefined
  #lowers: string[] | undefined
  /**
   * The keys read so far (lowercased) and each one's entry (given or derived), or null when the key is
   * absent. PERF: the first few in two small arrays, searched in turn (a request reads few keys, and a
   * Map costs more to make than they cost to search); any further ones in a Map.
   */
  #readKeys: string[] | undefined
  #readEntries: (BuiltEntry | null)[] | undefined
  #readMore: Map<string, BuiltEntry | null> | undefined

  constructor(given: Readonly<Record<string, ContextValue>> | undefined, caller: Caller, resource: string, resourceAccount: string | undefined, isMultivalued: MultivaluedKeyTest) {
    this.#given = given
    this.#caller = caller
    this.#resource = resource
    this.#resourceAccount = resourceAccount
    this.#multivalued = isMultivalued
  }

  /** The entry for a lowercased key: the request's value, else the value AWS derives, else undefined. */
  get(keyLower: string): BuiltEntry | undefined {
    // PERF: an entry is built only for a key a condition reads (a request's other keys cost one
    // lowercasing each), and kept for the next read.
    // (Made on the first read: a context no condition reads costs no array.)
    const keys = (this.#readKeys ??= [])
    const entries = (this.#readEntries ??= [])
    for (let i = 0; i < keys.length; i++) if (keys[i] === keyLower) return entries[i] ?? undefined
    let entry = this.#readMore?.get(keyLower)
    if (entry === undefined) {
      entry = this.#givenEntry(keyLower) ?? this.#derive(keyLower)
      if (keys.length < READ_IN_ARRAYS) {
        keys.push(keyLower)
        entries.push(entry)
      } else (this.#readMore ??= new Map()).set(keyLower, entry)
    }
    return entry ?? undefined
  }

  /** Whether the request itself gave the key (in any case). */
  isGiven(keyLower: string): boolean {
    return (this.#lowers ?? this.#lowerGiven()).includes(keyLower)
  }

  /** Every key with its values, given keys first, then derived ones (for traces). */
  entries(): ReadonlyMap<string, BuiltEntry> {
    const out = new Map<string, BuiltEntry>()
    for (const lower of this.#lowers ?? this.#lowerGiven()) if (!out.has(lower)) out.set(lower, this.get(lower) as BuiltEntry)
    for (const key of DERIVED_KEYS) {
      // A given key wins: get() returns it, in its place among the given keys.
      const lower = key.toLowerCase()
      const entry = this.get(lower)
      if (entry !== undefined) out.set(lower, entry)
    }
    return out
  }

  #lowerGiven(): string[] {
    const given = this.#given
    const keys: string[] = []
    const lowers: string[] = []
    if (given !== undefined) {
      for (const key of Object.keys(given)) {
        if (given[key] === undefined) continue
        keys.push(key)
        lowers.push(key.toLowerCase())
      }
    }
    this.#keys = keys
    return (this.#lowers = lowers)
  }

  /** The request's own entry for a lowercased key, or null when it does not give the key. */
  #givenEntry(lower: string): BuiltEntry | null {
    const lowers = this.#lowers ?? this.#lowerGiven()
    const keys = this.#keys as string[]
    const given = this.#given as Readonly<Record<string, ContextValue>>
    let entry: BuiltEntry | null = null
    for (let i = 0; i < lowers.length; i++) {
      if (lowers[i] !== lower) continue
      const key = keys[i] as string
      const value = given[key] as ContextValue
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
    const value = derivedValue(keyLower, this.#caller, this.#resource, this.#resourceAccount)
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
  return new BuiltContext(given, caller, resource, resourceAccount, isMultivalued)
}

/**
 * The value AWS sets for a derived key, or undefined when it sets none for this caller.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
function derivedValue(keyLower: string, caller: Caller, resource: string, resourceAccount: string | undefined): string | undefined {
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
    case 'aws:resourceaccount': {
      if (resourceAccount !== undefined) return resourceAccount
      const arn = parseArn(resource)
      return arn !== undefined && arn.account !== '' ? arn.account : undefined
    }
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
