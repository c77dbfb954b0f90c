/**
 * Organization scale: `iamtrace who-can-assume --all --transitive --format json` over a generated
 * enterprise-shaped organization (default 50,000 users and 10,000 roles in 100 accounts), run as a user
 * runs it (the built CLI, a child process, output to a file), on every core and then on one thread:
 * wall time, CPU time, peak RSS, throughput, the speed-up of the same run, and whether both outputs are
 * byte for byte equal. Targets: ≤ 60 s on two cores, peak RSS ≤ 2 GB.
 *
 *   node --import tsx bench/orgScale.ts [--principals 50000] [--roles 10000] [--accounts 100]
 *                                       [--no-single] [--shards N] [--json FILE] [--cli bin/iamtrace.cjs]
 *
 * The CLI is built into a private directory first (as `npm run bench` does), unless `--cli` names one.
 *
 * Peak RSS and CPU time are read from /proc (Linux); elsewhere they are reported as unknown.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { stage } from '../scripts/pack.js'
import { generateOrg } from './generateOrg.js'

const cliIndex = process.argv.indexOf('--cli')
const CLI = cliIndex >= 0 ? (process.argv[cliIndex + 1] as string) : join(stage(), 'bin/iamtrace.cjs')
const TARGET_SECONDS = 60
const TARGET_RSS = 2 * 1024 ** 3

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}

/** One CLI run: wall time, CPU time and peak RSS (from /proc while it runs), output bytes and lines. */
interface Run {
  readonly label: string
  readonly seconds: number
  readonly cpuSeconds: number | undefined
  readonly peakRss: number | undefined
  readonly bytes: number
  readonly code: number | null
  readonly stderr: string
}

/** Linux reports CPU time in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100

function sampleProc(pid: number): { rss?: number | undefined; cpu?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { rss: hwm === null ? undefined : Number(hwm[1]) * 1024, cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND }
  } catch {
    return {}
  }
}

/** Reads a file in chunks (outputs can pass the longest string V8 makes). */
function chunks(file: string, each: (chunk: Buffer) => void): void {
  const fd = openSync(file, 'r')
  const buffer = Buffer.alloc(1 << 24)
  try {
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) each(buffer.subarray(0, n))
  } finally {
    closeSync(fd)
  }
}

function countLines(file: string): number {
  let n = 0
  chunks(file, (c) => {
    for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) n++
  })
  return n
}

function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false
  const hash = (file: string): string => {
    const h = createHash('sha256')
    chunks(file, (c) => h.update(c))
    return h.digest('hex')
  }
  return hash(a) === hash(b)
}

function runCli(label: string, args: readonly string[], outFile: string): Promise<Run> {
  return new Promise((resolve) => {
    const fd = openSync(outFile, 'w')
    const t0 = performance.now()
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', fd, 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()))
    let peakRss: number | undefined
    let cpuSeconds: number | undefined
    const timer = setInterval(() => {
      const s = sampleProc(child.pid as number)
      if (s.rss !== undefined) peakRss = Math.max(peakRss ?? 0, s.rss)
      if (s.cpu !== undefined) cpuSeconds = s.cpu
    }, 100)
    child.on('close', (code) => {
      clearInterval(timer)
      closeSync(fd)
      resolve({ label, seconds: (performance.now() - t0) / 1000, cpuSeconds, peakRss, bytes: statSync(outFile).size, code, stderr })
    })
  })
}

const params = { principals: arg('principals', 50_000), roles: arg('roles', 10_000), accounts: arg('accounts', 100), profile: 'enterprise' as const }
const shards = arg('shards', 0)
const dir = mkdtempSync(join(tmpdir(), 'iamtrace-org-'))
const log = (m: string): void => void process.stderr.write(`${m}\n`)
try {
  const g0 = performance.now()
  for (const f of generateOrg(params)) writeFileSync(join(dir, f.file), JSON.stringify(f.value))
  log(`generated ${params.principals} users × ${params.roles} roles in ${params.accounts} accounts in ${((performance.now() - g0) / 1000).toFixed(1)} s`)
  const base = ['who-can-assume', '--all', '--transitive', '--snapshot', dir, '--format', 'json', '--quiet']
  const load0 = loadavg()[0] as number
  log('running who-can-assume --all on every core…')
  const all = await runCli(`every core (${cpus().length})`, base, join(dir, 'all.jsonl'))
  const runs: Run[] = [all]
  if (!process.argv.includes('--no-single')) {
    log('running who-can-assume --all --workers 1…')
    runs.push(await runCli('one thread (--workers 1)', [...base, '--workers', '1'], join(dir, 'one.jsonl')))
  }
  let merged: Run | undefined
  if (shards > 1) {
    log(`running ${shards} shards one after another, then iamtrace merge…`)
    const files: string[] = []
    for (let i = 1; i <= shards; i++) {
      files.push(join(dir, `shard-${i}.jsonl`))
      runs.push(await runCli(`shard ${i}/${shards}`, [...base, '--shard', `${i}/${shards}`], files[i - 1] as string))
    }
    merged = await runCli('merge', ['merge', ...files], join(dir, 'merged.jsonl'))
    runs.push(merged)
  }
  const load1 = loadavg()[0] as number
  const lines = countLines(join(dir, 'all.jsonl'))
  const same = (file: string): boolean => sameBytes(join(dir, file), join(dir, 'all.jsonl'))
  const gb = (b: number | undefined): string => (b === undefined ? 'unknown' : `${(b / 1024 ** 3).toFixed(2)} GB`)
  const out: string[] = []
  out.push(`organization: ${params.principals} users, ${params.roles} roles, ${params.accounts} accounts (enterprise profile); ${lines} roles answered, ${(all.bytes / 1024 ** 2).toFixed(0)} MB of JSON`)
  out.push('')
  out.push('| run | wall | CPU (user + system) | peak RSS | roles/s | exit |')
  out.push('| --- | ---: | ---: | ---: | ---: | :---: |')
  for (const r of runs) out.push(`| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.cpuSeconds === undefined ? 'unknown' : `${r.cpuSeconds.toFixed(1)} s`} | ${gb(r.peakRss)} | ${r.label === 'merge' ? '' : (lines / r.seconds / (r.label.startsWith('shard') ? shards : 1)).toFixed(0)} | ${r.code} |`)
  out.push('')
  const single = runs.find((r) => r.label.startsWith('one thread'))
  if (single !== undefined) out.push(`speed-up of every core over one thread (same run): ${(single.seconds / all.seconds).toFixed(2)}×; outputs identical: ${same('one.jsonl') ? 'yes' : 'NO'}`)
  if (merged !== undefined) out.push(`merged ${shards} shards identical to one run: ${same('merged.jsonl') ? 'yes' : 'NO'}`)
  out.push(`machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} CPUs, Node ${process.version}; load average ${load0.toFixed(1)} before, ${load1.toFixed(1)} after (other processes share the cores)`)
  out.push('')
  const timeOk = all.seconds <= TARGET_SECONDS && all.code === 0
  const rssOk = all.peakRss !== undefined && all.peakRss <= TARGET_RSS
  out.push(`target: full matrix (transitive) ≤ ${TARGET_SECONDS} s on ${cpus().length} cores: ${all.seconds.toFixed(1)} s — ${timeOk ? 'PASS' : 'MISS'}`)
  out.push(`target: peak RSS ≤ 2 GB: ${gb(all.peakRss)} — ${rssOk ? 'PASS' : 'MISS'}`)
  for (const r of runs) if (r.code !== 0) out.push(`${r.label} failed: ${r.stderr.slice(0, 400)}`)
  process.stdout.write(`${out.join('\n')}\n`)
  const jsonIndex = process.argv.indexOf('--json')
  if (jsonIndex >= 0) writeFileSync(process.argv[jsonIndex + 1] as string, `${JSON.stringify({ date: new Date().toISOString(), params, lines, runs: runs.map(({ stderr: _, ...r }) => r), load: [load0, load1], targets: { seconds: timeOk, rss: rssOk } }, null, 2)}\n`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
