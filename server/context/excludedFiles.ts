import * as path from 'node:path';

/**
 * Files whose content is never sent to a model, not even as extra context: environment
 * files, keys and certificates, and anything under a secrets folder.
 */
const EXCLUDED_NAMES = [/^\.env(\..*)?$/i, /\.(pem|key|p12|pfx|keystore|jks)$/i, /^id_[a-z0-9]+(\.pub)?$/i, /^\.?netrc$/i, /^\.npmrc$/i, /^\.pgpass$/i];
const EXCLUDED_FOLDERS = /(^|\/)(\.?secrets?|\.ssh|\.gnupg|\.aws)(\/|$)/i;

/** Whether a document must never reach a model. */
export function isExcludedFromModel(uri: string): boolean {
  let file = uri;
  try {
    file = decodeURIComponent(new URL(uri).pathname);
  } catch {
    // not a URL: use it as a path
  }
  const name = path.posix.basename(file);
  return EXCLUDED_NAMES.some((re) => re.test(name)) || EXCLUDED_FOLDERS.test(path.posix.dirname(file));
}
