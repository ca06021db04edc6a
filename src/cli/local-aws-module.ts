// Local AWS (src/local) is a development tool: an installation of the controller may leave it
// out (the container image does, docs/design.md §10). The commands that need it load it on
// demand through here, so its absence is a clear refusal, not a stack trace.

/** What `tiered local` and `tiered run --local` say when local AWS is not installed. */
export const LOCAL_AWS_MISSING =
  'local AWS (moto behind tiered\'s proxy) is not part of this installation (the container image leaves it out); run it from a checkout of tiered (npm ci && npm start)';

export class LocalAwsMissingError extends Error {
  constructor(options?: ErrorOptions) {
    super(LOCAL_AWS_MISSING, options);
    this.name = 'LocalAwsMissingError';
  }
}

/** Loads a module that needs local AWS; a module missing from the installation is a LocalAwsMissingError. */
export async function loadLocalAwsModule<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') throw new LocalAwsMissingError({ cause: err });
    throw err;
  }
}
