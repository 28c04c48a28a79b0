################################################################################
# General
################################################################################

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the stack: prefix of every resource and of the bucket names (globally unique, so include an account or organisation part)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource (besides Project and Stack)."
  type        = map(string)
  default     = {}
}

variable "log_retention_in_days" {
  description = "Retention of the functions' logs and the API access logs, in days."
  type        = number
  default     = 30
}

################################################################################
# Storage
################################################################################

variable "force_destroy" {
  description = "Whether `terraform destroy` may delete buckets that still hold objects (true only for throw-away stacks)."
  type        = bool
  default     = false
}

variable "model_set_prefix" {
  description = "Key prefix of the served model set in the model bucket (`coherent train --out s3://<models bucket>/<prefix>`); its audit reference goes to `<prefix>-audit-reference` in the audit reference bucket."
  type        = string
  default     = "models/production"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$", var.model_set_prefix))
    error_message = "model_set_prefix must look like models/<name> (no leading or trailing slash)."
  }
}

variable "upload_prefix" {
  description = "Key prefix of uploaded tables to impute in the upload bucket."
  type        = string
  default     = "uploads/"
}

variable "cohort_prefix" {
  description = "Key prefix of uploaded cohort files to prioritize in the upload bucket."
  type        = string
  default     = "cohorts/"
}

variable "upload_expiration_days" {
  description = "Days after which uploaded files are deleted."
  type        = number
  default     = 30
}

variable "output_expiration_days" {
  description = "Days after which outputs (imputed tables, reports, audits) are deleted."
  type        = number
  default     = 90
}

variable "audit_reference_writer_arns" {
  description = "IAM role ARNs that may write audit references (the training pipeline); empty leaves writes to IAM."
  type        = list(string)
  default     = []
}

################################################################################
# Functions
################################################################################

variable "image_tags" {
  description = "Image tag of each function's Lambda image (the `events` target) in its ECR repository; its `http` target is pushed as `<tag>-http` (see README)."
  type        = map(string)

  validation {
    condition     = length(setsubtract(["imputation", "privacy-audit", "prioritization"], keys(var.image_tags))) == 0
    error_message = "image_tags needs imputation, privacy-audit and prioritization."
  }
}

variable "function_settings" {
  description = "Memory (MB), timeout (s), /tmp size (MB) and reserved concurrency of each function."
  type = map(object({
    memory_size                    = number
    timeout                        = number
    ephemeral_storage_size         = number
    reserved_concurrent_executions = number
  }))
  default = {
    imputation     = { memory_size = 3538, timeout = 300, ephemeral_storage_size = 2048, reserved_concurrent_executions = 20 }
    privacy-audit  = { memory_size = 7076, timeout = 900, ephemeral_storage_size = 4096, reserved_concurrent_executions = 2 }
    prioritization = { memory_size = 3538, timeout = 300, ephemeral_storage_size = 2048, reserved_concurrent_executions = 5 }
  }
}

################################################################################
# Large uploads (modules/fan-out)
################################################################################

variable "create_fan_out" {
  description = "Whether large uploads are imputed by the fan-out state machine (Distributed Map) instead of inline."
  type        = bool
  default     = true
}

variable "fan_out_threshold_rows" {
  description = "Uploads with at least this many rows go to the fan-out (COHERENT_UPLOAD_DISTRIBUTED_THRESHOLD_ROWS)."
  type        = number
  default     = 20000
}

variable "fan_out_max_concurrency" {
  description = "Batches imputed at once; at most the imputation function's reserved concurrency, which also serves the upload trigger."
  type        = number
  default     = 16
}

variable "fan_out_max_input_bytes_per_batch" {
  description = "The ItemBatcher's MaxInputBytesPerBatch (at most 262144); tables whose rows do not fit stay inline."
  type        = number
  default     = 196608
}

################################################################################
# Events
################################################################################

variable "upload_batch_size" {
  description = "Upload events per imputation invocation (each is a whole file; small batches keep invocations short)."
  type        = number
  default     = 1
}

variable "upload_batching_window_in_seconds" {
  description = "How long the SQS event source gathers upload events before invoking (0-300 s)."
  type        = number
  default     = 0
}

variable "upload_maximum_concurrency" {
  description = "Most concurrent imputation invocations the upload queue drives (2-1000; keep at or below the function's reserved concurrency)."
  type        = number
  default     = 10
}

################################################################################
# API
################################################################################

variable "jwt_issuer" {
  description = "Issuer URL of the tokens the API accepts (e.g. a Cognito user pool: https://cognito-idp.<region>.amazonaws.com/<pool id>)."
  type        = string
}

variable "jwt_audience" {
  description = "Audiences (app client ids) the API accepts."
  type        = list(string)
}

variable "api_throttling_burst_limit" {
  description = "Burst limit of the API's stage."
  type        = number
  default     = 100
}

variable "api_throttling_rate_limit" {
  description = "Steady request rate limit of the API's stage (requests per second)."
  type        = number
  default     = 50
}

################################################################################
# GPU service (optional)
################################################################################

variable "create_gpu_service" {
  description = "Whether to run `gpu_service_functions` on an ECS GPU service behind an internal ALB, with their API routes sent there through a VPC link. Costs money while instances run."
  type        = bool
  default     = false
}

variable "gpu_service_functions" {
  description = "Functions served by the GPU service (their HTTP routes move there; their S3 triggers stay on Lambda)."
  type        = list(string)
  default     = ["imputation"]
}

variable "gpu_image_tags" {
  description = "Tag of each GPU service function's GPU image (infra/docker/<function>/Dockerfile.gpu) in the function's repository."
  type        = map(string)
  default     = {}
}

variable "vpc_id" {
  description = "VPC of the GPU service (required when create_gpu_service is true)."
  type        = string
  default     = null
}

variable "private_subnet_ids" {
  description = "Private subnets of the GPU service and the VPC link (required when create_gpu_service is true)."
  type        = list(string)
  default     = []
}

variable "gpu_instance_type" {
  description = "GPU instance type of the ECS capacity."
  type        = string
  default     = "g5.xlarge"
}

variable "gpu_max_instances" {
  description = "Most GPU instances (and tasks per service) the service scales out to."
  type        = number
  default     = 2
}

variable "gpu_alb_certificate_arn" {
  description = "ACM certificate for an HTTPS listener on the internal ALB; null serves HTTP inside the VPC."
  type        = string
  default     = null
}

################################################################################
# Training across machines (optional)
################################################################################

variable "create_training" {
  description = "Whether to create the AWS Batch training stack (GPU compute environment, shard and assemble jobs, state machine); it then also becomes the only writer of the audit reference bucket besides `audit_reference_writer_arns`. Costs money while jobs run."
  type        = bool
  default     = false
}

variable "training_image" {
  description = "Training image URI with tag: `coherent` (training-tools built with -Pgpu) and the AWS CLI."
  type        = string
  default     = ""
}

variable "training_shards" {
  description = "Parts the model set is trained in, side by side (2 to 10,000)."
  type        = number
  default     = 2
}

variable "training_cohort_prefix" {
  description = "Prefix in the uploads bucket of the cohort folder the training jobs train on."
  type        = string
  default     = "training/cohort"
}

variable "training_arguments" {
  description = "Arguments of `coherent train` for every shard (config, seed...)."
  type        = list(string)
  default     = ["--config", "auto", "--seed", "42"]
}

################################################################################
# Alarms
################################################################################

variable "alarm_email_addresses" {
  description = "E-mail addresses notified by the alarms (each confirms its subscription once)."
  type        = list(string)
  default     = []
}
