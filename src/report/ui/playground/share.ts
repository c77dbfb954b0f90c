/**
 * The playground's state in the URL fragment (`#s=…`): the files as JSON, deflate-compressed with the
 * browser's CompressionStream, in base64url. Browsers never send the fragment to a server, and the page
 * makes no requests: a shared link carries its inputs to the reader and nowhere else.
 */
import type { InputFile } from './analyse.js'

/** What a link restores. */
export interface SharedState {
  readonly files: readonly InputFile[]
  readonly active: number
}

const PREFIX = 's='

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream))
  return new Uint8Array(await out.arrayBuffer())
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** The fragment (without `#`) that restores `state`. */
export async function encodeState(state: SharedState): Promise<string> {
  const json = JSON.stringify({ v: 1, files: state.files.map((f) => [f.name, f.text]), active: state.active })
  return PREFIX + toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')))
}

/** The state in a fragment (with or without `#`), or undefined when it holds none or is damaged. */
export async function decodeState(fragment: string): Promise<SharedState | undefined> {
  const body = fragment.replace(/^#/, '')
  if (!body.startsWith(PREFIX)) return undefined
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(body.slice(PREFIX.length)), new DecompressionStream('deflate-raw')))
    const raw = JSON.parse(json) as { v?: unknown; files?: unknown; active?: unknown }
    if (raw.v !== 1 || !Array.isArray(raw.files)) return undefined
    const files = (raw.files as unknown[]).flatMap((f) => (Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string' ? [{ name: f[0], text: f[1] }] : []))
    const active = typeof raw.active === 'number' && Number.isInteger(raw.active) && raw.active >= 0 && raw.active < files.length ? raw.active : 0
    return files.length > 0 ? { files, active } : undefined
  } catch {
    return undefined
  }
}
