/** Converts offsets in a text to 1-based line and column, computing line starts once, lazily. */
import type { SourcePosition } from '../diagnostics.js'

/** Maps offsets to positions. `firstOffset` skips a byte-order mark so columns start after it. */
export function createLineIndex(text: string, firstOffset: number): (offset: number) => SourcePosition {
  let starts: number[] | undefined
  const build = (): number[] => {
    const result = [firstOffset]
    if (text.indexOf('\r', firstOffset) < 0) {
      // PERF: without carriage returns a line ends at each `\n`, found by the native search.
      for (let i = text.indexOf('\n', firstOffset); i >= 0; i = text.indexOf('\n', i + 1)) result.push(i + 1)
      return result
    }
    for (let i = firstOffset; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c === 10) result.push(i + 1)
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) result.push(i + 1)
    }
    return result
  }
  // PERF: readers ask in document order, mostly: the line of the last answer, or the next, is tried first.
  let last = 0
  return (offset) => {
    const lines = (starts ??= build())
    const n = lines.length
    let lo: number
    if ((lines[last] as number) <= offset && (last + 1 >= n || offset < (lines[last + 1] as number))) lo = last
    else if (last + 1 < n && (lines[last + 1] as number) <= offset && (last + 2 >= n || offset < (lines[last + 2] as number))) lo = last + 1
    else {
      lo = 0
      let hi = n - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((lines[mid] as number) <= offset) lo = mid
        else hi = mid - 1
      }
    }
    last = lo
    return { line: lo + 1, column: offset - (lines[lo] as number) + 1 }
  }
}
