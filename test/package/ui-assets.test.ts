/**
 * The committed browser pages are what their sources build now: the report page's script and style in
 * src/generated/report-assets.br, and the playground at docs/playground/index.html (which bundles the
 * core, so any change to the engine needs `npm run build:playground`). Neither runs code it builds at
 * run time, and the report's UI stays out of the library bundle.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PLAYGROUND_FILE, playgroundPage, REPORT_ASSETS_FILE, reportAssets, unpackReportAssets } from '../../scripts/build-ui.js'
import { browserBundle } from '../../scripts/size.js'

describe('browser pages', () => {
  it('the report page assets are up to date with src/report/ui (run `npm run build:report` when this fails)', async () => {
    const committed = unpackReportAssets(readFileSync(REPORT_ASSETS_FILE))
    const fresh = await reportAssets()
    expect(committed.style).toBe(fresh.style)
    expect(committed.script === fresh.script, 'src/generated/report-assets.br is out of date: run npm run build:report').toBe(true)
  })

  it('the playground is up to date with its sources and the core (run `npm run build:playground` when this fails)', async () => {
    const committed = readFileSync(PLAYGROUND_FILE, 'utf8')
    expect(committed === (await playgroundPage()), 'docs/playground/index.html is out of date: run npm run build:playground').toBe(true)
  })

  it('carry their third-party licenses and generate no code at run time', async () => {
    const { script } = unpackReportAssets(readFileSync(REPORT_ASSETS_FILE))
    expect(script).toMatch(/^\/\*! Third-party code bundled in this page:/)
    for (const name of ['@dagrejs/dagre', 'd3-zoom', 'd3-selection', 'preact']) expect(script).toContain(name)
    const page = readFileSync(PLAYGROUND_FILE, 'utf8')
    for (const code of [script, page]) expect(code).not.toMatch(/new Function\(|\beval\(/)
  })

  it('the library bundle contains none of the report UI or its libraries', async () => {
    const { code } = await browserBundle()
    for (const marker of ['dagre', 'graphlib', 'd3-zoom', 'preact', 'iamtrace-report']) expect(code).not.toContain(marker)
  })
})
