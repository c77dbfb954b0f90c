/**
 * A quick side-by-side of one scenario while working on performance (not part of `npm run bench`):
 *
 *   node --expose-gc --import tsx bench/compareOne.ts bench/scenarios/same-account.json [rounds]
 *
 * Prints iamtrace (trace off, trace on) and iam-simulate's core from plain request objects, with the
 * round-by-round ratios.
 */
import { readFileSync } from 'node:fs'
import * as iamtrace from '../src/index.js'
import { measureSingle, prepare } from './evaluation.js'
import { loadIamSimulate, toSimulation } from './iamSimulate.js'
import { pairedRatio } from './measure.js'

const file = process.argv[2] ?? 'bench/scenarios/same-account.json'
const rounds = Number(process.argv[3] ?? 15)
const sim = await loadIamSimulate()
const p = await prepare(iamtrace, sim, file, readFileSync(file, 'utf8'), toSimulation)
if (p?.core === undefined) throw new Error(`${file}: not comparable`)
const f = measureSingle(iamtrace, p, { rounds, roundMs: 50, warmMs: 500 })
const us = (x: number): string => `${x.toFixed(2)} µs`
process.stdout.write(`off ${us(f.off.medianUs)} (min ${us(f.off.minUs)}), on ${us(f.on.medianUs)}, full ${us(f.full.medianUs)}, theirs ${us(f.theirs.medianUs)} (min ${us(f.theirs.minUs)})\n`)
process.stdout.write(`theirs/off ${pairedRatio(f.theirs, f.off).toFixed(1)}× (of minimums ${(f.theirs.minUs / f.off.minUs).toFixed(1)}×), on/off ${pairedRatio(f.on, f.off).toFixed(2)}×, full/off ${pairedRatio(f.full, f.off).toFixed(2)}×\n`)
