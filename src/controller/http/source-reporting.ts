// Glue between a ManifestSource and the StatusStore: the source's location, each new revision
// and each error (cleared by the next revision) appear in /status, /readyz and the metrics.
import type { ManifestSource } from '../sources/manifest-source.js';
import type { StatusStore } from './status-store.js';

/** Mirrors the source into the store from now on; returns the function that stops it. */
export function reportSourceTo(source: ManifestSource, store: StatusStore): () => void {
  const status = source.status();
  store.setSourceLocation(status.location);
  if (status.current) store.setRevision(status.current.revision, status.current.fullRevision, status.current.at);
  if (status.error) store.setSourceError(status.error.message, status.error.at);
  return source.subscribe((event) => {
    if (event.type === 'revision') {
      const { revision, fullRevision, at } = event.revision;
      store.setRevision(revision, fullRevision, at);
      store.setSourceError(undefined);
    } else {
      store.setSourceError(event.error.message, event.error.at);
    }
  });
}
