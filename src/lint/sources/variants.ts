/**
 * CloudFormation condition assignments: which branch of each `Fn::If` a resolution took, and a short text
 * saying when a finding applies, given the assignments in which it was found.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html
 */

/** Condition name → branch taken. */
export type Assignment = ReadonlyMap<string, boolean>

/** At most this many assignments are linted per resource; further `Fn::If`s stay unknown values. */
const MAX_VARIANTS = 16

/**
 * Resolves `run` for every assignment of the conditions it meets, splitting on each condition it reports
 * as needed until {@link MAX_VARIANTS} is reached.
 */
export function eachAssignment<T>(run: (assignment: Assignment, needed: Set<string>) => T): { assignment: Assignment; value: T }[] {
  const done: { assignment: Assignment; value: T }[] = []
  const queue: Assignment[] = [new Map()]
  for (let a = queue.shift(); a !== undefined; a = queue.shift()) {
    const needed = new Set<string>()
    const value = run(a, needed)
    const open = [...needed].find((c) => !a.has(c))
    if (open !== undefined && done.length + queue.length + 2 <= MAX_VARIANTS) {
      queue.push(new Map([...a, [open, true]]), new Map([...a, [open, false]]))
      continue
    }
    done.push({ assignment: a, value })
  }
  return done
}

/** Every full assignment over `names` that `a` is compatible with (unassigned names take both values). */
function expand(a: Assignment, names: readonly string[]): string[] {
  let out = ['']
  for (const n of names) {
    const v = a.get(n)
    out = out.flatMap((prefix) => (v === undefined ? [`${prefix}1`, `${prefix}0`] : [`${prefix}${v ? '1' : '0'}`]))
  }
  return out
}

/**
 * When a finding applies: undefined when it holds in every assignment, else a text such as
 * "when condition `IsPublic` is true". Conditions that make no difference are left out.
 */
export function describeWhen(covered: readonly Assignment[], all: readonly Assignment[]): string | undefined {
  const names = [...new Set(all.flatMap((a) => [...a.keys()]))].sort()
  if (names.length === 0) return undefined
  const universe = new Set(all.flatMap((a) => expand(a, names)))
  const set = new Set(covered.flatMap((a) => expand(a, names)))
  if ([...universe].every((u) => set.has(u))) return undefined
  let live = names.map((_, i) => i)
  // Drop a condition when flipping it never leaves the covered set (it makes no difference).
  for (const i of [...live]) {
    const flip = (s: string): string => s.slice(0, i) + (s[i] === '1' ? '0' : '1') + s.slice(i + 1)
    if ([...set].every((s) => set.has(flip(s)) || !universe.has(flip(s)))) live = live.filter((j) => j !== i)
  }
  const terms = new Set([...set].map((s) => live.map((i) => `condition \`${names[i]}\` is ${s[i] === '1' ? 'true' : 'false'}`).join(' and ')))
  return `when ${[...terms].sort().join(', or ')}`
}

