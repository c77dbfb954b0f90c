/**
 * Fuzzes parse → compile → evaluate with generated hostile input: corpus scenarios and their policies
 * mutated (types flipped, hostile strings, prototype keys, nesting, big arrays, truncated text) and
 * pure random JSON. Every input is marked valid or invalid; the run fails on any crash (exception),
 * timeout (one input over 100 ms, confirmed by the best of three reruns at the end of the range),
 * `allowed` resting on an invalid part, or prototype write.
 *
 *   npm run fuzz                          # 1,000,000 inputs on every core (at most 2 workers by default)
 *   IAMTRACE_FUZZ_N=50000 npm run fuzz    # fewer inputs
 *   IAMTRACE_FUZZ_SEED=7 npm run fuzz     # another sequence (default 1)
 *   IAMTRACE_FUZZ_ONLY=123456 npm run fuzz  # replay one input, printing it
 *   IAMTRACE_FUZZ_WORKERS=1 npm run fuzz  # single thread
 *   IAMTRACE_FUZZ_TIMEOUT_MS=1000 npm run fuzz  # a looser timeout (a loaded machine)
 */
import { availableParallelism } from 'node:os'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { evaluateCompiled } from '../../src/evaluate/evaluate.js'
import { compilePolicySet } from '../../src/evaluate/policySet.js'
import type { PolicySet } from '../../src/evaluate/policySet.js'
import { isEvaluable } from '../../src/policy/evaluableErrors.js'
import { parsePolicy } from '../../src/policy/parsePolicy.js'
import type { Policy, PolicyKind } from '../../src/policy/types.js'
import { parseScenario } from '../../src/scenario/parseScenario.js'
import { errorsInDeterminingStatements, HOSTILE_STRINGS, KIND, placed, isHarmful, mutateText, nest, pick, PROTO_KEYS, protoObject, prototypeSnapshot, prototypesClean, rng, runScenario, safeStringify, withoutItems } from '../security/hostile.js'
import { policySeeds, REQUESTS, scenarioSeeds } from '../security/seeds.js'

function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name])
  return Number.isInteger(v) && v >= 0 ? v : fallback
}

// One input over this many milliseconds is a timeout (CI on a shared machine may raise it).
const TIMEOUT_MS = envInt('IAMTRACE_FUZZ_TIMEOUT_MS', 100)

/** Counters of one run. */
interface Counts {
  inputs: number
  parseErrors: number
  evaluated: number
  valid: number
  invalid: number
  allowed: number
  crashes: number
  timeouts: number
  allowedOnInvalid: number
  prototypeWrites: number
  slowest: number
  slowestInput: number
  samples: Record<string, string[]>
}

function emptyCounts(): Counts {
  return { inputs: 0, parseErrors: 0, evaluated: 0, valid: 0, invalid: 0, allowed: 0, crashes: 0, timeouts: 0, allowedOnInvalid: 0, prototypeWrites: 0, slowest: 0, slowestInput: -1, samples: {} }
}

// ---------- cheap generators ----------

type Rand = () => number

/** Sets an own data property (never a prototype change, even for `__proto__`). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })
}

/** A replacement for one node: wrong types, hostile strings, nesting, big arrays, long strings. */
function replacement(current: unknown, r: Rand): unknown {
  const n = r()
  if (n < 0.25) return pick(r, HOSTILE_STRINGS)
  if (n < 0.35) return typeof current === 'string' ? current + pick(r, HOSTILE_STRINGS) : pick(r, HOSTILE_STRINGS)
  if (n < 0.45) return pick(r, [null, true, false, 0, -1, 1.5, 1e308, 12, 2 ** 53 + 1])
  if (n < 0.52) return []
  if (n < 0.58) return {}
  if (n < 0.64) return protoObject(pick(r, PROTO_KEYS), { polluted: 1 })
  if (n < 0.70) return Array.isArray(current) ? current[0] : [current]
  if (n < 0.74) return nest(10 + Math.floor(r() * 120), r() < 0.5)
  if (n < 0.77) {
    // Copies of the current node only when it is small, so that generated inputs stay realistic in size.
    // (copies of a container only a few times: copies of copies would grow inputs to megabytes).
    if (current !== null && typeof current === 'object') return Array.from({ length: 2 + Math.floor(r() * 20) }, () => current)
    const small = typeof current !== 'string' || current.length < 200
    return Array.from({ length: 50 + Math.floor(r() * 300) }, () => (small ? current : pick(r, HOSTILE_STRINGS)))
  }
  if (n < 0.79) return 'a'.repeat(500 + Math.floor(r() * 5000)) + pick(r, ['*', '?', ''])
  if (n < 0.791) return r() < 0.5 ? nest(10_000, r() < 0.5) : 'x'.repeat(1_000_000)
  return pick(r, HOSTILE_STRINGS)
}

/** Mutates one node on a random path, copying only along that path. */
function mutatePath(v: unknown, r: Rand, depth = 0): unknown {
  const stop = depth > 0 && r() < 0.25
  if (Array.isArray(v) && v.length > 0 && !stop && depth < 12) {
    const copy = v.slice()
    const i = Math.floor(r() * copy.length)
    const roll = r()
    if (roll < 0.06) copy.splice(i, 1)
    else if (roll < 0.1) copy.push(replacement(copy[i], r))
    else copy[i] = mutatePath(copy[i], r, depth + 1)
    return copy
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !stop && depth < 12) {
    const keys = Object.keys(v)
    if (keys.length > 0) {
      const copy: Record<string, unknown> = {}
      for (const k of keys) put(copy, k, (v as Record<string, unknown>)[k])
      const k = keys[Math.floor(r() * keys.length)] as string
      const roll = r()
      if (roll < 0.08) delete copy[k]
      else if (roll < 0.14) put(copy, pick(r, PROTO_KEYS), replacement(copy[k], r))
      else if (roll < 0.18) {
        put(copy, r() < 0.5 ? k.toLowerCase() : pick(r, HOSTILE_STRINGS), copy[k])
        if (r() < 0.5) delete copy[k]
      } else put(copy, k, mutatePath(copy[k], r, depth + 1))
      return copy
    }
  }
  return replacement(v, r)
}

/** Random JSON, small. */
function randomJson(r: Rand, depth = 0): unknown {
  const n = r()
  if (depth > 4 || n < 0.35) return pick(r, [null, true, false, 0, 1, -1.5, 'x', '', '*', 'Allow', 'Deny', 's3:*', 'arn:aws:iam::111111111111:root', ...HOSTILE_STRINGS.slice(0, 20)])
  if (n < 0.6) return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1))
  const o: Record<string, unknown> = {}
  const keys = ['Version', 'Statement', 'Effect', 'Action', 'Resource', 'Principal', 'Condition', 'request', 'principal', 'action', 'resource', 'context', 'principalPolicies', 'resourcePolicies', 'identity', 'expect', 'StringEquals', ...PROTO_KEYS]
  for (let i = Math.floor(r() * 5); i > 0; i--) put(o, pick(r, keys), randomJson(r, depth + 1))
  return o
}

// ---------- one input ----------


interface Outcome {
  parsed: boolean
  invalid: boolean
  allowed: boolean
  violation?: string
}

/** A policy through parse → compile → evaluate against the fixed requests. */
function runPolicy(input: unknown, layer: string, r: Rand, depth = 0): Outcome {
  const parsed = parsePolicy(input, { kind: KIND[layer] ?? 'identity' })
  const policy = parsed.ok ? parsed.value : parsed.recovered
  const errors = parsed.diagnostics.filter(isHarmful)
  const invalid = errors.length > 0
  // As scenario files do: an error without a fail-closed reading makes the input an error, never evaluated.
  if (policy === undefined || errors.some((d) => !isEvaluable(d.code))) return { parsed: false, invalid: true, allowed: false }
  const compiled = compilePolicySet(placed(layer, policy))
  let allowed = false
  for (const request of depth === 0 ? [pick(r, REQUESTS), pick(r, REQUESTS)] : REQUESTS) {
    const result = evaluateCompiled(request, compiled, { trace: r() < 0.1 })
    if (result.decision !== 'allowed') continue
    allowed = true
    const bad = errorsInDeterminingStatements(result, errors, (ref) => [ref.pointer])
    if (bad.length === 0) continue
    const reduced = typeof input === 'string' ? undefined : withoutItems(input, bad.map((d) => d.pointer))
    if (reduced === undefined || depth > 0 || !runPolicy(reduced, layer, r, depth + 1).allowed) {
      return { parsed: true, invalid, allowed, violation: `allowed through ${bad.map((d) => `${d.code} at ${d.pointer}`).join(', ')}` }
    }
  }
  return { parsed: true, invalid, allowed }
}

interface Seeds {
  scenarios: ReturnType<typeof scenarioSeeds>
  policies: ReturnType<typeof policySeeds>
}

function loadSeeds(): Seeds {
  // Seeds of realistic size: the 100 KB timing regression would make most of its mutants slow by size alone.
  const scenarios = scenarioSeeds(20_000)
  return { scenarios, policies: policySeeds(scenarios).map((p) => ({ layer: p.layer, doc: typeof p.doc === 'string' ? (tryJson(p.doc) ?? p.doc) : p.doc })) }
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Generates and runs input `i` of the sequence `seed`; returns what it came to and a description. */
function runInput(i: number, seed: number, seeds: Seeds): { outcome: Outcome; describe: () => string } {
  const r = rng((seed * 0x9e3779b1 + i) >>> 0)
  const kind = r()
  if (kind < 0.45) {
    const { layer, doc } = pick(r, seeds.policies)
    let input = mutatePath(doc, r)
    if (r() < 0.3) input = mutatePath(input, r)
    return { outcome: runPolicy(input, layer, r), describe: () => `policy (${layer}): ${(safeStringify(input) ?? '<too deep>').slice(0, 2000)}` }
  }
  if (kind < 0.8) {
    let input: unknown = mutatePath(pick(r, seeds.scenarios).value, r)
    if (r() < 0.3) input = mutatePath(input, r)
    const o = runScenario(input, 0, r() < 0.1)
    return { outcome: { parsed: o.parsed, invalid: o.invalid, allowed: o.decision === 'allowed', ...(o.violation !== undefined ? { violation: o.violation } : {}) }, describe: () => `scenario: ${(safeStringify(input) ?? '<too deep>').slice(0, 4000)}` }
  }
  if (kind < 0.9) {
    const text = mutateText(pick(r, seeds.scenarios).text, r)
    const o = runScenario(text, 0, r() < 0.1)
    return { outcome: { parsed: o.parsed, invalid: o.invalid, allowed: o.decision === 'allowed', ...(o.violation !== undefined ? { violation: o.violation } : {}) }, describe: () => `scenario text: ${text.slice(0, 4000)}` }
  }
  const value = randomJson(r)
  const asPolicy = r() < 0.5
  if (asPolicy) return { outcome: runPolicy(value, pick(r, Object.keys(KIND)), r), describe: () => `random policy: ${safeStringify(value) ?? ''}` }
  const parsed = parseScenario(value)
  const o = parsed.ok ? runScenario(value) : { parsed: false, invalid: true, decision: undefined }
  return { outcome: { parsed: o.parsed, invalid: o.invalid, allowed: o.decision === 'allowed', ...('violation' in o && o.violation !== undefined ? { violation: o.violation } : {}) }, describe: () => `random scenario: ${safeStringify(value) ?? ''}` }
}

/** Runs inputs [from, to) and counts. */
function runRange(from: number, to: number, seed: number): Counts {
  const seeds = loadSeeds()
  const counts = emptyCounts()
  const snapshot = prototypeSnapshot()
  const sample = (category: string, text: string): void => {
    const list = (counts.samples[category] ??= [])
    if (list.length < 5) list.push(text)
  }
  const slow: number[] = []
  for (let i = from; i < to; i++) {
    counts.inputs++
    const started = performance.now()
    try {
      const { outcome, describe } = runInput(i, seed, seeds)
      const ms = performance.now() - started
      // Confirmed at the end of the range: a garbage-collection pause or a busy machine is not a timeout.
      if (ms > TIMEOUT_MS) slow.push(i)
      else if (ms > counts.slowest) {
        counts.slowest = ms
        counts.slowestInput = i
      }
      if (!outcome.parsed) counts.parseErrors++
      else counts.evaluated++
      if (outcome.invalid) counts.invalid++
      else counts.valid++
      if (outcome.allowed) counts.allowed++
      if (outcome.violation !== undefined) {
        counts.allowedOnInvalid++
        sample('allowed on invalid', `allowed on invalid, input ${i}: ${outcome.violation}\n  ${describe()}`)
      }
    } catch (error) {
      counts.crashes++
      sample('crash', `crash, input ${i}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`)
    }
    if (({} as Record<string, unknown>)['polluted'] !== undefined || (i % 256 === 0 && !prototypesClean(snapshot))) {
      counts.prototypeWrites++
      sample('prototype write', `prototype write, input ${i}`)
      break
    }
  }
  for (const i of slow) {
    let best = Number.POSITIVE_INFINITY
    let text = ''
    for (let attempt = 0; attempt < 3 && best > TIMEOUT_MS; attempt++) {
      const started = performance.now()
      try {
        text = runInput(i, seed, seeds).describe().slice(0, 300)
      } catch {
        // counted as a crash on the first run
      }
      best = Math.min(best, performance.now() - started)
    }
    if (best > TIMEOUT_MS) {
      counts.timeouts++
      sample('timeout', `timeout ${best.toFixed(0)} ms, input ${i}: ${text}`)
    }
    if (best > counts.slowest) {
      counts.slowest = best
      counts.slowestInput = i
    }
  }
  if (!prototypesClean(snapshot)) counts.prototypeWrites++
  return counts
}

function merge(all: readonly Counts[]): Counts {
  const total = emptyCounts()
  for (const c of all) {
    for (const k of ['inputs', 'parseErrors', 'evaluated', 'valid', 'invalid', 'allowed', 'crashes', 'timeouts', 'allowedOnInvalid', 'prototypeWrites'] as const) total[k] += c[k]
    if (c.slowest > total.slowest) {
      total.slowest = c.slowest
      total.slowestInput = c.slowestInput
    }
    for (const [k, list] of Object.entries(c.samples)) (total.samples[k] ??= []).push(...list)
  }
  return total
}

function report(c: Counts, seconds: number, workers: number): number {
  const line = (label: string, value: number | string): string => `  ${label.padEnd(22)} ${typeof value === 'number' ? value.toLocaleString('en-US') : value}`
  const out = [
    `iamtrace fuzz: ${c.inputs.toLocaleString('en-US')} inputs in ${seconds.toFixed(1)} s on ${workers} worker(s) (${Math.round(c.inputs / seconds).toLocaleString('en-US')} inputs/s)`,
    line('parse errors', c.parseErrors),
    line('evaluated', c.evaluated),
    line('valid', c.valid),
    line('invalid', c.invalid),
    line('allowed', c.allowed),
    line('crashes', c.crashes),
    line(`timeouts (>${TIMEOUT_MS} ms)`, c.timeouts),
    line('allowed on invalid', c.allowedOnInvalid),
    line('prototype writes', c.prototypeWrites),
    line('slowest input', `${c.slowest.toFixed(1)} ms (input ${c.slowestInput})`),
  ]
  process.stdout.write(`${out.join('\n')}\n`)
  for (const list of Object.values(c.samples)) for (const s of list) process.stdout.write(`\n${s}\n`)
  return c.crashes + c.timeouts + c.allowedOnInvalid + c.prototypeWrites > 0 ? 1 : 0
}


if (!isMainThread) {
  const { from, to, seed } = workerData as { from: number; to: number; seed: number }
  parentPort?.postMessage(runRange(from, to, seed))
} else {
  const n = envInt('IAMTRACE_FUZZ_N', 1_000_000)
  const seed = envInt('IAMTRACE_FUZZ_SEED', 1)
  const only = process.env['IAMTRACE_FUZZ_ONLY']
  if (only !== undefined) {
    const i = Number(only)
    const { outcome, describe } = runInput(i, seed, loadSeeds())
    process.stdout.write(`${describe()}\n${JSON.stringify(outcome)}\n`)
    process.exit(outcome.violation !== undefined ? 1 : 0)
  }
  const workers = Math.max(1, Math.min(envInt('IAMTRACE_FUZZ_WORKERS', 2), availableParallelism()))
  const started = performance.now()
  const chunk = Math.ceil(n / workers)
  // Worker threads do not inherit the TypeScript loader: each registers it, then loads this file.
  const bootstrap = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)})`
  const runs = Array.from({ length: workers }, (_, w) => {
    const from = w * chunk
    const to = Math.min(n, from + chunk)
    if (workers === 1) return Promise.resolve(runRange(from, to, seed))
    return new Promise<Counts>((resolve, reject) => {
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData: { from, to, seed } })
      worker.once('message', (c: Counts) => resolve(c))
      worker.once('error', reject)
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`worker exited with ${code}`))
      })
    })
  })
  Promise.all(runs).then(
    (all) => process.exit(report(merge(all), (performance.now() - started) / 1000, workers)),
    (error: unknown) => {
      process.stderr.write(`iamtrace fuzz: a worker failed: ${error instanceof Error ? error.stack : String(error)}\n`)
      process.exit(2)
    },
  )
}
