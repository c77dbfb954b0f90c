/**
 * JSON Patch (RFC 6902) over plain JSON values: the operations a fix is written in, and the function
 * that applies them to verify the fix. Objects are copied into null-prototype records, so a key such as
 * `__proto__` in a pointer is data and never reaches a prototype. Never throws.
 * https://www.rfc-editor.org/rfc/rfc6902
 */

/** A JSON value as patches read and write it. */
export type PatchValue = string | number | boolean | null | readonly PatchValue[] | { readonly [key: string]: PatchValue }

/**
 * One JSON Patch operation.
 *
 * @example
 * const op: JsonPatchOperation = { op: 'add', path: '/Statement/0/Action/-', value: 'sts:TagSession' }
 */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: PatchValue }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string }

/** The patched document, or why an operation could not be applied. */
export type PatchOutcome = { readonly ok: true; readonly value: PatchValue } | { readonly ok: false; readonly index: number; readonly message: string }

type Mutable = PatchValue[] | Record<string, PatchValue>

/**
 * Escapes one reference token of a JSON pointer (RFC 6901): `~` → `~0`, `/` → `~1`.
 *
 * @example
 * pointerToken('token.actions.githubusercontent.com:sub') // unchanged
 * pointerToken('a/b') // 'a~1b'
 */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

function tokens(pointer: string): string[] | undefined {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) return undefined
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** A deep copy with null-prototype objects. */
function clone(value: PatchValue): PatchValue {
  if (Array.isArray(value)) return (value as readonly PatchValue[]).map(clone)
  if (value !== null && typeof value === 'object') {
    const out = Object.create(null) as Record<string, PatchValue>
    for (const key of Object.keys(value)) out[key] = clone((value as Record<string, PatchValue>)[key] as PatchValue)
    return out
  }
  return value
}

function isContainer(v: PatchValue | undefined): v is Mutable {
  return v !== null && typeof v === 'object'
}

function arrayIndex(token: string, length: number, forAdd: boolean): number | undefined {
  if (forAdd && token === '-') return length
  if (!/^(0|[1-9]\d*)$/.test(token)) return undefined
  const i = Number(token)
  return i < length || (forAdd && i === length) ? i : undefined
}

/** The parent container and last token of `path` inside `root`. */
function locate(root: PatchValue, path: string[]): { parent: Mutable; last: string } | undefined {
  let node: PatchValue | undefined = root
  for (const token of path.slice(0, -1)) {
    if (!isContainer(node)) return undefined
    if (Array.isArray(node)) {
      const i = arrayIndex(token, node.length, false)
      node = i === undefined ? undefined : node[i]
    } else node = Object.hasOwn(node, token) ? (node as Record<string, PatchValue>)[token] : undefined
  }
  const last = path[path.length - 1]
  return isContainer(node) && last !== undefined ? { parent: node, last } : undefined
}

function get(root: PatchValue, pointer: string): PatchValue | undefined {
  const path = tokens(pointer)
  if (path === undefined) return undefined
  let node: PatchValue | undefined = root
  for (const token of path) {
    if (!isContainer(node)) return undefined
    if (Array.isArray(node)) {
      const i = arrayIndex(token, node.length, false)
      node = i === undefined ? undefined : node[i]
    } else node = Object.hasOwn(node, token) ? (node as Record<string, PatchValue>)[token] : undefined
  }
  return node
}

function equal(a: PatchValue | undefined, b: PatchValue | undefined): boolean {
  if (a === b) return true
  if (!isContainer(a) || !isContainer(b) || Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal((a as Record<string, PatchValue>)[k], (b as Record<string, PatchValue>)[k]))
}

/** Applies one operation in place on `root` (a private copy); returns the new root or an error message. */
function applyOne(root: PatchValue, op: JsonPatchOperation): { root: PatchValue } | string {
  const path = tokens(op.path)
  if (path === undefined) return `\`${op.path}\` is not a JSON pointer`
  if (op.op === 'test') return equal(get(root, op.path), op.value) ? { root } : `the value at \`${op.path}\` differs`
  if (op.op === 'move' || op.op === 'copy') {
    const value = get(root, op.from)
    if (value === undefined) return `nothing at \`${op.from}\``
    if (op.op === 'move' && (op.path === op.from || op.path.startsWith(`${op.from}/`))) return `cannot move \`${op.from}\` into itself`
    let next = root
    if (op.op === 'move') {
      const removed = applyOne(root, { op: 'remove', path: op.from })
      if (typeof removed === 'string') return removed
      next = removed.root
    }
    return applyOne(next, { op: 'add', path: op.path, value: clone(value) })
  }
  const value = op.op === 'remove' ? null : (op as { readonly value: PatchValue }).value
  if (path.length === 0) {
    if (op.op === 'remove') return 'cannot remove the whole document'
    return { root: clone(value) }
  }
  const at = locate(root, path)
  if (at === undefined) return `the parent of \`${op.path}\` does not exist`
  const { parent, last } = at
  if (Array.isArray(parent)) {
    const i = arrayIndex(last, parent.length, op.op === 'add')
    if (i === undefined) return `\`${last}\` is not an index of the array at \`${op.path}\``
    if (op.op === 'add') parent.splice(i, 0, clone(value))
    else if (op.op === 'remove') parent.splice(i, 1)
    else parent[i] = clone(value)
    return { root }
  }
  const record = parent as Record<string, PatchValue>
  if (op.op !== 'add' && !Object.hasOwn(record, last)) return `nothing at \`${op.path}\``
  if (op.op === 'remove') delete record[last]
  else record[last] = clone(value)
  return { root }
}

/**
 * Applies operations in order to a copy of `document`; the input is never modified.
 *
 * @example
 * applyJsonPatch({ Statement: [{ Action: ['sts:AssumeRole'] }] }, [{ op: 'add', path: '/Statement/0/Action/-', value: 'sts:TagSession' }])
 * // { ok: true, value: { Statement: [{ Action: ['sts:AssumeRole', 'sts:TagSession'] }] } }
 */
export function applyJsonPatch(document: PatchValue, operations: readonly JsonPatchOperation[]): PatchOutcome {
  let root = clone(document)
  for (const [index, op] of operations.entries()) {
    const r = applyOne(root, op)
    if (typeof r === 'string') return { ok: false, index, message: r }
    root = r.root
  }
  return { ok: true, value: root }
}
