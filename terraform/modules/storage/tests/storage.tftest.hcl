# modules/storage with the mocked AWS provider: four SSE-KMS buckets with public access blocked,
# versioning and lifecycle by role, TLS-only bucket policies and the audit reference's readers.

mock_provider "aws" {
  source = "../../tests/mocks"
}

variables {
  name_prefix                 = "coherent-test"
  audit_reference_reader_arns = ["arn:aws:iam::123456789012:role/coherent-test-privacy-audit"]
  audit_reference_writer_arns = ["arn:aws:iam::123456789012:role/coherent-test-training"]
}

run "plans_four_locked_down_buckets" {
  command = plan

  assert {
    condition     = toset([for b in aws_s3_bucket.this : b.bucket]) == toset(["coherent-test-models", "coherent-test-uploads", "coherent-test-outputs", "coherent-test-audit-reference"])
    error_message = "The four buckets are <name_prefix>-models, -uploads, -outputs and -audit-reference."
  }

  assert {
    condition     = output.bucket_ids == { models = "coherent-test-models", uploads = "coherent-test-uploads", outputs = "coherent-test-outputs", audit-reference = "coherent-test-audit-reference" } && output.models_bucket_id == "coherent-test-models"
    error_message = "The bucket names are known at plan time (the functions' settings and event rules use them)."
  }

  assert {
    condition     = alltrue([for c in aws_s3_bucket_server_side_encryption_configuration.this : one(c.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms" && one(c.rule).bucket_key_enabled]) && length(aws_s3_bucket_server_side_encryption_configuration.this) == 4
    error_message = "Every bucket is encrypted with SSE-KMS (bucket keys on)."
  }

  assert {
    condition     = length(aws_s3_bucket_public_access_block.this) == 4 && alltrue([for p in aws_s3_bucket_public_access_block.this : p.block_public_acls && p.block_public_policy && p.ignore_public_acls && p.restrict_public_buckets])
    error_message = "Every bucket blocks all public access."
  }

  assert {
    condition     = { for k, v in aws_s3_bucket_versioning.this : k => v.versioning_configuration[0].status } == { models = "Enabled", uploads = "Disabled", outputs = "Disabled", audit-reference = "Enabled" }
    error_message = "Models and the audit reference are versioned; uploads and outputs are not (by default)."
  }

  assert {
    condition     = alltrue([for o in aws_s3_bucket_ownership_controls.this : o.rule[0].object_ownership == "BucketOwnerEnforced"])
    error_message = "ACLs are off on every bucket."
  }

  assert {
    condition     = one([for r in aws_s3_bucket_lifecycle_configuration.this["uploads"].rule : r.expiration[0].days if r.id == "expire-objects"]) == 30 && one([for r in aws_s3_bucket_lifecycle_configuration.this["outputs"].rule : r.expiration[0].days if r.id == "expire-objects"]) == 90
    error_message = "Uploads expire after 30 days and outputs after 90."
  }

  assert {
    condition     = length([for r in aws_s3_bucket_lifecycle_configuration.this["models"].rule : r if r.id == "expire-objects"]) == 0
    error_message = "Model sets never expire."
  }

  assert {
    condition     = toset(keys(aws_s3_bucket_notification.this)) == toset(["models", "uploads"]) && alltrue([for n in aws_s3_bucket_notification.this : n.eventbridge])
    error_message = "The model and upload buckets (only) send their events to EventBridge."
  }

  assert {
    condition     = length(aws_kms_key.this) == 1 && aws_kms_key.this[0].enable_key_rotation && aws_kms_alias.this[0].name == "alias/coherent-test-data"
    error_message = "One customer-managed key with rotation, aliased alias/<name_prefix>-data."
  }
}

run "applies_with_tls_only_policies" {
  command = apply

  assert {
    condition     = alltrue([for k, c in aws_s3_bucket_server_side_encryption_configuration.this : one(c.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == aws_kms_key.this[0].arn])
    error_message = "Every bucket is encrypted with the created key."
  }

  assert {
    condition     = alltrue([for k, d in data.aws_iam_policy_document.bucket : contains([for s in d.statement : s.sid], "DenyInsecureTransport") && contains([for s in d.statement : s.sid], "DenyOutdatedTls")])
    error_message = "Every bucket policy denies plain HTTP and TLS below 1.2."
  }

  assert {
    condition     = [for s in data.aws_iam_policy_document.bucket["audit-reference"].statement : s.sid] == ["DenyInsecureTransport", "DenyOutdatedTls", "OnlyAuditReadersRead", "OnlyAuditWritersWrite"]
    error_message = "The audit reference bucket also denies reads and writes to everyone but its readers and writers."
  }

  assert {
    condition     = toset(one([for s in data.aws_iam_policy_document.bucket["audit-reference"].statement : one(s.condition).values if s.sid == "OnlyAuditReadersRead"])) == toset(var.audit_reference_reader_arns)
    error_message = "Only the given roles may read the audit reference."
  }

  assert {
    condition     = length(aws_s3_bucket_policy.this) == 4 && output.kms_key_arn == aws_kms_key.this[0].arn && length(output.bucket_arns) == 4
    error_message = "Four bucket policies; the outputs carry the key and every bucket."
  }
}

run "uses_a_given_key" {
  command = plan

  variables {
    create_kms_key           = false
    kms_key_arn              = "arn:aws:kms:eu-west-1:123456789012:key/99999999-1111-2222-3333-444455556666"
    upload_bucket_versioning = true
  }

  assert {
    condition     = length(aws_kms_key.this) == 0 && alltrue([for c in aws_s3_bucket_server_side_encryption_configuration.this : one(c.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == var.kms_key_arn])
    error_message = "With create_kms_key = false every bucket uses the given key."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this["uploads"].versioning_configuration[0].status == "Enabled" && one([for r in aws_s3_bucket_lifecycle_configuration.this["uploads"].rule : r.noncurrent_version_expiration[0].noncurrent_days if r.id == "expire-noncurrent-versions"]) == 1
    error_message = "A versioned upload bucket drops replaced versions after a day."
  }
}

run "refuses_bad_names_and_no_audit_reader" {
  command = plan

  variables {
    name_prefix                 = "Coherent_Test"
    audit_reference_reader_arns = []
  }

  expect_failures = [var.name_prefix, var.audit_reference_reader_arns]
}
