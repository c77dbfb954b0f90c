/**
 * Two-level minimization (Quine–McCluskey with don't-cares, greedy cover) for the few atoms of a
 * residual: turns the allowing assignments into a short OR of ANDs.
 */

/** A product term: the bits in `care` must equal those of `value`. */
export interface Implicant {
  readonly value: number
  readonly care: number
}

/** Minimizes the function that is 1 on `on`, free on `dontCare`, 0 elsewhere, over `n` ≤ 16 variables. */
export function minimizeDnf(n: number, on: readonly number[], dontCare: readonly number[]): Implicant[] {
  const full = (1 << n) - 1
  if (on.length === 0) return []
  const onSet = new Set(on)
  let current = new Map<string, Implicant>()
  for (const m of [...on, ...dontCare]) current.set(`${m}/${full}`, { value: m, care: full })
  const primes: Implicant[] = []
  while (current.size > 0) {
    const next = new Map<string, Implicant>()
    const used = new Set<string>()
    const list = [...current.entries()]
    // Group by care mask: only terms with the same mask can merge.
    const byCare = new Map<number, [string, Implicant][]>()
    for (const e of list) {
      const g = byCare.get(e[1].care)
      if (g === undefined) byCare.set(e[1].care, [e])
      else g.push(e)
    }
    for (const group of byCare.values()) {
      for (let i = 0; i < group.length; i++) {
        for (let j = i + 1; j < group.length; j++) {
          const [ka, a] = group[i] as [string, Implicant]
          const [kb, b] = group[j] as [string, Implicant]
          const diff = a.value ^ b.value
          if (diff === 0 || (diff & (diff - 1)) !== 0) continue
          const merged: Implicant = { value: a.value & ~diff, care: a.care & ~diff }
          next.set(`${merged.value}/${merged.care}`, merged)
          used.add(ka)
          used.add(kb)
        }
      }
    }
    for (const [k, imp] of list) if (!used.has(k)) primes.push(imp)
    current = next
  }
  // Greedy cover of the on-set: essential primes first, then the prime covering most remaining minterms.
  const covers = (imp: Implicant, m: number): boolean => (m & imp.care) === imp.value
  const remaining = new Set(onSet)
  const chosen: Implicant[] = []
  for (const m of on) {
    const covering = primes.filter((p) => covers(p, m))
    if (covering.length === 1 && !chosen.includes(covering[0] as Implicant)) chosen.push(covering[0] as Implicant)
  }
  for (const p of chosen) for (const m of [...remaining]) if (covers(p, m)) remaining.delete(m)
  while (remaining.size > 0) {
    let best: Implicant | undefined
    let bestCount = 0
    for (const p of primes) {
      let count = 0
      for (const m of remaining) if (covers(p, m)) count++
      if (count > bestCount || (count === bestCount && best !== undefined && simpler(p, best))) {
        best = p
        bestCount = count
      }
    }
    if (best === undefined || bestCount === 0) break
    chosen.push(best)
    for (const m of [...remaining]) if (covers(best, m)) remaining.delete(m)
  }
  return chosen
}

/** Fewer literals first, then fewer negated literals (a residual reads best in the policies' own terms). */
function simpler(a: Implicant, b: Implicant): boolean {
  const la = popcount(a.care)
  const lb = popcount(b.care)
  if (la !== lb) return la < lb
  return popcount(a.care & ~a.value) < popcount(b.care & ~b.value)
}

function popcount(x: number): number {
  let c = 0
  for (let v = x; v !== 0; v &= v - 1) c++
  return c
}
