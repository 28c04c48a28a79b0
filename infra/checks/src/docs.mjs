#!/usr/bin/env node
// Writes the Inputs and Outputs tables of every module README between the terraform-docs markers
// (<!-- BEGIN_TF_DOCS --> ... <!-- END_TF_DOCS -->), from the parsed variables.tf and outputs.tf.
// terraform-docs is not installable here; this keeps the same table shape. `--check` only reports
// READMEs whose tables are out of date (check.mjs runs it that way).
//
//   node infra/checks/src/docs.mjs [--check]
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blocks, loadModule, moduleDirs } from './rules.mjs';

const BEGIN = '<!-- BEGIN_TF_DOCS -->';
const END = '<!-- END_TF_DOCS -->';

/** HCL text of a parsed type or default (hcl2json writes expressions as "${...}"). */
function hcl(value) {
  if (value === undefined) return 'n/a';
  if (typeof value === 'string') {
    const m = /^\$\{([^]*)\}$/.exec(value);
    return m ? m[1].replace(/\s+/g, ' ') : JSON.stringify(value);
  }
  return JSON.stringify(value).replace(/"([A-Za-z0-9_-]+)":/g, '$1 = ').replace(/,/g, ', ');
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n+/g, ' ');

/** The generated block of one module. */
export function tables(mod) {
  const vars = blocks(mod, 'variable').sort((a, b) => a.name.localeCompare(b.name));
  const outs = blocks(mod, 'output').sort((a, b) => a.name.localeCompare(b.name));
  const lines = [BEGIN, '## Inputs', '', '| Name | Description | Type | Default | Required |', '|------|-------------|------|---------|:--------:|'];
  for (const v of vars) {
    const required = v.body.default === undefined;
    const def = required ? 'n/a' : '`' + cell(v.body.default === null ? 'null' : hcl(v.body.default)) + '`';
    lines.push(`| \`${v.name}\` | ${cell(v.body.description ?? '')} | \`${cell(hcl(v.body.type))}\` | ${def} | ${required ? 'yes' : 'no'} |`);
  }
  lines.push('', '## Outputs', '', '| Name | Description |', '|------|-------------|');
  for (const o of outs) lines.push(`| \`${o.name}\` | ${cell(o.body.description ?? '')} |`);
  lines.push(END);
  return lines.join('\n');
}

/** READMEs whose generated block differs from what the code says: [{ file, line, message }]. */
export async function staleDocs(dirs, base, write = false) {
  const out = [];
  for (const dir of dirs) {
    const readme = join(dir, 'README.md');
    if (!existsSync(readme)) continue;
    const mod = await loadModule(dir, base);
    if (mod.findings.length) continue;
    const text = readFileSync(readme, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    const rel = relative(base, readme);
    if (start < 0 || end < start) {
      out.push({ rule: 'module-docs', file: rel, line: 1, message: `no ${BEGIN} ... ${END} block (node infra/checks/src/docs.mjs writes it)` });
      continue;
    }
    const updated = text.slice(0, start) + tables(mod) + text.slice(end + END.length);
    if (updated !== text) {
      if (write) writeFileSync(readme, updated);
      else out.push({ rule: 'module-docs', file: rel, line: text.slice(0, start).split('\n').length, message: 'the Inputs/Outputs tables are out of date (run node infra/checks/src/docs.mjs)' });
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '../../..');
  const check = process.argv.includes('--check');
  const stale = await staleDocs(moduleDirs(join(root, 'terraform')), root, !check);
  for (const f of stale) console.log(`${f.file}:${f.line}: [${f.rule}] ${f.message}`);
  process.exit(stale.length ? 1 : 0);
}
