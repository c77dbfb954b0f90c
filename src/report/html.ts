/**
 * The self-contained HTML page: styles, script and data inlined, and a Content-Security-Policy that
 * lets the page run only its own script and style and load or send nothing at all.
 */
import type { ReportModel } from './types.js'

/** The page's prebuilt script and style. */
export interface PageAssets {
  readonly script: string
  readonly style: string
}

/** Base64 SHA-256 of a text (UTF-8), for the CSP's `sha256-…` sources; supplied by the caller, the core has no crypto. */
export type Sha256Base64 = (text: string) => string

/** What a page holds. */
export interface PageParts {
  readonly title: string
  readonly assets: PageAssets
  /** JSON data for the script, in `<script type="application/json" id=…>`. */
  readonly data?: { readonly id: string; readonly json: string }
  /** Shown when scripts do not run. */
  readonly noscript: string
}

/** Escapes text for HTML content and attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * Text safe inside a `<script>` or `<style>` element: `</script`, `</style` and `<!--` cannot occur.
 * In JSON (and in the script's string literals, where esbuild already escapes them) `<` becomes `\u003c`.
 */
function inlineSafe(text: string, element: 'script' | 'style'): string {
  if (element === 'style') return text.replace(/<\/style/gi, '<\\/style')
  return text.replace(/<(\/script|!--)/gi, '\\u003c$1')
}

/** A JSON value as text safe inside `<script type="application/json">`. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/**
 * A complete page. The Content-Security-Policy allows only the inlined script and style (by hash):
 * no network requests, no other script, no form submission.
 */
export function renderPage(parts: PageParts, sha256: Sha256Base64): string {
  const script = inlineSafe(parts.assets.script, 'script')
  const style = inlineSafe(parts.assets.style, 'style')
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256(script)}'`,
    `style-src 'sha256-${sha256(style)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ')
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${style}</style>`,
    '</head>',
    '<body>',
    `<noscript><p>${escapeHtml(parts.noscript)}</p></noscript>`,
    '<div id="app"></div>',
    ...(parts.data !== undefined ? [`<script type="application/json" id="${escapeHtml(parts.data.id)}">${parts.data.json}</script>`] : []),
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/**
 * The report page of a model.
 *
 * @example
 * const html = renderReportHtml(buildReport(inputs), assets, (t) => createHash('sha256').update(t).digest('base64'))
 */
export function renderReportHtml(model: ReportModel, assets: PageAssets, sha256: Sha256Base64): string {
  return renderPage({
    title: model.title,
    assets,
    data: { id: 'iamtrace-report', json: jsonForScript(model) },
    noscript: 'This report draws its content with JavaScript, which runs inside this file only: enable JavaScript for this page to see it.',
  }, sha256)
}
