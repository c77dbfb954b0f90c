/**
 * The command table: name → help text and runner. Each runner returns the exit code.
 */
import type { ParsedArgs } from '../args.js'
import type { Io } from '../io.js'
import { EVAL_COMMAND } from './evalCommand.js'

/** A command's module, loaded when the command runs. */
export interface LoadedCommand {
  readonly help: string
  run(args: ParsedArgs, io: Io): number | Promise<number>
}

/**
 * A CLI command. PERF: `load` imports the command's module only when it runs, so that start-up parses
 * only what one command needs (cold start).
 */
export interface Command {
  readonly summary: string
  /** Flags that take no value. */
  readonly switches?: readonly string[]
  /** One-letter flags: `{ o: 'output' }` reads `-o FILE` as `--output FILE`. */
  readonly aliases?: Readonly<Record<string, string>>
  load(): Promise<LoadedCommand>
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  assume: { summary: 'evaluate an STS call file: every required action, request rules, the resulting session', load: async () => { const m = await import('./assume.js'); return { help: m.assumeHelp, run: m.runAssume } } },
  eval: { ...EVAL_COMMAND, load: async () => { const m = await import('./eval.js'); return { help: m.evalHelp, run: m.runEval } } },
  test: { summary: 'run scenario files against their expected decisions', load: async () => { const m = await import('./test.js'); return { help: m.testHelp, run: m.runTest } } },
  lint: { summary: 'lint trust and identity policies in files, templates, plans and snapshots', load: async () => { const m = await import('./lint.js'); return { help: m.lintHelp, run: m.runLint } } },
  diff: { summary: 'who can do what after a change that they could not before, with witness requests', switches: ['no-chains'], load: async () => { const m = await import('./diff.js'); return { help: m.diffHelp, run: m.runDiff } } },
  can: { summary: 'can a principal assume a role? one trust question over a snapshot', load: async () => { const m = await import('./can.js'); return { help: m.canHelp, run: m.runCan } } },
  'who-can-assume': { summary: 'every principal (and chain) that can assume a role', switches: ['transitive', 'all', 'quiet'], load: async () => { const m = await import('./whoCanAssume.js'); return { help: m.whoCanAssumeHelp, run: m.runWhoCanAssume } } },
  merge: { summary: 'merge the JSON outputs of --shard runs into the output of one run', load: async () => { const m = await import('./merge.js'); return { help: m.mergeHelp, run: m.runMerge } } },
  paths: { summary: 'every chain of roles from a principal to a role, hop by hop', load: async () => { const m = await import('./paths.js'); return { help: m.pathsHelp, run: m.runPaths } } },
  escalations: { summary: 'privilege-escalation paths to an administrator or a role, beyond AssumeRole', load: async () => { const m = await import('./escalations.js'); return { help: m.escalationsHelp, run: m.runEscalations } } },
  explain: { summary: 'explain CloudTrail records: the request AWS saw, decision and trace, agreement, verified fixes', load: async () => { const m = await import('./explain.js'); return { help: m.explainHelp, run: m.runExplain } } },
  graph: { summary: 'draw the trust graph of a snapshot (Mermaid or dot)', load: async () => { const m = await import('./graph.js'); return { help: m.graphHelp, run: m.runGraph } } },
  report: { summary: 'one self-contained HTML page: trust graph, who can assume each role, escalations, findings, gaps', aliases: { o: 'output' }, switches: ['no-escalations'], load: async () => { const m = await import('./report.js'); return { help: m.reportHelp, run: m.runReport } } },
}
