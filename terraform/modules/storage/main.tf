data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  create      = var.create
  create_key  = local.create && var.create_kms_key
  kms_key_arn = local.create_key ? try(aws_kms_key.this[0].arn, null) : var.kms_key_arn

  # The four buckets of the platform. Versioned: models (a model set must never be silently
  # replaced) and the audit reference; uploads and outputs expire.
  buckets = {
    models = {
      versioning      = true
      expiration_days = null
      noncurrent_days = var.model_noncurrent_version_expiration_days
      eventbridge     = true
    }
    uploads = {
      versioning      = var.upload_bucket_versioning
      expiration_days = var.upload_expiration_days
      noncurrent_days = var.upload_bucket_versioning ? 1 : null
      eventbridge     = true
    }
    outputs = {
      versioning      = false
      expiration_days = var.output_expiration_days
      noncurrent_days = null
      eventbridge     = false
    }
    audit-reference = {
      versioning      = true
      expiration_days = null
      noncurrent_days = var.audit_reference_noncurrent_version_expiration_days
      eventbridge     = false
    }
  }
  bucket_map = local.create ? local.buckets : {}
}

################################################################################
# Customer-managed KMS key
################################################################################

data "aws_iam_policy_document" "kms" {
  count = local.create_key ? 1 : 0

  statement {
    sid       = "AccountAdministersTheKey"
    actions   = ["kms:*"]
    resources = ["*"]

    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }

  dynamic "statement" {
    for_each = length(var.kms_key_user_arns) > 0 ? [1] : []

    content {
      sid       = "UseThroughS3"
      actions   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"]
      resources = ["*"]

      principals {
        type        = "AWS"
        identifiers = var.kms_key_user_arns
      }

      condition {
        test     = "StringLike"
        variable = "kms:ViaService"
        values   = ["s3.*.amazonaws.com"]
      }
    }
  }
}

resource "aws_kms_key" "this" {
  count = local.create_key ? 1 : 0

  description             = "Coherent Denoising data buckets (${var.name_prefix})"
  enable_key_rotation     = true
  deletion_window_in_days = var.kms_key_deletion_window_in_days
  policy                  = data.aws_iam_policy_document.kms[0].json
  tags                    = var.tags
}

resource "aws_kms_alias" "this" {
  count = local.create_key ? 1 : 0

  name          = "alias/${var.name_prefix}-data"
  target_key_id = aws_kms_key.this[0].key_id
}

################################################################################
# Buckets
################################################################################

resource "aws_s3_bucket" "this" {
  for_each = local.bucket_map

  bucket        = "${var.name_prefix}-${each.key}"
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { "coherent:bucket" = each.key })
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = aws_s3_bucket.this

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = local.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  versioning_configuration {
    status = local.buckets[each.key].versioning ? "Enabled" : "Disabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }
  }

  dynamic "rule" {
    for_each = local.buckets[each.key].expiration_days == null ? [] : [local.buckets[each.key].expiration_days]

    content {
      id     = "expire-objects"
      status = "Enabled"

      filter {}

      expiration {
        days = rule.value
      }
    }
  }

  dynamic "rule" {
    for_each = local.buckets[each.key].noncurrent_days == null ? [] : [local.buckets[each.key].noncurrent_days]

    content {
      id     = "expire-noncurrent-versions"
      status = "Enabled"

      filter {}

      noncurrent_version_expiration {
        noncurrent_days = rule.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

################################################################################
# Bucket policies: TLS only; the audit reference readable by its readers only
################################################################################

data "aws_iam_policy_document" "bucket" {
  for_each = aws_s3_bucket.this

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

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

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }

  dynamic "statement" {
    for_each = each.key == "audit-reference" ? [1] : []

    content {
      sid       = "OnlyAuditReadersRead"
      effect    = "Deny"
      actions   = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes", "s3:GetObjectVersionAttributes", "s3:RestoreObject"]
      resources = ["${each.value.arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = var.audit_reference_reader_arns
      }
    }
  }

  dynamic "statement" {
    for_each = each.key == "audit-reference" && length(var.audit_reference_writer_arns) > 0 ? [1] : []

    content {
      sid       = "OnlyAuditWritersWrite"
      effect    = "Deny"
      actions   = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"]
      resources = ["${each.value.arn}/*"]

      principals {
        type        = "*"
        identifiers = ["*"]
      }

      condition {
        test     = "ArnNotEquals"
        variable = "aws:PrincipalArn"
        values   = var.audit_reference_writer_arns
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this

  bucket = each.value.id
  policy = data.aws_iam_policy_document.bucket[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

################################################################################
# Events: uploads and model-set manifests go to EventBridge (see modules/events)
################################################################################

resource "aws_s3_bucket_notification" "this" {
  for_each = var.enable_eventbridge_notifications ? { for k, v in aws_s3_bucket.this : k => v if local.buckets[k].eventbridge } : {}

  bucket      = each.value.id
  eventbridge = true
}
