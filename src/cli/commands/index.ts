/**
 * The command table: name → help text and runner. Each runner returns the exit code.
 */
import type { ParsedArgs } from '../args.js'
import type { Io } from '../io.js'
import { assumeHelp, runAssume } from './assume.js'
import { evalHelp, runEval } from './eval.js'
import { runTest, testHelp } from './test.js'
import { lintHelp, runLint } from './lint.js'
import { canHelp, runCan } from './can.js'
import { graphHelp, runGraph } from './graph.js'
import { pathsHelp, runPaths } from './paths.js'
import { runWhoCanAssume, whoCanAssumeHelp } from './whoCanAssume.js'

/** A CLI command. */
export interface Command {
  readonly summary: string
  readonly help: string
  /** Flags that take no value. */
  readonly switches?: readonly string[]
  run(args: ParsedArgs, io: Io): number | Promise<number>
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  assume: { summary: 'evaluate an STS call file: every required action, request rules, the resulting session', help: assumeHelp, run: runAssume },
  eval: { summary: 'evaluate scenario files and print the decision with its trace', help: evalHelp, run: runEval },
  test: { summary: 'run scenario files against their expected decisions', help: testHelp, run: runTest },
  lint: { summary: 'lint trust and identity policies in files, templates, plans and snapshots', help: lintHelp, run: runLint },
  can: { summary: 'can a principal assume a role? one trust question over a snapshot', help: canHelp, run: runCan },
  'who-can-assume': { summary: 'every principal (and chain) that can assume a role', help: whoCanAssumeHelp, switches: ['transitive'], run: runWhoCanAssume },
  paths: { summary: 'every chain of roles from a principal to a role, hop by hop', help: pathsHelp, run: runPaths },
  graph: { summary: 'draw the trust graph of a snapshot (Mermaid or dot)', help: graphHelp, run: runGraph },
}
