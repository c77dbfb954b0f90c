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
    starts ??= build()
    const onLine = (line: number): boolean => (starts as number[])[line] as number <= offset && (line + 1 >= (starts as number[]).length || offset < ((starts as number[])[line + 1] as number))
    let lo: number
    if (onLine(last)) lo = last
    else if (last + 1 < starts.length && onLine(last + 1)) lo = last + 1
    else {
      lo = 0
      let hi = starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((starts[mid] as number) <= offset) lo = mid
        else hi = mid - 1
      }
    }
    last = lo
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 }
  }
}
