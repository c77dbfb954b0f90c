/**
 * Shared setup of the browser tests: one Chromium per test file, pages that must not touch the network,
 * and screenshots for review under test/browser/__screenshots__/.
 *
 * Where no Chromium is installed the tests are skipped with a message saying so; with
 * IAMTRACE_REQUIRE_BROWSER=1 (set by .ci/run once it has installed Chromium) a missing browser fails.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { findChromium, launch } from './chromium.js'
import type { Browser } from './chromium.js'

/** Where screenshots are written. */
export const SCREENSHOTS = join(import.meta.dirname, '__screenshots__')

const executable = findChromium()
const required = process.env['IAMTRACE_REQUIRE_BROWSER'] === '1'
/** Why the browser tests cannot run here, or undefined when they can. */
export const unavailable = executable === undefined ? 'no Chromium found (install Debian’s `chromium` package, or set IAMTRACE_CHROMIUM to a Chromium binary)' : undefined

if (unavailable !== undefined && !required) process.stderr.write(`\n*** browser tests SKIPPED: ${unavailable} ***\n\n`)

/** A page and what it tried to load and print. */
export interface WatchedPage {
  readonly page: Page
  /** URLs of every request the page made besides its own file. */
  readonly requests: string[]
  /** Console errors and uncaught exceptions. */
  readonly errors: string[]
}

/** Starts Chromium for the file's tests; returns a getter for the running browser. */
export function useBrowser(): () => Browser | undefined {
  let browser: Browser | undefined
  beforeAll(async () => {
    if (unavailable !== undefined) {
      if (required) throw new Error(`IAMTRACE_REQUIRE_BROWSER=1 but ${unavailable}`)
      return
    }
    mkdirSync(SCREENSHOTS, { recursive: true })
    browser = await launch(executable as string)
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => browser
}

/** Opens `url` in a new page, recording requests other than `url` itself, console errors and exceptions. */
export async function open(browser: Browser, url: string, viewport = { width: 1440, height: 900 }): Promise<WatchedPage> {
  const page = await browser.context.newPage()
  await page.setViewportSize(viewport)
  const requests: string[] = []
  const errors: string[] = []
  const self = url.split('#')[0]
  page.on('request', (r) => {
    if (r.url().split('#')[0] !== self) requests.push(r.url())
  })
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(url)
  return { page, requests, errors }
}

/** The page loaded nothing besides itself and printed no error. */
export function expectQuiet(w: WatchedPage): void {
  expect(w.requests).toEqual([])
  expect(w.errors).toEqual([])
}

/** Saves a screenshot for review. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage })
}

/**
 * One test's page: skips the test when there is no browser, opens `url`, runs `body`, then checks that
 * the page made no request and printed no error, and closes it.
 */
export async function withPage(browser: () => Browser | undefined, skip: () => void, url: string | (() => Promise<string>), body: (page: Page, browser: Browser) => Promise<void>): Promise<void> {
  const b = browser()
  if (b === undefined) {
    skip()
    return
  }
  const w = await open(b, typeof url === 'string' ? url : await url())
  await body(w.page, b)
  expectQuiet(w)
  await w.page.close()
}
