/**
 * The playground (docs/playground/index.html, as committed: test/package/ui-assets.test.ts checks it is
 * what its sources build) in a real browser: a pasted scenario is evaluated and its decision shown with
 * the failing condition highlighted; malformed input shows the located error; the inputs travel in the
 * URL fragment; a snapshot (chosen or dropped as files) shows who can assume each role and the graph;
 * a policy shows its findings.
 * The page makes no request.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { PLAYGROUND_FILE } from '../../scripts/build-ui.js'
import { expectQuiet, open, screenshot, useBrowser, withPage } from './browserTest.js'

const browser = useBrowser()
const ROOT = join(import.meta.dirname, '..', '..')
const URL_ = pathToFileURL(PLAYGROUND_FILE).href
const withMfa = readFileSync(join(ROOT, 'corpus/examples/cross-account-admin-with-mfa.json'), 'utf8')

/** Waits until the page has analysed its inputs `n` times in all. */
async function analysed(page: Page, n: number): Promise<void> {
  await page.waitForFunction((k) => Number(document.documentElement.dataset['analysed'] ?? '0') >= k, n)
}

/** Loads one of the playground's examples. */
async function loadExample(page: Page, label: string): Promise<void> {
  const before = Number(await page.evaluate(() => document.documentElement.dataset['analysed']))
  await page.selectOption('select[aria-label="load an example"]', { label })
  await analysed(page, before + 1)
}

/** Replaces the editor's text as a paste would. */
async function paste(page: Page, text: string): Promise<void> {
  const before = Number((await page.evaluate(() => document.documentElement.dataset['analysed'])) ?? '0')
  await page.fill('textarea.editor', text)
  await analysed(page, before + 1)
}

describe('playground, in Chromium', () => {
  it('evaluates a pasted scenario and shows its decision, why, and each policy annotated', ({ skip }) =>
    withPage(browser, skip, URL_, async (page) => {
      await analysed(page, 1)
      // The first example: cross-account Admin without MFA, denied; the MFA condition is the failing line.
      expect(await page.getAttribute('.decision', 'data-decision')).toBe('implicitDeny')
      const failing = page.locator('pre.policy .line.tone-fail', { hasText: 'aws:MultiFactorAuthPresent' })
      expect(await failing.count()).toBe(1)
      expect(await failing.textContent()).toContain('keyMissing')
      await screenshot(page, 'playground-scenario-denied')
      await paste(page, withMfa)
      expect(await page.getAttribute('.decision', 'data-decision')).toBe('allowed')
      expect(await page.textContent('.decision')).toContain('as expected (allowed)')
      expect(await page.textContent('pre.why')).toContain('decision: allowed')
      expect(await page.locator('pre.policy .line.tone-fail').count()).toBe(0)
      await screenshot(page, 'playground-scenario-allowed')
    }))

  it('shows malformed input with its located error, and moves the cursor there', ({ skip }) =>
    withPage(browser, skip, URL_, async (page) => {
      await analysed(page, 1)
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" "Action": "s3:*" } ]\n}'
      await paste(page, text)
      const problem = page.locator('.problem[data-code="json.syntax"]')
      expect(await problem.count()).toBe(1)
      expect(await problem.locator('.loc-link').textContent()).toMatch(/:3:38$/)
      expect(await problem.locator('pre.excerpt').textContent()).toContain('"Effect": "Allow" "Action"')
      await problem.locator('.loc-link').click()
      const cursor = await page.$eval('textarea.editor', (t) => (t as HTMLTextAreaElement).selectionStart)
      expect(cursor).toBe(text.indexOf('"Action"'))
      await screenshot(page, 'playground-malformed')
    }))

  it('keeps its inputs in the URL fragment: opening the link shows the same result', async ({ skip }) => {
    const b = browser()
    if (b === undefined) return skip()
    const w = await open(b, URL_)
    await analysed(w.page, 1)
    await paste(w.page, withMfa)
    await w.page.waitForFunction(() => location.hash.startsWith('#s='))
    const link = w.page.url()
    expect(link.startsWith(`${URL_}#s=`)).toBe(true)
    const again = await open(b, link)
    await analysed(again.page, 1)
    expect(await again.page.getAttribute('.decision', 'data-decision')).toBe('allowed')
    expect(await again.page.inputValue('textarea.editor')).toBe(withMfa)
    expectQuiet(w)
    expectQuiet(again)
    await w.page.close()
    await again.page.close()
  })

  it('shows who can assume each role and the graph for the files of a snapshot', ({ skip }) =>
    withPage(browser, skip, URL_, async (page) => {
      await analysed(page, 1)
      await loadExample(page, 'Snapshot: the demo organization (6 files)')
      expect(await page.locator('.tabs > span.tab').count()).toBe(6)
      expect(await page.textContent('[data-summary="roles"] .n')).toBe('26')
      expect(await page.locator('tr.role-row[data-role="arn:aws:iam::222222222222:role/Deploy"]').textContent()).toContain('user/deploybot')
      expect(await page.locator('path.edge[data-edge="carol → ChainA"]').count()).toBe(1)
      await screenshot(page, 'playground-snapshot')
    }))

  it('takes dropped files: the files of a snapshot dropped on the page show its report', ({ skip }) =>
    withPage(browser, skip, URL_, async (page) => {
      await analysed(page, 1)
      // Clear the example first: dropped files replace an empty input.
      await paste(page, '')
      const dir = join(ROOT, 'corpus/snapshots/demo')
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
      const before = Number(await page.evaluate(() => document.documentElement.dataset['analysed']))
      const dataTransfer = await page.evaluateHandle((list) => {
        const dt = new DataTransfer()
        for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/json' }))
        return dt
      }, files)
      await page.dispatchEvent('.playground', 'dragover', { dataTransfer })
      await page.dispatchEvent('.playground', 'drop', { dataTransfer })
      await analysed(page, before + 1)
      expect(await page.locator('.tabs > span.tab').count()).toBe(files.length)
      expect(await page.textContent('[data-summary="roles"] .n')).toBe('26')
      expect(await page.locator('tr.role-row[data-role="arn:aws:iam::222222222222:role/Deploy"]').textContent()).toContain('user/deploybot')
    }))

  it('lints a policy and locates each finding', ({ skip }) =>
    withPage(browser, skip, URL_, async (page) => {
      await analysed(page, 1)
      await loadExample(page, 'Trust policy to lint: GitHub Actions')
      const finding = page.locator('.problem[data-code="trust-github-sub-wildcard"]')
      expect(await finding.locator('.loc-link').textContent()).toMatch(/github-deploy\.trust\.json:\d+:\d+$/)
      expect(await page.locator('pre.policy .line.tone-finding').count()).toBeGreaterThan(0)
      await screenshot(page, 'playground-lint')
    }))
})
