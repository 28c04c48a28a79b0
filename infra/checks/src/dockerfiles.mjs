// Rules for the image recipes in infra/docker/<function>/Dockerfile.{lambda,gpu}, checked on the
// instructions parsed by dockerfile-ast (the parser of the VS Code Docker language server); no
// Docker engine needed. Every finding is { rule, file, line, message }.
//
//   Dockerfile.lambda  targets `events` (the default, so the last stage) and `http`
//   Dockerfile.gpu     one target, the last stage
//   training/Dockerfile.gpu   the AWS Batch training image: `coherent` and `aws` on the PATH, no ENTRYPOINT
import { DockerfileParser } from 'dockerfile-ast';
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const LAMBDA_BASE = 'public.ecr.aws/lambda/java:17';
/** CUDA 12 with cuDNN 9: explicit `cudnn9`, or plain `cudnn` from 12.4 on (where the tag means cuDNN 9). */
export const GPU_BASE = /^nvidia\/cuda:12\.(\d+)\.\d+-cudnn(9?)-runtime-ubuntu\d+\.\d+$/;
export const JAVACPP_CACHE = /-Dorg\.bytedeco\.javacpp\.cachedir=(\S+)/;
export const LAMBDA_HANDLER = 'io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest';
export const QUARKUS_MAIN = 'io.quarkus.runner.GeneratedMain';
/** What the training job definitions (terraform/modules/training-batch) call: the CLI launcher and the AWS CLI. */
export const TRAINING_LAUNCHER = '/usr/local/bin/coherent';
export const TRAINING = 'training';
/** The path a CDS archive is read from, and the two ways a training run names the archive it writes. */
export const CDS_USE = /-XX:SharedArchiveFile=(\S+?)["',\s]/;
const CDS_MAKE = (path) => new RegExp(`(-XX:ArchiveClassesAtExit=|--cds-archive[= ])${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);

/**
 * The main class a function's image must start: its own `@QuarkusMain` class when it has one
 * (Quarkus then generates no io.quarkus.runner.GeneratedMain), else GeneratedMain.
 */
export function mainClass(root, fn) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir)) {
      const path = join(dir, e);
      if (statSync(path).isDirectory()) walk(path);
      else if (e.endsWith('.java') && /^@QuarkusMain\b/m.test(readFileSync(path, 'utf8'))) {
        found.push(relative(join(root, 'functions', fn, 'src/main/java'), path).replace(/\.java$/, '').replaceAll('/', '.'));
      }
    }
  };
  walk(join(root, 'functions', fn, 'src/main/java'));
  return found[0] ?? QUARKUS_MAIN;
}

/** The stages of a Dockerfile: [{ name, base, line, instructions }], in order. */
export function stages(text) {
  const out = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    const keyword = ins.getKeyword();
    const line = ins.getRange().start.line + 1;
    if (keyword === 'FROM') {
      out.push({ name: ins.getBuildStage() || String(out.length), base: ins.getImage(), line, instructions: [] });
    } else if (out.length) {
      out[out.length - 1].instructions.push({ keyword, args: ins.getArgumentsContent() ?? '', line, ins });
    }
  }
  return out;
}

/** A stage and the stages it builds on (FROM <stage>), base first. */
function chain(all, stage) {
  const byName = new Map(all.map((s) => [s.name, s]));
  const out = [stage];
  let s = stage;
  while (byName.has(s.base) && !out.includes(byName.get(s.base))) {
    s = byName.get(s.base);
    out.unshift(s);
  }
  return out;
}

const instructions = (stagesChain, keyword) => stagesChain.flatMap((s) => s.instructions.filter((i) => i.keyword === keyword));
const last = (list) => list[list.length - 1];
/** The exec-form arguments of CMD/ENTRYPOINT/HEALTHCHECK CMD, or the shell form as one string. */
function execForm(args) {
  try {
    const parsed = JSON.parse(args.trim());
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    /* shell form */
  }
  return [args.trim()];
}

/** ENV values in effect at the end of a chain. */
function env(stagesChain) {
  const out = {};
  for (const i of instructions(stagesChain, 'ENV')) for (const p of i.ins.getProperties()) out[p.getName()] = p.getValue();
  return out;
}

function copyFrom(i) {
  const flag = i.ins.getFromFlag && i.ins.getFromFlag();
  return flag ? flag.getValue() : null;
}

/**
 * Checks one recipe. `kind` is 'lambda', 'gpu' or 'training'; `fn` the function folder name (its
 * Maven module is functions/<fn>; training-tools for the training image); `main` the class the entry
 * point must start (see mainClass). Returns the findings.
 */
export function checkDockerfile(text, { file, kind, fn, main = QUARKUS_MAIN }) {
  const out = [];
  const add = (rule, line, message) => out.push({ rule, file, line, message });
  const all = stages(text);
  if (!all.length) {
    add('docker-syntax', 1, 'no FROM instruction');
    return out;
  }
  const names = new Set(all.map((s) => s.name));

  // Every external base image is pinned to a tag (never latest or untagged).
  for (const s of all) {
    if (names.has(s.base)) continue;
    const tag = /:([^/@]+)$/.exec(s.base);
    if (!tag && !s.base.includes('@sha256:')) add('docker-base-image', s.line, `FROM ${s.base} has no tag: pin a version`);
    else if (tag && tag[1] === 'latest') add('docker-base-image', s.line, `FROM ${s.base}: pin a version, not latest`);
  }
  for (const i of all.flatMap((s) => s.instructions).filter((i) => i.keyword === 'COPY')) {
    const from = copyFrom(i);
    if (from && !names.has(from) && !/:[^/]+$/.test(from)) add('docker-base-image', i.line, `COPY --from=${from} has no tag: pin a version`);
  }

  // The Maven build of the function's own module (and the gpu profile for the GPU images).
  const module = kind === 'training' ? 'training-tools' : `functions/${fn}`;
  const builds = all.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN' && /mvnw?\b.*\bpackage\b/.test(i.args));
  if (!builds.length) add('docker-build', all[0].line, `no RUN that packages ${module} with ./mvnw`);
  for (const b of builds) {
    if (!b.args.includes(`-pl ${module}`)) add('docker-build', b.line, `the build does not package ${module} (-pl ${module})`);
    if (kind !== 'lambda' && !/(^|\s)-Pgpu(\s|$)/.test(b.args)) add('docker-build', b.line, 'the GPU image is not built with the gpu Maven profile (-Pgpu)');
    if (kind === 'lambda' && /(^|\s)-Pgpu(\s|$)/.test(b.args)) add('docker-build', b.line, 'the Lambda image must not use the gpu profile (Lambda has no GPU)');
  }

  const targets =
    kind === 'lambda'
      ? [
          { name: 'events', stage: all.find((s) => s.name === 'events') },
          { name: 'http', stage: all.find((s) => s.name === 'http') },
        ]
      : [{ name: kind, stage: last(all) }];
  if (kind === 'lambda' && last(all).name !== 'events') add('docker-targets', last(all).line, 'the last stage (the default target) must be `events`');

  for (const t of targets) {
    if (!t.stage) {
      add('docker-targets', 1, `no stage named ${t.name}`);
      continue;
    }
    const c = chain(all, t.stage);
    const root = c[0];
    const line = t.stage.line;

    // Base image of the target.
    if (kind === 'lambda' && root.base !== LAMBDA_BASE) add('docker-base-image', root.line, `target ${t.name} must build on ${LAMBDA_BASE}, not ${root.base}`);
    if (kind !== 'lambda') {
      const m = GPU_BASE.exec(root.base);
      if (!m || (m[2] !== '9' && Number(m[1]) < 4)) add('docker-base-image', root.line, `the GPU image must build on a CUDA 12 / cuDNN 9 runtime image (nvidia/cuda:12.x.y-cudnn-runtime-ubuntu*), not ${root.base}`);
    }

    // Non-root user.
    const user = last(instructions(c, 'USER'));
    const name = user ? user.args.trim().split(':')[0] : 'root';
    if (!user || name === 'root' || name === '0') add('docker-non-root', user ? user.line : line, `target ${t.name} runs as root: add USER with a non-root user`);

    // The JavaCPP cache: set for the JVM, and filled at build time in that same folder.
    const options = env(c).JAVA_TOOL_OPTIONS ?? '';
    const dir = (JAVACPP_CACHE.exec(options) || [])[1];
    if (!dir) {
      add('docker-javacpp-cache', line, `target ${t.name} sets no -Dorg.bytedeco.javacpp.cachedir in JAVA_TOOL_OPTIONS`);
    } else {
      if (dir.startsWith('/tmp')) add('docker-javacpp-cache', line, `the javacpp cache ${dir} is under /tmp: it would be unpacked again on every cold start`);
      const extracts = (s) => s.instructions.some((i) => i.keyword === 'RUN' && i.args.includes('ExtractNatives') && i.args.includes(`javacpp.cachedir=${dir}`));
      const filledHere = c.some(extracts);
      const copied = instructions(c, 'COPY').some((i) => {
        const from = all.find((s) => s.name === copyFrom(i));
        return from && extracts(from) && i.args.trim().split(/\s+/).pop().replace(/\/$/, '') === dir;
      });
      if (!filledHere && !copied) add('docker-javacpp-cache', line, `target ${t.name}: nothing unpacks the TF natives into ${dir} at build time (RUN ... ExtractNatives with -Dorg.bytedeco.javacpp.cachedir=${dir}, or COPY it from the stage that does)`);
    }

    // oneDNN capped at AVX or below: its AVX2/AVX-512 GEMM kernels move the stack pointer into the
    // heap, and a signal landing mid-call corrupts it (docs/results/soak.md).
    const cap = (env(c).ONEDNN_MAX_CPU_ISA ?? '').toUpperCase();
    if (!['AVX', 'SSE41'].includes(cap)) add('docker-onednn-cap', line, `target ${t.name} must set ONEDNN_MAX_CPU_ISA=AVX (it is ${cap || 'unset'})`);

    // Entry point.
    const cmd = last(instructions(c, 'CMD'));
    const entry = last(instructions(c, 'ENTRYPOINT'));
    if (kind === 'training') {
      // Batch runs `/bin/sh -c '… aws s3 cp …; exec coherent train …'` as the command.
      if (entry) add('docker-entrypoint', entry.line, 'the training image must have no ENTRYPOINT: the job definitions run /bin/sh -c with coherent and aws');
      const runs = c.flatMap((s) => s.instructions).filter((i) => i.keyword === 'RUN' || i.keyword === 'COPY').map((i) => i.args).join('\n');
      if (!runs.includes(TRAINING_LAUNCHER)) add('docker-entrypoint', line, `the training image must put the CLI launcher at ${TRAINING_LAUNCHER} (the job definitions call coherent)`);
      if (!/\bawscli\b|awscli-exe|\baws\/install\b/.test(runs)) add('docker-entrypoint', line, 'the training image must install the AWS CLI (the job definitions copy the cohort with aws s3 cp)');
    } else if (kind === 'lambda' && t.name === 'events') {
      if (entry) add('docker-entrypoint', entry.line, 'the events target must keep the base image ENTRYPOINT (the Lambda runtime interface client)');
      if (!cmd || execForm(cmd.args).join(' ') !== LAMBDA_HANDLER) add('docker-entrypoint', cmd ? cmd.line : line, `the events target must run CMD ["${LAMBDA_HANDLER}"]`);
    } else {
      const text = entry ? execForm(entry.args).join(' ') : '';
      // `-jar` runs the jar's own Main-Class, which Quarkus sets right; a class path names the class.
      const starts = new RegExp(`(^|\\s)(${main.replace(/\./g, '\\.')}|-jar\\s+\\S+\\.jar)(\\s|"|'|$)`);
      if (!entry || !starts.test(text)) add('docker-entrypoint', entry ? entry.line : line, `target ${t.name} must start Quarkus (ENTRYPOINT running ${main}, or -jar the runner jar)`);
      if (entry && execForm(entry.args).length === 1) add('docker-entrypoint', entry.line, 'use the exec form (JSON array) for ENTRYPOINT so the JVM gets the stop signal');
      if (entry) checkCds(all, c, t.name, entry, text, add);
    }
    if (kind === 'lambda' && t.name === 'http') {
      const adapter = instructions(c, 'COPY').some((i) => /aws-lambda-adapter:/.test(copyFrom(i) ?? '') && /\/opt\/extensions\/lambda-adapter$/.test(i.args.trim()));
      if (!adapter) add('docker-entrypoint', line, 'the http target needs the Lambda Web Adapter in /opt/extensions/lambda-adapter');
      if (entry && !execForm(entry.args).join(' ').includes('unset AWS_LAMBDA_RUNTIME_API')) add('docker-entrypoint', entry.line, 'the http target must unset AWS_LAMBDA_RUNTIME_API so Quarkus does not poll for events beside the adapter');
      if (env(c).AWS_LWA_READINESS_CHECK_PATH !== '/q/health/ready') add('docker-entrypoint', line, 'the http target must set AWS_LWA_READINESS_CHECK_PATH=/q/health/ready');
    }
    if (kind === 'gpu') {
      const health = last(instructions(c, 'HEALTHCHECK'));
      if (!health || !health.args.includes('/q/health/ready')) add('docker-healthcheck', health ? health.line : line, 'the GPU image needs a HEALTHCHECK on /q/health/ready');
    }
  }
  return out;
}

/**
 * A CDS archive the entry point reads (-XX:SharedArchiveFile) must be made at build time by a
 * training run on the target's own base image: an archive only maps into the JVM that wrote it,
 * so one made in the build stage (another JDK) would be ignored at every cold start.
 */
function checkCds(all, c, target, entry, text, add) {
  const use = CDS_USE.exec(text + ' ');
  if (!use) return;
  const path = use[1];
  const base = c[0].base;
  const makes = (s) => s.instructions.find((i) => i.keyword === 'RUN' && /(-XX:ArchiveClassesAtExit=|--cds-archive)/.test(i.args));
  const rootOf = (s) => chain(all, s)[0].base;
  // Made in the target's own chain, at that path; or in another stage and copied to that path.
  const here = c.map(makes).find((i) => i && CDS_MAKE(path).test(i.args));
  const copied = instructions(c, 'COPY').find((i) => {
    const from = all.find((s) => s.name === copyFrom(i));
    const [src, ...rest] = i.args.trim().split(/\s+/).filter((a) => !a.startsWith('--'));
    return from && rest.pop() === path && chain(all, from).some((s) => makes(s) && CDS_MAKE(src).test(makes(s).args));
  });
  if (!here && !copied) {
    add('docker-cds', entry.line, `target ${target} reads the CDS archive ${path}, but no training run makes it at build time (RUN ... --cds-archive ${path} or -XX:ArchiveClassesAtExit=${path}, or COPY it from the stage that does)`);
    return;
  }
  if (copied) {
    const from = all.find((s) => s.name === copyFrom(copied));
    if (rootOf(from) !== base) add('docker-cds', copied.line, `the CDS archive ${path} is made on ${rootOf(from)}, not on ${base} that runs it: an archive only fits the JVM that wrote it`);
  }
}

/** Every recipe under infra/docker: [{ file, kind, fn, main, text }], and a finding per function lacking one. */
export function recipes(root, functions) {
  const dir = join(root, 'infra/docker');
  const list = [];
  const findings = [];
  for (const fn of functions) {
    for (const kind of ['lambda', 'gpu']) {
      const path = join(dir, fn, `Dockerfile.${kind}`);
      const file = relative(root, path);
      if (!existsSync(path)) findings.push({ rule: 'docker-recipes', file, line: 1, message: `missing: every function has Dockerfile.lambda and Dockerfile.gpu` });
      else list.push({ file, kind, fn, main: mainClass(root, fn), text: readFileSync(path, 'utf8') });
    }
  }
  const training = join(dir, TRAINING, 'Dockerfile.gpu');
  if (!existsSync(training)) findings.push({ rule: 'docker-recipes', file: relative(root, training), line: 1, message: 'missing: the training image of terraform/modules/training-batch' });
  else list.push({ file: relative(root, training), kind: TRAINING, fn: TRAINING, main: QUARKUS_MAIN, text: readFileSync(training, 'utf8') });
  for (const extra of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !functions.includes(e.name) && e.name !== TRAINING)) {
    findings.push({ rule: 'docker-recipes', file: relative(root, join(dir, extra.name)), line: 1, message: `recipes for an unknown function ${extra.name}` });
  }
  return { list, findings };
}
