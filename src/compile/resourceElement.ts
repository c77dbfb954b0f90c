/**
 * Resource / NotResource elements: patterns compiled once; patterns with policy variables are
 * resolved per request (variables are allowed only in the resource part of the ARN).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import { parseArn } from '../arn/arn.js'
import { holdsInvalidCharacter } from '../policy/checkCharacters.js'
import { variableBeforeResourcePart } from '../policy/policyVariables.js'
import { sharedTable } from '../matching/sharedCompilation.js'
import { compileTemplate, piecesToWildcardParts, resolveTemplatePieces, staticWildcardParts, templateValuesKey, valueHolds } from '../conditions/variables.js'
import type { Template } from '../conditions/variables.js'
import type { ResourceElement } from '../policy/types.js'
import type { RequestContext } from '../request/context.js'
import type { Tri } from '../trace/types.js'
import { compileArnPatternParts } from './matchResource.js'
import type { ArnPattern } from './matchResource.js'

/** A compiled Resource / NotResource element. */
export interface ResourceMatcher {
  readonly negated: boolean
  readonly pointer: string
  readonly sources: readonly string[]
  /**
   * Whether the element covers the resource (NotResource already inverted). `resourceLower` is the
   * resource lowercased once per request; computed here when not given.
   */
  match(resource: string, context: RequestContext, resourceLower?: string): ResourceMatch
  /**
   * Whether `match` may read the context (an element with policy variables). When false the answer
   * depends on the resource alone, so a caller need not build the request's context for it.
   */
  readonly readsContext: boolean
}

/** The result of matching a resource element. */
interface ResourceMatch {
  readonly result: Tri
  readonly note?: string
}

type PatternMatcher = (resource: string, context: RequestContext, resourceLower: string) => ResourceMatch

const TRUE: ResourceMatch = { result: 'true' }
const FALSE: ResourceMatch = { result: 'false' }
const UNKNOWN: ResourceMatch = { result: 'unknown', note: 'undocumented ARN corner (case or `*` across `:`); fail closed' }

/**
 * The matcher for a pattern text, shared within the running compilation: policies repeat their
 * resource patterns (`*`, `arn:aws:iam::*:role/*`), and a matcher depends only on its text and on
 * whether variables are read.
 */
function sharedPatternMatcher(text: string, variablesEnabled: boolean): PatternMatcher {
  const table = sharedTable<PatternMatcher>(variablesEnabled ? 'resource' : 'resourceLiteral')
  let matcher = table?.get(text)
  if (matcher === undefined) {
    matcher = compilePatternMatcher(text, variablesEnabled)
    table?.set(text, matcher)
  }
  return matcher
}

/** Compiles a Resource or NotResource element. */
export function compileResourceMatcher(element: ResourceElement, variablesEnabled: boolean): ResourceMatcher {
  const matchers = element.patterns.map((p) => sharedPatternMatcher(p.value, variablesEnabled))
  const negated = element.kind === 'notResource'
  const any = (resource: string, context: RequestContext, resourceLower = resource.toLowerCase()): ResourceMatch => {
    let best: ResourceMatch = FALSE
    for (const m of matchers) {
      const r = m(resource, context, resourceLower)
      if (r.result === 'true') return TRUE
      if (r.result === 'unknown' || (best === FALSE && r.note !== undefined)) best = r
    }
    return best
  }
  const match: ResourceMatcher['match'] = negated
    ? (resource, context, resourceLower) => {
        const r = any(resource, context, resourceLower)
        // A match is never noted (`any` returns TRUE); a non-match keeps its note (a variable without value).
        return r.result === 'unknown' ? r : r.result === 'true' ? FALSE : r.note === undefined ? TRUE : { result: 'true', note: r.note }
      }
    : any
  const readsContext = element.patterns.some((p) => variablesEnabled && p.value.includes('${'))
  return {
    negated,
    pointer: element.pointer,
    sources: element.patterns.map((p) => p.value),
    match: readsContext ? match : lastResourceKept(match),
    readsContext,
  }
}

/**
 * PERF: an element without policy variables answers the same for the same resource whatever the
 * context, and requests repeat their resource: the last answer is kept.
 */
function lastResourceKept(match: ResourceMatcher['match']): ResourceMatcher['match'] {
  let lastResource: string | undefined
  let lastResult: ResourceMatch = FALSE
  return (resource, context, resourceLower) => {
    if (resource === lastResource) return lastResult
    lastResult = match(resource, context, resourceLower)
    lastResource = resource
    return lastResult
  }
}

function fromTri(result: Tri): ResourceMatch {
  return result === 'true' ? TRUE : result === 'false' ? FALSE : UNKNOWN
}

function compilePatternMatcher(text: string, variablesEnabled: boolean): PatternMatcher {
  if (text !== '*' && (parseArn(text) === undefined || holdsInvalidCharacter(text))) {
    // AWS refuses a Resource that is neither `*` nor an ARN, or that holds a character IAM does not
    // accept (the parser reports policy.invalid-resource / policy.invalid-character); how it would
    // match is unknowable: an Allow never grants with it (nor through NotResource), a Deny applies.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    const note = `\`${text}\` is not \`*\` or an ARN IAM accepts; fail closed`
    return () => ({ result: 'unknown', note })
  }
  const template = compileTemplate(text, variablesEnabled)
  if (template.error !== undefined) {
    const note = `malformed policy variable in \`${text}\`: ${template.error}; fail closed`
    return () => ({ result: 'unknown', note })
  }
  if (template.parts.some((p) => p.kind !== 'text') && variableBeforeResourcePart(text)) {
    // AWS expands variables only after the fifth colon; one in the partition, service, region or
    // account is not substituted, and what AWS then matches is not documented: an Allow never grants
    // with it (nor through NotResource), a Deny applies.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement
    const note = `\`${text}\`: a policy variable before the fifth colon is not expanded; fail closed`
    return () => ({ result: 'unknown', note })
  }
  if (!template.hasVariables) {
    const pattern = compileArnPatternParts(text, staticWildcardParts(template))
    // PERF: a pattern without variables answers the same for the same resource (see lastResourceKept);
    // kept per pattern too, for the static patterns of an element that also has a variable one.
    let lastResource: string | undefined
    let lastResult: ResourceMatch = FALSE
    return (resource, _context, resourceLower) => {
      if (resource !== lastResource) {
        lastResult = fromTri(pattern.match(resource, resourceLower))
        lastResource = resource
      }
      return lastResult
    }
  }
  return templateMatcher(template)
}

/** The patterns a template compiles to for one set of substituted values. */
interface ResolvedPatterns {
  readonly strict: ArnPattern
  /** Present when a substituted value holds `*` or `?`: the reading with values as patterns. */
  readonly loose: ArnPattern | undefined
}

// PERF: resolved patterns depend only on the substituted values, which repeat across requests; a
// small per-pattern cache avoids recompiling them on every evaluation. Bounded so that hostile
// request streams cannot grow it.
const TEMPLATE_CACHE_SIZE = 64

/**
 * Resolves a template against the request and matches. A variable that does not resolve makes the
 * entry match nothing. Substituted values are literal text for the strict reading; when a value
 * holds `*` or `?` and reading it as a pattern would change the answer, the result is `unknown`.
 */
function templateMatcher(template: Template): PatternMatcher {
  const unresolved: ResourceMatch = { result: 'false', note: `a policy variable in \`${template.source}\` has no value; the entry matches nothing` }
  const cache = new Map<string, ResolvedPatterns>()
  let lastKey: string | undefined
  let last: ResolvedPatterns | undefined
  // PERF: the answer for the last values and resource, which requests repeat.
  let lastResource: string | undefined
  let lastResult: ResourceMatch = FALSE
  return (resource, context, resourceLower) => {
    const key = templateValuesKey(template, context)
    if (key === undefined) return unresolved
    if (key === lastKey && resource === lastResource) return lastResult
    // PERF: requests repeat their values; the last compiled reading is kept apart from the cache.
    let compiled = key === lastKey ? last : cache.get(key)
    if (compiled === undefined) {
      const pieces = resolveTemplatePieces(template, context)
      if (pieces === undefined) return unresolved
      if (cache.size >= TEMPLATE_CACHE_SIZE) cache.clear()
      compiled = {
        strict: compileArnPatternParts(template.source, piecesToWildcardParts(pieces, false)),
        loose: valueHolds(pieces, '*?') ? compileArnPatternParts(template.source, piecesToWildcardParts(pieces, true)) : undefined,
      }
      cache.set(key, compiled)
    }
    lastKey = key
    last = compiled
    lastResource = resource
    lastResult = readingsMatch(compiled, resource, resourceLower)
    return lastResult
  }
}

function readingsMatch(compiled: ResolvedPatterns, resource: string, resourceLower: string): ResourceMatch {
  const result = compiled.strict.match(resource, resourceLower)
  if (result === 'true' || compiled.loose === undefined) return fromTri(result)
  const loose = compiled.loose.match(resource, resourceLower)
  return loose === 'false' ? fromTri(result) : SUBSTITUTED_WILDCARD
}

const SUBSTITUTED_WILDCARD: ResourceMatch = { result: 'unknown', note: 'a substituted value holds `*` or `?`; whether it acts as a wildcard is undocumented; fail closed' }
