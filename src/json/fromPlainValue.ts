/**
 * Converts a JavaScript value handed in by an API caller (e.g. a policy object from `JSON.parse` or an
 * SDK) into the reader's {@link JsonValue} model: null-prototype objects, own enumerable string keys
 * only, no getters run twice, no prototype keys followed. Iterative, so cycles and deep nesting end
 * at `maxDepth` instead of overflowing the stack.
 */
import { childPointer, diagnostic, type Diagnostic } from '../diagnostics.js'
import { err, ok, type Result } from '../result.js'
import { DEFAULT_MAX_DEPTH, newJsonObject, type JsonValue } from './jsonValue.js'

/**
 * Options for {@link fromPlainValue}.
 *
 * @example
 * fromPlainValue(value, { maxDepth: 32 })
 */
export interface PlainValueOptions {
  /** Maximum nesting of arrays and objects (default 64); also ends cycles. */
  readonly maxDepth?: number
}

interface Task {
  readonly source: unknown
  readonly pointer: string
  readonly depth: number
  readonly store: (value: JsonValue) => void
}

/** True for an object literal, `Object.create(null)` or a `JSON.parse` result (from any realm). */
function isPlainObject(value: object): boolean {
  return Object.prototype.toString.call(value) === '[object Object]'
}

/**
 * Copies a plain JavaScript value into the JSON value model, or fails with `json.unsupported-value`
 * (functions, symbols, bigints, non-finite numbers, class instances such as Date or Map, sparse or
 * `undefined` array items) or `json.too-deep`. Object properties whose value is `undefined` are
 * skipped, as `JSON.stringify` does. Never throws, even for throwing getters or proxies.
 *
 * @example
 * const r = fromPlainValue(JSON.parse('{"__proto__": {"x": 1}}'))
 * if (r.ok) Object.getPrototypeOf(r.value) // null: `__proto__` is an ordinary key
 */
export function fromPlainValue(input: unknown, options: PlainValueOptions = {}): Result<JsonValue, Diagnostic> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH
  let root: JsonValue = null
  const tasks: Task[] = [{ source: input, pointer: '', depth: 0, store: (v) => (root = v) }]
  let current = ''
  try {
    for (let task = tasks.pop(); task !== undefined; task = tasks.pop()) {
      current = task.pointer
      const problem = convertOne(task, tasks, maxDepth)
      if (problem !== undefined) return err(problem)
    }
  } catch {
    // A getter or proxy trap threw: the value cannot be read safely.
    return err(diagnostic('json.unsupported-value', current, 'a property could not be read'))
  }
  return ok(root)
}

function convertOne(task: Task, tasks: Task[], maxDepth: number): Diagnostic | undefined {
  const { source, pointer } = task
  switch (typeof source) {
    case 'string':
    case 'boolean':
      task.store(source)
      return undefined
    case 'number':
      if (!Number.isFinite(source)) return diagnostic('json.unsupported-value', pointer, `\`${source}\` is not a JSON number`)
      task.store(source)
      return undefined
    case 'object':
      break
    default:
      return diagnostic('json.unsupported-value', pointer, `a ${typeof source} is not a JSON value`)
  }
  if (source === null) {
    task.store(null)
    return undefined
  }
  if (task.depth >= maxDepth) return diagnostic('json.too-deep', pointer, `the value nests deeper than ${maxDepth} levels`)
  if (Array.isArray(source)) {
    const length = source.length
    // A sparse array (holes) is rejected before allocating anything of its length.
    if (Object.keys(source).length !== length) {
      return diagnostic('json.unsupported-value', pointer, 'an array has missing items')
    }
    const items: JsonValue[] = new Array<JsonValue>(length).fill(null)
    task.store(items)
    for (let index = length - 1; index >= 0; index--) {
      if (!Object.hasOwn(source, index) || source[index] === undefined) {
        return diagnostic('json.unsupported-value', childPointer(pointer, index), 'an array item is missing or undefined')
      }
      tasks.push({ source: source[index], pointer: childPointer(pointer, index), depth: task.depth + 1, store: (v) => (items[index] = v) })
    }
    return undefined
  }
  if (!isPlainObject(source)) return diagnostic('json.unsupported-value', pointer, 'an object that is not a plain object is not a JSON value')
  const members = newJsonObject()
  task.store(members)
  const keys = Object.keys(source)
  const record = source as Record<string, unknown>
  const children: Task[] = []
  for (const key of keys) {
    const child = childPointer(pointer, key)
    let value: unknown
    try {
      value = record[key]
    } catch {
      return diagnostic('json.unsupported-value', child, 'a property getter threw while reading it')
    }
    if (value === undefined) continue
    // INVARIANT: `members` has a null prototype, so `__proto__` here defines an own property.
    // Placeholders are set in key order so the copy keeps the caller's member order.
    members[key] = null
    children.push({ source: value, pointer: child, depth: task.depth + 1, store: (v) => (members[key] = v) })
  }
  // Pushed in reverse so members are converted (and reported) in key order.
  for (let k = children.length - 1; k >= 0; k--) tasks.push(children[k] as Task)
  return undefined
}
