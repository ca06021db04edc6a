// Credentials for `--git`, kept out of every argv (the process list shows argv to any local
// user; the environment of a process only to its owner). Three ways, tried by git in order:
// the host's own credential helpers (its git config: keychains, gh, ssh keys for ssh://),
// then a read-only file in git-credentials format (`--git-credentials-file`), then a username
// and password from the environment (TIERED_GIT_USERNAME / TIERED_GIT_PASSWORD, or the userinfo
// taken out of an https URL). Helpers are shell snippets that read their values from the
// environment at run time, so the values themselves are never part of a command line.

export interface GitCredentials {
  /** A file of `https://user:token@host` lines (as `git credential-store` writes); only read. */
  readonly file?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface GitCredentialSetup {
  /** Top-level `-c` options for git (no secret in them). */
  readonly config: readonly string[];
  /** Environment for git and its helpers (the secrets live here). */
  readonly env: Readonly<Record<string, string>>;
}

// Answers `get` only: a `store` or `erase` after the fetch must never rewrite the file.
const FILE_HELPER = '!f() { test "$1" = get || exit 0; exec git credential-store --file="$TIERED_GIT_CREDENTIALS_FILE" get; }; f';
const ENV_HELPER =
  '!f() { test "$1" = get || exit 0; cat >/dev/null; test -n "$TIERED_GIT_USERNAME" && printf "username=%s\\n" "$TIERED_GIT_USERNAME"; printf "password=%s\\n" "$TIERED_GIT_PASSWORD"; }; f';

export function credentialSetup(credentials: GitCredentials): GitCredentialSetup {
  for (const [name, value] of Object.entries(credentials)) {
    if (typeof value === 'string' && /[\0\r\n]/.test(value)) throw new Error(`git credentials: the ${name} must be one line`);
  }
  const config: string[] = [];
  const env: Record<string, string> = {};
  if (credentials.file !== undefined) {
    config.push('-c', `credential.helper=${FILE_HELPER}`);
    env['TIERED_GIT_CREDENTIALS_FILE'] = credentials.file;
  }
  if (credentials.password !== undefined) {
    config.push('-c', `credential.helper=${ENV_HELPER}`);
    env['TIERED_GIT_PASSWORD'] = credentials.password;
    if (credentials.username !== undefined) env['TIERED_GIT_USERNAME'] = credentials.username;
  }
  return { config, env };
}
