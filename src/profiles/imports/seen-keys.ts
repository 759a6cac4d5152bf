// Which identity (or key) was first seen on which line of a file, in typed arrays: a 64-bit
// hash per key in an open-addressing table. A Map of strings would hold ~230 bytes per identity
// (680 MB for a million profiles); this holds 12. Two different keys sharing all 64 bits is
// about one chance in 10^13 for a million keys; such a line would be reported, not lost silently.
export class SeenKeys {
  private high = new Uint32Array(1 << 16);
  private low = new Uint32Array(1 << 16);
  private lines = new Float64Array(1 << 16);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private static hash(key: string): [number, number] {
    // Two independent 32-bit FNV-style mixes; 0 marks an empty slot, so high is never 0.
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    return [a >>> 0 || 1, b >>> 0];
  }

  private slotOf(high: number, low: number): number {
    const mask = this.high.length - 1;
    let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
    while (this.high[slot] !== 0 && (this.high[slot] !== high || this.low[slot] !== low))
      slot = (slot + 1) & mask;
    return slot;
  }

  /** The line the key was first seen on. */
  get(key: string): number | undefined {
    const [high, low] = SeenKeys.hash(key);
    const slot = this.slotOf(high, low);
    return this.high[slot] === 0 ? undefined : this.lines[slot];
  }

  set(key: string, line: number): void {
    if ((this.count + 1) * 4 > this.high.length * 3) this.grow();
    const [high, low] = SeenKeys.hash(key);
    const slot = this.slotOf(high, low);
    if (this.high[slot] === 0) this.count++;
    this.high[slot] = high;
    this.low[slot] = low;
    this.lines[slot] = line;
  }

  private grow(): void {
    const { high, low, lines } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(high.length * 2);
    this.lines = new Float64Array(high.length * 2);
    for (let i = 0; i < high.length; i++) {
      const h = high[i] ?? 0;
      if (h === 0) continue;
      const slot = this.slotOf(h, low[i] ?? 0);
      this.high[slot] = h;
      this.low[slot] = low[i] ?? 0;
      this.lines[slot] = lines[i] ?? 0;
    }
  }
}
