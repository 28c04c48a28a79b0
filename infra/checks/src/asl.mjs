// Checks every state machine definition of the Terraform tree (terraform/**/*.asl.json, a
// templatefile): rendered with sample values for its ${...} variables, it must be valid Amazon
// States Language (asl-validator: the ASL schema, transitions, JSON paths) and keep the contract
// with the imputation function's fan-out handler (functions/imputation DistributedImputation):
// the ItemReader, ItemSelector and BatchInput fields the handler reads, and batches under the
// 256 KiB Step Functions payload limit.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator');

/** Step Functions' limit on a state's input, which a batch must stay under. */
export const MAX_PAYLOAD_BYTES = 262144;
const READER_CONFIG = {
  InputType: ['CSV', 'JSON', 'JSONL', 'MANIFEST', 'PARQUET'],
  CSVHeaderLocation: ['FIRST_ROW', 'GIVEN'],
  CSVDelimiter: ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'],
};
/** What DistributedImputation.batch reads of each item and of BatchInput. */
const ITEM_FIELDS = ['index', 'row'];
const BATCH_INPUT_FIELDS = ['file', 'output_bucket', 'parts', 'columns'];

export function aslFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...aslFiles(p));
    else if (name.endsWith('.asl.json')) out.push(p);
  }
  return out.sort();
}

/**
 * The map literals of string values a module passes to its templates (`name = { K = "V", ... }` on
 * one line of its .tf files), which the templates' `%{ for k, v in name }` directives iterate.
 */
export function templateMaps(moduleDir) {
  const maps = {};
  for (const name of readdirSync(moduleDir).filter((n) => n.endsWith('.tf'))) {
    for (const [, map, body] of readFileSync(join(moduleDir, name), 'utf8').matchAll(/(\w+)\s*=\s*\{([^{}\n]*)\}/g)) {
      const entries = [...body.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map(([, k, v]) => [k, v]);
      if (entries.length > 0) maps[map] = Object.fromEntries(entries);
    }
  }
  return maps;
}

/**
 * The template rendered as Terraform would: each `%{ for k, v in map ~}...%{ endfor ~}` expanded over
 * `maps` (keys in Terraform's sorted order), then each remaining ${variable} replaced: a number
 * where it stands alone, a sample string in quotes.
 */
export function render(text, maps = {}) {
  return text
    .replace(/%\{ for (\w+), (\w+) in (\w+) ~\}\n([\s\S]*?)%\{ endfor ~\}\n/g, (_, k, v, map, body) => {
      if (!maps[map]) throw new Error(`no map ${map} passed to the template`);
      return Object.keys(maps[map]).sort().map((key) => body
        .replaceAll(`\${${k}}`, key).replaceAll(`\${${v}}`, maps[map][key])).join('');
    })
    .replace(/:\s*\$\{[a-z_]+\}/g, (m) => m.replace(/\$\{[a-z_]+\}/, '100'))
    .replace(/\$\{([a-z_]+)\}/g, (_, v) => (v.endsWith('_arn') ? `arn:aws:lambda:us-east-1:123456789012:function:${v}` : `sample-${v}`));
}

function distributedMaps(states, path = 'States') {
  const out = [];
  for (const [name, s] of Object.entries(states ?? {})) {
    const here = `${path}.${name}`;
    if (s.Type === 'Map' && s.ItemProcessor?.ProcessorConfig?.Mode === 'DISTRIBUTED') out.push([here, s]);
    if (s.ItemProcessor) out.push(...distributedMaps(s.ItemProcessor.States, `${here}.ItemProcessor.States`));
  }
  return out;
}

/** Problems of one definition's text, as strings; `maps` as for render. */
export function checkDefinition(text, maps = {}) {
  let definition;
  try {
    definition = JSON.parse(render(text, maps));
  } catch (e) {
    return [`not JSON once rendered: ${e.message}`];
  }
  const problems = [];
  const { isValid, errorsText } = aslValidator(definition);
  if (!isValid) problems.push(...errorsText('\n').split('\n').filter(Boolean).map((e) => `asl-validator: ${e.trim()}`));
  for (const [path, map] of distributedMaps(definition.States)) {
    const reader = map.ItemReader?.ReaderConfig ?? {};
    for (const [field, allowed] of Object.entries(READER_CONFIG)) {
      if (reader[field] !== undefined && !allowed.includes(reader[field])) {
        problems.push(`${path}.ItemReader.ReaderConfig.${field}: ${reader[field]} is not one of ${allowed.join(', ')}`);
      }
    }
    const batcher = map.ItemBatcher;
    if (!batcher) {
      problems.push(`${path}: no ItemBatcher (one Lambda invocation per row)`);
      continue;
    }
    const bytes = batcher.MaxInputBytesPerBatch;
    if (bytes === undefined || bytes > MAX_PAYLOAD_BYTES) {
      problems.push(`${path}.ItemBatcher.MaxInputBytesPerBatch: ${bytes ?? 'missing'}; a batch must stay under the ${MAX_PAYLOAD_BYTES}-byte payload limit`);
    }
    const selector = Object.keys(map.ItemSelector ?? {}).map((k) => k.replace(/\.\$$/, ''));
    for (const f of ITEM_FIELDS) {
      if (!selector.includes(f)) problems.push(`${path}.ItemSelector: no "${f}" (the fan-out handler reads {"index", "row"} items)`);
    }
    const batchInput = Object.keys(batcher.BatchInput ?? {}).map((k) => k.replace(/\.\$$/, ''));
    for (const f of BATCH_INPUT_FIELDS) {
      if (!batchInput.includes(f)) problems.push(`${path}.ItemBatcher.BatchInput: no "${f}" (read by the fan-out handler)`);
    }
  }
  return problems;
}

/** Findings ({file, line, rule, message}) of every definition under `terraformDir`. */
export function checkStateMachines(terraformDir, base) {
  const findings = [];
  for (const file of aslFiles(terraformDir)) {
    for (const message of checkDefinition(readFileSync(file, 'utf8'), templateMaps(dirname(file)))) {
      findings.push({ file: relative(base, file), line: 1, rule: 'state-machine', message });
    }
  }
  return findings;
}
