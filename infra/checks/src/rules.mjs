// Offline checks of the Terraform code: HCL syntax with HashiCorp's own parser (the Go HCL v2
// library compiled to WebAssembly in @cdktf/hcl2json), `terraform fmt` formatting (hclwrite, in
// @cdktf/hcl-tools), and policy rules over the parsed JSON. No terraform binary or provider needed.
//
// A "module" here is one folder of .tf files. Every finding is { rule, file, line, message }.
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The five routes of the API (issue 6); the gateway and the local nginx gateway must both serve exactly these. */
export const REQUIRED_ROUTES = [
  'POST /v1/impute',
  'GET /v1/models',
  'POST /v1/audits',
  'GET /v1/audits/{id}',
  'POST /v1/prioritize',
];

/** Files every module and example has (terraform-aws-modules layout). */
export const MODULE_FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md'];

// ---- Loading ------------------------------------------------------------------------------------

/** Folders under `root` that hold .tf files (skipping node_modules, .terraform and `skip`). */
export function moduleDirs(root, skip = []) {
  const out = [];
  const walk = (dir) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name.endsWith('.tf'))) out.push(dir);
    for (const e of entries) {
      if (!e.isDirectory() || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const sub = join(dir, e.name);
      if (skip.some((s) => sub === s || sub.startsWith(s + '/'))) continue;
      walk(sub);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Parses every .tf file of a folder. Returns { dir, name, files: [{ path, text, json }], findings }
 * where findings hold the syntax errors (file:line,col and HCL's message).
 */
export async function loadModule(dir, base = process.cwd()) {
  const files = [];
  const findings = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.tf')).sort()) {
    const path = join(dir, name);
    const rel = relative(base, path) || path;
    const text = readFileSync(path, 'utf8');
    try {
      files.push({ path: rel, text, json: await parse(rel, text) });
    } catch (e) {
      for (const d of diagnostics(String(e.message || e))) {
        findings.push({ rule: 'hcl-syntax', file: d.file || rel, line: d.line, message: d.message });
      }
      files.push({ path: rel, text, json: null });
    }
  }
  return { dir, name: relative(base, dir) || dir, files, findings };
}

/** Splits hcl2json's "parse config: [a.tf:2,7-3,1: Summary; Detail.]" into diagnostics. */
export function diagnostics(message) {
  const body = message.replace(/^.*?parse config: \[/s, '').replace(/\]\s*$/s, '');
  const out = [];
  const re = /([^\s\[\]]+\.tf):(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^]*?)(?=(?: [^\s\[\]]+\.tf:\d+,\d+)|$)/g;
  let m;
  while ((m = re.exec(body)) !== null) {
    out.push({ file: m[1], line: Number(m[2]), column: Number(m[3]), message: m[4].trim() });
  }
  return out.length ? out : [{ file: null, line: 1, message: message.trim() }];
}

// ---- Access to the parsed configuration ----------------------------------------------------------

const first = (v) => (Array.isArray(v) ? v[0] : v);
const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const isExpr = (v) => typeof v === 'string' && v.includes('${');

/** Every block of a kind ('resource', 'data', 'variable', 'output', 'module') in a module. */
export function blocks(mod, kind) {
  const out = [];
  for (const f of mod.files) {
    if (!f.json || !f.json[kind]) continue;
    if (kind === 'resource' || kind === 'data') {
      for (const [type, byName] of Object.entries(f.json[kind])) {
        for (const [name, bodies] of Object.entries(byName)) {
          out.push({ kind, type, name, body: first(bodies), file: f.path, line: lineOf(f.text, kind, type, name) });
        }
      }
    } else {
      for (const [name, bodies] of Object.entries(f.json[kind])) {
        out.push({ kind, name, body: first(bodies), file: f.path, line: lineOf(f.text, kind, name) });
      }
    }
  }
  return out;
}

/** The module's locals, merged over its files. */
export function locals(mod) {
  const out = {};
  for (const f of mod.files) for (const l of list(f.json && f.json.locals)) Object.assign(out, l);
  return out;
}

function lineOf(text, ...labels) {
  const pattern = new RegExp('^\\s*' + labels.map((l, i) => (i === 0 ? l : `"${escape(l)}"`)).join('\\s+') + '\\s*\\{', 'm');
  const m = pattern.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Sub-blocks named `name` of a block body, including the content of `dynamic "name"` blocks. */
export function subBlocks(body, name) {
  const out = [...list(body && body[name])];
  for (const d of list(body && body.dynamic && body.dynamic[name])) {
    for (const c of list(d.content)) out.push({ ...c, __dynamic_for_each: d.for_each });
  }
  return out;
}

/** Whether an expression or value mentions `ref` (e.g. "aws_s3_bucket.this") as a reference. */
function mentions(value, ref) {
  const s = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return new RegExp(`(^|[^A-Za-z0-9_.])${escape(ref)}([^A-Za-z0-9_]|$)`).test(s);
}

function finding(rule, block, message) {
  return { rule, file: block.file, line: block.line, message };
}

const address = (b) => (b.kind === 'data' ? `data.${b.type}.${b.name}` : `${b.type}.${b.name}`);

// ---- Rules on one module --------------------------------------------------------------------------

/** Every rule applied to one module: id -> (mod) => findings. */
export const MODULE_RULES = {
  /** Formatting: what `terraform fmt` (hclwrite.Format) would write. */
  'terraform-fmt': async (mod) => {
    const out = [];
    for (const f of mod.files) {
      if (!f.json) continue;
      const formatted = await format(f.text);
      if (formatted !== f.text) {
        const a = f.text.split('\n');
        const b = formatted.split('\n');
        let i = 0;
        while (i < a.length && a[i] === b[i]) i++;
        out.push({ rule: 'terraform-fmt', file: f.path, line: i + 1, message: 'not formatted as `terraform fmt` would write it (first difference on this line)' });
      }
    }
    return out;
  },

  /** main/variables/outputs/versions.tf and a README naming every input and output. */
  'module-layout': (mod) => {
    const out = [];
    for (const name of MODULE_FILES) {
      if (!existsSync(join(mod.dir, name))) {
        out.push({ rule: 'module-layout', file: join(mod.name, name), line: 1, message: `missing ${name} (every module has ${MODULE_FILES.join(', ')})` });
      }
    }
    const readmePath = join(mod.dir, 'README.md');
    if (existsSync(readmePath)) {
      const readme = readFileSync(readmePath, 'utf8');
      for (const b of [...blocks(mod, 'variable'), ...blocks(mod, 'output')]) {
        if (!readme.includes('`' + b.name + '`')) {
          out.push(finding('module-layout', b, `${b.kind} "${b.name}" is not documented in ${join(mod.name, 'README.md')}`));
        }
      }
    }
    const versions = mod.files.find((f) => f.path.endsWith('versions.tf'));
    const terraform = versions && versions.json && first(versions.json.terraform);
    if (versions && versions.json) {
      if (!terraform || !terraform.required_version) {
        out.push({ rule: 'module-layout', file: versions.path, line: 1, message: 'versions.tf sets no required_version' });
      }
      const providers = terraform && first(terraform.required_providers);
      for (const [name, spec] of Object.entries(providers || {})) {
        if (!spec || typeof spec !== 'object' || !spec.version) {
          out.push({ rule: 'module-layout', file: versions.path, line: 1, message: `provider ${name} has no version constraint` });
        }
      }
    }
    return out;
  },

  /** tflint's terraform_typed_variables and terraform_documented_variables. */
  'variables-typed-described': (mod) =>
    blocks(mod, 'variable').flatMap((v) => [
      ...(v.body && v.body.type !== undefined ? [] : [finding('variables-typed-described', v, `variable "${v.name}" has no type`)]),
      ...(v.body && typeof v.body.description === 'string' && v.body.description.trim()
        ? []
        : [finding('variables-typed-described', v, `variable "${v.name}" has no description`)]),
    ]),

  /** tflint's terraform_documented_outputs. */
  'outputs-described': (mod) =>
    blocks(mod, 'output')
      .filter((o) => !(o.body && typeof o.body.description === 'string' && o.body.description.trim()))
      .map((o) => finding('outputs-described', o, `output "${o.name}" has no description`)),

  /** Every bucket has default encryption with a KMS key (SSE-KMS, a key id given). */
  'bucket-kms-encryption': (mod) => {
    const resources = blocks(mod, 'resource');
    return resources
      .filter((b) => b.type === 'aws_s3_bucket')
      .flatMap((bucket) => {
        const configs = companions(resources, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
        const kms = configs.some((c) =>
          subBlocks(c.body, 'rule').some((r) =>
            subBlocks(r, 'apply_server_side_encryption_by_default').some(
              (d) => ['aws:kms', 'aws:kms:dsse'].includes(d.sse_algorithm) && d.kms_master_key_id !== undefined && d.kms_master_key_id !== null && d.kms_master_key_id !== ''
            )
          )
        );
        return kms ? [] : [finding('bucket-kms-encryption', bucket, `${address(bucket)} has no aws_s3_bucket_server_side_encryption_configuration with sse_algorithm "aws:kms" and a kms_master_key_id`)];
      });
  },

  /** Every bucket has a public access block with all four settings true. */
  'bucket-public-access-block': (mod) => {
    const resources = blocks(mod, 'resource');
    const flags = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
    return resources
      .filter((b) => b.type === 'aws_s3_bucket')
      .flatMap((bucket) => {
        const blocksOk = companions(resources, 'aws_s3_bucket_public_access_block', bucket).some((p) => flags.every((f) => p.body[f] === true));
        return blocksOk ? [] : [finding('bucket-public-access-block', bucket, `${address(bucket)} has no aws_s3_bucket_public_access_block with ${flags.join(', ')} all true`)];
      });
  },

  /** Every bucket has a policy denying requests without TLS. */
  'bucket-tls-only': (mod) => {
    const resources = blocks(mod, 'resource');
    const documents = blocks(mod, 'data').filter((d) => d.type === 'aws_iam_policy_document');
    return resources
      .filter((b) => b.type === 'aws_s3_bucket')
      .flatMap((bucket) => {
        const ok = companions(resources, 'aws_s3_bucket_policy', bucket).some((p) =>
          documents.some((d) => mentions(p.body.policy, `data.aws_iam_policy_document.${d.name}`) && denyInsecureTransport(d.body))
        );
        return ok ? [] : [finding('bucket-tls-only', bucket, `${address(bucket)} has no aws_s3_bucket_policy (from an aws_iam_policy_document) denying requests where aws:SecureTransport is false`)];
      });
  },

  /** Every function has a dead-letter target or an on-failure destination. */
  'lambda-failure-destination': (mod) => {
    const resources = blocks(mod, 'resource');
    return resources
      .filter((b) => b.type === 'aws_lambda_function')
      .flatMap((fn) => {
        const dlq = subBlocks(fn.body, 'dead_letter_config').some((d) => d.target_arn);
        const onFailure = resources
          .filter((r) => r.type === 'aws_lambda_function_event_invoke_config' && mentions(r.body.function_name, `aws_lambda_function.${fn.name}`))
          .some((r) => subBlocks(r.body, 'destination_config').some((d) => subBlocks(d, 'on_failure').some((o) => o.destination)));
        return dlq || onFailure ? [] : [finding('lambda-failure-destination', fn, `${address(fn)} has neither a dead_letter_config nor an aws_lambda_function_event_invoke_config with an on_failure destination`)];
      });
  },

  /** Every function reserves (and so caps) its concurrency. */
  'lambda-reserved-concurrency': (mod) => {
    const variables = Object.fromEntries(blocks(mod, 'variable').map((v) => [v.name, v]));
    return blocks(mod, 'resource')
      .filter((b) => b.type === 'aws_lambda_function')
      .flatMap((fn) => {
        const value = fn.body.reserved_concurrent_executions;
        if (value === undefined || value === null) {
          return [finding('lambda-reserved-concurrency', fn, `${address(fn)} sets no reserved_concurrent_executions`)];
        }
        if (typeof value === 'number') {
          return value >= 0 ? [] : [finding('lambda-reserved-concurrency', fn, `${address(fn)} sets reserved_concurrent_executions = ${value} (unreserved)`)];
        }
        const m = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(String(value));
        const v = m && variables[m[1]];
        const guarded = v && subBlocks(v.body, 'validation').some((val) => /var\.[A-Za-z0-9_-]+\s*>=?\s*[01]/.test(String(val.condition)));
        const defaultOk = v && (v.body.default === undefined || (typeof v.body.default === 'number' && v.body.default >= 0));
        return guarded && defaultOk ? [] : [finding('lambda-reserved-concurrency', fn, `${address(fn)} takes reserved_concurrent_executions from ${value}, which is not a variable validated to be >= 0`)];
      });
  },

  /** Every function logs to a log group with a retention. */
  'lambda-log-retention': (mod) => {
    const resources = blocks(mod, 'resource');
    const groups = resources.filter((r) => r.type === 'aws_cloudwatch_log_group');
    return resources
      .filter((b) => b.type === 'aws_lambda_function')
      .flatMap((fn) => {
        const used = groups.filter(
          (g) =>
            subBlocks(fn.body, 'logging_config').some((l) => mentions(l.log_group, `aws_cloudwatch_log_group.${g.name}`)) ||
            /^\/aws\/lambda\//.test(String(g.body.name)) ||
            mentions(g.body.name, '/aws/lambda/')
        );
        const kept = used.some((g) => g.body.retention_in_days !== undefined && g.body.retention_in_days !== 0 && g.body.retention_in_days !== null);
        return kept ? [] : [finding('lambda-log-retention', fn, `${address(fn)} has no aws_cloudwatch_log_group (its logging_config.log_group) with retention_in_days`)];
      });
  },

  /** Every API route is behind an authorizer. */
  'route-authorizer': (mod) =>
    blocks(mod, 'resource')
      .filter((b) => b.type === 'aws_apigatewayv2_route')
      .filter((r) => !(['JWT', 'CUSTOM', 'AWS_IAM'].includes(r.body.authorization_type) && (r.body.authorization_type === 'AWS_IAM' || mentions(r.body.authorizer_id, 'aws_apigatewayv2_authorizer'))))
      .map((r) => finding('route-authorizer', r, `${address(r)} is not behind the authorizer (authorization_type "JWT" and authorizer_id = aws_apigatewayv2_authorizer.<name>.id)`)),

  /** No IAM statement allows every action on every resource. */
  'iam-no-star-on-star': (mod) => {
    const out = [];
    const variables = Object.fromEntries(blocks(mod, 'variable').map((v) => [v.name, v]));
    for (const doc of blocks(mod, 'data').filter((d) => d.type === 'aws_iam_policy_document')) {
      for (const st of subBlocks(doc.body, 'statement')) {
        if ((st.effect ?? 'Allow') !== 'Allow') continue;
        const actions = st.actions ?? st.not_actions;
        const resources = st.resources;
        const starActions = st.not_actions !== undefined || list(actions).some((a) => a === '*' || a === '*:*');
        const starResources = list(resources).some((r) => r === '*');
        const label = st.sid ? `statement "${st.sid}"` : 'a statement';
        if (starActions && starResources) {
          out.push(finding('iam-no-star-on-star', doc, `${address(doc)}: ${label} allows ${st.not_actions !== undefined ? 'NotAction' : '"*"'} on "*"`));
        } else if (isExpr(actions) && (isExpr(resources) || starResources)) {
          // Both come from input: the input variable must refuse "*" on "*".
          const names = [...String(st.__dynamic_for_each ?? '').matchAll(/var\.([A-Za-z0-9_-]+)/g)].map((m) => m[1]);
          const guarded = names.length > 0 && names.every((n) => variables[n] && subBlocks(variables[n].body, 'validation').some((v) => String(v.condition).includes('"*"')));
          if (!guarded) out.push(finding('iam-no-star-on-star', doc, `${address(doc)}: ${label} takes actions and resources from input without a validation refusing "*" on "*"`));
        }
      }
    }
    for (const att of blocks(mod, 'resource').filter((r) => ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'].includes(r.type))) {
      const arns = JSON.stringify(att.body.policy_arn ?? '') + JSON.stringify(att.body.for_each ?? '');
      if (/AdministratorAccess|PowerUserAccess|IAMFullAccess/.test(arns)) {
        out.push(finding('iam-no-star-on-star', att, `${address(att)} attaches an administrator policy`));
      }
    }
    return out;
  },

  /** Policies are built with aws_iam_policy_document (so the rule above sees every statement). */
  'iam-policies-from-documents': (mod) => {
    const attributes = {
      aws_iam_policy: ['policy'],
      aws_iam_role_policy: ['policy'],
      aws_iam_user_policy: ['policy'],
      aws_iam_group_policy: ['policy'],
      aws_iam_role: ['assume_role_policy', 'inline_policy'],
      aws_s3_bucket_policy: ['policy'],
      aws_sqs_queue_policy: ['policy'],
      aws_sns_topic_policy: ['policy'],
      aws_kms_key: ['policy'],
      aws_ecr_repository_policy: ['policy'],
      aws_lambda_function_url: [],
    };
    const out = [];
    for (const r of blocks(mod, 'resource')) {
      for (const attr of attributes[r.type] ?? []) {
        const values = attr === 'inline_policy' ? subBlocks(r.body, 'inline_policy').map((p) => p.policy) : r.body[attr] === undefined ? [] : [r.body[attr]];
        for (const v of values) {
          if (!/^\$\{data\.aws_iam_policy_document\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.json\}$/.test(String(v))) {
            out.push(finding('iam-policies-from-documents', r, `${address(r)}.${attr} is not data.aws_iam_policy_document.<name>.json (write IAM policies as policy documents)`));
          }
        }
      }
    }
    return out;
  },

  /** Module sources are local paths or pinned to an exact version, tag or commit. */
  'module-source-pinned': (mod) =>
    blocks(mod, 'module').flatMap((m) => {
      const source = String(m.body.source ?? '');
      const version = m.body.version;
      if (source.startsWith('./') || source.startsWith('../')) return [];
      if (/^(git::|github\.com\/|bitbucket\.org\/|git@|hg::|s3::|gcs::|https?:\/\/)/.test(source)) {
        return /[?&]ref=(v?\d+\.\d+\.\d+|[0-9a-f]{40})(&|$)/.test(source) ? [] : [finding('module-source-pinned', m, `module "${m.name}" source ${source} is not pinned to a release tag or commit (?ref=)`)];
      }
      return typeof version === 'string' && /^=?\s*v?\d+\.\d+\.\d+$/.test(version.trim())
        ? []
        : [finding('module-source-pinned', m, `module "${m.name}" (${source}) needs an exact version (version = "x.y.z"), not ${version === undefined ? 'none' : JSON.stringify(version)}`)];
    }),
};

/** The resources of `type` that refer to a bucket (in `bucket` or through `for_each`). */
function companions(resources, type, bucket) {
  const ref = `aws_s3_bucket.${bucket.name}`;
  return resources.filter((r) => r.type === type && (mentions(r.body.bucket, ref) || mentions(r.body.for_each, ref)));
}

function denyInsecureTransport(doc) {
  return subBlocks(doc, 'statement').some(
    (st) =>
      st.effect === 'Deny' &&
      subBlocks(st, 'condition').some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && list(c.values).map(String).includes('false'))
  );
}

// ---- Rules on the whole tree -------------------------------------------------------------------------

/** The route keys of every aws_apigatewayv2_route of the modules (literal or from a local map's keys). */
export function routeKeys(modules) {
  const keys = [];
  for (const mod of modules) {
    const l = locals(mod);
    for (const r of blocks(mod, 'resource').filter((b) => b.type === 'aws_apigatewayv2_route')) {
      const key = r.body.route_key;
      if (typeof key === 'string' && !isExpr(key)) {
        keys.push({ key, route: r });
      } else if (key === '${each.key}') {
        const names = [...String(r.body.for_each ?? '').matchAll(/local\.([A-Za-z0-9_]+)/g)].map((m) => m[1]);
        for (const n of names) for (const k of Object.keys(l[n] && typeof l[n] === 'object' ? l[n] : {})) keys.push({ key: k, route: r });
      }
    }
  }
  return keys;
}

/** Reads infra/local/gateway/routes.txt: "METHOD /path function" lines. */
export function localRoutes(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(/\s+/))
    .map(([method, path, fn]) => ({ key: `${method} ${path}`, fn }));
}

/** The API has the five routes, and the local gateway serves the same ones. */
export function checkRoutes(modules, routesFile) {
  const out = [];
  const found = routeKeys(modules);
  const keys = new Set(found.map((f) => f.key));
  const where = found[0] ? found[0].route : { file: modules[0] ? modules[0].name : 'terraform', line: 1 };
  for (const k of REQUIRED_ROUTES) {
    if (!keys.has(k)) out.push(finding('api-routes', where, `the HTTP API has no route "${k}" (required: ${REQUIRED_ROUTES.join(', ')})`));
  }
  if (routesFile && existsSync(routesFile)) {
    const local = new Set(localRoutes(routesFile).map((r) => r.key));
    for (const k of keys) if (!local.has(k)) out.push({ rule: 'api-routes', file: routesFile, line: 1, message: `the local gateway lacks the AWS route "${k}"` });
    for (const k of local) if (!keys.has(k)) out.push({ rule: 'api-routes', file: routesFile, line: 1, message: `the local gateway serves "${k}", which the AWS gateway does not` });
  }
  return out;
}

// ---- Running ------------------------------------------------------------------------------------------

/**
 * Loads and checks modules. `rules` limits the module rules (default: all). Returns the findings,
 * syntax errors first.
 */
export async function checkModules(dirs, { rules = Object.keys(MODULE_RULES), routesFile = null, base = process.cwd() } = {}) {
  const modules = [];
  const findings = [];
  for (const dir of dirs) {
    const mod = await loadModule(dir, base);
    modules.push(mod);
    findings.push(...mod.findings);
  }
  for (const mod of modules) {
    for (const id of rules.filter((r) => MODULE_RULES[r])) findings.push(...(await MODULE_RULES[id](mod)));
  }
  if (rules.includes('api-routes') || routesFile) findings.push(...checkRoutes(modules, routesFile));
  return { modules, findings };
}

export function isDirectory(p) {
  return existsSync(p) && statSync(p).isDirectory();
}
