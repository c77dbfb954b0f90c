/**
 * The report page in a real browser (headless Chromium): the report of the demo organization shows its
 * roles, the trust graph with its edges and the chains through a clicked node, search and zoom; the
 * report of a snapshot with problems shows its gaps and `uncertain` answers; a report of 1,000 roles
 * stays under 5 MB and its opening time is measured. No page makes any request.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { generateOrg } from '../../bench/generateOrg.js'
import type { Io } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { expectQuiet, open, screenshot, useBrowser, withPage } from './browserTest.js'

const browser = useBrowser()
const dir = mkdtempSync(join(tmpdir(), 'iamtrace-browser-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes a report with `iamtrace report` (fixed time, so that screenshots are reproducible). */
async function report(snapshot: string, name: string, ...extra: string[]): Promise<string> {
  const out = join(dir, `${name}.html`)
  const io: Io = { out: () => undefined, err: () => undefined, errIsTty: false }
  const before = process.env['SOURCE_DATE_EPOCH']
  process.env['SOURCE_DATE_EPOCH'] = '1767225600'
  try {
    expect(await main(['report', '--snapshot', snapshot, '-o', out, ...extra], io)).toBe(0)
  } finally {
    if (before === undefined) delete process.env['SOURCE_DATE_EPOCH']
    else process.env['SOURCE_DATE_EPOCH'] = before
  }
  return out
}

describe('report of the demo organization, in Chromium', () => {
  it('shows the summary, a role with who can assume it, and the graph with its edges; loads nothing', ({ skip }) =>
    withPage(browser, skip, async () => pathToFileURL(await report('corpus/snapshots/demo', 'demo')).href, async (page) => {
      await page.waitForSelector('html[data-ready="true"]')
      expect(await page.textContent('[data-summary="roles"] .n')).toBe('26')
      const deploy = page.locator('tr.role-row[data-role="arn:aws:iam::222222222222:role/Deploy"]')
      await expect.poll(() => deploy.isVisible()).toBe(true)
      expect(await deploy.textContent()).toContain('user/deploybot')
      expect(await deploy.textContent()).toContain('2 allowed')
      // An outside principal is marked in its role's row.
      expect(await page.locator('tr.role-row[data-role="arn:aws:iam::222222222222:role/VendorAccess"] .ext-mark').first().textContent()).toMatch(/external/i)
      // Edges of the graph, drawn: allowed solid, conditional dashed.
      const edge = page.locator('path.edge[data-edge="carol → ChainA"]')
      expect(await edge.count()).toBe(1)
      expect(await edge.getAttribute('class')).toContain('access-conditional')
      expect(await page.locator('path.edge[data-edge="deploybot → Deploy"]').getAttribute('class')).toContain('access-allowed')
      expect(await page.locator('g.node.external[data-node="token.actions.githubusercontent.com"]').getAttribute('class')).toContain('provider-oidc')
      await screenshot(page, 'report-demo')
    }))

  it('highlights the chains through a clicked node, and the details say who can assume it', ({ skip }) =>
    withPage(browser, skip, async () => pathToFileURL(await report('corpus/snapshots/demo', 'demo')).href, async (page) => {
      await page.waitForSelector('html[data-ready="true"]')
      await page.click('g.node[data-node="ChainC"]')
      const lit = await page.locator('path.edge.lit').evaluateAll((paths) => paths.map((p) => p.getAttribute('data-edge')))
      expect(lit).toEqual(expect.arrayContaining(['carol → ChainA', 'ChainA → ChainB', 'ChainB → ChainC']))
      expect(lit).not.toContain('deploybot → Deploy')
      const details = page.locator('aside.node-details')
      expect(await details.textContent()).toContain('arn:aws:iam::333333333333:role/ChainC')
      expect(await details.textContent()).toContain('aws:SourceIdentity = "carol"')
      await page.evaluate(() => window.scrollTo(0, 0))
      await screenshot(page, 'report-demo-chain')
      // GitHub Actions reaches Deploy through GitHubActionsDeploy, only from one branch (the README's picture).
      await page.click('g.node[data-node="Deploy"]')
      expect(await page.locator('path.edge.lit').evaluateAll((paths) => paths.map((p) => p.getAttribute('data-edge')))).toEqual(
        expect.arrayContaining(['token.actions.githubusercontent.com → GitHubActionsDeploy', 'GitHubActionsDeploy → Deploy', 'deploybot → Deploy']),
      )
      expect(await details.textContent()).toContain('repo:example-org/app:ref:refs/heads/main')
      await page.evaluate(() => window.scrollTo(0, 0))
      await screenshot(page, 'report-demo-deploy')
    }))

  it('finds a node by search, zooms with the wheel, and opens a role row with its trust policy', ({ skip }) =>
    withPage(browser, skip, async () => pathToFileURL(await report('corpus/snapshots/demo', 'demo')).href, async (page) => {
      await page.waitForSelector('html[data-ready="true"]')
      await page.fill('input[aria-label="find a node in the graph"]', 'vendor')
      await page.click('.search-results button')
      expect(await page.locator('aside.node-details h3').textContent()).toContain('VendorAccess')
      const transform = (): Promise<string | null> => page.locator('svg.graph > g').getAttribute('transform')
      const before = await transform()
      const box = await page.locator('svg.graph').boundingBox()
      await page.mouse.move((box?.x ?? 0) + 300, (box?.y ?? 0) + 200)
      await page.mouse.wheel(0, -400)
      await expect.poll(transform).not.toBe(before)
      await page.click('tr.role-row[data-role="arn:aws:iam::222222222222:role/Audit"] td.role-name')
      const detailsRow = page.locator('tr.role-row[data-role="arn:aws:iam::222222222222:role/Audit"] + tr.details-row')
      expect(await detailsRow.locator('pre.policy').textContent()).toContain('"aws:PrincipalOrgID"')
      expect(await detailsRow.textContent()).toContain('any AWS principal (*)')
    }))
})

describe('report of a snapshot with problems, in Chromium', () => {
  it('shows the gaps, the uncertain roles and an uncertain edge instead of failing', ({ skip }) =>
    withPage(browser, skip, async () => pathToFileURL(await report('test/fixtures/report/broken', 'broken')).href, async (page) => {
      await page.waitForSelector('html[data-ready="true"]')
      expect(await page.locator('.banner[role="alert"]').textContent()).toContain('incomplete')
      expect(await page.textContent('[data-summary="uncertain"] .n')).toBe('5')
      const orphan = page.locator('tr.role-row[data-role="arn:aws:iam::111122223333:role/Orphan"]')
      expect(await orphan.locator('.badge.access-uncertain').isVisible()).toBe(true)
      // ops → Operations is uncertain because ops's group and a managed policy are missing (either may deny).
      const uncertainEdges = await page.locator('path.edge.access-uncertain').evaluateAll((xs) => xs.map((x) => x.getAttribute('data-edge')))
      expect(uncertainEdges.sort()).toEqual([
        'any AWS principal (*) → Garbled',
        'any AWS principal (*) → Orphan',
        'ops → Operations',
        'unknown callers → Garbled',
        'unknown callers → Orphan',
      ])
      const gaps = await page.locator('#gaps table').textContent()
      for (const code of ['json.syntax', 'snapshot.unknown-shape', 'snapshot.missing-trust-policy', 'snapshot.missing-managed-policy']) expect(gaps).toContain(code)
      expect(gaps).toContain('truncated.json:4:1')
      await screenshot(page, 'report-broken', true)
    }))
})

describe('report of 1,000 roles, in Chromium', () => {
  it('is under 5 MB and opens on the account overview; the time to open is measured', async ({ skip }) => {
    const b = browser()
    if (b === undefined) return skip()
    const snapshot = join(dir, 'org-1000')
    mkdirSync(snapshot, { recursive: true })
    for (const f of generateOrg({ principals: 2000, roles: 1000, accounts: 10 })) writeFileSync(join(snapshot, f.file), JSON.stringify(f.value))
    const file = await report(snapshot, 'org-1000')
    const bytes = statSync(file).size
    expect(bytes).toBeLessThan(5 * 1024 * 1024)
    const started = Date.now()
    const w = await open(b, pathToFileURL(file).href)
    const { page } = w
    await page.waitForSelector('html[data-ready="true"]', { timeout: 60_000 })
    const wall = Date.now() - started
    const marks = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
      const start = performance.getEntriesByName('iamtrace:start')[0]
      const rendered = performance.getEntriesByName('iamtrace:rendered')[0]
      return { start: start?.startTime ?? 0, rendered: rendered?.startTime ?? 0, interactive: nav?.domInteractive ?? 0 }
    })
    // A measurement for the record, not a timing test: the machine may be shared. The bound only
    // catches a page that hangs; docs/report.md gives the figures on an idle machine.
    process.stdout.write(
      `report of 1,000 roles: ${(bytes / 1024 / 1024).toFixed(2)} MB; opened in ${wall} ms: script started at ${marks.start.toFixed(0)} ms, page drawn at ${marks.rendered.toFixed(0)} ms, interactive at ${marks.interactive.toFixed(0)} ms\n`,
    )
    expect(wall).toBeLessThan(60_000)
    expect(await page.textContent('[data-summary="roles"] .n')).toBe('1,000')
    expect(await page.locator('g.node.kind-accountGroup[data-node^="roles of "]').count()).toBe(10)
    expect(await page.locator('tr.role-row').count()).toBe(100)
    await screenshot(page, 'report-1000-roles')
    expectQuiet(w)
    await page.close()
  }, 300_000)
})
