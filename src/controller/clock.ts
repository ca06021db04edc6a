// Time and chance as injectable edges: the scheduler and the lease manager never read
// Date.now, setTimeout or Math.random directly, so tests drive them with a fake clock and a
// seeded random source instead of sleeping.

/** An opaque handle returned by `Clock.setTimeout`. */
export type TimerHandle = unknown;

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** A source of uniformly distributed numbers in [0, 1), like Math.random. */
export type Random = () => number;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    // A pending retry or resync must not keep the process alive on its own: shutdown decides that.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const systemRandom: Random = Math.random;
