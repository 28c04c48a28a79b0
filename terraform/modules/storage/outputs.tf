output "kms_key_arn" {
  description = "ARN of the KMS key that encrypts every bucket (created or given)."
  value       = local.kms_key_arn
}

output "kms_key_alias" {
  description = "Alias of the created KMS key, or empty."
  value       = try(aws_kms_alias.this[0].name, "")
}

output "bucket_ids" {
  description = "Bucket names by role (models, uploads, outputs, audit-reference)."
  value       = { for k, v in aws_s3_bucket.this : k => v.bucket }
}

output "bucket_arns" {
  description = "Bucket ARNs by role (models, uploads, outputs, audit-reference)."
  value       = { for k, v in aws_s3_bucket.this : k => v.arn }
}

output "models_bucket_id" {
  description = "Name of the versioned model bucket."
  value       = try(aws_s3_bucket.this["models"].bucket, "")
}

output "models_bucket_arn" {
  description = "ARN of the versioned model bucket."
  value       = try(aws_s3_bucket.this["models"].arn, "")
}

output "uploads_bucket_id" {
  description = "Name of the upload bucket."
  value       = try(aws_s3_bucket.this["uploads"].bucket, "")
}

output "uploads_bucket_arn" {
  description = "ARN of the upload bucket."
  value       = try(aws_s3_bucket.this["uploads"].arn, "")
}

output "outputs_bucket_id" {
  description = "Name of the output bucket (imputed tables, reports, audits)."
  value       = try(aws_s3_bucket.this["outputs"].bucket, "")
}

output "outputs_bucket_arn" {
  description = "ARN of the output bucket."
  value       = try(aws_s3_bucket.this["outputs"].arn, "")
}

output "audit_reference_bucket_id" {
  description = "Name of the audit reference bucket (readable only by `audit_reference_reader_arns`)."
  value       = try(aws_s3_bucket.this["audit-reference"].bucket, "")
}

output "audit_reference_bucket_arn" {
  description = "ARN of the audit reference bucket."
  value       = try(aws_s3_bucket.this["audit-reference"].arn, "")
}
