/**
 * Headless Chromium for the browser tests: the system's Chromium (Debian's `chromium` package, or
 * IAMTRACE_CHROMIUM), never a downloaded browser, driven by playwright-core. Each launch uses a fresh
 * profile directory, removed on close.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { BrowserContext } from 'playwright-core'

/** Where Chromium is looked for, first found wins. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']

/** The Chromium binary, or undefined when none is installed. */
export function findChromium(): string | undefined {
  const explicit = process.env['IAMTRACE_CHROMIUM']
  if (explicit !== undefined && explicit !== '') return existsSync(explicit) ? explicit : undefined
  return CANDIDATES.find((c) => existsSync(c))
}

/** Flags that keep a headless Chromium quiet, offline and reproducible on a CI machine (often as root, without a sandbox). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none']

/** A running browser with a fresh profile; `close` ends it and removes the profile. */
export interface Browser {
  readonly context: BrowserContext
  close(): Promise<void>
}

/** Launches headless Chromium at `executable` with a fresh `--user-data-dir`. */
export async function launch(executable: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'iamtrace-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executable,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    offline: true,
  })
  return {
    context,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
