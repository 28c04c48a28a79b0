// Shared by the tests: the repository root, the functions, and throwaway Terraform modules.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModules } from '../src/rules.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The deployed functions (infra/local/lib.sh ALL_FUNCTIONS; terraform/examples/complete). */
export const FUNCTIONS = ['imputation', 'privacy-audit', 'prioritization'];

/** The findings of `rules` on a module made of `files` ({ name: text }), written to a temp folder. */
export async function findings(files, rules, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tf-fixture-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const result = await checkModules([dir], { rules, base: dir, ...options });
    return result.findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
