/**
 * The Terraform functions policy code uses, over built values: each returns an unknown value when an
 * argument it needs is unknown, and functions not listed here are unknown values (never guessed).
 * https://developer.hashicorp.com/terraform/language/functions
 */
import { readJsonText } from '../../json/readJson.js'
import { isJsonArray, isJsonObject, type JsonValue } from '../../json/jsonValue.js'
import { concat, materialize, scalar, unknown, unresolvedIn, type Built, type BuiltMember, type Origin } from './built.js'

/** True when the value has no unknown part. */
export function isKnown(b: Built): boolean {
  return unresolvedIn(b).length === 0 && b.k !== 'unknown'
}

/** A JSON value as a built value located at `at`. */
function fromJson(v: JsonValue, at: Origin): Built {
  if (isJsonArray(v)) return { k: 'list', items: v.map((x) => fromJson(x, at)), at }
  if (isJsonObject(v)) return { k: 'object', members: Object.keys(v).map((key) => ({ key, keyAt: at, value: fromJson(v[key] as JsonValue, at) })), at }
  return scalar(v, at)
}

function text(b: Built): string | undefined {
  return b.k === 'scalar' && b.unresolved.length === 0 && b.value !== null ? String(b.value) : undefined
}

function items(b: Built): readonly Built[] | undefined {
  if (b.k === 'list') return b.items
  if (b.k === 'object') return b.members.map((m) => m.value)
  return undefined
}

const blocked = (args: readonly Built[], at: Origin, what: string): Built => {
  const unresolved = args.flatMap(unresolvedIn)
  return { k: 'unknown', at, unresolved: unresolved.length > 0 ? unresolved : [{ at, what, why: 'its arguments are not what iamtrace evaluates' }] }
}

/** `format` verbs `%s`, `%d`, `%v` and `%%`. */
function format(args: readonly Built[], at: Origin): Built {
  const spec = args[0] === undefined ? undefined : text(args[0])
  if (spec === undefined) return blocked(args, at, 'format')
  const parts: Built[] = []
  let next = 1
  let last = 0
  const re = /%(%|[sdv])/g
  for (let m = re.exec(spec); m !== null; m = re.exec(spec)) {
    parts.push(scalar(spec.slice(last, m.index), at))
    last = m.index + m[0].length
    if (m[1] === '%') parts.push(scalar('%', at))
    else parts.push(args[next++] ?? unknown(at, 'format', 'too few arguments'))
  }
  parts.push(scalar(spec.slice(last), at))
  return concat(parts, at)
}

/** Calls `name` on evaluated arguments. */
export function callFunction(name: string, args: readonly Built[], at: Origin): Built {
  const what = `${name}(…)`
  const s = (i: number): string | undefined => (args[i] === undefined ? undefined : text(args[i] as Built))
  switch (name) {
    case 'jsonencode': {
      const [v] = args
      if (v === undefined) return blocked(args, at, what)
      const m = materialize(v)
      return scalar(JSON.stringify(m.value ?? null), at, unresolvedIn(v))
    }
    case 'jsondecode': {
      const t = s(0)
      const read = t === undefined ? undefined : readJsonText(t)
      return read?.document === undefined ? blocked(args, at, what) : fromJson(read.document.value, at)
    }
    case 'format':
      return format(args, at)
    case 'join': {
      const sep = args[0]
      const lists = args.slice(1).map(items)
      if (sep === undefined || lists.some((l) => l === undefined)) return blocked(args, at, what)
      const parts: Built[] = []
      lists.flatMap((l) => l as Built[]).forEach((item, i) => parts.push(...(i > 0 ? [sep, item] : [item])))
      return concat(parts, at)
    }
    case 'split': {
      const sep = s(0)
      const t = args[1]
      if (sep === undefined || t === undefined || t.k !== 'scalar') return blocked(args, at, what)
      return { k: 'list', items: String(t.value).split(sep).map((p) => scalar(p, at, t.unresolved)), at }
    }
    case 'concat':
    case 'flatten': {
      // An unknown list stays in the result as one unknown element: the known elements are still read.
      const flat = (a: Built, deep: boolean): Built[] | undefined => (a.k === 'list' ? (deep ? a.items.flatMap((i) => (i.k === 'list' || i.k === 'unknown' ? (flat(i, true) ?? []) : [i])) : [...a.items]) : a.k === 'unknown' ? [a] : deep ? [a] : undefined)
      const lists = name === 'flatten' ? [args[0] === undefined ? undefined : flat(args[0], true)] : args.map((a) => flat(a, false))
      if (lists.some((l) => l === undefined)) return blocked(args, at, what)
      return { k: 'list', items: lists.flatMap((l) => l as Built[]), at }
    }
    case 'tolist':
    case 'toset':
    case 'distinct':
    case 'compact': {
      const list = args[0] === undefined ? undefined : items(args[0])
      if (list === undefined) return blocked(args, at, what)
      const seen = new Set<string>()
      const out = list.filter((i) => {
        if (name === 'compact' && i.k === 'scalar' && (i.value === '' || i.value === null)) return false
        if (name === 'tolist') return true
        const key = JSON.stringify(materialize(i).value ?? null)
        if (seen.has(key)) return false
        seen.add(key)
        return true
      })
      return { k: 'list', items: out, at }
    }
    case 'tostring':
    case 'tonumber':
    case 'tobool':
    case 'tomap':
    case 'sensitive':
    case 'nonsensitive':
      return args[0] ?? blocked(args, at, what)
    case 'lower':
    case 'upper':
    case 'trimspace': {
      const t = args[0]
      if (t === undefined || t.k !== 'scalar') return blocked(args, at, what)
      const v = String(t.value)
      return scalar(name === 'lower' ? v.toLowerCase() : name === 'upper' ? v.toUpperCase() : v.trim(), at, t.unresolved)
    }
    case 'trimprefix':
    case 'trimsuffix': {
      const t = s(0)
      const affix = s(1)
      if (t === undefined || affix === undefined) return blocked(args, at, what)
      if (name === 'trimprefix') return scalar(t.startsWith(affix) ? t.slice(affix.length) : t, at)
      return scalar(t.endsWith(affix) ? t.slice(0, t.length - affix.length) : t, at)
    }
    case 'replace': {
      const [t, from, to] = [s(0), s(1), s(2)]
      // A pattern in slashes is a regular expression: not evaluated on untrusted text.
      if (t === undefined || from === undefined || to === undefined || (from.startsWith('/') && from.endsWith('/') && from.length > 1)) return blocked(args, at, what)
      return scalar(t.split(from).join(to), at)
    }
    case 'coalesce': {
      for (const a of args) {
        if (a.k === 'unknown' || (a.k === 'scalar' && a.unresolved.length > 0)) return blocked([a], at, what)
        if (a.k === 'scalar' && (a.value === null || a.value === '')) continue
        return a
      }
      return blocked(args, at, what)
    }
    case 'coalescelist': {
      for (const a of args) {
        if (a.k !== 'list') return blocked([a], at, what)
        if (a.items.length > 0) return a
      }
      return { k: 'list', items: [], at }
    }
    case 'try': {
      const [first] = args
      return first !== undefined && isKnown(first) ? first : blocked(args, at, what)
    }
    case 'merge': {
      if (args.some((a) => a.k !== 'object')) return blocked(args, at, what)
      const members = new Map<string, BuiltMember>()
      for (const a of args) if (a.k === 'object') for (const m of a.members) members.set(m.key, m)
      return { k: 'object', members: [...members.values()], at }
    }
    case 'lookup': {
      const [map, , dflt] = args
      const key = s(1)
      if (map === undefined || map.k !== 'object' || key === undefined) return blocked(args, at, what)
      return map.members.find((m) => m.key === key)?.value ?? dflt ?? unknown(at, what, `the map has no key \`${key}\``)
    }
    case 'element': {
      const list = args[0]?.k === 'list' ? args[0].items : undefined
      const i = Number(s(1))
      if (list === undefined || !Number.isInteger(i) || list.length === 0) return blocked(args, at, what)
      return list[i % list.length] as Built
    }
    case 'one': {
      const list = args[0]?.k === 'list' ? args[0].items : undefined
      if (list === undefined || list.length > 1) return blocked(args, at, what)
      return list[0] ?? scalar(null, at)
    }
    case 'length': {
      const list = args[0] === undefined ? undefined : items(args[0])
      if (list !== undefined) return scalar(list.length, at)
      const t = s(0)
      return t === undefined ? blocked(args, at, what) : scalar([...t].length, at)
    }
    case 'keys':
    case 'values': {
      const map = args[0]
      if (map === undefined || map.k !== 'object') return blocked(args, at, what)
      return { k: 'list', items: [...map.members].sort((a, b) => a.key.localeCompare(b.key)).map((m) => (name === 'keys' ? scalar(m.key, m.keyAt) : m.value)), at }
    }
    case 'contains': {
      const list = args[0]?.k === 'list' ? args[0].items : undefined
      const v = args[1]
      if (list === undefined || v === undefined || !isKnown(v) || !list.every(isKnown)) return blocked(args, at, what)
      const key = JSON.stringify(materialize(v).value)
      return scalar(list.some((i) => JSON.stringify(materialize(i).value) === key), at)
    }
    case 'startswith':
    case 'endswith': {
      const [t, affix] = [s(0), s(1)]
      if (t === undefined || affix === undefined) return blocked(args, at, what)
      return scalar(name === 'startswith' ? t.startsWith(affix) : t.endsWith(affix), at)
    }
    default:
      return unknown(at, what, name === 'file' || name === 'templatefile' ? 'iamtrace does not read files a configuration loads' : 'iamtrace does not evaluate this function')
  }
}
