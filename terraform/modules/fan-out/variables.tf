variable "create" {
  description = "Whether to create the state machine and its role."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags of every resource."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Name of the state machine (its role and log group are named after it). The upload trigger gets its ARN as COHERENT_UPLOAD_DISTRIBUTED_STATE_MACHINE_ARN."
  type        = string

  validation {
    condition     = can(regex("^[0-9A-Za-z_-]{1,80}$", var.name))
    error_message = "name must be 1-80 of [0-9A-Za-z_-] (a Step Functions state machine name)."
  }
}

variable "function_arn" {
  description = "ARN of the imputation function: it imputes each batch and assembles the parts (the same image and handler as the upload trigger)."
  type        = string
}

variable "uploads_bucket_arn" {
  description = "ARN of the bucket the uploaded tables are in (the ItemReader reads them)."
  type        = string
}

variable "upload_prefix" {
  description = "Key prefix of the uploaded tables, e.g. uploads/."
  type        = string
  default     = "uploads/"
}

variable "results_bucket" {
  description = "Name of the bucket the Distributed Map's ResultWriter writes the batches' summaries to (the outputs bucket)."
  type        = string
}

variable "results_prefix" {
  description = "Key prefix of the ResultWriter's manifest.json and SUCCEEDED_n.json / FAILED_n.json files."
  type        = string
  default     = "fan-out-results/"
}

variable "kms_key_arns" {
  description = "KMS keys of the buckets (SSE-KMS): the state machine decrypts the uploads and encrypts its results."
  type        = list(string)
  default     = []
}

variable "max_concurrency" {
  description = "Batches imputed at once (the Distributed Map's MaxConcurrency); keep it at or below the function's reserved concurrency, which also serves the upload trigger."
  type        = number
  default     = 100

  validation {
    condition     = var.max_concurrency >= 1 && var.max_concurrency <= 10000
    error_message = "max_concurrency must be between 1 and 10000 (Distributed Map's limit)."
  }
}

variable "max_input_bytes_per_batch" {
  description = "The ItemBatcher's MaxInputBytesPerBatch: at most 262144 (Step Functions' payload limit), with room for BatchInput (the table's header). Keep the function's COHERENT_UPLOAD_DISTRIBUTED_BATCH_BYTES equal, so that tables whose rows do not fit stay inline."
  type        = number
  default     = 196608

  validation {
    condition     = var.max_input_bytes_per_batch >= 4096 && var.max_input_bytes_per_batch <= 262144
    error_message = "max_input_bytes_per_batch must be between 4096 and 262144 bytes."
  }
}

variable "log_retention_in_days" {
  description = "Retention of the state machine's execution log."
  type        = number
  default     = 30
}

variable "log_kms_key_arn" {
  description = "KMS key of the log group, or null for CloudWatch's own encryption."
  type        = string
  default     = null
}
