// Waiting for a ManifestSource's next event in tests, with a generous deadline so that a
// missing event fails the test instead of hanging it (no timing is asserted).
import type { ManifestSource, SourceError, SourceRevision } from '../../src/controller/sources/manifest-source.js';

export function nextRevision(source: ManifestSource, timeoutMs = 10_000): Promise<SourceRevision> {
  return next(source, 'revision', timeoutMs) as Promise<SourceRevision>;
}

export function nextError(source: ManifestSource, timeoutMs = 10_000): Promise<SourceError> {
  return next(source, 'error', timeoutMs) as Promise<SourceError>;
}

function next(
  source: ManifestSource,
  type: 'revision' | 'error',
  timeoutMs: number,
): Promise<SourceRevision | SourceError> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = source.subscribe((event) => {
      if (event.type !== type) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event.type === 'revision' ? event.revision : event.error);
    });
  });
}

/** Collects every event a source emits, for asserting that none came. */
export function recordEvents(source: ManifestSource): { readonly revisions: SourceRevision[]; readonly errors: SourceError[] } {
  const revisions: SourceRevision[] = [];
  const errors: SourceError[] = [];
  source.subscribe((e) => (e.type === 'revision' ? revisions.push(e.revision) : errors.push(e.error)));
  return { revisions, errors };
}
