/**
 * On POSIX the CLI writes its output straight to file descriptors 1 and 2 (opening process.stdout on a
 * pipe costs as much as a one-file `eval`). Nothing may be lost or reordered: a descriptor that would
 * block hands the unwritten bytes, and every later write, to the stream; a reader that went away
 * (EPIPE) ends output quietly; any other error is said once on stderr with exit code 1.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

const writes: { fd: number; text: string }[] = []
let behaviour: (fd: number, bytes: Buffer, offset: number) => number

vi.mock('node:fs', async (original) => ({
  ...(await original<typeof import('node:fs')>()),
  writeSync: (fd: number, bytes: Buffer, offset: number) => behaviour(fd, bytes, offset),
}))

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: write failed`), { code })
}

let streamOut: string[]
let streamErr: string[]
const exitCode = process.exitCode

beforeEach(() => {
  vi.resetModules()
  writes.length = 0
  streamOut = []
  streamErr = []
  behaviour = (fd, bytes, offset) => {
    writes.push({ fd, text: bytes.subarray(offset).toString() })
    return bytes.length - offset
  }
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (streamOut.push(chunk.toString()), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (streamErr.push(chunk.toString()), true))
})
afterEach(() => {
  vi.restoreAllMocks()
  process.exitCode = exitCode
})

async function io(): Promise<(typeof import('../../src/cli/io.js'))['processIo']> {
  const m = await import('../../src/cli/io.js')
  m.guardStreams()
  return m.processIo
}

describe.runIf(process.platform !== 'win32')('direct output', () => {
  it('writes whole texts to descriptors 1 and 2, never opening the streams', async () => {
    const out = await io()
    out.out('héllo\n')
    out.err('warning\n')
    expect(writes).toEqual([
      { fd: 1, text: 'héllo\n' },
      { fd: 2, text: 'warning\n' },
    ])
    expect(streamOut).toEqual([])
    expect(streamErr).toEqual([])
  })

  it('goes on after a partial write, from the byte where it stopped', async () => {
    const seen: string[] = []
    behaviour = (_fd, bytes, offset) => {
      seen.push(bytes.subarray(offset).toString())
      return Math.min(4, bytes.length - offset)
    }
    ;(await io()).out('0123456789')
    expect(seen).toEqual(['0123456789', '456789', '89'])
  })

  it('hands the rest to the stream when the descriptor would block, and every later write too', async () => {
    let calls = 0
    behaviour = () => {
      calls++
      if (calls === 1) return 3
      throw errno('EAGAIN')
    }
    const out = await io()
    out.out('abcdefgh')
    out.out('next\n')
    expect(calls).toBe(2)
    expect(streamOut).toEqual(['defgh', 'next\n'])
  })

  it('ends output quietly when the reader went away (EPIPE), with the exit code unchanged', async () => {
    behaviour = () => {
      throw errno('EPIPE')
    }
    const out = await io()
    out.out('first\n')
    behaviour = () => {
      throw new Error('written after EPIPE')
    }
    out.out('second\n')
    expect(streamOut).toEqual([])
    expect(streamErr).toEqual([])
    expect(process.exitCode).toBe(exitCode)
  })

  it('says any other write error once on stderr and sets exit code 1', async () => {
    behaviour = (fd, bytes, offset) => {
      if (fd === 1) throw errno('EIO')
      writes.push({ fd, text: bytes.subarray(offset).toString() })
      return bytes.length - offset
    }
    const out = await io()
    out.out('first\n')
    out.out('second\n')
    expect(writes).toEqual([{ fd: 2, text: 'iamtrace: cannot write the output: EIO: write failed\n' }])
    expect(process.exitCode).toBe(1)
  })
})
