// The state machine definitions pass asl-validator and the fan-out contract; broken ones do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aslFiles, checkDefinition, checkStateMachines, render, templateMaps } from '../src/asl.mjs';
import { ROOT } from './support.mjs';

const FAN_OUT = join(ROOT, 'terraform/modules/fan-out/fan-out.asl.json');
const text = readFileSync(FAN_OUT, 'utf8');
const maps = templateMaps(join(ROOT, 'terraform/modules/fan-out'));

test('the fan-out state machine is valid ASL and keeps the handler contract', () => {
  assert.ok(aslFiles(join(ROOT, 'terraform')).includes(FAN_OUT));
  assert.deepEqual(checkStateMachines(join(ROOT, 'terraform'), ROOT), []);
});

test('asl-validator catches a transition to no state', () => {
  const problems = checkDefinition(text.replace('"Next": "Assemble"', '"Next": "Assembl"'), maps);
  assert.ok(problems.some((p) => p.startsWith('asl-validator:') && p.includes('Assembl')), problems.join('\n'));
});

test('a reader setting outside the documented values is refused', () => {
  const problems = checkDefinition(text.replace('"CSVDelimiter": "${delimiter}"', '"CSVDelimiter": "${delimiter}S"'), maps);
  assert.ok(problems.some((p) => p.includes('CSVDelimiter: TABS')), problems.join('\n'));
});

test('batches above the payload limit and items without their index are refused', () => {
  const big = checkDefinition(text.replace('${max_input_bytes_per_batch}', '300000'), maps);
  assert.ok(big.some((p) => p.includes('MaxInputBytesPerBatch: 300000')), big.join('\n'));
  const noIndex = checkDefinition(text.replace('"index.$": "$$.Map.Item.Index",', ''), maps);
  assert.ok(noIndex.some((p) => p.includes('no "index"')), noIndex.join('\n'));
});

test('one Distributed Map per reader the module passes, chosen by the execution input', () => {
  const definition = JSON.parse(render(text, maps));
  assert.equal(definition.States.ImputeTabSeparated.ItemReader.ReaderConfig.CSVDelimiter, 'TAB');
  assert.equal(definition.States.ImputeCommaSeparated.ItemReader.ReaderConfig.CSVDelimiter, 'COMMA');
  assert.equal(definition.States.ChooseReader.Choices[0].Next, 'ImputeCommaSeparated');
  assert.ok(checkDefinition(text, {}).some((p) => p.includes('no map readers')));
});
