#!/usr/bin/env node
// Checks every Terraform folder under terraform/ (modules and examples) without terraform:
// HCL syntax, `terraform fmt` formatting, module layout and READMEs, and the policy rules of
// rules.mjs; that the HTTP API's routes match the local gateway's (infra/local/gateway/routes.txt);
// and every state machine definition (*.asl.json) with asl-validator and the fan-out contract (asl.mjs).
// Prints one "file:line: [rule] message" per problem and exits 1 when there is any.
//
//   node infra/checks/src/check.mjs        (from anywhere; `npm ci` in infra/checks first)
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkModules, moduleDirs, MODULE_RULES } from './rules.mjs';
import { staleDocs } from './docs.mjs';
import { aslFiles, checkStateMachines } from './asl.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const terraform = join(root, 'terraform');
const dirs = moduleDirs(terraform);
const routesFile = join(root, 'infra/local/gateway/routes.txt');

const { modules, findings } = await checkModules(dirs, { base: root, routesFile });
findings.push(...(await staleDocs(dirs, root)));
findings.push(...checkStateMachines(terraform, root));
const machines = aslFiles(terraform).length;
for (const f of findings) console.log(`${f.file}:${f.line}: [${f.rule}] ${f.message}`);
const files = modules.reduce((n, m) => n + m.files.length, 0);
const rules = Object.keys(MODULE_RULES).length + 4;
if (findings.length) {
  console.log(`terraform checks: ${findings.length} problem(s) in ${modules.length} folders (${files} .tf files, ${rules} rules)`);
  process.exit(1);
}
console.log(`terraform checks: ${modules.length} folders, ${files} .tf files, ${rules} rules (hcl-syntax, ${Object.keys(MODULE_RULES).join(', ')}, api-routes, module-docs, state-machine on ${machines} definition(s)): OK`);
for (const m of modules) console.log(`  ${relative(root, m.dir)}`);
