// What `--git` accepts, and how its URL appears anywhere a person reads it. The URL is an
// attacker-adjacent input (it reaches git's argv and git's transport machinery): only the
// https, ssh and file transports are allowed (git-command.ts also pins GIT_ALLOW_PROTOCOL, so
// the host's git config cannot widen that), nothing that parses as an option, and credentials
// written into the URL are moved out of it into the credential helper's environment.

/** The transports `--git` may use, in GIT_ALLOW_PROTOCOL's names. */
export const ALLOWED_GIT_PROTOCOLS = ['https', 'ssh', 'file'] as const;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
/** git's `<transport>::<address>` syntax runs a remote helper (`ext::` runs any command). */
const REMOTE_HELPER = /^([a-z][a-z0-9+.-]*)::/i;

/** Why `url` is refused as a `--git` repository, or undefined when it is acceptable. */
export function gitUrlProblem(url: string): string | undefined {
  if (url === '') return 'the repository URL is empty';
  if (url.startsWith('-')) return `the repository URL must not start with '-' (it would reach git as an option): ${redactUrlCredentials(url)}`;
  if (/[\0\r\n]/.test(url)) return 'the repository URL must not hold control characters';
  const helper = REMOTE_HELPER.exec(url);
  if (helper) return `the ${helper[1]}:: transport is not allowed; use an https://, ssh:// or file:// URL`;
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && !['https', 'ssh', 'git+ssh', 'ssh+git', 'file'].includes(scheme)) {
    return `the ${scheme}:// transport is not allowed; use an https://, ssh:// or file:// URL`;
  }
  return undefined;
}

/**
 * `https://user:p@ss@host/repo` -> `https://***@host/repo`: the whole userinfo, up to the last
 * `@` of the address (a password may hold an unencoded `@`), wherever a URL appears in a text.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/]*@/gi, '$1***@');
}

export interface SplitUrl {
  /** The URL without its userinfo: what reaches git's argv. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
}

/** Takes `user:password@` out of an https URL, so that it reaches git through the helper's
 * environment instead of argv (which any local user can read in the process list). */
export function splitUrlCredentials(url: string): SplitUrl {
  const m = /^(https:\/\/)([^\s/]*)@(.*)$/i.exec(url);
  if (!m) return { url };
  const userinfo = m[2]!;
  const colon = userinfo.indexOf(':');
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
  const password = colon === -1 ? undefined : decode(userinfo.slice(colon + 1));
  return { url: `${m[1]}${m[3]}`, ...(username !== '' && { username }), ...(password !== undefined && { password }) };
}
