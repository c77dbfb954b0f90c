/**
 * CLI start for `npm run bench`: the shipped CLI answering one scenario (`iamtrace eval FILE`) against
 * Node.js starting and doing nothing (`node -e 0`), each a whole process, run in turn A B A B … so that
 * a change in the machine's load falls on both; the ratio is taken pair by pair.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { median } from './measure.js'
import type { Measurement } from './measure.js'

/** CLI start figures. */
export interface CliStart {
  readonly iamtrace: Measurement
  readonly node: Measurement
  /** The median of the per-pair ratios iamtrace / node. */
  readonly ratio: number
  readonly pairs: number
}

function spawnUs(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env })
  const us = (performance.now() - t0) * 1000
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}: ${r.stderr}`)
  return us
}

/**
 * Times `node STAGE/bin/iamtrace.cjs eval SCENARIO` against `node -e 0`, `pairs` pairs after 2 warm-up
 * pairs. With `codeCache` the CLI keeps its V8 code cache in STAGE/.cache (the first warm-up run writes
 * it, as a user's first run does); without, the cache is off (`IAMTRACE_COMPILE_CACHE=0`).
 */
export function measureCliStart(stageDir: string, scenario: string, pairs: number, codeCache: boolean): CliStart {
  const ours = [join(stageDir, 'bin/iamtrace.cjs'), 'eval', scenario]
  const node = ['-e', '0']
  const env = { ...process.env, IAMTRACE_COMPILE_CACHE: codeCache ? join(stageDir, '.cache') : '0' }
  const a: number[] = []
  const b: number[] = []
  const ratios: number[] = []
  for (let i = 0; i < pairs + 2; i++) {
    const x = spawnUs(ours, env)
    const y = spawnUs(node, env)
    if (i < 2) continue
    a.push(x)
    b.push(y)
    ratios.push(x / y)
  }
  const summary = (list: number[]): Measurement => ({ medianUs: median(list), minUs: Math.min(...list), rounds: list.length })
  return { iamtrace: summary(a), node: summary(b), ratio: median(ratios), pairs }
}
