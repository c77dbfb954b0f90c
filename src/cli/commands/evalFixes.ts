/**
 * What `iamtrace eval --fix` adds to eval: the search for the smallest verified changes that allow a
 * denied request, and their rendering. Its own module so that a plain `eval` does not load it.
 */
export { fixScenario } from '../../scenario/fixScenario.js'
export { renderFixes } from '../../fix/renderFixes.js'
