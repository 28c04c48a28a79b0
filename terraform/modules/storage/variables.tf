################################################################################
# General
################################################################################

variable "create" {
  description = "Whether to create the buckets, the KMS key and their policies."
  type        = bool
  default     = true
}

variable "name_prefix" {
  description = "Prefix of every bucket name (`<name_prefix>-models`, `-uploads`, `-outputs`, `-audit-reference`); bucket names are global, so include the account or a random suffix."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,40}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3-42 lowercase letters, digits, dots or hyphens (it becomes part of bucket names)."
  }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}

variable "force_destroy" {
  description = "Whether `terraform destroy` may delete buckets that still hold objects (keep false in production)."
  type        = bool
  default     = false
}

################################################################################
# KMS
################################################################################

variable "create_kms_key" {
  description = "Whether to create the customer-managed KMS key that encrypts every bucket; false uses `kms_key_arn`."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "ARN of an existing customer-managed KMS key, used when `create_kms_key` is false."
  type        = string
  default     = null
}

variable "kms_key_deletion_window_in_days" {
  description = "Waiting period before a deleted KMS key is destroyed (7-30 days)."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_key_deletion_window_in_days >= 7 && var.kms_key_deletion_window_in_days <= 30
    error_message = "kms_key_deletion_window_in_days must be between 7 and 30."
  }
}

variable "kms_key_user_arns" {
  description = "IAM principals (role ARNs) allowed to encrypt and decrypt with the key through S3, besides what IAM policies in the account grant."
  type        = list(string)
  default     = []
}

################################################################################
# Lifecycle
################################################################################

variable "model_noncurrent_version_expiration_days" {
  description = "Days after which replaced versions of model set objects are deleted (the model bucket is versioned)."
  type        = number
  default     = 180
}

variable "upload_expiration_days" {
  description = "Days after which uploaded cohort files are deleted."
  type        = number
  default     = 30
}

variable "output_expiration_days" {
  description = "Days after which imputed tables, reports and audit results are deleted."
  type        = number
  default     = 90
}

variable "audit_reference_noncurrent_version_expiration_days" {
  description = "Days after which replaced versions of audit reference objects are deleted (the bucket is versioned)."
  type        = number
  default     = 30
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Days after which incomplete multipart uploads are aborted, in every bucket."
  type        = number
  default     = 7
}

################################################################################
# Access
################################################################################

variable "audit_reference_reader_arns" {
  description = "The only IAM role ARNs that may read the audit reference bucket (the privacy-audit function's role). Everyone else is denied by the bucket policy, whatever their IAM policies say."
  type        = list(string)

  validation {
    condition     = length(var.audit_reference_reader_arns) > 0
    error_message = "Name at least one reader of the audit reference bucket (the privacy-audit function's role ARN)."
  }
}

variable "audit_reference_writer_arns" {
  description = "IAM role ARNs that may write the audit reference bucket (the training pipeline); they cannot read it."
  type        = list(string)
  default     = []
}

variable "enable_eventbridge_notifications" {
  description = "Whether the upload and model buckets send their events to EventBridge (needed by the events module)."
  type        = bool
  default     = true
}

variable "upload_bucket_versioning" {
  description = "Whether the upload bucket is versioned (the functions then key their idempotency on version ids instead of ETags)."
  type        = bool
  default     = false
}
