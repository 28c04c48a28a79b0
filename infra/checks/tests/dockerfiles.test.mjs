// The image recipes pass every rule, and each rule fails on a recipe broken in just that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDockerfile, mainClass, recipes, QUARKUS_MAIN } from '../src/dockerfiles.mjs';
import { FUNCTIONS, ROOT } from './support.mjs';

const lambda = readFileSync(join(ROOT, 'infra/docker/imputation/Dockerfile.lambda'), 'utf8');
const gpu = readFileSync(join(ROOT, 'infra/docker/imputation/Dockerfile.gpu'), 'utf8');
const training = readFileSync(join(ROOT, 'infra/docker/training/Dockerfile.gpu'), 'utf8');
const MAIN = 'dev.coherent.functions.imputation.ImputationMain';

/** The rules a recipe breaks after replacing `from` with `to` (which must occur). */
function broken(text, kind, from, to) {
  assert.ok(text.includes(from), `fixture: ${JSON.stringify(from)} not in the recipe`);
  const findings = checkDockerfile(text.replace(from, to), { file: 'Dockerfile', kind, fn: 'imputation', main: MAIN });
  return findings;
}

function assertFails(findings, rule, pattern) {
  const hit = findings.filter((f) => f.rule === rule);
  assert.ok(hit.length > 0, `expected a ${rule} finding, got ${JSON.stringify(findings)}`);
  if (pattern) assert.match(hit.map((f) => f.message).join('\n'), pattern);
  for (const f of hit) assert.ok(f.line >= 1, 'findings carry a line');
}

test('every function has both recipes, and they pass every rule', () => {
  const { list, findings } = recipes(ROOT, FUNCTIONS);
  assert.deepEqual(findings, []);
  assert.equal(list.length, FUNCTIONS.length * 2 + 1, 'both recipes of every function and the training image');
  for (const r of list) assert.deepEqual(checkDockerfile(r.text, r), [], r.file);
});

test('docker-base-image: an untagged, latest or wrong base fails', () => {
  assertFails(broken(lambda, 'lambda', 'FROM eclipse-temurin:17-jdk-jammy AS build', 'FROM eclipse-temurin AS build'), 'docker-base-image', /no tag/);
  assertFails(broken(lambda, 'lambda', 'FROM eclipse-temurin:17-jdk-jammy AS build', 'FROM eclipse-temurin:latest AS build'), 'docker-base-image', /latest/);
  assertFails(broken(lambda, 'lambda', 'FROM public.ecr.aws/lambda/java:17 AS runtime', 'FROM amazoncorretto:17 AS runtime'), 'docker-base-image', /lambda\/java:17/);
  assertFails(broken(lambda, 'lambda', 'aws-lambda-adapter:0.9.1', 'aws-lambda-adapter'), 'docker-base-image', /COPY --from/);
  assertFails(broken(gpu, 'gpu', 'nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04', 'nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu22.04'), 'docker-base-image', /CUDA 12/);
  assertFails(broken(gpu, 'gpu', 'nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04', 'nvidia/cuda:12.2.2-cudnn8-runtime-ubuntu22.04'), 'docker-base-image', /cuDNN 9/);
  assertFails(broken(gpu, 'gpu', 'nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04', 'nvidia/cuda:12.5.1-cudnn-devel-ubuntu22.04'), 'docker-base-image', /runtime/);
});

test('docker-non-root: no USER, or USER root, fails', () => {
  assertFails(broken(lambda, 'lambda', 'USER 65534:65534', ''), 'docker-non-root', /runs as root/);
  assertFails(broken(gpu, 'gpu', 'USER 10001:10001', 'USER root'), 'docker-non-root', /runs as root/);
  assertFails(broken(gpu, 'gpu', 'USER 10001:10001', 'USER 0'), 'docker-non-root', /runs as root/);
});

test('docker-javacpp-cache: no cachedir, a /tmp cachedir or no build-time unpacking fails', () => {
  assertFails(broken(lambda, 'lambda', 'JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache ', 'JAVA_TOOL_OPTIONS="'), 'docker-javacpp-cache', /sets no/);
  assertFails(broken(gpu, 'gpu', 'JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache"', 'JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp"'), 'docker-javacpp-cache', /\/tmp/);
  assertFails(broken(lambda, 'lambda', 'COPY --from=build /opt/javacpp-cache /opt/javacpp-cache', ''), 'docker-javacpp-cache', /nothing unpacks/);
  assertFails(broken(gpu, 'gpu', "RUN java -Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache -cp '/app/lib/*:/app/tools' ExtractNatives", 'RUN true'), 'docker-javacpp-cache', /nothing unpacks/);
});

test('docker-onednn-cap: an image without the AVX cap, or with a higher one, fails', () => {
  assertFails(broken(lambda, 'lambda', ' \\\n    ONEDNN_MAX_CPU_ISA=AVX', ''), 'docker-onednn-cap', /unset/);
  assertFails(broken(gpu, 'gpu', 'ONEDNN_MAX_CPU_ISA=AVX ', 'ONEDNN_MAX_CPU_ISA=AVX2 '), 'docker-onednn-cap', /AVX2/);
});

test('docker-entrypoint: each target starts the right program', () => {
  assertFails(broken(lambda, 'lambda', `CMD ["io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"]`, 'CMD ["example.Handler::handleRequest"]'), 'docker-entrypoint', /events target must run/);
  assertFails(broken(lambda, 'lambda', 'FROM runtime AS events\n', 'FROM runtime AS events\nENTRYPOINT ["java"]\n'), 'docker-entrypoint', /keep the base image ENTRYPOINT/);
  assertFails(broken(lambda, 'lambda', 'COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/lambda-adapter', ''), 'docker-entrypoint', /Web Adapter/);
  assertFails(broken(lambda, 'lambda', 'unset AWS_LAMBDA_RUNTIME_API; ', ''), 'docker-entrypoint', /unset AWS_LAMBDA_RUNTIME_API/);
  assertFails(broken(gpu, 'gpu', MAIN, 'example.Main'), 'docker-entrypoint', /start Quarkus/);
  assertFails(broken(gpu, 'gpu', `ENTRYPOINT ["java", "-cp", "/app/lib/*", "${MAIN}"]`, `ENTRYPOINT java -cp "/app/lib/*" ${MAIN}`), 'docker-entrypoint', /exec form/);
  assertFails(broken(lambda, 'lambda', '-jar /var/task/imputation-function.jar', '-cp /var/task/imputation-function.jar example.Main'), 'docker-entrypoint', /start Quarkus/);
});

test('docker-entrypoint: a function with its own @QuarkusMain has no GeneratedMain to start', () => {
  assert.equal(mainClass(ROOT, 'imputation'), MAIN);
  assert.equal(mainClass(ROOT, 'prioritization'), QUARKUS_MAIN);
  assertFails(broken(gpu, 'gpu', MAIN, QUARKUS_MAIN), 'docker-entrypoint', new RegExp(MAIN.replace(/\./g, '\\.')));
});

test('docker-cds: an archive the entry point reads is made at build time by the runtime image itself', () => {
  // No training run for it.
  assertFails(broken(lambda, 'lambda', 'COPY --from=cds /cds/imputation-function.jsa /var/task/imputation-function.jsa', ''), 'docker-cds', /no training run/);
  // Made by another JDK (the build stage's) than the one that runs it.
  const elsewhere = broken(lambda, 'lambda', 'FROM runtime AS cds', 'FROM eclipse-temurin:17-jdk-jammy AS cds');
  assertFails(elsewhere, 'docker-cds', /only fits the JVM that wrote it/);
  // Copied from a path the training run does not write.
  assertFails(broken(lambda, 'lambda', '--cds-archive /cds/imputation-function.jsa', '--cds-archive /cds/other.jsa'), 'docker-cds', /no training run/);
});

test('docker-healthcheck: the GPU image checks readiness', () => {
  assertFails(broken(gpu, 'gpu', 'CMD curl -fsS http://127.0.0.1:8080/q/health/ready', 'CMD curl -fsS http://127.0.0.1:8080/q/health/live'), 'docker-healthcheck', /q\/health\/ready/);
});

test('docker-build: the right module and profile', () => {
  assertFails(broken(gpu, 'gpu', '-Pgpu ', ''), 'docker-build', /gpu Maven profile/);
  assertFails(broken(lambda, 'lambda', '-DskipTests -pl', '-DskipTests -Pgpu -pl'), 'docker-build', /must not use the gpu profile/);
  assertFails(broken(lambda, 'lambda', '-pl functions/imputation', '-pl functions/prioritization'), 'docker-build', /functions\/imputation/);
});

test('docker-targets: events is the default target and http exists', () => {
  const swapped = lambda.replace('FROM runtime AS http', 'FROM runtime AS web');
  assertFails(checkDockerfile(swapped, { file: 'Dockerfile', kind: 'lambda', fn: 'imputation', main: MAIN }), 'docker-targets', /http/);
  const reordered = lambda.replace(/(FROM runtime AS http[^]*?)(FROM runtime AS events[^]*)$/, '$2\n$1');
  assert.notEqual(reordered, lambda);
  assertFails(checkDockerfile(reordered, { file: 'Dockerfile', kind: 'lambda', fn: 'imputation', main: MAIN }), 'docker-targets', /events/);
});

test('the training image: GPU build of training-tools, coherent and aws on the PATH, no ENTRYPOINT', () => {
  const check = (text) => checkDockerfile(text, { file: 'Dockerfile', kind: 'training', fn: 'training', main: QUARKUS_MAIN });
  assert.deepEqual(check(training), []);
  assertFails(check(training.replace('-pl training-tools', '-pl functions/imputation')), 'docker-build', /training-tools/);
  assertFails(check(training.replace('-Pgpu ', '')), 'docker-build', /gpu Maven profile/);
  assertFails(check(training.replace('nvidia/cuda:12.5.1-cudnn-runtime-ubuntu22.04', 'eclipse-temurin:17-jre-jammy')), 'docker-base-image', /CUDA 12/);
  assertFails(check(training.replace(' awscli', '')), 'docker-entrypoint', /AWS CLI/);
  assertFails(check(training.replaceAll('/usr/local/bin/coherent', '/app/coherent')), 'docker-entrypoint', /launcher/);
  assertFails(check(training.replace('WORKDIR /tmp\n', 'WORKDIR /tmp\nENTRYPOINT ["coherent"]\n')), 'docker-entrypoint', /no ENTRYPOINT/);
  assertFails(check(training.replace('USER 10001:10001', '')), 'docker-non-root', /runs as root/);
  assertFails(check(training.replace('ONEDNN_MAX_CPU_ISA=AVX', 'ONEDNN_MAX_CPU_ISA=ALL')), 'docker-onednn-cap', /ALL/);
  assertFails(check(training.replace('ENV JAVA_TOOL_OPTIONS="-Dorg.bytedeco.javacpp.cachedir=/opt/javacpp-cache"', 'ENV JAVA_TOOL_OPTIONS=""')), 'docker-javacpp-cache', /sets no/);
});
