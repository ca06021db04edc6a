// A manual clock for tests: time moves only when the test says so, and timers due by then
// fire in order. Promise callbacks queued by a timer are let run before the next one fires.

import type { Clock, TimerHandle } from '../../src/controller/clock.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Timers still pending, soonest first, as delays from now. */
  pendingDelays(): number[] {
    return this.sorted().map((timer) => timer.at - this.current);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await settle();
      const due = this.sorted().find((timer) => timer.at <= end);
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = end;
    await settle();
  }

  /** Moves time forward without firing any timer: the process was paused meanwhile. */
  jump(ms: number): void {
    this.current += ms;
  }

  private sorted(): Timer[] {
    return [...this.timers].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}

/** Lets every pending promise callback run (a macrotask turn drains the microtask queue). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
