/**
 * Evaluates Terraform expressions of one module as far as the configuration allows: literals, templates,
 * collections, `var.*` (the variable's default), `local.*`, attributes of resources and data sources of
 * the module that iamtrace models, functions, conditionals and `for` expressions over known collections.
 * Whatever needs a value known only at plan or apply time is an unknown value with the reason.
 * https://developer.hashicorp.com/terraform/language/expressions
 */
import { concat, scalar, unknown, type Built, type Origin } from './built.js'
import type { HclAttribute, HclBlock, HclBody, HclExpression, HclTemplatePart } from './hclSyntax.js'
import { callFunction, isKnown } from './terraformFunctions.js'

/** One file of a module. */
export interface TfFile {
  readonly path: string
  readonly text: string
  readonly body: HclBody
  /** Index in the module (origins are `index:offset`). */
  readonly index: number
}

/** A resource or data block of the module. */
export interface TfResource {
  readonly address: string
  readonly type: string
  readonly name: string
  readonly mode: 'managed' | 'data'
  readonly block: HclBlock
  readonly file: TfFile
}

/** The module's declarations, by name. */
export interface TfModule {
  readonly files: readonly TfFile[]
  readonly variables: ReadonlyMap<string, { readonly block: HclBlock; readonly file: TfFile }>
  readonly locals: ReadonlyMap<string, { readonly attribute: HclAttribute; readonly file: TfFile }>
  readonly resources: ReadonlyMap<string, TfResource>
}

/** Where the characters of an evaluated string came from (for JSON text written in a heredoc). */
export interface TextMap {
  readonly segments: readonly { readonly start: number; readonly length: number; readonly file: TfFile; readonly from: number; readonly exact: boolean }[]
}

/** The origin text of a file offset. */
export function originAt(file: TfFile, offset: number): Origin {
  return `${file.index}:${offset}`
}

/** Attribute values iamtrace knows for resources of the module (others are unknown until apply). */
export type AttributeModel = (resource: TfResource, attribute: string, ev: TfEvaluator) => Built | undefined

/** Evaluates expressions of one module. */
export class TfEvaluator {
  /** Text maps of evaluated template strings (by identity of the built value). */
  readonly textMaps = new WeakMap<Built, TextMap>()
  private readonly active = new Set<string>()
  /** Values of variables, locals and resource attributes: they do not depend on the scope. */
  private readonly memo = new Map<string, { readonly value: Built; readonly at: Origin }>()

  constructor(
    readonly module: TfModule,
    private readonly model: AttributeModel,
  ) {}

  /**
   * Evaluates an expression of `file` with `scope` holding `for` and iterator variables. A value larger
   * than {@link MAX_NODES} nodes (values that share parts can grow exponentially) is unknown.
   */
  evaluate(e: HclExpression, file: TfFile, scope: ReadonlyMap<string, Built> = new Map(), depth = 0): Built {
    const value = this.evaluateNode(e, file, scope, depth)
    return sizeOf(value) > MAX_NODES ? unknown(originAt(file, e.from), this.source(file, e), `the value has more than ${MAX_NODES} parts`) : value
  }

  private evaluateNode(e: HclExpression, file: TfFile, scope: ReadonlyMap<string, Built>, depth: number): Built {
    const at = originAt(file, e.from)
    if (depth > 64) return unknown(at, 'a deeply nested expression', 'iamtrace stops evaluating at depth 64')
    const ev = (x: HclExpression, s: ReadonlyMap<string, Built> = scope): Built => this.evaluate(x, file, s, depth + 1)
    switch (e.kind) {
      case 'literal':
        return scalar(e.value, at)
      case 'template':
        return this.template(e.parts, file, at, ev)
      case 'tuple':
        return { k: 'list', items: e.items.map((i) => ev(i)), at }
      case 'object': {
        const members = []
        for (const item of e.items) {
          const key = ev(item.key)
          const value = ev(item.value)
          if (key.k === 'scalar' && key.unresolved.length === 0) members.push({ key: String(key.value), keyAt: originAt(file, item.from), value })
          else return { k: 'unknown', at, unresolved: key.k === 'unknown' || key.k === 'scalar' ? key.unresolved : [{ at, what: 'an object key', why: 'it is not a string' }] }
        }
        return { k: 'object', members, at }
      }
      case 'parens':
        return ev(e.expression)
      case 'variable':
      case 'getattr':
      case 'index':
        return this.reference(e, file, scope, ev)
      case 'splat': {
        // `aws_iam_role.r[*].arn` (count, for_each): every instance has the same configuration.
        const resource = this.resourceNamed(e.target)
        if (resource !== undefined) {
          const [first, ...rest] = e.rest
          if (first?.kind !== 'getattr') return unknown(at, this.source(file, e), 'a whole resource is not a value iamtrace reads')
          const value = this.attribute(resource, first.name, at, this.source(file, e))
          return { k: 'list', items: [rest.reduce<Built>((v, step) => (step.kind === 'getattr' ? this.member(v, step.name, at) : this.indexOf(v, ev(step.key), at)), value)], at }
        }
        const target = ev(e.target)
        if (target.k !== 'list') return this.blocked([target], at, this.source(file, e))
        return { k: 'list', items: target.items.map((item) => e.rest.reduce<Built>((v, step) => (step.kind === 'getattr' ? this.member(v, step.name, at) : this.indexOf(v, ev(step.key), at)), item)), at }
      }
      case 'call': {
        const args = e.args.map((a) => ev(a))
        if (e.expandFinal) {
          const last = args.pop()
          if (last === undefined || last.k !== 'list') return this.blocked(args, at, `${e.name}(…)`)
          args.push(...last.items)
        }
        return callFunction(e.name.replace(/^provider::[^:]+::/, ''), args, at)
      }
      case 'conditional': {
        const c = ev(e.condition)
        if (c.k === 'scalar' && c.unresolved.length === 0 && typeof c.value === 'boolean') return ev(c.value ? e.then : e.otherwise)
        return this.blocked([c], at, this.source(file, e.condition))
      }
      case 'for':
        return this.forExpression(e, file, scope, at, ev)
      case 'binary':
        return this.binary(e.op, ev(e.left), ev(e.right), at)
      case 'unary': {
        const v = ev(e.operand)
        if (v.k !== 'scalar' || v.unresolved.length > 0) return this.blocked([v], at, this.source(file, e))
        return e.op === '!' ? scalar(v.value !== true, at) : scalar(-Number(v.value), at)
      }
      default:
        return unknown(at, this.source(file, e), 'iamtrace does not evaluate this expression')
    }
  }

  /** The source text of an expression (for notes). */
  source(file: TfFile, e: { from: number; to: number }): string {
    const t = file.text.slice(e.from, e.to).replace(/\s+/g, ' ')
    return t.length > 80 ? `${t.slice(0, 77)}...` : t
  }

  private blocked(values: readonly Built[], at: Origin, what: string): Built {
    const unresolved = values.flatMap((v) => (v.k === 'unknown' || v.k === 'scalar' ? v.unresolved : []))
    return { k: 'unknown', at, unresolved: unresolved.length > 0 ? unresolved : [{ at, what, why: 'the value it needs is not a known value' }] }
  }

  private template(parts: readonly HclTemplatePart[], file: TfFile, at: Origin, ev: (x: HclExpression) => Built): Built {
    // A template of one interpolation is the value itself, unconverted.
    const only = parts.length === 1 && parts[0]?.kind === 'interpolation' ? parts[0] : undefined
    if (only !== undefined) return ev(only.expression)
    const built: Built[] = []
    const segments: { start: number; length: number; file: TfFile; from: number; exact: boolean }[] = []
    let length = 0
    for (const p of parts) {
      let b: Built
      if (p.kind === 'text') b = scalar(p.text, originAt(file, p.from))
      else if (p.kind === 'interpolation') b = ev(p.expression)
      else b = unknown(originAt(file, p.from), this.source(file, p), 'template directives are not evaluated')
      const piece = b.k === 'scalar' ? String(b.value ?? '') : b.k === 'unknown' ? 'iamtrace-unresolved-value' : ''
      segments.push({ start: length, length: piece.length, file, from: p.from, exact: p.kind === 'text' && p.to - p.from === piece.length })
      length += piece.length
      built.push(b)
    }
    const out = concat(built, at)
    this.textMaps.set(out, { segments })
    return out
  }

  /** Flattens a traversal into its root name and steps, and resolves it. */
  private reference(e: HclExpression, file: TfFile, scope: ReadonlyMap<string, Built>, ev: (x: HclExpression) => Built): Built {
    const at = originAt(file, e.from)
    const steps: ({ attr: string } | { key: HclExpression })[] = []
    let root: HclExpression = e
    while (root.kind === 'getattr' || root.kind === 'index') {
      steps.unshift(root.kind === 'getattr' ? { attr: root.name } : { key: root.key })
      root = root.target
    }
    const apply = (start: Built, from: number): Built => steps.slice(from).reduce<Built>((v, s) => ('attr' in s ? this.member(v, s.attr, at) : this.indexOf(v, ev(s.key), at)), start)
    if (root.kind !== 'variable') return apply(ev(root), 0)
    const name = root.name
    const inScope = scope.get(name)
    if (inScope !== undefined) return apply(inScope, 0)
    const first = steps[0]
    const attr = (i: number): string | undefined => {
      const s = steps[i]
      return s !== undefined && 'attr' in s ? s.attr : undefined
    }
    const what = this.source(file, e)
    switch (name) {
      case 'var':
      case 'local': {
        const n = attr(0)
        if (n === undefined) return unknown(at, what, 'not a reference iamtrace reads')
        return apply(name === 'var' ? this.variable(n, at, what) : this.local(n, at, what), 1)
      }
      case 'module':
        return unknown(at, what, 'module outputs are not read')
      case 'each':
      case 'count':
        return unknown(at, what, 'it depends on the resource\'s count or for_each')
      case 'path':
      case 'terraform':
      case 'self':
        return unknown(at, what, 'known only when Terraform runs')
      default:
        break
    }
    const isData = name === 'data'
    const type = isData ? attr(0) : name
    const resourceName = isData ? attr(1) : attr(0)
    let next = isData ? 2 : 1
    if (type === undefined || resourceName === undefined || first === undefined) return unknown(at, what, 'not a reference iamtrace reads')
    const address = `${isData ? 'data.' : ''}${type}.${resourceName}`
    const resource = this.module.resources.get(address)
    if (resource === undefined) return unknown(at, what, 'the module has no resource of this name')
    // `aws_iam_role.r[0]` / `["key"]` (count, for_each): every instance has the same configuration.
    if (steps[next] !== undefined && 'key' in (steps[next] as object)) next++
    const attribute = attr(next)
    if (attribute === undefined) return unknown(at, what, 'a whole resource is not a value iamtrace reads')
    return apply(this.attribute(resource, attribute, at, what), next + 1)
  }

  /** The resource an expression names as a whole (`aws_iam_role.r`, `data.aws_iam_policy_document.d`). */
  private resourceNamed(e: HclExpression): TfResource | undefined {
    const names: string[] = []
    let x = e
    while (x.kind === 'getattr') {
      names.unshift(x.name)
      x = x.target
    }
    if (x.kind !== 'variable') return undefined
    const address = x.name === 'data' ? `data.${names.join('.')}` : [x.name, ...names].join('.')
    return (x.name === 'data' ? names.length === 2 : names.length === 1) ? this.module.resources.get(address) : undefined
  }

  /** An attribute of a resource: modelled, written in the block, or unknown until apply. */
  attribute(resource: TfResource, attribute: string, at: Origin, what: string): Built {
    return this.guarded(`${resource.address}.${attribute}`, at, what, () => {
      const modelled = this.model(resource, attribute, this)
      if (modelled !== undefined) return modelled
      const written = resource.block.body.attributes.find((a) => a.name === attribute)
      if (written !== undefined) return this.evaluate(written.value, resource.file)
      return unknown(at, what, 'known only after apply')
    })
  }

  /** The value of an attribute written in a block, or undefined when it is not written. */
  written(resource: TfResource, attribute: string): Built | undefined {
    const a = resource.block.body.attributes.find((x) => x.name === attribute)
    return a === undefined ? undefined : this.evaluate(a.value, resource.file)
  }

  private variable(name: string, at: Origin, what: string): Built {
    const v = this.module.variables.get(name)
    if (v === undefined) return unknown(at, what, 'the module declares no such variable')
    const dflt = v.block.body.attributes.find((a) => a.name === 'default')
    if (dflt === undefined) return unknown(at, what, 'the variable has no default; its value is given where the module is used')
    const value = this.guarded(`var.${name}`, at, what, () => this.evaluate(dflt.value, v.file))
    // An empty default (null, "", [] or {}) is a placeholder for the caller's value, not a policy choice.
    const empty = (value.k === 'scalar' && (value.value === null || value.value === '')) || (value.k === 'list' && value.items.length === 0) || (value.k === 'object' && value.members.length === 0)
    return empty ? unknown(at, what, 'its default is empty; its value is given where the module is used') : value
  }

  private local(name: string, at: Origin, what: string): Built {
    const l = this.module.locals.get(name)
    if (l === undefined) return unknown(at, what, 'the module defines no such local value')
    return this.guarded(`local.${name}`, at, what, () => this.evaluate(l.attribute.value, l.file))
  }

  /** Evaluates a named value once; a cycle, or a chain of references deeper than 200, is unknown. */
  private guarded(key: string, at: Origin, what: string, run: () => Built): Built {
    const done = this.memo.get(key)
    // An unknown the reference itself made is located at this use, not at the first one.
    if (done !== undefined) return done.value.k === 'unknown' && done.value.at === done.at ? { ...done.value, at, unresolved: done.value.unresolved.map((u) => (u.at === done.at ? { ...u, at } : u)) } : done.value
    if (this.active.has(key)) return unknown(at, what, 'the reference is circular')
    if (this.active.size > 200) return unknown(at, what, 'the chain of references is deeper than 200')
    this.active.add(key)
    try {
      const value = run()
      this.memo.set(key, { value, at })
      return value
    } finally {
      this.active.delete(key)
    }
  }

  /** `value.name` on a built value. */
  member(v: Built, name: string, at: Origin): Built {
    if (v.k === 'object') return v.members.find((m) => m.key === name)?.value ?? unknown(at, `.${name}`, 'the object has no such attribute')
    if (v.k === 'unknown') return v
    return unknown(at, `.${name}`, 'the value is not an object')
  }

  private indexOf(v: Built, key: Built, at: Origin): Built {
    if (v.k === 'unknown') return v
    if (key.k !== 'scalar' || key.unresolved.length > 0) return this.blocked([key], at, 'an index')
    if (v.k === 'list') return v.items[Number(key.value)] ?? unknown(at, `[${String(key.value)}]`, 'the list has no such element')
    return this.member(v, String(key.value), at)
  }

  private forExpression(e: Extract<HclExpression, { kind: 'for' }>, file: TfFile, scope: ReadonlyMap<string, Built>, at: Origin, ev: (x: HclExpression, s?: ReadonlyMap<string, Built>) => Built): Built {
    const collection = ev(e.collection)
    const entries = collection.k === 'list' ? collection.items.map((v, i) => [scalar(i, at), v] as const) : collection.k === 'object' ? collection.members.map((m) => [scalar(m.key, m.keyAt), m.value] as const) : undefined
    if (entries === undefined) return this.blocked([collection], at, this.source(file, e.collection))
    const items: Built[] = []
    const members: { key: string; keyAt: Origin; value: Built }[] = []
    for (const [k, v] of entries) {
      const inner = new Map(scope)
      if (e.keyVar !== undefined) inner.set(e.keyVar, k)
      inner.set(e.valueVar, v)
      if (e.condition !== undefined) {
        const c = ev(e.condition, inner)
        if (c.k !== 'scalar' || c.unresolved.length > 0) return this.blocked([c], at, this.source(file, e.condition))
        if (c.value !== true) continue
      }
      const value = ev(e.value, inner)
      if (e.key === undefined) {
        items.push(value)
        continue
      }
      const key = ev(e.key, inner)
      if (key.k !== 'scalar' || key.unresolved.length > 0) return this.blocked([key], at, this.source(file, e.key))
      members.push({ key: String(key.value), keyAt: key.at, value })
    }
    return e.key === undefined ? { k: 'list', items, at } : { k: 'object', members, at }
  }

  private binary(op: string, l: Built, r: Built, at: Origin): Built {
    if (!isKnown(l) || !isKnown(r) || l.k !== 'scalar' || r.k !== 'scalar') {
      if ((op === '==' || op === '!=') && isKnown(l) && isKnown(r)) {
        const same = JSON.stringify(l) === JSON.stringify(r)
        return scalar(op === '==' ? same : !same, at)
      }
      return this.blocked([l, r], at, `an operation with ${op}`)
    }
    const a = l.value
    const b = r.value
    switch (op) {
      case '==':
        return scalar(a === b, at)
      case '!=':
        return scalar(a !== b, at)
      case '&&':
        return scalar(a === true && b === true, at)
      case '||':
        return scalar(a === true || b === true, at)
      case '<':
        return scalar(Number(a) < Number(b), at)
      case '>':
        return scalar(Number(a) > Number(b), at)
      case '<=':
        return scalar(Number(a) <= Number(b), at)
      case '>=':
        return scalar(Number(a) >= Number(b), at)
      case '+':
        return scalar(Number(a) + Number(b), at)
      case '-':
        return scalar(Number(a) - Number(b), at)
      case '*':
        return scalar(Number(a) * Number(b), at)
      case '/':
        return scalar(Number(a) / Number(b), at)
      case '%':
        return scalar(Number(a) % Number(b), at)
      default:
        return unknown(at, `an operation with ${op}`, 'iamtrace does not evaluate this operator')
    }
  }
}

/** Largest value evaluated, in nodes. */
const MAX_NODES = 100_000
const SIZES = new WeakMap<Built, number>()

/** Nodes of a value, counting shared parts each time they appear (computed once per node). */
function sizeOf(b: Built): number {
  const known = SIZES.get(b)
  if (known !== undefined) return known
  let n = 1
  if (b.k === 'list') for (const i of b.items) n = Math.min(MAX_NODES + 1, n + sizeOf(i))
  else if (b.k === 'object') for (const m of b.members) n = Math.min(MAX_NODES + 1, n + sizeOf(m.value))
  SIZES.set(b, n)
  return n
}

