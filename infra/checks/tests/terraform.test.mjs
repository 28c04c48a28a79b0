// The Terraform tree passes every check, and each rule fails on a small module that breaks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkModules, moduleDirs, MODULE_RULES, REQUIRED_ROUTES } from '../src/rules.mjs';
import { staleDocs } from '../src/docs.mjs';
import { findings, ROOT } from './support.mjs';

function assertFails(list, rule, pattern) {
  const hit = list.filter((f) => f.rule === rule);
  assert.ok(hit.length > 0, `expected a ${rule} finding, got ${JSON.stringify(list)}`);
  if (pattern) assert.match(hit.map((f) => `${f.file}:${f.line}: ${f.message}`).join('\n'), pattern);
}

// ---- Good building blocks the bad fixtures start from --------------------------------------

const KMS_BUCKET = `
resource "aws_s3_bucket" "this" {
  bucket = "example"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = "arn:aws:kms:us-east-1:000000000000:key/example"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "tls" {
  statement {
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = data.aws_iam_policy_document.tls.json
}
`;

const LAMBDA = `
resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/example"
  retention_in_days = 30
}

resource "aws_sqs_queue" "dlq" {
  name = "example-dlq"
}

resource "aws_lambda_function" "this" {
  function_name                  = "example"
  role                           = "arn:aws:iam::000000000000:role/example"
  package_type                   = "Image"
  image_uri                      = "example:1"
  reserved_concurrent_executions = 5

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }
}

resource "aws_lambda_function_event_invoke_config" "this" {
  function_name = aws_lambda_function.this.function_name

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }
}
`;

const ROUTE = `
resource "aws_apigatewayv2_authorizer" "this" {
  api_id          = "api"
  authorizer_type = "JWT"
  name            = "jwt"
}

resource "aws_apigatewayv2_route" "this" {
  api_id             = "api"
  route_key          = "POST /v1/impute"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.this.id
}
`;

const replaced = (text, from, to) => {
  assert.ok(text.includes(from), `fixture: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
};

// ---- The real tree ---------------------------------------------------------------------------------

test('terraform/: every module and example passes every rule, and the READMEs are current', async () => {
  const dirs = moduleDirs(join(ROOT, 'terraform'));
  assert.ok(dirs.length >= 7, `expected the six modules and examples/complete, found ${dirs.length}`);
  const { findings: found } = await checkModules(dirs, { base: ROOT, routesFile: join(ROOT, 'infra/local/gateway/routes.txt') });
  found.push(...(await staleDocs(dirs, ROOT)));
  assert.deepEqual(found.map((f) => `${f.file}:${f.line}: [${f.rule}] ${f.message}`), []);
});

test('the good fixtures pass the rules they are broken against below', async () => {
  assert.deepEqual(await findings({ 'main.tf': KMS_BUCKET + LAMBDA + ROUTE }, Object.keys(MODULE_RULES).filter((r) => !['module-layout', 'terraform-fmt'].includes(r))), []);
});

// ---- One bad fixture per rule ------------------------------------------------------------------------

test('hcl-syntax: an invalid file fails with file, line and the parser message', async () => {
  const list = await findings({ 'main.tf': 'resource "aws_s3_bucket" "this" {\n  bucket = \n}\n' }, []);
  assertFails(list, 'hcl-syntax', /main\.tf:2: .*(Invalid expression|expression)/i);
});

test('terraform-fmt: misaligned arguments fail', async () => {
  assertFails(await findings({ 'main.tf': 'locals {\n  a = 1\n  bb = 2\n}\n' }, ['terraform-fmt']), 'terraform-fmt', /main\.tf:2:/);
});

test('module-layout: a module without README or versions.tf fails', async () => {
  assertFails(await findings({ 'main.tf': 'locals {}\n' }, ['module-layout']), 'module-layout', /missing README\.md/);
  assertFails(await findings({ 'main.tf': 'locals {}\n' }, ['module-layout']), 'module-layout', /missing versions\.tf/);
});

test('variables-typed-described: an untyped or undescribed variable fails', async () => {
  assertFails(await findings({ 'variables.tf': 'variable "a" {\n  description = "A."\n}\n' }, ['variables-typed-described']), 'variables-typed-described', /"a" has no type/);
  assertFails(await findings({ 'variables.tf': 'variable "b" {\n  type = string\n}\n' }, ['variables-typed-described']), 'variables-typed-described', /"b" has no description/);
});

test('outputs-described: an undescribed output fails', async () => {
  assertFails(await findings({ 'outputs.tf': 'output "a" {\n  value = 1\n}\n' }, ['outputs-described']), 'outputs-described', /"a" has no description/);
});

test('bucket-kms-encryption: a bucket without SSE-KMS fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(KMS_BUCKET, 'sse_algorithm     = "aws:kms"', 'sse_algorithm     = "AES256"') }, ['bucket-kms-encryption']), 'bucket-kms-encryption', /aws_s3_bucket\.this/);
  assertFails(await findings({ 'main.tf': replaced(KMS_BUCKET, 'kms_master_key_id = "arn:aws:kms:us-east-1:000000000000:key/example"', '') }, ['bucket-kms-encryption']), 'bucket-kms-encryption');
});

test('bucket-public-access-block: a bucket without all four blocks fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(KMS_BUCKET, 'restrict_public_buckets = true', 'restrict_public_buckets = false') }, ['bucket-public-access-block']), 'bucket-public-access-block', /restrict_public_buckets/);
});

test('bucket-tls-only: a bucket policy that does not deny plain HTTP fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(KMS_BUCKET, 'values   = ["false"]', 'values   = ["true"]') }, ['bucket-tls-only']), 'bucket-tls-only', /SecureTransport/);
});

test('lambda-failure-destination: a function without DLQ or on-failure destination fails', async () => {
  const bad = LAMBDA.slice(0, LAMBDA.indexOf('resource "aws_lambda_function_event_invoke_config"'));
  assertFails(await findings({ 'main.tf': bad }, ['lambda-failure-destination']), 'lambda-failure-destination', /aws_lambda_function\.this/);
});

test('lambda-reserved-concurrency: a function without (or with unreserved) concurrency fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(LAMBDA, 'reserved_concurrent_executions = 5', '') }, ['lambda-reserved-concurrency']), 'lambda-reserved-concurrency', /sets no reserved/);
  assertFails(await findings({ 'main.tf': replaced(LAMBDA, 'reserved_concurrent_executions = 5', 'reserved_concurrent_executions = -1') }, ['lambda-reserved-concurrency']), 'lambda-reserved-concurrency', /unreserved/);
  const fromUnvalidatedVariable = replaced(LAMBDA, 'reserved_concurrent_executions = 5', 'reserved_concurrent_executions = var.c') + 'variable "c" {\n  type        = number\n  description = "C."\n}\n';
  assertFails(await findings({ 'main.tf': fromUnvalidatedVariable }, ['lambda-reserved-concurrency']), 'lambda-reserved-concurrency', /not a variable validated/);
});

test('lambda-log-retention: a function whose log group keeps logs forever fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(LAMBDA, 'retention_in_days = 30', '') }, ['lambda-log-retention']), 'lambda-log-retention', /retention_in_days/);
});

test('route-authorizer: a route without the JWT authorizer fails', async () => {
  assertFails(await findings({ 'main.tf': replaced(ROUTE, 'authorization_type = "JWT"', 'authorization_type = "NONE"') }, ['route-authorizer']), 'route-authorizer', /aws_apigatewayv2_route\.this/);
});

test('api-routes: a missing route, or a local gateway serving other routes, fails', async () => {
  const list = await findings({ 'main.tf': ROUTE }, ['api-routes']);
  for (const missing of REQUIRED_ROUTES.filter((r) => r !== 'POST /v1/impute')) assertFails(list, 'api-routes', new RegExp(missing.replace(/[{}/]/g, '\\$&')));
  const withRoutes = await findings({ 'main.tf': ROUTE }, [], { routesFile: join(ROOT, 'infra/local/gateway/routes.txt') });
  assertFails(withRoutes, 'api-routes', /the local gateway serves "GET \/v1\/models", which the AWS gateway does not/);
});

test('iam-no-star-on-star: Allow "*" on "*" fails, also as NotAction', async () => {
  const doc = (body) => `data "aws_iam_policy_document" "this" {\n  statement {\n${body}\n  }\n}\n`;
  assertFails(await findings({ 'main.tf': doc('    actions   = ["*"]\n    resources = ["*"]') }, ['iam-no-star-on-star']), 'iam-no-star-on-star', /allows "\*" on "\*"/);
  assertFails(await findings({ 'main.tf': doc('    not_actions = ["iam:*"]\n    resources   = ["*"]') }, ['iam-no-star-on-star']), 'iam-no-star-on-star', /NotAction/);
  assertFails(await findings({ 'main.tf': 'resource "aws_iam_role_policy_attachment" "this" {\n  role       = "r"\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n' }, ['iam-no-star-on-star']), 'iam-no-star-on-star', /administrator/);
  assert.deepEqual(await findings({ 'main.tf': doc('    actions   = ["s3:GetObject"]\n    resources = ["*"]') }, ['iam-no-star-on-star']), []);
});

test('iam-policies-from-documents: an inline JSON policy fails', async () => {
  const inline = 'resource "aws_iam_role_policy" "this" {\n  role   = "r"\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n';
  assertFails(await findings({ 'main.tf': inline }, ['iam-policies-from-documents']), 'iam-policies-from-documents', /aws_iam_role_policy\.this\.policy/);
});

test('module-source-pinned: a registry module without an exact version, or a git source without ref, fails', async () => {
  assertFails(await findings({ 'main.tf': 'module "a" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = ">= 4.0"\n}\n' }, ['module-source-pinned']), 'module-source-pinned', /exact version/);
  assertFails(await findings({ 'main.tf': 'module "b" {\n  source = "git::https://github.com/example/modules.git//s3"\n}\n' }, ['module-source-pinned']), 'module-source-pinned', /not pinned/);
  assert.deepEqual(await findings({ 'main.tf': 'module "c" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = "4.1.2"\n}\n\nmodule "d" {\n  source = "../d"\n}\n' }, ['module-source-pinned']), []);
});
