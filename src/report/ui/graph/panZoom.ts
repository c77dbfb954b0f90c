/**
 * Pan and zoom for the graph's SVG: the wheel zooms about the pointer, a drag pans, two fingers pinch;
 * a click that ends a drag is swallowed so that panning over a node does not select it. Written here
 * rather than taken from d3-zoom, whose dependencies were a fifth of the page script that every
 * installed copy of iamtrace carries (the wheel step follows d3-zoom's default).
 */

/** A view transform: scale `k`, then translate by (`x`, `y`). */
export interface ViewTransform {
  readonly k: number
  readonly x: number
  readonly y: number
}

const DRAG_THRESHOLD = 3

/** Attaches pan and zoom to `svg`; `apply` receives each new transform. Returns the controller. */
export class PanZoom {
  private t: ViewTransform = { k: 1, x: 0, y: 0 }
  private readonly pointers = new Map<number, { x: number; y: number }>()
  private dragged = false
  private start: { x: number; y: number } | undefined
  private readonly listeners: [string, EventListener, AddEventListenerOptions][] = []

  constructor(
    private readonly svg: SVGSVGElement,
    private readonly apply: (t: ViewTransform) => void,
    private readonly minScale = 0.02,
    private readonly maxScale = 4,
  ) {
    this.on('wheel', (e) => this.wheel(e as WheelEvent), { passive: false })
    this.on('pointerdown', (e) => this.down(e as PointerEvent), {})
    this.on('pointermove', (e) => this.move(e as PointerEvent), {})
    this.on('pointerup', (e) => this.up(e as PointerEvent), {})
    this.on('pointercancel', (e) => this.up(e as PointerEvent), {})
    // A drag ends with a click on whatever is under the pointer: swallow it.
    this.on(
      'click',
      (e) => {
        if (!this.dragged) return
        this.dragged = false
        e.stopPropagation()
        e.preventDefault()
      },
      { capture: true },
    )
  }

  /** The current transform. */
  get transform(): ViewTransform {
    return this.t
  }

  /** Sets the transform (scale clamped). */
  set(t: ViewTransform): void {
    this.t = { k: Math.min(this.maxScale, Math.max(this.minScale, t.k)), x: t.x, y: t.y }
    this.apply(this.t)
  }

  /** Shows the drawing's box (width × height at the origin) whole and centred, at most at `maxScale`. */
  fit(width: number, height: number, maxScale = 1.4): void {
    const r = this.svg.getBoundingClientRect()
    if (width <= 0 || height <= 0 || r.width === 0) return
    const k = Math.min(maxScale, (0.96 * r.width) / width, (0.96 * r.height) / height)
    this.set({ k, x: (r.width - width * k) / 2, y: (r.height - height * k) / 2 })
  }

  /** Moves the drawing's point (x, y) to the centre of the view, keeping the scale. */
  centre(x: number, y: number): void {
    const r = this.svg.getBoundingClientRect()
    this.set({ k: this.t.k, x: r.width / 2 - x * this.t.k, y: r.height / 2 - y * this.t.k })
  }

  /** Removes the listeners. */
  destroy(): void {
    for (const [type, fn, options] of this.listeners) this.svg.removeEventListener(type, fn, options)
  }

  private on(type: string, fn: EventListener, options: AddEventListenerOptions): void {
    this.svg.addEventListener(type, fn, options)
    this.listeners.push([type, fn, options])
  }

  private local(e: { clientX: number; clientY: number }): { x: number; y: number } {
    const r = this.svg.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }

  /** Scales by `factor` keeping the view point `p` fixed. */
  private zoomAt(p: { x: number; y: number }, factor: number): void {
    const k = Math.min(this.maxScale, Math.max(this.minScale, this.t.k * factor))
    const f = k / this.t.k
    this.set({ k, x: p.x - (p.x - this.t.x) * f, y: p.y - (p.y - this.t.y) * f })
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault()
    const delta = -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode !== 0 ? 1 : 0.002) * (e.ctrlKey ? 10 : 1)
    this.zoomAt(this.local(e), 2 ** delta)
  }

  private down(e: PointerEvent): void {
    if (e.pointerType === 'mouse' && e.button !== 0) return
    this.pointers.set(e.pointerId, this.local(e))
    this.start = this.local(e)
    this.dragged = false
  }

  private move(e: PointerEvent): void {
    const prev = this.pointers.get(e.pointerId)
    if (prev === undefined) return
    const p = this.local(e)
    if (this.pointers.size >= 2) {
      // Pinch: scale by the change of distance between two pointers, about their midpoint.
      const [a, b] = [...this.pointers.entries()].map(([id, q]) => (id === e.pointerId ? p : q)) as [{ x: number; y: number }, { x: number; y: number }]
      const [a0, b0] = [...this.pointers.values()] as [{ x: number; y: number }, { x: number; y: number }]
      const before = Math.hypot(b0.x - a0.x, b0.y - a0.y)
      if (before > 0) this.zoomAt({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, Math.hypot(b.x - a.x, b.y - a.y) / before)
      this.dragged = true
    } else {
      if (!this.dragged && this.start !== undefined && Math.hypot(p.x - this.start.x, p.y - this.start.y) < DRAG_THRESHOLD) return
      if (!this.dragged) this.svg.setPointerCapture(e.pointerId)
      this.dragged = true
      this.set({ k: this.t.k, x: this.t.x + p.x - prev.x, y: this.t.y + p.y - prev.y })
    }
    this.pointers.set(e.pointerId, p)
  }

  private up(e: PointerEvent): void {
    this.pointers.delete(e.pointerId)
    if (this.svg.hasPointerCapture(e.pointerId)) this.svg.releasePointerCapture(e.pointerId)
  }
}
