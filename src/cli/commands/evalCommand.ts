/**
 * The `eval` command's table entry, in a module of its own: the command table and the `eval` start-up
 * entry (src/cli/evalMain.ts) both read it, and the start-up bundle must not pull in the table, whose
 * loaders reach every command.
 */
export const EVAL_COMMAND = { summary: 'evaluate scenario files and print the decision with its trace', switches: ['fix'] } as const
