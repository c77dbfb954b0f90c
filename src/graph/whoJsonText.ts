/**
 * The `who-can-assume --format json` line as text, byte for byte `JSON.stringify(whoJson(r))`, built from
 * pieces that are written once: a literal's JSON per atom, a residual's and a hop's JSON per object.
 * PERF: over an organization the same hop (one trust answer) and the same literals appear in thousands
 * of paths; stringifying the whole tree of every role again costs more than the analysis.
 */
import type { Atom, Literal } from '../analysis/atoms.js'
import type { Residual } from '../analysis/types.js'
import { literalJson, residualText, uncertainJson } from './render.js'
import type { Hop, ReachEntry } from './trustGraph.js'
import type { WhoCanAssumeResult } from './whoCanAssume.js'

const LITERALS = new WeakMap<Atom, { true?: string; false?: string }>()
const RESIDUALS = new WeakMap<Residual, string>()
const HOPS = new WeakMap<Hop, string>()

function literalText(l: Literal): string {
  let texts = LITERALS.get(l.atom)
  if (texts === undefined) LITERALS.set(l.atom, (texts = {}))
  const side = l.value ? 'true' : 'false'
  return (texts[side] ??= JSON.stringify(literalJson(l)))
}

function residualJsonText(r: Residual | null): string {
  if (r === null) return 'null'
  let text = RESIDUALS.get(r)
  if (text === undefined) {
    const anyOf = r.terms.map((t) => `{"allOf":[${t.map(literalText).join(',')}]}`).join(',')
    text = `{"text":${JSON.stringify(residualText(r))},"anyOf":[${anyOf}],"approximate":${r.approximate}}`
    RESIDUALS.set(r, text)
  }
  return text
}

function hopText(h: Hop): string {
  let text = HOPS.get(h)
  if (text === undefined) {
    text = `{"from":${JSON.stringify(h.from)},"role":${JSON.stringify(h.role)},"access":${JSON.stringify(h.access)},"conditions":${residualJsonText(h.conditions)},"uncertain":${JSON.stringify(uncertainJson(h.uncertain))},"chained":${h.chained},"maxSessionSeconds":${h.maxSessionSeconds}}`
    HOPS.set(h, text)
  }
  return text
}

/** Receives the JSON text of a who-can-assume answer, in order. */
export interface WhoJsonSink {
  text(piece: string): void
}

function writeEntry(e: ReachEntry, first: boolean, sink: WhoJsonSink): void {
  sink.text(`${first ? '' : ','}{"principal":${JSON.stringify(e.principal)},"access":${JSON.stringify(e.access)},"conditions":`)
  sink.text(residualJsonText(e.conditions))
  sink.text(`,"uncertain":${JSON.stringify(uncertainJson(e.uncertain))},"external":${e.external},"via":${JSON.stringify(e.via)},"hops":[`)
  for (let i = 0; i < e.hops.length; i++) {
    const h = e.hops[i] as Hop
    if (i > 0) sink.text(',')
    sink.text(hopText(h))
  }
  sink.text(']}')
}

/**
 * Writes `JSON.stringify(whoJson(r))` to `sink`, built from memoized pieces. PERF: a list of thousands
 * of paths is tens of megabytes; a writer that encodes the pieces one by one never joins them into one
 * string (a copy of the whole, then flattened and copied again to encode it).
 *
 * @example
 * const pieces: string[] = []
 * writeWhoJson(r, { text: (t) => pieces.push(t) })
 * pieces.join('') === whoJsonText(r) // true
 */
export function writeWhoJson(r: WhoCanAssumeResult, sink: WhoJsonSink): void {
  sink.text(`{"role":${JSON.stringify(r.role)},"complete":${r.complete},"gaps":${JSON.stringify(uncertainJson(r.gaps))},"principals":[`)
  r.principals.forEach((e, i) => writeEntry(e, i === 0, sink))
  sink.text(`],"deniedExternal":${JSON.stringify(r.deniedExternal)}${r.truncated ? ',"truncated":true' : ''}}`)
}

/**
 * `JSON.stringify(whoJson(r))`, built from memoized pieces.
 *
 * @example
 * const r = whoCanAssume(snapshot, 'Deploy', { transitive: true })
 * if (r.ok) process.stdout.write(`${whoJsonText(r.value)}\n`)
 */
export function whoJsonText(r: WhoCanAssumeResult): string {
  const pieces: string[] = []
  writeWhoJson(r, { text: (t) => pieces.push(t) })
  return pieces.join('')
}
